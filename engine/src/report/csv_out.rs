//! The CSV writers: the error report and the whole sheet, as Excel's "save as CSV" writes them
//! (CRLF, quotes only where needed).

use super::{cell_limit, CsvEncoding, Layout, ReportOptions};
use crate::validate::{Lang, Report};
use crate::{Error, ErrorKind, Result, Sheet};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The error report as CSV, UTF-8 with a byte-order mark (so Excel opens it as UTF-8): the
/// original header and columns, then `错误原因` (problems joined by `；`, or `; ` in English) and
/// `原行号`. See the [module docs](super).
pub fn error_report_csv(sheet: &Sheet, header_index: usize, report: &Report, options: &ReportOptions) -> Vec<u8> {
    let layout = Layout::new(sheet, header_index, report, options.only_problem_rows);
    let lang = options.lang;
    let sep = match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    let mut w = writer();
    let mut header: Vec<String> = layout.headers.clone();
    header.push(super::reason_header(lang).to_string());
    header.push(super::source_row_header(lang).to_string());
    w.write_record(&header).ok();
    for row in &layout.rows {
        let mut record: Vec<String> = (0..layout.width()).map(|c| neutralize(row.text(c))).collect();
        record.push(neutralize(&row.reasons(&layout.headers, lang, sep)));
        record.push(row.sheet_row.to_string());
        // Writing to a Vec cannot fail; `ok()` keeps this path free of panics all the same.
        w.write_record(&record).ok();
    }
    let mut out = BOM.to_vec();
    out.extend_from_slice(&w.into_inner().unwrap_or_default());
    out
}

/// The whole sheet as CSV: every row from the top (rows above the header and blank rows too, so
/// each record keeps its row number), every row as wide as the widest. GBK fails when a cell has
/// a character GBK cannot hold, rather than writing `?` in its place.
pub fn sheet_csv(sheet: &Sheet, encoding: CsvEncoding) -> Result<Vec<u8>> {
    let width = sheet.width().max(1);
    let mut w = writer();
    let blank = vec![String::new(); width];
    for _ in 0..sheet.first_row {
        w.write_record(&blank).ok();
    }
    for cells in sheet.rows.iter() {
        let record: Vec<String> = (0..width).map(|c| neutralize(cells.text(c))).collect();
        w.write_record(&record).ok();
    }
    let utf8 = w.into_inner().unwrap_or_default();
    Ok(match encoding {
        CsvEncoding::Utf8 => utf8,
        CsvEncoding::Utf8Bom => {
            let mut out = BOM.to_vec();
            out.extend_from_slice(&utf8);
            out
        }
        CsvEncoding::Gbk => {
            let text = String::from_utf8_lossy(&utf8);
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
            if unmappable {
                let c = text.chars().find(|c| encoding_rs::GBK.encode(&c.to_string()).2).unwrap_or('?');
                return Err(Error::new(
                    ErrorKind::Other,
                    format!(
                        "the sheet has a character GBK cannot hold (U+{:04X} \"{c}\"); write UTF-8 instead",
                        c as u32
                    ),
                ));
            }
            bytes.into_owned()
        }
    })
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new())
}

/// CSV injection (OWASP): a cell that could run as a formula when the CSV is opened in a
/// spreadsheet gets a leading `'` — the same rule as every export (`export::inject`): phones like
/// `+86 138 0013 8000` stay as they are.
fn neutralize(value: &str) -> String {
    let value = cell_limit(value);
    crate::export::inject::neutralize(value).unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cell;

    #[test]
    fn formulas_are_neutralized_and_phones_kept() {
        assert_eq!(neutralize("=1+1"), "'=1+1");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("+A1"), "'+A1");
        assert_eq!(neutralize("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(neutralize("+86 138-0013-8000"), "+86 138-0013-8000");
        // A lone minus too: the same rule as every export (`export::inject`).
        assert_eq!(neutralize("-"), "'-");
        assert_eq!(neutralize("张三"), "张三");
    }

    #[test]
    fn sheet_csv_keeps_row_numbers_and_refuses_what_gbk_cannot_hold() {
        let sheet = Sheet {
            first_row: 1,
            rows: vec![vec![Cell::text("姓名"), Cell::text("手机")], vec![Cell::text("张三")]].into(),
            ..Sheet::default()
        };
        assert_eq!(
            sheet_csv(&sheet, CsvEncoding::Utf8).unwrap(),
            b",\r\n\xE5\xA7\x93\xE5\x90\x8D,\xE6\x89\x8B\xE6\x9C\xBA\r\n\xE5\xBC\xA0\xE4\xB8\x89,\r\n"
        );
        let gbk = sheet_csv(&sheet, CsvEncoding::Gbk).unwrap();
        assert_eq!(encoding_rs::GBK.decode(&gbk).0, ",\r\n姓名,手机\r\n张三,\r\n");
        let emoji = Sheet { rows: vec![vec![Cell::text("张三😀")]].into(), ..Sheet::default() };
        let e = sheet_csv(&emoji, CsvEncoding::Gbk).unwrap_err();
        assert!(e.message.contains("U+1F600"), "{}", e.message);
    }
}
