//! Every piece of UI text, per language. Components never write a literal a person reads: they
//! take it from [`Text`] (`t(lang).open_file`) or from the engine's own labels through
//! [`field_label`] / [`profile_label`].

use minglu::{Field, Profile};

/// The duplicates view, undo/redo and the history (issue #4).
pub mod dedup;
pub mod diff;
pub mod errors;
pub mod export;

/// A UI language. Simplified Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.tag() == tag)
    }
}

/// The texts of the UI in one language.
pub struct Text {
    pub product: &'static str,
    pub product_latin: &'static str,
    pub promise: &'static str,
    pub language: &'static str,

    pub drop_title: &'static str,
    pub drop_hint: &'static str,
    pub drop_here: &'static str,
    pub choose_file: &'static str,
    pub open_another: &'static str,
    pub try_sample: &'static str,
    pub formats_hint: &'static str,

    pub reading: &'static str,
    /// Stop reading (the file is dropped; nothing else changes).
    pub cancel: &'static str,
    pub preparing: &'static str,
    pub cannot_read: &'static str,
    pub worker_crashed: &'static str,
    pub worker_failed: &'static str,
    pub worker_timeout: &'static str,

    pub summary: &'static str,
    pub file: &'static str,
    pub sample_file: &'static str,
    pub format: &'static str,
    pub encoding: &'static str,
    pub encoding_auto: &'static str,
    /// Around what detection found, after `encoding_auto`: "自动识别（GBK）", "Detect (GBK)".
    pub paren: (&'static str, &'static str),
    pub sheet: &'static str,
    pub header_row: &'static str,
    pub header_row_unit_before: &'static str,
    pub header_row_unit_after: &'static str,
    pub profile: &'static str,
    pub profile_auto: &'static str,
    pub rows: &'static str,
    pub people_unit: &'static str,
    pub none: &'static str,

    pub mapping: &'static str,
    pub mapping_hint: &'static str,
    pub column: &'static str,
    pub header: &'static str,
    pub sample: &'static str,
    pub field: &'static str,
    pub keep_extra: &'static str,
    pub extra: &'static str,
    pub empty_header: &'static str,

    pub grid: &'static str,
    pub row_number: &'static str,
    pub legend_formula: &'static str,
    pub legend_merged: &'static str,
    pub no_rows: &'static str,
    pub formula_cell: &'static str,
    pub merged_cell: &'static str,

