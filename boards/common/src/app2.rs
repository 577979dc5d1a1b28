//! Application 2: a PSK and resumption client, four TLS 1.3 connections in one run.
//!
//! 1. external PSK, `psk_ke` only (no (EC)DHE, no certificate: the cheapest handshake);
//! 2. the same PSK with `psk_dhe_ke` (x25519);
//! 3. a full handshake verifying the server's chain; the server's session ticket arrives
//!    through the ticket callback into a static buffer in RAM;
//! 4. resumption from that ticket with 0-RTT: a line sent as early data before the handshake;
//!    the run fails unless `early_data_status()` is `Accepted` and the connection resumed.
//!
//! Each connection sends a line, reads it back (echo server; after 0-RTT the early line comes
//! back first), and closes with close_notify both ways. The UART is one byte stream, so the
//! host relays it: every new ClientHello after a connection's encrypted records goes to a new
//! TCP connection (`cargo xtask firmware`: connections 1 and 2 to `wren-server --psk-mode ke`
//! / `dhe_ke`, 3 and 4 to one `wren-server --max-early-data 16384 --num-tickets 1`).
//!
//! Exit status 0, else the error's number and a status by kind (as application 1), 11 for an
//! unexpected outcome (mode, no ticket, not resumed, early data not accepted).
//! Measurement build: fixed-seed RNG (NOT for production); the PSK below is public test data.

use core::cell::RefCell;
use critical_section::Mutex;
use embedded_io::{Read, Write};
use tls_crypto::{HashAlgorithm, RustCrypto};
use wren_tls::blocking::TlsStream;
use wren_tls::codec::enums::PskKeyExchangeMode;
use wren_tls::psk::MAX_SESSION_LEN;
use wren_tls::sizes::FULL_RECORD_BUFFER;
use wren_tls::{
    AsConnection, Config, ConnectionCore, EarlyDataStatus, ExternalPsk, SecurityPolicy,
};

use crate::measure::{Region, Report};
use crate::rng::{measurement_rng, MeasurementRng};
use crate::slot::{Buffer, Slot};
use crate::text::Line;
use crate::{fail, outcome_fail, say, stack, Board, BoardClock};

/// Receive buffer (full records: connection 3 receives the certificate chain).
pub const RX: usize = FULL_RECORD_BUFFER;
/// Transmit buffer.
pub const TX: usize = FULL_RECORD_BUFFER;
/// The external PSK's identity (public test data).
pub const PSK_IDENTITY: &[u8] = b"wren-board";
/// The external PSK's secret: 32 bytes of **public test data**, NOT a secret. In hex for the
/// peers: `7772656e2d626f6172642d70736b2d4e4f542d7365637265742d333262797465`.
pub const PSK_SECRET: &[u8; 32] = b"wren-board-psk-NOT-secret-32byte";
/// What connection 4 sends as 0-RTT early data.
pub const EARLY: &[u8] = b"early data from the board\n";

static ROOT_CA: &[u8] = include_bytes!("../../../tls-cert/testdata/root-ca.der");
static ANCHORS: [&[u8]; 1] = [ROOT_CA];
static PROVIDER: RustCrypto = RustCrypto;
static POLICY: SecurityPolicy = SecurityPolicy::V20251122_CHACHA20_ONLY;
static MODES_KE: [PskKeyExchangeMode; 1] = [PskKeyExchangeMode::PSK_KE];
static MODES_DHE_KE: [PskKeyExchangeMode; 1] = [PskKeyExchangeMode::PSK_DHE_KE];

pub use crate::EXIT_OUTCOME;

/// The session kept in RAM between connections 3 and 4 (what a ticket callback stores).
struct SessionStore(Mutex<RefCell<([u8; MAX_SESSION_LEN], usize)>>);

impl SessionStore {
    const fn new() -> Self {
        Self(Mutex::new(RefCell::new(([0; MAX_SESSION_LEN], 0))))
    }
    fn store(&self, session: &[u8]) {
        critical_section::with(|cs| {
            let mut s = self.0.borrow_ref_mut(cs);
            if let Some(dst) = s.0.get_mut(..session.len()) {
                dst.copy_from_slice(session);
                s.1 = session.len();
            }
        });
    }
    /// The stored session's length (0: none).
    fn len(&self) -> usize {
        critical_section::with(|cs| self.0.borrow_ref(cs).1)
    }
    /// Sets the stored session on `core` (which parks a copy in its idle receive buffer): no
    /// session-sized copy on the stack.
    fn set_on(&self, core: &mut ConnectionCore<'_, RustCrypto>) -> Result<(), wren_tls::Error> {
        critical_section::with(|cs| {
            let s = self.0.borrow_ref(cs);
            core.set_session(s.0.get(..s.1).unwrap_or(&[]))
        })
    }
}

static SESSION: SessionStore = SessionStore::new();

