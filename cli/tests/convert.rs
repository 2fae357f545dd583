//! `minglu convert` and `minglu decrypt` as scripts use them: every destination, the manifest
//! beside the output, encryption, one-line errors with exit code 2, and no plaintext written when
//! a password is wrong.

use std::path::Path;
use std::process::Output;

mod common;
use common::{minglu_env as minglu, path as p, scratch, stderr};

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
}

fn assert_unusable(o: &Output) {
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(o));
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("minglu: ") && !err.contains("panicked"), "{err:?}");
}

fn sample(dir: &Path) -> String {
    let path = p(dir, "in.xlsx");
    ok(&minglu(&["generate", "--rows", "40", "--seed", "5", "--out", &path], &[]));
    path
}

#[test]
fn every_destination_writes_its_file_and_manifest() {
    let dir = scratch("all");
    let input = sample(&dir);
    let dests = [
        ("vcard21", "vcf"),
        ("vcard3", "vcf"),
        ("vcard4", "vcf"),
        ("csv", "csv"),
        ("csv-gbk", "csv"),
        ("xlsx", "xlsx"),
        ("wecom", "xlsx"),
        ("qiwei", "xlsx"),
        ("dingtalk", "xlsx"),
        ("feishu", "xlsx"),
        ("exmail", "xlsx"),
        ("alimail", "csv"),
        ("google", "csv"),
        ("outlook", "csv"),
    ];
    for (to, ext) in dests {
        let out = p(&dir, &format!("out-{to}.{ext}"));
        let o = minglu(&["convert", &input, "--to", to, "--out", &out, "--time", "2026-11-23T10:00:00+08:00"], &[]);
        ok(&o);
        assert!(Path::new(&out).metadata().unwrap().len() > 100, "{to}");
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{out}.manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["rows"], 40, "{to}");
        assert_eq!(manifest["file_name"], format!("out-{to}.{ext}"));
        assert_eq!(manifest["created"], "2026-11-23T10:00:00+08:00");
        assert_eq!(manifest["source"]["file_name"], "in.xlsx");
        assert_eq!(manifest["source"]["sha256"].as_str().unwrap().len(), 64);
        assert!(Path::new(&format!("{out}.manifest.txt")).exists());
        if ext != "vcf" {
            // Every table re-imports as the same 40 people.
            let o = minglu(&["inspect", &out, "--format", "json"], &[]);
            ok(&o);
            let i: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(i["rows"], 40, "{to}");
        }
    }
}

#[test]
fn fields_masks_and_gbk() {
    let dir = scratch("fields");
    let input = sample(&dir);
    let out = p(&dir, "min.csv");
    ok(&minglu(
        &[
            "convert",
            &input,
            "--to",
            "csv",
            "--out",
            &out,
            "--fields",
            "name,mobile,email",
            "--mask",
            "mobile,email",
            "--csv-encoding",
            "utf8",
        ],
        &[],
    ));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("姓名,手机,邮箱"));
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), 3, "{line}");
        assert!(cells[1].contains("****") || cells[1].is_empty(), "{line}");
        assert!(cells[2].is_empty() || cells[2].contains("***@"), "{line}");
    }
    let o = minglu(&["convert", &input, "--to", "csv", "--out", &out, "--fields", "name,nope"], &[]);
    assert_unusable(&o);
    assert!(stderr(&o).contains("unknown field \"nope\""));
}

#[test]
fn encrypted_zip_and_container_and_wrong_passwords() {
    let dir = scratch("enc");
    let input = sample(&dir);
    let env = [("PW", "正确 horse"), ("BAD", "wrong horse")];

    let zip = p(&dir, "c.zip");
    ok(&minglu(
        &["convert", &input, "--to", "vcard3", "--out", &zip, "--encrypt", "zip", "--password-env", "PW"],
        &env,
    ));
    let unz = p(&dir, "unz");
    ok(&minglu(&["decrypt", &zip, "--out", &unz, "--password-env", "PW"], &env));
    let names: Vec<String> =
        std::fs::read_dir(&unz).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"c.vcf".to_string()) && names.contains(&"c.vcf.manifest.json".to_string()));
    let o = minglu(&["decrypt", &zip, "--out", &p(&dir, "unz-bad"), "--password-env", "BAD"], &env);
    assert_unusable(&o);
    assert!(stderr(&o).contains("wrong password or the file was modified"), "{}", stderr(&o));
    assert!(!Path::new(&p(&dir, "unz-bad")).exists());

    let sealed = p(&dir, "c.vcf.minglu");
    ok(&minglu(
        &["convert", &input, "--to", "vcard3", "--out", &sealed, "--encrypt", "container", "--password-env", "PW"],
        &env,
    ));
    let manifest = std::fs::read_to_string(format!("{sealed}.manifest.json")).unwrap();
    assert!(manifest.contains("\"file_name\": \"c.vcf\"") && manifest.contains("AES-256-GCM"), "{manifest}");
    let plain = p(&dir, "back.vcf");
    ok(&minglu(&["decrypt", &sealed, "--out", &plain, "--password-env", "PW"], &env));
    assert!(std::fs::read_to_string(&plain).unwrap().starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));

    let not_written = p(&dir, "never.vcf");
    let o = minglu(&["decrypt", &sealed, "--out", &not_written, "--password-env", "BAD"], &env);
    assert_unusable(&o);
    assert!(stderr(&o).ends_with("wrong password or the file was modified\n"), "{}", stderr(&o));
    assert!(!Path::new(&not_written).exists(), "no plaintext on failure");
    // A modified container is refused the same way.
    let mut bytes = std::fs::read(&sealed).unwrap();
    let n = bytes.len();
    bytes[n - 30] ^= 0x10;
    let tampered = p(&dir, "tampered.minglu");
    std::fs::write(&tampered, &bytes).unwrap();
    assert_unusable(&minglu(&["decrypt", &tampered, "--out", &not_written, "--password-env", "PW"], &env));
    assert!(!Path::new(&not_written).exists());

    // Passwords come from the environment only, and must be there.
    assert_unusable(&minglu(&["convert", &input, "--to", "csv", "--out", &p(&dir, "x.zip"), "--encrypt", "zip"], &[]));
    assert_unusable(&minglu(
        &[
            "convert",
            &input,
            "--to",
            "csv",
            "--out",
            &p(&dir, "x.zip"),
            "--encrypt",
            "zip",
            "--password-env",
            "UNSET_VAR_FOR_TEST",
        ],
        &[],
    ));
}
