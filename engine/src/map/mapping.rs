//! Column → field assignment.

use super::{Field, Profile};
use serde::{Deserialize, Serialize};

/// One column of the sheet and the field it maps to (`None`: kept verbatim as an extra column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    /// 0-based column index.
    pub index: usize,
    /// The header text as read.
    pub header: String,
    pub field: Option<Field>,
}

/// How every column maps to fields, under which profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub profile: Profile,
    pub columns: Vec<ColumnMap>,
}

impl Mapping {
    /// The column mapped to `field`, if any (the first one).
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().find(|c| c.field == Some(field)).map(|c| c.index)
    }

    /// Assign `field` to column `index` (or unassign with `None`). A field maps to one column at a
    /// time, so a column that held it before is unassigned — its data is kept as an extra column.
    pub fn set(&mut self, index: usize, field: Option<Field>) {
        if let Some(f) = field {
            for c in &mut self.columns {
                if c.field == Some(f) {
                    c.field = None;
                }
            }
        }
        if let Some(c) = self.columns.iter_mut().find(|c| c.index == index) {
            c.field = field;
        }
    }
}

/// Map headers to fields under `profile`.
pub fn map_columns(headers: &[String], profile: Profile) -> Mapping {
    let _ = profile;
    let columns = headers
        .iter()
        .enumerate()
        .map(|(index, h)| ColumnMap { index, header: h.clone(), field: None })
        .collect();
    Mapping { profile, columns } // TODO(helper): synonyms
}
