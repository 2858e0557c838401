//! Writing to stdout and stderr without panicking.
//!
//! `println!` panics when stdout is closed or full (`nianbao check … | head -1`,
//! `> /dev/full`). Command code prints through [`outln!`]/[`out!`] and [`errln!`]
//! instead. What a failure to write stdout means depends on the command:
//!
//! - where stdout is the product (`check`, `fonts`, `--help`, `new -o -`): a closed pipe ends
//!   the process quietly, as ripgrep does; any other failure is reported on stderr
//!   with exit code 2;
//! - where the product is files and stdout only lists them (`new`, `build`,
//!   `import`, `aggregate`, `templates`, and the servers' address lines, after
//!   [`stdout_only_lists`]): the work goes on and its exit code is the work's. A
//!   closed pipe silences stdout; any other failure is said once on stderr, and
//!   what stdout would have shown (the files written) follows there.

use std::fmt::Arguments;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use super::exit;

/// Whether stdout only lists what the command wrote (see the module's comment).
static ONLY_LISTS: AtomicBool = AtomicBool::new(false);

/// What became of stdout: writable, closed by its reader, or failing.
static STDOUT: AtomicU8 = AtomicU8::new(WRITABLE);
const WRITABLE: u8 = 0;
const CLOSED: u8 = 1;
const FAILING: u8 = 2;

/// Says that this command's stdout only lists the files it writes: a failure
/// to write it no longer stops the command.
pub fn stdout_only_lists() {
    ONLY_LISTS.store(true, Ordering::Relaxed);
}

/// Says that what follows on stdout is the command's product after all (`new -o -`).
pub fn stdout_is_the_product() {
    ONLY_LISTS.store(false, Ordering::Relaxed);
}

/// Writes formatted text to stdout; on a write failure, ends the process or
/// goes on as the module's comment says.
pub fn stdout(args: Arguments<'_>) {
    match STDOUT.load(Ordering::Relaxed) {
        CLOSED => return,
        FAILING => return stderr(args),
        _ => {}
    }
    let mut lock = std::io::stdout().lock();
    let Err(e) = lock.write_fmt(args).and_then(|()| lock.flush()) else {
        return;
    };
    let closed = e.kind() == ErrorKind::BrokenPipe;
    if ONLY_LISTS.load(Ordering::Relaxed) {
        STDOUT.store(if closed { CLOSED } else { FAILING }, Ordering::Relaxed);
        if !closed {
            stderr(format_args!(
                "注意：无法写出到标准输出（{}），以下改在这里列出；文件照常写入。\n",
                crate::io::io_reason(&e)
            ));
            stderr(args);
        }
        return;
    }
    if closed {
        std::process::exit(i32::from(exit::OK));
    }
    stderr(format_args!(
        "错误：无法写出到标准输出：{}\n",
        crate::io::io_reason(&e)
    ));
    std::process::exit(i32::from(exit::CANNOT_RUN));
}

/// Writes formatted text to stderr; a failure there has nowhere to be reported and is ignored.
pub fn stderr(args: Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// `println!` to stdout that never panics.
#[macro_export]
macro_rules! outln {
    () => { $crate::cli::out::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::out::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` to stdout that never panics.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::stdout(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::out::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}
