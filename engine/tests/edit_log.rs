//! The edit log: any sequence of edits, fixes, merges, deletions, marks and mapping changes
//! (with undos and redos in between) undoes back to the original document byte for byte, and
//! its recipe replayed on the original file gives the same document; recipes find people in
//! next month's file by their identifiers, not by row numbers.

use minglu::edit::{replay, Doc, EditLog, MarkKind, Op, Recipe};
use minglu::sample::{generate, to_sheet, GeneratedDirectory, Layout, SampleOptions};
use minglu::{headers_of, map_columns, read::detect_header_row, Cell, Directory, Edit, Field, Opened, Profile};
use proptest::prelude::*;

fn opened_from(g: &GeneratedDirectory) -> Opened {
    let sheet = to_sheet(g);
    let header_index = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header_index), Profile::Wecom);
    let directory = Directory::from_sheet(&sheet, header_index, &mapping);
    Opened { sheet, header_index, mapping, directory }
}

/// A small directory with faults (so fixes have work) and a second entry of one person (so
/// dedup has a group).
fn small(seed: u64) -> Opened {
    let mut g = generate(&SampleOptions { rows: 14, seed, layout: Layout::Plain, faults: 0.3 });
    let mut second = g.rows[2].clone();
    second.cells[1] = Cell::default();
    second.cells[6] = Cell::text(format!("+86 {}", g.rows[2].cells[6].text));
    g.rows.push(second);
    opened_from(&g)
}

const FIELDS: [Field; 7] =
    [Field::Name, Field::Mobile, Field::Position, Field::Departments, Field::Email, Field::Userid, Field::Remark];
const VALUES: [&str; 7] =
    ["", "张 三", "13800138000", "+86 139 0013 9000", "总部/市场部；总部/财务部", "ZS@x.com", "经理"];
const PROFILES: [Profile; 4] = [Profile::Wecom, Profile::Dingtalk, Profile::Generic, Profile::Feishu];

/// An op chosen by indices, made concrete against the document as it is when it runs (valid
/// rows depend on what was merged and deleted before).
#[derive(Debug, Clone)]
enum Action {
    Edit { person: usize, field: usize, value: usize, stale: bool },
    Fix,
    Merge { a: usize, b: usize, pick: Option<usize> },
    Delete { person: usize },
    Mark { a: usize, b: usize, keep: bool },
    Remap { column: usize, field: Option<usize> },
    Profile { profile: usize },
    Undo,
    Redo,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (any::<usize>(), 0..FIELDS.len(), 0..VALUES.len(), prop::bool::weighted(0.15))
            .prop_map(|(person, field, value, stale)| Action::Edit { person, field, value, stale }),
        1 => Just(Action::Fix),
        2 => (any::<usize>(), any::<usize>(), prop::option::of(0..FIELDS.len()))
            .prop_map(|(a, b, pick)| Action::Merge { a, b, pick }),
        1 => any::<usize>().prop_map(|person| Action::Delete { person }),
        1 => (any::<usize>(), any::<usize>(), any::<bool>()).prop_map(|(a, b, keep)| Action::Mark { a, b, keep }),
        1 => (any::<usize>(), prop::option::of(0..FIELDS.len())).prop_map(|(column, field)| Action::Remap { column, field }),
        1 => (0..PROFILES.len()).prop_map(|profile| Action::Profile { profile }),
        2 => Just(Action::Undo),
        1 => Just(Action::Redo),
    ]
}

