//! The CMSDK APB UART (ARM's example UART on the MPS2 boards) as an `embedded_io` stream.
//!
//! One-byte transmit and receive buffers and no FIFOs, polled. The time spent waiting for the
//! line is added to [`crate::clock::io_wait_counts`] so measurements can leave it out.

use core::sync::atomic::{AtomicBool, Ordering};
use embedded_io::{ErrorKind, ErrorType, Read, Write};

/// UART0 of mps2-an386, the one QEMU connects to its first `-serial` backend.
pub const UART0_BASE: usize = 0x4000_4000;

const DATA: usize = 0x00;
const STATE: usize = 0x04;
const CTRL: usize = 0x08;
const INTSTATUS: usize = 0x0c;
const BAUDDIV: usize = 0x10;

const STATE_TX_FULL: u32 = 1 << 0;
const STATE_RX_FULL: u32 = 1 << 1;
const STATE_RX_OVERRUN: u32 = 1 << 3;
const CTRL_TX_EN: u32 = 1 << 0;
const CTRL_RX_EN: u32 = 1 << 1;

static UART0_TAKEN: AtomicBool = AtomicBool::new(false);

/// A received byte was lost (receive overrun): the stream is no longer intact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overrun;

impl embedded_io::Error for Overrun {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }
}

/// A CMSDK UART, owned.
#[derive(Debug)]
pub struct CmsdkUart {
    base: usize,
}

impl CmsdkUart {
    /// UART0, enabled for transmit and receive; `None` if it was already taken.
    #[must_use]
    pub fn take_uart0() -> Option<Self> {
        if UART0_TAKEN.swap(true, Ordering::AcqRel) {
            return None;
        }
        let uart = Self { base: UART0_BASE };
        // The smallest valid divider (QEMU ignores the rate; hardware would want PCLK/baud).
        uart.store(BAUDDIV, 16);
        uart.store(CTRL, CTRL_TX_EN | CTRL_RX_EN);
        Some(uart)
    }

    fn load(&self, offset: usize) -> u32 {
        // SAFETY: `base` is a CMSDK UART's register block (only `take_uart0` builds `Self`, with
        // UART0's fixed address) and `offset` one of its 32-bit registers; MMIO needs volatile.
        unsafe { core::ptr::read_volatile((self.base + offset) as *const u32) }
    }

    fn store(&self, offset: usize, value: u32) {
        // SAFETY: as in `load`; this value owns the UART (taken once), so no one else writes it.
        unsafe { core::ptr::write_volatile((self.base + offset) as *mut u32, value) }
    }

    /// Waits while `STATE & mask == busy`, counting the time as I/O wait; returns the state.
    fn wait(&self, mask: u32, busy: u32) -> u32 {
        let state = self.load(STATE);
        if state & mask != busy {
            return state;
        }
        let start = crate::clock::counts();
        let state = loop {
            let s = self.load(STATE);
            if s & mask != busy {
                break s;
            }
        };
        crate::clock::add_io_wait(crate::clock::counts().wrapping_sub(start));
        state
    }
}

impl ErrorType for CmsdkUart {
    type Error = Overrun;
}

impl Read for CmsdkUart {
    /// Blocks until a byte arrives, then takes every byte already there (the UART holds one).
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Overrun> {
        if buf.is_empty() {
            return Ok(0);
        }
        let mut state = self.wait(STATE_RX_FULL, 0);
        let mut n = 0;
        for slot in buf.iter_mut() {
            if state & STATE_RX_OVERRUN != 0 {
                // Write-one-to-clear, then report the loss.
                self.store(STATE, STATE_RX_OVERRUN);
                self.store(INTSTATUS, 1 << 3);
                return Err(Overrun);
            }
            if state & STATE_RX_FULL == 0 {
                break;
            }
            *slot = (self.load(DATA) & 0xff) as u8;
            n += 1;
            state = self.load(STATE);
        }
        Ok(n)
    }
}

impl Write for CmsdkUart {
    /// Writes all of `buf`, one byte at a time as the transmitter frees.
    fn write(&mut self, buf: &[u8]) -> Result<usize, Overrun> {
        for &b in buf {
            self.wait(STATE_TX_FULL, STATE_TX_FULL);
            self.store(DATA, u32::from(b));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), Overrun> {
        self.wait(STATE_TX_FULL, STATE_TX_FULL);
        Ok(())
    }
}
