//! "解密": a Minglu container or an encrypted zip, dropped or chosen, plus its password → the
//! worker decrypts → the plaintext files download, and a sheet or vCard can be opened in Minglu
//! directly. A wrong password or a changed file says so, and nothing is handed over.

use crate::components::export_parts::{failure_text, handed_files, Handed, Modal};
use crate::export::Outcome;
use crate::i18n::export::export_text;
use crate::protocol::Request;
use crate::transport::Attachment;
use crate::state::AppState;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, HtmlInputElement};

#[component]
pub fn DecryptDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let lang = state.lang;
    let tx = move || export_text(lang.get());
    let password: NodeRef<html::Input> = NodeRef::new();
    let file_input: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(input) = file_input.get() {
            let _ = input.focus();
        }
    });
    let dragging = RwSignal::new(false);

    let on_pick = move |e: ev::Event| {
        let input: HtmlInputElement = event_target(&e);
        ex.set_decrypt_file(input.files().and_then(|f| f.get(0)));
        input.set_value("");
        if let Some(p) = password.get() {
            let _ = p.focus();
        }
    };
    // Dropped here, the file is for decryption: the page's own drop handler (which opens files)
    // must not see it.
    let on_drop = move |e: DragEvent| {
        e.prevent_default();
        e.stop_propagation();
        dragging.set(false);
        if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            ex.set_decrypt_file(Some(file));
        }
    };
    let on_over = move |e: DragEvent| {
        e.prevent_default();
        e.stop_propagation();
        dragging.set(true);
    };

    let go = move || {
        let Some(file) = ex.decrypt_file() else { return };
        if ex.decrypt_busy.get_untracked() {
            return;
        }
        let password = ex.decrypt_password.get_untracked();
        ex.decrypt_busy.set(true);
        ex.decrypt_outcome.set(None);
        spawn_local(async move {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let file_name = file.name();
                    let id = state.send_export(|id| Request::Decrypt { id, file_name, password }, Some(Attachment::Bytes(buffer.into())));
                    ex.decrypt_sent(id);
                }
                Err(e) => {
                    ex.decrypt_busy.set(false);
                    let message = e.as_string().unwrap_or_else(|| format!("{e:?}"));
                    ex.decrypt_outcome.set(Some(Outcome::Failed {
                        kind: crate::protocol::export::FailureKind::Other,
                        message,
                    }));
                }
            }
        });
    };

    view! {
        <Modal
            name="decrypt"
            title=Signal::derive(move || tx().decrypt_title)
            close_label=Signal::derive(move || tx().close)
            on_close=Callback::new(move |_| ex.close_decrypt())
        >
                <div
                    class="decrypt-drop"
                    class:dragging=move || dragging.get()
                    data-testid="decrypt-drop"
                    on:dragover=on_over
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                >
                    <p class="hint">{move || tx().decrypt_hint}</p>
                    <div class="decrypt-file">
                        <label class="button">
                            <input
                                type="file"
                                class="visually-hidden"
                                data-testid="decrypt-file-input"
                                node_ref=file_input
                                accept=".minglu,.zip"
                                on:change=on_pick
                            />
                            <span>{move || tx().choose_file}</span>
                        </label>
                        <span class="decrypt-name" data-testid="decrypt-file-name">
                            {move || ex.decrypt_name.get().unwrap_or_else(|| tx().no_file.to_string())}
                        </span>
                    </div>
                </div>
                <form
                    class="decrypt-form"
                    on:submit=move |e| {
                        e.prevent_default();
                        go();
                    }
                >
                    <input
                        type="password"
                        autocomplete="off"
                        node_ref=password
                        data-testid="decrypt-password"
                        placeholder=move || tx().password
                        aria-label=move || tx().password
                        prop:value=move || ex.decrypt_password.get()
                        on:input=move |e| ex.decrypt_password.set(event_target_value(&e))
                    />
                    <button
                        type="submit"
                        class="button primary"
                        data-testid="decrypt-go"
                        disabled=move || {
                            ex.decrypt_busy.get() || ex.decrypt_name.with(Option::is_none)
                                || ex.decrypt_password.with(String::is_empty)
                        }
                    >
                        {move || if ex.decrypt_busy.get() { tx().decrypting } else { tx().decrypt_go }}
                    </button>
                    <Show when=move || ex.decrypt_busy.get()>
                        <span class="spinner" data-testid="decrypt-busy" aria-hidden="true"></span>
                    </Show>
                </form>
                {move || {
                    let tx = tx();
                    ex.decrypt_outcome
                        .get()
                        .map(|outcome| match outcome {
                            Outcome::Done { files, .. } => {
                                view! {
                                    <div class="export-done" data-testid="decrypt-outcome" role="status">
                                        <p>{tx.decrypted}</p>
                                        {handed_files(state, files, Handed::Decrypted, lang.get_untracked())}
                                    </div>
                                }
                                    .into_any()
                            }
                            Outcome::Failed { kind, message } => {
                                view! {
                                    <p class="export-error" data-testid="decrypt-error" role="alert">
                                        {failure_text(kind, &message, lang.get_untracked())}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
        </Modal>
    }
}
