//! Search over 100,000 generated people (WeCom template, the sample generator's fixed seed):
//! building the index once, and one query per keystroke-like input — the issue asks for under
//! 16 ms per query (one frame) at this size.
//!
//! `cargo bench -p minglu-engine --bench search` (add `-- --quick` for a short run).
//!
//! The queries cover every path through the index: initials and full pinyin (prefix tier only),
//! one letter (a huge prefix range), a Hanzi prefix, a given-name pinyin and a two-letter string
//! found inside most names (full substring scans), phone fragments, a whole mobile, an account,
//! an e-mail domain (matches everyone with an address) and a department (scanned last).

use criterion::{criterion_group, criterion_main, Criterion};
use minglu::org::OrgTree;
use minglu::sample::{generate, to_sheet, Layout, SampleOptions};
use minglu::search::SearchIndex;
use minglu::{headers_of, map_columns, read::detect_header_row, Directory, Field, Profile};
use std::hint::black_box;

const PEOPLE: usize = 100_000;

fn bench(c: &mut Criterion) {
    let generated = generate(&SampleOptions { rows: PEOPLE, seed: 2026, layout: Layout::Wecom, faults: 0.0 });
    let sheet = to_sheet(&generated);
    let header = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header), Profile::Wecom);
    let directory = Directory::from_sheet(&sheet, header, &mapping);
    assert_eq!(directory.people.len(), PEOPLE);

    let index = SearchIndex::build(&directory);
    let someone = &directory.people[PEOPLE / 2];
    let mobile = someone.get(Field::Mobile).to_string();
    let account = someone.get(Field::Userid).to_string();
    let queries: Vec<(&str, String)> = vec![
        ("initials_zjl", "zjl".into()),
        ("initials_wjh", "wjh".into()),
        ("pinyin_zhangwei", "zhangwei".into()),
        ("one_letter_z", "z".into()),
        ("hanzi_prefix_zhang", "张".into()),
        ("hanzi_name_substring_wei", "伟".into()),
        ("pinyin_substring_jing", "jing".into()),
        ("two_letters_an", "an".into()),
        ("phone_fragment_0013", "0013".into()),
        ("phone_tail_8000", "8000".into()),
        ("whole_mobile", mobile),
        ("account", account),
        ("email_domain", "example.com".into()),
        ("department", "华东大区".into()),
        ("no_match", "qqqqqq".into()),
    ];
    for (name, q) in &queries {
        let hits = index.search(q, 20);
        eprintln!("{name:<26} {q:<16} {} hits, best {:?}", hits.len(), hits.first().map(|h| (&h.name, h.field)));
    }

    let mut group = c.benchmark_group("search_100k");
    group.sample_size(10);
    group.bench_function("build_index", |b| b.iter(|| SearchIndex::build(black_box(&directory))));
    group.bench_function("build_org_tree", |b| b.iter(|| OrgTree::build(black_box(&directory))));
    group.finish();

    let mut group = c.benchmark_group("search_100k_query");
    for (name, q) in &queries {
        group.bench_function(*name, |b| b.iter(|| index.search(black_box(q), 20)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
