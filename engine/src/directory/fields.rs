//! A person's canonical fields in one small buffer.
//!
//! A `BTreeMap<Field, String>` cost a tree node (~300 bytes) and one heap block per value for
//! every person: at 1M people, ~600 MiB of wasm memory and 12M allocations while mapping. Here a
//! person's values sit end to end in one `String`, in field order, and a fixed table beside it
//! says where each field's text ends: one allocation per person, and a lookup is two array reads
//! (a sorted list searched per lookup made the search index build 40 % slower than the map did).
//! A person mapped from a row as read holds no text at all: see the `view` module.

use super::view::View;
use crate::map::Field;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

const N: usize = Field::ALL.len();
const _: () = assert!(N <= 32, "Fields::set is a u32 bit set");

/// Where each field's text ends in [`Fields::text`]. Almost every person's text is under 64 KiB,
/// so the ends are `u16`s — 44 bytes, not 88: ~40 MiB of wasm memory at 1M people — and a person
/// with more (a 30,000-character remark) has `u32`s. Narrow exactly when the text fits, so equal
/// fields are equal however they were built.
#[derive(Clone, PartialEq, Eq)]
enum Ends {
    Narrow([u16; N]),
    Wide(Box<[u32; N]>),
}

impl Default for Ends {
    fn default() -> Ends {
        Ends::Narrow([0; N])
    }
}

impl Ends {
    fn get(&self, k: usize) -> usize {
        match self {
            Ends::Narrow(e) => e[k] as usize,
            Ends::Wide(e) => e[k] as usize,
        }
    }

    fn to_wide(&self) -> [u32; N] {
        match self {
            Ends::Narrow(e) => e.map(u32::from),
            Ends::Wide(e) => **e,
        }
    }

    /// The ends of a text of `len` bytes, narrow when it fits.
    fn of(ends: &[u32; N], len: usize) -> Ends {
        if len <= u16::MAX as usize {
            Ends::Narrow(ends.map(|e| e as u16))
        } else {
            Ends::Wide(Box::new(*ends))
        }
    }
}

/// The fields of one [`Person`](crate::Person), each with its text, in field order — the map
/// API of a `BTreeMap<Field, String>` (`get`, `insert`, `remove`, `iter` …).
///
/// A person mapped from a row as read keeps no text: it reads its fields from the sheet's cells
/// (see the `view` module). Any change copies them out first, into one buffer of its own.
///
/// ```
/// use minglu::{Field, Fields};
/// let mut f: Fields = [(Field::Mobile, "13800138000"), (Field::Name, "张三")].into_iter().collect();
/// assert_eq!(f.get(&Field::Name), Some("张三"));
/// f.insert(Field::Name, "张三丰".into());
/// assert_eq!(f.remove(&Field::Mobile).as_deref(), Some("13800138000"));
/// assert_eq!(f.iter().collect::<Vec<_>>(), [(&Field::Name, "张三丰")]);
/// ```
#[derive(Clone)]
pub struct Fields {
    /// Bit `field as usize` is set when the field has a value (which may be empty).
    set: u32,
    data: Data,
}

#[derive(Clone)]
enum Data {
    /// The texts are the person's own.
    Own(Box<Own>),
    /// The texts are the cells of the sheet row the person was mapped from.
    View(View),
}

/// The set fields' texts, end to end in field order, and where each ends.
#[derive(Clone, Default)]
struct Own {
    text: String,
    /// Where each field's text ends in `text`; it starts where the previous field's ends (0 for
    /// the first). A field not set has an empty range.
    ends: Ends,
}

impl Own {
    fn range(&self, k: usize) -> std::ops::Range<usize> {
        let start = if k == 0 { 0 } else { self.ends.get(k - 1) };
        start..self.ends.get(k)
    }

    /// Move the ends of fields `k..` by `delta` bytes (the text has changed already).
    fn shift(&mut self, k: usize, delta: i64) {
        let mut wide = self.ends.to_wide();
        for end in &mut wide[k..] {
            *end = (*end as i64 + delta) as u32;
        }
        self.ends = Ends::of(&wide, self.text.len());
    }
}

impl Default for Fields {
    fn default() -> Fields {
        Fields { set: 0, data: Data::Own(Box::default()) }
    }
}

impl Fields {
    pub fn new() -> Fields {
        Fields::default()
    }

    /// The fields of a row as read: see [`View`].
    pub(crate) fn view(view: View, set: u32) -> Fields {
        Fields { set, data: Data::View(view) }
    }

