//! Reconcile two directories (花名册 vs 通讯录, or this month's export vs last month's): joiners,
//! leavers, movers, changed fields, the unchanged count, and the matches that cannot be decided.
//!
//! ```
//! use minglu::diff::{diff, Key};
//! let open = |csv: &str| minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap().directory;
//! let old = open("工号,姓名,部门,职务,手机\n001,张三,总部/研发,工程师,13800138000\n002,李四,总部/市场,专员,13900139000\n");
//! let new = open("工号,姓名,部门,岗位,手机号码\n001,张三,总部/产品,工程师,138-0013-8000\n003,王五,总部/市场,专员,13700137000\n");
//! let changes = diff(&old, &new, Key::Auto).unwrap();
//! let json = serde_json::to_value(changes.summary()).unwrap();
//! assert_eq!(json["joiners"], serde_json::json!(["003"]));
//! assert_eq!(json["leavers"], serde_json::json!(["002"]));
//! assert_eq!(json["movers"][0]["to"], "总部/产品");
//! assert_eq!(json["unchanged"], 0); // the dashes in the mobile are not a change
//! ```
//!
//! # Matching
//!
//! People are matched by a key: the account (userid), the employee number, an e-mail (personal or
//! enterprise) or the mobile, each compared the way platforms compare it (accounts ignoring case
//! and width, e-mails ignoring case, mobiles as E.164, all-digit employee numbers ignoring the
//! leading zeros Excel strips). With [`Key::Auto`] the keys both files have are tried in that
//! order: a person is matched by the first key that links them to exactly one person on the
//! other side, and then set aside, so the next key only looks at who is left.
//!
//! Nothing is guessed. Reported as [`Ambiguity`] and left out of every other list:
//! - a key value shared by several people on one side (`13800000000` on two rows);
//! - a person whose values lead to several people (two e-mails, each someone else's);
//! - with [`Key::Auto`], keys that disagree: matched by account, but the employee number belongs
//!   to someone else on the other side (and to nobody else on either).
//!
//! Every person is accounted for: each old row is matched, a leaver or ambiguous; each new row
//! matched, a joiner or ambiguous.
//!
//! # Comparing
//!
//! Only fields both files have are compared (a roster without accounts does not "remove" every
//! account). Values are compared normalized (`138-0013-8000` = `13800138000`, `张三 ` = `张三`,
//! `ZhangSan@Corp.com` = `zhangsan@corp.com`, `2024/1/5` = `2024-01-05`); the report shows them as
//! written. A changed main (first) department makes a mover; a changed list of other departments
//! with the same main one is a changed `departments` field.

mod compare;
mod matching;
mod report;

pub use report::report_xlsx;

use crate::{Directory, Field, Result};
use serde::{Deserialize, Serialize};

/// What people are matched by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    /// Account, then employee number, then e-mail, then mobile: the keys both files have.
    Auto,
    Userid,
    EmployeeNo,
    Email,
    Mobile,
}

impl Key {
    /// The order [`Key::Auto`] tries the keys in: the platform account is the identity, the
    /// employee number HR's, e-mails and mobiles can be reassigned.
    pub const ORDER: [Key; 4] = [Key::Userid, Key::EmployeeNo, Key::Email, Key::Mobile];

    pub fn key(self) -> &'static str {
        match self {
            Key::Auto => "auto",
            Key::Userid => "userid",
            Key::EmployeeNo => "employee_no",
            Key::Email => "email",
            Key::Mobile => "mobile",
        }
    }

    pub fn from_key(key: &str) -> Option<Key> {
        let k = key.trim().to_ascii_lowercase().replace('-', "_");
        [Key::Auto, Key::Userid, Key::EmployeeNo, Key::Email, Key::Mobile].into_iter().find(|c| c.key() == k)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Key::Auto => "自动",
            Key::Userid => "账号",
            Key::EmployeeNo => "工号",
            Key::Email => "邮箱",
            Key::Mobile => "手机",
        }
    }

    /// The fields holding this key's values.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Key::Auto => &[],
            Key::Userid => &[Field::Userid],
            Key::EmployeeNo => &[Field::EmployeeNo],
            Key::Email => &[Field::Email, Field::EnterpriseEmail],
            Key::Mobile => &[Field::Mobile],
        }
    }
}

