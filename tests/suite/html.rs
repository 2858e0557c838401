//! `nianbao build --html`: golden pages of the examples, escaping, templates.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Builds `report` to HTML in `out` and returns the page.
fn build_html(report: &Path, out: &Path, extra: &[&str]) -> String {
    build_into(out, &[report.to_path_buf()], &[&["--html"], extra].concat());
    std::fs::read_to_string(output_of(out, report, "html")).expect("HTML written")
}

/// The page without its style sheet, whitespace collapsed, one tag per line:
/// a golden file changes only when the content or the markup does.
fn normalise(html: &str) -> String {
    let mut page = html.to_string();
    if let (Some(a), Some(b)) = (page.find("<style>"), page.find("</style>")) {
        page.replace_range(a + "<style>".len()..b, "…");
    }
    let collapsed = page.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("> <", "><").replace("><", ">\n<") + "\n"
}

fn golden_path(stem: &str) -> PathBuf {
    root().join("tests/golden").join(format!("{stem}.html"))
}

#[test]
fn examples_match_their_golden_pages() {
    let out = TempDir::new("html-golden");
    let bless = std::env::var_os("NIANBAO_BLESS").is_some();
    let examples = complete_examples();
    assert!(!examples.is_empty());
    for example in examples {
        let stem = example.file_stem().unwrap().to_string_lossy().into_owned();
        let page = normalise(&build_html(&example, out.path(), &[]));
        let golden = golden_path(&stem);
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &page).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
            panic!(
                "{} missing: run NIANBAO_BLESS=1 cargo test --test suite html::",
                golden.display()
            )
        });
        if page != expected {
            let line = page
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{stem}: HTML differs from {} at line {}:\n  got:      {}\n  expected: {}\n\
                 (if the change is intended: NIANBAO_BLESS=1 cargo test --test suite html::)",
                golden.display(),
                line + 1,
                page.lines().nth(line).unwrap_or(""),
                expected.lines().nth(line).unwrap_or("")
            );
        }
    }
}

#[test]
fn pages_are_deterministic_and_self_contained() {
    let a = TempDir::new("html-determinism-a");
    let b = TempDir::new("html-determinism-b");
    for example in complete_examples() {
        let first = build_html(&example, a.path(), &[]);
        let second = build_html(&example, b.path(), &[]);
        assert_eq!(first, second, "{}", example.display());
        // Nothing is fetched: no scripts, links, images, frames or CSS urls.
        for needle in [
            "<script", "<link", "<img", "<iframe", "src=", "url(", "@import",
        ] {
            assert!(!first.contains(needle), "{}: {needle}", example.display());
        }
    }
}

/// A report whose agency and narrative carry markup.
fn hostile_report(dir: &Path) -> PathBuf {
    let path = dir.join("hostile.toml");
    let o = nianbao(
        dir,
        &[
            "new",
            "--agency",
            "测试局<script>alert(1)</script>",
            "--year",
            "2024",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    let text = std::fs::read_to_string(&path).unwrap();
    let narrative = "甲<script>alert(1)</script> & \"quotes\" <b>乙</b>\n**粗体**丙\n- 第一项";
    let at = text.find("[problems]").expect("problems section");
    let empty = "text = \"\"\"\n\"\"\"";
    let slot = at + text[at..].find(empty).expect("empty problems text");
    let text = format!(
        "{}text = '''\n{narrative}\n'''{}",
        &text[..slot],
        &text[slot + empty.len()..]
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn text_from_the_report_is_escaped() {
    let dir = TempDir::new("html-escaping");
    let report = hostile_report(dir.path());
    let check = nianbao(dir.path(), &["check", report.to_str().unwrap()]);
    let html = build_html(&report, dir.path(), &[]);
    assert!(
        !html.contains("<script"),
        "markup reached the page:\n{}\n{}",
        stdout(&check),
        html
    );
    assert!(!html.contains("<b>"));
    assert!(html.contains(
        "甲&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &lt;b&gt;乙&lt;/b&gt;"
    ));
    assert!(html.contains("测试局&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The light markup is the only formatting that reaches the page.
    assert!(html.contains("<p><strong>粗体</strong>丙</p>"));
    assert!(html.contains("<p>1.第一项</p>"));
    // A real HTML parser reads the text back verbatim and finds no script element.
    let page = dir.path().join("hostile.html");
    let xpath = |expr: &str| {
        let o = Command::new("xmllint")
            .args(["--html", "--xpath", expr])
            .arg(&page)
            .output()
            .expect("xmllint (libxml2-utils) is installed");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert_eq!(xpath("count(//script)").trim(), "0");
    assert!(
        xpath("string(//p[starts-with(., '甲')])")
            .contains("甲<script>alert(1)</script> & \"quotes\" <b>乙</b>")
    );
}

#[test]
fn templates_are_copied_out_and_override_by_name() {
    let dir = TempDir::new("html-templates");
    let tpl = dir.path().join("tpl");
    let o = nianbao(dir.path(), &["templates", tpl.to_str().unwrap()]);
    assert_exit(&o, 0);
    for name in [
        "report.html.tera",
        "table.html.tera",
        "style.css.tera",
        "diagnostics.html.tera",
    ] {
        assert!(tpl.join(name).is_file(), "{name}");
    }
    // Existing files are not overwritten without --force.
    std::fs::write(tpl.join("style.css.tera"), "/* mine */").unwrap();
    let o = nianbao(dir.path(), &["templates", tpl.to_str().unwrap()]);
    assert_exit(&o, 2);
    assert_eq!(
        std::fs::read_to_string(tpl.join("style.css.tera")).unwrap(),
        "/* mine */"
    );
    // Only the changed template is kept: the others come from the binary.
    for name in [
        "report.html.tera",
        "table.html.tera",
        "diagnostics.html.tera",
    ] {
        std::fs::remove_file(tpl.join(name)).unwrap();
    }
    let example = &complete_examples()[0];
    let html = build_html(example, dir.path(), &["--templates", tpl.to_str().unwrap()]);
    assert!(html.contains("<style>\n/* mine */\n</style>"), "{html}");
    assert_eq!(html.matches("<table ").count(), 3);
    let o = nianbao(dir.path(), &["templates", tpl.to_str().unwrap(), "--force"]);
    assert_exit(&o, 0);
    assert_ne!(
        std::fs::read_to_string(tpl.join("style.css.tera")).unwrap(),
        "/* mine */"
    );
}

#[test]
fn a_broken_template_fails_without_leaving_a_file() {
    let dir = TempDir::new("html-broken-template");
    let tpl = dir.path().join("tpl");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(tpl.join("table.html.tera"), "{% for cell in %}").unwrap();
    let example = &complete_examples()[0];
    let o = nianbao(
        &root(),
        &[
            "build",
            example.to_str().unwrap(),
            "--html",
            "-o",
            dir.path().to_str().unwrap(),
            "--templates",
            tpl.to_str().unwrap(),
        ],
    );
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("模板"), "{}", stderr(&o));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != "tpl")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn plain_build_writes_html() {
    let dir = TempDir::new("html-plain-build");
    let example = &complete_examples()[0];
    let o = nianbao(
        &root(),
        &[
            "build",
            example.to_str().unwrap(),
            "-o",
            dir.path().to_str().unwrap(),
        ],
    );
    let stem = example.file_stem().unwrap().to_string_lossy();
    assert!(
        stdout(&o).contains(&format!("{stem}.html")),
        "{}",
        stdout(&o)
    );
    assert!(dir.path().join(format!("{stem}.html")).is_file());
}
