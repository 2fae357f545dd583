//! Pre-flight checks of zip-based workbooks (xlsx/xlsm/xlsb/ods) before they are read.
//!
//! Why each check exists:
//! - the entries' declared uncompressed sizes are summed and held against
//!   `Limits::max_uncompressed_bytes` (a zip bomb is refused before anything is inflated; the zip
//!   crate itself stops an entry that inflates past its declared size);
//! - xlsx: a shared-strings table declaring far more strings (`uniqueCount`) than its bytes can
//!   hold is damaged or hostile, and is refused before it is read (calamine, which read xlsx here
//!   until 2026-12-06, reserved them all up front; the engine's reader also caps its reservation);
//! - ods: calamine parses every table inside `Ods::new` into dense grids, expanding
//!   `number-rows-repeated` × `number-columns-repeated`. A 1 KB file can ask for 100 million
//!   cells. This module measures the expansion with a streaming XML pass first, and collects the
//!   merged ranges (`number-columns-spanned` / `number-rows-spanned`) that calamine does not report.

use super::MergedRange;
use crate::{Error, ErrorKind, Limits, Result};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

/// What the check learned: for ods, the merged ranges of each table by name.
#[derive(Debug, Default)]
pub(super) struct ZipFacts {
    pub ods_merges: HashMap<String, Vec<MergedRange>>,
    /// Sum of the entries' declared uncompressed sizes.
    pub uncompressed: u64,
}

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn corrupt(detail: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Corrupt,
        format!(
            "this workbook is damaged ({detail}); open it in Excel, WPS or LibreOffice, save it \
             again as .xlsx and retry"
        ),
    )
}

pub(super) fn check(bytes: &[u8], is_ods: bool, limits: &Limits, budget: u64) -> Result<ZipFacts> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(format!("zip: {e}")))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_data(i).map_err(|e| corrupt(format!("zip: {e}")))?;
        if entry.encrypted() {
            return Err(super::xls_guard::encrypted());
        }
        total = total.saturating_add(entry.size());
    }
    limits.check_uncompressed(total)?;
    let mut facts = ZipFacts { uncompressed: total, ..ZipFacts::default() };
    if is_ods {
        // An encrypted ods keeps a readable manifest but scrambled content.xml: say so first.
        if let Some(i) = zip.index_for_name("META-INF/manifest.xml") {
            let manifest = head(&mut zip, i, 1 << 20)?;
            if manifest.windows(15).any(|w| w == b"encryption-data") {
                return Err(super::xls_guard::encrypted());
            }
        }
        facts.ods_merges = check_ods(&mut zip, limits, budget)?;
    } else {
        check_shared_strings(&mut zip)?;
    }
    Ok(facts)
}

/// The first `n` bytes of an entry, inflated.
fn head(zip: &mut Archive<'_>, index: usize, n: u64) -> Result<Vec<u8>> {
    let file = zip.by_index(index).map_err(|e| corrupt(format!("zip: {e}")))?;
    let mut out = Vec::new();
    file.take(n).read_to_end(&mut out).map_err(|e| corrupt(format!("zip: {e}")))?;
    Ok(out)
}

