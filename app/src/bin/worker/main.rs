//! The reading worker: runs the engine off the page's thread so the page never freezes.
//!
//! It keeps the opened file between requests, and the `File` the person chose — a handle the
//! browser reads from disk, not its bytes ([`Source`]) — so choosing another sheet, encoding,
//! profile or field re-reads or re-maps without the page sending anything big again, and no copy
//! of the file's bytes stays in memory after the read.
//! Every change to the rows — a fix, a typed edit, a merge, a mark, a deletion, a mapping change
//! — is an [`Op`] applied through the engine's [`EditLog`] to its [`Doc`], so it can be undone,
//! redone and downloaded as a recipe. The `Doc` keeps the sheet as read; the cells the log
//! changed live in an [`Overlay`] that the grid, the check and the error report see (see
//! [`minglu_app::work::overlay`]). After every change it sends the changed cells (or the whole
//! grid when rows came or went), the check, then the log and the duplicates.
//! The page runs this script twice on a machine with more than one core: the reading worker,
//! and the duplicate helper, which only ever gets `Request::Open` with `duplicates_only` — it
//! reads the same file (the reading worker's bytes of it, `Response::FileRead`, which the page
//! hands on) and answers its duplicates while the reading worker checks it, and keeps nothing
//! ([`find_duplicates`]; the page's side is `minglu_app::bridge`).
//! Protocol: [`minglu_app::protocol`]. Built by trunk as `data-type="worker"` with a loader shim.
//!
//! This file receives the requests and holds the session; [`reading`] opens files, [`checking`]
//! checks and sends what changed, [`exporting`] sends the made files.

use js_sys::ArrayBuffer;
use minglu::edit::{Doc, EditLog, Op};
use minglu::report::ReportOptions;
use minglu::validate::{self, Options};
use minglu::{Edit, Inspection, Lang, OpenOptions, Opened, Progress, ReadOptions, Report};
use minglu_app::grid::Grid;
use minglu_app::protocol::check::{self as check_protocol, Applied, CheckSummary, ReportFormat, Timing};
use minglu_app::protocol::dedup::{self as dedup_protocol, recipe_file_name, EditState};
use minglu_app::protocol::{Request, RequestId, Response, Summary, BYTES, DRAWN};
use minglu_app::protocol::export::{self as export_protocol, ExportDone, FailureKind};
use minglu_app::transport::{self, Outgoing};
use minglu_app::work::check as check_work;
use minglu_app::work::dedup as dedup_work;
use minglu_app::work::overlay::{self, Overlay};
use minglu_app::work::find;
use minglu_app::work::warm_up;
use minglu_app::work::diff as diff_work;
use minglu_app::work::export as work_export;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

mod checking;
mod exporting;
mod reading;

use checking::*;
use exporting::*;
use reading::*;

/// The name the sample file is read under (the format hint).
const SAMPLE_FILE_NAME: &str = "minglu-sample.xlsx";

/// Where the open file's bytes come from when they are needed again (another sheet or encoding,
/// an export's source digest without WebCrypto).
enum Source {
    /// The file the person chose. Its bytes are read into wasm memory for a read and dropped
    /// after it: at 1M rows that is 83 MB (xlsx) or 162 MB (CSV) the worker no longer keeps, and
    /// the memory they held is reused by the check, the duplicates and the search index.
    File(web_sys::Blob),
    /// The built-in sample, generated here (small).
    Bytes(Vec<u8>),
}

impl Source {
    /// The bytes, read again from the file if need be.
    fn bytes(&self) -> Result<std::borrow::Cow<'_, [u8]>, String> {
        self.bytes_keeping(None)
    }

    /// [`Source::bytes`]. With `keep`, a file is read in one piece and that piece's buffer is
    /// left in `keep`, for the duplicate helper (see [`transport::read_blob`]).
    fn bytes_keeping(&self, keep: Option<&mut Option<ArrayBuffer>>) -> Result<std::borrow::Cow<'_, [u8]>, String> {
        match self {
            Source::Bytes(bytes) => Ok(bytes.into()),
            Source::File(blob) => transport::read_blob(blob, keep)
                .map(Into::into)
                .map_err(|e| minglu_app::i18n::errors::blob_error(&e, LANG.get())),
        }
    }
}

