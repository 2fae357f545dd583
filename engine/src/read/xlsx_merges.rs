//! The merged ranges of an xlsx worksheet, found without parsing the sheet a second time.
//!
//! `<mergeCells>` comes after `<sheetData>` in a worksheet's XML, and calamine's cell reader does
//! not hand it over: `merge_cells_by_sheet_name` parses the whole sheet again, every event, to
//! reach it — a fifth of the instructions of reading a 20,000-row sheet (scripts/bench-instructions).
//! Here the sheet's XML is inflated and scanned for `<mergeCell ref="…">` tags.
//!
//! The worksheet's part is found the way calamine finds it (package relationships → workbook →
//! its relationships). When something does not fit (a part missing, a sheet name written with an
//! entity, a reference that does not parse) the sheet is read without merged ranges: they only
//! mark cells (a title row), and keeping calamine's parse as a fallback did not fit in a wasm
//! bundle at its size limit.

use super::MergedRange;
use std::io::{Cursor, Read};

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The merged ranges of worksheet `sheet` of the xlsx `bytes` (0-based), or `None` when they could
/// not be found this way.
pub(super) fn find(bytes: &[u8], sheet: &str) -> Option<Vec<MergedRange>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = worksheet_part(&mut zip, sheet)?;
    let merges = merges_in(entry(&mut zip, &part)?);
    merges
}

/// The zip path of the worksheet named `sheet`: `_rels/.rels` names the workbook part, the
/// workbook names the sheet's relationship, the workbook's relationships name its part.
/// Attribute values are compared as written: a sheet name with an entity (`R&amp;D`) is not
/// found here, and that sheet reads without merged ranges.
fn worksheet_part(zip: &mut Archive<'_>, sheet: &str) -> Option<String> {
    let root = small_part(zip, "_rels/.rels")?;
    let workbook = tags(&root, b"Relationship")
        .find(|t| attribute(t, b"Type").is_some_and(|k| k.ends_with(b"/officeDocument")))
        .and_then(|t| attribute(t, b"Target"))
        .map(|target| resolve("", target))??;
    let (dir, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
    let rels = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let book = small_part(zip, &workbook)?;
    let id = tags(&book, b"sheet").find(|t| attribute(t, b"name") == Some(sheet.as_bytes())).and_then(|t| attribute(t, b"id"))?;
    let rels = small_part(zip, &rels)?;
    let target = tags(&rels, b"Relationship").find(|t| attribute(t, b"Id") == Some(id)).and_then(|t| attribute(t, b"Target"))?;
    resolve(dir, target)
}

/// The zip entry of part `name`; some writers store `xl\\workbook.xml` (calamine's issue 530).
fn entry<'z, 'a>(zip: &'z mut Archive<'a>, name: &str) -> Option<zip::read::ZipFile<'z, Cursor<&'a [u8]>>> {
    let index = zip.index_for_name(name).or_else(|| zip.index_for_name(&name.replace('/', "\\")))?;
    zip.by_index(index).ok()
}

/// A workbook's part of a few kilobytes (the workbook, relationships), whole.
fn small_part(zip: &mut Archive<'_>, name: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    entry(zip, name)?.take(16 << 20).read_to_end(&mut out).ok()?;
    Some(out)
}

/// A target relative to the part's folder `dir`, or absolute (`/xl/…`). A target with `..` is
/// left as written: the zip has no such name, and the caller falls back to calamine.
fn resolve(dir: &str, target: &[u8]) -> Option<String> {
    let target = std::str::from_utf8(target).ok()?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    })
}

/// A tag found by [`next_tag`]: where its `<` is, where its name ends, and its `>` (`None`: not
/// in the bytes yet).
struct Tag {
    lt: usize,
    after: usize,
    gt: Option<usize>,
}

/// The next tag named `name` in `xml` from `from`: the name right after `<` or after `<prefix:`,
/// followed by a space, `/` or `>` (so `mergeCell` is not `mergeCells`). Text cannot hold a `<`
/// unescaped, so a cell that says "mergeCell" is not taken for one.
fn next_tag(xml: &[u8], from: usize, name: &[u8]) -> Option<Tag> {
    for at in memchr::memmem::find_iter(&xml[from..], name).map(|i| from + i) {
        let Some(lt) = tag_start(&xml[..at]) else { continue };
        let after = at + name.len();
        match xml.get(after) {
            None => return Some(Tag { lt, after, gt: None }),
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') => {}
            _ => continue,
        }
        let gt = memchr::memchr(b'>', &xml[after..]).map(|i| after + i);
        return Some(Tag { lt, after, gt });
    }
    None
}

/// The attributes (the bytes between the name and the `>`) of every complete tag named `name`.
fn tags<'x>(xml: &'x [u8], name: &'x [u8]) -> impl Iterator<Item = &'x [u8]> + 'x {
    let mut from = 0;
    std::iter::from_fn(move || {
        let tag = next_tag(xml, from, name)?;
        let gt = tag.gt?;
        from = gt + 1;
        Some(&xml[tag.after..gt])
    })
}

