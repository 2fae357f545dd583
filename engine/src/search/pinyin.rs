//! Names as pinyin: the readings of every position of a name, and the spellings search matches
//! (full pinyin and initials, every reading of a polyphonic character).
//!
//! Readings come from the `pinyin` crate's character table, compacted to the BMP ideographs at
//! build time (`engine/build.rs`): toneless, `ü` written `v` the way accounts and IMEs spell it,
//! with a `u` spelling as an alternate (吕 → `lv`, `lu`). The surname at the start of a name takes
//! its surname reading first (see [`super::surnames`]).

use super::surnames;
use crate::normalize::text::{clean_whitespace, fold_width, is_cjk};
use std::borrow::Cow;

/// At most this many spellings per name and style. Three-character names with two polyphonic
/// characters have 4–9 combinations; the cap only bites on long or unusual names, and drops the
/// combinations with the most non-primary readings first.
pub(crate) const MAX_SPELLINGS: usize = 8;

/// The generated table (see `engine/build.rs`).
mod table {
    include!(concat!(env!("OUT_DIR"), "/pinyin_table.rs"));
}

/// The distinct toneless readings of `c`, the most common first; empty when the table has none
/// (not an ideograph, or one beyond the BMP).
pub(crate) fn readings(c: char) -> impl Iterator<Item = &'static str> {
    let code = c as u32;
    let list = table::BLOCKS
        .iter()
        .find(|(start, ids)| code >= *start && ((code - start) as usize) < ids.len())
        .map_or(0, |(start, ids)| ids[(code - start) as usize] as usize);
    let (from, to) = (table::LIST_STARTS[list] as usize, table::LIST_STARTS[list + 1] as usize);
    table::LIST_DATA[from..to].iter().map(|&s| table::SYLLABLES[s as usize])
}

/// The readings of one position of a name, the primary one first. A position is one Hanzi, or
/// one run of ASCII letters and digits (`Tony` in `Tony张`), which has itself as its reading.
pub(crate) type Position = Vec<Cow<'static, str>>;

/// The positions of a name with their readings. The surname's reading (a compound surname's two,
/// or a single one's) is put first; the character's other readings stay as alternates.
pub(crate) fn positions(name: &str) -> Vec<Position> {
    let cleaned = clean_whitespace(name);
    let folded = fold_width(&cleaned);
    let chars: Vec<char> = folded.chars().collect();
    let mut surname: Vec<&'static str> = Vec::new();
    if chars.len() >= 3 {
        if let Some(pair) = surnames::compound(chars[0], chars[1]) {
            surname = pair.to_vec();
        }
    }
    if surname.is_empty() && chars.len() >= 2 {
        surname.extend(surnames::single(chars[0]));
    }
    let mut positions: Vec<Position> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !word.is_empty() {
            positions.push(vec![Cow::Owned(std::mem::take(&mut word))]);
        }
        if !is_cjk(c) {
            continue;
        }
        let mut list: Position = Vec::with_capacity(4);
        if let Some(&first) = surname.get(i).filter(|_| positions.len() == i) {
            list.push(Cow::Borrowed(first));
        }
        for r in readings(c) {
            if list.first().is_none_or(|f| f != r) {
                list.push(Cow::Borrowed(r));
            }
        }
        if !list.is_empty() {
            positions.push(list);
        }
    }
    if !word.is_empty() {
        positions.push(vec![Cow::Owned(word)]);
    }
    positions
}

/// The full-pinyin spellings (`zhangsan`), the primary one first, then those with one alternate
/// reading, then two; at most [`MAX_SPELLINGS`].
pub(crate) fn full(positions: &[Position]) -> Vec<String> {
    spell(positions)
}

/// The initials spellings (`zs`): the first letter of every position, over the distinct first
/// letters of its readings.
pub(crate) fn initials(positions: &[Position]) -> Vec<String> {
    let letters: Vec<Position> = positions
        .iter()
        .map(|p| {
            let mut firsts: Position = Vec::new();
            for r in p {
                let f = &r[..1];
                if !firsts.iter().any(|x| x == f) {
                    firsts.push(Cow::Owned(f.to_string()));
                }
            }
            firsts
        })
        .collect();
    spell(&letters)
}

