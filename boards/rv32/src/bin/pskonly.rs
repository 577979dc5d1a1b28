//! Application 5 (`wren_board_common::app5`, the PSK-only client: external PSK, psk_ke,
//! ChaCha20-Poly1305, 512-byte records) on the emulated RV32IMAC (QEMU virt), over its 16550
//! UART. Built with `--no-default-features --features psk-only` (no certificate code). Run:
//! `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("rv32-pskonly: firmware only; build with --target riscv32imac-unknown-none-elf");
}

#[cfg(target_os = "none")]
mod firmware {
    use wren_board_common::app5::{self, Storage};
    use wren_board_rv32::Rv32;

    static STORAGE: Storage<Rv32> = Storage::new();

    #[riscv_rt::entry]
    fn main() -> ! {
        let uart = wren_board_rv32::init();
        app5::run(&STORAGE, uart)
    }
}
