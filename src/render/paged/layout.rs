//! Line breaking and paragraph layout: UAX #14 break opportunities, Chinese
//! kinsoku (no closing punctuation at a line start, no opening one at a line
//! end), breaks beside quotation marks as clreq allows, punctuation
//! compression (标点挤压), justified lines that push a character in by
//! compressing punctuation rather than stretch a line, and no paragraph ending
//! in a line of one or two characters.

use super::fonts::{FontSet, Role};
use crate::format::page::keep::{EPSILON_PT, MIN_LAST_LINE_CHARS};

/// Characters that must not begin a line.
const NO_LINE_START: &str = "、。，；：？！）」》』】〕〉”’·…—－%％+＋.,;:?!)]}";
/// Characters that must not end a line.
const NO_LINE_END: &str = "（「《『【〔〈“‘([{";
/// Full-width punctuation whose right half is blank (ink on the left).
const CLOSING: &str = "、。，）」》』】〕〉”’";
/// Full-width punctuation whose left half is blank (ink on the right).
const OPENING: &str = "（「《『【〔〈“‘";
/// Total stretch of a line (in em) above which pushing a character in by
/// compressing punctuation is preferred.
const MAX_STRETCH_EM: f32 = 0.25;

/// One character with its face and advance (pt), spacing included.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub role: Role,
    /// The advance as set: `natural` less any compression.
    pub advance: f32,
    /// The advance the font gives (tracking included).
    pub natural: f32,
}

impl Glyph {
    fn new(ch: char, role: Role, advance: f32) -> Glyph {
        Glyph {
            ch,
            role,
            advance,
            natural: advance,
        }
    }

    /// How much more the glyph may be compressed (pt): half of a full-width
    /// mark whose blank half lies on one side.
    fn room(&self) -> f32 {
        if CLOSING.contains(self.ch) || OPENING.contains(self.ch) {
            (self.advance - self.natural / 2.0).max(0.0)
        } else {
            0.0
        }
    }
}

/// A laid-out line: its glyphs, its left offset, and the extra spacing (pt)
/// after every glyph that makes it justified.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub glyphs: Vec<Glyph>,
    pub indent: f32,
    pub spacing: f32,
}

/// Whether the gap between `a` and `b` lies inside a number or a Latin word
/// (「350400」「2023」「http://…」): justification never spaces it out.
pub fn rigid_gap(a: char, b: char) -> bool {
    a.is_ascii_graphic() && b.is_ascii_graphic()
}

/// How many gaps between the glyphs take justification spacing.
fn stretchable_gaps(glyphs: &[Glyph]) -> usize {
    glyphs
        .windows(2)
        .filter(|w| !rigid_gap(w[0].ch, w[1].ch))
        .count()
}

impl Line {
    /// Width as drawn (without the spacing after the last glyph).
    pub fn width(&self) -> f32 {
        let sum: f32 = self.glyphs.iter().map(|g| g.advance).sum();
        sum + self.spacing * stretchable_gaps(&self.glyphs) as f32
    }

    /// The justification spacing after glyph `i` (none inside a word or number).
    pub fn spacing_after(&self, i: usize) -> f32 {
        match self.glyphs.get(i + 1) {
            Some(next) if !rigid_gap(self.glyphs[i].ch, next.ch) => self.spacing,
            _ => 0.0,
        }
    }

    /// The blank halves at the ends of the line (pt): of an opening mark
    /// that starts it and of a closing mark that ends it. A centred line
    /// is centred on its ink without them.
    pub fn blank_ends(&self) -> (f32, f32) {
        let lead = self
            .glyphs
            .first()
            .filter(|g| OPENING.contains(g.ch))
            .map_or(0.0, |g| g.natural / 2.0);
        let trail = self
            .glyphs
            .last()
            .filter(|g| CLOSING.contains(g.ch))
            .map_or(0.0, |g| (g.advance - g.natural / 2.0).max(0.0));
        (lead, trail)
    }
}

