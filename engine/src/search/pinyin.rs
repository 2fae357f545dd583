//! Names as pinyin: the readings of every position of a name, and the spellings search matches
//! (full pinyin and initials, every reading of a polyphonic character).
//!
//! Readings come from the `pinyin` crate's character table, compacted to the BMP ideographs at
//! build time (`engine/build.rs`): toneless, `ü` written `v` the way accounts and IMEs spell it,
//! with a `u` spelling as an alternate (吕 → `lv`, `lu`). The surname at the start of a name takes
//! its surname reading first (see [`super::surnames`]).

use super::surnames;
use crate::normalize::text::{clean_whitespace, fold_width, is_cjk};

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

/// A name read as pinyin: its positions and their spellings, in buffers kept from one name to
/// the next. An index spells every name of the directory; with a `Vec` per position and a
/// `String` per reading and spelling, the allocations were most of the index's time in the
/// browser build (a million names, ~20 allocations each).
#[derive(Debug, Default)]
pub(crate) struct Speller {
    chars: Vec<char>,
    full: Positions,
    initials: Positions,
    choice: Vec<usize>,
    spelled: Spellings,
}

/// The positions of a name and the readings of each, the primary one first. A position is one
/// Hanzi, or one run of ASCII letters and digits (`Tony` in `Tony张`), which has itself as its
/// reading. Every reading's text is in `text`, end to end.
#[derive(Debug, Default)]
struct Positions {
    text: String,
    /// Each reading's range in `text`.
    readings: Vec<(u32, u32)>,
    /// Position `k`'s readings are `readings[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
}

impl Positions {
    fn clear(&mut self) {
        self.text.clear();
        self.readings.clear();
        self.starts.clear();
        self.starts.push(0);
    }

    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// How many readings position `k` has.
    fn count(&self, k: usize) -> usize {
        (self.starts[k + 1] - self.starts[k]) as usize
    }

    /// Reading `j` of position `k`.
    fn reading(&self, k: usize, j: usize) -> &str {
        let (from, to) = self.readings[self.starts[k] as usize + j];
        &self.text[from as usize..to as usize]
    }

    /// Add a reading to the position being built.
    fn add(&mut self, reading: &str) {
        let from = self.text.len() as u32;
        self.text.push_str(reading);
        self.readings.push((from, self.text.len() as u32));
    }

    /// Whether the position being built has `reading` already.
    fn has(&self, reading: &str) -> bool {
        let from = *self.starts.last().unwrap_or(&0) as usize;
        self.readings[from..].iter().any(|&(a, b)| &self.text[a as usize..b as usize] == reading)
    }

    /// End the position being built (nothing when it has no reading).
    fn end(&mut self) {
        if self.readings.len() as u32 > *self.starts.last().unwrap_or(&0) {
            self.starts.push(self.readings.len() as u32);
        }
    }
}

/// Spellings end to end, each ending at its `ends` entry.
#[derive(Debug, Default)]
struct Spellings {
    text: String,
    ends: Vec<usize>,
}

impl Spellings {
    fn iter(&self) -> impl Iterator<Item = &str> {
        self.ends.iter().scan(0, |from, &to| {
            let s = &self.text[*from..to];
            *from = to;
            Some(s)
        })
    }
}

