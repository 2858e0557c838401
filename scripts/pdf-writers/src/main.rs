//! Measures two ways of writing the same laid-out CJK text to PDF:
//! A. pdf-writer + subsetter, the approach of nianbao's `src/render/pdf/writer.rs`;
//! B. krilla, drawing the same glyphs at the same positions.
//!
//! Usage: pdf-writers [--font FONT] [--out DIR] [--runs N] TEXT_FILE

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[cfg(feature = "krilla")]
mod with_krilla;
#[cfg(feature = "pdfwriter")]
mod with_pdf_writer;

// Layout, in points; shared by both writers.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const FONT_SIZE: f32 = 16.0;
/// Distance between the origins of consecutive glyphs in a line.
pub const GLYPH_PITCH: f32 = 15.75;
pub const GLYPHS_PER_LINE: usize = 28;
pub const LINE_PITCH: f32 = 28.9;
pub const LINES_PER_PAGE: usize = 22;
pub const LEFT: f32 = 79.4;
/// First baseline, measured down from the top of the page.
pub const FIRST_BASELINE: f32 = 120.0;

const WARMUPS: usize = 3;

/// One line of glyphs: the characters and their glyph ids in the font.
pub struct Line {
    pub text: String,
    pub gids: Vec<u16>,
}

/// The laid-out document: pages of lines. Line `i` of a page has its baseline
/// `FIRST_BASELINE + i * LINE_PITCH` below the top, glyph `k` of a line its
/// origin at `LEFT + k * GLYPH_PITCH`.
pub struct Layout {
    pub pages: Vec<Vec<Line>>,
    pub title: String,
}

impl Layout {
    /// Baseline of line `i`, measured down from the top of the page.
    pub fn baseline_from_top(i: usize) -> f32 {
        FIRST_BASELINE + i as f32 * LINE_PITCH
    }
}

/// Keeps every character of `text` that the font maps to a non-zero glyph,
/// except whitespace and control characters, and lays them out.
fn layout(font: &[u8], text: &str, title: &str) -> Result<(Layout, String), String> {
    let face = ttf_parser::Face::parse(font, 0).map_err(|e| format!("font: {e}"))?;
    let mut kept = String::new();
    let mut gids = Vec::new();
    for ch in text.chars() {
        if ch.is_whitespace() || ch.is_control() {
            continue;
        }
        if let Some(g) = face.glyph_index(ch).filter(|g| g.0 != 0) {
            kept.push(ch);
            gids.push(g.0);
        }
    }
    let chars: Vec<char> = kept.chars().collect();
    let lines: Vec<Line> = chars
        .chunks(GLYPHS_PER_LINE)
        .zip(gids.chunks(GLYPHS_PER_LINE))
        .map(|(c, g)| Line {
            text: c.iter().collect(),
            gids: g.to_vec(),
        })
        .collect();
    let mut pages = Vec::new();
    let mut lines = lines.into_iter().peekable();
    while lines.peek().is_some() {
        pages.push(lines.by_ref().take(LINES_PER_PAGE).collect());
    }
    let layout = Layout {
        pages,
        title: title.to_string(),
    };
    Ok((layout, kept))
}

type Writer = fn(&Path, &Layout) -> Result<Vec<u8>, String>;

struct Measured {
    name: &'static str,
    min: Duration,
    median: Duration,
    size: usize,
    identical: bool,
    pdf: Vec<u8>,
}

/// Runs `write` `WARMUPS` times untimed, then `runs` times timed; every output
/// is compared with the first.
fn measure(
    name: &'static str,
    write: Writer,
    font: &Path,
    layout: &Layout,
    runs: usize,
) -> Result<Measured, String> {
    let first = write(font, layout)?;
    let mut identical = true;
    for _ in 1..WARMUPS {
        identical &= write(font, layout)? == first;
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let pdf = write(font, layout)?;
        times.push(start.elapsed());
        identical &= pdf == first;
    }
    times.sort();
    Ok(Measured {
        name,
        min: times[0],
        median: (times[(times.len() - 1) / 2] + times[times.len() / 2]) / 2,
        size: first.len(),
        identical,
        pdf: first,
    })
}

