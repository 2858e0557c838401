//! R14: the jumps a reviewer asks about — a figure above five times last
//! year's or below a fifth of it, a key figure that fell to 0 — unless the
//! narrative speaks of the change.

use super::super::figures::{sentence_statements, show};
use super::super::place::{Placed, sentences};
use super::table::Compared;
use crate::diag::Diagnostic;
use crate::format::changes::{
    ANOMALY_MIN, ANOMALY_RATIO, EXPLAINING_WORDS, KEY_FIGURES, MARKERS, SUBJECT_WORDS,
};
use crate::format::quantities::QUANTITIES;
use crate::format::t2;
use crate::report::Report;

/// What is unusual about a figure, if anything.
fn unusual(c: &Compared) -> Option<String> {
    let (then, now) = (c.previous, c.current);
    let key = KEY_FIGURES
        .iter()
        .find(|(t, f, _)| *t == c.table_id && *f == c.field);
    if let Some((_, _, name)) = key.filter(|_| then > 0.0 && now == 0.0) {
        return Some(format!("{name}上年 {}，本年降为 0", show(then)));
    }
    if then.max(now) < ANOMALY_MIN as f64 {
        return None;
    }
    if now > ANOMALY_RATIO * then {
        return Some(if then == 0.0 {
            format!("上年为 0，本年 {}", show(now))
        } else {
            format!(
                "上年 {}，本年 {}，是上年的 {:.1} 倍",
                show(then),
                show(now),
                now / then
            )
        });
    }
    if now * ANOMALY_RATIO < then {
        return Some(format!(
            "上年 {}，本年 {}，不到上年的五分之一",
            show(then),
            show(now)
        ));
    }
    None
}

/// The row's own label without its numbering: 「（三）不予公开」 → 「不予公开」.
fn bare_label(label: &str) -> &str {
    let l =
        label.trim_start_matches(|c: char| "（）()一二三四五六七八九十、.．0123456789".contains(c));
    if l.chars().count() >= 2 { l } else { label }
}

/// Whether some sentence compares this figure with last year or gives a reason
/// for it (the figure named by a statement, its label or a subject word).
fn explained(report: &Report, c: &Compared, texts: &[Placed]) -> bool {
    let Some(table) = report.table(c.table_id) else {
        return false;
    };
    let Some((_, field)) = table.def.field(c.field) else {
        return false;
    };
    let year = report.meta.year.value;
    let label = bare_label(field.label);
    let covers = |prefixes: &[&str]| prefixes.iter().any(|p| c.field.starts_with(p));
    texts.iter().any(|p| {
        sentences(p.raw()).into_iter().any(|r| {
            let s = &p.raw()[r];
            let compares = MARKERS
                .iter()
                .any(|m| s.contains(m.replace("{P}", &(year - 1).to_string()).as_str()))
                || EXPLAINING_WORDS.iter().any(|w| s.contains(w));
            compares
                && (s.contains(label)
                    || sentence_statements(s, 0)
                        .iter()
                        .any(|st| covers(&st.fields))
                    || SUBJECT_WORDS.iter().any(|(w, k)| {
                        s.contains(w)
                            && QUANTITIES
                                .iter()
                                .find(|q| q.key == *k)
                                .is_some_and(|q| q.table == c.table_id && covers(q.fields))
                    }))
        })
    })
}

pub(super) fn check(
    report: &Report,
    compared: &[Compared],
    source_spans: impl Fn(&Compared) -> Option<crate::diag::Span>,
    texts: &[Placed],
    out: &mut Vec<Diagnostic>,
) {
    for c in compared
        .iter()
        .filter(|c| c.headline && c.field != t2::FEES)
    {
        let Some(what) = unusual(c) else {
            continue;
        };
        if explained(report, c, texts) {
            continue;
        }
        let column = if c.column.is_empty() {
            String::new()
        } else {
            format!("「{}」", c.column)
        };
        out.push(
            Diagnostic::warning(
                "R14",
                format!(
                    "{}「{}」{column}与上年相比变化异常：{what}，正文没有说明：请在正文中说明原因",
                    short_table(c.table),
                    c.row
                ),
            )
            .at_opt(source_spans(c))
            .hint("评议时会问大幅增减的原因：在总体情况或依申请公开部分写明与上年相比的变化及原因；数字有误的改正表格"),
        );
    }
}

/// 「表三」 of 「表三（收到和处理政府信息公开申请情况）」.
pub(super) fn short_table(name: &str) -> &str {
    name.split('（').next().unwrap_or(name)
}
