//! The tagged PDF and `--pdf-a`, end to end: qpdf checks the file, pdfinfo
//! says it is tagged, and the structure tree, read with lopdf, is walked
//! against the content streams, pdftotext and the report itself.

use crate::common::*;
use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};
use nianbao::document::{Block, CellRole};
use nianbao::format::page::page_number;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn run(tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (scripts/test.sh installs it): {e}"))
}

/// qpdf finds nothing wrong with the file.
fn assert_qpdf_clean(pdf: &Path) {
    let o = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() && out.contains("No syntax or stream encoding errors") && err.is_empty(),
        "qpdf --check {}:\n{out}\n{err}",
        pdf.display()
    );
}

/// One shown string of a content stream and how it is marked.
#[derive(Debug)]
struct Run {
    /// The MCID of the marked content it is in; none for an artifact.
    mcid: Option<i64>,
    text: String,
}

/// What the content streams of a page show, in stream order; panics on
/// anything drawn outside marked content.
fn page_runs(pdf: &Pdf, page: ObjectId) -> Vec<Run> {
    let resources = pdf.get_dictionary(page).unwrap().get(b"Resources").unwrap();
    let (_, resources) = pdf.dereference(resources).unwrap();
    let fonts = resources.as_dict().unwrap().get(b"Font").unwrap();
    let fonts = pdf.dereference(fonts).unwrap().1.as_dict().unwrap();
    let mut maps: HashMap<Vec<u8>, HashMap<u16, String>> = HashMap::new();
    for (name, font) in fonts.iter() {
        let font = pdf.dereference(font).unwrap().1.as_dict().unwrap();
        let cmap = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
        let stream = pdf.get_object(cmap).unwrap().as_stream().unwrap();
        let text = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
        maps.insert(name.clone(), to_unicode(&text));
    }
    let content = Content::decode(&pdf.get_page_content(page)).unwrap();
    let mut runs = Vec::new();
    // The marked-content stack: Some(mcid) or None for an artifact.
    let mut stack: Vec<Option<i64>> = Vec::new();
    let mut font: Vec<u8> = Vec::new();
    for op in &content.operations {
        let shown: Vec<&[u8]> = match op.operator.as_str() {
            "BDC" | "BMC" => {
                let tag = op.operands[0].as_name().unwrap();
                let mcid = op
                    .operands
                    .get(1)
                    .and_then(|p| p.as_dict().ok())
                    .and_then(|d| d.get(b"MCID").ok())
                    .map(|m| m.as_i64().unwrap());
                assert!(stack.is_empty(), "nested marked content");
                assert_eq!(tag == b"Artifact", mcid.is_none(), "{op:?}");
                stack.push(mcid);
                continue;
            }
            "EMC" => {
                stack.pop().expect("EMC without BDC");
                continue;
            }
            "Tf" => {
                font = op.operands[0].as_name().unwrap().to_vec();
                continue;
            }
            "re" | "S" => {
                assert_eq!(stack.last(), Some(&None), "a rule outside an artifact");
                continue;
            }
            "Tj" => vec![op.operands[0].as_str().unwrap()],
            "TJ" => op.operands[0]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|o| o.as_str().ok())
                .collect(),
            _ => continue,
        };
        let map = &maps[&font];
        let mut text = String::new();
        for bytes in shown {
            for pair in bytes.chunks(2) {
                let cid = u16::from_be_bytes([pair[0], pair[1]]);
                text.push_str(map.get(&cid).map_or("\u{fffd}", String::as_str));
            }
        }
        // Every glyph maps to Unicode; none is .notdef (ISO 19005-2 6.2.11.7.2, 6.2.11.8).
        assert!(
            !text.contains('\u{fffd}'),
            "a glyph without Unicode: {text}"
        );
        let mcid = *stack.last().expect("text outside marked content");
        runs.push(Run { mcid, text });
    }
    assert!(stack.is_empty(), "marked content left open");
    runs
}

/// The `bfchar` pairs of a ToUnicode CMap.
fn to_unicode(cmap: &str) -> HashMap<u16, String> {
    let mut out = HashMap::new();
    let hex: Vec<&str> = cmap
        .split(['<', '>'])
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    // The codespace range comes first; then pairs.
    for pair in hex[2..].chunks(2) {
        let [cid, uni] = pair else { continue };
        let units: Vec<u16> = (0..uni.len() / 4)
            .map(|i| u16::from_str_radix(&uni[4 * i..4 * i + 4], 16).unwrap())
            .collect();
        out.insert(
            u16::from_str_radix(cid, 16).unwrap(),
            String::from_utf16(&units).unwrap(),
        );
    }
    out
}

/// A structure element as read.
struct Element {
    role: Vec<u8>,
    dict: Dictionary,
    /// Element children and marked content (page index, MCID), in order.
    kids: Vec<Kid>,
}

