//! Format-preserving writes to a report file: one edit changes one value (or
//! adds, removes or moves one part) and leaves every other byte as it was —
//! comments, key order, blank lines, untouched values.

use serde::Deserialize;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::totals;
use super::typed::{self, Typed};
use crate::format::{FormatVersion, TableDef, TableId, ValueKind, table_def};
use crate::report::schema::{self, KeyKind};

/// Narrative tables of the report file that hold a `text` (and, but for the
/// introduction, `[[…part]]`s).
pub const NARRATIVE_KEYS: [&str; 4] = ["intro", "overview", "problems", "other"];

/// One change asked for by the page.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// A figure: `table`, field key, column index, the text typed.
    Cell {
        table: String,
        field: String,
        column: usize,
        value: String,
    },
    /// A narrative text: the section's lead (`part` absent) or a part's.
    Text {
        section: String,
        part: Option<usize>,
        value: String,
    },
    /// A part's heading.
    Heading {
        section: String,
        part: usize,
        value: String,
    },
    AddPart {
        section: String,
    },
    RemovePart {
        section: String,
        part: usize,
    },
    /// Swaps a part with the one before (`up`) or after it.
    MovePart {
        section: String,
        part: usize,
        up: bool,
    },
    /// A metadata field such as `report.agency` or `contact.phone`; empty removes it.
    Meta {
        key: String,
        value: String,
    },
}

/// Applies edits to the document in order; the first that cannot apply is the error.
pub fn apply(doc: &mut DocumentMut, edits: &[Edit]) -> Result<(), String> {
    for edit in edits {
        apply_one(doc, edit)?;
    }
    Ok(())
}

fn apply_one(doc: &mut DocumentMut, edit: &Edit) -> Result<(), String> {
    match edit {
        Edit::Cell {
            table,
            field,
            column,
            value,
        } => set_cell(doc, table, field, *column, value),
        Edit::Text {
            section,
            part,
            value,
        } => {
            let t = section_table(doc, section, part.is_some())?;
            let t = match part {
                Some(i) => part_mut(t, *i)?,
                None => t,
            };
            set_keeping_decor(t, "text", text_value(value)?);
            Ok(())
        }
        Edit::Heading {
            section,
            part,
            value,
        } => {
            let t = part_mut(section_table(doc, section, true)?, *part)?;
            set_keeping_decor(t, "heading", Value::from(value.trim()));
            Ok(())
        }
        Edit::AddPart { section } => {
            let t = section_table(doc, section, true)?;
            let mut part = Table::new();
            part.decor_mut().set_prefix("\n");
            part.insert("heading", Item::Value(Value::from("")));
            part.insert("text", Item::Value(text_value("")?));
            match t.get_mut("part") {
                Some(Item::ArrayOfTables(parts)) => parts.push(part),
                Some(_) => return Err(format!("[{section}] 中的 part 不是 [[{section}.part]]")),
                None => {
                    let mut parts = ArrayOfTables::new();
                    parts.push(part);
                    t.insert("part", Item::ArrayOfTables(parts));
                }
            }
            Ok(())
        }
        Edit::RemovePart { section, part } => {
            let parts = parts_mut(section_table(doc, section, true)?)?;
            if *part >= parts.len() {
                return Err(format!("没有第 {} 个小标题", part + 1));
            }
            parts.remove(*part);
            Ok(())
        }
        Edit::MovePart { section, part, up } => {
            let parts = parts_mut(section_table(doc, section, true)?)?;
            let other = if *up {
                part.checked_sub(1)
            } else {
                Some(part + 1)
            };
            let Some(other) = other.filter(|o| *o < parts.len() && *part < parts.len()) else {
                return Err("无法再移动这个小标题".into());
            };
            let (a, b) = (*part.min(&other), *part.max(&other));
            let mut first = parts.get(a).cloned().ok_or("内部错误")?;
            let mut second = parts.get(b).cloned().ok_or("内部错误")?;
            // Tables are written in the order of their positions: swap those too,
            // and the blank lines and comments before each header stay in place.
            let (pa, pb) = (first.position(), second.position());
            first.set_position(pb);
            second.set_position(pa);
            let (da, db) = (first.decor().clone(), second.decor().clone());
            *first.decor_mut() = db;
            *second.decor_mut() = da;
            parts.replace(a, second);
            parts.replace(b, first);
            Ok(())
        }
        Edit::Meta { key, value } => set_meta(doc, key, value),
    }
}

