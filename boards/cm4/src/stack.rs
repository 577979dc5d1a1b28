//! Peak stack use, from cortex-m-rt's `paint-stack` (every stack word is `0xCCCC_CCCC` at
//! reset) and [`repaint`] for one region.

use cortex_m_rt::STACK_PAINT_VALUE;

extern "C" {
    /// Lowest address of the stack region (cortex-m-rt's `link.x`).
    static _stack_end: u32;
    /// Initial stack pointer: one past the highest stack address.
    static _stack_start: u32;
}

fn bounds() -> (usize, usize) {
    // Only the addresses of the linker symbols are taken, never their contents.
    (
        core::ptr::addr_of!(_stack_end) as usize,
        core::ptr::addr_of!(_stack_start) as usize,
    )
}

/// Bytes of stack region in total.
#[must_use]
pub fn size() -> usize {
    let (low, high) = bounds();
    high - low
}

/// The most stack used since reset or the last [`repaint`]: bytes from the top down to the
/// lowest word that no longer holds the paint. Stack use that writes the paint value itself
/// is missed (unlikely).
#[must_use]
pub fn peak() -> usize {
    let (low, high) = bounds();
    let mut addr = low;
    while addr < high {
        // SAFETY: `addr` is a word-aligned address inside the stack region (`low..high`,
        // both 4-aligned by link.x), which is RAM; read volatile as it may be live stack.
        let word = unsafe { core::ptr::read_volatile(addr as *const u32) };
        if word != STACK_PAINT_VALUE {
            break;
        }
        addr += 4;
    }
    high - addr
}

/// Whether the lowest stack word was overwritten: the stack reached `.bss` (no MPU guard here).
#[must_use]
pub fn overflowed() -> bool {
    let (low, _) = bounds();
    // SAFETY: `low` is the stack region's lowest, word-aligned address, in RAM.
    unsafe { core::ptr::read_volatile(low as *const u32) != STACK_PAINT_VALUE }
}

/// Paints the free stack again, from the bottom up to 256 bytes below the current stack
/// pointer, so that [`peak`] then measures what follows.
#[inline(never)]
pub fn repaint() {
    let (low, _) = bounds();
    let sp = cortex_m::register::msp::read() as usize;
    let top = sp.saturating_sub(256) & !3;
    let mut addr = low;
    while addr < top {
        // SAFETY: `addr` is word-aligned, in the stack region and at least 256 bytes below the
        // stack pointer: memory no live frame uses (this loop calls nothing that could push a
        // frame that deep).
        unsafe { core::ptr::write_volatile(addr as *mut u32, STACK_PAINT_VALUE) };
        addr += 4;
    }
}

/// Bytes of stack in use now: from the top down to the current stack pointer.
#[must_use]
pub fn depth() -> usize {
    let (_, high) = bounds();
    high.saturating_sub(cortex_m::register::msp::read() as usize)
}
