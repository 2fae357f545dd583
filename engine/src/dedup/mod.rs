//! Dedup: find the same person entered twice, with the reasons and a score for every candidate.
//!
//! Real duplicates are not identical rows: `138-0013-8000` against `+86 138 0013 8000`, `张 三`
//! against `张三`, `ZhangSan@corp.com` against `zhangsan@corp.com`, a new title. So rows are
//! compared by *signals*, each a key the platforms themselves compare:
//!
//! | reason | key | weight |
//! |---|---|---|
//! | `same_userid` | account, ignoring case where the platform does (WeCom) | 0.95 |
//! | `same_mobile` | mobile as E.164 digits ([`crate::normalize::phone`]) | 0.90 |
//! | `same_email` | address lowercased, either address column | 0.90 |
//! | `same_employee_no` | employee number, leading zeros ignored | 0.85 |
//! | `same_wechat_id` | WeChat id, ignoring case | 0.85 |
//! | `same_name_department` | folded name + a shared department | 0.60 |
//! | `same_name_telephone` | folded name + the same landline | 0.55 |
//! | `lookalike_email` / `lookalike_userid` | UTS #39 skeletons equal, values not | 0.60 |
//! | `same_name` | folded name ([`fold_name`]); only *supports* another reason | 0.50 |
//!
//! **Blocking** keeps it sub-quadratic: for each signal every person's keys are hashed, sorted,
//! and only persons in the same run (block) are paired. A block larger than
//! [`DedupOptions::max_block`] is a shared value (a switchboard number, `hr@` mailbox), not
//! evidence: it is reported in [`Duplicates::common`] and pairs nothing. A name alone is never a
//! signal (thousands of 张伟 would make it quadratic, and they are different people).
//!
//! **Verification and vetoes**: every candidate pair is checked on the keys themselves (hashes
//! only propose). The weak signals (name + department, name + landline, look-alikes) are dropped
//! when the two rows carry identifiers that tell them apart — both a mobile and different, both
//! an employee number and different, or accounts that differ by more than look-alike characters.
//!
//! **Score**: a pair's score combines its reasons as independent evidence,
//! `1 − Π(1 − weight)`, halved when both rows are named and the names differ (a shared line is
//! more likely than a misspelt name), and × 0.6 for each identifier (mobile, account, employee
//! number) both rows fill differently. Pairs are joined with union-find into groups; a group's
//! score is the weakest link of its strongest spanning tree — the highest threshold at which the
//! group still holds together, so "merge groups scoring ≥ 0.9" never merges a row joined only by
//! a weaker pair.
//!
//! ```
//! use minglu::{Directory, Field, Person, Profile};
//! let row = |r: usize, name: &str, mobile: &str| {
//!     let mut p = Person { source_row: r, ..Person::default() };
//!     p.fields.insert(Field::Name, name.into());
//!     p.fields.insert(Field::Mobile, mobile.into());
//!     p
//! };
//! let dir = Directory {
//!     people: vec![row(2, "张三", "138-0013-8000"), row(3, "李四", "13900139000"), row(4, "张 三", "+86 138 0013 8000")],
//!     extra_headers: vec![],
//! };
//! let groups = minglu::dedup::find_duplicates(&dir, Profile::Generic);
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].rows, vec![2, 4]);
//! assert_eq!(groups[0].score, 0.95);
//! ```

mod fold;
mod keys;
pub mod merge;

pub use fold::{fold_name, simplify};
pub use keys::{email_of, employee_no_of, field_key, mobile_of, userid_of, wechat_of};
pub use merge::{default_survivor, plan_merge, ExtraChoice, FieldChoice, MergePlan};

use crate::validate::{FastMap, Rules};
use crate::normalize::account::UseridRule;
use crate::{Directory, Field, Person, Profile};
use keys::{hash_key, Identity, KeyBuf, KeyCtx, Signal};
use serde::{Deserialize, Serialize};

