//! `minglu search FILE QUERY`: find people by name, pinyin (full or initials), account, phone
//! fragment, e-mail or department, ranked — the engine the app's search box uses.

use super::{load, pad, print, Failure};
use crate::args::Args;
use minglu::search::SearchIndex;
use minglu::Field;

const HELP: &str = "\
minglu search — find people in a directory

Usage:
  minglu search FILE QUERY [--limit N] [--format text|json]
  minglu search FILE --letter L [--format text|json]

QUERY is a name or part of one (张经理, 经理), pinyin (zhangjingli, zhangj) or its initials (zjl),
an account, an e-mail, a phone fragment (0013, 8000) or a department. Surnames use their surname
reading (单 is shan, 曾 zeng, 解 xie, 仇 qiu, 朴 piao); polyphonic characters match every reading.
Results are ranked: exact name, exact account/phone/e-mail, initials, pinyin, prefixes, then
substrings, then departments.

Options:
  --limit N         at most N results (default 10)
  --letter L        instead of a query: the people under L in the A–Z surname index (# for the
                    rest), in pinyin order
  --format FORMAT   text (default) or json: [{\"person\",\"row\",\"score\",\"field\",\"matched\",\"name\"}]
                    (person is the 0-based index among the file's people, row its sheet row)

Exit status: 0 (also when nothing is found); 2 with one line `minglu: <reason>` on stderr when the
file cannot be used.
";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let args = Args::parse(argv, &["limit", "format", "letter"], "search")?;
    if args.help {
        print(HELP);
        return Ok(());
    }
    let letter = match args.get("letter") {
        None => None,
        Some(l) => {
            let mut chars = l.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() || c == '#' => Some(c.to_ascii_uppercase()),
                _ => return Err(Failure(format!("search: --letter takes one letter A–Z or #, not \"{l}\""))),
            }
        }
    };
    let (path, query) = match (args.positionals.as_slice(), letter) {
        ([path], Some(_)) => (path.clone(), String::new()),
        ([path, query], None) => (path.clone(), query.clone()),
        _ => return Err(Failure("search: usage: minglu search FILE QUERY (or FILE --letter L; see --help)".into())),
    };
    let limit = match args.get("limit") {
        None => 10,
        Some(n) => n
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| Failure(format!("search: --limit takes a positive number, not \"{n}\"")))?,
    };
    let json = match args.get("format").unwrap_or("text") {
        "text" => false,
        "json" => true,
        other => return Err(Failure(format!("search: unknown --format \"{other}\"; use text or json"))),
    };

    let opened = load::open_file(&path, &args, None)?;
    let directory = &opened.directory;
    let index = SearchIndex::build(directory);

    if let Some(l) = letter {
        let people = index.letter(l);
        if json {
            let list: Vec<serde_json::Value> = people
                .iter()
                .map(|&i| {
                    let p = &directory.people[i];
                    serde_json::json!({"person": i, "row": p.source_row, "name": p.get(Field::Name)})
                })
                .collect();
            print(&format!("{}\n", serde_json::Value::Array(list)));
        } else {
            let mut out = String::new();
            for &i in people {
                let p = &directory.people[i];
                out.push_str(&format!("{}row {}\n", pad(p.get(Field::Name), 14), p.source_row));
            }
            let letters: Vec<String> =
                index.surname_index().iter().map(|g| format!("{} {}", g.letter, g.people.len())).collect();
            out.push_str(&format!("\n{} under {l}; index: {}\n", people.len(), letters.join("  ")));
            print(&out);
        }
        return Ok(());
    }

    let hits = index.search(&query, limit);
    if json {
        let text = serde_json::to_string_pretty(&hits).map_err(|e| Failure(format!("could not write JSON: {e}")))?;
        print(&format!("{text}\n"));
        return Ok(());
    }
    if hits.is_empty() {
        print(&format!("no one matches \"{query}\" among {} people\n", index.len()));
        return Ok(());
    }
    let mut out = String::new();
    let name_width = hits.iter().map(|h| super::display_width(&h.name)).max().unwrap_or(0).max(4) + 2;
    let matched_width =
        hits.iter().map(|h| super::display_width(&format!("{} {}", h.field.key(), h.matched))).max().unwrap_or(0) + 2;
    for (rank, h) in hits.iter().enumerate() {
        let p = &directory.people[h.person];
        let dept = p.departments.first().map(|d| d.join("/")).unwrap_or_default();
        out.push_str(&format!(
            "{:>3}  {}{}{:>5}  row {:<6}{dept}\n",
            rank + 1,
            pad(&h.name, name_width),
            pad(&format!("{} {}", h.field.key(), h.matched), matched_width),
            h.score,
            h.row,
        ));
    }
    print(&out);
    Ok(())
}
