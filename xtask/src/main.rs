//! `cargo xtask`: Wren's own automation, one small std program with no dependencies.
//!
//! - `cargo xtask ci`: everything CI checks, on a fresh machine: installs the rustup targets and
//!   components (and Debian packages once tests need them), then formatting, clippy, every test,
//!   the embedded builds of the library crates and the fuzz targets' build.
//! - `cargo xtask demo`: shows Wren doing its job (see `demo` below).
//! - `cargo xtask firmware`: builds every board in `boards/` and runs every application on it
//!   in QEMU against real host peers; the verdicts are QEMU's exit statuses.
//! - `cargo xtask size`: the same runs, then `boards/REPORT.md` (flash, RAM, stack, instructions).
//! - `cargo xtask microbit-fit`: by how much applications 1 and 4 miss the micro:bit's 16 KiB
//!   of RAM (the linker's overflow at the real budget; statics + peak stack measured in QEMU
//!   with more RAM, a measurement-only link).
//! - `cargo xtask ram`: the RAM a full verified handshake needs on the host, client and server,
//!   with 16 KiB to 512-byte records (buffers + `size_of` connection + peak stack), as a table.
//! - `cargo xtask frames [ELF...]`: the largest stack frames of firmware images (already built).
//!
//! Every step prints what it runs; the first failure stops the run with a non-zero exit.

mod demo;
mod features;
mod firmware;
mod frames;
mod ram;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};
use std::time::Instant;

/// Embedded targets every library crate must build for.
const EMBEDDED_TARGETS: &[&str] = &[
    "thumbv6m-none-eabi",
    "thumbv7em-none-eabihf",
    "riscv32imac-unknown-none-elf",
];

/// Further targets the firmware boards need (rustup installs them with the embedded ones).
const FIRMWARE_TARGETS: &[&str] = &["thumbv8m.main-none-eabihf"];

/// The `#![no_std]` library crates.
const LIBRARY_CRATES: &[&str] = &[
    "tls-codec",
    "tls-crypto",
    "tls-p256",
    "tls-record",
    "tls-handshake",
    "tls-psk",
    "tls-cert",
    "wren-tls",
];

/// Debian packages the tests need, as (command that proves it is there, package).
const DEBIAN_PACKAGES: &[(&str, &str)] = &[
    ("openssl", "openssl"),
    ("gnutls-cli", "gnutls-bin"),
    ("qemu-system-arm", "qemu-system-arm"),
    ("qemu-system-riscv32", "qemu-system-misc"),
    // llvm-size / llvm-nm for `cargo xtask size`.
    ("llvm-size", "llvm"),
];

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(&root),
        Some("demo") => demo::demo(&root),
        Some("firmware") => firmware::firmware(&root),
        Some("size") => firmware::size(&root),
        Some("ram") => ram::ram(&root),
        Some("microbit-fit") => firmware::microbit_fit(&root),
        Some("frames") => frames::frames(&root, args.get(1..).unwrap_or(&[])),
        _ => {
            eprintln!("usage: cargo xtask <ci|demo|firmware|size|ram|microbit-fit|frames>");
            eprintln!(
                "  ci    install what the tests need, then fmt, clippy, tests, embedded builds"
            );
            eprintln!("  demo  show Wren at work");
            eprintln!(
                "  firmware  build every board, run its applications in QEMU against real peers"
            );
            eprintln!("  size  the firmware runs, then boards/REPORT.md (flash, RAM, stack, instructions)");
            eprintln!("  ram   handshake RAM on the host (buffers, connection, peak stack) per record size");
            eprintln!("  microbit-fit  by how much applications 1 and 4 miss the micro:bit's 16 KiB of RAM");
            eprintln!("  frames [ELF...]  largest stack frames of firmware images (default: cm4 apps 1, 3, 4)");
            exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("xtask: {e}");
        exit(1);
    }
}

fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(Path::to_path_buf).unwrap_or(here)
}

pub(crate) type Result = std::result::Result<(), String>;

