//! TIMER0 of the nRF51 as a free-running 32-bit counter at 16 MHz (prescaler 0), extended to
//! 64 bits by polling: every reading compares with the previous one and counts a wrap. The
//! nRF51822's Cortex-M0 has no SysTick (QEMU's model has one, the chip does not), so this is
//! the clock that works on the part itself.
//!
//! A wrap is seen only if the counter is read at least once per wrap, every 2^32 / 16 MHz =
//! 268 s: every UART read and write and every TLS clock reading reads it, and the UART's
//! wait for a first byte reads it on each turn, so only a program that neither waits nor
//! talks for 268 s could miss one.
//!
//! Under `qemu -icount shift=0` one count is 62.5 instructions (1 ns of virtual time per
//! instruction; measured by `microbit-uart`).

use core::sync::atomic::{AtomicU32, Ordering};

/// TIMER0's register block.
const TIMER0: usize = 0x4000_8000;
const TASKS_START: usize = 0x000;
const TASKS_CLEAR: usize = 0x00C;
const TASKS_CAPTURE0: usize = 0x040;
const MODE: usize = 0x504;
const BITMODE: usize = 0x508;
const PRESCALER: usize = 0x510;
const CC0: usize = 0x540;

const MODE_TIMER: u32 = 0;
const BITMODE_32: u32 = 3;

/// Counts per millisecond: 16 MHz / 2^0.
pub const COUNTS_PER_MS: u64 = 16_000;

// Only `counts` stores these, inside a critical section; thumbv6m has plain atomic loads and
// stores, which is all this needs.
static HIGH: AtomicU32 = AtomicU32::new(0);
static LAST: AtomicU32 = AtomicU32::new(0);

fn store(offset: usize, value: u32) {
    // SAFETY: TIMER0 is the nRF51's timer 0 register block and `offset` one of its 32-bit
    // registers; this module is its only user (the board's `init` starts it once). MMIO needs
    // volatile.
    unsafe { core::ptr::write_volatile((TIMER0 + offset) as *mut u32, value) }
}

fn load(offset: usize) -> u32 {
    // SAFETY: as in `store`.
    unsafe { core::ptr::read_volatile((TIMER0 + offset) as *const u32) }
}

/// Starts TIMER0: timer mode, 32 bits, 16 MHz, from zero.
pub fn start() {
    store(MODE, MODE_TIMER);
    store(BITMODE, BITMODE_32);
    store(PRESCALER, 0);
    store(TASKS_CLEAR, 1);
    store(TASKS_START, 1);
}

/// 16 MHz counts since [`start`].
pub fn counts() -> u64 {
    critical_section::with(|_| {
        // CAPTURE[0] copies the counter into CC[0].
        store(TASKS_CAPTURE0, 1);
        let now = load(CC0);
        let mut high = HIGH.load(Ordering::Relaxed);
        if now < LAST.load(Ordering::Relaxed) {
            high = high.wrapping_add(1);
            HIGH.store(high, Ordering::Relaxed);
        }
        LAST.store(now, Ordering::Relaxed);
        (u64::from(high) << 32) | u64::from(now)
    })
}

/// Milliseconds since [`start`].
pub fn now_ms() -> u64 {
    counts() / COUNTS_PER_MS
}
