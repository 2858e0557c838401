//! What recognition reads and what the narrative gives back: the published
//! report's paragraphs and tables after clean-up, and its closing words.

use chrono::NaiveDate;

use super::source::{Place, SourceCell};

/// Closing words, signature and date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClosingText {
    pub text: String,
    pub signature: String,
    pub date: Option<NaiveDate>,
}

/// A paragraph or table of the source, after clean-up.
#[derive(Clone, Debug)]
pub enum Item {
    Para {
        text: String,
        at: Place,
    },
    Table {
        rows: Vec<Vec<SourceCell>>,
        at: Place,
    },
}
