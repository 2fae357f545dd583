//! Reading workbooks: cell kinds, row numbers, merged ranges, the sheet picker, limits, and
//! hostile legacy .xls files refused before calamine allocates.

use minglu::{read, CellKind, ErrorKind, Format, Limits, ReadOptions};
use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Formula, Workbook};

fn opts(name: &str) -> ReadOptions {
    ReadOptions { file_name: Some(name.into()), ..ReadOptions::default() }
}

/// A WeCom-style export: merged title in row 1, blank row 2, header in row 3, then people.
fn wecom_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("成员列表").unwrap();
    ws.merge_range(0, 0, 0, 5, "通讯录批量导入模板", &XFormat::new()).unwrap();
    for (c, h) in ["姓名", "账号", "手机", "入职日期", "在职", "工龄"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "张三").unwrap();
    ws.write_string(3, 1, "zhangsan").unwrap();
    ws.write_number(3, 2, 13800138000.0).unwrap();
    let date = XFormat::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2021, 3, 1).unwrap(), &date).unwrap();
    ws.write_boolean(3, 4, true).unwrap();
    ws.write_formula(3, 5, Formula::new("=2025-2021").set_result("4")).unwrap();
    ws.write_string(4, 0, "李四").unwrap();
    ws.write_number(4, 2, 1.5).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn cell_kinds_and_text_as_excel_shows_them() {
    let s = read(&wecom_xlsx(), &opts("成员.xlsx")).unwrap();
    assert_eq!(s.format, Some(Format::Xlsx));
    assert_eq!(s.sheet_name.as_deref(), Some("成员列表"));
    assert_eq!(s.first_row, 0);
    let row = s.rows.row(3).to_vec();
    assert_eq!((row[2].text.as_str(), row[2].kind), ("13800138000", CellKind::Number));
    assert_eq!((row[3].text.as_str(), row[3].kind), ("2021-03-01", CellKind::Date));
    assert_eq!((row[4].text.as_str(), row[4].kind), ("TRUE", CellKind::Bool));
    assert_eq!((row[5].text.as_str(), row[5].kind), ("4", CellKind::Formula));
    assert_eq!(s.rows.row(4).text(2), "1.5");
}

#[test]
fn merged_title_is_kept_and_its_covered_cells_marked() {
    let s = read(&wecom_xlsx(), &opts("成员.xlsx")).unwrap();
    assert_eq!(s.merged.len(), 1);
    assert_eq!((s.merged[0].first_row, s.merged[0].last_col), (0, 5));
    assert_eq!(s.rows.row(0).text(0), "通讯录批量导入模板");
    assert!(s.rows.row(0).iter().skip(1).take(5).all(|c| c.kind == CellKind::Merged && c.text.is_empty()));
    assert!(s.row_is_blank(1));
}

#[test]
fn row_numbers_match_excel_when_the_sheet_starts_lower() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(4, 2, "姓名").unwrap(); // C5
    ws.write_string(5, 2, "王五").unwrap();
    let s = read(&wb.save_to_buffer().unwrap(), &opts("a.xlsx")).unwrap();
    assert_eq!(s.first_row, 4);
    assert_eq!(s.sheet_row(0), 5);
    // Columns stay absolute: C is index 2.
    assert_eq!(s.cell_text(0, 2), "姓名");
}

fn three_sheets() -> Vec<u8> {
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("说明").unwrap(); // empty first sheet
    let hidden = wb.add_worksheet();
    hidden.set_name("下拉选项").unwrap();
    hidden.write_string(0, 0, "销售部").unwrap();
    hidden.set_hidden(true);
    let data = wb.add_worksheet();
    data.set_name("人员").unwrap();
    data.write_string(0, 0, "姓名").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn default_sheet_skips_empty_and_hidden_sheets() {
    let s = read(&three_sheets(), &opts("x.xlsx")).unwrap();
    assert_eq!(s.sheet_name.as_deref(), Some("人员"));
    assert_eq!(s.sheets, vec!["说明", "下拉选项", "人员"]);
}

#[test]
fn sheet_can_be_chosen_by_name_or_position_and_a_wrong_name_lists_the_sheets() {
    let bytes = three_sheets();
    let pick = |name: &str| read(&bytes, &ReadOptions { sheet: Some(name.into()), ..opts("x.xlsx") });
    assert_eq!(pick("下拉选项").unwrap().cell_text(0, 0), "销售部");
    assert_eq!(pick("3").unwrap().sheet_name.as_deref(), Some("人员"));
    let e = pick("Sheet9").unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoSuchSheet);
    assert!(e.message.contains("说明, 下拉选项, 人员"), "{}", e.message);
    // The empty sheet, asked for by name, is read as it is.
    assert!(pick("说明").unwrap().rows.is_empty());
}

