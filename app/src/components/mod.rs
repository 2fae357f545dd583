//! The page, one component per module.

pub mod app;
pub mod data_grid;
pub mod decrypt_dialog;
pub mod dedup;
pub mod diff;
pub mod diff_lists;
pub mod drop_zone;
pub mod error_report;
pub mod export_dialog;
pub mod export_parts;
pub mod find;
pub mod issues;
pub mod mapping;
pub mod org_tree;
pub mod status;
pub mod summary;
pub mod top_bar;
