//! The narrative rules (R7 figures, percentages, breakdowns, claims, years, text
//! defects, R12 copied text) on sentences in the style of published reports.
//! Each case puts its sentences into the clean base report and pins every
//! finding they get: rule, column of the place, and the figures of the message.

use crate::common::*;
use std::fs;
use std::time::Duration;

/// The sentence of base.toml the cases replace (in 「（二）依申请公开情况」).
const SLOT: &str = "全年共收到政府信息公开申请{table3.new_requests}件，均在法定期限内答复。";

/// One finding: rule, 1-based column, message.
type Finding = (String, usize, String);

fn base() -> String {
    fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap()
}

/// Runs `check --format json` on base.toml with `text` in place of the slot.
fn findings_for(name: &str, text: &str) -> Vec<Finding> {
    let report = base().replace(SLOT, text);
    assert_ne!(report, base(), "slot not found");
    findings_of(name, &report, None)
}

fn findings_of(name: &str, report: &str, previous: Option<&str>) -> Vec<Finding> {
    let tmp = TempDir::new(&format!("narrative-{name}"));
    fs::write(tmp.path().join("r.toml"), report).unwrap();
    let mut args = vec!["check", "--format", "json", "r.toml"];
    if let Some(p) = previous {
        fs::write(tmp.path().join("prev.toml"), p).unwrap();
        args.extend(["--previous", "prev.toml"]);
    }
    let o = nianbao(tmp.path(), &args);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|_| panic!("{}", stdout(&o)));
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["column"].as_u64().unwrap_or(0) as usize,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The 1-based column of `needle` in the slot line (the slot starts a line).
fn col(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect(needle)].chars().count() + 1
}

/// Asserts the findings are exactly `expected`: (rule, column, words of the message).
fn assert_findings(text: &str, got: &[Finding], expected: &[(&str, usize, &[&str])]) {
    let show = || format!("{text}\n{got:#?}");
    assert_eq!(got.len(), expected.len(), "{}", show());
    for ((rule, column, message), (r, c, words)) in got.iter().zip(expected) {
        assert_eq!(rule, r, "{}", show());
        assert_eq!(column, c, "{}", show());
        for w in *words {
            assert!(message.contains(w), "“{w}” not in {message}\n{}", show());
        }
    }
}

fn case(name: &str, text: &str, expected: &[(&str, usize, &[&str])]) {
    let got = findings_for(name, text);
    assert_findings(text, &got, expected);
}

// ---------------------------------------------------------------- R7

#[test]
fn figures_that_agree_with_the_tables_pass() {
    // 厦门 2022's wording, with this table's figures.
    case(
        "agree-xiamen",
        "全年共接受依申请公开13次，其中处理结果5件为予以公开，1件为部分公开，2件为不予公开，4件为无法提供，1件为不予处理。不予公开的2件中1件为属于行政查询事项，1件属于保护第三方合法权益。",
        &[],
    );
    case(
        "agree-forms",
        "本年度新收政府信息公开申请数量为13件，上年结转1件，办结13件，结转下年度继续办理1件。予以公开及部分公开6件；本机关不掌握相关政府信息4件；作出行政处罚决定87件，行政许可1530件，行政事业性收费12.3万元。收到申请十三件，其中自然人10件，法人或其他组织3件。被申请行政复议1件，结果维持1件；行政诉讼1起，尚未审结1件。收到政府信息公开申请14件（含上年结转1件），部分公开一件，无法提供两件以上。查办行政处罚案件120件。",
        &[],
    );
}

#[test]
fn a_wrong_figure_is_named_with_both_numbers() {
    let text = "全年共收到政府信息公开申请十二件。";
    case(
        "new-chinese",
        text,
        &[("R7", col(text, "十二件"), &["正文 12", "表三", "是 13"])],
    );
    let text = "予以公开和部分公开共7件，无法提供1件。";
    case(
        "aggregates",
        text,
        &[
            (
                "R7",
                col(text, "7件"),
                &["正文 7", "（一）予以公开", "（二）部分公开", "之和", "是 6"],
            ),
            (
                "R7",
                col(text, "1件"),
                &["正文 1", "（四）无法提供", "各项之和", "是 4"],
            ),
        ],
    );
    let text = "现行有效规范性文件10件，行政处罚86件，收费金额12.5万元。";
    case(
        "table-two",
        text,
        &[
            (
                "R7",
                col(text, "10件"),
                &["正文 10", "行政规范性文件", "现行有效件数", "是 9"],
            ),
            ("R7", col(text, "86件"), &["正文 86", "行政处罚", "是 87"]),
            (
                "R7",
                col(text, "12.5万元"),
                &["正文 12.5", "行政事业性收费", "是 12.3"],
            ),
        ],
    );
    let text = "被申请行政复议1件，其中纠正1件；行政诉讼2件。";
    case(
        "table-four",
        text,
        &[
            (
                "R7",
                col(text, "1件；"),
                &["正文 1", "行政复议", "结果纠正", "是 0"],
            ),
            (
                "R7",
                col(text, "2件"),
                &["正文 2", "未经复议直接起诉", "复议后起诉", "是 1"],
            ),
        ],
    );
}

