//! The merged ranges of an xlsx worksheet, found without parsing the sheet a second time.
//!
//! `<mergeCells>` comes after `<sheetData>` in a worksheet's XML, and calamine's cell reader does
//! not hand it over: `merge_cells_by_sheet_name` parses the whole sheet again, every event, to
//! reach it — a fifth of the instructions of reading a 20,000-row sheet (scripts/bench-instructions).
//! Here the sheet's XML is inflated and searched for the bytes `mergeCells`; only what follows is
//! parsed. The worksheet's part is found the way calamine finds it (package relationships →
//! workbook → its relationships). Anything unexpected (a part missing, a target outside `xl/`, a
//! reference that does not parse) returns `None`, and the caller asks calamine, which says what is
//! wrong the way it always did.

use super::MergedRange;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The merged ranges of worksheet `sheet` of the xlsx `bytes` (0-based), or `None` when they could
/// not be found this way.
pub(super) fn find(bytes: &[u8], sheet: &str) -> Option<Vec<MergedRange>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = worksheet_part(&mut zip, sheet)?;
    let file = zip.by_name(&part).ok()?;
    merges_in(file)
}

/// The zip path of the worksheet named `sheet`: `_rels/.rels` names the workbook part, the
/// workbook names the sheet's relationship, the workbook's relationships name its part.
fn worksheet_part(zip: &mut Archive<'_>, sheet: &str) -> Option<String> {
    let workbook = relationships(zip, "_rels/.rels")?
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map(|r| resolve("", &r.target))?;
    let (dir, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
    let rels = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let id = sheet_relationship(zip, &workbook, sheet)?;
    let target = relationships(zip, &rels)?.into_iter().find(|r| r.id == id)?.target;
    Some(resolve(dir, &target))
}

/// A target relative to the part's folder `dir`, or absolute (`/xl/…`). A target with `..` is
/// left as written: the zip has no such name, and the caller falls back to calamine.
fn resolve(dir: &str, target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    }
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// The value of the attribute whose local name is `local` (`r:id` is `id`), entities resolved.
fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local)?;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
}

/// Every `<Relationship>` of a `.rels` part.
fn relationships(zip: &mut Archive<'_>, part: &str) -> Option<Vec<Relationship>> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(zip.by_name(part).ok()?));
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                found.push(Relationship {
                    id: attribute(&e, "Id")?,
                    kind: attribute(&e, "Type").unwrap_or_default(),
                    target: attribute(&e, "Target")?,
                });
            }
            Event::Eof => return Some(found),
            _ => {}
        }
        buf.clear();
    }
}

/// The relationship id (`r:id`) of the `<sheet>` named `name` in the workbook part.
fn sheet_relationship(zip: &mut Archive<'_>, workbook: &str, name: &str) -> Option<String> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(zip.by_name(workbook).ok()?));
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "sheet" && attribute(&e, "name").as_deref() == Some(name) =>
            {
                // `r:id`: the attribute whose local name is `id` (not `sheetId`).
                return attribute(&e, "id");
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The `<mergeCell ref>`s of a worksheet's XML: a byte search for `mergeCells`, then a parse of
/// what follows. A match inside a cell's text only starts the parse early (text parses as text;
/// end tags need no start tag), so the real element is still found.
fn merges_in(mut sheet: impl Read) -> Option<Vec<MergedRange>> {
    const NEEDLE: &[u8] = b"mergeCells";
    let finder = memchr::memmem::Finder::new(NEEDLE);
    let mut chunk = vec![0u8; 1 << 16];
    // The last bytes of the previous chunk, so a match across two reads is seen.
    let mut carry: Vec<u8> = Vec::new();
    let rest = loop {
        let n = sheet.read(&mut chunk).ok()?;
        if n == 0 {
            return Some(Vec::new()); // no merged cells
        }
        carry.extend_from_slice(&chunk[..n]);
        if let Some(at) = finder.find(&carry) {
            break carry.split_off(at);
        }
        let keep = carry.len().saturating_sub(NEEDLE.len() - 1);
        carry.drain(..keep);
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(Cursor::new(rest).chain(sheet)));
    // The parse starts inside the document: end tags of elements opened before are expected.
    xml.config_mut().check_end_names = false;
    xml.config_mut().allow_unmatched_ends = true;
    let mut buf = Vec::new();
    let mut merges = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(reference) = attribute(&e, "ref") {
                    merges.push(range(&reference)?);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => return Some(merges),
            Event::Eof => return Some(merges),
            _ => {}
        }
        buf.clear();
    }
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
