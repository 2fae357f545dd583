use super::*;

fn person(row: usize, fields: &[(Field, &str)], departments: &[&str]) -> Person {
    let mut p = Person { source_row: row, ..Person::default() };
    for (f, v) in fields {
        p.fields.insert(*f, v.to_string());
    }
    p.departments = departments.iter().map(|d| d.split('/').map(String::from).collect()).collect();
    p
}

fn directory() -> Directory {
    let people = vec![
        person(
            2,
            &[(Field::Name, "张经理"), (Field::Userid, "zhangjl"), (Field::Mobile, "13800138000")],
            &["总部/销售部"],
        ),
        person(
            3,
            &[(Field::Name, "张杰"), (Field::Userid, "zhangjie"), (Field::Mobile, "139-0013-9000")],
            &["总部/研发部"],
        ),
        person(4, &[(Field::Name, "单伟"), (Field::Email, "ShanWei@Example.com")], &["总部/研发部/平台组"]),
        person(5, &[(Field::Name, "丹薇"), (Field::Mobile, "+852 5912 3456")], &["总部/香港分公司"]),
        person(6, &[(Field::Name, "曾静"), (Field::EmployeeNo, "000123"), (Field::Alias, "Grace")], &[]),
        person(7, &[(Field::Name, "解明"), (Field::Telephone, "010-61234567")], &["总部/研发部"]),
        person(8, &[(Field::Name, "仇华")], &[]),
        person(9, &[(Field::Name, "朴敏")], &[]),
        person(10, &[(Field::Name, "吕芳")], &[]),
        person(11, &[(Field::Name, "")], &[]),
    ];
    Directory { people, extra_headers: Vec::new() }
}

fn names(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.name.as_str()).collect()
}

#[test]
fn initials_find_the_design_example() {
    let index = SearchIndex::build(&directory());
    let hits = index.search("zjl", 10);
    assert_eq!(names(&hits), ["张经理"]);
    assert_eq!(hits[0].field, MatchField::Initials);
    assert_eq!(hits[0].matched, "zjl");
    assert_eq!(hits[0].row, 2);
    assert_eq!(hits[0].person, 0);
    // `zj`: 张杰 and 曾静 exactly (initials zj), then 张经理 by prefix.
    let hits = index.search("zj", 10);
    assert_eq!(names(&hits)[2], "张经理", "{hits:?}");
    assert!(names(&hits)[..2].contains(&"张杰") && names(&hits)[..2].contains(&"曾静"), "{hits:?}");
}

#[test]
fn surname_readings_rank_above_other_readings() {
    let index = SearchIndex::build(&directory());
    for (q, name) in [("sw", "单伟"), ("zj", "曾静"), ("xm", "解明"), ("qh", "仇华"), ("pm", "朴敏")] {
        assert!(names(&index.search(q, 3)).contains(&name), "{q} → {name}");
    }
    assert_eq!(names(&index.search("shanwei", 5)), ["单伟"]);
    // `dw` is 丹薇's primary reading and 单伟's alternate: 丹薇 first, 单伟 still found.
    let hits = index.search("dw", 5);
    assert_eq!(names(&hits), ["丹薇", "单伟"]);
    assert_eq!(hits[0].score - hits[1].score, ALTERNATE_PENALTY);
    assert_eq!(names(&index.search("lvfang", 5)), ["吕芳"]);
    assert_eq!(names(&index.search("lufang", 5)), ["吕芳"]);
}

