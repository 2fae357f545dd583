//! The workbook writers: the error report (filled, commented problem cells) and the whole sheet.
//!
//! Output is deterministic: the document's creation time is fixed (rust_xlsxwriter would stamp
//! the current time, which also needs its `wasm` feature on wasm32), notes carry a fixed author,
//! and rust_xlsxwriter writes zip entries with a fixed 1980 timestamp. Same input, same bytes.

use super::{cell_limit, Layout, ReportOptions, ReportRow};
use crate::validate::{Lang, Report, Severity};
use crate::{CellKind, Error, ErrorKind, Field, Mapping, Result, Sheet};
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, Note, Workbook, Worksheet, XlsxError};

/// Excel's last row and column (1-based counts).
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
/// The author every note carries (Excel shows it in the note's tooltip).
const NOTE_AUTHOR: &str = "Minglu";

fn xlsx_error(e: XlsxError) -> Error {
    Error::new(ErrorKind::Other, format!("could not write the workbook: {e}"))
}

fn new_workbook() -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 1).map_err(xlsx_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(workbook)
}

/// Name the worksheet after the original sheet when Excel accepts that name, else `fallback`.
fn name_sheet(ws: &mut Worksheet, name: Option<&str>, fallback: &str) -> Result<()> {
    if let Some(n) = name.filter(|n| !n.trim().is_empty()) {
        if ws.set_name(n).is_ok() {
            return Ok(());
        }
    }
    ws.set_name(fallback).map(|_| ()).map_err(xlsx_error)
}

fn too_large(rows: usize, cols: usize) -> Option<Error> {
    (rows > MAX_ROWS || cols > MAX_COLS).then(|| {
        Error::new(
            ErrorKind::TooLarge,
            format!("{rows} rows × {cols} columns do not fit in one sheet (Excel's limit is {MAX_ROWS} × {MAX_COLS})"),
        )
    })
}

/// Terminal-like width of a text, CJK counting two: for column widths.
fn text_width(s: &str) -> usize {
    s.lines().map(|l| l.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum::<usize>()).max().unwrap_or(0)
}

