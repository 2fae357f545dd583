//! Validation rules: for every code, a failing and a passing case, per profile where the rules
//! differ. Directories are built in code (see `support_validate`).

mod support_validate;

use minglu::validate::{apply_edits, apply_edits_to_sheet, apply_fixes, fix_edits, validate, Code, Severity};
use minglu::{CellKind, Field, Lang, Profile};
use support_validate::*;
use Field::*;
use Profile::*;

#[test]
fn a_complete_wecom_row_is_clean() {
    let report = check(Wecom, &[wecom_row(2, &[]), wecom_row(3, &[])]);
    assert!(report.issues.is_empty(), "{:#?}", report.issues);
    assert!(!report.has_errors());
}

#[test]
fn required_missing_per_profile() {
    assert_eq!(codes_of(Wecom, wecom_row(2, &[(Userid, "")])), ["required.missing"]);
    assert_eq!(codes_of(Wecom, wecom_row(2, &[(Departments, "")])), ["required.missing"]);
    assert_eq!(codes_of(Dingtalk, row_of(&[(Name, "张三")])), ["required.missing"]);
    assert!(codes_of(Dingtalk, row_of(&[(Name, "张三"), (Mobile, "13800138000")])).is_empty());
    assert!(codes_of(Generic, row_of(&[(Mobile, "13800138000")])).is_empty());
    // A cell holding only spaces is empty.
    let report = check(Wecom, &[wecom_row(2, &[(Name, " \u{3000}")])]);
    assert!(codes_on(&report, 2).contains(&"required.missing"));
    assert_eq!(issue(&report, 2, "required.missing").field, Some(Name));
}

#[test]
fn feishu_requires_an_email_for_foreign_mobiles() {
    let foreign = row_of(&[(Name, "陈大文"), (Mobile, "+85259123456")]);
    let report = check(Feishu, &[foreign]);
    assert_eq!(issue(&report, 2, "required.missing").field, Some(Email));
    assert!(codes_of(Feishu, row_of(&[(Name, "陈大文"), (Mobile, "+85259123456"), (Email, "dw@x.hk")])).is_empty());
    assert!(codes_of(Feishu, row_of(&[(Name, "张三"), (Mobile, "13800138000")])).is_empty());
}

#[test]
fn contact_missing_per_profile() {
    assert_eq!(codes_of(Wecom, wecom_row(2, &[(Mobile, ""), (Email, "")])), ["contact.missing"]);
    assert!(codes_of(Wecom, wecom_row(2, &[(Mobile, "")])).is_empty());
    let qiwei = |o: &[(Field, &str)]| {
        let mut r = row_of(&[(Name, "张三")]);
        r.extend(row_of(o));
        codes_of(Qiwei, r)
    };
    assert_eq!(qiwei(&[]), ["contact.missing"]);
    assert!(qiwei(&[(WechatId, "zhangsan_88")]).is_empty());
    assert!(qiwei(&[(Email, "zs@example.com")]).is_empty());
}

#[test]
fn userid_rules_per_profile() {
    for bad in ["_zhang", "张三", "zhang san", "zhang#1"] {
        assert_eq!(codes_of(Wecom, wecom_row(2, &[(Userid, bad)])), ["userid.invalid"], "{bad}");
    }
    let long = "a".repeat(65);
    assert_eq!(codes_of(Wecom, wecom_row(2, &[(Userid, &long)])), ["userid.invalid"]);
    assert!(codes_of(Wecom, wecom_row(2, &[(Userid, "zhang.san@corp-1_x")])).is_empty());
    // Exmail: no leading, trailing or doubled punctuation.
    let ex = |u: &str| codes_of(Exmail, row_of(&[(Name, "张三"), (Userid, u)]));
    assert_eq!(ex("zhang..san"), ["userid.invalid"]);
    assert_eq!(ex("zhang-"), ["userid.invalid"]);
    assert!(ex("zhang.san").is_empty());
    assert!(ex("zhang.san@corp.com").is_empty());
    // Feishu: no spaces, anything else.
    let fs = |u: &str| codes_of(Feishu, row_of(&[(Name, "张三"), (Mobile, "13800138000"), (Userid, u)]));
    assert_eq!(fs("a b"), ["userid.invalid"]);
    assert!(fs("张三01").is_empty());
    assert!(codes_of(Generic, row_of(&[(Userid, "张 三")])).is_empty());
}

