//! The generated parts of docs/format.md, written from the format values. The
//! test keeps the document current: it fails when the values changed and the
//! document did not (`NIANBAO_BLESS=1 cargo test --lib format::doc` rewrites it).

use std::fmt::Write as _;

use super::page::{self, FontRole};
use super::{FIRST_YEAR, FormatVersion, LAST_YEAR, SectionId, TableId, ValueKind, tables_for};

/// The years each format applies to.
fn years(version: FormatVersion) -> String {
    let years: Vec<i64> = (FIRST_YEAR..=LAST_YEAR)
        .filter(|&y| FormatVersion::for_year(y) == Some(version))
        .collect();
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if b == &LAST_YEAR => format!("{a} 年起"),
        (Some(a), Some(b)) => format!("{a}–{b} 年"),
        _ => String::new(),
    }
}

fn versions() -> String {
    let mut s = String::from(
        "| 格式 format | 报告年度 years | 信息处理费规则 fee rules (C6, R8) |\n|---|---|---|\n",
    );
    for v in FormatVersion::ALL {
        let fees = if v.has_fee_rules() {
            "适用"
        } else {
            "不适用"
        };
        let _ = writeln!(s, "| {} | {} | {fees} |", v.circular(), years(v));
    }
    s
}

fn sections() -> String {
    let mut s = String::from("| 部分 section | 报告文件中 in the report file |\n|---|---|\n");
    for id in SectionId::ALL {
        let place = match (
            id.narrative_key(),
            TableId::ALL.iter().find(|t| t.section() == id),
        ) {
            (Some(key), _) => format!("`[{key}]` 正文"),
            (None, Some(t)) => format!("`[{}]` {}", t.key(), t.name()),
            (None, None) => String::new(),
        };
        let _ = writeln!(s, "| {} | {place} |", id.heading());
    }
    s
}

fn kind(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Count => "件数",
        ValueKind::Signed => "可为负",
        ValueKind::Amount => "万元",
    }
}

/// A field's columns, as listed: key, label, kind, and whether it may be left out.
fn columns(f: &super::Field) -> String {
    let listed: Vec<String> = f
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let optional = if f.total == Some(i) {
                "，可省略"
            } else {
                ""
            };
            format!("`{}` {}（{}{optional}）", c.key, c.label, kind(c.kind))
        })
        .collect();
    listed.join("；")
}

fn tables() -> String {
    let mut s = String::new();
    for v in FormatVersion::ALL {
        for def in tables_for(v) {
            let _ = writeln!(s, "### {}，{}\n", def.id.name(), v.circular());
            // Table 三 and 四 give every row the same columns: listed once.
            let shared = def
                .fields
                .windows(2)
                .all(|w| columns(&w[0]) == columns(&w[1]));
            if shared && let Some(first) = def.fields.first() {
                let _ = writeln!(s, "每行的列 columns of every row：{}\n", columns(first));
                s.push_str("| 键 key | 行 row |\n|---|---|\n");
            } else {
                s.push_str("| 键 key | 行 row | 列 columns |\n|---|---|---|\n");
            }
            for f in &def.fields {
                let key = if f.scalar {
                    format!("`{}.{}`（单个数）", def.id.key(), f.key)
                } else {
                    format!("`{}.{}`", def.id.key(), f.key)
                };
                if shared {
                    let _ = writeln!(s, "| {key} | {} |", f.full_label());
                } else {
                    let _ = writeln!(s, "| {key} | {} | {} |", f.full_label(), columns(f));
                }
            }
            s.push('\n');
        }
    }
    s.trim_end().to_string() + "\n"
}

