//! The worker's side of reconciliation (issue #6): reads and keeps the roster, compares it with
//! the open file through [`minglu::diff`], and writes the incremental import, the leaver list
//! and the diff report. Pure functions over the engine plus the kept roster; the worker
//! (`bin/worker/`) only dispatches to them and posts what they return. Runs in the worker, never
//! on the page.

use crate::protocol::diff::{ChangeLine, DiffFileKind, DiffParams, DiffView, MoveLine, PersonLine, RosterInfo};
use minglu::diff::{diff, report_xlsx, Changes};
use minglu::export::{export, ExportOptions};
use minglu::{Directory, Field, Lang, OpenOptions, ReadOptions};
use std::cell::RefCell;

/// The roster as read: kept between requests so the key, the sides and the downloads never make
/// the page send it again.
struct Roster {
    info: RosterInfo,
    directory: Directory,
}

thread_local! {
    static ROSTER: RefCell<Option<Roster>> = const { RefCell::new(None) };
}

/// A file to hand to the person.
pub struct OutFile {
    pub file_name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// Read the roster (any format the engine reads, its own profile and header row detected) and
/// keep it. On failure the previous roster is forgotten too: a comparison against a file the
/// person no longer means would mislead.
pub fn load_roster(bytes: &[u8], file_name: Option<String>) -> Result<(), String> {
    ROSTER.with_borrow_mut(|r| *r = None);
    let read = ReadOptions { file_name: file_name.clone(), ..ReadOptions::default() };
    let opened = minglu::open(bytes, &OpenOptions { read, profile: None }).map_err(|e| e.to_string())?;
    let info = RosterInfo { file_name, inspection: opened.inspection() };
    ROSTER.with_borrow_mut(|r| *r = Some(Roster { info, directory: opened.directory }));
    Ok(())
}

/// Forget the roster.
pub fn forget_roster() {
    ROSTER.with_borrow_mut(|r| *r = None);
}

/// Run `f` with (old, new, roster info) as `params` orders the open file and the roster.
fn with_sides<T>(
    current: &Directory,
    params: DiffParams,
    f: impl FnOnce(&Directory, &Directory, &RosterInfo) -> Result<T, String>,
) -> Result<T, String> {
    ROSTER.with_borrow(|roster| {
        let roster = roster.as_ref().ok_or_else(|| "no roster is open: choose the roster file first".to_string())?;
        if params.swapped {
            f(&roster.directory, current, &roster.info)
        } else {
            f(current, &roster.directory, &roster.info)
        }
    })
}

fn compare_sides(old: &Directory, new: &Directory, params: DiffParams) -> Result<Changes, String> {
    diff(old, new, params.key).map_err(|e| e.message)
}

/// Compare the open file (`current`, edits included) with the kept roster.
pub fn compare(current: &Directory, params: DiffParams) -> Result<DiffView, String> {
    with_sides(current, params, |old, new, info| {
        let changes = compare_sides(old, new, params)?;
        Ok(view(&changes, old, new, info.clone(), params))
    })
}

fn name_of(dir: &Directory, i: usize) -> String {
    dir.people.get(i).map(|p| p.get(Field::Name).to_string()).unwrap_or_default()
}

fn departments_of(dir: &Directory, i: usize) -> String {
    dir.people
        .get(i)
        .map(|p| p.departments.iter().map(|d| d.join("/")).collect::<Vec<_>>().join(";"))
        .unwrap_or_default()
}

/// What the page shows of a comparison.
pub fn view(changes: &Changes, old: &Directory, new: &Directory, roster: RosterInfo, params: DiffParams) -> DiffView {
    let person = |dir: &Directory, m: &minglu::diff::Member| PersonLine {
        id: m.id.clone(),
        name: m.name.clone(),
        row: m.row,
        departments: departments_of(dir, m.index),
    };
    DiffView {
        params,
        roster,
        old_people: old.people.len(),
        new_people: new.people.len(),
        keys: changes.keys.clone(),
        joiners: changes.joiners.iter().map(|m| person(new, m)).collect(),
        leavers: changes.leavers.iter().map(|m| person(old, m)).collect(),
        movers: changes
            .movers
            .iter()
            .map(|m| MoveLine {
                id: m.id.clone(),
                name: name_of(new, m.new_index),
                from: m.from.clone(),
                to: m.to.clone(),
            })
            .collect(),
        changed: changes
            .changed
            .iter()
            .map(|c| ChangeLine {
                id: c.id.clone(),
                name: name_of(new, c.new_index),
                field: c.field,
                old: c.old.clone(),
                new: c.new.clone(),
            })
            .collect(),
        changed_people: changes.changed_people(),
        unchanged: changes.unchanged,
        ambiguous: changes.ambiguous.clone(),
        guard: changes.guard,
        incremental_rows: changes.incremental_rows().len(),
    }
}

/// The stem files are named after: the roster's name without its extension.
fn stem(name: Option<&str>) -> String {
    crate::protocol::file_stem(name).to_string()
}

/// Build one of the comparison's files. `created` (RFC 3339) dates the workbook: the engine
/// never reads the clock.
pub fn file(
    current: &Directory,
    params: DiffParams,
    kind: DiffFileKind,
    lang: Lang,
    created: Option<String>,
) -> Result<OutFile, String> {
    with_sides(current, params, |old, new, info| {
        let changes = compare_sides(old, new, params)?;
        let stem = stem(info.file_name.as_deref());
        let zh = lang == Lang::Zh;
        let exported = |dir: Directory, destination, suffix: &str| -> Result<OutFile, String> {
            let options = ExportOptions {
                destination,
                lang,
                file_stem: Some(format!("{stem}-{suffix}")),
                created: created.clone(),
                ..ExportOptions::default()
            };
            let out = export(&dir, &options).map_err(|e| e.to_string())?;
            Ok(OutFile { file_name: out.file_name, mime: out.mime, bytes: out.bytes })
        };
        match kind {
            DiffFileKind::Incremental { destination } => {
                exported(changes.incremental(new), destination, if zh { "增量导入" } else { "incremental" })
            }
            DiffFileKind::Leavers => exported(
                changes.leavers(old),
                minglu::export::Destination::Xlsx,
                if zh { "离职名单" } else { "leavers" },
            ),
            DiffFileKind::Report => {
                let bytes = report_xlsx(&changes, old, new).map_err(|e| e.to_string())?;
                let suffix = if zh { "对比报告" } else { "diff-report" };
                Ok(OutFile {
                    file_name: format!("{stem}-{suffix}.xlsx"),
                    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into(),
                    bytes,
                })
            }
        }
    })
}

/// Now, for the workbooks' creation time (the worker has a clock; native tests do not need one).
pub fn now_rfc3339() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::new_0().to_iso_string().as_string()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minglu::diff::Key;
    use minglu::export::Destination;

