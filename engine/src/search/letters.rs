//! The A–Z surname index: which letter each person's name files under, in pinyin order. The
//! search index keeps one, and [`surname_index`] builds it alone — for the A–Z bar of a directory
//! whose search index is not built yet (at a million people the index holds ~350 MiB).

use super::column::sort_by_chunks;
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
    let mut speller = pinyin::Speller::default();
    for person in &directory.people {
        let name = person.get(Field::Name);
        speller.read(name);
        let letter = speller.index_letter();
        letters.push(name, letter, speller.full().next().unwrap_or(""));
    }
    letters.finish()
}

/// The people under one letter of `groups` (case-insensitive; `#` for the rest).
pub fn people_under(groups: &[SurnameGroup], letter: char) -> &[usize] {
    let letter = letter.to_ascii_uppercase();
    groups.iter().find(|g| g.letter == letter).map_or(&[], |g| g.people.as_slice())
}

/// The A–Z index while it is collected, person by person (in file order).
#[derive(Default)]
pub(super) struct Letters {
    /// Per person, what their place in the index sorts by, end to end: the letter's byte (`[`
    /// for `#`, so that it sorts after `Z`), the name's first full reading, a zero byte, the name.
    /// In byte order that is letter, then reading, then name; one buffer for everyone, not a
    /// `String` per person.
    text: Vec<u8>,
    /// Where each person's part of `text` starts.
    starts: Vec<u32>,
}

impl Letters {
    pub(super) fn with_capacity(people: usize) -> Letters {
        Letters { starts: Vec::with_capacity(people), ..Letters::default() }
    }

    /// The next person, named `name`, filed under `letter`, whose first full reading is `full`.
    pub(super) fn push(&mut self, name: &str, letter: char, full: &str) {
        self.starts.push(self.text.len() as u32);
        self.text.push(match letter {
            '#' => b'[',
            l => l as u8,
        });
        self.text.extend_from_slice(full.as_bytes());
        self.text.push(0);
        self.text.extend_from_slice(name.as_bytes());
    }

    fn sort_text(&self, i: u32) -> &[u8] {
        let end = self.starts.get(i as usize + 1).map_or(self.text.len(), |&e| e as usize);
        &self.text[self.starts[i as usize] as usize..end]
    }

    pub(super) fn finish(self) -> Vec<SurnameGroup> {
        let mut letters: Vec<SurnameGroup> = Vec::new();
        for i in sort_by_chunks(self.starts.len(), &|i| self.sort_text(i)) {
            let letter = match self.sort_text(i)[0] {
                b'[' => '#',
                l => l as char,
            };
            match letters.last_mut() {
                Some(g) if g.letter == letter => g.people.push(i as usize),
                _ => letters.push(SurnameGroup { letter, people: vec![i as usize] }),
            }
        }
        letters
    }
}
