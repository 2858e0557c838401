//! Writes the paged layout as a PDF with pdf-writer: the subset fonts embedded
//! as CID fonts with ToUnicode maps, content streams compressed. The same pages
//! give the same bytes: fixed subset tags, dates from the report, a file
//! identifier hashed from the content.

use pdf_writer::types::{CidFontType, FontFlags, OutputIntentSubtype, SystemInfo, UnicodeCmap};
use pdf_writer::{
    Chunk, Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Settings, Str, TextStr,
};

use super::deflate::Deflater;
use super::objstm::{self, Packer};
use super::tagging::{self, Marked, Tags};
use super::xmp;
use crate::format::page;
use crate::render::paged::fonts::Face;
use crate::render::paged::subset::{FontProgram, SubsetFont};
use crate::render::paged::{self, Item, Paged};

use super::meta::Meta;

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

/// The sRGB profile of the PDF/A output intent (icc/README.md).
const SRGB: &[u8] = include_bytes!("../../../icc/sRGB.icc");

/// The objects every file has, numbered first.
struct Refs {
    alloc: Ref,
    catalog: Ref,
    tree: Ref,
    info: Ref,
    struct_root: Ref,
    metadata: Ref,
}

/// Writes the pages as a tagged PDF; `pdf_a` makes it PDF/A-2a (docs/pdf.md).
pub fn write(laid: &Paged<Packed>, meta: &Meta, pdf_a: bool) -> Result<Vec<u8>, String> {
    let mut hash = Fnv::new();
    let mut deflater = Deflater::new();
    let mut tags = Tags::new(&laid.structure);
    let contents: Vec<Vec<u8>> = laid
        .pages
        .iter()
        .map(|items| {
            let raw = page_content(laid, items, &mut tags);
            hash.write(&raw);
            deflater.deflate(&raw)
        })
        .collect();

    let mut alloc = Ref::new(1);
    let mut refs = Refs {
        catalog: alloc.bump(),
        tree: alloc.bump(),
        info: alloc.bump(),
        struct_root: alloc.bump(),
        metadata: alloc.bump(),
        alloc,
    };
    // Compact syntax: the structure tree is hundreds of small objects.
    let mut pdf = Pdf::with_settings(Settings { pretty: false });
    write_catalog(&mut pdf, &mut refs, meta, pdf_a);
    // PDF/A wants the packet readable as it is; otherwise it is compressed.
    let packet = xmp::packet(meta, pdf_a);
    if pdf_a {
        pdf.metadata(refs.metadata, &packet);
    } else {
        pdf.metadata(refs.metadata, &deflater.deflate(&packet))
            .filter(Filter::FlateDecode);
    }
    // The dictionaries go into object streams, the streams stand alone.
    let mut packer = Packer::new();
    let fonts: Vec<(String, Ref)> = laid
        .subsets
        .iter()
        .enumerate()
        .map(|(k, font)| {
            hash.write(&font.program.bytes);
            let to = (&mut pdf, packer.chunk());
            embed_font(to, &mut refs.alloc, &mut deflater, laid, k, font)
        })
        .collect();
    let pages = write_pages((&mut pdf, packer.chunk()), &mut refs, &contents, &fonts);
    let tree = tagging::TreeRefs {
        root: refs.struct_root,
        pages: &pages,
        alloc: &mut refs.alloc,
    };
    tagging::write_tree(packer.chunk(), &laid.structure, &tags, tree);
    write_info(&mut pdf, refs.info, meta);
    let packed = packer.write(&mut pdf, &mut refs.alloc);

    hash.write(meta.title.as_bytes());
    let h = hash.0;
    let id = format!("{h:016x}{:016x}", h.rotate_left(29)).into_bytes();
    pdf.set_file_id((id.clone(), id));
    let xref = refs.alloc.bump();
    Ok(objstm::finish(pdf, xref, &packed, &mut deflater))
}

/// The resource name of the `k`th embedded font.
fn resource(k: usize) -> String {
    format!("F{}", k + 1)
}

