//! Every person's comparison keys, in one buffer for the whole check.
//!
//! The checks across rows (duplicates, look-alike e-mails, similar departments) need each
//! person's keys at once. Kept as a `Vec<Keys>` that was seven `String`s per person — about
//! 250 MiB of wasm memory at 1M rows, on top of the sheet and the directory. Here they are end to
//! end in one `String`, with a row of offsets per person — and a key that is its field's text as
//! the person has it (the usual case: an account, mobile or address already written the way the
//! platform compares it) is not copied at all but read from the person: at 1M people that was
//! ~85 MiB of the check's peak.

use super::row::Keys;
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

const ALL: [Key; KEYS] =
    [Key::Userid, Key::Mobile, Key::Email, Key::EmailSkeleton, Key::BizEmail, Key::EmployeeNo, Key::Departments];

/// The keys of every person checked, in directory order.
pub(crate) struct KeyTable<'d> {
    /// The people checked, in order: `push` gives the next one's keys.
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
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Add the next person's keys.
    pub(crate) fn push(&mut self, keys: Keys) {
        let person = &self.people[self.ends.len()];
        let Keys { userid, mobile, email, email_skeleton, biz_email, employee_no, departments } = keys;
        let all = [userid, mobile, email, email_skeleton, biz_email, employee_no, Some(departments)];
        let mut ends = [0; KEYS];
        let (mut present, mut same) = (0u8, 0u8);
        for (k, value) in all.into_iter().enumerate() {
            if let Some(v) = value {
                present |= 1 << k;
                if person.get(ALL[k].field()) == v {
                    same |= 1 << k;
                } else {
                    self.text.push_str(&v);
                }
            }
            ends[k] = self.text.len();
        }
        self.ends.push(ends);
        self.present.push(present);
        self.same.push(same);
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

    /// Everyone's `key`, in directory order.
    pub(crate) fn column(&self, key: Key) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(move |i| self.get(i, key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_back_as_pushed() {
        let people: Vec<Person> = [[(Field::Userid, "ZhangSan"), (Field::Email, "z@e.cn")], [(Field::Mobile, "13800138000"), (Field::Email, "l@e.cn")]]
            .into_iter()
            .map(|f| Person { fields: f.into_iter().collect(), ..Person::default() })
            .collect();
        let mut t = KeyTable::new(&people);
        t.push(Keys { userid: Some("zhangsan".into()), email: Some("z@e.cn".into()), ..Keys::default() });
        t.push(Keys { mobile: Some("13800138000".into()), departments: "总部/研发".into(), ..Keys::default() });
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
    }
}
