//! The held-out fault injector: the kinds of the table, each written the way real sheets
//! get them wrong, recorded as ground truth `(sheet row, code)` — separately for the workbook and
//! its CSV twin, where formulas are plain values and a merged cell is an empty one.
//!
//! Every fault takes rows no other fault touched, so each expectation is about one cause. A
//! duplicate or look-alike also expects its code on the row it copies (the partner), and that
//! row is not clean either. [`Truth::restore`] keeps the clean value of every damaged cell: what a
//! person fixing the error report would type back.

use super::*;
use minglu::Code;
use std::collections::BTreeSet;

/// One injected fault.
#[derive(Debug, Clone)]
pub struct Fault {
    /// The code the workbook should get, on each of `rows`.
    pub code: Code,
    /// The code the CSV twin should get (`None`: the CSV shows a clean value).
    pub csv_code: Option<Code>,
    /// Sheet rows (1-based) that should carry the code: the damaged row, and a duplicate's partner.
    pub rows: Vec<usize>,
    /// What was done, for the failure message.
    pub what: String,
}

#[derive(Debug, Default)]
pub struct Truth {
    pub faults: Vec<Fault>,
    /// `(sheet row, column, clean text)` for every cell a fault changed.
    pub restore: Vec<(usize, usize, String)>,
}

impl Truth {
    /// Every `(row, code)` expected in the workbook (`csv = false`) or the CSV twin.
    pub fn expected(&self, csv: bool) -> Vec<(usize, Code, &str)> {
        let mut out = Vec::new();
        for f in &self.faults {
            let code = if csv { f.csv_code } else { Some(f.code) };
            if let Some(code) = code {
                out.extend(f.rows.iter().map(|&r| (r, code, f.what.as_str())));
            }
        }
        out
    }

    /// The rows that are not clean in the workbook or in the CSV twin.
    pub fn touched(&self, csv: bool) -> BTreeSet<usize> {
        self.faults.iter().filter(|f| !csv || f.csv_code.is_some()).flat_map(|f| f.rows.iter().copied()).collect()
    }
}

/// The kinds injected, with how many variants each has (a fault's variant is its index modulo).
pub const KINDS: &[Code] = &[
    Code::RequiredMissing,
    Code::ContactMissing,
    Code::UseridInvalid,
    Code::UseridDuplicate,
    Code::MobileInvalid,
    Code::MobileScientific,
    Code::MobileFormat,
    Code::MobileUnknownPrefix,
    Code::MobileDuplicate,
    Code::EmailInvalid,
    Code::EmailDuplicate,
    Code::EmailConfusable,
    Code::TelephoneInvalid,
    Code::DepartmentInvalid,
    Code::DepartmentSimilar,
    Code::GenderInvalid,
    Code::WechatInvalid,
    Code::DateInvalid,
    Code::LengthExceeded,
    Code::CellFormula,
    Code::CellMerged,
    Code::TextWhitespace,
    Code::TextFullwidth,
];

struct Injector<'b> {
    book: &'b mut Book,
    rng: Rng,
    /// Data rows no fault has touched, in random order.
    free: Vec<usize>,
    truth: Truth,
}

impl Injector<'_> {
    /// Take a free data row whose cells satisfy `want`.
    fn take(&mut self, want: impl Fn(&[TCell]) -> bool) -> usize {
        let at = self.free.iter().position(|&i| want(&self.book.rows[i])).expect("a suitable clean row is left");
        self.free.remove(at)
    }

    fn text(&self, i: usize, c: usize) -> String {
        self.book.rows[i][c].display()
    }

    /// Damage a cell, remembering its clean text once.
    fn set(&mut self, i: usize, c: usize, cell: TCell) {
        let row = sheet_row(i);
        if !self.truth.restore.iter().any(|&(r, col, _)| r == row && col == c) {
            let clean = self.text(i, c);
            self.truth.restore.push((row, c, clean));
        }
        self.book.rows[i][c] = cell;
    }

    fn fault(&mut self, code: Code, csv_code: Option<Code>, rows: &[usize], what: String) {
        self.truth.faults.push(Fault { code, csv_code, rows: rows.iter().map(|&i| sheet_row(i)).collect(), what });
    }
}

fn mainland(cells: &[TCell]) -> bool {
    let m = cells[MOBILE].display();
    !m.is_empty() && !m.starts_with('+')
}

fn has(c: usize) -> impl Fn(&[TCell]) -> bool {
    move |cells: &[TCell]| !cells[c].display().is_empty()
}

