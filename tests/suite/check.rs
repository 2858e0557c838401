//! `nianbao check` and `nianbao new`, end to end on the real binary.

use crate::common::*;
use std::fs;

/// Every invalid fixture gets exactly its pinned diagnostics (tests/fixtures/invalid/*.expected;
/// NIANBAO_BLESS=1 rewrites them after a deliberate change — review the diff).
#[test]
fn invalid_fixtures_get_their_pinned_messages() {
    let dir = root().join("tests/fixtures");
    let mut names: Vec<String> = fs::read_dir(dir.join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "only {} invalid fixtures", names.len());
    let bless = std::env::var_os("NIANBAO_BLESS").is_some();
    let mut failures = Vec::new();
    for name in &names {
        let file = format!("invalid/{name}");
        let o = nianbao(&dir, &["check", &file]);
        let code = o.status.code().expect("exit code");
        assert!(!stderr(&o).contains("panicked"), "{name} panicked");
        assert!(
            code == 1 || code == 2,
            "{name}: exit {code}, expected 1 or 2"
        );
        let actual = format!("{}exit={code}\n", stdout(&o));
        let expected_path = dir.join("invalid").join(name.replace(".toml", ".expected"));
        if bless {
            fs::write(&expected_path, &actual).unwrap();
        } else {
            let expected = fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != actual {
                failures.push(format!(
                    "--- {name}\nexpected:\n{expected}\nactual:\n{actual}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn base_fixture_is_clean() {
    let o = nianbao(
        &root().join("tests/fixtures/valid"),
        &["check", "base.toml"],
    );
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("0 个错误，0 个警告"), "{}", stdout(&o));
}

#[test]
fn complete_examples_pass_with_no_errors() {
    let examples = complete_examples();
    assert_eq!(examples.len(), 4, "{examples:?}");
    for path in examples {
        let o = nianbao(&root(), &["check", path.to_str().unwrap()]);
        assert_exit(&o, 0);
        assert!(stdout(&o).contains("通过，0 个错误"), "{}", stdout(&o));
    }
}

#[test]
fn wenzhou_lists_exactly_the_missing_tables() {
    let o = nianbao(
        &root(),
        &["check", "--format", "json", "examples/wenzhou-2024.toml"],
    );
    assert_exit(&o, 1);
    let findings: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let errors: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    let rules: Vec<&str> = errors.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["missing-table"; 3]);
    for (d, table) in errors.iter().zip(["表二", "表三", "表四"]) {
        assert!(d["message"].as_str().unwrap().contains(table), "{d}");
    }
}

#[test]
fn json_findings_carry_their_place() {
    let dir = root().join("tests/fixtures");
    let o = nianbao(
        &dir,
        &["check", "--format", "json", "invalid/r4-suit-total.toml"],
    );
    assert_exit(&o, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d = &v[0];
    assert_eq!(d["rule"], "R4");
    assert_eq!(d["line"], 80);
    assert_eq!(d["column"], 28);
    assert_eq!(d["file"], "invalid/r4-suit-total.toml");
}

#[test]
fn strict_turns_warnings_into_errors() {
    let tmp = TempDir::new("strict");
    let base = fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap();
    let warned = base.replace("本年度未收取信息处理费。", "无其他事项。");
    fs::write(tmp.path().join("w.toml"), warned).unwrap();
    assert_exit(&nianbao(tmp.path(), &["check", "w.toml"]), 0);
    let o = nianbao(tmp.path(), &["check", "--strict", "w.toml"]);
    assert_exit(&o, 1);
    assert!(stdout(&o).contains("警告[C6]"), "{}", stdout(&o));
}

#[test]
fn narrative_figures_are_compared_with_the_tables() {
    let tmp = TempDir::new("r7");
    let base = fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap();
    let text = base.replace("{table3.new_requests}件", "14件");
    fs::write(tmp.path().join("r7.toml"), text).unwrap();
    let o = nianbao(tmp.path(), &["check", "r7.toml"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("警告[R7]"), "{out}");
    assert!(out.contains("（正文 14），但表三"), "{out}");
    assert!(out.contains("是 13"), "{out}");
}

#[test]
fn non_utf8_file_is_refused_with_its_place() {
    let tmp = TempDir::new("gbk");
    // 「机关」 in GBK.
    let mut bytes = b"[report]\nagency = \"".to_vec();
    bytes.extend([0xBB, 0xFA, 0xB9, 0xD8]);
    bytes.extend(b"\"\n");
    fs::write(tmp.path().join("gbk.toml"), bytes).unwrap();
    let o = nianbao(tmp.path(), &["check", "gbk.toml"]);
    assert_exit(&o, 2);
    let out = stdout(&o);
    assert!(out.contains("错误[encoding]: 文件不是 UTF-8 编码"), "{out}");
    assert!(out.contains("gbk.toml:2:11"), "{out}");
    assert!(out.contains("另存为"), "{out}");
}

#[test]
fn very_large_file_is_refused_without_reading_it() {
    let tmp = TempDir::new("large");
    let big = "# 注释\n".repeat(1_000_000);
    fs::write(tmp.path().join("big.toml"), big).unwrap();
    let o = nianbao(tmp.path(), &["check", "big.toml"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("太大"), "{}", stderr(&o));
}

#[test]
fn missing_file_cannot_run() {
    let tmp = TempDir::new("nofile");
    let o = nianbao(tmp.path(), &["check", "nope.toml"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("文件不存在"), "{}", stderr(&o));
}

#[test]
fn new_writes_a_file_that_check_accepts() {
    let tmp = TempDir::new("new");
    let o = nianbao(
        tmp.path(),
        &[
            "new",
            "--agency",
            "某某区教育局",
            "--year",
            "2025",
            "-o",
            "r.toml",
        ],
    );
    assert_exit(&o, 0);
    let o = nianbao(tmp.path(), &["check", "--format", "json", "r.toml"]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let findings = v.as_array().unwrap();
    assert!(!findings.is_empty());
    // Only what is left to fill in: empty sections, and the template's gaps
    // (no 发布日期, every figure 0, no 落款).
    for d in findings {
        assert_eq!(d["severity"], "warning", "{d}");
        assert!(d["rule"] == "empty" || d["rule"] == "unfinished", "{d}");
    }
    let unfinished = findings
        .iter()
        .filter(|d| d["rule"] == "unfinished")
        .count();
    assert_eq!(unfinished, 3, "{findings:?}");
    let text = fs::read_to_string(tmp.path().join("r.toml")).unwrap();
    for label in [
        "一、本年新收政府信息公开申请数量",
        "行政事业性收费",
        "复议后起诉",
        "机关名称",
    ] {
        assert!(text.contains(label), "template lacks {label}");
    }
}

#[test]
fn new_never_overwrites_without_force() {
    let tmp = TempDir::new("noclobber");
    fs::write(tmp.path().join("r.toml"), "keep me").unwrap();
    let o = nianbao(
        tmp.path(),
        &["new", "--agency", "某局", "--year", "2025", "-o", "r.toml"],
    );
    assert_exit(&o, 2);
    assert_eq!(
        fs::read_to_string(tmp.path().join("r.toml")).unwrap(),
        "keep me"
    );
    let o = nianbao(
        tmp.path(),
        &[
            "new", "--agency", "某局", "--year", "2025", "-o", "r.toml", "--force",
        ],
    );
    assert_exit(&o, 0);
    assert!(
        fs::read_to_string(tmp.path().join("r.toml"))
            .unwrap()
            .contains("[table3]")
    );
}

#[test]
fn new_refuses_years_out_of_range() {
    let tmp = TempDir::new("newyear");
    let o = nianbao(tmp.path(), &["new", "--agency", "某局", "--year", "2017"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("不在支持的范围内"));
}

#[test]
fn new_from_rolls_last_year_forward() {
    let tmp = TempDir::new("from");
    let last = root().join("tests/fixtures/valid/base.toml");
    let o = nianbao(
        tmp.path(),
        &["new", "--from", last.to_str().unwrap(), "-o", "next.toml"],
    );
    assert_exit(&o, 0);
    let text = fs::read_to_string(tmp.path().join("next.toml")).unwrap();
    assert!(text.contains("year = 2025"), "{text}");
    // This year's 上年结转 is last year's 结转下年度继续办理 ([1, 0, 0, 0, 0, 0, 1]).
    assert!(
        text.contains("carried_over = [1, 0, 0, 0, 0, 0, 1]"),
        "{text}"
    );
    assert!(
        text.contains("new_requests = [0, 0, 0, 0, 0, 0, 0]"),
        "{text}"
    );
    assert!(text.contains("【待改写】"), "{text}");
    // The rolled file balances except for the carried-over request, which must be
    // handled this year: R1 says so; narrative drafts are warned about.
    let o = nianbao(tmp.path(), &["check", "next.toml"]);
    let out = stdout(&o);
    assert!(out.contains("警告[draft]"), "{out}");
    // And checked against last year, R5 holds.
    let o = nianbao(
        tmp.path(),
        &["check", "--previous", last.to_str().unwrap(), "next.toml"],
    );
    // The check ran to the end (R1 about the carried-over request), and R5 held.
    assert_exit(&o, 1);
    assert!(stdout(&o).contains("[R1]"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("[R5]"), "{}", stdout(&o));
}

#[test]
fn previous_year_mismatch_is_r5() {
    let tmp = TempDir::new("r5");
    let base = fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap();
    let last = base.replace("year = 2024", "year = 2023").replace(
        "carry_forward = [1, 0, 0, 0, 0, 0, 1]",
        "carry_forward = [0, 0, 0, 0, 0, 0, 0]",
    );
    // Keep last year's own R1 balanced: one request fewer carried in.
    let last = last
        .replace(
            "carried_over = [1, 0, 0, 0, 0, 0, 1]",
            "carried_over = [0, 0, 0, 0, 0, 0, 0]",
        )
        .replace("published = 2025-01-20", "published = 2024-01-20");
    fs::write(tmp.path().join("last.toml"), last).unwrap();
    fs::write(tmp.path().join("this.toml"), &base).unwrap();
    let o = nianbao(
        tmp.path(),
        &["check", "--previous", "last.toml", "this.toml"],
    );
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("警告[R5]"), "{out}");
    assert!(
        out.contains("「自然人」是 1，但上年报告的「四、结转下年度继续办理」是 0"),
        "{out}"
    );
}

#[test]
fn build_refuses_a_report_with_errors_and_writes_nothing() {
    let tmp = TempDir::new("buildfail");
    let bad = root().join("tests/fixtures/invalid/r1-carry-forward.toml");
    fs::copy(&bad, tmp.path().join("bad.toml")).unwrap();
    let o = nianbao(tmp.path(), &["build", "bad.toml"]);
    assert_exit(&o, 1);
    let files: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "only the input remains");
    assert!(stderr(&o).contains("未生成任何文件"));
}

#[test]
fn report_in_the_2019_format_is_recognised_and_checked() {
    let dir = root().join("tests/fixtures/valid");
    let o = nianbao(&dir, &["check", "v2019.toml"]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("0 个错误"), "{}", stdout(&o));
    // A 2021-format key in a 2020 report is unknown there.
    let tmp = TempDir::new("v2019");
    let text = std::fs::read_to_string(dir.join("v2019.toml")).unwrap();
    let text = text.replace(
        "other = [0, 0, 0, 0, 0, 0]",
        "other_other = [0, 0, 0, 0, 0, 0]",
    );
    std::fs::write(tmp.path().join("r.toml"), text).unwrap();
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 1);
    assert!(
        stdout(&o).contains("「other_other」这个键"),
        "{}",
        stdout(&o)
    );
}
