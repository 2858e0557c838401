//! A report not yet finished: the template's gaps that no other rule sees — no
//! 发布日期, a placeholder agency, every table figure 0, no 落款. Warnings, so
//! that a clerk mid-way can still preview; `--strict` makes them errors.

use crate::diag::{Diagnostic, SourceFile};
use crate::format::placeholder;
use crate::report::Report;
use crate::template::quote;

const RULE: &str = "unfinished";

pub(super) fn check(file: &SourceFile, report: &Report, out: &mut Vec<Diagnostic>) {
    published(report, out);
    agency(file, report, out);
    all_zero(report, out);
    closing(&file.text, report, out);
}

fn published(report: &Report, out: &mut Vec<Diagnostic>) {
    if report.meta.published.is_some() {
        return;
    }
    let year = report.meta.year.value;
    let date = report
        .closing
        .as_ref()
        .and_then(|c| c.date)
        .map_or_else(|| format!("{}-01-20", year + 1), |d| d.to_string());
    out.push(
        Diagnostic::warning(RULE, "还没有填写发布日期")
            .at(report.meta.year.span.clone())
            .hint(format!(
                "在 [report] 中写 published = {date}（不加引号）；发布日期应在 {}前",
                super::bodies::deadline(report).shown
            )),
    );
}

fn agency(file: &SourceFile, report: &Report, out: &mut Vec<Diagnostic>) {
    let agency = &report.meta.agency;
    let name = agency.value.as_str();
    let stem = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    let why = if placeholder::AGENCIES.contains(&name) {
        format!("机关名称还是占位的「{name}」")
    } else if stem.as_deref() == Some(name) {
        format!("机关名称「{name}」与文件名相同，像是没有填写")
    } else {
        return;
    };
    out.push(
        Diagnostic::warning(RULE, why)
            .at(agency.span.clone())
            .hint("写上发布报告的机关的全称（与落款一致）：agency = \"……\""),
    );
}

/// Every figure of the three tables 0: the template as `new` wrote it.
fn all_zero(report: &Report, out: &mut Vec<Diagnostic>) {
    let tables: Vec<_> = report.tables.iter().flatten().collect();
    if tables.len() != report.tables.len() || tables.is_empty() {
        return;
    }
    let mut figures = tables
        .iter()
        .flat_map(|t| t.rows.iter().flatten())
        .flat_map(|r| r.cells.iter());
    let zero = figures.all(|f| match &f.value {
        crate::report::Number::Int(n) => *n == 0,
        crate::report::Number::Amount(a) => a.is_zero(),
    });
    if !zero {
        return;
    }
    // 「表二」 of 「表二（主动公开政府信息情况）」.
    let names: Vec<&str> = tables
        .iter()
        .map(|t| t.def.id.name().split('（').next().unwrap_or_default())
        .collect();
    out.push(
        Diagnostic::warning(RULE, format!("{}的数字全是 0", names.join("、")))
            .at(tables[0].span.clone())
            .hint("这像是还没有填写的模板：填上本年度的数字；确实一件都没有发生时，可以不理会这条警告"),
    );
}

/// No `[closing]`: shown at the template's comment on it, else at the file's
/// last line.
fn closing(source: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    if report.closing.is_some() {
        return;
    }
    let span = match source.find("# [closing]") {
        Some(i) => i + 2..i + "# [closing]".len(),
        None => {
            let end = source.trim_end().len();
            let start = source[..end].rfind('\n').map_or(0, |i| i + 1);
            start..end
        }
    };
    out.push(
        Diagnostic::warning(RULE, "报告末尾没有落款（机关名称和日期）")
            .at(span)
            .hint(format!(
                "在文件末尾加上：\n[closing]\ntext = \"特此报告。\"\nsignature = {}\n（落款日期省略时用发布日期；另写 date = 日期 可以不同）",
                quote(&report.meta.agency.value)
            )),
    );
}
