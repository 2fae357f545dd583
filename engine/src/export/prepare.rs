//! People as they will leave: only the chosen fields, each written the way the destination wants
//! it (phone format, gender words, ISO dates), then masked.
//!
//! The order matters: values are rendered first and masked second, so a masked mobile keeps the
//! destination's shape (`+852-59****56` for DingTalk).

use super::mask::{given_stars, Mask};
use super::{Destination, ExportOptions};
use crate::map::header_key;
use crate::normalize::department::DeptSyntax;
use crate::normalize::phone::{parse_mobile, Mobile, MobileStyle};
use crate::normalize::{date, gender, telephone};
use crate::{Directory, Field, Person, Profile};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// What may leave, decided once for the whole directory (the preview of a few rows must show the
/// columns of the whole file).
#[derive(Debug, Clone)]
pub(crate) struct Selection {
    /// Fields with their own CSV/xlsx column, in order: the chosen ones, or every field with a
    /// value; without the dropped ones.
    pub columns: Vec<Field>,
    /// Every field whose value may leave: `columns`, plus 姓/名 when 姓名 leaves (a vCard's `N`
    /// and Google's First/Last Name are the name, split).
    pub fields: BTreeSet<Field>,
    /// Chosen extra columns, by header, in the directory's order.
    pub extras: Vec<String>,
    /// The profile whose conventions values are written in; `None` keeps values as read.
    pub render: Option<Profile>,
    /// `fields` as a bit set (bit `field as u32`): one test per value when preparing people.
    pub field_bits: u32,
}

/// The fields some person has a value for (departments: a parsed path).
pub(crate) fn fields_with_data(directory: &Directory) -> BTreeSet<Field> {
    // One pass over the people, a bit per field found: a field already found is not looked at
    // again (a pass per field was 22 passes, a tenth of a vCard export at 100k people).
    const ALL: u32 = (1 << Field::ALL.len()) - 1;
    let mut found = 0u32;
    for p in &directory.people {
        let mut new = p.fields.present() & !found & !(1 << Field::Departments as u32);
        while new != 0 {
            let bit = new & new.wrapping_neg();
            new &= !bit;
            let f = Field::ALL[bit.trailing_zeros() as usize];
            if !p.get(f).trim().is_empty() {
                found |= bit;
            }
        }
        if !p.departments.is_empty() {
            found |= 1 << Field::Departments as u32;
        }
        if found == ALL {
            break;
        }
    }
    Field::ALL.into_iter().filter(|&f| found & (1 << f as u32) != 0).collect()
}

pub(crate) fn selection(directory: &Directory, options: &ExportOptions) -> Selection {
    let chosen: Vec<Field> = if options.fields.is_empty() {
        let with_data = fields_with_data(directory);
        Field::ALL.into_iter().filter(|f| with_data.contains(f)).collect()
    } else {
        let mut seen = BTreeSet::new();
        options.fields.iter().copied().filter(|f| seen.insert(*f)).collect()
    };
    let dropped = |f: Field| options.mask_of(f) == Some(Mask::Drop);
    let columns: Vec<Field> = chosen.into_iter().filter(|&f| !dropped(f)).collect();
    let mut fields: BTreeSet<Field> = columns.iter().copied().collect();
    if fields.contains(&Field::Name) {
        for part in [Field::FamilyName, Field::GivenName] {
            if !dropped(part) {
                fields.insert(part);
            }
        }
    }
    let wanted: BTreeSet<String> = options.extra_columns.iter().map(|h| header_key(h)).collect();
    let extras = directory.extra_headers.iter().filter(|h| wanted.contains(&header_key(h))).cloned().collect();
    let render = match options.destination {
        Destination::Csv | Destination::Xlsx => None,
        d if d.is_vcard() => Some(Profile::Generic),
        d => d.profile(),
    };
    let field_bits = fields.iter().fold(0, |bits, &f| bits | 1 << f as u32);
    Selection { columns, fields, extras, render, field_bits }
}

/// The people, prepared for the destination.
pub(crate) fn prepare(people: &[Person], sel: &Selection, options: &ExportOptions) -> Vec<Person> {
    people.iter().map(|p| prepare_one(p, sel, options)).collect()
}

pub(crate) fn prepare_one(person: &Person, sel: &Selection, options: &ExportOptions) -> Person {
    let mut out = Person::default();
    prepare_into(person, sel, options, &mut out);
    out
}

