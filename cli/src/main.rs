//! `minglu`: the Minglu engine on the command line, for scripts, CI, tests and benchmarks.
//!
//! Exit codes: 0 success; 2 unusable input or usage, with one line `minglu: <reason>` on stderr.

mod args;
mod commands;

use std::io::Write;

const USAGE: &str = "\
minglu — read, map and check organization contact directories (通讯录), privately.

Usage:
  minglu inspect FILE [--sheet NAME] [--encoding ENC] [--profile P] [--format text|json]
  minglu check FILE [--profile P] [--sheet NAME] [--encoding ENC] [--lang zh|en]
               [--format text|json] [--report OUT.xlsx|OUT.csv] [--only-errors]
  minglu fix FILE --out OUT.xlsx|OUT.csv [--codes CODE,…] [--profile P]
  minglu generate --rows N [--seed S] [--layout wecom|plain] [--faults RATE]
                  [--format xlsx|csv|csv-bom|csv-gbk|vcf] --out FILE
  minglu diff OLD NEW [--key auto|userid|employee_no|email|mobile] [--format text|json]
              [--report OUT.xlsx]
  minglu search FILE QUERY [--limit N] [--format text|json]
  minglu tree FILE [--format text|json]
  minglu convert FILE --to DEST --out OUT [--fields F,…] [--mask F,…]
                 [--encrypt zip|container --password-env VAR]
  minglu decrypt FILE --out OUT --password-env VAR
  minglu dedup FILE [--profile P] [--min-score S] [--format text|json]
  minglu merge FILE --out OUT.xlsx|OUT.csv [--min-score S] [--recipe R.json]
  minglu apply RECIPE FILE --out OUT.xlsx|OUT.csv [--format text|json]

Commands:
  inspect    say what a file is: format, encoding, sheet, header row, platform profile,
             people count and which column maps to which field
  check      check every row the way the import platform will; write the error report
             (exit 1 when there are errors)
  fix        apply the fixes check found and write the corrected sheet
  generate   write a realistic sample directory (the generator behind tests and benchmarks)
  diff       reconcile two directories (roster vs export): joiners, leavers, movers, changed
             fields, ambiguous matches; the WeCom deletion guard; a diff report workbook
  search     find people by name, pinyin or initials (zjl → 张经理), account, phone fragment,
             e-mail or department
  tree       the department tree with direct and total member counts, near-duplicate names
  convert    export for phones (vCard 2.1/3.0/4.0), Excel (csv, csv-gbk, xlsx) or a platform
             (wecom, qiwei, dingtalk, feishu, exmail, alimail, google, outlook), with only the
             fields needed, masked, optionally encrypted; a manifest of what left beside it
  decrypt    open a Minglu container or an encrypted zip (wrong password: exit 2, nothing written)
  dedup      find the same person entered twice: groups of rows with reasons and a score
  merge      merge the groups scoring high enough, keeping every value; save the recipe
  apply      replay a recipe of edits (from the app or merge --recipe) on another file

Run `minglu COMMAND --help` for a command's options.
";

fn main() {
    // A panic is a bug, but a script calling minglu should still see one line and exit code 2,
    // not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(std::io::stderr(), "minglu: internal error: {message} (this is a bug; please report it)");
        std::process::exit(2);
    }));

    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            commands::print(USAGE);
            Ok(())
        }
        Some("-V" | "--version") => {
            commands::print(&format!("minglu {}\n", env!("CARGO_PKG_VERSION")));
            Ok(())
        }
        Some("inspect") => commands::inspect::run(&argv[1..]),
        Some("generate") => commands::generate::run(&argv[1..]),
        Some("check") => commands::check::run(&argv[1..]),
        Some("fix") => commands::fix::run(&argv[1..]),
        Some("diff") => commands::diff::run(&argv[1..]),
        Some("search") => commands::search::run(&argv[1..]),
        Some("tree") => commands::tree::run(&argv[1..]),
        Some("convert") => commands::convert::run(&argv[1..]),
        Some("decrypt") => commands::decrypt::run(&argv[1..]),
        Some("dedup") => commands::dedup::run(&argv[1..]),
        Some("merge") => commands::merge::run(&argv[1..]),
        Some("apply") => commands::apply::run(&argv[1..]),
        Some(other) => Err(commands::Failure(format!(
            "unknown command \"{other}\"; the commands are inspect and generate (see minglu --help)"
        ))),
    };
    if let Err(commands::Failure(reason)) = result {
        let reason = reason.lines().collect::<Vec<_>>().join(" ");
        let _ = writeln!(std::io::stderr(), "minglu: {reason}");
        std::process::exit(2);
    }
}
