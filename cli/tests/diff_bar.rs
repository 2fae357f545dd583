//! The reconciliation bar (issue #6), on the built `minglu` binary: a 400-person directory
//! export as xlsx (the WeCom admin template, generated) and next month's HR roster as CSV — other
//! columns (工号,姓名,部门,岗位,手机号码,邮箱), another row order, mobiles with dashes or `+86`,
//! names with stray spaces, e-mails in capitals, `;` instead of `；`, spaces around `/` — with
//! joiners, leavers, movers and changed titles injected here. `minglu diff` must report exactly
//! those sets, and nothing for the cells merely written differently.

use minglu::sample::{generate, to_xlsx, GeneratedDirectory, Layout, SampleOptions};
use serde_json::Value;
use std::collections::BTreeSet;

mod common;
use common::{minglu, scratch};

const PEOPLE: usize = 400;
const JOINERS: usize = 14;

/// A tiny deterministic generator for the injector's choices (splitmix64).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (((z ^ (z >> 31)) as u128 * n as u128) >> 64) as usize
    }
}

/// Departments as `minglu diff` prints them: `/` between levels, `;` between departments.
fn canonical(cell: &str) -> String {
    cell.split(['；', ';'])
        .map(|p| p.split('/').map(str::trim).collect::<Vec<_>>().join("/"))
        .collect::<Vec<_>>()
        .join(";")
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// How a roster writes a mainland mobile: as is, with dashes, or with `+86` and spaces.
fn restyle_mobile(m: &str, i: usize) -> String {
    if m.len() != 11 || !m.bytes().all(|b| b.is_ascii_digit()) {
        return m.to_string();
    }
    match i % 3 {
        0 => format!("{}-{}-{}", &m[..3], &m[3..7], &m[7..]),
        1 => format!("+86 {} {} {}", &m[..3], &m[3..7], &m[7..]),
        _ => m.to_string(),
    }
}

struct Truth {
    joiners: BTreeSet<String>,
    leavers: BTreeSet<String>,
    movers: BTreeSet<(String, String, String)>,
    titles: BTreeSet<(String, String, String)>,
    changed_people: usize,
}

/// Write the old xlsx and the new CSV roster; return the injected ground truth.
fn write_pair(dir: &std::path::Path, roster_size: Option<usize>) -> (String, String, Truth) {
    let all = generate(&SampleOptions { rows: PEOPLE + JOINERS, seed: 20_261_124, layout: Layout::Wecom, faults: 0.0 });
    let mut old = all.clone();
    old.rows.truncate(PEOPLE);
    let col = |g: &GeneratedDirectory, h: &str| g.column(h).unwrap_or_else(|| panic!("no column {h}"));
    let (c_no, c_name, c_dept, c_title, c_mobile, c_email) = (
        col(&old, "工号"),
        col(&old, "姓名"),
        col(&old, "部门"),
        col(&old, "职务"),
        col(&old, "手机"),
        col(&old, "个人邮箱"),
    );
    let cell = |g: &GeneratedDirectory, r: usize, c: usize| g.rows[r].cells[c].text.clone();

    let mut rng = Rng(7);
    let mut order: Vec<usize> = (0..PEOPLE).collect();
    for i in 0..PEOPLE {
        let j = i + rng.below(PEOPLE - i);
        order.swap(i, j);
    }
    let leavers: BTreeSet<usize> = order[..12].iter().copied().collect();
    let movers: BTreeSet<usize> = order[12..24].iter().copied().collect();
    // Three of the promoted also move (a transfer with a promotion).
    let promoted: BTreeSet<usize> = order[21..33].iter().copied().collect();
    let main_departments: BTreeSet<String> =
        (0..PEOPLE).map(|r| canonical(&cell(&old, r, c_dept)).split(';').next().unwrap_or("").to_string()).collect();
    let main_departments: Vec<String> = main_departments.into_iter().collect();

    let mut truth = Truth {
        joiners: BTreeSet::new(),
        leavers: leavers.iter().map(|&r| cell(&old, r, c_no)).collect(),
        movers: BTreeSet::new(),
        titles: BTreeSet::new(),
        changed_people: movers.union(&promoted).count(),
    };
    // (department for sorting, employee number, CSV line)
    let mut lines: Vec<(String, String, String)> = Vec::new();
    for r in (0..PEOPLE).filter(|r| !leavers.contains(r)) {
        let no = cell(&old, r, c_no);
        let mut dept = canonical(&cell(&old, r, c_dept));
        if movers.contains(&r) {
            let main = dept.split(';').next().unwrap_or("").to_string();
            let others: Vec<&String> = main_departments.iter().filter(|d| **d != main).collect();
            let to = others[rng.below(others.len())].clone();
            truth.movers.insert((no.clone(), dept.clone(), to.clone()));
            dept = to;
        }
        let mut title = cell(&old, r, c_title);
        if promoted.contains(&r) {
            let new_title = format!("资深{title}");
            truth.titles.insert((no.clone(), title.clone(), new_title.clone()));
            title = new_title;
        }
        // Written differently, not changed: spaces around `/`, a trailing space in the name,
        // the mobile restyled, the e-mail in capitals.
        let shown_dept = if r % 5 == 0 { dept.replace('/', " / ") } else { dept.clone() };
        let name = if r % 7 == 0 { format!("{} ", cell(&old, r, c_name)) } else { cell(&old, r, c_name) };
        let email = if r % 4 == 0 { cell(&old, r, c_email).to_uppercase() } else { cell(&old, r, c_email) };
        let fields = [no.clone(), name, shown_dept, title, restyle_mobile(&cell(&old, r, c_mobile), r), email];
        lines.push((dept, no, fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",")));
    }
    for r in PEOPLE..PEOPLE + JOINERS {
        let no = cell(&all, r, c_no);
        truth.joiners.insert(no.clone());
        let dept = canonical(&cell(&all, r, c_dept));
        let fields = [
            no.clone(),
            cell(&all, r, c_name),
            dept.clone(),
            cell(&all, r, c_title),
            cell(&all, r, c_mobile),
            cell(&all, r, c_email),
        ];
        lines.push((dept, no, fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",")));
    }
    // HR exports sort by department, then employee number.
    lines.sort();
    if let Some(n) = roster_size {
        lines.truncate(n);
    }
    let mut csv = String::from("\u{FEFF}工号,姓名,部门,岗位,手机号码,邮箱\r\n");
    for (_, _, line) in &lines {
        csv.push_str(line);
        csv.push_str("\r\n");
    }
    let old_path = dir.join("通讯录-10月.xlsx");
    let new_path = dir.join("花名册-11月.csv");
    std::fs::write(&old_path, to_xlsx(&old).unwrap()).unwrap();
    std::fs::write(&new_path, csv).unwrap();
    (old_path.to_string_lossy().into_owned(), new_path.to_string_lossy().into_owned(), truth)
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