enum Kid {
    Element(usize),
    Content(usize, i64),
}

/// The structure tree in reading order (depth first); element 0 is the root's child.
fn structure(
    pdf: &Pdf,
    pages: &HashMap<ObjectId, usize>,
) -> (Vec<Element>, HashMap<ObjectId, usize>) {
    let root = pdf.catalog().unwrap().get(b"StructTreeRoot").unwrap();
    let root = pdf.dereference(root).unwrap().1.as_dict().unwrap();
    let top = root.get(b"K").unwrap();
    let top = match top {
        Object::Array(a) => a[0].as_reference().unwrap(),
        o => o.as_reference().unwrap(),
    };
    let mut elements = Vec::new();
    let mut index = HashMap::new();
    read_element(pdf, top, pages, &mut elements, &mut index);
    (elements, index)
}

fn read_element(
    pdf: &Pdf,
    id: ObjectId,
    pages: &HashMap<ObjectId, usize>,
    out: &mut Vec<Element>,
    index: &mut HashMap<ObjectId, usize>,
) -> usize {
    let dict = pdf.get_dictionary(id).unwrap().clone();
    let me = out.len();
    index.insert(id, me);
    let page = dict
        .get(b"Pg")
        .ok()
        .map(|p| pages[&p.as_reference().unwrap()]);
    out.push(Element {
        role: dict.get(b"S").unwrap().as_name().unwrap().to_vec(),
        dict: dict.clone(),
        kids: Vec::new(),
    });
    let kids = match dict.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    };
    let mut read = Vec::new();
    for kid in kids {
        match kid {
            Object::Integer(mcid) => read.push(Kid::Content(page.expect("/Pg"), mcid)),
            Object::Dictionary(mcr) => {
                let pg = pages[&mcr.get(b"Pg").unwrap().as_reference().unwrap()];
                read.push(Kid::Content(
                    pg,
                    mcr.get(b"MCID").unwrap().as_i64().unwrap(),
                ));
            }
            Object::Reference(r) => {
                let child = read_element(pdf, r, pages, out, index);
                let parent = out[child].dict.get(b"P").unwrap().as_reference().unwrap();
                assert_eq!(parent, id, "a child's /P is not its parent");
                read.push(Kid::Element(child));
            }
            other => panic!("unexpected kid {other:?}"),
        }
    }
    out[me].kids = read;
    me
}

/// The text of an element and its descendants, in reading order.
fn text_of(elements: &[Element], e: usize, content: &HashMap<(usize, i64), String>) -> String {
    let mut out = String::new();
    for kid in &elements[e].kids {
        match kid {
            Kid::Element(c) => out.push_str(&text_of(elements, *c, content)),
            Kid::Content(p, m) => out.push_str(&content[&(*p, *m)]),
        }
    }
    out
}

