//! Issue codes: stable identifiers, like a linter's rule ids. Documented in `docs/codes.md`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The platform would accept the row, but it is probably wrong, or it is fixable.
    Warning,
    /// The platform would reject the row.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $sev:ident, $rank:literal, $zh:literal, $en:literal; )*) => {
        /// A stable issue code. Serialized as its id (`"mobile.format"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            /// Every code, in the order of the documentation table.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable id: `"mobile.format"`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $id, )* }
            }

            /// The usual severity (a few codes are errors in some cases and warnings in others:
            /// see each code's documentation).
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// What the code means, for people, in Chinese.
            pub fn meaning_zh(self) -> &'static str {
                match self { $( Code::$variant => $zh, )* }
            }

            /// What the code means, for people, in English.
            pub fn meaning_en(self) -> &'static str {
                match self { $( Code::$variant => $en, )* }
            }

            /// When several fixes apply to one cell, the highest rank wins: a later stage's fix
            /// already contains the earlier ones (a mobile's format fix also removes the spaces).
            /// 0: never fixable.
            pub fn fix_rank(self) -> u8 {
                match self { $( Code::$variant => $rank, )* }
            }
        }
    };
}

codes! {
    /// A field the profile requires is empty.
    RequiredMissing = "required.missing", Error, 0, "必填项为空", "a required field is empty";
    /// None of the contact fields the profile needs is filled (WeCom: mobile or e-mail; 企微:
    /// WeChat id, mobile or e-mail).
    ContactMissing = "contact.missing", Error, 0, "缺少联系方式", "no contact field is filled";
    /// The account breaks the profile's rule: characters, first character or length.
    UseridInvalid = "userid.invalid", Error, 0, "账号不符合规则", "the account breaks the platform's rule";
    /// The same account on several rows, compared as the platform compares (WeCom ignores case).
    /// A warning for profiles that do not import into a platform.
    UseridDuplicate = "userid.duplicate", Error, 0, "账号重复", "the same account on several rows";
    /// Not a valid mobile for its region (CN, HK, MO, TW, or `+cc` E.164).
    MobileInvalid = "mobile.invalid", Error, 0, "手机号无效", "not a valid mobile number";
    /// Excel turned the number into `1.38001E+10`: digits are lost, never fixed by guessing.
    MobileScientific = "mobile.scientific", Error, 0, "手机号被 Excel 写成了科学计数法", "Excel wrote the mobile in scientific notation";
    /// Valid, but not written as the profile wants (spaces, dashes, full-width digits, a
    /// `+86`/`0086`/`86` prefix, a missing `-` after the country code for DingTalk). Fixable.
    MobileFormat = "mobile.format", Warning, 4, "手机号格式不符合模板", "the mobile is not written as the template wants";
    /// 11 digits starting with 1 but a prefix not yet allocated: a warning, not an error.
    MobileUnknownPrefix = "mobile.unknown_prefix", Warning, 0, "手机号段未知", "unknown mobile prefix";
    /// The same mobile (after normalization) on several rows.
    MobileDuplicate = "mobile.duplicate", Error, 0, "手机号重复", "the same mobile on several rows";
    /// Not a valid address, or outside the profile's length.
    EmailInvalid = "email.invalid", Error, 0, "邮箱无效", "not a valid e-mail address";
    /// The same address on several rows, ignoring case.
    EmailDuplicate = "email.duplicate", Error, 0, "邮箱重复", "the same e-mail on several rows";
    /// Differs from another row's address only by look-alike characters. Warning.
    EmailConfusable = "email.confusable", Warning, 0, "邮箱与他人的仅差形近字符", "e-mail differs from another only by look-alike characters";
    /// A landline or extension that breaks the profile's rule (WeCom: ≤32 bytes of digits `-` `+`
    /// `,`). An error for WeCom, a warning elsewhere. Fixable when only the punctuation is wrong.
    TelephoneInvalid = "telephone.invalid", Error, 4, "座机号不符合规则", "the telephone breaks the platform's rule";
    /// Forbidden characters, an empty segment, too deep, a name too long, too many departments,
    /// or (WeCom batch CSV) not a numeric id. Fixable only for empty segments.
    DepartmentInvalid = "department.invalid", Error, 4, "部门无效", "invalid department";
    /// A department path written with another template's separator (`->` in a WeCom sheet, `/` in
    /// a 企微 one, full-width `／`): the platform would create other departments. Fixable.
    DepartmentSeparator = "department.separator", Error, 4, "部门层级分隔符不对", "wrong department separator";
    /// Two department names that differ only by spaces, width or case. Warning.
    DepartmentSimilar = "department.similar", Warning, 0, "部门名称与另一写法相似", "department name similar to another spelling";
    /// Not a value the profile accepts. Fixable when the value is a known spelling.
    GenderInvalid = "gender.invalid", Error, 4, "性别取值不对", "gender value not accepted";
    /// A WeChat id that is all digits or otherwise malformed. An error for 企微, a warning elsewhere.
    WechatInvalid = "wechat.invalid", Error, 0, "微信号无效", "invalid WeChat id";
    /// A date field that is not a date.
    DateInvalid = "date.invalid", Error, 0, "日期无效", "not a date";
    /// A date written as an Excel serial number (`45296`). Fixable (to ISO `2024-01-05`).
    DateFormat = "date.format", Warning, 4, "日期写成了 Excel 序列号", "date written as an Excel serial number";
    /// A field other than the account is longer than the profile allows.
    LengthExceeded = "length.exceeded", Error, 0, "超出长度限制", "longer than the platform allows";
    /// The same employee number on several rows (an error for Feishu, which requires it unique).
    EmployeeNoDuplicate = "employee_no.duplicate", Warning, 0, "工号重复", "the same employee number on several rows";
    /// An all-digit employee number shorter than the others (`123` among `000123`-style numbers):
    /// Excel stored it as a number and dropped its leading zeros. No fix: the width is a guess.
    EmployeeNoLeadingZeros = "employee_no.leading_zeros", Warning, 0, "工号可能丢了开头的 0", "employee number may have lost its leading zeros";
    /// The cell holds a formula, not a value. A warning with the cached value as the fix; an error
    /// when the file kept no value.
    CellFormula = "cell.formula", Warning, 1, "单元格是公式", "the cell holds a formula";
    /// A merged cell inside the data area hides values from the rows it covers. Fixable with the
    /// merged value for a mapped field that is empty.
    CellMerged = "cell.merged", Warning, 1, "数据区内有合并单元格", "merged cell inside the data area";
    /// The cell holds an error value such as `#N/A`.
    CellError = "cell.error", Error, 0, "单元格是错误值", "the cell holds an error value";
    /// Leading/trailing, zero-width or ideographic spaces. Fixable warning.
    TextWhitespace = "text.whitespace", Warning, 2, "多余的空格或不可见字符", "stray or invisible spaces";
    /// Full-width letters, digits or punctuation in an account, e-mail or id. Fixable warning.
    TextFullwidth = "text.fullwidth", Warning, 3, "全角字符", "full-width characters";
}

