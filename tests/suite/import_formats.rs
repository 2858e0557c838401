//! The structured import readers (HTML, DOCX, PDF), end to end: nianbao's own
//! outputs and LibreOffice's read back cell for cell against the document
//! model they were rendered from; a GBK site page, a hand-made DOCX with legacy
//! merges and automatic numbering; bad inputs refused with the right error.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use nianbao::diag::SourceFile;
use nianbao::document::{Block as DocBlock, Document, build_document};
use nianbao::import::error::ImportError;
use nianbao::import::source::{Block, SourceCell, SourceDoc, SourceKind};
use nianbao::import::{docx, html, pdf};
use nianbao::report::parse_report;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import-formats").join(name)
}

/// Text with every white space removed (line wrapping and spacing differ by producer).
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A table as grid position → (text, rowspan, colspan).
type Grid = BTreeMap<(usize, usize), (String, usize, usize)>;

/// Places origin cells on the grid the way HTML does: each cell takes the
/// next free column of its row.
fn grid(rows: &[Vec<SourceCell>]) -> Grid {
    let mut taken: Vec<Vec<bool>> = Vec::new();
    let mut out = Grid::new();
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for cell in row {
            while taken
                .get(r)
                .and_then(|t| t.get(c))
                .copied()
                .unwrap_or(false)
            {
                c += 1;
            }
            for rr in r..r + cell.rowspan {
                if taken.len() <= rr {
                    taken.resize(rr + 1, Vec::new());
                }
                if taken[rr].len() < c + cell.colspan {
                    taken[rr].resize(c + cell.colspan, false);
                }
                for slot in &mut taken[rr][c..c + cell.colspan] {
                    *slot = true;
                }
            }
            out.insert((r, c), (squash(&cell.text), cell.rowspan, cell.colspan));
            c += cell.colspan;
        }
    }
    out
}

fn expected_grids(doc: &Document) -> Vec<Grid> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            DocBlock::Table(t) => Some(
                t.rows
                    .iter()
                    .flatten()
                    .map(|c| ((c.row, c.col), (squash(&c.text), c.rowspan, c.colspan)))
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

/// The narrative as printed: headings, paragraphs, the closing and signature.
fn expected_paragraphs(doc: &Document) -> Vec<String> {
    let mut v = Vec::new();
    for b in &doc.blocks {
        match b {
            DocBlock::Heading(h) => v.push(h.full()),
            DocBlock::Paragraph(p) => v.push(p.plain_text()),
            DocBlock::Signature(s) => {
                v.extend(s.closing.clone());
                v.extend(s.lines.clone());
            }
            _ => {}
        }
    }
    v.into_iter()
        .map(|p| squash(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

fn tables(doc: &SourceDoc) -> Vec<Grid> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { rows, .. } => Some(grid(rows)),
            Block::Para { .. } => None,
        })
        .collect()
}

/// The paragraphs read, as plain text: bold within a paragraph, which the HTML and
/// DOCX readers write `**…**`, is compared by the whole round trip.
fn paragraphs(doc: &SourceDoc) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para { text, .. } => Some(squash(&text.replace("**", ""))),
            Block::Table { .. } => None,
        })
        .collect()
}

/// `got` read back `want`: the same tables cell for cell, every printed
/// paragraph present as a paragraph, no page number left in the text.
fn assert_reads_back(what: &str, got: &SourceDoc, want: &Document) {
    let expected = expected_grids(want);
    let found = tables(got);
    assert_eq!(found.len(), expected.len(), "{what}: number of tables");
    for (i, (f, e)) in found.iter().zip(&expected).enumerate() {
        for (pos, cell) in e {
            assert_eq!(f.get(pos), Some(cell), "{what}: table {i} cell {pos:?}");
        }
        assert_eq!(f.len(), e.len(), "{what}: table {i} has extra cells");
    }
    let paras = paragraphs(got);
    for p in expected_paragraphs(want) {
        assert!(
            paras.iter().any(|q| q.contains(&p)),
            "{what}: paragraph missing: {p}\nread: {paras:#?}"
        );
    }
    let page_number = regex::Regex::new(r"^[-—–]*\d+[-—–]*$").unwrap();
    assert!(
        !paras.iter().any(|p| page_number.is_match(p)),
        "{what}: a page number was kept: {paras:#?}"
    );
}

