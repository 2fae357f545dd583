//! The signals and their keys: per person, the strings two records of one person share.
//!
//! Every key is the value as the platforms compare it (an account ignoring case where WeCom
//! does, a mobile as E.164 digits, an address lowercased), reusing [`crate::normalize`], so what
//! dedup calls "the same" is what an import would reject as a duplicate.

use super::fold::fold_name_into;
use super::ReasonKind;
use crate::normalize::account::{userid_key, UseridRule};
use crate::normalize::department::similarity_key;
use crate::normalize::email::comparison_key;
use crate::normalize::phone::{parse_mobile, Mobile};
use crate::normalize::text::{clean_whitespace, fold_width, is_cjk, is_invisible, is_odd_space};
use crate::{Field, Person};

/// One blocking signal: persons sharing one of its keys are compared.
///
/// Accounts and addresses block on their look-alike skeletons, which hold the exact values too:
/// one block finds both `zhangsan@` twice and `zhangsl@` / `zhangs1@`, and verification tells the
/// exact match from the look-alike (half the entries of blocking on both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Signal {
    Userid,
    Mobile,
    Email,
    EmployeeNo,
    WechatId,
    NameDepartment,
    NameTelephone,
}

impl Signal {
    pub(super) const ALL: [Signal; 7] = [
        Signal::Userid,
        Signal::Mobile,
        Signal::Email,
        Signal::EmployeeNo,
        Signal::WechatId,
        Signal::NameDepartment,
        Signal::NameTelephone,
    ];

    /// The reason an exact match of this signal gives.
    pub(super) fn reason(self) -> ReasonKind {
        match self {
            Signal::Userid => ReasonKind::SameUserid,
            Signal::Mobile => ReasonKind::SameMobile,
            Signal::Email => ReasonKind::SameEmail,
            Signal::EmployeeNo => ReasonKind::SameEmployeeNo,
            Signal::WechatId => ReasonKind::SameWechatId,
            Signal::NameDepartment => ReasonKind::SameNameDepartment,
            Signal::NameTelephone => ReasonKind::SameNameTelephone,
        }
    }

    /// The look-alike reason of the signals blocking on skeletons.
    pub(super) fn lookalike(self) -> Option<ReasonKind> {
        match self {
            Signal::Userid => Some(ReasonKind::LookalikeUserid),
            Signal::Email => Some(ReasonKind::LookalikeEmail),
            _ => None,
        }
    }

    pub(super) fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// A signal whose blocks pair rows the vetoes cannot drop before verification: the
    /// identifiers (their exact matches are evidence whatever else differs; their look-alikes
    /// are vetoed once verified). The name signals are vetoed as soon as they pair.
    pub(super) fn identifier(self) -> bool {
        !matches!(self, Signal::NameDepartment | Signal::NameTelephone)
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
    let mut out = String::new();
    field_key_into(field, value, rule, &mut out);
    out
}

/// [`field_key`], appended to `out`.
pub(crate) fn field_key_into(field: Field, value: &str, rule: &UseridRule, out: &mut String) {
    let start = out.len();
    let keyed = match field {
        Field::Name | Field::FamilyName | Field::GivenName => {
            fold_name_into(value, out);
            true
        }
        Field::Userid => userid_into(value, rule, out),
        Field::Mobile => mobile_into(value, out),
        Field::Email | Field::EnterpriseEmail => email_into(value, out),
        Field::EmployeeNo => employee_no_into(value, out),
        Field::WechatId => wechat_into(value, out),
        Field::Telephone => telephone_of(value).map(|t| out.push_str(&t)).is_some(),
        Field::Departments | Field::MainDepartment => {
            out.push_str(&similarity_key(value));
            true
        }
        _ => false,
    };
    if !keyed {
        out.truncate(start);
        out.push_str(&fold_width(&clean_whitespace(value)));
    }
}

/// Keys of one person for one signal, in one reused buffer: no allocation per key, which at a
/// million rows and nine signals is most of the cost.
#[derive(Default)]
pub(super) struct KeyBuf {
    text: String,
    ends: Vec<usize>,
    scratch: String,
}

impl KeyBuf {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// Append a key written by `write` (which returns false, or writes nothing, for no key).
    fn push(&mut self, write: impl FnOnce(&mut String) -> bool) {
        let start = self.text.len();
        if write(&mut self.text) && self.text.len() > start {
            self.ends.push(self.text.len());
        } else {
            self.text.truncate(start);
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let text = &self.text;
        self.ends.iter().scan(0, move |start, &end| {
            let k = &text[*start..end];
            *start = end;
            Some(k)
        })
    }

    /// After [`KeyCtx::keys`] for [`Signal::Userid`]: the account's exact key its skeleton was
    /// taken of (what [`KeyCtx::exact`] gives; empty when there is none).
    pub(super) fn exact_userid(&self) -> &str {
        &self.scratch
    }

    pub(super) fn contains(&self, key: &str) -> bool {
        self.iter().any(|k| k == key)
    }
}

/// Plain ASCII with no whitespace or control characters: the fast path of every id key (the
/// general functions above give the same key for such values, only slower).
fn plain(v: &str) -> bool {
    !v.is_empty() && v.bytes().all(|b| b > b' ' && b < 0x7F)
}

fn push_lower(v: &str, out: &mut String) -> bool {
    crate::normalize::text::push_lowercase(v, out);
    true
}

fn userid_into(v: &str, rule: &UseridRule, out: &mut String) -> bool {
    if plain(v) {
        if rule.case_insensitive {
            return push_lower(v, out);
        }
        out.push_str(v);
        return true;
    }
    userid_of(v, rule).map(|k| out.push_str(&k)).is_some()
}

fn mobile_into(v: &str, out: &mut String) -> bool {
    // An 11-digit mainland number as most cells hold it.
    if v.len() == 11 && v.starts_with('1') && v.bytes().all(|b| b.is_ascii_digit()) {
        out.push_str("86");
        out.push_str(v);
        return true;
    }
    mobile_of(v).map(|k| out.push_str(&k)).is_some()
}

fn email_into(v: &str, out: &mut String) -> bool {
    if plain(v) {
        return match v.split_once('@') {
            Some((l, d)) if !l.is_empty() && !d.is_empty() => push_lower(v, out),
            _ => false,
        };
    }
    email_of(v).map(|k| out.push_str(&k)).is_some()
}

fn employee_no_into(v: &str, out: &mut String) -> bool {
    if plain(v) {
        if v.bytes().all(|b| b.is_ascii_digit()) {
            let stripped = v.trim_start_matches('0');
            out.push_str(if stripped.is_empty() { "0" } else { stripped });
            return true;
        }
        return push_lower(v, out);
    }
    employee_no_of(v).map(|k| out.push_str(&k)).is_some()
}

fn wechat_into(v: &str, out: &mut String) -> bool {
    if plain(v) {
        return push_lower(v, out);
    }
    wechat_of(v).map(|k| out.push_str(&k)).is_some()
}

/// A department segment's [`similarity_key`], appended: width-folded, whitespace dropped,
/// lowercased, `\` as `/` (a segment never holds `->`: paths are split on it).
fn segment_into(segment: &str, out: &mut String) {
    for c in segment.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\\' => '/',
            _ => c,
        };
        if c.is_ascii() {
            if !c.is_ascii_whitespace() {
                out.push(c.to_ascii_lowercase());
            }
        } else if is_cjk(c) {
            out.push(c); // no case, no space: asking Unicode's tables is a search per character
        } else if !(c.is_whitespace() || is_invisible(c) || is_odd_space(c)) {
            out.extend(c.to_lowercase());
        }
    }
}

