//! `check` and `build` on many files and folders: every file reported, worst
//! first, one bad file never stopping the others, outputs kept apart.

use std::fs;

use crate::common::*;

fn base() -> String {
    fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap()
}

/// A folder with a clean report, one with a warning, one with errors, one that is
/// no report at all, and a file that is not a report file (ignored).
fn mixed_folder(tmp: &TempDir) {
    let dir = tmp.path().join("各单位/乡镇");
    fs::create_dir_all(&dir).unwrap();
    fs::write(tmp.path().join("各单位/clean.toml"), base()).unwrap();
    let warned = base().replace("本年度未收取信息处理费。", "无其他事项。");
    fs::write(dir.join("warned.toml"), warned).unwrap();
    let broken = base().replace("new_requests = [", "new_requests = [1");
    fs::write(dir.join("broken.toml"), broken).unwrap();
    fs::write(dir.join("notes.toml"), "这不是 TOML =").unwrap();
    fs::write(dir.join("说明.txt"), "不是报告").unwrap();
}

#[test]
fn a_folder_is_checked_file_by_file_with_a_summary_worst_first() {
    let tmp = TempDir::new("batch-check");
    mixed_folder(&tmp);
    let o = nianbao(tmp.path(), &["check", "各单位"]);
    assert_exit(&o, 2);
    let out = stdout(&o);
    for name in [
        "clean.toml：通过",
        "warned.toml：通过",
        "broken.toml：未通过",
    ] {
        assert!(out.contains(name), "{name}: {out}");
    }
    assert!(!out.contains("说明.txt"), "only report files: {out}");
    let summary: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("文件")).collect();
    assert_eq!(summary.len(), 6, "{out}");
    assert!(summary[1].contains("notes.toml") && summary[1].contains("无法处理"));
    assert!(summary[2].contains("broken.toml") && summary[2].contains("有错误"));
    assert!(summary[3].contains("warned.toml") && summary[3].contains("有警告"));
    assert!(summary[4].contains("clean.toml") && summary[4].contains("通过"));
    assert!(summary[5].starts_with("共 4 个文件：通过 1，有警告 1，有错误 1，无法处理 1"));
    assert!(stderr(&o).is_empty() || !stderr(&o).contains("panicked"));
}

#[test]
fn json_gives_every_file_with_its_findings_and_totals() {
    let tmp = TempDir::new("batch-json");
    mixed_folder(&tmp);
    let o = nianbao(tmp.path(), &["check", "--format", "json", "各单位"]);
    assert_exit(&o, 2);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    let broken = files
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("broken.toml"))
        .unwrap();
    assert_eq!(broken["status"], "errors");
    assert!(
        broken["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["severity"] == "error")
    );
    assert_eq!(v["totals"]["files"], 4);
    assert_eq!(v["totals"]["with_errors"], 1);
}

#[test]
fn empty_folder_and_missing_file_are_named_and_the_rest_still_checked() {
    let tmp = TempDir::new("batch-empty");
    fs::create_dir_all(tmp.path().join("空")).unwrap();
    fs::write(tmp.path().join("r.toml"), base()).unwrap();
    let o = nianbao(tmp.path(), &["check", "空", "r.toml", "无此文件.toml"]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("文件夹 空 中没有报告文件（.toml、.docx、.pdf、.html"),
        "{err}"
    );
    assert!(err.contains("无此文件.toml"), "{err}");
    assert!(stdout(&o).contains("r.toml：通过"));
}

