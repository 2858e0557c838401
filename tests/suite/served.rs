//! The loopback servers (`preview`, `edit`, `start`) as child processes: started,
//! their address read from what they print, killed on drop; and the plain
//! requests the tests send them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{ChildStdout, Command, Stdio};
use std::time::Duration;

use crate::common::{TempDir, bin, root};
use crate::html_support::{Guard, Response, http};

/// A server the test started, with the address it printed (`127.0.0.1:PORT`).
pub struct Served {
    pub child: Guard,
    pub addr: String,
    /// Kept open: a server whose stdout is closed would only lose its messages.
    _stdout: BufReader<ChildStdout>,
}

impl Served {
    /// `nianbao preview FILE --port 0`.
    pub fn preview(file: &Path) -> Served {
        let mut command = Command::new(bin());
        command.arg("preview").arg(file).args(["--port", "0"]);
        Served::spawn(command)
    }

    /// `nianbao edit FILE --port 0 ARGS…`.
    pub fn edit(file: &Path, args: &[&str]) -> Served {
        let mut command = Command::new(bin());
        command
            .arg("edit")
            .arg(file)
            .args(["--port", "0"])
            .args(args);
        Served::spawn(command)
    }

    /// `nianbao start --no-open --port 0 --dir DIR`.
    pub fn start(dir: &Path) -> Served {
        let mut command = Command::new(bin());
        command
            .args(["start", "--no-open", "--port", "0", "--dir"])
            .arg(dir);
        Served::spawn(command)
    }

    /// Runs `command` and waits for the address it prints.
    pub fn spawn(mut command: Command) -> Served {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .stdin(Stdio::null())
            .spawn()
            .expect("the server starts");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let child = Guard(child);
        let addr = loop {
            let mut line = String::new();
            assert!(stdout.read_line(&mut line).unwrap() > 0, "no address");
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.trim().trim_end_matches('/').to_string();
            }
        };
        Served {
            child,
            addr,
            _stdout: stdout,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// GET `target` with the right Host header.
    pub fn get(&self, target: &str) -> Response {
        http(&self.addr, "GET", target, &self.addr, None)
    }

    /// The run's token, as the page carries it.
    pub fn page_token(&self) -> String {
        let page = self.get("/");
        assert_eq!(page.status, 200);
        page.body
            .split("name=\"nianbao-token\" content=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("token in page")
            .to_string()
    }

    /// A request with an optional token header (and any Host).
    pub fn call(
        &self,
        method: &str,
        target: &str,
        host: &str,
        token: Option<&str>,
        body: &str,
    ) -> (u16, String) {
        self.call_with(method, target, host, token, "", body)
    }

    /// A request with an optional token header and more header lines.
    pub fn call_with(
        &self,
        method: &str,
        target: &str,
        host: &str,
        token: Option<&str>,
        more: &str,
        body: &str,
    ) -> (u16, String) {
        self.call_with_bytes(method, target, host, token, more, body.as_bytes())
    }

    /// [`Served::call_with`] with a body of any bytes.
    pub fn call_with_bytes(
        &self,
        method: &str,
        target: &str,
        host: &str,
        token: Option<&str>,
        more: &str,
        body: &[u8],
    ) -> (u16, String) {
        let token = token.map_or(String::new(), |t| format!("X-Nianbao-Token: {t}\r\n"));
        let mut request = format!(
            "{method} {target} HTTP/1.1\r\nHost: {host}\r\n{token}{more}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        let reply = raw_request(&self.addr, &request);
        let body = reply
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status_of(&reply), body)
    }
}

/// `nianbao preview` of a copy of examples/xiamen-2022.toml.
pub fn preview_of_example(name: &str) -> (TempDir, Served) {
    let dir = TempDir::new(name);
    let file = dir.path().join("report.toml");
    std::fs::copy(root().join("examples/xiamen-2022.toml"), &file).unwrap();
    let preview = Served::preview(&file);
    (dir, preview)
}

/// Sends `request` as it is and returns the whole reply (the server may answer
/// and close before the whole request is written).
pub fn raw_request(addr: &str, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let _ = s.write_all(request);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

/// The status of a raw reply (0 when there is none).
pub fn status_of(reply: &str) -> u16 {
    reply
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}
