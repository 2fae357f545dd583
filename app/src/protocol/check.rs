//! The checking part of the protocol (issue #3): what the worker says about the rows after it
//! validated them, the cells a fix or an edit changed, and the error report's file.
//!
//! The issues themselves do not ride in the message's JSON: they travel beside it as one buffer
//! ([`ISSUES`], written by [`encode_issues`]), transferred, so the page reads them only when the
//! answer is still wanted (59,817 issues, 6.6 MB, for 100k rows with 30 % faults).

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
const HEAD: usize = 28;
/// "None" for a code's or a field's place.
const NONE: u8 = u8::MAX;

/// The issues of an [`ISSUES`] buffer, each as an [`Issue`](minglu::Issue) of its own.
pub fn decode_issues(bytes: &[u8]) -> Result<Vec<minglu::Issue>, String> {
    Ok(IssueList::read(bytes.to_vec())?.iter().map(|i| i.to_issue()).collect())
}

/// The issues of an [`ISSUES`] buffer, read where they lie: the page keeps the buffer and where
/// each issue starts in it, and reads an issue's texts only to show them.
///
/// Why not `Vec<Issue>`: decoded into a `String` per text, the 577k issues of 1M rows with 30 %
/// faults were ~95 MiB of the page's wasm memory beside the 63 MB buffer they came in, and 1.7M
/// allocations on the page.
#[derive(Debug, Clone, Default)]
pub struct IssueList {
    bytes: Vec<u8>,
    /// Per issue, in the list's order: where its head starts in `bytes`, and the numbers that
    /// indexing a check reads of every issue — side by side, so that those passes read 12 bytes
    /// an issue in a row rather than a head somewhere in the buffer (at 577k issues, indexing
    /// them from the heads was a 55 ms task on the page).
    items: Vec<Item>,
}

#[derive(Debug, Clone, Copy)]
struct Item {
    at: u32,
    row: u32,
    /// The code's place in [`Code::ALL`](minglu::Code::ALL).
    code: u8,
    severity: u8,
    has_fix: bool,
}

/// One issue of an [`IssueList`], borrowed from its buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueRef<'a> {
    pub row: usize,
    pub column: Option<usize>,
    pub field: Option<minglu::Field>,
    pub code: minglu::Code,
    pub severity: minglu::Severity,
    pub message: &'a str,
    pub value: &'a str,
    pub fix: Option<&'a str>,
    related: &'a [u8],
}

impl IssueRef<'_> {
    /// The other rows of a duplicate or a look-alike.
    pub fn related_rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.related.chunks_exact(4).map(|c| n32(c, 0))
    }

    /// The issue as the engine's type.
    pub fn to_issue(&self) -> minglu::Issue {
        minglu::Issue {
            row: self.row,
            column: self.column,
            field: self.field,
            code: self.code,
            severity: self.severity,
            message: self.message.to_string(),
            value: self.value.to_string(),
            fix: self.fix.map(str::to_string),
            related_rows: self.related_rows().collect(),
        }
    }
}

/// The numbers of an issue (no texts): what indexing a check needs of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueHead {
    pub row: usize,
    pub code: minglu::Code,
    pub severity: minglu::Severity,
    pub has_fix: bool,
}

impl IssueList {
    /// The list of `issues` (through the buffer, as the page gets them).
    pub fn of(issues: &[minglu::Issue]) -> IssueList {
        IssueList::read(encode_issues(issues)).unwrap_or_default()
    }

    /// Check a whole buffer at once (see [`IssueListReader`] for one read in parts).
    pub fn read(bytes: Vec<u8>) -> Result<IssueList, String> {
        let mut reader = IssueListReader::new(bytes)?;
        reader.next(usize::MAX)?;
        Ok(reader.finish())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Issue `i`'s numbers, without reading its texts.
    pub fn head(&self, i: usize) -> IssueHead {
        let item = self.items[i];
        IssueHead { row: item.row as usize, code: code_at(item.code), severity: severity_of(item.severity), has_fix: item.has_fix }
    }

    /// Issue `i`'s code as its place in [`Code::ALL`](minglu::Code::ALL) (for a table per code).
    pub fn code_place(&self, i: usize) -> usize {
        self.items[i].code as usize
    }

    /// Issue `i` (panics past the end, as indexing does).
    pub fn get(&self, i: usize) -> IssueRef<'_> {
        let at = self.items[i].at as usize;
        let head = &self.bytes[at..at + HEAD];
        let mut next = at + HEAD;
        // The texts were checked when the list was read: a text that is not UTF-8 cannot be here.
        let mut text = |len: usize| {
            let t = std::str::from_utf8(&self.bytes[next..next + len]).unwrap_or("");
            next += len;
            t
        };
        let (message, value, fix) = (text(n32(head, 8)), text(n32(head, 12)), text(n32(head, 16)));
        IssueRef {
            row: n32(head, 0),
            column: Some(n32(head, 4)).filter(|&c| c > 0),
            field: minglu::Field::ALL.get(head[21] as usize).copied(),
            code: code_at(head[20]),
            severity: severity_of(head[22]),
            message,
            value,
            fix: (head[23] != 0).then_some(fix),
            related: &self.bytes[next..next + 4 * n32(head, 24)],
        }
    }

