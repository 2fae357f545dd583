//! `minglu dedup FILE`: the groups of rows that may be one person, with their reasons and scores
//! (as text, or the `minglu::dedup::Duplicates` JSON). Also the helpers `merge` and `apply` share.

use super::{display_width, load, pad, print, Failure};
use crate::args::Args;
use minglu::dedup::{analyze, DedupOptions, Duplicates, Group};
use minglu::{Directory, Field, Person};

const HELP: &str = "\
minglu dedup — find the same person entered twice

Usage:
  minglu dedup FILE [--profile P] [--min-score S] [--sheet NAME] [--encoding ENC]
                    [--format text|json]

Rows are compared by what the import platform compares: the account (ignoring case where the
platform does), the mobile as a number (138-0013-8000 = +86 138 0013 8000), the e-mail ignoring
case, the employee number (leading zeros ignored), the WeChat id; and, weaker, the same name
(spaces, width and traditional characters ignored) in the same department or with the same
landline, and e-mails or accounts differing only by look-alike characters (l/1, O/0, rn/m).
A name alone is never a reason. Each group has its reasons and a score from 0 to 1; see
docs/dedup.md. Nothing is changed: `minglu merge` merges.

Options:
  --profile P      compare as this platform does (default: detected)
  --min-score S    leave out pairs scoring below S (0–1; default 0: every candidate)
  --sheet NAME     the sheet of a workbook to read (default: the first)
  --encoding ENC   the text encoding of a CSV (default: detected)
  --format FORMAT  text (default) or json:
                   {\"groups\":[{\"rows\":[…],\"reasons\":[…],\"score\":…,\"pairs\":[{\"rows\":[a,b],
                   \"score\",\"reasons\":[{\"kind\",\"value\"}],\"differs\":[field…]}]}],
                   \"common\":[{\"reason\",\"value\",\"count\",\"rows\"}]}
                   rows are 1-based sheet rows; common lists values shared by so many rows
                   that they are not evidence (a switchboard number)

Exit status: 0 (duplicates are findings, not failures); 2 with one line `minglu: <reason>` on
stderr when the file cannot be used.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse(argv, &["profile", "min-score", "sheet", "encoding", "format"], "dedup")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let path = load::input(&args, "dedup")?;
    let json = json_format(&args, "dedup")?;
    let min_score = min_score(&args, "dedup", 0.0)?;
    let profile = load::profile(&args, "dedup")?;
    let opened = load::open_file(&path, &args, profile)?;
    let mut options = DedupOptions::new(opened.mapping.profile);
    options.min_score = min_score;
    let found = analyze(&opened.directory, &options);
    if json {
        print(&to_json(&found)?);
    } else {
        print(&text(&path, &opened.directory, &found, opened.mapping.profile.key()));
    }
    Ok(())
}

pub(crate) fn json_format(args: &Args, command: &str) -> Result<bool, Failure> {
    match args.get("format").unwrap_or("text") {
        "text" => Ok(false),
        "json" => Ok(true),
        other => Err(Failure(format!("{command}: unknown --format \"{other}\"; use text or json"))),
    }
}

pub(crate) fn min_score(args: &Args, command: &str, default: f64) -> Result<f64, Failure> {
    match args.get("min-score") {
        None => Ok(default),
        Some(s) => match s.trim().parse::<f64>() {
            Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
            _ => Err(Failure(format!("{command}: --min-score must be a number from 0 to 1, not \"{s}\""))),
        },
    }
}

pub(crate) fn to_json(value: &impl serde::Serialize) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|t| format!("{t}\n"))
        .map_err(|e| Failure(format!("could not write JSON: {e}")))
}

/// `--out` must not be the input: the original is never overwritten.
pub(crate) fn check_out(input: &str, out: &str, command: &str) -> Result<(), Failure> {
    let same = match (std::fs::canonicalize(input), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => input == out,
    };
    if same {
        return Err(Failure(format!("{command}: --out {out} is the input file; write to another file")));
    }
    match load::extension(out).as_deref() {
        Some("xlsx" | "csv") => Ok(()),
        _ => Err(Failure(format!("{command}: --out must end in .xlsx or .csv, not \"{out}\""))),
    }
}

/// One line per row: the fields a reviewer tells people apart by.
pub(crate) fn row_line(p: &Person) -> String {
    let dept = p.departments.iter().map(|d| d.join("/")).collect::<Vec<_>>().join("；");
    let parts = [
        p.get(Field::Name).to_string(),
        p.get(Field::Userid).to_string(),
        p.get(Field::Mobile).to_string(),
        p.get(Field::Email).to_string(),
        p.get(Field::EnterpriseEmail).to_string(),
        p.get(Field::Position).to_string(),
        dept,
    ];
    parts.iter().map(|s| if s.is_empty() { "—".to_string() } else { s.clone() }).collect::<Vec<_>>().join("  ")
}

pub(crate) fn person(directory: &Directory, row: usize) -> Option<&Person> {
    directory.people.iter().find(|p| p.source_row == row)
}

/// A group as text: its rows side by side, the reasons, what differs.
pub(crate) fn group_text(directory: &Directory, n: usize, g: &Group) -> String {
    let rows = g.rows.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    let mut out = format!("group {n}  rows {rows}  score {:.3}\n", g.score);
    let width = g.rows.iter().map(|r| display_width(&format!("row {r}"))).max().unwrap_or(0) + 2;
    for &r in &g.rows {
        if let Some(p) = person(directory, r) {
            out.push_str(&format!("  {}{}\n", pad(&format!("row {r}"), width), row_line(p)));
        }
    }
    for pair in &g.pairs {
        let why: Vec<String> = pair.reasons.iter().map(|r| format!("{} {}", r.kind.label_en(), r.value)).collect();
        out.push_str(&format!("  {} ~ {}  {:.3}  {}\n", pair.rows[0], pair.rows[1], pair.score, why.join("; ")));
        if !pair.differs.is_empty() {
            let f: Vec<&str> = pair.differs.iter().map(|f| f.key()).collect();
            out.push_str(&format!(
                "  {}  differs: {}\n",
                " ".repeat(display_width(&format!("{} ~ {}", pair.rows[0], pair.rows[1]))),
                f.join(", ")
            ));
        }
    }
    out
}

fn text(path: &str, directory: &Directory, found: &Duplicates, profile: &str) -> String {
    let n = found.groups.len();
    let rows: usize = found.groups.iter().map(|g| g.rows.len()).sum();
    let mut out = format!(
        "{path}: {n} group{} of possible duplicates ({rows} rows) among {} people (profile {profile})\n",
        if n == 1 { "" } else { "s" },
        directory.people.len()
    );
    for (i, g) in found.groups.iter().enumerate() {
        out.push('\n');
        out.push_str(&group_text(directory, i + 1, g));
    }
    if !found.common.is_empty() {
        out.push_str("\nshared by too many rows to be evidence:\n");
        for c in &found.common {
            let rows = c.rows.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            out.push_str(&format!("  {} {}: {} rows (rows {rows} …)\n", c.reason.label_en(), c.value, c.count));
        }
    }
    out
}
