//! The sample generator: deterministic, realistic, faults as documented, and writers that produce
//! what the readers must read. The `*_reads_back` tests go through the readers (`minglu::open`).

use minglu::sample::{
    generate, sample_xlsx, to_csv, to_sheet, to_vcard, to_xlsx, CsvEncoding, FaultKind, GeneratedDirectory, Layout,
    SampleOptions,
};
use minglu::{map_columns, Directory, Field, OpenOptions, Profile};

fn opts(rows: usize, seed: u64, layout: Layout, faults: f64) -> SampleOptions {
    SampleOptions { rows, seed, layout, faults }
}

fn col(g: &GeneratedDirectory, header: &str) -> Vec<String> {
    let c = g.column(header).unwrap();
    g.rows.iter().map(|r| r.cells[c].text.clone()).collect()
}

#[test]
fn same_seed_same_people_and_bytes() {
    let o = opts(150, 42, Layout::Wecom, 0.05);
    assert_eq!(generate(&o), generate(&o));
    assert_eq!(to_xlsx(&generate(&o)).unwrap(), to_xlsx(&generate(&o)).unwrap());
    assert_eq!(to_csv(&generate(&o), CsvEncoding::Gbk), to_csv(&generate(&o), CsvEncoding::Gbk));
    assert_ne!(generate(&o), generate(&SampleOptions { seed: 43, ..o }));
    assert_eq!(sample_xlsx(), sample_xlsx());
}

#[test]
fn people_look_real() {
    let g = generate(&opts(2000, 9, Layout::Plain, 0.0));
    assert_eq!(g.rows.len(), 2000);
    assert!(g.faults.is_empty());
    let names = col(&g, "姓名");
    assert!(names.iter().all(|n| (2..=4).contains(&n.chars().count())), "{names:?}");
    for surname in ["单", "曾", "解", "仇", "朴", "欧阳"] {
        assert!(names.iter().any(|n| n.starts_with(surname)), "no {surname} in 2000 names");
    }
    let ids = col(&g, "帐号");
    let unique: std::collections::HashSet<_> = ids.iter().map(|s| s.to_lowercase()).collect();
    assert_eq!(unique.len(), ids.len(), "accounts are unique ignoring case");
    assert!(ids
        .iter()
        .all(|id| id.chars().all(|c| c.is_ascii_alphanumeric()) && id.as_bytes()[0].is_ascii_alphabetic()));
    let mobiles = col(&g, "手机");
    assert!(mobiles.iter().all(|m| (m.len() == 11 && m.starts_with('1')) || (m.starts_with("+852") && m.len() == 12)));
    assert!(mobiles.iter().any(|m| m.starts_with("+852")));
    let numbers = col(&g, "工号");
    assert!(numbers.iter().all(|n| n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit())));
    assert!(numbers.iter().any(|n| n.starts_with("000")));
    let departments = col(&g, "部门");
    assert!(departments.iter().all(|d| d.starts_with("总部/")));
    assert!(departments.iter().any(|d| d.contains(';')), "some people are in two departments");
    assert!(col(&g, "性别").iter().all(|s| s == "男" || s == "女"));
    let emails = col(&g, "企业邮箱");
    assert!(emails.iter().filter(|e| !e.is_empty()).all(|e| e.ends_with("@minglu.example.com")));
}

#[test]
fn faults_are_listed_where_they_are() {
    let g = generate(&opts(300, 5, Layout::Wecom, 0.05));
    assert_eq!(g.faults.len(), 15);
    for k in FaultKind::ALL {
        assert!(g.faults.iter().any(|f| f.kind == k), "{k:?}");
    }
    for f in &g.faults {
        let row = &g.rows[f.row - g.header_row() - 1];
        let cell = |h: &str| row.cells[g.column(h).unwrap()].text.clone();
        match f.kind {
            FaultKind::DuplicatePerson => {
                let of = &g.rows[f.duplicate_of.unwrap() - g.header_row() - 1];
                assert_eq!(row.cells, of.cells);
            }
            FaultKind::MobileScientific => assert!(cell("手机").contains("E+"), "{}", cell("手机")),
            FaultKind::FullWidthMobile => assert!(cell("手机").starts_with('１')),
            FaultKind::DigitWechatId => assert!(cell("微信号").bytes().all(|b| b.is_ascii_digit())),
            FaultKind::MissingName => assert_eq!(cell("姓名"), ""),
            FaultKind::TrailingSpace => assert!(cell("姓名").ends_with(' ')),
            FaultKind::LostLeadingZeros => assert!(!cell("工号").starts_with('0') && cell("工号").len() < 6),
        }
    }
}

#[test]
fn the_sheet_twin_maps_to_a_wecom_directory() {
    let g = generate(&opts(120, 11, Layout::Wecom, 0.0));
    let sheet = to_sheet(&g);
    let header = g.header_row() - 1;
    let headers = minglu::headers_of(&sheet, header);
    assert_eq!(minglu::detect_profile(&headers), Profile::Wecom);
    let mapping = map_columns(&headers, Profile::Wecom);
    let dir = Directory::from_sheet(&sheet, header, &mapping);
    assert_eq!(dir.people.len(), 120);
    assert_eq!(dir.people[0].source_row, 4);
    assert_eq!(dir.people[0].get(Field::Name), g.rows[0].cells[0].text);
    assert!(dir.people.iter().all(|p| !p.departments.is_empty()));
    assert_eq!(dir.extra_headers, Vec::<String>::new(), "every sample column maps to a field");
}

