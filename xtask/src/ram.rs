//! `cargo xtask ram`: the RAM a full verified handshake needs, client and server, with 16 KiB,
//! 4 KiB, 1 KiB and 512-byte records (record buffers + `size_of` the connection + peak stack
//! measured on the host), as a Markdown table on standard output.
//!
//! The measurement is `examples/ram.rs` (its documentation gives the method: a stack painter
//! through `/proc/self/mem`, so Linux only); this runs it in the release profile, the one the
//! firmware uses.

use std::path::Path;

/// Builds and runs the `ram` example; its table goes to standard output.
pub fn ram(root: &Path) -> crate::Result {
    crate::run(
        root,
        "cargo",
        &[
            "run",
            "--quiet",
            "--release",
            "-p",
            "wren-tls",
            "--example",
            "ram",
        ],
    )
}
