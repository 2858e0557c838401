//! `check`'s findings in the words of the page: the command line speaks of the
//! file (`补上 direct_suit = …`, `text = """…"""`, line and column); the page
//! speaks of its boxes and cells (「行政诉讼未经复议直接起诉」, 正文框). The names
//! come from the format definition and the form's own labels.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::format::{FormatVersion, SectionId, tables_for};
use crate::report::schema;

/// What the page calls each key of the file.
pub struct Names(Vec<(String, String)>);

impl Names {
    pub fn new(version: Option<FormatVersion>) -> Names {
        let mut names: Vec<(String, String)> = Vec::new();
        for def in version.map(tables_for).into_iter().flatten() {
            let table = def.id.name().split('（').next().unwrap_or("").to_string();
            names.push((def.id.key().into(), table.clone()));
            for f in &def.fields {
                let label = f.full_label();
                names.push((format!("{}.{}", def.id.key(), f.key), label.clone()));
                names.push((f.key.into(), label));
            }
        }
        let sections = [
            ("intro", "引言".to_string()),
            ("overview", SectionId::Overview.heading()),
            ("problems", SectionId::Problems.heading()),
            ("other", SectionId::Other.heading()),
        ];
        for (key, heading) in sections {
            names.push((format!("{key}.part"), format!("{heading}的小标题")));
            names.push((key.into(), heading));
        }
        for key in schema::REPORT_KEYS.into_iter().filter(|k| k.in_form()) {
            names.push((key.name.into(), meta_label(&key.path()).into()));
        }
        for key in &schema::CONTACT_KEYS {
            names.push((key.name.into(), key.label.into()));
        }
        names.extend(
            [
                ("report", "基本信息"),
                ("contact", "联系方式"),
                ("closing", "结束语和落款"),
                ("signature", "落款机关"),
                ("heading", "小标题"),
                ("text", "正文"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        Names(names)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

static POSITION: LazyLock<Regex> =
    LazyLock::new(|| super::pattern(r"[（(]?第 ?\d+ ?行(第 ?\d+ ?列)?[）)]?"));
static TEXT_BLOCK: LazyLock<Regex> = LazyLock::new(|| super::pattern(r#"text = """[^"]*""""#));
static TABLE_HEADER: LazyLock<Regex> =
    LazyLock::new(|| super::pattern(r"\[\[?([a-z][a-z_0-9.]*)\]\]?"));
static ASSIGNMENT: LazyLock<Regex> =
    LazyLock::new(|| super::pattern(r#"\b([a-z][a-z_0-9.]*) = (…|"[^"]*"|[^\s，。；、）)]+)"#));
/// Keys named bare in a message: dotted or with underscores, or a few that are
/// only ever keys.
static BARE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(r"\b(?:[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+|heading|agency|published|signature)\b")
});
/// What is left of the file's syntax after rewording.
static SYNTAX: LazyLock<Regex> =
    LazyLock::new(|| super::pattern(r#""""|\b[a-z_]+ = |\[\[?[a-z]|\b[a-z]+_[a-z_]+\b"#));

/// `text` said of the page's boxes and cells instead of the file's keys.
pub fn for_page(text: &str, names: &Names) -> String {
    let s = POSITION.replace_all(text, "");
    let s = TEXT_BLOCK.replace_all(&s, "正文框");
    let s = TABLE_HEADER.replace_all(&s, |c: &Captures| match names.get(&c[1]) {
        Some(name) => format!("「{name}」"),
        None => c[0].to_string(),
    });
    let s = ASSIGNMENT.replace_all(&s, |c: &Captures| match names.get(&c[1]) {
        Some(name) if &c[2] == "…" => format!("「{name}」"),
        Some(name) => format!("「{name}」填 {}", &c[2]),
        None => c[0].to_string(),
    });
    let s = BARE_KEY.replace_all(&s, |c: &Captures| match names.get(&c[0]) {
        Some(name) => format!("「{name}」"),
        None => c[0].to_string(),
    });
    s.replace("\"\"\"", "")
        .replace("「「", "「")
        .replace("」」", "」")
        .replace(" 「", "「")
        .replace("」 ", "」")
        .replace(" 正文框 ", "正文框")
}

/// A hint for the page, or none when it would still speak of the file's syntax.
pub fn hint_for_page(hint: &str, names: &Names) -> Option<String> {
    let s = for_page(hint, names);
    (!SYNTAX.is_match(&s) && !s.contains('\n')).then_some(s)
}

/// The form's label of a metadata key (`report.agency`), by key.
pub fn meta_label(key: &str) -> &'static str {
    schema::find(key).map_or("", |k| k.form_label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_words_become_the_pages() {
        let names = Names::new(Some(FormatVersion::V2021));
        let page = |s: &str| for_page(s, &names);
        assert_eq!(
            page("在这个小标题的 text = \"\"\"…\"\"\" 中写正文"),
            "在这个小标题的正文框中写正文"
        );
        let missing = page("补上 direct_suit = …（行政诉讼；没有发生写 0）");
        assert!(missing.starts_with("补上「"), "{missing}");
        assert!(!missing.contains("direct_suit"), "{missing}");
        assert_eq!(
            page("year = 2024，不加引号"),
            "「报告年度」填 2024，不加引号"
        );
        assert_eq!(page("数字不对（第 23 行第 11 列）"), "数字不对");
        assert_eq!(
            page("[[overview.part]] 缺少小标题 heading"),
            "「一、总体情况的小标题」缺少小标题「小标题」"
        );
        assert_eq!(
            hint_for_page(
                "每个小标题另起一段：\n[[overview.part]]\nheading = \"小标题\"",
                &names
            ),
            None
        );
        // Report text quoted in a message is left alone.
        assert_eq!(page("电子邮箱 a_b@example.com"), "电子邮箱 a_b@example.com");
    }
}
