//! Board support for Wren firmware on an emulated Cortex-M33: QEMU's `mps2-an505` (ARM MPS2
//! with an AN505 image, `-cpu cortex-m33`), built for `thumbv8m.main-none-eabihf` within the budget
//! of an STM32L552 (512 KiB flash, 256 KiB RAM; see `memory.x`). The core stays in the
//! Secure state it resets in, so addresses are the Secure aliases.
//!
//! The application code is `wren_board_common`'s; the CMSDK UART, SysTick and semihosting are
//! `wren_board_arm`'s. This crate names the addresses and the clock rate.
//!
//! On the host this crate compiles to nothing but [`CORE_HZ`] and [`UART0_BASE`].
#![cfg_attr(target_os = "none", no_std)]

/// The core clock of mps2-an505 (SysTick counts at it with its core clock source).
pub const CORE_HZ: u32 = 20_000_000;

/// UART0 of mps2-an505, the one QEMU connects to its first `-serial` backend.
pub const UART0_BASE: usize = 0x5020_0000;

#[cfg(target_os = "none")]
pub use firmware::*;

#[cfg(target_os = "none")]
mod firmware {
    use wren_board_arm::uart::CmsdkUart;
    use wren_board_arm::{semihosting, systick};
    use wren_board_common::Board;

    /// The board.
    #[derive(Clone, Copy, Debug)]
    pub struct Cm33;

    impl Board for Cm33 {
        const DESCRIPTION: &'static str =
            "wren cm33: Cortex-M33, thumbv8m.main-none-eabihf, QEMU mps2-an505 (Secure); budget STM32L552 (512 KiB flash, 256 KiB RAM)";
        type Uart = CmsdkUart;

        fn console(bytes: &[u8]) {
            semihosting::write(bytes);
        }
        fn exit(code: u32) -> ! {
            semihosting::exit(code)
        }
        fn instructions() -> u64 {
            systick::instructions()
        }
        fn now_ms() -> u64 {
            systick::now_ms()
        }
        fn stack_region() -> (usize, usize) {
            wren_board_arm::stack_region()
        }
        fn stack_pointer() -> usize {
            wren_board_arm::stack_pointer()
        }
    }

    /// Starts SysTick and takes UART0. Call once, first thing in `main`.
    #[must_use]
    pub fn init() -> CmsdkUart {
        let Some(core) = cortex_m::Peripherals::take() else {
            semihosting::write_line(b"SETUP_FAILED: core peripherals taken twice");
            semihosting::exit(2)
        };
        systick::start(core.SYST, super::CORE_HZ);
        // SAFETY: UART0_BASE is mps2-an505's CMSDK UART0; `Peripherals::take` succeeding above
        // proves this is the first and only call of `init`, so no other `CmsdkUart` for it exists.
        unsafe { CmsdkUart::new(super::UART0_BASE) }
    }

    #[panic_handler]
    fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
        wren_board_common::panic::<Cm33>(info)
    }
}
