//! The signals and their keys: per person, the strings two records of one person share.
//!
//! Every key is the value as the platforms compare it (an account ignoring case where WeCom
//! does, a mobile as E.164 digits, an address lowercased), reusing [`crate::normalize`], so what
//! dedup calls "the same" is what an import would reject as a duplicate.

use super::fold::fold_name;
use super::ReasonKind;
use crate::normalize::account::{userid_key, UseridRule};
use crate::normalize::confusable::skeleton;
use crate::normalize::department::similarity_key;
use crate::normalize::email::comparison_key;
use crate::normalize::phone::{parse_mobile, Mobile};
use crate::normalize::text::{clean_whitespace, fold_width};
use crate::{Field, Person};

/// One blocking signal: persons sharing one of its keys are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Signal {
    Userid,
    Mobile,
    Email,
    EmployeeNo,
    WechatId,
    NameDepartment,
    NameTelephone,
    LookalikeEmail,
    LookalikeUserid,
}

impl Signal {
    pub(super) const ALL: [Signal; 9] = [
        Signal::Userid,
        Signal::Mobile,
        Signal::Email,
        Signal::EmployeeNo,
        Signal::WechatId,
        Signal::NameDepartment,
        Signal::NameTelephone,
        Signal::LookalikeEmail,
        Signal::LookalikeUserid,
    ];

    pub(super) fn reason(self) -> ReasonKind {
        match self {
            Signal::Userid => ReasonKind::SameUserid,
            Signal::Mobile => ReasonKind::SameMobile,
            Signal::Email => ReasonKind::SameEmail,
            Signal::EmployeeNo => ReasonKind::SameEmployeeNo,
            Signal::WechatId => ReasonKind::SameWechatId,
            Signal::NameDepartment => ReasonKind::SameNameDepartment,
            Signal::NameTelephone => ReasonKind::SameNameTelephone,
            Signal::LookalikeEmail => ReasonKind::LookalikeEmail,
            Signal::LookalikeUserid => ReasonKind::LookalikeUserid,
        }
    }

    pub(super) fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// An identifier a platform keeps unique: sharing it is evidence on its own, whatever else
    /// differs. The other signals are vetoed by a conflicting identifier (see `Identity`).
    pub(super) fn strong(self) -> bool {
        matches!(self, Signal::Userid | Signal::Mobile | Signal::Email | Signal::EmployeeNo | Signal::WechatId)
    }
}

/// Whitespace cleaned and width-folded: how ids are read before any comparison.
fn tidy(v: &str) -> String {
    fold_width(&clean_whitespace(v)).into_owned()
}

pub fn userid_of(v: &str, rule: &UseridRule) -> Option<String> {
    let t = tidy(v);
    (!t.is_empty()).then(|| userid_key(&t, rule))
}

/// The mobile as E.164 digits; unparseable values (placeholders, lost digits) give no key.
pub fn mobile_of(v: &str) -> Option<String> {
    match parse_mobile(v) {
        Mobile::Valid(p) | Mobile::UnknownPrefix(p) => Some(p.e164_digits()),
        _ => None,
    }
}

/// The address lowercased; a value without `@` and text on both sides is a placeholder, not an
/// address (`无`, `-`).
pub fn email_of(v: &str) -> Option<String> {
    let k = comparison_key(v);
    match k.split_once('@') {
        Some((l, d)) if !l.is_empty() && !d.is_empty() => Some(k),
        _ => None,
    }
}

/// Employee numbers: all-digit ones compare without leading zeros, because Excel strips them
/// from a number cell (`000123` and `123` are one number that lost its zeros).
pub fn employee_no_of(v: &str) -> Option<String> {
    let t = tidy(v);
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        let stripped = t.trim_start_matches('0');
        return Some(if stripped.is_empty() { "0".into() } else { stripped.into() });
    }
    Some(t.to_lowercase())
}

pub fn wechat_of(v: &str) -> Option<String> {
    let t = tidy(v).to_lowercase();
    (!t.is_empty()).then_some(t)
}

/// Landline digits (at least 7, so `8001` extensions alone are not a phone).
fn telephone_of(v: &str) -> Option<String> {
    let d: String = fold_width(v).chars().filter(char::is_ascii_digit).collect();
    (d.len() >= 7).then_some(d)
}

/// The comparison key of any field's value: what "the same value" means for that field. Used to
/// say which fields differ within a pair and which values a merge may treat as one.
pub fn field_key(field: Field, value: &str, rule: &UseridRule) -> String {
    let key = match field {
        Field::Name | Field::FamilyName | Field::GivenName => Some(fold_name(value)),
        Field::Userid => userid_of(value, rule),
        Field::Mobile => mobile_of(value),
        Field::Email | Field::EnterpriseEmail => email_of(value),
        Field::EmployeeNo => employee_no_of(value),
        Field::WechatId => wechat_of(value),
        Field::Telephone => telephone_of(value),
        Field::Departments | Field::MainDepartment => Some(similarity_key(value)),
        _ => None,
    };
    key.unwrap_or_else(|| tidy(value))
}

