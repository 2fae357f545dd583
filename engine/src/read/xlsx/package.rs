//! The package's small parts: which part is the workbook, its sheets (names, visibility, kind,
//! part), the 1904 date flag, and which number formats are dates.

use calamine::{SheetType, SheetVisible};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::io::{Cursor, Read};

pub(super) type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// A sheet as the workbook lists it, and the zip entry of its part.
pub(super) struct SheetEntry {
    pub meta: calamine::Sheet,
    pub part: String,
}

/// What the workbook part and its relationships say.
pub(super) struct Workbook {
    pub sheets: Vec<SheetEntry>,
    pub is_1904: bool,
    pub shared_strings: Option<String>,
    pub styles: Option<String>,
}

/// How a cell's number shows, by its style's number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumberKind {
    Plain,
    DateTime,
    Duration,
}

/// quick-xml's reader over a small part, borrowing every event from it.
fn reader(bytes: &[u8]) -> quick_xml::Reader<&[u8]> {
    let mut r = quick_xml::Reader::from_reader(bytes);
    // Writers disagree on prefixes (`x:sheet`); names are matched by their local part.
    r.config_mut().check_end_names = false;
    r
}

/// An element's name without its prefix (`x:sheet` → `sheet`).
fn local<'e>(e: &'e BytesStart<'_>) -> &'e str {
    let name: &str = e.name().0;
    name.split_once(':').map_or(name, |(_, l)| l)
}

/// Attribute `name` (as written, with its prefix) of an element, still escaped.
fn attr<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    e.try_get_attribute(name).ok().flatten().map(|a| a.value)
}

/// The zip index of part `name`: as written, with `\` for `/` (some writers store
/// `xl\\workbook.xml`, calamine's issue 530), or ignoring case (`xl/SharedStrings.xml`).
pub(super) fn index_of(zip: &Archive<'_>, name: &str) -> Option<usize> {
    zip.index_for_name(name)
        .or_else(|| zip.index_for_name(&name.replace('/', "\\")))
        .or_else(|| {
            let found = zip.file_names().flatten().find(|n| n.replace('\\', "/").eq_ignore_ascii_case(name))?;
            zip.index_for_name(&found)
        })
}

/// A small part whole (the workbook, relationships, styles: kilobytes).
fn small_part(zip: &mut Archive<'_>, name: &str) -> Result<Option<Vec<u8>>, String> {
    let Some(i) = index_of(zip, name) else { return Ok(None) };
    let mut out = Vec::new();
    let entry = zip.by_index(i).map_err(|e| format!("{name}: {e}"))?;
    entry.take(64 << 20).read_to_end(&mut out).map_err(|e| format!("{name}: {e}"))?;
    Ok(Some(out))
}

