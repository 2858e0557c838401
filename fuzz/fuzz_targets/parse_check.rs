//! Read, parse and check any bytes: never a panic, never a raw control in a message.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::parse_and_check(data);
});
