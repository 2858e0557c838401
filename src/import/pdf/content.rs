//! Content streams read operation by operation, never decoded or parsed whole,
//! within one budget per document.
//!
//! A content stream is a program: a few kilobytes of FlateDecode can hold
//! millions of operators. Each page's streams are inflated as they are read
//! ([`open`]) and tokenised one operation at a time ([`Lexer`]), so memory
//! holds one operation, not the page; the [`Budget`] bounds how many bytes,
//! operators and glyphs a whole document may spend.

use std::collections::VecDeque;
use std::io::Read;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

/// Decoded content bytes a document may hold (all pages and forms): a real
/// report's text layer is a few megabytes.
pub const MAX_CONTENT_BYTES: u64 = 256 * 1024 * 1024;
/// Operators a document may run (every page and every form each time it is drawn).
pub const MAX_OPERATORS: u64 = 8_000_000;
/// Glyphs and ruling segments a document may show: a 100-page report shows
/// about 200,000 glyphs.
pub const MAX_MARKS: u64 = 1_000_000;
/// Longest string kept whole (a shown string is a few hundred bytes); the rest is skipped.
const MAX_STRING: usize = 64 * 1024;
/// Most elements kept in one array or dictionary operand; the rest are skipped.
const MAX_ELEMENTS: usize = 64 * 1024;
/// Deepest nesting of arrays and dictionaries in an operand.
const MAX_NESTING: usize = 32;
/// Most operands kept before an operator; older ones are dropped.
const MAX_OPERANDS: usize = 1024;

/// What a document spent of its budget so far.
#[derive(Debug, Default)]
pub struct Budget {
    bytes: u64,
    operators: u64,
    marks: u64,
}

/// The budget limit a document reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exceeded {
    Bytes,
    Operators,
    Marks,
}

impl Exceeded {
    /// Says which limit was reached, in Chinese.
    pub fn describe(self) -> String {
        match self {
            Self::Bytes => format!("解压后的页面内容超过 {} MB", MAX_CONTENT_BYTES / 1_048_576),
            Self::Operators => format!("绘图指令超过 {MAX_OPERATORS} 条"),
            Self::Marks => format!("文字和线条超过 {MAX_MARKS} 个"),
        }
    }
}

impl Budget {
    /// Counts one glyph or ruling segment shown.
    pub fn mark(&mut self) -> Result<(), Exceeded> {
        self.marks += 1;
        if self.marks > MAX_MARKS {
            return Err(Exceeded::Marks);
        }
        Ok(())
    }

    fn operator(&mut self) -> Result<(), Exceeded> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(Exceeded::Operators);
        }
        Ok(())
    }

    fn bytes(&mut self, n: usize) -> Result<(), Exceeded> {
        self.bytes += n as u64;
        if self.bytes > MAX_CONTENT_BYTES {
            return Err(Exceeded::Bytes);
        }
        Ok(())
    }
}

/// One operation: its operator and the operands before it.
#[derive(Debug, Default)]
pub struct Operation {
    pub operator: String,
    pub operands: Vec<Object>,
}

/// The content streams of a page, read one after another as one program.
pub fn page<'a>(doc: &'a Document, page: ObjectId) -> Lexer<'a> {
    let streams = doc
        .get_page_contents(page)
        .into_iter()
        .filter_map(|id| doc.get_object(id).and_then(Object::as_stream).ok())
        .collect();
    Lexer::new(Streams {
        pending: streams,
        current: None,
    })
}

/// One stream (a form XObject's) as a program.
pub fn stream(stream: &Stream) -> Lexer<'_> {
    Lexer::new(Streams {
        pending: VecDeque::from([stream]),
        current: None,
    })
}

/// Several streams decoded lazily, in order, with a line break between them.
struct Streams<'a> {
    pending: VecDeque<&'a Stream>,
    current: Option<Box<dyn Read + 'a>>,
}

impl Read for Streams<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(reader) = &mut self.current {
                // A corrupt stream ends where it stops decoding, as viewers read it.
                match reader.read(buf) {
                    Ok(0) | Err(_) => self.current = None,
                    Ok(n) => return Ok(n),
                }
                if buf.is_empty() {
                    return Ok(0);
                }
                buf[0] = b'\n';
                return Ok(1);
            }
            let Some(next) = self.pending.pop_front() else {
                return Ok(0);
            };
            self.current = Some(open(next));
        }
    }
}

