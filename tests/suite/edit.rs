//! `nianbao edit`: the format-preserving writer (no browser), the server's
//! refusals over plain HTTP, and the page in headless Chromium.

use std::path::{Path, PathBuf};
use std::time::Duration;

use nianbao::diag::SourceFile;
use nianbao::edit::write::Edit;
use nianbao::edit::{Refusal, apply_text};
use serde_json::{Value, json};
use std::str::FromStr;

use toml_edit::{Document, Item};

use crate::common::*;
use crate::html_support::*;
use crate::served::*;

const WAIT: Duration = Duration::from_secs(15);

/// `nianbao edit FILE --port 0`, with its token.
struct Editor {
    served: Served,
    token: String,
}

impl std::ops::Deref for Editor {
    type Target = Served;
    fn deref(&self) -> &Served {
        &self.served
    }
}

impl Editor {
    fn start(file: &Path) -> Editor {
        Editor::start_with(
            file,
            &["--agency", "某某县市场监督管理局", "--year", "2024"],
        )
    }

    fn start_with(file: &Path, args: &[&str]) -> Editor {
        let served = Served::edit(file, args);
        let token = served.page_token();
        Editor { served, token }
    }

    fn fingerprint(&self) -> String {
        let (status, body) =
            self.call("GET", "/api/fingerprint", &self.addr, Some(&self.token), "");
        assert_eq!(status, 200, "{body}");
        body
    }
}

// ---------------------------------------------------------------- the writer

fn random_text(rng: &mut Rng) -> String {
    const PIECES: [&str; 9] = [
        "全年主动公开政府信息312条。",
        "**加强组织领导**",
        "- 完善制度；",
        "引用{table3.new_requests}件",
        "含\"英文引号\"与\\反斜杠",
        "“中文引号”",
        "# 不是注释",
        "'''",
        "\"\"\"",
    ];
    let n = rng.below(4);
    (0..n)
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect::<Vec<_>>()
        .join(if rng.below(2) == 0 { "\n" } else { "" })
}

/// Comment lines, in order.
fn comments(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#') || l.contains("  # "))
        .map(|l| {
            let at = l.find('#').unwrap();
            l[at..].to_string()
        })
        .collect()
}