#[test]
fn mobile_invalid() {
    for bad in ["1380013800", "59123456", "+852 5912 345", "+886 812345678", "138-abc-0000"] {
        let report = check(Wecom, &[wecom_row(2, &[(Mobile, bad)])]);
        assert_eq!(codes_on(&report, 2), ["mobile.invalid"], "{bad}");
        assert_eq!(issue(&report, 2, "mobile.invalid").fix, None);
    }
    for ok in ["+85259123456", "+85366123456", "+886912345678", "+14155550100", "13800138000"] {
        assert!(codes_of(Wecom, wecom_row(2, &[(Mobile, ok)])).is_empty(), "{ok}");
    }
}

#[test]
fn mobile_scientific_is_never_fixed() {
    let report = check(Wecom, &[wecom_row(2, &[(Mobile, "1.38001E+10")])]);
    let i = issue(&report, 2, "mobile.scientific");
    assert_eq!((i.severity, i.fix.as_deref()), (Severity::Error, None));
    assert!(codes_of(Wecom, wecom_row(2, &[(Mobile, "13800100000")])).is_empty());
}

#[test]
fn regression_a_number_cell_that_lost_its_digits_to_scientific_notation_is_reported() {
    // A CSV holding `1.38001E+10` reopened in Excel and saved as xlsx: the cell is the number
    // 13800100000. Only the cell's kind and the zeros tell; a text cell with the same digits is
    // someone's real number.
    let rows = vec![wecom_row(2, &[(Mobile, "13800100000")]), wecom_row(3, &[(Mobile, "13800138000")])];
    let (d, mut sheet, m) = build(Wecom, &rows);
    let col = columns(&rows).iter().position(|f| *f == Mobile).unwrap() + 1;
    set_cell(&mut sheet, 2, col, "13800100000", CellKind::Number);
    set_cell(&mut sheet, 3, col, "13800138000", CellKind::Number);
    let report = validate(&d, &sheet, &m, Wecom);
    let i = issue(&report, 2, "mobile.scientific");
    assert_eq!((i.severity, i.fix.as_deref()), (Severity::Warning, None));
    assert!(codes_on(&report, 3).is_empty(), "an intact number cell is fine");
}

#[test]
fn mobile_format_per_profile() {
    let fix = |p: Profile, m: &str| {
        let mut row = wecom_row(2, &[(Mobile, m)]);
        if p == Dingtalk || p == Feishu {
            row.retain(|(f, _)| *f != Userid);
        }
        let report = check(p, &[row]);
        report.issues.iter().find(|i| i.code == Code::MobileFormat).map(|i| i.fix.clone().unwrap())
    };
    assert_eq!(fix(Wecom, "138 0013 8000").as_deref(), Some("13800138000"));
    assert_eq!(fix(Wecom, "0086-138-0013-8000").as_deref(), Some("13800138000"));
    assert_eq!(fix(Wecom, "8613800138000").as_deref(), Some("13800138000"));
    assert_eq!(fix(Wecom, "１３８００１３８０００").as_deref(), Some("13800138000"));
    assert_eq!(fix(Wecom, "+86 13800138000"), None);
    assert_eq!(fix(Wecom, "+852-59123456").as_deref(), Some("+85259123456"));
    assert_eq!(fix(Dingtalk, "+85259123456").as_deref(), Some("+852-59123456"));
    assert_eq!(fix(Dingtalk, "+852-59123456"), None);
    assert_eq!(fix(Dingtalk, "+86-13800138000"), None);
    assert_eq!(fix(Feishu, "+8613800138000"), None);
    assert_eq!(fix(Feishu, "+86 138 0013 8000").as_deref(), Some("13800138000"));
}