/// Why two rows may be one person. Serialized as its key (`"same_mobile"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    SameUserid,
    SameMobile,
    SameEmail,
    SameEmployeeNo,
    SameWechatId,
    SameNameDepartment,
    SameNameTelephone,
    LookalikeEmail,
    LookalikeUserid,
    /// The same folded name; only ever added to a pair another reason found.
    SameName,
}

impl ReasonKind {
    pub const ALL: [ReasonKind; 10] = [
        ReasonKind::SameUserid,
        ReasonKind::SameMobile,
        ReasonKind::SameEmail,
        ReasonKind::SameEmployeeNo,
        ReasonKind::SameWechatId,
        ReasonKind::SameNameDepartment,
        ReasonKind::SameNameTelephone,
        ReasonKind::LookalikeEmail,
        ReasonKind::LookalikeUserid,
        ReasonKind::SameName,
    ];

    /// The stable key, as in JSON.
    pub fn key(self) -> &'static str {
        match self {
            ReasonKind::SameUserid => "same_userid",
            ReasonKind::SameMobile => "same_mobile",
            ReasonKind::SameEmail => "same_email",
            ReasonKind::SameEmployeeNo => "same_employee_no",
            ReasonKind::SameWechatId => "same_wechat_id",
            ReasonKind::SameNameDepartment => "same_name_department",
            ReasonKind::SameNameTelephone => "same_name_telephone",
            ReasonKind::LookalikeEmail => "lookalike_email",
            ReasonKind::LookalikeUserid => "lookalike_userid",
            ReasonKind::SameName => "same_name",
        }
    }

    /// How much this reason alone says the rows are one person (0–1).
    pub fn weight(self) -> f64 {
        match self {
            ReasonKind::SameUserid => 0.95,
            ReasonKind::SameMobile | ReasonKind::SameEmail => 0.9,
            ReasonKind::SameEmployeeNo | ReasonKind::SameWechatId => 0.85,
            ReasonKind::SameNameDepartment | ReasonKind::LookalikeEmail | ReasonKind::LookalikeUserid => 0.6,
            ReasonKind::SameNameTelephone => 0.55,
            ReasonKind::SameName => 0.5,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ReasonKind::SameUserid => "账号相同",
            ReasonKind::SameMobile => "手机相同",
            ReasonKind::SameEmail => "邮箱相同",
            ReasonKind::SameEmployeeNo => "工号相同",
            ReasonKind::SameWechatId => "微信号相同",
            ReasonKind::SameNameDepartment => "同名且同部门",
            ReasonKind::SameNameTelephone => "同名且座机相同",
            ReasonKind::LookalikeEmail => "邮箱只差形近字符",
            ReasonKind::LookalikeUserid => "账号只差形近字符",
            ReasonKind::SameName => "姓名相同",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ReasonKind::SameUserid => "same account",
            ReasonKind::SameMobile => "same mobile",
            ReasonKind::SameEmail => "same e-mail",
            ReasonKind::SameEmployeeNo => "same employee number",
            ReasonKind::SameWechatId => "same WeChat id",
            ReasonKind::SameNameDepartment => "same name and department",
            ReasonKind::SameNameTelephone => "same name and landline",
            ReasonKind::LookalikeEmail => "e-mails differ only by look-alike characters",
            ReasonKind::LookalikeUserid => "accounts differ only by look-alike characters",
            ReasonKind::SameName => "same name",
        }
    }

    /// An exact match of an identifier the platforms keep unique.
    fn is_identifier(self) -> bool {
        matches!(
            self,
            ReasonKind::SameUserid
                | ReasonKind::SameMobile
                | ReasonKind::SameEmail
                | ReasonKind::SameEmployeeNo
                | ReasonKind::SameWechatId
        )
    }

    fn names_the_person(self) -> bool {
        matches!(self, ReasonKind::SameNameDepartment | ReasonKind::SameNameTelephone)
    }
}

/// One reason with the value the rows share (as compared: `8613800138000`, `zhangsan@corp.com`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub kind: ReasonKind,
    pub value: String,
}

