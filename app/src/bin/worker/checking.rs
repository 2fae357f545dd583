//! Checking the rows and sending what changed: the check (and the report the worker keeps of it),
//! the duplicates after it, the error report, and the turns the worker takes with the page
//! ([`drawn`]). The helper worker's one job, [`find_duplicates`], is here too.

use super::*;

/// Check the rows as they are now (the edited cells shown), in the current language.
pub(super) fn validate_rows(session: &mut Session) -> Report {
    let options = Options { lang: LANG.get() };
    overlay::with_shown(&mut session.doc, &session.overlay, |doc| {
        validate::validate_with(&doc.directory, &doc.sheet, &doc.mapping, doc.profile(), &options)
    })
}

/// What a new reading does next, once the page drew the answer before ([`Session::when_drawn`]).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Next {
    Check,
    Duplicates,
}

/// The page drew what reading `id` sent last ([`DRAWN`]): take the next step, if nothing else
/// checked since.
pub(super) fn drawn(id: RequestId) {
    SESSION.with_borrow_mut(|slot| {
        let Some(session) = slot.as_mut() else { return };
        match session.when_drawn {
            Some((waiting, Next::Check)) if waiting == id => {
                check(id, session, None, Timing::default());
                session.when_drawn = (!session.duplicates_aside).then_some((id, Next::Duplicates));
            }
            Some((waiting, Next::Duplicates)) if waiting == id => post_state(id, session),
            _ => {}
        }
    });
}

/// Check, keep the report, send it: the last answer of every request that changes the rows.
pub(super) fn check(id: RequestId, session: &mut Session, applied: Option<Applied>, mut timing: Timing) {
    session.when_drawn = None; // this check is the one it waited for, or comes after it
    let t0 = now_ms();
    let report = validate_rows(session);
    timing.validate_ms = now_ms() - t0;
    post_check(id, session, report, applied, timing);
}

/// Keep a check's report and send it.
pub(super) fn post_check(id: RequestId, session: &mut Session, report: Report, applied: Option<Applied>, mut timing: Timing) {
    find::forget(); // the people may have changed: the search index and org tree are stale
    let t1 = now_ms();
    let issues = transport::buffer_from_parts(check_protocol::encoded_len(&report.issues), |sink| {
        check_protocol::encode_issues_in_parts(&report.issues, check_protocol::PART, sink)
    });
    timing.encode_ms = now_ms() - t1;
    let summary = CheckSummary {
        profile: report.profile,
        lang: report.lang,
        summary: report.summary.clone(),
        issues: report.issues.len(),
        edits: session.log.cursor,
        applied,
        timing,
    };
    session.report = check_work::kept(report);
    post(
        &Response::Checked { id, check: summary },
        vec![(check_protocol::ISSUES, issues)],
    );
}

/// Send the edit log and the duplicate groups as they are now: the last answer of every
/// request that changes the rows, after the check — finding duplicates takes about as long as
/// the check on a big file, and the issues should not wait for it.
pub(super) fn post_state(id: RequestId, session: &mut Session) {
    session.when_drawn = None;
    post_edited(id, &session.doc, &session.log);
}

pub(super) fn post_edited(id: RequestId, doc: &Doc, log: &EditLog) {
    let t0 = now_ms();
    let groups = dedup_work::group_views(doc);
    let state: EditState = dedup_work::edit_state(doc, log, LANG.get(), groups, now_ms() - t0);
    let groups = transport::buffer_from_u32s(&dedup_protocol::encode_groups(&state.groups));
    post(&Response::Edited { id, state }, vec![(dedup_protocol::GROUPS, groups)]);
}

/// The helper worker's one job (`minglu_app::bridge`): the duplicates of a file the reading
/// worker opens at the same time, answered as the reading worker would answer them for a new
/// reading — the same engine on the same bytes reads the same people. Nothing is kept: the
/// helper's memory goes back to what its warm-up left.
pub(super) fn find_duplicates(id: RequestId, source: &Source, options: &OpenOptions) {
    let opened = source.bytes().and_then(|bytes| {
        minglu::open(&bytes, options).map_err(|e| minglu_app::i18n::errors::engine_error(&e, LANG.get()))
    });
    match opened {
        Ok(opened) => post_edited(id, &Doc::new(opened), &EditLog::new()),
        Err(message) => fail(id, message),
    }
    // The request it answered last, and whether it had the reading worker's bytes or read the
    // file itself, for the tests (tests/e2e/helper.test.mjs).
    let _ = js_sys::Reflect::set(&js_sys::global(), &"mingluHelped".into(), &id.into());
    let from = if matches!(source, Source::File(_)) { "file" } else { "bytes" };
    let _ = js_sys::Reflect::set(&js_sys::global(), &"mingluHelpedFrom".into(), &from.into());
}

/// Build the error report of the rows as they are now (fixes and edits included, rows merged
/// away or deleted left out).
pub(super) fn error_report(id: RequestId, session: &mut Session, format: ReportFormat, only_problem_rows: bool) {
    let report = match session.report.take() {
        Some(report) => report,
        None => validate_rows(session),
    };
    let lang = LANG.get();
    let options = ReportOptions { only_problem_rows, lang };
    let shown = &session.overlay;
    let bytes = overlay::without_dropped(&mut session.doc, |doc| {
        overlay::with_shown(doc, shown, |doc| match format {
            ReportFormat::Xlsx => minglu::report::error_report_xlsx(&doc.sheet, doc.header_index, &report, &options),
            ReportFormat::Csv => Ok(minglu::report::error_report_csv(&doc.sheet, doc.header_index, &report, &options)),
        })
    });
    session.report = check_work::kept(report);
    match bytes {
        Ok(bytes) => {
            let file_name = check_protocol::report_file_name(session.options.read.file_name.as_deref(), lang, format);
            post(
                &Response::ReportFile { id, file_name, mime: format.mime().into() },
                vec![(BYTES, transport::buffer_from_bytes(&bytes))],
            );
        }
        Err(e) => fail_engine(id, &e),
    }
}
