//! Workbooks: xlsx/xlsm through this crate's own reader (`xlsx`), xlsb/xls/ods through calamine,
//! with limits checked before reading.
//!
//! - xlsx/xlsm and xlsb are streamed cell by cell, so memory follows the cells really present and
//!   progress is reported (an xlsx's `<dimension>` only reserves room, capped by the limits and by
//!   what the sheet's part can hold).
//! - xls and ods are parsed whole by calamine into dense grids; `xls_guard` and `zip_guard`
//!   measure those grids first and refuse hostile files before calamine allocates.
//! - Columns stay absolute: `rows[i][0]` is column A even when the data starts further right, so
//!   column letters in messages match the spreadsheet. Rows start at `Sheet::first_row`.
//! - Every calamine call runs under `catch_unwind` as a last line of defence (native only: with
//!   `panic = "abort"` in wasm the guards above are what keeps us alive).

use super::cells::Cells;
use super::{xls_guard, xlsx, zip_guard, Cell, CellKind, Format, MergedRange, Progress, ReadOptions, Sheet};
use crate::{Error, ErrorKind, Limits, Result};
use calamine::{Data, Dimensions, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb};
use std::io::Cursor;

type Src<'a> = Cursor<&'a [u8]>;

/// Rows between progress reports while streaming.
const PROGRESS_EVERY: u32 = 2_000;

/// Most cells a dense sheet grid (xls/ods) may span: at least 4 million, more for bigger files.
/// A real sheet needs well over a byte per cell, so 16 cells per byte of file only stops files
/// whose few bytes declare a vast empty area (calamine would allocate ~56 bytes per cell of it).
pub(super) fn dense_budget(file_len: usize) -> u64 {
    (file_len as u64).saturating_mul(16).max(4_000_000)
}

pub(super) fn read(bytes: &[u8], format: Format, options: &ReadOptions, progress: &mut dyn FnMut(Progress)) -> Result<Sheet> {
    no_panic(format, || read_inner(bytes, format, options, progress))
}

/// Run `f`, turning a panic inside calamine into an error (native builds only).
fn no_panic<T>(format: Format, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(Error::new(
            ErrorKind::Corrupt,
            format!(
                "the {} reader stopped on damaged data in this file; open it in Excel or WPS, \
                 save it again as .xlsx and retry",
                format.name()
            ),
        ))
    })
}

