//! The DOCX as LibreOffice prints it: the serif fallback that the shipped
//! fontconfig file gives a machine without the official fonts.

use std::path::Path;
use std::process::Command;

use crate::common::*;

/// The fonts `pdffonts` lists in `pdf`, subset prefixes removed.
fn fonts_of(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts runs");
    assert!(o.status.success(), "{}", pdf.display());
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|name| name.split_once('+').map_or(name, |(_, n)| n).to_string())
        .collect()
}

/// Converts `docx` with LibreOffice, fontconfig's user folder at `xdg`.
fn convert(docx: &Path, out: &Path, xdg: &Path, profile: &Path) -> Vec<String> {
    let o = Command::new("soffice")
        .env("XDG_CONFIG_HOME", xdg)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(docx)
        .output()
        .expect("soffice runs (apt-get install libreoffice-writer)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stem = docx.file_stem().unwrap().to_string_lossy();
    fonts_of(&out.join(format!("{stem}.pdf")))
}

fn fc_match(xdg: &Path, family: &str) -> String {
    let o = Command::new("fc-match")
        .env("XDG_CONFIG_HOME", xdg)
        .args([&format!("{family}:lang=zh-cn"), "family"])
        .output()
        .expect("fc-match runs");
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// Without the official fonts LibreOffice sets the whole DOCX in a sans face
/// whatever the document's font table says; docs/fonts/ gives it the PDF's
/// serif faces (body and bold title), 黑体 staying sans.
#[test]
fn the_shipped_fontconfig_file_gives_libreoffice_serif_faces() {
    let tmp = TempDir::new("docx-fonts");
    let official = nianbao::format::page::FontRole::Body.official();
    let plain = tmp.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    if fc_match(&plain, official).contains(official) {
        skipped("DOCX serif fallback", &format!("{official} is installed"));
        return;
    }
    if !fc_match(&plain, "Noto Serif CJK SC").contains("Noto Serif CJK SC") {
        skipped("DOCX serif fallback", "Noto Serif CJK SC is not installed");
        return;
    }
    let example = root().join("examples/shandong-2023.toml");
    build_into(tmp.path(), std::slice::from_ref(&example), &["--docx"]);
    let docx = output_of(tmp.path(), &example, "docx");
    let profile = tmp.path().join("profile");

    let serif = |fonts: &[String], weight: &str| {
        fonts
            .iter()
            .any(|f| f.starts_with("NotoSerifCJK") && f.contains(weight))
    };
    let before = convert(&docx, &tmp.path().join("before"), &plain, &profile);
    assert!(!serif(&before, "Regular"), "already serif: {before:?}");

    let with_file = tmp.path().join("xdg");
    let conf_d = with_file.join("fontconfig/conf.d");
    std::fs::create_dir_all(&conf_d).unwrap();
    std::fs::copy(
        root().join("docs/fonts/60-nianbao-official-fonts.conf"),
        conf_d.join("60-nianbao-official-fonts.conf"),
    )
    .unwrap();
    let after = convert(&docx, &tmp.path().join("after"), &with_file, &profile);
    assert!(serif(&after, "Regular"), "body not serif: {after:?}");
    assert!(serif(&after, "Bold"), "title not bold serif: {after:?}");
    assert!(
        after.iter().any(|f| f.starts_with("NotoSansCJK")),
        "黑体 headings not sans: {after:?}"
    );
}

/// Each page's text as `pdftotext -raw` gives it (content-stream order, so a
/// cell's lines stay together), white space removed.
fn page_texts(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&o.stdout)
        .split('\u{c}')
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// A merged label a page break may cut (「三、本年度办理结果」 spans all of
/// table 三's results) is set whole on a page in LibreOffice's PDF of every
/// example, break-forcing variant and six- and eight-digit variant, never 「三、本年度」 at one page's foot
/// and 「办理结果」 on the next (haiyan-2021 before).
#[test]
fn libreoffice_never_cuts_a_merged_label() {
    let tmp = TempDir::new("docx-labels");
    let mut files = Vec::new();
    let mut labels = Vec::new();
    let mut reports = crate::pagination::break_forcing_variants(tmp.path());
    // Six- and eight-digit figures widen table 三's columns and narrow its labels.
    let example = root().join("examples/shandong-2023.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    for (name, factor) in [("digits6", 37037), ("digits8", 3703700)] {
        let file = tmp.path().join(format!("{name}.toml"));
        std::fs::write(&file, crate::pagination::larger_figures(&text, factor)).unwrap();
        reports.push((name.to_string(), file));
    }
    for (name, report) in reports {
        let out = tmp.path().join("docx");
        let o = nianbao(
            &root(),
            &[
                "build",
                &report.to_string_lossy(),
                "--docx",
                "-o",
                &out.to_string_lossy(),
            ],
        );
        assert_exit(&o, 0);
        files.push(out.join(&name).with_extension("docx"));
        let mut merged = Vec::new();
        for block in document_of(&report).blocks {
            if let nianbao::document::Block::Table(t) = block {
                merged.extend(
                    t.rows
                        .iter()
                        .flatten()
                        .filter(|c| c.rowspan > 1)
                        .map(|c| c.text.chars().filter(|c| !c.is_whitespace()).collect()),
                );
            }
        }
        labels.push((name, merged));
    }
    let out = tmp.path().join("lo");
    soffice(&tmp.path().join("profile"), "pdf", &out, &files);
    let mut bad = Vec::new();
    for (name, merged) in &labels {
        let pages = page_texts(&out.join(format!("{name}.pdf")));
        assert!(!merged.is_empty(), "{name}: no merged labels");
        for label in merged {
            let label: &String = label;
            if !pages.iter().any(|p| p.contains(label.as_str())) {
                bad.push(format!("{name}: 「{label}」 is cut by a page break"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
