//! The checking part of the protocol (issue #3): what the worker says about the rows after it
//! validated them, the cells a fix or an edit changed, and the error report's file.
//!
//! The issues themselves do not ride in the message's JSON: they travel beside it as one buffer
//! ([`ISSUES`], written by [`encode_issues`]), transferred, so the page reads them only when the
//! answer is still wanted (59,817 issues, 6.6 MB, for 100k rows with 30 % faults).

pub use super::issue_list::{IssueHead, IssueList, IssueListReader, IssueRef};
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

/// The issues as the [`ISSUES`] buffer carries them: their count, then per issue a fixed head —
/// row, column (0 for none) and the byte lengths of the message, the value and the fix, as
/// little-endian `u32`s; the places of its code, its field (255 for none) and its severity in
/// their lists and whether it has a fix, a byte each; the count of related rows, a `u32` — then
/// its three texts end to end and its related rows as `u32`s. The page reads it in one pass, one
/// allocation per text. It was serde_json: at 100k rows with 30 % faults (59,817 issues, 13 MB)
/// parsing it was most of a ~110 ms task on the page.
///
/// The worker does not build this buffer in its own memory: it writes it in parts straight into
/// the message's buffer ([`encode_issues_in_parts`], [`encoded_len`]).
pub fn encode_issues(issues: &[minglu::Issue]) -> Vec<u8> {
    let mut out = Vec::with_capacity(encoded_len(issues));
    encode_issues_in_parts(issues, PART, |part| out.extend_from_slice(part));
    out
}

/// The length of [`encode_issues`]' buffer, exactly: the worker sizes the message's buffer
/// with it before writing the parts.
pub fn encoded_len(issues: &[minglu::Issue]) -> usize {
    let one = |i: &minglu::Issue| {
        HEAD + i.message.len() + i.value.len() + i.fix.as_ref().map_or(0, String::len) + 4 * i.related_rows.len()
    };
    4 + issues.iter().map(one).sum::<usize>()
}

/// [`encode_issues`]' bytes in order, handed to `sink` in parts of about `part` bytes (one
/// issue more than `part` at most), through one small buffer.
///
/// Why: at 1M rows with 30 % faults the buffer is 63 MB. Written into one `Vec` in the worker's
/// memory — which a wasm module never gives back — it was 63 MB more at the worker's peak (124 MB
/// while it grew, as the size it reserved left out the related rows), on top of the report the
/// worker keeps.
pub fn encode_issues_in_parts(issues: &[minglu::Issue], part: usize, mut sink: impl FnMut(&[u8])) {
    let n32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    let place = |i: Option<usize>| i.map_or(NONE, |i| i as u8);
    let mut out = Vec::with_capacity(part.min(encoded_len(issues)));
    out.extend(n32(issues.len()));
    for i in issues {
        let fix = i.fix.as_deref().unwrap_or("");
        for n in [i.row, i.column.unwrap_or(0), i.message.len(), i.value.len(), fix.len()] {
            out.extend(n32(n));
        }
        out.extend([
            place(minglu::Code::ALL.iter().position(|&c| c == i.code)),
            place(i.field.and_then(|f| minglu::Field::ALL.iter().position(|&x| x == f))),
            i.severity as u8,
            i.fix.is_some() as u8,
        ]);
        out.extend(n32(i.related_rows.len()));
        for text in [i.message.as_str(), &i.value, fix] {
            out.extend_from_slice(text.as_bytes());
        }
        for &r in &i.related_rows {
            out.extend(n32(r));
        }
        if out.len() >= part {
            sink(&out);
            out.clear();
        }
    }
    if !out.is_empty() {
        sink(&out);
    }
}

/// The size of the parts the worker writes the [`ISSUES`] buffer in.
pub const PART: usize = 1 << 20;

/// The bytes of an issue's head in the [`ISSUES`] buffer.
pub(super) const HEAD: usize = 28;
/// "None" for a code's or a field's place.
pub(super) const NONE: u8 = u8::MAX;

