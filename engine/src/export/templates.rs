//! The platforms' import templates: column names and order, and where each column's value comes
//! from. How values are written (phone format, department separators, gender words) follows the
//! template's [`Profile`]; see [`super::prepare`].
//!
//! Headers are the ones `map/profile.rs` knows each template by (its sources are listed there and
//! in `docs/codes.md`), so every template re-imports into Minglu as the same profile with the same
//! people — `engine/tests/export_roundtrip.rs` checks it for each one.

use super::Destination;
use crate::Field as F;
use crate::{Field, Profile};

/// Where a column's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Src {
    /// A field's (prepared) value.
    Field(Field),
    /// The first of these fields that has a value (DingTalk's 分机号 is its only landline field).
    First(&'static [Field]),
    /// All department paths, in the template's syntax.
    Departments,
    /// The family / given name (from 姓/名 when the directory has them, else split from 姓名).
    Family,
    Given,
    /// A fixed label, written when the field has a value (Google's `Phone 1 - Label` = `Mobile`).
    Label(Field, &'static str),
    /// The organization (company) name from the export options.
    Organization,
    /// The input's extra column with the same header, when it was chosen to leave; else empty
    /// (a password or quota column Minglu has no field for).
    Extra,
}

/// One column of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Col {
    pub header: &'static str,
    pub src: Src,
}

const fn col(header: &'static str, src: Src) -> Col {
    Col { header, src }
}

const fn f(field: F) -> Src {
    Src::Field(field)
}

/// The file a template is by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Native {
    Xlsx,
    Csv,
}

/// A platform's import template.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Template {
    pub profile: Profile,
    pub native: Native,
    /// A title row above the header, with a blank row after it (the WeCom admin template).
    pub title: Option<&'static str>,
    pub sheet_name: &'static str,
    pub columns: &'static [Col],
}

/// WeCom admin console → 通讯录 → 批量导入 → 下载模板: a title row, a blank row, then the header.
/// Departments `公司/事业群/部门`, several joined by `；`; mobiles 11 digits or `+85259…`.
const WECOM: &[Col] = &[
    col("姓名", f(F::Name)),
    col("帐号", f(F::Userid)),
    col("别名", f(F::Alias)),
    col("职务", f(F::Position)),
    col("部门", Src::Departments),
    col("性别", f(F::Gender)),
    col("手机", f(F::Mobile)),
    col("座机", f(F::Telephone)),
    col("个人邮箱", f(F::Email)),
    col("地址", f(F::Address)),
    col("企业邮箱", f(F::EnterpriseEmail)),
    col("视频号", Src::Extra),
    col("对外职务", Src::Extra),
];

/// The seed's 企微 template: departments `营销中心->大客户部->工业制造`, several joined by `;`.
const QIWEI: &[Col] = &[
    col("姓名", f(F::Name)),
    col("手机", f(F::Mobile)),
    col("邮箱", f(F::Email)),
    col("部门", Src::Departments),
    col("职务", f(F::Position)),
    col("微信号", f(F::WechatId)),
];

/// DingTalk admin console → 通讯录 → 批量导入 / 导出. Mobiles outside the mainland `+852-…`;
/// departments `公司/部门A/子部门B`, several joined by `;`. DingTalk's 分机号 is the API's
/// `telephone`, its only landline field, so a landline goes there when there is no extension.
const DINGTALK: &[Col] = &[
    col("员工UserID", f(F::Userid)),
    col("姓名", f(F::Name)),
    col("工号", f(F::EmployeeNo)),
    col("职位", f(F::Position)),
    col("手机号", f(F::Mobile)),
    col("分机号", Src::First(&[F::Extension, F::Telephone])),
    col("邮箱", f(F::Email)),
    col("部门", Src::Departments),
    col("办公地点", f(F::Address)),
    col("入职时间", f(F::JoinDate)),
    col("备注", f(F::Remark)),
    col("直属主管", f(F::Leader)),
    col("企业邮箱", f(F::EnterpriseEmail)),
];

/// Feishu admin console → 成员管理 → 批量导入. Mobiles 11 digits or `+cc…`.
const FEISHU: &[Col] = &[
    col("用户ID", f(F::Userid)),
    col("姓名", f(F::Name)),
    col("手机号", f(F::Mobile)),
    col("邮箱", f(F::Email)),
    col("部门", Src::Departments),
    col("工号", f(F::EmployeeNo)),
    col("职务", f(F::Position)),
    col("直属上级", f(F::Leader)),
    col("性别", f(F::Gender)),
    col("员工类型", Src::Extra),
    col("入职日期", f(F::JoinDate)),
    col("工作城市", Src::Extra),
];

