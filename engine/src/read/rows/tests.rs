//! The rows' own tests: freezing, sharing, copy-on-write, compaction.

use super::*;

fn texts(rows: &Rows) -> Vec<Vec<&str>> {
    rows.iter().map(|r| r.iter().map(|c| c.text).collect()).collect()
}

#[test]
fn rewriting_cells_keeps_every_other_cell() {
    let mut rows: Rows = vec![vec![Cell::text("张三"), Cell::text("13800138000")], vec![Cell::text("李四")]].into();
    rows.set(0, 0, "张", CellKind::Text); // shorter: written in place
    rows.set(0, 1, "+86 138 0013 8000", CellKind::Text); // longer: appended
    rows.set(0, 4, "x", CellKind::Text); // row 0 is not the last: moved, then widened
    assert_eq!(texts(&rows), vec![vec!["张", "+86 138 0013 8000", "", "", "x"], vec!["李四"]]);
    rows.truncate_row(0, 2);
    let taken = rows.take_row(1);
    assert!(rows.row(1).is_empty());
    rows.replace_row(1, &taken);
    assert_eq!(texts(&rows), vec![vec!["张", "+86 138 0013 8000"], vec!["李四"]]);
}

#[test]
fn a_shorter_text_over_a_multibyte_one_leaves_valid_text() {
    let mut rows: Rows = vec![vec![Cell::text("研发中心"), Cell::text("b")]].into();
    rows.set(0, 0, "ab", CellKind::Text);
    assert_eq!(texts(&rows), vec![vec!["ab", "b"]]);
}

#[test]
fn many_rewrites_compact_the_text() {
    let mut rows: Rows = vec![vec![Cell::text("a")]].into();
    let long = "长".repeat(1000);
    for i in 0..2000 {
        let text = format!("{long}{i}");
        rows.set(0, 0, &text, CellKind::Text);
    }
    assert!(rows.text_len() < 4 * COMPACT_MIN, "dead text was compacted away: {}", rows.text_len());
    assert_eq!(rows.row(0).text(0), format!("{long}1999"));
}

#[test]
fn equal_cells_are_equal_rows_however_laid_out() {
    let a: Rows = vec![vec![Cell::text("x"), Cell::text("y")]].into();
    let mut b: Rows = vec![vec![Cell::text("x"), Cell::text("zzz")]].into();
    b.set(0, 1, "y", CellKind::Text);
    assert_eq!(a, b);
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Rows>(&json).unwrap(), a);
}

#[test]
fn regression_cells_given_column_by_column_cost_linear_room() {
    // A workbook may store its cells column by column: every cell then widens a row that is
    // not the last one. Moving such a row one cell wider each time was quadratic.
    // (Small enough that no compaction runs and hides the moves.)
    let (height, width) = (50, 50);
    let mut rows = Rows::new();
    rows.push_empty_rows(height);
    for c in 0..width {
        for r in 0..height {
            rows.set(r, c, &format!("{r}:{c}"), CellKind::Text);
        }
    }
    assert!(rows.slots.len() <= 4 * height * width, "{} slots for {} cells", rows.slots.len(), height * width);
    assert_eq!(rows.row(7).text(40), "7:40");
    assert_eq!(rows.row(49).len(), width);
    // Cut cells read as empty when the row widens again.
    rows.truncate_row(3, 2);
    rows.set(3, 5, "x", CellKind::Text);
    let texts: Vec<&str> = rows.row(3).iter().map(|c| c.text).collect();
    assert_eq!(texts, ["3:0", "3:1", "", "", "", "x"]);
}

#[test]
fn frozen_cells_are_copied_out_before_they_change() {
    let mut rows: Rows = vec![vec![Cell::text("张三"), Cell::text("13800138000")], vec![Cell::text("李四")]].into();
    rows.push_empty_rows(1);
    rows.freeze();
    let shared = rows.frozen().clone();
    assert_eq!((rows.frozen_row(0), rows.frozen_row(1)), (Some((0, 2)), Some((2, 1))));
    rows.set(0, 0, "张", CellKind::Text); // shorter, but frozen: not written over
    rows.set(1, 2, "x", CellKind::Text); // widened
    rows.set(2, 0, "新", CellKind::Text); // an empty row
    rows.set_kind(0, 1, CellKind::Number);
    assert_eq!(texts(&rows), vec![vec!["张", "13800138000"], vec!["李四", "", "x"], vec!["新"]]);
    assert_eq!(rows.row(0).kind(1), CellKind::Number);
    assert_eq!((rows.frozen_row(0), rows.frozen_row(1)), (None, None), "copied out");
    // What was frozen is unchanged for whoever shares it.
    assert_eq!((shared.cell(0), shared.cell(1), shared.cell(2)), ("张三", "13800138000", "李四"));
    // A frozen row cut and widened again reads its cut cells as empty.
    let mut rows: Rows = vec![vec![Cell::text("a"), Cell::text("b"), Cell::text("c")]].into();
    rows.freeze();
    let taken = rows.take_row(0);
    assert!(rows.row(0).is_empty());
    rows.set(0, 2, "z", CellKind::Text);
    assert_eq!(texts(&rows), vec![vec!["", "", "z"]]);
    rows.replace_row(0, &taken);
    assert_eq!(texts(&rows), vec![vec!["a", "b", "c"]]);
    // Freezing again while nothing shares the frozen part takes the newer cells in too.
    rows.freeze();
    assert_eq!(rows.frozen_row(0), Some((rows.frozen().slots.len() - 3, 3)));
    assert_eq!(texts(&rows), vec![vec!["a", "b", "c"]]);
}

