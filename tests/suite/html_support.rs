//! Helpers for the HTML tests: a tiny HTTP client, chromedriver as a child
//! process killed on drop, and a WebDriver session.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A status code and body.
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// Sends one HTTP/1.1 request over a fresh connection; `target` goes out verbatim.
pub fn http(addr: &str, method: &str, target: &str, host: &str, body: Option<&str>) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    // Servers may keep the connection open: read the head, then what it announces.
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).expect("read response head");
        if n == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name)
                .then(|| v.trim().to_ascii_lowercase())
        })
    };
    let mut raw = Vec::new();
    if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        raw.resize(len, 0);
        reader.read_exact(&mut raw).expect("read response body");
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).expect("chunk size");
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).expect("chunk");
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&chunk[..n]);
        }
    } else {
        reader.read_to_end(&mut raw).expect("read response body");
    }
    Response {
        status,
        body: String::from_utf8_lossy(&raw).into_owned(),
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process killed when dropped.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A WebDriver session in headless Chromium, through chromedriver.
pub struct Browser {
    addr: String,
    session: String,
    _profile: crate::common::TempDir,
    _driver: Guard,
}

impl Browser {
    pub fn start(name: &str) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed (Debian package chromium-driver)");
        let driver = Guard(driver);
        let addr = format!("127.0.0.1:{port}");
        let started = Instant::now();
        while TcpStream::connect(&addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = crate::common::TempDir::new(&format!("chromium-{name}"));
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--window-size=1200,900",
                        format!("--user-data-dir={}", profile.path().display()),
                    ]
                }
            }}
        });
        let r = http(&addr, "POST", "/session", &addr, Some(&caps.to_string()));
        let v: Value = serde_json::from_str(&r.body).expect("session JSON");
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {}", r.body))
            .to_string();
        Browser {
            addr,
            session,
            _profile: profile,
            _driver: driver,
        }
    }

    fn command(&self, path: &str, body: Value) -> Value {
        let target = format!("/session/{}/{path}", self.session);
        let r = http(
            &self.addr,
            "POST",
            &target,
            &self.addr,
            Some(&body.to_string()),
        );
        let v: Value = serde_json::from_str(&r.body).expect("WebDriver JSON");
        assert_eq!(r.status, 200, "WebDriver {path}: {}", r.body);
        v["value"].clone()
    }

    /// Resizes the browser window (CSS pixels).
    pub fn resize(&self, width: u32, height: u32) {
        self.command("window/rect", json!({ "width": width, "height": height }));
    }

    pub fn go(&self, url: &str) {
        self.command("url", json!({ "url": url }));
    }

    /// Runs a script in the page and returns its result.
    pub fn run(&self, script: &str) -> Value {
        self.command("execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Sends keystrokes to the first element matching `css`, as a user types them
    /// (WebDriver key codes: "\u{e004}" Tab, "\u{e007}" Enter).
    pub fn type_into(&self, css: &str, keys: &str) {
        let found = self.command("element", json!({ "using": "css selector", "value": css }));
        let id = found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string();
        self.command(&format!("element/{id}/value"), json!({ "text": keys }));
    }

    /// Types `keys` into the element that has the focus, whatever it is called now.
    pub fn type_into_focused(&self, keys: &str) {
        let target = format!("/session/{}/element/active", self.session);
        let r = http(&self.addr, "GET", &target, &self.addr, None);
        let v: Value = serde_json::from_str(&r.body).expect("WebDriver JSON");
        let id = v["value"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("a focused element")
            .to_string();
        self.command(&format!("element/{id}/value"), json!({ "text": keys }));
    }

    /// A PNG of the window.
    pub fn screenshot(&self) -> Vec<u8> {
        let target = format!("/session/{}/screenshot", self.session);
        let r = http(&self.addr, "GET", &target, &self.addr, None);
        let v: Value = serde_json::from_str(&r.body).expect("WebDriver JSON");
        let b64 = v["value"].as_str().expect("screenshot data");
        decode_base64(b64)
    }

    /// Polls `script` until `done` accepts its result; gives up after `limit`.
    pub fn wait_for(&self, script: &str, limit: Duration, done: impl Fn(&Value) -> bool) -> Value {
        let started = Instant::now();
        loop {
            let v = self.run(script);
            if done(&v) || started.elapsed() > limit {
                return v;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let target = format!("/session/{}", self.session);
        if let Ok(mut s) = TcpStream::connect(&self.addr) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = write!(
                s,
                "DELETE {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            );
            let _ = s.read_to_end(&mut Vec::new());
        }
    }
}

/// Standard base64 (as WebDriver sends screenshots).
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n: u32 = 0;
        for (i, d) in chunk.iter().enumerate() {
            n |= u32::from(*d) << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// The script that reads every table of the page as
/// `[{id, rows: [[{tag, scope, text, rowspan, colspan}]]}]`; the print-only
/// closing rule (`tfoot.edge`, a row without cells) is left out.
pub const READ_TABLES: &str = r#"
return Array.from(document.querySelectorAll("table")).map(function (t) {
  return {
    id: t.id,
    caption: t.caption ? t.caption.textContent : null,
    head_rows: t.tHead ? t.tHead.rows.length : 0,
    rows: Array.from(t.rows).filter(function (r) {
      return !r.parentElement.classList.contains("edge");
    }).map(function (r) {
      return Array.from(r.cells).map(function (c) {
        return { tag: c.tagName.toLowerCase(), scope: c.getAttribute("scope"),
                 text: c.textContent, rowspan: c.rowSpan, colspan: c.colSpan };
      });
    })
  };
});
"#;