/// The issues of an [`ISSUES`] buffer, each as an [`Issue`](minglu::Issue) of its own.
pub fn decode_issues(bytes: &[u8]) -> Result<Vec<minglu::Issue>, String> {
    Ok(IssueList::read(bytes.to_vec())?.iter().map(|i| i.to_issue()).collect())
}

pub(super) fn n32(b: &[u8], k: usize) -> usize {
    u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]) as usize
}

pub(super) fn bad(what: &str) -> String {
    format!("the issues do not read: {what}")
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
    fn every_kind_of_issue_round_trips_and_a_cut_buffer_is_an_error() {
        // Codes and fields fit a byte's place, with 255 left for "none".
        assert!(Code::ALL.len() < 255 && Field::ALL.len() < 255);
        let issues: Vec<Issue> = Code::ALL
            .iter()
            .enumerate()
            .map(|(k, &code)| Issue {
                row: k * 1000 + 2,
                column: (k % 3 > 0).then_some(k),
                field: (k % 4 > 0).then(|| Field::ALL[k % Field::ALL.len()]),
                code,
                severity: if k % 2 == 0 { Severity::Error } else { Severity::Warning },
                message: format!("第 {k} 条：邮箱「a@b」与第 3 行重复 \"x\""),
                value: if k % 5 == 0 { String::new() } else { format!("值{k}") },
                fix: (k % 3 == 0).then(|| if k % 2 == 0 { String::new() } else { "修正".into() }),
                related_rows: (0..k % 4).map(|r| r * 7 + 3).collect(),
            })
            .collect();
        let bytes = encode_issues(&issues);
        assert_eq!(decode_issues(&bytes).unwrap(), issues);
        // The length is known before the bytes are written, and parts of any size add up to them.
        assert_eq!(encoded_len(&issues), bytes.len());
        for part in [1, 29, 100, 4096] {
            let mut joined = Vec::new();
            encode_issues_in_parts(&issues, part, |p| {
                assert!(!p.is_empty());
                joined.extend_from_slice(p)
            });
            assert_eq!(joined, bytes, "parts of {part}");
        }
        assert_eq!(decode_issues(&encode_issues(&[])).unwrap(), vec![]);
        for cut in [0, 3, 4, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode_issues(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // A count far beyond what the buffer holds is an error, not an allocation of it.
        let mut huge = bytes.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode_issues(&huge).is_err());
        // Read in parts, the same issues.
        let mut reader = IssueListReader::new(bytes.clone()).unwrap();
        let mut parts = 0;
        while !reader.done() {
            reader.next(7).unwrap();
            parts += 1;
        }
        assert_eq!(parts, issues.len().div_ceil(7));
        let list = reader.finish();
        assert_eq!(list.iter().map(|i| i.to_issue()).collect::<Vec<_>>(), issues);
        for (k, issue) in issues.iter().enumerate() {
            let head = list.head(k);
            assert_eq!((head.row, head.code, head.severity, head.has_fix), (issue.row, issue.code, issue.severity, issue.fix.is_some()));
        }
        // Bytes that are not UTF-8 in a text are an error when the list is read, not when shown.
        let mut broken = bytes.clone();
        let message_at = 4 + HEAD;
        broken[message_at] = 0xFF;
        assert!(IssueList::read(broken).is_err());
    }

    #[test]
    fn report_names_keep_the_original_stem() {
        assert_eq!(report_file_name(Some("通讯录.xlsx"), Lang::Zh, ReportFormat::Xlsx), "通讯录-错误数据.xlsx");
        assert_eq!(report_file_name(Some("a.b.csv"), Lang::En, ReportFormat::Csv), "a.b-problems.csv");
        assert_eq!(report_file_name(Some(".xlsx"), Lang::En, ReportFormat::Csv), ".xlsx-problems.csv");
        assert_eq!(report_file_name(None, Lang::Zh, ReportFormat::Csv), "minglu-错误数据.csv");
    }
}
