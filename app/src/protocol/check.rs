//! The checking part of the protocol (issue #3): what the worker says about the rows after it
//! validated them, the cells a fix or an edit changed, and the error report's file.
//!
//! The issues themselves do not ride in the message's JSON: they travel beside it as one UTF-8
//! buffer ([`ISSUES`], the serde_json text of `Vec<minglu::Issue>`), transferred, so the page
//! parses them only when the answer is still wanted (≈16k issues, 3.8 MB, for 100k rows with 8%
//! faults).

use minglu::validate::Summary as IssueSummary;
use minglu::{Lang, Profile};
use serde::{Deserialize, Serialize};

/// The name of the issues buffer of [`Response::Checked`](super::Response::Checked).
pub const ISSUES: &str = "issues";

/// The error report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Xlsx,
    Csv,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Csv => "csv",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ReportFormat::Csv => "text/csv;charset=utf-8",
        }
    }
}

/// What a check found, besides the issues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckSummary {
    /// The profile the rows were checked against.
    pub profile: Profile,
    /// The language of the messages.
    pub lang: Lang,
    /// The engine's counts (errors, warnings, fixable, rows with errors, per code).
    pub summary: IssueSummary,
    /// How many issues the [`ISSUES`](self::ISSUES) buffer holds.
    pub issues: usize,
    /// Cell edits (fixes and typed edits) applied to this file so far, in this reading.
    pub edits: usize,
    /// For a fix or an edit: how many edits were asked for and how many applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied: Option<Applied>,
    /// How long the worker took.
    pub timing: Timing,
}

impl Default for CheckSummary {
    fn default() -> Self {
        CheckSummary {
            profile: Profile::Generic,
            lang: Lang::default(),
            summary: IssueSummary::default(),
            issues: 0,
            edits: 0,
            applied: None,
            timing: Timing::default(),
        }
    }
}

/// What a fix or an edit request did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Applied {
    /// Edits asked for (one per fixable cell for a fix).
    pub requested: usize,
    /// Edits applied (an edit whose cell changed meanwhile is skipped).
    pub applied: usize,
}

/// Milliseconds spent in the worker on the request that ended with this check.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Timing {
    /// Applying edits to the sheet and the directory (0 when there were none).
    pub apply_ms: f64,
    /// `validate_with` over every row.
    pub validate_ms: f64,
    /// Serializing the issues.
    pub encode_ms: f64,
}

/// One cell changed in the worker: the page patches its copy of the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellPatch {
    /// The 1-based sheet row.
    pub row: u32,
    /// The 0-based column.
    pub column: u32,
    pub text: String,
    /// The cell's kind, as [`kind_code`](crate::grid::kind_code) writes it.
    pub kind: u8,
}

/// The issues as the [`ISSUES`] buffer carries them.
pub fn encode_issues(issues: &[minglu::Issue]) -> Vec<u8> {
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_vec(issues).unwrap_or_else(|_| b"[]".to_vec())
}

/// The issues of an [`ISSUES`] buffer.
pub fn decode_issues(bytes: &[u8]) -> Result<Vec<minglu::Issue>, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("the issues do not read: {e}"))
}

/// The report's file name: the original's stem plus `-错误数据` / `-problems`.
pub fn report_file_name(original: Option<&str>, lang: Lang, format: ReportFormat) -> String {
    let stem = crate::protocol::file_stem(original);
    let suffix = match lang {
        Lang::Zh => "错误数据",
        Lang::En => "problems",
    };
    format!("{stem}-{suffix}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;
    use minglu::{Code, Field, Issue, Severity};

    #[test]
    fn issues_round_trip_through_the_buffer() {
        let issues = vec![Issue {
            row: 4,
            column: Some(7),
            field: Some(Field::Mobile),
            code: Code::MobileFormat,
            severity: Severity::Warning,
            message: "手机号写法不符合模板，应写作 13800138000".into(),
            value: "138 0013 8000".into(),
            fix: Some("13800138000".into()),
            related_rows: vec![],
        }];
        assert_eq!(decode_issues(&encode_issues(&issues)).unwrap(), issues);
        assert!(decode_issues(b"{").is_err());
    }

    #[test]
    fn report_names_keep_the_original_stem() {
        assert_eq!(report_file_name(Some("通讯录.xlsx"), Lang::Zh, ReportFormat::Xlsx), "通讯录-错误数据.xlsx");
        assert_eq!(report_file_name(Some("a.b.csv"), Lang::En, ReportFormat::Csv), "a.b-problems.csv");
        assert_eq!(report_file_name(Some(".xlsx"), Lang::En, ReportFormat::Csv), ".xlsx-problems.csv");
        assert_eq!(report_file_name(None, Lang::Zh, ReportFormat::Csv), "minglu-错误数据.csv");
    }
}
