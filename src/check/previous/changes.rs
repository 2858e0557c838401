//! R13: every sentence that states a change from last year (较上年增长12.3%,
//! 同比减少3件, 与上年相比持平, 翻番) recomputed from the two years' tables.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::super::figures::{
    NUMBER, Stated, Statement, parse_number, sentence_statements, show, table_figure,
};
use super::super::place::{Placed, sentences};
use crate::diag::Diagnostic;
use crate::format::TableId;
use crate::format::changes::{
    ADVERBS, AMOUNT_UNITS, DIRECTIONS, Direction, MARKERS, PERCENT_UNITS, POINTS_UNIT,
    ROUGHLY_FLAT_PERCENT, SUBJECT_WORDS, TIMES_UNIT,
};
use crate::format::quantities::{ON_TOPIC_PHRASES, QUANTITIES, Quantity};
use crate::report::Report;

/// A change clause: the comparison, last year's figure if stated, the direction,
/// the amount. 「{P}」 of a marker is any year; the clause checks it is last year.
fn clauses() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    super::super::pattern(&RE, || {
        let markers: Vec<String> = MARKERS
            .iter()
            .map(|m| {
                regex::escape(m)
                    .replace("\\{P\\}", "{P}")
                    .replace("{P}", "(?:19|20)[0-9]{2}")
            })
            .collect();
        let words = |list: &mut dyn Iterator<Item = &str>| {
            list.map(regex::escape).collect::<Vec<_>>().join("|")
        };
        let directions = words(&mut DIRECTIONS.iter().map(|(w, _)| *w));
        let adverbs = words(&mut ADVERBS.iter().copied());
        let units = words(&mut AMOUNT_UNITS.iter().copied());
        format!(
            r"(?P<mark>{})(?:的(?P<was>{NUMBER})(?:{units})?)?[，,、\s]*(?:(?P<gap>[^，,。；;、0-9０-９]{{1,{NEAR}}}?)[，,\s]*)??(?:{adverbs})?(?P<dir>{directions})(?:了)?(?:(?P<amt>{NUMBER})\s*(?P<unit>{units}))?",
            markers.join("|"),
        )
    })
}

/// The year a marker names (较2023年), if any.
fn marker_year(mark: &str) -> Option<i64> {
    let digits: String = mark.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn year_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    super::super::pattern(&RE, || r"((?:19|20)[0-9]{2})\s*年")
}

/// Whether a sentence speaks of something other than this agency's own figures
/// of these two years (a sub-unit, the whole city, a plan, another year).
pub(super) fn off_topic(sentence: &str, year: i64) -> bool {
    let mut s = sentence.to_string();
    for p in ON_TOPIC_PHRASES {
        s = s.replace(p, "");
    }
    crate::format::quantities::OFF_TOPIC_WORDS
        .iter()
        .filter(|w| !crate::format::changes::NOT_OFF_TOPIC.contains(w))
        .any(|w| s.contains(w))
        || year_regex()
            .captures_iter(&s)
            .any(|c| !matches!(c[1].parse::<i64>(), Ok(y) if y == year || y == year - 1))
}

/// What a change clause names: the table figure, its cells and how to name it.
struct Subject {
    table: TableId,
    fields: Vec<&'static str>,
    columns: &'static [&'static str],
}

fn quantity(key: &str) -> Option<&'static Quantity> {
    QUANTITIES.iter().find(|q| q.key == key)
}

/// Characters at most between a change and the figure or word it speaks of.
const NEAR: usize = 12;

/// Whether the text between a subject and its change leaves them together:
/// short, and stating no other number (「申请12件，网站发布信息158条，同比增长」 is
/// not about the requests).
fn adjoining(gap: &str) -> bool {
    gap.chars().count() <= NEAR
        && !gap
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// The subject word's own figure right after it (收到申请12件，较上年…).
fn own_figure() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    super::super::pattern(&RE, || {
        format!(
            r"^(?:共计|共|计|为|了|达到|达|有|：|:|\s)*(?:{NUMBER})(?:件次|件|条|个|次|宗|起|项)"
        )
    })
}

