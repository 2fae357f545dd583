//! Fixes as values: a report's fixes become [`Edit`]s, and edits are applied to a copy of the
//! directory. Nothing is mutated in place, so an edit log (undo/redo, "replay this recipe next
//! month", the export manifest) can keep the edits themselves.

use super::{Code, Report};
use crate::normalize::department::{self as dept, DeptSyntax};
use crate::{Cell, Directory, Field, Mapping, Profile, Sheet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One change to one cell: row `row`'s `field` goes from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    /// The 1-based sheet row ([`Person::source_row`](crate::Person)).
    pub row: usize,
    pub field: Field,
    /// The value the edit expects to find; an edit whose `from` no longer matches is not applied
    /// (the cell was changed since the report was made).
    pub from: String,
    pub to: String,
    /// The issue code this edit fixes (`None` for a manual edit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
}

impl Edit {
    /// A manual edit.
    pub fn manual(row: usize, field: Field, from: impl Into<String>, to: impl Into<String>) -> Edit {
        Edit { row, field, from: from.into(), to: to.into(), code: None }
    }

    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        Edit { row: self.row, field: self.field, from: self.to.clone(), to: self.from.clone(), code: self.code }
    }
}

/// The edits that apply the report's fixes, one per cell, in row then field order. `codes`: only
/// the fixes of these codes (`None`: all fixable codes). When several fixes apply to one cell, the
/// one with the highest [`Code::fix_rank`] is taken: it already contains the lower ones.
pub fn fix_edits(report: &Report, codes: Option<&[Code]>) -> Vec<Edit> {
    let mut best: BTreeMap<(usize, Field), (u8, Edit)> = BTreeMap::new();
    for issue in &report.issues {
        let (Some(fix), Some(field)) = (&issue.fix, issue.field) else { continue };
        if codes.is_some_and(|c| !c.contains(&issue.code)) {
            continue;
        }
        let rank = issue.code.fix_rank();
        let edit = Edit { row: issue.row, field, from: issue.value.clone(), to: fix.clone(), code: Some(issue.code) };
        match best.get(&(issue.row, field)) {
            Some((r, _)) if *r >= rank => {}
            _ => {
                best.insert((issue.row, field), (rank, edit));
            }
        }
    }
    best.into_values().map(|(_, e)| e).collect()
}

/// Apply `edits` to a copy of `directory`; returns the new directory and how many edits were
/// applied. An edit is skipped when its row is not in the directory or its `from` no longer
/// matches the cell (as held, or as the sheet has it before the directory trimmed it). Department
/// edits also re-split the person's department paths with
/// `profile`'s separators.
pub fn apply_edits(directory: &Directory, edits: &[Edit], profile: Profile) -> (Directory, usize) {
    let mut out = directory.clone();
    let index: HashMap<usize, usize> = out.people.iter().enumerate().map(|(i, p)| (p.source_row, i)).collect();
    let syntax = DeptSyntax::of(profile);
    let mut applied = 0;
    for edit in edits {
        let Some(&i) = index.get(&edit.row) else { continue };
        let person = &mut out.people[i];
        let current = match person.fields.get(&edit.field) {
            Some(v) => v.clone(),
            None if edit.field == Field::Departments => dept::join(&person.departments, &syntax),
            None => String::new(),
        };
        // The directory holds cells trimmed; the edit may quote the cell as the sheet has it.
        if current != edit.from && current != edit.from.trim() {
            continue;
        }
        person.fields.insert(edit.field, edit.to.clone());
        if edit.field == Field::Departments {
            // Parsed as the directory parses a cell (Directory::from_sheet).
            person.departments = crate::parse_departments(&edit.to, profile);
        }
        applied += 1;
    }
    (out, applied)
}

/// Apply `edits` to a copy of the sheet the directory was mapped from, so an export of the original
/// layout (the fixed file, the error report) carries them and a re-check of the fixed sheet and
/// directory is clean. An edited cell becomes a text value (a formula is replaced by its value); a
/// merged range that covers an edited cell is unmerged (its first cell keeps its value). Edits whose
/// field has no column, or whose `from` no longer matches the cell, are skipped. Returns the new
/// sheet and how many edits were applied.
pub fn apply_edits_to_sheet(sheet: &Sheet, mapping: &Mapping, edits: &[Edit]) -> (Sheet, usize) {
    let (out, applied) = apply_edits_to_sheet_marked(sheet, mapping, edits);
    let count = applied.iter().filter(|&&a| a).count();
    (out, count)
}

/// [`apply_edits_to_sheet`], saying which edits were applied: `applied[i]` for `edits[i]` (so a
/// caller can count the fixes per code, or list the ones that no longer matched).
pub fn apply_edits_to_sheet_marked(sheet: &Sheet, mapping: &Mapping, edits: &[Edit]) -> (Sheet, Vec<bool>) {
    let mut out = sheet.clone();
    let mut applied = vec![false; edits.len()];
    for (n, edit) in edits.iter().enumerate() {
        let (Some(col), Some(idx)) = (mapping.column_of(edit.field), edit.row.checked_sub(out.first_row + 1)) else {
            continue;
        };
        let Some(cells) = out.rows.get_mut(idx) else { continue };
        let current = cells.get(col).map_or("", |c| c.text.as_str());
        if current != edit.from && current.trim() != edit.from.trim() {
            continue;
        }
        if cells.len() <= col {
            cells.resize(col + 1, Cell::default());
        }
        cells[col] = Cell::text(edit.to.clone());
        let (r, c) = (edit.row - 1, col);
        out.merged.retain(|m| !(m.first_row <= r && r <= m.last_row && m.first_col <= c && c <= m.last_col));
        applied[n] = true;
    }
    (out, applied)
}

/// Apply the report's fixes (of `codes`, or all) to a copy of `directory`: [`fix_edits`] then
/// [`apply_edits`]. Returns the fixed directory and the number of cells changed.
pub fn apply_fixes(directory: &Directory, report: &Report, codes: Option<&[Code]>) -> (Directory, usize) {
    apply_edits(directory, &fix_edits(report, codes), report.profile)
}
