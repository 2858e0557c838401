//! The narrative-figure engine (R7): every statement of a figure in the narrative,
//! found with the wordings of `format::quantities`, compared with the tables.
//! Statements also feed the percentage and 其中-breakdown rules.

mod breakdown;
mod numbers;
mod percent;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::meta;

use super::place::{Placed, sentences};
use crate::diag::Diagnostic;
use crate::format::quantities::{
    FILLER, INCLUDES_CARRIED_OVER, OFF_TOPIC_WORDS, ON_TOPIC_PHRASES, QUANTITIES, Quantity,
    Relative,
};
use crate::format::{TableId, t3, table_def};
use crate::report::{Number, Report};
use numbers::show;

pub use numbers::{Stated, parse_number};

/// One statement of a figure in a narrative text.
#[derive(Clone, Debug)]
pub(super) struct Statement {
    pub quantity: &'static Quantity,
    pub stated: Stated,
    /// The number (with its unit) in the text.
    pub number: Range<usize>,
    /// The whole statement in the text.
    pub whole: Range<usize>,
    /// Field keys (prefixes) the figure is taken from, after resolving a parent.
    pub fields: Vec<&'static str>,
}

/// One wording of a quantity. Compiling a wording costs far more than reading a
/// sentence, so it is compiled the first time a sentence holds every word it
/// requires (most wordings never meet one).
struct Compiled {
    quantity: &'static Quantity,
    after: bool,
    /// Words every match contains.
    required: Vec<String>,
    source: String,
    regex: OnceLock<meta::Regex>,
}

impl Compiled {
    fn may_match(&self, sentence: &str) -> bool {
        self.required.iter().all(|w| sentence.contains(w.as_str()))
    }

    /// Built without a literal prefilter or one-pass DFA: on sentences of a few
    /// dozen characters they save nothing and cost most of the compile time.
    #[allow(
        clippy::expect_used,
        reason = "built from the format's wordings, every one compiled by the test the_words_prefilter_hides_no_match"
    )]
    fn regex(&self) -> &meta::Regex {
        self.regex.get_or_init(|| {
            meta::Regex::builder()
                .configure(meta::Config::new().auto_prefilter(false).onepass(false))
                .build(&self.source)
                .expect("quantity pattern")
        })
    }
}

/// The literal words every match of a wording contains: its literals outside
/// alternatives and optional parts (the filler and the number add none).
fn required_words(pattern: &str) -> Vec<String> {
    use regex_syntax::hir::{Hir, HirKind};
    fn walk(hir: &Hir, out: &mut Vec<String>) {
        match hir.kind() {
            HirKind::Literal(l) => out.extend(std::str::from_utf8(&l.0).ok().map(String::from)),
            HirKind::Concat(parts) => parts.iter().for_each(|p| walk(p, out)),
            HirKind::Capture(c) => walk(&c.sub, out),
            HirKind::Repetition(r) if r.min > 0 => walk(&r.sub, out),
            _ => {}
        }
    }
    let bare = pattern.replace("{F}", "").replace("{N}", "");
    let mut words = Vec::new();
    if let Ok(hir) = regex_syntax::parse(&bare) {
        walk(&hir, &mut words);
    }
    words.retain(|w| !w.is_empty());
    words
}

fn compiled() -> &'static [Compiled] {
    static ALL: OnceLock<Vec<Compiled>> = OnceLock::new();
    ALL.get_or_init(|| {
        QUANTITIES
            .iter()
            .flat_map(|q| {
                q.patterns.iter().map(move |p| {
                    let number = format!("(?P<n>{})(?P<u>{})", numbers::NUMBER, q.units);
                    Compiled {
                        quantity: q,
                        after: p.starts_with("{N}"),
                        required: required_words(p),
                        source: p.replace("{F}", FILLER).replace("{N}", &number),
                        regex: OnceLock::new(),
                    }
                })
            })
            .collect()
    })
}

/// A number followed by the unit of some quantity: a sentence without one states
/// no figure, and no wording need be tried on it.
fn any_counted_number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    super::pattern(&RE, || {
        let mut units: Vec<&str> = QUANTITIES.iter().map(|q| q.units).collect();
        units.sort_unstable();
        units.dedup();
        format!("(?:{})(?:{})", numbers::NUMBER, units.join("|"))
    })
}

