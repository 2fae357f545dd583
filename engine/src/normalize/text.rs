//! Whitespace and character width in cell values.
//!
//! Spreadsheets pasted from web pages, chat apps and Word carry invisible characters: zero-width
//! spaces (U+200B–U+200D), byte-order marks (U+FEFF) and word joiners (U+2060) anywhere in a value,
//! no-break spaces (U+00A0) and ideographic spaces (U+3000, the full-width space a Chinese IME
//! types) at either end or in the middle (`张　三`, padded to line up with three-character
//! names). Platforms compare accounts and mobiles byte for byte, so these break imports silently.
//!
//! Full-width ASCII (U+FF01–U+FF5E: `ｚｈａｎｇ＠ｘ．ｃｏｍ`, `１３８…`) is what a Chinese IME types
//! in full-width mode; in accounts, e-mails and ids it must be half-width.

use std::borrow::Cow;

/// Characters that take no room at all: zero-width space / non-joiner / joiner, word joiner,
/// byte-order mark (zero-width no-break space), soft hyphen.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Spaces other than the ASCII space: no-break space, ideographic space and the other Unicode
/// space separators (en/em/thin spaces, narrow no-break space).
pub fn is_odd_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{3000}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}')
}

/// Characters trimmed from both ends: any whitespace, and the invisible characters.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || is_invisible(c) || is_odd_space(c)
}

/// Is `c` a CJK ideograph (or a CJK punctuation/kana character that never takes a space)?
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{3040}'..='\u{30FF}' | '\u{3001}'..='\u{303F}')
}

/// The value with its whitespace problems fixed:
/// - leading and trailing whitespace of any kind removed (ASCII, tabs, line breaks, NBSP, U+3000,
///   zero-width characters);
/// - zero-width characters removed everywhere;
/// - an ideographic or no-break space *between two CJK characters* removed (`张　三` → `张三`:
///   the padding that lines a two-character name up with three-character ones);
/// - any other inner NBSP / ideographic / Unicode space becomes one ASCII space.
///
/// Inner ASCII spaces, tabs and line breaks are kept: they may be meaningful (`Zhang San`).
/// Returns `Cow::Borrowed` when nothing changes.
pub fn clean_whitespace(s: &str) -> Cow<'_, str> {
    // Most values are plain: no byte that can start an invisible character, an odd space or
    // non-ASCII whitespace (their UTF-8 starts with C2, E1, E2, E3 or EF; CJK ideographs start
    // with E4–E9), and no ASCII whitespace at the ends. A byte scan says so without decoding.
    if plain_whitespace(s) {
        return Cow::Borrowed(s);
    }
    clean_whitespace_decoded(s)
}

/// [`clean_whitespace`]'s quick test: true when it has nothing to do.
fn plain_whitespace(s: &str) -> bool {
    // (Not `is_ascii_whitespace`: that leaves out the vertical tab, which `char::is_whitespace`
    // and so the trim count as whitespace.)
    let plain_end = |b: Option<&u8>| b.is_none_or(|&b| b > b' ');
    plain_end(s.as_bytes().first())
        && plain_end(s.as_bytes().last())
        && !any_lead_byte(s, |b| matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF))
}

/// Does a character of `s` start with a byte for which `special` holds (`special` is asked about
/// lead bytes ≥ 0xC0 only)? It steps from character to character by the lead byte's length and
/// over ASCII eight bytes at a time: a Chinese cell takes a third of the steps a byte scan does,
/// and these scans run on every cell the check reads.
#[inline]
fn any_lead_byte(s: &str, special: impl Fn(u8) -> bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        i += match x {
            0x00..=0x7F => match b.get(i..i + 8) {
                Some(w) if u64::from_le_bytes(w.try_into().unwrap_or([0x80; 8])) & 0x8080_8080_8080_8080 == 0 => 8,
                _ => 1,
            },
            // (0x80–0xBF continue a character and never start one in a `str`.)
            0x80..=0xDF if special(x) => return true,
            0x80..=0xDF => 2,
            0xE0..=0xEF if special(x) => return true,
            0xE0..=0xEF => 3,
            _ if special(x) => return true,
            _ => 4,
        };
    }
    false
}

