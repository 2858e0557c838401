//! What the editing page shows, as JSON: the three official grids from the
//! format definition, the values as the file has them, the narrative, the
//! metadata and every `check` finding placed beside the cell or text it concerns.

use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use toml_edit::{Document, Item, Table, Value};

use super::merge::shown;
use super::totals;
use super::wording::{Names, for_page, hint_for_page, meta_label};

/// A value as the file writes it: a number with its digits (`12.30`), from the
/// file's own text (a parsed `Document` keeps only the place of a number's digits).
fn as_written(v: &Value, text: &str) -> String {
    match v.span().and_then(|span| text.get(span)) {
        Some(raw) if !v.is_str() => raw.trim().to_string(),
        _ => shown(v),
    }
}
use super::write::meta_keys;
use crate::diag::{Diagnostic, SourceFile};
use crate::format::{
    CellKind, FormatVersion, SectionId, TableDef, TableId, ValueKind, t3, tables_for,
};
use crate::report::Report;
use crate::report::schema;

/// A short fingerprint of the file's bytes: the page sends it back with every
/// write, and a write made against another version of the file is refused.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}-{}", bytes.len())
}

#[derive(Serialize)]
pub struct State {
    pub fingerprint: String,
    pub file: String,
    /// The format's circular, when the year is known.
    pub format: Option<&'static str>,
    /// Why the file cannot be edited in the page at all (not TOML, not UTF-8), if so.
    pub blocked: Option<String>,
    /// For a file saved as GBK or UTF-16: the name of the UTF-8 copy offered.
    pub convert: Option<String>,
    /// For a file not there yet: the year proposed; the page asks 机关名称 and 年度.
    pub create: Option<i64>,
    pub meta: Vec<MetaField>,
    pub tables: Vec<TableView>,
    pub sections: Vec<SectionView>,
    pub citations: Vec<Citation>,
    pub findings: Vec<Finding>,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Serialize)]
pub struct MetaField {
    pub key: String,
    pub label: &'static str,
    pub value: String,
    /// The values the form offers, the first (empty) one leaving the key out;
    /// `None` for free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<String>>,
}

/// The values offered for `key`, with the file's own `value` among them.
fn choices_of(key: &schema::Key, value: &str) -> Option<Vec<String>> {
    let mut list = match key.choice {
        schema::Choice::Free => return None,
        schema::Choice::Body => crate::format::bodies::BodyKind::ALL
            .iter()
            .map(|b| b.name().to_string())
            .collect(),
        schema::Choice::Profile => crate::check::built_in_profiles(),
    };
    list.insert(0, String::new());
    if !list.iter().any(|c| c == value) {
        list.push(value.to_string());
    }
    Some(list)
}

#[derive(Serialize)]
pub struct TableView {
    pub key: &'static str,
    pub heading: String,
    pub widths: Vec<f32>,
    pub header_rows: usize,
    pub rows: Vec<Vec<CellView>>,
    pub balance: Option<Balance>,
}

