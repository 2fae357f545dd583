//! The grid of a workbook sheet, laid out as calamine's readers give its cells.
//!
//! Cells go straight into their row of [`Rows`] (one text buffer for the sheet): the streaming
//! readers give them in row order, so each one lands at the end of the last row. An earlier
//! design gathered `(row, col, cell)` triples and laid them out at the end; at 1M rows that list was 280 MB of wasm memory beside the rows, and
//! growing it copied it again and again. Out-of-order cells (a damaged or unusual file) still
//! land in the right place. Limits are checked as cells come, before the grid grows.

use super::{Cell, CellKind, Frozen, MergedRange, Rows};
use crate::{Error, ErrorKind, Limits, Result};
use std::sync::Arc;

/// The rows of one sheet being read.
pub(super) struct Cells<'l> {
    limits: &'l Limits,
    /// 0-based sheet row of `rows[0]`, once a cell came.
    first: Option<u32>,
    rows: Rows,
    /// The longest row so far.
    width: usize,
    /// Cells given (not counting the empty ones skipped), and cells laid out (rows' lengths).
    given: u64,
    laid: u64,
    /// Bytes of cell text so far, and the most allowed.
    text: u64,
    text_budget: u64,
}

impl<'l> Cells<'l> {
    pub(super) fn new(limits: &'l Limits, text_budget: u64) -> Self {
        Cells { limits, first: None, rows: Rows::new(), width: 0, given: 0, laid: 0, text: 0, text_budget }
    }

    /// Room for the rows and cells a sheet declares (its `<dimension>`), so the grid grows once
    /// rather than by doubling, copying itself as it goes (at 1M rows × 14 columns the cell list
    /// is 126 MiB). What a file declares is not trusted beyond the limits, nor beyond what its
    /// `part_bytes` of XML can hold (a cell with a value takes more than 16 bytes).
    pub(super) fn reserve(&mut self, rows: u64, columns: u64, part_bytes: u64) {
        if self.given > 0 {
            return;
        }
        let cells = rows.saturating_mul(columns).min(self.limits.max_cells).min(part_bytes / 16);
        let rows = rows.min(self.limits.max_rows).min(part_bytes / 16);
        self.rows.reserve(rows as usize, cells as usize, 0);
    }

    /// Cells given so far.
    pub(super) fn len(&self) -> usize {
        self.given as usize
    }

    pub(super) fn push(&mut self, row: u32, col: u32, cell: Cell, formula: bool) -> Result<()> {
        self.push_text(row, col, &cell.text, cell.kind, formula)
    }

    /// [`push`](Self::push) a cell's text and kind without owning them: an xlsx cell that points
    /// into the shared strings is copied once, into the rows, not first into a `String` of its own.
    pub(super) fn push_text(&mut self, row: u32, col: u32, text: &str, kind: CellKind, formula: bool) -> Result<()> {
        let Some((r, kind)) = self.admit(row, col, text.len(), kind, formula)? else { return Ok(()) };
        self.rows.set(r, col as usize, text, kind);
        Ok(())
    }

    /// Cells from here on may point into `text` ([`push_shared`](Self::push_shared)): an xlsx's
    /// shared strings. Only before the first cell.
    pub(super) fn share(&mut self, text: &Arc<Frozen>) {
        if self.given == 0 && self.rows.is_empty() {
            self.rows = Rows::continuing(Arc::clone(text));
        }
    }

    /// [`push_text`](Self::push_text) a cell whose text is at `place` of the shared text (see
    /// [`share`](Self::share)): the cell points at it, nothing is copied.
    pub(super) fn push_shared(&mut self, row: u32, col: u32, text: &str, place: usize, kind: CellKind, formula: bool) -> Result<()> {
        let Some((r, kind)) = self.admit(row, col, text.len(), kind, formula)? else { return Ok(()) };
        if self.rows.shares(place, text) {
            self.rows.set_shared(r, col as usize, place, text.len(), kind);
        } else {
            self.rows.set(r, col as usize, text, kind);
        }
        Ok(())
    }

