//! Paragraph styles and page geometry of the official document (FORMAT.md §8).

use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style, StyleType,
};

use crate::format::page::{self, FontRole};

/// Fonts by role, from the page specification.
pub const FANGSONG: &str = FontRole::Body.official();
pub const KAITI: &str = FontRole::Kai.official();
pub const HEITI: &str = FontRole::Hei.official();
pub const XIAOBIAOSONG: &str = FontRole::Title.official();
pub const SONGTI: &str = FontRole::Folio.official();
pub const LATIN: &str = FontRole::Body.latin();

/// Half-point sizes of the page specification.
pub const SIZE_TITLE: usize = page::TITLE_SIZE.half_points();
pub const SIZE_BODY: usize = page::BODY_SIZE.half_points();
pub const SIZE_PAGE_NUMBER: usize = page::PAGE_NUMBER_SIZE.half_points();
pub const SIZE_TABLE: usize = page::TABLE_SIZE.half_points();

/// Millimetres in twips (1/1440 inch).
const fn twips(mm: f32) -> f32 {
    mm * 1440.0 / 25.4
}

/// Page and margins in twips.
pub const PAGE_WIDTH: u32 = (twips(page::PAGE_WIDTH_MM) + 0.5) as u32;
pub const PAGE_HEIGHT: u32 = (twips(page::PAGE_HEIGHT_MM) + 0.5) as u32;
pub const MARGIN_TOP: i32 = (twips(page::MARGIN_TOP_MM) + 0.5) as i32;
pub const MARGIN_BOTTOM: i32 = (twips(page::MARGIN_BOTTOM_MM) + 0.5) as i32;
pub const MARGIN_LEFT: i32 = (twips(page::MARGIN_LEFT_MM) + 0.5) as i32;
pub const MARGIN_RIGHT: i32 = (twips(page::MARGIN_RIGHT_MM) + 0.5) as i32;
/// Distance of the footer from the page foot, so that the page number's line
/// (1.2 × its size) ends `PAGE_NUMBER_BELOW_MM` below the text block.
pub const MARGIN_FOOTER: i32 = (twips(page::MARGIN_BOTTOM_MM - page::PAGE_NUMBER_BELOW_MM)
    - page::PAGE_NUMBER_SIZE.pt() * 1.2 * 20.0
    + 0.5) as i32;
pub const MARGIN_HEADER: i32 = (twips(15.0) + 0.5) as i32;
/// The text block width.
pub const TEXT_WIDTH: usize = (twips(page::TEXT_WIDTH_MM) + 0.5) as usize;

/// Fixed line pitch: 22 lines in the text block, rounded down so all fit.
pub const LINE_PITCH: i32 = (twips(page::TEXT_HEIGHT_MM) / page::LINES_PER_PAGE as f32) as i32;
/// One body character in twips.
pub const ONE_CHAR: i32 = (page::BODY_SIZE.pt() * 20.0) as i32;
/// Character spacing of the body in twentieths of a point, so that
/// `CHARS_PER_LINE` characters fill one line (−0.25 pt for 16 pt on 156 mm).
/// A `linesAndChars` document grid would say the same to Word, but LibreOffice
/// snaps each 16 pt character to two 15.8 pt grid cells, so the grid only
/// fixes the line pitch.
pub const CHAR_SPACING: i32 =
    -((ONE_CHAR as f32 - twips(page::TEXT_WIDTH_MM) / page::CHARS_PER_LINE as f32) as i32 + 1);

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
    let first_line = Some(SpecialIndentType::FirstLine(
        page::FIRST_LINE_INDENT_CHARS as i32 * ONE_CHAR,
    ));
    let mut normal = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .q_format(true)
        .fonts(fonts(FANGSONG, LATIN))
        .size(SIZE_BODY)
        .line_spacing(exact_pitch())
        .indent(None, first_line, None, None)
        // Left, not justified: LibreOffice 7.4 drops a full stop that hangs
        // past the margin of a justified line from its PDF export, even with
        // w:overflowPunct off (checked with tests/suite/docx.rs). On the
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
            // Off the grid: a 2号 line takes one line of its own height, not
            // two grid lines.
            .snap_to_grid(false)
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
                Some((page::SIGNATURE_DATE_RIGHT_CHARS * ONE_CHAR as f32) as i32),
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
