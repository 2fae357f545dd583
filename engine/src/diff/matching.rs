//! Matching people across two directories by key, with ambiguity reported instead of guessed.
//!
//! Per key, in order: the people still free on both sides are linked by the key values they
//! share; each connected group of linked people with exactly one person per side is a match, any
//! other group (a value on two rows, a person linked to two) is ambiguous and set aside. Then,
//! with `auto`, every value that links exactly one old person to exactly one new person must agree
//! with the matches: if it links someone to a person other than their match, the people involved
//! are ambiguous too (the keys disagree about who is who).

use super::{Ambiguity, AmbiguityReason, Candidate, Key, Pair};
use crate::normalize::phone::{parse_mobile, Mobile};
use crate::normalize::text::{clean_whitespace, fold_width, push_lowercase};
use crate::{Directory, Error, ErrorKind, Field, Person, Result};
use std::collections::BTreeMap;

/// What matching decided.
pub(super) struct Outcome {
    pub keys: Vec<Key>,
    pub pairs: Vec<Pair>,
    /// Indices into the new file, ascending.
    pub joiners: Vec<usize>,
    /// Indices into the old file, ascending.
    pub leavers: Vec<usize>,
    pub ambiguous: Vec<Ambiguity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Free,
    Paired(usize),
    Ambiguous,
}

/// The value a key is compared by, or `None` when the cell cannot identify anyone (empty, a
/// placeholder such as `-` or `无`, an invalid mobile).
pub(super) fn key_value(key: Key, raw: &str) -> Option<String> {
    let mut out = String::new();
    key_value_into(key, raw, &mut out).then_some(out)
}

/// [`key_value`] appended to `out`; false (and nothing appended) when there is none.
fn key_value_into(key: Key, raw: &str, out: &mut String) -> bool {
    let whitespace = clean_whitespace(raw);
    let folded = fold_width(&whitespace);
    let cleaned = folded.trim();
    if !cleaned.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let start = out.len();
    match key {
        Key::Auto => return false,
        Key::Userid => push_lowercase(cleaned, out),
        Key::EmployeeNo => {
            push_lowercase(cleaned, out);
            // Excel turns `000123` into 123: all-digit numbers compare without leading zeros.
            if out[start..].bytes().all(|b| b.is_ascii_digit()) {
                let zeros = out[start..].bytes().take_while(|&b| b == b'0').count();
                let digits = out.len() - start;
                out.drain(start..start + zeros.min(digits.saturating_sub(1)));
            }
        }
        Key::Email => {
            // `email::comparison_key`: of the value whitespace-cleaned and folded, not trimmed.
            push_lowercase(&folded, out);
            if !out[start..].contains('@') {
                out.truncate(start);
                return false;
            }
        }
        Key::Mobile => match parse_mobile(raw) {
            Mobile::Valid(p) | Mobile::UnknownPrefix(p) => p.e164_digits_into(out),
            _ => return false,
        },
    }
    true
}

/// Person `person`'s first value of `key`, as written (trimmed): how they are named.
fn first_raw(person: &Person, key: Key, scratch: &mut String) -> Option<String> {
    key.fields().iter().map(|&f| person.get(f)).find_map(|raw| {
        scratch.clear();
        key_value_into(key, raw, scratch).then(|| raw.trim().to_string())
    })
}

/// One key's values in one file: per person, the values their fields give (as compared), each
/// once, in field order — as numbers ([`KeyValues`]).
#[derive(Default)]
struct Side {
    /// Per value, its number.
    ids: Vec<u32>,
    /// Per value, which of the key's fields it came from: its text as written is that field's.
    fields: Vec<u8>,
    /// Per person, where their values start in `ids`; one more at the end.
    starts: Vec<u32>,
}

impl Side {
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.starts[i] as usize..self.starts[i + 1] as usize
    }

    fn ids_of(&self, i: usize) -> &[u32] {
        &self.ids[self.range(i)]
    }
}

