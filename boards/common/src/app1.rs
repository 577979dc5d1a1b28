//! Application 1: a TLS 1.3 client with certificate verification, over the board's UART.
//!
//! QEMU carries the UART to a host TCP socket where `openssl s_server -www` or
//! `wren-server --echo` listens (`cargo xtask firmware`). The client verifies the server's chain
//! (leaf and intermediate, P-256) against the test root, checks the name `server.wren.test` and
//! the validity period at a fixed build date, sends `GET / HTTP/1.0`, reads the answer until the
//! server closes with close_notify (a `-www` server) or until the request came back whole (an
//! echo server; then it also echoes [`BULK`] bytes to measure the data path), closes with
//! close_notify, and exits: status 0, or the error's number and a non-zero status by kind (setup 2,
//! closed 3, io 4, protocol 5, alert 6, usage 7, internal 8, other 9, data mismatch 10).
//!
//! Measurement build: fixed-seed RNG (NOT for production). It prints a `REPORT` line with the
//! handshake's and the data phase's instructions (UART waits excluded) and the peak stack.

use core::mem::size_of;
use embedded_io::{Read, Write};
use tls_crypto::RustCrypto;
use wren_tls::blocking::TlsStream;
use wren_tls::sizes::FULL_RECORD_BUFFER;
use wren_tls::{Config, ConnectionCore, RecordSize, SecurityPolicy};

use crate::measure::{Region, Report};
use crate::rng::{measurement_rng, MeasurementRng};
use crate::slot::{Buffer, Slot};
use crate::text::Line;
use crate::{fail, say, stack, Board, BoardClock};

/// Receive buffer: one full record and the spill of a handshake message (16 709).
pub const RX: usize = FULL_RECORD_BUFFER;
/// Transmit buffer: full records too (a client that only sends small requests could use
/// `sizes::MIN_TX` = 1024 and save 15 685 bytes of RAM).
pub const TX: usize = FULL_RECORD_BUFFER;

/// The name in the test leaves' subjectAltName (tls-cert/testdata/gen.sh).
pub const SERVER_NAME: &str = "server.wren.test";
/// The one trust anchor: the test root CA (P-256). Test PKI only.
static ROOT_CA: &[u8] = include_bytes!("../../../tls-cert/testdata/root-ca.der");
static ANCHORS: [&[u8]; 1] = [ROOT_CA];
static PROVIDER: RustCrypto = RustCrypto;
/// ChaCha20-Poly1305 and x25519 only: no AES hardware assumed.
static POLICY: SecurityPolicy = SecurityPolicy::V20251122_CHACHA20_ONLY;

/// The request.
pub const REQUEST: &[u8] = b"GET / HTTP/1.0\r\n\r\n";
/// Bytes echoed after the request when the server is an echo server (measured data path).
pub const BULK: usize = 4096;
/// Bulk chunk size: written, then read back, so neither side's buffers fill.
const CHUNK: usize = 1024;

/// The connection over the board's UART: a `ConnectionCore` over the static [`Storage`]
/// buffers, built in place (only the engine, not the buffers, moves through the stack).
pub type Stream<U> = TlsStream<'static, U, ConnectionCore<'static, RustCrypto>>;

/// Setup failed (a static was filled twice, the UART was taken).
pub const EXIT_SETUP: u32 = 2;
/// The echo did not match what was sent.
pub const EXIT_MISMATCH: u32 = 10;

/// The application's statics: one `static STORAGE: Storage<MyBoard> = Storage::new();` per
/// board binary, so the connection is in `.bss`.
/// `R` and `T` are the record buffers' sizes (application 4 uses smaller ones).
pub struct Storage<B: Board, const R: usize = RX, const T: usize = TX> {
    rng: Slot<MeasurementRng>,
    config: Slot<Config<'static, RustCrypto>>,
    rx: Buffer<R>,
    tx: Buffer<T>,
    stream: Slot<Stream<B::Uart>>,
    clock: BoardClock<B>,
}

