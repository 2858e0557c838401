//! Reads a report saved as DOCX by Word, WPS or LibreOffice.
//!
//! `word/document.xml` is walked in order wherever its content sits (content
//! controls, text boxes, layout tables): each paragraph becomes a
//! [`Block::Para`] with its automatic number rendered in front ("（一）", "1."),
//! each data table a [`Block::Table`] whose spans come from `w:gridSpan`,
//! `w:vMerge` and the legacy `w:hMerge`. The place is the paragraph's number in
//! the document (1-based, counting every paragraph, also those in tables).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::emphasis;
use super::error::ImportError;
use super::input::{MAX_INPUT_BYTES, check_size, clean_lines, collapse_spaces};
use super::own_date;
use super::source::{Block, Place, SourceCell, SourceDoc, SourceKind};
use super::xml_tree::{self, El, Limits, Names};

/// Deepest XML nesting accepted (real documents stay far below).
const MAX_DEPTH: usize = 256;

/// A file of this kind whose content cannot be read.
fn unreadable(reason: String) -> ImportError {
    ImportError::Corrupt {
        kind: "DOCX",
        reason,
    }
}

/// Reads a DOCX file into blocks.
pub fn read(bytes: &[u8]) -> Result<SourceDoc, ImportError> {
    check_size(bytes)?;
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // Word and WPS store a password-protected DOCX inside an OLE container.
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(marker.len()).any(|w| w == marker) {
            return Err(ImportError::Encrypted);
        }
        return Err(unreadable(
            "这是旧版 Word 97-2003（.doc）或 WPS 文件，不是 DOCX；请在 Word 或 WPS 中“另存为” .docx 后再导入"
                .into(),
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::CorruptZip(e.to_string()))?;
    let main = main_part(&mut zip);
    let Some(document) = part(&mut zip, &main)? else {
        return Err(ImportError::NotAReport(format!(
            "压缩包里没有 Word 正文（{main}），不是 DOCX 文档"
        )));
    };
    let document = parse(&document, &main)?;
    let numbering = match part(&mut zip, "word/numbering.xml")? {
        Some(xml) => Numbering::new(&parse(&xml, "word/numbering.xml")?),
        None => Numbering::default(),
    };
    let styles = match part(&mut zip, "word/styles.xml")? {
        Some(xml) => StyleNumbers::new(&parse(&xml, "word/styles.xml")?),
        None => StyleNumbers::default(),
    };
    let Some(body) = document.child("w:body") else {
        return Err(unreadable(format!("{main} 没有 w:body，不是 Word 正文")));
    };
    let mut walker = Walker {
        numbering,
        styles,
        counters: HashMap::new(),
        paragraphs: 0,
        blocks: Vec::new(),
    };
    walker.content(body);
    let published = producer_date(&mut zip);
    Ok(SourceDoc {
        kind: SourceKind::Docx,
        blocks: walker.blocks,
        notes: Vec::new(),
        published,
        report: None,
    })
}

/// nianbao's own DOCX keeps the publication date as its creation date
/// (`docProps/core.xml`); another application's creation date is not read.
fn producer_date(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<chrono::NaiveDate> {
    let app = part(zip, "docProps/app.xml").ok()??;
    let app = parse(&app, "docProps/app.xml").ok()?;
    if app.child("Application")?.text().trim() != crate::PRODUCER {
        return None;
    }
    let core = part(zip, "docProps/core.xml").ok()??;
    let core = parse(&core, "docProps/core.xml").ok()?;
    own_date::leading_date(&core.child("dcterms:created")?.text())
}

/// The main document part named by the package relationships (`word/document.xml`
/// when they do not say).
fn main_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> String {
    let fallback = "word/document.xml".to_string();
    let Ok(Some(rels)) = part(zip, "_rels/.rels") else {
        return fallback;
    };
    let Ok(rels) = parse(&rels, "_rels/.rels") else {
        return fallback;
    };
    rels.kids()
        .find(|r| {
            r.attr("Type")
                .is_some_and(|t| t.ends_with("/officeDocument"))
        })
        .and_then(|r| r.attr("Target"))
        .map(|t| t.trim_start_matches('/').to_string())
        .unwrap_or(fallback)
}

/// One part of the package, decompressed (bounded), or None when absent.
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, ImportError> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(
            zip::result::ZipError::PASSWORD_REQUIRED,
        )) => {
            return Err(ImportError::Encrypted);
        }
        Err(e) => return Err(ImportError::CorruptZip(format!("{name}：{e}"))),
    };
    let mut out = Vec::new();
    // A decompression bomb stops at four times the input limit.
    let limit = (MAX_INPUT_BYTES * 4) as u64;
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| unreadable(format!("DOCX 中的 {name} 已损坏，无法解压：{e}")))?;
    if out.len() as u64 > limit {
        return Err(unreadable(format!(
            "DOCX 中的 {name} 解压后超过 {} MB，不像是一份年度报告",
            limit / (1024 * 1024)
        )));
    }
    Ok(Some(out))
}

