//! The worker's pure parts (no browser API), so they run and are tested natively:
//! [`overlay`] keeps the grid and the check on the edited values while the engine's document
//! keeps the sheet as read; [`dedup`] turns the document and its edit log into what the
//! duplicates view and the history list show.

pub mod dedup;
pub mod overlay;
