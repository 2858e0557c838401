//! The comparison table: every figure of tables 二, 三 and 四, last year's
//! beside this year's, with the change and its rate.

use serde::Serialize;

use crate::format::TableId;
use crate::report::{Number, Report};

/// One figure compared with last year.
#[derive(Clone, Debug, Serialize)]
pub struct Compared {
    /// `table3.new_requests.total`: the figure's key, as a citation writes it.
    pub key: String,
    /// 表三（…）
    pub table: &'static str,
    /// The row's official label with its enclosing labels.
    pub row: String,
    /// The column's official label; empty for a one-figure row.
    pub column: &'static str,
    pub previous: f64,
    pub current: f64,
    pub change: f64,
    /// Change in per cent of last year's figure; `None` when last year's was 0.
    pub rate: Option<f64>,
    /// Whether this is the row's total column (or its only figure).
    #[serde(skip)]
    pub headline: bool,
    #[serde(skip)]
    pub table_id: TableId,
    #[serde(skip)]
    pub field: &'static str,
}

fn value(n: &Number) -> f64 {
    match n {
        Number::Int(i) => *i as f64,
        Number::Amount(a) => a.approx(),
    }
}

/// Every figure both reports give, in the order of the tables.
pub fn compare(report: &Report, previous: &Report) -> Vec<Compared> {
    let mut out = Vec::new();
    for id in TableId::ALL {
        let (Some(now), Some(then)) = (report.table(id), previous.table(id)) else {
            continue;
        };
        for (i, field) in now.def.fields.iter().enumerate() {
            let Some(row) = now.rows[i].as_ref() else {
                continue;
            };
            let Some((j, old_field)) = then.def.field(field.key) else {
                continue;
            };
            let Some(old_row) = then.rows[j].as_ref() else {
                continue;
            };
            let headline_column = field.total.unwrap_or(field.columns.len() - 1);
            for (c, column) in field.columns.iter().enumerate() {
                let Some(oc) = old_field.columns.iter().position(|o| o.key == column.key) else {
                    continue;
                };
                let (Some(cur), Some(old)) = (row.cells.get(c), old_row.cells.get(oc)) else {
                    continue;
                };
                let (current, previous) = (value(&cur.value), value(&old.value));
                let change = current - previous;
                let single = field.columns.len() == 1;
                out.push(Compared {
                    key: if single {
                        format!("{}.{}", id.key(), field.key)
                    } else {
                        format!("{}.{}.{}", id.key(), field.key, column.key)
                    },
                    table: id.name(),
                    row: field.full_label(),
                    column: if single { "" } else { column.label },
                    previous,
                    current,
                    change,
                    rate: (previous != 0.0).then(|| change / previous * 100.0),
                    headline: c == headline_column || field.total.is_none(),
                    table_id: id,
                    field: field.key,
                });
            }
        }
    }
    out
}
