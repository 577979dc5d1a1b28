//! Application 5 (`wren_board_common::app5`, the PSK-only client: external PSK, psk_ke,
//! ChaCha20-Poly1305, 512-byte records) on the emulated Cortex-M4F, over UART0. Built with
//! `--no-default-features --features psk-only` (no certificate code). Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("cm4-pskonly: firmware only; build with --target thumbv7em-none-eabihf");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_cm4::Cm4;
    use wren_board_common::app5::{self, Storage};

    static STORAGE: Storage<Cm4> = Storage::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_cm4::init();
        app5::run(&STORAGE, uart)
    }
}
