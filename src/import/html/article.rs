//! The element of a saved page that holds the report: the deepest one whose
//! text runs from the heading of 一 to that of 六 (else 五, else table 四).
//! Around it stand the site's header, the title line, share and download
//! links, and the footer; the recogniser keeps the title and drops the rest.

use super::{Dom, Node, SKIPPED, is_hidden};
use crate::format::SectionId;
use crate::import::recognise::section_phrases;

/// The report's element, or `None` when no element short of the whole page
/// holds it (a page that is only the report).
pub fn report_element(dom: &Dom) -> Option<usize> {
    let (text, spans) = text_and_spans(dom);
    let first = section_phrases(SectionId::Overview)
        .iter()
        .filter_map(|p| text.find(p))
        .min()?;
    let last = [SectionId::Other, SectionId::Problems, SectionId::Appeals]
        .iter()
        .find_map(|id| {
            section_phrases(*id)
                .iter()
                .filter_map(|p| text.rfind(p).map(|i| i + p.len()))
                .max()
        })
        .filter(|end| *end > first)?;
    let (node, ..) = spans
        .into_iter()
        .filter(|(_, start, end, _)| *start <= first && *end >= last)
        .max_by_key(|(.., depth)| *depth)?;
    (!matches!(dom.name(node), Some("html" | "body"))).then_some(node)
}

/// The page's text as a reader sees it (white space left out) and, for each
/// element, where its text starts and ends in it and how deep it stands.
fn text_and_spans(dom: &Dom) -> (String, Vec<(usize, usize, usize, usize)>) {
    enum Step {
        Enter(usize, usize),
        Exit(usize, usize, usize),
    }
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut stack = vec![Step::Enter(Dom::ROOT, 0)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Exit(node, start, depth) => spans.push((node, start, text.len(), depth)),
            Step::Enter(node, depth) => match dom.node(node) {
                Node::Text(t) => text.extend(t.chars().filter(|c| !c.is_whitespace())),
                Node::Element { name, .. }
                    if SKIPPED.contains(&&*name.local) || is_hidden(dom, node) => {}
                Node::Element { .. } | Node::Document => {
                    stack.push(Step::Exit(node, text.len(), depth));
                    let children: Vec<usize> = dom.children(node).collect();
                    stack.extend(
                        children
                            .into_iter()
                            .rev()
                            .map(|c| Step::Enter(c, depth + 1)),
                    );
                }
                Node::Other => {}
            },
        }
    }
    (text, spans)
}
