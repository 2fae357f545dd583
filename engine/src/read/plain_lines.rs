//! The records of a CSV before its first quote character, split by hand.
//!
//! Exports from the platforms quote a field only when it needs it, and most directories have no
//! field that does: every record is then one line and every field the text between two
//! delimiters. The csv crate reads those records through its state machine a byte at a time and
//! checks each field's UTF-8 with a call of its own (1.4M calls at 100k rows × 14 columns). Here
//! a record is found with one byte search for its line break, checked for UTF-8 once, and cut at
//! its delimiters in one loop over its bytes. At the first line holding a `"` the csv crate takes over
//! (`split` in [`super::text`]), from the start of that line: a quoted field may span lines.
//!
//! What comes out is what the csv crate gives (`flexible`, no headers, `\r`, `\n` or `\r\n` ending
//! a record, blank lines skipped), with each blank line before a record put back as an empty row,
//! as `split` does: a test holds the two to the same rows on every short text over the bytes
//! that matter.

use super::text::Taking;
use super::{CellKind, Rows};
use crate::Result;

/// Where the hand split stopped.
pub(super) enum Stop {
    /// At the end of the input, or at the start of a line holding a quote (the byte offset: the
    /// csv crate reads on from there).
    At(usize),
    /// A record is not UTF-8.
    NotUtf8,
}

/// Split the records of `input` on `byte` into `rows` up to the first line with a `"`, each
/// record held to the limits and counted by `taking`.
pub(super) fn split(input: &[u8], byte: u8, rows: &mut Rows, taking: &mut Taking<'_>) -> Result<Stop> {
    // The csv crate drops a byte-order mark at the start; the caller has dropped it already, and
    // a second one is left to the crate.
    if matches!(byte, b'"' | b'\r' | b'\n') || input.starts_with(b"\xEF\xBB\xBF") {
        return Ok(Stop::At(0));
    }
    let kind = |f: &str| if f.is_empty() { CellKind::Empty } else { CellKind::Text };
    // Blank lines since the last record, and where the first of them starts.
    let (mut at, mut blank, mut blank_from) = (0, 0, 0);
    let mut cuts: Vec<usize> = Vec::new();
    while at < input.len() {
        let end = memchr::memchr2(b'\n', b'\r', &input[at..]).map_or(input.len(), |n| at + n);
        let line = &input[at..end];
        let next = match input.get(end) {
            Some(b'\r') if input.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        if line.is_empty() {
            if blank == 0 {
                blank_from = at;
            }
            blank += 1;
            at = next;
            continue;
        }
        if memchr::memchr(b'"', line).is_some() {
            break;
        }
        let Ok(line) = std::str::from_utf8(line) else { return Ok(Stop::NotUtf8) };
        // Where the fields end, in a loop over the bytes: `str::split` with a `char` searched and
        // compared per field (a third of this split's time natively).
        cuts.clear();
        cuts.extend(line.bytes().enumerate().filter(|&(_, b)| b == byte).map(|(i, _)| i));
        cuts.push(line.len());
        rows.push_empty_rows(std::mem::take(&mut blank));
        taking.record(rows, cuts.len())?;
        let mut from = 0;
        rows.push_row(cuts.iter().map(|&end| {
            // The delimiter is ASCII: every cut is on a character boundary.
            let field = line.get(from..end).unwrap_or_default();
            from = end + 1;
            (field, kind(field))
        }));
        at = next;
        taking.took(rows, at as u64);
    }
    // Blank lines at the end are no rows; before a quoted record the csv crate counts them.
    Ok(Stop::At(if at < input.len() && blank > 0 { blank_from } else { at }))
}

#[cfg(test)]
mod tests {
    use super::super::text;
    use super::super::{Limits, ReadOptions};
    use crate::Result;

    fn both(input: &[u8], byte: u8, options: &ReadOptions) -> [Result<Option<super::Rows>>; 2] {
        [true, false].map(|by_hand| text::split(input, byte, None, by_hand, options, &mut |_| {}))
    }

    fn same(input: &[u8], byte: u8, options: &ReadOptions) {
        let [hand, csv] = both(input, byte, options);
        match (hand, csv) {
            (Ok(hand), Ok(csv)) => assert_eq!(hand, csv, "{:?}", String::from_utf8_lossy(input)),
            (Err(hand), Err(csv)) => assert_eq!(hand.to_string(), csv.to_string()),
            (hand, csv) => panic!("{:?}: by hand {hand:?}, the csv crate {csv:?}", String::from_utf8_lossy(input)),
        }
    }

    /// Every text of up to five pieces over the bytes that decide a split — the delimiter, each
    /// line break, the quote, a character of three bytes, a byte that is no UTF-8 — splits by
    /// hand into what the csv crate gives; with limits small enough to be passed (texts of up to
    /// four bytes), the same error at the same row.
    #[test]
    fn the_hand_split_gives_what_the_csv_crate_gives() {
        let pieces: [&[u8]; 7] = [b"a", b",", b"\r", b"\n", b"\"", "你".as_bytes(), b"\xFF"];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            last = last.iter().flat_map(|t| pieces.iter().map(move |p| [t.as_slice(), p].concat())).collect();
            texts.extend(last.iter().cloned());
        }
        let plain = ReadOptions::default();
        let tight = ReadOptions { limits: Limits { max_rows: 2, max_columns: 3, max_cells: 4, ..Limits::default() }, ..ReadOptions::default() };
        for t in &texts {
            same(t, b',', &plain);
            if t.len() <= 4 {
                same(t, b',', &tight);
            }
        }
        // Longer ones: blank lines before a quoted record that spans lines, a byte-order mark
        // left in, a tab as the delimiter.
        for t in [
            &b"a,b\r\n\r\n\n\"x\r\ny\",c\r\nd"[..],
            b"\xEF\xBB\xBFa,b\nc",
            b"\n\n\r\na,,\r\r\n",
            "姓名\t手机\n张三\t138\n\n李四\t\"139\"\n".as_bytes(),
        ] {
            same(t, b',', &plain);
            same(t, b'\t', &plain);
        }
        // The case the hand split is for: no quote anywhere.
        let [hand, _] = both(b"a,b\r\n\r\nc", b',', &plain);
        let rows = hand.unwrap().unwrap();
        assert_eq!((rows.len(), rows.row(0).text(1), rows.row(1).len(), rows.row(2).text(0)), (3, "b", 0, "c"));
    }
}
