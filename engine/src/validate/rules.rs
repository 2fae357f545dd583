//! What each platform checks on import. Sources for every number are in `docs/codes.md`.

use crate::normalize::account::{Charset, UseridRule};
use crate::normalize::department::DeptSyntax;
use crate::normalize::phone::MobileStyle;
use crate::{Field, Profile};
use serde::Serialize;

/// How a length is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// UTF-8 bytes (`张` is 3).
    Bytes,
    /// Characters (`张` is 1).
    Chars,
}

/// How landlines are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TelephoneRule {
    /// WeCom: ≤32 bytes of digits, `-`, `+`, `,` (an error otherwise).
    Wecom,
    /// Digits with the usual punctuation, at least three digits (a warning otherwise).
    Plausible,
}

/// A platform's import rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rules {
    pub profile: Profile,
    /// Fields that must not be empty.
    pub required: &'static [Field],
    /// At least one of these must be filled (empty: no rule).
    pub contact_any: &'static [Field],
    /// Feishu: an e-mail is required when the mobile is not a mainland one.
    pub email_if_foreign_mobile: bool,
    pub userid: UseridRule,
    /// Does the platform reject duplicate accounts, mobiles and e-mails (error), or is a
    /// duplicate only suspicious (warning)?
    pub unique_strict: bool,
    /// Must employee numbers be unique (Feishu)?
    pub employee_no_unique: bool,
    pub mobile_style: MobileStyle,
    /// E-mail length in bytes, inclusive.
    pub email_len: (usize, usize),
    pub telephone: TelephoneRule,
    pub departments: DeptSyntax,
    pub dept_max_count: Option<usize>,
    pub dept_max_depth: Option<usize>,
    /// Maximum characters of one department name.
    pub dept_name_max: Option<usize>,
    /// Is a malformed WeChat id an error (the template imports it) or a warning?
    pub wechat_strict: bool,
    /// Length limits of the other fields.
    pub lengths: &'static [(Field, usize, Unit)],
}

const WECOM_USERID: UseridRule = UseridRule { charset: Charset::Wecom, max: 64, bytes: true, case_insensitive: true };
const MAILBOX_USERID: UseridRule =
    UseridRule { charset: Charset::Mailbox, max: 64, bytes: true, case_insensitive: true };
const ANY_USERID: UseridRule = UseridRule { charset: Charset::Any, max: 64, bytes: false, case_insensitive: false };
const FEISHU_USERID: UseridRule =
    UseridRule { charset: Charset::NoSpaces, max: 64, bytes: false, case_insensitive: false };
const FREE_USERID: UseridRule =
    UseridRule { charset: Charset::Any, max: usize::MAX, bytes: false, case_insensitive: false };

const WECOM_LENGTHS: &[(Field, usize, Unit)] = &[
    (Field::Name, 64, Unit::Chars),
    (Field::Alias, 64, Unit::Chars),
    (Field::Position, 128, Unit::Chars),
    (Field::Address, 128, Unit::Chars),
];
const DINGTALK_LENGTHS: &[(Field, usize, Unit)] = &[
    (Field::Name, 80, Unit::Chars),
    (Field::EmployeeNo, 50, Unit::Chars),
    (Field::Position, 200, Unit::Chars),
    (Field::Address, 100, Unit::Chars),
    (Field::Remark, 2000, Unit::Chars),
    (Field::Telephone, 50, Unit::Chars),
    (Field::Extension, 50, Unit::Chars),
    (Field::EnterpriseEmail, 100, Unit::Chars),
];
const FEISHU_LENGTHS: &[(Field, usize, Unit)] = &[(Field::Name, 255, Unit::Chars)];

impl Rules {
    /// The rules of `profile`.
    pub fn of(profile: Profile) -> Rules {
        let base = Rules {
            profile,
            required: &[],
            contact_any: &[],
            email_if_foreign_mobile: false,
            userid: FREE_USERID,
            unique_strict: true,
            employee_no_unique: false,
            mobile_style: MobileStyle::Plain,
            email_len: (3, 254),
            telephone: TelephoneRule::Plausible,
            departments: DeptSyntax::of(profile),
            dept_max_count: None,
            dept_max_depth: None,
            dept_name_max: None,
            wechat_strict: false,
            lengths: &[],
        };
        match profile {
            Profile::Wecom | Profile::WecomApi => Rules {
                required: &[Field::Name, Field::Userid, Field::Departments],
                contact_any: &[Field::Mobile, Field::Email],
                userid: WECOM_USERID,
                mobile_style: MobileStyle::Wecom,
                email_len: (6, 64),
                telephone: TelephoneRule::Wecom,
                dept_max_count: Some(100),
                dept_max_depth: Some(15),
                dept_name_max: Some(if profile == Profile::Wecom { 32 } else { 64 }),
                lengths: WECOM_LENGTHS,
                ..base
            },
            Profile::Qiwei => Rules {
                required: &[Field::Name],
                contact_any: &[Field::WechatId, Field::Mobile, Field::Email],
                userid: WECOM_USERID,
                mobile_style: MobileStyle::Wecom,
                email_len: (6, 64),
                telephone: TelephoneRule::Wecom,
                dept_max_count: Some(100),
                dept_max_depth: Some(15),
                dept_name_max: Some(64),
                wechat_strict: true,
                lengths: WECOM_LENGTHS,
                ..base
            },
            Profile::Dingtalk => Rules {
                required: &[Field::Name, Field::Mobile],
                userid: ANY_USERID,
                mobile_style: MobileStyle::Dingtalk,
                email_len: (3, 50),
                lengths: DINGTALK_LENGTHS,
                ..base
            },
            Profile::Feishu => Rules {
                required: &[Field::Name, Field::Mobile],
                email_if_foreign_mobile: true,
                userid: FEISHU_USERID,
                employee_no_unique: true,
                mobile_style: MobileStyle::Feishu,
                dept_max_count: Some(50),
                lengths: FEISHU_LENGTHS,
                ..base
            },
            Profile::Exmail | Profile::Alimail => {
                Rules { required: &[Field::Name, Field::Userid], userid: MAILBOX_USERID, ..base }
            }
            Profile::Google | Profile::Outlook | Profile::Generic => Rules { unique_strict: false, ..base },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_has_rules() {
        for p in Profile::ALL {
            assert_eq!(Rules::of(p).profile, p);
        }
        assert_eq!(Rules::of(Profile::Wecom).dept_name_max, Some(32));
        assert_eq!(Rules::of(Profile::WecomApi).dept_name_max, Some(64));
        assert!(!Rules::of(Profile::Generic).unique_strict);
    }
}
