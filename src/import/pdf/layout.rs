//! Rebuilds tables, lines and paragraphs from positioned glyphs and rules.
//!
//! Coordinates here are "top-down": x from the left, y from the top of the
//! page, after turning a page whose text runs sideways upright.

mod assemble;
mod grid;
mod lines;

use assemble::assemble;
use grid::grids;
use lines::{is_page_number, join_lines, lines, sideways};

use super::glyphs::{Glyph, Page};
use crate::import::source::Block;

/// A glyph in top-down page coordinates.
#[derive(Clone, Debug)]
struct G {
    text: String,
    x: f32,
    /// Baseline, from the top of the page.
    base: f32,
    width: f32,
    size: f32,
    /// Direction relative to the page's text, degrees (0 for ordinary text;
    /// 90 or 270 for a header set sideways in a narrow column).
    turn: f32,
    bold: bool,
}

impl G {
    fn upright(&self) -> bool {
        let d = self.turn.rem_euclid(360.0);
        !(10.0..=350.0).contains(&d)
    }

    fn cx(&self) -> f32 {
        self.x + self.width / 2.0
    }
    fn cy(&self) -> f32 {
        self.base - self.size * 0.35
    }
}

/// A horizontal rule.
#[derive(Clone, Copy, Debug)]
struct H {
    y: f32,
    x0: f32,
    x1: f32,
}

/// A vertical rule.
#[derive(Clone, Copy, Debug)]
struct V {
    x: f32,
    y0: f32,
    y1: f32,
}

/// One rebuilt line of text.
#[derive(Clone, Debug)]
struct Line {
    text: String,
    /// The text with its bold runs marked (`emphasis::OPEN`, `CLOSE`): a
    /// paragraph's `**…**`.
    marked: String,
    x0: f32,
    x1: f32,
    base: f32,
    size: f32,
}

/// A cell of a rebuilt table, on the table's grid.
#[derive(Clone, Debug)]
struct Cell {
    r0: usize,
    c0: usize,
    rows: usize,
    cols: usize,
    text: String,
}

#[derive(Clone, Debug)]
struct Table {
    /// Column boundaries (left to right).
    xs: Vec<f32>,
    /// Number of grid rows.
    rows: usize,
    cells: Vec<Cell>,
    /// Baseline of the first text inside (for the place).
    first_base: f32,
}

enum Item {
    Line(Line),
    Table(Table),
}

/// A page's content in reading order.
struct PageItems {
    number: usize,
    width: f32,
    height: f32,
    items: Vec<Item>,
    /// Baselines of every line on the page, to number lines.
    line_bases: Vec<f32>,
}

/// Same line: baselines closer than this share of the font size.
const SAME_LINE: f32 = 0.4;
/// More distinct rules than this on one page is a drawing, not tables.
const MAX_RULES: usize = 3000;
/// Grid positions closer than this (points) are the same boundary.
const SNAP: f32 = 3.0;

/// The characters other than white space in `blocks`: how much text a page
/// layer holds (a scanned page holds next to none).
pub fn visible_chars(blocks: &[Block]) -> usize {
    let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
    blocks
        .iter()
        .map(|b| match b {
            Block::Para { text, .. } => visible(text),
            Block::Table { rows, .. } => rows.iter().flatten().map(|c| visible(&c.text)).sum(),
        })
        .sum()
}

/// Turns the pages into blocks.
pub fn blocks(pages: Vec<Page>) -> Vec<Block> {
    let mut pages: Vec<PageItems> = pages
        .into_iter()
        .enumerate()
        .map(|(i, p)| page_items(i + 1, p))
        .collect();
    drop_running_lines(&mut pages);
    assemble(pages)
}

/// Running headers and footers: a line in the top or bottom margin whose text
/// (numbers aside) recurs on at least half of the pages, and on two or more.
fn drop_running_lines(pages: &mut [PageItems]) {
    let key = |l: &Line| -> String {
        l.text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let in_margin = |l: &Line, height: f32| l.base < height * 0.1 || l.base > height * 0.9;
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for p in pages.iter() {
        let mut keys: Vec<String> = p
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) if in_margin(l, p.height) => Some(key(l)),
                _ => None,
            })
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let enough = (pages.len() / 2).max(2);
    for p in pages.iter_mut() {
        let height = p.height;
        p.items.retain(|i| match i {
            Item::Line(l) => {
                !(in_margin(l, height) && seen.get(&key(l)).is_some_and(|&n| n >= enough))
            }
            Item::Table(_) => true,
        });
    }
}

