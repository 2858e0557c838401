//! Tables 二, 三 and 四 as data: the fields a report file fills in, and the
//! official grid (labels, merged cells) every renderer draws.

use std::sync::OnceLock;

pub use super::rows::{Column, ValueKind};
use super::rows::{Place, RESULTS, Row, col};
use super::{Format, FormatVersion, SectionId};

/// The three statistical tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    Two,
    Three,
    Four,
}

impl TableId {
    pub const ALL: [TableId; 3] = [Self::Two, Self::Three, Self::Four];

    /// The table's key in the report file.
    pub fn key(self) -> &'static str {
        match self {
            Self::Two => "table2",
            Self::Three => "table3",
            Self::Four => "table4",
        }
    }

    /// How the table is named in messages, after its section.
    pub fn name(self) -> &'static str {
        match self {
            Self::Two => "表二（主动公开政府信息情况）",
            Self::Three => "表三（收到和处理政府信息公开申请情况）",
            Self::Four => "表四（政府信息公开行政复议、行政诉讼情况）",
        }
    }

    pub fn section(self) -> SectionId {
        match self {
            Self::Two => SectionId::Proactive,
            Self::Three => SectionId::Requests,
            Self::Four => SectionId::Appeals,
        }
    }
}

/// One row of figures in the report file, e.g. `table3.new_requests`.
#[derive(Clone, Debug)]
pub struct Field {
    pub key: &'static str,
    /// The row's own official label.
    pub label: &'static str,
    /// Enclosing labels (block, group), outermost first.
    pub context: Vec<&'static str>,
    pub columns: Vec<Column>,
    /// Index of a 总计 column that the file may leave out (then it is computed).
    pub total: Option<usize>,
    /// Written as one number rather than an array.
    pub scalar: bool,
}

impl Field {
    /// The row's label with its enclosing labels, as used in messages.
    pub fn full_label(&self) -> String {
        let mut parts = self.context.clone();
        parts.push(self.label);
        parts.join("")
    }

    /// How many numbers the file must give: all columns, or all but an optional total.
    pub fn required_len(&self) -> usize {
        self.columns.len() - usize::from(self.total.is_some())
    }
}

/// What a grid cell shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// A column or block heading.
    Header(&'static str),
    /// A row label.
    Label(&'static str),
    /// A figure: field index within the table, column index within the field.
    Value { field: usize, column: usize },
}

/// An origin cell of the official grid, with its spans.
#[derive(Clone, Debug)]
pub struct Cell {
    pub kind: CellKind,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A whole table: its fields and its official grid.
#[derive(Clone, Debug)]
pub struct TableDef {
    pub id: TableId,
    pub version: FormatVersion,
    pub fields: Vec<Field>,
    /// Number of grid columns.
    pub grid_columns: usize,
    /// Relative column widths (they sum to 1).
    pub column_widths: Vec<f32>,
    /// Leading rows that form the header (repeated when a table breaks across pages).
    pub header_rows: usize,
    /// Origin cells, row by row (cells covered by a span are not listed).
    pub rows: Vec<Vec<Cell>>,
}

impl TableDef {
    pub fn field(&self, key: &str) -> Option<(usize, &Field)> {
        self.fields.iter().enumerate().find(|(_, f)| f.key == key)
    }

    /// The grid column of every origin cell, row by row (spans from rows above
    /// push later cells to the right).
    pub fn cell_columns(&self) -> Vec<Vec<usize>> {
        let mut taken = vec![vec![false; self.grid_columns]; self.rows.len()];
        let mut out = Vec::with_capacity(self.rows.len());
        for (r, row) in self.rows.iter().enumerate() {
            let mut c = 0;
            let mut columns = Vec::with_capacity(row.len());
            for cell in row {
                while taken[r].get(c).copied().unwrap_or(false) {
                    c += 1;
                }
                for slots in taken.iter_mut().skip(r).take(cell.rowspan) {
                    for slot in slots.iter_mut().skip(c).take(cell.colspan) {
                        *slot = true;
                    }
                }
                columns.push(c);
                c += cell.colspan;
            }
            out.push(columns);
        }
        out
    }

    /// Table 三's outcome rows: everything under 三、本年度办理结果 except （七）总计,
    /// whose sum （七）总计 is (R2). Empty for the other tables.
    pub fn outcome_fields(&self) -> Vec<usize> {
        self.fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.context.first() == Some(&RESULTS) && f.key != t3::TOTAL)
            .map(|(i, _)| i)
            .collect()
    }

    /// Index of a field that the definition is known to have.
    pub fn field_index(&self, key: &str) -> usize {
        self.field(key)
            .unwrap_or_else(|| panic!("format definition lacks field {key}"))
            .0
    }
}

/// The definition of one table in one format version.
pub fn table_def(version: FormatVersion, id: TableId) -> &'static TableDef {
    // One more in the tests, for their throw-away format.
    const VERSIONS: usize = FormatVersion::ALL.len() + cfg!(test) as usize;
    static TABLES: [OnceLock<[TableDef; 3]>; VERSIONS] = [const { OnceLock::new() }; VERSIONS];
    let all = TABLES[version as usize].get_or_init(|| build_all(version.format()));
    &all[id as usize]
}

