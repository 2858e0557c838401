//! Writer B: krilla 0.7 with default serialize settings (`Document::new()`:
//! compressed content streams, XMP metadata, PDF 1.7, no validator). The glyphs
//! are drawn with `Surface::draw_glyphs` (no shaping): one call per line, each
//! glyph with the fixed pitch as its advance and its character's byte range in
//! the line as its cluster, from which krilla builds the ToUnicode CMap.

use std::path::Path;

use krilla::Document;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use crate::{FONT_SIZE, GLYPH_PITCH, LEFT, Layout, PAGE_HEIGHT, PAGE_WIDTH};

pub fn write(font_path: &Path, layout: &Layout) -> Result<Vec<u8>, String> {
    let data = std::fs::read(font_path).map_err(|e| format!("{}: {e}", font_path.display()))?;
    let font = Font::new(data.into(), 0).ok_or("krilla cannot read the font")?;

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(layout.title.clone())
            .creator("pdf-writers".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or("bad page size")?;
    let mut glyphs = Vec::new();
    for lines in &layout.pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for (i, line) in lines.iter().enumerate() {
            glyphs.clear();
            // Advances and offsets are in ems (krilla multiplies by the size).
            glyphs.extend(
                line.text
                    .char_indices()
                    .zip(&line.gids)
                    .map(|((at, ch), &gid)| {
                        KrillaGlyph::new(
                            GlyphId::new(u32::from(gid)),
                            GLYPH_PITCH / FONT_SIZE,
                            0.0,
                            0.0,
                            0.0,
                            at..at + ch.len_utf8(),
                            None,
                        )
                    }),
            );
            // krilla's y axis points down: the baseline from the top.
            let start = Point::from_xy(LEFT, Layout::baseline_from_top(i));
            surface.draw_glyphs(start, &glyphs, font.clone(), &line.text, FONT_SIZE, false);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("krilla: {e:?}"))
}
