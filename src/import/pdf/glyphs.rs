//! Interprets page content streams into positioned glyphs and ruling lines.

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object, ObjectId};

use super::content::{self, Budget, Exceeded, Lexer, Operation};
use super::unreadable;
use crate::import::emphasis;
use crate::import::error::ImportError;
use crate::import::input::MAX_INPUT_BYTES;
use crate::import::own_date;

/// One shown glyph, in the page's user space (y grows upwards).
#[derive(Clone, Debug)]
pub struct Glyph {
    pub text: String,
    /// Origin on the baseline.
    pub x: f32,
    pub y: f32,
    /// Advance along the baseline.
    pub width: f32,
    /// Font size as drawn (vertical scale of the text rendering matrix).
    pub size: f32,
    /// Direction of the baseline in degrees (0 = left to right).
    pub angle: f32,
    /// Set in a bold face.
    pub bold: bool,
}

/// A straight stroke or hairline fill (a table rule), from one end to the other.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
}

/// What one page shows.
#[derive(Debug, Default)]
pub struct Page {
    /// The page box: left, bottom, right, top.
    pub bbox: [f32; 4],
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
}

/// Largest decompressed stream accepted.
const MAX_STREAM: usize = MAX_INPUT_BYTES * 4;
/// Deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 8;
/// Ruling thinner than this (points) is a line, not a shaded area.
const HAIRLINE: f32 = 2.5;

/// What a PDF gives: its pages, what was noticed about its page tree (page,
/// what), and the publication date nianbao's own PDF keeps as its creation date.
pub struct Reading {
    pub pages: Vec<Page>,
    pub notes: Vec<(usize, String)>,
    pub published: Option<chrono::NaiveDate>,
}

/// Opens the document and interprets every page.
pub fn read_pages(bytes: &[u8]) -> Result<Reading, ImportError> {
    let mut options = LoadOptions::with_password("");
    options.max_decompressed_size = Some(MAX_STREAM);
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(lopdf::Error::InvalidPassword) | Err(lopdf::Error::Decryption(_)) => {
            return Err(ImportError::Encrypted);
        }
        Err(e) => return Err(unreadable(format!("PDF 结构无法解析：{e}"))),
    };
    if doc.is_encrypted() {
        return Err(ImportError::Encrypted);
    }
    let mut notes = Vec::new();
    let mut seen = HashSet::new();
    let mut page_ids = Vec::new();
    for id in doc.get_pages().into_values() {
        if seen.insert(id) {
            page_ids.push(id);
        } else if notes.is_empty() {
            // A /Kids array that leads back up the tree lists pages again.
            notes.push((
                page_ids.len(),
                "PDF 的页面树有循环引用（/Kids 指回上一级），重复列出的页面已跳过；请核对页数"
                    .into(),
            ));
        }
    }
    if page_ids.is_empty() {
        return Err(unreadable("PDF 中没有页面".into()));
    }
    let mut fonts = FontCache::default();
    let mut budget = Budget::default();
    let mut pages = Vec::with_capacity(page_ids.len());
    for (number, id) in page_ids.into_iter().enumerate() {
        let mut page = Page {
            bbox: media_box(&doc, id),
            ..Page::default()
        };
        let (resources, looped) = page_resources(&doc, id);
        if looped {
            notes.push((
                number + 1,
                "PDF 的页面树有循环引用（/Parent 指回本页或已经过的节点）；已按循环之前找到的字体和资源读取这一页，请核对这一页的文字".into(),
            ));
        }
        let mut run = Interpreter {
            doc: &doc,
            fonts: &mut fonts,
            page: &mut page,
            budget: &mut budget,
        };
        if let Err(limit) = run.operations(&mut content::page(&doc, id), &resources, IDENTITY, 0) {
            return Err(over_budget(number + 1, limit));
        }
        pages.push(page);
    }
    Ok(Reading {
        pages,
        notes,
        published: own_date(&doc),
    })
}

