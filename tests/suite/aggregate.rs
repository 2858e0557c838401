//! `nianbao aggregate`: generated units with known sums, every kind of unit that
//! must be refused, the spreadsheet read back, the review page in Chromium, and
//! the 汇总 file checked and built like any report.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::*;
use crate::html_support::Browser;

const AGENCY: &str = "某某县人民政府";

/// Unit `i` of the base report: its own agency, every table figure times `k`,
/// the fee a six-decimal 万元 amount.
fn unit_text(i: usize, year: i64, k: i64) -> String {
    let base = fs::read_to_string(root().join("tests/fixtures/valid/base.toml")).unwrap();
    let mut out = String::new();
    let mut in_table = false;
    for line in base.lines() {
        if line.starts_with('[') {
            in_table = line.starts_with("[table");
        }
        let line = if line.starts_with("agency = ") {
            format!("agency = \"某某县第{i}单位\"")
        } else if line.starts_with("year = ") {
            format!("year = {year}")
        } else if line.starts_with("published = ") {
            // Unit 3 publishes late.
            let day = if i == 3 { "02-10" } else { "01-20" };
            format!("published = {}-{day}", year + 1)
        } else if in_table && line.starts_with("fees = ") {
            format!("fees = {}", fee(i))
        } else if in_table && line.contains(" = ") && !line.starts_with('#') {
            let (key, rest) = line.split_once(" = ").unwrap();
            let (value, comment) = rest.split_once('#').unwrap_or((rest, ""));
            let scaled = scale(value, k);
            format!("{key} = {scaled} #{comment}")
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Unit i's fee in millionths of 万元, and as written.
fn fee_micros(i: usize) -> i64 {
    1_000_000 * i as i64 + 123_457 * i as i64 % 1_000_000
}

fn fee(i: usize) -> String {
    let m = fee_micros(i);
    format!("{}.{:06}", m / 1_000_000, m % 1_000_000)
}

fn scale(value: &str, k: i64) -> String {
    let mut out = String::new();
    let mut num = String::new();
    for c in value.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            if !num.is_empty() {
                out.push_str(&(num.parse::<i64>().unwrap() * k).to_string());
                num.clear();
            }
            out.push(c);
        }
    }
    out.trim_end().to_string()
}

/// Writes `n` units into `dir` (spread over two sub-folders); returns the
/// independently computed sums: table key → figures.
fn write_units(dir: &Path, n: usize, year: i64) -> BTreeMap<String, Vec<i64>> {
    let mut sums: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for i in 1..=n {
        let k = 1 + (i as i64 * 3) % 4;
        let text = unit_text(i, year, k);
        let folder = dir.join(if i % 2 == 0 { "甲片区" } else { "乙片区" });
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join(format!("unit-{i:02}.toml")), &text).unwrap();
        let value: toml::Table = text.parse().unwrap();
        for table in ["table2", "table3", "table4"] {
            for (key, v) in value[table].as_table().unwrap() {
                let figures: Vec<i64> = match v {
                    toml::Value::Array(a) => a.iter().map(|x| x.as_integer().unwrap()).collect(),
                    toml::Value::Integer(x) => vec![*x],
                    _ => continue, // the fee, summed exactly below
                };
                let entry = sums
                    .entry(format!("{table}.{key}"))
                    .or_insert_with(|| vec![0; figures.len()]);
                for (s, f) in entry.iter_mut().zip(figures) {
                    *s += f;
                }
            }
        }
    }
    sums
}

fn expected_fee(n: usize) -> String {
    let m: i64 = (1..=n).map(fee_micros).sum();
    format!("{}.{:06}", m / 1_000_000, m % 1_000_000)
}

fn aggregate(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "aggregate",
        "units",
        "--agency",
        AGENCY,
        "--year",
        "2024",
        "-o",
        "out",
    ];
    args.extend_from_slice(extra);
    nianbao(dir, &args)
}

fn summed_file(dir: &Path) -> std::path::PathBuf {
    dir.join(format!("out/{AGENCY}2024年报.toml"))
}