fn year_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    super::pattern(&RE, || r"((?:19|20)[0-9]{2})\s*年")
}

/// Whether a sentence speaks of something other than this agency's figures of
/// the report year (备案, 咨询, another year, a sub-unit …).
fn off_topic(sentence: &str, year: i64) -> bool {
    let mut s = sentence.to_string();
    for p in ON_TOPIC_PHRASES {
        s = s.replace(p, "");
    }
    OFF_TOPIC_WORDS.iter().any(|w| s.contains(w))
        || year_regex()
            .captures_iter(&s)
            .any(|c| c[1].parse::<i64>().ok() != Some(year))
}

/// The statements of one sentence, in order; `offset` is the sentence's start in the text.
fn statements_in(sentence: &str, offset: usize) -> Vec<Statement> {
    // Per number position, the best candidate: a before form over an after form,
    // then the longest statement (予以公开和部分公开7件 beats 部分公开7件).
    let mut best: HashMap<usize, (bool, usize, Statement)> = HashMap::new();
    if !any_counted_number().is_match(sentence) {
        return Vec::new();
    }
    for c in compiled() {
        if !c.may_match(sentence)
            || (!c.quantity.needs.is_empty()
                && !c.quantity.needs.iter().any(|w| sentence.contains(w)))
        {
            continue;
        }
        for m in c.regex().captures_iter(sentence) {
            let (Some(n), Some(u), Some(all)) = (
                m.get_group_by_name("n"),
                m.get_group_by_name("u"),
                m.get_match(),
            ) else {
                continue;
            };
            let follows = &sentence[u.end..];
            // 一次性, 一件事: a numeral that is part of a word.
            if follows.starts_with(['性', '事']) {
                continue;
            }
            // 两件以上, 10件左右: bounds and estimates, not statements.
            if ["以上", "以下", "左右", "上下", "多", "余"]
                .iter()
                .any(|w| follows.starts_with(w))
            {
                continue;
            }
            // 300余件, 近千件 and 约 are estimates, not statements.
            let before = &sentence[..n.start];
            if before.ends_with(['近', '约', '超', '逾']) {
                continue;
            }
            let Some(stated) = parse_number(&sentence[n.range()]) else {
                continue;
            };
            let key = n.start;
            let statement = Statement {
                quantity: c.quantity,
                stated,
                number: offset + n.start..offset + u.end,
                whole: offset + all.start()..offset + all.end(),
                fields: c.quantity.fields.to_vec(),
            };
            let rank = (!c.after, all.len());
            match best.get(&key) {
                Some(b) if (b.0, b.1) >= rank => {}
                _ => {
                    best.insert(key, (rank.0, rank.1, statement));
                }
            }
        }
    }
    let mut found: Vec<(usize, Statement)> = best.into_iter().map(|(k, b)| (k, b.2)).collect();
    found.sort_by_key(|b| b.0);
    found.into_iter().map(|b| b.1).collect()
}

