//! The page's end of the worker: starts it, queues requests until it is ready, transfers file
//! bytes, turns its messages into [`Event`]s, and turns a crash into an error instead of a page
//! that waits forever. No signals here: the UI passes a callback.
//!
//! The workers' messages are read in [`receive`]; the page's turns with them (a later task, the
//! "drawn" signal) are in [`turns`]; the duplicate helper's bookkeeping in [`aside`].

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

mod aside;
mod receive;
mod turns;
use aside::Aside;
pub use aside::HELPER_MAX_BYTES;
pub use turns::js_once;
use turns::{drawn_later, next_task};

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
        /// The check comes right behind ([`Response::Opened`]).
        check_follows: bool,
    },
    Remapped {
        summary: Summary,
    },
    /// The rows were checked (the last answer of a request that changed them).
    Checked {
        check: CheckSummary,
        issues: check_protocol::IssueList,
        /// Milliseconds the page spent reading the issues.
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
    /// The reading worker: holds the open file, answers every request.
    live: RefCell<Option<Live>>,
    /// The helper worker (the same script): finds a new reading's duplicates while the reading
    /// worker reads and checks it — the two steps run on two cores instead of one after the
    /// other. Only for files up to [`HELPER_MAX_BYTES`], and only on machines with more than one
    /// core; it keeps nothing between files.
    helper: RefCell<Option<Live>>,
    /// The reading whose duplicates the helper is finding.
    aside: RefCell<Option<Aside>>,
    next_id: Cell<RequestId>,
    /// Only the answer to this request is shown.
    latest: Cell<RequestId>,
    /// The request whose grid the page shows: cell patches of later requests apply to it.
    grid_request: Cell<RequestId>,
}

struct Live {
    worker: Worker,
    ready: Cell<bool>,
    /// Requests posted before the worker said it was ready.
    queue: RefCell<Vec<(String, Option<Attachment>)>>,
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

    /// Post now, or once the worker says it is ready.
    fn post(&self, json: String, bytes: Option<Attachment>) {
        if self.ready.get() {
            post(&self.worker, &json, bytes);
        } else {
            self.queue.borrow_mut().push((json, bytes));
        }
    }
}

/// Which of the page's two workers a message came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Reader,
    Helper,
}

