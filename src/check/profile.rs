//! Regional profiles: what a province's or city's notice asks of its reports
//! beyond the official format, as data (a small TOML file each, citing its
//! notice), checked only when chosen (`check --profile NAME`, or `profile =`
//! in the report file). The built-in ones are in `profiles/`; an office writes
//! its own file in the same shape (docs/check.md).

use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::diag::{Diagnostic, Span};
use crate::format::{SectionId, Topic};
use crate::report::{Body, Report};

/// The profiles shipped inside the binary: (file name, text).
const BUILT_IN: &[(&str, &str)] = &[(
    "gansu-wuwei.toml",
    include_str!("../../profiles/gansu-wuwei.toml"),
)];

/// The rule every profile finding carries.
pub const RULE: &str = "profile";

/// One profile, as its file gives it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// How `--profile` names it, e.g. 「甘肃武威」.
    pub name: String,
    /// The notice it rests on, with its number.
    pub notice: String,
    /// Where the notice is published.
    pub url: String,
    /// The report years the notice is for; empty for every year.
    #[serde(default)]
    pub years: Vec<i64>,
    #[serde(default)]
    limit: Vec<Limit>,
    #[serde(default)]
    require: Vec<Require>,
}

/// A section no longer than `max_chars` characters.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Limit {
    section: String,
    max_chars: usize,
    /// The notice's words, quoted in the finding.
    quote: String,
}

/// What a section (or its part on `topic`) must state.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Require {
    section: String,
    #[serde(default)]
    topic: Option<String>,
    quote: String,
    /// Each stated with a count: a sentence holding one of its words and a figure.
    #[serde(default)]
    counts: Vec<Item>,
    /// Each at least mentioned.
    #[serde(default)]
    mentions: Vec<Item>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    what: String,
    words: Vec<String>,
}

/// The names of the built-in profiles, for hints.
pub fn built_in_names() -> Vec<String> {
    BUILT_IN
        .iter()
        .filter_map(|(file, text)| parse(file, text).ok().map(|p| p.name))
        .collect()
}

/// The profile `name` names: a built-in one by its name (or file name), or
/// else a profile file at `name`, read relative to `base`.
pub fn find(name: &str, base: &Path) -> Result<Profile, String> {
    let name = name.trim();
    for (file, text) in BUILT_IN {
        let profile = parse(file, text)?;
        if profile.name == name || file.trim_end_matches(".toml") == name {
            return Ok(profile);
        }
    }
    let path = base.join(name);
    let text = std::fs::read_to_string(&path).map_err(|_| {
        format!(
            "没有名为「{name}」的地区要求，也读不到文件 {}；内置的有：{}",
            path.display(),
            built_in_names().join("、")
        )
    })?;
    parse(&path.display().to_string(), &text)
}

fn parse(file: &str, text: &str) -> Result<Profile, String> {
    let profile: Profile =
        toml::from_str(text).map_err(|e| format!("地区要求文件 {file} 有误：{}", e.message()))?;
    for section in profile
        .limit
        .iter()
        .map(|l| &l.section)
        .chain(profile.require.iter().map(|r| &r.section))
    {
        if section_of(section).is_none() {
            return Err(format!(
                "地区要求文件 {file} 有误：section = \"{section}\" 应为 overview、problems 或 other"
            ));
        }
    }
    for topic in profile.require.iter().filter_map(|r| r.topic.as_deref()) {
        if Topic::from_name(topic).is_none() {
            let names: Vec<&str> = Topic::ALL.iter().map(|t| t.name()).collect();
            return Err(format!(
                "地区要求文件 {file} 有误：topic = \"{topic}\" 应为 {} 之一",
                names.join("、")
            ));
        }
    }
    Ok(profile)
}

fn section_of(key: &str) -> Option<SectionId> {
    SectionId::ALL
        .into_iter()
        .find(|s| s.narrative_key() == Some(key))
}

fn body(report: &Report, section: SectionId) -> &Body {
    match section {
        SectionId::Problems => &report.problems,
        SectionId::Other => &report.other,
        _ => &report.overview,
    }
}

impl Profile {
    /// Whether the notice is for reports of `year`.
    pub fn covers(&self, year: i64) -> bool {
        self.years.is_empty() || self.years.contains(&year)
    }