/// The table of a narrative section, created when missing; `parts` refuses `intro`.
fn section_table<'a>(
    doc: &'a mut DocumentMut,
    section: &str,
    parts: bool,
) -> Result<&'a mut Table, String> {
    if !NARRATIVE_KEYS.contains(&section) || (parts && section == "intro") {
        return Err(format!("未知的部分 {section}"));
    }
    let item = doc.entry(section).or_insert_with(|| {
        let mut t = Table::new();
        t.decor_mut().set_prefix("\n");
        Item::Table(t)
    });
    item.as_table_mut()
        .ok_or_else(|| format!("[{section}] 不是一个表，请先在文件中改正"))
}

fn parts_mut(t: &mut Table) -> Result<&mut ArrayOfTables, String> {
    t.get_mut("part")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| "这一部分没有小标题".to_string())
}

fn part_mut(t: &mut Table, i: usize) -> Result<&mut Table, String> {
    parts_mut(t)?
        .get_mut(i)
        .ok_or_else(|| format!("没有第 {} 个小标题", i + 1))
}

/// Replaces (or adds) `key = value` keeping the comments around the old value.
fn set_keeping_decor(t: &mut Table, key: &str, mut value: Value) {
    match t.get_mut(key) {
        Some(Item::Value(old)) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        Some(item) => *item = Item::Value(value),
        None => {
            t.insert(key, Item::Value(value));
        }
    }
}

/// A narrative text as a multi-line string, written the way `new` writes it:
/// `"""`, a line break, the text, a line break, `"""`.
pub fn text_value(text: &str) -> Result<Value, String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let body = text.trim_end_matches('\n');
    let mut repr = String::from("\"\"\"\n");
    for c in body.chars() {
        match c {
            '\\' => repr.push_str("\\\\"),
            '"' => repr.push_str("\\\""),
            '\n' | '\t' => repr.push(c),
            c if c.is_control() => repr.push_str(&format!("\\u{:04X}", c as u32)),
            c => repr.push(c),
        }
    }
    if !body.is_empty() {
        repr.push('\n');
    }
    repr.push_str("\"\"\"");
    let value: Value = repr
        .parse()
        .map_err(|e| format!("内部错误：无法写出这段文字（{e}）"))?;
    let expected = if body.is_empty() {
        String::new()
    } else {
        format!("{body}\n")
    };
    match value.as_str() {
        Some(s) if s == expected => Ok(value),
        _ => Err("内部错误：这段文字无法原样写入文件".into()),
    }
}

/// A figure typed in the page as a TOML value: numbers as numbers (amounts with
/// their digits as typed); anything else as text, which the checker then refuses
/// with its own message.
pub fn figure_value(typed: &str) -> Value {
    let t = typed.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let whole = digits(unsigned);
    let decimal = unsigned
        .split_once('.')
        .is_some_and(|(i, f)| digits(i) && digits(f));
    if whole && let Ok(n) = t.parse::<i64>() {
        // Leading zeros ("007") are not TOML; the number they mean is.
        return Value::from(n);
    }
    if (whole || decimal)
        && let Ok(v @ (Value::Integer(_) | Value::Float(_))) = t.parse::<Value>()
    {
        return v;
    }
    Value::from(typed.trim())
}

/// How the page's text for a figure or for the year reads in the file's form
/// (`None` for other edits, or a cell the file's year gives no format for).
pub fn typed_of(doc: &DocumentMut, edit: &Edit) -> Option<Typed> {
    match edit {
        Edit::Cell {
            table,
            field,
            column,
            value,
        } => cell_kind(doc, table, field, *column)
            .ok()
            .map(|kind| typed::figure(value, kind)),
        Edit::Meta { key, value } if schema::find(key).is_some_and(|k| k.kind == KeyKind::Year) => {
            Some(typed::year(value))
        }
        _ => None,
    }
}

/// The kind of number a cell holds.
fn cell_kind(
    doc: &DocumentMut,
    table: &str,
    field: &str,
    column: usize,
) -> Result<ValueKind, String> {
    cell_def(doc, table, field, column).map(|(def, i)| def.fields[i].columns[column].kind)
}

/// The format's definition of a cell's table and the index of its row, for the
/// file's year.
fn cell_def(
    doc: &DocumentMut,
    table: &str,
    field: &str,
    column: usize,
) -> Result<(&'static TableDef, usize), String> {
    let version = doc
        .get("report")
        .and_then(|r| r.get("year"))
        .and_then(Item::as_integer)
        .and_then(FormatVersion::for_year)
        .ok_or("请先填写正确的报告年度")?;
    let id = TableId::ALL
        .into_iter()
        .find(|id| id.key() == table)
        .ok_or_else(|| format!("未知的表 {table}"))?;
    let def = table_def(version, id);
    let (index, f) = def
        .field(field)
        .ok_or_else(|| format!("未知的行 {field}"))?;
    if column >= f.columns.len() {
        return Err(format!("「{}」没有第 {} 列", f.full_label(), column + 1));
    }
    Ok((def, index))
}