/// The `<mergeCell ref>`s of a worksheet's XML, scanned as it inflates rather than parsed (the
/// XML parser over this reader was kilobytes more of wasm, in a bundle at its limit).
fn merges_in(mut sheet: impl Read) -> Option<Vec<MergedRange>> {
    // Bytes kept from one read to the next, so a name split between two reads is still seen.
    const TAIL: usize = 64;
    // A `<mergeCell …>` tag longer than this is not one a spreadsheet wrote.
    const LONGEST_TAG: usize = 4096;
    let mut merges = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = sheet.read(&mut chunk).ok()?;
        buf.extend_from_slice(&chunk[..n]);
        let mut from = 0;
        let mut incomplete = None; // the `<` of a tag whose end has not been read yet
        while let Some(tag) = next_tag(&buf, from, b"mergeCell") {
            let Some(gt) = tag.gt else {
                if n == 0 || buf.len() - tag.lt > LONGEST_TAG {
                    return None;
                }
                incomplete = Some(tag.lt);
                break;
            };
            if let Some(reference) = attribute(&buf[tag.after..gt], b"ref") {
                merges.push(range(std::str::from_utf8(reference).ok()?)?);
            }
            from = gt + 1;
        }
        if n == 0 {
            return Some(merges);
        }
        let keep_from = incomplete.unwrap_or_else(|| from.max(buf.len().saturating_sub(TAIL)));
        buf.drain(..keep_from);
    }
}

/// Where the tag whose name starts at the end of `before` starts (its `<`), if `before` ends
/// with `<` or with `<prefix:`.
fn tag_start(before: &[u8]) -> Option<usize> {
    let end = before.len();
    match before.last()? {
        b'<' => Some(end - 1),
        b':' => {
            let prefix = before[..end - 1].iter().rev().take_while(|b| b.is_ascii_alphanumeric()).count();
            let lt = (end - 1).checked_sub(prefix + 1)?;
            (prefix > 0 && prefix <= 16 && before[lt] == b'<').then_some(lt)
        }
        _ => None,
    }
}

/// The value of attribute `name` (`ref="…"` or `'…'`; any prefix: `r:id` is `id`) among a tag's
/// attributes, as written.
fn attribute<'x>(attributes: &'x [u8], name: &[u8]) -> Option<&'x [u8]> {
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&attributes[from..], name).map(|i| from + i) {
        from = at + 1;
        let starts = at > 0 && matches!(attributes[at - 1], b' ' | b'\t' | b'\r' | b'\n' | b':');
        let rest = &attributes[at + name.len()..];
        if !starts || rest.first() != Some(&b'=') {
            continue;
        }
        let quote = *rest.get(1).filter(|q| matches!(q, b'"' | b'\''))?;
        let len = memchr::memchr(quote, &rest[2..])?;
        return Some(&rest[2..2 + len]);
    }
    None
}

/// `B2:D3` (or one cell, `B2`) as a 0-based range.
fn range(reference: &str) -> Option<MergedRange> {
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    let (first_row, first_col) = cell(first)?;
    let (last_row, last_col) = cell(last)?;
    Some(MergedRange { first_row, first_col, last_row: last_row.max(first_row), last_col: last_col.max(first_col) })
}

/// `B2` (or `$B$2`) → (row 1, column 1), 0-based.
fn cell(reference: &str) -> Option<(usize, usize)> {
    let s = reference.trim().replace('$', "");
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = s.split_at(letters);
    if col.is_empty() || col.len() > 3 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = col.bytes().fold(0usize, |n, b| n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as usize);
    let row: usize = row.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_as_zero_based_ranges() {
        let r = range("B2:D3").unwrap();
        assert_eq!((r.first_row, r.first_col, r.last_row, r.last_col), (1, 1, 2, 3));
        let r = range("$A$1").unwrap();
        assert_eq!((r.first_row, r.first_col, r.last_row, r.last_col), (0, 0, 0, 0));
        assert_eq!(cell("AA10"), Some((9, 26)));
        assert!(range("A0").is_none());
        assert!(range("12").is_none());
        assert!(range("A1:").is_none());
    }

    #[test]
    fn attributes_by_local_name() {
        let tag = r#" name="通讯录" sheetId="1" r:id="rId3" state='hidden'"#.as_bytes();
        assert_eq!(attribute(tag, b"id"), Some(&b"rId3"[..]));
        assert_eq!(attribute(tag, b"name"), Some("通讯录".as_bytes()));
        assert_eq!(attribute(tag, b"state"), Some(&b"hidden"[..]));
        assert_eq!(attribute(tag, b"Id"), None);
        let xml = br#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/s2.xml"/></Relationships>"#;
        let targets: Vec<_> = tags(xml, b"Relationship").filter_map(|t| attribute(t, b"Target")).collect();
        assert_eq!(targets, [&b"worksheets/sheet1.xml"[..], &b"/xl/s2.xml"[..]]);
        assert_eq!(resolve("xl", b"worksheets/sheet1.xml").as_deref(), Some("xl/worksheets/sheet1.xml"));
        assert_eq!(resolve("xl", b"/xl/s2.xml").as_deref(), Some("xl/s2.xml"));
    }

    #[test]
    fn merges_are_found_after_the_rows_and_across_reads() {
        let cells: String = (1..=5000).map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c></row>")).collect();
        let xml = format!(
            "<worksheet><sheetData>{cells}</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:N1\"/>\
             <mergeCell ref=\"B3:C4\"></mergeCell></mergeCells><pageMargins/></worksheet>"
        );
        // One byte at a time: every chunk boundary, including inside the word.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(out.len()).min(7);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        for source in [merges_in(xml.as_bytes()), merges_in(Trickle(xml.as_bytes()))] {
            let found = source.unwrap();
            let spans: Vec<_> = found.iter().map(|m| (m.first_row, m.first_col, m.last_row, m.last_col)).collect();
            assert_eq!(spans, [(0, 0, 0, 13), (2, 1, 3, 2)]);
        }
        assert_eq!(merges_in("<worksheet><sheetData/></worksheet>".as_bytes()), Some(Vec::new()));
    }

    #[test]
    fn the_word_in_a_cell_does_not_hide_the_real_element() {
        let xml = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>mergeCells</t></is></c></row>\
                   </sheetData><x:mergeCells><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></worksheet>";
        let found = merges_in(xml.as_bytes()).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].first_col, found[0].last_col), (0, 1));
    }
}
