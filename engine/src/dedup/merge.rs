//! Merging one person's rows: the survivor is built field by field, and the plan says where every
//! value came from, so a person (or the app's side-by-side view) can check it before it happens.
//!
//! Rules, per field, over the rows' non-empty values (the survivor's first, then the others in
//! row order):
//! - values that are the same as the field compares them (`138-0013-8000` / `13800138000`,
//!   `张 三` / `张三`) are one value: the tidiest spelling is kept (no stray spaces or full-width
//!   characters; a mobile written the way the platform wants it);
//! - an identifier that really differs (account, mobile, e-mail, employee number, WeChat id,
//!   gender, dates, main department) keeps the survivor's value: there is no "more complete"
//!   account, and the other one stays visible in the dropped row;
//! - free text (name, title, address, remark …) takes the most complete value: the longest,
//!   ties to the survivor (`工程师` → `高级工程师`);
//! - departments are united: the survivor's paths first (its main department stays main), then
//!   the others' paths it does not have;
//! - extra columns follow the free-text rule;
//! - `picks` override any field with the value of a chosen row (the user's choice in the app).
//!
//! The merged-away rows are not deleted: applying a plan (see [`crate::edit`]) moves them to the
//! dropped list as "merged into row N".

use super::keys::field_key;
use crate::normalize::department::{self as dept, similarity_key, DeptSyntax};
use crate::normalize::phone::{parse_mobile, Mobile};
use crate::normalize::text::{clean_whitespace, has_fullwidth, is_cjk};
use crate::validate::Rules;
use crate::{Directory, Error, ErrorKind, Field, Person, Profile, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One field of a merge: every row's value and the one kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChoice {
    pub field: Field,
    /// Each row's value, in the order of [`MergePlan::rows`] (survivor first).
    pub values: Vec<String>,
    /// Index into `values` of the value kept; `None` when the value is united from all rows
    /// (departments).
    pub chosen: Option<usize>,
    /// The merged value.
    pub value: String,
    /// Do the rows hold values that differ as the field compares them?
    pub differs: bool,
}

/// One extra (unmapped) column of a merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraChoice {
    pub header: String,
    pub values: Vec<String>,
    pub chosen: usize,
    pub value: String,
    pub differs: bool,
}

/// What merging some rows into one gives, before it is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergePlan {
    /// 1-based sheet rows, the survivor first, then the merged rows ascending.
    pub rows: Vec<usize>,
    /// Every field some row fills, in field order.
    pub fields: Vec<FieldChoice>,
    pub extra: Vec<ExtraChoice>,
    /// The merged person (the survivor's row number, the chosen values, the united departments).
    pub person: Person,
}

/// The default survivor among `rows`: the row with the most filled fields (its record is the
/// most complete), ties to the earliest row. `None` when no row is in the directory.
pub fn default_survivor(directory: &Directory, rows: &[usize]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for &r in rows {
        let Some(p) = find(directory, r) else { continue };
        let filled = p.fields.values().filter(|v| !v.trim().is_empty()).count()
            + p.extra.iter().filter(|(_, v)| !v.trim().is_empty()).count();
        if best.is_none_or(|(f, row)| filled > f || (filled == f && r < row)) {
            best = Some((filled, r));
        }
    }
    best.map(|(_, r)| r)
}

fn find(directory: &Directory, row: usize) -> Option<&Person> {
    match directory.people.binary_search_by_key(&row, |p| p.source_row) {
        Ok(i) => Some(&directory.people[i]),
        // Directories are built in row order; a hand-made one may not be.
        Err(_) => directory.people.iter().find(|p| p.source_row == row),
    }
}

fn invalid(row: usize, message: String) -> Error {
    Error::new(ErrorKind::Other, message).at_row(row)
}

