//! The sheet as shown: the sheet as read, with the cells the edit log changed written over it.
//!
//! The engine's [`Doc`] keeps the sheet as read — a mapping change re-reads it and replays the
//! earlier steps, and an undo only restores the directory — so edits live in the directory alone.
//! But the grid shows sheet cells, and the check reads the sheet too (the raw text for stray
//! spaces, the cell kind for numbers and dates, formulas and merged ranges). So the worker keeps
//! an [`Overlay`]: every mapped cell whose directory value no longer is the cell's trimmed text,
//! or whose stray spaces an edit took away ([`Doc::trimmed`]), as a text cell holding that value. It is a pure function of the document
//! ([`compute`]), so an undo gives back exactly the cells as read, kinds included; and it is
//! swapped into the sheet only while the check, the error report or the grid packing read it
//! ([`with_shown`]), which costs a few cells rather than a copy of the sheet.

use crate::protocol::check::CellPatch;
use minglu::edit::Doc;
use minglu::normalize::department::{self as dept, DeptSyntax};
use minglu::read::Cell;
use minglu::Field;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Changed cells by (index into `sheet.rows`, 0-based column).
pub type Overlay = BTreeMap<(usize, usize), Cell>;

/// The columns whose cell is a field's whole value: mapped, and the only column of their field
/// (a name composed from family and given names has no column of its own).
fn value_columns(doc: &Doc) -> Vec<(usize, Field)> {
    let columns = &doc.mapping.columns;
    columns
        .iter()
        .filter_map(|c| Some((c.index, c.field?)))
        .filter(|&(_, f)| columns.iter().filter(|c| c.field == Some(f)).count() == 1)
        .collect()
}

/// The unmapped columns a person's `extra` entries come from: `(column, index into extra)`. The
/// directory keeps every unmapped column except one with neither a header nor any data, in
/// column order (as `minglu::edit::write` pairs them).
fn extra_columns(doc: &Doc) -> Vec<(usize, usize)> {
    let mut columns: Vec<&minglu::ColumnMap> = doc.mapping.columns.iter().filter(|c| c.field.is_none()).collect();
    columns.sort_by_key(|c| c.index);
    let headers = &doc.directory.extra_headers;
    let mut next = 0;
    let mut out = Vec::new();
    for c in columns {
        let h = c.header.trim();
        let header = if h.is_empty() { format!("列{}", minglu::column_letter(c.index + 1)) } else { h.to_string() };
        if headers.get(next) == Some(&header) {
            out.push((c.index, next));
            next += 1;
        }
    }
    out
}

/// The cells where the document's people differ from the sheet as read.
pub fn compute(doc: &Doc) -> Overlay {
    let columns = value_columns(doc);
    let extras = extra_columns(doc);
    let syntax = DeptSyntax::of(doc.profile());
    let sheet = &doc.sheet;
    let mut overlay = Overlay::new();
    for person in &doc.directory.people {
        let Some(index) = person.source_row.checked_sub(sheet.first_row + 1) else { continue };
        let cells = sheet.rows.get(index);
        for &(column, field) in &columns {
            let held: Cow<'_, str> = match person.get(field) {
                "" if field == Field::Departments => Cow::Owned(dept::join(&person.departments, &syntax)),
                v => Cow::Borrowed(v),
            };
            let read = cells.map_or("", |cells| cells.text(column));
            // The directory holds cells trimmed: a cell that only had stray spaces is unchanged,
            // unless an edit took them away (a fix of text.whitespace).
            let trimmed = read != held && doc.is_trimmed(person.source_row, field);
            if read.trim() != held || trimmed {
                overlay.insert((index, column), Cell::text(held.into_owned()));
            }
        }
        // Extra columns are kept verbatim; a merge may take another row's value.
        for &(column, k) in &extras {
            let Some((_, held)) = person.extra.get(k) else { continue };
            let read = cells.map_or("", |cells| cells.text(column));
            if read != held {
                overlay.insert((index, column), Cell::text(held.clone()));
            }
        }
    }
    overlay
}

