//! `minglu merge FILE --out OUT`: merge every group of duplicates scoring at least
//! `--min-score`, write the merged sheet, say what it did, and optionally save the recipe.

use super::dedup::{check_out, json_format, min_score, to_json};
use super::{load, print, Failure};
use crate::args::Args;
use minglu::dedup::{analyze, default_survivor, plan_merge, DedupOptions, ReasonKind};
use minglu::edit::{write, Doc, EditLog, Op};
use minglu::{Field, Lang};
use serde::Serialize;
use std::collections::BTreeMap;

const HELP: &str = "\
minglu merge — merge the rows that are one person, keeping every value

Usage:
  minglu merge FILE --out OUT [--min-score S] [--recipe RECIPE.json] [--profile P]
                    [--sheet NAME] [--encoding ENC] [--format text|json]

Finds duplicates as `minglu dedup` does and merges every group that holds together at
--min-score (default 0.9: the same mobile, e-mail or account and the same name). In each group
the row with the most filled fields survives; field by field it takes the tidiest spelling of
equal values, keeps its own account, mobile and e-mail when others differ, takes the most
complete text (a longer title) and unites the departments. The merged rows are left out of OUT
and listed as \"merged into row N\". See docs/dedup.md.

OUT keeps the input's layout (title rows, the header, the columns); .xlsx writes every cell as
text, .csv is UTF-8 with a BOM. The input is never changed.

Options:
  --out OUT            where to write the merged sheet (.xlsx or .csv)
  --min-score S        merge groups holding together at this score or more (0–1, default 0.9)
  --recipe R.json      also save the merges as a recipe (`minglu apply R.json NEXT.xlsx`)
  --profile P          compare as this platform does (default: detected)
  --sheet NAME         the sheet of a workbook to read (default: the first)
  --encoding ENC       the text encoding of a CSV (default: detected)
  --format FORMAT      text (default) or json: {\"out\",\"people\",\"merges\":[{\"into\",\"rows\",
                       \"score\",\"reasons\",\"changed\":[{\"field\",\"from\",\"to\",\"from_row\"}]}],
                       \"dropped\":[{\"row\",\"reason\"}]}

Exit status: 0 on success; 2 with one line `minglu: <reason>` on stderr when the file cannot be
used.
";

#[derive(Serialize)]
struct Changed {
    field: Field,
    from: String,
    to: String,
    /// The row the value came from; `None` when united from all rows (departments).
    from_row: Option<usize>,
}

#[derive(Serialize)]
struct Merge {
    into: usize,
    rows: Vec<usize>,
    score: f64,
    reasons: Vec<ReasonKind>,
    changed: Vec<Changed>,
}

#[derive(Serialize)]
struct DroppedRow {
    row: usize,
    reason: String,
}

#[derive(Serialize)]
struct Summary {
    out: String,
    people: usize,
    merges: Vec<Merge>,
    dropped: Vec<DroppedRow>,
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse(argv, &["out", "min-score", "recipe", "profile", "sheet", "encoding", "format"], "merge")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let path = load::input(&args, "merge")?;
    let out = args.get("out").ok_or_else(|| Failure("merge: --out OUT is required (.xlsx or .csv)".into()))?;
    check_out(&path, out, "merge")?;
    let json = json_format(&args, "merge")?;
    let min_score = min_score(&args, "merge", 0.9)?;
    let profile = load::profile(&args, "merge")?;

    let mut doc = Doc::new(load::open_file(&path, &args, profile)?);
    let mut options = DedupOptions::new(doc.profile());
    options.min_score = min_score;
    let groups = analyze(&doc.directory, &options).groups;
    let mut log = EditLog::new();
    let mut merges = Vec::new();
    for g in &groups {
        let Some(into) = default_survivor(&doc.directory, &g.rows) else { continue };
        let others: Vec<usize> = g.rows.iter().copied().filter(|&r| r != into).collect();
        let plan = plan_merge(&doc.directory, into, &others, &BTreeMap::new(), doc.profile())?;
        let changed = plan
            .fields
            .iter()
            .filter(|c| c.value != c.values[0])
            .map(|c| Changed {
                field: c.field,
                from: c.values[0].clone(),
                to: c.value.clone(),
                from_row: c.chosen.map(|i| plan.rows[i]),
            })
            .collect();
        log.apply(&mut doc, Op::merge(into, &others))?;
        merges.push(Merge { into, rows: others, score: g.score, reasons: g.reasons.clone(), changed });
    }

    let bytes = write::to_bytes_for(&doc, out)?;
    std::fs::write(out, &bytes).map_err(|e| Failure(format!("cannot write {out}: {e}")))?;
    if let Some(recipe) = args.get("recipe") {
        std::fs::write(recipe, log.recipe(doc.profile()).to_json())
            .map_err(|e| Failure(format!("cannot write {recipe}: {e}")))?;
    }
    let summary = Summary {
        out: out.to_string(),
        people: doc.directory.people.len(),
        merges,
        dropped: doc.dropped.iter().map(|d| DroppedRow { row: d.row, reason: d.reason.message(Lang::En) }).collect(),
    };
    if json {
        print(&to_json(&summary)?);
    } else {
        print(&text(&summary, min_score, args.get("recipe")));
    }
    Ok(())
}

fn text(s: &Summary, min_score: f64, recipe: Option<&str>) -> String {
    let rows: usize = s.merges.iter().map(|m| m.rows.len()).sum();
    let mut out = format!(
        "wrote {}: {} people; {} group{} scoring ≥ {min_score} merged, {rows} row{} merged away\n",
        s.out,
        s.people,
        s.merges.len(),
        if s.merges.len() == 1 { "" } else { "s" },
        if rows == 1 { "" } else { "s" }
    );
    for m in &s.merges {
        let rows = m.rows.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
        let why = m.reasons.iter().map(|r| r.label_en()).collect::<Vec<_>>().join(", ");
        out.push_str(&format!("  row {rows} → row {}  ({:.3}: {why})\n", m.into, m.score));
        for c in &m.changed {
            let from = if c.from.is_empty() { "(empty)".to_string() } else { format!("\"{}\"", c.from) };
            let source = c.from_row.map_or("united".to_string(), |r| format!("from row {r}"));
            out.push_str(&format!("      {}: {from} → \"{}\" ({source})\n", c.field.key(), c.to));
        }
    }
    if let Some(r) = recipe {
        out.push_str(&format!("recipe saved to {r} (replay it with `minglu apply {r} FILE --out OUT`)\n"));
    }
    out
}
