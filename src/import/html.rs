//! Reads a report page as saved from an agency website (also as a web
//! archive, .mht, whose HTML part is read).
//!
//! The page is decoded by its declared charset (GBK/GB2312 pages are common),
//! parsed with a full HTML5 parser, and walked in document order: every text
//! block of the page is kept (menus and footers too), the blocks of the
//! report's own element marked ([`article`]; the recogniser keeps the title
//! and 落款 around it and leaves the rest of the site out), scripts and styles
//! are dropped, and every data table becomes a
//! [`Block::Table`] with its row and column spans. Tables that hold other tables
//! are page layout and are walked as containers.

mod article;
mod dom;

use dom::{Dom, Node};

use super::emphasis;
use super::error::ImportError;
use super::input::{check_size, clean_lines, collapse_spaces};
use super::own_date;
use super::source::{Block, Place, SourceCell, SourceDoc, SourceKind};

/// Elements whose content is never part of the page's text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "object", "svg", "math", "select",
    "button", "input", "textarea",
];

/// Elements that start and end a line of text.
const BLOCK_LEVEL: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "html",
];

/// Elements that set their text in bold: within a paragraph, written `**…**`.
const BOLD: &[&str] = &["strong", "b"];

/// Largest span honoured (HTML caps colspan at 1000 and rowspan at 65534).
const MAX_SPAN: usize = 1000;

/// A file of this kind whose content cannot be read.
fn unreadable(reason: String) -> ImportError {
    ImportError::Corrupt {
        kind: "HTML",
        reason,
    }
}

/// Reads an HTML page into blocks.
pub fn read(bytes: &[u8]) -> Result<SourceDoc, ImportError> {
    check_size(bytes)?;
    let source = match super::mht::html_part(bytes) {
        None => decode(bytes)?,
        Some(Err(reason)) => return Err(unreadable(reason)),
        Some(Ok((page, charset))) => {
            match charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes())) {
                Some(enc) => enc.decode(&page).0.into_owned(),
                None => decode(&page)?,
            }
        }
    };
    let page = dom::parse(&source, MAX_NESTING).map_err(|deep| {
        unreadable(format!(
            "网页第 {} 行起元素嵌套超过 {MAX_NESTING} 层，真实的网页不会这样；这个文件可能已损坏或是恶意构造的，请用浏览器打开核对，或改用报告的 DOCX、PDF 版本导入",
            deep.line
        ))
    })?;
    let mut walker = Walker {
        dom: &page,
        depth: 0,
        lines: LineFinder::new(&source),
        blocks: Vec::new(),
        para: String::new(),
        para_line: None,
        report: article::report_element(&page),
        report_blocks: None,
    };
    walker.walk(Dom::ROOT);
    walker.flush();
    Ok(SourceDoc {
        kind: SourceKind::Html,
        blocks: walker.blocks,
        notes: Vec::new(),
        published: page_date(&page),
        report: walker.report_blocks,
    })
}

/// The publication date in the page's metadata (`<meta name="PubDate">`).
fn page_date(page: &Dom) -> Option<chrono::NaiveDate> {
    page.descendants(Dom::ROOT)
        .filter(|id| page.name(*id) == Some("meta"))
        .find_map(|id| own_date::page_meta(page.attr(id, "name")?, page.attr(id, "content")?))
}

/// Decodes the page: a byte-order mark first, then the charset declared in a
/// `<meta>` near the top, then UTF-8, then GB18030 for undeclared Chinese pages.
fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return Ok(text.into_owned());
    }
    let head = &bytes[..bytes.len().min(4096)];
    if let Some(enc) = declared_charset(head) {
        // A page declared UTF-16 in an ASCII <meta> is really ASCII-compatible.
        if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE {
            let (text, _, _) = enc.decode(bytes);
            return Ok(text.into_owned());
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, _, errors) = encoding_rs::GB18030.decode(bytes);
    if errors {
        return Err(unreadable(
            "网页既不是 UTF-8 也不是 GBK/GB18030 编码，且没有用 <meta charset> 声明编码".into(),
        ));
    }
    Ok(text.into_owned())
}

/// The encoding named by `charset=` in the first bytes of the page.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("charset") {
        rest = &rest[at + "charset".len()..];
        let value = rest.trim_start().strip_prefix('=')?.trim_start();
        let value = value.trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(value.len());
        if let Some(enc) = encoding_rs::Encoding::for_label(&value.as_bytes()[..end]) {
            return Some(enc);
        }
    }
    None
}