/// The three tables of a format version, in order.
pub fn tables_for(version: FormatVersion) -> [&'static TableDef; 3] {
    TableId::ALL.map(|id| table_def(version, id))
}

fn build_all(format: &Format) -> [TableDef; 3] {
    [table2(format), table3(format), table4(format.version)]
}

fn header(text: &'static str, rowspan: usize, colspan: usize) -> Cell {
    Cell {
        kind: CellKind::Header(text),
        rowspan,
        colspan,
    }
}

fn label(text: &'static str, rowspan: usize, colspan: usize) -> Cell {
    Cell {
        kind: CellKind::Label(text),
        rowspan,
        colspan,
    }
}

fn value(field: usize, column: usize, colspan: usize) -> Cell {
    Cell {
        kind: CellKind::Value { field, column },
        rowspan: 1,
        colspan,
    }
}

// ---------------------------------------------------------------- table 二

/// How the three data grid columns of table 二 are shared by n value columns.
fn spans_for(n: usize) -> Vec<usize> {
    match n {
        1 => vec![3],
        2 => vec![1, 2],
        _ => vec![1; n],
    }
}

fn table2(format: &Format) -> TableDef {
    let mut fields = Vec::new();
    let mut rows = Vec::new();
    for block in format.table2 {
        rows.push(vec![header(block.heading, 1, 4)]);
        let spans = spans_for(block.columns.len());
        let mut head = vec![header("信息内容", 1, 1)];
        for (c, span) in block.columns.iter().zip(&spans) {
            head.push(header(c.label, 1, *span));
        }
        rows.push(head);
        for &(key, text) in block.rows {
            let index = fields.len();
            let mut row = vec![label(text, 1, 1)];
            for (column, span) in spans.iter().enumerate() {
                row.push(value(index, column, *span));
            }
            rows.push(row);
            fields.push(Field {
                key,
                label: text,
                context: vec![block.heading],
                scalar: format.scalar_single_columns && block.columns.len() == 1,
                columns: block.columns.to_vec(),
                total: None,
            });
        }
    }
    TableDef {
        id: TableId::Two,
        version: format.version,
        fields,
        grid_columns: 4,
        column_widths: vec![0.34, 0.22, 0.22, 0.22],
        header_rows: 0,
        rows,
    }
}

// ---------------------------------------------------------------- table 三

/// Data columns of table 三, in order.
pub const APPLICANT_COLUMNS: [Column; 7] = [
    col("natural_person", "自然人", ValueKind::Count),
    col("business", "商业企业", ValueKind::Count),
    col("research", "科研机构", ValueKind::Count),
    col("nonprofit", "社会公益组织", ValueKind::Count),
    col("legal_service", "法律服务机构", ValueKind::Count),
    col("other", "其他", ValueKind::Count),
    col("total", "总计", ValueKind::Count),
];

/// Field keys of table 二 that the rules name.
pub mod t2 {
    pub const REGULATIONS: &str = "regulations";
    pub const NORMATIVE_DOCUMENTS: &str = "normative_documents";
    pub const FEES: &str = "fees";
}

