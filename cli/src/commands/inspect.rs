//! `minglu inspect FILE`: what a file is, as text or as the `minglu::Inspection` JSON.

use super::{pad, print, Failure};
use crate::args::Args;
use minglu::{column_letter, Field, Inspection, Limits, OpenOptions, Profile, ReadOptions};

const HELP: &str = "\
minglu inspect — say what a contact-directory file is

Usage:
  minglu inspect FILE [--sheet NAME] [--encoding ENC] [--profile P] [--format text|json]

Reads xlsx, xlsm, xlsb, xls, ods, csv, tsv, txt and vCard files. Prints the format, the text
encoding, the sheet(s), the header row, the platform profile, the number of people and which
column maps to which field. Nothing leaves the machine.

Options:
  --sheet NAME      the sheet of a workbook to read (default: the first)
  --encoding ENC    the text encoding of a CSV (gbk, gb18030, utf-8, big5 …; default: detected)
  --profile P       use this profile instead of the detected one:
                    wecom, wecom_api, qiwei, dingtalk, feishu, exmail, alimail, google, outlook,
                    generic
  --format FORMAT   text (default) or json; the JSON is
                    {\"format\",\"encoding\",\"sheet\",\"sheets\",\"header_row\",\"rows\",\"profile\",
                     \"columns\":[{\"index\",\"header\",\"field\"}]}
                    (encoding is null for workbooks, field null for columns kept as extra)

Exit status: 0 on success; 2 with one line `minglu: <reason>` on stderr when the file cannot be used.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse(argv, &["sheet", "encoding", "profile", "format"], "inspect")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let path = match args.positionals.as_slice() {
        [path] => path.clone(),
        [] => return Err(Failure("inspect: which file? usage: minglu inspect FILE (see --help)".into())),
        more => return Err(Failure(format!("inspect: one file at a time, got {}", more.len()))),
    };
    let json = match args.get("format").unwrap_or("text") {
        "text" => false,
        "json" => true,
        other => return Err(Failure(format!("inspect: unknown --format \"{other}\"; use text or json"))),
    };
    let profile = match args.get("profile") {
        None => None,
        Some(key) => Some(Profile::from_key(key).ok_or_else(|| {
            let valid: Vec<&str> = Profile::ALL.iter().map(|p| p.key()).collect();
            Failure(format!("inspect: unknown profile \"{key}\"; valid profiles: {}", valid.join(", ")))
        })?),
    };

    let limits = Limits::default();
    // Check the size before reading, so a huge file is refused without filling memory.
    let meta = std::fs::metadata(&path).map_err(|e| Failure(format!("cannot read {path}: {}", io_reason(&e))))?;
    if meta.is_dir() {
        return Err(Failure(format!("{path} is a directory, not a file")));
    }
    limits.check_file_size(usize::try_from(meta.len()).unwrap_or(usize::MAX))?;
    let bytes = std::fs::read(&path).map_err(|e| Failure(format!("cannot read {path}: {}", io_reason(&e))))?;

    let file_name = std::path::Path::new(&path).file_name().map(|n| n.to_string_lossy().into_owned());
    let options = OpenOptions {
        read: ReadOptions {
            file_name,
            sheet: args.get("sheet").map(String::from),
            encoding: args.get("encoding").map(String::from),
            limits,
        },
        profile,
    };
    let opened = minglu::open(&bytes, &options).map_err(|e| Failure(format!("{path}: {e}")))?;
    let inspection = opened.inspection();
    if json {
        let text =
            serde_json::to_string_pretty(&inspection).map_err(|e| Failure(format!("could not write JSON: {e}")))?;
        print(&format!("{text}\n"));
    } else {
        print(&text_summary(&path, &inspection, profile.is_some()));
    }
    Ok(())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The readable summary: one fact per line, then the column table.
fn text_summary(path: &str, i: &Inspection, profile_chosen: bool) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: String| out.push_str(&format!("{}{value}\n", pad(label, 10)));
    line("file", path.to_string());
    line("format", i.format.clone());
    line("encoding", i.encoding.clone().unwrap_or_else(|| "— (workbook)".into()));
    if let Some(sheet) = &i.sheet {
        let of = if i.sheets.len() > 1 {
            format!("  (1 of {}: {})", i.sheets.len(), i.sheets.join(", "))
        } else {
            String::new()
        };
        line("sheet", format!("{sheet}{of}"));
    }
    line("header", format!("row {}", i.header_row));
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
    line("people", i.rows.to_string());

    out.push('\n');
    let header_width = i.columns.iter().map(|c| super::display_width(&c.header)).max().unwrap_or(0).max(6) + 2;
    out.push_str(&format!("{}{}field\n", pad("column", 8), pad("header", header_width)));
    for c in &i.columns {
        let field = match c.field.as_deref().and_then(Field::from_key) {
            Some(f) => format!("{}  {}", f.key(), f.label_zh()),
            None => "— (extra column, kept as is)".to_string(),
        };
        out.push_str(&format!("{}{}{field}\n", pad(&column_letter(c.index + 1), 8), pad(&c.header, header_width)));
    }
    out
}
