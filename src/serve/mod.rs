//! The tiny loopback HTTP server shared by `preview`, `edit` and `start`: one
//! request per connection, read within its limits ([`request`]) and checked at
//! one door ([`admit`]: Host against DNS rebinding, paths, the run's token),
//! bounded concurrent connections. No request path ever reaches the file system.
//!
//! A local process cannot lock the clerk out by holding connections open: a
//! connection that sends nothing for [`IDLE_TIME`] is closed, and when every slot
//! is taken the connection that has waited longest without completing its
//! request gives its slot to the new one (a browser's request arrives whole at
//! once, so it is never the one waiting).

mod admit;
mod request;

use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub use admit::{Admission, Replies, admit, new_token, refuse};
pub use request::Request;

/// Connections served at once; more are answered 503 at once.
const MAX_CONNECTIONS: usize = 32;
/// The longest silence while a request is being sent.
pub const IDLE_TIME: Duration = Duration::from_secs(2);

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

/// Writes a whole response from a page that loads only its own scripts.
pub fn send(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    respond(
        stream,
        status,
        content_type,
        body,
        head_only,
        Scripts::SelfOnly,
    )
}

/// Writes `body` as JSON (the pages' own scripts read it).
pub fn respond_json(
    stream: &mut TcpStream,
    status: u16,
    body: &impl serde::Serialize,
) -> std::io::Result<()> {
    let text = serde_json::to_string(body).unwrap_or_else(|_| "{}".into());
    respond(
        stream,
        status,
        "application/json; charset=utf-8",
        text.as_bytes(),
        false,
        Scripts::SelfOnly,
    )
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
