//! The official format (国办公开办函〔2021〕30号 and its 2019 predecessor), defined once.
//!
//! Every label here is verbatim from the specification. The checker, the `new`
//! template and every renderer read these definitions; nobody retypes a label.

pub mod appendix;
pub mod bodies;
pub mod changes;
pub mod comparison;
#[cfg(test)]
mod doc;
#[cfg(test)]
mod keys;
pub mod page;
pub mod quantities;
mod rows;
mod tables;
#[cfg(test)]
pub mod test_format;

pub use tables::{
    APPLICANT_COLUMNS, Cell, CellKind, Column, Field, OUTCOME_COLUMNS, TableDef, TableId,
    ValueKind, label_breaks, label_pieces, t2, t3, t4, table_def, tables_for,
};

/// Which national format a report follows, derived from its year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormatVersion {
    /// 国办公开办函〔2019〕60号, for the 2019 and 2020 reports.
    V2019,
    /// 国办公开办函〔2021〕30号, for 2021 and later.
    V2021,
    /// The throw-away format of the tests (`format::test_format`): the 2021
    /// format with one more row, for years from 2099 while a test enables it.
    #[cfg(test)]
    Test,
}

/// What the tool itself writes where the clerk's own words are still due: agency
/// names where the real one is not known, and the mark on carried-over narrative;
/// a report still bearing one is not finished (`check` warns).
pub mod placeholder {
    /// The mark `new --from` puts before carried-over narrative.
    pub const DRAFT_MARK: &str = "【待改写】";
    /// What `import` writes when a published report's title names no agency.
    pub const AGENCY_UNKNOWN: &str = "待填写";
    /// The agency the hints of `new`, `edit` and `check` show as an example.
    pub const AGENCY_EXAMPLE: &str = "某某市某某局";
    /// What `edit` writes for a new file without `--agency` and a usable file name.
    pub const AGENCY_EDIT: &str = "某某机关";
    pub const AGENCIES: [&str; 3] = [AGENCY_UNKNOWN, AGENCY_EXAMPLE, AGENCY_EDIT];
}

/// First and last report years the tool accepts.
pub const FIRST_YEAR: i64 = FormatVersion::ALL[0].first_year();
pub const LAST_YEAR: i64 = 2100;

/// One format version: everything in which it differs from the others, its
/// tables' rows included (`tables::table_def` draws the grids from them).
#[derive(Debug)]
pub struct Format {
    pub version: FormatVersion,
    /// The first report year it applies to; it applies until the next one's.
    pub first_year: i64,
    /// The circular that sent it, as cited in reports.
    pub circular: &'static str,
    /// Whether the 信息处理费 rules (C6, R8) apply.
    pub fee_rules: bool,
    /// Citations of a superseded format that a report of this format must not make (R10).
    pub superseded_citations: &'static [&'static str],
    /// The columns of table 二 第二十条第（一）项 that R6 chains from year to year.
    pub documents_in_force: DocumentColumns,
    /// Table 二's rows of a single column are written as one number, not an array.
    pub scalar_single_columns: bool,
    /// Table 二: its blocks (第二十条第（…）项) with their columns and rows.
    pub table2: &'static [rows::Block],
    /// Table 三: its rows in order, as runs; versions share the runs they share.
    pub table3: &'static [&'static [rows::Row]],
}

impl Format {
    /// One of its three tables.
    pub fn table(&self, id: TableId) -> &'static TableDef {
        table_def(self.version, id)
    }

    /// Its three tables, in order.
    pub fn tables(&self) -> [&'static TableDef; 3] {
        tables_for(self.version)
    }
}

/// Every format, oldest first, indexed by `FormatVersion as usize`.
const FORMATS: [Format; 2] = [
    Format {
        version: FormatVersion::V2019,
        first_year: 2019,
        circular: "国办公开办函〔2019〕60号",
        fee_rules: false,
        superseded_citations: &[],
        documents_in_force: DocumentColumns {
            in_force: "total",
            added: &["published"],
            removed: &[],
        },
        scalar_single_columns: false,
        table2: &rows::TABLE2_2019,
        table3: &[
            &rows::TABLE3_TO_REJECTED,
            &rows::TABLE3_OTHER_2019,
            &rows::TABLE3_FROM_TOTAL,
        ],
    },
    Format {
        version: FormatVersion::V2021,
        first_year: 2021,
        circular: "国办公开办函〔2021〕30号",
        // The fee measures took effect on 1 January 2021, and only the 2021
        // format has the row （六）2 for unpaid fees.
        fee_rules: true,
        superseded_citations: &["60号", "格式（试行）", "格式(试行)"],
        documents_in_force: DocumentColumns {
            in_force: "in_force",
            added: &["issued"],
            removed: &["abolished"],
        },
        scalar_single_columns: true,
        table2: &rows::TABLE2_2021,
        table3: &[
            &rows::TABLE3_TO_REJECTED,
            &rows::TABLE3_OTHER_2021,
            &rows::TABLE3_FROM_TOTAL,
        ],
    },
];

