//! Validation of 100,000 generated people (WeCom template, 8% of rows with a deliberate fault),
//! with the sample generator's fixed seed so every run checks the same rows.
//!
//! `cargo bench -p minglu-engine --bench validate` (add `-- --quick` for a short run).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use minglu::sample::{generate, to_sheet, Layout, SampleOptions};
use minglu::validate::{apply_fixes, validate};
use minglu::{headers_of, map_columns, read::detect_header_row, Directory, Profile};
use std::hint::black_box;

const PEOPLE: usize = 100_000;

fn bench(c: &mut Criterion) {
    let generated = generate(&SampleOptions { rows: PEOPLE, seed: 2026, layout: Layout::Wecom, faults: 0.08 });
    let sheet = to_sheet(&generated);
    let header = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header), Profile::Wecom);
    let directory = Directory::from_sheet(&sheet, header, &mapping);
    assert_eq!(directory.people.len(), PEOPLE);
    let report = validate(&directory, &sheet, &mapping, Profile::Wecom);
    eprintln!("{} people: {} errors, {} warnings", PEOPLE, report.summary.errors, report.summary.warnings);

    let mut group = c.benchmark_group("validate");
    group.sample_size(10);
    group.throughput(Throughput::Elements(PEOPLE as u64));
    group.bench_function("wecom_100k", |b| {
        b.iter(|| validate(black_box(&directory), black_box(&sheet), &mapping, Profile::Wecom))
    });
    group.bench_function("apply_fixes_100k", |b| b.iter(|| apply_fixes(black_box(&directory), &report, None)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
