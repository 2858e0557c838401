//! Any bytes as a published .pdf through `nianbao import` and `check` (see `import`).
#![no_main]

mod common;
mod import;

use std::sync::Once;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    static HOOK: Once = Once::new();
    HOOK.call_once(tolerate_caught_lopdf_panics);
    import::import_and_check("fuzz.pdf", data);
});

/// The PDF reader runs lopdf under `catch_unwind` and reports its panics on
/// malformed files as "PDF 结构损坏" (never a crash of the CLI). libFuzzer's panic
/// hook aborts before any unwinding, so a panic raised inside lopdf is let
/// unwind here; every other panic still aborts as a crash (and one escaping the
/// reader is caught by libfuzzer-sys and aborts too).
fn tolerate_caught_lopdf_panics() {
    let fuzzer_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_lopdf = info
            .location()
            .is_some_and(|l| l.file().contains("/lopdf-"));
        if !in_lopdf {
            fuzzer_hook(info);
        }
    }));
}
