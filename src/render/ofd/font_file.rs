//! The font file an OFD embeds (`FontFile`): the subset program as a whole
//! OpenType/TrueType file. An OFD reader maps the characters of a `TextCode`
//! to glyphs through the font's own `cmap` (GB/T 33190-2016, 11.4), which the
//! subset (made for PDF, where the file maps them) lacks: this adds a `cmap`
//! for the subset's glyph numbers, and the `OS/2` table of the original face
//! when the subset has none, and rebuilds the table directory and checksums.

/// A table of an sfnt: its tag and data.
type Table = ([u8; 4], Vec<u8>);

/// `sfnt` with a cmap for `unicode` (new glyph id → character) and the
/// original face's `OS/2` (from `original`, face `index`) where missing.
pub fn with_cmap(
    sfnt: &[u8],
    unicode: &std::collections::BTreeMap<u16, char>,
    original: &[u8],
    index: u32,
) -> Result<Vec<u8>, String> {
    let mut tables = read_tables(sfnt).ok_or("字体子集的表目录无法读取")?;
    tables.retain(|(tag, _)| tag != b"cmap");
    tables.push((*b"cmap", cmap(unicode)));
    if !tables.iter().any(|(tag, _)| tag == b"OS/2")
        && let Some(os2) = ttf_parser::RawFace::parse(original, index)
            .ok()
            .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"OS/2")))
    {
        tables.push((*b"OS/2", os2.to_vec()));
    }
    let version = u32::from_be_bytes(
        sfnt.get(..4)
            .ok_or("字体子集为空")?
            .try_into()
            .unwrap_or_default(),
    );
    Ok(write_tables(version, tables))
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn read_tables(sfnt: &[u8]) -> Option<Vec<Table>> {
    let count = u16_at(sfnt, 4)? as usize;
    (0..count)
        .map(|i| {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = sfnt.get(record..record + 4)?.try_into().ok()?;
            let offset = u32_at(sfnt, record + 8)? as usize;
            let length = u32_at(sfnt, record + 12)? as usize;
            Some((tag, sfnt.get(offset..offset.checked_add(length)?)?.to_vec()))
        })
        .collect()
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Writes an sfnt: tables sorted by tag, each 4-byte aligned, with the
/// directory's checksums and the `head` table's checksum adjustment.
fn write_tables(version: u32, mut tables: Vec<Table>) -> Vec<u8> {
    tables.sort_by_key(|(tag, _)| *tag);
    let count = tables.len() as u16;
    let power = 1u16 << (15 - count.max(1).leading_zeros() as u16);
    let search = power * 16;
    let selector = power.trailing_zeros() as u16;
    let mut out = Vec::new();
    out.extend_from_slice(&version.to_be_bytes());
    for v in [count, search, selector, count * 16 - search] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at.filter(|at| out.len() >= at + 12) {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// A `cmap` with a format 4 subtable for the Basic Multilingual Plane and a
/// format 12 one for every character (Windows Unicode BMP and full repertoire).
fn cmap(unicode: &std::collections::BTreeMap<u16, char>) -> Vec<u8> {
    let mut pairs: Vec<(u32, u16)> = unicode.iter().map(|(g, c)| (*c as u32, *g)).collect();
    pairs.sort();
    pairs.dedup_by_key(|(c, _)| *c);
    let f4 = format4(&pairs);
    let f12 = format12(&pairs);
    let mut out = Vec::new();
    for v in [0u16, 2] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let first = 4 + 2 * 8;
    for (platform, encoding, offset) in [(3u16, 1u16, first), (3, 10, first + f4.len())] {
        out.extend_from_slice(&platform.to_be_bytes());
        out.extend_from_slice(&encoding.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
    }
    out.extend_from_slice(&f4);
    out.extend_from_slice(&f12);
    out
}

/// Runs of consecutive characters with consecutive glyph ids: (first char,
/// last char, first glyph).
fn runs(pairs: &[(u32, u16)]) -> Vec<(u32, u32, u16)> {
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for &(c, g) in pairs {
        match runs.last_mut() {
            Some((start, end, first))
                if c == *end + 1 && u32::from(g) == u32::from(*first) + (c - *start) =>
            {
                *end = c;
            }
            _ => runs.push((c, c, g)),
        }
    }
    runs
}

const MAX_FORMAT4_SEGMENTS: usize = 8000;

fn format4(pairs: &[(u32, u16)]) -> Vec<u8> {
    let bmp: Vec<(u32, u16)> = pairs.iter().copied().filter(|(c, _)| *c < 0xFFFF).collect();
    let mut segments = runs(&bmp);
    // The subtable's length is 16 bits: past this many segments the rest of
    // the characters are left to the format 12 subtable.
    segments.truncate(MAX_FORMAT4_SEGMENTS);
    segments.push((0xFFFF, 0xFFFF, 0));
    let n = segments.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros() as u16);
    let mut out = Vec::new();
    let length = 16 + 8 * segments.len();
    for v in [
        4u16,
        length as u16,
        0,
        n * 2,
        power * 2,
        power.trailing_zeros() as u16,
        n * 2 - power * 2,
    ] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    for (_, end, _) in &segments {
        out.extend_from_slice(&(*end as u16).to_be_bytes());
    }
    out.extend_from_slice(&0u16.to_be_bytes());
    for (start, _, _) in &segments {
        out.extend_from_slice(&(*start as u16).to_be_bytes());
    }
    for (start, _, first) in &segments {
        // The last segment maps U+FFFF to glyph 0: delta 1 (mod 65536).
        let delta = if *start == 0xFFFF {
            1u16
        } else {
            first.wrapping_sub(*start as u16)
        };
        out.extend_from_slice(&delta.to_be_bytes());
    }
    for _ in &segments {
        out.extend_from_slice(&0u16.to_be_bytes());
    }
    out
}

fn format12(pairs: &[(u32, u16)]) -> Vec<u8> {
    let groups = runs(pairs);
    let mut out = Vec::new();
    out.extend_from_slice(&12u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&((16 + 12 * groups.len()) as u32).to_be_bytes());
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(&(groups.len() as u32).to_be_bytes());
    for (start, end, first) in groups {
        for v in [start, end, u32::from(first)] {
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shipped font subset to a few characters maps each of them, through
    /// the added cmap, to the glyph the subset gave it.
    #[test]
    fn the_added_cmap_maps_characters_to_subset_glyphs() {
        let original: &[u8] = include_bytes!("../../../fonts/kai.ttf");
        let face = ttf_parser::Face::parse(original, 0).unwrap();
        let mut remapper = subsetter::GlyphRemapper::new();
        let mut unicode = std::collections::BTreeMap::new();
        for ch in ['年', '报', 'A', '1', '、', '𠀀'] {
            if let Some(g) = face.glyph_index(ch) {
                unicode.insert(remapper.remap(g.0), ch);
            }
        }
        let subset = subsetter::subset(original, 0, &remapper).unwrap();
        let file = with_cmap(&subset, &unicode, original, 0).unwrap();
        let parsed = ttf_parser::Face::parse(&file, 0).unwrap();
        for (gid, ch) in &unicode {
            assert_eq!(parsed.glyph_index(*ch).map(|g| g.0), Some(*gid), "{ch}");
        }
        assert_eq!(parsed.glyph_index('字'), None);
        assert!(parsed.tables().os2.is_some());
        assert_eq!(checksum(&file), 0xB1B0_AFBA);
    }
}