/// [`clean_whitespace`] character by character.
fn clean_whitespace_decoded(s: &str) -> Cow<'_, str> {
    let needs =
        s.starts_with(is_trimmed) || s.ends_with(is_trimmed) || s.chars().any(|c| is_invisible(c) || is_odd_space(c));
    if !needs {
        return Cow::Borrowed(s);
    }
    let trimmed = s.trim_matches(is_trimmed);
    let chars: Vec<char> = trimmed.chars().filter(|c| !is_invisible(*c)).collect();
    let mut out = String::with_capacity(trimmed.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_odd_space(c) {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().copied().find(|c| !is_odd_space(*c));
            let between_cjk = prev.is_some_and(is_cjk) && next.is_some_and(is_cjk);
            if between_cjk || prev == Some(' ') {
                continue;
            }
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `str::trim`, quicker for the usual value: one whose first and last characters cannot be
/// whitespace says so from a byte or two, without decoding (in the browser build every decoded
/// character is a call, and fields are read far more often than they are mapped). Unicode's
/// whitespace beyond ASCII starts with the bytes C2 (U+0085, U+00A0), E1 (U+1680), E2 (U+2000 –
/// U+205F) or E3 (U+3000); any other lead byte — Latin letters, CJK ideographs, emoji — is not
/// whitespace.
#[inline]
pub fn trim(s: &str) -> &str {
    if s.is_empty() || ends_plain(s.as_bytes()) {
        s
    } else {
        s.trim()
    }
}

/// Are the first and the last character of `b` (valid UTF-8) surely not whitespace?
#[inline]
fn ends_plain(b: &[u8]) -> bool {
    let n = b.len();
    let lead_plain = |x: u8| x > b' ' && !matches!(x, 0xC2 | 0xE1..=0xE3);
    if n == 0 || !lead_plain(b[0]) {
        return false;
    }
    let last = b[n - 1];
    if last < 0x80 {
        return last > b' ';
    }
    // The last character's lead byte: two, three or four bytes back (UTF-8 is valid).
    if n >= 2 && b[n - 2] >= 0xC0 {
        lead_plain(b[n - 2])
    } else if n >= 3 && b[n - 3] >= 0xE0 {
        lead_plain(b[n - 3])
    } else {
        true // a four-byte character: none is whitespace
    }
}

/// Does the value have any problem [`clean_whitespace`] fixes?
pub fn has_whitespace_problem(s: &str) -> bool {
    matches!(clean_whitespace(s), Cow::Owned(ref o) if o != s)
}

/// Is `c` a full-width form of a printable ASCII character (U+FF01–U+FF5E)?
pub fn is_fullwidth_ascii(c: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&c)
}

/// Full-width ASCII → half-width (`ｚｈａｎｇ＠ｘ．ｃｏｍ` → `zhang@x.com`, `１３８` → `138`), and the
/// ideographic space → ASCII space (`，` becomes `,` too: it is U+FF0C). Everything else is kept:
/// CJK punctuation such as `、` `。` (U+3001, U+3002) has no ASCII twin. `Cow::Borrowed` when nothing
/// changes.
pub fn fold_width(s: &str) -> Cow<'_, str> {
    // U+FF01–U+FF5E start with the byte EF and U+3000 with E3: without them, nothing to fold
    // (a byte scan; decoding every character costs a call per character in the browser build).
    if !any_lead_byte(s, |b| b == 0xEF || b == 0xE3) || !s.chars().any(|c| is_fullwidth_ascii(c) || c == '\u{3000}') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            })
            .collect(),
    )
}

/// Does the value contain full-width ASCII?
pub fn has_fullwidth(s: &str) -> bool {
    // U+FF01–U+FF5E all start with the byte EF: without it, no decoding (a call per character in
    // the browser build, for every id-like cell).
    s.as_bytes().contains(&0xEF) && s.chars().any(is_fullwidth_ascii)
}

/// `s` lowercased, appended to `out` (in place when it is ASCII, as most keys are).
pub(crate) fn push_lowercase(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase()); // (not per character: a final Σ lowercases to ς)
    }
}

