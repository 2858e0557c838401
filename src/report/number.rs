//! Figures: whole counts and exact 万元 amounts.

use std::fmt;

/// The largest figure accepted: 12 digits.
pub const MAX_FIGURE: i64 = 999_999_999_999;

/// A decimal amount kept exactly as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount {
    /// The digits as written, e.g. `0.30` or `12`.
    pub text: String,
}

impl Amount {
    /// Parses a plain non-negative decimal (`12`, `0.3`, `1_000.25` is refused).
    pub fn parse(text: &str) -> Option<Amount> {
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let ok = digits(int) && frac.is_none_or(digits) && int.len() <= 12;
        ok.then(|| Amount {
            text: text.to_string(),
        })
    }

    /// Approximate value, for plausibility checks only.
    pub fn approx(&self) -> f64 {
        self.text.parse().unwrap_or(0.0)
    }

    pub fn is_zero(&self) -> bool {
        self.text.bytes().all(|b| b == b'0' || b == b'.')
    }
}

/// A table figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Number {
    Int(i64),
    Amount(Amount),
}

impl Number {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Number::Int(n) => Some(*n),
            Number::Amount(_) => None,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(n) => write!(f, "{n}"),
            Number::Amount(a) => f.write_str(&a.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_as_typed() {
        assert_eq!(Amount::parse("0.30").unwrap().text, "0.30");
        assert_eq!(
            Number::Amount(Amount::parse("12.5").unwrap()).to_string(),
            "12.5"
        );
        assert!(Amount::parse("-1").is_none());
        assert!(Amount::parse("1e3").is_none());
        assert!(Amount::parse(".5").is_none());
        assert!(Amount::parse("0.").is_none());
        assert!(Amount::parse("0.000").unwrap().is_zero());
    }
}
