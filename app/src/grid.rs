//! The data rows as one packed block: every cell's text concatenated in one UTF-8 string, a `u32`
//! offset per cell boundary, one kind byte per cell and the sheet row of every grid row.
//!
//! The worker packs it ([`Grid::pack`]) and transfers the four buffers; the page wraps them
//! ([`Grid::from_parts`]) and the virtualized view reads `cell(row, col)` — no cell ever crosses
//! the wasm boundary on its own.
//!
//! The page checks the buffers' shape when it wraps them but decodes a cell's UTF-8 only when the
//! cell is read: validating 10 MB of text up front cost ~100 ms of one main-thread task at 100k
//! rows, and the view reads only the ~40 rows on screen. A damaged cell reads as `�`, never a panic.

use minglu::{CellKind, Opened};

/// A read-only grid of `rows × width` cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    width: usize,
    /// UTF-8 (as the worker packs it); decoded per cell in [`cell`](Self::cell).
    text: Vec<u8>,
    /// `rows * width + 1` offsets into `text`; cell `i` is `text[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    /// One [`kind_code`] per cell.
    kinds: Vec<u8>,
    /// The 1-based sheet row of each grid row, as a spreadsheet shows it.
    source_rows: Vec<u32>,
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

impl Grid {
    /// Pack the data rows of an opened file: one grid row per person of the directory (so the
    /// grid shows exactly the rows the engine took), every column of the sheet.
    pub fn pack(opened: &Opened) -> Grid {
        Grid::pack_rows(&opened.sheet, &opened.mapping, &opened.directory)
    }

    /// [`pack`](Self::pack) from the parts: the worker packs its edited document this way when
    /// rows come or go (a merge, a deletion, their undo).
    pub fn pack_rows(sheet: &minglu::Sheet, mapping: &minglu::Mapping, directory: &minglu::Directory) -> Grid {
        let width = mapping.columns.len().max(sheet.width());
        let people = &directory.people;
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(people.len() * width + 1);
        let mut kinds = Vec::with_capacity(people.len() * width);
        let mut source_rows = Vec::with_capacity(people.len());
        offsets.push(0u32);
        for person in people {
            // `rows[i]` is sheet row `first_row + i + 1`.
            let cells = person
                .source_row
                .checked_sub(sheet.first_row + 1)
                .and_then(|i| sheet.rows.get(i))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            for c in 0..width {
                match cells.get(c) {
                    Some(cell) => {
                        text.push_str(&cell.text);
                        kinds.push(kind_code(cell.kind));
                    }
                    None => kinds.push(kind_code(CellKind::Empty)),
                }
                offsets.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            }
            source_rows.push(u32::try_from(person.source_row).unwrap_or(u32::MAX));
        }
        Grid { width, text: text.into_bytes(), offsets, kinds, source_rows }
    }

    /// Reassemble a grid from its buffers, checking they fit together (a bad buffer gives an
    /// error, never a panic later).
    pub fn from_parts(
        width: usize,
        text: Vec<u8>,
        offsets: Vec<u32>,
        kinds: Vec<u8>,
        source_rows: Vec<u32>,
    ) -> Result<Grid, String> {
        let cells = source_rows.len() * width;
        if offsets.len() != cells + 1 || kinds.len() != cells {
            return Err(format!(
                "grid buffers do not fit: {} rows × {width} columns, {} offsets, {} kinds",
                source_rows.len(),
                offsets.len(),
                kinds.len()
            ));
        }
        if offsets.first() != Some(&0)
            || offsets.windows(2).any(|w| w[0] > w[1])
            || offsets.last().map(|&o| o as usize) != Some(text.len())
        {
            return Err("grid offsets are not increasing positions in its text".into());
        }
        Ok(Grid { width, text, offsets, kinds, source_rows })
    }

