//! Stage 3b — validate: check every row the way the target platform will, and say how to fix
//! what can be fixed.
//!
//! ```
//! use minglu::{validate, Cell, Directory, Field, Mapping, Person, Profile, Sheet};
//! use minglu::validate::{apply_fixes, Code};
//!
//! let mut person = Person { source_row: 2, ..Person::default() };
//! person.fields.insert(Field::Name, "张三".into());
//! person.fields.insert(Field::Userid, "zhangsan".into());
//! person.fields.insert(Field::Departments, "公司/研发部".into());
//! person.fields.insert(Field::Mobile, "+86 138-0013-8000".into());
//! let directory = Directory { people: vec![person], extra_headers: vec![] };
//! let mapping = Mapping { profile: Profile::Wecom, columns: vec![] };
//!
//! let report = validate::validate(&directory, &Sheet::default(), &mapping, Profile::Wecom);
//! assert_eq!(report.issues[0].code, Code::MobileFormat);
//! assert_eq!(report.issues[0].fix.as_deref(), Some("13800138000"));
//!
//! let (fixed, applied) = apply_fixes(&directory, &report, None);
//! assert_eq!(applied, 1);
//! assert_eq!(fixed.people[0].get(Field::Mobile), "13800138000");
//! ```
//!
//! Conventions:
//! - `row` is the 1-based sheet row a spreadsheet shows ([`Person::source_row`](crate::Person));
//!   for CSV, the record number with the header as 1.
//! - `column` is the 1-based column number of the cell (`None` when the issue is about a field the
//!   sheet has no column for, or about the row as a whole); [`column_letter`](crate::column_letter)
//!   turns it into `A`, `B` … for display.
//! - `field` is the canonical field (its key in JSON: `"mobile"`), `None` for unmapped columns.
//! - Checks read the cell text as the directory holds it; fixes are whole-cell values. Several
//!   fixes on one cell are cumulative: the higher [`Code::fix_rank`] already contains the lower
//!   ones (a `mobile.format` fix also drops the stray spaces `text.whitespace` reports).

mod cells;
mod code;
mod departments;
mod fix;
mod keys;
/// The check's key hash, which the diff numbers its key values by too.
pub(crate) use keys::hash;
mod row;
mod rules;
mod unique;

pub use code::{Code, Severity};
pub use fix::{
    apply_edits, apply_edits_in_place, apply_edits_to_sheet, apply_edits_to_sheet_in_place, apply_edits_to_sheet_marked,
    apply_fixes, fix_edits, Edit,
};
pub use rules::{Rules, TelephoneRule, Unit};

