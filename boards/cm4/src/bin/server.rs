//! Application 3 (`wren_board_common::app3`, a TLS 1.3 server: a certificate chain, then an
//! external PSK) on the emulated Cortex-M4F, over UART0. Needs `--features server`. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("cm4-server: firmware only; build with --target thumbv7em-none-eabihf");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_cm4::Cm4;
    use wren_board_common::app3::{self, Storage};

    static STORAGE: Storage<Cm4> = Storage::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_cm4::init();
        app3::run(&STORAGE, uart)
    }
}
