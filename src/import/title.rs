//! The report's title, agency, year and dates, as printed at its top.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

use super::item::Item;
use super::notes::Note;
use super::re;

/// The title: a short paragraph naming a 年度报告 (joined with an agency line above it).
pub(super) fn find_title(head: &[Item]) -> (Option<(usize, usize)>, Option<String>) {
    for (i, item) in head.iter().enumerate().take(40) {
        let Item::Para { text, .. } = item else {
            continue;
        };
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.chars().count() > 80 || !(compact.contains("报告") && compact.contains("年"))
        {
            continue;
        }
        if compact.starts_with(['根', '本', '依', '按']) || site_chrome(&compact) {
            continue;
        }
        // A title set over several lines: 「某某局」「2023年度政府信息公开」「工作年度报告」.
        let mut first = i;
        let mut title = compact.clone();
        while first > 0 && i - first < 3 {
            let Item::Para { text: above, .. } = &head[first - 1] else {
                break;
            };
            let above: String = above.chars().filter(|c| !c.is_whitespace()).collect();
            if above.chars().count() > 40
                || find_date(&above).is_some()
                || site_chrome(&above)
                || above.ends_with(['。', '；', '：', ':'])
            {
                break;
            }
            // Once the title starts with an agency, only the first half of an
            // agency name broken over two lines (「中卫市」「医疗保障局」) joins it;
            // a title naming its agency after the year (「2024年上海市科委…」)
            // is whole (a PDF's 「正文」 above it is no part of it).
            if (starts_with_agency(&title) && !agency_head(&above)) || agency_after_year(&title) {
                break;
            }
            title = format!("{above}{title}");
            first -= 1;
        }
        return (Some((first, i + 1)), Some(title));
    }
    (None, None)
}

/// A web site's navigation line: 「首页 > 政务公开 > …」「当前位置：…」.
pub(super) fn site_chrome(line: &str) -> bool {
    line.contains('>')
        || line.contains('＞')
        || line.contains("»")
        || [
            "首页",
            "当前位置",
            "所在位置",
            "所在的位置",
            "无障碍",
            "长者版",
        ]
        .iter()
        .any(|w| line.contains(w))
}

/// A line that can only be the first half of an agency's name: a short run of
/// Chinese characters ending in a division (「中卫市」「某某县」「某某街道」).
fn agency_head(line: &str) -> bool {
    let n = line.chars().count();
    (2..=12).contains(&n)
        && line.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && ["省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "街道"]
            .iter()
            .any(|s| line.ends_with(s))
}

/// True when a title starts with its year and names its agency after it:
/// 「2024年上海市科委政府信息公开…」, not 「2023年度政府信息公开…」.
fn agency_after_year(title: &str) -> bool {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year = re(&YEAR, r"^(?:19|20)\d{2}\s*年度?");
    let Some(m) = year.find(title) else {
        return false;
    };
    let after = &title[m.end()..];
    ["政府信息公开", "政务公开", "信息公开"]
        .iter()
        .filter_map(|w| after.find(w))
        .min()
        .is_some_and(|end| after[..end].chars().count() >= 2)
}

/// True when a title starts with its agency (not with the year or the words after it).
fn starts_with_agency(title: &str) -> bool {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year = re(&YEAR, r"(?:19|20)\d{2}\s*年");
    match year.find(title) {
        Some(m) => m.start() > 0 && !title.starts_with(['（', '(']),
        None => false,
    }
}

/// A date printed alone: 「2024年1月15日」「2023-01-06」「（2023-01-06）」「发布日期：…」.
pub(super) fn find_date(text: &str) -> Option<NaiveDate> {
    static DATE: OnceLock<Regex> = OnceLock::new();
    let date = re(
        &DATE,
        r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?",
    );
    let c = date.captures(text)?;
    let rest = date.replace(text, "");
    let rest: String = rest
        .chars()
        .filter(|c| !c.is_whitespace() && !"()（）:：".contains(*c))
        .collect();
    // 「发布时间：2024-01-20 来源：某某局 浏览次数：12」 names its date too.
    let labelled =
        ["发布", "时间", "日期"].iter().any(|w| text.contains(w)) && text.chars().count() <= 80;
    if rest.chars().count() > 8 && !labelled {
        return None;
    }
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// The agency and year from the title, else from the text.
pub(super) fn agency_and_year(
    title: Option<&str>,
    items: &[Item],
    notes: &mut Vec<Note>,
) -> (String, i64) {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    let year_re = re(&YEAR, r"((?:19|20)\d{2})\s*年");
    let period = re(&PERIOD, r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日");
    let mut agency = String::new();
    let mut year = None;
    if let Some(t) = title
        && let Some(m) = year_re.captures(t)
    {
        let whole = m.get(0).expect("match");
        agency = t[..whole.start()]
            .trim()
            .trim_end_matches("关于")
            .to_string();
        if agency.is_empty() {
            // 「2022年上海市人民政府参事室政府信息公开工作年度报告」: the agency follows the year.
            let after = &t[whole.end()..];
            let after = after.strip_prefix("度").unwrap_or(after);
            let end = ["政府信息公开", "政务公开", "信息公开", "年度报告"]
                .iter()
                .filter_map(|w| after.find(w))
                .min()
                .unwrap_or(0);
            agency = after[..end].trim().to_string();
        }
        year = m[1].parse().ok();
    }
    if year.is_none() {
        let paras = || {
            items.iter().filter_map(|i| match i {
                Item::Para { text, .. } if !text.contains('\t') && !text.contains('|') => {
                    Some(text.as_str())
                }
                _ => None,
            })
        };
        let from_period = paras().find_map(|t| period.captures(t).and_then(|c| c[1].parse().ok()));
        // Else the year the narrative names most often (the report's own year).
        let mut counts: Vec<(i64, usize)> = Vec::new();
        for t in paras().take(60) {
            for c in year_re.captures_iter(t) {
                let y: i64 = c[1].parse().unwrap_or(0);
                match counts.iter_mut().find(|(k, _)| *k == y) {
                    Some(e) => e.1 += 1,
                    None => counts.push((y, 1)),
                }
            }
        }
        let most_named = counts
            .into_iter()
            .max_by_key(|(y, n)| (*n, -*y))
            .map(|(y, _)| y);
        let message = match (from_period, most_named) {
            (Some(y), _) => {
                year = Some(y);
                format!("标题中没有报告年度，按正文的统计期限定为 {y} 年；请核对")
            }
            (None, Some(y)) => {
                year = Some(y);
                format!("没有找到标题和统计期限，按正文最常提到的年份定为 {y} 年；请核对")
            }
            _ => "没有找到报告年度，暂写 2021；请在 [report] year 处改正".to_string(),
        };
        notes.push(Note::new(None, message));
    }
    if agency.is_empty() {
        let placeholder = crate::format::placeholder::AGENCY_UNKNOWN;
        notes.push(Note::new(
            None,
            format!(
                "没有从标题中识别出机关名称，暂写「{placeholder}」；请在 [report] agency 处改正"
            ),
        ));
        agency = placeholder.to_string();
    }
    (agency, year.unwrap_or(2021))
}
