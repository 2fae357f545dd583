//! Family and given names for outputs that want them apart: vCard's `N:张;三;;;`, Google's
//! `First Name`/`Last Name`, Outlook's `First Name`/`Last Name`.
//!
//! A directory usually has one 姓名 column. Chinese names are written family name first without a
//! space; most family names are one character, a few dozen are two (欧阳, 司马, 诸葛 …). Latin names
//! are written given name first. When the directory has 姓/名 columns, those win: they are what
//! the person or the HR system said, and no splitting rule beats that.

use crate::normalize::text::{is_cjk, trim};
use crate::{Field, Person};

/// Two-character surnames (复姓) of the 百家姓 that are still in use, simplified and traditional.
///
/// Left out on purpose: compounds whose first character is itself a common surname *and* whose
/// second is a common first character of given names, so that splitting as a compound would be
/// wrong far more often than right — 单于 (单 + 于…), 第五, 公冶 and the like.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
    "令狐", "钟离", "闾丘", "端木", "百里", "呼延", "南宫", "西门", "独孤", "东郭", "拓跋", "万俟", "澹台", "宗政",
    "濮阳", "太叔", "申屠", "公羊", "赫连", "仲孙", "乐正", "司空", "司寇", "梁丘", "左丘", "谷梁", "羊舌", "微生",
    "漆雕", "壤驷", "颛孙", "巫马", "亓官", "鲜于", "闻人", "太史", "即墨", "达奚", "褚师", "夹谷", "段干", "南门",
    "东门", "子车", "公西", "公良", "宰父", // Traditional forms (Taiwan, Hong Kong, Macau).
    "歐陽", "司馬", "諸葛", "東方", "尉遲", "公孫", "長孫", "軒轅", "鍾離", "閭丘", "獨孤", "東郭", "萬俟", "澹臺",
    "濮陽", "羊舌", "顓孫", "巫馬", "鮮于", "聞人", "南宮", "東門",
];

/// Is `two` (two characters) a compound surname? A binary search: this runs for every name of
/// an export, and a scan of the list was a tenth of a vCard export.
fn is_compound_surname(two: &str) -> bool {
    static SORTED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let sorted = SORTED.get_or_init(|| {
        let mut v = COMPOUND_SURNAMES.to_vec();
        v.sort_unstable();
        v
    });
    sorted.binary_search(&two).is_ok()
}

/// Separators inside transliterated and minority names (`买买提·艾力`, `约翰・史密斯`).
pub(super) const NAME_DOTS: [char; 4] = ['·', '•', '・', '‧'];

/// A name split into family and given parts (either may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    pub family: String,
    pub given: String,
}

/// Split a full name.
///
/// - CJK without separators: the family name is the first character, or the first two when they
///   are a known compound surname and at least one character is left for the given name
///   (`欧阳娜娜` → 欧阳 + 娜娜; `张三` → 张 + 三; `司马` alone → 司 + 马).
/// - With a middle dot (`买买提·艾力`): the last part is the family name, as for transliterated
///   foreign names; the rest is the given name.
/// - Latin with spaces (`John Smith`): the last word is the family name.
/// - One word, or anything else: all of it is the given name.
pub fn split_name(full: &str) -> NameParts {
    let (family, given) = split_name_ref(full);
    NameParts { family: family.to_string(), given: given.to_string() }
}

/// [`split_name`] without copying: both parts are slices of `full`.
pub(crate) fn split_name_ref(full: &str) -> (&str, &str) {
    fn parts<'s>(family: &'s str, given: &'s str) -> (&'s str, &'s str) {
        (trim(family), trim(given))
    }
    let name = trim(full);
    if name.is_empty() {
        return ("", "");
    }
    if let Some(pos) = name.rfind(NAME_DOTS) {
        let dot_len = name[pos..].chars().next().map_or(1, char::len_utf8);
        return parts(&name[pos + dot_len..], &name[..pos]);
    }
    let first = name.chars().next().unwrap_or(' ');
    if is_cjk(first) && !name.contains(char::is_whitespace) {
        // Where the second and third characters start.
        let mut starts = name.char_indices().map(|(i, _)| i).skip(1);
        let (second, third) = (starts.next(), starts.next());
        if let Some(two) = third.map(|end| &name[..end]) {
            if is_compound_surname(two) {
                return parts(two, &name[two.len()..]);
            }
        }
        return match second {
            Some(one) => parts(&name[..one], &name[one..]),
            None => ("", name),
        };
    }
    match name.rsplit_once(char::is_whitespace) {
        Some((given, family)) if !is_cjk(first) => parts(family, given),
        // `张 三`: written with a space, still family first.
        Some((family, given)) => parts(family, given),
        None => ("", name),
    }
}

/// A person's family and given names: their 姓/名 fields when either is filled, else split from
/// the full name.
pub fn name_parts(person: &Person) -> NameParts {
    let (family, given) = name_parts_ref(person);
    NameParts { family: family.to_string(), given: given.to_string() }
}

/// [`name_parts`] without copying.
pub(crate) fn name_parts_ref(person: &Person) -> (&str, &str) {
    let (family, given) = (trim(person.get(Field::FamilyName)), trim(person.get(Field::GivenName)));
    if !family.is_empty() || !given.is_empty() {
        return (family, given);
    }
    split_name_ref(person.get(Field::Name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (String, String) {
        let p = split_name(s);
        (p.family, p.given)
    }

    fn pair(f: &str, g: &str) -> (String, String) {
        (f.to_string(), g.to_string())
    }

    #[test]
    fn chinese_names() {
        assert_eq!(split("张三"), pair("张", "三"));
        assert_eq!(split("王小明"), pair("王", "小明"));
        assert_eq!(split("欧阳娜娜"), pair("欧阳", "娜娜"));
        assert_eq!(split("司马光"), pair("司马", "光"));
        assert_eq!(split("诸葛亮"), pair("诸葛", "亮"));
        assert_eq!(split("上官婉儿"), pair("上官", "婉儿"));
        assert_eq!(split("歐陽修"), pair("歐陽", "修"));
        // Two characters are always surname + given name, even when they form a compound surname.
        assert_eq!(split("司马"), pair("司", "马"));
        // 单 is a surname of its own; 单于 is not treated as a compound.
        assert_eq!(split("单于洋"), pair("单", "于洋"));
        assert_eq!(split(" 李 "), pair("", "李"));
        assert_eq!(split("张 三"), pair("张", "三"));
    }

    #[test]
    fn other_scripts_and_dots() {
        assert_eq!(split("John Smith"), pair("Smith", "John"));
        assert_eq!(split("Mary Ann Lee"), pair("Lee", "Mary Ann"));
        assert_eq!(split("Madonna"), pair("", "Madonna"));
        assert_eq!(split("买买提·艾力"), pair("艾力", "买买提"));
        assert_eq!(split("约翰・史密斯"), pair("史密斯", "约翰"));
        assert_eq!(split(""), pair("", ""));
    }

    #[test]
    fn family_and_given_fields_win() {
        let mut p = Person::default();
        p.fields.insert(Field::Name, "欧阳娜娜".into());
        assert_eq!(name_parts(&p), NameParts { family: "欧阳".into(), given: "娜娜".into() });
        p.fields.insert(Field::FamilyName, "欧".into());
        p.fields.insert(Field::GivenName, "阳娜娜".into());
        assert_eq!(name_parts(&p), NameParts { family: "欧".into(), given: "阳娜娜".into() });
    }
}
