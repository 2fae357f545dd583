//! The cells of a sheet, row by row, in one text buffer.
//!
//! A `Vec<Vec<Cell>>` costs one allocation per cell and 32 bytes of `String` header beside each
//! cell's text. At 1M rows × 14 columns that was ~450 MiB of headers plus a heap block per cell —
//! most of the wasm memory after reading — and allocating and freeing 14M small blocks was most of
//! the time a CSV read took. Here every cell is a range of one shared text (in pieces that never
//! move: see `cell_text`), two `usize`s and a kind byte, and a row is a range of cells: a handful
//! of allocations for the whole sheet.
//!
//! Cells can still be rewritten (fixes and edits write into the sheet): a new text goes at the end
//! of the buffer, a widened row moves to the end of the cell list with room to double (so a file
//! that gives its cells column by column costs linear time, as `Vec` growth does), and the buffers
//! are compacted when more than half of them is text or cells nothing points at any more.
//!
//! Once read, the cells are frozen ([`Rows::freeze`]): their text and slots move into a shared,
//! read-only [`Frozen`] part that the directory's people read their fields from, so a directory
//! of a million people does not hold a second copy of every cell's text (~140 MiB at 1M rows).
//! Rewrites after that go to the growing part behind it: a row is copied there before a cell of
//! it changes. Offsets and slot indices run on from the frozen part into the growing one.

use super::cell_text::CellText;
use super::{Cell, CellKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// A range of the text (the frozen part's, then the growing part's: see [`Rows`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Slot {
    start: usize,
    len: usize,
}

/// Cells as read, never changed again: shared between the sheet and the people mapped from it.
#[derive(Debug, Default)]
pub(crate) struct Frozen {
    text: CellText,
    slots: Vec<Slot>,
}

impl Frozen {
    /// Text and no cells yet: a text the cells read next point into (an xlsx's shared strings).
    pub(crate) fn of_text(text: CellText) -> Frozen {
        Frozen { text, slots: Vec::new() }
    }

    /// The text `len` bytes long at `place`.
    #[inline(always)]
    pub(crate) fn text_at(&self, place: usize, len: usize) -> &str {
        if len == 0 { "" } else { self.text.get(place, len, 0) }
    }

    /// The text of cell `i` (an index the row's span gave). Always inlined, like the two below
    /// it: every field a check reads of a row as read comes through here, and at the browser
    /// build's size level each was a call of its own.
    #[inline(always)]
    pub(crate) fn cell(&self, i: usize) -> &str {
        let Slot { start, len } = self.slots[i];
        self.text_at(start, len)
    }
}

/// A row: a range of `Rows::slots` (and `Rows::kinds`), with room reserved after it. The
/// reserved slots are always empty cells, so the row widens into them without a move.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: usize,
    len: usize,
    cap: usize,
}

/// Compact only past this much dead text, so small sheets never bother.
const COMPACT_MIN: usize = 1 << 20;

/// The rows of a [`Sheet`](super::Sheet): ragged rows of cells, each cell a text and a
/// [`CellKind`]. Read with [`Rows::get`] / [`Rows::iter`]; build with [`Rows::push_row`] or
/// collect `Vec<Cell>` rows.
///
/// ```
/// use minglu::read::{Cell, CellKind, Rows};
/// let mut rows: Rows = vec![vec![Cell::text("姓名"), Cell::text("手机")]].into();
/// rows.push_row([("张三", CellKind::Text), ("13800138000", CellKind::Number)]);
/// assert_eq!(rows.len(), 2);
/// assert_eq!(rows.row(1).text(0), "张三");
/// assert_eq!(rows.row(1).kind(1), CellKind::Number);
/// rows.set(1, 3, "备注", CellKind::Text); // a row widens to take a cell past its end
/// assert_eq!(rows.row(1).len(), 4);
/// assert_eq!(rows.row(1).text(2), "");
/// ```
#[derive(Clone, Default)]
pub struct Rows {
    /// Cells `0..frozen.slots.len()` and text `0..frozen.text.len()`.
    frozen: Arc<Frozen>,
    /// The text after the frozen part's (its pieces counted after the frozen text's).
    text: CellText,
    /// The cells after the frozen part's (cell `i` is `slots[i - frozen.slots.len()]`).
    slots: Vec<Slot>,
    /// Every cell's kind, frozen or not (kinds are not shared).
    kinds: Vec<CellKind>,
    spans: Vec<Span>,
    /// Bytes of `text` no cell points at any more (rewritten cells).
    dead_text: usize,
    /// Entries of `slots` no row covers any more (rows moved or truncated).
    dead_cells: usize,
}

