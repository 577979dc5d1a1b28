//! HardFault and unexpected exceptions: print over semihosting and exit with a distinct
//! status, so a test run never hangs on a fault. (The panic handler is the board's, through
//! `wren_board_common::panic`.)

use crate::semihosting::{exit, write_line};
use cortex_m_rt::{exception, ExceptionFrame};
use wren_board_common::text::Line;
use wren_board_common::{FAULT_EXIT, UNEXPECTED_EXIT};

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    let mut line = Line::<96>::new();
    line.str("HARDFAULT pc=")
        .hex32(frame.pc())
        .str(" lr=")
        .hex32(frame.lr());
    write_line(line.as_bytes());
    exit(FAULT_EXIT)
}

#[exception]
unsafe fn DefaultHandler(irqn: i16) {
    let mut line = Line::<64>::new();
    line.str("UNEXPECTED EXCEPTION ")
        .u64(u64::from(irqn.unsigned_abs()));
    write_line(line.as_bytes());
    exit(UNEXPECTED_EXIT)
}
