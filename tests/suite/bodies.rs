//! The report file's `body` key: the kind of body overrides the guess from the
//! agency name for the deadline (R10) and 条例第五十条第四项 (C7).

use std::fs;

use crate::common::*;

/// The base report as `agency`, published on `published`, with `keys` added to `[report]`.
fn report(dir: &std::path::Path, agency: &str, published: &str, keys: &str) {
    let base = fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap();
    let text = base
        .replace(
            "agency = \"某某县市场监督管理局\"",
            &format!("agency = \"{agency}\""),
        )
        .replace(
            "published = 2025-01-20",
            &format!("published = {published}\n{keys}"),
        );
    fs::write(dir.join("r.toml"), text).unwrap();
}

/// The rules of the findings, in order.
fn rules(dir: &std::path::Path) -> Vec<String> {
    let o = nianbao(dir, &["check", "--format", "json", "r.toml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_key_overrides_the_name_for_deadline_and_c7() {
    let tmp = TempDir::new("bodies-key");
    // A 区政府 whose name does not end with 人民政府, published in March.
    report(tmp.path(), "某某区政府", "2025-03-10", "");
    assert_eq!(
        rules(tmp.path()),
        ["R10"],
        "judged a department: due 1月31日"
    );
    report(
        tmp.path(),
        "某某区政府",
        "2025-03-10",
        "body = \"县级以上人民政府\"",
    );
    assert_eq!(
        rules(tmp.path()),
        ["C7"],
        "due 3月31日; asked for 考核、评议、追责"
    );

    // A 人民政府 in name that reports as a department.
    report(tmp.path(), "某某县人民政府", "2025-03-10", "");
    assert_eq!(rules(tmp.path()), ["C7"]);
    report(
        tmp.path(),
        "某某县人民政府",
        "2025-03-10",
        "body = \"部门\"",
    );
    assert_eq!(rules(tmp.path()), ["R10"]);
    // A 乡镇人民政府: 1月31日 and C7.
    report(
        tmp.path(),
        "某某县人民政府",
        "2025-03-10",
        "body = \"乡镇人民政府\"",
    );
    let mut found = rules(tmp.path());
    found.sort();
    assert_eq!(found, ["C7", "R10"].map(String::from).to_vec());
}

#[test]
fn a_wrong_kind_is_an_error_at_its_place() {
    let tmp = TempDir::new("bodies-wrong");
    report(
        tmp.path(),
        "某某县人民政府",
        "2025-01-20",
        "body = \"县级人民政府\"",
    );
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 1);
    let out = stdout(&o);
    assert!(
        out.contains("错误[type]: 机关类别 body 不是可用的机关类别：「县级人民政府」"),
        "{out}"
    );
    assert!(out.contains("r.toml:7:8"), "{out}");
    assert!(
        out.contains("可用的值：县级以上人民政府、乡镇人民政府、街道办事处、部门"),
        "{out}"
    );

    report(
        tmp.path(),
        "某某县人民政府",
        "2025-01-20",
        "township = true\nbody = \"县级以上人民政府\"",
    );
    let o = nianbao(tmp.path(), &["check", "r.toml"]);
    assert_exit(&o, 1);
    assert!(stdout(&o).contains("township = true 与 body = \"县级以上人民政府\" 相矛盾"));
}

#[test]
fn new_from_carries_a_kind_the_name_does_not_tell() {
    let tmp = TempDir::new("bodies-new-from");
    report(
        tmp.path(),
        "某某区政府",
        "2025-01-20",
        "body = \"县级以上人民政府\"",
    );
    let o = nianbao(tmp.path(), &["new", "--from", "r.toml", "-o", "next.toml"]);
    assert_exit(&o, 0);
    let next = fs::read_to_string(tmp.path().join("next.toml")).unwrap();
    assert!(next.contains("\nbody = \"县级以上人民政府\""), "{next}");
    // Told by the name: not written, only offered.
    report(tmp.path(), "某某县人民政府", "2025-01-20", "");
    let o = nianbao(
        tmp.path(),
        &["new", "--from", "r.toml", "-o", "next.toml", "--force"],
    );
    assert_exit(&o, 0);
    let next = fs::read_to_string(tmp.path().join("next.toml")).unwrap();
    assert!(next.contains("\n# body = \"…\""), "{next}");
}
