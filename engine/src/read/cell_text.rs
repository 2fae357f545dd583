//! The cells' text, in pieces.
//!
//! One `String` for a whole sheet grows by doubling, and each growth holds the old and the new
//! buffer at once: at 1M rows the text is ~140 MiB, and its last growth held 128 + 256 MiB — the
//! read's peak of wasm memory. Here the text grows a piece at a time (pieces double in size up to
//! 4 MiB, so a small sheet stays small): nothing is ever copied to grow, and what is held beyond
//! the text is at most one piece's spare room.
//!
//! A cell's text never straddles two pieces, so a cell is still one `&str`. Its place is one
//! number: the piece in the high bits, the offset in the piece in the low [`OFFSET_BITS`] bits.

/// A piece never starts a text past 4 MiB: the offset's bits.
const OFFSET_BITS: u32 = 22;
const PIECE_MAX: usize = 1 << OFFSET_BITS;
const PIECE_MIN: usize = 1 << 12;

/// Text in pieces; see the module doc. Places count pieces from `first` (the pieces of an earlier
/// `CellText` this one continues: see `Rows`' frozen part).
#[derive(Debug, Clone, Default)]
pub(crate) struct CellText {
    pieces: Vec<String>,
    /// Bytes in all pieces.
    len: usize,
}

impl CellText {
    /// Room for about `bytes` in the first piece.
    pub(crate) fn with_capacity(bytes: usize) -> CellText {
        let mut text = CellText::default();
        if bytes > 0 {
            text.pieces.push(String::with_capacity(bytes.clamp(PIECE_MIN, PIECE_MAX)));
        }
        text
    }

    /// Bytes held (text no cell points at any more included).
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn pieces(&self) -> usize {
        self.pieces.len()
    }

    /// Append `s` (not empty); gives its place, counting this text's pieces from `first`.
    pub(crate) fn push(&mut self, s: &str, first: usize) -> usize {
        let fits = self.pieces.last().is_some_and(|p| p.capacity() - p.len() >= s.len());
        if !fits {
            // The next piece: twice the last one's room (up to 4 MiB), or the text's own size.
            let room = self.pieces.last().map_or(PIECE_MIN, |p| (2 * p.capacity()).min(PIECE_MAX));
            self.pieces.push(String::with_capacity(room.max(s.len())));
        }
        let k = self.pieces.len() - 1;
        let piece = &mut self.pieces[k];
        let offset = piece.len();
        debug_assert!(offset < PIECE_MAX || s.is_empty());
        piece.push_str(s);
        self.len += s.len();
        ((first + k) << OFFSET_BITS) | offset
    }

    /// The `len` bytes at `place`, when they are in this text (pieces counted from `first`).
    #[inline(always)]
    pub(crate) fn get(&self, place: usize, len: usize, first: usize) -> &str {
        let (k, offset) = split(place);
        &self.pieces[k - first][offset..offset + len]
    }

    /// The `len` bytes at `place` (pieces counted from 0), or `None` when this text has no such
    /// range.
    pub(crate) fn try_get(&self, place: usize, len: usize) -> Option<&str> {
        let (k, offset) = split(place);
        self.pieces.get(k)?.get(offset..offset.checked_add(len)?)
    }

    /// Which piece `place` is in (counting from the first text's first piece).
    #[inline]
    pub(crate) fn piece_of(place: usize) -> usize {
        split(place).0
    }

    /// Bytes in the last piece.
    pub(crate) fn last_len(&self) -> usize {
        self.pieces.last().map_or(0, String::len)
    }

    /// The place `offset` bytes into piece `k`.
    pub(crate) fn place(k: usize, offset: usize) -> usize {
        (k << OFFSET_BITS) | offset
    }

    /// Write `s` over the start of the text at `place` (which had `old_len >= s.len()` bytes) when
    /// the rest stays whole characters (the piece stays valid UTF-8); `false` if it would not.
    pub(crate) fn overwrite(&mut self, place: usize, s: &str, first: usize) -> bool {
        let (k, offset) = split(place);
        let piece = &mut self.pieces[k - first];
        if !piece.is_char_boundary(offset + s.len()) {
            return false;
        }
        piece.replace_range(offset..offset + s.len(), s);
        true
    }

    /// Move `other`'s pieces to the end of this text (places in `other` already counted this
    /// text's pieces before its own, so they stay right).
    pub(crate) fn append(&mut self, other: &mut CellText) {
        self.len += other.len;
        self.pieces.append(&mut other.pieces);
        other.len = 0;
    }

    /// Give back the last piece's spare room.
    pub(crate) fn shrink_to_fit(&mut self) {
        if let Some(last) = self.pieces.last_mut() {
            last.shrink_to_fit();
        }
    }
}

#[inline(always)]
fn split(place: usize) -> (usize, usize) {
    (place >> OFFSET_BITS, place & (PIECE_MAX - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growing_text_adds_pieces_and_never_moves_a_text() {
        let mut text = CellText::default();
        let mut places = Vec::new();
        let cell = "研发中心/平台组".repeat(10);
        for _ in 0..100_000 {
            places.push(text.push(&cell, 0));
        }
        let piece_cap = text.pieces[0].capacity();
        assert_eq!(text.len(), 100_000 * cell.len());
        assert!(places.iter().all(|&p| text.get(p, cell.len(), 0) == cell));
        assert!(text.pieces() > 3 && text.pieces.iter().all(|p| p.capacity() <= PIECE_MAX));
        assert_eq!(text.pieces[0].capacity(), piece_cap, "the first piece was never grown");
        // A text larger than a piece gets a piece of its own.
        let huge = "长".repeat(2 * PIECE_MAX);
        let at = text.push(&huge, 0);
        assert_eq!(text.get(at, huge.len(), 0), huge);
    }

    #[test]
    fn a_continued_text_counts_places_past_the_first_ones_pieces() {
        let mut first = CellText::default();
        let a = first.push("甲", 0);
        let mut next = CellText::default();
        let b = next.push("乙", first.pieces());
        assert_eq!(CellText::piece_of(b), 1);
        assert!(next.overwrite(b, "丙", first.pieces()));
        assert!(!next.overwrite(b, "x", first.pieces()), "would cut a character");
        first.append(&mut next);
        assert_eq!((first.get(a, 3, 0), first.get(b, 3, 0)), ("甲", "丙"));
        assert!(next.is_empty());
    }
}
