//! Which field each column holds: header, a sample value and a field picker per column. The
//! engine decides what a change means (`Mapping::set` in the worker); this shows the result.

use crate::i18n::field_label;
use crate::state::AppState;
use leptos::prelude::*;
use minglu::{column_letter, ColumnSummary, Field};

#[component]
pub fn MappingPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = move || state.summary.with(|s| s.as_ref().map_or(0, |s| s.inspection.columns.len()));
    view! {
        <section class="panel mapping" data-testid="mapping-panel">
            <h2>{move || state.text().mapping}</h2>
            <p class="hint">{move || state.text().mapping_hint}</p>
            <table class="mapping-table">
                <thead>
                    <tr>
                        <th class="col-letter">{move || state.text().column}</th>
                        <th>
                            {move || state.text().header}
                            <span class="th-sub">" / "{move || state.text().sample}</span>
                        </th>
                        <th>{move || state.text().field}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..count() key=|i| *i let:index>
                        <MappingRow index />
                    </For>
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn MappingRow(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let column = move |f: fn(&ColumnSummary) -> Option<String>| {
        state.summary.with(|s| s.as_ref().and_then(|s| s.inspection.columns.get(index)).and_then(f))
    };
    let header = move || column(|c| Some(c.header.clone()).filter(|h| !h.is_empty()));
    // One memo per row: the options read it at build time only, and one effect moves the
    // select when the field changes (a reactive `selected` on each of the ~20 options of every
    // row was ~700 effects and a slow first build).
    let field = Memo::new(move |_| column(|c| c.field.clone()).as_deref().and_then(Field::from_key));
    let select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        let key = field.get().map_or("", Field::key);
        if let Some(el) = select.get() {
            if el.value() != key {
                el.set_value(key);
            }
        }
    });
    let initial = field.get_untracked();
    let sample =
        move || state.summary.with(|s| s.as_ref().and_then(|s| s.samples.get(index).cloned()).unwrap_or_default());
    let is_extra = move || field.get().is_none();
    let on_change = move |ev| state.set_field(index, Field::from_key(&event_target_value(&ev)));

    view! {
        <tr data-testid="mapping-row" data-column=index class:extra=is_extra>
            <td class="col-letter">{column_letter(index + 1)}</td>
            <td class="col-header">
                <div class="header-text" title=move || header().unwrap_or_default()>
                    {move || header().unwrap_or_else(|| state.text().empty_header.to_string())}
                </div>
                <div class="sample" title=sample>
                    {sample}
                </div>
            </td>
            <td class="col-field">
                <select
                    node_ref=select
                    data-testid="mapping-select"
                    data-column=index
                    disabled=move || state.is_working()
                    on:change=on_change
                >
                    <option value="" selected=initial.is_none()>
                        {move || state.text().keep_extra}
                    </option>
                    {Field::ALL
                        .into_iter()
                        .map(|f| {
                            view! {
                                <option value=f.key() selected=initial == Some(f)>
                                    {move || field_label(f, state.lang.get())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <Show when=is_extra>
                    <span class="badge extra" data-testid="extra-badge">
                        {move || state.text().extra}
                    </span>
                </Show>
            </td>
        </tr>
    }
}