/// Field and column keys of table 四 that the rules name.
pub mod t4 {
    pub const REVIEW: &str = "review";
    pub const DIRECT_SUIT: &str = "direct_suit";
    pub const SUIT_AFTER_REVIEW: &str = "suit_after_review";
    /// The two 行政诉讼 rows.
    pub const SUITS: [&str; 2] = [DIRECT_SUIT, SUIT_AFTER_REVIEW];
    /// Columns: 结果维持 and 总计.
    pub const UPHELD: &str = "upheld";
    pub const TOTAL: &str = "total";
}

/// Field keys of table 三 that the rules name.
pub mod t3 {
    pub const NEW: &str = "new_requests";
    pub const CARRIED_OVER: &str = "carried_over";
    pub const TOTAL: &str = "total";
    pub const CARRY_FORWARD: &str = "carry_forward";
    pub const FEE_UNPAID: &str = "other_fee_unpaid";
}

fn table3(format: &Format) -> TableDef {
    let spec: Vec<&Row> = format.table3.iter().copied().flatten().collect();
    let in_results = spec.iter().filter(|r| r.place != Place::Own).count();
    let mut fields = Vec::new();
    // 自然人, the five kinds of 法人或其他组织, 总计: the header cells are the columns.
    let [natural, organisations @ .., total] = &APPLICANT_COLUMNS;
    let mut rows = vec![
        vec![
            header(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                3,
                3,
            ),
            header("申请人情况", 1, APPLICANT_COLUMNS.len()),
        ],
        vec![
            header(natural.label, 2, 1),
            header("法人或其他组织", 1, organisations.len()),
            header(total.label, 2, 1),
        ],
        organisations
            .iter()
            .map(|c| header(c.label, 1, 1))
            .collect(),
    ];
    let mut seen_results = false;
    let mut last_group = None;
    for (
        index,
        &&Row {
            key,
            label: text,
            place,
        },
    ) in spec.iter().enumerate()
    {
        let mut row = Vec::new();
        let mut context = Vec::new();
        let group = match place {
            Place::Group(g) => Some(g),
            Place::Own | Place::Results => None,
        };
        if place != Place::Own {
            context.push(RESULTS);
            if !seen_results {
                row.push(label(RESULTS, in_results, 1));
                seen_results = true;
            }
            match group {
                Some(g) => {
                    context.push(g);
                    if last_group != Some(g) {
                        let n = spec.iter().filter(|r| r.place == place).count();
                        row.push(label(g, n, 1));
                    }
                    row.push(label(text, 1, 1));
                }
                None => row.push(label(text, 1, 2)),
            }
        } else {
            row.push(label(text, 1, 3));
        }
        last_group = group;
        for column in 0..APPLICANT_COLUMNS.len() {
            row.push(value(index, column, 1));
        }
        rows.push(row);
        fields.push(Field {
            key,
            label: text,
            context,
            columns: APPLICANT_COLUMNS.to_vec(),
            total: Some(APPLICANT_COLUMNS.len() - 1),
            scalar: false,
        });
    }
    // Wide enough at 五号 for every piece of a label that must stay on one
    // line (`label_breaks`): 「三、本年度」 and 「（三）不予」 (5 em) in the first
    // two columns, 「自然人」 (3 em) and 「社会/公益/组织」 (2 em) in the data
    // columns, 「“三安全一稳定”」 (8 em) in the third (checked by a test below).
    let mut widths = vec![0.14, 0.14, 0.234, 0.09];
    widths.extend([0.066; 6]);
    TableDef {
        id: TableId::Three,
        version: format.version,
        fields,
        grid_columns: 10,
        column_widths: widths,
        header_rows: 3,
        rows,
    }
}

// ---------------------------------------------------------------- table 四

/// The five columns of each part of table 四.
pub const OUTCOME_COLUMNS: [Column; 5] = [
    col("upheld", "结果维持", ValueKind::Count),
    col("corrected", "结果纠正", ValueKind::Count),
    col("other", "其他结果", ValueKind::Count),
    col("pending", "尚未审结", ValueKind::Count),
    col("total", "总计", ValueKind::Count),
];

