//! The duplicates, undo/redo and history part of the protocol (issue #4).
//!
//! Every change the worker makes — a fix, a typed edit, a merge, a mark, a deletion, a mapping
//! change, an undo or a redo — goes through the engine's edit log, and the worker answers it with
//! [`Response::Edited`](super::Response::Edited): the log's history, what can be undone or redone,
//! the rows that left the directory, and the duplicate groups as they are now. It comes last,
//! after the check: finding duplicates takes about as long as the check on a big file. For a new
//! file the page's duplicate helper may send it instead, while the reading worker checks — then
//! it can come before the check ([`crate::bridge`]).
//!
//! A group in that answer is its rows, survivor, score and reasons; the side-by-side lines (each
//! member's value per field) come only for the cards the page shows, asked for with
//! [`Request::GroupLines`](super::Request::GroupLines): a 100k-row file has some 1,600 groups,
//! and sending every group's lines after every change made a 2 MB message and a long task on the
//! page.
//!
//! The groups themselves travel beside the JSON as one buffer of `u32`s ([`GROUPS`],
//! [`encode_groups`]): the 24,000 groups of a 1M-row file took 60 ms of `serde_json` on the
//! page, one long task; the buffer decodes in a few.

use minglu::dedup::{FieldChoice, ReasonKind};
use minglu::edit::HistoryItem;
use serde::{Deserialize, Serialize};

/// One candidate group, ready to show: the rows side by side, survivor first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    /// 1-based sheet rows in the engine's merge order: the default survivor first, then the
    /// others ascending (the columns of the side-by-side view).
    pub rows: Vec<usize>,
    /// The row the engine would keep (the most complete record).
    pub into: usize,
    /// The group's score (0–1): the weakest link that still holds it together.
    pub score: f64,
    /// Every reason of its pairs, strongest first.
    pub reasons: Vec<ReasonKind>,
}

/// The side-by-side lines of one group, as its card shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLines {
    /// The group's rows as in [`GroupView::rows`] (survivor first): what identifies it.
    pub rows: Vec<usize>,
    /// One line per field some row fills: each row's value (in `rows` order), the value the
    /// default merge keeps, and whether the rows differ on it.
    pub fields: Vec<FieldChoice>,
}

/// A row no longer in the directory, for the dropped list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedRow {
    /// The 1-based sheet row.
    pub row: usize,
    /// Why, in the check's language ("merged into row 12").
    pub reason: String,
    /// The person's name, to recognise the row.
    pub name: String,
}

/// The edit log and the duplicates as they are after the request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EditState {
    /// Every step, applied and undone, labelled in the check's language.
    pub history: Vec<HistoryItem>,
    pub can_undo: bool,
    pub can_redo: bool,
    /// Rows merged away or deleted, in the order it happened.
    pub dropped: Vec<DroppedRow>,
    /// The duplicate groups of the current rows, leaving out the marked ones. Not in the JSON:
    /// they travel in the [`GROUPS`] buffer.
    #[serde(skip)]
    pub groups: Vec<GroupView>,
    /// Milliseconds the worker spent finding the duplicates.
    pub dedup_ms: f64,
}

/// The buffer of a [`Response::Edited`](super::Response::Edited) that holds its groups.
pub const GROUPS: &str = "groups";

/// The groups as `u32`s: their number, then each one as `[rows.len(), rows…, into, score's f64
/// bits (low, high), reasons.len(), reasons…]`, a reason as its place in [`ReasonKind::ALL`].
pub fn encode_groups(groups: &[GroupView]) -> Vec<u32> {
    let mut out = Vec::with_capacity(1 + groups.len() * 8);
    out.push(groups.len() as u32);
    for g in groups {
        out.push(g.rows.len() as u32);
        out.extend(g.rows.iter().map(|&r| r as u32));
        out.push(g.into as u32);
        let bits = g.score.to_bits();
        out.extend([bits as u32, (bits >> 32) as u32]);
        out.push(g.reasons.len() as u32);
        out.extend(g.reasons.iter().map(|r| ReasonKind::ALL.iter().position(|a| a == r).unwrap_or(0) as u32));
    }
    out
}

/// The groups of an [`encode_groups`] buffer; a cut or damaged buffer is an error, not a panic.
pub fn decode_groups(words: &[u32]) -> Result<Vec<GroupView>, String> {
    let bad = || "the duplicate groups do not read".to_string();
    let (&count, mut rest) = words.split_first().ok_or_else(bad)?;
    let mut take = |n: usize| -> Result<&[u32], String> {
        let (head, tail) = rest.split_at_checked(n).ok_or_else(bad)?;
        rest = tail;
        Ok(head)
    };
    // Not `with_capacity(count)`: the count is the buffer's word, not yet checked.
    let mut groups = Vec::new();
    for _ in 0..count {
        let &[n] = take(1)? else { return Err(bad()) };
        let rows = take(n as usize)?.iter().map(|&r| r as usize).collect();
        let &[into, lo, hi, m] = take(4)? else { return Err(bad()) };
        let reasons = take(m as usize)?
            .iter()
            .map(|&i| ReasonKind::ALL.get(i as usize).copied().ok_or_else(bad))
            .collect::<Result<_, _>>()?;
        let score = f64::from_bits(u64::from(lo) | (u64::from(hi) << 32));
        groups.push(GroupView { rows, into: into as usize, score, reasons });
    }
    if !rest.is_empty() {
        return Err(bad()); // words after the last group
    }
    Ok(groups)
}

