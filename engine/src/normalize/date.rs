//! Dates in join-date and birthday columns.
//!
//! Accepted as written: ISO `2024-01-05` (and `2024-1-5`), `2024/1/5`, `2024.1.5`,
//! `2024年1月5日`, an ISO date-time (what the readers write for a date cell: `2024-01-05T00:00:00`
//! or `2024-01-05 09:30:00`), and `20240105`. Rejected: day-first or month-first forms such as
//! `05/01/2024` (ambiguous: 5 January or 1 May?), two-digit years, impossible days.
//!
//! An Excel serial number (`45296`) is what a date becomes when its cell lost the date format; it
//! is read only when asked ([`parse_date`]'s `serial`), as a value to rewrite as ISO, because a
//! platform would take it literally.

use super::text::{clean_whitespace, fold_width};
use serde::{Deserialize, Serialize};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let ok =
            (1900..=2100).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// `2024-01-05`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date of an Excel serial number in the 1900 date system (1 = 1900-01-01; Excel's
    /// phantom 1900-02-29 is serial 60, so serials from 61 on are shifted by one day).
    pub fn from_excel_serial(serial: u32) -> Option<Date> {
        if serial == 0 || serial == 60 || serial > 73050 {
            return None;
        }
        // Days since 1899-12-31 (serial 1 = 1900-01-01), corrected for the phantom day.
        let mut days = if serial > 60 { serial - 1 } else { serial };
        let mut year = 1900u16;
        loop {
            let len = if is_leap(year) { 366 } else { 365 };
            if days <= len {
                break;
            }
            days -= len;
            year += 1;
        }
        let mut month = 1u8;
        loop {
            let len = days_in_month(year, month) as u32;
            if days <= len {
                break;
            }
            days -= len;
            month += 1;
        }
        Date::new(year, month, days as u8)
    }
}

fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// How a date cell was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParsedDate {
    /// A date in one of the accepted forms.
    Written(Date),
    /// An Excel serial number (only when `serial` was allowed).
    Serial(Date),
}

/// Parse a date cell; `None` when it is not a date. `serial`: also read a bare number
/// 1–73050 (1900-01-01 … 2099-12-31) as an Excel serial.
pub fn parse_date(raw: &str, serial: bool) -> Option<ParsedDate> {
    let cleaned = clean_whitespace(raw);
    let folded = fold_width(&cleaned);
    let s = folded.trim();
    if s.is_empty() {
        return None;
    }
    // Drop a time part: `2024-01-05T09:30:00`, `2024-01-05 09:30`.
    // (A byte search: both are ASCII, so a match is a character boundary.)
    let date_part = s.as_bytes().iter().position(|&b| b == b'T' || b == b' ').map_or(s, |end| &s[..end]);
    if date_part.bytes().all(|b| b.is_ascii_digit()) {
        if date_part.len() == 8 && date_part.starts_with(['1', '2']) {
            let y = date_part[..4].parse().ok()?;
            let m = date_part[4..6].parse().ok()?;
            let d = date_part[6..].parse().ok()?;
            return Date::new(y, m, d).map(ParsedDate::Written);
        }
        if serial && date_part.len() <= 5 && date_part == s {
            return date_part.parse().ok().and_then(Date::from_excel_serial).map(ParsedDate::Serial);
        }
        return None;
    }
    // `2024年1月5日` → `2024-1-5`. An ASCII date (`2024-01-05`, the usual one) is split as it
    // is: building the unified copy decoded and pushed it character by character.
    let unified: String;
    let parts = if date_part.is_ascii() {
        three(date_part.split(['/', '.', '-']))
    } else {
        unified = date_part
            .trim_end_matches('日')
            .trim_end_matches('号')
            .chars()
            .map(|c| if matches!(c, '年' | '月' | '/' | '.' | '-') { '-' } else { c })
            .collect();
        three(unified.split('-'))
    };
    let [y, m, d] = parts?;
    let digits = |p: &str, max: usize| !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).map(ParsedDate::Written)
}

/// The three items of `parts`, or `None` when there are more or fewer.
fn three<'a>(mut parts: impl Iterator<Item = &'a str>) -> Option<[&'a str; 3]> {
    let found = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(s: &str) -> Date {
        match parse_date(s, false) {
            Some(ParsedDate::Written(d)) => d,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn accepted_forms() {
        let d = Date { year: 2024, month: 1, day: 5 };
        for s in [
            "2024-01-05",
            "2024-1-5",
            "2024/1/5",
            "2024.01.05",
            "2024年1月5日",
            "2024-01-05T00:00:00",
            "20240105",
            "２０２４/１/５",
        ] {
            assert_eq!(written(s), d, "{s}");
        }
    }

    #[test]
    fn rejected_forms() {
        for s in ["05/01/2024", "24-1-5", "2024-02-30", "2023-02-29", "2024-13-01", "明年", "2024", "45296", "2024-01"]
        {
            assert_eq!(parse_date(s, false), None, "{s}");
        }
        assert_eq!(written("2024-02-29").iso(), "2024-02-29");
    }

    #[test]
    fn excel_serials() {
        assert_eq!(Date::from_excel_serial(1).unwrap().iso(), "1900-01-01");
        assert_eq!(Date::from_excel_serial(59).unwrap().iso(), "1900-02-28");
        assert_eq!(Date::from_excel_serial(61).unwrap().iso(), "1900-03-01");
        assert_eq!(Date::from_excel_serial(45296).unwrap().iso(), "2024-01-05");
        assert_eq!(Date::from_excel_serial(60), None);
        assert_eq!(parse_date("45296", true), Some(ParsedDate::Serial(Date { year: 2024, month: 1, day: 5 })));
    }
}