/// Finds the source line of each text node, moving forward through the page.
struct LineFinder<'a> {
    source: &'a str,
    cursor: usize,
    line_starts: Vec<usize>,
    long_searches: usize,
}

impl<'a> LineFinder<'a> {
    fn new(source: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        LineFinder {
            source,
            cursor: 0,
            line_starts,
            long_searches: 0,
        }
    }

    /// The 1-based line where `text` (a text node's content) stands, searched
    /// a little way on from the previous find; the previous line when it is not
    /// found verbatim (e.g. it was written with character references).
    fn line_of(&mut self, text: &str) -> usize {
        // The first run of letters and digits: never written as references.
        let probe: String = text
            .chars()
            .skip_while(|c| !c.is_alphanumeric())
            .take_while(|c| c.is_alphanumeric())
            .take(12)
            .collect();
        let mut end = (self.cursor + SEARCH_WINDOW).min(self.source.len());
        while !self.source.is_char_boundary(end) {
            end -= 1;
        }
        if probe.is_empty() {
            return self.line();
        }
        if let Some(found) = self.source[self.cursor..end].find(&probe) {
            self.cursor += found;
        } else if self.long_searches < MAX_LONG_SEARCHES && probe.chars().count() >= 2 {
            // Past a large inline script or style: look through the rest, a
            // bounded number of times.
            self.long_searches += 1;
            if let Some(found) = self.source[self.cursor..].find(&probe) {
                self.cursor += found;
            }
        }
        self.line()
    }

    fn line(&self) -> usize {
        self.line_starts.partition_point(|&s| s <= self.cursor)
    }
}

/// How far past the previous text node the next one is looked for (bytes):
/// enough for any markup between two texts, and keeps a page of many
/// unfindable texts from being searched end to end for each.
const SEARCH_WINDOW: usize = 64 * 1024;
/// How many times a text is looked for beyond the window.
const MAX_LONG_SEARCHES: usize = 200;

/// Deepest element nesting walked; deeper content is read as plain text
/// (real pages stay far below; this keeps a hostile page from exhausting the stack).
const MAX_DEPTH: usize = 256;

/// Deepest element nesting parsed: the parser's work for each new element
/// grows with the depth, so a page nested deeper is refused (at its line)
/// before that work adds up. Real pages nest a few dozen elements deep.
const MAX_NESTING: usize = 1024;

struct Walker<'a> {
    dom: &'a Dom,
    depth: usize,
    lines: LineFinder<'a>,
    blocks: Vec<Block>,
    para: String,
    para_line: Option<usize>,
    /// The element holding the report ([`article::report_element`]), and the
    /// blocks read from it.
    report: Option<usize>,
    report_blocks: Option<std::ops::Range<usize>>,
}

