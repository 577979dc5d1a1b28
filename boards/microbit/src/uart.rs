//! The nRF51 UART (no EasyDMA) as an `embedded_io` stream, polled.
//!
//! Tasks start the receiver and transmitter; events say a byte arrived (`RXDRDY`) or left
//! (`TXDRDY`). The hardware has a 6-byte receive FIFO; QEMU 7.2 models it (6 bytes, seen by
//! experiment: boards/README.md) and accepts bytes from the socket only while `STARTRX` has
//! been triggered and the FIFO has room, so nothing is lost when the firmware reads slowly:
//! the host's TCP stream waits. A read of `RXD` with the FIFO empty returns a stale byte, so
//! `RXD` is read only after `RXDRDY`. Every
//! instruction spent in `read`/`write` is booked with `wren_board_common::measure` as I/O, so
//! measured regions count the TLS work only.

use embedded_io::{ErrorKind, ErrorType, Read, Write};
use wren_board_common::measure;

const TASKS_STARTRX: usize = 0x000;
const TASKS_STARTTX: usize = 0x008;
const EVENTS_RXDRDY: usize = 0x108;
const EVENTS_TXDRDY: usize = 0x11C;
const EVENTS_ERROR: usize = 0x124;
const ERRORSRC: usize = 0x480;
const ENABLE: usize = 0x500;
const PSELTXD: usize = 0x50C;
const PSELRXD: usize = 0x514;
const RXD: usize = 0x518;
const TXD: usize = 0x51C;
const BAUDRATE: usize = 0x524;

/// `ENABLE` value that turns the UART on.
const ENABLE_UART: u32 = 4;
/// 115 200 baud (QEMU ignores the rate; the micro:bit's USB bridge runs at it).
const BAUD_115200: u32 = 0x01D7_E000;
/// The micro:bit v1's UART pins (to the interface chip): TX P0.24, RX P0.25.
const PIN_TX: u32 = 24;
const PIN_RX: u32 = 25;
/// `ERRORSRC.OVERRUN`: a byte arrived while the FIFO was full.
const ERRORSRC_OVERRUN: u32 = 1 << 0;

/// A read returns once the line has been idle this long (in instructions of virtual time
/// under `-icount shift=0`: 0.2 ms), as on the other boards.
pub const IDLE_INSTRUCTIONS: u64 = 200_000;

/// A received byte was lost (receive overrun): the stream is no longer intact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overrun;

impl embedded_io::Error for Overrun {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }
}

/// The nRF51 UART, owned.
#[derive(Debug)]
pub struct Nrf51Uart {
    base: usize,
}

impl Nrf51Uart {
    /// The UART at `base`: pins, 115 200 baud, enabled, receiver and transmitter started.
    ///
    /// # Safety
    /// `base` must be the register block of an nRF51 UART on this machine, and the caller
    /// must not make a second `Nrf51Uart` for it (the value owns the registers).
    #[must_use]
    pub unsafe fn new(base: usize) -> Self {
        let uart = Self { base };
        uart.store(PSELTXD, PIN_TX);
        uart.store(PSELRXD, PIN_RX);
        uart.store(BAUDRATE, BAUD_115200);
        uart.store(ENABLE, ENABLE_UART);
        uart.store(EVENTS_RXDRDY, 0);
        uart.store(EVENTS_TXDRDY, 0);
        uart.store(EVENTS_ERROR, 0);
        // QEMU 7.2 takes no byte from the socket before STARTRX (its receive FIFO reports no
        // room), and drops TXD writes before STARTTX.
        uart.store(TASKS_STARTRX, 1);
        uart.store(TASKS_STARTTX, 1);
        uart
    }

    fn load(&self, offset: usize) -> u32 {
        // SAFETY: `base` is an nRF51 UART's register block (the contract of `new`, the only
        // constructor) and `offset` one of its 32-bit registers; MMIO needs volatile.
        unsafe { core::ptr::read_volatile((self.base + offset) as *const u32) }
    }

    fn store(&self, offset: usize, value: u32) {
        // SAFETY: as in `load`; this value owns the UART (`new`'s contract), so no one else writes it.
        unsafe { core::ptr::write_volatile((self.base + offset) as *mut u32, value) }
    }

    /// Takes a received byte if one is there; an overrun is an error.
    fn take(&self) -> Result<Option<u8>, Overrun> {
        if self.load(EVENTS_ERROR) != 0 {
            self.store(EVENTS_ERROR, 0);
            let source = self.load(ERRORSRC);
            // Write-one-to-clear.
            self.store(ERRORSRC, source);
            if source & ERRORSRC_OVERRUN != 0 {
                return Err(Overrun);
            }
        }
        if self.load(EVENTS_RXDRDY) == 0 {
            return Ok(None);
        }
        // Clear the event before reading RXD (the reference manual's order): if the FIFO holds
        // more, reading RXD raises it again.
        self.store(EVENTS_RXDRDY, 0);
        Ok(Some((self.load(RXD) & 0xff) as u8))
    }

    /// Waits for a received byte, at most [`IDLE_INSTRUCTIONS`] (`None` if the line stayed
    /// idle that long).
    fn next_byte(&self) -> Result<Option<u8>, Overrun> {
        let since = crate::instructions();
        loop {
            if let Some(b) = self.take()? {
                return Ok(Some(b));
            }
            if crate::instructions().wrapping_sub(since) > IDLE_INSTRUCTIONS {
                return Ok(None);
            }
        }
    }

    /// Sends one byte and waits until it has left (`TXDRDY`).
    fn put(&self, b: u8) {
        self.store(EVENTS_TXDRDY, 0);
        self.store(TXD, u32::from(b));
        while self.load(EVENTS_TXDRDY) == 0 {}
    }
}

impl ErrorType for Nrf51Uart {
    type Error = Overrun;
}

impl Read for Nrf51Uart {
    /// Blocks until a byte arrives, then takes bytes until `buf` is full or the line has been
    /// idle for [`IDLE_INSTRUCTIONS`] (an idle-line timeout, as a DMA receiver with an IDLE
    /// interrupt would do). All of it is booked as I/O.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Overrun> {
        let Some((first, rest)) = buf.split_first_mut() else {
            return Ok(0);
        };
        measure::waiting(crate::instructions, || {
            *first = loop {
                if let Some(b) = self.take()? {
                    break b;
                }
                // Keeps the clock's wrap count up to date however long the line is silent.
                crate::timer::counts();
            };
            let mut n = 1;
            for slot in rest.iter_mut() {
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

impl Write for Nrf51Uart {
    /// Writes all of `buf`, one byte at a time, each waited for (booked as I/O).
    fn write(&mut self, buf: &[u8]) -> Result<usize, Overrun> {
        measure::waiting(crate::instructions, || {
            for &b in buf {
                self.put(b);
            }
        });
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), Overrun> {
        // `write` returns only after each byte's TXDRDY: nothing is pending.
        Ok(())
    }
}
