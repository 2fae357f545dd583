//! Recipes: the applied steps of an edit log as versioned JSON, replayable on another file
//! (next month's export of the same directory).
//!
//! Row numbers do not survive a new export — people join and leave, the sort order changes — so
//! every row a step names is recorded with its identifiers ([`RowKey`]) and found again by them,
//! in the order the platforms treat them as identity:
//!
//! 1. the account (userid): the platform's primary key, unique by rule;
//! 2. the mobile (as E.164 digits): unique on every platform Minglu targets;
//! 3. the e-mail (lowercased);
//! 4. the employee number (leading zeros ignored);
//! 5. only then the row number, and only if the row still holds a person of the same name.
//!
//! A key counts only when exactly one person in the file has it: an ambiguous key (two rows with
//! one mobile — the very duplicates being merged) falls through to the next. A step whose rows
//! cannot be found is skipped with its reason; an edit whose cell no longer holds the value it
//! expects (`from`) is skipped too — the recipe never overwrites a value it did not see.
//!
//! On the file it was recorded on, a replay finds exactly the rows the edits named: each step is
//! resolved against the same state it was recorded in, where the recorded key was that person's.

use super::{Doc, EditLog, Op, Step};
use crate::dedup::{email_of, employee_no_of, fold_name, mobile_of, userid_of};
use crate::normalize::account::UseridRule;
use crate::validate::{FastMap, Rules};
use crate::{Error, ErrorKind, Field, Lang, Opened, Person, Profile, Result};
use serde::{Deserialize, Serialize};

/// The `format` field of every recipe.
pub const RECIPE_FORMAT: &str = "minglu-recipe";
/// The recipe version this engine writes and the newest it reads.
pub const RECIPE_VERSION: u32 = 1;

/// A row as a recipe names it: its number where it was recorded, and the identifiers that find it
/// in another file. Values are stored as written; they are compared as the platform compares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowKey {
    pub row: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_no: Option<String>,
}

/// The identifier kinds, in the order a row is looked up by them.
const KINDS: [Field; 4] = [Field::Userid, Field::Mobile, Field::Email, Field::EmployeeNo];

fn normalized(kind: Field, value: &str, rule: &UseridRule) -> Option<String> {
    match kind {
        Field::Userid => userid_of(value, rule),
        Field::Mobile => mobile_of(value),
        Field::Email => email_of(value),
        _ => employee_no_of(value),
    }
}

impl RowKey {
    /// The key of `row` as the document holds it now (just the number if it is not there).
    pub fn capture(doc: &Doc, row: usize) -> RowKey {
        let Some(i) = super::apply::position(&doc.directory, row) else { return RowKey { row, ..RowKey::default() } };
        let p = &doc.directory.people[i];
        let value = |f: Field| Some(p.get(f).trim().to_string()).filter(|v| !v.is_empty());
        RowKey {
            row,
            name: value(Field::Name),
            userid: value(Field::Userid),
            mobile: value(Field::Mobile),
            email: value(Field::Email).or_else(|| value(Field::EnterpriseEmail)),
            employee_no: value(Field::EmployeeNo),
        }
    }

    fn get(&self, kind: Field) -> Option<&str> {
        match kind {
            Field::Userid => self.userid.as_deref(),
            Field::Mobile => self.mobile.as_deref(),
            Field::Email => self.email.as_deref(),
            _ => self.employee_no.as_deref(),
        }
    }
}

/// The applied steps of an edit log, to replay on another file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipe {
    /// Always [`RECIPE_FORMAT`].
    pub format: String,
    pub version: u32,
    /// The profile the recipe was recorded under (informative: profile changes are steps).
    pub profile: Profile,
    pub steps: Vec<Step>,
}

impl Recipe {
    pub fn new(profile: Profile, steps: Vec<Step>) -> Recipe {
        Recipe { format: RECIPE_FORMAT.into(), version: RECIPE_VERSION, profile, steps }
    }

    /// Pretty JSON, stable field order.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a recipe, refusing other formats and newer versions.
    pub fn from_json(text: &str) -> Result<Recipe> {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            version: Option<u32>,
        }
        let bad = |m: String| Error::new(ErrorKind::Corrupt, m);
        let head: Head = serde_json::from_str(text).map_err(|e| bad(format!("not a recipe: {e}")))?;
        if head.format.as_deref() != Some(RECIPE_FORMAT) {
            return Err(bad(format!("not a recipe: \"format\" must be \"{RECIPE_FORMAT}\"")));
        }
        match head.version {
            Some(v) if (1..=RECIPE_VERSION).contains(&v) => {}
            Some(v) => {
                return Err(bad(format!("recipe version {v} is newer than this Minglu reads ({RECIPE_VERSION})")))
            }
            None => return Err(bad("not a recipe: no \"version\"".into())),
        }
        serde_json::from_str(text).map_err(|e| bad(format!("recipe: {e}")))
    }
}

/// One step, or one part of a step, that a replay left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// 1-based step number in the recipe.
    pub step: usize,
    /// What was left out (the step, or one edit of it).
    pub what: String,
    pub reason: String,
}