fn table_attribute(e: &Element, key: &[u8]) -> Option<Object> {
    // /A is one attribute dictionary or an array of them.
    let attributes = match e.dict.get(b"A").ok()? {
        Object::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    attributes
        .iter()
        .filter_map(|a| a.as_dict().ok())
        .find(|a| a.get(b"O").ok().and_then(|o| o.as_name().ok()) == Some(b"Table"))
        .and_then(|a| a.get(key).ok().cloned())
}

/// Checks one tagged PDF built from `report`; returns what is wrong.
fn check_tagged(name: &str, pdf_path: &Path, report: &Path) -> Vec<String> {
    let mut bad = Vec::new();
    assert_qpdf_clean(pdf_path);
    let info = String::from_utf8(run("pdfinfo", &[pdf_path.to_str().unwrap()]).stdout).unwrap();
    if !info
        .lines()
        .any(|l| l.starts_with("Tagged:") && l.ends_with("yes"))
    {
        bad.push(format!("{name}: pdfinfo does not say Tagged: yes"));
    }
    let pdf = Pdf::load(pdf_path).unwrap();
    let catalog = pdf.catalog().unwrap();
    let lang = catalog
        .get(b"Lang")
        .and_then(|l| l.as_str())
        .unwrap_or_default();
    if lang != b"zh-CN" {
        bad.push(format!("{name}: /Lang {lang:?}"));
    }
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(|m| pdf.dereference(m))
        .and_then(|(_, m)| m.as_dict())
        .and_then(|m| m.get(b"Marked"))
        .and_then(|m| m.as_bool());
    if !matches!(marked, Ok(true)) {
        bad.push(format!("{name}: /MarkInfo /Marked is not true"));
    }
    let shown = catalog
        .get(b"ViewerPreferences")
        .and_then(|m| pdf.dereference(m))
        .and_then(|(_, m)| m.as_dict())
        .and_then(|m| m.get(b"DisplayDocTitle"))
        .and_then(|m| m.as_bool());
    if !matches!(shown, Ok(true)) {
        bad.push(format!("{name}: the title is not displayed"));
    }

    let page_ids: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let pages: HashMap<ObjectId, usize> = page_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let mut content: HashMap<(usize, i64), String> = HashMap::new();
    let mut stream_text = String::new();
    for (p, page) in page_ids.iter().enumerate() {
        let runs = page_runs(&pdf, *page);
        // pdftotext reads the page as the stream shows it.
        let all: String = runs.iter().map(|r| r.text.as_str()).collect();
        let poppler = String::from_utf8(
            run(
                "pdftotext",
                &[
                    "-raw",
                    "-f",
                    &(p + 1).to_string(),
                    "-l",
                    &(p + 1).to_string(),
                    pdf_path.to_str().unwrap(),
                    "-",
                ],
            )
            .stdout,
        )
        .unwrap();
        if squeeze(&poppler) != squeeze(&all) {
            bad.push(format!(
                "{name} p{}: pdftotext reads other text than the stream shows",
                p + 1
            ));
        }
        // The page number is the artifact at the end of the page.
        match runs.last() {
            Some(Run { mcid: None, text }) if squeeze(text) == squeeze(&page_number(p + 1)) => {}
            last => bad.push(format!(
                "{name} p{}: the page number is not an artifact: {last:?}",
                p + 1
            )),
        }
        for run in &runs {
            if squeeze(&run.text).contains(&squeeze(&page_number(p + 1))) && run.mcid.is_some() {
                bad.push(format!("{name} p{}: page number tagged as content", p + 1));
            }
            if let Some(m) = run.mcid {
                content.entry((p, m)).or_default().push_str(&run.text);
                stream_text.push_str(&run.text);
            }
        }
    }

    // Reading order: the tree's content in order is the content streams' text
    // without the artifacts, which is pdftotext's order (above).
    let (elements, index) = structure(&pdf, &pages);
    if elements[0].role != b"Document" {
        bad.push(format!("{name}: the tree does not start with Document"));
    }
    let read = text_of(&elements, 0, &content);
    if squeeze(&read) != squeeze(&stream_text) {
        bad.push(format!(
            "{name}: the structure's reading order differs from the pages' text"
        ));
    }
    // Every MCID is claimed by exactly one element, and the ParentTree says which.
    let mut claimed: HashMap<(usize, i64), usize> = HashMap::new();
    for (e, el) in elements.iter().enumerate() {
        for kid in &el.kids {
            if let Kid::Content(p, m) = kid
                && claimed.insert((*p, *m), e).is_some()
            {
                bad.push(format!("{name}: MCID {m} of page {} claimed twice", p + 1));
            }
        }
    }
    if claimed.len() != content.len() {
        bad.push(format!(
            "{name}: {} marked contents, {} claimed",
            content.len(),
            claimed.len()
        ));
    }
    let root = pdf.catalog().unwrap().get(b"StructTreeRoot").unwrap();
    let root = pdf.dereference(root).unwrap().1.as_dict().unwrap();
    let nums = pdf
        .dereference(root.get(b"ParentTree").unwrap())
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    for pair in nums.chunks(2) {
        let key = pair[0].as_i64().unwrap();
        let page = page_ids
            .iter()
            .position(|id| {
                pdf.get_dictionary(*id)
                    .unwrap()
                    .get(b"StructParents")
                    .unwrap()
                    .as_i64()
                    .unwrap()
                    == key
            })
            .unwrap();
        let parents = pdf.dereference(&pair[1]).unwrap().1.as_array().unwrap();
        for (mcid, parent) in parents.iter().enumerate() {
            let e = index[&parent.as_reference().unwrap()];
            if claimed.get(&(page, mcid as i64)) != Some(&e) {
                bad.push(format!(
                    "{name}: ParentTree of page {} MCID {mcid} is wrong",
                    page + 1
                ));
            }
        }
    }

    // Tables: every cell TH or TD with the report's spans and text; a TH has
    // a scope, a TD's headers are TH of the IDTree.
    let ids: HashMap<Vec<u8>, ObjectId> = {
        let tree = pdf
            .dereference(root.get(b"IDTree").unwrap())
            .unwrap()
            .1
            .as_dict()
            .unwrap();
        let names = tree.get(b"Names").unwrap().as_array().unwrap();
        names
            .chunks(2)
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_vec(),
                    p[1].as_reference().unwrap(),
                )
            })
            .collect()
    };
    let doc = document_of(report);
    let tables: Vec<&nianbao::document::Table> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let table_elements: Vec<usize> = (0..elements.len())
        .filter(|e| elements[*e].role == b"Table")
        .collect();
    if table_elements.len() != tables.len() {
        bad.push(format!(
            "{name}: {} Table elements for {} tables",
            table_elements.len(),
            tables.len()
        ));
    }
    for (t, table) in table_elements.iter().zip(&tables) {
        let mut cells = Vec::new();
        // The cells of each TR, for the grid they make.
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let mut stack = vec![*t];
        while let Some(e) = stack.pop() {
            for kid in elements[e].kids.iter().rev() {
                if let Kid::Element(c) = kid {
                    stack.push(*c);
                }
            }
            if elements[e].role == b"TR" {
                rows.push(Vec::new());
                for kid in &elements[e].kids {
                    match kid {
                        Kid::Element(c)
                            if [&b"TH"[..], b"TD"].contains(&&elements[*c].role[..]) =>
                        {
                            cells.push(*c);
                            rows.last_mut().unwrap().push(*c);
                        }
                        _ => bad.push(format!(
                            "{name} {}: a row holds other than TH/TD",
                            table.caption
                        )),
                    }
                }
            }
        }
        let spans = |e: usize| {
            let span = |key: &[u8]| {
                table_attribute(&elements[e], key).map_or(1, |o| o.as_i64().unwrap() as usize)
            };
            (span(b"RowSpan"), span(b"ColSpan"))
        };
        for problem in grid_problems(&rows, spans) {
            bad.push(format!("{name} {}: {problem}", table.caption));
        }
        let want: Vec<&nianbao::document::Cell> = table.rows.iter().flatten().collect();
        if cells.len() != want.len() {
            bad.push(format!(
                "{name} {}: {} cells tagged, {} in the table",
                table.caption,
                cells.len(),
                want.len()
            ));
            continue;
        }
        for (c, cell) in cells.iter().zip(want) {
            let e = &elements[*c];
            let span =
                |key: &[u8]| table_attribute(e, key).map_or(1, |o| o.as_i64().unwrap() as usize);
            let at = format!("{name} {} row {} col {}", table.caption, cell.row, cell.col);
            if (span(b"RowSpan"), span(b"ColSpan")) != (cell.rowspan.max(1), cell.colspan.max(1)) {
                bad.push(format!(
                    "{at}: spans {} × {}",
                    span(b"RowSpan"),
                    span(b"ColSpan")
                ));
            }
            let header = cell.role != CellRole::Figure;
            if (e.role == b"TH") != header {
                bad.push(format!(
                    "{at}: {} for a {:?}",
                    String::from_utf8_lossy(&e.role),
                    cell.role
                ));
            }
            if header && table_attribute(e, b"Scope").is_none() {
                bad.push(format!("{at}: a TH without /Scope"));
            }
            if !header {
                let headers = table_attribute(e, b"Headers");
                let headers = headers.as_ref().and_then(|h| h.as_array().ok());
                match headers {
                    Some(h) if !h.is_empty() => {
                        for id in h {
                            let target = ids.get(id.as_str().unwrap()).map(|r| index[r]);
                            if target.is_none_or(|t| elements[t].role != b"TH") {
                                bad.push(format!("{at}: a header that is not a TH"));
                            }
                        }
                    }
                    _ => bad.push(format!("{at}: a TD without headers")),
                }
            }
            if squeeze(&text_of(&elements, *c, &content)) != squeeze(&cell.text) {
                bad.push(format!(
                    "{at}: reads 「{}」",
                    text_of(&elements, *c, &content)
                ));
            }
        }
    }
    bad
}

