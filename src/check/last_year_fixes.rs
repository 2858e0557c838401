//! C5's question: does section 五 say how last year's problems were fixed?
//! Yes when it names last year (上年度, 去年, 整改 …) or has a line naming last
//! year by number with its problems or their fixing (「（一）2024年工作中存在问题的改进情况」).

use crate::format::changes::{FIX_WORDS, LAST_YEAR_FIX_WORDS};
use crate::report::Report;

pub(super) fn told(report: &Report) -> bool {
    let text = report.problems.plain_text();
    let last_year = format!("{}年", report.meta.year.value - 1);
    LAST_YEAR_FIX_WORDS.iter().any(|w| text.contains(w))
        || text
            .lines()
            .any(|l| l.contains(&last_year) && FIX_WORDS.iter().any(|w| l.contains(w)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_subsection_on_last_years_problems_is_recognised() {
        let toml = |problems: &str| {
            format!(
                "[report]\nagency = \"某某局\"\nyear = 2025\n[problems]\ntext = \"\"\"\n{problems}\n\"\"\"\n"
            )
        };
        let told = |problems: &str| {
            let file = crate::diag::SourceFile::new("r.toml", toml(problems));
            let parsed = crate::report::parse_report(&file);
            super::told(parsed.report.as_ref().unwrap())
        };
        assert!(told(
            "（一）2024年工作中存在问题的改进情况\n完善了目录。\n（二）存在的主要问题\n解读不够。"
        ));
        assert!(told("一、2024年度存在问题整改落实情况：已完成。"));
        assert!(told("针对上年度报告指出的问题，已完成。"));
        assert!(!told("2024年，政策解读不够深入。下一步加强培训。"));
        assert!(!told(
            "（一）存在的主要问题\n解读不够。\n（二）改进措施\n加强培训。"
        ));
    }
}