/// `target` of a relationship of a part in folder `dir` (`xl`), as a zip path.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|s| !s.is_empty()).collect(),
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// `(Id, Type, Target)` of each relationship in a `.rels` part.
fn relationships(xml: &[u8]) -> Result<Vec<(String, String, String)>, String> {
    let mut r = reader(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().map_err(|e| format!("relationships: {e}"))? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                let get = |k| attr(&e, k).map(|v| unescape_attr(&v)).unwrap_or_default();
                out.push((get("Id"), get("Type"), get("Target")));
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn unescape_attr(v: &str) -> String {
    quick_xml::escape::unescape(v).map(|c| c.into_owned()).unwrap_or_else(|_| v.to_string())
}

/// Read `_rels/.rels`, the workbook and its relationships.
pub(super) fn workbook(zip: &mut Archive<'_>) -> Result<Workbook, String> {
    let root = small_part(zip, "_rels/.rels")?.ok_or("it has no _rels/.rels")?;
    let book_part = relationships(&root)?
        .into_iter()
        .find(|(_, typ, _)| typ.ends_with("/officeDocument"))
        .map(|(_, _, target)| resolve("", &target))
        .ok_or("_rels/.rels names no workbook")?;
    let (dir, file) = book_part.rsplit_once('/').unwrap_or(("", &book_part));
    let rels_part = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let rels = match small_part(zip, &rels_part)? {
        Some(xml) => relationships(&xml)?,
        None => Vec::new(),
    };
    let by_type = |kind: &str| {
        rels.iter().find(|(_, typ, _)| typ.rsplit('/').next() == Some(kind)).map(|(_, _, t)| resolve(dir, t))
    };
    let in_dir = |name: &str| if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") };
    let mut book = Workbook {
        sheets: Vec::new(),
        is_1904: false,
        shared_strings: by_type("sharedStrings").or_else(|| Some(in_dir("sharedStrings.xml"))),
        styles: by_type("styles").or_else(|| Some(in_dir("styles.xml"))),
    };
    let xml = small_part(zip, &book_part)?.ok_or_else(|| format!("its workbook part {book_part} is missing"))?;
    let mut r = reader(&xml);
    loop {
        match r.read_event().map_err(|e| format!("workbook: {e}"))? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "sheet" => {
                let name = attr(&e, "name").map(|v| unescape_attr(&v)).unwrap_or_default();
                let visible = match attr(&e, "state").as_deref() {
                    Some("hidden") => SheetVisible::Hidden,
                    Some("veryHidden") => SheetVisible::VeryHidden,
                    _ => SheetVisible::Visible,
                };
                let id = attr_local(&e, "id").unwrap_or_default();
                let Some((_, typ, target)) = rels.iter().find(|(i, _, _)| i == id) else {
                    return Err(format!("the workbook's relationships do not list sheet \"{name}\""));
                };
                let typ = match typ.rsplit('/').next() {
                    Some("worksheet") => SheetType::WorkSheet,
                    Some("chartsheet") => SheetType::ChartSheet,
                    Some("macrosheet") => SheetType::MacroSheet,
                    _ => SheetType::DialogSheet,
                };
                book.sheets.push(SheetEntry { meta: calamine::Sheet { name, typ, visible }, part: resolve(dir, target) });
            }
            Event::Start(e) | Event::Empty(e) if local(&e) == "workbookPr" => {
                if let Some(v) = attr(&e, "date1904").as_deref() {
                    book.is_1904 = v == "1" || v == "true";
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(book)
}

/// An attribute by its local name, whatever its prefix (`r:id`).
fn attr_local<'e>(e: &'e quick_xml::events::BytesStart<'_>, name: &str) -> Option<&'e str> {
    e.attributes().with_checks(false).flatten().find(|a| a.key.local_name().as_ref() == name).and_then(|a| match a.value {
        std::borrow::Cow::Borrowed(v) => Some(v),
        _ => None,
    })
}

/// The kind of number each cell style (`<cellXfs>`' `<xf>`s, by index) shows.
pub(super) fn number_kinds(zip: &mut Archive<'_>, part: &str) -> Result<Vec<NumberKind>, String> {
    let Some(xml) = small_part(zip, part)? else { return Ok(Vec::new()) };
    let mut r = reader(&xml);
    let mut custom: Vec<(String, NumberKind)> = Vec::new();
    let mut kinds = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match r.read_event().map_err(|e| format!("styles: {e}"))? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "numFmt" => {
                if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                    custom.push((id.into_owned(), custom_format(&unescape_attr(&code))));
                }
            }
            Event::Start(e) if local(&e) == "cellXfs" => in_cell_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Start(e) | Event::Empty(e) if in_cell_xfs && local(&e) == "xf" => {
                kinds.push(match attr(&e, "numFmtId").as_deref() {
                    Some(id) => custom.iter().find(|(c, _)| c == id).map_or_else(|| builtin_format(id), |(_, k)| *k),
                    None => NumberKind::Plain,
                });
            }
            Event::Eof => return Ok(kinds),
            _ => {}
        }
    }
}

/// Excel's built-in number formats that show a date or a time (ECMA-376 18.8.30, and the East
/// Asian ones, which are dates and times in every locale), as calamine decides.
fn builtin_format(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27" | "28" | "29" | "30"
        | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52" | "53" | "54" | "55" | "56" | "57" | "58" => {
            NumberKind::DateTime
        }
        "46" => NumberKind::Duration,
        _ => NumberKind::Plain,
    }
}

/// Whether a custom format code shows a date, a duration (`[h]:mm`) or a plain number: a date
/// or time letter outside quotes, brackets and escapes, in its first section (calamine's rule,
/// ported from openpyxl).
fn custom_format(code: &str) -> NumberKind {
    let (mut escaped, mut quoted, mut am_pm, mut hms) = (false, false, false, false);
    let mut brackets = 0u8;
    let mut prev = ' ';
    for c in code.chars() {
        match (c, escaped, quoted, am_pm, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => {}
            ('"', ..) => quoted = true,
            (';', ..) => return NumberKind::Plain,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumberKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => am_pm = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => return NumberKind::DateTime,
            _ => {
                if !(hms && c.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    NumberKind::Plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_are_told_from_numbers() {
        for code in ["yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "DD/MM/YY", "H:MM:SS;@", "[$-409]mmm d, yyyy", "h:mm AM/PM"] {
            assert_eq!(custom_format(code), NumberKind::DateTime, "{code}");
        }
        for code in ["0.00", "#,##0", "@", "0.00_);[Red](0.00)", "\"d\"0", "#,##0\\ [$\\u20bd-46D]", "General"] {
            assert_eq!(custom_format(code), NumberKind::Plain, "{code}");
        }
        assert_eq!(custom_format("[h]:mm:ss"), NumberKind::Duration);
        assert_eq!(builtin_format("14"), NumberKind::DateTime);
        assert_eq!(builtin_format("46"), NumberKind::Duration);
        assert_eq!(builtin_format("49"), NumberKind::Plain);
    }

    #[test]
    fn attributes_as_written_by_their_full_name() {
        let xml = r#"<sheet name="R&amp;D" r:id="rId3" state='hidden'/>"#;
        let mut r = reader(xml.as_bytes());
        let Event::Empty(e) = r.read_event().unwrap() else { panic!() };
        assert_eq!(attr(&e, "name").as_deref(), Some("R&amp;D"));
        assert_eq!(attr(&e, "state").as_deref(), Some("hidden"));
        assert_eq!(attr(&e, "id"), None);
        assert_eq!(attr_local(&e, "id"), Some("rId3"));
    }

    #[test]
    fn targets_resolve_like_paths() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/s.xml"), "xl/worksheets/s.xml");
        assert_eq!(resolve("xl/worksheets", "../sharedStrings.xml"), "xl/sharedStrings.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve("", "./xl/workbook.xml"), "xl/workbook.xml");
    }
}