#[test]
fn a_new_file_keeps_its_comments_and_layout_through_a_hundred_random_edits() {
    let dir = TempDir::new("edit-property");
    let path = new_file(dir.path(), "report.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut text = original.clone();
    let mut rng = Rng(0x5eed_2024_0042);
    let def = nianbao::format::tables_for(nianbao::format::FormatVersion::V2021);
    for step in 0..100 {
        let before = Document::parse(text.clone()).expect("still TOML");
        let parts = before["overview"]["part"]
            .as_array_of_tables()
            .map_or(0, |a| a.len());
        // Value edits: the file must change exactly at that value's bytes.
        let (edit, span): (Edit, Option<std::ops::Range<usize>>) = match rng.below(10) {
            0..=4 => {
                // A figure the clerk types (a 总计 is computed, not typed).
                let (table, field, column) = loop {
                    let table = def[rng.below(3)];
                    let f = rng.below(table.fields.len());
                    let column = rng.below(table.fields[f].columns.len());
                    if nianbao::edit::totals::parts_of(table, (f, column)).is_none() {
                        break (table, &table.fields[f], column);
                    }
                };
                let value = match field.columns[column].kind {
                    nianbao::format::ValueKind::Amount => {
                        format!("{}.{}", rng.below(999), rng.below(100))
                    }
                    _ => rng.below(5000).to_string(),
                };
                let item = &before[table.id.key()][field.key];
                // The totals that follow the figure change with it.
                let span = match item {
                    _ if field.total.is_some() => None,
                    Item::Value(toml_edit::Value::Array(a)) => a.get(column).and_then(|v| v.span()),
                    other => other.span(),
                };
                (
                    Edit::Cell {
                        table: table.id.key().into(),
                        field: field.key.into(),
                        column,
                        value,
                    },
                    span,
                )
            }
            5 | 6 if parts > 0 => {
                let part = rng.below(parts);
                let span = before["overview"]["part"][part]["text"].span();
                (
                    Edit::Text {
                        section: "overview".into(),
                        part: Some(part),
                        value: random_text(&mut rng),
                    },
                    span,
                )
            }
            5 | 6 => (
                Edit::Text {
                    section: "problems".into(),
                    part: None,
                    value: random_text(&mut rng),
                },
                before["problems"]["text"].span(),
            ),
            7 => (
                Edit::Meta {
                    key: "contact.phone".into(),
                    value: format!("0571-{}", rng.below(9_999_999)),
                },
                None,
            ),
            8 if parts > 1 => (
                Edit::MovePart {
                    section: "overview".into(),
                    part: rng.below(parts - 1),
                    up: false,
                },
                None,
            ),
            8 if parts > 0 => (
                Edit::RemovePart {
                    section: "overview".into(),
                    part: rng.below(parts),
                },
                None,
            ),
            _ => (
                Edit::AddPart {
                    section: "overview".into(),
                },
                None,
            ),
        };
        let file = SourceFile::new("report.toml", text.clone());
        let next = match apply_text(&file, std::slice::from_ref(&edit)) {
            Ok(next) => next,
            Err(e) => panic!("step {step}: {edit:?} refused: {e:?}"),
        };
        if let Some(span) = span {
            assert!(
                next.starts_with(&text[..span.start]) && next.ends_with(&text[span.end..]),
                "step {step}: {edit:?} changed bytes outside its value"
            );
        }
        // What the edit wrote reads back.
        let after = Document::parse(next.clone()).expect("still TOML");
        match &edit {
            Edit::Cell {
                table,
                field,
                column,
                value,
            } => {
                let item = &after[table.as_str()][field.as_str()];
                // The digits as the file writes them (a parsed Document keeps their place).
                let got = match item {
                    Item::Value(toml_edit::Value::Array(a)) => a.get(*column).unwrap().span(),
                    other => other.as_value().unwrap().span(),
                };
                assert_eq!(&next[got.unwrap()], value, "step {step}");
            }
            Edit::Text { value, part, .. } => {
                let got = match part {
                    Some(i) => after["overview"]["part"][*i]["text"].as_str(),
                    None => after["problems"]["text"].as_str(),
                };
                assert_eq!(got.unwrap().trim_end(), value.trim_end(), "step {step}");
            }
            _ => {}
        }
        text = next;
    }
    // Every comment outside the parts (which the clerk may delete) survives, in order.
    let outside = |t: &str| {
        let start = t.find("[[overview.part]]").unwrap_or(t.len());
        let end = t.find("# 需要更多小标题时").unwrap();
        let mut c = comments(&t[..start]);
        c.extend(comments(&t[end..]));
        c
    };
    let kept: Vec<String> = outside(&text)
        .into_iter()
        .filter(|c| !c.contains("联系方式"))
        .collect();
    let want: Vec<String> = outside(&original)
        .into_iter()
        .filter(|c| !c.contains("联系方式"))
        .collect();
    assert_eq!(kept, want);
    // Tables still begin after one blank line, as `new` wrote them.
    for header in [
        "\n\n[table2]",
        "\n\n[table3]",
        "\n\n[table4]",
        "\n\n[problems]",
        "\n\n[other]",
    ] {
        assert!(
            text.contains(header),
            "{header:?} lost its blank line:\n{text}"
        );
    }
}

#[test]
fn removing_an_added_part_gives_back_the_same_bytes() {
    let dir = TempDir::new("edit-add-remove");
    let path = new_file(dir.path(), "report.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let file = SourceFile::new("report.toml", original.clone());
    let added = apply_text(
        &file,
        &[Edit::AddPart {
            section: "overview".into(),
        }],
    )
    .unwrap();
    assert_eq!(added.matches("\n[[overview.part]]").count(), 6);
    // The new part sits right after the last one, before the comment that follows them.
    let at = added.rfind("\n[[overview.part]]").unwrap();
    assert!(at < added.find("# 需要更多小标题时").unwrap());
    let back = apply_text(
        &SourceFile::new("report.toml", added),
        &[Edit::RemovePart {
            section: "overview".into(),
            part: 5,
        }],
    )
    .unwrap();
    assert_eq!(back, original);
    // Moving a part down and up again is also the identity.
    let moved = apply_text(
        &SourceFile::new("report.toml", original.clone()),
        &[
            Edit::MovePart {
                section: "overview".into(),
                part: 1,
                up: false,
            },
            Edit::MovePart {
                section: "overview".into(),
                part: 2,
                up: true,
            },
        ],
    )
    .unwrap();
    assert_eq!(moved, original);
}

#[test]
fn values_the_file_cannot_hold_are_refused_with_checks_message() {
    let dir = TempDir::new("edit-refused");
    let path = new_file(dir.path(), "report.toml");
    let file = SourceFile::new(&path, std::fs::read_to_string(&path).unwrap());
    let cell = |value: &str| Edit::Cell {
        table: "table3".into(),
        field: "granted".into(),
        column: 1,
        value: value.into(),
    };
    for (typed, words) in [
        ("-2", "负数"),
        ("三", "应为数字"),
        ("1.5", "应为整数"),
        ("1234567890123", "不合常理"),
    ] {
        match apply_text(&file, &[cell("0"), cell(typed)]) {
            Err(Refusal::Invalid { message, .. }) => {
                assert!(message.contains(words), "{typed}: {message}");
                assert!(message.contains("予以公开"), "{message}");
            }
            other => panic!("{typed}: {other:?}"),
        }
    }
    // An amount keeps its digits exactly.
    let fees = Edit::Cell {
        table: "table2".into(),
        field: "fees".into(),
        column: 0,
        value: "0.30".into(),
    };
    let text = apply_text(&file, &[fees]).unwrap();
    assert!(text.contains("fees = 0.30  # "), "{text}");
}

// ---------------------------------------------------------------- over HTTP

#[test]
fn writes_need_the_token_the_host_and_the_current_version() {
    let dir = TempDir::new("edit-http");
    let path = dir.path().join("新报告.toml");
    let editor = Editor::start(&path);
    // The missing file was created with `new`'s content.
    let created = std::fs::read_to_string(&path).unwrap();
    assert!(created.contains("[[overview.part]]") && created.contains("某某县市场监督管理局"));
    let base = editor.fingerprint();
    let body = json!({ "base": base, "edits": [
        { "op": "cell", "table": "table3", "field": "granted", "column": 0, "value": "4" }
    ]})
    .to_string();
    let addr = editor.addr.clone();
    // Without the token, with a wrong one, from a foreign Host: refused, file untouched.
    assert_eq!(editor.call("POST", "/api/edit", &addr, None, &body).0, 403);
    assert_eq!(
        editor
            .call(
                "POST",
                "/api/edit",
                &addr,
                Some("0123456789abcdef0123456789abcdef"),
                &body
            )
            .0,
        403
    );
    assert_eq!(
        editor
            .call(
                "POST",
                "/api/edit",
                "evil.example:80",
                Some(&editor.token),
                &body
            )
            .0,
        403
    );
    assert_eq!(editor.call("GET", "/api/state", &addr, None, "").0, 403);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), created);
    // No path reaches the file system.
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/x",
        "/新报告.toml",
        "/templates/edit.js",
    ] {
        let status = editor.call("GET", target, &addr, None, "").0;
        assert!(status == 400 || status == 404, "{target}: {status}");
    }
    // With the token: written, only that cell changed.
    let (status, reply) = editor.call("POST", "/api/edit", &addr, Some(&editor.token), &body);
    assert_eq!(status, 200, "{reply}");
    let now = std::fs::read_to_string(&path).unwrap();
    // That cell, and the totals the file writes follow it.
    assert_eq!(
        now,
        created
            .replacen(
                "granted = [0, 0, 0, 0, 0, 0, 0]",
                "granted = [4, 0, 0, 0, 0, 0, 4]",
                1
            )
            .replacen(
                "total = [0, 0, 0, 0, 0, 0, 0]",
                "total = [4, 0, 0, 0, 0, 0, 4]",
                1
            )
    );
    // The same write again against the old version: a conflict, nothing written.
    let (status, reply) = editor.call("POST", "/api/edit", &addr, Some(&editor.token), &body);
    assert_eq!(status, 409, "{reply}");
    assert!(reply.contains("文件已在别处被修改"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), now);
    // A negative count: check's message, file untouched.
    let bad = json!({ "base": editor.fingerprint(), "edits": [
        { "op": "cell", "table": "table3", "field": "granted", "column": 0, "value": "-1" }
    ]})
    .to_string();
    let (status, reply) = editor.call("POST", "/api/edit", &addr, Some(&editor.token), &bad);
    assert_eq!(status, 422, "{reply}");
    let v: Value = serde_json::from_str(&reply).unwrap();
    assert!(
        v["refusal"]["message"].as_str().unwrap().contains("负数"),
        "{reply}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), now);
}

// ---------------------------------------------------------------- in the browser

/// Waits until the page has drawn the tables.
fn open(browser: &Browser, editor: &Editor) {
    browser.go(&editor.url());
    let ready = browser.wait_for(
        "return document.querySelectorAll('table.official input').length",
        WAIT,
        |v| v.as_u64().unwrap_or(0) > 100,
    );
    assert!(
        ready.as_u64().unwrap_or(0) > 100,
        "page did not draw: {ready}"
    );
}

