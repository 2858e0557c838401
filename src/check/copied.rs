//! R12: text copied from last year's report. Each section's share of characters
//! that stand in a run of `GRAM` characters also found in last year's narrative
//! (hashed n-grams: linear in both texts), and the longest copied passages.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::appendix::data_lines;
use super::place::{Placed, excerpt, placed_texts};
use crate::diag::Diagnostic;
use crate::report::Report;

/// Length of a copied run that counts (characters, after normalising).
const GRAM: usize = 12;
/// Share above which a section is reported.
const LIMIT: f64 = 0.5;
/// Sections shorter than this (normalised characters) are not judged: a short
/// standard sentence ("本年度未收取信息处理费。") is the same every year by nature.
const MIN_CHARS: usize = 120;
/// Copied passages named per finding.
const PASSAGES: usize = 2;

/// The characters that count, with their byte offset in the text; digits are
/// folded so that a copied sentence with a new year or count still matches. A
/// 汇总's appendix (「某某局：本年新收…13件」, 「合计：…」) is data, written in the
/// same words every year by the tool itself, and does not count.
fn normalise(raw: &str) -> Vec<(usize, char)> {
    let units = data_lines(raw);
    raw.char_indices()
        .filter(|(i, _)| !units.iter().any(|l| l.contains(i)))
        .filter(|(_, c)| !c.is_whitespace() && !"*".contains(*c))
        .map(|(i, c)| {
            (
                i,
                if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                    '0'
                } else {
                    c
                },
            )
        })
        .collect()
}

fn gram_hash(chars: &[(usize, char)]) -> u64 {
    let mut h = DefaultHasher::new();
    for (_, c) in chars {
        c.hash(&mut h);
    }
    h.finish()
}

/// Each run of copied characters: its length in characters and its byte range
/// in the raw text.
fn copied_runs(chars: &[(usize, char)], flags: &[bool]) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    let mut k = 0;
    while k < flags.len() {
        if !flags[k] {
            k += 1;
            continue;
        }
        let s = k;
        while k < flags.len() && flags[k] {
            k += 1;
        }
        let end = chars[k - 1].0 + chars[k - 1].1.len_utf8();
        runs.push((k - s, chars[s].0, end));
    }
    runs
}

/// For each character, whether it stands in a run of `GRAM` found in `seen`.
fn covered(chars: &[(usize, char)], seen: &HashSet<u64>) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    if chars.len() < GRAM {
        return out;
    }
    let mut until = 0; // characters before this index are already marked
    for start in 0..=chars.len() - GRAM {
        if seen.contains(&gram_hash(&chars[start..start + GRAM])) {
            for flag in out.iter_mut().take(start + GRAM).skip(start.max(until)) {
                *flag = true;
            }
            until = start + GRAM;
        }
    }
    out
}

struct Section<'a> {
    name: &'static str,
    texts: Vec<&'a Placed<'a>>,
}

