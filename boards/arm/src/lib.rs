//! What Wren's Cortex-M boards (`cm4`, `cm33`, `cm0`) share. Each board crate adds its
//! `memory.x`, its addresses and clock rate, and a [`wren_board_common::Board`] impl.
//!
//! - [`uart`]: the CMSDK APB UART (ARM's example UART on every MPS2 image) as an `embedded_io`
//!   stream, polled; its busy-waits are booked as I/O wait.
//! - [`systick`]: SysTick as a free-running counter with wrap counting: the millisecond clock
//!   and, under `qemu -icount shift=0`, an instruction counter (1 ns of virtual time per
//!   instruction, so one count is `1e9 / core_hz` instructions).
//! - [`semihosting`]: console output and exit status (`SYS_EXIT_EXTENDED`), no `core::fmt`.
//! - [`fault`]: HardFault and unexpected exceptions print and exit (102, 103), so no test hangs.
//! - [`stack_region`] / [`stack_pointer`]: the painted stack of cortex-m-rt (`paint-stack`).
//!
//! On the host this crate is empty.
#![no_std]

#[cfg(target_os = "none")]
pub mod fault;
#[cfg(target_os = "none")]
pub mod semihosting;
#[cfg(target_os = "none")]
pub mod systick;
#[cfg(target_os = "none")]
pub mod uart;

#[cfg(target_os = "none")]
extern "C" {
    /// Lowest address of the stack region (cortex-m-rt's `link.x`).
    static _stack_end: u32;
    /// Initial stack pointer: one past the highest stack address.
    static _stack_start: u32;
}

/// The stack region cortex-m-rt set up (and painted at reset): (lowest, one past highest).
#[cfg(target_os = "none")]
#[must_use]
pub fn stack_region() -> (usize, usize) {
    // Only the addresses of the linker symbols are taken, never their contents.
    (
        core::ptr::addr_of!(_stack_end) as usize,
        core::ptr::addr_of!(_stack_start) as usize,
    )
}

/// The main stack pointer.
#[cfg(target_os = "none")]
#[must_use]
pub fn stack_pointer() -> usize {
    cortex_m::register::msp::read() as usize
}
