//! The data rows as one packed block: every cell's text concatenated in one UTF-8 string, a `u32`
//! offset per cell boundary, one kind byte per cell and the sheet row of every grid row.
//!
//! The worker packs it ([`Grid::pack`]) and transfers the four buffers. The page keeps the text,
//! offsets and kinds where they arrived, in JavaScript ([`Grid::from_shared`]), and the
//! virtualized view reads `cell(row, col)` for the ~40 rows on screen: copying a 1M-row grid
//! into the page's wasm memory was one 300 ms main-thread task (10 ms at 100k). Only the sheet
//! row numbers are copied, since every issue and search result is looked up by them.
//!
//! A cell's UTF-8 is decoded only when the cell is read; a damaged cell reads as `�`, never a
//! panic. Edits arrive as patches kept beside the buffers ([`Grid::patch`]), so a fix of
//! thousands of cells costs those cells, not a copy of the grid.

mod source_rows;

pub use source_rows::SourceRows;

use js_sys::{Uint32Array, Uint8Array};
use minglu::{CellKind, Opened};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A read-only grid of `rows × width` cells, plus the cells patched since it was packed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    width: usize,
    cells: Cells,
    /// The 1-based sheet row of each grid row, as a spreadsheet shows it.
    source_rows: SourceRows,
    /// Changed cells by index (`row * width + col`): their text and kind code.
    patches: BTreeMap<usize, (String, u8)>,
    /// Per column, the widest text of the first [`SIZING_ROWS`] rows in [`display_units`]: the
    /// page sizes its columns by it. Measured where the cells are in wasm memory (the worker);
    /// on the page, reading 200 rows out of the shared buffers was part of the first screen's
    /// long task.
    units: Vec<u32>,
}

/// Rows looked at to size the columns.
pub const SIZING_ROWS: usize = 200;

/// The width of a text in character cells: East Asian characters count double.
pub fn display_units(text: &str) -> u32 {
    text.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum()
}

/// Where the packed cells live.
#[derive(Debug, Clone)]
enum Cells {
    /// In this wasm memory: the worker (which packs them) and native tests.
    Owned {
        /// UTF-8; decoded per cell in [`Grid::cell`].
        text: Vec<u8>,
        /// `rows * width + 1` offsets into `text`; cell `i` is `text[offsets[i]..offsets[i + 1]]`.
        offsets: Vec<u32>,
        /// One [`kind_code`] per cell.
        kinds: Vec<u8>,
    },
    /// In the transferred buffers, on the page: the same layout, read a cell at a time.
    Shared { text: Uint8Array, offsets: Uint32Array, kinds: Uint8Array },
}

/// Packed cells are equal by value; shared ones when they are the same JavaScript arrays.
impl PartialEq for Cells {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Cells::Owned { text: a, offsets: b, kinds: c }, Cells::Owned { text: x, offsets: y, kinds: z }) => {
                a == x && b == y && c == z
            }
            (Cells::Shared { text: a, offsets: b, kinds: c }, Cells::Shared { text: x, offsets: y, kinds: z }) => {
                let same = |p: &wasm_bindgen::JsValue, q: &wasm_bindgen::JsValue| p == q;
                same(a, x) && same(b, y) && same(c, z)
            }
            _ => false,
        }
    }
}

impl Default for Cells {
    fn default() -> Self {
        Cells::Owned { text: Vec::new(), offsets: vec![0], kinds: Vec::new() }
    }
}

/// Do `offsets` and `kinds` buffers of these lengths fit `rows × width` cells? The cell count.
fn fits(width: usize, rows: usize, offsets: usize, kinds: usize) -> Result<usize, String> {
    let cells = rows * width;
    if offsets != cells + 1 || kinds != cells {
        return Err(format!("grid buffers do not fit: {rows} rows × {width} columns, {offsets} offsets, {kinds} kinds"));
    }
    Ok(cells)
}

/// The byte that stands for a cell kind in [`Grid`]'s kinds buffer.
pub fn kind_code(kind: CellKind) -> u8 {
    match kind {
        CellKind::Empty => 0,
        CellKind::Text => 1,
        CellKind::Number => 2,
        CellKind::Date => 3,
        CellKind::Bool => 4,
        CellKind::Formula => 5,
        CellKind::Merged => 6,
        CellKind::Error => 7,
    }
}

