//! Reading a file: the first reading, a re-reading with another sheet or encoding, the summary
//! the page shows, and the file's SHA-256 computed by the browser beside it.

use super::*;

/// Read with progress messages for request `id`; an error is the message the page shows.
pub(super) fn read(id: RequestId, bytes: &[u8], options: &OpenOptions) -> Result<Opened, String> {
    let mut last = None;
    let mut progress = |p: Progress| {
        // One message per percent at most.
        let step = p.done.saturating_mul(100).checked_div(p.total).unwrap_or(0);
        if last != Some(step) {
            last = Some(step);
            post(&Response::Progress { id, done: p.done, total: p.total }, Vec::new());
        }
    };
    // Total unknown at first: the bar is indeterminate while a workbook opens (its shared strings
    // are read before any row, ~3 s at 1M rows), then shows the rows' progress.
    progress(Progress { done: 0, total: 0 });
    minglu::open_with_progress(bytes, options, &mut progress)
        .map_err(|e| minglu_app::i18n::errors::engine_error(&e, LANG.get()))
}

/// Read the source's bytes with `options`; the bytes are dropped when the read is done.
pub(super) fn read_source(id: RequestId, source: &Source, options: &OpenOptions) -> Result<Opened, String> {
    let bytes = source.bytes()?;
    read(id, &bytes, options)
}

/// Files up to this size are hashed after their first answers, their bytes kept until then.
///
/// WebCrypto hashes on a thread of its own, but on two cores that thread takes its time from the
/// read, the duplicate helper and the page: hashed before the read, the 100k-row CSV's (16 MB)
/// first screen came ~20 ms later (docs/bench/speed.md). So a file this small is hashed when the
/// page next asks for something — the A–Z counts and the org tree, which it asks for once the
/// check and the duplicates are in. A bigger one (a 1M-row file: 83–162 MB, which the worker
/// does not keep) is still hashed before its read, while the page has nothing to draw: after the
/// first screen, its copy and hash beside the page's drawing made page tasks of 65–81 ms.
const DIGEST_AFTER_MAX_BYTES: usize = 32 << 20;

/// Open the source for `generation`: its bytes, the WebCrypto digest started before the read or
/// the bytes kept for it ([`DIGEST_AFTER_MAX_BYTES`]), and the reading. When the helper finds the
/// duplicates (`duplicates_aside`), the file's bytes go to the page for it ([`Response::FileRead`]).
fn open_source(
    id: RequestId,
    source: &Source,
    options: &OpenOptions,
    generation: u32,
    duplicates_aside: bool,
) -> Result<(Opened, Option<Vec<u8>>), String> {
    let mut kept = None;
    let bytes = source.bytes_keeping(duplicates_aside.then_some(&mut kept))?;
    if let Some(buffer) = kept {
        post(&Response::FileRead { id }, vec![(BYTES, buffer)]);
    }
    let later = bytes.len() <= DIGEST_AFTER_MAX_BYTES;
    if !later {
        digest_source(&bytes, generation);
    }
    let opened = read(id, &bytes, options)?;
    Ok((opened, later.then(|| bytes.into_owned())))
}

/// A new file: forget the old one first (its memory), then read.
pub(super) fn open(id: RequestId, source: Source, options: OpenOptions, duplicates_aside: bool) {
    SESSION.with_borrow_mut(|s| *s = None);
    let generation = GENERATION.get().wrapping_add(1);
    GENERATION.set(generation);
    match open_source(id, &source, &options, generation, duplicates_aside) {
        Ok((opened, digest_later)) => {
            let (grid, first_values) = Grid::pack_shared(&opened.sheet, &opened.mapping, &opened.directory);
            let mut session = Session::new(source, options, opened, first_values);
            session.generation = generation;
            session.duplicates_aside = duplicates_aside;
            session.digest_later = digest_later;
            first_answers(id, &mut session, grid);
            SESSION.with_borrow_mut(|s| *s = Some(session));
        }
        Err(message) => fail(id, message),
    }
}

/// A reading of up to this many people is checked before its first screen is sent.
const CHECK_BEFORE_SHOWING: usize = 200_000;

/// A new reading's first screen (its `grid`) and its check, and what waits for the page's
/// drawing ([`Session::when_drawn`]).
///
/// Up to [`CHECK_BEFORE_SHOWING`] people the check comes first and the two answers go together:
/// the page draws the rows, the marks and the check's panel in one go. Drawn one after the other,
/// the page's first screen (~65 ms at 100k rows on two cores) was time the reading worker spent
/// waiting, and the page idles now while the two workers — this one checking, the duplicate
/// helper searching — have the two cores (100k-row CSV: the check's panel ~11 % sooner, the
/// duplicates ~8 %; docs/bench/speed.md). A bigger file shows its rows first, then checks once
/// they are drawn: its check takes seconds, and the rows are something to look at meanwhile.
fn first_answers(id: RequestId, session: &mut Session, grid: Grid) {
    let check_first = session.doc.directory.people.len() <= CHECK_BEFORE_SHOWING;
    let t0 = now_ms();
    let report = check_first.then(|| validate_rows(session));
    let validate_ms = now_ms() - t0;
    let opened = Response::Opened { id, summary: summary(session), width: grid.width(), check_follows: report.is_some() };
    post(&opened, transport::grid_buffers(&grid));
    drop(grid);
    match report {
        Some(report) => {
            post_check(id, session, report, None, Timing { validate_ms, ..Timing::default() });
            session.when_drawn = (!session.duplicates_aside).then_some((id, Next::Duplicates));
        }
        None => session.when_drawn = Some((id, Next::Check)),
    }
    // For the tests: the digest of a small file starts after this (`DIGEST_AFTER_MAX_BYTES`).
    let _ = js_sys::Reflect::set(&js_sys::global(), &"mingluFirstAnswers".into(), &now_ms().into());
}

