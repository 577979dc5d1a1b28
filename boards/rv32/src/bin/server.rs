//! Application 3 (`wren_board_common::app3`, a TLS 1.3 server: a certificate chain, then an
//! external PSK) on the emulated RV32IMAC (QEMU virt), over its 16550 UART. Needs `--features server`. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("rv32-server: firmware only; build with --target riscv32imac-unknown-none-elf");
}

#[cfg(target_os = "none")]
mod firmware {

    use wren_board_common::app3::{self, Storage};
    use wren_board_rv32::Rv32;

    static STORAGE: Storage<Rv32> = Storage::new();

    #[riscv_rt::entry]
    fn main() -> ! {
        let uart = wren_board_rv32::init();
        app3::run(&STORAGE, uart)
    }
}
