//! The directory: people with canonical fields, extra columns kept verbatim, and the source row
//! every person came from.

mod dept_path;
mod fields;
mod view;

pub use dept_path::DeptPath;
pub use fields::{Fields, Iter as FieldsIter};

use crate::map::{Field, Mapping, Profile};
use crate::read::Sheet;
use serde::{Deserialize, Serialize};

/// One person as mapped from one source row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The 1-based sheet row this person came from (as a spreadsheet shows it).
    pub source_row: usize,
    /// Canonical fields with their text, as read (not yet normalized).
    pub fields: Fields,
    /// Department paths, each a list of segments (`公司/部门A/子部门B` → `["公司","部门A","子部门B"]`);
    /// the first is the main one. Shared with the other people read from the same text.
    pub departments: Vec<DeptPath>,
    /// Columns that map to no field: `(header, value)`, kept verbatim in column order.
    pub extra: Vec<(String, String)>,
}

impl Person {
    #[inline]
    pub fn get(&self, field: Field) -> &str {
        self.fields.get(&field).unwrap_or("")
    }
}

/// People mapped from a sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    pub people: Vec<Person>,
    /// Headers of the extra (unmapped) columns, in order; `Person::extra` follows this order.
    pub extra_headers: Vec<String>,
}

impl Directory {
    /// Build the directory from the data rows below `header_row` (index into `sheet.rows`).
    ///
    /// Every non-blank row becomes a person (its `source_row` is the row number a spreadsheet
    /// shows); blank rows are skipped (see [`Directory::blank_rows`]). Mapped columns give the
    /// canonical fields (trimmed; empty cells leave the field unset); unmapped columns are kept
    /// verbatim as extra columns. With no name column, the name is composed from family and
    /// given names. Departments are parsed into paths with the profile's separators
    /// (see [`parse_departments`]).
    pub fn from_sheet(sheet: &Sheet, header_row: usize, mapping: &Mapping) -> Directory {
        let width = sheet.width().max(mapping.columns.len());
        let field_of: Vec<Option<Field>> =
            (0..width).map(|c| mapping.columns.iter().find(|m| m.index == c).and_then(|m| m.field)).collect();
        let data = (header_row + 1)..sheet.rows.len();

        // Extra columns: every unmapped column, except a column with neither a header nor any
        // data (trailing formatted-but-empty columns) — it would only add noise to exports.
        let extra_cols: Vec<usize> = (0..width)
            .filter(|&c| field_of[c].is_none())
            .filter(|&c| {
                !sheet.cell_text(header_row, c).trim().is_empty()
                    || data.clone().any(|r| !sheet.cell_text(r, c).trim().is_empty())
            })
            .collect();
        let extra_headers: Vec<String> =
            extra_cols.iter().map(|&c| extra_header(sheet, header_row, mapping, c)).collect();

        // The mapped columns grouped by field, in field order (columns of one field in column
        // order), so a person's fields are appended in order into one reused buffer and copied
        // out once: collecting (field, text) pairs and sorting them per person was a third of
        // mapping a CSV's people.
        let mut columns_of: Vec<(Field, Vec<usize>)> = Vec::new();
        for field in Field::ALL {
            let columns: Vec<usize> = (0..width).filter(|&c| field_of[c] == Some(field)).collect();
            if !columns.is_empty() {
                columns_of.push((field, columns));
            }
        }
        let mut fields = Fields::new();
        // A row still as read gives a person that reads its fields from the row's cells (no copy
        // of the text: see `view`); a row changed since (rare) gives a person with a copy.
        let layout = std::sync::Arc::new(view::Layout::new(&columns_of));
        let frozen = sheet.rows.frozen();
        let has_name_column = field_of.contains(&Some(Field::Name));
        // A directory has few distinct department texts and many people under each: the paths
        // of a text are parsed once and shared (see `DeptPath`).
        let mut paths_of: crate::validate::FastMap<String, Vec<DeptPath>> = Default::default();
        let mut people = Vec::new();
        for r in data {
            if sheet.row_is_blank(r) {
                continue;
            }
            let viewed = sheet.rows.frozen_row(r).and_then(|(first, len)| view::View::of_row(frozen, &layout, first, len));
            let person_fields = match viewed {
                Some((view, set)) => Fields::view(view, set),
                None => {
                    let cells = sheet.rows.row(r);
                    fields.clear();
                    for (field, columns) in &columns_of {
                        // A field mapped twice takes its last non-empty cell, as inserting into a
                        // map would (the view reads it the same way).
                        let text = columns.iter().rev().map(|&c| cells.text(c).trim()).find(|t| !t.is_empty());
                        if let Some(text) = text {
                            fields.push(*field, text);
                        }
                    }
                    fields.clone()
                }
            };
            let mut person =
                Person { source_row: sheet.sheet_row(r), fields: person_fields, departments: Vec::new(), extra: Vec::new() };
            if !has_name_column {
                let name = compose_name(person.get(Field::FamilyName), person.get(Field::GivenName));
                if !name.is_empty() {
                    person.fields.insert(Field::Name, name);
                }
            }
            let text = person.get(Field::Departments);
            person.departments = match paths_of.get(text) {
                Some(paths) => paths.clone(),
                None => {
                    let paths = parse_departments(text, mapping.profile);
                    paths_of.insert(text.to_string(), paths.clone());
                    paths
                }
            };
            if let Some(main) = parse_departments(person.get(Field::MainDepartment), mapping.profile).into_iter().next()
            {
                // The first path is the main one: move the main department to the front when it
                // is listed; when it is not, the list is left as written for validation to report.
                if let Some(pos) = person.departments.iter().position(|d| *d == main) {
                    let d = person.departments.remove(pos);
                    person.departments.insert(0, d);
                }
            }
            person.extra = extra_cols
                .iter()
                .zip(&extra_headers)
                .map(|(&c, h)| (h.clone(), sheet.cell_text(r, c).to_string()))
                .collect();
            people.push(person);
        }
        Directory { people, extra_headers }
    }

