//! Stage 4 — hand the problems back: the error report ("导出错误数据") and the fixed file, both in
//! the original column layout.
//!
//! - [`error_report_xlsx`] / [`error_report_csv`]: the data rows (all, or only those with
//!   problems) under the original header, same columns in the same order, then a `错误原因` column
//!   listing each problem in words and a `原行号` column with the sheet row each came from. In the
//!   workbook, problem cells are filled (errors red, warnings yellow) and carry a note with the
//!   message. Every cell is text (format `@`), so a mobile or an account typed in by the person
//!   fixing it stays text.
//! - [`sheet_xlsx`] / [`sheet_csv`]: the whole sheet as read (rows above the header included, so
//!   every row keeps its number), e.g. after [`apply_edits_to_sheet`](crate::validate::apply_edits_to_sheet):
//!   what `minglu fix` writes.
//!
//! The report is made to be dropped back into Minglu once the person has corrected it: its header
//! is row 1, the two added columns map to no field (they are kept as extra columns, which no rule
//! checks), and the original headers are unchanged, so profile detection and the mapping come out
//! as for the original file.
//!
//! ```
//! use minglu::report::{error_report_csv, ReportOptions};
//! let csv = "姓名,帐号,部门,手机\n张三,zhangsan,总部,1.38001E+10\n李四,lisi,总部,13900139000\n";
//! let opened = minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap();
//! let report = minglu::validate(&opened.directory, &opened.sheet, &opened.mapping, opened.mapping.profile);
//! let options = ReportOptions { only_problem_rows: true, ..ReportOptions::default() };
//! let out = String::from_utf8(error_report_csv(&opened.sheet, opened.header_index, &report, &options)).unwrap();
//! let lines: Vec<&str> = out.lines().collect();
//! assert_eq!(lines[0], "\u{feff}姓名,帐号,部门,手机,错误原因,原行号");
//! assert!(lines[1].starts_with("张三,zhangsan,总部,1.38001E+10,【错误】手机（D 列）"));
//! assert!(lines[1].ends_with(",2"));
//! assert_eq!(lines.len(), 2);
//! ```

mod csv_out;
mod xlsx_out;

pub use crate::sample::CsvEncoding;
pub use csv_out::{error_report_csv, sheet_csv};
pub use xlsx_out::{error_report_xlsx, sheet_xlsx};

use crate::validate::{Issue, Lang, Report, Severity};
use crate::read::Row;
use crate::{column_letter, Sheet};
use serde::{Deserialize, Serialize};

/// What goes into an error report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportOptions {
    /// Only the rows with at least one issue (error or warning); otherwise every data row.
    pub only_problem_rows: bool,
    /// The language of the added columns' headers and of the problem texts. The issue messages
    /// themselves are in the language the report was made in ([`Report::lang`]).
    pub lang: Lang,
}

/// The header of the problems column.
pub fn reason_header(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "错误原因",
        Lang::En => "Problems",
    }
}

/// The header of the source-row column.
pub fn source_row_header(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "原行号",
        Lang::En => "Source row",
    }
}

/// Excel's limit on a cell's text; longer text (possible in a CSV) is cut to it, as Excel itself
/// does when it opens such a file, rather than failing the whole report.
pub(crate) const CELL_MAX_CHARS: usize = 32_767;

/// One data row of the report: where it came from, its cells and its issues.
pub(crate) struct ReportRow<'a> {
    pub sheet_row: usize,
    pub cells: Row<'a>,
    pub issues: Vec<&'a Issue>,
}

/// The report's layout: the original headers (as many columns as the sheet uses) and its rows.
pub(crate) struct Layout<'a> {
    pub headers: Vec<String>,
    pub rows: Vec<ReportRow<'a>>,
}

impl<'a> Layout<'a> {
    /// The data rows below `header_index` that are not blank (the rows the directory holds, in
    /// the same order), all of them or only those the report has issues on.
    pub fn new(sheet: &'a Sheet, header_index: usize, report: &'a Report, only_problem_rows: bool) -> Layout<'a> {
        let mut rows = Vec::new();
        for r in (header_index + 1)..sheet.rows.len() {
            if sheet.row_is_blank(r) {
                continue;
            }
            let sheet_row = sheet.sheet_row(r);
            let issues: Vec<&Issue> = report.for_row(sheet_row).collect();
            if only_problem_rows && issues.is_empty() {
                continue;
            }
            rows.push(ReportRow { sheet_row, cells: sheet.rows.row(r), issues });
        }
        // As wide as the header, or as the data when cells stand right of the last header (they
        // are extra columns the directory keeps, so the report keeps them too).
        let used = |cells: Row| cells.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1);
        let header_width = sheet.rows.get(header_index).map_or(0, used);
        let width = rows.iter().map(|r| used(r.cells)).chain([header_width]).max().unwrap_or(0);
        let headers = (0..width).map(|c| sheet.cell_text(header_index, c).trim().to_string()).collect();
        Layout { headers, rows }
    }

    pub fn width(&self) -> usize {
        self.headers.len()
    }
}

