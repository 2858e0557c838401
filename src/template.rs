//! The report file `nianbao new` writes: every key present, every label beside it.

use std::fmt::Write as _;

use crate::format::bodies::BodyKind;
use crate::format::placeholder::DRAFT_MARK;
use crate::format::{
    APPLICANT_COLUMNS, Column, Field, FormatVersion, OUTCOME_COLUMNS, SectionId, TableId, Topic,
    ValueKind, table_def,
};
use crate::report::schema::{self, CONTACT_KEYS, Key, KeyKind};
use crate::report::{Body, Report};

/// Hints for the five required parts of section 一.
const OVERVIEW_PARTS: [(&str, &str); 5] = [
    (
        "主动公开情况",
        "本年度主动公开的政府信息数量、重点领域信息公开、政策解读和回应关切等",
    ),
    (
        "依申请公开情况",
        "收到和办理政府信息公开申请的总体情况，可写 {table3.new_requests} 引用表三的数字",
    ),
    (
        "政府信息管理情况",
        "公开属性源头认定、发布审核、保密审查、规范性文件清理等",
    ),
    (
        "政府信息公开平台建设情况",
        "政府网站信息公开专栏、政务新媒体等平台的建设和管理",
    ),
    (
        "监督保障情况",
        "工作机构和人员、培训、考核、社会评议和责任追究等",
    ),
];

/// A fresh report file for an agency and year.
pub fn new_report(agency: &str, year: i64) -> String {
    let version = FormatVersion::for_year(year).expect("year checked by the caller");
    let mut s = header(agency, year, version, &Meta::default());
    let _ = writeln!(
        s,
        "\n[intro]  # 引言（可省略）：编制依据、报告的六个部分、统计期限、联系方式等"
    );
    let _ = writeln!(s, "text = \"\"\"\n\"\"\"");
    let _ = writeln!(s, "\n[overview]  # {}", SectionId::Overview.heading());
    let _ = writeln!(
        s,
        "# 开头的概述段落（可省略）。正文每行一段；**文字** 为粗体；以“- ”开头的行自动编号为 1. 2. …"
    );
    let _ = writeln!(s, "text = \"\"\"\n\"\"\"");
    for (heading, hint) in OVERVIEW_PARTS {
        part(&mut s, "overview", heading, hint, "");
    }
    let _ = writeln!(
        s,
        "# 需要更多小标题时，照样增加 [[overview.part]]；小标题写法不同时用 topics = [\"依申请公开\"] 注明所写方面"
    );
    tables(&mut s, version, &|_, _| None);
    narrative_tail(&mut s, "", "");
    s
}

/// A 汇总 report file: the given statement as 引言, the overview parts to write,
/// tables whose every field is written by `values` (field index → TOML value),
/// and the per-unit appendix in 六、其他需要报告的事项; `previous` is last year's
/// 汇总 report file, beside it.
pub fn summed_report(
    agency: &str,
    year: i64,
    statement: &str,
    appendix: &str,
    previous: Option<&str>,
    values: &dyn Fn(TableId, usize) -> String,
) -> String {
    let version = FormatVersion::for_year(year).expect("year checked by the caller");
    let meta = Meta {
        previous,
        ..Meta::default()
    };
    let mut s = header(agency, year, version, &meta);
    let _ = writeln!(
        s,
        "\n[intro]  # 引言：汇总说明（由 nianbao aggregate 写出，可补充）"
    );
    let _ = writeln!(s, "text = {}", multiline(statement));
    let _ = writeln!(s, "\n[overview]  # {}", SectionId::Overview.heading());
    let _ = writeln!(s, "text = \"\"\"\n\"\"\"");
    for (heading, hint) in OVERVIEW_PARTS {
        part(&mut s, "overview", heading, hint, "");
    }
    let _ = writeln!(
        s,
        "\n# 以下三张表是各单位报告逐格相加的结果（nianbao aggregate 写出），请勿手改"
    );
    tables(&mut s, version, &|id, field| {
        Some(Row {
            value: values(id, table_def(version, id).field_index(field.key)),
            note: String::new(),
        })
    });
    narrative_tail(&mut s, "", appendix);
    s
}

