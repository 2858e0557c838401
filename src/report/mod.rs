//! The report as the clerk wrote it: metadata, narrative and figures.

mod file_name;
mod narrative;
mod number;
pub mod parse;
pub mod schema;
mod syntax;
pub mod written;

pub use file_name::report_file_name;

pub use narrative::{Inline, ParaKind, Paragraph, locate, parse_narrative};
pub use number::{Amount, MAX_FIGURE, Number};
pub use parse::{Parsed, parse_report};

use chrono::NaiveDate;

use crate::diag::Span;
use crate::format::bodies::BodyKind;
use crate::format::{FormatVersion, TableDef, TableId, Topic};

/// A value with the place it was written.
#[derive(Clone, Debug)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

/// A whole report file.
#[derive(Clone, Debug)]
pub struct Report {
    pub meta: Meta,
    pub format: FormatVersion,
    pub contact: Option<Contact>,
    pub closing: Option<Closing>,
    /// 引言 before section 一.
    pub intro: Option<Text>,
    /// 一、总体情况.
    pub overview: Body,
    /// 五、存在的主要问题及改进情况.
    pub problems: Body,
    /// 六、其他需要报告的事项.
    pub other: Body,
    /// Tables 二, 三, 四 (indexed by `TableId as usize`); `None` when missing from the file.
    pub tables: [Option<TableValues>; 3],
}

impl Report {
    pub fn table(&self, id: TableId) -> Option<&TableValues> {
        self.tables[id as usize].as_ref()
    }

    /// The report's title: the one given, or 「{机关}{年份}年政府信息公开工作年度报告」.
    pub fn title(&self) -> String {
        match &self.meta.title {
            Some(t) => t.value.clone(),
            None => default_title(&self.meta.agency.value, self.meta.year.value),
        }
    }

    /// Every narrative text with the section it belongs to, in reading order.
    pub fn narrative_texts(&self) -> Vec<(&'static str, &Text)> {
        let mut out = Vec::new();
        if let Some(t) = &self.intro {
            out.push(("引言", t));
        }
        for (name, body) in [
            ("一、总体情况", &self.overview),
            ("五、存在的主要问题及改进情况", &self.problems),
            ("六、其他需要报告的事项", &self.other),
        ] {
            out.extend(body.texts().into_iter().map(|t| (name, t)));
        }
        out
    }
}

pub fn default_title(agency: &str, year: i64) -> String {
    format!("{agency}{year}年政府信息公开工作年度报告")
}

#[derive(Clone, Debug)]
pub struct Meta {
    pub agency: Sp<String>,
    pub year: Sp<i64>,
    pub published: Option<Sp<NaiveDate>>,
    pub title: Option<Sp<String>>,
    /// A 街道/乡镇 body (R11); from the file or judged from the agency name.
    pub township: bool,
    /// The kind of body (deadline, C7): the `body` key, or judged from the
    /// agency name and `township`.
    pub body: BodyKind,
    /// Last year's report file, as written (relative to this file).
    pub previous: Option<Sp<String>>,
    /// The built report ends with the 附表 comparing it with `previous`.
    pub compare_previous: Option<Sp<bool>>,
    /// The regional profile to check against: a built-in name or a file.
    pub profile: Option<Sp<String>>,
}

/// Contact details (地址、邮编、电话、传真、电子邮箱、网址), in that order.
#[derive(Clone, Debug, Default)]
pub struct Contact {
    pub items: Vec<(&'static str, String)>,
}

/// The closing: 「特此报告。」, signature and date.
#[derive(Clone, Debug)]
pub struct Closing {
    pub text: String,
    pub signature: String,
    pub date: Option<NaiveDate>,
}

/// A narrative string: its paragraphs and where it was written.
#[derive(Clone, Debug)]
pub struct Text {
    pub raw: String,
    pub span: Span,
    pub paragraphs: Vec<Paragraph>,
}

impl Text {
    pub fn is_blank(&self) -> bool {
        self.paragraphs.is_empty()
    }
}

/// A narrative section: an optional lead text, then sub-headed parts.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub lead: Option<Text>,
    pub parts: Vec<Part>,
    /// Where the section's table starts, if it was written at all.
    pub span: Option<Span>,
}

impl Body {
    pub fn texts(&self) -> Vec<&Text> {
        self.lead
            .iter()
            .chain(self.parts.iter().filter_map(|p| p.text.as_ref()))
            .collect()
    }

    /// All the section's words, headings included, for content checks.
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        if let Some(t) = &self.lead {
            s.push_str(&t.raw);
        }
        for p in &self.parts {
            s.push('\n');
            s.push_str(&p.heading.value);
            if let Some(t) = &p.text {
                s.push('\n');
                s.push_str(&t.raw);
            }
        }
        s
    }

    pub fn is_blank(&self) -> bool {
        self.lead.as_ref().is_none_or(Text::is_blank) && self.parts.is_empty()
    }
}

/// A sub-headed part, rendered 「（一）heading」.
#[derive(Clone, Debug)]
pub struct Part {
    pub heading: Sp<String>,
    pub topics: Vec<Topic>,
    pub text: Option<Text>,
    pub span: Span,
}

/// One table's figures.
#[derive(Clone, Debug)]
pub struct TableValues {
    pub def: &'static TableDef,
    pub span: Span,
    /// One row per field of the definition, in its order; `None` when missing or invalid.
    pub rows: Vec<Option<RowValues>>,
}

impl TableValues {
    /// True when every field was read.
    pub fn is_complete(&self) -> bool {
        self.rows.iter().all(Option::is_some)
    }

    pub fn row(&self, key: &str) -> Option<&RowValues> {
        self.rows[self.def.field_index(key)].as_ref()
    }

    /// A count, when the row was read.
    pub fn count(&self, key: &str, column: usize) -> Option<i64> {
        self.row(key).and_then(|r| r.cells[column].value.as_int())
    }
}

/// The figures of one field.
#[derive(Clone, Debug)]
pub struct RowValues {
    pub span: Span,
    pub cells: Vec<Figure>,
}

/// One figure.
#[derive(Clone, Debug)]
pub struct Figure {
    pub value: Number,
    /// Where it was written; `None` for a computed total.
    pub span: Option<Span>,
}

/// The sum of the whole counts among `cells`.
pub fn sum_counts(cells: &[Figure]) -> i64 {
    cells
        .iter()
        .filter_map(|c| c.value.as_int())
        .fold(0i64, i64::saturating_add)
}

impl Figure {
    pub fn given(&self) -> bool {
        self.span.is_some()
    }
}
