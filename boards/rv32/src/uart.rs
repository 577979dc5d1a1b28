//! The NS16550A UART of QEMU virt as an `embedded_io` stream, polled.
//!
//! Its 16-byte FIFOs are on (FCR = 0xC7). The reset in [`Uart16550::new`] drops bytes already
//! received, which is harmless for a client (it speaks first). Every instruction spent in
//! `read`/`write` (waits and byte moves) is booked with `wren_board_common::measure` as I/O,
//! so measured regions count the TLS work only.

use embedded_io::{ErrorKind, ErrorType, Read, Write};
use wren_board_common::measure;

const RBR_THR: usize = 0; // receive buffer / transmit holding
const IER: usize = 1;
const FCR: usize = 2;
const LCR: usize = 3;
const LSR: usize = 5;

/// A read returns once the line has been idle this long (in instructions, i.e. virtual time
/// under `-icount shift=0`: 0.2 ms).
pub const IDLE_INSTRUCTIONS: u64 = 200_000;

const LSR_DATA_READY: u8 = 1 << 0;
const LSR_OVERRUN: u8 = 1 << 1;
const LSR_THR_EMPTY: u8 = 1 << 5;

/// A received byte was lost (receive overrun): the stream is no longer intact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overrun;

impl embedded_io::Error for Overrun {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }
}

/// A 16550, owned.
#[derive(Debug)]
pub struct Uart16550 {
    base: usize,
}

impl Uart16550 {
    /// The UART at `base`: interrupts off, FIFOs on and reset, 8N1.
    ///
    /// # Safety
    /// `base` must be the register block of a 16550 (byte registers, no shift), and the caller
    /// must not make a second `Uart16550` for it (the value owns the registers).
    #[must_use]
    pub unsafe fn new(base: usize) -> Self {
        let uart = Self { base };
        uart.store(IER, 0);
        uart.store(FCR, 0xc7);
        uart.store(LCR, 0x03);
        uart
    }

    fn load(&self, offset: usize) -> u8 {
        // SAFETY: `base` is a 16550's register block (the contract of `new`, the only
        // constructor) and `offset` one of its byte registers; MMIO needs volatile.
        unsafe { core::ptr::read_volatile((self.base + offset) as *const u8) }
    }

    fn store(&self, offset: usize, value: u8) {
        // SAFETY: as in `load`; this value owns the UART (`new`'s contract).
        unsafe { core::ptr::write_volatile((self.base + offset) as *mut u8, value) }
    }

    /// Waits until `LSR & mask != 0`; returns LSR.
    fn wait(&self, mask: u8) -> u8 {
        loop {
            let lsr = self.load(LSR);
            if lsr & mask != 0 {
                break lsr;
            }
        }
    }

    /// Waits for a received byte, at most [`IDLE_INSTRUCTIONS`] (`None` if the line stayed
    /// idle that long); an overrun is an error.
    fn next_byte(&self) -> Result<Option<u8>, Overrun> {
        let since = minstret();
        loop {
            let lsr = self.load(LSR);
            if lsr & LSR_OVERRUN != 0 {
                return Err(Overrun);
            }
            if lsr & LSR_DATA_READY != 0 {
                return Ok(Some(self.load(RBR_THR)));
            }
            if minstret().wrapping_sub(since) > IDLE_INSTRUCTIONS {
                return Ok(None);
            }
        }
    }
}

fn minstret() -> u64 {
    riscv::register::minstret::read64()
}

impl ErrorType for Uart16550 {
    type Error = Overrun;
}

impl Read for Uart16550 {
    /// Blocks until a byte arrives, then takes bytes until `buf` is full or the line has been
    /// idle for [`IDLE_INSTRUCTIONS`] (an idle-line timeout). All of it is booked as I/O.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Overrun> {
        if buf.is_empty() {
            return Ok(0);
        }
        measure::waiting(minstret, || {
            self.wait(LSR_DATA_READY);
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

impl Write for Uart16550 {
    /// Writes all of `buf`, filling the transmit FIFO whenever it is empty (booked as I/O).
    fn write(&mut self, buf: &[u8]) -> Result<usize, Overrun> {
        measure::waiting(minstret, || {
            for chunk in buf.chunks(16) {
                self.wait(LSR_THR_EMPTY);
                for &b in chunk {
                    self.store(RBR_THR, b);
                }
            }
        });
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), Overrun> {
        measure::waiting(minstret, || self.wait(LSR_THR_EMPTY));
        Ok(())
    }
}
