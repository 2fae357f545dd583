//! The reconciliation part of the protocol (issue #6): the open file is the directory ("old"),
//! a second file — the HR roster ("new") — is read and mapped in the worker beside it, and the
//! worker answers with what changed. The page only renders the lists.
//!
//! | direction | message | buffers |
//! |---|---|---|
//! | page → worker | [`Request::Diff`](super::Request::Diff) | [`BYTES`](super::BYTES): the roster, when it is new |
//! | worker → page | [`Response::Diffed`](super::Response::Diffed) | — |
//! | page → worker | [`Request::DiffFile`](super::Request::DiffFile) | — |
//! | worker → page | [`Response::ReportFile`](super::Response::ReportFile) | [`BYTES`](super::BYTES): the file |
//!
//! The worker keeps the roster (its directory), so changing the key, swapping the sides or
//! downloading never sends it again; every request compares afresh, so fixes and edits made to
//! the open file since are included.

use minglu::diff::{Ambiguity, DeletionGuard, Key};
use minglu::export::Destination;
use minglu::{Field, Inspection};
use serde::{Deserialize, Serialize};

/// What one comparison is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffParams {
    pub key: Key,
    /// `false`: the open file is old, the roster new (the usual month: HR says what should be).
    /// `true`: the roster is old, the open file new.
    pub swapped: bool,
}

impl Default for DiffParams {
    fn default() -> Self {
        DiffParams { key: Key::Auto, swapped: false }
    }
}

/// Which file to build from the last comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DiffFileKind {
    /// The incremental import (joiners and changed people only) in `destination`'s template.
    Incremental { destination: Destination },
    /// The leavers, as the old file has them (xlsx with every field).
    Leavers,
    /// The diff report workbook (sheets 概要 入职 离职 调动 变更 歧义).
    Report,
}

/// The roster as it was read: what the page shows under "detected".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterInfo {
    pub file_name: Option<String>,
    pub inspection: Inspection,
}

/// A joiner or a leaver, for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLine {
    pub id: String,
    pub name: String,
    /// The 1-based sheet row in its file.
    pub row: usize,
    /// The person's departments (`/` between levels, `;` between departments).
    pub departments: String,
}

/// A mover: main department changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveLine {
    pub id: String,
    pub name: String,
    pub from: String,
    pub to: String,
}

/// One changed field of a matched person (values as written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    pub id: String,
    pub name: String,
    pub field: Field,
    pub old: String,
    pub new: String,
}

/// The answer to a comparison: everything the view shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffView {
    pub params: DiffParams,
    pub roster: RosterInfo,
    /// People in the old and the new file.
    pub old_people: usize,
    pub new_people: usize,
    /// The keys actually used, in order.
    pub keys: Vec<Key>,
    pub joiners: Vec<PersonLine>,
    pub leavers: Vec<PersonLine>,
    pub movers: Vec<MoveLine>,
    pub changed: Vec<ChangeLine>,
    /// Matched people with at least one changed field.
    pub changed_people: usize,
    pub unchanged: usize,
    pub ambiguous: Vec<Ambiguity>,
    pub guard: DeletionGuard,
    /// Rows the incremental import holds (joiners, movers and changed people).
    pub incremental_rows: usize,
}

/// The destinations an incremental import can be written for: the platforms' templates first,
/// then plain sheets. vCards are left out: an import file, not a phone's address book.
pub const INCREMENTAL_DESTINATIONS: [Destination; 10] = [
    Destination::Wecom,
    Destination::Qiwei,
    Destination::Dingtalk,
    Destination::Feishu,
    Destination::Exmail,
    Destination::Alimail,
    Destination::Xlsx,
    Destination::Csv,
    Destination::Google,
    Destination::Outlook,
];

/// The destination whose template matches the open file's platform, else a plain xlsx.
pub fn default_destination(profile: minglu::Profile) -> Destination {
    INCREMENTAL_DESTINATIONS.into_iter().find(|d| d.profile() == Some(profile)).unwrap_or(Destination::Xlsx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use minglu::diff::Key;
    use minglu::Profile;

    #[test]
    fn file_kinds_round_trip_as_json() {
        for kind in
            [DiffFileKind::Incremental { destination: Destination::Wecom }, DiffFileKind::Leavers, DiffFileKind::Report]
        {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(serde_json::from_str::<DiffFileKind>(&json).unwrap(), kind);
        }
    }

    #[test]
    fn diff_messages_round_trip_as_json() {
        use crate::protocol::{Request, Response};
        let params = DiffParams { key: Key::Mobile, swapped: true };
        let requests = [
            Request::Diff { id: 1, roster_name: Some("花名册.csv".into()), params },
            Request::DiffFile { id: 2, params, kind: DiffFileKind::Report, lang: minglu::Lang::En },
        ];
        for (i, r) in requests.iter().enumerate() {
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(&serde_json::from_str::<Request>(&json).unwrap(), r);
            assert_eq!(r.id(), i as u32 + 1);
            assert!(!r.is_open(), "a roster does not replace the open file");
        }
        let open = |csv: &str| minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap();
        let old = open("工号,姓名\n1,张三\n2,李四\n");
        let new = open("工号,姓名\n1,张三\n");
        let changes = minglu::diff::diff(&old.directory, &new.directory, Key::Auto).unwrap();
        let roster = RosterInfo { file_name: None, inspection: new.inspection() };
        let view = crate::work::diff::view(&changes, &old.directory, &new.directory, roster, params);
        assert_eq!(view.leavers[0].name, "李四");
        let r = Response::Diffed { id: 3, view: Box::new(view) };
        assert_eq!(serde_json::from_str::<Response>(&serde_json::to_string(&r).unwrap()).unwrap(), r);
    }

    #[test]
    fn the_default_destination_follows_the_platform() {
        assert_eq!(default_destination(Profile::Wecom), Destination::Wecom);
        assert_eq!(default_destination(Profile::Dingtalk), Destination::Dingtalk);
        assert_eq!(default_destination(Profile::Generic), Destination::Xlsx);
    }
}
