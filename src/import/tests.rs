//! The recogniser on real table blocks: every example drawn as the official grid
//! (what the HTML, DOCX and PDF readers give for a report nianbao rendered) comes
//! back cell for cell; blank cells in a grid are noted where they stand.

use std::path::Path;

use super::recognise::recognise;
use super::source::{Block, Place, SourceCell, SourceDoc, SourceKind};
use crate::diag::SourceFile;
use crate::format::{CellKind, SectionId, TableId};
use crate::report::{Report, parse_report};

fn example(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    parse_report(&SourceFile::new(path, text)).report.unwrap()
}

fn para(text: &str, line: usize) -> Block {
    Block::Para {
        text: text.to_string(),
        at: Place {
            page: None,
            line: Some(line),
            paragraph: false,
        },
    }
}

/// The report as a document with real tables; `blank` empties one value cell.
fn as_grid(r: &Report, blank: Option<(TableId, &str, usize)>) -> SourceDoc {
    let mut blocks = vec![para(&r.title(), 1), para(&SectionId::Overview.heading(), 2)];
    blocks.push(para("2024年，本机关认真贯彻《条例》。", 3));
    for id in TableId::ALL {
        let t = r.table(id).unwrap();
        blocks.push(para(&id.section().heading(), 10 + id as usize));
        let rows = t
            .def
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| SourceCell {
                        text: match &cell.kind {
                            CellKind::Header(s) | CellKind::Label(s) => s.to_string(),
                            CellKind::Value { field, column } => {
                                let key = t.def.fields[*field].key;
                                if blank == Some((id, key, *column)) {
                                    String::new()
                                } else {
                                    t.rows[*field].as_ref().unwrap().cells[*column]
                                        .value
                                        .to_string()
                                }
                            }
                        },
                        rowspan: cell.rowspan,
                        colspan: cell.colspan,
                    })
                    .collect()
            })
            .collect();
        blocks.push(Block::Table {
            rows,
            at: Place {
                page: Some(2),
                line: None,
                paragraph: false,
            },
        });
    }
    blocks.push(para(&SectionId::Problems.heading(), 20));
    blocks.push(para(&SectionId::Other.heading(), 21));
    SourceDoc {
        kind: SourceKind::Html,
        blocks,
        notes: Vec::new(),
        published: None,
    }
}

fn written_values(imp: &super::Imported, id: TableId) -> Vec<Vec<Option<String>>> {
    imp.tables[id as usize]
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .map(|r| {
            r.as_ref()
                .unwrap()
                .cells
                .iter()
                .map(|c| c.value.clone())
                .collect()
        })
        .collect()
}

#[test]
fn every_example_grid_comes_back_cell_for_cell() {
    for name in [
        "haiyan-2021.toml",
        "shandong-2023.toml",
        "xiamen-2022.toml",
        "zhongwei-2023.toml",
    ] {
        let r = example(name);
        let imp = recognise(&as_grid(&r, None)).unwrap();
        assert!(imp.notes.is_empty(), "{name}: {:?}", imp.notes);
        for id in TableId::ALL {
            let want: Vec<Vec<Option<String>>> = r
                .table(id)
                .unwrap()
                .rows
                .iter()
                .map(|row| {
                    row.as_ref()
                        .unwrap()
                        .cells
                        .iter()
                        .map(|c| Some(c.value.to_string()))
                        .collect()
                })
                .collect();
            assert_eq!(written_values(&imp, id), want, "{name} {id:?}");
        }
    }
}

#[test]
fn a_blank_grid_cell_is_noted_at_its_place() {
    let r = example("xiamen-2022.toml");
    let doc = as_grid(&r, Some((TableId::Three, "granted", 1)));
    let imp = recognise(&doc).unwrap();
    assert_eq!(imp.notes.len(), 1, "{:?}", imp.notes);
    let note = imp.notes[0].to_string();
    assert!(
        note.starts_with("原文第 2 页表格第 6 行第 4 列："),
        "{note}"
    );
    assert!(
        note.contains("（一）予以公开」商业企业原文为空白，按 0 写入"),
        "{note}"
    );
    let granted = &written_values(&imp, TableId::Three)[2];
    assert_eq!(granted[1].as_deref(), Some("0"));
    // A blank total is left for nianbao to compute.
    let doc = as_grid(&r, Some((TableId::Four, "review", 4)));
    let imp = recognise(&doc).unwrap();
    assert_eq!(written_values(&imp, TableId::Four)[0][4], None);
    assert!(imp.notes[0].to_string().contains("由工具计算总计"));
}

#[test]
fn a_page_laid_out_in_a_table_is_read_as_text() {
    let long = "全年主动公开政府信息89条，其中政策文件13件、政策解读3条，均通过门户网站和政务新媒体及时发布，".repeat(3);
    let text = format!(
        "某某市某某局2023年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开情况。{long}\n五、存在的主要问题及改进情况\n人员不足。"
    );
    let doc = SourceDoc {
        kind: SourceKind::Html,
        blocks: vec![Block::Table {
            rows: vec![vec![SourceCell {
                text,
                rowspan: 1,
                colspan: 1,
            }]],
            at: Place::default(),
        }],
        notes: Vec::new(),
        published: None,
    };
    let imp = recognise(&doc).unwrap();
    assert_eq!(imp.agency, "某某市某某局");
    assert_eq!(imp.overview.parts.len(), 1);
    assert_eq!(imp.overview.parts[0].heading, "主动公开情况");
    assert_eq!(imp.problems.lead, ["人员不足。"]);
}

#[test]
fn only_text_and_pdf_lines_are_joined() {
    let doc = |kind| SourceDoc {
        kind,
        blocks: [
            "某某市某某局2023年政府信息公开工作年度报告",
            "一、总体情况",
            "（一）主动公开情况",
            "全年主动公开政府信息八十九条，其中政策文件",
            "十三件。",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| para(t, i + 1))
        .collect(),
        notes: Vec::new(),
        published: None,
    };
    let parts = |kind| {
        recognise(&doc(kind)).unwrap().overview.parts[0]
            .paras
            .clone()
    };
    assert_eq!(
        parts(SourceKind::Text),
        ["全年主动公开政府信息八十九条，其中政策文件十三件。"]
    );
    assert_eq!(
        parts(SourceKind::Docx),
        ["全年主动公开政府信息八十九条，其中政策文件", "十三件。"]
    );
}

/// A web page's bold: lead-in sub-headings set in bold before their text are
/// headings; bold words inside a sentence are the report file's `**…**`; a
/// section heading set wholly or partly in bold is a heading.
#[test]
fn bold_in_a_page_is_a_heading_or_an_emphasis() {
    let page = "<html><body>\
        <p>某某市某某局2023年政府信息公开工作年度报告</p>\
        <p><strong>一、总体情况</strong></p>\
        <p><strong>（一）主动公开情况。</strong>严格按照要求公开。一是<b>落实审查制度</b>。</p>\
        <p><strong>五、存在的主要问题及改进情况</strong></p><p>人员不足。</p>\
        <p><b>六、</b>其他需要报告的事项</p><p>没有收取信息处理费。</p>\
        </body></html>";
    let imp = recognise(&super::html::read(page.as_bytes()).unwrap()).unwrap();
    let parts = &imp.overview.parts;
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].heading, "主动公开情况");
    assert_eq!(parts[0].paras, ["严格按照要求公开。一是**落实审查制度**。"]);
    assert_eq!(imp.problems.lead, ["人员不足。"]);
    // Only the number in bold: still the heading of 六.
    assert_eq!(imp.other.lead, ["没有收取信息处理费。"]);
}
