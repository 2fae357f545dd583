//! Platform profiles: the templates of the platforms people import into and export from.

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

/// Which platform do these headers look like? `Generic` when none fits.
pub fn detect_profile(headers: &[String]) -> Profile {
    let _ = headers;
    Profile::Generic // TODO(helper): signatures per platform
}