#[test]
fn sentences_about_something_else_are_not_compared() {
    case(
        "off-topic",
        "2023年收到政府信息公开申请10件。全市共收到政府信息公开申请500件。备案规范性文件3件。接受网上咨询11051人次。办理人大建议12件，政协提案15件。高效办成一件事。近300件。收到申请300余件。",
        &[],
    );
}

// ---------------------------------------------------------------- breakdowns and percentages

#[test]
fn breakdowns_must_add_up() {
    let text = "全年办结申请13件，其中予以公开5件，部分公开1件，不予公开2件。";
    case(
        "breakdown-short",
        text,
        &[("breakdown", col(text, "13件"), &["相加是 8", "少于", "13"])],
    );
    let text = "收到政府信息公开申请13件，其中自然人10件，法人或其他组织2件。";
    case(
        "breakdown-applicants",
        text,
        &[
            ("breakdown", col(text, "13件"), &["相加是 12", "少于"]),
            ("R7", col(text, "2件"), &["正文 2", "商业企业", "是 3"]),
        ],
    );
    // Two categories of several: an example, not the whole list.
    case(
        "breakdown-partial",
        "全年办结申请13件，其中予以公开5件，部分公开1件。",
        &[],
    );
}

#[test]
fn percentages_are_recomputed() {
    case(
        "percent-right",
        "予以公开5件，占38.5%。不予处理1件，占比8%。",
        &[],
    );
    let text = "予以公开5件，占50%。";
    case(
        "percent-wrong",
        text,
        &[("percent", col(text, "50%"), &["50%", "38%"])],
    );
}

// ---------------------------------------------------------------- claims

#[test]
fn claims_that_the_tables_contradict() {
    let text = "行政复议、行政诉讼案件均获维持。";
    case(
        "all-upheld",
        text,
        &[("claim", col(text, "均获维持"), &["尚未审结", "为 1"])],
    );
    let text = "本年度未发生因政府信息公开引起的行政复议、行政诉讼。";
    case(
        "no-appeals",
        text,
        &[("claim", col(text, "未发生"), &["是 2"])],
    );
    let text = "本年度未收到政府信息公开申请。";
    case(
        "no-requests",
        text,
        &[("claim", col(text, "未收到"), &["本年新收", "是 13"])],
    );
    // The same claims where they are true, and neighbours that are no claim.
    case(
        "claims-true",
        "行政复议案件均获维持。未收到申请人投诉。未发生行政复议被纠错的情况。无论行政复议还是行政诉讼都依法应对。",
        &[],
    );
}

// ---------------------------------------------------------------- years

#[test]
fn last_years_year_left_in() {
    let text = "2023年，我局继续推进政务公开。";
    case(
        "year-left",
        text,
        &[("R10", col(text, "2023"), &["2023 年的工作", "2024 年"])],
    );
    let text = "数据统计期限为2023年1月1日至12月31日。";
    case(
        "period",
        text,
        &[("R10", col(text, "2023年1月1日"), &["统计期间", "2024 年"])],
    );
    case(
        "years-legitimate",
        "较2023年增长20%。按照《2023年政务公开工作要点》要求，落实“十四五”规划。2023年以来，持续推进。",
        &[],
    );
}

// ---------------------------------------------------------------- text defects