fn table4(version: FormatVersion) -> TableDef {
    let parts: [(&str, &str, Vec<&str>); 3] = [
        ("review", "行政复议", vec![]),
        ("direct_suit", "未经复议直接起诉", vec!["行政诉讼"]),
        ("suit_after_review", "复议后起诉", vec!["行政诉讼"]),
    ];
    let fields: Vec<Field> = parts
        .into_iter()
        .map(|(key, text, context)| Field {
            key,
            label: text,
            context,
            columns: OUTCOME_COLUMNS.to_vec(),
            total: Some(OUTCOME_COLUMNS.len() - 1),
            scalar: false,
        })
        .collect();
    let n = OUTCOME_COLUMNS.len();
    let outcome_labels = || OUTCOME_COLUMNS.iter().map(|c| c.label);
    // The header cells are the parts' own labels and contexts.
    let [review, direct, after_review] = [0, 1, 2].map(|i| fields[i].label);
    let suits = fields[1].context[0];
    let mut second: Vec<Cell> = outcome_labels().map(|t| header(t, 2, 1)).collect();
    second.push(header(direct, 1, n));
    second.push(header(after_review, 1, n));
    let third: Vec<Cell> = outcome_labels()
        .chain(outcome_labels())
        .map(|t| header(t, 1, 1))
        .collect();
    let figures: Vec<Cell> = (0..fields.len())
        .flat_map(|f| (0..OUTCOME_COLUMNS.len()).map(move |c| value(f, c, 1)))
        .collect();
    TableDef {
        id: TableId::Four,
        version,
        fields,
        grid_columns: 15,
        column_widths: vec![1.0 / 15.0; 15],
        header_rows: 3,
        rows: vec![
            vec![header(review, 1, n), header(suits, 1, 2 * n)],
            second,
            third,
            figures,
        ],
    }
}

// ---------------------------------------------------------------- line breaks in labels

/// The words of the official labels. A label set on several lines breaks
/// between words only (「三、本年度/办理结果」, never 「三、本/年度办/理结果」);
/// every character of every label is covered (checked by a test below). A
/// label is cut by longest match, so a longer word wins over its parts.
const LABEL_WORDS: &[&str] = &[
    // Table 二.
    "信息内容",
    "本年",
    "制发",
    "废止",
    "现行",
    "有效",
    "件数",
    "处理",
    "决定",
    "数量",
    "收费",
    "金额",
    "单位",
    "万元",
    "规章",
    "行政",
    "规范性",
    "文件",
    "许可",
    "处罚",
    "强制",
    "事业性",
    "新",
    "制作",
    "公开",
    "对外",
    "总",
    "其他",
    "管理",
    "服务",
    "事项",
    "上一年",
    "项目",
    "增/减",
    "采购",
    "总金额",
    "政府",
    "集中",
    // Table 三.
    "本列",
    "数据",
    "的",
    "勾稽",
    "关系",
    "为",
    "第一项",
    "加",
    "第二项",
    "之和",
    "等于",
    "第三项",
    "第四项",
    "申请人",
    "情况",
    "自然人",
    "法人",
    "或",
    "组织",
    "商业",
    "企业",
    "科研",
    "机构",
    "社会",
    "公益",
    "法律",
    "新收",
    "政府信息",
    "申请",
    "上年",
    "结转",
    "本年度",
    "办理",
    "结果",
    "予以",
    "部分",
    "区分",
    "只计",
    "这一",
    "情形",
    "不计",
    "不予",
    "属于",
    "国家",
    "秘密",
    "行政法规",
    "禁止",
    "危及",
    "三安全一稳定",
    "保护",
    "第三方",
    "合法",
    "权益",
    "三类",
    "内部",
    "事务",
    "信息",
    "四类",
    "过程性",
    "执法",
    "案卷",
    "查询",
    "无法",
    "提供",
    "本机关",
    "不",
    "掌握",
    "相关",
    "没有",
    "现成",
    "需要",
    "另行",
    "补正",
    "后",
    "内容",
    "仍",
    "明确",
    "信访",
    "举报",
    "投诉",
    "类",
    "重复",
    "要求",
    "出版物",
    "无",
    "正当",
    "理由",
    "大量",
    "反复",
    "行政机关",
    "确认",
    "重新",
    "出具",
    "已",
    "获取",
    "逾期",
    "不再",
    "其",
    "未按",
    "通知",
    "缴纳",
    "费用",
    "总计",
    "下年度",
    "继续",
    // Table 四.
    "复议",
    "诉讼",
    "未经",
    "直接",
    "起诉",
    "维持",
    "纠正",
    "尚未",
    "审结",
];