/// The inverse of [`kind_code`]; unknown bytes read as text.
pub fn kind_of_code(code: u8) -> CellKind {
    match code {
        0 => CellKind::Empty,
        2 => CellKind::Number,
        3 => CellKind::Date,
        4 => CellKind::Bool,
        5 => CellKind::Formula,
        6 => CellKind::Merged,
        7 => CellKind::Error,
        _ => CellKind::Text,
    }
}

/// One row's cells from its `width + 1` offsets, `width` kind codes and the text between its
/// first and last offset. Offsets that do not fall inside that text read as `"\u{FFFD}"`, as
/// do bytes that are not UTF-8.
fn decode_row(bounds: &[u32], codes: &[u8], bytes: &[u8]) -> Vec<(String, CellKind)> {
    let start = bounds.first().copied().unwrap_or(0);
    codes
        .iter()
        .enumerate()
        .map(|(c, &code)| {
            let (a, b) = (bounds[c].wrapping_sub(start) as usize, bounds[c + 1].wrapping_sub(start) as usize);
            let text = match bytes.get(a..b).map(std::str::from_utf8) {
                Some(Ok(text)) => text.to_string(),
                _ => "\u{FFFD}".to_string(),
            };
            (text, kind_of_code(code))
        })
        .collect()
}

/// The people's sheet rows, as the grid packs them: `width` cells each, in directory order.
struct PeopleRows<'a> {
    sheet: &'a minglu::Sheet,
    people: &'a [minglu::Person],
    width: usize,
}

impl<'a> PeopleRows<'a> {
    fn new(sheet: &'a minglu::Sheet, mapping: &minglu::Mapping, directory: &'a minglu::Directory) -> Self {
        PeopleRows { sheet, people: &directory.people, width: mapping.columns.len().max(sheet.width()) }
    }

    fn cells(&self) -> usize {
        self.people.len() * self.width
    }

    /// The sheet row `person` came from (`rows[i]` is sheet row `first_row + i + 1`).
    fn row_of(&self, person: &minglu::Person) -> Option<minglu::read::Row<'a>> {
        person.source_row.checked_sub(self.sheet.first_row + 1).and_then(|i| self.sheet.rows.get(i))
    }

    /// Bytes of text the grid packs (a row is never wider than the grid: `width` is the sheet's).
    fn text_size(&self) -> usize {
        self.people.iter().filter_map(|p| self.row_of(p)).map(|row| row.text_len()).sum()
    }

    /// Append `person`'s cells: their text, kind codes and end offsets (`base` + the text so
    /// far); the columns past the row's end are empty cells. Gives the row they came from.
    /// `ends` is a buffer for the row's cell ends, reused from row to row.
    fn pack(
        &self,
        person: &minglu::Person,
        text: &mut String,
        kinds: &mut Vec<u8>,
        offsets: &mut Vec<u32>,
        base: usize,
        ends: &mut Vec<usize>,
    ) -> Option<minglu::read::Row<'a>> {
        let cells = self.row_of(person);
        let mut packed = 0;
        ends.clear();
        let joined = cells.filter(|row| row.len() <= self.width).and_then(|row| row.joined(ends));
        if let (Some(row), Some(joined)) = (cells, joined) {
            // The row's text in one copy, its cells' ends from where they lie in it.
            let at = base + text.len();
            text.push_str(joined);
            offsets.extend(ends.iter().map(|end| u32::try_from(at + end).unwrap_or(u32::MAX)));
            kinds.extend(row.kinds().iter().map(|&k| kind_code(k)));
            packed = row.len();
        } else if let Some(row) = cells {
            for cell in row.iter().take(self.width) {
                text.push_str(cell.text);
                kinds.push(kind_code(cell.kind));
                offsets.push(u32::try_from(base + text.len()).unwrap_or(u32::MAX));
                packed += 1;
            }
        }
        let end = u32::try_from(base + text.len()).unwrap_or(u32::MAX);
        kinds.resize(kinds.len() + (self.width - packed), kind_code(CellKind::Empty));
        offsets.resize(offsets.len() + (self.width - packed), end);
        cells
    }

    fn source_rows(&self) -> SourceRows {
        SourceRows::from_rows(self.people.iter().map(|p| u32::try_from(p.source_row).unwrap_or(u32::MAX)))
    }
}

