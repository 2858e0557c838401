//! Putting the figures printed after a row label into the row's columns, and
//! what each cell of the report file then says (value and printed form).

use super::cells::Val;
use super::fill::{CellFill, RowFill, short_name};
use super::notes::{At, Note};
use crate::format::{Field, TableDef, ValueKind};

/// Adds a row's figures into another (both read in the same columns).
pub(super) fn add_into(into: &mut RowFill, row: &RowFill) {
    for (a, b) in into.cells.iter_mut().zip(&row.cells) {
        if let (Some(x), Some(y)) = (&a.value, &b.value)
            && let (Ok(x), Ok(y)) = (x.parse::<i64>(), y.parse::<i64>())
        {
            a.value = Some((x + y).to_string());
        }
        if a.printed.is_none() {
            a.printed.clone_from(&b.printed);
        }
    }
}

/// A row whose cells were all printed blank: zeros, the total computed.
pub(super) fn blank_cells(field: &Field) -> Vec<CellFill> {
    (0..field.columns.len())
        .map(|c| {
            if field.total == Some(c) {
                CellFill {
                    value: None,
                    printed: Some("原文此格空白，总计由工具计算".into()),
                }
            } else {
                CellFill {
                    value: Some("0".into()),
                    printed: Some("原文此格空白".into()),
                }
            }
        })
        .collect()
}

pub(super) fn printed_list(vals: &[(Val, String, At)]) -> String {
    let shown: Vec<String> = vals
        .iter()
        .take(8)
        .map(|(_, p, _)| {
            if p.is_empty() {
                "空白".to_string()
            } else {
                p.clone()
            }
        })
        .collect();
    let more = if vals.len() > 8 { "……" } else { "" };
    format!("{}{more}", shown.join("、"))
}

/// Puts the figures read after a row label into the field's columns.
pub(super) fn place_row(
    def: &TableDef,
    index: usize,
    vals: &[(Val, String, At)],
    at: At,
    blanks_dropped: bool,
    columns: Option<&[usize]>,
    notes: &mut Vec<Note>,
) -> RowFill {
    let field = &def.fields[index];
    let name = short_name(def.id);
    let n = field.columns.len();
    let k = vals.len();
    let label = field.full_label();
    let by_header = columns.filter(|c| c.len() == k && c.iter().all(|i| *i < n));
    let (slots, how) = match by_header {
        Some(cols) => by_columns(field, vals, cols),
        None => arrange(field, vals),
    };
    let mut cells = Vec::with_capacity(n);
    for (c, column) in field.columns.iter().enumerate() {
        let what = format!("{name}「{label}」{}", column.label);
        let is_total = field.total == Some(c);
        match slots[c] {
            Some((v, printed, cat)) => {
                cells.push(cell(v, printed, column.kind, is_total, &what, *cat, notes))
            }
            None if is_total && how.total_computed => cells.push(CellFill {
                value: None,
                printed: Some(if by_header.is_some() {
                    "原文没有这一列，由工具计算".into()
                } else {
                    "原文此格空白，总计由工具计算".into()
                }),
            }),
            None if by_header.is_some() => cells.push(CellFill {
                value: Some("0".into()),
                printed: Some("原文表头没有这一列，按 0 写入".into()),
            }),
            None => cells.push(CellFill {
                value: Some("0".into()),
                printed: Some("原文此格空白".into()),
            }),
        }
    }
    if by_header.is_some() {
        // The header said where each figure goes; the table-level note says how.
    } else if k < n {
        let why = if blanks_dropped {
            "（纯文本略去了空白格）"
        } else {
            ""
        };
        notes.push(Note::new(
            Some(at),
            format!(
                "{name}「{label}」应有 {n} 个数，原文只有 {k} 个（{}）{why}：{}；请核对",
                printed_list(vals),
                how.text
            ),
        ));
    } else if k > n {
        notes.push(Note::new(
            Some(vals[n].2),
            format!(
                "{name}「{label}」应有 {n} 个数，原文有 {k} 个；多出的 {}未导入",
                printed_list(&vals[n..])
            ),
        ));
    }
    let cells_at = slots.iter().map(|s| s.map(|(_, _, a)| *a)).collect();
    RowFill {
        cells,
        at,
        cells_at,
    }
}

