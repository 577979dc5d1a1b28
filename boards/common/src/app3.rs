//! Application 3: a TLS 1.3 server on the board; `openssl s_client` connects to it.
//!
//! QEMU listens (`-serial tcp:127.0.0.1:PORT,server=on,wait=off`) and the firmware serves two
//! connections in sequence over the one UART:
//!
//! 1. with a certificate: the chain `leaf-p256` + `int-ca` (tls-cert/testdata), signed with
//!    `leaf-p256.key.raw` held in Wren (`EcdsaP256Signer`), x25519;
//! 2. with an external PSK (`psk_dhe_ke`, x25519; no certificate on the server at all).
//!
//! Before each connection the firmware prints `READY n` on its console (QEMU's stdout): the
//! host starts `s_client` only then, so no byte reaches a UART that is not listening yet. Each
//! connection reads one line, echoes it, and closes with close_notify both ways.
//!
//! Exit status 0 after both, else the error's number and a status by kind (as application 1),
//! 11 for an unexpected outcome (wrong mode, peer closed before its line).
//! Measurement build: fixed-seed RNG (NOT for production); the key and PSK are public test data.

use embedded_io::{Read, Write};
use tls_crypto::{EcdsaP256Signer, HashAlgorithm, RustCrypto};
use wren_tls::blocking::TlsStream;
use wren_tls::codec::enums::PskKeyExchangeMode;
use wren_tls::sizes::FULL_RECORD_BUFFER;
use wren_tls::{AsConnection, Config, ConnectionCore, ExternalPsk, Identity, SecurityPolicy};

use crate::measure::{Region, Report};
use crate::rng::{measurement_rng, MeasurementRng};
use crate::slot::{Buffer, Slot};
use crate::text::Line;
use crate::{fail, outcome_fail, say, stack, Board, BoardClock};

/// Receive buffer (full records: a client may send 16 KiB records).
pub const RX: usize = FULL_RECORD_BUFFER;
/// Transmit buffer.
pub const TX: usize = FULL_RECORD_BUFFER;
/// The external PSK's identity (public test data).
pub const PSK_IDENTITY: &[u8] = b"wren-board-server";
/// The external PSK's secret: 32 bytes of **public test data**, NOT a secret. In hex for
/// `s_client -psk`: `7772656e2d626f6172642d7372762d4e4f542d7365637265742d333262797465`.
pub const PSK_SECRET: &[u8; 32] = b"wren-board-srv-NOT-secret-32byte";

static LEAF: &[u8] = include_bytes!("../../../tls-cert/testdata/leaf-p256.der");
static INTERMEDIATE: &[u8] = include_bytes!("../../../tls-cert/testdata/int-ca.der");
static CHAIN: [&[u8]; 2] = [LEAF, INTERMEDIATE];
/// The leaf's private scalar: public test data, NOT a secret.
static LEAF_KEY: &[u8] = include_bytes!("../../../tls-cert/testdata/leaf-p256.key.raw");
static PROVIDER: RustCrypto = RustCrypto;
static POLICY: SecurityPolicy = SecurityPolicy::V20251122_CHACHA20_ONLY;
static MODES_DHE_KE: [PskKeyExchangeMode; 1] = [PskKeyExchangeMode::PSK_DHE_KE];

pub use crate::EXIT_OUTCOME;

/// The application's statics (one `static` per board binary).
pub struct Storage<B: Board> {
    rng: Slot<MeasurementRng>,
    signer: Slot<EcdsaP256Signer>,
    rx: Buffer<RX>,
    tx: Buffer<TX>,
    clock: BoardClock<B>,
}

impl<B: Board> Storage<B> {
    /// Empty storage.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            rng: Slot::new(),
            signer: Slot::new(),
            rx: Buffer::new(),
            tx: Buffer::new(),
            clock: BoardClock::new(),
        }
    }
}

impl<B: Board> Default for Storage<B> {
    fn default() -> Self {
        Self::new()
    }
}

/// What one connection measured.
struct Measured {
    hs_insns: u64,
    hs_stack: usize,
}

/// One connection: `READY n`, the handshake, one line echoed, close_notify both ways.
#[inline(never)]
fn connection<B: Board>(
    n: u32,
    config: &Config<'_, RustCrypto>,
    rx: &mut [u8],
    tx: &mut [u8],
    uart: &mut B::Uart,
    clock: &BoardClock<B>,
    psk: bool,
) -> Measured {
    let mut core = new_core::<B>(n, config, rx, tx);
    let mut ready = Line::<16>::new();
    ready.str("READY ").u64(u64::from(n));
    say::<B>(ready.as_bytes());
    stack::repaint::<B>();
    let region = Region::start::<B>();
    // The stream borrows the connection: one connection-sized value in this frame.
    let mut tls = TlsStream::with_clock(&mut core, uart, clock);
    if let Err(e) = tls.negotiate() {
        fail::<B>(Some(n), "negotiate", e)
    }
    let hs_insns = region.compute::<B>();
    let hs_stack = stack::peak::<B>();
    let mode = tls.conn().info().psk_mode;
    if psk && mode != Some(PskKeyExchangeMode::PSK_DHE_KE) {
        outcome_fail::<B>(n, "psk_dhe_ke was not negotiated")
    }
    if !psk && mode.is_some() {
        outcome_fail::<B>(n, "expected a certificate handshake")
    }
    echo::<B, _, _>(n, &mut tls, psk);
    Measured { hs_insns, hs_stack }
}