#[test]
fn mobile_unknown_prefix_is_a_warning_not_invalid() {
    let report = check(Wecom, &[wecom_row(2, &[(Mobile, "12012345678")])]);
    assert_eq!(codes_on(&report, 2), ["mobile.unknown_prefix"]);
    assert_eq!(issue(&report, 2, "mobile.unknown_prefix").severity, Severity::Warning);
    assert!(!report.has_errors());
    assert!(codes_of(Wecom, wecom_row(2, &[(Mobile, "19912345678")])).is_empty());
}

#[test]
fn email_invalid_and_lengths_per_profile() {
    for bad in ["zhangsan@corp", "zhang san@x.com", "张三@x.com", "a@@x.com", "zhangsan.x.com"] {
        assert_eq!(codes_of(Wecom, wecom_row(2, &[(Email, bad)])), ["email.invalid"], "{bad}");
    }
    // WeCom: 6–64 bytes.
    assert_eq!(codes_of(Wecom, wecom_row(2, &[(Email, "a@b.c")])), ["email.invalid"]);
    // DingTalk: at most 50; Feishu has no such limit.
    let long = format!("{}@example.com", "a".repeat(40));
    let ding = row_of(&[(Name, "张三"), (Mobile, "13800138000"), (Email, &long)]);
    assert_eq!(codes_of(Dingtalk, ding.clone()), ["email.invalid"]);
    assert!(codes_of(Feishu, ding).is_empty());
}

#[test]
fn telephone_per_profile() {
    let report = check(Wecom, &[wecom_row(2, &[(Telephone, "(010) 1234 5678")])]);
    let i = issue(&report, 2, "telephone.invalid");
    assert_eq!((i.severity, i.fix.as_deref()), (Severity::Error, Some("010-1234-5678")));
    assert!(codes_of(Wecom, wecom_row(2, &[(Telephone, "010-12345678,8001")])).is_empty());
    assert!(codes_of(Generic, row_of(&[(Telephone, "(010) 1234 5678")])).is_empty());
    let report = check(Generic, &[row_of(&[(Telephone, "见备注")])]);
    assert_eq!(issue(&report, 2, "telephone.invalid").severity, Severity::Warning);
}

#[test]
fn department_invalid() {
    let d = |p: Profile, v: &str| {
        let report = check(p, &[wecom_row(2, &[(Departments, v)])]);
        report.issues.iter().find(|i| i.code == Code::DepartmentInvalid).map(|i| i.fix.clone())
    };
    assert_eq!(d(Wecom, "总公司/研发:一部"), Some(None));
    assert_eq!(d(Wecom, "总公司/研发｜一部"), Some(None));
    assert_eq!(d(Wecom, "总公司//研发部/"), Some(Some("总公司/研发部".into())));
    let deep = (1..=16).map(|i| format!("部{i}")).collect::<Vec<_>>().join("/");
    assert_eq!(d(Wecom, &deep), Some(None));
    let name33 = format!("总公司/{}", "研".repeat(33));
    assert_eq!(d(Wecom, &name33), Some(None));
    assert_eq!(d(Dingtalk, &name33), None);
    let many = (1..=101).map(|i| format!("总公司/部{i}")).collect::<Vec<_>>().join("；");
    assert_eq!(d(Wecom, &many), Some(None));
    let fifty_one = (1..=51).map(|i| format!("总公司/部{i}")).collect::<Vec<_>>().join(";");
    assert_eq!(d(Feishu, &fifty_one), Some(None));
    assert_eq!(d(Dingtalk, &fifty_one), None);
    // WeCom batch-sync CSV: numeric ids.
    assert_eq!(d(WecomApi, "研发部"), Some(None));
    assert_eq!(d(WecomApi, "2;5"), None);
    assert_eq!(d(Wecom, "总公司/研发部；总公司/市场部"), None);
}