/// WordprocessingML's way of giving a property.
trait WordEl {
    /// `w:val` of the named child (e.g. `w:gridSpan`).
    fn val(&self, child: &str) -> Option<&str>;
}

impl WordEl for El {
    fn val(&self, child: &str) -> Option<&str> {
        self.child(child).and_then(|c| c.attr("w:val"))
    }
}

/// Parses one XML part into a tree (names as written, `w:p`); the root element is returned.
fn parse(xml: &[u8], part: &str) -> Result<El, ImportError> {
    let limits = Limits {
        depth: MAX_DEPTH,
        elements: usize::MAX,
    };
    xml_tree::parse(xml, Names::AsWritten, limits, |e| {
        unreadable(format!("DOCX 中的 {part} 不是有效的 XML：{e}"))
    })
}

/// One level of an automatic list: how its number is written.
#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// One list instance (`w:num`): its levels and the counter it advances.
#[derive(Debug, Default)]
struct List {
    levels: Vec<Level>,
    /// Instances of one abstract list share a counter (Word continues the
    /// numbering) unless the instance restarts it with a start override.
    counter: String,
}

/// The lists of `word/numbering.xml`, by numId.
#[derive(Debug, Default)]
struct Numbering {
    lists: HashMap<String, List>,
}

impl Numbering {
    fn new(root: &El) -> Self {
        let levels = |abs: &El| -> Vec<Level> {
            let mut v: Vec<Level> = Vec::new();
            for lvl in abs.kids().filter(|k| k.name == "w:lvl") {
                let i: usize = lvl.attr("w:ilvl").and_then(|s| s.parse().ok()).unwrap_or(0);
                if i >= 9 {
                    continue;
                }
                if v.len() <= i {
                    v.resize(i + 1, Level::default());
                }
                v[i] = Level {
                    start: lvl.val("w:start").and_then(|s| s.parse().ok()).unwrap_or(1),
                    format: lvl.val("w:numFmt").unwrap_or("decimal").to_string(),
                    text: lvl.val("w:lvlText").unwrap_or("").to_string(),
                };
            }
            v
        };
        let abstracts: HashMap<&str, Vec<Level>> = root
            .kids()
            .filter(|k| k.name == "w:abstractNum")
            .filter_map(|a| Some((a.attr("w:abstractNumId")?, levels(a))))
            .collect();
        let mut lists = HashMap::new();
        for num in root.kids().filter(|k| k.name == "w:num") {
            let (Some(id), Some(abs)) = (num.attr("w:numId"), num.val("w:abstractNumId")) else {
                continue;
            };
            let mut lv = abstracts.get(abs).cloned().unwrap_or_default();
            let mut counter = format!("abstract {abs}");
            for o in num.kids().filter(|k| k.name == "w:lvlOverride") {
                let i: usize = o.attr("w:ilvl").and_then(|s| s.parse().ok()).unwrap_or(0);
                if let Some(level) = lv.get_mut(i)
                    && let Some(start) = o.val("w:startOverride").and_then(|s| s.parse().ok())
                {
                    level.start = start;
                    counter = format!("list {id}");
                }
            }
            lists.insert(
                id.to_string(),
                List {
                    levels: lv,
                    counter,
                },
            );
        }
        Numbering { lists }
    }
}

/// The numbering a paragraph style sets, and the style it is based on.
#[derive(Debug, Default)]
struct StyleNumber {
    num_id: Option<String>,
    ilvl: Option<usize>,
    based_on: Option<String>,
}

