//! Platform profiles: the templates of the platforms people import into and export from.

use super::field::{normalize_header, strip_hints};
use super::Field;
use serde::{Deserialize, Serialize};

/// A platform's template. Detected from the headers; the user can override it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// WeCom (企业微信) admin console xlsx template.
    Wecom,
    /// WeCom batch-sync API CSV.
    WecomApi,
    /// The 企微 template (`营销中心->大客户部->工业制造;市场部`, WeChat id column).
    Qiwei,
    Dingtalk,
    Feishu,
    Exmail,
    Alimail,
    Google,
    Outlook,
    Generic,
}

impl Profile {
    pub const ALL: [Profile; 10] = [
        Profile::Wecom,
        Profile::WecomApi,
        Profile::Qiwei,
        Profile::Dingtalk,
        Profile::Feishu,
        Profile::Exmail,
        Profile::Alimail,
        Profile::Google,
        Profile::Outlook,
        Profile::Generic,
    ];

    /// The stable key, as in JSON and on the command line (`wecom`, `wecom_api`, `dingtalk` …).
    pub fn key(self) -> &'static str {
        match self {
            Profile::Wecom => "wecom",
            Profile::WecomApi => "wecom_api",
            Profile::Qiwei => "qiwei",
            Profile::Dingtalk => "dingtalk",
            Profile::Feishu => "feishu",
            Profile::Exmail => "exmail",
            Profile::Alimail => "alimail",
            Profile::Google => "google",
            Profile::Outlook => "outlook",
            Profile::Generic => "generic",
        }
    }

    pub fn from_key(key: &str) -> Option<Profile> {
        let k = key.trim().to_ascii_lowercase().replace('-', "_");
        Profile::ALL.into_iter().find(|p| p.key() == k)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Profile::Wecom => "企业微信（管理后台模板）",
            Profile::WecomApi => "企业微信（API 批量同步 CSV）",
            Profile::Qiwei => "企微模板",
            Profile::Dingtalk => "钉钉",
            Profile::Feishu => "飞书",
            Profile::Exmail => "腾讯企业邮",
            Profile::Alimail => "阿里邮箱",
            Profile::Google => "Google 通讯录 CSV",
            Profile::Outlook => "Outlook CSV",
            Profile::Generic => "通用",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Profile::Wecom => "WeCom (admin template)",
            Profile::WecomApi => "WeCom (API batch CSV)",
            Profile::Qiwei => "Qiwei template",
            Profile::Dingtalk => "DingTalk",
            Profile::Feishu => "Feishu",
            Profile::Exmail => "Tencent Exmail",
            Profile::Alimail => "Alibaba Mail",
            Profile::Google => "Google Contacts CSV",
            Profile::Outlook => "Outlook CSV",
            Profile::Generic => "Generic",
        }
    }
}

