//! What the worker does, as plain functions of the engine's types: no JS here, so it is tested
//! natively (`cargo test -p minglu-app`) and the worker only moves bytes and messages.

pub mod export;
