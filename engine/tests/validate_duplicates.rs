//! Checks across rows: duplicates are reported on every row involved and name the other rows;
//! look-alike e-mails; similar department names; linear-time grouping.

mod support_validate;

use minglu::validate::{Severity, RELATED_ROWS_MAX};
use minglu::{Field, Lang, Profile};
use support_validate::*;
use Field::*;
use Profile::*;

#[test]
fn userid_duplicate_ignores_case_on_wecom_only() {
    let rows = vec![wecom_row(2, &[(Userid, "ZhangSan")]), wecom_row(3, &[]), wecom_row(4, &[(Userid, "zhangsan")])];
    let report = check(Wecom, &rows);
    let a = issue(&report, 2, "userid.duplicate");
    let b = issue(&report, 4, "userid.duplicate");
    assert_eq!((a.related_rows.as_slice(), b.related_rows.as_slice()), (&[4][..], &[2][..]));
    assert!(a.message.contains("第 4 行") && a.message.contains("不区分大小写"), "{}", a.message);
    assert!(codes_on(&report, 3).is_empty());
    // DingTalk compares accounts as written.
    let ding = |u: &str| row_of(&[(Name, "张三"), (Mobile, "13800138000"), (Userid, u)]);
    let report = check(Dingtalk, &[ding("ZhangSan"), ding("zhangsan")]);
    assert!(report.issues.iter().all(|i| i.code.as_str() != "userid.duplicate"));
}

#[test]
fn mobile_duplicate_compares_normalized_numbers() {
    let rows = vec![
        wecom_row(2, &[(Mobile, "13800138000")]),
        wecom_row(3, &[(Mobile, "+86 138 0013 8000")]),
        wecom_row(4, &[(Mobile, "008613800138000")]),
        wecom_row(5, &[]),
    ];
    let report = check(Wecom, &rows);
    for (row, others) in [(2, vec![3, 4]), (3, vec![2, 4]), (4, vec![2, 3])] {
        let i = issue(&report, row, "mobile.duplicate");
        assert_eq!(i.related_rows, others);
        assert_eq!(i.severity, Severity::Error);
    }
    assert!(issue(&report, 2, "mobile.duplicate").message.contains("第 3、4 行"));
    assert!(codes_on(&report, 5).is_empty());
    // HK 8 digits and a mainland number never collide.
    let report = check(Wecom, &[wecom_row(2, &[(Mobile, "+85213800138")]), wecom_row(3, &[(Mobile, "13800138")])]);
    assert!(report.issues.iter().all(|i| i.code.as_str() != "mobile.duplicate"));
}

#[test]
fn email_duplicate_ignores_case_and_width() {
    let rows = vec![
        wecom_row(2, &[(Email, "ZhangSan@Example.com")]),
        wecom_row(3, &[(Email, "zhangsan@example.com")]),
        wecom_row(4, &[(Email, "ｚｈａｎｇｓａｎ@example.com")]),
    ];
    let report = check(Wecom, &rows);
    assert_eq!(issue(&report, 2, "email.duplicate").related_rows, [3, 4]);
    assert_eq!(issue(&report, 4, "email.duplicate").related_rows, [2, 3]);
    let report = check_lang(Wecom, &rows, Lang::En);
    assert!(issue(&report, 3, "email.duplicate").message.contains("rows 2, 4"));
}

#[test]
fn enterprise_email_duplicate_is_its_own_group() {
    let rows = vec![
        wecom_row(2, &[(EnterpriseEmail, "a@corp.com")]),
        wecom_row(3, &[(EnterpriseEmail, "A@corp.com"), (Email, "a@corp.com")]),
    ];
    let report = check(Wecom, &rows);
    let i = issue(&report, 2, "email.duplicate");
    assert_eq!((i.field, i.related_rows.as_slice()), (Some(EnterpriseEmail), &[3][..]));
    // The personal e-mail of row 3 equals row 2's enterprise e-mail: different columns, no issue.
    assert!(report.for_row(3).all(|i| i.field != Some(Email)));
}

#[test]
fn email_confusable_names_the_look_alike() {
    let rows = vec![
        wecom_row(2, &[(Email, "zhangsl@corp.com")]),
        wecom_row(3, &[(Email, "zhangs1@corp.com")]),
        wecom_row(4, &[(Email, "wang0@corp.com")]),
        wecom_row(5, &[(Email, "wango@corp.com")]),
        wecom_row(6, &[(Email, "mary@corp.com")]),
        wecom_row(7, &[(Email, "rnary@corp.com")]),
        wecom_row(8, &[(Email, "zhangsan2@corp.com")]),
        wecom_row(9, &[(Email, "zhangsan3@corp.com")]),
    ];
    let report = check(Wecom, &rows);
    for (row, other) in [(2, 3), (3, 2), (4, 5), (5, 4), (6, 7), (7, 6)] {
        let i = issue(&report, row, "email.confusable");
        assert_eq!(i.related_rows, [other]);
        assert_eq!(i.severity, Severity::Warning);
    }
    let i = issue(&report, 2, "email.confusable");
    assert!(i.message.contains("zhangs1@corp.com") && i.message.contains("第 3 行"), "{}", i.message);
    assert!(codes_on(&report, 8).is_empty() && codes_on(&report, 9).is_empty());
    // Exact duplicates are email.duplicate, not confusable.
    let report = check(Wecom, &[wecom_row(2, &[(Email, "x@corp.com")]), wecom_row(3, &[(Email, "X@corp.com")])]);
    assert!(report.issues.iter().all(|i| i.code.as_str() != "email.confusable"));
}

