//! Web archives (.mht/.mhtml, "网页，单个文件"): a MIME message whose first
//! text/html part is the page. Only that part is read; images and styles are not.

/// An archive's page: its decoded bytes and the charset its header names.
pub type Part = (Vec<u8>, Option<String>);

/// The decoded HTML part of a web archive; None when `bytes` is not a MIME
/// web archive, an error text when it is one without a readable HTML part.
pub fn html_part(bytes: &[u8]) -> Option<Result<Part, String>> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if !(head.contains("mime-version:") && head.contains("multipart/")) {
        return None;
    }
    Some(find_html(bytes))
}

fn find_html(bytes: &[u8]) -> Result<Part, String> {
    let (header, _) = split_header(bytes);
    let boundary =
        parameter(&header, "boundary").ok_or("网页存档（MHT）没有分隔标记（boundary）")?;
    let marker = format!("--{boundary}");
    for part in split(bytes, marker.as_bytes()).into_iter().skip(1) {
        let (header, body) = split_header(part);
        let lower = header.to_ascii_lowercase();
        let Some(ctype) = field(&lower, "content-type") else {
            continue;
        };
        if !ctype.starts_with("text/html") {
            continue;
        }
        let charset = parameter(&header, "charset");
        let decoded = match field(&lower, "content-transfer-encoding").as_deref() {
            Some("quoted-printable") => quoted_printable(body),
            Some("base64") => base64(body).ok_or("网页存档（MHT）中的网页 base64 编码已损坏")?,
            _ => body.to_vec(),
        };
        return Ok((decoded, charset));
    }
    Err("网页存档（MHT）中没有网页（text/html）部分".into())
}

/// A MIME header (as text, continuation lines unfolded) and the body after it.
fn split_header(part: &[u8]) -> (String, &[u8]) {
    let part = part
        .strip_prefix(b"\r\n")
        .or_else(|| part.strip_prefix(b"\n"))
        .unwrap_or(part);
    let (end, skip) = match (find(part, b"\r\n\r\n"), find(part, b"\n\n")) {
        (Some(a), Some(b)) if b < a => (b, 2),
        (Some(a), _) => (a, 4),
        (None, Some(b)) => (b, 2),
        (None, None) => (part.len(), 0),
    };
    let header = String::from_utf8_lossy(&part[..end])
        .replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ");
    (header, &part[(end + skip).min(part.len())..])
}

/// The value of a header field (lowercase header text), up to its first `;`.
fn field(lower_header: &str, name: &str) -> Option<String> {
    lower_header.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k.trim() == name).then(|| v.split(';').next().unwrap_or("").trim().to_string())
    })
}

/// A `name=value` parameter anywhere in the header, quotes removed.
fn parameter(header: &str, name: &str) -> Option<String> {
    let lower = header.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &header[at..];
    let value = match rest.strip_prefix('"') {
        Some(q) => q.split('"').next()?,
        None => rest.split([';', ' ', '\r', '\n', '\t']).next()?,
    };
    (!value.is_empty()).then(|| value.to_string())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split<'a>(mut hay: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(i) = find(hay, sep) {
        out.push(&hay[..i]);
        hay = &hay[i + sep.len()..];
    }
    out.push(hay);
    out
}

fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'=' {
            match (body.get(i + 1), body.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                    out.push(hex(a).unwrap_or(0) * 16 + hex(b).unwrap_or(0));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

fn base64(body: &[u8]) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for &c in body {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            break;
        }
        acc = (acc << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_page_with_charset() {
        let mht = "From: <Saved by Windows Internet Explorer 8>\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----=_NextPart_000\"\r\n\r\n\
            This is a multi-part message in MIME format.\r\n\r\n------=_NextPart_000\r\n\
            Content-Type: text/html;\r\n\tcharset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
            <p class=3D\"x\">=E5=B9=B4=E6=8A=A5=\r\n=E6=AD=A3=E6=96=87</p>\r\n------=_NextPart_000--\r\n";
        let (html, charset) = html_part(mht.as_bytes()).unwrap().unwrap();
        assert_eq!(
            String::from_utf8(html).unwrap().trim(),
            "<p class=\"x\">年报正文</p>"
        );
        assert_eq!(charset.as_deref(), Some("utf-8"));
    }

    #[test]
    fn base64_part_and_not_an_archive() {
        assert_eq!(base64(b"5bm0\n5oql").unwrap(), "年报".as_bytes());
        assert!(html_part(b"<html><body>plain</body></html>").is_none());
    }
}
