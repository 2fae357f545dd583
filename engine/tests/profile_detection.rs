//! Profile detection on the real templates' header rows (see the sources in `map/profile.rs`).

use minglu::{detect_profile, detect_profile_with_sample, Profile};

fn h(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn wecom_admin_template() {
    let headers = h(&[
        "姓名",
        "帐号",
        "别名",
        "职务",
        "部门",
        "性别",
        "手机",
        "座机",
        "个人邮箱",
        "地址",
        "企业邮箱",
        "视频号",
        "对外职务",
    ]);
    assert_eq!(detect_profile(&headers), Profile::Wecom);
    // Newer consoles spell 账号; some exports drop the 视频号 and 对外职务 columns.
    let headers = h(&["姓名", "账号", "别名", "职务", "部门", "性别", "手机", "座机", "个人邮箱", "地址"]);
    assert_eq!(detect_profile(&headers), Profile::Wecom);
}

#[test]
fn wecom_batch_sync_csv() {
    let headers = h(&[
        "姓名",
        "帐号",
        "手机号",
        "邮箱",
        "所在部门",
        "职位",
        "性别",
        "是否部门内领导",
        "排序",
        "别名",
        "地址",
        "座机",
        "禁用",
    ]);
    assert_eq!(detect_profile(&headers), Profile::WecomApi);
}

#[test]
fn qiwei_by_wechat_column_or_arrow_paths() {
    assert_eq!(detect_profile(&h(&["姓名", "手机", "邮箱", "部门", "职务", "微信号"])), Profile::Qiwei);
    // A WeChat id column without departments is just a column.
    assert_eq!(detect_profile(&h(&["姓名", "手机", "微信号"])), Profile::Generic);
    let headers = h(&["姓名", "手机", "邮箱", "部门"]);
    let rows =
        vec![vec!["张三".to_string(), "13800138000".into(), "".into(), "营销中心->大客户部->工业制造;市场部".into()]];
    assert_eq!(detect_profile_with_sample(&headers, &rows), Profile::Qiwei);
    let slash = vec![vec!["张三".to_string(), "13800138000".into(), "".into(), "总部/市场部".into()]];
    assert_eq!(detect_profile_with_sample(&headers, &slash), Profile::Generic);
}

#[test]
fn dingtalk_export() {
    let headers = h(&[
        "员工UserID",
        "姓名",
        "工号",
        "职位",
        "手机号",
        "分机号",
        "邮箱",
        "部门",
        "办公地点",
        "入职时间",
        "备注",
        "直属主管",
        "企业邮箱",
        "工作地点",
    ]);
    assert_eq!(detect_profile(&headers), Profile::Dingtalk);
    let short = h(&["UserID", "姓名", "手机", "部门", "办公地点", "主管"]);
    assert_eq!(detect_profile(&short), Profile::Dingtalk);
}

#[test]
fn feishu_import() {
    let headers = h(&[
        "用户ID",
        "姓名",
        "手机号",
        "邮箱",
        "部门",
        "工号",
        "职务",
        "直属上级",
        "性别",
        "员工类型",
        "入职日期",
        "工作城市",
    ]);
    assert_eq!(detect_profile(&headers), Profile::Feishu);
    assert_eq!(detect_profile(&h(&["姓名", "手机号", "人员类型", "部门"])), Profile::Feishu);
}

#[test]
fn exmail_and_alimail_are_told_apart() {
    let exmail = h(&["姓名", "帐号", "密码", "部门", "职位", "性别", "手机", "电话", "英文名", "编号"]);
    assert_eq!(detect_profile(&exmail), Profile::Exmail);
    let exmail2 = h(&["姓名*", "邮箱帐号*", "密码*", "部门", "职务"]);
    assert_eq!(detect_profile(&exmail2), Profile::Exmail);
    let alimail = h(&["姓名*", "邮箱账号*", "工号", "邮箱密码", "部门", "分机号", "职务", "手机", "邮箱容量(M)"]);
    assert_eq!(detect_profile(&alimail), Profile::Alimail);
    // Full-width brackets and stars, as Chinese input methods type them.
    let alimail_fw = h(&["姓名＊", "邮箱账号＊", "邮箱密码", "邮箱容量（M）"]);
    assert_eq!(detect_profile(&alimail_fw), Profile::Alimail);
}

#[test]
fn google_csv_old_and_new() {
    let old = h(&[
        "Name",
        "Given Name",
        "Additional Name",
        "Family Name",
        "Yomi Name",
        "Nickname",
        "Birthday",
        "Notes",
        "Group Membership",
        "E-mail 1 - Type",
        "E-mail 1 - Value",
        "Phone 1 - Type",
        "Phone 1 - Value",
        "Organization 1 - Type",
        "Organization 1 - Name",
        "Organization 1 - Title",
        "Organization 1 - Department",
    ]);
    assert_eq!(detect_profile(&old), Profile::Google);
    let new = h(&[
        "First Name",
        "Middle Name",
        "Last Name",
        "Phonetic First Name",
        "Nickname",
        "Birthday",
        "Notes",
        "Labels",
        "E-mail 1 - Label",
        "E-mail 1 - Value",
        "Phone 1 - Label",
        "Phone 1 - Value",
        "Organization Name",
        "Organization Title",
        "Organization Department",
    ]);
    assert_eq!(detect_profile(&new), Profile::Google);
}

#[test]
fn outlook_csv() {
    let headers = h(&[
        "First Name",
        "Middle Name",
        "Last Name",
        "Title",
        "Suffix",
        "Nickname",
        "E-mail Address",
        "E-mail 2 Address",
        "Mobile Phone",
        "Business Phone",
        "Home Phone",
        "Job Title",
        "Department",
        "Company",
        "Manager's Name",
        "Business Street",
        "Notes",
    ]);
    assert_eq!(detect_profile(&headers), Profile::Outlook);
}

#[test]
fn nothing_distinctive_is_generic() {
    for headers in [
        h(&["姓名", "手机", "邮箱"]),
        h(&["姓名", "工号", "部门", "职务", "手机号", "邮箱"]),
        h(&["Name", "Email Address", "Phone", "Department"]),
        h(&["First Name", "Last Name", "Email"]),
        h(&["", "", ""]),
        vec![],
    ] {
        assert_eq!(detect_profile(&headers), Profile::Generic, "{headers:?}");
    }
}

#[test]
fn the_generated_sample_is_wecom() {
    let headers = h(&minglu::sample::HEADERS);
    assert_eq!(detect_profile(&headers), Profile::Wecom);
}