/// One header that hints at a platform, and how strongly (negative: a header this platform's
/// template never has, while a look-alike's does).
type Signature = (&'static str, i32);

/// Weight of a header only this platform's template has: one such header decides between
/// look-alikes, and detection requires at least one (see [`detect_profile_with_sample`]).
const DISTINCTIVE: i32 = 3;

/// The headers each platform's template is known by. Compared as normalized headers with and
/// without bracketed hints (`邮箱容量(M)` and `邮箱容量` both match), but with hyphens and spaces
/// kept, so Outlook's `E-mail Address` is not confused with a generic `Email Address`.
const SIGNATURES: &[(Profile, &[Signature])] = &[
    // WeCom admin console → 通讯录 → 批量导入 → 下载模板 (通讯录批量导入模板.xlsx): 姓名, 帐号, 别名, 职务,
    // 部门, 性别, 手机, 座机, 个人邮箱, 地址, 企业邮箱, 视频号, 对外职务 (newer consoles write 账号).
    (
        Profile::Wecom,
        &[
            ("个人邮箱", 3), ("视频号", 3), ("对外职务", 3), ("对外信息", 3), ("帐号", 2), ("账号", 2),
            ("别名", 2), ("座机", 2), ("企业邮箱", 1), ("职务", 1), ("部门", 1), ("性别", 1), ("手机", 1),
            ("地址", 1), ("姓名", 1),
        ],
    ),
    // WeCom batch-sync API CSV (通讯录 → 批量同步 → 模板.csv): 姓名, 帐号, 手机号, 邮箱, 所在部门, 职位,
    // 性别, 是否部门内领导, 排序, 别名, 地址, 座机, 禁用; departments are numeric ids joined by `;`.
    (
        Profile::WecomApi,
        &[
            ("是否部门内领导", 4), ("禁用", 3), ("排序", 2), ("所在部门", 2), ("帐号", 1), ("账号", 1),
            ("手机号", 1), ("邮箱", 1), ("职位", 1), ("别名", 1), ("座机", 1), ("姓名", 1),
        ],
    ),
    // The 企微 template of the seed issue: 姓名, 手机, 邮箱, 部门 (`营销中心->大客户部->工业制造;市场部`),
    // 职务, 微信号. Only the WeChat id column (with a department column, see REQUIRES) and `->`
    // paths in the data (see detect_profile_with_sample) tell it apart.
    (
        Profile::Qiwei,
        &[("微信号", 3), ("微信", 2), ("部门", 1), ("姓名", 1), ("手机", 1), ("邮箱", 1), ("职务", 1)],
    ),
    // DingTalk admin console → 通讯录 → 导出 / 批量导入 template: 员工UserID (UserID), 姓名, 工号, 职位,
    // 手机号, 分机号, 邮箱, 部门, 办公地点, 入职时间, 备注, 直属主管 (主管), 企业邮箱, 工作地点.
    (
        Profile::Dingtalk,
        &[
            ("员工userid", 4), ("userid", 2), ("办公地点", 3), ("入职时间", 2), ("直属主管", 2), ("主管", 2),
            ("分机号", 1), ("工作地点", 1), ("工号", 1), ("职位", 1), ("手机号", 1), ("邮箱", 1), ("部门", 1),
            ("备注", 1), ("企业邮箱", 1), ("姓名", 1),
        ],
    ),
    // Feishu admin console → 成员管理 → 批量导入/导出: 用户ID, 姓名, 手机号, 邮箱, 部门, 工号, 职务,
    // 直属上级, 性别, 员工类型 (人员类型), 入职日期, 工作城市.
    (
        Profile::Feishu,
        &[
            ("员工类型", 4), ("人员类型", 4), ("工作城市", 4), ("用户id", 3), ("user id", 2), ("直属上级", 2),
            ("入职日期", 2), ("职级", 1), ("职务", 1), ("手机号", 1), ("邮箱", 1), ("工号", 1), ("部门", 1),
            ("性别", 1), ("姓名", 1),
        ],
    ),
    // Tencent Exmail (腾讯企业邮) → 成员批量导入 template: 姓名, 帐号 (邮箱帐号), 密码, 部门, 职位, 性别,
    // 手机, 电话, 英文名, 编号. Alibaba Mail also has a password column but with 邮箱容量(M).
    (
        Profile::Exmail,
        &[
            ("密码", 3), ("初始密码", 3), ("邮箱帐号", 2), ("邮箱账号", 2), ("帐号", 1), ("账号", 1),
            ("英文名", 1), ("电话", 1), ("编号", 1), ("职位", 1), ("职务", 1), ("部门", 1), ("性别", 1),
            ("手机", 1), ("姓名", 1), ("邮箱容量", -6), ("邮箱密码", -3),
        ],
    ),
    // Alibaba Mail (阿里邮箱) → 批量导入员工 CSV: 姓名*, 邮箱账号*, 工号, 邮箱密码, 部门 (`A/B/C`), 分机号,
    // 职务, 手机, 邮箱容量(M).
    (
        Profile::Alimail,
        &[
            ("邮箱容量", 5), ("邮箱密码", 4), ("邮箱账号", 2), ("邮箱帐号", 2), ("工号", 1), ("分机号", 1),
            ("职务", 1), ("部门", 1), ("手机", 1), ("姓名", 1),
        ],
    ),
    // Google Contacts → Export → Google CSV. Old: Name, Given Name, Additional Name, Family Name, …,
    // Group Membership, E-mail 1 - Type, E-mail 1 - Value, Phone 1 - Type, Phone 1 - Value,
    // Organization 1 - Name, Organization 1 - Title, Organization 1 - Department. New (2023+):
    // First Name, Middle Name, Last Name, …, Labels, E-mail 1 - Label, Phone 1 - Label,
    // Organization Name, Organization Title, Organization Department.
    (
        Profile::Google,
        &[
            ("e-mail 1 - type", 4), ("e-mail 1 - value", 4), ("e-mail 1 - label", 4), ("phone 1 - type", 4),
            ("phone 1 - value", 4), ("phone 1 - label", 4), ("organization 1 - name", 4),
            ("organization 1 - title", 3), ("organization name", 3), ("organization title", 3),
            ("organization department", 3), ("group membership", 4), ("additional name", 3),
            ("given name", 2), ("family name", 2), ("name prefix", 2), ("name suffix", 2), ("labels", 2),
            ("first name", 1), ("middle name", 1), ("last name", 1), ("nickname", 1), ("birthday", 1),
            ("notes", 1),
        ],
    ),
    // Outlook → File → Open & Export → Export to a file → CSV: First Name, Middle Name, Last Name,
    // Title, Suffix, …, E-mail Address, E-mail 2 Address, Mobile Phone, Business Phone, Home Phone,
    // Job Title, Department, Company, Manager's Name, Business Street, Notes …
    (
        Profile::Outlook,
        &[
            ("e-mail address", 4), ("e-mail 2 address", 4), ("e-mail display name", 4), ("manager's name", 4),
            ("business street", 3), ("home phone", 3), ("business phone", 3), ("assistant's name", 3),
            ("mobile phone", 2), ("job title", 2), ("suffix", 2), ("company", 1), ("department", 1),
            ("title", 1), ("first name", 1), ("middle name", 1), ("last name", 1), ("notes", 1),
            ("birthday", 1),
        ],
    ),
];

/// Headers a profile cannot do without: the 企微 template's WeChat id only means 企微 next to a
/// department column (any sheet may have a 微信号 column).
const REQUIRES: &[(Profile, &[&str])] = &[(Profile::Qiwei, &["部门", "所在部门", "部門"])];

/// Bonus for 企微 when department values are `->` paths: no other template writes them.
const ARROW_PATH_BONUS: i32 = 6;

/// Which platform do these headers look like? `Generic` when none fits.
pub fn detect_profile(headers: &[String]) -> Profile {
    detect_profile_with_sample(headers, &[])
}

/// [`detect_profile`], also looking at a few data rows (each a row of cell texts, in header
/// order): department values written as `A->B->C` paths mark the 企微 template.
///
/// Each profile scores the weights of its signature headers present. The best score wins if it
/// reaches 5 and includes a distinctive header (weight ≥ 3); ties go to the earlier profile in
/// the signature table. Otherwise the sheet is `Generic`: headers like 姓名/手机/部门 are in every
/// template and prove nothing.
pub fn detect_profile_with_sample(headers: &[String], sample_rows: &[Vec<String>]) -> Profile {
    let present: Vec<(String, String)> = headers
        .iter()
        .map(|h| {
            let n = normalize_header(h);
            let s = strip_hints(&n);
            (n, s)
        })
        .filter(|(n, _)| !n.is_empty())
        .collect();
    let has = |sig: &str| {
        let sig = normalize_header(sig);
        present.iter().any(|(n, s)| *n == sig || *s == sig)
    };
    let arrows = department_values_have_arrows(headers, sample_rows);

    let mut best: Option<(Profile, i32)> = None;
    for (profile, signature) in SIGNATURES {
        let required = REQUIRES.iter().find(|(p, _)| p == profile).map(|(_, r)| *r);
        if let Some(req) = required {
            if !req.iter().any(|h| has(h)) {
                continue;
            }
        }
        let mut score = 0;
        let mut distinctive = false;
        for (header, weight) in *signature {
            if has(header) {
                score += weight;
                distinctive |= *weight >= DISTINCTIVE;
            }
        }
        if *profile == Profile::Qiwei && arrows {
            score += ARROW_PATH_BONUS;
            distinctive = true;
        }
        if distinctive && score >= 5 && best.is_none_or(|(_, b)| score > b) {
            best = Some((*profile, score));
        }
    }
    best.map(|(p, _)| p).unwrap_or(Profile::Generic)
}

/// Do the department column's sample values use `->` between levels?
fn department_values_have_arrows(headers: &[String], sample_rows: &[Vec<String>]) -> bool {
    let columns: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| matches!(Field::from_header(h), Some(Field::Departments | Field::MainDepartment)))
        .map(|(i, _)| i)
        .collect();
    sample_rows
        .iter()
        .any(|row| columns.iter().any(|&c| row.get(c).is_some_and(|v| v.contains("->"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_profile_has_a_key_that_round_trips() {
        for p in Profile::ALL {
            assert_eq!(Profile::from_key(p.key()), Some(p));
        }
        assert_eq!(Profile::from_key("WeCom-API"), Some(Profile::WecomApi));
    }

    #[test]
    fn common_headers_alone_are_generic() {
        assert_eq!(detect_profile(&h(&["姓名", "手机", "邮箱", "部门"])), Profile::Generic);
        assert_eq!(detect_profile(&h(&["Name", "Email Address", "Phone"])), Profile::Generic);
        assert_eq!(detect_profile(&[]), Profile::Generic);
    }

    #[test]
    fn arrows_in_department_values_mean_qiwei() {
        let headers = h(&["姓名", "手机", "部门"]);
        let rows = vec![vec!["张三".into(), "13800138000".into(), "营销中心->大客户部->工业制造;市场部".into()]];
        assert_eq!(detect_profile_with_sample(&headers, &rows), Profile::Qiwei);
        assert_eq!(detect_profile(&headers), Profile::Generic);
    }
}
