//! `nianbao start`: the start page over plain HTTP (token, Host, a second start,
//! the double-click path) and in headless Chromium (new report → editor → 生成
//! PDF equal to `nianbao build`'s; last year's report rolled forward; uploads
//! that never replace a file).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::*;
use crate::html_support::*;
use crate::served::*;

const WAIT: Duration = Duration::from_secs(30);

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn actions_need_the_token_and_the_loopback_host() {
    let dir = TempDir::new("start-token");
    let start = Served::start(dir.path());
    let token = start.page_token();
    let new = r#"{"agency":"某某县市场监督管理局","year":2024}"#;
    let addr = start.addr.clone();
    // No token, a wrong token, a foreign Host, a foreign Origin: refused, nothing written.
    assert_eq!(
        start.call("POST", "/api/start/new", &addr, None, new).0,
        403
    );
    assert_eq!(
        start
            .call("POST", "/api/start/new", &addr, Some("0123"), new)
            .0,
        403
    );
    assert_eq!(
        start
            .call("POST", "/api/start/new", "evil.example", Some(&token), new)
            .0,
        403
    );
    assert_eq!(start.call("GET", "/api/start/list", &addr, None, "").0, 403);
    assert_eq!(
        start
            .call("POST", "/e/0/api/tools/build?what=pdf", &addr, None, "")
            .0,
        404
    );
    assert_eq!(files_in(dir.path()), [".nianbao-start.json"]);
    // The page itself needs the right Host too.
    assert_eq!(http(&addr, "GET", "/", "evil.example", None).status, 403);

    // With the token: made, and its editor refuses writes without it.
    let (status, body) = start.call("POST", "/api/start/new", &addr, Some(&token), new);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["url"], "/e/0/");
    assert!(
        dir.path()
            .join("某某县市场监督管理局2024年报.toml")
            .is_file()
    );
    assert_eq!(
        start
            .call("POST", "/e/0/api/tools/build?what=pdf", &addr, None, "")
            .0,
        403
    );
    assert_eq!(start.call("GET", "/e/0/api/state", &addr, None, "").0, 403);
    assert!(!dir.path().join("某某县市场监督管理局2024年报.pdf").exists());

    // 打开所在文件夹 with --no-open names the folder instead.
    let (status, body) = start.call("POST", "/e/0/api/tools/folder", &addr, Some(&token), "");
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["opened"], false);
    assert_eq!(v["folder"], dir.path().display().to_string());
    // A second report of the same name never replaces the first.
    let (status, body) = start.call("POST", "/api/start/new", &addr, Some(&token), new);
    assert_eq!(status, 200, "{body}");
    assert!(
        dir.path()
            .join("某某县市场监督管理局2024年报（2）.toml")
            .is_file()
    );
    // An empty agency or an unsupported year: the page's message, nothing written.
    let (status, body) = start.call(
        "POST",
        "/api/start/new",
        &addr,
        Some(&token),
        r#"{"agency":" ","year":2024}"#,
    );
    assert_eq!(status, 422);
    assert!(body.contains("机关名称"), "{body}");
    let (status, body) = start.call(
        "POST",
        "/api/start/new",
        &addr,
        Some(&token),
        r#"{"agency":"某局","year":1999}"#,
    );
    assert_eq!(status, 422);
    assert!(body.contains("1999"), "{body}");
    // An upload keeps only the last part of its name; one over the limit is
    // refused with a message before its body is read; one that is no report is refused.
    let report = std::fs::read_to_string(root().join("examples/shandong-2023.toml")).unwrap();
    let (status, body) = start.call_with(
        "POST",
        "/api/start/upload?purpose=check",
        &addr,
        Some(&token),
        "X-Nianbao-Name: ..%2F..%2Fx.toml\r\n",
        &report,
    );
    assert_eq!(status, 200, "{body}");
    assert!(dir.path().join("收到的报告/x.toml").is_file());
    let big = format!(
        "POST /api/start/upload?purpose=check HTTP/1.1\r\nHost: {addr}\r\nX-Nianbao-Token: {token}\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n"
    );
    let reply = raw_request(&addr, big.as_bytes());
    assert!(
        reply.starts_with("HTTP/1.1 413") && reply.contains("50 MB"),
        "{reply}"
    );
    // A published report of several MB (a scanned seal) is taken: the limit is
    // what `import` reads, not the editor's 4 MB.
    let mut seal =
        std::fs::read(root().join("tests/fixtures/import/real/huaian-szf-2024-wps.pdf")).unwrap();
    seal.resize(6 << 20, b' ');
    let (status, body) = start.call_with_bytes(
        "POST",
        "/api/start/upload?purpose=check",
        &addr,
        Some(&token),
        "X-Nianbao-Name: seal.pdf\r\n",
        &seal,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        std::fs::metadata(dir.path().join("收到的报告/seal.pdf"))
            .unwrap()
            .len(),
        6 << 20
    );
    let (status, body) = start.call_with(
        "POST",
        "/api/start/upload?purpose=check",
        &addr,
        Some(&token),
        "X-Nianbao-Name: a.exe\r\n",
        "MZ",
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        files_in(&dir.path().join("收到的报告")),
        ["seal.pdf", "x.toml"]
    );
    // A name that climbs out of the working folder is not opened.
    let (status, _) = start.call(
        "POST",
        "/api/start/open",
        &addr,
        Some(&token),
        r#"{"name":"../x.toml"}"#,
    );
    assert_eq!(status, 404);
}

