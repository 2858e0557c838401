//! The rows of tables 二 and 三 in each format version, as data: keys and
//! verbatim labels. A [`Format`](super::Format) value names its own; where two
//! versions share rows they share the constant. `tables.rs` draws the official
//! grids from them; table 四 is the same in every version so far (`tables.rs`).

/// What kind of number a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A non-negative whole number (件, 个).
    Count,
    /// A whole number that may be negative (2019's 本年增/减).
    Signed,
    /// An exact non-negative decimal in 万元, printed as typed.
    Amount,
}

/// One value column of a field.
#[derive(Clone, Debug)]
pub struct Column {
    /// Key used to cite the value in narrative, e.g. `total`.
    pub key: &'static str,
    /// Official column label.
    pub label: &'static str,
    pub kind: ValueKind,
}

pub(super) const fn col(key: &'static str, label: &'static str, kind: ValueKind) -> Column {
    Column { key, label, kind }
}

/// A block of table 二: 「第二十条第（…）项」, its value columns, its rows.
#[derive(Debug)]
pub struct Block {
    pub heading: &'static str,
    pub columns: &'static [Column],
    /// Key and label of each row.
    pub rows: &'static [(&'static str, &'static str)],
}

/// A row of table 三: its key, its label and where it stands in the grid.
#[derive(Debug)]
pub struct Row {
    pub key: &'static str,
    pub label: &'static str,
    pub place: Place,
}

/// Where a row of table 三 stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A numbered part of its own (一、二、四、), across the three label columns.
    Own,
    /// Directly under 三、本年度办理结果 (（一）（二）（七）).
    Results,
    /// In a group under 三、本年度办理结果 (（三）不予公开 1.–8. …).
    Group(&'static str),
}

const fn row(key: &'static str, label: &'static str, place: Place) -> Row {
    Row { key, label, place }
}

// ---------------------------------------------------------------- table 二

const DECISIONS_2021: [Column; 1] = [col("decisions", "本年处理决定数量", ValueKind::Count)];

/// Table 二 of the 2021 format.
pub const TABLE2_2021: [Block; 4] = [
    Block {
        heading: "第二十条第（一）项",
        columns: &[
            col("issued", "本年制发件数", ValueKind::Count),
            col("abolished", "本年废止件数", ValueKind::Count),
            col("in_force", "现行有效件数", ValueKind::Count),
        ],
        rows: &[
            ("regulations", "规章"),
            ("normative_documents", "行政规范性文件"),
        ],
    },
    Block {
        heading: "第二十条第（五）项",
        columns: &DECISIONS_2021,
        rows: &[("licensing", "行政许可")],
    },
    Block {
        heading: "第二十条第（六）项",
        columns: &DECISIONS_2021,
        rows: &[("punishment", "行政处罚"), ("enforcement", "行政强制")],
    },
    Block {
        heading: "第二十条第（八）项",
        columns: &[col(
            "amount",
            "本年收费金额（单位：万元）",
            ValueKind::Amount,
        )],
        rows: &[("fees", "行政事业性收费")],
    },
];

const ITEMS_2019: [Column; 3] = [
    col("last_year", "上一年项目数量", ValueKind::Count),
    col("change", "本年增/减", ValueKind::Signed),
    col("decisions", "处理决定数量", ValueKind::Count),
];

/// Table 二 of the 2019 format.
pub const TABLE2_2019: [Block; 5] = [
    Block {
        heading: "第二十条第（一）项",
        columns: &[
            col("made", "本年新制作数量", ValueKind::Count),
            col("published", "本年新公开数量", ValueKind::Count),
            col("total", "对外公开总数量", ValueKind::Count),
        ],
        rows: &[
            ("regulations", "规章"),
            ("normative_documents", "规范性文件"),
        ],
    },
    Block {
        heading: "第二十条第（五）项",
        columns: &ITEMS_2019,
        rows: &[
            ("licensing", "行政许可"),
            ("other_services", "其他对外管理服务事项"),
        ],
    },
    Block {
        heading: "第二十条第（六）项",
        columns: &ITEMS_2019,
        rows: &[("punishment", "行政处罚"), ("enforcement", "行政强制")],
    },
    Block {
        heading: "第二十条第（八）项",
        columns: &[
            col("last_year", "上一年项目数量", ValueKind::Count),
            col("change", "本年增/减", ValueKind::Signed),
        ],
        rows: &[("fees", "行政事业性收费")],
    },
    Block {
        heading: "第二十条第（九）项",
        columns: &[
            col("items", "采购项目数量", ValueKind::Count),
            col("amount", "采购总金额", ValueKind::Amount),
        ],
        rows: &[("procurement", "政府集中采购")],
    },
];

// ---------------------------------------------------------------- table 三

/// The heading the rows of 三 stand under.
pub const RESULTS: &str = "三、本年度办理结果";

const DENIED: Place = Place::Group("（三）不予公开");
const UNAVAILABLE: Place = Place::Group("（四）无法提供");
const REJECTED: Place = Place::Group("（五）不予处理");
const OTHER: Place = Place::Group("（六）其他处理");

/// Table 三 from 一 to （五）不予处理, the same in every format so far.
pub const TABLE3_TO_REJECTED: [Row; 20] = [
    row(
        "new_requests",
        "一、本年新收政府信息公开申请数量",
        Place::Own,
    ),
    row(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        Place::Own,
    ),
    row("granted", "（一）予以公开", Place::Results),
    row(
        "partly_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        Place::Results,
    ),
    row("denied_state_secret", "1.属于国家秘密", DENIED),
    row(
        "denied_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        DENIED,
    ),
    row("denied_three_safeties", "3.危及“三安全一稳定”", DENIED),
    row("denied_third_party", "4.保护第三方合法权益", DENIED),
    row("denied_internal_affairs", "5.属于三类内部事务信息", DENIED),
    row("denied_process_information", "6.属于四类过程性信息", DENIED),
    row("denied_enforcement_files", "7.属于行政执法案卷", DENIED),
    row("denied_inquiry_matters", "8.属于行政查询事项", DENIED),
    row(
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        UNAVAILABLE,
    ),
    row(
        "unavailable_needs_making",
        "2.没有现成信息需要另行制作",
        UNAVAILABLE,
    ),
    row(
        "unavailable_still_unclear",
        "3.补正后申请内容仍不明确",
        UNAVAILABLE,
    ),
    row("rejected_petition", "1.信访举报投诉类申请", REJECTED),
    row("rejected_repeated", "2.重复申请", REJECTED),
    row("rejected_publications", "3.要求提供公开出版物", REJECTED),
    row("rejected_excessive", "4.无正当理由大量反复申请", REJECTED),
    row(
        "rejected_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        REJECTED,
    ),
];

/// Table 三's （六）其他处理 in the 2021 format: three rows.
pub const TABLE3_OTHER_2021: [Row; 3] = [
    row(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        OTHER,
    ),
    row(
        "other_fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OTHER,
    ),
    row("other_other", "3.其他", OTHER),
];

/// Table 三's （六）其他处理 in the 2019 format: one row.
pub const TABLE3_OTHER_2019: [Row; 1] = [row("other", "（六）其他处理", Place::Results)];

/// Table 三 from （七）总计 to the end, the same in every format so far.
pub const TABLE3_FROM_TOTAL: [Row; 2] = [
    row("total", "（七）总计", Place::Results),
    row("carry_forward", "四、结转下年度继续办理", Place::Own),
];
