//! The reconciliation view's state (issue #6): the roster's comparison with the open file as the
//! worker last answered it, and the actions that ask for it. The worker reads the roster,
//! compares and writes the files; this module only asks and keeps the answer.

use crate::protocol::diff::{DiffFileKind, DiffParams, DiffView};
use crate::protocol::Request;
use crate::transport::Attachment;
use crate::state::{AppState, Status};
use leptos::prelude::*;
use leptos::task::spawn_local;
use minglu::export::Destination;
use std::sync::Arc;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

/// The view's signals; `Copy`, a field of [`AppState`].
#[derive(Clone, Copy)]
pub struct DiffState {
    /// Is the view open (a roster chosen, or the person asked for it)?
    pub open: RwSignal<bool>,
    /// The roster's name while it is being read (the answer carries it too).
    pub roster_name: RwSignal<Option<String>>,
    /// The last comparison.
    pub view: RwSignal<Option<Arc<DiffView>>>,
    pub params: RwSignal<DiffParams>,
    /// The incremental import's destination; `None`: the open file's platform's template.
    pub destination: RwSignal<Option<Destination>>,
    /// Is a comparison on its way?
    pub pending: RwSignal<bool>,
    /// Why the last comparison failed (shown in the view).
    pub error: RwSignal<Option<String>>,
}

impl DiffState {
    pub fn new() -> DiffState {
        DiffState {
            open: RwSignal::new(false),
            roster_name: RwSignal::new(None),
            view: RwSignal::new(None),
            params: RwSignal::new(DiffParams::default()),
            destination: RwSignal::new(None),
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// The worker's comparison arrived.
    pub fn on_view(&self, view: DiffView) {
        self.pending.set(false);
        self.error.set(None);
        self.view.set(Some(Arc::new(view)));
    }

    /// A request failed: when it was the comparison, say so in the view.
    pub fn on_failed(&self, message: &str) {
        if self.pending.get_untracked() {
            self.pending.set(false);
            self.view.set(None);
            self.error.set(Some(message.to_string()));
        }
    }

    /// Is there a roster to compare with (an answer about one arrived)?
    pub fn has_roster(&self) -> bool {
        self.view.with_untracked(Option::is_some)
    }
}

impl Default for DiffState {
    fn default() -> Self {
        DiffState::new()
    }
}

impl AppState {
    /// Read the roster the person chose or dropped and compare the open file with it.
    pub fn diff_roster(&self, file: File) {
        let this = *self;
        let diff = this.diff;
        let name = Some(file.name()).filter(|n| !n.is_empty());
        diff.open.set(true);
        diff.roster_name.set(name.clone());
        diff.pending.set(true);
        diff.error.set(None);
        this.status.set(Status::Working { done: 0, total: file.size() as u64 });
        spawn_local(async move {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let params = diff.params.get_untracked();
                    this.send(|id| Request::Diff { id, roster_name: name, params }, Some(Attachment::Bytes(buffer.into())));
                }
                Err(e) => {
                    let message = e.as_string().unwrap_or_else(|| format!("{e:?}"));
                    diff.on_failed(&message);
                    this.status.set(Status::Failed(message));
                }
            }
        });
    }

    /// Compare again with the kept roster (another key, the sides swapped, the file edited).
    pub fn diff_again(&self) {
        if !self.diff.has_roster() && self.diff.error.with_untracked(Option::is_none) {
            return;
        }
        self.diff.pending.set(true);
        let params = self.diff.params.get_untracked();
        self.send(|id| Request::Diff { id, roster_name: None, params }, None);
    }

    /// Change the key or the sides, and compare again.
    pub fn diff_set_params(&self, params: DiffParams) {
        self.diff.params.set(params);
        self.diff_again();
    }

    /// Ask the worker for one of the comparison's files; it arrives as a download.
    pub fn diff_download(&self, kind: DiffFileKind) {
        let params = self.diff.params.get_untracked();
        let lang = match self.lang.get_untracked() {
            crate::i18n::Lang::Zh => minglu::Lang::Zh,
            crate::i18n::Lang::En => minglu::Lang::En,
        };
        self.send(|id| Request::DiffFile { id, params, kind, lang }, None);
    }
}