/// Checks a written PDF with poppler: its text (whitespace removed) against
/// the laid-out characters, and its fonts. `-raw` (content stream order)
/// because the default mode joins a line ending in "-" with the next one and
/// drops the hyphen.
fn check(path: &Path, expected: &str) {
    match Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => {
            let got: String = String::from_utf8_lossy(&out.stdout)
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            if got == expected {
                println!(
                    "pdftotext {}: text matches ({} chars)",
                    path.display(),
                    expected.chars().count()
                );
            } else {
                let at = got
                    .chars()
                    .zip(expected.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let tail = |s: &str| s.chars().skip(at).take(12).collect::<String>();
                println!(
                    "pdftotext {}: MISMATCH at char {at} ({} vs {} chars): got {:?}, expected {:?}",
                    path.display(),
                    got.chars().count(),
                    expected.chars().count(),
                    tail(&got),
                    tail(expected)
                );
            }
        }
        Ok(out) => println!(
            "pdftotext {}: failed: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => println!("pdftotext not run: {e}"),
    }
    match Command::new("pdffonts").arg(path).output() {
        Ok(out) => print!(
            "pdffonts {}:\n{}{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => println!("pdffonts not run: {e}"),
    }
}

fn run() -> Result<(), String> {
    let mut font = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fonts/serif-regular.otf"
    ));
    let mut out: Option<PathBuf> = None;
    let mut runs = 30;
    let mut text_path: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--font" => font = value()?.into(),
            "--out" => out = Some(value()?.into()),
            "--runs" => runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => text_path = Some(arg.into()),
        }
    }
    let text_path =
        text_path.ok_or("usage: pdf-writers [--font FONT] [--out DIR] [--runs N] TEXT_FILE")?;
    let runs = runs.max(1);
    let text =
        std::fs::read_to_string(&text_path).map_err(|e| format!("{}: {e}", text_path.display()))?;
    let font_bytes = std::fs::read(&font).map_err(|e| format!("{}: {e}", font.display()))?;
    let title = text_path
        .file_stem()
        .map_or("text".into(), |s| s.to_string_lossy().into_owned());

    // Layout once, outside the timed region.
    let (layout, kept) = layout(&font_bytes, &text, &title)?;
    let distinct = {
        let mut v: Vec<char> = kept.chars().collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    println!(
        "input: {} chars kept ({distinct} distinct) of {}, {} pages; font {} ({} bytes); {WARMUPS} warm-ups, {runs} timed runs",
        kept.chars().count(),
        text_path.display(),
        layout.pages.len(),
        font.display(),
        font_bytes.len()
    );

    // (name, output file stem, writer), as enabled by the cargo features.
    let writers: Vec<(&'static str, &'static str, Writer)> = vec![
        #[cfg(feature = "pdfwriter")]
        (
            "pdf-writer + subsetter",
            "pdf-writer",
            with_pdf_writer::write,
        ),
        #[cfg(feature = "krilla")]
        ("krilla", "krilla", with_krilla::write),
    ];

    let mut results = Vec::new();
    for (name, file, write) in writers {
        let m = measure(name, write, &font, &layout, runs)?;
        if let Some(dir) = &out {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = dir.join(format!("{file}.pdf"));
            std::fs::write(&path, &m.pdf).map_err(|e| format!("{}: {e}", path.display()))?;
            check(&path, &kept);
        }
        results.push(m);
    }

    println!();
    println!(
        "| writer | min (ms) | median (ms) | size (bytes) | byte-identical over {} runs |",
        runs + WARMUPS
    );
    println!("|---|---:|---:|---:|---|");
    for m in &results {
        println!(
            "| {} | {:.2} | {:.2} | {} | {} |",
            m.name,
            m.min.as_secs_f64() * 1e3,
            m.median.as_secs_f64() * 1e3,
            m.size,
            if m.identical { "yes" } else { "no" }
        );
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("pdf-writers: {e}");
        std::process::exit(1);
    }
}
