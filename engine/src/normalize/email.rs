//! E-mail addresses: a pragmatic syntax check (what the platforms accept, not all of RFC 5322),
//! and the comparison key.
//!
//! Accepted: one `@`; a local part of ASCII letters, digits and ``!#$%&'*+/=?^_`{|}~-``, with dots
//! neither first, last nor doubled, at most 64 bytes; a domain of at least two labels, each of
//! letters (any script, for internationalized domains), digits and inner hyphens, at most 63 bytes,
//! the last one not all digits; at most 254 bytes in all. Quoted local parts and IP-literal domains
//! are rejected: no contact platform takes them.

use super::text::{clean_whitespace, fold_width};
use serde::{Deserialize, Serialize};

/// Why an address is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidEmail {
    /// No `@`.
    NoAt,
    /// More than one `@`.
    SeveralAt,
    /// A space inside the address.
    Space,
    /// Nothing before the `@`.
    EmptyLocal,
    /// A character not allowed before the `@` (non-ASCII, comma, brackets …).
    LocalCharacter,
    /// A dot first, last or doubled before the `@`.
    LocalDots,
    /// More than 64 bytes before the `@`.
    LocalTooLong,
    /// The domain has no dot (`zhangsan@corp`).
    DomainNoDot,
    /// An empty label, a bad character or a hyphen at a label's end in the domain.
    DomainLabel,
    /// The whole address is longer than 254 bytes.
    TooLong,
}

/// Check the syntax of an address (as written; run [`comparison_key`]'s cleaning first if the
/// value may carry stray whitespace or full-width characters).
pub fn check_email(s: &str) -> Result<(), InvalidEmail> {
    if plainly_valid(s.as_bytes()) {
        return Ok(());
    }
    // Byte tests where they agree with the character ones: an ASCII value's characters are its
    // bytes, and the local part allows ASCII only (in the browser build every decoded character
    // is a call, and this runs for every address of a directory).
    let ascii = s.is_ascii();
    let space = if ascii { s.bytes().any(|b| matches!(b, b' ' | b'\t'..=b'\r')) } else { s.chars().any(char::is_whitespace) };
    if space {
        return Err(InvalidEmail::Space);
    }
    // Found with byte loops: `split('@')` and `contains("..")` build searchers per call, which
    // in the browser build cost more than the whole check.
    let bytes = s.as_bytes();
    let Some(at) = bytes.iter().position(|&b| b == b'@') else {
        return Err(InvalidEmail::NoAt);
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if domain.bytes().any(|b| b == b'@') {
        return Err(InvalidEmail::SeveralAt);
    }
    if local.is_empty() {
        return Err(InvalidEmail::EmptyLocal);
    }
    if !local.bytes().all(is_atext_or_dot) {
        return Err(InvalidEmail::LocalCharacter);
    }
    let doubled_dot = local.as_bytes().windows(2).any(|w| w == b"..");
    if local.starts_with('.') || local.ends_with('.') || doubled_dot {
        return Err(InvalidEmail::LocalDots);
    }
    if local.len() > 64 {
        return Err(InvalidEmail::LocalTooLong);
    }
    if !domain.bytes().any(|b| b == b'.') {
        return Err(InvalidEmail::DomainNoDot);
    }
    let label_char_ok = |label: &str| {
        if ascii {
            label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        } else {
            label.chars().all(|c| c.is_alphanumeric() || c == '-')
        }
    };
    let mut tld = "";
    for label in domain.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label_char_ok(label)
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(InvalidEmail::DomainLabel);
        }
        tld = label;
    }
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidEmail::DomainLabel);
    }
    if s.len() > 254 {
        return Err(InvalidEmail::TooLong);
    }
    Ok(())
}

