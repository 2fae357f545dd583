//! Write an edited document back as a sheet in its own layout: the rows above the header (a
//! template's title) as they were, the header, then one row per person, columns in the file's
//! order. For `minglu apply` and `minglu merge` until the export stage (`engine/src/export`)
//! writes platform templates; values are written as they are held — no formula neutralization
//! here, so this is for files going back to the tool they came from, not for opening untrusted
//! CSV in a spreadsheet.

use super::Doc;
use crate::normalize::department::{self as dept, DeptSyntax};
use crate::{Error, ErrorKind, Field, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

/// The document as rows of text: the lines above the header, the header, then the people.
/// Returns `(rows, header_row_index)`.
pub fn to_rows(doc: &Doc) -> (Vec<Vec<String>>, usize) {
    let mut columns: Vec<&crate::ColumnMap> = doc.mapping.columns.iter().collect();
    columns.sort_by_key(|c| c.index);
    let syntax = DeptSyntax::of(doc.profile());
    // Which extra entry each unmapped column reads: extra headers follow the unmapped columns in
    // order, minus the columns the directory left out for holding nothing at all.
    let mut extra_at: Vec<Option<usize>> = Vec::with_capacity(columns.len());
    let mut next = 0;
    for c in &columns {
        if c.field.is_some() {
            extra_at.push(None);
            continue;
        }
        let header = extra_header(&c.header, c.index);
        if doc.directory.extra_headers.get(next) == Some(&header) {
            extra_at.push(Some(next));
            next += 1;
        } else {
            extra_at.push(None);
        }
    }
    // Fields some person holds that no column reads (set by an edit, or a merge): appended, so
    // nothing edited is lost. A name composed from family and given names is not: those columns
    // carry it.
    let mapped = |f: Field| columns.iter().any(|c| c.field == Some(f));
    let composed = mapped(Field::FamilyName) || mapped(Field::GivenName);
    let appended: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|&f| !mapped(f) && (f != Field::Name || !composed))
        .filter(|&f| doc.directory.people.iter().any(|p| !p.get(f).is_empty()))
        .collect();

    let mut rows: Vec<Vec<String>> = doc
        .sheet
        .rows
        .iter()
        .take(doc.header_index)
        .map(|r| r.iter().map(|c| c.text.to_string()).collect())
        .collect();
    let header_row = rows.len();
    rows.push(
        columns.iter().map(|c| c.header.clone()).chain(appended.iter().map(|f| f.label_zh().to_string())).collect(),
    );
    for p in &doc.directory.people {
        let mut row = Vec::with_capacity(columns.len() + appended.len());
        for (c, extra) in columns.iter().zip(&extra_at) {
            row.push(match (c.field, extra) {
                (Some(Field::Departments), _) if p.get(Field::Departments).is_empty() => {
                    dept::join(&p.departments, &syntax)
                }
                (Some(f), _) => p.get(f).to_string(),
                (None, Some(k)) => p.extra.get(*k).map(|(_, v)| v.clone()).unwrap_or_default(),
                (None, None) => String::new(),
            });
        }
        row.extend(appended.iter().map(|&f| p.get(f).to_string()));
        rows.push(row);
    }
    (rows, header_row)
}

/// The header an unmapped column has in `Directory::extra_headers` (an empty one is named after
/// its column letter, as the directory names it).
fn extra_header(header: &str, index: usize) -> String {
    let h = header.trim();
    if h.is_empty() {
        format!("列{}", crate::column_letter(index + 1))
    } else {
        h.to_string()
    }
}

/// CSV in UTF-8 with a BOM (what Excel opens as UTF-8), CRLF line ends.
pub fn to_csv(doc: &Doc) -> Vec<u8> {
    let (rows, _) = to_rows(doc);
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    for mut row in rows {
        row.resize(width.max(1), String::new());
        // Writing to a Vec cannot fail.
        w.write_record(&row).ok();
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    out
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::new(ErrorKind::Other, format!("could not write the workbook: {e}"))
}

/// An xlsx workbook, every cell as text (so `000123` and `13800138000` stay as written). The
/// creation time is fixed: the same document gives the same bytes.
pub fn to_xlsx(doc: &Doc) -> Result<Vec<u8>> {
    let (rows, header_row) = to_rows(doc);
    if rows.len() > 1_048_576 {
        return Err(Error::new(ErrorKind::TooLarge, format!("{} rows do not fit in one sheet", rows.len())));
    }
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 1).map_err(xlsx_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    let name = doc.sheet.sheet_name.clone().filter(|n| !n.is_empty() && n.chars().count() <= 31);
    if let Some(name) = name {
        // A name Excel refuses (`[`, `:` …) falls back to the default.
        let _ = sheet.set_name(name);
    }
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() || c > 16_383 {
                continue;
            }
            if r == header_row {
                sheet.write_string_with_format(r as u32, c as u16, text, &bold).map_err(xlsx_error)?;
            } else {
                sheet.write_string(r as u32, c as u16, text).map_err(xlsx_error)?;
            }
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// Write for a file name: `.xlsx` as a workbook, anything else as CSV.
pub fn to_bytes_for(doc: &Doc, file_name: &str) -> Result<Vec<u8>> {
    if file_name.to_ascii_lowercase().ends_with(".xlsx") {
        to_xlsx(doc)
    } else {
        Ok(to_csv(doc))
    }
}
