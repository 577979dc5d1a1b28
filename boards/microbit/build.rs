//! Puts `memory.x` on the linker's search path and links with cortex-m-rt's `link.x`, for the
//! firmware target only (host builds of this crate are stubs). With the `measure-ram` feature
//! (measurement only) `memory-measure.x` is used instead: the same flash, more RAM.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=memory-measure.x");
    println!("cargo:rerun-if-changed=build.rs");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("none") {
        return;
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    let memory: &[u8] = if env::var_os("CARGO_FEATURE_MEASURE_RAM").is_some() {
        include_bytes!("memory-measure.x")
    } else {
        include_bytes!("memory.x")
    };
    if fs::write(out.join("memory.x"), memory).is_err() {
        println!("cargo:warning=could not write memory.x to OUT_DIR");
    }
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg=-Tlink.x");
    // Usage against memory.x's budget, printed by the linker at every firmware link.
    println!("cargo:rustc-link-arg=--print-memory-usage");
}