#[test]
fn department_separator_per_template() {
    let report = check(Wecom, &[wecom_row(2, &[(Departments, "营销中心->大客户部->工业制造")])]);
    assert_eq!(codes_on(&report, 2), ["department.separator"]);
    assert_eq!(issue(&report, 2, "department.separator").fix.as_deref(), Some("营销中心/大客户部/工业制造"));
    let qiwei = |v: &str| check(Qiwei, &[row_of(&[(Name, "张三"), (Mobile, "13800138000"), (Departments, v)])]);
    assert!(qiwei("营销中心->大客户部->工业制造;市场部").issues.is_empty());
    let report = qiwei("营销中心/大客户部;市场部");
    assert_eq!(issue(&report, 2, "department.separator").fix.as_deref(), Some("营销中心->大客户部;市场部"));
}

#[test]
fn gender_per_profile() {
    let g = |p: Profile, v: &str| {
        let report = check(p, &[wecom_row(2, &[(Gender, v)])]);
        report.issues.iter().find(|i| i.code == Code::GenderInvalid).map(|i| i.fix.clone())
    };
    assert_eq!(g(Wecom, "男"), None);
    assert_eq!(g(Wecom, "M"), Some(Some("男".into())));
    assert_eq!(g(Wecom, "2"), Some(Some("女".into())));
    assert_eq!(g(Wecom, "x"), Some(None));
    assert_eq!(g(WecomApi, "1"), None);
    assert_eq!(g(Generic, "female"), None);
    assert!(g(Generic, "x").is_some());
}

#[test]
fn wechat_id() {
    let q = |w: &str| check(Qiwei, &[row_of(&[(Name, "张三"), (WechatId, w)])]);
    let report = q("13800138000");
    assert_eq!(issue(&report, 2, "wechat.invalid").severity, Severity::Error);
    assert!(q("zhangsan_88").issues.is_empty());
    assert!(codes_of(Qiwei, row_of(&[(Name, "张三"), (WechatId, "zs")])).contains(&"wechat.invalid"));
    let report = check(Generic, &[row_of(&[(WechatId, "8zhangsan")])]);
    assert_eq!(issue(&report, 2, "wechat.invalid").severity, Severity::Warning);
}

#[test]
fn dates() {
    for ok in ["2024-01-05", "2024/1/5", "2024年1月5日", "2024-01-05T00:00:00"] {
        assert!(
            codes_of(Dingtalk, row_of(&[(Name, "张三"), (Mobile, "13800138000"), (JoinDate, ok)])).is_empty(),
            "{ok}"
        );
    }
    for bad in ["05/01/2024", "2024-02-30", "明年"] {
        assert_eq!(codes_of(Generic, row_of(&[(Birthday, bad)])), ["date.invalid"], "{bad}");
    }
    let report = check(Generic, &[row_of(&[(JoinDate, "45296")])]);
    assert_eq!(issue(&report, 2, "date.format").fix.as_deref(), Some("2024-01-05"));
}

#[test]
fn length_exceeded_per_profile() {
    let name65 = "张".repeat(65);
    assert_eq!(codes_of(Wecom, wecom_row(2, &[(Name, &name65)])), ["length.exceeded"]);
    let ding = |n: &str| codes_of(Dingtalk, row_of(&[(Name, n), (Mobile, "13800138000")]));
    assert!(ding(&name65).is_empty());
    assert_eq!(ding(&"张".repeat(81)), ["length.exceeded"]);
    assert_eq!(codes_of(Wecom, wecom_row(2, &[(Position, &"经".repeat(129))])), ["length.exceeded"]);
    assert!(codes_of(Wecom, wecom_row(2, &[(Position, &"经".repeat(128))])).is_empty());
}