#[test]
fn diff_reports_exactly_the_injected_sets() {
    let dir = scratch("exact");
    let (old, new, truth) = write_pair(&dir, None);
    let o = minglu(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "no guard warning: {}", String::from_utf8_lossy(&o.stderr));
    let json: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 6, "exactly the six keys: {keys:?}");

    assert_eq!(strings(&json["joiners"]), truth.joiners);
    assert_eq!(strings(&json["leavers"]), truth.leavers);
    let movers: BTreeSet<(String, String, String)> = json["movers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (m["id"].as_str().unwrap().into(), m["from"].as_str().unwrap().into(), m["to"].as_str().unwrap().into())
        })
        .collect();
    assert_eq!(movers, truth.movers);
    let changed: BTreeSet<(String, String, String)> = json["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c["field"], "position", "only titles changed: {c}");
            (c["id"].as_str().unwrap().into(), c["old"].as_str().unwrap().into(), c["new"].as_str().unwrap().into())
        })
        .collect();
    assert_eq!(changed, truth.titles);
    assert_eq!(json["unchanged"], PEOPLE - truth.leavers.len() - truth.changed_people);
    assert_eq!(json["ambiguous"], serde_json::json!([]));
    assert_eq!((truth.joiners.len(), truth.leavers.len(), truth.movers.len(), truth.titles.len()), (14, 12, 12, 12));
}

#[test]
fn text_output_and_report_workbook() {
    let dir = scratch("report");
    let (old, new, truth) = write_pair(&dir, None);
    let report = dir.join("对比报告.xlsx").to_string_lossy().into_owned();
    let o = minglu(&["diff", &old, &new, "--report", &report]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("key       auto → employee_no, email, mobile"), "{text}");
    assert!(text.contains(&format!("joiners   {}", truth.joiners.len())), "{text}");
    assert!(!text.contains("DELETION GUARD"), "{text}");
    let bytes = std::fs::read(&report).unwrap();
    let read = |sheet: &str| {
        minglu::read(&bytes, &minglu::ReadOptions { sheet: Some(sheet.into()), ..Default::default() }).unwrap()
    };
    let joiners = read("入职");
    assert_eq!(joiners.sheets, ["概要", "入职", "离职", "调动", "变更", "歧义"]);
    let rows = |s: &minglu::Sheet| s.rows.iter().skip(1).filter(|r| r.iter().any(|c| !c.text.is_empty())).count();
    assert_eq!(rows(&joiners), truth.joiners.len());
    assert_eq!(rows(&read("离职")), truth.leavers.len());
    assert_eq!(rows(&read("调动")), truth.movers.len());
    assert_eq!(rows(&read("变更")), truth.titles.len());
    assert_eq!(rows(&read("歧义")), 0);
    // Deterministic: the same diff writes the same bytes.
    let again = dir.join("again.xlsx").to_string_lossy().into_owned();
    assert_eq!(minglu(&["diff", &old, &new, "--report", &again]).status.code(), Some(0));
    assert_eq!(std::fs::read(&again).unwrap(), bytes);
}

#[test]
fn the_deletion_guard_is_said_prominently() {
    let dir = scratch("guard");
    // A roster cut to its first 100 lines: about 300 of 400 members would be deleted.
    let (old, new, _) = write_pair(&dir, Some(100));
    let o = minglu(&["diff", &old, &new]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("!! DELETION GUARD"), "{text}");
    let o = minglu(&["diff", &old, &new, "--format", "json"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("minglu: warning: a full-replace import of NEW would delete"), "{err}");
    assert!(serde_json::from_slice::<Value>(&o.stdout).is_ok());
}

#[test]
fn usage_errors_are_one_line() {
    let dir = scratch("usage");
    let (old, new, _) = write_pair(&dir, Some(5));
    for args in [
        vec!["diff", old.as_str()],
        vec!["diff", old.as_str(), new.as_str(), "--key", "name"],
        vec!["diff", old.as_str(), new.as_str(), "--format", "xml"],
        vec!["diff", old.as_str(), new.as_str(), "--report", "out.csv"],
        vec!["diff", old.as_str(), new.as_str(), "--key", "userid"],
    ] {
        let o = minglu(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("minglu: "), "{err}");
        assert!(o.stdout.is_empty());
    }
}