/// Prints the REPORT line (its buffer in a frame of its own, not under the connections').
#[inline(never)]
fn report<B: Board>(m1: &Measured, m2: &Measured) {
    let mut r = Report::new(3);
    r.field("rx", RX as u64)
        .field("tx", TX as u64)
        .field("stack_region", stack::size::<B>() as u64)
        .field("hs_insns", m1.hs_insns)
        .field("hs_cert", m1.hs_insns)
        .field("hs_psk_dhe_ke_server", m2.hs_insns)
        .field("stack_handshake", m1.hs_stack.max(m2.hs_stack) as u64);
    r.print::<B>();
}

/// A server connection (built in a frame of its own: only the connection is in the caller's).
#[inline(never)]
fn new_core<'a, B: Board>(
    n: u32,
    config: &'a Config<'a, RustCrypto>,
    rx: &'a mut [u8],
    tx: &'a mut [u8],
) -> ConnectionCore<'a, RustCrypto> {
    match ConnectionCore::new_server(config, rx, tx) {
        Ok(c) => c,
        Err(e) => fail::<B>(Some(n), "new_server", e),
    }
}

/// After the handshake: the client's line echoed, close_notify, the outcome printed; in a
/// frame of its own, so its buffers are not on the handshake's stack (measured from the top).
#[inline(never)]
fn echo<'c, B: Board, T: Read + Write, C: AsConnection<'c>>(
    n: u32,
    tls: &mut TlsStream<'c, T, C>,
    psk: bool,
) {
    // One line (up to its newline or a full buffer), echoed back.
    let mut buf = [0u8; 256];
    let mut got = 0;
    while got < buf.len() && !buf.get(..got).unwrap_or(&[]).contains(&b'\n') {
        let k = match tls.read(buf.get_mut(got..).unwrap_or(&mut [])) {
            Ok(0) => outcome_fail::<B>(n, "the client closed before its line"),
            Ok(k) => k,
            Err(e) => fail::<B>(Some(n), "read", e),
        };
        got += k;
    }
    if let Err(e) = tls.write_all(buf.get(..got).unwrap_or(&[])) {
        fail::<B>(Some(n), "write", e)
    }
    if let Err(e) = tls.flush() {
        fail::<B>(Some(n), "flush", e)
    }
    if let Err(e) = tls.shutdown() {
        fail::<B>(Some(n), "shutdown", e)
    }
    let mut l = Line::<120>::new();
    l.str("connection ")
        .u64(u64::from(n))
        .str(" ok: ")
        .str(if psk {
            "external PSK, psk_dhe_ke"
        } else {
            "certificate"
        })
        .str(", echoed ")
        .usize(got)
        .str(" bytes");
    say::<B>(l.as_bytes());
}

/// Runs application 3 to its end.
pub fn run<B: Board>(storage: &'static Storage<B>, mut uart: B::Uart) -> ! {
    say::<B>(B::DESCRIPTION.as_bytes());
    say::<B>(b"app 3: TLS 1.3 server, a certificate chain then an external PSK (psk_dhe_ke); measurement build, fixed-seed RNG, public key and PSK: NOT for production");
    let Some(rng) = storage.rng.put(measurement_rng()) else {
        say::<B>(b"SETUP_FAILED: rng");
        B::exit(2)
    };
    let Some(signer) = EcdsaP256Signer::from_bytes(LEAF_KEY)
        .ok()
        .and_then(|s| storage.signer.put(s))
    else {
        say::<B>(b"SETUP_FAILED: signer");
        B::exit(2)
    };
    let (Some(rx), Some(tx)) = (storage.rx.take(), storage.tx.take()) else {
        say::<B>(b"SETUP_FAILED: buffers");
        B::exit(2)
    };
    let psk = match ExternalPsk::new(PSK_IDENTITY, PSK_SECRET, HashAlgorithm::Sha256) {
        Ok(p) => [p],
        Err(_) => {
            say::<B>(b"SETUP_FAILED: psk");
            B::exit(2)
        }
    };
    let base = || {
        Config::new(&PROVIDER, rng, &[])
            .with_policy(&POLICY)
            .with_unix_time(crate::build_unix_time)
    };
    let clock = &storage.clock;
    let signer: &EcdsaP256Signer = signer;

    let cert = base().with_identity(Identity {
        chain: &CHAIN,
        signer,
    });
    let m1 = connection::<B>(1, &cert, rx, tx, &mut uart, clock, false);
    let with_psk = base()
        .with_external_psks(&psk)
        .with_psk_key_exchange_modes(&MODES_DHE_KE);
    let m2 = connection::<B>(2, &with_psk, rx, tx, &mut uart, clock, true);

    report::<B>(&m1, &m2);
    if stack::overflowed::<B>() {
        say::<B>(b"STACK_OVERFLOW: the stack reached its lowest word");
        B::exit(2)
    }
    say::<B>(b"OK");
    B::exit(0)
}
