//! Peak stack use from a painted stack region.
//!
//! Cortex-M boards get the region painted at reset (cortex-m-rt's `paint-stack`); riscv-rt has
//! no such feature, so its board calls [`repaint`] first thing in `main`. Before a measured
//! region, [`repaint`] paints the free stack again; [`peak`] after it scans for the lowest
//! word that changed.

use crate::Board;

/// The paint: cortex-m-rt's `STACK_PAINT_VALUE`, used on every board.
pub const PAINT: u32 = 0xCCCC_CCCC;

/// Bytes of stack region in total.
#[must_use]
pub fn size<B: Board>() -> usize {
    let (low, high) = B::stack_region();
    high.saturating_sub(low)
}

/// The most stack used since the last paint: bytes from the top down to the lowest word that
/// no longer holds the paint. Stack use that writes the paint value itself is missed.
#[must_use]
pub fn peak<B: Board>() -> usize {
    let (low, high) = B::stack_region();
    let mut addr = low;
    while addr < high {
        // SAFETY: `addr` is a word-aligned address inside the stack region `low..high` the
        // board names (RAM, word-aligned bounds); read volatile as it may be live stack.
        let word = unsafe { core::ptr::read_volatile(addr as *const u32) };
        if word != PAINT {
            break;
        }
        addr += 4;
    }
    high - addr
}

/// Whether the lowest stack word was overwritten: the stack reached the statics below it
/// (these boards have no guard region).
#[must_use]
pub fn overflowed<B: Board>() -> bool {
    let (low, _) = B::stack_region();
    // SAFETY: `low` is the stack region's lowest, word-aligned address, in RAM.
    unsafe { core::ptr::read_volatile(low as *const u32) != PAINT }
}

/// Paints the free stack, from the bottom up to 256 bytes below the current stack pointer, so
/// that [`peak`] then measures what follows.
#[inline(never)]
pub fn repaint<B: Board>() {
    let (low, _) = B::stack_region();
    let top = B::stack_pointer().saturating_sub(256) & !3;
    let mut addr = low;
    while addr < top {
        // SAFETY: `addr` is word-aligned, in the stack region and at least 256 bytes below the
        // stack pointer: memory no live frame uses (this loop calls nothing that could push a
        // frame that deep).
        unsafe { core::ptr::write_volatile(addr as *mut u32, PAINT) };
        addr += 4;
    }
}

/// Bytes of stack in use now: from the top down to the current stack pointer.
#[must_use]
pub fn depth<B: Board>() -> usize {
    let (_, high) = B::stack_region();
    high.saturating_sub(B::stack_pointer())
}