    /// Issues `range`, in order.
    pub fn slice(&self, range: std::ops::Range<usize>) -> impl ExactSizeIterator<Item = IssueRef<'_>> + Clone + '_ {
        range.map(move |i| self.get(i))
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = IssueRef<'_>> + Clone + '_ {
        self.slice(0..self.len())
    }

    /// Order the issues by row, each row's in the order they came (the engine sends them so;
    /// this is for a list that was not).
    pub fn sort_by_row(&mut self) {
        self.items.sort_by_key(|item| item.row);
    }

    pub fn is_sorted_by_row(&self) -> bool {
        self.items.is_sorted_by_key(|item| item.row)
    }
}

impl PartialEq for IssueList {
    fn eq(&self, other: &IssueList) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for IssueList {}

/// The code at place `k` of [`Code::ALL`](minglu::Code::ALL) (checked when the list was read).
fn code_at(k: u8) -> minglu::Code {
    minglu::Code::ALL.get(k as usize).copied().unwrap_or(minglu::Code::ALL[0])
}

fn severity_of(b: u8) -> minglu::Severity {
    if b == minglu::Severity::Error as u8 { minglu::Severity::Error } else { minglu::Severity::Warning }
}

/// Checks an [`ISSUES`] buffer a part at a time and notes where each issue starts, so that the
/// page can take a large one over several tasks (at 1M rows with 5 % faults, ~100k issues
/// decoded in one go took one task of 60 ms).
pub struct IssueListReader {
    list: IssueList,
    at: usize,
    left: usize,
}

impl IssueListReader {
    pub fn new(bytes: Vec<u8>) -> Result<IssueListReader, String> {
        if u32::try_from(bytes.len()).is_err() {
            return Err(bad("the buffer is over 4 GiB"));
        }
        let mut reader = IssueListReader { list: IssueList { bytes, items: Vec::new() }, at: 0, left: 0 };
        reader.left = n32(reader.take(4)?, 0);
        // Each issue takes at least its head: a count the buffer cannot hold ends in an error,
        // not in a huge allocation.
        let room = (reader.list.bytes.len() - reader.at) / HEAD;
        reader.list.items.reserve(reader.left.min(room));
        Ok(reader)
    }

    /// Whether every issue has been read.
    pub fn done(&self) -> bool {
        self.left == 0
    }

    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let start = self.at;
        let end = start.checked_add(n).filter(|&end| end <= self.list.bytes.len()).ok_or_else(|| bad("the buffer ends early"))?;
        self.at = end;
        Ok(&self.list.bytes[start..end])
    }

    /// Check the next `most` issues (fewer at the end).
    pub fn next(&mut self, most: usize) -> Result<(), String> {
        use minglu::{Code, Field};
        for _ in 0..self.left.min(most) {
            let at = self.at as u32;
            let head: [u8; HEAD] = self.take(HEAD)?.try_into().map_err(|_| bad("the buffer ends early"))?;
            if head[20] as usize >= Code::ALL.len() {
                return Err(bad("an unknown code"));
            }
            if head[21] != NONE && head[21] as usize >= Field::ALL.len() {
                return Err(bad("an unknown field"));
            }
            for len in [n32(&head, 8), n32(&head, 12), n32(&head, 16)] {
                std::str::from_utf8(self.take(len)?).map_err(|_| bad("a text is not UTF-8"))?;
            }
            self.take(n32(&head, 24).checked_mul(4).ok_or_else(|| bad("the buffer ends early"))?)?;
            let row = u32::try_from(n32(&head, 0)).unwrap_or(u32::MAX);
            self.list.items.push(Item { at, row, code: head[20], severity: head[22], has_fix: head[23] != 0 });
            self.left -= 1;
        }
        Ok(())
    }

    /// The issues read so far.
    pub fn finish(self) -> IssueList {
        self.list
    }
}

fn n32(b: &[u8], k: usize) -> usize {
    u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]) as usize
}

fn bad(what: &str) -> String {
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