impl Grid {
    /// Pack the data rows of an opened file: one grid row per person of the directory (so the
    /// grid shows exactly the rows the engine took), every column of the sheet.
    pub fn pack(opened: &Opened) -> Grid {
        Grid::pack_rows(&opened.sheet, &opened.mapping, &opened.directory)
    }

    /// [`pack`](Self::pack) from the parts (tests, and any packing off the worker).
    pub fn pack_rows(sheet: &minglu::Sheet, mapping: &minglu::Mapping, directory: &minglu::Directory) -> Grid {
        let rows = PeopleRows::new(sheet, mapping, directory);
        // The text's exact size first: grown by doubling, a 1M-row grid's text (100 MB) took
        // three times that in wasm memory, which never shrinks.
        let mut text = String::with_capacity(rows.text_size());
        let mut offsets = Vec::with_capacity(rows.cells() + 1);
        let mut kinds = Vec::with_capacity(rows.cells());
        offsets.push(0u32);
        let mut ends = Vec::new();
        for person in rows.people {
            rows.pack(person, &mut text, &mut kinds, &mut offsets, 0, &mut ends);
        }
        Grid {
            width: rows.width,
            cells: Cells::Owned { text: text.into_bytes(), offsets, kinds },
            source_rows: rows.source_rows(),
            patches: BTreeMap::new(),
            units: Vec::new(),
        }
        .measured()
    }

    /// The grid with its [`units`](Self::units) measured.
    fn measured(mut self) -> Grid {
        let rows = self.rows().min(SIZING_ROWS);
        self.units = (0..self.width).map(|c| (0..rows).map(|r| display_units(&self.cell(r, c))).max().unwrap_or(0)).collect();
        self
    }

    /// Per column, the widest text of the first [`SIZING_ROWS`] rows, in [`display_units`].
    pub fn units(&self) -> &[u32] {
        &self.units
    }

    /// [`pack_rows`](Self::pack_rows) straight into JS typed arrays, a slice of rows at a time,
    /// with each column's first non-blank value (what [`first_values`](Self::first_values) gives).
    /// A 1M-row grid is ~200 MB of text, offsets and kinds: packed whole in wasm memory before
    /// its copy to JS, it set the worker's peak of wasm memory (which never shrinks). Here wasm
    /// holds one slice. For the worker (it calls into JS); the buffers are transferred as they are.
    pub fn pack_shared(sheet: &minglu::Sheet, mapping: &minglu::Mapping, directory: &minglu::Directory) -> (Grid, Vec<String>) {
        const SLICE: usize = 16_384; // rows packed in wasm memory at a time (~2.5 MB at 14 columns)
        let rows = PeopleRows::new(sheet, mapping, directory);
        let width = rows.width;
        let js_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let (js_text, js_offsets, js_kinds) = (
            Uint8Array::new_with_length(js_u32(rows.text_size())),
            Uint32Array::new_with_length(js_u32(rows.cells() + 1)),
            Uint8Array::new_with_length(js_u32(rows.cells())),
        );
        let mut first: Vec<Option<String>> = vec![None; width];
        // Columns still without a first value: once there are none, rows past the sizing ones
        // are only packed (this pass over every cell was a third of the packing).
        let mut firstless = width;
        let mut units = vec![0u32; width];
        let (mut text, mut offsets, mut kinds) = (String::new(), Vec::new(), Vec::new());
        let (mut at_text, mut at_cell) = (0usize, 0usize);
        let mut ends = Vec::new();
        for (slice_no, slice) in rows.people.chunks(SLICE).enumerate() {
            text.clear();
            offsets.clear();
            kinds.clear();
            for (i, person) in slice.iter().enumerate() {
                let Some(cells) = rows.pack(person, &mut text, &mut kinds, &mut offsets, at_text, &mut ends) else { continue };
                let sizing = slice_no * SLICE + i < SIZING_ROWS;
                if !sizing && firstless == 0 {
                    continue;
                }
                for (c, cell) in cells.iter().take(width).enumerate() {
                    if first[c].is_none() && !cell.text.trim().is_empty() {
                        first[c] = Some(cell.text.trim().to_string());
                        firstless -= 1;
                    }
                    if sizing {
                        units[c] = units[c].max(display_units(cell.text));
                    }
                }
            }
            js_text.subarray(js_u32(at_text), js_u32(at_text + text.len())).copy_from(text.as_bytes());
            js_offsets.subarray(js_u32(at_cell + 1), js_u32(at_cell + 1 + offsets.len())).copy_from(&offsets);
            js_kinds.subarray(js_u32(at_cell), js_u32(at_cell + kinds.len())).copy_from(&kinds);
            at_text += text.len();
            at_cell += kinds.len();
        }
        let grid = Grid {
            width,
            cells: Cells::Shared { text: js_text, offsets: js_offsets, kinds: js_kinds },
            source_rows: rows.source_rows(),
            patches: BTreeMap::new(),
            units,
        };
        (grid, first.into_iter().map(Option::unwrap_or_default).collect())
    }

