//! A small argument parser: `--name value`, `--name=value`, value-less `--flag`s, `-h`/`--help`
//! and positionals.
//! Two commands with a handful of options do not need a parser crate.

use crate::commands::Failure;

/// Parsed arguments of one command.
#[derive(Debug, Default)]
pub struct Args {
    pub positionals: Vec<String>,
    pub options: Vec<(String, String)>,
    /// Flags given (options without a value, such as `--only-errors`).
    pub flags: Vec<String>,
    pub help: bool,
}

impl Args {
    /// Parse `argv` accepting only the options named in `known` (each takes a value).
    pub fn parse(argv: &[String], known: &[&str], command: &str) -> Result<Args, Failure> {
        Args::parse_with_flags(argv, known, &[], command)
    }

    /// [`Args::parse`], also accepting the value-less flags named in `flags`.
    pub fn parse_with_flags(argv: &[String], known: &[&str], flags: &[&str], command: &str) -> Result<Args, Failure> {
        let mut args = Args::default();
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            if arg == "-h" || arg == "--help" {
                args.help = true;
            } else if arg == "--" {
                args.positionals.extend(it.by_ref().cloned());
            } else if let Some(long) = arg.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (long, None),
                };
                if flags.contains(&name) {
                    if inline.is_some() {
                        return Err(Failure(format!("{command}: --{name} takes no value")));
                    }
                    if !args.flag(name) {
                        args.flags.push(name.to_string());
                    }
                    continue;
                }
                if !known.contains(&name) {
                    return Err(Failure(format!("{command}: unknown option --{name} (see minglu {command} --help)")));
                }
                let value = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| Failure(format!("{command}: --{name} needs a value")))?,
                };
                if args.get(name).is_some() {
                    return Err(Failure(format!("{command}: --{name} is given twice")));
                }
                args.options.push((name.to_string(), value));
            } else if arg.starts_with('-') && arg != "-" {
                return Err(Failure(format!("{command}: unknown option {arg} (see minglu {command} --help)")));
            } else {
                args.positionals.push(arg.clone());
            }
        }
        Ok(args)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.options.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Was the flag `--name` given?
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_both_option_forms_and_positionals() {
        let a =
            Args::parse(&v(&["f.xlsx", "--format", "json", "--sheet=S 1"]), &["format", "sheet"], "inspect").unwrap();
        assert_eq!(a.positionals, vec!["f.xlsx"]);
        assert_eq!(a.get("format"), Some("json"));
        assert_eq!(a.get("sheet"), Some("S 1"));
        assert!(!a.help);
    }

    #[test]
    fn flags_take_no_value() {
        let argv = v(&["f.csv", "--only-errors", "--lang", "en"]);
        let a = Args::parse_with_flags(&argv, &["lang"], &["only-errors"], "check").unwrap();
        assert!(a.flag("only-errors"));
        assert_eq!(a.get("lang"), Some("en"));
        assert_eq!(a.positionals, vec!["f.csv"]);
        assert!(Args::parse_with_flags(&v(&["--only-errors=1"]), &[], &["only-errors"], "check").is_err());
        assert!(!Args::parse(&v(&["f.csv"]), &[], "inspect").unwrap().flag("only-errors"));
    }

    #[test]
    fn rejects_unknown_missing_and_repeated_options() {
        assert!(Args::parse(&v(&["--nope", "1"]), &["format"], "inspect").is_err());
        assert!(Args::parse(&v(&["--format"]), &["format"], "inspect").is_err());
        assert!(Args::parse(&v(&["--format", "a", "--format", "b"]), &["format"], "inspect").is_err());
        assert!(Args::parse(&v(&["-x"]), &["format"], "inspect").is_err());
    }
}