/// Two rows and why they may be one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// 1-based sheet rows, the smaller first.
    pub rows: [usize; 2],
    /// 0–1, three decimals.
    pub score: f64,
    pub reasons: Vec<Reason>,
    /// Fields both rows fill with values that differ as the field compares them (a new title,
    /// another department): what a reviewer looks at before merging.
    pub differs: Vec<Field>,
}

/// Candidate duplicates: rows joined by pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// 1-based sheet rows, ascending.
    pub rows: Vec<usize>,
    /// Every reason of its pairs, strongest first.
    pub reasons: Vec<ReasonKind>,
    /// The weakest link of the strongest spanning tree of its pairs (see the module docs).
    pub score: f64,
    /// The evidence, ordered by rows.
    pub pairs: Vec<Pair>,
}

/// A value shared by more rows than [`DedupOptions::max_block`]: not used as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommonValue {
    pub reason: ReasonKind,
    pub value: String,
    /// How many rows share it.
    pub count: usize,
    /// The first few of them (1-based sheet rows).
    pub rows: Vec<usize>,
}

/// Everything dedup found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Duplicates {
    /// Ordered by first row.
    pub groups: Vec<Group>,
    /// Ordered by reason, then value.
    pub common: Vec<CommonValue>,
}

/// How to look for duplicates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupOptions {
    /// Accounts are compared the way this profile's platform compares them.
    pub profile: Profile,
    /// A key shared by more rows than this is a shared value, not evidence (default 16).
    pub max_block: usize,
    /// Pairs scoring below this are left out before grouping (default 0: every candidate).
    pub min_score: f64,
    /// Sets of rows marked "keep separate" or "not a duplicate": no pair inside one set counts.
    #[serde(default)]
    pub separate: Vec<Vec<usize>>,
    /// List the fields each pair differs on ([`Pair::differs`], default true), as `minglu dedup`
    /// and the check report show them. Comparing every field of every pair as its field compares
    /// (a department path by its similarity key) was an eighth of the search; a caller that
    /// compares a group's rows itself (the app's side-by-side view, `merge::plan_merge`) leaves
    /// it out, and `differs` stays empty.
    #[serde(default = "differences_by_default")]
    pub differences: bool,
}

fn differences_by_default() -> bool {
    true
}

impl DedupOptions {
    pub fn new(profile: Profile) -> DedupOptions {
        DedupOptions { profile, max_block: 16, min_score: 0.0, separate: Vec::new(), differences: true }
    }
}

const COMMON_ROWS_SHOWN: usize = 5;

/// The candidate duplicate groups of `directory`, compared as `profile`'s platform compares.
/// What `minglu dedup` prints and the `check` report's `duplicates` list holds.
pub fn find_duplicates(directory: &Directory, profile: Profile) -> Vec<Group> {
    analyze(directory, &DedupOptions::new(profile)).groups
}

/// [`find_duplicates`] with options, and the shared values that were not used as evidence.
/// About this many people, spread over the directory, are counted keys of before the entries
/// are reserved for everyone.
const SAMPLED_PEOPLE: usize = 1024;
/// Entries left free before the next person's keys, else more are reserved.
const ROOM: usize = 64;

/// Room for `keys` entries expected: a sixteenth more, and [`ROOM`].
fn room_for(keys: u64) -> usize {
    usize::try_from(keys + keys / 16).unwrap_or(usize::MAX).saturating_add(ROOM)
}

