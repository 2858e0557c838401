//! The page as a tree, built by the html5ever parser: elements with their
//! attributes, and text. Nodes live in one arena and are linked to their
//! parent and siblings, so every change the parser makes costs the same
//! whatever the size of the page.
//!
//! The parser is fed a chunk at a time; between chunks the reader asks how
//! deep the tree has grown, and refuses a page nested deeper than any real
//! one before the parser's own work (linear in depth for each new element)
//! adds up.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, ParseOpts, QualName};

/// A node of the page.
pub enum Node {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
        /// The contents of a `<template>` (a separate fragment).
        template: Option<usize>,
    },
    Text(String),
    /// Comments, processing instructions and doctypes: never read.
    Other,
}

struct Slot {
    node: Node,
    parent: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    prev: Option<usize>,
    next: Option<usize>,
    /// Elements between the document and this node when it was placed.
    depth: usize,
}

/// A parsed page.
pub struct Dom {
    slots: Vec<Slot>,
}

/// The nesting of a page that is deeper than the reader accepts, and the
/// 1-based line where it went past the limit.
pub struct TooDeep {
    pub line: u64,
}

/// Bytes given to the parser at a time: the depth is checked between chunks.
const CHUNK: usize = 4 * 1024;

/// Parses a page, refusing one nested more than `max_depth` elements deep.
pub fn parse(source: &str, max_depth: usize) -> Result<Dom, TooDeep> {
    let mut parser = html5ever::parse_document(Sink::default(), ParseOpts::default());
    let mut rest = source;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..end]));
        rest = &rest[end..];
        let sink = &parser.tokenizer.sink.sink;
        if sink.deepest.get() > max_depth {
            return Err(TooDeep {
                line: sink.deep_line.get(),
            });
        }
    }
    Ok(parser.finish())
}

impl Dom {
    pub const ROOT: usize = 0;

    pub fn node(&self, id: usize) -> &Node {
        &self.slots[id].node
    }

    /// The element's local name (`div`, `td`), or `None` for other nodes.
    pub fn name(&self, id: usize) -> Option<&str> {
        match &self.slots[id].node {
            Node::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }

    /// The value of an element's attribute.
    pub fn attr(&self, id: usize, attr: &str) -> Option<&str> {
        match &self.slots[id].node {
            Node::Element { attrs, .. } => attrs
                .iter()
                .find(|a| &*a.name.local == attr)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    /// The text of a text node.
    pub fn text(&self, id: usize) -> Option<&str> {
        match &self.slots[id].node {
            Node::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn children(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.slots[id].first, |&c| self.slots[c].next)
    }

    /// The node and everything under it, in document order (no recursion).
    pub fn descendants(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let current = next?;
            next = self.slots[current].first.or_else(|| {
                let mut up = current;
                loop {
                    if up == id {
                        return None;
                    }
                    if let Some(sibling) = self.slots[up].next {
                        return Some(sibling);
                    }
                    up = self.slots[up].parent?;
                }
            });
            Some(current)
        })
    }
}

/// Builds a [`Dom`] as the parser asks.
struct Sink {
    slots: RefCell<Vec<Slot>>,
    line: Cell<u64>,
    deepest: Cell<usize>,
    deep_line: Cell<u64>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            slots: RefCell::new(vec![Slot::new(Node::Document)]),
            line: Cell::new(1),
            deepest: Cell::new(0),
            deep_line: Cell::new(1),
        }
    }
}

impl Slot {
    fn new(node: Node) -> Self {
        Slot {
            node,
            parent: None,
            first: None,
            last: None,
            prev: None,
            next: None,
            depth: 0,
        }
    }
}

impl Sink {
    fn add(&self, node: Node) -> usize {
        let mut slots = self.slots.borrow_mut();
        slots.push(Slot::new(node));
        slots.len() - 1
    }

    fn detach(slots: &mut [Slot], id: usize) {
        let (parent, prev, next) = (slots[id].parent, slots[id].prev, slots[id].next);
        let Some(parent) = parent else {
            return;
        };
        match prev {
            Some(p) => slots[p].next = next,
            None => slots[parent].first = next,
        }
        match next {
            Some(n) => slots[n].prev = prev,
            None => slots[parent].last = prev,
        }
        let s = &mut slots[id];
        s.parent = None;
        s.prev = None;
        s.next = None;
    }

