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
        report: None,
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
        report: None,
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
        report: None,
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

/// A text document of `lines`, one paragraph a line.
fn text_doc(lines: &[&str]) -> SourceDoc {
    SourceDoc {
        kind: SourceKind::Text,
        blocks: lines
            .iter()
            .enumerate()
            .map(|(i, t)| para(t, i + 1))
            .collect(),
        notes: Vec::new(),
        published: None,
        report: None,
    }
}

/// A report that numbers its own parts (一 总体情况, 二 工作机制保障 …, then the
/// tables under 一、二、三 again) and prints its problems under table 四
/// without the heading of 五 (上海市科委 2024): its own parts are sub-headings
/// of 一, numbers dropped; the problems are 五, with one note; a line that only
/// starts like a heading (「二、三季度…」 inside a sentence) stays text.
#[test]
fn own_numbering_and_problems_under_table_four() {
    let imp = recognise(&text_doc(&[
        "某某市科委2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度认真贯彻《条例》。",
        "二、工作机制保障",
        "设立政务公开工作协调小组，开展一、",
        "二、三季度检查",
        "工作。",
        "四、政府信息公开申请情况",
        "全年收到申请34件。",
        "一、主动公开政府信息情况",
        "行政规范性文件 13 0 55",
        "二、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 32 2 0 0 0 0 34",
        "三、政府信息公开行政复议、行政诉讼情况",
        "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0",
        "（一）主要问题",
        "内设机构和职能发生较大调整，原有部门网站政务公开栏目",
        "需要调整。",
        "（二）改进情况",
        "开设专栏。",
        "五、其他需要报告的事项",
        "未收取信息处理费。",
    ]))
    .unwrap();
    let headings: Vec<&str> = imp
        .overview
        .parts
        .iter()
        .map(|p| p.heading.as_str())
        .collect();
    assert_eq!(headings, ["工作机制保障", "政府信息公开申请情况"]);
    assert!(
        imp.overview.parts[0]
            .paras
            .concat()
            .contains("二、三季度检查")
    );
    let problems: Vec<(&str, &[String])> = imp
        .problems
        .parts
        .iter()
        .map(|p| (p.heading.as_str(), p.paras.as_slice()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                "主要问题",
                &["内设机构和职能发生较大调整，原有部门网站政务公开栏目需要调整。".to_string()][..]
            ),
            ("改进情况", &["开设专栏。".to_string()][..]),
        ]
    );
    assert_eq!(imp.other.lead, ["未收取信息处理费。"]);
    let notes: Vec<&str> = imp.notes.iter().map(|n| n.message.as_str()).collect();
    let about = |words: &str| notes.iter().filter(|n| n.contains(words)).count();
    assert_eq!(about("自行编排了各部分的序号"), 1, "{notes:?}");
    assert_eq!(
        about("的表格之后从「（一）主要问题」起的文字按这一部分导入"),
        1,
        "{notes:?}"
    );
    assert_eq!(about("这一部分为空"), 0, "{notes:?}");
}

/// Text after a table whose part has nowhere to hold it is noted with its
/// place, never dropped silently; a table's own label lines are not text.
#[test]
fn text_after_a_table_is_noted() {
    let imp = recognise(&text_doc(&[
        "某某局2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度认真贯彻《条例》。",
        "二、主动公开政府信息情况",
        "行政规范性文件 13 0 55",
        "（一）说明",
        "本表数据来自政务公开平台，",
        "截至12月31日。",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量",
        "（一）予以公开",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "无。",
        "六、其他需要报告的事项",
        "无。",
    ]))
    .unwrap();
    let notes: Vec<String> = imp.notes.iter().map(|n| n.to_string()).collect();
    let after: Vec<&String> = notes.iter().filter(|n| n.contains("的表格之后")).collect();
    assert_eq!(after.len(), 1, "{notes:?}");
    assert!(
        after[0].contains("原文第 6 行")
            && after[0]
                .contains("「二、主动公开政府信息情况」的表格之后从「（一）说明」起的 3 段文字")
            && after[0].contains("未导入"),
        "{notes:?}"
    );
}