impl ReportRow<'_> {
    /// The text of column `c` (0-based), or `""`.
    pub fn text(&self, c: usize) -> &str {
        self.cells.text(c)
    }

    /// The worst severity of the row's issues.
    pub fn severity(&self) -> Option<Severity> {
        self.issues.iter().map(|i| i.severity).max()
    }

    /// The issues on column `c` (0-based).
    pub fn issues_at(&self, c: usize) -> impl Iterator<Item = &&Issue> {
        self.issues.iter().filter(move |i| i.column == Some(c + 1))
    }

    /// The `错误原因` cell: one problem per line (`sep` between them).
    pub fn reasons(&self, headers: &[String], lang: Lang, sep: &str) -> String {
        self.issues.iter().map(|i| reason_line(i, headers, lang)).collect::<Vec<_>>().join(sep)
    }
}

/// One problem in words: `【错误】手机（G 列）：手机号无效：… [mobile.invalid]`. The column letter
/// is the same in the report as in the original (the columns keep their order); the code at the
/// end is the id `docs/codes.md` explains.
pub(crate) fn reason_line(issue: &Issue, headers: &[String], lang: Lang) -> String {
    let header = issue.column.and_then(|c| headers.get(c - 1)).filter(|h| !h.is_empty());
    let label = match (header, issue.field) {
        (Some(h), _) => h.clone(),
        (None, Some(f)) => match lang {
            Lang::Zh => f.label_zh().to_string(),
            Lang::En => f.label_en().to_string(),
        },
        (None, None) => String::new(),
    };
    let mut line = match lang {
        Lang::Zh => {
            let severity = if issue.severity == Severity::Error { "【错误】" } else { "【警告】" };
            let at = issue.column.map(|c| format!("（{} 列）", column_letter(c))).unwrap_or_default();
            let colon = if label.is_empty() && at.is_empty() { "" } else { "：" };
            format!("{severity}{label}{at}{colon}{}", issue.message)
        }
        Lang::En => {
            let severity = if issue.severity == Severity::Error { "[error] " } else { "[warning] " };
            let at = issue.column.map(|c| format!(" (column {})", column_letter(c))).unwrap_or_default();
            let colon = if label.is_empty() && at.is_empty() { "" } else { ": " };
            format!("{severity}{label}{at}{colon}{}", issue.message)
        }
    };
    // Most messages already say what to write; when one does not, the fix is spelled out.
    if let Some(fix) = issue.fix.as_deref().filter(|f| !f.is_empty() && !issue.message.contains(*f)) {
        match lang {
            Lang::Zh => line.push_str(&format!("（可改为：{fix}）")),
            Lang::En => line.push_str(&format!(" (fix: {fix})")),
        }
    }
    line.push_str(&format!(" [{}]", issue.code));
    line
}

/// `s` cut to Excel's cell limit.
pub(crate) fn cell_limit(s: &str) -> &str {
    match s.char_indices().nth(CELL_MAX_CHARS) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Code;
    use crate::Field;

    fn issue(column: Option<usize>, severity: Severity, fix: Option<&str>) -> Issue {
        Issue {
            row: 4,
            column,
            field: Some(Field::Mobile),
            code: Code::MobileFormat,
            severity,
            message: "手机号写法不符合模板".into(),
            value: "138 0013 8000".into(),
            fix: fix.map(String::from),
            related_rows: vec![],
        }
    }

    #[test]
    fn reason_lines_name_the_column_and_the_fix() {
        let headers = vec!["姓名".to_string(), "手机".to_string()];
        let i = issue(Some(2), Severity::Warning, Some("13800138000"));
        assert_eq!(
            reason_line(&i, &headers, Lang::Zh),
            "【警告】手机（B 列）：手机号写法不符合模板（可改为：13800138000） [mobile.format]"
        );
        assert_eq!(
            reason_line(&i, &headers, Lang::En),
            "[warning] 手机 (column B): 手机号写法不符合模板 (fix: 13800138000) [mobile.format]"
        );
        // No column: the field's label.
        let i = issue(None, Severity::Error, None);
        assert_eq!(reason_line(&i, &headers, Lang::Zh), "【错误】手机：手机号写法不符合模板 [mobile.format]");
    }

    #[test]
    fn cells_are_cut_at_excels_limit_on_a_char_boundary() {
        let long = "张".repeat(CELL_MAX_CHARS + 5);
        assert_eq!(cell_limit(&long).chars().count(), CELL_MAX_CHARS);
        assert_eq!(cell_limit("abc"), "abc");
    }
}
