//! `check --previous`: the year-on-year table, change sentences (R13) and
//! unexplained jumps (R14), on a pair of consecutive years' reports.

use std::fs;

use crate::common::*;

const LAST: &str = "previous/last-2021.toml";
const THIS: &str = "previous/this-2022.toml";

fn fixtures() -> std::path::PathBuf {
    root().join("tests/fixtures")
}

/// The 1-based line and character column of `needle` in `file`, then of `at` inside it.
fn place(file: &str, needle: &str, at: &str) -> (u64, u64) {
    let text = fs::read_to_string(fixtures().join(file)).unwrap();
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {file}"))
        + needle.find(at).unwrap();
    let line = text[..start].matches('\n').count() + 1;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    (
        line as u64,
        text[line_start..start].chars().count() as u64 + 1,
    )
}

fn json_check(dir: &std::path::Path, this: &str, last: &str) -> serde_json::Value {
    let o = nianbao(
        dir,
        &["check", "--format", "json", "--previous", last, this],
    );
    assert_exit(&o, 0);
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// (rule, line, column) of every finding of the given rules.
fn found(v: &serde_json::Value, rules: &[&str]) -> Vec<(String, u64, u64)> {
    let mut out: Vec<(String, u64, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| rules.contains(&d["rule"].as_str().unwrap()))
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn each_planted_change_mistake_gives_one_finding_in_place() {
    let v = json_check(&fixtures(), THIS, LAST);
    let at = |needle: &str, mark: &str| {
        let (l, c) = place(THIS, needle, mark);
        ("R13".to_string(), l, c)
    };
    let (jump_line, jump_col) = place(THIS, "punishment = 40", "40");
    let mut expected = vec![
        // a wrong count: 6 → 8 is 2 more
        at("予以公开8件，比上年增加3件", "比上年"),
        // a wrong direction: 10 → 12 is up
        at("办结申请12件，同比下降", "同比"),
        // a wrong percentage: 10 → 12 is 20%
        at("受理依申请公开申请12件，同比增长25%", "同比"),
        // 行政处罚 5 → 40 with no word on it (行政强制 2 → 15 is explained)
        ("R14".to_string(), jump_line, jump_col),
    ];
    expected.sort();
    assert_eq!(found(&v, &["R13", "R14"]), expected, "{v:#}");
    let messages: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "R13")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("上年 10、本年 12，增加 2（增长 20%）")
                || m.contains("上年 10、本年 12，增加 2（增长 20.0%）")),
        "{messages:?}"
    );
}

#[test]
fn the_comparison_is_printed_with_the_copied_share() {
    let o = nianbao(&fixtures(), &["check", "--previous", LAST, THIS]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("与上年（2021 年度）比较"), "{out}");
    assert!(
        out.contains("表三「一、本年新收政府信息公开申请数量」「总计」：10 → 12，+2，+20.0%"),
        "{out}"
    );
    assert!(
        out.contains("表二「第二十条第（六）项行政处罚」：5 → 40，+35，+700.0%"),
        "{out}"
    );
    assert!(out.contains("正文与上年报告相同的文字："), "{out}");
    assert!(out.contains("  3. 「"), "three longest passages: {out}");
    // The verdict stays the last line.
    assert!(out.trim_end().ends_with("个警告"), "{out}");

    let v = json_check(&fixtures(), THIS, LAST);
    let y = &v["year_on_year"];
    assert_eq!(y["previous_year"], 2021);
    let figures = y["figures"].as_array().unwrap();
    let new = figures
        .iter()
        .find(|f| f["key"] == "table3.new_requests.total")
        .unwrap();
    assert_eq!(
        (new["previous"].as_f64(), new["current"].as_f64()),
        (Some(10.0), Some(12.0))
    );
    assert_eq!(new["change"].as_f64(), Some(2.0));
    assert!((new["rate"].as_f64().unwrap() - 20.0).abs() < 1e-9);
    // Every figure of the three tables, zeros included.
    assert!(figures.len() > 25 * 7, "{}", figures.len());
    assert_eq!(y["copied"]["passages"].as_array().unwrap().len(), 3);
}

#[test]
fn correct_change_sentences_give_nothing() {
    let tmp = TempDir::new("previous-correct");
    let this = fs::read_to_string(fixtures().join(THIS)).unwrap();
    let right = this
        .replace("比上年增加3件", "比上年增加2件")
        .replace("同比下降", "同比上升")
        .replace("同比增长25%", "同比增长20.0%")
        .replace(
            "作出行政强制决定15件",
            "作出行政处罚决定40件，较上年增长7倍，作出行政强制决定15件",
        )
        // inside the printed rounding: 6 → 8 is 33.33…%, truncated or rounded
        .replace("较上年增长33.3%", "较上年增长33%");
    fs::write(tmp.path().join("this.toml"), right).unwrap();
    fs::copy(fixtures().join(LAST), tmp.path().join("last.toml")).unwrap();
    let v = json_check(tmp.path(), "this.toml", "last.toml");
    assert_eq!(found(&v, &["R13", "R14"]), vec![], "{v:#}");
}

