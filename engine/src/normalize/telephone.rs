//! Landlines and extensions (座机, 电话, 分机号).

use super::text::{clean_whitespace, fold_width};

/// WeCom's rule for `telephone`: at most 32 bytes of digits, `-`, `+` and `,`.
pub fn is_wecom_telephone(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.bytes().all(|b| b.is_ascii_digit() || b"-+,".contains(&b))
}

/// A looser rule for the other platforms: digits with the usual punctuation (`+ - ( ) . / #` `*`,
/// spaces, `,` `;`), an extension marker (`转`, `ext`, `x`), and at least three digits.
pub fn is_plausible_telephone(s: &str) -> bool {
    let folded = fold_width(s);
    let lower = folded.to_lowercase().replace("ext", "").replace(['转', 'x'], "");
    let digits = lower.bytes().filter(u8::is_ascii_digit).count();
    digits >= 3 && lower.chars().all(|c| c.is_ascii_digit() || " +-().#*/,;".contains(c))
}

/// Rewrite a landline in WeCom's characters, without changing a digit: full-width folded, spaces,
/// dots, slashes and parentheses between digit groups become `-`, an extension marker (`转`, `ext`,
/// `x`, `#`) becomes `,`. `None` when the result still breaks the rule (letters, too long).
pub fn wecom_telephone_fix(s: &str) -> Option<String> {
    let folded = fold_width(&clean_whitespace(s)).to_lowercase();
    let text = folded.replace("ext.", ",").replace("ext", ",").replace(['转', 'x', '#'], ",");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '0'..='9' => out.push(c),
            '+' if out.is_empty() => out.push('+'),
            ',' => {
                while out.ends_with('-') {
                    out.pop();
                }
                if !out.is_empty() && !out.ends_with(',') {
                    out.push(',');
                }
            }
            ' ' | '-' | '.' | '/' | '(' | ')' | '\u{2010}'..='\u{2015}' => {
                if out.ends_with(|c: char| c.is_ascii_digit()) {
                    out.push('-');
                }
            }
            _ => return None,
        }
    }
    let out = out.trim_end_matches(['-', ',']).to_string();
    is_wecom_telephone(&out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wecom_rule() {
        assert!(is_wecom_telephone("020-123456"));
        assert!(is_wecom_telephone("+86-10-12345678,8001"));
        assert!(!is_wecom_telephone("020 123456"));
        assert!(!is_wecom_telephone("(020)123456"));
        assert!(!is_wecom_telephone(&"1".repeat(33)));
        assert!(!is_wecom_telephone(""));
    }

    #[test]
    fn fixes_keep_every_digit() {
        assert_eq!(wecom_telephone_fix("(010) 1234 5678").as_deref(), Some("010-1234-5678"));
        assert_eq!(wecom_telephone_fix("０１０－１２３４５６７８").as_deref(), Some("010-12345678"));
        assert_eq!(wecom_telephone_fix("010-12345678转8001").as_deref(), Some("010-12345678,8001"));
        assert_eq!(wecom_telephone_fix("010-12345678 ext. 8001").as_deref(), Some("010-12345678,8001"));
        assert_eq!(wecom_telephone_fix("call me"), None);
    }

    #[test]
    fn plausible() {
        assert!(is_plausible_telephone("(010) 1234 5678"));
        assert!(is_plausible_telephone("010-12345678转8001"));
        assert!(is_plausible_telephone("8001"));
        assert!(!is_plausible_telephone("12"));
        assert!(!is_plausible_telephone("见备注"));
    }
}
