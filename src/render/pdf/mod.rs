//! PDF output: an A4 document after GB/T 9704 (FORMAT.md §8), laid out by our
//! own line breaker and table engine and written with printpdf.

mod fonts;
mod layout;
mod table;

use printpdf::{
    Line as PdfLine, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, TextItem,
};

use super::{RenderError, RenderOptions};
use crate::document::{Block, Document};
use fonts::{FontSet, Role};
use layout::{Glyph, Line};

const MM: f32 = 72.0 / 25.4;
const PAGE_WIDTH: f32 = 210.0 * MM;
const PAGE_HEIGHT: f32 = 297.0 * MM;
const MARGIN_TOP: f32 = 37.0 * MM;
const MARGIN_LEFT: f32 = 28.0 * MM;
/// The text block: 156 × 225 mm.
pub(crate) const TEXT_WIDTH: f32 = 156.0 * MM;
pub(crate) const TEXT_HEIGHT: f32 = 225.0 * MM;
/// 3号 body text.
const BODY: f32 = 16.0;
/// 22 lines per page.
const PITCH: f32 = TEXT_HEIGHT / 22.0;
/// 28 characters per line: CJK glyphs are set this far apart.
const CHAR_PITCH: f32 = TEXT_WIDTH / 28.0;
const TRACKING: f32 = CHAR_PITCH - BODY;
/// 2号 title.
const TITLE: f32 = 22.0;
/// 4号 page numbers, 7 mm below the text block.
const FOLIO: f32 = 14.0;

/// Renders the document as a PDF.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    check_font_dirs(&options.font_dirs).map_err(RenderError::Unusable)?;
    let fonts =
        FontSet::select(Some(&options.font_dirs), &texts(doc)).map_err(RenderError::Failed)?;
    check_glyphs(doc, &fonts).map_err(RenderError::Failed)?;

    let mut pages = Pages::new();
    typeset(doc, &fonts, &mut pages);
    Ok(save(doc, &fonts, pages))
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
                out.push((heading_role(h.level), h.full(), "小标题".to_string()));
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
    out.push((Role::Body, "— 0123456789 —".to_string(), "页码".to_string()));
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
    if level <= 1 { Role::Hei } else { Role::Kai }
}

fn contact_line(item: &crate::document::ContactItem) -> String {
    if item.label.ends_with('：') || item.label.ends_with(':') {
        format!("{}{}", item.label, item.value)
    } else {
        format!("{}：{}", item.label, item.value)
    }
}

/// Lays the blocks out page by page.
fn typeset(doc: &Document, fonts: &FontSet, pages: &mut Pages) {
    for text in &doc.title_lines {
        let glyphs = layout::shape(fonts, text, Role::Title, TITLE, 0.0);
        for line in layout::layout_paragraph(&glyphs, TEXT_WIDTH, 0.0) {
            let x = (TEXT_WIDTH - line.width()) / 2.0;
            pages.grid_line(fonts, x, TITLE, &line, 0.0);
        }
    }
    pages.advance(PITCH);

    for (k, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => {
                let glyphs = layout::shape(fonts, &h.full(), heading_role(h.level), BODY, TRACKING);
                let lines = layout::layout_paragraph(&glyphs, TEXT_WIDTH, 2.0 * CHAR_PITCH);
                let need = lines.len() as f32 * PITCH
                    + next_block_minimum(fonts, doc.blocks.get(k + 1..).unwrap_or_default());
                if need > pages.remaining() && !pages.at_top() {
                    pages.new_page();
                }
                for line in &lines {
                    pages.grid_line(fonts, line.indent, BODY, line, TRACKING);
                }
            }
            Block::Paragraph(p) => {
                let glyphs: Vec<Glyph> = p
                    .runs
                    .iter()
                    .flat_map(|run| {
                        let role = if run.bold { Role::Title } else { Role::Body };
                        layout::shape(fonts, &run.text, role, BODY, TRACKING)
                    })
                    .collect();
                body_lines(pages, fonts, &glyphs);
            }
            Block::Table(t) => {
                pages.snap_to_grid();
                table::draw(pages, fonts, t);
                pages.snap_to_grid();
            }
            Block::Signature(s) => {
                if let Some(closing) = &s.closing {
                    let glyphs = layout::shape(fonts, closing, Role::Body, BODY, TRACKING);
                    body_lines(pages, fonts, &glyphs);
                }
                // Keep the signature lines together, after one empty line.
                let need = (s.lines.len() + 1) as f32 * PITCH;
                if need > pages.remaining() {
                    pages.new_page();
                } else {
                    pages.advance(PITCH);
                }
                // GB/T 9704: the date 4 characters in from the right, the
                // agency centred over it.
                let shaped: Vec<Line> = s
                    .lines
                    .iter()
                    .map(|text| Line {
                        glyphs: layout::shape(fonts, text, Role::Body, BODY, TRACKING),
                        indent: 0.0,
                        spacing: 0.0,
                    })
                    .collect();
                let date_width = shaped.last().map(Line::width).unwrap_or(0.0);
                let centre = TEXT_WIDTH - 4.0 * CHAR_PITCH - date_width / 2.0;
                for (k, line) in shaped.iter().enumerate() {
                    let x = if k + 1 == shaped.len() {
                        centre - date_width / 2.0
                    } else {
                        (centre - line.width() / 2.0).min(TEXT_WIDTH - line.width())
                    };
                    pages.grid_line(fonts, x.max(0.0), BODY, line, TRACKING);
                }
            }
            Block::Contact(items) => {
                for item in items {
                    let glyphs =
                        layout::shape(fonts, &contact_line(item), Role::Body, BODY, TRACKING);
                    body_lines(pages, fonts, &glyphs);
                }
            }
        }
    }
}

