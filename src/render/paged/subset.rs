//! Font subsets for a fixed-page output: one per distinct face (roles sharing
//! a file share it), glyphs numbered in the order of the document's texts.
//! Each font program is subset on its own thread as soon as the fonts are
//! chosen, so that work overlaps the layout; the output format's own packing
//! of the program (a PDF compresses it) runs on that thread too.

use std::collections::BTreeMap;
use std::thread::{Scope, ScopedJoinHandle};

use subsetter::GlyphRemapper;

use super::fonts::{Face, FontSet, Role};
use super::pages::Item;

/// A subset font program, before the output format packs it.
pub(crate) struct FontProgram {
    /// The subset font file (sfnt: OpenType/CFF or TrueType), glyphs renumbered
    /// as the subset's `remapper` says.
    pub sfnt: Vec<u8>,
    /// CFF outlines (OpenType/CFF) rather than TrueType ones.
    pub cff: bool,
}

/// One subset font, finished: the face, the new glyph ids and the packed program.
pub(crate) struct SubsetFont<P> {
    /// The face, as an index into `FontSet::faces` (its first role).
    pub face: usize,
    /// Old glyph id → new glyph id (`remapped_gids` lists old ids by new id).
    pub remapper: GlyphRemapper,
    /// New glyph id → character, for text extraction (ToUnicode).
    pub unicode: BTreeMap<u16, char>,
    pub program: P,
}

/// The subsets being made while the pages are laid out.
pub(crate) struct Subsetting<'scope, 'f, P> {
    fonts: Vec<Planned<'scope, 'f, P>>,
    font_of_role: BTreeMap<Role, usize>,
}

struct Planned<'scope, 'f, P> {
    face: &'f Face,
    face_index: usize,
    remapper: GlyphRemapper,
    unicode: BTreeMap<u16, char>,
    /// The program subset to the glyphs known when subsetting started.
    program: ScopedJoinHandle<'scope, Result<P, String>>,
    planned: u16,
}

/// How an output packs a subset program (runs on the subsetting thread).
pub(crate) type Pack<P> = fn(&Face, FontProgram) -> Result<P, String>;

impl<'scope, 'f: 'scope, P: Send + 'scope> Subsetting<'scope, 'f, P> {
    /// Numbers the glyphs of `texts` (every text the pages will show, by role)
    /// and starts subsetting (and packing) each font on a thread of `scope`.
    pub fn start(
        scope: &'scope Scope<'scope, '_>,
        fonts: &'f FontSet,
        texts: &[(Role, String)],
        pack: Pack<P>,
    ) -> Subsetting<'scope, 'f, P> {
        let mut plans: Vec<(usize, GlyphRemapper, BTreeMap<u16, char>)> = Vec::new();
        let mut font_of_role = BTreeMap::new();
        let faces = fonts.faces();
        for (i, face) in faces.iter().enumerate() {
            let same = |(f, _, _): &(usize, _, _)| faces[*f].key() == face.key();
            let k = match plans.iter().position(same) {
                Some(k) => k,
                None => {
                    plans.push((i, GlyphRemapper::new(), BTreeMap::new()));
                    plans.len() - 1
                }
            };
            font_of_role.insert(face.role, k);
        }
        for (role, text) in texts {
            let (face, remapper, unicode) = &mut plans[font_of_role[role]];
            for ch in text.chars() {
                number_glyph(&faces[*face], remapper, unicode, ch);
            }
        }
        let fonts = plans
            .into_iter()
            .map(|(face_index, remapper, unicode)| {
                let announced = remapper.clone();
                let face = &faces[face_index];
                Planned {
                    face,
                    face_index,
                    planned: remapper.num_gids(),
                    remapper,
                    unicode,
                    program: scope.spawn(move || pack(face, subset(face, &announced)?)),
                }
            })
            .collect();
        Subsetting {
            fonts,
            font_of_role,
        }
    }
}

impl<'f, P> Subsetting<'_, 'f, P> {
    /// The new glyph id of `ch` in the font of `role`, numbering its glyph if
    /// the texts did not announce it (the font is then subset again).
    pub fn glyph(&mut self, role: Role, ch: char) -> u16 {
        let e = &mut self.fonts[self.font_of_role[&role]];
        number_glyph(e.face, &mut e.remapper, &mut e.unicode, ch)
    }

    /// The characters of `pages` whose glyphs were not numbered at the start.
    #[cfg(test)]
    pub fn unannounced(&self, pages: &[Vec<Item>]) -> Vec<char> {
        let mut missing = Vec::new();
        for item in pages.iter().flatten() {
            if let Item::Text { role, text, .. } = item {
                let e = &self.fonts[self.font_of_role[role]];
                for &ch in text {
                    if e.remapper.get(e.face.glyph(ch)).is_none() && !missing.contains(&ch) {
                        missing.push(ch);
                    }
                }
            }
        }
        missing
    }

    /// The subset font of each role (indices into `finish`'s fonts).
    pub fn font_of_role(&self) -> BTreeMap<Role, usize> {
        self.font_of_role.clone()
    }

    /// Waits for the subsets; a font that gained glyphs after the start is
    /// subset (and packed) again.
    pub fn finish(self, pack: Pack<P>) -> Result<Vec<SubsetFont<P>>, String> {
        let mut out = Vec::with_capacity(self.fonts.len());
        for e in self.fonts {
            let early = e
                .program
                .join()
                .unwrap_or_else(|_| Err("字体子集化时出错".to_string()))?;
            let program = if e.remapper.num_gids() == e.planned {
                early
            } else {
                pack(e.face, subset(e.face, &e.remapper)?)?
            };
            out.push(SubsetFont {
                face: e.face_index,
                remapper: e.remapper,
                unicode: e.unicode,
                program,
            });
        }
        Ok(out)
    }
}

/// Numbers every glyph `pages` show, in page order (after those of the texts).
pub(crate) fn number_pages<P>(subsetting: &mut Subsetting<'_, '_, P>, pages: &[Vec<Item>]) {
    for item in pages.iter().flatten() {
        if let Item::Text { role, text, .. } = item {
            for &ch in text {
                subsetting.glyph(*role, ch);
            }
        }
    }
}

/// The subset glyph id of `ch`, numbering its glyph if it is new.
fn number_glyph(
    face: &Face,
    remapper: &mut GlyphRemapper,
    unicode: &mut BTreeMap<u16, char>,
    ch: char,
) -> u16 {
    let gid = face.glyph(ch);
    let cid = remapper.remap(gid);
    if gid != 0 {
        unicode.entry(cid).or_insert(ch);
    }
    cid
}

/// Subsets a face to the remapped glyphs.
fn subset(face: &Face, remapper: &GlyphRemapper) -> Result<FontProgram, String> {
    let sfnt = subsetter::subset(face.data.bytes(), face.index, remapper)
        .map_err(|err| format!("字体「{}」无法子集化：{err}", face.name))?;
    Ok(FontProgram {
        sfnt,
        cff: face.metrics.cff,
    })
}
