//! Kinds of publishing body, as data: when each must publish its report
//! (条例第四十九条) and what a 人民政府's report must add (条例第五十条第四项).

/// How the name of a 人民政府 ends. A 县级以上人民政府's own report (one that is
/// not a 乡镇's) is due by 3月31日; every other body's by 1月31日.
pub const GOVERNMENT_SUFFIX: &str = "人民政府";

/// (month, day) of the deadline in the year after the report's.
pub const GOVERNMENT_DEADLINE: (u32, u32) = (3, 31);
pub const DEPARTMENT_DEADLINE: (u32, u32) = (1, 31);

/// Why: the article each deadline rests on.
pub const GOVERNMENT_DEADLINE_BASIS: &str =
    "条例第四十九条：县级以上人民政府的本级政府年度报告于每年3月31日前公布";
pub const DEPARTMENT_DEADLINE_BASIS: &str = "条例第四十九条要求于每年1月31日前公布上一年度报告";

/// What 条例第五十条第四项 asks of every 人民政府's report, each with the words
/// that show it is there.
pub const GOVERNMENT_ITEMS: &[(&str, &[&str])] = &[
    ("工作考核", &["考核"]),
    ("社会评议", &["评议"]),
    ("责任追究结果", &["责任追究", "追究责任", "追责"]),
];
