//! The optional 附表 comparing a report's figures with last year's
//! (`build --compare-previous`, or `compare_previous = true` in the report
//! file). It is not part of the official format, so it comes after 六 and its
//! title and note say so.

/// The heading's number and text: 「附表　与上年数据比较」.
pub const NUMBER: &str = "附表　";
pub const TITLE: &str = "与上年数据比较";

/// The note under the heading; `{previous}` is last year, `{year}` this year.
pub const NOTE: &str = "本附表不属于政府信息公开工作年度报告格式规定的内容，由本报告（本年，{year}年度）与{previous}年度报告（上年）第二、三、四部分的统计数字逐项计算得出，供比较参考。上年为0的项目增减率记为“—”，两年都为0的项目不列。";

/// The note when no figure of either year is other than 0.
pub const ALL_ZERO: &str = "两年的统计数字都为0。";

/// The column headings: 项目 (the row's official label), 栏目 (the official
/// column, for rows of several), then the figures.
pub const ITEM: &str = "项目";
pub const COLUMN: &str = "栏目";
pub const PREVIOUS: &str = "上年";
pub const CURRENT: &str = "本年";
pub const CHANGE: &str = "增减";
pub const RATE: &str = "增减率";
/// The rate when last year's figure was 0.
pub const NO_RATE: &str = "—";

/// Relative widths of the six columns (项目, 栏目, 上年, 本年, 增减, 增减率).
pub const WIDTHS: [f32; 6] = [0.34, 0.16, 0.125, 0.125, 0.125, 0.125];

/// `template` with `{year}` and `{previous}` filled in.
pub fn fill(template: &str, year: i64, previous: i64) -> String {
    template
        .replace("{year}", &year.to_string())
        .replace("{previous}", &previous.to_string())
}