/// The recipe's file name: the original's stem plus `-整理步骤` / `-recipe`.
pub fn recipe_file_name(original: Option<&str>, lang: minglu::Lang) -> String {
    let stem = crate::protocol::file_stem(original);
    let suffix = match lang {
        minglu::Lang::Zh => "整理步骤",
        minglu::Lang::En => "recipe",
    };
    format!("{stem}-{suffix}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipe_names_keep_the_original_stem() {
        assert_eq!(recipe_file_name(Some("通讯录.xlsx"), minglu::Lang::Zh), "通讯录-整理步骤.json");
        assert_eq!(recipe_file_name(None, minglu::Lang::En), "minglu-recipe.json");
    }

    #[test]
    fn state_round_trips_as_json_and_its_buffer() {
        let state = EditState {
            history: vec![HistoryItem { index: 0, label: "merge rows 3 into row 2".into(), done: true }],
            can_undo: true,
            can_redo: false,
            dropped: vec![DroppedRow { row: 3, reason: "merged into row 2".into(), name: "张三".into() }],
            groups: vec![GroupView {
                rows: vec![2, 4],
                into: 2,
                score: 0.95,
                reasons: vec![ReasonKind::SameMobile, ReasonKind::SameName],
            }],
            dedup_ms: 1.5,
        };
        let json = serde_json::to_string(&state).unwrap();
        let mut read = serde_json::from_str::<EditState>(&json).unwrap();
        assert!(read.groups.is_empty(), "the groups are not in the JSON");
        read.groups = decode_groups(&encode_groups(&state.groups)).unwrap();
        assert_eq!(read, state);
    }

    #[test]
    fn groups_round_trip_through_their_buffer() {
        let groups = vec![
            GroupView { rows: vec![7, 2, 9], into: 7, score: 0.8125, reasons: vec![ReasonKind::SameMobile, ReasonKind::SameName] },
            GroupView { rows: vec![4, 5], into: 4, score: 1.0 / 3.0, reasons: vec![] },
            GroupView { rows: vec![], into: 0, score: 0.0, reasons: ReasonKind::ALL.to_vec() },
        ];
        let words = encode_groups(&groups);
        assert_eq!(decode_groups(&words).unwrap(), groups);
        assert_eq!(decode_groups(&encode_groups(&[])).unwrap(), vec![]);
        // Cut anywhere, longer, or with a reason that is not one: an error, never a panic.
        for cut in 0..words.len() {
            assert!(decode_groups(&words[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode_groups(&[words.as_slice(), &[0]].concat()).is_err());
        assert!(decode_groups(&[u32::MAX]).is_err());
        let mut bad = encode_groups(&groups[..1]);
        *bad.last_mut().unwrap() = 99;
        assert!(decode_groups(&bad).is_err());
    }
}

#[cfg(test)]
mod request_tests {
    use crate::protocol::{Request, Response};
    use minglu::edit::MarkKind;
    use minglu::Field;

    #[test]
    fn dedup_requests_round_trip_as_json() {
        let requests = [
            Request::Undo { id: 1 },
            Request::Redo { id: 2 },
            Request::Duplicates { id: 3 },
            Request::History { id: 4 },
            Request::Merge { id: 5, into: 4, rows: vec![2], picks: [(Field::Position, 2)].into_iter().collect() },
            Request::Mark { id: 6, rows: vec![5, 7], kind: MarkKind::NotDuplicate },
            Request::Delete { id: 7, rows: vec![9] },
            Request::Recipe { id: 8 },
            Request::GroupLines { id: 9, groups: vec![vec![4, 2], vec![7, 8, 9]] },
        ];
        for (i, r) in requests.iter().enumerate() {
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(&serde_json::from_str::<Request>(&json).unwrap(), r);
            assert_eq!(r.id(), i as u32 + 1);
            assert!(!r.is_open());
        }
        // A merge without picks reads too (the field is optional).
        let merge: Request = serde_json::from_str(r#"{"merge":{"id":9,"into":2,"rows":[4]}}"#).unwrap();
        assert_eq!(merge, Request::Merge { id: 9, into: 2, rows: vec![4], picks: Default::default() });
        let edited = Response::Edited { id: 1, state: super::EditState::default() };
        let json = serde_json::to_string(&edited).unwrap();
        assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), edited);
    }
}
