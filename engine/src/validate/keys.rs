//! Every person's comparison keys, in one buffer for the whole check.
//!
//! The checks across rows (duplicates, look-alike e-mails, similar departments) need each
//! person's keys at once. Kept as a `Vec<Keys>` that was seven `String`s per person — about
//! 250 MiB of wasm memory at 1M rows, on top of the sheet and the directory. Here they are end to
//! end in one `String`, with a row of offsets per person — and a key that is its field's text as
//! the person has it (the usual case: an account, mobile or address already written the way the
//! platform compares it) is not copied at all but read from the person: at 1M people that was
//! ~85 MiB of the check's peak. The check writes a person's keys straight into one reused
//! buffer ([`KeyTable::put`]): a `String` per key was ~7 % of the check's instructions.

use crate::{Field, Person};

/// Which key of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Userid,
    Mobile,
    Email,
    /// The address's look-alike skeleton.
    EmailSkeleton,
    BizEmail,
    EmployeeNo,
    /// The department cell, canonical; `""` when there is none.
    Departments,
}

const KEYS: usize = 7;

/// The keys the checks group rows by ([`Key::Userid`] to [`Key::EmployeeNo`]): each has its hash
/// kept beside it.
const HASHED: usize = 6;

impl Key {
    /// The field whose text the key often is.
    fn field(self) -> Field {
        match self {
            Key::Userid => Field::Userid,
            Key::Mobile => Field::Mobile,
            Key::Email | Key::EmailSkeleton => Field::Email,
            Key::BizEmail => Field::EnterpriseEmail,
            Key::EmployeeNo => Field::EmployeeNo,
            Key::Departments => Field::Departments,
        }
    }
}

/// The keys of every person checked, in directory order.
pub(crate) struct KeyTable<'d> {
    /// The people checked, in order: `put` and `end_row` give the next one's keys.
    people: &'d [Person],
    text: String,
    /// Per person, where each key's text ends in `text` (it starts where the previous key's ends,
    /// or the previous person's last key's).
    ends: Vec<[usize; KEYS]>,
    /// Per person, bit `Key as usize` set when the key is present.
    present: Vec<u8>,
    /// Per person, bit `Key as usize` set when the key is the person's text of
    /// [`Key::field`] (and is not in `text`).
    same: Vec<u8>,
    /// Per hashed key, every person's [`hash`] of it, taken while the key is at hand: grouping
    /// the rows by a key read each person's key again, from wherever the person's text lies — six
    /// passes through the sheet's cells that missed the caches on most rows (natively ~7 % of
    /// opening and checking a 100k-row CSV). Empty until someone has the key, then as long as
    /// the people up to the last one who has it (0 for people without it).
    hashes: [Vec<u32>; HASHED],
    /// The keys of the person being checked, written in the order the checks find them (and
    /// copied to `text` in key order by `end_row`): one buffer for every person, where each
    /// key was a `String` of its own.
    row: RowKeys,
}

#[derive(Default)]
struct RowKeys {
    text: String,
    spans: [(usize, usize); KEYS],
    hashes: [u32; KEYS],
    present: u8,
    same: u8,
}

/// A key's hash, for grouping equal keys (texts are compared within one hash).
pub(crate) fn hash(key: &str) -> u32 {
    use std::hash::Hasher;
    let mut h = super::FxHasher::default();
    h.write(key.as_bytes());
    let h = h.finish();
    (h ^ (h >> 32)) as u32
}

