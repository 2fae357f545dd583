//! One searchable field's entries, laid out for the two kinds of lookup a query needs.
//!
//! - **Exact and prefix**: the entries sorted by text, so the entries equal to or starting with
//!   the query are one contiguous run found by two binary searches.
//! - **Substring**: a 64-bit signature per scanned entry (which bytes and byte pairs it holds,
//!   hashed to 32 bits each). An entry can contain the query only if its signature covers the
//!   query's, so a scan reads one `u64` per entry and looks at the text of the few candidates.
//!   Entries are scanned in file order, so a scan can stop as soon as enough people are found.
//!
//! All entries live in one string (`\n`-separated: no entry holds a newline, as values are
//! folded without whitespace) with their start offsets: one allocation per column, not per value.
//! Per entry the column keeps 24 bytes beside the text (start, owner, two orders, signature) and
//! one bit (alternate or not): at 1M people the index holds ~10M entries, so each byte per entry
//! is ~10 MB of the worker's memory.

/// The bit of one byte (low half) or one byte pair (high half) of a signature.
fn unigram(b: u8) -> u64 {
    1u64 << ((b as u32).wrapping_mul(0x9E37_79B1) >> 27)
}

fn bigram(a: u8, b: u8) -> u64 {
    let h = ((a as u32) << 8 | b as u32).wrapping_mul(0x9E37_79B1) >> 27;
    1u64 << (32 + h)
}

/// The signature of a text: every byte and every adjacent byte pair.
pub(super) fn signature(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut sig = b.iter().fold(0u64, |acc, &x| acc | unigram(x));
    for w in b.windows(2) {
        sig |= bigram(w[0], w[1]);
    }
    sig
}

