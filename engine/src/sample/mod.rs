//! A generated, realistic sample directory (with a few deliberate problems) so a newcomer sees the
//! product without a file; also the generator behind tests, the e2e fixtures and benchmarks.
//!
//! Generation is deterministic: the same [`SampleOptions`] give the same people and the same
//! file bytes on every platform (a tiny splitmix64 generator, no clock, no system randomness), so
//! tests can compare files and benchmarks can be regenerated instead of committed.
//!
//! ```
//! use minglu::sample::{generate, to_sheet, Layout, SampleOptions};
//! let g = generate(&SampleOptions { rows: 20, seed: 7, layout: Layout::Wecom, faults: 0.0 });
//! assert_eq!(g.header_row(), 3);
//! let sheet = to_sheet(&g);
//! assert_eq!(sheet.cell_text(2, 0), "姓名");
//! ```
//!
//! # Deliberate faults
//!
//! With `faults = r`, `round(r × rows)` rows (at least one when `r > 0`) get one problem each, the
//! kinds taken in turn from [`FaultKind::ALL`] so even a few faults show every kind. Every fault
//! is listed in [`GeneratedDirectory::faults`] with its sheet row, so tests can check that the
//! validators find them all. The row count never changes: a duplicate overwrites a row with a
//! copy of another.

mod names;
mod write;

pub use write::{to_csv, to_vcard, to_xlsx, CsvEncoding};

use crate::read::{Cell, CellKind, MergedRange, Sheet};
use names::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Where the header sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// The WeCom admin template: a merged title row 1 (`通讯录批量导入模板（请勿修改表头）`), a blank
    /// row 2, the header on row 3; several departments joined by a full-width `；`.
    Wecom,
    /// The header on row 1; several departments joined by `;`.
    Plain,
}

impl Layout {
    pub fn from_key(key: &str) -> Option<Layout> {
        match key.trim().to_ascii_lowercase().as_str() {
            "wecom" => Some(Layout::Wecom),
            "plain" => Some(Layout::Plain),
            _ => None,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SampleOptions {
    /// Number of people (data rows).
    pub rows: usize,
    pub seed: u64,
    pub layout: Layout,
    /// Share of rows, 0.0–1.0, that get one deliberate problem (see the module docs).
    pub faults: f64,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions { rows: 200, seed: 1, layout: Layout::Wecom, faults: 0.0 }
    }
}

/// A kind of deliberate problem, the way real exports go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// The row is a copy of another person's row (same account, mobile, email).
    DuplicatePerson,
    /// The mobile was shown by Excel in scientific notation and saved that way, as text
    /// (`1.38001E+10`): its digits are lost.
    MobileScientific,
    /// The WeChat id is all digits (a QQ number pasted in); WeChat ids never are.
    DigitWechatId,
    /// The name cell is empty.
    MissingName,
    /// The name has trailing spaces (`张三  `).
    TrailingSpace,
    /// The mobile is typed with full-width digits (`１３８００１３８０００`).
    FullWidthMobile,
    /// The employee number was stored as a number, so `000123` became `123`.
    LostLeadingZeros,
}

impl FaultKind {
    pub const ALL: [FaultKind; 7] = [
        FaultKind::DuplicatePerson,
        FaultKind::MobileScientific,
        FaultKind::DigitWechatId,
        FaultKind::MissingName,
        FaultKind::TrailingSpace,
        FaultKind::FullWidthMobile,
        FaultKind::LostLeadingZeros,
    ];
}

/// One injected problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// 1-based sheet row, as a spreadsheet shows it.
    pub row: usize,
    pub kind: FaultKind,
    /// The header of the damaged column (`None` for a duplicate: the whole row).
    pub column: Option<String>,
    /// For a duplicate: the sheet row it copies.
    pub duplicate_of: Option<usize>,
}

/// One generated person as a row of cells (aligned with [`GeneratedDirectory::headers`]), with
/// the family and given names kept apart for vCard's `N`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleRow {
    pub family: String,
    pub given: String,
    pub cells: Vec<Cell>,
}

/// A generated directory: headers, rows and the faults injected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedDirectory {
    pub layout: Layout,
    /// The merged title above the header (WeCom layout), if any.
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<SampleRow>,
    pub faults: Vec<Fault>,
}

/// The sheet name the writers use.
pub const SHEET_NAME: &str = "通讯录";
/// The WeCom template's title row.
pub const WECOM_TITLE: &str = "通讯录批量导入模板（请勿修改表头）";

