//! Every stage of the pipeline on generated directories of 10k and 100k people (and 1M with
//! `MINGLU_BENCH_1M=1`): read xlsx, read csv, map (header + columns + directory), validate,
//! dedup, diff, search index + org tree, export vCard / xlsx / CSV, encrypt.
//!
//! `scripts/bench-stages` runs it and writes `docs/bench/stages.md` (medians, people per second,
//! and the read stages as ratios to the libraries alone, measured in the same run).
//!
//! ```text
//! cargo bench -p minglu-engine --bench stages                # 10k and 100k
//! cargo bench -p minglu-engine --bench stages -- --quick     # a short run
//! MINGLU_BENCH_1M=1 cargo bench -p minglu-engine --bench stages -- 1m
//! ```
//!
//! The inputs come from the committed generator (`minglu::sample`, the same one behind
//! `minglu generate`), seed 2026, WeCom template, 5% of rows with a deliberate fault, so every
//! run measures the same rows. Encryption is of the CSV export's bytes; the container's figure
//! includes its key derivation (PBKDF2-SHA256, 600,000 rounds), which costs the same at any size.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use minglu::dedup::{analyze, DedupOptions};
use minglu::diff::{diff, Key};
use minglu::encrypt::{encrypt_container, encrypt_zip, ContainerOptions};
use minglu::export::{export, Destination, ExportOptions};
use minglu::org::OrgTree;
use minglu::sample::{generate, to_csv, to_xlsx, CsvEncoding, GeneratedDirectory, Layout, SampleOptions};
use minglu::search::SearchIndex;
use minglu::{headers_of, map_columns, read, read::detect_header_row, validate, Directory, Field, ReadOptions};
use calamine::{Reader, Xlsx};
use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

struct Input {
    label: &'static str,
    rows: usize,
    xlsx: Vec<u8>,
    csv: Vec<u8>,
    directory: Directory,
    next_month: Directory,
}

fn sizes() -> Vec<(&'static str, usize)> {
    let mut sizes = vec![("10k", 10_000), ("100k", 100_000)];
    if std::env::var_os("MINGLU_BENCH_1M").is_some() {
        sizes.push(("1m", 1_000_000));
    }
    sizes
}

fn input(label: &'static str, rows: usize) -> Input {
    let generated: GeneratedDirectory =
        generate(&SampleOptions { rows, seed: 2026, layout: Layout::Wecom, faults: 0.05 });
    let xlsx = to_xlsx(&generated).expect("the generator writes xlsx");
    let csv = to_csv(&generated, CsvEncoding::Utf8Bom);
    let directory = opened(&csv).1;
    // Next month: every 40th person left, every 25th changed title, every 60th moved.
    let mut next_month = directory.clone();
    next_month.people.retain(|p| p.source_row % 40 != 0);
    for p in next_month.people.iter_mut() {
        if p.source_row % 25 == 0 {
            p.fields.insert(Field::Position, "高级经理".into());
        }
        if p.source_row % 60 == 0 {
            p.departments = vec![["总部", "新部门"].into_iter().map(String::from).collect()];
        }
    }
    Input { label, rows, xlsx, csv, directory, next_month }
}

/// Read → header → map → directory, as `minglu::open` does.
fn opened(bytes: &[u8]) -> (minglu::Sheet, Directory) {
    let sheet = read(bytes, &ReadOptions::default()).expect("generated input reads");
    let header = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header), minglu::Profile::Wecom);
    let directory = Directory::from_sheet(&sheet, header, &mapping);
    (sheet, directory)
}

fn bench(c: &mut Criterion) {
    for (label, rows) in sizes() {
        let input = input(label, rows);
        let mut g = c.benchmark_group(format!("stages_{}", input.label));
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(if rows >= 1_000_000 { 60 } else { 5 }));
        g.throughput(Throughput::Elements(input.rows as u64));

        g.bench_function("read_xlsx", |b| b.iter(|| read(black_box(&input.xlsx), &ReadOptions::default()).unwrap()));
        g.bench_function("read_csv", |b| b.iter(|| read(black_box(&input.csv), &ReadOptions::default()).unwrap()));
        // The baselines in the same run: the libraries alone on the same bytes — calamine's
        // whole-sheet range (no header, no limits, no text per cell) and the csv crate counting
        // byte records (no decoding, no cells).
        g.bench_function("baseline_calamine_range", |b| {
            b.iter(|| {
                let mut book: Xlsx<_> = Xlsx::new(Cursor::new(black_box(&input.xlsx[..]))).unwrap();
                let name = book.sheet_names()[0].clone();
                book.worksheet_range(&name).unwrap()
            })
        });
        g.bench_function("baseline_csv_records", |b| {
            b.iter(|| {
                let mut reader =
                    csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(black_box(&input.csv[..]));
                let mut record = csv::ByteRecord::new();
                let mut n = 0usize;
                while reader.read_byte_record(&mut record).unwrap() {
                    n += record.len();
                }
                n
            })
        });

        let sheet = read(&input.csv, &ReadOptions::default()).unwrap();
        let header = detect_header_row(&sheet);
        let mapping = map_columns(&headers_of(&sheet, header), minglu::Profile::Wecom);
        g.bench_function("map", |b| {
            b.iter(|| {
                let header = detect_header_row(black_box(&sheet));
                let mapping = map_columns(&headers_of(&sheet, header), minglu::Profile::Wecom);
                Directory::from_sheet(&sheet, header, &mapping)
            })
        });
        let directory = &input.directory;
        g.bench_function("validate", |b| {
            b.iter(|| validate(black_box(directory), &sheet, &mapping, minglu::Profile::Wecom))
        });
        g.bench_function("dedup", |b| {
            b.iter(|| analyze(black_box(directory), &DedupOptions::new(minglu::Profile::Wecom)))
        });
        g.bench_function("diff", |b| b.iter(|| diff(black_box(directory), &input.next_month, Key::Auto).unwrap()));
        g.bench_function("search_index_and_org_tree", |b| {
            b.iter(|| (SearchIndex::build(black_box(directory)), OrgTree::build(directory)))
        });
        for destination in [Destination::Vcard3, Destination::Xlsx, Destination::Csv] {
            let options = ExportOptions { destination, ..ExportOptions::default() };
            g.bench_with_input(BenchmarkId::new("export", destination.key()), &options, |b, options| {
                b.iter(|| export(black_box(directory), options).unwrap())
            });
        }
        let plaintext = export(directory, &ExportOptions::default()).unwrap().bytes;
        let container = ContainerOptions::default();
        g.throughput(Throughput::Bytes(plaintext.len() as u64));
        g.bench_function("encrypt_container", |b| {
            b.iter(|| encrypt_container(black_box(&plaintext), "bench-password", &container).unwrap())
        });
        let files = vec![("contacts.csv".to_string(), plaintext.clone())];
        g.bench_function("encrypt_zip", |b| b.iter(|| encrypt_zip(black_box(&files), "bench-password", None).unwrap()));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
