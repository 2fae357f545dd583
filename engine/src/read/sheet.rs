//! The grid as read: cell text plus what each cell was.

use super::Rows;
use serde::{Deserialize, Serialize};

/// The file formats Minglu reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Tsv,
    Txt,
    Vcard,
}

impl Format {
    /// The short lowercase name (`"xlsx"`, `"csv"`, `"vcard"`), as the CLI's JSON reports it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Txt => "txt",
            Format::Vcard => "vcard",
        }
    }

    /// Is this a text format (with an encoding to detect)?
    pub fn is_text(self) -> bool {
        matches!(self, Format::Csv | Format::Tsv | Format::Txt | Format::Vcard)
    }

    /// Decide the format from the bytes first (magic numbers), then the file name's extension.
    /// The bytes win: a `.xls` that is really HTML or CSV (a common "Excel export") is read as text.
    pub fn sniff(bytes: &[u8], file_name: Option<&str>) -> Option<Format> {
        let ext = file_name
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if bytes.starts_with(b"PK\x03\x04") {
            // A zip: xlsx/xlsm/xlsb/ods. Look at the entries' names rather than trusting the extension.
            return Some(sniff_zip(bytes).unwrap_or(match ext.as_str() {
                "xlsm" => Format::Xlsm,
                "xlsb" => Format::Xlsb,
                "ods" => Format::Ods,
                _ => Format::Xlsx,
            }));
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Some(Format::Xls);
        }
        let head = &bytes[..bytes.len().min(4096)];
        if looks_like_vcard(head) {
            return Some(Format::Vcard);
        }
        match ext.as_str() {
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
                // Named like a workbook but not one: a text "Excel export" if it looks like text.
                if is_probably_text(head) {
                    Some(Format::Csv)
                } else {
                    None
                }
            }
            "tsv" | "tab" => Some(Format::Tsv),
            "txt" => Some(Format::Txt),
            "vcf" | "vcard" => Some(Format::Vcard),
            _ => {
                if is_probably_text(head) {
                    Some(Format::Csv)
                } else {
                    None
                }
            }
        }
    }
}

fn sniff_zip(bytes: &[u8]) -> Option<Format> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive.file_names().filter_map(|n| n.ok()).map(|n| n.into_owned()).collect();
    if names.iter().any(|n| *n == "content.xml") {
        return Some(Format::Ods);
    }
    if names.iter().any(|n| n.ends_with(".bin") && n.starts_with("xl/worksheets/")) {
        return Some(Format::Xlsb);
    }
    if names.iter().any(|n| *n == "xl/vbaProject.bin") {
        return Some(Format::Xlsm);
    }
    if names.iter().any(|n| n.starts_with("xl/")) {
        return Some(Format::Xlsx);
    }
    None
}

fn looks_like_vcard(head: &[u8]) -> bool {
    // Skip a UTF-8 BOM and leading blank lines; UTF-16 vCards are decoded later by the text path.
    let s = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let s: Vec<u8> = s.iter().copied().skip_while(|b| b.is_ascii_whitespace()).take(11).collect();
    s.eq_ignore_ascii_case(b"BEGIN:VCARD")
}

/// Text has no NUL bytes (unless it is UTF-16, which has a BOM or NUL every other byte).
fn is_probably_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    !head.contains(&0)
}

/// What a cell was in the file, beyond its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CellKind {
    /// Nothing in the cell.
    #[default]
    Empty,
    /// A string.
    Text,
    /// A number; its text is written without exponent or `.0` when it is a whole number.
    Number,
    /// A date or date-time; its text is ISO 8601.
    Date,
    /// A boolean.
    Bool,
    /// A formula: the text is its cached value when the file kept one, and the cell is flagged.
    Formula,
    /// Covered by a merged range that starts in another cell (its value is shown only there).
    Merged,
    /// An error value such as `#N/A`.
    Error,
}

impl CellKind {
    /// The kind of a string cell: empty when the string is.
    pub(crate) fn of_text(text: &str) -> CellKind {
        if text.is_empty() { CellKind::Empty } else { CellKind::Text }
    }
}

/// One cell: its text as a person sees it, and its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    pub kind: CellKind,
}

impl Cell {
    pub fn new(text: impl Into<String>, kind: CellKind) -> Self {
        Cell { text: text.into(), kind }
    }
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        let kind = CellKind::of_text(&text);
        Cell { text, kind }
    }
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A merged range, 0-based inclusive, in sheet coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedRange {
    pub first_row: usize,
    pub first_col: usize,
    pub last_row: usize,
    pub last_col: usize,
}

/// The grid as read from one sheet (or the one table of a CSV / vCard file).
///
/// `rows[i]` is sheet row `first_row + i + 1` as a spreadsheet shows it (1-based): calamine starts
/// a range at its first non-empty cell, and Minglu keeps the offset so every row number it
/// reports matches what the user sees in Excel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub format: Option<Format>,
    /// The text encoding detected or chosen (WHATWG name, e.g. `"UTF-8"`, `"GBK"`, `"gb18030"`);
    /// `None` for binary workbooks.
    pub encoding: Option<String>,
    /// Was the encoding given by the user rather than detected?
    pub encoding_overridden: bool,
    /// For CSV-like files, the delimiter found.
    pub delimiter: Option<char>,
    /// The sheet read; `None` for CSV and vCard.
    pub sheet_name: Option<String>,
    /// All sheet names of the workbook, in order (empty for CSV and vCard).
    pub sheets: Vec<String>,
    /// 0-based sheet row of `rows[0]`.
    pub first_row: usize,
    /// The cells, row by row; rows may be ragged.
    pub rows: Rows,
    /// Merged ranges (sheet coordinates, 0-based).
    pub merged: Vec<MergedRange>,
}

impl Sheet {
    /// The 1-based row number a spreadsheet shows for `rows[index]`.
    pub fn sheet_row(&self, index: usize) -> usize {
        self.first_row + index + 1
    }
    /// The widest row's length.
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.len()).max().unwrap_or(0)
    }
    /// The text of a cell, or `""` outside the grid.
    pub fn cell_text(&self, row: usize, col: usize) -> &str {
        self.rows.get(row).map_or("", |r| r.text(col))
    }
    pub fn row_is_blank(&self, row: usize) -> bool {
        self.rows.get(row).is_none_or(|r| r.is_blank())
    }
}