/// Numbering set on paragraph styles (`w:pPr/w:numPr` in `word/styles.xml`).
#[derive(Debug, Default)]
struct StyleNumbers {
    styles: HashMap<String, StyleNumber>,
}

impl StyleNumbers {
    fn new(root: &El) -> Self {
        let mut styles = HashMap::new();
        for s in root.kids().filter(|k| k.name == "w:style") {
            let Some(id) = s.attr("w:styleId") else {
                continue;
            };
            let num = s.child("w:pPr").and_then(|p| p.child("w:numPr"));
            styles.insert(
                id.to_string(),
                StyleNumber {
                    num_id: num.and_then(|n| n.val("w:numId")).map(str::to_string),
                    ilvl: num
                        .and_then(|n| n.val("w:ilvl"))
                        .and_then(|v| v.parse().ok()),
                    based_on: s.val("w:basedOn").map(str::to_string),
                },
            );
        }
        StyleNumbers { styles }
    }

    /// The (numId, ilvl) a style gives its paragraphs, following `w:basedOn`.
    fn number(&self, style: &str) -> (Option<String>, Option<usize>) {
        let mut id = style;
        let (mut num, mut lvl) = (None, None);
        for _ in 0..16 {
            let Some(style) = self.styles.get(id) else {
                break;
            };
            num = num.or_else(|| style.num_id.clone());
            lvl = lvl.or(style.ilvl);
            match &style.based_on {
                Some(b) => id = b,
                None => break,
            }
        }
        (num, lvl)
    }
}

struct Walker {
    numbering: Numbering,
    styles: StyleNumbers,
    /// List counter → current count of each level.
    counters: HashMap<String, Vec<u32>>,
    paragraphs: usize,
    blocks: Vec<Block>,
}

impl Walker {
    /// Walks block-level content (body, cell, text box, content control).
    fn content(&mut self, parent: &El) {
        for el in parent.kids() {
            match el.name.as_str() {
                "w:p" => {
                    let mut boxes = Vec::new();
                    let (at, lines) = self.paragraph(el, &mut boxes);
                    for text in lines
                        .lines()
                        .map(|l| collapse_spaces(&emphasis::finish(l)))
                        .filter(|t| !t.is_empty())
                    {
                        self.blocks.push(Block::Para {
                            text,
                            at: place(at),
                        });
                    }
                    for b in boxes {
                        self.content(b);
                    }
                }
                "w:tbl" => self.table(el),
                // Deleted revisions, section settings and the like carry no text.
                "w:del" | "w:moveFrom" | "w:sectPr" | "w:tblPr" | "w:tblGrid" | "mc:Fallback" => {}
                _ => self.content(el),
            }
        }
    }

