//! Reading one printed cell: a figure (or an empty mark) or a label, and how
//! close a printed label is to an official one.

use strsim::normalized_levenshtein;

/// A printed figure or an empty mark.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Val {
    /// Digits as printed (normalised to ASCII), with what followed them if anything.
    Num { digits: String, extra: bool },
    /// Blank, "/", "-", "—", "无" …
    Blank,
}

const BLANK_MARKS: [&str; 14] = [
    "", "/", "／", "\\", "-", "－", "—", "——", "–", "~", "无", "空", "—/—", "×",
];

/// Words printed for zero in a number cell.
const ZERO_WORDS: [&str; 2] = ["零", "〇"];

/// The longest figure (with its unit and note) looked for at the end of a label.
const GLUED_FIGURE_MAX_CHARS: usize = 64;

/// Splits a label with a figure glued to its end (「规章0」「行政许可1530件」)
/// into the label and the figure; `None` for anything else. The label must end
/// in a Chinese character other than 第 (「第20」 is no figure).
pub(super) fn unglue(word: &str) -> Option<(&str, &str)> {
    if classify(word).is_some() {
        return None;
    }
    // A figure is short: only its last characters can start one (each try
    // reads the rest of the word, so a long word would take quadratic time).
    let tail = word
        .char_indices()
        .rev()
        .nth(GLUED_FIGURE_MAX_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let start = word
        .char_indices()
        .skip_while(|(i, _)| *i < tail)
        .find(|(i, _)| {
            let rest = &word[*i..];
            rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
                && classify(rest).is_some()
        })
        .map(|(i, _)| i)?;
    let (label, figure) = word.split_at(start);
    let last = label.chars().last()?;
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    (label.chars().filter(|c| cjk(*c)).count() >= 2 && cjk(last) && last != '第')
        .then_some((label, figure))
}

/// True when a cell holds a figure or an empty mark, not a label.
pub fn is_figure(text: &str) -> bool {
    classify(text).is_some()
}

/// Reads a cell as a figure, or `None` when it is a label.
pub(super) fn classify(text: &str) -> Option<Val> {
    let t: String = text
        .chars()
        .map(ascii_digit)
        .filter(|c| !c.is_whitespace())
        .collect();
    if BLANK_MARKS.contains(&t.as_str()) {
        return Some(Val::Blank);
    }
    // 「零」「〇」 printed for 0: a figure, noted with what was printed.
    if ZERO_WORDS.contains(&t.as_str()) {
        return Some(Val::Num {
            digits: "0".into(),
            extra: true,
        });
    }
    let mut end = 0;
    let bytes = t.as_bytes();
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        end = 1;
    }
    let digits_start = end;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b',') {
        end += 1;
    }
    if end == digits_start || !bytes[digits_start].is_ascii_digit() {
        return None;
    }
    if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
        end += 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
    }
    // Thousands separators only in groups of three: 「1,530」, not 「1,5」.
    let whole = &t[digits_start..end];
    if whole.contains(',')
        && !whole.split(',').enumerate().all(|(i, g)| {
            if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            }
        })
    {
        return None;
    }
    let rest = &t[end..];
    let extra = !rest.is_empty();
    const UNITS: [&str; 8] = ["件", "个", "条", "项", "万元", "元", "次", "%"];
    if extra && !(rest.starts_with(['（', '(', '*', '※']) || UNITS.contains(&rest)) {
        return None;
    }
    Some(Val::Num {
        digits: t[..end].replace(',', ""),
        extra,
    })
}

pub(super) fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '，' => ',',
        '－' | '−' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// A label reduced to its words: no white space, numbering, quotes or
/// half/full-width differences.
pub fn norm(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '“' | '”' | '|' | '*'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '．' => '.',
            '钩' => '勾',
            '，' | '－' => c,
            c => ascii_digit(c),
        })
        .collect();
    loop {
        let stripped = strip_number(&out);
        if stripped.len() == out.len() {
            break;
        }
        out = stripped.to_string();
    }
    out.trim_end_matches(['。', '：', '；', '，']).to_string()
}