fn page_items(number: usize, page: Page) -> PageItems {
    let (glyphs, hs, vs, width, height) = upright(page);
    let tables = grids(&hs, &vs);
    let mut in_cells: Vec<Vec<Vec<&G>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut free: Vec<&G> = Vec::new();
    'glyph: for g in &glyphs {
        for (ti, t) in tables.iter().enumerate() {
            if let Some(ci) = t.cell_at(g.cx(), g.cy()) {
                in_cells[ti][ci].push(g);
                continue 'glyph;
            }
        }
        // Text turned outside a table is a stamp or watermark.
        if g.upright() {
            free.push(g);
        }
    }
    let mut items: Vec<(f32, Item)> = Vec::new();
    for (t, cells) in tables.into_iter().zip(in_cells) {
        let top = t.ys[0];
        let mut table = Table {
            xs: t.xs,
            rows: t.ys.len() - 1,
            cells: Vec::new(),
            first_base: f32::MAX,
        };
        for (rect, glyphs) in t.cells.into_iter().zip(cells) {
            let turned = glyphs.iter().filter(|g| !g.upright()).count();
            let text = if turned * 2 > glyphs.len() {
                sideways(glyphs)
            } else {
                let lines = lines(glyphs.into_iter().filter(|g| g.upright()).collect());
                if let Some(l) = lines.first() {
                    table.first_base = table.first_base.min(l.base);
                }
                join_lines(lines.iter().map(|l| l.text.as_str()))
            };
            table.cells.push(Cell { text, ..rect });
        }
        if table.first_base == f32::MAX {
            table.first_base = top;
        }
        items.push((top, Item::Table(table)));
    }
    for line in lines(free) {
        if is_page_number(&line, height) {
            continue;
        }
        items.push((line.base - line.size, Item::Line(line)));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut line_bases: Vec<f32> = lines(glyphs.iter().filter(|g| g.upright()).collect())
        .iter()
        .map(|l| l.base)
        .collect();
    line_bases.sort_by(f32::total_cmp);
    PageItems {
        number,
        width,
        height,
        items: items.into_iter().map(|(_, i)| i).collect(),
        line_bases,
    }
}

/// The page's glyphs and rules in top-down coordinates, turned so that the
/// page's main text direction runs left to right; glyphs running in other
/// directions (stamps, watermarks) are dropped. Also the page's width and height.
fn upright(page: Page) -> (Vec<G>, Vec<H>, Vec<V>, f32, f32) {
    let mut votes = [0usize; 4];
    for g in &page.glyphs {
        votes[quarter(g.angle)] += 1;
    }
    let turn = (0..4).max_by_key(|&q| votes[q]).unwrap_or(0);
    let rot = |x: f32, y: f32| -> (f32, f32) {
        match turn {
            1 => (y, -x),
            2 => (-x, -y),
            3 => (-y, x),
            _ => (x, y),
        }
    };
    let [l, b, r, t] = page.bbox;
    let corners = [rot(l, b), rot(r, t)];
    let (left, right) = (
        corners[0].0.min(corners[1].0),
        corners[0].0.max(corners[1].0),
    );
    let (bottom, top) = (
        corners[0].1.min(corners[1].1),
        corners[0].1.max(corners[1].1),
    );
    let main = turn as f32 * 90.0;
    let glyphs = page
        .glyphs
        .into_iter()
        .map(|g: Glyph| {
            let (x, y) = rot(g.x, g.y);
            G {
                text: g.text,
                x: x - left,
                base: top - y,
                width: g.width,
                size: g.size,
                turn: g.angle - main,
                bold: g.bold,
            }
        })
        .collect();
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    for s in page.segments {
        let (x1, y1) = rot(s.x1, s.y1);
        let (x2, y2) = rot(s.x2, s.y2);
        let (x1, x2, y1, y2) = (x1 - left, x2 - left, top - y1, top - y2);
        if (y1 - y2).abs() < 1.0 && (x1 - x2).abs() >= SNAP {
            hs.push(H {
                y: (y1 + y2) / 2.0,
                x0: x1.min(x2),
                x1: x1.max(x2),
            });
        } else if (x1 - x2).abs() < 1.0 && (y1 - y2).abs() >= SNAP {
            vs.push(V {
                x: (x1 + x2) / 2.0,
                y0: y1.min(y2),
                y1: y1.max(y2),
            });
        }
    }
    (glyphs, hs, vs, right - left, top - bottom)
}