/// The figure a change clause speaks of: a figure stated, or a subject word,
/// between a 与上年相比 and its direction (与上年相比，行政复议减少2件); else the last
/// figure stated right before the comparison (收到申请12件，较上年增长20%), or
/// the last subject word right before it (申请数量较上年增长20%).
fn subject(
    sentence: &str,
    found: &[Statement],
    mark: Range<usize>,
    gap: Option<Range<usize>>,
    after: usize,
) -> Option<Subject> {
    let of_statement = |s: &Statement| Subject {
        table: s.quantity.table,
        fields: s.fields.clone(),
        columns: s.quantity.columns,
    };
    let of_word = |text: &str| -> Option<Subject> {
        let (end, key) = SUBJECT_WORDS
            .iter()
            .filter_map(|(w, k)| text.rfind(w).map(|at| (at + w.len(), *k)))
            .max_by_key(|(end, _)| *end)?;
        adjoining(own_figure().replace(&text[end..], "").as_ref()).then_some(())?;
        let q = quantity(key)?;
        Some(Subject {
            table: q.table,
            fields: q.fields.to_vec(),
            columns: q.columns,
        })
    };
    if let Some(gap) = gap {
        if let Some(s) = found
            .iter()
            .rev()
            .find(|s| s.number.start >= gap.start && s.number.end <= gap.end)
        {
            return Some(of_statement(s));
        }
        return of_word(&sentence[gap]);
    }
    if let Some(s) = found
        .iter()
        .rev()
        .find(|s| s.number.end <= mark.start && s.number.start >= after)
    {
        return adjoining(&sentence[s.number.end..mark.start]).then(|| of_statement(s));
    }
    of_word(&sentence[after..mark.start])
}

/// How the tables' change reads: 增加 20（增长 20.0%）.
fn actual_change(previous: f64, current: f64, decimals: usize) -> String {
    let change = current - previous;
    if change == 0.0 {
        return "持平".to_string();
    }
    let (verb, rate_verb) = if change > 0.0 {
        ("增加", "增长")
    } else {
        ("减少", "下降")
    };
    let amount = show(change.abs());
    if previous == 0.0 {
        format!("{verb} {amount}（上年为 0，无增长率）")
    } else {
        let rate = change.abs() / previous * 100.0;
        format!("{verb} {amount}（{rate_verb} {rate:.decimals$}%）")
    }
}

/// A printed percentage agrees when the true rate rounds or truncates to it.
fn percent_agrees(stated: &Stated, actual: f64) -> bool {
    let unit = 10f64.powi(-(stated.decimals as i32));
    actual >= stated.value - unit / 2.0 - 1e-9 && actual < stated.value + unit - 1e-9
}

/// What is wrong with a clause, if anything.
fn judge(
    direction: Direction,
    rough: bool,
    amount: Option<(Stated, &str)>,
    previous: f64,
    current: f64,
) -> Option<&'static str> {
    let change = current - previous;
    match direction {
        Direction::Doubled => {
            return (previous <= 0.0 || current < 1.95 * previous).then_some("翻番");
        }
        Direction::Flat if rough => {
            let off = previous == 0.0 && current != 0.0
                || previous != 0.0 && (change / previous * 100.0).abs() > ROUGHLY_FLAT_PERCENT;
            return off.then_some("方向");
        }
        Direction::Flat => return (change != 0.0).then_some("方向"),
        Direction::Up if change <= 0.0 => return Some("方向"),
        Direction::Down if change >= 0.0 => return Some("方向"),
        _ => {}
    }
    let (stated, unit) = amount?;
    match unit {
        u if PERCENT_UNITS.contains(&u) => {
            if previous == 0.0 {
                Some("增长率")
            } else {
                (!percent_agrees(&stated, change.abs() / previous * 100.0)).then_some("增长率")
            }
        }
        u if u == TIMES_UNIT => {
            // 增长1倍 is twice last year's; 增长2倍 is read either way.
            let ratio = if previous == 0.0 {
                f64::INFINITY
            } else {
                current / previous
            };
            let near = |x: f64| (ratio - x).abs() <= 0.05 * x.max(1.0);
            (!(near(stated.value + 1.0) || near(stated.value))).then_some("倍数")
        }
        u if u == POINTS_UNIT => None,
        _ => (!stated.agrees(change.abs())).then_some("增减数"),
    }
}

