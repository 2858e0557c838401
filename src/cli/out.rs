//! Writing to stdout and stderr without panicking.
//!
//! `println!` panics when stdout is closed or full (`nianbao check … | head -1`,
//! `> /dev/full`). Command code prints through [`outln!`]/[`out!`] and [`errln!`]
//! instead: a closed pipe ends the process quietly, as ripgrep does; any other
//! failure to write stdout is reported on stderr with exit code 2.

use std::fmt::Arguments;
use std::io::{ErrorKind, Write};

use super::exit;

/// Writes formatted text to stdout; ends the process on a write failure.
pub fn stdout(args: Arguments<'_>) {
    let mut lock = std::io::stdout().lock();
    if let Err(e) = lock.write_fmt(args).and_then(|()| lock.flush()) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(i32::from(exit::OK));
        }
        stderr(format_args!(
            "错误：无法写出到标准输出：{}\n",
            crate::io::io_reason(&e)
        ));
        std::process::exit(i32::from(exit::CANNOT_RUN));
    }
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