/// The creation date of a PDF that names nianbao as its creator: nianbao
/// writes the report's publication date there. Another creator's date is when
/// the file was made, not published, and is not read.
fn own_date(doc: &Document) -> Option<chrono::NaiveDate> {
    let info = match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let text = |key: &[u8]| {
        let bytes = info.get(key).ok()?.as_str().ok()?;
        Some(String::from_utf8_lossy(bytes).into_owned())
    };
    if text(b"Creator")?.trim() != crate::PRODUCER {
        return None;
    }
    own_date::leading_date(&text(b"CreationDate")?)
}

/// Whether a font is a bold face: by its name (a Type0 font and its
/// descendant) or by its descriptor's `/FontWeight`.
fn is_bold(doc: &Document, dict: &Dictionary) -> bool {
    [Some(dict), descendant(doc, dict)]
        .into_iter()
        .flatten()
        .any(|d| {
            let named = d
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .is_ok_and(|n| emphasis::bold_font_name(&String::from_utf8_lossy(n)));
            let weight = d
                .get_deref(b"FontDescriptor", doc)
                .and_then(Object::as_dict)
                .and_then(|fd| fd.get(b"FontWeight"))
                .ok()
                .and_then(number)
                .is_some_and(|w| w >= 600.0);
            named || weight
        })
}

/// A document that spends more than its budget, refused at the page where it did.
fn over_budget(page: usize, limit: Exceeded) -> ImportError {
    unreadable(format!(
        "第 {page} 页的内容超出导入上限：{}。真实的年度报告远低于此上限，这个文件可能已损坏或是恶意构造的；\
         请用 PDF 阅读器打开核对，或改用报告的 DOCX、网页版本导入",
        limit.describe()
    ))
}

