//! A worksheet's cells, streamed: `<row>`s and their `<c>`ells into [`Cells`], and the
//! `<mergeCell>`s after them, in one pass over the part.

use super::package::NumberKind;
use super::pieces::Pieces;
use super::scan::{self, attrs, Scanner, Tok};
use super::strings::{read_rich, unescape_into, SharedStrings};
use crate::read::cells::Cells;
use crate::read::{CellKind, MergedRange, Progress};
use crate::{Error, Result};
use std::io::Read;

/// Rows between progress reports.
const PROGRESS_EVERY: u32 = 2_000;

/// What the cells need from the rest of the workbook.
pub(super) struct Context<'b> {
    pub strings: &'b SharedStrings,
    pub kinds: &'b [NumberKind],
    pub is_1904: bool,
}

/// Where the reader is between pieces.
struct State {
    /// 0-based row and column of the next cell without an `r`.
    row: u32,
    col: u32,
    /// Rows the `<dimension>` declares, for progress.
    total: u64,
    next_report: u32,
    merges: Vec<MergedRange>,
    /// Reused for a value's text, and for an inline or formula string.
    value: String,
    text: String,
}

/// Read the worksheet part into `cells`; the merged ranges it declares.
pub(super) fn read(
    part: impl Read,
    part_bytes: u64,
    ctx: &Context<'_>,
    cells: &mut Cells<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<MergedRange>> {
    let mut st = State {
        row: 0,
        col: 0,
        total: 0,
        next_report: PROGRESS_EVERY,
        merges: Vec::new(),
        value: String::new(),
        text: String::new(),
    };
    let mut pieces = Pieces::new(part, b"row>");
    while let Some(piece) = pieces.next_piece().map_err(|e| damaged(format!("the sheet cannot be inflated: {e}")))? {
        let mut xml = Scanner::new(piece);
        while let Some(tok) = xml.next().map_err(|e| damaged(e).at_row(st.row as usize + 1))? {
            match tok {
                Tok::Open { name: b"c", attrs: a, empty } => st.cell(a, empty, &mut xml, ctx, cells)?,
                Tok::Open { name: b"row", attrs: a, empty } => {
                    if let Some((_, r)) = attrs(a).find(|(k, _)| *k == b"r") {
                        st.row = number(r).and_then(|r| r.checked_sub(1)).ok_or_else(|| {
                            damaged(format!("a row is numbered \"{}\"", String::from_utf8_lossy(r))).at_row(st.row as usize + 1)
                        })?;
                    }
                    st.col = 0;
                    if st.row >= st.next_report {
                        st.next_report = st.row.saturating_add(PROGRESS_EVERY);
                        progress(Progress { done: st.row as u64, total: st.total.max(st.row as u64) });
                    }
                    if empty {
                        st.row = st.row.saturating_add(1);
                    }
                }
                Tok::Close { name: b"row" } => {
                    st.row = st.row.saturating_add(1);
                    st.col = 0;
                }
                Tok::Open { name: b"dimension", attrs: a, .. } => {
                    if let Some(m) = reference(a).and_then(super::range) {
                        st.total = (m.last_row - m.first_row) as u64 + 1;
                        cells.reserve(st.total, (m.last_col - m.first_col) as u64 + 1, part_bytes);
                    }
                }
                Tok::Open { name: b"mergeCell", attrs: a, .. } => {
                    if let Some(m) = reference(a).and_then(super::range) {
                        st.merges.push(m);
                    }
                }
                _ => {}
            }
        }
    }
    Ok(st.merges)
}

/// The `ref` attribute, as text.
fn reference(a: &[u8]) -> Option<&str> {
    attrs(a).find(|(k, _)| *k == b"ref").and_then(|(_, v)| std::str::from_utf8(v).ok())
}

/// A plain decimal number (a row, a shared string's index), without signs or spaces.
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 10 {
        return None;
    }
    let mut n = 0u32;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add((d - b'0') as u32)?;
    }
    Some(n)
}

