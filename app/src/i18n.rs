//! Every piece of UI text, per language. Components never write a literal a person reads: they
//! take it from [`Text`] (`t(lang).open_file`) or from the engine's own labels through
//! [`field_label`] / [`profile_label`].

use minglu::{Field, Profile};

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
        }
    }
}