/// Measures `text` in the face of `role` at `size` pt, `tracking` pt added after each glyph.
pub fn shape(fonts: &FontSet, text: &str, role: Role, size: f32, tracking: f32) -> Vec<Glyph> {
    let face = fonts.face(role);
    let mut glyphs: Vec<Glyph> = text
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .map(|ch| Glyph::new(ch, role, face.advance_em(ch) * size + tracking))
        .collect();
    compress_adjacent_punctuation(&mut glyphs);
    glyphs
}

/// 标点挤压: of two adjacent full-width marks where the first has a blank right
/// half or the second a blank left half, the first is set half wide
/// (「。”」「），」「，“」).
fn compress_adjacent_punctuation(glyphs: &mut [Glyph]) {
    for i in 1..glyphs.len() {
        let (a, b) = (glyphs[i - 1].ch, glyphs[i].ch);
        let punct = |c: char| CLOSING.contains(c) || OPENING.contains(c);
        if punct(a) && punct(b) && (CLOSING.contains(a) || OPENING.contains(b)) {
            let g = &mut glyphs[i - 1];
            g.advance = g.advance.min(g.natural / 2.0);
        }
    }
}

/// Where lines may break: `allowed[i]` means a break before character `i`.
/// `mandatory[i]` means a break is required there. `only`, when given, keeps
/// just the breaks it allows too (a table label's word boundaries).
fn break_opportunities(chars: &[char], only: Option<&[bool]>) -> (Vec<bool>, Vec<bool>) {
    let text: String = chars.iter().collect();
    let mut allowed = vec![false; chars.len() + 1];
    let mut mandatory = vec![false; chars.len() + 1];
    let mut byte_to_char = vec![0usize; text.len() + 1];
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        byte_to_char[bi] = ci;
    }
    byte_to_char[text.len()] = chars.len();
    for (bi, op) in unicode_linebreak::linebreaks(&text) {
        let ci = byte_to_char[bi];
        allowed[ci] = true;
        if op == unicode_linebreak::BreakOpportunity::Mandatory {
            mandatory[ci] = true;
        }
    }
    // UAX #14 treats “” ‘’ as ambiguous quotes and forbids breaks beside
    // them; in Chinese a line may break before an opening quote and after a
    // closing one (clreq), like beside any other bracket.
    for i in 1..chars.len() {
        let cjk = |c: char| c as u32 >= 0x2E80;
        if matches!(chars[i], '“' | '‘') && cjk(chars[i - 1]) {
            allowed[i] = true;
        }
        if matches!(chars[i - 1], '”' | '’') && cjk(chars[i]) {
            allowed[i] = true;
        }
    }
    for i in 1..chars.len() {
        if NO_LINE_START.contains(chars[i]) || NO_LINE_END.contains(chars[i - 1]) {
            allowed[i] = false;
        }
    }
    if let Some(only) = only {
        for (a, o) in allowed.iter_mut().zip(only) {
            *a &= *o;
        }
    }
    (allowed, mandatory)
}

/// Breaks characters with the given advances into lines: the first line is
/// `first` wide, the others `rest`. A line that would be stretched by more
/// than a quarter `em` takes the next piece instead when compressing its
/// punctuation (`room`, pt per character) makes it fit. Returns char ranges
/// (start, end); leading and trailing spaces are left out of the ranges.
/// `only` restricts the breaks as in `break_opportunities`.
pub fn break_lines(
    chars: &[char],
    advances: &[f32],
    room: &[f32],
    em: f32,
    (first, rest): (f32, f32),
    only: Option<&[bool]>,
) -> Vec<(usize, usize)> {
    const EPS: f32 = EPSILON_PT;
    let n = chars.len();
    let (allowed, mandatory) = break_opportunities(chars, only);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n && chars[start] == ' ' {
        start += 1;
    }
    while start < n {
        let limit = if lines.is_empty() { first } else { rest };
        let mut width = 0.0;
        let mut last_ok: Option<usize> = None;
        let mut end = n;
        let mut i = start;
        while i < n {
            if i > start && mandatory[i] {
                end = i;
                break;
            }
            if i > start && allowed[i] && trimmed_width(chars, advances, start, i) <= limit + EPS {
                last_ok = Some(i);
            }
            width += advances[i];
            if width > limit + EPS
                && i > start
                && trimmed_width(chars, advances, start, i + 1) > limit + EPS
            {
                end = match last_ok {
                    Some(b) => push_in(chars, advances, room, &allowed, start, b, limit, em),
                    None => forced_break(chars, start, i),
                };
                break;
            }
            i += 1;
        }
        if i == n {
            end = n;
        }
        let mut stop = end;
        while stop > start && chars[stop - 1] == ' ' {
            stop -= 1;
        }
        lines.push((start, stop));
        start = end;
        while start < n && (chars[start] == ' ' || chars[start] == '\n') {
            start += 1;
        }
    }
    lines
}

