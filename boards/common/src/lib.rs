//! Board-independent Wren firmware, written once for every emulated board.
//!
//! A board crate (`boards/cm4`, `cm33`, `cm0`, `rv32`) implements [`Board`]: its UART as an
//! `embedded_io` byte stream, an instruction counter and a millisecond clock, console output,
//! the exit status, and where its stack lives. Everything else is here:
//!
//! - [`app1`]: application 1, a verifying TLS 1.3 client (x25519, ECDSA P-256 chain of two,
//!   ChaCha20-Poly1305) over the board's UART. Applications 2-4 (PSK/0-RTT client, server on
//!   the board, small records) slot in beside it as `app2`.. modules with one binary per board;
//!   `app3` (the server) only with this crate's `server` feature, so clients link no server role.
//!   Applications 1-4 need the default `certificates` feature; [`app5`], the PSK-only client,
//!   is built without it (`--no-default-features`), so its image links no certificate code.
//! - [`stack`]: peak stack from a painted stack region, per measured region.
//! - [`measure`]: instruction counts with UART waits taken out, and the `REPORT` line the
//!   host's `cargo xtask size` reads.
//! - [`slot`]: write-once statics, so connections live in `.bss` where the linker counts them.
//! - [`rng`]: the RNG seam; this measurement build's fixed-seed generator is NOT for production.
//! - [`text`]: a fixed-size line builder (no `core::fmt`, so what the library pulls in stays
//!   visible in the symbol list).
#![no_std]

#[cfg(feature = "certificates")]
pub mod app1;
#[cfg(feature = "certificates")]
pub mod app2;
#[cfg(feature = "server")]
pub mod app3;
#[cfg(feature = "certificates")]
pub mod app4;
pub mod app5;
pub mod measure;
pub mod rng;
pub mod slot;
pub mod stack;
pub mod text;

use core::marker::PhantomData;

/// What a board provides to the applications. Implemented by a unit type in each board crate.
pub trait Board: 'static {
    /// One line about the board: core, QEMU machine, the real part whose budget `memory.x` uses.
    const DESCRIPTION: &'static str;
    /// The UART that QEMU carries to a host TCP socket.
    type Uart: embedded_io::Read + embedded_io::Write;

    /// Writes `bytes` to the host console (QEMU's stdout), outside the TLS link.
    fn console(bytes: &[u8]);
    /// Ends the program; QEMU exits with status `code`.
    fn exit(code: u32) -> !;
    /// Instructions retired since reset: exact (`minstret`) or in steps (SysTick counts times
    /// instructions per count). Meaningful under `qemu -icount shift=0` only.
    fn instructions() -> u64;
    /// Milliseconds since reset (the protocol clock).
    fn now_ms() -> u64;
    /// The stack region: (lowest address, one past the highest), both word-aligned.
    fn stack_region() -> (usize, usize);
    /// The current stack pointer.
    fn stack_pointer() -> usize;
}

/// Writes `bytes` and a newline to the board's console.
pub fn say<B: Board>(bytes: &[u8]) {
    B::console(bytes);
    B::console(b"\n");
}

/// Exit status for an outcome the application did not expect (wrong PSK mode, no ticket, not
/// resumed, early data not accepted, an echo that differs).
pub const EXIT_OUTCOME: u32 = 11;

