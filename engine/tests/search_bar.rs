//! The search bar (issue #6): typing the pinyin initials of anyone's name finds them among the
//! first results — for every person of a generated 1,000-person directory, plus people with the
//! surnames read differently as surnames (单 Shàn, 曾 Zēng, 解 Xiè, 仇 Qiú, 朴 Piáo).
//!
//! The expected initials are not taken from the index: they come from the generator's own
//! pinyin. A sample account is the name's pinyin (`zhangwei`, `zhangwei2` for a namesake), so each
//! name is segmented against its account using the character table's readings and the surname
//! readings below; the segmentation that spells the account gives the initials.

use minglu::sample::{generate, to_sheet, Layout, SampleOptions};
use minglu::search::{MatchField, SearchIndex};
use minglu::{headers_of, map_columns, read::detect_header_row, Directory, Field, Person, Profile};
use pinyin::ToPinyinMulti;

/// The surname readings the generator's vocabulary uses that are not a character's first reading.
const SURNAME_READINGS: &[(char, &str)] =
    &[('单', "shan"), ('曾', "zeng"), ('解', "xie"), ('仇', "qiu"), ('朴', "piao")];

fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = SURNAME_READINGS.iter().filter(|(s, _)| *s == c).map(|(_, r)| r.to_string()).collect();
    if let Some(m) = c.to_pinyin_multi() {
        out.extend(m.into_iter().map(|p| p.plain().replace('ü', "v")));
    }
    out
}

/// The initials of `name` whose readings spell `spelled` (`张伟`, `zhangwei` → `zw`).
fn initials_spelling(name: &str, spelled: &str) -> Option<String> {
    fn walk(chars: &[char], rest: &str, acc: &mut String) -> bool {
        let Some((&c, tail)) = chars.split_first() else { return rest.is_empty() };
        for r in readings(c) {
            if let Some(next) = rest.strip_prefix(r.as_str()) {
                acc.push_str(&r[..1]);
                if walk(tail, next, acc) {
                    return true;
                }
                acc.pop();
            }
        }
        false
    }
    let chars: Vec<char> = name.chars().collect();
    let mut acc = String::new();
    walk(&chars, spelled, &mut acc).then_some(acc)
}

fn directory() -> Directory {
    let g = generate(&SampleOptions { rows: 1000, seed: 606, layout: Layout::Plain, faults: 0.0 });
    let sheet = to_sheet(&g);
    let header = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header), Profile::Wecom);
    let mut d = Directory::from_sheet(&sheet, header, &mapping);
    // Make sure every surname the design names is present, more than once, whatever the seed drew.
    for (i, (name, account)) in [
        ("单伟", "shanwei"),
        ("单丽华", "shanlihua"),
        ("曾静", "zengjing"),
        ("曾国强", "zengguoqiang"),
        ("解明", "xieming"),
        ("解晓燕", "xiexiaoyan"),
        ("仇华", "qiuhua"),
        ("仇子涵", "qiuzihan"),
        ("朴敏", "piaomin"),
        ("朴志峰", "piaozhifeng"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut p = Person { source_row: 2000 + i, ..Person::default() };
        p.fields.insert(Field::Name, name.to_string());
        p.fields.insert(Field::Userid, account.to_string());
        d.people.push(p);
    }
    d
}