/// `s` without a leading 「（一）」「一、」「1.」「1、」.
fn strip_number(s: &str) -> &str {
    const CN: &str = "一二三四五六七八九十";
    if let Some(rest) = s.strip_prefix('（') {
        let n = rest
            .chars()
            .take_while(|c| CN.contains(*c) || c.is_ascii_digit())
            .count();
        if n > 0 {
            let after: String = rest.chars().skip(n).take(1).collect();
            if after == "）" {
                return &rest[rest
                    .char_indices()
                    .nth(n + 1)
                    .map_or(rest.len(), |(i, _)| i)..];
            }
        }
        return s;
    }
    let n = s
        .chars()
        .take_while(|c| CN.contains(*c) || c.is_ascii_digit())
        .count();
    if n > 0 {
        let mut it = s.char_indices().skip(n);
        if let Some((i, c)) = it.next()
            && matches!(c, '、' | '.')
        {
            return &s[i + c.len_utf8()..];
        }
    }
    s
}

/// How well a printed label fits an official one (0 to 1).
pub(super) fn score(printed: &str, official: &str) -> f64 {
    if printed == official {
        return 1.0;
    }
    // A row label printed together with its group (「（三）不予公开1.属于国家秘密」),
    // but not a whole header line that happens to contain a label.
    let (p, o) = (printed.chars().count(), official.chars().count());
    if o >= 4 && p <= o + 14 && printed.contains(official) {
        return CONTAINS;
    }
    normalized_levenshtein(printed, official)
}

pub(super) const MATCH: f64 = 0.6;

/// The score of a label printed with more words around the official one.
pub(super) const CONTAINS: f64 = 0.9;

/// True when a printed label carries the official words unchanged.
pub(super) fn verbatim(printed: &str, official: &str) -> bool {
    let (p, o) = (norm(printed), norm(official));
    p == o || p.contains(&o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_labels() {
        assert_eq!(
            classify("12"),
            Some(Val::Num {
                digits: "12".into(),
                extra: false
            })
        );
        assert_eq!(
            classify("２２（其中修订16件）"),
            Some(Val::Num {
                digits: "22".into(),
                extra: true
            })
        );
        assert_eq!(classify("/"), Some(Val::Blank));
        assert_eq!(classify("—"), Some(Val::Blank));
        assert_eq!(classify("2.重复申请"), None);
        assert_eq!(classify("2023年"), None);
        assert_eq!(
            classify("12.30"),
            Some(Val::Num {
                digits: "12.30".into(),
                extra: false
            })
        );
    }

    #[test]
    fn labels_normalise() {
        assert_eq!(
            norm("(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
            norm("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        );
        assert_eq!(norm("1. 属于国家秘密"), "属于国家秘密");
        assert_eq!(norm("四、结转下年度继续办理"), "结转下年度继续办理");
    }
}

#[cfg(test)]
mod glued_tests {
    use super::*;

    #[test]
    fn figures_glued_to_labels_are_split() {
        assert_eq!(unglue("规章0"), Some(("规章", "0")));
        assert_eq!(unglue("行政许可1530件"), Some(("行政许可", "1530件")));
        assert_eq!(unglue("行政许可１５３０"), Some(("行政许可", "１５３０")));
        assert_eq!(unglue("第20"), None);
        assert_eq!(unglue("1.属于国家秘密"), None);
        assert_eq!(unglue("12"), None);
    }

    #[test]
    fn separators_full_width_digits_and_zero_words() {
        let num = |d: &str, extra| {
            Some(Val::Num {
                digits: d.into(),
                extra,
            })
        };
        assert_eq!(classify("1,530"), num("1530", false));
        assert_eq!(classify("１５３０"), num("1530", false));
        assert_eq!(classify("１，５３０"), num("1530", false));
        assert_eq!(classify("1,5"), None);
        assert_eq!(classify("零"), num("0", true));
        assert_eq!(classify("无"), Some(Val::Blank));
    }
}
