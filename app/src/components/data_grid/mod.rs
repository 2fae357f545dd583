//! The data rows, virtualized: a tall canvas keeps the scroll bar honest while only the rows in
//! view (plus a margin) exist in the DOM, so 100,000 rows scroll as smoothly as 100.
//!
//! Fixed row height; a sticky header shows each column's header and the field it maps to; the
//! sticky first column shows the row's 1-based sheet row. Formula and merged cells are marked;
//! so are the cells the check found problems in (errors red, warnings amber, the messages in the
//! tooltip), looked up in the page's index of the check ([`CheckView`]) for the visible rows only.
//!
//! The grid can show only the rows with errors (or with any problem); a click selects a cell,
//! an issue in the panel scrolls to its cell, and a double-click (or Enter) edits a cell of a
//! mapped column — the worker applies the edit and checks again.

use crate::check::{CheckView, RowFilter};
use crate::grid::Grid;
use crate::protocol::check::IssueRef;
use crate::i18n::{field_label, Text};
use crate::state::{AppState, CellAt, Reveal};
use leptos::either::Either;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use minglu::{column_letter, CellKind, Severity};
use std::sync::Arc;
use wasm_bindgen::JsCast;

mod geometry;

use geometry::{canvas_height, pos_of, row_at, scroll_for, template, widths, window, HEAD_H, NUM_W};

/// Read the rows the filter keeps (`None`: all of them): the check's error or problem rows, or
/// the find state's set. Tracks the signals when `track`.
fn with_shown<R>(state: AppState, track: bool, f: impl FnOnce(Option<&[u32]>) -> R) -> R {
    let filter = if track { state.filter.get() } else { state.filter.get_untracked() };
    if filter == RowFilter::Set {
        let read = |a: &Option<crate::find::ActiveSet>| f(a.as_ref().map(|a| &a.rows[..]));
        return if track { state.find.active.with(read) } else { state.find.active.with_untracked(read) };
    }
    let read = |c: &Option<Arc<CheckView>>| f(c.as_ref().and_then(|c| c.filtered(filter)));
    if track {
        state.check.with(read)
    } else {
        state.check.with_untracked(read)
    }
}

/// The viewport of the grid, for the cell editor to give the focus back to.
#[derive(Clone, Copy)]
struct GridViewport(NodeRef<html::Div>);