fn wait_file(path: &Path, done: impl Fn(&str) -> bool) -> String {
    let started = std::time::Instant::now();
    loop {
        let text = std::fs::read_to_string(path).unwrap();
        if done(&text) || started.elapsed() > WAIT {
            return text;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn line_of<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or("")
}

#[test]
fn typing_and_pasting_into_the_tables_change_exactly_those_cells() {
    let dir = TempDir::new("edit-browser-cells");
    let path = new_file(dir.path(), "report.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-cells");
    browser.resize(1280, 900);
    open(&browser, &editor);

    // Typing replaces; Tab moves right, Enter moves down.
    browser.type_into(
        "input[data-loc='table3.new_requests.0']",
        "12\u{e004}3\u{e007}",
    );
    let focused = browser.run("return document.activeElement.dataset.loc");
    assert_eq!(focused, json!("table3.carried_over.1"));
    let text = wait_file(&path, |t| line_of(t, "new_requests").contains("[12, 3,"));
    // The row's 总计, written in the file, follows.
    let want = original.replacen(
        "new_requests = [0, 0, 0, 0, 0, 0, 0]",
        "new_requests = [12, 3, 0, 0, 0, 0, 15]",
        1,
    );
    assert_eq!(text, want, "the file differs elsewhere than the two cells");
    // The page has drawn what it saved (a paste during a save is its own test,
    // a_paste_over_a_value_still_being_saved_is_saved).
    browser.wait_for(
        "return document.getElementById('status').textContent",
        WAIT,
        |v| v.as_str().is_some_and(|s| s.starts_with("已保存")),
    );

    // A 7 × 25 block from a spreadsheet fills table 三 from the focused cell.
    let def = nianbao::format::table_def(
        nianbao::format::FormatVersion::V2021,
        nianbao::format::TableId::Three,
    );
    let fields: Vec<&str> = def.fields.iter().map(|f| f.key).collect();
    assert_eq!(fields.len(), 25);
    let block: Vec<Vec<u32>> = (0..25u32)
        .map(|r| (0..7u32).map(|c| r * 10 + c).collect())
        .collect();
    let tsv: String = block
        .iter()
        .map(|row| {
            row.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join("\t")
                + "\r\n"
        })
        .collect();
    let paste = |loc: &str, tsv: &str| {
        browser.run(&format!(
            "var i = document.querySelector(\"input[data-loc='{loc}']\"); i.focus();
             var dt = new DataTransfer(); dt.setData('text/plain', {tsv});
             i.dispatchEvent(new ClipboardEvent('paste', {{ clipboardData: dt, bubbles: true, cancelable: true }}));
             return true;",
            tsv = json!(tsv)
        ))
    };
    paste("table3.new_requests.0", &tsv);
    let text = wait_file(&path, |t| line_of(t, "carry_forward").contains("240"));
    // Every 总计 is computed, not pasted: each row's last column, and the whole
    // （七）总计 row (the sum of the outcome rows).
    let outcomes = def.outcome_fields();
    let mut rows: Vec<Vec<u32>> = block.iter().map(|r| r[..6].to_vec()).collect();
    let total_row = def.field_index("total");
    rows[total_row] = (0..6)
        .map(|c| outcomes.iter().map(|&i| block[i][c]).sum())
        .collect();
    let mut want = original.clone();
    for (key, row) in fields.iter().zip(&rows) {
        let mut numbers: Vec<String> = row.iter().map(u32::to_string).collect();
        numbers.push(row.iter().sum::<u32>().to_string());
        want = want.replacen(
            &format!("{key} = [0, 0, 0, 0, 0, 0, 0]"),
            &format!("{key} = [{}]", numbers.join(", ")),
            1,
        );
    }
    let differ: Vec<(&str, &str)> = text
        .lines()
        .zip(want.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(differ.is_empty(), "file ≠ expected: {differ:#?}");
    let said = browser.wait_for(
        "return document.getElementById('notice').textContent",
        WAIT,
        |v| v.as_str().unwrap_or("").contains("144"),
    );
    assert!(
        said.as_str()
            .unwrap()
            .contains("已粘贴 144 个格子（31 个总计由工具计算，未填入）"),
        "{said}"
    );

    // Non-numbers in a paste: marked cell by cell, nothing applied.
    paste("table3.granted.0", "1\t2\t三\n4\t/\t6\n");
    let marked = browser.wait_for(
        "return Array.from(document.querySelectorAll('td.paste-bad input')).map(function (i) { return i.dataset.loc; })",
        WAIT,
        |v| v.as_array().is_some_and(|a| a.len() == 2),
    );
    assert_eq!(
        marked,
        json!(["table3.granted.2", "table3.partly_granted.1"])
    );
    let notice = browser.run("return document.getElementById('notice').textContent");
    assert!(
        notice.as_str().unwrap().contains("一个格子也没有改"),
        "{notice}"
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);

    // Screenshots at the sizes the clerk uses: the page must fill them sensibly.
    for (w, h) in [(1280, 900), (1366, 768)] {
        browser.resize(w, h);
        browser.run("document.getElementById('sec-table3').scrollIntoView(); return 0");
        let png = browser.screenshot();
        assert!(png.starts_with(b"\x89PNG"), "screenshot at {w}");
        let overflow = browser.run(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
        );
        assert_eq!(overflow, json!(0), "horizontal scrolling at {w}×{h}");
        if let Some(out) = std::env::var_os("NIANBAO_EDIT_SHOTS") {
            std::fs::write(PathBuf::from(out).join(format!("edit-{w}.png")), png).unwrap();
        }
    }
}

/// A value pasted over a cell whose typed value is still being saved is
/// saved too, even when it equals what the file had before: the page used to
/// take it for "no change" and the typed value stayed.
#[test]
fn a_paste_over_a_value_still_being_saved_is_saved() {
    let dir = TempDir::new("edit-browser-overlap");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-overlap");
    open(&browser, &editor);
    // The second paste as soon as the first save is on its way (its request is
    // made at the end of this script), long before the server can answer.
    browser.run(
        "function paste(tsv) {
           var i = document.querySelector(\"input[data-loc='table3.new_requests.0']\"); i.focus();
           var dt = new DataTransfer(); dt.setData('text/plain', tsv);
           i.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
         }
         paste('12\t3'); window.setTimeout(function () { paste('0\t4'); }, 0); return true;",
    );
    let text = wait_file(&path, |t| line_of(t, "new_requests").contains("[0, 4,"));
    assert!(
        line_of(&text, "new_requests").starts_with("new_requests = [0, 4, 0, 0, 0, 0, 4]"),
        "{}",
        line_of(&text, "new_requests")
    );
    // And it stays so once every save is answered.
    std::thread::sleep(Duration::from_millis(800));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        line_of(&text, "new_requests").starts_with("new_requests = [0, 4, 0, 0, 0, 0, 4]"),
        "{}",
        line_of(&text, "new_requests")
    );
}

#[test]
fn findings_appear_beside_the_cell_and_go_when_fixed() {
    let dir = TempDir::new("edit-browser-findings");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-findings");
    open(&browser, &editor);
    let r1 = "return Array.from(document.querySelectorAll('li[data-rule=R1]')).map(function (li) { return li.dataset.cell; })";
    assert_eq!(browser.run(r1), json!([]));
    // 一、本年新收 5 with nothing handled: R1 breaks in the 自然人 column.
    browser.type_into("input[data-loc='table3.new_requests.0']", "5\u{e004}");
    let cells = browser.wait_for(r1, WAIT, |v| v.as_array().is_some_and(|a| !a.is_empty()));
    assert!(
        cells
            .as_array()
            .unwrap()
            .contains(&json!("table3.carry_forward.0")),
        "{cells}"
    );
    let marked = browser.run(
        "return document.querySelector(\"input[data-loc='table3.carry_forward.0']\").closest('td').className",
    );
    assert!(
        marked.as_str().unwrap().contains("finding-error"),
        "{marked}"
    );
    // The message is check's own.
    let o = nianbao(dir.path(), &["check", "report.toml"]);
    let message =
        browser.run("return document.querySelector('li[data-rule=R1] .message').textContent");
    assert!(stdout(&o).contains(message.as_str().unwrap()), "{message}");
    // Carry the 5 forward: R1 holds again and the finding goes.
    browser.type_into("input[data-loc='table3.carry_forward.0']", "5\u{e004}");
    let gone = browser.wait_for(r1, WAIT, |v| v.as_array().is_some_and(Vec::is_empty));
    assert_eq!(gone, json!([]));
}

#[test]
fn paragraphs_and_parts_are_edited_in_place() {
    let dir = TempDir::new("edit-browser-text");
    let path = new_file(dir.path(), "report.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-text");
    open(&browser, &editor);
    // A paragraph with markup characters and a would-be script stays text.
    let words = "全年收到申请{table3.new_requests}件。\n<script>alert(1)</script>\"引号\"";
    browser.run(&format!(
        "var t = document.querySelector(\"textarea[data-loc='overview.part.1.text']\");
         t.focus(); t.value = {}; t.dispatchEvent(new Event('change')); return 0;",
        json!(words)
    ));
    let text = wait_file(&path, |t| t.contains("全年收到申请"));
    let doc = Document::parse(text.clone()).unwrap();
    assert_eq!(
        doc["overview"]["part"][1]["text"].as_str().unwrap(),
        format!("{words}\n")
    );
    assert!(text.contains("# 写明：收到和办理政府信息公开申请的总体情况"));
    assert_eq!(
        browser.run("return document.querySelectorAll('script').length"),
        json!(1),
        "report text became markup"
    );
    let before_add = text.clone();
    // Add a part, name it, then remove it: the file is as before.
    browser.run("Array.from(document.querySelectorAll('button')).find(function (b) { return b.textContent.indexOf('增加小标题') >= 0; }).click(); return 0;");
    wait_file(&path, |t| t.matches("\n[[overview.part]]").count() == 6);
    browser.wait_for(
        "return document.querySelectorAll(\"#sec-overview .part\").length",
        WAIT,
        |v| v == &json!(6),
    );
    browser.type_into(
        "input[data-loc='overview.part.5.heading']",
        "政务公开工作要点落实情况\u{e004}",
    );
    let text = wait_file(&path, |t| {
        t.contains("heading = \"政务公开工作要点落实情况\"")
    });
    assert!(
        text.contains("heading = \"政务公开工作要点落实情况\""),
        "{text}"
    );
    browser.run(
        "document.querySelector(\"[data-loc='overview.part.5'] .remove-part\").click(); return 0;",
    );
    let text = wait_file(&path, |t| t.matches("\n[[overview.part]]").count() == 5);
    assert_eq!(text, before_add);
    assert_ne!(text, original);
}

/// Sets a field's value as typing would (an `input` event) without leaving it.
fn type_value(browser: &Browser, key: &str, value: &str) {
    browser.run(&format!(
        "var f = document.querySelector('[data-key=\"{key}\"]'); f.focus(); f.value = {v};
         f.dispatchEvent(new Event('input', {{ bubbles: true }})); return 0;",
        v = json!(value)
    ));
}

fn leave(browser: &Browser, key: &str) {
    browser.run(&format!(
        "var f = document.querySelector('[data-key=\"{key}\"]'); f.dispatchEvent(new Event('change')); f.blur(); return 0;"
    ));
}

#[test]
fn an_outside_change_to_another_field_is_merged_and_to_the_same_field_is_asked() {
    let dir = TempDir::new("edit-browser-conflict");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-conflict");
    open(&browser, &editor);
    // Another editor saves the file; at once the clerk types into another cell.
    let elsewhere = std::fs::read_to_string(&path)
        .unwrap()
        .replace("licensing = 0", "licensing = 42");
    std::fs::write(&path, &elsewhere).unwrap();
    type_value(&browser, "table2.punishment.0", "9");
    leave(&browser, "table2.punishment.0");
    let text = wait_file(&path, |t| t.contains("punishment = 9"));
    assert_eq!(
        text,
        elsewhere.replace("punishment = 0", "punishment = 9"),
        "both changes are in the file"
    );
    let shown = browser.wait_for(
        "return document.querySelector(\"input[data-loc='table2.licensing.0']\").value",
        WAIT,
        |v| v == &json!("42"),
    );
    assert_eq!(shown, json!("42"));

    // A paragraph typed into 六 while a colleague changes the same paragraph,
    // at several timings: nothing either side wrote is lost.
    let mut asked = 0;
    for (round, pause_ms) in [0u64, 200, 500, 2500].into_iter().enumerate() {
        let mine = format!("本机关第{round}稿：无其他需要报告的事项。");
        let theirs = format!("同事第{round}稿：另有一项说明。");
        type_value(&browser, "other.text", &mine);
        std::thread::sleep(Duration::from_millis(pause_ms));
        // The colleague's editor writes its version (unless the page's save came first).
        let now = std::fs::read_to_string(&path).unwrap();
        let mut d = toml_edit::DocumentMut::from_str(&now).unwrap();
        d["other"]["text"] = toml_edit::value(format!("{theirs}\n"));
        std::fs::write(&path, d.to_string()).unwrap();
        leave(&browser, "other.text");
        // Which came first is read from the outcome (under load a save may be
        // on its way while the colleague writes): either the page shows both
        // versions, or the page's save was on disk first and the page now shows
        // the colleague's newer version.
        let outcome = browser.wait_for(
            &format!(
                "if (document.querySelector('[data-conflict=\"other.text\"]')) {{ return 'conflict'; }}
                 var f = document.querySelector('[data-key=\"other.text\"]');
                 return f && f.value === {} && !f.classList.contains('unsaved') ? 'theirs' : '';",
                json!(theirs)
            ),
            WAIT,
            |v| v.as_str().is_some_and(|s| !s.is_empty()),
        );
        if outcome == json!("theirs") {
            let file = Document::parse(std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(
                file["other"]["text"].as_str(),
                Some(format!("{theirs}\n").as_str()),
                "round {round}"
            );
            continue;
        }
        assert_eq!(outcome, json!("conflict"), "round {round}");
        // Same field on both sides: both versions shown, the file keeps its own.
        let choice = browser.wait_for(
            "var c = document.querySelector('[data-conflict=\"other.text\"]'); return c ? c.textContent : ''",
            WAIT,
            |v| v.as_str().is_some_and(|t| !t.is_empty()),
        );
        let choice = choice.as_str().unwrap();
        assert!(
            choice.contains(&mine) && choice.contains(&theirs),
            "round {round}: {choice}"
        );
        for button in ["保留我的", "采用文件中的", "合并后再改"] {
            assert!(choice.contains(button), "{button}: {choice}");
        }
        let file = Document::parse(std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            file["other"]["text"].as_str(),
            Some(format!("{theirs}\n").as_str())
        );
        let pick = ["mine", "theirs", "both"][asked % 3];
        asked += 1;
        browser.run(&format!(
            "document.querySelector('[data-conflict=\"other.text\"] [data-choice=\"{pick}\"]').click(); return 0;"
        ));
        let want = match pick {
            "mine" => format!("{mine}\n"),
            "theirs" => format!("{theirs}\n"),
            _ => format!("{theirs}\n{mine}\n"),
        };
        let text = wait_file(&path, |t| {
            Document::parse(t.to_string())
                .is_ok_and(|d| d["other"]["text"].as_str() == Some(want.as_str()))
        });
        let d = Document::parse(text).unwrap();
        assert_eq!(
            d["other"]["text"].as_str(),
            Some(want.as_str()),
            "round {round}"
        );
        let status = browser.wait_for(
            "return document.getElementById('status').textContent",
            WAIT,
            |v| {
                v.as_str()
                    .is_some_and(|s| !s.contains("冲突") && !s.contains("未保存"))
            },
        );
        assert!(!status.as_str().unwrap().contains("冲突"), "{status}");
    }
    assert!(
        asked >= 2,
        "the same field was changed on both sides only {asked} times"
    );
}

#[test]
fn narrative_is_saved_a_moment_after_the_last_keystroke() {
    let dir = TempDir::new("edit-browser-debounce");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-debounce");
    open(&browser, &editor);
    // Typed keystroke by keystroke and never left: saved all the same.
    browser.type_into("textarea[data-loc='problems.text']", "人员力量不足。");
    let started = std::time::Instant::now();
    let text = wait_file(&path, |t| t.contains("人员力量不足。"));
    assert!(
        text.contains("人员力量不足。"),
        "not saved while the box had focus"
    );
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(
        browser.run("return document.activeElement.dataset.key"),
        json!("problems.text")
    );
}

/// A report file as Notepad saves it in another encoding.
fn foreign_file(dir: &Path, name: &str, encode: impl Fn(&str) -> Vec<u8>) -> (PathBuf, Vec<u8>) {
    let utf8 = new_file(dir, "utf8-source.toml");
    let text = std::fs::read_to_string(&utf8).unwrap();
    std::fs::remove_file(&utf8).unwrap();
    let bytes = encode(&text);
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

#[test]
fn gbk_and_utf16_files_are_never_changed_and_a_utf8_copy_is_offered() {
    let dir = TempDir::new("edit-browser-encoding");
    let gbk = |t: &str| encoding_rs::GBK.encode(t).0.into_owned();
    let utf16 = |t: &str| {
        let mut b = vec![0xFF, 0xFE];
        b.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
        b
    };
    let browser = Browser::start("edit-encoding");
    for (name, encode) in [
        ("gbk.toml", &gbk as &dyn Fn(&str) -> Vec<u8>),
        ("utf16.toml", &utf16),
    ] {
        let (path, bytes) = foreign_file(dir.path(), name, encode);
        let editor = Editor::start(&path);
        browser.go(&editor.url());
        let blocked = browser.wait_for(
            "var b = document.querySelector('.blocked'); return b ? b.textContent : ''",
            WAIT,
            |v| v.as_str().is_some_and(|t| !t.is_empty()),
        );
        let blocked = blocked.as_str().unwrap().to_string();
        let check = nianbao(dir.path(), &["check", name]);
        let first = stdout(&check) + &stderr(&check);
        let message = first
            .lines()
            .find(|l| l.contains("编码"))
            .and_then(|l| l.split("]: ").nth(1))
            .unwrap_or_else(|| panic!("check says: {first}"));
        assert!(blocked.contains(message), "{name}: {blocked} / {message}");
        // Nothing to type into; typing anyway (the keyboard in the page) changes nothing.
        assert_eq!(
            browser
                .run("return document.querySelectorAll('#editor input, #editor textarea').length"),
            json!(0)
        );
        browser.type_into("body", "12\u{e004}某某局\u{e007}");
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} changed");
        // The offered copy: beside it, UTF-8, the same report; the original untouched.
        browser.run("document.getElementById('convert').click(); return 0;");
        open(&browser, &editor);
        let copy = dir.path().join(name.replace(".toml", "-utf8.toml"));
        let copied = std::fs::read_to_string(&copy).expect("a UTF-8 copy");
        assert!(copied.contains("某某县市场监督管理局"));
        browser.type_into("input[data-loc='table3.new_requests.0']", "7\u{e004}");
        wait_file(&copy, |t| line_of(t, "new_requests").contains("[7,"));
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} changed");
        // A second copy is never written over the first.
        assert!(line_of(&std::fs::read_to_string(&copy).unwrap(), "new_requests").contains("[7,"));
    }
}

#[test]
fn numbers_are_taken_as_people_type_them() {
    let dir = TempDir::new("edit-browser-typed");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-typed");
    open(&browser, &editor);
    // Each step starts once the page has drawn the last save.
    let settled = || {
        browser.wait_for(
            "return document.getElementById('status').textContent",
            WAIT,
            |v| v.as_str().unwrap_or("").starts_with("已保存"),
        );
    };
    let note = "return Array.from(document.querySelectorAll('.typed-note')).map(function (n) { return n.textContent; }).join('|')";
    // Thousands separators and a unit, typed: stored as the number, with a note.
    browser.type_into("input[data-loc='table3.new_requests.0']", "1,700\u{e004}");
    let text = wait_file(&path, |t| line_of(t, "new_requests").contains("[1700,"));
    assert!(
        line_of(&text, "new_requests").contains("[1700,"),
        "{}",
        line_of(&text, "new_requests")
    );
    let said = browser.wait_for(note, WAIT, |v| v.as_str().unwrap_or("").contains("1700"));
    assert!(said.as_str().unwrap().contains("已按 1700 保存"), "{said}");
    settled();
    browser.type_into("input[data-loc='table2.licensing.0']", "１２件\u{e004}");
    let text = wait_file(&path, |t| t.contains("licensing = 12 "));
    assert!(
        text.contains("licensing = 12  # "),
        "{}",
        line_of(&text, "licensing")
    );
    // 万元 keep their digits as written.
    settled();
    browser.type_into("input[data-loc='table2.fees.0']", "12.30万元\u{e004}");
    let text = wait_file(&path, |t| t.contains("fees = 12.30"));
    assert!(
        text.contains("fees = 12.30  # "),
        "{}",
        line_of(&text, "fees")
    );
    assert_eq!(
        browser.wait_for(
            "return document.querySelector(\"input[data-loc='table2.fees.0']\").value",
            WAIT,
            |v| v == &json!("12.30")
        ),
        json!("12.30")
    );
    // Anything else is refused, what was typed stays visible, and the status
    // says so until it is corrected.
    settled();
    let before = std::fs::read_to_string(&path).unwrap();
    browser.type_into(
        "input[data-loc='table2.punishment.0']",
        "\u{e009}a\u{e009}十二\u{e004}",
    );
    let status = browser.wait_for(
        "return document.getElementById('status').textContent",
        WAIT,
        |v| v.as_str() == Some("未保存"),
    );
    assert_eq!(status, json!("未保存"));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        browser
            .run("return document.querySelector(\"input[data-loc='table2.punishment.0']\").value"),
        json!("十二")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    browser.type_into(
        "input[data-loc='table2.punishment.0']",
        "\u{e009}a\u{e009}12\u{e004}",
    );
    wait_file(&path, |t| t.contains("punishment = 12 "));
    let status = browser.wait_for(
        "return document.getElementById('status').textContent",
        WAIT,
        |v| v.as_str().unwrap_or("").starts_with("已保存"),
    );
    assert!(status.as_str().unwrap().starts_with("已保存"), "{status}");
    settled();
    // A pasted block with separators and units is taken the same way.
    browser.run(
        "var i = document.querySelector(\"input[data-loc='table3.granted.0']\"); i.focus();
         var dt = new DataTransfer(); dt.setData('text/plain', '1,200\\t12件\\t１２\\n');
         i.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
         return 0;",
    );
    let text = wait_file(&path, |t| line_of(t, "granted").contains("[1200, 12, 12,"));
    assert!(
        line_of(&text, "granted").contains("[1200, 12, 12,"),
        "{}",
        line_of(&text, "granted")
    );
}

#[test]
fn the_page_does_the_arithmetic_as_the_clerk_types() {
    let dir = TempDir::new("edit-browser-sums");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-sums");
    open(&browser, &editor);
    // Every 总计 and the whole （七）总计 row: grey, nothing to type into.
    let computed = browser.run(
        "return Array.from(document.querySelectorAll('#table3 td.computed')).map(function (td) { return td.dataset.loc; })",
    );
    let computed: Vec<String> = serde_json::from_value(computed).unwrap();
    assert_eq!(computed.len(), 25 + 6, "{computed:?}");
    assert!(computed.contains(&"table3.granted.6".to_string()));
    assert!(computed.contains(&"table3.total.0".to_string()));
    assert_eq!(
        browser.run("return document.querySelectorAll('#table3 td.computed input').length"),
        json!(0)
    );
    let background = browser.run(
        "return getComputedStyle(document.querySelector(\"td[data-loc='table3.total.0']\")).backgroundColor",
    );
    assert_ne!(background, json!("rgba(0, 0, 0, 0)"));
    // Typed, not yet saved: the sums and the 勾稽关系 follow at once.
    type_value(&browser, "table3.granted.0", "5");
    type_value(&browser, "table3.granted.1", "２");
    let cell = |loc: &str| {
        browser.run(&format!(
            "return document.querySelector(\"td[data-loc='{loc}']\").textContent"
        ))
    };
    assert_eq!(cell("table3.granted.6"), json!("7"));
    assert_eq!(cell("table3.total.0"), json!("5"));
    assert_eq!(cell("table3.total.6"), json!("7"));
    let balance = "return document.querySelector('#sec-table3 p.balance').textContent";
    let said = browser.run(balance);
    assert!(
        said.as_str()
            .unwrap()
            .contains("一 + 二 = 0；（七）总计 + 四 = 7，差 7"),
        "{said}"
    );
    leave(&browser, "table3.granted.1");
    type_value(&browser, "table3.new_requests.0", "5");
    type_value(&browser, "table3.new_requests.1", "2");
    let said = browser.run(balance);
    assert!(said.as_str().unwrap().contains("= 7，相等"), "{said}");
    leave(&browser, "table3.new_requests.1");
    // The file's written totals follow: check finds nothing to add up.
    let text = wait_file(&path, |t| {
        line_of(t, "new_requests").contains("[5, 2, 0, 0, 0, 0, 7]")
    });
    assert!(
        line_of(&text, "total").contains("[5, 2, 0, 0, 0, 0, 7]"),
        "{}",
        line_of(&text, "total")
    );
    let o = nianbao(dir.path(), &["check", "report.toml"]);
    for rule in ["[R1]", "[R2]", "[R3]"] {
        assert!(!stdout(&o).contains(rule), "{rule}: {}", stdout(&o));
    }
}

#[test]
fn findings_speak_of_the_page_and_the_count_leads_to_each() {
    let dir = TempDir::new("edit-browser-words");
    let path = new_file(dir.path(), "report.toml");
    // A row left out and the narrative still empty: check speaks of keys.
    let text = std::fs::read_to_string(&path).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("direct_suit = "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, &text).unwrap();
    let o = nianbao(dir.path(), &["check", "report.toml"]);
    let cli = stdout(&o) + &stderr(&o);
    assert!(cli.contains("direct_suit = "), "{cli}");
    assert!(cli.contains("text = \"\"\""), "{cli}");
    assert!(
        cli.contains("report.toml:"),
        "the command line keeps positions: {cli}"
    );
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-words");
    open(&browser, &editor);
    let shown = browser.run(
        "return Array.from(document.querySelectorAll('.findings li')).map(function (li) { return li.textContent; })",
    );
    let shown: Vec<String> = serde_json::from_value(shown).unwrap();
    assert!(shown.len() >= 6, "{shown:?}");
    for s in &shown {
        for toml in ["\"\"\"", " = ", "direct_suit", "[table", "行第"] {
            assert!(!s.contains(toml), "{toml} in {s}");
        }
    }
    assert!(
        shown.iter().any(|s| s.contains("行政诉讼未经复议直接起诉")),
        "{shown:?}"
    );
    // The count opens the list; 「下一处问题」 goes to each in turn.
    browser.run("document.getElementById('summary').click(); return 0;");
    let listed = browser.run("return document.querySelectorAll('#problem-list li').length");
    assert_eq!(listed.as_u64().unwrap() as usize, shown.len());
    let mut seen = Vec::new();
    for _ in 0..3 {
        browser.run("document.getElementById('next-problem').click(); return 0;");
        let at = browser.run(
            "var a = document.activeElement; return (a && a.dataset && a.dataset.key) || (document.querySelector('.flash') || {}).id || '';",
        );
        seen.push(at.as_str().unwrap_or("").to_string());
    }
    assert!(seen.iter().all(|s| !s.is_empty()), "{seen:?}");
    assert_ne!(seen[0], seen[1], "{seen:?}");
    let y = browser.run("return window.scrollY");
    assert!(
        y.as_f64().unwrap() > 0.0,
        "the page scrolled to the problem"
    );
}

#[test]
fn a_new_file_starts_with_its_agency_and_year_never_its_file_name() {
    let dir = TempDir::new("edit-browser-new");
    let path = dir.path().join("2025年报.toml");
    let editor = Editor::start_with(&path, &[]);
    // Nothing is written before the clerk says who and which year.
    assert!(!path.exists());
    // The report's style sheet reaches the page: its tables are ruled.
    let (status, css) = editor.call("GET", "/report.css", &editor.addr, None, "");
    assert_eq!(status, 200);
    assert!(
        css.contains("table.official th, table.official td { border: 1px solid"),
        "{css}"
    );
    let browser = Browser::start("edit-new");
    browser.go(&editor.url());
    let screen = browser.wait_for(
        "var f = document.querySelector('form.first-screen'); return f ? f.textContent : ''",
        WAIT,
        |v| v.as_str().is_some_and(|t| !t.is_empty()),
    );
    let screen = screen.as_str().unwrap();
    assert!(
        screen.contains("机关名称") && screen.contains("报告年度"),
        "{screen}"
    );
    assert!(screen.contains("自动保存"), "{screen}");
    assert_eq!(
        browser.run("return document.getElementById('new-agency').value"),
        json!(""),
        "the agency is never taken from the file name"
    );
    browser.type_into("#new-agency", "某某市生态环境局");
    browser.run("var y = document.getElementById('new-year'); y.value = '2024年'; return 0;");
    browser.run("document.getElementById('new-create').click(); return 0;");
    open(&browser, &editor);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("agency = \"某某市生态环境局\""), "{text}");
    assert!(text.contains("year = 2024"));
    assert!(!text.contains("2025年报"), "titled from the file name");
    // The grid is drawn with rules, as in the preview.
    let border = browser
        .run("return getComputedStyle(document.querySelector('#table3 td.num')).borderTopStyle");
    assert_eq!(border, json!("solid"));
}

#[test]
fn a_head_past_the_limit_is_refused_whole() {
    let dir = TempDir::new("edit-head-limit");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let padding: String = (0..180)
        .map(|i| format!("X-Pad-{i}: {}\r\n", "a".repeat(90)))
        .collect();
    assert!(padding.len() > 16 * 1024);
    // A second Host after the padding: never unseen, the request is refused.
    let sneaky = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\n{padding}Host: evil.example\r\n\r\n",
        editor.addr
    );
    assert_eq!(
        status_of(&raw_request(&editor.addr, sneaky.as_bytes())),
        431
    );
    // The same padding without a second Host is refused the same way.
    let long = format!("GET / HTTP/1.1\r\nHost: {}\r\n{padding}\r\n", editor.addr);
    assert_eq!(status_of(&raw_request(&editor.addr, long.as_bytes())), 431);
    // A normal request still passes.
    let plain = format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", editor.addr);
    assert_eq!(status_of(&raw_request(&editor.addr, plain.as_bytes())), 200);
}