impl<B: Board, const R: usize, const T: usize> Storage<B, R, T> {
    /// Empty storage.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            rng: Slot::new(),
            config: Slot::new(),
            rx: Buffer::new(),
            tx: Buffer::new(),
            stream: Slot::new(),
            clock: BoardClock::new(),
        }
    }
}

impl<B: Board, const R: usize, const T: usize> Default for Storage<B, R, T> {
    fn default() -> Self {
        Self::new()
    }
}

fn size_line<B: Board>(name: &str, size: usize) {
    let mut l = Line::<96>::new();
    l.str("size_of ").str(name).str(" = ").usize(size);
    say::<B>(l.as_bytes());
}

fn setup_fail<B: Board>(what: &str) -> ! {
    let mut l = Line::<96>::new();
    l.str("SETUP_FAILED: ").str(what);
    say::<B>(l.as_bytes());
    B::exit(EXIT_SETUP)
}

/// Builds the RNG, config and connection into their statics: the connection borrows the static
/// `rx`/`tx` buffers in place, so only its engine moves (by value, through this frame). Its own
/// function, not inlined, so that frame is gone before the handshake starts.
#[inline(never)]
fn init<B: Board, const R: usize, const T: usize>(
    storage: &'static Storage<B, R, T>,
    uart: B::Uart,
    record: Option<RecordSize>,
) -> &'static mut Stream<B::Uart> {
    let Some(rng) = storage.rng.put(measurement_rng()) else {
        setup_fail::<B>("rng")
    };
    let config = Config::new(&PROVIDER, rng, &ANCHORS)
        .with_policy(&POLICY)
        .with_unix_time(crate::build_unix_time);
    let config = match record {
        Some(size) => config.with_record_size(size),
        None => config,
    };
    let Some(config) = storage.config.put(config) else {
        setup_fail::<B>("config")
    };
    let config: &'static Config<'static, RustCrypto> = config;
    let (Some(rx), Some(tx)) = (storage.rx.take(), storage.tx.take()) else {
        setup_fail::<B>("buffers")
    };
    let conn = match ConnectionCore::new_client(config, Some(SERVER_NAME), rx, tx) {
        Ok(c) => c,
        Err(e) => fail::<B>(None, "new_client", e),
    };
    let Some(tls) = storage
        .stream
        .put(TlsStream::with_clock(conn, uart, &storage.clock))
    else {
        setup_fail::<B>("stream")
    };
    tls
}

/// The byte at `i` of the bulk data.
fn bulk_byte(i: usize) -> u8 {
    (i.wrapping_mul(7) ^ (i >> 8)) as u8
}

/// Runs application 1 to its end: exits 0 after a verified handshake, the request, the answer
/// and close_notify both ways; otherwise prints why and exits non-zero.
pub fn run<B: Board>(storage: &'static Storage<B>, uart: B::Uart) -> ! {
    say::<B>(B::DESCRIPTION.as_bytes());
    say::<B>(b"app 1: verifying TLS 1.3 client (x25519, P-256 chain, ChaCha20-Poly1305); measurement build, fixed-seed RNG: NOT for production");
    run_with(storage, uart, 1, None)
}