/// The end of a line broken at `end`: the next break opportunity instead
/// when the line would otherwise stretch by more than a quarter em and
/// compressing its punctuation makes the longer line fit.
#[allow(clippy::too_many_arguments)]
fn push_in(
    chars: &[char],
    advances: &[f32],
    room: &[f32],
    allowed: &[bool],
    start: usize,
    end: usize,
    limit: f32,
    em: f32,
) -> usize {
    if limit - trimmed_width(chars, advances, start, end) <= MAX_STRETCH_EM * em + EPSILON_PT {
        return end;
    }
    let Some(next) = (end + 1..=chars.len()).find(|b| allowed[*b] || *b == chars.len()) else {
        return end;
    };
    let squeezable: f32 = room[start + 1..next].iter().sum();
    if trimmed_width(chars, advances, start, next) - squeezable <= limit + EPSILON_PT {
        return next;
    }
    // An address (URL, e-mail) that does not fit whole breaks after 「/」 or
    // 「@」 or before 「.」 rather than leave the line letter-spaced.
    (end + 1..next)
        .rev()
        .find(|b| {
            address_break(chars, *b)
                && trimmed_width(chars, advances, start, *b) <= limit + EPSILON_PT
        })
        .unwrap_or(end)
}

/// Whether an address may break before `chars[b]`: after 「/」 or 「@」, or
/// before 「.」, inside a run of ASCII letters and digits.
fn address_break(chars: &[char], b: usize) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || "/.:@-_?=&%#~".contains(c);
    b > 0
        && b < chars.len()
        && word(chars[b - 1])
        && word(chars[b])
        && (matches!(chars[b - 1], '/' | '@') && chars[b] != '/' || chars[b] == '.')
}

/// Width of `start..end` without trailing spaces.
fn trimmed_width(chars: &[char], advances: &[f32], start: usize, mut end: usize) -> f32 {
    while end > start && chars[end - 1] == ' ' {
        end -= 1;
    }
    advances[start..end].iter().sum()
}

/// A break inside an unbreakable stretch at `at` (the first character that
/// does not fit), moved back so that kinsoku holds when it can.
fn forced_break(chars: &[char], start: usize, at: usize) -> usize {
    // An address longer than a line breaks after 「/」 or 「@」 or before 「.」,
    // when that keeps at least half of the line.
    if let Some(b) = (start + 1..=at)
        .rev()
        .find(|b| address_break(chars, *b) && b - start >= (at - start) / 2)
    {
        return b;
    }
    let mut b = at;
    while b > start + 1 && (NO_LINE_START.contains(chars[b]) || NO_LINE_END.contains(chars[b - 1]))
    {
        b -= 1;
    }
    if b == start + 1 && at > start + 1 {
        // Every position breaks a rule (e.g. a run of punctuation): break where it overflows.
        at
    } else {
        b.max(start + 1)
    }
}

/// Lays out a paragraph: lines `width` wide, the first indented by
/// `first_indent`; every line but the last justified (compressing punctuation
/// when a character was pushed in, spacing out otherwise); the last line holds
/// at least `MIN_LAST_LINE_CHARS` characters when the paragraph has more.
pub fn layout_paragraph(glyphs: &[Glyph], width: f32, first_indent: f32) -> Vec<Line> {
    layout_lines(glyphs, width, first_indent, None)
}