pub(super) fn check(previous: &Report, source: &str, texts: &[Placed], out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for p in placed_texts(previous, "") {
        let chars = normalise(p.raw());
        for w in chars.windows(GRAM) {
            seen.insert(gram_hash(w));
        }
    }
    let mut sections: Vec<Section> = Vec::new();
    for p in texts {
        let name = if p.section == "引言" {
            "一、总体情况"
        } else {
            p.section
        };
        match sections.iter_mut().find(|s| s.name == name) {
            Some(s) => s.texts.push(p),
            None => sections.push(Section {
                name,
                texts: vec![p],
            }),
        }
    }
    let (mut all_total, mut all_copied) = (0usize, 0usize);
    let mut all_runs = Vec::new();
    for section in &sections {
        let (mut total, mut copied) = (0usize, 0usize);
        let mut runs: Vec<(usize, &Placed, usize, usize)> = Vec::new(); // (chars, text, start, end)
        for p in &section.texts {
            let chars = normalise(p.raw());
            let flags = covered(&chars, &seen);
            total += chars.len();
            copied += flags.iter().filter(|f| **f).count();
            for (len, start, end) in copied_runs(&chars, &flags) {
                runs.push((len, *p, start, end));
            }
        }
        all_total += total;
        all_copied += copied;
        runs.sort_by_key(|b| std::cmp::Reverse(b.0));
        all_runs.extend(
            runs.iter()
                .take(PASSAGES)
                .map(|r| (r.0, section.name, r.1, r.2, r.3)),
        );
        if total >= MIN_CHARS && copied as f64 > LIMIT * total as f64 {
            let (_, p, start, end) = runs[0];
            out.push(
                Diagnostic::warning(
                    "R12",
                    format!(
                        "「{}」有 {}% 的文字与上年报告相同（{copied}/{total} 字），最长的相同段落：{}",
                        section.name,
                        copied * 100 / total,
                        passages(&runs)
                    ),
                )
                .at(p.span(source, start..end))
                .hint("评议时文字与上年雷同超过一半会扣分：按本年度的工作实际改写这一部分"),
            );
        }
    }
    if all_total >= MIN_CHARS && all_copied as f64 > LIMIT * all_total as f64 {
        all_runs.sort_by_key(|b| std::cmp::Reverse(b.0));
        let first = all_runs.first();
        out.push(
            Diagnostic::warning(
                "R12",
                format!(
                    "正文整体有 {}% 的文字与上年报告相同（{all_copied}/{all_total} 字）{}",
                    all_copied * 100 / all_total,
                    first.map_or(String::new(), |r| format!("，最长的一段在「{}」", r.1))
                ),
            )
            .at_opt(first.map(|r| r.2.span(source, r.3..r.4)))
            .hint("评议时文字与上年雷同超过一半会扣分：按本年度的工作实际改写"),
        );
    }
}

fn passages(runs: &[(usize, &Placed, usize, usize)]) -> String {
    runs.iter()
        .take(PASSAGES)
        .map(|(n, p, s, e)| format!("“{}”（{n} 字）", excerpt(&p.raw()[*s..*e], 30)))
        .collect::<Vec<_>>()
        .join("；")
}

/// How much of a report's narrative also stands in last year's report, with
/// the longest copied passages: printed with the year-on-year comparison.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CopiedShare {
    pub percent: usize,
    /// Characters in a copied run, and all characters (after normalising).
    pub copied: usize,
    pub total: usize,
    pub passages: Vec<CopiedPassage>,
}

/// One copied passage, shortened for display.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CopiedPassage {
    pub section: &'static str,
    pub text: String,
    pub chars: usize,
}

/// Passages named with the comparison.
const SHARE_PASSAGES: usize = 3;

pub(super) fn share(previous: &Report, texts: &[Placed]) -> CopiedShare {
    let mut seen = HashSet::new();
    for p in placed_texts(previous, "") {
        for w in normalise(p.raw()).windows(GRAM) {
            seen.insert(gram_hash(w));
        }
    }
    let (mut total, mut copied) = (0usize, 0usize);
    let mut runs: Vec<(usize, &'static str, String)> = Vec::new();
    for p in texts {
        let chars = normalise(p.raw());
        let flags = covered(&chars, &seen);
        total += chars.len();
        copied += flags.iter().filter(|f| **f).count();
        for (len, start, end) in copied_runs(&chars, &flags) {
            runs.push((len, p.section, excerpt(&p.raw()[start..end], 40)));
        }
    }
    runs.sort_by_key(|r| std::cmp::Reverse(r.0));
    CopiedShare {
        percent: (copied * 100).checked_div(total).unwrap_or(0),
        copied,
        total,
        passages: runs
            .into_iter()
            .take(SHARE_PASSAGES)
            .map(|(chars, section, text)| CopiedPassage {
                section,
                text,
                chars,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_s_unit_lines_do_not_count_as_text() {
        let text = "全年新收申请39件。\n附：各单位主要数据（2 个单位）\n- 甲县教育局：本年新收政府信息公开申请数量13件。\n- 某某县第2单位：本年新收政府信息公开申请数量26件。\n合计：本年新收政府信息公开申请数量39件。";
        let kept: String = normalise(text).iter().map(|(_, c)| c).collect();
        assert_eq!(kept, "全年新收申请00件。");
    }
}
