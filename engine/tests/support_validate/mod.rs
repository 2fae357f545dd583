//! Builders for the validation tests: directories, mappings and sheets made in code, so the tests
//! do not depend on the readers.
#![allow(dead_code)]

use minglu::read::MergedRange;
use minglu::validate::{validate_with, Options};
use minglu::{Cell, CellKind, ColumnMap, Directory, Field, Lang, Mapping, Person, Profile, Report, Sheet};

/// A complete, valid WeCom row (row number `row`), with `overrides` applied (`""` removes a field).
pub fn wecom_row(row: usize, overrides: &[(Field, &str)]) -> Vec<(Field, String)> {
    let n = row;
    let mut fields: Vec<(Field, String)> = vec![
        (Field::Name, format!("员工{n}")),
        (Field::Userid, format!("user{n}")),
        (Field::Departments, "总公司/研发部".to_string()),
        (Field::Mobile, format!("138{:08}", n)),
        (Field::Email, format!("user{n}@example.com")),
    ];
    apply(&mut fields, overrides);
    fields
}

/// Only the given fields.
pub fn row_of(overrides: &[(Field, &str)]) -> Vec<(Field, String)> {
    let mut fields = Vec::new();
    apply(&mut fields, overrides);
    fields
}

fn apply(fields: &mut Vec<(Field, String)>, overrides: &[(Field, &str)]) {
    for (f, v) in overrides {
        fields.retain(|(g, _)| g != f);
        if !v.is_empty() {
            fields.push((*f, v.to_string()));
        }
    }
}

/// The columns: every field used by any row, in `Field::ALL` order.
pub fn columns(rows: &[Vec<(Field, String)>]) -> Vec<Field> {
    Field::ALL.into_iter().filter(|f| rows.iter().any(|r| r.iter().any(|(g, _)| g == f))).collect()
}

/// A directory (rows numbered from 2: the header is row 1), its sheet and mapping.
pub fn build(profile: Profile, rows: &[Vec<(Field, String)>]) -> (Directory, Sheet, Mapping) {
    let cols = columns(rows);
    let mapping = Mapping {
        profile,
        columns: cols
            .iter()
            .enumerate()
            .map(|(i, f)| ColumnMap { index: i, header: f.label_zh().to_string(), field: Some(*f) })
            .collect(),
    };
    let mut sheet = Sheet { rows: vec![cols.iter().map(|f| Cell::text(f.label_zh())).collect()].into(), ..Sheet::default() };
    let mut people = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let mut p = Person { source_row: i + 2, ..Person::default() };
        let mut cells = vec![Cell::default(); cols.len()];
        for (f, v) in r {
            p.fields.insert(*f, v.clone());
            let c = cols.iter().position(|g| g == f).unwrap();
            cells[c] = Cell::text(v.clone());
        }
        sheet.rows.push_cells(&cells);
        people.push(p);
    }
    (Directory { people, extra_headers: vec![] }, sheet, mapping)
}

pub fn check(profile: Profile, rows: &[Vec<(Field, String)>]) -> Report {
    check_lang(profile, rows, Lang::Zh)
}

pub fn check_lang(profile: Profile, rows: &[Vec<(Field, String)>], lang: Lang) -> Report {
    let (d, s, m) = build(profile, rows);
    validate_with(&d, &s, &m, profile, &Options { lang })
}

/// The code ids reported on `row`.
pub fn codes_on(report: &Report, row: usize) -> Vec<&'static str> {
    report.for_row(row).map(|i| i.code.as_str()).collect()
}

/// The one issue with `code` on `row` (panics when there is none or several).
pub fn issue<'r>(report: &'r Report, row: usize, code: &str) -> &'r minglu::Issue {
    let found: Vec<_> = report.for_row(row).filter(|i| i.code.as_str() == code).collect();
    assert_eq!(found.len(), 1, "row {row}, {code}: {:#?}", report.issues);
    found[0]
}

/// One row checked alone; the codes it gets.
pub fn codes_of(profile: Profile, row: Vec<(Field, String)>) -> Vec<&'static str> {
    let report = check(profile, &[row]);
    report.issues.iter().map(|i| i.code.as_str()).collect()
}

/// A sheet cell of another kind, for the cell checks.
pub fn set_cell(sheet: &mut Sheet, row: usize, col: usize, text: &str, kind: CellKind) {
    sheet.rows.set(row - 1, col - 1, text, kind);
}

pub fn merge(sheet: &mut Sheet, first_row: usize, col: usize, last_row: usize) {
    sheet.merged.push(MergedRange {
        first_row: first_row - 1,
        first_col: col - 1,
        last_row: last_row - 1,
        last_col: col - 1,
    });
}