/// Lays out the text of a table cell `width` wide, breaking only where
/// `breaks` allows (format::tables::label_breaks, one entry per glyph and
/// one more) unless a word is wider than the cell. Lines are not justified.
pub fn layout_cell(glyphs: &[Glyph], width: f32, breaks: &[bool]) -> Vec<Line> {
    let mut lines = layout_lines(glyphs, width, 0.0, Some(breaks));
    for line in &mut lines {
        line.spacing = 0.0;
    }
    lines
}

/// Lays out a centred text (a title line, an agency name) in lines at most
/// `width` wide, breaking only where `breaks` allows (format::page::name_breaks),
/// in as few lines as possible and, among those, with the longest line as
/// short as possible: balanced lines, never 「市级汇 / 总」. A piece wider than
/// `width` falls back to the paragraph breaker. Lines are not justified.
pub fn layout_balanced(glyphs: &[Glyph], width: f32, breaks: &[bool]) -> Vec<Line> {
    let widths: Vec<f32> = glyphs.iter().map(|g| g.advance).collect();
    // A piece wider than the measure (「新疆维吾尔自治区伊犁哈萨克自治州」 in a
    // 落款) also breaks where a paragraph could.
    let chars: Vec<char> = glyphs.iter().map(|g| g.ch).collect();
    let (anywhere, _) = break_opportunities(&chars, None);
    match crate::format::page::balanced_lines(&widths, breaks, &anywhere, width) {
        Some(ranges) => ranges
            .into_iter()
            .map(|(s, e)| Line {
                glyphs: glyphs[s..e].to_vec(),
                indent: 0.0,
                spacing: 0.0,
            })
            .collect(),
        None => {
            let mut lines = layout_lines(glyphs, width, 0.0, None);
            for l in &mut lines {
                l.spacing = 0.0;
            }
            lines
        }
    }
}

fn layout_lines(
    glyphs: &[Glyph],
    width: f32,
    first_indent: f32,
    only: Option<&[bool]>,
) -> Vec<Line> {
    let chars: Vec<char> = glyphs.iter().map(|g| g.ch).collect();
    let advances: Vec<f32> = glyphs.iter().map(|g| g.advance).collect();
    let room: Vec<f32> = glyphs.iter().map(Glyph::room).collect();
    let em = glyphs.iter().map(|g| g.natural).fold(0.0, f32::max);
    let mut ranges = break_lines(
        &chars,
        &advances,
        &room,
        em,
        (width - first_indent, width),
        only,
    );
    let widths = (width, first_indent);
    avoid_short_last_line(&chars, &advances, &room, &mut ranges, widths, only);
    let count = ranges.len();
    ranges
        .into_iter()
        .enumerate()
        .map(|(k, (s, e))| {
            let indent = if k == 0 { first_indent } else { 0.0 };
            let mut line_glyphs = glyphs[s..e].to_vec();
            let measure = width - indent;
            let natural: f32 = advances[s..e].iter().sum();
            if natural > measure + EPSILON_PT {
                compress(&mut line_glyphs, natural - measure);
            }
            let set: f32 = line_glyphs.iter().map(|g| g.advance).sum();
            let gaps = stretchable_gaps(&line_glyphs) as f32;
            let spacing = if k + 1 < count && gaps > 0.0 {
                ((measure - set) / gaps).max(0.0)
            } else {
                0.0
            };
            Line {
                glyphs: line_glyphs,
                indent,
                spacing,
            }
        })
        .collect()
}

/// Takes `excess` pt out of a line by compressing its punctuation, each mark
/// in proportion to its room: a closing mark loses blank after it, an
/// opening one the blank before it (taken from the glyph before; never at
/// the line start).
fn compress(glyphs: &mut [Glyph], excess: f32) {
    let room: Vec<f32> = glyphs.iter().map(Glyph::room).collect();
    let total: f32 = room[1.min(room.len())..].iter().sum::<f32>()
        + room
            .first()
            .filter(|_| !OPENING.contains(glyphs[0].ch))
            .copied()
            .unwrap_or(0.0);
    if total <= 0.0 {
        return;
    }
    let share = (excess / total).min(1.0);
    for i in 0..glyphs.len() {
        let take = room[i] * share;
        if OPENING.contains(glyphs[i].ch) {
            if i > 0 {
                glyphs[i - 1].advance -= take;
            }
        } else {
            glyphs[i].advance -= take;
        }
    }
}

