//! Every person's comparison keys, in one buffer for the whole check.
//!
//! The checks across rows (duplicates, look-alike e-mails, similar departments) need each
//! person's keys at once. Kept as a `Vec<Keys>` that was seven `String`s per person — about
//! 250 MiB of wasm memory at 1M rows, on top of the sheet and the directory. Here they are end to
//! end in one `String`, with a row of offsets per person.

use super::row::Keys;

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

/// The keys of every person checked, in directory order.
#[derive(Default)]
pub(crate) struct KeyTable {
    text: String,
    /// Per person, where each key's text ends in `text` (it starts where the previous key's ends,
    /// or the previous person's last key's).
    ends: Vec<[usize; KEYS]>,
    /// Per person, bit `Key as usize` set when the key is present.
    present: Vec<u8>,
}

impl KeyTable {
    pub(crate) fn with_capacity(people: usize) -> KeyTable {
        KeyTable { text: String::new(), ends: Vec::with_capacity(people), present: Vec::with_capacity(people) }
    }

    /// Room for `bytes` more bytes of key text. Grown by doubling instead, the last growth held
    /// the old and the new buffer at once (~130 + 260 MB at 1M rows): the check's peak.
    pub(crate) fn reserve_text(&mut self, bytes: usize) {
        self.text.reserve_exact(bytes);
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Add the next person's keys.
    pub(crate) fn push(&mut self, keys: Keys) {
        let Keys { userid, mobile, email, email_skeleton, biz_email, employee_no, departments } = keys;
        let all = [userid, mobile, email, email_skeleton, biz_email, employee_no, Some(departments)];
        let mut ends = [0; KEYS];
        let mut present = 0u8;
        for (k, value) in all.into_iter().enumerate() {
            if let Some(v) = value {
                self.text.push_str(&v);
                present |= 1 << k;
            }
            ends[k] = self.text.len();
        }
        self.ends.push(ends);
        self.present.push(present);
    }

    /// Person `i`'s key, if present.
    pub(crate) fn get(&self, i: usize, key: Key) -> Option<&str> {
        let k = key as usize;
        if self.present[i] & (1 << k) == 0 {
            return None;
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
        let mut t = KeyTable::with_capacity(2);
        t.push(Keys { userid: Some("zhangsan".into()), email: Some("z@e.cn".into()), ..Keys::default() });
        t.push(Keys { mobile: Some("13800138000".into()), departments: "总部/研发".into(), ..Keys::default() });
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