impl Bridge {
    pub fn new(on_event: impl Fn(Event) + 'static) -> Bridge {
        Bridge {
            inner: Rc::new(Inner {
                on_event: Box::new(on_event),
                live: RefCell::new(None),
                helper: RefCell::new(None),
                aside: RefCell::new(None),
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
        let mut request = make(id);
        Inner::ensure_started(&self.inner);
        self.inner.hand_duplicates_aside(&mut request, bytes.as_ref());
        let json = serde_json::to_string(&request).unwrap_or_default();
        if let Some(live) = self.inner.live.borrow().as_ref() {
            live.post(json, bytes);
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

    /// Start the workers now: they fetch and compile their wasm off this thread while the page
    /// is idle, instead of when the first file is chosen (where it added ~0.2 s to the read and
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
        for slot in [&self.live, &self.helper] {
            if let Some(live) = slot.borrow_mut().take() {
                live.retire();
            }
        }
        self.aside.borrow_mut().take();
    }

    fn slot(&self, role: Role) -> &RefCell<Option<Live>> {
        match role {
            Role::Reader => &self.live,
            Role::Helper => &self.helper,
        }
    }

    /// Start the reading worker, and the helper with it, unless it runs. A helper that failed
    /// stays gone until the reading worker starts again (after a cancel or a crash).
    fn ensure_started(this: &Rc<Inner>) {
        if this.live.borrow().is_some() {
            return;
        }
        match Inner::spawn(this, Role::Reader) {
            Some(live) => *this.live.borrow_mut() = Some(live),
            None => return this.emit(Event::Unavailable),
        }
        // One core: the helper would only take turns with the reading worker.
        let cores = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
            .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()))
            .ok()
            .and_then(|n| n.as_f64())
            .unwrap_or(1.0);
        if let Some(old) = this.helper.borrow_mut().take() {
            old.retire();
        }
        if cores > 1.0 {
            *this.helper.borrow_mut() = Inner::spawn(this, Role::Helper);
        }
    }

    fn spawn(this: &Rc<Inner>, role: Role) -> Option<Live> {
        // Named, so that a person looking at the browser's task manager or devtools (and the
        // tests) can tell the two apart.
        let options = web_sys::WorkerOptions::new();
        options.set_name(match role {
            Role::Reader => "minglu-reader",
            Role::Helper => "minglu-duplicates",
        });
        let worker = match Worker::new_with_options(WORKER_URL, &options) {
            Ok(w) => w,
            Err(e) => {
                web_sys::console::error_2(&"minglu: cannot start the worker".into(), &e);
                return None;
            }
        };
        let weak = Rc::downgrade(this);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
            let weak = weak.clone();
            move |event: MessageEvent| {
                if let Some(inner) = weak.upgrade() {
                    inner.receive(role, event.data());
                }
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new({
            let weak = weak.clone();
            move |event: ErrorEvent| {
                event.prevent_default();
                if let Some(inner) = weak.upgrade() {
                    inner.crashed(role, Some(event.message()).filter(|m| !m.is_empty()));
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // A worker that never says "ready" (its wasm failed to load) must not leave the page waiting.
        let started = worker.clone();
        let timeout = js_once(Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                let slot = inner.slot(role);
                let stuck = slot.borrow().as_ref().is_some_and(|l| l.worker == started && !l.ready.get());
                if stuck {
                    match role {
                        Role::Reader => {
                            inner.stop();
                            inner.emit(Event::Unavailable);
                        }
                        Role::Helper => inner.crashed(role, None),
                    }
                }
            }
        }));
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(timeout.unchecked_ref(), START_TIMEOUT_MS);
        }
        Some(Live {
            worker,
            ready: Cell::new(false),
            queue: RefCell::new(Vec::new()),
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// A worker stopped working: stop it for good. The reading worker's crash is the UI's to
    /// show (once); the helper's is not — the reading worker finds the duplicates instead.
    fn crashed(&self, role: Role, message: Option<String>) {
        let Some(live) = self.slot(role).borrow_mut().take() else { return };
        live.retire();
        match role {
            Role::Reader => {
                self.aside.borrow_mut().take();
                self.emit(Event::Crashed { message });
            }
            Role::Helper => self.helper_answered(None),
        }
    }

    /// A new file the helper may read too: it finds the duplicates, and the reading worker is
    /// told to leave them out.
    fn hand_duplicates_aside(&self, request: &mut Request, attachment: Option<&Attachment>) {
        let (Request::Open { id, file_name, lang, duplicates_aside, .. }, Some(Attachment::File(file))) =
            (request, attachment)
        else {
            return;
        };
        self.aside.borrow_mut().take();
        if self.helper.borrow().is_none() || file.size() > HELPER_MAX_BYTES {
            return;
        }
        *duplicates_aside = true;
        let only = Request::Open {
            id: *id,
            file_name: file_name.clone(),
            lang: *lang,
            duplicates_aside: false,
            duplicates_only: true,
        };
        let mut aside = Aside::new(*id);
        aside.request = Some((serde_json::to_string(&only).unwrap_or_default(), Attachment::File(file.clone())));
        *self.aside.borrow_mut() = Some(aside);
    }

    /// The reading worker read the file of reading `id`: the helper gets these bytes instead of
    /// the file, unless it has started.
    fn file_read(&self, id: RequestId, buffer: js_sys::ArrayBuffer) {
        if let Some(aside) = self.aside.borrow_mut().as_mut().filter(|a| a.id == id) {
            aside.file_read(Attachment::Bytes(buffer));
        }
    }

    /// The first screen of reading `id` arrived: the helper's duplicates, if they came before it,
    /// show now (and the helper starts, if it has not yet).
    fn opened(&self, id: RequestId) {
        let held = match self.aside.borrow_mut().as_mut() {
            Some(aside) if aside.id == id => aside.opened(),
            _ => None,
        };
        self.start_helper(id);
        if let Some(state) = held {
            self.emit(Event::Edited { state });
        }
    }

    /// Reading `id` has read its file (or its first screen arrived): the helper starts on its
    /// duplicates, unless it has.
    fn start_helper(&self, id: RequestId) {
        let request = match self.aside.borrow_mut().as_mut() {
            Some(aside) if aside.id == id => aside.request.take(),
            _ => return,
        };
        match (self.helper.borrow().as_ref(), request) {
            (Some(helper), Some((json, file))) => return helper.post(json, Some(file)),
            (_, None) => return,
            (None, Some(_)) => {} // the helper is gone since
        }
        self.helper_answered(None);
    }

    /// The helper answered for the reading `id`: its duplicates, or `None` when it failed. A
    /// helper gone (`answer` `None`) failed whatever it had.
    fn helper_answered(&self, answer: Option<(RequestId, Option<EditState>)>) {
        let mut slot = self.aside.borrow_mut();
        let Some(aside) = slot.as_mut() else { return };
        let (id, state) = match answer {
            Some((id, _)) if id != aside.id => return, // a reading before this one
            Some((id, state)) => (id, state),
            None => (aside.id, None),
        };
        let failed = state.is_none();
        let show = state.and_then(|state| aside.answered(state));
        let ask = failed && aside.failed();
        drop(slot);
        if id != self.latest.get() {
            return; // superseded: the reading worker answers the newer request in full
        }
        if let Some(state) = show {
            self.emit(Event::Edited { state });
        } else if ask {
            self.ask_reader(id);
        }
    }

    /// The reading worker's check of reading `id` came.
    fn reading_checked(&self, id: RequestId) {
        let ask = match self.aside.borrow_mut().as_mut() {
            Some(aside) if aside.id == id => aside.checked(),
            _ => return,
        };
        if ask && id == self.latest.get() {
            self.ask_reader(id);
        }
    }

    /// The helper failed: the reading worker finds reading `id`'s duplicates after all, and
    /// answers under its id.
    fn ask_reader(&self, id: RequestId) {
        let json = serde_json::to_string(&Request::Duplicates { id }).unwrap_or_default();
        if let Some(live) = self.live.borrow().as_ref() {
            live.post(json, None);
        }
    }
}
