//! Numbers as clerks type them: `1,700`, `1 700`, `12件`, `１２` (full-width),
//! `2025年`, `12.30万元`. A form that plainly means one number becomes that
//! number (with a note for the page: 「已按 1700 保存」); anything else is left as
//! typed, for the checker to refuse with its own message.

use std::sync::LazyLock;

use regex::Regex;

use crate::format::ValueKind;
use crate::format::quantities::{COUNT_UNITS, WAN_YUAN};

/// The unit a year may be typed with.
const YEAR_UNIT: &str = "年";

/// What was typed, read as a number where it plainly is one.
#[derive(Debug, PartialEq, Eq)]
pub struct Typed {
    /// The number in the file's form (`1700`, `12.30`), or the typed text.
    pub text: String,
    /// Whether `text` is a number of the column's kind.
    pub number: bool,
    /// 「已按 1700 保存」 when the number differs from what was typed.
    pub note: Option<String>,
}

static COUNT_UNIT: LazyLock<Regex> = LazyLock::new(|| super::pattern(&format!("{COUNT_UNITS}$")));
/// Digits in groups of three after the first (`1,700`, `12 345 678.5`).
static GROUPED: LazyLock<Regex> =
    LazyLock::new(|| super::pattern(r"^[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$"));

/// Full-width digits, signs, points and commas (a Chinese input method's) as
/// ASCII; every kind of space as a plain one.
fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// Reads a figure of `kind` as typed.
pub fn figure(typed: &str, kind: ValueKind) -> Typed {
    let shown = typed.trim();
    let mut s = half_width(shown).trim().to_string();
    let unit = match kind {
        ValueKind::Amount => None,
        ValueKind::Count | ValueKind::Signed => COUNT_UNIT.find(&s).map(|m| m.start()),
    };
    if let Some(at) = unit {
        s.truncate(at);
    } else if kind == ValueKind::Amount
        && let Some(rest) = s.strip_suffix(WAN_YUAN)
    {
        s = rest.to_string();
    }
    let mut s = s.trim().to_string();
    if GROUPED.is_match(&s) {
        s.retain(|c| c != ',' && c != ' ');
    }
    let s = s.strip_prefix('+').unwrap_or(&s);
    let plain = number_text(s, kind);
    match plain {
        Some(text) => Typed {
            note: (text != shown).then(|| format!("已按 {text} 保存")),
            text,
            number: true,
        },
        None => Typed {
            text: shown.to_string(),
            number: false,
            note: None,
        },
    }
}

/// The year as typed (`2025`, `2025年`, `２０２５`).
pub fn year(typed: &str) -> Typed {
    let shown = typed.trim();
    let s = half_width(shown);
    let s = s.trim();
    let s = s.strip_suffix(YEAR_UNIT).unwrap_or(s).trim();
    if !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let text = s.trim_start_matches('0').to_string();
        return Typed {
            note: (text != shown).then(|| format!("已按 {text} 保存")),
            text,
            number: true,
        };
    }
    Typed {
        text: shown.to_string(),
        number: false,
        note: None,
    }
}

/// The number in the file's form, if `s` is one of `kind`: no leading zeros,
/// an amount's decimals exactly as typed.
fn number_text(s: &str, kind: ValueKind) -> Option<String> {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let whole = |t: &str| {
        let t = t.trim_start_matches('0');
        if t.is_empty() {
            "0".to_string()
        } else {
            t.to_string()
        }
    };
    match kind {
        ValueKind::Count => digits(s).then(|| whole(s)),
        ValueKind::Signed => {
            let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
            digits(rest).then(|| {
                let n = whole(rest);
                if n == "0" { n } else { format!("{sign}{n}") }
            })
        }
        ValueKind::Amount => match s.split_once('.') {
            Some((i, f)) => (digits(i) && digits(f)).then(|| format!("{}.{f}", whole(i))),
            None => digits(s).then(|| whole(s)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_count(t: &str) -> (String, bool, Option<String>) {
        let r = figure(t, ValueKind::Count);
        (r.text, r.number, r.note)
    }

    #[test]
    fn the_forms_clerks_type_become_the_number() {
        for (typed, want) in [
            ("1,700", "1700"),
            ("1 700", "1700"),
            ("1，700", "1700"),
            ("12件", "12"),
            ("12 件", "12"),
            ("3件次", "3"),
            ("１２", "12"),
            ("１，７００件", "1700"),
            ("007", "7"),
            ("+5", "5"),
            ("12 345 678", "12345678"),
        ] {
            let (text, number, note) = as_count(typed);
            assert_eq!((text.as_str(), number), (want, true), "{typed}");
            assert_eq!(note, Some(format!("已按 {want} 保存")), "{typed}");
        }
        // Typed plainly: no note.
        assert_eq!(as_count(" 42 "), ("42".into(), true, None));
    }

    #[test]
    fn anything_else_is_left_as_typed() {
        for typed in [
            "三",
            "1,70",
            "12元",
            "1.5",
            "-2",
            "12件3",
            "1e5",
            "",
            "１２ａ",
        ] {
            let (text, number, note) = as_count(typed);
            assert!(!number, "{typed}");
            assert_eq!(text, typed.trim());
            assert_eq!(note, None);
        }
        assert!(figure("-3", ValueKind::Signed).number);
        assert_eq!(figure("-0", ValueKind::Signed).text, "0");
        assert!(!figure("-3", ValueKind::Amount).number);
    }

    #[test]
    fn amounts_keep_their_digits_in_wan_yuan() {
        let a = |t: &str| figure(t, ValueKind::Amount);
        assert_eq!(a("12.30").text, "12.30");
        assert_eq!(a("12.30").note, None);
        assert_eq!(a("12.30万元").text, "12.30");
        assert_eq!(a("１２．３０").text, "12.30");
        assert_eq!(a("1,234.50").text, "1234.50");
        assert_eq!(a("0.30").text, "0.30");
        assert!(!a("12.30元").number);
        assert!(!a("12件").number);
    }

    #[test]
    fn years() {
        assert_eq!(year("2025年").text, "2025");
        assert_eq!(year("2025年").note.as_deref(), Some("已按 2025 保存"));
        assert_eq!(year("２０２５").text, "2025");
        assert_eq!(year("2025").note, None);
        assert!(!year("二〇二五").number);
        assert!(!year("20255").number);
    }
}
