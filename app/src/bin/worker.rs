//! The reading worker: runs the engine off the page's thread so the page never freezes.
//!
//! It keeps the file's bytes and the opened file between requests, so choosing another sheet,
//! encoding, profile or field re-reads or re-maps without the page sending anything big again.
//! After every change to the rows it checks them (`validate_with`) and sends the report; fixes
//! and typed edits are applied here, to the sheet (what the grid and the error report show) and
//! to the directory (what the check reads), and kept in order in [`Session::edits`].
//! Protocol: [`minglu_app::protocol`]. Built by trunk as `data-type="worker"` with a loader shim.

use js_sys::ArrayBuffer;
use minglu::report::ReportOptions;
use minglu::validate::{self, Options};
use minglu::{CellKind, Edit, Lang, OpenOptions, Opened, Progress, ReadOptions, Report};
use minglu_app::grid::{kind_code, Grid};
use minglu_app::protocol::check::{self as check_protocol, Applied, CellPatch, CheckSummary, ReportFormat, Timing};
use minglu_app::protocol::{Request, RequestId, Response, Summary, BYTES};
use minglu_app::protocol::export::{self as export_protocol, ExportDone, FailureKind};
use minglu_app::transport::{self, Outgoing};
use minglu_app::work::export as work_export;
use std::cell::{Cell, RefCell};
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
    /// The last check of the rows as they are (what "fix" applies).
    report: Option<Report>,
    /// Every cell edit applied to this reading, fixes and typed edits, in order (issue #4 turns
    /// this list into the undo log). A re-read (another sheet or encoding) starts it afresh.
    edits: Vec<Edit>,
}

impl Session {
    /// The people as they are now (fixes and edits applied): what exports, search and the org
    /// tree read.
    #[allow(dead_code)]
    fn directory(&self) -> &minglu::Directory {
        &self.opened.directory
    }

    /// The platform whose rules apply now.
    #[allow(dead_code)]
    fn profile(&self) -> minglu::Profile {
        self.opened.mapping.profile
    }
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
    /// The language of the check's messages.
    static LANG: Cell<Lang> = const { Cell::new(Lang::Zh) };
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
        Request::Open { file_name, lang, .. } => {
            LANG.set(lang);
            let read = ReadOptions { file_name, ..ReadOptions::default() };
            open(id, bytes.unwrap_or_default(), OpenOptions { read, profile: None });
        }
        Request::OpenSample { lang, .. } => {
            LANG.set(lang);
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
        Request::SetLang { lang, .. } => {
            LANG.set(lang);
            with_session(id, |session| check(id, session, None, Timing::default()));
        }
        Request::Fix { codes, .. } => with_session(id, |session| {
            let report = session.report.take().unwrap_or_else(|| validate_rows(session));
            let edits = validate::fix_edits(&report, codes.as_deref());
            session.report = Some(report);
            apply(id, session, edits);
        }),
        Request::Edit { edit, .. } => with_session(id, |session| apply(id, session, vec![edit])),
        Request::ErrorReport { format, only_problem_rows, .. } => with_session(id, |session| {
            error_report(id, session, format, only_problem_rows)
        }),
        // Export and decryption (issue #5): minglu_app::work::export does the work.
        Request::ExportPreview { options, .. } => export_session(id, |session| {
            let preview = work_export::preview(session.directory(), &options);
            post(&Response::ExportPreview { id, preview }, Vec::new());
        }),
        Request::Export { options, encryption, .. } => export_session(id, |session| {
            let name = session.options.read.file_name.clone().unwrap_or_else(|| SAMPLE_FILE_NAME.into());
            let source = minglu::export::SourceInfo::of(name, &session.bytes);
            let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
            let created = work_export::rfc3339(now_ms(), offset);
            let made = work_export::run(session.directory(), &options, &encryption, source, created);
            post_made(id, made.map(|(files, done)| (files, Some(done))));
        }),
        Request::Decrypt { file_name, password, .. } => {
            post_made(id, work_export::decrypt(&file_name, &bytes.unwrap_or_default(), &password).map(|f| (f, None)))
        }
    }
}

/// Send an export's or a decryption's files, or why there are none.
fn post_made(id: RequestId, made: Result<(Vec<work_export::MadeFile>, Option<ExportDone>), work_export::Failure>) {
    match made {
        Ok((files, done)) => {
            let json = serde_json::to_string(&Response::ExportFiles {
                id,
                files: files.iter().map(|(meta, _)| meta.clone()).collect(),
                done,
            })
            .unwrap_or_default();
            // The files' buffers are named by index (`file0` …), beside the JSON, transferred.
            let out = Outgoing::new(&json, Vec::new());
            for (i, (_, bytes)) in files.iter().enumerate() {
                let buffer = transport::buffer_from_bytes(bytes);
                let _ = js_sys::Reflect::set(&out.data, &export_protocol::file_buffer(i).into(), &buffer);
                out.transfer.push(&buffer);
            }
            if let Err(e) = scope().post_message_with_transfer(&out.data, &out.transfer) {
                web_sys::console::error_2(&"minglu worker: postMessage failed".into(), &e);
            }
        }
        Err((kind, message)) => post(&Response::ExportFailed { id, kind, message }, Vec::new()),
    }
}

