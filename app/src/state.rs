//! The UI's state: signals, and the actions components call. Every action is a request to the
//! worker; every answer lands in a signal. No rule about directories lives here.

use crate::bridge::{Bridge, Event};
use crate::check::{CheckView, RowFilter};
use crate::find::FindState;
use crate::grid::Grid;
use crate::i18n::{t, Lang};
use crate::protocol::check::{Applied, ReportFormat};
use crate::protocol::{Request, Summary};
use crate::transport::Attachment;
use leptos::prelude::*;
use minglu::{Code, Edit, Field, Profile};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::File;

/// Where the page is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Status {
    /// Nothing asked yet, or the last answer arrived.
    #[default]
    Idle,
    /// Waiting for the worker: `done` of `total` (0 of 0 before the first progress report).
    Working { done: u64, total: u64 },
    /// The last request failed; the message is for a person.
    Failed(String),
}

/// A cell of the grid: grid row (not sheet row) and 0-based column.
pub type CellAt = (usize, usize);

/// A request to bring a cell into view (the nonce makes a second click on the same issue scroll
/// again after the person scrolled away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reveal {
    pub row: usize,
    pub col: Option<usize>,
    /// Centre the row (an issue was clicked) rather than scroll as little as possible (arrows).
    pub center: bool,
    pub nonce: u64,
}

/// Something that just happened, said once above the issues ("fixed 120 cells").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A fix or an edit: how many cells changed of how many asked.
    Applied(Applied),
}

/// The app's signals and its handle on the worker; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub status: RwSignal<Status>,
    pub summary: RwSignal<Option<Summary>>,
    pub grid: RwSignal<Option<Arc<Grid>>>,
    /// Bumped when another file, sheet or encoding gives a new grid (the grid scrolls to the
    /// top); not by cell patches.
    pub grid_epoch: RwSignal<u64>,
    /// The last check, indexed; `None` until the first check of the file arrives.
    pub check: RwSignal<Option<Arc<CheckView>>>,
    /// Is the worker checking the rows (after a change, before its answer)?
    pub checking: RwSignal<bool>,
    /// A new reading's check is right behind its first screen (`Response::Opened`'s
    /// `check_follows`): the grid draws its rows once the check is in, with its marks.
    pub check_due: RwSignal<bool>,
    /// Which rows the grid shows.
    pub filter: RwSignal<RowFilter>,
    /// The selected cell (clicked, or reached from an issue): grid row, and the column unless the
    /// issue is about the row as a whole.
    pub selected: RwSignal<Option<(usize, Option<usize>)>>,
    /// The cell being edited.
    pub editing: RwSignal<Option<CellAt>>,
    /// Scroll the grid to this cell.
    pub reveal: RwSignal<Option<Reveal>>,
    pub notice: RwSignal<Option<Notice>>,
    /// The page's time to decode the last check's issues and index them (ms).
    pub page_ms: RwSignal<f64>,
    /// The duplicates view, the undo/redo buttons and the history (issue #4): see [`crate::dedup`].
    pub dedup: crate::dedup::DedupState,
    /// Search, the A–Z index, the org tree and the grid's set filter (issue #6).
    pub find: FindState,
    /// The reconciliation view (issue #6).
    pub diff: crate::diff::DiffState,
    /// The export and decrypt dialogs (issue #5).
    pub export: crate::export::ExportState,
    bridge: StoredValue<Bridge, LocalStorage>,
    /// Bumped by every new file: a file still being loaded from disk when another one (or the
    /// sample) was asked for is dropped.
    epoch: StoredValue<u64>,
}

