//! Last year's report named in the report file (`previous`), and the 附表
//! comparing every figure with it in the built report (`build
//! --compare-previous`, `compare_previous = true`), end to end.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::common::*;

const LAST: &str = "tests/fixtures/previous/last-2021.toml";
const THIS: &str = "tests/fixtures/previous/this-2022.toml";

/// The pair copied into `dir` as last.toml and this.toml, this year's `[report]`
/// given `keys`.
fn pair(dir: &Path, keys: &str) {
    fs::copy(root().join(LAST), dir.join("last.toml")).unwrap();
    let this = fs::read_to_string(root().join(THIS)).unwrap();
    let this = this.replacen("[report]\n", &format!("[report]\n{keys}"), 1);
    fs::write(dir.join("this.toml"), this).unwrap();
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // The text of the runs, tags dropped.
    let mut text = String::new();
    let mut inside = false;
    for c in xml.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    text
}

fn pdf_text(path: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What each output must show of the 附表, and where: after the report.
fn assert_appendix(text: &str, what: &str) {
    let text = squash(text);
    let at = text
        .find("附表与上年数据比较")
        .unwrap_or_else(|| panic!("{what}: no 附表 in {text}"));
    let six = text.find("六、其他需要报告的事项").unwrap();
    assert!(six < at, "{what}: the 附表 comes after the report");
    let appendix = &text[at..];
    assert!(
        appendix.contains("不属于政府信息公开工作年度报告格式规定的内容"),
        "{what}"
    );
    for shown in [
        // 表二 行政处罚 5 → 40
        "行政处罚540+35+700.0%",
        // 表三 新收 总计 10 → 12
        "总计1012+2+20.0%",
    ] {
        assert!(appendix.contains(shown), "{what}: {shown} in {appendix}");
    }
}

#[test]
fn build_compare_previous_appends_the_comparison_to_every_output() {
    let tmp = TempDir::new("compared-build");
    pair(tmp.path(), "");
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            "-q",
            "--compare-previous",
            "last.toml",
            "this.toml",
        ],
    );
    assert_exit(&o, 0);
    let html = fs::read_to_string(tmp.path().join("this.html")).unwrap();
    let body = html.split("<main").nth(1).unwrap();
    let shown = body
        .replace("<wbr>", "")
        .split('<')
        .map(|s| s.split_once('>').map_or(s, |(_, t)| t))
        .collect::<String>();
    assert_appendix(&shown, "HTML");
    // Each table id once, the compared tables numbered apart.
    for id in ["table2", "table2-2", "table3", "table3-2", "table4"] {
        assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
    }
    assert_appendix(&docx_text(&tmp.path().join("this.docx")), "DOCX");
    assert_appendix(&pdf_text(&tmp.path().join("this.pdf")), "PDF");

    // Off by default: the same build without the option has no 附表.
    let o = nianbao(tmp.path(), &["build", "-q", "--html", "this.toml"]);
    assert_exit(&o, 0);
    let html = fs::read_to_string(tmp.path().join("this.html")).unwrap();
    assert!(!html.contains("与上年数据比较"));
}

#[test]
fn the_file_names_last_years_report_and_asks_for_the_appendix() {
    let tmp = TempDir::new("compared-key");
    pair(
        tmp.path(),
        "previous = \"last.toml\"\ncompare_previous = true\n",
    );
    // check compares without --previous: the R13 findings and the table.
    let o = nianbao(tmp.path(), &["check", "this.toml"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("与上年（2021 年度）比较"), "{out}");
    assert!(out.contains("警告[R13]"), "{out}");
    let o = nianbao(tmp.path(), &["check", "--format", "json", "this.toml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["year_on_year"]["previous_year"], 2021, "{v:#}");

    let o = nianbao(tmp.path(), &["build", "-q", "--pdf", "this.toml"]);
    assert_exit(&o, 0);
    assert_appendix(&pdf_text(&tmp.path().join("this.pdf")), "PDF");

    // The preview shows what build renders, the 附表 included.
    let preview = crate::served::Served::preview(&tmp.path().join("this.toml"));
    let page = preview.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("与上年数据比较"),
        "the preview lacks the 附表"
    );
}

#[test]
fn a_named_report_that_cannot_be_read_is_said_and_nothing_is_lost() {
    let tmp = TempDir::new("compared-missing");
    pair(tmp.path(), "previous = \"gone.toml\"\n");
    let o = nianbao(tmp.path(), &["check", "this.toml"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("警告[previous]: 上年报告文件 gone.toml 无法读取，本次不与上年比较"),
        "{out}"
    );
    assert!(out.contains("this.toml:5:12"), "at the key's value: {out}");
    assert!(!out.contains("与上年（2021 年度）比较"), "{out}");

    // Asking for the 附表 with no last year's report refuses the build.
    pair(tmp.path(), "compare_previous = true\n");
    let o = nianbao(tmp.path(), &["build", "-q", "--html", "this.toml"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("错误[previous]: compare_previous = true"),
        "{err}"
    );
    assert!(!tmp.path().join("this.html").exists());

    // A report of another year is refused, by name.
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            "-q",
            "--html",
            "--compare-previous",
            "this.toml",
            "this.toml",
        ],
    );
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("两份报告都是 2022 年度的"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("this.html").exists());
    // A missing one before anything is read.
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            "-q",
            "--compare-previous",
            "none.toml",
            "this.toml",
        ],
    );
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("none.toml"), "{}", stderr(&o));
}

#[test]
fn new_from_remembers_last_years_file_for_check() {
    let tmp = TempDir::new("compared-new-from");
    fs::create_dir_all(tmp.path().join("2021")).unwrap();
    fs::create_dir_all(tmp.path().join("2022")).unwrap();
    fs::copy(root().join(LAST), tmp.path().join("2021/last.toml")).unwrap();
    let o = nianbao(
        tmp.path(),
        &["new", "--from", "2021/last.toml", "-o", "2022/next.toml"],
    );
    assert_exit(&o, 0);
    let next = fs::read_to_string(tmp.path().join("2022/next.toml")).unwrap();
    assert!(next.contains("previous = \"../2021/last.toml\""), "{next}");
    // Checked from its own folder or from elsewhere, it is compared with 2021.
    for (dir, file) in [("2022", "next.toml"), ("", "2022/next.toml")] {
        let o = nianbao(&tmp.path().join(dir), &["check", file]);
        let out = stdout(&o);
        assert!(out.contains("与上年（2021 年度）比较"), "{out}");
        assert!(!out.contains("[previous]"), "{out}");
    }
}

/// The editor's page finds what `check` finds: last year's report the file
/// names is compared there too (R13 beside the sentence), and a profile applies.
#[test]
fn the_editor_checks_against_the_named_report_as_check_does() {
    let tmp = TempDir::new("compared-edit");
    pair(tmp.path(), "previous = \"last.toml\"\n");
    let o = nianbao(tmp.path(), &["check", "--format", "json", "this.toml"]);
    let checked: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules = |findings: &serde_json::Value| {
        let mut r: Vec<String> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect();
        r.sort();
        r
    };
    let want = rules(&checked["findings"]);
    assert!(want.iter().any(|r| r == "R13"), "{want:?}");

    let editor = crate::served::Served::edit(&tmp.path().join("this.toml"), &[]);
    let token = editor.page_token();
    let (status, body) = editor.call("GET", "/api/state", &editor.addr, Some(&token), "");
    assert_eq!(status, 200, "{body}");
    let state: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(rules(&state["findings"]), want);
}
