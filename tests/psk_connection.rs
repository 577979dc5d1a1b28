//! PSKs, resumption and 0-RTT through `ConnectionCore`, Wren client ↔ Wren server in memory:
//! resumption from the ticket callback's bytes, 0-RTT accepted then replayed, psk_ke, early
//! data over the allowed size, the recv_max_early_data overflow, ticket key rotation with a
//! controllable clock, the late early-data decision, a HelloRetryRequest over 0-RTT, and
//! `send_tickets`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    missing_docs,
    reason = "tests: a panic is the verdict"
)]

mod connection_support;

use std::cell::RefCell;

use connection_support::*;
use tls_codec::enums::{AlertDescription, CipherSuite, PskKeyExchangeMode};
use tls_crypto::{HashAlgorithm, RustCrypto, TestRng};
use wren_tls::error::Code;
use wren_tls::handshake::negotiated::TICKET_IDENTITY_MARKER;
use wren_tls::psk::{TicketKeyLifetimes, MAX_SESSION_LEN};
use wren_tls::{
    Blocked, Config, ConnectionCore, EarlyDataDecision, EarlyDataStatus, Error, ErrorKind,
    ExternalPsk, PskEarlyData, RefCellRng, SingleUseTickets, TicketKey,
};

const KE: &[PskKeyExchangeMode] = &[PskKeyExchangeMode::PSK_KE];
const DHE_KE: &[PskKeyExchangeMode] = &[PskKeyExchangeMode::PSK_DHE_KE];

/// Tickets the client's callback received.
#[derive(Default)]
struct Tickets(RefCell<Vec<Vec<u8>>>);

impl Tickets {
    fn last(&self) -> Vec<u8> {
        self.0.borrow().last().cloned().expect("a ticket")
    }
    fn count(&self) -> usize {
        self.0.borrow().len()
    }
}

fn key(n: u8, intro_ms: u64) -> TicketKey {
    TicketKey::new([n; 16], &[n.wrapping_add(0x40); 32], intro_ms)
}

/// What a handshake with 0-RTT gave.
struct Outcome {
    client: Result<(), Error>,
    server: Result<(), Error>,
    early_received: Vec<u8>,
    early_accepted_by_send: usize,
}

/// Runs both sides to the end (or a fatal error): the client writes `early` with
/// `send_early_data` first (partial writes), the server reads with `recv_early_data` until
/// `Ok(0)`; `decide` answers a pending early-data decision.
fn run(
    client: &mut Core<'_>,
    server: &mut Core<'_>,
    early: Option<&[u8]>,
    now: u64,
    decide: Option<bool>,
) -> Outcome {
    let mut chunks = Chunks::Whole;
    let mut sent = 0usize;
    let mut early_done = early.is_none();
    let mut server_early_done = false;
    let mut got = Vec::new();
    let mut buf = [0u8; 5000];
    let fatal = |r: &Result<(), Error>| matches!(r, Err(e) if !e.is_blocked());
    let mut idle = 0;
    for _ in 0..10_000 {
        if let (false, Some(data)) = (early_done, early) {
            match client.send_early_data(&data[sent..], now) {
                Ok(0) => early_done = true,
                Ok(n) => {
                    sent += n;
                    early_done = sent == data.len();
                }
                Err(e) if e.is_blocked() => {}
                Err(e) => panic!("send_early_data: {e}"),
            }
        }
        let c = if early_done {
            client.negotiate(now)
        } else {
            // Still writing 0-RTT data: the handshake waits.
            Err(Error::from(tls_handshake::Error::InvalidState))
        };
        let mut s = Ok(());
        if !server_early_done {
            loop {
                match server.recv_early_data(&mut buf, now) {
                    Ok(0) => {
                        server_early_done = true;
                        break;
                    }
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == ErrorKind::Blocked(Blocked::OnApplicationInput) => {
                        match decide {
                            Some(true) => server.accept_early_data().unwrap(),
                            Some(false) => server.reject_early_data().unwrap(),
                            None => panic!("unexpected early-data decision"),
                        }
                    }
                    Err(e) => {
                        s = Err(e);
                        break;
                    }
                }
            }
        }
        if server_early_done {
            s = server.negotiate(now);
        }
        let moved = transfer(client, server, &mut chunks) + transfer(server, client, &mut chunks);
        let c_fatal = early_done && fatal(&c);
        if (c.is_ok() && s.is_ok()) || c_fatal || fatal(&s) {
            // Let a pending alert reach the other side.
            flush_both(client, server, &mut chunks);
            let c2 = if c_fatal { c } else { client.negotiate(now) };
            let s2 = if fatal(&s) { s } else { server.negotiate(now) };
            return Outcome {
                client: c2,
                server: s2,
                early_received: got,
                early_accepted_by_send: sent,
            };
        }
        idle = if moved > 0 { 0 } else { idle + 1 };
        assert!(idle < 5, "deadlock: {c:?} {s:?}");
    }
    panic!("handshake did not finish");
}