/// Tencent Exmail (腾讯企业邮) → 成员批量导入. The account is the mailbox account: the userid, or
/// the enterprise address when there is no userid. Passwords are never invented.
const EXMAIL: &[Col] = &[
    col("姓名", f(F::Name)),
    col("帐号", Src::First(&[F::Userid, F::EnterpriseEmail])),
    col("密码", Src::Extra),
    col("部门", Src::Departments),
    col("职位", f(F::Position)),
    col("性别", f(F::Gender)),
    col("手机", f(F::Mobile)),
    col("电话", f(F::Telephone)),
    col("英文名", f(F::EnglishName)),
    col("编号", f(F::EmployeeNo)),
];

/// Alibaba Mail (阿里邮箱) → 批量导入员工 CSV, exactly these nine columns in this order.
const ALIMAIL: &[Col] = &[
    col("姓名*", f(F::Name)),
    col("邮箱账号*", Src::First(&[F::Userid, F::EnterpriseEmail])),
    col("工号", f(F::EmployeeNo)),
    col("邮箱密码", Src::Extra),
    col("部门", Src::Departments),
    col("分机号", f(F::Extension)),
    col("职务", f(F::Position)),
    col("手机", f(F::Mobile)),
    col("邮箱容量(M)", Src::Extra),
];

/// Google Contacts → Import, in the current export's header style (First Name … Organization
/// Department, `E-mail 1 - Label` …), which Google's importer reads together with the old one.
const GOOGLE: &[Col] = &[
    col("First Name", Src::Given),
    col("Middle Name", Src::Extra),
    col("Last Name", Src::Family),
    col("Nickname", f(F::Alias)),
    col("Organization Name", Src::Organization),
    col("Organization Title", f(F::Position)),
    col("Organization Department", Src::Departments),
    col("Birthday", f(F::Birthday)),
    col("Notes", f(F::Remark)),
    col("E-mail 1 - Label", Src::Label(F::Email, "Other")),
    col("E-mail 1 - Value", f(F::Email)),
    col("E-mail 2 - Label", Src::Label(F::EnterpriseEmail, "Work")),
    col("E-mail 2 - Value", f(F::EnterpriseEmail)),
    col("Phone 1 - Label", Src::Label(F::Mobile, "Mobile")),
    col("Phone 1 - Value", f(F::Mobile)),
    col("Phone 2 - Label", Src::Label(F::Telephone, "Work")),
    col("Phone 2 - Value", f(F::Telephone)),
    col("Address 1 - Label", Src::Label(F::Address, "Work")),
    col("Address 1 - Formatted", f(F::Address)),
];

/// Outlook → Import and Export → Comma Separated Values, the columns of Outlook's own export that
/// a directory fills (Outlook maps by header name, so the rest may be left out). `Title` is the
/// honorific (Mr., Dr.), not the job.
const OUTLOOK: &[Col] = &[
    col("First Name", Src::Given),
    col("Middle Name", Src::Extra),
    col("Last Name", Src::Family),
    col("Title", Src::Extra),
    col("Suffix", Src::Extra),
    col("Nickname", f(F::Alias)),
    col("E-mail Address", f(F::Email)),
    col("E-mail 2 Address", f(F::EnterpriseEmail)),
    col("Business Phone", f(F::Telephone)),
    col("Mobile Phone", f(F::Mobile)),
    col("Job Title", f(F::Position)),
    col("Department", Src::Departments),
    col("Company", Src::Organization),
    col("Manager's Name", f(F::Leader)),
    col("Business Street", f(F::Address)),
    col("Birthday", f(F::Birthday)),
    col("Notes", f(F::Remark)),
];

/// The template of a destination, if it is one.
pub(crate) fn template(destination: Destination) -> Option<Template> {
    let t = |profile, native, columns| Template { profile, native, title: None, sheet_name: "Sheet1", columns };
    Some(match destination {
        Destination::Wecom => Template {
            title: Some(crate::sample::WECOM_TITLE),
            sheet_name: crate::sample::SHEET_NAME,
            ..t(Profile::Wecom, Native::Xlsx, WECOM)
        },
        Destination::Qiwei => t(Profile::Qiwei, Native::Xlsx, QIWEI),
        Destination::Dingtalk => t(Profile::Dingtalk, Native::Xlsx, DINGTALK),
        Destination::Feishu => t(Profile::Feishu, Native::Xlsx, FEISHU),
        Destination::Exmail => t(Profile::Exmail, Native::Xlsx, EXMAIL),
        Destination::Alimail => t(Profile::Alimail, Native::Csv, ALIMAIL),
        Destination::Google => t(Profile::Google, Native::Csv, GOOGLE),
        Destination::Outlook => t(Profile::Outlook, Native::Csv, OUTLOOK),
        _ => return None,
    })
}

impl Col {
    /// The fields this column can carry.
    pub fn fields(&self) -> &[Field] {
        match &self.src {
            Src::Field(f) | Src::Label(f, _) => std::slice::from_ref(f),
            Src::First(fs) => fs,
            Src::Departments => &[F::Departments],
            Src::Family => &[F::FamilyName, F::Name],
            Src::Given => &[F::GivenName, F::Name],
            Src::Organization | Src::Extra => &[],
        }
    }
}
