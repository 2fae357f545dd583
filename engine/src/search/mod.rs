//! Search: find anyone by name, pinyin (full or initials: `zjl` → 张经理), account, phone
//! fragment, e-mail or department, ranked; and the A–Z surname index of a contact list.
//!
//! ```
//! use minglu::search::{MatchField, SearchIndex};
//! let csv = "姓名,帐号,手机,部门\n张经理,zhangjl,13800138000,总部/销售部\n单伟,shanw,13900139000,总部/研发部\n";
//! let opened = minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap();
//! let index = SearchIndex::build(&opened.directory);
//! let hits = index.search("zjl", 10);
//! assert_eq!(hits[0].name, "张经理");
//! assert_eq!(hits[0].field, MatchField::Initials);
//! assert_eq!(index.search("sw", 10)[0].name, "单伟"); // 单 as a surname is Shàn
//! assert_eq!(index.search("0013", 10)[0].field, MatchField::Phone);
//! ```
//!
//! # How it is fast enough per keystroke
//!
//! Every searchable value is an *entry* in its field's column (see `column.rs`): sorted by text
//! for exact and prefix lookups, with a small signature per entry for substring scans. A query
//! runs in tiers whose scores do not overlap, and stops as soon as a tier has given `limit`
//! people, because nothing later can outrank them:
//! 1. exact matches in every field the query can be (two binary searches per field);
//! 2. prefix matches, best field first; a run too long to matter whole (`z`, `1` against mobiles)
//!    yields only its best entries, found by walking the column in rank order;
//! 3. substrings, best field first, in file order with the signature filter (digits never scan
//!    names, letters never scan Hanzi names or employee numbers);
//! 4. departments, over the distinct department paths (a directory has few), members offered
//!    whole.
//!
//! The benchmark (`benches/search.rs`) builds the index for 100,000 people and runs every kind of
//! query; see docs/reconcile.md for the figures.
//!
//! # Ranking
//!
//! Higher scores first; within a score, the shorter matched value (closer to exact), then the
//! file order. A person appears once, with their best match. See [`score`] for the table:
//! exact name > exact account/phone/e-mail/employee number > exact initials > exact pinyin >
//! exact alias > name prefix > initials prefix > pinyin prefix > account, e-mail, alias, phone and
//! employee-number prefixes > substrings > departments. A match on a polyphonic character's
//! non-primary reading scores [`ALTERNATE_PENALTY`] less.

mod column;
mod letters;
mod pinyin;
mod surnames;

pub use letters::{people_under, surname_index, SurnameGroup};

use column::Column;

use crate::normalize::phone::{parse_mobile, Mobile};
use crate::normalize::text::{clean_whitespace, fold_width, is_cjk};
use crate::validate::FastMap;
use crate::{Directory, Field, Person};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The field a hit matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchField {
    Name,
    /// Pinyin initials (`zjl`).
    Initials,
    /// Full pinyin (`zhangjingli`).
    Pinyin,
    Account,
    EmployeeNo,
    /// Personal or enterprise e-mail.
    Email,
    /// Mobile, landline or extension digits.
    Phone,
    /// Alias or English name.
    Alias,
    Department,
}

impl MatchField {
    const ALL: [MatchField; 9] = [
        MatchField::Name,
        MatchField::Initials,
        MatchField::Pinyin,
        MatchField::Account,
        MatchField::EmployeeNo,
        MatchField::Email,
        MatchField::Phone,
        MatchField::Alias,
        MatchField::Department,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MatchField::Name => "name",
            MatchField::Initials => "initials",
            MatchField::Pinyin => "pinyin",
            MatchField::Account => "account",
            MatchField::EmployeeNo => "employee_no",
            MatchField::Email => "email",
            MatchField::Phone => "phone",
            MatchField::Alias => "alias",
            MatchField::Department => "department",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            MatchField::Name => "姓名",
            MatchField::Initials => "拼音首字母",
            MatchField::Pinyin => "全拼",
            MatchField::Account => "账号",
            MatchField::EmployeeNo => "工号",
            MatchField::Email => "邮箱",
            MatchField::Phone => "电话",
            MatchField::Alias => "别名",
            MatchField::Department => "部门",
        }
    }
}

/// How a value matched the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Exact,
    Prefix,
    Substring,
}

/// Points lost by a match on a polyphonic character's non-primary reading (单伟 as `danwei`).
pub const ALTERNATE_PENALTY: u32 = 15;