/// The error `a` ends with once it has read everything `b` sent (its alert).
fn peer_failure(a: &mut Core<'_>, b: &mut Core<'_>, first: Result<(), Error>) -> Error {
    if let Err(e) = first {
        if !e.is_blocked() {
            return e;
        }
    }
    let mut buf = [0u8; 256];
    for _ in 0..10 {
        flush_both(a, b, &mut Chunks::Whole);
        let r = match a.negotiate(0) {
            Ok(()) => a.recv(&mut buf, 0).map(|_| ()),
            Err(e) => Err(e),
        };
        if let Err(e) = r {
            if !e.is_blocked() {
                return e;
            }
        }
        // `b` failed and reads no more: what `a` still sends goes nowhere.
        let n = a.tx_pending().len();
        a.tx_ack(n);
    }
    panic!("no failure");
}

/// Server → client data, so the client reads the tickets that came after the handshake.
fn pump_tickets(client: &mut Core<'_>, server: &mut Core<'_>) {
    let mut chunks = Chunks::Whole;
    assert_eq!(
        send_all(server, client, b"tickets first", &mut chunks),
        b"tickets first"
    );
}

struct Server<'a> {
    rng: RefCellRng<TestRng>,
    keys: Vec<TicketKey>,
    store: SingleUseTickets<16>,
    signer: tls_crypto::EcdsaP256Signer,
    _p: std::marker::PhantomData<&'a ()>,
}

impl<'a> Server<'a> {
    fn new(keys: Vec<TicketKey>) -> Self {
        Self {
            rng: rng(20),
            keys,
            store: SingleUseTickets::new(),
            signer: p256_signer(),
            _p: std::marker::PhantomData,
        }
    }

    fn config(&'a self, max_early: u32, recv_max: u32) -> Config<'a, RustCrypto> {
        let mut c = server_config(&self.rng, P256_CHAIN, &self.signer)
            .with_ticket_keys(&self.keys)
            .with_early_data(max_early, recv_max)
            .with_replay_store(&self.store);
        c.handshake.tickets.lifetimes = TicketKeyLifetimes {
            encrypt_decrypt_ms: 1_000,
            decrypt_only_ms: 1_000,
        };
        c
    }
}

fn new_pair<'c>(
    ccfg: &'c Config<'c, RustCrypto>,
    scfg: &'c Config<'c, RustCrypto>,
    bufs: &'c mut [Vec<u8>; 4],
) -> (Core<'c>, Core<'c>) {
    let [crx, ctx, srx, stx] = bufs;
    (
        ConnectionCore::new_client(ccfg, Some(SERVER_NAME), crx, ctx).unwrap(),
        ConnectionCore::new_server(scfg, srx, stx).unwrap(),
    )
}

fn bufs() -> [Vec<u8>; 4] {
    [vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]]
}

