//! Fixes as values: a report's fixes become [`Edit`]s, and edits are applied to a copy of the
//! directory. Nothing is mutated in place, so an edit log (undo/redo, "replay this recipe next
//! month", the export manifest) can keep the edits themselves.

use super::{Code, Report};
use crate::normalize::department::{self as dept, DeptSyntax};
use crate::{CellKind, Directory, Field, Mapping, Profile, Sheet};
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
    let applied = apply_edits_in_place(&mut out, edits, profile);
    (out, applied.iter().filter(|&&a| a).count())
}

/// [`apply_edits`] on `directory` itself, saying which edits were applied (`applied[i]` for
/// `edits[i]`). For an editor that keeps one directory and changes a cell at a time: no copy of
/// the whole directory per edit.
pub fn apply_edits_in_place(directory: &mut Directory, edits: &[Edit], profile: Profile) -> Vec<bool> {
    // Directories are in row order: a binary search finds a row; a map only pays off for many
    // edits, and covers a directory that is not in order.
    let sorted = directory.people.is_sorted_by_key(|p| p.source_row);
    let index: Option<HashMap<usize, usize>> = (!sorted || edits.len() > 64)
        .then(|| directory.people.iter().enumerate().map(|(i, p)| (p.source_row, i)).collect());
    let position = |row: usize| match &index {
        Some(index) => index.get(&row).copied(),
        None => directory.people.binary_search_by_key(&row, |p| p.source_row).ok(),
    };
    let positions: Vec<Option<usize>> = edits.iter().map(|e| position(e.row)).collect();
    let syntax = DeptSyntax::of(profile);
    let mut applied = vec![false; edits.len()];
    for (n, edit) in edits.iter().enumerate() {
        let Some(i) = positions[n] else { continue };
        let person = &mut directory.people[i];
        let current = match person.fields.get(&edit.field) {
            Some(v) => v.to_string(),
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
        applied[n] = true;
    }
    applied
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
    let applied = apply_edits_to_sheet_in_place(&mut out, mapping, edits);
    (out, applied)
}

/// [`apply_edits_to_sheet_marked`] on `sheet` itself: no copy of the whole sheet per edit.
pub fn apply_edits_to_sheet_in_place(sheet: &mut Sheet, mapping: &Mapping, edits: &[Edit]) -> Vec<bool> {
    let mut applied = vec![false; edits.len()];
    for (n, edit) in edits.iter().enumerate() {
        let (Some(col), Some(idx)) = (mapping.column_of(edit.field), edit.row.checked_sub(sheet.first_row + 1)) else {
            continue;
        };
        let Some(cells) = sheet.rows.get(idx) else { continue };
        let current = cells.text(col);
        if current != edit.from && current.trim() != edit.from.trim() {
            continue;
        }
        let kind = if edit.to.is_empty() { CellKind::Empty } else { CellKind::Text };
        sheet.rows.set(idx, col, &edit.to, kind);
        let (r, c) = (edit.row - 1, col);
        sheet.merged.retain(|m| !(m.first_row <= r && r <= m.last_row && m.first_col <= c && c <= m.last_col));
        applied[n] = true;
    }
    applied
}

/// Apply the report's fixes (of `codes`, or all) to a copy of `directory`: [`fix_edits`] then
/// [`apply_edits`]. Returns the fixed directory and the number of cells changed.
pub fn apply_fixes(directory: &Directory, report: &Report, codes: Option<&[Code]>) -> (Directory, usize) {
    apply_edits(directory, &fix_edits(report, codes), report.profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Person;

    fn person(row: usize, mobile: &str) -> Person {
        let mut p = Person { source_row: row, ..Person::default() };
        p.fields.insert(Field::Mobile, mobile.into());
        p
    }

    #[test]
    fn in_place_edits_match_the_copying_ones_in_any_row_order() {
        let edits = vec![
            Edit::manual(5, Field::Mobile, "138 0013 8000", "13800138000"),
            Edit::manual(3, Field::Mobile, "changed meanwhile", "13900139000"), // skipped
            Edit::manual(9, Field::Mobile, "", "13700137000"),                  // no such row
            Edit::manual(4, Field::Departments, "", "总部/研发部"),
        ];
        for people in [
            vec![person(3, "139"), person(4, "137"), person(5, "138 0013 8000")],
            vec![person(5, "138 0013 8000"), person(3, "139"), person(4, "137")],
        ] {
            let directory = Directory { people, extra_headers: vec![] };
            let (copied, n) = apply_edits(&directory, &edits, Profile::Wecom);
            let mut in_place = directory.clone();
            let applied = apply_edits_in_place(&mut in_place, &edits, Profile::Wecom);
            assert_eq!(in_place, copied);
            assert_eq!(applied, [true, false, false, true]);
            assert_eq!(n, 2);
            let five = in_place.people.iter().find(|p| p.source_row == 5).unwrap();
            assert_eq!(five.get(Field::Mobile), "13800138000");
            let four = in_place.people.iter().find(|p| p.source_row == 4).unwrap();
            assert_eq!(four.departments, [vec!["总部".to_string(), "研发部".to_string()]]);
        }
    }
}