/// The score of a match: the ranking table (higher first). The tiers are disjoint — every exact
/// match (≥ 860) beats every prefix (≤ 800), every prefix beats every substring (≤ 400), every
/// substring beats every department match (≤ 220) — and within the prefix tier the fields'
/// scores (with the alternate penalty) do not overlap either: the early stops of
/// [`SearchIndex::search`] rely on it, and a test checks it.
pub fn score(field: MatchField, how: How) -> u32 {
    use How::*;
    use MatchField::*;
    match (field, how) {
        (Name, Exact) => 1000,
        (Account | EmployeeNo | Email | Phone, Exact) => 950,
        (Initials, Exact) => 900,
        (Pinyin, Exact) => 880,
        (Alias, Exact) => 860,
        (Name, Prefix) => 800,
        (Initials, Prefix) => 700,
        (Pinyin, Prefix) => 650,
        (Account, Prefix) => 600,
        (Email, Prefix) => 580,
        (Alias, Prefix) => 560,
        (Phone, Prefix) => 550,
        (EmployeeNo, Prefix) => 540,
        (Name, Substring) => 400,
        (Pinyin, Substring) => 350,
        (Account, Substring) => 320,
        (Initials, Substring) => 300,
        (Email, Substring) => 280,
        (Phone, Substring) => 260,
        (EmployeeNo, Substring) => 250,
        (Alias, Substring) => 240,
        (Department, Exact) => 220,
        (Department, Prefix) => 200,
        (Department, Substring) => 150,
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// Index into `Directory::people`.
    pub person: usize,
    /// The person's 1-based source row.
    pub row: usize,
    pub score: u32,
    /// The field of the best match.
    pub field: MatchField,
    /// The value that matched, as indexed (lower case, without spaces; digits for phones).
    pub matched: String,
    /// The person's name, for display.
    pub name: String,
}

/// At most this many entries per person in one column (pinyin and initials spellings; the other
/// columns hold at most four: two e-mails, mobile with and without country code, landline,
/// extension). A prefix run longer than `limit × MAX_PER_PERSON` entries therefore holds at least
/// `limit` people, which lets a query keep only the best of a huge run.
const MAX_PER_PERSON: usize = pinyin::MAX_SPELLINGS;

/// Departments: the distinct paths (a directory has few) and their members.
#[derive(Debug, Clone, Default)]
struct Departments {
    paths: Vec<String>,
    members: Vec<Vec<u32>>,
}

/// The search index over a directory. Build once per directory; query per keystroke.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    rows: Vec<usize>,
    /// The people's names end to end, for the hits (`name_ends[i]` ends person `i`'s): one
    /// allocation, not a `String` per person (~28 bytes each in wasm with the allocator's).
    names: String,
    name_ends: Vec<u32>,
    /// One per [`MatchField`] (the department slot stays empty: see `departments`).
    columns: Vec<Column>,
    departments: Departments,
    letters: Vec<SurnameGroup>,
}

/// The form values and queries are compared in: whitespace (every kind) removed, full-width
/// folded, lower case.
fn fold(s: &str) -> Cow<'_, str> {
    // Most values are folded already: borrowed, as every value of the directory goes through
    // here when the index is built. Accounts, e-mails and numbers are plain lower-case ASCII;
    // names are ideographs, which have no case and are neither whitespace nor full-width forms.
    let plain = |c: char| match c {
        ' '..='~' => c.is_ascii_graphic() && !c.is_ascii_uppercase(),
        _ => matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'),
    };
    if s.bytes().all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase()) || s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(fold_width(&clean_whitespace(s)).chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect())
}

/// Digits of a phone-like value.
fn digits(s: &str) -> String {
    fold_width(s).chars().filter(char::is_ascii_digit).collect()
}

/// Mobile digits as indexed: the national number, and for numbers outside the mainland also
/// with the country code (`85259123456`). (A plain mainland number is indexed as it is, without
/// coming here: see [`plain_mainland_mobile`].)
fn mobile_entries(raw: &str) -> Vec<String> {
    match parse_mobile(raw) {
        Mobile::Valid(p) | Mobile::UnknownPrefix(p) if p.is_mainland() => vec![p.national],
        Mobile::Valid(p) | Mobile::UnknownPrefix(p) => vec![p.national.clone(), p.e164_digits()],
        _ => vec![digits(raw)],
    }
}

/// A cell that is a plain mainland mobile number (most are): indexed as it is, without the parser.
fn plain_mainland_mobile(raw: &str) -> bool {
    raw.len() == 11 && raw.starts_with('1') && raw.bytes().all(|b| b.is_ascii_digit())
}

