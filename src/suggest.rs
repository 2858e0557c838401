//! "Did you mean …" for near-miss keys.

/// A Chinese suggestion suffix naming the closest candidate, or an empty string.
pub fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    closest(word, candidates)
        .map(|c| format!("；您是否想写「{c}」？"))
        .unwrap_or_default()
}

/// The candidate nearest to `word`, when it is near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        assert_eq!(closest("agnecy", &["agency", "year"]), Some("agency"));
        assert_eq!(closest("zzz", &["agency", "year"]), None);
    }
}
