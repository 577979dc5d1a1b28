//! Issue 5, Wren ↔ Wren in memory: max_fragment_length (RFC 6066) and record_size_limit
//! (RFC 8449) negotiation, every record on the wire within the limit, handshake reassembly and
//! its error, send-side sizing (low latency, throughput, dynamic with a controlled clock),
//! multi-record `recv`, presets, and free_handshake / release_buffers / wipe.
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

use connection_support::*;
use tls_codec::enums::{AlertDescription, MaxFragmentLength};
use tls_crypto::RustCrypto;
use wren_tls::error::Code;
use wren_tls::sizes::{self, Preset};
use wren_tls::{Config, Connection, ConnectionCore, ErrorKind, RecordSize};

/// Record lengths (the header's length field) seen in one direction, parsed from the byte
/// stream as it crosses the link.
#[derive(Default)]
struct Wire {
    buf: Vec<u8>,
    records: Vec<(u8, usize)>,
}

impl Wire {
    fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        while self.buf.len() >= 5 {
            let len = usize::from(u16::from_be_bytes([self.buf[3], self.buf[4]]));
            if self.buf.len() < 5 + len {
                break;
            }
            self.records.push((self.buf[0], len));
            self.buf.drain(..5 + len);
        }
    }

    /// Length fields of protected (application_data) records.
    fn protected(&self) -> Vec<usize> {
        self.records
            .iter()
            .filter(|r| r.0 == 23)
            .map(|r| r.1)
            .collect()
    }

    fn max(&self) -> usize {
        self.records.iter().map(|r| r.1).max().unwrap_or(0)
    }
}

/// Moves everything pending from `a` to `b`, recording it.
fn pass(a: &mut Core<'_>, b: &mut Core<'_>, wire: &mut Wire) -> usize {
    let mut moved = 0;
    loop {
        let pending = a.tx_pending();
        let space = b.rx_space();
        let n = pending.len().min(space.len());
        if n == 0 {
            return moved;
        }
        space[..n].copy_from_slice(&pending[..n]);
        wire.push(&pending[..n]);
        b.rx_commit(n);
        a.tx_ack(n);
        moved += n;
    }
}

struct Link {
    c2s: Wire,
    s2c: Wire,
}

fn run_handshake(c: &mut Core<'_>, s: &mut Core<'_>) -> Result<Link, wren_tls::Error> {
    let mut link = Link {
        c2s: Wire::default(),
        s2c: Wire::default(),
    };
    for _ in 0..10_000 {
        let rc = c.negotiate(0);
        let rs = s.negotiate(0);
        for r in [rc, rs] {
            if let Err(e) = r {
                if !e.is_blocked() {
                    // Deliver the alert, as a real link would.
                    pass(c, s, &mut link.c2s);
                    pass(s, c, &mut link.s2c);
                    return Err(e);
                }
            }
        }
        if rc.is_ok() && rs.is_ok() {
            return Ok(link);
        }
        let moved = pass(c, s, &mut link.c2s) + pass(s, c, &mut link.s2c);
        assert!(
            moved > 0 || rc.is_ok() || rs.is_ok(),
            "deadlock {rc:?} {rs:?}"
        );
    }
    panic!("handshake did not finish");
}

/// Sends `data` from `a` to `b` at protocol time `now`, recording the records.
fn stream(a: &mut Core<'_>, b: &mut Core<'_>, data: &[u8], now: u64, wire: &mut Wire) -> Vec<u8> {
    let mut sent = 0;
    let mut got = Vec::new();
    let mut buf = vec![0u8; 40_000];
    while got.len() < data.len() {
        if sent < data.len() {
            match a.send(&data[sent..], now) {
                Ok(n) => sent += n,
                Err(e) if e.is_blocked() => {}
                Err(e) => panic!("send: {e}"),
            }
        }
        pass(a, b, wire);
        loop {
            match b.recv(&mut buf, now) {
                Ok(0) => panic!("closed"),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.is_blocked() => break,
                Err(e) => panic!("recv: {e}"),
            }
        }
    }
    got
}