/// What a replay did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayReport {
    pub steps: usize,
    /// Steps applied, wholly or in part.
    pub applied: usize,
    pub skipped: Vec<Skipped>,
}

/// Replay `recipe` on a freshly opened file: the document after the steps that apply, and what
/// was skipped.
pub fn replay(recipe: &Recipe, opened: &Opened) -> Result<(Doc, ReplayReport)> {
    let mut doc = Doc::new(opened.clone());
    let mut log = EditLog::new();
    let report = replay_into(recipe, &mut doc, &mut log)?;
    Ok((doc, report))
}

/// Replay `recipe` into an open document through its log, so every replayed step can be undone.
pub fn replay_into(recipe: &Recipe, doc: &mut Doc, log: &mut EditLog) -> Result<ReplayReport> {
    if recipe.format != RECIPE_FORMAT || recipe.version == 0 || recipe.version > RECIPE_VERSION {
        return Err(Error::new(
            ErrorKind::Corrupt,
            format!("unsupported recipe ({} v{})", recipe.format, recipe.version),
        ));
    }
    let mut report = ReplayReport { steps: recipe.steps.len(), ..ReplayReport::default() };
    for (n, step) in recipe.steps.iter().enumerate() {
        let number = n + 1;
        let what = step.op.describe(Lang::En);
        let mut skip = |what: String, reason: String| report.skipped.push(Skipped { step: number, what, reason });
        let rows = resolve(doc, &step.keys);
        let op = match rewrite(doc, &step.op, &rows, &mut skip) {
            Ok(op) => op,
            Err(reason) => {
                skip(what, reason);
                continue;
            }
        };
        match log.apply(doc, op) {
            Ok(outcome) => {
                report.applied += 1;
                for reason in outcome.skipped {
                    report.skipped.push(Skipped { step: number, what: what.clone(), reason });
                }
            }
            Err(e) => report.skipped.push(Skipped { step: number, what, reason: e.message }),
        }
    }
    Ok(report)
}

/// Each recorded row's row in `doc` now, or why it cannot be found.
fn resolve(doc: &Doc, keys: &[RowKey]) -> FastMap<usize, std::result::Result<usize, String>> {
    let mut out = FastMap::default();
    if keys.is_empty() {
        return out;
    }
    let rule = Rules::of(doc.profile()).userid;
    // One pass over the directory, only for the identifier values the step asks about.
    let mut wanted: FastMap<(Field, String), Vec<usize>> = FastMap::default();
    for key in keys {
        for kind in KINDS {
            if let Some(v) = key.get(kind).and_then(|v| normalized(kind, v, &rule)) {
                wanted.insert((kind, v), Vec::new());
            }
        }
    }
    let kinds: Vec<Field> = KINDS.into_iter().filter(|k| wanted.keys().any(|(w, _)| w == k)).collect();
    for p in &doc.directory.people {
        for &kind in &kinds {
            let value = if kind == Field::Email {
                // A person is found by either of their addresses.
                [p.get(Field::Email), p.get(Field::EnterpriseEmail)]
                    .into_iter()
                    .filter_map(|v| normalized(kind, v, &rule))
                    .collect::<Vec<_>>()
            } else {
                normalized(kind, p.get(kind), &rule).into_iter().collect()
            };
            for v in value {
                if let Some(rows) = wanted.get_mut(&(kind, v)) {
                    if rows.last() != Some(&p.source_row) {
                        rows.push(p.source_row);
                    }
                }
            }
        }
    }
    // Rows are found one at a time, each excluding the rows already found for this step (a step
    // names distinct rows): the second entry of a person shares its mobile and e-mail with the
    // first, so its keys are ambiguous until the first is found by its account.
    let mut claimed: Vec<usize> = Vec::new();
    let mut progress = true;
    while progress {
        progress = false;
        for key in keys {
            if out.contains_key(&key.row) {
                continue;
            }
            if let Some(row) = find_unique(key, &wanted, &rule, &claimed) {
                out.insert(key.row, Ok(row));
                claimed.push(row);
                progress = true;
            }
        }
    }
    for key in keys {
        if out.contains_key(&key.row) {
            continue;
        }
        let found = by_row_number(doc, key, &wanted, &rule, &claimed);
        if let Ok(row) = found {
            claimed.push(row);
        }
        out.insert(key.row, found);
    }
    out
}

/// The one unclaimed row that has one of the key's identifiers (in the order of [`KINDS`]), or,
/// failing that, all of those it still has; `None` when no identifier decides.
fn find_unique(
    key: &RowKey,
    wanted: &FastMap<(Field, String), Vec<usize>>,
    rule: &UseridRule,
    claimed: &[usize],
) -> Option<usize> {
    let mut sets: Vec<Vec<usize>> = Vec::new();
    for kind in KINDS {
        let Some(v) = key.get(kind).and_then(|raw| normalized(kind, raw, rule)) else { continue };
        let rows: Vec<usize> =
            wanted.get(&(kind, v)).into_iter().flatten().copied().filter(|r| !claimed.contains(r)).collect();
        if let [row] = rows.as_slice() {
            return Some(*row);
        }
        if !rows.is_empty() {
            sets.push(rows);
        }
    }
    let (first, rest) = sets.split_first()?;
    let common: Vec<usize> = first.iter().copied().filter(|r| rest.iter().all(|s| s.contains(r))).collect();
    match common.as_slice() {
        [row] => Some(*row),
        _ => None,
    }
}

