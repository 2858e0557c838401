//! Was this process started from a terminal, or by a double-click?
//!
//! Linux and other Unix systems: a double-click in a file manager gives neither
//! stdin nor stdout a terminal, and happens in a graphical session (DISPLAY or
//! WAYLAND_DISPLAY set); a script or a test that runs `nianbao` alone without a
//! terminal and without a desktop gets the usage message, not a server. Windows: a double-click in Explorer still gives
//! the program a console, but a new one of its own; from `cmd` or PowerShell the
//! console is shared with the shell. So on Windows the test is whether this
//! process is the only one attached to its console.

/// True when the user typed the command in a terminal (print the help), false
/// when the program was double-clicked (open the start page). Without a desktop
/// session (Unix) nobody can double-click, so that counts as a terminal.
pub fn from_terminal() -> bool {
    #[cfg(windows)]
    {
        !windows::sole_process_on_console()
    }
    #[cfg(not(windows))]
    {
        use std::io::IsTerminal;
        let desktop = ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
        !desktop || std::io::stdin().is_terminal() || std::io::stdout().is_terminal()
    }
}

#[cfg(windows)]
#[allow(
    unsafe_code,
    reason = "one call into kernel32 that the standard library does not wrap; no crate wraps it alone"
)]
mod windows {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }

    /// True when no other process (a shell) shares this console: Explorer made
    /// it for us. Without a console at all, also true.
    pub fn sole_process_on_console() -> bool {
        let mut list = [0u32; 4];
        // SAFETY: the pointer and length describe `list`, which outlives the call;
        // the function writes at most `count` process ids into it.
        let n = unsafe { GetConsoleProcessList(list.as_mut_ptr(), list.len() as u32) };
        n <= 1
    }
}
