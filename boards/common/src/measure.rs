//! Measured regions: instructions with the time spent waiting for the UART taken out.
//!
//! A board's UART driver adds every busy-wait it does to [`add_io_wait`]; a region's compute
//! instructions are its total minus the waits inside it. Under `qemu -icount shift=0` both are
//! exact up to the board's counter granularity. QEMU counts instructions, not cycles.

use core::cell::Cell;
use critical_section::Mutex;

use crate::text::Line;
use crate::Board;

static IO_WAIT: Mutex<Cell<u64>> = Mutex::new(Cell::new(0));

/// Adds `instructions` spent busy-waiting for the UART.
pub fn add_io_wait(instructions: u64) {
    critical_section::with(|cs| {
        let c = IO_WAIT.borrow(cs);
        c.set(c.get().wrapping_add(instructions));
    });
}

/// Instructions spent waiting for the UART since reset.
#[must_use]
pub fn io_wait() -> u64 {
    critical_section::with(|cs| IO_WAIT.borrow(cs).get())
}

/// Runs `io` (a UART driver's busy-waits and byte moves) and books its instructions, as
/// `instructions` counts them, as I/O wait.
pub fn waiting<R>(instructions: fn() -> u64, io: impl FnOnce() -> R) -> R {
    let start = instructions();
    let r = io();
    add_io_wait(instructions().wrapping_sub(start));
    r
}

/// A started region.
#[derive(Clone, Copy, Debug)]
pub struct Region {
    instructions: u64,
    io_wait: u64,
}

impl Region {
    /// Starts a region now.
    #[must_use]
    pub fn start<B: Board>() -> Self {
        Self {
            instructions: B::instructions(),
            io_wait: io_wait(),
        }
    }

    /// Compute instructions since [`Region::start`]: total minus UART waits.
    #[must_use]
    pub fn compute<B: Board>(&self) -> u64 {
        let total = B::instructions().wrapping_sub(self.instructions);
        let waited = io_wait().wrapping_sub(self.io_wait);
        total.saturating_sub(waited)
    }
}

/// The `REPORT` line that `cargo xtask size` parses: `REPORT key=value key=value ...`.
pub struct Report(Line<400>);

impl Report {
    /// A report for application `app`.
    #[must_use]
    pub fn new(app: u32) -> Self {
        let mut l = Line::new();
        l.str("REPORT app=").u64(u64::from(app));
        Self(l)
    }

    /// Adds `key=value`.
    pub fn field(&mut self, key: &str, value: u64) -> &mut Self {
        self.0.str(" ").str(key).str("=").u64(value);
        self
    }

    /// Prints it.
    pub fn print<B: Board>(&self) {
        crate::say::<B>(self.0.as_bytes());
    }
}
