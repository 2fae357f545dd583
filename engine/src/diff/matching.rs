//! Matching people across two directories by key, with ambiguity reported instead of guessed.
//!
//! Per key, in order: the people still free on both sides are linked by the key values they
//! share; each connected group of linked people with exactly one person per side is a match, any
//! other group (a value on two rows, a person linked to two) is ambiguous and set aside. Then,
//! with `auto`, every value that links exactly one old person to exactly one new person must agree
//! with the matches: if it links someone to a person other than their match, the people involved
//! are ambiguous too (the keys disagree about who is who).

use super::{Ambiguity, AmbiguityReason, Candidate, Key, Pair};
use crate::normalize::email::comparison_key;
use crate::normalize::phone::{parse_mobile, Mobile};
use crate::normalize::text::{clean_whitespace, fold_width};
use crate::{Directory, Error, ErrorKind, Field, Person, Result};
use std::collections::{BTreeMap, HashMap};

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

/// One key value: as compared, and as written.
struct Value {
    norm: String,
    raw: String,
}

/// The value a key is compared by, or `None` when the cell cannot identify anyone (empty, a
/// placeholder such as `-` or `无`, an invalid mobile).
pub(super) fn key_value(key: Key, raw: &str) -> Option<String> {
    let cleaned = fold_width(&clean_whitespace(raw)).trim().to_string();
    if !cleaned.chars().any(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    match key {
        Key::Auto => None,
        Key::Userid => Some(cleaned.to_lowercase()),
        Key::EmployeeNo => {
            let lower = cleaned.to_lowercase();
            // Excel turns `000123` into 123: all-digit numbers compare without leading zeros.
            if lower.bytes().all(|b| b.is_ascii_digit()) {
                let trimmed = lower.trim_start_matches('0');
                Some(if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() })
            } else {
                Some(lower)
            }
        }
        Key::Email => Some(comparison_key(raw)).filter(|k| k.contains('@')),
        Key::Mobile => match parse_mobile(raw) {
            Mobile::Valid(p) | Mobile::UnknownPrefix(p) => Some(p.e164_digits()),
            _ => None,
        },
    }
}

fn values(person: &Person, key: Key) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for &field in key.fields() {
        let raw = person.get(field);
        if let Some(norm) = key_value(key, raw) {
            if !out.iter().any(|v| v.norm == norm) {
                out.push(Value { norm, raw: raw.trim().to_string() });
            }
        }
    }
    out
}

