//! `minglu diff OLD NEW`: joiners, leavers, movers, changed fields and ambiguous matches between
//! two directories (the HR roster and the platform export, or two months' exports).

use super::{load, pad, print, Failure};
use crate::args::Args;
use minglu::diff::{diff, report_xlsx, Ambiguity, AmbiguityReason, Changes, Key};
use minglu::Field;

const HELP: &str = "\
minglu diff — reconcile two directories: who joined, left, moved or changed

Usage:
  minglu diff OLD NEW [--key auto|userid|employee_no|email|mobile] [--format text|json]
                      [--report OUT.xlsx]

OLD is the directory as it is now (the platform's export), NEW what it should become (next
month's export, or the HR roster). Any format `minglu inspect` reads; the columns may differ.

People are matched by --key (default auto: account, then employee number, then e-mail, then
mobile — the keys both files have, tried in turn for each person). Values are compared the way
the platforms compare them: 138-0013-8000 is 13800138000, ZhangSan@x.com is zhangsan@x.com.
A value shared by several people, or keys that disagree, are reported as ambiguous, never guessed.
Only fields both files have are compared.

Options:
  --key KEY         auto (default), userid, employee_no, email or mobile
  --format FORMAT   text (default) or json:
                    {\"joiners\":[ids],\"leavers\":[ids],\"movers\":[{\"id\",\"from\",\"to\"}],
                     \"changed\":[{\"id\",\"field\",\"old\",\"new\"}],\"unchanged\":N,\"ambiguous\":[…]}
                    ids are the matched key values (for a joiner or leaver: their first key value)
  --report FILE     also write the diff report workbook (sheets 概要 入职 离职 调动 变更 歧义)

When NEW, imported into WeCom as a full replacement, would delete more members than WeCom allows
(over 50 and over 20% of the staff, or under 50 and over 80%), the text output says so first and
the JSON output is followed by a warning line on stderr.

Exit status: 0 when compared; 2 with one line `minglu: <reason>` on stderr when a file cannot be
used or the files share no key.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse(argv, &["key", "format", "report"], "diff")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let (old_path, new_path) = match args.positionals.as_slice() {
        [a, b] => (a.clone(), b.clone()),
        _ => return Err(Failure("diff: two files, OLD and NEW: usage: minglu diff OLD NEW (see --help)".into())),
    };
    let key = match args.get("key") {
        None => Key::Auto,
        Some(k) => Key::from_key(k).ok_or_else(|| {
            Failure(format!("diff: unknown --key \"{k}\"; use auto, userid, employee_no, email or mobile"))
        })?,
    };
    let json = match args.get("format").unwrap_or("text") {
        "text" => false,
        "json" => true,
        other => return Err(Failure(format!("diff: unknown --format \"{other}\"; use text or json"))),
    };
    let report = args.get("report").map(String::from);
    if let Some(r) = &report {
        if load::extension(r).as_deref() != Some("xlsx") {
            return Err(Failure(format!("diff: --report writes an xlsx workbook; name it .xlsx, not \"{r}\"")));
        }
    }

    let old = load::open_file(&old_path, &args, None)?;
    let new = load::open_file(&new_path, &args, None)?;
    let changes = diff(&old.directory, &new.directory, key).map_err(|e| Failure(format!("diff: {}", e.message)))?;

    if let Some(path) = &report {
        let bytes = report_xlsx(&changes, &old.directory, &new.directory)?;
        std::fs::write(path, bytes).map_err(|e| Failure(format!("cannot write {path}: {e}")))?;
    }
    if json {
        let text = serde_json::to_string_pretty(&changes.summary())
            .map_err(|e| Failure(format!("could not write JSON: {e}")))?;
        print(&format!("{text}\n"));
        if changes.guard.blocked {
            eprintln!("minglu: warning: {}", guard_text(&changes));
        }
    } else {
        print(&text_report(&old_path, &new_path, &changes, &old.directory, &new.directory, report.as_deref()));
    }
    Ok(())
}

fn guard_text(c: &Changes) -> String {
    let g = &c.guard;
    let percent = (g.deletions * 100).checked_div(g.staff).unwrap_or(0);
    format!(
        "a full-replace import of NEW would delete {} of {} members ({percent}%): over WeCom's limit, \
         so WeCom would abort it — import the changes incrementally instead \
         (全量覆盖将删除 {} 人，超过企业微信的删除上限，请改用增量导入)",
        g.deletions, g.staff, g.deletions
    )
}

fn ambiguity_line(a: &Ambiguity) -> String {
    let keys: Vec<&str> = a.keys.iter().map(|k| k.key()).collect();
    let side = |list: &[minglu::diff::Candidate]| {
        list.iter().map(|c| format!("row {} {} ({})", c.row, c.name, c.id)).collect::<Vec<_>>().join(", ")
    };
    let reason = match a.reason {
        AmbiguityReason::Shared => "shared",
        AmbiguityReason::Conflict => "keys disagree",
    };
    format!("{reason} {} {}: old {}; new {}", keys.join("+"), a.values.join(", "), side(&a.old), side(&a.new))
}

fn text_report(
    old_path: &str,
    new_path: &str,
    c: &Changes,
    old: &minglu::Directory,
    new: &minglu::Directory,
    report: Option<&str>,
) -> String {
    let mut out = String::new();
    let keys: Vec<&str> = c.keys.iter().map(|k| k.key()).collect();
    out.push_str(&format!("old       {old_path}  ({} people)\n", old.people.len()));
    out.push_str(&format!("new       {new_path}  ({} people)\n", new.people.len()));
    out.push_str(&format!("key       {} → {}\n", c.key.key(), keys.join(", ")));
    if c.guard.blocked {
        out.push_str(&format!("\n!! DELETION GUARD: {}\n", guard_text(c)));
    }
    out.push('\n');
    let fields = format!("  ({} field{})", c.changed.len(), if c.changed.len() == 1 { "" } else { "s" });
    for (label, n, note) in [
        ("joiners", c.joiners.len(), ""),
        ("leavers", c.leavers.len(), ""),
        ("movers", c.movers.len(), ""),
        ("changed", c.changed_people(), fields.as_str()),
        ("unchanged", c.unchanged, ""),
        ("ambiguous", c.ambiguous.len(), if c.ambiguous.is_empty() { "" } else { "  (not matched: check by hand)" }),
    ] {
        out.push_str(&format!("{}{n}{note}\n", pad(label, 10)));
    }
    let name = |d: &minglu::Directory, i: usize| d.people.get(i).map_or("", |p| p.get(Field::Name)).to_string();
    let id_width = c
        .joiners
        .iter()
        .chain(&c.leavers)
        .map(|m| super::display_width(&m.id))
        .chain(c.movers.iter().map(|m| super::display_width(&m.id)))
        .chain(c.changed.iter().map(|m| super::display_width(&m.id)))
        .max()
        .unwrap_or(0)
        + 2;
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push_str(&format!("\n{title}\n"));
            for l in lines {
                out.push_str(&format!("  {l}\n"));
            }
        }
    };
    section(
        "Joiners (入职)",
        c.joiners.iter().map(|m| format!("{}{}  (new row {})", pad(&m.id, id_width), pad(&m.name, 8), m.row)).collect(),
    );
    section(
        "Leavers (离职)",
        c.leavers.iter().map(|m| format!("{}{}  (old row {})", pad(&m.id, id_width), pad(&m.name, 8), m.row)).collect(),
    );
    section(
        "Movers (调动)",
        c.movers
            .iter()
            .map(|m| format!("{}{}  {} → {}", pad(&m.id, id_width), pad(&name(new, m.new_index), 8), m.from, m.to))
            .collect(),
    );
    section(
        "Changed (变更)",
        c.changed
            .iter()
            .map(|ch| {
                let show = |v: &str| if v.is_empty() { "(empty)".to_string() } else { v.to_string() };
                format!(
                    "{}{}  {}: {} → {}",
                    pad(&ch.id, id_width),
                    pad(&name(new, ch.new_index), 8),
                    ch.field.key(),
                    show(&ch.old),
                    show(&ch.new)
                )
            })
            .collect(),
    );
    section("Ambiguous (歧义) — not matched, check by hand", c.ambiguous.iter().map(ambiguity_line).collect());
    if let Some(r) = report {
        out.push_str(&format!("\nreport    {r}\n"));
    }
    out
}