impl Rows {
    pub fn new() -> Rows {
        Rows::default()
    }

    /// Room for `rows` rows, `cells` cells and `text` bytes of cell text, so a reader that knows
    /// its input's size grows the buffers once.
    pub fn with_capacity(rows: usize, cells: usize, text: usize) -> Rows {
        Rows {
            text: CellText::with_capacity(text),
            slots: Vec::with_capacity(cells),
            kinds: Vec::with_capacity(cells),
            spans: Vec::with_capacity(rows),
            ..Rows::default()
        }
    }

    /// No rows yet, cells to come that may point into `text` (see [`Rows::set_shared`]).
    pub(crate) fn continuing(text: Arc<Frozen>) -> Rows {
        Rows { frozen: text, ..Rows::default() }
    }

    /// Room for `rows` more rows, `cells` more cells and `text` more bytes of cell text.
    pub fn reserve(&mut self, rows: usize, cells: usize, text: usize) {
        self.spans.reserve(rows);
        self.slots.reserve(cells);
        self.kinds.reserve(cells);
        if self.text.pieces() == 0 && self.frozen.text.pieces() == 0 {
            self.text = CellText::with_capacity(text);
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Row `r`, or `None` past the last row.
    pub fn get(&self, r: usize) -> Option<Row<'_>> {
        self.spans.get(r).map(|&span| Row { rows: self, span })
    }

    /// Row `r`.
    ///
    /// # Panics
    /// When `r` is past the last row, as indexing a `Vec` does.
    pub fn row(&self, r: usize) -> Row<'_> {
        Row { rows: self, span: self.spans[r] }
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Row<'_>> + ExactSizeIterator + Clone + '_ {
        self.spans.iter().map(move |&span| Row { rows: self, span })
    }

    /// Bytes of cell text held (including text no cell points at until the next compaction).
    pub fn text_len(&self) -> usize {
        self.frozen.text.len() + self.text.len()
    }

    /// Freeze the cells as they are: move them into the shared part the directory's people read
    /// (see the module doc). Done once a file is read; cells changed later are copied out first.
    /// While a directory still shares the frozen part, newer cells stay where they are.
    pub fn freeze(&mut self) {
        if self.slots.is_empty() && self.text.is_empty() {
            return;
        }
        let Some(frozen) = Arc::get_mut(&mut self.frozen) else { return };
        self.text.shrink_to_fit();
        self.slots.shrink_to_fit();
        // Places and indices already count from the frozen part's start: appending keeps them.
        // (Pieces move without a copy; the cell table is taken whole when the frozen part has
        // none yet — the usual case, including cells over an xlsx's shared strings.)
        frozen.text.append(&mut self.text);
        if frozen.slots.is_empty() {
            frozen.slots = std::mem::take(&mut self.slots);
        } else {
            frozen.slots.append(&mut self.slots);
            self.slots = Vec::new();
        }
    }

    /// The frozen part, shared.
    pub(crate) fn frozen(&self) -> &Arc<Frozen> {
        &self.frozen
    }

    /// Row `r`'s cells in the frozen part: `(first cell, cells)`, or `None` when the row has been
    /// copied out (changed since it was frozen) or was never frozen.
    pub(crate) fn frozen_row(&self, r: usize) -> Option<(usize, usize)> {
        let span = *self.spans.get(r)?;
        (span.start + span.len <= self.frozen.slots.len()).then_some((span.start, span.len))
    }

    #[inline]
    fn slot(&self, i: usize) -> Slot {
        let n = self.frozen.slots.len();
        if i < n { self.frozen.slots[i] } else { self.slots[i - n] }
    }

    #[inline]
    fn text_of(&self, Slot { start, len }: Slot) -> &str {
        if len == 0 {
            return "";
        }
        let n = self.frozen.text.pieces();
        if CellText::piece_of(start) < n { self.frozen.text.get(start, len, 0) } else { self.text.get(start, len, n) }
    }

    /// Cells in both parts.
    fn cells_len(&self) -> usize {
        self.frozen.slots.len() + self.slots.len()
    }

    /// Add a row at the end.
    pub fn push_row<I, T>(&mut self, cells: I)
    where
        I: IntoIterator<Item = (T, CellKind)>,
        T: AsRef<str>,
    {
        let start = self.cells_len();
        for (text, kind) in cells {
            let slot = self.put_text(text.as_ref());
            self.slots.push(slot);
            self.kinds.push(kind);
        }
        let len = self.cells_len() - start;
        self.spans.push(Span { start, len, cap: len });
    }

    /// Add a row of cells at the end.
    pub fn push_cells(&mut self, cells: &[Cell]) {
        self.push_row(cells.iter().map(|c| (c.text.as_str(), c.kind)));
    }

    /// Add `n` empty rows at the end.
    pub fn push_empty_rows(&mut self, n: usize) {
        let at = self.cells_len();
        self.spans.extend(std::iter::repeat_n(Span { start: at, len: 0, cap: 0 }, n));
    }

    /// Put `n` empty rows in front of the first one.
    pub fn insert_empty_rows_front(&mut self, n: usize) {
        self.spans.splice(0..0, std::iter::repeat_n(Span::default(), n));
    }

    /// Set cell (`r`, `c`), widening the row with empty cells when `c` is past its end.
    ///
    /// # Panics
    /// When `r` is past the last row.
    pub fn set(&mut self, r: usize, c: usize, text: &str, kind: CellKind) {
        let i = self.cell_index(r, c) - self.frozen.slots.len(); // the row is in the growing part now
        let old = self.slots[i];
        let n = self.frozen.text.pieces();
        if old.len > 0
            && text.len() <= old.len
            && CellText::piece_of(old.start) >= n
            && self.text.overwrite(old.start, text, n)
        {
            // Fit where the old text was (not frozen text): written over it. The old text's tail
            // stays behind as whole characters (the text stays valid UTF-8) no cell points at.
            self.dead_text += old.len - text.len();
            self.slots[i] = Slot { start: old.start, len: text.len() };
        } else {
            self.dead_text += old.len;
            self.slots[i] = self.put_text(text);
        }
        let i = i + self.frozen.slots.len();
        self.kinds[i] = kind;
        self.compact_if_mostly_dead();
    }

    /// Set cell (`r`, `c`) to the frozen text `len` bytes long at `place` (a shared string the
    /// rows were [`continuing`](Rows::continuing)), widening the row like [`Rows::set`]: nothing
    /// is copied.
    pub(crate) fn set_shared(&mut self, r: usize, c: usize, place: usize, len: usize, kind: CellKind) {
        debug_assert!(len == 0 || CellText::piece_of(place) < self.frozen.text.pieces());
        let i = self.cell_index(r, c);
        let n = self.frozen.slots.len();
        self.dead_text += self.slots[i - n].len;
        self.slots[i - n] = Slot { start: place, len };
        self.kinds[i] = kind;
    }

    /// Is `text` the frozen text at `place` (so a cell can point at it with
    /// [`set_shared`](Rows::set_shared))?
    pub(crate) fn shares(&self, place: usize, text: &str) -> bool {
        text.is_empty() || self.frozen.text.try_get(place, text.len()).is_some_and(|t| std::ptr::eq(t.as_ptr(), text.as_ptr()))
    }

    /// Set the kind of cell (`r`, `c`) and keep its text, widening the row like [`Rows::set`].
    pub fn set_kind(&mut self, r: usize, c: usize, kind: CellKind) {
        let span = self.spans[r];
        // Kinds are not frozen: a cell within the row changes kind where it is.
        let i = if c < span.len { span.start + c } else { self.cell_index(r, c) };
        self.kinds[i] = kind;
    }

    /// Cut row `r` to at most `len` cells.
    pub fn truncate_row(&mut self, r: usize, len: usize) {
        let span = self.spans[r];
        if len < span.len {
            let n = self.frozen.slots.len();
            self.dead_text += (span.start + len..span.start + span.len).map(|i| self.slot(i).len).sum::<usize>();
            self.kinds[span.start + len..span.start + span.len].fill(CellKind::Empty);
            if span.start >= n {
                // The cut cells become reserved room again: empty, as reserved slots must be.
                self.slots[span.start + len - n..span.start + span.len - n].fill(Slot::default());
                self.spans[r].len = len;
            } else {
                // Frozen cells cannot be emptied: the row has no room past its end any more, so a
                // later widening copies it out.
                self.dead_cells += span.cap - len;
                self.spans[r] = Span { start: span.start, len, cap: len };
            }
        }
    }

    /// Row `r`'s cells, owned; the row is left empty (see [`Rows::replace_row`] to put them back).
    pub fn take_row(&mut self, r: usize) -> Vec<Cell> {
        let cells = self.row(r).to_vec();
        self.truncate_row(r, 0);
        cells
    }

    /// Replace row `r` with `cells`.
    pub fn replace_row(&mut self, r: usize, cells: &[Cell]) {
        self.dead_cells += self.spans[r].cap;
        let start = self.cells_len();
        for cell in cells {
            let slot = self.put_text(&cell.text);
            self.slots.push(slot);
            self.kinds.push(cell.kind);
        }
        self.spans[r] = Span { start, len: cells.len(), cap: cells.len() };
        self.compact_if_mostly_dead();
    }

    /// Give back spare capacity (after reading, when the sizes are known).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.slots.shrink_to_fit();
        self.kinds.shrink_to_fit();
        self.spans.shrink_to_fit();
    }

