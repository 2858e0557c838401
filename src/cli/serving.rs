//! What the serving commands (`edit`, `preview`, `start`) share on the command
//! line: a listener on 127.0.0.1, and the Ctrl-C that ends them.

use std::net::TcpListener;
use std::sync::mpsc;

use crate::errln;

/// Listens on 127.0.0.1:`port` (0: any free port) for `what` (「编辑页面」…):
/// the listener and its port, or why not.
pub(super) fn listen(port: u16, what: &str) -> Result<(TcpListener, u16), String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("无法在 127.0.0.1:{port} 上启动{what}：{e}"))?;
    let port = port_of(&listener, what)?;
    Ok((listener, port))
}

/// The port a listener got.
pub(super) fn port_of(listener: &TcpListener, what: &str) -> Result<u16, String> {
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("无法启动{what}：{e}"))
}

/// A receiver told when Ctrl-C is pressed; when it cannot be caught, says how
/// to end the command instead (closing the window ends `ending`, 「编辑」…).
pub(super) fn ctrl_c(ending: &str) -> mpsc::Receiver<()> {
    let (stop_tx, stop_rx) = mpsc::channel();
    if ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .is_err()
    {
        errln!("警告：无法捕获 Ctrl-C，请直接关闭窗口结束{ending}");
    }
    stop_rx
}
