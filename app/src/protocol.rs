//! The messages between the page and the reading worker: plain serde types.
//!
//! Every message is one JS object `{ json, …buffers }`: `json` is an `ArrayBuffer` holding the
//! serde_json text (UTF-8) of a [`Request`] or [`Response`], and bulk data rides beside it as
//! more `ArrayBuffer`s; all of them are *transferred*, never copied or walked cell by cell:
//!
//! | direction | message | buffers |
//! |---|---|---|
//! | page → worker | [`Request::Open`] | [`FILE`]: the file the person chose (a `File` handle, not its bytes) |
//! | worker → page | [`Response::Opened`] | [`TEXT`], [`OFFSETS`], [`KINDS`], [`ROWS`], [`UNITS`]: the packed [`Grid`](crate::grid::Grid) |
//! | worker → page | [`Response::Checked`] | [`check::ISSUES`]: the issues, a head of numbers and the texts of each ([`check::encode_issues`]) |
//! | worker → page | [`Response::ReportFile`] | [`BYTES`]: the error report file |
//! | worker → page | [`Response::Edited`] | [`dedup::GROUPS`]: the duplicate groups as `u32`s |
//!
//! Checking (issue #3) lives in [`check`]: after every request that changes what the rows are
//! (open, sheet, encoding, profile, field, language, fix, edit) the worker validates the rows and
//! answers [`Response::Checked`] last — after [`Response::Opened`], [`Response::Remapped`] or
//! [`Response::Patched`] of the same request.
//!
//! The worker keeps the chosen `File` — a handle the browser reads from disk, not a copy of its
//! bytes — so changing the sheet or the encoding reads it again without the page sending anything,
//! and neither side holds the file's bytes once it has been read (83 MB for a 1M-row workbook). Each request carries an id; the page shows only
//! the answer to its latest request.

pub mod check;
mod issue_list;
pub mod dedup;
pub mod find;
pub mod diff;
pub mod export;

