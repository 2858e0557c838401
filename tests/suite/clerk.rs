//! The command line as a clerk meets it: figures written as in a document, usage
//! errors, unfinished reports, and next year's file rolled forward.

use crate::common::*;
use std::fs;
use std::process::Command;

fn base() -> String {
    fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap()
}

/// `check --format json` on `text`: exit code and findings.
fn check_json(name: &str, text: &str) -> (i32, Vec<serde_json::Value>) {
    let tmp = TempDir::new(name);
    fs::write(tmp.path().join("r.toml"), text).unwrap();
    let o = nianbao(tmp.path(), &["check", "--format", "json", "r.toml"]);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json findings");
    (o.status.code().unwrap(), v.as_array().unwrap().to_vec())
}

/// Each figure written as in a document gets its own message, at the value,
/// naming the number to write — never the advice to add quotes.
#[test]
fn figures_written_as_in_a_document_say_which_number_to_write() {
    // (line as written, line, column, message, hint)
    let cases: [(&str, u64, u64, &str, &str); 16] = [
        (
            "licensing = 1600件",
            46,
            13,
            "表二（主动公开政府信息情况）「第二十条第（五）项行政许可」写成了「1600件」，数字后面带了单位“件”",
            "写成 1600，不要带“件”",
        ),
        (
            "year = 2025年",
            5,
            8,
            "报告年度 year 写成了「2025年」，数字后面带了单位“年”",
            "写成 2025，不要带“年”",
        ),
        (
            "enforcement = ６",
            48,
            15,
            "「第二十条第（六）项行政强制」写成了「６」，用了全角数字",
            "写成 6，用半角（英文）数字",
        ),
        (
            "granted = [4件, 1, 0, 0, 0, 0, 5]",
            54,
            12,
            "「三、本年度办理结果（一）予以公开」「自然人」写成了「4件」，数字后面带了单位“件”",
            "写成 4，不要带“件”",
        ),
        (
            "granted = [4, 1件, 0, 0, 0, 0, 5]",
            54,
            15,
            "「三、本年度办理结果（一）予以公开」「商业企业」写成了「1件」",
            "写成 1，不要带“件”",
        ),
        (
            "licensing = 1,530",
            46,
            13,
            "「第二十条第（五）项行政许可」写成了「1,530」，加了千位分隔符",
            "写成 1530，不加千位分隔符",
        ),
        (
            "licensing = 1 530",
            46,
            13,
            "写成了「1 530」，加了千位分隔符",
            "写成 1530，不加千位分隔符",
        ),
        (
            "licensing = 12 件",
            46,
            13,
            "写成了「12 件」，数字后面带了单位“件”",
            "写成 12，不要带“件”",
        ),
        (
            "licensing = 十二",
            46,
            13,
            "写成了「十二」，用了汉字数字",
            "写成 12，用阿拉伯数字",
        ),
        (
            "licensing = １５３０",
            46,
            13,
            "写成了「１５３０」，用了全角数字",
            "写成 1530",
        ),
        (
            "fees = 12.30万元",
            49,
            8,
            "「第二十条第（八）项行政事业性收费」写成了「12.30万元」，数字后面带了单位“万元”",
            "写成 12.30，不要带“万元”",
        ),
        (
            "licensing = 无",
            46,
            13,
            "「第二十条第（五）项行政许可」应为数字，这里却写成了「无」",
            "没有发生的情况写 0",
        ),
        (
            "published = 2025年1月20日",
            6,
            13,
            "发布日期 published 写成了「2025年1月20日」，日期没有按格式写",
            "写成 2025-01-20（不加引号）",
        ),
        (
            "agency = 某某县市场监督管理局",
            4,
            10,
            "agency 的文字「某某县市场监督管理局」没有用半角双引号括起来",
            "写成 agency = \"某某县市场监督管理局\"",
        ),
        (
            "published = 2025/1/20",
            6,
            13,
            "发布日期 published 写成了「2025/1/20」，日期没有按格式写",
            "写成 2025-01-20（不加引号）",
        ),
        (
            "published = 2025-13-20",
            6,
            13,
            "发布日期 published 「2025-13-20」不是有效的日期",
            "日期写作 年-月-日，例如 2026-01-20",
        ),
    ];
    let original = base();
    for (i, (line, at_line, at_col, message, hint)) in cases.into_iter().enumerate() {
        let key = line.split(" = ").next().unwrap();
        let mut lines: Vec<String> = original.lines().map(String::from).collect();
        let row = lines
            .iter()
            .position(|l| l.starts_with(&format!("{key} = ")))
            .unwrap();
        assert_eq!(row as u64 + 1, at_line, "{line}");
        lines[row] = line.to_string();
        let (code, findings) = check_json(&format!("written-{i}"), &(lines.join("\n") + "\n"));
        assert_eq!(code, 2, "{line}: {findings:?}");
        assert_eq!(findings.len(), 1, "{line}: {findings:?}");
        let d = &findings[0];
        assert_eq!(d["severity"], "error", "{d}");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(at_line), Some(at_col)),
            "{line}: {d}"
        );
        let (got, got_hint) = (d["message"].as_str().unwrap(), d["hint"].as_str().unwrap());
        assert!(got.contains(message), "{line}: {got}");
        assert!(got_hint.contains(hint), "{line}: {got_hint}");
        assert!(!got_hint.contains("括起来"), "{line}: {got_hint}");
    }
}