/// A stream's decoded content as a reader: FlateDecode (the filter of nearly
/// every content stream) and unfiltered streams are read as they go; any other
/// filter is decoded whole by lopdf, within the content budget.
fn open(stream: &Stream) -> Box<dyn Read + '_> {
    let filters = stream.filters().unwrap_or_default();
    let predictor = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .is_ok_and(|p| p.has(b"Predictor"));
    match filters.as_slice() {
        [] if stream.dict.get(b"Filter").is_err() => Box::new(&stream.content[..]),
        [b"FlateDecode" | b"Fl"] if !predictor => Box::new(Inflate::new(&stream.content)),
        _ => match stream.decompressed_content_with_limit(MAX_CONTENT_BYTES as usize) {
            Ok(bytes) => Box::new(std::io::Cursor::new(bytes)),
            Err(_) => Box::new(std::io::empty()),
        },
    }
}

/// Inflates a zlib stream as it is read; a stream whose zlib header is broken
/// is read as raw deflate (as lopdf does for some encrypted or odd writers).
struct Inflate<'a> {
    input: &'a [u8],
    zlib: flate2::read::ZlibDecoder<&'a [u8]>,
    raw: Option<flate2::read::DeflateDecoder<&'a [u8]>>,
    produced: bool,
}

impl<'a> Inflate<'a> {
    fn new(input: &'a [u8]) -> Self {
        Inflate {
            input,
            zlib: flate2::read::ZlibDecoder::new(input),
            raw: None,
            produced: false,
        }
    }
}

impl Read for Inflate<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(raw) = &mut self.raw {
            return raw.read(buf);
        }
        match self.zlib.read(buf) {
            Ok(n) => {
                self.produced |= n > 0;
                Ok(n)
            }
            Err(_) if !self.produced && self.input.len() > 2 => {
                let mut raw = flate2::read::DeflateDecoder::new(&self.input[2..]);
                let n = raw.read(buf);
                self.raw = Some(raw);
                n
            }
            Err(e) => Err(e),
        }
    }
}

/// Tokenises a content stream into operations, reading a buffer at a time.
pub struct Lexer<'a> {
    input: Box<dyn Read + 'a>,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    done: bool,
}

const BUFFER: usize = 64 * 1024;

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

impl<'a> Lexer<'a> {
    fn new(input: impl Read + 'a) -> Self {
        Lexer {
            input: Box::new(input),
            buf: vec![0; BUFFER].into_boxed_slice(),
            pos: 0,
            len: 0,
            done: false,
        }
    }