impl SearchIndex {
    /// Index every person of `directory`.
    pub fn build(directory: &Directory) -> SearchIndex {
        let mut columns: Vec<Column> = MatchField::ALL.iter().map(|&f| Column::new(f == MatchField::Email)).collect();
        let mut departments = Departments::default();
        let mut dept_ids: FastMap<&[String], usize> = FastMap::default();
        let mut by_text: FastMap<String, usize> = FastMap::default();
        let mut letters = letters::Letters::with_capacity(directory.people.len());
        let mut speller = pinyin::Speller::default();
        let names_len = reserve(&mut columns, directory);
        for (i, person) in directory.people.iter().enumerate() {
            let col = |f: MatchField| f as usize;
            let name = person.get(Field::Name);
            columns[col(MatchField::Name)].push(i, &fold(name), false);
            speller.read(name);
            let letter = speller.index_letter();
            let mut full = speller.full();
            let primary = full.next().unwrap_or(""); // (an empty entry is not pushed)
            letters.push(name, letter, primary);
            columns[col(MatchField::Pinyin)].push(i, primary, false);
            for s in full {
                columns[col(MatchField::Pinyin)].push(i, s, true);
            }
            for (k, s) in speller.initials().enumerate() {
                columns[col(MatchField::Initials)].push(i, s, k > 0);
            }
            index_fields(&mut columns, i, person);
            for path in &person.departments {
                // Keyed by the path as read (no allocation); paths folding to the same text share
                // one entry through `by_text`.
                let id = match dept_ids.get(path.as_slice()) {
                    Some(&id) => id,
                    None => {
                        let text = fold(&path.join("/")).into_owned();
                        let id = *by_text.entry(text).or_insert_with_key(|k| {
                            departments.paths.push(k.clone());
                            departments.members.push(Vec::new());
                            departments.paths.len() - 1
                        });
                        dept_ids.insert(path.as_slice(), id);
                        id
                    }
                };
                if departments.members[id].last() != Some(&(i as u32)) {
                    departments.members[id].push(i as u32);
                }
            }
        }
        columns.iter_mut().for_each(Column::finish);
        // The names for the hits, in one pass; allocated after the sorts' transients are freed
        // (at 1M people, before them they added 13 MB to the worker's high-water mark).
        let mut names = String::with_capacity(names_len);
        let name_ends = directory
            .people
            .iter()
            .map(|p| {
                names.push_str(p.get(Field::Name));
                names.len() as u32
            })
            .collect();

        let letters = letters.finish();
        SearchIndex {
            rows: directory.people.iter().map(|p| p.source_row).collect(),
            names,
            name_ends,
            columns,
            departments,
            letters,
        }
    }