/// What the blocking pass needs to compute keys.
pub(super) struct KeyCtx {
    pub rule: UseridRule,
}

impl KeyCtx {
    /// The keys of `person` for `signal`, into `out` (cleared first). Several for the signals
    /// over several values (two address columns, several departments).
    pub(super) fn keys(&self, person: &Person, signal: Signal, out: &mut Vec<String>) {
        out.clear();
        let get = |f: Field| person.get(f);
        match signal {
            Signal::Userid => out.extend(userid_of(get(Field::Userid), &self.rule)),
            Signal::Mobile => out.extend(mobile_of(get(Field::Mobile))),
            Signal::Email => {
                out.extend(email_of(get(Field::Email)));
                out.extend(email_of(get(Field::EnterpriseEmail)));
            }
            Signal::EmployeeNo => out.extend(employee_no_of(get(Field::EmployeeNo))),
            Signal::WechatId => out.extend(wechat_of(get(Field::WechatId))),
            Signal::NameDepartment => {
                let name = fold_name(get(Field::Name));
                if name.is_empty() {
                    return;
                }
                // The leaf department: a path written with or without the company root
                // (`总部/研发中心/平台组`, `研发中心/平台组`) still meets.
                for path in &person.departments {
                    if let Some(leaf) = path.last() {
                        out.push(format!("{name}\u{1F}{}", similarity_key(leaf)));
                    }
                }
            }
            Signal::NameTelephone => {
                let name = fold_name(get(Field::Name));
                if let (false, Some(tel)) = (name.is_empty(), telephone_of(get(Field::Telephone))) {
                    out.push(format!("{name}\u{1F}{tel}"));
                }
            }
            Signal::LookalikeEmail => {
                out.extend(email_of(get(Field::Email)).map(|e| skeleton(&e)));
                out.extend(email_of(get(Field::EnterpriseEmail)).map(|e| skeleton(&e)));
            }
            Signal::LookalikeUserid => out.extend(userid_of(get(Field::Userid), &self.rule).map(|u| skeleton(&u))),
        }
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }

    /// The identifiers that tell two people apart, for the vetoes and the name support.
    pub(super) fn identity(&self, person: &Person) -> Identity {
        let userid = userid_of(person.get(Field::Userid), &self.rule);
        Identity {
            name: fold_name(person.get(Field::Name)),
            userid_skeleton: userid.as_deref().map(skeleton),
            userid,
            mobile: mobile_of(person.get(Field::Mobile)),
            employee_no: employee_no_of(person.get(Field::EmployeeNo)),
        }
    }
}

/// A person's identifiers, compared across a pair.
pub(super) struct Identity {
    pub name: String,
    pub userid: Option<String>,
    pub userid_skeleton: Option<String>,
    pub mobile: Option<String>,
    pub employee_no: Option<String>,
}

impl Identity {
    /// How many identifiers say these are two people (0–3): both have a mobile and the mobiles
    /// differ; both an employee number and they differ; both an account and the accounts differ
    /// by more than look-alike characters. Two 张伟 in one department, each with their own
    /// mobile, are two people.
    pub(super) fn conflicts(&self, other: &Identity) -> u32 {
        fn differ(a: &Option<String>, b: &Option<String>) -> bool {
            matches!((a, b), (Some(a), Some(b)) if a != b)
        }
        differ(&self.mobile, &other.mobile) as u32
            + differ(&self.employee_no, &other.employee_no) as u32
            + (differ(&self.userid, &other.userid) && differ(&self.userid_skeleton, &other.userid_skeleton)) as u32
    }

    /// 1: same folded name; -1: both named, differently; 0: a name is missing.
    pub(super) fn name_agreement(&self, other: &Identity) -> i8 {
        match (self.name.is_empty(), other.name.is_empty()) {
            (false, false) if self.name == other.name => 1,
            (false, false) => -1,
            _ => 0,
        }
    }
}

/// A 64-bit hash of a key, for sorting the blocking entries compactly (16 bytes each instead of
/// a string). Equal hashes are only candidates: every pair is verified on the keys themselves.
pub(super) fn hash_key(signal: Signal, key: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::validate::FxHasher::default();
    h.write_u8(signal as u8);
    h.write(key.as_bytes());
    // A final avalanche (splitmix64's): Fx leaves related inputs (numbers differing in the last
    // digit) close together, which is harmless for sorting but makes runs less even.
    let mut z = h.finish();
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_as_the_platforms_do() {
        assert_eq!(mobile_of("138-0013-8000"), mobile_of("+86 138 0013 8000"));
        assert_eq!(mobile_of("无"), None);
        assert_eq!(email_of("ZhangSan@Corp.com "), email_of("zhangsan@corp.com"));
        assert_eq!(email_of("-"), None);
        assert_eq!(employee_no_of("000123"), employee_no_of("123"));
        assert_eq!(employee_no_of("0000"), Some("0".into()));
        assert_ne!(employee_no_of("A0123"), employee_no_of("A123"));
    }
}
