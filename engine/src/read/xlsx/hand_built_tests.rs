//! Hand-written packages for what exporters rarely write but the format allows, and for damage.

use crate::read::{read, CellKind, ReadOptions};
use crate::ErrorKind;
use std::io::Write;

/// An xlsx package with one sheet `sheet_data` (the worksheet's XML) and, when given, shared
/// strings and styles.
fn xlsx(sheet: &str, shared: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut files = vec![
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="通讯录" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sheet}</worksheet>"#)),
    ];
    if let Some(s) = shared {
        files.push(("xl/sharedStrings.xml", format!("<sst>{s}</sst>")));
    }
    if let Some(s) = styles {
        files.push(("xl/styles.xml", format!("<styleSheet>{s}</styleSheet>")));
    }
    for (name, text) in files {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn open(bytes: &[u8]) -> crate::Result<crate::Sheet> {
    read(bytes, &ReadOptions { file_name: Some("t.xlsx".into()), ..ReadOptions::default() })
}

#[test]
fn every_kind_of_value_an_xlsx_cell_can_hold() {
    let sheet = r#"<sheetData><row r="1">
        <c r="A1" t="s"><v>0</v></c>
        <c r="B1" t="inlineStr"><is><t xml:space="preserve"> 李 四 </t></is></c>
        <c r="C1" t="b"><v>1</v></c>
        <c r="D1" t="e"><v>#N/A</v></c>
        <c r="E1" s="1"><v>45943</v></c>
        <c r="F1"><v>13800138000</v></c>
        <c r="G1" t="str"><f>A1&amp;"x"</f><v>张三_x000D_x</v></c>
        <c r="H1" t="d"><v>2025-10-13T00:00:00</v></c>
        <c r="I1" s="7"/>
      </row></sheetData>"#;
    let styles = r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
        <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>"#;
    let s = open(&xlsx(sheet, Some("<si><t>张三</t></si>"), Some(styles))).unwrap();
    let row = s.rows.row(0);
    let cells: Vec<(&str, CellKind)> = (0..row.len()).map(|c| (row.text(c), row.kind(c))).collect();
    assert_eq!(
        cells,
        [
            ("张三", CellKind::Text),
            (" 李 四 ", CellKind::Text),
            ("TRUE", CellKind::Bool),
            ("#N/A", CellKind::Error),
            ("2025-10-13", CellKind::Date),
            ("13800138000", CellKind::Number),
            ("张三\rx", CellKind::Formula),
            ("2025-10-13T00:00:00", CellKind::Date),
        ]
    );
}

#[test]
fn cells_and_rows_without_references_follow_their_order() {
    let sheet = r#"<sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c><c t="inlineStr"><is><t>d</t></is></c></row><row/><row><c><v>1</v></c></row></sheetData>"#;
    let s = open(&xlsx(sheet, None, None)).unwrap();
    assert_eq!(s.rows.row(0).len(), 4);
    assert_eq!((s.rows.row(0).text(0), s.rows.row(0).text(2), s.rows.row(0).text(3)), ("a", "c", "d"));
    assert!(s.rows.row(1).is_empty());
    assert_eq!(s.rows.row(2).text(0), "1");
}

#[test]
fn regression_a_tiny_file_declaring_the_whole_grid_reserves_only_what_it_can_hold() {
    let sheet = r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row></sheetData>"#;
    let s = open(&xlsx(sheet, None, None)).unwrap();
    assert_eq!(s.rows.len(), 1);
}

#[test]
fn merged_ranges_come_from_the_same_pass_and_prefixes_are_read() {
    let sheet = r#"<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>通讯录</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="B2"><x:v>2</x:v></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:C1"/></x:mergeCells>"#;
    let s = open(&xlsx(sheet, None, None)).unwrap();
    assert_eq!(s.rows.row(0).text(0), "通讯录");
    assert_eq!(s.rows.row(0).kind(1), CellKind::Merged); // within the sheet's two columns
    assert_eq!(s.rows.row(1).text(1), "2");
    assert_eq!(s.merged.len(), 1);
}

#[test]
fn damage_says_where_it_is() {
    // A shared-string index past the table.
    let e = open(&xlsx(r#"<sheetData><row r="7"><c r="B7" t="s"><v>5</v></c></row></sheetData>"#, Some("<si><t>a</t></si>"), None)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt);
    assert_eq!((e.position.row, e.position.column), (Some(7), Some(2)), "{e}");
    assert!(e.message.contains("shared string 5"), "{e}");
    // A cell cut off by the end of the part.
    let e = open(&xlsx(r#"<sheetData><row r="3"><c r="A3"><v>1</v>"#, None, None)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt);
    assert_eq!(e.position.row, Some(3), "{e}");
    // A tag that never ends.
    let e = open(&xlsx(r#"<sheetData><row r="2"><c r="A2" t="s"#, None, None)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt, "{e}");
}

#[test]
fn a_row_far_longer_than_a_piece_reads_whole() {
    // 900 cells of 300 bytes: one row longer than a 256 KiB piece.
    let cells: String = (0..900).map(|c| format!(r#"<c t="inlineStr"><is><t>{}</t></is></c>"#, "值".repeat(100) + &c.to_string())).collect();
    let sheet = format!(r#"<sheetData><row r="1">{cells}</row><row r="2"><c r="A2"><v>9</v></c></row></sheetData>"#);
    let s = open(&xlsx(&sheet, None, None)).unwrap();
    assert_eq!(s.rows.row(0).len(), 900);
    assert_eq!(s.rows.row(0).text(899), format!("{}899", "值".repeat(100)));
    assert_eq!(s.rows.row(1).text(0), "9");
}

#[test]
fn cells_point_into_the_shared_strings_instead_of_copying_them() {
    // A header row, then 1,000 rows repeating three shared strings (a department, a title, an
    // empty string) beside an inline name each: the sheet holds the shared text once.
    let inline = |r: usize, c: &str, t: &str| format!(r#"<c r="{c}{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let shared = |r: usize, c: &str, i: usize| format!(r#"<c r="{c}{r}" t="s"><v>{i}</v></c>"#);
    let header = format!(r#"<row r="1">{}{}{}{}</row>"#, inline(1, "A", "部门"), inline(1, "B", "职务"), inline(1, "C", "别名"), inline(1, "D", "姓名"));
    let rows: String = (2..=1001)
        .map(|r| format!(r#"<row r="{r}">{}{}{}{}</row>"#, shared(r, "A", 0), shared(r, "B", 1), shared(r, "C", 2), inline(r, "D", &format!("{r}号"))))
        .collect();
    let strings = "<si><t>总部/研发中心</t></si><si><t>工程师</t></si><si><t></t></si>";
    let bytes = xlsx(&format!("<sheetData>{header}{rows}</sheetData>"), Some(strings), None);
    let sheet = open(&bytes).unwrap();
    assert_eq!(sheet.rows.len(), 1001);
    let row = sheet.rows.row(1000);
    assert_eq!((row.text(0), row.text(1), row.text(2), row.text(3)), ("总部/研发中心", "工程师", "", "1001号"));
    assert_eq!((row.kind(0), row.kind(2), row.kind(3)), (CellKind::Text, CellKind::Empty, CellKind::Text));
    let repeated = 1000 * ("总部/研发中心".len() + "工程师".len());
    assert!(sheet.rows.text_len() < repeated / 3, "{} bytes of text for {repeated} bytes of repeated cells", sheet.rows.text_len());
    // The people read those cells (shared strings included) from the frozen sheet.
    let opened = crate::open(&bytes, &crate::OpenOptions::default()).unwrap();
    assert_eq!(opened.directory.people.len(), 1000);
    let last = opened.directory.people.last().unwrap();
    assert_eq!((last.get(crate::Field::Name), last.get(crate::Field::Position)), ("1001号", "工程师"));
    assert_eq!(last.departments.len(), 1);
    assert!(opened.directory.people.iter().all(|p| p.fields.own_text_len() == 0), "the people hold no copy");
}
