//! The reading worker: runs the engine off the page's thread so the page never freezes.
//!
//! It keeps the file's bytes and the opened file between requests, so choosing another sheet,
//! encoding, profile or field re-reads or re-maps without the page sending anything big again.
//! Protocol: [`minglu_app::protocol`]. Built by trunk as `data-type="worker"` with a loader shim.

use js_sys::ArrayBuffer;
use minglu::{OpenOptions, Opened, Progress, ReadOptions};
use minglu_app::grid::Grid;
use minglu_app::protocol::{Request, RequestId, Response, Summary, BYTES};
use minglu_app::transport::{self, Outgoing};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The name the sample file is read under (the format hint).
const SAMPLE_FILE_NAME: &str = "minglu-sample.xlsx";

/// The file being worked on.
struct Session {
    bytes: Vec<u8>,
    options: OpenOptions,
    opened: Opened,
    /// Per column, the first non-blank value (unchanged by re-mapping).
    samples: Vec<String>,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

fn main() {
    // A panic aborts the module: say why first, so the page shows it instead of waiting.
    std::panic::set_hook(Box::new(|info| {
        post(&Response::Failed { id: None, message: info.to_string() }, Vec::new());
        console_error_panic_hook::hook(info);
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| receive(event.data()));
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Response::Ready, Vec::new());
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(response: &Response, buffers: Vec<(&'static str, ArrayBuffer)>) {
    let json = serde_json::to_string(response).unwrap_or_default();
    let out = Outgoing::new(&json, buffers);
    if let Err(e) = scope().post_message_with_transfer(&out.data, &out.transfer) {
        web_sys::console::error_2(&"minglu worker: postMessage failed".into(), &e);
    }
}

fn fail(id: RequestId, message: String) {
    post(&Response::Failed { id: Some(id), message }, Vec::new());
}

fn receive(data: JsValue) {
    let request = transport::json_of(&data).and_then(|json| serde_json::from_str::<Request>(&json).ok());
    let Some(request) = request else {
        web_sys::console::error_2(&"minglu worker: not a request".into(), &data);
        return;
    };
    let bytes = transport::buffer_of(&data, BYTES).map(|b| transport::bytes_of(&b));
    handle(request, bytes);
}

fn handle(request: Request, bytes: Option<Vec<u8>>) {
    let id = request.id();
    match request {
        Request::Open { file_name, .. } => {
            let read = ReadOptions { file_name, ..ReadOptions::default() };
            open(id, bytes.unwrap_or_default(), OpenOptions { read, profile: None });
        }
        Request::OpenSample { .. } => {
            let read = ReadOptions { file_name: Some(SAMPLE_FILE_NAME.into()), ..ReadOptions::default() };
            open(id, minglu::sample::sample_xlsx(), OpenOptions { read, profile: None });
        }
        Request::SetSheet { sheet, .. } => reread(id, |o| {
            o.read.sheet = Some(sheet);
        }),
        Request::SetEncoding { encoding, .. } => reread(id, |o| o.read.encoding = encoding),
        Request::SetProfile { profile, .. } => remap(id, |session| {
            session.options.profile = profile;
            let headers = session.opened.headers();
            let profile = profile.unwrap_or_else(|| minglu::detect_profile(&headers));
            session.opened.remap(minglu::map_columns(&headers, profile));
        }),
        Request::SetField { column, field, .. } => remap(id, |session| {
            let mut mapping = session.opened.mapping.clone();
            mapping.set(column, field);
            session.opened.remap(mapping);
        }),
    }
}

/// Read with progress messages for request `id`.
fn read(id: RequestId, bytes: &[u8], options: &OpenOptions) -> minglu::Result<Opened> {
    let mut last = None;
    let mut progress = |p: Progress| {
        // One message per percent at most.
        let step = p.done.saturating_mul(100).checked_div(p.total).unwrap_or(0);
        if last != Some(step) {
            last = Some(step);
            post(&Response::Progress { id, done: p.done, total: p.total }, Vec::new());
        }
    };
    progress(Progress { done: 0, total: bytes.len() as u64 });
    minglu::open_with_progress(bytes, options, &mut progress)
}

/// A new file: forget the old one first (its memory), then read.
fn open(id: RequestId, bytes: Vec<u8>, options: OpenOptions) {
    SESSION.with_borrow_mut(|s| *s = None);
    match read(id, &bytes, &options) {
        Ok(opened) => {
            let grid = Grid::pack(&opened);
            let session = Session { samples: grid.first_values(), bytes, options, opened };
            post(
                &Response::Opened { id, summary: summary(&session), width: grid.width() },
                transport::grid_buffers(&grid),
            );
            SESSION.with_borrow_mut(|s| *s = Some(session));
        }
        Err(e) => fail(id, e.to_string()),
    }
}

/// The same bytes with other read options; on failure the previous reading stays.
fn reread(id: RequestId, change: impl FnOnce(&mut OpenOptions)) {
    SESSION.with_borrow_mut(|slot| {
        let Some(session) = slot.as_mut() else {
            return fail(id, "no file is open".into());
        };
        let mut options = session.options.clone();
        change(&mut options);
        match read(id, &session.bytes, &options) {
            Ok(opened) => {
                let grid = Grid::pack(&opened);
                session.samples = grid.first_values();
                session.options = options;
                session.opened = opened;
                post(
                    &Response::Opened { id, summary: summary(session), width: grid.width() },
                    transport::grid_buffers(&grid),
                );
            }
            Err(e) => fail(id, e.to_string()),
        }
    });
}

/// Change the mapping of the open file; the grid does not change.
fn remap(id: RequestId, change: impl FnOnce(&mut Session)) {
    SESSION.with_borrow_mut(|slot| match slot.as_mut() {
        Some(session) => {
            change(session);
            post(&Response::Remapped { id, summary: summary(session) }, Vec::new());
        }
        None => fail(id, "no file is open".into()),
    });
}

fn summary(session: &Session) -> Summary {
    Summary {
        file_name: session.options.read.file_name.clone(),
        is_sample: session.options.read.file_name.as_deref() == Some(SAMPLE_FILE_NAME),
        inspection: session.opened.inspection(),
        text_format: session.opened.sheet.format.is_some_and(|f| f.is_text()),
        encoding_overridden: session.opened.sheet.encoding_overridden,
        profile_overridden: session.options.profile.is_some(),
        samples: session.samples.clone(),
    }
}
