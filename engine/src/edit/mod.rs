//! Edits are values, not mutations: every change to a directory — a field edit, a batch of fixes,
//! a merge, a deletion, a "keep separate" mark, a mapping change — is an [`Op`], applied through
//! an [`EditLog`] that keeps what it needs to undo it exactly. So undo/redo, "replay this recipe on
//! next month's file" ([`Recipe`], [`replay`]) and the export manifest all read one list.
//!
//! ```
//! use minglu::edit::{Doc, EditLog, Op};
//! use minglu::{Edit, Field};
//! let csv = "姓名,手机,邮箱\n张三,138-0013-8000,zs@x.com\n张 三,+86 138 0013 8000,ZS@x.com\n";
//! let opened = minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap();
//! let mut doc = Doc::new(opened);
//! let before = doc.state_json();
//! let mut log = EditLog::new();
//!
//! log.apply(&mut doc, Op::Edit { edits: vec![Edit::manual(2, Field::Mobile, "138-0013-8000", "13800138000")] }).unwrap();
//! let group = &doc.duplicates()[0];
//! log.apply(&mut doc, Op::merge(group.rows[0], &group.rows[1..])).unwrap();
//! assert_eq!(doc.directory.people.len(), 1);
//! assert_eq!(doc.dropped[0].reason.message(minglu::Lang::En), "merged into row 2");
//!
//! while log.undo(&mut doc).is_some() {}
//! assert_eq!(doc.state_json(), before);
//! ```
//!
//! Rows are 1-based sheet rows ([`Person::source_row`]) in every op: they stay put through
//! edits, merges and re-mapping, so an op recorded now still names the same row later in the
//! session. A recipe carries, besides, each row's identifiers ([`RowKey`]) so it finds the same
//! people in another file, where row numbers mean nothing.

mod apply;
mod recipe;
pub mod write;

pub use recipe::{replay, replay_into, Recipe, ReplayReport, RowKey, Skipped, RECIPE_FORMAT, RECIPE_VERSION};

use crate::dedup::{analyze, DedupOptions, Group};
use crate::map::{Mapping, Profile};
use crate::read::Sheet;
use crate::validate::{Code, Edit, Lang, Report};
use crate::{Directory, Field, Opened, Person, Result};
use apply::Undo;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a row left the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DropReason {
    /// Merged into the person of this (1-based sheet) row.
    MergedInto {
        row: usize,
    },
    Deleted,
}

impl DropReason {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DropReason::MergedInto { row }, Lang::Zh) => format!("已合并到第 {row} 行"),
            (DropReason::MergedInto { row }, Lang::En) => format!("merged into row {row}"),
            (DropReason::Deleted, Lang::Zh) => "已删除".into(),
            (DropReason::Deleted, Lang::En) => "deleted".into(),
        }
    }
}

/// A row no longer in the directory, with why and what it held: every input row is in the
/// directory or here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// The 1-based sheet row.
    pub row: usize,
    pub reason: DropReason,
    /// The person as it was when dropped.
    pub person: Person,
}

/// How rows marked as not to be merged relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// One person, but the rows stay separate on purpose (two accounts).
    KeepSeparate,
    /// Different people who only look alike.
    NotDuplicate,
}

/// Rows dedup must not propose to merge again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// 1-based sheet rows, ascending.
    pub rows: Vec<usize>,
    pub kind: MarkKind,
}

/// One change, as a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Cell edits (manual, or fixes accepted one by one). An edit whose `from` no longer matches
    /// the cell is skipped.
    Edit { edits: Vec<Edit> },
    /// Apply the report's fixes of these codes (all fixable codes when `None`), as the report
    /// finds them at the time: replayed on another file, it fixes that file's problems.
    Fix {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        codes: Option<Vec<Code>>,
    },
    /// Merge `rows` into `into` (see [`crate::dedup::merge`]); `picks` choose, per field, the
    /// row whose value is kept.
    Merge {
        into: usize,
        rows: Vec<usize>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        picks: BTreeMap<Field, usize>,
    },
    /// Remove rows (they go to the dropped list).
    Delete { rows: Vec<usize> },
    /// Remember that these rows are not to be merged.
    Mark { rows: Vec<usize>, kind: MarkKind },
    /// Map the column at 0-based `column` (whose header is `header`) to `field` (`None`: keep it
    /// as an extra column). Re-reads the sheet, then re-applies the earlier edits.
    Remap { column: usize, header: String, field: Option<Field> },
    /// Read the sheet with another platform's profile (its header meanings and separators), then
    /// re-apply the earlier edits.
    Profile { profile: Profile },
}

impl Op {
    /// A merge with no picks.
    pub fn merge(into: usize, rows: &[usize]) -> Op {
        Op::Merge { into, rows: rows.to_vec(), picks: BTreeMap::new() }
    }

    /// Does this op change the mapping (and so rebuild the directory)?
    pub fn is_mapping(&self) -> bool {
        matches!(self, Op::Remap { .. } | Op::Profile { .. })
    }

