//! The element of a saved page that holds the report: the deepest one whose
//! text runs from the heading of 一 to that of 六 (else 五, else table 四).
//! Around it stand the site's header, the title line, share and download
//! links, and the footer; the recogniser keeps the title and drops the rest.

use regex::Regex;

use super::{Dom, Node, SKIPPED, is_hidden};
use crate::format::SectionId;
use crate::import::recognise::section_phrases;

/// The report's element, or `None` when no element short of the whole page
/// holds it (a page that is only the report). The parts are found as numbered
/// headings (「一、总体情况」 … 「六、其他需要报告的事项」), so an introduction that
/// lists them by name (「全文包括总体情况、…其他需要报告的事项」) is not taken
/// for the report.
pub fn report_element(dom: &Dom) -> Option<usize> {
    let (text, spans) = text_and_spans(dom);
    // A part's number, then its words (after a few more in table 四's:
    // 「四、政府信息公开行政复议、行政诉讼情况」).
    let heading = |id: SectionId, numbers: &str, lead: usize| {
        let phrases: Vec<String> = section_phrases(id)
            .iter()
            .map(|p| regex::escape(p))
            .collect();
        let pattern = format!(
            "[{numbers}][、.．,，:：]?[^。，；、]{{0,{lead}}}(?:{})",
            phrases.join("|")
        );
        Regex::new(&pattern).ok()
    };
    let first = heading(SectionId::Overview, "一", 0)?.find(&text)?.start();
    // The last part printed: 六 (五 in a report that numbers its own
    // parts), else 五, else the heading of table 四.
    let last = [
        (SectionId::Other, "五六", 0),
        (SectionId::Problems, "四五", 0),
        (SectionId::Appeals, "三四", 8),
    ]
    .into_iter()
    .find_map(|(id, numbers, lead)| heading(id, numbers, lead)?.find_iter(&text).last())
    .map(|m| m.end())
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
