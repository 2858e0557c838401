//! The plain-text reader: text copied from a web page or saved by a word processor.
//!
//! Every line becomes one paragraph block with its line number; table rows stay
//! lines too (the recogniser splits them into cells), because plain text cannot
//! say where a table starts.

use super::error::ImportError;
use super::source::{Block, Place, SourceDoc, SourceKind};

/// Reads UTF-8 text (with or without a BOM), UTF-16 with a BOM, or GBK/GB18030
/// (what Chinese Windows Notepad and many sites still write).
pub fn read(bytes: &[u8]) -> Result<SourceDoc, ImportError> {
    let text = decode(bytes)?;
    let blocks = text
        .lines()
        .enumerate()
        .map(|(i, line)| Block::Para {
            text: clean_line(line),
            at: Place {
                page: None,
                line: Some(i + 1),
                paragraph: false,
            },
        })
        .filter(|b| matches!(b, Block::Para { text, .. } if !text.is_empty()))
        .collect();
    Ok(SourceDoc {
        kind: SourceKind::Text,
        blocks,
        notes: Vec::new(),
        published: None,
        report: None,
    })
}

fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    for (bom, le) in [(b"\xFF\xFE", true), (b"\xFE\xFF", false)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| {
                    if le {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                })
                .collect();
            return String::from_utf16(&units)
                .map_err(|_| ImportError::Encoding("UTF-16 文本中有无效字符".into()));
        }
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<String, ImportError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err(ImportError::Encoding(format!(
                    "文本既不是 UTF-8（第 {} 个字节起无法识别）也不是 GBK；请在记事本或 WPS 中另存为 UTF-8 后再导入",
                    e.valid_up_to() + 1
                )))
            } else {
                Ok(text.into_owned())
            }
        }
    }
}

/// True when text bytes are not UTF-8 (then they were read as GBK).
pub fn is_gbk(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && std::str::from_utf8(bytes).is_err()
}

/// A line without its line break, control characters and trailing blanks
/// (tabs are kept: they separate table cells).
fn clean_line(line: &str) -> String {
    let kept: String = line
        .chars()
        .filter(|c| *c == '\t' || !c.is_control())
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect();
    kept.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_numbers_and_tabs() {
        let doc = read("标题\r\n\r\n\t规章\t0\n".as_bytes()).unwrap();
        assert_eq!(doc.blocks.len(), 2);
        match &doc.blocks[1] {
            Block::Para { text, at } => {
                assert_eq!(text, "\t规章\t0");
                assert_eq!(at.line, Some(3));
            }
            _ => panic!("a paragraph"),
        }
    }

    #[test]
    fn gbk_text_is_read() {
        // 「报告」 in GBK.
        let doc = read(&[0xB1, 0xA8, 0xB8, 0xE6]).unwrap();
        assert_eq!(
            doc.blocks,
            vec![Block::Para {
                text: "报告".into(),
                at: Place {
                    page: None,
                    line: Some(1),
                    paragraph: false,
                }
            }]
        );
        assert!(is_gbk(&[0xB1, 0xA8, 0xB8, 0xE6]));
    }

    #[test]
    fn undecodable_bytes_are_a_clear_error() {
        let err = read(&[0xFF, 0xFF, 0x30, 0xFF]).unwrap_err();
        assert!(err.to_string().contains("UTF-8"));
    }
}
