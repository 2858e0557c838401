//! The paged layout shared by every fixed-page output (PDF, OFD): an A4 document
//! after GB/T 9704 (docs/format.md, Typesetting), laid out by our own line
//! breaker and table engine into pages of positioned runs and rules with font
//! roles (pages.rs), with the fonts chosen for the document and subset to the
//! glyphs it shows (subset.rs). No output format here: the writers turn the
//! pages into files.

pub(crate) mod fonts;
mod layout;
pub(crate) mod pages;
pub(crate) mod structure;
pub(crate) mod subset;
mod table;

use std::collections::BTreeMap;

use super::{RenderError, RenderOptions};
use crate::document::{Block, Document};
use crate::format::page;
use fonts::{FontSet, Role};
use layout::{Glyph, Line};
pub(crate) use pages::Item;
use pages::Pages;
use structure::{Kind, Mark, Structure};
use subset::{Pack, SubsetFont, Subsetting};

const MM: f32 = page::PT_PER_MM;
/// The page (pt).
pub(crate) const PAGE_WIDTH: f32 = page::PAGE_WIDTH_MM * MM;
pub(crate) const PAGE_HEIGHT: f32 = page::PAGE_HEIGHT_MM * MM;
/// The text block's top left corner, from the page's top left (pt): items
/// are placed from there, x right and y down.
pub(crate) const TEXT_LEFT: f32 = page::MARGIN_LEFT_MM * MM;
pub(crate) const TEXT_TOP: f32 = page::MARGIN_TOP_MM * MM;
/// The text block.
pub(crate) const TEXT_WIDTH: f32 = page::TEXT_WIDTH_MM * MM;
pub(crate) const TEXT_HEIGHT: f32 = page::TEXT_HEIGHT_MM * MM;
const BODY: f32 = page::BODY_SIZE.pt();
/// Distance between grid lines.
pub(crate) const PITCH: f32 = TEXT_HEIGHT / page::LINES_PER_PAGE as f32;
/// CJK glyphs are set this far apart.
const CHAR_PITCH: f32 = TEXT_WIDTH / page::CHARS_PER_LINE as f32;
const TRACKING: f32 = CHAR_PITCH - BODY;
const TITLE: f32 = page::TITLE_SIZE.pt();
const FOLIO: f32 = page::PAGE_NUMBER_SIZE.pt();
const INDENT: f32 = page::FIRST_LINE_INDENT_CHARS as f32 * CHAR_PITCH;

/// A document laid out on pages, with its fonts subset to what the pages show.
pub(crate) struct Paged<P> {
    pub fonts: FontSet,
    /// The pages, page numbers included, each a list of items in drawing order.
    pub pages: Vec<Vec<Item>>,
    /// What the items come from, in reading order.
    #[allow(dead_code)] // Read by the tagged PDF writer, which comes next.
    pub structure: Structure,
    /// One subset per distinct face, its program packed by the output.
    pub subsets: Vec<SubsetFont<P>>,
    font_of_role: BTreeMap<Role, usize>,
}

impl<P> Paged<P> {
    /// Index into `subsets` of the font that prints `role`.
    pub fn font_of(&self, role: Role) -> usize {
        self.font_of_role[&role]
    }

    /// The subset glyph id of `ch` in the font of `role` (every character the
    /// pages show has one; 0, .notdef, for any other).
    pub fn glyph(&self, role: Role, ch: char) -> u16 {
        let font = &self.subsets[self.font_of(role)];
        let face = &self.fonts.faces()[font.face];
        font.remapper.get(face.glyph(ch)).unwrap_or(0)
    }
}

/// Lays `doc` out on pages. The fonts are chosen (system fonts, `--font-dir`,
/// else the shipped ones) and subset, each on its own thread, while the pages
/// are laid out; `pack` turns a subset program into what the output embeds
/// (on that thread). A character no font has is an error naming it.
pub(crate) fn lay_out<P: Send>(
    doc: &Document,
    options: &RenderOptions,
    pack: Pack<P>,
) -> Result<Paged<P>, RenderError> {
    check_font_dirs(&options.font_dirs).map_err(RenderError::Unusable)?;
    let texts = texts(doc);
    let fonts = FontSet::select(Some(&options.font_dirs), &texts).map_err(RenderError::Failed)?;
    check_glyphs(doc, &fonts).map_err(RenderError::Failed)?;
    let (pages, structure, subsets, font_of_role) = std::thread::scope(|scope| {
        let mut subsetting = Subsetting::start(scope, &fonts, &texts, pack);
        let mut pages = Pages::new();
        let structure = typeset(doc, &fonts, &mut pages);
        let pages = numbered(&fonts, pages);
        subset::number_pages(&mut subsetting, &pages);
        let font_of_role = subsetting.font_of_role();
        let subsets = subsetting.finish(pack).map_err(RenderError::Failed)?;
        Ok::<_, RenderError>((pages, structure, subsets, font_of_role))
    })?;
    Ok(Paged {
        fonts,
        pages,
        structure,
        subsets,
        font_of_role,
    })
}

