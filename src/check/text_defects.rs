//! Text defects a proof-reader marks: words typed twice, half-width punctuation in
//! Chinese text, unpaired brackets and quotes, numbering that skips or repeats,
//! empty headings. One linear pass per text for each kind.

use super::place::{Placed, excerpt};
use crate::diag::Diagnostic;
use crate::format::{FormatVersion, TableId, table_def};
use crate::report::Report;

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Characters whose doubling is a typing slip ("的的"); real reduplications
/// (常常, 层层, 等等) are not listed.
const NEVER_DOUBLED: &str = "的了是在和与及将把被从向按并于其该已我本共对要为";

/// Punctuation that is never doubled on purpose (…… and —— are).
const SINGLE_PUNCTUATION: &str = "，。、；：？！";

pub(super) fn check(report: &Report, source: &str, texts: &[Placed], out: &mut Vec<Diagnostic>) {
    let mut half_width_seen: Vec<&str> = Vec::new();
    for placed in texts {
        repeated(source, placed, out);
        // One half-width finding per section: the first place and the count there.
        if !half_width_seen.contains(&placed.section) {
            let same: Vec<&Placed> = texts
                .iter()
                .filter(|t| t.section == placed.section)
                .collect();
            if half_width(source, &same, out) {
                half_width_seen.push(placed.section);
            }
        }
        unpaired(source, placed, out);
        numbering(source, placed, out);
    }
    empty_headings(report, out);
}

/// "资金资金", "审核审核", "的的", "，，".
fn repeated(source: &str, placed: &Placed, out: &mut Vec<Diagnostic>) {
    let raw = placed.raw();
    let chars: Vec<(usize, char)> = raw.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let mut found = None;
        // Units of 4, 3, 2 Chinese characters repeated at once: ABAB (not AAAA).
        for len in (2..=4).rev() {
            if i + 2 * len > n {
                continue;
            }
            let a = &chars[i..i + len];
            let b = &chars[i + len..i + 2 * len];
            if a.iter().all(|x| is_han(x.1))
                && a.iter().zip(b).all(|(x, y)| x.1 == y.1)
                && a.iter().any(|x| x.1 != a[0].1)
                && a[0].1 != '一'
            {
                found = Some(len);
                break;
            }
        }
        if found.is_none()
            && i + 1 < n
            && chars[i].1 == chars[i + 1].1
            && (NEVER_DOUBLED.contains(chars[i].1) || SINGLE_PUNCTUATION.contains(chars[i].1))
            && !(i + 2 < n && chars[i + 2].1 == chars[i].1)
            // 的的确确 and other AABB words
            && !(i + 3 < n && chars[i + 2].1 == chars[i + 3].1 && is_han(chars[i + 2].1))
        {
            found = Some(1);
        }
        let Some(len) = found else {
            i += 1;
            continue;
        };
        let start = chars[i].0;
        let mid = chars[i + len].0;
        let end = chars.get(i + 2 * len).map_or(raw.len(), |c| c.0);
        let word = &raw[start..mid];
        out.push(
            Diagnostic::warning(
                "repeated",
                format!(
                    "「{}」中“{}”重复了：“{}”",
                    placed.section,
                    word,
                    &raw[start..end]
                ),
            )
            .at(placed.span(source, start..end))
            .hint(format!("删去多余的“{word}”")),
        );
        i += 2 * len;
    }
}

/// Half-width ,;:?!() between Chinese characters in one section's texts: one
/// finding at the first, with the count. Returns whether the section had any.
fn half_width(source: &str, texts: &[&Placed], out: &mut Vec<Diagnostic>) -> bool {
    let mut hits = Vec::new();
    for (t, placed) in texts.iter().enumerate() {
        for (at, c) in half_width_in(placed.raw()) {
            hits.push((t, at, c));
        }
    }
    let Some(&(t, first, c)) = hits.first() else {
        return false;
    };
    let placed = texts[t];
    let raw = placed.raw();
    let mut kinds: Vec<char> = hits.iter().map(|h| h.2).collect();

    kinds.sort_unstable();
    kinds.dedup();
    let fixes: Vec<String> = kinds
        .iter()
        .map(|k| format!("“{k}”→“{}”", full_width(*k)))
        .collect();
    let context_start = raw[..first].char_indices().rev().nth(5).map_or(0, |x| x.0);
    let context_end = raw[first..]
        .char_indices()
        .nth(6)
        .map_or(raw.len(), |x| first + x.0);
    out.push(
        Diagnostic::warning(
            "half-width",
            format!(
                "「{}」的中文中用了半角标点 {} 处，第一处在“{}”",
                placed.section,
                hits.len(),
                &raw[context_start..context_end]
            ),
        )
        .at(placed.span(source, first..first + c.len_utf8()))
        .hint(format!("中文正文用全角标点：{}", fixes.join("，"))),
    );
    true
}