/// How a short row's figures were placed.
struct Arranged {
    text: String,
    /// The total column was left for nianbao to compute.
    total_computed: bool,
}

type Printed = (Val, String, At);

/// Places a row's figures by the columns its table's header printed
/// (`cols[j]` is the official column of the j-th printed figure).
fn by_columns<'a>(
    field: &Field,
    vals: &'a [Printed],
    cols: &[usize],
) -> (Vec<Option<&'a Printed>>, Arranged) {
    let mut slots: Vec<Option<&Printed>> = vec![None; field.columns.len()];
    for (v, c) in vals.iter().zip(cols) {
        slots[*c] = Some(v);
    }
    let total_computed = field.total.is_some_and(|t| slots[t].is_none());
    (
        slots,
        Arranged {
            text: String::new(),
            total_computed,
        },
    )
}

/// Which printed figure goes into which column. A full row goes in order; a
/// short row (blank cells lost) is placed only as far as the figures show it.
fn arrange<'a>(field: &Field, vals: &'a [Printed]) -> (Vec<Option<&'a Printed>>, Arranged) {
    let n = field.columns.len();
    let k = vals.len();
    let mut slots: Vec<Option<&Printed>> = vec![None; n];
    let int = |v: &Val| match v {
        Val::Num { digits, .. } => digits.parse::<i64>().ok(),
        Val::Blank => Some(0),
    };
    let done = |text: String, total_computed| Arranged {
        text,
        total_computed,
    };
    if k >= n {
        for (slot, v) in slots.iter_mut().zip(vals) {
            *slot = Some(v);
        }
        return (slots, done(String::new(), false));
    }
    for (slot, v) in slots.iter_mut().zip(vals) {
        *slot = Some(v);
    }
    let all_zero = vals.iter().all(|(v, _, _)| int(v) == Some(0));
    if all_zero && field.total.is_some() && k + 1 == n {
        return (
            slots,
            done(
                "印出的数都是 0，按顺序填入前 {k} 列，总计由工具计算"
                    .replace("{k}", &k.to_string()),
                true,
            ),
        );
    }
    if all_zero {
        return (
            slots,
            done("印出的数都是 0，其余空白格也按 0 写入".into(), false),
        );
    }
    if let Some(t) = field.total
        && k >= 2
    {
        let parts: Option<Vec<i64>> = vals[..k - 1].iter().map(|(v, _, _)| int(v)).collect();
        let last = int(&vals[k - 1].0);
        if let (Some(parts), Some(last)) = (parts, last)
            && parts.iter().sum::<i64>() == last
        {
            let mut slots: Vec<Option<&Printed>> = vec![None; n];
            for (slot, v) in slots.iter_mut().zip(&vals[..k - 1]) {
                *slot = Some(v);
            }
            slots[t] = Some(&vals[k - 1]);
            return (
                slots,
                done(
                    format!(
                        "最后一个数等于前面各数之和，作为总计；前 {} 个数按顺序填入前 {} 列，其余写 0",
                        k - 1,
                        k - 1
                    ),
                    false,
                ),
            );
        }
    }
    if field.total.is_some() && k + 1 == n {
        return (
            slots,
            done(format!("按顺序填入前 {k} 列，总计由工具计算"), true),
        );
    }
    (slots, done(format!("按顺序填入前 {k} 列，其余写 0"), false))
}