/// The characters of `doc` that the fonts `render` would choose cannot show, each
/// once with the name of the font that lacks it, so `check` can name them first.
pub fn missing_glyphs(
    doc: &Document,
    options: &RenderOptions,
) -> Result<Vec<(char, String)>, RenderError> {
    check_font_dirs(&options.font_dirs).map_err(RenderError::Unusable)?;
    let texts = texts(doc);
    let fonts = FontSet::select(Some(&options.font_dirs), &texts).map_err(RenderError::Failed)?;
    let mut missing: Vec<(char, String)> = Vec::new();
    for (role, text) in &texts {
        let face = fonts.face(*role);
        for ch in text.chars() {
            if !ch.is_whitespace() && !face.has(ch) && !missing.iter().any(|(c, _)| *c == ch) {
                missing.push((ch, face.name.clone()));
            }
        }
    }
    Ok(missing)
}

/// Which font serves each role and why: (role, font, reason).
pub fn font_report(
    font_dirs: &[std::path::PathBuf],
) -> Result<Vec<(String, String, String)>, String> {
    check_font_dirs(font_dirs)?;
    let fonts = FontSet::select(Some(font_dirs), &[])?;
    Ok(fonts
        .faces()
        .iter()
        .map(|f| (f.role.label().to_string(), f.name.clone(), f.reason.clone()))
        .collect())
}

fn check_font_dirs(dirs: &[std::path::PathBuf]) -> Result<(), String> {
    match dirs.iter().find(|d| !d.is_dir()) {
        Some(d) => Err(format!("字体目录「{}」不存在或不是目录", d.display())),
        None => Ok(()),
    }
}

/// Every text of the document with the role that will print it.
fn texts(doc: &Document) -> Vec<(Role, String)> {
    located_texts(doc)
        .into_iter()
        .map(|(role, text, _)| (role, text))
        .collect()
}

/// Every text of the document with its role and where it is, for the user.
fn located_texts(doc: &Document) -> Vec<(Role, String, String)> {
    let mut out = Vec::new();
    for line in &doc.title_lines {
        out.push((Role::Title, line.clone(), "报告标题".to_string()));
    }
    let mut section = String::new();
    for block in &doc.blocks {
        let body = if section.is_empty() {
            "报告开头的正文".to_string()
        } else {
            format!("「{section}」下的正文")
        };
        match block {
            Block::Heading(h) => {
                section = h.full();
                let role = if page::fits_as_heading(&h.full()) {
                    heading_role(h.level)
                } else {
                    Role::Body
                };
                out.push((role, h.full(), "小标题".to_string()));
            }
            Block::Paragraph(p) => {
                for run in &p.runs {
                    let role = if run.bold { Role::Title } else { Role::Body };
                    out.push((role, run.text.clone(), body.clone()));
                }
            }
            Block::Table(t) => {
                for cell in t.rows.iter().flatten() {
                    let place = format!("表格「{}」", t.caption);
                    out.push((Role::Body, cell.text.clone(), place));
                }
            }
            Block::Signature(s) => {
                for text in s.closing.iter().chain(&s.lines) {
                    out.push((Role::Body, text.clone(), "落款".to_string()));
                }
            }
            Block::Contact(items) => {
                for item in items {
                    out.push((Role::Body, contact_line(item), "联系方式".to_string()));
                }
            }
        }
    }
    out.push((
        Role::Folio,
        page::page_number(1234567890),
        "页码".to_string(),
    ));
    out
}

