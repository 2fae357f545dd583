//! What the worker computes besides reading and checking: pure engine calls, testable natively.

pub mod find;