/// The 2019-format fixture: a short report whose paragraphs all fit on one
/// line, in the format's other edition.
fn v2019() -> PathBuf {
    root().join("tests/fixtures/valid/v2019.toml")
}

/// Builds every complete example and the 2019-format fixture into `dir`
/// (HTML, DOCX and PDF).
fn build_examples(dir: &Path) -> Vec<PathBuf> {
    let mut examples = complete_examples();
    examples.push(v2019());
    build_into(dir, &examples, &[]);
    examples
}

/// Where two documents first differ: a field of the report or a block, both
/// sides shown; `None` when they are equal.
fn first_difference(got: &Document, want: &Document) -> Option<String> {
    let fields = [
        (
            "title",
            format!("{:?}", got.title),
            format!("{:?}", want.title),
        ),
        (
            "agency",
            format!("{:?}", got.agency),
            format!("{:?}", want.agency),
        ),
        ("year", got.year.to_string(), want.year.to_string()),
        (
            "date",
            format!("{:?}", got.date),
            format!("{:?}", want.date),
        ),
        (
            "date_iso",
            format!("{:?}", got.date_iso),
            format!("{:?}", want.date_iso),
        ),
    ];
    if let Some((name, g, w)) = fields.iter().find(|(_, g, w)| g != w) {
        return Some(format!("{name}: {g} instead of {w}"));
    }
    let blocks = got.blocks.len().max(want.blocks.len());
    (0..blocks).find_map(|i| {
        let (g, w) = (got.blocks.get(i), want.blocks.get(i));
        (g != w).then(|| format!("block {i}: {g:#?}\ninstead of {w:#?}"))
    })
}

#[test]
fn nianbao_outputs_read_back_cell_for_cell() {
    let tmp = TempDir::new("import-formats-own");
    for example in build_examples(tmp.path()) {
        let want = document_of(&example);
        let name = stem(&example);
        let read = |ext: &str| std::fs::read(tmp.path().join(format!("{name}.{ext}"))).unwrap();
        let from_html = html::read(&read("html")).expect("HTML reads");
        assert_eq!(from_html.kind, SourceKind::Html);
        assert_reads_back(&format!("{name}.html"), &from_html, &want);
        let from_docx = docx::read(&read("docx")).expect("DOCX reads");
        assert_reads_back(&format!("{name}.docx"), &from_docx, &want);
        let from_pdf = pdf::read(&read("pdf")).expect("PDF reads");
        assert_reads_back(&format!("{name}.pdf"), &from_pdf, &want);
        // Places: a line for HTML, a paragraph number for DOCX, page and line for PDF.
        for b in &from_pdf.blocks {
            let at = match b {
                Block::Para { at, .. } | Block::Table { at, .. } => at,
            };
            assert!(at.page.is_some_and(|p| p >= 1) && at.line.is_some_and(|l| l >= 1));
        }
        for doc in [&from_html, &from_docx] {
            assert!(doc.blocks.iter().all(|b| match b {
                Block::Para { at, .. } | Block::Table { at, .. } => at.line.is_some(),
            }));
        }
    }
}

/// A second producer: LibreOffice turns our HTML into DOCX (its own table and
/// paragraph structure) and our DOCX into PDF (its own rules, page breaks
/// inside table 三 with repeated header rows, page numbers in the footer).
#[test]
fn libreoffice_outputs_read_back_cell_for_cell() {
    let tmp = TempDir::new("import-formats-lo");
    let examples = build_examples(tmp.path());
    let profile = tmp.path().join("lo-profile");
    let lo = tmp.path().join("lo");
    let with = |ext: &str| -> Vec<PathBuf> {
        examples
            .iter()
            .map(|e| tmp.path().join(format!("{}.{ext}", stem(e))))
            .collect()
    };
    soffice(&profile, "docx:MS Word 2007 XML", &lo, &with("html"));
    soffice(&profile, "pdf", &lo, &with("docx"));
    for example in &examples {
        let want = document_of(example);
        let name = stem(example);
        let docx_bytes = std::fs::read(lo.join(format!("{name}.docx"))).unwrap();
        let got = docx::read(&docx_bytes).expect("LibreOffice DOCX reads");
        assert_reads_back(&format!("LibreOffice {name}.docx"), &got, &want);
        let pdf_bytes = std::fs::read(lo.join(format!("{name}.pdf"))).unwrap();
        let got = pdf::read(&pdf_bytes).expect("LibreOffice PDF reads");
        assert_reads_back(&format!("LibreOffice {name}.pdf"), &got, &want);
    }
}

