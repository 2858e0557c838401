//! nianbao (年报): check and render 政府信息公开工作年度报告 in the national format.
//!
//! The pipeline is: report file (TOML) → [`report::Report`] → [`check`] findings →
//! [`document::Document`] → renderers. The official format is defined once in [`format`].

pub mod aggregate;
pub mod batch;
pub mod build;
pub mod check;
pub mod cli;
pub mod diag;
pub mod document;
pub mod edit;
pub mod format;
pub mod import;
pub mod io;
pub mod load;
pub mod render;
pub mod report;
pub mod serve;
pub mod suggest;
pub mod template;
