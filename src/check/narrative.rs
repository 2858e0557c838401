//! Rules on the narrative's contents: sections, drafts, R8, R10 (dates, title, citations).

use std::sync::OnceLock;

use chrono::Datelike;
use regex::Regex;

use crate::diag::Diagnostic;
use crate::format::placeholder::DRAFT_MARK;
use crate::format::{SectionId, TableId, Topic, t3};
use crate::report::{Body, Report, Text, locate};

pub(super) fn check(report: &Report, source: &str, out: &mut Vec<Diagnostic>) {
    sections(report, out);
    drafts(report, source, out);
    fees_r8(report, out);
    dates_r10(report, source, out);
}

fn sections(report: &Report, out: &mut Vec<Diagnostic>) {
    for (section, body) in [
        (SectionId::Overview, &report.overview),
        (SectionId::Problems, &report.problems),
        (SectionId::Other, &report.other),
    ] {
        let Some(key) = section.narrative_key() else {
            continue;
        };
        match &body.span {
            None => out.push(
                Diagnostic::error(
                    "missing-section",
                    format!("缺少「{}」部分", section.heading()),
                )
                .hint(format!("加入 [{key}] 表，在 text = \"\"\"…\"\"\" 中写正文")),
            ),
            Some(span) if body.is_blank() => out.push(
                Diagnostic::warning("empty", format!("「{}」还没有内容", section.heading()))
                    .at(span.clone())
                    .hint(empty_hint(section)),
            ),
            Some(_) => {}
        }
    }
    for (section, body) in [
        (SectionId::Overview, &report.overview),
        (SectionId::Problems, &report.problems),
        (SectionId::Other, &report.other),
    ] {
        for part in &body.parts {
            if part.text.as_ref().is_none_or(Text::is_blank) {
                out.push(
                    Diagnostic::warning(
                        "empty",
                        format!(
                            "「{}」的小标题「{}」下还没有正文",
                            section.heading(),
                            part.heading.value
                        ),
                    )
                    .at(part.heading.span.clone())
                    .hint("在这个小标题的 text = \"\"\"…\"\"\" 中写正文"),
                );
            }
        }
    }
    if !report.overview.is_blank() {
        overview_topics(&report.overview, out);
    }
    if !report.problems.is_blank() {
        let text = report.problems.plain_text();
        if !super::last_year_fixes::told(report) {
            out.push(
                Diagnostic::warning(
                    "C5",
                    "「五、存在的主要问题及改进情况」没有说明上年度问题的整改情况",
                )
                .at_opt(report.problems.span.clone())
                .hint("评议时会看上年度报告所列问题的整改落实情况，建议写明"),
            );
        }
        if is_nil(&text) {
            out.push(
                Diagnostic::warning("C5", "「五、存在的主要问题及改进情况」只写了“无”")
                    .at_opt(report.problems.span.clone())
                    .hint(
                        "这一部分不能空着或只写“无”：写明存在的问题、改进措施和上年度问题整改情况",
                    ),
            );
        }
    }
    if report.format.has_fee_rules()
        && !report.other.is_blank()
        && !report.other.plain_text().contains("处理费")
    {
        out.push(
            Diagnostic::warning("C6", "「六、其他需要报告的事项」没有说明信息处理费的收取情况")
                .at_opt(report.other.span.clone())
                .hint("按《政府信息公开信息处理费管理办法》写明本年度是否收取信息处理费，例如“本年度未收取信息处理费”"),
        );
    }
}

fn is_nil(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"。.".contains(*c))
        .collect();
    t == "无" || t == "暂无"
}

fn empty_hint(section: SectionId) -> &'static str {
    match section {
        SectionId::Overview => {
            "写明主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五方面的情况，每方面一个 [[overview.part]]"
        }
        SectionId::Problems => "写明存在的主要问题、改进措施和上年度问题的整改情况",
        _ => "至少写明信息处理费的收取情况，例如“本年度未收取信息处理费”",
    }
}

fn overview_topics(overview: &Body, out: &mut Vec<Diagnostic>) {
    let covered: Vec<Topic> = overview
        .parts
        .iter()
        .flat_map(|p| p.topics.clone())
        .collect();
    let missing: Vec<&str> = Topic::ALL
        .into_iter()
        .filter(|t| !covered.contains(t))
        .map(Topic::name)
        .collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::warning(
                "C1",
                format!("「一、总体情况」没有写到规定的：{}", missing.join("、")),
            )
            .at_opt(overview.span.clone())
            .hint("总体情况须包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五方面；小标题写法不同时，可在 [[overview.part]] 中用 topics = [\"依申请公开\"] 注明它写的是哪一方面"),
        );
    }
}