/// The file being worked on.
struct Session {
    source: Source,
    options: OpenOptions,
    /// The sheet as read, the mapping, the people as they are now, the dropped rows, the marks.
    doc: Doc,
    /// Every change to this reading, undoable. A re-read (another sheet or encoding) starts it
    /// afresh.
    log: EditLog,
    /// The cells the log changed, as the grid shows them.
    overlay: Overlay,
    /// The sheet rows the page's grid shows, in order: when they change, the grid is sent again.
    rows: Vec<usize>,
    /// Per column, the first non-blank value (unchanged by re-mapping).
    samples: Vec<String>,
    /// The last check of the rows as they are (what "fix" applies), unless it was too large to
    /// keep ([`check_work::kept`]): then the next fix or error report checks them again.
    report: Option<Report>,
    /// The SHA-256 of the file (lowercase hex), as the export manifests name it. The browser's
    /// WebCrypto computes it off this thread ([`digest_source`]: before the read, or after the
    /// first answers for a file of up to 32 MiB); an export that comes first reads the file
    /// again and computes it here. Kept for the same file.
    source_sha256: Option<String>,
    /// The file's bytes, kept for its digest until the page next asks for something
    /// (`reading::DIGEST_AFTER_MAX_BYTES`).
    digest_later: Option<Vec<u8>>,
    /// Which opening of a file this is, so a digest that arrives late lands on its own file.
    generation: u32,
    /// A new reading's next step, waiting for the page to draw what came before ([`DRAWN`]):
    /// the check after a big reading's first screen, then the duplicates after the check's
    /// (`reading::first_answers`). Any other request that checks in between takes its place.
    when_drawn: Option<(RequestId, Next)>,
    /// The page's helper worker finds this reading's duplicates (`Request::Open`'s flag): after
    /// the check there is no next step. Later changes are this worker's alone.
    duplicates_aside: bool,
}

impl Session {
    fn new(source: Source, options: OpenOptions, opened: Opened, samples: Vec<String>) -> Session {
        let doc = Doc::new(opened);
        let rows = row_list(&doc);
        Session {
            source,
            options,
            doc,
            log: EditLog::new(),
            overlay: Overlay::new(),
            rows,
            samples,
            report: None,
            source_sha256: None,
            digest_later: None,
            generation: 0,
            when_drawn: None,
            duplicates_aside: false,
        }
    }

    /// The people as they are now (fixes, edits and merges applied): what exports, search and
    /// the org tree read.
    #[allow(dead_code)]
    fn directory(&self) -> &minglu::Directory {
        &self.doc.directory
    }

    /// The platform whose rules apply now.
    #[allow(dead_code)]
    fn profile(&self) -> minglu::Profile {
        self.doc.profile()
    }
}

/// The sheet rows of the people, in order.
fn row_list(doc: &Doc) -> Vec<usize> {
    doc.directory.people.iter().map(|p| p.source_row).collect()
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
    /// The language of the check's messages.
    static LANG: Cell<Lang> = const { Cell::new(Lang::Zh) };
    /// Files opened so far ([`Session::generation`]).
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    /// The warm-up's steps still to run and its sample ([`warm_up`]); emptied by the first request.
    static WARM_UP: RefCell<(Vec<warm_up::Step>, warm_up::Sample)> = RefCell::new((warm_up::Step::ALL.to_vec(), warm_up::Sample::default()));
}

/// Milliseconds since some origin, for timings.
fn now_ms() -> f64 {
    js_sys::Date::now()
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
    later(warm_up_next);
}

/// Run `f` in a task of its own (after the messages already waiting).
fn later(f: impl FnOnce() + 'static) {
    let set_timeout = js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(set_timeout) = set_timeout {
        let _ = set_timeout.call2(&JsValue::NULL, &Closure::once_into_js(f), &0.into());
    }
}

/// The warm-up's next step, then the one after in a task of its own; when all ran, the worker's
/// global `mingluWarm` says so (benchmarks wait for it; the page does not need it).
fn warm_up_next() {
    let step = WARM_UP.with_borrow_mut(|(steps, _)| (!steps.is_empty()).then(|| steps.remove(0)));
    let Some(step) = step else { return };
    WARM_UP.with_borrow_mut(|(_, sample)| {
        warm_up::run(step, sample, &mut |o: &Opened| drop(Grid::pack_shared(&o.sheet, &o.mapping, &o.directory)))
    });
    if WARM_UP.with_borrow(|(steps, _)| steps.is_empty()) {
        let _ = js_sys::Reflect::set(&js_sys::global(), &"mingluWarm".into(), &"done".into());
    } else {
        later(warm_up_next);
    }
}

