//! The texts of the duplicates view, undo/redo and the history (issue #4), per language.

use super::Lang;
use minglu::dedup::ReasonKind;

pub struct DedupText {
    pub undo: &'static str,
    pub redo: &'static str,
    pub undo_title: &'static str,
    pub redo_title: &'static str,
    pub open_duplicates: &'static str,
    pub drawer_title: &'static str,
    pub close: &'static str,
    pub tab_duplicates: &'static str,
    pub tab_history: &'static str,
    pub tab_dropped: &'static str,
    pub no_groups: &'static str,
    /// "第 3 组" / "Group 3".
    pub group_n: (&'static str, &'static str),
    pub score: &'static str,
    pub kept: &'static str,
    /// The button that removes one row of a group (to the removed list; undoable).
    pub remove_row: &'static str,
    pub remove_row_title: &'static str,
    /// "第 12 行" / "Row 12".
    pub row_n: (&'static str, &'static str),
    pub united: &'static str,
    pub pick_title: &'static str,
    pub merge: &'static str,
    pub keep_separate: &'static str,
    pub not_duplicate: &'static str,
    pub keys_help: &'static str,
    pub no_history: &'static str,
    pub undone: &'static str,
    pub no_dropped: &'static str,
    pub recipe: &'static str,
    pub recipe_hint: &'static str,
}

pub const ZH: DedupText = DedupText {
    undo: "撤销",
    redo: "重做",
    undo_title: "撤销上一步（Ctrl+Z）",
    redo_title: "重做（Ctrl+Shift+Z 或 Ctrl+Y）",
    open_duplicates: "重复项",
    drawer_title: "重复项与修改历史",
    close: "关闭",
    tab_duplicates: "疑似重复",
    tab_history: "修改历史",
    tab_dropped: "已移除",
    no_groups: "没有发现疑似重复的人员。",
    group_n: ("第 ", " 组"),
    score: "相似度",
    kept: "保留",
    remove_row: "删除此行",
    remove_row_title: "把这一行移到「已移除」列表（可撤销）",
    row_n: ("第 ", " 行"),
    united: "合并各行的部门",
    pick_title: "合并时采用这个值",
    merge: "合并",
    keep_separate: "保持分开",
    not_duplicate: "不是重复",
    keys_help: "↑/↓ 或 j/k 切换分组 · m 合并 · s 保持分开 · n 不是重复 · 点击某个值即合并时采用它 · Ctrl+Z 撤销",
    no_history: "还没有任何修改。",
    undone: "已撤销",
    no_dropped: "没有移除的行。",
    recipe: "下载整理步骤（JSON）",
    recipe_hint: "用 minglu apply 可在下个月的文件上重放这些步骤。",
};

pub const EN: DedupText = DedupText {
    undo: "Undo",
    redo: "Redo",
    undo_title: "Undo the last step (Ctrl+Z)",
    redo_title: "Redo (Ctrl+Shift+Z or Ctrl+Y)",
    open_duplicates: "Duplicates",
    drawer_title: "Duplicates and history",
    close: "Close",
    tab_duplicates: "Likely duplicates",
    tab_history: "History",
    tab_dropped: "Removed",
    no_groups: "No likely duplicates found.",
    group_n: ("Group ", ""),
    score: "score",
    kept: "kept",
    remove_row: "Remove row",
    remove_row_title: "Move this row to the removed list (undoable)",
    row_n: ("Row ", ""),
    united: "departments of all rows",
    pick_title: "Keep this value when merging",
    merge: "Merge",
    keep_separate: "Keep separate",
    not_duplicate: "Not a duplicate",
    keys_help: "↑/↓ or j/k: another group · m: merge · s: keep separate · n: not a duplicate · click a value to keep it · Ctrl+Z: undo",
    no_history: "No changes yet.",
    undone: "undone",
    no_dropped: "No rows removed.",
    recipe: "Download the recipe (JSON)",
    recipe_hint: "Replay these steps on next month's file with minglu apply.",
};

pub fn dedup_t(lang: Lang) -> &'static DedupText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A reason, in the UI's language.
pub fn reason_label(reason: ReasonKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => reason.label_zh(),
        Lang::En => reason.label_en(),
    }
}