#[test]
fn a_second_start_opens_the_running_page() {
    let dir = TempDir::new("start-second");
    let first = Served::start(dir.path());
    let again = nianbao(
        dir.path(),
        &["start", "--no-open", "--dir", dir.path().to_str().unwrap()],
    );
    assert_exit(&again, 0);
    assert!(
        stdout(&again).contains(&format!("已在运行：{}", first.url())),
        "{}",
        stdout(&again)
    );
    // Once the first has ended (killed, its record left behind), a new one starts.
    drop(first);
    let second = Served::start(dir.path());
    assert_eq!(
        http(&second.addr, "GET", "/", &second.addr, None).status,
        200
    );
}

#[test]
fn ctrl_c_ends_it_and_removes_its_record() {
    let dir = TempDir::new("start-ctrl-c");
    let mut start = Served::start(dir.path());
    let record = dir.path().join(".nianbao-start.json");
    assert!(record.is_file());
    let pid = start.child.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = start.child.0.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(!record.exists());
}

/// A copy of the binary in its own folder, so that its working folder (the
/// folder it sits in) is a fresh one.
fn binary_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("nianbao");
    std::fs::copy(bin(), &copy).unwrap();
    copy
}

#[test]
fn nianbao_alone_opens_the_start_page_unless_typed_in_a_terminal() {
    let dir = TempDir::new("start-alone");
    let copy = binary_copy(dir.path());
    // Not from a terminal (a double-click): the start page, in the program's folder.
    // PATH is empty, so no browser opens; it says where to go instead.
    let mut command = Command::new(&copy);
    // A desktop session: without one (a script, CI) nobody double-clicks and
    // `nianbao` alone gives the usage message.
    command
        .env("PATH", "")
        .env("DISPLAY", ":0")
        .current_dir(dir.path());
    let start = Served::spawn(command);
    assert_eq!(http(&start.addr, "GET", "/", &start.addr, None).status, 200);
    assert!(dir.path().join(".nianbao-start.json").is_file());
    drop(start);
    // From a terminal: the help, as before.
    if Command::new("script").arg("--version").output().is_err() {
        skipped(
            "nianbao in a terminal",
            "script (util-linux) is not installed",
        );
        return;
    }
    let typed = Command::new("script")
        .args(["-qec"])
        .arg(format!("'{}'", copy.display()))
        .arg("/dev/null")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&typed.stdout);
    assert!(
        text.contains("可用的命令") && text.contains("start"),
        "{text}"
    );
    assert!(!text.contains("开始页面地址"), "{text}");
}

// ---------------------------------------------------------------- in the browser