fn drafts(report: &Report, source: &str, out: &mut Vec<Diagnostic>) {
    for (section, text) in report.narrative_texts() {
        if text.raw.contains(DRAFT_MARK) {
            out.push(
                Diagnostic::warning("draft", format!("「{section}」中有沿用上年的文字尚未改写"))
                    .at(locate(source, &text.span, DRAFT_MARK))
                    .hint(format!("按本年情况改写后，删去“{DRAFT_MARK}”标记")),
            );
        }
    }
}

/// R8: unpaid-fee outcomes imply a 信息处理费 was charged, which 六 must report.
fn fees_r8(report: &Report, out: &mut Vec<Diagnostic>) {
    if !report.format.has_fee_rules() {
        return;
    }
    let Some(t) = report.table(TableId::Three) else {
        return;
    };
    let Some(unpaid) = t.count(t3::FEE_UNPAID, 6) else {
        return;
    };
    let other = report.other.plain_text();
    let says_none = ["未收取", "不存在收取", "没有收取", "无收取"]
        .iter()
        .any(|w| other.contains(w));
    let span = t.row(t3::FEE_UNPAID).map(|r| r.span.clone());
    if unpaid > 0 && (says_none || !other.contains("处理费")) {
        out.push(
            Diagnostic::warning(
                "R8",
                format!(
                    "表三「（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用」有 {unpaid} 件，说明发出过收费通知，但第六部分{}",
                    if says_none { "写的是未收取信息处理费" } else { "没有报告信息处理费的收取情况" }
                ),
            )
            .at_opt(span)
            .hint("在第六部分写明本年度发出收费通知和实际收取信息处理费的情况"),
        );
    }
}

/// R10: the report's year and date; no citation of the superseded format.
fn dates_r10(report: &Report, source: &str, out: &mut Vec<Diagnostic>) {
    let year = report.meta.year.value;
    if let Some(published) = &report.meta.published {
        let due = super::bodies::deadline(report);
        let Some(deadline) = due.date else {
            return;
        };
        let d = published.value;
        if d > deadline {
            out.push(
                Diagnostic::warning(
                    "R10",
                    format!(
                        "发布日期 {} 晚于法定期限 {}",
                        crate::document::chinese_date(d),
                        due.shown
                    ),
                )
                .at(published.span.clone())
                .hint(due.basis),
            );
        } else if d.year() <= year as i32 {
            out.push(
                Diagnostic::warning(
                    "R10",
                    format!(
                        "发布日期 {} 早于报告年度 {year} 年结束",
                        crate::document::chinese_date(d)
                    ),
                )
                .at(published.span.clone())
                .hint("报告统计到12月31日，发布日期应在次年"),
            );
        }
    }
    let superseded_year = report
        .format
        .superseded()
        .map_or(String::new(), |v| format!("{} 年", v.first_year()));
    for (section, text) in report.narrative_texts() {
        for old in report.format.superseded_citations() {
            if text.raw.contains(old) {
                out.push(
                    Diagnostic::warning(
                        "R10",
                        format!("「{section}」引用了已被替代的 {superseded_year}格式（{old}）"),
                    )
                    .at(locate(source, &text.span, old))
                    .hint(format!(
                        "{} 年度起的报告依据{}印发的格式",
                        report.format.first_year(),
                        report.format.circular()
                    )),
                );
            }
        }
    }
    if let Some(title) = &report.meta.title {
        static YEAR: OnceLock<Regex> = OnceLock::new();
        let re = super::pattern(&YEAR, || r"([0-9]{4})\s*年");
        if let Some(m) = re.captures(&title.value)
            && m[1].parse::<i64>().unwrap_or(year) != year
        {
            out.push(
                Diagnostic::warning(
                    "R10",
                    format!("标题中的年份 {} 与报告年度 {year} 不一致", &m[1]),
                )
                .at(title.span.clone())
                .hint("改正标题中的年份，或删去 title，由工具按机关名称和年度生成"),
            );
        }
    }
}