#[test]
fn sums_equal_the_units_added_up_independently() {
    let tmp = TempDir::new("agg-sums");
    let sums = write_units(&tmp.path().join("units"), 7, 2024);
    assert!(sums.len() > 30, "every table row summed: {sums:?}");
    fs::write(tmp.path().join("units/说明.txt"), "不是报告").unwrap();
    let o = aggregate(tmp.path(), &[]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("已汇总 7 个单位"), "{}", stdout(&o));
    let text = fs::read_to_string(summed_file(tmp.path())).unwrap();
    let value: toml::Table = text.parse().unwrap();
    for (key, expected) in &sums {
        let (table, field) = key.split_once('.').unwrap();
        let got: Vec<i64> = match &value[table][field] {
            toml::Value::Array(a) => a.iter().map(|x| x.as_integer().unwrap()).collect(),
            v => vec![v.as_integer().unwrap()],
        };
        // A unit may leave a 总计 out; the sum always writes it.
        assert_eq!(&got[..expected.len()], &expected[..], "{key}");
    }
    let fee_line = text.lines().find(|l| l.starts_with("fees = ")).unwrap();
    assert!(
        fee_line.starts_with(&format!("fees = {} ", expected_fee(7))),
        "{fee_line}"
    );
    assert!(
        text.contains("汇总7个单位"),
        "the statement says what was summed"
    );
    for i in 1..=7 {
        assert!(
            text.contains(&format!("某某县第{i}单位：")),
            "appendix line {i}"
        );
    }

    // The 汇总 file passes check and builds like any report.
    let o = nianbao(
        tmp.path(),
        &["check", summed_file(tmp.path()).to_str().unwrap()],
    );
    assert_exit(&o, 0);
    let o = nianbao(
        tmp.path(),
        &["build", summed_file(tmp.path()).to_str().unwrap()],
    );
    assert_exit(&o, 0);
    for ext in ["html", "docx", "pdf"] {
        let out = tmp.path().join(format!("out/{AGENCY}2024年报.{ext}"));
        assert!(fs::metadata(&out).unwrap().len() > 1000, "{ext} written");
    }
    let html = fs::read_to_string(tmp.path().join(format!("out/{AGENCY}2024年报.html"))).unwrap();
    assert!(
        html.contains(&expected_fee(7)),
        "the exact fee sum is shown"
    );

    // The spreadsheet: one row per unit and a 汇总 row equal to the tables.
    let mut book: Xlsx<_> = open_workbook(tmp.path().join("out/各单位情况.xlsx")).unwrap();
    let sheet = book.worksheet_range("各单位情况").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 1 + 7 + 1);
    let col = |heading: &str| {
        rows[0]
            .iter()
            .position(|c| c.to_string().starts_with(heading))
            .unwrap_or_else(|| panic!("column {heading}"))
    };
    let new = col("本年新收政府信息公开申请数量");
    let carry = col("结转下年度继续办理");
    let total_row = rows[8];
    assert!(total_row[1].to_string().starts_with("汇总"));
    assert_eq!(
        total_row[new],
        Data::Float(sums["table3.new_requests"][6] as f64)
    );
    assert_eq!(
        total_row[carry],
        Data::Float(sums["table3.carry_forward"][6] as f64)
    );
    let unit_sum: f64 = rows[1..8]
        .iter()
        .map(|r| match r[new] {
            Data::Float(f) => f,
            ref other => panic!("a number, not {other:?}"),
        })
        .sum();
    assert_eq!(unit_sum, sums["table3.new_requests"][6] as f64);
    let csv = fs::read_to_string(tmp.path().join("out/各单位情况.csv")).unwrap();
    assert_eq!(csv.lines().count(), 9);
    assert!(csv.lines().last().unwrap().contains(&expected_fee(7)));
}

