//! Application 1 (`wren_board_common::app1`, a verifying TLS 1.3 client) on the emulated
//! Cortex-M33, over UART0. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("cm33-client: firmware only; build with --target thumbv8m.main-none-eabihf");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_cm33::Cm33;
    use wren_board_common::app1::{self, Storage};

    static STORAGE: Storage<Cm33> = Storage::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_cm33::init();
        app1::run(&STORAGE, uart)
    }
}
