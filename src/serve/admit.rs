//! The door of every loopback server: the checks a request passes before any
//! route sees it. Each server states what differs ([`Admission`]); the checks
//! and their order are written once, here.
//!
//! In order: the request is read whole within its limits (400, 413, 431); a
//! server with no writes refuses any other method at once (405); the Host must
//! name this server by its loopback name, against DNS rebinding (403); no path
//! may climb out (400); and a guarded path needs the run's token and, when a
//! browser names the page that sent it, an Origin of this server (403).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::net::TcpStream;

use super::request::{MAX_BODY, ReadFailure, Request, read_request};
use super::{Scripts, respond};

/// The header that carries the run's token.
const TOKEN_HEADER: &str = "x-nianbao-token";

/// What one server admits.
pub struct Admission<'a> {
    /// The port served, that the Host (and a browser's Origin) must name.
    pub port: u16,
    /// Only GET and HEAD, any other method refused before anything else is
    /// looked at (a server with no writes).
    pub read_only: bool,
    /// The run's token and the paths that need it.
    pub guard: Option<Guard<'a>>,
    /// How refusals are written.
    pub replies: Replies,
    /// The largest request body read (413 beyond).
    pub max_body: usize,
}

impl<'a> Admission<'a> {
    /// A server whose paths named by `guards` need the run's `token`.
    pub fn guarded(
        port: u16,
        token: &'a str,
        guards: &'a dyn Fn(&str) -> bool,
        replies: Replies,
    ) -> Admission<'a> {
        Admission {
            port,
            read_only: false,
            guard: Some(Guard { token, guards }),
            replies,
            max_body: MAX_BODY,
        }
    }

    /// The same door, taking bodies up to `max_body` (a server that receives
    /// published reports takes what `import` reads).
    pub fn with_max_body(self, max_body: usize) -> Admission<'a> {
        Admission { max_body, ..self }
    }

    /// A server with no writes, hence no token.
    pub fn read_only(port: u16) -> Admission<'static> {
        Admission {
            port,
            read_only: true,
            guard: None,
            replies: Replies::Text,
            max_body: MAX_BODY,
        }
    }
}

/// The run's secret and the paths it guards.
pub struct Guard<'a> {
    pub token: &'a str,
    /// True for a path that needs the token.
    pub guards: &'a dyn Fn(&str) -> bool,
}

/// How a server's refusals are written.
#[derive(Clone, Copy)]
pub enum Replies {
    /// Plain text.
    Text,
    /// `{"message": …}`, in Chinese where a clerk can meet it, for the page's
    /// script to show (the start page, whose uploads can be too large).
    Json,
}

/// Reads one request from `stream` and checks it at the door. `None` when it
/// was refused; the refusal has then been answered.
pub fn admit(stream: &mut TcpStream, rules: &Admission) -> std::io::Result<Option<Request>> {
    let req = match read_request(stream, rules.max_body) {
        Ok(req) => req,
        Err(failure) => {
            refuse_unread(stream, &failure, rules)?;
            return Ok(None);
        }
    };
    match refusal(&req, rules) {
        None => Ok(Some(req)),
        Some((status, message)) => {
            let head = req.method == "HEAD";
            refuse(stream, rules.replies, status, message, head)?;
            Ok(None)
        }
    }
}

/// Why a request read whole is refused: its status and message.
fn refusal(req: &Request, rules: &Admission) -> Option<(u16, &'static str)> {
    if rules.read_only && req.method != "GET" && req.method != "HEAD" {
        return Some((405, "method not allowed"));
    }
    if !req.host_ok(rules.port) {
        return Some((403, "forbidden"));
    }
    if req.path_suspicious() {
        return Some((400, "bad path"));
    }
    let guard = rules.guard.as_ref()?;
    if !(guard.guards)(req.path()) {
        return None;
    }
    if !token_matches(req.header(TOKEN_HEADER), guard.token) {
        return Some((403, "缺少或错误的令牌"));
    }
    // A browser names the page that sent a request; only this server's own page may.
    let foreign = req.header("origin").is_some_and(|origin| {
        let own = [
            format!("http://127.0.0.1:{}", rules.port),
            format!("http://localhost:{}", rules.port),
        ];
        !own.iter().any(|o| o.eq_ignore_ascii_case(origin))
    });
    foreign.then_some((403, "forbidden"))
}

