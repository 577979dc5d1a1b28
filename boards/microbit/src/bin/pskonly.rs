//! Application 5 (`wren_board_common::app5`, the PSK-only client: external PSK, psk_ke,
//! ChaCha20-Poly1305, 512-byte records) on the micro:bit, over the nRF51 UART, in the
//! nRF51822's real 16 KiB of RAM. Built with `--no-default-features --features psk-only` (no
//! certificate code). Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("microbit-pskonly: firmware only; build with --target thumbv6m-none-eabi");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_common::app5::{self, Storage};
    use wren_board_microbit::Microbit;

    static STORAGE: Storage<Microbit> = Storage::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_microbit::init();
        app5::run(&STORAGE, uart)
    }
}
