//! The integration suite: one test crate that runs the real binary and reads its
//! outputs with real readers. Shared helpers live in `common` and `html_support`.

mod common;
mod html_support;

mod aggregate;
mod batch;
mod check;
mod clerk;
mod document;
mod docx;
mod edit;
mod edit_merge;
mod hardening;
mod html;
mod html_browser;
mod html_preview;
mod html_print;
mod import;
mod import_formats;
mod narrative;
mod ofd;
mod pagination;
mod pdf;
mod precision;
mod previous;
mod signature;
mod start;
