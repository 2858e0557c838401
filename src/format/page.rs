//! The page of the report issued as an official document (GB/T 9704—2012,
//! docs/format.md, Typesetting), defined once. The DOCX styles, the PDF layout and the print
//! CSS (through template variables) all read these values; none retypes them.

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// A4 and the GB/T 9704 margins (mm): the text block is 156 × 225 mm.
pub const PAGE_WIDTH_MM: f32 = 210.0;
pub const PAGE_HEIGHT_MM: f32 = 297.0;
pub const MARGIN_TOP_MM: f32 = 37.0;
pub const MARGIN_BOTTOM_MM: f32 = 35.0;
pub const MARGIN_LEFT_MM: f32 = 28.0;
pub const MARGIN_RIGHT_MM: f32 = 26.0;
pub const TEXT_WIDTH_MM: f32 = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM;
pub const TEXT_HEIGHT_MM: f32 = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM;

/// The grid: 22 lines of 28 characters.
pub const LINES_PER_PAGE: u32 = 22;
pub const CHARS_PER_LINE: u32 = 28;

/// Text block width and height in points.
pub fn text_width_pt() -> f32 {
    TEXT_WIDTH_MM * PT_PER_MM
}
pub fn text_height_pt() -> f32 {
    TEXT_HEIGHT_MM * PT_PER_MM
}
/// Distance between two grid lines (≈ 28.98 pt).
pub fn line_pitch_pt() -> f32 {
    text_height_pt() / LINES_PER_PAGE as f32
}
/// Distance between two body characters on a line (≈ 15.79 pt).
pub fn char_pitch_pt() -> f32 {
    text_width_pt() / CHARS_PER_LINE as f32
}

/// The Chinese 号 sizes used by the document, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hao {
    /// 二号
    Two,
    /// 三号
    Three,
    /// 四号
    Four,
    /// 小四
    SmallFour,
    /// 五号
    Five,
    /// 小五
    SmallFive,
    /// 六号
    Six,
}

impl Hao {
    pub const fn pt(self) -> f32 {
        match self {
            Hao::Two => 22.0,
            Hao::Three => 16.0,
            Hao::Four => 14.0,
            Hao::SmallFour => 12.0,
            Hao::Five => 10.5,
            Hao::SmallFive => 9.0,
            Hao::Six => 7.5,
        }
    }
    /// Size in half points (DOCX `w:sz`).
    pub const fn half_points(self) -> usize {
        (self.pt() * 2.0 + 0.5) as usize
    }
}

/// Sizes of the document's parts.
pub const TITLE_SIZE: Hao = Hao::Two;
pub const BODY_SIZE: Hao = Hao::Three;
pub const PAGE_NUMBER_SIZE: Hao = Hao::Four;
/// Table text: 五号; labels never smaller, figures only as TABLE_FIGURE_SIZES says.
pub const TABLE_SIZE: Hao = Hao::Five;
/// The sizes a table's figures step down through, together, when the widest
/// of them cannot fit its column at the table size even widened
/// (render::columns::figure_size): 五号, 小五, 六号. Below the last, a
/// figure is set at that size in pieces.
pub const TABLE_FIGURE_SIZES: [Hao; 3] = [Hao::Five, Hao::SmallFive, Hao::Six];
/// Header cells of a dense table (table 三) may go this much below the table
/// size so that no header stacks one character per line (pt).
pub const TABLE_HEADER_MIN_PT: f32 = 9.0;
/// Line height of table text, in multiples of its size.
pub const TABLE_LINE_HEIGHT: f32 = 1.3;
/// Cell padding of tables (pt), horizontal and vertical, in every output.
pub const TABLE_PAD_X_PT: f32 = 4.0;
pub const TABLE_PAD_Y_PT: f32 = 3.0;
/// Least blank between a figure and the rules beside it (pt): a long figure
/// takes this instead of the full padding before its column is widened or
/// it is set smaller, and never touches a rule.
pub const TABLE_FIGURE_PAD_X_PT: f32 = 2.0;
/// Width of table rules (pt), in every output.
pub const RULE_PT: f32 = 0.5;
/// Empty grid lines between the title and the body.
pub const LINES_AFTER_TITLE: u32 = 1;
/// First-line indent of body paragraphs and headings, in characters.
pub const FIRST_LINE_INDENT_CHARS: u32 = 2;

