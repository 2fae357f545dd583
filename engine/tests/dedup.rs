//! Duplicate detection: which signals pair rows, which are vetoed, blocking caps, marks, scores.

use minglu::dedup::{analyze, find_duplicates, DedupOptions, ReasonKind};
use minglu::{parse_departments, Directory, Field, Person, Profile};
use Field::*;

fn person(row: usize, fields: &[(Field, &str)]) -> Person {
    let mut p = Person { source_row: row, ..Person::default() };
    for (f, v) in fields {
        p.fields.insert(*f, v.to_string());
    }
    p.departments = parse_departments(p.get(Departments), Profile::Wecom);
    p
}

fn dir(people: Vec<Person>) -> Directory {
    Directory { people, extra_headers: vec![] }
}

fn reasons(d: &Directory, profile: Profile) -> Vec<(Vec<usize>, Vec<ReasonKind>, f64)> {
    find_duplicates(d, profile).into_iter().map(|g| (g.rows, g.reasons, g.score)).collect()
}

#[test]
fn the_three_styles_of_second_entry() {
    let d = dir(vec![
        person(2, &[(Name, "张三"), (Userid, "zhangsan"), (Mobile, "138-0013-8000"), (Position, "工程师")]),
        person(3, &[(Name, "李四"), (Email, "lisi@corp.com"), (Mobile, "13900139000")]),
        person(4, &[(Name, "王五"), (Mobile, "13700137000"), (Position, "经理"), (Departments, "总部/销售部")]),
        person(5, &[(Name, "张三"), (Mobile, "+86 138 0013 8000")]),
        person(6, &[(Name, "李 四"), (Email, "LiSi@Corp.com")]),
        person(7, &[(Name, "王五"), (Mobile, "13700137000"), (Position, "高级经理"), (Departments, "总部/市场部")]),
    ]);
    let groups = find_duplicates(&d, Profile::Wecom);
    let rows: Vec<_> = groups.iter().map(|g| g.rows.clone()).collect();
    assert_eq!(rows, vec![vec![2, 5], vec![3, 6], vec![4, 7]]);
    assert_eq!(groups[0].reasons, vec![ReasonKind::SameMobile, ReasonKind::SameName]);
    assert_eq!(groups[1].reasons, vec![ReasonKind::SameEmail, ReasonKind::SameName]);
    assert_eq!(groups[2].pairs[0].differs, vec![Position, Departments]);
    assert_eq!(groups[0].pairs[0].reasons[0].value, "8613800138000");
}

#[test]
fn same_name_alone_is_no_reason_but_name_and_department_is() {
    let d = dir(vec![
        person(2, &[(Name, "张伟"), (Departments, "总部/研发中心/平台组")]),
        person(3, &[(Name, "张伟"), (Departments, "总部/市场部")]),
        person(4, &[(Name, "張偉"), (Departments, "研发中心/平台组")]),
    ]);
    let groups = find_duplicates(&d, Profile::Wecom);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].rows, vec![2, 4]);
    assert_eq!(groups[0].reasons, vec![ReasonKind::SameNameDepartment]);
    assert_eq!(groups[0].score, 0.6);
}

#[test]
fn namesakes_with_their_own_mobiles_are_two_people() {
    let d = dir(vec![
        person(2, &[(Name, "张伟"), (Departments, "总部/销售部"), (Mobile, "13800138000")]),
        person(3, &[(Name, "张伟"), (Departments, "总部/销售部"), (Mobile, "13900139000")]),
        person(4, &[(Name, "张伟"), (Departments, "总部/销售部"), (Telephone, "010-88886666")]),
        person(5, &[(Name, "李娜"), (Telephone, "010-88886666"), (Userid, "lina")]),
        person(6, &[(Name, "李娜"), (Telephone, "010 8888 6666"), (Userid, "lina2")]),
    ]);
    // Rows 2 and 3: both have mobiles, and they differ. Row 4 has none: it may be either, and
    // joins both (a reviewer decides). Rows 5 and 6: accounts that differ.
    let groups = find_duplicates(&d, Profile::Wecom);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].rows, vec![2, 3, 4]);
    assert!(groups[0].pairs.iter().all(|p| p.rows != [2, 3]));
}

#[test]
fn accounts_compare_as_the_platform_does() {
    let d = dir(vec![
        person(2, &[(Name, "张三"), (Userid, "ZhangSan")]),
        person(3, &[(Name, "张三"), (Userid, "zhangsan")]),
    ]);
    assert_eq!(reasons(&d, Profile::Wecom)[0].1, vec![ReasonKind::SameUserid, ReasonKind::SameName]);
    // Feishu compares accounts as written: only the look-alike skeletons meet.
    assert_eq!(reasons(&d, Profile::Feishu)[0].1, vec![ReasonKind::LookalikeUserid, ReasonKind::SameName]);
}