#[test]
fn idle_and_dripping_connections_do_not_lock_the_clerk_out() {
    use std::io::Write;
    let dir = TempDir::new("edit-slots");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    // 200 idle connections and 20 that drip a byte now and then, all held open.
    let mut held: Vec<std::net::TcpStream> = (0..200)
        .map(|_| std::net::TcpStream::connect(&editor.addr).unwrap())
        .collect();
    for _ in 0..20 {
        let mut s = std::net::TcpStream::connect(&editor.addr).unwrap();
        let _ = s.write_all(b"GET / HTTP/1.1\r\n");
        held.push(s);
    }
    // The clerk's page keeps working, request after request.
    for round in 0..10 {
        let started = std::time::Instant::now();
        let (status, body) = editor.call(
            "GET",
            "/api/fingerprint",
            &editor.addr,
            Some(&editor.token),
            "",
        );
        assert_eq!(status, 200, "round {round}: {body}");
        assert!(started.elapsed() < Duration::from_secs(3), "round {round}");
        // The crowd comes back as fast as it is closed.
        for s in held.iter_mut().take(20) {
            let _ = s.write_all(b"X");
        }
        for _ in 0..20 {
            held.push(std::net::TcpStream::connect(&editor.addr).unwrap());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_cell_changed_on_both_sides_is_asked_about_under_its_table() {
    let dir = TempDir::new("edit-browser-cell-conflict");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-cell-conflict");
    open(&browser, &editor);
    // The clerk types 7 into 行政许可; before it is saved, a colleague's editor writes 42 there.
    type_value(&browser, "table2.licensing.0", "7");
    let elsewhere = std::fs::read_to_string(&path)
        .unwrap()
        .replace("licensing = 0", "licensing = 42");
    std::fs::write(&path, &elsewhere).unwrap();
    leave(&browser, "table2.licensing.0");
    let asked = browser.wait_for(
        "var c = document.querySelector('[data-conflict=\"table2.licensing.0\"]'); return c ? c.textContent : ''",
        WAIT,
        |v| v.as_str().is_some_and(|t| !t.is_empty()),
    );
    let asked = asked.as_str().unwrap();
    assert!(asked.contains("42") && asked.contains('7'), "{asked}");
    assert!(
        !asked.contains("合并后再改"),
        "a figure is one or the other: {asked}"
    );
    assert_eq!(
        browser.run("return document.querySelector(\"input[data-key='table2.licensing.0']\").closest('td').classList.contains('conflicted')"),
        json!(true)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), elsewhere);
    // 保留我的: the clerk's figure goes in, knowing what it replaces.
    browser.run(
        "document.querySelector('[data-conflict=\"table2.licensing.0\"] [data-choice=\"mine\"]').click(); return 0;",
    );
    let text = wait_file(&path, |t| t.contains("licensing = 7"));
    assert_eq!(text, elsewhere.replace("licensing = 42", "licensing = 7"));
}

#[test]
fn convert_on_the_command_line_edits_a_utf8_copy() {
    let dir = TempDir::new("edit-convert-cli");
    let gbk = |t: &str| encoding_rs::GBK.encode(t).0.into_owned();
    let (path, bytes) = foreign_file(dir.path(), "旧报告.toml", gbk);
    // A copy already there is never written over.
    let copy = dir.path().join("旧报告-utf8.toml");
    let editor = Editor::start_with(&path, &["--convert"]);
    let (status, body) = editor.call("GET", "/api/state", &editor.addr, Some(&editor.token), "");
    assert_eq!(status, 200);
    let state: Value = serde_json::from_str(&body).unwrap();
    assert!(
        state["file"]
            .as_str()
            .unwrap()
            .ends_with("旧报告-utf8.toml"),
        "{}",
        state["file"]
    );
    assert!(state["blocked"].is_null(), "{}", state["blocked"]);
    let copied = std::fs::read_to_string(&copy).unwrap();
    assert!(copied.contains("agency = \"某某县市场监督管理局\""));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    drop(editor);
    let o = nianbao(
        dir.path(),
        &["edit", "旧报告.toml", "--convert", "--port", "0"],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("已经存在，没有覆盖"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), copied);
}

/// Waits until every save has been answered and drawn.
fn settled(browser: &Browser) {
    let status = browser.wait_for(
        "return document.getElementById('status').textContent",
        WAIT,
        |v| v.as_str().is_some_and(|s| s.starts_with("已保存")),
    );
    assert!(status.as_str().unwrap().starts_with("已保存"), "{status}");
}

/// Clicks the first button whose text contains `label`, as a clerk does.
fn click_button(browser: &Browser, within: &str, label: &str) {
    browser.run(&format!(
        "Array.from(document.querySelectorAll({within} + ' button')).find(function (b) {{ return b.textContent.indexOf({label}) >= 0; }}).click(); return 0;",
        within = json!(within),
        label = json!(label)
    ));
}

/// Types `text` into the field `key` one character per WebDriver command, with
/// the pauses of `pauses_ms` between them (in turn), so that saves and redraws
/// fall between keystrokes; `between` runs after the character of that index.
fn type_slowly(
    browser: &Browser,
    key: &str,
    text: &str,
    pauses_ms: &[u64],
    between: &mut dyn FnMut(usize),
) {
    for (i, c) in text.chars().enumerate() {
        browser.type_into(&format!("[data-key='{key}']"), &c.to_string());
        between(i);
        std::thread::sleep(Duration::from_millis(pauses_ms[i % pauses_ms.len()]));
    }
}

/// Marks the field that has focus, to find out later whether the page replaced it.
fn mark_focused(browser: &Browser) -> Value {
    browser.run(
        "var f = document.activeElement; f.nianbaoMark = true; return f.dataset ? f.dataset.key || null : null;",
    )
}

fn focused_is_marked(browser: &Browser) -> Value {
    browser.run("return document.activeElement.nianbaoMark === true;")
}

#[test]
fn typing_through_redraws_never_loses_a_keystroke() {
    typing_through_redraws("edit-redraw", false);
}

/// The same in a browser without `moveBefore` (Chromium before 133, other
/// engines): the kept field is moved with `insertBefore`, leaving the
/// document for a moment, and must still keep every keystroke and the cursor.
#[test]
fn typing_through_redraws_without_move_before_never_loses_a_keystroke() {
    typing_through_redraws("edit-redraw-old", true);
}

fn typing_through_redraws(name: &str, without_move_before: bool) {
    let dir = TempDir::new(&format!("browser-{name}"));
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start(name);
    open(&browser, &editor);
    if without_move_before {
        let gone = browser.run(
            "[Element, Document, DocumentFragment].forEach(function (c) { delete c.prototype.moveBefore; });
             return typeof document.body.moveBefore;",
        );
        assert_eq!(gone, json!("undefined"));
    }

    // 增加小标题, and type into the new heading as soon as it is there: the page
    // puts the cursor in it, and the saves of each keystroke's draft (and their
    // redraws) fall between keystrokes.
    click_button(&browser, "#sec-overview", "增加小标题");
    let focused = browser.wait_for(
        "var f = document.activeElement; return f && f.dataset ? f.dataset.key || '' : '';",
        WAIT,
        |v| v == &json!("overview.part.5.heading"),
    );
    assert_eq!(
        focused,
        json!("overview.part.5.heading"),
        "the new heading has the cursor"
    );
    assert_eq!(mark_focused(&browser), json!("overview.part.5.heading"));
    let heading = "政务公开工作要点落实情况";
    let outside = std::cell::Cell::new(false);
    type_slowly(
        &browser,
        "overview.part.5.heading",
        heading,
        &[0, 30, 1400, 0, 250],
        &mut |i| {
            // Halfway, a colleague changes another field on disk.
            if i == 5 {
                let now = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, now.replacen("licensing = 0", "licensing = 42", 1)).unwrap();
                outside.set(true);
            }
        },
    );
    assert!(outside.get());
    // The outside change was drawn while the heading kept the cursor.
    browser.wait_for(
        "return document.querySelector(\"input[data-loc='table2.licensing.0']\").value",
        WAIT,
        |v| v == &json!("42"),
    );
    assert_eq!(
        focused_is_marked(&browser),
        json!(true),
        "the field being typed into was replaced by a redraw"
    );

    // Typing into 五 while a structural save of 二 is on its way, and again
    // while the colleague writes.
    browser.type_into("[data-key='problems.text']", "人");
    mark_focused(&browser);
    let problems = "人员力量不足，培训不够。";
    let rest: String = problems.chars().skip(1).collect();
    let mut n = 0;
    type_slowly(
        &browser,
        "problems.text",
        &rest,
        &[0, 0, 700, 1300],
        &mut |i| {
            if i % 4 == 1 {
                click_button(&browser, "#sec-overview", "增加小标题");
                n += 1;
            }
            if i == 6 {
                let now = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, now.replacen("punishment = 0", "punishment = 7", 1)).unwrap();
            }
        },
    );
    assert_eq!(
        focused_is_marked(&browser),
        json!(true),
        "the box being typed into was replaced, or 增加小标题 took its cursor"
    );
    browser.run("document.activeElement.blur(); return 0;");
    let text = wait_file(&path, |t| {
        Document::parse(t.to_string()).is_ok_and(|d| {
            d["problems"]["text"].as_str() == Some(&format!("{problems}\n"))
                && d["overview"]["part"].as_array_of_tables().map(|a| a.len()) == Some(6 + n)
        })
    });
    let doc = Document::parse(text.clone()).unwrap();
    assert_eq!(
        doc["overview"]["part"][5]["heading"].as_str(),
        Some(heading),
        "{text}"
    );
    assert_eq!(
        doc["problems"]["text"].as_str(),
        Some(format!("{problems}\n").as_str()),
        "{text}"
    );
    assert_eq!(
        doc["overview"]["part"]
            .as_array_of_tables()
            .map(|a| a.len()),
        Some(6 + n)
    );
    assert!(text.contains("licensing = 42"), "{text}");
    assert!(text.contains("punishment = 7"), "{text}");
    assert_eq!(
        browser.run("return document.getElementById('status').textContent.indexOf('冲突') < 0"),
        json!(true)
    );
}