/// Every format, oldest first.
pub static ALL: [Format; 2] = FORMATS;

/// The format that applies to a report year, or `None` when the year is out of range.
pub fn for_year(year: i64) -> Option<&'static Format> {
    FormatVersion::for_year(year).map(FormatVersion::format)
}

impl FormatVersion {
    /// Every format, oldest first: each applies from its first year until the next one's.
    pub const ALL: [FormatVersion; 2] = [FORMATS[0].version, FORMATS[1].version];

    /// The version's definition.
    pub fn format(self) -> &'static Format {
        #[cfg(test)]
        if self == Self::Test {
            return &test_format::FORMAT;
        }
        &ALL[self as usize]
    }

    /// The first report year the format applies to.
    pub const fn first_year(self) -> i64 {
        #[cfg(test)]
        if matches!(self, Self::Test) {
            return test_format::FIRST_YEAR;
        }
        FORMATS[self as usize].first_year
    }

    /// The format that applies to a report year, or `None` when the year is out of range.
    pub fn for_year(year: i64) -> Option<Self> {
        if year > LAST_YEAR {
            return None;
        }
        #[cfg(test)]
        if test_format::applies(year) {
            return Some(Self::Test);
        }
        Self::ALL.into_iter().rev().find(|v| year >= v.first_year())
    }

    /// The newest format: what a year beyond the known ones is read in.
    pub const fn latest() -> Self {
        Self::ALL[Self::ALL.len() - 1]
    }

    /// The format that replaced this one.
    pub fn successor(self) -> Option<Self> {
        let i = Self::ALL.iter().position(|&v| v == self)?;
        Self::ALL.get(i + 1).copied()
    }

    /// Every other format.
    pub fn others(self) -> impl Iterator<Item = Self> {
        Self::ALL.into_iter().filter(move |&v| v != self)
    }

    /// Which years use which format, for messages: 「2019、2020 年度报告使用
    /// 国办公开办函〔2019〕60号格式，2021 年度起使用国办公开办函〔2021〕30号格式」.
    pub fn years_text() -> String {
        let spans: Vec<String> = Self::ALL
            .into_iter()
            .map(|v| match v.successor() {
                Some(next) => {
                    let years: Vec<String> = (v.first_year()..next.first_year())
                        .map(|y| y.to_string())
                        .collect();
                    format!("{} 年度报告使用{}格式", years.join("、"), v.circular())
                }
                None => format!("{} 年度起使用{}格式", v.first_year(), v.circular()),
            })
            .collect();
        spans.join("，")
    }

    /// The format this one replaced.
    pub fn superseded(self) -> Option<Self> {
        let i = Self::ALL.iter().position(|&v| v == self)?;
        i.checked_sub(1).map(|p| Self::ALL[p])
    }

    /// Whether the 信息处理费 rules (C6, R8) apply.
    pub fn has_fee_rules(self) -> bool {
        self.format().fee_rules
    }

    /// Citations of a superseded format that a report of this format must not make (R10).
    pub fn superseded_citations(self) -> &'static [&'static str] {
        self.format().superseded_citations
    }

    /// The columns of table 二 第二十条第（一）项 that R6 chains from year to year.
    pub fn documents_in_force(self) -> DocumentColumns {
        self.format().documents_in_force
    }

    /// The circular that sent the format, as cited in reports.
    pub fn circular(self) -> &'static str {
        self.format().circular
    }
}

/// R6: this year's `in_force` ≈ last year's + Σ `added` − Σ `removed` (column keys).
/// The 2019 format counts 对外公开总数量 (all documents ever published), the 2021
/// format 现行有效件数; the two do not chain across the 2020→2021 change.
#[derive(Clone, Copy, Debug)]
pub struct DocumentColumns {
    pub in_force: &'static str,
    pub added: &'static [&'static str],
    pub removed: &'static [&'static str],
}

/// The six sections, identical in both formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SectionId {
    Overview,
    Proactive,
    Requests,
    Appeals,
    Problems,
    Other,
}

impl SectionId {
    pub const ALL: [SectionId; 6] = [
        Self::Overview,
        Self::Proactive,
        Self::Requests,
        Self::Appeals,
        Self::Problems,
        Self::Other,
    ];

