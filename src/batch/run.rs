//! Running one job per report file on all cores, with progress.

use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use indicatif::{ProgressBar, ProgressStyle};

use super::walk::Input;

/// How progress is shown while the files are worked on.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar on stderr when it is a terminal, there is more than one file and not `quiet`.
    pub fn new(total: usize, quiet: bool) -> Self {
        let show = !quiet && total > 1 && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} 个文件 {elapsed} {wide_msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Self { bar }
    }

    /// Prints through the bar (so it is not torn) or directly.
    pub fn print(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    pub fn advance(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
            bar.inc(1);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// How many jobs run at once: one per core.
pub fn workers(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(jobs).max(1)
}

/// Runs `job` for every input on all cores; `done` receives each result on the
/// calling thread as soon as it is ready (so results need not be held), with the
/// input's index. A job that panics gives `Err` with the panic's message instead
/// of stopping the others.
pub fn for_each<T, J, D>(inputs: &[Input], job: J, mut done: D)
where
    T: Send,
    J: Fn(&Input) -> T + Sync,
    D: FnMut(usize, Result<T, String>),
{
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers(inputs.len()) {
            let tx = tx.clone();
            let (next, job) = (&next, &job);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let result = catch_unwind(AssertUnwindSafe(|| job(input)))
                        .map_err(|p| panic_message(p.as_ref()));
                    if tx.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, result) in rx {
            done(i, result);
        }
    });
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知原因".to_string())
}