/// The ids `0..count` in the order of their texts (`text(id)`), equal texts in id order.
///
/// Texts are compared eight bytes at a time, as numbers: every id is keyed by its text's first
/// eight bytes and sorted, then each run of equal keys is keyed by the next eight and sorted,
/// and so on; a run whose texts all end within its key holds equal texts, already in id order.
/// Nearly every comparison is then of two integers in a list read in order. Comparing the texts
/// themselves, every tie of the first eight bytes (mobiles, e-mails, pinyin, three-character
/// names) read two texts from anywhere in memory: at 1M people that was a third of building the
/// index. Runs wait in a list, not on the call stack, which a long text repeated would overflow.
/// The keys are padded with zero bytes, so a text sorts before the longer texts it starts, as
/// strings do (texts that differ only by zero bytes at the end count as equal). Eight bytes, not
/// sixteen, keep this largest transient of the build at 16 bytes an id.
pub(super) fn sort_by_chunks<'t>(count: usize, text: &dyn Fn(u32) -> &'t [u8]) -> Vec<u32> {
    let chunk = |i: u32, at: usize| {
        let b = text(i).get(at..).unwrap_or_default();
        let mut k = [0u8; 8];
        k[..b.len().min(8)].copy_from_slice(&b[..b.len().min(8)]);
        u64::from_be_bytes(k)
    };
    let mut keyed: Vec<(u64, u32)> = (0..count as u32).map(|i| (chunk(i, 0), i)).collect();
    radix_sort(&mut keyed);
    let mut todo = vec![(0..keyed.len(), 0)];
    while let Some((range, at)) = todo.pop() {
        let mut start = range.start;
        for run in keyed[range].chunk_by_mut(|a, b| a.0 == b.0) {
            let len = run.len();
            if len > 1 && run.iter().any(|&(_, i)| text(i).len() > at + 8) {
                for (key, i) in run.iter_mut() {
                    *key = chunk(*i, at + 8);
                }
                run.sort_unstable();
                todo.push((start..start + len, at + 8));
            }
            start += len;
        }
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Sort `items` by their keys, stably (equal keys keep their order), a byte of the key at a
/// time from the lowest, skipping the bytes all keys share: a few passes through the list in
/// order, where a comparison sort of a column's million entries takes ~20 passes.
fn radix_sort(items: &mut Vec<(u64, u32)>) {
    let mut counts = [[0usize; 256]; 8];
    for &(key, _) in items.iter() {
        for (b, count) in counts.iter_mut().enumerate() {
            count[(key >> (8 * b)) as u8 as usize] += 1;
        }
    }
    let mut from = std::mem::take(items);
    let mut to = vec![(0, 0); from.len()];
    for (b, count) in counts.iter_mut().enumerate() {
        if count.contains(&from.len()) {
            continue;
        }
        let mut at = 0;
        for n in count.iter_mut() {
            (*n, at) = (at, at + *n);
        }
        for &(key, i) in &from {
            let slot = &mut count[(key >> (8 * b)) as u8 as usize];
            to[*slot] = (key, i);
            *slot += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *items = from;
}

#[derive(Debug, Clone, Default)]
pub(super) struct Column {
    text: String,
    starts: Vec<u32>,
    owner: Vec<u32>,
    /// Bit `i` is set when entry `i` spells a non-primary reading of a polyphonic character.
    alternate: Vec<u64>,
    /// Entry ids in text order.
    sorted: Vec<u32>,
    /// Entry ids in prefix-rank order: primary spellings first, then shorter, then file order.
    by_rank: Vec<u32>,
    /// Per entry, the signature of its scanned part; 0 for alternate spellings, which are not
    /// scanned for substrings (no query's signature is 0, so the scan passes them by).
    sigs: Vec<u64>,
    /// Every scanned entry's signature or-ed, and the longest scanned part: a query outside
    /// either (letters against Hanzi names, six letters against initials) skips the column.
    any_sig: u64,
    longest: usize,
    /// Scan only the part before `@` (e-mail: every address shares the domain).
    local_part: bool,
}

impl Column {
    pub(super) fn new(local_part: bool) -> Column {
        Column { local_part, ..Column::default() }
    }

    /// Add an entry of `person` (people must be added in file order). Empty entries are skipped.
    pub(super) fn push(&mut self, person: usize, entry: &str, alternate: bool) {
        if entry.is_empty() {
            return;
        }
        // Person by person: `finish` counts on id order being owner order.
        debug_assert!(self.owner.last().is_none_or(|&o| o as usize <= person));
        let id = self.starts.len() as u32;
        self.starts.push(self.text.len() as u32);
        self.text.push_str(entry);
        self.text.push('\n');
        self.owner.push(person as u32);
        if id as usize / 64 == self.alternate.len() {
            self.alternate.push(0);
        }
        if alternate {
            self.alternate[id as usize / 64] |= 1 << (id % 64);
            self.sigs.push(0);
        } else {
            let scanned = self.scanned(entry);
            let sig = signature(scanned);
            self.longest = self.longest.max(scanned.len());
            self.any_sig |= sig;
            self.sigs.push(sig);
        }
    }

    /// Room for `entries` more entries and `text` more bytes of their text (newlines included).
    pub(super) fn reserve(&mut self, entries: usize, text: usize) {
        self.text.reserve_exact(text);
        self.starts.reserve_exact(entries);
        self.owner.reserve_exact(entries);
        self.alternate.reserve_exact(entries.div_ceil(64));
        self.sigs.reserve_exact(entries);
    }

    fn scanned<'a>(&self, entry: &'a str) -> &'a str {
        if self.local_part {
            entry.split('@').next().unwrap_or(entry)
        } else {
            entry
        }
    }

    pub(super) fn entry(&self, i: u32) -> &str {
        let start = self.starts[i as usize] as usize;
        let end = self.starts.get(i as usize + 1).map_or(self.text.len(), |&s| s as usize) - 1;
        &self.text[start..end]
    }

    /// [`entry`](Self::entry)'s bytes, without checking that its ends are character boundaries
    /// (they are: every entry ends before a `\n`). The sort reads every entry this way, several
    /// times; the checks were a tenth of building a million people's index in the browser build.
    fn entry_bytes(&self, i: u32) -> &[u8] {
        let start = self.starts[i as usize] as usize;
        let end = self.starts.get(i as usize + 1).map_or(self.text.len(), |&s| s as usize) - 1;
        &self.text.as_bytes()[start..end]
    }

    pub(super) fn owner(&self, i: u32) -> u32 {
        self.owner[i as usize]
    }

    pub(super) fn is_alternate(&self, i: u32) -> bool {
        self.alternate[i as usize / 64] & (1 << (i % 64)) != 0
    }

    /// The order of prefix matches: primary spellings first, then shorter, then file order (the
    /// id breaks the remaining ties, so the order is total).
    fn rank_key(&self, i: u32) -> (u64, u32) {
        (self.rank_of_spelling(i) | self.owner(i) as u64, i)
    }

    /// The part of the rank key above the owner: alternate spellings after primary ones, then
    /// longer after shorter.
    fn rank_of_spelling(&self, i: u32) -> u64 {
        (self.is_alternate(i) as u64) << 63 | (self.len_of(i) as u64) << 32
    }

    /// The entry's length in bytes, from the offsets alone (no text read: a huge prefix run
    /// ranks its entries by length without touching their text).
    pub(super) fn len_of(&self, i: u32) -> usize {
        let start = self.starts[i as usize] as usize;
        self.starts.get(i as usize + 1).map_or(self.text.len(), |&s| s as usize) - 1 - start
    }

    /// Sort the entries by text; call once after the last `push`.
    pub(super) fn finish(&mut self) {
        // The lists grew by doubling: give back the room past their ends (up to half of each),
        // before the orders are built beside them.
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.owner.shrink_to_fit();
        self.alternate.shrink_to_fit();
        self.sigs.shrink_to_fit();
        self.sorted = sort_by_chunks(self.starts.len(), &|i| self.entry_bytes(i));
        // The ids come in order and the radix sort is stable: ties of the rank key's number stay
        // in id order, as the rank order has them. Entries are pushed person by person, so id
        // order is already owner order: the key leaves the owner out, and the sort skips its
        // bytes (three passes through 10M entries at 1M people).
        let mut by_rank: Vec<(u64, u32)> =
            (0..self.starts.len() as u32).map(|i| (self.rank_of_spelling(i), i)).collect();
        radix_sort(&mut by_rank);
        self.by_rank = by_rank.into_iter().map(|(_, i)| i).collect();
    }

    /// The best `keep` entries of a prefix run (`run` from [`Column::with_prefix`]) by prefix
    /// rank — primary spellings, then shorter, then file order — or the whole run when it is not
    /// longer than `keep`. A huge run (one letter, `1` against mobiles) is not read whole: the
    /// entries are walked in rank order until `keep` of them start with `q`, which takes about
    /// `keep × entries / run` steps; when that estimate loses to reading the run, the run is read.
    pub(super) fn best_of_run(&self, q: &str, run: &[u32], keep: usize) -> Vec<u32> {
        if run.len() <= keep {
            return run.to_vec();
        }
        let budget = run.len();
        let estimate = keep.saturating_mul(self.by_rank.len()) / run.len();
        if estimate < budget {
            let mut out = Vec::with_capacity(keep);
            for &e in self.by_rank.iter().take(budget) {
                if self.entry(e).starts_with(q) {
                    out.push(e);
                    if out.len() == keep {
                        return out;
                    }
                }
            }
        }
        let mut ranked: Vec<(u64, u32)> = run.iter().map(|&e| self.rank_key(e)).collect();
        ranked.select_nth_unstable(keep - 1);
        ranked.truncate(keep);
        ranked.into_iter().map(|(_, e)| e).collect()
    }

    /// Entries equal to `q`.
    pub(super) fn exact<'a>(&'a self, q: &'a str) -> impl Iterator<Item = u32> + 'a {
        let lo = self.sorted.partition_point(|&i| self.entry(i) < q);
        self.sorted[lo..].iter().copied().take_while(move |&i| self.entry(i) == q)
    }

    /// Entries starting with `q` (the exact ones included), as a run of the sorted order.
    pub(super) fn with_prefix(&self, q: &str) -> &[u32] {
        let lo = self.sorted.partition_point(|&i| self.entry(i) < q);
        let len = self.sorted[lo..].partition_point(|&i| self.entry(i).starts_with(q));
        &self.sorted[lo..lo + len]
    }

    /// Entries containing `q` (anywhere), in file order, until `found` returns false.
    pub(super) fn containing(&self, q: &str, mut found: impl FnMut(u32) -> bool) {
        let want = signature(q);
        // An empty query's signature is 0, which every entry — alternates too — would cover.
        if q.is_empty() || want & self.any_sig != want || q.len() > self.longest {
            return;
        }
        let finder = memchr::memmem::Finder::new(q.as_bytes());
        for (id, &sig) in (0u32..).zip(&self.sigs) {
            if sig & want != want {
                continue;
            }
            if finder.find(self.scanned(self.entry(id)).as_bytes()).is_some() && !found(id) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_never_rule_out_a_real_match() {
        for (hay, needle) in [("zhangjingli", "jing"), ("13800138000", "0013"), ("总部/研发部", "研发"), ("a", "a")]
        {
            assert_eq!(signature(hay) & signature(needle), signature(needle), "{hay} / {needle}");
        }
        assert_ne!(signature("wangfang") & signature("qq"), signature("qq"));
    }

    #[test]
    fn chunk_sort_is_text_order_with_ties_in_id_order() {
        // Ties in the first eight bytes (mobiles, pinyin, e-mails, 3-character names), texts that
        // start others, empty texts, equal texts, one past the first eight bytes only, and short
        // random texts of `a`, `b` and `å` (two bytes).
        let mut texts: Vec<String> = ["", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgh", "13800138000", "13800138", "13800138001"]
            .map(String::from)
            .to_vec();
        texts.extend(["张伟", "张伟伟", "张伟", "zhang.wei@example.com", "zhang.we@example.com", "zhang.wei@example.cn"].map(String::from));
        let mut seed = 7u32;
        for _ in 0..3000 {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let len = (seed >> 8) as usize % 24;
            texts.push((0..len).map(|k| b"ab\xe5"[(seed as usize >> (k % 20)) % 3] as char).collect());
        }
        let sorted = sort_by_chunks(texts.len(), &|i| texts[i as usize].as_bytes());
        let mut want: Vec<u32> = (0..texts.len() as u32).collect();
        want.sort_by(|&a, &b| texts[a as usize].cmp(&texts[b as usize]).then(a.cmp(&b)));
        assert_eq!(sorted, want);
    }

    #[test]
    fn a_long_text_repeated_sorts_without_deep_recursion() {
        // Each run of equal chunks is sorted again eight bytes on: 112,500 levels for this text.
        let long = "长".repeat(300_000);
        let texts = [long.clone(), format!("{long}!"), long.clone(), "短".into()];
        assert_eq!(sort_by_chunks(4, &|i| texts[i as usize].as_bytes()), [3, 0, 2, 1], "短 (e7) sorts before 长 (e9)");
    }

    #[test]
    fn radix_sort_keeps_equal_keys_in_order() {
        let mut items: Vec<(u64, u32)> =
            (0..1000u32).map(|i| ((i as u64 * 7919 % 13) << 40 | (i as u64 % 3) << 63, i)).collect();
        let mut want = items.clone();
        want.sort_by_key(|p| p.0);
        radix_sort(&mut items);
        assert_eq!(items, want);
    }

    #[test]
    fn prefix_runs_and_scans() {
        let mut c = Column::new(true);
        for (p, e) in ["zhang@x.com", "zhao@x.com", "li@zhang.com", "zhang@y.com"].iter().enumerate() {
            c.push(p, e, false);
        }
        c.push(4, "zz@x.com", true);
        c.finish();
        let prefix: Vec<&str> = c.with_prefix("zha").iter().map(|&i| c.entry(i)).collect();
        assert_eq!(prefix, ["zhang@x.com", "zhang@y.com", "zhao@x.com"]);
        assert_eq!(c.exact("zhao@x.com").collect::<Vec<_>>(), [1]);
        let mut found = Vec::new();
        c.containing("zhang", |i| {
            found.push(c.owner(i));
            true
        });
        assert_eq!(found, [0, 3], "local parts only; alternates are not scanned");
        let mut first = Vec::new();
        c.containing("a", |i| {
            first.push(i);
            false
        });
        assert_eq!(first, [0], "the scan stops when asked");
        assert!(c.with_prefix("q").is_empty());
    }

    #[test]
    fn alternate_bits_past_one_word_and_the_empty_query() {
        let mut c = Column::new(false);
        for i in 0..130usize {
            c.push(i, &format!("n{i}"), matches!(i, 63 | 64 | 129));
        }
        c.finish();
        let alternates: Vec<u32> = (0..130).filter(|&i| c.is_alternate(i)).collect();
        assert_eq!(alternates, [63, 64, 129]);
        let mut found = Vec::new();
        c.containing("n6", |i| {
            found.push(i);
            true
        });
        assert_eq!(found, [6, 60, 61, 62, 65, 66, 67, 68, 69], "63 and 64 are alternates: not scanned");
        c.containing("", |_| panic!("an empty query matches nothing"));
        // Prefix rank: primaries first, then shorter, then file order.
        assert_eq!(c.best_of_run("n", c.with_prefix("n"), 3), [0, 1, 2]);
    }
}

