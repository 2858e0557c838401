//! Writes the paged layout as a PDF with pdf-writer: the subset fonts embedded
//! as CID fonts with ToUnicode maps, content streams compressed. The same pages
//! give the same bytes: fixed subset tags, dates from the report, a file
//! identifier hashed from the content.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::deflate::Deflater;
use crate::format::page;
use crate::render::paged::fonts::Face;
use crate::render::paged::subset::{FontProgram, SubsetFont};
use crate::render::paged::{self, Item, Paged};

/// Document information.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// Publication date (year, month, day); none gives no dates.
    pub date: Option<(u16, u8, u8)>,
}

/// A font program as embedded: a bare CFF program (CIDFontType0C) or a
/// TrueType font, compressed.
pub struct Packed {
    /// Uncompressed length.
    raw_len: usize,
    bytes: Vec<u8>,
    cff: bool,
}

/// Packs a subset program for embedding (on its subsetting thread): only the
/// CFF table of an OpenType/CFF font, compressed.
pub fn pack_font(face: &Face, program: FontProgram) -> Result<Packed, String> {
    let raw = if program.cff {
        ttf_parser::RawFace::parse(&program.sfnt, 0)
            .ok()
            .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
            .ok_or_else(|| format!("字体「{}」的子集没有 CFF 表", face.name))?
            .to_vec()
    } else {
        program.sfnt
    };
    Ok(Packed {
        raw_len: raw.len(),
        bytes: Deflater::new().deflate(&raw),
        cff: program.cff,
    })
}

/// The objects every file has, numbered first.
struct Refs {
    alloc: Ref,
    catalog: Ref,
    tree: Ref,
    info: Ref,
}

/// Writes the pages as PDF bytes.
pub fn write(laid: &Paged<Packed>, meta: &Meta) -> Result<Vec<u8>, String> {
    let mut hash = Fnv::new();
    let mut deflater = Deflater::new();
    let contents: Vec<Vec<u8>> = laid
        .pages
        .iter()
        .map(|items| {
            let raw = page_content(laid, items);
            hash.write(&raw);
            deflater.deflate(&raw)
        })
        .collect();

    let mut alloc = Ref::new(1);
    let mut refs = Refs {
        catalog: alloc.bump(),
        tree: alloc.bump(),
        info: alloc.bump(),
        alloc,
    };
    let mut pdf = Pdf::new();
    pdf.catalog(refs.catalog).pages(refs.tree);
    let fonts: Vec<(String, Ref)> = laid
        .subsets
        .iter()
        .enumerate()
        .map(|(k, font)| {
            hash.write(&font.program.bytes);
            embed_font(&mut pdf, &mut refs.alloc, &mut deflater, laid, k, font)
        })
        .collect();
    write_pages(&mut pdf, &mut refs, &contents, &fonts);
    write_info(&mut pdf, refs.info, meta);

    hash.write(meta.title.as_bytes());
    let h = hash.0;
    let id = format!("{h:016x}{:016x}", h.rotate_left(29)).into_bytes();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// The resource name of the `k`th embedded font.
fn resource(k: usize) -> String {
    format!("F{}", k + 1)
}

/// The content stream of one page, uncompressed.
fn page_content(laid: &Paged<Packed>, items: &[Item]) -> Vec<u8> {
    let (left, top) = (paged::TEXT_LEFT, paged::PAGE_HEIGHT - paged::TEXT_TOP);
    let mut c = Content::new();
    c.set_line_width(page::RULE_PT);
    let mut cids = Vec::new();
    for item in items {
        match item {
            Item::Text {
                x,
                baseline,
                size,
                role,
                spacing,
                text,
                squeeze,
                ..
            } => {
                cids.clear();
                for &ch in text {
                    cids.extend_from_slice(&laid.glyph(*role, ch).to_be_bytes());
                }
                c.begin_text();
                c.set_font(Name(resource(laid.font_of(*role)).as_bytes()), *size);
                c.set_char_spacing(*spacing);
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, left + x, top - baseline]);
                if squeeze.is_empty() {
                    c.show(Str(&cids));
                } else {
                    // TJ: a positive number moves the next glyph left, in
                    // thousandths of the font size.
                    let mut shown = c.show_positioned();
                    let mut items = shown.items();
                    for (k, q) in squeeze.iter().enumerate() {
                        items.show(Str(&cids[2 * k..2 * k + 2]));
                        if *q > 1e-3 {
                            items.adjust(q * 1000.0 / size);
                        }
                    }
                }
                c.end_text();
            }
            Item::Rect { x, y, w, h } => {
                c.rect(left + x, top - y - h, *w, *h);
                c.stroke();
            }
        }
    }
    c.finish().into_vec()
}

