//! `minglu apply RECIPE FILE --out OUT`: replay a recipe (the edits, fixes, merges and mapping
//! changes saved from the app or `minglu merge --recipe`) on another file, such as next month's
//! export, and write the result.

use super::dedup::{check_out, json_format, to_json};
use super::{load, print, Failure};
use crate::args::Args;
use minglu::edit::{replay, write, Recipe, Skipped};
use minglu::Lang;
use serde::Serialize;

const HELP: &str = "\
minglu apply — replay a recipe of edits on a file

Usage:
  minglu apply RECIPE FILE --out OUT [--profile P] [--sheet NAME] [--encoding ENC]
                                     [--format text|json]

A recipe is the JSON list of steps saved from the app's history or by `minglu merge --recipe`:
cell edits, fixes (\"fix every mobile.format\"), merges, deletions, not-a-duplicate marks and
column mapping changes. Replayed on another file — next month's export of the same directory —
each row a step names is found again by its account, then its mobile, e-mail or employee
number, and only as a last resort by its row number (and then only if the name matches). A
step whose rows cannot be found, or an edit whose cell no longer holds the value the recipe saw,
is skipped and listed with its reason: a recipe never overwrites what it did not see.

Options:
  --out OUT        where to write the result (.xlsx or .csv, in the input's layout)
  --profile P      read FILE as this platform's template (default: detected)
  --sheet NAME     the sheet of a workbook to read (default: the first)
  --encoding ENC   the text encoding of a CSV (default: detected)
  --format FORMAT  text (default) or json: {\"out\",\"people\",\"steps\",\"applied\",
                   \"skipped\":[{\"step\",\"what\",\"reason\"}],\"dropped\":[{\"row\",\"reason\"}]}

Exit status: 0 when every step applied; 1 when some were skipped (OUT is written all the same);
2 with one line `minglu: <reason>` on stderr when the recipe or the file cannot be used.
";

#[derive(Serialize)]
struct DroppedRow {
    row: usize,
    reason: String,
}

#[derive(Serialize)]
struct Summary<'a> {
    out: &'a str,
    people: usize,
    steps: usize,
    applied: usize,
    skipped: &'a [Skipped],
    dropped: Vec<DroppedRow>,
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse(argv, &["out", "profile", "sheet", "encoding", "format"], "apply")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let (recipe_path, path) = match args.positionals.as_slice() {
        [r, f] => (r.clone(), f.clone()),
        _ => return Err(Failure("apply: usage: minglu apply RECIPE FILE --out OUT (see --help)".into())),
    };
    let out = args.get("out").ok_or_else(|| Failure("apply: --out OUT is required (.xlsx or .csv)".into()))?;
    check_out(&path, out, "apply")?;
    check_out(&recipe_path, out, "apply")?;
    let json = json_format(&args, "apply")?;
    let text = std::fs::read_to_string(&recipe_path).map_err(|e| Failure(format!("cannot read {recipe_path}: {e}")))?;
    let recipe = Recipe::from_json(&text).map_err(|e| Failure(format!("{recipe_path}: {e}")))?;
    let profile = load::profile(&args, "apply")?;
    let opened = load::open_file(&path, &args, profile)?;

    let (doc, report) = replay(&recipe, &opened)?;
    let bytes = write::to_bytes_for(&doc, out)?;
    std::fs::write(out, &bytes).map_err(|e| Failure(format!("cannot write {out}: {e}")))?;
    let summary = Summary {
        out,
        people: doc.directory.people.len(),
        steps: report.steps,
        applied: report.applied,
        skipped: &report.skipped,
        dropped: doc.dropped.iter().map(|d| DroppedRow { row: d.row, reason: d.reason.message(Lang::En) }).collect(),
    };
    if json {
        print(&to_json(&summary)?);
    } else {
        let mut t = format!(
            "wrote {out}: {} people; {} of {} step{} applied\n",
            summary.people,
            summary.applied,
            summary.steps,
            if summary.steps == 1 { "" } else { "s" }
        );
        for d in &summary.dropped {
            t.push_str(&format!("  row {}: {}\n", d.row, d.reason));
        }
        for s in summary.skipped {
            t.push_str(&format!("  skipped, step {} ({}): {}\n", s.step, s.what, s.reason));
        }
        print(&t);
    }
    if !report.skipped.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
