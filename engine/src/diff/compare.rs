//! Comparing a matched pair: which fields to compare, each field's normalized form (so a value
//! written differently is not a change), and departments (a move, or other departments changed).

use super::matching::key_value;
use super::Key;
use crate::normalize::date::{parse_date, ParsedDate};
use crate::normalize::department::similarity_key;
use crate::normalize::email::comparison_key;
use crate::normalize::gender::parse_gender;
use crate::normalize::phone::{parse_mobile, Mobile};
use crate::normalize::text::{clean_whitespace, fold_width};
use crate::{Directory, Field, Person};

/// Fields compared: those both files have a value for somewhere, except the department fields
/// (compared as paths, see [`departments`]) and family/given names (the name is compared).
pub(super) fn common_fields(old: &Directory, new: &Directory) -> Vec<Field> {
    let has = |dir: &Directory, f: Field| dir.people.iter().any(|p| !p.get(f).trim().is_empty());
    Field::ALL
        .into_iter()
        .filter(|f| !matches!(f, Field::Departments | Field::MainDepartment | Field::FamilyName | Field::GivenName))
        .filter(|&f| has(old, f) && has(new, f))
        .collect()
}

/// Both files have departments somewhere: only then are departments compared.
pub(super) fn both_have_departments(old: &Directory, new: &Directory) -> bool {
    let has = |dir: &Directory| dir.people.iter().any(|p| !p.departments.is_empty());
    has(old) && has(new)
}

/// How a matched person's departments changed.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum DeptChange {
    Same,
    /// The main (first) department changed.
    Moved {
        from: String,
        to: String,
    },
    /// Same main department, other departments added or removed.
    Others {
        from: String,
        to: String,
    },
}

/// Departments as text: `/` between levels, `;` between departments.
pub(super) fn departments_text(paths: &[crate::DeptPath]) -> String {
    paths.iter().map(|p| p.join("/")).collect::<Vec<_>>().join(";")
}

/// Compare department lists, each path by its similarity key (spaces, width, case and separator
/// style do not make a move).
pub(super) fn departments(a: &Person, b: &Person) -> DeptChange {
    // The same paths written alike (most people, month to month): nothing to normalize.
    if a.departments == b.departments {
        return DeptChange::Same;
    }
    let keys = |p: &Person| p.departments.iter().map(|d| similarity_key(&d.join("/"))).collect::<Vec<_>>();
    let (ka, kb) = (keys(a), keys(b));
    let (from, to) = (departments_text(&a.departments), departments_text(&b.departments));
    if ka.first() != kb.first() {
        return DeptChange::Moved { from, to };
    }
    let (mut sa, mut sb) = (ka, kb);
    sa.sort();
    sa.dedup();
    sb.sort();
    sb.dedup();
    if sa != sb {
        DeptChange::Others { from, to }
    } else {
        DeptChange::Same
    }
}

/// Whitespace cleaned (inner runs become one space), full-width folded.
fn text_key(raw: &str) -> String {
    let folded = fold_width(&clean_whitespace(raw)).into_owned();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The form a field's values are compared in: two values are the same when their forms are equal.
pub(super) fn normalized(field: Field, raw: &str) -> String {
    match field {
        Field::Mobile => match parse_mobile(raw) {
            Mobile::Valid(p) | Mobile::UnknownPrefix(p) => format!("+{}", p.e164_digits()),
            _ => text_key(raw),
        },
        Field::Telephone | Field::Extension => {
            let digits: String = fold_width(raw).chars().filter(char::is_ascii_digit).collect();
            if digits.is_empty() {
                text_key(raw)
            } else {
                digits
            }
        }
        Field::Email | Field::EnterpriseEmail => comparison_key(raw),
        Field::Userid | Field::WechatId => text_key(raw).to_lowercase(),
        Field::EmployeeNo => key_value(Key::EmployeeNo, raw).unwrap_or_else(|| text_key(raw)),
        Field::Gender => parse_gender(raw).map_or_else(|| text_key(raw), |g| format!("{g:?}")),
        Field::JoinDate | Field::Birthday => match parse_date(raw, true) {
            Some(ParsedDate::Written(d) | ParsedDate::Serial(d)) => d.iso(),
            None => text_key(raw),
        },
        // `张 三`, `张　三` and `张三` are one name.
        Field::Name => text_key(raw).chars().filter(|c| !c.is_whitespace()).collect(),
        _ => text_key(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_written_differently_are_equal() {
        let same = |f: Field, a: &str, b: &str| assert_eq!(normalized(f, a), normalized(f, b), "{f:?}: {a} / {b}");
        same(Field::Mobile, "138-0013-8000", "13800138000");
        same(Field::Mobile, "+86 138 0013 8000", "１３８００１３８０００");
        same(Field::Mobile, "+852 5912 3456", "+85259123456");
        same(Field::Telephone, "010-61234567", "(010) 6123 4567");
        same(Field::Email, "ZhangSan@Corp.com ", "zhangsan@corp.com");
        same(Field::Userid, "ZhangSan", "zhangsan");
        same(Field::EmployeeNo, "000123", "123");
        same(Field::Gender, "男", "M");
        same(Field::JoinDate, "2024/1/5", "2024-01-05");
        same(Field::Name, "张　三", "张三 ");
        same(Field::Position, "高级  工程师", "高级 工程师");
        same(Field::Position, "ＨＲＢＰ", "HRBP");
    }

    #[test]
    fn real_changes_stay_changes() {
        let differ = |f: Field, a: &str, b: &str| assert_ne!(normalized(f, a), normalized(f, b), "{f:?}: {a} / {b}");
        differ(Field::Mobile, "13800138000", "13800138001");
        differ(Field::Mobile, "+85259123456", "59123456");
        differ(Field::Position, "工程师", "高级工程师");
        differ(Field::EmployeeNo, "A001", "A01");
        differ(Field::Email, "a@x.com", "");
        differ(Field::Name, "张三", "张叁");
    }

    fn person(paths: &[&str]) -> Person {
        Person {
            departments: paths.iter().map(|p| p.split('/').map(|s| s.trim().to_string()).collect()).collect(),
            ..Person::default()
        }
    }

    #[test]
    fn department_moves_and_other_changes() {
        assert_eq!(departments(&person(&["总部/研发"]), &person(&["总部/ 研发"])), DeptChange::Same);
        assert_eq!(departments(&person(&["总部/ＩＴ部"]), &person(&["总部/it部"])), DeptChange::Same);
        assert_eq!(departments(&person(&["A/x", "B"]), &person(&["A/x", "B"])), DeptChange::Same);
        assert_eq!(
            departments(&person(&["总部/研发"]), &person(&["总部/产品"])),
            DeptChange::Moved { from: "总部/研发".into(), to: "总部/产品".into() }
        );
        assert_eq!(
            departments(&person(&["A/x", "B"]), &person(&["A/x"])),
            DeptChange::Others { from: "A/x;B".into(), to: "A/x".into() }
        );
        assert_eq!(departments(&person(&["A/x", "B", "C"]), &person(&["A/x", "C", "B"])), DeptChange::Same);
        assert!(matches!(departments(&person(&["A/x"]), &person(&[])), DeptChange::Moved { .. }));
    }
}
