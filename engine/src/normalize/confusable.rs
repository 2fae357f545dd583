//! Look-alike characters in accounts and e-mail addresses (`zhangsl@` vs `zhangs1@`).
//!
//! Two strings are confusable when their *skeletons* are equal (Unicode TR #39, section 4). The full
//! `confusables.txt` has over 6,000 mappings across all scripts (the `unicode-security` crate, MIT /
//! Apache-2.0, ships it with NFD tables: well over 100 KB in the browser bundle). Accounts and
//! addresses are ASCII on every platform Minglu targets, so this module keeps the part of the
//! table that maps *into* lowercase ASCII — the ASCII look-alikes (`1 l I |`, `0 O`, `rn m`, `vv w`,
//! `cl d`) and the Cyrillic / Greek letters that pass for Latin ones — and compares
//! case-insensitively, as the platforms compare addresses. Differences from TR #39: skeletons are
//! lowercase (TR #39 keeps case and maps `0` to `O`; here both become `o`), and multi-letter
//! look-alikes map to the single letter (`rn` → `m`, where TR #39 maps `m` → `rn`): the same
//! equivalence, written shorter.

use super::text::fold_width;

/// One character's skeleton, or `None` when it stands for itself (lowercased).
fn map_char(c: char) -> Option<char> {
    Some(match c {
        // ASCII look-alikes of `l` and `o`.
        '1' | 'I' | '|' | 'ǀ' | 'ӏ' | 'Ι' | 'І' | 'ℓ' => 'l',
        '0' | 'O' | 'О' | 'о' | 'Ο' | 'ο' | 'σ' => 'o',
        // Cyrillic letters that look Latin.
        'а' | 'А' | 'α' | 'Α' => 'a',
        'в' | 'В' | 'Β' | 'β' => 'b',
        'с' | 'С' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'Е' | 'ё' | 'Ε' | 'ε' => 'e',
        'ɡ' => 'g',
        'һ' | 'Н' | 'Η' => 'h',
        'і' | 'ι' | 'ı' => 'i',
        'ј' | 'Ј' | 'ϳ' => 'j',
        'к' | 'К' | 'κ' | 'Κ' => 'k',
        'м' | 'М' | 'Μ' => 'm',
        'п' | 'η' | 'Ν' => 'n',
        'р' | 'Р' | 'ρ' | 'Ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' | 'τ' | 'Τ' => 't',
        'υ' | 'ս' => 'u',
        'ν' | 'ѵ' => 'v',
        'ԝ' | 'ω' => 'w',
        'х' | 'Х' | 'χ' | 'Χ' => 'x',
        'у' | 'У' | 'γ' | 'Υ' => 'y',
        'Ζ' => 'z',
        _ => return None,
    })
}

/// The skeleton of `s`: width-folded, look-alikes mapped to one representative, lowercased, then
/// the multi-letter look-alikes collapsed (`rn` → `m`, `vv` → `w`, `cl` → `d`).
///
/// `skeleton("zhangs1@corp.com") == skeleton("zhangsl@corp.com")`,
/// `skeleton("wang0@x.com") == skeleton("wango@x.com")`, `skeleton("rnary") == skeleton("mary")`.
pub fn skeleton(s: &str) -> String {
    if s.is_ascii() {
        return ascii_skeleton(s.as_bytes());
    }
    skeleton_by_char(s)
}