/// The WeCom admin template's columns (姓名 … 地址), then custom fields (工号, 入职日期, 微信号) the
/// way companies add them after the standard ones.
pub const HEADERS: [&str; 14] = [
    "姓名", "帐号", "别名", "职务", "部门", "性别", "手机", "座机", "个人邮箱", "企业邮箱", "地址", "工号", "入职日期",
    "微信号",
];
const C_NAME: usize = 0;
const C_MOBILE: usize = 6;
const C_EMPLOYEE_NO: usize = 11;
const C_WECHAT: usize = 13;

impl GeneratedDirectory {
    /// 1-based sheet row of the header (3 for the WeCom layout, 1 for plain).
    pub fn header_row(&self) -> usize {
        match self.layout {
            Layout::Wecom => 3,
            Layout::Plain => 1,
        }
    }
    /// 1-based sheet row of `rows[index]`.
    pub fn sheet_row(&self, index: usize) -> usize {
        self.header_row() + 1 + index
    }
    /// Index of the column with this header.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == header)
    }
    /// The separator between several departments in this layout.
    fn department_separator(&self) -> &'static str {
        match self.layout {
            Layout::Wecom => "；",
            Layout::Plain => ";",
        }
    }
}

/// splitmix64 (Steele, Lea & Flood 2014): tiny, fast, and good enough for sample data; written
/// out so the engine needs no `rand` and generates the same people on every platform.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`), by multiply-shift (no modulo bias worth mentioning).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        unit < p
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// `len` random decimal digits.
    fn digits(&mut self, len: usize) -> String {
        (0..len).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

fn pick_weighted<'a, T>(rng: &mut SplitMix64, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut x = rng.below(total as usize) as u32;
    for item in items {
        let w = weight(item);
        if x < w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1]
}

/// Generate a directory.
pub fn generate(options: &SampleOptions) -> GeneratedDirectory {
    let mut rng = SplitMix64::new(options.seed);
    let mut g = GeneratedDirectory {
        layout: options.layout,
        title: (options.layout == Layout::Wecom).then(|| WECOM_TITLE.to_string()),
        headers: HEADERS.iter().map(|h| h.to_string()).collect(),
        rows: Vec::with_capacity(options.rows),
        faults: Vec::new(),
    };
    let mut used = Used::default();
    let mut employee_no = 100 + rng.below(900);
    for _ in 0..options.rows {
        employee_no += 1 + rng.below(3);
        let row = person(&mut rng, &g, &mut used, employee_no);
        g.rows.push(row);
    }
    inject_faults(&mut rng, &mut g, options.faults);
    g
}

fn text(s: impl Into<String>) -> Cell {
    Cell::text(s)
}

/// Values already given to someone: accounts, mobiles and personal e-mails are unique in a real
/// directory, and a clean generated row must check clean (two namesakes' `zhang.jia@` would be
/// an `email.duplicate` nobody injected).
#[derive(Default)]
struct Used {
    ids: HashSet<String>,
    mobiles: HashSet<String>,
    emails: HashSet<String>,
}

