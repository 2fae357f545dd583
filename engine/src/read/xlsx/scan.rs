//! The tokens of a worksheet's or shared strings' XML, scanned from a borrowed piece.
//!
//! These two parts are nearly all of an xlsx file's bytes, and they use a small, fixed slice of
//! XML: elements with quoted attributes, text with entity and character references, now and then
//! CDATA, comments or a processing instruction — OOXML forbids a DTD. quick-xml's reader (used
//! for the small parts) validates every event as UTF-8, tracks nesting and builds an event per
//! tag; in the worker that was a third of reading a sheet. Here a tag is two `memchr`s and the
//! text the directory keeps is validated once, when it is decoded. Whatever the scanner does
//! not understand is an error that names it, never a silent skip.

use std::borrow::Cow;

/// One token. Names are local (`x:row` → `row`); text is raw (references not yet resolved).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    Open { name: &'a [u8], attrs: &'a [u8], empty: bool },
    Close { name: &'a [u8] },
    Text(&'a [u8]),
    CData(&'a [u8]),
}

pub(super) struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(b: &'a [u8]) -> Self {
        Scanner { b, i: 0 }
    }

    /// The next token, `None` at the end of the piece.
    pub(super) fn next(&mut self) -> Result<Option<Tok<'a>>, String> {
        loop {
            let b = self.b;
            let i = self.i;
            if i >= b.len() {
                return Ok(None);
            }
            if b[i] != b'<' {
                let end = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |p| i + p);
                self.i = end;
                return Ok(Some(Tok::Text(&b[i..end])));
            }
            match b.get(i + 1) {
                Some(b'/') => {
                    let gt = memchr::memchr(b'>', &b[i..]).map(|p| i + p).ok_or("an end tag that does not end")?;
                    self.i = gt + 1;
                    return Ok(Some(Tok::Close { name: local(trim(&b[i + 2..gt])) }));
                }
                Some(b'?') => self.i = self.find(i, b"?>")? + 2,
                Some(b'!') if b[i..].starts_with(b"<!--") => self.i = self.find(i + 4, b"-->")? + 3,
                Some(b'!') if b[i..].starts_with(b"<![CDATA[") => {
                    let end = self.find(i + 9, b"]]>")?;
                    self.i = end + 3;
                    return Ok(Some(Tok::CData(&b[i + 9..end])));
                }
                Some(b'!') => return Err("a document type declaration, which OOXML does not allow".into()),
                _ => {
                    // One pass to the first `>` outside a quoted value (a value may hold `>`):
                    // tags are short, so a plain loop beats a search call per quote.
                    let mut name_end = 0;
                    let mut quote = 0u8;
                    let mut j = i + 1;
                    let gt = loop {
                        let Some(&c) = b.get(j) else {
                            return Err("a tag that does not end".into());
                        };
                        if quote != 0 {
                            if c == quote {
                                quote = 0;
                            }
                        } else {
                            match c {
                                b'>' => break j,
                                b'"' | b'\'' => quote = c,
                                b' ' | b'\t' | b'\r' | b'\n' | b'/' if name_end == 0 => name_end = j,
                                _ => {}
                            }
                        }
                        j += 1;
                    };
                    if name_end == 0 {
                        name_end = gt;
                    }
                    self.i = gt + 1;
                    let empty = gt > name_end && b[gt - 1] == b'/';
                    let attrs_end = if empty { gt - 1 } else { gt };
                    return Ok(Some(Tok::Open { name: local(&b[i + 1..name_end]), attrs: &b[name_end..attrs_end], empty }));
                }
            }
        }
    }

    /// The value of a plain cell, `<v>…</v></c>` (nearly every cell an exporter writes), if that
    /// is what follows: its raw text, the scanner moved past the cell's end tag. Anything else
    /// (a formula, an inline string, a prefix, whitespace) returns `None` and moves nothing.
    pub(super) fn plain_value(&mut self) -> Option<&'a [u8]> {
        let rest = self.b.get(self.i..)?.strip_prefix(b"<v>")?;
        let lt = rest.iter().position(|&c| c == b'<')?;
        if !rest[lt..].starts_with(b"</v></c>") {
            return None;
        }
        self.i += 3 + lt + 8;
        Some(&rest[..lt])
    }

    /// The position of `what` at or after `from`.
    fn find(&self, from: usize, what: &[u8]) -> Result<usize, String> {
        memchr::memmem::find(&self.b[from..], what)
            .map(|p| from + p)
            .ok_or_else(|| format!("markup that does not end (no \"{}\")", String::from_utf8_lossy(what)))
    }

    /// Skip to the end of the element just opened (not empty), nested elements included.
    pub(super) fn skip_element(&mut self) -> Result<(), String> {
        let mut depth = 0u32;
        while let Some(t) = self.next()? {
            match t {
                Tok::Open { empty: false, .. } => depth += 1,
                Tok::Close { .. } if depth == 0 => return Ok(()),
                Tok::Close { .. } => depth -= 1,
                _ => {}
            }
        }
        Err("an element that does not end".into())
    }

    /// Append the text of the element just opened (not empty) to `out`, up to its end tag:
    /// references resolved, line ends as XML 1.0 reads them; the text of nested elements too.
    pub(super) fn text(&mut self, out: &mut String) -> Result<(), String> {
        let mut depth = 0u32;
        while let Some(t) = self.next()? {
            match t {
                Tok::Text(raw) => decode_into(raw, out)?,
                Tok::CData(raw) => out.push_str(&eols(utf8(raw)?)),
                Tok::Open { empty: false, .. } => depth += 1,
                Tok::Close { .. } if depth == 0 => return Ok(()),
                Tok::Close { .. } => depth -= 1,
                _ => {}
            }
        }
        Err("a value that does not end".into())
    }
}

