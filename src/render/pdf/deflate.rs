//! Stream compression for the PDF (zlib format).

/// Compression level of streams: 6 is zlib's default.
const LEVEL: u32 = 6;

/// Compresses streams (zlib format, zlib-rs: about a third faster than miniz at
/// the same level and size; BENCHMARKS.md). One per thread, reused: its state
/// (about 300 KB) is allocated once rather than per stream.
pub(super) struct Deflater(flate2::Compress);

impl Deflater {
    pub(super) fn new() -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::new(LEVEL), true))
    }

    pub(super) fn deflate(&mut self, raw: &[u8]) -> Vec<u8> {
        use flate2::{FlushCompress, Status};
        self.0.reset();
        let mut out = Vec::with_capacity(raw.len() / 2 + 64);
        let mut consumed = 0;
        loop {
            let before = self.0.total_in();
            let status = self
                .0
                .compress_vec(&raw[consumed..], &mut out, FlushCompress::Finish);
            consumed += (self.0.total_in() - before) as usize;
            match status {
                Ok(Status::StreamEnd) => return out,
                // More room for the rest.
                Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(1024)),
                // Compressing into memory does not fail; were it to, the
                // stream is still written, stored rather than compressed.
                Err(_) => return stored_zlib(raw),
            }
        }
    }
}

/// `raw` as a zlib stream of stored (uncompressed) blocks: valid FlateDecode data.
fn stored_zlib(raw: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 65_535;
    let mut out = Vec::with_capacity(raw.len() + raw.len() / BLOCK * 5 + 11);
    out.extend([0x78, 0x01]);
    let mut blocks = raw.chunks(BLOCK).peekable();
    if blocks.peek().is_none() {
        out.extend([1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let len = block.len() as u16;
        out.push(u8::from(blocks.peek().is_none()));
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend(((b << 16) | a).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_zlib_is_read_back_by_a_zlib_reader() {
        use std::io::Read;
        for len in [0, 1, 65_535, 65_536, 200_000] {
            let raw: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&stored_zlib(&raw)[..])
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, raw, "{len} bytes");
        }
    }
}