/// A full handshake at `now` that leaves a ticket in `tickets`.
fn first_ticket(scfg: &Config<'_, RustCrypto>, tickets: &Tickets, now: u64) -> Vec<u8> {
    let crng = rng(1);
    let store = |s: &[u8]| tickets.0.borrow_mut().push(s.to_vec());
    let ccfg = client_config(&crng).with_ticket_callback(&store);
    let mut b = bufs();
    let (mut c, mut s) = new_pair(&ccfg, scfg, &mut b);
    let o = run(&mut c, &mut s, None, now, None);
    o.client.unwrap();
    o.server.unwrap();
    assert!(!c.is_resumed() && !s.is_resumed());
    pump_tickets(&mut c, &mut s);
    assert!(c.tickets_received() >= 1);
    let t = tickets.last();
    assert!(t.len() <= MAX_SESSION_LEN);
    t
}

fn client_with_session<'c>(
    ccfg: &'c Config<'c, RustCrypto>,
    scfg: &'c Config<'c, RustCrypto>,
    b: &'c mut [Vec<u8>; 4],
    session: &[u8],
) -> (Core<'c>, Core<'c>) {
    let (mut c, s) = new_pair(ccfg, scfg, b);
    c.set_session(session).unwrap();
    (c, s)
}

#[test]
fn resumption_from_the_ticket_callback_bytes() {
    for modes in [DHE_KE, KE] {
        let srv = Server::new(vec![key(1, 0)]);
        let scfg = srv.config(0, 16_384).with_psk_key_exchange_modes(modes);
        let tickets = Tickets::default();
        let session = first_ticket(&scfg, &tickets, 100);

        let crng = rng(2);
        let ccfg = client_config(&crng).with_psk_key_exchange_modes(modes);
        let mut b = bufs();
        let (mut c, mut s) = client_with_session(&ccfg, &scfg, &mut b, &session);
        let o = run(&mut c, &mut s, None, 200, None);
        o.client.unwrap();
        o.server.unwrap();
        assert!(c.is_resumed() && s.is_resumed(), "{modes:?}");
        assert_eq!(c.negotiated_psk_identity(), Some(TICKET_IDENTITY_MARKER));
        assert_eq!(s.negotiated_psk_identity(), Some(TICKET_IDENTITY_MARKER));
        assert_eq!(c.info().psk_mode, Some(modes[0]));
        assert_eq!(
            c.info().group.is_none(),
            modes == KE,
            "psk_ke uses no group"
        );
        assert_eq!(c.early_data_status(), EarlyDataStatus::NotSent);
        // Data flows on the resumed connection.
        let mut chunks = Chunks::Whole;
        assert_eq!(
            send_all(&mut c, &mut s, b"resumed", &mut chunks),
            b"resumed"
        );
    }
    // Garbage is not a session; a session after start is a usage error.
    let crng = rng(3);
    let ccfg = client_config(&crng);
    let srv = Server::new(vec![key(1, 0)]);
    let scfg = srv.config(0, 16_384);
    let mut b = bufs();
    let (mut c, _s) = new_pair(&ccfg, &scfg, &mut b);
    let e = c.set_session(b"not a session").unwrap_err();
    assert!(matches!(e.code(), Code::BadSession(_)), "{e:?}");
    assert_eq!(e.kind(), ErrorKind::Usage);
    let _ = c.negotiate(0);
    assert_eq!(c.set_session(&[]).unwrap_err().code(), Code::BadState);
}