pub(super) fn check(
    report: &Report,
    previous: &Report,
    source: &str,
    texts: &[Placed],
    out: &mut Vec<Diagnostic>,
) {
    let year = report.meta.year.value;
    let clause = clauses();
    for placed in texts {
        let raw = placed.raw();
        let units = super::super::appendix::unit_lines(raw);
        for range in sentences(raw) {
            if super::super::appendix::in_unit_line(&units, &range) {
                continue;
            }
            let sentence = &raw[range.clone()];
            if !clause.is_match(sentence) || off_topic(sentence, year) {
                continue;
            }
            let mut after = 0;
            // The sentence's figures, read once whatever its number of clauses.
            let mut found: Option<Vec<Statement>> = None;
            for c in clause.captures_iter(sentence) {
                let (Some(mark), Some(dir)) = (c.name("mark"), c.name("dir")) else {
                    continue;
                };
                if marker_year(mark.as_str()).is_some_and(|y| y != year - 1) {
                    continue;
                }
                let span: Range<usize> = mark.start()..c.get(0).map_or(dir.end(), |m| m.end());
                // Words between the comparison and the direction name the figure
                // only after 与上年相比 (与上年相比，行政复议减少2件); elsewhere they are
                // something else (较上年更加注重提高质量).
                let gap = c.name("gap").map(|g| g.range());
                if gap.is_some() && !mark.as_str().ends_with("相比") {
                    after = c.get(0).map_or(dir.end(), |m| m.end());
                    continue;
                }
                let found = found.get_or_insert_with(|| sentence_statements(sentence, 0));
                let subject = subject(sentence, found, mark.range(), gap, after);
                after = span.end;
                let Some(subject) = subject else {
                    continue;
                };
                let figures = (
                    table_figure(previous, subject.table, &subject.fields, subject.columns),
                    table_figure(report, subject.table, &subject.fields, subject.columns),
                );
                let (Some((then, _)), Some((now, label))) = figures else {
                    continue;
                };
                let word = dir.as_str();
                let Some(&(_, direction)) = DIRECTIONS.iter().find(|(w, _)| *w == word) else {
                    continue;
                };
                let amount = c
                    .name("amt")
                    .zip(c.name("unit"))
                    .and_then(|(a, u)| parse_number(a.as_str()).map(|s| (s, u.as_str())));
                let was = c.name("was").and_then(|w| parse_number(w.as_str()));
                let problem = match was {
                    Some(w) if !w.agrees(then) => Some("上年数"),
                    _ => judge(direction, word.starts_with("基本"), amount, then, now),
                };
                let Some(problem) = problem else {
                    continue;
                };
                let decimals = amount.map_or(1, |(s, _)| (s.decimals as usize).max(1));
                let written = &sentence[span.clone()];
                let at = range.start + span.start..range.start + span.end;
                out.push(
                    Diagnostic::warning(
                        "R13",
                        format!(
                            "「{}」写的是“{written}”，但两年的表格给出：{label}上年 {}、本年 {}，{}（{problem}不符）",
                            placed.section,
                            show(then),
                            show(now),
                            actual_change(then, now, decimals)
                        ),
                    )
                    .at(placed.span(source, at))
                    .hint("按两年的表格改正这句话的增减方向、增减数或增长率；增长率 =（本年 − 上年）÷ 上年 × 100%"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated(v: f64, d: u32) -> Stated {
        Stated {
            value: v,
            decimals: d,
        }
    }

    #[test]
    fn percentages_agree_inside_their_printed_rounding() {
        assert!(percent_agrees(&stated(20.0, 0), 20.4));
        assert!(percent_agrees(&stated(20.0, 0), 19.6));
        assert!(percent_agrees(&stated(12.3, 1), 12.36)); // truncated
        assert!(!percent_agrees(&stated(12.3, 1), 12.5));
        assert!(!percent_agrees(&stated(25.0, 0), 20.0));
    }

    #[test]
    fn directions_and_amounts_are_judged() {
        let up = Direction::Up;
        assert_eq!(judge(up, false, None, 100.0, 120.0), None);
        assert_eq!(
            judge(Direction::Down, false, None, 100.0, 120.0),
            Some("方向")
        );
        assert_eq!(
            judge(up, false, Some((stated(20.0, 0), "%")), 100.0, 120.0),
            None
        );
        assert_eq!(
            judge(up, false, Some((stated(20.0, 0), "件")), 100.0, 120.0),
            None
        );
        assert_eq!(
            judge(up, false, Some((stated(25.0, 0), "件")), 100.0, 120.0),
            Some("增减数")
        );
        assert_eq!(
            judge(up, false, Some((stated(5.0, 0), "%")), 0.0, 3.0),
            Some("增长率")
        );
        assert_eq!(judge(Direction::Doubled, false, None, 10.0, 20.0), None);
        assert_eq!(
            judge(Direction::Doubled, false, None, 10.0, 15.0),
            Some("翻番")
        );
        assert_eq!(judge(Direction::Flat, true, None, 100.0, 103.0), None);
        assert_eq!(
            judge(Direction::Flat, false, None, 100.0, 103.0),
            Some("方向")
        );
        assert_eq!(
            judge(up, false, Some((stated(1.0, 0), "倍")), 10.0, 20.0),
            None
        );
    }
}
