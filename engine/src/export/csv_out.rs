//! CSV as Excel writes it: CRLF line ends, quotes only where needed, in UTF-8 with BOM (what
//! Excel opens without 乱码), UTF-8, or GBK (Excel's plain "CSV" on Chinese Windows).
//!
//! GBK cannot hold every character (rare given-name characters such as 𠮷, emoji, most
//! non-Chinese scripts). encoding_rs would write such a character as an HTML reference
//! (`&#134071;`) — a changed name in the output with no sign of it. Minglu refuses instead, with
//! the row, the column and the character, and points to UTF-8, which holds everything.

use super::table::Table;
use super::CsvEncoding;
use crate::{Error, ErrorKind, Result};

/// `UTF-8 (BOM)`, `UTF-8` or `GBK`, as the manifest says it.
pub(crate) fn encoding_label(encoding: CsvEncoding) -> String {
    match encoding {
        CsvEncoding::Utf8Bom => "UTF-8 with BOM",
        CsvEncoding::Utf8 => "UTF-8",
        CsvEncoding::Gbk => "GBK",
    }
    .to_string()
}

pub(crate) fn write(t: &Table, encoding: CsvEncoding) -> Result<Vec<u8>> {
    if encoding == CsvEncoding::Gbk {
        check_gbk(t)?;
    }
    let width = t.headers.len().max(1);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    let mut put = |record: &[String]| {
        w.write_record(record).map_err(|e| Error::new(ErrorKind::Other, format!("could not write the CSV: {e}")))
    };
    if let Some(title) = &t.title {
        // As Excel saves the WeCom template: the title line and the blank line as rows of commas.
        let mut line = vec![String::new(); width];
        line[0] = title.clone();
        put(&line)?;
        put(&vec![String::new(); width])?;
    }
    put(&t.headers)?;
    for row in &t.rows {
        put(row)?;
    }
    let utf8 = w.into_inner().map_err(|e| Error::new(ErrorKind::Other, format!("could not write the CSV: {e}")))?;
    Ok(match encoding {
        CsvEncoding::Utf8 => utf8,
        CsvEncoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), &utf8].concat(),
        CsvEncoding::Gbk => {
            // Checked above: every character has a GBK code, so nothing is replaced here.
            let text = String::from_utf8_lossy(&utf8);
            encoding_rs::GBK.encode(&text).0.into_owned()
        }
    })
}

/// The first character GBK cannot encode, if any.
fn first_unencodable(s: &str) -> Option<char> {
    if s.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 4];
    s.chars().find(|c| !c.is_ascii() && encoding_rs::GBK.encode(c.encode_utf8(&mut buf)).2)
}

fn check_gbk(t: &Table) -> Result<()> {
    let fail = |c: char, where_: String, column: Option<usize>| {
        let mut e = Error::new(
            ErrorKind::Unencodable,
            format!(
                "{where_}: \"{c}\" (U+{:04X}) has no GBK code; export the CSV as UTF-8 (with BOM, which Excel also opens) instead",
                c as u32
            ),
        );
        if let Some(col) = column {
            e = e.at_column(col + 1);
        }
        e
    };
    if let Some(ch) = t.title.as_deref().and_then(first_unencodable) {
        return Err(fail(ch, "the title row".into(), None));
    }
    for (c, h) in t.headers.iter().enumerate() {
        if let Some(ch) = first_unencodable(h) {
            return Err(fail(ch, format!("the header \"{h}\""), Some(c)));
        }
    }
    for (i, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Some(ch) = first_unencodable(cell) {
                let header = t.headers.get(c).map(String::as_str).unwrap_or("");
                let source_row = t.source_rows.get(i).copied().unwrap_or(0);
                let e = fail(ch, format!("column \"{header}\" (\"{cell}\")"), None);
                return Err(e.at_row(source_row));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(cell: &str) -> Table {
        Table {
            headers: vec!["姓名".into(), "手机".into()],
            rows: vec![vec![cell.into(), "13800138000".into()]],
            source_rows: vec![7],
            ..Table::default()
        }
    }

    #[test]
    fn encodings() {
        let t = table("张三");
        let bom = write(&t, CsvEncoding::Utf8Bom).unwrap();
        assert_eq!(bom, "\u{FEFF}姓名,手机\r\n张三,13800138000\r\n".as_bytes());
        let gbk = write(&t, CsvEncoding::Gbk).unwrap();
        assert_eq!(encoding_rs::GBK.decode(&gbk).0, "姓名,手机\r\n张三,13800138000\r\n");
    }

    #[test]
    fn gbk_refuses_what_it_cannot_hold() {
        let e = write(&table("吉𠮷"), CsvEncoding::Gbk).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unencodable);
        assert_eq!(e.position.row, Some(7));
        assert!(e.message.contains("姓名") && e.message.contains("U+20BB7"), "{}", e.message);
        assert!(write(&table("吉𠮷"), CsvEncoding::Utf8).is_ok());
    }
}