/// What a font is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontRole {
    /// 仿宋: body text and tables.
    Body,
    /// 方正小标宋: the title and bold runs.
    Title,
    /// 黑体: 「一、」 headings.
    Hei,
    /// 楷体: 「（一）」 headings.
    Kai,
    /// 宋体: page numbers.
    Folio,
}

impl FontRole {
    pub const ALL: [FontRole; 5] = [
        FontRole::Body,
        FontRole::Title,
        FontRole::Hei,
        FontRole::Kai,
        FontRole::Folio,
    ];

    /// The role's name for the user.
    pub fn label(self) -> &'static str {
        match self {
            FontRole::Body => "正文、表格（仿宋）",
            FontRole::Title => "标题（小标宋）",
            FontRole::Hei => "一级标题（黑体）",
            FontRole::Kai => "二级标题（楷体）",
            FontRole::Folio => "页码（宋体）",
        }
    }

    /// The official font, as a DOCX names it (what clerks have on Windows).
    pub const fn official(self) -> &'static str {
        self.aliases()[0]
    }

    /// Names of the official fonts and their usual substitutes, best first:
    /// looked up on the machine for the PDF, listed in the CSS font stack.
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            FontRole::Body => &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "华文仿宋",
                "STFangsong",
            ],
            FontRole::Title => &[
                "方正小标宋简体",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05S",
                "FZXiaoBiaoSong-B05",
            ],
            FontRole::Hei => &["黑体", "SimHei", "华文黑体", "STHeiti"],
            FontRole::Kai => &[
                "楷体_GB2312",
                "KaiTi_GB2312",
                "楷体",
                "KaiTi",
                "华文楷体",
                "STKaiti",
            ],
            FontRole::Folio => &["宋体", "SimSun", "华文宋体", "STSong"],
        }
    }

    /// Open fonts a browser may have when the official ones are missing,
    /// then the generic family (CSS only).
    pub fn open_fallbacks(self) -> &'static [&'static str] {
        match self {
            FontRole::Body | FontRole::Folio => &[
                "FandolFang",
                "Noto Serif CJK SC",
                "Noto Serif SC",
                "Source Han Serif SC",
                "serif",
            ],
            FontRole::Title => &[
                "FandolSong",
                "Noto Serif CJK SC",
                "Noto Serif SC",
                "Source Han Serif SC",
                "serif",
            ],
            FontRole::Hei => &[
                "FandolHei",
                "Noto Sans CJK SC",
                "Noto Sans SC",
                "Source Han Sans SC",
                "sans-serif",
            ],
            FontRole::Kai => &["LXGW WenKai", "FandolKai", "Noto Serif CJK SC", "serif"],
        }
    }

    /// Font for Latin letters and digits beside the Chinese (DOCX).
    pub const fn latin(self) -> &'static str {
        match self {
            FontRole::Body => "Times New Roman",
            other => other.official(),
        }
    }

    /// A CSS `font-family` value: official names, then open fallbacks.
    pub fn css_stack(self) -> String {
        self.aliases()
            .iter()
            .chain(self.open_fallbacks())
            .map(|n| {
                if matches!(*n, "serif" | "sans-serif") {
                    n.to_string()
                } else {
                    format!("\"{n}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The role of a heading of `level` (1: 「一、」, 2: 「（一）」).
    pub fn heading(level: u8) -> FontRole {
        if level <= 1 {
            FontRole::Hei
        } else {
            FontRole::Kai
        }
    }
}

/// Page numbers 「— N —」: 4号 宋体, 7 mm below the text block, odd pages on
/// the right and even pages on the left, one character in from the edge.
pub const PAGE_NUMBER_BEFORE: &str = "— ";
pub const PAGE_NUMBER_AFTER: &str = " —";
pub const PAGE_NUMBER_BELOW_MM: f32 = 7.0;
pub const PAGE_NUMBER_INSET_CHARS: u32 = 1;

/// The page number as printed.
pub fn page_number(n: usize) -> String {
    format!("{PAGE_NUMBER_BEFORE}{n}{PAGE_NUMBER_AFTER}")
}

/// Whether page `n` (from 1) carries its number on the right.
pub fn page_number_on_right(n: usize) -> bool {
    n % 2 == 1
}

/// The 落款 of GB/T 9704 §7.3.5.1: one empty line below the text, the date
/// 右空四字, the agency centred over the date (以成文日期为准居中).
pub const SIGNATURE_LINES_BEFORE: u32 = 1;
pub const SIGNATURE_DATE_RIGHT_CHARS: f32 = 4.0;

/// Right indents (in body characters) of the signature lines, given their
/// widths in body characters; the last line is the date. A line wider than
/// the place left of the centre is pushed left, never past the right margin.
pub fn signature_right_indents(widths: &[f32]) -> Vec<f32> {
    let Some(date) = widths.last() else {
        return Vec::new();
    };
    let centre = SIGNATURE_DATE_RIGHT_CHARS + date / 2.0;
    let last = widths.len() - 1;
    widths
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == last {
                SIGNATURE_DATE_RIGHT_CHARS
            } else {
                (centre - w / 2.0).max(0.0)
            }
        })
        .collect()
}

/// Words after which a title or an agency name may break across lines: the
/// ends of the parts of a Chinese agency name (省, 市, 区, 人民政府, 办公室 …)
/// and of the title's own words. A typesetter breaks 「福建省厦门市 / 思明区人民政府」,
/// never 「厦门市思 / 明区」; the report's kind (「2023年政府信息公开工作年度报告」)
/// is kept whole after its year where it fits (`name_breaks`).
pub const NAME_WORDS: &[&str] = &[
    "自治区",
    "自治州",
    "自治县",
    "特别行政区",
    "新区",
    "开发区",
    "高新区",
    "管委会",
    "省",
    "市",
    "区",
    "县",
    "州",
    "盟",
    "旗",
    "镇",
    "乡",
    "街道",
    "街道办事处",
    "社区",
    "村",
    "市级",
    "县级",
    "区级",
    "省级",
    "人民政府",
    "人民代表大会",
    "常务委员会",
    "政府",
    "办公室",
    "办公厅",
    "委员会",
    "管理委员会",
    "委",
    "厅",
    "局",
    "署",
    "处",
    "所",
    "站",
    "院",
    "中心",
    "公司",
    "集团",
    "部",
    "总局",
    "分局",
    "支队",
    "大队",
    "党委",
    "党组",
    "汇总",
    "医疗保障局",
    "政务公开",
    "信息公开",
    "政务服务",
    "数据资源",
    "年",
    "年度",
    "（",
    "）",
];
/// The report's kind at the end of a title, kept on one line where it fits.
pub const REPORT_KIND: &str = "政府信息公开工作年度报告";

/// Where a title line or an agency name may break: `out[i]` allows a break
/// before its i-th character (one more entry than characters). After a word
/// of `NAME_WORDS` (longest match), before a year (「2023年」) and before the
/// report's kind, never inside a number or a Latin word.
pub fn name_breaks(text: &str) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut allowed = vec![false; n + 1];
    let mut words: Vec<Vec<char>> = NAME_WORDS.iter().map(|w| w.chars().collect()).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let kind: Vec<char> = REPORT_KIND.chars().collect();
    let mut i = 0;
    while i < n {
        if chars[i..].starts_with(&kind) {
            allowed[i] = i > 0;
            i += kind.len();
            allowed[i] = i < n;
            continue;
        }
        if chars[i].is_ascii_digit() {
            // A year or number: a break before it, none inside.
            allowed[i] = i > 0 && !chars[i - 1].is_ascii_alphanumeric();
            while i < n && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        match words.iter().find(|w| chars[i..].starts_with(w)) {
            Some(w) => {
                i += w.len();
                allowed[i] = i < n;
            }
            None => i += 1,
        }
    }
    // A bracket stays whole on its line; the year with its 年.
    let mut depth = 0u32;
    for i in 0..n {
        if depth > 0 || chars[i] == '年' || chars[i] == '度' {
            allowed[i] = false;
        }
        match chars[i] {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    allowed[0] = false;
    allowed[n] = false;
    allowed
}

/// Balanced lines of a centred name (a title line, an agency): character
/// `widths`, breaks allowed where `named` says (`name_breaks`) and, inside a
/// piece wider than `measure`, where `anywhere` says. Fewest lines, then
/// fewest breaks outside the named ones, then the longest line as short as
/// possible. Returns char ranges, or None when some character run cannot be
/// made to fit.
pub fn balanced_lines(
    widths: &[f32],
    named: &[bool],
    anywhere: &[bool],
    measure: f32,
) -> Option<Vec<(usize, usize)>> {
    let eps = keep::EPSILON_PT;
    let n = widths.len();
    let mut prefix = vec![0.0f32; n + 1];
    for (i, w) in widths.iter().enumerate() {
        prefix[i + 1] = prefix[i] + w;
    }
    if prefix[n] <= measure + eps {
        return Some(if n == 0 { Vec::new() } else { vec![(0, n)] });
    }
    let mut breaks = named.to_vec();
    let mut s = 0;
    for e in 1..=n {
        if e == n || breaks[e] {
            if prefix[e] - prefix[s] > measure + eps {
                breaks[s + 1..e].copy_from_slice(&anywhere[s + 1..e]);
            }
            s = e;
        }
    }
    let starts: Vec<usize> = (0..n).filter(|&i| i == 0 || breaks[i]).collect();
    // best[e]: (lines, breaks outside the named ones, longest line, start of
    // the last line) of the best layout of the first e characters.
    let mut best: Vec<Option<(usize, usize, f32, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0, 0.0, 0));
    for e in (1..=n).filter(|&e| e == n || breaks[e]) {
        for &s in starts.iter().filter(|&&s| s < e) {
            let w = prefix[e] - prefix[s];
            let Some((k, forced, longest, _)) = best[s] else {
                continue;
            };
            if w > measure + eps {
                continue;
            }
            let forced = forced + usize::from(s > 0 && !named[s]);
            let candidate = (k + 1, forced, longest.max(w), s);
            let better = match best[e] {
                None => true,
                Some((bk, bf, bl, _)) => {
                    (candidate.0, candidate.1) < (bk, bf)
                        || (candidate.0, candidate.1) == (bk, bf) && candidate.2 < bl
                }
            };
            if better {
                best[e] = Some(candidate);
            }
        }
    }
    best[n]?;
    let mut lines = Vec::new();
    let mut e = n;
    while let Some((_, _, _, s)) = best[e].filter(|_| e > 0) {
        lines.push((s, e));
        e = s;
    }
    lines.reverse();
    Some(lines)
}

/// The 落款's lines for outputs that estimate widths (DOCX, HTML): the date
/// (the last line) as it is, each line above wider than can be centred over
/// the date inside the margins broken between the parts of the name into
/// balanced lines, as the PDF breaks it.
pub fn signature_lines(lines: &[String]) -> Vec<String> {
    let Some((date, names)) = lines.split_last() else {
        return Vec::new();
    };
    let centre = SIGNATURE_DATE_RIGHT_CHARS + estimated_chars(date) / 2.0;
    let measure = 2.0 * centre.min(CHARS_PER_LINE as f32 - centre);
    let mut out = Vec::new();
    for name in names {
        let chars: Vec<char> = name.chars().collect();
        let widths: Vec<f32> = chars
            .iter()
            .map(|c| estimated_chars(&c.to_string()))
            .collect();
        let anywhere: Vec<bool> = (0..=chars.len())
            .map(|i| {
                i > 0
                    && i < chars.len()
                    && !(chars[i - 1].is_ascii_alphanumeric() && chars[i].is_ascii_alphanumeric())
            })
            .collect();
        match balanced_lines(&widths, &name_breaks(name), &anywhere, measure) {
            Some(ranges) => out.extend(
                ranges
                    .into_iter()
                    .map(|(s, e)| chars[s..e].iter().collect()),
            ),
            None => out.push(name.clone()),
        }
    }
    out.push(date.clone());
    out
}

/// Width of a text in body characters when only its characters are known
/// (DOCX, CSS): full-width characters count 1, others ½.
pub fn estimated_chars(text: &str) -> f32 {
    text.chars()
        .map(|c| {
            if unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) >= 2 {
                1.0
            } else {
                0.5
            }
        })
        .sum()
}

/// A heading takes at most this many lines; a longer "heading" (a paragraph
/// an import took for one) is set as body text, so that it neither strands a
/// page by keeping itself with what follows nor prints a paragraph in 黑体.
pub const HEADING_MAX_LINES: u32 = 2;

/// Whether `text` (number included) is short enough to be set as a heading.
pub fn fits_as_heading(text: &str) -> bool {
    let room = HEADING_MAX_LINES * CHARS_PER_LINE - FIRST_LINE_INDENT_CHARS;
    estimated_chars(text) <= room as f32
}

/// Keep rules, the same in every output.
pub mod keep {
    /// A heading stays with at least this many lines of what follows it.
    pub const LINES_AFTER_HEADING: u32 = 2;
    /// A paragraph's last line has at least this many characters where the
    /// lines above can take the rest (no 「题。」 alone on a line).
    pub const MIN_LAST_LINE_CHARS: usize = 3;
    /// A table that does not fit the rest of the page breaks between rows
    /// (never inside a block of table 二 or a merged group of table 三); it
    /// moves whole to the next page only when that leaves at most this much
    /// blank (mm), about three grid lines.
    pub const MOVE_WHOLE_MAX_BLANK_MM: f32 = 30.0;
    /// A table part on a page holds at least this many body row groups under
    /// its repeated header rows.
    pub const MIN_GROUPS_PER_PART: usize = 1;
    /// The signature stays on the page of the paragraph before it.
    pub const SIGNATURE_WITH_PREVIOUS: bool = true;
    /// Tolerance of layout comparisons (pt): a need that exceeds the room by
    /// less than this fits.
    pub const EPSILON_PT: f32 = 0.01;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_gbt_9704() {
        assert!((TEXT_WIDTH_MM - 156.0).abs() < 1e-3);
        assert!((TEXT_HEIGHT_MM - 225.0).abs() < 1e-3);
        assert!((line_pitch_pt() - 28.99).abs() < 0.01);
        assert!((char_pitch_pt() - 15.79).abs() < 0.01);
    }

    #[test]
    fn the_agency_is_centred_over_the_date() {
        // 「2024年1月15日」: three full-width and seven half-width characters.
        let date = estimated_chars("2024年1月15日");
        assert_eq!(date, 6.5);
        let r = signature_right_indents(&[10.0, date]);
        assert_eq!(r[1], 4.0);
        // The date's centre is 4 + 3.25 characters from the right; the agency's too.
        assert!((r[0] + 5.0 - (4.0 + 3.25)).abs() < 1e-6);
        // An agency too wide to centre stops at the right margin.
        assert_eq!(signature_right_indents(&[30.0, date])[0], 0.0);
    }

    #[test]
    fn names_break_between_their_parts() {
        let pieces = |text: &str| {
            let breaks = name_breaks(text);
            let mut out: Vec<String> = Vec::new();
            for (i, ch) in text.chars().enumerate() {
                match out.last_mut() {
                    Some(last) if !breaks[i] => last.push(ch),
                    _ => out.push(ch.to_string()),
                }
            }
            out
        };
        assert_eq!(
            pieces("福建省厦门市思明区人民政府办公室"),
            ["福建省", "厦门市", "思明区", "人民政府", "办公室"]
        );
        assert_eq!(
            pieces("厦门市2023年政府信息公开工作年度报告（市级汇总）"),
            [
                "厦门市",
                "2023年",
                "政府信息公开工作年度报告",
                "（市级汇总）"
            ]
        );
        assert_eq!(pieces("海盐县医疗保障局"), ["海盐县", "医疗保障局"]);
    }

    #[test]
    fn a_long_agency_signs_on_balanced_lines() {
        let lines = signature_lines(&[
            "新疆维吾尔自治区伊犁哈萨克自治州尼勒克县人民政府办公室政务公开与数据资源管理服务中心"
                .to_string(),
            "2024年1月15日".to_string(),
        ]);
        assert_eq!(
            lines,
            [
                "新疆维吾尔自治区",
                "伊犁哈萨克自治州尼勒克县",
                "人民政府办公室政务公开",
                "与数据资源管理服务中心",
                "2024年1月15日"
            ]
        );
        let short = ["海盐县医疗保障局".to_string(), "2024年1月15日".to_string()];
        assert_eq!(signature_lines(&short), short);
    }

    #[test]
    fn css_stacks_quote_names() {
        let s = FontRole::Body.css_stack();
        assert!(s.starts_with("\"仿宋_GB2312\""));
        assert!(s.ends_with("serif"));
        assert!(!s.ends_with("\"serif\""));
    }
}