/// Table 三's 勾稽关系 (一 + 二 = （七）总计 + 四), computed live by the page.
#[derive(Serialize)]
pub struct Balance {
    pub left: Vec<Term>,
    pub right: Vec<Term>,
    /// Column labels, for the columns that do not balance.
    pub columns: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct Term {
    /// The row's short name: 「一」, 「（七）总计」.
    pub label: String,
    pub field: &'static str,
}

#[derive(Serialize)]
pub struct CellView {
    /// `head`, `label` or `value`.
    pub kind: &'static str,
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    /// For value cells: `table.field.column`.
    pub loc: Option<String>,
    /// `count`, `signed` or `amount`.
    pub number: Option<&'static str>,
    /// The official label of the cell, for screen readers and messages.
    pub title: Option<String>,
    /// A 总计 (or table 三's （七）总计 row): computed by the page, not typed.
    pub computed: bool,
    /// The cells a computed cell is the sum of.
    pub parts: Vec<String>,
    /// False when the file writes a computed cell that disagrees with its parts.
    pub agrees: bool,
}

#[derive(Serialize)]
pub struct SectionView {
    pub key: &'static str,
    pub heading: String,
    pub lead: String,
    pub has_parts: bool,
    pub parts: Vec<PartView>,
}

#[derive(Serialize)]
pub struct PartView {
    pub heading: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct Citation {
    pub code: String,
    pub label: String,
}

#[derive(Serialize)]
pub struct Finding {
    /// Where it shows in the page; `None` for the list at the top.
    pub loc: Option<String>,
    pub severity: &'static str,
    pub rule: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// Reads, checks and describes the file's text for the page: the findings
/// are those `nianbao check` gives the file at `path` (with last year's
/// report and the profile it names).
pub fn build(file: &SourceFile, path: &Path, bytes: &[u8]) -> State {
    let parsed = crate::load::check_source(file.clone(), path);
    let diagnostics = parsed.diagnostics;
    let doc = Document::parse(file.text.as_str()).ok();
    let version = parsed.report.as_ref().map(|r| r.format).or_else(|| {
        doc.as_ref()
            .and_then(|d| d.get("report")?.get("year")?.as_integer())
            .and_then(FormatVersion::for_year)
    });
    let mut places = Vec::new();
    let mut state = State {
        fingerprint: fingerprint(bytes),
        file: file.path.display().to_string(),
        format: version.map(FormatVersion::circular),
        blocked: None,
        convert: None,
        create: None,
        meta: Vec::new(),
        tables: Vec::new(),
        sections: Vec::new(),
        citations: Vec::new(),
        findings: Vec::new(),
        errors: diagnostics.iter().filter(|d| d.is_error()).count(),
        warnings: diagnostics.iter().filter(|d| !d.is_error()).count(),
    };
    match &doc {
        Some(doc) => {
            let root = doc.as_table();
            state.meta = meta(root, &file.text, &mut places);
            if let Some(version) = version {
                state.tables = tables(
                    root,
                    &file.text,
                    file.text.parse().ok().as_ref(),
                    version,
                    parsed.report.as_ref(),
                    &mut places,
                );
                state.citations = citations(version);
            } else {
                state.blocked =
                    Some("请先在上面填写正确的报告年度，表格随年度选用对应的格式".into());
            }
            state.sections = sections(root, &mut places);
        }
        None => {
            state.blocked = Some(
                "文件不是有效的 TOML，无法在页面中编辑；请按下面的提示在文本编辑器中改正后刷新本页"
                    .into(),
            );
        }
    }
    let names = Names::new(version);
    state.findings = diagnostics
        .iter()
        .map(|d| finding(d, &places, &names))
        .collect();
    state
}

/// The page for a file it must not edit: nothing typable, only why, and for a
/// file in another encoding the offer of a UTF-8 copy.
pub fn unreadable(path: &std::path::Path, bytes: &[u8], why: &super::Unreadable) -> State {
    let (blocked, convert) = match why {
        super::Unreadable::Io(m) => (m.clone(), None),
        super::Unreadable::Encoding {
            finding, foreign, ..
        } => {
            let mut text = format!("无法编辑：{}。", finding.message);
            match foreign {
                Some(name) => text.push_str(&format!(
                    "文件看来是 {name} 编码；为了不损坏它，页面不会修改它。可以另存一份 UTF-8 副本并编辑副本，原文件保持不变。"
                )),
                None => {
                    if let Some(hint) = &finding.hint {
                        text.push_str(hint);
                    }
                }
            }
            let copy = foreign.map(|_| {
                super::encoding::copy_path(path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            (text, copy)
        }
    };
    State {
        fingerprint: fingerprint(bytes),
        file: path.display().to_string(),
        format: None,
        blocked: Some(blocked),
        convert,
        create: None,
        meta: Vec::new(),
        tables: Vec::new(),
        sections: Vec::new(),
        citations: Vec::new(),
        findings: Vec::new(),
        errors: 1,
        warnings: 0,
    }
}

/// The first screen for a file not there yet.
pub fn to_create(path: &std::path::Path, year: i64) -> State {
    State {
        fingerprint: String::new(),
        file: path.display().to_string(),
        format: None,
        blocked: None,
        convert: None,
        create: Some(year),
        meta: Vec::new(),
        tables: Vec::new(),
        sections: Vec::new(),
        citations: Vec::new(),
        findings: Vec::new(),
        errors: 0,
        warnings: 0,
    }
}

/// A place in the page and the bytes of the file it shows.
type Place = (String, Range<usize>);

/// A finding as the page shows it: placed beside its box or cell, in the page's
/// words (the command line keeps the file's keys and positions).
fn finding(d: &Diagnostic, places: &[Place], names: &Names) -> Finding {
    let loc = d.span.as_ref().and_then(|span| {
        places
            .iter()
            .filter(|(_, r)| {
                r.start <= span.start
                    && (span.start < r.end || (span.is_empty() && span.start == r.end))
            })
            .min_by_key(|(_, r)| r.len())
            .map(|(loc, _)| loc.clone())
    });
    Finding {
        loc,
        severity: if d.is_error() { "error" } else { "warning" },
        rule: d.rule,
        message: for_page(&d.message, names),
        hint: d.hint.as_deref().and_then(|h| hint_for_page(h, names)),
    }
}

fn note(places: &mut Vec<Place>, loc: String, span: Option<Range<usize>>) {
    if let Some(span) = span {
        places.push((loc, span));
    }
}

fn meta(root: &Table, text: &str, places: &mut Vec<Place>) -> Vec<MetaField> {
    for table in [schema::REPORT, schema::CONTACT, schema::CLOSING] {
        note(places, table.into(), root.get(table).and_then(Item::span));
    }
    meta_keys()
        .into_iter()
        .map(|key| {
            let (table, name) = key.split_once('.').unwrap_or(("", ""));
            let item = root.get(table).and_then(|t| t.get(name));
            note(places, key.clone(), item.and_then(Item::span));
            let value = item
                .and_then(Item::as_value)
                .map(|v| as_written(v, text))
                .unwrap_or_default();
            MetaField {
                label: meta_label(&key),
                choices: schema::find(&key).and_then(|k| choices_of(k, &value)),
                key,
                value,
            }
        })
        .collect()
}

fn number_kind(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Count => "count",
        ValueKind::Signed => "signed",
        ValueKind::Amount => "amount",
    }
}

fn tables(
    root: &Table,
    source: &str,
    editable: Option<&toml_edit::DocumentMut>,
    version: FormatVersion,
    report: Option<&Report>,
    places: &mut Vec<Place>,
) -> Vec<TableView> {
    tables_for(version)
        .into_iter()
        .map(|def| {
            let key = def.id.key();
            let table = root.get(key);
            note(places, key.into(), table.and_then(Item::span));
            let rows = def
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| {
                            let (kind, text) = match &cell.kind {
                                CellKind::Header(t) => ("head", (*t).to_string()),
                                CellKind::Label(t) => ("label", (*t).to_string()),
                                CellKind::Value { .. } => ("value", String::new()),
                            };
                            let mut view = CellView {
                                kind,
                                text,
                                rowspan: cell.rowspan,
                                colspan: cell.colspan,
                                loc: None,
                                number: None,
                                title: None,
                                computed: false,
                                parts: Vec::new(),
                                agrees: true,
                            };
                            if let CellKind::Value { field, column } = cell.kind {
                                let f = &def.fields[field];
                                let loc = format!("{key}.{}.{column}", f.key);
                                let item = table.and_then(|t| t.get(f.key));
                                note(
                                    places,
                                    format!("{key}.{}", f.key),
                                    item.and_then(Item::span),
                                );
                                let value = match item {
                                    Some(Item::Value(Value::Array(a))) => a.get(column),
                                    Some(Item::Value(v)) if f.scalar => Some(v),
                                    _ => None,
                                };
                                note(places, loc.clone(), value.and_then(Value::span));
                                view.text =
                                    value.map(|v| as_written(v, source)).unwrap_or_default();
                                if let Some(parts) = totals::parts_of(def, (field, column)) {
                                    view.computed = true;
                                    view.parts = parts
                                        .iter()
                                        .map(|(i, c)| format!("{key}.{}.{c}", def.fields[*i].key))
                                        .collect();
                                    view.agrees = editable
                                        .is_none_or(|d| totals::agrees(d, def, (field, column)));
                                    if value.is_none() {
                                        view.text = report
                                            .and_then(|r| r.table(def.id))
                                            .and_then(|t| t.rows[field].as_ref())
                                            .map(|r| r.cells[column].value.to_string())
                                            .unwrap_or_default();
                                    }
                                }
                                view.number = Some(number_kind(f.columns[column].kind));
                                view.title = Some(format!(
                                    "{}「{}」",
                                    f.full_label(),
                                    f.columns[column].label
                                ));
                                view.loc = Some(loc);
                            }
                            view
                        })
                        .collect()
                })
                .collect();
            TableView {
                key,
                heading: def.id.section().heading(),
                widths: def.column_widths.clone(),
                header_rows: def.header_rows,
                rows,
                balance: balance(def),
            }
        })
        .collect()
}

/// Table 三's 勾稽关系 from the format's own rows and labels.
fn balance(def: &TableDef) -> Option<Balance> {
    if def.id != TableId::Three {
        return None;
    }
    let term = |key: &'static str| {
        def.field(key).map(|(_, f)| Term {
            label: f.label.split('、').next().unwrap_or(f.label).to_string(),
            field: f.key,
        })
    };
    Some(Balance {
        left: vec![term(t3::NEW)?, term(t3::CARRIED_OVER)?],
        right: vec![term(t3::TOTAL)?, term(t3::CARRY_FORWARD)?],
        columns: def
            .fields
            .first()?
            .columns
            .iter()
            .map(|c| c.label)
            .collect(),
    })
}

fn text_of(item: Option<&Item>) -> String {
    let text = item
        .and_then(Item::as_str)
        .unwrap_or_default()
        .trim_end_matches('\n');
    text.to_string()
}

fn sections(root: &Table, places: &mut Vec<Place>) -> Vec<SectionView> {
    let all = [
        ("intro", "引言".to_string(), false),
        ("overview", SectionId::Overview.heading(), true),
        ("problems", SectionId::Problems.heading(), true),
        ("other", SectionId::Other.heading(), true),
    ];
    all.into_iter()
        .map(|(key, heading, has_parts)| {
            let t = root.get(key);
            note(places, key.into(), t.and_then(Item::span));
            let lead = t.and_then(|t| t.get("text"));
            note(places, format!("{key}.text"), lead.and_then(Item::span));
            let parts = t
                .and_then(|t| t.get("part"))
                .and_then(Item::as_array_of_tables)
                .map(|parts| {
                    parts
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let heading = p.get("heading");
                            let text = p.get("text");
                            note(places, format!("{key}.part.{i}"), p.span());
                            note(
                                places,
                                format!("{key}.part.{i}.heading"),
                                heading.and_then(Item::span),
                            );
                            note(
                                places,
                                format!("{key}.part.{i}.text"),
                                text.and_then(Item::span),
                            );
                            PartView {
                                heading: heading
                                    .and_then(Item::as_str)
                                    .unwrap_or_default()
                                    .to_string(),
                                text: text_of(text),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            SectionView {
                key,
                heading,
                lead: text_of(lead),
                has_parts,
                parts,
            }
        })
        .collect()
}

/// Every figure the narrative may cite, from the format definition.
fn citations(version: FormatVersion) -> Vec<Citation> {
    let mut out = Vec::new();
    for def in tables_for(version) {
        let key = def.id.key();
        for f in &def.fields {
            let whole = if f.columns.len() == 1 {
                Some(0)
            } else {
                f.total
            };
            if let Some(c) = whole {
                out.push(Citation {
                    code: format!("{{{key}.{}}}", f.key),
                    label: format!(
                        "{} {}「{}」",
                        def.id.name(),
                        f.full_label(),
                        f.columns[c].label
                    ),
                });
            }
            if f.columns.len() > 1 {
                for c in &f.columns {
                    out.push(Citation {
                        code: format!("{{{key}.{}.{}}}", f.key, c.key),
                        label: format!("{} {}「{}」", def.id.name(), f.full_label(), c.label),
                    });
                }
            }
        }
    }
    out
}
