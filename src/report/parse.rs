//! Strict reading of a report file: every key known, every value typed, every
//! problem reported with its place and, for near-miss keys, a suggestion.

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::schema::{self, Key};
use super::written::{not_a_number_hint, parse_date_text};
use super::{
    Amount, Body, Closing, Contact, Figure, MAX_FIGURE, Meta, Number, Part, Report, RowValues, Sp,
    TableValues, Text, parse_narrative, sum_counts,
};
use crate::diag::{Diagnostic, SourceFile, Span};
use crate::format::bodies::BodyKind;
use crate::format::{
    FIRST_YEAR, Field, FormatVersion, LAST_YEAR, TableId, Topic, ValueKind, t3, table_def,
};
use crate::suggest::did_you_mean;

type Value<'i> = toml::Spanned<DeValue<'i>>;

/// The outcome of reading a file: the report when it could be read, and every finding.
pub struct Parsed {
    pub report: Option<Report>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    fn failed(d: Diagnostic) -> Self {
        Parsed {
            report: None,
            diagnostics: vec![d],
        }
    }
}

const TOP_KEYS: [&str; 10] = [
    schema::REPORT,
    "intro",
    "overview",
    "table2",
    "table3",
    "table4",
    "problems",
    "other",
    schema::CONTACT,
    schema::CLOSING,
];

/// The rule of an empty report file (the command cannot run: exit code 2).
pub const EMPTY_RULE: &str = "empty";

/// Limits no real report reaches, so that a damaged or hostile file is refused
/// with its place instead of being worked through.
pub mod limits {
    /// Characters in a one-line text: 机关名称, 标题, 小标题, contact items, 落款.
    pub const LINE_CHARS: usize = 300;
    /// Characters in one narrative text (a real section is a few thousand).
    pub const TEXT_CHARS: usize = 100_000;
    /// Characters in one paragraph (one line) of narrative.
    pub const PARAGRAPH_CHARS: usize = 20_000;
    /// `[[….part]]` entries in one section (a real section has fewer than ten).
    pub const PARTS: usize = 100;
}

/// Reads a whole report file.
pub fn parse_report(file: &SourceFile) -> Parsed {
    let source = file.text.as_str();
    if source.trim().is_empty() {
        return Parsed::failed(
            Diagnostic::error(EMPTY_RULE, "报告文件是空的")
                .at(0..0)
                .hint("用 nianbao new --agency 机关名称 --year 年度 生成一份完整的模板，再填写"),
        );
    }
    let root = match DeTable::parse(source) {
        Ok(root) => root,
        Err(e) => {
            return Parsed {
                report: None,
                diagnostics: super::syntax::syntax_errors(file, &e),
            };
        }
    };
    let mut p = Reader {
        source,
        diags: Vec::new(),
    };
    let report = p.report(root.get_ref());
    Parsed {
        report,
        diagnostics: p.diags,
    }
}

struct Reader<'s> {
    source: &'s str,
    diags: Vec<Diagnostic>,
}

/// How messages name a key: 「机关名称 agency 」.
fn what(key: &Key) -> String {
    format!("{} {} ", key.label, key.name)
}

/// What a value should have been, for type errors.
fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "文本",
        DeValue::Integer(_) => "整数",
        DeValue::Float(_) => "小数",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "日期",
        DeValue::Array(_) => "数组 [...]",
        DeValue::Table(_) => "表",
    }
}

impl<'s> Reader<'s> {
    fn error(&mut self, rule: &'static str, span: Span, message: String, hint: &str) {
        let d = Diagnostic::error(rule, message).at(span);
        self.diags
            .push(if hint.is_empty() { d } else { d.hint(hint) });
    }