/// Application 1's client with record buffers of `R` / `T` bytes and, with `record`, records
/// of at most that size (max_fragment_length and record_size_limit asked); reports as `app`.
pub fn run_with<B: Board, const R: usize, const T: usize>(
    storage: &'static Storage<B, R, T>,
    uart: B::Uart,
    app: u32,
    record: Option<RecordSize>,
) -> ! {
    size_line::<B>("Config", size_of::<Config<'static, RustCrypto>>());
    size_line::<B>(
        "ConnectionCore (slices)",
        size_of::<ConnectionCore<'static, RustCrypto>>(),
    );
    size_line::<B>("record buffers RX+TX", R + T);
    size_line::<B>(
        "TlsStream<Uart,ConnectionCore>",
        size_of::<Stream<B::Uart>>(),
    );
    size_line::<B>("stack region", stack::size::<B>());

    let tls = init(storage, uart, record);
    let init_stack = stack::peak::<B>();

    // The handshake, measured: nothing printed inside; UART waits subtracted.
    let base_depth = stack::depth::<B>();
    let (handshake, handshake_stack) = handshake::<B>(tls);
    let limits = print_negotiated::<B>(tls);

    // Application data, measured: the request and its answer (and the bulk echo).
    let data = data_phase::<B>(tls);

    finish::<B, R, T>(
        tls,
        app,
        limits,
        &Phases {
            init_stack,
            base_depth,
            handshake,
            handshake_stack,
            data,
        },
    )
}

/// What the phases measured.
struct Phases {
    init_stack: usize,
    base_depth: usize,
    handshake: u64,
    handshake_stack: usize,
    data: DataPhase,
}

/// What the data phase moved and cost.
struct DataPhase {
    insns: u64,
    stack: usize,
    sent: usize,
    received: usize,
    peer_closed: bool,
}

/// The handshake, measured (instructions, UART waits subtracted; peak stack). Each phase is
/// its own function, not inlined, so the frame under the handshake holds no buffers of the
/// data phase.
#[inline(never)]
fn handshake<B: Board>(tls: &mut Stream<B::Uart>) -> (u64, usize) {
    stack::repaint::<B>();
    let region = Region::start::<B>();
    if let Err(e) = tls.negotiate() {
        fail::<B>(None, "negotiate", e)
    }
    let handshake = region.compute::<B>();
    (handshake, stack::peak::<B>())
}

/// Prints what was negotiated; returns the record limits (send, receive).
#[inline(never)]
fn print_negotiated<B: Board>(tls: &Stream<B::Uart>) -> (u16, u16) {
    let info = tls.conn().info();
    let mut l = Line::<200>::new();
    l.str("handshake ok: suite ")
        .str(info.suite.and_then(|s| s.suite.name()).unwrap_or("?"))
        .str(", group ")
        .str(info.group.and_then(|g| g.name()).unwrap_or("?"))
        .str(", signature ")
        .str(info.signature_scheme.and_then(|s| s.name()).unwrap_or("?"))
        .str(", peer ")
        .bytes(
            info.peer_subject
                .as_ref()
                .map_or(&b"?"[..], |s| s.as_bytes()),
        );
    say::<B>(l.as_bytes());
    let limits = info.limits();
    let mut l = Line::<120>::new();
    l.str("record limits (TLSInnerPlaintext): send ")
        .u64(u64::from(limits.send))
        .str(", recv ")
        .u64(u64::from(limits.recv))
        .str(", max_fragment_length ")
        .u64(u64::from(info.max_fragment_length.unwrap_or(0)));
    say::<B>(l.as_bytes());
    (limits.send, limits.recv)
}

/// The request, its answer and (against an echo server) the bulk echo, measured.
#[inline(never)]
fn data_phase<B: Board>(tls: &mut Stream<B::Uart>) -> DataPhase {
    stack::repaint::<B>();
    let region = Region::start::<B>();
    if let Err(e) = tls.write_all(REQUEST) {
        fail::<B>(None, "write", e)
    }
    if let Err(e) = tls.flush() {
        fail::<B>(None, "flush", e)
    }
    let mut buf = [0u8; 256];
    let mut received: usize = 0;
    let mut sent: usize = REQUEST.len();
    let mut echo = true;
    let mut first_line = Line::<120>::new();
    let mut first_line_done = false;
    let mut peer_closed = false;
    loop {
        let n = match tls.read(&mut buf) {
            Ok(0) => {
                peer_closed = true;
                break;
            }
            Ok(n) => n,
            Err(e) => fail::<B>(None, "read", e),
        };
        let data = buf.get(..n).unwrap_or(&[]);
        if echo {
            echo = REQUEST.get(received..received + n) == Some(data);
        }
        for &b in data {
            if first_line_done || b == b'\r' || b == b'\n' {
                first_line_done = true;
            } else {
                first_line.bytes(&[b]);
            }
        }
        received += n;
        if echo && received == REQUEST.len() {
            break;
        }
    }
    if echo && !peer_closed {
        // An echo server: move BULK bytes through it, a chunk out and the chunk back.
        let mut chunk = [0u8; CHUNK];
        let mut offset = 0;
        while offset < BULK {
            for (i, b) in chunk.iter_mut().enumerate() {
                *b = bulk_byte(offset + i);
            }
            if let Err(e) = tls.write_all(&chunk) {
                fail::<B>(None, "bulk write", e)
            }
            if let Err(e) = tls.flush() {
                fail::<B>(None, "bulk flush", e)
            }
            sent += CHUNK;
            let mut got = 0;
            while got < CHUNK {
                let room = buf.len().min(CHUNK - got);
                let n = match tls.read(buf.get_mut(..room).unwrap_or(&mut [])) {
                    Ok(0) => {
                        say::<B>(b"CLOSED during bulk read: the echo server closed early");
                        B::exit(3)
                    }
                    Ok(n) => n,
                    Err(e) => fail::<B>(None, "bulk read", e),
                };
                for (i, &b) in buf.get(..n).unwrap_or(&[]).iter().enumerate() {
                    if b != bulk_byte(offset + got + i) {
                        say::<B>(b"DATA_MISMATCH: the echo differs from what was sent");
                        B::exit(EXIT_MISMATCH)
                    }
                }
                got += n;
            }
            received += CHUNK;
            offset += CHUNK;
        }
    }
    let insns = region.compute::<B>();
    let stack = stack::peak::<B>();

    let mut l = Line::<200>::new();
    l.str("received ")
        .usize(received)
        .str(" bytes, sent ")
        .usize(sent)
        .str(" (")
        .str(if echo { "echo" } else { "response" })
        .str("), first line: ")
        .bytes(first_line.as_bytes());
    say::<B>(l.as_bytes());
    DataPhase {
        insns,
        stack,
        sent,
        received,
        peer_closed,
    }
}

/// close_notify both ways, the `REPORT` line and the exit.
#[inline(never)]
fn finish<B: Board, const R: usize, const T: usize>(
    tls: &mut Stream<B::Uart>,
    app: u32,
    limits: (u16, u16),
    p: &Phases,
) -> ! {
    // close_notify both ways (after the peer's, ours completes at once).
    if let Err(e) = tls.shutdown() {
        fail::<B>(None, "shutdown", e)
    }
    say::<B>(if p.data.peer_closed {
        b"closed with close_notify (server closed first)"
    } else {
        b"closed with close_notify (client closed first)"
    });

    let mut r = Report::new(app);
    r.field("rx", R as u64)
        .field("tx", T as u64)
        .field("record_send", u64::from(limits.0))
        .field("record_recv", u64::from(limits.1))
        .field("stream", size_of::<Stream<B::Uart>>() as u64)
        .field("stack_region", stack::size::<B>() as u64)
        .field("stack_init", p.init_stack as u64)
        .field("stack_main", p.base_depth as u64)
        .field("stack_handshake", p.handshake_stack as u64)
        .field("stack_data", p.data.stack as u64)
        .field("hs_insns", p.handshake)
        .field("data_insns", p.data.insns)
        .field("data_bytes", (p.data.sent + p.data.received) as u64);
    r.print::<B>();
    if stack::overflowed::<B>() {
        say::<B>(b"STACK_OVERFLOW: the stack reached its lowest word");
        B::exit(EXIT_SETUP)
    }
    say::<B>(b"OK");
    B::exit(0)
}