#[test]
fn early_data_accepted_then_replayed_is_rejected() {
    let srv = Server::new(vec![key(1, 0)]);
    let scfg = srv.config(4096, 16_384);
    let tickets = Tickets::default();
    let session = first_ticket(&scfg, &tickets, 10);
    let early = pattern(3000, 9);

    let crng = rng(4);
    let ccfg = client_config(&crng);
    let mut b = bufs();
    let (mut c, mut s) = client_with_session(&ccfg, &scfg, &mut b, &session);
    assert_eq!(
        c.remaining_early_data(),
        4096,
        "the ticket's max_early_data"
    );
    let o = run(&mut c, &mut s, Some(&early), 20, None);
    o.client.unwrap();
    o.server.unwrap();
    assert_eq!(o.early_received, early);
    assert_eq!(o.early_accepted_by_send, early.len());
    assert_eq!(c.early_data_status(), EarlyDataStatus::Accepted);
    assert_eq!(s.early_data_status(), EarlyDataStatus::Accepted);
    assert!(c.is_resumed() && s.is_resumed());
    assert_eq!(c.remaining_early_data(), 0);
    let mut chunks = Chunks::Whole;
    assert_eq!(send_all(&mut c, &mut s, b"after", &mut chunks), b"after");

    // The same ticket again: single use, so a full handshake and the early data rejected
    // (skipped by the server).
    let crng = rng(5);
    let ccfg = client_config(&crng);
    let mut b = bufs();
    let (mut c, mut s) = client_with_session(&ccfg, &scfg, &mut b, &session);
    let o = run(&mut c, &mut s, Some(&early), 30, None);
    o.client.unwrap();
    o.server.unwrap();
    assert!(o.early_received.is_empty());
    assert_eq!(c.early_data_status(), EarlyDataStatus::Rejected);
    assert_eq!(s.early_data_status(), EarlyDataStatus::Rejected);
    assert!(!c.is_resumed() && !s.is_resumed());
    assert_eq!(send_all(&mut c, &mut s, b"full", &mut chunks), b"full");
    assert_eq!(c.send_early_data(b"late", 40).unwrap(), 0, "0-RTT is over");
}

#[test]
fn early_data_over_the_allowed_size_is_a_usage_error() {
    let srv = Server::new(vec![key(1, 0)]);
    let scfg = srv.config(100, 16_384);
    let tickets = Tickets::default();
    let session = first_ticket(&scfg, &tickets, 10);

    let crng = rng(6);
    let ccfg = client_config(&crng);
    let mut b = bufs();
    let (mut c, mut s) = client_with_session(&ccfg, &scfg, &mut b, &session);
    let e = c.send_early_data(&[7; 101], 20).unwrap_err();
    assert_eq!(e.code(), Code::EarlyDataTooLarge);
    assert_eq!(e.kind(), ErrorKind::Usage);
    assert_eq!(c.send_early_data(&[7; 60], 20).unwrap(), 60);
    assert_eq!(c.remaining_early_data(), 40);
    assert_eq!(
        c.send_early_data(&[7; 41], 20).unwrap_err().code(),
        Code::EarlyDataTooLarge
    );
    assert_eq!(c.send_early_data(&[7; 40], 20).unwrap(), 40);
    let o = run(&mut c, &mut s, None, 20, None);
    o.client.unwrap();
    o.server.unwrap();
    assert_eq!(s.early_data_status(), EarlyDataStatus::Accepted);

    // No session: no 0-RTT at all.
    let crng = rng(7);
    let ccfg = client_config(&crng);
    let mut b = bufs();
    let (mut c, _s) = new_pair(&ccfg, &scfg, &mut b);
    assert_eq!(c.remaining_early_data(), 0);
    assert_eq!(
        c.send_early_data(b"x", 0).unwrap_err().code(),
        Code::EarlyDataTooLarge
    );
    // A server cannot send early data; a client cannot receive it.
    let srng = rng(8);
    let signer = p256_signer();
    let scfg2 = server_config(&srng, P256_CHAIN, &signer);
    let mut b = bufs();
    let (mut c, mut s) = new_pair(&ccfg, &scfg2, &mut b);
    assert_eq!(
        s.send_early_data(b"x", 0).unwrap_err().code(),
        Code::WrongRole
    );
    assert_eq!(
        c.recv_early_data(&mut [0; 8], 0).unwrap_err().code(),
        Code::WrongRole
    );
}

