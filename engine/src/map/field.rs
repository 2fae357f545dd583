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