enum Book<'a> {
    Xlsx(xlsx::Book<'a>),
    Xlsb(Xlsb<Src<'a>>),
    Xls(Xls<Src<'a>>),
    Ods(Ods<Src<'a>>, std::collections::HashMap<String, Vec<MergedRange>>),
}

fn read_inner(bytes: &[u8], format: Format, options: &ReadOptions, progress: &mut dyn FnMut(Progress)) -> Result<Sheet> {
    let limits = &options.limits;
    let budget = dense_budget(bytes.len());
    let src = Cursor::new(bytes);
    let (mut book, unpacked) = match format {
        Format::Xls => {
            xls_guard::check(bytes, limits, budget)?;
            (Book::Xls(Xls::new(src).map_err(|e| calamine_error(format, e))?), bytes.len() as u64)
        }
        Format::Ods => {
            let facts = zip_guard::check(bytes, true, limits, budget)?;
            (Book::Ods(Ods::new(src).map_err(|e| calamine_error(format, e))?, facts.ods_merges), facts.uncompressed)
        }
        Format::Xlsb => {
            let facts = zip_guard::check(bytes, false, limits, budget)?;
            (Book::Xlsb(Xlsb::new(src).map_err(|e| calamine_error(format, e))?), facts.uncompressed)
        }
        _ => {
            let facts = zip_guard::check(bytes, false, limits, budget)?;
            (Book::Xlsx(xlsx::Book::open(bytes, text_budget(facts.uncompressed))?), facts.uncompressed)
        }
    };
    let text_budget = text_budget(unpacked);
    let metas = book.metas();
    let names: Vec<String> = metas.iter().map(|m| m.name.clone()).collect();
    if names.is_empty() {
        return Err(Error::new(ErrorKind::Empty, "this workbook has no sheets"));
    }

    let mut sheet = match &options.sheet {
        Some(wanted) => {
            let name = pick_named(&names, wanted)?;
            book.read_sheet(&name, format, limits, text_budget, progress).map_err(|e| e.at_sheet(name.clone()))?
        }
        None => {
            // Default: the first visible worksheet that has a non-blank cell. Hidden sheets (WeCom
            // and DingTalk templates hide their dropdown lists there) and chart sheets come last.
            let mut order: Vec<&calamine::Sheet> = metas.iter().filter(|m| is_table(m)).collect();
            order.extend(metas.iter().filter(|m| !is_table(m)));
            let mut first_empty = None;
            let mut found = None;
            for meta in order {
                match book.read_sheet(&meta.name, format, limits, text_budget, progress) {
                    Ok(s) if s.rows.iter().any(|r| r.iter().any(|c| !c.is_blank())) => {
                        found = Some(s);
                        break;
                    }
                    Ok(s) => {
                        first_empty.get_or_insert(s);
                    }
                    // A chart sheet or an unreadable extra sheet does not stop the default pick…
                    Err(e) if e.kind == ErrorKind::Other => {}
                    // …but damage, limits and passwords do.
                    Err(e) => return Err(e.at_sheet(meta.name.clone())),
                }
            }
            match found {
                Some(s) => s,
                None => {
                    let name = first_empty.map(|s| s.sheet_name.unwrap_or_default()).unwrap_or_default();
                    return Err(Error::new(
                        ErrorKind::Empty,
                        format!("every sheet of this workbook is empty (sheets: {})", names.join(", ")),
                    )
                    .at_sheet(name));
                }
            }
        }
    };
    sheet.sheets = names;
    Ok(sheet)
}

/// Shared strings are copied into every cell that uses them, so a small file can ask for a lot
/// of text: allow 8 bytes of cell text per unpacked byte (at least 256 MiB).
fn text_budget(unpacked: u64) -> u64 {
    unpacked.saturating_mul(8).max(256 << 20)
}

fn is_table(m: &calamine::Sheet) -> bool {
    m.typ == SheetType::WorkSheet && m.visible == SheetVisible::Visible
}

/// Find a sheet by its exact name, then ignoring case and surrounding spaces, then by its
/// 1-based position (`"2"`), so `--sheet 2` works on the command line.
fn pick_named(names: &[String], wanted: &str) -> Result<String> {
    let w = wanted.trim();
    names
        .iter()
        .find(|n| *n == wanted)
        .or_else(|| names.iter().find(|n| n.trim().to_lowercase() == w.to_lowercase()))
        .or_else(|| w.parse::<usize>().ok().and_then(|i| names.get(i.checked_sub(1)?)))
        .cloned()
        .ok_or_else(|| {
            Error::new(
                ErrorKind::NoSuchSheet,
                format!("there is no sheet named \"{wanted}\"; the sheets are: {}", names.join(", ")),
            )
        })
}

impl Book<'_> {
    fn metas(&self) -> Vec<calamine::Sheet> {
        match self {
            Book::Xlsx(b) => b.metas(),
            Book::Xlsb(b) => b.sheets_metadata().to_vec(),
            Book::Xls(b) => b.sheets_metadata().to_vec(),
            Book::Ods(b, _) => b.sheets_metadata().to_vec(),
        }
    }

    fn read_sheet(&mut self, name: &str, format: Format, limits: &Limits, text_budget: u64, progress: &mut dyn FnMut(Progress)) -> Result<Sheet> {
        let mut cells = Cells::new(limits, text_budget);
        let merges: Vec<MergedRange> = match self {
            Book::Xlsx(b) => b.read_sheet(name, &mut cells, progress)?,
            Book::Xlsb(b) => {
                let mut reader = b.worksheet_cells_reader(name).map_err(|e| calamine_error(format, e))?;
                let total = declared_rows(reader.dimensions());
                let mut next_report = PROGRESS_EVERY;
                while let Some(c) = reader.next_cell().map_err(|e| calamine_error(format, e))? {
                    let (r, col) = c.get_position();
                    cells.push(r, col, cell_of(c.get_value().clone().into()), false)?;
                    if r >= next_report {
                        next_report = r.saturating_add(PROGRESS_EVERY);
                        progress(Progress { done: r as u64, total: total.max(r as u64) });
                    }
                }
                drop(reader);
                // Formulas take a second pass whose parser is fragile on damaged files: a failure
                // there only loses the "formula" flag, never the values already read.
                let formulas = no_panic(format, || {
                    let mut reader = b.worksheet_cells_reader(name).map_err(|e| calamine_error(format, e))?;
                    let mut at = Vec::new();
                    while let Some(f) = reader.next_formula().map_err(|e| calamine_error(format, e))? {
                        if !f.get_value().is_empty() && at.len() < cells.len() + 1 {
                            at.push(f.get_position());
                        }
                    }
                    Ok(at)
                });
                cells.mark_formulas(formulas.unwrap_or_default())?;
                Vec::new() // calamine 0.38 does not read xlsb merged cells
            }
            Book::Xls(b) => {
                let range = b.worksheet_range(name).map_err(|e| calamine_error(format, e))?;
                cells.add_range(&range)?;
                let formulas = b.worksheet_formula(name).map_err(|e| calamine_error(format, e))?;
                cells.mark_formulas(used_positions(&formulas))?;
                let merged = b.merge_cells_by_sheet_name(name).map_err(|e| calamine_error(format, e))?;
                merged.iter().map(merged_range).collect()
            }
            Book::Ods(b, merges) => {
                let range = b.worksheet_range(name).map_err(|e| calamine_error(format, e))?;
                cells.add_range(&range)?;
                let formulas = b.worksheet_formula(name).map_err(|e| calamine_error(format, e))?;
                cells.mark_formulas(used_positions(&formulas))?;
                merges.get(name).cloned().unwrap_or_default()
            }
        };
        let (first_row, rows) = cells.build(&merges)?;
        progress(Progress { done: rows.len() as u64, total: rows.len() as u64 });
        Ok(Sheet {
            format: Some(format),
            sheet_name: Some(name.to_string()),
            first_row,
            rows,
            merged: merges,
            ..Sheet::default()
        })
    }
}

fn declared_rows(d: Dimensions) -> u64 {
    if d.end.0 >= d.start.0 { (d.end.0 - d.start.0) as u64 + 1 } else { 0 }
}

fn merged_range(d: &Dimensions) -> MergedRange {
    MergedRange {
        first_row: d.start.0 as usize,
        first_col: d.start.1 as usize,
        last_row: d.end.0.max(d.start.0) as usize,
        last_col: d.end.1.max(d.start.1) as usize,
    }
}

fn used_positions(range: &calamine::Range<String>) -> Vec<(u32, u32)> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, _)| (r0 + r as u32, c0 + c as u32))
        .collect()
}