/// The catalog: the page tree, the structure tree, the language, the
/// metadata, the title shown as the window's, and for PDF/A the sRGB output intent.
fn write_catalog(pdf: &mut Pdf, refs: &mut Refs, meta: &Meta, pdf_a: bool) {
    let profile = pdf_a.then(|| refs.alloc.bump());
    let mut catalog = pdf.catalog(refs.catalog);
    catalog
        .pages(refs.tree)
        .lang(TextStr(meta.lang))
        .metadata(refs.metadata);
    catalog.pair(Name(b"StructTreeRoot"), refs.struct_root);
    catalog.mark_info().marked(true);
    catalog.viewer_preferences().display_doc_title(true);
    if let Some(profile) = profile {
        catalog
            .output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(profile);
    }
    catalog.finish();
    if let Some(profile) = profile {
        let packed = Deflater::new().deflate(SRGB);
        pdf.icc_profile(profile, &packed)
            .n(3)
            .filter(Filter::FlateDecode);
    }
}

/// The content stream of one page, uncompressed, its text marked as the
/// structure's content or as artifacts.
fn page_content(laid: &Paged<Packed>, items: &[Item], tags: &mut Tags) -> Vec<u8> {
    let (left, top) = (paged::TEXT_LEFT, paged::PAGE_HEIGHT - paged::TEXT_TOP);
    let mut c = Content::new();
    c.set_line_width(page::RULE_PT);
    let mut cids = Vec::new();
    tags.start_page();
    // The rules first, as one artifact: they never overlap the text, and
    // between the cells' texts they would each open an artifact of their own.
    for item in items {
        if let Item::Rect { x, y, w, h } = item {
            tags.mark(&mut c, &laid.structure, Marked::Rules);
            c.rect(left + x, top - y - h, *w, *h);
        }
    }
    if items.iter().any(|i| matches!(i, Item::Rect { .. })) {
        c.stroke();
    }
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
                mark,
            } => {
                tags.mark(&mut c, &laid.structure, Marked::of(*mark));
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
            Item::Rect { .. } => {}
        }
    }
    tags.close(&mut c);
    c.finish().into_vec()
}

/// Embeds the `k`th subset font as a Type0 font with Identity-H (its streams
/// into `pdf`, its dictionaries into `dicts`); returns its resource name and
/// reference.
fn embed_font(
    (pdf, dicts): (&mut Pdf, &mut Chunk),
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

    dicts
        .type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    let widths = face.glyph_widths(font.remapper.remapped_gids());
    let mut cid_font = dicts.cid_font(cid);
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
    let mut d = dicts.font_descriptor(descriptor);
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

/// The page tree, each page with its content stream and every font; returns
/// the pages' references.
fn write_pages(
    (pdf, dicts): (&mut Pdf, &mut Chunk),
    refs: &mut Refs,
    contents: &[Vec<u8>],
    fonts: &[(String, Ref)],
) -> Vec<Ref> {
    let page_refs: Vec<Ref> = (0..contents.len()).map(|_| refs.alloc.bump()).collect();
    let content_refs: Vec<Ref> = (0..contents.len()).map(|_| refs.alloc.bump()).collect();
    dicts
        .pages(refs.tree)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);
    for (i, data) in contents.iter().enumerate() {
        let mut p = dicts.page(page_refs[i]);
        p.media_box(Rect::new(0.0, 0.0, paged::PAGE_WIDTH, paged::PAGE_HEIGHT))
            .parent(refs.tree)
            .contents(content_refs[i])
            .struct_parents(i as i32);
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
    page_refs
}

/// The document information dictionary; dates from the report, never the clock.
fn write_info(pdf: &mut Pdf, info: Ref, meta: &Meta) {
    let mut doc_info = pdf.document_info(info);
    doc_info
        .title(TextStr(meta.title))
        .author(TextStr(meta.author))
        .subject(TextStr(meta.subject))
        .creator(TextStr(meta.creator))
        .producer(TextStr(meta.creator));
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