#[test]
fn an_all_empty_workbook_is_an_empty_error() {
    let mut wb = Workbook::new();
    wb.add_worksheet();
    let e = read(&wb.save_to_buffer().unwrap(), &opts("e.xlsx")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Empty);
}

#[test]
fn a_stray_cell_far_down_is_refused_by_the_row_limit() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(999_999, 0, "x").unwrap();
    let limits = Limits { max_rows: 10_000, ..Limits::default() };
    let e = read(&wb.save_to_buffer().unwrap(), &ReadOptions { limits, ..opts("big.xlsx") }).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert_eq!(e.position.row, Some(1_000_000));
}

#[test]
fn a_zip_bomb_is_refused_from_its_declared_sizes() {
    let limits = Limits { max_uncompressed_bytes: 1000, ..Limits::default() };
    let e = read(&wecom_xlsx(), &ReadOptions { limits, ..opts("a.xlsx") }).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge);
}

#[test]
fn regression_shared_strings_count_declaring_billions_is_refused() {
    // calamine reserves `uniqueCount` strings up front; 10^11 of them would abort the process.
    let bytes = wecom_xlsx();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut body = String::new();
        std::io::Read::read_to_string(&mut f, &mut body).unwrap();
        if name.ends_with("sharedStrings.xml") {
            let at = body.find("uniqueCount=\"").unwrap() + 13;
            let end = at + body[at..].find('"').unwrap();
            body.replace_range(at..end, "100000000000");
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, body.as_bytes()).unwrap();
    }
    let hostile = out.finish().unwrap().into_inner();
    let e = read(&hostile, &opts("h.xlsx")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt, "{e}");
}

/// A minimal compound file holding one `Workbook` stream (≥ 4096 bytes, so no mini stream).
fn cfb(workbook: &[u8]) -> Vec<u8> {
    let mut stream = workbook.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let n = stream.len() / 512;
    // Sectors: 0 = FAT, 1 = directory, 2.. = stream.
    let mut fat = vec![0xFFFF_FFFDu32, 0xFFFF_FFFE];
    fat.extend((0..n as u32).map(|i| if i + 1 == n as u32 { 0xFFFF_FFFE } else { 3 + i }));
    fat.resize(128, 0xFFFF_FFFF);
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    header[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    header[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 0..109 {
        let v: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        header[76 + i * 4..80 + i * 4].copy_from_slice(&v.to_le_bytes());
    }
    let entry = |name: &str, typ: u8, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().chain([0]).flat_map(|u| u.to_le_bytes()).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = typ;
        e[68..80].copy_from_slice(&[0xFF; 12]); // no siblings or child…
        if typ == 5 {
            e[76..80].copy_from_slice(&1u32.to_le_bytes()); // …except the root's child
        }
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, 0xFFFF_FFFE, 0);
    dir.extend(entry("Workbook", 2, 2, stream.len() as u32));
    dir.resize(512, 0);
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(dir);
    out.extend(stream);
    out
}

fn record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((body.len() as u16).to_le_bytes());
    r.extend(body);
    r
}