/// Several such figures are all reported in one run, each at its place.
#[test]
fn every_written_figure_is_reported_at_once() {
    let text = base()
        .replace("licensing = 1530", "licensing = 1530件")
        .replace("enforcement = 4", "enforcement = ４")
        .replace("granted = [4, 1,", "granted = [4件, 1,");
    let (code, findings) = check_json("written-all", &text);
    assert_eq!(code, 2);
    let places: Vec<(u64, u64)> = findings
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(places, [(46, 13), (48, 15), (54, 12)], "{findings:?}");
    // Human output: the caret under the value, the number to write.
    let tmp = TempDir::new("written-human");
    fs::write(tmp.path().join("r.toml"), &text).unwrap();
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 2);
    let out = stdout(&o);
    assert!(out.contains("--> r.toml:46:13\n"), "{out}");
    assert!(
        out.contains("46 | licensing = 1530件\n   |             ^^^^^^\n"),
        "{out}"
    );
    assert!(out.contains("提示：写成 1530，不要带“件”"), "{out}");
    assert!(out.contains("r.toml：未通过，3 个错误"), "{out}");
}

/// A figure in quotes gets the same advice, with the quotes.
#[test]
fn quoted_written_figures_are_told_the_number_too() {
    let text = base().replace("licensing = 1530", "licensing = \"1530件\"");
    let (code, findings) = check_json("written-quoted", &text);
    assert_eq!(code, 1);
    let d = findings.iter().find(|d| d["line"] == 46).unwrap();
    assert_eq!(d["hint"], "写成 1530，不要带“件”，也不要加引号", "{d}");
    let text = base().replace("year = 2024", "year = \"2024年\"");
    let (_, findings) = check_json("written-quoted-year", &text);
    let d = findings.iter().find(|d| d["line"] == 5).unwrap();
    assert_eq!(d["hint"], "写成 2024，不要带“年”，也不要加引号", "{d}");
}