/// Runs a command in `dir`, echoing it, and fails if it fails.
pub(crate) fn run(dir: &Path, program: &str, args: &[&str]) -> Result {
    eprintln!("\n==> {program} {}", args.join(" "));
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    eprintln!("    ({:.1}s)", start.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed: {status}", args.join(" ")))
    }
}

pub(crate) fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Installs rustup targets/components and missing Debian packages.
pub(crate) fn install(root: &Path) -> Result {
    let mut targets: Vec<&str> = vec!["target", "add"];
    targets.extend_from_slice(EMBEDDED_TARGETS);
    targets.extend_from_slice(FIRMWARE_TARGETS);
    run(root, "rustup", &targets)?;
    run(root, "rustup", &["component", "add", "rustfmt", "clippy"])?;
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .filter(|(cmd, _)| !have(cmd))
        .map(|(_, pkg)| *pkg)
        .collect();
    if !missing.is_empty() {
        let sudo = if have("sudo") && env::var("USER").map(|u| u != "root").unwrap_or(true) {
            "sudo "
        } else {
            ""
        };
        let script = format!(
            "{sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y -qq --no-install-recommends {}",
            missing.join(" ")
        );
        run(root, "sh", &["-c", &script])?;
    }
    Ok(())
}

fn ci(root: &Path) -> Result {
    let start = Instant::now();
    install(root)?;
    run(root, "cargo", &["fmt", "--all", "--", "--check"])?;
    run(
        root,
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // Each role alone (a client-only or server-only firmware) must build without warnings;
    // `client` alone is the PSK-only client (no `certificates`: no X.509 or signature code).
    for role in ["client", "client,certificates", "server"] {
        run(
            root,
            "cargo",
            &[
                "clippy",
                "-p",
                "wren-tls",
                "--no-default-features",
                "--features",
                role,
                "--",
                "-D",
                "warnings",
            ],
        )?;
    }
    // The board apps behind the `server` feature (application 3) are not in the default build.
    run(
        root,
        "cargo",
        &[
            "clippy",
            "-p",
            "wren-board-common",
            "--features",
            "server",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run(root, "cargo", &["test", "--workspace"])?;
    // The PSK-only client's handshake (no signature_algorithms; a ServerHello without a PSK is
    // handshake_failure): only without `certificates`, which the workspace build turns on.
    run(
        root,
        "cargo",
        &[
            "test",
            "-p",
            "tls-handshake",
            "--no-default-features",
            "--features",
            "client",
            "--test",
            "psk_only",
        ],
    )?;
    for target in EMBEDDED_TARGETS {
        let mut args = vec!["build", "--release", "--target", target];
        for krate in LIBRARY_CRATES {
            args.extend_from_slice(&["-p", krate]);
        }
        run(root, "cargo", &args)?;
    }
    // Every board in QEMU against real peers (verdict: QEMU's exit status), and
    // boards/REPORT.md regenerated from the same runs (numbers reported, never asserted).
    firmware::ci_stage(root)?;
    // The crypto features are additive: each family alone must still build for the smallest core.
    for feature in [
        "sha2",
        "sha384",
        "aes-gcm",
        "chacha20",
        "x25519",
        "p256",
        "p256-verify",
        "ed25519",
    ] {
        run(
            root,
            "cargo",
            &[
                "build",
                "--release",
                "--target",
                "thumbv6m-none-eabi",
                "-p",
                "tls-crypto",
                "--no-default-features",
                "--features",
                feature,
            ],
        )?;
    }
    // The firmware's crypto (no `sha384`): its algorithms pass their vectors, and SHA-384 and
    // what needs it answer `Unsupported` (tests/features.rs).
    run(
        root,
        "cargo",
        &[
            "test",
            "-p",
            "tls-crypto",
            "--no-default-features",
            "--features",
            "test-rng,sha2-compact,chacha20,x25519,p256-verify",
        ],
    )?;
    // Fuzz targets need nightly and cargo-fuzz to run; CI only proves they still compile.
    if root.join("fuzz/Cargo.toml").exists() {
        run(
            root,
            "cargo",
            &["check", "--manifest-path", "fuzz/Cargo.toml", "--bins"],
        )?;
    }
    eprintln!(
        "\nxtask ci: all checks passed in {:.0}s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