/// A calamine value as the text a person sees in the spreadsheet, with its kind.
pub(super) fn cell_of(v: Data) -> Cell {
    match v {
        Data::Empty => Cell::default(),
        Data::String(s) => Cell::text(s),
        Data::Int(i) => Cell::new(i.to_string(), CellKind::Number),
        Data::Float(f) => Cell::new(number_text(f), CellKind::Number),
        Data::Bool(b) => Cell::new(if b { "TRUE" } else { "FALSE" }, CellKind::Bool),
        Data::Error(e) => Cell::new(e.to_string(), CellKind::Error),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::new(s, CellKind::Date),
        Data::DateTime(d) if d.is_duration() => Cell::new(duration_text(d.as_f64()), CellKind::Date),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, ms) = d.to_ymd_hms_milli();
            let time = match (h, mi, s, ms) {
                (0, 0, 0, 0) => String::new(),
                (_, _, _, 0) => format!("{h:02}:{mi:02}:{s:02}"),
                _ => format!("{h:02}:{mi:02}:{s:02}.{ms:03}"),
            };
            let text = if d.as_f64().abs() < 1.0 && !time.is_empty() {
                time // a time of day with no date
            } else if time.is_empty() {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02}T{time}")
            };
            Cell::new(text, CellKind::Date)
        }
    }
}