    /// Every finding of the profile on `report` (a note instead when the
    /// notice is for other years).
    pub fn check(&self, report: &Report) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let year = report.meta.year.value;
        if !self.covers(year) {
            let years: Vec<String> = self.years.iter().map(i64::to_string).collect();
            out.push(
                self.finding(format!(
                    "地区要求「{}」是对 {} 年度报告的要求，本报告是 {year} 年度的，未按它检查",
                    self.name,
                    years.join("、")
                ))
                .hint("请查看本地区对本年度报告的最新通知；有新要求时更新地区要求文件"),
            );
            return out;
        }
        for limit in &self.limit {
            self.check_limit(report, limit, &mut out);
        }
        for require in &self.require {
            self.check_require(report, require, &mut out);
        }
        out
    }

    fn finding(&self, message: String) -> Diagnostic {
        Diagnostic::warning(RULE, message)
    }

    fn cite(&self, quote: &str) -> String {
        format!("{}：「{quote}」（{}）", self.notice, self.url)
    }

    fn check_limit(&self, report: &Report, limit: &Limit, out: &mut Vec<Diagnostic>) {
        let Some(section) = section_of(&limit.section) else {
            return;
        };
        let b = body(report, section);
        let chars = b
            .plain_text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        if chars > limit.max_chars {
            out.push(
                self.finding(format!(
                    "「{}」有 {chars} 字，{}要求不超过 {} 字",
                    section.heading(),
                    self.name,
                    limit.max_chars
                ))
                .at_opt(b.span.clone())
                .hint(format!("精简这一部分。{}", self.cite(&limit.quote))),
            );
        }
    }

    fn check_require(&self, report: &Report, require: &Require, out: &mut Vec<Diagnostic>) {
        let Some(section) = section_of(&require.section) else {
            return;
        };
        let b = body(report, section);
        let topic = require.topic.as_deref().and_then(Topic::from_name);
        // The part on the topic, or the whole section when no part is.
        let (text, span): (String, Option<Span>) =
            match topic.and_then(|t| b.parts.iter().find(|p| p.topics.contains(&t))) {
                Some(part) => (
                    format!(
                        "{}\n{}",
                        part.heading.value,
                        part.text.as_ref().map_or("", |t| t.raw.as_str())
                    ),
                    Some(part.heading.span.clone()),
                ),
                None => (b.plain_text(), b.span.clone()),
            };
        let sentences: Vec<&str> = text
            .split(['。', '；', ';', '！', '？', '\n'])
            .filter(|s| !s.trim().is_empty())
            .collect();
        let named = |item: &Item, s: &str| item.words.iter().any(|w| s.contains(w.as_str()));
        let mut missing: Vec<&str> = require
            .counts
            .iter()
            .filter(|item| !sentences.iter().any(|s| named(item, s) && has_count(s)))
            .map(|item| item.what.as_str())
            .collect();
        missing.extend(
            require
                .mentions
                .iter()
                .filter(|item| !sentences.iter().any(|s| named(item, s)))
                .map(|item| item.what.as_str()),
        );
        if missing.is_empty() {
            return;
        }
        let place = match topic {
            Some(t) => format!("「{}」中{}的部分", section.heading(), t.name()),
            None => format!("「{}」", section.heading()),
        };
        out.push(
            self.finding(format!(
                "{}要求{place}写明：{}",
                self.name,
                missing.join("；")
            ))
            .at_opt(span)
            .hint(format!(
                "按通知补写，数量写具体数字。{}",
                self.cite(&require.quote)
            )),
        );
    }
}

/// A sentence that states a count: a figure, in digits or in Chinese numerals
/// before a measure word.
fn has_count(sentence: &str) -> bool {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    super::pattern(
        &COUNT,
        || "[0-9０-９]|[零一二三四五六七八九十百千万两]+[条篇件个期次处项家所场批份]",
    )
    .is_match(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_profiles_read() {
        assert_eq!(built_in_names(), vec!["甘肃武威".to_string()]);
        let p = find("甘肃武威", Path::new(".")).unwrap();
        assert!(p.url.starts_with("https://www.gswuwei.gov.cn/"));
        assert!(p.notice.contains("武政办发〔2025〕54号"));
        assert!(p.covers(2025) && !p.covers(2024));
    }

    #[test]
    fn counts_in_digits_or_words() {
        assert!(has_count("政务新媒体发布信息294条"));
        assert!(has_count("开设政务公开专区一处"));
        assert!(!has_count("积极加强政务公开专区建设"));
    }

    #[test]
    fn a_bad_profile_file_says_what_is_wrong() {
        let e = parse("x.toml", "name = \"x\"\nnotice = \"n\"\nurl = \"u\"\n[[limit]]\nsection = \"tables\"\nmax_chars = 1\nquote = \"q\"\n").unwrap_err();
        assert!(e.contains("overview、problems 或 other"), "{e}");
        let e = parse("x.toml", "name = \"x\"\n").unwrap_err();
        assert!(e.contains("x.toml"), "{e}");
    }
}