    /// The next byte, without taking it; `None` at the end of the content.
    fn peek(&mut self, budget: &mut Budget) -> Result<Option<u8>, Exceeded> {
        if self.pos == self.len {
            if self.done {
                return Ok(None);
            }
            self.pos = 0;
            self.len = loop {
                match self.input.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break 0,
                }
            };
            budget.bytes(self.len)?;
            if self.len == 0 {
                self.done = true;
                return Ok(None);
            }
        }
        Ok(Some(self.buf[self.pos]))
    }

    fn bump(&mut self, budget: &mut Budget) -> Result<Option<u8>, Exceeded> {
        let b = self.peek(budget)?;
        if b.is_some() {
            self.pos += 1;
        }
        Ok(b)
    }

    /// Reads the next operation into `op`; false at the end of the content.
    pub fn next(&mut self, op: &mut Operation, budget: &mut Budget) -> Result<bool, Exceeded> {
        op.operator.clear();
        op.operands.clear();
        loop {
            self.skip_white(budget)?;
            let Some(b) = self.peek(budget)? else {
                return Ok(false);
            };
            if is_regular(b) && !matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') {
                let word = self.word(budget)?;
                match word.as_slice() {
                    b"true" => op.operands.push(Object::Boolean(true)),
                    b"false" => op.operands.push(Object::Boolean(false)),
                    b"null" => op.operands.push(Object::Null),
                    _ => {
                        budget.operator()?;
                        if word == b"BI" {
                            self.skip_inline_image(budget)?;
                        }
                        op.operator = String::from_utf8_lossy(&word).into_owned();
                        return Ok(true);
                    }
                }
            } else if let Some(object) = self.object(budget, 0)? {
                if op.operands.len() >= MAX_OPERANDS {
                    op.operands.drain(..MAX_OPERANDS / 2);
                }
                op.operands.push(object);
            }
        }
    }

    fn skip_white(&mut self, budget: &mut Budget) -> Result<(), Exceeded> {
        while let Some(b) = self.peek(budget)? {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.bump(budget)? {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        Ok(())
    }

    /// A run of regular characters (an operator, keyword or number), at most
    /// [`MAX_STRING`] of them kept.
    fn word(&mut self, budget: &mut Budget) -> Result<Vec<u8>, Exceeded> {
        let mut word = Vec::new();
        while let Some(b) = self.peek(budget)? {
            if !is_regular(b) {
                break;
            }
            if word.len() < MAX_STRING {
                word.push(b);
            }
            self.pos += 1;
        }
        Ok(word)
    }

    /// One operand; `None` for a stray delimiter, which is skipped.
    fn object(&mut self, budget: &mut Budget, depth: usize) -> Result<Option<Object>, Exceeded> {
        self.skip_white(budget)?;
        let Some(b) = self.peek(budget)? else {
            return Ok(None);
        };
        Ok(Some(match b {
            b'/' => {
                self.pos += 1;
                Object::Name(name(&self.word(budget)?))
            }
            b'(' => {
                self.pos += 1;
                Object::String(self.literal(budget)?, StringFormat::Literal)
            }
            b'<' => {
                self.pos += 1;
                if self.peek(budget)? == Some(b'<') {
                    self.pos += 1;
                    Object::Dictionary(self.dictionary(budget, depth)?)
                } else {
                    Object::String(self.hex(budget)?, StringFormat::Hexadecimal)
                }
            }
            b'[' => {
                self.pos += 1;
                Object::Array(self.array(budget, depth)?)
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => number(&self.word(budget)?),
            _ if is_regular(b) => match self.word(budget)?.as_slice() {
                b"true" => Object::Boolean(true),
                b"false" => Object::Boolean(false),
                _ => Object::Null,
            },
            _ => {
                // `)`, `>`, `]`, `{`, `}` out of place.
                self.pos += 1;
                return Ok(None);
            }
        }))
    }

    fn array(&mut self, budget: &mut Budget, depth: usize) -> Result<Vec<Object>, Exceeded> {
        let mut items = Vec::new();
        loop {
            self.skip_white(budget)?;
            match self.peek(budget)? {
                None => return Ok(items),
                Some(b']') => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(b) if is_regular(b) && !matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') => {
                    // An operator inside an array: the array was never closed.
                    let word = self.word(budget)?;
                    match word.as_slice() {
                        b"true" => items.push(Object::Boolean(true)),
                        b"false" => items.push(Object::Boolean(false)),
                        b"null" => items.push(Object::Null),
                        _ => return Ok(items),
                    }
                }
                Some(_) if depth >= MAX_NESTING => {
                    self.pos += 1;
                }
                Some(_) => {
                    if let Some(o) = self.object(budget, depth + 1)?
                        && items.len() < MAX_ELEMENTS
                    {
                        items.push(o);
                    }
                }
            }
        }
    }

    fn dictionary(&mut self, budget: &mut Budget, depth: usize) -> Result<Dictionary, Exceeded> {
        let mut dict = Dictionary::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            self.skip_white(budget)?;
            match self.peek(budget)? {
                None => return Ok(dict),
                Some(b'>') => {
                    self.pos += 1;
                    if self.peek(budget)? == Some(b'>') {
                        self.pos += 1;
                    }
                    return Ok(dict);
                }
                Some(_) if depth >= MAX_NESTING => {
                    self.pos += 1;
                }
                Some(_) => {
                    let Some(o) = self.object(budget, depth + 1)? else {
                        continue;
                    };
                    match key.take() {
                        None => key = o.as_name().ok().map(<[u8]>::to_vec),
                        Some(k) if dict.len() < MAX_ELEMENTS => dict.set(k, o),
                        Some(_) => {}
                    }
                }
            }
        }
    }

    /// A literal string after its `(`: nested parentheses and escapes.
    fn literal(&mut self, budget: &mut Budget) -> Result<Vec<u8>, Exceeded> {
        let mut out = Vec::new();
        let mut open = 1usize;
        let push = |out: &mut Vec<u8>, b: u8| {
            if out.len() < MAX_STRING {
                out.push(b);
            }
        };
        while let Some(b) = self.bump(budget)? {
            match b {
                b'(' => {
                    open += 1;
                    push(&mut out, b);
                }
                b')' => {
                    open -= 1;
                    if open == 0 {
                        break;
                    }
                    push(&mut out, b);
                }
                b'\\' => {
                    let Some(e) = self.bump(budget)? else {
                        break;
                    };
                    match e {
                        b'n' => push(&mut out, b'\n'),
                        b'r' => push(&mut out, b'\r'),
                        b't' => push(&mut out, b'\t'),
                        b'b' => push(&mut out, 0x08),
                        b'f' => push(&mut out, 0x0C),
                        b'\r' => {
                            if self.peek(budget)? == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut code = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek(budget)? {
                                    Some(d @ b'0'..=b'7') => {
                                        self.pos += 1;
                                        code = code * 8 + u32::from(d - b'0');
                                    }
                                    _ => break,
                                }
                            }
                            push(&mut out, (code & 0xFF) as u8);
                        }
                        other => push(&mut out, other),
                    }
                }
                _ => push(&mut out, b),
            }
        }
        Ok(out)
    }

    /// A hexadecimal string after its `<`.
    fn hex(&mut self, budget: &mut Budget) -> Result<Vec<u8>, Exceeded> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.bump(budget)? {
            let digit = match b {
                b'>' => break,
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => continue,
            };
            match high.take() {
                None => high = Some(digit),
                Some(h) if out.len() < MAX_STRING => out.push(h << 4 | digit),
                Some(_) => {}
            }
        }
        if let Some(h) = high
            && out.len() < MAX_STRING
        {
            out.push(h << 4);
        }
        Ok(out)
    }

    /// Skips an inline image after its `BI`: the parameters up to `ID`, then the
    /// data up to an `EI` standing alone.
    fn skip_inline_image(&mut self, budget: &mut Budget) -> Result<(), Exceeded> {
        loop {
            self.skip_white(budget)?;
            match self.peek(budget)? {
                None => return Ok(()),
                Some(b) if is_regular(b) && !matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') => {
                    let word = self.word(budget)?;
                    if word == b"ID" {
                        break;
                    }
                    if word == b"EI" {
                        return Ok(());
                    }
                }
                Some(_) => {
                    self.object(budget, MAX_NESTING)?;
                }
            }
        }
        // One white-space byte after ID, then binary data.
        self.bump(budget)?;
        let mut before = b' ';
        while let Some(b) = self.bump(budget)? {
            if is_white(before) && b == b'E' && self.peek(budget)? == Some(b'I') {
                self.pos += 1;
                match self.peek(budget)? {
                    None => return Ok(()),
                    Some(c) if is_white(c) || is_delimiter(c) => return Ok(()),
                    Some(_) => {}
                }
                before = b'I';
                continue;
            }
            before = b;
        }
        Ok(())
    }
}

