//! The data rows, virtualized: a tall canvas keeps the scroll bar honest while only the rows in
//! view (plus a margin) exist in the DOM, so 100,000 rows scroll as smoothly as 100.
//!
//! Fixed row height; a sticky header shows each column's header and the field it maps to; the
//! sticky first column shows the row's 1-based sheet row. Formula and merged cells are marked.

use crate::grid::Grid;
use crate::i18n::field_label;
use crate::protocol::Summary;
use crate::state::AppState;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use minglu::{column_letter, CellKind};
use std::sync::Arc;

/// Row height in CSS pixels (matches `--row-h` in style/main.css).
const ROW_H: f64 = 30.0;
/// Header height in CSS pixels (matches `--head-h` in style/main.css).
const HEAD_H: f64 = 48.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 10;
/// Width of the row-number column.
const NUM_W: u32 = 64;
/// Browsers cap element heights (Chromium near 33.5 million px): beyond this the scroll bar is
/// scaled, so even two million rows stay reachable.
const MAX_CANVAS_H: f64 = 15_000_000.0;

/// The rows to render for a scroll position: `start..end`, drawn `offset` px below the header's
/// place in the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub offset: f64,
}

/// Height of the scrollable canvas below the header for `rows` rows.
fn canvas_height(rows: usize) -> f64 {
    (rows as f64 * ROW_H).min(MAX_CANVAS_H)
}

/// Which rows are in view when the viewport (`viewport_h` px tall, header included) is scrolled
/// to `scroll_top`.
pub fn window(rows: usize, scroll_top: f64, viewport_h: f64) -> Window {
    let full = rows as f64 * ROW_H;
    let canvas = canvas_height(rows);
    let visible_h = (viewport_h - HEAD_H).max(ROW_H);
    let scroll_top = scroll_top.max(0.0);
    // Where the content is, for where the scroll bar is (the same unless the canvas is capped).
    let content_top = if canvas < full && canvas > visible_h {
        (scroll_top * (full - visible_h) / (canvas - visible_h)).min(full - visible_h)
    } else {
        scroll_top
    };
    let first = ((content_top / ROW_H).floor().max(0.0) as usize).min(rows);
    let start = first.saturating_sub(OVERSCAN);
    let end = (first + (visible_h / ROW_H).ceil() as usize + 1 + OVERSCAN).min(rows);
    let offset = scroll_top - (content_top - start as f64 * ROW_H);
    Window { start, end, offset }
}

/// Rows looked at to size the columns.
const SIZING_ROWS: usize = 200;

/// A column's width for the widest of `texts` (East Asian characters count double), within bounds.
fn column_width<'a>(texts: impl IntoIterator<Item = &'a str>) -> u32 {
    let units = |s: &str| s.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum::<u32>();
    // Never narrower than the header's "extra" mark needs.
    let widest = texts.into_iter().map(units).max().unwrap_or(0).max(8);
    (widest * 8 + 28).clamp(88, 300)
}

/// The CSS grid template of the rows: the row-number column, then every column sized for its
/// header and the first rows' values.
fn template(summary: &Summary, grid: Option<&Grid>) -> String {
    let mut t = format!("{NUM_W}px");
    for (c, column) in summary.inspection.columns.iter().enumerate() {
        let values = grid.into_iter().flat_map(|g| (0..g.rows().min(SIZING_ROWS)).map(move |r| g.cell(r, c)));
        t.push_str(&format!(" {}px", column_width(std::iter::once(column.header.as_str()).chain(values))));
    }
    t
}

