//! Column → field assignment.

use super::field::header_key;
use super::{Field, Profile};
use serde::{Deserialize, Serialize};

/// One column of the sheet and the field it maps to (`None`: kept verbatim as an extra column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    /// 0-based column index.
    pub index: usize,
    /// The header text as read.
    pub header: String,
    pub field: Option<Field>,
}

/// How every column maps to fields, under which profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub profile: Profile,
    pub columns: Vec<ColumnMap>,
}

impl Mapping {
    /// The column mapped to `field`, if any (the first one).
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().find(|c| c.field == Some(field)).map(|c| c.index)
    }

    /// Assign `field` to column `index` (or unassign with `None`). A field maps to one column at a
    /// time, so a column that held it before is unassigned — its data is kept as an extra column.
    pub fn set(&mut self, index: usize, field: Option<Field>) {
        if let Some(f) = field {
            for c in &mut self.columns {
                if c.field == Some(f) {
                    c.field = None;
                }
            }
        }
        if let Some(c) = self.columns.iter_mut().find(|c| c.index == index) {
            c.field = field;
        }
    }
}

/// Headers whose meaning depends on the template. `None` keeps the column as an extra column
/// even though a generic synonym would map it.
const PROFILE_MEANINGS: &[(Profile, &str, Option<Field>)] = &[
    // Mail templates: the account is the mailbox's account (its local part, or the whole
    // address); it identifies the person, so it is the userid. Passwords and quotas stay extra.
    (Profile::Exmail, "帐号", Some(Field::Userid)),
    (Profile::Exmail, "账号", Some(Field::Userid)),
    (Profile::Exmail, "邮箱帐号", Some(Field::Userid)),
    (Profile::Exmail, "邮箱账号", Some(Field::Userid)),
    (Profile::Exmail, "成员帐号", Some(Field::Userid)),
    (Profile::Alimail, "邮箱账号", Some(Field::Userid)),
    (Profile::Alimail, "邮箱帐号", Some(Field::Userid)),
    (Profile::Alimail, "账号", Some(Field::Userid)),
    // WeCom admin template: 对外职务 is the title shown to customers, not the position; it must not
    // take Position when it comes before 职务.
    (Profile::Wecom, "对外职务", None),
    // Google CSV: phone 1 is the main (mobile) number, phone 2 usually work; the company name is
    // not a department.
    (Profile::Google, "Phone 1 - Value", Some(Field::Mobile)),
    (Profile::Google, "Phone 2 - Value", Some(Field::Telephone)),
    (Profile::Google, "Organization 1 - Name", None),
    (Profile::Google, "Organization Name", None),
    // Outlook CSV: `Title` is the honorific (Mr., Dr.); the job is `Job Title`. `Company` is not a
    // department.
    (Profile::Outlook, "Title", None),
    (Profile::Outlook, "Mobile Phone", Some(Field::Mobile)),
    (Profile::Outlook, "Business Phone", Some(Field::Telephone)),
    (Profile::Outlook, "Business Street", Some(Field::Address)),
    (Profile::Outlook, "Company", None),
    // Feishu: 工作城市 is a city, not an address; keep it as an extra column.
    (Profile::Feishu, "工作城市", None),
];

/// What `profile` says a header means: `Some(Some(field))`, `Some(None)` (explicitly no field),
/// or `None` (the profile has nothing to say; use the generic synonyms).
fn profile_meaning(profile: Profile, header: &str) -> Option<Option<Field>> {
    let key = header_key(header);
    let loose = header_key(&super::field::strip_hints(&super::field::normalize_header(header)));
    PROFILE_MEANINGS
        .iter()
        .find(|(p, h, _)| *p == profile && (header_key(h) == key || header_key(h) == loose))
        .map(|(_, _, f)| *f)
}

/// The columns decided so far and the fields they took.
struct Assignment {
    fields: Vec<Option<Field>>,
    decided: Vec<bool>,
    taken: std::collections::HashSet<Field>,
}

impl Assignment {
    /// Decide column `i` once and for all: it gets `field` unless a better or earlier column has
    /// it already — then it stays an extra column, and a later, looser pass must not give it a
    /// second-choice field either.
    fn decide(&mut self, i: usize, field: Option<Field>) {
        self.decided[i] = true;
        if let Some(f) = field {
            if self.taken.insert(f) {
                self.fields[i] = Some(f);
            }
        }
    }
}

/// Map headers to fields under `profile`.
///
/// Three passes, each left to right, so the best match wins and a field maps at most once:
/// 1. what the profile says the header means (a template's own words are the most precise —
///    `帐号` in an Exmail sheet, `Title` in Outlook), including "this is no field";
/// 2. the exact synonym (after [`normalize_header`](super::normalize_header));
/// 3. the synonym once bracketed hints are removed (`手机（必填）`, `入职时间(YYYY-MM-DD)`).
///
/// A column whose field is already taken, or that matches nothing, stays unmapped: its data is
/// kept as an extra column, never dropped.
pub fn map_columns(headers: &[String], profile: Profile) -> Mapping {
    let mut a = Assignment {
        fields: vec![None; headers.len()],
        decided: vec![false; headers.len()],
        taken: std::collections::HashSet::new(),
    };
    for (i, h) in headers.iter().enumerate() {
        if let Some(meaning) = profile_meaning(profile, h) {
            a.decide(i, meaning);
        }
    }
    for (i, h) in headers.iter().enumerate() {
        if let (false, Some(f)) = (a.decided[i], Field::from_header_exact(h)) {
            a.decide(i, Some(f));
        }
    }
    for (i, h) in headers.iter().enumerate() {
        if let (false, Some(f)) = (a.decided[i], Field::from_header_loose(h)) {
            a.decide(i, Some(f));
        }
    }
    let fields = a.fields;

    let columns = headers
        .iter()
        .enumerate()
        .map(|(index, h)| ColumnMap { index, header: h.clone(), field: fields[index] })
        .collect();
    Mapping { profile, columns }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(headers: &[&str], profile: Profile) -> Vec<Option<Field>> {
        let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        map_columns(&h, profile).columns.into_iter().map(|c| c.field).collect()
    }

    #[test]
    fn exact_beats_hinted_and_first_duplicate_wins() {
        assert_eq!(
            fields(&["手机（必填）", "手机", "手机号"], Profile::Generic),
            vec![None, Some(Field::Mobile), None]
        );
    }

    #[test]
    fn set_moves_a_field_and_keeps_the_old_column_as_extra() {
        let h: Vec<String> = ["手机", "备用电话"].iter().map(|s| s.to_string()).collect();
        let mut m = map_columns(&h, Profile::Generic);
        assert_eq!(m.column_of(Field::Mobile), Some(0));
        m.set(1, Some(Field::Mobile));
        assert_eq!(m.column_of(Field::Mobile), Some(1));
        assert_eq!(m.columns[0].field, None);
        m.set(1, None);
        assert_eq!(m.column_of(Field::Mobile), None);
    }

    #[test]
    fn profile_meanings_rebind_and_unbind() {
        assert_eq!(fields(&["邮箱账号"], Profile::Generic), vec![Some(Field::Email)]);
        assert_eq!(fields(&["邮箱账号*"], Profile::Alimail), vec![Some(Field::Userid)]);
        assert_eq!(fields(&["Title", "Job Title"], Profile::Outlook), vec![None, Some(Field::Position)]);
        assert_eq!(fields(&["Title", "Job Title"], Profile::Generic), vec![Some(Field::Position), None]);
    }
}