/// Positions of half-width punctuation that stands in Chinese text.
fn half_width_in(raw: &str) -> Vec<(usize, char)> {
    let chars: Vec<(usize, char)> = raw.char_indices().collect();
    let chinese_side = |c: Option<&(usize, char)>| {
        c.is_some_and(|x| is_han(x.1) || "“”《》「」（）〔〕".contains(x.1))
    };
    let mut hits = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let before = k.checked_sub(1).and_then(|p| chars.get(p));
        let after = chars.get(k + 1);
        let hit = match c {
            ',' | ';' | ':' | '?' | '!' => chinese_side(before) && chinese_side(after),
            '(' => chinese_side(after),
            ')' => chinese_side(before),
            _ => false,
        };
        if hit {
            hits.push((at, c));
        }
    }
    hits
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}

/// The pair a bracket or quote belongs to: (opening, closing) in canonical form.
fn pair_of(c: char) -> Option<(bool, char)> {
    Some(match c {
        '（' | '(' => (true, '）'),
        '）' | ')' => (false, '）'),
        '《' => (true, '》'),
        '》' => (false, '》'),
        '“' => (true, '”'),
        '”' => (false, '”'),
        '‘' => (true, '’'),
        '’' => (false, '’'),
        '〔' => (true, '〕'),
        '〕' => (false, '〕'),
        '【' => (true, '】'),
        '】' => (false, '】'),
        '「' => (true, '」'),
        '」' => (false, '」'),
        _ => return None,
    })
}

/// Unpaired brackets, quotes and 书名号, within each line (paragraph).
fn unpaired(source: &str, placed: &Placed, out: &mut Vec<Diagnostic>) {
    let raw = placed.raw();
    let mut line_start = 0;
    for line in raw.split('\n') {
        let mut stack: Vec<(usize, char, char)> = Vec::new();
        let mut bad: Option<(usize, char)> = None;
        let mut prev: Option<char> = None;
        for (i, c) in line.char_indices() {
            if let Some((open, close)) = pair_of(c) {
                if open {
                    stack.push((i, c, close));
                } else if stack.last().is_some_and(|s| s.2 == close) {
                    stack.pop();
                } else if close == '）' && prev.is_some_and(is_list_number) && stack.is_empty() {
                    // "1）" and "一）" number a list.
                } else {
                    bad = Some((i, c));
                    break;
                }
            }
            if !c.is_whitespace() {
                prev = Some(c);
            }
        }
        if bad.is_none()
            && let Some(&(i, c, _)) = stack.first()
        {
            bad = Some((i, c));
        }
        if let Some((i, c)) = bad {
            let at = line_start + i;
            out.push(
                Diagnostic::warning(
                    "unpaired",
                    format!(
                        "「{}」中的“{c}”没有配对：“{}”",
                        placed.section,
                        excerpt(&line[i..], 20)
                    ),
                )
                .at(placed.span(source, at..at + c.len_utf8()))
                .hint("括号、引号和书名号要成对使用：补上缺少的一半，或删去多余的一半"),
            );
        }
        line_start += line.len() + 1;
    }
}

fn is_list_number(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
}

/// A numbering style and the value of one marker.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    /// （一）
    Paren,
    /// 一是
    Shi,
    /// 1. or 1、 at the start of a paragraph or after 。；：
    Arabic,
    /// （1）
    ParenArabic,
}

fn chinese_value(s: &str) -> Option<usize> {
    let v: Vec<usize> = s
        .chars()
        .map(|c| {
            "一二三四五六七八九"
                .find(c)
                .map(|i| i / 3 + 1)
                .or((c == '十').then_some(10))
        })
        .collect::<Option<_>>()?;
    match v.as_slice() {
        [d] => Some(*d),
        [10, d] => Some(10 + d),
        [t, 10] => Some(t * 10),
        [t, 10, d] => Some(t * 10 + d),
        _ => None,
    }
}

/// Numbering markers of a text: (style, value, byte range).
fn markers(raw: &str) -> Vec<(Style, usize, std::ops::Range<usize>)> {
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = super::pattern(
        &RE,
        || r"(?P<pre>^|[。；：！？\n，、\s]|第)(?:[（(](?P<paren>[一二三四五六七八九十]{1,3})[）)](?P<post>[项款条目]?)|(?P<shi>[一二三四五六七八九十]{1,3})是|[（(](?P<pa>[0-9]{1,2})[）)]|(?P<ar>[0-9]{1,2})(?:\.|、|．)(?P<next>[^0-9]))",
    );
    let mut out = Vec::new();
    for m in re.captures_iter(raw) {
        let pre = m.name("pre").map_or("", |p| p.as_str());
        if pre == "第" || m.name("post").is_some_and(|p| !p.as_str().is_empty()) {
            continue; // 第二十条第（一）项 cites, it does not number
        }
        let (style, value, range) = if let Some(p) = m.name("paren") {
            let from = pre_end(&m);
            if table_labels().iter().any(|l| raw[from..].starts_with(l)) {
                continue; // （三）不予公开 names a row of table 三
            }
            (Style::Paren, chinese_value(p.as_str()), p.range())
        } else if let Some(p) = m.name("shi") {
            (Style::Shi, chinese_value(p.as_str()), p.range())
        } else if let Some(p) = m.name("pa") {
            (Style::ParenArabic, p.as_str().parse().ok(), p.range())
        } else if let Some(p) = m.name("ar") {
            // "1." numbers only at the start of a paragraph or after 。；：
            if !(pre.is_empty() || ["。", "；", "：", "！", "？", "\n"].contains(&pre)) {
                continue;
            }
            (Style::Arabic, p.as_str().parse().ok(), p.range())
        } else {
            continue;
        };
        if let Some(v) = value {
            out.push((style, v, range));
        }
    }
    out
}