/// Punctuation that stays with the word before it.
const CLOSING_MARKS: &str = "、。，；：？！）」》』】〕〉”’.,;:?!)";
/// Punctuation that stays with the word after it.
const OPENING_MARKS: &str = "（「《『【〔〈“‘(";

/// The words a label is cut into, as char ranges: table 二's block headings
/// (「第二十条第（一）项」) whole, otherwise the longest word of `LABEL_WORDS`
/// at each place, and one character where none matches.
fn label_tokens(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    static WORDS: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let headings = super::ALL.iter().flat_map(|f| f.table2).map(|b| b.heading);
        let mut all: Vec<Vec<char>> = LABEL_WORDS
            .iter()
            .copied()
            .chain(headings)
            .map(|w| w.chars().collect())
            .collect();
        all.sort_by_key(|w| std::cmp::Reverse(w.len()));
        all
    });
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let len = words
            .iter()
            .find(|w| chars[i..].starts_with(w))
            .map_or(1, Vec::len);
        tokens.push(i..i + len);
        i += len;
    }
    tokens
}

/// Length in chars of the numbering a label starts with (「三、」「（三）」「1.」), 0 if none.
fn numbering_len(chars: &[char]) -> usize {
    let numeral = |c: &char| "一二三四五六七八九十".contains(*c);
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && chars.get(digits) == Some(&'.') {
        return digits + 1;
    }
    let n = chars.iter().take_while(|c| numeral(c)).count();
    if n > 0 && chars.get(n) == Some(&'、') {
        return n + 1;
    }
    if chars.first() == Some(&'（') {
        let n = chars[1..].iter().take_while(|c| numeral(c)).count();
        if n > 0 && chars.get(n + 1) == Some(&'）') {
            return n + 2;
        }
    }
    0
}

/// Where a label may break across lines: `out[i]` allows a break before its
/// i-th character (`out` has one more entry than the label has characters).
/// Only between words; a numbering and an opening bracket or quote stay with
/// the word after them, closing punctuation with the word before.
pub fn label_breaks(text: &str) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    let mut allowed = vec![false; chars.len() + 1];
    for t in label_tokens(&chars) {
        allowed[t.start] = t.start > 0;
    }
    for b in allowed.iter_mut().take(numbering_len(&chars) + 1) {
        *b = false;
    }
    for i in 1..chars.len() {
        if CLOSING_MARKS.contains(chars[i]) || OPENING_MARKS.contains(chars[i - 1]) {
            allowed[i] = false;
        }
    }
    allowed
}

