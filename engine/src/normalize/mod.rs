//! Stage 3a — normalize: pure functions over one value each, one module per kind of value.
//!
//! Nothing here knows about rows or reports: each function reads a cell's text and says what it
//! is (a [`phone::Mobile`], a [`date::ParsedDate`] …) or how it should be written. The
//! [`validate`](crate::validate) stage applies them per profile and turns the answers into issues
//! with fixes.
//!
//! - [`text`]: whitespace (leading/trailing, zero-width, ideographic, NBSP) and full-width ASCII;
//! - [`phone`]: mobiles (CN, HK, MO, TW, E.164), Excel's scientific notation, per-platform style;
//! - [`telephone`]: landlines and extensions;
//! - [`email`]: pragmatic address syntax and the comparison key;
//! - [`account`]: userid rules per platform, WeChat ids;
//! - [`confusable`]: look-alike skeletons (`zhangsl@` / `zhangs1@`);
//! - [`department`]: department paths per template, forbidden characters, similarity key;
//! - [`date`]: dates as people and Excel write them;
//! - [`gender`]: gender values per platform.

pub mod account;
pub mod confusable;
pub mod date;
pub mod department;
pub mod email;
pub mod gender;
pub mod phone;
pub mod telephone;
pub mod text;

/// Every string of up to `max` characters over `chars`, the empty one first: what the tests of
/// this stage's quick paths hold them to their character-by-character counterparts over.
#[cfg(test)]
pub(crate) fn strings_over(chars: &[char], max: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..max {
        last = last.iter().flat_map(|s| chars.iter().map(move |c| format!("{s}{c}"))).collect();
        all.extend(last.iter().cloned());
    }
    all
}