struct Bufs {
    crx: Vec<u8>,
    ctx: Vec<u8>,
    srx: Vec<u8>,
    stx: Vec<u8>,
}

impl Bufs {
    fn new(c: (usize, usize), s: (usize, usize)) -> Self {
        Self {
            crx: vec![0; c.0],
            ctx: vec![0; c.1],
            srx: vec![0; s.0],
            stx: vec![0; s.1],
        }
    }
    fn preset(p: Preset) -> Self {
        Self::new((p.rx, p.tx), (p.rx, p.tx))
    }
}

/// Handshake plus 5000 bytes each way; checks every record against the limits in force.
fn exchange(
    ccfg: &Config<'_, RustCrypto>,
    scfg: &Config<'_, RustCrypto>,
    bufs: &mut Bufs,
) -> (tls_handshake::Negotiated, tls_handshake::Negotiated, Link) {
    let mut c =
        ConnectionCore::new_client(ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx).unwrap();
    let mut s = ConnectionCore::new_server(scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
    let mut link = run_handshake(&mut c, &mut s).unwrap();
    let data = pattern(5000, 3);
    assert_eq!(stream(&mut c, &mut s, &data, 0, &mut link.c2s), data);
    assert_eq!(stream(&mut s, &mut c, &data, 0, &mut link.s2c), data);
    let (ci, si) = (*c.info(), *s.info());
    // What each side sends is within the limit it was given (TLSInnerPlaintext + tag).
    assert!(
        link.c2s
            .protected()
            .iter()
            .all(|&l| l <= usize::from(ci.limits().send) + 16),
        "client records {:?} over {}",
        link.c2s.protected(),
        ci.limits().send
    );
    assert!(
        link.s2c
            .protected()
            .iter()
            .all(|&l| l <= usize::from(si.limits().send) + 16),
        "server records {:?} over {}",
        link.s2c.protected(),
        si.limits().send
    );
    (ci, si, link)
}

const MFLS: [(MaxFragmentLength, u16); 4] = [
    (MaxFragmentLength::LEN_512, 512),
    (MaxFragmentLength::LEN_1024, 1024),
    (MaxFragmentLength::LEN_2048, 2048),
    (MaxFragmentLength::LEN_4096, 4096),
];

#[test]
fn max_fragment_length_honoured_when_the_server_accepts() {
    for (code, bytes) in MFLS {
        let (crng, srng) = (rng(1), rng(2));
        let signer = p256_signer();
        let ccfg = client_config(&crng)
            .with_max_fragment_length(Some(code))
            .without_record_size_limit();
        let scfg = server_config(&srng, P256_CHAIN, &signer).with_accept_max_fragment_length(true);
        let mut bufs = Bufs::new((BUF, BUF), (BUF, BUF));
        let (ci, si, link) = exchange(&ccfg, &scfg, &mut bufs);
        assert_eq!(ci.max_fragment_length, Some(bytes));
        assert_eq!(si.max_fragment_length, Some(bytes));
        assert_eq!(ci.record_size_limit, None);
        // Both directions, handshake included: at most MFL bytes of content per record.
        for w in [&link.c2s, &link.s2c] {
            assert!(
                w.max() <= usize::from(bytes) + 1 + 16,
                "{bytes}: {}",
                w.max()
            );
        }
        assert!(link.s2c.protected().len() > 5000 / usize::from(bytes));
    }
}

#[test]
fn max_fragment_length_ignored_by_default() {
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    let ccfg = client_config(&crng)
        .with_max_fragment_length(Some(MaxFragmentLength::LEN_512))
        .without_record_size_limit();
    let scfg = server_config(&srng, P256_CHAIN, &signer);
    let mut bufs = Bufs::new((BUF, BUF), (BUF, BUF));
    let (ci, si, link) = exchange(&ccfg, &scfg, &mut bufs);
    assert_eq!(
        (ci.max_fragment_length, si.max_fragment_length),
        (None, None)
    );
    assert_eq!(ci.record_limits, None);
    // The server's data went in one full record.
    assert!(link.s2c.max() > 5000);
}

#[test]
fn record_size_limit_both_ways() {
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    // Client: rx for 1 KiB records; server: announces 700 explicitly.
    let ccfg = client_config(&crng).with_record_size(RecordSize::K1);
    let scfg = server_config(&srng, P256_CHAIN, &signer).with_record_size_limit(700);
    let p = sizes::PRESET_1K_FULL;
    let mut bufs = Bufs::new((p.rx, p.tx), (BUF, BUF));
    let (ci, si, link) = exchange(&ccfg, &scfg, &mut bufs);
    assert_eq!(ci.record_size_limit, Some(1025));
    assert_eq!(ci.peer_record_size_limit, Some(700));
    assert_eq!(si.record_size_limit, Some(700));
    assert_eq!(si.peer_record_size_limit, Some(1025));
    assert_eq!(ci.max_fragment_length, None, "RSL wins over MFL");
    assert!(link.s2c.protected().iter().all(|&l| l <= 1025 + 16));
    assert!(link.c2s.protected().iter().all(|&l| l <= 700 + 16));
    assert_eq!(*link.s2c.protected().iter().max().unwrap(), 1025 + 16);
}

#[test]
fn mfl_and_rsl_offered_together_rsl_wins() {
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    // with_record_size(B512) asks MFL 512 and offers RSL 513.
    let ccfg = client_config(&crng).with_record_size(RecordSize::B512);
    let scfg = server_config(&srng, P256_CHAIN, &signer).with_accept_max_fragment_length(true);
    let mut bufs = Bufs::preset(sizes::PRESET_512_FULL);
    let (ci, si, _) = exchange(&ccfg, &scfg, &mut bufs);
    assert_eq!(
        (ci.max_fragment_length, si.max_fragment_length),
        (None, None)
    );
    assert_eq!(ci.record_size_limit, Some(513));
    assert_eq!(si.peer_record_size_limit, Some(513));
    // The server's rx is the 512 preset but its record size is full: it tells the client
    // what its rx holds, 4630 - 21.
    assert_eq!(ci.peer_record_size_limit, Some(4609));
}

#[test]
fn two_certificate_chain_in_512_byte_records_every_record_within_limit() {
    for server_cfg_mfl_only in [false, true] {
        let (crng, srng) = (rng(1), rng(2));
        let signer = p256_signer();
        let (ccfg, scfg) = if server_cfg_mfl_only {
            // MFL alone (as with openssl s_client -maxfraglen 512).
            (
                client_config(&crng)
                    .with_record_size(RecordSize::B512)
                    .without_record_size_limit(),
                server_config(&srng, P256_CHAIN, &signer)
                    .with_record_size(RecordSize::B512)
                    .with_accept_max_fragment_length(true),
            )
        } else {
            (
                client_config(&crng).with_record_size(RecordSize::B512),
                server_config(&srng, P256_CHAIN, &signer).with_record_size(RecordSize::B512),
            )
        };
        let mut bufs = Bufs::preset(sizes::PRESET_512_FULL);
        let (ci, _, link) = exchange(&ccfg, &scfg, &mut bufs);
        assert_eq!(ci.limits().send, 513);
        assert_eq!(ci.limits().recv, 513);
        for w in [&link.c2s, &link.s2c] {
            assert!(w.max() <= 512 + 1 + 16, "record of {}", w.max());
        }
        // The Certificate message (1019 bytes) spanned records: the flight took several.
        assert!(link.s2c.protected().len() >= 4);
    }
}

#[test]
fn reassembly_area_too_small_names_the_message_size() {
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    let ccfg = client_config(&crng).with_record_size(RecordSize::B512);
    let scfg = server_config(&srng, P256_CHAIN, &signer);
    // rx: one 512-byte record and 300 bytes of reassembly: the 1019-byte Certificate cannot.
    let rx = sizes::MIN_RX + 300;
    let mut bufs = Bufs::new((rx, 4096), (BUF, BUF));
    let mut c =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx).unwrap();
    let mut s = ConnectionCore::new_server(&scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
    let e = run_handshake(&mut c, &mut s).err().expect("must fail");
    assert_eq!(e.name(), "WREN_ERR_HANDSHAKE_MESSAGE_TOO_LARGE");
    let Code::HandshakeMessageTooLarge {
        message_len,
        record_len,
    } = e.code()
    else {
        panic!("{e:?}")
    };
    assert_eq!(message_len, 4 + 1 + 3 + (3 + 547 + 2) + (3 + 457 + 2));
    assert_eq!(record_len, 534);
    let needed = message_len + 534;
    assert_eq!(e.needed(), Some(needed as usize));
    // With that size it works.
    let mut bufs = Bufs::new((needed as usize, 4096), (BUF, BUF));
    let mut c =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx).unwrap();
    let mut s = ConnectionCore::new_server(&scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
    run_handshake(&mut c, &mut s).unwrap();
}

#[test]
fn peer_ignoring_our_record_size_limit_gets_record_overflow() {
    // A server that does not do record_size_limit (nor MFL) sends its flight in records over
    // the 513 bytes the client advertised: record_overflow, from the header.
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    let ccfg = client_config(&crng).with_record_size(RecordSize::B512);
    let scfg = server_config(&srng, P256_CHAIN, &signer).without_record_size_limit();
    let mut bufs = Bufs::preset(sizes::PRESET_512_FULL);
    let mut c =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx).unwrap();
    let mut s = ConnectionCore::new_server(&scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
    let e = run_handshake(&mut c, &mut s).err().expect("must fail");
    assert_eq!(e.name(), "RECORD_OVERFLOW");
    assert_eq!(e.number(), 0x0102);
    assert_eq!(e.kind(), ErrorKind::Protocol);
    assert_eq!(e.alert(), Some(AlertDescription::RECORD_OVERFLOW));
    assert_eq!(e.description(), "record too long (record_overflow)");
    // The server hears why.
    let se = s.negotiate(0).unwrap_err();
    assert_eq!(se.kind(), ErrorKind::Alert);
    assert_eq!(se.alert(), Some(AlertDescription::RECORD_OVERFLOW));
}

#[test]
fn records_larger_than_rx_are_reported_with_the_size_needed() {
    // No limit advertised: a full-size record cannot fit a 512-record rx.
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    let ccfg = client_config(&crng)
        .with_record_size(RecordSize::B512)
        .without_record_size_limit();
    let scfg = server_config(&srng, P256_CHAIN, &signer);
    let mut bufs = Bufs::new((sizes::PRESET_512_FULL.rx, 4302), (BUF, BUF));
    let mut c =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx).unwrap();
    let mut s = ConnectionCore::new_server(&scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
    run_handshake(&mut c, &mut s).unwrap();
    let big = pattern(8000, 1);
    assert_eq!(s.send(&big, 0).unwrap(), 8000);
    let mut w = Wire::default();
    pass(&mut s, &mut c, &mut w);
    let mut out = [0u8; 100];
    let e = c.recv(&mut out, 0).unwrap_err();
    assert_eq!(e.name(), "WREN_ERR_RX_TOO_SMALL");
    assert_eq!(e.needed(), Some(5 + 8000 + 1 + 16));
}

fn connected_pair_records(prefer_low: bool) -> Vec<usize> {
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    let ccfg = client_config(&crng);
    let scfg = if prefer_low {
        server_config(&srng, P256_CHAIN, &signer).with_prefer_low_latency()
    } else {
        server_config(&srng, P256_CHAIN, &signer).with_prefer_throughput()
    };
    let mut bufs = Bufs::new((BUF, BUF), (BUF, 40_000));
    let mut c =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx).unwrap();
    let mut s = ConnectionCore::new_server(&scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
    run_handshake(&mut c, &mut s).unwrap();
    let mut w = Wire::default();
    stream(&mut s, &mut c, &pattern(20_000, 9), 0, &mut w);
    w.protected().iter().map(|l| l - 17).collect()
}

#[test]
fn low_latency_and_throughput_record_sizes() {
    let low = connected_pair_records(true);
    assert!(low.iter().all(|&n| n <= sizes::SMALL_RECORD_CONTENT));
    assert_eq!(low[0], 1398);
    assert_eq!(low.len(), 20_000usize.div_ceil(1398));
    let high = connected_pair_records(false);
    assert_eq!(high, vec![16_384, 20_000 - 16_384]);
}

#[test]
fn dynamic_record_sizing_first_bytes_and_after_idle() {
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    let ccfg = client_config(&crng);
    let scfg = server_config(&srng, P256_CHAIN, &signer).with_dynamic_record_threshold(4000, 1000);
    let mut bufs = Bufs::new((BUF, BUF), (BUF, 40_000));
    let mut c =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx).unwrap();
    let mut s = ConnectionCore::new_server(&scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
    run_handshake(&mut c, &mut s).unwrap();
    let sizes_of = |w: &Wire| -> Vec<usize> { w.protected().iter().map(|l| l - 17).collect() };

    // t = 10 s: the first 4000 bytes in 1398-byte records (3 records: 4194 bytes), then full.
    let mut w = Wire::default();
    stream(&mut s, &mut c, &pattern(30_000, 1), 10_000, &mut w);
    assert_eq!(
        sizes_of(&w),
        vec![1398, 1398, 1398, 16_384, 30_000 - 4194 - 16_384]
    );

    // 500 ms later: still warm, full records.
    let mut w = Wire::default();
    stream(&mut s, &mut c, &pattern(20_000, 2), 10_500, &mut w);
    assert_eq!(sizes_of(&w), vec![16_384, 20_000 - 16_384]);

    // Idle for 1 s: small records again for the next 4000 bytes.
    let mut w = Wire::default();
    stream(&mut s, &mut c, &pattern(5000, 3), 11_500, &mut w);
    assert_eq!(sizes_of(&w), vec![1398, 1398, 1398, 5000 - 4194]);

    // The negotiated limit caps dynamic sizing's large records too (per connection API).
    s.set_dynamic_record_threshold(0, 0);
    s.prefer_low_latency();
    assert_eq!(s.send_record_content(), 1398);
    s.prefer_throughput();
    assert_eq!(s.send_record_content(), 16_384);
}

#[test]
fn recv_one_record_by_default_multi_record_when_asked() {
    for multi in [false, true] {
        let (crng, srng) = (rng(1), rng(2));
        let signer = p256_signer();
        let ccfg = client_config(&crng).with_recv_multi_record(multi);
        let scfg = server_config(&srng, P256_CHAIN, &signer).with_prefer_low_latency();
        let mut bufs = Bufs::new((BUF, BUF), (BUF, BUF));
        let mut c =
            ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx)
                .unwrap();
        let mut s = ConnectionCore::new_server(&scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
        run_handshake(&mut c, &mut s).unwrap();
        // Three 1398-byte records and one of 806, all delivered at once.
        let data = pattern(5000, 4);
        assert_eq!(s.send(&data, 0).unwrap(), 5000);
        let mut w = Wire::default();
        pass(&mut s, &mut c, &mut w);
        let mut out = vec![0u8; 6000];
        let n = c.recv(&mut out, 0).unwrap();
        if multi {
            assert_eq!(n, 5000);
            assert_eq!(&out[..n], &data[..]);
        } else {
            assert_eq!(n, 1398);
            c.set_recv_multi_record(true);
            let m = c.recv(&mut out[n..], 0).unwrap();
            assert_eq!(n + m, 5000);
            assert_eq!(&out[..5000], &data[..]);
        }
    }
}

#[test]
fn presets_compile_and_handshake() {
    fn run<const RX: usize, const TX: usize>(p: Preset) -> usize {
        assert_eq!((RX, TX), (p.rx, p.tx));
        let (crng, srng) = (rng(1), rng(2));
        let signer = p256_signer();
        let ccfg = client_config(&crng).with_record_size(p.record);
        let scfg = server_config(&srng, P256_CHAIN, &signer).with_record_size(p.record);
        let mut c = Box::new(
            Connection::<'_, RustCrypto, RX, TX>::new_client(&ccfg, Some(SERVER_NAME)).unwrap(),
        );
        let mut s = Box::new(Connection::<'_, RustCrypto, RX, TX>::new_server(&scfg).unwrap());
        run_handshake_conn(&mut c, &mut s).unwrap();
        let limits = c.info().limits();
        if p.record != RecordSize::FULL {
            assert_eq!(usize::from(limits.send), p.record.content_len() + 1);
            assert_eq!(usize::from(limits.recv), p.record.content_len() + 1);
        }
        core::mem::size_of::<Connection<'_, RustCrypto, RX, TX>>()
    }
    use sizes::*;
    let sz = [
        run::<{ PRESET_16K_HALF.rx }, { PRESET_16K_HALF.tx }>(PRESET_16K_HALF),
        run::<{ PRESET_16K_FULL.rx }, { PRESET_16K_FULL.tx }>(PRESET_16K_FULL),
        run::<{ PRESET_4K_HALF.rx }, { PRESET_4K_HALF.tx }>(PRESET_4K_HALF),
        run::<{ PRESET_4K_FULL.rx }, { PRESET_4K_FULL.tx }>(PRESET_4K_FULL),
        run::<{ PRESET_1K_HALF.rx }, { PRESET_1K_HALF.tx }>(PRESET_1K_HALF),
        run::<{ PRESET_1K_FULL.rx }, { PRESET_1K_FULL.tx }>(PRESET_1K_FULL),
        run::<{ PRESET_512_HALF.rx }, { PRESET_512_HALF.tx }>(PRESET_512_HALF),
        run::<{ PRESET_512_FULL.rx }, { PRESET_512_FULL.tx }>(PRESET_512_FULL),
    ];
    println!("size_of Connection per preset (16K h/f, 4K h/f, 1K h/f, 512 h/f): {sz:?}");
    println!(
        "size_of ConnectionCore over slices: {}",
        core::mem::size_of::<ConnectionCore<'_, RustCrypto>>()
    );
}

fn move_bytes<const RX: usize, const TX: usize>(
    a: &mut Connection<'_, RustCrypto, RX, TX>,
    b: &mut Connection<'_, RustCrypto, RX, TX>,
) {
    let p = a.tx_pending().to_vec();
    let sp = b.rx_space();
    let n = p.len().min(sp.len());
    sp[..n].copy_from_slice(&p[..n]);
    b.rx_commit(n);
    a.tx_ack(n);
}

/// The same handshake loop for owned-array connections.
fn run_handshake_conn<const RX: usize, const TX: usize>(
    c: &mut Connection<'_, RustCrypto, RX, TX>,
    s: &mut Connection<'_, RustCrypto, RX, TX>,
) -> Result<(), wren_tls::Error> {
    for _ in 0..10_000 {
        let rc = c.negotiate(0);
        let rs = s.negotiate(0);
        if rc.is_ok() && rs.is_ok() {
            return Ok(());
        }
        for r in [rc, rs] {
            if let Err(e) = r {
                if !e.is_blocked() {
                    return Err(e);
                }
            }
        }
        move_bytes(c, s);
        move_bytes(s, c);
    }
    panic!("no progress")
}

#[test]
fn free_handshake_release_buffers_wipe_then_fresh_handshake() {
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    let ccfg = client_config(&crng).with_record_size(RecordSize::B512);
    let scfg = server_config(&srng, P256_CHAIN, &signer).with_record_size(RecordSize::B512);
    let p = sizes::PRESET_512_FULL;
    let mut bufs = Bufs::preset(p);
    let (mut spare_rx, mut spare_tx) = (vec![0u8; p.rx], vec![0u8; p.tx]);
    let mut c =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut bufs.crx, &mut bufs.ctx).unwrap();
    let mut s = ConnectionCore::new_server(&scfg, &mut bufs.srx, &mut bufs.stx).unwrap();
    assert_eq!(
        c.free_handshake().unwrap_err().kind(),
        ErrorKind::Usage,
        "only after the handshake"
    );
    run_handshake(&mut c, &mut s).unwrap();
    let mut w = Wire::default();
    let data = pattern(3000, 5);
    assert_eq!(stream(&mut c, &mut s, &data, 0, &mut w), data);

    // free_handshake: the handshake's plaintext left in free space is wiped.
    c.free_handshake().unwrap();
    assert!(c.is_handshake_freed());
    let (rx, tx) = c.buffers();
    assert!(rx.iter().all(|&b| b == 0) && tx.iter().all(|&b| b == 0));

    // release_buffers on an idle connection: wiped, verbs refuse, reacquire resumes.
    c.release_buffers().unwrap();
    assert_eq!(
        c.send(b"x", 0).unwrap_err().name(),
        "WREN_ERR_BUFFERS_RELEASED"
    );
    c.reacquire_buffers().unwrap();
    assert_eq!(stream(&mut c, &mut s, b"after", 0, &mut w), b"after");

    // Slices are handed back, reused, and given back (other, equally large, buffers).
    let (rx, tx) = s.take_buffers().unwrap();
    assert!(rx.iter().all(|&b| b == 0) && tx.iter().all(|&b| b == 0));
    rx.fill(0xAA); // the application reuses them meanwhile
    assert!(s.give_buffers(&mut [], &mut []).is_err());
    s.give_buffers(&mut spare_rx, &mut spare_tx).unwrap();
    assert_eq!(stream(&mut c, &mut s, b"again", 0, &mut w), b"again");

    // Busy buffers are not released.
    c.send(b"pending", 0).unwrap();
    assert_eq!(
        c.release_buffers().unwrap_err().name(),
        "WREN_ERR_BUFFERS_BUSY"
    );

    // wipe: keys, secrets and buffers gone; a fresh handshake on the same connections.
    c.wipe().unwrap();
    s.wipe().unwrap();
    assert!(!c.is_handshake_complete() && c.info().suite.is_none());
    let (rx, tx) = c.buffers();
    assert!(rx.iter().all(|&b| b == 0) && tx.iter().all(|&b| b == 0));
    assert_eq!(c.send(b"x", 0).unwrap_err().kind(), ErrorKind::Usage);
    run_handshake(&mut c, &mut s).unwrap();
    assert_eq!(c.info().record_size_limit, Some(513));
    assert_eq!(stream(&mut c, &mut s, &data, 0, &mut w), data);

    // Connection (owned arrays): the same verbs through Deref.
    let mut a =
        Box::new(
            Connection::<
                '_,
                RustCrypto,
                { sizes::PRESET_512_FULL.rx },
                { sizes::PRESET_512_FULL.tx },
            >::new_client(&ccfg, Some(SERVER_NAME))
            .unwrap(),
        );
    let mut b =
        Box::new(
            Connection::<
                '_,
                RustCrypto,
                { sizes::PRESET_512_FULL.rx },
                { sizes::PRESET_512_FULL.tx },
            >::new_server(&scfg)
            .unwrap(),
        );
    run_handshake_conn(&mut a, &mut b).unwrap();
    a.release_buffers().unwrap();
    a.reacquire_buffers().unwrap();
    a.wipe().unwrap();
    b.wipe().unwrap();
    run_handshake_conn(&mut a, &mut b).unwrap();
}