/// What is wrong with the grid that rows of cells with these (row, column)
/// spans make, each cell placed in the first free slot of its row (as a
/// reader of the tags places it): overlapping cells, rows covering different
/// numbers of columns (a row counts the slots of cells from rows above that
/// reach into it), spans reaching below the last row.
fn grid_problems(rows: &[Vec<usize>], spans: impl Fn(usize) -> (usize, usize)) -> Vec<String> {
    let mut covered: std::collections::HashSet<(usize, usize)> = Default::default();
    let mut bad = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for cell in row {
            while covered.contains(&(r, col)) {
                col += 1;
            }
            let (rowspan, colspan) = spans(*cell);
            for slot in (r..r + rowspan).flat_map(|rr| (col..col + colspan).map(move |cc| (rr, cc)))
            {
                if !covered.insert(slot) {
                    bad.push(format!(
                        "cells overlap at row {} column {}",
                        slot.0 + 1,
                        slot.1 + 1
                    ));
                }
            }
            col += colspan;
        }
    }
    let widths: Vec<usize> = (0..rows.len())
        .map(|r| covered.iter().filter(|(rr, _)| *rr == r).count())
        .collect();
    if widths.iter().any(|w| *w != widths[0]) {
        bad.push(format!(
            "rows cover different numbers of columns: {widths:?}"
        ));
    }
    if covered.iter().any(|(r, _)| *r >= rows.len()) {
        bad.push("a row span reaches below the last row".to_string());
    }
    bad
}