    // ---- checking (issue #3) ----
    pub check: &'static str,
    pub checking: &'static str,
    /// The template the rows were checked against: "按「企业微信」模板检查".
    pub checked_against: (&'static str, &'static str),
    pub errors: &'static str,
    pub warnings: &'static str,
    pub rows_with_errors: &'static str,
    pub no_issues: &'static str,
    pub no_issues_hint: &'static str,
    pub fix_all: &'static str,
    pub fix_code: &'static str,
    /// "已修正 12 处" / "Fixed 12 cells".
    pub fixed_cells: (&'static str, &'static str),
    /// "（另有 3 处已被改过，未修改）" / " (3 had changed meanwhile and were left)".
    pub skipped_cells: (&'static str, &'static str),
    pub edit_not_applied: &'static str,
    /// "第 12 行" / "Row 12".
    pub row_n: (&'static str, &'static str),
    /// "D 列" / "col D".
    pub col_n: (&'static str, &'static str),
    pub whole_row: &'static str,
    pub show_more: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub filter_errors: &'static str,
    pub filter_warnings: &'static str,
    /// "显示 45 / 1500 行" / "45 of 1,500 rows".
    pub showing_rows: (&'static str, &'static str, &'static str),
    pub no_error_rows: &'static str,
    pub edit_hint: &'static str,
    pub not_editable: &'static str,
    pub report: &'static str,
    pub report_hint: &'static str,
    pub report_problem_rows: &'static str,
    pub report_all_rows: &'static str,
    pub report_xlsx: &'static str,
    pub report_csv: &'static str,
    pub empty_value: &'static str,
}

pub const ZH: Text = Text {
    product: "名录",
    product_latin: "Minglu",
    promise: "文件只在本机处理，不会上传",
    language: "语言",

    drop_title: "打开通讯录文件",
    drop_hint: "把钉钉、企业微信、飞书、腾讯企业邮、阿里邮箱或人事系统导出的通讯录拖到这里",
    drop_here: "松开即可打开",
    choose_file: "选择文件…",
    open_another: "打开其他文件…",
    try_sample: "试用示例数据",
    formats_hint: "支持 xlsx、xlsm、xlsb、xls、ods、csv、tsv、txt、vcf",

    reading: "正在读取",
    cancel: "取消",
    preparing: "正在整理",
    cannot_read: "无法读取此文件",
    worker_crashed: "读取时发生内部错误，请重新打开文件。",
    worker_failed: "读取引擎出错，请刷新页面后重试。",
    worker_timeout: "读取引擎没有启动，请刷新页面后重试。",

    summary: "概览",
    file: "文件",
    sample_file: "示例数据（企业微信导出格式）",
    format: "格式",
    encoding: "编码",
    encoding_auto: "自动识别",
    paren: ("（", "）"),
    sheet: "工作表",
    header_row: "表头行",
    header_row_unit_before: "第",
    header_row_unit_after: "行",
    profile: "模板",
    profile_auto: "自动识别",
    rows: "人数",
    people_unit: "人",
    none: "—",

    mapping: "列映射",
    mapping_hint: "每一列对应哪个字段；未映射的列原样保留为额外列。",
    column: "列",
    header: "表头",
    sample: "示例值",
    field: "字段",
    keep_extra: "不映射（保留为额外列）",
    extra: "额外列",
    empty_header: "（空表头）",

    grid: "数据",
    row_number: "行号",
    legend_formula: "公式单元格",
    legend_merged: "合并单元格",
    no_rows: "没有数据行",
    formula_cell: "公式",
    merged_cell: "合并单元格",

    check: "检查结果",
    checking: "正在检查",
    checked_against: ("按「", "」模板检查"),
    errors: "错误",
    warnings: "警告",
    rows_with_errors: "有错误的行",
    no_issues: "没有发现问题",
    no_issues_hint: "每一行都符合此模板的要求，可以导入。",
    fix_all: "修正全部可修正项",
    fix_code: "修正此类",
    fixed_cells: ("已修正 ", " 处"),
    skipped_cells: ("（另有 ", " 处已被改过，未修改）"),
    edit_not_applied: "这个单元格已被改过，修改没有生效，请再试一次。",
    row_n: ("第 ", " 行"),
    col_n: ("", " 列"),
    whole_row: "整行",
    show_more: "显示更多",
    error: "错误",
    warning: "警告",
    filter_errors: "只看有错误的行",
    filter_warnings: "含警告",
    showing_rows: ("显示 ", " / ", " 行"),
    no_error_rows: "没有符合条件的行",
    edit_hint: "双击单元格或按回车修改",
    not_editable: "此列未映射到字段，不能在这里修改",
    report: "导出错误数据",
    report_hint: "原有的列加上「错误原因」列，问题单元格标色并附批注；改好后可以直接拖回来再检查。",
    report_problem_rows: "只含有问题的行",
    report_all_rows: "全部行",
    report_xlsx: "Excel 文件",
    report_csv: "CSV 文件",
    empty_value: "（空）",
};

pub const EN: Text = Text {
    product: "名录",
    product_latin: "Minglu",
    promise: "Files never leave this device",
    language: "Language",

    drop_title: "Open a contact directory",
    drop_hint: "Drop an export from DingTalk, WeCom, Feishu, Tencent Exmail, Alibaba Mail or your HR system here",
    drop_here: "Release to open",
    choose_file: "Choose a file…",
    open_another: "Open another file…",
    try_sample: "Try with sample data",
    formats_hint: "Reads xlsx, xlsm, xlsb, xls, ods, csv, tsv, txt and vcf",

    reading: "Reading",
    cancel: "Cancel",
    preparing: "Organizing",
    cannot_read: "This file cannot be read",
    worker_crashed: "An internal error stopped the reading; please open the file again.",
    worker_failed: "The reading engine failed; please reload the page and try again.",
    worker_timeout: "The reading engine did not start; please reload the page and try again.",

    summary: "Summary",
    file: "File",
    sample_file: "Sample data (WeCom export layout)",
    format: "Format",
    encoding: "Encoding",
    encoding_auto: "Detect",
    paren: (" (", ")"),
    sheet: "Sheet",
    header_row: "Header row",
    header_row_unit_before: "row",
    header_row_unit_after: "",
    profile: "Template",
    profile_auto: "Detect",
    rows: "People",
    people_unit: "",
    none: "—",

    mapping: "Column mapping",
    mapping_hint: "Which field each column holds; unmapped columns are kept as extra columns.",
    column: "Col",
    header: "Header",
    sample: "Sample",
    field: "Field",
    keep_extra: "Don't map (keep as extra column)",
    extra: "extra",
    empty_header: "(no header)",

    grid: "Data",
    row_number: "Row",
    legend_formula: "formula cell",
    legend_merged: "merged cell",
    no_rows: "No data rows",
    formula_cell: "formula",
    merged_cell: "merged cell",

    check: "Check",
    checking: "Checking",
    checked_against: ("Checked against the ", " template"),
    errors: "errors",
    warnings: "warnings",
    rows_with_errors: "rows with errors",
    no_issues: "No problems found",
    no_issues_hint: "Every row meets this template's rules and can be imported.",
    fix_all: "Fix everything fixable",
    fix_code: "Fix these",
    fixed_cells: ("Fixed ", " cells"),
    skipped_cells: (" (", " had changed meanwhile and were left)"),
    edit_not_applied: "This cell had changed meanwhile, so the edit did not apply; please try again.",
    row_n: ("Row ", ""),
    col_n: ("col ", ""),
    whole_row: "whole row",
    show_more: "Show more",
    error: "error",
    warning: "warning",
    filter_errors: "Only rows with errors",
    filter_warnings: "include warnings",
    showing_rows: ("", " of ", " rows"),
    no_error_rows: "No rows match",
    edit_hint: "Double-click a cell or press Enter to edit",
    not_editable: "This column maps to no field and cannot be edited here",
    report: "Export problems",
    report_hint: "The original columns plus a Problems column; problem cells are coloured and annotated. Fix them and drop the file back in to check again.",
    report_problem_rows: "Only rows with problems",
    report_all_rows: "All rows",
    report_xlsx: "Excel file",
    report_csv: "CSV file",
    empty_value: "(empty)",
};

/// The texts for `lang`.
pub fn t(lang: Lang) -> &'static Text {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A field's label in `lang` (the engine owns the labels).
pub fn field_label(field: Field, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => field.label_zh(),
        Lang::En => field.label_en(),
    }
}

