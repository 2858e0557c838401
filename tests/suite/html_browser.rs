//! The HTML output and the preview in headless Chromium (driven over WebDriver):
//! the tables have the official merged-cell structure cell for cell, and the
//! preview follows edits of the report file without a manual reload.

use std::time::Duration;

use crate::common::*;
use crate::html_support::*;
use nianbao::document::{Block, CellRole, Document};
use serde_json::Value;

/// How long to wait for the page to follow an edit (it takes well under a second;
/// the margin is for a loaded CI machine: the test checks that it happens, not how fast).
const LIMIT: Duration = Duration::from_secs(30);

/// The page's tables equal the document's grids: same rows, cells, texts and spans.
fn assert_tables_match(doc: &Document, page: &Value, what: &str) {
    let expected: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let page = page.as_array().expect("tables array");
    assert_eq!(page.len(), 3, "{what}: three tables");
    assert_eq!(expected.len(), 3);
    for (t, p) in expected.iter().zip(page) {
        let id = t.id.key();
        assert_eq!(p["id"], id, "{what}");
        assert_eq!(p["caption"], t.caption.as_str(), "{what} {id} caption");
        assert_eq!(p["head_rows"], t.header_rows, "{what} {id} header rows");
        let rows = p["rows"].as_array().unwrap();
        assert_eq!(rows.len(), t.rows.len(), "{what} {id}: row count");
        let mut cells = 0;
        for (r, (row, prow)) in t.rows.iter().zip(rows).enumerate() {
            let prow = prow.as_array().unwrap();
            assert_eq!(prow.len(), row.len(), "{what} {id} row {r}: cell count");
            for (cell, pc) in row.iter().zip(prow) {
                let tag = if cell.role == CellRole::Figure {
                    "td"
                } else {
                    "th"
                };
                let at = format!("{what} {id} row {r} 「{}」", cell.text);
                assert_eq!(pc["tag"], tag, "{at}");
                assert_eq!(pc["text"].as_str().unwrap().trim(), cell.text, "{at}");
                assert_eq!(pc["rowspan"], cell.rowspan, "{at} rowspan");
                assert_eq!(pc["colspan"], cell.colspan, "{at} colspan");
                if tag == "th" {
                    assert!(pc["scope"].is_string(), "{at}: th without scope");
                }
                cells += 1;
            }
        }
        // The grid is complete: the spans cover every slot exactly once.
        let covered: usize = t.rows.iter().flatten().map(|c| c.rowspan * c.colspan).sum();
        assert_eq!(covered, t.grid_rows * t.grid_columns, "{what} {id}");
        assert!(cells > 0);
    }
}

#[test]
fn examples_in_chromium_show_the_official_tables() {
    let out = TempDir::new("html-browser-examples");
    let browser = Browser::start("examples");
    let mut examples = complete_examples();
    assert!(!examples.is_empty());
    // The 2019 format has other tables 二 and 三.
    examples.push(root().join("tests/fixtures/valid/v2019.toml"));
    for example in examples {
        let o = nianbao(
            &root(),
            &[
                "build",
                example.to_str().unwrap(),
                "--html",
                "-o",
                out.path().to_str().unwrap(),
            ],
        );
        assert_exit(&o, 0);
        let stem = example.file_stem().unwrap().to_string_lossy();
        let html = out.path().join(format!("{stem}.html"));
        browser.go(&format!("file://{}", html.display()));
        let tables = browser.run(READ_TABLES);
        assert_tables_match(&document_of(&example), &tables, &stem);
        // The table 三 header: the note spans 3×3, 申请人情况 spans 7 columns.
        let t3 = &tables[1]["rows"];
        assert_eq!(t3[0][0]["rowspan"], 3);
        assert_eq!(t3[0][0]["colspan"], 3);
        assert_eq!(t3[0][1]["colspan"], 7);
    }
}

#[test]
fn on_a_phone_the_tables_scroll_sideways() {
    let out = TempDir::new("html-browser-phone");
    let example = &complete_examples()[0];
    let o = nianbao(
        &root(),
        &[
            "build",
            example.to_str().unwrap(),
            "--html",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    let stem = example.file_stem().unwrap().to_string_lossy();
    let browser = Browser::start("phone");
    browser.resize(390, 844);
    browser.go(&format!(
        "file://{}",
        out.path().join(format!("{stem}.html")).display()
    ));
    let m = browser.run(
        r##"var t = document.getElementById("table4"), w = t.parentElement;
        return { inner: window.innerWidth, page: document.documentElement.scrollWidth,
                 box: w.clientWidth, table: t.offsetWidth, overflow: getComputedStyle(w).overflowX };"##,
    );
    let n = |k: &str| m[k].as_f64().unwrap();
    assert!(n("inner") <= 400.0, "{m}");
    // The page itself does not scroll sideways; the table's own box does.
    assert!(n("page") <= n("inner"), "{m}");
    assert_eq!(m["overflow"], "auto", "{m}");
    assert!(
        n("table") > n("box"),
        "table 四 squashed into the phone width: {m}"
    );
}

#[test]
fn preview_follows_edits_and_shows_errors() {
    let dir = TempDir::new("html-browser-preview");
    let file = dir.path().join("report.toml");
    let original = std::fs::read_to_string(root().join("examples/shandong-2023.toml")).unwrap();
    assert!(original.contains("\nfees = 0 "));
    std::fs::write(&file, &original).unwrap();
    let preview = Preview::start(&file);
    let browser = Browser::start("preview");
    browser.go(&preview.url());
    let tables = browser.run(READ_TABLES);
    assert_tables_match(&document_of(&file), &tables, "preview");

    // The page marks itself so that a reload (which would drop the mark) can be
    // told apart from the old page.
    let fees = r##"var c = document.querySelectorAll("#table2 td"); return c.length ? c[c.length - 1].textContent : "";"##;
    assert_eq!(browser.run(fees), "0");
    browser.run("window.__old_page = true; window.scrollTo(0, 1200); return null;");

    std::fs::write(&file, original.replace("\nfees = 0 ", "\nfees = 3.25 ")).unwrap();
    let seen = browser.wait_for(fees, LIMIT, |v| v == "3.25");
    assert_eq!(seen, "3.25", "the page did not follow the edit");
    assert_eq!(browser.run("return window.__old_page === true;"), false);
    // The reader keeps their place on the page.
    let y = browser.run("return window.scrollY;").as_f64().unwrap();
    assert!(
        (1100.0..1300.0).contains(&y),
        "scrolled to {y} after the reload"
    );

    // A TOML syntax error: the page shows where, as `check` does.
    std::fs::write(&file, original.replace("agency = \"", "agency = ")).unwrap();
    let findings = r#"return Array.from(document.querySelectorAll("pre")).map(function (p) { return p.textContent; }).join("\n");"#;
    let shown = browser.wait_for(findings, LIMIT, |v| {
        v.as_str().is_some_and(|s| s.contains("[toml]"))
    });
    let shown = shown.as_str().unwrap();
    assert!(shown.contains("report.toml:4:"), "{shown}");
    assert_eq!(
        browser.run("return document.querySelectorAll('table').length;"),
        0
    );

    // Fixed again: the report is back.
    std::fs::write(&file, &original).unwrap();
    let back = browser.wait_for(
        "return document.querySelectorAll('table').length;",
        LIMIT,
        |v| v == 3,
    );
    assert_eq!(back, 3);
}
