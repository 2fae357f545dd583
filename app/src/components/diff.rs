//! "核对花名册": the reconciliation view (issue #6). The open file is one side, a roster the
//! person picks or drops the other; the worker reads the roster, compares and writes the files.
//! This shows the two sides (what was detected in the roster), the key, the deletion guard, the
//! counts, the downloads and the lists ([`super::diff_lists`]).

use crate::components::diff_lists::DiffLists;
use crate::i18n::diff::{destination_label, key_label, key_option, text, DiffText};
use crate::i18n::profile_label;
use crate::protocol::diff::{default_destination, DiffFileKind, DiffParams, DiffView, INCREMENTAL_DESTINATIONS};
use crate::state::{AppState, Status};
use leptos::ev;
use leptos::prelude::*;
use minglu::diff::Key;
use minglu::export::Destination;
use web_sys::{DragEvent, HtmlInputElement};

/// What the roster picker offers (the engine sniffs the bytes anyway).
const ACCEPT: &str = ".xlsx,.xlsm,.xlsb,.xls,.ods,.csv,.tsv,.txt,.vcf";
const KEYS: [Key; 5] = [Key::Auto, Key::Userid, Key::EmployeeNo, Key::Email, Key::Mobile];

#[component]
pub fn DiffPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let diff = state.diff;
    let t = move || text(state.lang.get());
    // Results of another file, or of this one before an edit, are stale: say so, offer to compare
    // again (not automatically: a request now would supersede the check the edit started).
    let stale = RwSignal::new(diff.view.with_untracked(Option::is_some));
    Effect::new(move |first: Option<()>| {
        state.grid.track();
        state.summary.track();
        if first.is_some() {
            stale.set(true);
        }
    });
    Effect::new(move |_| {
        diff.view.track();
        stale.set(false);
    });
    // A comparison superseded by another request (the language switched meanwhile) never gets
    // its answer: once the worker is idle again, nothing is pending.
    Effect::new(move |_| {
        if !matches!(state.status.get(), Status::Working { .. }) {
            diff.pending.set(false);
        }
    });
    let has_view = move || diff.view.with(Option::is_some);

    view! {
        <section
            class="panel diff"
            class:open=move || diff.open.get()
            data-testid="diff-panel"
            data-ready=move || (has_view() && !diff.pending.get()).to_string()
            aria-busy=move || diff.pending.get().to_string()
        >
            <div class="diff-head">
                <div class="diff-title">
                    <h2>{move || t().title}</h2>
                    <p class="hint">{move || t().hint}</p>
                </div>
                <Show when=move || !diff.open.get() && has_view()>
                    <button type="button" class="button" data-testid="diff-show" on:click=move |_| diff.open.set(true)>
                        {move || t().show}
                    </button>
                </Show>
                <RosterPicker />
                <Show when=move || diff.open.get()>
                    <button
                        type="button"
                        class="button quiet"
                        data-testid="diff-close"
                        on:click=move |_| diff.open.set(false)
                    >
                        {move || t().close}
                    </button>
                </Show>
            </div>
            <Show when=move || diff.open.get()>
                <Guard />
                <Sides />
                <Show when=move || diff.pending.get()>
                    <p class="diff-pending">{move || t().comparing}</p>
                </Show>
                {move || {
                    diff.error
                        .get()
                        .map(|m| view! { <p class="diff-error" role="alert" data-testid="diff-error">{m}</p> })
                }}
                <Show when=move || stale.get() && has_view() && !diff.pending.get()>
                    <p class="diff-stale" data-testid="diff-stale">
                        {move || t().stale}
                        " "
                        <button
                            type="button"
                            class="link"
                            data-testid="diff-again"
                            disabled=move || state.is_working()
                            on:click=move |_| state.diff_again()
                        >
                            {move || t().compare_again}
                        </button>
                    </p>
                </Show>
                <Show when=has_view>
                    <Counts />
                    <Downloads />
                    <DiffLists />
                </Show>
            </Show>
        </section>
    }
}

/// The roster's file input (a drop on the roster's card works too).
#[component]
fn RosterPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let diff = state.diff;
    let on_pick = move |ev: ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            state.diff_roster(file);
        }
        // So that choosing the same roster again (after editing it) reads it again.
        input.set_value("");
    };
    view! {
        <label class="button" class:primary=move || !diff.open.get()>
            <input type="file" class="visually-hidden" data-testid="diff-file-input" accept=ACCEPT on:change=on_pick />
            <span>
                {move || {
                    let t = text(state.lang.get());
                    if diff.view.with(Option::is_some) { t.choose_other } else { t.choose_roster }
                }}
            </span>
        </label>
    }
}