#[component]
pub fn DataGrid() -> impl IntoView {
    let state = expect_context::<AppState>();
    let viewport = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport_h = RwSignal::new(600.0);

    let rows = Memo::new(move |_| state.grid.with(|g| g.as_ref().map_or(0, |g| g.rows())));
    let width = Memo::new(move |_| state.summary.with(|s| s.as_ref().map_or(0, |s| s.inspection.columns.len())));
    let columns = Memo::new(move |_| {
        state.grid.with(|g| state.summary.with(|s| s.as_ref().map(|s| template(s, g.as_deref())).unwrap_or_default()))
    });
    let total_w = Memo::new(move |_| {
        columns.with(|t| t.split_whitespace().filter_map(|w| w.trim_end_matches("px").parse::<u32>().ok()).sum::<u32>())
    });
    // A new grid gets new row keys (its rows are other rows).
    let generation = Memo::new(move |_| state.grid.with(|g| g.as_ref().map_or(0, |g| Arc::as_ptr(g) as usize)));
    let view_window = Memo::new(move |_| window(rows.get(), scroll_top.get(), viewport_h.get()));

    let measure = move || {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            viewport_h.set(el.client_height() as f64);
        }
    };
    // Back to the top when another file (or sheet) is shown.
    Effect::new(move |_| {
        generation.track();
        if let Some(el) = viewport.get() {
            el.set_scroll_top(0);
            viewport_h.set(el.client_height() as f64);
        }
        scroll_top.set(0.0);
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let busy = move || state.is_working();
    view! {
        <section class="panel grid-panel">
            <div class="grid-caption">
                <h2>{move || state.text().grid}</h2>
                <span class="legend">
                    <span class="swatch formula"></span>
                    {move || state.text().legend_formula}
                    <span class="swatch merged"></span>
                    {move || state.text().legend_merged}
                </span>
            </div>
            <div
                class="grid-viewport"
                class:busy=busy
                data-testid="grid"
                role="table"
                aria-rowcount=move || rows.get() + 1
                aria-colcount=move || width.get() + 1
                tabindex="0"
                style=("--cols", move || columns.get())
                node_ref=viewport
                on:scroll=move |_| measure()
            >
                <div
                    class="grid-canvas"
                    style:width=move || format!("{}px", total_w.get())
                    style:height=move || format!("{}px", HEAD_H + canvas_height(rows.get()))
                >
                    <GridHead width />
                    <div
                        class="grid-rows"
                        role="rowgroup"
                        style:transform=move || format!("translateY({}px)", view_window.get().offset)
                    >
                        <For
                            each=move || {
                                let w = view_window.get();
                                let generation = generation.get();
                                (w.start..w.end).map(move |i| (generation, i))
                            }
                            key=|k| *k
                            let:key
                        >
                            <GridRow index=key.1 />
                        </For>
                    </div>
                    <Show when=move || rows.get() == 0>
                        <p class="grid-empty">{move || state.text().no_rows}</p>
                    </Show>
                </div>
            </div>
        </section>
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
                            title=header
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

/// One data row, built once from the grid (rows are immutable; a new grid makes new rows). Its
/// columns come from the viewport's `--cols`.
#[component]
fn GridRow(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(grid): Option<Arc<Grid>> = state.grid.get_untracked() else {
        return ().into_any();
    };
    let t = crate::i18n::t(state.lang.get_untracked());
    let cells = (0..grid.width())
        .map(|c| {
            let text = grid.cell(index, c).to_string();
            let kind = grid.kind(index, c);
            let note = match kind {
                CellKind::Formula => Some(t.formula_cell),
                CellKind::Merged => Some(t.merged_cell),
                _ => None,
            };
            let title = match note {
                Some(note) if text.is_empty() => note.to_string(),
                Some(note) => format!("{text} ({note})"),
                None => text.clone(),
            };
            view! {
                <div
                    class="cell"
                    class:formula=kind == CellKind::Formula
                    class:merged=kind == CellKind::Merged
                    class:number=matches!(kind, CellKind::Number | CellKind::Date)
                    role="cell"
                    title=title
                >
                    {text}
                </div>
            }
        })
        .collect_view();
    let sheet_row = grid.source_row(index);
    view! {
        <div
            class="grid-row"
            class:odd=index % 2 == 1
            role="row"
            aria-rowindex=index + 2
            data-testid="grid-row"
            data-row=sheet_row
        >
            <div class="cell rownum" role="rowheader">
                {sheet_row}
            </div>
            {cells}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_view_plus_overscan() {
        let w = window(100_000, 0.0, 600.0);
        assert_eq!(w.start, 0);
        assert!(w.end >= ((600.0 - HEAD_H) / ROW_H) as usize + OVERSCAN);
        assert_eq!(w.offset, 0.0);

        let w = window(100_000, 30_000.0, 600.0);
        assert_eq!(w.start, 1000 - OVERSCAN);
        assert_eq!(w.offset, w.start as f64 * ROW_H);
        assert!(w.end < 1000 + 40);
    }

    #[test]
    fn the_window_stops_at_the_last_row() {
        let rows = 100_000;
        let bottom = rows as f64 * ROW_H - (600.0 - HEAD_H);
        let w = window(rows, bottom, 600.0);
        assert_eq!(w.end, rows);
        let w = window(10, 0.0, 600.0);
        assert_eq!((w.start, w.end), (0, 10));
        let w = window(0, 0.0, 600.0);
        assert_eq!((w.start, w.end), (0, 0));
    }

    #[test]
    fn a_capped_canvas_still_reaches_the_last_row() {
        let rows = 2_000_000;
        assert_eq!(canvas_height(rows), MAX_CANVAS_H);
        let visible = 600.0 - HEAD_H;
        let w = window(rows, MAX_CANVAS_H - visible, 600.0);
        assert_eq!(w.end, rows);
        // The last row is drawn inside the viewport.
        let last_row_top = w.offset + (rows - 1 - w.start) as f64 * ROW_H;
        let view_top = MAX_CANVAS_H - visible;
        assert!(last_row_top >= view_top && last_row_top + ROW_H <= view_top + visible + 0.001);
    }

    #[test]
    fn columns_are_as_wide_as_their_text_within_bounds() {
        assert_eq!(column_width([]), column_width(["姓名", "张三"]));
        assert!(column_width([""]) >= 88);
        assert!(column_width(["部门", "营销中心/大客户部/工业制造"]) > column_width(["部门", "销售部"]));
        assert_eq!(column_width([&*"长".repeat(100)]), 300);
    }
}