    /// Check a cell of `len` bytes of text against the limits and count it: the row index it
    /// goes to and its kind, or `None` for a styled but empty cell (not kept).
    fn admit(&mut self, row: u32, col: u32, len: usize, mut kind: CellKind, formula: bool) -> Result<Option<(usize, CellKind)>> {
        if formula {
            kind = CellKind::Formula;
        } else if kind == CellKind::Empty {
            return Ok(None); // a styled but empty cell
        }
        let l = self.limits;
        if row as u64 >= l.max_rows || col as u64 >= l.max_columns || self.given >= l.max_cells {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the sheet has data beyond the limit of {} rows, {} columns or {} cells; \
                     delete the stray cells far down or to the right in Excel, or split the file",
                    l.max_rows, l.max_columns, l.max_cells
                ),
            )
            .at_row(row as usize + 1)
            .at_column(col as usize + 1));
        }
        self.text += len as u64;
        if self.text > self.text_budget {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the sheet's cells repeat more than {} MiB of text, far more than the file holds; \
                     it looks hostile or damaged. Open it in Excel or WPS and save it again",
                    self.text_budget >> 20
                ),
            )
            .at_row(row as usize + 1));
        }
        self.given += 1;
        let r = self.place(row, col)?;
        Ok(Some((r, kind)))
    }

    /// The index into `rows` of sheet row `row`, the rows grown to hold cell (`row`, `col`).
    fn place(&mut self, row: u32, col: u32) -> Result<usize> {
        let first = *self.first.get_or_insert(row);
        if row < first {
            // A cell above the rows so far: put the missing rows in front.
            self.rows.insert_empty_rows_front((first - row) as usize);
            self.first = Some(row);
        }
        let first = self.first.unwrap_or(row);
        let r = (row - first) as usize;
        if r >= self.rows.len() {
            self.rows.push_empty_rows(r + 1 - self.rows.len());
        }
        let len = self.rows.row(r).len();
        let c = col as usize;
        if c >= len {
            let grow = (c + 1 - len) as u64;
            if self.laid + grow > self.limits.max_cells {
                return Err(Error::new(
                    ErrorKind::TooLarge,
                    format!(
                        "the sheet's rows hold more than {} cells; delete stray cells far to the right \
                         in Excel, or split the file",
                        self.limits.max_cells
                    ),
                )
                .at_row(row as usize + 1));
            }
            self.laid += grow;
            self.width = self.width.max(c + 1);
        }
        Ok(r)
    }

    /// Add a dense range (xls, ods) from its top-left corner.
    pub(super) fn add_range(&mut self, range: &calamine::Range<calamine::Data>) -> Result<()> {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            self.push(r0 + r as u32, c0 + c as u32, super::workbook::cell_of(v.clone()), false)?;
        }
        Ok(())
    }

    /// Flag formula cells; a formula without a cached value becomes an empty formula cell.
    pub(super) fn mark_formulas(&mut self, mut at: Vec<(u32, u32)>) -> Result<()> {
        at.sort_unstable();
        at.dedup();
        for (r, c) in at {
            let existing = self
                .first
                .and_then(|first| r.checked_sub(first))
                .filter(|&i| self.rows.get(i as usize).is_some_and(|row| row.kind(c as usize) != CellKind::Empty));
            match existing {
                Some(i) => self.rows.set_kind(i as usize, c as usize, CellKind::Formula),
                None => self.push(r, c, Cell::new("", CellKind::Formula), true)?,
            }
        }
        Ok(())
    }

    /// The rows from the first non-empty one, each as long as its last cell, with the cells
    /// covered by merged ranges marked (within the sheet's extent, within the cell limit).
    pub(super) fn build(self, merges: &[MergedRange]) -> Result<(usize, Rows)> {
        let Some(first) = self.first else { return Ok((0, Rows::new())) };
        let mut rows = self.rows;
        let width = self.width;
        self.limits.check_dimensions(rows.len() as u64, width as u64)?;
        let first = first as usize;
        let last = first + rows.len() - 1;
        let mut room = self.limits.max_cells.saturating_sub(self.laid);
        'merges: for m in merges {
            let top = m.first_row.max(first);
            let bottom = m.last_row.min(last);
            let right = m.last_col.min(width.saturating_sub(1));
            for r in top..=bottom {
                for c in m.first_col..=right {
                    if (r, c) == (m.first_row, m.first_col) {
                        continue;
                    }
                    let len = rows.row(r - first).len();
                    if c >= len {
                        let grow = (c + 1 - len) as u64;
                        if grow > room {
                            break 'merges;
                        }
                        room -= grow;
                    }
                    rows.set_kind(r - first, c, CellKind::Merged);
                }
            }
        }
        rows.shrink_to_fit();
        Ok((first, rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_cells_are_marked_within_the_sheet() {
        let limits = Limits::default();
        let mut cells = Cells::new(&limits, u64::MAX);
        cells.push(0, 0, Cell::text("通讯录"), false).unwrap();
        cells.push(2, 0, Cell::text("姓名"), false).unwrap();
        cells.push(2, 3, Cell::text("邮箱"), false).unwrap();
        let m = MergedRange { first_row: 0, first_col: 0, last_row: 0, last_col: 16383 };
        let (first, rows) = cells.build(&[m]).unwrap();
        assert_eq!(first, 0);
        assert_eq!(rows.row(0).len(), 4);
        assert_eq!(rows.row(0).kind(0), CellKind::Text);
        assert!(rows.row(0).iter().skip(1).all(|c| c.kind == CellKind::Merged));
        assert!(rows.row(1).is_empty());
    }

    #[test]
    fn regression_shared_strings_copied_into_many_cells_hit_the_text_budget() {
        let limits = Limits::default();
        let mut cells = Cells::new(&limits, 20);
        cells.push(0, 0, Cell::text("0123456789"), false).unwrap();
        let e = cells.push(1, 0, Cell::text("0123456789!"), false).unwrap_err();
        assert_eq!((e.kind, e.position.row), (ErrorKind::TooLarge, Some(2)));
    }

    #[test]
    fn a_cell_beyond_the_row_limit_is_refused_before_anything_is_laid_out() {
        let limits = Limits { max_rows: 10, ..Limits::default() };
        let mut cells = Cells::new(&limits, u64::MAX);
        let e = cells.push(1_000_000, 0, Cell::text("x"), false).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooLarge);
        assert_eq!(e.position.row, Some(1_000_001));
    }

    #[test]
    fn cells_out_of_order_land_where_they_belong() {
        let limits = Limits::default();
        let mut cells = Cells::new(&limits, u64::MAX);
        cells.push(5, 2, Cell::text("c"), false).unwrap();
        cells.push(5, 0, Cell::text("a"), false).unwrap();
        cells.push(3, 1, Cell::text("above"), false).unwrap(); // a row above the first one
        cells.push(7, 0, Cell::new("", CellKind::Empty), false).unwrap(); // skipped
        let (first, rows) = cells.build(&[]).unwrap();
        assert_eq!(first, 3);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows.row(0).text(1), "above");
        assert!(rows.row(1).is_empty());
        let texts: Vec<&str> = rows.row(2).iter().map(|c| c.text).collect();
        assert_eq!(texts, ["a", "", "c"]);
    }

    #[test]
    fn formulas_flag_their_cells_or_add_empty_ones() {
        let limits = Limits::default();
        let mut cells = Cells::new(&limits, u64::MAX);
        cells.push(0, 0, Cell::text("1"), false).unwrap();
        cells.mark_formulas(vec![(0, 0), (0, 2), (0, 0)]).unwrap();
        let (_, rows) = cells.build(&[]).unwrap();
        assert_eq!(rows.row(0).kind(0), CellKind::Formula);
        assert_eq!(rows.row(0).kind(1), CellKind::Empty);
        assert_eq!((rows.row(0).kind(2), rows.row(0).text(2)), (CellKind::Formula, ""));
    }

    #[test]
    fn the_cell_limit_counts_the_cells_rows_are_widened_to() {
        let limits = Limits { max_cells: 10, ..Limits::default() };
        let mut cells = Cells::new(&limits, u64::MAX);
        cells.push(0, 0, Cell::text("a"), false).unwrap();
        let e = cells.push(1, 20, Cell::text("far right"), false).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooLarge);
    }
}