#[test]
fn strict_says_warnings_count_as_errors() {
    let tmp = TempDir::new("batch-strict");
    let warned = base().replace("本年度未收取信息处理费。", "无其他事项。");
    fs::write(tmp.path().join("w.toml"), warned).unwrap();
    let o = nianbao(tmp.path(), &["check", "--strict", "w.toml"]);
    assert_exit(&o, 1);
    assert!(
        stdout(&o).contains("未通过，0 个错误，1 个警告（--strict：警告按错误处理）"),
        "{}",
        stdout(&o)
    );
    let o = nianbao(tmp.path(), &["build", "--strict", "--html", "w.toml"]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("0 个错误，1 个警告（--strict：警告按错误处理），未生成任何文件"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("w.html").exists());
}

#[test]
fn build_keeps_same_named_files_apart_and_goes_on_after_a_bad_one() {
    let tmp = TempDir::new("batch-build");
    for dir in ["甲", "乙"] {
        fs::create_dir_all(tmp.path().join(dir)).unwrap();
        let text = base().replace("某某县市场监督管理局", &format!("某某县{dir}局"));
        fs::write(tmp.path().join(dir).join("报告.toml"), text).unwrap();
    }
    let broken = base().replace("new_requests = [", "new_requests = [1");
    fs::write(tmp.path().join("甲/坏.toml"), broken).unwrap();
    let o = nianbao(
        tmp.path(),
        &[
            "build",
            "--html",
            "甲/报告.toml",
            "乙/报告.toml",
            "甲/坏.toml",
            "-o",
            "out",
        ],
    );
    assert_exit(&o, 1);
    let a = fs::read_to_string(tmp.path().join("out/甲/报告.html")).unwrap();
    let b = fs::read_to_string(tmp.path().join("out/乙/报告.html")).unwrap();
    assert!(a.contains("某某县甲局") && b.contains("某某县乙局"));
    assert!(!tmp.path().join("out/坏.html").exists());
    assert!(stderr(&o).contains("坏.toml：报告有错误"), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("共 3 个文件：通过 2，有警告 0，有错误 1"),
        "{out}"
    );
    assert!(out.contains("生成 2 个文件"), "{out}");

    // A folder: outputs mirror its sub-folders.
    let o = nianbao(tmp.path(), &["build", "--html", "乙", "-o", "out2"]);
    assert_exit(&o, 0);
    assert!(tmp.path().join("out2/报告.html").exists());
}

#[test]
fn folders_yield_published_reports_but_not_the_outputs_beside_a_report_file() {
    let tmp = TempDir::new("batch-published");
    let own = tmp.path().join("甲");
    let received = tmp.path().join("乙");
    fs::create_dir_all(&own).unwrap();
    fs::write(own.join("r.toml"), base()).unwrap();
    // The outputs of `build` beside r.toml are that report, not three more units.
    assert_exit(&nianbao(&own, &["build", "r.toml"]), 0);
    // A published report received from a unit is one (rendered here by nianbao itself).
    fs::create_dir_all(&received).unwrap();
    let example = root().join("examples/shandong-2023.toml");
    let o = nianbao(
        tmp.path(),
        &["build", "--docx", example.to_str().unwrap(), "-o", "乙"],
    );
    assert_exit(&o, 0);
    let o = nianbao(tmp.path(), &["check", "甲", "乙"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("共 2 个文件"), "{out}");
    assert!(out.contains("shandong-2023.docx"), "{out}");
    assert!(!out.contains("r.pdf") && !out.contains("r.docx"), "{out}");
}

#[test]
fn the_library_builds_and_refuses_as_the_command_does() {
    use nianbao::batch::{Input, Status};
    use nianbao::build::{BuildError, BuildRequest, build_report};
    use nianbao::render::Output;
    let tmp = TempDir::new("library-build");
    let good = root().join("tests/fixtures/valid/base.toml");
    let request = BuildRequest {
        outputs: vec![Output::Html, Output::Docx],
        out_dir: Some(tmp.path().to_path_buf()),
        ..BuildRequest::default()
    };
    let input = |path: &std::path::Path| Input {
        path: path.to_path_buf(),
        rel: path.file_name().unwrap().into(),
    };
    let built = build_report(&input(&good), &request);
    let files = built.result.as_ref().unwrap();
    assert_eq!(
        files,
        &[tmp.path().join("base.html"), tmp.path().join("base.docx")]
    );
    assert!(files.iter().all(|f| f.exists()));
    assert_eq!(built.status(false), Status::Passed);

    // A report with errors: its findings come back and nothing is written.
    let bad = tmp.path().join("bad.toml");
    fs::write(
        &bad,
        fs::read_to_string(&good)
            .unwrap()
            .replacen("new_requests = [", "new_requests = [1", 1),
    )
    .unwrap();
    let built = build_report(&input(&bad), &request);
    assert!(matches!(built.result, Err(BuildError::Refused)));
    assert!(built.loaded.unwrap().counts().0 > 0);
    assert!(!tmp.path().join("bad.html").exists());

    // A file that cannot be read at all.
    let built = build_report(&input(&tmp.path().join("missing.toml")), &request);
    assert!(built.loaded.is_none());
    assert!(matches!(built.result, Err(BuildError::Unreadable(_))));
}
