//! The result of layout: pages of positioned text runs and rules, in
//! text-block coordinates (x right, y down from the top left of the text
//! block, in pt), with font roles. No PDF here: the writer turns them into a file.

use super::fonts::Role;
use super::layout::Line;
use super::structure::{Mark, Structure};
use super::{PITCH, TEXT_HEIGHT};
use crate::format::page::keep::EPSILON_PT;

/// One thing drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// Characters of one role on one baseline, starting at `x`; every glyph
    /// advances by its width at `size` plus `spacing`, less its `squeeze`
    /// (pt, punctuation compression; empty when none is).
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        role: Role,
        spacing: f32,
        text: Vec<char>,
        squeeze: Vec<f32>,
        /// The structure node the text belongs to, or that it is an artifact.
        mark: Mark,
    },
    /// A stroked rectangle (0.5 pt rules), from its top-left corner; an
    /// artifact (table rules carry no content).
    Rect { x: f32, y: f32, w: f32, h: f32 },
}

/// The pages being laid out, with a cursor measured down from the top of the text block.
pub(crate) struct Pages {
    done: Vec<Vec<Item>>,
    items: Vec<Item>,
    y: f32,
    mark: Mark,
}

impl Pages {
    pub(crate) fn new() -> Pages {
        Pages {
            done: Vec::new(),
            items: Vec::new(),
            y: 0.0,
            mark: Mark::Node(Structure::ROOT),
        }
    }

    /// What the text drawn from now on is.
    pub(crate) fn mark(&mut self, mark: Mark) {
        self.mark = mark;
    }

    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    pub(crate) fn remaining(&self) -> f32 {
        TEXT_HEIGHT - self.y
    }

    /// Whether `need` fits in the rest of the page (with the layout tolerance).
    pub(crate) fn fits(&self, need: f32) -> bool {
        need <= self.remaining() + EPSILON_PT
    }

    pub(crate) fn at_top(&self) -> bool {
        self.y < EPSILON_PT
    }

    pub(crate) fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.items));
        self.y = 0.0;
    }

    pub(crate) fn advance(&mut self, h: f32) {
        self.y += h;
    }

    pub(crate) fn snap_to_grid(&mut self) {
        let lines = (self.y / PITCH - 0.01).ceil().max(0.0);
        self.y = lines * PITCH;
        if self.remaining() < PITCH * 0.5 {
            self.new_page();
        }
    }

    /// Draws a line on the next grid line, starting a page when this one is full.
    pub(crate) fn grid_line(&mut self, x: f32, size: f32, line: &Line, tracking: f32) {
        if !self.fits(PITCH) {
            self.new_page();
        }
        let baseline = self.y + PITCH / 2.0 + size * 0.35;
        self.draw_line(x, baseline, size, line, tracking);
        self.y += PITCH;
    }

    /// Draws a line with its baseline `baseline` below the text block top.
    pub(crate) fn line_at(&mut self, x: f32, baseline: f32, size: f32, line: &Line) {
        self.draw_line(x, baseline, size, line, 0.0);
    }

    fn draw_line(&mut self, x: f32, baseline: f32, size: f32, line: &Line, tracking: f32) {
        let mut pen = x;
        let glyphs = &line.glyphs;
        let mut i = 0;
        while i < glyphs.len() {
            let role = glyphs[i].role;
            let mut j = i;
            let mut width = 0.0;
            while j < glyphs.len() && glyphs[j].role == role {
                width += glyphs[j].advance + line.spacing_after(j);
                j += 1;
            }
            // Every glyph of the run gets the line's spacing as character
            // spacing; a glyph inside a word or number (no spacing after it)
            // and a compressed mark take it back.
            let squeeze: Vec<f32> = (i..j)
                .map(|k| {
                    glyphs[k].natural - glyphs[k].advance + line.spacing - line.spacing_after(k)
                })
                .collect();
            let squeeze = if squeeze.iter().any(|q| *q > 1e-3) {
                squeeze
            } else {
                Vec::new()
            };
            self.items.push(Item::Text {
                x: pen,
                baseline,
                size,
                role,
                spacing: tracking + line.spacing,
                text: glyphs[i..j].iter().map(|g| g.ch).collect(),
                squeeze,
                mark: self.mark,
            });
            pen += width;
            i = j;
        }
    }

    /// Strokes a rectangle given from its top-left corner.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.items.push(Item::Rect { x, y, w, h });
    }

    /// The pages; an empty document still has one.
    pub(crate) fn finish(mut self) -> Vec<Vec<Item>> {
        if !self.items.is_empty() || self.done.is_empty() {
            self.done.push(self.items);
        }
        self.done
    }
}