impl Walker<'_> {
    fn walk(&mut self, node: usize) {
        if self.depth > MAX_DEPTH {
            for text in self.dom.descendants(node).filter_map(|n| self.dom.text(n)) {
                self.para.push_str(text);
            }
            return;
        }
        self.depth += 1;
        self.walk_node(node);
        self.depth -= 1;
    }

    fn walk_node(&mut self, node: usize) {
        let dom = self.dom;
        match dom.node(node) {
            Node::Text(text) => {
                if self.para_line.is_none() && !text.trim().is_empty() {
                    self.para_line = Some(self.lines.line_of(text));
                }
                self.para.push_str(text);
            }
            Node::Element { name, .. } => {
                let name: &str = &name.local;
                if SKIPPED.contains(&name) || is_hidden(dom, node) {
                    return;
                }
                if name == "br" {
                    self.flush();
                    return;
                }
                if name == "pre" {
                    self.flush();
                    self.preformatted(node);
                    return;
                }
                if name == "table" && is_data_table(dom, node) {
                    self.flush();
                    self.table(node);
                    return;
                }
                let block = BLOCK_LEVEL.contains(&name) || self.report == Some(node);
                let bold = BOLD.contains(&name);
                if block {
                    self.flush();
                }
                let report_start = self.blocks.len();
                if bold {
                    self.para.push(emphasis::OPEN);
                }
                for child in dom.children(node) {
                    self.walk(child);
                }
                if bold {
                    self.para.push(emphasis::CLOSE);
                }
                if block {
                    self.flush();
                }
                if self.report == Some(node) {
                    self.report_blocks = Some(report_start..self.blocks.len());
                }
            }
            Node::Document => {
                for child in dom.children(node) {
                    self.walk(child);
                }
            }
            Node::Other => {}
        }
    }

    /// Preformatted text (a report pasted as plain text): one block a line,
    /// the spacing inside a line kept, as the text reader expects.
    fn preformatted(&mut self, node: usize) {
        let mut raw = String::new();
        for text in self.dom.descendants(node).filter_map(|n| self.dom.text(n)) {
            raw.push_str(text);
        }
        let first = self.lines.line_of(&raw);
        for (offset, line) in raw.lines().enumerate() {
            let text = line.trim();
            if !text.is_empty() {
                self.blocks.push(Block::Para {
                    text: text.replace('\u{a0}', " "),
                    at: Place {
                        page: None,
                        line: Some(first + offset),
                        paragraph: false,
                    },
                });
            }
        }
    }

    /// Ends the running paragraph.
    fn flush(&mut self) {
        let text = collapse_spaces(&emphasis::finish(&self.para));
        self.para.clear();
        let line = self.para_line.take();
        if !text.is_empty() {
            self.blocks.push(Block::Para {
                text,
                at: Place {
                    page: None,
                    line,
                    paragraph: false,
                },
            });
        }
    }

    fn table(&mut self, table: usize) {
        let dom = self.dom;
        // The caption is shown above the table: a text block of its own.
        for caption in dom
            .children(table)
            .filter(|&c| dom.name(c) == Some("caption"))
        {
            self.walk(caption);
            self.flush();
        }
        let mut rows = Vec::new();
        let mut line = None;
        for tr in own_rows(dom, table) {
            let mut cells = Vec::new();
            for cell in dom.children(tr) {
                if !matches!(dom.name(cell), Some("td" | "th")) || is_hidden(dom, cell) {
                    continue;
                }
                let mut raw = String::new();
                cell_text(dom, cell, &mut raw);
                if line.is_none() && !raw.trim().is_empty() {
                    line = Some(self.lines.line_of(&raw));
                }
                cells.push(SourceCell {
                    text: clean_lines(&raw),
                    rowspan: span(dom.attr(cell, "rowspan")),
                    colspan: span(dom.attr(cell, "colspan")),
                });
            }
            if !cells.is_empty() {
                rows.push(cells);
            }
        }
        if !rows.is_empty() {
            self.blocks.push(Block::Table {
                rows,
                at: Place {
                    page: None,
                    line,
                    paragraph: false,
                },
            });
        }
    }
}

/// A table that holds data, not page layout: no table inside it and more than
/// one cell.
fn is_data_table(dom: &Dom, table: usize) -> bool {
    let nested = dom
        .descendants(table)
        .skip(1)
        .any(|n| dom.name(n) == Some("table"));
    if nested {
        return false;
    }
    let cells: usize = own_rows(dom, table)
        .map(|tr| {
            dom.children(tr)
                .filter(|&c| matches!(dom.name(c), Some("td" | "th")))
                .count()
        })
        .sum();
    cells > 1
}

/// The rows of `table` itself (through thead/tbody/tfoot), in order.
fn own_rows(dom: &Dom, table: usize) -> impl Iterator<Item = usize> + '_ {
    dom.children(table).flat_map(move |child| {
        let rows: Vec<usize> = match dom.name(child).unwrap_or("") {
            "tr" => vec![child],
            "thead" | "tbody" | "tfoot" => dom
                .children(child)
                .filter(|&r| dom.name(r) == Some("tr"))
                .collect(),
            _ => Vec::new(),
        };
        rows
    })
}

/// A cell's text with its line structure: `<br>` and block elements break lines.
fn cell_text(dom: &Dom, node: usize, out: &mut String) {
    cell_text_at(dom, node, out, 0);
}

