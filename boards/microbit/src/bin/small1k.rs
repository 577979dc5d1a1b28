//! Application 6 (`wren_board_common::app4::run_1k`: application 4's verifying client with
//! 1 KiB records in its smallest buffers, RX 1 162 / TX 1 070) on the micro:bit, over the
//! nRF51 UART, in the nRF51822's real 16 KiB of RAM. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("microbit-small1k: firmware only; build with --target thumbv6m-none-eabi");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_common::app4::{self, Storage1k};
    use wren_board_microbit::Microbit;

    static STORAGE: Storage1k<Microbit> = Storage1k::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_microbit::init();
        app4::run_1k(&STORAGE, uart)
    }
}
