//! Application 4 (`wren_board_common::app4`, the verifying client with 512-byte records in
//! the 512-byte preset's buffers) on the emulated RV32IMAC (QEMU virt), over its 16550 UART. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("rv32-small: firmware only; build with --target riscv32imac-unknown-none-elf");
}

#[cfg(target_os = "none")]
mod firmware {

    use wren_board_common::app4::{self, Storage};
    use wren_board_rv32::Rv32;

    static STORAGE: Storage<Rv32> = Storage::new();

    #[riscv_rt::entry]
    fn main() -> ! {
        let uart = wren_board_rv32::init();
        app4::run(&STORAGE, uart)
    }
}