    /// A paragraph's number and text (with its automatic number), lines split at
    /// breaks; text boxes inside it are handed back to be walked after it.
    fn paragraph<'a>(&mut self, p: &'a El, boxes: &mut Vec<&'a El>) -> (usize, String) {
        self.paragraphs += 1;
        let at = self.paragraphs;
        let mut text = self.number_label(p);
        runs(p, &mut text, boxes);
        (at, text)
    }

    fn number_label(&mut self, p: &El) -> String {
        let ppr = p.child("w:pPr");
        let num = ppr.and_then(|x| x.child("w:numPr"));
        let style = ppr.and_then(|x| x.val("w:pStyle"));
        let (s_num, s_lvl) = style.map(|s| self.styles.number(s)).unwrap_or((None, None));
        let num_id = num
            .and_then(|n| n.val("w:numId"))
            .map(str::to_string)
            .or(s_num);
        let ilvl = num
            .and_then(|n| n.val("w:ilvl"))
            .and_then(|v| v.parse::<usize>().ok())
            .or(s_lvl)
            .unwrap_or(0);
        let Some(num_id) = num_id.filter(|n| n != "0") else {
            return String::new();
        };
        let Some(List { levels, counter }) = self.numbering.lists.get(&num_id) else {
            return String::new();
        };
        let Some(level) = levels.get(ilvl) else {
            return String::new();
        };
        let counts = self.counters.entry(counter.clone()).or_default();
        if counts.len() < levels.len() {
            counts.resize(levels.len(), 0);
        }
        for (i, c) in counts.iter_mut().enumerate() {
            if i == ilvl {
                *c = if *c == 0 { level.start } else { *c + 1 };
            } else if i > ilvl {
                *c = 0;
            }
        }
        if level.format == "bullet" || level.format == "none" {
            return String::new();
        }
        let mut label = level.text.clone();
        for (i, l) in levels.iter().enumerate().take(9) {
            let placeholder = format!("%{}", i + 1);
            if label.contains(&placeholder) {
                let n = counts.get(i).copied().filter(|&n| n > 0).unwrap_or(l.start);
                label = label.replace(&placeholder, &format_number(n, &l.format));
            }
        }
        label
    }

    fn table(&mut self, tbl: &El) {
        let rows = table_rows(tbl);
        let nested = rows.iter().flat_map(|r| table_cells(r)).any(has_table);
        let cells: usize = rows.iter().map(|r| table_cells(r).len()).sum();
        if nested || cells <= 1 {
            // Page layout: its cells are containers of ordinary content.
            for r in &rows {
                for c in table_cells(r) {
                    self.content(c);
                }
            }
            return;
        }
        let first = self.paragraphs + 1;
        let mut out: Vec<Vec<SourceCell>> = Vec::new();
        // For each grid column of the previous row: the origin cell covering it.
        let mut above: Vec<Option<(usize, usize)>> = Vec::new();
        for r in &rows {
            let row_index = out.len();
            out.push(Vec::new());
            let mut owners: Vec<Option<(usize, usize)>> = Vec::new();
            let trpr = r.child("w:trPr");
            let mut col: usize = trpr
                .and_then(|t| t.val("w:gridBefore"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
                .min(1000);
            owners.resize(col, None);
            for c in table_cells(r) {
                let tcpr = c.child("w:tcPr");
                let span: usize = tcpr
                    .and_then(|t| t.val("w:gridSpan"))
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or(1)
                    .min(1000);
                let v_merge = tcpr.and_then(|t| t.child("w:vMerge"));
                let h_merge = tcpr.and_then(|t| t.child("w:hMerge"));
                let text = self.cell_text(c);
                let h_continue = h_merge.is_some_and(|h| h.attr("w:val") != Some("restart"));
                let v_continue = v_merge.is_some_and(|v| v.attr("w:val") != Some("restart"));
                let origin = if h_continue {
                    owners
                        .last()
                        .copied()
                        .flatten()
                        .filter(|o| o.0 == row_index)
                } else {
                    None
                };
                if let Some((ri, ci)) = origin {
                    out[ri][ci].colspan += span;
                    owners.extend(std::iter::repeat_n(Some((ri, ci)), span));
                } else if let Some((ri, ci)) =
                    above.get(col).copied().flatten().filter(|_| v_continue)
                {
                    // Only the first grid column of the merged cell extends it.
                    if owners.last().copied().flatten() != Some((ri, ci)) {
                        out[ri][ci].rowspan += 1;
                    }
                    owners.extend(std::iter::repeat_n(Some((ri, ci)), span));
                } else {
                    let ci = out[row_index].len();
                    out[row_index].push(SourceCell {
                        text,
                        rowspan: 1,
                        colspan: span,
                    });
                    owners.extend(std::iter::repeat_n(Some((row_index, ci)), span));
                }
                col += span;
            }
            above = owners;
        }
        while out.last().is_some_and(|r| r.is_empty()) {
            out.pop();
        }
        if !out.is_empty() {
            self.blocks.push(Block::Table {
                rows: out,
                at: place(first),
            });
        }
    }

    /// A cell's paragraphs, one line each.
    fn cell_text(&mut self, cell: &El) -> String {
        let mut text = String::new();
        let mut boxes = Vec::new();
        self.cell_paragraphs(cell, &mut text, &mut boxes);
        clean_lines(&emphasis::plain(&text))
    }

    fn cell_paragraphs<'a>(&mut self, parent: &'a El, text: &mut String, boxes: &mut Vec<&'a El>) {
        for el in parent.kids() {
            match el.name.as_str() {
                "w:p" => {
                    let (_, t) = self.paragraph(el, boxes);
                    text.push_str(&t);
                    text.push('\n');
                }
                "w:del" | "w:moveFrom" | "w:tcPr" | "mc:Fallback" => {}
                _ => self.cell_paragraphs(el, text, boxes),
            }
        }
    }
}

