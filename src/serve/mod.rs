//! The tiny loopback HTTP server shared by `preview` and `edit`: one request per
//! connection, a Host check against DNS rebinding, bounded request size and
//! bounded concurrent connections. No request path ever reaches the file system.
//!
//! A local process cannot lock the clerk out by holding connections open: a
//! connection that sends nothing for [`IDLE_TIME`] is closed, and when every slot
//! is taken the connection that has waited longest without completing its
//! request gives its slot to the new one (a browser's request arrives whole at
//! once, so it is never the one waiting).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Largest request head read (request line and headers).
const MAX_HEAD: u64 = 16 * 1024;
/// Largest request body accepted (a whole report is far smaller).
pub const MAX_BODY: usize = 4 * 1024 * 1024;
/// Connections served at once; more are answered 503 at once.
const MAX_CONNECTIONS: usize = 32;
/// The time a client has to send its whole request, however slowly its bytes come.
const REQUEST_TIME: Duration = Duration::from_secs(10);
/// The longest silence while a request is being sent.
pub const IDLE_TIME: Duration = Duration::from_secs(2);

/// A parsed request.
pub struct Request {
    pub method: String,
    pub target: String,
    pub host: Option<String>,
    /// Lower-cased header names with their values.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    /// The value of `name=` in the query.
    pub fn query(&self, name: &str) -> Option<&str> {
        let (_, query) = self.target.split_once('?')?;
        query.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == name).then_some(v)
        })
    }

    /// True when the request is addressed to this server by its loopback name.
    pub fn host_ok(&self, port: u16) -> bool {
        self.host.as_deref().is_some_and(|h| {
            let name = match h.strip_suffix(&format!(":{port}")) {
                Some(name) => name,
                // Browsers leave out the default port.
                None if port == 80 => h,
                None => return false,
            };
            name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost")
        })
    }

    /// True when the target tries to climb out (`..`, encoded dots, backslashes).
    pub fn path_suspicious(&self) -> bool {
        let lower = self.target.to_ascii_lowercase();
        self.target.contains("..") || lower.contains("%2e") || self.target.contains('\\')
    }
}

/// Why a request could not be read.
pub enum ReadFailure {
    Malformed,
    /// The body is larger than [`MAX_BODY`].
    TooLarge,
    /// The request line and headers are larger than `MAX_HEAD`: refused whole,
    /// never read in part (a header past the limit could change its meaning).
    HeadTooLarge,
}

impl ReadFailure {
    /// The status and short body that answer the failure.
    pub fn reply(&self) -> (u16, &'static [u8]) {
        match self {
            ReadFailure::Malformed => (400, b"bad request"),
            ReadFailure::TooLarge => (413, b"too large"),
            ReadFailure::HeadTooLarge => (431, b"request header fields too large"),
        }
    }
}

/// Reads from a stream until a fixed moment, however slowly the bytes come.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left.min(IDLE_TIME)))?;
        (&mut &*self.stream).read(buf)
    }
}

/// One line of the request head; a line cut off by the head limit means the
/// head is too large.
fn read_line<R: Read>(
    reader: &mut BufReader<std::io::Take<R>>,
    line: &mut String,
) -> Result<usize, ReadFailure> {
    let n = reader.read_line(line).map_err(|_| ReadFailure::Malformed)?;
    if n > 0 && !line.ends_with('\n') && reader.get_ref().limit() == 0 {
        return Err(ReadFailure::HeadTooLarge);
    }
    Ok(n)
}

/// Reads one request, its body included (up to `MAX_BODY`), within `REQUEST_TIME`.
pub fn read_request(stream: &TcpStream) -> Result<Request, ReadFailure> {
    let deadline = Deadline {
        stream,
        until: Instant::now() + REQUEST_TIME,
    };
    let mut reader = BufReader::new(Read::take(deadline, MAX_HEAD));
    let mut line = String::new();
    read_line(&mut reader, &mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().ok_or(ReadFailure::Malformed)?.to_string();
    let target = parts.next().ok_or(ReadFailure::Malformed)?.to_string();
    let mut host = None;
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if read_line(&mut reader, &mut header)? == 0 {
            // The head ended without its blank line: cut off by the limit, or
            // by the client.
            if reader.get_ref().limit() == 0 {
                return Err(ReadFailure::HeadTooLarge);
            }
            return Err(ReadFailure::Malformed);
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_string());
            if name == "host" {
                // Two Host headers: which one is meant cannot be known.
                if host.is_some() {
                    return Err(ReadFailure::Malformed);
                }
                host = Some(value.clone());
            }
            headers.push((name, value));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse::<usize>().map_err(|_| ReadFailure::Malformed))
        .transpose()?
        .unwrap_or(0);
    if length > MAX_BODY {
        return Err(ReadFailure::TooLarge);
    }
    // What the head reader buffered past the headers belongs to the body.
    let mut body = reader.buffer().to_vec();
    let mut rest = reader.into_inner().into_inner();
    if body.len() < length {
        let mut more = vec![0; length - body.len()];
        rest.read_exact(&mut more)
            .map_err(|_| ReadFailure::Malformed)?;
        body.extend_from_slice(&more);
    }
    body.truncate(length);
    mark_answered();
    Ok(Request {
        method,
        target,
        host,
        headers,
        body,
    })
}