/// The look-alike [`skeleton`] of `v`, appended (always a key: see `keys`).
fn skeleton_into(v: &str, out: &mut String) -> bool {
    crate::normalize::confusable::skeleton_into(v, out);
    true
}

/// What the blocking pass needs to compute keys.
pub(super) struct KeyCtx {
    pub rule: UseridRule,
}

impl KeyCtx {
    /// The blocking keys of `person` for `signal`, into `out` (cleared first): several for the
    /// signals over several values (two address columns, several departments); skeletons for
    /// accounts and addresses.
    pub(super) fn keys(&self, person: &Person, signal: Signal, out: &mut KeyBuf) {
        match signal {
            Signal::Userid | Signal::Email => {
                let mut exact = std::mem::take(&mut out.scratch);
                exact.clear();
                let mut ends = [0usize; 2];
                let mut n = 0;
                for &f in self.exact_fields(signal) {
                    if self.exact_into(person, f, &mut exact) {
                        ends[n] = exact.len();
                        n += 1;
                    }
                }
                out.clear();
                let mut start = 0;
                for &end in &ends[..n] {
                    out.push(|o| skeleton_into(&exact[start..end], o));
                    start = end;
                }
                out.scratch = exact;
            }
            _ => self.exact(person, signal, out),
        }
    }

