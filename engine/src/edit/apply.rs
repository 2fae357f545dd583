//! Applying one op to a document, and the record that undoes it exactly.
//!
//! Undo records hold the state the op replaced — the previous value of each edited cell (or its
//! absence), the people removed with their positions, the survivor as it was — rather than an
//! inverse op, because an inverse op cannot say "this cell was absent, not empty" or "this row
//! was at position 7". A mapping change rebuilds everything, so its record is a snapshot.

use super::{Doc, DropReason, Dropped, Mark, Op, Outcome, Step};
use crate::dedup::plan_merge;
use crate::map::{map_columns, Mapping};
use crate::normalize::department::{self as dept, DeptSyntax};
use crate::validate::{fix_edits, validate, Code, Edit, Report};
use crate::{headers_of, Directory, Error, ErrorKind, Field, Person, Result};
use serde::{Deserialize, Serialize};

/// What undoes one applied step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "undo", rename_all = "snake_case")]
pub(super) enum Undo {
    /// Cells to put back, in the order they were changed (restored in reverse).
    Cells {
        cells: Vec<CellBefore>,
    },
    /// People to put back at their positions (ascending), the survivor of a merge as it was, and
    /// the dropped list's length before.
    Rows {
        survivor: Option<(usize, Person)>,
        removed: Vec<(usize, Person)>,
        dropped_len: usize,
    },
    Marks {
        len: usize,
    },
    Snapshot {
        snapshot: Box<Snapshot>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct CellBefore {
    /// Position in `directory.people`.
    index: usize,
    field: Field,
    /// The field's text before (`None`: the field was unset).
    before: Option<String>,
    /// The parsed department paths before, for department edits.
    departments: Option<Vec<crate::DeptPath>>,
    /// The edit only took the cell's stray spaces away: it added the cell to [`Doc::trimmed`].
    #[serde(default)]
    trimmed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Snapshot {
    mapping: Mapping,
    directory: Directory,
    dropped: Vec<Dropped>,
    marks: Vec<Mark>,
    #[serde(default)]
    trimmed: Vec<(usize, Field)>,
}

fn refused(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Other, message)
}

/// The position of sheet row `row` in the directory. Directories are built in row order and
/// every op keeps it, so a binary search finds it; a hand-made directory falls back to a scan.
pub(super) fn position(directory: &Directory, row: usize) -> Option<usize> {
    match directory.people.binary_search_by_key(&row, |p| p.source_row) {
        Ok(i) => Some(i),
        Err(_) => directory.people.iter().position(|p| p.source_row == row),
    }
}

/// Apply `op` to `doc`. `earlier` are the steps applied before it (a mapping change re-applies
/// them to the re-read directory).
pub(super) fn apply(doc: &mut Doc, op: &Op, earlier: &[Step]) -> Result<(Undo, Outcome)> {
    match op {
        Op::Edit { edits } => {
            if edits.is_empty() {
                return Err(refused("no edits"));
            }
            edit_cells(doc, edits)
        }
        Op::Fix { codes } => {
            let report = validate(&doc.directory, &doc.sheet, &doc.mapping, doc.profile());
            fix(doc, &report, codes.as_deref())
        }
        Op::Merge { into, rows, picks } => {
            let plan = plan_merge(&doc.directory, *into, rows, picks, doc.profile())?;
            let at = position(&doc.directory, *into)
                .ok_or_else(|| refused(format!("row {into} is not in the directory")))?;
            let before = std::mem::replace(&mut doc.directory.people[at], plan.person);
            let removed = remove_rows(doc, &plan.rows[1..], DropReason::MergedInto { row: *into });
            let outcome = Outcome { changed: removed.len(), skipped: Vec::new() };
            let dropped_len = doc.dropped.len() - removed.len();
            Ok((Undo::Rows { survivor: Some((at, before)), removed, dropped_len }, outcome))
        }
        Op::Delete { rows } => {
            let (present, missing): (Vec<usize>, Vec<usize>) =
                rows.iter().partition(|&&r| position(&doc.directory, r).is_some());
            if present.is_empty() {
                return Err(refused("none of these rows is in the directory"));
            }
            let removed = remove_rows(doc, &present, DropReason::Deleted);
            let skipped = missing.iter().map(|r| format!("row {r} is not in the directory")).collect();
            let dropped_len = doc.dropped.len() - removed.len();
            Ok((Undo::Rows { survivor: None, removed, dropped_len }, Outcome { changed: present.len(), skipped }))
        }
        Op::Mark { rows, kind } => {
            let mut present: Vec<usize> =
                rows.iter().copied().filter(|&r| position(&doc.directory, r).is_some()).collect();
            present.sort_unstable();
            present.dedup();
            if present.len() < 2 {
                return Err(refused("a mark needs two rows that are in the directory"));
            }
            let len = doc.marks.len();
            let changed = present.len();
            doc.marks.push(Mark { rows: present, kind: *kind });
            Ok((Undo::Marks { len }, Outcome { changed, skipped: Vec::new() }))
        }
        Op::Remap { column, header, field } => {
            let Some(c) = doc.mapping.columns.iter().find(|c| c.index == *column) else {
                return Err(refused(format!("the sheet has no column {}", crate::column_letter(column + 1))));
            };
            if c.header.trim() != header.trim() {
                return Err(refused(format!(
                    "column {} is \"{}\", not \"{header}\"",
                    crate::column_letter(column + 1),
                    c.header
                )));
            }
            if c.field == *field {
                return Err(refused("the column is mapped so already"));
            }
            let mut mapping = doc.mapping.clone();
            mapping.set(*column, *field);
            Ok(remap(doc, mapping, earlier))
        }
        Op::Profile { profile } => {
            if *profile == doc.profile() {
                return Err(refused(format!("the sheet is read as {} already", profile.key())));
            }
            let mapping = map_columns(&headers_of(&doc.sheet, doc.header_index), *profile);
            Ok(remap(doc, mapping, earlier))
        }
    }
}

/// Put the state back as it was before the step `undo` was made for.
pub(super) fn revert(doc: &mut Doc, undo: Undo) {
    match undo {
        Undo::Cells { cells } => {
            for c in cells.into_iter().rev() {
                let Some(person) = doc.directory.people.get_mut(c.index) else { continue };
                if c.trimmed {
                    if let Ok(at) = doc.trimmed.binary_search(&(person.source_row, c.field)) {
                        doc.trimmed.remove(at);
                    }
                    continue;
                }
                match c.before {
                    Some(v) => person.fields.insert(c.field, v),
                    None => person.fields.remove(&c.field),
                };
                if let Some(d) = c.departments {
                    person.departments = d;
                }
            }
        }
        Undo::Rows { survivor, removed, dropped_len } => {
            for (i, p) in removed {
                doc.directory.people.insert(i.min(doc.directory.people.len()), p);
            }
            if let Some((i, p)) = survivor {
                if let Some(slot) = doc.directory.people.get_mut(i) {
                    *slot = p;
                }
            }
            doc.dropped.truncate(dropped_len);
        }
        Undo::Marks { len } => doc.marks.truncate(len),
        Undo::Snapshot { snapshot } => {
            let Snapshot { mapping, directory, dropped, marks, trimmed } = *snapshot;
            doc.mapping = mapping;
            doc.directory = directory;
            doc.dropped = dropped;
            doc.marks = marks;
            doc.trimmed = trimmed;
        }
    }
}

/// The fixes of `report` (those of `codes`, or all) as cell edits. `report` is the check of
/// `doc`; each edit names the text it replaces, so one whose cell changed since is skipped.
pub(super) fn fix(doc: &mut Doc, report: &Report, codes: Option<&[Code]>) -> Result<(Undo, Outcome)> {
    edit_cells(doc, &fix_edits(report, codes)).map_err(|_| refused("nothing to fix"))
}

/// Apply cell edits the way [`crate::validate::apply_edits`] does (the `from` guard, department
/// re-parsing), in place, keeping each cell's previous state. An edit to an empty value unsets
/// the field, as an empty cell is unset in a directory read from a sheet. Errors when no cell
/// changes.
fn edit_cells(doc: &mut Doc, edits: &[Edit]) -> Result<(Undo, Outcome)> {
    let profile = doc.profile();
    let syntax = DeptSyntax::of(profile);
    let mut cells = Vec::new();
    let mut skipped = Vec::new();
    for edit in edits {
        let Some(index) = position(&doc.directory, edit.row) else {
            skipped.push(format!("row {} is not in the directory", edit.row));
            continue;
        };
        let person = &mut doc.directory.people[index];
        let current = match person.fields.get(&edit.field) {
            Some(v) => v.to_string(),
            None if edit.field == Field::Departments => dept::join(&person.departments, &syntax),
            None => String::new(),
        };
        // The directory holds cells trimmed; the edit may quote the cell as the sheet has it.
        if current != edit.from && current != edit.from.trim() {
            skipped.push(format!(
                "row {} {}: the cell holds \"{current}\", not \"{}\"",
                edit.row,
                edit.field.key(),
                edit.from
            ));
            continue;
        }
        let before = person.fields.get(&edit.field).map(str::to_string);
        if before.as_deref().unwrap_or("") == edit.to {
            // The directory holds cells trimmed: an edit that only takes the cell's stray spaces
            // away changes the cell, not the field.
            if edit.from != edit.to {
                if let Err(at) = doc.trimmed.binary_search(&(edit.row, edit.field)) {
                    doc.trimmed.insert(at, (edit.row, edit.field));
                    cells.push(CellBefore { index, field: edit.field, before, departments: None, trimmed: true });
                }
            }
            continue;
        }
        let departments = (edit.field == Field::Departments).then(|| person.departments.clone());
        if edit.to.is_empty() {
            person.fields.remove(&edit.field);
        } else {
            person.fields.insert(edit.field, edit.to.clone());
        }
        if edit.field == Field::Departments {
            person.departments = crate::parse_departments(&edit.to, profile);
        }
        cells.push(CellBefore { index, field: edit.field, before, departments, trimmed: false });
    }
    if cells.is_empty() {
        return Err(refused(match skipped.first() {
            Some(why) => format!("no cell changes: {why}"),
            None => "no cell changes".to_string(),
        }));
    }
    let changed = cells.len();
    Ok((Undo::Cells { cells }, Outcome { changed, skipped }))
}

/// Remove the rows (present ones) to the dropped list, ascending; returns them with their
/// positions, ascending, as `Undo::Rows` puts them back.
fn remove_rows(doc: &mut Doc, rows: &[usize], reason: DropReason) -> Vec<(usize, Person)> {
    let mut at: Vec<usize> = rows.iter().filter_map(|&r| position(&doc.directory, r)).collect();
    at.sort_unstable();
    at.dedup();
    let mut removed: Vec<(usize, Person)> = Vec::with_capacity(at.len());
    for &i in at.iter().rev() {
        removed.push((i, doc.directory.people.remove(i)));
    }
    removed.reverse();
    for (_, p) in &removed {
        doc.dropped.push(Dropped { row: p.source_row, reason: reason.clone(), person: p.clone() });
    }
    removed
}

/// Re-read the sheet with `mapping`, then re-apply the earlier data steps (edits, fixes, merges,
/// deletions, marks) in order: a mapping change does not throw away the work done before it.
/// Steps that no longer apply (an edit to a field the new mapping reads from another column)
/// are reported, not fatal.
fn remap(doc: &mut Doc, mapping: Mapping, earlier: &[Step]) -> (Undo, Outcome) {
    let directory = Directory::from_sheet(&doc.sheet, doc.header_index, &mapping);
    let snapshot = Snapshot {
        mapping: std::mem::replace(&mut doc.mapping, mapping),
        directory: std::mem::replace(&mut doc.directory, directory),
        dropped: std::mem::take(&mut doc.dropped),
        marks: std::mem::take(&mut doc.marks),
        trimmed: std::mem::take(&mut doc.trimmed),
    };
    let mut skipped = Vec::new();
    for (n, step) in earlier.iter().enumerate().filter(|(_, s)| !s.op.is_mapping()) {
        match apply(doc, &step.op, &earlier[..n]) {
            Ok((_, outcome)) => skipped.extend(outcome.skipped.into_iter().map(|s| format!("step {}: {s}", n + 1))),
            Err(e) => skipped.push(format!(
                "step {} ({}) no longer applies: {}",
                n + 1,
                step.op.describe(crate::Lang::En),
                e.message
            )),
        }
    }
    let changed = doc.directory.people.len();
    (Undo::Snapshot { snapshot: Box::new(snapshot) }, Outcome { changed, skipped })
}
