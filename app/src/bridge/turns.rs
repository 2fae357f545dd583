//! The page's turns with the workers: a later task, so that the page draws and takes input
//! between the parts of a long job, and the signal that tells a worker the page has drawn.

use super::*;

/// Resolves in a later task (a zero timeout): the page draws and takes input meanwhile.
pub(super) async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::window() {
        Some(window) => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
        None => {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Tell the worker that what request `id` sent last — a new reading's first screen, or its check
/// — is drawn ([`DRAWN`]): after the second frame from now (the first draws the grid; the side
/// panels and rows, built in tasks of their own after it, are painted in the second), or after
/// [`DRAWN_AT_THE_LATEST_MS`] when no frame comes (a tab in the background draws none), whichever
/// is first. A new reading's worker takes its next step (the check, then the duplicates) only
/// then, so that it and the page do not share the CPU meanwhile; otherwise it ignores the signal.
pub(super) fn drawn_later(worker: Worker, id: RequestId) {
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
pub(super) fn after_frames(window: web_sys::Window, frames: u32, then: Rc<dyn Fn()>) {
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
pub(super) const DRAWN_AT_THE_LATEST_MS: i32 = 300;
