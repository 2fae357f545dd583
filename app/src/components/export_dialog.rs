//! The export dialog (issue #5): destination, fields, masks, encoding, encryption — and a live
//! preview of the first rows exactly as they will be written, with a line saying what leaves.
//! The person sees what will leave before it leaves. The worker computes the preview and
//! writes (and encrypts) the file; the page only hands the file over.

use crate::components::decrypt_dialog::DecryptDialog;
use crate::components::export_parts::{Modal, OutcomeView, PreviewTable};
use crate::export::{Blocked, ExportState, Protect};
use crate::i18n::export::{destination_label, export_text, mask_example, ExportText};
use crate::i18n::{field_label, Lang};
use crate::protocol::export::KdfChoice;
use crate::protocol::Request;
use crate::state::AppState;
use leptos::html;
use leptos::prelude::*;
use minglu::export::{CsvEncoding, Destination, Mask};
use minglu::Field;

/// The buttons that open the dialogs (export once a file is open; decrypt always), and the
/// dialogs themselves.
#[component]
pub fn ExportEntry() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let tx = move || export_text(state.lang.get());
    let loaded = move || state.summary.with(Option::is_some);
    // Another file (or sheet) has other columns: its fields start from the default again, and no
    // extra column leaves unless ticked for it. Masks and encryption stay as chosen.
    Effect::new(move |_| {
        state.grid_epoch.track();
        ex.fields.set(None);
        ex.extras.set(Vec::new());
    });
    view! {
        <Show when=loaded>
            <button type="button" class="button" data-testid="export-button" on:click=move |_| ex.open.set(true)>
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M12 15V4M7.5 8.5L12 4l4.5 4.5M5 14v5.5h14V14" />
                </svg>
                {move || tx().export_button}
            </button>
        </Show>
        <button type="button" class="button" data-testid="decrypt-button" on:click=move |_| ex.decrypt_open.set(true)>
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M7 10V7a5 5 0 0 1 9.6-2" />
                <rect x="4.5" y="10" width="15" height="11" rx="2.5" />
            </svg>
            {move || tx().decrypt_button}
        </button>
        <Show when=move || ex.open.get() && loaded()>
            <ExportDialog />
        </Show>
        <Show when=move || ex.decrypt_open.get()>
            <DecryptDialog />
        </Show>
    }
}

/// A choice's text, picked from the language's texts.
type Label = fn(&ExportText) -> &'static str;

/// Does `destination` write CSV (so the encoding applies)?
fn writes_csv(destination: Destination) -> bool {
    matches!(destination, Destination::Csv | Destination::Alimail | Destination::Google | Destination::Outlook)
}

