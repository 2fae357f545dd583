//! The bar of issue #3: on a held-out WeCom-style sheet of 1,500 people with ~120 injected faults
//! of the issue's kinds (`support_bar`), the check — read, detect the header and the profile,
//! validate, exactly what `minglu check` does — finds at least 95% of the faults with the right
//! code on the right row, and reports an error on at most 1% of the clean rows. Measured on the
//! xlsx and on its GBK CSV twin (formulas and merged cells exist only in the workbook: in the CSV a
//! formula is its value and a merged cell is an empty one, which the truth says).
//!
//! `cargo test -p minglu-engine --test check_bar -- --nocapture` prints the figures;
//! `MINGLU_BAR_SEED=7` draws other people and other faults.

mod support_bar;

use minglu::{open, validate, Code, OpenOptions, Profile, ReadOptions, Report, Severity};
use support_bar::faults::{inject, Truth, KINDS};
use support_bar::{clean_book, sheet_row, to_gbk_csv, to_xlsx, HEADER_ROW};

const PEOPLE: usize = 1_500;
const PER_KIND: usize = 5;
/// Not the sample generator's seeds: the people and the faults are drawn apart from them.
const PEOPLE_SEED: u64 = 0x0DD5_EED5;
const FAULT_SEED: u64 = 0xBA5E_BA11;

/// The seeds: fixed, or `MINGLU_BAR_SEED=N` to measure on other people and faults.
fn seeds() -> (u64, u64) {
    match std::env::var("MINGLU_BAR_SEED").ok().and_then(|s| s.trim().parse::<u64>().ok()) {
        Some(n) => (n, n ^ FAULT_SEED),
        None => (PEOPLE_SEED, FAULT_SEED),
    }
}

fn check(bytes: &[u8], file_name: &str) -> Report {
    let options = OpenOptions {
        read: ReadOptions { file_name: Some(file_name.into()), ..ReadOptions::default() },
        profile: None,
    };
    let opened = open(bytes, &options).expect("the sheet opens");
    let i = opened.inspection();
    assert_eq!(i.header_row, HEADER_ROW, "{file_name}: header row");
    assert_eq!(i.rows, PEOPLE, "{file_name}: people");
    assert_eq!(i.profile, Profile::Wecom, "{file_name}: profile");
    validate(&opened.directory, &opened.sheet, &opened.mapping, opened.mapping.profile)
}

struct Figures {
    expected: usize,
    found: usize,
    clean: usize,
    clean_with_errors: usize,
}

impl Figures {
    fn found_pct(&self) -> f64 {
        100.0 * self.found as f64 / self.expected as f64
    }
    fn false_pct(&self) -> f64 {
        100.0 * self.clean_with_errors as f64 / self.clean as f64
    }
}

fn measure(label: &str, report: &Report, truth: &Truth, csv: bool) -> Figures {
    let has = |row: usize, code: Code| report.for_row(row).any(|i| i.code == code);
    let expected = truth.expected(csv);
    let missed: Vec<_> = expected.iter().filter(|(r, c, _)| !has(*r, *c)).collect();
    let touched = truth.touched(csv);
    let clean: Vec<usize> = (0..PEOPLE).map(sheet_row).filter(|r| !touched.contains(r)).collect();
    let false_rows: Vec<usize> =
        clean.iter().copied().filter(|&r| report.for_row(r).any(|i| i.severity == Severity::Error)).collect();
    let false_warnings = clean.iter().filter(|&&r| report.for_row(r).next().is_some()).count();

    let f = Figures {
        expected: expected.len(),
        found: expected.len() - missed.len(),
        clean: clean.len(),
        clean_with_errors: false_rows.len(),
    };
    eprintln!(
        "check bar [{label}]: found {}/{} faults with the right code on the right row = {:.1}%; \
         errors on {}/{} clean rows = {:.2}% (clean rows with any issue, warnings included: {})",
        f.found,
        f.expected,
        f.found_pct(),
        f.clean_with_errors,
        f.clean,
        f.false_pct(),
        false_warnings
    );
    for (row, code, what) in &missed {
        let got: Vec<String> = report.for_row(*row).map(|i| i.code.to_string()).collect();
        eprintln!("  missed [{label}] row {row}: expected {code} ({what}); got {got:?}");
    }
    for row in false_rows.iter().take(10) {
        let got: Vec<String> = report.for_row(*row).map(|i| format!("{}: {}", i.code, i.message)).collect();
        eprintln!("  false error [{label}] row {row}: {got:?}");
    }
    f
}

fn assert_bar(label: &str, f: &Figures) {
    assert!(f.found_pct() >= 95.0, "{label}: found {:.1}% of the faults (bar: 95%)", f.found_pct());
    assert!(f.false_pct() <= 1.0, "{label}: errors on {:.2}% of the clean rows (bar: 1%)", f.false_pct());
}

#[test]
fn the_check_finds_the_faults_of_a_held_out_wecom_sheet() {
    let (people_seed, fault_seed) = seeds();
    let mut book = clean_book(PEOPLE, people_seed);
    let truth = inject(&mut book, fault_seed, PER_KIND);
    assert_eq!(truth.faults.len(), KINDS.len() * PER_KIND);
    eprintln!(
        "check bar: {PEOPLE} people, {} injected faults of {} kinds ({} expectations in the xlsx, {} in the CSV)",
        truth.faults.len(),
        KINDS.len(),
        truth.expected(false).len(),
        truth.expected(true).len()
    );

    let xlsx = measure("xlsx", &check(&to_xlsx(&book), "成员.xlsx"), &truth, false);
    let csv = measure("gbk csv", &check(&to_gbk_csv(&book), "成员.csv"), &truth, true);
    assert_bar("xlsx", &xlsx);
    assert_bar("gbk csv", &csv);
}

#[test]
fn the_clean_sheet_is_clean() {
    // The generator is held to what it promises: no fault, no error — in either file.
    let book = clean_book(PEOPLE, seeds().0);
    for (bytes, name) in [(to_xlsx(&book), "成员.xlsx"), (to_gbk_csv(&book), "成员.csv")] {
        let report = check(&bytes, name);
        let errors: Vec<String> = report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .take(10)
            .map(|i| format!("row {} {}: {}", i.row, i.code, i.message))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}
