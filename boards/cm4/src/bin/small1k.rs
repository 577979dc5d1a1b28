//! Application 6 (`wren_board_common::app4::run_1k`: application 4's verifying client with
//! 1 KiB records in its smallest buffers, RX 1 162 / TX 1 070) on the emulated Cortex-M4F, over UART0.
//! Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("cm4-small1k: firmware only; build with --target thumbv7em-none-eabihf");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_cm4::Cm4;
    use wren_board_common::app4::{self, Storage1k};

    static STORAGE: Storage1k<Cm4> = Storage1k::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_cm4::init();
        app4::run_1k(&STORAGE, uart)
    }
}
