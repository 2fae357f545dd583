//! vCard 2.1/3.0/4.0 → a sheet with one row per card, in the same directory model.

use super::{ReadOptions, Sheet};
use crate::Result;

pub(super) fn read(bytes: &[u8], options: &ReadOptions) -> Result<Sheet> {
    let _ = (bytes, options);
    Ok(Sheet::default()) // TODO(helper)
}
