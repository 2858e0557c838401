//! What depends on the kind of body: the deadline (条例第四十九条: 1月31日, or
//! 3月31日 for a 县级以上人民政府's own report) and, for any 人民政府, the
//! 工作考核、社会评议和责任追究结果 of 条例第五十条第四项 (C7).

use chrono::NaiveDate;

use crate::diag::Diagnostic;
use crate::format::bodies::{
    BodyKind, DEPARTMENT_DEADLINE, DEPARTMENT_DEADLINE_BASIS, GOVERNMENT_DEADLINE,
    GOVERNMENT_DEADLINE_BASIS, GOVERNMENT_ITEMS,
};
use crate::report::Report;

/// A 人民政府 (any level): the `body` key, or judged from the name.
fn is_government(report: &Report) -> bool {
    report.meta.body.is_government()
}

/// The report's publication deadline: the date, how messages name it, and its basis.
pub(super) struct Deadline {
    pub date: Option<NaiveDate>,
    pub shown: String,
    pub basis: &'static str,
}

pub(super) fn deadline(report: &Report) -> Deadline {
    let year = report.meta.year.value + 1;
    let ((m, d), basis) = if report.meta.body == BodyKind::Government {
        (GOVERNMENT_DEADLINE, GOVERNMENT_DEADLINE_BASIS)
    } else {
        (DEPARTMENT_DEADLINE, DEPARTMENT_DEADLINE_BASIS)
    };
    Deadline {
        date: i32::try_from(year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
        shown: format!("{year}年{m}月{d}日"),
        basis,
    }
}

/// C7: a 人民政府's report states its 工作考核、社会评议和责任追究结果.
pub(super) fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    if !is_government(report) {
        return;
    }
    let text: String = report
        .narrative_texts()
        .iter()
        .map(|(_, t)| t.raw.as_str())
        .chain(
            report
                .problems
                .parts
                .iter()
                .map(|p| p.heading.value.as_str()),
        )
        .chain(report.other.parts.iter().map(|p| p.heading.value.as_str()))
        .collect();
    let missing: Vec<&str> = GOVERNMENT_ITEMS
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| text.contains(w)))
        .map(|(item, _)| *item)
        .collect();
    if missing.is_empty() {
        return;
    }
    out.push(
        Diagnostic::warning(
            "C7",
            format!(
                "人民政府的年度报告还应写明工作考核、社会评议和责任追究结果情况（条例第五十条第四项），没有写到：{}",
                missing.join("、")
            ),
        )
        .at_opt(report.problems.span.clone().or(report.other.span.clone()))
        .hint("在「五、存在的主要问题及改进情况」或「六、其他需要报告的事项」中写明本年度政务公开工作考核、社会评议和责任追究结果；没有开展或没有追责的也写明"),
    );
}
