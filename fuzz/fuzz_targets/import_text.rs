//! Any bytes as a published .txt report through `nianbao import` and `check`: no
//! panic; the report file written always reads back; nothing printed drives a terminal.
#![no_main]

mod common;
mod import;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    import::import_and_check("fuzz.txt", data);
});
