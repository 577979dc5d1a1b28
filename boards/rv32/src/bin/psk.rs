//! Application 2 (`wren_board_common::app2`, external PSK psk_ke and psk_dhe_ke, then a
//! ticket and resumption with 0-RTT) on the emulated RV32IMAC (QEMU virt), over its 16550 UART. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("rv32-psk: firmware only; build with --target riscv32imac-unknown-none-elf");
}

#[cfg(target_os = "none")]
mod firmware {

    use wren_board_common::app2::{self, Storage};
    use wren_board_rv32::Rv32;

    static STORAGE: Storage<Rv32> = Storage::new();

    #[riscv_rt::entry]
    fn main() -> ! {
        let uart = wren_board_rv32::init();
        app2::run(&STORAGE, uart)
    }
}