fn wait_until(browser: &Browser, script: &str) -> Value {
    let v = browser.wait_for(script, WAIT, |v| {
        v.as_bool() == Some(true) || v.as_str().is_some_and(|s| !s.is_empty())
    });
    assert!(
        v.as_bool() == Some(true) || v.as_str().is_some_and(|s| !s.is_empty()),
        "timed out: {script}"
    );
    v
}

fn wait_for_file(path: &Path) {
    let started = std::time::Instant::now();
    while !path.is_file() && started.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(path.is_file(), "{} was not written", path.display());
}

/// With NIANBAO_SCREENSHOTS=DIR, the window as DIR/name, to look at.
fn keep_screenshot(browser: &Browser, name: &str) {
    if let Some(dir) = std::env::var_os("NIANBAO_SCREENSHOTS") {
        std::fs::write(Path::new(&dir).join(name), browser.screenshot()).unwrap();
    }
}

#[test]
fn a_new_report_opens_the_editor_whose_pdf_is_builds_pdf() {
    let dir = TempDir::new("start-browser-new");
    let work = dir.path().join("工作 文件夹");
    let start = Served::start(&work);
    let browser = Browser::start("start-new");
    browser.go(&start.url());
    wait_until(
        &browser,
        "return document.querySelectorAll('#reports li.empty').length === 1",
    );
    keep_screenshot(&browser, "start.png");
    browser.type_into("#new-form input[name=agency]", "某某县市场监督管理局");
    browser.run("var y = document.querySelector('#new-form input[name=year]'); y.value = '2024'; document.querySelector('#new-form button').click();");
    // The editor of the new file, served by the same program under /e/0/.
    wait_until(
        &browser,
        "return location.pathname === '/e/0/' && document.querySelectorAll('table.official input').length > 100",
    );
    let file = work.join("某某县市场监督管理局2024年报.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("agency = \"某某县市场监督管理局\""), "{text}");
    assert!(text.contains("year = 2024"), "{text}");

    browser.run("document.querySelector('.start-tools button[data-build=pdf]').click();");
    let said = wait_until(
        &browser,
        "var p = document.querySelector('.build-result'); return p && !p.hidden && p.textContent.indexOf('已生成') >= 0 ? p.textContent : '';",
    );
    let pdf = work.join("某某县市场监督管理局2024年报.pdf");
    assert!(
        said.as_str().unwrap().contains(&pdf.display().to_string()),
        "{said}"
    );
    // An untouched report has warnings: written as build writes it, and said.
    assert!(said.as_str().unwrap().contains("个警告"), "{said}");
    wait_for_file(&pdf);
    keep_screenshot(&browser, "start-editor.png");

    // `nianbao build` of the same file writes the same bytes.
    let out = dir.path().join("built");
    let built = nianbao(
        dir.path(),
        &["build", file.to_str().unwrap(), "-o", out.to_str().unwrap()],
    );
    assert_exit(&built, 0);
    let theirs = std::fs::read(out.join("某某县市场监督管理局2024年报.pdf")).unwrap();
    assert!(
        std::fs::read(&pdf).unwrap() == theirs,
        "the page's PDF differs from build's"
    );

    // A report with errors is refused with its findings, and nothing is written.
    let broken = std::fs::read_to_string(&file).unwrap().replacen(
        "year = 2024",
        "year = 2024\npublished = \"2024-13-45\"",
        1,
    );
    std::fs::write(&file, broken).unwrap();
    std::fs::remove_file(&pdf).unwrap();
    browser.run("document.querySelector('.start-tools button[data-build=docx]').click();");
    let refused = wait_until(
        &browser,
        "var p = document.querySelector('.build-result'); return p && p.classList.contains('bad') ? p.textContent : '';",
    );
    assert!(refused.as_str().unwrap().contains("错误"), "{refused}");
    assert!(!work.join("某某县市场监督管理局2024年报.docx").exists());

    // Back to the start page: the report is listed, newest first, and opens again.
    browser.go(&start.url());
    let listed = wait_until(
        &browser,
        "var b = document.querySelector('#reports button.report'); return b ? b.getAttribute('data-name') : '';",
    );
    assert_eq!(listed, "某某县市场监督管理局2024年报.toml");
    browser.run("document.querySelector('#reports button.report').click();");
    wait_until(&browser, "return location.pathname === '/e/0/'");
}