/// A name's bytes with its `#xx` escapes decoded.
fn name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let Some(hex) = raw.get(i + 1..i + 3)
            && let Ok(text) = std::str::from_utf8(hex)
            && let Ok(b) = u8::from_str_radix(text, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    out
}

/// A numeric operand: an integer, a real, or 0 when it is neither (as viewers read it).
fn number(raw: &[u8]) -> Object {
    let text = String::from_utf8_lossy(raw);
    if let Ok(i) = text.parse::<i64>() {
        return Object::Integer(i);
    }
    // Writers emit `--5` or `5.` or `-.5`; keep the sign and digits that parse.
    let cleaned: String = {
        let t = text.trim_start_matches(['+', '-']);
        let negative = text.len() - t.len() > 0 && text.starts_with('-');
        format!("{}{}", if negative { "-" } else { "" }, t)
    };
    match cleaned.parse::<f32>() {
        Ok(r) if r.is_finite() => Object::Real(r),
        _ => Object::Integer(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(content: &[u8]) -> Vec<(String, Vec<Object>)> {
        let mut lexer = Lexer::new(content);
        let mut budget = Budget::default();
        let mut op = Operation::default();
        let mut out = Vec::new();
        while lexer.next(&mut op, &mut budget).unwrap() {
            out.push((op.operator.clone(), op.operands.clone()));
        }
        out
    }

    #[test]
    fn operations_with_every_kind_of_operand() {
        let got = ops(
            b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm (a\\(b\\)\\101\\\nc) Tj\n\
            [<4F60> -250 (x)] TJ % comment ) (\n/P <</MCID 3>> BDC EMC ET",
        );
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "Tj", "TJ", "BDC", "EMC", "ET"]);
        assert_eq!(
            got[1].1,
            vec![Object::Name(b"F1".to_vec()), Object::Integer(12)]
        );
        assert_eq!(got[2].1[4], Object::Real(72.5));
        assert_eq!(got[2].1[5], Object::Real(-0.5));
        assert_eq!(
            got[3].1,
            vec![Object::String(b"a(b)Ac".to_vec(), StringFormat::Literal)]
        );
        let Object::Array(items) = &got[4].1[0] else {
            panic!("TJ takes an array")
        };
        assert_eq!(
            items[0],
            Object::String(vec![0x4F, 0x60], StringFormat::Hexadecimal)
        );
        assert_eq!(items[1], Object::Integer(-250));
        assert!(matches!(&got[5].1[1], Object::Dictionary(d) if d.has(b"MCID")));
    }

    #[test]
    fn inline_image_data_is_skipped() {
        let got = ops(b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xffQ) EI Q (t) Tj");
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q", "Tj"]);
    }

    #[test]
    fn operators_past_the_budget_stop_the_reading() {
        let content = b"n ".repeat(10);
        let mut lexer = Lexer::new(&content[..]);
        let mut budget = Budget {
            operators: MAX_OPERATORS - 5,
            ..Budget::default()
        };
        let mut op = Operation::default();
        let mut read = 0;
        let stop = loop {
            match lexer.next(&mut op, &mut budget) {
                Ok(true) => read += 1,
                Ok(false) => break None,
                Err(e) => break Some(e),
            }
        };
        assert_eq!((read, stop), (5, Some(Exceeded::Operators)));
    }
}