    pub fn len(&self) -> usize {
        self.set.count_ones() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.set == 0
    }

    #[inline]
    pub fn get(&self, field: &Field) -> Option<&str> {
        let k = *field as usize;
        self.has(k).then(|| self.text(k))
    }

    /// The fields set, as a bit set (bit `field as u32`): which fields a person has, in one read.
    pub(crate) fn present(&self) -> u32 {
        self.set
    }

    pub fn contains_key(&self, field: &Field) -> bool {
        self.has(*field as usize)
    }

    /// Set a field's text; gives back the text it had.
    pub fn insert(&mut self, field: Field, value: String) -> Option<String> {
        let k = field as usize;
        let had = self.has(k);
        let own = self.own();
        let range = own.range(k);
        let old = had.then(|| own.text[range.clone()].to_string());
        let delta = value.len() as i64 - range.len() as i64;
        own.text.replace_range(range, &value);
        own.shift(k, delta);
        self.set |= 1 << k;
        old
    }

    /// No fields, keeping the text's room (a buffer reused person after person).
    pub(crate) fn clear(&mut self) {
        match &mut self.data {
            Data::Own(own) => {
                own.text.clear();
                own.ends = Ends::default();
            }
            Data::View(_) => self.data = Data::Own(Box::default()),
        }
        self.set = 0;
    }

    /// Set `field` to `value` when no field after it is set: an append, nothing moves.
    pub(crate) fn push(&mut self, field: Field, value: &str) {
        let k = field as usize;
        debug_assert!(self.set >> k == 0, "push {field:?} after a later field");
        let own = self.own();
        own.text.push_str(value);
        let len = own.text.len();
        match &mut own.ends {
            // The export prepares every card with pushes: no copy of the table on this path.
            Ends::Narrow(e) if len <= u16::MAX as usize => e[k..].fill(len as u16),
            ends => {
                let mut wide = ends.to_wide();
                wide[k..].fill(len as u32);
                *ends = Ends::of(&wide, len);
            }
        }
        self.set |= 1 << k;
    }

    /// Take a field out; gives back its text.
    pub fn remove(&mut self, field: &Field) -> Option<String> {
        let k = *field as usize;
        if !self.has(k) {
            return None;
        }
        let own = self.own();
        let old: String = own.text.drain(own.range(k)).collect();
        own.shift(k, -(old.len() as i64));
        self.set &= !(1 << k);
        Some(old)
    }

    /// The fields and their texts, in field order.
    pub fn iter(&self) -> Iter<'_> {
        Iter { fields: self, next: 0 }
    }

    pub fn keys(&self) -> impl Iterator<Item = &Field> + '_ {
        self.iter().map(|(f, _)| f)
    }

    pub fn values(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(_, v)| v)
    }

    /// Bytes of text the fields hold themselves (0 when they read a row's cells).
    #[cfg(test)]
    pub(crate) fn own_text_len(&self) -> usize {
        match &self.data {
            Data::Own(own) => own.text.len(),
            Data::View(_) => 0,
        }
    }

    #[inline]
    fn has(&self, k: usize) -> bool {
        self.set & (1 << k) != 0
    }

    /// Field `k`'s text (empty when it is not set).
    #[inline]
    fn text(&self, k: usize) -> &str {
        match &self.data {
            Data::Own(own) => &own.text[own.range(k)],
            Data::View(view) => view.text(k).unwrap_or(""),
        }
    }

    /// The texts as the person's own, copied out of the sheet's cells first if need be.
    fn own(&mut self) -> &mut Own {
        if let Data::View(_) = self.data {
            let copied: Fields = self.iter().map(|(f, v)| (*f, v)).collect();
            self.data = copied.data;
        }
        match &mut self.data {
            Data::Own(own) => own,
            Data::View(_) => unreachable!("copied out above"),
        }
    }
}

/// However their texts are held, the same fields with the same texts are equal.
impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        self.set == other.set && self.iter().zip(other.iter()).all(|(a, b)| a.1 == b.1)
    }
}

