//! Mobile numbers: parse what people and Excel write, check them for their region, and write them
//! the way a platform wants.
//!
//! Hand-written rather than a libphonenumber port: Minglu needs the mainland rules in detail and
//! the rest only as E.164 shapes, and the full metadata would add hundreds of kilobytes to the
//! browser bundle. The mainland pattern is libphonenumber's (`PhoneNumberMetadata.xml`, CN mobile):
//! `1740[0-5]\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}`. New prefixes are
//! allocated every few years, so an 11-digit `1…` number outside it is [`Mobile::UnknownPrefix`],
//! a warning — not invalid.

use super::text::{clean_whitespace, fold_width};
use serde::{Deserialize, Serialize};

/// A parsed phone number: country calling code and national significant number (digits only).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone {
    /// Country calling code: 86 mainland China, 852 Hong Kong, 853 Macau, 886 Taiwan …
    pub country_code: u16,
    /// The national significant number, digits only, without a trunk `0`.
    pub national: String,
}

impl Phone {
    /// E.164 without the `+`: the key for uniqueness (`8613800138000`).
    pub fn e164_digits(&self) -> String {
        let mut out = String::new();
        self.e164_digits_into(&mut out);
        out
    }

    /// [`Phone::e164_digits`], appended to `out` (the check writes every mobile's key so).
    pub fn e164_digits_into(&self, out: &mut String) {
        // The code's digits by hand: `write!` went through the formatting machinery, ~340
        // instructions for every mobile the check keys.
        let code = self.country_code;
        let digits = [code / 10_000, code / 1_000 % 10, code / 100 % 10, code / 10 % 10, code % 10];
        let first = digits.iter().position(|&d| d != 0).unwrap_or(digits.len() - 1);
        out.extend(digits[first..].iter().map(|&d| char::from(b'0' + d as u8)));
        out.push_str(&self.national);
    }
    /// `+8613800138000`.
    pub fn e164(&self) -> String {
        format!("+{}{}", self.country_code, self.national)
    }
    pub fn is_mainland(&self) -> bool {
        self.country_code == 86
    }
}

/// What a mobile cell holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mobile {
    /// Nothing (after whitespace).
    Empty,
    /// A valid mobile for its region.
    Valid(Phone),
    /// 11 digits starting with `1`, but a prefix not (yet) known to be allocated.
    UnknownPrefix(Phone),
    /// Excel wrote the number in scientific notation (`1.38001E+10`): the digits are lost.
    Scientific,
    /// Not a mobile; the reason says why.
    Invalid(InvalidMobile),
}

/// Why a mobile is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidMobile {
    /// Letters or symbols other than digits, spaces, `+ - . ( )`.
    Characters,
    /// A mainland number that is not 11 digits starting with `1`.
    MainlandLength,
    /// Hong Kong / Macau: not 8 digits.
    HkMoLength,
    /// Taiwan: not 9 digits starting with `9`.
    Taiwan,
    /// Other country codes: longer than E.164's 15 digits, or too short to be a number.
    E164Length,
    /// No `+` country code and not a mainland number: the region cannot be known.
    NoCountryCode,
}

/// Is `s` a number in scientific notation, as Excel writes long numbers (`1.38001E+10`,
/// `1.38E+10`, `1,38E+10` in some locales, `13800138000E0`)?
pub fn is_scientific(s: &str) -> bool {
    let s = fold_width(s);
    let t = s.trim();
    let Some(pos) = t.bytes().position(|b| b == b'e' || b == b'E') else { return false };
    let (mantissa, exp) = (&t[..pos], &t[pos + 1..]);
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    let mantissa_ok = {
        let mut parts = mantissa.splitn(2, ['.', ',']);
        let int = parts.next().unwrap_or("");
        let frac = parts.next().unwrap_or("0");
        !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())
    };
    mantissa_ok && !exp.is_empty() && exp.bytes().all(|b| b.is_ascii_digit())
}

