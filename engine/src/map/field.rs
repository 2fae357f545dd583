//! The canonical directory fields.

use serde::{Deserialize, Serialize};

/// A canonical directory field. Columns that map to none are kept verbatim as extra columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    FamilyName,
    GivenName,
    Userid,
    Alias,
    EnglishName,
    Position,
    Departments,
    MainDepartment,
    Gender,
    Mobile,
    Telephone,
    Extension,
    Email,
    EnterpriseEmail,
    EmployeeNo,
    WechatId,
    Address,
    JoinDate,
    Birthday,
    Leader,
    Remark,
}

impl Field {
    pub const ALL: [Field; 22] = [
        Field::Name,
        Field::FamilyName,
        Field::GivenName,
        Field::Userid,
        Field::Alias,
        Field::EnglishName,
        Field::Position,
        Field::Departments,
        Field::MainDepartment,
        Field::Gender,
        Field::Mobile,
        Field::Telephone,
        Field::Extension,
        Field::Email,
        Field::EnterpriseEmail,
        Field::EmployeeNo,
        Field::WechatId,
        Field::Address,
        Field::JoinDate,
        Field::Birthday,
        Field::Leader,
        Field::Remark,
    ];

    /// The stable key (`"mobile"`, `"employee_no"`), as in JSON output.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::FamilyName => "family_name",
            Field::GivenName => "given_name",
            Field::Userid => "userid",
            Field::Alias => "alias",
            Field::EnglishName => "english_name",
            Field::Position => "position",
            Field::Departments => "departments",
            Field::MainDepartment => "main_department",
            Field::Gender => "gender",
            Field::Mobile => "mobile",
            Field::Telephone => "telephone",
            Field::Extension => "extension",
            Field::Email => "email",
            Field::EnterpriseEmail => "enterprise_email",
            Field::EmployeeNo => "employee_no",
            Field::WechatId => "wechat_id",
            Field::Address => "address",
            Field::JoinDate => "join_date",
            Field::Birthday => "birthday",
            Field::Leader => "leader",
            Field::Remark => "remark",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field's name for people, in simplified Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Field::Name => "姓名",
            Field::FamilyName => "姓",
            Field::GivenName => "名",
            Field::Userid => "账号",
            Field::Alias => "别名",
            Field::EnglishName => "英文名",
            Field::Position => "职务",
            Field::Departments => "部门",
            Field::MainDepartment => "主部门",
            Field::Gender => "性别",
            Field::Mobile => "手机",
            Field::Telephone => "座机",
            Field::Extension => "分机号",
            Field::Email => "邮箱",
            Field::EnterpriseEmail => "企业邮箱",
            Field::EmployeeNo => "工号",
            Field::WechatId => "微信号",
            Field::Address => "地址",
            Field::JoinDate => "入职日期",
            Field::Birthday => "生日",
            Field::Leader => "直属上级",
            Field::Remark => "备注",
        }
    }

    /// The field's name for people, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::FamilyName => "Family name",
            Field::GivenName => "Given name",
            Field::Userid => "Account",
            Field::Alias => "Alias",
            Field::EnglishName => "English name",
            Field::Position => "Position",
            Field::Departments => "Departments",
            Field::MainDepartment => "Main department",
            Field::Gender => "Gender",
            Field::Mobile => "Mobile",
            Field::Telephone => "Telephone",
            Field::Extension => "Extension",
            Field::Email => "Email",
            Field::EnterpriseEmail => "Enterprise email",
            Field::EmployeeNo => "Employee no.",
            Field::WechatId => "WeChat ID",
            Field::Address => "Address",
            Field::JoinDate => "Join date",
            Field::Birthday => "Birthday",
            Field::Leader => "Leader",
            Field::Remark => "Remark",
        }
    }
}

