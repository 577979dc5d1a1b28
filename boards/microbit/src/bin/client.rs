//! Application 1 (`wren_board_common::app1`, a verifying TLS 1.3 client) on the micro:bit,
//! over the nRF51 UART. It does not fit the nRF51822's 16 KiB of RAM yet (two 16 709-byte
//! record buffers alone are 32 KiB), so it is built only with the `oversize` feature: alone,
//! to see the linker's overflow; with `measure-ram` too, to run it in QEMU with more RAM and
//! measure its stack (`cargo xtask microbit-fit`).
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("microbit-client: firmware only; build with --target thumbv6m-none-eabi --features oversize");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_common::app1::{self, Storage};
    use wren_board_microbit::Microbit;

    static STORAGE: Storage<Microbit> = Storage::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_microbit::init();
        app1::run(&STORAGE, uart)
    }
}
