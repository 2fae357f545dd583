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

use super::FastMap;
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
    /// Per person, their employee number's [`Digits`] (empty until someone has an all-digit one):
    /// the leading-zeros check reads these instead of every number again.
    digits: Vec<Digits>,
    /// Per person, their department key's number in `departments` ([`NO_DEPARTMENT`] for an
    /// empty one): the similar-departments check groups rows by it instead of by each row's
    /// text read again and hashed.
    department: Vec<u32>,
    /// Every distinct department key, numbered in the order of its first row.
    departments: Vec<String>,
    department_number: FastMap<String, u32>,
    /// The keys of the person being checked, written in the order the checks find them (and
    /// copied to `text` in key order by `end_row`): one buffer for every person, where each
    /// key was a `String` of its own.
    row: RowKeys,
}

struct RowKeys {
    text: String,
    spans: [(usize, usize); KEYS],
    hashes: [u32; HASHED],
    digits: Digits,
    department: u32,
    present: u8,
    same: u8,
}

impl Default for RowKeys {
    fn default() -> RowKeys {
        RowKeys {
            text: String::new(),
            spans: Default::default(),
            hashes: Default::default(),
            digits: Digits::NONE,
            department: NO_DEPARTMENT,
            present: 0,
            same: 0,
        }
    }
}

/// An employee number as the leading-zeros check sees it: how many digits when it is all ASCII
/// digits ([`Digits::NONE`] otherwise), and whether the first is a `0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Digits(u32);

impl Digits {
    const NONE: Digits = Digits(0);
    const ZERO: u32 = 1 << 31;

    fn of(key: &str) -> Digits {
        match u32::try_from(key.len()) {
            Ok(n) if n > 0 && n < Self::ZERO && key.bytes().all(|b| b.is_ascii_digit()) => {
                Digits(n | if key.starts_with('0') { Self::ZERO } else { 0 })
            }
            _ => Digits::NONE,
        }
    }

    /// The number of digits, if the number is all digits.
    pub(crate) fn len(self) -> Option<usize> {
        (self != Digits::NONE).then_some((self.0 & !Self::ZERO) as usize)
    }

    pub(crate) fn leading_zero(self) -> bool {
        self.0 & Self::ZERO != 0
    }
}

/// A person without a department key (or an empty one).
pub(crate) const NO_DEPARTMENT: u32 = u32::MAX;

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
            digits: Vec::new(),
            department: Vec::with_capacity(n),
            departments: Vec::new(),
            department_number: FastMap::default(),
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
        let written = &row.text[start..];
        if k < HASHED {
            row.hashes[k] = hash(written);
        }
        match key {
            Key::EmployeeNo => row.digits = Digits::of(written),
            Key::Departments if !written.is_empty() => {
                row.department = match self.department_number.get(written) {
                    Some(&n) => n,
                    None => {
                        let n = u32::try_from(self.departments.len()).unwrap_or(NO_DEPARTMENT);
                        self.departments.push(written.to_string());
                        self.department_number.insert(written.to_string(), n);
                        n
                    }
                }
            }
            _ => {}
        }
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
        let RowKeys { text, spans, hashes, digits, department, present, same } = &mut self.row;
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
        if *digits != Digits::NONE {
            self.digits.resize(i, Digits::NONE);
            self.digits.push(std::mem::take(digits));
        }
        self.department.push(std::mem::replace(department, NO_DEPARTMENT));
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

    /// Person `i`'s employee number's [`Digits`].
    pub(crate) fn digits(&self, i: usize) -> Digits {
        self.digits.get(i).copied().unwrap_or_default()
    }

    /// Everyone's department key as its number in [`Self::departments`] ([`NO_DEPARTMENT`]: none).
    pub(crate) fn department_numbers(&self) -> &[u32] {
        &self.department
    }

    /// The distinct department keys, in the order of their first rows.
    pub(crate) fn departments(&self) -> &[String] {
        &self.departments
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
        assert_eq!([t.get(0, Key::Email), t.get(1, Key::Email)], [Some("z@e.cn"), None]);
        // Each present key's hash is taken of the key as kept; an absent one has none.
        assert_eq!(t.hash_of(0, Key::Userid), Some(hash("zhangsan")));
        assert_eq!(t.hash_of(0, Key::Email), Some(hash("z@e.cn")));
        assert_eq!(t.hash_of(1, Key::Mobile), Some(hash("13800138000")));
        assert_eq!(t.hash_of(0, Key::Mobile), None);
        assert_eq!(t.hash_of(1, Key::Userid), None);
        assert_eq!(t.hash_of(1, Key::Email), None);
        assert_eq!(t.hash_of(1, Key::Departments), None);
    }

    /// Employee numbers' digits and department numbers are kept as the keys are put.
    #[test]
    fn digits_and_department_numbers() {
        assert_eq!(Digits::of("000612").len(), Some(6));
        assert!(Digits::of("000612").leading_zero());
        assert!(!Digits::of("612").leading_zero());
        for not_digits in ["", "A0612", "０６１２", "12 3"] {
            assert_eq!(Digits::of(not_digits).len(), None, "{not_digits:?}");
        }
        let people = vec![Person::default(); 5];
        let mut t = KeyTable::new(&people);
        for (no, dept) in [(Some("0012"), Some("总部/研发")), (None, None), (Some("A1"), Some("总部/销售")), (Some("12"), Some("总部/研发")), (None, Some(""))] {
            if let Some(no) = no {
                t.put(Key::EmployeeNo, "", |o| o.push_str(no));
            }
            if let Some(dept) = dept {
                t.put(Key::Departments, "", |o| o.push_str(dept));
            }
            t.end_row();
        }
        let lens: Vec<_> = (0..5).map(|i| t.digits(i).len()).collect();
        assert_eq!(lens, [Some(4), None, None, Some(2), None]);
        assert_eq!(t.departments(), ["总部/研发", "总部/销售"]);
        assert_eq!(t.department_numbers(), [0, NO_DEPARTMENT, 1, 0, NO_DEPARTMENT]);
    }

    impl KeyTable<'_> {
        /// Every present key of `key` hashed alike, as if all its texts collided.
        pub(crate) fn collide(&mut self, key: Key) {
            self.hashes[key as usize].iter_mut().for_each(|h| *h = 7);
        }
    }
}