/// Height the block after a heading needs on the same page.
/// A heading followed by another heading keeps both with the first lines below.
fn next_block_minimum(fonts: &FontSet, rest: &[Block]) -> f32 {
    match rest.first() {
        Some(Block::Paragraph(_)) | Some(Block::Contact(_)) => 2.0 * PITCH,
        // The table may first move down to the next grid line.
        Some(Block::Table(t)) => table::start_height(fonts, t) + PITCH,
        Some(Block::Heading(_)) => PITCH + next_block_minimum(fonts, &rest[1..]),
        _ => PITCH,
    }
}

fn body_lines(pages: &mut Pages, fonts: &FontSet, glyphs: &[Glyph]) {
    for line in layout::layout_paragraph(glyphs, TEXT_WIDTH, 2.0 * CHAR_PITCH) {
        pages.grid_line(fonts, line.indent, BODY, &line, TRACKING);
    }
}

/// The pages being drawn, with a cursor measured down from the top of the text block.
pub(crate) struct Pages {
    done: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages {
            done: Vec::new(),
            ops: Vec::new(),
            y: 0.0,
        }
    }

    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    pub(crate) fn remaining(&self) -> f32 {
        TEXT_HEIGHT - self.y
    }

    pub(crate) fn at_top(&self) -> bool {
        self.y < 0.01
    }

    pub(crate) fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.ops));
        self.y = 0.0;
    }

    pub(crate) fn advance(&mut self, h: f32) {
        self.y += h;
    }

    fn snap_to_grid(&mut self) {
        let lines = (self.y / PITCH - 0.01).ceil().max(0.0);
        self.y = lines * PITCH;
        if self.remaining() < PITCH * 0.5 {
            self.new_page();
        }
    }

    /// Draws a line on the next grid line, starting a page when this one is full.
    fn grid_line(&mut self, fonts: &FontSet, x: f32, size: f32, line: &Line, tracking: f32) {
        if self.remaining() < PITCH - 0.01 {
            self.new_page();
        }
        let baseline = self.y + PITCH / 2.0 + size * 0.35;
        self.draw_line(fonts, x, baseline, size, line, tracking);
        self.y += PITCH;
    }

    /// Draws a line with its baseline `baseline` below the text block top.
    pub(crate) fn line_at(
        &mut self,
        fonts: &FontSet,
        x: f32,
        baseline: f32,
        size: f32,
        line: &Line,
    ) {
        self.draw_line(fonts, x, baseline, size, line, 0.0);
    }

    fn draw_line(
        &mut self,
        fonts: &FontSet,
        x: f32,
        baseline: f32,
        size: f32,
        line: &Line,
        tracking: f32,
    ) {
        let mut pen = x;
        let mut i = 0;
        let glyphs = &line.glyphs;
        while i < glyphs.len() {
            let role = glyphs[i].role;
            let mut j = i;
            let mut text = String::new();
            let mut width = 0.0;
            while j < glyphs.len() && glyphs[j].role == role {
                text.push(glyphs[j].ch);
                width += glyphs[j].advance + line.spacing;
                j += 1;
            }
            let _ = fonts;
            self.ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(printpdf::FontId(role.pdf_id().to_string())),
                    size: Pt(size),
                },
                Op::SetCharacterSpacing {
                    multiplier: tracking + line.spacing,
                },
                Op::SetTextCursor {
                    pos: page_point(pen, baseline),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text)],
                },
                Op::EndTextSection,
            ]);
            pen += width;
            i = j;
        }
    }

    /// Strokes a rectangle given from its top-left corner in text-block coordinates.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let points = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            .into_iter()
            .map(|(px, py)| LinePoint {
                p: page_point(px, py),
                bezier: false,
            })
            .collect();
        self.ops.push(Op::DrawLine {
            line: PdfLine {
                points,
                is_closed: true,
            },
        });
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        if !self.ops.is_empty() || self.done.is_empty() {
            self.done.push(self.ops);
        }
        self.done
    }
}