    /// Person `i`'s name as read.
    fn name(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.name_ends[p] as usize);
        &self.names[start..self.name_ends[i] as usize]
    }

    /// Number of people indexed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The A–Z surname index: letters in order (`#` last), only letters that have people.
    pub fn surname_index(&self) -> &[SurnameGroup] {
        &self.letters
    }

    /// The people under one letter of the A–Z index (case-insensitive; `#` for the rest).
    pub fn letter(&self, letter: char) -> &[usize] {
        people_under(&self.letters, letter)
    }

    /// The best `limit` people for `query`, best first (see the module docs for the ranking).
    /// An empty query finds nobody.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = fold(query);
        if q.is_empty() || limit == 0 || self.rows.is_empty() {
            return Vec::new();
        }
        let has_cjk = q.chars().any(is_cjk);
        let letters_only = q.bytes().all(|b| b.is_ascii_lowercase());
        let phone_like = q.bytes().any(|b| b.is_ascii_digit()) && q.bytes().all(|b| b"0123456789+-().".contains(&b));
        let phone_q = if phone_like { phone_query(query) } else { String::new() };

        // (field, the query as that field is matched, scanned for substrings), in descending
        // order of prefix score.
        use MatchField::*;
        let mut plan: Vec<(MatchField, &str, bool)> = vec![(Name, &q, has_cjk || letters_only)];
        if letters_only {
            plan.push((Initials, &q, q.len() >= 2));
            plan.push((Pinyin, &q, q.len() >= 2));
        }
        if !has_cjk {
            plan.push((Account, &q, true));
            plan.push((Email, &q, true));
            plan.push((Alias, &q, letters_only));
        }
        if !phone_q.is_empty() {
            plan.push((Phone, &phone_q, phone_q.len() >= 3));
        }
        if !has_cjk {
            plan.push((EmployeeNo, &q, true));
        }

        let mut best = Best::new(self.rows.len());
        for &(field, text, _) in &plan {
            let column = &self.columns[field as usize];
            for e in column.exact(text) {
                best.offer(rank(column, field, e, How::Exact), column.owner(e), field, e);
            }
        }
        // Prefix runs, best field first; a run too long to matter whole is cut to its best
        // entries (it then holds at least `limit` people, so the query ends after it).
        let keep = limit.saturating_mul(MAX_PER_PERSON);
        for &(field, text, _) in &plan {
            if best.people() >= limit {
                break;
            }
            let column = &self.columns[field as usize];
            let run = column.with_prefix(text);
            let how = |e: u32| if column.len_of(e) == text.len() { How::Exact } else { How::Prefix };
            for e in column.best_of_run(text, run, keep) {
                best.offer(rank(column, field, e, how(e)), column.owner(e), field, e);
            }
        }
        // Substrings, best field first, each column in file order: ties within this tier go to
        // file order, so the scan stops as soon as `limit` people are found.
        let mut substring: Vec<&(MatchField, &str, bool)> = plan.iter().filter(|p| p.2).collect();
        substring.sort_by_key(|p| std::cmp::Reverse(score(p.0, How::Substring)));
        for &&(field, text, _) in &substring {
            if best.people() >= limit {
                break;
            }
            let column = &self.columns[field as usize];
            column.containing(text, |e| {
                let r = penalized(column, e, score(field, How::Substring)) << 16;
                best.offer(r, column.owner(e), field, e);
                best.people() < limit
            });
        }
        if best.people() < limit {
            self.search_departments(&q, limit, &mut best);
        }
        best.top(limit)
            .into_iter()
            .map(|(person, slot)| {
                let field = MatchField::ALL[slot.field as usize];
                let matched = if field == Department {
                    self.departments.paths[slot.entry as usize].clone()
                } else {
                    self.columns[field as usize].entry(slot.entry).to_string()
                };
                Hit {
                    person,
                    row: self.rows[person],
                    score: slot.rank >> 16,
                    field,
                    matched,
                    name: self.name(person).to_string(),
                }
            })
            .collect()
    }

    /// Departments last: a match offers every member, the shorter (higher) department first.
    fn search_departments(&self, q: &str, limit: usize, best: &mut Best) {
        let d = &self.departments;
        let mut matched: Vec<(u32, u32)> = d
            .paths
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let how = if p == q {
                    How::Exact
                } else if p.starts_with(q) {
                    How::Prefix
                } else if p.contains(q) {
                    How::Substring
                } else {
                    return None;
                };
                let len = p.len().min(0xFFFF) as u32;
                Some((score(MatchField::Department, how) << 16 | (0xFFFF - len), i as u32))
            })
            .collect();
        matched.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for group in matched.chunk_by(|a, b| a.0 == b.0) {
            if best.people() >= limit {
                break;
            }
            for &(r, path) in group {
                for &person in &d.members[path as usize] {
                    best.offer(r, person, MatchField::Department, path);
                }
            }
        }
    }
}

/// A score after the alternate-reading penalty.
fn penalized(column: &Column, e: u32, score: u32) -> u32 {
    if column.is_alternate(e) {
        score - ALTERNATE_PENALTY
    } else {
        score
    }
}

/// score << 16 | (0xFFFF − matched length): one comparison ranks by score, then shorter value.
fn rank(column: &Column, field: MatchField, e: u32, how: How) -> u32 {
    let len = column.len_of(e).min(0xFFFF) as u32;
    penalized(column, e, score(field, how)) << 16 | (0xFFFF - len)
}

/// The digits a phone-like query is matched with: a whole mobile as indexed (`+86 138-0013-8000`
/// → `13800138000`), anything else as its digits.
fn phone_query(query: &str) -> String {
    match parse_mobile(query) {
        Mobile::Valid(p) | Mobile::UnknownPrefix(p) if p.is_mainland() => p.national,
        Mobile::Valid(p) | Mobile::UnknownPrefix(p) => p.e164_digits(),
        _ => digits(query),
    }
}

