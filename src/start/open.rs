//! Opening the browser and a folder with the system's own handlers. The path or
//! address is always one argument of its own, never part of a shell string.

use std::path::Path;
use std::process::Command;

/// Opens `url` (an address this program made) in the default browser.
pub fn url(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(windows) {
        // `start`'s first quoted argument is the window title; the address is ours
        // (http://127.0.0.1:PORT/), never text from a user.
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    spawn_quietly(&mut command)
}

/// Shows `dir` in the system's file manager.
pub fn folder(dir: &Path) -> std::io::Result<()> {
    let program = if cfg!(windows) {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    spawn_quietly(Command::new(program).arg(dir))
}

fn spawn_quietly(command: &mut Command) -> std::io::Result<()> {
    use std::process::Stdio;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}