/// One key's values in both files. Each distinct value (as compared) is a number, so grouping
/// people by value is array work: a map from text to holders, with two `String`s per value and a
/// list per person, made the diff of two 100k-row files ~1.1 s natively, most of it allocating
/// and hashing.
struct KeyValues {
    key: Key,
    old: Side,
    new: Side,
    /// How many distinct values.
    distinct: usize,
}

impl KeyValues {
    fn of(key: Key, old: &Directory, new: &Directory) -> KeyValues {
        // Every value's text end to end (each person's once), then numbered.
        let mut text = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let side = |dir: &Directory, text: &mut String, spans: &mut Vec<(usize, usize)>| {
            let mut out = Side { starts: Vec::with_capacity(dir.people.len() + 1), ..Side::default() };
            let base = spans.len();
            out.starts.push(0);
            for person in &dir.people {
                let first = spans.len();
                for (f, &field) in key.fields().iter().enumerate() {
                    let start = text.len();
                    if !key_value_into(key, person.get(field), text) {
                        continue;
                    }
                    let dup = spans[first..].iter().any(|&(s, e)| text[s..e] == text[start..]);
                    if dup {
                        text.truncate(start);
                    } else {
                        spans.push((start, text.len()));
                        out.fields.push(f as u8);
                    }
                }
                out.starts.push(u32::try_from(spans.len() - base).unwrap_or(u32::MAX));
            }
            out
        };
        let mut old_side = side(old, &mut text, &mut spans);
        let old_values = spans.len();
        let mut new_side = side(new, &mut text, &mut spans);
        // Numbered by sorting their hashes with the value below them (the sort the check and the
        // duplicate search already have; a map from text to number and a sort of its own were
        // ~1.2 KB more of the app's gzipped wasm), texts compared only within a run of one hash.
        let text_of = |s: usize| &text[spans[s].0..spans[s].1];
        let bits = usize::BITS - spans.len().leading_zeros();
        let mut order: Vec<u64> =
            (0..spans.len()).map(|s| u64::from(crate::validate::hash(text_of(s))) << bits | s as u64).collect();
        order.sort_unstable();
        let mut ids = vec![0u32; spans.len()];
        let mut distinct = 0;
        let mut seen: Vec<(usize, u32)> = Vec::new();
        for run in order.chunk_by(|a, b| a >> bits == b >> bits) {
            seen.clear();
            for &x in run {
                let s = (x & ((1 << bits) - 1)) as usize;
                ids[s] = match seen.iter().find(|&&(first, _)| text_of(first) == text_of(s)) {
                    Some(&(_, id)) => id,
                    None => {
                        let id = distinct as u32;
                        seen.push((s, id));
                        distinct += 1;
                        id
                    }
                };
            }
        }
        new_side.ids = ids[old_values..].to_vec();
        old_side.ids = ids;
        old_side.ids.truncate(old_values);
        KeyValues { key, old: old_side, new: new_side, distinct }
    }

    /// The value `v` of person `i` of `side` as written (trimmed).
        fn raw(&self, dir: &Directory, side: &Side, i: usize, v: u32) -> String {
        let range = side.range(i);
        let at = side.ids[range.clone()].iter().position(|&id| id == v).map_or(0, |k| range.start + k);
        let field = side.fields.get(at).map_or(Field::Name, |&f| self.key.fields()[usize::from(f)]);
        dir.people[i].get(field).trim().to_string()
    }
}

/// Who holds each value among the people admitted: per value, its old and new holders
/// (ascending), and the values in the order first seen (old file first), so everything built from
/// it is deterministic.
struct Holders {
    order: Vec<u32>,
    old: Csr,
    new: Csr,
}

/// Per value, a list of people.
struct Csr {
    starts: Vec<u32>,
    people: Vec<u32>,
}

impl Csr {
    fn of(&self, v: u32) -> &[u32] {
        &self.people[self.starts[v as usize] as usize..self.starts[v as usize + 1] as usize]
    }
}

