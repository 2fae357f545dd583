//! Work the Web Worker does beside reading and checking: one module per view, pure functions
//! over the engine that `bin/worker.rs` dispatches to.

pub mod diff;
