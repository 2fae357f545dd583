//! The directory: people with canonical fields, extra columns kept verbatim, and the source row
//! every person came from.

use crate::map::{Field, Mapping};
use crate::read::Sheet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One person as mapped from one source row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The 1-based sheet row this person came from (as a spreadsheet shows it).
    pub source_row: usize,
    /// Canonical fields with their text, as read (not yet normalized).
    pub fields: BTreeMap<Field, String>,
    /// Department paths, each a list of segments (`公司/部门A/子部门B` → `["公司","部门A","子部门B"]`);
    /// the first is the main one.
    pub departments: Vec<Vec<String>>,
    /// Columns that map to no field: `(header, value)`, kept verbatim in column order.
    pub extra: Vec<(String, String)>,
}

impl Person {
    pub fn get(&self, field: Field) -> &str {
        self.fields.get(&field).map(String::as_str).unwrap_or("")
    }
}

/// People mapped from a sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    pub people: Vec<Person>,
    /// Headers of the extra (unmapped) columns, in order.
    pub extra_headers: Vec<String>,
}

impl Directory {
    /// Build the directory from the data rows below `header_row` (index into `sheet.rows`).
    /// Blank rows are skipped; every other row becomes a person.
    pub fn from_sheet(sheet: &Sheet, header_row: usize, mapping: &Mapping) -> Directory {
        let _ = (sheet, header_row, mapping);
        Directory::default() // TODO(helper)
    }
}