impl State {
    /// One `<c>`: its position, type and style from the attributes, its value from `<v>` or
    /// `<is>`, and whether it has a formula (`<f>`).
    fn cell(&mut self, a: &[u8], empty: bool, xml: &mut Scanner<'_>, ctx: &Context<'_>, cells: &mut Cells<'_>) -> Result<()> {
        let (mut r, mut s, mut t): (Option<&[u8]>, Option<&[u8]>, &[u8]) = (None, None, b"n");
        for (k, v) in attrs(a) {
            match k {
                b"r" => r = Some(v),
                b"s" => s = Some(v),
                b"t" => t = v,
                _ => {}
            }
        }
        let (row, col) = match r {
            Some(r) => super::cell_ref(r).ok_or_else(|| {
                damaged(format!("a cell is named \"{}\"", String::from_utf8_lossy(r))).at_row(self.row as usize + 1)
            })?,
            None => (self.row, self.col),
        };
        self.col = col.saturating_add(1);
        if empty {
            return Ok(()); // a styled cell with no value
        }
        let at = |e: String| damaged(e).at_row(row as usize + 1).at_column(col as usize + 1);
        self.value.clear();
        if let Some(raw) = xml.plain_value() {
            // The common case, without a token per tag: a shared string's index needs no decoding.
            if t == b"s" {
                if let Some((text, place)) = number(raw).and_then(|i| ctx.strings.shared(i as usize)) {
                    return cells.push_shared(row, col, text, place, CellKind::of_text(text), false);
                }
            }
            scan::decode_into(raw, &mut self.value).map_err(at)?;
            return self.value_cell(row, col, t, s, false, ctx, cells);
        }
        let (mut formula, mut has_value, mut inline) = (false, false, false);
        loop {
            match xml.next().map_err(at)?.ok_or_else(|| at("the sheet ends inside a cell".into()))? {
                Tok::Open { name: b"v", empty: false, .. } => {
                    xml.text(&mut self.value).map_err(at)?;
                    has_value = true;
                }
                Tok::Open { name: b"f", empty, .. } => {
                    formula = true;
                    if !empty {
                        xml.skip_element().map_err(at)?;
                    }
                }
                Tok::Open { name: b"is", empty: false, .. } => {
                    self.text.clear();
                    read_rich(xml, b"is", &mut self.text).map_err(at)?;
                    inline = true;
                }
                Tok::Open { empty: false, .. } => xml.skip_element().map_err(at)?,
                Tok::Close { name: b"c" } => break,
                _ => {}
            }
        }
        if inline {
            // The value of an inline string is its `<is>`; a `<v>` beside it is redundant.
            return cells.push_text(row, col, &self.text, CellKind::of_text(&self.text), formula);
        }
        if !has_value {
            return cells.push_text(row, col, "", CellKind::Empty, formula);
        }
        self.value_cell(row, col, t, s, formula, ctx, cells)
    }

    /// A cell from the text of its `<v>` (in `self.value`), by its type `t` and style `s`.
    #[allow(clippy::too_many_arguments)]
    fn value_cell(&mut self, row: u32, col: u32, t: &[u8], s: Option<&[u8]>, formula: bool, ctx: &Context<'_>, cells: &mut Cells<'_>) -> Result<()> {
        let at = |e: String| damaged(e).at_row(row as usize + 1).at_column(col as usize + 1);
        if t == b"inlineStr" || self.value.is_empty() {
            return cells.push_text(row, col, "", CellKind::Empty, formula);
        }
        let v = self.value.as_str();
        match t {
            b"s" => {
                let (text, place) = number(v.trim_ascii().as_bytes()).and_then(|i| ctx.strings.shared(i as usize)).ok_or_else(|| {
                    at(format!("a cell points to shared string {v}, and the file has {}", ctx.strings.len()))
                })?;
                cells.push_shared(row, col, text, place, CellKind::of_text(text), formula)
            }
            b"str" => {
                self.text.clear();
                unescape_into(v, &mut self.text);
                cells.push_text(row, col, &self.text, CellKind::of_text(&self.text), formula)
            }
            b"b" => match v.trim_ascii() {
                "" => cells.push_text(row, col, "", CellKind::Empty, formula),
                "1" => cells.push_text(row, col, "TRUE", CellKind::Bool, formula),
                "0" => cells.push_text(row, col, "FALSE", CellKind::Bool, formula),
                b if b.eq_ignore_ascii_case("true") => cells.push_text(row, col, "TRUE", CellKind::Bool, formula),
                b if b.eq_ignore_ascii_case("false") => cells.push_text(row, col, "FALSE", CellKind::Bool, formula),
                _ => cells.push_text(row, col, v, CellKind::Text, formula),
            },
            b"e" => cells.push_text(row, col, v, CellKind::Error, formula),
            b"d" => cells.push_text(row, col, v, CellKind::Date, formula),
            _ => {
                let Ok(n) = v.parse::<f64>() else {
                    // Not a number after all: keep what the file says.
                    return cells.push_text(row, col, v, CellKind::Text, formula);
                };
                let kind = s.and_then(number).map_or(NumberKind::Plain, |s| ctx.kinds.get(s as usize).copied().unwrap_or(NumberKind::Plain));
                use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
                let data = match kind {
                    NumberKind::Plain => Data::Float(n),
                    NumberKind::DateTime => Data::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::DateTime, ctx.is_1904)),
                    NumberKind::Duration => Data::DateTime(ExcelDateTime::new(n, ExcelDateTimeType::TimeDelta, ctx.is_1904)),
                };
                cells.push(row, col, crate::read::workbook::cell_of(data), formula)
            }
        }
    }
}

fn damaged(detail: impl std::fmt::Display) -> Error {
    super::damaged(detail)
}