    /// The JS arrays of a grid packed with [`pack_shared`](Self::pack_shared) (or received):
    /// text, offsets, kinds.
    pub fn shared_arrays(&self) -> Option<(&Uint8Array, &Uint32Array, &Uint8Array)> {
        match &self.cells {
            Cells::Shared { text, offsets, kinds } => Some((text, offsets, kinds)),
            Cells::Owned { .. } => None,
        }
    }

    /// Reassemble a grid from its buffers, checking they fit together (a bad buffer gives an
    /// error, never a panic later).
    pub fn from_parts(
        width: usize,
        text: Vec<u8>,
        offsets: Vec<u32>,
        kinds: Vec<u8>,
        source_rows: SourceRows,
    ) -> Result<Grid, String> {
        fits(width, source_rows.len(), offsets.len(), kinds.len())?;
        if offsets.first() != Some(&0)
            || offsets.windows(2).any(|w| w[0] > w[1])
            || offsets.last().map(|&o| o as usize) != Some(text.len())
        {
            return Err("grid offsets are not increasing positions in its text".into());
        }
        Ok(Grid { width, cells: Cells::Owned { text, offsets, kinds }, source_rows, patches: BTreeMap::new(), units: Vec::new() }
            .measured())
    }

    /// Wrap the buffers of a received grid without copying its cells out of JavaScript; `units`
    /// as the worker measured them ([`units`](Self::units)). The shape is checked here (lengths, first and last offset); an offset out of order inside
    /// only damages its own cells, which then read as `�`.
    pub fn from_shared(
        width: usize,
        text: Uint8Array,
        offsets: Uint32Array,
        kinds: Uint8Array,
        source_rows: SourceRows,
        units: Vec<u32>,
    ) -> Result<Grid, String> {
        let cells = fits(width, source_rows.len(), offsets.length() as usize, kinds.length() as usize)?;
        if offsets.get_index(0) != 0 || offsets.get_index(cells as u32) != text.length() {
            return Err("grid offsets are not positions in its text".into());
        }
        if units.len() != width {
            return Err(format!("the grid's column sizes do not fit: {} for {width} columns", units.len()));
        }
        Ok(Grid { width, cells: Cells::Shared { text, offsets, kinds }, source_rows, patches: BTreeMap::new(), units })
    }

    /// The cells' three buffers as packed and the row numbers, in the order
    /// [`from_parts`](Self::from_parts) takes them (after `width`): the worker sends these.
    /// Patches are not in them; a shared grid has none here (its cells are in JavaScript) and
    /// gives empty slices.
    pub fn parts(&self) -> (&[u8], &[u32], &[u8], &SourceRows) {
        match &self.cells {
            Cells::Owned { text, offsets, kinds } => (text, offsets, kinds, &self.source_rows),
            Cells::Shared { .. } => (&[], &[], &[], &self.source_rows),
        }
    }

    /// Number of data rows.
    pub fn rows(&self) -> usize {
        self.source_rows.len()
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The text of a cell; `""` outside the grid, `"\u{FFFD}"` if its bytes are not UTF-8.
    pub fn cell(&self, row: usize, col: usize) -> Cow<'_, str> {
        if col >= self.width || row >= self.rows() {
            return Cow::Borrowed("");
        }
        let i = row * self.width + col;
        if let Some((text, _)) = self.patches.get(&i) {
            return Cow::Borrowed(text);
        }
        match &self.cells {
            Cells::Owned { text, offsets, .. } => {
                let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
                Cow::Borrowed(text.get(a..b).map_or("", |bytes| std::str::from_utf8(bytes).unwrap_or("\u{FFFD}")))
            }
            Cells::Shared { text, offsets, .. } => {
                let (a, b) = (offsets.get_index(i as u32), offsets.get_index(i as u32 + 1));
                if a > b || b > text.length() {
                    return Cow::Borrowed("\u{FFFD}");
                }
                String::from_utf8(text.subarray(a, b).to_vec()).map_or(Cow::Borrowed("\u{FFFD}"), Cow::Owned)
            }
        }
    }

