//! Gender cells: what people write, and what each platform accepts.

use super::text::{clean_whitespace, fold_width};
use crate::Profile;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
    /// Written as unknown / undisclosed (`未知`, `保密`, `0`).
    Unknown,
}

/// Read what people write: `男` `女` `男性` `女性` `先生` `女士` `M` `F` `male` `female`, `1`/`2`
/// (WeCom's and Feishu's codes), `未知` `保密` `0`. `None` for anything else.
pub fn parse_gender(raw: &str) -> Option<Gender> {
    let cleaned = clean_whitespace(raw);
    let folded = fold_width(&cleaned);
    let s = folded.trim();
    // What the Chinese templates hold, without lowercasing a copy first.
    match s {
        "男" => return Some(Gender::Male),
        "女" => return Some(Gender::Female),
        _ => {}
    }
    let s = s.to_lowercase();
    Some(match s.as_str() {
        "男" | "男性" | "先生" | "m" | "male" | "man" | "1" => Gender::Male,
        "女" | "女性" | "女士" | "f" | "female" | "woman" | "2" => Gender::Female,
        "未知" | "保密" | "不详" | "0" | "unknown" => Gender::Unknown,
        _ => return None,
    })
}

/// The values `profile`'s template accepts, exactly as written; the first of each pair is what a
/// fix writes. `None`: the profile has no rule (any value [`parse_gender`] reads is fine).
///
/// - WeCom admin template, 企微, DingTalk, Exmail: `男` / `女`;
/// - WeCom batch-sync CSV and Feishu: `男` / `女`, or the API codes `1` / `2`;
/// - the rest: no rule.
pub fn accepted(profile: Profile) -> Option<&'static [&'static str]> {
    match profile {
        Profile::Wecom | Profile::Qiwei | Profile::Dingtalk | Profile::Exmail => Some(&["男", "女"]),
        Profile::WecomApi | Profile::Feishu => Some(&["男", "女", "1", "2"]),
        _ => None,
    }
}

/// How `profile` writes `gender` (what a fix writes), if it has a way.
pub fn render(gender: Gender, profile: Profile) -> Option<&'static str> {
    accepted(profile)?;
    match gender {
        Gender::Male => Some("男"),
        Gender::Female => Some("女"),
        Gender::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_spellings() {
        for m in ["男", "男性", "M", "male", "Male ", "1", "Ｍ"] {
            assert_eq!(parse_gender(m), Some(Gender::Male), "{m}");
        }
        for f in ["女", "女士", "F", "FEMALE", "2"] {
            assert_eq!(parse_gender(f), Some(Gender::Female), "{f}");
        }
        assert_eq!(parse_gender("保密"), Some(Gender::Unknown));
        assert_eq!(parse_gender("男女"), None);
        assert_eq!(parse_gender("x"), None);
    }

    #[test]
    fn per_profile() {
        assert!(accepted(Profile::Wecom).unwrap().contains(&"男"));
        assert!(!accepted(Profile::Wecom).unwrap().contains(&"1"));
        assert!(accepted(Profile::Feishu).unwrap().contains(&"2"));
        assert_eq!(accepted(Profile::Generic), None);
        assert_eq!(render(Gender::Female, Profile::Dingtalk), Some("女"));
        assert_eq!(render(Gender::Unknown, Profile::Wecom), None);
        assert_eq!(render(Gender::Male, Profile::Google), None);
    }
}
