//! Limits checked before memory is spent: a hostile file can declare a range of a million by
//! sixteen thousand cells in a few bytes (calamine #428 tried to allocate 500 GB for a 10 MB upload).

use crate::{Error, ErrorKind, Result};

/// Size limits for reading. The defaults fit the largest real directories (a million people)
/// with room to spare, and stop files that would exhaust a browser tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of a zip-based workbook (xlsx/xlsb/ods), in bytes.
    pub max_uncompressed_bytes: u64,
    /// Most rows a sheet may have or declare.
    pub max_rows: u64,
    /// Most columns a sheet may have or declare.
    pub max_columns: u64,
    /// Most cells (rows × columns) a sheet may declare.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_uncompressed_bytes: 2 * 1024 * 1024 * 1024,
            max_rows: 2_000_000,
            max_columns: 1_000,
            max_cells: 50_000_000,
        }
    }
}

fn mib(n: u64) -> String {
    format!("{:.0} MiB", n as f64 / (1024.0 * 1024.0))
}

impl Limits {
    pub fn check_file_size(&self, len: usize) -> Result<()> {
        if len as u64 > self.max_file_bytes {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the file is {} but the limit is {}; split it or raise the limit",
                    mib(len as u64),
                    mib(self.max_file_bytes)
                ),
            ));
        }
        Ok(())
    }

    pub fn check_uncompressed(&self, total: u64) -> Result<()> {
        if total > self.max_uncompressed_bytes {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the workbook unpacks to {} but the limit is {}; it may be a zip bomb, \
                     or split it into smaller files",
                    mib(total),
                    mib(self.max_uncompressed_bytes)
                ),
            ));
        }
        Ok(())
    }

    /// Check a sheet's (declared) dimensions before reading its cells.
    pub fn check_dimensions(&self, rows: u64, columns: u64) -> Result<()> {
        if rows > self.max_rows || columns > self.max_columns || rows.saturating_mul(columns) > self.max_cells {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "the sheet declares {rows} rows × {columns} columns, over the limit of {} rows, \
                     {} columns or {} cells; remove empty formatted rows/columns in Excel or split the file",
                    self.max_rows, self.max_columns, self.max_cells
                ),
            ));
        }
        Ok(())
    }
}
