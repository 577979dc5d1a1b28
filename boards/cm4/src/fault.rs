//! Panic and fault handlers: print over semihosting and exit with a distinct status, so a
//! test run never hangs on a fault.

use crate::semihosting::{exit, write_line};
use crate::text::Line;
use cortex_m_rt::{exception, ExceptionFrame};

/// Exit status after a panic.
pub const PANIC_EXIT: u32 = 101;
/// Exit status after a HardFault.
pub const HARDFAULT_EXIT: u32 = 102;
/// Exit status after an unexpected exception or interrupt.
pub const DEFAULT_HANDLER_EXIT: u32 = 103;

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    // Location only: formatting the message would pull `core::fmt` into every image.
    let mut line = Line::<160>::new();
    line.str("PANIC");
    if let Some(loc) = info.location() {
        line.str(" at ")
            .str(loc.file())
            .str(":")
            .u64(u64::from(loc.line()));
    }
    write_line(line.as_bytes());
    exit(PANIC_EXIT)
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    let mut line = Line::<96>::new();
    line.str("HARDFAULT pc=")
        .hex32(frame.pc())
        .str(" lr=")
        .hex32(frame.lr());
    write_line(line.as_bytes());
    exit(HARDFAULT_EXIT)
}

#[exception]
unsafe fn DefaultHandler(irqn: i16) {
    let mut line = Line::<64>::new();
    line.str("UNEXPECTED EXCEPTION ")
        .u64(u64::from(irqn.unsigned_abs()));
    write_line(line.as_bytes());
    exit(DEFAULT_HANDLER_EXIT)
}