#[test]
fn the_grid_check_sees_an_irregular_table() {
    // Table 四's header rows and its row of figures, as tagged.
    let mut spans = vec![
        (1, 5),
        (1, 10),
        (2, 1),
        (2, 1),
        (2, 1),
        (2, 1),
        (2, 1),
        (1, 5),
        (1, 5),
    ];
    spans.extend([(1, 1); 25]);
    let rows = vec![
        vec![0, 1],
        (2..9).collect(),
        (9..19).collect(),
        (19..34).collect(),
    ];
    let problems = |spans: &[(usize, usize)]| grid_problems(&rows, |c| spans[c]);
    assert!(problems(&spans).is_empty(), "{:?}", problems(&spans));
    // 行政复议's 总计 not spanning two rows: the third row is a column short.
    spans[6] = (1, 1);
    assert!(
        problems(&spans)
            .iter()
            .any(|p| p.contains("different numbers of columns")),
        "{:?}",
        problems(&spans)
    );
    // Spanning into the figures: they move a column right, past the others.
    spans[6] = (3, 1);
    assert!(
        problems(&spans)
            .iter()
            .any(|p| p.contains("different numbers of columns"))
    );
    // A column span across a cell spanning from above: 结果纠正 on one row,
    // the cell under it two columns wide, into 其他结果's second row.
    spans[6] = (2, 1);
    spans[3] = (1, 1);
    spans[9] = (1, 2);
    assert!(problems(&spans).iter().any(|p| p.contains("overlap")));
    spans[3] = (2, 1);
    spans[9] = (1, 1);
    spans[6] = (4, 1);
    assert!(
        problems(&spans)
            .iter()
            .any(|p| p.contains("below the last row"))
    );
}