fn cell(
    v: &Val,
    printed: &str,
    kind: ValueKind,
    is_total: bool,
    what: &str,
    at: At,
    notes: &mut Vec<Note>,
) -> CellFill {
    let shown = if printed.is_empty() {
        "空白".to_string()
    } else {
        format!("「{printed}」")
    };
    match v {
        Val::Blank if is_total => {
            notes.push(Note::new(
                Some(at),
                format!("{what}原文为{shown}，由工具计算总计"),
            ));
            CellFill {
                value: None,
                printed: Some(format!("总计原文为{shown}，由工具计算")),
            }
        }
        Val::Blank => {
            notes.push(Note::new(
                Some(at),
                format!("{what}原文为{shown}，按 0 写入"),
            ));
            CellFill {
                value: Some("0".into()),
                printed: Some(format!("原文为{shown}")),
            }
        }
        Val::Num { digits, extra } => {
            let valid = match kind {
                ValueKind::Count => digits.bytes().all(|b| b.is_ascii_digit()),
                ValueKind::Signed => digits
                    .trim_start_matches(['+', '-'])
                    .bytes()
                    .all(|b| b.is_ascii_digit()),
                ValueKind::Amount => !digits.starts_with('-'),
            };
            let literal = digits.trim_start_matches('+');
            if !valid {
                notes.push(Note::new(
                    Some(at),
                    format!("{what}原文为「{printed}」，不是这一格应有的数字，按 0 写入"),
                ));
                return CellFill {
                    value: Some("0".into()),
                    printed: Some(format!("原文为「{printed}」")),
                };
            }
            let literal = toml_number(literal, kind);
            let whole_digits = literal
                .split('.')
                .next()
                .unwrap_or("")
                .trim_start_matches('-');
            if whole_digits.len() > crate::report::MAX_FIGURE.to_string().len() {
                notes.push(Note::new(
                    Some(at),
                    format!("{what}原文为「{printed}」，大得不合常理，按 0 写入"),
                ));
                return CellFill {
                    value: Some("0".into()),
                    printed: Some(format!("原文为「{printed}」")),
                };
            }
            if *extra {
                notes.push(Note::new(
                    Some(at),
                    format!("{what}原文为「{printed}」，写入 {literal}"),
                ));
                CellFill {
                    value: Some(literal),
                    printed: Some(format!("原文为「{printed}」")),
                }
            } else {
                CellFill {
                    value: Some(literal),
                    printed: None,
                }
            }
        }
    }
}

/// A figure as a TOML value: counts as integers (leading zeros dropped); amounts
/// with decimals as printed (12.30 stays 12.30).
fn toml_number(digits: &str, kind: ValueKind) -> String {
    if kind == ValueKind::Amount && digits.contains('.') {
        return digits.to_string();
    }
    let neg = digits.starts_with('-');
    let body = digits.trim_start_matches('-').trim_start_matches('0');
    let body = if body.is_empty() || body.starts_with('.') {
        format!("0{body}")
    } else {
        body.to_string()
    };
    if neg && body != "0" {
        format!("-{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_figures_become_noted_zeros() {
        let mut notes = Vec::new();
        let at = At::default();
        let big = Val::Num {
            digits: "99999999999999999999".into(),
            extra: false,
        };
        let c = cell(
            &big,
            "99999999999999999999",
            ValueKind::Count,
            false,
            "x",
            at,
            &mut notes,
        );
        assert_eq!(c.value.as_deref(), Some("0"));
        let neg = Val::Num {
            digits: "-3".into(),
            extra: false,
        };
        let c = cell(&neg, "-3", ValueKind::Count, false, "x", at, &mut notes);
        assert_eq!(c.value.as_deref(), Some("0"));
        let c = cell(&neg, "-3", ValueKind::Signed, false, "x", at, &mut notes);
        assert_eq!(c.value.as_deref(), Some("-3"));
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn amounts_keep_their_decimals() {
        assert_eq!(toml_number("12.30", ValueKind::Amount), "12.30");
        assert_eq!(toml_number("007", ValueKind::Count), "7");
    }
}