/// The page's MediaBox (inherited from the page tree when the page has none).
fn media_box(doc: &Document, page: ObjectId) -> [f32; 4] {
    let mut id = Some(page);
    for _ in 0..32 {
        let Some(dict) = id.and_then(|i| doc.get_dictionary(i).ok()) else {
            break;
        };
        if let Ok(arr) = dict.get_deref(b"MediaBox", doc).and_then(Object::as_array) {
            let v: Vec<f32> = arr.iter().filter_map(number).collect();
            if v.len() == 4 {
                return [
                    v[0].min(v[2]),
                    v[1].min(v[3]),
                    v[0].max(v[2]),
                    v[1].max(v[3]),
                ];
            }
        }
        id = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    [0.0, 0.0, 595.0, 842.0]
}

/// Most page-tree levels followed up from a page.
const MAX_TREE_DEPTH: usize = 64;

/// The page's resources: own and inherited up the /Parent chain, merged (the
/// nearer entry wins); true when the chain loops (a page its own parent), in
/// which case what was found before the loop is kept.
fn page_resources(doc: &Document, page: ObjectId) -> (Dictionary, bool) {
    let mut merged = Dictionary::new();
    let mut seen = HashSet::new();
    let mut node = Some(page);
    while let Some(id) = node {
        if !seen.insert(id) || seen.len() > MAX_TREE_DEPTH {
            return (merged, true);
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            break;
        };
        if let Ok(resources) = dict.get_deref(b"Resources", doc).and_then(Object::as_dict) {
            inherit(doc, &mut merged, resources);
        }
        node = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    (merged, false)
}

/// Adds the fonts and XObjects of `resources` that `merged` does not have yet.
fn inherit(doc: &Document, merged: &mut Dictionary, resources: &Dictionary) {
    for key in [&b"Font"[..], b"XObject"] {
        let Ok(sub) = resources.get_deref(key, doc).and_then(Object::as_dict) else {
            continue;
        };
        let mut target = merged
            .get(key)
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default();
        for (k, v) in sub.iter() {
            if !target.has(k) {
                target.set(k.clone(), v.clone());
            }
        }
        merged.set(key.to_vec(), Object::Dictionary(target));
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n` in PDF's row-vector convention (m applied first).
fn mul(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// How a font turns string bytes into character codes, text and widths.
#[derive(Debug, Default)]
struct Font {
    /// Codes are two bytes (CID fonts with Identity or UCS-2 CMaps).
    two_byte: bool,
    /// Codes are GBK/EUC byte sequences (predefined GB CMaps).
    gbk: bool,
    /// Codes are UTF-16 (UniGB-UCS2-H, UniGB-UTF16-H).
    utf16: bool,
    /// The ToUnicode CMap (always the `UnicodeMapEncoding` variant).
    to_unicode: Option<Encoding<'static>>,
    /// Text of each one-byte code for simple fonts without ToUnicode.
    simple: Option<Vec<String>>,
    /// Code → width in thousandths of the font size.
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// A bold face: its name says so, or its descriptor's weight is 600 or more.
    bold: bool,
}

impl Font {
    fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let encoding_name = dict
            .get_deref(b"Encoding", doc)
            .and_then(Object::as_name)
            .unwrap_or(b"")
            .to_vec();
        let mut font = Font {
            default_width: 1000.0,
            bold: is_bold(doc, dict),
            ..Font::default()
        };
        if subtype == b"Type0" {
            let name = String::from_utf8_lossy(&encoding_name).to_string();
            font.utf16 = name.starts_with("UniGB-UCS2") || name.starts_with("UniGB-UTF16");
            font.gbk = name.starts_with("GB");
            font.two_byte = !font.gbk;
            cid_widths(doc, dict, &mut font);
        } else {
            simple_widths(doc, dict, &mut font);
        }
        // Read the ToUnicode CMap through lopdf with /Encoding set aside, so that
        // the CMap is preferred over a (possibly custom) encoding.
        if dict.has(b"ToUnicode") {
            let mut probe = dict.clone();
            probe.remove(b"Encoding");
            probe.set("Type", Object::Name(b"Font".to_vec()));
            if let Ok(Encoding::UnicodeMapEncoding(cmap)) = probe.get_font_encoding(doc) {
                font.to_unicode = Some(Encoding::UnicodeMapEncoding(cmap));
            }
        }
        if subtype != b"Type0" {
            let mut probe = dict.clone();
            probe.set("Type", Object::Name(b"Font".to_vec()));
            if let Ok(enc) = probe.get_font_encoding(doc) {
                font.simple = Some(
                    (0u8..=255)
                        .map(|b| enc.bytes_to_string(&[b]).unwrap_or_default())
                        .collect(),
                );
            }
        }
        font
    }

    /// The codes of a shown string: (code, byte length, text).
    fn decode(&self, bytes: &[u8]) -> Vec<(u32, u8, String)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let len = if self.two_byte || (self.gbk && bytes[i] >= 0x81) {
                2.min(bytes.len() - i)
            } else {
                1
            };
            let code_bytes = &bytes[i..i + len];
            let code = code_bytes.iter().fold(0u32, |c, b| (c << 8) | *b as u32);
            i += len;
            out.push((code, len as u8, self.text(code, len as u8, code_bytes)));
        }
        out
    }

    fn text(&self, code: u32, len: u8, bytes: &[u8]) -> String {
        if let Some(Encoding::UnicodeMapEncoding(map)) = &self.to_unicode
            && let Some(units) = map.get(code, len)
        {
            let s = String::from_utf16_lossy(&units);
            if !s.is_empty() && !s.contains('\u{FFFD}') {
                return fold_radicals(&s);
            }
        }
        if self.utf16 {
            return String::from_utf16_lossy(&[code as u16]);
        }
        if self.gbk {
            let (s, _, _) = encoding_rs::GBK.decode(bytes);
            return s.into_owned();
        }
        if let Some(table) = &self.simple
            && len == 1
        {
            return table[code as usize & 0xFF].clone();
        }
        '\u{FFFD}'.to_string()
    }

    fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }
}

/// Look-alikes a PDF's ToUnicode CMap names instead of the character written:
/// Kangxi and supplementary radicals for 一, 月, 民, 长 … (Word, WPS, Chromium)
/// and canonical equivalents such as U+2329 for 〈 (NFC), so that the text
/// compares equal to what was written.
fn fold_radicals(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc()
        .map(|c| {
            super::radicals::EQUIVALENT
                .binary_search_by_key(&c, |&(r, _)| r)
                .map_or(c, |i| super::radicals::EQUIVALENT[i].1)
        })
        .collect()
}

fn simple_widths(doc: &Document, dict: &Dictionary, font: &mut Font) {
    font.default_width = dict
        .get_deref(b"FontDescriptor", doc)
        .and_then(Object::as_dict)
        .ok()
        .and_then(|d| d.get(b"MissingWidth").ok().and_then(number))
        .filter(|w| *w > 0.0)
        .unwrap_or(500.0);
    let first = dict.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
    if let Ok(widths) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
        for (i, w) in widths.iter().enumerate() {
            let w = match w {
                Object::Reference(id) => doc.get_object(*id).ok().and_then(number),
                o => number(o),
            };
            if let Some(w) = w {
                font.widths.insert(first + i as u32, w);
            }
        }
    }
}

/// The CID font a Type0 font draws with (its first descendant), if any.
fn descendant<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    dict.get_deref(b"DescendantFonts", doc)
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first())
        .and_then(|o| match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
}

fn cid_widths(doc: &Document, dict: &Dictionary, font: &mut Font) {
    let Some(cid) = descendant(doc, dict) else {
        return;
    };
    if let Some(dw) = cid.get(b"DW").ok().and_then(number) {
        font.default_width = dw;
    }
    let Ok(w) = cid.get_deref(b"W", doc).and_then(Object::as_array) else {
        return;
    };
    let mut i = 0;
    while i + 1 < w.len() {
        let Some(first) = number(&w[i]) else {
            break;
        };
        let first = first as u32;
        match &w[i + 1] {
            Object::Array(list) => {
                for (k, v) in list.iter().enumerate().take(65536) {
                    if let Some(v) = number(v) {
                        font.widths.insert(first + k as u32, v);
                    }
                }
                i += 2;
            }
            o => {
                let (Some(last), Some(v)) = (number(o), w.get(i + 2).and_then(number)) else {
                    break;
                };
                let last = (last as u32).min(first.saturating_add(65536));
                for c in first..=last {
                    font.widths.insert(c, v);
                }
                i += 3;
            }
        }
    }
}

/// Fonts already loaded: those the document refers to by object number are
/// kept for every page; fonts written inline get a fresh key each time.
#[derive(Default)]
struct FontCache {
    fonts: HashMap<u64, Font>,
    inline: u64,
}

#[derive(Clone, Copy)]
struct GState {
    ctm: Matrix,
    font: Option<u64>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

struct Interpreter<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    page: &'a mut Page,
    budget: &'a mut Budget,
}

/// A path under construction, in user space.
#[derive(Default)]
struct Path {
    /// Subpaths as polylines; curves end a polyline.
    lines: Vec<Vec<(f32, f32)>>,
}

impl Path {
    /// Applies one path-construction operator with its numeric operands `n`.
    fn extend(&mut self, operator: &str, n: &[f32], ctm: Matrix) {
        match operator {
            "m" if n.len() == 2 => self.lines.push(vec![apply(ctm, n[0], n[1])]),
            "l" if n.len() == 2 => {
                let p = apply(ctm, n[0], n[1]);
                match self.lines.last_mut() {
                    Some(l) => l.push(p),
                    None => self.lines.push(vec![p]),
                }
            }
            "c" | "v" | "y" if n.len() >= 4 => {
                let p = apply(ctm, n[n.len() - 2], n[n.len() - 1]);
                self.lines.push(vec![p]);
            }
            "h" => {
                if let Some(l) = self.lines.last_mut()
                    && let Some(&first) = l.first()
                {
                    l.push(first);
                }
            }
            "re" if n.len() == 4 => {
                let (x, y, w, h) = (n[0], n[1], n[2], n[3]);
                let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                self.lines
                    .push(pts.iter().map(|&(a, b)| apply(ctm, a, b)).collect());
            }
            _ => {}
        }
    }
}

impl Interpreter<'_> {
    /// Runs a content stream operation by operation.
    fn operations(
        &mut self,
        ops: &mut Lexer,
        resources: &Dictionary,
        ctm: Matrix,
        depth: usize,
    ) -> Result<(), Exceeded> {
        let mut gs = GState {
            ctm,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path = Path::default();
        let mut op = Operation::default();
        let mut n: Vec<f32> = Vec::new();
        while ops.next(&mut op, self.budget)? {
            n.clear();
            n.extend(op.operands.iter().filter_map(number));
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(gs),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" if n.len() == 6 => gs.ctm = mul([n[0], n[1], n[2], n[3], n[4], n[5]], gs.ctm),
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    gs.font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| self.font(resources, name));
                    if let Some(s) = n.last() {
                        gs.size = *s;
                    }
                }
                "Tc" if !n.is_empty() => gs.char_space = n[0],
                "Tw" if !n.is_empty() => gs.word_space = n[0],
                "Tz" if !n.is_empty() => gs.scale = n[0] / 100.0,
                "TL" if !n.is_empty() => gs.leading = n[0],
                "Ts" if !n.is_empty() => gs.rise = n[0],
                "Td" if n.len() == 2 => {
                    tlm = mul([1.0, 0.0, 0.0, 1.0, n[0], n[1]], tlm);
                    tm = tlm;
                }
                "TD" if n.len() == 2 => {
                    gs.leading = -n[1];
                    tlm = mul([1.0, 0.0, 0.0, 1.0, n[0], n[1]], tlm);
                    tm = tlm;
                }
                "Tm" if n.len() == 6 => {
                    tlm = [n[0], n[1], n[2], n[3], n[4], n[5]];
                    tm = tlm;
                }
                "T*" => {
                    tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if op.operator == "\"" && n.len() >= 2 {
                            gs.word_space = n[0];
                            gs.char_space = n[1];
                        }
                        tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], tlm);
                        tm = tlm;
                    }
                    self.show_operands(&op.operands, &gs, &mut tm)?;
                }
                "m" | "l" | "c" | "v" | "y" | "h" | "re" => path.extend(&op.operator, &n, gs.ctm),
                "S" | "s" | "B" | "B*" | "b" | "b*" => {
                    self.stroke(&path)?;
                    path = Path::default();
                }
                "f" | "F" | "f*" => {
                    self.fill(&path)?;
                    path = Path::default();
                }
                "n" => path = Path::default(),
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(resources, name, gs.ctm, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Shows the strings of a text-showing operator; the numbers of a `TJ`
    /// array move the text position.
    fn show_operands(
        &mut self,
        operands: &[Object],
        gs: &GState,
        tm: &mut Matrix,
    ) -> Result<(), Exceeded> {
        for operand in operands {
            match operand {
                Object::String(bytes, _) => self.show(bytes, gs, tm)?,
                Object::Array(items) => {
                    for item in items {
                        match item {
                            Object::String(bytes, _) => self.show(bytes, gs, tm)?,
                            o => {
                                if let Some(adj) = number(o) {
                                    let tx = -adj / 1000.0 * gs.size * gs.scale;
                                    *tm = mul([1.0, 0.0, 0.0, 1.0, tx, 0.0], *tm);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The loaded font named in the resources.
    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Option<u64> {
        let fonts = resources
            .get_deref(b"Font", self.doc)
            .and_then(Object::as_dict)
            .ok()?;
        let key = match fonts.get(name).ok()? {
            Object::Reference(id) => (u64::from(id.0) << 16) | u64::from(id.1),
            _ => {
                self.fonts.inline += 1;
                (1 << 63) | self.fonts.inline
            }
        };
        let dict = fonts
            .get_deref(name, self.doc)
            .and_then(Object::as_dict)
            .ok()?;
        self.fonts
            .fonts
            .entry(key)
            .or_insert_with(|| Font::load(self.doc, dict));
        Some(key)
    }

    /// Shows one string: one glyph per character code.
    fn show(&mut self, bytes: &[u8], gs: &GState, tm: &mut Matrix) -> Result<(), Exceeded> {
        let Some(font) = gs.font.and_then(|k| self.fonts.fonts.get(&k)) else {
            return Ok(());
        };
        for (code, len, text) in font.decode(bytes) {
            let w0 = font.width(code) / 1000.0;
            let trm = mul(
                [gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise],
                mul(*tm, gs.ctm),
            );
            let (x, y) = (trm[4], trm[5]);
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let run = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
            let angle = trm[1].atan2(trm[0]).to_degrees();
            let space = if len == 1 && code == 32 {
                gs.word_space
            } else {
                0.0
            };
            let tx = (w0 * gs.size + gs.char_space + space) * gs.scale;
            *tm = mul([1.0, 0.0, 0.0, 1.0, tx, 0.0], *tm);
            if x.is_finite() && y.is_finite() && size.is_finite() && size > 0.0 {
                self.budget.mark()?;
                self.page.glyphs.push(Glyph {
                    text,
                    x,
                    y,
                    width: w0 * run,
                    size,
                    angle,
                    bold: font.bold,
                });
            }
        }
        Ok(())
    }

    /// Stroked straight pieces of the path become segments.
    fn stroke(&mut self, path: &Path) -> Result<(), Exceeded> {
        for line in &path.lines {
            for w in line.windows(2) {
                self.budget.mark()?;
                self.page.segments.push(Segment {
                    x1: w[0].0,
                    y1: w[0].1,
                    x2: w[1].0,
                    y2: w[1].1,
                });
            }
        }
        Ok(())
    }

    /// Filled hairline shapes (Word draws rules as thin filled rectangles)
    /// become a segment along their length.
    fn fill(&mut self, path: &Path) -> Result<(), Exceeded> {
        for line in &path.lines {
            if line.len() < 3 {
                continue;
            }
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for &(x, y) in line {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if (h <= HAIRLINE && w > h) || (w <= HAIRLINE && h > w) {
                self.budget.mark()?;
            }
            if h <= HAIRLINE && w > h {
                let y = (y0 + y1) / 2.0;
                self.page.segments.push(Segment {
                    x1: x0,
                    y1: y,
                    x2: x1,
                    y2: y,
                });
            } else if w <= HAIRLINE && h > w {
                let x = (x0 + x1) / 2.0;
                self.page.segments.push(Segment {
                    x1: x,
                    y1: y0,
                    x2: x,
                    y2: y1,
                });
            }
        }
        Ok(())
    }

    /// Runs a form XObject.
    fn form(
        &mut self,
        resources: &Dictionary,
        name: &[u8],
        ctm: Matrix,
        depth: usize,
    ) -> Result<(), Exceeded> {
        let Some(stream) = resources
            .get_deref(b"XObject", self.doc)
            .and_then(Object::as_dict)
            .ok()
            .and_then(|x| x.get_deref(name, self.doc).ok())
            .and_then(|o| o.as_stream().ok())
        else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        let matrix = stream
            .dict
            .get_deref(b"Matrix", self.doc)
            .and_then(Object::as_array)
            .ok()
            .map(|a| a.iter().filter_map(number).collect::<Vec<_>>())
            .filter(|v| v.len() == 6)
            .map_or(IDENTITY, |v| [v[0], v[1], v[2], v[3], v[4], v[5]]);
        let own = stream
            .dict
            .get_deref(b"Resources", self.doc)
            .and_then(Object::as_dict)
            .ok()
            .cloned();
        let res = own.unwrap_or_else(|| resources.clone());
        self.operations(
            &mut content::stream(stream),
            &res,
            mul(matrix, ctm),
            depth + 1,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_ideographs() {
        assert_eq!(
            fold_radicals("⼀⽉⼈⺠（⼆）⻓⻔\u{2329}"),
            "一月人民（二）长门〈"
        );
        assert_eq!(fold_radicals("（一）"), "（一）");
    }
}