/// The application's statics (one `static` per board binary).
pub struct Storage<B: Board> {
    rng: Slot<MeasurementRng>,
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

/// One connection: (for connection 4: the session and 0-RTT line,) the handshake, a line
/// echoed, close_notify both ways.
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn connection<B: Board>(
    n: u32,
    config: &Config<'_, RustCrypto>,
    rx: &mut [u8],
    tx: &mut [u8],
    uart: &mut B::Uart,
    clock: &BoardClock<B>,
    resume: bool,
    check: fn(u32, &ConnectionCore<'_, RustCrypto>),
) -> Measured {
    let mut core = new_core::<B>(n, config, rx, tx);
    stack::repaint::<B>();
    let region = Region::start::<B>();
    let early = if resume {
        resume_with_early::<B>(n, &mut core)
    } else {
        0
    };
    // The stream borrows the connection: one connection-sized value in this frame.
    let mut tls = TlsStream::with_clock(&mut core, uart, clock);
    if let Err(e) = tls.negotiate() {
        fail::<B>(Some(n), "negotiate", e)
    }
    let hs_insns = region.compute::<B>();
    let hs_stack = stack::peak::<B>();
    check(n, tls.conn());
    echo::<B, _, _>(n, &mut tls, early);
    Measured { hs_insns, hs_stack }
}

/// A client connection (built in a frame of its own: only the connection is in the caller's).
#[inline(never)]
fn new_core<'a, B: Board>(
    n: u32,
    config: &'a Config<'a, RustCrypto>,
    rx: &'a mut [u8],
    tx: &'a mut [u8],
) -> ConnectionCore<'a, RustCrypto> {
    // The name also with a PSK: the config keeps full verification (for connection 3's kind).
    let name = Some(crate::app1::SERVER_NAME);
    match ConnectionCore::new_client(config, name, rx, tx) {
        Ok(c) => c,
        Err(e) => fail::<B>(Some(n), "new_client", e),
    }
}

/// Sets the stored session and writes the 0-RTT line (before the handshake); how much of it
/// was taken.
#[inline(never)]
fn resume_with_early<B: Board>(n: u32, core: &mut ConnectionCore<'_, RustCrypto>) -> usize {
    if let Err(e) = SESSION.set_on(core) {
        fail::<B>(Some(n), "set_session", e)
    }
    match core.send_early_data(EARLY, B::now_ms()) {
        Ok(k) => k,
        Err(e) => fail::<B>(Some(n), "send_early_data", e),
    }
}

/// After the handshake: a line echoed (after the early line, if it was accepted), close_notify
/// both ways, the outcome printed; in a frame of its own, so its buffers are not on the
/// handshake's stack (measured from the top).
#[inline(never)]
fn echo<'c, B: Board, T: Read + Write, C: AsConnection<'c, Provider = RustCrypto>>(
    n: u32,
    tls: &mut TlsStream<'c, T, C>,
    early: usize,
) {
    let mut line = Line::<64>::new();
    line.str("line from the board, connection ")
        .u64(u64::from(n))
        .str("\n");
    if let Err(e) = tls.write_all(line.as_bytes()) {
        fail::<B>(Some(n), "write", e)
    }
    if let Err(e) = tls.flush() {
        fail::<B>(Some(n), "flush", e)
    }
    // The echo: the early line first (if it was accepted), then this one.
    let accepted =
        early > 0 && tls.conn().connection().early_data_status() == EarlyDataStatus::Accepted;
    let early_part = if accepted {
        EARLY.get(..early).unwrap_or(&[])
    } else {
        &[]
    };
    let want = early_part.len() + line.as_bytes().len();
    let mut got = 0;
    let mut buf = [0u8; 128];
    while got < want {
        let room = buf.len().min(want - got);
        let k = match tls.read(buf.get_mut(..room).unwrap_or(&mut [])) {
            Ok(0) => outcome_fail::<B>(n, "the server closed before the echo"),
            Ok(k) => k,
            Err(e) => fail::<B>(Some(n), "read", e),
        };
        for (i, &b) in buf.get(..k).unwrap_or(&[]).iter().enumerate() {
            let at = got + i;
            let expected = if at < early_part.len() {
                early_part.get(at)
            } else {
                line.as_bytes().get(at - early_part.len())
            };
            if expected != Some(&b) {
                outcome_fail::<B>(n, "the echo differs from what was sent")
            }
        }
        got += k;
    }
    if let Err(e) = tls.shutdown() {
        fail::<B>(Some(n), "shutdown", e)
    }
    let c = tls.conn().connection();
    let info = c.info();
    let mut l = Line::<200>::new();
    l.str("connection ")
        .u64(u64::from(n))
        .str(" ok: resumed ")
        .str(if c.is_resumed() { "yes" } else { "no" })
        .str(", psk mode ")
        .str(match info.psk_mode {
            Some(PskKeyExchangeMode::PSK_KE) => "psk_ke",
            Some(PskKeyExchangeMode::PSK_DHE_KE) => "psk_dhe_ke",
            _ => "none",
        })
        .str(", early data ")
        .str(match c.early_data_status() {
            EarlyDataStatus::Accepted => "accepted",
            EarlyDataStatus::Rejected => "rejected",
            EarlyDataStatus::NotSent => "not sent",
        })
        .str(" (")
        .usize(early)
        .str(" bytes), tickets ")
        .u64(u64::from(c.tickets_received()))
        .str(", echoed ")
        .usize(got);
    say::<B>(l.as_bytes());
}