/// A character that no font has is an error naming it and where it occurs.
fn check_glyphs(doc: &Document, fonts: &FontSet) -> Result<(), String> {
    for (role, text, place) in located_texts(doc) {
        let face = fonts.face(role);
        for (i, ch) in text.chars().enumerate() {
            if ch.is_whitespace() || face.has(ch) {
                continue;
            }
            let chars: Vec<char> = text.chars().collect();
            let from = i.saturating_sub(12);
            let to = (i + 13).min(chars.len());
            let context: String = chars[from..to].iter().collect();
            return Err(format!(
                "{}字体「{}」中没有字符「{}」（U+{:04X}），无法生成PDF。出现在{}：「{}」。请改用常用字，或用 --font-dir 指定含有该字的字体。",
                role.label(),
                face.name,
                ch,
                ch as u32,
                place,
                context
            ));
        }
    }
    Ok(())
}

fn heading_role(level: u8) -> Role {
    Role::heading(level)
}

fn contact_line(item: &crate::document::ContactItem) -> String {
    if item.label.ends_with('：') || item.label.ends_with(':') {
        format!("{}{}", item.label, item.value)
    } else {
        format!("{}：{}", item.label, item.value)
    }
}

/// Lays the blocks out page by page; returns the structure the items come from.
fn typeset(doc: &Document, fonts: &FontSet, pages: &mut Pages) -> Structure {
    let mut structure = Structure::new();
    if !doc.title_lines.is_empty() {
        open(&mut structure, pages, Kind::Title);
    }
    for text in &doc.title_lines {
        // Titles break between words into balanced lines (format::page::name_breaks).
        let glyphs = layout::shape(fonts, text, Role::Title, TITLE, 0.0);
        for line in layout::layout_balanced(&glyphs, TEXT_WIDTH, &page::name_breaks(text)) {
            let x = (TEXT_WIDTH - line.width()) / 2.0;
            pages.grid_line(x, TITLE, &line, 0.0);
        }
    }
    pages.advance(PITCH);

    for (k, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(h) if !page::fits_as_heading(&h.full()) => {
                open(&mut structure, pages, Kind::Paragraph);
                let glyphs = layout::shape(fonts, &h.full(), Role::Body, BODY, TRACKING);
                body_lines(pages, &glyphs);
            }
            Block::Heading(h) => {
                open(&mut structure, pages, Kind::Heading(h.level.clamp(1, 3)));
                let glyphs = layout::shape(fonts, &h.full(), heading_role(h.level), BODY, TRACKING);
                let lines = layout::layout_paragraph(&glyphs, TEXT_WIDTH, INDENT);
                let need = lines.len() as f32 * PITCH
                    + next_block_minimum(fonts, doc.blocks.get(k + 1..).unwrap_or_default());
                if !pages.fits(need) && !pages.at_top() {
                    pages.new_page();
                }
                for line in &lines {
                    pages.grid_line(line.indent, BODY, line, TRACKING);
                }
            }
            Block::Paragraph(p) => {
                open(&mut structure, pages, Kind::Paragraph);
                let glyphs: Vec<Glyph> = p
                    .runs
                    .iter()
                    .flat_map(|run| {
                        let role = if run.bold { Role::Title } else { Role::Body };
                        layout::shape(fonts, &run.text, role, BODY, TRACKING)
                    })
                    .collect();
                body_lines(pages, &glyphs);
            }
            Block::Table(t) => {
                pages.snap_to_grid();
                let cells = structure.add_table(t);
                table::draw(pages, fonts, t, &cells);
                pages.snap_to_grid();
            }
            Block::Signature(s) => {
                let closing = match &s.closing {
                    Some(text) => layout::layout_paragraph(
                        &layout::shape(fonts, text, Role::Body, BODY, TRACKING),
                        TEXT_WIDTH,
                        INDENT,
                    ),
                    None => Vec::new(),
                };
                // The signature stays with the closing paragraph: all of a
                // short one, the last two lines of a long one.
                let carried = if closing.len() <= 3 { closing.len() } else { 2 };
                let (alone, with) = closing.split_at(closing.len() - carried);
                if !closing.is_empty() {
                    open(&mut structure, pages, Kind::Paragraph);
                }
                for line in alone {
                    pages.grid_line(line.indent, BODY, line, TRACKING);
                }
                let signature = signature_lines(fonts, &s.lines);
                let gap = page::SIGNATURE_LINES_BEFORE as f32 * PITCH;
                let need = (carried + signature.len()) as f32 * PITCH + gap;
                if !pages.fits(need) && !pages.at_top() {
                    pages.new_page();
                }
                for line in with {
                    pages.grid_line(line.indent, BODY, line, TRACKING);
                }
                if !pages.at_top() {
                    pages.advance(gap);
                }
                let node =
                    (!signature.is_empty()).then(|| open(&mut structure, pages, Kind::Signature));
                let mut text = None;
                for (x, line, k) in &signature {
                    // Each text of the 落款 is one paragraph, however many lines it takes.
                    if let Some(node) = node
                        && text != Some(*k)
                    {
                        text = Some(*k);
                        let p = structure.add(node, Kind::Paragraph);
                        pages.mark(Mark::Node(p));
                    }
                    pages.grid_line(*x, BODY, line, TRACKING);
                }
            }
            Block::Contact(items) => {
                for item in items {
                    open(&mut structure, pages, Kind::Paragraph);
                    let glyphs =
                        layout::shape(fonts, &contact_line(item), Role::Body, BODY, TRACKING);
                    body_lines(pages, &glyphs);
                }
            }
        }
    }
    structure
}