/// Reports an error by numbers and exits non-zero by kind (every application's one error
/// report):
///
/// `ERROR 0x076d in connection 2 during negotiate: status 6, alert 109, needed 4630`
///
/// - `0x076d`: [`wren_tls::Error::number`], the error's stable number (one per name; here
///   `WREN_ERR_PEER_ALERT_MISSING_EXTENSION`). On a host, `wren-client --explain 0x076d`
///   prints its name and description.
/// - `in connection`: which one, when the application makes several (`conn`).
/// - `status`: the exit status, by kind: closed 3, io 4, protocol 5, alert 6, usage 7,
///   internal 8.
/// - `alert`: the alert sent (protocol, internal) or received (alert), when there is one.
/// - `needed`: the buffer size a too-small buffer would have needed, when that is the error.
///
/// Numbers, not the error's name and description: the string tables behind
/// `wren_tls::Error::name` and `description` (every layer's error names, every alert's) are
/// 8 KB of flash on the Cortex-M4 (`cm4-client`: 97,484 B with them, 90,116 B without, numbers
/// printed), so the boards build wren-tls without its `error-text` feature. With this crate's
/// `error-text` feature the name and description follow the numbers.
pub(crate) fn fail<B: Board>(conn: Option<u32>, stage: &str, e: wren_tls::Error) -> ! {
    let status = exit_status(e);
    let mut l = text::Line::<200>::new();
    l.str("ERROR ").hex16(e.number());
    if let Some(n) = conn {
        l.str(" in connection ").u64(u64::from(n));
    }
    l.str(" during ")
        .str(stage)
        .str(": status ")
        .u64(u64::from(status));
    if let Some(alert) = e.alert() {
        l.str(", alert ").u64(u64::from(alert.0));
    }
    if let Some(needed) = e.needed() {
        l.str(", needed ").usize(needed);
    }
    #[cfg(feature = "error-text")]
    l.str(" (")
        .str(e.name())
        .str(": ")
        .str(e.description())
        .str(")");
    say::<B>(l.as_bytes());
    B::exit(status)
}

/// The exit status for an error, by kind: closed 3, io 4, protocol 5, alert 6, usage 7,
/// internal 8, other 9.
pub(crate) fn exit_status(e: wren_tls::Error) -> u32 {
    match e.kind() {
        wren_tls::ErrorKind::Closed => 3,
        wren_tls::ErrorKind::Io => 4,
        wren_tls::ErrorKind::Protocol => 5,
        wren_tls::ErrorKind::Alert => 6,
        wren_tls::ErrorKind::Usage => 7,
        wren_tls::ErrorKind::Internal => 8,
        _ => 9,
    }
}

/// Reports an unexpected outcome of connection `conn` and exits with [`EXIT_OUTCOME`].
pub(crate) fn outcome_fail<B: Board>(conn: u32, what: &str) -> ! {
    let mut l = text::Line::<160>::new();
    l.str("UNEXPECTED_OUTCOME in connection ")
        .u64(u64::from(conn))
        .str(": ")
        .str(what);
    say::<B>(l.as_bytes());
    B::exit(EXIT_OUTCOME)
}

/// Wall-clock time the firmware reports for certificate validity: fixed at build,
/// 2026-01-01T00:00:00Z. The test PKI is valid 2024-01-01 .. 2124-01-01. A real device would
/// read an RTC set from a trusted source.
pub const BUILD_UNIX_TIME: u64 = 1_767_225_600;

/// [`BUILD_UNIX_TIME`] as the `fn() -> u64` that `wren_tls::Config::with_unix_time` takes.
#[must_use]
pub fn build_unix_time() -> u64 {
    BUILD_UNIX_TIME
}

/// The board's millisecond clock as a [`wren_tls::Clock`].
pub struct BoardClock<B>(PhantomData<B>);

impl<B> BoardClock<B> {
    /// The clock.
    #[must_use]
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

impl<B> Default for BoardClock<B> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B: Board> wren_tls::Clock for BoardClock<B> {
    fn now_ms(&self) -> u64 {
        B::now_ms()
    }
}

/// Exit status after a panic.
pub const PANIC_EXIT: u32 = 101;
/// Exit status after a hardware fault (HardFault, a RISC-V exception).
pub const FAULT_EXIT: u32 = 102;
/// Exit status after an unexpected exception or interrupt.
pub const UNEXPECTED_EXIT: u32 = 103;

/// What a board's `#[panic_handler]` calls: prints the location (not the message: formatting
/// it would pull `core::fmt` into every image) and exits with [`PANIC_EXIT`].
pub fn panic<B: Board>(info: &core::panic::PanicInfo<'_>) -> ! {
    let mut line = text::Line::<160>::new();
    line.str("PANIC");
    if let Some(loc) = info.location() {
        line.str(" at ")
            .str(loc.file())
            .str(":")
            .u64(u64::from(loc.line()));
    }
    say::<B>(line.as_bytes());
    B::exit(PANIC_EXIT)
}
