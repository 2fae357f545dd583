use super::*;
use crate::Person;

fn person(row: usize, fields: &[(Field, &str)], dept: &str) -> Person {
    let mut p = Person { source_row: row, ..Person::default() };
    for (f, v) in fields {
        p.fields.insert(*f, v.to_string());
    }
    if !dept.is_empty() {
        p.departments = dept.split(';').map(|d| d.split('/').map(String::from).collect()).collect();
    }
    p
}

fn dir(people: Vec<Person>) -> Directory {
    Directory { people, extra_headers: Vec::new() }
}

use Field::{Email, EmployeeNo as Emp, Mobile as Mob, Name, Position, Userid};

/// Every row is matched, a joiner/leaver, or ambiguous — exactly once.
fn assert_accounted(c: &Changes, old: &Directory, new: &Directory) {
    let mut o: Vec<usize> = c.matched.iter().map(|p| p.old).collect();
    o.extend(c.leavers.iter().map(|m| m.index));
    o.extend(c.ambiguous.iter().flat_map(|a| a.old.iter().map(|x| x.index)));
    o.sort_unstable();
    assert_eq!(o, (0..old.people.len()).collect::<Vec<_>>(), "old rows");
    let mut n: Vec<usize> = c.matched.iter().map(|p| p.new).collect();
    n.extend(c.joiners.iter().map(|m| m.index));
    n.extend(c.ambiguous.iter().flat_map(|a| a.new.iter().map(|x| x.index)));
    n.sort_unstable();
    assert_eq!(n, (0..new.people.len()).collect::<Vec<_>>(), "new rows");
}