fn holders(kv: &KeyValues, take_old: &dyn Fn(usize) -> bool, take_new: &dyn Fn(usize) -> bool) -> Holders {
    let mut seen = vec![false; kv.distinct];
    let mut order = Vec::new();
    let mut lists = |side: &Side, take: &dyn Fn(usize) -> bool| {
        let n = side.starts.len() - 1;
        let mut starts = vec![0u32; kv.distinct + 1];
        for i in (0..n).filter(|&i| take(i)) {
            for &v in side.ids_of(i) {
                if !seen[v as usize] {
                    seen[v as usize] = true;
                    order.push(v);
                }
                starts[v as usize + 1] += 1;
            }
        }
        for v in 0..kv.distinct {
            starts[v + 1] += starts[v];
        }
        let mut at = starts.clone();
        let mut people = vec![0u32; starts[kv.distinct] as usize];
        for i in (0..n).filter(|&i| take(i)) {
            for &v in side.ids_of(i) {
                people[at[v as usize] as usize] = i as u32;
                at[v as usize] += 1;
            }
        }
        Csr { starts, people }
    };
    let old = lists(&kv.old, take_old);
    let new = lists(&kv.new, take_new);
    Holders { order, old, new }
}

/// How a person is named in the lists: the first of `keys` they have a value for, as written;
/// else any key; else the name; else `row N`.
pub(super) fn display_id(dir: &Directory, i: usize, keys: &[Key]) -> String {
    let person = &dir.people[i];
    let mut scratch = String::new();
    keys.iter()
        .chain(Key::ORDER.iter())
        .find_map(|&k| first_raw(person, k, &mut scratch))
        .or_else(|| Some(person.get(Field::Name).trim().to_string()).filter(|n| !n.is_empty()))
        .unwrap_or_else(|| format!("row {}", person.source_row))
}

fn candidate(dir: &Directory, i: usize, keys: &[Key]) -> Candidate {
    let p = &dir.people[i];
    Candidate { id: display_id(dir, i, keys), index: i, row: p.source_row, name: p.get(Field::Name).to_string() }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller root wins, so roots (and the order groups are reported in) are stable.
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// People linked by key values: the members on each side, and the links.
struct Group<V> {
    old: Vec<usize>,
    new: Vec<usize>,
    /// The linking values (for conflicts: with the key of each).
    links: Vec<V>,
}

// Not derived: a derive would require `V: Default`, which the links need not be.
impl<V> Default for Group<V> {
    fn default() -> Self {
        Group { old: Vec::new(), new: Vec::new(), links: Vec::new() }
    }
}

/// The matching in progress.
struct Matcher<'d> {
    old: &'d Directory,
    new: &'d Directory,
    /// The keys used, with their values in both files.
    keys: Vec<Key>,
    vals: Vec<KeyValues>,
    old_state: Vec<State>,
    new_state: Vec<State>,
    pairs: Vec<Pair>,
    ambiguous: Vec<Ambiguity>,
}

pub(super) fn match_people(old: &Directory, new: &Directory, key: Key) -> Result<Outcome> {
    let tried: Vec<Key> = if key == Key::Auto { Key::ORDER.to_vec() } else { vec![key] };
    let mut keys = Vec::new();
    let mut vals = Vec::new();
    for &k in &tried {
        let kv = KeyValues::of(k, old, new);
        if !kv.old.ids.is_empty() && !kv.new.ids.is_empty() {
            keys.push(k);
            vals.push(kv);
        }
    }
    if keys.is_empty() {
        let what = if key == Key::Auto {
            "account, employee number, e-mail or mobile".to_string()
        } else {
            format!("the key \"{}\"", key.key())
        };
        return Err(Error::new(
            ErrorKind::Other,
            format!("nothing to match people by: the two files do not both have a value for {what}"),
        ));
    }
    let mut m = Matcher {
        old,
        new,
        keys,
        vals,
        old_state: vec![State::Free; old.people.len()],
        new_state: vec![State::Free; new.people.len()],
        pairs: Vec::new(),
        ambiguous: Vec::new(),
    };
    for k in 0..m.keys.len() {
        m.pass(k);
    }
    if key == Key::Auto && m.keys.len() > 1 {
        m.conflicts();
    }
    m.pairs.sort_by_key(|p| p.old);
    Ok(Outcome {
        joiners: (0..new.people.len()).filter(|&j| m.new_state[j] == State::Free).collect(),
        leavers: (0..old.people.len()).filter(|&i| m.old_state[i] == State::Free).collect(),
        keys: m.keys,
        pairs: m.pairs,
        ambiguous: m.ambiguous,
    })
}