#[test]
fn text_defects_are_marked() {
    let text = "加强资金资金管理，的的确确落实，按照要求的的规定。";
    case(
        "repeated",
        text,
        &[
            ("repeated", col(text, "资金资金"), &["“资金资金”"]),
            ("repeated", col(text, "的的规定"), &["“的的”"]),
        ],
    );
    let text = "加强管理,完善制度(试行)。";
    case(
        "half-width",
        text,
        &[("half-width", col(text, ","), &["3 处", "加强管理,完善"])],
    );
    let text = "认真落实《条例要求。";
    case(
        "unpaired",
        text,
        &[("unpaired", col(text, "《"), &["“《”"])],
    );
    let text = "一是加强学习；三是完善制度。";
    case(
        "numbering-shi",
        text,
        &[("numbering", col(text, "三是"), &["“三是”", "“二是”"])],
    );
    let text = "工作如下：1.加强学习。2.完善制度。4.落实责任。";
    case(
        "numbering-arabic",
        text,
        &[("numbering", col(text, "4."), &["“4.”", "“3.”"])],
    );
    // Reduplication and citations that are no defect.
    case(
        "defects-none",
        "层层压实责任，常常开展检查，等等。依据第二十条第（一）项，一件一件落实。1）加强学习。其中（一）予以公开5件，（三）不予公开2件。",
        &[],
    );
}

#[test]
fn an_empty_heading_is_marked() {
    let report = base().replace("heading = \"监督保障情况\"", "heading = \"（五）\"");
    let got = findings_of("empty-heading", &report, None);
    assert!(got.iter().any(|f| f.0 == "empty-heading"), "{got:#?}");
}

// ---------------------------------------------------------------- R12 and --previous

fn fixture(name: &str) -> String {
    fs::read_to_string(root().join("tests/fixtures/narrative").join(name)).unwrap()
}

#[test]
fn text_copied_from_last_year_is_measured() {
    let got = findings_of(
        "copied",
        &fixture("copied-2024.toml"),
        Some(&fixture("copied-2023.toml")),
    );
    let r12: Vec<&Finding> = got.iter().filter(|f| f.0 == "R12").collect();
    assert_eq!(r12.len(), 2, "{got:#?}");
    assert!(r12[0].2.contains("「一、总体情况」有 "), "{got:#?}");
    assert!(r12[0].2.contains("最长的相同段落"), "{got:#?}");
    assert!(r12[1].2.contains("正文整体有"), "{got:#?}");
    // Rewritten this year: no finding.
    let this_year = fixture("copied-2024.toml");
    let copied_line = this_year
        .lines()
        .find(|l| l.starts_with("2024年，我局以"))
        .unwrap();
    let rewritten = this_year.replace(
        copied_line,
        &"今年我局把政务公开融入食品安全监管，上线企业信用查询专栏，许可、检查、处罚结果一次可查；\
          组织市场主体座谈三场，按企业意见调整公开目录十二项，并在年末逐项回访，看改了什么、还差什么。"
            .repeat(4),
    );
    let got = findings_of("not-copied", &rewritten, Some(&fixture("copied-2023.toml")));
    assert!(got.iter().all(|f| f.0 != "R12"), "{got:#?}");
}

#[test]
fn previous_must_be_the_year_before() {
    let got = findings_of("same-year", &base(), Some(&base()));
    assert!(
        got.iter()
            .any(|f| f.0 == "previous" && f.2.contains("两份报告都是 2024 年度的")),
        "{got:#?}"
    );
    let later = base()
        .replace("year = 2024", "year = 2025")
        .replace("published = 2025-01-20", "published = 2026-01-20");
    let got = findings_of("wrong-order", &base(), Some(&later));
    assert!(
        got.iter()
            .any(|f| f.0 == "previous" && f.2.contains("顺序可能弄反了")),
        "{got:#?}"
    );
}

// ---------------------------------------------------------------- format versions

#[test]
fn the_2019_format_has_no_fee_rules() {
    let v2019 = fs::read_to_string(root().join("tests/fixtures/valid/v2019.toml")).unwrap();
    let report = v2019.replace("本年度未收取信息处理费。", "无其他需要报告的事项。");
    let got = findings_of("v2019-fees", &report, None);
    assert!(got.iter().all(|f| f.0 != "C6" && f.0 != "R8"), "{got:#?}");
    // The same sentence in a 2021-format report is a C6 finding.
    let got = findings_of(
        "v2021-fees",
        &base().replace("本年度未收取信息处理费。", "无其他需要报告的事项。"),
        None,
    );
    assert!(got.iter().any(|f| f.0 == "C6"), "{got:#?}");
}

// ---------------------------------------------------------------- examples and robustness

#[test]
fn examples_get_no_figure_or_claim_findings() {
    for path in complete_examples() {
        let o = nianbao(
            &root(),
            &["check", "--format", "json", path.to_str().unwrap()],
        );
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        for d in v.as_array().unwrap() {
            let rule = d["rule"].as_str().unwrap();
            assert!(
                ![
                    "R7",
                    "percent",
                    "breakdown",
                    "claim",
                    "R10",
                    "repeated",
                    "numbering",
                    "unpaired"
                ]
                .contains(&rule),
                "{}: {d}",
                path.display()
            );
        }
    }
}