fn build_pdf(dir: &Path, report: &Path, flags: &[&str]) -> PathBuf {
    let mut args = vec![
        "build",
        report.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(flags);
    assert_exit(&nianbao(&root(), &args), 0);
    dir.join(format!("{}.pdf", stem(report)))
}

#[test]
fn every_pdf_is_tagged_in_reading_order_with_its_tables_and_artifacts() {
    let tmp = TempDir::new("pdf-tagged");
    let mut bad = Vec::new();
    let variants = crate::pagination::break_forcing_variants(tmp.path());
    for (name, file) in &variants {
        let pdf = build_pdf(tmp.path(), file, &["--pdf"]);
        bad.extend(check_tagged(name, &pdf, file));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_checks_catch_an_untagged_pdf() {
    // The checks above must fail on a PDF without structure: a PDF of the
    // same report as LibreOffice makes it without tagging would do, but a
    // stripped copy of ours is at hand: qpdf removes the catalog's tagging.
    let tmp = TempDir::new("pdf-untagged");
    let report = root().join("examples/shandong-2023.toml");
    let pdf = build_pdf(tmp.path(), &report, &["--pdf"]);
    let mut doc = Pdf::load(&pdf).unwrap();
    let catalog = doc.catalog_mut().unwrap();
    catalog.remove(b"MarkInfo");
    catalog.set("Lang", Object::string_literal("en"));
    let stripped = tmp.path().join("stripped.pdf");
    doc.save(&stripped).unwrap();
    let bad = check_tagged("stripped", &stripped, &report);
    assert!(bad.iter().any(|b| b.contains("/Lang")), "{bad:?}");
    assert!(bad.iter().any(|b| b.contains("MarkInfo")), "{bad:?}");
}

#[test]
fn pdf_a_has_its_identification_output_intent_and_id() {
    let tmp = TempDir::new("pdf-a");
    let report = root().join("examples/shandong-2023.toml");
    let o = nianbao(
        &root(),
        &[
            "build",
            report.to_str().unwrap(),
            "--pdf-a",
            "-o",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    // --pdf-a alone writes the PDF only.
    let written: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["shandong-2023.pdf"]);
    let path = tmp.path().join("shandong-2023.pdf");
    assert!(check_tagged("pdf-a", &path, &report).is_empty());
    let pdf = Pdf::load(&path).unwrap();
    assert!(!pdf.is_encrypted());
    assert!(pdf.trailer.get(b"ID").is_ok(), "no document ID");
    let catalog = pdf.catalog().unwrap();
    let metadata = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let metadata = pdf.get_object(metadata).unwrap().as_stream().unwrap();
    assert!(
        metadata.dict.get(b"Filter").is_err(),
        "PDF/A forbids a filtered XMP packet"
    );
    let xmp = String::from_utf8(metadata.content.clone()).unwrap();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(
        xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{xmp}"
    );
    // The header's comment of four bytes above 127 (ISO 19005-2 6.1.2).
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7\n%") && bytes[10..14].iter().all(|b| *b > 127));
    assert!(bytes.ends_with(b"%%EOF"));
    // No transparency (6.2.10): no soft masks, groups, blend modes or alpha.
    for (id, object) in &pdf.objects {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        for key in [&b"SMask"[..], b"Group", b"BM", b"CA", b"ca", b"ExtGState"] {
            assert!(
                dict.get(key).is_err(),
                "object {id:?} has /{}",
                String::from_utf8_lossy(key)
            );
        }
    }
    let title = document_of(&report).title;
    assert!(xmp.contains(&title), "the XMP title is not the report's");
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = pdf.dereference(&intents[0]).unwrap().1.as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let profile = intent
        .get(b"DestOutputProfile")
        .unwrap()
        .as_reference()
        .unwrap();
    let profile = pdf.get_object(profile).unwrap().as_stream().unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let icc = std::fs::read(root().join("icc/sRGB.icc")).unwrap();
    assert_eq!(profile.decompressed_content().unwrap(), icc);

    // Without --pdf-a the PDF claims nothing of the kind.
    let plain = build_pdf(&tmp.path().join("plain"), &report, &["--pdf"]);
    let pdf = Pdf::load(&plain).unwrap();
    assert!(pdf.catalog().unwrap().get(b"OutputIntents").is_err());
    let bytes = std::fs::read(&plain).unwrap();
    assert!(!bytes.windows(6).any(|w| w == b"pdfaid"));
    // Both claim PDF/UA-1; only PDF/A needs the schema of that claim described.
    let plain_xmp = xmp_of(&plain);
    assert!(
        plain_xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "{plain_xmp}"
    );
    assert!(!plain_xmp.contains("pdfaExtension") && !plain_xmp.contains("pdfaid"));
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(
        xmp.contains(
            "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
        ),
        "{xmp}"
    );
}

/// The XMP packet of a PDF, decompressed.
fn xmp_of(pdf: &Path) -> String {
    let pdf = Pdf::load(pdf).unwrap();
    let metadata = pdf.catalog().unwrap().get(b"Metadata").unwrap();
    let stream = pdf
        .get_object(metadata.as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let bytes = if stream.dict.get(b"Filter").is_ok() {
        stream.decompressed_content().unwrap()
    } else {
        stream.content.clone()
    };
    String::from_utf8(bytes).unwrap()
}

/// A copy of `pdf` at `to` whose XMP packet is `edit`ed (and left unfiltered).
fn with_xmp(pdf: &Path, to: &Path, edit: impl Fn(&str) -> String) {
    let edited = edit(&xmp_of(pdf));
    let mut doc = Pdf::load(pdf).unwrap();
    let id = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    stream.dict.remove(b"Filter");
    stream.set_content(edited.into_bytes());
    doc.save(to).unwrap();
}

/// The Python of the venv that scripts/test.sh makes for the PDF validator
/// (PyPI `page-validation`), if it is there.
fn validator_python() -> Option<PathBuf> {
    let python = root().join("target/pdf-validators/bin/python");
    let usable = Command::new(&python)
        .args(["-c", "import page"])
        .status()
        .is_ok_and(|s| s.success());
    usable.then_some(python)
}

/// The one finding of `page-validation` 0.11.0 on our files, under its PDF/A
/// and its PDF/UA rule names, and a wrong one: it takes the width of the
/// first glyph of a CID-keyed CFF subset from another font dictionary than
/// the glyph's (fontTools reads 1000, as /W says, for that glyph and for all
/// 12 265 glyphs of the 21 PDFs; docs/pdf.md).
fn known_false(rule: &str, message: &str) -> bool {
    [
        "PDFA2A-TRUETYPE-GLYPH-WIDTH-001",
        "PDFUA1-FONT-GLYPH-WIDTH-001",
    ]
    .contains(&rule)
        && message.contains("has rendered CID 1 width 0.000 in its embedded CIDFontType0C program")
}

/// One file's validation: the file, how many rules passed, (rule, message) of each failure.
type Validation = (String, u64, Vec<(String, String)>);

/// Validates `pdfs` against `profile`.
fn validate(python: &Path, profile: &str, pdfs: &[PathBuf]) -> Vec<Validation> {
    let script = "import json, sys, page\n\
                  out = []\n\
                  for f in sys.argv[2:]:\n\
                  \x20   r = page.validate_pdf(f, profile=sys.argv[1])\n\
                  \x20   out.append([f, r.rules.passed, [[x.rule_id, x.message] for x in r.failures]])\n\
                  print(json.dumps(out))\n";
    let mut args = vec!["-c".to_string(), script.to_string(), profile.to_string()];
    args.extend(pdfs.iter().map(|p| p.to_string_lossy().into_owned()));
    let o = Command::new(python).args(&args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let reports: Vec<Validation> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(reports.len(), pdfs.len());
    reports
}

#[test]
fn pdf_a_passes_an_independent_validator() {
    let Some(python) = validator_python() else {
        skipped(
            "PDF/A-2a validation",
            "no target/pdf-validators with page-validation (scripts/test.sh makes it)",
        );
        return;
    };
    let tmp = TempDir::new("pdf-a-validated");
    let mut reports = complete_examples();
    reports.push(root().join("tests/fixtures/valid/v2019.toml"));
    let mut archival = Vec::new();
    for report in &reports {
        archival.push(build_pdf(&tmp.path().join("a"), report, &["--pdf-a"]));
    }
    let mut bad = Vec::new();
    for (file, passed, failed) in validate(&python, "2a", &archival) {
        if passed < 100 {
            bad.push(format!("{file}: only {passed} rules ran"));
        }
        for (rule, message) in failed {
            if !known_false(&rule, &message) {
                bad.push(format!("{file}: {rule} {message}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // The validator is no rubber stamp: the plain PDF fails PDF/A-2a (no
    // identification, a compressed XMP packet, no output intent).
    let plain = build_pdf(&tmp.path().join("plain"), &reports[0], &["--pdf"]);
    let (_, _, failed) = validate(&python, "2a", &[plain]).remove(0);
    let real: Vec<&(String, String)> = failed.iter().filter(|(r, m)| !known_false(r, m)).collect();
    assert!(real.len() >= 3, "{real:?}");
}

#[test]
fn pdf_ua_passes_an_independent_validator() {
    let Some(python) = validator_python() else {
        skipped(
            "PDF/UA-1 validation",
            "no target/pdf-validators with page-validation (scripts/test.sh makes it)",
        );
        return;
    };
    let tmp = TempDir::new("pdf-ua-validated");
    let mut reports = complete_examples();
    reports.push(root().join("tests/fixtures/valid/v2019.toml"));
    // Every PDF claims PDF/UA-1, the archival one too.
    let mut pdfs = Vec::new();
    for report in &reports {
        pdfs.push(build_pdf(&tmp.path().join("plain"), report, &["--pdf"]));
        pdfs.push(build_pdf(&tmp.path().join("a"), report, &["--pdf-a"]));
    }
    let mut bad = Vec::new();
    for (file, passed, failed) in validate(&python, "ua1", &pdfs) {
        if passed < 100 {
            bad.push(format!("{file}: only {passed} rules ran"));
        }
        for (rule, message) in failed {
            if !known_false(&rule, &message) {
                bad.push(format!("{file}: {rule} {message}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));

    // The validators read the claims: without its pdfuaid:part the file fails
    // PDF/UA-1, and a PDF/A file whose packet does not describe the pdfuaid
    // schema fails PDF/A-2a.
    let unclaimed = tmp.path().join("unclaimed.pdf");
    with_xmp(&pdfs[0], &unclaimed, |x| {
        x.replace("<pdfuaid:part>1</pdfuaid:part>", "")
    });
    let (_, _, failed) = validate(&python, "ua1", &[unclaimed]).remove(0);
    assert!(
        failed.iter().any(|(rule, _)| rule == "PDFUA1-ID-PART-001"),
        "{failed:?}"
    );
    let undescribed = tmp.path().join("undescribed.pdf");
    with_xmp(&pdfs[1], &undescribed, |x| {
        let start = x.find("<pdfaExtension:schemas>").unwrap();
        let end = x.find("</pdfaExtension:schemas>").unwrap();
        format!(
            "{}{}",
            &x[..start],
            &x[end + "</pdfaExtension:schemas>".len()..]
        )
    });
    let (_, _, failed) = validate(&python, "2a", &[undescribed]).remove(0);
    assert!(
        failed
            .iter()
            .any(|(rule, _)| rule == "PDFA2A-XMP-EXTENSION-PROPERTY-DEFINITION-001"),
        "{failed:?}"
    );
}

/// The accessibility checker `outloud` (PyPI) in the validators' venv, if it is there.
fn outloud() -> Option<PathBuf> {
    let outloud = root().join("target/pdf-validators/bin/outloud");
    let usable = Command::new(&outloud)
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success());
    usable.then_some(outloud)
}

/// The findings of outloud 0.2.1 on our files that are wrong (docs/pdf.md),
/// by rule, exact message and the start of the evidence:
/// - TBL-004 on table 三: its `row_widths` decrements the row spans before
///   counting the columns they carry right of a row's last cell, so the third
///   header row, whose last column is 总计's (rows 2–3), counts 9 of 10;
/// - TBL-010 on tables 二 (2021 and 2019) and 四: more header cells than data
///   cells is the official tables' shape (table 二 repeats 信息内容 and its
///   column headings under each block, table 四 has 19 headings over 15
///   figures), one TH per official cell, not headings wrapped into cells.
const OUTLOUD_WRONG: &[(&str, &str, &str)] = &[
    (
        "TBL-004",
        "rows occupy different numbers of columns (9 to 10); the grid does not close",
        "10, 10, 9, 10, 10, 10,",
    ),
    (
        "TBL-010",
        "header cells look shredded: 20 header cells against 10 data cells; 8 header rows; header rows of single words",
        "第二十条第（一）项; 信息内容; 本年制发件数;",
    ),
    (
        "TBL-010",
        "header cells look shredded: 31 header cells against 22 data cells; 10 header rows; header rows of single words",
        "第二十条第（一）项; 信息内容; 本年新制作数量;",
    ),
    (
        "TBL-010",
        "header cells look shredded: 19 header cells against 15 data cells",
        "行政复议; 行政诉讼; 总计;",
    ),
];

#[test]
fn outloud_finds_no_error_but_its_own() {
    let Some(outloud) = outloud() else {
        skipped(
            "outloud accessibility check",
            "no target/pdf-validators with outloud (scripts/test.sh makes it)",
        );
        return;
    };
    let tmp = TempDir::new("pdf-outloud");
    let mut reports = complete_examples();
    reports.push(root().join("tests/fixtures/valid/v2019.toml"));
    let mut args = vec!["--json".to_string(), "-".to_string()];
    for report in &reports {
        for (dir, flag) in [("plain", "--pdf"), ("a", "--pdf-a")] {
            let pdf = build_pdf(&tmp.path().join(dir), report, &[flag]);
            args.push(pdf.to_string_lossy().into_owned());
        }
    }
    let o = Command::new(&outloud).args(&args).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), args.len() - 2);
    let mut bad = Vec::new();
    for result in results {
        let file = result["path"].as_str().unwrap();
        if !result["error"].is_null() {
            bad.push(format!("{file}: unreadable: {}", result["error"]));
        }
        for f in result["findings"].as_array().unwrap() {
            let rule = f["rule"].as_str().unwrap();
            let message = f["message"].as_str().unwrap();
            let evidence = f["evidence"].as_str().unwrap_or_default();
            let wrong = OUTLOUD_WRONG
                .iter()
                .any(|(r, m, e)| *r == rule && *m == message && evidence.starts_with(e));
            // Addresses are printed, not linked (docs/pdf.md): a warning.
            let unlinked = rule == "LNK-010" && f["severity"] == "warning";
            if !wrong && !unlinked && f["severity"] != "info" {
                bad.push(format!(
                    "{file}: {rule} {} {message} ({evidence})",
                    f["severity"]
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // outloud is no rubber stamp: a copy without the PDF/UA claim fails it.
    let unclaimed = tmp.path().join("unclaimed.pdf");
    with_xmp(Path::new(&args[2]), &unclaimed, |x| {
        x.replace("<pdfuaid:part>1</pdfuaid:part>", "")
    });
    let o = Command::new(&outloud)
        .args(["--json", "-", unclaimed.to_str().unwrap()])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = json["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"DOC-012"), "{rules:?}");
}

#[test]
fn a_space_the_fonts_lack_is_set_as_a_space_not_as_notdef() {
    // The shipped fonts have no tab and no em space (U+2003); pasted text has them.
    let tmp = TempDir::new("pdf-spaces");
    let example = root().join("examples/shandong-2023.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let intro = text.find("[intro]").unwrap();
    let open = intro + text[intro..].find("\"\"\"").unwrap() + 3;
    let report = tmp.path().join("spaces.toml");
    let pasted = "本年度\u{2003}报告\t根据说明。";
    std::fs::write(
        &report,
        format!("{}{pasted}{}", &text[..open], &text[open..]),
    )
    .unwrap();
    let pdf = build_pdf(&tmp.path().join("out"), &report, &["--pdf-a"]);
    // No glyph without Unicode, hence no .notdef (page_runs asserts it).
    let bad = check_tagged("spaces", &pdf, &report);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let first =
        String::from_utf8(run("pdftotext", &["-l", "1", pdf.to_str().unwrap(), "-"]).stdout)
            .unwrap();
    assert!(first.contains("本年度 报告 根据说明。"), "{first}");
    if let Some(python) = validator_python() {
        let (_, _, failed) = validate(&python, "2a", &[pdf]).remove(0);
        let real: Vec<_> = failed.iter().filter(|(r, m)| !known_false(r, m)).collect();
        assert!(real.is_empty(), "{real:?}");
    }
}
