//! Header-row detection: skip title rows, blank rows and merged banner rows above the header.

use super::Sheet;

/// The index (into `sheet.rows`) of the header row.
pub fn detect_header_row(sheet: &Sheet) -> usize {
    let _ = sheet;
    0 // TODO(helper)
}