    /// Every row as owned cells (for tests and small sheets).
    pub fn to_vecs(&self) -> Vec<Vec<Cell>> {
        self.iter().map(|r| r.to_vec()).collect()
    }

    fn put_text(&mut self, text: &str) -> Slot {
        if text.is_empty() {
            return Slot::default();
        }
        let start = self.text.push(text, self.frozen.text.pieces());
        Slot { start, len: text.len() }
    }

    /// The index of cell (`r`, `c`), the row widened to hold it and, when it was frozen, copied
    /// to the growing part (a frozen cell is never written).
    fn cell_index(&mut self, r: usize, c: usize) -> usize {
        let n = self.frozen.slots.len();
        let span = self.spans[r];
        let frozen = span.start < n;
        if c < span.len && !frozen {
            return span.start + c;
        }
        let len = (c + 1).max(span.len);
        if len > span.cap || frozen {
            let end = self.cells_len();
            if !frozen && span.start + span.cap == end {
                // The last row in the cell list (always so while reading in row order): grow it
                // in place.
                self.slots.resize(span.start + len - n, Slot::default());
                self.kinds.resize(span.start + len, CellKind::Empty);
                self.spans[r].cap = len;
            } else {
                // Move the row to the end of the list (with room to double when it widens).
                let cap = if len > span.len { len.max(2 * span.len) } else { span.len };
                for i in span.start..span.start + span.len {
                    let slot = self.slot(i);
                    self.slots.push(slot);
                }
                self.kinds.extend_from_within(span.start..span.start + span.len);
                self.slots.resize(end + cap - n, Slot::default());
                self.kinds.resize(end + cap, CellKind::Empty);
                self.dead_cells += span.cap;
                self.spans[r] = Span { start: end, len: span.len, cap };
            }
        }
        self.spans[r].len = len;
        self.spans[r].start + c
    }