#[test]
fn ranking_exact_name_then_prefixes_then_substrings() {
    let index = SearchIndex::build(&directory());
    let hits = index.search("张杰", 10);
    assert_eq!(names(&hits), ["张杰"]);
    assert_eq!((hits[0].field, hits[0].score), (MatchField::Name, 1000));
    let hits = index.search("张", 10);
    assert_eq!(names(&hits), ["张杰", "张经理"], "shorter name first within the prefix tier");
    // `zhang`: the pinyin prefix of both, and the account prefix; pinyin ranks above the account.
    let hits = index.search("zhang", 10);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h.field == MatchField::Pinyin), "{hits:?}");
    // A given-name search is a substring of the pinyin.
    let hits = index.search("jingli", 10);
    assert_eq!((names(&hits), hits[0].field), (vec!["张经理"], MatchField::Pinyin));
    assert_eq!(hits[0].score, score(MatchField::Pinyin, How::Substring));
    assert_eq!(names(&index.search("经理", 10)), ["张经理"]);
}

#[test]
fn phones_accounts_emails_and_numbers() {
    let index = SearchIndex::build(&directory());
    let hits = index.search("0013", 10);
    assert_eq!(names(&hits), ["张经理", "张杰"]);
    assert!(hits.iter().all(|h| h.field == MatchField::Phone));
    let hits = index.search("139 0013 9000", 10);
    assert_eq!((names(&hits), hits[0].score), (vec!["张杰"], 950));
    assert_eq!(names(&index.search("+86 138-0013-8000", 10)), ["张经理"]);
    assert_eq!(names(&index.search("5912", 10)), ["丹薇"]);
    assert_eq!(names(&index.search("852", 10)), ["丹薇"]);
    assert_eq!(names(&index.search("61234567", 10)), ["解明"]);
    let hits = index.search("shanwei@example.com", 10);
    assert_eq!((names(&hits), hits[0].field), (vec!["单伟"], MatchField::Email));
    let hits = index.search("000123", 10);
    assert_eq!((names(&hits), hits[0].field), (vec!["曾静"], MatchField::EmployeeNo));
    let hits = index.search("grace", 10);
    assert_eq!((names(&hits), hits[0].field), (vec!["曾静"], MatchField::Alias));
    let hits = index.search("ZHANGJL", 10);
    assert_eq!(names(&hits), ["张经理"]);
}

#[test]
fn departments_come_last_and_match_whole_teams() {
    let index = SearchIndex::build(&directory());
    let hits = index.search("研发部", 10);
    assert_eq!(names(&hits), ["张杰", "解明", "单伟"]);
    assert!(hits.iter().all(|h| h.field == MatchField::Department));
    // Same score; the shorter path (the department's own members) before its sub-teams'.
    assert_eq!(hits[2].matched, "总部/研发部/平台组");
}

#[test]
fn limits_and_empty_queries() {
    let index = SearchIndex::build(&directory());
    assert!(index.search("", 10).is_empty());
    assert!(index.search("   ", 10).is_empty());
    assert!(index.search("zjl", 0).is_empty());
    assert_eq!(index.search("z", 2).len(), 2);
    assert!(index.search("qqqqq", 10).is_empty());
    assert!(SearchIndex::build(&Directory::default()).search("a", 10).is_empty());
    // Odd input never panics.
    for q in ["\n", "\u{200B}", "💡", "+", "-", "()", "a\nb", "张\n"] {
        let _ = index.search(q, 10);
    }
}

#[test]
fn the_a_to_z_index_alone_is_the_search_index_s() {
    // The worker shows the A–Z bar of a big directory before (or without) its search index.
    let d = directory();
    assert_eq!(super::surname_index(&d), SearchIndex::build(&d).surname_index());
    assert!(super::surname_index(&Directory::default()).is_empty());
}

#[test]
fn a_to_z_index_uses_surname_readings() {
    let d = directory();
    let index = SearchIndex::build(&d);
    let letters: Vec<char> = index.surname_index().iter().map(|g| g.letter).collect();
    assert_eq!(letters, ['D', 'L', 'P', 'Q', 'S', 'X', 'Z', '#']);
    let name = |i: usize| d.people[i].get(Field::Name);
    assert_eq!(index.letter('s').iter().map(|&i| name(i)).collect::<Vec<_>>(), ["单伟"]);
    assert_eq!(index.letter('Z').iter().map(|&i| name(i)).collect::<Vec<_>>(), ["曾静", "张杰", "张经理"]);
    assert_eq!(index.letter('#').len(), 1);
    assert!(index.letter('K').is_empty());
    let total: usize = index.surname_index().iter().map(|g| g.people.len()).sum();
    assert_eq!(total, d.people.len());
}