/// The last resort: the recorded row number, if that row is unclaimed and holds a person of the
/// same name. The error says what was tried.
fn by_row_number(
    doc: &Doc,
    key: &RowKey,
    wanted: &FastMap<(Field, String), Vec<usize>>,
    rule: &UseridRule,
    claimed: &[usize],
) -> std::result::Result<usize, String> {
    let mut tried = Vec::new();
    for kind in KINDS {
        let Some(raw) = key.get(kind) else { continue };
        let Some(v) = normalized(kind, raw, rule) else { continue };
        match wanted.get(&(kind, v)).map_or(0, Vec::len) {
            0 => tried.push(format!("no row has {} \"{raw}\"", kind.key())),
            n => tried.push(format!("{n} rows have {} \"{raw}\"", kind.key())),
        }
    }
    let by_row = super::apply::position(&doc.directory, key.row).map(|i| &doc.directory.people[i]);
    let same_name = |p: &Person| key.name.as_deref().is_none_or(|n| fold_name(n) == fold_name(p.get(Field::Name)));
    match by_row {
        Some(p) if same_name(p) && !claimed.contains(&key.row) => Ok(key.row),
        Some(p) => {
            let holds = p.get(Field::Name);
            tried.push(format!("row {} holds \"{holds}\", not \"{}\"", key.row, key.name.as_deref().unwrap_or("")));
            Err(tried.join("; "))
        }
        None => {
            tried.push(format!("there is no row {}", key.row));
            Err(tried.join("; "))
        }
    }
}

/// The step's op with its rows replaced by the rows found in `doc`; parts whose rows are not
/// found are left out (reported through `skip`). Errors when nothing of the op is left.
fn rewrite(
    doc: &Doc,
    op: &Op,
    rows: &FastMap<usize, std::result::Result<usize, String>>,
    skip: &mut dyn FnMut(String, String),
) -> std::result::Result<Op, String> {
    let map = |r: usize| -> std::result::Result<usize, String> {
        rows.get(&r).cloned().unwrap_or_else(|| Err(format!("row {r} was recorded without its identifiers")))
    };
    Ok(match op {
        Op::Edit { edits } => {
            let mut kept = Vec::new();
            for e in edits {
                match map(e.row) {
                    Ok(row) => kept.push(crate::Edit { row, ..e.clone() }),
                    Err(why) => skip(format!("edit row {} {}", e.row, e.field.key()), why),
                }
            }
            if kept.is_empty() {
                return Err("none of its rows was found".into());
            }
            Op::Edit { edits: kept }
        }
        Op::Merge { into, rows: merged, picks } => {
            let into = map(*into).map_err(|why| format!("the surviving row was not found: {why}"))?;
            let mut found = Vec::new();
            for &r in merged {
                match map(r) {
                    Ok(row) if row != into && !found.contains(&row) => found.push(row),
                    Ok(_) => {}
                    Err(why) => skip(format!("merge row {r}"), why),
                }
            }
            if found.is_empty() {
                return Err("no row to merge was found".into());
            }
            let picks = picks.iter().filter_map(|(f, r)| map(*r).ok().map(|row| (*f, row))).collect();
            Op::Merge { into, rows: found, picks }
        }
        Op::Delete { rows: list } => {
            let found = found_rows(list, &map, skip);
            if found.is_empty() {
                return Err("none of its rows was found".into());
            }
            Op::Delete { rows: found }
        }
        Op::Mark { rows: list, kind } => Op::Mark { rows: found_rows(list, &map, skip), kind: *kind },
        Op::Remap { column, header, field } => {
            // Columns move between exports; the header says which one it is.
            let headers = crate::headers_of(&doc.sheet, doc.header_index);
            let at = if headers.get(*column).is_some_and(|h| h.trim() == header.trim()) {
                Some(*column)
            } else {
                headers.iter().position(|h| h.trim() == header.trim())
            };
            let column = at.ok_or_else(|| format!("the file has no column \"{header}\""))?;
            Op::Remap { column, header: headers[column].clone(), field: *field }
        }
        Op::Fix { .. } | Op::Profile { .. } => op.clone(),
    })
}

/// The rows of `list` that were found; the others reported through `skip`.
fn found_rows(
    list: &[usize],
    map: &dyn Fn(usize) -> std::result::Result<usize, String>,
    skip: &mut dyn FnMut(String, String),
) -> Vec<usize> {
    let mut found = Vec::new();
    for &r in list {
        match map(r) {
            Ok(row) => found.push(row),
            Err(why) => skip(format!("row {r}"), why),
        }
    }
    found
}