#[test]
fn text_whitespace_and_fullwidth() {
    let report = check(Wecom, &[wecom_row(2, &[(Name, " 张\u{3000}三\u{200B}")])]);
    assert_eq!(issue(&report, 2, "text.whitespace").fix.as_deref(), Some("张三"));
    // Only the stray spaces: no mobile.format on top.
    let report = check(Wecom, &[wecom_row(2, &[(Mobile, " 13800138000\u{FEFF}")])]);
    assert_eq!(codes_on(&report, 2), ["text.whitespace"]);
    let report = check(Wecom, &[wecom_row(2, &[(Userid, "ｚｈａｎｇｓａｎ")])]);
    assert_eq!(codes_on(&report, 2), ["text.fullwidth"]);
    assert_eq!(issue(&report, 2, "text.fullwidth").fix.as_deref(), Some("zhangsan"));
    assert!(codes_of(Wecom, wecom_row(2, &[(Name, "Zhang San")])).is_empty());
    let report = check(Wecom, &[wecom_row(2, &[(Departments, "总公司 /研发部")])]);
    assert_eq!(issue(&report, 2, "text.whitespace").fix.as_deref(), Some("总公司/研发部"));
}

#[test]
fn cell_formula_merged_and_error() {
    let rows: Vec<_> = (2..=4).map(|r| wecom_row(r, &[])).collect();
    let (d, mut sheet, m) = build(Wecom, &rows);
    let cols = columns(&rows);
    let col = |f: Field| cols.iter().position(|g| *g == f).unwrap() + 1;
    set_cell(&mut sheet, 2, col(Mobile), "13800000002", CellKind::Formula);
    set_cell(&mut sheet, 3, col(Name), "#N/A", CellKind::Error);
    merge(&mut sheet, 3, col(Departments), 4);
    set_cell(&mut sheet, 4, col(Departments), "", CellKind::Merged);
    let mut d = d;
    d.people[2].fields.remove(&Departments);
    let report = validate(&d, &sheet, &m, Wecom);
    let f = issue(&report, 2, "cell.formula");
    assert_eq!((f.column, f.field, f.fix.as_deref()), (Some(col(Mobile)), Some(Mobile), Some("13800000002")));
    assert_eq!(issue(&report, 3, "cell.error").severity, Severity::Error);
    let merged = issue(&report, 4, "cell.merged");
    assert_eq!((merged.column, merged.fix.as_deref()), (Some(col(Departments)), Some("总公司/研发部")));
    assert!(report.for_row(3).all(|i| i.code != Code::CellMerged), "the merged range's own cell is fine");
    // The fix fills the covered cell and the row checks clean.
    let (fixed, n) = apply_fixes(&d, &report, Some(&[Code::CellMerged]));
    assert_eq!(n, 1);
    assert_eq!(fixed.people[2].get(Departments), "总公司/研发部");
    assert_eq!(fixed.people[2].departments, vec![vec!["总公司".to_string(), "研发部".to_string()]]);
}

#[test]
fn fixes_apply_and_recheck_clean() {
    let rows = vec![
        wecom_row(2, &[(Mobile, "+86 138-0000-0002 "), (Gender, "F")]),
        wecom_row(3, &[(Userid, "ｕｓｅｒ３"), (Departments, "总公司->研发部")]),
        wecom_row(4, &[(Telephone, "(010) 1234 5678"), (Name, "张\u{3000}三")]),
        wecom_row(5, &[(Mobile, "1.38001E+10")]),
    ];
    let (d, s, m) = build(Wecom, &rows);
    let report = validate(&d, &s, &m, Wecom);
    let (fixed, applied) = apply_fixes(&d, &report, None);
    assert_eq!(applied, 6);
    let (fixed_sheet, on_sheet) = apply_edits_to_sheet(&s, &m, &fix_edits(&report, None));
    assert_eq!(on_sheet, 6);
    let again = validate(&fixed, &fixed_sheet, &m, Wecom);
    assert!(again.issues.iter().all(|i| i.fix.is_none()), "{:#?}", again.issues);
    // The one issue a fix never touches is still there.
    assert_eq!(codes_on(&again, 5), ["mobile.scientific"]);
    // Only the codes asked for.
    let (partial, n) = apply_fixes(&d, &report, Some(&[Code::GenderInvalid]));
    assert_eq!((n, partial.people[0].get(Gender)), (1, "女"));
    assert_eq!(partial.people[0].get(Mobile), "+86 138-0000-0002 ");
}