/// Usage errors are Chinese from the first line to the last (exit 2); the
/// list of commands is clap's own, complete.
#[test]
fn usage_errors_are_entirely_chinese() {
    let tmp = TempDir::new("usage");
    let help = stdout(&nianbao(tmp.path(), &["--help"]));
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap())
        .filter(|c| *c != "help")
        .collect();
    assert_eq!(commands.len(), 10, "{help}");
    let runs: [(&[&str], &str); 9] = [
        (
            &["chek", "r.toml"],
            "错误：没有「chek」这个命令；您是否想写 check？",
        ),
        (&[], "错误：缺少命令"),
        (&["build"], "错误：缺少必需的参数：报告文件或文件夹（"),
        (
            &["new", "--agnecy", "某局"],
            "错误：没有 --agnecy 这个参数；您是否想写 --agency？",
        ),
        (
            &["new", "--year", "二〇二五", "--agency", "某局"],
            "错误：--year（报告年度） 的值「二〇二五」不对：应为整数",
        ),
        (
            &["check", "--format", "xml", "r.toml"],
            "错误：--format（输出格式） 的值「xml」不对，可选：human、json",
        ),
        (
            &["new", "--agency", "某局", "--from", "a.toml"],
            "错误：--agency（机关名称） 和 --from（由上年报告文件结转） 不能同时使用",
        ),
        (
            &["new"],
            "错误：缺少必需的参数：--agency（机关名称）、--year（报告年度）",
        ),
        (&["import", "a.docx", "b.docx"], "错误：多写了「b.docx」"),
    ];
    for (args, first) in runs {
        let o = nianbao(tmp.path(), args);
        assert_exit(&o, 2);
        let err = stderr(&o);
        assert!(err.starts_with(first), "{args:?}: {err}");
        // No word of clap's English is left; Latin letters only in commands,
        // arguments and values.
        for english in [
            "error", "Usage", "usage", "tip", "For more", "found", "provided", "invalid",
            "COMMAND", "OPTIONS", "FILES", "AGENCY",
        ] {
            assert!(!err.contains(english), "{args:?}: {err}");
        }
        if args.is_empty() || args[0] == "chek" {
            for c in &commands {
                assert!(err.contains(&format!("\n  {c} ")), "{c} missing: {err}");
            }
        }
    }
    // A year written as in a document is told the number, as in a report file.
    let o = nianbao(tmp.path(), &["new", "--agency", "某局", "--year", "2025年"]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o)
            .starts_with("错误：--year（报告年度） 的值「2025年」不对：写成 2025，不要带“年”"),
        "{}",
        stderr(&o)
    );
    // The usage line names its slots in Chinese too.
    let o = nianbao(tmp.path(), &["new"]);
    assert!(
        stderr(&o).contains("\n用法：nianbao new --agency <机关名称> --year <报告年度>\n"),
        "{}",
        stderr(&o)
    );
    // An argument before its command is told where it belongs.
    let o = nianbao(tmp.path(), &["--agency", "某局", "new"]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o)
            .starts_with("错误：--agency 要写在命令后面（它是 new、edit、aggregate 命令的参数）"),
        "{}",
        stderr(&o)
    );
    // --help stays bilingual.
    assert!(
        help.contains("生成报告文件模板 / Write a new report file"),
        "{help}"
    );
    // Help that cannot be written is a failure to run.
    let full = fs::File::create("/dev/full").unwrap();
    let o = Command::new(bin())
        .arg("--help")
        .stdout(full)
        .output()
        .unwrap();
    assert_exit(&o, 2);
}

/// `unfinished` findings of `text` (file name `name`.toml): (line, message).
fn unfinished(name: &str, text: &str) -> Vec<(u64, String)> {
    let tmp = TempDir::new(&format!("unfinished-{name}"));
    let file = format!("{name}.toml");
    fs::write(tmp.path().join(&file), text).unwrap();
    let o = nianbao(tmp.path(), &["check", "--format", "json", &file]);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unfinished")
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d}");
            (
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Each gap of an unfinished report is a warning of its own, at its place.
#[test]
fn an_unfinished_report_is_warned_about_gap_by_gap() {
    assert_eq!(unfinished("base", &base()), []);
    let cases: [(&str, String, u64, &str); 5] = [
        (
            "no-date",
            base().replace("published = 2025-01-20\n", ""),
            5,
            "还没有填写发布日期",
        ),
        (
            "某某县市场监督管理局",
            base(),
            4,
            "机关名称「某某县市场监督管理局」与文件名相同，像是没有填写",
        ),
        (
            "imported",
            base().replace("agency = \"某某县市场监督管理局\"", "agency = \"待填写\""),
            4,
            "机关名称还是占位的「待填写」",
        ),
        (
            "no-closing",
            // Shown at the last line of the file.
            base()[..base().find("[closing]").unwrap()].to_string(),
            92,
            "报告末尾没有落款（机关名称和日期）",
        ),
        ("zeros", zeroed(&base()), 43, "表二、表三、表四的数字全是 0"),
    ];
    for (name, text, line, message) in cases {
        let got = unfinished(name, &text);
        assert_eq!(got, [(line, message.to_string())], "{name}");
    }
    // An untouched template passes with warnings, and fails under --strict.
    let tmp = TempDir::new("unfinished-strict");
    let o = nianbao(
        tmp.path(),
        &[
            "new",
            "--agency",
            "某区教育局",
            "--year",
            "2025",
            "-o",
            "r.toml",
        ],
    );
    assert_exit(&o, 0);
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 0);
    let o = nianbao(tmp.path(), &["check", "--strict", "r.toml"]);
    assert_exit(&o, 1);
    let out = stdout(&o);
    for message in ["还没有填写发布日期", "的数字全是 0", "没有落款"] {
        assert!(out.contains(message), "{out}");
    }
    // The missing 落款 is shown where the template says how to write it.
    let at = out.find("没有落款").unwrap();
    assert!(out[at..].contains("| # [closing]  # 结束语和落款"), "{out}");
}