pub fn analyze(directory: &Directory, options: &DedupOptions) -> Duplicates {
    let people = &directory.people;
    let ctx = KeyCtx { rule: Rules::of(options.profile).userid };
    let max_block = options.max_block.max(2);
    let mut common = Vec::new();
    let mut buf = KeyBuf::default();

    // One pass over the people (each person's fields are scattered over the heap: touching them
    // once instead of once per signal is most of the speed): one entry per key, and the person's
    // identifier hashes for the vetoes. An entry is one u64 — the signal in the top 4 bits, then
    // the key's hash, then the person's index — so one sort of plain integers makes the blocks
    // (runs of equal signal and hash). With 1M people the hash keeps 40 bits: a collision only
    // proposes a pair, which verification on the keys then refuses.
    let idx_bits = (usize::BITS - people.len().leading_zeros()).max(1);
    let block = |signal: Signal, hash: u64| ((signal as u64) << (60 - idx_bits)) | (hash >> (4 + idx_bits));
    //
    // The entries are reserved at once for the keys a sample of the people gives, scaled to
    // everyone (about six a person in a WeCom export), before anything else is allocated: nine a
    // person was 69 MiB of a wasm worker's memory at 1M people, a third of it unused; reserved
    // only after the first people's keys, the list came after `ids` and no longer fitted the
    // room the read had left, and the worker grew by 49 MiB instead of 30. A list that doubles
    // as it grows is, while it grows, the old list and the new one.
    let step = (people.len() / SAMPLED_PEOPLE).max(1);
    let (mut sampled, mut sample_keys) = (0u64, 0u64);
    for person in people.iter().step_by(step) {
        for signal in Signal::ALL {
            ctx.keys(person, signal, &mut buf);
            sample_keys += buf.iter().count() as u64;
        }
        sampled += 1;
    }
    let estimate = (people.len() as u64 * sample_keys).checked_div(sampled).unwrap_or(0);
    let mut entries: Vec<u64> = Vec::with_capacity(room_for(estimate));
    let mut ids: Vec<Identity> = Vec::with_capacity(people.len());
    let mut exact = KeyBuf::default();
    for (i, person) in people.iter().enumerate() {
        if entries.capacity() - entries.len() < ROOM && i > 0 {
            // More keys than the sample said: reserve for the rest as the people so far give them.
            let rest = (people.len() - i) as u64 * entries.len() as u64 / i as u64;
            entries.reserve_exact(room_for(rest));
        }
        let mut id = Identity::default();
        for signal in Signal::ALL {
            ctx.keys(person, signal, &mut buf);
            for (n, k) in buf.iter().enumerate() {
                let h = hash_key(signal, k);
                match (n, signal) {
                    (0, Signal::Userid) => id.userid_skeleton = h,
                    (0, Signal::Mobile) => id.mobile = h,
                    (0, Signal::EmployeeNo) => id.employee_no = h,
                    _ => {}
                }
                entries.push((block(signal, h) << idx_bits) | i as u64);
            }
            if signal == Signal::Userid && id.userid_skeleton != 0 {
                // Its skeleton was taken of the exact key: not computed again.
                id.userid = hash_key(signal, buf.exact_userid());
            }
        }
        ids.push(id);
    }
    entries.sort_unstable();
    // Two address columns with one address: one entry.
    entries.dedup();
    let person_of = |e: u64| (e & ((1u64 << idx_bits) - 1)) as u32;
    let mut candidates: Vec<(u64, u16)> = Vec::new();
    for run in entries.chunk_by(|a, b| a >> idx_bits == b >> idx_bits).filter(|r| r.len() > 1) {
        let signal = Signal::ALL[(run[0] >> 60) as usize];
        if run.len() > max_block {
            let first = &people[person_of(run[0]) as usize];
            ctx.keys(first, signal, &mut buf);
            let at = buf.iter().position(|k| block(signal, hash_key(signal, k)) == run[0] >> idx_bits).unwrap_or(0);
            // Accounts and addresses block on skeletons: show the value itself.
            ctx.exact(first, signal, &mut exact);
            let value = exact.iter().nth(at).unwrap_or_default().replace('\u{1F}', " · ");
            let rows = run.iter().take(COMMON_ROWS_SHOWN).map(|&e| people[person_of(e) as usize].source_row).collect();
            common.push(CommonValue { reason: signal.reason(), value, count: run.len(), rows });
            continue;
        }
        for (x, &ea) in run.iter().enumerate() {
            let a = person_of(ea);
            for &eb in &run[x + 1..] {
                let b = person_of(eb);
                // A weak signal counts only between rows whose identifiers do not tell them
                // apart: namesakes in one department are common, and each has their own mobile.
                if !signal.identifier() && ids[a as usize].conflicts(&ids[b as usize]) > 0 {
                    continue;
                }
                candidates.push((((a as u64) << 32) | b as u64, signal.bit()));
            }
        }
    }
    drop(entries);
    // One entry per pair, with the bits of all its signals.
    candidates.sort_unstable_by_key(|c| c.0);
    let mut keys: Vec<(u64, u16)> = Vec::with_capacity(candidates.len());
    for (key, bit) in candidates {
        match keys.last_mut() {
            Some(last) if last.0 == key => last.1 |= bit,
            _ => keys.push((key, bit)),
        }
    }
    let separate = separate_pairs(directory, &options.separate);
    let mut pairs: Vec<(u32, u32, Pair)> = Vec::new();
    let mut bufs = (KeyBuf::default(), KeyBuf::default());
    for (key, bits) in keys {
        let (a, b) = ((key >> 32) as u32, key as u32);
        if separate.contains(&(a, b)) {
            continue;
        }
        let (ia, ib) = (ids[a as usize], ids[b as usize]);
        if let Some(pair) = verify(directory, &ctx, (a as usize, ia), (b as usize, ib), bits, options.differences, &mut bufs) {
            if pair.score >= options.min_score {
                pairs.push((a, b, pair));
            }
        }
    }
    common.sort_by(|x, y| (x.reason, &x.value).cmp(&(y.reason, &y.value)));
    Duplicates { groups: build_groups(people.len(), pairs), common }
}