/// Embeds the `k`th subset font as a Type0 font with Identity-H; returns its
/// resource name and reference.
fn embed_font(
    pdf: &mut Pdf,
    alloc: &mut Ref,
    deflater: &mut Deflater,
    laid: &Paged<Packed>,
    k: usize,
    font: &SubsetFont<Packed>,
) -> (String, Ref) {
    let Packed {
        raw_len,
        bytes: packed,
        cff,
    } = &font.program;
    let cff = *cff;
    let type0 = alloc.bump();
    let cid = alloc.bump();
    let descriptor = alloc.bump();
    let file = alloc.bump();
    let cmap = alloc.bump();
    let face = &laid.fonts.faces()[font.face];
    // A fixed six-letter tag per embedded font keeps the output deterministic.
    let tag: String = (0..6)
        .map(|i| (b'A' + ((k * 7 + i * 3) % 26) as u8) as char)
        .collect();
    let base = format!("{tag}+{}", face.postscript);
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

    let widths = face.glyph_widths(font.remapper.remapped_gids());
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(if cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(Name(base.as_bytes()))
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(1000.0);
    if !cff {
        cid_font.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid_font.widths().consecutive(0, widths);
    cid_font.finish();

    let m = face.metrics;
    let mut d = pdf.font_descriptor(descriptor);
    d.name(Name(base.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]))
        .italic_angle(0.0)
        .ascent(m.ascent)
        .descent(m.descent)
        .cap_height(m.cap_height)
        .stem_v(80.0);
    if cff {
        d.font_file3(file);
    } else {
        d.font_file2(file);
    }
    d.finish();

    let mut stream = pdf.stream(file, packed);
    stream.filter(Filter::FlateDecode);
    if cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.pair(Name(b"Length1"), *raw_len as i32);
    }
    stream.finish();

    let mut map = UnicodeCmap::new(Name(b"Custom"), system);
    for (gid, ch) in &font.unicode {
        map.pair(*gid, *ch);
    }
    let packed = deflater.deflate(&map.finish());
    pdf.cmap(cmap, &packed).filter(Filter::FlateDecode);
    (resource(k), type0)
}

/// The page tree, each page with its content stream and every font.
fn write_pages(pdf: &mut Pdf, refs: &mut Refs, contents: &[Vec<u8>], fonts: &[(String, Ref)]) {
    let page_refs: Vec<Ref> = (0..contents.len()).map(|_| refs.alloc.bump()).collect();
    let content_refs: Vec<Ref> = (0..contents.len()).map(|_| refs.alloc.bump()).collect();
    pdf.pages(refs.tree)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);
    for (i, data) in contents.iter().enumerate() {
        let mut p = pdf.page(page_refs[i]);
        p.media_box(Rect::new(0.0, 0.0, paged::PAGE_WIDTH, paged::PAGE_HEIGHT))
            .parent(refs.tree)
            .contents(content_refs[i]);
        let mut resources = p.resources();
        let mut fonts_dict = resources.fonts();
        for (resource, r) in fonts {
            fonts_dict.pair(Name(resource.as_bytes()), *r);
        }
        fonts_dict.finish();
        resources.finish();
        p.finish();
        pdf.stream(content_refs[i], data)
            .filter(Filter::FlateDecode);
    }
}

/// The document information dictionary; dates from the report, never the clock.
fn write_info(pdf: &mut Pdf, info: Ref, meta: &Meta) {
    let mut doc_info = pdf.document_info(info);
    doc_info
        .title(TextStr(meta.title))
        .author(TextStr(meta.author))
        .subject(TextStr(meta.subject))
        .creator(TextStr("nianbao"))
        .producer(TextStr("nianbao"));
    if let Some((y, m, d)) = meta.date {
        let date = Date::new(y)
            .month(m)
            .day(d)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(0);
        doc_info.creation_date(date).modified_date(date);
    }
    doc_info.finish();
}

/// FNV-1a, for the file identifier.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
