//! The page's side of finding (issue #6): the search box's query and hits, the A–Z index and the
//! org tree, and the set of rows the grid is narrowed to. Every answer comes from the worker; the
//! page only drops the stale ones and turns sheet rows into grid rows.
//!
//! Find requests run beside the page's other requests (see [`AppState::ask`]): a keystroke must
//! not make the page forget the check it is waiting for. Each kind keeps its own latest id, so
//! the answer to `zj` arriving after `zjl` was typed is dropped.

use crate::check::RowFilter;
use crate::grid::Grid;
use crate::protocol::find::{Overview, PeopleSet, SearchAnswer};
use crate::protocol::{Request, RequestId, Response};
use crate::state::AppState;
use leptos::prelude::*;
use std::sync::Arc;

/// The rows the grid is narrowed to, and what they are.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveSet {
    pub set: PeopleSet,
    /// Grid rows, ascending.
    pub rows: Arc<[u32]>,
}

/// The find signals; `Copy`, part of [`AppState`].
#[derive(Clone, Copy)]
pub struct FindState {
    /// What is in the search box.
    pub query: RwSignal<String>,
    /// The answer to the latest query (`None`: nothing typed, or not answered yet).
    pub hits: RwSignal<Option<Arc<SearchAnswer>>>,
    pub overview: RwSignal<Option<Arc<Overview>>>,
    /// The set the grid shows when the filter is [`RowFilter::Set`].
    pub active: RwSignal<Option<ActiveSet>>,
    /// The set asked for and not answered yet (its button shows as pressed meanwhile).
    pub pending: RwSignal<Option<PeopleSet>>,
    latest_search: StoredValue<RequestId>,
    latest_overview: StoredValue<RequestId>,
    latest_set: StoredValue<RequestId>,
}

impl FindState {
    pub fn new() -> FindState {
        FindState {
            query: RwSignal::new(String::new()),
            hits: RwSignal::new(None),
            overview: RwSignal::new(None),
            active: RwSignal::new(None),
            pending: RwSignal::new(None),
            latest_search: StoredValue::new(0),
            latest_overview: StoredValue::new(0),
            latest_set: StoredValue::new(0),
        }
    }

    /// Another file: nothing found so far applies.
    pub fn reset(&self) {
        self.query.set(String::new());
        self.hits.set(None);
        self.overview.set(None);
        self.active.set(None);
        self.pending.set(None);
    }

    /// A find answer from the worker; stale ones are dropped. `grid` turns sheet rows into grid
    /// rows.
    pub fn receive(&self, response: Response, grid: Option<&Grid>, filter: RwSignal<RowFilter>) {
        match response {
            Response::Found { id, answer } if id == self.latest_search.get_value() => {
                self.hits.set(Some(Arc::new(answer)));
            }
            Response::Overview { id, overview } if id == self.latest_overview.get_value() => {
                self.overview.set(Some(Arc::new(overview)));
            }
            Response::SetRows { id, rows } if id == self.latest_set.get_value() => {
                let grid_rows: Arc<[u32]> = match grid {
                    Some(g) => rows.rows.iter().filter_map(|&r| g.row_of_source(r)).map(|r| r as u32).collect(),
                    None => Arc::from([]),
                };
                self.pending.set(None);
                self.active.set(Some(ActiveSet { set: rows.set, rows: grid_rows }));
                filter.set(RowFilter::Set);
            }
            _ => {} // superseded
        }
    }

    /// The hits' answer is for this query (the results list is current).
    pub fn answered(&self) -> bool {
        let q = self.query.get();
        self.hits.with(|h| h.as_ref().is_some_and(|h| h.query == q))
    }
}

impl Default for FindState {
    fn default() -> Self {
        FindState::new()
    }
}

impl AppState {
    /// Search for what is in the box now (every keystroke).
    pub fn search(&self, query: String) {
        self.find.query.set(query.clone());
        if query.trim().is_empty() {
            self.find.latest_search.set_value(0);
            self.find.hits.set(None);
            return;
        }
        let id = self.ask(|id| Request::Search { id, query });
        self.find.latest_search.set_value(id);
    }

    /// Ask for the A–Z index and the org tree of the rows as they are now (after every check),
    /// and again for the active set's rows, which may have changed with them.
    pub fn refresh_find(&self) {
        let id = self.ask(|id| Request::FindOverview { id });
        self.find.latest_overview.set_value(id);
        if self.filter.get_untracked() == RowFilter::Set {
            if let Some(active) = self.find.active.get_untracked() {
                self.show_set(active.set);
            }
        }
        let query = self.find.query.get_untracked();
        if !query.trim().is_empty() {
            self.search(query);
        }
    }

    /// Narrow the grid to a letter's or a department's people (the worker lists them).
    pub fn show_set(&self, set: PeopleSet) {
        self.find.pending.set(Some(set.clone()));
        let id = self.ask(|id| Request::PeopleSet { id, set });
        self.find.latest_set.set_value(id);
    }

    /// Show every row again.
    pub fn clear_set(&self) {
        self.find.latest_set.set_value(0);
        self.find.pending.set(None);
        self.find.active.set(None);
        if self.filter.get_untracked() == RowFilter::Set {
            self.filter.set(RowFilter::All);
        }
    }

    /// Bring a hit's row into view and select it.
    pub fn reveal_sheet_row(&self, sheet_row: u32) {
        let row = self.grid.with_untracked(|g| g.as_ref().and_then(|g| g.row_of_source(sheet_row)));
        if let Some(row) = row {
            self.reveal(row, None);
        }
    }
}
