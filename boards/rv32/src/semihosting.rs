//! Console output through RISC-V semihosting, and the exit status through the SiFive test
//! device.
//!
//! QEMU implements semihosting with `-semihosting-config enable=on,target=native` in M mode; on
//! hardware without a debugger the `ebreak` traps, so a production build would drop `write`.

use core::arch::asm;

/// `SYS_WRITE0`: write a NUL-terminated string to the debug console.
const SYS_WRITE0: usize = 0x04;

/// One semihosting call: operation `op` with parameter `arg` (in `a1`); returns `a0`.
///
/// # Safety
/// `arg` must be what operation `op` expects: for `SYS_WRITE0`, the address of a NUL-terminated
/// string, valid for reads for the call.
unsafe fn call(op: usize, arg: usize) -> usize {
    let ret: usize;
    // SAFETY: the three-instruction sequence (uncompressed, 16-byte aligned so it never crosses
    // a page) is the RISC-V semihosting trap: the host (QEMU) reads `a0`/`a1` and the memory
    // `a1` points at (valid per this function's contract), writes the result to `a0`, and
    // resumes after the sequence. No stack use.
    unsafe {
        asm!(
            ".option push",
            ".option norvc",
            ".balign 16",
            "slli x0, x0, 0x1f",
            "ebreak",
            "srai x0, x0, 7",
            ".option pop",
            inout("a0") op => ret,
            in("a1") arg,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// Writes `bytes` to the host's console (QEMU's stdout). NUL bytes are shown as `?`.
pub fn write(bytes: &[u8]) {
    let mut chunk = [0u8; 65];
    for part in bytes.chunks(chunk.len() - 1) {
        let mut n = 0;
        for (dst, &b) in chunk.iter_mut().zip(part) {
            *dst = if b == 0 { b'?' } else { b };
            n += 1;
        }
        if let Some(end) = chunk.get_mut(n) {
            *end = 0;
        }
        // SAFETY: `chunk` is NUL-terminated at `n` (at most 64, inside the 65-byte buffer) and
        // lives across the call.
        unsafe {
            call(SYS_WRITE0, chunk.as_ptr() as usize);
        }
    }
}

/// Ends the program: QEMU exits with status `code` (0..=255 is what a shell sees), through the
/// SiFive test device: `0x5555` is pass, `(code << 16) | 0x3333` fail with `code`.
pub fn exit(code: u32) -> ! {
    let value = if code == 0 {
        0x5555
    } else {
        ((code & 0xffff) << 16) | 0x3333
    };
    // SAFETY: TEST_DEVICE is virt's SiFive test device; a 32-bit store to it ends the machine.
    unsafe { core::ptr::write_volatile(crate::TEST_DEVICE as *mut u32, value) };
    loop {
        riscv::asm::wfi();
    }
}