    const OLD: &str = "工号,姓名,部门,职务,手机\n001,张三,总部/研发,工程师,13800138000\n002,李四,总部/市场,专员,13900139000\n004,赵六,总部/市场,专员,13600136000\n";
    const NEW: &str = "工号,姓名,部门,岗位,手机号码\n001,张三,总部/产品,工程师,138-0013-8000\n003,王五,总部/市场,专员,13700137000\n004,赵六,总部/市场,经理,13600136000\n";

    fn open(csv: &str) -> Directory {
        minglu::open(csv.as_bytes(), &OpenOptions::default()).unwrap().directory
    }

    #[test]
    fn the_view_lists_what_the_engine_found() {
        load_roster(NEW.as_bytes(), Some("花名册.csv".into())).unwrap();
        let v = compare(&open(OLD), DiffParams::default()).unwrap();
        assert_eq!(v.roster.inspection.rows, 3);
        assert_eq!(v.roster.file_name.as_deref(), Some("花名册.csv"));
        assert_eq!(v.joiners.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["003"]);
        assert_eq!(v.joiners[0].departments, "总部/市场");
        assert_eq!(v.leavers.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["002"]);
        assert_eq!(v.movers.len(), 1);
        assert_eq!((v.movers[0].name.as_str(), v.movers[0].to.as_str()), ("张三", "总部/产品"));
        assert_eq!(v.changed.len(), 1);
        assert_eq!((v.changed[0].field, v.changed[0].new.as_str()), (Field::Position, "经理"));
        assert_eq!((v.changed_people, v.unchanged, v.incremental_rows), (1, 0, 3));
        assert!(!v.guard.blocked);

        // Swapped: the roster is old, so joiners and leavers trade places.
        let s = compare(&open(OLD), DiffParams { key: Key::EmployeeNo, swapped: true }).unwrap();
        assert_eq!(s.joiners.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["002"]);
        assert_eq!(s.leavers.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["003"]);
    }

    #[test]
    fn files_are_named_after_the_roster_and_hold_the_right_rows() {
        load_roster(NEW.as_bytes(), Some("花名册.csv".into())).unwrap();
        let old = open(OLD);
        let inc = file(
            &old,
            DiffParams::default(),
            DiffFileKind::Incremental { destination: Destination::Csv },
            Lang::En,
            None,
        )
        .unwrap();
        assert_eq!(inc.file_name, "花名册-incremental.csv");
        let text = String::from_utf8(inc.bytes).unwrap();
        // Header plus joiner 003, mover 001 and changed 004.
        assert_eq!(text.trim_end().lines().count(), 4, "{text}");
        let leavers = file(&old, DiffParams::default(), DiffFileKind::Leavers, Lang::Zh, None).unwrap();
        assert_eq!(leavers.file_name, "花名册-离职名单.xlsx");
        assert_eq!(&leavers.bytes[..2], b"PK");
        let report = file(&old, DiffParams::default(), DiffFileKind::Report, Lang::Zh, None).unwrap();
        assert_eq!(report.file_name, "花名册-对比报告.xlsx");
        assert_eq!(&report.bytes[..2], b"PK");
    }

    #[test]
    fn without_a_roster_the_message_says_what_to_do() {
        forget_roster();
        let err = compare(&open(OLD), DiffParams::default()).unwrap_err();
        assert!(err.contains("roster"), "{err}");
    }

    #[test]
    fn no_shared_key_is_refused_not_guessed() {
        load_roster("姓名,部门\n张三,总部\n".as_bytes(), None).unwrap();
        assert!(compare(&open(OLD), DiffParams { key: Key::Userid, swapped: false }).is_err());
    }
}
