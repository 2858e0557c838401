//! Recognises a 汇总 report's per-unit appendix (「某某局：本年新收…13件」 lines):
//! data about subordinate units, which the figure rules never compare with the whole.

use std::ops::Range;

use crate::format::appendix::{HEADINGS, LIST_MARKS, UNIT_SUFFIXES, WHOLE_NAMES};

/// The unit named at the start of a line, if the line is 「<name>：…」.
fn unit_name(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(LIST_MARKS);
    let (name, _) = rest.split_once(['：', ':'])?;
    let name = name.trim();
    let chars = name.chars().count();
    let plain = !name.contains(['，', '。', '；', '、', ',', ';', '“', '”', '《']);
    (plain && (2..=40).contains(&chars) && !WHOLE_NAMES.contains(&name)).then_some(name)
}

/// Byte ranges of the lines of `text` that give one unit's figures: a line
/// 「<name>：…」 whose name ends like a unit's, or any such line after an appendix heading.
pub(super) fn unit_lines(text: &str) -> Vec<Range<usize>> {
    appendix_lines(text, false)
}

/// Byte ranges of the lines of `text` that are a 汇总's appendix data: its unit
/// lines, and also the appendix heading and the 「合计：…」 line under it. Written
/// by the tool in the same words every year, they are no one's prose (R12).
pub(super) fn data_lines(text: &str) -> Vec<Range<usize>> {
    appendix_lines(text, true)
}

fn appendix_lines(text: &str, with_whole: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut in_appendix = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.len();
        start = range.end;
        if HEADINGS.iter().any(|h| line.contains(h)) {
            in_appendix = true;
            if with_whole {
                out.push(range);
            }
            continue;
        }
        let unit = unit_name(line)
            .is_some_and(|name| in_appendix || UNIT_SUFFIXES.iter().any(|s| name.ends_with(s)));
        let whole = with_whole && in_appendix && is_whole_line(line);
        if unit || whole {
            out.push(range);
        }
    }
    out
}

/// Whether a line is 「<the whole>：…」 (合计, 全县 …).
fn is_whole_line(line: &str) -> bool {
    let rest = line.trim_start_matches(LIST_MARKS);
    rest.split_once(['：', ':'])
        .is_some_and(|(name, _)| WHOLE_NAMES.contains(&name.trim()))
}

/// Whether a sentence (a byte range of the text) stands in one of its unit lines.
pub(super) fn in_unit_line(units: &[Range<usize>], sentence: &Range<usize>) -> bool {
    units
        .iter()
        .any(|l| l.start <= sentence.start && sentence.end <= l.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_lines_are_recognised_and_the_whole_is_not() {
        let text = "附：各单位主要数据（2 个单位）\n- 甲县教育局：本年新收政府信息公开申请数量13件。\n- 某某乡：各项均为 0。\n合计：本年新收政府信息公开申请数量26件。";
        let lines: Vec<&str> = unit_lines(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("甲县教育局"));
        // Without a heading, a unit's name is known by its ending.
        let alone = "某某局：本年新收政府信息公开申请13件。\n我局全年共收到申请39件。\n（一）主动公开情况：公开信息100条。";
        let lines: Vec<&str> = unit_lines(alone).into_iter().map(|r| &alone[r]).collect();
        assert_eq!(lines, ["某某局：本年新收政府信息公开申请13件。\n"]);
    }
}