/// An ASCII address [`check_email`] accepts, seen in one pass over its bytes — nearly every
/// address of a directory. The checks below make up to nine passes over an address (each scan a
/// loop of its own), about 1,500 instructions an address natively. `false` says only "not plainly
/// valid": the checks below then give the reason, in their order.
fn plainly_valid(s: &[u8]) -> bool {
    let Some(at) = s.iter().position(|&b| !ATEXT_OR_DOT[b as usize]) else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if s[at] != b'@' || local.is_empty() || local.len() > 64 || s.len() > 254 {
        return false;
    }
    // Dots neither first, last nor doubled before the `@`.
    if local[0] == b'.' || local[local.len() - 1] == b'.' || local.windows(2).any(|w| w == b"..") {
        return false;
    }
    // Labels of ASCII letters, digits and inner hyphens, at least two, the last not all digits.
    let mut labels = 0;
    let mut tld_digits = false;
    for label in domain.split(|&b| b == b'.') {
        let (Some(&first), Some(&last)) = (label.first(), label.last()) else { return false };
        let chars_ok = label.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-');
        if label.len() > 63 || first == b'-' || last == b'-' || !chars_ok {
            return false;
        }
        labels += 1;
        tld_digits = label.iter().all(u8::is_ascii_digit);
    }
    labels > 1 && !tld_digits
}

/// An ASCII character allowed before the `@` (RFC 5322 atext, and the dot); no byte of a
/// non-ASCII character is.
fn is_atext_or_dot(b: u8) -> bool {
    ATEXT_OR_DOT[b as usize]
}

/// [`is_atext_or_dot`] as a table: one load per byte instead of a search of the list.
static ATEXT_OR_DOT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(c, b'!' | b'#'..=b'\'' | b'*' | b'+' | b'/' | b'=' | b'?' | b'^'..=b'`' | b'{'..=b'~' | b'-' | b'.');
        b += 1;
    }
    table
};

/// The key two addresses are compared by: whitespace cleaned, width-folded, lowercased
/// (`ZhangSan@Corp.com ` and `zhangsan@corp.com` are the same mailbox on every platform Minglu
/// knows).
pub fn comparison_key(s: &str) -> String {
    let cleaned = clean_whitespace(s);
    let folded = fold_width(&cleaned);
    if folded.is_ascii() {
        folded.to_ascii_lowercase()
    } else {
        folded.to_lowercase()
    }
}

/// [`comparison_key`] of a value already cleaned and width-folded (as the check has it), appended
/// to `out`.
pub(crate) fn comparison_key_of_clean_into(s: &str, out: &mut String) {
    super::text::push_lowercase(s, out);
}