/// Answers a request that could not be read.
fn refuse_unread(
    stream: &mut TcpStream,
    failure: &ReadFailure,
    rules: &Admission,
) -> std::io::Result<()> {
    match (failure, rules.replies) {
        (ReadFailure::TooLarge, Replies::Json) => {
            let megabytes = rules.max_body / 1024 / 1024;
            let message = format!("文件太大（超过 {megabytes} MB），无法上传");
            refuse(stream, rules.replies, 413, &message, false)
        }
        _ => {
            let (status, body) = failure.reply();
            respond(stream, status, "text/plain", body, false, Scripts::SelfOnly)
        }
    }
}

/// Writes a refusal the way the server writes them.
pub fn refuse(
    stream: &mut TcpStream,
    replies: Replies,
    status: u16,
    message: &str,
    head: bool,
) -> std::io::Result<()> {
    match replies {
        Replies::Text => respond(
            stream,
            status,
            "text/plain; charset=utf-8",
            message.as_bytes(),
            head,
            Scripts::SelfOnly,
        ),
        Replies::Json => respond(
            stream,
            status,
            "application/json; charset=utf-8",
            serde_json::json!({ "message": message })
                .to_string()
                .as_bytes(),
            head,
            Scripts::SelfOnly,
        ),
    }
}

/// A per-run secret: 128 bits from the standard library's randomly keyed hasher
/// (seeded by the operating system), never written anywhere but the page.
pub fn new_token() -> String {
    let mut out = String::new();
    for salt in 0..2u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// Compares secrets in time independent of where they differ.
pub fn token_matches(given: Option<&str>, token: &str) -> bool {
    let Some(given) = given else { return false };
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, target: &str, headers: &[(&str, &str)]) -> Request {
        Request {
            method: method.into(),
            target: target.into(),
            host: Some("127.0.0.1:8000".into()),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
        }
    }

    #[test]
    fn the_checks_come_in_their_order() {
        let api = |p: &str| p.starts_with("/api/");
        let rules = Admission::guarded(8000, "secret", &api, Replies::Text);
        let status = |req: &Request| refusal(req, &rules).map(|(s, _)| s);
        assert_eq!(status(&request("GET", "/", &[])), None);
        assert_eq!(status(&request("POST", "/api/x", &[])), Some(403));
        let token = ("x-nianbao-token", "secret");
        assert_eq!(status(&request("POST", "/api/x", &[token])), None);
        let foreign = ("origin", "http://evil.example");
        assert_eq!(
            status(&request("POST", "/api/x", &[token, foreign])),
            Some(403)
        );
        let own = ("origin", "http://localhost:8000");
        assert_eq!(status(&request("POST", "/api/x", &[token, own])), None);
        assert_eq!(status(&request("GET", "/../api/x", &[token])), Some(400));
        let mut elsewhere = request("GET", "/", &[]);
        elsewhere.host = Some("evil.example:8000".into());
        assert_eq!(status(&elsewhere), Some(403));
        let read_only = Admission {
            read_only: true,
            ..rules
        };
        // A write to a server with no writes is refused before its Host is looked at.
        assert_eq!(refusal(&elsewhere, &read_only).map(|(s, _)| s), Some(403));
        elsewhere.method = "PUT".into();
        assert_eq!(refusal(&elsewhere, &read_only).map(|(s, _)| s), Some(405));
    }

    #[test]
    fn tokens_match_only_whole() {
        assert!(token_matches(Some("abc"), "abc"));
        assert!(!token_matches(Some("abd"), "abc"));
        assert!(!token_matches(Some("ab"), "abc"));
        assert!(!token_matches(None, "abc"));
        assert_ne!(new_token(), new_token());
        assert_eq!(new_token().len(), 32);
    }
}
