//! Writer A: the approach of nianbao's `src/render/pdf/writer.rs`, reduced to
//! one font and text only. Glyphs are renumbered with subsetter's
//! GlyphRemapper, the font is subset and embedded as a bare CFF program
//! (FontFile3 /CIDFontType0C) under a Type0 font with Identity-H and a
//! ToUnicode CMap; every stream is zlib-compressed (flate2 with zlib-rs,
//! level 6). Deterministic: no clock, fixed subset tag, /ID hashed from the
//! content. Unlike nianbao, the subsetting runs on the calling thread (nianbao
//! overlaps it with its layout, which is not timed here).

use std::collections::BTreeMap;
use std::path::Path;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::{FONT_SIZE, GLYPH_PITCH, LEFT, Layout, PAGE_HEIGHT, PAGE_WIDTH};

/// Compresses streams in zlib format; one compressor reused for every stream,
/// as nianbao does.
struct Deflater(flate2::Compress);

impl Deflater {
    fn new() -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::new(6), true))
    }

    fn deflate(&mut self, raw: &[u8]) -> Vec<u8> {
        use flate2::{FlushCompress, Status};
        self.0.reset();
        let mut out = Vec::with_capacity(raw.len() / 2 + 64);
        let mut consumed = 0;
        loop {
            let before = self.0.total_in();
            let status = self
                .0
                .compress_vec(&raw[consumed..], &mut out, FlushCompress::Finish);
            consumed += (self.0.total_in() - before) as usize;
            match status {
                Ok(Status::StreamEnd) => return out,
                Ok(_) | Err(_) => out.reserve(out.capacity().max(1024)),
            }
        }
    }
}

/// FNV-1a, for the file identifier.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub fn write(font_path: &Path, layout: &Layout) -> Result<Vec<u8>, String> {
    let data = std::fs::read(font_path).map_err(|e| format!("{}: {e}", font_path.display()))?;
    let face = ttf_parser::Face::parse(&data, 0).map_err(|e| format!("font: {e}"))?;
    let upem = f32::from(face.units_per_em().max(1));
    let per_mille = |v: i16| f32::from(v) * 1000.0 / upem;
    // Advance of a glyph of the full font, in thousandths of an em.
    let width = |gid: u16| {
        face.glyph_hor_advance(ttf_parser::GlyphId(gid))
            .map_or(1000.0, |a| f32::from(a) * 1000.0 / upem)
    };

    // Content streams, numbering glyphs as they are used.
    let mut remapper = GlyphRemapper::new();
    let mut unicode: BTreeMap<u16, char> = BTreeMap::new();
    let mut deflater = Deflater::new();
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    let mut contents = Vec::with_capacity(layout.pages.len());
    let mut cids = Vec::new();
    for page in &layout.pages {
        let mut c = Content::new();
        for (i, line) in page.iter().enumerate() {
            cids.clear();
            let mut uniform = true;
            for (&gid, ch) in line.gids.iter().zip(line.text.chars()) {
                let cid = remapper.remap(gid);
                unicode.entry(cid).or_insert(ch);
                cids.extend_from_slice(&cid.to_be_bytes());
                uniform &= width(gid) == 1000.0;
            }
            c.begin_text();
            c.set_font(Name(b"F1"), FONT_SIZE);
            // The pitch is that of a one-em glyph plus this spacing.
            c.set_char_spacing(GLYPH_PITCH - FONT_SIZE);
            let baseline = PAGE_HEIGHT - crate::Layout::baseline_from_top(i);
            c.set_text_matrix([1.0, 0.0, 0.0, 1.0, LEFT, baseline]);
            if uniform {
                c.show(Str(&cids));
            } else {
                // Glyphs narrower or wider than an em (Latin letters, digits)
                // are moved back to the fixed pitch: a positive number moves
                // the next glyph left, in thousandths of the font size.
                let mut shown = c.show_positioned();
                let mut items = shown.items();
                for (k, &gid) in line.gids.iter().enumerate() {
                    items.show(Str(&cids[2 * k..2 * k + 2]));
                    let w = width(gid);
                    if w != 1000.0 && k + 1 < line.gids.len() {
                        items.adjust(w - 1000.0);
                    }
                }
            }
            c.end_text();
        }
        let raw = c.finish();
        hash.write(&raw);
        contents.push(deflater.deflate(&raw));
    }

    // The font program, subset to the used glyphs; only its CFF table is kept.
    let subset = subsetter::subset(&data, 0, &remapper).map_err(|e| format!("subset: {e}"))?;
    let cff = ttf_parser::RawFace::parse(&subset, 0)
        .ok()
        .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
        .ok_or("the subset has no CFF table")?;
    let packed = deflater.deflate(cff);
    hash.write(&packed);

    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree = alloc.bump();
    let info = alloc.bump();
    let (type0, cid, descriptor, file, cmap) = (
        alloc.bump(),
        alloc.bump(),
        alloc.bump(),
        alloc.bump(),
        alloc.bump(),
    );
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);

    let postscript: String = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_else(|| "Font".into())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    // A fixed subset tag keeps the output deterministic (nianbao's first tag).
    let base = format!("ADGJMP+{postscript}");
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    let widths: Vec<f32> = remapper.remapped_gids().map(width).collect();
    let mut font = pdf.cid_font(cid);
    font.subtype(CidFontType::Type0)
        .base_font(Name(base.as_bytes()))
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(1000.0);
    font.widths().consecutive(0, widths);
    font.finish();

    let b = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(Name(base.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            per_mille(b.x_min),
            per_mille(b.y_min),
            per_mille(b.x_max),
            per_mille(b.y_max),
        ))
        .italic_angle(0.0)
        .ascent(per_mille(face.ascender()))
        .descent(per_mille(face.descender()))
        .cap_height(per_mille(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0)
        .font_file3(file);

    pdf.stream(file, &packed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));

    let mut map = UnicodeCmap::new(Name(b"Custom"), system);
    for (cid, ch) in &unicode {
        map.pair(*cid, *ch);
    }
    let packed_map = deflater.deflate(&map.finish());
    pdf.cmap(cmap, &packed_map).filter(Filter::FlateDecode);

    // Pages.
    let page_refs: Vec<Ref> = contents.iter().map(|_| alloc.bump()).collect();
    let content_refs: Vec<Ref> = contents.iter().map(|_| alloc.bump()).collect();
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);
    for (i, data) in contents.iter().enumerate() {
        let mut p = pdf.page(page_refs[i]);
        p.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(content_refs[i]);
        p.resources().fonts().pair(Name(b"F1"), type0);
        p.finish();
        pdf.stream(content_refs[i], data)
            .filter(Filter::FlateDecode);
    }

    pdf.document_info(info)
        .title(TextStr(&layout.title))
        .creator(TextStr("pdf-writers"));

    hash.write(layout.title.as_bytes());
    let h = hash.0;
    let id = format!("{h:016x}{:016x}", h.rotate_left(29)).into_bytes();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}
