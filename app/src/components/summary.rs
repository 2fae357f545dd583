//! What the file is (format, encoding, sheet, header row, template, people) and the choices
//! that re-read it (sheet, encoding, template).

use crate::i18n::{profile_label, ENCODINGS};
use crate::protocol::Summary;
use crate::state::AppState;
use leptos::prelude::*;
use minglu::Profile;

#[component]
pub fn SummaryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Read one thing from the summary, reactively.
    let get = move |f: fn(&Summary) -> String| move || state.summary.with(|s| s.as_ref().map(f).unwrap_or_default());
    let none = move || state.text().none.to_string();
    let or_none = move |v: String| if v.is_empty() { none() } else { v };

    let file = move || {
        let sample = state.summary.with(|s| s.as_ref().is_some_and(|s| s.is_sample));
        if sample {
            state.text().sample_file.to_string()
        } else {
            get(|s| s.file_name.clone().unwrap_or_default())()
        }
    };
    let format = get(|s| s.inspection.format.clone());
    let encoding = get(|s| s.inspection.encoding.clone().unwrap_or_default());
    let sheet = get(|s| s.inspection.sheet.clone().unwrap_or_default());
    let header_row = get(|s| s.inspection.header_row.to_string());
    let rows = get(|s| s.inspection.rows.to_string());
    let profile = move || state.summary.with(|s| s.as_ref().map(|s| s.inspection.profile));
    let profile_key = move || profile().map(|p| p.key()).unwrap_or_default();
    let profile_text = move || profile().map(|p| profile_label(p, state.lang.get())).unwrap_or_default();

    view! {
        <section class="panel summary" data-testid="summary-panel">
            <h2>{move || state.text().summary}</h2>
            <p class="file-name" title=file data-testid="summary-file">{move || or_none(file())}</p>
            <dl class="facts">
                <div>
                    <dt>{move || state.text().format}</dt>
                    <dd data-testid="summary-format">{move || or_none(format())}</dd>
                </div>
                <div>
                    <dt>{move || state.text().encoding}</dt>
                    <dd data-testid="summary-encoding">{move || or_none(encoding())}</dd>
                </div>
                <div>
                    <dt>{move || state.text().sheet}</dt>
                    <dd data-testid="summary-sheet">{move || or_none(sheet())}</dd>
                </div>
                <div>
                    <dt>{move || state.text().header_row}</dt>
                    <dd>
                        <span class="unit">{move || state.text().header_row_unit_before}</span>
                        " "
                        <span data-testid="summary-header-row">{header_row}</span>
                        " "
                        <span class="unit">{move || state.text().header_row_unit_after}</span>
                    </dd>
                </div>
                <div class="wide">
                    <dt>{move || state.text().profile}</dt>
                    <dd data-testid="summary-profile" data-profile=profile_key>{profile_text}</dd>
                </div>
                <div>
                    <dt>{move || state.text().rows}</dt>
                    <dd class="big">
                        <span data-testid="summary-rows">{rows}</span>
                        " "
                        <span class="unit">{move || state.text().people_unit}</span>
                    </dd>
                </div>
            </dl>
            <div class="choices">
                <SheetChoice />
                <EncodingChoice />
                <ProfileChoice />
            </div>
        </section>
    }
}

/// The sheet picker, when the workbook has more than one sheet.
#[component]
fn SheetChoice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let sheets = move || state.summary.with(|s| s.as_ref().map(|s| s.inspection.sheets.clone()).unwrap_or_default());
    let current = move || state.summary.with(|s| s.as_ref().and_then(|s| s.inspection.sheet.clone()));
    view! {
        <Show when=move || { sheets().len() > 1 }>
            <label class="choice">
                <span>{move || state.text().sheet}</span>
                <select
                    data-testid="sheet-select"
                    disabled=move || state.is_working()
                    on:change=move |ev| state.set_sheet(event_target_value(&ev))
                >
                    {move || {
                        sheets()
                            .into_iter()
                            .map(|name| {
                                let selected = current().as_deref() == Some(name.as_str());
                                view! {
                                    <option value=name.clone() prop:selected=selected>
                                        {name.clone()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        </Show>
    }
}

/// The encoding override, for text formats.
#[component]
fn EncodingChoice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text_format = move || state.summary.with(|s| s.as_ref().is_some_and(|s| s.text_format));
    // The chosen encoding's value, or "" when it was detected.
    let chosen = move || {
        state.summary.with(|s| {
            s.as_ref()
                .filter(|s| s.encoding_overridden)
                .and_then(|s| s.inspection.encoding.as_deref())
                .and_then(|enc| {
                    ENCODINGS
                        .iter()
                        .find(|(value, name)| value.eq_ignore_ascii_case(enc) || name.eq_ignore_ascii_case(enc))
                })
                .map(|(value, _)| *value)
                .unwrap_or("")
        })
    };
    // "Detect (GBK)": what detection found, while nothing is forced.
    let detected = move || {
        state.summary.with(|s| {
            s.as_ref()
                .filter(|s| !s.encoding_overridden)
                .and_then(|s| s.inspection.encoding.clone())
                .unwrap_or_default()
        })
    };
    let on_change = move |ev| {
        let value = event_target_value(&ev);
        state.set_encoding((!value.is_empty()).then_some(value));
    };
    view! {
        <Show when=text_format>
            <label class="choice">
                <span>{move || state.text().encoding}</span>
                <select data-testid="encoding-select" disabled=move || state.is_working() on:change=on_change>
                    <option value="" prop:selected=move || chosen().is_empty()>
                        {move || match detected() {
                            d if d.is_empty() => state.text().encoding_auto.to_string(),
                            d => {
                                let text = state.text();
                                format!("{}{}{d}{}", text.encoding_auto, text.paren.0, text.paren.1)
                            }
                        }}
                    </option>
                    {ENCODINGS
                        .into_iter()
                        .map(|(value, name)| {
                            view! {
                                <option value=value prop:selected=move || chosen() == value>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </Show>
    }
}

/// The template (profile) override.
#[component]
fn ProfileChoice() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The chosen profile's key, or "" when it was detected.
    let chosen = move || {
        state
            .summary
            .with(|s| s.as_ref().filter(|s| s.profile_overridden).map(|s| s.inspection.profile.key()).unwrap_or(""))
    };
    let on_change = move |ev| state.set_profile(Profile::from_key(&event_target_value(&ev)));
    view! {
        <label class="choice">
            <span>{move || state.text().profile}</span>
            <select data-testid="profile-select" disabled=move || state.is_working() on:change=on_change>
                <option value="" prop:selected=move || chosen().is_empty()>
                    {move || state.text().profile_auto}
                </option>
                {Profile::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <option value=p.key() prop:selected=move || chosen() == p.key()>
                                {move || profile_label(p, state.lang.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
