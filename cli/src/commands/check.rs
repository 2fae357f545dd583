//! `minglu check FILE`: check every row the way the target platform will; optionally write the
//! error report ("导出错误数据").

use super::load::{self, by_code, counts};
use super::{pad, print, Failure};
use crate::args::Args;
use minglu::dedup::{DedupOptions, Group};
use minglu::report::{error_report_csv, error_report_xlsx, ReportOptions};
use minglu::validate::{validate_with, Options, Report, Summary};
use minglu::{column_letter, Inspection, Issue, Lang, Mapping, Opened};
use serde::Serialize;

const HELP: &str = "\
minglu check — check a contact sheet the way the import platform will

Usage:
  minglu check FILE [--profile P] [--sheet NAME] [--encoding ENC] [--lang zh|en]
                    [--format text|json] [--report OUT.xlsx|OUT.csv] [--only-errors]

Checks every row against the platform profile (detected from the headers, or --profile):
required fields, accounts, mobiles, e-mails, departments, duplicates, Excel damage … Every
problem has a stable code (docs/codes.md) and says what is wrong in words. Nothing leaves the
machine.

Options:
  --profile P       check against this profile instead of the detected one:
                    wecom, wecom_api, qiwei, dingtalk, feishu, exmail, alimail, google, outlook,
                    generic
  --sheet NAME      the sheet of a workbook to read (default: the first)
  --encoding ENC    the text encoding of a CSV (gbk, gb18030, utf-8, big5 …; default: detected)
  --lang L          the language of the messages: zh (default) or en
  --format FORMAT   text (default): problems grouped by code with counts, then their rows;
                    json: the `minglu inspect` fields plus
                    \"issues\": [{\"row\",\"column\",\"field\",\"code\",\"severity\",\"message\",\"value\",
                                \"fix\",\"related_rows\"?}],
                    \"summary\": {\"errors\",\"warnings\",\"fixable\",\"rows_with_errors\",\"by_code\":{…}},
                    \"duplicates\": the groups of `minglu dedup --format json`
                    (row: the sheet row a spreadsheet shows, for CSV the record number with the
                    header as 1; column: 1-based, A = 1, null for a row-level problem; field:
                    the canonical field key or null; fix: the corrected value or null;
                    related_rows: the other rows of a duplicate, when there are any)
  --report OUT      also write the error report (导出错误数据): OUT.xlsx or OUT.csv, the original
                    columns plus 错误原因 (each problem in words) and 原行号 (the source row);
                    in xlsx, problem cells are filled (errors red, warnings yellow) and carry a
                    note. The CSV is UTF-8 with a BOM. Correct it and check it again.
  --only-errors     the report holds only the rows with problems (errors or warnings);
                    default: every row

Exit status: 0 when there are no errors (warnings allowed); 1 when there are errors;
2 with one line `minglu: <reason>` on stderr when the file cannot be used.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse_with_flags(
        argv,
        &["profile", "sheet", "encoding", "lang", "format", "report"],
        &["only-errors"],
        "check",
    )?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let path = load::input(&args, "check")?;
    let json = match args.get("format").unwrap_or("text") {
        "text" => false,
        "json" => true,
        other => return Err(Failure(format!("check: unknown --format \"{other}\"; use text or json"))),
    };
    let profile = load::profile(&args, "check")?;
    let lang = load::lang(&args, "check")?;
    let report_path = args.get("report");
    let report_format = match report_path {
        None => None,
        Some(out) => match load::extension(out).as_deref() {
            Some(e @ ("xlsx" | "csv")) => Some(e.to_string()),
            _ => return Err(Failure(format!("check: --report must end in .xlsx or .csv, not \"{out}\""))),
        },
    };
    if args.flag("only-errors") && report_path.is_none() {
        return Err(Failure("check: --only-errors chooses the rows of --report OUT; give --report too".into()));
    }

    let opened = load::open_file(&path, &args, profile)?;
    let report =
        validate_with(&opened.directory, &opened.sheet, &opened.mapping, opened.mapping.profile, &Options { lang });

    if let (Some(out), Some(format)) = (report_path, report_format) {
        let options = ReportOptions { only_problem_rows: args.flag("only-errors"), lang };
        let bytes = if format == "xlsx" {
            error_report_xlsx(&opened.sheet, opened.header_index, &report, &options)?
        } else {
            error_report_csv(&opened.sheet, opened.header_index, &report, &options)
        };
        std::fs::write(out, &bytes).map_err(|e| Failure(format!("cannot write {out}: {e}")))?;
    }

    if json {
        // The same groups `minglu dedup --format json` lists (same profile, every score).
        let duplicates = minglu::dedup::analyze(&opened.directory, &DedupOptions::new(opened.mapping.profile)).groups;
        let value =
            CheckJson { inspection: opened.inspection(), issues: &report.issues, summary: &report.summary, duplicates };
        let text = serde_json::to_string_pretty(&value).map_err(|e| Failure(format!("could not write JSON: {e}")))?;
        print(&format!("{text}\n"));
    } else {
        print(&text_report(&path, &opened, &report, profile.is_some(), lang, report_path));
    }
    if report.has_errors() {
        // The output is flushed by `print`; exit 1 tells scripts the sheet would be rejected.
        std::process::exit(1);
    }
    Ok(())
}

