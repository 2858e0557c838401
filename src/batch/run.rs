//! Running one job per report file on all cores.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::walk::Input;

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