/// Next year's report file, rolled forward from last year's; `from` is last
/// year's file relative to the new one, written as its `previous` key so that
/// `check` and `build` compare with it.
pub fn roll_forward(last: &Report, from: Option<&str>) -> String {
    let year = last.meta.year.value + 1;
    let version = FormatVersion::for_year(year).unwrap_or(FormatVersion::latest());
    let agency = &last.meta.agency.value;
    // A kind of body the name does not tell is carried over.
    let guessed = BodyKind::guess(agency, last.meta.township);
    let meta = Meta {
        township: last.meta.township,
        previous: from,
        body: (last.meta.body != guessed).then(|| last.meta.body.name()),
        ..Meta::default()
    };
    let mut s = header(agency, year, version, &meta);
    if let Some(contact) = &last.contact {
        contact_table(
            &mut s,
            "联系方式（沿用上年，请核对）",
            &|key| {
                let item = contact.items.iter().find(|(l, _)| *l == key.label);
                item.map(|(_, v)| v.as_str())
            },
        );
    }
    if let Some(closing) = &last.closing {
        let _ = writeln!(
            s,
            "\n[{}]  # 结束语和落款（沿用上年，请核对）",
            schema::CLOSING
        );
        let _ = writeln!(
            s,
            "{} = {}",
            schema::CLOSING_TEXT.name,
            quote(&closing.text)
        );
        let _ = writeln!(
            s,
            "{} = {}",
            schema::SIGNATURE.name,
            quote(&closing.signature)
        );
        let date = &schema::CLOSING_DATE;
        let _ = writeln!(
            s,
            "# {} = {}-01-20  # {}，省略时用发布日期",
            date.name,
            year + 1,
            date.label
        );
    }
    if last.contact.is_none() {
        contact_hint(&mut s);
    }
    if last.closing.is_none() {
        closing_hint(&mut s);
    }
    if let Some(intro) = &last.intro {
        let _ = writeln!(
            s,
            "\n[intro]  # 引言（沿用上年，请改写后删去“{DRAFT_MARK}”）"
        );
        let _ = writeln!(s, "text = {}", draft(&intro.raw));
    }
    let _ = writeln!(
        s,
        "\n[overview]  # {}（沿用上年，请改写后删去“{DRAFT_MARK}”）",
        SectionId::Overview.heading()
    );
    body(&mut s, "overview", &last.overview, true);
    let carried = last
        .table(TableId::Three)
        .and_then(|t| t.row(crate::format::t3::CARRY_FORWARD))
        .map(|row| {
            let nums: Vec<String> = row.cells.iter().map(|c| c.value.to_string()).collect();
            format!("[{}]", nums.join(", "))
        });
    tables(&mut s, version, &|id, field| match id {
        TableId::Three if field.key == crate::format::t3::CARRIED_OVER => {
            carried.clone().map(|v| Row {
                value: v,
                note: "（= 上年报告的结转下年度继续办理）".into(),
            })
        }
        TableId::Two => stock_in_force(last, version, field),
        _ => None,
    });
    let _ = writeln!(
        s,
        "\n[problems]  # {}（沿用上年，请改写后删去“{DRAFT_MARK}”）",
        SectionId::Problems.heading()
    );
    body(&mut s, "problems", &last.problems, false);
    let _ = writeln!(
        s,
        "\n[other]  # {}（沿用上年，请改写后删去“{DRAFT_MARK}”）",
        SectionId::Other.heading()
    );
    body(&mut s, "other", &last.other, false);
    s
}

