//! Where the grid's rows and columns go: the canvas height (capped, so that a million rows stay
//! reachable), the rows a scroll position shows, where to scroll to bring a row into view, and
//! the columns' widths. Plain numbers, tested natively.

use crate::grid::{display_units, Grid};
use crate::protocol::Summary;

/// Row height in CSS pixels (matches `--row-h` in style/main.css).
pub(super) const ROW_H: f64 = 30.0;
/// Header height in CSS pixels (matches `--head-h` in style/main.css).
pub(super) const HEAD_H: f64 = 48.0;
/// Rows rendered above and below the visible ones. Four (120 px) cover a wheel step; every
/// row more is laid out and painted in the frame that first shows a file's rows, the page's
/// longest task (~50 ms with ten on the project's 2-core machine, issue #7's bar).
pub(super) const OVERSCAN: usize = 4;
/// Width of the row-number column.
pub(super) const NUM_W: u32 = 64;
/// Browsers cap element heights (Chromium near 33.5 million px): beyond this the scroll bar is
/// scaled, so even two million rows stay reachable.
pub(super) const MAX_CANVAS_H: f64 = 15_000_000.0;

/// The rows to render for a scroll position: `start..end`, drawn `offset` px below the header's
/// place in the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub offset: f64,
}

/// Height of the scrollable canvas below the header for `rows` rows.
pub(super) fn canvas_height(rows: usize) -> f64 {
    (rows as f64 * ROW_H).min(MAX_CANVAS_H)
}

/// The scroll position that shows the row at `pos` (of `rows`): centred when `center`, else
/// moved as little as needed from `scroll_top` (`None`: it is already in view).
pub fn scroll_for(pos: usize, rows: usize, scroll_top: f64, viewport_h: f64, center: bool) -> Option<f64> {
    let full = rows as f64 * ROW_H;
    let canvas = canvas_height(rows);
    let visible_h = (viewport_h - HEAD_H).max(ROW_H);
    let capped = canvas < full && canvas > visible_h;
    // Content coordinates ↔ scroll bar coordinates (the same unless the canvas is capped).
    let to_content = |s: f64| if capped { s * (full - visible_h) / (canvas - visible_h) } else { s };
    let to_scroll = |c: f64| if capped { c * (canvas - visible_h) / (full - visible_h) } else { c };
    let (top, bottom) = (pos as f64 * ROW_H, (pos + 1) as f64 * ROW_H);
    let now = to_content(scroll_top.max(0.0));
    let max = (full - visible_h).max(0.0);
    let content_top = if center {
        top - (visible_h - ROW_H) / 2.0
    } else if top < now {
        top
    } else if bottom > now + visible_h {
        bottom - visible_h
    } else {
        return None;
    };
    Some(to_scroll(content_top.clamp(0.0, max)).round())
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

/// A column's width for its header and its widest value (`units`, see [`display_units`]),
/// within bounds.
pub(super) fn column_width(header: &str, units: u32) -> u32 {
    // Never narrower than the header's "extra" mark needs.
    let widest = display_units(header).max(units).max(8);
    (widest * 8 + 28).clamp(88, 300)
}

/// The widths of the columns: the row-number column, then every column sized for its header and
/// the first rows' values (measured by the worker: [`Grid::units`]).
pub(super) fn widths(summary: &Summary, grid: Option<&Grid>) -> Vec<u32> {
    let units = grid.map(Grid::units).unwrap_or_default();
    let mut w = vec![NUM_W];
    for (c, column) in summary.inspection.columns.iter().enumerate() {
        w.push(column_width(&column.header, units.get(c).copied().unwrap_or(0)));
    }
    w
}

/// The CSS grid template for `widths`.
pub(super) fn template(widths: &[u32]) -> String {
    widths.iter().map(|w| format!("{w}px")).collect::<Vec<_>>().join(" ")
}

/// The grid row shown at position `pos` of the view (`shown`: the rows the filter keeps, `None`
/// for all of them).
pub(super) fn row_at(shown: Option<&[u32]>, pos: usize) -> usize {
    match shown {
        Some(list) => list.get(pos).map_or(usize::MAX, |&r| r as usize),
        None => pos,
    }
}

/// The position of grid row `row` in the view, when the view shows it.
pub(super) fn pos_of(shown: Option<&[u32]>, row: usize) -> Option<usize> {
    match shown {
        Some(list) => list.binary_search(&(row as u32)).ok(),
        None => Some(row),
    }
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
    fn scrolling_to_a_row_brings_it_into_the_window() {
        let (rows, h) = (100_000, 600.0);
        // Centred: the row is in the window of the new position, near its middle.
        let top = scroll_for(5_000, rows, 0.0, h, true).unwrap();
        let w = window(rows, top, h);
        assert!(w.start <= 5_000 && 5_000 < w.end);
        assert!((top - (5_000.0 * ROW_H - (h - HEAD_H - ROW_H) / 2.0)).abs() < 1.0);
        // As little as needed: already visible means no scroll; one below the view scrolls by a row.
        assert_eq!(scroll_for(3, rows, 0.0, h, false), None);
        let visible = ((h - HEAD_H) / ROW_H).floor() as usize;
        let down = scroll_for(visible, rows, 0.0, h, false).unwrap();
        assert!(down > 0.0 && down <= ROW_H);
        assert_eq!(scroll_for(0, rows, 900.0, h, false), Some(0.0));
        // Never past either end.
        assert_eq!(scroll_for(0, rows, 0.0, h, true), Some(0.0));
        let last = scroll_for(rows - 1, rows, 0.0, h, true).unwrap();
        assert!((last - (rows as f64 * ROW_H - (h - HEAD_H))).abs() < 1.0);
    }

    #[test]
    fn scrolling_to_a_row_of_a_capped_canvas_lands_on_it() {
        let (rows, h) = (2_000_000, 600.0);
        for target in [0, 1_234_567, rows - 1] {
            let top = scroll_for(target, rows, 0.0, h, true).unwrap();
            let w = window(rows, top, h);
            assert!(w.start <= target && target < w.end, "{target}: {w:?}");
        }
    }

    #[test]
    fn columns_are_as_wide_as_their_text_within_bounds() {
        assert_eq!(column_width("", 0), column_width("姓名", display_units("张三")));
        assert!(column_width("", 0) >= 88);
        assert!(column_width("部门", display_units("营销中心/大客户部/工业制造")) > column_width("部门", display_units("销售部")));
        assert_eq!(column_width(&"长".repeat(100), 0), 300);
    }
}
