//! A save that meets an outside change: a three-way merge per field. Each change
//! the page sends carries the value it showed before the clerk typed (`was`). If
//! the file still has that value, the outside change concerned other fields and
//! the edit is applied on top of it; if the file has something else there, both
//! versions go back to the clerk as a conflict and the file keeps its own.

use serde::{Deserialize, Serialize};
use toml_edit::{DocumentMut, Item, Value};

use super::write::Edit;

/// One edit with what the page showed where it applies.
#[derive(Clone, Debug, Deserialize)]
pub struct Change {
    #[serde(flatten)]
    pub edit: Edit,
    /// The value the page showed before the clerk changed it (for a removed
    /// part: its text).
    #[serde(default)]
    pub was: Option<String>,
    /// For a removed part: its heading as shown.
    #[serde(default)]
    pub was_heading: Option<String>,
    /// For edits of a part: how many parts the section had on the page.
    #[serde(default)]
    pub was_parts: Option<usize>,
}

impl From<Edit> for Change {
    fn from(edit: Edit) -> Change {
        Change {
            edit,
            was: None,
            was_heading: None,
            was_parts: None,
        }
    }
}

/// The same place changed on both sides: what the clerk typed and what the file has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The page's key of the field (`table3.granted.0`, `overview.part.1.text`).
    pub key: String,
    pub mine: String,
    pub theirs: String,
    pub message: String,
}

/// The page's key of the field an edit writes, if it writes one field.
pub fn key_of(edit: &Edit) -> Option<String> {
    Some(match edit {
        Edit::Cell {
            table,
            field,
            column,
            ..
        } => format!("{table}.{field}.{column}"),
        Edit::Text {
            section,
            part: None,
            ..
        } => format!("{section}.text"),
        Edit::Text {
            section,
            part: Some(i),
            ..
        } => format!("{section}.part.{i}.text"),
        Edit::Heading { section, part, .. } => format!("{section}.part.{part}.heading"),
        Edit::Meta { key, .. } => key.clone(),
        _ => return None,
    })
}

/// The value an edit writes, as the page shows it.
fn mine(edit: &Edit) -> String {
    match edit {
        Edit::Cell { value, .. }
        | Edit::Text { value, .. }
        | Edit::Heading { value, .. }
        | Edit::Meta { value, .. } => value.clone(),
        _ => String::new(),
    }
}

/// A value as the page shows it: numbers with their digits, text unquoted,
/// a narrative without its closing line break.
pub fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.value().clone(),
        other => other.clone().decorated("", "").to_string(),
    }
}

/// A narrative as the page shows it: without the closing line break.
fn page_text(text: &str) -> String {
    text.trim_end_matches('\n').to_string()
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace("\r\n", "\n").trim_end_matches('\n').to_string();
    norm(a) == norm(b)
}

fn parts(doc: &DocumentMut, section: &str) -> Vec<(String, String)> {
    doc.get(section)
        .and_then(|t| t.get("part"))
        .and_then(Item::as_array_of_tables)
        .map(|a| {
            a.iter()
                .map(|p| {
                    let s = |k: &str| p.get(k).and_then(Item::as_str).unwrap_or("").to_string();
                    (s("heading"), s("text"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What the file now has where `edit` writes (`None`: the place is gone).
pub fn current(doc: &DocumentMut, edit: &Edit) -> Option<String> {
    let value = |item: Option<&Item>| item.and_then(Item::as_value).map(shown);
    match edit {
        Edit::Cell {
            table,
            field,
            column,
            ..
        } => Some(
            match doc.get(table).and_then(|t| t.get(field)) {
                Some(Item::Value(Value::Array(a))) => a.get(*column).map(shown),
                Some(Item::Value(v)) => Some(shown(v)),
                _ => None,
            }
            .unwrap_or_default(),
        ),
        Edit::Text {
            section,
            part: None,
            ..
        } => Some(page_text(
            &value(doc.get(section).and_then(|t| t.get("text"))).unwrap_or_default(),
        )),
        Edit::Text {
            section,
            part: Some(i),
            ..
        } => parts(doc, section).get(*i).map(|p| page_text(&p.1)),
        Edit::Heading { section, part, .. } => parts(doc, section).get(*part).map(|p| p.0.clone()),
        Edit::Meta { key, .. } => {
            let (table, name) = key.split_once('.')?;
            Some(value(doc.get(table).and_then(|t| t.get(name))).unwrap_or_default())
        }
        _ => None,
    }
}

/// Whether `change` can be applied to the file as it is now, or the conflict.
/// `None` in `Err` means the page sent no base to merge against.
pub fn check(doc: &DocumentMut, change: &Change) -> Result<(), Option<Conflict>> {
    let edit = &change.edit;
    let section = match edit {
        Edit::Text {
            section,
            part: Some(_),
            ..
        }
        | Edit::Heading { section, .. }
        | Edit::RemovePart { section, .. }
        | Edit::MovePart { section, .. } => Some(section),
        _ => None,
    };
    let now_parts = section.map(|s| parts(doc, s));
    if let (Some(was), Some(now)) = (change.was_parts, &now_parts)
        && was != now.len()
    {
        return Err(Some(Conflict {
            key: key_of(edit).unwrap_or_else(|| section.cloned().unwrap_or_default()),
            mine: mine(edit),
            theirs: current(doc, edit).unwrap_or_default(),
            message: "这一部分的小标题已在别处被增加或删除".into(),
        }));
    }
    match edit {
        Edit::AddPart { .. } => Ok(()),
        Edit::MovePart { .. } => change.was_parts.map(|_| ()).ok_or(None),
        Edit::RemovePart { part, section } => {
            let (Some(text), Some(heading)) = (&change.was, &change.was_heading) else {
                return Err(None);
            };
            match now_parts.as_ref().and_then(|p| p.get(*part)) {
                Some((h, t)) if h == heading && same_text(t, text) => Ok(()),
                other => Err(Some(Conflict {
                    key: format!("{section}.part.{part}"),
                    mine: String::new(),
                    theirs: other.map(|p| p.1.clone()).unwrap_or_default(),
                    message: "要删除的小标题已在别处被修改，没有删除".into(),
                })),
            }
        }
        _ => {
            let was = change.was.as_deref().ok_or(None)?;
            let now = current(doc, edit);
            let mine = mine(edit);
            match now {
                Some(now) if same_text(&now, was) || same_text(&now, &mine) => Ok(()),
                now => Err(Some(Conflict {
                    key: key_of(edit).unwrap_or_default(),
                    mine,
                    theirs: now.unwrap_or_default(),
                    message: "这一处在你输入的同时已在别处被修改".into(),
                })),
            }
        }
    }
}
