//! The fonts of the PDF: one face per role, with the glyph id and advance of
//! every character the document prints. The official fonts are used when the
//! machine has them (found by our own alias lists); otherwise the open fonts
//! shipped inside the binary.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

pub use crate::format::page::FontRole as Role;

impl Role {
    fn shipped(self) -> (&'static str, &'static [u8]) {
        match self {
            Role::Body | Role::Folio => (
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
                "Nianbao Kai 年报楷（内置）",
                include_bytes!("../../../fonts/kai.ttf"),
            ),
        }
    }
}

/// The bytes of a font file.
#[derive(Clone)]
pub enum FontData {
    Shipped(&'static [u8]),
    Loaded(Arc<Vec<u8>>),
}

impl FontData {
    pub fn bytes(&self) -> &[u8] {
        match self {
            FontData::Shipped(b) => b,
            FontData::Loaded(b) => b,
        }
    }
}

/// Vertical metrics and outline kind of a face, for the PDF font descriptor
/// (thousandths of an em).
#[derive(Clone, Copy, Debug)]
pub struct Metrics {
    pub ascent: f32,
    pub descent: f32,
    pub cap_height: f32,
    pub bbox: [f32; 4],
    /// CFF outlines (OpenType/CFF) rather than TrueType ones.
    pub cff: bool,
}

/// One face, with the glyphs of the characters it may print.
pub struct Face {
    pub role: Role,
    /// Where the face comes from, for the user.
    pub name: String,
    /// Why this face serves its role, for the user.
    pub reason: String,
    pub data: FontData,
    pub index: u32,
    /// PostScript name (ASCII), for the PDF.
    pub postscript: String,
    pub metrics: Metrics,
    units_per_em: f32,
    /// Glyph id and advance (em) of every character looked up.
    glyphs: HashMap<char, (u16, f32)>,
}

impl Face {
    /// Parses a face and looks up the characters `chars`.
    fn from_data(
        role: Role,
        name: String,
        data: FontData,
        index: u32,
        chars: &[char],
    ) -> Result<Face, String> {
        let parsed = ttf_parser::Face::parse(data.bytes(), index)
            .map_err(|_| format!("无法读取字体「{name}」"))?;
        let units_per_em = f32::from(parsed.units_per_em().max(1));
        let per_mille = |v: f32| v * 1000.0 / units_per_em;
        let b = parsed.global_bounding_box();
        let metrics = Metrics {
            ascent: per_mille(f32::from(parsed.ascender())),
            descent: per_mille(f32::from(parsed.descender())),
            cap_height: per_mille(f32::from(
                parsed.capital_height().unwrap_or(parsed.ascender()),
            )),
            bbox: [
                per_mille(f32::from(b.x_min)),
                per_mille(f32::from(b.y_min)),
                per_mille(f32::from(b.x_max)),
                per_mille(f32::from(b.y_max)),
            ],
            cff: parsed.tables().cff.is_some(),
        };
        let postscript = parsed
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>();
        let mut glyphs = HashMap::with_capacity(chars.len());
        for &ch in chars {
            if let Some(g) = parsed.glyph_index(ch) {
                let advance = parsed.glyph_hor_advance(g).map_or(units_per_em, f32::from);
                glyphs.insert(ch, (g.0, advance / units_per_em));
            }
        }
        Ok(Face {
            role,
            name,
            reason: String::new(),
            data,
            index,
            postscript: if postscript.is_empty() {
                "Font".to_string()
            } else {
                postscript
            },
            metrics,
            units_per_em,
            glyphs,
        })
    }

    /// Whether the face has a glyph for `ch` (a character of the document).
    pub fn has(&self, ch: char) -> bool {
        matches!(self.glyphs.get(&ch), Some((g, _)) if *g != 0)
    }

    /// Glyph id of `ch`; 0 (.notdef) when the face lacks it.
    pub fn glyph(&self, ch: char) -> u16 {
        self.glyphs.get(&ch).map_or(0, |(g, _)| *g)
    }

    /// Advance width of `ch` in em; full-width when the face lacks it.
    pub fn advance_em(&self, ch: char) -> f32 {
        match self.glyphs.get(&ch) {
            Some((g, a)) if *g != 0 => *a,
            _ => 1.0,
        }
    }