#[component]
fn ExportDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let lang = state.lang;
    let tx = move || export_text(lang.get());

    // The preview follows every choice and every change to the rows (a fix, an edit).
    Effect::new(move |_| {
        let options = ex.options(lang.get());
        state.check.track();
        // What the last export said is about other choices now.
        ex.outcome.set(None);
        ex.schedule_preview(move || state.send_export(|id| Request::ExportPreview { id, options }, None));
    });
    let first: NodeRef<html::Select> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(select) = first.get() {
            let _ = select.focus();
        }
    });

    let go = move |_| {
        if ex.blocked().is_some() || ex.busy.get_untracked() {
            return;
        }
        let options = ex.options(lang.get_untracked());
        let encryption = ex.encryption();
        let id = state.send_export(|id| Request::Export { id, options, encryption }, None);
        ex.export_sent(id);
    };

    view! {
        <Modal
            name="export"
            title=Signal::derive(move || tx().title)
            close_label=Signal::derive(move || tx().close)
            on_close=Callback::new(move |_| ex.close_export())
        >
                <div class="export-body">
                    <div class="export-settings">
                        <label class="export-row">
                            <span class="export-label">{move || tx().destination}</span>
                            <select
                                data-testid="export-destination"
                                node_ref=first
                                on:change=move |e| {
                                    if let Some(d) = Destination::from_key(&event_target_value(&e)) {
                                        ex.destination.set(d);
                                    }
                                }
                            >
                                {Destination::ALL
                                    .into_iter()
                                    .map(|d| {
                                        view! {
                                            <option value=d.key() prop:selected=move || ex.destination.get() == d>
                                                {move || destination_label(d, lang.get())}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <FieldPicker />
                        <FormatOptions />
                        <Protection />
                    </div>
                    <div class="export-side">
                        <PreviewTable />
                        <p class="export-summary" data-testid="export-summary">
                            {move || summary_line(&ex, lang.get())}
                        </p>
                        <Show when=move || ex.blocked().is_some()>
                            <p class="export-blocked" data-testid="export-blocked" role="alert">
                                {move || match ex.blocked() {
                                    Some(Blocked::Mismatch) => tx().mismatch,
                                    _ => tx().need_password,
                                }}
                            </p>
                        </Show>
                        <div class="export-actions">
                            <button
                                type="button"
                                class="button primary"
                                data-testid="export-go"
                                disabled=move || {
                                    ex.blocked().is_some() || ex.busy.get() || ex.preview.with(Option::is_none)
                                }
                                on:click=go
                            >
                                {move || {
                                    if !ex.busy.get() {
                                        tx().go
                                    } else if ex.protect.get() == Protect::None {
                                        tx().working
                                    } else {
                                        tx().working_kdf
                                    }
                                }}
                            </button>
                            <Show when=move || ex.busy.get()>
                                <span class="spinner" data-testid="export-busy" aria-hidden="true"></span>
                            </Show>
                        </div>
                        <OutcomeView />
                    </div>
                </div>
        </Modal>
    }
}

/// "将导出 1500 人 · 字段：姓名、手机（遮盖） · 加密 zip（AES-256）".
fn summary_line(ex: &ExportState, lang: Lang) -> String {
    let tx = export_text(lang);
    ex.preview.with(|p| {
        let Some(p) = p else { return tx.preview_waiting.to_string() };
        let fields: Vec<String> = p
            .leaving
            .iter()
            .map(|(f, m)| format!("{}{}", field_label(*f, lang), if m.is_some() { tx.masked } else { "" }))
            .collect();
        let extras = ex.extras.get();
        let all: Vec<String> = fields.into_iter().chain(extras).collect();
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        let protect = match ex.protect.get() {
            Protect::None => tx.no_encryption,
            Protect::Zip => tx.encrypted_zip,
            Protect::Container => tx.container,
        };
        format!(
            "{}{}{} · {}{} · {}",
            tx.leaving_people.0,
            p.people,
            tx.leaving_people.1,
            tx.leaving_fields,
            all.join(sep),
            protect
        )
    })
}

/// Which fields leave, each with its mask; extra columns opt in.
#[component]
fn FieldPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let lang = state.lang;
    let tx = move || export_text(lang.get());
    let listed = move || ex.preview.with(|p| p.as_ref().map(|p| p.with_values.clone()).unwrap_or_default());
    let extras = move || ex.preview.with(|p| p.as_ref().map(|p| p.extra_headers.clone()).unwrap_or_default());
    view! {
        <fieldset class="export-fields">
            <legend>{move || tx().fields}</legend>
            <p class="hint">{move || tx().fields_hint}</p>
            <ul class="field-list">
                <For each=listed key=|f| *f let:field>
                    <FieldRow field=field />
                </For>
            </ul>
            <Show when=move || !extras().is_empty() && !ex.destination.get().is_vcard()>
                <p class="export-sub">{move || tx().extras}<span class="hint">" · " {move || tx().extras_hint}</span></p>
                <ul class="field-list">
                    {move || {
                        extras()
                            .into_iter()
                            .enumerate()
                            .map(|(i, header)| {
                                let h = header.clone();
                                let on = {
                                    let header = header.clone();
                                    move || ex.extras.with(|e| e.contains(&header))
                                };
                                view! {
                                    <li>
                                        <label>
                                            <input
                                                type="checkbox"
                                                data-testid=format!("export-extra-{i}")
                                                prop:checked=on
                                                on:change=move |e| ex.toggle_extra(h.clone(), event_target_checked(&e))
                                            />
                                            {header}
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </fieldset>
    }
}

#[component]
fn FieldRow(field: Field) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let lang = state.lang;
    // From the engine directly, not the preview: the checkbox must follow the destination at once,
    // not when the worker's next preview arrives.
    let carried = move || ex.destination.get().fields().contains(&field);
    let chosen = move || ex.field_chosen(field);
    let preset = Mask::preset_for(field);
    let mask_value = move || ex.mask_of(field).map(|m| m.key()).unwrap_or("");
    view! {
        <li class:off=move || !carried()>
            <label title=move || if carried() { "" } else { export_text(lang.get()).not_carried }>
                <input
                    type="checkbox"
                    data-testid=format!("export-field-{}", field.key())
                    disabled=move || !carried()
                    prop:checked=move || chosen() && carried()
                    on:change=move |e| ex.toggle_field(field, event_target_checked(&e))
                />
                {move || field_label(field, lang.get())}
            </label>
            <Show when=move || chosen() && carried()>
                <select
                    class="mask-select"
                    data-testid=format!("export-mask-{}", field.key())
                    aria-label=move || export_text(lang.get()).mask_label
                    on:change=move |e| ex.set_mask(field, Mask::from_key(&event_target_value(&e)))
                >
                    <option value="" prop:selected=move || mask_value().is_empty()>
                        {move || export_text(lang.get()).mask_none}
                    </option>
                    <option value=preset.key() prop:selected=move || mask_value() == preset.key()>
                        {move || mask_example(preset, lang.get())}
                    </option>
                    <option value="drop" prop:selected=move || mask_value() == "drop">
                        {move || export_text(lang.get()).mask_drop}
                    </option>
                </select>
            </Show>
        </li>
    }
}

/// CSV encoding, the vCard 3.0 charset option, the organization name.
#[component]
fn FormatOptions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let tx = move || export_text(state.lang.get());
    let encodings: [(CsvEncoding, &str, Label); 3] = [
        (CsvEncoding::Utf8Bom, "utf8-bom", |t| t.enc_bom),
        (CsvEncoding::Utf8, "utf8", |t| t.enc_utf8),
        (CsvEncoding::Gbk, "gbk", |t| t.enc_gbk),
    ];
    view! {
        <Show when=move || writes_csv(ex.destination.get())>
            <label class="export-row">
                <span class="export-label">{move || tx().csv_encoding}</span>
                <select
                    data-testid="export-csv-encoding"
                    on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some((enc, _, _)) = encodings.iter().find(|(_, k, _)| *k == v) {
                            ex.csv_encoding.set(*enc);
                        }
                    }
                >
                    {encodings
                        .into_iter()
                        .map(|(enc, key, label)| {
                            view! {
                                <option value=key prop:selected=move || ex.csv_encoding.get() == enc>
                                    {move || label(tx())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </Show>
        <Show when=move || ex.destination.get() == Destination::Vcard3>
            <label class="export-check">
                <input
                    type="checkbox"
                    data-testid="export-vcard-charset"
                    prop:checked=move || ex.vcard_charset.get()
                    on:change=move |e| ex.vcard_charset.set(event_target_checked(&e))
                />
                {move || tx().vcard_charset}
            </label>
        </Show>
        <label class="export-row">
            <span class="export-label">{move || tx().organization}</span>
            <input
                type="text"
                data-testid="export-org"
                placeholder=move || tx().organization_hint
                prop:value=move || ex.organization.get()
                on:input=move |e| ex.organization.set(event_target_value(&e))
            />
        </label>
    }
}

/// None / encrypted zip / container, the KDF, the password twice.
#[component]
fn Protection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ex = state.export;
    let tx = move || export_text(state.lang.get());
    let choices: [(Protect, &str, Label); 3] = [
        (Protect::None, "none", |t| t.protect_none),
        (Protect::Zip, "zip", |t| t.protect_zip),
        (Protect::Container, "container", |t| t.protect_container),
    ];
    view! {
        <fieldset class="export-protect">
            <legend>{move || tx().protect}</legend>
            {choices
                .into_iter()
                .map(|(p, key, label)| {
                    view! {
                        <label class="export-check">
                            <input
                                type="radio"
                                name="export-protect"
                                data-testid=format!("export-protect-{key}")
                                prop:checked=move || ex.protect.get() == p
                                on:change=move |_| ex.protect.set(p)
                            />
                            {move || label(tx())}
                        </label>
                    }
                })
                .collect_view()}
            <Show when=move || ex.protect.get() == Protect::Container>
                <select
                    data-testid="export-kdf"
                    class="export-kdf"
                    on:change=move |e| {
                        ex.kdf.set(if event_target_value(&e) == "argon2id" { KdfChoice::Argon2id } else { KdfChoice::Pbkdf2 })
                    }
                >
                    <option value="pbkdf2" prop:selected=move || ex.kdf.get() == KdfChoice::Pbkdf2>
                        {move || tx().kdf_pbkdf2}
                    </option>
                    <option value="argon2id" prop:selected=move || ex.kdf.get() == KdfChoice::Argon2id>
                        {move || tx().kdf_argon2}
                    </option>
                </select>
            </Show>
            <Show when=move || ex.protect.get() != Protect::None>
                <div class="export-passwords">
                    <input
                        type="password"
                        autocomplete="new-password"
                        data-testid="export-password"
                        placeholder=move || tx().password
                        aria-label=move || tx().password
                        prop:value=move || ex.password.get()
                        on:input=move |e| ex.password.set(event_target_value(&e))
                    />
                    <input
                        type="password"
                        autocomplete="new-password"
                        data-testid="export-confirm"
                        placeholder=move || tx().confirm
                        aria-label=move || tx().confirm
                        prop:value=move || ex.confirm.get()
                        on:input=move |e| ex.confirm.set(event_target_value(&e))
                    />
                </div>
            </Show>
        </fieldset>
    }
}