#[test]
fn many_rewrites_of_frozen_cells_compact_and_stay_frozen() {
    let mut rows: Rows = vec![vec![Cell::text("a"), Cell::text("b")]].into();
    rows.freeze();
    let long = "长".repeat(1000);
    for i in 0..2000 {
        rows.set(0, 0, &format!("{long}{i}"), CellKind::Text);
    }
    assert!(rows.text_len() < 4 * COMPACT_MIN, "{}", rows.text_len());
    assert_eq!(rows.row(0).text(0), format!("{long}1999"));
    assert_eq!(rows.row(0).text(1), "b");
    // Compaction froze the cells again (the later rewrites copied the row out once more).
    assert!(!rows.frozen().slots.is_empty() && rows.frozen().text.len() < 2 * COMPACT_MIN);
}

#[test]
fn empty_rows_in_front_and_behind() {
    let mut rows = Rows::new();
    rows.push_row([("b", CellKind::Text)]);
    rows.insert_empty_rows_front(2);
    rows.push_empty_rows(1);
    assert_eq!(texts(&rows), vec![vec![], vec![], vec!["b"], vec![]]);
    rows.set(0, 1, "a", CellKind::Text);
    assert_eq!(rows.row(0).to_vec(), vec![Cell::default(), Cell::text("a")]);
}

#[test]
fn a_rows_text_length_is_its_cells_texts_frozen_or_rewritten() {
    let mut rows: Rows = vec![vec![Cell::text("张三"), Cell::text(""), Cell::text("zs@corp.cn")]].into();
    rows.push_row([("李四", CellKind::Text)]);
    rows.freeze();
    rows.set(0, 1, "13800138000", CellKind::Number); // copied out of the frozen part
    rows.set(1, 2, "x", CellKind::Text); // widened
    for row in rows.iter() {
        assert_eq!(row.text_len(), row.iter().map(|c| c.text.len()).sum::<usize>());
    }
    assert_eq!(rows.row(0).text_len(), "张三13800138000zs@corp.cn".len());
}

/// A row's cells joined: the text and each cell's end when the cells lie end to end; nothing
/// when a rewrite put one elsewhere, or when they run from the end of one piece of the text into
/// the next (whose first place follows the last place of a full piece).
#[test]
fn a_row_joins_when_its_cells_lie_end_to_end() {
    let mut rows: Rows = vec![vec![Cell::text("张三"), Cell::text(""), Cell::text("zs@corp.cn")]].into();
    rows.push_row([("李四", CellKind::Text), ("13900139000", CellKind::Number)]);
    rows.push_empty_rows(1);
    rows.freeze();
    let mut ends = vec![7];
    assert_eq!(rows.row(0).joined(&mut ends), Some("张三zs@corp.cn"));
    assert_eq!(ends, [7, 6, 6, 16], "appended: each cell's end, an empty cell's where the one before ended");
    ends.clear();
    assert_eq!(rows.row(2).joined(&mut ends), Some(""));
    assert!(ends.is_empty());
    rows.set(1, 0, "王五", CellKind::Text); // copied out and rewritten: the text is elsewhere now
    assert_eq!(rows.row(1).joined(&mut ends), None);
    assert!(ends.is_empty(), "left as it was");

    // The first cell fills the first piece to its end; the next starts the next piece.
    let piece = 1 << 22;
    let mut rows = Rows::with_capacity(1, 3, piece);
    let long = "a".repeat(piece - 1);
    rows.push_row([(long.as_str(), CellKind::Text), ("b", CellKind::Text), ("c", CellKind::Text)]);
    assert_eq!(texts(&rows), [vec![long.as_str(), "b", "c"]]);
    assert_eq!(rows.row(0).joined(&mut ends), None);
}
