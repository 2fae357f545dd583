//! The A–Z surname index: which letter each person's name files under, in pinyin order. The
//! search index keeps one, and [`surname_index`] builds it alone — for the A–Z bar of a directory
//! whose search index is not built yet (at a million people the index holds ~350 MiB).

use super::pinyin;
use crate::{Directory, Field};
use serde::{Deserialize, Serialize};

/// One letter of the A–Z index: the people whose surname reading starts with it, in pinyin order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurnameGroup {
    /// `A`–`Z`, or `#` for names without a letter.
    pub letter: char,
    /// Indices into `Directory::people`.
    pub people: Vec<usize>,
}

/// The A–Z index of `directory`: letters in order (`#` last), only letters that have people; in
/// each, by pinyin, then name, then file order. The same as
/// [`SearchIndex::surname_index`](super::SearchIndex::surname_index), without building the rest.
pub fn surname_index(directory: &Directory) -> Vec<SurnameGroup> {
    let mut letters = Letters::with_capacity(directory.people.len());
    for (i, person) in directory.people.iter().enumerate() {
        let name = person.get(Field::Name);
        let positions = pinyin::positions(name);
        letters.push(i, name, &positions, pinyin::full(&positions).into_iter().next().unwrap_or_default());
    }
    letters.finish()
}

/// The people under one letter of `groups` (case-insensitive; `#` for the rest).
pub fn people_under(groups: &[SurnameGroup], letter: char) -> &[usize] {
    let letter = letter.to_ascii_uppercase();
    groups.iter().find(|g| g.letter == letter).map_or(&[], |g| g.people.as_slice())
}

/// The A–Z index while it is collected, person by person.
pub(super) struct Letters<'a> {
    /// (letter, the name's first full reading, the name, the person); `[` stands for `#`, so that
    /// it sorts after `Z`.
    entries: Vec<(char, String, &'a str, usize)>,
}

impl<'a> Letters<'a> {
    pub(super) fn with_capacity(people: usize) -> Letters<'a> {
        Letters { entries: Vec::with_capacity(people) }
    }

    /// Person `i`, named `name`, read as `positions`, whose first full reading is `full`.
    pub(super) fn push(&mut self, i: usize, name: &'a str, positions: &[pinyin::Position], full: String) {
        let letter = match pinyin::index_letter(positions) {
            '#' => '[',
            l => l,
        };
        self.entries.push((letter, full, name, i));
    }

    pub(super) fn finish(mut self) -> Vec<SurnameGroup> {
        self.entries.sort_unstable();
        let mut letters: Vec<SurnameGroup> = Vec::new();
        for (letter, _, _, i) in self.entries {
            let letter = if letter == '[' { '#' } else { letter };
            match letters.last_mut() {
                Some(g) if g.letter == letter => g.people.push(i),
                _ => letters.push(SurnameGroup { letter, people: vec![i] }),
            }
        }
        letters
    }
}