fn check_shared_strings(zip: &mut Archive<'_>) -> Result<()> {
    let found = (0..zip.len()).find_map(|i| {
        let e = zip.by_index_data(i).ok()?;
        let name = e.name().ok()?.to_ascii_lowercase();
        name.ends_with("sharedstrings.xml").then(|| (i, e.size()))
    });
    let Some((index, size)) = found else { return Ok(()) };
    let head = head(zip, index, 4096)?;
    let text = String::from_utf8_lossy(&head);
    let Some(at) = text.find("uniqueCount=") else { return Ok(()) };
    let digits: String = text[at + 12..].chars().skip(1).take_while(|c| c.is_ascii_digit()).collect();
    let declared: u64 = digits.parse().unwrap_or(u64::MAX);
    // Every string takes at least `<si/>` (5 bytes); allow slack for writers that miscount.
    if declared > size / 5 + 1024 {
        return Err(corrupt(format!(
            "its shared-strings table declares {declared} strings in {size} bytes"
        )));
    }
    Ok(())
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

fn count(e: &BytesStart<'_>, name: &str) -> Result<u64> {
    match attr(e, name) {
        None => Ok(1),
        Some(v) => v.trim().parse::<u64>().map_err(|_| corrupt(format!("a repeat count of {v:?}"))),
    }
}

/// calamine's own caps on ods tables (it clamps repeats at these).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;
/// Merged ranges kept per table: real sheets have a handful; more is noise or hostility.
const MAX_MERGES: usize = 100_000;

/// One table's measures, following calamine's `read_table`/`read_row`/`get_range`.
#[derive(Default)]
struct Table {
    name: String,
    /// Absolute row index of the next row element.
    row: u64,
    /// Cells calamine pushes while parsing (row elements × their width, before row repeats).
    pushed: u64,
    /// First and last non-empty rows (absolute, repeats expanded) and the widest row.
    first: Option<u64>,
    last_end: u64,
    width: u64,
    merges: Vec<MergedRange>,
}

fn check_ods(zip: &mut Archive<'_>, limits: &Limits, budget: u64) -> Result<HashMap<String, Vec<MergedRange>>> {
    let Some(index) = zip.index_for_name("content.xml") else {
        return Ok(HashMap::new()); // calamine reports the missing part itself
    };
    let file = zip.by_index(index).map_err(|e| corrupt(format!("zip: {e}")))?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(file));
    // Well-formedness is enforced (end tags must match, nothing may stay open): calamine's table
    // and annotation loops wait for one specific end tag and spin forever at EOF without it.
    xml.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let text_budget = budget.saturating_mul(64);
    let mut text_bytes = 0u64;
    let mut buf = Vec::new();
    let mut merges = HashMap::new();
    let mut table: Option<Table> = None;
    // The row being read: its width so far (pending empty cells are not counted), repeats, column.
    let mut row_repeats = 1u64;
    let mut row_width = 0u64;
    let mut col = 0u64;
    let mut in_row = false;
    let mut cell_depth = 0usize;
    let mut pending: Option<(u64, bool, u64)> = None; // (repeats, has content, text bytes) of an open cell
    let mut row_text = 0u64;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| corrupt(format!("content.xml: {e}")))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 || table.is_some() => return Err(corrupt("content.xml ends inside an element")),
            _ => {}
        }
        if let Some(e) = start {
            let name = e.name();
            let name = name.as_ref();
            if cell_depth > 0 {
                // Anything inside a cell (text:p …) gives it content; `text:s` stands for
                // `text:c` spaces, which calamine writes out (and copies into every repeat).
                if let Some(p) = pending.as_mut() {
                    p.1 = true;
                    if name == "text:s" {
                        p.2 = p.2.saturating_add(count(e, "text:c")?);
                    }
                }
                if !empty {
                    cell_depth += 1;
                }
            } else if name == "table:table" {
                table = Some(Table { name: attr(e, "table:name").unwrap_or_default(), ..Table::default() });
            } else if name == "table:table-row" && table.is_some() {
                let t = table.as_ref().map_or(0, |t| t.row);
                row_repeats = count(e, "table:number-rows-repeated")?.min(ODS_MAX_ROWS.saturating_sub(t)).max(1);
                (row_width, col, in_row, row_text) = (0, 0, !empty, 0);
                if empty {
                    if let Some(t) = table.as_mut() {
                        t.row += row_repeats;
                    }
                }
            } else if in_row && (name == "table:table-cell" || name == "table:covered-table-cell") {
                let repeats = count(e, "table:number-columns-repeated")?.min(ODS_MAX_COLUMNS.saturating_sub(col));
                let valued = attr(e, "office:value-type").is_some() || attr(e, "table:formula").is_some();
                if let (Some(t), Some(cols)) = (table.as_mut(), attr(e, "table:number-columns-spanned")) {
                    let cols: u64 = cols.parse().unwrap_or(1).max(1);
                    let rows: u64 = attr(e, "table:number-rows-spanned").and_then(|r| r.parse().ok()).unwrap_or(1u64).max(1);
                    if (cols > 1 || rows > 1) && t.merges.len() < MAX_MERGES {
                        let at = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
                        t.merges.push(MergedRange {
                            first_row: at(t.row),
                            first_col: at(col),
                            last_row: at(t.row.saturating_add(rows - 1)),
                            last_col: at(col.saturating_add(cols - 1)),
                        });
                    }
                }
                if empty {
                    close_cell(&mut col, &mut row_width, repeats, valued);
                } else {
                    cell_depth = 1;
                    pending = Some((repeats, valued, 0));
                }
            }
        }
        match &event {
            Event::Text(t) if cell_depth > 0 && !t.is_empty() => {
                if let Some(p) = pending.as_mut() {
                    p.1 = true;
                    p.2 = p.2.saturating_add(t.len() as u64);
                }
            }
            Event::End(_) if cell_depth > 0 => {
                cell_depth -= 1;
                if cell_depth == 0 {
                    if let Some((repeats, valued, text)) = pending.take() {
                        row_text = row_text.saturating_add(repeats.saturating_mul(text));
                        close_cell(&mut col, &mut row_width, repeats, valued);
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" && in_row => {
                in_row = false;
                // Text calamine will hold for this row, repeats included.
                text_bytes = text_bytes.saturating_add(row_repeats.saturating_mul(std::mem::take(&mut row_text)));
                if text_bytes > text_budget {
                    return Err(Error::new(
                        ErrorKind::TooLarge,
                        format!(
                            "this file's repeated cells expand to more than {} MiB of text; it looks \
                             hostile or damaged. Open it in LibreOffice or WPS and save it again",
                            text_budget >> 20
                        ),
                    ));
                }
                if let Some(t) = table.as_mut() {
                    t.pushed += row_width;
                    if row_width > 0 {
                        t.first.get_or_insert(t.row);
                        t.last_end = t.row + row_repeats;
                        t.width = t.width.max(row_width);
                    }
                    t.row += row_repeats;
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                if let Some(t) = table.take() {
                    let rows = t.first.map_or(0, |f| t.last_end - f);
                    let expanded = rows.saturating_mul(t.width);
                    if rows > 0 {
                        limits.check_dimensions(rows, t.width).map_err(|e| e.at_sheet(t.name.clone()))?;
                    }
                    if expanded.max(t.pushed) > budget {
                        return Err(Error::new(
                            ErrorKind::TooLarge,
                            format!(
                                "this table repeats its rows and cells out to {} cells but the file is \
                                 tiny; it looks hostile or damaged. Open it in LibreOffice or WPS, \
                                 delete the empty rows and columns and save it again",
                                expanded.max(t.pushed)
                            ),
                        )
                        .at_sheet(t.name));
                    }
                    merges.insert(t.name, t.merges);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(merges)
}

/// A cell closed: empty cells only widen the row once a non-empty cell follows them, as in
/// calamine, so trailing empty repeats (up to column 16 384 in every LibreOffice file) cost nothing.
fn close_cell(col: &mut u64, row_width: &mut u64, repeats: u64, valued: bool) {
    *col = (*col + repeats).min(ODS_MAX_COLUMNS);
    if valued {
        *row_width = *col;
    }
}