/// Our HTML put inside an agency site template, declared and encoded GB2312:
/// the report reads the same; menus and footer stay as text blocks; scripts,
/// styles and hidden elements are dropped; the layout table is not a data table.
#[test]
fn gbk_site_page_reads_like_the_plain_page() {
    let tmp = TempDir::new("import-formats-gbk");
    let example = root().join("examples/shandong-2023.toml");
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            example.to_str().unwrap(),
            "--html",
            "-o",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    let page = std::fs::read_to_string(tmp.path().join("shandong-2023.html")).unwrap();
    let start = page.find("<body").unwrap();
    let body = &page[page[start..].find('>').unwrap() + start + 1..page.rfind("</body>").unwrap()];
    let site = format!(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">\n<html><head>\n\
         <meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n\
         <title>山东省医疗保障局_政务公开</title>\n<style>td {{ font: 12px 宋体 }}</style>\n\
         <script>var menu = '<table><tr><td>脚本里的格子</td><td>x</td></tr></table>';</script>\n\
         </head><body>\n<div class=\"nav\"><a href=\"/\">首页</a>&nbsp;|&nbsp;<a href=\"/zwgk\">政务公开</a></div>\n\
         <div style=\"display:none\">隐藏的统计代码</div>\n\
         <table width=\"100%\"><tr><td class=\"left\"><ul><li>信息公开指南</li><li>信息公开年报</li></ul></td>\n\
         <td class=\"content\">{body}</td></tr></table>\n\
         <div class=\"footer\">主办单位：山东省医疗保障局　网站标识码 3700000000</div>\n</body></html>\n"
    );
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&site);
    assert!(!unmappable, "the test page is GBK-encodable");
    let plain = html::read(page.as_bytes()).unwrap();
    let wrapped = html::read(&gbk).expect("GBK page reads");
    assert_eq!(tables(&wrapped), tables(&plain));
    let paras = paragraphs(&wrapped);
    for p in paragraphs(&plain) {
        assert!(paras.contains(&p), "missing after wrapping: {p}");
    }
    for kept in [
        "首页|政务公开",
        "信息公开指南",
        "主办单位：山东省医疗保障局网站标识码3700000000",
    ] {
        assert!(
            paras.iter().any(|p| p == kept),
            "site text kept: {kept}\n{paras:#?}"
        );
    }
    let all = format!("{paras:?}");
    for dropped in ["脚本里的格子", "隐藏的统计代码", "font:"] {
        assert!(!all.contains(dropped), "dropped: {dropped}");
    }
    // The first report paragraph is placed on its line of the page.
    let line_of = |needle: &str| site.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let footer = wrapped
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Para { text, at } if text.starts_with("主办单位") => at.line,
            _ => None,
        })
        .unwrap();
    assert_eq!(footer, line_of("主办单位"));
}

