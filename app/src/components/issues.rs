//! The check's result: totals, one group per issue code (its meaning, its count, its rows), the
//! fix buttons, and the error report. A click on an issue scrolls the grid to its cell. What an
//! issue is, how bad and how to fix it is the engine's; this only shows it.

use crate::check::{CheckView, Group};
use crate::components::error_report::ErrorReport;
use crate::i18n::{code_meaning, profile_label};
use crate::state::{AppState, Notice};
use leptos::prelude::*;
use minglu::{column_letter, Code, Severity};
use std::collections::HashSet;
use std::sync::Arc;

/// Issues listed at a time in an open group ("show more" adds as many).
const PAGE: usize = 50;

#[component]
pub fn IssuePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Open groups, kept across checks (a fix elsewhere does not fold them).
    let expanded = RwSignal::new(HashSet::<Code>::new());
    let ready = move || state.check.with(Option::is_some);
    let read = move |f: fn(&CheckView) -> usize| move || state.check.with(|c| c.as_deref().map_or(0, f));
    let errors = read(|c| c.summary.summary.errors);
    let warnings = read(|c| c.summary.summary.warnings);
    let fixable = read(|c| c.summary.summary.fixable);
    let error_rows = read(|c| c.summary.summary.rows_with_errors);
    let none = move || ready() && errors() == 0 && warnings() == 0;
    let profile = move || {
        state.check.with(|c| c.as_ref().map(|c| profile_label(c.summary.profile, state.lang.get()))).unwrap_or_default()
    };
    // Timings, for measurements (the panel shows none of it).
    let timing = move || {
        state.check.with(|c| {
            c.as_ref()
                .map(|c| {
                    let t = c.summary.timing;
                    format!(
                        "apply={:.0} validate={:.0} encode={:.0} page={:.0}",
                        t.apply_ms,
                        t.validate_ms,
                        t.encode_ms,
                        state.page_ms.get()
                    )
                })
                .unwrap_or_default()
        })
    };
    let groups = move || {
        state.check.with(|c| {
            c.as_ref()
                .map(|c| (0..c.groups.len()).map(|g| (Arc::clone(c), g)).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <section
            class="panel issues"
            data-testid="issue-panel"
            data-ready=move || ready().to_string()
            data-errors=errors
            data-warnings=warnings
            data-timing=timing
            aria-busy=move || state.checking.get().to_string()
        >
            <div class="issues-head">
                <h2>{move || state.text().check}</h2>
                <Show when=ready>
                    <span
                        class="checked-against"
                        data-testid="issue-profile"
                        title=move || {
                            let t = state.text().checked_against;
                            format!("{}{}{}", t.0, profile(), t.1)
                        }
                    >
                        {profile}
                    </span>
                </Show>
            </div>
            <Show
                when=ready
                fallback=move || {
                    view! { <p class="issues-waiting">{move || state.text().checking} "…"</p> }
                }
            >
                <div class="totals" class:stale=move || state.checking.get()>
                    <div class="total sev-error" class:zero=move || errors() == 0>
                        <span class="total-n" data-testid="issue-errors">{errors}</span>
                        <span class="total-label">{move || state.text().errors}</span>
                    </div>
                    <div class="total sev-warning" class:zero=move || warnings() == 0>
                        <span class="total-n" data-testid="issue-warnings">{warnings}</span>
                        <span class="total-label">{move || state.text().warnings}</span>
                    </div>
                    <div class="total rows">
                        <span class="total-n" data-testid="issue-error-rows">{error_rows}</span>
                        <span class="total-label">{move || state.text().rows_with_errors}</span>
                    </div>
                </div>
                <NoticeLine />
                <Show when=move || { fixable() > 0 }>
                    <button
                        type="button"
                        class="button fix-all"
                        data-testid="fix-all"
                        disabled=move || state.is_working()
                        on:click=move |_| state.fix(None)
                    >
                        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                            <path d="M4 12.5l5 5L20 6.5" />
                        </svg>
                        {move || state.text().fix_all}
                        <span class="fix-n">{fixable}</span>
                    </button>
                </Show>
                <Show when=none>
                    <div class="all-clear" data-testid="issues-none">
                        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                            <circle cx="12" cy="12" r="9.5" />
                            <path d="M7.5 12.5l3 3 6-6.5" />
                        </svg>
                        <div>
                            <strong>{move || state.text().no_issues}</strong>
                            <p>{move || state.text().no_issues_hint}</p>
                        </div>
                    </div>
                </Show>
                <ul class="issue-groups">
                    <For
                        each=groups
                        key=|(view, g)| (Arc::as_ptr(view) as usize, *g)
                        children=move |(view, g)| view! { <IssueGroup view group=g expanded /> }
                    />
                </ul>
                <ErrorReport />
            </Show>
        </section>
    }
}

/// What the last fix or edit did, when worth saying.
#[component]
fn NoticeLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let t = state.text();
        state.notice.get().map(|Notice::Applied(a)| {
            let skipped = a.requested.saturating_sub(a.applied);
            let warn = skipped > 0;
            let text = if a.requested == 1 && a.applied == 0 {
                t.edit_not_applied.to_string()
            } else {
                let mut s = format!("{}{}{}", t.fixed_cells.0, a.applied, t.fixed_cells.1);
                if skipped > 0 {
                    s.push_str(&format!("{}{skipped}{}", t.skipped_cells.0, t.skipped_cells.1));
                }
                s
            };
            view! {
                <p class="notice" class:warn=warn data-testid="issue-notice" role="status">
                    {text}
                </p>
            }
        })
    }
}