#[test]
fn last_years_report_is_rolled_forward_and_uploads_never_replace_a_file() {
    let dir = TempDir::new("start-browser-upload");
    let work = dir.path().join("work");
    let start = Served::start(&work);
    let browser = Browser::start("start-upload");
    browser.go(&start.url());
    wait_until(
        &browser,
        "return document.querySelectorAll('#reports li').length > 0",
    );

    // 从去年的报告开始: last year's report file, uploaded, rolled forward, opened.
    let last = root().join("examples/shandong-2023.toml");
    browser.type_into("#from-form input[type=file]", last.to_str().unwrap());
    browser.run("document.querySelector('#from-form button').click();");
    wait_until(&browser, "return location.pathname === '/e/0/'");
    assert!(work.join("去年的报告/shandong-2023.toml").is_file());
    let rolled: Vec<String> = files_in(&work)
        .into_iter()
        .filter(|n| n.ends_with("2024年报.toml"))
        .collect();
    assert_eq!(rolled.len(), 1, "{rolled:?}");
    let rolled = std::fs::read_to_string(work.join(&rolled[0])).unwrap();
    assert!(rolled.contains("year = 2024"), "{rolled}");
    // It names last year's file, so check and build compare the two years.
    assert!(
        rolled.contains("previous = \"去年的报告/shandong-2023.toml\""),
        "{rolled}"
    );

    // 检查收到的报告: the same file twice; the second upload gets a new name, the
    // first stays as it was.
    browser.go(&start.url());
    wait_until(
        &browser,
        "return document.querySelectorAll('#reports button.report').length === 1",
    );
    // A name with spaces, Chinese and two dots (which an address would refuse).
    let received = dir.path().join("温州 2024..年报.toml");
    std::fs::copy(root().join("examples/wenzhou-2024.toml"), &received).unwrap();
    for round in 1..=2 {
        browser.type_into("#check-form input[type=file]", received.to_str().unwrap());
        browser.run("document.querySelector('#check-form button').click();");
        let shown = wait_until(
            &browser,
            "var f = document.querySelector('#check-results pre.findings'); return f ? f.textContent : '';",
        );
        assert!(
            shown.as_str().unwrap().contains("个错误"),
            "round {round}: {shown}"
        );
    }
    let original = std::fs::read(&received).unwrap();
    assert_eq!(
        std::fs::read(work.join("收到的报告/温州 2024..年报.toml")).unwrap(),
        original
    );
    assert_eq!(
        std::fs::read(work.join("收到的报告/温州 2024..年报（2）.toml")).unwrap(),
        original
    );
    // Findings as `check` gives them.
    let check = nianbao(&work, &["check", "收到的报告/温州 2024..年报.toml"]);
    let first_line = stdout(&check).lines().next().unwrap_or("").to_string();
    let shown =
        browser.run("return document.querySelector('#check-results pre.findings').textContent;");
    assert!(
        shown.as_str().unwrap().starts_with(&first_line),
        "{first_line}\n{shown}"
    );
}