/// A BIFF8 workbook with one sheet holding a text cell per position (LABEL records).
fn biff(cells: &[(u16, u16)]) -> Vec<u8> {
    let bof = |dt: u16| record(0x0809, &[&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat());
    let mut globals = bof(0x0005);
    // BoundSheet8: where the sheet's BOF is, visible worksheet, name "S".
    let bound = |pos: u32| record(0x0085, &[&pos.to_le_bytes()[..], &[0, 0], &[1, 0, b'S']].concat());
    let eof = record(0x000A, &[]);
    let pos = (globals.len() + bound(0).len() + eof.len()) as u32;
    globals.extend(bound(pos));
    globals.extend(&eof);
    let mut sheet = bof(0x0010);
    for (r, c) in cells {
        // LABEL: row, col, xf, then an XLUnicodeString "x".
        sheet.extend(record(0x0204, &[&r.to_le_bytes()[..], &c.to_le_bytes(), &[0, 0], &[1, 0, 0], b"x"].concat()));
    }
    sheet.extend(&eof);
    [globals, sheet].concat()
}

#[test]
fn a_hand_built_xls_opens() {
    let s = read(&cfb(&biff(&[(0, 0), (2, 1)])), &opts("ok.xls")).unwrap();
    assert_eq!(s.format, Some(Format::Xls));
    assert_eq!(s.sheet_name.as_deref(), Some("S"));
    assert_eq!((s.cell_text(0, 0), s.cell_text(2, 1)), ("x", "x"));
}

#[test]
fn regression_xls_cells_at_far_corners_are_refused_before_calamine_allocates() {
    // calamine would build a dense 65 536 × 65 536 grid (137 GB) for these two cells.
    let e = read(&cfb(&biff(&[(0, 0), (65535, 65535)])), &opts("far.xls")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge, "{e}");
}

#[test]
fn regression_xls_with_a_looping_sector_chain_is_corrupt_not_endless() {
    let mut bytes = cfb(&biff(&[(0, 0)]));
    // Point the Workbook stream's second sector back at its first.
    let fat = 512;
    bytes[fat + 3 * 4..fat + 4 * 4].copy_from_slice(&2u32.to_le_bytes());
    let e = read(&bytes, &opts("loop.xls")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt, "{e}");
}

#[test]
fn an_encrypted_office_container_says_how_to_remove_the_password() {
    let mut bytes = cfb(&biff(&[(0, 0)]));
    // Rename the stream: an encrypted xlsx is a CFB with an EncryptedPackage stream.
    let name_at = 512 * 2 + 128;
    let units: Vec<u8> = "EncryptedPackage".encode_utf16().chain([0]).flat_map(|u| u.to_le_bytes()).collect();
    bytes[name_at..name_at + units.len()].copy_from_slice(&units);
    let e = read(&bytes, &opts("secret.xlsx")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Encrypted);
    assert!(e.message.contains("password"));
}

/// A minimal .ods around one table's rows (`content.xml` body inside `<table:table>`).
fn ods(rows: &str, close_table: bool) -> Vec<u8> {
    use std::io::Write;
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"S\">{rows}{}\
         </office:spreadsheet></office:body></office:document-content>",
        if close_table { "</table:table>" } else { "" }
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
        xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry \
        manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        </manifest:manifest>";
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    out.start_file("META-INF/manifest.xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(manifest.as_bytes()).unwrap();
    out.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(content.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

const CELL: &str = "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";

#[test]
fn a_small_ods_opens_with_its_merged_cells() {
    let rows = format!(
        "<table:table-row><table:table-cell table:number-columns-spanned=\"3\" office:value-type=\"string\">\
         <text:p>通讯录</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated=\"2\"/>\
         </table:table-row><table:table-row>{CELL}{CELL}{CELL}</table:table-row>"
    );
    let s = read(&ods(&rows, true), &opts("a.ods")).unwrap();
    assert_eq!(s.format, Some(Format::Ods));
    assert_eq!((s.merged.len(), s.merged[0].last_col), (1, 2));
    assert_eq!(s.rows.row(0).kind(2), CellKind::Merged);
}

#[test]
fn regression_ods_table_without_its_end_tag_is_corrupt_not_an_endless_loop() {
    // calamine's table loop waits for </table:table> and spins forever at EOF without it.
    let rows = format!("<table:table-row>{CELL}</table:table-row>");
    assert_eq!(read(&ods(&rows, false), &opts("open.ods")).unwrap_err().kind, ErrorKind::Corrupt);
}

#[test]
fn regression_ods_repeats_expanding_a_tiny_file_to_millions_of_cells_are_refused() {
    let rows = "<table:table-row table:number-rows-repeated=\"5000\"><table:table-cell \
         table:number-columns-repeated=\"900\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>\
         </table:table-row>";
    assert_eq!(read(&ods(rows, true), &opts("rep.ods")).unwrap_err().kind, ErrorKind::TooLarge);
}

#[test]
fn regression_ods_space_runs_are_counted_as_text() {
    // `<text:s text:c="N"/>` is N spaces, copied into every repeat of the cell.
    let rows = "<table:table-row table:number-rows-repeated=\"100\"><table:table-cell \
        table:number-columns-repeated=\"100\" office:value-type=\"string\"><text:p>x<text:s text:c=\"100000\"/></text:p>\
        </table:table-cell></table:table-row>";
    assert_eq!(read(&ods(rows, true), &opts("spaces.ods")).unwrap_err().kind, ErrorKind::TooLarge);
}
