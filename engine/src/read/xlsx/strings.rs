//! Strings as xlsx writes them: the shared-strings table, rich text, and the escapes.

use super::pieces::Pieces;
use super::scan::{attrs, Scanner, Tok};
use crate::read::cell_text::CellText;
use crate::read::Frozen;
use std::io::Read;
use std::sync::Arc;

/// The shared strings, in one text (calamine kept a `String` each: 24 bytes and an allocation
/// apiece, millions of them at 1M rows). The text is in pieces and frozen, so the sheet's cells
/// point into it instead of copying each string once per cell: a directory repeats its
/// departments, titles and genders in every row (see `Rows::set_shared`).
pub(super) struct SharedStrings {
    text: Arc<Frozen>,
    /// Per string, where it ends in its piece of `text`; it starts where the string before it
    /// ends, or at 0 when it is its piece's first.
    ends: Vec<u32>,
    /// Per piece of `text`, the index of its first string.
    firsts: Vec<u32>,
}

impl Default for SharedStrings {
    fn default() -> SharedStrings {
        SharedStrings { text: Arc::new(Frozen::of_text(CellText::default())), ends: Vec::new(), firsts: Vec::new() }
    }
}

impl SharedStrings {
    /// String `i`, if the table has it.
    #[cfg(test)]
    pub(super) fn get(&self, i: usize) -> Option<&str> {
        self.shared(i).map(|(text, _)| text)
    }

    /// String `i` and its place in [`SharedStrings::text`], if the table has it.
    pub(super) fn shared(&self, i: usize) -> Option<(&str, usize)> {
        let end = *self.ends.get(i)? as usize;
        let k = self.firsts.partition_point(|&f| f as usize <= i).checked_sub(1)?;
        let start = if self.firsts[k] as usize == i { 0 } else { self.ends[i - 1] as usize };
        let place = CellText::place(k, start);
        Some((self.text.text_at(place, end - start), place))
    }

    /// The strings' text, for the cells to point into.
    pub(super) fn text(&self) -> &Arc<Frozen> {
        &self.text
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Read the table (`<sst><si>…</si>…</sst>`), in pieces. `budget` caps its text (bytes).
    /// Damage is a [`Corrupt`](crate::ErrorKind::Corrupt) error, text past the budget
    /// [`TooLarge`](crate::ErrorKind::TooLarge).
    pub(super) fn read(part: impl Read, budget: u64) -> crate::Result<SharedStrings> {
        let damaged = |e: String| super::damaged(format!("shared strings: {e}"));
        let mut strings = Building::default();
        let mut pieces = Pieces::new(part, b"si>");
        let mut text = String::new();
        while let Some(piece) = pieces.next_piece().map_err(|e| damaged(e.to_string()))? {
            let mut xml = Scanner::new(piece);
            while let Some(tok) = xml.next().map_err(damaged)? {
                match tok {
                    Tok::Open { name: b"sst", attrs: a, .. } => {
                        // Reserve from the declared count, but never more than the part can
                        // hold: a few bytes declaring billions must not allocate them.
                        let count = attrs(a).find(|(k, _)| *k == b"uniqueCount").map(|(_, v)| v);
                        if let Some(n) = count.and_then(|v| std::str::from_utf8(v).ok()?.parse::<usize>().ok()) {
                            strings.ends.reserve(n.min(budget as usize / 64));
                        }
                    }
                    Tok::Open { name: b"si", empty: false, .. } => {
                        text.clear();
                        read_rich(&mut xml, b"si", &mut text).map_err(damaged)?;
                        strings.push(&text, budget)?;
                    }
                    Tok::Open { name: b"si", empty: true, .. } => strings.push("", budget)?,
                    _ => {}
                }
            }
        }
        let Building { mut text, mut ends, mut firsts } = strings;
        text.shrink_to_fit();
        ends.shrink_to_fit();
        firsts.shrink_to_fit();
        Ok(SharedStrings { text: Arc::new(Frozen::of_text(text)), ends, firsts })
    }
}

/// The table while it is read.
#[derive(Default)]
struct Building {
    text: CellText,
    ends: Vec<u32>,
    firsts: Vec<u32>,
}

impl Building {
    fn push(&mut self, s: &str, budget: u64) -> crate::Result<()> {
        let budget = budget.min(u32::MAX as u64);
        if (self.text.len() + s.len()) as u64 > budget {
            return Err(crate::Error::new(
                crate::ErrorKind::TooLarge,
                format!(
                    "this workbook's shared strings hold more than {} MiB of text, far more than a \
                     directory needs; split the file or save it again in Excel or WPS",
                    budget >> 20
                ),
            ));
        }
        let pieces = self.text.pieces();
        self.text.push(s, 0);
        if self.text.pieces() > pieces {
            self.firsts.push(self.ends.len() as u32);
        }
        self.ends.push(self.text.last_len() as u32);
        Ok(())
    }
}

/// The text of a string element (`<si>` of the table, `<is>` of an inline string) up to its end
/// tag `end`, appended to `out`: plain (`<t>`) or rich (`<r><t>…</t></r>…`), without phonetic
/// guides (`<rPh>`, the kana over Japanese names). As Excel and calamine read it: each `<t>`
/// trimmed of ASCII spaces and line breaks unless it says `xml:space="preserve"`, then the
/// `_xHHHH_` escapes decoded.
pub(super) fn read_rich(xml: &mut Scanner<'_>, end: &[u8], out: &mut String) -> Result<(), String> {
    let mut phonetic = false;
    let mut t = String::new();
    while let Some(tok) = xml.next()? {
        match tok {
            Tok::Open { name: b"rPh", empty: false, .. } => phonetic = true,
            Tok::Close { name: b"rPh" } => phonetic = false,
            Tok::Open { name: b"t", empty: false, attrs: a } if !phonetic => {
                let preserve = attrs(a).any(|(k, v)| k == b"xml:space" && v == b"preserve");
                t.clear();
                xml.text(&mut t)?;
                let kept = if preserve { t.as_str() } else { t.trim_ascii() };
                unescape_into(kept, out);
            }
            Tok::Close { name } if name == end => return Ok(()),
            _ => {}
        }
    }
    Err(format!("a string ends before its </{}>", String::from_utf8_lossy(end)))
}

/// Decode Excel's `_xHHHH_` escapes (a UTF-16 unit each: `_x000D_` is a carriage return, an
/// emoji is two) of `s` into `out`; `_x005F_` escapes an underscore. Anything else is kept.
pub(super) fn unescape_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'_', &bytes[i..]).map(|p| i + p) {
        let Some(unit) = unit_at(bytes, at) else {
            i = at + 1;
            continue;
        };
        out.push_str(&s[copied..at]);
        let mut next = at + 7;
        let c = if (0xD800..0xDC00).contains(&unit) {
            match unit_at(bytes, next).filter(|low| (0xDC00..0xE000).contains(low)) {
                Some(low) => {
                    next += 7;
                    char::decode_utf16([unit, low]).next().and_then(|r| r.ok())
                }
                None => None,
            }
        } else {
            char::from_u32(unit as u32)
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        copied = next;
        i = next;
    }
    out.push_str(&s[copied..]);
}