    /// Reports keys of `table` that are not in `allowed`.
    fn unknown_keys(&mut self, table: &DeTable, allowed: &[&str], path: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if !allowed.contains(&name) {
                let place = if path.is_empty() {
                    "顶层".to_string()
                } else {
                    format!("[{path}]")
                };
                let message = format!(
                    "{place}中没有「{name}」这个键{}",
                    did_you_mean(name, allowed)
                );
                let hint = format!("此处可用的键：{}", allowed.join("、"));
                self.error("unknown-key", key.span(), message, &hint);
            }
        }
    }

    /// A sub-table, or a type error when the key holds something else.
    fn table<'a, 'i>(&mut self, v: &'a Value<'i>, path: &str) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                let message = format!("[{path}] 应为一个表，这里却是{}", type_name(other));
                self.error(
                    "type",
                    v.span(),
                    message,
                    &format!("另起一行写 [{path}]，下面逐行写 键 = 值"),
                );
                None
            }
        }
    }

    fn string(&mut self, v: &Value, what: &str) -> Option<Sp<String>> {
        match v.get_ref() {
            DeValue::String(s) => {
                if let Some(c) = s.chars().find(|&c| is_forbidden_char(c)) {
                    let span = escape_span(self.source, v.span(), c);
                    let message = format!(
                        "{what}中有不可见的控制字符 U+{:04X}，无法写入 DOCX、HTML 或 PDF",
                        c as u32
                    );
                    self.error(
                        "control-char",
                        span,
                        message,
                        "删去这个字符：它通常来自复制粘贴或 \\u 转义；换行直接在多行文本 \"\"\"…\"\"\" 中另起一行",
                    );
                    return None;
                }
                Some(Sp {
                    value: s.trim().to_string(),
                    span: v.span(),
                })
            }
            other => {
                let message = format!("{what}应为文本，这里却是{}", type_name(other));
                self.error(
                    "type",
                    v.span(),
                    message,
                    "文本要用英文双引号括起来，例如 \"…\"",
                );
                None
            }
        }
    }

    /// A one-line text (name, title, heading, contact item), at most
    /// [`limits::LINE_CHARS`] characters.
    fn line(&mut self, v: &Value, what: &str) -> Option<Sp<String>> {
        let s = self.string(v, what)?;
        let n = s.value.chars().count();
        if n > limits::LINE_CHARS {
            self.error(
                "limit",
                v.span(),
                format!("{what}太长（{n} 个字符，上限 {} 个）", limits::LINE_CHARS),
                "这里只写一行简短的文字；长的内容写在正文 text 中",
            );
            return None;
        }
        Some(s)
    }

    fn text(&mut self, v: &Value, what: &str, version: FormatVersion) -> Option<Text> {
        let s = self.string(v, what)?;
        let n = s.value.chars().count();
        if n > limits::TEXT_CHARS {
            self.error(
                "limit",
                v.span(),
                format!("{what}太长（{n} 个字符，上限 {} 个）", limits::TEXT_CHARS),
                "一段正文不会这么长：请检查是否误粘贴了整份文件",
            );
            return None;
        }
        if let Some(line) = s
            .value
            .lines()
            .find(|l| l.chars().count() > limits::PARAGRAPH_CHARS)
        {
            let head: String = line.chars().take(20).collect();
            self.error(
                "limit",
                super::locate(self.source, &s.span, &head),
                format!(
                    "{what}有一段超过 {} 个字符（以「{head}」开头）",
                    limits::PARAGRAPH_CHARS
                ),
                "每个自然段另起一行；一段不会这么长",
            );
            return None;
        }
        let paragraphs = parse_narrative(&s.value, version, self.source, &s.span, &mut self.diags);
        Some(Text {
            raw: s.value,
            span: s.span,
            paragraphs,
        })
    }

    fn date(&mut self, v: &Value, what: &str) -> Option<Sp<NaiveDate>> {
        let parsed = match v.get_ref() {
            DeValue::Datetime(d) => match (d.date, d.time) {
                (Some(date), None) => {
                    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                }
                _ => None,
            },
            DeValue::String(s) => parse_date_text(s),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                "type",
                v.span(),
                format!("{what}应为日期"),
                "写作 2024-01-15（不加引号），或 \"2024年1月15日\"",
            );
        }
        parsed.map(|value| Sp {
            value,
            span: v.span(),
        })
    }

    fn report(&mut self, root: &DeTable) -> Option<Report> {
        self.unknown_keys(root, &TOP_KEYS, "");
        let meta_value = root.get("report");
        let Some(meta_value) = meta_value else {
            self.error(
                "missing",
                0..0,
                "缺少 [report] 表（机关名称、报告年度等基本信息）".into(),
                "在文件开头写：\n[report]\nagency = \"机关名称\"\nyear = 2024\npublished = 2025-01-20",
            );
            return None;
        };
        let meta_table = self.table(meta_value, "report")?;
        let meta = self.meta(meta_table, meta_value.span())?;
        let format = FormatVersion::for_year(meta.year.value)?;

        let contact = root.get("contact").and_then(|v| self.contact(v));
        let closing = root.get("closing").and_then(|v| self.closing(v, &meta));
        let intro = root.get("intro").and_then(|v| {
            let t = self.table(v, "intro")?;
            self.unknown_keys(t, &["text"], "intro");
            t.get("text")
                .and_then(|x| self.text(x, "引言 text ", format))
        });
        let overview = self.body(root.get("overview"), "overview", format, true);
        let problems = self.body(root.get("problems"), "problems", format, false);
        let other = self.body(root.get("other"), "other", format, false);
        let tables = TableId::ALL.map(|id| {
            root.get(id.key())
                .and_then(|v| self.table_values(v, format, id))
        });
        Some(Report {
            meta,
            format,
            contact,
            closing,
            intro,
            overview,
            problems,
            other,
            tables,
        })
    }

    fn meta(&mut self, t: &DeTable, span: Span) -> Option<Meta> {
        self.unknown_keys(t, &schema::names(schema::REPORT_KEYS), schema::REPORT);
        let agency = match t.get(schema::AGENCY.name) {
            Some(v) => self.line(v, &what(&schema::AGENCY)),
            None => {
                self.error(
                    "missing",
                    span.clone(),
                    format!(
                        "[{}] 缺少{}",
                        schema::REPORT,
                        what(&schema::AGENCY).trim_end()
                    ),
                    &format!(
                        "例如 agency = \"{}\"（换成本机关的全称）",
                        crate::format::placeholder::AGENCY_EXAMPLE
                    ),
                );
                None
            }
        };
        if let Some(a) = &agency
            && a.value.trim().is_empty()
        {
            self.error(
                "missing",
                a.span.clone(),
                format!("{}是空的", what(&schema::AGENCY)),
                "",
            );
        }
        let year = match t.get(schema::YEAR.name) {
            Some(v) => self.year(v),
            None => {
                self.error(
                    "missing",
                    span.clone(),
                    format!(
                        "[{}] 缺少{}",
                        schema::REPORT,
                        what(&schema::YEAR).trim_end()
                    ),
                    "例如 year = 2024（报告的是哪一年的工作）",
                );
                None
            }
        };
        let published = t
            .get(schema::PUBLISHED.name)
            .and_then(|v| self.date(v, &what(&schema::PUBLISHED)));
        let title = t
            .get(schema::TITLE.name)
            .and_then(|v| self.line(v, &what(&schema::TITLE)));
        // A blank title would give every output an empty title (and a PDF no
        // name for a screen reader to announce).
        if let Some(blank) = title.as_ref().filter(|t| t.value.trim().is_empty()) {
            self.error(
                "missing",
                blank.span.clone(),
                format!("{}是空的", what(&schema::TITLE)),
                "写出报告标题，或删去这一行：省略时标题为“机关名称＋年度＋政府信息公开工作年度报告”",
            );
        }
        let township_flag = t.get(schema::TOWNSHIP.name).and_then(|v| {
            self.flag(
                v,
                &schema::TOWNSHIP,
                "乡镇、街道写 township = true，其他机关可省略",
            )
        });
        let previous = t
            .get(schema::PREVIOUS.name)
            .and_then(|v| self.line(v, &what(&schema::PREVIOUS)))
            .filter(|p| !p.value.trim().is_empty());
        let compare_previous = t.get(schema::COMPARE_PREVIOUS.name).and_then(|v| {
            let hint =
                "要附上与上年比较的附表写 compare_previous = true（不加引号），不要时省略这一行";
            let on = self.flag(v, &schema::COMPARE_PREVIOUS, hint)?;
            Some(Sp {
                value: on,
                span: v.span(),
            })
        });
        let body = t.get(schema::BODY.name).and_then(|v| self.body_kind(v));
        let profile = t
            .get(schema::PROFILE.name)
            .and_then(|v| self.line(v, &what(&schema::PROFILE)))
            .filter(|p| !p.value.trim().is_empty());
        let agency = agency?;
        let year = year?;
        let township = match (township_flag, body.clone()) {
            (Some(flag), Some((kind, span))) if flag != kind.is_township() => {
                let message = format!(
                    "township = {flag} 与 {} = \"{}\" 相矛盾",
                    schema::BODY.name,
                    kind.name()
                );
                self.error(
                    "type",
                    span,
                    message,
                    "写了 body 就可以删去 township 这一行（乡镇人民政府、街道办事处即是乡镇、街道）",
                );
                flag
            }
            (Some(flag), _) => flag,
            (None, Some((kind, _))) => kind.is_township(),
            (None, None) => looks_like_township(&agency.value),
        };
        let body = body.map_or_else(|| BodyKind::guess(&agency.value, township), |(k, _)| k);
        Some(Meta {
            agency,
            year,
            published,
            title,
            township,
            body,
            previous,
            compare_previous,
            profile,
        })
    }

    /// The `body` key: one of the kinds of `format::bodies`.
    fn body_kind(&mut self, v: &Value) -> Option<(BodyKind, Span)> {
        let written = self.line(v, &what(&schema::BODY))?;
        if let Some(kind) = BodyKind::named(&written.value) {
            return Some((kind, written.span));
        }
        let names: Vec<&str> = BodyKind::ALL.iter().map(|k| k.name()).collect();
        let hint = format!(
            "可用的值：{}；省略这一行则按机关名称判断{}",
            BodyKind::names(),
            did_you_mean(written.value.trim(), &names)
        );
        self.error(
            "type",
            written.span,
            format!(
                "{}不是可用的机关类别：「{}」",
                what(&schema::BODY),
                written.value
            ),
            &hint,
        );
        None
    }

    /// A `true` / `false` key.
    fn flag(&mut self, v: &Value, key: &Key, hint: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                let message = format!(
                    "{} 应为 true 或 false，这里却是{}",
                    key.name,
                    type_name(other)
                );
                self.error("type", v.span(), message, hint);
                None
            }
        }
    }

    fn year(&mut self, v: &Value) -> Option<Sp<i64>> {
        let year = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().parse::<i64>().ok(),
            _ => None,
        };
        let Some(year) = year else {
            let written = v.get_ref().as_str().map(str::trim);
            let hint = match written.and_then(|s| super::written::read(s, true)) {
                Some(w) => format!("{}，也不要加引号", w.advice()),
                None => match written.filter(|s| s.parse::<i64>().is_ok()) {
                    Some(s) => format!("写成 {s}，不加引号"),
                    None => "例如 year = 2024，不加引号".to_string(),
                },
            };
            let message = format!("{}应为四位整数", what(&schema::YEAR));
            self.error("type", v.span(), message, &hint);
            return None;
        };
        if FormatVersion::for_year(year).is_none() {
            self.error(
                "range",
                v.span(),
                format!("报告年度 {year} 不在支持的范围内（{FIRST_YEAR}–{LAST_YEAR} 年）"),
                &format!("{}；更早的报告不适用现行条例", FormatVersion::years_text()),
            );
            return None;
        }
        Some(Sp {
            value: year,
            span: v.span(),
        })
    }

    fn contact(&mut self, v: &Value) -> Option<Contact> {
        let t = self.table(v, schema::CONTACT)?;
        self.unknown_keys(t, &schema::names(&schema::CONTACT_KEYS), schema::CONTACT);
        let mut items = Vec::new();
        for key in &schema::CONTACT_KEYS {
            if let Some(v) = t.get(key.name)
                && let Some(s) = self.line(v, &what(key))
                && !s.value.is_empty()
            {
                items.push((key.label, s.value));
            }
        }
        Some(Contact { items })
    }

    fn closing(&mut self, v: &Value, meta: &Meta) -> Option<Closing> {
        let t = self.table(v, schema::CLOSING)?;
        self.unknown_keys(t, &schema::names(schema::CLOSING_KEYS), schema::CLOSING);
        let text = t
            .get(schema::CLOSING_TEXT.name)
            .and_then(|v| self.line(v, &what(&schema::CLOSING_TEXT)))
            .map_or_else(|| schema::CLOSING_DEFAULT.to_string(), |s| s.value);
        let signature = t
            .get(schema::SIGNATURE.name)
            .and_then(|v| self.line(v, &what(&schema::SIGNATURE)))
            .map_or_else(|| meta.agency.value.clone(), |s| s.value);
        let date = match t.get(schema::CLOSING_DATE.name) {
            Some(v) => self.date(v, &what(&schema::CLOSING_DATE)).map(|d| d.value),
            None => meta.published.as_ref().map(|d| d.value),
        };
        Some(Closing {
            text,
            signature,
            date,
        })
    }

    fn body(
        &mut self,
        v: Option<&Value>,
        key: &'static str,
        version: FormatVersion,
        topics: bool,
    ) -> Body {
        let Some(v) = v else {
            return Body::default();
        };
        let Some(t) = self.table(v, key) else {
            return Body::default();
        };
        self.unknown_keys(t, &["text", "part"], key);
        let lead = t
            .get("text")
            .and_then(|x| self.text(x, &format!("[{key}] text "), version));
        let mut parts = Vec::new();
        if let Some(pv) = t.get("part") {
            match pv.get_ref() {
                DeValue::Array(items) => {
                    if let Some(extra) = items.get(limits::PARTS) {
                        self.error(
                            "limit",
                            extra.span(),
                            format!(
                                "[{key}] 有 {} 个小标题段落 [[{key}.part]]，上限 {} 个",
                                items.len(),
                                limits::PARTS
                            ),
                            "一个部分的小标题不会这么多：请检查是否重复粘贴",
                        );
                    }
                    for item in items.iter().take(limits::PARTS) {
                        if let Some(part) = self.part(item, key, version, topics) {
                            parts.push(part);
                        }
                    }
                }
                other => {
                    let message = format!(
                        "{key}.part 应为一组小标题段落（[[{key}.part]]），这里却是{}",
                        type_name(other)
                    );
                    self.error(
                        "type",
                        pv.span(),
                        message,
                        &format!("每个小标题另起一段：\n[[{key}.part]]\nheading = \"小标题\"\ntext = \"\"\"正文\"\"\""),
                    );
                }
            }
        }
        Body {
            lead,
            parts,
            span: Some(v.span()),
        }
    }

    fn part(
        &mut self,
        v: &Value,
        key: &str,
        version: FormatVersion,
        with_topics: bool,
    ) -> Option<Part> {
        let path = format!("{key}.part");
        let t = self.table(v, &path)?;
        let allowed: &[&str] = if with_topics {
            &["heading", "topics", "text"]
        } else {
            &["heading", "text"]
        };
        self.unknown_keys(t, allowed, &path);
        let heading = match t.get("heading") {
            Some(h) => self.line(h, "小标题 heading ")?,
            None => {
                self.error(
                    "missing",
                    v.span(),
                    format!("[[{path}]] 缺少小标题 heading"),
                    "例如 heading = \"主动公开情况\"（不写序号，（一）（二）由工具自动编排）",
                );
                return None;
            }
        };
        let mut topics = Topic::from_heading(&heading.value);
        if with_topics && let Some(tv) = t.get("topics") {
            topics = self.topics(tv);
        }
        let text = t
            .get("text")
            .and_then(|x| self.text(x, "正文 text ", version));
        Some(Part {
            heading,
            topics,
            text,
            span: v.span(),
        })
    }

    fn topics(&mut self, v: &Value) -> Vec<Topic> {
        let names: Vec<&str> = Topic::ALL.iter().map(|t| t.name()).collect();
        let hint = format!("可选：{}", names.join("、"));
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                "type",
                v.span(),
                "topics 应为数组，例如 [\"主动公开\"]".into(),
                &hint,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref().as_str().map(|s| (s, Topic::from_name(s))) {
                Some((_, Some(topic))) => out.push(topic),
                Some((s, None)) => {
                    let message =
                        format!("「{s}」不是总体情况的规定内容{}", did_you_mean(s, &names));
                    self.error("range", item.span(), message, &hint);
                }
                None => self.error("type", item.span(), "topics 的每一项应为文本".into(), &hint),
            }
        }
        out
    }

    fn table_values(
        &mut self,
        v: &Value,
        version: FormatVersion,
        id: TableId,
    ) -> Option<TableValues> {
        let def = table_def(version, id);
        let Some(t) = self.table(v, id.key()) else {
            // Present but not a table: reported above; no "missing table" as well.
            return Some(TableValues {
                def,
                span: v.span(),
                rows: vec![None; def.fields.len()],
            });
        };
        let keys: Vec<&str> = def.fields.iter().map(|f| f.key).collect();
        self.unknown_keys(t, &keys, id.key());
        let mut rows: Vec<Option<RowValues>> = def
            .fields
            .iter()
            .map(|field| match t.get(field.key) {
                Some(fv) => self.row(fv, field, id),
                None if field.key == t3::TOTAL && id == TableId::Three => None,
                None => {
                    let what = if field.scalar {
                        "一个数".to_string()
                    } else {
                        format!("{} 个数", field.required_len())
                    };
                    self.error(
                        "missing",
                        v.span(),
                        format!(
                            "{}缺少「{}」（键 {}）",
                            id.name(),
                            field.full_label(),
                            field.key
                        ),
                        &format!("补上 {} = …（{what}；没有发生写 0）", field.key),
                    );
                    None
                }
            })
            .collect();
        if id == TableId::Three && t.get(t3::TOTAL).is_none() {
            rows[def.field_index(t3::TOTAL)] =
                computed_total(&rows, &def.outcome_fields(), v.span());
        }
        Some(TableValues {
            def,
            span: v.span(),
            rows,
        })
    }

    fn row(&mut self, v: &Value, field: &Field, id: TableId) -> Option<RowValues> {
        let place = format!("{}「{}」", id.name(), field.full_label());
        let labels: Vec<&str> = field.columns.iter().map(|c| c.label).collect();
        if field.scalar {
            let figure = self.figure(v, field.columns[0].kind, &place)?;
            return Some(RowValues {
                span: v.span(),
                cells: vec![figure],
            });
        }
        let DeValue::Array(items) = v.get_ref() else {
            let message = format!(
                "{place}应为 {} 个数组成的数组，这里却是{}",
                field.required_len(),
                type_name(v.get_ref())
            );
            let hint = format!("按列顺序写：[{}]", labels.join(", "));
            self.error("type", v.span(), message, &hint);
            return None;
        };
        let raw = self.source.get(v.span()).unwrap_or("");
        if let Some(at) = grouped_figure(raw) {
            let start = v.span().start;
            let grouped = &raw[at.clone()];
            let (a, b) = grouped.split_once(',').unwrap_or((grouped, ""));
            self.error(
                "type",
                start + at.start..start + at.end,
                format!("{place}中的「{grouped}」被读成了 {a} 和 {b} 两个数"),
                &format!("数字不加千位分隔符：写成 {}", grouped.replace(',', "")),
            );
            return None;
        }
        let n = items.len();
        let full = field.columns.len();
        if n != full && n != field.required_len() {
            let expected = match field.total {
                Some(_) => format!(
                    "{} 个数（总计可省略，省略时自动计算）或 {full} 个数",
                    full - 1
                ),
                None => format!("{full} 个数"),
            };
            let message = format!("{place}应有 {expected}，这里有 {n} 个");
            let hint = format!("列的顺序：{}", labels.join("、"));
            self.error("shape", v.span(), message, &hint);
            return None;
        }
        let mut cells = Vec::with_capacity(full);
        let mut ok = true;
        for (item, column) in items.iter().zip(&field.columns) {
            let cell_place = format!("{place}「{}」", column.label);
            match self.figure(item, column.kind, &cell_place) {
                Some(f) => cells.push(f),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        if n < full {
            cells.push(Figure {
                value: Number::Int(sum_counts(&cells)),
                span: None,
            });
        }
        Some(RowValues {
            span: v.span(),
            cells,
        })
    }

    fn figure(&mut self, v: &Value, kind: ValueKind, place: &str) -> Option<Figure> {
        let span = v.span();
        let raw = self.source.get(span.clone()).unwrap_or("").trim();
        let number = match (v.get_ref(), kind) {
            (DeValue::Integer(i), ValueKind::Amount) => {
                let text = i.as_str();
                if i.radix() != 10 || text.starts_with('-') {
                    None
                } else {
                    Amount::parse(text.trim_start_matches('+')).map(Number::Amount)
                }
            }
            (DeValue::Float(f), ValueKind::Amount) => {
                Amount::parse(f.as_str().trim_start_matches('+')).map(Number::Amount)
            }
            (DeValue::Integer(i), _) if i.radix() == 10 => {
                i.as_str().parse::<i64>().ok().map(Number::Int)
            }
            _ => None,
        };
        let problem = match (&number, v.get_ref()) {
            (Some(Number::Int(n)), _) if *n < 0 && kind != ValueKind::Signed => Some((
                format!("{place}是负数 {n}"),
                "件数不能为负数，请核对后填写".to_string(),
            )),
            (Some(Number::Int(n)), _) if n.unsigned_abs() > MAX_FIGURE.unsigned_abs() => Some((
                format!("{place}的数值 {n} 大得不合常理"),
                format!("每个数最多 12 位（不超过 {MAX_FIGURE}）；请核对是否多打了数字"),
            )),
            (Some(_), _) => None,
            (None, DeValue::Integer(i)) if i.radix() != 10 => {
                let (name, value) = radix_reading(i.as_str(), i.radix());
                let hint = match value {
                    Some(v) => format!("写成十进制数：{v}（这里不需要 0x、0o、0b 前缀）"),
                    None => "写成普通的十进制数，不加 0x、0o、0b 前缀".to_string(),
                };
                Some((format!("{place}写成了{name}数 {raw}"), hint))
            }
            (None, DeValue::Integer(_)) if kind != ValueKind::Amount => Some((
                format!("{place}的数值 {raw} 超出了可以表示的范围"),
                format!("每个数最多 12 位（不超过 {MAX_FIGURE}）；请核对是否多打了数字"),
            )),
            (None, DeValue::Float(_)) if kind != ValueKind::Amount => Some((
                format!("{place}应为整数，这里却是小数 {raw}"),
                "件数是整数；只有行政事业性收费（万元）等金额可以有小数".to_string(),
            )),
            (None, DeValue::Float(_) | DeValue::Integer(_)) if kind == ValueKind::Amount => Some((
                format!("{place}的金额 {raw} 写法不对"),
                "金额写成不带正负号的普通小数，例如 12.5；单位是万元".to_string(),
            )),
            (None, DeValue::String(s)) => {
                let s = s.trim();
                let hint = if s.parse::<f64>().is_ok() {
                    format!("数字不要加引号：写 {s}，而不是 \"{s}\"")
                } else if let Some(w) = super::written::read(s, true) {
                    format!("{}，也不要加引号", w.advice())
                } else {
                    not_a_number_hint(s)
                };
                Some((format!("{place}应为数字，这里却是文本 {raw}"), hint))
            }
            (None, other) => Some((
                format!("{place}应为数字，这里却是{}", type_name(other)),
                "这里只能填数字；没有发生的情况写 0".to_string(),
            )),
        };
        if let Some((message, hint)) = problem {
            let rule = if message.contains("负数")
                || message.contains("不合常理")
                || message.contains("超出了")
            {
                "range"
            } else {
                "type"
            };
            self.error(rule, span, message, &hint);
            return None;
        }
        number.map(|value| Figure {
            value,
            span: Some(span),
        })
    }
}

/// Where a figure with a thousands comma stands in an array's text (`1,700`
/// in `[4, 1,700, 0]`, which TOML reads as two numbers): a comma between a
/// digit and three digits, in an array whose other commas are followed by a
/// space, as people and this tool write them.
fn grouped_figure(array: &str) -> Option<Span> {
    if !array.contains(", ") {
        return None;
    }
    let b = array.as_bytes();
    (1..b.len()).find_map(|i| {
        if b[i] != b',' {
            return None;
        }
        // Not in a comment inside the array.
        let line = array[..i].rfind('\n').map_or(0, |j| j + 1);
        if array[line..i].contains('#') {
            return None;
        }
        let group = b.get(i + 1..i + 4)?;
        let after = b.get(i + 4).copied().unwrap_or(b']');
        let start = (0..i)
            .rev()
            .find(|&j| !b[j].is_ascii_digit())
            .map_or(0, |j| j + 1);
        (b[i - 1].is_ascii_digit()
            && group.iter().all(u8::is_ascii_digit)
            && !after.is_ascii_digit()
            && i - start <= 3)
            .then_some(start..i + 4)
    })
}

/// （七）总计 left out of the file: the column sums of the outcome rows, when all were read.
fn computed_total(rows: &[Option<RowValues>], outcomes: &[usize], span: Span) -> Option<RowValues> {
    let read: Vec<&RowValues> = outcomes.iter().filter_map(|&i| rows[i].as_ref()).collect();
    if read.len() != outcomes.len() {
        return None;
    }
    let columns = read.first()?.cells.len();
    let cells = (0..columns)
        .map(|c| Figure {
            value: Number::Int(
                read.iter()
                    .filter_map(|r| r.cells[c].value.as_int())
                    .fold(0i64, i64::saturating_add),
            ),
            span: None,
        })
        .collect();
    Some(RowValues { span, cells })
}

/// Characters no report text may hold: controls other than tab and line breaks,
/// and the two noncharacters XML cannot carry.
pub fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Where in the quoted string at `span` the character `c` was written, as an escape
/// (`\u001B`, `\U0000001B`, `\b`, `\f`, `\e`) or raw; the whole string when not found.
fn escape_span(source: &str, span: Span, c: char) -> Span {
    let Some(raw) = source.get(span.clone()) else {
        return span;
    };
    let code = c as u32;
    let mut forms = vec![
        format!("\\u{code:04x}"),
        format!("\\u{code:04X}"),
        format!("\\U{code:08x}"),
        format!("\\U{code:08X}"),
        c.to_string(),
    ];
    match c {
        '\u{8}' => forms.push("\\b".into()),
        '\u{c}' => forms.push("\\f".into()),
        '\u{1b}' => forms.push("\\e".into()),
        _ => {}
    }
    forms
        .iter()
        .filter_map(|f| raw.find(f.as_str()).map(|i| (i, f.len())))
        .min()
        .map_or(span.clone(), |(i, len)| {
            span.start + i..span.start + i + len
        })
}

/// The name of a TOML integer's base and its value, for `0x10`, `0o20`, `0b1`.
fn radix_reading(text: &str, radix: u32) -> (&'static str, Option<i64>) {
    let name = match radix {
        16 => "十六进制",
        8 => "八进制",
        2 => "二进制",
        _ => "非十进制",
    };
    let unsigned = text.trim_start_matches(['+', '-']);
    let digits: String = ["0x", "0o", "0b", "0X", "0O", "0B"]
        .iter()
        .find_map(|p| unsigned.strip_prefix(p))
        .unwrap_or(unsigned)
        .chars()
        .filter(|&c| c != '_')
        .collect();
    let value = i64::from_str_radix(&digits, radix)
        .ok()
        .map(|v| if text.starts_with('-') { -v } else { v });
    (name, value)
}

/// A 街道/乡镇 body judged from its name.
fn looks_like_township(agency: &str) -> bool {
    [
        "街道办事处",
        "街道办",
        "镇人民政府",
        "乡人民政府",
        "镇政府",
        "乡政府",
        "苏木",
    ]
    .iter()
    .any(|w| agency.contains(w))
        || agency.ends_with("街道")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_spellings() {
        assert_eq!(
            parse_date_text("2024年1月15日"),
            NaiveDate::from_ymd_opt(2024, 1, 15)
        );
        assert_eq!(
            parse_date_text("2024-01-15"),
            NaiveDate::from_ymd_opt(2024, 1, 15)
        );
        assert_eq!(parse_date_text("2024年13月15日"), None);
    }

    #[test]
    fn thousands_commas_in_arrays() {
        assert_eq!(grouped_figure("[0, 1,700, 0]"), Some(4..9));
        assert_eq!(grouped_figure("[0, 12,345]"), Some(4..10));
        assert_eq!(grouped_figure("[0,1,2]"), None);
        assert_eq!(grouped_figure("[100,200,300]"), None);
        assert_eq!(grouped_figure("[0, 1, 700]"), None);
        assert_eq!(grouped_figure("[0, 1,7000, 0]"), None);
        assert_eq!(grouped_figure("[\n  0, # 原文 1,700\n  1, 2]"), None);
    }

    #[test]
    fn township_names() {
        assert!(looks_like_township("某某区某某街道办事处"));
        assert!(looks_like_township("某某县某某镇人民政府"));
        assert!(!looks_like_township("厦门市医疗保障局"));
    }
}
