//! The running start page's address, so that a second double-click opens it
//! instead of failing on the port. While `start` runs, the working folder holds
//! `.nianbao-start.json` with its port and token; the file is removed when it
//! ends (Ctrl-C). A file left by a program that was killed is recognised as stale
//! because no server answers its token, and is replaced.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The state file's name in the working folder.
pub const STATE_FILE: &str = ".nianbao-start.json";
/// The ports tried in turn when none is given: fixed, so that the page's
/// address is the same from one day to the next.
pub const DEFAULT_PORTS: std::ops::RangeInclusive<u16> = 47310..=47319;
/// The path that answers a token check.
pub const PING_PATH: &str = "/api/start/ping";
/// What the ping answers.
pub const PING_REPLY: &str = "nianbao-start";

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Running {
    pub port: u16,
    pub token: String,
    pub pid: u32,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

pub fn state_path(dir: &Path) -> PathBuf {
    dir.join(STATE_FILE)
}

/// The start page already serving `dir`, when one answers its token.
pub fn find(dir: &Path) -> Option<Running> {
    let text = std::fs::read_to_string(state_path(dir)).ok()?;
    let running: Running = serde_json::from_str(&text).ok()?;
    answers(&running).then_some(running)
}

/// Records this run's address (replacing a stale record).
pub fn record(dir: &Path, running: &Running) -> std::io::Result<()> {
    let text = serde_json::to_string(running).map_err(std::io::Error::other)?;
    crate::io::write_atomic(&state_path(dir), text.as_bytes())
}

/// Removes the record when it is this run's own.
pub fn forget(dir: &Path, running: &Running) {
    let path = state_path(dir);
    let ours = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str::<Running>(&t).ok())
        .is_some_and(|r| r == *running);
    if ours {
        let _ = std::fs::remove_file(path);
    }
}

/// True when a start page listens on the port and knows the token.
fn answers(running: &Running) -> bool {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], running.port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!(
        "GET {PING_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Nianbao-Token: {}\r\nConnection: close\r\n\r\n",
        running.port, running.token
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut reply = Vec::new();
    let _ = stream.take(64 * 1024).read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    reply.starts_with("HTTP/1.1 200") && reply.ends_with(PING_REPLY)
}