/// Resolves statements whose cells depend on the statement they break down.
fn resolve_parents(sentence: &str, statements: &mut [Statement]) {
    let mut parent: Option<(TableId, Vec<&'static str>)> = None;
    for s in statements.iter_mut() {
        let q = s.quantity;
        match q.relative {
            Relative::No => {
                if q.whole {
                    parent = Some((q.table, q.fields.to_vec()));
                }
            }
            Relative::ApplicantOfParent => {
                s.fields = match &parent {
                    Some((TableId::Three, f)) => f.clone(),
                    _ => Vec::new(),
                };
            }
            Relative::OutcomeOfParent => {
                s.fields = match &parent {
                    Some((TableId::Four, f)) => f.clone(),
                    _ => {
                        let review = sentence.contains("复议");
                        let suit = sentence.contains("诉讼");
                        match (review, suit) {
                            (true, false) => vec![crate::format::t4::REVIEW],
                            (false, true) => crate::format::t4::SUITS.to_vec(),
                            _ => Vec::new(),
                        }
                    }
                };
            }
        }
    }
}

/// Every statement of a figure in a text that speaks of this year's own figures.
pub(super) fn statements(text: &str, year: i64) -> Vec<(Range<usize>, Vec<Statement>)> {
    sentences(text)
        .into_iter()
        .filter(|r| !off_topic(&text[r.clone()], year))
        .map(|r| {
            let sentence = &text[r.clone()];
            let mut found = statements_in(sentence, r.start);
            resolve_parents(sentence, &mut found);
            found.retain(|s| !s.fields.is_empty());
            (r, found)
        })
        .filter(|(_, s)| !s.is_empty())
        .collect()
}

/// The table figure a statement stands for, with the label that names it.
pub(super) fn table_figure(
    report: &Report,
    table: TableId,
    fields: &[&str],
    columns: &[&str],
) -> Option<(f64, String)> {
    let t = report.table(table)?;
    let mut sum = 0.0;
    let mut labels = Vec::new();
    let mut groups = Vec::new();
    for (i, field) in t.def.fields.iter().enumerate() {
        if !fields.iter().any(|p| field.key.starts_with(p)) {
            continue;
        }
        let row = t.rows[i].as_ref()?;
        let cols: Vec<usize> = if columns.is_empty() {
            vec![field.total.unwrap_or(field.columns.len() - 1)]
        } else {
            columns
                .iter()
                .map(|k| field.columns.iter().position(|c| c.key == *k))
                .collect::<Option<_>>()?
        };
        for c in &cols {
            sum += match &row.cells[*c].value {
                Number::Int(n) => *n as f64,
                Number::Amount(a) => a.approx(),
            };
        }
        labels.push(field.full_label());
        // The enclosing labels down to the group (三、本年度办理结果（三）不予公开).
        groups.push((field.context.len() > 1).then(|| field.context.concat()));
    }
    if labels.is_empty() {
        return None;
    }
    let def = table_def(report.format, table);
    let column_label = if columns.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = def
            .fields
            .iter()
            .find(|f| fields.iter().any(|p| f.key.starts_with(p)))
            .map(|f| {
                f.columns
                    .iter()
                    .filter(|c| columns.contains(&c.key))
                    .map(|c| c.label)
                    .collect()
            })
            .unwrap_or_default();
        format!("「{}」", names.join("、"))
    };
    let label = match groups.first().cloned().flatten() {
        // Every row of one group (（三）不予公开 1–8): name the group.
        Some(g) if labels.len() > 1 && groups.iter().all(|x| x.as_ref() == Some(&g)) => {
            format!("「{g}」各项之和")
        }
        _ if labels.len() > 1 => format!(
            "{}之和",
            labels
                .iter()
                .map(|l| format!("「{l}」"))
                .collect::<Vec<_>>()
                .join("与")
        ),
        _ => format!("「{}」", labels[0]),
    };
    Some((sum, format!("{}{label}{column_label}", table.name())))
}

/// R7, percentages and 其中 breakdowns over every narrative text.
pub(super) fn check(report: &Report, source: &str, texts: &[Placed], out: &mut Vec<Diagnostic>) {
    let year = report.meta.year.value;
    for placed in texts {
        let raw = placed.raw();
        for (sentence, found) in statements(raw, year) {
            for s in &found {
                compare(report, source, placed, &sentence, s, out);
            }
            percent::check(report, source, placed, &sentence, &found, out);
            breakdown::check(report, source, placed, &sentence, &found, out);
        }
    }
}

fn compare(
    report: &Report,
    source: &str,
    placed: &Placed,
    sentence: &Range<usize>,
    s: &Statement,
    out: &mut Vec<Diagnostic>,
) {
    let q = s.quantity;
    let Some((actual, label)) = table_figure(report, q.table, &s.fields, q.columns) else {
        return;
    };
    if s.stated.agrees(actual) {
        return;
    }
    let raw = placed.raw();
    if q.fields == [t3::NEW]
        && INCLUDES_CARRIED_OVER
            .iter()
            .any(|w| raw[s.number.end..sentence.end].contains(w))
        && table_figure(report, TableId::Three, &[t3::NEW, t3::CARRIED_OVER], &[])
            .is_some_and(|(both, _)| s.stated.agrees(both))
    {
        return;
    }
    let statement = &raw[s.whole.clone()];
    let Some(table) = report.table(q.table) else {
        return;
    };
    let cite = cite_hint(table.def, &s.fields, q.columns);
    out.push(
        Diagnostic::warning(
            "R7",
            format!(
                "「{}」写的是“{statement}”（正文 {}），但{label}是 {}",
                placed.section,
                s.stated.show(),
                show(actual)
            ),
        )
        .at(placed.span(source, s.number.clone()))
        .hint(format!("核对正文与表格，把正文改为 {}{cite}", show(actual))),
    );
}

