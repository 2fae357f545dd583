//! Building the directory from a sheet: source rows, blank rows, fields, departments, names,
//! extra columns. Sheets are built in code so these tests do not depend on the readers.

use minglu::{map_columns, Cell, CellKind, Directory, Field, Profile, Sheet};

fn row(cells: &[&str]) -> Vec<Cell> {
    cells.iter().map(|s| Cell::text(*s)).collect()
}

/// The directory of a sheet built in code, mapped twice: from the cells as built (people copy
/// their text) and frozen as a reader leaves them (people read the sheet's cells): both must give
/// the same people, field for field.
fn build(rows: Vec<Vec<Cell>>, header: usize, profile: Profile) -> (Sheet, Directory) {
    let mut sheet = Sheet { rows: rows.into(), ..Sheet::default() };
    let headers = minglu::headers_of(&sheet, header);
    let mapping = map_columns(&headers, profile);
    let copied = Directory::from_sheet(&sheet, header, &mapping);
    sheet.rows.freeze();
    let dir = Directory::from_sheet(&sheet, header, &mapping);
    assert_eq!(dir, copied);
    for (a, b) in dir.people.iter().zip(&copied.people) {
        for field in Field::ALL {
            assert_eq!(a.fields.get(&field), b.fields.get(&field), "{field:?} of row {}", a.source_row);
        }
    }
    (sheet, dir)
}

#[test]
fn source_rows_skip_blank_rows_and_the_title() {
    let rows = vec![
        row(&["通讯录批量导入模板（请勿修改表头）"]),
        vec![],
        row(&["姓名", "手机", "部门"]),
        row(&["张三", "13800138000", "总部/研发中心"]),
        row(&["", "  ", ""]),
        row(&["李四", "13900139000", ""]),
        vec![],
        row(&["", ""]),
    ];
    let (sheet, dir) = build(rows, 2, Profile::Wecom);
    let source: Vec<usize> = dir.people.iter().map(|p| p.source_row).collect();
    assert_eq!(source, vec![4, 6]);
    assert_eq!(dir.blank_rows(&sheet, 2), vec![5], "the gap is listed, the tail is not");
}

#[test]
fn source_rows_follow_the_sheet_offset() {
    // calamine starts a range at its first non-empty cell: rows[0] may be sheet row 5.
    let sheet = Sheet { first_row: 4, rows: vec![row(&["姓名"]), row(&["王五"])].into(), ..Sheet::default() };
    let mapping = map_columns(&minglu::headers_of(&sheet, 0), Profile::Generic);
    let dir = Directory::from_sheet(&sheet, 0, &mapping);
    assert_eq!(dir.people[0].source_row, 6);
}

#[test]
fn fields_are_trimmed_and_empty_cells_leave_fields_unset() {
    let rows = vec![
        row(&["姓名", "手机", "邮箱"]),
        vec![Cell::text(" 张三  "), Cell::new("13800138000", CellKind::Number), Cell::text("")],
    ];
    let (_, dir) = build(rows, 0, Profile::Generic);
    let p = &dir.people[0];
    assert_eq!(p.get(Field::Name), "张三");
    assert_eq!(p.get(Field::Mobile), "13800138000");
    assert!(!p.fields.contains_key(&Field::Email));
}

#[test]
fn extra_columns_are_kept_verbatim_in_order_with_names_for_empty_headers() {
    let rows = vec![
        row(&["姓名", "视频号", "", "手机", "自定义", ""]),
        row(&["张三", "zs_video", "备用 ", "13800138000", "", ""]),
        row(&["李四", "", "", "13900139000", "x", ""]),
    ];
    let (_, dir) = build(rows, 0, Profile::Wecom);
    // Column F has neither a header nor data: nothing to keep.
    assert_eq!(dir.extra_headers, vec!["视频号", "列C", "自定义"]);
    assert_eq!(
        dir.people[0].extra,
        vec![
            ("视频号".to_string(), "zs_video".to_string()),
            ("列C".into(), "备用 ".into()),
            ("自定义".into(), "".into())
        ]
    );
    assert_eq!(dir.people[1].extra[2], ("自定义".to_string(), "x".to_string()));
}

