//! Where a file comes in: the picker, drag and drop (anywhere on the page), and the sample.

use crate::state::AppState;
use leptos::ev;
use leptos::prelude::*;
use web_sys::{DragEvent, HtmlInputElement};

/// What the picker offers (the engine sniffs the bytes anyway).
const ACCEPT: &str = ".xlsx,.xlsm,.xlsb,.xls,.ods,.csv,.tsv,.txt,.vcf";

fn first_file(ev: &DragEvent) -> Option<web_sys::File> {
    ev.data_transfer()?.files()?.get(0)
}

/// Open `file` in a task of its own, not in the one that delivers the choice or the drop: the
/// browser's handling of the chosen file and the page's opening of it (~28 ms traced) were one
/// task of 51 ms in a 1M-row run (issue #7: no main-thread task over 50 ms).
fn open_later(state: AppState, file: web_sys::File) {
    set_timeout(move || state.open_file(file), std::time::Duration::ZERO);
}

#[component]
pub fn DropZone() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);
    let loaded = move || state.summary.with(Option::is_some);

    // A file dropped anywhere opens (and never makes the browser navigate away to show it).
    let over = window_event_listener(ev::dragover, move |ev| {
        ev.prevent_default();
        dragging.set(true);
    });
    let leave = window_event_listener(ev::dragleave, move |ev| {
        // Leaving the window has no related target.
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |ev| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = first_file(&ev) {
            open_later(state, file);
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });

    let on_pick = move |ev: ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            open_later(state, file);
        }
        // So that choosing the same file again reads it again.
        input.set_value("");
    };

    view! {
        <section class="drop-zone" class:compact=loaded class:dragging=move || dragging.get() data-testid="drop-zone">
            <svg class="drop-icon" viewBox="0 0 48 48" aria-hidden="true">
                <path d="M14 6h14l10 10v24a2 2 0 0 1-2 2H14a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z" />
                <path d="M28 6v10h10" />
                <path d="M18 26h12M18 32h12M18 20h6" />
            </svg>
            <div class="drop-text">
                <h1>{move || if dragging.get() { state.text().drop_here } else { state.text().drop_title }}</h1>
                <p class="drop-hint">{move || state.text().drop_hint}</p>
                <p class="formats">{move || state.text().formats_hint}</p>
            </div>
            <div class="drop-actions">
                <label class="button primary">
                    <input
                        type="file"
                        class="visually-hidden"
                        data-testid="file-input"
                        accept=ACCEPT
                        on:change=on_pick
                    />
                    <span>
                        {move || if loaded() { state.text().open_another } else { state.text().choose_file }}
                    </span>
                </label>
                <button type="button" class="button" data-testid="sample-button" on:click=move |_| state.open_sample()>
                    {move || state.text().try_sample}
                </button>
                <crate::components::export_dialog::ExportEntry />
            </div>
        </section>
    }
}
