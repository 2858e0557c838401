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
}

impl Hao {
    pub const fn pt(self) -> f32 {
        match self {
            Hao::Two => 22.0,
            Hao::Three => 16.0,
            Hao::Four => 14.0,
            Hao::SmallFour => 12.0,
            Hao::Five => 10.5,
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
/// Table text: 五号, never smaller (docs/format.md, Typesetting).
pub const TABLE_SIZE: Hao = Hao::Five;
/// Header cells of a dense table (table 三) may go this much below the table
/// size so that no header stacks one character per line (pt).
pub const TABLE_HEADER_MIN_PT: f32 = 9.0;
/// Line height of table text, in multiples of its size.
pub const TABLE_LINE_HEIGHT: f32 = 1.3;
/// Cell padding of tables (pt), horizontal and vertical, in every output.
pub const TABLE_PAD_X_PT: f32 = 4.0;
pub const TABLE_PAD_Y_PT: f32 = 3.0;
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
    fn css_stacks_quote_names() {
        let s = FontRole::Body.css_stack();
        assert!(s.starts_with("\"仿宋_GB2312\""));
        assert!(s.ends_with("serif"));
        assert!(!s.ends_with("\"serif\""));
    }
}