/// Header synonyms per field, as real sheets write them: simplified Chinese, traditional Chinese
/// (Taiwan and Hong Kong usage) and English (including the Google and Outlook CSV headers).
///
/// Matching compares [`header_key`]s, so spacing, case, width, `-`/`_`/`.` and required markers
/// (`姓名*`) do not matter here: `E-mail 1 - Value`, `email1value` and `ＥＭＡＩＬ １ － ＶＡＬＵＥ`
/// are one synonym. Headers whose meaning depends on the template (`帐号` in a mail template,
/// `Title` in Outlook) are refined per profile in `mapping.rs`.
pub(crate) const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "姓名", "名字", "员工姓名", "成员姓名", "人员姓名", "真实姓名", "显示名", "显示名称", "联系人",
            "中文名", "中文姓名", "員工姓名", "成員姓名", "聯絡人", "中文名字",
            "name", "full name", "display name", "contact name", "chinese name",
        ],
    ),
    (Field::FamilyName, &["姓", "姓氏", "last name", "family name", "surname"]),
    (Field::GivenName, &["名", "first name", "given name", "forename"]),
    (
        Field::Userid,
        &[
            "账号", "帐号", "成员账号", "成员帐号", "用户id", "员工userid", "员工id", "成员id", "人员id",
            "账户", "帐户", "用户名", "登录名", "登录账号", "用户账号",
            "賬號", "帳號", "成員帳號", "帳戶", "使用者名稱", "使用者id", "用戶id",
            "userid", "account", "account id", "username", "login", "uid",
            "member id",
        ],
    ),
    (Field::Alias, &["别名", "昵称", "別名", "暱稱", "alias", "nickname"]),
    (
        Field::EnglishName,
        &["英文名", "英文名字", "英文姓名", "英文名稱", "english name", "name (english)"],
    ),
    (
        Field::Position,
        &[
            "职务", "职位", "职称", "岗位", "岗位名称", "职位名称",
            "職務", "職位", "職稱", "崗位",
            "title", "job title", "position", "job", "role", "designation",
            "organization title", "organization 1 - title",
        ],
    ),
    (
        Field::Departments,
        &[
            "部门", "所在部门", "所属部门", "部门名称", "部门路径", "部门全路径", "组织", "所属组织",
            "组织架构", "部門", "所屬部門", "所在部門", "部門名稱", "單位",
            "department", "departments", "dept", "organization department",
            "organization 1 - department", "org unit", "division",
        ],
    ),
    (
        Field::MainDepartment,
        &["主部门", "主属部门", "主要部门", "主部門", "main department", "primary department"],
    ),
    (Field::Gender, &["性别", "性別", "gender", "sex"]),
    (
        Field::Mobile,
        &[
            "手机", "手机号", "手机号码", "移动电话", "联系电话", "联系方式", "手机电话",
            // Taiwan writes 行動電話 for a mobile, and a bare 電話 column in a TW/HK sheet almost
            // always holds the mobile (the issue lists it so); simplified 电话 stays a landline.
            "手機", "手機號", "手機號碼", "行動電話", "電話", "聯絡電話", "流動電話",
            "mobile", "mobile phone", "mobile number", "mobile no", "cell", "cellphone",
            "phone", "phone number", "phone 1 - value",
        ],
    ),
    (
        Field::Telephone,
        &[
            "座机", "电话", "电话号码", "办公电话", "固定电话", "固话", "公司电话", "工作电话",
            "办公室电话", "座機", "辦公電話", "市話", "公司電話", "辦公室電話",
            "telephone", "tel", "work phone", "business phone", "office phone", "landline",
        ],
    ),
    (Field::Extension, &["分机", "分机号", "分机号码", "分機", "分機號", "分機號碼", "ext", "extension"]),
    (
        Field::Email,
        &[
            "邮箱", "个人邮箱", "电子邮件", "电子邮箱", "邮件", "电邮", "邮箱地址", "邮件地址",
            // In a generic sheet 邮箱账号 is an address; mail templates rebind it to the account.
            "邮箱账号", "邮箱帐号",
            "郵箱", "個人郵箱", "電子郵件", "電子郵箱", "電郵", "電郵地址", "郵件地址",
            "email", "email address", "e-mail 1 - value", "mail",
            "personal email",
        ],
    ),
    (
        Field::EnterpriseEmail,
        &[
            "企业邮箱", "企业邮箱地址", "工作邮箱", "公司邮箱", "企業郵箱", "公司郵箱", "工作郵箱",
            "enterprise email", "work email", "business email", "corporate email", "company email",
        ],
    ),
    (
        Field::EmployeeNo,
        &[
            "工号", "员工编号", "员工工号", "编号", "人员编号", "职工号", "工號", "員工編號", "員工號碼",
            "employee id", "employee no", "employee number", "emp no", "staff id", "staff no",
            "job number",
        ],
    ),
    (
        Field::WechatId,
        &["微信号", "微信", "个人微信", "微信id", "微信號", "個人微信", "wechat", "wechat id", "weixin"],
    ),
    (
        Field::Address,
        &[
            "地址", "办公地点", "工作地点", "办公地址", "工作地址", "联系地址", "办公室",
            "辦公地點", "工作地點", "辦公地址", "聯絡地址",
            "address", "office location", "work address", "location", "office",
        ],
    ),
    (
        Field::JoinDate,
        &[
            "入职日期", "入职时间", "到岗日期", "入司日期", "入职", "入職日期", "到職日", "到職日期",
            "join date", "hire date", "start date", "date of joining", "onboarding date",
        ],
    ),
    (
        Field::Birthday,
        &["生日", "出生日期", "出生年月", "出生年月日", "birthday", "date of birth", "dob", "birth date"],
    ),
    (
        Field::Leader,
        &[
            "直属上级", "直属主管", "汇报对象", "主管", "上级", "直接上级", "汇报人",
            "直屬主管", "直屬上級", "主管姓名",
            "leader", "manager", "supervisor", "reports to", "manager's name", "direct manager",
        ],
    ),
    (
        Field::Remark,
        &["备注", "备注信息", "说明", "備註", "備注", "註記", "notes", "note", "remark", "remarks", "comment", "comments"],
    ),
];

