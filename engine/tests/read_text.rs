//! Reading csv/tsv/txt: encodings (BOM, UTF-8, GBK without BOM, UTF-16, overrides), delimiters
//! (including the full-width comma), row numbering and limits.

use minglu::{read, CellKind, ErrorKind, Format, Limits, ReadOptions};

fn opts(name: &str) -> ReadOptions {
    ReadOptions { file_name: Some(name.into()), ..ReadOptions::default() }
}
fn texts(s: &minglu::Sheet, row: usize) -> Vec<&str> {
    s.rows.row(row).iter().map(|c| c.text).collect()
}

#[test]
fn gbk_csv_from_chinese_excel_is_detected() {
    let (bytes, _, _) = encoding_rs::GBK.encode("姓名,手机,部门\r\n张三,13800138000,销售部\r\n李四,13900139000,研发中心/平台组\r\n");
    let s = read(&bytes, &opts("通讯录.csv")).unwrap();
    assert_eq!(s.encoding.as_deref(), Some("GBK"));
    assert!(!s.encoding_overridden);
    assert_eq!(texts(&s, 2), ["李四", "13900139000", "研发中心/平台组"]);
    assert_eq!(s.rows.row(1).kind(1), CellKind::Text);
}

#[test]
fn utf8_bom_is_stripped() {
    let s = read("\u{FEFF}姓名,邮箱\n王五,wangwu@example.com\n".as_bytes(), &opts("a.csv")).unwrap();
    assert_eq!(s.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(texts(&s, 0), ["姓名", "邮箱"]);
}

#[test]
fn excel_unicode_text_is_utf16le_with_tabs() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("姓名\t手机\r\n赵六\t13700137000\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
    let s = read(&bytes, &opts("export.txt")).unwrap();
    assert_eq!((s.encoding.as_deref(), s.delimiter, s.format), (Some("UTF-16LE"), Some('\t'), Some(Format::Txt)));
    assert_eq!(texts(&s, 1), ["赵六", "13700137000"]);
}

#[test]
fn encoding_override_wins_and_unknown_labels_are_refused() {
    let (bytes, _, _) = encoding_rs::BIG5.encode("姓名,電話\n陳大文,0912345678\n");
    let s = read(&bytes, &ReadOptions { encoding: Some("big5".into()), ..opts("tw.csv") }).unwrap();
    assert_eq!((s.encoding.as_deref(), s.encoding_overridden), (Some("Big5"), true));
    assert_eq!(texts(&s, 1), ["陳大文", "0912345678"]);
    let e = read(&bytes, &ReadOptions { encoding: Some("gbk-ish".into()), ..opts("tw.csv") }).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownEncoding);
    assert!(e.message.contains("gb18030"));
}

#[test]
fn full_width_commas_split_fields_but_not_quoted_text() {
    let csv = "姓名，部门，备注\n张三，销售部，\"北京，上海\"\n";
    let s = read(csv.as_bytes(), &opts("fw.csv")).unwrap();
    assert_eq!(s.delimiter, Some('，'));
    assert_eq!(texts(&s, 1), ["张三", "销售部", "北京，上海"]);
}

#[test]
fn semicolons_pipes_and_tsv() {
    let s = read(b"a;b;c\n1;\"2;3\";4\n", &opts("x.csv")).unwrap();
    assert_eq!((s.delimiter, texts(&s, 1)), (Some(';'), vec!["1", "2;3", "4"]));
    let s = read(b"a|b\n1|2\n", &opts("x.txt")).unwrap();
    assert_eq!(s.delimiter, Some('|'));
    let s = read(b"only,one column, really\n", &opts("x.tsv")).unwrap();
    assert_eq!((s.delimiter, texts(&s, 0)), (Some('\t'), vec!["only,one column, really"]));
}

#[test]
fn record_i_is_row_i_plus_one_even_across_blank_lines_and_multiline_cells() {
    let csv = "通讯录,,\r\n\r\n姓名,手机,备注\r\n张三,13800138000,\"第一行\r\n第二行\"\r\n\r\n李四,13900139000,\r\n";
    let s = read(csv.as_bytes(), &opts("t.csv")).unwrap();
    assert_eq!(s.first_row, 0);
    assert_eq!(texts(&s, 0), ["通讯录", "", ""]);
    assert!(s.rows.row(1).is_empty());
    assert_eq!(s.cell_text(2, 0), "姓名");
    assert_eq!(s.cell_text(3, 2), "第一行\r\n第二行");
    assert!(s.rows.row(4).is_empty());
    assert_eq!((s.sheet_row(5), s.cell_text(5, 0)), (6, "李四"));
    assert_eq!(s.rows.row(0).kind(1), CellKind::Empty);
}

#[test]
fn malformed_bytes_do_not_fail_the_read() {
    let s = read(b"name,phone\nzh\xFF\xFEang,138\n", &ReadOptions { encoding: Some("utf-8".into()), ..opts("bad.csv") }).unwrap();
    assert_eq!(s.cell_text(1, 0), "zh\u{FFFD}\u{FFFD}ang");
}

#[test]
fn too_many_rows_are_refused_with_the_row() {
    let csv: String = (0..100).map(|i| format!("p{i},{i}\n")).collect();
    let limits = Limits { max_rows: 50, ..Limits::default() };
    let e = read(csv.as_bytes(), &ReadOptions { limits, ..opts("big.csv") }).unwrap_err();
    assert_eq!((e.kind, e.position.row), (ErrorKind::TooLarge, Some(51)));
}

#[test]
fn progress_reaches_the_end() {
    let csv: String = (0..25_000).map(|i| format!("p{i},{i}\n")).collect();
    let mut last = None;
    minglu::read_with_progress(csv.as_bytes(), &opts("p.csv"), &mut |p| last = Some(p)).unwrap();
    let p = last.unwrap();
    assert_eq!(p.done, p.total);
}
