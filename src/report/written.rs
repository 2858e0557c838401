//! Numbers as people write them in a document — `1600件`, `2025年`, `６`,
//! `1,700`, `12 件`, `十二` — read back to the plain number the file needs, so
//! that a message can say which number to write instead; dates as people write
//! them (`2024年1月15日`).

use chrono::NaiveDate;

/// Units people write after a figure. 元 is not among them: the only money
/// column counts 万元, so `12000元` is not 12000 there.
const UNITS: [&str; 11] = [
    "万元", "件", "个", "条", "项", "次", "份", "起", "宗", "家", "年",
];

/// Thousands separators between groups of three digits.
const GROUP_SEPARATORS: [char; 4] = [',', '，', ' ', '\u{3000}'];

/// A figure written with more than its digits, and the plain number it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenNumber {
    /// The number as the file wants it: ASCII digits, maybe one `.`.
    pub plain: String,
    /// The unit written after it.
    pub unit: Option<&'static str>,
    /// Written with full-width digits (`１２`).
    pub full_width: bool,
    /// Written with thousands separators (`1,700`, `1 700`).
    pub grouped: bool,
    /// Written in Chinese numerals (`十二`).
    pub chinese: bool,
}

impl WrittenNumber {
    /// What is wrong with the way it was written, e.g. 「数字后面带了单位“件”」.
    pub fn what(&self) -> String {
        let mut parts = Vec::new();
        if self.chinese {
            parts.push("用了汉字数字".to_string());
        }
        if self.full_width {
            parts.push("用了全角数字".to_string());
        }
        if self.grouped {
            parts.push("加了千位分隔符".to_string());
        }
        if let Some(unit) = self.unit {
            parts.push(format!("数字后面带了单位“{unit}”"));
        }
        parts.join("，")
    }

    /// What to write instead, e.g. 「写成 1600，不要带“件”」.
    pub fn advice(&self) -> String {
        let mut s = format!("写成 {}", self.plain);
        if let Some(unit) = self.unit {
            s.push_str(&format!("，不要带“{unit}”"));
        }
        if self.chinese {
            s.push_str("，用阿拉伯数字");
        }
        if self.full_width {
            s.push_str("，用半角（英文）数字");
        }
        if self.grouped {
            s.push_str("，不加千位分隔符");
        }
        s
    }
}

/// Reads `text` as a number written the way people write it. `None` when it is
/// already a plain number (nothing to say) or is not a number at all.
/// `commas` says whether `,` may separate thousands (not inside an array, where
/// it separates the numbers).
pub fn read(text: &str, commas: bool) -> Option<WrittenNumber> {
    let text = text.trim();
    let (body, unit) = match UNITS.iter().find(|u| text.ends_with(*u)) {
        Some(u) => (text[..text.len() - u.len()].trim_end(), Some(*u)),
        None => (text, None),
    };
    if body.is_empty() {
        return None;
    }
    let full_width = body
        .chars()
        .any(|c| ('０'..='９').contains(&c) || c == '．');
    let narrowed: String = body
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect();
    let (plain, grouped, chinese) = if let Some(n) = chinese_numeral(&narrowed) {
        (n.to_string(), false, true)
    } else {
        let (plain, grouped) = ungrouped(&narrowed, commas)?;
        (plain, grouped, false)
    };
    let written = WrittenNumber {
        plain,
        unit,
        full_width,
        grouped,
        chinese,
    };
    (unit.is_some() || full_width || grouped || chinese).then_some(written)
}

/// `1,700` → `1700`, with whether separators were there; `None` unless every
/// group after the first has three digits.
fn ungrouped(s: &str, commas: bool) -> Option<(String, bool)> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let groups: Vec<&str> = int
        .split(|c: char| GROUP_SEPARATORS.contains(&c) && (commas || !matches!(c, ',' | '，')))
        .collect();
    let first = groups[0];
    let ok = digits(first)
        && (groups.len() == 1 || first.len() <= 3)
        && groups[1..].iter().all(|g| g.len() == 3 && digits(g));
    if !ok {
        return None;
    }
    let mut plain = groups.concat();
    if let Some(f) = frac {
        plain.push('.');
        plain.push_str(f);
    }
    Some((plain, groups.len() > 1))
}