/// The error report as an xlsx workbook: one sheet (named as the original, when it had a name),
/// the original header in row 1 (bold, frozen, with a filter), the rows, then `错误原因` and
/// `原行号`. Problem cells are filled — light red when an issue on the cell is an error, yellow
/// for warnings — and carry a note with the messages; the `错误原因` cell is filled the same way
/// by the row's worst issue. Every value is written as a text cell, in columns formatted as text.
/// See the [module docs](super).
pub fn error_report_xlsx(
    sheet: &Sheet,
    header_index: usize,
    report: &Report,
    options: &ReportOptions,
) -> Result<Vec<u8>> {
    let layout = Layout::new(sheet, header_index, report, options.only_problem_rows);
    let lang = options.lang;
    let width = layout.width();
    if let Some(e) = too_large(layout.rows.len() + 1, width + 2) {
        return Err(e);
    }
    let mut workbook = new_workbook()?;
    let ws = workbook.add_worksheet();
    let fallback = match lang {
        Lang::Zh => "错误数据",
        Lang::En => "Problems",
    };
    name_sheet(ws, sheet.sheet_name.as_deref(), fallback)?;

    // `@` (text) everywhere: what the person types into the report stays text, so a mobile or an
    // employee number keeps its digits and leading zeros when the report is read back.
    let text = Format::new().set_num_format("@");
    let header = Format::new().set_bold().set_num_format("@").set_background_color(Color::RGB(0xD9E1F2));
    let error = text.clone().set_background_color(Color::RGB(0xFFC7CE)).set_font_color(Color::RGB(0x9C0006));
    let warning = text.clone().set_background_color(Color::RGB(0xFFEB9C)).set_font_color(Color::RGB(0x9C5700));
    let wrap = |f: &Format| f.clone().set_text_wrap().set_align(FormatAlign::Top);
    let (reason_error, reason_warning) = (wrap(&error), wrap(&warning));
    let fill = |s: Option<Severity>| match s {
        Some(Severity::Error) => &error,
        _ => &warning,
    };

    let reason_col = width as u16;
    let row_col = reason_col + 1;
    // Text through column formats: a cell written without a format takes its column's, which is
    // far cheaper than a format per cell (rust_xlsxwriter looks each one up), and cells the
    // person types into later are text too.
    for c in 0..=row_col {
        ws.set_column_format(c, &text).map_err(xlsx_error)?;
    }
    let mut widths: Vec<usize> = layout.headers.iter().map(|h| text_width(h)).collect();
    for (c, h) in layout.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, cell_limit(h), &header).map_err(xlsx_error)?;
    }
    ws.write_string_with_format(0, reason_col, super::reason_header(lang), &header).map_err(xlsx_error)?;
    ws.write_string_with_format(0, row_col, super::source_row_header(lang), &header).map_err(xlsx_error)?;

    for (i, row) in layout.rows.iter().enumerate() {
        let r = (i + 1) as u32;
        for (c, w) in widths.iter_mut().enumerate() {
            let value = cell_limit(row.text(c));
            *w = (*w).max(text_width(value));
            match row.issues_at(c).map(|i| i.severity).max() {
                None if value.is_empty() => {}
                None => {
                    ws.write_string(r, c as u16, value).map_err(xlsx_error)?;
                }
                severity => {
                    ws.write_string_with_format(r, c as u16, value, fill(severity)).map_err(xlsx_error)?;
                    ws.insert_note(r, c as u16, &note(row, c)).map_err(xlsx_error)?;
                }
            }
        }
        let reason_format = match row.severity() {
            Some(Severity::Error) => &reason_error,
            _ => &reason_warning,
        };
        // A row without problems leaves its reason cell empty (and unwritten: the column's text
        // format covers it).
        if !row.issues.is_empty() {
            let reasons = row.reasons(&layout.headers, lang, "\n");
            ws.write_string_with_format(r, reason_col, cell_limit(&reasons), reason_format).map_err(xlsx_error)?;
        }
        ws.write_string(r, row_col, row.sheet_row.to_string()).map_err(xlsx_error)?;
    }

    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w + 2).clamp(6, 40) as f64).map_err(xlsx_error)?;
    }
    ws.set_column_width(reason_col, 60).map_err(xlsx_error)?;
    ws.set_column_width(row_col, 8).map_err(xlsx_error)?;
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    ws.autofilter(0, 0, layout.rows.len() as u32, row_col).map_err(xlsx_error)?;
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// The note on one problem cell: its issues' messages, one per line, and the fix when there is one.
fn note(row: &ReportRow<'_>, c: usize) -> Note {
    let lines: Vec<String> = row
        .issues_at(c)
        .map(|i| match i.fix.as_deref() {
            Some(fix) if !fix.is_empty() && !i.message.contains(fix) => format!("{} → {fix}", i.message),
            _ => i.message.clone(),
        })
        .collect();
    let text = lines.join("\n");
    // Sized to the text, so a long message is readable without resizing the note.
    let height = 20 + 18 * (text_width(&text) / 36 + lines.len()).min(20) as u32;
    Note::new(cell_limit(&text).chars().take(32_000).collect::<String>())
        .set_author(NOTE_AUTHOR)
        .add_author_prefix(false)
        .set_width(300)
        .set_height(height)
}

/// Fields whose values are identifiers or numbers to dial: always written as text (a WeCom import
/// refuses a mobile stored as a number, and a number loses leading zeros).
fn text_field(f: Field) -> bool {
    matches!(
        f,
        Field::Userid
            | Field::Mobile
            | Field::Telephone
            | Field::Extension
            | Field::Email
            | Field::EnterpriseEmail
            | Field::EmployeeNo
            | Field::WechatId
    )
}