    /// Advances of glyphs in thousandths of an em, for the PDF widths.
    pub fn glyph_widths(&self, gids: impl Iterator<Item = u16>) -> Vec<f32> {
        let parsed = ttf_parser::Face::parse(self.data.bytes(), self.index).ok();
        gids.map(|g| {
            parsed
                .as_ref()
                .and_then(|f| f.glyph_hor_advance(ttf_parser::GlyphId(g)))
                .map_or(1000.0, |a| f32::from(a) * 1000.0 / self.units_per_em)
        })
        .collect()
    }

    /// Faces with the same key are the same font file and face.
    pub fn key(&self) -> (usize, usize, u32) {
        let b = self.data.bytes();
        (b.as_ptr() as usize, b.len(), self.index)
    }
}

/// The faces of a document, one per role.
pub struct FontSet {
    faces: Vec<Face>,
}

impl FontSet {
    /// Chooses a face per role: the official font when the system (or a
    /// `font_dirs` folder) has one that may be embedded and has every character
    /// of `needed` for that role, else the shipped one. `system: None` skips the search.
    pub fn select(
        system: Option<&[PathBuf]>,
        needed: &[(Role, String)],
    ) -> Result<FontSet, String> {
        let db = system.map(system_fonts);
        // Every face looks up every character of the document: layout may
        // print a character in any role.
        let mut all: Vec<char> = needed.iter().flat_map(|(_, t)| t.chars()).collect();
        all.sort_unstable();
        all.dedup();
        // Every system face's names, normalised once.
        let names: Vec<(fontdb::ID, Vec<String>)> = match db.as_deref() {
            Some(db) => db
                .faces()
                .map(|f| {
                    let mut n: Vec<String> = f.families.iter().map(|(n, _)| normalise(n)).collect();
                    n.push(normalise(&f.post_script_name));
                    (f.id, n)
                })
                .collect(),
            None => Vec::new(),
        };
        let mut faces = Vec::new();
        for role in Role::ALL {
            let mut chars: Vec<char> = needed
                .iter()
                .filter(|(r, _)| *r == role)
                .flat_map(|(_, t)| t.chars())
                .filter(|c| !c.is_whitespace())
                .collect();
            chars.sort_unstable();
            chars.dedup();
            let mut notes = Vec::new();
            let found = match &db {
                Some(db) => find_official(db.as_ref(), &names, role, &chars, &all, &mut notes),
                None => None,
            };
            let face = match found {
                Some(face) => face,
                None => {
                    let (name, bytes) = role.shipped();
                    let mut face =
                        Face::from_data(role, name.to_string(), FontData::Shipped(bytes), 0, &all)?;
                    face.reason = if notes.is_empty() {
                        "本机没有官方字体，使用内置开源字体".to_string()
                    } else {
                        format!("使用内置开源字体；{}", notes.join("；"))
                    };
                    face
                }
            };
            faces.push(face);
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

/// Compares font names after NFKC, ignoring case, spaces, hyphens and underscores.
fn normalise(name: &str) -> String {
    name.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .collect()
}

/// The best official face for `role` in `db`, if one is usable; reasons for
/// rejected candidates go to `notes`.
fn find_official(
    db: &fontdb::Database,
    names: &[(fontdb::ID, Vec<String>)],
    role: Role,
    chars: &[char],
    all: &[char],
    notes: &mut Vec<String>,
) -> Option<Face> {
    for alias in role.aliases() {
        let want = normalise(alias);
        let mut candidates: Vec<&fontdb::FaceInfo> = names
            .iter()
            .filter(|(_, n)| n.contains(&want))
            .filter_map(|(id, _)| db.face(*id))
            .collect();
        // Deterministic order: by file, then face index.
        candidates.sort_by_key(|f| (source_path(&f.source), f.index));
        for info in candidates {
            let family = info
                .families
                .first()
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            let path = source_path(&info.source);
            let Some((data, index)) = db.with_face_data(info.id, |d, i| (d.to_vec(), i)) else {
                continue;
            };
            if let Some(why) = embedding_forbidden(&data, index) {
                notes.push(format!("「{family}」{why}"));
                continue;
            }
            let Ok(mut face) = Face::from_data(
                role,
                format!("{family}（{path}）"),
                FontData::Loaded(Arc::new(data)),
                index,
                all,
            ) else {
                notes.push(format!("「{family}」无法读取"));
                continue;
            };
            if let Some(c) = chars.iter().find(|c| !face.has(**c)) {
                notes.push(format!(
                    "「{family}」缺少字符「{c}」（U+{:04X}）",
                    *c as u32
                ));
                continue;
            }
            face.reason = format!("本机的官方字体（按别名「{alias}」找到）");
            return Some(face);
        }
    }
    None
}

fn source_path(source: &fontdb::Source) -> String {
    match source {
        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.display().to_string(),
        fontdb::Source::Binary(_) => String::new(),
    }
}

/// Why the font's OS/2 fsType forbids embedding it in a subset PDF, if it does.
fn embedding_forbidden(data: &[u8], index: u32) -> Option<&'static str> {
    let be16 = |at: usize| {
        data.get(at..at + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    let be32 = |at: usize| {
        data.get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    // A collection (ttcf) lists the offsets of its faces' table directories.
    let dir = if data.get(0..4) == Some(b"ttcf") {
        be32(12 + 4 * index as usize)? as usize
    } else {
        0
    };
    let tables = usize::from(be16(dir + 4)?);
    for t in 0..tables {
        let rec = dir + 12 + 16 * t;
        if data.get(rec..rec + 4) == Some(b"OS/2") {
            let offset = be32(rec + 8)? as usize;
            let fs_type = be16(offset + 8)?;
            if fs_type & 0x000F == 0x0002 {
                return Some("的嵌入权限为「受限」（OS/2 fsType），不能嵌入PDF");
            }
            if fs_type & 0x0200 != 0 {
                return Some("只允许嵌入位图（OS/2 fsType），不能嵌入PDF");
            }
            if fs_type & 0x0100 != 0 {
                return Some("不允许子集化（OS/2 fsType）");
            }
            return None;
        }
    }
    None
}

/// The machine's fonts and those of `dirs`, scanned once per process: a batch
/// `build` of many reports, the preview and `check` then share one scan (the
/// scan reads every font file's names and costs more than a page of layout).
fn system_fonts(dirs: &[PathBuf]) -> Arc<fontdb::Database> {
    type Scans = Vec<(Vec<PathBuf>, Arc<fontdb::Database>)>;
    static SCANS: std::sync::Mutex<Scans> = std::sync::Mutex::new(Vec::new());
    let mut scans = SCANS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, db)) = scans.iter().find(|(d, _)| d == dirs) {
        return Arc::clone(db);
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    for dir in dirs {
        db.load_fonts_dir(dir);
    }
    let db = Arc::new(db);
    scans.push((dirs.to_vec(), Arc::clone(&db)));
    db
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_after_nfkc() {
        assert_eq!(normalise("仿宋_GB2312"), normalise("仿宋ＧＢ２３１２"));
        assert_eq!(normalise("FangSong_GB2312"), normalise("fangsong gb2312"));
        assert_ne!(normalise("仿宋"), normalise("仿宋_GB2312"));
    }

    /// A one-table sfnt whose OS/2 table has the given fsType.
    fn sfnt_with_fs_type(fs_type: u16) -> Vec<u8> {
        let mut d = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        d.extend_from_slice(b"OS/2");
        d.extend_from_slice(&[0, 0, 0, 0]);
        d.extend_from_slice(&28u32.to_be_bytes());
        d.extend_from_slice(&10u32.to_be_bytes());
        d.extend_from_slice(&[0; 8]);
        d.extend_from_slice(&fs_type.to_be_bytes());
        d
    }

    #[test]
    fn embedding_permission_is_respected() {
        assert!(embedding_forbidden(&sfnt_with_fs_type(0), 0).is_none());
        assert!(embedding_forbidden(&sfnt_with_fs_type(0x0004), 0).is_none());
        assert!(embedding_forbidden(&sfnt_with_fs_type(0x0008), 0).is_none());
        assert!(embedding_forbidden(&sfnt_with_fs_type(0x0002), 0).is_some());
        assert!(embedding_forbidden(&sfnt_with_fs_type(0x0200), 0).is_some());
        assert!(embedding_forbidden(&sfnt_with_fs_type(0x0100), 0).is_some());
    }

    #[test]
    fn the_shipped_fonts_cover_administrative_chinese() {
        let text = "政府信息公开工作年度报告（一）「」《》、。，；：？！— 0123456789ABCabc%";
        let fonts = FontSet::select(None, &[(Role::Body, text.to_string())]).unwrap();
        for role in Role::ALL {
            let face = fonts.face(role);
            for ch in text.chars() {
                assert!(ch == ' ' || face.has(ch), "{:?} lacks {ch}", role);
            }
        }
    }
}
