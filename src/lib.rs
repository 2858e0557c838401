//! nianbao (年报): check and render 政府信息公开工作年度报告 in the national format.
//!
//! The pipeline is: report file (TOML) → [`report::Report`] → [`check`] findings →
//! [`document::Document`] → renderers. The official format is defined once in [`format`](mod@format).
//!
//! The library API: [`load::load`] reads and checks one report file,
//! [`build::build_report`] checks and renders one, [`batch`] finds and runs many,
//! [`aggregate`] sums many units' reports; [`edit::server`], `preview` and
//! [`start`] are the loopback servers, which share one door (`serve::admit`).
//! The command line ([`cli`]) only drives these: it alone prints and chooses
//! exit codes.

// A panic is never how a clerk learns something: outside tests, `expect` is
// allowed only in place, with the reason it cannot fail.
#![cfg_attr(not(test), deny(clippy::expect_used))]

/// The program named as the maker of every output (the PDF's and the OFD's
/// Creator, the DOCX's Application); import knows nianbao's own files by it.
pub const PRODUCER: &str = "nianbao";

pub mod aggregate;
pub mod batch;
pub mod build;
pub mod check;
pub mod cli;
pub mod diag;
pub mod document;
pub mod edit;
pub mod format;
#[allow(
    clippy::expect_used,
    reason = "constant patterns and local invariants, to be justified one by one as import is split into stages"
)]
pub mod import;
pub mod io;
pub mod load;
pub(crate) mod ooxml;
pub(crate) mod preview;
pub mod render;
pub mod report;
pub(crate) mod serve;
pub mod start;
pub(crate) mod suggest;
#[allow(
    clippy::expect_used,
    reason = "its two expects rely on callers having checked the year; to go with one Format value per version"
)]
pub(crate) mod template;
