//! Any bytes as a published .pdf through `nianbao import` and `check` (see `import`).
//!
//! Input starting with `%PDF` is the whole file (lopdf's parser is fuzzed). Any
//! other input is a page's content stream, wrapped in a one-page PDF with one
//! font (FlateDecode, as writers compress it), so that mutations reach the
//! content reader and the interpreter instead of breaking the file's structure:
//! its first byte `k` repeats the rest `2^(k % 24)` times (up to 64 MB
//! decoded), so a few bytes of operators become millions, and the reader's
//! budget is what keeps memory and time in bounds (libFuzzer's `-rss_limit_mb`
//! and `-timeout` catch it if not).
#![no_main]

mod common;
mod import;

use std::io::Write;
use std::sync::Once;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    static HOOK: Once = Once::new();
    HOOK.call_once(tolerate_caught_lopdf_panics);
    if data.starts_with(b"%PDF") {
        import::import_and_check("fuzz.pdf", data);
    } else if let Some((&k, content)) = data.split_first() {
        import::import_and_check("fuzz.pdf", &one_page(&repeated(content, k)));
    }
});

/// Largest content stream made from one input.
const MAX_CONTENT: usize = 64 << 20;

/// `content` repeated `2^(k % 24)` times, at most [`MAX_CONTENT`] bytes.
fn repeated(content: &[u8], k: u8) -> Vec<u8> {
    let times = 1usize << (k % 24);
    let times = times.min(MAX_CONTENT / content.len().max(1)).max(1);
    content.repeat(times)
}

/// A one-page PDF whose content stream is `content`, with /F1 a simple font
/// (Helvetica, WinAnsi) and /F2 a CID font with an Identity-H encoding.
fn one_page(content: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(content).expect("in memory");
    let stream = z.finish().expect("in memory");
    let mut contents = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", stream.len())
        .into_bytes();
    contents.extend_from_slice(&stream);
    contents.extend_from_slice(b"\nendstream");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
            .to_vec(),
        contents,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H \
          /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 \
          /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>] >>"
            .to_vec(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(o);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// The PDF reader runs lopdf under `catch_unwind` and reports its panics on
/// malformed files as "PDF 结构损坏" (never a crash of the CLI). libFuzzer's panic
/// hook aborts before any unwinding, so a panic raised inside lopdf is let
/// unwind here; every other panic still aborts as a crash (and one escaping the
/// reader is caught by libfuzzer-sys and aborts too).
fn tolerate_caught_lopdf_panics() {
    let fuzzer_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_lopdf = info
            .location()
            .is_some_and(|l| l.file().contains("/lopdf-"));
        if !in_lopdf {
            fuzzer_hook(info);
        }
    }));
}
