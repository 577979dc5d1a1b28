//! Application 1 (`wren_board_common::app1`, a verifying TLS 1.3 client) as thumbv6m code
//! (Cortex-M0 class) on QEMU mps2-an385, over UART0. Run: `cargo xtask firmware`.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("cm0-client: firmware only; build with --target thumbv6m-none-eabi");
}

#[cfg(target_os = "none")]
mod firmware {
    use cortex_m_rt::entry;
    use wren_board_cm0::Cm0;
    use wren_board_common::app1::{self, Storage};

    static STORAGE: Storage<Cm0> = Storage::new();

    #[entry]
    fn main() -> ! {
        let uart = wren_board_cm0::init();
        app1::run(&STORAGE, uart)
    }
}