/// A row of table 二 with a stock column (现行有效件数; 对外公开总数量 in the
/// 2019 format): last year's stock proposed, this year's other columns 0, and
/// a note to check it. Not across the 2020→2021 change, which counts otherwise.
fn stock_in_force(last: &Report, version: FormatVersion, field: &Field) -> Option<Row> {
    if last.format != version {
        return None;
    }
    let columns = version.documents_in_force();
    let stock = field
        .columns
        .iter()
        .position(|c| c.key == columns.in_force)?;
    let n = last.table(TableId::Two)?.count(field.key, stock)?;
    let cells: Vec<String> = (0..field.columns.len())
        .map(|c| {
            if c == stock {
                n.to_string()
            } else {
                "0".into()
            }
        })
        .collect();
    let labels = |keys: &[&str]| -> Vec<&str> {
        keys.iter()
            .filter_map(|k| field.columns.iter().find(|c| c.key == *k))
            .map(|c| c.label)
            .collect()
    };
    let mut formula = format!("上年 {n}");
    for l in labels(columns.added) {
        formula.push_str(&format!(" + {l}"));
    }
    for l in labels(columns.removed) {
        formula.push_str(&format!(" − {l}"));
    }
    Some(Row {
        value: format!("[{}]", cells.join(", ")),
        note: format!(
            "（{}暂按上年的 {n} 填写，请核对：应为{formula}）",
            field.columns[stock].label
        ),
    })
}

/// What the `[report]` table states beyond agency and year (import fills it).
#[derive(Default)]
pub struct Meta<'a> {
    pub published: Option<chrono::NaiveDate>,
    pub title: Option<&'a str>,
    /// A line under the first, e.g. where the file was imported from.
    pub origin: Option<&'a str>,
    /// A 乡镇 or 街道 (R11), written out rather than left to the name.
    pub township: bool,
    /// Last year's report file, relative to this one (`new --from`).
    pub previous: Option<&'a str>,
    /// The kind of body, when the agency name alone would be judged otherwise.
    pub body: Option<&'a str>,
}

/// The file's opening comments and its `[report]` table.
pub fn header(agency: &str, year: i64, version: FormatVersion, meta: &Meta) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}{year}年政府信息公开工作年度报告 —— nianbao 报告文件",
        comment(agency)
    );
    if let Some(origin) = meta.origin {
        let _ = writeln!(s, "# {}", comment(origin));
    }
    let _ = writeln!(s, "# 格式：{}印发的年度报告格式", version.circular());
    let _ = writeln!(
        s,
        "# 填写后运行 nianbao check 本文件 检查，nianbao build 本文件 生成 HTML、DOCX 和 PDF。"
    );
    let _ = writeln!(
        s,
        "# 所有数字都要填写，没有发生的写 0（不要留空或写“/”）。# 之后是说明，不影响内容。"
    );
    let _ = writeln!(s, "\n[{}]", schema::REPORT);
    let line = |s: &mut String, key: &Key, value: Option<String>, comment: String| {
        let _ = match value {
            Some(v) => writeln!(s, "{} = {v}  # {comment}", key.name),
            None => writeln!(s, "# {} = {}  # {comment}", key.name, example(key, year)),
        };
    };
    line(
        &mut s,
        &schema::AGENCY,
        Some(quote(agency)),
        schema::AGENCY.comment_for(year),
    );
    line(
        &mut s,
        &schema::YEAR,
        Some(year.to_string()),
        schema::YEAR.comment_for(year),
    );
    line(
        &mut s,
        &schema::PUBLISHED,
        meta.published.map(|d| d.to_string()),
        schema::PUBLISHED.comment_for(year),
    );
    let title = &schema::TITLE;
    let title_comment = match meta.title {
        Some(_) => title.comment_for(year),
        None => format!(
            "{}，省略时为「{}」",
            title.comment_for(year),
            crate::report::default_title(agency, year)
        ),
    };
    line(&mut s, title, meta.title.map(quote), title_comment);
    line(
        &mut s,
        &schema::TOWNSHIP,
        meta.township.then(|| "true".to_string()),
        schema::TOWNSHIP.comment_for(year),
    );
    line(
        &mut s,
        &schema::BODY,
        meta.body.map(quote),
        schema::BODY.comment_for(year),
    );
    line(
        &mut s,
        &schema::PREVIOUS,
        meta.previous.map(quote),
        schema::PREVIOUS.comment_for(year),
    );
    line(
        &mut s,
        &schema::COMPARE_PREVIOUS,
        None,
        schema::COMPARE_PREVIOUS.comment_for(year),
    );
    s
}

