//! Bold text inside a paragraph, as the report file writes it: `**…**`.
//!
//! The HTML and DOCX readers mark where bold runs start and end (`<strong>`,
//! `<b>`, a run with `w:b`) while they collect a paragraph's text; [`finish`]
//! turns the marks into the report file's `**` — the emphasised lead-ins
//! 「一是**严格落实……制度**。」 come back — and drops them where the whole
//! paragraph is bold (a heading, a closing line): that is its style, not an
//! emphasis within it. Table cells keep their words only ([`plain`]).

/// Where a bold run starts and ends in collected text (private-use characters:
/// no published text holds them).
pub const OPEN: char = '\u{E000}';
pub const CLOSE: char = '\u{E001}';

/// Whether a font's name says it is a bold face (「NotoSerifCJKsc-Bold」,
/// 「微软雅黑-Bold」, 「SimHei,Bold」): the PDF and OFD readers' bold.
pub fn bold_font_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["bold", "heavy", "black"].iter().any(|w| name.contains(w))
}

/// The text without bold marks.
pub fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(*c, OPEN | CLOSE))
        .collect()
}

/// One paragraph's marked text as report-file text.
pub fn finish(text: &str) -> String {
    if !text.contains([OPEN, CLOSE]) {
        return text.to_string();
    }
    let spans = spans(text);
    let emphasis = spans.iter().any(|(bold, t)| *bold && !t.trim().is_empty());
    let unbold = spans.iter().any(|(bold, t)| !*bold && !t.trim().is_empty());
    if !(emphasis && unbold) {
        return plain(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (bold, t) in spans {
        if !bold || t.trim().is_empty() {
            out.push_str(&t);
            continue;
        }
        // The marks hug the words: spaces stay outside them.
        let core = t.trim();
        let start = t.len() - t.trim_start().len();
        out.push_str(&t[..start]);
        out.push_str("**");
        out.push_str(core);
        out.push_str("**");
        out.push_str(&t[start + core.len()..]);
    }
    out
}

/// The text cut into runs, bold or not, neighbours of the same kind joined;
/// nested or unbalanced marks count as bold while any run is open.
fn spans(text: &str) -> Vec<(bool, String)> {
    let mut spans: Vec<(bool, String)> = Vec::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            OPEN => depth += 1,
            CLOSE => depth = depth.saturating_sub(1),
            _ => {
                let bold = depth > 0;
                match spans.last_mut() {
                    Some((b, t)) if *b == bold => t.push(c),
                    _ => spans.push((bold, c.to_string())),
                }
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &str) -> String {
        s.replace('[', &OPEN.to_string())
            .replace(']', &CLOSE.to_string())
    }

    #[test]
    fn inline_bold_becomes_stars_and_whole_bold_stays_plain() {
        assert_eq!(
            finish(&marked("一是[严格落实审查制度]。指定专人负责。")),
            "一是**严格落实审查制度**。指定专人负责。"
        );
        // A heading or a line set wholly in bold: its style, not an emphasis.
        assert_eq!(finish(&marked("[一、总体情况]")), "一、总体情况");
        assert_eq!(finish(&marked(" [特此报告。] ")), " 特此报告。 ");
        // Runs split by the producer join; spaces stay outside the marks; an
        // empty or blank run is no emphasis.
        assert_eq!(
            finish(&marked("二是[积极][做好] 政策解读[ ]。")),
            "二是**积极做好** 政策解读 。"
        );
        assert_eq!(
            finish(&marked("三是[ 扩大推送 ]。")),
            "三是 **扩大推送** 。"
        );
        // Nested and unbalanced marks.
        assert_eq!(finish(&marked("四是[[回应]关注]。")), "四是**回应关注**。");
        assert_eq!(finish(&marked("五是]开放[推进")), "五是开放**推进**");
        assert_eq!(plain(&marked("[规章]")), "规章");
        assert_eq!(finish("没有粗体。"), "没有粗体。");
        assert!(bold_font_name("HKNQTW+NotoSerifCJKsc-Bold"));
        assert!(bold_font_name("YWSWBG+微软雅黑-Bold"));
        assert!(!bold_font_name("XEKKFX+黑体"));
        assert!(!bold_font_name("NotoSerifCJKsc-Regular"));
    }
}