/// Is this 11-digit national number a mainland mobile by libphonenumber's pattern?
pub fn is_cn_mobile(national: &str) -> bool {
    let b = national.as_bytes();
    if b.len() != 11 || !b.iter().all(u8::is_ascii_digit) || b[0] != b'1' {
        return false;
    }
    if national.starts_with("1740") {
        return (b'0'..=b'5').contains(&b[4]);
    }
    let (x, y) = (b[1], b[2]);
    match x {
        b'3' | b'8' => true,
        b'4' => matches!(y, b'5' | b'7'),
        b'5' | b'9' => y != b'4',
        b'6' => matches!(y, b'2' | b'5' | b'6' | b'7'),
        b'7' => matches!(y, b'0'..=b'3' | b'5'..=b'8'),
        _ => false,
    }
}

/// Split the digits of an international number into country calling code and the rest, by the
/// ITU-T E.164 zone structure: `1` and `7` are one digit; the two-digit codes are listed; every
/// other code is three digits.
pub fn split_country_code(digits: &str) -> Option<(u16, &str)> {
    const TWO: &[u16] = &[
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61,
        62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ];
    let first = *digits.as_bytes().first()?;
    if first == b'0' {
        return None;
    }
    if first == b'1' || first == b'7' {
        return Some(((first - b'0') as u16, &digits[1..]));
    }
    if digits.len() >= 2 {
        let two: u16 = digits[..2].parse().ok()?;
        if TWO.contains(&two) {
            return Some((two, &digits[2..]));
        }
    }
    if digits.len() >= 3 {
        let three: u16 = digits[..3].parse().ok()?;
        return Some((three, &digits[3..]));
    }
    None
}

/// Parse a mobile cell: full-width digits, spaces, dashes, dots and parentheses are tolerated;
/// `+86` / `0086` / `86` prefixes and `+cc` / `00cc` international forms are understood.
pub fn parse_mobile(raw: &str) -> Mobile {
    let (cleaned, folded);
    // The usual cell, `13800138000`, has nothing to clean, fold, trim or cut (and no exponent).
    let s = if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        raw
    } else {
        cleaned = clean_whitespace(raw);
        folded = fold_width(&cleaned);
        let s = folded.trim();
        if s.is_empty() {
            return Mobile::Empty;
        }
        if is_scientific(s) {
            return Mobile::Scientific;
        }
        // A number cell written with a `.0` tail by some exporters.
        match s.split_once('.') {
            Some((int, frac))
                if !frac.is_empty() && frac.bytes().all(|b| b == b'0') && int.bytes().all(|b| b.is_ascii_digit()) =>
            {
                int
            }
            _ => s,
        }
    };
    let mut digits = String::with_capacity(s.len());
    let mut plus = false;
    if s.bytes().all(|b| b.is_ascii_digit()) {
        // The usual cell, `13800138000`: taken whole rather than a character at a time.
        digits.push_str(s);
    } else {
        for (i, c) in s.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 || (digits.is_empty() && !plus) => plus = true,
                ' ' | '-' | '.' | '(' | ')' | '\u{2010}'..='\u{2015}' | '\u{2212}' => {}
                _ => return Mobile::Invalid(InvalidMobile::Characters),
            }
        }
    }
    if digits.is_empty() {
        return Mobile::Invalid(InvalidMobile::Characters);
    }
    let international = if plus {
        Some(digits.as_str())
    } else if let Some(rest) = digits.strip_prefix("00") {
        Some(rest)
    } else if digits.len() == 13 && digits.starts_with("861") {
        Some(digits.as_str())
    } else {
        None
    };
    match international {
        None => {
            if digits.len() == 11 && digits.starts_with('1') {
                cn(digits)
            } else if digits.starts_with('1') || digits.starts_with("01") {
                Mobile::Invalid(InvalidMobile::MainlandLength)
            } else {
                Mobile::Invalid(InvalidMobile::NoCountryCode)
            }
        }
        Some(intl) => {
            let Some((cc, national)) = split_country_code(intl) else {
                return Mobile::Invalid(InvalidMobile::E164Length);
            };
            // A trunk `0` written after the country code: `+86 0138…`, `+886 0912…`.
            let national = match (cc, national.strip_prefix('0')) {
                (86 | 886, Some(rest)) => rest,
                _ => national,
            };
            let phone = Phone { country_code: cc, national: national.to_string() };
            match cc {
                86 if national.len() == 11 && national.starts_with('1') => cn(national.to_string()),
                86 => Mobile::Invalid(InvalidMobile::MainlandLength),
                852 | 853 if national.len() == 8 => Mobile::Valid(phone),
                852 | 853 => Mobile::Invalid(InvalidMobile::HkMoLength),
                886 if national.len() == 9 && national.starts_with('9') => Mobile::Valid(phone),
                886 => Mobile::Invalid(InvalidMobile::Taiwan),
                _ if (4..=14).contains(&national.len()) && intl.len() <= 15 => Mobile::Valid(phone),
                _ => Mobile::Invalid(InvalidMobile::E164Length),
            }
        }
    }
}