/// Plan merging `rows` into `into` (all 1-based sheet rows) under `profile`'s conventions
/// (account comparison, mobile style, department separators). `picks` choose, per field, the row
/// whose value is kept (one of `into` and `rows`).
pub fn plan_merge(
    directory: &Directory,
    into: usize,
    rows: &[usize],
    picks: &BTreeMap<Field, usize>,
    profile: Profile,
) -> Result<MergePlan> {
    let mut order = vec![into];
    let mut others: Vec<usize> = rows.to_vec();
    others.sort_unstable();
    others.dedup();
    if others.is_empty() || others.contains(&into) {
        return Err(invalid(into, "a merge needs the surviving row and at least one other row".into()));
    }
    order.extend(others);
    let people: Vec<&Person> = order
        .iter()
        .map(|&r| find(directory, r).ok_or_else(|| invalid(r, format!("row {r} is not in the directory"))))
        .collect::<Result<_>>()?;
    for (field, row) in picks {
        if !order.contains(row) {
            return Err(invalid(
                *row,
                format!("the value of {} is picked from row {row}, which is not merged", field.key()),
            ));
        }
    }
    let rules = Rules::of(profile);
    let syntax = DeptSyntax::of(profile);
    let survivor = people[0];
    let mut person = survivor.clone();

    let mut fields = Vec::new();
    for field in Field::ALL {
        let values: Vec<String> = people.iter().map(|p| p.get(field).to_string()).collect();
        if values.iter().all(|v| v.is_empty())
            && !(field == Field::Departments && people.iter().any(|p| !p.departments.is_empty()))
        {
            continue;
        }
        let picked = picks.get(&field).and_then(|r| order.iter().position(|o| o == r));
        let differs = {
            let keys: Vec<String> =
                values.iter().filter(|v| !v.is_empty()).map(|v| field_key(field, v, &rules.userid)).collect();
            keys.windows(2).any(|w| w[0] != w[1])
        };
        let (chosen, value) = if field == Field::Departments && picked.is_none() {
            let (paths, text) = united_departments(&people, &syntax);
            person.departments = paths;
            (None, text)
        } else {
            let i = picked.unwrap_or_else(|| choose(field, &values, &rules));
            if field == Field::Departments {
                person.departments = people[i].departments.clone();
            }
            (Some(i), values[i].clone())
        };
        if value.is_empty() {
            person.fields.remove(&field);
        } else {
            person.fields.insert(field, value.clone());
        }
        fields.push(FieldChoice { field, values, chosen, value, differs });
    }

    let mut extra = Vec::new();
    for (k, (header, _)) in survivor.extra.iter().enumerate() {
        let values: Vec<String> = people
            .iter()
            .map(|p| p.extra.iter().find(|(h, _)| h == header).map(|(_, v)| v.clone()).unwrap_or_default())
            .collect();
        if values.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let chosen = longest(&values);
        let differs = {
            let tidy: Vec<String> =
                values.iter().filter(|v| !v.trim().is_empty()).map(|v| clean_whitespace(v).into_owned()).collect();
            tidy.windows(2).any(|w| w[0] != w[1])
        };
        person.extra[k].1 = values[chosen].clone();
        extra.push(ExtraChoice { header: header.clone(), value: values[chosen].clone(), values, chosen, differs });
    }
    Ok(MergePlan { rows: order, fields, extra, person })
}

/// Fields whose differing values are not "more or less complete": the survivor's stays.
fn identifier(field: Field) -> bool {
    matches!(
        field,
        Field::Userid
            | Field::Mobile
            | Field::Email
            | Field::EnterpriseEmail
            | Field::EmployeeNo
            | Field::WechatId
            | Field::Gender
            | Field::JoinDate
            | Field::Birthday
            | Field::MainDepartment
            | Field::Telephone
            | Field::Extension
            | Field::Leader
    )
}

/// The index of the value to keep (see the module docs). `values[0]` is the survivor's.
fn choose(field: Field, values: &[String], rules: &Rules) -> usize {
    let filled: Vec<usize> = (0..values.len()).filter(|&i| !values[i].trim().is_empty()).collect();
    let Some(&first) = filled.first() else { return 0 };
    let key = |i: usize| field_key(field, &values[i], &rules.userid);
    let same = filled.iter().all(|&i| key(i) == key(first));
    if same {
        return filled.iter().copied().find(|&i| tidy(field, &values[i], rules)).unwrap_or(first);
    }
    if identifier(field) {
        return first;
    }
    longest(values)
}

/// The longest non-empty value (by characters, whitespace cleaned), ties to the earliest.
fn longest(values: &[String]) -> usize {
    let mut best = (0usize, 0usize);
    for (i, v) in values.iter().enumerate() {
        let len = clean_whitespace(v).chars().count();
        if len > best.1 {
            best = (i, len);
        }
    }
    best.0
}

