//! Claims in words that the tables contradict: 均获维持 while cases were corrected
//! or are pending; 未发生行政复议 with a nonzero total; 未收到申请 with 一 ≠ 0.

use std::sync::OnceLock;

use regex::Regex;

use super::figures::table_figure;
use super::place::{Placed, excerpt, sentences};
use crate::diag::Diagnostic;
use crate::format::{OUTCOME_COLUMNS, TableId, t3, t4};
use crate::report::Report;

/// Table 四 rows a sentence speaks of: 复议, 诉讼 or both.
fn appeal_rows(text: &str) -> Vec<&'static str> {
    let mut rows = Vec::new();
    if text.contains("复议") {
        rows.push(t4::REVIEW);
    }
    if text.contains("诉讼") || text.contains("起诉") || text.contains("应诉") {
        rows.extend(t4::SUITS);
    }
    rows
}

fn regex(cell: &'static OnceLock<Regex>, source: &str) -> &'static Regex {
    super::pattern(cell, || source)
}

pub(super) fn check(report: &Report, source: &str, texts: &[Placed], out: &mut Vec<Diagnostic>) {
    for placed in texts {
        let raw = placed.raw();
        for r in sentences(raw) {
            let sentence = &raw[r.clone()];
            all_upheld(report, source, placed, r.start, sentence, out);
            for clause in clauses(sentence, r.start) {
                no_appeals(
                    report,
                    source,
                    placed,
                    &raw[clause.clone()],
                    clause.start,
                    out,
                );
                no_requests(
                    report,
                    source,
                    placed,
                    &raw[clause.clone()],
                    clause.start,
                    out,
                );
            }
        }
    }
}

/// Clauses of a sentence, split at ，, and ：.
fn clauses(sentence: &str, offset: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in sentence.char_indices() {
        if matches!(c, '，' | ',' | '：' | ':') {
            out.push(offset + start..offset + i);
            start = i + c.len_utf8();
        }
    }
    out.push(offset + start..offset + sentence.len());
    out
}

/// 均获维持 / 全部维持 while 纠正, 其他结果 or 尚未审结 is not 0.
fn all_upheld(
    report: &Report,
    source: &str,
    placed: &Placed,
    offset: usize,
    sentence: &str,
    out: &mut Vec<Diagnostic>,
) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"(?:均|全部|都|全)(?:获|被|予以|得到|为)?(?:法院|复议机关)?(?:判决|决定)?维持",
    );
    let Some(m) = re.find(sentence) else { return };
    let rows = appeal_rows(sentence);
    if rows.is_empty() {
        return;
    }
    let mut others = Vec::new();
    for column in OUTCOME_COLUMNS
        .iter()
        .filter(|c| c.key != t4::UPHELD && c.key != t4::TOTAL)
    {
        if let Some((n, label)) = table_figure(report, TableId::Four, &rows, &[column.key])
            && n > 0.0
        {
            others.push(format!("{label}为 {n}"));
        }
    }
    if others.is_empty() {
        return;
    }
    out.push(
        Diagnostic::warning(
            "claim",
            format!(
                "「{}」说“{}”，但{}",
                placed.section,
                excerpt(sentence, 40),
                others.join("，")
            ),
        )
        .at(placed.span(source, offset + m.start()..offset + m.end()))
        .hint("只有全部案件结果为维持时才能写“均获维持”；改为如实说明维持、纠正和尚未审结的件数"),
    );
}

/// 未发生 / 没有 行政复议、行政诉讼 while a total is not 0.
fn no_appeals(
    report: &Report,
    source: &str,
    placed: &Placed,
    clause: &str,
    offset: usize,
    out: &mut Vec<Diagnostic>,
) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"(?:未发生|没有发生|未出现|没有出现|未产生|未有|未收到|没有收到|未涉及|无)[^，。；]{0,24}?(?:行政复议|行政诉讼|复议|诉讼)",
    );
    if ["纠错", "纠正", "败诉", "撤销", "确认违法", "维持", "被诉"]
        .iter()
        .any(|w| clause.contains(w))
        || clause.chars().any(|c| c.is_ascii_digit())
    {
        return;
    }
    let Some(m) = re.find(clause) else { return };
    // 无论, 无法, 无需, 无正当理由: words, not a denial.
    if ["无论", "无法", "无需", "无须", "无正当"]
        .iter()
        .any(|w| m.as_str().starts_with(w))
    {
        return;
    }
    let rows = appeal_rows(&clause[m.start()..]);
    let Some((n, label)) = table_figure(report, TableId::Four, &rows, &[]) else {
        return;
    };
    if n == 0.0 {
        return;
    }
    out.push(
        Diagnostic::warning(
            "claim",
            format!(
                "「{}」说“{}”，但{}是 {n}",
                placed.section,
                excerpt(clause, 40),
                label
            ),
        )
        .at(placed.span(source, offset + m.start()..offset + m.end()))
        .hint("正文与表四不一致：如实写明行政复议、行政诉讼的件数和结果，或改正表四"),
    );
}

/// 未收到政府信息公开申请 while 一、本年新收 is not 0.
fn no_requests(
    report: &Report,
    source: &str,
    placed: &Placed,
    clause: &str,
    offset: usize,
    out: &mut Vec<Diagnostic>,
) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"(?:未|没有)(?:收到|受理|接到|接收)(?P<mid>[^，。；,;]{0,12}?)申请(?P<next>.?)",
    );
    for m in re.captures_iter(clause) {
        let mid = &m["mid"];
        if [
            "复议", "诉讼", "信访", "投诉", "举报", "人大", "政协", "建议", "提案",
        ]
        .iter()
        .any(|w| mid.contains(w))
            || &m["next"] == "人"
        {
            continue;
        }
        let Some((n, label)) = table_figure(report, TableId::Three, &[t3::NEW], &[]) else {
            return;
        };
        if n == 0.0 {
            return;
        }
        let all = m.get_match();
        let end = all.end() - m["next"].len();
        out.push(
            Diagnostic::warning(
                "claim",
                format!(
                    "「{}」说“{}”，但{}是 {n}",
                    placed.section,
                    excerpt(&clause[all.start()..], 30),
                    label
                ),
            )
            .at(placed.span(source, offset + all.start()..offset + end))
            .hint("正文与表三不一致：写明本年收到的申请件数和办理情况，或改正表三"),
        );
    }
}