#[test]
fn a_key_figure_fallen_to_zero_asks_for_a_reason() {
    let tmp = TempDir::new("previous-zero");
    let this = fs::read_to_string(fixtures().join(THIS)).unwrap();
    let zero = "[0, 0, 0, 0, 0, 0, 0]";
    let mut text = String::new();
    for line in this.lines() {
        let line = if [
            "new_requests =",
            "granted =",
            "unavailable_needs_making =",
            "total =",
        ]
        .iter()
        .any(|k| line.starts_with(k))
        {
            let (key, rest) = line.split_once(" = ").unwrap();
            let comment = rest
                .split_once('#')
                .map_or(String::new(), |(_, c)| format!("  #{c}"));
            format!("{key} = {zero}{comment}")
        } else {
            line.to_string()
        };
        text.push_str(&line);
        text.push('\n');
    }
    let start = text
        .find("[[overview.part]]\nheading = \"与上年比较。\"")
        .unwrap();
    let end = start + text[start..].find("\"\"\"\n\n").unwrap() + 5;
    text.replace_range(start..end, "");
    fs::write(tmp.path().join("this.toml"), &text).unwrap();
    fs::copy(fixtures().join(LAST), tmp.path().join("last.toml")).unwrap();
    let v = json_check(tmp.path(), "this.toml", "last.toml");
    let zeros: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "R14")
        .map(|d| d["message"].as_str().unwrap())
        .filter(|m| m.contains("降为 0"))
        .collect();
    assert_eq!(zeros.len(), 2, "新收 and 办结: {zeros:?}");
    assert!(zeros.iter().all(|m| m.contains("请在正文中说明原因")));

    // A sentence on the change answers for 新收; 办结 still asks.
    let explained = text.replace(
        "进一步强化依申请公开规范，",
        "本年度未收到政府信息公开申请，较上年减少10件，主要是医保政策主动公开更加全面。进一步强化依申请公开规范，",
    );
    fs::write(tmp.path().join("this.toml"), explained).unwrap();
    let v = json_check(tmp.path(), "this.toml", "last.toml");
    let zeros: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "R14" || d["rule"] == "R13")
        .map(|d| d["message"].as_str().unwrap())
        .filter(|m| m.contains("降为 0") || m.contains("R13"))
        .collect();
    assert_eq!(zeros.len(), 1, "{zeros:?}");
    assert!(zeros[0].contains("办结"), "{zeros:?}");
}

#[test]
fn without_last_year_no_comparison_is_printed() {
    let o = nianbao(&fixtures(), &["check", THIS]);
    assert_exit(&o, 0);
    assert!(!stdout(&o).contains("与上年（"));
    // A report of the wrong year is refused, and nothing is compared.
    let o = nianbao(&fixtures(), &["check", "--previous", THIS, THIS]);
    assert_exit(&o, 1);
    assert!(!stdout(&o).contains("与上年（"));
}

/// The common phrasings, each alone in the fixture's comparison paragraph
/// (last year → this year: 新收 10 → 12, 予以公开 6 → 8, 无法提供 4 → 4, 行政复议 0 → 0).
#[test]
fn common_phrasings_are_recomputed() {
    let tmp = TempDir::new("previous-phrasings");
    fs::copy(fixtures().join(LAST), tmp.path().join("last.toml")).unwrap();
    let this = fs::read_to_string(fixtures().join(THIS)).unwrap();
    let open = "heading = \"与上年比较。\"\ntext = \"\"\"\n";
    let start = this.find(open).unwrap() + open.len();
    let end = start + this[start..].find("\"\"\"").unwrap();
    let cases: &[(&str, usize)] = &[
        ("收到政府信息公开申请12件，比上年多2件。", 0),
        ("收到政府信息公开申请12件，比上年多3件。", 1),
        ("依申请公开数量同比上升20%。", 0),
        ("与上年相比，收到政府信息公开申请数量增长了25%。", 1),
        ("与上年相比，收到政府信息公开申请数量增长了20%。", 0),
        ("与上年相比，行政复议案件减少1件。", 1),
        ("受理依申请公开申请12件，较上年增长1倍。", 1),
        ("予以公开8件，同比翻了一番。", 1),
        ("收到申请12件，较2021年增加2件。", 0),
        ("收到申请12件，较2021年增加5件。", 1),
        // another year, a rate of a rate, another figure in between: not judged
        ("收到申请12件，较2020年增加5件。", 0),
        ("收到申请12件，办结率同比提高5个百分点。", 0),
        ("受理依申请公开12件，网站发布信息158条，同比增长10%。", 0),
        ("办结申请12件，较上年更加注重提高答复质量。", 0),
        ("收到申请12件，较上年有所下降。", 1),
        ("收到申请12件，较上年的10件增加2件。", 0),
        ("收到申请12件，较上年的9件增加3件。", 1),
        ("收到政府信息公开申请12件，与上年基本持平。", 1),
        ("无法提供4件，同比持平。", 0),
        ("各单位共收到申请120件，同比下降。", 0),
    ];
    for (sentence, expected) in cases {
        let text = format!("{}{sentence}\n{}", &this[..start], &this[end..]);
        fs::write(tmp.path().join("this.toml"), text).unwrap();
        let v = json_check(tmp.path(), "this.toml", "last.toml");
        let r13 = found(&v, &["R13"]);
        assert_eq!(r13.len(), *expected, "{sentence}: {v:#}");
    }
}

#[test]
fn a_folder_holding_both_years_is_compared() {
    let tmp = TempDir::new("previous-folder");
    let dir = tmp.path().join("两年");
    fs::create_dir(&dir).unwrap();
    fs::copy(fixtures().join(LAST), dir.join("2021.toml")).unwrap();
    fs::copy(fixtures().join(THIS), dir.join("2022.toml")).unwrap();
    let o = nianbao(tmp.path(), &["check", "-q", "--format", "json", "两年"]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files = v["files"].as_array().unwrap();
    let this = files
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("2022.toml"))
        .unwrap();
    let last = files
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("2021.toml"))
        .unwrap();
    assert_eq!(this["year_on_year"]["previous_year"], 2021, "{v:#}");
    assert!(last.get("year_on_year").is_none(), "{v:#}");
    let r13 = this["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "R13")
        .count();
    assert_eq!(r13, 3, "{v:#}");
}