/// Every figure of the tables set to 0, keeping the file's shape.
fn zeroed(text: &str) -> String {
    let mut in_tables = false;
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with('[') {
            in_tables = line.starts_with("[table");
        }
        match line.split_once(" = ") {
            Some((key, value)) if in_tables => {
                // Each run of digits (and a decimal point) becomes one 0.
                let mut zero = String::new();
                for c in value.chars() {
                    if c.is_ascii_digit() || c == '.' {
                        if !zero.ends_with('0') {
                            zero.push('0');
                        }
                    } else {
                        zero.push(c);
                    }
                }
                out.push_str(&format!("{key} = {zero}\n"));
            }
            _ => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

/// A report file read as TOML, for comparing what `new --from` carried.
fn toml_of(path: &std::path::Path) -> toml::Table {
    fs::read_to_string(path).unwrap().parse().unwrap()
}

/// What next year's file must carry from last year's: 现行有效件数 as the
/// starting stock (marked for checking), contact details and the 落款.
fn assert_carried(last: &toml::Table, next_path: &std::path::Path, from: &str) {
    let next = toml_of(next_path);
    let text = fs::read_to_string(next_path).unwrap();
    for key in ["regulations", "normative_documents"] {
        let Some(before) = last.get("table2").and_then(|t| t.get(key)) else {
            continue;
        };
        let stock = before.as_array().unwrap()[2].as_integer().unwrap();
        let row = next["table2"][key].as_array().unwrap();
        let row: Vec<i64> = row.iter().map(|v| v.as_integer().unwrap()).collect();
        assert_eq!(row, [0, 0, stock], "{from}: {key}");
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap();
        assert!(
            line.contains(&format!("现行有效件数暂按上年的 {stock} 填写，请核对")),
            "{from}: {line}"
        );
    }
    for table in ["contact", "closing"] {
        match last.get(table) {
            Some(before) => {
                let after = next
                    .get(table)
                    .unwrap_or_else(|| panic!("{from}: no [{table}]"));
                for (k, v) in before.as_table().unwrap() {
                    if k != "date" {
                        assert_eq!(after.get(k), Some(v), "{from}: {table}.{k}");
                    }
                }
            }
            None => assert!(next.get(table).is_none(), "{from}: [{table}]"),
        }
    }
}

#[test]
fn new_from_carries_the_stock_contact_and_closing_of_each_example() {
    let tmp = TempDir::new("from-examples");
    for path in complete_examples() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let out = format!("{name}-next.toml");
        let o = nianbao(
            tmp.path(),
            &["new", "--from", path.to_str().unwrap(), "-o", &out],
        );
        assert_exit(&o, 0);
        assert_carried(&toml_of(&path), &tmp.path().join(&out), &name);
        // Against last year, the stock chains (R6) and the carried requests (R5) hold.
        let o = nianbao(
            tmp.path(),
            &[
                "check",
                "--format",
                "json",
                "--previous",
                path.to_str().unwrap(),
                &out,
            ],
        );
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        for d in v["findings"].as_array().unwrap() {
            assert!(d["rule"] != "R6" && d["rule"] != "R5", "{name}: {d}");
        }
    }
}

/// The same through a published copy: the DOCX and the PDF built from an example.
#[test]
fn new_from_a_published_report_carries_them_too() {
    let tmp = TempDir::new("from-published");
    let mut both = fs::read_to_string(root().join("examples/shandong-2023.toml")).unwrap();
    let zhongwei = fs::read_to_string(root().join("examples/zhongwei-2023.toml")).unwrap();
    // 山东 with 中卫's contact block: a 落款 and contact details in one report.
    both.push('\n');
    both.push_str(&zhongwei[zhongwei.find("[contact]").unwrap()..]);
    fs::write(tmp.path().join("both-2023.toml"), &both).unwrap();
    fs::copy(
        root().join("examples/xiamen-2022.toml"),
        tmp.path().join("xiamen-2022.toml"),
    )
    .unwrap();
    for name in ["both-2023", "xiamen-2022"] {
        let toml = format!("{name}.toml");
        let o = nianbao(tmp.path(), &["build", "--docx", "--pdf", &toml]);
        assert_exit(&o, 0);
        for published in ["docx", "pdf"] {
            let from = format!("{name}.{published}");
            let out = format!("{name}-{published}-next.toml");
            let o = nianbao(tmp.path(), &["new", "--from", &from, "-o", &out]);
            assert_exit(&o, 0);
            assert_carried(
                &toml_of(&tmp.path().join(&toml)),
                &tmp.path().join(&out),
                &from,
            );
        }
    }
}

/// `1,700` inside an array is two numbers to TOML (`1,000` even an invalid
/// one): said so, at the figure, with the number to write.
#[test]
fn a_thousands_comma_in_an_array_is_caught() {
    let text = base().replace("granted = [4, 1, 0,", "granted = [4, 1,700,");
    let (code, findings) = check_json("grouped-array", &text);
    assert_eq!(code, 1);
    let d = findings.iter().find(|d| d["line"] == 54).unwrap();
    assert_eq!(d["column"], 15, "{d}");
    assert_eq!(
        d["message"],
        "表三（收到和处理政府信息公开申请情况）「三、本年度办理结果（一）予以公开」中的「1,700」被读成了 1 和 700 两个数"
    );
    assert_eq!(d["hint"], "数字不加千位分隔符：写成 1700");
    let text = base().replace("granted = [4, 1, 0,", "granted = [4, 1,000,000,");
    let (code, findings) = check_json("grouped-array-invalid", &text);
    assert_eq!(code, 2);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let d = &findings[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(54), Some(15)),
        "{d}"
    );
    assert_eq!(
        d["message"],
        "表三（收到和处理政府信息公开申请情况）「三、本年度办理结果（一）予以公开」「商业企业」写成了「1,000,000」，加了千位分隔符"
    );
    assert_eq!(d["hint"], "写成 1000000，不加千位分隔符");
}