/// A page saved whole from a site: menus, the title, share links, an
/// introduction set apart, the article, then the 落款 just outside it and a footer with the site's own
/// address and telephone. The report is the article with its title and
/// 落款; the links and the footer are left out, one note each, and the
/// site's address is no contact of the report's.
#[test]
fn a_whole_saved_page_keeps_the_report_and_drops_the_site() {
    let page = "<html><body>\
        <div class=nav><a href=/>首页</a> &gt; <a href=/x>政务公开</a></div>\
        <h1>某某局2024年政府信息公开工作年度报告</h1>\
        <div class=share><a>微信</a> <a>微博</a></div><div><a>文件下载</a></div>\
        <p>本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》编制。</p>\
        <div class=article>\
        <p>一、总体情况</p><p>本年度认真贯彻《条例》。</p>\
        <p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>\
        <p>四、政府信息公开行政复议、行政诉讼情况</p>\
        <p>五、存在的主要问题及改进情况</p><p>无。</p>\
        <p>六、其他需要报告的事项</p><p>未收取信息处理费。</p>\
        </div>\
        <p>某某局</p><p>2025年1月20日</p>\
        <div class=footer><a>友情链接</a><p>版权所有：某某市人民政府</p>\
        <p>地址：某某路1号 电话：0000-1234567</p></div>\
        </body></html>";
    let doc = super::html::read(page.as_bytes()).unwrap();
    let imp = recognise(&doc).unwrap();
    assert_eq!(imp.agency, "某某局");
    // The introduction, set apart from the article, is kept.
    assert_eq!(
        imp.intro,
        [
            "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》编制。"
        ]
    );
    assert_eq!(imp.other.lead, ["未收取信息处理费。"]);
    assert!(imp.contact.is_empty(), "{:?}", imp.contact);
    let closing = imp.closing.expect("the 落款");
    assert_eq!(closing.signature, "某某局");
    let notes: Vec<&str> = imp.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("报告之后的 3 段（「友情链接」等")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("标题与报告正文之间的 2 段（「微信 微博」等")),
        "{notes:?}"
    );
}

/// An introduction that names the six parts (「全文包括总体情况、…其他需要报告
/// 的事项」) is not the report: the parts are found by their numbered headings,
/// here with 六 worded its own way, so the report is the article and nothing
/// of it is left out.
#[test]
fn an_introduction_naming_the_parts_is_not_the_report() {
    let page = "<html><body><div class=article>\
        <p>全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、\
        政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况和其他需要报告的事项。</p>\
        <p>一、总体情况</p><p>本年度认真贯彻《条例》。</p>\
        <p>五、存在的主要问题及改进情况</p><p>无。</p>\
        <p>六、其他事项</p><p>未收取信息处理费。</p>\
        </div><div><a>友情链接</a></div></body></html>";
    let doc = super::html::read(page.as_bytes()).unwrap();
    let imp = recognise(&doc).unwrap();
    assert_eq!(imp.overview.lead, ["本年度认真贯彻《条例》。"]);
    assert_eq!(imp.problems.lead, ["无。"]);
    let notes: Vec<&str> = imp.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("报告之后的 1 段（「友情链接」等")),
        "{notes:?}"
    );
}

/// Problems under table 四 with neither 五 nor 六 printed: they end the
/// report, so its 落款 is the closing, not text of 五.
#[test]
fn problems_under_table_four_ending_the_report_keep_its_closing() {
    let imp = recognise(&text_doc(&[
        "某某局2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度认真贯彻《条例》。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
        "（一）主要问题",
        "栏目更新不够及时，解读形式较为单一。",
        "某某局",
        "2025年1月20日",
    ]))
    .unwrap();
    assert_eq!(imp.problems.parts.len(), 1);
    assert_eq!(
        imp.problems.parts[0].paras,
        ["栏目更新不够及时，解读形式较为单一。"]
    );
    let closing = imp.closing.expect("the 落款");
    assert_eq!(closing.signature, "某某局");
}
