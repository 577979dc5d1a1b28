//! Application 5: the PSK-only client, the smallest TLS 1.3 client Wren makes.
//!
//! An external PSK with `psk_ke` only (RFC 8446 §4.2.9: no (EC)DHE, no certificate, no
//! signature: no forward secrecy either), TLS_CHACHA20_POLY1305_SHA256, 512-byte records
//! (max_fragment_length 512 and record_size_limit 513) in the smallest buffers Wren accepts
//! ([`wren_tls::sizes::MIN_RX`] 534, [`wren_tls::sizes::MIN_TX`] 1024). It sends
//! `GET / HTTP/1.0`, reads the answer until the server closes with close_notify (`openssl
//! s_server -www -nocert -psk ...`) or until the request came back whole (`wren-server --echo`
//! with the PSK), closes with close_notify, and exits: status 0, or the error's number and a
//! non-zero status by kind ([`crate::fail`], as every application).
//!
//! The boards build it without this crate's `certificates` feature (`--no-default-features
//! --features psk-only`): wren-tls then has only `client` and `chacha20`, so the image links
//! no X.509, signature or key-exchange code. Built with `certificates` it still runs (the
//! banner says which).
//!
//! Measurement build: fixed-seed RNG (NOT for production); the PSK is public test data.

use core::mem::size_of;
use embedded_io::{Read, Write};
use tls_crypto::{HashAlgorithm, RustCrypto};
use wren_tls::blocking::TlsStream;
use wren_tls::codec::enums::PskKeyExchangeMode;
use wren_tls::sizes::{MIN_RX, MIN_TX};
use wren_tls::{Config, ConnectionCore, ExternalPsk, RecordSize, SecurityPolicy};

use crate::measure::{Region, Report};
use crate::rng::{measurement_rng, MeasurementRng};
use crate::slot::{Buffer, Slot};
use crate::text::Line;
use crate::{fail, say, stack, Board, BoardClock};

/// Receive buffer: one 512-byte record (534); PSK handshake messages all fit in one.
pub const RX: usize = MIN_RX;
/// Transmit buffer: the ClientHello (no key share, no signature_algorithms) and the request.
pub const TX: usize = MIN_TX;
/// Records of 512 bytes of content (asked with max_fragment_length and record_size_limit).
pub const RECORD: RecordSize = RecordSize::B512;

/// The external PSK's identity (public test data; application 2's).
pub const PSK_IDENTITY: &[u8] = b"wren-board";
/// The external PSK's secret: 32 bytes of **public test data**, NOT a secret. In hex for the
/// peers: `7772656e2d626f6172642d70736b2d4e4f542d7365637265742d333262797465`.
pub const PSK_SECRET: &[u8; 32] = b"wren-board-psk-NOT-secret-32byte";
/// The request.
pub const REQUEST: &[u8] = b"GET / HTTP/1.0\r\n\r\n";

static PSKS: [ExternalPsk<'static>; 1] = [ExternalPsk {
    identity: PSK_IDENTITY,
    secret: PSK_SECRET,
    hash: HashAlgorithm::Sha256,
    early_data: None,
}];
static PROVIDER: RustCrypto = RustCrypto;
/// TLS_CHACHA20_POLY1305_SHA256 only.
static POLICY: SecurityPolicy = SecurityPolicy::V20251122_CHACHA20_ONLY;
/// `psk_ke` only: the handshake is a PSK binder, HKDF and the AEAD, nothing else.
static MODES: [PskKeyExchangeMode; 1] = [PskKeyExchangeMode::PSK_KE];

/// The connection over the board's UART.
pub type Stream<U> = TlsStream<'static, U, ConnectionCore<'static, RustCrypto>>;

/// Setup failed (a static was filled twice).
pub const EXIT_SETUP: u32 = 2;

/// The application's statics (one `static` per board binary), all in `.bss`.
pub struct Storage<B: Board> {
    rng: Slot<MeasurementRng>,
    config: Slot<Config<'static, RustCrypto>>,
    rx: Buffer<RX>,
    tx: Buffer<TX>,
    stream: Slot<Stream<B::Uart>>,
    clock: BoardClock<B>,
}