    fn compact_if_mostly_dead(&mut self) {
        let dead_text = self.dead_text > COMPACT_MIN && self.dead_text > self.text_len() / 2;
        let dead_cells = self.dead_cells > COMPACT_MIN / 8 && self.dead_cells > self.cells_len() / 2;
        if dead_text || dead_cells {
            let cells = self.cells_len().saturating_sub(self.dead_cells);
            let mut fresh = Rows::with_capacity(self.len(), cells, self.text_len().saturating_sub(self.dead_text));
            for row in self.iter() {
                fresh.push_row(row.iter().map(|c| (c.text, c.kind)));
            }
            if !self.frozen.slots.is_empty() {
                fresh.freeze(); // as it was: the cells stay shareable
            }
            *self = fresh;
        }
    }
}

/// One row of [`Rows`]: read its cells by column (0 = column A).
#[derive(Clone, Copy)]
pub struct Row<'a> {
    rows: &'a Rows,
    span: Span,
}

impl<'a> Row<'a> {
    pub fn len(&self) -> usize {
        self.span.len
    }

    pub fn is_empty(&self) -> bool {
        self.span.len == 0
    }

    /// Cell `c`, or `None` past the row's end.
    pub fn get(&self, c: usize) -> Option<CellRef<'a>> {
        (c < self.span.len).then(|| self.cell(self.span.start + c))
    }

    /// The text of cell `c`; `""` past the row's end.
    pub fn text(&self, c: usize) -> &'a str {
        self.get(c).map_or("", |cell| cell.text)
    }

    /// The kind of cell `c`; empty past the row's end.
    pub fn kind(&self, c: usize) -> CellKind {
        self.kinds().get(c).copied().unwrap_or(CellKind::Empty)
    }

    /// Bytes of text in the row's cells, counted without looking the texts up (what a copy of
    /// the row's text needs room for).
    pub fn text_len(&self) -> usize {
        (self.span.start..self.span.start + self.span.len).map(|i| self.rows.slot(i).len).sum()
    }

    /// The row's text when its cells lie end to end in the sheet's text (a row as a CSV gives
    /// it), with each cell's end in it appended to `ends`: one copy of it copies the row, where a
    /// copy per cell is a call and a capacity check each. `None` (and `ends` as it was) when they
    /// do not.
    pub fn joined(&self, ends: &mut Vec<usize>) -> Option<&'a str> {
        let (from, mut at) = (ends.len(), None::<(usize, usize)>);
        for i in self.span.start..self.span.start + self.span.len {
            let Slot { start, len } = self.rows.slot(i);
            if len > 0 {
                at = match at {
                    None => Some((start, start + len)),
                    // (A piece filled to its end is followed by the next piece's first place.)
                    Some((first, end)) if start == end && CellText::piece_of(start) == CellText::piece_of(first) => {
                        Some((first, end + len))
                    }
                    Some(_) => {
                        ends.truncate(from);
                        return None;
                    }
                };
            }
            ends.push(at.map_or(0, |(first, end)| end - first));
        }
        Some(at.map_or("", |(first, end)| self.rows.text_of(Slot { start: first, len: end - first })))
    }

    /// The kinds of the row's cells, in column order (their text is not looked up).
    pub fn kinds(&self) -> &'a [CellKind] {
        &self.rows.kinds[self.span.start..self.span.start + self.span.len]
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = CellRef<'a>> + ExactSizeIterator + Clone + 'a {
        let rows = self.rows;
        (self.span.start..self.span.start + self.span.len).map(move |i| cell_at(rows, i))
    }

    /// Is every cell empty or only spaces?
    pub fn is_blank(&self) -> bool {
        self.iter().all(|c| c.is_blank())
    }

    pub fn to_vec(&self) -> Vec<Cell> {
        self.iter().map(CellRef::to_cell).collect()
    }

    fn cell(&self, i: usize) -> CellRef<'a> {
        cell_at(self.rows, i)
    }
}