    /// The 1-based sheet rows between the header and the last person that were blank and so
    /// skipped: with the people's `source_row`s they account for every row below the header.
    /// Blank rows after the last person are the sheet's tail and are not listed.
    pub fn blank_rows(&self, sheet: &Sheet, header_row: usize) -> Vec<usize> {
        let last = self.people.last().map_or(0, |p| p.source_row);
        ((header_row + 1)..sheet.rows.len())
            .filter(|&r| sheet.row_is_blank(r) && sheet.sheet_row(r) < last)
            .map(|r| sheet.sheet_row(r))
            .collect()
    }
}

/// The header of an extra column; an empty header cell is named after its column (`列C`) so
/// the value can still be exported and pointed at.
fn extra_header(sheet: &Sheet, header_row: usize, mapping: &Mapping, c: usize) -> String {
    let from_mapping = mapping.columns.iter().find(|m| m.index == c).map(|m| m.header.trim().to_string());
    let header = from_mapping.unwrap_or_else(|| sheet.cell_text(header_row, c).trim().to_string());
    if header.is_empty() {
        format!("列{}", crate::column_letter(c + 1))
    } else {
        header
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // kana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x3134F) // extensions B–G
}

/// A full name from family and given names: CJK names are written family first without a space
/// (张 + 三 → 张三); Latin names given first with a space (Smith + John → John Smith).
pub fn compose_name(family: &str, given: &str) -> String {
    let (family, given) = (family.trim(), given.trim());
    if family.is_empty() || given.is_empty() {
        return format!("{family}{given}");
    }
    if family.chars().chain(given.chars()).any(is_cjk) {
        format!("{family}{given}")
    } else {
        format!("{given} {family}")
    }
}

/// Split a departments cell into paths of segments.
///
/// Several departments are separated by `;` or `；` in every template (WeCom admin uses `；`, 企微,
/// DingTalk and the mail templates `;`). A comma separates them only when no semicolon is present,
/// and only in generic, Google/Outlook and Feishu sheets: the Chinese templates allow commas inside
/// department names, while hand-made sheets and contact exports do write `市场部,销售部`.
///
/// Within a path, `->` separates levels when present (企微 `营销中心->大客户部->工业制造`; a `/`
/// then belongs to a name); otherwise `/` does (`公司/事业群/部门`), and in generic sheets also
/// `\` (HR exports; WeCom forbids `\` in names). Segments are trimmed; empty ones dropped.
pub fn parse_departments(value: &str, profile: Profile) -> Vec<DeptPath> {
    let value = value.trim();
    if value.is_empty() {
        return Vec::new();
    }
    let comma_fallback = matches!(profile, Profile::Generic | Profile::Google | Profile::Outlook | Profile::Feishu);
    let lists: Vec<&str> = if value.contains([';', '；']) || !comma_fallback {
        value.split([';', '；']).collect()
    } else {
        value.split([',', '，']).collect()
    };
    let backslash = matches!(profile, Profile::Generic);
    lists
        .into_iter()
        .map(|path| {
            let segments: Vec<&str> = if path.contains("->") {
                path.split("->").collect()
            } else if backslash {
                path.split(['/', '\\']).collect()
            } else {
                path.split('/').collect()
            };
            segments.into_iter().map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect::<DeptPath>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(v: &str, p: Profile) -> Vec<Vec<String>> {
        parse_departments(v, p).iter().map(|path| path.to_vec()).collect()
    }

    #[test]
    fn people_with_the_same_department_text_share_its_paths() {
        let csv = "姓名,部门\n张三,总部/研发部;总部/市场部\n李四,总部/研发部;总部/市场部\n王五,总部/研发部\n";
        let directory = crate::open(csv.as_bytes(), &crate::OpenOptions::default()).unwrap().directory;
        let [a, b, c] = [0, 1, 2].map(|i| &directory.people[i].departments);
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
        assert!(std::ptr::eq(a[0].as_ptr(), b[0].as_ptr()), "one list for both people");
        assert_eq!(c[0], a[0], "the same path from another text is equal, just not shared");
    }

    #[test]
    fn a_field_mapped_to_two_columns_takes_the_last_non_empty_cell() {
        let csv = "姓名,手机,备用手机,邮箱\n张三,13800138000,,z@e.cn\n李四,13800138001,13900139000,\n王五,,13900139001,\n";
        let mut opened = crate::open(csv.as_bytes(), &crate::OpenOptions::default()).unwrap();
        for column in &mut opened.mapping.columns {
            if column.index == 2 {
                column.field = Some(Field::Mobile);
            }
        }
        let directory = Directory::from_sheet(&opened.sheet, opened.header_index, &opened.mapping);
        let mobiles: Vec<_> = directory.people.iter().map(|p| p.get(Field::Mobile)).collect();
        assert_eq!(mobiles, ["13800138000", "13900139000", "13900139001"]);
        let first: Vec<_> = directory.people[0].fields.iter().map(|(f, v)| (*f, v)).collect();
        assert_eq!(first, [(Field::Name, "张三"), (Field::Mobile, "13800138000"), (Field::Email, "z@e.cn")]);
    }

    #[test]
    fn people_read_their_fields_from_the_cells_as_read_and_copy_them_out_to_change() {
        let csv = "姓名,手机,邮箱\n 张三 ,13800138000,\n李四,,l@e.cn\n";
        let mut opened = crate::open(csv.as_bytes(), &crate::OpenOptions::default()).unwrap();
        let text_held = |d: &Directory| d.people.iter().map(|p| p.fields.own_text_len()).sum::<usize>();
        assert_eq!(text_held(&opened.directory), 0, "no copy of the cells' text");
        let zhang = &opened.directory.people[0];
        assert_eq!((zhang.get(Field::Name), zhang.get(Field::Email)), ("张三", ""));
        assert_eq!(zhang.fields.len(), 2);
        // The sheet changes under a directory (the app writes its edits over the cells for the
        // check, then puts them back): the people keep reading the cells as read.
        let row = opened.header_index + 1;
        opened.sheet.rows.set(row, 0, "张三丰", crate::CellKind::Text);
        assert_eq!(opened.directory.people[0].get(Field::Name), "张三");
        // Mapped again, the changed row gives a person with its own copy.
        let again = Directory::from_sheet(&opened.sheet, opened.header_index, &opened.mapping);
        assert_eq!(again.people[0].get(Field::Name), "张三丰");
        assert_eq!(text_held(&again), "张三丰13800138000".len());
        // A change to a person copies its fields out; the others still read the cells.
        let mut people = opened.directory.people.clone();
        people[1].fields.insert(Field::Mobile, "13900139000".into());
        assert_eq!(people[1].fields.iter().collect::<Vec<_>>(), [(&Field::Name, "李四"), (&Field::Mobile, "13900139000"), (&Field::Email, "l@e.cn")]);
        assert_eq!(people[0], opened.directory.people[0]);
        assert_ne!(people[1], opened.directory.people[1]);
    }

    #[test]
    fn department_separators_per_profile() {
        assert_eq!(
            paths("总部/研发中心/平台组；总部/产品中心", Profile::Wecom),
            vec![vec!["总部", "研发中心", "平台组"], vec!["总部", "产品中心"]]
        );
        assert_eq!(
            paths("营销中心->大客户部->工业制造;市场部", Profile::Qiwei),
            vec![vec!["营销中心", "大客户部", "工业制造"], vec!["市场部"]]
        );
        assert_eq!(paths("A->B/C", Profile::Qiwei), vec![vec!["A", "B/C"]]);
        assert_eq!(paths("市场部,销售部", Profile::Generic), vec![vec!["市场部"], vec!["销售部"]]);
        assert_eq!(paths("市场部,销售部", Profile::Wecom), vec![vec!["市场部,销售部"]]);
        assert_eq!(paths("总部\\财务部", Profile::Generic), vec![vec!["总部", "财务部"]]);
        assert_eq!(paths(" /总部// 研发 /;;", Profile::Dingtalk), vec![vec!["总部", "研发"]]);
        assert!(paths("  ", Profile::Generic).is_empty());
    }

    #[test]
    fn names_compose_by_script() {
        assert_eq!(compose_name("张", "三"), "张三");
        assert_eq!(compose_name("欧阳", "娜娜"), "欧阳娜娜");
        assert_eq!(compose_name("Smith", "John"), "John Smith");
        assert_eq!(compose_name("", "John"), "John");
        assert_eq!(compose_name("", ""), "");
    }
}