#[test]
fn employee_no_duplicate_is_an_error_for_feishu_only() {
    let fs = |n: usize| row_of(&[(Name, "张三"), (Mobile, &format!("1380013800{n}")), (EmployeeNo, "E001")]);
    let report = check(Feishu, &[fs(1), fs(2)]);
    assert_eq!(issue(&report, 2, "employee_no.duplicate").severity, Severity::Error);
    let report = check(Dingtalk, &[fs(1), fs(2)]);
    assert_eq!(issue(&report, 3, "employee_no.duplicate").severity, Severity::Warning);
}

#[test]
fn duplicates_in_a_generic_list_are_warnings() {
    let r = |m: &str| row_of(&[(Name, "张三"), (Mobile, m)]);
    let report = check(Generic, &[r("13800138000"), r("138 0013 8000")]);
    assert_eq!(issue(&report, 3, "mobile.duplicate").severity, Severity::Warning);
    assert!(!report.has_errors());
}

#[test]
fn department_similar_points_at_the_majority_spelling() {
    let rows = vec![
        wecom_row(2, &[(Departments, "总公司/研发部")]),
        wecom_row(3, &[(Departments, "总公司/研发部/后端组")]),
        wecom_row(4, &[(Departments, "总公司/研发 部")]),
        wecom_row(5, &[(Departments, "总公司/ＩＴ部")]),
        wecom_row(6, &[(Departments, "总公司/IT部")]),
        wecom_row(7, &[(Departments, "总公司/IT部")]),
        wecom_row(8, &[(Departments, "总公司/研发二部")]),
    ];
    let report = check(Wecom, &rows);
    let i = issue(&report, 4, "department.similar");
    assert_eq!((i.related_rows.as_slice(), i.fix.as_deref()), (&[2, 3][..], None));
    assert!(i.message.contains("总公司/研发部"), "{}", i.message);
    assert_eq!(issue(&report, 5, "department.similar").related_rows, [6, 7]);
    for row in [2, 3, 6, 7, 8] {
        assert!(codes_on(&report, row).is_empty(), "row {row}: {:?}", codes_on(&report, row));
    }
}

#[test]
fn a_value_shared_by_thousands_of_rows_stays_linear_and_capped() {
    let rows: Vec<_> = (2..20_002).map(|r| wecom_row(r, &[(Mobile, "13800138000")])).collect();
    let report = check(Wecom, &rows);
    assert_eq!(report.summary.by_code["mobile.duplicate"], 20_000);
    let i = issue(&report, 2, "mobile.duplicate");
    assert_eq!(i.related_rows.len(), RELATED_ROWS_MAX);
    assert!(i.message.contains("另有 19994 行"), "{}", i.message);
}

#[test]
fn regression_rows_without_a_key_are_not_grouped_together() {
    // Empty and invalid mobiles/e-mails must not form a "duplicate" group of their own.
    let rows = vec![
        wecom_row(2, &[(Mobile, ""), (Email, "a@corp.com")]),
        wecom_row(3, &[(Mobile, ""), (Email, "b@corp.com")]),
        wecom_row(4, &[(Mobile, "1.38E+10")]),
        wecom_row(5, &[(Mobile, "1.38E+10")]),
        wecom_row(6, &[(Email, "bad@corp")]),
        wecom_row(7, &[(Email, "bad@corp")]),
    ];
    let report = check(Wecom, &rows);
    assert!(report.issues.iter().all(|i| !i.code.as_str().ends_with(".duplicate")), "{:#?}", report.issues);
}

#[test]
fn employee_numbers_that_lost_their_leading_zeros() {
    let r = |n: usize, e: &str| row_of(&[(Name, "张三"), (Mobile, &format!("1380013800{n}")), (EmployeeNo, e)]);
    let report = check(Dingtalk, &[r(1, "000121"), r(2, "000122"), r(3, "000123"), r(4, "124"), r(5, "E-7")]);
    let i = issue(&report, 5, "employee_no.leading_zeros");
    assert_eq!((i.severity, i.fix.as_deref()), (Severity::Warning, None));
    assert_eq!(report.issues.len(), 1, "{:#?}", report.issues);
    // Numbers without leading zeros anywhere: widths differ, nothing lost.
    let report = check(Dingtalk, &[r(1, "1021"), r(2, "1022"), r(3, "1023"), r(4, "124")]);
    assert!(report.issues.is_empty());
}

#[test]
fn interleaved_groups_each_name_their_own_rows_in_row_order() {
    // Grouping sorts the keys by hash: the groups must still come out in the order of their
    // first rows, each row naming only the rows of its own key, in row order.
    let accounts = ["wang", "li", "zhao", "li", "wang", "sun", "zhao", "wang"];
    let rows: Vec<_> = accounts.iter().enumerate().map(|(i, u)| wecom_row(i + 2, &[(Userid, *u)])).collect();
    let report = check(Wecom, &rows);
    for (row, others) in [(2, vec![6, 9]), (3, vec![5]), (4, vec![8]), (5, vec![3]), (6, vec![2, 9]), (8, vec![4]), (9, vec![2, 6])] {
        assert_eq!(issue(&report, row, "userid.duplicate").related_rows, others, "row {row}");
    }
    assert!(codes_on(&report, 7).iter().all(|c| *c != "userid.duplicate"));
    let order: Vec<usize> = report.issues.iter().filter(|i| i.code.as_str() == "userid.duplicate").map(|i| i.row).collect();
    assert_eq!(order, [2, 3, 4, 5, 6, 8, 9]);
}
