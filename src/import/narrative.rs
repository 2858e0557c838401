//! The narrative of sections 一, 五 and 六: lead paragraphs, sub-headed parts,
//! contact details and the closing. Text is kept verbatim.

use regex::Regex;
use std::sync::OnceLock;

use super::item::ClosingText;
use super::notes::{At, Note};
use super::source::Place;
use super::title::find_date;
use crate::format::Topic;
use crate::report::schema::CONTACT_KEYS;

/// A sub-headed part 「（一）…」.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartText {
    pub heading: String,
    pub topics: Vec<Topic>,
    pub paras: Vec<String>,
}

/// A section's narrative.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    pub lead: Vec<String>,
    pub parts: Vec<PartText>,
}

impl Body {
    pub fn is_empty(&self) -> bool {
        self.lead.is_empty() && self.parts.is_empty()
    }
}

fn part_heading() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.*)$").expect("valid")
    })
}

/// A paragraph that starts with a sub-heading's number 「（一）」.
pub fn is_part_heading(text: &str) -> bool {
    part_heading().is_match(&unbold_heading(text))
}

/// Splits a section into lead and parts; `topics` maps part headings to the five topics.
/// How a section's paragraphs are read.
#[derive(Clone, Copy)]
pub struct Reading {
    /// Map the parts' headings to the five topics (section 一).
    pub topics: bool,
    /// The source breaks lines inside sentences (plain text, PDF): join them.
    pub join_lines: bool,
}

pub fn body(paras: &[(String, Place)], reading: Reading, notes: &mut Vec<Note>) -> Body {
    let topics = reading.topics;
    let mut b = Body::default();
    // Once a part is numbered 「（一）」, a line naming a topic is an item
    // inside it (「4.认真办理依申请公开」 under 「（二）围绕工作重点…」), not a part.
    let mut numbered_parts = false;
    for (n, (text, at)) in paras.iter().enumerate() {
        let unbold = unbold_heading(text);
        let numbered = part_heading()
            .captures(&unbold)
            .map(|c| c[2].trim().to_string());
        numbered_parts |= numbered.is_some();
        let bare = (topics && !numbered_parts)
            .then(|| bare_heading(&unbold, paras.get(n + 1).map(|p| p.0.as_str())))
            .flatten();
        let after_sentence = n == 0 || ends_sentence(&paras[n - 1].0);
        let own = after_sentence
            .then(|| own_numbered_heading(&unbold))
            .flatten()
            .filter(|_| paras.get(n + 1).is_some());
        let split = numbered
            .or(own)
            .or(bare)
            .map(|rest| (split_heading(&rest), rest));
        if let Some((None, _)) = &split {
            notes.push(Note::new(
                Some(At::line(*at)),
                format!(
                    "「{}」编号后的第一句超过 {} 字，不是小标题，连同编号作为正文导入；请核对",
                    short(text),
                    heading_limit()
                ),
            ));
        }
        if let Some((Some((heading, first)), _)) = &split {
            let (heading, first) = (heading.as_str(), first.as_str());
            let mut part = PartText {
                heading: heading.to_string(),
                topics: Vec::new(),
                paras: Vec::new(),
            };
            if !first.is_empty() {
                part.paras.push(first.to_string());
            }
            if heading.chars().count() > 30 {
                notes.push(Note::new(
                    Some(At::line(*at)),
                    format!(
                        "小标题「{}」很长：原文编号后没有简短的小标题，第一句整句作为小标题；请核对",
                        short(heading)
                    ),
                ));
            }
            if topics {
                part.topics = topics_for(&part.heading);
                if part.topics.is_empty() {
                    notes.push(Note::new(Some(At::line(*at)), format!(
                        "{}的小标题「{}」看不出写的是五个方面中的哪一个，C1 不把它算作任何一方面；若它写的是其中一方面，在报告文件这一部分用 topics = [\"…\"] 注明",
                        crate::format::SectionId::Overview.heading(),
                        part.heading
                    )));
                }
            }
            b.parts.push(part);
            continue;
        }
        match b.parts.last_mut() {
            Some(p) => p.paras.push(text.clone()),
            None => b.lead.push(text.clone()),
        }
    }
    let join = |v: Vec<String>| {
        if reading.join_lines {
            join_broken_lines(v)
        } else {
            v
        }
    };
    b.lead = numbered_items(join(std::mem::take(&mut b.lead)));
    for p in &mut b.parts {
        p.paras = numbered_items(join(std::mem::take(&mut p.paras)));
    }
    b
}