#[test]
fn regression_clean_people_check_clean() {
    // Namesakes once shared `zhang.jia@…` (email.duplicate) and short names made 5-character
    // WeChat ids (`li_an`, wechat.invalid): a row the generator calls clean must check clean, or
    // every measurement of the validators on generated data is off.
    for seed in [1, 2, 3] {
        let g = generate(&opts(10_000, seed, Layout::Wecom, 0.0));
        let sheet = to_sheet(&g);
        let header = g.header_row() - 1;
        let mapping = map_columns(&minglu::headers_of(&sheet, header), Profile::Wecom);
        let dir = Directory::from_sheet(&sheet, header, &mapping);
        let report = minglu::validate(&dir, &sheet, &mapping, Profile::Wecom);
        let first: Vec<String> =
            report.issues.iter().take(5).map(|i| format!("row {} {}: {}", i.row, i.code, i.message)).collect();
        assert!(report.issues.is_empty(), "seed {seed}: {} issues, e.g. {first:#?}", report.issues.len());
    }
}

#[test]
fn csv_twin_keeps_the_title_and_blank_line() {
    let g = generate(&opts(3, 1, Layout::Wecom, 0.0));
    let text = String::from_utf8(to_csv(&g, CsvEncoding::Utf8)).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], format!("通讯录批量导入模板（请勿修改表头）{}", ",".repeat(13)));
    assert_eq!(lines[1], ",".repeat(13));
    assert!(lines[2].starts_with("姓名,帐号,别名"));
    assert_eq!(lines.len(), 3 + 3 + 1, "title, blank, header, 3 people, final CRLF");

    let bom = to_csv(&g, CsvEncoding::Utf8Bom);
    assert!(bom.starts_with(b"\xEF\xBB\xBF"));
    let gbk = to_csv(&g, CsvEncoding::Gbk);
    let (decoded, _, errors) = encoding_rs::GBK.decode(&gbk);
    assert!(!errors);
    assert_eq!(decoded, text);
    assert!(std::str::from_utf8(&gbk).is_err(), "GBK bytes are not UTF-8");

    let plain = String::from_utf8(to_csv(&generate(&opts(2, 1, Layout::Plain, 0.0)), CsvEncoding::Utf8)).unwrap();
    assert!(plain.starts_with("姓名,"));
}

#[test]
fn vcard_has_one_card_per_person() {
    let g = generate(&opts(25, 2, Layout::Plain, 0.1));
    let text = String::from_utf8(to_vcard(&g)).unwrap();
    assert_eq!(text.matches("BEGIN:VCARD\r\n").count(), 25);
    assert_eq!(text.matches("END:VCARD\r\n").count(), 25);
    assert!(text.contains("VERSION:3.0\r\n"));
    let first = &g.rows[0];
    assert!(text.contains(&format!("N:{};{};;;\r\n", first.family, first.given)) || first.cells[0].text.is_empty());
    assert!(text.lines().all(|l| l.len() <= 75));
}

#[test]
fn too_many_rows_for_xlsx_is_an_error_not_a_panic() {
    let mut g = generate(&opts(1, 1, Layout::Wecom, 0.0));
    // Empty rows keep the test fast: the size check comes before any cell is written.
    let one = minglu::sample::SampleRow { family: String::new(), given: String::new(), cells: vec![] };
    g.rows = vec![one; 1_048_574];
    assert_eq!(to_xlsx(&g).unwrap_err().kind, minglu::ErrorKind::TooLarge);
}

// ---- Through the readers: these pass once `read::workbook` and `read::text` are in. ----

#[test]
fn xlsx_reads_back() {
    // With faults: the damage must survive the round trip exactly as generated.
    let g = generate(&opts(60, 8, Layout::Wecom, 0.2));
    let opened = minglu::open(&to_xlsx(&g).unwrap(), &OpenOptions::default()).unwrap();
    let i = opened.inspection();
    assert_eq!((i.format.as_str(), i.header_row, i.rows, i.profile), ("xlsx", 3, 60, Profile::Wecom));
    for (p, r) in opened.directory.people.iter().zip(&g.rows) {
        assert_eq!(p.get(Field::Name), r.cells[0].text.trim());
        // Mobiles written as numbers read back as their digits, `1.38001E+10` typed as text stays
        // text, dates read back as ISO dates, a damaged employee number as `123`.
        assert_eq!(p.get(Field::Mobile), r.cells[6].text.trim());
        assert_eq!(p.get(Field::WechatId), r.cells[13].text);
        assert_eq!(p.get(Field::JoinDate), r.cells[12].text);
        assert_eq!(p.get(Field::EmployeeNo), r.cells[11].text);
    }
}

#[test]
fn gbk_csv_reads_back() {
    let g = generate(&opts(40, 8, Layout::Wecom, 0.0));
    let opened = minglu::open(&to_csv(&g, CsvEncoding::Gbk), &OpenOptions::default()).unwrap();
    let i = opened.inspection();
    assert!(matches!(i.encoding.as_deref(), Some("GBK" | "gb18030" | "GB18030")), "{:?}", i.encoding);
    assert_eq!((i.header_row, i.rows, i.profile), (3, 40, Profile::Wecom));
    assert_eq!(i.columns[0].header, "姓名");
}

#[test]
fn the_sample_button_file_reads_back() {
    let opened = minglu::open(&sample_xlsx(), &OpenOptions::default()).unwrap();
    let i = opened.inspection();
    assert_eq!((i.header_row, i.rows, i.profile), (3, 200, Profile::Wecom));
}