/// A ticket advertising 16384 bytes of early data, used against a server that reads or skips
/// at most 1000: the client's 5000 bytes abort the connection with unexpected_message.
#[test]
fn recv_max_early_data_overflow_aborts() {
    let srv = Server::new(vec![key(1, 0)]);
    let scfg = srv.config(16_384, 16_384);
    let tickets = Tickets::default();
    let session = first_ticket(&scfg, &tickets, 10);
    let early = pattern(5000, 3);

    // Rejected (callback) and skipped: overflow of the skip limit.
    let reject = |_: &wren_tls::psk::OfferedEarlyData<'_>| EarlyDataDecision::Reject;
    // Accepted: overflow of what the server reads.
    let accept = |_: &wren_tls::psk::OfferedEarlyData<'_>| EarlyDataDecision::Accept;
    let callbacks: [&dyn wren_tls::EarlyDataCallback; 2] = [&reject, &accept];
    for (i, cb) in callbacks.into_iter().enumerate() {
        let srv2 = Server::new(vec![key(1, 0)]);
        let mut scfg2 = srv2
            .config(1000, 1000)
            .with_early_data_callback(cb)
            .with_anti_replay(false);
        scfg2.handshake.tickets.lifetimes = scfg.handshake.tickets.lifetimes;
        let crng = rng(9);
        let ccfg = client_config(&crng);
        let mut b = bufs();
        let (mut c, mut s) = client_with_session(&ccfg, &scfg2, &mut b, &session);
        let o = run(&mut c, &mut s, Some(&early), 20, None);
        let e = o.server.unwrap_err();
        assert_eq!(e.code(), Code::TooMuchEarlyData, "case {i}: {e:?}");
        assert_eq!(e.kind(), ErrorKind::Protocol);
        assert_eq!(e.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
        let ce = peer_failure(&mut c, &mut s, o.client);
        assert_eq!(ce.kind(), ErrorKind::Alert, "case {i}: {ce:?}");
        assert_eq!(ce.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
        assert!(o.early_received.len() <= 1000, "case {i}");
    }

    // Within the limit, rejected early data is skipped and the handshake completes.
    let srv3 = Server::new(vec![key(1, 0)]);
    let scfg3 = srv3
        .config(16_384, 16_384)
        .with_early_data_callback(&reject);
    let crng = rng(10);
    let ccfg = client_config(&crng);
    let mut b = bufs();
    let (mut c, mut s) = client_with_session(&ccfg, &scfg3, &mut b, &session);
    let o = run(&mut c, &mut s, Some(&early), 20, None);
    o.client.unwrap();
    o.server.unwrap();
    assert!(c.is_resumed(), "the PSK is used, only 0-RTT is rejected");
    assert_eq!(c.early_data_status(), EarlyDataStatus::Rejected);
}

#[test]
fn ticket_key_rotation_with_a_clock() {
    // Key 1 encrypts during [0, 1000) ms, then only decrypts until 2000 ms.
    let srv = Server::new(vec![key(1, 0)]);
    let scfg = srv.config(0, 16_384);
    let tickets = Tickets::default();
    let session = first_ticket(&scfg, &tickets, 500);

    let resume = |scfg: &Config<'_, RustCrypto>, now: u64, seed: u8| -> (bool, u32) {
        let crng = rng(seed);
        let ccfg = client_config(&crng);
        let mut b = bufs();
        let (mut c, mut s) = client_with_session(&ccfg, scfg, &mut b, &session);
        let o = run(&mut c, &mut s, None, now, None);
        o.client.unwrap();
        o.server.unwrap();
        assert_eq!(c.is_resumed(), s.is_resumed());
        let mut chunks = Chunks::Whole;
        send_all(&mut s, &mut c, b"x", &mut chunks);
        (c.is_resumed(), c.tickets_received())
    };
    // Decrypt-only window: resumes, but no new ticket (no key can encrypt).
    assert_eq!(resume(&scfg, 1500, 30), (true, 0));
    // Key 1 gone: a full handshake, still no tickets.
    assert_eq!(resume(&scfg, 2500, 31), (false, 0));
    // A second key introduced at 1000: resumes with key 1 and issues a ticket with key 2.
    let srv2 = Server::new(vec![key(1, 0), key(2, 1000)]);
    let scfg2 = srv2.config(0, 16_384);
    assert_eq!(resume(&scfg2, 1500, 32), (true, 1));
}

#[test]
fn external_psk_ke_and_dhe_ke_and_early_data() {
    let secret = [0x42u8; 32];
    let ed = PskEarlyData::new(2000, CipherSuite::TLS_AES_128_GCM_SHA256);
    let psks = [
        ExternalPsk::new(b"device-7", &secret, HashAlgorithm::Sha256)
            .unwrap()
            .with_early_data(ed)
            .unwrap(),
    ];
    for modes in [KE, DHE_KE] {
        let (crng, srng) = (rng(11), rng(12));
        let store = SingleUseTickets::<4>::new();
        let ccfg = client_config(&crng)
            .with_external_psks(&psks)
            .with_psk_key_exchange_modes(modes);
        // No certificate on the server at all.
        let scfg = Config::new(&RustCrypto, &srng, ANCHORS)
            .with_external_psks(&psks)
            .with_psk_key_exchange_modes(modes)
            .with_replay_store(&store);
        let mut b = bufs();
        let (mut c, mut s) = new_pair(&ccfg, &scfg, &mut b);
        assert_eq!(c.remaining_early_data(), 2000);
        let o = run(&mut c, &mut s, Some(b"early hello"), 0, None);
        o.client.unwrap();
        o.server.unwrap();
        assert_eq!(c.negotiated_psk_identity(), Some(&b"device-7"[..]));
        assert_eq!(s.negotiated_psk_identity(), Some(&b"device-7"[..]));
        assert!(!c.is_resumed());
        assert_eq!(s.info().psk_mode, Some(modes[0]));
        assert_eq!(s.info().group.is_none(), modes == KE);
        assert_eq!(o.early_received, b"early hello");
        assert_eq!(c.early_data_status(), EarlyDataStatus::Accepted);
        let mut chunks = Chunks::Whole;
        assert_eq!(send_all(&mut s, &mut c, b"psk", &mut chunks), b"psk");
    }
    // Per-connection PSKs override the config's: a different secret fails the binder.
    let other = [ExternalPsk::new(b"device-7", &[1u8; 32], HashAlgorithm::Sha256).unwrap()];
    let (crng, srng) = (rng(13), rng(14));
    let ccfg = client_config(&crng).with_external_psks(&psks);
    let scfg = Config::new(&RustCrypto, &srng, ANCHORS).with_external_psks(&psks);
    let mut b = bufs();
    let (mut c, mut s) = new_pair(&ccfg, &scfg, &mut b);
    c.set_psks(&other).unwrap();
    let o = run(&mut c, &mut s, None, 0, None);
    assert_eq!(
        o.server.unwrap_err().alert(),
        Some(AlertDescription::DECRYPT_ERROR)
    );
}

#[test]
fn early_data_decided_later() {
    let later = |_: &wren_tls::psk::OfferedEarlyData<'_>| EarlyDataDecision::Later;
    for accept in [true, false] {
        let srv = Server::new(vec![key(1, 0)]);
        let scfg = srv.config(4096, 16_384).with_early_data_callback(&later);
        let tickets = Tickets::default();
        let session = first_ticket(&scfg, &tickets, 10);
        let crng = rng(15);
        let ccfg = client_config(&crng);
        let mut b = bufs();
        let (mut c, mut s) = client_with_session(&ccfg, &scfg, &mut b, &session);
        assert_eq!(s.accept_early_data().unwrap_err().code(), Code::BadState);
        let o = run(&mut c, &mut s, Some(b"maybe"), 20, Some(accept));
        o.client.unwrap();
        o.server.unwrap();
        let want = if accept {
            EarlyDataStatus::Accepted
        } else {
            EarlyDataStatus::Rejected
        };
        assert_eq!(c.early_data_status(), want);
        assert_eq!(s.early_data_status(), want);
        assert_eq!(o.early_received.is_empty(), !accept);
    }
}

#[test]
fn negotiate_reports_blocked_on_early_data_and_application_input() {
    let later = |_: &wren_tls::psk::OfferedEarlyData<'_>| EarlyDataDecision::Later;
    let srv = Server::new(vec![key(1, 0)]);
    let scfg = srv.config(4096, 16_384).with_early_data_callback(&later);
    let tickets = Tickets::default();
    let session = first_ticket(&scfg, &tickets, 10);
    let crng = rng(16);
    let ccfg = client_config(&crng);
    let mut b = bufs();
    let (mut c, mut s) = client_with_session(&ccfg, &scfg, &mut b, &session);
    let mut chunks = Chunks::Whole;
    assert_eq!(c.send_early_data(b"zero rtt", 20).unwrap(), 8);
    transfer(&mut c, &mut s, &mut chunks);
    let blocked = |r: Result<(), Error>| r.unwrap_err().kind();
    assert_eq!(
        blocked(s.negotiate(20)),
        ErrorKind::Blocked(Blocked::OnApplicationInput)
    );
    s.accept_early_data().unwrap();
    assert_eq!(
        blocked(s.negotiate(20)),
        ErrorKind::Blocked(Blocked::OnEarlyData),
        "accepted 0-RTT waits for recv_early_data"
    );
    let mut buf = [0u8; 64];
    assert_eq!(s.recv_early_data(&mut buf, 20).unwrap(), 8);
    assert_eq!(&buf[..8], b"zero rtt");
    let o = run(&mut c, &mut s, None, 20, None);
    o.client.unwrap();
    o.server.unwrap();
    assert_eq!(c.early_data_status(), EarlyDataStatus::Accepted);
}

#[test]
fn hello_retry_rejects_early_data_and_skips_it() {
    let srv = Server::new(vec![key(1, 0)]);
    let scfg = srv.config(4096, 16_384);
    let tickets = Tickets::default();
    let session = first_ticket(&scfg, &tickets, 10);
    // The same keys, but only P-256: the client's x25519 share gets a HelloRetryRequest.
    let srv2 = Server::new(vec![key(1, 0)]);
    let scfg2 = srv2.config(4096, 16_384).with_policy(&P256_ONLY);
    let crng = rng(17);
    let ccfg = client_config(&crng);
    let mut b = bufs();
    let (mut c, mut s) = client_with_session(&ccfg, &scfg2, &mut b, &session);
    let early = pattern(2500, 1);
    let o = run(&mut c, &mut s, Some(&early), 20, None);
    o.client.unwrap();
    o.server.unwrap();
    assert!(c.info().hello_retry);
    assert!(o.early_received.is_empty());
    assert_eq!(c.early_data_status(), EarlyDataStatus::Rejected);
    assert_eq!(s.early_data_status(), EarlyDataStatus::Rejected);
    let mut chunks = Chunks::Whole;
    assert_eq!(
        send_all(&mut c, &mut s, b"after hrr", &mut chunks),
        b"after hrr"
    );
}

#[test]
fn send_tickets_on_a_live_connection() {
    let srv = Server::new(vec![key(1, 0)]);
    let scfg = srv.config(0, 16_384);
    let tickets = Tickets::default();
    let crng = rng(18);
    let store = |s: &[u8]| tickets.0.borrow_mut().push(s.to_vec());
    let ccfg = client_config(&crng).with_ticket_callback(&store);
    let mut b = bufs();
    let (mut c, mut s) = new_pair(&ccfg, &scfg, &mut b);
    let o = run(&mut c, &mut s, None, 5, None);
    o.client.unwrap();
    o.server.unwrap();
    s.send_tickets(2).unwrap();
    pump_tickets(&mut c, &mut s);
    assert_eq!(c.tickets_received(), 3, "1 initial + 2 more");
    assert_eq!(tickets.count(), 3);
    assert_eq!(c.send_tickets(1).unwrap_err().code(), Code::WrongRole);
    // Each stored ticket resumes.
    for (i, t) in tickets.0.borrow().iter().enumerate() {
        let crng = rng(40 + i as u8);
        let ccfg = client_config(&crng);
        let mut b = bufs();
        let (mut c, mut s) = client_with_session(&ccfg, &scfg, &mut b, t);
        let o = run(&mut c, &mut s, None, 50, None);
        o.client.unwrap();
        o.server.unwrap();
        assert!(c.is_resumed(), "ticket {i}");
    }
}