/// [`skeleton`] a character at a time: any text.
fn skeleton_by_char(s: &str) -> String {
    let folded = fold_width(s);
    let mut single = String::with_capacity(folded.len());
    for c in folded.chars() {
        match map_char(c) {
            Some(m) => single.push(m),
            None => single.extend(c.to_lowercase()),
        }
    }
    let mut out = String::with_capacity(single.len());
    let mut chars = single.chars().peekable();
    while let Some(c) = chars.next() {
        let pair = chars.peek().copied();
        let merged = match (c, pair) {
            ('r', Some('n')) => Some('m'),
            ('v', Some('v')) => Some('w'),
            ('c', Some('l')) => Some('d'),
            _ => None,
        };
        match merged {
            Some(m) => {
                out.push(m);
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

/// [`skeleton`] for ASCII text, byte by byte (the common case: accounts and addresses).
fn ascii_skeleton(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    ascii_skeleton_into(b, &mut out);
    out
}

/// [`skeleton`], appended to `out`.
pub(crate) fn skeleton_into(v: &str, out: &mut String) {
    if v.is_ascii() {
        ascii_skeleton_into(v.as_bytes(), out);
    } else {
        out.push_str(&skeleton(v));
    }
}

/// Each ASCII byte's look-alike: `1 I |` read as `l`, `0 O` as `o`, letters lowercased.
const ASCII_LOOKALIKE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).to_ascii_lowercase();
        i += 1;
    }
    (t[b'1' as usize], t[b'I' as usize], t[b'|' as usize]) = (b'l', b'l', b'l');
    (t[b'0' as usize], t[b'O' as usize]) = (b'o', b'o');
    t
};

/// [`ascii_skeleton`], appended to `out`: written into a buffer on the stack and appended a
/// chunk at a time (a push per byte was a call and a capacity check per byte in the browser
/// build, where this runs for every account and address the check and the duplicate search
/// read), each byte looked up once in a table, and only `r`, `v` and `c` look at the next one.
fn ascii_skeleton_into(b: &[u8], out: &mut String) {
    let map = |c: u8| ASCII_LOOKALIKE[usize::from(c & 0x7F)];
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let mut c = map(b[i]);
        i += 1;
        if matches!(c, b'r' | b'v' | b'c') && i < b.len() {
            let merged = match (c, map(b[i])) {
                (b'r', b'n') => b'm',
                (b'v', b'v') => b'w',
                (b'c', b'l') => b'd',
                _ => 0,
            };
            if merged != 0 {
                c = merged;
                i += 1;
            }
        }
        buf[n] = c;
        n += 1;
        if n == buf.len() || i >= b.len() {
            // ASCII in, ASCII out.
            out.push_str(std::str::from_utf8(&buf[..n]).unwrap_or_default());
            n = 0;
        }
    }
}

/// Are `a` and `b` different (ignoring case) but confusable?
pub fn confusable(a: &str, b: &str) -> bool {
    a.to_lowercase() != b.to_lowercase() && skeleton(a) == skeleton(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_path_agrees_with_the_general_one() {
        // Short values over the characters the mapping looks at, and values past the 64-byte
        // buffer with a pair across its end.
        let chars = ['r', 'R', 'n', 'N', 'v', 'V', 'c', 'C', 'l', '1', 'I', '|', '0', 'O', 'a', '@', '.'];
        let mut values = crate::normalize::strings_over(&chars, 4);
        values.extend(["rn".repeat(40), format!("{}rn{}", "a".repeat(63), "vV".repeat(50)), "x1O|".repeat(33)]);
        for v in &values {
            assert_eq!(ascii_skeleton(v.as_bytes()), skeleton_by_char(v), "{v}");
            let mut out = String::from("kept:");
            skeleton_into(v, &mut out);
            assert_eq!(out, format!("kept:{}", skeleton_by_char(v)), "{v}");
        }
    }

    #[test]
    fn the_look_alikes_that_matter() {
        assert!(confusable("zhangsl@corp.com", "zhangs1@corp.com"));
        assert!(confusable("zhangsI@corp.com", "zhangsl@corp.com"));
        assert!(confusable("wang0@corp.com", "wangO@corp.com"));
        assert!(confusable("rnary@x.com", "mary@x.com"));
        assert!(confusable("vvang@x.com", "wang@x.com"));
        assert!(confusable("clong@x.com", "dong@x.com"));
        // Cyrillic а and о in an otherwise Latin address.
        assert!(confusable("zh\u{0430}ng@x.com", "zhang@x.com"));
        assert!(confusable("zhang@c\u{043E}rp.com", "zhang@corp.com"));
    }

    #[test]
    fn case_and_real_differences_are_not_confusable() {
        assert!(!confusable("ZhangSan@x.com", "zhangsan@x.com"));
        assert!(!confusable("zhangsan@x.com", "lisi@x.com"));
        assert!(!confusable("zhang2@x.com", "zhang3@x.com"));
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_general_one() {
        for s in ["zhangs1@corp.com", "ZhangSI@X.COM", "rnary", "RNary", "vvang", "cIong", "c1ong", "a|b", "x0O", "rnn"]
        {
            // A non-ASCII suffix forces the general path.
            assert_eq!(format!("{}é", skeleton(s)), skeleton(&format!("{s}é")), "{s}");
        }
    }

    #[test]
    fn fullwidth_folds_first() {
        assert_eq!(skeleton("ｚｈａｎｇ１"), skeleton("zhangl"));
    }
}