/// 0..=3: the quarter turn nearest to an angle.
fn quarter(angle: f32) -> usize {
    ((angle.rem_euclid(360.0) + 45.0) / 90.0) as usize % 4
}

#[cfg(test)]
mod tests {
    use super::assemble::*;
    use super::grid::*;
    use super::lines::*;
    use super::*;

    #[test]
    fn a_break_hides_the_space_the_paragraph_puts_around_digits() {
        // 「…至 12 月」 / 「31 日。」: the paragraph sets digits apart from
        // Chinese text, so the break between 月 and 31 held a space.
        let spaced = Spacing::of(
            "现发布《中卫医疗保障局 2023 年报告》，统计数据从 2023 年 1 月 1 日至 12 月",
        )
        .add(Spacing::of("31 日。"));
        assert!(spaced.hides_space('月', '3'));
        // A paragraph that runs them together gets none; nor does a break
        // between Chinese characters.
        let joined = Spacing::of("统计数据从2023年1月1日至12月").add(Spacing::of("31日。"));
        assert!(!joined.hides_space('月', '3'));
        assert!(!spaced.hides_space('月', '三'));
        // One spaced pair is no habit.
        let once = Spacing::of("共 3 件，其中").add(Spacing::of("2件已办结"));
        assert!(!once.hides_space('中', '2'));
    }

    fn line(text: &str, base: f32) -> Line {
        Line {
            text: text.into(),
            marked: text.into(),
            x0: 100.0,
            x1: 120.0,
            base,
            size: 12.0,
        }
    }