fn person(
    rng: &mut SplitMix64,
    g: &GeneratedDirectory,
    used: &mut Used,
    employee_no: usize,
) -> SampleRow {
    let male = rng.chance(0.52);
    let &(family, family_py, _) = pick_weighted(rng, SURNAMES, |s| s.2);
    let pool = if male { GIVEN_MALE } else { GIVEN_FEMALE };
    let mut given = String::new();
    let mut given_py = String::new();
    // Most names have a two-character given name; single-character ones are common too.
    for _ in 0..if rng.chance(0.7) { 2 } else { 1 } {
        let &(c, py) = if rng.chance(0.6) { rng.pick(pool) } else { rng.pick(GIVEN_ANY) };
        given.push_str(c);
        given_py.push_str(py);
    }
    let base = format!("{family_py}{given_py}");
    let mut userid = base.clone();
    let mut n = 2;
    while !used.ids.insert(userid.clone()) {
        userid = format!("{base}{n}");
        n += 1;
    }

    let &(dept, _, positions) = pick_weighted(rng, DEPARTMENTS, |d| d.1);
    let mut departments = dept.to_string();
    if rng.chance(0.08) {
        let &(second, _, _) = rng.pick(DEPARTMENTS);
        if second != dept {
            departments = format!("{dept}{}{second}", g.department_separator());
        }
    }
    let hk = dept.contains("香港");

    let mobile = loop {
        let m = if hk || rng.chance(0.02) {
            format!("+852{}{}", rng.pick(&["5", "6", "9"]), rng.digits(7))
        } else {
            format!("{}{}", rng.pick(MOBILE_PREFIXES), rng.digits(8))
        };
        if used.mobiles.insert(m.clone()) {
            break m;
        }
    };
    // Real exports hold mobiles mostly as text, some as numbers (typed into a General column).
    let mobile_cell = if !mobile.starts_with('+') && rng.chance(0.15) {
        Cell::new(mobile, CellKind::Number)
    } else {
        text(mobile)
    };

    let &(area, address) = rng.pick(OFFICES);
    let telephone = if rng.chance(0.35) {
        let len = if area.len() == 3 { 8 } else { 8 - rng.below(2) };
        format!("{area}-{}{}", 5 + rng.below(4), rng.digits(len - 1))
    } else {
        String::new()
    };
    let alias = if rng.chance(0.25) {
        rng.pick(if male { ALIAS_MALE } else { ALIAS_FEMALE }).to_string()
    } else {
        String::new()
    };
    let personal_email = if rng.chance(0.55) {
        let local = match rng.below(3) {
            0 => userid.clone(),
            1 => format!("{family_py}.{given_py}"),
            _ => format!("{userid}{}", 1975 + rng.below(30)),
        };
        let domain = rng.pick(PERSONAL_DOMAINS);
        // Namesakes share `family.given`: fall back to the (unique) account, then to the account
        // and the (unique) employee number. No extra draws, so the rest of the sample is unchanged.
        [format!("{local}@{domain}"), format!("{userid}@{domain}"), format!("{userid}.{employee_no}@{domain}")]
            .into_iter()
            .find(|e| used.emails.insert(e.clone()))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let enterprise_email = if rng.chance(0.7) { format!("{userid}@{CORP_DOMAIN}") } else { String::new() };
    let address = if rng.chance(0.3) { address.to_string() } else { String::new() };
    let year = 2010 + rng.below(16);
    let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
    let date = format!("{year:04}-{month:02}-{day:02}");
    // Dates: mostly typed as text, some real date cells, as exports mix both.
    let join_date = if rng.chance(0.3) { Cell::new(date, CellKind::Date) } else { text(date) };
    let wechat = if rng.chance(0.45) {
        match rng.below(3) {
            // WeChat ids are 6–20 characters: a long account is cut to leave room for the digits,
            // and a short `li_an` gets the employee number (unique) appended.
            0 => {
                let len = 2 + rng.below(3);
                let digits = rng.digits(len);
                format!("{}{digits}", &userid[..userid.len().min(20 - len)])
            }
            1 => {
                let id = format!("{family_py}_{given_py}");
                if id.len() < 6 {
                    format!("{id}{employee_no}")
                } else {
                    id
                }
            }
            _ => format!("wx{}{}", &family_py[..1], rng.digits(8)),
        }
    } else {
        String::new()
    };

    let cells = vec![
        text(format!("{family}{given}")),
        text(userid),
        text(alias),
        text(*rng.pick(positions)),
        text(departments),
        text(if male { "男" } else { "女" }),
        mobile_cell,
        text(telephone),
        text(personal_email),
        text(enterprise_email),
        text(address),
        text(format!("{employee_no:06}")),
        join_date,
        text(wechat),
    ];
    SampleRow { family: family.to_string(), given, cells }
}

/// Excel's General format for a long number in a narrow column: six significant digits
/// (`13800138000` → `1.38001E+10`).
fn scientific(digits: &str) -> String {
    let exp = digits.len().saturating_sub(1);
    let value: f64 = digits.parse().unwrap_or(0.0);
    let mantissa = value / 10f64.powi(exp as i32);
    let m = format!("{mantissa:.5}");
    let m = m.trim_end_matches('0').trim_end_matches('.');
    format!("{m}E+{exp:02}")
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c })
        .collect()
}