/// Adds a node under the root; the text drawn from now on is its content.
fn open(structure: &mut Structure, pages: &mut Pages, kind: Kind) -> structure::NodeId {
    let node = structure.add(Structure::ROOT, kind);
    pages.mark(Mark::Node(node));
    node
}

/// The 落款 after GB/T 9704 (format::page): the date (the last line) four
/// characters in from the right, each line above centred over it. A line too
/// wide to be centred over the date inside the margins (a long agency name)
/// breaks between the parts of the name into balanced lines, each centred.
/// Returns each line with its left offset and the index of its text.
fn signature_lines(fonts: &FontSet, texts: &[String]) -> Vec<(f32, Line, usize)> {
    let Some((date, names)) = texts.split_last() else {
        return Vec::new();
    };
    let date = Line {
        glyphs: layout::shape(fonts, date, Role::Body, BODY, TRACKING),
        indent: 0.0,
        spacing: 0.0,
    };
    let date_chars = date.width() / CHAR_PITCH;
    let right = page::signature_right_indents(&[date_chars])[0];
    // The date's centre, from the left of the text block.
    let centre = TEXT_WIDTH - (right + date_chars / 2.0) * CHAR_PITCH;
    let measure = 2.0 * (TEXT_WIDTH - centre).min(centre);
    let mut lines = Vec::new();
    for (k, text) in names.iter().enumerate() {
        let glyphs = layout::shape(fonts, text, Role::Body, BODY, TRACKING);
        for line in layout::layout_balanced(&glyphs, measure, &page::name_breaks(text)) {
            let w = line.width();
            let x = (centre - w / 2.0).clamp(0.0, (TEXT_WIDTH - w).max(0.0));
            lines.push((x, line, k));
        }
    }
    let x = (TEXT_WIDTH - right * CHAR_PITCH - date.width()).max(0.0);
    lines.push((x, date, names.len()));
    lines
}

/// Height the block after a heading needs on the same page.
/// A heading followed by another heading keeps both with the first lines below.
fn next_block_minimum(fonts: &FontSet, rest: &[Block]) -> f32 {
    match rest.first() {
        Some(Block::Paragraph(_)) | Some(Block::Contact(_)) => 2.0 * PITCH,
        Some(Block::Heading(h)) if !page::fits_as_heading(&h.full()) => 2.0 * PITCH,
        // Headings end on the grid, so the table starts right below.
        Some(Block::Table(t)) => table::start_height(fonts, t),
        Some(Block::Heading(_)) => PITCH + next_block_minimum(fonts, &rest[1..]),
        _ => PITCH,
    }
}

fn body_lines(pages: &mut Pages, glyphs: &[Glyph]) {
    for line in layout::layout_paragraph(glyphs, TEXT_WIDTH, INDENT) {
        pages.grid_line(line.indent, BODY, &line, TRACKING);
    }
}

/// The finished pages, each with its page number.
fn numbered(fonts: &FontSet, pages: Pages) -> Vec<Vec<pages::Item>> {
    let mut all = pages.finish();
    for (i, items) in all.iter_mut().enumerate() {
        let number = i + 1;
        let text = page::page_number(number);
        let glyphs = layout::shape(fonts, &text, Role::Folio, FOLIO, 0.0);
        let line = Line {
            glyphs,
            indent: 0.0,
            spacing: 0.0,
        };
        let inset = page::PAGE_NUMBER_INSET_CHARS as f32 * CHAR_PITCH;
        let x = if page::page_number_on_right(number) {
            TEXT_WIDTH - inset - line.width()
        } else {
            inset
        };
        let baseline = TEXT_HEIGHT + page::PAGE_NUMBER_BELOW_MM * MM + FOLIO * 0.8;
        let mut folio = Pages::new();
        folio.mark(Mark::PageNumber);
        folio.line_at(x, baseline, FOLIO, &line);
        items.extend(folio.finish().into_iter().flatten());
    }
    all
}

