//! The file name a report file gets from its agency and year.

/// Longest agency part of a default file name, in bytes: with the year and
/// suffix the name stays well below the 255 bytes file systems allow.
const MAX_NAME_AGENCY_BYTES: usize = 180;

/// The name a report file gets when nobody names it (`new`, `import`, the start
/// page, the 汇总): 「机关名称+年度年报.toml」, as one plain file name. The agency
/// may come from a published text or a browser, so path separators,
/// characters Windows forbids, control characters and leading dots are dropped
/// (「../../逃逸局」 gives 「逃逸局」, 「某市/某局」 「某市某局」), never a path.
pub fn report_file_name(agency: &str, year: i64) -> String {
    let mut plain: String = agency
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
        .collect();
    plain = plain
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    while plain.len() > MAX_NAME_AGENCY_BYTES {
        plain.pop();
    }
    if plain.is_empty() {
        plain.push_str("待填写");
    }
    format!("{plain}{year}年报.toml")
}

#[cfg(test)]
mod tests {
    use super::report_file_name;

    #[test]
    fn default_names_are_one_plain_file_name() {
        for (agency, want) in [
            ("厦门市医疗保障局", "厦门市医疗保障局2023年报.toml"),
            ("../../逃逸局", "逃逸局2023年报.toml"),
            ("/etc/某局", "etc某局2023年报.toml"),
            ("某市/某局", "某市某局2023年报.toml"),
            ("C:\\Windows\\某局", "CWindows某局2023年报.toml"),
            ("..", "待填写2023年报.toml"),
            ("某局\u{1b}[31m", "某局[31m2023年报.toml"),
        ] {
            let name = report_file_name(agency, 2023);
            assert_eq!(name, want);
            let path = std::path::Path::new(&name);
            assert_eq!(path.components().count(), 1, "{name}");
            assert!(path.file_name().is_some(), "{name}");
        }
        assert!(report_file_name(&"局".repeat(300), 2023).len() < 255);
    }
}
