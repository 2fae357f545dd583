//! The sheet row of every grid row, kept as runs of consecutive rows.
//!
//! A file's people are almost always one run (row 2, 3, 4 …), broken only where blank rows were
//! skipped, so a 1M-row grid's row numbers are a handful of numbers instead of a 4 MB list:
//! copying that list into the page's wasm memory was 10 ms of the first screen's task.

/// Grid row → 1-based sheet row and back, for rows packed in ascending sheet order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceRows {
    /// Each run's first grid row, its first sheet row and its length; both starts ascending.
    runs: Vec<Run>,
    len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    index: usize,
    row: u32,
    len: u32,
}

impl SourceRows {
    /// From the sheet rows in grid order. A row that does not follow the one before starts a
    /// new run; rows out of order still read back by grid row, but only ascending rows can be
    /// looked up by sheet row.
    pub fn from_rows(rows: impl IntoIterator<Item = u32>) -> SourceRows {
        let mut out = SourceRows::default();
        for row in rows {
            match out.runs.last_mut() {
                Some(run) if run.row.checked_add(run.len) == Some(row) && run.len < u32::MAX => run.len += 1,
                _ => out.runs.push(Run { index: out.len, row, len: 1 }),
            }
            out.len += 1;
        }
        out
    }

    /// The runs as `u32`s for the message: `[first sheet row, length]` per run.
    pub fn words(&self) -> Vec<u32> {
        self.runs.iter().flat_map(|r| [r.row, r.len]).collect()
    }

    /// The runs of a received message; runs that are empty, overlap or go backwards are an error.
    pub fn from_words(words: &[u32]) -> Result<SourceRows, String> {
        let bad = |why: &str| Err(format!("the grid's row numbers do not read: {why}"));
        if !words.len().is_multiple_of(2) {
            return bad("not pairs");
        }
        let mut out = SourceRows::default();
        let mut next = 0u64; // the lowest row the next run may start at
        for pair in words.chunks_exact(2) {
            let (row, len) = (pair[0], pair[1]);
            if len == 0 || u64::from(row) < next {
                return bad("runs out of order");
            }
            next = u64::from(row) + u64::from(len);
            if next > u64::from(u32::MAX) + 1 {
                return bad("past the last row");
            }
            out.runs.push(Run { index: out.len, row, len });
            out.len += len as usize;
        }
        Ok(out)
    }

    /// Number of grid rows.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The sheet row of grid row `index`.
    pub fn get(&self, index: usize) -> Option<u32> {
        let run = self.runs[..self.runs.partition_point(|r| r.index <= index)].last()?;
        let offset = index - run.index;
        (offset < run.len as usize).then(|| run.row + offset as u32)
    }

    /// The grid row of sheet row `row` (runs ascending, as packed).
    pub fn index_of(&self, row: u32) -> Option<usize> {
        let run = self.runs[..self.runs.partition_point(|r| r.row <= row)].last()?;
        let offset = row - run.row;
        (offset < run.len).then(|| run.index + offset as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_rows_are_one_run_and_read_back() {
        let rows = [2, 3, 4, 7, 8, 20, 22];
        let s = SourceRows::from_rows(rows);
        assert_eq!(s.words(), [2, 3, 7, 2, 20, 1, 22, 1]);
        assert_eq!(s.len(), rows.len());
        for (i, &r) in rows.iter().enumerate() {
            assert_eq!(s.get(i), Some(r));
            assert_eq!(s.index_of(r), Some(i));
        }
        assert_eq!((s.get(7), s.index_of(1), s.index_of(5), s.index_of(21), s.index_of(23)), (None, None, None, None, None));
        assert_eq!(SourceRows::from_words(&s.words()).unwrap(), s);
        let million = SourceRows::from_rows(2..1_000_002);
        assert_eq!(million.words(), [2, 1_000_000]);
        assert_eq!((million.get(999_999), million.index_of(1_000_001)), (Some(1_000_001), Some(999_999)));
    }

    #[test]
    fn damaged_words_are_an_error_never_a_panic() {
        for words in [&[2][..], &[2, 0], &[5, 3, 6, 1], &[5, 3, 4, 1], &[u32::MAX, 2]] {
            assert!(SourceRows::from_words(words).is_err(), "{words:?}");
        }
        assert_eq!(SourceRows::from_words(&[]).unwrap(), SourceRows::default());
        assert!(SourceRows::from_words(&[u32::MAX, 1]).is_ok());
    }
}