use crate::{Directory, Field, Mapping, Profile, Sheet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// The language of issue messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese (the default).
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn from_key(key: &str) -> Option<Lang> {
        match key.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Options for [`validate_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// The language of the messages.
    pub lang: Lang,
}

/// One problem in one cell (or row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The 1-based sheet row.
    pub row: usize,
    /// The 1-based column number, when the issue is about one cell.
    pub column: Option<usize>,
    /// The field, when the cell maps to one.
    pub field: Option<Field>,
    pub code: Code,
    pub severity: Severity,
    /// For people, in the report's language.
    pub message: String,
    /// The cell's text as read.
    pub value: String,
    /// The fixed value, for fixable issues. Never invented: only a rewrite of what is there.
    pub fix: Option<String>,
    /// For duplicates and look-alikes: the other rows involved (the first
    /// [`RELATED_ROWS_MAX`] of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_rows: Vec<usize>,
}

/// At most this many other rows are listed in [`Issue::related_rows`] (a value shared by
/// thousands of rows would otherwise make the report quadratic).
pub const RELATED_ROWS_MAX: usize = 20;

/// Counts for the report's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    /// Issues that carry a fix.
    pub fixable: usize,
    /// Rows with at least one error.
    pub rows_with_errors: usize,
    /// Issues per code id.
    pub by_code: BTreeMap<String, usize>,
}

/// The result of [`validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The profile the rows were checked against.
    pub profile: Profile,
    pub lang: Lang,
    /// Sorted by row, then column, then code.
    pub issues: Vec<Issue>,
    pub summary: Summary,
}

impl Report {
    /// The issues of one sheet row.
    pub fn for_row(&self, row: usize) -> impl Iterator<Item = &Issue> {
        let start = self.issues.partition_point(|i| i.row < row);
        self.issues[start..].iter().take_while(move |i| i.row == row)
    }

    /// Does the report have errors (the CLI exits 1)?
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

/// Check `directory` (mapped from `sheet` with `mapping`) against `profile`, messages in Chinese.
pub fn validate(directory: &Directory, sheet: &Sheet, mapping: &Mapping, profile: Profile) -> Report {
    validate_with(directory, sheet, mapping, profile, &Options::default())
}

/// [`validate`] with options (the messages' language).
pub fn validate_with(
    directory: &Directory,
    sheet: &Sheet,
    mapping: &Mapping,
    profile: Profile,
    options: &Options,
) -> Report {
    let rules = Rules::of(profile);
    let mut ctx = Ctx::new(&rules, mapping, options.lang);
    let mut keys = keys::KeyTable::new(&directory.people);
    for person in &directory.people {
        row::check_person(&mut ctx, person, sheet, &mut keys);
    }
    unique::check(&mut ctx, directory, &keys);
    cells::check(&mut ctx, directory, sheet, mapping);
    finish(ctx.issues, profile, options.lang)
}

fn finish(chunks: Vec<Vec<Issue>>, profile: Profile, lang: Lang) -> Report {
    // One list of exactly the issues found, each chunk given back as it is moved in (see
    // `Ctx::issues`).
    let mut issues = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
    for chunk in chunks {
        issues.extend(chunk);
    }
    issues.sort_by(|a, b| {
        (a.row, a.column.unwrap_or(usize::MAX), a.code, &a.field).cmp(&(
            b.row,
            b.column.unwrap_or(usize::MAX),
            b.code,
            &b.field,
        ))
    });
    let mut summary = Summary::default();
    let mut error_rows = HashSet::new();
    for i in &issues {
        match i.severity {
            Severity::Error => {
                summary.errors += 1;
                error_rows.insert(i.row);
            }
            Severity::Warning => summary.warnings += 1,
        }
        if i.fix.is_some() {
            summary.fixable += 1;
        }
        *summary.by_code.entry(i.code.as_str().to_string()).or_default() += 1;
    }
    summary.rows_with_errors = error_rows.len();
    Report { profile, lang, issues, summary }
}

/// What the checks share: the rules, the language, where each field's column is, the issues.
pub(crate) struct Ctx<'a> {
    pub rules: &'a Rules,
    pub lang: Lang,
    /// 1-based column of each mapped field.
    pub columns: [Option<usize>; Field::ALL.len()],
    /// The issues found, in chunks of [`CHUNK`]. One `Vec` grew by doubling: at 1M rows with
    /// 30 % faults (577k issues) it held room for 1M, and while it grew the old list and the new
    /// one were both in memory — 96 MiB of a wasm worker's memory, which never shrinks, where
    /// the issues take 37 MiB.
    pub issues: Vec<Vec<Issue>>,
    /// Department verdicts per distinct cell value: `[departments, main department]`.
    pub dept_cache: [FastMap<String, Rc<departments::Verdict>>; 2],
}

/// The parts of an issue the checks fill in; [`Ctx::push`] adds the column.
pub(crate) struct Found<'s> {
    pub row: usize,
    pub field: Option<Field>,
    pub code: Code,
    pub severity: Severity,
    /// In the report's language ([`say`]).
    pub message: String,
    pub value: &'s str,
    pub fix: Option<String>,
}

impl<'a> Ctx<'a> {
    fn new(rules: &'a Rules, mapping: &Mapping, lang: Lang) -> Ctx<'a> {
        let mut columns = [None; Field::ALL.len()];
        for c in &mapping.columns {
            if let Some(f) = c.field {
                columns[f as usize].get_or_insert(c.index + 1);
            }
        }
        Ctx { rules, lang, columns, issues: Vec::new(), dept_cache: Default::default() }
    }

    pub fn column(&self, field: Option<Field>) -> Option<usize> {
        field.and_then(|f| self.columns[f as usize])
    }

    /// The label of `field` in the report's language.
    pub fn label(&self, field: Field) -> &'static str {
        match self.lang {
            Lang::Zh => field.label_zh(),
            Lang::En => field.label_en(),
        }
    }

    pub fn push(&mut self, f: Found<'_>) -> &mut Issue {
        let column = self.column(f.field);
        // A message is written by `format!`, which reserves twice its literal text and
        // doubles from there: about half again of its length was spare room, ~28 MiB at 577k
        // issues. The report keeps its messages as long as the file is open.
        let mut message = f.message;
        message.shrink_to_fit();
        if self.issues.last().is_none_or(|chunk| chunk.len() == CHUNK) {
            self.issues.push(Vec::with_capacity(CHUNK));
        }
        let chunk = self.issues.last_mut().expect("a chunk with room");
        chunk.push(Issue {
            row: f.row,
            column,
            field: f.field,
            code: f.code,
            severity: f.severity,
            message,
            value: f.value.to_string(),
            fix: f.fix.map(|mut fix| {
                fix.shrink_to_fit();
                fix
            }),
            related_rows: Vec::new(),
        });
        chunk.last_mut().expect("just pushed")
    }
}

/// Issues per chunk of [`Ctx::issues`] (256 KiB in wasm).
const CHUNK: usize = 4096;

/// The message in `lang`: only that one is written (each check wrote both, and dropped one).
pub(crate) fn say(lang: Lang, zh: impl FnOnce() -> String, en: impl FnOnce() -> String) -> String {
    match lang {
        Lang::Zh => zh(),
        Lang::En => en(),
    }
}

/// Rows as people read them in a message: `第 3、5、9 行` / `rows 3, 5, 9`, with "and N more".
pub(crate) fn rows_text(rows: &[usize], total: usize, lang: Lang) -> String {
    const SHOWN: usize = 5;
    let list: Vec<String> = rows.iter().take(SHOWN).map(usize::to_string).collect();
    let more = total.saturating_sub(list.len());
    match lang {
        Lang::Zh => {
            let mut s = format!("第 {} 行", list.join("、"));
            if more > 0 {
                s.push_str(&format!("等（另有 {more} 行）"));
            }
            s
        }
        Lang::En => {
            let mut s = format!("row{} {}", if total > 1 { "s" } else { "" }, list.join(", "));
            if more > 0 {
                s.push_str(&format!(" and {more} more"));
            }
            s
        }
    }
}

/// A hash map with a fast, non-cryptographic hasher (the Fx hash of rustc): the uniqueness checks
/// hash every row's keys several times, and SipHash's protection against hash flooding buys nothing
/// for a file the user checks on their own machine.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(n as u64);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weak; the table indexes by them.
        self.hash.rotate_left(26)
    }
}
