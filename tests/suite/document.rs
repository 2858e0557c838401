//! The output-neutral document built from the real examples.

use crate::common::*;
use nianbao::diag::SourceFile;
use nianbao::document::{Block, CellRole, Document, Slot, build_document};
use nianbao::format::{CellKind, SectionId, TableId, table_def};
use nianbao::report::parse_report;

fn tables(doc: &Document) -> Vec<&nianbao::document::Table> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn sections_come_in_official_order_with_verbatim_headings() {
    for path in complete_examples() {
        let doc = build_document(&report_of(&path));
        let headings: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) if h.level == 1 => Some(h.full()),
                _ => None,
            })
            .collect();
        let expected: Vec<String> = SectionId::ALL.iter().map(|s| s.heading()).collect();
        assert_eq!(headings, expected, "{}", path.display());
        assert!(
            doc.title.ends_with("政府信息公开工作年度报告"),
            "{}",
            doc.title
        );
    }
}

#[test]
fn tables_follow_the_format_definition_cell_for_cell() {
    for path in complete_examples() {
        let report = report_of(&path);
        let doc = build_document(&report);
        let tables = tables(&doc);
        assert_eq!(tables.len(), 3);
        for (table, id) in tables.iter().zip(TableId::ALL) {
            let def = table_def(report.format, id);
            assert_eq!(table.id, id);
            assert_eq!(table.grid_columns, def.grid_columns);
            assert_eq!(table.rows.len(), def.rows.len());
            // Every slot of the grid is covered exactly once.
            let slots = table.slots();
            assert_eq!(slots.len(), table.grid_rows);
            let origins = slots
                .iter()
                .flatten()
                .filter(|s| matches!(s, Slot::Origin { .. }))
                .count();
            assert_eq!(origins, table.rows.iter().map(Vec::len).sum::<usize>());
            for (cells, def_row) in table.rows.iter().zip(&def.rows) {
                for (cell, def_cell) in cells.iter().zip(def_row) {
                    assert_eq!(
                        (cell.rowspan, cell.colspan),
                        (def_cell.rowspan, def_cell.colspan)
                    );
                    match &def_cell.kind {
                        CellKind::Header(t) | CellKind::Label(t) => assert_eq!(&cell.text, t),
                        CellKind::Value { field, column } => {
                            assert_eq!(cell.role, CellRole::Figure);
                            let values = report.table(id).unwrap().rows[*field].as_ref().unwrap();
                            assert_eq!(cell.text, values.cells[*column].value.to_string());
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn table_three_header_is_the_official_merge() {
    let path = complete_examples().into_iter().next().unwrap();
    let doc = build_document(&report_of(&path));
    let t3 = tables(&doc)[1];
    let corner = &t3.rows[0][0];
    assert_eq!(
        corner.text,
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    );
    assert_eq!((corner.rowspan, corner.colspan), (3, 3));
    let results = t3
        .rows
        .iter()
        .flatten()
        .find(|c| c.text == "三、本年度办理结果")
        .unwrap();
    assert_eq!(results.rowspan, 22);
    assert_eq!(t3.header_rows, 3);
}

#[test]
fn amounts_print_exactly_as_typed() {
    let base = std::fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap();
    let file = SourceFile::new("base.toml", base);
    let doc = build_document(&parse_report(&file).report.unwrap());
    let t2 = tables(&doc)[0];
    let fees = t2.rows.last().unwrap().last().unwrap();
    assert_eq!(fees.text, "12.30");
    // Citations in the narrative show the table figure.
    let text: String = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.plain_text()),
            _ => None,
        })
        .collect();
    assert!(text.contains("全年共收到政府信息公开申请13件"), "{text}");
    assert!(text.contains("行政处罚决定87件"), "{text}");
}