/// Run `f` on the document with the overlay written into its sheet (merged ranges holding a
/// changed cell left out, as an edit unmerges), then put the sheet back as read.
pub fn with_shown<R>(doc: &mut Doc, overlay: &Overlay, f: impl FnOnce(&Doc) -> R) -> R {
    if overlay.is_empty() {
        return f(doc);
    }
    let first_row = doc.sheet.first_row;
    let mut saved = Vec::with_capacity(overlay.len());
    for (&(r, c), cell) in overlay {
        let Some(row) = doc.sheet.rows.get(r) else { continue };
        saved.push((r, c, row.len(), row.get(c).map(|c| c.to_cell()).unwrap_or_default()));
        doc.sheet.rows.set(r, c, &cell.text, cell.kind);
    }
    let inside = |m: &minglu::read::MergedRange| {
        overlay.keys().any(|&(r, c)| {
            let r = first_row + r;
            m.first_row <= r && r <= m.last_row && m.first_col <= c && c <= m.last_col
        })
    };
    let kept = doc.sheet.merged.iter().filter(|m| !inside(m)).cloned().collect();
    let merged = std::mem::replace(&mut doc.sheet.merged, kept);
    let out = f(doc);
    doc.sheet.merged = merged;
    for (r, c, len, cell) in saved.into_iter().rev() {
        doc.sheet.rows.set(r, c, &cell.text, cell.kind);
        doc.sheet.rows.truncate_row(r, len);
    }
    out
}

/// Run `f` with the rows merged away or deleted blanked in the sheet, then put them back: the
/// error report lists the sheet's non-blank rows, and a row that left the directory is not one
/// to fix any more.
pub fn without_dropped<R>(doc: &mut Doc, f: impl FnOnce(&mut Doc) -> R) -> R {
    let first_row = doc.sheet.first_row;
    let mut taken = Vec::with_capacity(doc.dropped.len());
    for d in &doc.dropped {
        let Some(index) = d.row.checked_sub(first_row + 1) else { continue };
        if index < doc.sheet.rows.len() {
            taken.push((index, doc.sheet.rows.take_row(index)));
        }
    }
    let out = f(doc);
    for (index, row) in taken {
        doc.sheet.rows.replace_row(index, &row);
    }
    out
}

