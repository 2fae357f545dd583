//! Every destination re-imports into Minglu with the same people: each template is detected as
//! its platform's profile, every cell reads back as written, and names, mobiles, e-mails,
//! positions and departments are those of the input.

use minglu::export::{export, preview, Destination, ExportOptions, SheetFile};
use minglu::normalize::phone::{parse_mobile, Mobile};
use minglu::sample::{generate, to_xlsx, Layout, SampleOptions};
use minglu::{open, Directory, Field, OpenOptions, Opened, Person};

/// A generated WeCom-template directory (mainland and +852 mobiles, several departments per
/// person, compound surnames), plus hand-made people for the cases the generator lacks.
fn directory() -> Directory {
    let g = generate(&SampleOptions { rows: 300, seed: 11, layout: Layout::Wecom, faults: 0.0 });
    let mut dir = open(&to_xlsx(&g).unwrap(), &OpenOptions::default()).unwrap().directory;
    let csv = "姓名,帐号,别名,职务,部门,性别,手机,座机,个人邮箱,地址,企业邮箱,视频号\n\
        John Smith,jsmith,,Engineer,总部/海外事业部,男,+1 415 555 0100,,john@example.com,,,\n\
        欧阳娜娜,ouyangnana,Nana,\"设计师, 高级\",总部/设计中心；总部/品牌部,女,+886 912 345 678,010-12345678,,\"北京市朝阳区 1 号\",nana@corp.example.com,nana_video\n\
        =HYPERLINK(\"http://evil.example\"),evil,,-2+3,总部,男,13800138000,,,,,\n";
    let extra = open(csv.as_bytes(), &OpenOptions::default()).unwrap().directory;
    for h in &extra.extra_headers {
        if !dir.extra_headers.contains(h) {
            dir.extra_headers.push(h.clone());
        }
    }
    let base = dir.people.last().map_or(0, |p| p.source_row);
    for (i, mut p) in extra.people.into_iter().enumerate() {
        p.source_row = base + 1 + i;
        dir.people.push(p);
    }
    dir
}

fn reopen(bytes: &[u8]) -> Opened {
    open(bytes, &OpenOptions::default()).unwrap()
}

fn phone(s: &str) -> Option<(u16, String)> {
    match parse_mobile(s) {
        Mobile::Valid(p) | Mobile::UnknownPrefix(p) => Some((p.country_code, p.national)),
        _ => None,
    }
}

/// The name a person reads back as (Google and Outlook carry it as first and last name).
fn name(p: &Person) -> String {
    p.get(Field::Name).trim().to_string()
}

fn all_extras(dir: &Directory) -> Vec<String> {
    dir.extra_headers.clone()
}

/// A value as it reads back: a formula-like value comes back with the `'` it was written with.
fn unquote(s: &str) -> &str {
    s.strip_prefix('\'').unwrap_or(s)
}

fn check_same_people(dest: Destination, original: &Directory, back: &Directory) {
    assert_eq!(back.people.len(), original.people.len(), "{dest:?}: people count");
    let carried = dest.fields();
    for (a, b) in original.people.iter().zip(&back.people) {
        let who = format!("{dest:?}, source row {}", a.source_row);
        assert_eq!(unquote(&name(b)), name(a), "{who}: name");
        if carried.contains(&Field::Mobile) {
            assert_eq!(phone(b.get(Field::Mobile)), phone(a.get(Field::Mobile)), "{who}: mobile");
            assert!(phone(a.get(Field::Mobile)).is_some(), "{who}: the input mobile parses");
        }
        for f in [Field::Email, Field::Userid, Field::EmployeeNo, Field::EnterpriseEmail] {
            // Fields that come back under their own field; the mail templates' account column
            // is the userid, and Google/Outlook keep the second e-mail as an extra column.
            let back_value = b.get(f);
            if carried.contains(&f) && !back_value.is_empty() {
                assert_eq!(back_value, a.get(f), "{who}: {f:?}");
            }
        }
        if carried.contains(&Field::Position) {
            assert_eq!(unquote(b.get(Field::Position)), a.get(Field::Position), "{who}: position");
        }
        if carried.contains(&Field::Departments) {
            assert_eq!(b.departments, a.departments, "{who}: departments");
        }
    }
}