/// A joiner (in the new file only) or a leaver (in the old file only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The person's key value as written (see [`Changes`]).
    pub id: String,
    /// Index into `people` of the file the person is in.
    pub index: usize,
    pub row: usize,
    pub name: String,
}

/// A matched person whose main department changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub id: String,
    /// All departments before and after, `/` between levels, `;` between departments.
    pub from: String,
    pub to: String,
    pub old_index: usize,
    pub new_index: usize,
}

/// One changed field of a matched person (values as written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub id: String,
    pub field: Field,
    pub old: String,
    pub new: String,
    pub old_index: usize,
    pub new_index: usize,
}

/// A matched pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// The key value that matched them, as written in the old file.
    pub id: String,
    pub old: usize,
    pub new: usize,
    /// The key that matched them.
    pub by: Key,
}

/// A person involved in an ambiguity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub index: usize,
    pub row: usize,
    pub name: String,
}

/// Why people could not be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmbiguityReason {
    /// One key links more than one person on a side.
    Shared,
    /// Two keys match people differently.
    Conflict,
}

/// People who could not be matched one to one: none of them is a joiner, leaver or match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ambiguity {
    pub reason: AmbiguityReason,
    /// The keys involved (one for `shared`; the matching key and the disagreeing one for
    /// `conflict`).
    pub keys: Vec<Key>,
    /// The linking values, as written.
    pub values: Vec<String>,
    /// The people involved in the old file and in the new one, in file order.
    pub old: Vec<Candidate>,
    pub new: Vec<Candidate>,
}

/// WeCom's guard against mass deletion in a full-replace import (全量覆盖): the import aborts
/// when it would delete more than 50 members and over 20% of the staff, or fewer than 50 and over
/// 80%. `blocked` says this new file, imported as a full replacement of the old one, would trip it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionGuard {
    /// Members the full replacement would delete (the leavers).
    pub deletions: usize,
    /// Members now (people in the old file).
    pub staff: usize,
    pub blocked: bool,
}

impl DeletionGuard {
    pub fn new(deletions: usize, staff: usize) -> DeletionGuard {
        let over = |percent: usize| deletions * 100 > staff * percent;
        let blocked = (deletions > 50 && over(20)) || (deletions < 50 && over(80));
        DeletionGuard { deletions, staff, blocked }
    }
}

/// The result of [`diff`]. `id`s are the matched accounts: for a matched person the key value
/// that matched (as the old file writes it); for a joiner, leaver or candidate the value of the
/// first key (in the order used) the person has, else their name, else `row N`.
///
/// Lists follow file order: joiners, movers, changes and matches by the new file, leavers by the
/// old one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// The key asked for.
    pub key: Key,
    /// The keys actually used, in order (for `auto`: those both files have).
    pub keys: Vec<Key>,
    pub joiners: Vec<Member>,
    pub leavers: Vec<Member>,
    pub movers: Vec<Move>,
    pub changed: Vec<FieldChange>,
    /// Matched people with no move and no changed field.
    pub unchanged: usize,
    pub ambiguous: Vec<Ambiguity>,
    pub matched: Vec<Pair>,
    pub guard: DeletionGuard,
}

