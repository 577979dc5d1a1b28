//! Board support for Wren firmware on an emulated Cortex-M4F: QEMU's `mps2-an386` (ARM MPS2
//! with an AN386 image), built for `thumbv7em-none-eabihf` within the RAM and flash budget of
//! an nRF52840-class part (1 MiB flash, 256 KiB RAM; see `memory.x`).
//!
//! - [`uart`]: the CMSDK APB UART as an `embedded_io` byte stream. Under QEMU it is carried to a
//!   host TCP socket (`-serial tcp:127.0.0.1:PORT`), so TLS runs against real host peers.
//! - [`clock`]: SysTick as a free-running counter: a millisecond [`wren_tls::Clock`] and, under
//!   `qemu -icount shift=0`, an instruction counter (one SysTick count = 40 instructions).
//! - [`rng`]: the RNG seam. The measurement build uses a fixed-seed `TestRng`: NOT for
//!   production.
//! - [`semihosting`]: console output and exit status through the debugger interface (QEMU
//!   turns `SYS_EXIT_EXTENDED` into its own exit status).
//! - [`stack`]: peak-stack measurement over cortex-m-rt's painted stack.
//! - [`slot`]: write-once static storage, so the connection lives in `.bss`, not on the stack.
//! - [`text`]: a fixed-size line builder (no `core::fmt`, so what the library pulls in stays
//!   visible in the symbol list).
//!
//! On the host this crate compiles to its portable parts only, so workspace-wide host builds
//! and tests pass over it.
#![cfg_attr(target_os = "none", no_std)]

pub mod rng;
pub mod slot;
pub mod text;

#[cfg(target_os = "none")]
pub mod clock;
#[cfg(target_os = "none")]
mod fault;
#[cfg(target_os = "none")]
pub mod semihosting;
#[cfg(target_os = "none")]
pub mod stack;
#[cfg(target_os = "none")]
pub mod uart;

/// Wall-clock time the firmware reports for certificate validity: fixed at build,
/// 2026-01-01T00:00:00Z (20 454 days after the Unix epoch). The test PKI is valid
/// 2024-01-01 .. 2124-01-01. A real device would read an RTC set from a trusted source.
pub const BUILD_UNIX_TIME: u64 = 1_767_225_600;

/// [`BUILD_UNIX_TIME`] as the `fn() -> u64` that `wren_tls::Config::with_unix_time` takes.
#[must_use]
pub fn build_unix_time() -> u64 {
    BUILD_UNIX_TIME
}

/// The core clock of mps2-an386 (and the rate SysTick counts at with its core clock source).
pub const CORE_HZ: u32 = 25_000_000;