#[test]
fn body_previous_and_profile_are_set_in_the_form() {
    let dir = TempDir::new("edit-browser-choices");
    let path = new_file(dir.path(), "report.toml");
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-choices");
    open(&browser, &editor);
    let options = |key: &str| {
        browser.run(&format!(
            "return Array.from(document.querySelectorAll(\"select[data-key='{key}'] option\")).map(function (o) {{ return o.value; }})"
        ))
    };
    let mut bodies = vec![String::new()];
    bodies.extend(
        nianbao::format::bodies::BodyKind::ALL
            .iter()
            .map(|b| b.name().to_string()),
    );
    assert_eq!(options("report.body"), json!(bodies));
    let mut profiles = vec![String::new()];
    profiles.extend(nianbao::check::built_in_profiles());
    assert!(profiles.len() > 1);
    assert_eq!(options("report.profile"), json!(profiles));

    let choose = |key: &str, value: &str| {
        browser.run(&format!(
            "var s = document.querySelector(\"select[data-key='{key}']\"); s.focus(); s.value = {v};
             s.dispatchEvent(new Event('input', {{ bubbles: true }})); s.dispatchEvent(new Event('change')); return 0;",
            v = json!(value)
        ));
    };
    choose("report.body", "乡镇人民政府");
    let text = wait_file(&path, |t| t.contains("body = \"乡镇人民政府\""));
    assert!(text.contains("body = \"乡镇人民政府\""), "{text}");
    choose("report.profile", &profiles[1]);
    let want = format!("profile = \"{}\"", profiles[1]);
    let text = wait_file(&path, |t| t.contains(&want));
    assert!(text.contains(&want), "{text}");
    // The page is redrawn once the save is answered: a field without the
    // cursor may be replaced until then (WebDriver would hold the old one).
    settled(&browser);
    browser.type_into(
        "input[data-key='report.previous']",
        "2023年报告.toml\u{e004}",
    );
    let text = wait_file(&path, |t| t.contains("previous = \"2023年报告.toml\""));
    assert!(text.contains("previous = \"2023年报告.toml\""), "{text}");
    // The first entry leaves the key out again.
    choose("report.body", "");
    let text = wait_file(&path, |t| !t.contains("\nbody = "));
    assert!(!text.contains("\nbody = "), "{text}");
    assert!(text.contains(&want), "{text}");
}