#[test]
fn units_that_cannot_be_summed_are_refused_by_name() {
    let tmp = TempDir::new("agg-refuse");
    let units = tmp.path().join("units");
    write_units(&units, 3, 2024);
    let bad = unit_text(4, 2024, 1).replace("new_requests = [", "new_requests = [1");
    fs::write(units.join("bad.toml"), bad).unwrap();
    fs::write(units.join("late-year.toml"), unit_text(5, 2023, 1)).unwrap();
    fs::write(units.join("old-format.toml"), unit_text(6, 2020, 1)).unwrap();
    fs::write(units.join("again.toml"), unit_text(1, 2024, 2)).unwrap();
    let o = aggregate(tmp.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    for name in [
        "bad.toml",
        "late-year.toml",
        "old-format.toml",
        "again.toml",
    ] {
        assert!(err.contains(name), "{name} named: {err}");
    }
    assert!(
        err.contains("报告年度为 2023 年，与汇总年度 2024 年不同"),
        "{err}"
    );
    assert!(err.contains("年度和格式都不同"), "{err}");
    assert!(err.contains("国办公开办函〔2019〕60号"), "{err}");
    assert!(err.contains("重复报送"), "{err}");
    assert!(!summed_file(tmp.path()).exists(), "nothing summed");
    assert!(
        tmp.path().join("out/审核.html").exists(),
        "review page still written"
    );

    // --skip-errors leaves them out and says so.
    let o = aggregate(tmp.path(), &["--skip-errors"]);
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains("已汇总 3 个单位（共 7 份报告，4 份未计入）"),
        "{}",
        stdout(&o)
    );
    let text = fs::read_to_string(summed_file(tmp.path())).unwrap();
    assert!(
        text.contains("4个单位的报告有错误或不符合汇总条件，未计入"),
        "{text}"
    );
    // The file with the narrative is never replaced without --force.
    let o = aggregate(tmp.path(), &["--skip-errors"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("已存在"));
}

#[test]
fn empty_folder_is_an_error() {
    let tmp = TempDir::new("agg-empty");
    fs::create_dir_all(tmp.path().join("units")).unwrap();
    let o = aggregate(tmp.path(), &[]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("没有报告文件"), "{}", stderr(&o));
}

#[test]
fn review_page_lists_status_findings_missing_and_late_units() {
    let tmp = TempDir::new("agg-review");
    let units = tmp.path().join("units");
    write_units(&units, 4, 2024);
    let bad = unit_text(9, 2024, 1).replace("new_requests = [", "new_requests = [1");
    fs::write(units.join("bad.toml"), bad).unwrap();
    fs::write(
        tmp.path().join("units.txt"),
        "某某县第1单位\n某某县第2单位\n某某县第3单位\n某某县第4单位\n某某县第9单位\n某某县未报单位\n",
    )
    .unwrap();
    let o = aggregate(tmp.path(), &["--skip-errors", "--expect", "units.txt"]);
    assert_exit(&o, 0);
    assert!(stderr(&o).contains("未报送：某某县未报单位"));
    let page = tmp.path().join("out/审核.html");
    let browser = Browser::start("agg-review");
    browser.go(&format!("file://{}", page.display()));
    let v = browser.run(
        "const rows = [...document.querySelectorAll('#units tbody tr')];
         return {
           units: rows.map(r => [r.dataset.unit, r.cells[2].textContent, r.cells[4].textContent]),
           missing: [...document.querySelectorAll('#missing li')].map(li => li.textContent),
           link: (() => { const a = rows.find(r => r.dataset.unit === '某某县第9单位').querySelector('a');
                          const target = document.querySelector(a.getAttribute('href'));
                          return target ? target.textContent : null; })(),
         };",
    );
    let units = v["units"].as_array().unwrap();
    assert_eq!(units.len(), 5);
    let row = |name: &str| {
        units
            .iter()
            .find(|u| u[0] == name)
            .unwrap_or_else(|| panic!("{name} listed: {v}"))
    };
    assert!(
        row("某某县第9单位")[1].as_str().unwrap().contains("有错误"),
        "{v}"
    );
    assert_eq!(row("某某县第1单位")[1], "通过");
    assert!(
        row("某某县第3单位")[2].as_str().unwrap().contains("逾期"),
        "{v}"
    );
    assert_eq!(v["missing"], serde_json::json!(["某某县未报单位"]));
    let findings = v["link"]
        .as_str()
        .expect("the unit's link leads to its findings");
    assert!(findings.contains("错误[R"), "{findings}");
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_written_as_text() {
    let tmp = TempDir::new("agg-csv-formula");
    let units = tmp.path().join("units");
    write_units(&units, 2, 2024);
    let hostile = [
        "=HYPERLINK(\\\"http://example.com\\\",\\\"点此\\\")",
        "@SUM(1+1)",
        "+1+1某局",
        "-1+1某局",
    ];
    for (i, name) in hostile.iter().enumerate() {
        let text = unit_text(10 + i, 2024, 1).replace(
            &format!("agency = \"某某县第{}单位\"", 10 + i),
            &format!("agency = \"{name}\""),
        );
        fs::write(units.join(format!("hostile-{i}.toml")), text).unwrap();
    }
    let o = aggregate(tmp.path(), &["--skip-errors"]);
    assert_exit(&o, 0);
    let csv = fs::read_to_string(tmp.path().join("out/各单位情况.csv")).unwrap();
    let mut seen = 0;
    for line in csv.lines().skip(1) {
        for field in split_csv(line) {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {field:?} in {line}"
            );
            if field.starts_with("'=HYPERLINK") || field.starts_with("'@SUM") {
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 2, "the names are kept, made inert: {csv}");
    assert!(
        csv.contains("'+1+1某局") && csv.contains("'-1+1某局"),
        "{csv}"
    );
}

/// The fields of one CSV line (quotes as RFC 4180 has them).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn the_spreadsheet_is_dated_from_the_report_and_reproducible() {
    let tmp = TempDir::new("agg-xlsx-date");
    write_units(&tmp.path().join("units"), 2, 2024);
    let o = aggregate(tmp.path(), &[]);
    assert_exit(&o, 0);
    let core = |path: &Path| {
        let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut xml)
            .unwrap();
        xml
    };
    let xml = core(&tmp.path().join("out/各单位情况.xlsx"));
    assert!(
        xml.contains(">2024-12-31T00:00:00Z</dcterms:created>")
            && xml.contains(">2024-12-31T00:00:00Z</dcterms:modified>"),
        "dated from the report year, not the clock: {xml}"
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let o = aggregate(tmp.path(), &["--force"]);
    assert_exit(&o, 0);
    let again = tmp.path().join("again.xlsx");
    fs::rename(tmp.path().join("out/各单位情况.xlsx"), &again).unwrap();
    let o = aggregate(tmp.path(), &["--force"]);
    assert_exit(&o, 0);
    assert_eq!(
        fs::read(&again).unwrap(),
        fs::read(tmp.path().join("out/各单位情况.xlsx")).unwrap(),
        "the same units give the same bytes"
    );
}

#[test]
fn success_is_said_only_after_every_file_is_written() {
    let tmp = TempDir::new("agg-honest");
    write_units(&tmp.path().join("units"), 2, 2024);
    // The CSV cannot be written: a folder holds its name.
    fs::create_dir_all(tmp.path().join("out/各单位情况.csv/x")).unwrap();
    let o = aggregate(tmp.path(), &[]);
    assert_exit(&o, 2);
    assert!(!stdout(&o).contains("已汇总"), "{}", stdout(&o));
    assert!(stderr(&o).contains("各单位情况.csv"), "{}", stderr(&o));
    assert!(
        !summed_file(tmp.path()).exists(),
        "the 汇总 report, the CSV and the spreadsheet: all or none"
    );
    assert!(!tmp.path().join("out/各单位情况.xlsx").exists());
}

#[test]
fn skip_errors_with_no_unit_left_writes_no_empty_sum() {
    let tmp = TempDir::new("agg-none-left");
    let units = tmp.path().join("units");
    fs::create_dir_all(&units).unwrap();
    fs::write(units.join("old.toml"), unit_text(1, 2023, 1)).unwrap();
    let bad = unit_text(2, 2024, 1).replace("new_requests = [", "new_requests = [1");
    fs::write(units.join("bad.toml"), bad).unwrap();
    let o = aggregate(tmp.path(), &["--skip-errors"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("没有可计入的单位"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("已汇总"), "{}", stdout(&o));
    assert!(!summed_file(tmp.path()).exists(), "no empty 汇总 report");
    assert!(!tmp.path().join("out/各单位情况.csv").exists());
    assert!(
        tmp.path().join("out/审核.html").exists(),
        "the review says why"
    );
}

#[test]
fn the_output_folder_may_be_the_units_folder_or_above_it() {
    let tmp = TempDir::new("agg-out-in");
    let units = tmp.path().join("units");
    write_units(&units, 3, 2024);
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["aggregate", "units", "--agency", AGENCY, "--year", "2024"];
        args.extend(["-o", out]);
        args.extend_from_slice(extra);
        nianbao(tmp.path(), &args)
    };
    // -o equal to the units' folder: the units are found, and on the next run
    // the aggregate's own files there are not taken for units.
    for extra in [&[][..], &["--force"][..]] {
        let o = run("units", extra);
        assert_exit(&o, 0);
        assert!(
            stdout(&o).contains("已汇总 3 个单位（共 3 份报告"),
            "{}\n{}",
            stdout(&o),
            stderr(&o)
        );
    }
    assert!(units.join(format!("{AGENCY}2024年报.toml")).exists());
    // -o above the units' folder.
    let o = run(".", &[]);
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains("已汇总 3 个单位（共 3 份报告"),
        "{}",
        stdout(&o)
    );
    // -o inside it: a former 汇总 kept there is no unit.
    let o = run("units/汇总", &[]);
    assert_exit(&o, 0);
    fs::copy(
        units.join("汇总").join(format!("{AGENCY}2024年报.toml")),
        units.join("汇总/上次的汇总.toml"),
    )
    .unwrap();
    let o = run("units/汇总", &["--force"]);
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains("已汇总 3 个单位（共 3 份报告"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_agency_name_with_a_slash_still_writes_inside_the_output_folder() {
    let tmp = TempDir::new("agg-slash");
    write_units(&tmp.path().join("units"), 2, 2024);
    let o = nianbao(
        tmp.path(),
        &[
            "aggregate",
            "units",
            "--agency",
            "../某市/某局",
            "--year",
            "2024",
            "-o",
            "out",
        ],
    );
    assert_exit(&o, 0);
    let written = tmp.path().join("out/某市某局2024年报.toml");
    let text = fs::read_to_string(&written).unwrap();
    assert!(
        text.contains("../某市/某局"),
        "the agency itself is kept: {text}"
    );
    assert!(!tmp.path().join("某市").exists());
}

/// New-request totals of `units` (as `write_units` returns them).
fn new_requests(sums: &BTreeMap<String, Vec<i64>>) -> f64 {
    sums["table3.new_requests"][6] as f64
}

#[test]
fn two_years_of_units_compare_the_sums_and_each_unit() {
    let tmp = TempDir::new("agg-two-years");
    let units = tmp.path().join("units");
    let now = write_units(&units.join("2024"), 3, 2024);
    // Last year's: the same units, every figure a third (k = 1 against 1–4).
    let mut then = BTreeMap::new();
    for i in 1..=3 {
        let text = unit_text(i, 2023, 1);
        fs::write(units.join(format!("2023-{i}.toml")), &text).unwrap();
        let value: toml::Table = text.parse().unwrap();
        let row = value["table3"]["new_requests"].as_array().unwrap();
        let add = row[6].as_integer().unwrap();
        let e: &mut Vec<i64> = then
            .entry("table3.new_requests".to_string())
            .or_insert(vec![0; 7]);
        e[6] += add;
    }
    let o = aggregate(tmp.path(), &[]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("已汇总 3 个单位"),
        "last year's are not units: {out}"
    );
    let last = tmp.path().join(format!("out/{AGENCY}2023年报.toml"));
    assert!(out.contains(&format!("{AGENCY}2023年报.toml")), "{out}");
    let summed = fs::read_to_string(summed_file(tmp.path())).unwrap();
    assert!(
        summed.contains(&format!("previous = \"{AGENCY}2023年报.toml\"")),
        "{summed}"
    );
    assert!(last.exists());

    // The 汇总 is checked against last year's sums with no --previous.
    let o = nianbao(
        tmp.path(),
        &[
            "check",
            "--format",
            "json",
            summed_file(tmp.path()).to_str().unwrap(),
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let y = &v["year_on_year"];
    assert_eq!(y["previous_year"], 2023, "{v:#}");
    let new = y["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "table3.new_requests.total")
        .unwrap();
    assert_eq!(new["previous"].as_f64(), Some(new_requests(&then)));
    assert_eq!(new["current"].as_f64(), Some(new_requests(&now)));
    // Its per-unit appendix, written in the same words both years, is not 雷同 text.
    let copied: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "R12")
        .collect();
    assert!(copied.is_empty(), "{copied:#?}");

    // The review page shows the comparison of the sums, and each unit was
    // checked against its own last year's report.
    let review = fs::read_to_string(tmp.path().join("out/审核.html")).unwrap();
    assert!(review.contains("<section id=\"compared\">"), "{review}");
    assert!(
        review.contains("3 个单位已与本单位上年报告比较"),
        "{review}"
    );
    assert!(
        review.contains("与 2023 年 3 个单位的数据之和逐项比较"),
        "{review}"
    );

    // An existing last year's 汇总 is kept; --previous gives last year's apart.
    fs::write(&last, "# kept\n").unwrap();
    let apart = tmp.path().join("last");
    fs::create_dir_all(&apart).unwrap();
    for i in 1..=3 {
        fs::rename(
            units.join(format!("2023-{i}.toml")),
            apart.join(format!("{i}.toml")),
        )
        .unwrap();
    }
    let o = aggregate(tmp.path(), &["--previous", "last", "--force"]);
    assert_exit(&o, 0);
    assert_eq!(fs::read_to_string(&last).unwrap(), "# kept\n");
    let review = fs::read_to_string(tmp.path().join("out/审核.html")).unwrap();
    assert!(
        review.contains("3 个单位已与本单位上年报告比较"),
        "{review}"
    );
}