/// A run of paragraphs numbered 1. 2. 3. … becomes the report file's numbered
/// items (「- 」), which print the same numbers; any other numbering stays as printed.
pub fn numbered_items(paras: Vec<String>) -> Vec<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| Regex::new(r"^(\d{1,2})\s*[.．、]\s*(\S.*)$").expect("valid"));
    let number = |p: &str| re.captures(p).and_then(|c| c[1].parse::<usize>().ok());
    let mut out = paras.clone();
    let mut i = 0;
    while i < paras.len() {
        if number(&paras[i]) != Some(1) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < paras.len() && number(&paras[end]) == Some(end - i + 1) {
            end += 1;
        }
        if end - i >= 2 {
            for (j, slot) in out.iter_mut().enumerate().take(end).skip(i) {
                let c = re.captures(&paras[j]).expect("numbered");
                *slot = format!("- {}", &c[2]);
            }
        }
        i = end;
    }
    out
}

/// A paragraph whose first words, set in bold, are its sub-heading
/// (「**（一）主动公开情况。**严格按照……」, or 「（五）**监督保障情况。**进一步……」
/// with the number left plain, as web pages and Word documents set their
/// lead-ins): the heading's marks dropped, so it reads as the heading it is.
fn unbold_heading(text: &str) -> std::borrow::Cow<'_, str> {
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let number = NUMBER.get_or_init(|| {
        Regex::new(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*$").expect("valid")
    });
    let Some(open) = text.find("**") else {
        return text.into();
    };
    let Some(len) = text[open + 2..].find("**") else {
        return text.into();
    };
    let (before, bold, after) = (
        &text[..open],
        &text[open + 2..open + 2 + len],
        &text[open + 4 + len..],
    );
    let plain = format!("{before}{bold}{after}");
    let heading = if before.is_empty() {
        part_heading().is_match(bold) || !Topic::from_heading(bold).is_empty()
    } else {
        number.is_match(before)
    };
    if heading { plain.into() } else { text.into() }
}

/// A sub-heading numbered as a part is 「二、工作机制保障」, in a report that
/// numbers its own parts under 一、总体情况 (the official parts' headings are
/// cut out before): a short line of words alone, its number dropped (the
/// report file numbers parts （一）（二）…). 「二、三季度…」 is no heading.
fn own_numbered_heading(text: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"^[一二三四五六七八九十]{1,2}、\s*([^一二三四五六七八九十\s][^，。；：,;:！？]{1,19})$")
            .expect("valid")
    });
    re.captures(text.trim()).map(|c| c[1].trim().to_string())
}

/// A sub-heading of 一 printed without its number (lost in copying): a short
/// line naming one of the five topics, followed by text. 「()监督保障」 counts too.
fn bare_heading(text: &str, next: Option<&str>) -> Option<String> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    let num =
        NUM.get_or_init(|| Regex::new(r"^(?:[(（]\s*[)）]|\d{1,2}\s*[.、．])\s*").expect("valid"));
    let t = num.replace(text.trim(), "");
    let t = t.trim();
    let short = (2..=16).contains(&t.chars().count());
    let plain = !t.contains(['，', ',', '；', '：', '。'])
        || t.ends_with('。') && t.matches('。').count() == 1;
    (short
        && plain
        && !Topic::from_heading(t).is_empty()
        && next.is_some_and(|n| n.chars().count() > t.chars().count()))
    .then(|| t.to_string())
}