    /// The four buffers, in the order [`from_parts`](Self::from_parts) takes them (after `width`).
    pub fn parts(&self) -> (&[u8], &[u32], &[u8], &[u32]) {
        (&self.text, &self.offsets, &self.kinds, &self.source_rows)
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
    pub fn cell(&self, row: usize, col: usize) -> &str {
        if col >= self.width || row >= self.rows() {
            return "";
        }
        let i = row * self.width + col;
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        self.text.get(a..b).map_or("", |bytes| std::str::from_utf8(bytes).unwrap_or("\u{FFFD}"))
    }

    /// What the cell was in the file.
    pub fn kind(&self, row: usize, col: usize) -> CellKind {
        if col >= self.width || row >= self.rows() {
            return CellKind::Empty;
        }
        kind_of_code(self.kinds[row * self.width + col])
    }

    /// Per column, the first non-blank value (trimmed), or `""` when the column is blank.
    pub fn first_values(&self) -> Vec<String> {
        (0..self.width)
            .map(|c| (0..self.rows()).map(|r| self.cell(r, c).trim()).find(|v| !v.is_empty()).unwrap_or("").to_string())
            .collect()
    }

    /// The 1-based sheet row a grid row came from.
    pub fn source_row(&self, row: usize) -> u32 {
        self.source_rows.get(row).copied().unwrap_or(0)
    }

    /// The grid row that came from 1-based sheet row `sheet_row`. Rows are packed in sheet order,
    /// so a binary search finds it.
    pub fn row_of_source(&self, sheet_row: u32) -> Option<usize> {
        self.source_rows.binary_search(&sheet_row).ok()
    }

    /// Change cells: `(row, col, text, kind code)`, grid coordinates. One pass over the grid
    /// however many cells change (a fix may change thousands); a later change of the same cell
    /// wins; cells outside the grid are ignored. Returns how many cells changed.
    pub fn patch(&mut self, changes: impl IntoIterator<Item = (usize, usize, String, u8)>) -> usize {
        let (rows, width) = (self.rows(), self.width);
        let mut changes: Vec<(usize, String, u8)> = changes
            .into_iter()
            .filter(|(r, c, _, _)| *r < rows && *c < width)
            .map(|(r, c, text, kind)| (r * width + c, text, kind))
            .collect();
        if changes.is_empty() {
            return 0;
        }
        // Stable sort, then keep the last change of each cell.
        changes.sort_by_key(|c| c.0);
        let mut kept: Vec<(usize, String, u8)> = Vec::with_capacity(changes.len());
        for c in changes {
            match kept.last_mut() {
                Some(last) if last.0 == c.0 => *last = c,
                _ => kept.push(c),
            }
        }
        let cells = self.kinds.len();
        let old = std::mem::take(&mut self.text);
        let old_offsets = std::mem::take(&mut self.offsets);
        let grow: usize = kept.iter().map(|c| c.1.len()).sum();
        let mut text = Vec::with_capacity(old.len() + grow);
        let mut offsets = Vec::with_capacity(cells + 1);
        offsets.push(0u32);
        // Copy the unchanged cells `from..to` in one piece, shifting their end offsets.
        let copy_run = |text: &mut Vec<u8>, offsets: &mut Vec<u32>, from: usize, to: usize| {
            let (a, b) = (old_offsets[from] as usize, old_offsets[to] as usize);
            let shift = text.len() as i64 - a as i64;
            text.extend_from_slice(&old[a..b]);
            offsets.extend(old_offsets[from + 1..=to].iter().map(|&o| (o as i64 + shift) as u32));
        };
        let mut run = 0;
        for (cell, new_text, kind) in &kept {
            copy_run(&mut text, &mut offsets, run, *cell);
            text.extend_from_slice(new_text.as_bytes());
            offsets.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            self.kinds[*cell] = *kind;
            run = cell + 1;
        }
        copy_run(&mut text, &mut offsets, run, cells);
        self.text = text;
        self.offsets = offsets;
        kept.len()
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
            ],
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
        let back = Grid::from_parts(3, text.to_vec(), offsets.to_vec(), kinds.to_vec(), rows.to_vec()).unwrap();
        assert_eq!(back, grid);
    }

    #[test]
    fn rejects_buffers_that_do_not_fit() {
        let grid = Grid::pack(&opened());
        let (text, offsets, kinds, rows) = grid.parts();
        assert!(Grid::from_parts(2, text.to_vec(), offsets.to_vec(), kinds.to_vec(), rows.to_vec()).is_err());
        let mut bad = offsets.to_vec();
        bad[1] = bad[2] + 1; // not increasing
        assert!(Grid::from_parts(3, text.to_vec(), bad, kinds.to_vec(), rows.to_vec()).is_err());
        assert!(Grid::from_parts(1, vec![b'a'], vec![0, 2], vec![1], vec![1]).is_err()); // past the end
    }

    #[test]
    fn damaged_text_reads_as_a_replacement_character_never_a_panic() {
        let grid = Grid::pack(&opened());
        let (text, offsets, kinds, rows) = grid.parts();
        let mut inside = offsets.to_vec();
        inside[1] = 1; // inside 张: cells 0 and 1 are cut mid-character
        let cut = Grid::from_parts(3, text.to_vec(), inside, kinds.to_vec(), rows.to_vec()).unwrap();
        assert_eq!(cut.cell(0, 0), "\u{FFFD}");
        assert_eq!(cut.cell(0, 1), "\u{FFFD}");
        assert_eq!(cut.cell(1, 0), "李四");
        let junk = Grid::from_parts(1, vec![0xff], vec![0, 1], vec![1], vec![1]).unwrap();
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
        // Still a consistent grid.
        let (text, offsets, kinds, rows) = grid.parts();
        let back = Grid::from_parts(3, text.to_vec(), offsets.to_vec(), kinds.to_vec(), rows.to_vec()).unwrap();
        assert_eq!(back, grid);
        assert_eq!(grid.patch(Vec::new()), 0);
        assert_eq!((grid.row_of_source(4), grid.row_of_source(6), grid.row_of_source(5)), (Some(0), Some(1), None));
    }

    #[test]
    fn kind_codes_round_trip() {
        use CellKind::*;
        for k in [Empty, Text, Number, Date, Bool, Formula, Merged, Error] {
            assert_eq!(kind_of_code(kind_code(k)), k);
        }
    }
}
