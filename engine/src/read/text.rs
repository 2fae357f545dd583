//! Text formats: csv/tsv/txt. Encoding detection (BOM → strict UTF-8 → chardetng with a zh hint →
//! encoding_rs) and delimiter sniffing (`,` `;` tab `|` full-width `，`).

use super::{Format, Progress, ReadOptions, Sheet};
use crate::Result;

/// Text decoded from bytes, with the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding (`"UTF-8"`, `"GBK"`, `"UTF-16LE"` …).
    pub encoding: String,
    pub overridden: bool,
    /// Were there bytes that did not decode (replaced by U+FFFD)?
    pub had_errors: bool,
}

pub fn detect_encoding(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let _ = bytes;
    encoding_rs::UTF_8 // TODO(helper)
}

pub fn decode_text(bytes: &[u8], encoding: Option<&str>) -> Result<Decoded> {
    let _ = encoding;
    Ok(Decoded { text: String::from_utf8_lossy(bytes).into_owned(), encoding: "UTF-8".into(), overridden: false, had_errors: false })
}

pub(super) fn read(bytes: &[u8], format: Format, options: &ReadOptions, progress: &mut dyn FnMut(Progress)) -> Result<Sheet> {
    let _ = (bytes, format, options, progress);
    Ok(Sheet::default()) // TODO(helper)
}