fn page() -> String {
    let mm = |v: f32| format!("{v} mm");
    let rows = [
        (
            "纸张 paper",
            format!("{} × {}", mm(page::PAGE_WIDTH_MM), mm(page::PAGE_HEIGHT_MM)),
        ),
        (
            "页边距 margins（上、下、左、右）",
            format!(
                "{}、{}、{}、{}",
                mm(page::MARGIN_TOP_MM),
                mm(page::MARGIN_BOTTOM_MM),
                mm(page::MARGIN_LEFT_MM),
                mm(page::MARGIN_RIGHT_MM)
            ),
        ),
        (
            "版心 text block",
            format!("{} × {}", mm(page::TEXT_WIDTH_MM), mm(page::TEXT_HEIGHT_MM)),
        ),
        (
            "网格 grid",
            format!(
                "每页 {} 行，每行 {} 字",
                page::LINES_PER_PAGE,
                page::CHARS_PER_LINE
            ),
        ),
        ("标题 title", format!("{} pt", page::TITLE_SIZE.pt())),
        (
            "正文 body",
            format!(
                "{} pt，首行缩进 {} 字",
                page::BODY_SIZE.pt(),
                page::FIRST_LINE_INDENT_CHARS
            ),
        ),
        (
            "表格 tables",
            format!(
                "{} pt，行高 {} 倍，内边距 {} / {} pt，线宽 {} pt",
                page::TABLE_SIZE.pt(),
                page::TABLE_LINE_HEIGHT,
                page::TABLE_PAD_X_PT,
                page::TABLE_PAD_Y_PT,
                page::RULE_PT
            ),
        ),
        (
            "表格数字 table figures",
            format!(
                "同表一个字号：放得下为 {} pt，否则依次 {} pt（加宽列后仍放不下时）",
                page::TABLE_SIZE.pt(),
                page::TABLE_FIGURE_SIZES[1..]
                    .iter()
                    .map(|h| h.pt().to_string())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        ),
        (
            "页码 page number",
            format!(
                "{} pt，「{}」，版心下 {}，单页居右、双页居左，空 {} 字",
                page::PAGE_NUMBER_SIZE.pt(),
                page::page_number(1),
                mm(page::PAGE_NUMBER_BELOW_MM),
                page::PAGE_NUMBER_INSET_CHARS
            ),
        ),
    ];
    let mut s = String::from("| 项目 item | 值 value |\n|---|---|\n");
    for (item, value) in rows {
        let _ = writeln!(s, "| {item} | {value} |");
    }
    s.push_str("\n| 字体角色 font role | 正式字体及替代 official and substitutes | 本机可用的开源替代 open substitutes looked up |\n|---|---|---|\n");
    for role in FontRole::ALL {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            role.label(),
            role.aliases().join("、"),
            role.open_fallbacks().join("、")
        );
    }
    s
}

/// The report file's keys outside the tables (`report::schema`).
fn report_keys() -> String {
    use crate::report::schema::{self, KeyKind};
    let mut s =
        String::from("| 键 key | 名称 label | 值 value | 必填 required |\n|---|---|---|---|\n");
    for key in schema::all() {
        let kind = match key.kind {
            KeyKind::Line => "一行文本",
            KeyKind::Year => "年份（整数）",
            KeyKind::Date => "日期",
            KeyKind::Bool => "true / false",
        };
        let required = if key.required { "必填" } else { "可省略" };
        let _ = writeln!(
            s,
            "| `{}` | {} | {kind} | {required} |",
            key.path(),
            key.label
        );
    }
    s
}

/// Every generated part: its marker name and its text.
fn parts() -> [(&'static str, String); 5] {
    [
        ("versions", versions()),
        ("sections", sections()),
        ("report-keys", report_keys()),
        ("tables", tables()),
        ("page", page()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replaces the text between `<!-- generated: NAME -->` and `<!-- end -->`.
    fn fill(doc: &str, name: &str, text: &str) -> String {
        let start = format!("<!-- generated: {name} -->\n");
        let at = doc
            .find(&start)
            .unwrap_or_else(|| panic!("marker {name} in docs/format.md"))
            + start.len();
        let end = at
            + doc[at..]
                .find("<!-- end -->")
                .unwrap_or_else(|| panic!("end of {name}"));
        format!("{}{}{}", &doc[..at], text, &doc[end..])
    }

    #[test]
    fn docs_format_md_is_generated_from_the_format() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md");
        let doc = std::fs::read_to_string(&path).unwrap();
        let mut want = doc.clone();
        for (name, text) in parts() {
            want = fill(&want, name, &text);
        }
        if std::env::var_os("NIANBAO_BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
        } else {
            assert!(
                doc == want,
                "docs/format.md is out of date with src/format: run NIANBAO_BLESS=1 cargo test --lib format::doc"
            );
        }
    }
}
