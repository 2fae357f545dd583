//! What the duplicates view and the history list show, from the engine's document and log.

use crate::protocol::dedup::{DroppedRow, EditState, GroupLines, GroupView};
use minglu::dedup::{default_survivor, plan_merge};
use minglu::edit::{Doc, EditLog};
use minglu::{Field, Lang};
use std::collections::BTreeMap;

/// The duplicate groups of the document (marked rows left out), each with the engine's default
/// survivor first and the other rows ascending — the order of the side-by-side columns.
pub fn group_views(doc: &Doc) -> Vec<GroupView> {
    doc.duplicates()
        .into_iter()
        .filter_map(|g| {
            let into = default_survivor(&doc.directory, &g.rows)?;
            let mut rows: Vec<usize> = g.rows.iter().copied().filter(|&r| r != into).collect();
            rows.sort_unstable();
            rows.insert(0, into);
            Some(GroupView { rows, into, score: g.score, reasons: g.reasons })
        })
        .collect()
}

/// The side-by-side lines of the groups asked for (each given by its rows, survivor first): the
/// engine's default merge plan, per field every row's value and the one kept. A group whose rows
/// are no longer all people (merged or deleted since) is left out: a newer answer is on its way.
pub fn group_lines(doc: &Doc, groups: &[Vec<usize>]) -> Vec<GroupLines> {
    let profile = doc.profile();
    groups
        .iter()
        .filter_map(|rows| {
            let (&into, others) = rows.split_first()?;
            let plan = plan_merge(&doc.directory, into, others, &BTreeMap::new(), profile).ok()?;
            Some(GroupLines { rows: rows.clone(), fields: plan.fields })
        })
        .collect()
}

/// The log and the duplicates as they are, labelled in `lang`.
pub fn edit_state(doc: &Doc, log: &EditLog, lang: Lang, groups: Vec<GroupView>, dedup_ms: f64) -> EditState {
    EditState {
        history: log.history(lang),
        can_undo: log.can_undo(),
        can_redo: log.can_redo(),
        dropped: doc
            .dropped
            .iter()
            .map(|d| DroppedRow { row: d.row, reason: d.reason.message(lang), name: d.person.get(Field::Name).into() })
            .collect(),
        groups,
        dedup_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minglu::edit::{MarkKind, Op};

    const CSV: &str = "姓名,手机,邮箱,职务\n张三,138-0013-8000,zs@x.com,\n李四,13900139000,ls@x.com,\n\
                       张 三,+86 138 0013 8000,ZS@x.com,经理\n";

    fn doc() -> Doc {
        Doc::new(minglu::open(CSV.as_bytes(), &minglu::OpenOptions::default()).unwrap())
    }

    #[test]
    fn groups_come_with_the_default_survivor_first() {
        let d = doc();
        let groups = group_views(&d);
        assert_eq!(groups.len(), 1);
        let g = &groups[0];
        // Row 4 fills a title too: the most complete record survives.
        assert_eq!(g.into, 4);
        assert_eq!(g.rows, vec![4, 2]);
        // Its lines, asked for by its rows: each row's value per field, in the rows' order.
        let lines = group_lines(&d, std::slice::from_ref(&g.rows));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].rows, g.rows);
        let title = lines[0].fields.iter().find(|f| f.field == Field::Position).unwrap();
        assert_eq!(title.values, vec!["经理".to_string(), String::new()]);
    }

    #[test]
    fn lines_of_a_group_that_is_gone_are_left_out() {
        let mut d = doc();
        let rows = group_views(&d)[0].rows.clone();
        let mut log = EditLog::new();
        log.apply(&mut d, Op::merge(4, &[2])).unwrap();
        // Row 2 was merged away: the page's request for the old group gets nothing back.
        assert!(group_lines(&d, &[rows, vec![]]).is_empty());
    }

    #[test]
    fn merges_and_marks_show_in_the_state_and_undo_in_the_history() {
        let mut d = doc();
        let mut log = EditLog::new();
        log.apply(&mut d, Op::merge(4, &[2])).unwrap();
        let s = edit_state(&d, &log, Lang::En, group_views(&d), 0.0);
        assert!(s.groups.is_empty() && s.can_undo && !s.can_redo);
        assert_eq!(s.dropped, vec![DroppedRow { row: 2, reason: "merged into row 4".into(), name: "张三".into() }]);
        log.undo(&mut d);
        log.apply(&mut d, Op::Mark { rows: vec![2, 4], kind: MarkKind::NotDuplicate }).unwrap();
        let s = edit_state(&d, &log, Lang::Zh, group_views(&d), 0.0);
        assert!(s.groups.is_empty(), "a marked group does not come back");
        assert_eq!(s.history.len(), 1, "the undone merge was dropped by the new step");
        assert_eq!(s.history[0].label, "第 2, 4 行不是重复");
    }
}
