//! Stage 1 — read: bytes → [`Sheet`].
//!
//! One module per family of formats, as calamine does: `workbook` (picks the sheet; xlsb/xls/ods
//! through calamine), `xlsx` (xlsx/xlsm, streamed by this crate: the bulk of real directories, and
//! the read the speed bar is about), `text` (csv/tsv/txt with encoding detection and delimiter
//! sniffing), `vcard` (2.1/3.0/4.0). `header` finds the header row below title and banner rows.

mod cell_text;
mod cells;
mod header;
mod limits;
mod plain_lines;
mod rows;
mod sheet;
mod text;
mod vcard;
mod workbook;
mod xls_guard;
mod xlsx;
mod zip_guard;

pub use header::detect_header_row;
pub use limits::Limits;
pub(crate) use rows::Frozen;
pub use rows::{CellRef, Row, Rows};
pub use sheet::{Cell, CellKind, Format, MergedRange, Sheet};
pub use text::{decode_text, detect_encoding, Decoded};

use crate::{Error, ErrorKind, Result};

/// How to read a file. Everything is optional: by default the format is sniffed from the bytes
/// (and the file name, when given), the first sheet is taken and the encoding is detected.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ReadOptions {
    /// The file's name, used as a hint for the format (`.csv`, `.xls` …).
    pub file_name: Option<String>,
    /// Which sheet of a workbook to read; the first one when `None`.
    pub sheet: Option<String>,
    /// Override the detected text encoding (`"gbk"`, `"utf-8"`, any WHATWG label).
    pub encoding: Option<String>,
    /// Size limits checked before memory is spent.
    #[serde(default)]
    pub limits: Limits,
}

/// Progress of a long read, for a progress bar: `done` of `total` units (bytes or rows).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Read a file from its bytes. See [`read_with_progress`].
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Sheet> {
    read_with_progress(bytes, options, &mut |_| {})
}

/// Read a file from its bytes, calling `progress` now and then during long reads.
pub fn read_with_progress(
    bytes: &[u8],
    options: &ReadOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Sheet> {
    options.limits.check_file_size(bytes.len())?;
    let format = Format::sniff(bytes, options.file_name.as_deref()).ok_or_else(|| {
        Error::new(
            ErrorKind::UnknownFormat,
            "this file is not a spreadsheet, CSV or vCard Minglu can read \
             (xlsx, xlsm, xlsb, xls, ods, csv, tsv, txt, vcf)",
        )
    })?;
    let mut sheet = match format {
        Format::Xlsx | Format::Xlsm | Format::Xlsb | Format::Xls | Format::Ods => {
            workbook::read(bytes, format, options, progress)
        }
        Format::Csv | Format::Tsv | Format::Txt => text::read(bytes, format, options, progress),
        Format::Vcard => vcard::read(bytes, options),
    }?;
    // The cells as read, shared from now on with the people mapped from them (see `Rows::freeze`).
    sheet.rows.freeze();
    Ok(sheet)
}
