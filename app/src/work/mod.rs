//! What the Web Worker does beside reading and checking, one module per view: plain functions of
//! the engine's types with no browser API, so they run and are tested natively
//! (`cargo test -p minglu-app`) while `bin/worker/` only moves bytes and messages.
//!
//! - [`check`] says which check reports the worker keeps;
//! - [`overlay`] keeps the grid and the check on the edited values while the engine's document
//!   keeps the sheet as read;
//! - [`dedup`] turns the document and its edit log into what the duplicates view and the history
//!   list show;
//! - [`export`] writes exports and decrypts;
//! - [`find`] searches, and builds the A–Z index and the org tree;
//! - [`diff`] reads the roster and reconciles it with the directory;
//! - [`warm_up`] runs the pipeline once on a generated directory when the worker starts.

pub mod check;
pub mod dedup;
pub mod diff;
pub mod export;
pub mod find;
pub mod overlay;
pub mod warm_up;
