//! What table recognition works on and gives: the stream of cells read from the
//! published tables, and the filled rows of an official table.

use super::notes::At;
use crate::format::{TableDef, TableId};

/// One cell of the stream.
#[derive(Clone, Debug)]
pub enum Tok {
    Cell {
        text: String,
        at: At,
    },
    /// The end of a table row (only real tables know it).
    RowEnd,
}

/// What goes into one value slot of the report file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellFill {
    /// The TOML literal; `None` leaves an optional total out (computed).
    pub value: Option<String>,
    /// What was printed, when it was not a plain figure (becomes a comment).
    pub printed: Option<String>,
}

/// One row's cells, in the definition's column order.
#[derive(Clone, Debug)]
pub struct RowFill {
    pub cells: Vec<CellFill>,
    /// Where the row's label stands.
    pub at: At,
    /// Where each cell's figure was printed, when one was (same order as `cells`).
    pub cells_at: Vec<Option<At>>,
}

/// A recognised table: one entry per field of the definition.
#[derive(Clone, Debug)]
pub struct TableFill {
    pub def: &'static TableDef,
    pub rows: Vec<Option<RowFill>>,
}

/// Short name of a table in notes: 「表三」.
pub fn short_name(id: TableId) -> &'static str {
    let name = id.name();
    &name[..name.find('（').unwrap_or(name.len())]
}