/// The deletion guard, first thing in the view: a full replacement WeCom would abort.
#[component]
fn Guard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let guard = move || state.diff.view.with(|v| v.as_ref().map(|v| v.guard).filter(|g| g.blocked));
    move || {
        guard().map(|g| {
            let t = text(state.lang.get());
            let percent = (g.deletions * 100).checked_div(g.staff).unwrap_or(0);
            let (a, b, c, d) = t.guard_text;
            view! {
                <div
                    class="diff-guard"
                    role="alert"
                    data-testid="diff-guard"
                    data-deletions=g.deletions
                    data-staff=g.staff
                >
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M12 3.5l9.5 17h-19z" />
                        <path d="M12 10v4.5M12 17.5v.5" />
                    </svg>
                    <div>
                        <strong>{t.guard_title}</strong>
                        <p>{format!("{a}{}{b}{}{c}{percent}{d}", g.deletions, g.staff)}</p>
                    </div>
                </div>
            }
        })
    }
}

/// The two sides, the swap, and the key.
#[component]
fn Sides() -> impl IntoView {
    let state = expect_context::<AppState>();
    let diff = state.diff;
    let t = move || text(state.lang.get());
    let swapped = move || diff.params.with(|p| p.swapped);
    let open_card = move || {
        let lang = state.lang.get();
        let (name, profile, rows) = state.summary.with(|s| {
            s.as_ref()
                .map(|s| {
                    let name = if s.is_sample {
                        state.text().sample_file.to_string()
                    } else {
                        s.file_name.clone().unwrap_or_default()
                    };
                    (name, profile_label(s.inspection.profile, lang).to_string(), s.inspection.rows)
                })
                .unwrap_or_default()
        });
        let tx = text(lang);
        let title = name.clone();
        view! {
            <div class="diff-card" data-testid="diff-card-open">
                <span class="diff-card-role">{tx.open_file}</span>
                <p class="diff-card-name" title=title>{name}</p>
                <p class="diff-card-facts">{format!("{profile} · {}{rows}{}", tx.people.0, tx.people.1)}</p>
            </div>
        }
    };
    let roster_card = move || view! { <RosterCard /> };
    let side = move |old: bool| {
        move || {
            let roster_here = old == swapped();
            let role = if old { t().old_side } else { t().new_side };
            view! {
                <div class="diff-side" class:old=old>
                    <span class="diff-side-label">{role}</span>
                    {if roster_here { roster_card().into_any() } else { open_card().into_any() }}
                </div>
            }
        }
    };
    let set_key = move |ev: ev::Event| {
        let key = Key::from_key(&event_target_value(&ev)).unwrap_or(Key::Auto);
        state.diff_set_params(DiffParams { key, ..diff.params.get_untracked() });
    };
    let keys_used = move || {
        let lang = state.lang.get();
        diff.view.with(|v| {
            v.as_ref()
                .map(|v| v.keys.iter().map(|k| key_label(*k, lang)).collect::<Vec<_>>().join(" → "))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="diff-setup">
            <div class="diff-sides">
                {side(true)}
                <button
                    type="button"
                    class="button diff-swap"
                    data-testid="diff-swap"
                    data-swapped=move || swapped().to_string()
                    title=move || t().swap
                    aria-label=move || t().swap
                    disabled=move || state.is_working()
                    on:click=move |_| {
                        state.diff_set_params(DiffParams { swapped: !swapped(), ..diff.params.get_untracked() })
                    }
                >
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M4 8h15M15 4l4 4-4 4M20 16H5M9 12l-4 4 4 4" />
                    </svg>
                </button>
                {side(false)}
            </div>
            <label class="choice diff-key">
                <span>{move || t().key}</span>
                <select data-testid="diff-key" disabled=move || state.is_working() on:change=set_key>
                    {move || {
                        let lang = state.lang.get();
                        let current = diff.params.with(|p| p.key);
                        KEYS.into_iter()
                            .map(|k| {
                                view! {
                                    <option value=k.key() prop:selected=k == current>
                                        {key_option(k, lang)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <span class="diff-keys-used" data-testid="diff-keys-used">
                    {move || {
                        let used = keys_used();
                        if used.is_empty() { String::new() } else { format!("{}: {used}", t().keys_used) }
                    }}
                </span>
            </label>
        </div>
    }
}

/// The roster's card: its name and what was detected; a file dropped on it becomes the roster.
#[component]
fn RosterCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let diff = state.diff;
    let over = RwSignal::new(false);
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        // The page opens any file dropped elsewhere as the directory: this one is the roster.
        ev.stop_propagation();
        over.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            state.diff_roster(file);
        }
        // The page-wide drop highlight ends on a drop it never sees now: tell it the drag left.
        if let Ok(leave) = DragEvent::new("dragleave") {
            let _ = window().dispatch_event(&leave);
        }
    };
    let facts = move || {
        let lang = state.lang.get();
        let tx = text(lang);
        diff.view.with(|v| {
            v.as_ref()
                .map(|v| {
                    let i = &v.roster.inspection;
                    let mut parts = vec![i.format.clone()];
                    parts.extend(i.encoding.clone());
                    parts.extend(i.sheet.clone());
                    parts.push(format!("{}{}{}", tx.header_row.0, i.header_row, tx.header_row.1));
                    parts.push(profile_label(i.profile, lang).to_string());
                    parts.push(format!("{}{}{}", tx.people.0, i.rows, tx.people.1));
                    parts.join(" · ")
                })
                .unwrap_or_default()
        })
    };
    let name = move || {
        diff.view
            .with(|v| v.as_ref().and_then(|v| v.roster.file_name.clone()))
            .or_else(|| diff.roster_name.get())
            .unwrap_or_default()
    };
    let profile_key = move || diff.view.with(|v| v.as_ref().map(|v| v.roster.inspection.profile.key()).unwrap_or(""));
    let rows = move || diff.view.with(|v| v.as_ref().map(|v| v.roster.inspection.rows).unwrap_or(0));
    view! {
        <div
            class="diff-card roster"
            class:over=move || over.get()
            data-testid="diff-card-roster"
            data-profile=profile_key
            data-rows=rows
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <span class="diff-card-role">{move || text(state.lang.get()).roster}</span>
            <p class="diff-card-name" title=name data-testid="diff-roster-name">{name}</p>
            <p class="diff-card-facts" data-testid="diff-roster-detected">
                <span class="diff-detected">{move || text(state.lang.get()).detected} ": "</span>
                {facts}
            </p>
            <p class="diff-card-drop">{move || text(state.lang.get()).drop_roster}</p>
        </div>
    }
}

/// One count tile.
fn tile(
    state: AppState,
    kind: &'static str,
    label: fn(&DiffText) -> &'static str,
    n: fn(&DiffView) -> usize,
) -> impl IntoView {
    let count = move || state.diff.view.with(|v| v.as_deref().map_or(0, n));
    view! {
        <div class=format!("diff-tile {kind}") class:zero=move || count() == 0>
            <span class="diff-tile-n" data-testid=format!("diff-count-{kind}")>{count}</span>
            <span class="diff-tile-label">{move || label(text(state.lang.get()))}</span>
        </div>
    }
}

#[component]
fn Counts() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="diff-counts" data-testid="diff-counts">
            {tile(state, "joiners", |t| t.joiners, |v| v.joiners.len())}
            {tile(state, "leavers", |t| t.leavers, |v| v.leavers.len())}
            {tile(state, "movers", |t| t.movers, |v| v.movers.len())}
            {tile(state, "changed", |t| t.changed, |v| v.changed_people)}
            {tile(state, "unchanged", |t| t.unchanged, |v| v.unchanged)}
            {tile(state, "ambiguous", |t| t.ambiguous, |v| v.ambiguous.len())}
        </div>
    }
}

/// The incremental import in a chosen template, the leaver list, the report.
#[component]
fn Downloads() -> impl IntoView {
    let state = expect_context::<AppState>();
    let diff = state.diff;
    let t = move || text(state.lang.get());
    let destination = move || {
        diff.destination.get().unwrap_or_else(|| {
            default_destination(
                state.summary.with(|s| s.as_ref().map_or(minglu::Profile::Generic, |s| s.inspection.profile)),
            )
        })
    };
    let rows = move || diff.view.with(|v| v.as_ref().map_or(0, |v| v.incremental_rows));
    let leavers = move || diff.view.with(|v| v.as_ref().map_or(0, |v| v.leavers.len()));
    let icon = || {
        view! {
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M12 4v11M7.5 10.5L12 15l4.5-4.5M5 19.5h14" />
            </svg>
        }
    };
    view! {
        <div class="diff-downloads" data-testid="diff-downloads">
            <h3>{move || t().downloads}</h3>
            <div class="diff-download-row">
                <label class="choice">
                    <span>{move || t().destination}</span>
                    <select
                        data-testid="diff-destination"
                        on:change=move |ev| diff.destination.set(Destination::from_key(&event_target_value(&ev)))
                    >
                        {move || {
                            let lang = state.lang.get();
                            let current = destination();
                            INCREMENTAL_DESTINATIONS
                                .into_iter()
                                .map(|d| {
                                    view! {
                                        <option value=d.key() prop:selected=d == current>
                                            {destination_label(d, lang)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <button
                    type="button"
                    class="button primary"
                    data-testid="diff-download-incremental"
                    disabled=move || state.is_working() || rows() == 0
                    title=move || format!("{}{}{}", t().incremental_hint.0, rows(), t().incremental_hint.1)
                    on:click=move |_| {
                        state.diff_download(DiffFileKind::Incremental { destination: destination() })
                    }
                >
                    {icon()}
                    {move || t().incremental}
                    <span class="ext">{rows}</span>
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="diff-download-leavers"
                    disabled=move || state.is_working() || leavers() == 0
                    on:click=move |_| state.diff_download(DiffFileKind::Leavers)
                >
                    {icon()}
                    {move || t().leaver_list}
                    <span class="ext">{leavers}</span>
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="diff-download-report"
                    disabled=move || state.is_working()
                    on:click=move |_| state.diff_download(DiffFileKind::Report)
                >
                    {icon()}
                    {move || t().report}
                    <span class="ext">".xlsx"</span>
                </button>
            </div>
        </div>
    }
}
