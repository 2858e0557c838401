//! Running the real binary from integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary under test: this build's, or the one `NIANBAO_BIN` names (an older
/// build, to show that a regression test fails on the code before its fix).
pub fn bin() -> PathBuf {
    std::env::var_os("NIANBAO_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_nianbao")),
        PathBuf::from,
    )
}

/// Runs `nianbao ARGS` in `dir`.
pub fn nianbao(dir: &Path, args: &[&str]) -> Output {
    // No desktop session: `nianbao` alone is then never taken for a double-click.
    Command::new(bin())
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .current_dir(dir)
        .output()
        .expect("nianbao runs")
}

/// `nianbao ARGS` killed after `limit` (a hang is a failure, not a stuck suite).
pub fn nianbao_within(dir: &Path, args: &[&str], limit: Duration) -> std::process::Output {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nianbao runs");
    let pid = child.id().to_string();
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let started = Instant::now();
            while !done.load(Ordering::SeqCst) {
                if started.elapsed() > limit {
                    Command::new("kill").args(["-9", &pid]).status().ok();
                    return true;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            false
        })
    };
    // Reading both pipes while waiting: a large output cannot stall the child.
    let output = child.wait_with_output().unwrap();
    done.store(true, Ordering::SeqCst);
    let killed = watchdog.join().unwrap();
    assert!(!killed, "nianbao {args:?} did not finish within {limit:?}");
    output
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts the process ended by itself with `code`, without a panic.
pub fn assert_exit(o: &Output, code: i32) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{err}",
        stdout(o)
    );
}

/// The example report files (examples/*.toml), sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// The complete examples: those that pass `check` (温州 2024 lost its tables).
pub fn complete_examples() -> Vec<PathBuf> {
    examples()
        .into_iter()
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("wenzhou")
        })
        .collect()
}

/// A report file parsed, with no parse error.
pub fn report_of(path: &Path) -> nianbao::report::Report {
    let text = std::fs::read_to_string(path).expect("report file");
    let parsed = nianbao::report::parse_report(&nianbao::diag::SourceFile::new(path, text));
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    parsed.report.expect("report parses")
}

/// The output-neutral document of a report file.
pub fn document_of(path: &Path) -> nianbao::document::Document {
    nianbao::document::build_document(&report_of(path))
}

/// A file's name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Builds `reports` into `out` in one run of `nianbao build -o OUT FLAGS…`
/// (`--html`, `--docx`, `--pdf`; none for all three); every one must build.
pub fn build_into(out: &Path, reports: &[PathBuf], flags: &[&str]) {
    let mut args = vec!["build", "-o", out.to_str().expect("UTF-8 path")];
    args.extend_from_slice(flags);
    args.extend(reports.iter().map(|p| p.to_str().expect("UTF-8 path")));
    assert_exit(&nianbao(&root(), &args), 0);
}

/// Where `build -o OUT` put `report`'s output of `extension`.
pub fn output_of(out: &Path, report: &Path, extension: &str) -> PathBuf {
    out.join(format!("{}.{extension}", stem(report)))
}

/// A fresh temporary folder, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("nianbao-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Says, visibly in the test output, that a check was skipped and why (e.g. the
/// tools of ../shared are not beside this clone).
#[allow(clippy::print_stderr)]
pub fn skipped(what: &str, why: &str) {
    eprintln!("SKIPPED: {what} — {why}");
}

/// Runs LibreOffice headless with a private profile: converts `files` to `to`
/// (`pdf`, `docx`) into `out`, all in one call.
pub fn soffice(profile: &Path, to: &str, out: &Path, files: &[PathBuf]) {
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice runs (apt-get install libreoffice-writer)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A small deterministic random source (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `DIR/NAME`, written by `nianbao new` for 某某县市场监督管理局, 2024.
pub fn new_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let o = nianbao(
        dir,
        &[
            "new",
            "--agency",
            "某某县市场监督管理局",
            "--year",
            "2024",
            "-o",
            name,
        ],
    );
    assert_exit(&o, 0);
    path
}