/// How a person is named in the lists: the first of `keys` they have a value for, as written;
/// else any key; else the name; else `row N`.
pub(super) fn display_id(dir: &Directory, i: usize, keys: &[Key]) -> String {
    let person = &dir.people[i];
    keys.iter()
        .chain(Key::ORDER.iter())
        .find_map(|&k| values(person, k).into_iter().next().map(|v| v.raw))
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

/// Key value → (old holders, new holders) among the people `take` admits, with the values in the
/// order first seen (old file first), so everything built from it is deterministic.
type Holders<'v> = (Vec<&'v str>, HashMap<&'v str, (Vec<usize>, Vec<usize>)>);

fn holders<'v>(
    old: &'v [Vec<Value>],
    new: &'v [Vec<Value>],
    take_old: impl Fn(usize) -> bool,
    take_new: impl Fn(usize) -> bool,
) -> Holders<'v> {
    let mut order = Vec::new();
    let mut map: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (side, vals) in [old, new].into_iter().enumerate() {
        for (i, person) in vals.iter().enumerate() {
            if !(if side == 0 { take_old(i) } else { take_new(i) }) {
                continue;
            }
            for v in person {
                let entry = map.entry(v.norm.as_str()).or_insert_with(|| {
                    order.push(v.norm.as_str());
                    (Vec::new(), Vec::new())
                });
                let list = if side == 0 { &mut entry.0 } else { &mut entry.1 };
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    (order, map)
}

/// The raw text of `norm` in the first holder's values.
fn raw_of(vals: &[Vec<Value>], holder: usize, norm: &str) -> String {
    vals[holder].iter().find(|v| v.norm == norm).map(|v| v.raw.clone()).unwrap_or_default()
}

/// Per person (index into `people`), the values of one key.
type PerPerson = Vec<Vec<Value>>;

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
    /// The keys used, and their values in both files (aligned).
    keys: Vec<Key>,
    vals: Vec<(PerPerson, PerPerson)>,
    old_state: Vec<State>,
    new_state: Vec<State>,
    pairs: Vec<Pair>,
    ambiguous: Vec<Ambiguity>,
}

pub(super) fn match_people(old: &Directory, new: &Directory, key: Key) -> Result<Outcome> {
    let tried: Vec<Key> = if key == Key::Auto { Key::ORDER.to_vec() } else { vec![key] };
    let per_key = |dir: &Directory, k: Key| dir.people.iter().map(|p| values(p, k)).collect::<PerPerson>();
    let mut keys = Vec::new();
    let mut vals = Vec::new();
    for &k in &tried {
        let (o, n) = (per_key(old, k), per_key(new, k));
        if o.iter().any(|v| !v.is_empty()) && n.iter().any(|v| !v.is_empty()) {
            keys.push(k);
            vals.push((o, n));
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

impl Matcher<'_> {
    fn candidates(&self, old_side: bool, members: &[usize]) -> Vec<Candidate> {
        let dir = if old_side { self.old } else { self.new };
        members.iter().map(|&i| candidate(dir, i, &self.keys)).collect()
    }

    /// One key over the people still free: each linked group with one person per side is a
    /// match; any other linked group is ambiguous.
    fn pass(&mut self, k: usize) {
        let n_old = self.old_state.len();
        let (ov, nv) = &self.vals[k];
        let (order, map) = holders(ov, nv, |i| self.old_state[i] == State::Free, |j| self.new_state[j] == State::Free);
        let linking: Vec<&str> =
            order.into_iter().filter(|v| map.get(v).is_some_and(|(o, n)| !o.is_empty() && !n.is_empty())).collect();
        let mut uf = UnionFind::new(n_old + self.new_state.len());
        for v in &linking {
            let (o, n) = &map[v];
            o.iter().for_each(|&i| uf.union(o[0], i));
            n.iter().for_each(|&j| uf.union(o[0], n_old + j));
        }
        let mut groups: BTreeMap<usize, Group<&str>> = BTreeMap::new();
        for v in &linking {
            let (o, n) = &map[v];
            let g = groups.entry(uf.find(o[0])).or_default();
            g.old.extend(o);
            g.new.extend(n);
            g.links.push(v);
        }
        let mut decided: Vec<(Vec<usize>, Vec<usize>, Vec<String>)> = Vec::new();
        for mut g in groups.into_values() {
            g.old.sort_unstable();
            g.old.dedup();
            g.new.sort_unstable();
            g.new.dedup();
            let raws = g.links.iter().map(|v| raw_of(ov, map[v].0[0], v)).collect();
            decided.push((g.old, g.new, raws));
        }
        let key = self.keys[k];
        for (o, n, raws) in decided {
            if let ([p], [q]) = (o.as_slice(), n.as_slice()) {
                self.old_state[*p] = State::Paired(*q);
                self.new_state[*q] = State::Paired(*p);
                let id = raws.into_iter().next().unwrap_or_default();
                self.pairs.push(Pair { id, old: *p, new: *q, by: key });
            } else {
                o.iter().for_each(|&i| self.old_state[i] = State::Ambiguous);
                n.iter().for_each(|&j| self.new_state[j] = State::Ambiguous);
                self.ambiguous.push(Ambiguity {
                    reason: AmbiguityReason::Shared,
                    keys: vec![key],
                    values: raws,
                    old: self.candidates(true, &o),
                    new: self.candidates(false, &n),
                });
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
        for (&k, (ov, nv)) in self.keys.iter().zip(&self.vals) {
            let (old_state, new_state) = (&self.old_state, &self.new_state);
            let (order, map) =
                holders(ov, nv, |i| old_state[i] != State::Ambiguous, |j| new_state[j] != State::Ambiguous);
            for v in order {
                let (o, n) = &map[v];
                let ([p], [q]) = (o.as_slice(), n.as_slice()) else { continue };
                if old_state[*p] == State::Paired(*q) {
                    continue;
                }
                uf.union(*p, n_old + q);
                if let State::Paired(q0) = old_state[*p] {
                    uf.union(*p, n_old + q0);
                }
                if let State::Paired(p0) = new_state[*q] {
                    uf.union(p0, n_old + q);
                }
                links.push((*p, k, raw_of(ov, *p, v)));
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
        for g in groups.into_values() {
            // The keys that matched the pairs in the group, and their values, come first.
            let matched = self.pairs.iter().filter(|pair| g.old.contains(&pair.old));
            let (mut keys, mut values): (Vec<Key>, Vec<String>) = matched.map(|p| (p.by, p.id.clone())).unzip();
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
