//! Tagged PDF: the paged layout's structure (render::paged::structure) as the
//! structure tree, its content marked in the content streams with MCIDs, the
//! parent tree back from each page's MCIDs, page numbers, repeated table
//! cells and rules as artifacts.

use pdf_writer::types::{
    ArtifactAttachment, ArtifactSubtype, ArtifactType, StructRole, TableHeaderScope,
};
use pdf_writer::writers::{StructChildren, StructTreeRoot, TableAttributes};
use pdf_writer::{Chunk, Content, Finish, Name, Ref, Str};

use crate::render::paged::structure::{Kind, Mark, NodeId, Scope, Structure};

/// Custom structure types, mapped to standard ones by the RoleMap.
const TITLE: &[u8] = b"Title";
const SIGNATURE: &[u8] = b"Signature";

/// The structure type of a node, as written in its element and its
/// marked-content tag.
fn role(kind: &Kind) -> Name<'static> {
    Name(match kind {
        Kind::Document => b"Document",
        Kind::Title => TITLE,
        Kind::Heading(1) => b"H1",
        Kind::Heading(2) => b"H2",
        Kind::Heading(_) => b"H3",
        Kind::Paragraph => b"P",
        Kind::Signature => SIGNATURE,
        Kind::Table => b"Table",
        Kind::TableHead => b"THead",
        Kind::TableBody => b"TBody",
        Kind::Row => b"TR",
        Kind::Cell(c) if c.scope.is_some() => b"TH",
        Kind::Cell(_) => b"TD",
    })
}

/// What a stretch of a content stream is marked as.
#[derive(Clone, Copy, PartialEq)]
pub enum Marked {
    Node(NodeId),
    /// A repeated table cell (header rows and merged labels on continued pages).
    Repeated,
    PageNumber,
    /// Table rules.
    Rules,
}

impl Marked {
    pub fn of(mark: Mark) -> Marked {
        match mark {
            Mark::Node(n) => Marked::Node(n),
            Mark::Repeated(_) => Marked::Repeated,
            Mark::PageNumber => Marked::PageNumber,
        }
    }
}

/// The marked content of the pages: for each page, the node of each MCID; for
/// each node, its (page, MCID) in reading order.
pub struct Tags {
    pub pages: Vec<Vec<NodeId>>,
    content: Vec<Vec<(usize, i32)>>,
    open: Option<Marked>,
}

impl Tags {
    pub fn new(structure: &Structure) -> Tags {
        Tags {
            pages: Vec::new(),
            content: vec![Vec::new(); structure.nodes.len()],
            open: None,
        }
    }

    pub fn start_page(&mut self) {
        self.pages.push(Vec::new());
        self.open = None;
    }

    /// Makes what follows in `c` marked as `marked`, closing the stretch before
    /// when it is marked otherwise.
    pub fn mark(&mut self, c: &mut Content, structure: &Structure, marked: Marked) {
        if self.open == Some(marked) {
            return;
        }
        self.close(c);
        self.open = Some(marked);
        let page = self.pages.len() - 1;
        match marked {
            Marked::Node(node) => {
                let mcid = self.pages[page].len() as i32;
                self.pages[page].push(node);
                self.content[node].push((page, mcid));
                c.begin_marked_content_with_properties(role(&structure.nodes[node].kind))
                    .properties()
                    .identify(mcid);
            }
            Marked::Repeated => {
                c.begin_marked_content_with_properties(Name(b"Artifact"))
                    .properties()
                    .artifact()
                    .kind(ArtifactType::Pagination);
            }
            Marked::PageNumber => {
                c.begin_marked_content_with_properties(Name(b"Artifact"))
                    .properties()
                    .artifact()
                    .kind(ArtifactType::Pagination)
                    .subtype(ArtifactSubtype::Footer)
                    .attached([ArtifactAttachment::Bottom]);
            }
            Marked::Rules => {
                c.begin_marked_content_with_properties(Name(b"Artifact"))
                    .properties()
                    .artifact()
                    .kind(ArtifactType::Layout);
            }
        }
    }

    /// Closes the open stretch, at the end of a page.
    pub fn close(&mut self, c: &mut Content) {
        if self.open.take().is_some() {
            c.end_marked_content();
        }
    }
}

/// The references the structure tree needs from the rest of the file.
pub struct TreeRefs<'a> {
    pub root: Ref,
    pub pages: &'a [Ref],
    /// Numbers the objects of the tree.
    pub alloc: &'a mut Ref,
}

