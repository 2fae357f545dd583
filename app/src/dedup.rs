//! The page's side of duplicates, undo/redo and history (issue #4): what the worker last said
//! about the edit log and the duplicate groups, which group the person is on, the values they
//! picked, and the actions the view calls. Every action is a request; the worker decides.

use crate::protocol::dedup::{EditState, GroupLines};
use crate::protocol::Request;
use crate::state::AppState;
use leptos::prelude::*;
use minglu::edit::MarkKind;
use minglu::Field;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Which tab of the drawer is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Duplicates,
    History,
    Dropped,
}

/// The duplicates view's signals; `Copy`, part of [`AppState`].
#[derive(Clone, Copy)]
pub struct DedupState {
    /// The worker's last word on the log and the groups (`None` before a file is open).
    pub edits: RwSignal<Option<Arc<EditState>>>,
    /// Is the drawer open?
    pub open: RwSignal<bool>,
    pub tab: RwSignal<Tab>,
    /// The group the keyboard acts on (index into `groups`).
    pub current: RwSignal<usize>,
    /// Values picked for the current group's merge: field → the row whose value is kept.
    pub picks: RwSignal<BTreeMap<Field, usize>>,
    /// Is an answer with the log and the groups still to come (they follow the check)?
    pub pending: RwSignal<bool>,
    /// The side-by-side lines of the groups whose cards were shown, by the group's rows; asked
    /// for card by card and forgotten with every new answer (values may have changed).
    pub lines: RwSignal<BTreeMap<Vec<usize>, Arc<GroupLines>>>,
    /// Groups whose lines were asked for and have not come yet.
    asked: StoredValue<BTreeSet<Vec<usize>>>,
}

impl DedupState {
    pub fn new() -> DedupState {
        DedupState {
            edits: RwSignal::new(None),
            open: RwSignal::new(false),
            tab: RwSignal::new(Tab::default()),
            current: RwSignal::new(0),
            picks: RwSignal::new(BTreeMap::new()),
            pending: RwSignal::new(false),
            lines: RwSignal::new(BTreeMap::new()),
            asked: StoredValue::new(BTreeSet::new()),
        }
    }

    /// A new answer: keep the cursor on the same place in the list (the group acted on is gone,
    /// so the next one moves up under it); picks belong to a group that may be gone.
    pub fn receive(&self, state: EditState) {
        let n = state.groups.len();
        let groups_changed =
            self.edits.with_untracked(|e| e.as_ref().map(|e| e.groups != state.groups).unwrap_or(true));
        if groups_changed {
            self.picks.set(BTreeMap::new());
        }
        self.current.update(|c| *c = (*c).min(n.saturating_sub(1)));
        self.forget_lines();
        self.edits.set(Some(Arc::new(state)));
        self.pending.set(false);
    }

    /// Lines the worker sent for the cards shown.
    pub fn receive_lines(&self, lines: Vec<GroupLines>) {
        self.asked.update_value(|a| {
            for l in &lines {
                a.remove(&l.rows);
            }
        });
        self.lines.update(|m| m.extend(lines.into_iter().map(|l| (l.rows.clone(), Arc::new(l)))));
    }

    fn forget_lines(&self) {
        self.asked.set_value(BTreeSet::new());
        self.lines.set(BTreeMap::new());
    }

    /// Another file: nothing to show until its first answer.
    pub fn clear(&self) {
        self.forget_lines();
        self.edits.set(None);
        self.current.set(0);
        self.picks.set(BTreeMap::new());
    }

    pub fn group_count(&self) -> usize {
        self.edits.with(|e| e.as_ref().map_or(0, |e| e.groups.len()))
    }
}

impl Default for DedupState {
    fn default() -> Self {
        DedupState::new()
    }
}

impl AppState {
    pub fn undo(&self) {
        if self.dedup.edits.with_untracked(|e| e.as_ref().is_some_and(|e| e.can_undo)) {
            self.notice.set(None);
            self.send(|id| Request::Undo { id }, None);
        }
    }

    pub fn redo(&self) {
        if self.dedup.edits.with_untracked(|e| e.as_ref().is_some_and(|e| e.can_redo)) {
            self.notice.set(None);
            self.send(|id| Request::Redo { id }, None);
        }
    }

    /// Ask the worker for the lines of these groups (by their rows) that are neither shown nor
    /// asked for already; beside the other requests, so it never supersedes one.
    pub fn want_lines(&self, groups: Vec<Vec<usize>>) {
        let d = self.dedup;
        let have = d.lines.with_untracked(|m| groups.iter().map(|g| m.contains_key(g)).collect::<Vec<_>>());
        let missing: Vec<Vec<usize>> = groups
            .into_iter()
            .zip(have)
            .filter(|(g, have)| !have && !d.asked.with_value(|a| a.contains(g)))
            .map(|(g, _)| g)
            .collect();
        if missing.is_empty() {
            return;
        }
        d.asked.update_value(|a| a.extend(missing.iter().cloned()));
        self.ask(|id| Request::GroupLines { id, groups: missing });
    }

    /// Merge group `index` into the engine's survivor, with the values picked for it.
    pub fn merge_group(&self, index: usize) {
        let Some(group) = self.dedup.edits.with_untracked(|e| e.as_ref().and_then(|e| e.groups.get(index).cloned()))
        else {
            return;
        };
        let picks = if self.dedup.current.get_untracked() == index {
            self.dedup.picks.get_untracked()
        } else {
            BTreeMap::new()
        };
        let into = group.into;
        let rows: Vec<usize> = group.rows.iter().copied().filter(|&r| r != into).collect();
        self.send(|id| Request::Merge { id, into, rows, picks }, None);
    }

    /// Remember group `index` as kept separate or not a duplicate.
    pub fn mark_group(&self, index: usize, kind: MarkKind) {
        let Some(rows) =
            self.dedup.edits.with_untracked(|e| e.as_ref().and_then(|e| e.groups.get(index).map(|g| g.rows.clone())))
        else {
            return;
        };
        let mut rows = rows;
        rows.sort_unstable();
        self.send(|id| Request::Mark { id, rows, kind }, None);
    }

    /// Remove one row (an entry nobody needs): it goes to the removed list as "deleted", and
    /// undo brings it back.
    pub fn delete_row(&self, row: usize) {
        self.send(|id| Request::Delete { id, rows: vec![row] }, None);
    }

    /// Pick, for group `index`'s merge, the value of `row` for `field`.
    pub fn pick(&self, index: usize, field: Field, row: usize) {
        if self.dedup.current.get_untracked() != index {
            self.dedup.current.set(index);
            self.dedup.picks.set(BTreeMap::new());
        }
        self.dedup.picks.update(|p| {
            p.insert(field, row);
        });
    }

    /// Download the applied steps as the recipe `minglu apply` replays.
    pub fn download_recipe(&self) {
        self.send(|id| Request::Recipe { id }, None);
    }
}