    /// The fields a signal reads exact keys from.
    fn exact_fields(&self, signal: Signal) -> &'static [Field] {
        match signal {
            Signal::Userid => &[Field::Userid],
            Signal::Email => &[Field::Email, Field::EnterpriseEmail],
            _ => &[],
        }
    }

    /// Append the exact key of an account or address field; false when it has none.
    fn exact_into(&self, person: &Person, field: Field, out: &mut String) -> bool {
        let start = out.len();
        let ok = match field {
            Field::Userid => userid_into(person.get(field), &self.rule, out),
            _ => email_into(person.get(field), out),
        };
        if !ok || out.len() == start {
            out.truncate(start);
            return false;
        }
        true
    }

    /// The exact keys of `person` for `signal` (the values as the platform compares them), into
    /// `out` (cleared first).
    pub(super) fn exact(&self, person: &Person, signal: Signal, out: &mut KeyBuf) {
        out.clear();
        let get = |f: Field| person.get(f);
        match signal {
            Signal::Userid | Signal::Email => {
                for &f in self.exact_fields(signal) {
                    out.push(|o| self.exact_into(person, f, o));
                }
            }
            Signal::Mobile => out.push(|o| mobile_into(get(Field::Mobile), o)),
            Signal::EmployeeNo => out.push(|o| employee_no_into(get(Field::EmployeeNo), o)),
            Signal::WechatId => out.push(|o| wechat_into(get(Field::WechatId), o)),
            Signal::NameDepartment => {
                let mut name = std::mem::take(&mut out.scratch);
                name.clear();
                fold_name_into(get(Field::Name), &mut name);
                if !name.is_empty() {
                    // The leaf department: a path written with or without the company root
                    // (`总部/研发中心/平台组`, `研发中心/平台组`) still meets.
                    for leaf in person.departments.iter().filter_map(|p| p.last()) {
                        out.push(|o| {
                            o.push_str(&name);
                            o.push('\u{1F}');
                            segment_into(leaf, o);
                            true
                        });
                    }
                }
                out.scratch = name;
            }
            Signal::NameTelephone => {
                let tel = get(Field::Telephone);
                let digits = tel.chars().filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
                if digits >= 7 {
                    out.push(|o| {
                        fold_name_into(get(Field::Name), o);
                        if o.is_empty() {
                            return false;
                        }
                        o.push('\u{1F}');
                        o.extend(fold_width(tel).chars().filter(char::is_ascii_digit));
                        true
                    });
                }
            }
        }
    }
}

/// A person's identifiers as hashes (0: the person has none), compared across a pair. A hash
/// collision could only hide a conflict (one in 2^64), never invent a match: matches are checked
/// on the keys.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Identity {
    pub userid: u64,
    pub userid_skeleton: u64,
    pub mobile: u64,
    pub employee_no: u64,
}

impl Identity {
    /// How many identifiers say these are two people (0–3): both have a mobile and the mobiles
    /// differ; both an employee number and they differ; both an account and the accounts differ
    /// by more than look-alike characters. Two 张伟 in one department, each with their own
    /// mobile, are two people.
    pub(super) fn conflicts(&self, other: &Identity) -> u32 {
        let differ = |a: u64, b: u64| a != 0 && b != 0 && a != b;
        differ(self.mobile, other.mobile) as u32
            + differ(self.employee_no, other.employee_no) as u32
            + (differ(self.userid, other.userid) && differ(self.userid_skeleton, other.userid_skeleton)) as u32
    }
}

/// A 64-bit hash of a key, for sorting the blocking entries compactly (one u64 each instead of a
/// string). Equal hashes are only candidates: every pair is verified on the keys themselves.
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
    use crate::normalize::confusable::skeleton;

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

    #[test]
    fn the_fast_paths_agree_with_the_general_functions() {
        let rule = UseridRule {
            charset: crate::normalize::account::Charset::Any,
            max: 64,
            bytes: false,
            case_insensitive: true,
        };
        for v in
            ["ZhangSan", " zhangsan ", "张三", "ｚｈａｎｇ", "a b", "rnary1", "x0O|", "c1ong@x.com", "vvAng@Corp.COM"]
        {
            let mut out = String::new();
            assert_eq!(userid_into(v, &rule, &mut out).then_some(out), userid_of(v, &rule), "{v}");
            let mut out = String::new();
            assert_eq!(email_into(v, &mut out).then_some(out), email_of(v), "{v}");
            let mut out = String::new();
            assert_eq!(wechat_into(v, &mut out).then_some(out), wechat_of(v), "{v}");
            let mut out = String::new();
            assert_eq!(employee_no_into(v, &mut out).then_some(out), employee_no_of(v), "{v}");
            let mut out = String::new();
            skeleton_into(v, &mut out);
            assert_eq!(out, skeleton(v), "{v}");
        }
        for v in ["13800138000", "138-0013-8000", "+85259123456", "1.38E+10", "0013800138000"] {
            let mut out = String::new();
            assert_eq!(mobile_into(v, &mut out).then_some(out), mobile_of(v), "{v}");
        }
        for v in ["000123", "0000", "A0123", " 42 "] {
            let mut out = String::new();
            assert_eq!(employee_no_into(v, &mut out).then_some(out), employee_no_of(v), "{v}");
        }
    }

    /// The account's exact key that blocking leaves behind is the one `exact` gives, for every
    /// rule: the duplicate search hashes it instead of computing it again.
    #[test]
    fn blocking_leaves_the_exact_account_key() {
        for case_insensitive in [true, false] {
            let rule = UseridRule { charset: crate::normalize::account::Charset::Any, max: 64, bytes: false, case_insensitive };
            let ctx = KeyCtx { rule };
            for v in ["ZhangSan", " zhang san ", "张三", "ｚｈａｎｇ", "rn1O", "", "  "] {
                let person = Person { fields: [(Field::Userid, v)].into_iter().collect(), ..Person::default() };
                let (mut blocking, mut exact) = (KeyBuf::default(), KeyBuf::default());
                ctx.keys(&person, Signal::Userid, &mut blocking);
                ctx.exact(&person, Signal::Userid, &mut exact);
                assert_eq!(blocking.exact_userid(), exact.iter().next().unwrap_or_default(), "{v:?}");
            }
        }
    }
}