/// A profile's label in `lang` (the engine owns the labels).
pub fn profile_label(profile: Profile, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => profile.label_zh(),
        Lang::En => profile.label_en(),
    }
}

/// What an issue code means, in `lang` (the engine owns the meanings).
pub fn code_meaning(code: minglu::Code, lang: Lang) -> &'static str {
    code.meaning(match lang {
        Lang::Zh => minglu::Lang::Zh,
        Lang::En => minglu::Lang::En,
    })
}

// ---- finding (issue #6): search, the A–Z index, the org tree ----

/// The texts of search, the A–Z index and the org tree.
pub struct FindText {
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    /// The shortcut hint shown in the box.
    pub shortcut: &'static str,
    pub no_hits: &'static str,
    /// Shown while a query waits for its answer (past 0.3 s: the first search of a directory
    /// above 250,000 people builds the index first, about 4 s at a million).
    pub searching: &'static str,
    /// "matched by": before the matched field and value of a hit.
    pub matched_by: &'static str,
    /// The worker's time for the query: ("", " ms").
    pub query_time: (&'static str, &'static str),
    pub letters: &'static str,
    /// A letter's tooltip: ("", " people whose surname starts with ").
    pub letter_title: (&'static str, &'static str),
    pub tree: &'static str,
    /// The tree's caption: direct / total.
    pub tree_legend: &'static str,
    pub direct_title: &'static str,
    pub total_title: &'static str,
    pub expand: &'static str,
    pub collapse: &'static str,
    /// The near-duplicate warning: ("Probably the same department as ", "only spaces, width or case differ").
    pub similar: (&'static str, &'static str),
    pub unassigned: &'static str,
    pub building: &'static str,
    /// The filter chip: "showing: " … ", N people".
    pub chip_letter: &'static str,
    pub chip_department: &'static str,
    pub chip_people: (&'static str, &'static str),
    pub clear_filter: &'static str,
}