/// Room in every column for what `build` will push, from the fields' sizes: lists grown by
/// doubling held up to twice their contents, and both the old and the new buffer while growing
/// (at 1M people the index's growth set the worker's high-water mark). Pinyin is counted at most
/// six letters per Hanzi (three bytes), with a quarter more for polyphonic alternates; a value
/// that folds shorter only leaves room unused, which `Column::finish` gives back. Returns the size
/// of the names, which the index also keeps end to end.
fn reserve(columns: &mut [Column], directory: &Directory) -> usize {
    let mut want = [(0usize, 0usize); MatchField::ALL.len()];
    let mut names = 0;
    for p in &directory.people {
        let mut add = |f: MatchField, entries: usize, bytes: usize| {
            if bytes > 0 {
                want[f as usize].0 += entries;
                want[f as usize].1 += bytes + entries;
            }
        };
        let name = p.get(Field::Name).len();
        names += name;
        add(MatchField::Name, 1, name);
        add(MatchField::Pinyin, 1, name * 2);
        add(MatchField::Initials, 1, name.div_ceil(2));
        add(MatchField::Account, 1, p.get(Field::Userid).len());
        add(MatchField::EmployeeNo, 1, p.get(Field::EmployeeNo).len());
        for f in [Field::Email, Field::EnterpriseEmail] {
            add(MatchField::Email, 1, p.get(f).len());
        }
        for f in [Field::Alias, Field::EnglishName] {
            add(MatchField::Alias, 1, p.get(f).len());
        }
        add(MatchField::Phone, 2, p.get(Field::Mobile).len() * 2);
        for f in [Field::Telephone, Field::Extension] {
            add(MatchField::Phone, 1, p.get(f).len());
        }
    }
    for f in [MatchField::Pinyin, MatchField::Initials] {
        let (entries, bytes) = &mut want[f as usize];
        *entries += *entries / 4;
        *bytes += *bytes / 4;
    }
    for (column, (entries, bytes)) in columns.iter_mut().zip(want) {
        column.reserve(entries, bytes);
    }
    names
}

/// The fields behind each column; [`reserve`] sizes the columns from the same fields, so the two
/// change together (a field missing there only costs a column's growth, never a hit).
fn index_fields(columns: &mut [Column], i: usize, person: &Person) {
    let mut push = |f: MatchField, v: &str| columns[f as usize].push(i, v, false);
    push(MatchField::Account, &fold(person.get(Field::Userid)));
    push(MatchField::EmployeeNo, &fold(person.get(Field::EmployeeNo)));
    for f in [Field::Email, Field::EnterpriseEmail] {
        push(MatchField::Email, &fold(person.get(f)));
    }
    for f in [Field::Alias, Field::EnglishName] {
        push(MatchField::Alias, &fold(person.get(f)));
    }
    let mobile = person.get(Field::Mobile);
    if plain_mainland_mobile(mobile) {
        push(MatchField::Phone, mobile);
    } else if !mobile.trim().is_empty() {
        for m in mobile_entries(mobile) {
            push(MatchField::Phone, &m);
        }
    }
    for f in [Field::Telephone, Field::Extension] {
        push(MatchField::Phone, &digits(person.get(f)));
    }
}

/// The best match per person while a query runs: one slot per person (no hashing) and the list
/// of people touched.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// See [`rank`]; 0 for a person not matched yet.
    rank: u32,
    /// Index into `MatchField::ALL`.
    field: u8,
    /// The matched entry of the field's column (a path index for departments).
    entry: u32,
}

struct Best {
    slots: Vec<Slot>,
    touched: Vec<u32>,
}

impl Best {
    fn new(n: usize) -> Best {
        Best { slots: vec![Slot::default(); n], touched: Vec::new() }
    }

    fn people(&self) -> usize {
        self.touched.len()
    }

    fn offer(&mut self, rank: u32, person: u32, field: MatchField, entry: u32) {
        let slot = &mut self.slots[person as usize];
        if slot.rank == 0 {
            self.touched.push(person);
        }
        if rank > slot.rank {
            *slot = Slot { rank, field: field as u8, entry };
        }
    }

    fn top(mut self, limit: usize) -> Vec<(usize, Slot)> {
        let slots = &self.slots;
        let order = |a: &u32, b: &u32| slots[*b as usize].rank.cmp(&slots[*a as usize].rank).then(a.cmp(b));
        if self.touched.len() > limit {
            self.touched.select_nth_unstable_by(limit - 1, order);
            self.touched.truncate(limit);
        }
        self.touched.sort_unstable_by(order);
        self.touched.iter().map(|&p| (p as usize, slots[p as usize])).collect()
    }
}

#[cfg(test)]
mod tests;