/// The longest a sub-heading can be: the longest official heading or topic
/// name and some 30 characters more. A first sentence longer than that is body
/// text that happens to be numbered.
pub fn heading_limit() -> usize {
    let titles = crate::format::SectionId::ALL.map(|s| s.title().chars().count());
    let topics = Topic::ALL.map(|t| t.name().chars().count());
    titles.into_iter().chain(topics).max().unwrap_or(0) + 30
}

/// Words that end a short lead-in run into its text (「主动公开方面某某区…」).
const LEAD_IN_ENDS: [&str; 2] = ["方面", "工作情况"];

/// A part's heading and the text that follows it on the same line; `None`
/// when the text after the number is no heading (its first sentence too long
/// and no short lead-in).
fn split_heading(rest: &str) -> Option<(String, String)> {
    let cut = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '：' | ':') || c.is_whitespace());
    let (heading, first) = match cut {
        Some((i, c)) if rest[i + c.len_utf8()..].trim().is_empty() && !c.is_whitespace() => {
            (rest, "")
        }
        Some((i, c)) => (rest[..i].trim(), rest[i + c.len_utf8()..].trim()),
        None => (rest, ""),
    };
    if heading.chars().count() <= 30 {
        return Some((heading.to_string(), first.to_string()));
    }
    // A lead-in run into its text: cut after its last word, within the limit.
    let limit = heading_limit();
    let head_bytes = rest
        .char_indices()
        .nth(limit)
        .map_or(rest.len(), |(i, _)| i);
    let lead_in = LEAD_IN_ENDS
        .iter()
        .filter_map(|w| rest[..head_bytes].find(w).map(|i| i + w.len()))
        .min();
    if let Some(end) = lead_in {
        let body =
            rest[end..].trim_start_matches(|c: char| c.is_whitespace() || "，,、。：:".contains(c));
        return Some((rest[..end].to_string(), body.to_string()));
    }
    (heading.chars().count() <= limit).then(|| (heading.to_string(), first.to_string()))
}

/// Topics of a part heading: the format's words first, then wordings agencies use.
pub fn topics_for(heading: &str) -> Vec<Topic> {
    let t = Topic::from_heading(heading);
    if !t.is_empty() {
        return t;
    }
    const WORDS: [(&str, Topic); 10] = [
        ("申请", Topic::OnRequest),
        ("诉求", Topic::OnRequest),
        ("发布", Topic::Management),
        ("管理", Topic::Management),
        ("审核", Topic::Management),
        ("网站", Topic::Platform),
        ("载体", Topic::Platform),
        ("考核", Topic::Supervision),
        ("培训", Topic::Supervision),
        ("公开", Topic::Proactive),
    ];
    WORDS
        .iter()
        .find(|(w, _)| heading.contains(w))
        .map(|(_, t)| vec![*t])
        .unwrap_or_default()
}

/// Joins lines that a web page or PDF broke inside a sentence: a line of some
/// length (a short one is more likely a heading) that ends inside Chinese text
/// without closing its sentence continues in the next one.
pub fn join_broken_lines(paras: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in paras {
        if let Some(last) = out.last_mut()
            && !ends_sentence(last)
            && ends_cjk(last)
            && last.chars().count() >= 15
            && !p.starts_with(|c: char| c.is_ascii_alphabetic())
            && !starts_item(&p)
        {
            last.push_str(&p);
            continue;
        }
        out.push(p);
    }
    out
}

/// A line cut inside Chinese text ends with a Chinese character or comma
/// (not with a web address or an English note).
fn ends_cjk(s: &str) -> bool {
    s.trim_end_matches("**")
        .chars()
        .last()
        .is_some_and(|c| c as u32 >= 0x2E80 || c.is_ascii_digit())
}

fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches("**");
    s.ends_with([
        '。', '！', '？', '!', '?', '；', ';', '：', ':', '”', '」', '』', '）', ')', '】', '…',
        '.',
    ])
}

fn starts_item(s: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^(?:[一二三四五六七八九十]+[是、]|[（(]?\d+[）).、．]|[（(][一二三四五六七八九十]+[）)]|[-•·])").expect("valid"))
        .is_match(s)
}

/// Drops what a web page prints after the report (attachment links, print and
/// share buttons) from the end of the last section, noting each.
pub fn drop_page_trailer(paras: &mut Vec<(String, Place)>, notes: &mut Vec<Note>) {
    const TRAILER: [&str; 9] = [
        "附件",
        "相关附件",
        "打印本页",
        "【打印",
        "关闭窗口",
        "【关闭",
        "分享到",
        "扫一扫",
        "责任编辑",
    ];
    while let Some((text, at)) = paras.last() {
        if !TRAILER.iter().any(|w| text.starts_with(w)) || text.chars().count() > 80 {
            break;
        }
        notes.push(Note::new(
            Some(At::line(*at)),
            format!(
                "报告末尾的网页附加内容「{}」不属于正文，未导入",
                short(text)
            ),
        ));
        paras.pop();
    }
}

/// Takes 「特此报告。」, the signature and the date from the end of the last section.
pub fn take_closing(paras: &mut Vec<(String, Place)>) -> Option<ClosingText> {
    let mut c = ClosingText::default();
    let mut taken = Vec::new();
    while let Some((text, _)) = paras.last() {
        let t = text.trim();
        if c.date.is_none()
            && c.signature.is_empty()
            && c.text.is_empty()
            && let Some(d) = find_date(t)
        {
            c.date = Some(d);
        } else if c.signature.is_empty() && c.text.is_empty() && is_signature(t) {
            c.signature = t.to_string();
        } else if c.text.is_empty() && t.starts_with("特此报告") && t.chars().count() <= 8 {
            c.text = t.to_string();
        } else {
            break;
        }
        taken.extend(paras.pop());
    }
    if !c.text.is_empty() || (!c.signature.is_empty() && c.date.is_some()) {
        Some(c)
    } else {
        // Not a closing after all: put back what was taken.
        paras.extend(taken.into_iter().rev());
        None
    }
}

pub(super) fn is_signature(t: &str) -> bool {
    let n = t.chars().count();
    (2..=40).contains(&n)
        && !t.contains(['。', '，', ',', '：', ':'])
        && !t.chars().any(|c| c.is_ascii_digit())
        && t.ends_with(|c: char| "局委办府院所室心处厅部会道镇乡署站队司组".contains(c))
}

