//! A person's canonical fields in one small buffer.
//!
//! A `BTreeMap<Field, String>` cost a tree node (~300 bytes) and one heap block per value for
//! every person: at 1M people, ~600 MiB of wasm memory and 12M allocations while mapping. Here a
//! person's values sit end to end in one `String`, with a short sorted list saying where each
//! field's text ends: two allocations per person, and the values' bytes plus 8 per field.

use crate::map::Field;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// The fields of one [`Person`](crate::Person), each with its text, in field order — the map
/// API of a `BTreeMap<Field, String>` (`get`, `insert`, `remove`, `iter` …) over one buffer.
///
/// ```
/// use minglu::{Field, Fields};
/// let mut f: Fields = [(Field::Mobile, "13800138000"), (Field::Name, "张三")].into_iter().collect();
/// assert_eq!(f.get(&Field::Name), Some("张三"));
/// f.insert(Field::Name, "张三丰".into());
/// assert_eq!(f.remove(&Field::Mobile).as_deref(), Some("13800138000"));
/// assert_eq!(f.iter().collect::<Vec<_>>(), [(&Field::Name, "张三丰")]);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Fields {
    text: String,
    /// `(field, end of its text in text)`, sorted by field; a field's text starts where the
    /// previous one ends.
    ends: Vec<(Field, u32)>,
}

impl Fields {
    pub fn new() -> Fields {
        Fields::default()
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, field: &Field) -> Option<&str> {
        let i = self.position(*field).ok()?;
        Some(&self.text[self.range(i)])
    }

    pub fn contains_key(&self, field: &Field) -> bool {
        self.position(*field).is_ok()
    }

    /// Set a field's text; gives back the text it had.
    pub fn insert(&mut self, field: Field, value: String) -> Option<String> {
        let value = value.as_str();
        match self.position(field) {
            Ok(i) => {
                let range = self.range(i);
                let old = self.text[range.clone()].to_string();
                self.text.replace_range(range, value);
                self.shift(i, value.len() as i64 - old.len() as i64);
                Some(old)
            }
            Err(i) => {
                let start = if i == 0 { 0 } else { self.ends[i - 1].1 as usize };
                self.text.insert_str(start, value);
                self.ends.insert(i, (field, start as u32));
                self.shift(i, value.len() as i64);
                None
            }
        }
    }

    /// Take a field out; gives back its text.
    pub fn remove(&mut self, field: &Field) -> Option<String> {
        let i = self.position(*field).ok()?;
        let range = self.range(i);
        let old: String = self.text.drain(range).collect();
        self.shift(i, -(old.len() as i64));
        self.ends.remove(i);
        Some(old)
    }

    /// The fields and their texts, in field order.
    pub fn iter(&self) -> Iter<'_> {
        Iter { fields: self, next: 0, start: 0 }
    }

    pub fn keys(&self) -> impl Iterator<Item = &Field> + '_ {
        self.ends.iter().map(|(f, _)| f)
    }

    pub fn values(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(_, v)| v)
    }

    fn position(&self, field: Field) -> Result<usize, usize> {
        self.ends.binary_search_by_key(&field, |&(f, _)| f)
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.ends[i - 1].1 as usize };
        start..self.ends[i].1 as usize
    }

    /// Move the ends of fields `i..` by `delta` bytes.
    fn shift(&mut self, i: usize, delta: i64) {
        for (_, end) in &mut self.ends[i..] {
            *end = (*end as i64 + delta) as u32;
        }
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a Field, &'a str);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The fields and their texts, in field order: see [`Fields::iter`].
#[derive(Clone)]
pub struct Iter<'a> {
    fields: &'a Fields,
    next: usize,
    start: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Field, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        let (field, end) = self.fields.ends.get(self.next)?;
        let text = &self.fields.text[self.start..*end as usize];
        self.next += 1;
        self.start = *end as usize;
        Some((field, text))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.fields.ends.len() - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// From `(field, text)` pairs in any order; a field given twice keeps its last text, as
/// inserting into a map does.
impl<S: AsRef<str>> FromIterator<(Field, S)> for Fields {
    fn from_iter<I: IntoIterator<Item = (Field, S)>>(iter: I) -> Fields {
        let mut pairs: Vec<(Field, S)> = iter.into_iter().collect();
        pairs.sort_by_key(|(f, _)| *f); // stable: the last of equal fields stays last
        let mut out = Fields {
            text: String::with_capacity(pairs.iter().map(|(_, v)| v.as_ref().len()).sum()),
            ends: Vec::with_capacity(pairs.len()),
        };
        for (i, (field, value)) in pairs.iter().enumerate() {
            if pairs.get(i + 1).is_some_and(|(next, _)| next == field) {
                continue;
            }
            out.text.push_str(value.as_ref());
            out.ends.push((*field, out.text.len() as u32));
        }
        out
    }
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// As a map `{field: text}`, the shape a `BTreeMap<Field, String>` has.
impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
        BTreeMap::<Field, String>::deserialize(deserializer).map(|m| m.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Field::*;

    #[test]
    fn behaves_like_the_map_it_replaces() {
        let mut fields = Fields::new();
        let mut map = BTreeMap::new();
        let steps: &[(Field, Option<&str>)] = &[
            (Mobile, Some("13800138000")),
            (Name, Some("张三")),
            (Email, Some("zhang@example.com")),
            (Name, Some("张三丰")),
            (Mobile, None),
            (Position, Some("")),
            (Email, Some("z@e.cn")),
            (Name, None),
            (Alias, Some("小张")),
        ];
        for &(field, value) in steps {
            match value {
                Some(v) => assert_eq!(fields.insert(field, v.into()), map.insert(field, v.to_string())),
                None => assert_eq!(fields.remove(&field), map.remove(&field)),
            }
            let got: Vec<(Field, String)> = fields.iter().map(|(f, v)| (*f, v.to_string())).collect();
            let want: Vec<(Field, String)> = map.iter().map(|(f, v)| (*f, v.clone())).collect();
            assert_eq!(got, want);
            assert_eq!(fields.len(), map.len());
        }
        assert_eq!(fields.get(&Email), Some("z@e.cn"));
        assert_eq!(fields.get(&Mobile), None);
        assert!(fields.contains_key(&Position) && !fields.contains_key(&Name));
    }

    #[test]
    fn collects_in_field_order_and_round_trips_as_a_map() {
        let f: Fields = [(Mobile, "1"), (Name, "a"), (Mobile, "2")].into_iter().collect();
        assert_eq!(f.iter().collect::<Vec<_>>(), [(&Name, "a"), (&Mobile, "2")]);
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, r#"{"name":"a","mobile":"2"}"#);
        assert_eq!(serde_json::from_str::<Fields>(&json).unwrap(), f);
    }
}
