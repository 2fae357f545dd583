//! The page, one component per module.

pub mod app;
pub mod data_grid;
pub mod decrypt_dialog;
pub mod drop_zone;
pub mod error_report;
pub mod export_dialog;
pub mod export_parts;
pub mod issues;
pub mod mapping;
pub mod status;
pub mod summary;
pub mod top_bar;