/// [`prepare_one`] into `out`, reusing its buffers: a vCard export prepares each card into the
/// same person, so its fields and departments are not allocated card after card.
pub(crate) fn prepare_into(person: &Person, sel: &Selection, options: &ExportOptions, out: &mut Person) {
    out.source_row = person.source_row;
    out.fields.clear();
    for (&field, value) in &person.fields {
        if sel.field_bits & (1 << field as u32) == 0 {
            continue;
        }
        let value = crate::normalize::text::trim(value);
        if value.is_empty() {
            continue;
        }
        // Borrowed unless rendering or a mask changes it.
        let rendered = match sel.render {
            Some(profile) => render(field, value, profile),
            None => Cow::Borrowed(value),
        };
        let masked = match mask_for(field, options) {
            Some(PartMask::Plain(mask)) => Cow::Owned(mask.apply(&rendered)),
            Some(PartMask::Stars) => Cow::Owned(given_stars(&rendered)),
            None => rendered,
        };
        if !masked.is_empty() {
            out.fields.push(field, &masked); // in field order, as the person's fields come
        }
    }
    match options.mask_of(Field::Departments) {
        _ if !sel.fields.contains(&Field::Departments) => out.departments.clear(),
        None => out.departments.clone_from(&person.departments),
        Some(mask) => {
            out.departments = person.departments.iter().map(|path| path.iter().map(|s| mask.apply(s)).collect()).collect()
        }
    }
    // Extra columns leave verbatim, as the directory keeps them.
    out.extra.clear();
    out.extra.extend(person.extra.iter().filter(|(h, v)| !v.trim().is_empty() && sel.extras.contains(h)).cloned());
}

/// How a field is masked: its own rule, or — for 姓/名 — the rule of 姓名, so a masked name does
/// not leave unmasked through its parts.
enum PartMask {
    Plain(Mask),
    /// Every character of a given name becomes `*` (姓名 masked with [`Mask::Name`]).
    Stars,
}

fn mask_for(field: Field, options: &ExportOptions) -> Option<PartMask> {
    if let Some(m) = options.mask_of(field) {
        return Some(PartMask::Plain(m));
    }
    let name = options.mask_of(Field::Name)?;
    match (field, name) {
        (Field::FamilyName, Mask::Name) => None,
        (Field::GivenName, Mask::Name) => Some(PartMask::Stars),
        (Field::FamilyName | Field::GivenName, m) => Some(PartMask::Plain(m)),
        _ => None,
    }
}

/// A value written the way `profile`'s importer wants it. Values that cannot be understood are
/// written as they were read: the export never invents or drops data; validation reports them.
fn render(field: Field, value: &str, profile: Profile) -> Cow<'_, str> {
    let kept = Cow::Borrowed(value);
    match field {
        Field::Mobile => match parse_mobile(value) {
            Mobile::Valid(phone) | Mobile::UnknownPrefix(phone) => {
                let styled = mobile_style(profile).render(&phone);
                if styled == value {
                    kept
                } else {
                    Cow::Owned(styled)
                }
            }
            _ => kept,
        },
        Field::Telephone if matches!(profile, Profile::Wecom | Profile::Qiwei) => {
            telephone::wecom_telephone_fix(value).map_or(kept, Cow::Owned)
        }
        Field::Gender => gender::parse_gender(value).and_then(|g| gender::render(g, profile)).map_or(kept, Cow::Borrowed),
        Field::JoinDate | Field::Birthday => match date::parse_date(value, false) {
            Some(date::ParsedDate::Written(d) | date::ParsedDate::Serial(d)) => Cow::Owned(d.iso()),
            None => kept,
        },
        _ => kept,
    }
}

/// How `profile` writes mobiles (the same table validation checks them against).
pub(crate) fn mobile_style(profile: Profile) -> MobileStyle {
    match profile {
        Profile::Wecom | Profile::WecomApi | Profile::Qiwei => MobileStyle::Wecom,
        Profile::Dingtalk => MobileStyle::Dingtalk,
        Profile::Feishu => MobileStyle::Feishu,
        _ => MobileStyle::Plain,
    }
}

/// Department paths in `profile`'s syntax (`A/B；C` for WeCom, `A->B;C` for 企微, `A/B;C` else).
pub(crate) fn departments_text(paths: &[crate::DeptPath], profile: Profile) -> String {
    crate::normalize::department::join(paths, &DeptSyntax::of(profile))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_the_profile() {
        assert_eq!(render(Field::Mobile, "+852 5912 3456", Profile::Dingtalk), "+852-59123456");
        assert_eq!(render(Field::Mobile, "+86 138 0013 8000", Profile::Wecom), "13800138000");
        assert_eq!(render(Field::Mobile, "1.38001E+10", Profile::Wecom), "1.38001E+10");
        assert_eq!(render(Field::Gender, "M", Profile::Wecom), "男");
        assert_eq!(render(Field::Gender, "M", Profile::Google), "M");
        assert_eq!(render(Field::JoinDate, "2024年1月5日", Profile::Dingtalk), "2024-01-05");
        assert_eq!(render(Field::Telephone, "(010) 1234 5678", Profile::Wecom), "010-1234-5678");
        let paths: Vec<crate::DeptPath> = vec![vec!["总部".to_string(), "研发".to_string()].into(), vec!["市场".to_string()].into()];
        assert_eq!(departments_text(&paths, Profile::Wecom), "总部/研发；市场");
        assert_eq!(departments_text(&paths, Profile::Qiwei), "总部->研发;市场");
        assert_eq!(departments_text(&paths, Profile::Dingtalk), "总部/研发;市场");
    }
}