/// The local part (before the last `@`), or the whole value when there is no `@`.
pub fn local_part(s: &str) -> &str {
    s.rsplit_once('@').map_or(s, |(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check as it was written first (with `split` and `contains`), to hold the byte loops to.
    fn check_email_reference(s: &str) -> Result<(), InvalidEmail> {
        if s.chars().any(char::is_whitespace) {
            return Err(InvalidEmail::Space);
        }
        let mut parts = s.split('@');
        let local = parts.next().unwrap_or("");
        let Some(domain) = parts.next() else {
            return Err(InvalidEmail::NoAt);
        };
        if parts.next().is_some() {
            return Err(InvalidEmail::SeveralAt);
        }
        if local.is_empty() {
            return Err(InvalidEmail::EmptyLocal);
        }
        if !local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-.".contains(&b))
        {
            return Err(InvalidEmail::LocalCharacter);
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(InvalidEmail::LocalDots);
        }
        if local.len() > 64 {
            return Err(InvalidEmail::LocalTooLong);
        }
        if !domain.contains('.') {
            return Err(InvalidEmail::DomainNoDot);
        }
        let mut tld = "";
        for label in domain.split('.') {
            let chars_ok = label.chars().all(|c| c.is_alphanumeric() || c == '-');
            if label.is_empty()
                || label.len() > 63
                || !chars_ok
                || label.starts_with('-')
                || label.ends_with('-')
            {
                return Err(InvalidEmail::DomainLabel);
            }
            tld = label;
        }
        if tld.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidEmail::DomainLabel);
        }
        if s.len() > 254 {
            return Err(InvalidEmail::TooLong);
        }
        Ok(())
    }

    #[test]
    fn byte_loops_agree_with_the_reference_check() {
        // Every string of up to five characters over the characters each rule looks at.
        let chars = ['a', 'Z', '1', '.', '@', '-', ' ', ',', '_', '张', '\u{3000}', '\u{FF41}'];
        let strings = crate::normalize::strings_over(&chars, 5);
        for s in &strings {
            assert_eq!(check_email(s), check_email_reference(s), "{s:?}");
            // The one-pass path takes every ASCII address the checks accept, and nothing else.
            let plain = s.is_ascii() && check_email_reference(s).is_ok();
            assert_eq!(plainly_valid(s.as_bytes()), plain, "{s:?}");
            let clean = fold_width(&clean_whitespace(s)).into_owned();
            let mut key = String::from("kept ");
            comparison_key_of_clean_into(&clean, &mut key);
            assert_eq!(key, format!("kept {}", comparison_key(s)), "{s:?}");
        }
        let every_ascii: String = (0x21u8..0x7F)
            .map(char::from)
            .filter(|&c| c != '@')
            .collect();
        for c in every_ascii.chars() {
            for s in [format!("a{c}b@x.com"), format!("ab@x{c}y.com"), format!("ab@x.c{c}")] {
                assert_eq!(check_email(&s), check_email_reference(&s), "{s:?}");
                assert_eq!(plainly_valid(s.as_bytes()), check_email_reference(&s).is_ok(), "{s:?}");
            }
        }
        // The limits: 64 bytes before the `@`, 63 a label, 254 in all.
        let label = |n: usize| "d".repeat(n);
        for s in [
            format!("{}@x.com", "a".repeat(64)),
            format!("{}@x.com", "a".repeat(65)),
            format!("a@{}.com", label(63)),
            format!("a@{}.com", label(64)),
            format!("a@{}.{}.{}.{}", label(63), label(63), label(63), label(60)),
            format!("a@{}.{}.{}.{}", label(63), label(63), label(63), label(61)),
            format!("a@x.com{}", "\u{200B}"),
            "a@x.com ".to_string(),
        ] {
            assert_eq!(check_email(&s), check_email_reference(&s), "{s:?}");
            assert_eq!(plainly_valid(s.as_bytes()), check_email_reference(&s).is_ok(), "{s:?}");
        }
    }

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "zhangsan@example.com",
            "zhang.san+tag@corp.example.cn",
            "a_b-c@x.io",
            "li@公司.中国",
            "o'neil@example.com",
        ] {
            assert_eq!(check_email(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_with_a_reason() {
        assert_eq!(check_email("zhangsan.example.com"), Err(InvalidEmail::NoAt));
        assert_eq!(check_email("a@b@c.com"), Err(InvalidEmail::SeveralAt));
        assert_eq!(check_email("zhang san@x.com"), Err(InvalidEmail::Space));
        assert_eq!(check_email("@x.com"), Err(InvalidEmail::EmptyLocal));
        assert_eq!(check_email("张三@x.com"), Err(InvalidEmail::LocalCharacter));
        assert_eq!(check_email("a,b@x.com"), Err(InvalidEmail::LocalCharacter));
        assert_eq!(check_email(".a@x.com"), Err(InvalidEmail::LocalDots));
        assert_eq!(check_email("a..b@x.com"), Err(InvalidEmail::LocalDots));
        assert_eq!(check_email("zhangsan@corp"), Err(InvalidEmail::DomainNoDot));
        assert_eq!(check_email("a@x..com"), Err(InvalidEmail::DomainLabel));
        assert_eq!(check_email("a@-x.com"), Err(InvalidEmail::DomainLabel));
        assert_eq!(check_email("a@x.com。"), Err(InvalidEmail::DomainLabel));
        assert_eq!(check_email("a@1.2.3.4"), Err(InvalidEmail::DomainLabel));
        assert_eq!(check_email(&format!("{}@x.com", "a".repeat(65))), Err(InvalidEmail::LocalTooLong));
    }

    #[test]
    fn key_ignores_case_width_and_spaces() {
        assert_eq!(comparison_key(" ZhangSan@Corp.COM\u{200B}"), "zhangsan@corp.com");
        assert_eq!(comparison_key("ｚｈａｎｇ＠ｘ．ｃｏｍ"), "zhang@x.com");
        assert_eq!(local_part("zhang@x.com"), "zhang");
    }
}
