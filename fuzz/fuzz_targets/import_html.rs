//! Any bytes as a published .html report through `nianbao import` and `check`: no
//! panic; the report file written always reads back; nothing printed drives a terminal.
//!
//! Input starting with a NUL byte is structured, to reach deep and long pages
//! from a few bytes: `\0 k PREFIX \0 REST` is PREFIX repeated `2^(k % 21)` times
//! (up to 8 MB), then REST — `<div>` a million times deep, or a million table
//! rows. Any other input is the page itself.
#![no_main]

mod common;
mod import;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match data {
        [0, k, rest @ ..] => import::import_and_check("fuzz.html", &expanded(*k, rest)),
        _ => import::import_and_check("fuzz.html", data),
    }
});

/// Largest page made from one input.
const MAX_PAGE: usize = 8 << 20;

/// PREFIX (up to the first NUL of `rest`) repeated `2^(k % 21)` times, then the rest.
fn expanded(k: u8, rest: &[u8]) -> Vec<u8> {
    let (prefix, tail) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let times = (1usize << (k % 21)).min(MAX_PAGE / prefix.len().max(1)).max(1);
    let mut page = prefix.repeat(times);
    page.extend_from_slice(tail);
    page
}
