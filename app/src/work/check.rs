//! What the worker keeps of a check.
//!
//! The check's report is kept to fix from and to write the error report without checking the
//! rows again; the page has its own copy of the issues. A large one is not kept: 577k issues
//! (1M rows with 30 % faults) held ~93 MiB of the worker's memory — a `String` per message — while
//! the duplicate search that follows the check needs ~80 MiB of its own, and a wasm module's
//! memory never shrinks. Such a report is written again when a fix or the error report asks for
//! it: one more check, ~3 s at that size.

use minglu::Report;

/// Up to this many issues (~32 MiB) the worker keeps the check's report.
pub const KEPT_ISSUES_MAX: usize = 200_000;

/// `report`, if the worker keeps one this size.
pub fn kept(report: Report) -> Option<Report> {
    (report.issues.len() <= KEPT_ISSUES_MAX).then_some(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use minglu::{validate, Lang, OpenOptions};

    #[test]
    fn a_large_report_is_not_kept_and_checking_again_gives_it_back() {
        let opened = minglu::open(&minglu::sample::sample_xlsx(), &OpenOptions::default()).expect("the sample opens");
        let check = || validate(&opened.directory, &opened.sheet, &opened.mapping, opened.mapping.profile);
        let report = check();
        assert!(!report.issues.is_empty() && report.lang == Lang::Zh);
        assert_eq!(kept(report.clone()), Some(report.clone()));
        // The same report with more issues than are kept: dropped, and a second check is the same.
        let mut big = report.clone();
        let one = report.issues[0].clone();
        big.issues.resize(KEPT_ISSUES_MAX + 1, one);
        assert_eq!(kept(big), None);
        assert_eq!(check(), report);
    }
}
