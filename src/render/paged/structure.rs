//! The logical structure the laid-out items come from: the report's title,
//! headings, paragraphs, tables (rows, header and data cells with their spans
//! and headers) and the 落款, in reading order. Every text item on a page
//! names the node it belongs to (`Mark`); page numbers and table rules belong
//! to none (artifacts). A tagged PDF writes this tree as its structure tree.

use crate::document::{CellRole, Table};

/// Index of a node in `Structure::nodes`.
pub(crate) type NodeId = usize;

/// What a text item on a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Content of a node, read in page order.
    Node(NodeId),
    /// A copy of a node's content that pagination repeats (the header rows
    /// and a merged label on the pages a table continues on): the node is
    /// read once, where it first appears; the copies are artifacts.
    Repeated(NodeId),
    /// A page number (an artifact).
    PageNumber,
}

/// Which cells a header cell heads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The cells below it in its columns (column headings, table 二's block headings).
    Column,
    /// The cells right of it in its rows (row labels).
    Row,
}

/// A table cell: its place in the grid and, for a data cell, its header cells.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    /// A header cell (TH) with what it heads; none for a data cell (TD).
    pub scope: Option<Scope>,
    /// The header cells of a data cell, column headers first.
    pub headers: Vec<NodeId>,
}

/// The kinds of node.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// The root.
    Document,
    /// The report's title (all its lines).
    Title,
    /// A heading: 1 「一、」, 2 「（一）」, 3 deeper.
    Heading(u8),
    Paragraph,
    /// The 落款: agency and date, each line of it a paragraph.
    Signature,
    Table,
    /// The header rows of a table (repeated on every page it reaches).
    TableHead,
    TableBody,
    Row,
    Cell(Cell),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub kind: Kind,
    pub children: Vec<NodeId>,
}

/// The structure tree, node 0 its root.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Structure {
    pub nodes: Vec<Node>,
}

impl Structure {
    pub fn new() -> Structure {
        Structure {
            nodes: vec![Node {
                kind: Kind::Document,
                children: Vec::new(),
            }],
        }
    }

    pub const ROOT: NodeId = 0;

    /// Adds a node as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, kind: Kind) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            children: Vec::new(),
        });
        self.nodes[parent].children.push(id);
        id
    }

    /// Adds a table under the root: head and body, a row per grid row, a
    /// cell per origin cell. Returns the node of each origin cell, in the
    /// order of `table.rows` flattened.
    pub fn add_table(&mut self, table: &Table) -> Vec<NodeId> {
        let node = self.add(Self::ROOT, Kind::Table);
        let header_rows = table.header_rows.min(table.grid_rows);
        let head = (header_rows > 0).then(|| self.add(node, Kind::TableHead));
        let body = (header_rows < table.grid_rows).then(|| self.add(node, Kind::TableBody));
        let rows: Vec<NodeId> = (0..table.grid_rows)
            .map(|r| {
                let section = if r < header_rows { head } else { body };
                self.add(section.unwrap_or(node), Kind::Row)
            })
            .collect();
        let mut ids = Vec::new();
        for cell in table.rows.iter().flatten() {
            let scope = match cell.role {
                CellRole::Header => Some(Scope::Column),
                CellRole::Label => Some(Scope::Row),
                CellRole::Figure => None,
            };
            let parent = rows.get(cell.row).copied().unwrap_or(node);
            let id = self.add(
                parent,
                Kind::Cell(Cell {
                    row: cell.row,
                    col: cell.col,
                    rowspan: cell.rowspan.max(1),
                    colspan: cell.colspan.max(1),
                    scope,
                    headers: Vec::new(),
                }),
            );
            ids.push(id);
        }
        let headers: Vec<Vec<NodeId>> = (0..ids.len())
            .map(|i| self.headers_of(table, &ids, i))
            .collect();
        for (id, h) in ids.iter().zip(headers) {
            if let Kind::Cell(c) = &mut self.nodes[*id].kind {
                c.headers = h;
            }
        }
        ids
    }

    /// The header cells of the `i`th origin cell when it is a data cell: the
    /// table's header rows and the nearest run of all-header rows above it,
    /// over its columns, then the row labels left of it across its rows.
    fn headers_of(&self, table: &Table, ids: &[NodeId], i: usize) -> Vec<NodeId> {
        let cells: Vec<&crate::document::Cell> = table.rows.iter().flatten().collect();
        let me = cells[i];
        if me.role != CellRole::Figure {
            return Vec::new();
        }
        let cols = me.col..me.col + me.colspan.max(1);
        let rows = me.row..me.row + me.rowspan.max(1);
        let overlaps = |a: &std::ops::Range<usize>, from: usize, n: usize| {
            from < a.end && a.start < from + n.max(1)
        };
        let header_only = |r: usize| {
            let mut any = false;
            for c in table.rows.get(r).into_iter().flatten() {
                any = true;
                if c.role != CellRole::Header {
                    return false;
                }
            }
            any
        };
        // The nearest run of all-header rows above, in the body.
        let mut band = Vec::new();
        let mut r = me.row;
        while r > table.header_rows && !header_only(r - 1) {
            r -= 1;
        }
        while r > table.header_rows && header_only(r - 1) {
            r -= 1;
            band.push(r);
        }
        let mut out = Vec::new();
        for (k, c) in cells.iter().enumerate() {
            let column_header = c.role == CellRole::Header
                && (c.row < table.header_rows || band.contains(&c.row))
                && c.row < me.row
                && overlaps(&cols, c.col, c.colspan);
            if column_header {
                out.push(ids[k]);
            }
        }
        for (k, c) in cells.iter().enumerate() {
            if c.role == CellRole::Label && c.col < me.col && overlaps(&rows, c.row, c.rowspan) {
                out.push(ids[k]);
            }
        }
        out
    }
}
