//! The CMSDK APB UART (ARM's example UART on the MPS2 boards) as an `embedded_io` stream.
//!
//! One-byte transmit and receive buffers and no FIFOs, polled. Every instruction spent in
//! `read`/`write` (waiting for the line and moving bytes) is booked with
//! `wren_board_common::measure` as I/O, so measured regions count the TLS work only.

use embedded_io::{ErrorKind, ErrorType, Read, Write};
use wren_board_common::measure;

const DATA: usize = 0x00;
const STATE: usize = 0x04;
const CTRL: usize = 0x08;
const INTSTATUS: usize = 0x0c;
const BAUDDIV: usize = 0x10;

/// A read returns once the line has been idle this long (in instructions of virtual time
/// under `-icount shift=0`: 0.2 ms).
pub const IDLE_INSTRUCTIONS: u64 = 200_000;

const STATE_TX_FULL: u32 = 1 << 0;
const STATE_RX_FULL: u32 = 1 << 1;
const STATE_RX_OVERRUN: u32 = 1 << 3;
const CTRL_TX_EN: u32 = 1 << 0;
const CTRL_RX_EN: u32 = 1 << 1;

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
    /// The UART at `base`, enabled for transmit and receive.
    ///
    /// # Safety
    /// `base` must be the register block of a CMSDK APB UART on this machine, and the caller
    /// must not make a second `CmsdkUart` for it (the value owns the registers).
    #[must_use]
    pub unsafe fn new(base: usize) -> Self {
        let uart = Self { base };
        // The smallest valid divider (QEMU ignores the rate; hardware would want PCLK/baud).
        uart.store(BAUDDIV, 16);
        uart.store(CTRL, CTRL_TX_EN | CTRL_RX_EN);
        uart
    }

    fn load(&self, offset: usize) -> u32 {
        // SAFETY: `base` is a CMSDK UART's register block (the contract of `new`, the only
        // constructor) and `offset` one of its 32-bit registers; MMIO needs volatile.
        unsafe { core::ptr::read_volatile((self.base + offset) as *const u32) }
    }

    fn store(&self, offset: usize, value: u32) {
        // SAFETY: as in `load`; this value owns the UART (`new`'s contract), so no one else writes it.
        unsafe { core::ptr::write_volatile((self.base + offset) as *mut u32, value) }
    }

    /// Waits while `STATE & mask == busy`; returns the state.
    fn wait(&self, mask: u32, busy: u32) -> u32 {
        loop {
            let s = self.load(STATE);
            if s & mask != busy {
                break s;
            }
        }
    }

    /// Waits for a received byte, at most [`IDLE_INSTRUCTIONS`] (`None` if the line stayed
    /// idle that long); an overrun is an error.
    fn next_byte(&self) -> Result<Option<u8>, Overrun> {
        let since = crate::systick::instructions();
        loop {
            let state = self.load(STATE);
            if state & STATE_RX_OVERRUN != 0 {
                // Write-one-to-clear, then report the loss.
                self.store(STATE, STATE_RX_OVERRUN);
                self.store(INTSTATUS, 1 << 3);
                return Err(Overrun);
            }
            if state & STATE_RX_FULL != 0 {
                return Ok(Some((self.load(DATA) & 0xff) as u8));
            }
            if crate::systick::instructions().wrapping_sub(since) > IDLE_INSTRUCTIONS {
                return Ok(None);
            }
        }
    }
}

impl ErrorType for CmsdkUart {
    type Error = Overrun;
}

impl Read for CmsdkUart {
    /// Blocks until a byte arrives, then takes bytes until `buf` is full or the line has been
    /// idle for [`IDLE_INSTRUCTIONS`] (an idle-line timeout, as a DMA receiver with an IDLE
    /// interrupt would do). All of it is booked as I/O.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Overrun> {
        if buf.is_empty() {
            return Ok(0);
        }
        measure::waiting(crate::systick::instructions, || {
            self.wait(STATE_RX_FULL, 0);
            let mut n = 0;
            for slot in buf.iter_mut() {
                match self.next_byte()? {
                    Some(b) => *slot = b,
                    None => break,
                }
                n += 1;
            }
            Ok(n)
        })
    }
}

impl Write for CmsdkUart {
    /// Writes all of `buf`, one byte at a time as the transmitter frees (booked as I/O).
    fn write(&mut self, buf: &[u8]) -> Result<usize, Overrun> {
        measure::waiting(crate::systick::instructions, || {
            for &b in buf {
                self.wait(STATE_TX_FULL, STATE_TX_FULL);
                self.store(DATA, u32::from(b));
            }
        });
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), Overrun> {
        measure::waiting(crate::systick::instructions, || {
            self.wait(STATE_TX_FULL, STATE_TX_FULL)
        });
        Ok(())
    }
}