/// The person-index pairs inside the "keep separate" sets.
fn separate_pairs(directory: &Directory, sets: &[Vec<usize>]) -> std::collections::HashSet<(u32, u32)> {
    let mut out = std::collections::HashSet::new();
    if sets.is_empty() {
        return out;
    }
    let index: FastMap<usize, u32> =
        directory.people.iter().enumerate().map(|(i, p)| (p.source_row, i as u32)).collect();
    for set in sets {
        let idx: Vec<u32> = set.iter().filter_map(|r| index.get(r).copied()).collect();
        for (x, &a) in idx.iter().enumerate() {
            for &b in &idx[x + 1..] {
                out.insert((a.min(b), a.max(b)));
            }
        }
    }
    out
}

/// Check a candidate pair on its keys, apply the vetoes, and score it.
fn verify(
    directory: &Directory,
    ctx: &KeyCtx,
    (a, ida): (usize, Identity),
    (b, idb): (usize, Identity),
    bits: u16,
    differences: bool,
    (ka, kb): &mut (KeyBuf, KeyBuf),
) -> Option<Pair> {
    let (pa, pb) = (&directory.people[a], &directory.people[b]);
    let mut reasons: Vec<Reason> = Vec::new();
    let skeleton = crate::normalize::confusable::skeleton;
    for signal in Signal::ALL.into_iter().filter(|s| bits & s.bit() != 0) {
        ctx.exact(pa, signal, ka);
        ctx.exact(pb, signal, kb);
        if let Some(k) = ka.iter().find(|k| kb.contains(k)) {
            reasons.push(Reason { kind: signal.reason(), value: k.replace('\u{1F}', " · ") });
        } else if let Some(kind) = signal.lookalike() {
            // The skeletons met and the values did not: `zhangsl@x.com ≈ zhangs1@x.com`.
            let pair =
                ka.iter().find_map(|x| kb.iter().find(|y| skeleton(x) == skeleton(y)).map(|y| format!("{x} ≈ {y}")));
            if let Some(value) = pair {
                reasons.push(Reason { kind, value });
            }
        }
    }
    let conflicts = ida.conflicts(&idb);
    let strong = reasons.iter().any(|r| r.kind.is_identifier());
    if reasons.is_empty() || (!strong && conflicts > 0) {
        return None;
    }
    let (name_a, name_b) = (fold_name(pa.get(Field::Name)), fold_name(pb.get(Field::Name)));
    // 1: the same folded name; -1: both named, differently; 0: a name is missing.
    let names = match (name_a.is_empty() || name_b.is_empty(), name_a == name_b) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => -1,
    };
    if names == 1 && !reasons.iter().any(|r| r.kind.names_the_person()) {
        reasons.push(Reason { kind: ReasonKind::SameName, value: name_a });
    }
    let miss: f64 = reasons.iter().map(|r| 1.0 - r.kind.weight()).product();
    let mut score = 1.0 - miss;
    if names == -1 {
        score *= 0.5;
    }
    // A shared address or WeChat id between rows whose mobiles and accounts differ is more likely
    // a copy-paste slip than one person: still shown, ranked low.
    score *= 0.6f64.powi(conflicts as i32);
    let differs = if differences { fields_differing(pa, pb, &ctx.rule) } else { Vec::new() };
    let rows = [pa.source_row.min(pb.source_row), pa.source_row.max(pb.source_row)];
    Some(Pair { rows, score: round3(score), reasons, differs })
}

