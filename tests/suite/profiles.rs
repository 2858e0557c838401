//! Regional profiles: `check --profile 甘肃武威`, the report file's `profile`
//! key, and an office's own profile file.

use std::fs;
use std::path::Path;

use crate::common::*;

/// The base report moved to 2025 (the year 武政办发〔2025〕54号 is for), with
/// `keys` added to `[report]` and `edit` applied to the rest.
fn report(dir: &Path, keys: &str, edit: impl Fn(String) -> String) {
    let base = fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap();
    let text = base
        .replace("year = 2024", "year = 2025")
        .replace(
            "published = 2025-01-20",
            &format!("published = 2026-01-20\n{keys}"),
        )
        .replace("2024年", "2025年");
    fs::write(dir.join("r.toml"), edit(text)).unwrap();
}

/// (message, line) of every profile finding.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, u64)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    all.push("r.toml");
    let o = nianbao(dir, &all);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "profile")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// What the notice asks of 一、总体情况, written in.
fn complete(text: String) -> String {
    text.replace(
        "全年主动公开政府信息312条，其中行政处罚决定{table2.punishment}件。",
        "全年主动公开政府信息312条，其中政府网站发布120条，政务新媒体发布180条，公示栏张贴12条；发布政策解读8篇，回应关切5次；教育、医疗等重点领域发布信息46条。",
    )
    .replace(
        "严格落实公开属性源头认定和保密审查制度。",
        "本年度发布行政规范性文件{table2.normative_documents.issued}件，废止1件，现行有效9件。",
    )
    .replace(
        "持续优化政府网站信息公开专栏。",
        "设立政府信息公开平台2个，开设政务公开专区1处；本局不编发政府公报，发刊0期，不涉及数字公报建设。",
    )
}

#[test]
fn the_wuwei_profile_asks_what_its_notice_asks() {
    let tmp = TempDir::new("profile-wuwei");
    report(tmp.path(), "", |t| t);
    // Not chosen: nothing asked.
    assert_eq!(findings(tmp.path(), &[]), vec![]);
    let found = findings(tmp.path(), &["--profile", "甘肃武威"]);
    let lines: Vec<u64> = found.iter().map(|(_, l)| *l).collect();
    assert_eq!(lines, vec![15, 27, 33], "at each part's heading: {found:?}");
    assert!(
        found[0]
            .0
            .contains("政府网站发布信息数量；政务新媒体发布信息数量"),
        "{found:?}"
    );
    assert!(found[2].0.contains("数字公报建设情况"), "{found:?}");

    // Written in: nothing left.
    report(tmp.path(), "", complete);
    assert_eq!(findings(tmp.path(), &["--profile", "甘肃武威"]), vec![]);

    // Over a thousand characters in 总体情况.
    report(tmp.path(), "", |t| {
        complete(t).replace(
            "全面推进政务公开工作。",
            &"全面推进政务公开工作。".repeat(100),
        )
    });
    let found = findings(tmp.path(), &["--profile", "甘肃武威"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].0.contains("甘肃武威要求不超过 1000 字"),
        "{found:?}"
    );

    // The hint cites the notice and where it is published.
    let o = nianbao(tmp.path(), &["check", "--profile", "甘肃武威", "r.toml"]);
    let out = stdout(&o);
    assert!(out.contains("武政办发〔2025〕54号"), "{out}");
    assert!(out.contains("https://www.gswuwei.gov.cn/art/2025/12/19/art_76_1558865.html"));
}

#[test]
fn the_report_file_chooses_its_profile() {
    let tmp = TempDir::new("profile-key");
    report(tmp.path(), "profile = \"甘肃武威\"", |t| t);
    assert_eq!(findings(tmp.path(), &[]).len(), 3);
    // A report of another year than the notice's: said, not checked.
    report(tmp.path(), "profile = \"甘肃武威\"", |t| {
        t.replace("year = 2025", "year = 2024")
            .replace("published = 2026-01-20", "published = 2025-01-20")
    });
    let found = findings(tmp.path(), &[]);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .0
            .contains("是对 2025 年度报告的要求，本报告是 2024 年度的")
    );
}

#[test]
fn an_office_writes_its_own_profile() {
    let tmp = TempDir::new("profile-own");
    fs::write(
        tmp.path().join("本市.toml"),
        r#"name = "本市"
notice = "某某市关于做好年报工作的通知（测试）"
url = "https://example.invalid/notice"

[[limit]]
section = "problems"
max_chars = 10
quote = "存在的主要问题不超过十字"

[[require]]
section = "overview"
topic = "监督保障"
quote = "监督保障应写明培训次数和考核"
counts = [{ what = "培训次数", words = ["培训"] }]
mentions = [{ what = "考核结果", words = ["考核结果"] }]
"#,
    )
    .unwrap();
    report(tmp.path(), "profile = \"本市.toml\"", |t| t);
    let found = findings(tmp.path(), &[]);
    let messages: Vec<&str> = found.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("「五、存在的主要问题及改进情况」有"))
    );
    assert!(
        messages.iter().any(|m| m.ends_with("写明：考核结果")),
        "培训 has its count"
    );
    // The same from the command line.
    report(tmp.path(), "", |t| t);
    assert_eq!(findings(tmp.path(), &["--profile", "本市.toml"]).len(), 2);

    // A profile that is not there, or not right.
    let o = nianbao(tmp.path(), &["check", "--profile", "外省", "r.toml"]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("没有名为「外省」的地区要求"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("内置的有：甘肃武威"));
    fs::write(tmp.path().join("坏.toml"), "name = \"坏\"\n").unwrap();
    report(tmp.path(), "profile = \"坏.toml\"", |t| t);
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 1);
    let out = stdout(&o);
    assert!(out.contains("错误[profile]: 地区要求文件"), "{out}");
    assert!(out.contains("r.toml:7:11"), "at the key: {out}");
}