#[test]
fn initials_find_everyone_among_the_first_results() {
    let d = directory();
    let index = SearchIndex::build(&d);
    let mut ranks: Vec<usize> = Vec::new();
    let mut special = 0;
    for (i, p) in d.people.iter().enumerate() {
        let name = p.get(Field::Name);
        let spelled = p.get(Field::Userid).trim_end_matches(|c: char| c.is_ascii_digit());
        let query = initials_spelling(name, spelled)
            .unwrap_or_else(|| panic!("row {}: {name} cannot spell its account {spelled}", p.source_row));
        if SURNAME_READINGS.iter().any(|(s, _)| name.starts_with(*s)) {
            special += 1;
        }
        let hits = index.search(&query, 1000);
        let rank = hits.iter().position(|h| h.person == i).unwrap_or_else(|| panic!("{name} ({query}) not found"));
        let hit = &hits[rank];
        assert_eq!(hit.field, MatchField::Initials, "{name} ({query}): {hit:?}");
        assert_eq!(hit.matched, query, "{name}: an exact initials match");
        // Only people whose initials are exactly the query (ties) rank above: nobody with a
        // weaker match, e.g. a longer name merely starting with those initials.
        for above in &hits[..rank] {
            assert!(above.score >= hit.score, "{name} ({query}): {above:?} above {hit:?}");
            assert_eq!(above.matched.len(), query.len(), "{name} ({query}): {above:?} above");
        }
        ranks.push(rank + 1);
    }
    assert!(special >= 10, "the special surnames are in the test");

    let n = ranks.len();
    let within = |k: usize| ranks.iter().filter(|&&r| r <= k).count();
    let worst = *ranks.iter().max().unwrap_or(&0);
    eprintln!(
        "{n} people: first {} ({:.1}%), top 3 {} ({:.1}%), top 10 {} ({:.1}%), top 20 {} ({:.1}%), worst rank {worst}",
        within(1),
        100.0 * within(1) as f64 / n as f64,
        within(3),
        100.0 * within(3) as f64 / n as f64,
        within(10),
        100.0 * within(10) as f64 / n as f64,
        within(20),
        100.0 * within(20) as f64 / n as f64,
    );
    // Measured on this seed (1,010 people): 74% first, 94.7% in the top 3, 99.9% in the top 10,
    // everyone in the top 20 (worst rank 11). Ties among people with identical initials are
    // broken by file order, so the worst rank is the size of the largest group sharing initials;
    // the bounds assert what the ranking guarantees here, not hopes.
    assert_eq!(within(20), n, "everyone within the first 20 (worst rank {worst})");
    assert!(within(10) * 100 >= n * 99, "99% within the first 10");
    assert!(within(3) * 100 >= n * 90, "90% within the first 3");
}

#[test]
fn the_special_surnames_are_found_by_their_surname_initials_first() {
    let d = directory();
    let index = SearchIndex::build(&d);
    for (query, name) in [("sw", "单伟"), ("zj", "曾静"), ("xm", "解明"), ("qh", "仇华"), ("pm", "朴敏")] {
        let hits = index.search(query, 50);
        let hit = hits.iter().find(|h| h.name == name).unwrap_or_else(|| panic!("{name} not found by {query}"));
        assert_eq!(hit.field, MatchField::Initials);
        assert_eq!(hit.score, 900, "{name}: the primary (surname) reading, no alternate penalty");
    }
    // And under their letters in the A–Z index.
    for (letter, name) in [('S', "单伟"), ('Z', "曾静"), ('X', "解明"), ('Q', "仇华"), ('P', "朴敏")] {
        assert!(index.letter(letter).iter().any(|&i| d.people[i].get(Field::Name) == name), "{name} under {letter}");
    }
    // The full surname pinyin finds them too.
    for (query, name) in
        [("shanwei", "单伟"), ("zengjing", "曾静"), ("xieming", "解明"), ("qiuhua", "仇华"), ("piaomin", "朴敏")]
    {
        assert_eq!(index.search(query, 5).first().map(|h| h.name.as_str()), Some(name), "{query}");
    }
}

#[test]
fn a_to_z_index_covers_everyone_once_in_order() {
    let d = directory();
    let index = SearchIndex::build(&d);
    let groups = index.surname_index();
    let letters: Vec<char> = groups.iter().map(|g| g.letter).collect();
    let mut sorted = letters.clone();
    sorted.sort_by_key(|&c| if c == '#' { '[' } else { c });
    assert_eq!(letters, sorted);
    let mut all: Vec<usize> = groups.iter().flat_map(|g| g.people.iter().copied()).collect();
    all.sort_unstable();
    assert_eq!(all, (0..d.people.len()).collect::<Vec<_>>());
}
