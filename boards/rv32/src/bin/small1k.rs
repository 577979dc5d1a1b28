//! Application 6 (`wren_board_common::app4::run_1k`: application 4's verifying client with
//! 1 KiB records in its smallest buffers, RX 1 162 / TX 1 070) on the emulated RV32IMAC (QEMU
//! virt), over its 16550 UART.
//! Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("rv32-small1k: firmware only; build with --target riscv32imac-unknown-none-elf");
}

#[cfg(target_os = "none")]
mod firmware {

    use wren_board_common::app4::{self, Storage1k};
    use wren_board_rv32::Rv32;

    static STORAGE: Storage1k<Rv32> = Storage1k::new();

    #[riscv_rt::entry]
    fn main() -> ! {
        let uart = wren_board_rv32::init();
        app4::run_1k(&STORAGE, uart)
    }
}
