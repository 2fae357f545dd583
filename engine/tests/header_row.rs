//! Header-row detection on real shapes: WeCom/DingTalk templates with a merged title or an
//! instructions paragraph, the same as CSV, no title at all, and a sheet that is only a header.

use minglu::read::detect_header_row;
use minglu::{read, ReadOptions};
use rust_xlsxwriter::{Format, Workbook};

fn opts(name: &str) -> ReadOptions {
    ReadOptions { file_name: Some(name.into()), ..ReadOptions::default() }
}

fn template(title: &str) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 6, title, &Format::new().set_text_wrap()).unwrap();
    let headers = ["姓名", "账号", "别名", "职务", "部门", "手机", "邮箱"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (r, name) in ["张三", "李四"].iter().enumerate() {
        ws.write_string(3 + r as u32, 0, *name).unwrap();
        ws.write_number(3 + r as u32, 5, 13800138000.0 + r as f64).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn wecom_template_with_merged_title_and_blank_row() {
    let s = read(&template("通讯录批量导入模板"), &opts("导入.xlsx")).unwrap();
    let h = detect_header_row(&s);
    assert_eq!(s.sheet_row(h), 3);
    assert_eq!(s.cell_text(h, 0), "姓名");
}

#[test]
fn wecom_template_with_a_long_instructions_paragraph() {
    let notes = "填写说明：\n1. 姓名、账号为必填项，账号仅支持字母、数字和 _ - @ .\n2. 手机和邮箱不能同时为空。\n3. 部门请填写完整路径，如 公司/事业群/部门，多个部门用；隔开。";
    let s = read(&template(notes), &opts("导入.xlsx")).unwrap();
    assert_eq!(s.sheet_row(detect_header_row(&s)), 3);
}

#[test]
fn the_same_as_csv() {
    let csv = "通讯录,,,,,\n,,,,,\n姓名,账号,手机,邮箱,部门,职务\n张三,zhangsan,13800138000,zs@example.com,销售部,经理\n";
    let s = read(csv.as_bytes(), &opts("通讯录.csv")).unwrap();
    assert_eq!(s.sheet_row(detect_header_row(&s)), 3);
}

#[test]
fn no_title_at_all() {
    let s = read("Name,Mobile Phone,E-mail Address\nAnn,13800138000,ann@example.com\n".as_bytes(), &opts("a.csv")).unwrap();
    assert_eq!(detect_header_row(&s), 0);
}

#[test]
fn a_sheet_with_only_a_header() {
    let s = read("\n姓名,手机,邮箱\n".as_bytes(), &opts("empty.csv")).unwrap();
    assert_eq!(s.sheet_row(detect_header_row(&s)), 2);
}

#[test]
fn dingtalk_two_row_header_picks_the_field_row() {
    // A grouping row above the field names ("基本信息" over several columns) is not the header.
    let csv = "基本信息,,,联系方式,\n姓名,工号,部门,手机,邮箱\n王五,1001,研发部,13900139000,ww@example.com\n";
    let s = read(csv.as_bytes(), &opts("dd.csv")).unwrap();
    assert_eq!(detect_header_row(&s), 1);
}

#[test]
fn headers_with_required_marks_are_found_under_a_title() {
    let csv = "成员信息导入\n姓名*,手机号码*,所属部门（必填）,职位\n赵六,13700137000,市场部,专员\n";
    let s = read(csv.as_bytes(), &opts("feishu.csv")).unwrap();
    assert_eq!(detect_header_row(&s), 1);
}
