//! xlsx and xlsm, read here rather than through calamine's xlsx reader.
//!
//! The small parts (relationships, workbook, styles) are parsed whole with quick-xml
//! (`package`); the shared strings go into one text buffer (`strings`); the worksheet is inflated
//! in pieces that end at a `</row>` (`pieces`), scanned without an event per tag (`scan`), each
//! cell straight into the sheet's rows and its merged ranges picked up in the same pass
//! (`sheet_data`).
//!
//! Why not calamine (which read xlsx here until 2026-12-06, and which the tests still read every
//! fixture with to compare): its cell reader copies every event out of an 8 KiB `BufReader`,
//! its `Xlsx::new` keeps one `String` per shared string and builds a full style (fonts, fills,
//! borders, colours) for every cell format, and its merged cells need a second parse of the
//! sheet. Counted on a 20,000-row sheet the read was three quarters of the worker's instructions
//! (docs/bench/speed.md); what a directory needs from the file is the cells' text, kinds and
//! date formats, which this module reads and nothing else. xlsb, xls and ods stay with calamine.

mod package;
mod pieces;
mod scan;
mod sheet_data;
mod strings;

#[cfg(test)]
mod hand_built_tests;
#[cfg(test)]
mod oracle;

use super::cells::Cells;
use super::{MergedRange, Progress};
use crate::{Error, ErrorKind, Result};
use package::{Archive, NumberKind, SheetEntry};
use std::io::Cursor;
use strings::SharedStrings;

/// `B2` (or `$B$2`) → (row 1, column 1), 0-based.
fn cell_ref(reference: &[u8]) -> Option<(u32, u32)> {
    let b = reference;
    let (mut col, mut row, mut i) = (0u32, 0u32, 0);
    if b.first() == Some(&b'$') {
        i += 1;
    }
    let letters = i;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        col = col.checked_mul(26)?.checked_add((b[i].to_ascii_uppercase() - b'A') as u32 + 1)?;
        i += 1;
    }
    if i == letters || i - letters > 3 {
        return None;
    }
    if b.get(i) == Some(&b'$') {
        i += 1;
    }
    let digits = i;
    while i < b.len() && b[i].is_ascii_digit() {
        row = row.checked_mul(10)?.checked_add((b[i] - b'0') as u32)?;
        i += 1;
    }
    if i == digits || i != b.len() {
        return None;
    }
    Some((row.checked_sub(1)?, col - 1))
}

/// `B2:D3` (or one cell, `B2`) as a 0-based range.
fn range(reference: &str) -> Option<MergedRange> {
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    let (first_row, first_col) = cell_ref(first.trim().as_bytes())?;
    let (last_row, last_col) = cell_ref(last.trim().as_bytes())?;
    let (first_row, first_col, last_row, last_col) = (first_row as usize, first_col as usize, last_row as usize, last_col as usize);
    Some(MergedRange { first_row, first_col, last_row: last_row.max(first_row), last_col: last_col.max(first_col) })
}

fn damaged(detail: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Corrupt,
        format!(
            "this xlsx file is damaged or is not really a xlsx ({detail}); open it in Excel, WPS or \
             LibreOffice, save it again as .xlsx and retry"
        ),
    )
}

/// An xlsx workbook opened for reading its sheets.
pub(super) struct Book<'a> {
    zip: Archive<'a>,
    sheets: Vec<SheetEntry>,
    strings: SharedStrings,
    kinds: Vec<NumberKind>,
    is_1904: bool,
}

impl<'a> Book<'a> {
    /// Open the package, and read its workbook, styles and shared strings. `text_budget` caps the
    /// shared strings' text.
    pub(super) fn open(bytes: &'a [u8], text_budget: u64) -> Result<Book<'a>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(format!("zip: {e}")))?;
        let book = package::workbook(&mut zip).map_err(damaged)?;
        let kinds = match &book.styles {
            Some(part) => package::number_kinds(&mut zip, part).map_err(damaged)?,
            None => Vec::new(),
        };
        let strings = match book.shared_strings.as_deref().and_then(|p| package::index_of(&zip, p)) {
            Some(i) => {
                let part = zip.by_index(i).map_err(|e| damaged(format!("shared strings: {e}")))?;
                SharedStrings::read(part, text_budget)?
            }
            None => SharedStrings::default(),
        };
        Ok(Book { zip, sheets: book.sheets, strings, kinds, is_1904: book.is_1904 })
    }

    pub(super) fn metas(&self) -> Vec<calamine::Sheet> {
        self.sheets.iter().map(|s| s.meta.clone()).collect()
    }

    /// Read sheet `name` into `cells`; its merged ranges.
    pub(super) fn read_sheet(&mut self, name: &str, cells: &mut Cells<'_>, progress: &mut dyn FnMut(Progress)) -> Result<Vec<MergedRange>> {
        let Some(entry) = self.sheets.iter().find(|s| s.meta.name == name) else {
            return Err(Error::new(ErrorKind::NoSuchSheet, format!("there is no sheet named \"{name}\"")));
        };
        if entry.meta.typ != calamine::SheetType::WorkSheet {
            let typ = format!("{:?}", entry.meta.typ).to_lowercase().replace("sheet", " sheet");
            return Err(Error::new(ErrorKind::Other, format!("this sheet is a {typ}, not a table of cells; choose another sheet")));
        }
        let Some(i) = package::index_of(&self.zip, &entry.part) else {
            return Err(damaged(format!("its sheet part {} is missing", entry.part)));
        };
        let part = self.zip.by_index(i).map_err(|e| damaged(format!("{}: {e}", entry.part)))?;
        let ctx = sheet_data::Context { strings: &self.strings, kinds: &self.kinds, is_1904: self.is_1904 };
        // The cells point into the shared strings' text rather than copy it.
        cells.share(self.strings.text());
        let part_bytes = part.size();
        sheet_data::read(part, part_bytes, &ctx, cells, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_as_zero_based() {
        assert_eq!(cell_ref(b"A1"), Some((0, 0)));
        assert_eq!(cell_ref(b"AA10"), Some((9, 26)));
        assert_eq!(cell_ref(b"$B$2"), Some((1, 1)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_575, 16_383)));
        for bad in ["A0", "12", "A", "", "ABCD1", "A1x", "A99999999999"] {
            assert_eq!(cell_ref(bad.as_bytes()), None, "{bad}");
        }
        let r = range("B2:D3").unwrap();
        assert_eq!((r.first_row, r.first_col, r.last_row, r.last_col), (1, 1, 2, 3));
        assert!(range("A1:").is_none());
    }
}
