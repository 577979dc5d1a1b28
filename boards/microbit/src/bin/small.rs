//! Application 4 (`wren_board_common::app4`, the verifying client with 512-byte records in
//! the 512-byte preset's buffers) on the micro:bit, over the nRF51 UART. Its statics fit
//! 16 KiB but not with its handshake stack, so like `microbit-client` it is built only with
//! the `oversize` feature (`cargo xtask microbit-fit` measures how far over it is).
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!(
        "microbit-small: firmware only; build with --target thumbv6m-none-eabi --features oversize"
    );
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_common::app4::{self, Storage};
    use wren_board_microbit::Microbit;

    static STORAGE: Storage<Microbit> = Storage::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_microbit::init();
        app4::run(&STORAGE, uart)
    }
}
