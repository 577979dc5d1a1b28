//! Board support for Wren firmware on the BBC micro:bit (v1): a Nordic nRF51822 (Cortex-M0,
//! `thumbv6m-none-eabi`, 256 KiB flash, 16 KiB RAM; see `memory.x`), emulated by QEMU's
//! `microbit` machine.
//!
//! - [`uart`]: the nRF51 UART (0x4000_2000) as an `embedded_io` stream, polled; QEMU carries it
//!   to a TCP socket (`-serial tcp:127.0.0.1:PORT`).
//! - [`timer`]: the clock and instruction counter, TIMER0 at 16 MHz extended to 64 bits. The
//!   nRF51822's Cortex-M0 has no SysTick (QEMU's model gives it one, fed by the 16 MHz HCLK;
//!   it counts at the same rate, see boards/README.md), so the board uses the chip's timer.
//!   Under `-icount shift=0` one count is 62.5 instructions (measured by `microbit-uart`).
//! - Semihosting console and exit status, HardFault and stray-exception handlers: `wren_board_arm`.
//!
//! On the host this crate compiles to nothing but the constants.
#![cfg_attr(target_os = "none", no_std)]

/// The nRF51's 16 MHz clock: TIMER0's rate at prescaler 0 (and QEMU's SysTick's).
pub const CORE_HZ: u32 = 16_000_000;

/// The nRF51 UART, the one QEMU connects to its first `-serial` backend.
pub const UART0_BASE: usize = 0x4000_2000;

/// Instructions per 16 MHz count under `-icount shift=0`, as a fraction: 1e9 / 16e6 = 125 / 2.
pub const INSNS_PER_COUNT: (u64, u64) = (125, 2);

#[cfg(target_os = "none")]
pub mod timer;
#[cfg(target_os = "none")]
pub mod uart;

#[cfg(target_os = "none")]
pub use firmware::*;

#[cfg(target_os = "none")]
mod firmware {
    use crate::timer;
    use crate::uart::Nrf51Uart;
    use wren_board_arm::semihosting;
    use wren_board_common::Board;

    /// The board.
    #[derive(Clone, Copy, Debug)]
    pub struct Microbit;

    /// Instructions since [`init`] under `-icount shift=0` (TIMER0 counts x 62.5).
    #[must_use]
    pub fn instructions() -> u64 {
        let (num, den) = super::INSNS_PER_COUNT;
        timer::counts().wrapping_mul(num) / den
    }

    impl Board for Microbit {
        const DESCRIPTION: &'static str =
            "wren microbit: BBC micro:bit, nRF51822 (Cortex-M0, thumbv6m-none-eabi), QEMU microbit; budget nRF51822: 256 KiB flash, 16 KiB RAM";
        type Uart = Nrf51Uart;

        fn console(bytes: &[u8]) {
            semihosting::write(bytes);
        }
        fn exit(code: u32) -> ! {
            semihosting::exit(code)
        }
        fn instructions() -> u64 {
            instructions()
        }
        fn now_ms() -> u64 {
            timer::now_ms()
        }
        fn stack_region() -> (usize, usize) {
            wren_board_arm::stack_region()
        }
        fn stack_pointer() -> usize {
            wren_board_arm::stack_pointer()
        }
    }

    /// Starts TIMER0 and takes the UART. Call once, first thing in `main`.
    #[must_use]
    pub fn init() -> Nrf51Uart {
        // Taking the core peripherals proves this is the only call.
        if cortex_m::Peripherals::take().is_none() {
            semihosting::write_line(b"SETUP_FAILED: init called twice");
            semihosting::exit(2)
        }
        timer::start();
        // SAFETY: UART0_BASE is the nRF51's UART; `Peripherals::take` succeeding above proves
        // this is the first and only call of `init`, so no other `Nrf51Uart` for it exists.
        unsafe { Nrf51Uart::new(super::UART0_BASE) }
    }

    #[panic_handler]
    fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
        wren_board_common::panic::<Microbit>(info)
    }
}
