//! Reading vCards as a sheet: one header row of Chinese labels, one row per card.

use minglu::{read, ErrorKind, Format, ReadOptions, Sheet};

fn sheet(vcf: &[u8]) -> Sheet {
    read(vcf, &ReadOptions { file_name: Some("contacts.vcf".into()), ..ReadOptions::default() }).unwrap()
}
fn col(s: &Sheet, header: &str, row: usize) -> String {
    let i = s.rows.row(0).iter().position(|c| c.text == header).unwrap_or_else(|| panic!("no column {header}"));
    s.cell_text(row, i).to_string()
}

#[test]
fn header_is_the_twelve_labels_the_mapper_knows() {
    let s = sheet(b"BEGIN:VCARD\nVERSION:3.0\nFN:x\nEND:VCARD\n");
    let header: Vec<&str> = s.rows.row(0).iter().map(|c| c.text).collect();
    assert_eq!(header, ["姓名", "姓", "名", "手机", "座机", "邮箱", "公司", "部门", "职务", "地址", "生日", "备注"]);
    assert_eq!((s.format, s.first_row, s.rows.len()), (Some(Format::Vcard), 0, 2));
}

#[test]
fn a_gbk_encoded_vcard_still_decodes() {
    let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:张;三;;;\r\nFN:张三\r\nTEL;CELL:13800138000\r\nORG:示例科技;销售部\r\nTITLE:经理\r\nEND:VCARD\r\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let s = sheet(&bytes);
    assert_eq!(s.encoding.as_deref(), Some("GBK"));
    assert_eq!((col(&s, "姓名", 1), col(&s, "公司", 1), col(&s, "部门", 1), col(&s, "职务", 1)), ("张三".into(), "示例科技".into(), "销售部".into(), "经理".into()));
}

#[test]
fn android_2_1_quoted_printable_utf8_with_soft_breaks() {
    let vcf = b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B;=E5=B0=8F=\r\n=E6=98=8E;;;\r\nTEL;CELL;PREF:+86 139-0013-9000\r\nTEL;HOME:010-62345678\r\nEND:VCARD\r\n";
    let s = sheet(vcf);
    assert_eq!((col(&s, "姓", 1), col(&s, "名", 1), col(&s, "姓名", 1)), ("王".into(), "小明".into(), "王小明".into()));
    assert_eq!(col(&s, "手机", 1), "+86 139-0013-9000");
    assert_eq!(col(&s, "其他电话", 1), "010-62345678");
}

#[test]
fn untyped_phones_are_sorted_by_their_label_or_their_shape() {
    let vcf = "BEGIN:VCARD\nVERSION:3.0\nFN:赵六\nitem1.TEL:0755-8888\nitem1.X-ABLabel:工作\nTEL:13700137000\nTEL:021-1234\nEND:VCARD\n";
    let s = sheet(vcf.as_bytes());
    assert_eq!(col(&s, "座机", 1), "0755-8888");
    assert_eq!(col(&s, "手机", 1), "13700137000");
    assert_eq!(col(&s, "其他电话", 1), "021-1234");
}

#[test]
fn vcard_4_tel_uris_lose_their_scheme() {
    let vcf = "BEGIN:VCARD\nVERSION:4.0\nFN:A\nTEL;VALUE=uri;TYPE=\"cell\":tel:+86-138-0013-8000\nTEL;VALUE=uri;TYPE=work:tel:+86-10-1234;ext=5\nEND:VCARD\n";
    let s = sheet(vcf.as_bytes());
    assert_eq!((col(&s, "手机", 1), col(&s, "座机", 1)), ("+86-138-0013-8000".into(), "+86-10-1234,5".into()));
}

#[test]
fn a_western_name_is_built_given_first_when_fn_is_missing() {
    let s = sheet(b"BEGIN:VCARD\nVERSION:3.0\nN:Doe;John;;;\nEMAIL:john@example.com\nEND:VCARD\n");
    assert_eq!(col(&s, "姓名", 1), "John Doe");
}

#[test]
fn folded_lines_and_escapes() {
    let s = sheet(b"BEGIN:VCARD\nFN:Li\n  Lei\nNOTE:a\\, b\\; c\\nd\nADR:;;\xE4\xB8\xAD\xE5\x85\xB3\xE6\x9D\x91\xE5\xA4\xA7\xE8\xA1\x971\xE5\x8F\xB7;\xE6\xB5\xB7\xE6\xB7\x80\xE5\x8C\xBA;\xE5\x8C\x97\xE4\xBA\xAC\xE5\xB8\x82;100080;\xE4\xB8\xAD\xE5\x9B\xBD\nEND:VCARD\n");
    assert_eq!(col(&s, "姓名", 1), "Li Lei");
    assert_eq!(col(&s, "备注", 1), "a, b; c\nd");
    assert_eq!(col(&s, "地址", 1), "中国北京市海淀区中关村大街1号 100080");
}

#[test]
fn broken_begin_end_pairs_name_the_line() {
    let e = read(b"BEGIN:VCARD\nFN:a\nEND:VCARD\nEND:VCARD\n", &ReadOptions::default()).unwrap_err();
    assert_eq!((e.kind, e.position.row), (ErrorKind::Corrupt, Some(4)));
    let e = read(b"BEGIN:VCARD\nFN:a\nEND:VCARD\nBEGIN:VCARD\nFN:b\n", &ReadOptions::default()).unwrap_err();
    assert_eq!((e.kind, e.position.row), (ErrorKind::Corrupt, Some(4)));
    assert!(e.to_string().contains("row 4"), "{e}");
}

#[test]
fn a_file_without_cards_is_empty() {
    let e = read(b"BEGIN:VCARD\r\n", &ReadOptions { file_name: Some("x.vcf".into()), ..ReadOptions::default() }).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt);
    let e = read(b"\n\n", &ReadOptions { file_name: Some("x.vcf".into()), ..ReadOptions::default() }).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Empty);
}
