//! Numbers as narratives write them: Arabic digits (also full-width) and Chinese numerals.

/// The pattern of a number in a statement.
pub const NUMBER: &str = r"[0-9０-９]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+";

/// A stated figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stated {
    pub value: f64,
    /// Digits after the decimal point as written.
    pub decimals: u32,
}

impl Stated {
    /// Whether a table figure is what the narrative states, at its printed precision.
    pub fn agrees(&self, actual: f64) -> bool {
        (self.value - actual).abs() < 0.5 * 10f64.powi(-(self.decimals as i32)) + 1e-9
    }

    pub fn show(&self) -> String {
        format!("{:.*}", self.decimals as usize, self.value)
    }
}

/// A table figure as a message shows it: whole numbers without a decimal point.
pub fn show(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// Parses a number written with Arabic or Chinese digits.
pub fn parse_number(s: &str) -> Option<Stated> {
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect();
    if ascii.starts_with(|c: char| c.is_ascii_digit()) {
        let decimals = ascii.split_once('.').map_or(0, |(_, f)| f.len() as u32);
        return ascii.parse().ok().map(|value| Stated { value, decimals });
    }
    chinese(&ascii).map(|v| Stated {
        value: v as f64,
        decimals: 0,
    })
}

/// 十二 → 12, 两 → 2, 一百零五 → 105, 三千二百 → 3200, 一万二千 → 12000.
fn chinese(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut section: i64 = 0;
    let mut digit: Option<i64> = None;
    for c in s.chars() {
        let d = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            if digit.is_some_and(|x| x != 0) && d != 0 {
                return None; // 一二 is not a number
            }
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                section += digit.take().unwrap_or(0);
                total = (total + section.max(1)) * 10_000;
                section = 0;
                continue;
            }
            _ => return None,
        };
        section += digit.take().unwrap_or(1) * unit;
    }
    Some(total + section + digit.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<f64> {
        parse_number(s).map(|x| x.value)
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(n("十二"), Some(12.0));
        assert_eq!(n("两"), Some(2.0));
        assert_eq!(n("二十"), Some(20.0));
        assert_eq!(n("一百零五"), Some(105.0));
        assert_eq!(n("三千二百"), Some(3200.0));
        assert_eq!(n("一万二千"), Some(12000.0));
        assert_eq!(n("十"), Some(10.0));
        assert_eq!(n("一二"), None);
    }

    #[test]
    fn arabic_numbers_and_precision() {
        assert_eq!(n("１２"), Some(12.0));
        let x = parse_number("0.30").unwrap();
        assert_eq!(x.decimals, 2);
        assert!(x.agrees(0.3));
        assert!(!x.agrees(0.31));
        assert!(parse_number("1.5").unwrap().agrees(1.5));
    }
}