/// The same bytes with other read options; on failure the previous reading stays.
pub(super) fn reread(id: RequestId, change: impl FnOnce(&mut OpenOptions)) {
    SESSION.with_borrow_mut(|slot| {
        let Some(session) = slot.as_mut() else {
            return fail(id, "no file is open".into());
        };
        let mut options = session.options.clone();
        change(&mut options);
        match read_source(id, &session.source, &options) {
            Ok(opened) => {
                let (grid, first_values) = Grid::pack_shared(&opened.sheet, &opened.mapping, &opened.directory);
                let source = std::mem::replace(&mut session.source, Source::Bytes(Vec::new()));
                // The same file: the same digest and generation (a digest waiting for its turn
                // started when this request came: `digest_kept_bytes`).
                let (sha256, generation) = (session.source_sha256.take(), session.generation);
                *session = Session::new(source, options, opened, first_values);
                (session.source_sha256, session.generation) = (sha256, generation);
                first_answers(id, session, grid);
            }
            Err(message) => fail(id, message),
        }
    });
}

/// What `Opened::inspection` says, of the document as it is now (people merged away or
/// deleted are not counted).
pub(super) fn inspection(doc: &Doc) -> Inspection {
    Inspection {
        format: doc.sheet.format.map(|f| f.name().to_string()).unwrap_or_default(),
        encoding: doc.sheet.encoding.clone(),
        sheet: doc.sheet.sheet_name.clone(),
        sheets: doc.sheet.sheets.clone(),
        header_row: doc.sheet.sheet_row(doc.header_index),
        rows: doc.directory.people.len(),
        profile: doc.mapping.profile,
        columns: doc
            .mapping
            .columns
            .iter()
            .map(|c| minglu::ColumnSummary {
                index: c.index,
                header: c.header.clone(),
                field: c.field.map(|f| f.key().to_string()),
            })
            .collect(),
    }
}

pub(super) fn summary(session: &Session) -> Summary {
    Summary {
        file_name: session.options.read.file_name.clone(),
        is_sample: session.options.read.file_name.as_deref() == Some(SAMPLE_FILE_NAME),
        inspection: inspection(&session.doc),
        text_format: session.doc.sheet.format.is_some_and(|f| f.is_text()),
        encoding_overridden: session.doc.sheet.encoding_overridden,
        profile_overridden: session.options.profile.is_some(),
        samples: session.samples.clone(),
    }
}

/// Start the digest of the open file if its bytes wait for it ([`DIGEST_AFTER_MAX_BYTES`]): the
/// page asked for something after the file's first answers.
pub(super) fn digest_kept_bytes() {
    SESSION.with_borrow_mut(|slot| {
        if let Some(session) = slot.as_mut() {
            if let Some(bytes) = session.digest_later.take() {
                digest_source(&bytes, session.generation);
            }
        }
    });
}

/// Start the SHA-256 of the opened file in the browser's WebCrypto: it runs off this thread at
/// native speed (in wasm it took ~90 ms for 16 MB, in the export's time) and lands in the session
/// if the same file is still open. If WebCrypto is missing or fails, the first export computes it.
/// For the tests, the worker's globals `mingluDigestStarted` (`Date.now()`) and `mingluDigested`
/// (the hex) say when it started and what it gave.
pub(super) fn digest_source(bytes: &[u8], generation: u32) {
    let _ = js_sys::Reflect::set(&js_sys::global(), &"mingluDigestStarted".into(), &now_ms().into());
    let Ok(crypto) = scope().crypto() else { return };
    let Ok(promise) = crypto.subtle().digest_with_str_and_u8_array("SHA-256", bytes) else { return };
    let done = Closure::<dyn FnMut(JsValue)>::once(move |digest: JsValue| {
        let hex = hex_of(&digest);
        let _ = js_sys::Reflect::set(&js_sys::global(), &"mingluDigested".into(), &hex.as_str().into());
        SESSION.with_borrow_mut(|slot| {
            if let Some(session) = slot.as_mut().filter(|s| s.generation == generation && hex.len() == 64) {
                session.source_sha256.get_or_insert(hex);
            }
        });
    });
    let _ = promise.then(&done);
    done.forget(); // a few bytes per file opened; it runs once
}

/// A WebCrypto digest (an `ArrayBuffer`) as lowercase hex.
pub(super) fn hex_of(digest: &JsValue) -> String {
    js_sys::Uint8Array::new(digest).to_vec().iter().map(|b| format!("{b:02x}")).collect()
}
