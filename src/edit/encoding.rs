//! Report files saved in another encoding (GBK from Notepad's "ANSI" or WPS,
//! UTF-16 from Notepad's "Unicode"): never edited in place — the page offers a
//! UTF-8 copy beside the file, and the original stays byte for byte.

use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use crate::io::{io_reason, write_new};

/// The file's text decoded from the encoding it was saved in, with that
/// encoding's name as clerks know it; `None` when it is none we can tell.
pub fn decode_foreign(bytes: &[u8]) -> Option<(&'static str, String)> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes)
        && (enc == UTF_16LE || enc == UTF_16BE)
    {
        return whole(enc, &bytes[bom..]).map(|t| ("UTF-16", t));
    }
    // UTF-16 without a mark: ASCII text with every other byte zero.
    let head = &bytes[..bytes.len().min(512)];
    let zeros = |start: usize| {
        head.iter()
            .skip(start)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let half = head.len() / 2;
    if half >= 2 && bytes.len().is_multiple_of(2) {
        if zeros(1) * 4 >= half * 3 {
            return whole(UTF_16LE, bytes).map(|t| ("UTF-16", t));
        }
        if zeros(0) * 4 >= half * 3 {
            return whole(UTF_16BE, bytes).map(|t| ("UTF-16", t));
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    whole(GB18030, bytes).map(|t| ("GBK", t))
}

/// Decodes all of `bytes`, or nothing if any byte sequence is not of `enc`.
fn whole(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    (!errors && !text.contains('\0')).then(|| text.into_owned())
}

/// The name of the UTF-8 copy beside `path`: `报告.toml` → `报告-utf8.toml`.
pub fn copy_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "toml".into());
    path.with_file_name(format!("{stem}-utf8.{ext}"))
}

/// Writes the UTF-8 copy of a file saved in another encoding, beside it and
/// never over an existing file; returns the copy's path.
pub fn convert(path: &Path) -> Result<PathBuf, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("无法读取 {}：{}", path.display(), io_reason(&e)))?;
    let Some((_, text)) = decode_foreign(&bytes) else {
        return Err(format!(
            "{} 的编码无法识别（不是 UTF-8、GBK 或 UTF-16），无法自动转换；请在记事本或 WPS 中“另存为”UTF-8",
            path.display()
        ));
    };
    let copy = copy_path(path);
    write_new(&copy, text.as_bytes(), false).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} 已经存在，没有覆盖它；如果它就是转换好的副本，请直接编辑它：nianbao edit {}",
                copy.display(),
                copy.display()
            )
        } else {
            format!("无法写入 {}：{}", copy.display(), io_reason(&e))
        }
    })?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf16_are_told_apart_and_decoded_whole() {
        let text = "[report]\nagency = \"某某县市场监督管理局\"\nyear = 2024\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode_foreign(&gbk), Some(("GBK", text.to_string())));
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_foreign(&le), Some(("UTF-16", text.to_string())));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_foreign(&be), Some(("UTF-16", text.to_string())));
        assert_eq!(decode_foreign(text.as_bytes()), None);
        // Bytes no encoding explains are not guessed at.
        assert_eq!(decode_foreign(b"agency = \"\xFF\xFF\xFF\""), None);
        assert_eq!(
            copy_path(Path::new("a/报告.toml")),
            PathBuf::from("a/报告-utf8.toml")
        );
    }
}
