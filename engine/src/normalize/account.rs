//! Accounts (userid) per platform, and WeChat ids.

use serde::{Deserialize, Serialize};

/// Which characters an account may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Charset {
    /// Anything but control characters.
    Any,
    /// Anything but whitespace and control characters (Feishu user_id).
    NoSpaces,
    /// WeCom: ASCII letters, digits and `_ - @ .`; the first a letter or digit.
    Wecom,
    /// Mail accounts (Tencent Exmail): ASCII letters, digits and `. - _`, punctuation neither
    /// first, last nor doubled. A full address is checked on its local part.
    Mailbox,
}

/// A platform's account rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UseridRule {
    pub charset: Charset,
    /// Maximum length, in bytes when `bytes`, else in characters.
    pub max: usize,
    pub bytes: bool,
    /// Does the platform compare accounts ignoring case (WeCom does)?
    pub case_insensitive: bool,
}

/// Why an account breaks the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidUserid {
    /// Longer than the rule's maximum.
    TooLong,
    /// A character the platform does not allow.
    Character(char),
    /// The first character is not a letter or digit.
    FirstCharacter(char),
    /// Punctuation first or last (mail accounts).
    EdgePunctuation,
    /// Two punctuation characters in a row (mail accounts).
    DoubledPunctuation,
}

/// Check a non-empty account (already whitespace-cleaned and width-folded).
pub fn check_userid(s: &str, rule: &UseridRule) -> Result<(), InvalidUserid> {
    let len = if rule.bytes { s.len() } else { s.chars().count() };
    if let Some(c) = s.chars().find(|c| c.is_control()) {
        return Err(InvalidUserid::Character(c));
    }
    match rule.charset {
        Charset::Any => {}
        Charset::NoSpaces => {
            if let Some(c) = s.chars().find(|c| c.is_whitespace()) {
                return Err(InvalidUserid::Character(c));
            }
        }
        Charset::Wecom => {
            if let Some(c) = s.chars().find(|c| !(c.is_ascii_alphanumeric() || "_-@.".contains(*c))) {
                return Err(InvalidUserid::Character(c));
            }
            if let Some(c) = s.chars().next().filter(|c| !c.is_ascii_alphanumeric()) {
                return Err(InvalidUserid::FirstCharacter(c));
            }
        }
        Charset::Mailbox => {
            let local = s.rsplit_once('@').map_or(s, |(l, _)| l);
            if let Some(c) = local.chars().find(|c| !(c.is_ascii_alphanumeric() || ".-_".contains(*c))) {
                return Err(InvalidUserid::Character(c));
            }
            let punct = |c: char| ".-_".contains(c);
            if local.starts_with(punct) || local.ends_with(punct) {
                return Err(InvalidUserid::EdgePunctuation);
            }
            let b = local.as_bytes();
            if b.windows(2).any(|w| punct(w[0] as char) && punct(w[1] as char)) {
                return Err(InvalidUserid::DoubledPunctuation);
            }
        }
    }
    if len > rule.max {
        return Err(InvalidUserid::TooLong);
    }
    Ok(())
}

/// The key accounts are compared by on this platform (lowercased when it ignores case).
pub fn userid_key(s: &str, rule: &UseridRule) -> String {
    let mut out = String::with_capacity(s.len());
    userid_key_into(s, rule, &mut out);
    out
}

/// [`userid_key`], appended to `out`.
pub fn userid_key_into(s: &str, rule: &UseridRule, out: &mut String) {
    if rule.case_insensitive {
        super::text::push_lowercase(s, out);
    } else {
        out.push_str(s);
    }
}

/// Why a WeChat id is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidWechat {
    /// All digits: a mobile or QQ number written where the WeChat id goes.
    AllDigits,
    /// Not 6–20 characters.
    Length,
    /// Does not start with a letter.
    FirstCharacter,
    /// A character other than ASCII letters, digits, `_` and `-`.
    Character,
}

/// WeChat's rule for a WeChat id (微信号), as the app states it when one is set: 6–20 characters,
/// letters, digits, `_` and `-`, starting with a letter. All-digit values are reported as such: they
/// are mobiles or QQ numbers in the wrong column.
pub fn check_wechat_id(s: &str) -> Result<(), InvalidWechat> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidWechat::AllDigits);
    }
    if !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(InvalidWechat::Character);
    }
    if !(6..=20).contains(&s.len()) {
        return Err(InvalidWechat::Length);
    }
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(InvalidWechat::FirstCharacter);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WECOM: UseridRule = UseridRule { charset: Charset::Wecom, max: 64, bytes: true, case_insensitive: true };
    const EXMAIL: UseridRule = UseridRule { charset: Charset::Mailbox, max: 64, bytes: true, case_insensitive: true };
    const FEISHU: UseridRule =
        UseridRule { charset: Charset::NoSpaces, max: 64, bytes: false, case_insensitive: false };

    #[test]
    fn wecom() {
        assert_eq!(check_userid("zhang.san@corp-1_x", &WECOM), Ok(()));
        assert_eq!(check_userid("0zhang", &WECOM), Ok(()));
        assert_eq!(check_userid("_zhang", &WECOM), Err(InvalidUserid::FirstCharacter('_')));
        assert_eq!(check_userid("张三", &WECOM), Err(InvalidUserid::Character('张')));
        assert_eq!(check_userid("zhang san", &WECOM), Err(InvalidUserid::Character(' ')));
        assert_eq!(check_userid(&"a".repeat(65), &WECOM), Err(InvalidUserid::TooLong));
        assert_eq!(check_userid(&"a".repeat(64), &WECOM), Ok(()));
        assert_eq!(userid_key("ZhangSan", &WECOM), "zhangsan");
    }

    #[test]
    fn mailbox() {
        assert_eq!(check_userid("zhang.san", &EXMAIL), Ok(()));
        assert_eq!(check_userid("zhang.san@corp.com", &EXMAIL), Ok(()));
        assert_eq!(check_userid(".zhang", &EXMAIL), Err(InvalidUserid::EdgePunctuation));
        assert_eq!(check_userid("zhang-", &EXMAIL), Err(InvalidUserid::EdgePunctuation));
        assert_eq!(check_userid("zhang._san", &EXMAIL), Err(InvalidUserid::DoubledPunctuation));
        assert_eq!(check_userid("zhang+san", &EXMAIL), Err(InvalidUserid::Character('+')));
    }

    #[test]
    fn feishu() {
        assert_eq!(check_userid("张三01", &FEISHU), Ok(()));
        assert_eq!(check_userid("a b", &FEISHU), Err(InvalidUserid::Character(' ')));
        assert_eq!(userid_key("ZhangSan", &FEISHU), "ZhangSan");
    }

    #[test]
    fn wechat_ids() {
        assert_eq!(check_wechat_id("zhangsan_88"), Ok(()));
        assert_eq!(check_wechat_id("wxid_abcdefghijklmn"), Ok(()));
        assert_eq!(check_wechat_id("13800138000"), Err(InvalidWechat::AllDigits));
        assert_eq!(check_wechat_id("zs"), Err(InvalidWechat::Length));
        assert_eq!(check_wechat_id("8zhangsan"), Err(InvalidWechat::FirstCharacter));
        assert_eq!(check_wechat_id("zhang.san"), Err(InvalidWechat::Character));
        assert_eq!(check_wechat_id(&format!("a{}", "b".repeat(20))), Err(InvalidWechat::Length));
    }
}
