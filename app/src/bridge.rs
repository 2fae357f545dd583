//! The page's end of the worker: starts it, queues requests until it is ready, transfers file
//! bytes, turns its messages into [`Event`]s, and turns a crash into an error instead of a page
//! that waits forever. No signals here: the UI passes a callback.

use crate::grid::Grid;
use crate::protocol::check::{self as check_protocol, CellPatch, CheckSummary};
use crate::protocol::dedup::EditState;
use crate::protocol::{Request, RequestId, Response, Summary, BYTES, DRAWN, WORKER_URL};
use crate::transport::{self, Attachment, Outgoing};
use js_sys::ArrayBuffer;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// How long the worker may take to start before the page gives up on it.
const START_TIMEOUT_MS: i32 = 30_000;

/// What the worker said, for the UI.
#[derive(Debug)]
pub enum Event {
    Progress {
        done: u64,
        total: u64,
    },
    Opened {
        summary: Summary,
        grid: Grid,
    },
    Remapped {
        summary: Summary,
    },
    /// The rows were checked (the last answer of a request that changed them).
    Checked {
        check: CheckSummary,
        issues: Vec<minglu::Issue>,
        /// Milliseconds the page spent decoding the issues.
        decode_ms: f64,
    },
    /// Cells the worker changed (a fix or an edit). Never dropped as superseded: the page's grid
    /// must stay the worker's.
    Patched {
        cells: Vec<CellPatch>,
    },
    /// Rows came or went (a merge, a deletion, an undo of one): the current rows' grid.
    Regridded {
        summary: Summary,
        grid: Grid,
    },
    /// The edit log and the duplicate groups (after a change, or as asked).
    Edited {
        state: EditState,
    },
    /// The side-by-side lines of the duplicate groups the page asked for (beside the others:
    /// never superseded).
    GroupLines {
        lines: Vec<crate::protocol::dedup::GroupLines>,
    },
    /// The error report's file, to hand to the person.
    ReportFile {
        file_name: String,
        mime: String,
        bytes: ArrayBuffer,
    },
    /// The comparison with the roster (issue #6).
    Diffed {
        view: Box<crate::protocol::diff::DiffView>,
    },
    /// The engine refused (its positioned message); the open file, if any, is unchanged.
    Failed {
        message: String,
    },
    /// The worker died (a panic or a script error) and was stopped: whatever it held is gone.
    Crashed {
        message: Option<String>,
    },
    /// The worker never became ready.
    Unavailable,
    /// An answer to a find request (issue #6: [`Response::Found`], [`Response::Overview`],
    /// [`Response::SetRows`]); the find state drops the stale ones by their ids.
    Find(Response),
    /// An answer to an export, preview or decryption (issue #5); never filtered here: the
    /// export state keeps its own latest ids.
    Export(crate::export::ExportEvent),
}

/// The page's handle on the worker.
pub struct Bridge {
    inner: Rc<Inner>,
}

struct Inner {
    on_event: Box<dyn Fn(Event)>,
    live: RefCell<Option<Live>>,
    /// Requests posted before the worker said it was ready.
    queue: RefCell<Vec<(String, Option<Attachment>)>>,
    next_id: Cell<RequestId>,
    /// Only the answer to this request is shown.
    latest: Cell<RequestId>,
    /// The request whose grid the page shows: cell patches of later requests apply to it.
    grid_request: Cell<RequestId>,
}

struct Live {
    worker: Worker,
    ready: Cell<bool>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Live {
    /// Stop the worker for good. Its handlers go first (an event already queued then finds none),
    /// and the closures are dropped only after the current event — which may be one of theirs.
    fn retire(self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        wasm_bindgen_futures::spawn_local(async move { drop(self) });
    }
}

impl Bridge {
    pub fn new(on_event: impl Fn(Event) + 'static) -> Bridge {
        Bridge {
            inner: Rc::new(Inner {
                on_event: Box::new(on_event),
                live: RefCell::new(None),
                queue: RefCell::new(Vec::new()),
                next_id: Cell::new(1),
                latest: Cell::new(0),
                grid_request: Cell::new(0),
            }),
        }
    }

