//! Header → field mapping: synonyms in simplified/traditional Chinese and English, normalization,
//! profile-specific meanings, one column per field, unknown columns kept.

use minglu::{map_columns, Field, Profile};

fn map(headers: &[&str], profile: Profile) -> Vec<Option<Field>> {
    let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
    map_columns(&h, profile).columns.into_iter().map(|c| c.field).collect()
}

#[test]
fn wecom_admin_template_maps_every_standard_column() {
    let got = map(
        &[
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
        ],
        Profile::Wecom,
    );
    use Field::*;
    assert_eq!(
        got,
        vec![
            Some(Name),
            Some(Userid),
            Some(Alias),
            Some(Position),
            Some(Departments),
            Some(Gender),
            Some(Mobile),
            Some(Telephone),
            Some(Email),
            Some(Address),
            Some(EnterpriseEmail),
            None,
            None
        ]
    );
}

#[test]
fn traditional_chinese_headers() {
    use Field::*;
    let got = map(
        &["姓名", "帳號", "部門", "職稱", "手機號碼", "電話", "分機", "電子郵件", "備註", "到職日"],
        Profile::Generic,
    );
    assert_eq!(
        got,
        vec![
            Some(Name),
            Some(Userid),
            Some(Departments),
            Some(Position),
            Some(Mobile),
            None,
            Some(Extension),
            Some(Email),
            Some(Remark),
            Some(JoinDate)
        ]
    );
    // Alone, a TW sheet's 電話 is the mobile.
    assert_eq!(map(&["姓名", "電話"], Profile::Generic), vec![Some(Name), Some(Mobile)]);
    assert_eq!(map(&["行動電話"], Profile::Generic), vec![Some(Mobile)]);
}

#[test]
fn english_headers_any_case_and_spacing() {
    use Field::*;
    let got = map(
        &["FIRST NAME", "last_name", "E-Mail", "Mobile Phone", "job  title", "Employee ID", "Hire Date", "WeChat ID"],
        Profile::Generic,
    );
    assert_eq!(
        got,
        vec![
            Some(GivenName),
            Some(FamilyName),
            Some(Email),
            Some(Mobile),
            Some(Position),
            Some(EmployeeNo),
            Some(JoinDate),
            Some(WechatId)
        ]
    );
}

#[test]
fn markers_hints_and_full_width_are_normalized() {
    use Field::*;
    let got = map(
        &["*姓名", "手机（必填）", "入职时间(YYYY-MM-DD)", "ＥＭＡＩＬ", " 部门 ", "邮箱容量(M)"],
        Profile::Generic,
    );
    assert_eq!(got, vec![Some(Name), Some(Mobile), Some(JoinDate), Some(Email), Some(Departments), None]);
}

#[test]
fn each_field_once_and_unknown_columns_kept() {
    let h: Vec<String> = ["姓名", "手机", "手机号", "自定义1", ""].iter().map(|s| s.to_string()).collect();
    let m = map_columns(&h, Profile::Generic);
    assert_eq!(m.columns.len(), 5, "every column is in the mapping");
    assert_eq!(m.column_of(Field::Mobile), Some(1));
    assert_eq!(m.columns[2].field, None);
    assert_eq!(m.columns[3].header, "自定义1");
    assert_eq!(m.columns[3].field, None);
    assert_eq!(m.columns[4].field, None);
}

#[test]
fn mail_templates_read_the_account_as_userid() {
    use Field::*;
    assert_eq!(
        map(
            &["姓名*", "邮箱账号*", "工号", "邮箱密码", "部门", "分机号", "职务", "手机", "邮箱容量(M)"],
            Profile::Alimail
        ),
        vec![
            Some(Name),
            Some(Userid),
            Some(EmployeeNo),
            None,
            Some(Departments),
            Some(Extension),
            Some(Position),
            Some(Mobile),
            None
        ]
    );
    assert_eq!(
        map(&["姓名", "帐号", "密码", "部门", "职位", "性别", "手机", "电话", "英文名", "编号"], Profile::Exmail),
        vec![
            Some(Name),
            Some(Userid),
            None,
            Some(Departments),
            Some(Position),
            Some(Gender),
            Some(Mobile),
            Some(Telephone),
            Some(EnglishName),
            Some(EmployeeNo)
        ]
    );
    // Outside a mail template, 邮箱账号 holds an address.
    assert_eq!(map(&["邮箱账号"], Profile::Generic), vec![Some(Email)]);
}

#[test]
fn dingtalk_and_feishu_exports() {
    use Field::*;
    assert_eq!(
        map(
            &[
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
                "企业邮箱"
            ],
            Profile::Dingtalk
        ),
        vec![
            Some(Userid),
            Some(Name),
            Some(EmployeeNo),
            Some(Position),
            Some(Mobile),
            Some(Extension),
            Some(Email),
            Some(Departments),
            Some(Address),
            Some(JoinDate),
            Some(Remark),
            Some(Leader),
            Some(EnterpriseEmail)
        ]
    );
    assert_eq!(
        map(&["用户ID", "姓名", "手机号", "直属上级", "员工类型", "入职日期", "工作城市"], Profile::Feishu),
        vec![Some(Userid), Some(Name), Some(Mobile), Some(Leader), None, Some(JoinDate), None]
    );
}

#[test]
fn google_and_outlook_csv() {
    use Field::*;
    assert_eq!(
        map(
            &[
                "Name",
                "Given Name",
                "Family Name",
                "E-mail 1 - Value",
                "Phone 1 - Value",
                "Phone 2 - Value",
                "Organization 1 - Name",
                "Organization 1 - Title",
                "Organization 1 - Department",
                "Notes"
            ],
            Profile::Google
        ),
        vec![
            Some(Name),
            Some(GivenName),
            Some(FamilyName),
            Some(Email),
            Some(Mobile),
            Some(Telephone),
            None,
            Some(Position),
            Some(Departments),
            Some(Remark)
        ]
    );
    assert_eq!(
        map(
            &[
                "First Name",
                "Last Name",
                "Title",
                "E-mail Address",
                "Mobile Phone",
                "Business Phone",
                "Job Title",
                "Department",
                "Company",
                "Manager's Name"
            ],
            Profile::Outlook
        ),
        vec![
            Some(GivenName),
            Some(FamilyName),
            None,
            Some(Email),
            Some(Mobile),
            Some(Telephone),
            Some(Position),
            Some(Departments),
            None,
            Some(Leader)
        ]
    );
}

#[test]
fn profile_key_round_trips_through_mapping() {
    let h = vec!["姓名".to_string()];
    for p in Profile::ALL {
        assert_eq!(map_columns(&h, p).profile, p);
    }
}
