//! `nianbao start`: the page a clerk opens with a double-click. One loopback
//! server (127.0.0.1, a per-run token, the Host check of `edit`) offers, in
//! Chinese, a new report, last year's report rolled forward, the reports in the
//! working folder, checking received reports and summing a folder of units; each
//! report opens in the `edit` engine under `/e/N/` on the same port, with buttons
//! that build it as `nianbao build` does.

pub mod actions;
pub mod console;
pub mod folder;
pub mod open;
pub mod running;
pub(crate) mod server;
