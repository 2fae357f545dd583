//! `minglu check` and `minglu fix` as scripts use them: exit codes (0 clean, 1 errors, 2 unusable),
//! the JSON shape, the error report files, and fixes that never invent data. Inputs come from
//! `minglu generate` (clean, or with its deliberate faults).

use std::path::Path;
use std::process::Output;

mod common;
use common::{minglu, path, scratch, stderr, stdout};

fn generate(dir: &Path, name: &str, args: &[&str]) -> String {
    let out = path(dir, name);
    let mut all = vec!["generate"];
    all.extend(args);
    all.extend(["--out", &out]);
    let o = minglu(&all);
    assert_eq!(o.status.code(), Some(0), "generate failed: {}", stderr(&o));
    out
}

fn assert_unusable(o: &Output) {
    assert_eq!(o.status.code(), Some(2), "stdout: {} stderr: {}", stdout(o), stderr(o));
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("minglu: "), "{err:?}");
}

fn check_json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = vec!["check"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let o = minglu(&all);
    let v = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stderr(&o)));
    (o.status.code(), v)
}

#[test]
fn help_and_usage_errors() {
    for cmd in ["check", "fix"] {
        let o = minglu(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("Usage:"));
    }
    assert!(stdout(&minglu(&["--help"])).contains("minglu check FILE"));
    let dir = scratch("usage");
    let file = generate(&dir, "s.csv", &["--rows", "3"]);
    assert_unusable(&minglu(&["check"]));
    assert_unusable(&minglu(&["check", &file, "--format", "yaml"]));
    assert_unusable(&minglu(&["check", &file, "--lang", "fr"]));
    assert_unusable(&minglu(&["check", &file, "--report", "r.txt"]));
    assert_unusable(&minglu(&["check", &file, "--only-errors"]));
    assert_unusable(&minglu(&["check", &file, "--profile", "wechat"]));
    assert_unusable(&minglu(&["check", &path(&dir, "missing.xlsx")]));
    assert_unusable(&minglu(&["fix", &file]));
    assert_unusable(&minglu(&["fix", &file, "--out", "o.txt"]));
    assert_unusable(&minglu(&["fix", &file, "--out", &file]));
    assert_unusable(&minglu(&["fix", &file, "--out", &path(&dir, "o.csv"), "--codes", "mobile.nope"]));
    let o = minglu(&["fix", &file, "--out", &path(&dir, "o.csv"), "--codes", "mobile.scientific"]);
    assert_unusable(&o);
    assert!(stderr(&o).contains("never fixed"), "{}", stderr(&o));
    let empty = path(&dir, "empty.csv");
    std::fs::write(&empty, b"").unwrap();
    assert_unusable(&minglu(&["check", &empty]));
}

#[test]
fn a_clean_sheet_exits_0() {
    let dir = scratch("clean");
    for name in ["c.xlsx", "c.csv"] {
        let file = generate(&dir, name, &["--rows", "300", "--seed", "4"]);
        let o = minglu(&["check", &file]);
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("no problems found"), "{}", stdout(&o));
    }
}