/// A citation the clerk can write instead of the number, when one cell is meant.
fn cite_hint(def: &crate::format::TableDef, fields: &[&str], columns: &[&str]) -> String {
    let matching: Vec<&crate::format::Field> = def
        .fields
        .iter()
        .filter(|f| fields.iter().any(|p| f.key.starts_with(p)))
        .collect();
    match (matching.as_slice(), columns) {
        ([f], []) => format!(
            "；也可以写 {{{}.{}}} 引用表格数字，两处就不会不一致",
            def.id.key(),
            f.key
        ),
        ([f], [c]) if f.columns.len() > 1 => format!(
            "；也可以写 {{{}.{}.{c}}} 引用表格数字，两处就不会不一致",
            def.id.key(),
            f.key
        ),
        ([f], [_]) => format!(
            "；也可以写 {{{}.{}}} 引用表格数字，两处就不会不一致",
            def.id.key(),
            f.key
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_words_are_the_literals_outside_optional_parts() {
        assert_eq!(
            required_words("部分(?:予以)?公开(?:的)?{F}{N}"),
            ["部分", "公开"]
        );
        assert_eq!(
            required_words("{N}(?:为|系|属于)*行政执法案卷"),
            ["行政执法案卷"]
        );
        assert!(required_words("(?:予以|同意)(?:全部)?公开(?:的)?{F}{N}") == ["公开"]);
    }

    /// Every report file under `dir`, recursively.
    fn report_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                report_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }

    /// The words prefilter only skips wordings that cannot match: every match of
    /// every wording in the examples' and fixtures' texts contains its required words.
    #[test]
    fn the_words_prefilter_hides_no_match() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        report_files(&root.join("examples"), &mut files);
        report_files(&root.join("tests/fixtures"), &mut files);
        let mut matches = 0;
        for path in files {
            let text = std::fs::read_to_string(path).unwrap();
            for c in compiled() {
                for m in c.regex().find_iter(&text) {
                    matches += 1;
                    let found = &text[m.range()];
                    assert!(c.may_match(found), "{:?} in {found:?}", c.required);
                }
            }
        }
        assert!(
            matches >= 10,
            "the examples and fixtures state figures ({matches} matches)"
        );
    }

    fn keys(text: &str) -> Vec<(&'static str, f64)> {
        statements(text, 2024)
            .into_iter()
            .flat_map(|(_, s)| s)
            .map(|s| (s.quantity.key, s.stated.value))
            .collect()
    }

    #[test]
    fn wordings_map_to_quantities() {
        assert_eq!(
            keys(
                "全年共接受依申请公开9次，其中处理结果4件为不予公开，1件为不予处理，4件为无法提供。"
            ),
            vec![
                ("new_requests", 9.0),
                ("denied", 4.0),
                ("rejected", 1.0),
                ("unavailable", 4.0)
            ]
        );
        assert_eq!(
            keys("予以公开和部分公开共7件，部分公开两件；被申请行政复议1件，其中维持1件。"),
            vec![
                ("granted_or_partly", 7.0),
                ("partly_granted", 2.0),
                ("review", 1.0),
                ("upheld", 1.0)
            ]
        );
        assert_eq!(keys("收取行政事业性收费12.30万元。"), vec![("fees", 12.3)]);
        // 孝感 2019, 温州 2024
        assert_eq!(
            keys("收到依申请公开请求2件，按时办结2件。受理并办理依申请公开5件。"),
            vec![("new_requests", 2.0), ("total", 2.0), ("new_requests", 5.0)]
        );
    }

    #[test]
    fn other_topics_and_estimates_are_left_alone() {
        assert!(keys("2023年收到政府信息公开申请10件。").is_empty());
        assert!(keys("全市共收到政府信息公开申请500件。").is_empty());
        assert!(keys("收到政府信息公开申请300余件，无法提供两件以上。").is_empty());
        assert!(keys("高效办成一件事，一次性告知。").is_empty());
    }
}
