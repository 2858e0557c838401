//! Object streams (PDF 1.5): the small dictionaries of the file (the
//! structure tree's elements above all, one per heading, paragraph and table
//! cell, and the page and font dictionaries) are packed into compressed
//! object streams instead of standing in the file one by one, and the
//! cross-reference table is a compressed stream that locates them. A tagged
//! report has some 400 such objects; packed, they cost a few KB instead of
//! about 50.

use pdf_writer::{Chunk, Filter, Name, Pdf, Ref, Settings, XRefFilter};

use super::deflate::Deflater;

/// Objects per object stream (the index in a cross-reference entry has two bytes).
const PER_STREAM: usize = 4096;

/// Where a packed object is: its stream and its index there.
pub struct Packed {
    object: Ref,
    stream: Ref,
    index: u16,
}

/// Collects the objects to pack; they must be dictionaries or arrays without
/// text of the report (the objects are told apart by their syntax).
pub struct Packer {
    chunk: Chunk,
}

impl Packer {
    pub fn new() -> Packer {
        Packer {
            chunk: Chunk::with_settings(Settings { pretty: false }),
        }
    }

    /// Where to write the objects to pack.
    pub fn chunk(&mut self) -> &mut Chunk {
        &mut self.chunk
    }

    /// Writes the collected objects into object streams in `pdf`.
    pub fn write(self, pdf: &mut Pdf, alloc: &mut Ref) -> Vec<Packed> {
        let objects = split(&self.chunk);
        let mut deflater = Deflater::with_level(super::deflate::DENSE_LEVEL);
        let mut packed = Vec::with_capacity(objects.len());
        for group in objects.chunks(PER_STREAM) {
            let stream = alloc.bump();
            let mut header = String::new();
            let mut body = Vec::new();
            for (index, (object, bytes)) in group.iter().enumerate() {
                header.push_str(&format!("{} {} ", object.get(), body.len()));
                body.extend_from_slice(bytes);
                body.push(b'\n');
                packed.push(Packed {
                    object: *object,
                    stream,
                    index: index as u16,
                });
            }
            let first = header.len();
            let mut data = header.into_bytes();
            data.extend(body);
            let data = deflater.deflate(&data);
            let mut s = pdf.stream(stream, &data);
            s.filter(Filter::FlateDecode);
            s.pair(Name(b"Type"), Name(b"ObjStm"));
            s.pair(Name(b"N"), group.len() as i32);
            s.pair(Name(b"First"), first as i32);
        }
        packed
    }
}

/// The objects of `chunk`, each without its `N 0 obj` / `endobj` wrapper.
fn split(chunk: &Chunk) -> Vec<(Ref, &[u8])> {
    let bytes = chunk.as_bytes();
    let ids: Vec<Ref> = chunk.refs().collect();
    let mut out = Vec::with_capacity(ids.len());
    let mut at = 0;
    for (k, id) in ids.iter().enumerate() {
        let head = format!("{} 0 obj\n", id.get());
        debug_assert!(bytes[at..].starts_with(head.as_bytes()));
        let start = at + head.len();
        let end = match ids.get(k + 1) {
            // The object ends where `endobj` is followed by the next one's head.
            Some(next) => {
                let tail = format!("\nendobj\n{} 0 obj\n", next.get());
                start
                    + bytes[start..]
                        .windows(tail.len())
                        .position(|w| w == tail.as_bytes())
                        .unwrap_or(bytes.len() - start)
            }
            None => bytes.len().saturating_sub(b"\nendobj\n".len()).max(start),
        };
        out.push((*id, &bytes[start..end]));
        at = end + b"\nendobj\n".len();
    }
    out
}

/// Finishes the file with a compressed cross-reference stream (numbered
/// `xref`, which must be the highest object number) that also locates the
/// packed objects.
pub fn finish(pdf: Pdf, xref: Ref, packed: &[Packed], deflater: &mut Deflater) -> Vec<u8> {
    pdf.finish_with_xref_stream_and_filter(xref, |raw| {
        let mut raw = raw.to_vec();
        locate(&mut raw, xref.get() as usize + 1, packed);
        (
            deflater.deflate(&raw),
            XRefFilter::Single(Filter::FlateDecode),
        )
    })
}

/// Turns the free entries pdf-writer wrote for the packed objects into
/// entries of type 2 (stream number, index) and relinks the free list.
fn locate(raw: &mut [u8], size: usize, packed: &[Packed]) {
    let width = raw.len() / size;
    // Type (1 byte), offset or stream (width - 3), generation or index (2).
    let field = width - 3;
    let put = |raw: &mut [u8], at: usize, kind: u8, second: u64, third: u16| {
        let entry = &mut raw[at * width..(at + 1) * width];
        entry[0] = kind;
        entry[1..1 + field].copy_from_slice(&second.to_be_bytes()[8 - field..]);
        entry[1 + field..].copy_from_slice(&third.to_be_bytes());
    };
    for p in packed {
        put(
            raw,
            p.object.get() as usize,
            2,
            p.stream.get() as u64,
            p.index,
        );
    }
    let free: Vec<usize> = (0..size).filter(|i| raw[i * width] == 0).collect();
    for (k, i) in free.iter().enumerate() {
        let next = free.get(k + 1).copied().unwrap_or(0);
        let generation = if *i == 0 { 65535 } else { 0 };
        put(raw, *i, 0, next as u64, generation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_gives_each_object_without_its_wrapper() {
        let mut packer = Packer::new();
        packer.chunk().indirect(Ref::new(3)).array().items([1, 2]);
        packer
            .chunk()
            .indirect(Ref::new(7))
            .dict()
            .pair(Name(b"S"), Name(b"P"));
        let objects = split(&packer.chunk);
        assert_eq!(objects.len(), 2);
        assert_eq!((objects[0].0, objects[0].1), (Ref::new(3), &b"[1 2]"[..]));
        assert_eq!(
            (objects[1].0, objects[1].1),
            (Ref::new(7), &b"<</S/P>>"[..])
        );
    }

    #[test]
    fn packed_objects_get_entries_of_type_2_and_the_free_list_is_relinked() {
        // Five objects, width 6 (1 + 3 + 2): 0 free, 1 in the file, 2 and 4
        // written free by pdf-writer, 3 in the file.
        let entry = |kind: u8, second: u32, third: u16| {
            let mut e = vec![kind];
            e.extend(&second.to_be_bytes()[1..]);
            e.extend(third.to_be_bytes());
            e
        };
        let mut raw: Vec<u8> = [
            entry(0, 2, 65535),
            entry(1, 15, 0),
            entry(0, 4, 0),
            entry(1, 90, 0),
            entry(0, 0, 0),
        ]
        .concat();
        let packed = [Packed {
            object: Ref::new(2),
            stream: Ref::new(3),
            index: 0,
        }];
        locate(&mut raw, 5, &packed);
        assert_eq!(&raw[12..18], entry(2, 3, 0));
        // 0 now leads to 4, the only free object left, which ends the list.
        assert_eq!(&raw[0..6], entry(0, 4, 65535));
        assert_eq!(&raw[24..30], entry(0, 0, 0));
        assert_eq!(&raw[6..12], entry(1, 15, 0));
    }
}