fn utf8(raw: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(raw).map_err(|_| "text that is not UTF-8".to_string())
}

/// XML 1.0's end-of-line rule: `\r\n` and a lone `\r` read as `\n`.
fn eols(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Raw text decoded into `out`: UTF-8 checked, references (`&amp;`, `&#x4E00;`) resolved.
pub(super) fn decode_into(raw: &[u8], out: &mut String) -> Result<(), String> {
    let s = eols(utf8(raw)?);
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        out.push_str(&s);
        return Ok(());
    }
    let resolved = quick_xml::escape::unescape(&s).map_err(|e| format!("a reference in text: {e}"))?;
    out.push_str(&resolved);
    Ok(())
}

/// An element's attributes as written: (`key`, raw `value`). A cell's few short attributes are
/// read with plain loops.
pub(super) fn attrs(raw: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < raw.len() && is_space(raw[i]) {
            i += 1;
        }
        let key_start = i;
        while i < raw.len() && raw[i] != b'=' && !is_space(raw[i]) {
            i += 1;
        }
        let key = &raw[key_start..i];
        while i < raw.len() && (is_space(raw[i]) || raw[i] == b'=') {
            i += 1;
        }
        let quote = *raw.get(i).filter(|c| matches!(c, b'"' | b'\''))?;
        let start = i + 1;
        let mut end = start;
        while end < raw.len() && raw[end] != quote {
            end += 1;
        }
        if end >= raw.len() || key.is_empty() {
            return None;
        }
        i = end + 1;
        Some((key, &raw[start..end]))
    })
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| !is_space(c)).unwrap_or(s.len());
    let end = s.iter().rposition(|&c| !is_space(c)).map_or(start, |p| p + 1);
    &s[start..end]
}

/// `x:row` → `row`.
fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&c| c == b':') {
        Some(p) => &name[p + 1..],
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &str) -> Vec<Tok<'_>> {
        let mut s = Scanner::new(xml.as_bytes());
        std::iter::from_fn(|| s.next().unwrap()).collect()
    }

    #[test]
    fn tags_text_and_the_markup_that_is_skipped() {
        let xml = r#"<?xml version="1.0"?><!-- a <c> comment --><x:row r="1" spans='1:2'><c r="A1" t="s"/><v>a &amp; b</v><![CDATA[<raw>]]></x:row >"#;
        assert_eq!(
            tokens(xml),
            [
                Tok::Open { name: b"row", attrs: br#" r="1" spans='1:2'"#, empty: false },
                Tok::Open { name: b"c", attrs: br#" r="A1" t="s""#, empty: true },
                Tok::Open { name: b"v", attrs: b"", empty: false },
                Tok::Text(b"a &amp; b"),
                Tok::Close { name: b"v" },
                Tok::CData(b"<raw>"),
                Tok::Close { name: b"row" },
            ]
        );
    }

    #[test]
    fn a_quoted_value_may_hold_the_end_of_a_tag() {
        assert_eq!(tokens(r#"<f ref="a>b"/>"#), [Tok::Open { name: b"f", attrs: br#" ref="a>b""#, empty: true }]);
        assert_eq!(tokens("<br/>"), [Tok::Open { name: b"br", attrs: b"", empty: true }]);
    }

    #[test]
    fn text_resolves_references_and_line_ends() {
        let mut s = Scanner::new("<t>1 &lt; 2&#x4E00;&#10;x\r\ny<b>!</b></t>".as_bytes());
        s.next().unwrap();
        let mut out = String::new();
        s.text(&mut out).unwrap();
        assert_eq!(out, "1 < 2一\nx\ny!");
        assert!(s.next().unwrap().is_none());
    }

    #[test]
    fn damage_is_an_error_not_a_skip() {
        for bad in ["<c r=\"A1", "<!-- x", "<![CDATA[ x", "<!DOCTYPE x [<!ENTITY a 'b'>]><a/>", "<c r=\"A1>"] {
            let mut s = Scanner::new(bad.as_bytes());
            assert!(s.next().is_err(), "{bad}");
        }
        let mut out = String::new();
        assert!(decode_into(b"&bogus;", &mut out).is_err());
        assert!(decode_into(&[0xff, 0xfe], &mut out).is_err());
    }

    #[test]
    fn a_plain_value_is_taken_whole_and_anything_else_is_left() {
        let mut s = Scanner::new(b"<v>12</v></c><c>");
        assert_eq!(s.plain_value(), Some(&b"12"[..]));
        assert_eq!(s.next().unwrap(), Some(Tok::Open { name: b"c", attrs: b"", empty: false }));
        // Raw: the caller decodes the references.
        assert_eq!(Scanner::new(b"<v>a&amp;b</v></c>").plain_value(), Some(&b"a&amp;b"[..]));
        for other in ["<f>A1</f><v>1</v></c>", "<v>1</v> </c>", "<x:v>1</x:v></x:c>", "<v>1</v>"] {
            let mut s = Scanner::new(other.as_bytes());
            assert_eq!(s.plain_value(), None, "{other}");
            assert_eq!(s.i, 0);
        }
    }

    #[test]
    fn attributes_as_written() {
        let got: Vec<_> = attrs(br#" r="A5" s='3'  t = "s" "#).collect();
        assert_eq!(got, [(&b"r"[..], &b"A5"[..]), (&b"s"[..], &b"3"[..]), (&b"t"[..], &b"s"[..])]);
    }
}
