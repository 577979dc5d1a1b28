//! Board self-test of the micro:bit link: no TLS, just the nRF51 UART to a host TCP peer and
//! the rate of the board's clock (TIMER0). Run by `cargo xtask firmware` (application 0).
//!
//! 1. Measures TIMER0: a loop of a known instruction count (`subs`/`bne`, 2 per turn), timed
//!    in TIMER0 counts; prints the instructions per count (x1000) it found, for the check of
//!    [`wren_board_microbit::INSNS_PER_COUNT`].
//! 2. Sends the greeting line [`GREETING`].
//! 3. Receives [`LEN`] bytes of the pattern `bulk(i)` (the host sends them) and checks them
//!    (exit 10 on a wrong byte), then sends them back.
//! 4. Receives one verdict byte: `Y` if the host got the bytes back intact (exit 0), else
//!    exit 11. A UART error exits 4.
//!
//! The `REPORT` line carries the TIMER0 measurement and the virtual time (instructions) of
//! the receive and the send, with the UART waits included: the link's throughput.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("microbit-uart: firmware only; build with --target thumbv6m-none-eabi");
}

#[cfg(target_os = "none")]
mod firmware {
    use core::arch::asm;
    use cortex_m_rt::entry;
    use embedded_io::{Read, Write};
    use wren_board_common::measure::Report;
    use wren_board_common::{say, Board, EXIT_OUTCOME};
    use wren_board_microbit::{timer, Microbit, INSNS_PER_COUNT};

    /// The first line the firmware sends (the host peer checks it).
    const GREETING: &[u8] = b"wren microbit uart self-test\n";
    /// Bytes received and sent back.
    const LEN: usize = 4096;
    /// Turns of the timing loop (2 instructions each).
    const TURNS: u32 = 1_000_000;

    /// The pattern the host sends: byte `i` of the stream.
    fn bulk(i: usize) -> u8 {
        (i.wrapping_mul(7).wrapping_add(3) % 251) as u8
    }

    /// `turns` turns of `subs; bne`: 2 x `turns` instructions.
    #[inline(never)]
    fn spin(turns: u32) {
        // SAFETY: a register-only countdown loop: no memory, no stack, ends when the register
        // reaches zero (`turns` > 0 is checked by the caller).
        unsafe {
            asm!(
                "2:",
                "subs {0}, #1",
                "bne 2b",
                inout(reg) turns => _,
                options(nomem, nostack),
            );
        }
    }

    fn fail(what: &[u8], code: u32) -> ! {
        say::<Microbit>(what);
        Microbit::exit(code)
    }

    static mut BUF: [u8; LEN] = [0; LEN];

    #[entry]
    fn main() -> ! {
        let mut uart = wren_board_microbit::init();
        say::<Microbit>(Microbit::DESCRIPTION.as_bytes());
        say::<Microbit>(b"microbit-uart: nRF51 UART link self-test (greeting, 4 KiB in, 4 KiB back, verdict byte)");

        let before = timer::counts();
        spin(TURNS);
        let counts = timer::counts().wrapping_sub(before).max(1);
        let per_count_x1000 = u64::from(TURNS) * 2 * 1000 / counts;

        // SAFETY: `main` runs once and is the only code that names BUF (no interrupt does), so
        // this is the only reference to it.
        let buf: &mut [u8; LEN] = unsafe { &mut *core::ptr::addr_of_mut!(BUF) };

        if uart.write_all(GREETING).is_err() {
            fail(b"UART_ERROR sending the greeting", 4);
        }
        let start = Microbit::instructions();
        let mut got = 0;
        while let Some(rest) = buf.get_mut(got..).filter(|r| !r.is_empty()) {
            match uart.read(rest) {
                Ok(0) | Err(_) => fail(b"UART_ERROR receiving", 4),
                Ok(n) => got += n,
            }
        }
        let rx_insns = Microbit::instructions().wrapping_sub(start);
        if buf.iter().enumerate().any(|(i, &b)| b != bulk(i)) {
            fail(b"RECEIVED_WRONG_BYTES", 10);
        }
        let start = Microbit::instructions();
        if uart.write_all(&buf[..]).is_err() {
            fail(b"UART_ERROR sending back", 4);
        }
        let tx_insns = Microbit::instructions().wrapping_sub(start);
        let mut verdict = [0u8; 1];
        if uart.read_exact(&mut verdict).is_err() {
            fail(b"UART_ERROR reading the verdict", 4);
        }
        Report::new(0)
            .field("turns", u64::from(TURNS))
            .field("timer_counts", counts)
            .field("insns_per_count_x1000", per_count_x1000)
            .field(
                "assumed_x1000",
                INSNS_PER_COUNT.0 * 1000 / INSNS_PER_COUNT.1,
            )
            .field("bytes", LEN as u64)
            .field("rx_insns", rx_insns)
            .field("tx_insns", tx_insns)
            .print::<Microbit>();
        if verdict != *b"Y" {
            fail(b"HOST_VERDICT: the bytes sent back differ", EXIT_OUTCOME);
        }
        say::<Microbit>(b"microbit-uart: pass");
        Microbit::exit(0)
    }
}
