//! Writes laid-out pages as a PDF with pdf-writer: fonts subset by glyph id
//! (subsetter) and embedded as CID fonts with ToUnicode maps, content streams
//! compressed. The same pages give the same bytes: fixed subset tags, dates
//! from the report, a file identifier hashed from the content.

use std::collections::BTreeMap;
use std::thread::{Scope, ScopedJoinHandle};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use super::fonts::{Face, FontSet, Role};
use super::pages::Item;
use crate::format::page::{self, PT_PER_MM};

/// Document information.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// Publication date (year, month, day); none gives no dates.
    pub date: Option<(u16, u8, u8)>,
}

/// Compression level of streams: 6 is zlib's default.
const LEVEL: u32 = 6;

/// Compresses streams (zlib format, zlib-rs: about a third faster than miniz at
/// the same level and size; BENCHMARKS.md). One per thread, reused: its state
/// (about 300 KB) is allocated once rather than per stream.
struct Deflater(flate2::Compress);

impl Deflater {
    fn new() -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::new(LEVEL), true))
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
                // More room for the rest.
                Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(1024)),
                // Compressing into memory does not fail; were it to, the
                // stream is still written, stored rather than compressed.
                Err(_) => return stored_zlib(raw),
            }
        }
    }
}

/// `raw` as a zlib stream of stored (uncompressed) blocks: valid FlateDecode data.
fn stored_zlib(raw: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 65_535;
    let mut out = Vec::with_capacity(raw.len() + raw.len() / BLOCK * 5 + 11);
    out.extend([0x78, 0x01]);
    let mut blocks = raw.chunks(BLOCK).peekable();
    if blocks.peek().is_none() {
        out.extend([1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let len = block.len() as u16;
        out.push(u8::from(blocks.peek().is_none()));
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend(((b << 16) | a).to_be_bytes());
    out
}

const RULE_WIDTH: f32 = page::RULE_PT;

/// The fonts to embed, one per distinct face (roles sharing a file share it),
/// their glyphs numbered in the order of the document's texts. Each font
/// program is subset and compressed on its own thread as soon as this is
/// made, so that work overlaps the layout.
pub struct Embedding<'scope, 'f> {
    fonts: Vec<Embedded<'scope, 'f>>,
    font_of_role: BTreeMap<Role, usize>,
}

/// One embedded font: the faces (roles) that share it and its glyphs.
struct Embedded<'scope, 'f> {
    face: &'f Face,
    resource: String,
    remapper: GlyphRemapper,
    /// New glyph id → character, for ToUnicode.
    unicode: BTreeMap<u16, char>,
    /// The program subset to the glyphs known when the embedding started.
    program: ScopedJoinHandle<'scope, Result<Program, String>>,
    planned: u16,
}

impl<'scope, 'f: 'scope> Embedding<'scope, 'f> {
    /// Numbers the glyphs of `texts` (every text the pages will show, by role)
    /// and starts subsetting each font on a thread of `scope`.
    pub fn start(
        scope: &'scope Scope<'scope, '_>,
        fonts: &'f FontSet,
        texts: &[(Role, String)],
    ) -> Embedding<'scope, 'f> {
        let mut plans: Vec<(&Face, GlyphRemapper, BTreeMap<u16, char>)> = Vec::new();
        let mut font_of_role = BTreeMap::new();
        for face in fonts.faces() {
            let k = match plans.iter().position(|(f, _, _)| f.key() == face.key()) {
                Some(k) => k,
                None => {
                    plans.push((face, GlyphRemapper::new(), BTreeMap::new()));
                    plans.len() - 1
                }
            };
            font_of_role.insert(face.role, k);
        }
        for (role, text) in texts {
            let (face, remapper, unicode) = &mut plans[font_of_role[role]];
            for ch in text.chars() {
                number_glyph(face, remapper, unicode, ch);
            }
        }
        let fonts = plans
            .into_iter()
            .enumerate()
            .map(|(k, (face, remapper, unicode))| {
                let announced = remapper.clone();
                Embedded {
                    face,
                    resource: format!("F{}", k + 1),
                    planned: remapper.num_gids(),
                    remapper,
                    unicode,
                    program: scope.spawn(move || program(face, &announced)),
                }
            })
            .collect();
        Embedding {
            fonts,
            font_of_role,
        }
    }
}

#[cfg(test)]
impl Embedding<'_, '_> {
    /// The characters of `pages` whose glyphs were not numbered at the start.
    pub fn unannounced(&self, pages: &[Vec<Item>]) -> Vec<char> {
        let mut missing = Vec::new();
        for item in pages.iter().flatten() {
            if let Item::Text { role, text, .. } = item {
                let e = &self.fonts[self.font_of_role[role]];
                for &ch in text {
                    if e.remapper.get(e.face.glyph(ch)).is_none() && !missing.contains(&ch) {
                        missing.push(ch);
                    }
                }
            }
        }
        missing
    }
}

/// The subset glyph id of `ch`, numbering its glyph if it is new.
fn number_glyph(
    face: &Face,
    remapper: &mut GlyphRemapper,
    unicode: &mut BTreeMap<u16, char>,
    ch: char,
) -> u16 {
    let gid = face.glyph(ch);
    let cid = remapper.remap(gid);
    if gid != 0 {
        unicode.entry(cid).or_insert(ch);
    }
    cid
}

/// Writes the pages as PDF bytes.
pub fn write(pages: &[Vec<Item>], embedding: Embedding, meta: &Meta) -> Result<Vec<u8>, String> {
    let Embedding {
        fonts: mut embedded,
        font_of_role,
    } = embedding;
    let page_height = page::PAGE_HEIGHT_MM * PT_PER_MM;
    let left = page::MARGIN_LEFT_MM * PT_PER_MM;
    let top = page_height - page::MARGIN_TOP_MM * PT_PER_MM;

    // Content streams, remapping glyphs as they are used.
    let mut contents = Vec::with_capacity(pages.len());
    let mut hash = Fnv::new();
    let mut deflater = Deflater::new();
    for items in pages {
        let mut c = Content::new();
        c.set_line_width(RULE_WIDTH);
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
                } => {
                    let e = &mut embedded[font_of_role[role]];
                    cids.clear();
                    for &ch in text {
                        let cid = number_glyph(e.face, &mut e.remapper, &mut e.unicode, ch);
                        cids.extend_from_slice(&cid.to_be_bytes());
                    }
                    c.begin_text();
                    c.set_font(Name(e.resource.as_bytes()), *size);
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
        let raw = c.finish();
        hash.write(&raw);
        contents.push(deflater.deflate(&raw));
    }

    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree = alloc.bump();
    let info = alloc.bump();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);

    // Fonts.
    let mut font_refs = Vec::new();
    for (k, e) in embedded.into_iter().enumerate() {
        let subset = e
            .program
            .join()
            .unwrap_or_else(|_| Err("字体子集化时出错".to_string()))?;
        // A glyph the texts did not announce: subset again, with it.
        let Program {
            raw_len,
            packed,
            cff,
        } = if e.remapper.num_gids() == e.planned {
            subset
        } else {
            program(e.face, &e.remapper)?
        };
        let type0 = alloc.bump();
        let cid = alloc.bump();
        let descriptor = alloc.bump();
        let file = alloc.bump();
        let cmap = alloc.bump();
        font_refs.push((e.resource.clone(), type0));
        let face = e.face;
        hash.write(&packed);
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

        let widths = face.glyph_widths(e.remapper.remapped_gids());
        let mut font = pdf.cid_font(cid);
        font.subtype(if cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(Name(base.as_bytes()))
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(1000.0);
        if !cff {
            font.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        font.widths().consecutive(0, widths);
        font.finish();

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

        let mut stream = pdf.stream(file, &packed);
        stream.filter(Filter::FlateDecode);
        if cff {
            stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        } else {
            stream.pair(Name(b"Length1"), raw_len as i32);
        }
        stream.finish();

        let mut map = UnicodeCmap::new(Name(b"Custom"), system);
        for (gid, ch) in &e.unicode {
            map.pair(*gid, *ch);
        }
        let packed = deflater.deflate(&map.finish());
        pdf.cmap(cmap, &packed).filter(Filter::FlateDecode);
    }

    // Pages.
    let page_refs: Vec<Ref> = (0..contents.len()).map(|_| alloc.bump()).collect();
    let content_refs: Vec<Ref> = (0..contents.len()).map(|_| alloc.bump()).collect();
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);
    let width = page::PAGE_WIDTH_MM * PT_PER_MM;
    for (i, data) in contents.iter().enumerate() {
        let mut p = pdf.page(page_refs[i]);
        p.media_box(Rect::new(0.0, 0.0, width, page_height))
            .parent(tree)
            .contents(content_refs[i]);
        let mut resources = p.resources();
        let mut fonts_dict = resources.fonts();
        for (resource, r) in &font_refs {
            fonts_dict.pair(Name(resource.as_bytes()), *r);
        }
        fonts_dict.finish();
        resources.finish();
        p.finish();
        pdf.stream(content_refs[i], data)
            .filter(Filter::FlateDecode);
    }

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

    hash.write(meta.title.as_bytes());
    let h = hash.0;
    let id = format!("{h:016x}{:016x}", h.rotate_left(29)).into_bytes();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// A font program ready to embed.
struct Program {
    /// Uncompressed length.
    raw_len: usize,
    packed: Vec<u8>,
    /// A bare CFF program (CIDFontType0C) rather than a TrueType font.
    cff: bool,
}

/// Subsets a face to the remapped glyphs (keeping only the CFF table of an
/// OpenType/CFF font) and compresses it.
fn program(face: &Face, remapper: &GlyphRemapper) -> Result<Program, String> {
    let subset = subsetter::subset(face.data.bytes(), face.index, remapper)
        .map_err(|err| format!("字体「{}」无法子集化：{err}", face.name))?;
    let (raw, cff) = if face.metrics.cff {
        let table = ttf_parser::RawFace::parse(&subset, 0)
            .ok()
            .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
            .ok_or_else(|| format!("字体「{}」的子集没有 CFF 表", face.name))?;
        (table.to_vec(), true)
    } else {
        (subset, false)
    };
    Ok(Program {
        raw_len: raw.len(),
        packed: Deflater::new().deflate(&raw),
        cff,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_zlib_is_read_back_by_a_zlib_reader() {
        use std::io::Read;
        for len in [0, 1, 65_535, 65_536, 200_000] {
            let raw: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&stored_zlib(&raw)[..])
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, raw, "{len} bytes");
        }
    }
}