/// Writes a DOCX package from its parts.
fn docx_package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, body) in parts {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
    xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
    xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" \
    xmlns:v=\"urn:schemas-microsoft-com:vml\"";

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

fn cell(props: &str, text: &str) -> String {
    format!(
        "<w:tc><w:tcPr>{props}</w:tcPr><w:p>{}</w:p></w:tc>",
        run(text)
    )
}

/// A WPS-style document: automatic （一）/1. numbering, a paragraph split
/// into many runs with a field, a text box (in both mc:Choice and its VML
/// fallback), the report inside a content control, and table 四's header
/// written with the legacy hMerge next to gridSpan and vMerge.
#[test]
fn hand_made_docx_with_hmerge_numbering_and_text_box() {
    let numbering = format!(
        "<w:numbering {W}>\
         <w:abstractNum w:abstractNumId=\"0\">\
           <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%1）\"/></w:lvl>\
           <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%2.\"/></w:lvl>\
         </w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"1\">\
           <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/></w:lvl>\
         </w:abstractNum>\
         <w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/></w:num>\
         <w:num w:numId=\"4\"><w:abstractNumId w:val=\"1\"/></w:num>\
         <w:num w:numId=\"5\"><w:abstractNumId w:val=\"0\"/></w:num>\
         <w:num w:numId=\"6\"><w:abstractNumId w:val=\"0\"/>\
           <w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>\
         </w:numbering>"
    );
    let numbered = |level: usize, num: usize, text: &str| {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr>{}</w:p>",
            run(text)
        )
    };
    let span = |n: usize| format!("<w:gridSpan w:val=\"{n}\"/>");
    let header_row1 = format!(
        "<w:tr>{}{}{}{}{}</w:tr>",
        cell(&span(5), "行政复议"),
        cell("<w:hMerge w:val=\"restart\"/>", "行政诉讼"),
        cell("<w:hMerge/>", ""),
        cell(&format!("<w:hMerge/>{}", span(3)), ""),
        cell(&format!("<w:hMerge/>{}", span(5)), "")
    );
    let header_row2 = format!(
        "<w:tr>{}{}{}{}{}{}{}</w:tr>",
        cell("<w:vMerge w:val=\"restart\"/>", "结果维持"),
        cell("<w:vMerge w:val=\"restart\"/>", "结果纠正"),
        cell("<w:vMerge w:val=\"restart\"/>", "其他结果"),
        cell("<w:vMerge w:val=\"restart\"/>", "尚未审结"),
        cell("<w:vMerge w:val=\"restart\"/>", "总计"),
        cell(&span(5), "未经复议直接起诉"),
        cell(&span(5), "复议后起诉")
    );
    let mut row3 = String::new();
    for _ in 0..5 {
        row3 += &cell("<w:vMerge/>", "");
    }
    for _ in 0..2 {
        for t in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
            row3 += &cell("", t);
        }
    }
    let mut row4 = String::new();
    for i in 0..15 {
        row4 += &cell("", &i.to_string());
    }
    let table = format!(
        "<w:tbl><w:tblPr/><w:tblGrid>{}</w:tblGrid>{header_row1}{header_row2}<w:tr>{row3}</w:tr><w:tr>{row4}</w:tr></w:tbl>",
        "<w:gridCol/>".repeat(15)
    );
    let text_box = "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>\
        <w:txbxContent><w:p><w:r><w:t>联系电话：0531-12345678</w:t></w:r></w:p></w:txbxContent>\
        </wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>\
        <w:p><w:r><w:t>联系电话：0531-12345678</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict>\
        </mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>落款</w:t></w:r></w:p>";
    let body = format!(
        "<w:document {W}><w:body><w:sdt><w:sdtContent>\
         <w:p>{}</w:p>\
         {}{}{}{}{}{}{}\
         <w:p><w:r><w:t>全年共</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>收到</w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> = 20+6 </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>26</w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:del><w:r><w:delText>删掉的字</w:delText></w:r></w:del>\
         <w:r><w:t>件</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>第二行</w:t></w:r></w:p>\
         {table}{text_box}\
         </w:sdtContent></w:sdt><w:sectPr/></w:body></w:document>",
        run("一、总体情况"),
        numbered(0, 3, "以公开为常态"),
        numbered(1, 3, "主动公开"),
        numbered(1, 3, "依申请公开"),
        numbered(0, 3, "以规范为保障"),
        numbered(0, 4, "要点"),
        numbered(0, 5, "同一列表的另一实例接着编号"),
        numbered(0, 6, "重新编号"),
    );
    let bytes = docx_package(&[
        (
            "[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        ),
        (
            "_rels/.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
             </Relationships>",
        ),
        ("word/document.xml", &body),
        ("word/numbering.xml", &numbering),
    ]);
    let got = docx::read(&bytes).expect("hand-made DOCX reads");
    let paras: Vec<(&str, usize)> = got
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para { text, at } => Some((text.as_str(), at.line.unwrap())),
            _ => None,
        })
        .collect();
    assert_eq!(
        paras,
        vec![
            ("一、总体情况", 1),
            ("（一）以公开为常态", 2),
            ("1.主动公开", 3),
            ("2.依申请公开", 4),
            ("（二）以规范为保障", 5),
            ("要点", 6),
            ("（三）同一列表的另一实例接着编号", 7),
            ("（一）重新编号", 8),
            // The bold run is emphasis within the paragraph: the report file's **…**.
            ("全年共**收到**26件", 9),
            ("第二行", 9),
            ("落款", 52),
            ("联系电话：0531-12345678", 53),
        ]
    );
    let t = tables(&got);
    assert_eq!(t.len(), 1);
    let want: Grid = [
        ((0, 0), ("行政复议", 1, 5)),
        ((0, 5), ("行政诉讼", 1, 10)),
        ((1, 0), ("结果维持", 2, 1)),
        ((1, 4), ("总计", 2, 1)),
        ((1, 5), ("未经复议直接起诉", 1, 5)),
        ((1, 10), ("复议后起诉", 1, 5)),
        ((2, 5), ("结果维持", 1, 1)),
        ((2, 14), ("总计", 1, 1)),
        ((3, 0), ("0", 1, 1)),
        ((3, 14), ("14", 1, 1)),
    ]
    .into_iter()
    .map(|(k, (s, r, c))| (k, (s.to_string(), r, c)))
    .collect();
    for (pos, cell) in &want {
        assert_eq!(t[0].get(pos), Some(cell), "cell {pos:?}");
    }
    assert_eq!(t[0].len(), 2 + 7 + 10 + 15);
}