#[component]
pub fn DataGrid() -> impl IntoView {
    let state = expect_context::<AppState>();
    let viewport = NodeRef::<html::Div>::new();
    provide_context(GridViewport(viewport));
    let scroll_top = RwSignal::new(0.0);
    let viewport_h = RwSignal::new(600.0);

    let total = Memo::new(move |_| state.grid.with(|g| g.as_ref().map_or(0, |g| g.rows())));
    // Rows in the view: all of them, or those the filter keeps.
    let rows = Memo::new(move |_| with_shown(state, true, |s| s.map(<[u32]>::len)).unwrap_or(total.get()));
    let width = Memo::new(move |_| state.summary.with(|s| s.as_ref().map_or(0, |s| s.inspection.columns.len())));
    // Sized once per file (and mapping), not again after every edit.
    let col_widths = Memo::new(move |_| {
        state.grid_epoch.track();
        state.summary.with(|s| s.as_ref().map(|s| state.grid.with_untracked(|g| widths(s, g.as_deref()))))
            .unwrap_or_default()
    });
    let columns = Memo::new(move |_| col_widths.with(|w| template(w)));
    let total_w = Memo::new(move |_| col_widths.with(|w| w.iter().sum::<u32>()));
    // New rows for another grid or another check (their cells and marks changed).
    let grid_key = Memo::new(move |_| state.grid.with(|g| g.as_ref().map_or(0, |g| Arc::as_ptr(g) as usize)));
    let check_key = Memo::new(move |_| state.check.with(|c| c.as_ref().map_or(0, |c| Arc::as_ptr(c) as usize)));
    let view_window = Memo::new(move |_| window(rows.get(), scroll_top.get(), viewport_h.get()));
    // The rows of a new file are drawn in a task of their own, after the page took the file
    // (summary, caption, panels): together they were one 90 ms task at 1M rows (issue #7: no
    // main-thread task over 50 ms). An edited grid is drawn at once, so edits never blink.
    // A new check redraws the rows (their marks) in a task after the one that shows the check's
    // panel, for the same reason; until then they keep the marks of the check before.
    // The task draws what is there when it runs: a new file whose check comes right behind it
    // (as a file of up to 200,000 rows does: `check_due`) is drawn once, with its marks, not
    // once without them and again with them — the check's message can come after this task,
    // when the reading worker is slow to send it (a test saw the rows built twice).
    let drawn = RwSignal::new((0u64, 0usize));
    Effect::new(move |_| {
        state.grid_epoch.track();
        check_key.track();
        state.check_due.track();
        set_timeout(
            move || {
                if state.check_due.get_untracked() {
                    return; // drawn when the check comes (or fails)
                }
                let now = (state.grid_epoch.get_untracked(), check_key.get_untracked());
                if drawn.get_untracked() != now {
                    drawn.set(now);
                }
            },
            std::time::Duration::ZERO,
        );
    });

    let measure = move || {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            viewport_h.set(el.client_height() as f64);
        }
    };
    // Back to the top when another file (or sheet) is shown, or the filter changes (also from
    // one letter or department to another; not when the same set's rows are recomputed).
    let set = Memo::new(move |_| state.find.active.with(|a| a.as_ref().map(|a| a.set.clone())));
    Effect::new(move |_| {
        state.grid_epoch.track();
        state.filter.track();
        set.track();
        scroll_top.set(0.0);
        // Scrolling or measuring now would lay out the page just built inside this task; the
        // next frame lays it out anyway, so the build and the layout stay two shorter tasks.
        if viewport.get().is_some() {
            request_animation_frame(move || {
                if let Some(el) = viewport.get_untracked() {
                    if el.scroll_top() != 0 {
                        el.set_scroll_top(0);
                    }
                    viewport_h.set(el.client_height() as f64);
                }
            });
        }
    });
    // Bring a cell into view (an issue was clicked, or the selection moved).
    Effect::new(move |_| {
        let Some(Reveal { row, col, center, .. }) = state.reveal.get() else { return };
        let pos = with_shown(state, false, |s| pos_of(s, row));
        let pos = match pos {
            Some(p) => p,
            None => {
                // The filter hides it: show every row.
                state.filter.set(RowFilter::All);
                row
            }
        };
        // After the DOM took the new filter (the canvas height).
        request_animation_frame(move || {
            let Some(el) = viewport.get_untracked() else { return };
            let h = el.client_height() as f64;
            if let Some(top) = scroll_for(pos, rows.get_untracked(), el.scroll_top() as f64, h, center) {
                el.set_scroll_top(top as i32);
            }
            if let Some(c) = col {
                let widths = col_widths.get_untracked();
                if c + 1 < widths.len() {
                    let left = widths[..=c].iter().sum::<u32>() as i32;
                    let right = left + widths[c + 1] as i32;
                    let (scroll_left, client_w) = (el.scroll_left(), el.client_width());
                    if left - (NUM_W as i32) < scroll_left {
                        el.set_scroll_left(left - NUM_W as i32);
                    } else if right > scroll_left + client_w {
                        el.set_scroll_left(right - client_w);
                    }
                }
            }
            if center {
                let _ = el.focus();
            }
            measure();
        });
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // Keyboard: arrows move the selection, Enter (or F2) edits it, Escape clears it.
    let on_key = move |ev: ev::KeyboardEvent| {
        let Some((row, col)) = state.selected.get_untracked() else { return };
        let n = rows.get_untracked();
        let cols = width.get_untracked();
        let pos = with_shown(state, false, |s| pos_of(s, row));
        let col = col.unwrap_or(0);
        let moved = match ev.key().as_str() {
            "ArrowUp" => pos.filter(|&p| p > 0).map(|p| (p - 1, col)),
            "ArrowDown" => pos.filter(|&p| p + 1 < n).map(|p| (p + 1, col)),
            "ArrowLeft" => pos.map(|p| (p, col.saturating_sub(1))),
            "ArrowRight" => pos.map(|p| (p, (col + 1).min(cols.saturating_sub(1)))),
            "Enter" | "F2" => {
                ev.prevent_default();
                start_editing(state, (row, col));
                return;
            }
            "Escape" => {
                state.selected.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some((p, c)) = moved {
            let r = with_shown(state, false, |s| row_at(s, p));
            state.selected.set(Some((r, Some(c))));
            let nonce = state.reveal.get_untracked().map_or(1, |r| r.nonce + 1);
            state.reveal.set(Some(Reveal { row: r, col: Some(c), center: false, nonce }));
        }
    };

    // Faded while a file is read; not while the rows are re-checked (after every edit).
    let busy = move || state.is_working() && !state.checking.get();
    let filtered = move || {
        matches!(state.filter.get(), RowFilter::Errors | RowFilter::Problems) && state.check.with(Option::is_some)
    };
    view! {
        <section class="panel grid-panel">
            <GridCaption rows total />
            <div
                class="grid-viewport"
                class:busy=busy
                data-testid="grid"
                data-rows=move || rows.get()
                role="table"
                aria-rowcount=move || rows.get() + 1
                aria-colcount=move || width.get() + 1
                tabindex="0"
                style=("--cols", move || columns.get())
                node_ref=viewport
                on:scroll=move |_| measure()
                on:keydown=on_key
            >
                <div
                    class="grid-canvas"
                    style:width=move || format!("{}px", total_w.get())
                    style:height=move || format!("{}px", canvas_height(rows.get()) + HEAD_H)
                >
                    <GridHead width />
                    <div
                        class="grid-rows"
                        role="rowgroup"
                        style:transform=move || format!("translateY({}px)", view_window.get().offset)
                        on:click=move |ev| {
                            if let Some(at) = cell_at(&ev) {
                                state.selected.set(Some((at.0, Some(at.1))));
                            }
                        }
                        on:dblclick=move |ev| {
                            if let Some(at) = cell_at(&ev) {
                                start_editing(state, at);
                            }
                        }
                    >
                        <For
                            each=move || {
                                let w = view_window.get();
                                let (epoch, check) = drawn.get();
                                let key = (grid_key.get(), check);
                                if epoch != state.grid_epoch.get() {
                                    return Vec::new();
                                }
                                with_shown(state, true, |s| {
                                    (w.start..w.end).map(|pos| (key, pos, row_at(s, pos))).collect::<Vec<_>>()
                                })
                            }
                            key=|k| *k
                            let:key
                        >
                            <GridRow index=key.2 pos=key.1 />
                        </For>
                    </div>
                    <Show when=move || rows.get() == 0>
                        <p class="grid-empty">
                            {move || if filtered() { state.text().no_error_rows } else { state.text().no_rows }}
                        </p>
                    </Show>
                </div>
            </div>
        </section>
    }
}

/// The grid cell (row index, column) an event happened in, from the `data-index` of its row
/// and the `data-col` of its cell: one listener on the rows serves every cell.
fn cell_at(ev: &ev::MouseEvent) -> Option<CellAt> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let cell = target.closest("[data-col]").ok()??;
    let row = cell.closest("[data-index]").ok()??;
    Some((row.get_attribute("data-index")?.parse().ok()?, cell.get_attribute("data-col")?.parse().ok()?))
}

/// Start editing a cell, when its column maps to a field and the worker is free.
fn start_editing(state: AppState, at: CellAt) {
    if state.is_working_untracked() || state.editable(at.1).is_none() {
        return;
    }
    state.selected.set(Some((at.0, Some(at.1))));
    state.editing.set(Some(at));
}

/// The caption: the filter, the number of rows shown, the legend.
#[component]
fn GridCaption(rows: Memo<usize>, total: Memo<usize>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Remembered while the filter is off.
    let warnings = RwSignal::new(false);
    let errors_on = move || matches!(state.filter.get(), RowFilter::Errors | RowFilter::Problems);
    let apply = move |on: bool, warn: bool| {
        state.filter.set(match (on, warn) {
            (false, _) => RowFilter::All,
            (true, false) => RowFilter::Errors,
            (true, true) => RowFilter::Problems,
        })
    };
    let ready = move || state.check.with(Option::is_some);
    view! {
        <div class="grid-caption">
            <h2>{move || state.text().grid}</h2>
            <label class="toggle" class:disabled=move || !ready()>
                <input
                    type="checkbox"
                    data-testid="filter-errors"
                    prop:checked=errors_on
                    disabled=move || !ready()
                    on:change=move |ev| apply(event_target_checked(&ev), warnings.get_untracked())
                />
                <span>{move || state.text().filter_errors}</span>
            </label>
            <label class="toggle sub" class:disabled=move || !errors_on()>
                <input
                    type="checkbox"
                    data-testid="filter-warnings"
                    prop:checked=move || warnings.get()
                    disabled=move || !errors_on()
                    on:change=move |ev| {
                        let warn = event_target_checked(&ev);
                        warnings.set(warn);
                        apply(true, warn);
                    }
                />
                <span>{move || state.text().filter_warnings}</span>
            </label>
            <crate::components::find::SetChip />
            <Show when=errors_on>
                <span class="row-count" data-testid="grid-shown">
                    {move || {
                        let t = state.text().showing_rows;
                        format!("{}{}{}{}{}", t.0, rows.get(), t.1, total.get(), t.2)
                    }}
                </span>
            </Show>
            <span class="legend">
                <span class="swatch sev-error"></span>
                {move || state.text().error}
                <span class="swatch sev-warning"></span>
                {move || state.text().warning}
                <span class="swatch formula"></span>
                {move || state.text().legend_formula}
                <span class="swatch merged"></span>
                {move || state.text().legend_merged}
                <span class="edit-hint">{move || state.text().edit_hint}</span>
            </span>
        </div>
    }
}

/// The sticky header: column letter and header, and the field it maps to (or "extra").
#[component]
fn GridHead(width: Memo<usize>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="grid-head" role="row">
            <div class="cell rownum" role="columnheader">
                {move || state.text().row_number}
            </div>
            <For each=move || 0..width.get() key=|c| *c let:c>
                {
                    let header = move || {
                        state.summary.with(|s| {
                            s.as_ref().and_then(|s| s.inspection.columns.get(c)).map(|c| c.header.clone()).unwrap_or_default()
                        })
                    };
                    let field = move || state.summary.with(|s| s.as_ref().and_then(|s| s.field_of(c)));
                    view! {
                        <div
                            class="cell head"
                            class:extra=move || field().is_none()
                            role="columnheader"
                            data-testid="grid-header"
                            data-column=c
                            title=move || match field() {
                                Some(_) => header(),
                                None => format!("{}\n{}", header(), state.text().not_editable),
                            }
                        >
                            <span class="head-text">
                                <span class="letter">{column_letter(c + 1)}</span>
                                {header}
                            </span>
                            <span class="head-field" data-testid="grid-header-field">
                                {move || match field() {
                                    Some(f) => field_label(f, state.lang.get()),
                                    None => state.text().extra,
                                }}
                            </span>
                        </div>
                    }
                }
            </For>
        </div>
    }
}

/// A cell's classes: what it was in the file and its worst problem.
fn cell_class(kind: CellKind, severity: Option<Severity>) -> String {
    let kind = match kind {
        CellKind::Formula => " formula",
        CellKind::Merged => " merged",
        CellKind::Number | CellKind::Date => " number",
        _ => "",
    };
    let severity = match severity {
        Some(Severity::Error) => " issue-error",
        Some(Severity::Warning) => " issue-warning",
        None => "",
    };
    format!("cell{kind}{severity}")
}

/// The tooltip of a cell: its text, what kind of cell it was, and its problems.
fn cell_title(t: &Text, text: &str, note: Option<&str>, problems: &[IssueRef<'_>]) -> String {
    let mut title = match note {
        Some(note) if text.is_empty() => note.to_string(),
        Some(note) => format!("{text} ({note})"),
        None => text.to_string(),
    };
    for issue in problems {
        let label = if issue.severity == Severity::Error { t.error } else { t.warning };
        let message = issue.message();
        if !title.is_empty() {
            title.push('\n');
        }
        title.push_str(&format!("{}{label}{} {message}", t.paren.0.trim(), t.paren.1.trim()));
    }
    title
}

/// One data row, built once per grid and check (a new grid or check makes new rows). Its
/// columns come from the viewport's `--cols`. `pos` is its place in the view (for the stripes).
#[component]
fn GridRow(index: usize, pos: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(grid): Option<Arc<Grid>> = state.grid.get_untracked() else {
        return ().into_any();
    };
    if index >= grid.rows() {
        return ().into_any();
    }
    let check = state.check.get_untracked();
    let t = crate::i18n::t(state.lang.get_untracked());
    // Only this row's cells react to the selection and the editor.
    let selected = Memo::new(move |_| state.selected.with(|s| s.filter(|s| s.0 == index).map(|s| s.1)));
    let editing = Memo::new(move |_| state.editing.with(|e| e.filter(|e| e.0 == index).map(|e| e.1)));
    let cells = grid
        .row_cells(index)
        .into_iter()
        .enumerate()
        .map(|(c, (text, kind))| {
            let note = match kind {
                CellKind::Formula => Some(t.formula_cell),
                CellKind::Merged => Some(t.merged_cell),
                _ => None,
            };
            let problems: Vec<IssueRef<'_>> =
                check.as_deref().map(|v| v.cell_issues(index, c).collect()).unwrap_or_default();
            let severity = problems.iter().map(|p| p.severity).max();
            let title = cell_title(t, &text, note, &problems);
            let shown = text.clone();
            // One class attribute, not a class binding each: a first screen is ~1,000 cells.
            let class = cell_class(kind, severity);
            // Clicks are handled once for all rows, on the grid (`on_cell`).
            view! {
                <div
                    class=class
                    class:selected=move || selected.get() == Some(Some(c))
                    role="cell"
                    data-col=c
                    data-severity=severity.map(Severity::as_str)
                    title=(!title.is_empty()).then_some(title)
                >
                    {move || {
                        if editing.get() == Some(c) {
                            Either::Left(view! { <CellEditor at=(index, c) initial=text.clone() /> })
                        } else {
                            Either::Right(shown.clone())
                        }
                    }}
                </div>
            }
        })
        .collect_view();
    let sheet_row = grid.source_row(index);
    // Problems of the row as a whole (no column) mark the row number.
    let row_problems: Vec<IssueRef<'_>> =
        check.as_deref().map(|v| v.whole_row_issues(index).collect()).unwrap_or_default();
    let row_severity = check.as_deref().and_then(|v| v.row_severity(index));
    let row_title = cell_title(t, "", None, &row_problems);
    let whole_row = row_problems.iter().map(|p| p.severity).max();
    view! {
        <div
            class="grid-row"
            class:odd=pos % 2 == 1
            class:row-error=row_severity == Some(Severity::Error)
            class:row-warning=row_severity == Some(Severity::Warning)
            class:row-selected=move || selected.get().is_some()
            role="row"
            aria-rowindex=pos + 2
            data-testid="grid-row"
            data-row=sheet_row
            data-index=index
            data-severity=row_severity.map(Severity::as_str)
        >
            <div
                class="cell rownum"
                class:issue-error=whole_row == Some(Severity::Error)
                class:issue-warning=whole_row == Some(Severity::Warning)
                role="rowheader"
                title=row_title
            >
                {sheet_row}
            </div>
            {cells}
        </div>
    }
    .into_any()
}

/// The text box that edits a cell: Enter or leaving it commits, Escape cancels.
#[component]
fn CellEditor(at: CellAt, initial: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let viewport = use_context::<GridViewport>();
    let input = NodeRef::<html::Input>::new();
    let done = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
            el.select();
        }
    });
    let finish = move |value: Option<String>, refocus: bool| {
        if done.get_value() {
            return;
        }
        done.set_value(true);
        state.editing.set(None);
        if let Some(value) = value {
            state.edit_cell(at, value);
        }
        if refocus {
            if let Some(el) = viewport.and_then(|v| v.0.get_untracked()) {
                let _ = el.focus();
            }
        }
    };
    view! {
        <input
            class="cell-editor"
            data-testid="cell-editor"
            aria-label=move || state.text().edit_hint
            prop:value=initial
            node_ref=input
            on:keydown=move |ev: ev::KeyboardEvent| {
                ev.stop_propagation();
                match ev.key().as_str() {
                    "Enter" => {
                        ev.prevent_default();
                        finish(Some(event_target_value(&ev)), true);
                    }
                    "Escape" => {
                        ev.prevent_default();
                        finish(None, true);
                    }
                    _ => {}
                }
            }
            on:blur=move |ev| finish(Some(event_target_value(&ev)), false)
            on:click=|ev| ev.stop_propagation()
            on:dblclick=|ev| ev.stop_propagation()
        />
    }
}