/// The UTF-16 unit of an `_xHHHH_` escape at `at`.
fn unit_at(bytes: &[u8], at: usize) -> Option<u16> {
    let e = bytes.get(at..at + 7)?;
    if e[1] != b'x' || e[6] != b'_' {
        return None;
    }
    let hex = std::str::from_utf8(&e[2..6]).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unescape(s: &str) -> String {
        let mut out = String::new();
        unescape_into(s, &mut out);
        out
    }

    #[test]
    fn excel_escapes_decode() {
        assert_eq!(unescape("a_x000D_b"), "a\rb");
        assert_eq!(unescape("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape("_xD83D__xDCF7_"), "📷");
        assert_eq!(unescape("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape("张_三_x4E09"), "张_三_x4E09");
        assert_eq!(unescape("_xZZZZ_"), "_xZZZZ_");
    }

    #[test]
    fn rich_text_joins_its_runs_and_skips_phonetic_guides() {
        let xml = r#"<si><r><rPr><b/></rPr><t xml:space="preserve">张 </t></r><r><t> 三 </t></r><rPh sb="0" eb="1"><t>チョウ</t></rPh><t>&amp;&#x4E00;_x000A_</t></si>"#;
        let mut r = Scanner::new(xml.as_bytes());
        r.next().unwrap();
        let mut out = String::new();
        read_rich(&mut r, b"si", &mut out).unwrap();
        assert_eq!(out, "张 三&一\n");
    }

    #[test]
    fn the_table_reads_in_pieces_into_one_buffer() {
        let items: String = (0..30_000).map(|i| format!("<si><t>人{i}</t></si>")).collect();
        let xml = format!(r#"<?xml version="1.0"?><sst uniqueCount="30001">{items}<si/></sst>"#);
        let s = SharedStrings::read(xml.as_bytes(), 1 << 30).unwrap();
        assert_eq!(s.len(), 30_001);
        assert_eq!(s.get(0), Some("人0"));
        assert_eq!(s.get(29_999), Some("人29999"));
        assert_eq!(s.get(30_000), Some(""));
        assert_eq!(s.get(30_001), None);
    }

    #[test]
    fn text_past_the_budget_is_too_large_and_damage_is_corrupt() {
        let xml = "<sst><si><t>一二三四五六七八九十</t></si></sst>";
        let e = SharedStrings::read(xml.as_bytes(), 10).err().unwrap();
        assert_eq!(e.kind, crate::ErrorKind::TooLarge, "{e}");
        let e = SharedStrings::read("<sst><si><t>a</si".as_bytes(), 1 << 20).err().unwrap();
        assert_eq!(e.kind, crate::ErrorKind::Corrupt, "{e}");
    }

    #[test]
    fn regression_a_count_declaring_billions_reserves_what_the_part_can_hold() {
        let xml = r#"<sst uniqueCount="99999999999"><si><t>a</t></si></sst>"#;
        assert_eq!(SharedStrings::read(xml.as_bytes(), 4096).unwrap().len(), 1);
    }
}
