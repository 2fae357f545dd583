//! A part of the package inflated in pieces that end right after a closing tag.
//!
//! The worksheet and the shared strings are the big parts (hundreds of megabytes of XML at a
//! million rows). Holding one whole would cost that much memory; parsing it through a buffered
//! reader copies every event (calamine's way, and most of its time). Here the part is inflated
//! into one buffer a few hundred kilobytes at a time and handed out up to the last `</row>` (or
//! `</si>`) in it, so a parser over the piece borrows every event from it and never stops inside
//! an element of that kind; the rest waits for the next piece.

use std::io::Read;

/// Bytes inflated at a time.
const STEP: u64 = 256 << 10;

pub(super) struct Pieces<R> {
    src: R,
    /// The closing tag's local name and `>`: `row>`.
    close: &'static [u8],
    buf: Vec<u8>,
    /// Bytes of `buf` handed out in the last piece, dropped before the next read.
    used: usize,
    eof: bool,
}

impl<R: Read> Pieces<R> {
    /// Pieces of `src` that end after a `</name>` (or `</prefix:name>`); `close` is `b"name>"`.
    pub(super) fn new(src: R, close: &'static [u8]) -> Self {
        Pieces { src, close, buf: Vec::new(), used: 0, eof: false }
    }

    /// The next piece, or `None` at the end of the part. The last piece is whatever follows the
    /// last closing tag (the end of the document).
    pub(super) fn next_piece(&mut self) -> std::io::Result<Option<&[u8]>> {
        self.buf.drain(..self.used);
        self.used = 0;
        loop {
            if self.eof {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                self.used = self.buf.len();
                return Ok(Some(&self.buf));
            }
            let before = self.buf.len();
            let n = (&mut self.src).take(STEP).read_to_end(&mut self.buf)?;
            if n == 0 {
                self.eof = true;
                continue;
            }
            // Only the new bytes (and a tag cut by the last read) can hold the first closing tag.
            let from = before.saturating_sub(self.close.len() + 24);
            if let Some(end) = last_close(&self.buf, from, self.close) {
                self.used = end;
                return Ok(Some(&self.buf[..end]));
            }
        }
    }
}

/// Where the last `</name>` or `</prefix:name>` at or after `from` ends. Text cannot hold a `<`
/// unescaped, so a cell that says `</row>` is not taken for the tag.
fn last_close(buf: &[u8], from: usize, close: &[u8]) -> Option<usize> {
    let hay = &buf[from..];
    for at in memchr::memmem::rfind_iter(hay, close) {
        let before = &hay[..at];
        let closes = before.ends_with(b"</") || {
            let prefix = before.iter().rev().skip(1).take_while(|b| b.is_ascii_alphanumeric()).count();
            before.last() == Some(&b':')
                && prefix > 0
                && before.len() >= prefix + 3
                && &before[before.len() - prefix - 3..before.len() - prefix - 1] == b"</"
        };
        if closes {
            return Some(from + at + close.len());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives a few bytes at a time, so every cut falls somewhere new.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(out.len()).min(self.1);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn pieces(xml: &[u8], step: usize) -> Vec<Vec<u8>> {
        let mut p = Pieces::new(Trickle(xml, step), b"row>");
        let mut out = Vec::new();
        while let Some(piece) = p.next_piece().unwrap() {
            out.push(piece.to_vec());
        }
        out
    }

    #[test]
    fn pieces_end_after_a_closing_row_tag_and_lose_nothing() {
        let rows: String = (1..=20_000).map(|r| format!("<x:row r=\"{r}\"><c><v>arrow> {r}</v></c></x:row>")).collect();
        let xml = format!("<worksheet><sheetData>{rows}</sheetData><mergeCells/></worksheet>");
        for step in [3, 1000, 1 << 20] {
            let got = pieces(xml.as_bytes(), step);
            assert_eq!(got.concat(), xml.as_bytes(), "step {step}");
            assert!(got.len() > 1);
            for piece in &got[..got.len() - 1] {
                assert!(piece.ends_with(b"</x:row>"), "step {step}");
            }
        }
    }

    #[test]
    fn the_word_in_text_is_not_a_cut() {
        assert_eq!(last_close(b"<v>row></v>", 0, b"row>"), None);
        assert_eq!(last_close(b"<row></row><v>a:row></v>", 0, b"row>"), Some(11));
        assert_eq!(last_close(b"</x:row>", 0, b"row>"), Some(8));
    }
}
