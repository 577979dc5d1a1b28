//! Arm semihosting: console output and the exit status.
//!
//! QEMU implements it with `-semihosting-config enable=on,target=native`; on real hardware
//! without a debugger attached the `bkpt` traps (HardFault), so a production build would drop
//! this module.

use core::arch::asm;

/// `SYS_WRITE0`: write a NUL-terminated string to the debug console.
const SYS_WRITE0: u32 = 0x04;
/// `SYS_EXIT_EXTENDED`: report an exit reason with a subcode (the exit status).
const SYS_EXIT_EXTENDED: u32 = 0x20;
/// `ADP_Stopped_ApplicationExit`.
const ADP_STOPPED_APPLICATION_EXIT: u32 = 0x2_0026;

/// One semihosting call: operation `op` with parameter `arg` (in `r1`); returns `r0`.
///
/// # Safety
/// `arg` must be what operation `op` expects: for the calls used here, the address of a
/// NUL-terminated string or of a two-word parameter block, valid for reads for the call.
unsafe fn call(op: u32, arg: usize) -> usize {
    let ret: usize;
    // SAFETY: `bkpt 0xab` is the Arm semihosting trap on M-profile; the host (QEMU) reads
    // `r0`/`r1` and the memory `r1` points at (valid per this function's contract), writes the
    // result to `r0`, and resumes after the `bkpt`. No stack use; memory may be read.
    unsafe {
        asm!(
            "bkpt #0xab",
            inout("r0") op as usize => ret,
            in("r1") arg,
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

/// Writes `bytes` and a newline.
pub fn write_line(bytes: &[u8]) {
    write(bytes);
    write(b"\n");
}

/// Ends the program: QEMU exits with status `code` (0..=255 is what a shell sees).
pub fn exit(code: u32) -> ! {
    let block = [ADP_STOPPED_APPLICATION_EXIT, code];
    // SAFETY: `block` is the two-word parameter block SYS_EXIT_EXTENDED reads (reason,
    // subcode), alive across the call.
    unsafe {
        call(SYS_EXIT_EXTENDED, block.as_ptr() as usize);
    }
    // Only reached if the host ignored the request (no semihosting): stop here.
    loop {
        cortex_m::asm::bkpt();
    }
}
