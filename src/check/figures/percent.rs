//! Percentages after a figure ("不予公开3件，占15%"): recomputed against the base
//! the sentence implies, allowing for rounding at the printed precision.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::numbers::show;
use super::{Statement, table_figure};
use crate::check::place::Placed;
use crate::diag::Diagnostic;
use crate::format::quantities::Relative;
use crate::format::{TableId, t3};
use crate::report::Report;

fn share_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    crate::check::pattern(
        &RE,
        || r"^[，,、]?\s*(?:约)?占(?:比)?(?:为)?(?P<base>[^，。；%％0-9]{0,12}?)(?:的)?(?:约)?(?P<p>[0-9]+(?:\.[0-9]+)?)\s*[%％]",
    )
}

/// A base a share can be taken of: its figure and how it is named.
struct Base {
    value: f64,
    label: String,
}

fn bases(report: &Report, named: &str, parent: Option<&Statement>) -> Vec<Base> {
    let figure = |fields: &[&str]| {
        table_figure(report, TableId::Three, fields, &[])
            .map(|(value, label)| Base { value, label })
    };
    if ["收到", "新收", "受理", "申请总数", "申请数"]
        .iter()
        .any(|w| named.contains(w))
    {
        return figure(&[t3::NEW]).into_iter().collect();
    }
    if ["办结", "答复", "办理"].iter().any(|w| named.contains(w)) {
        return figure(&[t3::TOTAL]).into_iter().collect();
    }
    let mut out: Vec<Base> = [
        figure(&[t3::TOTAL]),
        figure(&[t3::NEW]),
        figure(&[t3::NEW, t3::CARRIED_OVER]),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(p) = parent {
        out.push(Base {
            value: p.stated.value,
            label: format!("正文所写的“{}”", p.stated.show()),
        });
    }
    out
}

pub(super) fn check(
    report: &Report,
    source: &str,
    placed: &Placed,
    sentence: &Range<usize>,
    found: &[Statement],
    out: &mut Vec<Diagnostic>,
) {
    let raw = placed.raw();
    let mut parent: Option<&Statement> = None;
    for s in found {
        let q = s.quantity;
        if q.whole {
            parent = Some(s);
            continue;
        }
        if q.table != TableId::Three || q.relative != Relative::No {
            continue;
        }
        // A share follows its figure closely; look no further (keeps this linear).
        let mut limit = (s.number.end + 80).min(sentence.end);
        while !raw.is_char_boundary(limit) {
            limit -= 1;
        }
        let after = &raw[s.number.end..limit];
        let Some(m) = share_regex().captures(after) else {
            continue;
        };
        let p_text = &m["p"];
        let Ok(printed) = p_text.parse::<f64>() else {
            continue;
        };
        let decimals = p_text.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
        let tolerance = 10f64.powi(-decimals) + 1e-9;
        let candidates = bases(report, &m["base"], parent);
        let usable: Vec<&Base> = candidates.iter().filter(|b| b.value > 0.0).collect();
        if usable.is_empty()
            || usable
                .iter()
                .any(|b| (s.stated.value / b.value * 100.0 - printed).abs() < tolerance)
        {
            continue;
        }
        let base = usable[0];
        let should = s.stated.value / base.value * 100.0;
        let Some(p) = m.name("p") else { continue };
        let start = s.number.end + p.start();
        let end = s.number.end + m.get_match().end();
        out.push(
            Diagnostic::warning(
                "percent",
                format!(
                    "「{}」写的是“{}”（{p_text}%），但按{}{} 计算，{} ÷ {} 应为 {:.*}%",
                    placed.section,
                    &raw[s.whole.start..end],
                    base.label,
                    show(base.value),
                    s.stated.show(),
                    show(base.value),
                    decimals.max(0) as usize,
                    should
                ),
            )
            .at(placed.span(source, start..end))
            .hint("百分比 = 件数 ÷ 基数 × 100%；核对件数和基数（通常是（七）总计或本年新收申请数），按同样的小数位数改正"),
        );
    }
}
