//! SysTick as a free-running 24-bit down-counter at the core clock ([`crate::CORE_HZ`]),
//! extended by counting its wraps in the SysTick exception.
//!
//! Under `qemu-system-arm -icount shift=0` each instruction advances virtual time by 1 ns, so
//! one count (40 ns at 25 MHz) is 40 instructions: [`counts`] differences times
//! [`INSNS_PER_COUNT`] are instruction counts (QEMU counts instructions, not cycles). Without
//! `-icount` the counts follow host time.

use core::sync::atomic::{AtomicU32, Ordering};
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::SYST;
use cortex_m_rt::exception;

const RELOAD: u32 = 0x00ff_ffff;

/// Instructions per SysTick count under `-icount shift=0` at 25 MHz.
pub const INSNS_PER_COUNT: u64 = 40;

static WRAPS: AtomicU32 = AtomicU32::new(0);
static IO_WAIT: AtomicU32 = AtomicU32::new(0);

/// Starts SysTick: core clock, full 24-bit reload, wrap interrupt on.
pub fn start(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
}

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
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

/// Adds `delta` counts to the time spent waiting for the UART.
pub fn add_io_wait(delta: u64) {
    let delta = u32::try_from(delta).unwrap_or(u32::MAX);
    IO_WAIT.fetch_add(delta, Ordering::Relaxed);
}

/// Counts spent waiting for the UART since [`start`] (saturating at `u32::MAX`).
pub fn io_wait_counts() -> u64 {
    u64::from(IO_WAIT.load(Ordering::Relaxed))
}

/// The millisecond protocol clock for `wren_tls` adapters.
#[derive(Clone, Copy, Debug, Default)]
pub struct SysTickClock;

impl wren_tls::Clock for SysTickClock {
    fn now_ms(&self) -> u64 {
        counts() / u64::from(crate::CORE_HZ / 1000)
    }
}
