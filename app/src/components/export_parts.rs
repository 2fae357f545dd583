//! Parts of the export and decrypt dialogs (issue #5): the preview table, what an export or a
//! decryption ended with, and the keyboard handling of a modal.

use crate::export::Outcome;
use crate::i18n::export::export_text;
use crate::i18n::Lang;
use crate::protocol::export::{FailureKind, FileMeta};
use crate::state::AppState;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The frame of a modal dialog: a backdrop that closes it when clicked, the dialog with its title
/// and a ✕, and the keys of [`modal_keys`]. `name` makes the class `{name}-dialog` and the test ids
/// `{name}-dialog` and `{name}-close`.
#[component]
pub fn Modal(
    name: &'static str,
    title: Signal<&'static str>,
    close_label: Signal<&'static str>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog: NodeRef<html::Div> = NodeRef::new();
    modal_keys(dialog, move || on_close.run(()));
    let (title_id, labelled_by) = (format!("{name}-title"), format!("{name}-title"));
    view! {
        <div class="modal-backdrop" on:click=move |_| on_close.run(())>
            <div
                class=format!("modal {name}-dialog")
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelled_by
                data-testid=format!("{name}-dialog")
                node_ref=dialog
                on:click=|e| e.stop_propagation()
            >
                <header class="modal-head">
                    <h2 id=title_id>{move || title.get()}</h2>
                    <button
                        type="button"
                        class="button quiet"
                        data-testid=format!("{name}-close")
                        aria-label=move || close_label.get()
                        on:click=move |_| on_close.run(())
                    >
                        "✕"
                    </button>
                </header>
                {children()}
            </div>
        </div>
    }
}

/// Keyboard handling of a modal dialog while it is shown: Escape closes it, and Tab cycles
/// through its controls instead of wandering into the page behind it.
pub fn modal_keys(dialog: NodeRef<html::Div>, close: impl Fn() + 'static) {
    let handle = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" {
            close();
            return;
        }
        if e.key() != "Tab" {
            return;
        }
        let Some(dialog) = dialog.get_untracked() else { return };
        let Ok(list) = dialog.query_selector_all(
            "button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex='-1'])",
        ) else {
            return;
        };
        let items: Vec<web_sys::HtmlElement> =
            (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
        let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
        let active = document().active_element();
        let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
        let at = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>());
        if !inside || (e.shift_key() && at(first)) {
            e.prevent_default();
            let _ = if e.shift_key() { last.focus() } else { first.focus() };
        } else if !e.shift_key() && at(last) {
            e.prevent_default();
            let _ = first.focus();
        }
    });
    on_cleanup(move || handle.remove());
}

/// The first rows as they will be written: a table for sheets, the cards' lines for vCards.
#[component]
pub fn PreviewTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let tx = move || export_text(state.lang.get());
    let caption = move || {
        ex.preview.with(|p| match p {
            None => tx().preview_waiting.to_string(),
            Some(p) if p.has_header => {
                let (a, b) = tx().preview_rows;
                format!("{a}{}{b}", p.rows.len().saturating_sub(1))
            }
            Some(p) => {
                let (a, b) = tx().preview_cards;
                format!("{a}{}{b}", p.rows.len())
            }
        })
    };
    view! {
        <section class="export-preview" data-testid="export-preview">
            <h3>{move || tx().preview} <span class="hint">" · " {caption}</span></h3>
            <Show when=move || ex.preview_error.with(Option::is_some)>
                <p class="export-error" data-testid="export-preview-error">
                    {move || tx().preview_failed}
                    {move || ex.preview_error.get()}
                </p>
            </Show>
            {move || {
                ex.preview
                    .with(|p| {
                        let p = p.as_ref()?;
                        Some(
                            if p.has_header {
                                let mut rows = p.rows.iter();
                                let head = rows.next().cloned().unwrap_or_default();
                                let body: Vec<Vec<String>> = rows.cloned().collect();
                                view! {
                                    <div class="preview-scroll">
                                        <table data-testid="export-preview-table">
                                            <thead>
                                                <tr>{head.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr>
                                            </thead>
                                            <tbody>
                                                {body
                                                    .into_iter()
                                                    .map(|r| {
                                                        view! {
                                                            <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <div class="preview-scroll cards">
                                        {p.rows
                                            .iter()
                                            .map(|card| {
                                                view! { <pre data-testid="export-preview-card">{card.join("\n")}</pre> }
                                            })
                                            .collect_view()}
                                    </div>
                                }
                                    .into_any()
                            },
                        )
                    })
            }}
        </section>
    }
}

/// What the last export did, or why it failed.
#[component]
pub fn OutcomeView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let lang = state.lang;
    view! {
        {move || {
            let tx = export_text(lang.get());
            ex.outcome
                .get()
                .map(|outcome| match outcome {
                    Outcome::Done { files, done } => {
                        let neutralized = done.as_ref().map_or(0, |d| d.neutralized);
                        view! {
                            <div class="export-done" data-testid="export-outcome" role="status">
                                <p>{tx.done}</p>
                                {handed_files(state, files, Handed::Exported, lang.get_untracked())}
                                <Show when=move || neutralized != 0>
                                    <p class="hint">{tx.neutralized.0} {neutralized} {tx.neutralized.1}</p>
                                </Show>
                            </div>
                        }
                            .into_any()
                    }
                    Outcome::Failed { kind, message } => {
                        view! {
                            <p class="export-error" data-testid="export-error" role="alert">
                                {failure_text(kind, &message, lang.get_untracked())}
                            </p>
                        }
                            .into_any()
                    }
                })
        }}
    }
}

/// Whose files a list shows: the export's or the decryption's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handed {
    Exported,
    Decrypted,
}

/// The files handed over, each with "download again"; a decrypted sheet also with "open in
/// Minglu". Test ids: `export-again-N`, `decrypt-again-N`, `decrypt-open-N`.
pub fn handed_files(state: AppState, files: Vec<FileMeta>, handed: Handed, lang: Lang) -> impl IntoView {
    let ex = state.export;
    let tx = export_text(lang);
    let (prefix, decrypted) = match handed {
        Handed::Exported => ("export", false),
        Handed::Decrypted => ("decrypt", true),
    };
    let items = files
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let again = f.name.clone();
            let open = f.name.clone();
            let openable = decrypted && f.openable;
            view! {
                <li>
                    <code>{f.name}</code>
                    <button
                        type="button"
                        class="button quiet small"
                        data-testid=format!("{prefix}-again-{i}")
                        on:click=move |_| ex.download_again(&again, decrypted)
                    >
                        {tx.download_again}
                    </button>
                    {openable
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button small"
                                    data-testid=format!("{prefix}-open-{i}")
                                    on:click=move |_| {
                                        if let Some(file) = ex.decrypted_file(&open) {
                                            ex.close_decrypt();
                                            state.open_file(file);
                                        }
                                    }
                                >
                                    {tx.open_in_minglu}
                                </button>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    view! { <ul>{items}</ul> }
}

/// A failure in the person's language; the engine's message when only it knows (a character GBK
/// lacks, with its row and column).
pub fn failure_text(kind: FailureKind, message: &str, lang: Lang) -> String {
    let tx = export_text(lang);
    match kind {
        FailureKind::WrongPassword => tx.wrong_password.into(),
        FailureKind::WrongPasswordOrChanged => tx.wrong_password_container.into(),
        FailureKind::Damaged => tx.damaged.into(),
        FailureKind::NotEncrypted => tx.not_encrypted.into(),
        FailureKind::NoPassword => tx.no_password.into(),
        FailureKind::Other => format!("{}{message}", tx.failed),
    }
}
