//! The export dialog's and the decrypt dialog's state (issue #5): what the person chose, the
//! preview the worker computed, and the files it made. Every action is a request to the worker;
//! the engine decides what the file holds.
//!
//! Export requests have their own latest ids (one per kind), so a preview never hides the
//! answer of a check still running and the other way round.

use crate::i18n::Lang;
use crate::protocol::export::{Encryption, ExportDone, ExportPreview, FailureKind, FileMeta, KdfChoice};
use crate::protocol::{Request, RequestId};
use js_sys::ArrayBuffer;
use leptos::prelude::*;
use minglu::export::{CsvEncoding, Destination, ExportOptions, Mask, MaskRule};
use minglu::Field;
use std::time::Duration;

/// How long the preview waits for the person to stop typing or clicking.
const PREVIEW_DEBOUNCE: Duration = Duration::from_millis(150);

/// What an export answer carries, for [`ExportState::receive`].
#[derive(Debug)]
pub enum ExportEvent {
    Preview { id: RequestId, preview: ExportPreview },
    Files { id: RequestId, files: Vec<(FileMeta, ArrayBuffer)>, done: Option<ExportDone> },
    Failed { id: RequestId, kind: FailureKind, message: String },
}

/// The encryption the dialog offers (the password lives beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protect {
    #[default]
    None,
    Zip,
    Container,
}

/// How the last export or decryption ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Files handed over (their names), with what the export said about itself.
    Done { files: Vec<FileMeta>, done: Option<ExportDone> },
    Failed { kind: FailureKind, message: String },
}

/// Why the export button is disabled (the dialog says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    NoPassword,
    Mismatch,
}

