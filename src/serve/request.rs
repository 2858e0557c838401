//! Reading one request: its head within a size limit, its body up to the
//! server's limit, the whole within [`REQUEST_TIME`] however slowly it comes.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::{IDLE_TIME, mark_answered};

/// Largest request head read (request line and headers).
const MAX_HEAD: u64 = 16 * 1024;
/// Largest request body a server accepts unless it says otherwise (a whole
/// report is far smaller).
pub const MAX_BODY: usize = 4 * 1024 * 1024;
/// The time a client has to send its whole request, however slowly its bytes come.
const REQUEST_TIME: Duration = Duration::from_secs(10);

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
    /// The body is larger than the server accepts.
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

/// Reads one request, its body included (up to `max_body`), within `REQUEST_TIME`.
pub(super) fn read_request(stream: &TcpStream, max_body: usize) -> Result<Request, ReadFailure> {
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
    if length > max_body {
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