impl Speller {
    /// Read `name`: its positions (the surname's reading — a compound surname's two, or a single
    /// one's — put first; the character's other readings stay as alternates) and their initials.
    pub(crate) fn read(&mut self, name: &str) {
        let cleaned = clean_whitespace(name);
        let folded = fold_width(&cleaned);
        self.chars.clear();
        self.chars.extend(folded.chars());
        let chars = &self.chars;
        let mut surname: [Option<&'static str>; 2] = [None, None];
        if chars.len() >= 3 {
            if let Some([a, b]) = surnames::compound(chars[0], chars[1]) {
                surname = [Some(a), Some(b)];
            }
        }
        if surname[0].is_none() && chars.len() >= 2 {
            surname[0] = surnames::single(chars[0]);
        }
        let full = &mut self.full;
        full.clear();
        let mut word = false; // a word's letters are being added to the position being built
        for (i, &c) in chars.iter().enumerate() {
            if c.is_ascii_alphanumeric() {
                if !word {
                    word = true;
                    full.add("");
                }
                full.text.push(c.to_ascii_lowercase());
                if let Some(reading) = full.readings.last_mut() {
                    reading.1 = full.text.len() as u32; // the word's reading grows by the letter
                }
                continue;
            }
            if word {
                word = false;
                full.end();
            }
            if !is_cjk(c) {
                continue;
            }
            // The surname's reading only where the name starts: every character before it a
            // position of its own.
            let first = surname.get(i).copied().flatten().filter(|_| full.len() == i);
            if let Some(r) = first {
                full.add(r);
            }
            for r in readings(c) {
                if first != Some(r) {
                    full.add(r);
                }
            }
            full.end();
        }
        if word {
            full.end();
        }
        // The initials: the first letter of every position, over the distinct first letters of
        // its readings (readings are ASCII).
        let initials = &mut self.initials;
        initials.clear();
        for k in 0..full.len() {
            for j in 0..full.count(k) {
                let f = &full.reading(k, j)[..1];
                if !initials.has(f) {
                    initials.add(f);
                }
            }
            initials.end();
        }
    }

    /// The A–Z index letter of the name read: the first letter of its primary reading, upper
    /// case; `#` when it has none (a name of digits or of characters the table lacks, or none).
    pub(crate) fn index_letter(&self) -> char {
        match (self.full.len() > 0).then(|| self.full.reading(0, 0)).and_then(|r| r.chars().next()) {
            Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
            _ => '#',
        }
    }

    /// The full-pinyin spellings of the name read (`zhangsan`), the primary one first, then
    /// those with one alternate reading, then two; at most [`MAX_SPELLINGS`]. Valid until the
    /// next call.
    pub(crate) fn full(&mut self) -> impl Iterator<Item = &str> {
        spell(&self.full, &mut self.choice, &mut self.spelled);
        self.spelled.iter()
    }

    /// The initials spellings (`zs`) of the name read, in the same order and cap.
    pub(crate) fn initials(&mut self) -> impl Iterator<Item = &str> {
        spell(&self.initials, &mut self.choice, &mut self.spelled);
        self.spelled.iter()
    }
}

/// Spell every combination with at most two non-primary readings, fewest first, up to the cap.
fn spell(positions: &Positions, choice: &mut Vec<usize>, out: &mut Spellings) {
    out.text.clear();
    out.ends.clear();
    let n = positions.len();
    if n == 0 {
        return;
    }
    choice.clear();
    choice.resize(n, 0);
    // Append the spelling of `choice`, unless it is one already there.
    let emit = |choice: &[usize], out: &mut Spellings| {
        let from = out.text.len();
        for (k, &j) in choice.iter().enumerate() {
            out.text.push_str(positions.reading(k, j));
        }
        let new = &out.text[from..];
        if out.iter().any(|s| s == new) {
            out.text.truncate(from);
        } else {
            out.ends.push(out.text.len());
        }
    };
    emit(choice, out);
    'one: for i in 0..n {
        for k in 1..positions.count(i) {
            if out.ends.len() >= MAX_SPELLINGS {
                break 'one;
            }
            choice[i] = k;
            emit(choice, out);
        }
        choice[i] = 0;
    }
    choice.iter_mut().for_each(|c| *c = 0);
    'two: for i in 0..n {
        for j in (i + 1)..n {
            for a in 1..positions.count(i) {
                for b in 1..positions.count(j) {
                    if out.ends.len() >= MAX_SPELLINGS {
                        break 'two;
                    }
                    choice[i] = a;
                    choice[j] = b;
                    emit(choice, out);
                }
            }
            choice[i] = 0;
            choice[j] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(name: &str) -> (Vec<String>, Vec<String>, char) {
        let mut sp = Speller::default();
        sp.read(name);
        let full = sp.full().map(str::to_string).collect();
        let initials = sp.initials().map(str::to_string).collect();
        (full, initials, sp.index_letter())
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
    fn a_reused_speller_spells_each_name_as_a_fresh_one() {
        // The index keeps one speller for every name: nothing of a name may reach the next
        // (a long name's positions, a word's letters, a polyphonic name's extra spellings).
        let list = ["行行行行行行行行", "单伟", "Tony 张", "", "123", "吕芳", "尉迟恭", "a", "王曾", "阿卜杜·热合曼", "张"];
        let mut reused = Speller::default();
        for name in list.iter().chain(list.iter().rev()) {
            reused.read(name);
            let got = (
                reused.full().map(str::to_string).collect::<Vec<_>>(),
                reused.initials().map(str::to_string).collect::<Vec<_>>(),
                reused.index_letter(),
            );
            assert_eq!(got, names(name), "{name}");
        }
    }

    #[test]
    fn spellings_are_capped() {
        let long = "行行行行行行行行";
        let (f, i, _) = names(long);
        assert!(f.len() <= MAX_SPELLINGS && i.len() <= MAX_SPELLINGS);
        assert_eq!(f[0], "xing".repeat(8));
    }
}