/// The JSON of `--format json`: the inspection's fields in their order, then the issues and the
/// summary.
#[derive(Serialize)]
struct CheckJson<'a> {
    #[serde(flatten)]
    inspection: Inspection,
    issues: &'a [Issue],
    summary: &'a Summary,
    /// Candidate duplicate groups, as `minglu dedup --format json` lists them under `groups`.
    duplicates: Vec<Group>,
}

/// The readable report: the file's facts, the verdict, then each code with its count and rows.
fn text_report(
    path: &str,
    opened: &Opened,
    report: &Report,
    profile_chosen: bool,
    lang: Lang,
    report_path: Option<&str>,
) -> String {
    let i = opened.inspection();
    let s = &report.summary;
    let mut out = String::new();
    let mut line = |label: &str, value: String| out.push_str(&format!("{}{value}\n", pad(label, 10)));
    line("file", path.to_string());
    line(
        "profile",
        format!(
            "{}  {} / {}{}",
            i.profile.key(),
            i.profile.label_zh(),
            i.profile.label_en(),
            if profile_chosen { "  (chosen)" } else { "  (detected)" }
        ),
    );
    line("header", format!("row {}", i.header_row));
    line("people", i.rows.to_string());
    let verdict = if report.issues.is_empty() {
        "no problems found".to_string()
    } else {
        let rows = if s.rows_with_errors == 1 { "row" } else { "rows" };
        let mut v = format!(
            "{} error{} in {} {rows}, {} warning{}",
            s.errors,
            if s.errors == 1 { "" } else { "s" },
            s.rows_with_errors,
            s.warnings,
            if s.warnings == 1 { "" } else { "s" }
        );
        if s.fixable > 0 {
            v.push_str(&format!("; {} fixable with `minglu fix`", s.fixable));
        }
        v
    };
    line("result", verdict);
    if let Some(p) = report_path {
        line("report", p.to_string());
    }

    for (code, issues) in by_code(&report.issues) {
        out.push_str(&format!("\n{}  {}  {}\n", code, counts(&issues), code.meaning(lang)));
        for issue in issues {
            out.push_str(&issue_line(issue, &opened.mapping, lang));
        }
    }
    out
}

/// `  G17   "1380013800"  手机号无效：…  → 13800138000`
fn issue_line(issue: &Issue, mapping: &Mapping, lang: Lang) -> String {
    let at = match issue.column {
        Some(c) => format!("{}{}", column_letter(c), issue.row),
        None => format!("row {}", issue.row),
    };
    let marker = match issue.severity {
        minglu::Severity::Error => "",
        minglu::Severity::Warning => "(warning) ",
    };
    // The column's own header (`个人邮箱`) says more than the field's label (`邮箱`).
    let header =
        issue.column.and_then(|c| mapping.columns.iter().find(|m| m.index + 1 == c)).map(|m| m.header.as_str());
    let field = header
        .filter(|h| !h.is_empty())
        .or_else(|| issue.field.map(|f| if lang == Lang::Zh { f.label_zh() } else { f.label_en() }));
    let value = if issue.value.is_empty() { String::new() } else { format!("{:?}  ", issue.value) };
    let fix = issue.fix.as_deref().map(|f| format!("  → {f:?}")).unwrap_or_default();
    format!("  {}{}{marker}{value}{}{fix}\n", pad(&at, 8), pad(field.unwrap_or(""), 10), issue.message)
}