use check::{CellPatch, CheckSummary, ReportFormat};
use dedup::EditState;
use minglu::edit::MarkKind;
use minglu::{Code, Edit, Field, Inspection, Lang, Profile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Names of the properties of the message object.
pub const JSON: &str = "json";
pub const BYTES: &str = "bytes";
/// A `File` (or `Blob`) beside a request: passed as a handle (structured clone), never transferred.
pub const FILE: &str = "file";
pub const TEXT: &str = "text";
pub const OFFSETS: &str = "offsets";
pub const KINDS: &str = "kinds";
pub const ROWS: &str = "rows";
pub const UNITS: &str = "units";
/// Page → worker, not a [`Request`]: `{ drawn: id }` says the page drew what request `id` sent
/// last ([`Response::Opened`], [`Response::Checked`]). A new reading waits for it before the
/// check and again before the duplicates (unless the page's helper worker finds them:
/// [`Request::Open`]'s `duplicates_aside`), so that neither takes the CPU from the page while it
/// draws (issue #7: on a two-core machine the first screen's task took 50–90 ms beside the check,
/// ~20 ms of it the page's own work). No answer; the worker ignores it when nothing waits. A bare number rather than a request: it is a signal, and a request variant
/// costs both binaries its serde code (the 1.5 MB bundle has no room).
pub const DRAWN: &str = "drawn";

/// The worker's script, relative to the page: `app/worker-loader.js`, which loads what trunk
/// writes for `data-bin="worker" data-type="worker"` (`worker.js`, `worker_bg.wasm`).
pub const WORKER_URL: &str = "./worker-loader.js";

pub type RequestId = u32;

/// Page → worker.
///
/// Externally tagged (`{"open_sample":{"id":3,…}}`), as [`Response`] is and for the same reason:
/// with the internal tag `"type"` serde buffers the message into a generic tree first, and its
/// deserializer was the worker's largest function (57 KB of wasm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Read a file; its bytes travel beside as [`BYTES`]. Forgets the previous file. `lang`: the
    /// language of the check's messages (see [`Request::SetLang`]).
    Open {
        id: RequestId,
        file_name: Option<String>,
        #[serde(default)]
        lang: Lang,
        /// The page's helper worker finds this reading's duplicates ([`crate::bridge`]): the
        /// reading worker reads and checks, leaves them out, and sends the file's bytes for the
        /// helper ([`Response::FileRead`]).
        #[serde(default, skip_serializing_if = "is_false")]
        duplicates_aside: bool,
        /// To the helper: only find the file's duplicates ([`Response::Edited`]) and keep nothing.
        #[serde(default, skip_serializing_if = "is_false")]
        duplicates_only: bool,
    },
    /// Read the built-in sample directory (generated inside the worker).
    OpenSample {
        id: RequestId,
        #[serde(default)]
        lang: Lang,
    },
    /// Read the kept file again from another sheet.
    SetSheet { id: RequestId, sheet: String },
    /// Read the kept file again in another text encoding (`None`: detect).
    SetEncoding { id: RequestId, encoding: Option<String> },
    /// Map the columns again under another profile (`None`: detect from the headers).
    SetProfile { id: RequestId, profile: Option<Profile> },
    /// Map one column (0-based) to a field, or keep it as an extra column (`None`).
    SetField { id: RequestId, column: usize, field: Option<Field> },

    // ---- checking, fixing and the error report (issue #3): see [`check`] ----
    /// Check again with messages in `lang` (the UI language changed).
    SetLang { id: RequestId, lang: Lang },
    /// Apply the current report's fixes of `codes` (`None`: every fixable issue), then check again.
    Fix { id: RequestId, codes: Option<Vec<Code>> },
    /// Apply one cell edit (typed in the grid), then check again.
    Edit { id: RequestId, edit: Edit },
    /// Build the error report ("导出错误数据") of the rows as they are now.
    ErrorReport { id: RequestId, format: ReportFormat, only_problem_rows: bool },

    // ---- duplicates, undo/redo and history (issue #4): see [`dedup`] ----
    /// Undo the last applied step of the edit log, then check again.
    Undo { id: RequestId },
    /// Redo the next undone step, then check again.
    Redo { id: RequestId },
    /// Send the duplicate groups and the log as they are ([`Response::Edited`], nothing changes).
    Duplicates { id: RequestId },
    /// The history list alone (answered like [`Request::Duplicates`]).
    History { id: RequestId },
    /// The side-by-side lines of these groups (each given by its rows, survivor first), for the
    /// cards the page shows ([`Response::GroupLines`]); sent beside the other requests.
    GroupLines { id: RequestId, groups: Vec<Vec<usize>> },
    /// Merge `rows` into `into`; `picks` choose, per field, the row whose value is kept.
    Merge {
        id: RequestId,
        into: usize,
        rows: Vec<usize>,
        #[serde(default)]
        picks: BTreeMap<Field, usize>,
    },
    /// Remember that these rows are not to be merged (keep separate / not a duplicate).
    Mark { id: RequestId, rows: Vec<usize>, kind: MarkKind },
    /// Remove rows (they go to the dropped list).
    Delete { id: RequestId, rows: Vec<usize> },
    /// The applied steps as the JSON recipe `minglu apply` replays ([`Response::ReportFile`]).
    Recipe { id: RequestId },
    // ---- finding (issue #6): see [`find`]; answers never supersede the other requests' ----
    /// Search the people for `query` (one keystroke): answered by [`Response::Found`].
    Search { id: RequestId, query: String },
    /// The A–Z index and the org tree: answered by [`Response::Overview`].
    FindOverview { id: RequestId },
    /// The sheet rows of a letter or a department: answered by [`Response::SetRows`].
    PeopleSet { id: RequestId, set: find::PeopleSet },
    // ---- reconciling the open file with a roster (issue #6): see [`diff`] ----
    /// Compare the open file with the roster; a new roster's bytes travel beside as [`BYTES`]
    /// (without them the kept roster is compared again).
    Diff { id: RequestId, roster_name: Option<String>, params: diff::DiffParams },
    /// Build a file from the comparison; it comes back as [`Response::ReportFile`].
    DiffFile { id: RequestId, params: diff::DiffParams, kind: diff::DiffFileKind, lang: Lang },
    // ---- export and decryption (issue #5): see [`export`] ----
    /// The first rows of the export as `options` would write them, and what would leave.
    ExportPreview { id: RequestId, options: minglu::export::ExportOptions },
    /// Export the people as they are now; the files come back as [`Response::ExportFiles`].
    Export { id: RequestId, options: minglu::export::ExportOptions, encryption: export::Encryption },
    /// Decrypt a Minglu container or an encrypted zip, whose bytes travel beside as [`BYTES`].
    /// The open file, if any, stays open.
    Decrypt { id: RequestId, file_name: String, password: String },
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Request {
    pub fn id(&self) -> RequestId {
        match self {
            Request::Open { id, .. }
            | Request::OpenSample { id, .. }
            | Request::SetSheet { id, .. }
            | Request::SetEncoding { id, .. }
            | Request::SetProfile { id, .. }
            | Request::SetField { id, .. }
            | Request::SetLang { id, .. }
            | Request::Fix { id, .. }
            | Request::Edit { id, .. }
            | Request::ErrorReport { id, .. }
            | Request::Undo { id }
            | Request::Redo { id }
            | Request::Duplicates { id }
            | Request::History { id }
            | Request::GroupLines { id, .. }
            | Request::Merge { id, .. }
            | Request::Mark { id, .. }
            | Request::Delete { id, .. }
            | Request::Recipe { id }
            | Request::Search { id, .. }
            | Request::FindOverview { id }
            | Request::PeopleSet { id, .. }
            | Request::Diff { id, .. }
            | Request::DiffFile { id, .. }
            | Request::ExportPreview { id, .. }
            | Request::Export { id, .. }
            | Request::Decrypt { id, .. } => *id,
        }
    }

    /// Does this request replace the whole file (rather than re-read or re-map the kept one)?
    pub fn is_open(&self) -> bool {
        matches!(self, Request::Open { .. } | Request::OpenSample { .. })
    }
}

/// Worker → page.
///
/// Externally tagged (`{"edited":{…}}`), not internally: serde reads an internally tagged enum by
/// first copying the whole message into a generic tree, which for the duplicate groups of a
/// 100k-row file was a 110 ms task on the page; with the variant's name first the body is read
/// straight into its type. (Adjacently tagged does that too, but its code made the page's wasm
/// 35 KB bigger; this form made it 12 KB smaller than the internal tag.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The worker's wasm is running and listens for requests.
    Ready,
    /// `done` of `total` units (bytes or rows, as the engine counts them) of request `id`.
    Progress { id: RequestId, done: u64, total: u64 },
    /// The reading worker read the file of request `id`, whose duplicates the helper finds: its
    /// bytes travel beside as [`BYTES`], for the page to hand to the helper, which then reads no
    /// file of its own. Comes before the reading's first progress message.
    FileRead { id: RequestId },
    /// A file was read; the packed grid of `width` columns travels beside (see the module docs).
    /// `check_follows`: its check was made before this message and comes right behind it (a
    /// reading of up to 200,000 people), so the page draws the rows with the check's marks.
    Opened {
        id: RequestId,
        summary: Summary,
        width: usize,
        #[serde(default, skip_serializing_if = "is_false")]
        check_follows: bool,
    },
    /// The mapping changed; the grid did not.
    Remapped { id: RequestId, summary: Summary },

    // ---- checking, fixing and the error report (issue #3): see [`check`] ----
    /// The rows were checked; the issues travel beside as [`check::ISSUES`]
    /// ([`check::encode_issues`] of `Vec<minglu::Issue>`, sorted by row, column, code). The last answer of every request
    /// that changes the rows.
    Checked { id: RequestId, check: CheckSummary },
    /// Cells changed by a fix or an edit (already applied in the worker), before the check.
    Patched { id: RequestId, cells: Vec<CellPatch> },
    /// The error report; its bytes travel beside as [`BYTES`].
    ReportFile { id: RequestId, file_name: String, mime: String },

    // ---- duplicates, undo/redo and history (issue #4): see [`dedup`] ----
    /// Rows came or went (a merge, a deletion, their undo): the packed grid of the current rows
    /// travels beside as in [`Response::Opened`]; the summary counts the people left.
    Regridded { id: RequestId, summary: Summary, width: usize },
    /// The edit log and the duplicates: the last answer of a change (after its check), or as asked.
    Edited { id: RequestId, state: EditState },
    /// The lines of the groups asked for that are still groups of the current rows.
    GroupLines { id: RequestId, lines: Vec<dedup::GroupLines> },
    // ---- finding (issue #6): see [`find`] ----
    Found { id: RequestId, answer: find::SearchAnswer },
    Overview { id: RequestId, overview: find::Overview },
    SetRows { id: RequestId, rows: find::SetRows },
    /// The comparison with the roster (issue #6): see [`diff`].
    Diffed { id: RequestId, view: Box<diff::DiffView> },
    // ---- export and decryption (issue #5): see [`export`] ----
    ExportPreview { id: RequestId, preview: export::ExportPreview },
    /// An export's files (the output, or the zip or container, and the manifest beside it) or a
    /// decryption's; their bytes travel beside as [`export::file_buffer`]`(i)`.
    ExportFiles { id: RequestId, files: Vec<export::FileMeta>, done: Option<export::ExportDone> },
    /// An export request failed; nothing was written.
    ExportFailed { id: RequestId, kind: export::FailureKind, message: String },

    /// The engine said no: `message` is its `Display` text, positioned
    /// (`sheet "Sheet1", row 5: …`). `id` is `None` for a worker panic.
    Failed { id: Option<RequestId>, message: String },
}