#[test]
fn findings_in_a_text_with_escapes_point_at_their_own_place() {
    // Written with TOML escapes (\n, \u…), the text is no longer verbatim in the
    // file: each repeated 「（一）」 is still found where it stands, not at the first.
    let got = findings_for(
        "escaped-places",
        "（一）甲乙丙。\\n（一）丁\\u620A己。\\n（一）庚辛。",
    );
    let numbering: Vec<usize> = got
        .iter()
        .filter(|f| f.0 == "numbering")
        .map(|f| f.1)
        .collect();
    assert_eq!(numbering, [11, 25], "{got:#?}");
}

#[test]
fn a_long_hostile_narrative_is_checked_in_bounded_time_with_its_findings() {
    // Repeated statements, brackets and numbering: five paragraphs of 17 000
    // characters (under the paragraph and text limits, so every rule runs), then
    // 200 000 characters in one (over the text limit: refused at its place).
    let unit = "（一）收到申请13件，其中予以公开5件，占38.5%，《条例“一是,";
    let paragraph = unit.repeat(500);
    let under = [paragraph.as_str(); 5].join("\\n");
    let over = unit.repeat(200_000 / unit.chars().count());
    let run = |name: &str, text: &str| {
        let tmp = TempDir::new(&format!("narrative-{name}"));
        fs::write(tmp.path().join("r.toml"), base().replace(SLOT, text)).unwrap();
        // Debug build, a loaded machine: about 0.7 s here; quadratic would be minutes.
        let o = nianbao_within(
            tmp.path(),
            &["check", "--format", "json", "r.toml"],
            Duration::from_secs(20),
        );
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
            .collect::<Vec<_>>()
    };
    let got = run("hostile-under", &under);
    let count = |rule: &str| got.iter().filter(|(r, _)| r == rule).count();
    // Each paragraph repeats 「（一）」 (4 after the first) and leaves its 《 open.
    assert_eq!(
        (count("numbering"), count("unpaired"), count("half-width")),
        (4, 5, 1),
        "{got:#?}"
    );
    assert_eq!(got.len(), 10, "{got:#?}");
    let half = &got.iter().find(|(r, _)| r == "half-width").unwrap().1;
    assert!(half.contains("半角标点 2495 处"), "{half}");

    let got = run("hostile-over", &over);
    let limit: Vec<_> = got.iter().filter(|(r, _)| r == "limit").collect();
    assert_eq!(limit.len(), 1, "{got:#?}");
    assert!(
        limit[0]
            .1
            .contains("正文 text 太长（199988 个字符，上限 100000 个）"),
        "{got:#?}"
    );
}

#[test]
fn r5_works_across_the_2020_to_2021_change() {
    let v2019 = fs::read_to_string(root().join("tests/fixtures/valid/v2019.toml")).unwrap();
    let report = base()
        .replace("year = 2024", "year = 2021")
        .replace("published = 2025-01-20", "published = 2022-01-20")
        .replace("2024年，我局", "2021年，我局");
    let got = findings_of("r5-across", &report, Some(&v2019));
    let rules: Vec<&str> = got.iter().map(|f| f.0.as_str()).collect();
    // Last year's 结转下年度 is 0 in every column; this year's 上年结转 has 1 自然人.
    assert_eq!(rules, ["R5", "R5"], "{got:#?}");
    assert!(got[0].2.contains("「自然人」是 1"), "{got:#?}");
}

#[test]
fn r6_chains_the_2019_formats_published_total() {
    let v2019 = fs::read_to_string(root().join("tests/fixtures/valid/v2019.toml")).unwrap();
    let last = v2019
        .replace("year = 2020", "year = 2019")
        .replace("published = 2021-01-25", "published = 2020-01-20");
    // 对外公开总数量 4 = last year's 4 + 本年新公开 1 would be 5.
    let got = findings_of("r6-2019", &v2019, Some(&last));
    let r6: Vec<&Finding> = got.iter().filter(|f| f.0 == "R6").collect();
    assert_eq!(r6.len(), 1, "{got:#?}");
    assert!(r6[0].2.contains("对外公开总数量是 4"), "{got:#?}");
    assert!(r6[0].2.contains("= 5"), "{got:#?}");
}
