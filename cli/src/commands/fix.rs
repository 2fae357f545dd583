//! `minglu fix FILE --out OUT`: apply the fixes a check found (all, or some codes) and write the
//! sheet again in its layout; say what was fixed and what is left for a person.

use super::load::{self, by_code, counts, rows_list};
use super::{pad, print, Failure};
use crate::args::Args;
use minglu::report::{sheet_csv, sheet_xlsx, CsvEncoding};
use minglu::validate::{apply_edits_to_sheet_marked, fix_edits, validate_with, Code, Options};
use std::collections::BTreeMap;

const HELP: &str = "\
minglu fix — apply the fixes `minglu check` found and write the corrected sheet

Usage:
  minglu fix FILE --out OUT [--codes CODE,…] [--profile P] [--sheet NAME] [--encoding ENC]
                            [--lang zh|en] [--csv-encoding utf-8-bom|utf-8|gbk]

Checks FILE as `minglu check` does, applies the fixes (every fixable issue, or only those of
--codes), writes OUT and checks OUT again. A fix only rewrites what is in the cell (spaces,
full-width characters, the way a mobile or a department path is written, a known spelling of a
gender, a formula's value, a merged cell's value): it never invents data. Mobiles in scientific
notation, missing names, wrong departments and duplicates stay for a person; they are listed
at the end (`minglu check OUT` shows them in full).

OUT keeps the layout of the checked sheet: every row where it was (title rows too), the same
columns. Its format follows its extension:
  .xlsx   one sheet; accounts, mobiles, telephones, e-mails, employee numbers and WeChat ids are
          written as text cells, other numbers and dates keep their kind
  .csv    UTF-8 with a BOM (what Excel opens correctly) unless --csv-encoding says otherwise
The original file is never changed (OUT must be another file).

Options:
  --out OUT            where to write the corrected sheet (.xlsx or .csv)
  --codes C,…          apply only the fixes of these codes, e.g. mobile.format,text.whitespace
  --profile P          check against this profile instead of the detected one
  --sheet NAME         the sheet of a workbook to read (default: the first)
  --encoding ENC       the text encoding of the input CSV (default: detected)
  --lang L             the language of the messages: zh (default) or en
  --csv-encoding E     for a .csv OUT: utf-8-bom (default), utf-8 (WeCom's batch-sync API wants
                       UTF-8) or gbk (Excel's plain CSV on Chinese Windows)

Exit status: 0 when OUT has no errors left (warnings allowed); 1 when errors are left for a
person (OUT is written all the same); 2 with one line `minglu: <reason>` on stderr when the
file cannot be used.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse_with_flags(
        argv,
        &["out", "codes", "profile", "sheet", "encoding", "lang", "csv-encoding"],
        &[],
        "fix",
    )?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let path = load::input(&args, "fix")?;
    let out = args.get("out").ok_or_else(|| Failure("fix: --out OUT is required (.xlsx or .csv)".into()))?;
    let xlsx = match load::extension(out).as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => return Err(Failure(format!("fix: --out must end in .xlsx or .csv, not \"{out}\""))),
    };
    let csv_encoding = match args.get("csv-encoding").map(|e| e.trim().to_ascii_lowercase()) {
        None => CsvEncoding::Utf8Bom,
        Some(e) => match e.as_str() {
            "utf-8-bom" | "utf8-bom" | "bom" => CsvEncoding::Utf8Bom,
            "utf-8" | "utf8" => CsvEncoding::Utf8,
            "gbk" => CsvEncoding::Gbk,
            _ => return Err(Failure(format!("fix: unknown --csv-encoding \"{e}\"; use utf-8-bom, utf-8 or gbk"))),
        },
    };
    let codes = parse_codes(args.get("codes"))?;
    if same_file(&path, out) {
        return Err(Failure(format!("fix: --out {out} is the input file; write the corrected sheet to another file")));
    }
    let profile = load::profile(&args, "fix")?;
    let lang = load::lang(&args, "fix")?;

    let opened = load::open_file(&path, &args, profile)?;
    let profile = opened.mapping.profile;
    let report = validate_with(&opened.directory, &opened.sheet, &opened.mapping, profile, &Options { lang });
    let edits = fix_edits(&report, codes.as_deref());
    let (fixed, applied) = apply_edits_to_sheet_marked(&opened.sheet, &opened.mapping, &edits);
    let bytes = if xlsx { sheet_xlsx(&fixed, &opened.mapping)? } else { sheet_csv(&fixed, csv_encoding)? };
    std::fs::write(out, &bytes).map_err(|e| Failure(format!("cannot write {out}: {e}")))?;

    // What is left is checked on the file as written, read back the way `minglu check OUT` reads it.
    let encoding = (!xlsx && csv_encoding == CsvEncoding::Gbk).then_some("gbk");
    let again = load::open_bytes(&bytes, out, None, encoding, Some(profile))?;
    let left = validate_with(&again.directory, &again.sheet, &again.mapping, profile, &Options { lang });

    let mut per_code: BTreeMap<Code, usize> = BTreeMap::new();
    for (edit, done) in edits.iter().zip(&applied) {
        if let (true, Some(code)) = (*done, edit.code) {
            *per_code.entry(code).or_default() += 1;
        }
    }
    let total: usize = per_code.values().sum();
    let mut text = format!("wrote {out}: {total} cell{} fixed\n", if total == 1 { "" } else { "s" });
    for (code, n) in &per_code {
        text.push_str(&format!("  {}{}  {}\n", pad(code.as_str(), 27), pad(&n.to_string(), 6), code.meaning(lang)));
    }
    let s = &left.summary;
    if left.issues.is_empty() {
        text.push_str("nothing is left: the corrected sheet checks clean\n");
    } else {
        text.push_str(&format!(
            "left for a person: {} error{}, {} warning{} (minglu check {out} lists them)\n",
            s.errors,
            if s.errors == 1 { "" } else { "s" },
            s.warnings,
            if s.warnings == 1 { "" } else { "s" }
        ));
        for (code, issues) in by_code(&left.issues) {
            text.push_str(&format!(
                "  {}{}  {}\n",
                pad(code.as_str(), 27),
                pad(&counts(&issues), 22),
                rows_list(&issues, 8)
            ));
        }
    }
    print(&text);
    if left.has_errors() {
        std::process::exit(1);
    }
    Ok(())
}

/// `--codes a,b`: fixable codes only (a code that is never fixed would silently do nothing).
fn parse_codes(value: Option<&str>) -> Result<Option<Vec<Code>>, Failure> {
    let Some(value) = value else { return Ok(None) };
    let fixable = || Code::ALL.iter().filter(|c| c.fixable()).map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
    let mut codes = Vec::new();
    for id in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let code = Code::from_id(id)
            .ok_or_else(|| Failure(format!("fix: unknown code \"{id}\"; the fixable codes are {}", fixable())))?;
        if !code.fixable() {
            return Err(Failure(format!(
                "fix: {id} is never fixed automatically (a person must correct it); the fixable codes are {}",
                fixable()
            )));
        }
        codes.push(code);
    }
    if codes.is_empty() {
        return Err(Failure("fix: --codes lists no code".into()));
    }
    Ok(Some(codes))
}

/// Do two paths name the same existing file?
fn same_file(a: &str, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
