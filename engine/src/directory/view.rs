//! A person's fields read from the sheet's cells instead of copied out of them.
//!
//! The sheet and the directory both held every cell's text: at 1M people the directory's copy was
//! ~240 MiB of wasm memory, the same text the sheet already holds. A person mapped from a row that
//! is still as read (its cells in the sheet's frozen part, see [`Rows::freeze`]) keeps only where
//! that row's cells are; which columns give which field is said once for the whole directory (a
//! [`Layout`]). A field's text is then its columns' cell, trimmed — exactly what mapping copied.
//!
//! [`Rows::freeze`]: crate::read::Rows::freeze

use crate::map::Field;
use crate::normalize::text::trim;
use crate::read::Frozen;
use std::sync::Arc;

const N: usize = Field::ALL.len();

/// Which columns give each field, for every person of a directory.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Per field (`field as usize`), its column when it has exactly one (the usual case, read
    /// without a second lookup), else `NONE`.
    single: [u32; N],
    /// Per field, its columns in column order; a field mapped twice takes its last non-empty cell.
    columns: [Vec<usize>; N],
    /// The fields that have a column, in field order (mapping asks only these for a text).
    mapped: Vec<usize>,
}

const NONE: u32 = u32::MAX;

impl Layout {
    pub(crate) fn new(columns_of: &[(Field, Vec<usize>)]) -> Layout {
        let mut layout = Layout { single: [NONE; N], columns: Default::default(), mapped: Vec::new() };
        for (field, columns) in columns_of {
            let k = *field as usize;
            if !columns.is_empty() {
                layout.mapped.push(k);
            }
            layout.columns[k] = columns.clone();
            if let [c] = columns[..] {
                layout.single[k] = u32::try_from(c).unwrap_or(NONE);
            }
        }
        layout
    }
}

/// One person's row in the frozen cells.
#[derive(Debug, Clone)]
pub(crate) struct View {
    cells: Arc<Frozen>,
    layout: Arc<Layout>,
    /// The row's first cell in `cells`, and how many it has.
    first: u32,
    len: u32,
}

impl View {
    /// The view of the row whose cells are `cells[first..first + len]`, and the fields it has a
    /// (non-empty) text for, as a bit set; `None` when the row is too far in for the view's
    /// numbers (past 4G cells), and the person keeps a copy instead.
    pub(crate) fn of_row(cells: &Arc<Frozen>, layout: &Arc<Layout>, first: usize, len: usize) -> Option<(View, u32)> {
        let view = View {
            cells: Arc::clone(cells),
            layout: Arc::clone(layout),
            first: u32::try_from(first).ok()?,
            len: u32::try_from(len).ok()?,
        };
        let mut set = 0;
        for &k in &view.layout.mapped {
            if view.text(k).is_some() {
                set |= 1 << k;
            }
        }
        Some((view, set))
    }

    /// Field `k`'s text: its last column's non-empty cell, trimmed; `None` when all are empty.
    #[inline]
    pub(crate) fn text(&self, k: usize) -> Option<&str> {
        let (first, len) = (self.first as usize, self.len as usize);
        let single = self.layout.single[k];
        if single != NONE {
            let c = single as usize;
            return (c < len).then(|| trim(self.cells.cell(first + c))).filter(|t| !t.is_empty());
        }
        self.layout.columns[k]
            .iter()
            .rev()
            .filter(|&&c| c < len)
            .map(|&c| trim(self.cells.cell(first + c)))
            .find(|t| !t.is_empty())
    }
}
