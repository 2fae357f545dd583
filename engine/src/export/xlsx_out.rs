//! xlsx: every value a text cell (a mobile or an employee number written as a number would lose
//! digits or leading zeros the moment Excel shows it), the columns formatted as text so values
//! typed later stay text too, a bold header, the header row frozen, an autofilter, and columns
//! wide enough for their content.

use super::table::Table;
use crate::{Error, ErrorKind, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// Excel's row limit.
const MAX_ROWS: usize = 1_048_576;
/// Excel's cell limit, in characters.
const MAX_CELL_CHARS: usize = 32_767;
/// Column widths in Excel's character units.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 50;
/// Rows looked at to size a column: enough to see the long values, cheap for big directories.
const WIDTH_SAMPLE: usize = 2_000;

fn xlsx_error(e: XlsxError) -> Error {
    Error::new(ErrorKind::Other, format!("could not write the workbook: {e}"))
}

/// The creation time stamped into the workbook: the caller's time, or a fixed date so that the
/// same export gives the same bytes (rust_xlsxwriter would read the clock otherwise).
fn creation_time(created: Option<&str>) -> Result<ExcelDateTime> {
    let (y, mo, d, h, mi, s) = created.and_then(super::manifest::parse_timestamp).unwrap_or((2025, 1, 1, 0, 0, 0));
    ExcelDateTime::from_ymd(y, mo, d).and_then(|dt| dt.and_hms(u16::from(h), mi, s)).map_err(xlsx_error)
}

/// Terminal-style width: CJK and full-width characters take two columns.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if crate::normalize::text::is_cjk(c) || ('\u{FF01}'..='\u{FF60}').contains(&c) { 2 } else { 1 })
        .sum()
}

pub(crate) fn write(t: &Table, created: Option<&str>) -> Result<Vec<u8>> {
    let header_row: u32 = if t.title.is_some() { 2 } else { 0 };
    if header_row as usize + 1 + t.rows.len() > MAX_ROWS {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "{} people do not fit in one sheet (Excel's limit is {MAX_ROWS} rows); export CSV instead",
                t.rows.len()
            ),
        ));
    }
    for (i, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.chars().count() > MAX_CELL_CHARS {
                let header = t.headers.get(c).map(String::as_str).unwrap_or("");
                let row = t.source_rows.get(i).copied().unwrap_or(0);
                return Err(Error::new(
                    ErrorKind::TooLarge,
                    format!("column \"{header}\": the value is longer than an Excel cell holds ({MAX_CELL_CHARS} characters); export CSV instead"),
                )
                .at_row(row));
            }
        }
    }

    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&creation_time(created)?));
    let sheet = workbook.add_worksheet();
    sheet.set_name(&t.sheet_name).map_err(xlsx_error)?;
    let text = Format::new().set_num_format("@");
    let bold = Format::new()
        .set_bold()
        .set_num_format("@")
        .set_background_color("#E7EEF7")
        .set_border_bottom(FormatBorder::Thin);
    let width = t.headers.len();
    let last_col = width.saturating_sub(1) as u16;

    if let Some(title) = &t.title {
        let title_format = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
        if last_col > 0 {
            sheet.merge_range(0, 0, 0, last_col, title, &title_format).map_err(xlsx_error)?;
        } else {
            sheet.write_string_with_format(0, 0, title, &title_format).map_err(xlsx_error)?;
        }
    }
    for (c, h) in t.headers.iter().enumerate() {
        let c16 = c as u16;
        let widest =
            t.rows.iter().take(WIDTH_SAMPLE).map(|r| r.get(c).map_or(0, |v| display_width(v))).max().unwrap_or(0);
        let w = (widest.max(display_width(h)) + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        sheet.set_column_width(c16, w as f64).map_err(xlsx_error)?;
        sheet.set_column_format(c16, &text).map_err(xlsx_error)?;
        sheet.write_string_with_format(header_row, c16, h, &bold).map_err(xlsx_error)?;
    }
    for (i, row) in t.rows.iter().enumerate() {
        let r = header_row + 1 + i as u32;
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string_with_format(r, c as u16, cell, &text).map_err(xlsx_error)?;
            }
        }
    }
    sheet.set_freeze_panes(header_row + 1, 0).map_err(xlsx_error)?;
    if width > 0 {
        let last_row = header_row + t.rows.len() as u32;
        sheet.autofilter(header_row, 0, last_row, last_col).map_err(xlsx_error)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}