fn cn(national: String) -> Mobile {
    let known = is_cn_mobile(&national);
    let phone = Phone { country_code: 86, national };
    if known {
        Mobile::Valid(phone)
    } else {
        Mobile::UnknownPrefix(phone)
    }
}

/// How a platform wants mobiles written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MobileStyle {
    /// WeCom: mainland as 11 digits (`+86 13800000000` is accepted too, as in the API's own
    /// example); elsewhere `+85259xxxxxx` (`+852 59xxxxxx` accepted).
    Wecom,
    /// DingTalk: mainland as 11 digits (`+86-…` accepted); elsewhere `+852-xxxxxxxx`.
    Dingtalk,
    /// Feishu: mainland as 11 digits or `+86…`; elsewhere `+cc…`.
    Feishu,
    /// Everything else: mainland as 11 digits (`+86…` accepted); elsewhere E.164 `+cc…`.
    Plain,
}

impl MobileStyle {
    /// The preferred way to write `phone` (what a fix writes).
    pub fn render(self, phone: &Phone) -> String {
        if phone.is_mainland() {
            return phone.national.clone();
        }
        match self {
            MobileStyle::Dingtalk => format!("+{}-{}", phone.country_code, phone.national),
            _ => phone.e164(),
        }
    }

    /// Is `text` (the cell as written) an accepted way to write `phone`?
    pub fn accepts(self, phone: &Phone, text: &str) -> bool {
        let n = phone.national.as_str();
        // `+{cc}{sep}{national}` with one of the separators given ("" for none).
        let intl = |seps: &[&str]| {
            text.strip_prefix('+')
                .and_then(|t| t.strip_prefix(phone.country_code.to_string().as_str()))
                .is_some_and(|t| seps.iter().any(|sep| t.strip_prefix(sep) == Some(n)))
        };
        if phone.is_mainland() && text == n {
            return true;
        }
        match self {
            MobileStyle::Wecom => intl(&["", " "]),
            MobileStyle::Dingtalk => intl(&["-"]),
            MobileStyle::Feishu | MobileStyle::Plain => intl(&[""]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_digits_write_the_country_code_of_any_width() {
        for code in [0u16, 1, 7, 44, 86, 852, 998, 9999, u16::MAX] {
            let phone = Phone { country_code: code, national: "5912".into() };
            let mut out = String::from("kept ");
            phone.e164_digits_into(&mut out);
            assert_eq!(out, format!("kept {code}5912"));
            assert_eq!(phone.e164_digits(), format!("{code}5912"));
        }
    }

    fn valid(raw: &str) -> Phone {
        match parse_mobile(raw) {
            Mobile::Valid(p) => p,
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn mainland_forms() {
        for raw in [
            "13800138000",
            "+8613800138000",
            "+86 138 0013 8000",
            "0086-138-0013-8000",
            "8613800138000",
            "(+86)13800138000",
            "１３８００１３８０００",
            "138.0013.8000",
            "13800138000.0",
            "+86 013800138000",
        ] {
            assert_eq!(valid(raw), Phone { country_code: 86, national: "13800138000".into() }, "{raw}");
        }
    }

    #[test]
    fn libphonenumber_prefixes() {
        assert!(is_cn_mobile("17400123456"));
        assert!(!is_cn_mobile("17406123456"));
        assert!(is_cn_mobile("19912345678"));
        assert!(!is_cn_mobile("19412345678"));
        assert!(is_cn_mobile("16612345678"));
        assert!(!is_cn_mobile("16112345678"));
        assert!(!is_cn_mobile("14012345678"));
        assert!(!is_cn_mobile("12012345678"));
        assert!(matches!(parse_mobile("12012345678"), Mobile::UnknownPrefix(_)));
        assert!(matches!(parse_mobile("10012345678"), Mobile::UnknownPrefix(_)));
    }

    #[test]
    fn scientific_is_never_a_number() {
        assert!(is_scientific("1.38001E+10"));
        assert!(is_scientific("1.38E+10"));
        assert!(is_scientific("1,38E+10"));
        assert!(is_scientific("1.38001e10"));
        assert!(!is_scientific("13800138000"));
        assert!(!is_scientific("e10"));
        assert_eq!(parse_mobile("1.38001E+10"), Mobile::Scientific);
    }

    #[test]
    fn regions() {
        assert_eq!(valid("+852 5912 3456").e164(), "+85259123456");
        assert_eq!(valid("+853 6612 3456").country_code, 853);
        assert_eq!(valid("+886 912 345 678").national, "912345678");
        assert_eq!(valid("+886 0912345678").national, "912345678");
        assert_eq!(valid("+1 415 555 0100").country_code, 1);
        assert_eq!(valid("+44 7700 900123").country_code, 44);
        assert_eq!(parse_mobile("+852 5912 345"), Mobile::Invalid(InvalidMobile::HkMoLength));
        assert_eq!(parse_mobile("+886 812345678"), Mobile::Invalid(InvalidMobile::Taiwan));
        assert_eq!(parse_mobile("+49 1234567890123456"), Mobile::Invalid(InvalidMobile::E164Length));
        assert_eq!(parse_mobile("59123456"), Mobile::Invalid(InvalidMobile::NoCountryCode));
        assert_eq!(parse_mobile("1380013800"), Mobile::Invalid(InvalidMobile::MainlandLength));
        assert_eq!(parse_mobile("+86 1380013800"), Mobile::Invalid(InvalidMobile::MainlandLength));
        assert_eq!(parse_mobile("138-abc"), Mobile::Invalid(InvalidMobile::Characters));
        assert_eq!(parse_mobile("  "), Mobile::Empty);
    }

    #[test]
    fn country_codes() {
        assert_eq!(split_country_code("8613800138000"), Some((86, "13800138000")));
        assert_eq!(split_country_code("85259123456"), Some((852, "59123456")));
        assert_eq!(split_country_code("14155550100"), Some((1, "4155550100")));
        assert_eq!(split_country_code("0123"), None);
    }

    #[test]
    fn styles() {
        let cn = valid("13800138000");
        let hk = valid("+85259123456");
        assert_eq!(MobileStyle::Wecom.render(&cn), "13800138000");
        assert_eq!(MobileStyle::Wecom.render(&hk), "+85259123456");
        assert_eq!(MobileStyle::Dingtalk.render(&hk), "+852-59123456");
        assert!(MobileStyle::Wecom.accepts(&cn, "+86 13800138000"));
        assert!(!MobileStyle::Wecom.accepts(&cn, "138 0013 8000"));
        assert!(MobileStyle::Dingtalk.accepts(&cn, "+86-13800138000"));
        assert!(!MobileStyle::Dingtalk.accepts(&hk, "+85259123456"));
        assert!(MobileStyle::Feishu.accepts(&cn, "+8613800138000"));
        assert!(!MobileStyle::Plain.accepts(&cn, "008613800138000"));
    }
}
