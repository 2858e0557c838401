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
    if official.chars().count() >= 4 && printed.contains(official) {
        return 0.9;
    }
    normalized_levenshtein(printed, official)
}

pub(super) const MATCH: f64 = 0.6;

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
