//! `nianbao build --ofd` end to end, read by independent readers: ofd-core
//! (crates.io) checks the package and renders its pages, which must match
//! poppler's rendering of our PDF; ofdkit (PyPI) extracts the text, which must
//! be the PDF's; xmllint validates every part against the OFD schemas
//! (tests/ofd-schemas); the bytes are deterministic; `nianbao import` reads
//! the OFD back into the same report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use nianbao::document::{Block as DocBlock, Document};

/// The complete examples and the 2019 fixture.
fn reports() -> Vec<PathBuf> {
    let mut v = complete_examples();
    v.push(root().join("tests/fixtures/valid/v2019.toml"));
    v
}

/// `reports()` and, for each with an introduction, that introduction repeated
/// three and six times (every later page break moves: tables split elsewhere,
/// header rows and merged labels repeated), written to `dir`.
fn with_break_forcing_variants(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for report in reports() {
        let text = std::fs::read_to_string(&report).unwrap();
        all.push(report.clone());
        let Some(start) = text.find("[intro]") else {
            continue;
        };
        let open = start + text[start..].find("\"\"\"").unwrap() + 3;
        let close = open + text[open..].find("\"\"\"").unwrap();
        let body = text[open..close].trim_end().to_string();
        for times in [3, 6] {
            let file = dir.join(format!("{}-intro{times}.toml", stem(&report)));
            let longer = vec![body.clone(); times].join("\n\n");
            std::fs::write(
                &file,
                format!("{}{longer}\n{}", &text[..open], &text[close..]),
            )
            .unwrap();
            all.push(file);
        }
    }
    all
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (scripts/test.sh installs it): {e}"))
}

/// The OFD's parts: (name, bytes), in the package's order.
fn parts(ofd: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(ofd).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut body).unwrap();
            (f.name().unwrap().to_string(), body)
        })
        .collect()
}