/// Fold full-width forms to their ASCII twins (`Ａ１（` → `A1(`), the ideographic space to a space,
/// and `【】` to `[]`: Chinese input methods produce full-width punctuation and digits in headers.
/// Only the width fold of NFKC is needed for headers, so it is written out instead of pulling in
/// the Unicode normalization tables.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '【' | '〔' => '[',
            '】' | '〕' => ']',
            '※' => '*',
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            '—' | '–' => '-',
            _ => c,
        })
        .collect()
}

/// A header as people mean it: width-folded, lowercase, spaces collapsed, required markers
/// (`*姓名`, `姓名*`, trailing `:`) removed. Bracketed hints are kept (see [`strip_hints`]).
pub fn normalize_header(header: &str) -> String {
    let folded = fold_width(header).to_lowercase();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| c == '*' || c == ':' || c.is_whitespace())
        .to_string()
}

/// Remove bracketed hints from a normalized header: `入职时间(yyyy-mm-dd)` → `入职时间`,
/// `手机(必填)` → `手机`, `[必填]姓名` → `姓名`. Templates put format hints and "required" notes in
/// brackets; the field is what is left.
pub fn strip_hints(normalized: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in normalized.chars() {
        match c {
            '(' | '[' | '<' | '《' => depth += 1,
            ')' | ']' | '>' | '》' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == '*' || c == ':' || c.is_whitespace())
        .to_string()
}

/// The compact key headers are compared by: normalized, then without spaces and the joiners
/// `-` `_` `.` `/` `·` (`User ID`, `user_id` and `UserID` are one key; `E-mail` is `email`).
pub fn header_key(header: &str) -> String {
    compact(&normalize_header(header))
}

fn compact(normalized: &str) -> String {
    normalized
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.' | '·' | '/' | '*' | ':'))
        .collect()
}

impl Field {
    /// This field's header synonyms, in simplified Chinese, traditional Chinese and English.
    pub fn synonyms(self) -> &'static [&'static str] {
        SYNONYMS.iter().find(|(f, _)| *f == self).map(|(_, s)| *s).unwrap_or(&[])
    }

    /// The field a header names exactly (after normalization), if any.
    pub fn from_header_exact(header: &str) -> Option<Field> {
        lookup(&header_key(header))
    }

    /// The field a header names once bracketed hints are removed (`手机（必填）`), if any.
    pub fn from_header_loose(header: &str) -> Option<Field> {
        let stripped = compact(&strip_hints(&normalize_header(header)));
        if stripped.is_empty() {
            return None;
        }
        lookup(&stripped)
    }

    /// The field a header names: exact first, then without hints.
    pub fn from_header(header: &str) -> Option<Field> {
        Field::from_header_exact(header).or_else(|| Field::from_header_loose(header))
    }
}

