//! The last guard of every XML the renderers write: characters XML 1.0 cannot
//! carry (most C0 controls, U+FFFE, U+FFFF) are removed, raw or as character
//! references, so no input can make an output that Word refuses to open. The
//! HTML passes through `xml_safe` once written; the DOCX writer leaves such
//! characters out as it escapes text (`is_xml_char`).
//! The parser already refuses such characters with their place; this guard makes
//! the writers safe on their own.

/// True for a character XML 1.0 allows (the `Char` production), less DEL and the
/// C1 controls, which XML tolerates but HTML and Word treat as errors.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// `xml` without any character [`is_xml_char`] refuses. Bytes that are not UTF-8 are
/// replaced (an XML part is UTF-8 by declaration).
pub fn xml_safe(xml: Vec<u8>) -> Vec<u8> {
    let text = match String::from_utf8(xml) {
        Ok(t) => t,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    if text.chars().all(is_xml_char) && !text.contains("&#") {
        return text.into_bytes();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '&'
            && let Some((len, code)) = char_reference(rest)
        {
            if char::from_u32(code).is_some_and(is_xml_char) {
                out.push_str(&rest[..len]);
            }
            rest = &rest[len..];
            continue;
        }
        if is_xml_char(c) {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.into_bytes()
}

/// `&#NN;` or `&#xHH;` at the start of `s`: its length and code point.
fn char_reference(s: &str) -> Option<(usize, u32)> {
    let body = s.strip_prefix("&#")?;
    let end = body.char_indices().take(12).find(|&(_, c)| c == ';')?.0;
    let digits = &body[..end];
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    Some((end + 3, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_and_references_are_removed() {
        let xml = "<t>a\u{0}b\u{1b}c\u{fffe}d&#x1B;e&#7;f&#x4E2D;&amp;\u{1f600}\t\u{85}</t>";
        assert_eq!(
            String::from_utf8(xml_safe(xml.as_bytes().to_vec())).unwrap(),
            "<t>abcdef&#x4E2D;&amp;\u{1f600}\t</t>"
        );
    }

    #[test]
    fn clean_xml_is_unchanged() {
        let xml = "<?xml version=\"1.0\"?><w:t xml:space=\"preserve\">中文 &lt;</w:t>";
        assert_eq!(xml_safe(xml.as_bytes().to_vec()), xml.as_bytes());
    }
}