fn place(paragraph: usize) -> Place {
    Place {
        page: None,
        line: Some(paragraph),
        paragraph: true,
    }
}

/// The text of a paragraph's runs (fields' results included, field codes and
/// deleted text left out); text boxes are collected, not read inline.
fn runs<'a>(el: &'a El, out: &mut String, boxes: &mut Vec<&'a El>) {
    for k in el.kids() {
        match k.name.as_str() {
            "w:t" => out.push_str(&k.text()),
            "w:tab" | "w:ptab" => out.push(' '),
            "w:br" | "w:cr" => {
                if k.attr("w:type") != Some("page") {
                    out.push('\n');
                }
            }
            "w:noBreakHyphen" => out.push('-'),
            "w:sym" => {
                if let Some(c) = k
                    .attr("w:char")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                {
                    out.push(c);
                }
            }
            "w:txbxContent" => boxes.push(k),
            "w:r" if is_bold(k) => {
                out.push(emphasis::OPEN);
                runs(k, out, boxes);
                out.push(emphasis::CLOSE);
            }
            "w:pPr" | "w:rPr" | "w:instrText" | "w:delText" | "w:del" | "w:moveFrom"
            | "mc:Fallback" | "w:fldData" => {}
            _ => runs(k, out, boxes),
        }
    }
}

/// A run set in bold by its own properties (`<w:b/>`, not `w:val="0"`).
fn is_bold(run: &El) -> bool {
    run.child("w:rPr")
        .and_then(|p| p.child("w:b"))
        .is_some_and(|b| !matches!(b.attr("w:val"), Some("0" | "false" | "off")))
}

/// The rows of a table (also those wrapped in content controls), nested tables
/// excluded.
fn table_rows(tbl: &El) -> Vec<&El> {
    fn collect<'a>(el: &'a El, out: &mut Vec<&'a El>) {
        for k in el.kids() {
            match k.name.as_str() {
                "w:tr" => out.push(k),
                "w:tbl" | "w:tblPr" | "w:tblGrid" => {}
                _ => collect(k, out),
            }
        }
    }
    let mut out = Vec::new();
    collect(tbl, &mut out);
    out
}

/// The cells of a row (also those wrapped in content controls).
fn table_cells(tr: &El) -> Vec<&El> {
    fn collect<'a>(el: &'a El, out: &mut Vec<&'a El>) {
        for k in el.kids() {
            match k.name.as_str() {
                "w:tc" => out.push(k),
                "w:trPr" | "w:tblPrEx" => {}
                _ => collect(k, out),
            }
        }
    }
    let mut out = Vec::new();
    collect(tr, &mut out);
    out
}

fn has_table(el: &El) -> bool {
    el.kids().any(|k| k.name == "w:tbl" || has_table(k))
}

/// A list number written in the level's format.
fn format_number(n: u32, format: &str) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese_count(n, &DIGITS, '十'),
        "chineseLegalSimplified" => chinese_count(n, &LEGAL, '拾'),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "ideographTraditional" => {
            const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
            STEMS[((n.max(1) - 1) % 10) as usize].to_string()
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
fn chinese_count(n: u32, digits: &[char; 10], ten: char) -> String {
    if n == 0 {
        return digits[0].to_string();
    }
    if n >= 1000 {
        return n.to_string();
    }
    let (h, t, u) = (
        (n / 100) as usize,
        ((n / 10) % 10) as usize,
        (n % 10) as usize,
    );
    let mut s = String::new();
    if h > 0 {
        s.push(digits[h]);
        s.push(if ten == '十' { '百' } else { '佰' });
        if t == 0 && u > 0 {
            s.push('零');
        }
    }
    if t > 0 {
        if !(t == 1 && h == 0) {
            s.push(digits[t]);
        }
        s.push(ten);
    }
    if u > 0 {
        s.push(digits[u]);
    }
    s
}

fn letters(mut n: u32) -> String {
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push((b'A' + (n % 26) as u8) as char);
        n /= 26;
    }
    s.iter().rev().collect()
}

fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let d = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        let got: Vec<String> = [1, 6, 10, 11, 20, 23, 105]
            .iter()
            .map(|&n| chinese_count(n, &d, '十'))
            .collect();
        assert_eq!(
            got,
            ["一", "六", "十", "十一", "二十", "二十三", "一百零五"]
        );
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
    }
}