/// `YYYY-MM-DD` (the reader's ISO dates, optionally with a time after it) as a date.
fn iso_date(s: &str) -> Option<ExcelDateTime> {
    let d = s.get(..10)?;
    let mut it = d.splitn(3, '-');
    let (y, m, day) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
    ExcelDateTime::from_ymd(y, m, day).ok()
}

/// The whole sheet as an xlsx workbook, every row where it was (rows above the header too, so
/// each keeps its number) — what `minglu fix` writes. Values keep their kind: numbers stay
/// numbers, dates become date cells (`yyyy-mm-dd`), booleans booleans, except in identifier and
/// phone columns of `mapping` (account, mobile, telephone, e-mail, employee number, WeChat id),
/// which are written as text. A formula is written as the value it had. Merged ranges are kept
/// (those Excel would refuse — overlapping ones — are dropped, their cells written unmerged).
pub fn sheet_xlsx(sheet: &Sheet, mapping: &Mapping) -> Result<Vec<u8>> {
    let width = sheet.width();
    if let Some(e) = too_large(sheet.first_row + sheet.rows.len(), width) {
        return Err(e);
    }
    let mut as_text = vec![false; width];
    for c in &mapping.columns {
        if let (Some(f), Some(slot)) = (c.field, as_text.get_mut(c.index)) {
            *slot = text_field(f);
        }
    }
    let mut workbook = new_workbook()?;
    let ws = workbook.add_worksheet();
    name_sheet(ws, sheet.sheet_name.as_deref(), "Sheet1")?;
    let text = Format::new().set_num_format("@");
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // Identifier columns are text through their column format (cheaper than a format per cell).
    for (c, _) in as_text.iter().enumerate().filter(|(_, t)| **t) {
        ws.set_column_format(c as u16, &text).map_err(xlsx_error)?;
    }

    for (i, cells) in sheet.rows.iter().enumerate() {
        let r = (sheet.first_row + i) as u32;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            let value = cell_limit(cell.text);
            let keep_text = as_text.get(c).copied().unwrap_or(false);
            match cell.kind {
                CellKind::Empty | CellKind::Merged if value.is_empty() => continue,
                CellKind::Number if !keep_text => match value.parse::<f64>() {
                    Ok(n) if n.is_finite() => ws.write_number_with_format(r, col, n, &plain).map(|_| ()),
                    _ => ws.write_string(r, col, value).map(|_| ()),
                },
                CellKind::Date if !keep_text => match iso_date(value) {
                    Some(d) if value.len() == 10 => ws.write_datetime_with_format(r, col, &d, &date).map(|_| ()),
                    _ => ws.write_string(r, col, value).map(|_| ()),
                },
                CellKind::Bool if !keep_text && matches!(value, "TRUE" | "FALSE") => {
                    ws.write_boolean(r, col, value == "TRUE").map(|_| ())
                }
                _ => ws.write_string(r, col, value).map(|_| ()),
            }
            .map_err(xlsx_error)?;
        }
    }
    for m in &sheet.merged {
        if m.first_row == m.last_row && m.first_col == m.last_col {
            continue;
        }
        let anchor = m.first_row.checked_sub(sheet.first_row).and_then(|r| sheet.rows.get(r)?.get(m.first_col));
        let value = anchor.map_or("", |a| cell_limit(a.text));
        // merge_range rewrites the anchor as a string; a range Excel would refuse (overlapping
        // another, beyond the grid) is left unmerged rather than failing the whole file.
        let _ = ws.merge_range(
            m.first_row as u32,
            m.first_col as u16,
            m.last_row.min(MAX_ROWS - 1) as u32,
            m.last_col.min(MAX_COLS - 1) as u16,
            value,
            &plain,
        );
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_parse() {
        assert!(iso_date("2024-01-05").is_some());
        assert!(iso_date("2024-02-30").is_none());
        assert!(iso_date("1.5").is_none());
    }

    #[test]
    fn widths_count_cjk_twice() {
        assert_eq!(text_width("ab张"), 4);
        assert_eq!(text_width("a\n张三李"), 6);
    }
}