/// A text-block point (x right, y down) as a page point (from the bottom left).
fn page_point(x: f32, y: f32) -> Point {
    Point {
        x: Pt(MARGIN_LEFT + x),
        y: Pt(PAGE_HEIGHT - MARGIN_TOP - y),
    }
}

/// Adds page numbers, fonts and metadata, and writes the file.
fn save(doc: &Document, fonts: &FontSet, pages: Pages) -> Vec<u8> {
    let mut pdf = PdfDocument::new(&doc.title);
    pdf.metadata.info.author = doc.agency.clone();
    pdf.metadata.info.creator = "nianbao".to_string();
    pdf.metadata.info.producer = "nianbao".to_string();
    pdf.metadata.info.subject = "政府信息公开工作年度报告".to_string();
    if let Some(date) = doc.date_iso.as_deref().and_then(publication_date) {
        pdf.metadata.info.creation_date = date;
        pdf.metadata.info.modification_date = date;
        pdf.metadata.info.metadata_date = date;
    }
    for face in fonts.faces() {
        pdf.resources.fonts.map.insert(
            printpdf::FontId(face.role.pdf_id().to_string()),
            printpdf::PdfFont::new(face.parsed.clone()),
        );
    }
    let all = pages.finish();
    let mut out = Vec::new();
    for (i, mut ops) in all.into_iter().enumerate() {
        let number = i + 1;
        let text = format!("— {number} —");
        let glyphs = layout::shape(fonts, &text, Role::Body, FOLIO, 0.0);
        let line = Line {
            glyphs,
            indent: 0.0,
            spacing: 0.0,
        };
        let x = if number % 2 == 1 {
            TEXT_WIDTH - FOLIO - line.width()
        } else {
            FOLIO
        };
        let baseline = TEXT_HEIGHT + 7.0 * MM + FOLIO * 0.8;
        let mut folio = Pages::new();
        folio.line_at(fonts, x, baseline, FOLIO, &line);
        ops.extend(folio.ops);
        ops.insert(0, Op::SetOutlineThickness { pt: Pt(0.5) });
        out.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    let _ = PAGE_WIDTH;
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let bytes = pdf.with_pages(out).save(&options, &mut warnings);
    fix_trailer_id(bytes)
}

/// The publication date (2024-01-15) at midnight (printpdf writes no offset);
/// the file's dates come from the report, never from the clock.
fn publication_date(iso: &str) -> Option<printpdf::OffsetDateTime> {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    Some(printpdf::DateTime::new_in_offset(
        printpdf::Date {
            year: i32::try_from(year).ok()?,
            month: u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?,
            day: u8::try_from(day).ok().filter(|d| (1..=31).contains(d))?,
        },
        printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    ))
}

/// printpdf writes random file identifiers; replace them with a hash of the
/// content so the same input gives the same bytes.
fn fix_trailer_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(at) = find(&bytes, b"/ID[") else {
        return bytes;
    };
    let hash = fnv(&bytes[..at]);
    let id = format!("{hash:016x}{:016x}", hash.rotate_left(29));
    let mut i = at + 4;
    for _ in 0..2 {
        let Some(open) = bytes[i..].iter().position(|b| *b == b'(') else {
            break;
        };
        let start = i + open + 1;
        let Some(close) = bytes[start..].iter().position(|b| *b == b')') else {
            break;
        };
        let len = close.min(id.len());
        bytes[start..start + len].copy_from_slice(&id.as_bytes()[..len]);
        i = start + close + 1;
    }
    bytes
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