/// One code: its meaning, count and fix button; open, the issues one per line.
#[component]
fn IssueGroup(view: Arc<CheckView>, group: usize, expanded: RwSignal<HashSet<Code>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Group { code, errors, warnings, fixable, .. } = view.groups[group];
    let count = view.groups[group].count();
    let severity = view.groups[group].severity();
    let open = move || expanded.with(|e| e.contains(&code));
    let toggle = move |_| {
        expanded.update(|e| {
            if !e.remove(&code) {
                e.insert(code);
            }
        })
    };
    let shown = RwSignal::new(PAGE);
    let items = {
        let view = Arc::clone(&view);
        move || {
            let n = shown.get().min(count);
            view.groups[group].items[..n]
                .iter()
                .map(|&i| view! { <IssueItem view=Arc::clone(&view) index=i as usize /> })
                .collect_view()
        }
    };
    // A code that is an error on some rows and a warning on others says both.
    let mixed = errors > 0 && warnings > 0;
    view! {
        <li
            class="issue-group"
            class:sev-error=severity == Severity::Error
            class:sev-warning=severity == Severity::Warning
            class:open=open
            data-testid="issue-group"
            data-code=code.as_str()
            data-severity=severity.as_str()
        >
            <button type="button" class="group-head" aria-expanded=move || open().to_string() on:click=toggle>
                <svg class="chevron" viewBox="0 0 16 16" aria-hidden="true">
                    <path d="M6 4l4 4-4 4" />
                </svg>
                <span class="dot" aria-hidden="true"></span>
                <span class="group-meaning">{move || code_meaning(code, state.lang.get())}</span>
                <span class="group-count" data-testid="issue-count">{count}</span>
            </button>
            <div class="group-sub">
                <code class="group-code">{code.as_str()}</code>
                <Show when=move || mixed>
                    <span class="group-mix">
                        {move || {
                            let t = state.text();
                            format!("{errors} {} · {warnings} {}", t.error, t.warning)
                        }}
                    </span>
                </Show>
                <Show when=move || { fixable > 0 }>
                    <button
                        type="button"
                        class="fix-code"
                        data-testid="fix-code"
                        data-code=code.as_str()
                        disabled=move || state.is_working()
                        on:click=move |_| state.fix(Some(vec![code]))
                    >
                        {move || state.text().fix_code}
                        " ("
                        {fixable}
                        ")"
                    </button>
                </Show>
            </div>
            <Show when=open>
                <ol class="issue-items">{items.clone()}</ol>
                <Show when=move || { shown.get() < count }>
                    <button type="button" class="show-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                        {move || state.text().show_more}
                        {move || format!(" ({})", count - shown.get().min(count))}
                    </button>
                </Show>
            </Show>
        </li>
    }
}

/// One issue: where, what, and the fix. A click brings its cell into view.
#[component]
fn IssueItem(view: Arc<CheckView>, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let issue = view.issues.get(index);
    let (row, column) = (issue.row, issue.column);
    let t = state.text();
    let place = {
        let r = format!("{}{row}{}", t.row_n.0, t.row_n.1);
        match column {
            Some(c) => format!("{r} · {}{}{}", t.col_n.0, column_letter(c), t.col_n.1),
            None => format!("{r} · {}", t.whole_row),
        }
    };
    let show = |v: &str| if v.is_empty() { t.empty_value.to_string() } else { v.to_string() };
    let change = issue.fix().map(|fix| (show(issue.value()), show(fix)));
    let message = issue.message().to_string();
    let on_click = move |_| {
        let grid_row = state.grid.with_untracked(|g| g.as_ref().and_then(|g| g.row_of_source(row as u32)));
        if let Some(r) = grid_row {
            state.reveal(r, column.map(|c| c - 1));
        }
    };
    view! {
        <li>
            <button
                type="button"
                class="issue-item"
                class:sev-error=issue.severity == Severity::Error
                data-testid="issue-item"
                data-row=row
                data-column=column.map(|c| c.to_string())
                on:click=on_click
            >
                <span class="item-place">{place}</span>
                <span class="item-message">{message}</span>
                {change
                    .map(|(from, to)| {
                        view! {
                            <span class="item-fix">
                                <span class="from">{from}</span>
                                <span class="arrow" aria-hidden="true">"→"</span>
                                <span class="to">{to}</span>
                            </span>
                        }
                    })}
            </button>
        </li>
    }
}