/// Excel's General format for a long number: six significant digits (`1.38001E+10`).
pub fn scientific_general(digits: &str) -> String {
    let mantissa = format!("{}.{}", &digits[..1], &digits[1..6]);
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    format!("{mantissa}E+{:02}", digits.len() - 1)
}

fn full_width(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect()
}

/// Inject `per_kind` faults of every kind in [`KINDS`] into `book`.
pub fn inject(book: &mut Book, seed: u64, per_kind: usize) -> Truth {
    let mut rng = Rng::new(seed);
    let mut free: Vec<usize> = (0..book.rows.len()).collect();
    for i in (1..free.len()).rev() {
        free.swap(i, rng.below(i + 1));
    }
    let mut inj = Injector { book, rng, free, truth: Truth::default() };
    for &code in KINDS {
        for v in 0..per_kind {
            one(&mut inj, code, v);
        }
    }
    inj.truth
}

fn one(inj: &mut Injector<'_>, code: Code, v: usize) {
    use Code::*;
    fn t(s: impl Into<String>) -> TCell {
        TCell::text(s)
    }
    match code {
        RequiredMissing => {
            let c = [NAME, DEPT, ACCOUNT][v % 3];
            let i = inj.take(|_| true);
            inj.set(i, c, TCell::Empty);
            inj.fault(code, Some(code), &[i], format!("{} emptied", COLUMNS[c]));
        }
        ContactMissing => {
            let i = inj.take(has(MOBILE));
            inj.set(i, MOBILE, TCell::Empty);
            inj.set(i, EMAIL, TCell::Empty);
            inj.fault(code, Some(code), &[i], "mobile and personal e-mail emptied".into());
        }
        UseridInvalid => {
            let i = inj.take(|_| true);
            let a = inj.text(i, ACCOUNT);
            let bad = match v % 6 {
                0 => a.replace('.', " "),
                1 => format!("_{a}"),
                2 => inj.text(i, NAME),
                3 => a.replace('.', "#"),
                4 => format!("{a}.{}", "x".repeat(64)),
                _ => format!("-{a}"),
            };
            inj.set(i, ACCOUNT, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("account {bad:?}"));
        }
        UseridDuplicate => {
            let a = inj.take(|_| true);
            let b = inj.take(|_| true);
            let acc = inj.text(a, ACCOUNT);
            // WeCom compares accounts ignoring case.
            let copy = format!("{}{}", acc[..1].to_uppercase(), &acc[1..]);
            inj.set(b, ACCOUNT, t(copy.clone()));
            inj.fault(code, Some(code), &[a, b], format!("account {copy:?} copies {acc:?}"));
        }
        MobileInvalid => {
            let i = inj.take(mainland);
            let m = inj.text(i, MOBILE);
            let bad = match v % 5 {
                0 => m[..10].to_string(),
                1 => format!("{m}{}", inj.rng.below(10)),
                2 => format!("2{}", &m[1..]),
                3 => format!("+852 {}", inj.rng.digits(7)),
                _ => format!("{}O{}", &m[..4], &m[5..]),
            };
            inj.set(i, MOBILE, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("mobile {bad:?}"));
        }
        MobileScientific => {
            let i = inj.take(mainland);
            let m = inj.text(i, MOBILE);
            let cell = if v.is_multiple_of(2) {
                // Saved to CSV and reopened: the text Excel showed.
                TCell::Text(scientific_general(&m))
            } else {
                // Reopened from that CSV and saved as xlsx: a number whose hidden digits are zeros,
                // shown in scientific format; the CSV twin gets what it shows.
                let lost = format!("{}00000", &m[..6]);
                let display = format!("{}.{}E+10", &lost[..1], &lost[1..6]);
                TCell::Number { value: lost.parse().unwrap(), format: Some("0.00000E+00"), display }
            };
            let what = format!("mobile {m} as {cell:?}");
            inj.set(i, MOBILE, cell);
            inj.fault(code, Some(code), &[i], what);
        }
        MobileFormat => {
            let i = inj.take(mainland);
            let m = inj.text(i, MOBILE);
            let bad = match v % 5 {
                0 => format!("{} {} {}", &m[..3], &m[3..7], &m[7..]),
                1 => format!("{}-{}-{}", &m[..3], &m[3..7], &m[7..]),
                2 => format!("0086 {m}"),
                3 => full_width(&m),
                _ => format!("(+86){m}"),
            };
            inj.set(i, MOBILE, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("mobile {bad:?}"));
        }
        MobileUnknownPrefix => {
            let i = inj.take(mainland);
            let m = inj.text(i, MOBILE);
            let bad = format!("{}{}", ["140", "141", "144", "154", "160", "179"][v % 6], &m[3..]);
            inj.set(i, MOBILE, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("mobile {bad:?}"));
        }
        MobileDuplicate => {
            let a = inj.take(mainland);
            let b = inj.take(has(MOBILE));
            let m = inj.text(a, MOBILE);
            inj.set(b, MOBILE, t(m.clone()));
            inj.fault(code, Some(code), &[a, b], format!("mobile {m} twice"));
        }
        EmailInvalid => {
            let i = inj.take(has(EMAIL));
            let e = inj.text(i, EMAIL);
            let (local, domain) = e.split_once('@').unwrap();
            let bad = match v % 4 {
                0 => format!("{local}@{}", domain.split('.').next().unwrap()),
                1 => e.replace('@', "."),
                2 => format!("{}@{domain}", inj.text(i, NAME)),
                _ => format!("{local}@@{domain}"),
            };
            inj.set(i, EMAIL, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("e-mail {bad:?}"));
        }
        EmailDuplicate => {
            let a = inj.take(has(EMAIL));
            let b = inj.take(|_| true);
            let e = inj.text(a, EMAIL);
            let copy = format!("{}{}", e[..1].to_uppercase(), &e[1..]);
            inj.set(b, EMAIL, t(copy.clone()));
            inj.fault(code, Some(code), &[a, b], format!("e-mail {copy:?} copies {e:?}"));
        }
        EmailConfusable => {
            let local_has = |cells: &[TCell]| {
                let e = cells[EMAIL].display();
                e.split('@').next().is_some_and(|l| l.contains(['l', 'o', 'm']))
            };
            let a = inj.take(local_has);
            let b = inj.take(|_| true);
            let e = inj.text(a, EMAIL);
            let (local, domain) = e.split_once('@').unwrap();
            let look_alike = if local.contains('l') {
                local.replacen('l', "1", 1)
            } else if local.contains('o') {
                local.replacen('o', "0", 1)
            } else {
                local.replacen('m', "rn", 1)
            };
            let bad = format!("{look_alike}@{domain}");
            inj.set(b, EMAIL, t(bad.clone()));
            inj.fault(code, Some(code), &[a, b], format!("e-mail {bad:?} looks like {e:?}"));
        }
        TelephoneInvalid => {
            let i = inj.take(|_| true);
            let d = inj.rng.digits(7);
            let bad = match v % 5 {
                0 => format!("010 6{} {}", &d[..3], &d[3..]),
                1 => format!("0755-8{d}转801"),
                2 => format!("(021)5{d}"),
                3 => format!("总机转{}", &d[..4]),
                _ => format!("010-6{d} ext 12"),
            };
            inj.set(i, PHONE, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("telephone {bad:?}"));
        }
        DepartmentInvalid => {
            let i = inj.take(|_| true);
            let d = inj.text(i, DEPT);
            let first = d.split('；').next().unwrap().to_string();
            let bad = match v % 5 {
                0 => format!("{first}*"),
                1 => first.replacen('/', "//", 1),
                2 => "星河科技/市场部:华南".to_string(),
                3 => {
                    format!("星河科技/{}", "华东区域大客户销售及解决方案交付中心第一事业部直属项目管理办公室（筹备组）")
                }
                _ => format!("{first}/"),
            };
            inj.set(i, DEPT, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("department {bad:?}"));
        }
        DepartmentSimilar => {
            let i = inj.take(|_| true);
            let bad = [
                "星河科技/研发中心/后端 组",
                "星河科技/ＨＲ共享中心",
                "星河科技/研发中心/it支持部",
                "星河科技/市场部/品牌 组",
                "星河科技/研发中心/ＱＡ测试组",
                "星河 科技/财务部",
            ][v % 6];
            inj.set(i, DEPT, t(bad));
            inj.fault(code, Some(code), &[i], format!("department {bad:?}"));
        }
        GenderInvalid => {
            let i = inj.take(|_| true);
            let bad = ["M", "F", "男性", "1", "未知", "female"][v % 6];
            inj.set(i, GENDER, t(bad));
            inj.fault(code, Some(code), &[i], format!("gender {bad:?}"));
        }
        WechatInvalid => {
            let i = inj.take(|_| true);
            let bad = match v % 5 {
                0 => format!("{}{}", 1 + inj.rng.below(9), inj.rng.digits(8)),
                1 => format!("8wx_{}", inj.rng.digits(4)),
                2 => "wx_ab".to_string(),
                3 => format!("zhang.wei{}", inj.rng.digits(2)),
                _ => format!("wx{}", inj.rng.digits(20)),
            };
            inj.set(i, WECHAT, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("WeChat id {bad:?}"));
        }
        DateInvalid => {
            let i = inj.take(|_| true);
            let bad = ["2021/13/05", "05/01/2021", "2021-02-30", "明年三月", "21-3-5", "2021.2.29"][v % 6];
            inj.set(i, JOIN_DATE, t(bad));
            inj.fault(code, Some(code), &[i], format!("join date {bad:?}"));
        }
        LengthExceeded => {
            let i = inj.take(|_| true);
            let (c, bad) = match v % 3 {
                0 => (POSITION, "负责华东区域重点客户的售前咨询、方案设计、投标组织与交付协调，".repeat(5)),
                1 => (
                    ADDRESS,
                    "上海市浦东新区张江高科技园区碧波路690号3号楼5层东区A座（近地铁2号线张江高科站1号出口）".repeat(3),
                ),
                _ => (ALIAS, "Alexander-Maximilian-Christopher-Montgomery-Worthington-the-Third".to_string()),
            };
            let what = format!("{} of {} characters", COLUMNS[c], bad.chars().count());
            inj.set(i, c, t(bad));
            inj.fault(code, Some(code), &[i], what);
        }
        CellFormula => {
            let i = inj.take(has(BIZ_EMAIL));
            // The cached value is the clean one, so the CSV twin (values only) is clean.
            let (c, formula) = match v % 4 {
                0 => (NAME, format!("=\"{}\"", inj.text(i, NAME))),
                1 => (ACCOUNT, format!("=LOWER(\"{}\")", inj.text(i, ACCOUNT))),
                2 => (BIZ_EMAIL, format!("=B{}&\"@{CORP_DOMAIN}\"", sheet_row(i))),
                _ => (EMPLOYEE_NO, format!("=\"XH\"&{}", &inj.text(i, EMPLOYEE_NO)[2..])),
            };
            let result = inj.text(i, c);
            inj.set(i, c, TCell::Formula { formula: formula.clone(), result });
            inj.fault(code, None, &[i], format!("{} as formula {formula}", COLUMNS[c]));
        }
        CellMerged => {
            // Two or three neighbours in one department, their department cells merged.
            let span = 1 + v % 2;
            let at = inj
                .free
                .iter()
                .position(|&i| (1..=span).all(|k| inj.free.contains(&(i + k)) && i + k < inj.book.rows.len()))
                .expect("free neighbours are left");
            let anchor = inj.free[at];
            let covered: Vec<usize> = (1..=span).map(|k| anchor + k).collect();
            inj.free.retain(|i| *i != anchor && !covered.contains(i));
            let dept = inj.text(anchor, DEPT);
            for &i in &covered {
                // Same department first (that is why they were merged): a clean value.
                inj.book.rows[i][DEPT] = TCell::text(dept.clone());
                inj.set(i, DEPT, TCell::Covered);
            }
            inj.book.merges.push((anchor, anchor + span, DEPT));
            inj.fault(code, Some(Code::RequiredMissing), &covered, format!("department merged over {} rows", span + 1));
        }
        TextWhitespace => {
            let i = inj.take(has(EMAIL));
            let name = inj.text(i, NAME);
            let (c, bad) = match v % 5 {
                0 => (NAME, format!("{name}  ")),
                1 => (NAME, format!(" {name}")),
                2 => (ACCOUNT, format!(" {}", inj.text(i, ACCOUNT))),
                3 => {
                    let first = name.chars().next().unwrap();
                    (NAME, format!("{first}\u{3000}{}", &name[first.len_utf8()..]))
                }
                _ => (EMAIL, format!("{} ", inj.text(i, EMAIL))),
            };
            inj.set(i, c, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("{} {bad:?}", COLUMNS[c]));
        }
        TextFullwidth => {
            let i = inj.take(has(EMAIL));
            let (c, bad) = match v % 4 {
                0 => (ACCOUNT, full_width(&inj.text(i, ACCOUNT))),
                1 => (EMAIL, inj.text(i, EMAIL).replace('@', "＠")),
                2 => (WECHAT, format!("wx{}", full_width(&inj.rng.digits(8)))),
                _ => (EMPLOYEE_NO, full_width(&inj.text(i, EMPLOYEE_NO))),
            };
            inj.set(i, c, t(bad.clone()));
            inj.fault(code, Some(code), &[i], format!("{} {bad:?}", COLUMNS[c]));
        }
        other => panic!("no injector for {other}"),
    }
}