    /// Every cell of a row, its text and kind, as [`cell`](Self::cell) and [`kind`](Self::kind)
    /// give them one by one; empty outside the grid. A shared grid copies the row's offsets,
    /// text and kinds out of JavaScript in three calls, where a cell at a time takes five: the
    /// first screen of a wide sheet reads thousands of cells.
    pub fn row_cells(&self, row: usize) -> Vec<(String, CellKind)> {
        if row >= self.rows() || self.width == 0 {
            return Vec::new();
        }
        let (first, end) = (row * self.width, (row + 1) * self.width);
        let mut cells = match &self.cells {
            Cells::Owned { text, offsets, kinds } => {
                let bounds = &offsets[first..=end];
                let bytes = text.get(bounds[0] as usize..bounds[self.width] as usize).unwrap_or_default();
                decode_row(bounds, &kinds[first..end], bytes)
            }
            Cells::Shared { text, offsets, kinds } => {
                let bounds = offsets.subarray(first as u32, end as u32 + 1).to_vec();
                let (a, b) = (bounds[0], bounds[self.width]);
                let bytes = if a <= b && b <= text.length() { text.subarray(a, b).to_vec() } else { Vec::new() };
                decode_row(&bounds, &kinds.subarray(first as u32, end as u32).to_vec(), &bytes)
            }
        };
        for (c, cell) in cells.iter_mut().enumerate() {
            if let Some((text, kind)) = self.patches.get(&(first + c)) {
                *cell = (text.clone(), kind_of_code(*kind));
            }
        }
        cells
    }

    /// What the cell was in the file.
    pub fn kind(&self, row: usize, col: usize) -> CellKind {
        if col >= self.width || row >= self.rows() {
            return CellKind::Empty;
        }
        let i = row * self.width + col;
        if let Some(&(_, kind)) = self.patches.get(&i) {
            return kind_of_code(kind);
        }
        kind_of_code(match &self.cells {
            Cells::Owned { kinds, .. } => kinds[i],
            Cells::Shared { kinds, .. } => kinds.get_index(i as u32),
        })
    }

    /// Per column, the first non-blank value (trimmed), or `""` when the column is blank.
    pub fn first_values(&self) -> Vec<String> {
        (0..self.width)
            .map(|c| {
                (0..self.rows()).map(|r| self.cell(r, c)).find(|v| !v.trim().is_empty()).map_or(String::new(), |v| v.trim().to_string())
            })
            .collect()
    }

    /// The 1-based sheet row a grid row came from.
    pub fn source_row(&self, row: usize) -> u32 {
        self.source_rows.get(row).unwrap_or(0)
    }

    /// The grid row that came from 1-based sheet row `sheet_row` (rows are packed in sheet order).
    pub fn row_of_source(&self, sheet_row: u32) -> Option<usize> {
        self.source_rows.index_of(sheet_row)
    }