/// The stem the page's downloads are named after: the original file's name without its
/// extension (`通讯录.xlsx` → `通讯录`), or `minglu` when there is none.
pub fn file_stem(original: Option<&str>) -> &str {
    original
        .map(|n| match n.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem,
            _ => n,
        })
        .filter(|s| !s.trim().is_empty())
        .unwrap_or("minglu")
}

/// What the page shows about the file besides the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The file's name, when it had one.
    pub file_name: Option<String>,
    /// Is this the built-in sample rather than a file of the person's?
    pub is_sample: bool,
    /// The engine's summary (format, encoding, sheets, header row, people, profile, columns).
    pub inspection: Inspection,
    /// Is this a text format, whose encoding the person may override?
    pub text_format: bool,
    /// Was the encoding chosen by the person rather than detected?
    pub encoding_overridden: bool,
    /// Was the profile chosen by the person rather than detected?
    pub profile_overridden: bool,
    /// Per column: the first non-blank value among the data rows.
    pub samples: Vec<String>,
}

impl Summary {
    /// The field column `index` maps to.
    pub fn field_of(&self, index: usize) -> Option<Field> {
        self.inspection.columns.get(index).and_then(|c| c.field.as_deref()).and_then(Field::from_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_as_json() {
        let requests = [
            Request::Open {
                id: 1,
                file_name: Some("通讯录.xlsx".into()),
                lang: Lang::Zh,
                duplicates_aside: true,
                duplicates_only: false,
            },
            Request::OpenSample { id: 2, lang: Lang::En },
            Request::SetSheet { id: 3, sheet: "成员".into() },
            Request::SetEncoding { id: 4, encoding: Some("gbk".into()) },
            Request::SetProfile { id: 5, profile: Some(Profile::Dingtalk) },
            Request::SetField { id: 6, column: 2, field: Some(Field::Mobile) },
            Request::SetField { id: 7, column: 3, field: None },
            Request::SetLang { id: 8, lang: Lang::En },
            Request::Fix { id: 9, codes: Some(vec![Code::MobileFormat]) },
            Request::Fix { id: 10, codes: None },
            Request::Edit { id: 11, edit: Edit::manual(5, Field::Mobile, "1380013800", "13800138000") },
            Request::ErrorReport { id: 12, format: ReportFormat::Xlsx, only_problem_rows: true },
            Request::Search { id: 13, query: "zjl".into() },
            Request::FindOverview { id: 14 },
            Request::PeopleSet { id: 15, set: find::PeopleSet::Letter('S') },
        ];
        for (i, r) in requests.iter().enumerate() {
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(&serde_json::from_str::<Request>(&json).unwrap(), r);
            assert_eq!(r.id(), i as u32 + 1);
        }
        assert!(requests[0].is_open() && requests[1].is_open() && !requests[2].is_open());
        // An open request of an older page (no `lang`) still reads, in Chinese.
        let old: Request = serde_json::from_str(r#"{"open_sample":{"id":3}}"#).unwrap();
        assert_eq!(old, Request::OpenSample { id: 3, lang: Lang::Zh });
        let old: Request = serde_json::from_str(r#"{"open":{"id":4,"file_name":null}}"#).unwrap();
        let plain = Request::Open { id: 4, file_name: None, lang: Lang::Zh, duplicates_aside: false, duplicates_only: false };
        assert_eq!(old, plain);
    }

    #[test]
    fn responses_round_trip_as_json() {
        let summary = Summary {
            file_name: None,
            is_sample: false,
            inspection: Inspection {
                format: "csv".into(),
                encoding: Some("GBK".into()),
                sheet: None,
                sheets: vec![],
                header_row: 3,
                rows: 1500,
                profile: Profile::Wecom,
                columns: vec![minglu::ColumnSummary {
                    index: 0, header: "手机".into(), field: Some("mobile".into())
                }],
            },
            text_format: true,
            encoding_overridden: false,
            profile_overridden: false,
            samples: vec!["13800138000".into()],
        };
        assert_eq!(summary.field_of(0), Some(Field::Mobile));
        assert_eq!(summary.field_of(1), None);
        for r in [
            Response::Ready,
            Response::Progress { id: 1, done: 5, total: 10 },
            Response::FileRead { id: 1 },
            Response::Opened { id: 1, summary: summary.clone(), width: 1, check_follows: true },
            Response::Remapped { id: 2, summary },
            Response::Checked { id: 3, check: CheckSummary::default() },
            Response::Patched {
                id: 4,
                cells: vec![CellPatch { row: 5, column: 2, text: "13800138000".into(), kind: 1 }],
            },
            Response::ReportFile { id: 5, file_name: "a-错误数据.xlsx".into(), mime: ReportFormat::Xlsx.mime().into() },
            Response::Failed { id: None, message: "sheet \"Sheet1\", row 5: x".into() },
        ] {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), r);
        }
    }
}