/// Like [`with_session`], but a missing file fails as an export answer.
fn export_session(id: RequestId, f: impl FnOnce(&mut Session)) {
    SESSION.with_borrow_mut(|slot| match slot.as_mut() {
        Some(session) => f(session),
        None => post(
            &Response::ExportFailed { id, kind: FailureKind::Other, message: "no file is open".into() },
            Vec::new(),
        ),
    });
}

/// Run `f` on the open file, or say there is none.
fn with_session(id: RequestId, f: impl FnOnce(&mut Session)) {
    SESSION.with_borrow_mut(|slot| match slot.as_mut() {
        Some(session) => f(session),
        None => fail(id, "no file is open".into()),
    });
}

/// Check the rows as they are now, in the current language.
fn validate_rows(session: &Session) -> Report {
    let opened = &session.opened;
    let options = Options { lang: LANG.get() };
    validate::validate_with(&opened.directory, &opened.sheet, &opened.mapping, opened.mapping.profile, &options)
}

/// Check, keep the report, send it: the last answer of every request that changes the rows.
fn check(id: RequestId, session: &mut Session, applied: Option<Applied>, mut timing: Timing) {
    let t0 = now_ms();
    let report = validate_rows(session);
    let t1 = now_ms();
    let issues = check_protocol::encode_issues(&report.issues);
    timing.validate_ms = t1 - t0;
    timing.encode_ms = now_ms() - t1;
    let summary = CheckSummary {
        profile: report.profile,
        lang: report.lang,
        summary: report.summary.clone(),
        issues: report.issues.len(),
        edits: session.edits.len(),
        applied,
        timing,
    };
    session.report = Some(report);
    post(
        &Response::Checked { id, check: summary },
        vec![(check_protocol::ISSUES, transport::buffer_from_bytes(&issues))],
    );
}

/// Apply cell edits to the sheet (what the grid and the error report show) and the directory
/// (what the check reads); send the changed cells, then the new check.
fn apply(id: RequestId, session: &mut Session, edits: Vec<Edit>) {
    let t0 = now_ms();
    let opened = &mut session.opened;
    // In place: a copy of 100k rows per typed cell would cost more than the check.
    let marked = validate::apply_edits_to_sheet_in_place(&mut opened.sheet, &opened.mapping, &edits);
    validate::apply_edits_in_place(&mut opened.directory, &edits, opened.mapping.profile);
    let mut cells = Vec::new();
    let requested = edits.len();
    for (edit, applied) in edits.into_iter().zip(marked) {
        if !applied {
            continue;
        }
        if let Some(column) = opened.mapping.column_of(edit.field) {
            cells.push(CellPatch {
                row: u32::try_from(edit.row).unwrap_or(u32::MAX),
                column: u32::try_from(column).unwrap_or(u32::MAX),
                text: edit.to.clone(),
                kind: kind_code(CellKind::Text),
            });
        }
        session.edits.push(edit);
    }
    let applied = Applied { requested, applied: cells.len() };
    let timing = Timing { apply_ms: now_ms() - t0, ..Timing::default() };
    post(&Response::Patched { id, cells }, Vec::new());
    check(id, session, Some(applied), timing);
}

/// Build the error report of the rows as they are now (fixes and edits included).
fn error_report(id: RequestId, session: &mut Session, format: ReportFormat, only_problem_rows: bool) {
    if session.report.is_none() {
        session.report = Some(validate_rows(session));
    }
    let Some(report) = session.report.as_ref() else { return };
    let lang = LANG.get();
    let options = ReportOptions { only_problem_rows, lang };
    let opened = &session.opened;
    let bytes = match format {
        ReportFormat::Xlsx => minglu::report::error_report_xlsx(&opened.sheet, opened.header_index, report, &options),
        ReportFormat::Csv => Ok(minglu::report::error_report_csv(&opened.sheet, opened.header_index, report, &options)),
    };
    match bytes {
        Ok(bytes) => {
            let file_name = check_protocol::report_file_name(session.options.read.file_name.as_deref(), lang, format);
            post(
                &Response::ReportFile { id, file_name, mime: format.mime().into() },
                vec![(BYTES, transport::buffer_from_bytes(&bytes))],
            );
        }
        Err(e) => fail(id, e.to_string()),
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
            let mut session =
                Session { samples: grid.first_values(), bytes, options, opened, report: None, edits: Vec::new() };
            post(
                &Response::Opened { id, summary: summary(&session), width: grid.width() },
                transport::grid_buffers(&grid),
            );
            drop(grid);
            check(id, &mut session, None, Timing::default());
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
                session.edits.clear();
                post(
                    &Response::Opened { id, summary: summary(session), width: grid.width() },
                    transport::grid_buffers(&grid),
                );
                drop(grid);
                check(id, session, None, Timing::default());
            }
            Err(e) => fail(id, e.to_string()),
        }
    });
}

/// Change the mapping of the open file (the directory is mapped again from the sheet, edits
/// included); the grid does not change. Then check again: another profile has other rules.
fn remap(id: RequestId, change: impl FnOnce(&mut Session)) {
    with_session(id, |session| {
        change(session);
        post(&Response::Remapped { id, summary: summary(session) }, Vec::new());
        check(id, session, None, Timing::default());
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