impl<B: Board> Storage<B> {
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

impl<B: Board> Default for Storage<B> {
    fn default() -> Self {
        Self::new()
    }
}

fn setup_fail<B: Board>(what: &str) -> ! {
    let mut l = Line::<96>::new();
    l.str("SETUP_FAILED: ").str(what);
    say::<B>(l.as_bytes());
    B::exit(EXIT_SETUP)
}

/// Builds the RNG, config and connection into their statics (not inlined: its frame is gone
/// before the handshake starts).
#[inline(never)]
fn init<B: Board>(storage: &'static Storage<B>, uart: B::Uart) -> &'static mut Stream<B::Uart> {
    let Some(rng) = storage.rng.put(measurement_rng()) else {
        setup_fail::<B>("rng")
    };
    let config = Config::new_psk(&PROVIDER, rng, &PSKS)
        .with_policy(&POLICY)
        .with_psk_key_exchange_modes(&MODES)
        .with_record_size(RECORD);
    let Some(config) = storage.config.put(config) else {
        setup_fail::<B>("config")
    };
    let config: &'static Config<'static, RustCrypto> = config;
    let (Some(rx), Some(tx)) = (storage.rx.take(), storage.tx.take()) else {
        setup_fail::<B>("buffers")
    };
    // No server name: the PSK authenticates the server, and no SNI is needed by the peers.
    let conn = match ConnectionCore::new_client(config, None, rx, tx) {
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

/// Runs application 5 to its end: exits 0 after a `psk_ke` handshake, the request, the answer
/// and close_notify both ways; otherwise prints why and exits non-zero.
pub fn run<B: Board>(storage: &'static Storage<B>, uart: B::Uart) -> ! {
    say::<B>(B::DESCRIPTION.as_bytes());
    say::<B>(if cfg!(feature = "certificates") {
        &b"app 5: PSK-only TLS 1.3 client (external PSK, psk_ke, ChaCha20-Poly1305, 512-byte records); certificate code compiled IN (build with --no-default-features for the PSK-only image); measurement build, fixed-seed RNG: NOT for production"[..]
    } else {
        &b"app 5: PSK-only TLS 1.3 client (external PSK, psk_ke, ChaCha20-Poly1305, 512-byte records); no certificate code; measurement build, fixed-seed RNG: NOT for production"[..]
    });
    let mut l = Line::<96>::new();
    l.str("size_of TlsStream<Uart,ConnectionCore> = ")
        .usize(size_of::<Stream<B::Uart>>())
        .str(", record buffers RX+TX = ")
        .usize(RX + TX);
    say::<B>(l.as_bytes());

    let tls = init(storage, uart);
    let init_stack = stack::peak::<B>();

    // The handshake, measured: nothing printed inside; UART waits subtracted.
    stack::repaint::<B>();
    let region = Region::start::<B>();
    if let Err(e) = tls.negotiate() {
        fail::<B>(None, "negotiate", e)
    }
    let handshake = region.compute::<B>();
    let handshake_stack = stack::peak::<B>();

    let info = tls.conn().info();
    let limits = info.limits();
    let mut l = Line::<160>::new();
    l.str("handshake ok: suite ")
        .str(info.suite.and_then(|s| s.suite.name()).unwrap_or("?"))
        .str(", psk mode ")
        .str(info.psk_mode.and_then(|m| m.name()).unwrap_or("?"))
        .str(", record limits send ")
        .u64(u64::from(limits.send))
        .str(" recv ")
        .u64(u64::from(limits.recv));
    say::<B>(l.as_bytes());
    if info.psk_mode != Some(PskKeyExchangeMode::PSK_KE) {
        crate::outcome_fail::<B>(1, "the handshake did not use psk_ke");
    }

    // The request and its answer, measured.
    stack::repaint::<B>();
    let region = Region::start::<B>();
    if let Err(e) = tls.write_all(REQUEST) {
        fail::<B>(None, "write", e)
    }
    if let Err(e) = tls.flush() {
        fail::<B>(None, "flush", e)
    }
    let mut buf = [0u8; 128];
    let mut received: usize = 0;
    let mut echo = true;
    let mut first_line = Line::<96>::new();
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
            echo = REQUEST.get(received..received.saturating_add(n)) == Some(data);
        }
        for &b in data {
            if first_line_done || b == b'\r' || b == b'\n' {
                first_line_done = true;
            } else {
                first_line.bytes(&[b]);
            }
        }
        received = received.saturating_add(n);
        if echo && received == REQUEST.len() {
            break;
        }
    }
    let data = region.compute::<B>();
    let data_stack = stack::peak::<B>();

    let mut l = Line::<200>::new();
    l.str("received ")
        .usize(received)
        .str(" bytes (")
        .str(if echo { "echo" } else { "response" })
        .str("), first line: ")
        .bytes(first_line.as_bytes());
    say::<B>(l.as_bytes());

    if let Err(e) = tls.shutdown() {
        fail::<B>(None, "shutdown", e)
    }
    say::<B>(if peer_closed {
        b"closed with close_notify (server closed first)"
    } else {
        b"closed with close_notify (client closed first)"
    });

    let mut r = Report::new(5);
    r.field("rx", RX as u64)
        .field("tx", TX as u64)
        .field("record_send", u64::from(limits.send))
        .field("record_recv", u64::from(limits.recv))
        .field("stream", size_of::<Stream<B::Uart>>() as u64)
        .field("stack_region", stack::size::<B>() as u64)
        .field("stack_init", init_stack as u64)
        .field("stack_handshake", handshake_stack as u64)
        .field("stack_data", data_stack as u64)
        .field("hs_insns", handshake)
        .field("data_insns", data)
        .field(
            "data_bytes",
            (REQUEST.len().saturating_add(received)) as u64,
        );
    r.print::<B>();
    if stack::overflowed::<B>() {
        say::<B>(b"STACK_OVERFLOW: the stack reached its lowest word");
        B::exit(EXIT_SETUP)
    }
    say::<B>(b"OK");
    B::exit(0)
}