impl Eq for Fields {}

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
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Field, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.fields.set >> self.next;
        if rest == 0 {
            self.next = N;
            return None;
        }
        let k = self.next + rest.trailing_zeros() as usize;
        self.next = k + 1;
        Some((&Field::ALL[k], self.fields.text(k)))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.fields.set.checked_shr(self.next as u32).unwrap_or(0)).count_ones() as usize;
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
        let mut out = Own { text: String::with_capacity(pairs.iter().map(|(_, v)| v.as_ref().len()).sum()), ..Own::default() };
        let mut set = 0;
        let mut ends = [0u32; N];
        let mut filled = 0; // ends[..filled] are final
        for (i, (field, value)) in pairs.iter().enumerate() {
            if pairs.get(i + 1).is_some_and(|(next, _)| next == field) {
                continue;
            }
            let k = *field as usize;
            ends[filled..k].fill(out.text.len() as u32);
            out.text.push_str(value.as_ref());
            ends[k] = out.text.len() as u32;
            set |= 1 << k;
            filled = k + 1;
        }
        ends[filled..].fill(out.text.len() as u32);
        out.ends = Ends::of(&ends, out.text.len());
        Fields { set, data: Data::Own(Box::new(out)) }
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
    fn a_cleared_buffer_refilled_in_field_order_equals_a_fresh_one() {
        let mut reused: Fields = [(Name, "很长的一个名字"), (Mobile, "13800138000"), (Remark, "x")].into_iter().collect();
        for people in [&[(Name, "张三"), (Email, "z@x.cn")][..], &[(Mobile, "1")], &[]] {
            reused.clear();
            for &(f, v) in people {
                reused.push(f, v);
            }
            let fresh: Fields = people.iter().copied().collect();
            assert_eq!(reused, fresh);
            assert_eq!(reused.get(&Mobile), fresh.get(&Mobile));
        }
    }

    #[test]
    fn collects_in_field_order_and_round_trips_as_a_map() {
        let f: Fields = [(Mobile, "1"), (Name, "a"), (Mobile, "2")].into_iter().collect();
        assert_eq!(f.iter().collect::<Vec<_>>(), [(&Name, "a"), (&Mobile, "2")]);
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, r#"{"name":"a","mobile":"2"}"#);
        assert_eq!(serde_json::from_str::<Fields>(&json).unwrap(), f);
        // However built, the same fields are equal (the layout is canonical).
        let mut g = Fields::new();
        g.insert(Remark, "x".into());
        g.insert(Mobile, "2".into());
        g.insert(Name, "a".into());
        g.remove(&Remark);
        assert_eq!(g, f);
    }

    #[test]
    fn a_person_with_more_than_64_kib_of_text_keeps_every_field() {
        let long = "备".repeat(30_000); // 90,000 bytes: past what u16 ends can say
        let mut f: Fields = [(Name, "张三"), (Mobile, "13800138000"), (Remark, long.as_str())].into_iter().collect();
        assert!(matches!(&f.data, Data::Own(o) if matches!(o.ends, Ends::Wide(_))));
        assert_eq!(f.get(&Remark), Some(long.as_str()));
        assert_eq!(f.get(&Mobile), Some("13800138000"));
        f.insert(Email, "z@x.cn".into());
        assert_eq!(f.get(&Email), Some("z@x.cn"));
        assert_eq!(f.get(&Remark), Some(long.as_str()), "after an insert before it");
        // Back under 64 KiB: narrow again, and equal to the same fields built afresh.
        assert_eq!(f.remove(&Remark).as_deref(), Some(long.as_str()));
        assert!(matches!(&f.data, Data::Own(o) if matches!(o.ends, Ends::Narrow(_))));
        let fresh: Fields = [(Name, "张三"), (Mobile, "13800138000"), (Email, "z@x.cn")].into_iter().collect();
        assert_eq!(f, fresh);
        // Pushes that cross the line widen on the way.
        let (first, last) = (Field::ALL[0], Field::ALL[N - 1]);
        let mut g = Fields::new();
        g.push(first, &long);
        g.push(last, &long);
        assert_eq!(g.get(&first), Some(long.as_str()));
        assert_eq!(g.get(&last), Some(long.as_str()));
        assert!(matches!(&g.data, Data::Own(o) if matches!(o.ends, Ends::Wide(_))));
    }

    #[test]
    fn the_end_table_is_half_the_size_it_was() {
        // 88 bytes of u32 ends before; what a person with its own texts carries now.
        assert!(std::mem::size_of::<Ends>() <= 48, "{}", std::mem::size_of::<Ends>());
    }

    #[test]
    fn fields_read_from_a_row_are_small() {
        // What every person of a directory as read carries (two pointers and two numbers: 24
        // bytes on wasm32), against ~250 bytes of text, end table and heap block before.
        assert!(std::mem::size_of::<Fields>() <= 40, "{}", std::mem::size_of::<Fields>());
    }
}

