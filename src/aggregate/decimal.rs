//! Exact decimal sums of table figures (万元 amounts with up to many decimals).

use std::fmt;

use crate::report::Number;

/// An exact decimal: `units / 10^scale`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Decimal {
    units: i128,
    scale: u32,
}

/// More decimals than this are not kept exactly (no real report comes close).
const MAX_SCALE: u32 = 18;

impl Decimal {
    pub fn from_int(n: i64) -> Decimal {
        Decimal {
            units: i128::from(n),
            scale: 0,
        }
    }

    /// Parses a plain decimal such as `12`, `0.30` or `1.234567`.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let scale = u32::try_from(frac.len()).ok().filter(|s| *s <= MAX_SCALE)?;
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let units = format!("{int}{frac}").parse().ok()?;
        Some(Decimal { units, scale })
    }

    /// The figure of a table cell.
    pub fn of(n: &Number) -> Decimal {
        match n {
            Number::Int(i) => Decimal::from_int(*i),
            Number::Amount(a) => Decimal::parse(&a.text).unwrap_or_default(),
        }
    }

    fn rescaled(self, scale: u32) -> i128 {
        self.units * 10i128.pow(scale - self.scale)
    }

    /// For spreadsheets, whose numbers are binary floating point anyway.
    pub fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(0.0)
    }
}

impl std::ops::Add for Decimal {
    type Output = Decimal;

    /// The exact sum, keeping the larger number of decimals.
    fn add(self, other: Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        Decimal {
            units: self.rescaled(scale) + other.rescaled(scale),
            scale,
        }
    }
}

impl std::iter::Sum for Decimal {
    fn sum<I: Iterator<Item = Decimal>>(iter: I) -> Decimal {
        iter.fold(Decimal::default(), |a, b| a + b)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let digits = self.units.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_exact() {
        let parts = ["0.1", "0.2", "1.234567", "12", "0.000001"];
        let sum: Decimal = parts.iter().map(|p| Decimal::parse(p).unwrap()).sum();
        assert_eq!(sum.to_string(), "13.534568");
        let cents: Decimal = ["0.30", "0.70"]
            .iter()
            .map(|p| Decimal::parse(p).unwrap())
            .sum();
        assert_eq!(cents.to_string(), "1.00");
        assert_eq!(Decimal::parse("0.05").unwrap().to_string(), "0.05");
        assert_eq!(Decimal::from_int(-3).to_string(), "-3");
        assert!(Decimal::parse("1e3").is_none());
        assert!(Decimal::parse(".5").is_none());
    }
}
