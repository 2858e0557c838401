//! Kinds of publishing body, as data: when each must publish its report
//! (条例第四十九条) and what a 人民政府's report must add (条例第五十条第四项).

/// The kind of body a report is of: named by the report file's `body` key, or
/// judged from the agency name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// A 县级以上人民政府's own report (本级政府): due by 3月31日, C7.
    Government,
    /// A 乡镇人民政府: due by 1月31日, C7, R11.
    Township,
    /// A 街道办事处: due by 1月31日, R11.
    Subdistrict,
    /// A 政府部门 or any other body (单位): due by 1月31日.
    Department,
}

impl BodyKind {
    pub const ALL: [BodyKind; 4] = [
        BodyKind::Government,
        BodyKind::Township,
        BodyKind::Subdistrict,
        BodyKind::Department,
    ];

    /// The value of the `body` key.
    pub fn name(self) -> &'static str {
        match self {
            BodyKind::Government => "县级以上人民政府",
            BodyKind::Township => "乡镇人民政府",
            BodyKind::Subdistrict => "街道办事处",
            BodyKind::Department => "部门",
        }
    }

    /// Other spellings the key accepts.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            BodyKind::Government => &["本级人民政府", "人民政府", "本级政府"],
            BodyKind::Township => &["乡镇", "乡镇政府"],
            BodyKind::Subdistrict => &["街道"],
            BodyKind::Department => &["单位", "部门、单位", "部门或单位", "政府部门"],
        }
    }

    /// The kind a `body` value names.
    pub fn named(value: &str) -> Option<BodyKind> {
        let value = value.trim();
        BodyKind::ALL
            .into_iter()
            .find(|k| k.name() == value || k.aliases().contains(&value))
    }

    /// The kind judged from the agency name and whether it is a 乡镇 or 街道.
    pub fn guess(agency: &str, township: bool) -> BodyKind {
        let government = agency.trim().ends_with(GOVERNMENT_SUFFIX);
        match (township, government) {
            (true, true) => BodyKind::Township,
            (true, false) => BodyKind::Subdistrict,
            (false, true) => BodyKind::Government,
            (false, false) => BodyKind::Department,
        }
    }

    /// A 人民政府 of any level: its report adds 条例第五十条第四项 (C7).
    pub fn is_government(self) -> bool {
        matches!(self, BodyKind::Government | BodyKind::Township)
    }

    /// A 乡镇 or 街道 (R11).
    pub fn is_township(self) -> bool {
        matches!(self, BodyKind::Township | BodyKind::Subdistrict)
    }

    /// Every kind's name, as hints list them: 「县级以上人民政府、乡镇人民政府、…」.
    pub fn names() -> String {
        BodyKind::ALL.map(BodyKind::name).join("、")
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_key_and_by_name() {
        assert_eq!(BodyKind::named("部门"), Some(BodyKind::Department));
        assert_eq!(BodyKind::named(" 本级政府 "), Some(BodyKind::Government));
        assert_eq!(BodyKind::named("委员会"), None);
        assert_eq!(
            BodyKind::guess("某某市人民政府", false),
            BodyKind::Government
        );
        assert_eq!(BodyKind::guess("某某镇人民政府", true), BodyKind::Township);
        assert_eq!(
            BodyKind::guess("某某街道办事处", true),
            BodyKind::Subdistrict
        );
        assert_eq!(
            BodyKind::guess("某某市医疗保障局", false),
            BodyKind::Department
        );
    }
}