#[test]
fn stale_edits_are_not_applied() {
    let rows = vec![wecom_row(2, &[(Gender, "F")])];
    let (mut d, s, m) = build(Wecom, &rows);
    let report = validate(&d, &s, &m, Wecom);
    d.people[0].fields.insert(Gender, "女".into());
    let (_, n) = apply_fixes(&d, &report, None);
    assert_eq!(n, 0);
}

#[test]
fn messages_in_both_languages_and_json_shape() {
    let rows = [wecom_row(2, &[(Mobile, "138 0000 0002")])];
    let zh = check_lang(Wecom, &rows, Lang::Zh);
    let en = check_lang(Wecom, &rows, Lang::En);
    assert!(zh.issues[0].message.contains("手机号"));
    assert!(en.issues[0].message.contains("mobile"));
    let json: serde_json::Value = serde_json::to_value(&zh).unwrap();
    let issue = &json["issues"][0];
    for key in ["row", "column", "field", "code", "severity", "message", "value", "fix"] {
        assert!(issue.get(key).is_some(), "{key} in {issue}");
    }
    assert_eq!(issue["code"], "mobile.format");
    assert_eq!(issue["field"], "mobile");
    assert_eq!(issue["severity"], "warning");
    assert_eq!(json["summary"]["by_code"]["mobile.format"], 1);
    assert_eq!(json["summary"]["warnings"], 1);
}

#[test]
fn regression_department_of_only_separators_is_invalid_with_no_empty_fix() {
    let report = check(Wecom, &[wecom_row(2, &[(Departments, " / ；")])]);
    assert_eq!(codes_on(&report, 2), ["department.invalid"]);
    assert_eq!(issue(&report, 2, "department.invalid").fix, None);
}

#[test]
fn regression_whitespace_trimmed_by_the_reader_is_still_reported() {
    let rows = vec![wecom_row(2, &[(Name, " 张三\u{3000}")])];
    let (mut d, s, m) = build(Wecom, &rows);
    // As Directory::from_sheet holds it: trimmed.
    d.people[0].fields.insert(Name, "张三".into());
    let report = validate(&d, &s, &m, Wecom);
    let i = issue(&report, 2, "text.whitespace");
    assert_eq!((i.value.as_str(), i.fix.as_deref()), (" 张三\u{3000}", Some("张三")));
    let edits = fix_edits(&report, None);
    let (d2, n) = apply_edits(&d, &edits, Wecom);
    let (s2, n2) = apply_edits_to_sheet(&s, &m, &edits);
    assert_eq!((n, n2), (1, 1));
    assert!(validate(&d2, &s2, &m, Wecom).issues.is_empty());
}

#[test]
fn regression_a_formula_cell_is_a_value_after_the_fix() {
    let rows = vec![wecom_row(2, &[])];
    let (d, mut s, m) = build(Wecom, &rows);
    let col = columns(&rows).iter().position(|f| *f == Mobile).unwrap() + 1;
    set_cell(&mut s, 2, col, "13800000002", CellKind::Formula);
    let report = validate(&d, &s, &m, Wecom);
    assert_eq!(codes_on(&report, 2), ["cell.formula"]);
    let (s2, n) = apply_edits_to_sheet(&s, &m, &fix_edits(&report, None));
    assert_eq!(n, 1);
    assert!(validate(&d, &s2, &m, Wecom).issues.is_empty());
}