/// `ofd` written to `to` with each part passed through `change` (name, bytes).
fn rewritten(ofd: &Path, to: &Path, change: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts(ofd) {
        let bytes = change(&name, bytes);
        w.start_file(name, options).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

/// ofd-core finds no problem in any OFD we write (the break-forcing variants
/// too), reads its metadata and as many pages as the PDF has; two builds give
/// the same bytes.
#[test]
fn ofd_core_accepts_every_package_and_builds_are_byte_identical() {
    let tmp = TempDir::new("ofd-core");
    let again = TempDir::new("ofd-core-again");
    let reports = with_break_forcing_variants(tmp.path());
    build_into(tmp.path(), &reports, &["--ofd", "--pdf"]);
    build_into(again.path(), &reports, &["--ofd"]);
    for report in &reports {
        let ofd = output_of(tmp.path(), report, "ofd");
        let check = ofd_core::check_path(&ofd);
        assert!(check.conforms(), "{}: {:?}", ofd.display(), check.problems);
        let mut reader = ofd_core::OfdReader::open(&ofd).unwrap();
        assert_eq!(reader.ofd().doc_type, "OFD");
        let body = reader.ofd().doc_bodies[0].clone();
        let doc = document_of(report);
        let info = &body.doc_info;
        assert_eq!(info.title.as_deref(), Some(doc.title.as_str()));
        assert_eq!(info.author.as_deref(), Some(doc.agency.as_str()));
        let loaded = reader.load_document(&body).unwrap();
        let pdf = output_of(tmp.path(), report, "pdf");
        let pdfinfo = String::from_utf8(tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout).unwrap();
        let pdf_pages: usize = pdfinfo
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        assert_eq!(loaded.pages().len(), pdf_pages, "{}", ofd.display());
        assert_eq!(
            std::fs::read(&ofd).unwrap(),
            std::fs::read(output_of(again.path(), report, "ofd")).unwrap(),
            "{}: two builds differ",
            ofd.display()
        );
    }
}

/// The OFD's date and metadata come from the report, never from the clock;
/// its outlines list every heading, in order.
#[test]
fn document_information_and_outlines_come_from_the_report() {
    let tmp = TempDir::new("ofd-info");
    let report = root().join("tests/fixtures/valid/v2019.toml");
    build_into(tmp.path(), std::slice::from_ref(&report), &["--ofd"]);
    let doc = document_of(&report);
    let parts = parts(&output_of(tmp.path(), &report, "ofd"));
    let part = |name: &str| -> String {
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .unwrap()
    };
    let main = part("OFD.xml");
    let date = doc.date_iso.clone().expect("the fixture has a date");
    assert!(
        main.contains(&format!("<ofd:CreationDate>{date}</ofd:CreationDate>")),
        "{main}"
    );
    assert!(main.contains(&format!("<ofd:Author>{}</ofd:Author>", doc.agency)));
    let document = part("Doc_0/Document.xml");
    let titles: Vec<&str> = document
        .split("<ofd:OutlineElem Title=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            DocBlock::Heading(h) => Some(h.full()),
            _ => None,
        })
        .collect();
    assert!(!headings.is_empty());
    assert_eq!(titles, headings);
}

/// Every XML part validates against the OFD schemas (GB/T 33190-2016 annex A).
#[test]
fn every_part_validates_against_the_ofd_schemas() {
    let schemas = root().join("tests/ofd-schemas");
    let tmp = TempDir::new("ofd-schemas");
    let reports = reports();
    build_into(tmp.path(), &reports, &["--ofd"]);
    for report in &reports {
        for (name, bytes) in parts(&output_of(tmp.path(), report, "ofd")) {
            let schema = match name.as_str() {
                "OFD.xml" => "OFD.xsd",
                n if n.ends_with("/Document.xml") => "Document.xsd",
                n if n.ends_with("/PublicRes.xml") => "Res.xsd",
                n if n.ends_with("/Content.xml") => "Page.xsd",
                n if n.ends_with(".otf") || n.ends_with(".ttf") => continue,
                n => panic!("unexpected part {n}"),
            };
            let file = tmp.path().join(name.replace('/', "_"));
            std::fs::write(&file, &bytes).unwrap();
            let o = tool(
                "xmllint",
                &[
                    "--noout",
                    "--schema",
                    schemas.join(schema).to_str().unwrap(),
                    file.to_str().unwrap(),
                ],
            );
            assert!(
                o.status.success(),
                "{} {name}: {}",
                report.display(),
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}

/// ofdkit, if scripts/test.sh installed it (target/ofd-tools).
fn ofdkit() -> Option<PathBuf> {
    let bin = root().join("target/ofd-tools/bin/ofdkit");
    bin.exists().then_some(bin)
}

/// The text ofdkit extracts from the OFD is the text pdftotext extracts from
/// the PDF: the same characters, and every line of running text in the same
/// order. (Table cells come in each tool's own order; pdftotext drops a
/// hyphen that ends a line, so hyphens are left out of the comparison.)
#[test]
fn an_independent_reader_extracts_the_pdf_text() {
    let Some(ofdkit) = ofdkit() else {
        skipped(
            "OFD text extraction",
            "ofdkit not installed (bash scripts/test.sh installs it)",
        );
        return;
    };
    let tmp = TempDir::new("ofd-text");
    let reports = reports();
    build_into(tmp.path(), &reports, &["--ofd", "--pdf"]);
    let plain = |s: &str| -> String { squeeze(s).chars().filter(|c| *c != '-').collect() };
    for report in &reports {
        let ofd = output_of(tmp.path(), report, "ofd");
        let pdf = output_of(tmp.path(), report, "pdf");
        let o = tool(ofdkit.to_str().unwrap(), &["text", ofd.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let from_ofd = String::from_utf8(o.stdout).unwrap();
        let o = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        let from_pdf = plain(&String::from_utf8(o.stdout).unwrap());
        let count = |s: &str| {
            let mut m: BTreeMap<char, usize> = BTreeMap::new();
            for c in s.chars() {
                *m.entry(c).or_default() += 1;
            }
            m
        };
        assert_eq!(
            count(&plain(&from_ofd)),
            count(&from_pdf),
            "{}: other characters",
            report.display()
        );
        // Running text: ofdkit sets table cells apart with spaces.
        for line in from_ofd.lines().filter(|l| !l.trim().contains(' ')) {
            assert!(
                from_pdf.contains(&plain(line)),
                "{}: line not in the PDF's text: {line}",
                report.display()
            );
        }
    }
}

/// A grey page read from a binary PGM (pdftoppm -gray).
fn read_pgm(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8(bytes[start..at].to_vec()).unwrap());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[at + 1..].to_vec())
}

/// Share of the ink of `a` with no ink of `b` within `reach` pixels.
fn unmatched_ink(a: &[bool], b: &[bool], w: usize, h: usize, reach: usize) -> f64 {
    let mut ink = 0usize;
    let mut lost = 0usize;
    for y in 0..h {
        for x in 0..w {
            if !a[y * w + x] {
                continue;
            }
            ink += 1;
            let near = (y.saturating_sub(reach)..(y + reach + 1).min(h)).any(|yy| {
                (x.saturating_sub(reach)..(x + reach + 1).min(w)).any(|xx| b[yy * w + xx])
            });
            if !near {
                lost += 1;
            }
        }
    }
    lost as f64 / ink.max(1) as f64
}

/// ofd-core's rendering of every OFD page (the break-forcing variants too)
/// matches poppler's rendering of the same PDF page: at 60 dpi, under 1% of either's ink (any grey darker than
/// 230 of 255: the 0.5 pt rules are 0.4 pixel wide, and ofd-core draws them
/// far lighter than poppler) has none of the other's within a pixel. The pictures stay in target/ofd-pages to look at.
#[test]
fn pages_render_like_the_pdf() {
    const DPI: f64 = 60.0;
    const INK: u32 = 230;
    let tmp = TempDir::new("ofd-render");
    let keep = root().join("target/ofd-pages");
    let _ = std::fs::remove_dir_all(&keep);
    std::fs::create_dir_all(&keep).unwrap();
    let reports = with_break_forcing_variants(tmp.path());
    build_into(tmp.path(), &reports, &["--ofd", "--pdf"]);
    let mut worst = Vec::new();
    for report in &reports {
        let name = stem(report);
        let ofd = output_of(tmp.path(), report, "ofd");
        let pdf = output_of(tmp.path(), report, "pdf");
        let prefix = keep.join(format!("{name}-pdf"));
        let o = tool(
            "pdftoppm",
            &[
                "-gray",
                "-r",
                &DPI.to_string(),
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        assert!(o.status.success());
        let mut reader = ofd_core::OfdReader::open(&ofd).unwrap();
        let body = reader.ofd().doc_bodies[0].clone();
        let doc = reader.load_document(&body).unwrap();
        let pages = doc.pages().len();
        let options = ofd_core::render::RenderOptions::with_dpi(DPI);
        for i in 0..pages {
            let png = keep.join(format!("{name}-ofd-{}.png", i + 1));
            reader.render_page_to_file(&doc, i, &options, &png).unwrap();
            let image = reader.render_page_to_image(&doc, i, &options).unwrap();
            let digits = if pages >= 10 { 2 } else { 1 };
            let pgm = keep.join(format!("{name}-pdf-{:0digits$}.pgm", i + 1));
            let (w, h, grey) = read_pgm(&pgm);
            let (ow, oh) = image.dimensions();
            assert!(
                (ow as i64 - w as i64).abs() <= 1 && (oh as i64 - h as i64).abs() <= 1,
                "{name} page {}: {ow}x{oh} against {w}x{h}",
                i + 1
            );
            let from_pdf: Vec<bool> = grey.iter().map(|v| u32::from(*v) < INK).collect();
            let mut from_ofd = vec![false; w * h];
            for y in 0..h.min(oh as usize) {
                for x in 0..w.min(ow as usize) {
                    let p = image.get_pixel(x as u32, y as u32).0;
                    let lum = (u32::from(p[0]) * 3 + u32::from(p[1]) * 6 + u32::from(p[2])) / 10;
                    from_ofd[y * w + x] = lum < INK;
                }
            }
            let lost = unmatched_ink(&from_ofd, &from_pdf, w, h, 1)
                .max(unmatched_ink(&from_pdf, &from_ofd, w, h, 1));
            worst.push((lost, format!("{name} page {}", i + 1)));
        }
    }
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    assert!(
        worst[0].0 < 0.01,
        "most different pages: {:?}",
        &worst[..3.min(worst.len())]
    );
}

/// A table's cells as printed: row, column, text without white space.
type Cells = Vec<(usize, usize, String)>;

/// The narrative and every table as printed, for comparing two documents.
fn printed(doc: &Document) -> (Vec<String>, Vec<Cells>) {
    let mut paras = Vec::new();
    let mut tables = Vec::new();
    for b in &doc.blocks {
        match b {
            DocBlock::Heading(h) => paras.push(squeeze(&h.full())),
            DocBlock::Paragraph(p) => paras.push(squeeze(&p.plain_text())),
            DocBlock::Table(t) => tables.push(
                t.rows
                    .iter()
                    .flatten()
                    .map(|c| (c.row, c.col, squeeze(&c.text)))
                    .collect(),
            ),
            _ => {}
        }
    }
    paras.retain(|p| !p.is_empty());
    (paras, tables)
}

/// `nianbao import` reads every OFD we write exactly as it reads the PDF of
/// the same report (the two share the page layout reader), and back into
/// reports that print the same tables cell for cell and the same paragraphs;
/// the 2019-format fixture comes back whole. `check` takes the OFD too.
#[test]
fn import_reads_a_built_ofd_back() {
    let tmp = TempDir::new("ofd-import");
    let reports = reports();
    build_into(tmp.path(), &reports, &["--ofd", "--pdf"]);
    for report in &reports {
        let mut imported = Vec::new();
        for ext in ["ofd", "pdf"] {
            let input = output_of(tmp.path(), report, ext);
            let out = tmp.path().join(format!("{}.{ext}.toml", stem(report)));
            let o = nianbao(
                tmp.path(),
                &[
                    "import",
                    input.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                ],
            );
            assert_exit(&o, 0);
            imported.push(out);
        }
        // The first lines name the file imported; the rest is the report.
        let body = |p: &Path| -> String {
            let text = std::fs::read_to_string(p).unwrap();
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            body(&imported[0]),
            body(&imported[1]),
            "{}: the OFD imports otherwise than the PDF",
            report.display()
        );
        let (want, got) = (document_of(report), document_of(&imported[0]));
        let (want_paras, want_tables) = printed(&want);
        let (got_paras, got_tables) = printed(&got);
        assert_eq!(got_tables, want_tables, "{}", report.display());
        for p in &want_paras {
            assert!(got_paras.contains(p), "{}: lost {p}", report.display());
        }
        if report.ends_with("fixtures/valid/v2019.toml") {
            assert_eq!(got, want, "{}: the report differs", report.display());
        }
        let ofd = output_of(tmp.path(), report, "ofd");
        let o = nianbao(tmp.path(), &["check", ofd.to_str().unwrap()]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    }
}

/// Hostile packages are refused with a message naming the OFD, never a panic:
/// no OFD.xml, a document that is not there, a billion-laughs entity, deep
/// nesting, a zip bomb.
#[test]
fn hostile_packages_are_refused_with_a_message() {
    let tmp = TempDir::new("ofd-hostile");
    let zip = |name: &str, parts: &[(&str, Vec<u8>)]| -> PathBuf {
        use std::io::Write;
        let path = tmp.path().join(name);
        let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (n, b) in parts {
            w.start_file(*n, options).unwrap();
            w.write_all(b).unwrap();
        }
        w.finish().unwrap();
        path
    };
    let main = br#"<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#.to_vec();
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">&c;</ofd:Document>"#.to_vec();
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000)).into_bytes();
    let bomb = vec![b' '; 300 * 1024 * 1024];
    let cases = [
        (
            zip("no-main.ofd", &[("Doc_0/Document.xml", b"<x/>".to_vec())]),
            "OFD.xml",
        ),
        (
            zip("no-doc.ofd", &[("OFD.xml", main.clone())]),
            "Doc_0/Document.xml",
        ),
        (
            zip(
                "laughs.ofd",
                &[("OFD.xml", main.clone()), ("Doc_0/Document.xml", laughs)],
            ),
            "不是有效的 XML",
        ),
        (
            zip(
                "deep.ofd",
                &[("OFD.xml", main.clone()), ("Doc_0/Document.xml", deep)],
            ),
            "嵌套过深",
        ),
        (
            zip(
                "bomb.ofd",
                &[("OFD.xml", main), ("Doc_0/Document.xml", bomb)],
            ),
            "解压后超过",
        ),
    ];
    for (path, says) in cases {
        let o = nianbao(tmp.path(), &["import", path.to_str().unwrap()]);
        assert_exit(&o, 2);
        let err = stderr(&o);
        assert!(err.contains(says), "{}: {err}", path.display());
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// Our OFD rewritten the way other producers write theirs: one text object
/// per character, scaled by a CTM (half size, drawn at twice the size), and
/// each rule a path object of its own, relative to its boundary; pages named
/// by absolute locations. It imports as the original does.
#[test]
fn an_ofd_made_otherwise_imports_alike() {
    let number = |s: &str| -> f64 { s.parse().unwrap() };
    let attr = |tag: &str, name: &str| -> String {
        let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[at..at + tag[at..].find('"').unwrap()].to_string()
    };
    let expand = |deltas: &str| -> Vec<f64> {
        let mut out = Vec::new();
        let mut t = deltas.split_whitespace();
        while let Some(tok) = t.next() {
            if tok == "g" {
                let n: usize = t.next().unwrap().parse().unwrap();
                let v = number(t.next().unwrap());
                out.extend(std::iter::repeat_n(v, n));
            } else {
                out.push(number(tok));
            }
        }
        out
    };
    let rewrite = |xml: &str| -> String {
        let mut out = String::new();
        let mut id = 10_000;
        let mut rest = xml;
        while let Some(at) = rest
            .find("<ofd:TextObject ")
            .or_else(|| rest.find("<ofd:PathObject "))
        {
            out.push_str(&rest[..at]);
            let end_tag = if rest[at..].starts_with("<ofd:TextObject") {
                "</ofd:TextObject>"
            } else {
                "</ofd:PathObject>"
            };
            let end = at + rest[at..].find(end_tag).unwrap() + end_tag.len();
            let object = &rest[at..end];
            let head = &object[..object.find('>').unwrap()];
            let b: Vec<f64> = attr(head, "Boundary").split(' ').map(number).collect();
            if end_tag == "</ofd:TextObject>" {
                let size = number(&attr(head, "Size"));
                let font = attr(head, "Font");
                let code_at = object.find("<ofd:TextCode").unwrap();
                let code_head = &object[code_at..code_at + object[code_at..].find('>').unwrap()];
                let deltas = if code_head.contains("DeltaX") {
                    expand(&attr(code_head, "DeltaX"))
                } else {
                    Vec::new()
                };
                let text_at = code_at + object[code_at..].find('>').unwrap() + 1;
                let text = &object[text_at..object.find("</ofd:TextCode>").unwrap()];
                let mut x = b[0];
                for (i, ch) in text.chars().enumerate() {
                    id += 1;
                    out.push_str(&format!(
                        r#"<ofd:TextObject ID="{id}" Boundary="{x:.3} {:.3} {size:.3} {:.3}" CTM="0.5 0 0 0.5 0 0" Font="{font}" Size="{:.3}"><ofd:TextCode X="0" Y="{:.3}">{ch}</ofd:TextCode></ofd:TextObject>"#,
                        b[1],
                        b[3],
                        size * 2.0,
                        size * 2.0,
                    ));
                    x += deltas.get(i).copied().unwrap_or(size);
                }
            } else {
                let data_at = object.find("<ofd:AbbreviatedData>").unwrap() + 21;
                let data = &object[data_at..object.find("</ofd:AbbreviatedData>").unwrap()];
                let v: Vec<f64> = data
                    .split_whitespace()
                    .filter_map(|t| t.parse().ok())
                    .collect();
                // Rectangles "M a b L c b L c d L a d C": four sides each.
                for r in v.chunks(8) {
                    let (a, bb, c, d) = (r[0] + b[0], r[1] + b[1], r[2] + b[0], r[5] + b[1]);
                    for (x0, y0, x1, y1) in
                        [(a, bb, c, bb), (c, bb, c, d), (a, d, c, d), (a, bb, a, d)]
                    {
                        id += 1;
                        out.push_str(&format!(
                            r#"<ofd:PathObject ID="{id}" Boundary="{x0:.3} {y0:.3} {:.3} {:.3}" LineWidth="0.18"><ofd:AbbreviatedData>M 0 0 L {:.3} {:.3}</ofd:AbbreviatedData></ofd:PathObject>"#,
                            (x1 - x0).max(0.2),
                            (y1 - y0).max(0.2),
                            x1 - x0,
                            y1 - y0,
                        ));
                    }
                }
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    };
    let tmp = TempDir::new("ofd-otherwise");
    let report = root().join("examples/xiamen-2022.toml");
    build_into(tmp.path(), std::slice::from_ref(&report), &["--ofd"]);
    let ours = output_of(tmp.path(), &report, "ofd");
    let theirs = tmp.path().join("theirs.ofd");
    rewritten(&ours, &theirs, |name, bytes| {
        let text = String::from_utf8_lossy(&bytes);
        if name.ends_with("Content.xml") {
            rewrite(&text).into_bytes()
        } else if name.ends_with("Document.xml") {
            text.replace("BaseLoc=\"Pages/", "BaseLoc=\"/Doc_0/Pages/")
                .into_bytes()
        } else {
            bytes
        }
    });
    let body = |input: &Path, out: &str| -> String {
        let out = tmp.path().join(out);
        let o = nianbao(
            tmp.path(),
            &[
                "import",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert_exit(&o, 0);
        let text = std::fs::read_to_string(out).unwrap();
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&theirs, "theirs.toml"), body(&ours, "ours.toml"));
}

/// A page location holding control characters (found by the import_ofd
/// fuzzer): the note that the page is missing shows them escaped, never raw.
#[test]
fn a_page_name_with_control_characters_is_noted_escaped() {
    let tmp = TempDir::new("ofd-controls");
    let report = root().join("examples/shandong-2023.toml");
    build_into(tmp.path(), std::slice::from_ref(&report), &["--ofd"]);
    let built = output_of(tmp.path(), &report, "ofd");
    rewritten(&built, &tmp.path().join("hostile.ofd"), |name, body| {
        if name != "Doc_0/Document.xml" {
            return body;
        }
        let text = String::from_utf8(body).unwrap();
        let at = text.find("</ofd:Pages>").expect("a page list");
        let page = "<ofd:Page ID=\"9999\" BaseLoc=\"Pages/\u{1b}[2J\u{1b}]0;x\u{7}\u{202e}/Content.xml\"/>";
        format!("{}{page}{}", &text[..at], &text[at..]).into_bytes()
    });
    let o = nianbao(tmp.path(), &["import", "hostile.ofd", "-o", "out.toml"]);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(all.contains("\\u{1b}[2J"), "{all}");
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!all.contains(raw), "{all:?}");
    }
    let written = std::fs::read_to_string(tmp.path().join("out.toml")).unwrap();
    assert!(!written.contains('\u{1b}'));
}
