//! Year on year, as data: the words of a sentence that states a change from
//! last year (较上年增长12.3%), what the comparison with last year counts as an
//! anomaly, and which figures must never silently fall to 0 (rules R13, R14).

use super::TableId;

/// Words that compare with last year; `{P}` stands for last year's number
/// (较2023年). Longest first: the first that matches at a place wins.
pub const MARKERS: &[&str] = &[
    "与上一年度相比",
    "与上年度相比",
    "与上一年相比",
    "与上年同期相比",
    "与上年相比",
    "与去年同期相比",
    "与去年相比",
    "与{P}年相比",
    "与{P}年度相比",
    "与上一年度",
    "与上年度",
    "与上年",
    "与去年",
    "和上年相比",
    "和去年相比",
    "较上一年度",
    "较上年同期",
    "较上年度",
    "较上一年",
    "较去年同期",
    "较去年",
    "较上年",
    "较{P}年度",
    "较{P}年",
    "比上一年度",
    "比上年同期",
    "比上年度",
    "比上一年",
    "比去年同期",
    "比去年",
    "比上年",
    "比{P}年度",
    "比{P}年",
    "同比",
];

/// Which way a change goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Flat,
    /// 翻番: doubled.
    Doubled,
}

/// The words for each direction, longest first.
pub const DIRECTIONS: &[(&str, Direction)] = &[
    ("翻了一番", Direction::Doubled),
    ("翻一番", Direction::Doubled),
    ("翻番", Direction::Doubled),
    ("基本持平", Direction::Flat),
    ("保持持平", Direction::Flat),
    ("持平", Direction::Flat),
    ("增长", Direction::Up),
    ("增加", Direction::Up),
    ("上升", Direction::Up),
    ("提高", Direction::Up),
    ("提升", Direction::Up),
    ("增多", Direction::Up),
    ("多", Direction::Up),
    ("下降", Direction::Down),
    ("减少", Direction::Down),
    ("降低", Direction::Down),
    ("回落", Direction::Down),
    ("少", Direction::Down),
];

/// 基本持平 allows this much change (per cent of last year's figure).
pub const ROUGHLY_FLAT_PERCENT: f64 = 5.0;

/// Words of a sentence that does not compare this agency's own figures
/// (a sub-unit, the whole city, a plan) even when it says 较上年: the
/// quantities' off-topic words, less the ones that compare with last year.
pub const NOT_OFF_TOPIC: &[&str] = &["去年", "上年", "上一年", "同比", "较上"];

/// When a change sentence names no figure with its number (申请数量较上年增长12.3%),
/// the quantity a word before the change names (a key of `quantities::QUANTITIES`).
/// Checked in order; the last of these words before the change decides.
pub const SUBJECT_WORDS: &[(&str, &str)] = &[
    ("依申请公开", "new_requests"),
    ("政府信息公开申请", "new_requests"),
    ("信息公开申请", "new_requests"),
    ("申请数量", "new_requests"),
    ("申请量", "new_requests"),
    ("申请件数", "new_requests"),
    ("收到申请", "new_requests"),
    ("受理申请", "new_requests"),
    ("新收申请", "new_requests"),
    ("办结", "total"),
    ("行政复议", "review"),
    ("行政诉讼", "suits"),
];

/// A figure above this many times last year's, or below its inverse, asks
/// for a reason in the narrative (R14).
pub const ANOMALY_RATIO: f64 = 5.0;
/// Small figures move by large ratios by nature (1 → 6): the ratio rule only
/// looks at figures where the larger year has at least this many.
pub const ANOMALY_MIN: i64 = 10;

/// Key figures: one that was not 0 last year and is 0 now asks for a reason (R14).
/// (table, field key, how a message names it)
pub const KEY_FIGURES: &[(TableId, &str, &str)] = &[
    (TableId::Three, super::t3::NEW, "本年新收申请"),
    (TableId::Three, super::t3::TOTAL, "办结（办理结果总计）"),
];

/// Words of a sentence that explains a change (with the figure's own words).
pub const EXPLAINING_WORDS: &[&str] = &[
    "原因",
    "主要是",
    "主要由于",
    "由于",
    "因为",
    "大幅",
    "明显",
    "显著",
    "激增",
    "骤降",
];

/// Words of section 五 that speak of last year's problems being fixed (C5).
pub const LAST_YEAR_FIX_WORDS: &[&str] = &["上年", "去年", "上一年", "整改", "前一年", "以往年度"];
/// A line of section 五 naming last year by number (「（一）2024年工作中存在问题的
/// 改进情况」) speaks of its fixing when it holds one of these words.
pub const FIX_WORDS: &[&str] = &["问题", "改进", "整改", "落实", "完成情况"];

/// Words that may stand between a comparison and its direction (较上年有所下降).
pub const ADVERBS: &[&str] = &["有所", "略有", "稍有", "大幅", "明显", "均", "都", "也"];
/// Units of an amount of change: a count, 万元, a percentage, 倍, 个百分点 (not judged).
pub const AMOUNT_UNITS: &[&str] = &[
    "%",
    "％",
    "个百分点",
    "倍",
    "件次",
    "件",
    "条",
    "个",
    "次",
    "宗",
    "起",
    "项",
    "万元",
];
/// The units of a percentage, of 倍 and of 个百分点 among them.
pub const PERCENT_UNITS: &[&str] = &["%", "％"];
pub const TIMES_UNIT: &str = "倍";
pub const POINTS_UNIT: &str = "个百分点";