/// A label cut into the pieces that stay on one line (`label_breaks`), for
/// outputs that mark break opportunities in the text.
pub fn label_pieces(text: &str) -> Vec<String> {
    let breaks = label_breaks(text);
    let mut pieces: Vec<String> = Vec::new();
    for (i, ch) in text.chars().enumerate() {
        match pieces.last_mut() {
            Some(last) if !breaks[i] => last.push(ch),
            _ => pieces.push(ch.to_string()),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every grid slot is covered by exactly one cell once spans are counted.
    fn assert_grid_is_rectangular(def: &TableDef) {
        let mut covered = vec![vec![0; def.grid_columns]; def.rows.len()];
        for ((r, row), columns) in def.rows.iter().enumerate().zip(def.cell_columns()) {
            for (cell, c) in row.iter().zip(columns) {
                for slots in covered.iter_mut().skip(r).take(cell.rowspan) {
                    for slot in slots.iter_mut().skip(c).take(cell.colspan) {
                        *slot += 1;
                    }
                }
            }
        }
        for (r, row) in covered.iter().enumerate() {
            assert!(row.iter().all(|x| *x == 1), "{:?} row {r}: {row:?}", def.id);
        }
        let sum: f32 = def.column_widths.iter().sum();
        assert!((sum - 1.0).abs() < 1e-3);
        assert_eq!(def.column_widths.len(), def.grid_columns);
    }

    #[test]
    fn grids_are_rectangular() {
        for v in FormatVersion::ALL {
            for def in tables_for(v) {
                assert_grid_is_rectangular(def);
            }
        }
    }

    #[test]
    fn table3_has_official_shape() {
        let t = table_def(FormatVersion::V2021, TableId::Three);
        // 一、二、the 22 rows of 三 and 四: 25 rows of figures (the team's format notes say 26,
        // but its own list and the rowspan of 22 give 25).
        assert_eq!(t.fields.len(), 25);
        assert_eq!(t.rows.len(), 3 + 25);
        // 三、本年度办理结果 spans 22 rows in 2021 and 20 in 2019.
        let results = |t: &TableDef| {
            t.rows
                .iter()
                .flatten()
                .find(|c| c.kind == CellKind::Label(RESULTS))
                .unwrap()
                .rowspan
        };
        assert_eq!(results(t), 22);
        assert_eq!(results(table_def(FormatVersion::V2019, TableId::Three)), 20);
    }

    /// Every label and heading text of every table, with its grid columns.
    fn label_cells(def: &TableDef) -> Vec<(&'static str, std::ops::Range<usize>)> {
        def.rows
            .iter()
            .zip(def.cell_columns())
            .flat_map(|(row, columns)| row.iter().zip(columns))
            .filter_map(|(cell, c)| match cell.kind {
                CellKind::Header(t) | CellKind::Label(t) => Some((t, c..c + cell.colspan)),
                CellKind::Value { .. } => None,
            })
            .collect()
    }

    #[test]
    fn every_label_is_cut_into_known_words() {
        for v in FormatVersion::ALL {
            for def in tables_for(v) {
                for (text, _) in label_cells(def) {
                    let chars: Vec<char> = text.chars().collect();
                    let numbering = numbering_len(&chars);
                    for t in label_tokens(&chars) {
                        let single = &chars[t.clone()];
                        let known = t.len() > 1
                            || t.end <= numbering
                            || !single[0].is_alphabetic()
                            || LABEL_WORDS.contains(&single[0].to_string().as_str());
                        assert!(known, "「{text}」: 「{}」 is in no word", single[0]);
                    }
                }
            }
        }
    }

    #[test]
    fn labels_break_between_words() {
        assert_eq!(
            label_pieces("三、本年度办理结果"),
            ["三、本年度", "办理", "结果"]
        );
        assert_eq!(label_pieces("（三）不予公开"), ["（三）不予", "公开"]);
        assert_eq!(label_pieces("社会公益组织"), ["社会", "公益", "组织"]);
        assert_eq!(
            label_pieces("3.危及“三安全一稳定”"),
            ["3.危及", "“三安全一稳定”"]
        );
        assert_eq!(
            label_pieces("本年收费金额（单位：万元）"),
            ["本年", "收费", "金额", "（单位：", "万元）"]
        );
        assert_eq!(label_pieces("第二十条第（八）项"), ["第二十条第（八）项"]);
        let breaks = label_breaks("1.本机关不掌握相关政府信息");
        assert_eq!(breaks.len(), 15);
        assert!(!breaks[0] && !breaks[2] && breaks[5] && !breaks[12] && !breaks[15 - 1]);
    }

    /// Every piece of a label that stays on one line fits its cell at 五号
    /// (CJK 1 em, ASCII half an em), inside the cell padding.
    #[test]
    fn every_label_piece_fits_its_column() {
        use crate::format::page;
        let em = page::TABLE_SIZE.pt();
        let text_width = page::TEXT_WIDTH_MM * page::PT_PER_MM;
        for v in FormatVersion::ALL {
            for def in tables_for(v) {
                for (text, columns) in label_cells(def) {
                    let share: f32 = def.column_widths[columns].iter().sum();
                    let room = share * text_width - 2.0 * page::TABLE_PAD_X_PT;
                    for piece in label_pieces(text) {
                        let ems: f32 = piece
                            .chars()
                            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                            .sum();
                        assert!(
                            ems * em <= room + 0.01,
                            "{:?} {v:?}: 「{piece}」 of 「{text}」 needs {:.1} pt, the cell has {room:.1}",
                            def.id,
                            ems * em
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn table4_has_fifteen_figures() {
        let t = table_def(FormatVersion::V2021, TableId::Four);
        assert_eq!(t.rows[3].len(), 15);
    }
}