fn lookup(key: &str) -> Option<Field> {
    if key.is_empty() {
        return None;
    }
    // ~400 synonyms: a linear scan per header is microseconds and keeps the table plain data.
    SYNONYMS
        .iter()
        .find(|(_, syns)| syns.iter().any(|s| compact(&normalize_header(s)) == key))
        .map(|(f, _)| *f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_synonyms_and_no_synonym_is_shared() {
        for f in Field::ALL {
            assert!(!f.synonyms().is_empty(), "{f:?} has no synonyms");
            assert_eq!(Field::from_header(f.label_zh()), Some(f), "label {}", f.label_zh());
        }
        let mut seen = std::collections::HashMap::new();
        let mut clashes = Vec::new();
        for (f, syns) in SYNONYMS {
            for s in *syns {
                let key = header_key(s);
                if let Some(other) = seen.insert(key.clone(), *f) {
                    clashes.push(format!("{s:?} ({key}) listed for {other:?} and {f:?}"));
                }
            }
        }
        assert!(clashes.is_empty(), "{clashes:#?}");
    }

    #[test]
    fn normalization_folds_width_case_markers_and_spaces() {
        assert_eq!(normalize_header("  ＊姓名＊ "), "姓名");
        assert_eq!(normalize_header("姓名*"), "姓名");
        assert_eq!(normalize_header("E-Mail   Address"), "e-mail address");
        assert_eq!(normalize_header("手机（必填）"), "手机(必填)");
        assert_eq!(strip_hints("入职时间(yyyy-mm-dd)"), "入职时间");
        assert_eq!(strip_hints("[必填]姓名"), "姓名");
        assert_eq!(header_key("User_ID"), "userid");
        assert_eq!(header_key("ＥＭＡＩＬ １ － ＶＡＬＵＥ"), "email1value");
    }

    #[test]
    fn headers_resolve_to_fields() {
        let cases = [
            ("手机号码", Field::Mobile),
            ("行動電話", Field::Mobile),
            ("電話", Field::Mobile),
            ("电话", Field::Telephone),
            ("Phone 1 - Value", Field::Mobile),
            ("E-mail 1 - Value", Field::Email),
            ("员工UserID", Field::Userid),
            ("入职时间(YYYY-MM-DD)", Field::JoinDate),
            ("手机（必填）", Field::Mobile),
            ("Organization 1 - Department", Field::Departments),
            ("個人微信", Field::WechatId),
            ("Manager's Name", Field::Leader),
        ];
        for (h, f) in cases {
            assert_eq!(Field::from_header(h), Some(f), "{h}");
        }
        assert_eq!(Field::from_header("邮箱容量(M)"), None);
        assert_eq!(Field::from_header("视频号"), None);
        assert_eq!(Field::from_header(""), None);
        assert_eq!(Field::from_header("(必填)"), None);
    }
}
