//! The grid a CSV or xlsx output holds: headers, one row per person, and for each cell which
//! field it came from (for the manifest).

use super::prepare::{departments_text, Selection};
use super::templates::{template, Src};
use super::{inject, names, ExportOptions};
use crate::map::header_key;
use crate::validate::Lang;
use crate::{Field, Person, Profile};
use std::collections::{BTreeMap, BTreeSet};

/// What a CSV/xlsx output holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// A title row above the header, followed by a blank row (the WeCom admin template).
    pub title: Option<String>,
    pub sheet_name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The source row of each row, for error messages.
    pub source_rows: Vec<usize>,
    /// Field → the headers its values were written under (non-empty values only).
    pub carried: BTreeMap<Field, BTreeSet<String>>,
}

impl Table {
    /// Neutralize every cell (and header) that a spreadsheet could run as a formula; returns how
    /// many changed.
    pub fn neutralize(&mut self) -> usize {
        let mut n = 0;
        let cells = self.title.iter_mut().chain(self.headers.iter_mut()).chain(self.rows.iter_mut().flatten());
        for cell in cells {
            if let Some(safe) = inject::neutralize(cell) {
                *cell = safe;
                n += 1;
            }
        }
        n
    }

    fn note(&mut self, field: Field, header: &str) {
        self.carried.entry(field).or_default().insert(header.to_string());
    }
}

/// The table of `people` (already prepared) for `options.destination`.
pub(crate) fn build(sel: &Selection, people: &[Person], options: &ExportOptions) -> Table {
    match template(options.destination) {
        Some(t) => {
            let mut table = Table {
                title: t.title.map(str::to_string),
                sheet_name: t.sheet_name.to_string(),
                headers: t.columns.iter().map(|c| c.header.to_string()).collect(),
                ..Table::default()
            };
            for p in people {
                let mut row = Vec::with_capacity(t.columns.len());
                for c in t.columns {
                    let (value, field) = template_cell(p, c.src, c.header, t.profile, options);
                    if let (Some(f), false) = (field, value.is_empty()) {
                        table.note(f, c.header);
                    }
                    row.push(value);
                }
                table.rows.push(row);
                table.source_rows.push(p.source_row);
            }
            table
        }
        None => generic(sel, people, options.lang),
    }
}

/// One template cell and the field its value came from.
fn template_cell(
    p: &Person,
    src: Src,
    header: &str,
    profile: Profile,
    options: &ExportOptions,
) -> (String, Option<Field>) {
    let get = |f: Field| p.fields.get(&f).map(str::to_string).unwrap_or_default();
    match src {
        Src::Field(f) => (get(f), Some(f)),
        Src::First(fs) => fs.iter().find_map(|&f| p.fields.get(&f).map(|v| (v.to_string(), Some(f)))).unwrap_or_default(),
        Src::Departments => (departments_text(&p.departments, profile), Some(Field::Departments)),
        Src::Family | Src::Given => {
            let parts = names::name_parts(p);
            let own = if src == Src::Family { Field::FamilyName } else { Field::GivenName };
            let from = if p.fields.contains_key(&own) { own } else { Field::Name };
            let value = if src == Src::Family { parts.family } else { parts.given };
            (value, Some(from))
        }
        Src::Label(f, label) => (if p.fields.contains_key(&f) { label.to_string() } else { String::new() }, None),
        Src::Organization => (options.organization.clone().unwrap_or_default().trim().to_string(), None),
        Src::Extra => {
            let key = header_key(header);
            let value = p.extra.iter().find(|(h, _)| header_key(h) == key).map(|(_, v)| v.clone());
            (value.unwrap_or_default(), None)
        }
    }
}

/// The header of a field in a plain CSV/xlsx: the label Minglu reads back as that field.
fn label(field: Field, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => field.label_zh(),
        Lang::En => field.label_en(),
    }
}

/// Plain CSV/xlsx: the chosen fields as columns (values as read; departments as `A/B;C`), then
/// the chosen extra columns.
fn generic(sel: &Selection, people: &[Person], lang: Lang) -> Table {
    let mut table = Table { sheet_name: "通讯录".to_string(), ..Table::default() };
    table.headers = sel.columns.iter().map(|&f| label(f, lang).to_string()).chain(sel.extras.iter().cloned()).collect();
    for p in people {
        let mut row = Vec::with_capacity(table.headers.len());
        for &f in &sel.columns {
            let value = if f == Field::Departments {
                departments_text(&p.departments, Profile::Generic)
            } else {
                p.fields.get(&f).map(str::to_string).unwrap_or_default()
            };
            if !value.is_empty() {
                table.note(f, label(f, lang));
            }
            row.push(value);
        }
        for h in &sel.extras {
            row.push(p.extra.iter().find(|(eh, _)| eh == h).map(|(_, v)| v.clone()).unwrap_or_default());
        }
        table.rows.push(row);
        table.source_rows.push(p.source_row);
    }
    table
}
