//! The UI's state: signals, and the actions components call. Every action is a request to the
//! worker; every answer lands in a signal. No rule about directories lives here.

use crate::bridge::{Bridge, Event};
use crate::grid::Grid;
use crate::i18n::{t, Lang};
use crate::protocol::{Request, Summary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use minglu::{Field, Profile};
use std::sync::Arc;
use wasm_bindgen_futures::JsFuture;
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

/// The app's signals and its handle on the worker; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub status: RwSignal<Status>,
    pub summary: RwSignal<Option<Summary>>,
    pub grid: RwSignal<Option<Arc<Grid>>>,
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
        let bridge = Bridge::new(move |event| match event {
            Event::Progress { done, total } => status.set(Status::Working { done, total }),
            Event::Opened { summary: s, grid: g } => {
                summary.set(Some(s));
                grid.set(Some(Arc::new(g)));
                status.set(Status::Idle);
            }
            Event::Remapped { summary: s } => {
                summary.set(Some(s));
                status.set(Status::Idle);
            }
            Event::Failed { message } => status.set(Status::Failed(message)),
            Event::Crashed { message } => {
                // The worker held the file: it is gone, so is what the page showed of it.
                summary.set(None);
                grid.set(None);
                let text = t(lang.get_untracked()).worker_crashed;
                let message = match message {
                    Some(m) => format!("{text} ({m})"),
                    None => text.to_string(),
                };
                status.set(Status::Failed(message));
            }
            Event::Unavailable => status.set(Status::Failed(t(lang.get_untracked()).worker_timeout.into())),
        });
        AppState { lang, status, summary, grid, bridge: StoredValue::new_local(bridge), epoch: StoredValue::new(0) }
    }

    pub fn text(&self) -> &'static crate::i18n::Text {
        t(self.lang.get())
    }

    pub fn is_working(&self) -> bool {
        matches!(self.status.get(), Status::Working { .. })
    }

    fn send(&self, make: impl FnOnce(u32) -> Request, bytes: Option<js_sys::ArrayBuffer>) {
        self.status.set(Status::Working { done: 0, total: 0 });
        self.bridge.with_value(|b| b.send(make, bytes));
    }

    /// A new file replaces the old one: drop what is shown, and stop a read still running.
    fn start_over(&self) {
        if matches!(self.status.get_untracked(), Status::Working { .. }) {
            self.bridge.with_value(Bridge::cancel);
        }
        self.summary.set(None);
        self.grid.set(None);
        self.epoch.update_value(|e| *e += 1);
    }

    /// Read a file the person chose or dropped.
    pub fn open_file(&self, file: File) {
        let this = *self;
        this.start_over();
        let epoch = this.epoch.get_value();
        this.status.set(Status::Working { done: 0, total: file.size() as u64 });
        spawn_local(async move {
            let read = JsFuture::from(file.array_buffer()).await;
            if this.epoch.get_value() != epoch {
                return; // another file was asked for meanwhile
            }
            match read {
                Ok(buffer) => {
                    let name = file.name();
                    let name = (!name.is_empty()).then_some(name);
                    this.send(|id| Request::Open { id, file_name: name }, Some(buffer.into()));
                }
                Err(e) => {
                    let message = e.as_string().unwrap_or_else(|| format!("{e:?}"));
                    this.status.set(Status::Failed(message));
                }
            }
        });
    }

    /// Read the sample directory the worker generates.
    pub fn open_sample(&self) {
        self.start_over();
        self.send(|id| Request::OpenSample { id }, None);
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

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