#[test]
fn a_folder_of_units_is_summed_with_its_review_page() {
    let dir = TempDir::new("start-sum");
    let work = dir.path().join("work");
    let units = work.join("各单位");
    std::fs::create_dir_all(&units).unwrap();
    // This year's units and, beside them, last year's: the 汇总 compares two years.
    for (name, agency, year) in [
        ("a.toml", "某某县甲局", "2024"),
        ("b.toml", "某某县乙局", "2024"),
        ("a-2023.toml", "某某县甲局", "2023"),
        ("b-2023.toml", "某某县乙局", "2023"),
    ] {
        let o = nianbao(
            &units,
            &["new", "--agency", agency, "--year", year, "-o", name],
        );
        assert_exit(&o, 0);
    }
    let start = Served::start(&work);
    let token = start.page_token();
    let body = r#"{"folder":"各单位","agency":"某某县人民政府","year":2024}"#;
    let (status, reply) = start.call("POST", "/api/start/sum", &start.addr, Some(&token), body);
    let v: Value = serde_json::from_str(&reply).unwrap();
    // The same outputs as `aggregate -o 各单位/汇总`.
    let cli = dir.path().join("cli");
    let o = nianbao(
        dir.path(),
        &[
            "aggregate",
            units.to_str().unwrap(),
            "--agency",
            "某某县人民政府",
            "--year",
            "2024",
            "-o",
            cli.to_str().unwrap(),
        ],
    );
    let mut theirs = files_in(&cli);
    theirs.retain(|n| !n.starts_with('.'));
    let mut ours = files_in(&units.join("汇总"));
    ours.retain(|n| !n.starts_with('.'));
    assert_eq!(ours, theirs, "{reply}\n{}", stderr(&o));
    assert_eq!(status == 200, o.status.code() == Some(0), "{reply}");
    assert!(
        ours.contains(&"某某县人民政府2023年报.toml".to_string()),
        "last year's sums: {ours:?}"
    );
    let summed = std::fs::read_to_string(units.join("汇总/某某县人民政府2024年报.toml")).unwrap();
    assert!(
        summed.contains("previous = \"某某县人民政府2023年报.toml\""),
        "{summed}"
    );
    let review = v["review"].as_str().expect("a review page");
    let page = http(&start.addr, "GET", review, &start.addr, None);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("某某县甲局"), "{}", page.body);
    // The 汇总 report opens in the editor.
    let report = v["report"].as_str().expect("the 汇总 report");
    assert!(report.starts_with("各单位/汇总/"), "{report}");
    let open = serde_json::json!({ "name": report }).to_string();
    let (status, opened) = start.call("POST", "/api/start/open", &start.addr, Some(&token), &open);
    assert_eq!(status, 200, "{opened}");
    // Summing again writes a new folder; nothing is replaced.
    let (_, _) = start.call("POST", "/api/start/sum", &start.addr, Some(&token), body);
    assert!(units.join("汇总（2）").is_dir());
}

#[test]
fn units_chosen_in_the_page_are_uploaded_and_summed() {
    let dir = TempDir::new("start-browser-sum");
    let work = dir.path().join("work");
    let mine = dir.path().join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    let mut paths = Vec::new();
    for (name, agency) in [("甲.toml", "某某县甲局"), ("乙.toml", "某某县乙局")] {
        let o = nianbao(
            &mine,
            &["new", "--agency", agency, "--year", "2024", "-o", name],
        );
        assert_exit(&o, 0);
        paths.push(mine.join(name).display().to_string());
    }
    let start = Served::start(&work);
    let browser = Browser::start("start-sum");
    browser.go(&start.url());
    wait_until(
        &browser,
        "return document.querySelectorAll('#reports li').length > 0",
    );
    // Several files at once, as a clerk selects them in the dialog.
    browser.type_into("#sum-form input[type=file]", &paths.join("\n"));
    browser.type_into("#sum-form input[name=agency]", "某某县人民政府");
    browser.run("document.querySelector('#sum-form input[name=year]').value = '2024'; document.querySelector('#sum-form button[type=submit]').click();");
    let review = wait_until(
        &browser,
        "var a = document.querySelector('#sum-result a.button'); return a ? a.getAttribute('href') : '';",
    );
    let page = http(
        &start.addr,
        "GET",
        review.as_str().unwrap(),
        &start.addr,
        None,
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("某某县乙局"));
    let units = work.join("上传的单位报告");
    let mut found = files_in(&units);
    found.sort_by_key(|n| n != "汇总");
    assert_eq!(found, ["汇总", "乙.toml", "甲.toml"]);
    assert!(units.join("汇总/某某县人民政府2024年报.toml").is_file());
    // 填写汇总报告 opens it in the editor.
    browser.run("Array.prototype.find.call(document.querySelectorAll('#sum-result button'), function (b) { return b.textContent === '填写汇总报告'; }).click();");
    wait_until(
        &browser,
        "return /^\\/e\\/\\d+\\/$/.test(location.pathname) && document.title.indexOf('某某县人民政府2024年报') >= 0;",
    );
}