    /// The rows this op names, ascending, each once.
    pub fn rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = match self {
            Op::Edit { edits } => edits.iter().map(|e| e.row).collect(),
            Op::Merge { into, rows, picks } => {
                std::iter::once(*into).chain(rows.iter().copied()).chain(picks.values().copied()).collect()
            }
            Op::Delete { rows } | Op::Mark { rows, .. } => rows.clone(),
            Op::Fix { .. } | Op::Remap { .. } | Op::Profile { .. } => Vec::new(),
        };
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// One line for a history list.
    pub fn describe(&self, lang: Lang) -> String {
        let list = |rows: &[usize]| rows.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
        let zh = lang == Lang::Zh;
        match self {
            Op::Edit { edits } if edits.len() == 1 => {
                let e = &edits[0];
                let label = if zh { e.field.label_zh() } else { e.field.key() };
                if zh {
                    format!("第 {} 行{label}：「{}」→「{}」", e.row, e.from, e.to)
                } else {
                    format!("row {} {label}: \"{}\" → \"{}\"", e.row, e.from, e.to)
                }
            }
            Op::Edit { edits } if zh => format!("编辑 {} 个单元格", edits.len()),
            Op::Edit { edits } => format!("edit {} cells", edits.len()),
            Op::Fix { codes } => {
                let which = codes.as_ref().map(|c| c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "));
                match (zh, which) {
                    (true, Some(w)) => format!("自动修复：{w}"),
                    (true, None) => "自动修复全部可修复问题".into(),
                    (false, Some(w)) => format!("fix {w}"),
                    (false, None) => "fix everything fixable".into(),
                }
            }
            Op::Merge { into, rows, .. } if zh => format!("合并第 {} 行到第 {into} 行", list(rows)),
            Op::Merge { into, rows, .. } => format!("merge rows {} into row {into}", list(rows)),
            Op::Delete { rows } if zh => format!("删除第 {} 行", list(rows)),
            Op::Delete { rows } => format!("delete rows {}", list(rows)),
            Op::Mark { rows, kind } => match (zh, kind) {
                (true, MarkKind::KeepSeparate) => format!("第 {} 行保持分开", list(rows)),
                (true, MarkKind::NotDuplicate) => format!("第 {} 行不是重复", list(rows)),
                (false, MarkKind::KeepSeparate) => format!("keep rows {} separate", list(rows)),
                (false, MarkKind::NotDuplicate) => format!("rows {} are not duplicates", list(rows)),
            },
            Op::Remap { column, header, field } => {
                let col = crate::column_letter(column + 1);
                match (zh, field) {
                    (true, Some(f)) => format!("{col} 列「{header}」映射为{}", f.label_zh()),
                    (true, None) => format!("{col} 列「{header}」不映射（保留为额外列）"),
                    (false, Some(f)) => format!("map column {col} \"{header}\" to {}", f.key()),
                    (false, None) => format!("unmap column {col} \"{header}\""),
                }
            }
            Op::Profile { profile } if zh => format!("按{}模板读取", profile.label_zh()),
            Op::Profile { profile } => format!("read as {}", profile.key()),
        }
    }
}

/// The document being edited: the sheet as read (never changed: mapping changes re-read it) and
/// the state the ops change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    pub sheet: Sheet,
    /// Index into `sheet.rows` of the header row.
    pub header_index: usize,
    pub mapping: Mapping,
    pub directory: Directory,
    /// Rows merged away or deleted, in the order it happened.
    pub dropped: Vec<Dropped>,
    pub marks: Vec<Mark>,
    /// Cells, by sheet row and field, that an edit wrote with only their stray spaces taken away.
    /// The directory holds every cell trimmed, so such an edit changes no field: without this,
    /// "fix all" left a name's stray spaces in the sheet as shown (and the check) for ever.
    /// Sorted (a list, not a set: a `BTreeSet` of these cost the worker 2.4 KB of gzip).
    pub trimmed: Vec<(usize, Field)>,
}

impl Doc {
    pub fn new(opened: Opened) -> Doc {
        let Opened { sheet, header_index, mapping, directory } = opened;
        Doc { sheet, header_index, mapping, directory, dropped: Vec::new(), marks: Vec::new(), trimmed: Vec::new() }
    }

    /// Whether an edit took the stray spaces of sheet row `row`'s `field` away ([`Doc::trimmed`]).
    pub fn is_trimmed(&self, row: usize, field: Field) -> bool {
        self.trimmed.binary_search(&(row, field)).is_ok()
    }

    pub fn profile(&self) -> Profile {
        self.mapping.profile
    }

    /// The duplicate groups of the current directory, leaving out what was marked. Their pairs
    /// do not list the fields they differ on ([`DedupOptions::differences`]): a merge compares
    /// the group's rows itself ([`plan_merge`](crate::dedup::plan_merge)).
    pub fn duplicates(&self) -> Vec<Group> {
        let mut options = DedupOptions::new(self.profile());
        options.separate = self.marks.iter().map(|m| m.rows.clone()).collect();
        options.differences = false;
        analyze(&self.directory, &options).groups
    }