/// A request came: the person's file goes first, the warm-up stops where it is.
fn stop_warm_up() {
    WARM_UP.with_borrow_mut(|(steps, sample)| {
        if !steps.is_empty() {
            steps.clear();
            *sample = warm_up::Sample::default();
            let _ = js_sys::Reflect::set(&js_sys::global(), &"mingluWarm".into(), &"stopped".into());
        }
    });
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

/// The engine said no: what it means and what to do, in the page's language, then its detail.
fn fail_engine(id: RequestId, error: &minglu::Error) {
    fail(id, minglu_app::i18n::errors::engine_error(error, LANG.get()));
}

fn receive(data: JsValue) {
    stop_warm_up();
    if let Some(id) = js_sys::Reflect::get(&data, &DRAWN.into()).ok().and_then(|v| v.as_f64()) {
        return drawn(id as RequestId);
    }
    let request = transport::json_of(&data).and_then(|json| serde_json::from_slice::<Request>(&json).ok());
    let Some(request) = request else {
        web_sys::console::error_2(&"minglu worker: not a request".into(), &data);
        return;
    };
    let bytes = transport::buffer_of(&data, BYTES).map(|b| transport::bytes_of(&b));
    handle(request, bytes, transport::file_of(&data));
}

fn handle(request: Request, bytes: Option<Vec<u8>>, file: Option<web_sys::Blob>) {
    let id = request.id();
    // The open file's first answers are drawn: its digest may start (a new file needs none).
    if !matches!(request, Request::Open { .. } | Request::OpenSample { .. }) {
        digest_kept_bytes();
    }
    match request {
        Request::Open { file_name, lang, duplicates_aside, duplicates_only, .. } => {
            LANG.set(lang);
            let read = ReadOptions { file_name, ..ReadOptions::default() };
            let source = match file {
                Some(file) => Source::File(file),
                None => Source::Bytes(bytes.unwrap_or_default()),
            };
            let options = OpenOptions { read, profile: None };
            if duplicates_only {
                find_duplicates(id, &source, &options);
            } else {
                open(id, source, options, duplicates_aside);
            }
        }
        Request::OpenSample { lang, .. } => {
            LANG.set(lang);
            let read = ReadOptions { file_name: Some(SAMPLE_FILE_NAME.into()), ..ReadOptions::default() };
            open(id, Source::Bytes(minglu::sample::sample_xlsx()), OpenOptions { read, profile: None }, false);
        }
        Request::SetSheet { sheet, .. } => reread(id, |o| {
            o.read.sheet = Some(sheet);
        }),
        Request::SetEncoding { encoding, .. } => reread(id, |o| o.read.encoding = encoding),
        Request::SetProfile { profile, .. } => with_session(id, |session| {
            session.options.profile = profile;
            let doc = &session.doc;
            let profile =
                profile.unwrap_or_else(|| minglu::detect_profile(&minglu::headers_of(&doc.sheet, doc.header_index)));
            remap(id, session, Op::Profile { profile });
        }),
        Request::SetField { column, field, .. } => with_session(id, |session| {
            let header = session.doc.mapping.columns.iter().find(|c| c.index == column).map(|c| c.header.clone());
            match header {
                Some(header) => remap(id, session, Op::Remap { column, header, field }),
                None => fail(id, format!("the sheet has no column {}", minglu::column_letter(column + 1))),
            }
        }),
        Request::SetLang { lang, .. } => {
            LANG.set(lang);
            with_session(id, |session| {
                check(id, session, None, Timing::default());
                post_state(id, session)
            });
        }
        Request::Fix { codes, .. } => with_session(id, |session| {
            // The fixes of the check the page shows (kept, or made again when it was too big to
            // keep): the engine's `Op::Fix` would check every row once more only to find them.
            let report = session.report.take().unwrap_or_else(|| validate_rows(session));
            let requested = validate::fix_edits(&report, codes.as_deref()).len();
            let t0 = now_ms();
            let applied = session.log.apply_fix(&mut session.doc, codes, &report).map_or(0, |o| o.changed);
            drop(report); // the check after the change replaces it
            changed(id, session, false, Some(Applied { requested, applied }), now_ms() - t0);
        }),
        Request::Edit { edit, .. } => {
            with_session(id, |session| edit_cell(id, session, edit))
        }
        Request::ErrorReport { format, only_problem_rows, .. } => {
            with_session(id, |session| error_report(id, session, format, only_problem_rows))
        }
        Request::Undo { .. } => with_session(id, |session| {
            let t0 = now_ms();
            let mapping = session.log.undo(&mut session.doc).is_some_and(|step| step.op.is_mapping());
            if mapping {
                profile_followed(session);
            }
            changed(id, session, mapping, None, now_ms() - t0);
        }),
        Request::Redo { .. } => with_session(id, |session| {
            let t0 = now_ms();
            let mapping = session.log.ops.get(session.log.cursor).is_some_and(|s| s.op.is_mapping());
            match session.log.redo(&mut session.doc) {
                Ok(_) => {
                    if mapping {
                        profile_followed(session);
                    }
                    changed(id, session, mapping, None, now_ms() - t0)
                }
                Err(e) => fail(id, e.to_string()),
            }
        }),
        Request::Duplicates { .. } | Request::History { .. } => with_session(id, |session| post_state(id, session)),
        Request::GroupLines { groups, .. } => with_session(id, |session| {
            let lines = dedup_work::group_lines(&session.doc, &groups);
            post(&Response::GroupLines { id, lines }, Vec::new());
        }),
        Request::Merge { into, rows, picks, .. } => {
            with_session(id, |session| row_change(id, session, Op::Merge { into, rows, picks }))
        }
        Request::Mark { rows, kind, .. } => {
            with_session(id, |session| row_change(id, session, Op::Mark { rows, kind }))
        }
        Request::Delete { rows, .. } => with_session(id, |session| row_change(id, session, Op::Delete { rows })),
        Request::Recipe { .. } => with_session(id, |session| {
            let json = session.log.recipe(session.doc.profile()).to_json();
            let file_name = recipe_file_name(session.options.read.file_name.as_deref(), LANG.get());
            post(
                &Response::ReportFile { id, file_name, mime: "application/json".into() },
                vec![(BYTES, transport::buffer_from_bytes(json.as_bytes()))],
            );
        }),
        // Finding (issue #6): the index and tree are built lazily, see `minglu_app::work::find`.
        Request::Search { query, .. } => with_session(id, |s| {
            post(&Response::Found { id, answer: find::search(s.directory(), &query, &find::precise_now) }, Vec::new())
        }),
        Request::FindOverview { .. } => with_session(id, |s| {
            post(&Response::Overview { id, overview: find::overview(s.directory(), &find::precise_now) }, Vec::new())
        }),
        Request::PeopleSet { set, .. } => with_session(id, |s| {
            post(&Response::SetRows { id, rows: find::set_rows(s.directory(), set, &find::precise_now) }, Vec::new())
        }),
        Request::Diff { roster_name, params, .. } => with_session(id, |session| {
            let loaded = bytes.map_or(Ok(()), |b| diff_work::load_roster(&b, roster_name));
            match loaded.and_then(|()| diff_work::compare(session.directory(), params)) {
                Ok(view) => post(&Response::Diffed { id, view: Box::new(view) }, Vec::new()),
                Err(message) => fail(id, message),
            }
        }),
        Request::DiffFile { params, kind, lang, .. } => with_session(id, |session| {
            match diff_work::file(session.directory(), params, kind, lang, diff_work::now_rfc3339()) {
                Ok(f) => post(
                    &Response::ReportFile { id, file_name: f.file_name, mime: f.mime },
                    vec![(BYTES, transport::buffer_from_bytes(&f.bytes))],
                ),
                Err(message) => fail(id, message),
            }
        }),
        // Export and decryption (issue #5): minglu_app::work::export does the work.
        Request::ExportPreview { options, .. } => export_session(id, |session| {
            let preview = work_export::preview(session.directory(), &options);
            post(&Response::ExportPreview { id, preview }, Vec::new());
        }),
        Request::Export { mut options, encryption, .. } => export_session(id, |session| {
            // The manifest says which edits the people went through (the recipe `minglu apply`
            // replays); none when the file leaves as read.
            if !session.log.done().is_empty() {
                options.recipe = serde_json::to_value(session.log.recipe(session.doc.profile())).ok();
            }
            let name = session.options.read.file_name.clone().unwrap_or_else(|| SAMPLE_FILE_NAME.into());
            if session.source_sha256.is_none() {
                // WebCrypto has not answered (or is missing): read the file again and hash it here.
                match session.source.bytes() {
                    Ok(bytes) => session.source_sha256 = Some(minglu::export::sha256_hex(&bytes)),
                    Err(message) => return fail(id, message),
                }
            }
            let sha256 = session.source_sha256.clone().unwrap_or_default();
            let source = minglu::export::SourceInfo { file_name: name, sha256 };
            let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
            let created = work_export::rfc3339(now_ms(), offset);
            // Unencrypted, the output's digest comes from WebCrypto ([`digest_then_post`]).
            let plain = matches!(encryption, export_protocol::Encryption::None);
            match work_export::export_output(session.directory(), &options, &encryption, source, created, !plain) {
                Ok(output) if plain => digest_then_post(id, output),
                Ok(output) => post_made(id, work_export::package(output, &encryption).map(|(f, d)| (f, Some(d)))),
                Err(failure) => post_made(id, Err(failure)),
            }
        }),
        Request::Decrypt { file_name, password, .. } => {
            post_made(id, work_export::decrypt(&file_name, &bytes.unwrap_or_default(), &password).map(|f| (f, None)))
        }
    }
}

/// After an undo or redo of a mapping step: the profile picker says "detected" again when the
/// profile is the one the headers suggest, else shows the profile read now.
fn profile_followed(session: &mut Session) {
    let doc = &session.doc;
    let detected = minglu::detect_profile(&minglu::headers_of(&doc.sheet, doc.header_index));
    session.options.profile = (doc.profile() != detected).then(|| doc.profile());
}

/// Run `f` on the open file, or say there is none.
fn with_session(id: RequestId, f: impl FnOnce(&mut Session)) {
    SESSION.with_borrow_mut(|slot| match slot.as_mut() {
        Some(session) => f(session),
        None => fail(id, "no file is open".into()),
    });
}

/// A typed edit: log it (an edit whose cell changed meanwhile changes nothing and is not
/// logged), then show and check as after any change.
fn edit_cell(id: RequestId, session: &mut Session, edit: Edit) {
    let t0 = now_ms();
    let applied = session.log.apply(&mut session.doc, Op::Edit { edits: vec![edit] }).map_or(0, |outcome| outcome.changed);
    changed(id, session, false, Some(Applied { requested: 1, applied }), now_ms() - t0);
}

/// A merge, a mark or a deletion: refused with the engine's reason, or logged and shown.
fn row_change(id: RequestId, session: &mut Session, op: Op) {
    let t0 = now_ms();
    match session.log.apply(&mut session.doc, op) {
        Ok(_) => changed(id, session, false, None, now_ms() - t0),
        Err(e) => fail(id, e.to_string()),
    }
}

/// A profile or column mapping change, through the log so it can be undone. One that changes
/// nothing (the profile read already) is not logged; the page still gets its answer.
fn remap(id: RequestId, session: &mut Session, op: Op) {
    let t0 = now_ms();
    let logged = session.log.apply(&mut session.doc, op).is_ok();
    if logged {
        changed(id, session, true, None, now_ms() - t0);
    } else {
        post(&Response::Remapped { id, summary: summary(session) }, Vec::new());
        check(id, session, None, Timing::default());
        post_state(id, session);
    }
}

/// After the document changed: send what the grid must show (the changed cells, or the whole
/// grid when rows came or went), the new summary after a mapping change, the check, then the log
/// and the duplicates.
fn changed(id: RequestId, session: &mut Session, mapping: bool, applied: Option<Applied>, apply_ms: f64) {
    let t0 = now_ms();
    let overlay = overlay::compute(&session.doc);
    let rows = row_list(&session.doc);
    if rows != session.rows {
        session.overlay = overlay;
        session.rows = rows;
        let (grid, _) = overlay::with_shown(&mut session.doc, &session.overlay, |doc| {
            Grid::pack_shared(&doc.sheet, &doc.mapping, &doc.directory)
        });
        post(
            &Response::Regridded { id, summary: summary(session), width: grid.width() },
            transport::grid_buffers(&grid),
        );
    } else {
        let cells = overlay::patches(&session.doc, &session.overlay, &overlay);
        session.overlay = overlay;
        if mapping {
            post(&Response::Remapped { id, summary: summary(session) }, Vec::new());
        }
        if !cells.is_empty() || applied.is_some() {
            post(&Response::Patched { id, cells }, Vec::new());
        }
    }
    let timing = Timing { apply_ms: apply_ms + now_ms() - t0, ..Timing::default() };
    check(id, session, applied, timing);
    post_state(id, session);
}
