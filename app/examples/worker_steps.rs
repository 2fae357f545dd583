//! The worker's steps for one file, natively: what the page waits for after choosing a file
//! (read and map, pack the grid, check, encode the issues, find the duplicates).
//!
//! `scripts/bench-instructions` runs it under valgrind's callgrind, built with the `wasm-release` profile as
//! the browser's worker is, and counts the instructions of each step: counts do not move with
//! the machine's load, so a 5 % change shows on a VM whose timings wander by 50 %.
//!
//! ```sh
//! cargo run --release -p minglu-app --example worker_steps -- FILE [RUNS]   # wall-clock times
//! ```
use minglu::edit::{Doc, EditLog};
use minglu::validate::{self, Options};
use minglu::{Lang, OpenOptions, Opened, Progress, ReadOptions, Report};
use minglu_app::grid::Grid;
use minglu_app::protocol::check as check_protocol;
use minglu_app::protocol::dedup::GroupView;
use minglu_app::work::dedup as dedup_work;
use std::time::Instant;

// One function per step, never inlined, so callgrind can name each step's instructions.

#[inline(never)]
fn step_open(bytes: &[u8], file_name: &str) -> Opened {
    let read = ReadOptions { file_name: Some(file_name.to_string()), ..ReadOptions::default() };
    let options = OpenOptions { read, profile: None };
    minglu::open_with_progress(bytes, &options, &mut |_: Progress| {}).expect("the file reads")
}

#[inline(never)]
fn step_pack(opened: &Opened) -> (Grid, Vec<String>) {
    let grid = Grid::pack(opened);
    let first = grid.first_values();
    (grid, first)
}

#[inline(never)]
fn step_validate(doc: &Doc) -> Report {
    validate::validate_with(&doc.directory, &doc.sheet, &doc.mapping, doc.profile(), &Options { lang: Lang::Zh })
}

#[inline(never)]
fn step_encode(report: &Report) -> Vec<u8> {
    check_protocol::encode_issues(&report.issues)
}

#[inline(never)]
fn step_duplicates(doc: &Doc) -> Vec<GroupView> {
    let groups = dedup_work::group_views(doc);
    dedup_work::edit_state(doc, &EditLog::new(), Lang::Zh, groups, 0.0).groups
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: worker_steps FILE [RUNS]");
    let runs: usize = args.next().map_or(1, |s| s.parse().expect("RUNS is a number"));
    let bytes = std::fs::read(&path).expect("the file can be read");
    for _ in 0..runs {
        let t = Instant::now();
        let opened = step_open(&bytes, &path);
        let open = t.elapsed();
        let t = Instant::now();
        let (grid, _) = step_pack(&opened);
        let pack = t.elapsed();
        let doc = Doc::new(opened);
        let t = Instant::now();
        let report = step_validate(&doc);
        let validate = t.elapsed();
        let t = Instant::now();
        let issues = step_encode(&report);
        let encode = t.elapsed();
        let t = Instant::now();
        let groups = step_duplicates(&doc);
        let duplicates = t.elapsed();
        println!(
            "{} people, {} grid rows, {} issues ({} bytes), {} duplicate groups; \
             open {open:?}, pack {pack:?}, validate {validate:?}, encode {encode:?}, duplicates {duplicates:?}",
            doc.directory.people.len(),
            grid.rows(),
            report.issues.len(),
            issues.len(),
            groups.len()
        );
    }
}