/// Is `v` written the way it should be: no stray whitespace, no full-width characters in ids, a
/// mobile in the platform's style, no spaces inside a CJK name?
fn tidy(field: Field, v: &str, rules: &Rules) -> bool {
    if clean_whitespace(v) != v || has_fullwidth(v) {
        return false;
    }
    match field {
        Field::Mobile => match parse_mobile(v) {
            Mobile::Valid(p) | Mobile::UnknownPrefix(p) => rules.mobile_style.accepts(&p, v),
            _ => false,
        },
        Field::Name => {
            let chars: Vec<char> = v.chars().collect();
            !chars.windows(2).any(|w| (w[0] == ' ' && is_cjk(w[1])) || (is_cjk(w[0]) && w[1] == ' '))
        }
        _ => true,
    }
}

/// The rows' department paths united (the survivor's first; a path another row writes with
/// other spacing or width is the same path), and the cell text: the survivor's own text when
/// nothing was added, so an unchanged cell stays byte for byte.
fn united_departments(people: &[&Person], syntax: &DeptSyntax) -> (Vec<crate::DeptPath>, String) {
    let mut paths: Vec<crate::DeptPath> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for p in people {
        for path in &p.departments {
            let key = similarity_key(&path.join("/"));
            if !seen.contains(&key) {
                seen.push(key);
                paths.push(path.clone());
            }
        }
    }
    let survivor = people[0];
    if paths == survivor.departments {
        let text = match survivor.fields.get(&Field::Departments) {
            Some(t) => t.to_string(),
            None => dept::join(&paths, syntax),
        };
        return (paths, text);
    }
    let text = dept::join(&paths, syntax);
    (paths, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(row: usize, fields: &[(Field, &str)]) -> Person {
        let mut p = Person { source_row: row, ..Person::default() };
        for (f, v) in fields {
            p.fields.insert(*f, v.to_string());
        }
        p.departments = crate::parse_departments(p.get(Field::Departments), Profile::Wecom);
        p
    }

    #[test]
    fn survivor_is_built_field_by_field() {
        use Field::*;
        let dir = Directory {
            people: vec![
                person(
                    2,
                    &[(Name, "张 三"), (Mobile, "138-0013-8000"), (Position, "工程师"), (Departments, "总部/研发部")],
                ),
                person(
                    5,
                    &[
                        (Name, "张三"),
                        (Mobile, "13800138000"),
                        (Email, "zs@x.com"),
                        (Position, "高级工程师"),
                        (Departments, "总部/市场部"),
                    ],
                ),
            ],
            extra_headers: vec![],
        };
        let plan = plan_merge(&dir, 2, &[5], &BTreeMap::new(), Profile::Wecom).unwrap();
        let p = &plan.person;
        assert_eq!(p.source_row, 2);
        assert_eq!(p.get(Name), "张三");
        assert_eq!(p.get(Mobile), "13800138000");
        assert_eq!(p.get(Email), "zs@x.com");
        assert_eq!(p.get(Position), "高级工程师");
        assert_eq!(p.get(Departments), "总部/研发部；总部/市场部");
        assert_eq!(p.departments.len(), 2);
        let pos = plan.fields.iter().find(|c| c.field == Position).unwrap();
        assert!(pos.differs && pos.chosen == Some(1));
        let mobile = plan.fields.iter().find(|c| c.field == Mobile).unwrap();
        assert!(!mobile.differs);
        // A pick overrides the rule.
        let picks = BTreeMap::from([(Position, 2)]);
        assert_eq!(plan_merge(&dir, 2, &[5], &picks, Profile::Wecom).unwrap().person.get(Position), "工程师");
        assert_eq!(default_survivor(&dir, &[2, 5]), Some(5));
        assert!(plan_merge(&dir, 2, &[2], &BTreeMap::new(), Profile::Wecom).is_err());
        assert!(plan_merge(&dir, 2, &[9], &BTreeMap::new(), Profile::Wecom).is_err());
    }

    #[test]
    fn differing_identifiers_keep_the_survivors() {
        use Field::*;
        let dir = Directory {
            people: vec![
                person(2, &[(Name, "李四"), (Userid, "lisi"), (Mobile, "13900139000")]),
                person(3, &[(Name, "李四"), (Userid, "lisi_new"), (Mobile, "13700137000")]),
            ],
            extra_headers: vec![],
        };
        let plan = plan_merge(&dir, 2, &[3], &BTreeMap::new(), Profile::Wecom).unwrap();
        assert_eq!(plan.person.get(Userid), "lisi");
        assert_eq!(plan.person.get(Mobile), "13900139000");
    }
}