/// 「十二」「一千六百」「两万零五」「〇」 → their value; `None` for anything else.
fn chinese_numeral(s: &str) -> Option<u64> {
    let value_of = |c: char| -> Option<u64> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    if s.is_empty() {
        return None;
    }
    let (mut total, mut section, mut pending) = (0u64, 0u64, None::<u64>);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(v) = value_of(c) {
            if pending.is_some() && v != 0 {
                return None; // 「一二」: two digits in a row
            }
            pending = (v != 0).then_some(v);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                section += pending.take().unwrap_or(0);
                if section == 0 || total != 0 {
                    return None;
                }
                total = section * 10_000;
                section = 0;
                continue;
            }
            _ => return None,
        };
        // 「十二」 starts with 十 alone; elsewhere a unit needs its digit.
        let n = match pending.take() {
            Some(n) => n,
            None if c == '十' && i == 0 => 1,
            None => return None,
        };
        section += n * unit;
    }
    Some(total + section + pending.unwrap_or(0))
}

/// What to write where a number belongs and `written` is none.
pub(super) fn not_a_number_hint(written: &str) -> String {
    let s = written.trim();
    if s.is_empty() || ["/", "／", "—", "-", "无", "－", "空"].contains(&s) {
        "没有发生的情况写 0，不要留空或写“/”“—”".to_string()
    } else {
        "这里只能填阿拉伯数字，例如 12；没有发生的情况写 0".to_string()
    }
}

/// Parses 「2024-01-15」 or 「2024年1月15日」.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    NaiveDate::from_ymd_opt(
        y.trim().parse().ok()?,
        m.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Option<String> {
        read(s, true).map(|w| w.plain)
    }

    #[test]
    fn units_widths_and_groups_are_read() {
        let w = read("1600件", true).unwrap();
        assert_eq!((w.plain.as_str(), w.unit), ("1600", Some("件")));
        assert_eq!(w.advice(), "写成 1600，不要带“件”");
        assert_eq!(plain("2025年").as_deref(), Some("2025"));
        assert_eq!(plain("12 件").as_deref(), Some("12"));
        assert_eq!(plain("12.30万元").as_deref(), Some("12.30"));
        let w = read("６", true).unwrap();
        assert!(w.full_width && w.plain == "6");
        assert_eq!(plain("１２").as_deref(), Some("12"));
        assert_eq!(plain("1,700").as_deref(), Some("1700"));
        assert_eq!(plain("1，700").as_deref(), Some("1700"));
        assert_eq!(plain("1 700 000").as_deref(), Some("1700000"));
        assert_eq!(read("1,700", false), None);
    }

    #[test]
    fn chinese_numerals_are_read() {
        assert_eq!(plain("十二").as_deref(), Some("12"));
        assert_eq!(plain("一千六百").as_deref(), Some("1600"));
        assert_eq!(plain("两万零五").as_deref(), Some("20005"));
        assert_eq!(plain("三十件").as_deref(), Some("30"));
        assert_eq!(plain("〇").as_deref(), Some("0"));
        assert_eq!(plain("一二"), None);
        assert_eq!(plain("百"), None);
    }

    #[test]
    fn plain_numbers_and_words_are_not_read() {
        assert_eq!(read("1600", true), None);
        assert_eq!(read("12.5", true), None);
        assert_eq!(read("无", true), None);
        assert_eq!(read("12,34", true), None);
        assert_eq!(read("1 2", true), None);
        assert_eq!(read("件", true), None);
        assert_eq!(read("12000元", true), None);
        assert_eq!(read("abc件", true), None);
    }
}