/// The security headers' script policy: preview's page carries its own inline
/// reload script; the editor loads only its own script file.
#[derive(Clone, Copy)]
pub enum Scripts {
    Inline,
    SelfOnly,
}

/// Writes a whole response and closes.
pub fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
    scripts: Scripts,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        422 => "Unprocessable Content",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Method Not Allowed",
    };
    let (script_src, style_src) = match scripts {
        Scripts::Inline => ("'unsafe-inline'", "'unsafe-inline'"),
        Scripts::SelfOnly => ("'self'", "'self'"),
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\n\
         Content-Type: {content_type}\r\n\
         Content-Length: {}\r\n\
         Cache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\n\
         Referrer-Policy: no-referrer\r\n\
         Content-Security-Policy: default-src 'none'; style-src {style_src}; script-src {script_src}; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// One open connection, as the slot policy sees it.
struct Slot {
    id: u64,
    accepted: Instant,
    /// A clone of the connection, to close it from outside.
    stream: TcpStream,
    /// True once its request has been read whole (then it is never evicted).
    answered: Arc<AtomicBool>,
}

/// The connections being served.
#[derive(Default)]
struct Slots(Mutex<Vec<Slot>>);

impl Slots {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Slot>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a slot for a new connection: when all are taken, the connection
    /// that has waited longest without sending its whole request is closed to
    /// make room. `None` when every slot is answering a real request.
    fn take(&self, id: u64, stream: &TcpStream) -> Option<Arc<AtomicBool>> {
        let clone = stream.try_clone().ok()?;
        let mut slots = self.lock();
        if slots.len() >= MAX_CONNECTIONS {
            let oldest = slots
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.answered.load(Ordering::SeqCst))
                .min_by_key(|(_, s)| s.accepted)
                .map(|(i, _)| i)?;
            let evicted = slots.swap_remove(oldest);
            let _ = evicted.stream.shutdown(Shutdown::Both);
        }
        let answered = Arc::new(AtomicBool::new(false));
        slots.push(Slot {
            id,
            accepted: Instant::now(),
            stream: clone,
            answered: Arc::clone(&answered),
        });
        Some(answered)
    }

    fn give_back(&self, id: u64) {
        self.lock().retain(|s| s.id != id);
    }
}

thread_local! {
    /// Set by the serving thread once its request is read whole.
    static ANSWERED: std::cell::RefCell<Option<Arc<AtomicBool>>> = const { std::cell::RefCell::new(None) };
}

/// Called once a request has been read whole: its connection keeps its slot.
fn mark_answered() {
    ANSWERED.with(|a| {
        if let Some(flag) = a.borrow().as_ref() {
            flag.store(true, Ordering::SeqCst);
        }
    });
}

/// Accepts connections for ever, each on its own thread, at most
/// `MAX_CONNECTIONS` at once (see the module's slot policy); `handle` answers
/// one request.
pub fn serve<H>(listener: TcpListener, handle: H)
where
    H: Fn(TcpStream) + Send + Sync + 'static,
{
    let handle = Arc::new(handle);
    let slots = Arc::new(Slots::default());
    for (id, mut stream) in (0u64..).zip(listener.incoming().flatten()) {
        let _ = stream.set_read_timeout(Some(IDLE_TIME));
        let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
        let Some(answered) = slots.take(id, &stream) else {
            let _ = respond(
                &mut stream,
                503,
                "text/plain",
                b"busy",
                false,
                Scripts::SelfOnly,
            );
            continue;
        };
        let handle = Arc::clone(&handle);
        let slots = Arc::clone(&slots);
        thread::spawn(move || {
            ANSWERED.with(|a| *a.borrow_mut() = Some(answered));
            handle(stream);
            slots.give_back(id);
        });
    }
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
