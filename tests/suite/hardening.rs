//! Hostile and careless input: each test is named for the defect it caught
//! (issue 13, items 1–10, and every crash the fuzzers found).

use std::fs;
use std::io::{Cursor, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use crate::html_support::*;

fn base() -> String {
    fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap()
}

/// A report whose first overview paragraph is `text` (written as a TOML basic string).
fn with_overview_text(text: &str) -> String {
    let base = base();
    let at = base
        .find("[[overview.part]]")
        .expect("base has overview parts");
    format!(
        "{}[[overview.part]]\nheading = \"附加\"\ntext = \"{text}\"\n\n{}",
        &base[..at],
        &base[at..]
    )
}

// 1. Output failures.

#[test]
fn check_to_a_full_disk_is_a_clear_error_not_a_panic() {
    let full = fs::File::create("/dev/full").expect("/dev/full exists on Linux");
    let o = Command::new(bin())
        .args(["check", "tests/fixtures/valid/base.toml"])
        .current_dir(root())
        .stdout(full)
        .output()
        .unwrap();
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("磁盘已满"), "{}", stderr(&o));
}

#[test]
fn check_into_a_closed_pipe_ends_quietly() {
    let mut child = Command::new(bin())
        .args(["check", "examples/wenzhou-2024.toml"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -0`: the reader is gone before the first line is written.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), "");
}

#[test]
fn commands_that_write_files_finish_their_work_whatever_stdout_does() {
    let tmp = TempDir::new("stdout-lists");
    for name in ["a", "b"] {
        fs::write(tmp.path().join(format!("{name}.toml")), base()).unwrap();
    }
    let run = |args: &[&str], stdout: Stdio| {
        Command::new(bin())
            .args(args)
            .current_dir(tmp.path())
            .stdout(stdout)
            .output()
            .unwrap()
    };
    let full = || Stdio::from(fs::File::create("/dev/full").unwrap());
    // A full stdout: the files are written, listed on stderr instead, exit 0.
    let o = run(&["build", "a.toml", "b.toml", "--html"], full());
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(err.contains("无法写出到标准输出（磁盘已满）"), "{err}");
    assert!(
        err.contains("已生成 a.html") && err.contains("已生成 b.html"),
        "{err}"
    );
    let o = run(&["new", "--agency", "某局", "--year", "2024"], full());
    assert_exit(&o, 0);
    assert!(tmp.path().join("某局2024年报.toml").exists());
    assert!(
        stderr(&o).contains("已生成 某局2024年报.toml"),
        "{}",
        stderr(&o)
    );
    // Where stdout is the product, losing it is still an error.
    let o = run(
        &["new", "--agency", "某局", "--year", "2024", "-o", "-"],
        full(),
    );
    assert_exit(&o, 2);
    // A closed pipe (`| head -0`) stops nothing: every file is built.
    fs::remove_file(tmp.path().join("a.html")).unwrap();
    fs::remove_file(tmp.path().join("b.html")).unwrap();
    let mut child = Command::new(bin())
        .args(["build", "a.toml", "b.toml", "--html", "-q"])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_exit(&o, 0);
    assert_eq!(stderr(&o), "");
    assert!(tmp.path().join("a.html").exists() && tmp.path().join("b.html").exists());
}

// 2. Control characters.

#[test]
fn control_characters_in_any_text_are_located_errors() {
    let tmp = TempDir::new("controls");
    for escape in [
        "\\u0000", "\\u0007", "\\b", "\\u001B", "\\u007F", "\\u0085", "\\uFFFE",
    ] {
        for (key, replaced) in [
            ("agency", "agency = \"某某县市场监督管理局"),
            ("heading", "heading = \""),
            ("text", "text = \"\"\""),
            ("address", "\n[contact]\naddress = \""),
        ] {
            let report = if key == "address" {
                format!("{}{replaced}某地{escape}\"\n", base())
            } else {
                base().replacen(replaced, &format!("{replaced}{escape}"), 1)
            };
            assert_ne!(report, base(), "{key} is in the base report");
            fs::write(tmp.path().join("r.toml"), &report).unwrap();
            let o = nianbao(tmp.path(), &["check", "r.toml"]);
            assert_exit(&o, 1);
            let out = stdout(&o);
            assert!(out.contains("错误[control-char]"), "{key} {escape}: {out}");
            assert!(out.contains("--> r.toml:"), "{out}");
            let o = nianbao(tmp.path(), &["build", "r.toml", "--html", "--docx"]);
            assert_exit(&o, 1);
            assert!(!tmp.path().join("r.docx").exists());
        }
    }
}

/// Every code point class, written straight into the document behind the parser's
/// back: the DOCX stays well-formed XML and the HTML carries no raw control.
#[test]
fn docx_writer_cannot_emit_an_invalid_xml_character() {
    use nianbao::diag::SourceFile;
    use nianbao::render::{Output, RenderOptions, render};
    use nianbao::report::{Inline, parse_report};

    let mut nasty: String = (0u32..0x20).filter_map(char::from_u32).collect();
    nasty.extend([
        '\u{7f}', '\u{85}', '\u{9f}', '\u{fffe}', '\u{ffff}', '\u{fffd}',
    ]);
    nasty.extend([
        '\u{202e}',
        '\u{10000}',
        '\u{20000}',
        '\u{1f600}',
        '&',
        '<',
        '"',
    ]);
    nasty.push_str("&#x1B;&#0;]]>");
    let file = SourceFile::new("base.toml", base());
    let mut report = parse_report(&file).report.expect("base parses");
    report.meta.agency.value = nasty.clone();
    if let Some(title) = &mut report.meta.title {
        title.value = nasty.clone();
    }
    for part in &mut report.overview.parts {
        part.heading.value = nasty.clone();
        for p in part.text.iter_mut().flat_map(|t| &mut t.paragraphs) {
            p.inlines.push(Inline::Text {
                text: nasty.clone(),
                bold: false,
            });
        }
    }
    let doc = nianbao::document::build_document(&report);
    let options = RenderOptions::default();
    let docx = render(Output::Docx, &doc, &options).expect("DOCX renders");
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut parts = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        parts += 1;
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        assert_well_formed(&name, &xml);
    }
    assert!(parts >= 5, "{parts} XML parts");
    let html = render(Output::Html, &doc, &options).expect("HTML renders");
    let html = String::from_utf8(html).unwrap();
    assert!(
        !html
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
        "raw control character in the HTML"
    );
}

/// A strict XML reading: every character allowed, every reference resolvable,
/// every element closed.
fn assert_well_formed(name: &str, xml: &str) {
    use quick_xml::events::Event;
    let bad = xml.chars().find(|&c| {
        !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    });
    assert_eq!(bad, None, "{name} holds a character XML forbids");
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => {
                let text = t.decode().unwrap_or_else(|e| panic!("{name}: {e}"));
                quick_xml::escape::unescape(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed: {e}"),
        }
        assert!(depth >= 0, "{name}: an end tag too many");
    }
    assert_eq!(depth, 0, "{name}: unclosed elements");
}

// 3. Signed overflow.

#[test]
fn i64_min_in_2019_change_column_is_a_range_error() {
    let tmp = TempDir::new("i64min");
    let o = nianbao(
        tmp.path(),
        &[
            "new",
            "--agency",
            "某某市某某局",
            "--year",
            "2019",
            "-o",
            "r.toml",
        ],
    );
    assert_exit(&o, 0);
    let text = fs::read_to_string(tmp.path().join("r.toml")).unwrap();
    for (value, shown) in [
        ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775807", "9223372036854775807"),
        ("-1000000000000", "-1000000000000"),
    ] {
        let report = text.replace(
            "licensing = [0, 0, 0]",
            &format!("licensing = [12, {value}, 30]"),
        );
        fs::write(tmp.path().join("r.toml"), report).unwrap();
        let o = nianbao(tmp.path(), &["check", "r.toml"]);
        assert_exit(&o, 1);
        let out = stdout(&o);
        assert!(out.contains("错误[range]"), "{value}: {out}");
        assert!(out.contains(&format!("数值 {shown} 大得不合常理")), "{out}");
    }
    // At the limit: twelve digits either way are accepted.
    let report = text.replace(
        "licensing = [0, 0, 0]",
        "licensing = [999999999999, -999999999999, 999999999999]",
    );
    fs::write(tmp.path().join("r.toml"), report).unwrap();
    let out = stdout(&nianbao(tmp.path(), &["check", "r.toml"]));
    assert!(!out.contains("[range]"), "{out}");
}

#[test]
fn largest_counts_sum_without_overflow() {
    let tmp = TempDir::new("bigsum");
    let report = base().replace(
        "new_requests = [",
        "new_requests = [999999999999, 999999999999, 999999999999, 999999999999, 999999999999, 999999999999, 0] # ",
    );
    fs::write(tmp.path().join("r.toml"), report).unwrap();
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    // The sum itself, behind the parser's back (its range check keeps such cells
    // out of a parsed report): it saturates instead of overflowing.
    use nianbao::report::{Figure, Number, sum_counts};
    let cell = |n| Figure {
        value: Number::Int(n),
        span: None,
    };
    assert_eq!(sum_counts(&[cell(i64::MAX), cell(i64::MAX)]), i64::MAX);
    assert_eq!(sum_counts(&[cell(i64::MIN), cell(-1)]), i64::MIN);
}

// 4. Linear time and limits.

#[test]
fn many_braces_in_narrative_are_checked_in_linear_time() {
    let tmp = TempDir::new("braces");
    // 800 000 `{` took 31 s when every `{` searched the rest of the line for
    // `}`; now the text is over the length limit and refused at once.
    fs::write(
        tmp.path().join("r.toml"),
        with_overview_text(&"{".repeat(800_000)),
    )
    .unwrap();
    let o = nianbao_within(tmp.path(), &["check", "r.toml"], Duration::from_secs(20));
    assert_exit(&o, 1);
    assert!(
        stdout(&o).contains("正文 text 太长（800000 个字符"),
        "{}",
        stdout(&o)
    );
    // Within the limits: five paragraphs of 19 000 `{{` each, one pass, findings capped.
    let line = "{{".repeat(9_500);
    let text = [line.as_str(); 5].join("\\n");
    fs::write(tmp.path().join("r.toml"), with_overview_text(&text)).unwrap();
    let o = nianbao_within(tmp.path(), &["check", "r.toml"], Duration::from_secs(20));
    let out = stdout(&o);
    assert!(
        out.contains("一对花括号"),
        "{}",
        &out[..out.len().min(2000)]
    );
    assert!(out.contains("处标记问题未逐一列出"), "findings are capped");
    assert!(out.len() < 200_000, "{} bytes of findings", out.len());
}

#[test]
fn limits_a_real_report_never_reaches_are_located_errors() {
    let tmp = TempDir::new("limits");
    let title = "长".repeat(2_400_000);
    let report = base().replacen("[report]\n", &format!("[report]\ntitle = \"{title}\"\n"), 1);
    fs::write(tmp.path().join("title.toml"), report).unwrap();
    let o = nianbao_within(
        tmp.path(),
        &["build", "title.toml", "--pdf"],
        Duration::from_secs(30),
    );
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("标题 title 太长（2400000 个字符，上限 300 个）"));
    let line = fs::read_to_string(tmp.path().join("title.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("title = "))
        .unwrap()
        + 1;
    assert!(stderr(&o).contains(&format!("--> title.toml:{line}:9")));
    assert!(
        stderr(&o).len() < 10_000,
        "the 2.4 M-character line is shown cut short"
    );
    assert!(!tmp.path().join("title.pdf").exists());

    let mut parts = base();
    for i in 0..20_000 {
        parts.push_str(&format!(
            "\n[[other.part]]\nheading = \"第{i}项\"\ntext = \"略\"\n"
        ));
    }
    fs::write(tmp.path().join("parts.toml"), parts).unwrap();
    let o = nianbao_within(
        tmp.path(),
        &["check", "parts.toml"],
        Duration::from_secs(30),
    );
    assert_exit(&o, 1);
    assert!(
        stdout(&o).contains("[other] 有 20000 个小标题段落 [[other.part]]，上限 100 个"),
        "{}",
        &stdout(&o)[..2000.min(stdout(&o).len())]
    );

    let long = "段".repeat(30_000);
    fs::write(tmp.path().join("para.toml"), with_overview_text(&long)).unwrap();
    let out = stdout(&nianbao(tmp.path(), &["check", "para.toml"]));
    assert!(
        out.contains("有一段超过 20000 个字符"),
        "{}",
        &out[..2000.min(out.len())]
    );
}

// 5. Unbounded reads.

#[test]
fn devices_and_fifos_are_refused_not_read() {
    let tmp = TempDir::new("devices");
    let fifo = tmp.path().join("r.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for path in ["/dev/zero", fifo.to_str().unwrap(), "/dev/stdin"] {
        let o = nianbao_within(tmp.path(), &["check", path], Duration::from_secs(10));
        assert_exit(&o, 2);
        assert!(
            stderr(&o).contains("不是普通文件"),
            "{path}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_folder_as_input_is_named_in_chinese() {
    let tmp = TempDir::new("folder");
    fs::create_dir(tmp.path().join("d.toml")).unwrap();
    // Where a report file is wanted, a folder is named as one.
    let o = nianbao(tmp.path(), &["new", "--from", "d.toml", "-o", "x.toml"]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("是一个文件夹"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    // `check` takes folders (every report in them): an empty one is said so.
    let o = nianbao(tmp.path(), &["check", "d.toml"]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("文件夹 d.toml 中没有报告文件"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}

// 6. Temporary files.

#[test]
fn a_symlink_planted_at_the_old_temp_name_is_not_followed() {
    let tmp = TempDir::new("symlink");
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "keep me").unwrap();
    let target = tmp.path().join("out.html");
    // The name the old writer used, predictable from the process id.
    let planted = tmp
        .path()
        .join(format!(".out.html.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    nianbao::io::write_atomic(&target, b"<p>new</p>").unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(fs::read_to_string(&target).unwrap(), "<p>new</p>");
    // A symlink at the final name is replaced, its target untouched.
    fs::remove_file(&target).unwrap();
    std::os::unix::fs::symlink(&victim, &target).unwrap();
    nianbao::io::write_atomic(&target, b"<p>again</p>").unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(
        !fs::symlink_metadata(&target)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn stale_temp_files_of_ours_are_removed_others_kept() {
    let tmp = TempDir::new("stale");
    let stale = tmp.path().join(".out.html.0123456789abcdef.nianbao-tmp");
    let fresh = tmp.path().join(".out.html.fedcba9876543210.nianbao-tmp");
    let foreign = tmp.path().join(".out.html.notes");
    for p in [&stale, &fresh, &foreign] {
        fs::write(p, "x").unwrap();
    }
    let old = std::time::SystemTime::now() - Duration::from_secs(7200);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    nianbao::io::write_atomic(&tmp.path().join("out.html"), b"x").unwrap();
    assert!(!stale.exists(), "a stale temp file of ours is removed");
    assert!(fresh.exists(), "a running build's temp file is kept");
    assert!(foreign.exists(), "other files are kept");
}

#[test]
fn temp_files_of_a_killed_build_are_removed_by_the_next_run_in_that_folder() {
    let tmp = TempDir::new("stale-killed");
    fs::write(tmp.path().join("r.toml"), base()).unwrap();
    // A process that has ended, as a SIGKILLed build has: its temp files are fresh.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let left = [
        tmp.path()
            .join(format!(".r.html.{dead}.0123456789abcdef.nianbao-tmp")),
        tmp.path()
            .join(format!(".other.pdf.{dead}.fedcba9876543210.nianbao-tmp")),
    ];
    // One of a process still running (this test) is another build's, still at work.
    let running = tmp.path().join(format!(
        ".r.docx.{}.0123456789abcdef.nianbao-tmp",
        std::process::id()
    ));
    for p in left.iter().chain([&running]) {
        fs::write(p, "half").unwrap();
    }
    let o = nianbao(tmp.path(), &["build", "r.toml", "--html"]);
    assert_exit(&o, 0);
    for p in &left {
        assert!(!p.exists(), "{} is removed", p.display());
    }
    assert!(running.exists(), "a running build's temp file is kept");
}

// 7. Terminal escapes.

#[test]
fn terminal_controls_in_keys_and_text_are_printed_escaped() {
    let tmp = TempDir::new("escapes");
    let report = base().replacen(
        "[report]\n",
        "[report]\n\"\\u001b]0;pwned\\u0007\\u202e\" = 1\n",
        1,
    );
    fs::write(tmp.path().join("r.toml"), report).unwrap();
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 1);
    let out = stdout(&o);
    assert!(!out.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{out:?}");
    assert!(out.contains("\\u{1b}]0;pwned\\u{7}\\u{202e}"), "{out}");
}

// 8. Missing glyphs found early; all outputs or none.

#[test]
fn check_names_characters_the_pdf_fonts_lack_at_their_place() {
    let tmp = TempDir::new("glyphs");
    let report = with_overview_text("表情😀与字");
    fs::write(tmp.path().join("r.toml"), &report).unwrap();
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 1);
    let out = stdout(&o);
    assert!(out.contains("错误[glyph]"), "{out}");
    assert!(out.contains("（U+1F600）"), "{out}");
    let line = report.lines().position(|l| l.contains('😀')).unwrap() + 1;
    assert!(out.contains(&format!("--> r.toml:{line}:11")), "{out}");
}

#[test]
fn build_writes_all_requested_outputs_or_none() {
    let tmp = TempDir::new("allornone");
    // A character no bundled PDF font has: HTML and DOCX could be made, PDF not.
    let report = with_overview_text("表情😀与𠀀字");
    fs::write(tmp.path().join("r.toml"), report).unwrap();
    let o = nianbao(tmp.path(), &["build", "r.toml"]);
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
    for ext in ["html", "docx", "pdf"] {
        assert!(
            !tmp.path().join(format!("r.{ext}")).exists(),
            "r.{ext} written"
        );
    }
    assert!(stderr(&o).contains("未生成任何文件"), "{}", stderr(&o));
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("r.toml")]);
}

// 9. Messages.

#[test]
fn non_decimal_and_out_of_range_numbers_are_named() {
    let tmp = TempDir::new("radix");
    for (value, expected) in [
        ("0x10", "写成了十六进制数 0x10"),
        ("0o20", "写成了八进制数 0o20"),
        ("0b10000", "写成了二进制数 0b10000"),
        (
            "9223372036854775808",
            "数值 9223372036854775808 超出了可以表示的范围",
        ),
        (
            "18446744073709551616",
            "数值 18446744073709551616 超出了可以表示的范围",
        ),
    ] {
        let report = replace_first_cell("new_requests = [", value);
        fs::write(tmp.path().join("r.toml"), report).unwrap();
        let o = nianbao(tmp.path(), &["check", "r.toml"]);
        let out = stdout(&o);
        assert!(out.contains(expected), "{value}: {out}{}", stderr(&o));
        assert!(!out.contains("这里却是整数"), "{out}");
    }
    let report = replace_first_cell("new_requests = [", "0x10");
    fs::write(tmp.path().join("r.toml"), report).unwrap();
    assert!(stdout(&nianbao(tmp.path(), &["check", "r.toml"])).contains("写成十进制数：16"));
}

/// The base report with the first number after `key` replaced by `value`.
fn replace_first_cell(key: &str, value: &str) -> String {
    let original = base();
    let at = original.find(key).expect("key in base") + key.len();
    let end = at + original[at..].find([',', ']']).unwrap();
    format!("{}{value}{}", &original[..at], &original[end..])
}

#[test]
fn utf16_file_is_named_as_such_without_raw_nuls() {
    let tmp = TempDir::new("utf16");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in base().encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    fs::write(tmp.path().join("r.toml"), &bytes).unwrap();
    let no_bom: Vec<u8> = bytes[2..].to_vec();
    fs::write(tmp.path().join("nobom.toml"), no_bom).unwrap();
    for name in ["r.toml", "nobom.toml"] {
        let o = nianbao(tmp.path(), &["check", name]);
        assert_exit(&o, 2);
        let out = stdout(&o) + &stderr(&o);
        assert!(out.contains("UTF-16"), "{out}");
        assert!(!out.contains("GBK"), "{out}");
        assert!(!out.contains('\0'), "raw NUL printed");
    }
}

#[test]
fn empty_file_cannot_run() {
    let tmp = TempDir::new("emptyfile");
    fs::write(tmp.path().join("r.toml"), "\n  \n").unwrap();
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 2);
    assert!(stdout(&o).contains("报告文件是空的"), "{}", stdout(&o));
}

#[test]
fn new_with_dash_writes_to_stdout() {
    let tmp = TempDir::new("newdash");
    let o = nianbao(
        tmp.path(),
        &[
            "new",
            "--agency",
            "某某市某某局",
            "--year",
            "2024",
            "-o",
            "-",
        ],
    );
    assert_exit(&o, 0);
    assert!(stdout(&o).starts_with('#') || stdout(&o).contains("[report]"));
    assert!(stdout(&o).contains("agency = \"某某市某某局\""));
    assert!(!tmp.path().join("-").exists(), "a file named - was written");
}

#[test]
fn brace_mistakes_in_narrative_are_warned_at_their_place() {
    let tmp = TempDir::new("cites");
    for (text, expected) in [
        ("共收到{table3.new_requests件", "缺少右花括号"),
        ("共收到{{table3.new_requests}}件", "只用一对花括号"),
        ("共收到{}件", "空的引用 {}"),
        ("共收到}件", "多出一个右花括号"),
    ] {
        fs::write(tmp.path().join("r.toml"), with_overview_text(text)).unwrap();
        let o = nianbao(tmp.path(), &["check", "r.toml"]);
        let out = stdout(&o);
        assert!(
            out.contains(&format!("警告[cite]: {expected}")) || out.contains(expected),
            "{text}: {out}"
        );
        let line = with_overview_text(text)
            .lines()
            .position(|l| l.contains("共收到"))
            .unwrap()
            + 1;
        assert!(
            out.contains(&format!("--> r.toml:{line}:")),
            "{text}: {out}"
        );
    }
}

#[test]
fn usage_errors_are_chinese_with_english_beside() {
    let tmp = TempDir::new("usage");
    let o = nianbao(tmp.path(), &["chek", "r.toml"]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.starts_with("错误：没有这个子命令"), "{err}");
    assert!(err.contains("unrecognized subcommand"), "{err}");
    let o = nianbao(tmp.path(), &["build"]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).starts_with("错误：缺少必需的参数"),
        "{}",
        stderr(&o)
    );
    let full = fs::File::create("/dev/full").unwrap();
    let o = Command::new(bin())
        .arg("--help")
        .stdout(full)
        .output()
        .unwrap();
    assert_exit(&o, 2);
}

// 10. Preview server.

fn preview(name: &str) -> (TempDir, Preview) {
    let dir = TempDir::new(name);
    let file = dir.path().join("report.toml");
    fs::copy(root().join("examples/xiamen-2022.toml"), &file).unwrap();
    let preview = Preview::start(&file);
    (dir, preview)
}

fn raw_request(addr: &str, request: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).ok();
    out
}

#[test]
fn preview_refuses_duplicate_host_headers() {
    let (_dir, p) = preview("dup-host");
    let port = p.addr.rsplit(':').next().unwrap();
    let twice = format!("GET / HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    assert!(raw_request(&p.addr, &twice).starts_with("HTTP/1.1 400"));
    let once = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    assert!(raw_request(&p.addr, &once).starts_with("HTTP/1.1 200"));
}

#[test]
fn preview_bounds_connections_and_their_time() {
    let (_dir, p) = preview("bounded");
    // Held connections that never finish their request.
    let held: Vec<_> = (0..40)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&p.addr).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // The limit is enforced by closing the connections that waited longest
    // without finishing their request, so a real request is still served.
    let served = p.get("/");
    assert_eq!(served.status, 200, "a real request gets a slot");
    // A slow client is cut off soon, freeing its slot.
    let started = Instant::now();
    let mut first = &held[0];
    let mut rest = String::new();
    first.read_to_string(&mut rest).ok();
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "a dripping client is not held open"
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(p.get("/").status, 200);
}

// Crashes the import fuzz targets found (docs/fuzzing.md).

/// `import_html`, `import_docx`: a control character in a published page (a stray
/// byte in HTML, a `&#x17;` reference in DOCX text) was written raw into the
/// report file, which `check` then refused as invalid TOML.
#[test]
fn imported_control_characters_leave_the_report_file_readable() {
    let tmp = TempDir::new("import-controls");
    // The fuzzer's HTML input reduced to a title and a paragraph.
    fs::write(
        tmp.path().join("page.html"),
        "<html><body><h1>某局2022年政府信息公开工作年度报告</h1>\
         <p>本年度\u{17}主动公开\u{1b}]0;x\u{7}信息。</p></body></html>",
    )
    .unwrap();
    // A DOCX nianbao builds, with a character reference to U+0017 in its first text.
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            root().join("examples/xiamen-2022.toml").to_str().unwrap(),
            "--docx",
            "-o",
            ".",
        ],
    );
    assert_exit(&o, 0);
    let built = fs::read(tmp.path().join("xiamen-2022.docx")).unwrap();
    fs::write(
        tmp.path().join("page.docx"),
        with_document_xml(&built, |xml| xml.replacen("</w:t>", "&#x17;</w:t>", 1)),
    )
    .unwrap();
    for page in ["page.html", "page.docx"] {
        let o = nianbao(tmp.path(), &["import", page, "-o", "out.toml", "--force"]);
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        let said = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            said.contains("控制字符"),
            "{page}: the dropped characters are noted: {said}"
        );
        let written = fs::read_to_string(tmp.path().join("out.toml")).unwrap();
        let raw = written
            .chars()
            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        assert_eq!(
            raw, None,
            "{page}: raw control character in the report file"
        );
        let o = nianbao(tmp.path(), &["check", "out.toml"]);
        assert!(!stdout(&o).contains("错误[toml]"), "{page}: {}", stdout(&o));
        assert_ne!(o.status.code(), Some(2), "{page}: {}", stdout(&o));
    }
}

/// `import_html`: a figure cell whose text runs over a line break was quoted in the
/// row's comment with the break raw, so the next line of the report file was not
/// TOML. The fuzzer's input, as found.
#[test]
fn a_cell_with_a_line_break_stays_inside_its_comment() {
    let tmp = TempDir::new("import-comment");
    let page = root().join("tests/fixtures/import/fuzz/cell-with-line-break.html");
    fs::copy(&page, tmp.path().join("page.html")).unwrap();
    let o = nianbao(tmp.path(), &["import", "page.html", "-o", "out.toml"]);
    assert_exit(&o, 0);
    let o = nianbao(tmp.path(), &["check", "out.toml"]);
    assert!(!stdout(&o).contains("错误[toml]"), "{}", stdout(&o));
    assert_ne!(o.status.code(), Some(2), "{}", stdout(&o));
}

/// `docx` with its `word/document.xml` changed by `edit`.
fn with_document_xml(docx: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            bytes = edit(&String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}
