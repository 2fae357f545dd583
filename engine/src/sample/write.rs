//! Writers for generated directories: xlsx (as the WeCom template looks), CSV (as Excel's "save
//! as CSV" writes it, in UTF-8, UTF-8 with BOM or GBK) and vCard 3.0.

use super::{GeneratedDirectory, SHEET_NAME};
use crate::export::vcard::fold;
use crate::read::CellKind;
use crate::{Error, ErrorKind, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

/// Excel's last row (1-based): more people than this cannot be written to one sheet.
const XLSX_MAX_ROWS: usize = 1_048_576;

fn xlsx_error(e: XlsxError) -> Error {
    Error::new(ErrorKind::Other, format!("could not write the sample workbook: {e}"))
}

/// Parse `YYYY-MM-DD`, the form the generator writes dates in.
fn ymd(s: &str) -> Option<(u16, u8, u8)> {
    let mut it = s.splitn(3, '-');
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

/// The workbook bytes: one sheet `通讯录`, the merged title in the WeCom layout, then the header
/// and the people. Cells are written as their kind says — most mobiles and all ids as text, some
/// mobiles and damaged employee numbers as numbers, some join dates as date cells — so reading
/// the file back exercises the reader's number and date formatting.
///
/// The output is deterministic: the document's creation time is fixed (otherwise
/// rust_xlsxwriter stamps the current time, which also panics on wasm32 without its `wasm`
/// feature), and rust_xlsxwriter writes zip entries with a fixed 1980 timestamp.
pub fn to_xlsx(g: &GeneratedDirectory) -> Result<Vec<u8>> {
    if g.header_row() + g.rows.len() > XLSX_MAX_ROWS {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!("{} people do not fit in one sheet (Excel's limit is {XLSX_MAX_ROWS} rows)", g.rows.len()),
        ));
    }
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 1).map_err(xlsx_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));

    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME).map_err(xlsx_error)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let last_col = g.headers.len().saturating_sub(1) as u16;

    if let Some(title) = &g.title {
        let title_format = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
        if last_col > 0 {
            sheet.merge_range(0, 0, 0, last_col, title, &title_format).map_err(xlsx_error)?;
        } else {
            sheet.write_string_with_format(0, 0, title, &title_format).map_err(xlsx_error)?;
        }
    }
    let header = (g.header_row() - 1) as u32;
    for (c, h) in g.headers.iter().enumerate() {
        sheet.write_string_with_format(header, c as u16, h, &bold).map_err(xlsx_error)?;
        sheet.set_column_width(c as u16, if c == 4 || c == 10 { 28 } else { 14 }).map_err(xlsx_error)?;
    }
    for (i, row) in g.rows.iter().enumerate() {
        let r = header + 1 + i as u32;
        for (c, cell) in row.cells.iter().enumerate() {
            let c = c as u16;
            match cell.kind {
                CellKind::Empty => {}
                CellKind::Number => match cell.text.parse::<f64>() {
                    Ok(n) => {
                        sheet.write_number(r, c, n).map_err(xlsx_error)?;
                    }
                    Err(_) => {
                        sheet.write_string(r, c, &cell.text).map_err(xlsx_error)?;
                    }
                },
                CellKind::Date => match ymd(&cell.text).and_then(|(y, m, d)| ExcelDateTime::from_ymd(y, m, d).ok()) {
                    Some(dt) => {
                        sheet.write_datetime_with_format(r, c, &dt, &date).map_err(xlsx_error)?;
                    }
                    None => {
                        sheet.write_string(r, c, &cell.text).map_err(xlsx_error)?;
                    }
                },
                _ => {
                    sheet.write_string(r, c, &cell.text).map_err(xlsx_error)?;
                }
            }
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// The text encoding of a CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark: what Excel writes as "CSV UTF-8".
    Utf8Bom,
    /// GBK: what Chinese Excel writes as plain "CSV" (no BOM).
    Gbk,
}

/// The CSV twin of [`to_xlsx`], as Excel's "save as CSV" writes it: CRLF line ends, quotes only
/// where needed, and the title row and blank row kept as lines of commas
/// (`通讯录批量导入模板（请勿修改表头）,,,,` then `,,,,`).
pub fn to_csv(g: &GeneratedDirectory, encoding: CsvEncoding) -> Vec<u8> {
    let width = g.headers.len();
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to a Vec cannot fail; the `ok()` keeps this path free of panics all the same.
    if let Some(title) = &g.title {
        let mut line = vec![String::new(); width.max(1)];
        line[0] = title.clone();
        w.write_record(&line).ok();
        w.write_record(vec![String::new(); width.max(1)]).ok();
    }
    w.write_record(&g.headers).ok();
    for row in &g.rows {
        w.write_record(row.cells.iter().map(|c| c.text.as_str())).ok();
    }
    let utf8 = w.into_inner().unwrap_or_default();
    match encoding {
        CsvEncoding::Utf8 => utf8,
        CsvEncoding::Utf8Bom => {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            out.extend_from_slice(&utf8);
            out
        }
        CsvEncoding::Gbk => {
            let text = String::from_utf8_lossy(&utf8);
            encoding_rs::GBK.encode(&text).0.into_owned()
        }
    }
}

/// Escape a vCard 3.0 text value (RFC 2426 §4: backslash, comma, semicolon, newline).
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// The people as vCard 3.0 cards (UTF-8, CRLF, folded): `N:张;三;;;`, `FN`, `ORG` from the main
/// department path, `TITLE`, the mobile as `TEL;TYPE=CELL`, the landline as `TEL;TYPE=WORK,VOICE`,
/// the emails and the alias as `NICKNAME`.
pub fn to_vcard(g: &GeneratedDirectory) -> Vec<u8> {
    let col = |h: &str| g.column(h);
    let (name, alias, position, dept) = (col("姓名"), col("别名"), col("职务"), col("部门"));
    let (mobile, phone, email, corp) = (col("手机"), col("座机"), col("个人邮箱"), col("企业邮箱"));
    let mut out = String::new();
    for row in &g.rows {
        let get = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).map(|c| c.text.trim()).unwrap_or("");
        let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:3.0".to_string()];
        // A row whose name was removed (a fault) keeps an empty N and FN, as a broken export would.
        let fn_ = get(name);
        let (family, given) = if fn_.is_empty() { ("", "") } else { (row.family.as_str(), row.given.as_str()) };
        lines.push(format!("N:{};{};;;", escape(family), escape(given)));
        lines.push(format!("FN:{}", escape(fn_)));
        if let Some(main) = get(dept).split(['；', ';']).next().filter(|d| !d.is_empty()) {
            let units: Vec<String> = main.split('/').map(escape).collect();
            lines.push(format!("ORG:{}", units.join(";")));
        }
        let optional = [
            ("TITLE", get(position)),
            ("TEL;TYPE=CELL", get(mobile)),
            ("TEL;TYPE=WORK,VOICE", get(phone)),
            ("EMAIL;TYPE=INTERNET", get(email)),
            ("EMAIL;TYPE=INTERNET,WORK", get(corp)),
            ("NICKNAME", get(alias)),
        ];
        for (property, value) in optional {
            if !value.is_empty() {
                lines.push(format!("{property}:{}", escape(value)));
            }
        }
        lines.push("END:VCARD".to_string());
        for line in &lines {
            fold(line, &mut out);
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_utf8_sequences_whole() {
        let mut out = String::new();
        fold(&format!("NOTE:{}", "中".repeat(40)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), format!("NOTE:{}", "中".repeat(40)));
    }

    #[test]
    fn escape_follows_rfc2426() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