/// The value a commented-out line of a fresh file shows.
fn example(key: &Key, year: i64) -> String {
    match key.kind {
        KeyKind::Date => format!("{}-01-20", year + 1),
        KeyKind::Bool => "true".into(),
        KeyKind::Year => year.to_string(),
        KeyKind::Line => "\"…\"".into(),
    }
}

/// A `[contact]` table with `note` beside its heading and each item `value` gives.
pub fn contact_table<'a>(s: &mut String, note: &str, value: &dyn Fn(&Key) -> Option<&'a str>) {
    let _ = writeln!(s, "\n[{}]  # {note}", schema::CONTACT);
    for key in &CONTACT_KEYS {
        if let Some(v) = value(key) {
            let _ = writeln!(s, "{} = {}  # {}", key.name, quote(v), key.label);
        }
    }
}

fn part(s: &mut String, key: &str, heading: &str, hint: &str, text: &str) {
    let _ = writeln!(s, "\n[[{key}.part]]");
    let _ = writeln!(s, "heading = {}", quote(heading));
    if !hint.is_empty() {
        let _ = writeln!(s, "# 写明：{hint}");
    }
    let _ = writeln!(s, "text = {}", multiline(text));
}

fn narrative_tail(s: &mut String, problems: &str, other: &str) {
    let _ = writeln!(s, "\n[problems]  # {}", SectionId::Problems.heading());
    let _ = writeln!(
        s,
        "# 写明：存在的主要问题、改进措施，以及上年度报告所列问题的整改情况"
    );
    let _ = writeln!(s, "text = {}", multiline(problems));
    let _ = writeln!(s, "\n[other]  # {}", SectionId::Other.heading());
    let _ = writeln!(
        s,
        "# 写明：信息处理费的收取情况（如“本年度未收取信息处理费”）；年度政务公开工作要点落实情况等"
    );
    let _ = writeln!(s, "text = {}", multiline(other));
    contact_hint(s);
    closing_hint(s);
}

/// A comment naming the `[contact]` keys, for a file without contact details.
fn contact_hint(s: &mut String) {
    let contact_keys: Vec<String> = CONTACT_KEYS
        .iter()
        .map(|key| format!("{} {}", key.name, key.label))
        .collect();
    let _ = writeln!(
        s,
        "\n# [{}]  # 联系方式（可省略）：{}",
        schema::CONTACT,
        contact_keys.join("、")
    );
}

/// A comment on the `[closing]` table, for a file without a 落款.
fn closing_hint(s: &mut String) {
    let _ = writeln!(
        s,
        "\n# [{}]  # 结束语和落款（没有时 check 会提醒）：{} = \"{}\"，{} {}，{} {}（省略时用发布日期）",
        schema::CLOSING,
        schema::CLOSING_TEXT.name,
        schema::CLOSING_DEFAULT,
        schema::SIGNATURE.name,
        schema::SIGNATURE.form_label,
        schema::CLOSING_DATE.name,
        schema::CLOSING_DATE.label,
    );
}

fn body(s: &mut String, key: &str, body: &Body, topics: bool) {
    let lead = body.lead.as_ref().map(|t| t.raw.as_str()).unwrap_or("");
    let _ = writeln!(
        s,
        "text = {}",
        if lead.is_empty() {
            multiline("")
        } else {
            draft(lead)
        }
    );
    for p in &body.parts {
        let _ = writeln!(s, "\n[[{key}.part]]");
        let _ = writeln!(s, "heading = {}", quote(&p.heading.value));
        if topics && p.topics != Topic::from_heading(&p.heading.value) {
            let names: Vec<String> = p.topics.iter().map(|t| quote(t.name())).collect();
            let _ = writeln!(s, "topics = [{}]", names.join(", "));
        }
        let text = p.text.as_ref().map(|t| t.raw.as_str()).unwrap_or("");
        let _ = writeln!(
            s,
            "text = {}",
            if text.is_empty() {
                multiline("")
            } else {
                draft(text)
            }
        );
    }
}