impl AppState {
    pub fn new() -> AppState {
        let lang = RwSignal::new(Lang::default());
        let status = RwSignal::new(Status::Idle);
        let summary = RwSignal::new(None::<Summary>);
        let grid = RwSignal::new(None::<Arc<Grid>>);
        let grid_epoch = RwSignal::new(0u64);
        let check = RwSignal::new(None::<Arc<CheckView>>);
        let checking = RwSignal::new(false);
        let check_due = RwSignal::new(false);
        let filter = RwSignal::new(RowFilter::All);
        let selected = RwSignal::new(None::<(usize, Option<usize>)>);
        let editing = RwSignal::new(None::<CellAt>);
        let notice = RwSignal::new(None::<Notice>);
        let page_ms = RwSignal::new(0.0);
        let dedup = crate::dedup::DedupState::new();
        let find = FindState::new();
        let diff = crate::diff::DiffState::new();
        let export = crate::export::ExportState::new();
        let bridge = Bridge::new(move |event| match event {
            Event::Progress { done, total } => status.set(Status::Working { done, total }),
            Event::Opened { summary: s, grid: g, check_follows } => {
                check_due.set(check_follows);
                summary.set(Some(s));
                grid.set(Some(Arc::new(g)));
                grid_epoch.update(|e| *e += 1);
                // The old check names other rows; the new one follows.
                check.set(None);
                selected.set(None);
                editing.set(None);
                checking.set(true);
                if filter.get_untracked() == RowFilter::Set {
                    filter.set(RowFilter::All); // its rows were another reading's
                }
            }
            Event::Remapped { summary: s } => {
                summary.set(Some(s));
                checking.set(true);
            }
            Event::Patched { cells } => {
                grid.update(|g| {
                    if let Some(g) = g {
                        let changes: Vec<_> = cells
                            .into_iter()
                            .filter_map(|p| Some((g.row_of_source(p.row)?, p.column as usize, p.text, p.kind)))
                            .collect();
                        // A new grid (not patched in place): the rows, keyed by its address, are
                        // built again with the new text.
                        let mut patched = Grid::clone(g);
                        patched.patch(changes);
                        *g = Arc::new(patched);
                    }
                });
                checking.set(true);
            }
            Event::Checked { check: c, issues, decode_ms } => {
                let start = js_sys::Date::now();
                let applied = c.applied;
                let view = grid.with_untracked(|g| CheckView::build(c, issues, g.as_deref()));
                check.set(Some(Arc::new(view)));
                page_ms.set(decode_ms + js_sys::Date::now() - start);
                notice.set(applied.filter(|a| a.requested > 1 || a.applied != a.requested).map(Notice::Applied));
                checking.set(false);
                check_due.set(false);
                status.set(Status::Idle);
            }
            Event::Regridded { summary: s, grid: g } => {
                summary.set(Some(s));
                grid.set(Some(Arc::new(g)));
                selected.set(None);
                editing.set(None);
                checking.set(true);
            }
            Event::Edited { state: s } => {
                // A new reading's duplicates may come before its check (the helper worker finds
                // them meanwhile): the page is busy until the check is in.
                if !checking.get_untracked() {
                    status.set(Status::Idle);
                }
                dedup.receive(s);
            }
            Event::GroupLines { lines } => dedup.receive_lines(lines),
            Event::ReportFile { file_name, mime, bytes } => {
                status.set(Status::Idle);
                if let Err(e) = download(&file_name, &mime, &bytes) {
                    web_sys::console::error_2(&"minglu: cannot hand over the report".into(), &e);
                }
            }
            Event::Diffed { view } => {
                diff.on_view(*view);
                status.set(Status::Idle);
            }
            Event::Failed { message } => {
                diff.on_failed(&message);
                checking.set(false);
                check_due.set(false);
                dedup.pending.set(false);
                status.set(Status::Failed(message))
            }
            Event::Crashed { message } => {
                export.worker_lost();
                // The worker held the file: it is gone, so is what the page showed of it.
                summary.set(None);
                grid.set(None);
                check.set(None);
                checking.set(false);
                check_due.set(false);
                let text = t(lang.get_untracked()).worker_crashed;
                let message = match message {
                    Some(m) => format!("{text} ({m})"),
                    None => text.to_string(),
                };
                status.set(Status::Failed(message));
            }
            Event::Unavailable => status.set(Status::Failed(t(lang.get_untracked()).worker_timeout.into())),
            Event::Find(response) => grid.with_untracked(|g| find.receive(response, g.as_deref(), filter)),
            Event::Export(event) => export.receive(event),
        });
        AppState {
            lang,
            status,
            summary,
            grid,
            grid_epoch,
            check,
            checking,
            check_due,
            filter,
            selected,
            editing,
            reveal: RwSignal::new(None),
            notice,
            page_ms,
            dedup,
            find,
            diff,
            export,
            bridge: StoredValue::new_local(bridge),
            epoch: StoredValue::new(0),
        }
    }

