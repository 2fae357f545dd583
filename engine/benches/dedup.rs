//! Duplicate detection over 1,000,000 generated people plus 10,000 second entries (see
//! `support/dedup_input.rs`): the issue-4 target is under 5 s native and under 1 GiB.
//!
//! `cargo bench -p minglu-engine --bench dedup` (generating the input takes a while; add
//! `-- --quick` for a short run). Peak memory is measured by `examples/dedup_1m.rs`.

#[path = "support/dedup_input.rs"]
mod dedup_input;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use minglu::dedup::{analyze, DedupOptions};
use minglu::Profile;
use std::hint::black_box;

const PEOPLE: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let directory = dedup_input::directory(PEOPLE);
    let options = DedupOptions::new(Profile::Wecom);
    let found = analyze(&directory, &options);
    eprintln!("{} rows: {} groups, {} shared values", directory.people.len(), found.groups.len(), found.common.len());
    let mut group = c.benchmark_group("dedup");
    group.sample_size(10);
    group.throughput(Throughput::Elements(directory.people.len() as u64));
    group.bench_function("analyze_1m", |b| b.iter(|| analyze(black_box(&directory), &options)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
