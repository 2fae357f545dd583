//! Header-row detection: skip title rows, blank rows and merged banner rows above the header.
//!
//! Exports and import templates put a title (`通讯录批量导入模板`), an instructions paragraph or a
//! blank row above the header, often merged across the sheet. Among the first rows, the header is
//! the one whose cells read most like column names — known header words (simplified, traditional,
//! English) plus short text that is not a phone, an e-mail or a number — and that has data below
//! it. With no known word anywhere, the first non-blank row that is not a banner is the header.

use super::{CellKind, Sheet};

/// Rows searched for the header.
const SEARCH_ROWS: usize = 30;

/// Words that name contact-directory columns. CJK words of two or more characters also match
/// inside longer headers (`手机号码`, `员工姓名`); short Latin words must match exactly.
const WORDS: &[&str] = &[
    "姓名", "名字", "全名", "姓", "名", "手机", "手机号", "手機", "电话", "電話", "座机", "分机", "分機", "联系方式", "聯絡",
    "邮箱", "郵箱", "邮件", "郵件", "电子邮件", "電子郵件", "部门", "部門", "科室", "账号", "帐号", "帳號", "賬號",
    "工号", "工號", "编号", "編號", "序号", "序號", "职务", "職務", "职位", "職位", "岗位", "崗位", "职称", "性别",
    "性別", "公司", "单位", "單位", "备注", "備註", "上级", "上級", "主管", "别名", "別名", "英文名", "地址", "办公地点",
    "工作地点", "入职", "入職", "生日", "出生", "身份证", "微信", "钉钉", "状态", "狀態", "昵称", "暱稱", "企业", "组织",
    "name", "fullname", "firstname", "lastname", "givenname", "familyname", "surname", "mobile", "phone",
    "cellphone", "telephone", "tel", "email", "mail", "department", "dept", "userid", "username", "account",
    "employeeid", "id", "title", "position", "job", "jobtitle", "gender", "sex", "company", "organization",
    "remark", "remarks", "note", "notes", "manager", "leader", "alias", "address", "birthday", "wechat", "status",
];

/// A header text reduced for matching: no required-field marks, spaces or punctuation, lower case.
fn normalize(s: &str) -> String {
    let mut t = s.trim().to_lowercase();
    for mark in ["（必填）", "(必填)", "（选填）", "(选填)", "（可选）", "(可选)"] {
        t = t.replace(mark, "");
    }
    t.chars().filter(|c| !c.is_whitespace() && !"*＊:：_-·.".contains(*c)).collect()
}

/// Does this cell text name a known column?
pub(crate) fn is_known_header(text: &str) -> bool {
    let t = normalize(text);
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    WORDS.iter().any(|w| {
        if t == *w {
            return true;
        }
        let cjk = !w.is_ascii();
        if cjk {
            w.chars().count() >= 2 && t.contains(w)
        } else {
            w.len() >= 4 && t.is_ascii() && (t.starts_with(w) || t.ends_with(w))
        }
    })
}

/// Short text that could name a column: not a number, date, phone or address.
fn header_like(text: &str, kind: CellKind) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    matches!(kind, CellKind::Text | CellKind::Formula | CellKind::Merged)
        && (1..=20).contains(&n)
        && !t.contains('@')
        && t.chars().filter(|c| c.is_ascii_digit()).count() * 2 < n.max(1)
}

/// The index (into `sheet.rows`) of the header row.
pub fn detect_header_row(sheet: &Sheet) -> usize {
    let width = sheet.width();
    let last_data = (0..sheet.rows.len()).rev().find(|&i| !sheet.row_is_blank(i));
    let Some(last_data) = last_data else { return 0 };
    let limit = sheet.rows.len().min(SEARCH_ROWS);
    let mut best: Option<(usize, usize)> = None; // (score, row)
    let mut first_plain = None;
    for i in 0..limit {
        if sheet.row_is_blank(i) || is_banner(sheet, i, width) {
            continue;
        }
        first_plain.get_or_insert(i);
        let row = sheet.rows.row(i);
        let filled: Vec<_> = row.iter().filter(|c| !c.is_blank()).collect();
        let known = filled.iter().filter(|c| is_known_header(c.text)).count();
        if known == 0 {
            continue;
        }
        // A header has data below it — unless the sheet is only a header.
        if i == last_data && best.is_some() {
            continue;
        }
        let like = filled.iter().filter(|c| header_like(c.text, c.kind)).count();
        let score = known * 10 + like * 2 + filled.len();
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    best.map(|b| b.1)
        .or(first_plain)
        .or_else(|| (0..sheet.rows.len()).find(|&i| !sheet.row_is_blank(i)))
        .unwrap_or(0)
}

/// A title or instructions row: its only non-empty cell is merged across most of the sheet, is
/// long text, or (on a sheet of three or more columns) is not a column name.
fn is_banner(sheet: &Sheet, index: usize, width: usize) -> bool {
    let row = sheet.rows.row(index);
    let mut filled = row.iter().enumerate().filter(|(_, c)| !c.is_blank());
    let (Some((col, cell)), None) = (filled.next(), filled.next()) else { return false };
    if width <= 1 {
        return cell.text.chars().count() > 40;
    }
    let sheet_row = sheet.first_row + index;
    let merged_wide = sheet.merged.iter().any(|m| {
        m.first_row == sheet_row && m.first_col == col && (m.last_col - m.first_col + 1) * 2 >= width
    });
    merged_wide || cell.text.trim().chars().count() > 12 || (width >= 3 && !is_known_header(cell.text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Cell, MergedRange};

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet { rows: rows.iter().map(|r| r.iter().map(|t| Cell::text(*t)).collect()).collect(), ..Sheet::default() }
    }

    #[test]
    fn known_words_match_with_marks_and_variants() {
        for h in ["姓名*", "手机号码", "E-mail", "User ID", "部門", "所属部门（必填）", "Mobile Phone"] {
            assert!(is_known_header(h), "{h}");
        }
        for h in ["张三", "13800138000", "zhangsan@example.com", "销售部"] {
            assert!(!is_known_header(h), "{h}");
        }
    }

    #[test]
    fn title_blank_and_header_like_wecom() {
        let mut s = sheet(&[&["通讯录批量导入模板"], &[], &["姓名", "账号", "手机", "部门"], &["张三", "zhangsan", "13800138000", "销售部"]]);
        s.merged.push(MergedRange { first_row: 0, first_col: 0, last_row: 0, last_col: 3 });
        assert_eq!(detect_header_row(&s), 2);
    }

    #[test]
    fn instructions_paragraph_mentioning_header_words_is_skipped() {
        let s = sheet(&[
            &["填写说明：1. 姓名、手机为必填项；2. 部门请填写完整路径，多个部门用分号隔开。"],
            &["姓名", "手机", "邮箱"],
            &["李四", "13900139000", "lisi@example.com"],
        ]);
        assert_eq!(detect_header_row(&s), 1);
    }

    #[test]
    fn no_title_and_only_a_header() {
        assert_eq!(detect_header_row(&sheet(&[&["name", "email"], &["Ann", "a@x.com"]])), 0);
        assert_eq!(detect_header_row(&sheet(&[&[], &["姓名", "手机", "邮箱"]])), 1);
    }

    #[test]
    fn unknown_headers_fall_back_to_the_first_plain_row() {
        assert_eq!(detect_header_row(&sheet(&[&["通讯录", "", ""], &["甲", "乙", "丙"], &["1", "2", "3"]])), 1);
    }
}
