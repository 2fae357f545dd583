//! Masking presets: export only as much of a value as the receiver needs (最小必要原则).
//!
//! Masks apply to the value as it will be written (after the destination's phone format), so a
//! masked mobile keeps the shape the importer or the phone shows: `138****8000`,
//! `+852-59****56`.

use super::names::NAME_DOTS;
use crate::Field;
use serde::{Deserialize, Serialize};

/// How one field is masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mask {
    /// Phone numbers: the middle digits become `*` (`13800138000` → `138****8000`); the country
    /// code and separators stay.
    Phone,
    /// E-mail addresses: the local part keeps its first character (`zhangsan@example.com` →
    /// `z***@example.com`).
    Email,
    /// Names: the family name stays, every character of the given name becomes `*` (`张三` →
    /// `张*`, `欧阳娜娜` → `欧阳**`, `John Smith` → `J*** Smith`).
    Name,
    /// Anything else: the first and last characters stay (`zhangsan` → `z******n`).
    Middle,
    /// The field does not leave at all: its column is removed (CSV, xlsx) or left empty
    /// (platform templates, whose columns are fixed); vCards omit the property.
    Drop,
}

impl Mask {
    /// The preset that fits `field`: phones for mobiles and landlines, e-mail for addresses,
    /// names for names, the middle for the rest.
    pub fn preset_for(field: Field) -> Mask {
        match field {
            Field::Mobile | Field::Telephone | Field::Extension => Mask::Phone,
            Field::Email | Field::EnterpriseEmail => Mask::Email,
            Field::Name | Field::EnglishName | Field::Leader => Mask::Name,
            _ => Mask::Middle,
        }
    }

    /// The stable key (`phone`, `email`, `name`, `middle`, `drop`).
    pub fn key(self) -> &'static str {
        match self {
            Mask::Phone => "phone",
            Mask::Email => "email",
            Mask::Name => "name",
            Mask::Middle => "middle",
            Mask::Drop => "drop",
        }
    }

    pub fn from_key(key: &str) -> Option<Mask> {
        match key.trim().to_ascii_lowercase().as_str() {
            "phone" | "mobile" => Some(Mask::Phone),
            "email" => Some(Mask::Email),
            "name" => Some(Mask::Name),
            "middle" | "partial" => Some(Mask::Middle),
            "drop" | "remove" | "none" => Some(Mask::Drop),
            _ => None,
        }
    }

    /// Mask one value. Empty values stay empty.
    pub fn apply(self, value: &str) -> String {
        if value.is_empty() {
            return String::new();
        }
        match self {
            Mask::Phone => mask_phone(value),
            Mask::Email => mask_email(value),
            Mask::Name => mask_name(value),
            Mask::Middle => mask_middle(value),
            Mask::Drop => String::new(),
        }
    }
}

/// One field's mask, as the export options list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaskRule {
    pub field: Field,
    pub mask: Mask,
}

/// Hide the middle digits of a phone number in place. The country code after a leading `+`
/// is kept and not counted; of the remaining digits, 11 or more keep the first 3 and last 4
/// (the mainland convention), 7–10 keep the first 2 and last 2, fewer keep only the last 2.
fn mask_phone(value: &str) -> String {
    let digits: Vec<usize> = value.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
    let skip = if value.trim_start().starts_with('+') {
        let all: String = value.chars().filter(char::is_ascii_digit).collect();
        // Without separators the country code's length comes from the E.164 zones; with one
        // (`+852-5912…`, `+86 138…`) the first group is the country code either way.
        crate::normalize::phone::split_country_code(&all).map_or(0, |(cc, _)| cc.to_string().len())
    } else {
        0
    };
    let national = &digits[skip.min(digits.len())..];
    let n = national.len();
    let (keep_head, keep_tail) = match n {
        11.. => (3, 4),
        7..=10 => (2, 2),
        3..=6 => (0, 2),
        _ => (0, 0),
    };
    let hidden: std::collections::HashSet<usize> =
        national.iter().enumerate().filter(|(k, _)| *k >= keep_head && *k + keep_tail < n).map(|(_, &i)| i).collect();
    value.char_indices().map(|(i, c)| if hidden.contains(&i) { '*' } else { c }).collect()
}