impl<'d> KeyTable<'d> {
    pub(crate) fn new(people: &'d [Person]) -> KeyTable<'d> {
        let n = people.len();
        KeyTable {
            people,
            text: String::new(),
            ends: Vec::with_capacity(n),
            present: Vec::with_capacity(n),
            same: Vec::with_capacity(n),
            hashes: Default::default(),
            row: RowKeys::default(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The next person's key `key`: what `write` appends (it may append nothing: an empty key).
    /// `held` is the person's own text of [`Key::field`]; a key equal to it is not copied.
    pub(crate) fn put(&mut self, key: Key, held: &str, write: impl FnOnce(&mut String)) {
        let row = &mut self.row;
        let (k, start) = (key as usize, row.text.len());
        write(&mut row.text);
        row.present |= 1 << k;
        row.hashes[k] = hash(&row.text[start..]);
        if row.text[start..] == *held {
            row.same |= 1 << k;
            row.text.truncate(start);
        }
        row.spans[k] = (start, row.text.len());
    }

    /// The next person's key `key`, as put so far.
    pub(crate) fn put_so_far<'a>(&'a self, key: Key, held: &'a str) -> Option<&'a str> {
        let (row, k) = (&self.row, key as usize);
        match (row.present & (1 << k) != 0, row.same & (1 << k) != 0) {
            (false, _) => None,
            (true, true) => Some(held),
            (true, false) => Some(&row.text[row.spans[k].0..row.spans[k].1]),
        }
    }

    /// The next person's keys are all put: add them. Every person has a department key (empty
    /// when they have no department).
    pub(crate) fn end_row(&mut self) {
        let RowKeys { text, spans, hashes, present, same } = &mut self.row;
        let d = 1 << Key::Departments as usize;
        if *present & d == 0 && self.people[self.ends.len()].get(Field::Departments).is_empty() {
            (*present, *same) = (*present | d, *same | d);
        } else if *present & d == 0 {
            *present |= d;
            spans[Key::Departments as usize] = (text.len(), text.len());
        }
        let mut ends = [0; KEYS];
        for (k, end) in ends.iter_mut().enumerate() {
            if *present & !*same & (1 << k) != 0 {
                self.text.push_str(&text[spans[k].0..spans[k].1]);
            }
            *end = self.text.len();
        }
        let i = self.ends.len();
        for (k, column) in self.hashes.iter_mut().enumerate().filter(|(k, _)| *present & (1 << k) != 0) {
            column.resize(i, 0);
            column.push(hashes[k]);
        }
        self.ends.push(ends);
        self.present.push(*present);
        self.same.push(*same);
        text.clear();
        (*present, *same) = (0, 0);
    }

    /// Person `i`'s key, if present.
    pub(crate) fn get(&self, i: usize, key: Key) -> Option<&str> {
        let k = key as usize;
        if self.present[i] & (1 << k) == 0 {
            return None;
        }
        if self.same[i] & (1 << k) != 0 {
            return Some(self.people[i].get(key.field()));
        }
        let start = match (k, i) {
            (0, 0) => 0,
            (0, _) => self.ends[i - 1][KEYS - 1],
            _ => self.ends[i][k - 1],
        };
        Some(&self.text[start..self.ends[i][k]])
    }

    /// Person `i`'s key's [`hash`], if the key is present and hashed.
    pub(crate) fn hash_of(&self, i: usize, key: Key) -> Option<u32> {
        let k = key as usize;
        if k >= HASHED || self.present[i] & (1 << k) == 0 {
            return None;
        }
        self.hashes[k].get(i).copied()
    }

    /// Everyone's `key`, in directory order.
    pub(crate) fn column(&self, key: Key) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(move |i| self.get(i, key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_back_as_put() {
        let people: Vec<Person> = [[(Field::Userid, "ZhangSan"), (Field::Email, "z@e.cn")], [(Field::Mobile, "13800138000"), (Field::Email, "l@e.cn")]]
            .into_iter()
            .map(|f| Person { fields: f.into_iter().collect(), ..Person::default() })
            .collect();
        let mut t = KeyTable::new(&people);
        // Put in any order; kept in key order.
        t.put(Key::Email, "z@e.cn", |o| o.push_str("z@e.cn"));
        t.put(Key::Userid, "ZhangSan", |o| o.push_str("zhangsan"));
        assert_eq!(t.put_so_far(Key::Userid, "ZhangSan"), Some("zhangsan"));
        assert_eq!(t.put_so_far(Key::Email, "z@e.cn"), Some("z@e.cn"));
        assert_eq!(t.put_so_far(Key::Mobile, ""), None);
        t.end_row();
        t.put(Key::Departments, "", |o| o.push_str("总部/研发"));
        t.put(Key::Mobile, "13800138000", |o| o.push_str("13800138000"));
        t.end_row();
        // Only the keys that are not their field's text as the person has it are copied.
        assert_eq!(t.text, "zhangsan总部/研发");
        assert_eq!(t.get(0, Key::Userid), Some("zhangsan"));
        assert_eq!(t.get(0, Key::Mobile), None);
        assert_eq!(t.get(0, Key::Email), Some("z@e.cn"));
        assert_eq!(t.get(0, Key::Departments), Some(""));
        assert_eq!(t.get(1, Key::Userid), None);
        assert_eq!(t.get(1, Key::Mobile), Some("13800138000"));
        assert_eq!(t.get(1, Key::Departments), Some("总部/研发"));
        assert_eq!(t.column(Key::Email).collect::<Vec<_>>(), [Some("z@e.cn"), None]);
        // Each present key's hash is taken of the key as kept; an absent one has none.
        assert_eq!(t.hash_of(0, Key::Userid), Some(hash("zhangsan")));
        assert_eq!(t.hash_of(0, Key::Email), Some(hash("z@e.cn")));
        assert_eq!(t.hash_of(1, Key::Mobile), Some(hash("13800138000")));
        assert_eq!(t.hash_of(0, Key::Mobile), None);
        assert_eq!(t.hash_of(1, Key::Userid), None);
        assert_eq!(t.hash_of(1, Key::Email), None);
        assert_eq!(t.hash_of(1, Key::Departments), None);
    }

    impl KeyTable<'_> {
        /// Every present key of `key` hashed alike, as if all its texts collided.
        pub(crate) fn collide(&mut self, key: Key) {
            self.hashes[key as usize].iter_mut().for_each(|h| *h = 7);
        }
    }
}
