//! DOCX output: the report as an official document (FORMAT.md §8), built with
//! docx-rs and finished by a small package fix (schema order, header rows,
//! core properties, font table, deterministic zip).

mod package;
mod styles;
mod table;
mod xml_fix;

use std::io::Cursor;

use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, Footer, PageMargin, PageNum, Paragraph, Run,
    SpecialIndentType,
};

use crate::document::{Block, Document};
use crate::format::page;
use styles::*;
use xml_fix::Fixes;

/// Renders the document as DOCX bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let mut fixes = Fixes::default();
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(MARGIN_HEADER)
                .footer(MARGIN_FOOTER)
                .gutter(0),
        )
        .default_fonts(fonts(FANGSONG, LATIN))
        .default_size(SIZE_BODY)
        .footer(page_number_footer(false))
        .even_footer(page_number_footer(true));
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(LINE_PITCH as usize),
    );
    for style in styles() {
        docx = docx.add_style(style);
    }

    for line in &doc.title_lines {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style(STYLE_TITLE)
                .add_run(Run::new().add_text(line)),
        );
    }
    // One blank line between title and body.
    docx = docx.add_paragraph(Paragraph::new());

    for block in &doc.blocks {
        match block {
            Block::Heading(h) => {
                let style = if h.level <= 1 {
                    STYLE_HEADING1
                } else {
                    STYLE_HEADING2
                };
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .style(style)
                        .keep_next(true)
                        .add_run(Run::new().add_text(h.full())),
                );
            }
            Block::Paragraph(p) => {
                let mut para = Paragraph::new();
                for run in &p.runs {
                    let r = Run::new().add_text(&run.text);
                    para = para.add_run(if run.bold { r.bold() } else { r });
                }
                docx = docx.add_paragraph(para);
            }
            Block::Table(t) => {
                fixes.header_rows.push(t.header_rows);
                docx = docx.add_table(table::build(t));
            }
            Block::Signature(s) => {
                // The closing, the empty line and the signature stay on one page.
                if let Some(closing) = &s.closing {
                    docx = docx.add_paragraph(
                        Paragraph::new()
                            .keep_next(true)
                            .add_run(Run::new().add_text(closing)),
                    );
                }
                for _ in 0..page::SIGNATURE_LINES_BEFORE {
                    docx = docx.add_paragraph(Paragraph::new().keep_next(true));
                }
                let widths: Vec<f32> = s.lines.iter().map(|l| page::estimated_chars(l)).collect();
                let indents = page::signature_right_indents(&widths);
                for (k, (line, right)) in s.lines.iter().zip(indents).enumerate() {
                    docx = docx.add_paragraph(
                        Paragraph::new()
                            .style(STYLE_SIGNATURE)
                            .indent(
                                Some(0),
                                Some(SpecialIndentType::FirstLine(0)),
                                Some((right * ONE_CHAR as f32).round() as i32),
                                None,
                            )
                            .keep_next(k + 1 < s.lines.len())
                            .add_run(Run::new().add_text(line)),
                    );
                }
            }
            Block::Contact(items) => {
                for item in items {
                    docx =
                        docx.add_paragraph(Paragraph::new().add_run(
                            Run::new().add_text(format!("{}：{}", item.label, item.value)),
                        ));
                }
            }
        }
    }

    let mut packed = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut packed)
        .map_err(|e| format!("DOCX 打包失败：{e}"))?;
    let meta = package::Meta {
        title: doc.title.clone(),
        creator: doc.agency.clone(),
        date: match &doc.date_iso {
            Some(d) => format!("{d}T00:00:00Z"),
            // No publication date: the end of the report year.
            None => format!("{}-12-31T00:00:00Z", doc.year),
        },
    };
    package::finish(&packed.into_inner(), &meta, &fixes)
}

/// 「— 1 —」 in 4号 宋体: odd pages right-aligned, even pages left-aligned,
/// one character in from the margin.
fn page_number_footer(even: bool) -> Footer {
    let (align, left, right) = if even {
        (AlignmentType::Left, ONE_CHAR, 0)
    } else {
        (AlignmentType::Right, 0, ONE_CHAR)
    };
    Footer::new().add_paragraph(
        Paragraph::new()
            .style(STYLE_FOOTER)
            .align(align)
            .indent(
                Some(left),
                Some(SpecialIndentType::FirstLine(0)),
                Some(right),
                None,
            )
            .add_run(Run::new().add_text("— "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" —")),
    )
}
