//! The fonts of the PDF: one face per role, parsed once, with advance widths.

use printpdf::ParsedFont;

/// What a face is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// 宋/仿宋: body text and tables.
    Body,
    /// Bold 宋 (小标宋): the title and bold runs.
    Title,
    /// 黑体: 「一、」 headings.
    Hei,
    /// 楷体: 「（一）」 headings.
    Kai,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Body, Role::Title, Role::Hei, Role::Kai];

    /// The role's name for the user.
    pub fn label(self) -> &'static str {
        match self {
            Role::Body => "正文、表格（仿宋/宋体）",
            Role::Title => "标题（小标宋）",
            Role::Hei => "一级标题（黑体）",
            Role::Kai => "二级标题（楷体）",
        }
    }

    /// A fixed six-letter subset tag, so the output does not depend on random ids.
    pub fn pdf_id(self) -> &'static str {
        match self {
            Role::Body => "NBBODY",
            Role::Title => "NBTITL",
            Role::Hei => "NBHEIT",
            Role::Kai => "NBKAIT",
        }
    }

    fn shipped(self) -> (&'static str, &'static [u8]) {
        match self {
            Role::Body => (
                "Noto Serif CJK SC（内置）",
                include_bytes!("../../../fonts/serif-regular.otf"),
            ),
            Role::Title => (
                "Noto Serif CJK SC Bold（内置）",
                include_bytes!("../../../fonts/serif-bold.otf"),
            ),
            Role::Hei => (
                "Noto Sans CJK SC（内置）",
                include_bytes!("../../../fonts/sans.otf"),
            ),
            Role::Kai => (
                "LXGW WenKai（内置）",
                include_bytes!("../../../fonts/kai.ttf"),
            ),
        }
    }
}

/// One parsed face.
pub struct Face {
    pub role: Role,
    /// Where the face comes from, for the user.
    pub name: String,
    pub parsed: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn from_bytes(role: Role, name: String, bytes: &[u8]) -> Result<Face, String> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| format!("无法读取字体「{name}」"))?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        Ok(Face {
            role,
            name,
            parsed,
            units_per_em,
        })
    }

    /// Whether the face has a glyph for `ch`.
    pub fn has(&self, ch: char) -> bool {
        matches!(self.parsed.lookup_glyph_index(ch as u32), Some(g) if g != 0)
    }

    /// Advance width of `ch` in em; full-width when the face lacks it.
    pub fn advance_em(&self, ch: char) -> f32 {
        match self.parsed.lookup_glyph_index(ch as u32) {
            Some(g) if g != 0 => {
                f32::from(self.parsed.get_horizontal_advance(g)) / self.units_per_em
            }
            _ => 1.0,
        }
    }
}

/// The four faces of a document.
pub struct FontSet {
    faces: Vec<Face>,
}

impl FontSet {
    /// Loads the shipped open fonts.
    pub fn shipped() -> Result<FontSet, String> {
        let mut faces = Vec::new();
        for role in Role::ALL {
            let (name, bytes) = role.shipped();
            faces.push(Face::from_bytes(role, name.to_string(), bytes)?);
        }
        Ok(FontSet { faces })
    }

    pub fn face(&self, role: Role) -> &Face {
        // `faces` always holds one face per role, in `Role::ALL` order.
        &self.faces[role as usize]
    }

    pub fn faces(&self) -> &[Face] {
        &self.faces
    }
}