/// Removing an earlier part while typing in a later one: the text follows its
/// part to its new place and is saved there, with no conflict shown.
#[test]
fn typing_in_a_part_follows_it_when_an_earlier_part_is_removed() {
    let dir = TempDir::new("edit-browser-follow");
    let path = new_file(dir.path(), "report.toml");
    let before = Document::parse(std::fs::read_to_string(&path).unwrap()).unwrap();
    let parts = before["overview"]["part"]
        .as_array_of_tables()
        .map(|a| a.len())
        .unwrap();
    assert!(parts >= 4, "{parts} parts");
    let heading_after = before["overview"]["part"][3]["heading"]
        .as_str()
        .unwrap()
        .to_string();
    let editor = Editor::start(&path);
    let browser = Browser::start("edit-follow");
    open(&browser, &editor);
    browser.run("window.confirm = function () { return true; }; return 0;");
    let key = "overview.part.3.text";
    browser.run(&format!(
        "var t = document.querySelector(\"[data-key='{key}']\"); t.focus(); t.setSelectionRange(t.value.length, t.value.length); return 0;"
    ));
    mark_focused(&browser);
    let typed = "依申请公开办理规范";
    let mut removed = false;
    for (i, c) in typed.chars().enumerate() {
        browser.type_into_focused(&c.to_string());
        if i == 3 {
            // 删除 on part 1, while part 3 holds unsaved text.
            browser.run(
                "document.querySelectorAll('#sec-overview .remove-part')[1].click(); return 0;",
            );
            removed = true;
        }
        std::thread::sleep(Duration::from_millis([0, 200, 0, 900][i % 4]));
    }
    assert!(removed);
    // Still typing in the same box, now part 2.
    assert_eq!(focused_is_marked(&browser), json!(true));
    assert_eq!(
        browser.run("return document.activeElement.dataset.key"),
        json!("overview.part.2.text")
    );
    browser.run("document.activeElement.blur(); return 0;");
    let text = wait_file(&path, |t| {
        Document::parse(t.to_string()).is_ok_and(|d| {
            d["overview"]["part"].as_array_of_tables().map(|a| a.len()) == Some(parts - 1)
                && d["overview"]["part"][2]["text"]
                    .as_str()
                    .is_some_and(|s| s.trim_end().ends_with(typed))
        })
    });
    let doc = Document::parse(text.clone()).unwrap();
    assert_eq!(
        doc["overview"]["part"][2]["heading"].as_str(),
        Some(heading_after.as_str()),
        "{text}"
    );
    assert_eq!(
        browser.run("return document.getElementById('status').textContent.indexOf('冲突') < 0 && !document.querySelector('.conflict-title')"),
        json!(true)
    );
}
