//! The reconciliation view's texts (issue #6), per language: kept beside [`super::Text`] so the
//! view's strings stay in one place.

use super::Lang;
use minglu::diff::{AmbiguityReason, Key};
use minglu::export::Destination;

pub struct DiffText {
    pub title: &'static str,
    pub hint: &'static str,
    pub choose_roster: &'static str,
    pub choose_other: &'static str,
    pub drop_roster: &'static str,
    pub close: &'static str,
    pub show: &'static str,
    pub old_side: &'static str,
    pub new_side: &'static str,
    pub open_file: &'static str,
    pub roster: &'static str,
    pub swap: &'static str,
    pub detected: &'static str,
    pub header_row: (&'static str, &'static str),
    pub people: (&'static str, &'static str),
    pub key: &'static str,
    pub keys_used: &'static str,
    pub comparing: &'static str,
    pub stale: &'static str,
    pub compare_again: &'static str,
    pub guard_title: &'static str,
    /// "A full replacement would delete ", N, " of ", M, " members (", P, "%) …"
    pub guard_text: (&'static str, &'static str, &'static str, &'static str),
    pub joiners: &'static str,
    pub leavers: &'static str,
    pub movers: &'static str,
    pub changed: &'static str,
    pub changed_fields: (&'static str, &'static str),
    pub unchanged: &'static str,
    pub ambiguous: &'static str,
    pub ambiguous_hint: &'static str,
    pub shared: &'static str,
    pub conflict: &'static str,
    pub old_file: &'static str,
    pub new_file: &'static str,
    pub row: (&'static str, &'static str),
    pub nothing: &'static str,
    pub show_all: (&'static str, &'static str),
    pub downloads: &'static str,
    pub destination: &'static str,
    pub incremental: &'static str,
    pub incremental_hint: (&'static str, &'static str),
    pub leaver_list: &'static str,
    pub report: &'static str,
    pub empty: &'static str,
}

pub const ZH: DiffText = DiffText {
    title: "核对花名册",
    hint: "把 HR 花名册（或下个月的导出）和这份通讯录对比：入职、离职、调动、信息变更，一目了然。花名册也只在本机读取。",
    choose_roster: "选择花名册…",
    choose_other: "换一个花名册…",
    drop_roster: "或把花名册文件拖到这里",
    close: "收起",
    show: "查看对比结果",
    old_side: "旧（现有）",
    new_side: "新（目标）",
    open_file: "已打开的通讯录",
    roster: "花名册",
    swap: "对调新旧",
    detected: "识别结果",
    header_row: ("表头第 ", " 行"),
    people: ("", " 人"),
    key: "匹配依据",
    keys_used: "实际使用",
    comparing: "正在对比…",
    stale: "通讯录在对比之后有改动。",
    compare_again: "重新对比",
    guard_title: "删除保护：不能全量覆盖导入",
    guard_text: ("以新文件全量覆盖将删除 ", " 人（共 ", " 人，", "%），超过企业微信的删除上限（超过 50 人且超过 20%，或不足 50 人但超过 80%），导入会被中止。请改用下面的增量导入文件，离职人员另行处理。"),
    joiners: "入职",
    leavers: "离职",
    movers: "调动",
    changed: "信息变更",
    changed_fields: ("共 ", " 处"),
    unchanged: "无变化",
    ambiguous: "无法确定",
    ambiguous_hint: "这些人无法一一对应，没有猜测，也不在其他列表中，请人工核对。",
    shared: "同一值对应多人",
    conflict: "匹配依据互相矛盾",
    old_file: "旧",
    new_file: "新",
    row: ("第 ", " 行"),
    nothing: "无",
    show_all: ("显示全部 ", " 条"),
    downloads: "下载",
    destination: "导入模板",
    incremental: "增量导入文件",
    incremental_hint: ("入职和有变更的人，共 ", " 行"),
    leaver_list: "离职名单",
    report: "对比报告",
    empty: "（空）",
};

pub const EN: DiffText = DiffText {
    title: "Reconcile with a roster",
    hint: "Compare the HR roster (or next month's export) with this directory: who joined, left, moved or changed. The roster is read on this device too.",
    choose_roster: "Choose the roster…",
    choose_other: "Choose another roster…",
    drop_roster: "or drop the roster file here",
    close: "Close",
    show: "Show the comparison",
    old_side: "Old (now)",
    new_side: "New (target)",
    open_file: "The open directory",
    roster: "Roster",
    swap: "Swap old and new",
    detected: "Detected",
    header_row: ("header row ", ""),
    people: ("", " people"),
    key: "Match by",
    keys_used: "Used",
    comparing: "Comparing…",
    stale: "The directory changed since this comparison.",
    compare_again: "Compare again",
    guard_title: "Deletion guard: a full-replace import would be refused",
    guard_text: ("Importing the new file as a full replacement would delete ", " of ", " members (", "%): over WeCom's limit (more than 50 and over 20%, or under 50 and over 80%), so WeCom would abort the import. Import the incremental file below instead and handle the leavers separately."),
    joiners: "Joiners",
    leavers: "Leavers",
    movers: "Movers",
    changed: "Changed",
    changed_fields: ("", " fields"),
    unchanged: "Unchanged",
    ambiguous: "Ambiguous",
    ambiguous_hint: "These people cannot be matched one to one. Nothing was guessed and they are in no other list: check them by hand.",
    shared: "one value, several people",
    conflict: "keys disagree",
    old_file: "old",
    new_file: "new",
    row: ("row ", ""),
    nothing: "None",
    show_all: ("Show all ", ""),
    downloads: "Downloads",
    destination: "Import template",
    incremental: "Incremental import",
    incremental_hint: ("Joiners and changed people: ", " rows"),
    leaver_list: "Leaver list",
    report: "Diff report",
    empty: "(empty)",
};

/// The reconciliation texts for `lang`.
pub fn text(lang: Lang) -> &'static DiffText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A matching key's name.
pub fn key_label(key: Key, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => key.label_zh(),
        Lang::En => match key {
            Key::Auto => "Automatic",
            Key::Userid => "Account",
            Key::EmployeeNo => "Employee number",
            Key::Email => "E-mail",
            Key::Mobile => "Mobile",
        },
    }
}

/// The option text of a key in the picker (Chinese spells out the automatic order too).
pub fn key_option(key: Key, lang: Lang) -> &'static str {
    match (key, lang) {
        (Key::Auto, Lang::Zh) => "自动（账号 → 工号 → 邮箱 → 手机）",
        (Key::Auto, Lang::En) => "Auto (account → no. → e-mail → mobile)",
        _ => key_label(key, lang),
    }
}

pub fn destination_label(d: Destination, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => d.label_zh(),
        Lang::En => d.label_en(),
    }
}

pub fn reason_label(r: AmbiguityReason, lang: Lang) -> &'static str {
    match r {
        AmbiguityReason::Shared => text(lang).shared,
        AmbiguityReason::Conflict => text(lang).conflict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_label_in_every_language() {
        for lang in Lang::ALL {
            for key in [Key::Auto, Key::Userid, Key::EmployeeNo, Key::Email, Key::Mobile] {
                assert!(!key_label(key, lang).is_empty());
                assert!(!key_option(key, lang).is_empty());
            }
            assert!(!text(lang).title.is_empty());
        }
    }
}