#[test]
fn lookalike_addresses_and_lost_leading_zeros() {
    let d = dir(vec![
        person(2, &[(Name, "张三"), (Email, "zhangsl@corp.com")]),
        person(3, &[(Name, "张三"), (Email, "zhangs1@corp.com")]),
        person(4, &[(Name, "李四"), (EmployeeNo, "000123")]),
        person(5, &[(Name, "李四"), (EmployeeNo, "123")]),
    ]);
    let groups = find_duplicates(&d, Profile::Wecom);
    assert_eq!(groups[0].reasons, vec![ReasonKind::LookalikeEmail, ReasonKind::SameName]);
    assert_eq!(groups[0].pairs[0].reasons[0].value, "zhangsl@corp.com ≈ zhangs1@corp.com");
    assert_eq!(groups[1].reasons, vec![ReasonKind::SameEmployeeNo, ReasonKind::SameName]);
}

#[test]
fn a_shared_switchboard_number_is_not_evidence() {
    let mut people: Vec<Person> =
        (0..20).map(|i| person(i + 2, &[(Name, &format!("员工{i}")), (Mobile, "4008001234")])).collect();
    people.push(person(30, &[(Name, "张三"), (Mobile, "13800138000")]));
    people.push(person(31, &[(Name, "张三"), (Mobile, "138 0013 8000")]));
    let found = analyze(&dir(people), &DedupOptions::new(Profile::Generic));
    assert_eq!(found.groups.len(), 1);
    assert_eq!(found.groups[0].rows, vec![30, 31]);
    // 4008001234 is no mobile at all: nothing pairs on it. A real one shared by 20 rows is listed.
    let mut shared: Vec<Person> =
        (0..20).map(|i| person(i + 2, &[(Name, &format!("员工{i}")), (Mobile, "13800000000")])).collect();
    shared.push(person(40, &[(Name, "x")]));
    let found = analyze(&dir(shared), &DedupOptions::new(Profile::Generic));
    assert!(found.groups.is_empty());
    assert_eq!(found.common.len(), 1);
    assert_eq!((found.common[0].reason, found.common[0].count), (ReasonKind::SameMobile, 20));
    assert_eq!(found.common[0].rows, vec![2, 3, 4, 5, 6]);
}

#[test]
fn a_group_holds_at_its_weakest_link_and_marks_are_remembered() {
    let d = dir(vec![
        person(2, &[(Name, "张三"), (Mobile, "13800138000"), (Departments, "总部/研发部")]),
        person(3, &[(Name, "张三"), (Mobile, "+8613800138000")]),
        person(4, &[(Name, "张三"), (Departments, "研发部")]),
    ]);
    let groups = find_duplicates(&d, Profile::Wecom);
    assert_eq!(groups[0].rows, vec![2, 3, 4]);
    assert_eq!(groups[0].score, 0.6);
    let mut options = DedupOptions::new(Profile::Wecom);
    options.min_score = 0.9;
    assert_eq!(analyze(&d, &options).groups[0].rows, vec![2, 3]);
    options.min_score = 0.0;
    options.separate = vec![vec![2, 3]];
    assert_eq!(analyze(&d, &options).groups[0].rows, vec![2, 4]);
}

#[test]
fn the_order_of_rows_does_not_change_the_answer() {
    let people = vec![
        person(2, &[(Name, "张三"), (Mobile, "13800138000")]),
        person(3, &[(Name, "李四"), (Email, "ls@x.com")]),
        person(4, &[(Name, "张三"), (Mobile, "+86 13800138000")]),
        person(5, &[(Name, "李四"), (Email, "LS@x.com")]),
    ];
    let forward = find_duplicates(&dir(people.clone()), Profile::Wecom);
    let mut reversed = people;
    reversed.reverse();
    assert_eq!(find_duplicates(&dir(reversed), Profile::Wecom), forward);
}

#[test]
fn without_differences_the_groups_are_the_same_and_only_differs_is_empty() {
    // The app asks without them (Doc::duplicates): rows, reasons, scores and the pairs' shared
    // values must be what `minglu dedup` finds, on a directory with every kind of fault.
    use minglu::sample::{generate, to_xlsx, Layout, SampleOptions};
    let g = generate(&SampleOptions { rows: 3000, seed: 11, layout: Layout::Wecom, faults: 0.3 });
    let d = minglu::open(&to_xlsx(&g).unwrap(), &minglu::OpenOptions::default()).unwrap().directory;
    let with = analyze(&d, &DedupOptions::new(Profile::Wecom));
    let mut options = DedupOptions::new(Profile::Wecom);
    options.differences = false;
    let without = analyze(&d, &options);
    assert!(with.groups.len() > 100, "{} groups", with.groups.len());
    assert!(with.groups.iter().flat_map(|g| &g.pairs).any(|p| !p.differs.is_empty()), "some pairs differ");
    assert!(without.groups.iter().flat_map(|g| &g.pairs).all(|p| p.differs.is_empty()));
    let mut stripped = with.clone();
    stripped.groups.iter_mut().flat_map(|g| &mut g.pairs).for_each(|p| p.differs.clear());
    assert_eq!(without, stripped);
}
