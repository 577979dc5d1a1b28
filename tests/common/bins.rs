//! The tools' binaries (`wren-client`, `wren-server`) for tests that run them as processes.
//!
//! Cargo sets `CARGO_BIN_EXE_<name>` only for the tested package's own binaries, and the tools
//! are another package's. So the first test that needs them runs `cargo build -p wren-tools
//! --bins` (with `env!("CARGO")`, once per process) into the target directory and profile this
//! test binary was built in, both read from its own path (`<target>/[<triple>/]<profile>/deps/
//! <test>-…`; the target root is the directory holding Cargo's `CACHEDIR.TAG`). That works for
//! `cargo test -p wren-tls --test <name>` (which does not build the tools' binaries), for `cargo
//! test --workspace` (which does, and then the build is a no-op), with `--release`,
//! `--target-dir` or `CARGO_TARGET_DIR`, and always runs binaries built from the current source.
//! A first run may spend some seconds compiling the tools.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::path_arg;

/// The tools' binaries, built once per test process (see the module documentation).
pub fn tool(name: &str) -> String {
    static PROFILE_DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = PROFILE_DIR.get_or_init(build_tools);
    path_arg(&dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX)))
}

fn build_tools() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary in <profile>/deps")
        .to_path_buf();
    let profile_name = profile_dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("profile directory name");
    let above = profile_dir.parent().expect("target directory");
    let (target_dir, triple) = if above.join("CACHEDIR.TAG").exists() {
        (above, None)
    } else {
        // `--target <triple>`: <target>/<triple>/<profile>.
        let root = above.parent().expect("target directory above the triple");
        (root, above.file_name().and_then(|n| n.to_str()))
    };
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args([
        "build",
        "--quiet",
        "-p",
        "wren-tools",
        "--bins",
        "--manifest-path",
    ])
    .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
    .arg("--target-dir")
    .arg(target_dir)
    .args([
        "--profile",
        if profile_name == "debug" {
            "dev"
        } else {
            profile_name
        },
    ]);
    if let Some(triple) = triple {
        cmd.args(["--target", triple]);
    }
    let status = cmd.status().expect("run cargo build -p wren-tools");
    assert!(status.success(), "cargo build -p wren-tools failed");
    profile_dir
}
