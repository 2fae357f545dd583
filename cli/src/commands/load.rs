//! What `check` and `fix` share: reading a file from disk into an [`Opened`], the profile and
//! language options, and the table of issues per code.

use super::Failure;
use crate::args::Args;
use minglu::validate::{Code, Issue, Lang, Severity};
use minglu::{Limits, OpenOptions, Opened, Profile, ReadOptions};
use std::collections::BTreeMap;

/// `--profile P`, or `None` to detect it.
pub fn profile(args: &Args, command: &str) -> Result<Option<Profile>, Failure> {
    match args.get("profile") {
        None => Ok(None),
        Some(key) => Profile::from_key(key).map(Some).ok_or_else(|| {
            let valid: Vec<&str> = Profile::ALL.iter().map(|p| p.key()).collect();
            Failure(format!("{command}: unknown profile \"{key}\"; valid profiles: {}", valid.join(", ")))
        }),
    }
}

/// `--lang zh|en` (default zh).
pub fn lang(args: &Args, command: &str) -> Result<Lang, Failure> {
    match args.get("lang") {
        None => Ok(Lang::Zh),
        Some(l) => Lang::from_key(l).ok_or_else(|| Failure(format!("{command}: unknown --lang \"{l}\"; use zh or en"))),
    }
}

/// The one positional argument: the input file.
pub fn input(args: &Args, command: &str) -> Result<String, Failure> {
    match args.positionals.as_slice() {
        [path] => Ok(path.clone()),
        [] => Err(Failure(format!("{command}: which file? usage: minglu {command} FILE (see --help)"))),
        more => Err(Failure(format!("{command}: one file at a time, got {}", more.len()))),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Read `path` (size checked first, so a huge file is refused without filling memory) and open
/// it with `--sheet`, `--encoding` and the profile.
pub fn open_file(path: &str, args: &Args, profile: Option<Profile>) -> Result<Opened, Failure> {
    let limits = Limits::default();
    let meta = std::fs::metadata(path).map_err(|e| Failure(format!("cannot read {path}: {}", io_reason(&e))))?;
    if meta.is_dir() {
        return Err(Failure(format!("{path} is a directory, not a file")));
    }
    limits.check_file_size(usize::try_from(meta.len()).unwrap_or(usize::MAX))?;
    let bytes = std::fs::read(path).map_err(|e| Failure(format!("cannot read {path}: {}", io_reason(&e))))?;
    open_bytes(&bytes, path, args.get("sheet"), args.get("encoding"), profile)
}

/// Open bytes as if read from `name`.
pub fn open_bytes(
    bytes: &[u8],
    name: &str,
    sheet: Option<&str>,
    encoding: Option<&str>,
    profile: Option<Profile>,
) -> Result<Opened, Failure> {
    let file_name = std::path::Path::new(name).file_name().map(|n| n.to_string_lossy().into_owned());
    let options = OpenOptions {
        read: ReadOptions {
            file_name,
            sheet: sheet.map(String::from),
            encoding: encoding.map(String::from),
            limits: Limits::default(),
        },
        profile,
    };
    minglu::open(bytes, &options).map_err(|e| Failure(format!("{name}: {e}")))
}

/// The lower-case extension of `path` (`"xlsx"`, `"csv"`), if any.
pub fn extension(path: &str) -> Option<String> {
    std::path::Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Issues grouped by code: errors' codes first, then warnings', each in the order of the codes
/// table (`docs/codes.md`).
pub fn by_code<'a>(issues: impl IntoIterator<Item = &'a Issue>) -> Vec<(Code, Vec<&'a Issue>)> {
    let mut groups: BTreeMap<Code, Vec<&Issue>> = BTreeMap::new();
    for i in issues {
        groups.entry(i.code).or_default().push(i);
    }
    let mut list: Vec<(Code, Vec<&Issue>)> = groups.into_iter().collect();
    let worst = |g: &[&Issue]| g.iter().map(|i| i.severity).max().unwrap_or(Severity::Warning);
    // Stable: within a severity, the table order of the BTreeMap stays.
    list.sort_by_key(|(_, g)| std::cmp::Reverse(worst(g)));
    list
}

/// `3 errors`, `1 error, 2 warnings`.
pub fn counts(issues: &[&Issue]) -> String {
    let errors = issues.iter().filter(|i| i.severity == Severity::Error).count();
    let warnings = issues.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// `row 5`, `rows 5, 18, 33 and 4 more`.
pub fn rows_list(issues: &[&Issue], shown: usize) -> String {
    let mut rows: Vec<usize> = issues.iter().map(|i| i.row).collect();
    rows.dedup();
    let list: Vec<String> = rows.iter().take(shown).map(usize::to_string).collect();
    let more = rows.len().saturating_sub(shown);
    let word = if rows.len() == 1 { "row" } else { "rows" };
    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!("{word} {}{tail}", list.join(", "))
}