fn err(r: Result<SourceDoc, ImportError>) -> ImportError {
    match r {
        Ok(doc) => panic!("expected an error, read {} blocks", doc.blocks.len()),
        Err(e) => e,
    }
}

#[test]
fn bad_pdfs_get_the_right_error() {
    let read = |name: &str| pdf::read(&std::fs::read(fixture(name)).unwrap());
    assert_eq!(err(read("encrypted.pdf")), ImportError::Encrypted);
    assert_eq!(err(read("image-only.pdf")), ImportError::NeedsOcr);
    assert!(err(read("image-only.pdf")).to_string().contains("OCR"));
    // A PDF that only restricts printing or copying opens without a password.
    let restricted = read("restricted.pdf").expect("owner-password-only PDF reads");
    assert_eq!(
        paragraphs(&restricted),
        ["Annualreportongovernmentinformationdisclosure"]
    );
    // Scanned pages whose only text is the scanner app's footer.
    assert_eq!(err(read("scanned-with-footer.pdf")), ImportError::NeedsOcr);
    assert!(matches!(
        err(pdf::read(b"<html>not a pdf</html>")),
        ImportError::Corrupt { kind: "PDF", .. }
    ));
    // Truncated at every tenth of its length: an error or a partial read, never a panic.
    let tmp = TempDir::new("import-formats-truncated");
    let example = root().join("examples/shandong-2023.toml");
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            example.to_str().unwrap(),
            "--pdf",
            "-o",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    let whole = std::fs::read(tmp.path().join("shandong-2023.pdf")).unwrap();
    for tenth in 1..10 {
        let _ = pdf::read(&whole[..whole.len() * tenth / 10]);
    }
}

