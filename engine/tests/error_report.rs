//! The error report ("导出错误数据") round trip: check a held-out sheet with faults (`support_bar`),
//! write the report, read it back with Minglu — same profile, same mapping, the reason and
//! source-row columns kept as extra columns — then do what a person does: apply the fixes, type
//! the clean value into every other problem cell, and check again: clean.
//!
//! `external_readers_open_and_correct_the_report` does the same through openpyxl and LibreOffice
//! (`tests/readers/check_error_report.py`); it needs python3 with openpyxl and `soffice`, so it is
//! ignored by default: `cargo test -p minglu-engine --test error_report -- --ignored`.

mod support_bar;

use minglu::report::{error_report_csv, error_report_xlsx, sheet_csv, sheet_xlsx, CsvEncoding, ReportOptions};
use minglu::validate::fix_edits;
use minglu::{open, validate, Field, Lang, OpenOptions, Opened, Profile, ReadOptions, Report, Sheet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support_bar::faults::{inject, Truth};
use support_bar::{clean_book, to_xlsx, COLUMNS};

fn open_named(bytes: &[u8], name: &str) -> Opened {
    let read = ReadOptions { file_name: Some(name.into()), ..ReadOptions::default() };
    open(bytes, &OpenOptions { read, profile: None }).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(opened: &Opened) -> Report {
    validate(&opened.directory, &opened.sheet, &opened.mapping, opened.mapping.profile)
}

/// A faulty held-out sheet, opened and checked.
fn faulty() -> (Opened, Report, Truth) {
    let mut book = clean_book(300, 31);
    let truth = inject(&mut book, 32, 2);
    let opened = open_named(&to_xlsx(&book), "成员.xlsx");
    let report = check(&opened);
    assert!(report.has_errors());
    (opened, report, truth)
}

/// What the person types: every fix (by source row and 0-based column), then the clean value of
/// every other cell a fault damaged.
fn corrections(opened: &Opened, report: &Report, truth: &Truth) -> BTreeMap<(usize, usize), String> {
    let mut out = BTreeMap::new();
    for edit in fix_edits(report, None) {
        if let Some(col) = opened.mapping.column_of(edit.field) {
            out.insert((edit.row, col), edit.to);
        }
    }
    for (row, col, clean) in &truth.restore {
        out.entry((*row, *col)).or_insert_with(|| clean.clone());
    }
    out
}

/// Apply corrections to the report as read: rows found by their `原行号`.
fn correct(report_sheet: &mut Sheet, header_index: usize, fixes: &BTreeMap<(usize, usize), String>) {
    let width = report_sheet.rows.row(header_index).len();
    let source_col = width - 1;
    for r in (header_index + 1)..report_sheet.rows.len() {
        let Ok(source) = report_sheet.rows.row(r).text(source_col).parse::<usize>() else { continue };
        for ((row, col), value) in fixes.range((source, 0)..(source + 1, 0)) {
            assert_eq!(*row, source);
            report_sheet.rows.set(r, *col, value, minglu::CellKind::Text);
        }
    }
}

/// The report read back is the same directory shape: header on row 1, the original headers, the
/// same profile, and the two added columns mapped to no field.
fn assert_reads_like_the_original(report: &Opened, original: &Opened, rows: usize) {
    let i = report.inspection();
    assert_eq!(i.header_row, 1);
    assert_eq!(i.rows, rows);
    assert_eq!(i.profile, original.mapping.profile, "profile detection must find the original profile");
    let headers = report.headers();
    assert_eq!(&headers[..COLUMNS.len()], &COLUMNS.map(String::from)[..]);
    assert_eq!(&headers[COLUMNS.len()..], ["错误原因", "原行号"]);
    for (a, b) in report.mapping.columns.iter().zip(&original.mapping.columns) {
        assert_eq!((a.index, a.field), (b.index, b.field), "column {}", a.header);
    }
    assert!(report.mapping.columns[COLUMNS.len()..].iter().all(|c| c.field.is_none()));
    assert_eq!(report.directory.extra_headers.last().map(String::as_str), Some("原行号"));
}

fn assert_clean(opened: &Opened, what: &str) {
    let report = check(opened);
    let left: Vec<String> = report
        .issues
        .iter()
        .take(10)
        .map(|i| format!("row {} {}: {} ({:?})", i.row, i.code, i.message, i.value))
        .collect();
    assert!(report.issues.is_empty(), "{what} is not clean: {left:#?}");
    assert_eq!(opened.mapping.profile, Profile::Wecom);
}

#[test]
fn the_xlsx_report_reads_back_and_checks_clean_once_corrected() {
    let (opened, report, truth) = faulty();
    let options = ReportOptions { only_problem_rows: true, lang: Lang::Zh };
    let bytes = error_report_xlsx(&opened.sheet, opened.header_index, &report, &options).unwrap();
    assert_eq!(
        bytes,
        error_report_xlsx(&opened.sheet, opened.header_index, &report, &options).unwrap(),
        "deterministic"
    );

    let problem_rows: std::collections::BTreeSet<usize> = report.issues.iter().map(|i| i.row).collect();
    let mut back = open_named(&bytes, "错误数据.xlsx");
    assert_reads_like_the_original(&back, &opened, problem_rows.len());
    // Every row says where it came from and lists each of its problems by code.
    for person in &back.directory.people {
        let source: usize = person.extra.last().unwrap().1.parse().unwrap();
        assert!(problem_rows.contains(&source));
        let reasons = &person.extra[person.extra.len() - 2].1;
        for issue in report.for_row(source) {
            assert!(reasons.contains(&format!("[{}]", issue.code)), "row {source}: {reasons}");
        }
    }

    let fixes = corrections(&opened, &report, &truth);
    correct(&mut back.sheet, back.header_index, &fixes);
    let corrected = sheet_xlsx(&back.sheet, &back.mapping).unwrap();
    assert_clean(&open_named(&corrected, "corrected.xlsx"), "the corrected xlsx report");
}

#[test]
fn the_csv_report_reads_back_and_checks_clean_once_corrected() {
    let (opened, report, truth) = faulty();
    let options = ReportOptions { only_problem_rows: false, lang: Lang::Zh };
    let bytes = error_report_csv(&opened.sheet, opened.header_index, &report, &options);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let mut back = open_named(&bytes, "错误数据.csv");
    assert_reads_like_the_original(&back, &opened, opened.directory.people.len());
    correct(&mut back.sheet, back.header_index, &corrections(&opened, &report, &truth));
    let corrected = sheet_csv(&back.sheet, CsvEncoding::Utf8Bom).unwrap();
    assert_clean(&open_named(&corrected, "corrected.csv"), "the corrected csv report");
}

#[test]
fn problem_cells_are_named_in_the_english_report_too() {
    let (opened, report, _) = faulty();
    let options = ReportOptions { only_problem_rows: true, lang: Lang::En };
    let text = String::from_utf8(error_report_csv(&opened.sheet, opened.header_index, &report, &options)).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.ends_with(",Problems,Source row"), "{header}");
    assert!(text.contains("[error] "), "severity in English");
}

#[test]
fn every_profile_is_detected_again_in_its_report() {
    // Each platform's template headers, a row Excel damaged, a clean row.
    let sheets: &[(Profile, &str)] = &[
        (Profile::Wecom, "姓名,帐号,别名,职务,部门,性别,手机,座机,个人邮箱,地址,企业邮箱\n张三,zhangsan,,工程师,总部/研发部,男,1.38001E+10,,,,\n李四,lisi,,工程师,总部/研发部,女,13900139000,,,,\n"),
        (Profile::WecomApi, "姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用\n张三,zhangsan,1.38001E+10,,2,工程师,1,0,1,,,,0\n李四,lisi,13900139000,,2,工程师,2,0,2,,,,0\n"),
        (Profile::Qiwei, "姓名,手机,邮箱,部门,职务,微信号\n张三,1.38001E+10,,营销中心->大客户部,经理,zhangsan_88\n李四,13900139000,,营销中心->大客户部,经理,lisi_0099\n"),
        (Profile::Dingtalk, "员工UserID,姓名,工号,职位,手机号,分机号,邮箱,部门,办公地点,入职时间,备注\nu1,张三,1,工程师,1.38001E+10,,,总部/研发部,,,\nu2,李四,2,工程师,13900139000,,,总部/研发部,,,\n"),
        (Profile::Feishu, "用户ID,姓名,手机号,邮箱,部门,工号,职务,直属上级,性别,员工类型,入职日期,工作城市\nu1,张三,1.38001E+10,,研发部,1,工程师,,男,正式,,\nu2,李四,13900139000,,研发部,2,工程师,,女,正式,,\n"),
        (Profile::Exmail, "姓名,帐号,密码,部门,职位,性别,手机,电话,英文名,编号\n张三,zhangsan,,研发部,工程师,男,1.38001E+10,,,\n李四,lisi,,研发部,工程师,女,13900139000,,,\n"),
        (Profile::Alimail, "姓名*,邮箱账号*,工号,邮箱密码,部门,分机号,职务,手机,邮箱容量(M)\n张三,zhangsan,1,,研发部,,工程师,1.38001E+10,1024\n李四,lisi,2,,研发部,,工程师,13900139000,1024\n"),
        (Profile::Google, "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\nJohn Smith,John,Smith,* Work,john@example.com,Mobile,1.38001E+10\nAnn Lee,Ann,Lee,* Work,ann@example.com,Mobile,13900139000\n"),
        (Profile::Outlook, "First Name,Last Name,E-mail Address,Mobile Phone,Job Title,Department\nJohn,Smith,john@example.com,1.38001E+10,Engineer,R&D\nAnn,Lee,ann@example.com,13900139000,Engineer,R&D\n"),
        (Profile::Generic, "姓名,手机,邮箱\n张三,1.38001E+10,zs@example.com\n李四,13900139000,ls@example.com\n"),
    ];
    for &(profile, csv) in sheets {
        let opened = open_named(csv.as_bytes(), "in.csv");
        assert_eq!(opened.mapping.profile, profile, "the fixture itself");
        let report = check(&opened);
        assert!(report.issues.iter().any(|i| i.code == minglu::Code::MobileScientific), "{profile:?}");
        for lang in [Lang::Zh, Lang::En] {
            let options = ReportOptions { only_problem_rows: true, lang };
            let xlsx = error_report_xlsx(&opened.sheet, opened.header_index, &report, &options).unwrap();
            let csv = error_report_csv(&opened.sheet, opened.header_index, &report, &options);
            for (bytes, name) in [(xlsx, "r.xlsx"), (csv, "r.csv")] {
                let back = open_named(&bytes, name);
                assert_eq!(back.mapping.profile, profile, "{name} ({lang:?})");
                assert_eq!(back.directory.people.len(), 1, "{name}: the problem row only");
                let same = back.mapping.columns.iter().zip(&opened.mapping.columns).all(|(a, b)| a.field == b.field);
                assert!(same, "{profile:?} {name}: the mapping changed");
            }
        }
    }
}

// ---- openpyxl and LibreOffice ----

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("minglu-error-report-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
#[ignore = "needs python3 with openpyxl and LibreOffice (soffice): cargo test -p minglu-engine --test error_report -- --ignored"]
fn external_readers_open_and_correct_the_report() {
    let (opened, report, truth) = faulty();
    let dir = scratch("readers");
    let options = ReportOptions { only_problem_rows: true, lang: Lang::Zh };
    let report_path = dir.join("错误数据.xlsx");
    std::fs::write(&report_path, error_report_xlsx(&opened.sheet, opened.header_index, &report, &options).unwrap())
        .unwrap();

    // What the script must find: a note and a fill on every problem cell, text in the phone
    // columns; and what it must type in.
    let cells: Vec<serde_json::Value> = report
        .issues
        .iter()
        .filter_map(|i| Some(serde_json::json!({"source_row": i.row, "column": i.column?, "severity": i.severity})))
        .collect();
    let fixes: Vec<serde_json::Value> = corrections(&opened, &report, &truth)
        .into_iter()
        .map(|((row, col), value)| serde_json::json!({"source_row": row, "column": col + 1, "value": value}))
        .collect();
    let text_columns: Vec<usize> =
        [Field::Mobile, Field::Userid].iter().filter_map(|f| opened.mapping.column_of(*f)).map(|c| c + 1).collect();
    let plan = serde_json::json!({
        "rows": report.issues.iter().map(|i| i.row).collect::<std::collections::BTreeSet<_>>().len(),
        "problem_cells": cells,
        "text_columns": text_columns,
        "corrections": fixes,
    });
    let plan_path = dir.join("plan.json");
    std::fs::write(&plan_path, serde_json::to_vec_pretty(&plan).unwrap()).unwrap();

    let script = repo_root().join("tests/readers/check_error_report.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(&report_path)
        .arg(&plan_path)
        .arg(&dir)
        .output()
        .expect("python3 runs");
    eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.status.success(), "check_error_report.py failed:\n{}", String::from_utf8_lossy(&out.stderr));

    // The corrected report, saved by openpyxl and re-saved by LibreOffice: both check clean.
    for name in ["corrected-openpyxl.xlsx", "corrected-libreoffice.xlsx"] {
        let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back = open_named(&bytes, name);
        assert_eq!(back.inspection().header_row, 1, "{name}");
        assert_clean(&back, name);
    }
    std::fs::remove_dir_all(&dir).ok();
}