    #[test]
    fn running_headers_and_footers_dropped() {
        let mut pages: Vec<PageItems> = (1..=3)
            .map(|n| PageItems {
                number: n,
                width: 595.0,
                height: 842.0,
                items: vec![
                    Item::Line(line("某某局2023年政府信息公开工作年度报告", 40.0)),
                    Item::Line(line("正文", 400.0)),
                    Item::Line(line(&format!("第 {n} 页"), 820.0)),
                    Item::Line(line(&format!("共 {n} 件"), 815.0)),
                ],
                line_bases: Vec::new(),
            })
            .collect();
        pages[0]
            .items
            .insert(0, Item::Line(line("标题只在第一页", 30.0)));
        drop_running_lines(&mut pages);
        let texts: Vec<Vec<&str>> = pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Line(l) => Some(l.text.as_str()),
                        Item::Table(_) => None,
                    })
                    .collect()
            })
            .collect();
        assert_eq!(texts[0], ["标题只在第一页", "正文"]);
        assert_eq!(texts[2], ["正文"]);
    }

    fn glyph(text: &str, x: f32) -> G {
        G {
            text: text.into(),
            x,
            base: 100.0,
            width: if text.is_ascii() { 6.0 } else { 12.0 },
            size: 12.0,
            turn: 0.0,
            bold: false,
        }
    }

    #[test]
    fn a_figure_apart_from_its_label_stays_apart() {
        // 「文件」 then 「9」 in the next (unruled) column 5 pt away; justified
        // text has only a point or so between characters.
        let glyphs = [
            glyph("文", 0.0),
            glyph("件", 12.5),
            glyph("9", 29.5),
            glyph("1", 36.0),
        ];
        assert_eq!(
            super::lines::line(glyphs.iter().collect()).unwrap().text,
            "文件 91"
        );
        let tight = [
            glyph("共", 0.0),
            glyph("2", 12.5),
            glyph("6", 18.5),
            glyph("件", 25.0),
        ];
        assert_eq!(
            super::lines::line(tight.iter().collect()).unwrap().text,
            "共26件"
        );
    }

    #[test]
    fn page_numbers() {
        for t in [
            "-3-",
            "— 3 —",
            "- 12 -",
            "第3页",
            "第 3 页 共 12 页",
            "3/12",
        ] {
            assert!(is_page_number(&line(t, 400.0), 842.0), "{t}");
        }
        assert!(is_page_number(&line("3", 820.0), 842.0));
        assert!(!is_page_number(&line("3", 400.0), 842.0));
        assert!(!is_page_number(&line("2023年", 820.0), 842.0));
    }

    #[test]
    fn wrapped_lines_join_without_space_in_chinese() {
        assert_eq!(
            join_lines(["本机关不掌握相关", "政府信息"].into_iter()),
            "本机关不掌握相关政府信息"
        );
        assert_eq!(join_lines(["see RFC", "42"].into_iter()), "see RFC 42");
    }

    #[test]
    fn rule_pieces_join_whatever_the_rounding_of_their_position() {
        // One cell's rectangle draws the rule at 304.8945, its neighbours'
        // at 304.89447: the pieces still make one rule, from the top down.
        let vs = [
            V {
                x: 304.894_47,
                y0: 190.0,
                y1: 210.0,
            },
            V {
                x: 304.894_47,
                y0: 210.0,
                y1: 640.0,
            },
            V {
                x: 304.8945,
                y0: 105.0,
                y1: 125.0,
            },
            V {
                x: 304.8945,
                y0: 125.0,
                y1: 190.0,
            },
            V {
                x: 335.8,
                y0: 105.0,
                y1: 190.0,
            },
        ];
        let merged = merge_v(&vs);
        assert_eq!(merged.len(), 2, "{merged:?}");
        assert_eq!((merged[0].y0, merged[0].y1), (105.0, 640.0));
        // A gap in the rule is kept: two rules on one line.
        let hs = [
            H {
                y: 50.0,
                x0: 0.0,
                x1: 10.0,
            },
            H {
                y: 50.2,
                x0: 30.0,
                x1: 40.0,
            },
        ];
        assert_eq!(merge_h(&hs).len(), 2);
    }

    #[test]
    fn a_repeated_merged_label_is_one_cell_but_a_repeated_figure_is_not() {
        let cell = |text: &str| Cell {
            r0: 0,
            c0: 0,
            rows: 2,
            cols: 1,
            text: text.into(),
        };
        assert!(repeated_label(
            &cell("三、本年度办理结果"),
            &cell("三、本年度办理结果")
        ));
        assert!(!repeated_label(
            &cell("（五）不予处理"),
            &cell("（六）其他处理")
        ));
        assert!(!repeated_label(&cell("0"), &cell("0")));
        assert!(!repeated_label(&cell("无"), &cell("无")));
    }

    /// A page of 16 pt lines 29 pt apart, on A4 with 28 mm margins: (text,
    /// left end) each, the right end from the number of characters.
    fn text_page(lines: &[(&str, f32)]) -> PageItems {
        let items = lines
            .iter()
            .enumerate()
            .map(|(i, (text, x0))| {
                Item::Line(Line {
                    text: text.to_string(),
                    marked: text.to_string(),
                    x0: *x0,
                    x1: x0 + 16.0 * text.chars().count() as f32,
                    base: 125.0 + 29.0 * i as f32,
                    size: 16.0,
                })
            })
            .collect();
        PageItems {
            number: 1,
            width: 595.3,
            height: 841.9,
            items,
            line_bases: Vec::new(),
        }
    }

    fn paragraphs(pages: Vec<PageItems>) -> Vec<String> {
        assemble(pages)
            .into_iter()
            .filter_map(|b| match b {
                Block::Para { text, .. } => Some(text),
                Block::Table { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_heading_after_the_longest_line_of_a_report_that_never_wraps_is_no_continuation() {
        // The last page of the 2019-format fixture: every line starts at the
        // first-line indent and none reaches the right margin (521.9).
        let indent = 111.0;
        let page = text_page(&[
            ("五、存在的主要问题及改进情况", indent),
            ("政策解读不够深入。上年度问题已整改。", indent),
            ("六、其他需要报告的事项", indent),
            ("本年度未收取信息处理费。", indent),
            ("特此报告。", indent),
        ]);
        assert_eq!(
            paragraphs(vec![page]),
            [
                "五、存在的主要问题及改进情况",
                "政策解读不够深入。上年度问题已整改。",
                "六、其他需要报告的事项",
                "本年度未收取信息处理费。",
                "特此报告。"
            ]
        );
    }

    #[test]
    fn a_line_that_fills_the_measure_continues_on_the_next() {
        let (margin, indent) = (79.4, 111.0);
        let page = text_page(&[
            ("一、总体情况", indent),
            ("本年度本机关认真贯彻落实政府信息公开条例，全面推进", indent),
            ("政务公开工作。", margin),
            ("（一）主动公开情况", indent),
        ]);
        assert_eq!(
            paragraphs(vec![page]),
            [
                "一、总体情况",
                "本年度本机关认真贯彻落实政府信息公开条例，全面推进政务公开工作。",
                "（一）主动公开情况"
            ]
        );
    }
}