    /// Send a request built for a fresh id; bytes beside it are transferred, not copied, and a
    /// file goes as a handle.
    pub fn send(&self, make: impl FnOnce(RequestId) -> Request, bytes: Option<Attachment>) {
        let id = self.inner.next_id.get();
        self.inner.latest.set(id);
        self.post_request(make, bytes);
    }

    /// Send a request beside the others: it does not supersede the latest one (a search while a
    /// check is under way). Returns its id; its answer comes as [`Event::Find`].
    pub fn send_aside(&self, make: impl FnOnce(RequestId) -> Request) -> RequestId {
        let id = self.inner.next_id.get();
        self.post_request(make, None);
        id
    }

    fn post_request(&self, make: impl FnOnce(RequestId) -> Request, bytes: Option<Attachment>) {
        let id = self.inner.next_id.get();
        self.inner.next_id.set(id + 1);
        let request = make(id);
        let json = serde_json::to_string(&request).unwrap_or_default();
        Inner::ensure_started(&self.inner);
        let live = self.inner.live.borrow();
        match live.as_ref() {
            Some(live) if live.ready.get() => post(&live.worker, &json, bytes),
            Some(_) => self.inner.queue.borrow_mut().push((json, bytes)),
            None => {}
        }
    }

    /// Send an export, preview or decryption request: like [`Bridge::send`], but it does not
    /// supersede the reading requests (their answers still show). Returns the request's id.
    pub fn send_export(&self, make: impl FnOnce(RequestId) -> Request, bytes: Option<Attachment>) -> RequestId {
        let latest = self.inner.latest.get();
        self.send(make, bytes);
        self.inner.latest.set(latest);
        self.inner.next_id.get() - 1
    }

    /// Start the worker now: it fetches and compiles its wasm off this thread while the page is
    /// idle, instead of when the first file is chosen (where it added ~0.2 s to the read and
    /// competed with the page's first task on a two-core machine).
    pub fn start(&self) {
        Inner::ensure_started(&self.inner);
    }

    /// Stop whatever the worker is doing (a long read of a file no longer wanted): the next
    /// request starts a fresh worker.
    pub fn cancel(&self) {
        self.inner.stop();
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        self.inner.stop();
    }
}

/// Tell the worker that what request `id` sent last — a new reading's first screen, or its check
/// — is drawn ([`DRAWN`]): after the second frame from now (the first draws the grid; the side
/// panels and rows, built in tasks of their own after it, are painted in the second), or after
/// [`DRAWN_AT_THE_LATEST_MS`] when no frame comes (a tab in the background draws none), whichever
/// is first. A new reading's worker takes its next step (the check, then the duplicates) only
/// then, so that it and the page do not share the CPU meanwhile; otherwise it ignores the signal.
fn drawn_later(worker: Worker, id: RequestId) {
    let Some(window) = web_sys::window() else { return };
    let sent = Cell::new(false);
    let send: Rc<dyn Fn()> = Rc::new(move || {
        if !sent.replace(true) {
            let signal = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&signal, &DRAWN.into(), &id.into());
            let _ = worker.post_message(&signal);
        }
    });
    after_frames(window.clone(), 2, send.clone());
    let at_the_latest = js_once(Box::new(move || send()));
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        at_the_latest.unchecked_ref(),
        DRAWN_AT_THE_LATEST_MS,
    );
}

/// Run `then` in a task after `frames` more frames have been drawn.
fn after_frames(window: web_sys::Window, frames: u32, then: Rc<dyn Fn()>) {
    let w = window.clone();
    let frame = js_once(Box::new(move || {
        // A task after the frame's callbacks: the frame itself (style, layout, paint) comes first.
        let next = w.clone();
        let task = js_once(Box::new(move || match frames {
            0 | 1 => then(),
            _ => after_frames(next, frames - 1, then),
        }));
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 0);
    }));
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

