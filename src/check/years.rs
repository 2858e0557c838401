//! R10 in the narrative: the statistics year and period are the report's own.
//! Last year's text left in shows as "2023年，我局…" in a 2024 report. Years that
//! are legitimately other are left alone: names in 《》, comparisons (较2023年),
//! plans, and section 五, which reviews last year's problems.

use std::sync::OnceLock;

use regex::Regex;

use super::place::{Placed, sentences};
use crate::diag::Diagnostic;

/// Words that make another year legitimate in a sentence.
const COMPARISON_WORDS: &[&str] = &[
    "较", "相比", "对比", "同期", "上年", "去年", "以来", "截至", "至今", "此前", "报告", "要点",
    "规划", "计划", "方案", "通知", "意见", "办法",
];

fn lead_year() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    super::pattern(
        &RE,
        || r"^\s*(?:在|于)?(?P<y>(?:19|20)[0-9]{2})\s*年(?:度)?(?:[，,]|全年|我|本|共|累计|全面)",
    )
}

fn period() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    super::pattern(
        &RE,
        || r"(?P<a>(?:19|20)[0-9]{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|～|~)\s*(?:(?P<b>(?:19|20)[0-9]{2})\s*年\s*)?12\s*月\s*31\s*日",
    )
}

pub(super) fn check(year: i64, source: &str, texts: &[Placed], out: &mut Vec<Diagnostic>) {
    for placed in texts {
        let raw = placed.raw();
        for m in period().captures_iter(raw) {
            let a: i64 = m["a"].parse().unwrap_or(year);
            let b: i64 = m.name("b").map_or(a, |b| b.as_str().parse().unwrap_or(a));
            if a == year && b == year {
                continue;
            }
            let all = m.get_match();
            out.push(
                Diagnostic::warning(
                    "R10",
                    format!(
                        "「{}」写的统计期间是“{}”，但报告年度是 {year} 年",
                        placed.section,
                        all.as_str()
                    ),
                )
                .at(placed.span(source, all.range()))
                .hint(format!(
                    "统计期间应为 {year}年1月1日至12月31日；沿用上年的文字时常留下上年的年份"
                )),
            );
        }
        if placed.is_problems_section() {
            continue;
        }
        for r in sentences(raw) {
            let sentence = &raw[r.clone()];
            // Clauses start a sentence or follow a comma: "…。2023年，我局…".
            let Some(m) = lead_year().captures(sentence) else {
                continue;
            };
            let y: i64 = m["y"].parse().unwrap_or(year);
            if y >= year || y < year - 3 {
                continue;
            }
            let rest = &sentence[m.get_match().end()..];
            if COMPARISON_WORDS.iter().any(|w| rest.contains(w)) || rest.contains(&year.to_string())
            {
                continue;
            }
            let Some(y_match) = m.name("y") else { continue };
            let y_range = y_match.range();
            out.push(
                Diagnostic::warning(
                    "R10",
                    format!(
                        "「{}」中“{}”写的是 {y} 年的工作，但报告年度是 {year} 年",
                        placed.section,
                        super::place::excerpt(sentence, 24)
                    ),
                )
                .at(placed.span(source, r.start + y_range.start..r.start + y_range.end))
                .hint(format!(
                    "沿用上年的文字时常留下上年的年份：如写的是本年度的工作，改为 {year} 年；如确是与上年比较，写明“较{y}年”"
                )),
            );
        }
    }
}
