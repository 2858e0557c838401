//! A 汇总 report's per-unit appendix, as data: lines such as
//! 「某某局：本年新收政府信息公开申请数量13件」 give one subordinate unit's figures,
//! never the whole's, and no rule compares them with the tables.

/// Words of a line that opens the appendix (附：各单位主要数据).
pub const HEADINGS: &[&str] = &[
    "各单位主要数据",
    "各单位情况",
    "各单位数据",
    "各部门主要数据",
    "各部门情况",
    "各乡镇（街道）",
    "各乡镇主要数据",
    "各街道主要数据",
];

/// How the name of a unit ends (a line 「<name>：…」 is a unit's anywhere).
pub const UNIT_SUFFIXES: &[&str] = &[
    "局",
    "委",
    "办",
    "办公室",
    "院",
    "所",
    "中心",
    "站",
    "馆",
    "队",
    "处",
    "会",
    "部",
    "厅",
    "署",
    "镇",
    "乡",
    "街道",
    "街道办事处",
    "人民政府",
    "政府",
    "公司",
    "集团",
    "学校",
    "医院",
    "管委会",
    "管理委员会",
];

/// Names that head the whole's own line, never a unit's (合计：…).
pub const WHOLE_NAMES: &[&str] = &["合计", "总计", "全县", "全市", "全区", "汇总"];

/// List marks before a unit's name (- 某某局：, 1. 某某局：, （一）某某局：).
pub const LIST_MARKS: &[char] = &[
    '-', '·', '•', '●', '○', '*', '（', '）', '(', ')', '.', '、', '．', ' ', '\t', '　', '0', '1',
    '2', '3', '4', '5', '6', '7', '8', '9', '一', '二', '三', '四', '五', '六', '七', '八', '九',
    '十',
];
