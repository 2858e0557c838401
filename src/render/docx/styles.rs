//! Paragraph styles and page geometry of the official document (FORMAT.md §8).

use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style, StyleType,
};

/// Body font: 仿宋_GB2312 (East Asian), Times New Roman for Latin letters and digits.
pub const FANGSONG: &str = "仿宋_GB2312";
pub const KAITI: &str = "楷体_GB2312";
pub const HEITI: &str = "黑体";
pub const XIAOBIAOSONG: &str = "方正小标宋简体";
pub const SONGTI: &str = "宋体";
pub const LATIN: &str = "Times New Roman";

/// Half-point sizes: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt.
pub const SIZE_TITLE: usize = 44;
pub const SIZE_BODY: usize = 32;
pub const SIZE_PAGE_NUMBER: usize = 28;
pub const SIZE_TABLE: usize = 21;

/// Page and margins in twips (A4; 37/35/28/26 mm).
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
pub const MARGIN_TOP: i32 = 2098;
pub const MARGIN_BOTTOM: i32 = 1984;
pub const MARGIN_LEFT: i32 = 1587;
pub const MARGIN_RIGHT: i32 = 1474;
/// Distance of the footer from the page foot, so that the page number sits
/// about 7 mm below the text block.
pub const MARGIN_FOOTER: i32 = 1247;
pub const MARGIN_HEADER: i32 = 851;
/// The 156 mm text block width.
pub const TEXT_WIDTH: usize = 8844;

/// Fixed line pitch: 22 lines in the 225 mm text block (≈ 28.95 pt).
pub const LINE_PITCH: i32 = 579;
/// Character spacing of the body in twentieths of a point: −0.25 pt gives
/// 28 characters of 16 pt per 156 mm line (28 × 15.75 pt ≤ 442.25 pt).
/// A `linesAndChars` document grid would say the same to Word, but LibreOffice
/// snaps each 16 pt character to two 15.8 pt grid cells, so the grid only
/// fixes the line pitch.
pub const CHAR_SPACING: i32 = -5;
/// One 3号 character in twips (16 pt).
pub const ONE_CHAR: i32 = 320;

/// Style ids used by the body.
pub const STYLE_TITLE: &str = "Title";
pub const STYLE_HEADING1: &str = "Heading1";
pub const STYLE_HEADING2: &str = "Heading2";
pub const STYLE_TABLE: &str = "TableText";
pub const STYLE_SIGNATURE: &str = "Signature";
pub const STYLE_FOOTER: &str = "Footer";

/// Fonts naming one face in every slot but Latin text in `latin`.
pub fn fonts(east_asia: &str, latin: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(latin)
        .hi_ansi(latin)
        .cs(latin)
}

fn exact_pitch() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE_PITCH)
        .before(0)
        .after(0)
}

/// The document's own paragraph styles.
pub fn styles() -> Vec<Style> {
    let first_line = Some(SpecialIndentType::FirstLine(2 * ONE_CHAR));
    let mut normal = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .q_format(true)
        .fonts(fonts(FANGSONG, LATIN))
        .size(SIZE_BODY)
        .line_spacing(exact_pitch())
        .indent(None, first_line, None, None)
        // Left, not justified: LibreOffice drops a full stop that hangs past
        // the margin of a justified line (seen in its PDF export). On the
        // 28-character line the difference is invisible for Chinese text.
        .align(AlignmentType::Left);
    normal.run_property = normal.run_property.character_spacing(CHAR_SPACING);
    let mut table = Style::new(STYLE_TABLE, StyleType::Paragraph)
        .name("Table Text")
        .based_on("Normal")
        .q_format(true)
        .size(SIZE_TABLE)
        .snap_to_grid(false)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(240)
                .before(0)
                .after(0),
        )
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .align(AlignmentType::Center);
    table.run_property = table.run_property.character_spacing(0);
    vec![
        normal,
        table,
        Style::new(STYLE_TITLE, StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(fonts(XIAOBIAOSONG, XIAOBIAOSONG))
            .size(SIZE_TITLE)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .align(AlignmentType::Center),
        Style::new(STYLE_HEADING1, StyleType::Paragraph)
            .name("heading 1")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(fonts(HEITI, HEITI))
            .outline_lvl(0),
        Style::new(STYLE_HEADING2, StyleType::Paragraph)
            .name("heading 2")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(fonts(KAITI, KAITI))
            .outline_lvl(1),
        Style::new(STYLE_SIGNATURE, StyleType::Paragraph)
            .name("Signature")
            .based_on("Normal")
            .q_format(true)
            .indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(0)),
                Some(4 * ONE_CHAR),
                None,
            )
            .align(AlignmentType::Right),
        Style::new(STYLE_FOOTER, StyleType::Paragraph)
            .name("footer")
            .based_on("Normal")
            .fonts(fonts(SONGTI, SONGTI))
            .size(SIZE_PAGE_NUMBER)
            .snap_to_grid(false)
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Auto)
                    .line(240)
                    .before(0)
                    .after(0),
            )
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None),
    ]
}
