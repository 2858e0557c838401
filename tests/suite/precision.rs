//! False alarms and missed findings met on real reports, each with its sentence.

use std::fs;
use std::path::Path;

use crate::common::*;

fn base() -> String {
    fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap()
}

/// The rules of every finding of `check --format json FILE` in `dir`.
fn rules(dir: &Path, file: &str) -> Vec<(String, String)> {
    let o = nianbao(dir, &["check", "--format", "json", file]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The base report with `sentence` added to section 一's 依申请公开 part.
fn with_sentence(dir: &Path, sentence: &str) {
    let text = base().replace(
        "全年共收到政府信息公开申请{table3.new_requests}件，均在法定期限内答复。",
        &format!(
            "全年共收到政府信息公开申请{{table3.new_requests}}件，均在法定期限内答复。{sentence}"
        ),
    );
    fs::write(dir.join("r.toml"), text).unwrap();
}

#[test]
fn idioms_with_a_numeral_state_no_figure() {
    let tmp = TempDir::new("precision-idioms");
    for idiom in [
        "坚持高质高效办理好每一件依申请公开申请。",
        "依法依规答复每一件申请，做到件件有回音。",
        "把群众的申请一件件办好，集中公开一批政策文件，一次性告知需补正的内容。",
    ] {
        with_sentence(tmp.path(), idiom);
        let found = rules(tmp.path(), "r.toml");
        assert!(
            !found
                .iter()
                .any(|(r, _)| r == "R7" || r == "breakdown" || r == "claim"),
            "{idiom}: {found:?}"
        );
    }
}

#[test]
fn outcomes_listed_after_the_requests_answered_are_summed() {
    let tmp = TempDir::new("precision-listed");
    // 13 answered; the outcomes listed add up to 11.
    with_sentence(
        tmp.path(),
        "全年共答复申请13件，经审查，予以公开5件，不予公开2件，无法提供4件。",
    );
    let found = rules(tmp.path(), "r.toml");
    let b: Vec<&String> = found
        .iter()
        .filter(|(r, _)| r == "breakdown")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(b.len(), 1, "{found:?}");
    assert!(b[0].contains("相加是 11，少于“13”"), "{b:?}");
    // Listed in a 其中 sentence after the whole's own, and complete: nothing.
    with_sentence(
        tmp.path(),
        "全年办结申请13件。其中予以公开5件，部分公开1件，不予公开2件，无法提供4件，不予处理1件。",
    );
    let found = rules(tmp.path(), "r.toml");
    assert!(!found.iter().any(|(r, _)| r == "breakdown"), "{found:?}");
    // The same 其中 sentence with a part left out.
    with_sentence(
        tmp.path(),
        "全年办结申请13件。其中予以公开5件，部分公开1件，不予公开2件，无法提供4件。",
    );
    let found = rules(tmp.path(), "r.toml");
    assert_eq!(
        found.iter().filter(|(r, _)| r == "breakdown").count(),
        1,
        "{found:?}"
    );
    // New requests are not what the outcomes add up to (last year's carry over): nothing.
    with_sentence(
        tmp.path(),
        "收到申请13件，予以公开5件，不予公开2件，无法提供4件。",
    );
    let found = rules(tmp.path(), "r.toml");
    assert!(!found.iter().any(|(r, _)| r == "breakdown"), "{found:?}");
}

#[test]
fn a_subsection_on_last_years_problems_answers_c5() {
    let tmp = TempDir::new("precision-c5");
    let text = base().replace(
        "存在的问题：政策解读形式较为单一。上年度报告所列“公开时效不够及时”的问题已整改到位。\n改进措施：丰富图解、视频等解读形式。",
        "（一）2023年工作中存在问题的改进情况\n针对公开时效不够及时的问题，建立了发布前审核台账。\n（二）存在的主要问题\n政策解读形式较为单一。\n（三）改进措施\n丰富图解、视频等解读形式。",
    );
    fs::write(tmp.path().join("r.toml"), &text).unwrap();
    let found = rules(tmp.path(), "r.toml");
    assert!(!found.iter().any(|(r, _)| r == "C5"), "{found:?}");
    // Without it, C5 still asks.
    let without = text.replace("（一）2023年工作中存在问题的改进情况\n针对公开时效不够及时的问题，建立了发布前审核台账。\n", "");
    fs::write(tmp.path().join("r.toml"), without).unwrap();
    let found = rules(tmp.path(), "r.toml");
    assert!(found.iter().any(|(r, _)| r == "C5"), "{found:?}");
}

#[test]
fn the_aggregate_reports_unit_appendix_is_not_compared_with_the_whole() {
    let tmp = TempDir::new("precision-appendix");
    let units = tmp.path().join("units");
    fs::create_dir(&units).unwrap();
    for unit in ["甲县教育局", "甲县民政局", "甲县财政局"] {
        let text = base().replacen("agency = \"", &format!("agency = \"{unit}\"\n# was: \""), 1);
        fs::write(units.join(format!("{unit}.toml")), text).unwrap();
    }
    let o = nianbao(
        tmp.path(),
        &[
            "aggregate",
            "-q",
            "--agency",
            "甲县人民政府办公室",
            "--year",
            "2024",
            "-o",
            "out",
            "units",
        ],
    );
    assert_exit(&o, 0);
    let report = "out/甲县人民政府办公室2024年报.toml";
    let text = fs::read_to_string(tmp.path().join(report)).unwrap();
    assert!(
        text.contains("- 甲县教育局：本年新收政府信息公开申请数量13件"),
        "{text}"
    );
    let found = rules(tmp.path(), report);
    assert!(!found.iter().any(|(r, _)| r == "R7"), "{found:?}");
    // The 合计 line is the whole's: a wrong one is still found.
    let wrong = text.replace(
        "合计：本年新收政府信息公开申请数量39件",
        "合计：本年新收政府信息公开申请数量40件",
    );
    assert_ne!(wrong, text);
    fs::write(tmp.path().join(report), wrong).unwrap();
    let found = rules(tmp.path(), report);
    assert_eq!(
        found.iter().filter(|(r, _)| r == "R7").count(),
        1,
        "{found:?}"
    );
}

#[test]
fn a_published_reports_import_notes_are_summarised_and_blank_cells_found() {
    let odd = root().join("tests/fixtures/import/variants/odd-cells.txt");
    let odd = odd.to_str().unwrap();
    let blocks = |args: &[&str]| -> Vec<String> {
        let o = nianbao(&root(), args);
        assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
        stdout(&o).split("\n\n").map(str::to_string).collect()
    };
    let short = blocks(&["check", odd]);
    let long = blocks(&["check", "--verbose", odd]);
    let of = |b: &[String], rule: &str| -> Vec<String> {
        b.iter()
            .filter(|d| d.starts_with(&format!("警告[{rule}]")))
            .cloned()
            .collect()
    };
    let notes = of(&long, "import");
    assert!(notes.len() >= 2, "{long:?}");
    let summary = of(&short, "import");
    assert_eq!(summary.len(), 1, "{short:?}");
    assert!(
        summary[0].contains(&format!("导入说明 {} 条：", notes.len())),
        "{summary:?} against {} notes",
        notes.len()
    );
    assert!(summary[0].contains("nianbao import"), "{summary:?}");
    // Blank and struck-through cells are findings either way.
    let blank = of(&short, "R-blank");
    assert!(!blank.is_empty(), "{short:?}");
    assert_eq!(blank, of(&long, "R-blank"));
}

#[test]
fn deadlines_and_items_depend_on_the_kind_of_body() {
    let tmp = TempDir::new("precision-bodies");
    let report = |agency: &str, published: &str, extra: &str| {
        let text = base()
            .replace(
                "agency = \"某某县市场监督管理局\"",
                &format!("agency = \"{agency}\""),
            )
            .replace(
                "published = 2025-01-20",
                &format!("published = {published}"),
            )
            .replace(
                "改进措施：丰富图解、视频等解读形式。",
                &format!("改进措施：丰富图解、视频等解读形式。{extra}"),
            );
        fs::write(tmp.path().join("r.toml"), text).unwrap();
        rules(tmp.path(), "r.toml")
    };
    let has = |found: &[(String, String)], rule: &str, words: &str| {
        found.iter().any(|(r, m)| r == rule && m.contains(words))
    };
    let items = "本年度将政务公开纳入绩效考核，开展社会评议，未发生责任追究情况。";
    // A department: 1月31日.
    let found = report("某某县市场监督管理局", "2025-03-20", "");
    assert!(
        has(&found, "R10", "晚于法定期限 2025年1月31日"),
        "{found:?}"
    );
    assert!(!found.iter().any(|(r, _)| r == "C7"), "{found:?}");
    // A 县级以上人民政府's own report: 3月31日, and 第五十条第四项 (the base
    // report already speaks of its 考核).
    let found = report("某某县人民政府", "2025-03-20", "");
    assert!(!found.iter().any(|(r, _)| r == "R10"), "{found:?}");
    assert!(
        has(&found, "C7", "没有写到：社会评议、责任追究结果"),
        "{found:?}"
    );
    let found = report("某某县人民政府", "2025-04-01", items);
    assert!(
        has(&found, "R10", "晚于法定期限 2025年3月31日"),
        "{found:?}"
    );
    assert!(!found.iter().any(|(r, _)| r == "C7"), "{found:?}");
    // A 乡镇人民政府 publishes by 1月31日, and is a 人民政府 all the same.
    let found = report(
        "某某县某某镇人民政府",
        "2025-03-20",
        "本年度开展了社会评议。",
    );
    assert!(has(&found, "R10", "2025年1月31日"), "{found:?}");
    assert!(has(&found, "C7", "没有写到：责任追究结果"), "{found:?}");
}
