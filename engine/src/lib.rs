//! # Minglu engine
//!
//! A pure-Rust library for organization contact directories (通讯录): it runs natively (the
//! `minglu` CLI) and in the browser (wasm32, in a Web Worker) with no web dependencies.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! bytes ──read──▶ Sheet ──map──▶ Directory ──normalize/validate──▶ Report
//!                                   ├──dedup / diff / search
//!                                   └──export ──encrypt?──▶ bytes
//! ```
//!
//! - [`read`]: xlsx/xlsm (streamed by the engine), xlsb/xls/ods (calamine), csv/tsv/txt (encoding detection, delimiter
//!   sniffing), vCard → [`Sheet`]; header-row detection; size limits against hostile files.
//!   A sheet's cells live in one text (in pieces; an xlsx's shared strings included) with a table
//!   of places ([`read::Rows`]), not a heap block per cell, frozen once read: at 1M rows the
//!   difference is hundreds of MiB of wasm memory.
//! - [`map`]: canonical [`Field`]s, header synonyms, platform [`Profile`] detection → [`Mapping`].
//! - [`Directory`]: people with canonical fields ([`Fields`]: read from the sheet's frozen cells
//!   until a person changes, then in one buffer of its own), extra columns kept, source rows.
//! - [`open`]: the whole front of the pipeline in one call, with the [`Inspection`] summary.
//! - [`validate`]: every row checked the way the target platform will, issues with stable codes
//!   and fixes as [`Edit`]s; [`report`]: the error report (导出错误数据) and the fixed sheet, in the
//!   original layout.
//! - [`diff`]: reconcile two directories (roster vs export): joiners, leavers, movers, changed
//!   fields, ambiguous matches, the WeCom deletion guard, the diff report workbook.
//! - [`search`]: name / pinyin / initials / account / phone / e-mail / department search, ranked,
//!   and the A–Z surname index; [`org`]: the department tree with direct and total counts.
//!
//! ```
//! let csv = "姓名,手机,邮箱\n张三,13800138000,zhangsan@example.com\n";
//! let opened = minglu::open(csv.as_bytes(), &minglu::OpenOptions::default()).unwrap();
//! let summary = opened.inspection();
//! assert_eq!(summary.header_row, 1);
//! assert_eq!(summary.rows, 1);
//! assert_eq!(opened.directory.people[0].get(minglu::Field::Mobile), "13800138000");
//! ```

pub mod dedup;
pub mod diff;
mod directory;
pub mod encrypt;
pub mod edit;
mod error;
pub mod export;
mod inspect;
pub mod map;
pub mod normalize;
pub mod org;
pub mod read;
pub mod report;
pub mod sample;
pub mod search;
pub mod validate;

pub use directory::{compose_name, parse_departments, DeptPath, Directory, Fields, FieldsIter, Person};
pub use error::{Error, ErrorKind, Position, Result};
pub use inspect::{headers_of, open, open_with_progress, ColumnSummary, Inspection, OpenOptions, Opened};
pub use map::{detect_profile, detect_profile_with_sample, map_columns, ColumnMap, Field, Mapping, Profile};
pub use dedup::find_duplicates;
pub use edit::{EditLog, Recipe};
pub use validate::{apply_fixes, validate, validate_with, Code, Edit, Issue, Lang, Report, Severity};
pub use read::{read, read_with_progress, Cell, CellKind, Format, Limits, Progress, ReadOptions, Sheet};

/// Spreadsheet column letters for a 1-based column number: 1 → `A`, 27 → `AA`.
pub fn column_letter(column: usize) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
