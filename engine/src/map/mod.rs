//! Stage 2 — map: which column holds which directory field, and which platform the sheet
//! came from.
//!
//! `field` holds the canonical fields and their header synonyms (simplified Chinese, traditional
//! Chinese, English); `profile` holds the platforms' templates and detects one from the headers;
//! `mapping` assigns columns to fields and builds the [`Directory`](crate::Directory).

mod field;
mod mapping;
mod profile;

pub use field::Field;
pub use mapping::{map_columns, ColumnMap, Mapping};
pub use field::{fold_width, header_key, normalize_header, strip_hints};
pub use profile::{detect_profile, detect_profile_with_sample, Profile};
