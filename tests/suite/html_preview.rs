//! `nianbao preview` over plain HTTP: what it serves and what it refuses.

use std::time::{Duration, Instant};

use crate::common::*;
use crate::html_support::*;
use crate::served::*;

#[test]
fn serves_the_report_and_nothing_else() {
    let (_dir, preview) = preview_of_example("preview-paths");
    let page = preview.get("/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<table id=\"table3\""));
    assert!(page.body.contains("/__nianbao/events"));
    for target in [
        "/../Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e/Cargo.toml",
        "/a/../../etc/passwd",
    ] {
        assert_eq!(preview.get(target).status, 400, "{target}");
    }
    for target in ["/report.toml", "/etc/passwd", "/templates/", "/index.htm"] {
        assert_eq!(preview.get(target).status, 404, "{target}");
    }
    // Another host name (DNS rebinding) is refused.
    let r = http(&preview.addr, "GET", "/", "example.com", None);
    assert_eq!(r.status, 403);
    let port = preview.addr.rsplit(':').next().unwrap();
    let r = http(&preview.addr, "GET", "/", "localhost:1", None);
    assert_eq!(r.status, 403);
    let r = http(
        &preview.addr,
        "GET",
        "/",
        &format!("localhost:{port}"),
        None,
    );
    assert_eq!(r.status, 200);
    let r = http(&preview.addr, "POST", "/", &preview.addr, Some(""));
    assert_eq!(r.status, 405);
    // The event endpoint answers at once when the page is out of date.
    let r = preview.get("/__nianbao/events?since=0");
    assert_eq!((r.status, r.body.trim()), (200, "1"));
}

#[test]
fn binds_to_loopback_only() {
    let (_dir, preview) = preview_of_example("preview-loopback");
    assert!(preview.addr.starts_with("127.0.0.1:"), "{}", preview.addr);
    let port: u16 = preview.addr.rsplit(':').next().unwrap().parse().unwrap();
    // The port answers on loopback…
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
    // …and on no other address of this machine. A UDP "connect" sends nothing;
    // it only asks the OS which local address would be used.
    let outward = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|()| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip())
        .ok()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
    match outward {
        Some(ip) => assert!(
            std::net::TcpStream::connect_timeout(
                &std::net::SocketAddr::new(ip, port),
                Duration::from_secs(2)
            )
            .is_err(),
            "the preview answers on {ip}:{port}"
        ),
        None => skipped(
            "binds_to_loopback_only on other addresses",
            "this machine has no non-loopback address",
        ),
    }
}

#[test]
fn stops_cleanly_on_ctrl_c() {
    let (_dir, mut preview) = preview_of_example("preview-sigint");
    let pid = preview.child.0.id().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = preview.child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "preview did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn a_report_with_errors_shows_the_findings_of_check() {
    let (dir, preview) = preview_of_example("preview-findings");
    let file = dir.path().join("report.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let line = "new_requests = [9, 0, 0, 0, 0, 0, 9]";
    assert!(text.contains(line));
    std::fs::write(
        &file,
        text.replace(line, "new_requests = [10, 0, 0, 0, 0, 0, 9]"),
    )
    .unwrap();
    let started = Instant::now();
    let page = loop {
        let page = preview.get("/").body;
        if page.contains("<pre") || started.elapsed() > Duration::from_secs(30) {
            break page;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(!page.contains("<table"), "a stale report is shown");
    let check = nianbao(dir.path(), &["check", file.to_str().unwrap()]);
    assert_exit(&check, 1);
    let out = stdout(&check);
    let findings: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(findings.len() > 2, "{out}");
    // Every line `check` prints about the findings is on the page (the verdict line
    // is shown in the page's own words).
    for line in &findings[..findings.len() - 1] {
        assert!(
            page.contains(&escape(line)),
            "missing on the page: {line}\n{page}"
        );
    }
}

#[test]
fn a_report_with_warnings_shows_them_above_the_report() {
    // xiamen-2022 passes with warnings (C5, C6, half-width punctuation).
    let (dir, preview) = preview_of_example("preview-warnings");
    let page = preview.get("/").body;
    assert!(page.contains("<table id=\"table3\""), "the report is shown");
    assert!(page.contains("nianbao-preview-findings"), "{page}");
    let file = dir.path().join("report.toml");
    let check = nianbao(dir.path(), &["check", file.to_str().unwrap()]);
    assert_exit(&check, 0);
    let out = stdout(&check);
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("警告[")).collect();
    assert!(!warnings.is_empty(), "{out}");
    for line in warnings {
        assert!(page.contains(&escape(line)), "missing: {line}");
    }
    // The panel belongs to the preview, never to the built page.
    let built = nianbao(dir.path(), &["build", "--html", "report.toml"]);
    assert_exit(&built, 0);
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(!html.contains("nianbao-preview-findings"));
}