/// The ID of a header cell's element, for the IDTree and the cells' /Headers.
fn id(n: NodeId) -> String {
    format!("n{n}")
}

/// Writes the structure tree: the StructTreeRoot (its RoleMap, IDTree and
/// ParentTree, page `i`'s key being `i`) and one element per node.
pub fn write_tree(pdf: &mut Chunk, structure: &Structure, tags: &Tags, refs: TreeRefs) {
    let TreeRefs { root, pages, alloc } = refs;
    let elements: Vec<Ref> = structure.nodes.iter().map(|_| alloc.bump()).collect();
    let parents: Vec<Ref> = tags.pages.iter().map(|_| alloc.bump()).collect();
    let mut parent_of = vec![root; structure.nodes.len()];
    for (n, node) in structure.nodes.iter().enumerate() {
        for child in &node.children {
            parent_of[*child] = elements[n];
        }
    }
    let mut ids: Vec<(String, Ref)> = structure
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| matches!(&node.kind, Kind::Cell(c) if c.scope.is_some()))
        .map(|(n, _)| (id(n), elements[n]))
        .collect();
    ids.sort();

    let mut tree = pdf.indirect(root).start::<StructTreeRoot>();
    tree.child(elements[Structure::ROOT]);
    let mut map = tree.role_map();
    map.insert(Name(TITLE), StructRole::P);
    map.insert(Name(SIGNATURE), StructRole::Div);
    map.finish();
    if !ids.is_empty() {
        let mut names = tree.id_tree();
        let mut entries = names.names();
        for (key, r) in &ids {
            entries.insert(Str(key.as_bytes()), *r);
        }
    }
    let mut parent_tree = tree.parent_tree();
    let mut nums = parent_tree.nums();
    for (page, r) in parents.iter().enumerate() {
        nums.insert(page as i32, *r);
    }
    nums.finish();
    parent_tree.finish();
    tree.parent_tree_next_key(pages.len() as i32);
    tree.finish();

    for (page, nodes) in tags.pages.iter().enumerate() {
        pdf.indirect(parents[page])
            .array()
            .items(nodes.iter().map(|n| elements[*n]));
    }

    write_elements(pdf, structure, tags, pages, &elements, &parent_of);
}

/// One element per node: its type, parent, attributes (a table cell's spans,
/// scope, ID and headers), page and kids (elements and marked content).
fn write_elements(
    pdf: &mut Chunk,
    structure: &Structure,
    tags: &Tags,
    pages: &[Ref],
    elements: &[Ref],
    parent_of: &[Ref],
) {
    for (n, node) in structure.nodes.iter().enumerate() {
        // Written by hand rather than as pdf-writer's StructElement: without
        // the optional /Type, and with /A a single dictionary.
        let mut e = pdf.indirect(elements[n]).dict();
        e.pair(Name(b"S"), role(&node.kind));
        e.pair(Name(b"P"), parent_of[n]);
        if let Kind::Cell(cell) = &node.kind {
            if cell.scope.is_some() {
                e.pair(Name(b"ID"), Str(id(n).as_bytes()));
            }
            let mut table = e.insert(Name(b"A")).start::<TableAttributes>();
            if cell.rowspan > 1 {
                table.row_span(cell.rowspan as i32);
            }
            if cell.colspan > 1 {
                table.col_span(cell.colspan as i32);
            }
            match cell.scope {
                Some(Scope::Column) => {
                    table.scope(TableHeaderScope::Column);
                }
                Some(Scope::Row) => {
                    table.scope(TableHeaderScope::Row);
                }
                None if !cell.headers.is_empty() => {
                    let headers: Vec<String> = cell.headers.iter().map(|h| id(*h)).collect();
                    table
                        .headers()
                        .items(headers.iter().map(|h| Str(h.as_bytes())));
                }
                None => {}
            }
            table.finish();
        }
        let content = &tags.content[n];
        if let Some((first, _)) = content.first() {
            e.pair(Name(b"Pg"), pages[*first]);
        }
        let mut kids = e.insert(Name(b"K")).start::<StructChildren>();
        for child in &node.children {
            kids.struct_element(elements[*child]);
        }
        for (page, mcid) in content {
            if *page == content[0].0 {
                kids.marked_content_id(*mcid);
            } else {
                kids.marked_content_ref()
                    .page(pages[*page])
                    .marked_content_id(*mcid);
            }
        }
    }
}