/// The publication date (2024-01-15); the file's dates come from the report,
/// never from the clock.
pub(crate) fn publication_date(iso: &str) -> Option<(u16, u8, u8)> {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    Some((
        u16::try_from(year).ok().filter(|y| *y <= 9999)?,
        u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?,
        u8::try_from(day).ok().filter(|d| (1..=31).contains(d))?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::build_document;
    use crate::render::groups;
    use crate::report::parse_report;

    /// The documents of the examples and the valid fixtures.
    pub(super) fn documents() -> Vec<(std::path::PathBuf, Document)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in ["examples", "tests/fixtures/valid"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "toml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let file = crate::diag::SourceFile::new(&path, text);
                if let Some(report) = parse_report(&file).report {
                    out.push((path, build_document(&report)));
                }
            }
        }
        assert!(out.len() >= 5, "{} reports", out.len());
        out
    }

    /// DOCX and the print CSS keep row groups together by row heights
    /// estimated from the page specification (render::groups); the estimate
    /// of each table is within a tenth of the PDF's layout, and splits the
    /// groups the PDF splits.
    #[test]
    fn estimated_table_heights_follow_the_pdf_layout() {
        let fonts = FontSet::select(None, &[]).unwrap();
        for (path, doc) in documents() {
            for block in &doc.blocks {
                let Block::Table(t) = block else { continue };
                let heights = table::row_heights(&fonts, t);
                let set: f32 = heights.iter().sum();
                let estimated: f32 = groups::estimated_heights(t).iter().sum();
                assert!(
                    (estimated / set - 1.0).abs() < 0.1,
                    "{} {}: estimated {estimated:.0} pt, set {set:.0} pt",
                    path.display(),
                    t.caption
                );
                let header: f32 = heights[..t.header_rows].iter().sum();
                let as_set = groups::split_tall(
                    groups::row_groups(t),
                    &groups::spans(t),
                    &heights,
                    TEXT_HEIGHT - header,
                );
                assert_eq!(
                    as_set,
                    groups::reader_groups(t),
                    "{} {}",
                    path.display(),
                    t.caption
                );
            }
        }
    }

    /// The fonts are subset from `texts` before the layout: every character
    /// the pages show, page numbers included, must be among them, or the
    /// writer has to subset a font again after the layout (correct but slow).
    #[test]
    fn the_texts_announce_every_glyph_the_pages_show() {
        for (path, doc) in documents() {
            let texts = texts(&doc);
            let fonts = FontSet::select(None, &texts).unwrap();
            std::thread::scope(|scope| {
                let pack: Pack<()> = |_, _| Ok(());
                let subsetting = Subsetting::start(scope, &fonts, &texts, pack);
                let mut pages = Pages::new();
                typeset(&doc, &fonts, &mut pages);
                let missing = subsetting.unannounced(&numbered(&fonts, pages));
                assert!(missing.is_empty(), "{}: {missing:?}", path.display());
            });
        }
    }
}

#[cfg(test)]
mod structure_tests {
    use super::structure::{Kind, Mark, NodeId, Scope, Structure};
    use super::*;
    use crate::document::CellRole;

    pub(super) fn documents() -> Vec<(std::path::PathBuf, Document)> {
        super::tests::documents()
    }

    /// Nodes in reading order (depth first).
    fn reading_order(s: &Structure) -> Vec<usize> {
        let mut order = vec![usize::MAX; s.nodes.len()];
        let mut stack = vec![Structure::ROOT];
        let mut k = 0;
        while let Some(n) = stack.pop() {
            order[n] = k;
            k += 1;
            stack.extend(s.nodes[n].children.iter().rev());
        }
        order
    }

