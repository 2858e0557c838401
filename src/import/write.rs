//! The report file an import writes: the layout and comments of `nianbao new`,
//! filled with what was recognised, every odd cell commented on its line.

use std::fmt::Write as _;

use super::fill::short_name;
use super::narrative::Body;
use super::recognise::Imported;
use crate::format::{SectionId, TableId, Topic};
use crate::report::default_title;
use crate::report::schema;
use crate::template::{Meta, Row, comment, contact_table, header, multiline, quote, tables_except};

/// The whole report file. `origin` names the published file.
pub fn report_file(imp: &Imported, origin: &str) -> String {
    let title = imp
        .title
        .as_deref()
        .filter(|t| *t != default_title(&imp.agency, imp.year));
    let origin_line = format!(
        "由 nianbao import 从 {origin}（{}）导入；导入说明 {} 条，见文件末尾，也写在相关行的注释中",
        imp.kind.name(),
        imp.notes.len()
    );
    let mut s = header(
        &imp.agency,
        imp.year,
        imp.version,
        &Meta {
            published: imp.published,
            title,
            origin: Some(&origin_line),
            ..Meta::default()
        },
    );
    if !imp.intro.is_empty() {
        let _ = writeln!(s, "\n[intro]  # 引言");
        let _ = writeln!(s, "text = {}", multiline(&imp.intro.join("\n")));
    }
    body(&mut s, SectionId::Overview, &imp.overview, true);
    let fill = |id: TableId, field: &crate::format::Field| -> Option<Row> {
        let table = imp.tables[id as usize].as_ref()?;
        let index = table.def.field_index(field.key);
        let Some(row) = &table.rows[index] else {
            return Some(Row {
                value: if field.scalar {
                    "0".into()
                } else {
                    format!("[{}]", vec!["0"; field.columns.len()].join(", "))
                },
                note: "；导入：原文没有找到这一行，按 0 写入".into(),
            });
        };
        let values: Vec<&str> = row
            .cells
            .iter()
            .filter_map(|c| c.value.as_deref())
            .collect();
        let value = if field.scalar {
            values.first().copied().unwrap_or("0").to_string()
        } else {
            format!("[{}]", values.join(", "))
        };
        let remarks: Vec<String> = row
            .cells
            .iter()
            .zip(&field.columns)
            .filter_map(|(c, col)| c.printed.as_ref().map(|p| format!("{}{p}", col.label)))
            .collect();
        let all_blank = row.cells.iter().all(|c| {
            c.printed
                .as_deref()
                .is_some_and(|p| p.starts_with("原文此格空白"))
        });
        let note = if all_blank {
            "；导入：此行原文空白，按 0 写入".to_string()
        } else if remarks.is_empty() {
            String::new()
        } else {
            format!("；导入：{}", remarks.join("，"))
        };
        Some(Row { value, note })
    };
    let absent = |id: TableId| -> Option<String> {
        imp.tables[id as usize]
            .is_none()
            .then(|| format!("原文没有找到{}，未写入（check 会报告缺表）", short_name(id)))
    };
    tables_except(&mut s, imp.version, &fill, &absent);
    body(&mut s, SectionId::Problems, &imp.problems, false);
    body(&mut s, SectionId::Other, &imp.other, false);
    if !imp.contact.is_empty() {
        contact_table(&mut s, "联系方式", &|key| {
            let item = imp.contact.iter().find(|(k, _)| *k == key.name);
            item.map(|(_, v)| v.as_str())
        });
    }
    if let Some(c) = &imp.closing {
        let _ = writeln!(s, "\n[{}]  # 结束语和落款", schema::CLOSING);
        if !c.text.is_empty() {
            let _ = writeln!(s, "{} = {}", schema::CLOSING_TEXT.name, quote(&c.text));
        }
        if !c.signature.is_empty() {
            let _ = writeln!(s, "{} = {}", schema::SIGNATURE.name, quote(&c.signature));
        }
        if let Some(d) = c.date {
            let date = &schema::CLOSING_DATE;
            let _ = writeln!(s, "{} = {d}  # {}", date.name, date.label);
        }
    }
    if !imp.notes.is_empty() {
        let _ = writeln!(s, "\n# ---- 导入说明 ----");
        for n in &imp.notes {
            for line in n.to_string().lines() {
                let _ = writeln!(s, "# {}", comment(line));
            }
        }
    }
    s
}

fn body(s: &mut String, id: SectionId, b: &Body, topics: bool) {
    let key = id.narrative_key().expect("a narrative section");
    let _ = writeln!(s, "\n[{key}]  # {}", id.heading());
    if !b.lead.is_empty() || b.parts.is_empty() {
        let _ = writeln!(s, "text = {}", multiline(&b.lead.join("\n")));
    }
    for p in &b.parts {
        let _ = writeln!(s, "\n[[{key}.part]]");
        let _ = writeln!(s, "heading = {}", quote(&p.heading));
        if topics && !p.topics.is_empty() && p.topics != Topic::from_heading(&p.heading) {
            let names: Vec<String> = p.topics.iter().map(|t| quote(t.name())).collect();
            let _ = writeln!(s, "topics = [{}]", names.join(", "));
        }
        let _ = writeln!(s, "text = {}", multiline(&p.paras.join("\n")));
    }
}
