//! The figures the page computes instead of letting the clerk type them: each
//! 总计 column, and table 三's （七）总计 row (the sum of the outcome rows), as
//! the format definition declares them. A file may write them out; then an edit
//! of one of their parts writes the new sum too — unless the written sum already
//! disagreed with its parts, which stays as it is (and stays a finding: which
//! side is wrong only the clerk knows).

use toml_edit::{DocumentMut, Item, Value};

use crate::format::{TableDef, TableId, t3};

/// A cell: field index and column.
pub type At = (usize, usize);

/// The cells `at` is the sum of, if it is a computed cell.
pub fn parts_of(def: &TableDef, at: At) -> Option<Vec<At>> {
    let (field, column) = at;
    let f = def.fields.get(field)?;
    if f.total == Some(column) {
        return Some(
            (0..f.columns.len())
                .filter(|c| *c != column)
                .map(|c| (field, c))
                .collect(),
        );
    }
    (def.id == TableId::Three && f.key == t3::TOTAL).then(|| {
        def.outcome_fields()
            .into_iter()
            .map(|i| (i, column))
            .collect()
    })
}

/// The computed cells that depend on `at`, nearest first.
fn dependents(def: &TableDef, at: At) -> Vec<At> {
    let mut out = Vec::new();
    let mut frontier = vec![at];
    while let Some(cell) = frontier.pop() {
        for (field, f) in def.fields.iter().enumerate() {
            for column in 0..f.columns.len() {
                let d = (field, column);
                if !out.contains(&d) && parts_of(def, d).is_some_and(|p| p.contains(&cell)) {
                    out.push(d);
                    frontier.insert(0, d);
                }
            }
        }
    }
    out
}

/// The whole number the file writes at `at`, if it writes one.
fn written(doc: &DocumentMut, def: &TableDef, at: At) -> Option<i64> {
    let f = def.fields.get(at.0)?;
    match doc.get(def.id.key())?.get(f.key)? {
        Item::Value(Value::Array(a)) => a.get(at.1)?.as_integer(),
        Item::Value(v) if f.scalar => v.as_integer(),
        _ => None,
    }
}

/// The sum of `at`'s parts as the file writes them (a computed part left out
/// of the file counts as its own sum).
pub fn sum_of(doc: &DocumentMut, def: &TableDef, at: At) -> Option<i64> {
    parts_of(def, at)?
        .into_iter()
        .map(|p| written(doc, def, p).or_else(|| sum_of(doc, def, p)))
        .sum()
}

/// Whether the file's written value at a computed cell agrees with its parts
/// (a value the file leaves out is computed, so it agrees).
pub fn agrees(doc: &DocumentMut, def: &TableDef, at: At) -> bool {
    match written(doc, def, at) {
        Some(v) => sum_of(doc, def, at) == Some(v),
        None => true,
    }
}

/// The computed cells the file writes out that agreed with their parts before
/// `at` changes: they are to follow the change.
pub fn following(doc: &DocumentMut, def: &TableDef, at: At) -> Vec<At> {
    dependents(def, at)
        .into_iter()
        .filter(|d| written(doc, def, *d).is_some() && agrees(doc, def, *d))
        .collect()
}

/// Writes the new sums of `cells` (from [`following`]), nearest first, each
/// keeping its place and formatting in the file.
pub fn refresh(doc: &mut DocumentMut, def: &TableDef, cells: &[At]) {
    for &at in cells {
        let Some(total) = sum_of(doc, def, at) else {
            continue;
        };
        let f = &def.fields[at.0];
        let Some(Item::Value(Value::Array(a))) =
            doc.get_mut(def.id.key()).and_then(|t| t.get_mut(f.key))
        else {
            continue;
        };
        if a.get(at.1).and_then(Value::as_integer) != Some(total) {
            a.replace(at.1, total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{FormatVersion, table_def};

    #[test]
    fn totals_follow_their_parts_only_when_they_agreed() {
        let def = table_def(FormatVersion::V2021, TableId::Three);
        let granted = def.field_index("granted");
        let total = def.field_index(t3::TOTAL);
        // Every outcome row's 总计 and the （七）总计 row depend on a 予以公开 figure.
        let deps = dependents(def, (granted, 0));
        assert!(deps.contains(&(granted, 6)));
        assert!(deps.contains(&(total, 0)));
        assert!(deps.contains(&(total, 6)));
        assert!(parts_of(def, (granted, 0)).is_none());
        let mut text = String::from("[table3]\n");
        for f in &def.fields {
            text.push_str(&format!("{} = [0, 0, 0, 0, 0, 0, 0]\n", f.key));
        }
        let mut doc: DocumentMut = text.parse().unwrap();
        let cells = following(&doc, def, (granted, 0));
        doc["table3"]["granted"]
            .as_array_mut()
            .unwrap()
            .replace(0, 5);
        refresh(&mut doc, def, &cells);
        assert_eq!(
            doc["table3"]["granted"].to_string(),
            " [5, 0, 0, 0, 0, 0, 5]"
        );
        assert_eq!(doc["table3"]["total"].to_string(), " [5, 0, 0, 0, 0, 0, 5]");
        // A written total that disagreed is left for the clerk.
        doc["table3"]["granted"]
            .as_array_mut()
            .unwrap()
            .replace(6, 9);
        let cells = following(&doc, def, (granted, 1));
        doc["table3"]["granted"]
            .as_array_mut()
            .unwrap()
            .replace(1, 2);
        refresh(&mut doc, def, &cells);
        assert_eq!(
            doc["table3"]["granted"].to_string(),
            " [5, 2, 0, 0, 0, 0, 9]"
        );
        assert_eq!(doc["table3"]["total"].to_string(), " [5, 2, 0, 0, 0, 0, 7]");
    }
}