#[test]
fn a_duplicate_header_stays_extra_with_its_data() {
    let rows = vec![row(&["姓名", "手机", "手机"]), row(&["张三", "13800138000", "13900139000"])];
    let (_, dir) = build(rows, 0, Profile::Generic);
    assert_eq!(dir.people[0].get(Field::Mobile), "13800138000");
    assert_eq!(dir.people[0].extra, vec![("手机".to_string(), "13900139000".to_string())]);
}

#[test]
fn departments_parse_per_profile() {
    let wecom = vec![row(&["姓名", "部门"]), row(&["张三", "总部/研发中心/平台组；总部/产品中心"])];
    let (_, dir) = build(wecom, 0, Profile::Wecom);
    assert_eq!(dir.people[0].departments, vec![vec!["总部", "研发中心", "平台组"], vec!["总部", "产品中心"]]);
    assert_eq!(dir.people[0].get(Field::Departments), "总部/研发中心/平台组；总部/产品中心");

    let qiwei = vec![row(&["姓名", "部门", "微信号"]), row(&["李四", "营销中心->大客户部->工业制造;市场部", "lisi88"])];
    let (_, dir) = build(qiwei, 0, Profile::Qiwei);
    assert_eq!(dir.people[0].departments, vec![vec!["营销中心", "大客户部", "工业制造"], vec!["市场部"]]);

    let dingtalk = vec![row(&["姓名", "部门"]), row(&["王五", "公司/部门A/子部门B;公司/部门C"])];
    let (_, dir) = build(dingtalk, 0, Profile::Dingtalk);
    assert_eq!(dir.people[0].departments, vec![vec!["公司", "部门A", "子部门B"], vec!["公司", "部门C"]]);
}

#[test]
fn main_department_moves_to_the_front() {
    let rows = vec![row(&["姓名", "部门", "主部门"]), row(&["张三", "总部/市场部;总部/销售部", "总部/销售部"])];
    let (_, dir) = build(rows, 0, Profile::Dingtalk);
    assert_eq!(dir.people[0].departments[0], vec!["总部", "销售部"]);
}

#[test]
fn name_is_composed_when_there_is_no_name_column() {
    let rows = vec![
        row(&["First Name", "Last Name", "E-mail Address"]),
        row(&["John", "Smith", "john@example.com"]),
        row(&["三", "张", ""]),
        row(&["", "", "nobody@example.com"]),
    ];
    let (_, dir) = build(rows, 0, Profile::Outlook);
    let names: Vec<&str> = dir.people.iter().map(|p| p.get(Field::Name)).collect();
    assert_eq!(names, vec!["John Smith", "张三", ""]);
}

#[test]
fn a_header_only_or_empty_sheet_has_no_people() {
    let (_, dir) = build(vec![row(&["姓名", "手机"])], 0, Profile::Generic);
    assert!(dir.people.is_empty());
    let (_, dir) = build(vec![], 0, Profile::Generic);
    assert!(dir.people.is_empty());
}

#[test]
fn ragged_rows_are_read_as_blank_cells() {
    let rows = vec![row(&["姓名", "手机", "备注"]), row(&["张三"]), row(&["李四", "13900139000", "a", "overflow"])];
    let (_, dir) = build(rows, 0, Profile::Generic);
    assert_eq!(dir.people.len(), 2);
    assert_eq!(dir.people[0].get(Field::Mobile), "");
    // A value beyond the header's width is kept under a column name.
    assert_eq!(dir.people[1].extra, vec![("列D".to_string(), "overflow".to_string())]);
    assert_eq!(dir.people[0].extra, vec![("列D".to_string(), "".to_string())]);
}