/// No paragraph ends with a line of one or two characters: the line above
/// takes them in when compressing its punctuation makes room; otherwise it
/// gives the last line characters of its own (at a break opportunity).
fn avoid_short_last_line(
    chars: &[char],
    advances: &[f32],
    room: &[f32],
    ranges: &mut Vec<(usize, usize)>,
    (width, first_indent): (f32, f32),
    only: Option<&[bool]>,
) {
    let n = ranges.len();
    if n < 2 {
        return;
    }
    let (ls, le) = ranges[n - 1];
    let visible = |s: usize, e: usize| chars[s..e].iter().filter(|c| !c.is_whitespace()).count();
    if visible(ls, le) >= MIN_LAST_LINE_CHARS {
        return;
    }
    let (ps, pe) = ranges[n - 2];
    let measure = if n == 2 { width - first_indent } else { width };
    // Take the short line in.
    let whole: f32 = advances[ps..le].iter().sum();
    let squeezable: f32 = room[ps + 1..le].iter().sum();
    if chars[pe..ls].iter().all(|c| c.is_whitespace()) && whole - squeezable <= measure + EPSILON_PT
    {
        ranges.pop();
        ranges[n - 2] = (ps, le);
        return;
    }
    // Or give it characters of the line above, keeping that one at least as long.
    let (allowed, _) = break_opportunities(chars, only);
    if let Some(b) = (ps + 1..pe)
        .rev()
        .find(|b| allowed[*b] && visible(*b, le) >= MIN_LAST_LINE_CHARS && b - ps >= le - b)
        && visible(b, le) <= MIN_LAST_LINE_CHARS + 2
    {
        ranges[n - 2] = (ps, b);
        ranges[n - 1] = (b, le);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Breaks with full-width CJK (1.0) and half-width ASCII (0.5) advances.
    fn lines(text: &str, width: f32) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let adv: Vec<f32> = chars
            .iter()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .collect();
        let room = vec![0.0; chars.len()];
        break_lines(&chars, &adv, &room, 1.0, (width, width), None)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn full_lines_of_han() {
        assert_eq!(
            lines("一二三四五六七八九十", 5.0),
            vec!["一二三四五", "六七八九十"]
        );
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let got = lines("一二三四五。六七八九", 5.0);
        assert_eq!(got, vec!["一二三四", "五。六七八", "九"]);
        let got = lines("一二三四五、」六七八九", 5.0);
        for l in &got {
            let first = l.chars().next().unwrap();
            assert!(!NO_LINE_START.contains(first), "{got:?}");
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let got = lines("一二三四（五六）七八", 5.0);
        assert_eq!(got[0], "一二三四");
        assert!(got[1].starts_with('（'));
        let got = lines("一二三四《五六》七八", 5.0);
        assert!(!got[0].ends_with('《'));
    }

    #[test]
    fn latin_words_stay_whole() {
        let got = lines("收到申请abcdef件", 6.0);
        assert_eq!(got, vec!["收到申请", "abcdef件"]);
        let got = lines("http://example.gov.cn/xxgk 网站", 8.0);
        assert!(got.iter().all(|l| !l.is_empty()));
        assert_eq!(
            got.concat().replace(' ', ""),
            "http://example.gov.cn/xxgk网站"
        );
    }

    #[test]
    fn an_address_breaks_at_a_slash_rather_than_stretch_the_line() {
        let text = "详见网站http://www.example.gov.cn/zwgk/xxgk/index.html了解";
        let got = lines(text, 20.0);
        assert_eq!(got.concat(), text);
        // The first line is filled up to a break inside the address.
        assert!(got[0].starts_with("详见网站http"), "{got:?}");
        let c = got[0].chars().last().unwrap();
        assert!(c == '/' || got[1].starts_with('.'), "{got:?}");
    }

    #[test]
    fn an_address_longer_than_a_line_breaks_at_its_punctuation() {
        let text = "http://www.example.gov.cn/zwgk/xxgk/2024/index.html";
        let got = lines(text, 12.0);
        assert_eq!(got.concat(), text);
        for l in &got[..got.len() - 1] {
            let next = &got[got.iter().position(|x| x == l).unwrap() + 1];
            assert!(l.ends_with('/') || next.starts_with('.'), "{got:?}");
        }
    }

    #[test]
    fn a_number_is_not_split() {
        let got = lines("共收到申请123456件", 7.0);
        assert_eq!(got, vec!["共收到申请", "123456件"]);
    }

    #[test]
    fn a_line_of_only_punctuation_still_breaks() {
        let text = "。".repeat(12);
        let got = lines(&text, 5.0);
        assert_eq!(got.concat(), text);
        assert!(got.iter().all(|l| l.chars().count() <= 5));
    }

    #[test]
    fn long_paragraph_keeps_every_character() {
        let text = "本机关严格落实《中华人民共和国政府信息公开条例》，认真做好政府信息公开工作。"
            .repeat(40);
        let got = lines(&text, 28.0);
        assert_eq!(got.concat(), text);
        assert!(got.iter().all(|l| l.chars().count() <= 28));
        assert!(got.len() >= text.chars().count() / 28);
        for l in &got[1..] {
            assert!(!NO_LINE_START.contains(l.chars().next().unwrap()));
        }
    }

    #[test]
    fn justified_lines_fill_the_width() {
        let glyphs: Vec<Glyph> = "一二三四五六七八九十。"
            .chars()
            .map(|ch| Glyph::new(ch, Role::Body, 10.0))
            .collect();
        let ls = layout_paragraph(&glyphs, 45.0, 0.0);
        assert!((ls[0].width() - 45.0).abs() < 0.01);
        assert_eq!(ls.last().unwrap().spacing, 0.0);
    }

    #[test]
    fn blank_halves_of_end_marks() {
        let line = |text: &str| Line {
            glyphs: text
                .chars()
                .map(|ch| Glyph::new(ch, Role::Body, 10.0))
                .collect(),
            indent: 0.0,
            spacing: 0.0,
        };
        assert_eq!(line("（四）无法").blank_ends(), (5.0, 0.0));
        assert_eq!(line("情形）").blank_ends(), (0.0, 5.0));
        assert_eq!(line("一情形").blank_ends(), (0.0, 0.0));
    }

    #[test]
    fn balanced_lines_break_between_words() {
        let text = "广东省深圳市龙岗区人民政府办公室";
        let glyphs: Vec<Glyph> = text
            .chars()
            .map(|ch| Glyph::new(ch, Role::Body, 10.0))
            .collect();
        let breaks = crate::format::page::name_breaks(text);
        let got: Vec<String> = layout_balanced(&glyphs, 120.0, &breaks)
            .iter()
            .map(|l| l.glyphs.iter().map(|g| g.ch).collect())
            .collect();
        // Two lines of 9 and 7 rather than 12 and 4, and never inside 「龙岗区」.
        assert_eq!(got, ["广东省深圳市龙岗区", "人民政府办公室"]);
        // A piece wider than the measure still breaks.
        let got = layout_balanced(&glyphs, 40.0, &vec![false; glyphs.len() + 1]);
        assert!(got.iter().all(|l| l.width() <= 40.01), "{got:?}");
        assert_eq!(
            got.iter().map(|l| l.glyphs.len()).sum::<usize>(),
            glyphs.len()
        );
    }

    #[test]
    fn no_justification_inside_a_number() {
        let line = Line {
            glyphs: "共350400件"
                .chars()
                .map(|ch| Glyph::new(ch, Role::Body, 10.0))
                .collect(),
            indent: 0.0,
            spacing: 2.0,
        };
        let spaced: Vec<usize> = (0..line.glyphs.len())
            .filter(|&i| line.spacing_after(i) > 0.0)
            .collect();
        assert_eq!(spaced, [0, 6]);
        assert!((line.width() - (8.0 * 10.0 + 2.0 * 2.0)).abs() < 1e-4);
    }

    #[test]
    fn empty_text_gives_no_line() {
        assert!(lines("", 5.0).is_empty());
        assert!(lines("   ", 5.0).is_empty());
    }
}
