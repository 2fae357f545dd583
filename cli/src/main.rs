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
  minglu generate --rows N [--seed S] [--layout wecom|plain] [--faults RATE]
                  [--format xlsx|csv|csv-bom|csv-gbk|vcf] --out FILE

Commands:
  inspect    say what a file is: format, encoding, sheet, header row, platform profile,
             people count and which column maps to which field
  generate   write a realistic sample directory (the generator behind tests and benchmarks)

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
