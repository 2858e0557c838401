//! The XML tree the package readers (DOCX, OFD) walk: one part parsed into
//! elements and text, bounded in depth and size, with no entity expanded but the
//! predefined ones and character references (no "billion laughs").

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::error::ImportError;

/// How element and attribute names are kept.
#[derive(Clone, Copy)]
pub(crate) enum Names {
    /// As written, prefix included (`w:p`).
    AsWritten,
    /// The local name only (`ofd:Page` is `Page`).
    Local,
}

/// What one part may hold before it is refused.
#[derive(Clone, Copy)]
pub(crate) struct Limits {
    pub depth: usize,
    pub elements: usize,
}

/// An XML element: its name, its attributes and its content.
#[derive(Debug, Default)]
pub(crate) struct El {
    pub name: String,
    attrs: Vec<(String, String)>,
    pub kids: Vec<Node>,
}

#[derive(Debug)]
pub(crate) enum Node {
    El(El),
    Text(String),
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn kids(&self) -> impl Iterator<Item = &El> {
        self.kids.iter().filter_map(|k| match k {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&El> {
        self.kids().find(|k| k.name == name)
    }

    /// The text directly inside.
    pub fn text(&self) -> String {
        self.kids
            .iter()
            .filter_map(|k| match k {
                Node::Text(t) => Some(t.as_str()),
                Node::El(_) => None,
            })
            .collect()
    }

    /// The text of a child element, trimmed.
    pub fn child_text(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text().trim().to_string())
    }
}

fn name(raw: &[u8], names: Names) -> String {
    let name = String::from_utf8_lossy(raw);
    match (names, name.rsplit_once(':')) {
        (Names::Local, Some((_, local))) => local.to_string(),
        _ => name.into_owned(),
    }
}

fn element(e: &BytesStart, names: Names) -> El {
    El {
        name: name(e.name().into_inner(), names),
        attrs: e
            .attributes()
            .flatten()
            .map(|a| {
                let raw = String::from_utf8_lossy(&a.value).into_owned();
                let value = quick_xml::escape::unescape(&raw)
                    .map(|v| v.into_owned())
                    .unwrap_or(raw);
                (name(a.key.into_inner(), names), value)
            })
            .collect(),
        kids: Vec::new(),
    }
}

fn push(stack: &mut [El], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.kids.push(node);
    }
}

/// Parses one part into its root element; `bad` words a refusal (the reason is
/// given to it).
pub(crate) fn parse(
    xml: &[u8],
    names: Names,
    limits: Limits,
    bad: impl Fn(String) -> ImportError,
) -> Result<El, ImportError> {
    let mut reader = Reader::from_reader(xml);
    let mut stack: Vec<El> = vec![El::default()];
    let mut elements = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(format!("{e}（第 {} 字节附近）", reader.error_position())))?;
        if matches!(event, Event::Start(_) | Event::Empty(_)) {
            elements += 1;
            if elements > limits.elements {
                return Err(bad(format!("元素超过 {} 个", limits.elements)));
            }
        }
        match event {
            Event::Start(_) if stack.len() > limits.depth => {
                return Err(bad("元素嵌套过深".into()));
            }
            Event::Start(e) => stack.push(element(&e, names)),
            Event::Empty(e) => push(&mut stack, Node::El(element(&e, names))),
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(bad("结束标签多余".into()));
                };
                if stack.is_empty() {
                    return Err(bad("结束标签多余".into()));
                }
                push(&mut stack, Node::El(el));
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| bad(e.to_string()))?;
                push(&mut stack, Node::Text(text.into_owned()));
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| bad(e.to_string()))?;
                push(&mut stack, Node::Text(text.into_owned()));
            }
            // Only the predefined entities and character references: an entity
            // a DTD declares is never expanded.
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| bad(e.to_string()))?;
                let text = quick_xml::escape::unescape(&format!("&{name};"))
                    .map_err(|e| bad(e.to_string()))?
                    .into_owned();
                push(&mut stack, Node::Text(text));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(bad("文件在元素中途结束".into()));
    }
    let root = stack.pop().unwrap_or_default();
    root.kids
        .into_iter()
        .find_map(|k| match k {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| bad("没有根元素".into()))
}