#[inline]
fn cell_at(rows: &Rows, i: usize) -> CellRef<'_> {
    CellRef { text: rows.text_of(rows.slot(i)), kind: rows.kinds[i] }
}

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A cell of [`Rows`], borrowed: its text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef<'a> {
    pub text: &'a str,
    pub kind: CellKind,
}

impl CellRef<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    pub fn to_cell(self) -> Cell {
        Cell { text: self.text.to_string(), kind: self.kind }
    }
}

impl PartialEq<Cell> for CellRef<'_> {
    fn eq(&self, other: &Cell) -> bool {
        self.text == other.text && self.kind == other.kind
    }
}

impl From<Vec<Vec<Cell>>> for Rows {
    fn from(rows: Vec<Vec<Cell>>) -> Rows {
        rows.into_iter().collect()
    }
}

impl FromIterator<Vec<Cell>> for Rows {
    fn from_iter<I: IntoIterator<Item = Vec<Cell>>>(iter: I) -> Rows {
        let mut rows = Rows::new();
        for row in iter {
            rows.push_cells(&row);
        }
        rows
    }
}

/// Two sheets' rows are equal when they hold the same cells, however their buffers are laid out.
impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a.iter().eq(b.iter()))
    }
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// As a list of rows of `{text, kind}` cells, the shape `Vec<Vec<Cell>>` has.
impl Serialize for Rows {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|row| row.to_vec()))
    }
}

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rows, D::Error> {
        Vec::<Vec<Cell>>::deserialize(deserializer).map(Rows::from)
    }
}

#[cfg(test)]
mod tests;
