//! Exports: the made files and their digest sent to the page.

use super::*;

/// Fill in an unencrypted export's output digest with the browser's WebCrypto (native, off this
/// thread: 25 MB of vCards took ~80 ms to hash in wasm), then send its files. Without WebCrypto,
/// or if it fails, the digest is computed here.
pub(super) fn digest_then_post(id: RequestId, output: minglu::export::ExportOutput) {
    let send = move |mut output: minglu::export::ExportOutput, digest: Option<String>| {
        output.manifest.output_sha256 = digest.unwrap_or_else(|| minglu::export::sha256_hex(&output.bytes));
        let made = work_export::package(output, &export_protocol::Encryption::None);
        post_made(id, made.map(|(files, done)| (files, Some(done))));
    };
    let promise = scope().crypto().ok().and_then(|c| c.subtle().digest_with_str_and_u8_array("SHA-256", &output.bytes).ok());
    let Some(promise) = promise else { return send(output, None) };
    // Whichever of the two callbacks runs takes the output.
    let slot = std::rc::Rc::new(RefCell::new(Some(output)));
    let (on_ok, on_err) = (slot.clone(), slot);
    let ok = Closure::<dyn FnMut(JsValue)>::once(move |digest: JsValue| {
        if let Some(output) = on_ok.take() {
            send(output, Some(hex_of(&digest)).filter(|h| h.len() == 64));
        }
    });
    let err = Closure::<dyn FnMut(JsValue)>::once(move |_: JsValue| {
        if let Some(output) = on_err.take() {
            send(output, None);
        }
    });
    let _ = promise.then2(&ok, &err);
    ok.forget();
    err.forget();
}

/// Send an export's or a decryption's files, or why there are none.
pub(super) fn post_made(id: RequestId, made: Result<(Vec<work_export::MadeFile>, Option<ExportDone>), work_export::Failure>) {
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
pub(super) fn export_session(id: RequestId, f: impl FnOnce(&mut Session)) {
    SESSION.with_borrow_mut(|slot| match slot.as_mut() {
        Some(session) => f(session),
        None => post(
            &Response::ExportFailed { id, kind: FailureKind::Other, message: "no file is open".into() },
            Vec::new(),
        ),
    });
}