#[test]
fn fixable_format_codes_always_carry_their_fix() {
    let rows = vec![
        wecom_row(2, &[(Mobile, "+86 138 0000 0002"), (Name, " 张三")]),
        wecom_row(3, &[(Userid, "ｕｓｅｒ３"), (Departments, "总公司／研发部")]),
        wecom_row(4, &[(JoinDate, "45296")]),
    ];
    let report = check(Wecom, &rows);
    assert_eq!(report.issues.len(), 5, "{:#?}", report.issues);
    for i in &report.issues {
        assert!(i.fix.is_some(), "{i:#?}");
    }
    assert_eq!(report.summary.fixable, 5);
}

#[test]
fn end_to_end_from_csv_bytes() {
    let csv = "通讯录导入模板\n姓名,账号,部门,手机,个人邮箱,性别\n\
               张三,zhangsan,总公司/研发部, 138 0013 8000,zhangsan@example.com,男\n\
               李四,ZhangSan,总公司->研发部,1.38001E+10,lisi@example,M\n";
    let options = minglu::OpenOptions { profile: Some(Wecom), ..Default::default() };
    let opened = minglu::open(csv.as_bytes(), &options).unwrap();
    let report = validate(&opened.directory, &opened.sheet, &opened.mapping, Wecom);
    let found: Vec<(usize, &str)> = report.issues.iter().map(|i| (i.row, i.code.as_str())).collect();
    for expected in [
        (3, "mobile.format"),
        (3, "text.whitespace"),
        (3, "userid.duplicate"),
        (4, "userid.duplicate"),
        (4, "department.separator"),
        (4, "mobile.scientific"),
        (4, "email.invalid"),
        (4, "gender.invalid"),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    assert_eq!(found.len(), 8, "{found:?}");
    assert_eq!(issue(&report, 3, "mobile.format").column, Some(4));
}

#[test]
fn every_code_is_documented_in_docs_codes_md() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/codes.md")).unwrap();
    for c in Code::ALL {
        assert!(doc.contains(&format!("| `{}` |", c.as_str())), "{c} is not in docs/codes.md");
    }
}

#[test]
fn the_sample_generators_faults_are_found_with_their_codes() {
    use minglu::sample::{generate, to_sheet, FaultKind, Layout, SampleOptions};
    let g = generate(&SampleOptions { rows: 1500, seed: 11, layout: Layout::Wecom, faults: 0.08 });
    let sheet = to_sheet(&g);
    let header = minglu::read::detect_header_row(&sheet);
    let mapping = minglu::map_columns(&minglu::headers_of(&sheet, header), Wecom);
    let directory = minglu::Directory::from_sheet(&sheet, header, &mapping);
    let report = validate(&directory, &sheet, &mapping, Wecom);
    assert!(g.faults.len() >= 100);
    for f in &g.faults {
        let want = match f.kind {
            FaultKind::DuplicatePerson => "mobile.duplicate",
            FaultKind::MobileScientific => "mobile.scientific",
            FaultKind::DigitWechatId => "wechat.invalid",
            FaultKind::MissingName => "required.missing",
            FaultKind::TrailingSpace => "text.whitespace",
            FaultKind::FullWidthMobile => "mobile.format",
            FaultKind::LostLeadingZeros => "employee_no.leading_zeros",
        };
        assert!(codes_on(&report, f.row).contains(&want), "{f:?}: {:?}", codes_on(&report, f.row));
    }
    // Errors on rows without a fault (nor the original a duplicate copies): at most 1%.
    let involved: std::collections::HashSet<usize> =
        g.faults.iter().flat_map(|f| std::iter::once(f.row).chain(f.duplicate_of)).collect();
    let clean_rows_with_errors: std::collections::HashSet<usize> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error && !involved.contains(&i.row))
        .map(|i| i.row)
        .collect();
    assert!(clean_rows_with_errors.len() * 100 <= 1500, "{clean_rows_with_errors:?}");
}