/// The cells the page must change to go from the overlay `old` to `new` (same rows): each
/// changed cell as `new` has it, or as read when `new` no longer changes it.
pub fn patches(doc: &Doc, old: &Overlay, new: &Overlay) -> Vec<CellPatch> {
    let sheet = &doc.sheet;
    let mut out = Vec::new();
    let keys: std::collections::BTreeSet<&(usize, usize)> = old.keys().chain(new.keys()).collect();
    for &(r, c) in keys {
        let shown = match new.get(&(r, c)) {
            Some(cell) => cell.clone(),
            None => sheet.rows.get(r).and_then(|row| row.get(c)).map(|c| c.to_cell()).unwrap_or_default(),
        };
        let before = match old.get(&(r, c)) {
            Some(cell) => cell.clone(),
            None => sheet.rows.get(r).and_then(|row| row.get(c)).map(|c| c.to_cell()).unwrap_or_default(),
        };
        if shown == before {
            continue;
        }
        out.push(CellPatch {
            row: u32::try_from(sheet.sheet_row(r)).unwrap_or(u32::MAX),
            column: u32::try_from(c).unwrap_or(u32::MAX),
            text: shown.text,
            kind: crate::grid::kind_code(shown.kind),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use minglu::edit::{EditLog, Op};
    use minglu::{CellKind, Edit};

    fn doc(csv: &str) -> Doc {
        Doc::new(minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap())
    }

    #[test]
    fn an_edit_shows_and_its_undo_gives_back_the_cell_as_read() {
        let mut d = doc("姓名,手机\n 张三 ,138-0013-8000\n李四,13900139000\n");
        assert!(compute(&d).is_empty(), "stray spaces alone are not a change");
        let mut log = EditLog::new();
        log.apply(&mut d, Op::Edit { edits: vec![Edit::manual(2, Field::Mobile, "138-0013-8000", "13800138000")] })
            .unwrap();
        let o = compute(&d);
        assert_eq!(o.len(), 1);
        let p = patches(&d, &Overlay::new(), &o);
        assert_eq!((p[0].row, p[0].column, p[0].text.as_str()), (2, 1, "13800138000"));
        let seen = with_shown(&mut d, &o, |d| d.sheet.rows.row(1).text(1).to_string());
        assert_eq!(seen, "13800138000");
        assert_eq!(d.sheet.rows.row(1).text(1), "138-0013-8000", "the sheet as read comes back");
        log.undo(&mut d);
        let back = compute(&d);
        assert!(back.is_empty());
        let p = patches(&d, &o, &back);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].text, "138-0013-8000");
        assert_ne!(p[0].kind, crate::grid::kind_code(CellKind::Empty));
    }

    /// Regression: "fix all" skipped every text.whitespace fix of a field the directory holds
    /// trimmed (a name, an account), and the page said those cells "had been changed already".
    #[test]
    fn a_fix_of_stray_spaces_shows_the_cell_trimmed_and_its_undo_gives_them_back() {
        use minglu::{validate, Code};
        let mut d = doc("姓名,手机\n张三  ,13800138000\n李四,13900139000\n");
        let whitespace = |d: &mut Doc, o: &Overlay| {
            with_shown(d, o, |d| validate(&d.directory, &d.sheet, &d.mapping, d.profile()))
                .issues
                .iter()
                .filter(|i| i.code == Code::TextWhitespace)
                .count()
        };
        assert_eq!(whitespace(&mut d, &Overlay::new()), 1);
        let mut log = EditLog::new();
        let outcome = log.apply(&mut d, Op::Fix { codes: None }).unwrap();
        assert_eq!(outcome.changed, 1, "the fix counts as a change");
        let o = compute(&d);
        assert_eq!(o.get(&(1, 0)).map(|c| c.text.as_str()), Some("张三"));
        assert_eq!(whitespace(&mut d, &o), 0, "the check sees the cell as fixed");
        // Fixing again finds the sheet as read and changes nothing more.
        assert!(log.apply(&mut d, Op::Fix { codes: None }).is_err());
        log.undo(&mut d);
        assert!(compute(&d).is_empty(), "undone: the cell as read, spaces and all");
        assert_eq!(whitespace(&mut d, &Overlay::new()), 1);
    }

    #[test]
    fn a_merge_shows_the_extra_column_it_kept_and_undo_restores_it() {
        let mut d = doc("姓名,手机,工位\n张三,13800138000,\n张三,13800138000,A-101\n李四,13900139000,B-2\n");
        assert!(d.mapping.columns.iter().any(|c| c.field.is_none()), "工位 is an extra column");
        let mut log = EditLog::new();
        // Row 3 is the more complete one; merging it into row 2 must carry A-101 over.
        log.apply(&mut d, Op::merge(2, &[3])).unwrap();
        let o = compute(&d);
        let shown = with_shown(&mut d, &o, |d| d.sheet.rows.row(1).text(2).to_string());
        assert_eq!(shown, d.directory.people[0].extra[0].1);
        log.undo(&mut d);
        assert!(compute(&d).is_empty());
    }

    #[test]
    fn dropped_rows_are_blank_only_while_the_report_reads() {
        let mut d = doc("姓名,手机\n张三,13800138000\n张 三,13800138000\n");
        let mut log = EditLog::new();
        log.apply(&mut d, Op::merge(2, &[3])).unwrap();
        let before = d.sheet.clone();
        let blank = without_dropped(&mut d, |d| d.sheet.row_is_blank(2));
        assert!(blank);
        assert_eq!(d.sheet, before);
    }

    #[test]
    fn a_merge_writes_the_survivors_values() {
        let mut d = doc("姓名,手机,职务\n张三,13800138000,\n张 三,+86 138 0013 8000,经理\n");
        let mut log = EditLog::new();
        let g = d.duplicates()[0].clone();
        let into = minglu::dedup::default_survivor(&d.directory, &g.rows).unwrap();
        let rest: Vec<usize> = g.rows.iter().copied().filter(|&r| r != into).collect();
        log.apply(&mut d, Op::merge(into, &rest)).unwrap();
        assert_eq!(d.directory.people.len(), 1);
        let o = compute(&d);
        // Whatever the merge kept differs from some row's cells; the survivor's row shows it.
        for &(r, _) in o.keys() {
            assert_eq!(d.sheet.sheet_row(r), into);
        }
    }
}