#[test]
fn bad_docx_and_html_get_the_right_error() {
    assert!(matches!(
        err(docx::read(b"PK\x03\x04 this is not really a zip archive")),
        ImportError::CorruptZip(_)
    ));
    let not_word = docx_package(&[("content.xml", "<office:document/>")]);
    assert!(matches!(
        err(docx::read(&not_word)),
        ImportError::NotAReport(_)
    ));
    let broken_xml = docx_package(&[("word/document.xml", "<w:document><w:body><w:p>")]);
    assert!(matches!(
        err(docx::read(&broken_xml)),
        ImportError::Corrupt { kind: "DOCX", .. }
    ));
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 512]);
    assert!(err(docx::read(&ole)).to_string().contains(".doc"));
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(err(docx::read(&ole)), ImportError::Encrypted);
    // Over 50 MB: refused before anything is parsed.
    let big = vec![b' '; 50 * 1024 * 1024 + 1];
    for result in [html::read(&big), docx::read(&big), pdf::read(&big)] {
        assert!(matches!(err(result), ImportError::TooLarge(_)));
    }
}

/// Round trip through the whole import: build every example, read each output
/// (ours and LibreOffice's), recognise it and write the report file; the file
/// renders the same tables cell for cell and the same narrative paragraphs,
/// and every report comes back whole: title, agency, year, the publication
/// date (from our outputs' metadata), every heading, paragraph (bold words
/// included), cell, the contact details and the 落款, block for block.
#[test]
fn round_trip_build_import_same_figures_and_narrative() {
    use nianbao::import::{recognise::recognise, write::report_file};
    let tmp = TempDir::new("import-formats-round-trip");
    let examples = build_examples(tmp.path());
    let profile = tmp.path().join("lo-profile");
    let lo = tmp.path().join("lo");
    let docx_files: Vec<PathBuf> = examples
        .iter()
        .map(|e| tmp.path().join(format!("{}.docx", stem(e))))
        .collect();
    soffice(&profile, "pdf", &lo, &docx_files);
    let mut failures = Vec::new();
    for example in &examples {
        let want = document_of(example);
        let name = stem(example);
        let inputs = [
            (
                format!("{name}.html"),
                tmp.path().join(format!("{name}.html")),
            ),
            (
                format!("{name}.docx"),
                tmp.path().join(format!("{name}.docx")),
            ),
            (
                format!("{name}.pdf"),
                tmp.path().join(format!("{name}.pdf")),
            ),
            (
                format!("LibreOffice {name}.pdf"),
                lo.join(format!("{name}.pdf")),
            ),
        ];
        for (what, path) in inputs {
            let bytes = std::fs::read(&path).unwrap();
            let source = match path.extension().unwrap().to_str().unwrap() {
                "html" => html::read(&bytes),
                "docx" => docx::read(&bytes),
                _ => pdf::read(&bytes),
            }
            .expect("reads");
            let imported = recognise(&source).expect("recognised");
            let toml = report_file(&imported, &what);
            let file = tmp
                .path()
                .join(format!("{}.imported.toml", what.replace(' ', "-")));
            std::fs::write(&file, &toml).unwrap();
            let parsed = parse_report(&SourceFile::new(&file, toml.clone()));
            let Some(report) = parsed.report else {
                failures.push(format!("{what}: the imported file does not parse"));
                continue;
            };
            let mut back = build_document(&report);
            let (got, expected) = (expected_grids(&back), expected_grids(&want));
            if got != expected {
                failures.push(format!("{what}: tables differ after the round trip"));
            }
            let got_paras = expected_paragraphs(&back);
            for p in expected_paragraphs(&want) {
                if !got_paras.contains(&p) {
                    failures.push(format!("{what}: paragraph lost: {p}"));
                }
            }
            if what.starts_with("LibreOffice") {
                // LibreOffice's PDF names Writer as its creator: its creation
                // date is when it was converted, and is not read.
                back.date.clone_from(&want.date);
                back.date_iso.clone_from(&want.date_iso);
            }
            if let Some(difference) = first_difference(&back, &want) {
                failures.push(format!("{what}: the report differs: {difference}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Table 三's narrow header cells set sideways (Word's "text direction"):
/// LibreOffice draws them turned a quarter; the PDF reader reads them along
/// their own direction and the table still reads back cell for cell.
#[test]
fn sideways_header_cells_read_along_their_direction() {
    let tmp = TempDir::new("import-formats-sideways");
    let example = root().join("examples/shandong-2023.toml");
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            example.to_str().unwrap(),
            "--docx",
            "-o",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    let original = std::fs::read(tmp.path().join("shandong-2023.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
    let mut parts: Vec<(String, String)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut body = String::new();
        std::io::Read::read_to_string(&mut f, &mut body).unwrap();
        parts.push((f.name().unwrap().to_string(), body));
    }
    let (_, xml) = parts
        .iter_mut()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap();
    for label in ["自然人", "总计"] {
        let at = xml.find(&format!(">{label}</w:t>")).unwrap();
        let tc = xml[..at].rfind("<w:tc>").unwrap();
        let valign = tc + xml[tc..].find("<w:vAlign").unwrap();
        xml.insert_str(valign, "<w:textDirection w:val=\"btLr\" />");
    }
    let parts: Vec<(&str, &str)> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_str()))
        .collect();
    let sideways = tmp.path().join("sideways.docx");
    std::fs::write(&sideways, docx_package(&parts)).unwrap();
    let lo = tmp.path().join("lo");
    soffice(&tmp.path().join("lo-profile"), "pdf", &lo, &[sideways]);
    let got = pdf::read(&std::fs::read(lo.join("sideways.pdf")).unwrap()).expect("reads");
    assert_reads_back("sideways.pdf", &got, &document_of(&example));
}

/// A third producer: the published web page printed to PDF by Chromium (how
/// the office above often files a page it received as a link). Chromium maps
/// 民, 长, 门 … to radical look-alikes in its ToUnicode CMaps.
#[test]
fn chromium_printed_pages_read_back_cell_for_cell() {
    let tmp = TempDir::new("import-formats-chromium");
    for example in build_examples(tmp.path()) {
        let name = stem(&example);
        let pdf_path = tmp.path().join(format!("{name}.printed.pdf"));
        let o = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                tmp.path().join("chromium").display()
            ))
            .arg(format!("--print-to-pdf={}", pdf_path.display()))
            .arg(tmp.path().join(format!("{name}.html")))
            .output()
            .expect("chromium runs (apt-get install chromium)");
        assert!(pdf_path.exists(), "{}", String::from_utf8_lossy(&o.stderr));
        let got = pdf::read(&std::fs::read(&pdf_path).unwrap()).expect("printed page reads");
        assert_reads_back(
            &format!("Chromium {name}.pdf"),
            &got,
            &document_of(&example),
        );
    }
}

/// The page saved by a browser as a web archive (.mht): a MIME message with
/// the page quoted-printable in GB2312; it reads like the page itself.
#[test]
fn web_archive_reads_like_the_page() {
    let tmp = TempDir::new("import-formats-mht");
    let example = root().join("examples/xiamen-2022.toml");
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            example.to_str().unwrap(),
            "--html",
            "-o",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    let page = std::fs::read_to_string(tmp.path().join("xiamen-2022.html")).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable);
    let mut qp = String::new();
    let mut width = 0;
    for &b in gbk.iter() {
        let piece = if b == b'\n' {
            width = 0;
            "\r\n".to_string()
        } else if b >= 0x80 || b == b'=' {
            format!("={b:02X}")
        } else {
            (b as char).to_string()
        };
        if width + piece.len() > 72 {
            qp.push_str("=\r\n");
            width = 0;
        }
        width += piece.len();
        qp.push_str(&piece);
    }
    let mht = format!(
        "From: <Saved by Windows Internet Explorer 11>\r\nSubject: report\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----=_NextPart_01D9\"\r\n\r\n\
         This is a multi-part message in MIME format.\r\n\r\n------=_NextPart_01D9\r\n\
         Content-Type: text/html;\r\n\tcharset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\
         Content-Location: http://ybj.xm.gov.cn/report.html\r\n\r\n{qp}\r\n\r\n------=_NextPart_01D9\r\n\
         Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\r\n------=_NextPart_01D9--\r\n"
    );
    let plain = html::read(page.as_bytes()).unwrap();
    let archived = html::read(mht.as_bytes()).expect("web archive reads");
    assert_eq!(tables(&archived), tables(&plain));
    assert_eq!(paragraphs(&archived), paragraphs(&plain));
    assert_reads_back("xiamen-2022.mht", &archived, &document_of(&example));
}

/// The text of each page of a PDF, white space removed (poppler's pdftotext).
fn page_texts(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout)
        .split('\u{c}')
        .map(squash)
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn tables_broken_at_different_rows_read_back_whole() {
    let tmp = TempDir::new("import-formats-breaks");
    // A header row printed on two pages marks table 三 continued there; the
    // page that continues it shows where the break fell.
    let header = "申请人情况";
    let row_label = regex::Regex::new(r"（[一二三四五六七]）[^0-9（]+|\d+\.[^0-9（]+").unwrap();
    let mut continuations = std::collections::BTreeSet::new();
    let mut checked = 0;
    for example in complete_examples() {
        let stem = stem(&example);
        let text = std::fs::read_to_string(&example).unwrap();
        if !text.contains("[intro]") {
            continue;
        }
        for times in 1..=6 {
            let name = format!("{stem}-intro{times}");
            let file = tmp.path().join(format!("{name}.toml"));
            std::fs::write(
                &file,
                crate::pagination::longer_text(&text, "\n[intro]", times).expect("an introduction"),
            )
            .unwrap();
            let o = nianbao(
                tmp.path(),
                &["build", file.to_str().unwrap(), "--pdf", "-o", "out"],
            );
            assert_exit(&o, 0);
            let out = tmp.path().join("out").join(format!("{name}.pdf"));
            let pages = page_texts(&out);
            let with_header: Vec<&String> = pages.iter().filter(|p| p.contains(header)).collect();
            if let [_, next, ..] = with_header.as_slice() {
                // The first numbered row label after the repeated header.
                let after = next.split(header).nth(1).unwrap_or_default();
                if let Some(m) = row_label.find(after) {
                    continuations.insert(m.as_str().to_string());
                }
            }
            let read = pdf::read(&std::fs::read(&out).unwrap()).expect("PDF reads");
            assert_reads_back(&format!("{name}.pdf"), &read, &document_of(&file));
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} variants read");
    assert!(
        continuations.len() >= 3,
        "table 三 continued at fewer than three different rows: {continuations:#?}"
    );
}

/// The publication date comes back from each of our outputs, which carry it in
/// their metadata (the page's `<meta name="date">`, the DOCX's and PDF's
/// creation date) though none prints it; a report without one gets none back,
/// not the year's last day our DOCX stores in its place.
#[test]
fn the_publication_date_comes_back_from_every_output() {
    let tmp = TempDir::new("import-formats-published");
    for (example, want) in [
        ("xiamen-2022", Some("published = 2023-01-06")),
        ("zhongwei-2023", None),
    ] {
        let report = root().join(format!("examples/{example}.toml"));
        let o = nianbao(
            tmp.path(),
            &[
                "build",
                report.to_str().unwrap(),
                "-o",
                tmp.path().to_str().unwrap(),
            ],
        );
        assert_exit(&o, 0);
        for kind in ["html", "docx", "pdf"] {
            let output = tmp.path().join(format!("{example}.{kind}"));
            let imported = tmp.path().join(format!("{example}.{kind}.toml"));
            let o = nianbao(
                tmp.path(),
                &[
                    "import",
                    output.to_str().unwrap(),
                    "-o",
                    imported.to_str().unwrap(),
                ],
            );
            assert_exit(&o, 0);
            // A DOCX place is a paragraph (「第N段」), as `check` gives it.
            if kind == "docx" {
                let notes = stderr(&o);
                let places: Vec<&str> = notes
                    .lines()
                    .filter_map(|l| l.strip_prefix("导入说明：原文第 "))
                    .collect();
                assert!(
                    !places.is_empty()
                        && places.iter().all(|p| p
                            .split_once('：')
                            .is_some_and(|(at, _)| at.ends_with(" 段"))),
                    "{notes}"
                );
            }
            let toml = std::fs::read_to_string(&imported).unwrap();
            let got = toml.lines().find(|l| l.starts_with("published = "));
            assert_eq!(
                got.map(|l| l.split("  #").next().unwrap()),
                want,
                "{example}.{kind}"
            );
        }
    }
}
