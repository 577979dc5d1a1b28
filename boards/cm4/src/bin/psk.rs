//! Application 2 (`wren_board_common::app2`, external PSK psk_ke and psk_dhe_ke, then a
//! ticket and resumption with 0-RTT) on the emulated Cortex-M4F, over UART0. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("cm4-psk: firmware only; build with --target thumbv7em-none-eabihf");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_cm4::Cm4;
    use wren_board_common::app2::{self, Storage};

    static STORAGE: Storage<Cm4> = Storage::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_cm4::init();
        app2::run(&STORAGE, uart)
    }
}