fn cell_text_at(dom: &Dom, node: usize, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        for text in dom.descendants(node).filter_map(|n| dom.text(n)) {
            out.push_str(text);
        }
        return;
    }
    for child in dom.children(node) {
        match dom.node(child) {
            Node::Text(t) => out.push_str(&t.replace('\n', " ")),
            Node::Element { name, .. } => {
                let name: &str = &name.local;
                if SKIPPED.contains(&name) || is_hidden(dom, child) {
                    continue;
                }
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = BLOCK_LEVEL.contains(&name);
                if block {
                    out.push('\n');
                }
                cell_text_at(dom, child, out, depth + 1);
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// An element hidden from the reader of the page.
fn is_hidden(dom: &Dom, el: usize) -> bool {
    dom.attr(el, "hidden").is_some()
        || dom.attr(el, "style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            let s = s.to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// A rowspan/colspan value: a positive integer, 1 when absent or invalid.
fn span(value: Option<&str>) -> usize {
    value
        .and_then(|v| {
            let digits: String = v
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse::<usize>().ok()
        })
        .filter(|&n| n > 0)
        .map_or(1, |n| n.min(MAX_SPAN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_metadata_gives_the_publication_date() {
        let page = |head: &str| {
            read(format!("<html><head>{head}</head><body><p>正文</p></body></html>").as_bytes())
                .unwrap()
                .published
        };
        // Government sites' article metadata, and nianbao's own page.
        assert_eq!(
            page(r#"<meta name="PubDate" content="2024-01-18 10:30">"#),
            chrono::NaiveDate::from_ymd_opt(2024, 1, 18)
        );
        assert_eq!(
            page(r#"<meta name="date" content="2023-01-06">"#),
            chrono::NaiveDate::from_ymd_opt(2023, 1, 6)
        );
        assert_eq!(page(r#"<meta name="keywords" content="2023-01-06">"#), None);
        assert_eq!(page(""), None);
    }

    fn tables(doc: &SourceDoc) -> Vec<&Vec<Vec<SourceCell>>> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table { rows, .. } => Some(rows),
                _ => None,
            })
            .collect()
    }

    fn paras(doc: &SourceDoc) -> Vec<(&str, Option<usize>)> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para { text, at } => Some((text.as_str(), at.line)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn spans_nested_markup_and_nbsp_cells() {
        let page = "<html><body><div class=nav>首页 | 政务公开</div>\n<p>一、总体情况</p>\n\
            <table><tr><td rowspan=\"2\" colspan=3><p><span>本年</span><span>新收</span></p><p>申请数量</p></td><td>&nbsp;</td></tr>\
            <tr><td>12<br>件</td></tr></table><script>var x='<td>';</script></body></html>";
        let doc = read(page.as_bytes()).unwrap();
        assert_eq!(
            paras(&doc),
            vec![("首页 | 政务公开", Some(1)), ("一、总体情况", Some(2))]
        );
        let t = tables(&doc);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0][0][0].text, "本年新收\n申请数量");
        assert_eq!((t[0][0][0].rowspan, t[0][0][0].colspan), (2, 3));
        assert_eq!(t[0][0][1].text, "");
        assert_eq!(t[0][1][0].text, "12\n件");
    }

    #[test]
    fn lines_found_past_a_large_inline_script() {
        let page = format!(
            "<p>导航</p>\n<script>{}</script>\n<p>&ldquo;三同步&rdquo;工作机制</p>\n<p>正文段落</p>",
            "var a = 1;\n".repeat(20_000)
        );
        let doc = read(page.as_bytes()).unwrap();
        let p = paras(&doc);
        assert_eq!(p[1], ("“三同步”工作机制", Some(20_003)));
        assert_eq!(p[2], ("正文段落", Some(20_004)));
    }

    #[test]
    fn preformatted_text_keeps_its_lines_and_spacing() {
        let page = "<body><pre>\n一、总体情况\n项目      本年新收    上年结转\n自然人    25          0\n</pre></body>";
        let doc = read(page.as_bytes()).unwrap();
        assert_eq!(
            paras(&doc),
            vec![
                ("一、总体情况", Some(2)),
                ("项目      本年新收    上年结转", Some(3)),
                ("自然人    25          0", Some(4)),
            ]
        );
    }

    #[test]
    fn gbk_page_by_meta_charset() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>\
            <body><p>政府信息公开工作年度报告</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let doc = read(&bytes).unwrap();
        assert_eq!(paras(&doc)[0].0, "政府信息公开工作年度报告");
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        // Deeper than the walker recurses, within what the parser accepts.
        let page = format!(
            "{}深处的文字{}",
            "<div><span>".repeat(MAX_NESTING / 2 - 10),
            "</span></div>".repeat(MAX_NESTING / 2 - 10)
        );
        let doc = read(page.as_bytes()).unwrap();
        assert!(paras(&doc).iter().any(|(t, _)| t.contains("深处的文字")));
    }

    #[test]
    fn layout_tables_are_walked_as_containers() {
        let page = "<table><tr><td><p>标题</p><table><tr><td>a</td><td>b</td></tr></table></td><td>右栏</td></tr></table>";
        let doc = read(page.as_bytes()).unwrap();
        assert_eq!(tables(&doc).len(), 1);
        assert_eq!(paras(&doc).len(), 2);
    }
}