/// The signals of both dialogs; `Copy`, a field of [`AppState`](crate::state::AppState).
#[derive(Clone, Copy)]
pub struct ExportState {
    pub open: RwSignal<bool>,
    pub destination: RwSignal<Destination>,
    /// The fields chosen; `None`: the default (every field with a value that the destination has
    /// a place for).
    pub fields: RwSignal<Option<Vec<Field>>>,
    /// Extra columns chosen (none by default: they leave only when asked for).
    pub extras: RwSignal<Vec<String>>,
    pub masks: RwSignal<Vec<MaskRule>>,
    pub csv_encoding: RwSignal<CsvEncoding>,
    pub vcard_charset: RwSignal<bool>,
    pub organization: RwSignal<String>,
    pub protect: RwSignal<Protect>,
    pub kdf: RwSignal<KdfChoice>,
    pub password: RwSignal<String>,
    pub confirm: RwSignal<String>,
    pub preview: RwSignal<Option<ExportPreview>>,
    pub preview_error: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
    pub outcome: RwSignal<Option<Outcome>>,
    pub decrypt_open: RwSignal<bool>,
    pub decrypt_name: RwSignal<Option<String>>,
    pub decrypt_password: RwSignal<String>,
    pub decrypt_busy: RwSignal<bool>,
    pub decrypt_outcome: RwSignal<Option<Outcome>>,
    /// The file chosen for decryption.
    decrypt_file: StoredValue<Option<web_sys::File>, LocalStorage>,
    /// The last decryption's files, kept so "open in Minglu" and a second download need no
    /// second decryption (dropped when the dialog closes).
    decrypted: StoredValue<Vec<(FileMeta, ArrayBuffer)>, LocalStorage>,
    exported: StoredValue<Vec<(FileMeta, ArrayBuffer)>, LocalStorage>,
    latest_preview: StoredValue<RequestId>,
    latest_export: StoredValue<RequestId>,
    latest_decrypt: StoredValue<RequestId>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl ExportState {
    pub fn new() -> ExportState {
        ExportState {
            open: RwSignal::new(false),
            destination: RwSignal::new(Destination::Vcard3),
            fields: RwSignal::new(None),
            extras: RwSignal::new(Vec::new()),
            masks: RwSignal::new(Vec::new()),
            csv_encoding: RwSignal::new(CsvEncoding::Utf8Bom),
            vcard_charset: RwSignal::new(false),
            organization: RwSignal::new(String::new()),
            protect: RwSignal::new(Protect::None),
            kdf: RwSignal::new(KdfChoice::Pbkdf2),
            password: RwSignal::new(String::new()),
            confirm: RwSignal::new(String::new()),
            preview: RwSignal::new(None),
            preview_error: RwSignal::new(None),
            busy: RwSignal::new(false),
            outcome: RwSignal::new(None),
            decrypt_open: RwSignal::new(false),
            decrypt_name: RwSignal::new(None),
            decrypt_password: RwSignal::new(String::new()),
            decrypt_busy: RwSignal::new(false),
            decrypt_outcome: RwSignal::new(None),
            decrypt_file: StoredValue::new_local(None),
            decrypted: StoredValue::new_local(Vec::new()),
            exported: StoredValue::new_local(Vec::new()),
            latest_preview: StoredValue::new(0),
            latest_export: StoredValue::new(0),
            latest_decrypt: StoredValue::new(0),
            timer: StoredValue::new(None),
        }
    }

    /// The engine's options for what the dialog shows (tracked: the preview follows them).
    pub fn options(&self, lang: Lang) -> ExportOptions {
        let organization = self.organization.get();
        ExportOptions {
            destination: self.destination.get(),
            fields: self.fields.get().unwrap_or_default(),
            extra_columns: self.extras.get(),
            masks: self.masks.get(),
            csv_encoding: self.csv_encoding.get(),
            vcard_charset: self.vcard_charset.get(),
            lang: match lang {
                Lang::Zh => minglu::Lang::Zh,
                Lang::En => minglu::Lang::En,
            },
            organization: Some(organization.trim().to_string()).filter(|o| !o.is_empty()),
            ..ExportOptions::default()
        }
    }

    /// The encryption chosen, with its password.
    pub fn encryption(&self) -> Encryption {
        let password = self.password.get_untracked();
        match self.protect.get_untracked() {
            Protect::None => Encryption::None,
            Protect::Zip => Encryption::Zip { password },
            Protect::Container => Encryption::Container { password, kdf: self.kdf.get_untracked() },
        }
    }

    /// Is the export held back by the password fields?
    pub fn blocked(&self) -> Option<Blocked> {
        if self.protect.get() == Protect::None {
            return None;
        }
        if self.password.with(String::is_empty) {
            Some(Blocked::NoPassword)
        } else if self.password.get() != self.confirm.get() {
            Some(Blocked::Mismatch)
        } else {
            None
        }
    }

    /// Is `field` chosen (explicitly, or by the default)?
    pub fn field_chosen(&self, field: Field) -> bool {
        match self.fields.get() {
            Some(list) => list.contains(&field),
            None => self.preview.with(|p| p.as_ref().is_some_and(|p| p.with_values.contains(&field))),
        }
    }

    /// Tick or untick a field; the first change turns the default into an explicit list.
    pub fn toggle_field(&self, field: Field, on: bool) {
        let defaults = self.preview.with_untracked(|p| p.as_ref().map(|p| p.with_values.clone()).unwrap_or_default());
        self.fields.update(|f| {
            let list = f.get_or_insert(defaults);
            list.retain(|x| *x != field);
            if on {
                list.push(field);
                list.sort_by_key(|x| Field::ALL.iter().position(|y| y == x));
            }
        });
    }

    pub fn toggle_extra(&self, header: String, on: bool) {
        self.extras.update(|e| {
            e.retain(|x| *x != header);
            if on {
                e.push(header);
            }
        });
    }

    /// The mask of `field` (`None`: as it is).
    pub fn mask_of(&self, field: Field) -> Option<Mask> {
        self.masks.with(|m| m.iter().find(|r| r.field == field).map(|r| r.mask))
    }

    pub fn set_mask(&self, field: Field, mask: Option<Mask>) {
        self.masks.update(|m| {
            m.retain(|r| r.field != field);
            if let Some(mask) = mask {
                m.push(MaskRule { field, mask });
            }
        });
    }

    /// Ask for a preview after the person paused (the request that follows a burst of changes).
    pub fn schedule_preview(&self, send: impl FnOnce() -> RequestId + 'static) {
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(
            move || {
                let id = send();
                this.latest_preview.set_value(id);
            },
            PREVIEW_DEBOUNCE,
        );
        self.timer.set_value(handle.ok());
    }

    pub fn export_sent(&self, id: RequestId) {
        self.latest_export.set_value(id);
        self.busy.set(true);
        self.outcome.set(None);
    }

    /// A decryption request is about to be sent with this id.
    pub fn decrypt_sent(&self, id: RequestId) {
        self.latest_decrypt.set_value(id);
        self.decrypt_busy.set(true);
        self.decrypt_outcome.set(None);
        self.decrypted.set_value(Vec::new());
    }

    pub fn set_decrypt_file(&self, file: Option<web_sys::File>) {
        self.decrypt_name.set(file.as_ref().map(web_sys::File::name));
        self.decrypt_file.set_value(file);
        self.decrypt_outcome.set(None);
    }

    pub fn decrypt_file(&self) -> Option<web_sys::File> {
        self.decrypt_file.get_value()
    }

    /// A decrypted file as a `File`, to open in Minglu.
    pub fn decrypted_file(&self, name: &str) -> Option<web_sys::File> {
        self.decrypted.with_value(|files| {
            let (_, buffer) = files.iter().find(|(m, _)| m.name == name)?;
            web_sys::File::new_with_buffer_source_sequence(&js_sys::Array::of1(buffer), name).ok()
        })
    }

    /// Hand over a made file again.
    pub fn download_again(&self, name: &str, decrypted: bool) {
        let store = if decrypted { self.decrypted } else { self.exported };
        store.with_value(|files| {
            if let Some((meta, buffer)) = files.iter().find(|(m, _)| m.name == name) {
                hand_over(meta, buffer);
            }
        });
    }

    pub fn close_decrypt(&self) {
        self.decrypt_open.set(false);
        self.decrypt_password.set(String::new());
        self.decrypted.set_value(Vec::new());
        self.decrypt_outcome.set(None);
    }

    pub fn close_export(&self) {
        self.open.set(false);
        // The password is not kept once the dialog is gone.
        self.password.set(String::new());
        self.confirm.set(String::new());
        self.exported.set_value(Vec::new());
        self.outcome.set(None);
    }

    /// An answer of the worker; answers to superseded requests are dropped.
    pub fn receive(&self, event: ExportEvent) {
        match event {
            ExportEvent::Preview { id, preview } if id == self.latest_preview.get_value() => {
                self.preview_error.set(None);
                self.preview.set(Some(preview));
            }
            ExportEvent::Files { id, files, done } if id == self.latest_export.get_value() => {
                for (meta, buffer) in &files {
                    hand_over(meta, buffer);
                }
                self.outcome.set(Some(Outcome::Done { files: files.iter().map(|(m, _)| m.clone()).collect(), done }));
                self.exported.set_value(files);
                self.busy.set(false);
            }
            ExportEvent::Files { id, files, .. } if id == self.latest_decrypt.get_value() => {
                for (meta, buffer) in &files {
                    hand_over(meta, buffer);
                }
                let metas = files.iter().map(|(m, _)| m.clone()).collect();
                self.decrypt_outcome.set(Some(Outcome::Done { files: metas, done: None }));
                self.decrypted.set_value(files);
                self.decrypt_busy.set(false);
            }
            ExportEvent::Failed { id, kind, message } => {
                let outcome = Some(Outcome::Failed { kind, message: message.clone() });
                if id == self.latest_preview.get_value() {
                    self.preview_error.set(Some(message));
                } else if id == self.latest_export.get_value() {
                    self.outcome.set(outcome);
                    self.busy.set(false);
                } else if id == self.latest_decrypt.get_value() {
                    self.decrypt_outcome.set(outcome);
                    self.decrypt_busy.set(false);
                }
            }
            _ => {}
        }
    }

    /// The worker died: nothing it was doing will answer.
    pub fn worker_lost(&self) {
        self.busy.set(false);
        self.decrypt_busy.set(false);
    }
}

impl Default for ExportState {
    fn default() -> Self {
        ExportState::new()
    }
}

fn hand_over(meta: &FileMeta, buffer: &ArrayBuffer) {
    if let Err(e) = crate::state::download(&meta.name, &meta.mime, buffer) {
        web_sys::console::error_2(&"minglu: cannot hand over the file".into(), &e);
    }
}

/// Send `make` as an export request through the app's worker.
pub fn send(state: &crate::state::AppState, make: impl FnOnce(RequestId) -> Request) -> RequestId {
    state.send_export(make, None)
}