    /// Links `id` under `parent`, before `before` (or last), and notes its depth.
    fn link(&self, slots: &mut [Slot], parent: usize, id: usize, before: Option<usize>) {
        Self::detach(slots, id);
        let prev = match before {
            Some(b) => slots[b].prev,
            None => slots[parent].last,
        };
        slots[id].parent = Some(parent);
        slots[id].prev = prev;
        slots[id].next = before;
        match prev {
            Some(p) => slots[p].next = Some(id),
            None => slots[parent].first = Some(id),
        }
        match before {
            Some(b) => slots[b].prev = Some(id),
            None => slots[parent].last = Some(id),
        }
        let depth = slots[parent].depth + 1;
        slots[id].depth = depth;
        if depth > self.deepest.get() {
            self.deepest.set(depth);
            self.deep_line.set(self.line.get());
        }
    }

    /// Places a node or text under `parent` before `before` (or last); text
    /// next to text joins it, as the parser expects.
    fn place(&self, parent: usize, child: NodeOrText<usize>, before: Option<usize>) {
        let mut slots = self.slots.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => self.link(&mut slots, parent, id, before),
            NodeOrText::AppendText(text) => {
                let neighbour = match before {
                    Some(b) => slots[b].prev,
                    None => slots[parent].last,
                };
                if let Some(n) = neighbour
                    && let Node::Text(t) = &mut slots[n].node
                {
                    t.push_str(&text);
                    return;
                }
                slots.push(Slot::new(Node::Text(text.to_string())));
                let id = slots.len() - 1;
                self.link(&mut slots, parent, id, before);
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        Dom {
            slots: self.slots.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }

    fn get_document(&self) -> usize {
        Dom::ROOT
    }

    fn elem_name<'a>(&'a self, target: &usize) -> Ref<'a, QualName> {
        Ref::map(self.slots.borrow(), |slots| match &slots[*target].node {
            Node::Element { name, .. } => name,
            // The parser asks only for the names of elements.
            _ => unreachable!("elem_name of a node that is not an element"),
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> usize {
        let template = (&*name.local == "template").then(|| self.add(Node::Document));
        self.add(Node::Element {
            name,
            attrs,
            template,
        })
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.add(Node::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.add(Node::Other)
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.place(*parent, child, None);
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        let parent = self.slots.borrow()[*element].parent;
        match parent {
            Some(parent) => self.place(parent, child, Some(*element)),
            None => self.place(*prev_element, child, None),
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &usize) -> usize {
        match &self.slots.borrow()[*target].node {
            Node::Element {
                template: Some(t), ..
            } => *t,
            _ => *target,
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let parent = self.slots.borrow()[*sibling].parent;
        if let Some(parent) = parent {
            self.place(parent, new_node, Some(*sibling));
        }
    }

    fn add_attrs_if_missing(&self, target: &usize, new: Vec<Attribute>) {
        if let Node::Element { attrs, .. } = &mut self.slots.borrow_mut()[*target].node {
            for a in new {
                if !attrs.iter().any(|b| b.name == a.name) {
                    attrs.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        Self::detach(&mut self.slots.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut slots = self.slots.borrow_mut();
        while let Some(child) = slots[*node].first {
            self.link(&mut slots, *new_parent, child, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dom: &Dom) -> Vec<String> {
        dom.descendants(Dom::ROOT)
            .map(|id| match dom.node(id) {
                Node::Element { name, .. } => name.local.to_string(),
                Node::Text(t) => format!("'{t}'"),
                _ => String::new(),
            })
            .filter(|s| !s.is_empty())
            .collect()
    }

    #[test]
    fn builds_the_tree_html5_defines() {
        // Implied elements, a misnested table (foster parenting) and adjacent texts.
        let dom = parse("<p>a<b>b</p>c<table>x<tr><td>1</table>", 100)
            .ok()
            .unwrap();
        assert_eq!(
            names(&dom),
            [
                "html", "head", "body", "p", "'a'", "b", "'b'", "b", "'cx'", "table", "tbody",
                "tr", "td", "'1'"
            ]
        );
    }

    #[test]
    fn nesting_past_the_limit_is_refused_at_its_line() {
        let page = format!("<p>\n\n{}", "<div>".repeat(50_000));
        let err = parse(&page, 1000).err().expect("too deep");
        assert_eq!(err.line, 3);
        assert!(parse(&"<div>".repeat(500), 1000).is_ok());
    }
}