    /// Everything the ops change, as JSON (mapping, directory, dropped rows, marks): equal
    /// strings mean equal states, byte for byte.
    pub fn state_json(&self) -> String {
        #[derive(Serialize)]
        struct State<'a> {
            mapping: &'a Mapping,
            directory: &'a Directory,
            dropped: &'a [Dropped],
            marks: &'a [Mark],
        }
        let state =
            State { mapping: &self.mapping, directory: &self.directory, dropped: &self.dropped, marks: &self.marks };
        // Plain data with string keys: serializing cannot fail.
        serde_json::to_string(&state).unwrap_or_default()
    }

    /// Every row the document accounts for — in the directory or dropped — ascending.
    pub fn accounted_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> =
            self.directory.people.iter().map(|p| p.source_row).chain(self.dropped.iter().map(|d| d.row)).collect();
        rows.sort_unstable();
        rows
    }
}

/// What applying one op did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Cells changed, rows merged or deleted, rows marked, or people after a re-mapping.
    pub changed: usize,
    /// Parts of the op that did not apply, and why (an edit whose cell changed since).
    pub skipped: Vec<String>,
}

/// One entry of the log: the op and, for a recipe, the identifiers of the rows it names as they
/// were just before it was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    #[serde(flatten)]
    pub op: Op,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<RowKey>,
}

/// One line of the history list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub index: usize,
    pub label: String,
    /// False for undone steps (still redoable).
    pub done: bool,
}

/// The edit log: `ops[..cursor]` are applied; `ops[cursor..]` were undone and can be redone
/// until a new op is applied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EditLog {
    pub ops: Vec<Step>,
    pub cursor: usize,
    /// How to undo each applied step (parallel to `ops[..cursor]`).
    undo: Vec<Undo>,
}

impl EditLog {
    pub fn new() -> EditLog {
        EditLog::default()
    }

    /// Apply `op` to `doc` and log it (dropping any undone steps). An op that is invalid or
    /// changes nothing is an error and is not logged.
    pub fn apply(&mut self, doc: &mut Doc, op: Op) -> Result<Outcome> {
        let keys = op.rows().into_iter().map(|r| RowKey::capture(doc, r)).collect();
        let (undo, outcome) = apply::apply(doc, &op, &self.ops[..self.cursor])?;
        self.push(Step { op, keys }, undo);
        Ok(outcome)
    }

    /// [`Op::Fix`] with the fixes of `report`, the check of `doc` as it is now, which the caller
    /// already has: `apply` would check every row again only to find them (as long as the fix
    /// itself at 100k rows). Logged as `Op::Fix { codes }`, so a redo or a recipe checks afresh.
    /// A fix whose cell changed since `report` was made is skipped, as in `apply`.
    pub fn apply_fix(&mut self, doc: &mut Doc, codes: Option<Vec<Code>>, report: &Report) -> Result<Outcome> {
        let (undo, outcome) = apply::fix(doc, report, codes.as_deref())?;
        self.push(Step { op: Op::Fix { codes }, keys: Vec::new() }, undo);
        Ok(outcome)
    }

    /// Log an applied step: what was undone and not redone is forgotten.
    fn push(&mut self, step: Step, undo: Undo) {
        self.ops.truncate(self.cursor);
        self.undo.truncate(self.cursor);
        self.ops.push(step);
        self.undo.push(undo);
        self.cursor += 1;
    }

    /// Undo the last applied step; returns it, or `None` at the start.
    pub fn undo(&mut self, doc: &mut Doc) -> Option<&Step> {
        let undo = self.undo.pop()?;
        apply::revert(doc, undo);
        self.cursor -= 1;
        self.ops.get(self.cursor)
    }

    /// Redo the next undone step. `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self, doc: &mut Doc) -> Result<Option<Outcome>> {
        let Some(step) = self.ops.get(self.cursor) else { return Ok(None) };
        let (undo, outcome) = apply::apply(doc, &step.op, &self.ops[..self.cursor])?;
        self.undo.push(undo);
        self.cursor += 1;
        Ok(Some(outcome))
    }

    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    pub fn can_redo(&self) -> bool {
        self.cursor < self.ops.len()
    }

    /// The applied steps.
    pub fn done(&self) -> &[Step] {
        &self.ops[..self.cursor]
    }

    /// Every step, applied and undone, for a history list.
    pub fn history(&self, lang: Lang) -> Vec<HistoryItem> {
        self.ops
            .iter()
            .enumerate()
            .map(|(index, s)| HistoryItem { index, label: s.op.describe(lang), done: index < self.cursor })
            .collect()
    }

    /// The applied steps as a recipe to replay on another file.
    pub fn recipe(&self, profile: Profile) -> Recipe {
        Recipe::new(profile, self.done().to_vec())
    }
}
