//! `nianbao import` on real published text: the seeds against their transcribed
//! examples, the real excerpts, and variants of the seeds in other text shapes.

use std::path::{Path, PathBuf};

use nianbao::diag::SourceFile;
use nianbao::format::TableId;
use nianbao::report::{Report, parse_report};

use crate::common::{TempDir, assert_exit, nianbao, root, stderr, stdout};

/// ../shared/seeds and the example each was transcribed into.
const SEEDS: [(&str, &str); 5] = [
    ("000_423a59fb428e0477.txt", "xiamen-2022.toml"),
    ("001_1effd3284db83ec5.txt", "haiyan-2021.toml"),
    ("002_fefb3a1f5c1b25b2.txt", "wenzhou-2024.toml"),
    ("003_bb3457fa9c5656d4.txt", "shandong-2023.toml"),
    ("004_2e52dc39fd46a706.txt", "zhongwei-2023.toml"),
];

fn shared() -> PathBuf {
    root().join("../shared")
}

fn parse(path: &Path) -> Report {
    let text = std::fs::read_to_string(path).expect("report file");
    let parsed = parse_report(&SourceFile::new(path, text));
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.rule != "missing-table")
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    parsed.report.expect("a report")
}

/// Runs `nianbao import` and returns the written file's path and the notes printed.
fn import(dir: &TempDir, input: &Path, name: &str) -> (PathBuf, String) {
    let out = dir.path().join(name);
    let o = nianbao(
        dir.path(),
        &[
            "import",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    // A report without any table is imported (narrative kept) but exits 2.
    let tableless = stderr(&o).contains("没有找到任何统计表");
    assert_exit(&o, if tableless { 2 } else { 0 });
    assert!(stdout(&o).contains("已导入"));
    (out, stderr(&o))
}

/// Every figure of every table, as text, keyed by table, field and column.
fn figures(r: &Report) -> Vec<(TableId, &'static str, usize, String, bool)> {
    let mut out = Vec::new();
    for id in TableId::ALL {
        if let Some(t) = r.table(id) {
            for (field, row) in t.def.fields.iter().zip(&t.rows) {
                let row = row.as_ref().expect("row read");
                for (c, cell) in row.cells.iter().enumerate() {
                    out.push((id, field.key, c, cell.value.to_string(), cell.given()));
                }
            }
        }
    }
    out
}

/// Narrative paragraphs in reading order, white space removed.
fn paragraphs(r: &Report) -> Vec<String> {
    r.narrative_texts()
        .iter()
        .flat_map(|(_, t)| t.raw.lines().map(str::to_string).collect::<Vec<_>>())
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn seeds_import_to_their_examples() {
    let dir = TempDir::new("import-seeds");
    for (seed, example) in SEEDS {
        let (out, _) = import(
            &dir,
            &shared().join("seeds").join(seed),
            &format!("{seed}.toml"),
        );
        let got = parse(&out);
        let want = parse(&root().join("examples").join(example));
        assert_eq!(got.meta.agency.value, want.meta.agency.value, "{seed}");
        assert_eq!(got.meta.year.value, want.meta.year.value, "{seed}");
        assert_eq!(got.title(), want.title(), "{seed}");
        let date = |r: &Report| r.meta.published.as_ref().map(|d| d.value);
        assert_eq!(date(&got), date(&want), "{seed}: published");
        let closing = |r: &Report| {
            r.closing
                .as_ref()
                .map(|c| (c.text.clone(), c.signature.clone(), c.date))
        };
        assert_eq!(closing(&got), closing(&want), "{seed}: closing");
        let values = |r: &Report| -> Vec<(TableId, &'static str, usize, String)> {
            figures(r)
                .into_iter()
                .map(|(t, f, c, v, _)| (t, f, c, v))
                .collect()
        };
        assert_eq!(values(&got), values(&want), "{seed}: tables");
        let (g, w) = (paragraphs(&got), paragraphs(&want));
        if let Some(i) = (0..g.len().max(w.len())).find(|i| g.get(*i) != w.get(*i)) {
            panic!(
                "{seed}: narrative paragraph {i} differs\n got: {:?}\nwant: {:?}",
                g.get(i),
                w.get(i)
            );
        }
        let headings = |r: &Report| -> Vec<String> {
            [&r.overview, &r.problems, &r.other]
                .iter()
                .flat_map(|b| b.parts.iter().map(|p| p.heading.value.clone()))
                .collect()
        };
        assert_eq!(headings(&got), headings(&want), "{seed}: part headings");
        assert_eq!(
            got.contact.as_ref().map(|c| c.items.clone()),
            want.contact.as_ref().map(|c| c.items.clone()),
            "{seed}: contact"
        );
    }
}

#[test]
fn complete_seeds_pass_check() {
    let dir = TempDir::new("import-seeds-check");
    for (seed, example) in SEEDS {
        if example.starts_with("wenzhou") {
            continue;
        }
        let (out, _) = import(
            &dir,
            &shared().join("seeds").join(seed),
            &format!("{seed}.toml"),
        );
        let o = nianbao(dir.path(), &["check", out.to_str().unwrap()]);
        assert_exit(&o, 0);
    }
}

#[test]
fn wenzhou_notes_its_missing_tables() {
    let dir = TempDir::new("import-wenzhou");
    let (out, notes) = import(
        &dir,
        &shared().join("seeds/002_fefb3a1f5c1b25b2.txt"),
        "wz.toml",
    );
    for id in TableId::ALL {
        let line = notes
            .lines()
            .find(|l| l.contains(id.name()))
            .unwrap_or_else(|| panic!("no note for {id:?}:\n{notes}"));
        assert!(line.contains("其下没有表格"), "{line}");
        assert!(line.contains(&id.section().heading()), "{line}");
    }
    assert!(
        notes.contains("错误：") && notes.contains("没有找到任何统计表"),
        "{notes}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("# [table2]"), "{text}");
    let o = nianbao(dir.path(), &["check", out.to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(stdout(&o).contains("missing-table"));
}

#[test]
fn never_overwrites_without_force_nor_its_input() {
    let dir = TempDir::new("import-force");
    let input = dir.path().join("报告.txt");
    std::fs::copy(shared().join("seeds/000_423a59fb428e0477.txt"), &input).unwrap();
    let out = dir.path().join("a.toml");
    std::fs::write(&out, "keep").unwrap();
    let o = nianbao(dir.path(), &["import", "报告.txt", "-o", "a.toml"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("已存在"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
    let o = nianbao(
        dir.path(),
        &["import", "报告.txt", "-o", "a.toml", "--force"],
    );
    assert_exit(&o, 0);
    assert!(std::fs::read_to_string(&out).unwrap().contains("[table3]"));
    let o = nianbao(
        dir.path(),
        &["import", "报告.txt", "-o", "报告.txt", "--force"],
    );
    assert_exit(&o, 2);
    assert!(
        std::fs::read_to_string(&input)
            .unwrap()
            .starts_with("厦门市")
    );
    // Without -o the file is named after the agency and year, in the current folder.
    let o = nianbao(dir.path(), &["import", "报告.txt"]);
    assert_exit(&o, 0);
    assert!(dir.path().join("厦门市医疗保障局2022年报.toml").exists());
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = TempDir::new("import-bad");
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "old.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0",
            "另存为 .docx",
        ),
        ("bytes.txt", &[0xFF, 0xFF, 0x30, 0xFF, 0x0A], "UTF-8"),
        (
            "menu.txt",
            "首页\n联系我们\n".as_bytes(),
            "不是政府信息公开工作年度报告",
        ),
        ("scan.pdf", b"%PDF-1.4\n", "PDF"),
        ("x.docx", b"PK\x03\x04garbage", "DOCX"),
    ];
    for (name, bytes, expect) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let o = nianbao(dir.path(), &["import", name]);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
    }
    // check takes the same way in, with the same errors.
    let o = nianbao(dir.path(), &["check", "menu.txt"]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("不是政府信息公开工作年度报告"),
        "{}",
        stderr(&o)
    );
    let o = nianbao(dir.path(), &["import", "missing.txt"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("文件不存在"));
}

/// Imports `input` and compares the printed notes with `expected` (one per line).
fn assert_notes(dir: &TempDir, input: &Path, expected: &Path) -> PathBuf {
    let (out, notes) = import(dir, input, "pinned.toml");
    let want = std::fs::read_to_string(expected).expect("pinned notes");
    // The notes only: error lines name temporary paths.
    let only_notes: String = notes
        .lines()
        .filter(|l| l.starts_with("导入说明："))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(only_notes, want, "{}", input.display());
    out
}

#[test]
fn real_excerpts_import_with_pinned_notes() {
    let dir = TempDir::new("import-excerpts");
    let pinned = root().join("tests/fixtures/import/excerpts");
    let mut n = 0;
    for entry in std::fs::read_dir(shared().join("real-excerpts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let out = assert_notes(&dir, &path, &pinned.join(format!("{stem}.notes")));
        // The written file always parses (the excerpts are cut short, so
        // missing tables and rows are expected, broken TOML never).
        if stem.contains("2016text") {
            // A 2016 narrative above 2021 tables: the year is kept as printed
            // (check then says it is out of range), the tables read as 2021.
            assert!(
                std::fs::read_to_string(&out)
                    .unwrap()
                    .contains("year = 2016")
            );
        } else {
            parse(&out);
        }
        std::fs::remove_file(out).unwrap();
        n += 1;
    }
    assert_eq!(n, 17);
}

#[test]
fn variants_import_with_pinned_notes() {
    let dir = TempDir::new("import-variants");
    let fixtures = root().join("tests/fixtures/import/variants");
    for name in [
        "odd-cells",
        "pipe-rows",
        "page-break",
        "gbk",
        "mixed-formats",
        "columns",
        "glued",
    ] {
        let out = assert_notes(
            &dir,
            &fixtures.join(format!("{name}.txt")),
            &fixtures.join(format!("{name}.notes")),
        );
        let report = parse(&out);
        let text = std::fs::read_to_string(&out).unwrap();
        match name {
            "columns" => {
                // Table 三 printed 法人或其他组织 before 自然人, 科研机构 before
                // 商业企业 and no 总计: every figure still lands in its column.
                let want = parse(&root().join("examples/xiamen-2022.toml"));
                let (got, want) = (
                    report.table(TableId::Three).unwrap(),
                    want.table(TableId::Three).unwrap(),
                );
                for f in &got.def.fields {
                    for c in 0..6 {
                        assert_eq!(got.count(f.key, c), want.count(f.key, c), "{} {c}", f.key);
                    }
                    assert!(!got.row(f.key).unwrap().cells[6].given());
                }
                assert!(text.contains("new_requests = [9, 0, 0, 0, 0, 0]"), "{text}");
            }
            "odd-cells" => {
                // 19（其中简易程序12件）→ 19 with the printed text on its line.
                assert!(text.contains("punishment = 19  # 行政处罚；导入：本年处理决定数量原文为「19（其中简易程序12件）」"), "{text}");
                // "/" → 0 with a comment; the blank total is left out and computed.
                assert!(text.contains("new_requests = [0, 0, 0, 0, 0, 0]"), "{text}");
                assert!(text.contains("自然人原文为「/」"), "{text}");
                let t3 = report.table(TableId::Three).unwrap();
                assert!(!t3.row("new_requests").unwrap().cells[6].given());
            }
            "pipe-rows" | "page-break" | "gbk" | "spaces" | "collapsed-blanks" | "glued" => {
                let seed = match name {
                    "pipe-rows" | "collapsed-blanks" => "xiamen-2022.toml",
                    "page-break" => "shandong-2023.toml",
                    _ => "zhongwei-2023.toml",
                };
                if name == "glued" {
                    // 「中卫市」「医疗保障局」 over two lines above the title; 「规章0」,
                    // 「行政处罚19件」, 「零」 and full-width 「０」 read as figures.
                    assert_eq!(report.meta.agency.value, "中卫市医疗保障局");
                }
                let want = parse(&root().join("examples").join(seed));
                let values = |r: &Report| -> Vec<String> {
                    figures(r)
                        .into_iter()
                        .map(|(_, f, c, v, _)| format!("{f}{c}={v}"))
                        .collect()
                };
                assert_eq!(values(&report), values(&want), "{name}");
            }
            "mixed-formats" => {
                // A 2020 report (2019 format) printing the 2021 rows of （六）其他处理:
                // they are added into the one row the 2019 format has.
                let t3 = report.table(TableId::Three).unwrap();
                assert_eq!(t3.count("other", 0), Some(2));
                assert_eq!(t3.count("other", 6), Some(2));
            }
            _ => unreachable!(),
        }
        std::fs::remove_file(out).unwrap();
    }
}

#[test]
fn check_reviews_a_published_report_in_one_command() {
    let dir = TempDir::new("import-check");
    let seed = shared().join("seeds/004_2e52dc39fd46a706.txt");
    let o = nianbao(dir.path(), &["check", seed.to_str().unwrap()]);
    assert_exit(&o, 0);
    // A report with odd cells: the notes come with the rules, also in JSON.
    let odd = root().join("tests/fixtures/import/variants/odd-cells.txt");
    let o = nianbao(
        dir.path(),
        &["check", "--format", "json", odd.to_str().unwrap()],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let rules: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"import"), "{rules:?}");
    assert!(stdout(&o).contains("自然人原文为「/」"));
    // build and new --from take it directly too.
    let o = nianbao(
        dir.path(),
        &["build", seed.to_str().unwrap(), "--html", "-o", "out"],
    );
    assert_exit(&o, 0);
    let o = nianbao(
        dir.path(),
        &["new", "--from", seed.to_str().unwrap(), "-o", "next.toml"],
    );
    assert_exit(&o, 0);
    // The import notes of last year's published report come before the file is used.
    assert!(
        stderr(&o).contains("导入说明：原文第 90 行：联系方式段落"),
        "{}",
        stderr(&o)
    );
    assert!(
        std::fs::read_to_string(dir.path().join("next.toml"))
            .unwrap()
            .contains("year = 2024")
    );
}

/// Seed 003 with one figure changed: 表三（一）予以公开 自然人 18 → 17 (line 105),
/// so its printed 总计 19 (line 111) no longer adds up.
fn broken_seed(dir: &TempDir) -> PathBuf {
    let seed = std::fs::read_to_string(shared().join("seeds/003_bb3457fa9c5656d4.txt")).unwrap();
    let mut lines: Vec<&str> = seed.lines().collect();
    assert_eq!(lines[104], "\t18");
    lines[104] = "\t17";
    let path = dir.path().join("收到的年报.txt");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[test]
fn findings_point_at_the_published_file() {
    let dir = TempDir::new("import-places");
    let path = broken_seed(&dir);
    let o = nianbao(dir.path(), &["check", "收到的年报.txt"]);
    assert_exit(&o, 1);
    let out = stdout(&o);
    // The rule's finding stands at the printed total, with its official label.
    assert!(out.contains("--> 收到的年报.txt:111\n"), "{out}");
    assert!(out.contains("111 | 19\n"), "{out}");
    assert!(
        out.contains("位置：表三 三、本年度办理结果（一）予以公开，总计"),
        "{out}"
    );
    // No line of the in-memory report file is ever shown.
    for toml in ["（导入）", "[table3]", "granted = ["] {
        assert!(!out.contains(toml), "{toml} in {out}");
    }
    // The same places in JSON: file, line, the published text and the label.
    let o = nianbao(dir.path(), &["check", "--format", "json", "收到的年报.txt"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let r3 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "R3")
        .expect("R3");
    assert_eq!(r3["file"], "收到的年报.txt");
    assert_eq!(r3["line"], 111);
    assert_eq!(r3["source_line"], "19");
    assert_eq!(r3["place"], "表三 三、本年度办理结果（一）予以公开，总计");
    drop(path);
    // Import notes with a place show it on their `-->` line (one by one under
    // --verbose), and so do the blank cells they become findings for.
    let odd = root().join("tests/fixtures/import/variants/odd-cells.txt");
    let o = nianbao(dir.path(), &["check", "--verbose", odd.to_str().unwrap()]);
    let out = stdout(&o);
    let shown = format!("--> {}:", odd.display());
    let placed = out
        .split("\n\n")
        .filter(|d| d.starts_with("警告[import]") && d.contains(&shown))
        .count();
    assert!(placed > 0, "{out}");
    let placed = out
        .split("\n\n")
        .filter(|d| d.starts_with("警告[R-blank]") && d.contains(&shown))
        .count();
    assert!(placed > 0, "{out}");
}

/// Every real excerpt and seed, reviewed with `check`: each rule finding on a
/// table stands at a published line with its official label, and no finding
/// shows a line of the in-memory report file.
#[test]
fn published_findings_are_placed_in_every_real_report() {
    let dir = TempDir::new("import-review");
    let mut inputs: Vec<PathBuf> = Vec::new();
    for sub in ["real-excerpts", "seeds"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(shared().join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        inputs.extend(files);
    }
    let mut placed_rules = 0;
    for input in &inputs {
        let o = nianbao(
            dir.path(),
            &["check", "--format", "json", input.to_str().unwrap()],
        );
        let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        for d in json.as_array().unwrap() {
            let what = format!("{}: {d}", input.display());
            assert_eq!(d["file"], input.to_str().unwrap(), "{what}");
            if let Some(line) = d["source_line"].as_str() {
                assert!(
                    !(line.starts_with('[') && line.ends_with(']')
                        || [" = [", " = \"", "\"\"\""].iter().any(|t| line.contains(t))),
                    "a report-file line shown: {what}"
                );
            }
            // A rule on a table cell names its row and column and its published line.
            let rule = d["rule"].as_str().unwrap();
            if ["R1", "R2", "R3", "R4"].contains(&rule) {
                assert!(d["line"].is_u64(), "{what}");
                let place = d["place"].as_str().unwrap_or_default();
                assert!(place.starts_with("表"), "{what}");
                placed_rules += 1;
            }
        }
    }
    // The partial excerpts break R1/R2: the check above did run on real findings.
    assert!(placed_rules >= 5, "{placed_rules}");
}

/// A flip-book page of a real report opens with table 三's last row, before any
/// heading: the row is read as table 三 by its official label (every figure as
/// printed), with one note, instead of being refused.
#[test]
fn a_table_row_before_any_heading_is_read_by_its_label() {
    let dir = TempDir::new("import-row-by-label");
    let (out, notes) = import(
        &dir,
        &shared().join("real-excerpts/18_wendeng-shenjiju-2020-flipbook-p9_FRAGMENT.txt"),
        "wendeng.toml",
    );
    assert!(!notes.contains("是表格的一行"), "{notes}");
    let adopted: Vec<&str> = notes
        .lines()
        .filter(|l| l.contains("按官方行标签认定为表三的行"))
        .collect();
    assert_eq!(adopted.len(), 1, "{notes}");
    assert!(adopted[0].contains("原文第 6 行"), "{}", adopted[0]);
    let text = std::fs::read_to_string(&out).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("carry_forward"))
        .expect("carry_forward row");
    // Transcribed from the page: 「四、结转下年度继续办理 0 0 0 0 0 0 0」.
    assert!(
        row.starts_with("carry_forward = [0, 0, 0, 0, 0, 0, 0]"),
        "{row}"
    );
    assert!(!row.contains("原文没有找到这一行"), "{row}");
    parse(&out);
}

/// A district bureau's page prints table 三 with the 法人或其他组织 columns
/// blank in every row (only 自然人 and 总计; the text drops the blank cells):
/// the figures land in 自然人 and 总计, the blanks are zeros, and one note
/// names the rows instead of one note per row.
#[test]
fn blank_legal_person_columns_are_zeros_with_one_note() {
    let dir = TempDir::new("import-blank-group");
    let (out, notes) = import(
        &dir,
        &shared().join("real-excerpts/09_yueyang-nanhu-ju-2019_PARTIAL.txt"),
        "yueyang.toml",
    );
    let group: Vec<&str> = notes
        .lines()
        .filter(|l| l.contains("「法人或其他组织」各列空白"))
        .collect();
    assert_eq!(group.len(), 1, "{notes}");
    assert!(group[0].contains("表三有 4 行"), "{}", group[0]);
    assert!(!notes.contains("应有 7 个数"), "{notes}");
    // Transcribed from the page (its narrative: 「全年收到依申请公开信息3条」).
    let want = [
        ("new_requests", [3, 0, 0, 0, 0, 0, 3]),
        ("carried_over", [0; 7]),
        ("granted", [3, 0, 0, 0, 0, 0, 3]),
        ("partly_granted", [0; 7]),
    ];
    let got = parse(&out);
    let t3: Vec<(TableId, &str, usize, String, bool)> = figures(&got)
        .into_iter()
        .filter(|(t, f, ..)| *t == TableId::Three && want.iter().any(|(k, _)| k == f))
        .collect();
    for (key, cells) in want {
        let row: Vec<String> = t3
            .iter()
            .filter(|(_, f, ..)| *f == key)
            .map(|(_, _, _, v, _)| v.clone())
            .collect();
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        assert_eq!(row, cells, "{key}");
    }
}

/// A county bureau numbers a long first sentence 「(四)为更好的满足…」 as if it
/// were a sub-heading: it stays body text with its number (noted), and the
/// short headings before it stay headings.
#[test]
fn a_numbered_long_sentence_stays_body_text() {
    let dir = TempDir::new("import-long-heading");
    let (out, notes) = import(
        &dir,
        &shared().join("real-excerpts/14_yicheng-jiaoyuju-2022_PARTIAL.txt"),
        "yicheng.toml",
    );
    assert!(
        notes.contains("不是小标题，连同编号作为正文导入"),
        "{notes}"
    );
    let got = parse(&out);
    let headings: Vec<String> = got
        .overview
        .parts
        .iter()
        .map(|p| p.heading.value.clone())
        .collect();
    assert_eq!(
        headings,
        [
            "主动公开情况",
            "依申请公开受理答复情况",
            "规范政府信息公开平台建设"
        ]
    );
    assert!(
        paragraphs(&got)
            .iter()
            .any(|p| p.starts_with("(四)为更好的满足社会各界对教育信息的需求")),
        "{:?}",
        paragraphs(&got)
    );
}