    pub fn text(&self) -> &'static crate::i18n::Text {
        t(self.lang.get())
    }

    pub fn is_working(&self) -> bool {
        matches!(self.status.get(), Status::Working { .. })
    }

    pub fn is_working_untracked(&self) -> bool {
        matches!(self.status.get_untracked(), Status::Working { .. })
    }

    pub(crate) fn send(&self, make: impl FnOnce(u32) -> Request, bytes: Option<Attachment>) {
        self.status.set(Status::Working { done: 0, total: 0 });
        self.bridge.with_value(|b| {
            b.send(
                |id| {
                    let request = make(id);
                    // Requests that only re-check (no reading): the issues shown are stale now.
                    if matches!(
                        request,
                        Request::SetProfile { .. }
                            | Request::SetField { .. }
                            | Request::SetLang { .. }
                            | Request::Fix { .. }
                            | Request::Edit { .. }
                            | Request::Undo { .. }
                            | Request::Redo { .. }
                            | Request::Merge { .. }
                            | Request::Mark { .. }
                            | Request::Delete { .. }
                    ) {
                        self.checking.set(true);
                    }
                    // Every answer but a file ends with the log and the duplicates.
                    if !matches!(request, Request::ErrorReport { .. } | Request::Recipe { .. }) {
                        self.dedup.pending.set(true);
                    }
                    request
                },
                bytes,
            )
        });
    }

    /// Start the reading worker before the first file (see [`Bridge::start`]).
    pub fn start_worker(&self) {
        self.bridge.with_value(Bridge::start);
    }

    /// Send a request beside the others (find requests): the page keeps waiting for the latest
    /// one. Returns the request's id.
    pub fn ask(&self, make: impl FnOnce(u32) -> Request) -> u32 {
        self.bridge.with_value(|b| b.send_aside(make))
    }

    /// Stop the work under way (a big file that takes too long, or the wrong file): the worker
    /// is stopped and the page is back where it was before any file was opened.
    pub fn cancel(&self) {
        self.start_over();
        self.status.set(Status::Idle);
    }

    /// A new file replaces the old one: drop what is shown, and stop a read still running.
    fn start_over(&self) {
        if matches!(self.status.get_untracked(), Status::Working { .. }) {
            self.bridge.with_value(Bridge::cancel);
        }
        self.summary.set(None);
        self.grid.set(None);
        self.check.set(None);
        self.checking.set(false);
        self.check_due.set(false);
        self.notice.set(None);
        self.filter.set(RowFilter::All);
        self.find.reset();
        self.selected.set(None);
        self.editing.set(None);
        self.dedup.clear();
        self.epoch.update_value(|e| *e += 1);
    }

    /// The engine's language for the check's messages.
    fn check_lang(&self) -> minglu::Lang {
        match self.lang.get_untracked() {
            Lang::Zh => minglu::Lang::Zh,
            Lang::En => minglu::Lang::En,
        }
    }

    /// Read a file the person chose or dropped. The worker gets the `File` itself — a handle,
    /// not its bytes — and reads it there, so the page never holds a copy of the file.
    pub fn open_file(&self, file: File) {
        self.start_over();
        let name = Some(file.name()).filter(|n| !n.is_empty());
        let lang = self.check_lang();
        // The bridge may hand the duplicate search to its helper worker (it sets the flags).
        let open = |id| Request::Open { id, file_name: name, lang, duplicates_aside: false, duplicates_only: false };
        self.send(open, Some(Attachment::File(file.into())));
    }

    /// Read the sample directory the worker generates.
    pub fn open_sample(&self) {
        self.start_over();
        let lang = self.check_lang();
        self.send(|id| Request::OpenSample { id, lang }, None);
    }

    /// Switch the UI language; an open file is checked again so the messages follow.
    pub fn set_lang(&self, lang: Lang) {
        if self.lang.get_untracked() == lang {
            return;
        }
        self.lang.set(lang);
        if self.summary.with_untracked(Option::is_some) {
            let lang = self.check_lang();
            self.send(|id| Request::SetLang { id, lang }, None);
        }
    }

    /// Apply the fixes of `codes` (`None`: every fix the check offers).
    pub fn fix(&self, codes: Option<Vec<Code>>) {
        self.notice.set(None);
        self.send(|id| Request::Fix { id, codes }, None);
    }

    /// Can the cell at 0-based column `col` be edited here? Only a column mapped to a field (the
    /// first column of that field): the worker applies edits per field.
    pub fn editable(&self, col: usize) -> Option<Field> {
        self.summary.with_untracked(|s| {
            let s = s.as_ref()?;
            let field = s.field_of(col)?;
            let first = s.inspection.columns.iter().position(|c| c.field.as_deref() == Some(field.key()))?;
            (first == col).then_some(field)
        })
    }

    /// Write `value` into a cell (grid coordinates): the worker applies it and checks again.
    pub fn edit_cell(&self, (row, col): CellAt, value: String) {
        let Some(field) = self.editable(col) else { return };
        let Some(grid) = self.grid.get_untracked() else { return };
        let from = grid.cell(row, col).to_string();
        if from == value {
            return;
        }
        let edit = Edit::manual(grid.source_row(row) as usize, field, from, value);
        self.notice.set(None);
        self.send(|id| Request::Edit { id, edit }, None);
    }

    /// Select a cell and bring it into view.
    pub fn reveal(&self, row: usize, col: Option<usize>) {
        self.selected.set(Some((row, col)));
        let nonce = self.reveal.get_untracked().map_or(1, |r| r.nonce + 1);
        self.reveal.set(Some(Reveal { row, col, center: true, nonce }));
    }

    /// Ask the worker for the error report; it arrives as a download.
    pub fn download_report(&self, format: ReportFormat, only_problem_rows: bool) {
        self.send(|id| Request::ErrorReport { id, format, only_problem_rows }, None);
    }

    /// Send an export request (issue #5) without touching the page's status or superseding the
    /// reading requests; returns its id.
    pub fn send_export(&self, make: impl FnOnce(u32) -> Request, bytes: Option<Attachment>) -> u32 {
        self.bridge.with_value(|b| b.send_export(make, bytes))
    }

    pub fn set_sheet(&self, sheet: String) {
        self.send(|id| Request::SetSheet { id, sheet }, None);
    }

    /// `None`: detect the encoding again.
    pub fn set_encoding(&self, encoding: Option<String>) {
        self.send(|id| Request::SetEncoding { id, encoding }, None);
    }

    /// `None`: detect the profile again.
    pub fn set_profile(&self, profile: Option<Profile>) {
        self.send(|id| Request::SetProfile { id, profile }, None);
    }

    /// Map column `column` to `field`, or keep it as an extra column.
    pub fn set_field(&self, column: usize, field: Option<Field>) {
        self.send(|id| Request::SetField { id, column, field }, None);
    }
}

/// Hand `bytes` to the person as a file: a Blob, an object URL, a click on a download link; the
/// URL is revoked once the browser has taken the file. Nothing goes over the network.
pub(crate) fn download(file_name: &str, mime: &str, bytes: &js_sys::ArrayBuffer) -> Result<(), wasm_bindgen::JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(&js_sys::Array::of1(bytes), &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = document();
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    let revoke = crate::bridge::js_once(Box::new(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    }));
    window().set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)?;
    Ok(())
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