    fn without_spaces(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// Every text item names its node; the nodes' content comes in page
    /// order in the tree's reading order; a repetition is a cell's copy;
    /// the page number is the artifact at the end of each page; every cell
    /// has the text, the span and the header kind of the document's cell.
    #[test]
    fn the_structure_follows_the_pages() {
        for (path, doc) in documents() {
            let name = path.display();
            let texts = texts(&doc);
            let fonts = FontSet::select(None, &texts).unwrap();
            let mut pages = Pages::new();
            let s = typeset(&doc, &fonts, &mut pages);
            let pages = numbered(&fonts, pages);
            let order = reading_order(&s);
            assert!(order.iter().all(|k| *k != usize::MAX), "{name}: orphans");
            let mut content = vec![String::new(); s.nodes.len()];
            let mut last = 0;
            for (p, items) in pages.iter().enumerate() {
                let marks: Vec<(&Vec<char>, Mark, Role)> = items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Text {
                            text, mark, role, ..
                        } => Some((text, *mark, *role)),
                        Item::Rect { .. } => None,
                    })
                    .collect();
                let (folio, mark, _) = marks.last().unwrap();
                assert_eq!(*mark, Mark::PageNumber, "{name} p{}", p + 1);
                assert_eq!(
                    folio.iter().collect::<String>(),
                    page::page_number(p + 1),
                    "{name}"
                );
                for (text, mark, role) in marks {
                    match mark {
                        Mark::Node(n) => {
                            assert!(
                                order[n] >= last,
                                "{name} p{}: 「{}」 read before what precedes it",
                                p + 1,
                                text.iter().collect::<String>()
                            );
                            last = order[n];
                            assert!(
                                s.nodes[n].children.is_empty()
                                    && !matches!(s.nodes[n].kind, Kind::Row | Kind::Table),
                                "{name}: content of a {:?}",
                                s.nodes[n].kind
                            );
                            content[n].extend(text);
                        }
                        Mark::Repeated(n) => {
                            assert!(matches!(s.nodes[n].kind, Kind::Cell(_)), "{name}");
                            assert!(!content[n].is_empty(), "{name}: a copy before the cell");
                        }
                        Mark::PageNumber => assert_eq!(role, Role::Folio, "{name}"),
                    }
                }
            }
            let title = s.nodes[Structure::ROOT].children[0];
            assert_eq!(s.nodes[title].kind, Kind::Title);
            assert_eq!(
                without_spaces(&content[title]),
                without_spaces(&doc.title_lines.concat())
            );
            let tables: Vec<NodeId> = s.nodes[Structure::ROOT]
                .children
                .iter()
                .copied()
                .filter(|n| s.nodes[*n].kind == Kind::Table)
                .collect();
            let doc_tables: Vec<&crate::document::Table> = doc
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(t),
                    _ => None,
                })
                .collect();
            assert_eq!(tables.len(), doc_tables.len(), "{name}");
            for (node, table) in tables.iter().zip(doc_tables) {
                let cells: Vec<NodeId> = reading_order_cells(&s, *node);
                let doc_cells: Vec<&crate::document::Cell> = table.rows.iter().flatten().collect();
                assert_eq!(cells.len(), doc_cells.len(), "{name} {}", table.caption);
                for (n, cell) in cells.iter().zip(doc_cells) {
                    let Kind::Cell(c) = &s.nodes[*n].kind else {
                        unreachable!()
                    };
                    assert_eq!((c.row, c.col), (cell.row, cell.col), "{name}");
                    assert_eq!(
                        (c.rowspan, c.colspan),
                        (cell.rowspan.max(1), cell.colspan.max(1))
                    );
                    assert_eq!(without_spaces(&content[*n]), without_spaces(&cell.text));
                    match cell.role {
                        CellRole::Header => assert_eq!(c.scope, Some(Scope::Column)),
                        CellRole::Label => assert_eq!(c.scope, Some(Scope::Row)),
                        CellRole::Figure => {
                            assert_eq!(c.scope, None);
                            let column_headers = c.headers.iter().filter(|h| {
                                matches!(&s.nodes[**h].kind,
                                    Kind::Cell(hc) if hc.scope == Some(Scope::Column))
                            });
                            assert!(
                                column_headers.count() > 0,
                                "{name} {}: figure at row {} col {} has no column header",
                                table.caption,
                                c.row,
                                c.col
                            );
                        }
                    }
                }
            }
        }
    }

    fn reading_order_cells(s: &Structure, table: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![table];
        while let Some(n) = stack.pop() {
            if matches!(s.nodes[n].kind, Kind::Cell(_)) {
                out.push(n);
            }
            stack.extend(s.nodes[n].children.iter().rev());
        }
        out
    }
}