/// Prints the REPORT line (its buffer in a frame of its own, not under the connections').
#[inline(never)]
fn report<B: Board>(len: usize, m: [&Measured; 4]) {
    let [m1, m2, m3, m4] = m;
    let mut r = Report::new(2);
    r.field("rx", RX as u64)
        .field("tx", TX as u64)
        .field("session", len as u64)
        .field("stack_region", stack::size::<B>() as u64)
        .field("hs_insns", m1.hs_insns)
        .field("hs_psk_ke", m1.hs_insns)
        .field("hs_psk_dhe_ke", m2.hs_insns)
        .field("hs_full", m3.hs_insns)
        .field("hs_resumed_0rtt", m4.hs_insns)
        .field(
            "stack_handshake",
            [m1.hs_stack, m2.hs_stack, m3.hs_stack, m4.hs_stack]
                .into_iter()
                .max()
                .unwrap_or(0) as u64,
        );
    r.print::<B>();
}

fn check_ke<B: Board>(n: u32, c: &ConnectionCore<'_, RustCrypto>) {
    if c.info().psk_mode != Some(PskKeyExchangeMode::PSK_KE) {
        outcome_fail::<B>(n, "psk_ke was not negotiated")
    }
}

fn check_dhe_ke<B: Board>(n: u32, c: &ConnectionCore<'_, RustCrypto>) {
    if c.info().psk_mode != Some(PskKeyExchangeMode::PSK_DHE_KE) {
        outcome_fail::<B>(n, "psk_dhe_ke was not negotiated")
    }
}

fn check_full<B: Board>(n: u32, c: &ConnectionCore<'_, RustCrypto>) {
    if c.is_resumed() || c.info().psk_mode.is_some() {
        outcome_fail::<B>(n, "expected a full handshake")
    }
}

fn check_resumed<B: Board>(n: u32, c: &ConnectionCore<'_, RustCrypto>) {
    if !c.is_resumed() {
        outcome_fail::<B>(n, "the ticket was not accepted (full handshake)")
    }
    if c.early_data_status() != EarlyDataStatus::Accepted {
        outcome_fail::<B>(n, "early_data_status() is not Accepted")
    }
}

/// Runs application 2 to its end.
pub fn run<B: Board>(storage: &'static Storage<B>, mut uart: B::Uart) -> ! {
    say::<B>(B::DESCRIPTION.as_bytes());
    say::<B>(b"app 2: PSK client (psk_ke, psk_dhe_ke), then a ticket and resumption with 0-RTT; measurement build, fixed-seed RNG and public PSK: NOT for production");
    let Some(rng) = storage.rng.put(measurement_rng()) else {
        say::<B>(b"SETUP_FAILED: rng");
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
        Config::new(&PROVIDER, rng, &ANCHORS)
            .with_policy(&POLICY)
            .with_unix_time(crate::build_unix_time)
    };
    let clock = &storage.clock;

    let ke = base()
        .with_external_psks(&psk)
        .with_psk_key_exchange_modes(&MODES_KE);
    let m1 = connection::<B>(1, &ke, rx, tx, &mut uart, clock, false, check_ke::<B>);
    let dhe = base()
        .with_external_psks(&psk)
        .with_psk_key_exchange_modes(&MODES_DHE_KE);
    let m2 = connection::<B>(2, &dhe, rx, tx, &mut uart, clock, false, check_dhe_ke::<B>);

    let on_ticket = |s: &[u8]| SESSION.store(s);
    let tickets = base().with_ticket_callback(&on_ticket);
    let m3 = connection::<B>(
        3,
        &tickets,
        rx,
        tx,
        &mut uart,
        clock,
        false,
        check_full::<B>,
    );
    let len = SESSION.len();
    if len == 0 {
        outcome_fail::<B>(3, "no session ticket arrived")
    }
    let m4 = connection::<B>(
        4,
        &tickets,
        rx,
        tx,
        &mut uart,
        clock,
        true,
        check_resumed::<B>,
    );

    report::<B>(len, [&m1, &m2, &m3, &m4]);
    if stack::overflowed::<B>() {
        say::<B>(b"STACK_OVERFLOW: the stack reached its lowest word");
        B::exit(2)
    }
    say::<B>(b"OK");
    B::exit(0)
}