#[test]
fn json_is_the_inspection_plus_issues_and_summary() {
    let dir = scratch("json");
    let file = generate(&dir, "f.xlsx", &["--rows", "60", "--seed", "2", "--faults", "0.2"]);
    let (code, v) = check_json(&[&file, "--lang", "en"]);
    assert_eq!(code, Some(1), "errors exit 1");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    for k in ["format", "encoding", "sheet", "sheets", "header_row", "rows", "profile", "columns", "issues", "summary"]
    {
        assert!(keys.contains(&k), "{k} missing: {keys:?}");
    }
    assert_eq!(v["profile"], "wecom");
    let issues = v["issues"].as_array().unwrap();
    assert!(!issues.is_empty());
    for i in issues {
        for k in ["row", "column", "field", "code", "severity", "message", "value", "fix"] {
            assert!(i.get(k).is_some(), "{k} missing in {i}");
        }
    }
    // Duplicates name the other rows.
    let dup = issues.iter().find(|i| i["code"] == "mobile.duplicate").expect("a duplicate person");
    assert!(!dup["related_rows"].as_array().unwrap().is_empty());
    assert!(issues.iter().any(|i| i["code"] == "mobile.scientific" && i["fix"].is_null()));
    let s = &v["summary"];
    let total: u64 = s["by_code"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(total as usize, issues.len());
    assert_eq!(s["errors"].as_u64().unwrap() + s["warnings"].as_u64().unwrap(), total);
    assert!(issues[0]["message"].as_str().unwrap().is_ascii(), "--lang en: {}", issues[0]["message"]);
}

#[test]
fn text_groups_by_code_with_counts() {
    let dir = scratch("text");
    let file = generate(&dir, "f.xlsx", &["--rows", "60", "--seed", "2", "--faults", "0.2"]);
    let o = minglu(&["check", &file]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("profile   wecom"), "{text}");
    assert!(text.contains("\nmobile.scientific  "), "{text}");
    assert!(text.contains("fixable with `minglu fix`"), "{text}");
    // Each group starts after a blank line: `code  N errors  meaning`. Error groups come first.
    let groups: Vec<&str> = text.split("\n\n").skip(1).map(|g| g.lines().next().unwrap()).collect();
    let is_error = |g: &&str| g.contains(" error");
    let first_warning = groups.iter().position(|g| !is_error(g)).unwrap();
    assert!(first_warning > 0 && groups[first_warning..].iter().all(|g| !is_error(g)), "{groups:#?}");
}

#[test]
fn the_error_report_in_both_formats_reads_back_with_the_same_profile() {
    let dir = scratch("report");
    let file = generate(&dir, "f.csv", &["--rows", "80", "--seed", "6", "--faults", "0.15", "--format", "csv-gbk"]);
    let (_, original) = check_json(&[&file]);
    let problem_rows: std::collections::BTreeSet<u64> =
        original["issues"].as_array().unwrap().iter().map(|i| i["row"].as_u64().unwrap()).collect();
    for name in ["r.xlsx", "r.csv"] {
        let report = path(&dir, name);
        let o = minglu(&["check", &file, "--report", &report, "--only-errors"]);
        assert_eq!(o.status.code(), Some(1));
        let (_, back) = check_json(&[&report]);
        assert_eq!(back["profile"], original["profile"], "{name}");
        assert_eq!(back["header_row"], 1);
        assert_eq!(back["rows"].as_u64().unwrap() as usize, problem_rows.len(), "{name}");
        let headers: Vec<&str> =
            back["columns"].as_array().unwrap().iter().map(|c| c["header"].as_str().unwrap()).collect();
        assert_eq!(&headers[headers.len() - 2..], ["错误原因", "原行号"], "{name}");
    }
    assert!(std::fs::read(path(&dir, "r.csv")).unwrap().starts_with(b"\xEF\xBB\xBF"));
    // Without --only-errors, every person.
    let all = path(&dir, "all.csv");
    minglu(&["check", &file, "--report", &all]);
    assert_eq!(check_json(&[&all]).1["rows"], 80);
}

#[test]
fn fix_applies_what_it_can_and_leaves_the_rest() {
    let dir = scratch("fix");
    let file = generate(&dir, "f.xlsx", &["--rows", "70", "--seed", "8", "--faults", "0.2"]);
    let (_, before) = check_json(&[&file]);
    let count = |v: &serde_json::Value, code: &str| v["summary"]["by_code"][code].as_u64().unwrap_or(0);
    assert!(count(&before, "mobile.format") > 0 && count(&before, "text.whitespace") > 0);

    // Only the whitespace: the full-width mobiles stay.
    let out = path(&dir, "ws.xlsx");
    let o = minglu(&["fix", &file, "--out", &out, "--codes", "text.whitespace"]);
    assert_eq!(o.status.code(), Some(1), "errors are left: {}", stdout(&o));
    assert!(stdout(&o).contains("text.whitespace"), "{}", stdout(&o));
    let (_, after) = check_json(&[&out]);
    assert_eq!(count(&after, "text.whitespace"), 0);
    assert_eq!(count(&after, "mobile.format"), count(&before, "mobile.format"));

    // Everything fixable, to each format; what needs a person stays.
    for name in ["all.xlsx", "all.csv"] {
        let out = path(&dir, name);
        let o = minglu(&["fix", &file, "--out", &out]);
        assert_eq!(o.status.code(), Some(1));
        let text = stdout(&o);
        assert!(text.contains("mobile.format") && text.contains("left for a person"), "{text}");
        let (_, after) = check_json(&[&out]);
        assert_eq!(after["header_row"], 3, "{name}: the layout is kept");
        assert_eq!(after["rows"], 70);
        assert_eq!(after["summary"]["fixable"], 0, "{name}: {}", after["summary"]);
        for code in ["mobile.scientific", "required.missing", "mobile.duplicate"] {
            assert_eq!(count(&after, code), count(&before, code), "{name}: {code} is for a person");
        }
    }
    // A GBK CSV out.
    let gbk = path(&dir, "gbk.csv");
    let o = minglu(&["fix", &file, "--out", &gbk, "--csv-encoding", "gbk"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(std::str::from_utf8(&std::fs::read(&gbk).unwrap()).is_err());
}

#[test]
fn fixing_a_sheet_with_only_fixable_problems_exits_0() {
    let dir = scratch("fix0");
    // Full-width digits and stray spaces only: a CSV edited by hand.
    let file = path(&dir, "in.csv");
    std::fs::write(
        &file,
        "姓名,帐号,部门,手机\n张三 ,zhangsan,总部/研发部,１３８００１３８０００\n李四,lisi,总部,139 0013 9000\n",
    )
    .unwrap();
    let out = path(&dir, "out.csv");
    let o = minglu(&["fix", &file, "--out", &out, "--profile", "wecom"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("checks clean"), "{}", stdout(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text,
        "\u{feff}姓名,帐号,部门,手机\r\n张三,zhangsan,总部/研发部,13800138000\r\n李四,lisi,总部,13900139000\r\n"
    );
}