/// The JSON of `minglu diff --format json`: exactly
/// `{"joiners":[ids],"leavers":[ids],"movers":[{"id","from","to"}],"changed":[{"id","field","old","new"}],"unchanged":N,"ambiguous":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSummary {
    pub joiners: Vec<String>,
    pub leavers: Vec<String>,
    pub movers: Vec<MoverSummary>,
    pub changed: Vec<ChangedSummary>,
    pub unchanged: usize,
    pub ambiguous: Vec<Ambiguity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoverSummary {
    pub id: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedSummary {
    pub id: String,
    /// The field key (`position`, `mobile` …).
    pub field: String,
    pub old: String,
    pub new: String,
}

/// Compare `old` with `new`, matching people by `key` (see the module docs).
///
/// Fails only when there is nothing to match by: the chosen key (or, for `auto`, every key) has
/// no value in one of the files. Reporting everyone as a leaver and a joiner would be a guess.
pub fn diff(old: &Directory, new: &Directory, key: Key) -> Result<Changes> {
    let outcome = matching::match_people(old, new, key)?;
    let id_of = |dir: &Directory, i: usize| matching::display_id(dir, i, &outcome.keys);
    let member = |dir: &Directory, i: usize| Member {
        id: id_of(dir, i),
        index: i,
        row: dir.people[i].source_row,
        name: dir.people[i].get(Field::Name).to_string(),
    };
    let joiners: Vec<Member> = outcome.joiners.iter().map(|&i| member(new, i)).collect();
    let leavers: Vec<Member> = outcome.leavers.iter().map(|&i| member(old, i)).collect();

    let fields = compare::common_fields(old, new);
    let departments = compare::both_have_departments(old, new);
    let mut movers = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0;
    let mut pairs = outcome.pairs.clone();
    pairs.sort_by_key(|p| p.new);
    for pair in &pairs {
        let (a, b) = (&old.people[pair.old], &new.people[pair.new]);
        let mut any = false;
        if departments {
            match compare::departments(a, b) {
                compare::DeptChange::Same => {}
                compare::DeptChange::Moved { from, to } => {
                    movers.push(Move { id: pair.id.clone(), from, to, old_index: pair.old, new_index: pair.new });
                    any = true;
                }
                compare::DeptChange::Others { from, to } => {
                    changed.push(FieldChange {
                        id: pair.id.clone(),
                        field: Field::Departments,
                        old: from,
                        new: to,
                        old_index: pair.old,
                        new_index: pair.new,
                    });
                    any = true;
                }
            }
        }
        for &field in &fields {
            let (x, y) = (a.get(field), b.get(field));
            // Written alike is the same (most fields of most people): no need to normalize.
            if x != y && compare::normalized(field, x) != compare::normalized(field, y) {
                changed.push(FieldChange {
                    id: pair.id.clone(),
                    field,
                    old: x.to_string(),
                    new: y.to_string(),
                    old_index: pair.old,
                    new_index: pair.new,
                });
                any = true;
            }
        }
        if !any {
            unchanged += 1;
        }
    }
    let guard = DeletionGuard::new(leavers.len(), old.people.len());
    Ok(Changes {
        key,
        keys: outcome.keys,
        joiners,
        leavers,
        movers,
        changed,
        unchanged,
        ambiguous: outcome.ambiguous,
        matched: pairs,
        guard,
    })
}

impl Changes {
    /// The summary JSON shape (ids only), as `minglu diff --format json` prints it.
    pub fn summary(&self) -> ChangeSummary {
        ChangeSummary {
            joiners: self.joiners.iter().map(|m| m.id.clone()).collect(),
            leavers: self.leavers.iter().map(|m| m.id.clone()).collect(),
            movers: self
                .movers
                .iter()
                .map(|m| MoverSummary { id: m.id.clone(), from: m.from.clone(), to: m.to.clone() })
                .collect(),
            changed: self
                .changed
                .iter()
                .map(|c| ChangedSummary {
                    id: c.id.clone(),
                    field: c.field.key().to_string(),
                    old: c.old.clone(),
                    new: c.new.clone(),
                })
                .collect(),
            unchanged: self.unchanged,
            ambiguous: self.ambiguous.clone(),
        }
    }

    /// Indices into the new file of the incremental import: joiners, and matched people who
    /// moved or changed, in new-file order.
    pub fn incremental_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self.joiners.iter().map(|m| m.index).collect();
        rows.extend(self.movers.iter().map(|m| m.new_index));
        rows.extend(self.changed.iter().map(|c| c.new_index));
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// The incremental import (增量导入): the new file's rows for joiners and for matched people
    /// who moved or changed, as written there. Write it in a platform's template with the export
    /// module. `new` must be the directory `diff` was given as new.
    pub fn incremental(&self, new: &Directory) -> Directory {
        select(new, &self.incremental_rows())
    }

    /// The leaver list: the old file's rows of the leavers. `old` must be the directory `diff`
    /// was given as old.
    pub fn leavers(&self, old: &Directory) -> Directory {
        select(old, &self.leavers.iter().map(|m| m.index).collect::<Vec<_>>())
    }

    /// Matched people with at least one changed field (movers whose fields did not change are not
    /// counted: they are in `movers`).
    pub fn changed_people(&self) -> usize {
        let mut people: Vec<usize> = self.changed.iter().map(|c| c.new_index).collect();
        people.dedup(); // changes are listed per person, in new-file order
        people.len()
    }
}

fn select(dir: &Directory, indices: &[usize]) -> Directory {
    Directory {
        people: indices.iter().filter_map(|&i| dir.people.get(i).cloned()).collect(),
        extra_headers: dir.extra_headers.clone(),
    }
}

#[cfg(test)]
mod tests;
