//! Reading report files and writing outputs safely.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::diag::{Diagnostic, SourceFile};

/// The largest report file read: a whole report is far below 1 MB.
pub const MAX_REPORT_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file could not be read.
pub enum ReadError {
    /// The OS refused (missing file, no permission), or the file is not a report
    /// file at all (a folder, a device, too large).
    Io(String),
    /// The bytes are not UTF-8; the finding points at the first bad byte.
    Encoding(Box<(SourceFile, Diagnostic)>),
}

/// Reads a report file as UTF-8 (a leading BOM, as Windows Notepad writes, is dropped).
///
/// Only regular files are read (a FIFO, `/dev/stdin` or `/dev/zero` is refused),
/// and never more than [`MAX_REPORT_BYTES`], whatever the file claims its size is.
pub fn read_source(path: &Path) -> Result<SourceFile, ReadError> {
    let cannot = |e: std::io::Error| {
        ReadError::Io(format!("无法读取 {}：{}", path.display(), io_reason(&e)))
    };
    let meta = fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(ReadError::Io(format!(
            "{} 是一个文件夹，不是报告文件；请指定报告的 TOML 文件",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(ReadError::Io(format!(
            "{} 不是普通文件（设备、管道或套接字），无法作为报告读取；请先把报告保存为文件",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(MAX_REPORT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        return Err(ReadError::Io(format!(
            "{} 太大（超过 {} MB）：报告文件通常不到 1 MB；请确认选择的是报告的 TOML 文件",
            path.display(),
            MAX_REPORT_BYTES / 1_048_576
        )));
    }
    if let Some(d) = utf16(&bytes) {
        return Err(ReadError::Encoding(Box::new((
            SourceFile::new(path, String::new()),
            d,
        ))));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text.to_string())),
        Err(e) => {
            let good = e.valid_up_to();
            // Show the file up to the bad byte so the place can be pointed at.
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let offset = String::from_utf8_lossy(&bytes[..good]).len();
            let file = SourceFile::new(path, lossy);
            let d = Diagnostic::error(
                "encoding",
                format!("文件不是 UTF-8 编码（第 {} 个字节起无法识别）", good + 1),
            )
            .at(offset..offset + char::REPLACEMENT_CHARACTER.len_utf8())
            .hint(
                "很可能是用 GBK/GB2312 保存的：请在记事本或 WPS 中“另存为”，编码选择 UTF-8，再运行",
            );
            Err(ReadError::Encoding(Box::new((file, d))))
        }
    }
}

/// A UTF-16 file (Notepad's "Unicode"): a UTF-16 byte-order mark, or ASCII text
/// with every other byte zero.
fn utf16(bytes: &[u8]) -> Option<Diagnostic> {
    let bom = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let head = &bytes[..bytes.len().min(512)];
    let zeros = |start: usize| {
        head.iter()
            .skip(start)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = head.len() / 2;
    let interleaved = half >= 2 && (zeros(0) * 4 >= half * 3 || zeros(1) * 4 >= half * 3);
    (bom || interleaved).then(|| {
        Diagnostic::error(
            "encoding",
            "文件是 UTF-16 编码（记事本中称为“Unicode”），不是 UTF-8",
        )
        .hint("请在记事本中“另存为”，编码选择 UTF-8，再运行")
    })
}

/// A short Chinese reason for an IO error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".into(),
        PermissionDenied => "没有访问权限".into(),
        AlreadyExists => "文件已存在".into(),
        IsADirectory => "这是一个文件夹，不是文件".into(),
        NotADirectory => "路径中的某一级不是文件夹".into(),
        StorageFull => "磁盘已满".into(),
        QuotaExceeded => "超出磁盘配额".into(),
        ReadOnlyFilesystem => "磁盘或文件夹是只读的".into(),
        FileTooLarge => "文件太大".into(),
        InvalidFilename => "文件名不合法或太长".into(),
        ResourceBusy | ExecutableFileBusy => "文件正被其他程序占用".into(),
        CrossesDevices => "不能跨磁盘移动文件".into(),
        TimedOut => "操作超时".into(),
        Interrupted => "操作被中断".into(),
        UnexpectedEof => "文件意外结束".into(),
        WriteZero => "无法写入更多数据".into(),
        OutOfMemory => "内存不足".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误 {code}（{e}）"),
            None => format!("系统错误（{e}）"),
        },
    }
}

/// Suffix of our temporary files, so stale ones can be recognised as ours.
const TMP_SUFFIX: &str = ".nianbao-tmp";

/// Temporary files of ours older than this are left over from a killed run.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// An output written under a temporary name beside its final path, not yet in place.
/// Dropping it without [`Staged::commit`] removes the temporary file.
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    done: bool,
}

impl Staged {
    /// Writes `bytes` to a new, unpredictably named file beside `path` (opened with
    /// `create_new`, so a planted symlink or file is never followed or reused).
    pub fn new(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        remove_stale(dir);
        let mut attempt = 0;
        let (tmp, mut file) = loop {
            let tmp = dir.join(temporary_name(&name));
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
            {
                Ok(f) => break (tmp, f),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 16 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        };
        // From here on, dropping `staged` on an error removes the temporary file.
        let staged = Staged {
            tmp,
            path: path.to_path_buf(),
            done: false,
        };
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(staged)
    }

    /// Moves the file to its final name (replacing a symlink there, never its target).
    pub fn commit(mut self) -> std::io::Result<()> {
        fs::rename(&self.tmp, &self.path)?;
        self.done = true;
        Ok(())
    }

    /// Gives the file its final name only if nothing has that name yet
    /// (`AlreadyExists` otherwise); the temporary name is removed either way.
    pub fn commit_new(self) -> std::io::Result<()> {
        // A hard link fails rather than replace, and never shows a partial file;
        // dropping `self` then removes the temporary name.
        match fs::hard_link(&self.tmp, &self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                // A file system without hard links (FAT32, some network drives).
                if fs::symlink_metadata(&self.path).is_ok() {
                    return Err(std::io::ErrorKind::AlreadyExists.into());
                }
                self.commit()
            }
            linked => linked,
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            // Best effort: the file is ours and has no other use.
            fs::remove_file(&self.tmp).ok();
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename,
/// so a failed run never leaves a half-written output.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    Staged::new(path, bytes)?.commit()
}

/// Replaces an existing file's content atomically, as an editor saves: through a
/// symlink to the file it names, keeping the file's permissions and (where the OS
/// allows) its owner and group. `unchanged` is asked right before the rename;
/// when it says the file changed meanwhile, nothing is replaced and the answer
/// is `false`.
pub fn replace_file(
    path: &Path,
    bytes: &[u8],
    unchanged: impl Fn() -> bool,
) -> std::io::Result<bool> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    let staged = Staged::new(&target, bytes)?;
    fs::set_permissions(&staged.tmp, meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; a clerk's own file already has their uid.
        let _ = std::os::unix::fs::chown(&staged.tmp, Some(meta.uid()), Some(meta.gid()));
    }
    if !unchanged() {
        return Ok(false);
    }
    staged.commit()?;
    Ok(true)
}

/// Writes a file the user asked for by name: atomically, and replacing an existing
/// file only when `replace` (`--force`); otherwise an existing file is left as it
/// is and the error is `AlreadyExists`.
pub fn write_new(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let staged = Staged::new(path, bytes)?;
    if replace {
        staged.commit()
    } else {
        staged.commit_new()
    }
}

/// Writes every file or none: all are staged first, and only when every one is
/// on disk are they moved to their final names.
pub fn write_all_or_none(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        staged.push(Staged::new(path, bytes).map_err(|e| (path.clone(), e))?);
    }
    for s in staged {
        let path = s.path.clone();
        s.commit().map_err(|e| (path, e))?;
    }
    Ok(())
}

/// `.NAME.PID.RANDOM.nianbao-tmp`: hidden, ours by its suffix, and naming the
/// process that writes it, so that a later run can tell it was left by a killed one.
fn temporary_name(name: &str) -> String {
    format!(
        ".{name}.{}.{:016x}{TMP_SUFFIX}",
        std::process::id(),
        random()
    )
}

/// Removes the temporary files of ours that a killed run left in `dir` (any
/// output's): regular files (never symlinks) with our name pattern whose writing
/// process has ended, or, where that cannot be told, older than an hour.
fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if !(file_name.starts_with('.') && file_name.ends_with(TMP_SUFFIX)) {
            continue;
        }
        if entry
            .metadata()
            .is_ok_and(|m| m.file_type().is_file() && is_stale(&file_name, &m))
        {
            fs::remove_file(entry.path()).ok();
        }
    }
}