/// The fields both people fill with values that differ as the field compares them.
fn fields_differing(pa: &Person, pb: &Person, rule: &UseridRule) -> Vec<Field> {
    let (mut x_key, mut y_key) = (String::new(), String::new());
    Field::ALL
        .into_iter()
        .filter(|&f| {
            let (x, y) = (pa.get(f).trim(), pb.get(f).trim());
            if x.is_empty() || y.is_empty() || x == y {
                return false;
            }
            x_key.clear();
            y_key.clear();
            keys::field_key_into(f, x, rule, &mut x_key);
            keys::field_key_into(f, y, rule, &mut y_key);
            x_key != y_key
        })
        .collect()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Disjoint sets over `0..n` (path halving, union by smaller root: deterministic).
struct Dsu(Vec<u32>);

impl Dsu {
    fn new(n: usize) -> Dsu {
        Dsu((0..n as u32).collect())
    }
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let grand = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = grand;
            x = grand;
        }
        x
    }
    /// Join the sets of `a` and `b`; false when they were one already.
    fn union(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        self.0[ra.max(rb) as usize] = ra.min(rb);
        true
    }
}

/// Union-find over the verified pairs; groups ordered by first row.
fn build_groups(n: usize, pairs: Vec<(u32, u32, Pair)>) -> Vec<Group> {
    let mut sets = Dsu::new(n);
    for (a, b, _) in &pairs {
        sets.union(*a, *b);
    }
    let mut by_root: std::collections::BTreeMap<u32, Vec<Pair>> = std::collections::BTreeMap::new();
    for (a, _, pair) in pairs {
        by_root.entry(sets.find(a)).or_default().push(pair);
    }
    let mut groups: Vec<Group> = by_root.into_values().map(group_of).collect();
    groups.sort_by(|x, y| x.rows.cmp(&y.rows));
    groups
}

fn group_of(mut pairs: Vec<Pair>) -> Group {
    pairs.sort_by_key(|p| p.rows);
    let mut rows: Vec<usize> = pairs.iter().flat_map(|p| p.rows).collect();
    rows.sort_unstable();
    rows.dedup();
    let mut reasons: Vec<ReasonKind> = pairs.iter().flat_map(|p| p.reasons.iter().map(|r| r.kind)).collect();
    reasons.sort_unstable();
    reasons.dedup();
    // Kruskal from the strongest pair down: the score at which the last row joins.
    let mut order: Vec<&Pair> = pairs.iter().collect();
    order.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.rows.cmp(&y.rows)));
    let pos = |r: usize| rows.binary_search(&r).unwrap_or(0) as u32;
    let mut sets = Dsu::new(rows.len());
    let mut joined = 1;
    let mut score = order.first().map_or(0.0, |p| p.score);
    for p in order {
        if sets.union(pos(p.rows[0]), pos(p.rows[1])) {
            score = p.score;
            joined += 1;
            if joined == rows.len() {
                break;
            }
        }
    }
    Group { rows, reasons, score, pairs }
}
