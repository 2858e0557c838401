//! Year on year, whenever last year's report is known: the comparison table of
//! every figure, the sentences that state a change (R13), the jumps nobody
//! explained (R14), and how much text is last year's (R12's share).

mod anomaly;
mod changes;
mod table;

pub use table::Compared;

use serde::Serialize;

use super::copied::{CopiedShare, share};
use super::place::{Placed, placed_texts};
use crate::diag::{Diagnostic, Span};
use crate::report::Report;

/// The comparison of a report with last year's, as `check` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct YearOnYear {
    pub previous_year: i64,
    pub year: i64,
    /// Every figure of tables 二, 三 and 四 that both years give.
    pub figures: Vec<Compared>,
    /// The share of the narrative also found in last year's (R12).
    pub copied: CopiedShare,
}

/// The comparison table and the copied-text share of `report` against last year's.
pub fn year_on_year(report: &Report, previous: &Report) -> YearOnYear {
    let texts = placed_texts(report, "");
    YearOnYear {
        previous_year: previous.meta.year.value,
        year: report.meta.year.value,
        figures: table::compare(report, previous),
        copied: share(previous, &texts),
    }
}

/// R13 and R14 (the rules that need last year's report).
pub(super) fn check(
    report: &Report,
    previous: &Report,
    source: &str,
    texts: &[Placed],
    out: &mut Vec<Diagnostic>,
) {
    changes::check(report, previous, source, texts, out);
    let compared = table::compare(report, previous);
    anomaly::check(report, &compared, |c| cell_span(report, c), texts, out);
}

/// Where this year's figure is written: its cell, or its row when computed.
fn cell_span(report: &Report, c: &Compared) -> Option<Span> {
    let t = report.table(c.table_id)?;
    let (i, field) = t.def.field(c.field)?;
    let row = t.rows[i].as_ref()?;
    let col = if c.column.is_empty() {
        0
    } else {
        field.columns.iter().position(|x| x.label == c.column)?
    };
    row.cells.get(col)?.span.clone().or(Some(row.span.clone()))
}

impl YearOnYear {
    /// The comparison as `check` prints it: the figures either year gives as
    /// non-zero, then the copied share with the longest copied passages.
    pub fn render(&self) -> String {
        let mut s = format!(
            "与上年（{} 年度）比较（上年 → 本年，增减，增减率；两年都为 0 的不列，全部数字见 --format json）：\n",
            self.previous_year
        );
        let shown: Vec<&Compared> = self
            .figures
            .iter()
            .filter(|c| c.previous != 0.0 || c.current != 0.0)
            .collect();
        if shown.is_empty() {
            s.push_str("  两年表格的数字都为 0\n");
        }
        for c in shown {
            let column = if c.column.is_empty() {
                String::new()
            } else {
                format!("「{}」", c.column)
            };
            let rate = c
                .rate
                .map_or_else(|| "—".to_string(), |r| format!("{r:+.1}%"));
            s.push_str(&format!(
                "  {}「{}」{column}：{} → {}，{}，{rate}\n",
                anomaly::short_table(c.table),
                c.row,
                show(c.previous),
                show(c.current),
                signed(c.change),
            ));
        }
        let cp = &self.copied;
        s.push_str(&format!(
            "正文与上年报告相同的文字：{}%（{}/{} 字）",
            cp.percent, cp.copied, cp.total
        ));
        if cp.passages.is_empty() {
            s.push('\n');
        } else {
            s.push_str("，最长的相同段落：\n");
            for (i, p) in cp.passages.iter().enumerate() {
                s.push_str(&format!(
                    "  {}. 「{}」“{}”（{} 字）\n",
                    i + 1,
                    p.section,
                    p.text,
                    p.chars
                ));
            }
        }
        s
    }
}

fn show(x: f64) -> String {
    super::figures::show(x)
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", show(x))
    } else {
        show(x)
    }
}