/// True when our temporary file was left by a run that has ended.
fn is_stale(file_name: &str, meta: &fs::Metadata) -> bool {
    let writer = file_name
        .strip_suffix(TMP_SUFFIX)
        .and_then(|rest| rest.rsplit_once('.'))
        .and_then(|(rest, _random)| rest.rsplit_once('.'))
        .and_then(|(_name, pid)| pid.parse::<u32>().ok());
    match (writer, process_is_running(writer.unwrap_or(0))) {
        (Some(pid), _) if pid == std::process::id() => false,
        (Some(_), Some(running)) => !running,
        _ => meta
            .modified()
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE_AFTER),
    }
}

/// Whether process `pid` is running, where the system says (`/proc`); `None` elsewhere.
fn process_is_running(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| proc.join(pid.to_string()).exists())
}

/// 64 unpredictable bits: the standard library's randomly keyed hasher over the
/// time, the process id and a counter.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(t) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

/// True when both paths name one existing file (so an output never replaces its input).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_new_never_replaces_without_force_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("nianbao-write-new-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("报告.toml");
        write_new(&path, b"first", false).unwrap();
        let again = write_new(&path, b"second", false).unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        write_new(&path, b"third", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"third");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["报告.toml"]);
        fs::remove_dir_all(&dir).ok();
    }
}
