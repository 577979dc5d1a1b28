//! Board support for Wren firmware on an emulated RV32IMAC: QEMU's `virt` machine
//! (`qemu-system-riscv32 -machine virt -bios none`), built for `riscv32imac-unknown-none-elf`
//! within the budget of an ESP32-C6 (512 KiB SRAM, 1 MiB of flash for code; see `memory.x`).
//!
//! - [`uart`]: the NS16550A at 0x1000_0000 as an `embedded_io` stream (QEMU carries it to TCP).
//! - Instructions: `minstret` (exact under `-icount shift=0`); milliseconds: the CLINT's `mtime`
//!   (10 MHz on virt).
//! - [`semihosting`]: console output (RISC-V semihosting) and the exit status (the SiFive test
//!   device at 0x10_0000, which QEMU turns into its own exit status).
//! - Stack: riscv-rt does not paint it, so `main` calls `wren_board_common::stack::repaint`
//!   first; the region is riscv-rt's `.stack` (`__estack` .. `_stack_start`).
//!
//! On the host this crate compiles to nothing but its constants.
#![cfg_attr(target_os = "none", no_std)]

/// The 16550 UART of virt, the one QEMU connects to its first `-serial` backend.
pub const UART0_BASE: usize = 0x1000_0000;
/// The SiFive test device ("finisher") of virt.
pub const TEST_DEVICE: usize = 0x10_0000;
/// The CLINT's `mtime` register on virt (64-bit, 10 MHz).
pub const MTIME: usize = 0x0200_bff8;
/// `mtime` ticks per millisecond on virt.
pub const MTIME_PER_MS: u64 = 10_000;

#[cfg(target_os = "none")]
pub mod semihosting;
#[cfg(target_os = "none")]
pub mod uart;

#[cfg(target_os = "none")]
pub use firmware::*;

#[cfg(target_os = "none")]
mod firmware {
    use crate::uart::Uart16550;
    use crate::{semihosting, MTIME, MTIME_PER_MS};
    use wren_board_common::text::Line;
    use wren_board_common::Board;

    extern "C" {
        /// Lowest address of riscv-rt's `.stack` region.
        static __estack: u32;
        /// One past the highest stack address (the initial stack pointer).
        static _stack_start: u32;
    }

    /// The board.
    #[derive(Clone, Copy, Debug)]
    pub struct Rv32;

    impl Board for Rv32 {
        const DESCRIPTION: &'static str =
            "wren rv32: RV32IMAC, riscv32imac-unknown-none-elf, QEMU virt; budget ESP32-C6 (512 KiB SRAM, 1 MiB flash)";
        type Uart = Uart16550;

        fn console(bytes: &[u8]) {
            semihosting::write(bytes);
        }
        fn exit(code: u32) -> ! {
            semihosting::exit(code)
        }
        fn instructions() -> u64 {
            riscv::register::minstret::read64()
        }
        fn now_ms() -> u64 {
            mtime() / MTIME_PER_MS
        }
        fn stack_region() -> (usize, usize) {
            // Only the addresses of the linker symbols are taken, never their contents.
            (
                core::ptr::addr_of!(__estack) as usize,
                core::ptr::addr_of!(_stack_start) as usize,
            )
        }
        fn stack_pointer() -> usize {
            let sp: usize;
            // SAFETY: copies the stack pointer register; no memory access, no side effect.
            unsafe { core::arch::asm!("mv {}, sp", out(reg) sp, options(nomem, nostack)) };
            sp
        }
    }

    /// The 64-bit `mtime`, read as two halves (high, low, high again until stable).
    fn mtime() -> u64 {
        loop {
            // SAFETY: MTIME and MTIME + 4 are virt's CLINT mtime halves: always-mapped,
            // read-only here, side-effect-free MMIO words.
            let (hi, lo, hi2) = unsafe {
                (
                    core::ptr::read_volatile((MTIME + 4) as *const u32),
                    core::ptr::read_volatile(MTIME as *const u32),
                    core::ptr::read_volatile((MTIME + 4) as *const u32),
                )
            };
            if hi == hi2 {
                return (u64::from(hi) << 32) | u64::from(lo);
            }
        }
    }

    static TAKEN: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

    /// Paints the stack (riscv-rt does not) and takes the UART. Call once, first thing in
    /// `main`.
    #[must_use]
    pub fn init() -> Uart16550 {
        wren_board_common::stack::repaint::<Rv32>();
        if TAKEN.swap(true, core::sync::atomic::Ordering::AcqRel) {
            semihosting::write(b"SETUP_FAILED: init called twice\n");
            semihosting::exit(2)
        }
        // SAFETY: UART0_BASE is virt's 16550; `TAKEN` makes this the only `Uart16550` for it.
        unsafe { Uart16550::new(crate::UART0_BASE) }
    }

    #[panic_handler]
    fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
        wren_board_common::panic::<Rv32>(info)
    }

    /// Any exception (riscv-rt's `ExceptionHandler`): print the cause and address, exit 102.
    #[export_name = "ExceptionHandler"]
    fn exception(frame: &riscv_rt::TrapFrame) -> ! {
        let mut line = Line::<96>::new();
        line.str("EXCEPTION mcause=")
            .hex32(riscv::register::mcause::read().bits() as u32)
            .str(" mepc=")
            .hex32(riscv::register::mepc::read() as u32)
            .str(" ra=")
            .hex32(frame.ra as u32);
        wren_board_common::say::<Rv32>(line.as_bytes());
        semihosting::exit(wren_board_common::FAULT_EXIT)
    }

    /// Any interrupt (none is enabled): exit 103.
    #[export_name = "DefaultHandler"]
    fn default_handler() {
        semihosting::write(b"UNEXPECTED INTERRUPT\n");
        semihosting::exit(wren_board_common::UNEXPECTED_EXIT)
    }
}
