//! Many report files at once: finding them, working on all cores, summing up.

pub mod run;
pub mod summary;
pub mod walk;

pub use run::for_each;
pub use summary::{FileResult, STRICT_NOTE, Status, Totals, sort_worst_first};
pub use walk::{Input, accepted_extensions, collect};