/// In an array written over several lines, the figure is still named by its
/// row and column; a narrative line that merely looks like one is not.
#[test]
fn written_figures_in_a_multi_line_array_are_named() {
    let text = base().replace(
        "granted = [4, 1, 0, 0, 0, 0, 5]",
        "granted = [\n  4, 1,\n  0, 0件, 0, 0, 5,\n]",
    );
    let (code, findings) = check_json("written-multiline", &text);
    assert_eq!(code, 2);
    let d = &findings[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(56), Some(6)),
        "{d}"
    );
    assert_eq!(
        d["message"],
        "表三（收到和处理政府信息公开申请情况）「三、本年度办理结果（一）予以公开」「社会公益组织」写成了「0件」，数字后面带了单位“件”"
    );
    let text = base().replace("本年度未收取信息处理费。", "共收到,12件\\q");
    let (code, findings) = check_json("written-in-text", &text);
    assert_eq!(code, 2);
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("文件不是有效的 TOML"),
        "{findings:?}"
    );
}

/// A 街道 stays a 街道 next year, whatever its name says (R11 depends on it).
#[test]
fn new_from_keeps_a_township() {
    let tmp = TempDir::new("from-township");
    let last = fs::read_to_string(root().join("tests/fixtures/valid/v2019.toml"))
        .unwrap()
        .replace("某某街道办事处", "某某社区管理委员会")
        .replace("[report]\n", "[report]\ntownship = true\n");
    fs::write(tmp.path().join("last.toml"), last).unwrap();
    let o = nianbao(
        tmp.path(),
        &["new", "--from", "last.toml", "-o", "next.toml"],
    );
    assert_exit(&o, 0);
    let next = toml_of(&tmp.path().join("next.toml"));
    assert_eq!(next["report"]["township"].as_bool(), Some(true));
    let o = nianbao(
        tmp.path(),
        &[
            "new",
            "--from",
            &root()
                .join("tests/fixtures/valid/base.toml")
                .to_string_lossy(),
            "-o",
            "other.toml",
        ],
    );
    assert_exit(&o, 0);
    assert!(
        toml_of(&tmp.path().join("other.toml"))["report"]
            .get("township")
            .is_none()
    );
}