pub const FIND_ZH: FindText = FindText {
    search_label: "搜索成员",
    search_placeholder: "姓名、拼音、首字母（zjl）、手机号、邮箱或部门",
    shortcut: "/",
    no_hits: "没有找到匹配的成员",
    searching: "正在搜索…（大通讯录的第一次搜索要先建立索引，需要几秒钟）",
    matched_by: "匹配",
    query_time: ("用时 ", " 毫秒"),
    letters: "按姓氏首字母",
    letter_title: ("", " 人的姓氏拼音以此开头："),
    tree: "组织架构",
    tree_legend: "直属 / 含子部门",
    direct_title: "直属成员（只列在本部门的人）",
    total_title: "含子部门的总人数（点击筛选这些人）",
    expand: "展开",
    collapse: "收起",
    similar: ("可能与以下部门是同一个（只有空格、全半角或大小写不同）：", ""),
    unassigned: "未分配部门",
    building: "正在建立索引…",
    chip_letter: "姓氏",
    chip_department: "部门",
    chip_people: ("", " 人"),
    clear_filter: "清除筛选",
};

pub const FIND_EN: FindText = FindText {
    search_label: "Find people",
    search_placeholder: "Name, pinyin, initials (zjl), phone, e-mail or department",
    shortcut: "/",
    no_hits: "Nobody matches",
    searching: "Searching… (the first search of a large directory builds its index first: a few seconds)",
    matched_by: "by",
    query_time: ("", " ms"),
    letters: "By surname",
    letter_title: ("", " people whose surname starts with "),
    tree: "Org tree",
    tree_legend: "direct / total",
    direct_title: "Direct members (listed in exactly this department)",
    total_title: "Total including sub-departments (click to show them)",
    expand: "Expand",
    collapse: "Collapse",
    similar: ("Probably the same department as ", " (only spaces, width or case differ)"),
    unassigned: "No department",
    building: "Building the index…",
    chip_letter: "Surname",
    chip_department: "Department",
    chip_people: ("", " people"),
    clear_filter: "Clear filter",
};

/// The find texts for `lang`.
pub fn find_text(lang: Lang) -> &'static FindText {
    match lang {
        Lang::Zh => &FIND_ZH,
        Lang::En => &FIND_EN,
    }
}

/// Why a hit matched, in `lang`: "拼音首字母" / "initials".
pub fn match_field_label(field: minglu::search::MatchField, lang: Lang) -> &'static str {
    use minglu::search::MatchField as M;
    match lang {
        Lang::Zh => field.label_zh(),
        Lang::En => match field {
            M::Name => "name",
            M::Initials => "pinyin initials",
            M::Pinyin => "pinyin",
            M::Account => "account",
            M::EmployeeNo => "employee no.",
            M::Email => "e-mail",
            M::Phone => "phone",
            M::Alias => "alias",
            M::Department => "department",
        },
    }
}

/// The encodings a person may force for a text file: (WHATWG label sent to the engine, shown name).
pub const ENCODINGS: [(&str, &str); 6] = [
    ("utf-8", "UTF-8"),
    ("gbk", "GBK"),
    ("gb18030", "GB18030"),
    ("big5", "Big5"),
    ("utf-16le", "UTF-16LE"),
    ("utf-16be", "UTF-16BE"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_round_trip_through_their_tags() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::default(), Lang::Zh);
    }

    #[test]
    fn every_field_and_profile_has_a_label_in_every_language() {
        for lang in Lang::ALL {
            for f in Field::ALL {
                assert!(!field_label(f, lang).is_empty());
            }
            for p in Profile::ALL {
                assert!(!profile_label(p, lang).is_empty());
            }
            for &c in minglu::Code::ALL {
                assert!(!code_meaning(c, lang).is_empty());
            }
        }
    }
}