    /// Change cells: `(row, col, text, kind code)`, grid coordinates. A later change of the same
    /// cell wins; cells outside the grid are ignored. Returns how many cells changed. The packed
    /// buffers stay as they are: the changes are kept beside them and read first.
    pub fn patch(&mut self, changes: impl IntoIterator<Item = (usize, usize, String, u8)>) -> usize {
        let (rows, width) = (self.rows(), self.width);
        let mut changed = std::collections::BTreeSet::new();
        for (r, c, text, kind) in changes {
            if r < rows && c < width {
                self.patches.insert(r * width + c, (text, kind));
                changed.insert(r * width + c);
            }
        }
        changed.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minglu::{Cell, Directory, Mapping, Person, Profile, Sheet};

    fn opened() -> Opened {
        let sheet = Sheet {
            first_row: 2,
            rows: vec![
                vec![Cell::text("姓名"), Cell::text("手机"), Cell::text("备注")],
                vec![Cell::text("张三"), Cell::new("13800138000", CellKind::Number)],
                vec![],
                vec![Cell::text("李四"), Cell::new("", CellKind::Merged), Cell::new("=A1", CellKind::Formula)],
            ].into(),
            ..Sheet::default()
        };
        let headers = minglu::headers_of(&sheet, 0);
        let mapping = minglu::map_columns(&headers, Profile::Generic);
        let directory = Directory {
            people: vec![Person { source_row: 4, ..Person::default() }, Person { source_row: 6, ..Person::default() }],
            extra_headers: vec![],
        };
        let _: &Mapping = &mapping;
        Opened { sheet, header_index: 0, mapping, directory }
    }

    #[test]
    fn packs_the_people_rows_and_unpacks_them() {
        let grid = Grid::pack(&opened());
        assert_eq!((grid.rows(), grid.width()), (2, 3));
        assert_eq!(grid.cell(0, 0), "张三");
        assert_eq!(grid.cell(0, 1), "13800138000");
        assert_eq!(grid.cell(0, 2), "");
        assert_eq!(grid.kind(0, 2), CellKind::Empty);
        assert_eq!(grid.cell(1, 2), "=A1");
        assert_eq!(grid.kind(1, 1), CellKind::Merged);
        assert_eq!(grid.kind(1, 2), CellKind::Formula);
        assert_eq!((grid.source_row(0), grid.source_row(1)), (4, 6));
        assert_eq!(grid.cell(9, 0), "");
        assert_eq!(grid.first_values(), ["张三", "13800138000", "=A1"]);
        assert_eq!(grid.cell(0, 9), "");

        let (text, offsets, kinds, rows) = grid.parts();
        let back = Grid::from_parts(3, text.to_vec(), offsets.to_vec(), kinds.to_vec(), rows.clone()).unwrap();
        assert_eq!(back, grid);
    }

    /// Rows whose cells lie end to end are copied whole, the others a cell at a time: either way
    /// every cell packs as the sheet has it.
    #[test]
    fn rows_copied_whole_or_by_cell_pack_the_same_cells() {
        let csv = "姓名,手机,邮箱\n张三,13800138000,zs@x.cn\n李四,,ls@x.cn\n王五,13700137000\n\n赵六,13600136000,zl@x.cn\n";
        let mut opened = minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap();
        let sheet_row = |grid_row: usize, opened: &Opened| opened.directory.people[grid_row].source_row - 1 - opened.sheet.first_row;
        // Rewritten cells: their rows no longer lie end to end.
        let r = sheet_row(1, &opened);
        opened.sheet.rows.set(r, 1, "13900139000", CellKind::Number);
        let r = sheet_row(3, &opened);
        opened.sheet.rows.set(r, 0, "赵六六", CellKind::Text);
        let grid = Grid::pack(&opened);
        assert_eq!((grid.rows(), grid.width()), (4, 3));
        for g in 0..grid.rows() {
            let row = opened.sheet.rows.row(sheet_row(g, &opened));
            for c in 0..grid.width() {
                assert_eq!((grid.cell(g, c).as_ref(), grid.kind(g, c)), (row.text(c), row.kind(c)), "row {g} column {c}");
            }
        }
        assert_eq!((grid.cell(1, 1).as_ref(), grid.cell(3, 0).as_ref(), grid.cell(2, 2).as_ref()), ("13900139000", "赵六六", ""));
    }

    #[test]
    fn rejects_buffers_that_do_not_fit() {
        let grid = Grid::pack(&opened());
        let (text, offsets, kinds, rows) = grid.parts();
        assert!(Grid::from_parts(2, text.to_vec(), offsets.to_vec(), kinds.to_vec(), rows.clone()).is_err());
        let mut bad = offsets.to_vec();
        bad[1] = bad[2] + 1; // not increasing
        assert!(Grid::from_parts(3, text.to_vec(), bad, kinds.to_vec(), rows.clone()).is_err());
        assert!(Grid::from_parts(1, vec![b'a'], vec![0, 2], vec![1], SourceRows::from_rows([1])).is_err()); // past the end
    }

    #[test]
    fn damaged_text_reads_as_a_replacement_character_never_a_panic() {
        let grid = Grid::pack(&opened());
        let (text, offsets, kinds, rows) = grid.parts();
        let mut inside = offsets.to_vec();
        inside[1] = 1; // inside 张: cells 0 and 1 are cut mid-character
        let cut = Grid::from_parts(3, text.to_vec(), inside, kinds.to_vec(), rows.clone()).unwrap();
        assert_eq!(cut.cell(0, 0), "\u{FFFD}");
        assert_eq!(cut.cell(0, 1), "\u{FFFD}");
        assert_eq!(cut.cell(1, 0), "李四");
        let junk = Grid::from_parts(1, vec![0xff], vec![0, 1], vec![1], SourceRows::from_rows([1])).unwrap();
        assert_eq!(junk.cell(0, 0), "\u{FFFD}");
    }

    #[test]
    fn patches_change_cells_in_one_pass() {
        let mut grid = Grid::pack(&opened());
        let t = kind_code(CellKind::Text);
        let n = grid.patch([
            (1, 1, "合并后".to_string(), t),
            (0, 0, "张三丰".to_string(), t),
            (0, 1, "wrong".to_string(), t),
            (0, 1, "13900139000".to_string(), t), // the later change of a cell wins
            (9, 0, "outside".to_string(), t),
            (1, 2, String::new(), kind_code(CellKind::Empty)),
        ]);
        assert_eq!(n, 4);
        assert_eq!(grid.cell(0, 0), "张三丰");
        assert_eq!(grid.cell(0, 1), "13900139000");
        assert_eq!(grid.cell(0, 2), "");
        assert_eq!(grid.cell(1, 0), "李四");
        assert_eq!(grid.cell(1, 1), "合并后");
        assert_eq!(grid.kind(1, 1), CellKind::Text);
        assert_eq!(grid.cell(1, 2), "");
        assert_eq!(grid.kind(1, 2), CellKind::Empty);
        // The packed buffers are as they were; the changes sit beside them.
        let (text, offsets, kinds, rows) = grid.parts();
        let packed = Grid::from_parts(3, text.to_vec(), offsets.to_vec(), kinds.to_vec(), rows.clone()).unwrap();
        assert_eq!(packed, Grid::pack(&opened()));
        assert_eq!(grid.patch(Vec::new()), 0);
        assert_eq!((grid.row_of_source(4), grid.row_of_source(6), grid.row_of_source(5)), (Some(0), Some(1), None));
    }

    /// `row_cells` reads what `cell` and `kind` read, one row at a time: patched, damaged, and
    /// outside the grid.
    #[test]
    fn a_row_reads_as_its_cells() {
        let each = |g: &Grid, r: usize| (0..g.width()).map(|c| (g.cell(r, c).into_owned(), g.kind(r, c))).collect::<Vec<_>>();
        let mut grid = Grid::pack(&opened());
        grid.patch([(1, 1, "合并后".to_string(), kind_code(CellKind::Text))]);
        for r in 0..grid.rows() {
            assert_eq!(grid.row_cells(r), each(&grid, r), "row {r}");
        }
        assert_eq!(grid.row_cells(1)[1], ("合并后".to_string(), CellKind::Text));
        assert_eq!(grid.row_cells(2), vec![]);

        let (text, offsets, kinds, rows) = grid.parts();
        let mut inside = offsets.to_vec();
        inside[1] = 1; // inside 张
        let cut = Grid::from_parts(3, text.to_vec(), inside, kinds.to_vec(), rows.clone()).unwrap();
        assert_eq!(cut.row_cells(0), each(&cut, 0));
        assert_eq!(cut.row_cells(0)[0].0, "\u{FFFD}");
        // Offsets out of order inside a row: a replacement character, never a panic.
        assert_eq!(decode_row(&[0, 5, 2, 6], &[1, 1, 1], b"abcdef"), vec![
            ("abcde".to_string(), CellKind::Text),
            ("\u{FFFD}".to_string(), CellKind::Text),
            ("cdef".to_string(), CellKind::Text),
        ]);
    }

    #[test]
    fn columns_are_measured_in_display_units() {
        let grid = Grid::pack(&opened());
        assert_eq!(grid.units(), [4, 11, 3]); // 张三/李四, 13800138000, =A1
        assert_eq!(display_units("营销a"), 5);
        let (text, offsets, kinds, rows) = grid.parts();
        let back = Grid::from_parts(3, text.to_vec(), offsets.to_vec(), kinds.to_vec(), rows.clone()).unwrap();
        assert_eq!(back.units(), grid.units());
    }

    #[test]
    fn kind_codes_round_trip() {
        use CellKind::*;
        for k in [Empty, Text, Number, Date, Bool, Formula, Merged, Error] {
            assert_eq!(kind_of_code(kind_code(k)), k);
        }
    }
}