fn mask_email(value: &str) -> String {
    match value.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        _ => mask_middle(value),
    }
}

fn mask_name(value: &str) -> String {
    let parts = super::names::split_name(value);
    if parts.family.is_empty() {
        // One word: nothing is known to be the family name, so only the first character stays.
        return mask_middle_keep_first(value);
    }
    let trimmed = value.trim();
    if let Some(rest) = trimmed.strip_prefix(parts.family.as_str()) {
        // Family name first (`张三`, `张 三`): keep it and whatever separates it.
        let sep_len = rest.len() - rest.trim_start().len();
        return format!("{}{}{}", parts.family, &rest[..sep_len], given_stars(rest.trim_start()));
    }
    if let Some(rest) = trimmed.strip_suffix(parts.family.as_str()) {
        // Given name first (`John Smith`, `买买提·艾力`).
        let given_len = rest.trim_end_matches(|c: char| c.is_whitespace() || NAME_DOTS.contains(&c)).len();
        return format!("{}{}{}", given_stars(&rest[..given_len]), &rest[given_len..], parts.family);
    }
    mask_middle_keep_first(value)
}

/// A given name hidden: CJK characters each become `*`; Latin words keep their initial
/// (`Mary Ann` → `M*** A**`).
pub(super) fn given_stars(s: &str) -> String {
    if s.chars().any(crate::normalize::text::is_cjk) {
        return "*".repeat(s.chars().filter(|c| !c.is_whitespace()).count());
    }
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            let first: String = cs.next().into_iter().collect();
            format!("{first}{}", "*".repeat(cs.count()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn mask_middle(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

fn mask_middle_keep_first(value: &str) -> String {
    let mut cs = value.trim().chars();
    let first: String = cs.next().into_iter().collect();
    format!("{first}{}", "*".repeat(cs.count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(Mask::Phone.apply("13800138000"), "138****8000");
        assert_eq!(Mask::Phone.apply("+8613800138000"), "+86138****8000");
        assert_eq!(Mask::Phone.apply("+86-13800138000"), "+86-138****8000");
        assert_eq!(Mask::Phone.apply("+852-59123456"), "+852-59****56");
        assert_eq!(Mask::Phone.apply("+85259123456"), "+85259****56");
        assert_eq!(Mask::Phone.apply("010-12345678"), "010-****5678");
        assert_eq!(Mask::Phone.apply("8001"), "**01");
        assert_eq!(Mask::Phone.apply(""), "");
    }

    #[test]
    fn emails_names_and_the_rest() {
        assert_eq!(Mask::Email.apply("zhangsan@example.com"), "z***@example.com");
        assert_eq!(Mask::Email.apply("not-an-address"), "n************s");
        assert_eq!(Mask::Name.apply("张三"), "张*");
        assert_eq!(Mask::Name.apply("王小明"), "王**");
        assert_eq!(Mask::Name.apply("欧阳娜娜"), "欧阳**");
        assert_eq!(Mask::Name.apply("John Smith"), "J*** Smith");
        assert_eq!(Mask::Name.apply("买买提·艾力"), "***·艾力");
        assert_eq!(Mask::Name.apply("Madonna"), "M******");
        assert_eq!(Mask::Middle.apply("zhangsan"), "z******n");
        assert_eq!(Mask::Middle.apply("ab"), "a*");
        assert_eq!(Mask::Drop.apply("anything"), "");
    }

    #[test]
    fn presets_and_keys() {
        assert_eq!(Mask::preset_for(Field::Mobile), Mask::Phone);
        assert_eq!(Mask::preset_for(Field::EnterpriseEmail), Mask::Email);
        assert_eq!(Mask::preset_for(Field::Userid), Mask::Middle);
        for m in [Mask::Phone, Mask::Email, Mask::Name, Mask::Middle, Mask::Drop] {
            assert_eq!(Mask::from_key(m.key()), Some(m));
        }
    }
}