#[test]
fn score_tiers_do_not_overlap() {
    use How::*;
    use MatchField::*;
    let fields = [Name, Initials, Pinyin, Account, EmployeeNo, Email, Phone, Alias];
    let exact_min = fields.iter().map(|&f| score(f, Exact) - ALTERNATE_PENALTY).min().unwrap();
    let prefix_max = fields.iter().map(|&f| score(f, Prefix)).max().unwrap();
    let prefix_min = fields.iter().map(|&f| score(f, Prefix) - ALTERNATE_PENALTY).min().unwrap();
    let substring_max = fields.iter().map(|&f| score(f, Substring)).max().unwrap();
    let substring_min = fields.iter().map(|&f| score(f, Substring)).min().unwrap();
    assert!(exact_min > prefix_max && prefix_min > substring_max);
    assert!(substring_min > score(Department, Exact));
    // The prefix pass visits fields in this order: each field's range (with the penalty for the
    // pinyin fields) lies above the next one's.
    let order = [Name, Initials, Pinyin, Account, Email, Alias, Phone, EmployeeNo];
    for w in order.windows(2) {
        let low = score(w[0], Prefix) - if matches!(w[0], Initials | Pinyin) { ALTERNATE_PENALTY } else { 0 };
        assert!(low > score(w[1], Prefix), "{w:?}");
    }
}

#[test]
fn huge_prefix_runs_keep_the_best() {
    // 300 people whose initials start with `z`: a limit of 3 reads only the best of the run.
    let people: Vec<Person> = (0..300)
        .map(|i| {
            let name = if i % 100 == 99 {
                "赵"
            } else if i % 2 == 0 {
                "张三丰"
            } else {
                "周杰"
            };
            person(i + 2, &[(Field::Name, name), (Field::Mobile, &format!("1380000{i:04}"))], &[])
        })
        .collect();
    let index = SearchIndex::build(&Directory { people, extra_headers: Vec::new() });
    // 赵 (initials `z`, exact) first, then the shorter `zj` ones in file order.
    let hits = index.search("z", 3);
    assert_eq!(names(&hits), ["赵", "赵", "赵"]);
    let hits = index.search("z", 5);
    assert_eq!(names(&hits), ["赵", "赵", "赵", "周杰", "周杰"]);
    assert_eq!((hits[3].person, hits[4].person), (1, 3));
    let hits = index.search("1", 4);
    assert_eq!(hits.iter().map(|h| h.person).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert!(hits.iter().all(|h| h.field == MatchField::Phone));
}

#[test]
fn values_borrowed_as_folded_are_what_folding_gives() {
    // `fold` lends a value it judges folded already; each of these must fold to itself exactly
    // when it is lent (ideographs of both blocks, ASCII, and the characters that do fold: the
    // ideographic space, full-width forms, capitals, a zero-width space, a middle dot).
    let folded = |s: &str| -> String {
        fold_width(&clean_whitespace(s)).chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
    };
    for s in [
        "张伟", "㐀㒵", "zhang.wei@example.com", "13800138000", "张　伟", "ＡＢＣ", "Zhang", "张\u{200b}伟", "阿卜杜·热合曼",
        "李 雷", "鿿一", "〇", "ß", "",
    ] {
        let got = fold(s);
        assert_eq!(got, folded(s), "{s:?}");
        if matches!(got, Cow::Borrowed(_)) {
            assert_eq!(s, folded(s), "{s:?} is lent but folds to something else");
        }
    }
    assert!(matches!(fold("张伟"), Cow::Borrowed(_)), "a plain name is lent, not copied");
}