fn concrete(doc: &Doc, action: &Action) -> Option<Op> {
    let people = &doc.directory.people;
    let row = |i: usize| people.get(i % people.len().max(1)).map(|p| p.source_row);
    Some(match action {
        Action::Edit { person, field, value, stale } => {
            let p = people.get(person % people.len().max(1))?;
            let field = FIELDS[*field];
            let from = if *stale { "过期的值".to_string() } else { p.get(field).to_string() };
            Op::Edit { edits: vec![Edit::manual(p.source_row, field, from, VALUES[*value])] }
        }
        Action::Fix => Op::Fix { codes: None },
        Action::Merge { a, b, pick } => {
            let (into, other) = (row(*a)?, row(*b)?);
            let mut op = Op::merge(into, &[other]);
            if let (Op::Merge { picks, .. }, Some(f)) = (&mut op, pick) {
                picks.insert(FIELDS[*f], other);
            }
            op
        }
        Action::Delete { person } => Op::Delete { rows: vec![row(*person)?] },
        Action::Mark { a, b, keep } => Op::Mark {
            rows: vec![row(*a)?, row(*b)?],
            kind: if *keep { MarkKind::KeepSeparate } else { MarkKind::NotDuplicate },
        },
        Action::Remap { column, field } => {
            let c = &doc.mapping.columns[column % doc.mapping.columns.len()];
            Op::Remap { column: c.index, header: c.header.clone(), field: field.map(|f| FIELDS[f]) }
        }
        Action::Profile { profile } => Op::Profile { profile: PROFILES[*profile] },
        Action::Undo | Action::Redo => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn undo_restores_and_the_recipe_replays(seed in 0u64..6, actions in prop::collection::vec(action(), 1..14)) {
        let opened = small(seed);
        let mut doc = Doc::new(opened.clone());
        let original = doc.state_json();
        let rows = doc.accounted_rows();
        let mut log = EditLog::new();
        for action in &actions {
            match action {
                Action::Undo => { log.undo(&mut doc); }
                Action::Redo => { log.redo(&mut doc).expect("a redo applies what applied before"); }
                _ => {
                    if let Some(op) = concrete(&doc, action) {
                        // Invalid or no-op ops are refused and not logged; that is fine here.
                        let _ = log.apply(&mut doc, op);
                    }
                }
            }
            // Every input row is in the directory or dropped, at every step.
            prop_assert_eq!(doc.accounted_rows(), rows.clone());
        }
        let edited = doc.state_json();

        // The recipe, through its JSON, replayed on the original file.
        let json = log.recipe(Profile::Wecom).to_json();
        let recipe = Recipe::from_json(&json).expect("a recipe reads back");
        let (replayed, report) = replay(&recipe, &opened).expect("replays");
        prop_assert_eq!(report.applied, log.done().len(), "skipped: {:?}", report.skipped);
        prop_assert_eq!(replayed.state_json(), edited.clone());

        // Undo to the start: the original, byte for byte; redo the applied steps again: the
        // edited state (steps undone during the sequence stay redoable beyond it).
        let done = log.done().len();
        while log.undo(&mut doc).is_some() {}
        prop_assert_eq!(doc.state_json(), original);
        for _ in 0..done {
            prop_assert!(log.redo(&mut doc).expect("redo").is_some());
        }
        prop_assert_eq!(doc.state_json(), edited);
    }
}

#[test]
fn a_recipe_finds_people_in_next_months_file_by_their_identifiers() {
    let g = generate(&SampleOptions { rows: 40, seed: 77, layout: Layout::Wecom, faults: 0.0 });
    let mut doc = Doc::new(opened_from(&g));
    let mut log = EditLog::new();
    let p5 = doc.directory.people[5].clone();
    let p9 = doc.directory.people[9].clone();
    log.apply(
        &mut doc,
        Op::Edit {
            edits: vec![Edit::manual(p5.source_row, Field::Position, p5.get(Field::Position), "部门负责人")]
        },
    )
    .unwrap();
    log.apply(&mut doc, Op::Delete { rows: vec![p9.source_row] }).unwrap();
    let recipe = log.recipe(Profile::Wecom);

    // Next month: three people joined at the top, so every row moved down by three.
    let mut next = g.clone();
    let joiners = generate(&SampleOptions { rows: 3, seed: 78, layout: Layout::Wecom, faults: 0.0 });
    for (k, r) in joiners.rows.into_iter().enumerate() {
        next.rows.insert(k, r);
    }
    let (after, report) = replay(&recipe, &opened_from(&next)).unwrap();
    assert_eq!(report.applied, 2, "{:?}", report.skipped);
    let moved = after.directory.people.iter().find(|p| p.get(Field::Userid) == p5.get(Field::Userid)).unwrap();
    assert_eq!(moved.source_row, p5.source_row + 3);
    assert_eq!(moved.get(Field::Position), "部门负责人");
    assert_eq!(after.dropped.len(), 1);
    assert_eq!(after.dropped[0].row, p9.source_row + 3);
    assert_eq!(after.dropped[0].person.get(Field::Userid), p9.get(Field::Userid));
}

#[test]
fn a_recipe_never_overwrites_a_value_it_did_not_see() {
    let g = generate(&SampleOptions { rows: 10, seed: 5, layout: Layout::Plain, faults: 0.0 });
    let mut doc = Doc::new(opened_from(&g));
    let mut log = EditLog::new();
    let p = doc.directory.people[3].clone();
    log.apply(
        &mut doc,
        Op::Edit { edits: vec![Edit::manual(p.source_row, Field::Position, p.get(Field::Position), "总监")] },
    )
    .unwrap();
    // Next month the position changed by itself: the recipe's edit is skipped, with its reason.
    let mut next = g.clone();
    next.rows[3].cells[3] = Cell::text("副总裁");
    let (after, report) =
        replay(&Recipe::from_json(&log.recipe(Profile::Wecom).to_json()).unwrap(), &opened_from(&next)).unwrap();
    assert_eq!(report.applied, 0);
    assert!(report.skipped[0].reason.contains("副总裁"), "{:?}", report.skipped);
    assert_eq!(after.directory.people[3].get(Field::Position), "副总裁");
}

#[test]
fn recipes_are_versioned() {
    assert!(Recipe::from_json(r#"{"format":"minglu-recipe","version":2,"profile":"wecom","steps":[]}"#).is_err());
    assert!(Recipe::from_json(r#"{"format":"other","version":1,"profile":"wecom","steps":[]}"#).is_err());
    let r = Recipe::from_json(r#"{"format":"minglu-recipe","version":1,"profile":"wecom","steps":[
        {"op":"merge","into":4,"rows":[9],"keys":[{"row":4,"userid":"zhangsan"},{"row":9,"mobile":"+86 138 0013 8000"}]},
        {"op":"remap","column":3,"header":"职务","field":null}]}"#)
    .unwrap();
    assert_eq!(r.steps.len(), 2);
    assert_eq!(r.steps[0].op, Op::merge(4, &[9]));
}

#[test]
fn merging_after_a_remap_and_undoing_the_remap() {
    let opened = small(3);
    let mut doc = Doc::new(opened);
    let original = doc.state_json();
    let mut log = EditLog::new();
    let group = doc.duplicates().into_iter().next().expect("the second entry is found");
    log.apply(&mut doc, Op::merge(group.rows[0], &group.rows[1..])).unwrap();
    let merged = doc.state_json();
    // Unmapping the position column re-reads the sheet and merges again.
    let c = doc.mapping.columns.iter().find(|c| c.field == Some(Field::Position)).unwrap().clone();
    let outcome = log.apply(&mut doc, Op::Remap { column: c.index, header: c.header.clone(), field: None }).unwrap();
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    assert_eq!(doc.dropped.len(), 1);
    assert!(doc.directory.people.iter().all(|p| p.get(Field::Position).is_empty()));
    log.undo(&mut doc);
    assert_eq!(doc.state_json(), merged);
    log.undo(&mut doc);
    assert_eq!(doc.state_json(), original);
}

/// The app's fix takes its fixes from the check it already has (`EditLog::apply_fix`) instead of
/// checking every row again: the same document, outcome, log and undo as `Op::Fix`, and a fix
/// whose cell was edited after that check is skipped, not written over the edit.
#[test]
fn a_fix_from_the_check_at_hand_is_the_fix_the_engine_finds() {
    let check = |doc: &Doc| minglu::validate(&doc.directory, &doc.sheet, &doc.mapping, doc.profile());
    let mut fixed = 0;
    for seed in 0..12 {
        let opened = opened_from(&generate(&SampleOptions { rows: 80, seed, layout: Layout::Plain, faults: 0.3 }));
        let (mut found, mut given) = (Doc::new(opened.clone()), Doc::new(opened.clone()));
        let (mut found_log, mut given_log) = (EditLog::new(), EditLog::new());
        let report = check(&given);
        let Ok(outcome) = found_log.apply(&mut found, Op::Fix { codes: None }) else {
            assert!(given_log.apply_fix(&mut given, None, &report).is_err(), "seed {seed}: nothing to fix either way");
            continue;
        };
        fixed += 1;
        assert_eq!(given_log.apply_fix(&mut given, None, &report).expect("fixes"), outcome, "seed {seed}");
        assert_eq!(given.state_json(), found.state_json(), "seed {seed}");
        assert_eq!(given_log.done(), found_log.done(), "seed {seed}: logged as Op::Fix");
        given_log.undo(&mut given);
        assert_eq!(given.state_json(), Doc::new(opened.clone()).state_json(), "seed {seed}: undone");

        // One fixable cell edited after the check: its fix is stale and skipped.
        let fix = report.issues.iter().find(|i| i.fix.is_some() && i.field.is_some()).expect("a fix");
        if given.directory.people.iter().filter(|p| p.source_row == fix.row).count() != 1 {
            continue;
        }
        let field = fix.field.expect("a field");
        let person = given.directory.people.iter().find(|p| p.source_row == fix.row).expect("the row");
        let edit = Edit::manual(fix.row, field, person.get(field).to_string(), "改过了");
        given_log.apply(&mut given, Op::Edit { edits: vec![edit] }).expect("the edit applies");
        match given_log.apply_fix(&mut given, None, &report) {
            Ok(stale) => assert!(stale.skipped.iter().any(|s| s.contains("改过了")), "seed {seed}: {:?}", stale.skipped),
            // That was the only fix: nothing is left to apply.
            Err(_) => assert_eq!(outcome.changed, 1, "seed {seed}"),
        }
        let person = given.directory.people.iter().find(|p| p.source_row == fix.row).expect("the row");
        assert_eq!(person.get(field), "改过了", "seed {seed}: the edit stays");
    }
    assert!(fixed >= 10, "only {fixed} of 12 seeds had fixes");
}