/// What one key's pass decided about one linked group.
enum Decision {
    /// One person per side: a match, named by the first linking value (old person, new person,
    /// value).
    Pair(usize, usize, u32),
    /// Anything else: the members on each side and the linking values.
    Shared(Vec<usize>, Vec<usize>, Vec<u32>),
}

impl Matcher<'_> {
    fn candidates(&self, old_side: bool, members: &[usize]) -> Vec<Candidate> {
        let dir = if old_side { self.old } else { self.new };
        members.iter().map(|&i| candidate(dir, i, &self.keys)).collect()
    }

    /// One key over the people still free: each linked group with one person per side is a
    /// match; any other linked group is ambiguous.
    fn pass(&mut self, k: usize) {
        let n_old = self.old_state.len();
        let kv = &self.vals[k];
        let (old_state, new_state) = (&self.old_state, &self.new_state);
        let h = holders(kv, &|i| old_state[i] == State::Free, &|j| new_state[j] == State::Free);
        let linking: Vec<u32> =
            h.order.iter().copied().filter(|&v| !h.old.of(v).is_empty() && !h.new.of(v).is_empty()).collect();
        let mut uf = UnionFind::new(n_old + self.new_state.len());
        for &v in &linking {
            let (o, n) = (h.old.of(v), h.new.of(v));
            o.iter().for_each(|&i| uf.union(o[0] as usize, i as usize));
            n.iter().for_each(|&j| uf.union(o[0] as usize, n_old + j as usize));
        }
        // The groups in the order of their roots (their first members), a group's links in the
        // order first seen: each link is its root above its place in `linking`, in one u64
        // sorted as the value numbers are.
        let mut by_root: Vec<u64> =
            linking.iter().enumerate().map(|(at, &v)| (uf.find(h.old.of(v)[0] as usize) as u64) << 32 | at as u64).collect();
        by_root.sort_unstable();
        let mut decided = Vec::new();
        for run in by_root.chunk_by(|a, b| a >> 32 == b >> 32) {
            let links: Vec<u32> = run.iter().map(|&x| linking[(x & 0xFFFF_FFFF) as usize]).collect();
            let members = |csr: &Csr| {
                let mut m: Vec<usize> = links.iter().flat_map(|&v| csr.of(v)).map(|&i| i as usize).collect();
                m.sort_unstable();
                m.dedup();
                m
            };
            let (o, n) = (members(&h.old), members(&h.new));
            decided.push(match (o.as_slice(), n.as_slice()) {
                ([p], [q]) => Decision::Pair(*p, *q, links[0]),
                _ => Decision::Shared(o, n, links),
            });
        }
        let key = self.keys[k];
        for decision in decided {
            match decision {
                Decision::Pair(p, q, v) => {
                    self.old_state[p] = State::Paired(q);
                    self.new_state[q] = State::Paired(p);
                    let id = kv.raw(self.old, &kv.old, p, v);
                    self.pairs.push(Pair { id, old: p, new: q, by: key });
                }
                Decision::Shared(o, n, links) => {
                    o.iter().for_each(|&i| self.old_state[i] = State::Ambiguous);
                    n.iter().for_each(|&j| self.new_state[j] = State::Ambiguous);
                    let values = links.iter().map(|&v| kv.raw(self.old, &kv.old, h.old.of(v)[0] as usize, v)).collect();
                    self.ambiguous.push(Ambiguity {
                        reason: AmbiguityReason::Shared,
                        keys: vec![key],
                        values,
                        old: self.candidates(true, &o),
                        new: self.candidates(false, &n),
                    });
                }
            }
        }
    }

    /// Values that link exactly one old person to exactly one new person who is not their match:
    /// the keys disagree. Everyone so linked, with their matches, becomes ambiguous (one report
    /// per connected group).
    fn conflicts(&mut self) {
        let n_old = self.old_state.len();
        let mut uf = UnionFind::new(n_old + self.new_state.len());
        // (an old person of the group, key, value as written)
        let mut links: Vec<(usize, Key, String)> = Vec::new();
        for kv in &self.vals {
            let (old_state, new_state) = (&self.old_state, &self.new_state);
            let h = holders(kv, &|i| old_state[i] != State::Ambiguous, &|j| new_state[j] != State::Ambiguous);
            for &v in &h.order {
                let ([p], [q]) = (h.old.of(v), h.new.of(v)) else { continue };
                let (p, q) = (*p as usize, *q as usize);
                if old_state[p] == State::Paired(q) {
                    continue;
                }
                uf.union(p, n_old + q);
                if let State::Paired(q0) = old_state[p] {
                    uf.union(p, n_old + q0);
                }
                if let State::Paired(p0) = new_state[q] {
                    uf.union(p0, n_old + q);
                }
                links.push((p, kv.key, kv.raw(self.old, &kv.old, p, v)));
            }
        }
        if links.is_empty() {
            return;
        }
        let mut groups: BTreeMap<usize, Group<(Key, String)>> = BTreeMap::new();
        for (p, k, raw) in links {
            groups.entry(uf.find(p)).or_default().links.push((k, raw));
        }
        for i in 0..n_old {
            if let Some(g) = groups.get_mut(&uf.find(i)) {
                g.old.push(i);
            }
        }
        for j in 0..self.new_state.len() {
            if let Some(g) = groups.get_mut(&uf.find(n_old + j)) {
                g.new.push(j);
            }
        }
        // Per group, the keys that matched its pairs and their values, in the order the pairs
        // were made: one pass over the pairs (a group's old people are those under its root).
        // In a list by root, not a map emptied group by group: removing from a B-tree brings in
        // its rebalancing code, ~3 KB of the app's wasm.
        let groups: Vec<(usize, Group<(Key, String)>)> = groups.into_iter().collect();
        let mut matched: Vec<Vec<(Key, String)>> = vec![Vec::new(); groups.len()];
        for pair in &self.pairs {
            if let Ok(g) = groups.binary_search_by_key(&uf.find(pair.old), |&(root, _)| root) {
                matched[g].push((pair.by, pair.id.clone()));
            }
        }
        for ((_, g), matched) in groups.into_iter().zip(matched) {
            // The keys that matched the pairs in the group, and their values, come first.
            let (mut keys, mut values): (Vec<Key>, Vec<String>) = matched.into_iter().unzip();
            for (k, raw) in g.links {
                keys.push(k);
                values.push(raw);
            }
            let mut distinct: Vec<Key> = Vec::new();
            for k in keys {
                if !distinct.contains(&k) {
                    distinct.push(k);
                }
            }
            g.old.iter().for_each(|&i| self.old_state[i] = State::Ambiguous);
            g.new.iter().for_each(|&j| self.new_state[j] = State::Ambiguous);
            self.ambiguous.push(Ambiguity {
                reason: AmbiguityReason::Conflict,
                keys: distinct,
                values,
                old: self.candidates(true, &g.old),
                new: self.candidates(false, &g.new),
            });
        }
        let old_state = &self.old_state;
        self.pairs.retain(|p| old_state[p.old] != State::Ambiguous);
    }
}