fn pre_end(m: &regex::Captures) -> usize {
    m.name("pre").map_or(0, |p| p.end())
}

/// Row labels of table 三 that begin with a number in brackets (（一）予以公开,
/// （三）不予公开 …): a narrative naming a row is not numbering its own list.
fn table_labels() -> &'static [String] {
    use std::sync::OnceLock;
    static LABELS: OnceLock<Vec<String>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut out = Vec::new();
        for version in FormatVersion::ALL {
            for f in &table_def(version, TableId::Three).fields {
                for l in f.context.iter().copied().chain([f.label]) {
                    // （二）部分公开（区分处理的…）: the words before the explanation.
                    let after_number = l.find('）').map_or(l.len(), |i| i + '）'.len_utf8());
                    let cut = l[after_number..]
                        .find('（')
                        .map_or(l.len(), |i| after_number + i);
                    let short = &l[..cut];
                    if short.starts_with('（') && !out.iter().any(|x: &String| x == short) {
                        out.push(short.to_string());
                    }
                }
            }
        }
        out
    })
}

/// Numbering that skips or repeats within one level: （一）（三）, 一是…三是, 1. 2. 4.
fn numbering(source: &str, placed: &Placed, out: &mut Vec<Diagnostic>) {
    let raw = placed.raw();
    let found = markers(raw);
    for style in [Style::Paren, Style::Shi, Style::Arabic, Style::ParenArabic] {
        let mut last: Option<usize> = None;
        for (s, v, range) in found.iter().filter(|m| m.0 == style) {
            let _ = s;
            let expected = last.map_or(1, |l| l + 1);
            let skipped = last.is_some() && *v > expected;
            let repeated = last == Some(*v);
            if skipped || repeated {
                let shown = &raw[range.clone()];
                out.push(
                    Diagnostic::warning(
                        "numbering",
                        format!(
                            "「{}」中的序号“{}”{}",
                            placed.section,
                            marker_text(style, shown),
                            if repeated {
                                "与上一个重复".to_string()
                            } else {
                                format!(
                                    "跳过了“{}”",
                                    marker_text(style, &number_text(style, expected))
                                )
                            }
                        ),
                    )
                    .at(placed.span(source, range.clone()))
                    .hint("同一层级的序号应连续：补上漏掉的一项，或改正序号"),
                );
            }
            if *v == 1 || last.is_none() || *v > last.unwrap_or(0) {
                last = Some(*v);
            }
        }
    }
}

fn number_text(style: Style, n: usize) -> String {
    match style {
        Style::Paren | Style::Shi => crate::format::chinese_number(n),
        _ => n.to_string(),
    }
}

fn marker_text(style: Style, n: &str) -> String {
    match style {
        Style::Paren => format!("（{n}）"),
        Style::Shi => format!("{n}是"),
        Style::Arabic => format!("{n}."),
        Style::ParenArabic => format!("（{n}）"),
    }
}

/// A sub-heading that is blank or only a number.
fn empty_headings(report: &Report, out: &mut Vec<Diagnostic>) {
    for body in [&report.overview, &report.problems, &report.other] {
        for part in &body.parts {
            let h = part.heading.value.trim();
            let bare = h.chars().all(|c| {
                c.is_whitespace()
                    || c.is_ascii_digit()
                    || "一二三四五六七八九十（）()、.．:：".contains(c)
            });
            if bare {
                out.push(
                    Diagnostic::warning("empty-heading", "小标题没有文字")
                        .at(part.heading.span.clone())
                        .hint("写出这一部分的小标题，例如“主动公开情况”；序号（一）（二）由工具自动加上"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(raw: &str) -> Vec<(Style, usize)> {
        markers(raw).into_iter().map(|m| (m.0, m.1)).collect()
    }

    #[test]
    fn numbering_markers_and_citations() {
        assert_eq!(
            found("一是加强；二是完善。（一）学习。（十二）落实"),
            vec![
                (Style::Shi, 1),
                (Style::Shi, 2),
                (Style::Paren, 1),
                (Style::Paren, 12)
            ]
        );
        assert!(found("第二十条第（一）项，统一是关键，（三）不予公开2件").is_empty());
        assert_eq!(
            found("1.学习。2.落实"),
            vec![(Style::Arabic, 1), (Style::Arabic, 2)]
        );
        assert!(found("共1.5万元").is_empty());
    }

    #[test]
    fn half_width_only_between_chinese() {
        assert_eq!(half_width_in("加强管理,完善").len(), 1);
        assert!(half_width_in("电话:0577-1234, http://a.cn").is_empty());
    }
}
