//! The integration suite: one test crate that runs the real binary and reads its
//! outputs with real readers. Shared helpers live in `common` and `html_support`.

mod common;
mod html_support;
mod served;

mod aggregate;
mod batch;
mod bodies;
mod check;
mod clerk;
mod compared;
mod document;
mod docx;
mod docx_print;
mod edit;
mod edit_merge;
mod hardening;
mod html;
mod html_browser;
mod html_preview;
mod html_print;
mod html_print_tables;
mod import;
mod import_formats;
mod import_real;
mod narrative;
mod ofd;
mod pagination;
mod pdf;
mod pdf_tagged;
mod precision;
mod previous;
mod profiles;
mod signature;
mod start;