/// Column labels in order, as the template lists them: `[自然人, 商业企业, …]`.
fn column_labels(columns: &[Column]) -> String {
    let labels: Vec<&str> = columns.iter().map(|c| c.label).collect();
    labels.join(", ")
}

/// A row's value as written, with what to add to its label comment.
pub struct Row {
    /// The TOML value: a number or an array.
    pub value: String,
    /// Appended to the official label in the line's comment.
    pub note: String,
}

/// What to write for a field; `None` writes zeros. A table for which
/// `skip` says so is left out (its heading stays as a comment).
pub type Fill<'a> = dyn Fn(TableId, &Field) -> Option<Row> + 'a;

/// Tables 二, 三 and 四 with every field on its own line and its label beside it.
pub fn tables(s: &mut String, version: FormatVersion, fill: &Fill) {
    tables_except(s, version, fill, &|_| None);
}

/// As [`tables`]; for a table that `absent` names, writes only a comment saying why.
pub fn tables_except(
    s: &mut String,
    version: FormatVersion,
    fill: &Fill,
    absent: &dyn Fn(TableId) -> Option<String>,
) {
    for id in TableId::ALL {
        let def = table_def(version, id);
        if let Some(why) = absent(id) {
            let _ = writeln!(s, "\n# [{}]  # {}：{why}", id.key(), id.section().heading());
            continue;
        }
        let _ = writeln!(s, "\n[{}]  # {}", id.key(), id.section().heading());
        match id {
            TableId::Three => {
                let n = APPLICANT_COLUMNS.len();
                let _ = writeln!(
                    s,
                    "# 每行 {n} 个数：[{}]",
                    column_labels(&APPLICANT_COLUMNS)
                );
                let _ = writeln!(
                    s,
                    "# 总计可以不写（只写前 {} 个数），由工具计算；勾稽关系：一 + 二 = 三（七）总计 + 四",
                    n - 1
                );
            }
            TableId::Four => {
                let _ = writeln!(
                    s,
                    "# 每行 {} 个数：[{}]；总计可以不写",
                    OUTCOME_COLUMNS.len(),
                    column_labels(&OUTCOME_COLUMNS)
                );
            }
            TableId::Two => {}
        }
        let mut last_context = None;
        for field in &def.fields {
            let context = field.context.last().copied();
            if id == TableId::Two && context != last_context {
                let cols: Vec<&str> = field.columns.iter().map(|c| c.label).collect();
                let _ = writeln!(s, "# {}：{}", context.unwrap_or(""), cols.join("、"));
            }
            last_context = context;
            let given = fill(id, field);
            let value = match &given {
                Some(row) => row.value.clone(),
                None if field.scalar => "0".to_string(),
                None => format!("[{}]", vec!["0"; field.columns.len()].join(", ")),
            };
            let mut note = match id {
                TableId::Two => field.label.to_string(),
                _ => field.full_label(),
            };
            if let Some(amount) = field.columns.iter().find(|c| c.kind == ValueKind::Amount) {
                note.push_str(if amount.label.contains("万元") {
                    "（单位：万元，可有小数，按原样输出）"
                } else {
                    "（金额，可有小数，按原样输出）"
                });
            }
            if let Some(row) = &given {
                note.push_str(&row.note);
            }
            let _ = writeln!(s, "{} = {value}  # {}", field.key, comment(&note));
        }
    }
}

/// Text for a TOML comment: one line, no control character (a published cell's
/// line breaks become spaces).
pub fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
        .collect()
}

/// A TOML basic string.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string, one paragraph per line.
pub fn multiline(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace("\"\"\"", "\"\"\\\"");
    if escaped.is_empty() {
        "\"\"\"\n\"\"\"".to_string()
    } else {
        format!("\"\"\"\n{escaped}\n\"\"\"")
    }
}

/// Carried-over text, marked so that `check` warns until it is rewritten.
fn draft(s: &str) -> String {
    if s.contains(DRAFT_MARK) {
        multiline(s)
    } else {
        multiline(&format!("{DRAFT_MARK}{s}"))
    }
}
