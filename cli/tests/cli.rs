//! The `minglu` binary as scripts use it: exit codes, one-line errors, the JSON shape, and
//! generate → inspect round trips. The round trips go through the readers (`read::workbook`,
//! `read::text`, `read::header`).

use std::path::Path;
use std::process::Output;

mod common;
use common::{minglu, scratch, stderr, stdout};

/// Exit code 2 and exactly one line `minglu: …` on stderr, nothing on stdout.
fn assert_unusable(o: &Output) {
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(o));
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("minglu: "), "{err:?}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err:?}");
    assert!(o.stdout.is_empty());
}

fn generate(dir: &Path, name: &str, args: &[&str]) -> String {
    let path = dir.join(name).to_string_lossy().into_owned();
    let mut all = args.to_vec();
    all.extend(["--out", &path]);
    let o = minglu(&all);
    assert_eq!(o.status.code(), Some(0), "generate failed: {}", stderr(&o));
    path
}

fn inspect_json(path: &str) -> serde_json::Value {
    let o = minglu(&["inspect", path, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "inspect failed: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

// ---- Without the readers ----

#[test]
fn help_for_the_program_and_each_command() {
    for args in [&["--help"][..], &[], &["inspect", "--help"], &["generate", "--help"]] {
        let o = minglu(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(stdout(&o).contains("Usage:"), "{args:?}");
    }
    assert!(stdout(&minglu(&["generate", "--help"])).contains("benchmarks"));
    assert!(stdout(&minglu(&["inspect", "--help"])).contains("header_row"));
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    assert_unusable(&minglu(&["frobnicate"]));
    assert_unusable(&minglu(&["inspect"]));
    assert_unusable(&minglu(&["inspect", "a.csv", "--bogus", "1"]));
    assert_unusable(&minglu(&["inspect", "a.csv", "--format", "yaml"]));
    assert_unusable(&minglu(&["generate", "--out", "x.xlsx"]));
    assert_unusable(&minglu(&["generate", "--rows", "ten", "--out", "x.xlsx"]));
    assert_unusable(&minglu(&["generate", "--rows", "5", "--faults", "1.5", "--out", "x.xlsx"]));
    assert_unusable(&minglu(&["generate", "--rows", "5", "--layout", "fancy", "--out", "x.xlsx"]));
    assert_unusable(&minglu(&["generate", "--rows", "5", "--out", "x.bin"]));
}

#[test]
fn unusable_files_exit_2_with_one_line() {
    let dir = scratch("unusable");
    assert_unusable(&minglu(&["inspect", dir.join("missing.xlsx").to_str().unwrap()]));
    assert_unusable(&minglu(&["inspect", dir.to_str().unwrap()]));
    let binary = dir.join("photo.bin");
    std::fs::write(&binary, [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3]).unwrap();
    assert_unusable(&minglu(&["inspect", binary.to_str().unwrap()]));
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    assert_unusable(&minglu(&["inspect", empty.to_str().unwrap()]));
}

#[test]
fn unknown_profile_lists_the_valid_ones() {
    let dir = scratch("profile");
    let path = generate(&dir, "p.csv", &["generate", "--rows", "2"]);
    let o = minglu(&["inspect", &path, "--profile", "wechat"]);
    assert_unusable(&o);
    for key in
        ["wecom", "wecom_api", "qiwei", "dingtalk", "feishu", "exmail", "alimail", "google", "outlook", "generic"]
    {
        assert!(stderr(&o).contains(key), "{key} missing from {}", stderr(&o));
    }
}

#[test]
fn generate_is_deterministic_and_writes_every_format() {
    let dir = scratch("formats");
    for (name, format) in
        [("a.xlsx", "xlsx"), ("a.csv", "csv"), ("b.csv", "csv-bom"), ("g.csv", "csv-gbk"), ("a.vcf", "vcf")]
    {
        let args = ["generate", "--rows", "25", "--seed", "9", "--faults", "0.1", "--format", format];
        let first = std::fs::read(generate(&dir, name, &args)).unwrap();
        let second = std::fs::read(generate(&dir, &format!("again-{name}"), &args)).unwrap();
        assert_eq!(first, second, "{format} is not deterministic");
    }
    assert!(std::fs::read(dir.join("a.xlsx")).unwrap().starts_with(b"PK\x03\x04"));
    assert!(std::fs::read(dir.join("b.csv")).unwrap().starts_with(b"\xEF\xBB\xBF"));
    let vcf = std::fs::read_to_string(dir.join("a.vcf")).unwrap();
    assert_eq!(vcf.matches("BEGIN:VCARD").count(), 25);
    let gbk = std::fs::read(dir.join("g.csv")).unwrap();
    assert!(std::str::from_utf8(&gbk).is_err(), "csv-gbk is not UTF-8");
}

#[test]
fn generate_to_stdout() {
    let o = minglu(&["generate", "--rows", "2", "--layout", "plain", "--format", "csv", "--out", "-"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("姓名,帐号,别名"));
    assert_eq!(text.lines().count(), 3);
}

// ---- Through the readers ----

#[test]
fn json_has_exactly_the_documented_shape() {
    let dir = scratch("json");
    let path = generate(&dir, "s.xlsx", &["generate", "--rows", "12"]);
    let v = inspect_json(&path);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec!["format", "encoding", "sheet", "sheets", "header_row", "rows", "profile", "columns"];
    let mut sorted = keys.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    assert!(v["encoding"].is_null(), "no encoding for a workbook");
    assert_eq!(v["sheet"], "通讯录");
    assert_eq!(v["sheets"], serde_json::json!(["通讯录"]));
    let columns = v["columns"].as_array().unwrap();
    for (i, c) in columns.iter().enumerate() {
        let mut k: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort();
        assert_eq!(k, vec!["field", "header", "index"]);
        assert_eq!(c["index"], i);
    }
    assert_eq!(columns[0]["header"], "姓名");
    assert_eq!(columns[0]["field"], "name");
    assert_eq!(columns[6]["field"], "mobile");
}

#[test]
fn wecom_xlsx_round_trip() {
    let dir = scratch("xlsx");
    let path = generate(&dir, "s.xlsx", &["generate", "--rows", "57", "--seed", "3", "--layout", "wecom"]);
    let v = inspect_json(&path);
    assert_eq!(v["format"], "xlsx");
    assert_eq!(v["header_row"], 3);
    assert_eq!(v["rows"], 57);
    assert_eq!(v["profile"], "wecom");
}

#[test]
fn gbk_csv_round_trip() {
    let dir = scratch("gbk");
    let path = generate(&dir, "s.csv", &["generate", "--rows", "40", "--format", "csv-gbk"]);
    let v = inspect_json(&path);
    let encoding = v["encoding"].as_str().unwrap_or_default().to_ascii_lowercase();
    assert!(["gbk", "gb18030"].contains(&encoding.as_str()), "{encoding}");
    assert_eq!(v["header_row"], 3);
    assert_eq!(v["rows"], 40);
    assert_eq!(v["profile"], "wecom");
    let headers: Vec<&str> = v["columns"].as_array().unwrap().iter().map(|c| c["header"].as_str().unwrap()).collect();
    assert_eq!(&headers[..4], &["姓名", "帐号", "别名", "职务"]);
}

#[test]
fn plain_csv_and_vcard_round_trip() {
    let dir = scratch("plain");
    let csv = generate(&dir, "p.csv", &["generate", "--rows", "15", "--layout", "plain"]);
    let v = inspect_json(&csv);
    assert_eq!((v["header_row"].as_u64(), v["rows"].as_u64()), (Some(1), Some(15)));
    let vcf = generate(&dir, "p.vcf", &["generate", "--rows", "15"]);
    assert_eq!(inspect_json(&vcf)["rows"], 15);
}

#[test]
fn text_summary_names_the_profile_and_fields() {
    let dir = scratch("text");
    let path = generate(&dir, "s.xlsx", &["generate", "--rows", "5"]);
    let o = minglu(&["inspect", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("企业微信"), "{text}");
    assert!(text.contains("row 3"), "{text}");
    assert!(text.contains("mobile"), "{text}");
}