#[test]
fn joiners_leavers_movers_and_changes() {
    let old = dir(vec![
        person(2, &[(Name, "张三"), (Userid, "zhangsan"), (Position, "工程师"), (Mob, "13800138000")], "总部/研发"),
        person(3, &[(Name, "李四"), (Userid, "lisi"), (Position, "专员"), (Mob, "13900139000")], "总部/市场"),
        person(4, &[(Name, "王五"), (Userid, "wangwu"), (Position, "经理"), (Mob, "13700137000")], "总部/销售"),
    ]);
    let new = dir(vec![
        person(2, &[(Name, "赵六"), (Userid, "zhaoliu"), (Position, "实习生"), (Mob, "13600136000")], "总部/研发"),
        person(3, &[(Name, "王五 "), (Userid, "WangWu"), (Position, "高级经理"), (Mob, "137-0013-7000")], "总部/销售"),
        person(4, &[(Name, "张三"), (Userid, "zhangsan"), (Position, "工程师"), (Mob, "+86 13800138000")], "总部/产品"),
    ]);
    let c = diff(&old, &new, Key::Auto).unwrap();
    assert_accounted(&c, &old, &new);
    assert_eq!(c.keys, vec![Key::Userid, Key::Mobile]);
    let s = c.summary();
    assert_eq!(s.joiners, ["zhaoliu"]);
    assert_eq!(s.leavers, ["lisi"]);
    assert_eq!(
        s.movers,
        vec![MoverSummary { id: "zhangsan".into(), from: "总部/研发".into(), to: "总部/产品".into() }]
    );
    assert_eq!(
        s.changed,
        vec![ChangedSummary {
            id: "wangwu".into(),
            field: "position".into(),
            old: "经理".into(),
            new: "高级经理".into()
        }]
    );
    assert_eq!(s.unchanged, 0);
    assert!(s.ambiguous.is_empty());
    let json = serde_json::to_string(&s).unwrap();
    assert!(
        json.starts_with(r#"{"joiners":["zhaoliu"],"leavers":["lisi"],"movers":[{"id":"zhangsan","from""#),
        "{json}"
    );
    // The incremental import holds the joiner and the two matched people who changed, in new order.
    let inc = c.incremental(&new);
    assert_eq!(inc.people.iter().map(|p| p.get(Name)).collect::<Vec<_>>(), ["赵六", "王五 ", "张三"]);
    assert_eq!(c.leavers(&old).people.iter().map(|p| p.get(Name)).collect::<Vec<_>>(), ["李四"]);
}

#[test]
fn automatic_key_falls_through_per_person() {
    // No accounts on the new side: employee number first; a person without one is matched by
    // e-mail; one with neither by mobile.
    let old = dir(vec![
        person(2, &[(Name, "甲"), (Userid, "a"), (Emp, "001"), (Email, "a@x.com"), (Mob, "13800000001")], ""),
        person(3, &[(Name, "乙"), (Userid, "b"), (Email, "B@X.com"), (Mob, "13800000002")], ""),
        person(4, &[(Name, "丙"), (Userid, "c"), (Mob, "13800000003")], ""),
    ]);
    let new = dir(vec![
        person(2, &[(Name, "丙"), (Mob, "138 0000 0003")], ""),
        person(3, &[(Name, "乙"), (Email, "b@x.com")], ""),
        person(4, &[(Name, "甲"), (Emp, "1"), (Email, "a@x.com")], ""),
    ]);
    let c = diff(&old, &new, Key::Auto).unwrap();
    assert_accounted(&c, &old, &new);
    assert_eq!(c.keys, vec![Key::EmployeeNo, Key::Email, Key::Mobile]);
    let by: Vec<(usize, usize, Key, &str)> = c.matched.iter().map(|p| (p.old, p.new, p.by, p.id.as_str())).collect();
    // In new-file order.
    assert_eq!(by, [(2, 0, Key::Mobile, "13800000003"), (1, 1, Key::Email, "B@X.com"), (0, 2, Key::EmployeeNo, "001")]);
    assert!(c.joiners.is_empty() && c.leavers.is_empty());
}

#[test]
fn a_shared_value_is_ambiguous_not_guessed() {
    let old = dir(vec![
        person(2, &[(Name, "张三"), (Emp, "007")], ""),
        person(3, &[(Name, "张三"), (Emp, "007")], ""), // a duplicate row
        person(4, &[(Name, "李四"), (Emp, "008")], ""),
    ]);
    let new = dir(vec![person(2, &[(Name, "张三"), (Emp, "007")], ""), person(3, &[(Name, "李四"), (Emp, "008")], "")]);
    let c = diff(&old, &new, Key::EmployeeNo).unwrap();
    assert_accounted(&c, &old, &new);
    assert_eq!(c.ambiguous.len(), 1);
    let a = &c.ambiguous[0];
    assert_eq!(
        (a.reason, a.keys.clone(), a.values.clone()),
        (AmbiguityReason::Shared, vec![Key::EmployeeNo], vec!["007".into()])
    );
    assert_eq!(a.old.iter().map(|x| x.row).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(a.new.iter().map(|x| x.row).collect::<Vec<_>>(), [2]);
    assert!(c.joiners.is_empty() && c.leavers.is_empty());
    assert_eq!(c.unchanged, 1);
    // Duplicates with no counterpart are just leavers: nothing to choose between.
    let c = diff(&old, &dir(vec![person(2, &[(Name, "李四"), (Emp, "008")], "")]), Key::EmployeeNo).unwrap();
    assert!(c.ambiguous.is_empty());
    assert_eq!(c.summary().leavers, ["007", "007"]);
}

#[test]
fn a_person_linked_to_two_is_ambiguous() {
    let old = dir(vec![person(2, &[(Name, "甲"), (Email, "a@x.com"), (Field::EnterpriseEmail, "jia@corp.com")], "")]);
    let new = dir(vec![
        person(2, &[(Name, "甲"), (Email, "a@x.com")], ""),
        person(3, &[(Name, "甲2"), (Field::EnterpriseEmail, "jia@corp.com")], ""),
    ]);
    let c = diff(&old, &new, Key::Email).unwrap();
    assert_accounted(&c, &old, &new);
    assert_eq!(c.ambiguous.len(), 1);
    assert_eq!(c.ambiguous[0].values, ["a@x.com", "jia@corp.com"]);
}

#[test]
fn keys_that_disagree_are_a_conflict() {
    // Accounts say 甲↔甲', 乙↔乙'; employee numbers say the opposite.
    let old = dir(vec![
        person(2, &[(Name, "甲"), (Userid, "jia"), (Emp, "1")], ""),
        person(3, &[(Name, "乙"), (Userid, "yi"), (Emp, "2")], ""),
        person(4, &[(Name, "丙"), (Userid, "bing"), (Emp, "3")], ""),
    ]);
    let new = dir(vec![
        person(2, &[(Name, "甲"), (Userid, "jia"), (Emp, "2")], ""),
        person(3, &[(Name, "乙"), (Userid, "yi"), (Emp, "1")], ""),
        person(4, &[(Name, "丙"), (Userid, "bing"), (Emp, "3")], ""),
    ]);
    let c = diff(&old, &new, Key::Auto).unwrap();
    assert_accounted(&c, &old, &new);
    assert_eq!(c.ambiguous.len(), 1);
    let a = &c.ambiguous[0];
    assert_eq!(a.reason, AmbiguityReason::Conflict);
    assert_eq!(a.keys, vec![Key::Userid, Key::EmployeeNo]);
    assert_eq!(a.old.len(), 2);
    assert_eq!(a.new.len(), 2);
    assert_eq!(c.unchanged, 1);
    // Asked to match by account only, there is nothing to disagree with: two changes.
    let c = diff(&old, &new, Key::Userid).unwrap();
    assert!(c.ambiguous.is_empty());
    assert_eq!(c.changed.len(), 2);
}

#[test]
fn nothing_to_match_by_is_an_error() {
    let old = dir(vec![person(2, &[(Name, "甲"), (Userid, "jia")], "")]);
    let new = dir(vec![person(2, &[(Name, "甲"), (Emp, "1")], "")]);
    let e = diff(&old, &new, Key::Auto).unwrap_err();
    assert!(e.message.contains("nothing to match people by"), "{}", e.message);
    assert!(diff(&old, &old, Key::Mobile).is_err());
    // Placeholders identify nobody.
    let dash = dir(vec![person(2, &[(Name, "甲"), (Emp, "-")], "")]);
    assert!(diff(&dash, &dash, Key::EmployeeNo).is_err());
}

#[test]
fn only_fields_both_files_have_are_compared() {
    let old = dir(vec![person(2, &[(Name, "甲"), (Emp, "1"), (Userid, "jia"), (Position, "工程师")], "总部")]);
    let new = dir(vec![person(2, &[(Name, "甲"), (Emp, "000001"), (Position, "工程师")], "")]);
    let c = diff(&old, &new, Key::Auto).unwrap();
    assert_eq!((c.unchanged, c.changed.len(), c.movers.len()), (1, 0, 0));
}

#[test]
fn deletion_guard_thresholds() {
    assert!(!DeletionGuard::new(50, 100).blocked, "exactly 50 is neither rule");
    assert!(DeletionGuard::new(51, 254).blocked);
    assert!(!DeletionGuard::new(51, 255).blocked, "exactly 20% is not over 20%");
    assert!(!DeletionGuard::new(51, 2550).blocked);
    assert!(DeletionGuard::new(9, 10).blocked);
    assert!(!DeletionGuard::new(8, 10).blocked, "80% is not over 80%");
    assert!(!DeletionGuard::new(0, 0).blocked);
    assert!(DeletionGuard::new(600, 1000).blocked);
    assert!(!DeletionGuard::new(200, 1000).blocked, "20% is not over 20%");
    let old = dir((0..10).map(|i| person(i + 2, &[(Emp, &format!("{i}"))], "")).collect());
    let new = dir(vec![person(2, &[(Emp, "0")], "")]);
    let c = diff(&old, &new, Key::Auto).unwrap();
    assert_eq!(c.guard, DeletionGuard { deletions: 9, staff: 10, blocked: true });
}

#[test]
fn report_workbook_has_every_sheet_and_is_deterministic() {
    let old = dir(vec![
        person(2, &[(Name, "张三"), (Emp, "1"), (Position, "=cmd")], "总部/研发"),
        person(3, &[(Name, "李四"), (Emp, "2")], "总部/市场"),
    ]);
    let new = dir(vec![
        person(2, &[(Name, "张三"), (Emp, "1"), (Position, "工程师")], "总部/产品"),
        person(3, &[(Name, "王五"), (Emp, "3")], ""),
    ]);
    let c = diff(&old, &new, Key::Auto).unwrap();
    let bytes = report_xlsx(&c, &old, &new).unwrap();
    assert_eq!(bytes, report_xlsx(&c, &old, &new).unwrap());
    let sheet = crate::read(&bytes, &crate::ReadOptions { sheet: Some("变更".into()), ..Default::default() }).unwrap();
    assert_eq!(sheet.sheets, ["概要", "入职", "离职", "调动", "变更", "歧义"]);
    assert_eq!(sheet.cell_text(1, 2), "职务");
    assert_eq!(sheet.cell_text(1, 3), "=cmd");
    assert_eq!(sheet.cell_text(1, 4), "工程师");
    let moves = crate::read(&bytes, &crate::ReadOptions { sheet: Some("调动".into()), ..Default::default() }).unwrap();
    assert_eq!((moves.cell_text(1, 2), moves.cell_text(1, 3)), ("总部/研发", "总部/产品"));
}

/// An ambiguity's values are listed in the order they are first seen among the people still
/// unmatched (old file first), not among everyone: `x@e.cn` is first held by a person the account
/// already matched, so `y@e.cn` comes first. (The matching numbers each value once for both
/// files and recounts the holders per pass; this holds it to the order of a map built per pass.)
#[test]
fn ambiguous_values_in_the_order_the_unmatched_hold_them() {
    let old = dir(vec![
        person(2, &[(Userid, "u0"), (Email, "x@e.cn")], ""),
        person(3, &[(Email, "y@e.cn")], ""),
        person(4, &[(Email, "X@e.cn "), (Field::EnterpriseEmail, "y@e.cn")], ""),
    ]);
    let new = dir(vec![
        person(2, &[(Userid, "U0")], ""),
        person(3, &[(Email, "y@e.cn")], ""),
        person(4, &[(Email, "x@e.cn")], ""),
    ]);
    let c = diff(&old, &new, Key::Auto).unwrap();
    assert_accounted(&c, &old, &new);
    assert_eq!(c.keys, vec![Key::Userid, Key::Email]);
    assert_eq!(c.matched.iter().map(|p| (p.old, p.new, p.id.as_str())).collect::<Vec<_>>(), [(0, 0, "u0")]);
    assert_eq!(c.ambiguous.len(), 1);
    let a = &c.ambiguous[0];
    assert_eq!((a.reason, a.keys.as_slice()), (AmbiguityReason::Shared, &[Key::Email][..]));
    // As written by the first old holder of each (trimmed), in that order.
    assert_eq!(a.values, ["y@e.cn", "X@e.cn"]);
    assert_eq!(a.old.iter().map(|m| m.index).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(a.new.iter().map(|m| m.index).collect::<Vec<_>>(), [1, 2]);
}
