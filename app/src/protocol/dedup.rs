//! The duplicates, undo/redo and history part of the protocol (issue #4).
//!
//! Every change the worker makes — a fix, a typed edit, a merge, a mark, a deletion, a mapping
//! change, an undo or a redo — goes through the engine's edit log, and the worker answers it with
//! [`Response::Edited`](super::Response::Edited): the log's history, what can be undone or redone,
//! the rows that left the directory, and the duplicate groups as they are now. It comes last,
//! after the check: finding duplicates takes about as long as the check on a big file.
//!
//! A group in that answer is its rows, survivor, score and reasons; the side-by-side lines (each
//! member's value per field) come only for the cards the page shows, asked for with
//! [`Request::GroupLines`](super::Request::GroupLines): a 100k-row file has some 1,600 groups,
//! and sending every group's lines after every change made a 2 MB message and a long task on the
//! page.

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
    /// The duplicate groups of the current rows, leaving out the marked ones.
    pub groups: Vec<GroupView>,
    /// Milliseconds the worker spent finding the duplicates.
    pub dedup_ms: f64,
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
    fn state_round_trips_as_json() {
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
        assert_eq!(serde_json::from_str::<EditState>(&json).unwrap(), state);
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