impl Code {
    /// The code with this id.
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == id.trim())
    }

    /// Can an issue of this code carry a fix?
    pub fn fixable(self) -> bool {
        self.fix_rank() > 0
    }

    /// The meaning in `lang`.
    pub fn meaning(self, lang: super::Lang) -> &'static str {
        match lang {
            super::Lang::Zh => self.meaning_zh(),
            super::Lang::En => self.meaning_en(),
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Code, String> {
        Code::from_id(s).ok_or_else(|| format!("unknown issue code `{s}`"))
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let s = String::deserialize(d)?;
        Code::from_id(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown issue code `{s}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert_eq!(Code::from_id(c.as_str()), Some(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn the_required_codes_exist() {
        for id in [
            "required.missing",
            "contact.missing",
            "userid.invalid",
            "userid.duplicate",
            "mobile.invalid",
            "mobile.scientific",
            "mobile.format",
            "mobile.unknown_prefix",
            "mobile.duplicate",
            "email.invalid",
            "email.duplicate",
            "email.confusable",
            "telephone.invalid",
            "department.invalid",
            "department.similar",
            "gender.invalid",
            "wechat.invalid",
            "date.invalid",
            "length.exceeded",
            "cell.formula",
            "cell.merged",
            "text.whitespace",
            "text.fullwidth",
        ] {
            assert!(Code::from_id(id).is_some(), "{id}");
        }
    }

    #[test]
    fn never_fixed_codes() {
        for c in [Code::MobileScientific, Code::RequiredMissing, Code::DepartmentSimilar, Code::MobileDuplicate] {
            assert!(!c.fixable(), "{c}");
        }
    }
}