/// Takes a contact paragraph (地址、邮编、电话… with their values) out of the text.
pub fn take_contact(
    paras: &mut Vec<(String, Place)>,
    notes: &mut Vec<Note>,
) -> Vec<(&'static str, String)> {
    const SYNONYMS: [(&str, &str); 9] = [
        ("地址", "address"),
        ("通讯地址", "address"),
        ("邮编", "postcode"),
        ("邮政编码", "postcode"),
        ("联系电话", "phone"),
        ("电话", "phone"),
        ("传真", "fax"),
        ("邮箱", "email"),
        ("网址", "website"),
    ];
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let item = ITEM.get_or_init(|| {
        Regex::new(r"(通讯地址|地址|邮政编码|邮编|联系电话|电话|传真|电子邮箱|邮箱|网址)\s*[:：]\s*([^；;，,）)]+)").expect("valid")
    });
    // One paragraph with two items or more, as reports write them; else the
    // trailing lines of one item each, as this tool's own documents print them.
    let (text, at) = match paras
        .iter()
        .rposition(|(t, _)| item.captures_iter(t).count() >= 2)
    {
        Some(pos) => paras.remove(pos),
        None => {
            let one_item = |t: &str| {
                item.find(t.trim())
                    .is_some_and(|m| m.start() == 0 && m.end() == t.trim().len())
            };
            let run = paras.iter().rev().take_while(|(t, _)| one_item(t)).count();
            if run < 2 {
                return Vec::new();
            }
            let lines = paras.split_off(paras.len() - run);
            let at = lines[0].1;
            let text: Vec<String> = lines.into_iter().map(|(t, _)| t).collect();
            (text.join("；"), at)
        }
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for c in item.captures_iter(&text) {
        let label = &c[1];
        let key = CONTACT_KEYS
            .iter()
            .find(|k| k.label == label)
            .map(|k| k.name)
            .or_else(|| SYNONYMS.iter().find(|(l, _)| *l == label).map(|(_, k)| *k));
        if let Some(key) = key
            && !out.iter().any(|(k, _)| *k == key)
        {
            out.push((key, c[2].trim().trim_end_matches('。').to_string()));
        }
    }
    notes.push(Note::new(
        Some(At::line(at)),
        format!("联系方式段落「{}」写入 [contact]，不作为正文", short(&text)),
    ));
    out
}

fn short(s: &str) -> String {
    let n = s.chars().count();
    if n <= 24 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(24).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_set_in_bold_before_its_text_is_a_heading() {
        assert_eq!(
            unbold_heading("**（一）主动公开情况。**严格按照要求。"),
            "（一）主动公开情况。严格按照要求。"
        );
        assert_eq!(
            unbold_heading("（五）**监督保障情况。**进一步细化。"),
            "（五）监督保障情况。进一步细化。"
        );
        assert_eq!(unbold_heading("**主动公开**全年公开"), "主动公开全年公开");
        // Emphasis inside a sentence stays.
        assert_eq!(
            unbold_heading("一是**落实审查制度**。"),
            "一是**落实审查制度**。"
        );
        assert_eq!(unbold_heading("**人员不足**。"), "**人员不足**。");
    }

    #[test]
    fn heading_and_text_on_one_line() {
        let split = split_heading;
        let pair = |h: &str, b: &str| Some((h.to_string(), b.to_string()));
        assert_eq!(
            split("主动公开情况。严格按照"),
            pair("主动公开情况", "严格按照")
        );
        assert_eq!(split("主动公开情况。"), pair("主动公开情况。", ""));
        assert_eq!(
            split("信息主动公开方面 全年"),
            pair("信息主动公开方面", "全年")
        );
        // A lead-in run into its text: split after 方面, however long the sentence.
        let long = "主动公开方面某某区切实落实政务公开工作要点，全年主动公开各类政府信息一千余条，涵盖规划计划、财政预决算、重点项目、社会救助等各个领域。";
        assert_eq!(
            split(long).map(|(h, _)| h),
            Some("主动公开方面".to_string())
        );
        // A long first sentence with no lead-in is no heading.
        let body = "为更好的满足社会各界对教育信息的需求,某某局根据省政府办公厅关于印发本年度政务公开工作要点的通知精神,加大主动公开力度,进一步完善政务信息的标准化规范化工作。";
        assert_eq!(split(body), None);
    }

    #[test]
    fn broken_lines_join() {
        let v = join_broken_lines(vec![
            "一是做好政府信息公开的各项基础工作，".into(),
            "确保信息及时准确。".into(),
            "二是加强。".into(),
            "存在的主要问题".into(),
            "人员不足。".into(),
            "网址 http://example.gov.cn".into(),
            "更多信息。".into(),
        ]);
        assert_eq!(
            v,
            [
                "一是做好政府信息公开的各项基础工作，确保信息及时准确。",
                "二是加强。",
                "存在的主要问题",
                "人员不足。",
                "网址 http://example.gov.cn",
                "更多信息。"
            ]
        );
    }
}