/// A number as Excel's General format shows it: 15 significant digits, no exponent, no `.0`
/// (13800138000.0 → `13800138000`, 0.1 + 0.2 → `0.3`).
pub(crate) fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let s = rounded.to_string(); // Display never uses an exponent and drops a trailing `.0`
    if s == "-0" { "0".to_string() } else { s }
}

/// A duration (days) as ISO 8601, e.g. `PT36H30M0S`.
fn duration_text(days: f64) -> String {
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let t = total.abs();
    format!("{sign}PT{}H{}M{}S", t / 3600, t / 60 % 60, t % 60)
}

/// Map a calamine error to an engine error saying what to do.
fn calamine_error<E: std::fmt::Display + 'static>(format: Format, e: E) -> Error {
    let any: &dyn std::any::Any = &e;
    let password = matches!(any.downcast_ref::<calamine::XlsxError>(), Some(calamine::XlsxError::Password))
        || matches!(any.downcast_ref::<calamine::XlsbError>(), Some(calamine::XlsbError::Password))
        || matches!(any.downcast_ref::<calamine::XlsError>(), Some(calamine::XlsError::Password))
        || matches!(any.downcast_ref::<calamine::OdsError>(), Some(calamine::OdsError::Password));
    if password {
        return xls_guard::encrypted();
    }
    if let Some(calamine::XlsxError::NotAWorksheet(typ)) = any.downcast_ref::<calamine::XlsxError>() {
        return Error::new(ErrorKind::Other, format!("this sheet is a {typ}, not a table of cells; choose another sheet"));
    }
    if let Some(calamine::OdsError::CellLimitExceeded { .. }) = any.downcast_ref::<calamine::OdsError>() {
        return Error::new(ErrorKind::TooLarge, format!("{e}; delete empty rows and columns and save again"));
    }
    Error::new(
        ErrorKind::Corrupt,
        format!(
            "this {} file is damaged or is not really a {} ({e}); open it in Excel, WPS or \
             LibreOffice, save it again as .xlsx and retry",
            format.name(),
            format.name()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_excel_shows_them() {
        assert_eq!(number_text(13800138000.0), "13800138000");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(110101199001011008.0), "110101199001011000");
    }

    #[test]
    fn dates_are_iso_8601() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::*};
        let d = |v| cell_of(Data::DateTime(ExcelDateTime::new(v, DateTime, false))).text;
        assert_eq!(d(45943.0), "2025-10-13");
        assert_eq!(d(45943.5), "2025-10-13T12:00:00");
        assert_eq!(d(0.75), "18:00:00");
        let t = cell_of(Data::DateTime(ExcelDateTime::new(1.5, TimeDelta, false)));
        assert_eq!((t.text.as_str(), t.kind), ("PT36H0M0S", CellKind::Date));
    }

    #[test]
    fn sheet_names_match_loosely_or_by_position() {
        let names = vec!["通讯录".to_string(), "Sheet2".to_string()];
        assert_eq!(pick_named(&names, " sheet2 ").unwrap(), "Sheet2");
        assert_eq!(pick_named(&names, "1").unwrap(), "通讯录");
        let e = pick_named(&names, "人员").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NoSuchSheet);
        assert!(e.message.contains("通讯录, Sheet2"));
    }
}
