//! Paragraph styles and page geometry of the official document (docs/format.md, Typesetting),
//! in Word's units, from the page specification.

use super::wml::{Fonts, Indent, NS_W, ParaProps, RunProps, Spacing, Xml};
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

/// Line pitch of table text in twips (format::page::TABLE_LINE_HEIGHT).
pub const TABLE_LINE: i32 = (page::TABLE_SIZE.pt() * page::TABLE_LINE_HEIGHT * 20.0 + 0.5) as i32;

/// Style ids used by the body.
pub const STYLE_TITLE: &str = "Title";
pub const STYLE_HEADING1: &str = "Heading1";
pub const STYLE_HEADING2: &str = "Heading2";
pub const STYLE_TABLE: &str = "TableText";
pub const STYLE_SIGNATURE: &str = "Signature";
pub const STYLE_FOOTER: &str = "Footer";

/// Fonts naming one face in every slot but Latin text in `latin`.
pub fn fonts<'a>(east_asia: &'a str, latin: &'a str) -> Fonts<'a> {
    Fonts { east_asia, latin }
}

/// No indent at all (the styles below Normal cancel its first-line indent).
const FLUSH: Indent = Indent {
    left: 0,
    right: 0,
    first_line: 0,
};

/// One paragraph style.
struct Style<'a> {
    id: &'a str,
    name: &'a str,
    based_on_normal: bool,
    next_normal: bool,
    para: ParaProps<'a>,
    run: RunProps<'a>,
}

/// The styles part: paragraph and run defaults, then the document's own
/// paragraph styles.
pub fn styles_xml() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", &NS_W)]);
    x.open("w:docDefaults", &[]).open("w:rPrDefault", &[]);
    RunProps {
        fonts: Some(fonts(FANGSONG, LATIN)),
        size: Some(SIZE_BODY),
        chinese: true,
        ..RunProps::default()
    }
    .write(&mut x);
    x.close("w:rPrDefault").open("w:pPrDefault", &[]);
    // Without w:pPr the default paragraph properties would be Word's.
    ParaProps {
        line_rules: true,
        ..ParaProps::default()
    }
    .write(&mut x);
    x.close("w:pPrDefault").close("w:docDefaults");
    for style in styles() {
        let mut attributes: Vec<(&str, &dyn std::fmt::Display)> =
            vec![("w:type", &"paragraph"), ("w:styleId", &style.id)];
        if style.id == "Normal" {
            attributes.push(("w:default", &1));
        }
        x.open("w:style", &attributes);
        x.empty("w:name", &[("w:val", &style.name)]);
        if style.based_on_normal {
            x.empty("w:basedOn", &[("w:val", &"Normal")]);
        }
        if style.next_normal {
            x.empty("w:next", &[("w:val", &"Normal")]);
        }
        x.empty("w:qFormat", &[]);
        style.para.write(&mut x);
        style.run.write(&mut x);
        x.close("w:style");
    }
    x.close("w:styles");
    x.finish()
}

/// The document's own paragraph styles.
fn styles() -> Vec<Style<'static>> {
    let below_normal = |id, name| Style {
        id,
        name,
        based_on_normal: true,
        next_normal: false,
        para: ParaProps::default(),
        run: RunProps::default(),
    };
    let heading = |id, name, face, level| Style {
        next_normal: true,
        para: ParaProps {
            outline_level: Some(level),
            ..ParaProps::default()
        },
        run: RunProps {
            fonts: Some(fonts(face, face)),
            ..RunProps::default()
        },
        ..below_normal(id, name)
    };
    vec![
        Style {
            id: "Normal",
            name: "Normal",
            based_on_normal: false,
            next_normal: false,
            para: ParaProps {
                line_rules: true,
                spacing: Some(Spacing::Exact(LINE_PITCH)),
                indent: Some(Indent {
                    first_line: page::FIRST_LINE_INDENT_CHARS as i32 * ONE_CHAR,
                    ..FLUSH
                }),
                // Justified, as the PDF sets every line but the last; the
                // title, table text and signature styles keep their own.
                align: Some("both"),
                ..ParaProps::default()
            },
            run: RunProps {
                fonts: Some(fonts(FANGSONG, LATIN)),
                char_spacing: Some(CHAR_SPACING),
                size: Some(SIZE_BODY),
                ..RunProps::default()
            },
        },
        Style {
            para: ParaProps {
                off_grid: true,
                // The PDF's table line height, whatever font the reader falls
                // back to (a CJK fallback's own line is about 1.45 em).
                spacing: Some(Spacing::Exact(TABLE_LINE)),
                indent: Some(FLUSH),
                align: Some("center"),
                ..ParaProps::default()
            },
            run: RunProps {
                char_spacing: Some(0),
                size: Some(SIZE_TABLE),
                ..RunProps::default()
            },
            ..below_normal(STYLE_TABLE, "Table Text")
        },
        Style {
            next_normal: true,
            para: ParaProps {
                // Off the grid: a 2号 line takes one line of its own height,
                // not two grid lines.
                off_grid: true,
                indent: Some(FLUSH),
                align: Some("center"),
                ..ParaProps::default()
            },
            run: RunProps {
                fonts: Some(fonts(XIAOBIAOSONG, XIAOBIAOSONG)),
                // Bold as the PDF's title: a reader without 方正小标宋 falls
                // back to a regular face that would set the title light.
                bold: true,
                size: Some(SIZE_TITLE),
                ..RunProps::default()
            },
            ..below_normal(STYLE_TITLE, "Title")
        },
        heading(STYLE_HEADING1, "heading 1", HEITI, 0),
        heading(STYLE_HEADING2, "heading 2", KAITI, 1),
        Style {
            para: ParaProps {
                indent: Some(Indent {
                    right: (page::SIGNATURE_DATE_RIGHT_CHARS * ONE_CHAR as f32) as i32,
                    ..FLUSH
                }),
                align: Some("right"),
                ..ParaProps::default()
            },
            ..below_normal(STYLE_SIGNATURE, "Signature")
        },
        Style {
            para: ParaProps {
                off_grid: true,
                spacing: Some(Spacing::Auto(240)),
                indent: Some(FLUSH),
                ..ParaProps::default()
            },
            run: RunProps {
                fonts: Some(fonts(SONGTI, SONGTI)),
                size: Some(SIZE_PAGE_NUMBER),
                ..RunProps::default()
            },
            ..below_normal(STYLE_FOOTER, "footer")
        },
    ]
}