/// A JS function that runs `f` once. Boxed, so that every caller shares one instantiation of the
/// closure glue (each closure type costs the page's wasm its own).
pub fn js_once(f: Box<dyn FnOnce()>) -> JsValue {
    Closure::once_into_js(f)
}

/// How long a new reading's worker waits at most for the page to draw (see [`drawn_later`]).
const DRAWN_AT_THE_LATEST_MS: i32 = 300;

fn post(worker: &Worker, json: &str, bytes: Option<Attachment>) {
    let out = Outgoing::with_attachment(json, bytes);
    if let Err(e) = worker.post_message_with_transfer(&out.data, &out.transfer) {
        web_sys::console::error_2(&"minglu: postMessage to the worker failed".into(), &e);
    }
}

impl Inner {
    fn emit(&self, event: Event) {
        (self.on_event)(event);
    }

    fn stop(&self) {
        if let Some(live) = self.live.borrow_mut().take() {
            live.retire();
        }
        self.queue.borrow_mut().clear();
    }

    fn ensure_started(this: &Rc<Inner>) {
        if this.live.borrow().is_some() {
            return;
        }
        let worker = match Worker::new(WORKER_URL) {
            Ok(w) => w,
            Err(e) => {
                web_sys::console::error_2(&"minglu: cannot start the worker".into(), &e);
                return this.emit(Event::Unavailable);
            }
        };
        let weak = Rc::downgrade(this);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
            let weak = weak.clone();
            move |event: MessageEvent| {
                if let Some(inner) = weak.upgrade() {
                    inner.receive(event.data());
                }
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new({
            let weak = weak.clone();
            move |event: ErrorEvent| {
                event.prevent_default();
                if let Some(inner) = weak.upgrade() {
                    inner.crashed(Some(event.message()).filter(|m| !m.is_empty()));
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *this.live.borrow_mut() = Some(Live {
            worker: worker.clone(),
            ready: Cell::new(false),
            _on_message: on_message,
            _on_error: on_error,
        });
        // A worker that never says "ready" (its wasm failed to load) must not leave the page waiting.
        let timeout = js_once(Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                let stuck = inner.live.borrow().as_ref().is_some_and(|l| l.worker == worker && !l.ready.get());
                if stuck {
                    inner.stop();
                    inner.emit(Event::Unavailable);
                }
            }
        }));
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(timeout.unchecked_ref(), START_TIMEOUT_MS);
        }
    }

    /// The worker stopped working: stop it for good and tell the UI (once).
    fn crashed(&self, message: Option<String>) {
        let Some(live) = self.live.borrow_mut().take() else { return };
        live.retire();
        self.queue.borrow_mut().clear();
        self.emit(Event::Crashed { message });
    }

    fn receive(&self, data: JsValue) {
        let response = transport::json_of(&data).and_then(|json| serde_json::from_slice::<Response>(&json).ok());
        let Some(response) = response else {
            return web_sys::console::error_2(&"minglu: not a worker response".into(), &data);
        };
        let current = |id: RequestId| id == self.latest.get();
        match response {
            Response::Ready => {
                let queued: Vec<_> = self.queue.borrow_mut().drain(..).collect();
                if let Some(live) = self.live.borrow().as_ref() {
                    live.ready.set(true);
                    for (json, bytes) in queued {
                        post(&live.worker, &json, bytes);
                    }
                }
            }
            Response::Progress { id, done, total } if current(id) => self.emit(Event::Progress { done, total }),
            Response::Opened { id, summary, width } if current(id) => match transport::grid_of(&data, width) {
                Ok(grid) => {
                    self.grid_request.set(id);
                    self.emit(Event::Opened { summary, grid });
                    if let Some(live) = self.live.borrow().as_ref() {
                        drawn_later(live.worker.clone(), id);
                    }
                }
                Err(message) => self.emit(Event::Failed { message }),
            },
            Response::Regridded { id, summary, width } if current(id) => match transport::grid_of(&data, width) {
                Ok(grid) => {
                    self.grid_request.set(id);
                    self.emit(Event::Regridded { summary, grid })
                }
                Err(message) => self.emit(Event::Failed { message }),
            },
            Response::Edited { id, mut state } if current(id) => {
                let groups = transport::buffer_of(&data, crate::protocol::dedup::GROUPS)
                    .ok_or_else(|| "the duplicate groups' buffer is missing".to_string())
                    .and_then(|b| crate::protocol::dedup::decode_groups(&transport::u32s_of(&b)));
                match groups {
                    Ok(groups) => {
                        state.groups = groups;
                        self.emit(Event::Edited { state })
                    }
                    Err(message) => self.emit(Event::Failed { message }),
                }
            }
            Response::GroupLines { lines, .. } => self.emit(Event::GroupLines { lines }),
            Response::Remapped { id, summary } if current(id) => self.emit(Event::Remapped { summary }),
            Response::Checked { id, check } if current(id) => {
                let start = js_sys::Date::now();
                let issues = transport::buffer_of(&data, check_protocol::ISSUES)
                    .ok_or_else(|| "the issues buffer is missing".to_string())
                    .and_then(|b| check_protocol::decode_issues(&transport::bytes_of(&b)));
                match issues {
                    Ok(issues) => {
                        let decode_ms = js_sys::Date::now() - start;
                        self.emit(Event::Checked { check, issues, decode_ms });
                        if let Some(live) = self.live.borrow().as_ref() {
                            drawn_later(live.worker.clone(), id);
                        }
                    }
                    Err(message) => self.emit(Event::Failed { message }),
                }
            }
            // Patches of any request after the shown grid's: the worker already applied them.
            Response::Patched { id, cells } if id > self.grid_request.get() => self.emit(Event::Patched { cells }),
            Response::ReportFile { id, file_name, mime } if current(id) => match transport::buffer_of(&data, BYTES) {
                Some(bytes) => self.emit(Event::ReportFile { file_name, mime, bytes }),
                None => self.emit(Event::Failed { message: "the report's bytes are missing".into() }),
            },
            Response::Diffed { id, view } if current(id) => self.emit(Event::Diffed { view }),
            Response::ExportPreview { id, preview } => {
                self.emit(Event::Export(crate::export::ExportEvent::Preview { id, preview }))
            }
            Response::ExportFiles { id, files, done } => {
                let buffers: Option<Vec<_>> = (0..files.len())
                    .map(|i| transport::buffer_of(&data, &crate::protocol::export::file_buffer(i)))
                    .collect();
                let event = match buffers {
                    Some(buffers) => {
                        crate::export::ExportEvent::Files { id, files: files.into_iter().zip(buffers).collect(), done }
                    }
                    None => crate::export::ExportEvent::Failed {
                        id,
                        kind: crate::protocol::export::FailureKind::Other,
                        message: "the files' bytes are missing".into(),
                    },
                };
                self.emit(Event::Export(event))
            }
            Response::ExportFailed { id, kind, message } => {
                self.emit(Event::Export(crate::export::ExportEvent::Failed { id, kind, message }))
            }
            Response::Failed { id: Some(id), message } if current(id) => self.emit(Event::Failed { message }),
            r @ (Response::Found { .. } | Response::Overview { .. } | Response::SetRows { .. }) => self.emit(Event::Find(r)),
            // A panic: the worker is about to abort. Stop it now and say why (the error event
            // that would follow is then never delivered).
            Response::Failed { id: None, message } => self.crashed(Some(message)),
            _ => {} // an answer to a request that was superseded
        }
    }
}
