//! The held-out duplicate sheet: a generated directory (its own seed, no faults) in which some
//! people were entered a second time the ways people really do it, with the ground truth.
//!
//! Styles of second entry (taken in turn):
//! - `Phone`: the mobile written another way (`138-0013-8000`, `+86 138 0013 8000`);
//! - `NameEmail`: the name spaced or full-width-spaced (`张 三`, `张　三`) and the address in
//!   another case (`ZhangSan@…`);
//! - `NewTitle`: a new position, every other one in another department too.
//!
//! A second entry never repeats the account (the platform would have refused it): it is left
//! blank, as it is when someone is re-added by hand. Which other fields it repeats depends on the
//! style, so each style has to be found by its own signal.

#![allow(dead_code)]

use minglu::sample::{generate, to_sheet, GeneratedDirectory, Layout, SampleOptions, SampleRow};
use minglu::{headers_of, map_columns, read::detect_header_row, Cell, Directory, Profile};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Phone,
    NameEmail,
    NewTitle,
}

pub struct Heldout {
    pub directory: Directory,
    /// (original row, second entry row, style), 1-based sheet rows.
    pub truth: Vec<(usize, usize, Style)>,
    /// Sheet row → the person it is (originals and their second entries share one id).
    pub person_of: HashMap<usize, usize>,
}

/// splitmix64, as the sample generator uses: deterministic on every platform.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }
}

// Columns of minglu::sample::HEADERS.
const NAME: usize = 0;
const USERID: usize = 1;
const POSITION: usize = 3;
const DEPARTMENT: usize = 4;
const MOBILE: usize = 6;
const PERSONAL_EMAIL: usize = 8;
const CORP_EMAIL: usize = 9;
const EMPLOYEE_NO: usize = 11;
const WECHAT: usize = 13;

fn text(row: &SampleRow, c: usize) -> &str {
    &row.cells[c].text
}

fn set(row: &mut SampleRow, c: usize, v: impl Into<String>) {
    row.cells[c] = Cell::text(v.into());
}

/// `13800138000` → `138-0013-8000` or `+86 138 0013 8000`; `+85259123456` → `+852 5912 3456`.
fn restyle_mobile(m: &str, alt: bool) -> String {
    if let Some(rest) = m.strip_prefix("+852") {
        return format!("+852 {} {}", &rest[..4], &rest[4..]);
    }
    if alt {
        format!("+86 {} {} {}", &m[..3], &m[3..7], &m[7..])
    } else {
        format!("{}-{}-{}", &m[..3], &m[3..7], &m[7..])
    }
}

/// `张三` → `张 三` / `张　三` (ideographic space) after the surname.
fn respace_name(name: &str, family: &str, alt: bool) -> String {
    let given = name.strip_prefix(family).unwrap_or(name);
    format!("{family}{}{given}", if alt { "\u{3000}" } else { " " })
}

/// `zhangsan@x.com` → `ZhangSan@x.com`-like: the local part's first letter and every letter after
/// a dot upper-cased, or all of it upper-cased.
fn recase_email(e: &str, alt: bool) -> String {
    let (local, domain) = e.split_once('@').unwrap_or((e, ""));
    let local = if alt {
        local.to_uppercase()
    } else {
        let mut up = true;
        local
            .chars()
            .map(|c| {
                let out = if up { c.to_ascii_uppercase() } else { c };
                up = c == '.' || c.is_ascii_digit();
                out
            })
            .collect()
    };
    format!("{local}@{domain}")
}

/// The sheet of `base` people plus `dups` second entries, inserted at random places.
pub fn heldout(base: usize, dups: usize, seed: u64) -> Heldout {
    let g = generate(&SampleOptions { rows: base, seed, layout: Layout::Plain, faults: 0.0 });
    let mut rng = Rng::new(seed ^ 0xD0D0);
    let departments: Vec<String> = g.rows.iter().map(|r| text(r, DEPARTMENT).to_string()).collect();

    // Distinct originals; the name/e-mail style needs an address to recase.
    let mut chosen: Vec<(usize, Style)> = Vec::new();
    let styles = [Style::Phone, Style::NameEmail, Style::NewTitle];
    let mut tries = 0;
    while chosen.len() < dups && tries < 100 * dups {
        tries += 1;
        let i = rng.below(base);
        let style = styles[chosen.len() % 3];
        let has_email = !text(&g.rows[i], CORP_EMAIL).is_empty() || !text(&g.rows[i], PERSONAL_EMAIL).is_empty();
        if chosen.iter().any(|(j, _)| *j == i) || (style == Style::NameEmail && !has_email) {
            continue;
        }
        chosen.push((i, style));
    }

    // (row, person id, is second entry of style)
    let mut rows: Vec<(SampleRow, usize, Option<Style>)> =
        g.rows.iter().cloned().enumerate().map(|(i, r)| (r, i, None)).collect();
    for (n, &(i, style)) in chosen.iter().enumerate() {
        let alt = n % 2 == 1;
        let original = &g.rows[i];
        let mut second = original.clone();
        set(&mut second, USERID, "");
        set(&mut second, EMPLOYEE_NO, "");
        set(&mut second, WECHAT, "");
        match style {
            Style::Phone => {
                let m = restyle_mobile(text(original, MOBILE), alt);
                set(&mut second, MOBILE, m);
                set(&mut second, PERSONAL_EMAIL, "");
                set(&mut second, CORP_EMAIL, "");
            }
            Style::NameEmail => {
                let name = respace_name(text(original, NAME), &original.family, alt);
                set(&mut second, NAME, name);
                for c in [PERSONAL_EMAIL, CORP_EMAIL] {
                    let e = recase_email(text(original, c), alt);
                    set(&mut second, c, if text(original, c).is_empty() { String::new() } else { e });
                }
                set(&mut second, MOBILE, "");
            }
            Style::NewTitle => {
                let title = format!("高级{}", text(original, POSITION));
                set(&mut second, POSITION, title);
                if alt {
                    let other = departments[rng.below(departments.len())].clone();
                    set(&mut second, DEPARTMENT, other);
                }
                set(&mut second, PERSONAL_EMAIL, "");
            }
        }
        let at = rng.below(rows.len() + 1);
        rows.insert(at, (second, i, Some(style)));
    }

    let generated = GeneratedDirectory { rows: rows.iter().map(|(r, _, _)| r.clone()).collect(), faults: vec![], ..g };
    let sheet = to_sheet(&generated);
    let header = detect_header_row(&sheet);
    let mapping = map_columns(&headers_of(&sheet, header), Profile::Wecom);
    let directory = Directory::from_sheet(&sheet, header, &mapping);
    assert_eq!(directory.people.len(), rows.len());

    let row_of = |k: usize| generated.sheet_row(k);
    let mut person_of = HashMap::new();
    let mut first_row: HashMap<usize, usize> = HashMap::new();
    for (k, (_, id, style)) in rows.iter().enumerate() {
        person_of.insert(row_of(k), *id);
        if style.is_none() {
            first_row.insert(*id, row_of(k));
        }
    }
    let truth = rows
        .iter()
        .enumerate()
        .filter_map(|(k, (_, id, style))| style.map(|s| (first_row[id], row_of(k), s)))
        .collect();
    Heldout { directory, truth, person_of }
}