/// The A–Z index letter of a name: the first letter of its primary reading, upper case; `#` when
/// it has none (a name of digits or of characters the table lacks, or no name).
pub(crate) fn index_letter(positions: &[Position]) -> char {
    match positions.first().and_then(|p| p.first()).and_then(|r| r.chars().next()) {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
        _ => '#',
    }
}

/// Spell every combination with at most two non-primary readings, fewest first, up to the cap.
fn spell(positions: &[Position]) -> Vec<String> {
    if positions.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let mut choice = vec![0usize; positions.len()];
    let emit = |choice: &[usize], out: &mut Vec<String>| {
        let s: String = positions.iter().zip(choice).map(|(p, &k)| p[k].as_ref()).collect();
        if !out.contains(&s) {
            out.push(s);
        }
    };
    emit(&choice, &mut out);
    let n = positions.len();
    'one: for i in 0..n {
        for k in 1..positions[i].len() {
            if out.len() >= MAX_SPELLINGS {
                break 'one;
            }
            choice[i] = k;
            emit(&choice, &mut out);
        }
        choice[i] = 0;
    }
    choice.iter_mut().for_each(|c| *c = 0);
    'two: for i in 0..n {
        for j in (i + 1)..n {
            for a in 1..positions[i].len() {
                for b in 1..positions[j].len() {
                    if out.len() >= MAX_SPELLINGS {
                        break 'two;
                    }
                    choice[i] = a;
                    choice[j] = b;
                    emit(&choice, &mut out);
                }
            }
            choice[i] = 0;
            choice[j] = 0;
        }
    }
    out.truncate(MAX_SPELLINGS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(name: &str) -> (Vec<String>, Vec<String>, char) {
        let p = positions(name);
        (full(&p), initials(&p), index_letter(&p))
    }

    #[test]
    fn surnames_take_their_surname_reading_first() {
        for (name, py, ini, letter) in [
            ("单伟", "shanwei", "sw", 'S'),
            ("曾静", "zengjing", "zj", 'Z'),
            ("解明", "xieming", "xm", 'X'),
            ("仇华", "qiuhua", "qh", 'Q'),
            ("朴敏", "piaomin", "pm", 'P'),
            ("尉迟恭", "yuchigong", "ycg", 'Y'),
        ] {
            let (f, i, l) = names(name);
            assert_eq!(f[0], py, "{name}: {f:?}");
            assert_eq!(i[0], ini, "{name}: {i:?}");
            assert_eq!(l, letter, "{name}");
        }
    }

    #[test]
    fn polyphonic_characters_match_any_reading() {
        // 单 is also Dān; 曾 as a given-name character is Céng first.
        let (f, i, _) = names("单伟");
        assert!(f.contains(&"danwei".to_string()), "{f:?}");
        assert!(i.contains(&"dw".to_string()), "{i:?}");
        let (f, _, _) = names("王曾");
        assert_eq!(f[0], "wangceng");
        assert!(f.contains(&"wangzeng".to_string()));
        // 吕: `lv` first, `lu` as an alternate.
        let (f, _, l) = names("吕芳");
        assert_eq!(f[0], "lvfang");
        assert!(f.contains(&"lufang".to_string()));
        assert_eq!(l, 'L');
    }

    #[test]
    fn initials_of_the_design_example() {
        let (_, i, _) = names("张经理");
        assert_eq!(i[0], "zjl");
    }

    #[test]
    fn latin_words_and_odd_names() {
        let (f, i, l) = names("Tony 张");
        assert_eq!(f[0], "tonyzhang");
        assert_eq!(i[0], "tz");
        assert_eq!(l, 'T');
        let (f, i, l) = names("阿卜杜·热合曼");
        assert_eq!(i[0], "abdrhm");
        assert!(f.contains(&"abudureheman".to_string()), "{f:?}");
        assert_eq!(l, 'A');
        assert_eq!(names(""), (vec![], vec![], '#'));
        assert_eq!(names("123").2, '#');
        // A one-character "name" is not read as a surname.
        assert_eq!(names("单").0[0], "dan");
    }

    #[test]
    fn spellings_are_capped() {
        let long = "行行行行行行行行";
        let (f, i, _) = names(long);
        assert!(f.len() <= MAX_SPELLINGS && i.len() <= MAX_SPELLINGS);
        assert_eq!(f[0], "xing".repeat(8));
    }
}