    /// The heading number, e.g. 「一、」.
    pub fn number(self) -> &'static str {
        match self {
            Self::Overview => "一、",
            Self::Proactive => "二、",
            Self::Requests => "三、",
            Self::Appeals => "四、",
            Self::Problems => "五、",
            Self::Other => "六、",
        }
    }

    /// The heading text after the number, verbatim.
    pub fn title(self) -> &'static str {
        match self {
            Self::Overview => "总体情况",
            Self::Proactive => "主动公开政府信息情况",
            Self::Requests => "收到和处理政府信息公开申请情况",
            Self::Appeals => "政府信息公开行政复议、行政诉讼情况",
            Self::Problems => "存在的主要问题及改进情况",
            Self::Other => "其他需要报告的事项",
        }
    }

    /// The full heading, e.g. 「二、主动公开政府信息情况」.
    pub fn heading(self) -> String {
        format!("{}{}", self.number(), self.title())
    }

    /// The key of the narrative table in the report file, for narrative sections.
    pub fn narrative_key(self) -> Option<&'static str> {
        match self {
            Self::Overview => Some("overview"),
            Self::Problems => Some("problems"),
            Self::Other => Some("other"),
            _ => None,
        }
    }
}

/// The five topics section 一 must cover (条例第五十条, 30号).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    Proactive,
    OnRequest,
    Management,
    Platform,
    Supervision,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Self::Proactive,
        Self::OnRequest,
        Self::Management,
        Self::Platform,
        Self::Supervision,
    ];

    /// The topic's name as written in the format and accepted in `topics = [...]`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Proactive => "主动公开",
            Self::OnRequest => "依申请公开",
            Self::Management => "政府信息管理",
            Self::Platform => "政府信息公开平台建设",
            Self::Supervision => "监督保障",
        }
    }

    /// Words that mark a sub-heading as covering this topic.
    fn heading_words(self) -> &'static [&'static str] {
        match self {
            Self::Proactive => &["主动公开"],
            Self::OnRequest => &["依申请"],
            Self::Management => &["信息管理"],
            Self::Platform => &["平台"],
            Self::Supervision => &["监督", "保障"],
        }
    }

    /// The topic a name given by the user stands for.
    pub fn from_name(name: &str) -> Option<Topic> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|t| t.name() == name || (name.chars().count() >= 2 && t.name().contains(name)))
    }

    /// Topics a sub-heading covers, judged from its words.
    pub fn from_heading(heading: &str) -> Vec<Topic> {
        Self::ALL
            .into_iter()
            .filter(|t| t.heading_words().iter().any(|w| heading.contains(w)))
            .collect()
    }
}

/// Chinese numerals for sub-heading numbers 「（一）」 … 「（二十）」.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            if ones == 0 {
                format!("{}十", DIGITS[tens])
            } else {
                format!("{}十{}", DIGITS[tens], DIGITS[ones])
            }
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_map_to_formats() {
        assert_eq!(FormatVersion::for_year(2018), None);
        assert_eq!(FormatVersion::for_year(2019), Some(FormatVersion::V2019));
        assert_eq!(FormatVersion::for_year(2020), Some(FormatVersion::V2019));
        assert_eq!(FormatVersion::for_year(2021), Some(FormatVersion::V2021));
        assert_eq!(FormatVersion::for_year(2100), Some(FormatVersion::V2021));
        assert_eq!(FormatVersion::for_year(2101), None);
        assert_eq!(FormatVersion::for_year(i64::MIN), None);
        assert_eq!(
            FormatVersion::V2021.superseded(),
            Some(FormatVersion::V2019)
        );
        assert_eq!(FormatVersion::V2019.superseded(), None);
        assert_eq!(FormatVersion::latest(), FormatVersion::V2021);
        assert_eq!(FormatVersion::V2019.successor(), Some(FormatVersion::V2021));
        assert_eq!(
            FormatVersion::years_text(),
            "2019、2020 年度报告使用国办公开办函〔2019〕60号格式，2021 年度起使用国办公开办函〔2021〕30号格式"
        );
        for v in FormatVersion::ALL {
            assert_eq!(FormatVersion::for_year(v.first_year()), Some(v));
            assert_eq!(v.format().version, v);
            assert_eq!(for_year(v.first_year()).map(|f| f.version), Some(v));
        }
        // Oldest first, each from a later year than the one before.
        for pair in ALL.windows(2) {
            assert!(pair[0].first_year < pair[1].first_year);
        }
    }

    #[test]
    fn headings_are_verbatim() {
        assert_eq!(
            SectionId::Appeals.heading(),
            "四、政府信息公开行政复议、行政诉讼情况"
        );
        assert_eq!(chinese_number(7), "七");
        assert_eq!(chinese_number(12), "十二");
    }

    #[test]
    fn topics_from_headings() {
        assert_eq!(
            Topic::from_heading("政府信息公开平台建设情况"),
            vec![Topic::Platform]
        );
        assert_eq!(Topic::from_heading("监督保障"), vec![Topic::Supervision]);
        assert_eq!(Topic::from_name("依申请公开"), Some(Topic::OnRequest));
    }
}