fn inject_faults(rng: &mut SplitMix64, g: &mut GeneratedDirectory, rate: f64) {
    let n = g.rows.len();
    // `rate.is_nan()` too: a NaN rate means no faults, not a panic in `clamp`.
    if n == 0 || rate.is_nan() || rate <= 0.0 {
        return;
    }
    let count = ((rate.min(1.0) * n as f64).round() as usize).clamp(1, n);
    // Partial Fisher–Yates: `count` distinct rows, in random order.
    let mut order: Vec<usize> = (0..n).collect();
    for i in 0..count {
        let j = i + rng.below(n - i);
        order.swap(i, j);
    }
    let chosen: HashSet<usize> = order[..count].iter().copied().collect();
    let clean: Vec<usize> = (0..n).filter(|i| !chosen.contains(i)).collect();
    let mut kinds = FaultKind::ALL.iter().copied().cycle();
    for &i in &order[..count] {
        let mut kind = kinds.next().unwrap_or(FaultKind::MissingName);
        // A duplicate needs an untouched row to copy; a mobile fault needs a mainland mobile.
        let mainland = !g.rows[i].cells[C_MOBILE].text.starts_with('+');
        while (kind == FaultKind::DuplicatePerson && clean.is_empty())
            || (matches!(kind, FaultKind::MobileScientific | FaultKind::FullWidthMobile) && !mainland)
        {
            kind = kinds.next().unwrap_or(FaultKind::MissingName);
        }
        let header = |c: usize| Some(HEADERS[c].to_string());
        let mut fault = Fault { row: g.sheet_row(i), kind, column: None, duplicate_of: None };
        if kind == FaultKind::DuplicatePerson {
            let j = *rng.pick(&clean);
            g.rows[i] = g.rows[j].clone();
            fault.duplicate_of = Some(g.sheet_row(j));
            g.faults.push(fault);
            continue;
        }
        let row = &mut g.rows[i];
        match kind {
            FaultKind::DuplicatePerson => {}
            FaultKind::MobileScientific => {
                let digits = row.cells[C_MOBILE].text.clone();
                row.cells[C_MOBILE] = text(scientific(&digits));
                fault.column = header(C_MOBILE);
            }
            FaultKind::FullWidthMobile => {
                let digits = row.cells[C_MOBILE].text.clone();
                row.cells[C_MOBILE] = text(full_width(&digits));
                fault.column = header(C_MOBILE);
            }
            FaultKind::DigitWechatId => {
                let (first, len) = (1 + rng.below(9), 7 + rng.below(3));
                let qq = format!("{first}{}", rng.digits(len));
                row.cells[C_WECHAT] = text(qq);
                fault.column = header(C_WECHAT);
            }
            FaultKind::MissingName => {
                row.cells[C_NAME] = Cell::default();
                fault.column = header(C_NAME);
            }
            FaultKind::TrailingSpace => {
                let name = format!("{}  ", row.cells[C_NAME].text);
                row.cells[C_NAME] = text(name);
                fault.column = header(C_NAME);
            }
            FaultKind::LostLeadingZeros => {
                let stripped = row.cells[C_EMPLOYEE_NO].text.trim_start_matches('0').to_string();
                row.cells[C_EMPLOYEE_NO] = Cell::new(stripped, CellKind::Number);
                fault.column = header(C_EMPLOYEE_NO);
            }
        }
        g.faults.push(fault);
    }
    g.faults.sort_by_key(|f| f.row);
}

/// The sheet a reader would produce from [`to_xlsx`]'s output, built directly: for testing the
/// mapping stages (and benchmarking them) without reading a file.
pub fn to_sheet(g: &GeneratedDirectory) -> Sheet {
    let width = g.headers.len();
    let mut rows = Vec::new();
    let mut merged = Vec::new();
    if let Some(title) = &g.title {
        // The title's value sits in A1; the cells it covers are empty and flagged merged.
        let mut title_row = vec![Cell::new("", CellKind::Merged); width];
        title_row[0] = text(title.clone());
        rows.push(title_row);
        rows.push(Vec::new());
        merged.push(MergedRange { first_row: 0, first_col: 0, last_row: 0, last_col: width.saturating_sub(1) });
    }
    rows.push(g.headers.iter().map(|h| text(h.clone())).collect());
    rows.extend(g.rows.iter().map(|r| r.cells.clone()));
    Sheet {
        sheet_name: Some(SHEET_NAME.to_string()),
        sheets: vec![SHEET_NAME.to_string()],
        rows: rows.into(),
        merged,
        ..Sheet::default()
    }
}

/// What the app's "try with sample data" button loads: 200 people in the WeCom template layout,
/// with a handful of deliberate faults (one of each kind, and one more).
pub fn sample_xlsx() -> Vec<u8> {
    let g = generate(&SampleOptions { rows: 200, seed: 20_251_123, layout: Layout::Wecom, faults: 0.04 });
    // Fixed, valid input (200 rows, known headers): writing cannot fail, and a test covers it.
    to_xlsx(&g).expect("the built-in sample is a valid workbook")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // First outputs for seed 1234567 from the reference C implementation (Vigna).
        let mut r = SplitMix64::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
    }

    #[test]
    fn scientific_matches_excel_general() {
        assert_eq!(scientific("13800138000"), "1.38001E+10");
        assert_eq!(scientific("15000000000"), "1.5E+10");
        assert_eq!(full_width("138"), "１３８");
    }

    #[test]
    fn faults_cover_every_kind_and_keep_the_row_count() {
        let g = generate(&SampleOptions { rows: 100, seed: 3, layout: Layout::Plain, faults: 0.07 });
        assert_eq!(g.rows.len(), 100);
        assert_eq!(g.faults.len(), 7);
        for k in FaultKind::ALL {
            assert!(g.faults.iter().any(|f| f.kind == k), "{k:?} missing");
        }
    }
}