fn set_cell(
    doc: &mut DocumentMut,
    table: &str,
    field: &str,
    column: usize,
    typed: &str,
) -> Result<(), String> {
    let (def, index) = cell_def(doc, table, field, column)?;
    let f = &def.fields[index];
    let typed = typed::figure(typed, f.columns[column].kind);
    if totals::parts_of(def, (index, column)).is_some() {
        // A computed cell takes only its own sum (to put right a written total).
        let sum = totals::sum_of(doc, def, (index, column));
        if sum.is_none() || sum.map(|n| n.to_string()) != Some(typed.text.clone()) {
            return Err(format!(
                "「{}」「{}」由工具计算，不用填写",
                f.full_label(),
                f.columns[column].label
            ));
        }
    }
    let follow = totals::following(doc, def, (index, column));
    let value = figure_value(&typed.text);
    let t = doc
        .entry(table)
        .or_insert_with(|| {
            let mut t = Table::new();
            t.decor_mut().set_prefix("\n");
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| format!("[{table}] 不是一个表，请先在文件中改正"))?;
    if f.scalar {
        set_keeping_decor(t, field, value);
        return Ok(());
    }
    match t.get_mut(field) {
        Some(Item::Value(Value::Array(items))) => {
            if column < items.len() {
                items.replace(column, value);
            } else if Some(column) == f.total && items.len() == f.required_len() {
                return Err(format!("「{}」的总计由工具计算，不用填写", f.full_label()));
            } else {
                return Err(format!(
                    "「{}」在文件中的个数不对，请先在文件中改正",
                    f.full_label()
                ));
            }
        }
        Some(_) => {
            return Err(format!(
                "「{}」在文件中不是数组，请先在文件中改正",
                f.full_label()
            ));
        }
        None => {
            // A missing row is written whole: zeros, the typed figure in its place.
            let mut items = toml_edit::Array::new();
            for c in 0..f.columns.len() {
                if c == column {
                    items.push(value.clone());
                } else {
                    items.push(0);
                }
            }
            t.insert(field, Item::Value(Value::Array(items)));
        }
    }
    totals::refresh(doc, def, &follow);
    Ok(())
}

/// The metadata keys, in the order of the form.
pub fn meta_keys() -> Vec<String> {
    schema::all()
        .filter(|k| k.in_form())
        .map(schema::Key::path)
        .collect()
}

fn set_meta(doc: &mut DocumentMut, key: &str, typed: &str) -> Result<(), String> {
    let schema_key = schema::find(key)
        .filter(|k| k.in_form())
        .ok_or_else(|| format!("未知的项目 {key}"))?;
    let (table, name) = (schema_key.table, schema_key.name);
    let typed = typed.trim();
    let t = doc
        .entry(table)
        .or_insert_with(|| {
            let mut t = Table::new();
            t.decor_mut().set_prefix("\n");
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| format!("[{table}] 不是一个表，请先在文件中改正"))?;
    if typed.is_empty() && !schema_key.required {
        t.remove(name);
        return Ok(());
    }
    let value = match schema_key.kind {
        KeyKind::Line | KeyKind::Bool => Value::from(typed),
        KeyKind::Year => match typed::year(typed).text.parse::<i64>() {
            Ok(y) => Value::from(y),
            Err(_) => Value::from(typed),
        },
        KeyKind::Date => match typed.parse::<Value>() {
            Ok(v @ Value::Datetime(_)) => v,
            _ => Value::from(typed),
        },
    };
    set_keeping_decor(t, name, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip() {
        for s in [
            "",
            "一段。\n二段。",
            "含\"引号\"和\\反斜杠",
            "a\u{7}b",
            "\"\"\"",
        ] {
            let v = text_value(s).expect("writes");
            let want = if s.is_empty() {
                String::new()
            } else {
                format!("{s}\n")
            };
            assert_eq!(v.as_str(), Some(want.as_str()), "{s:?}");
        }
    }

    #[test]
    fn figures_keep_their_digits() {
        assert_eq!(figure_value("12.50").to_string(), "12.50");
        assert_eq!(figure_value(" 7 ").to_string(), "7");
        assert_eq!(figure_value("007").to_string(), "7");
        assert!(figure_value("七").is_str());
        assert!(figure_value("1e5").is_str());
        assert!(figure_value("-3").is_integer());
    }
}
