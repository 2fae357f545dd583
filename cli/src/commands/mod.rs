//! The commands, one module each.

pub mod apply;
pub mod check;
pub mod convert;
pub mod decrypt;
pub mod dedup;
pub mod diff;
pub mod fix;
pub mod generate;
pub mod inspect;
pub mod load;
pub mod merge;
pub mod search;
pub mod tree;

use std::io::Write;

/// A failure to report as `minglu: <reason>` with exit code 2.
#[derive(Debug)]
pub struct Failure(pub String);

impl From<minglu::Error> for Failure {
    fn from(e: minglu::Error) -> Self {
        Failure(e.to_string())
    }
}

/// Write to stdout. A closed pipe (`minglu inspect f | head -1`) ends the program quietly
/// instead of panicking the way `print!` does.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
        std::process::exit(0);
    }
}

/// Terminal columns a string takes: CJK and full-width characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `width` terminal columns.
pub fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
