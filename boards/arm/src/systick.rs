//! SysTick as a free-running 24-bit down-counter at the core clock, extended by counting its
//! wraps in the SysTick exception.
//!
//! Under `qemu-system-arm -icount shift=0` each instruction advances virtual time by 1 ns, so
//! one count at `core_hz` is `1e9 / core_hz` instructions (40 at 25 MHz, 50 at 20 MHz): count
//! differences times that are instruction counts, to that granularity (QEMU counts
//! instructions, not cycles). Without `-icount` the counts follow host time.

use core::sync::atomic::{AtomicU32, Ordering};
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::SYST;
use cortex_m_rt::exception;

const RELOAD: u32 = 0x00ff_ffff;

// Only the SysTick exception stores WRAPS and only `start` stores the rates (before the
// counter runs): plain loads and stores, which thumbv6m has too.
static WRAPS: AtomicU32 = AtomicU32::new(0);
static COUNTS_PER_MS: AtomicU32 = AtomicU32::new(1);
static INSNS_PER_COUNT: AtomicU32 = AtomicU32::new(0);

/// Starts SysTick: core clock (`core_hz`), full 24-bit reload, wrap interrupt on.
pub fn start(mut syst: SYST, core_hz: u32) {
    COUNTS_PER_MS.store((core_hz / 1000).max(1), Ordering::Relaxed);
    INSNS_PER_COUNT.store(1_000_000_000 / core_hz.max(1), Ordering::Relaxed);
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
}

#[exception]
fn SysTick() {
    WRAPS.store(
        WRAPS.load(Ordering::Relaxed).wrapping_add(1),
        Ordering::Release,
    );
}

/// Core-clock counts since [`start`].
pub fn counts() -> u64 {
    loop {
        let before = WRAPS.load(Ordering::Acquire);
        let current = SYST::get_current() & RELOAD;
        let after = WRAPS.load(Ordering::Acquire);
        if before == after {
            return (u64::from(before) << 24) | u64::from(RELOAD - current);
        }
    }
}

/// Instructions since [`start`] under `-icount shift=0` (granularity: one count).
pub fn instructions() -> u64 {
    counts() * u64::from(INSNS_PER_COUNT.load(Ordering::Relaxed))
}

/// Milliseconds since [`start`].
pub fn now_ms() -> u64 {
    counts() / u64::from(COUNTS_PER_MS.load(Ordering::Relaxed))
}
