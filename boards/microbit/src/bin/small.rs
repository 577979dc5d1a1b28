//! Application 4 (`wren_board_common::app4`: application 1's verifying client with 512-byte
//! records in its smallest buffers, RX 1 556 / TX 558) on the micro:bit, over the nRF51 UART,
//! in the nRF51822's real 16 KiB of RAM. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("microbit-small: firmware only; build with --target thumbv6m-none-eabi");
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
