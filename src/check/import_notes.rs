//! `check` on a published report: its import notes summarised, one warning per
//! kind with a count (the detail is `nianbao import`'s, or `check --verbose`'s),
//! and blank, 「/」, 「—」, 「无」 cells of its tables as findings (R-blank),
//! because reviewers count them.

use crate::diag::Diagnostic;

/// The rule of an import note, as `load` reports it.
pub const IMPORT_RULE: &str = "import";
/// The rule of a table cell the published report left blank or struck through.
pub const BLANK_RULE: &str = "R-blank";

/// Kinds of import notes, by words of their message: (words all present, kind).
/// The first that matches names the kind; the rest are 「其他」.
const KINDS: &[(&[&str], &str)] = &[
    (&["小标题", "很长"], "小标题很长"),
    (&["没有找到", "的标题"], "缺少部分的标题"),
    (&["没有找到表"], "缺少表格"),
    (&["没有找到", "行："], "表格缺行"),
    (&["不是官方格式中的行"], "非官方格式的行"),
    (&["机关名称"], "机关名称待核对"),
    (&["年度"], "报告年度待核对"),
    (&["年份"], "报告年度待核对"),
    (&["不属于报告"], "报告以外的文字"),
    (&["不是这一格应有的数字"], "表格数字无法识别"),
    (&["大得不合常理"], "表格数字无法识别"),
    (&["编码"], "文件编码"),
    (&["略去了空白格"], "纯文本缺数字"),
    (&["没有对应位置", "未导入"], "表格部分中的文字未导入"),
    (&["是表格的一行", "不在表格所属的部分"], "表格行位置不对"),
    (&["删去了页码行"], "删去页码行"),
];

/// The kind of a note no other kind names.
const OTHER: &str = "其他";

/// Words of a note about cells printed blank or struck through. (A plain-text
/// copy that dropped blank cells — 「纯文本略去了空白格」 — cannot tell a blank
/// cell from a lost one, and stays an import note.)
const BLANK_WORDS: &[&str] = &["原文为空白", "原文为「", "没有数字（空白）"];
/// Of those, notes about a cell that held something other than a blank mark.
const NOT_BLANK_WORDS: &[&str] = &["不是这一格应有的数字", "大得不合常理"];

fn is_blank_note(message: &str) -> bool {
    BLANK_WORDS.iter().any(|w| message.contains(w))
        && !NOT_BLANK_WORDS.iter().any(|w| message.contains(w))
}

fn kind(message: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(words, _)| words.iter().all(|w| message.contains(w)))
        .map_or(OTHER, |(_, k)| k)
}

/// The findings of a published report as `check` prints them: blank-cell notes
/// become R-blank warnings in place; the other notes one warning per kind with
/// its count, or each in place when `verbose`.
pub fn summarise(findings: Vec<Diagnostic>, verbose: bool) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(findings.len());
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    let mut first_summary = None;
    for mut d in findings {
        if d.rule != IMPORT_RULE {
            out.push(d);
            continue;
        }
        if is_blank_note(&d.message) {
            d.rule = BLANK_RULE;
            d.message = format!("原报告表格有未填数字的格：{}", d.message);
            d.hint = Some(
                "评议时空白、「/」、「—」、「无」格按漏填计：没有发生的事项应填 0；改正后重新发布"
                    .into(),
            );
            out.push(d);
            continue;
        }
        if verbose {
            out.push(d);
            continue;
        }
        first_summary.get_or_insert(out.len());
        let k = kind(&d.message);
        match kinds.iter_mut().find(|(x, _)| *x == k) {
            Some((_, n)) => *n += 1,
            None => kinds.push((k, 1)),
        }
    }
    // 「其他」 last.
    kinds.sort_by_key(|(k, _)| *k == OTHER);
    if let Some(at) = first_summary {
        let total: usize = kinds.iter().map(|(_, n)| n).sum();
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n} 条")).collect();
        out.insert(
            at,
            Diagnostic::warning(
                IMPORT_RULE,
                format!("导入说明 {total} 条：{}", list.join("，")),
            )
            .hint("逐条查看：nianbao import 原报告文件（生成报告文件并列出每条说明），或 nianbao check --verbose"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_counted_by_kind_and_blank_cells_become_findings() {
        let notes = [
            "小标题「一是加强组织领导，压实工作责任……」很长：原文编号后没有简短的小标题，第一句整句作为小标题；请核对",
            "小标题「二是……」很长：原文编号后没有简短的小标题，第一句整句作为小标题；请核对",
            "没有找到「六、其他需要报告的事项」的标题，这一部分为空",
            "表三「三、本年度办理结果（一）予以公开」商业企业原文为「/」，按 0 写入",
            "表二「第二十条第（一）项规章」本年制发件数原文为空白，按 0 写入",
            "表三「一、本年新收政府信息公开申请数量」自然人原文为「abc」，不是这一格应有的数字，按 0 写入",
        ];
        let findings: Vec<Diagnostic> = notes
            .iter()
            .map(|m| Diagnostic::warning(IMPORT_RULE, *m))
            .chain([Diagnostic::warning("R7", "正文与表格不符")])
            .collect();
        let out = summarise(findings.clone(), false);
        let rules: Vec<&str> = out.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [IMPORT_RULE, BLANK_RULE, BLANK_RULE, "R7"]);
        assert_eq!(
            out[0].message,
            "导入说明 4 条：小标题很长 2 条，缺少部分的标题 1 条，表格数字无法识别 1 条"
        );
        let verbose = summarise(findings, true);
        assert_eq!(verbose.iter().filter(|d| d.rule == IMPORT_RULE).count(), 4);
        assert_eq!(verbose.iter().filter(|d| d.rule == BLANK_RULE).count(), 2);
    }
}