/// Length in UTF-8 bytes (what WeCom counts for accounts, e-mails and telephones).
pub fn byte_len(s: &str) -> usize {
    s.len()
}

/// Length in characters (what platforms call "UTF-8 characters": `张三` is 2).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_tests_agree_with_decoding() {
        // Every string of up to three characters from ASCII, CJK and each special character:
        // when a quick byte test says "nothing to do", decoding must agree.
        let chars = [
            'a', ' ', '\t', '\n', '1', '张', '三', '，', 'ｚ', '\u{3000}', '\u{00A0}', '\u{00AD}', '\u{0085}',
            '\u{1680}', '\u{2000}', '\u{2009}', '\u{200B}', '\u{200D}', '\u{2028}', '\u{202F}', '\u{205F}',
            '\u{2060}', '\u{FEFF}', '\u{FF01}', '\u{FF5E}', 'é', '\u{000B}', '\u{0080}', '\u{1000}', '\u{3001}', '😀',
            '\u{10FFFF}',
        ];
        let strings = crate::normalize::strings_over(&chars, 3);
        for s in &strings {
            // (Also behind and before a run of ASCII: the eight-byte steps.)
            for s in [s.clone(), format!("abcdefgh{s}"), format!("{s}abcdefghijk"), format!("a1b2c3d{s}e4f5g6h7")] {
                let special = |b: u8| matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
                let leads = s.chars().any(|c| special(c.to_string().as_bytes()[0]));
                assert_eq!(any_lead_byte(&s, special), leads, "{s:?}");
            }
            if plain_whitespace(s) {
                assert_eq!(clean_whitespace_decoded(s), s.as_str(), "{s:?}");
            }
            assert_eq!(trim(s), s.trim(), "{s:?}");
            let folded: String = s
                .chars()
                .map(|c| match c {
                    '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
                    '\u{3000}' => ' ',
                    _ => c,
                })
                .collect();
            assert_eq!(fold_width(s), folded, "{s:?}");
        }
    }

    #[test]
    fn trims_every_kind_of_space() {
        assert_eq!(clean_whitespace(" 张三\u{3000}"), "张三");
        assert_eq!(clean_whitespace("\u{FEFF}zhangsan\u{00A0}"), "zhangsan");
        assert_eq!(clean_whitespace("\t138\n"), "138");
    }

    #[test]
    fn removes_zero_width_inside() {
        assert_eq!(clean_whitespace("zhang\u{200B}san"), "zhangsan");
        assert_eq!(clean_whitespace("a\u{200D}b\u{2060}c"), "abc");
    }

    #[test]
    fn ideographic_padding_between_han_is_removed_elsewhere_becomes_space() {
        assert_eq!(clean_whitespace("张\u{3000}三"), "张三");
        assert_eq!(clean_whitespace("Zhang\u{3000}San"), "Zhang San");
        assert_eq!(clean_whitespace("Zhang\u{00A0}\u{3000}San"), "Zhang San");
        assert_eq!(clean_whitespace("Zhang \u{3000}San"), "Zhang San");
    }

    #[test]
    fn clean_values_are_borrowed() {
        assert!(matches!(clean_whitespace("张三"), Cow::Borrowed(_)));
        assert!(matches!(clean_whitespace("Zhang San"), Cow::Borrowed(_)));
        assert!(!has_whitespace_problem("Zhang San"));
        assert!(has_whitespace_problem("Zhang San "));
        assert!(!has_whitespace_problem(""));
    }

    #[test]
    fn folds_fullwidth_ascii() {
        assert_eq!(fold_width("ｚｈａｎｇ＠ｘ．ｃｏｍ"), "zhang@x.com");
        assert_eq!(fold_width("１３８００１３８０００"), "13800138000");
        assert_eq!(fold_width("张三，你好"), "张三,你好");
        assert_eq!(fold_width("张三、你好。"), "张三、你好。");
        assert!(has_fullwidth("ａ"));
        assert!(!has_fullwidth("a、"));
    }

    #[test]
    fn lengths() {
        assert_eq!(byte_len("张三"), 6);
        assert_eq!(char_len("张三"), 2);
    }
}