#[test]
fn every_template_reimports_as_its_profile_with_the_same_people() {
    let dir = directory();
    for dest in Destination::ALL.into_iter().filter(|d| d.profile().is_some()) {
        let options = ExportOptions { destination: dest, extra_columns: all_extras(&dir), ..ExportOptions::default() };
        let out = export(&dir, &options).unwrap();
        let back = reopen(&out.bytes);
        assert_eq!(Some(back.mapping.profile), dest.profile(), "{dest:?} detected as {:?}", back.mapping.profile);
        check_same_people(dest, &dir, &back.directory);

        // Every cell reads back exactly as the preview says it was written.
        let grid = preview(&dir, &options, usize::MAX);
        let headers = back.headers();
        assert_eq!(&headers[..grid[0].len()], grid[0].as_slice(), "{dest:?}: headers");
        for (i, row) in grid[1..].iter().enumerate() {
            let r = back.header_index + 1 + i;
            for (c, cell) in row.iter().enumerate() {
                assert_eq!(back.sheet.cell_text(r, c).trim(), cell.trim(), "{dest:?}: row {r}, column {}", grid[0][c]);
            }
        }
    }
}

#[test]
fn templates_also_round_trip_in_the_other_file_type() {
    let dir = directory();
    for (dest, file) in [
        (Destination::Wecom, SheetFile::Csv),
        (Destination::Dingtalk, SheetFile::Csv),
        (Destination::Alimail, SheetFile::Xlsx),
        (Destination::Google, SheetFile::Xlsx),
    ] {
        let options = ExportOptions { destination: dest, sheet_file: Some(file), ..ExportOptions::default() };
        let out = export(&dir, &options).unwrap();
        assert!(out.file_name.ends_with(if file == SheetFile::Csv { ".csv" } else { ".xlsx" }));
        let back = reopen(&out.bytes);
        assert_eq!(Some(back.mapping.profile), dest.profile(), "{dest:?} as {file:?}");
        check_same_people(dest, &dir, &back.directory);
    }
}

#[test]
fn plain_csv_xlsx_and_vcards_reimport_with_the_same_people() {
    let dir = directory();
    for dest in [Destination::Csv, Destination::Xlsx, Destination::Vcard21, Destination::Vcard3, Destination::Vcard4] {
        let options = ExportOptions { destination: dest, extra_columns: all_extras(&dir), ..ExportOptions::default() };
        let out = export(&dir, &options).unwrap();
        let back = reopen(&out.bytes).directory;
        assert_eq!(back.people.len(), dir.people.len(), "{dest:?}");
        for (a, b) in dir.people.iter().zip(&back.people) {
            let who = format!("{dest:?}, source row {}", a.source_row);
            assert_eq!(unquote(&name(b)), name(a), "{who}: name");
            assert_eq!(phone(b.get(Field::Mobile)), phone(a.get(Field::Mobile)), "{who}: mobile");
            if dest.is_vcard() {
                // The vCard reader lists a card's addresses in order (邮箱, 邮箱2): personal, then work.
                let mut got: Vec<&str> = vec![b.get(Field::Email)];
                got.extend(b.extra.iter().filter(|(h, _)| h.starts_with("邮箱")).map(|(_, v)| v.as_str()));
                got.retain(|v| !v.is_empty());
                let mut want = vec![a.get(Field::Email), a.get(Field::EnterpriseEmail)];
                want.retain(|v| !v.is_empty());
                assert_eq!(got, want, "{who}: emails");
                // A card carries the main department as ORG: its first level reads back as the
                // company (公司), the rest as the department path.
                let company = b.extra.iter().find(|(h, _)| h == "公司").map(|(_, v)| v.clone());
                let main: Vec<String> = company
                    .into_iter()
                    .filter(|c| !c.is_empty())
                    .chain(b.departments.first().map(|d| d.to_vec()).unwrap_or_default())
                    .collect();
                assert_eq!(main, a.departments.first().map(|d| d.to_vec()).unwrap_or_default(), "{who}: ORG");
                assert_eq!(b.get(Field::Position), a.get(Field::Position), "{who}: TITLE");
            } else {
                assert_eq!(b.get(Field::Email), a.get(Field::Email), "{who}: email");
                assert_eq!(b.departments, a.departments, "{who}: departments");
                for (h, v) in &a.extra {
                    let got = b.extra.iter().find(|(bh, _)| bh == h).map(|(_, v)| v.as_str()).unwrap_or("");
                    assert_eq!(unquote(got), v.trim(), "{who}: extra {h}");
                }
            }
        }
    }
}
