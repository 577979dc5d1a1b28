//! Bad input through `ConnectionCore`: bit-flipped, truncated, oversized and reordered
//! records end in a fatal error with the right alert queued, never a panic or a hang; errors
//! are sticky; a peer's alert is surfaced with its description.
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
use tls_codec::enums::AlertDescription;
use wren_tls::{ConnectionCore, ErrorKind};

/// The last record in `bytes` is an alert: plaintext `15 03 03 00 02` or protected with 19
/// bytes of ciphertext.
fn ends_with_alert_record(bytes: &[u8]) -> bool {
    let mut at = 0;
    let mut last = None;
    while at + 5 <= bytes.len() {
        let len = usize::from(u16::from_be_bytes([bytes[at + 3], bytes[at + 4]]));
        last = Some((bytes[at], len));
        at += 5 + len;
    }
    matches!(last, Some((0x15, 2)) | Some((0x17, 19)))
}

/// Record header version positions in a flight (a flip there is ignored, RFC 8446 §5.1).
fn version_positions(flight: &[u8]) -> Vec<usize> {
    let mut at = 0;
    let mut v = Vec::new();
    while at + 5 <= flight.len() {
        v.push(at + 1);
        v.push(at + 2);
        at += 5 + usize::from(u16::from_be_bytes([flight[at + 3], flight[at + 4]]));
    }
    v
}

#[test]
fn every_bit_flip_in_the_server_flight_is_fatal_with_an_alert() {
    let signer = p256_signer();
    // Record the server's flight for the deterministic ClientHello.
    let flight = {
        let (crng, srng) = (rng(21), rng(22));
        let (ccfg, scfg) = (
            client_config(&crng),
            server_config(&srng, P256_CHAIN, &signer),
        );
        let (mut crx, mut ctx, mut srx, mut stx) =
            (vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]);
        let mut client =
            ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
        let mut server = ConnectionCore::new_server(&scfg, &mut srx, &mut stx).unwrap();
        assert!(client.negotiate(0).unwrap_err().is_blocked());
        transfer(&mut client, &mut server, &mut Chunks::Whole);
        assert!(server.negotiate(0).unwrap_err().is_blocked());
        server.tx_pending().to_vec()
    };
    let ignorable = version_positions(&flight);
    let mut outcomes = std::collections::BTreeMap::<&str, usize>::new();
    for i in 0..flight.len() {
        let crng = rng(21);
        let ccfg = client_config(&crng);
        let (mut crx, mut ctx) = (vec![0; BUF], vec![0; BUF]);
        let mut client =
            ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
        assert!(client.negotiate(0).unwrap_err().is_blocked());
        let n = client.tx_pending().len();
        client.tx_ack(n);
        let mut bad = flight.clone();
        bad[i] ^= 0x01 << (i % 8);
        let space = client.rx_space();
        space[..bad.len()].copy_from_slice(&bad);
        client.rx_commit(bad.len());
        let mut r = client.negotiate(0);
        if matches!(r, Err(e) if e.is_blocked()) {
            // A length made longer: the transport ends before the record does.
            client.tx_ack(client.tx_pending().len());
            client.rx_eof();
            r = client.negotiate(0);
        }
        match r {
            Ok(()) => assert!(ignorable.contains(&i), "flip at {i} went unnoticed"),
            Err(e) => {
                assert!(e.is_fatal(), "flip at {i}: {e}");
                *outcomes.entry(e.name()).or_default() += 1;
                match e.kind() {
                    ErrorKind::Protocol | ErrorKind::Internal => {
                        assert!(e.alert().is_some());
                        assert!(
                            ends_with_alert_record(client.tx_pending()),
                            "flip at {i}: {e} but no alert queued"
                        );
                    }
                    ErrorKind::Io => {}
                    k => panic!("flip at {i}: unexpected kind {k:?}"),
                }
                // Sticky.
                assert_eq!(client.negotiate(0).unwrap_err(), e);
                assert_eq!(client.send(b"x", 0).unwrap_err(), e);
                assert_eq!(client.recv(&mut [0; 4], 0).unwrap_err(), e);
            }
        }
    }
    println!("{} flips: {outcomes:?}", flight.len());
}

fn connected<'c>(
    ccfg: &'c wren_tls::Config<'c>,
    scfg: &'c wren_tls::Config<'c>,
    bufs: &'c mut [Vec<u8>; 4],
) -> (Core<'c>, Core<'c>) {
    let [crx, ctx, srx, stx] = bufs;
    let mut client = ConnectionCore::new_client(ccfg, Some(SERVER_NAME), crx, ctx).unwrap();
    let mut server = ConnectionCore::new_server(scfg, srx, stx).unwrap();
    handshake(&mut client, &mut server, &mut Chunks::Whole);
    (client, server)
}

fn bufs() -> [Vec<u8>; 4] {
    [vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]]
}

fn feed(to: &mut Core<'_>, bytes: &[u8]) {
    let space = to.rx_space();
    space[..bytes.len()].copy_from_slice(bytes);
    to.rx_commit(bytes.len());
}

#[test]
fn oversized_record_is_record_overflow() {
    let (crng, srng, signer) = (rng(31), rng(32), p256_signer());
    let (ccfg, scfg) = (
        client_config(&crng),
        server_config(&srng, P256_CHAIN, &signer),
    );
    let mut b = bufs();
    let (mut client, _server) = connected(&ccfg, &scfg, &mut b);
    let len = (1u16 << 14) + 256 + 1;
    let [l0, l1] = len.to_be_bytes();
    feed(&mut client, &[0x17, 0x03, 0x03, l0, l1, 0, 0, 0]);
    let e = client.recv(&mut [0; 16], 0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Protocol);
    assert_eq!(e.alert(), Some(AlertDescription::RECORD_OVERFLOW));
    assert!(ends_with_alert_record(client.tx_pending()));
}

#[test]
fn reordered_records_fail_authentication() {
    let (crng, srng, signer) = (rng(33), rng(34), p256_signer());
    let (ccfg, scfg) = (
        client_config(&crng),
        server_config(&srng, P256_CHAIN, &signer),
    );
    let mut b = bufs();
    let (mut client, mut server) = connected(&ccfg, &scfg, &mut b);
    server.send(b"one", 0).unwrap();
    let first = server.tx_pending().to_vec();
    server.tx_ack(first.len());
    server.send(b"two", 0).unwrap();
    let second = server.tx_pending().to_vec();
    server.tx_ack(second.len());
    feed(&mut client, &second);
    feed(&mut client, &first);
    let e = client.recv(&mut [0; 16], 0).unwrap_err();
    assert_eq!(e.alert(), Some(AlertDescription::BAD_RECORD_MAC));
    assert!(ends_with_alert_record(client.tx_pending()));
    // The server reads the client's alert.
    let alert = client.tx_pending().to_vec();
    feed(&mut server, &alert);
    let e = server.recv(&mut [0; 16], 0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Alert);
    assert_eq!(e.alert(), Some(AlertDescription::BAD_RECORD_MAC));
    assert_eq!(e.name(), "WREN_ERR_PEER_ALERT_BAD_RECORD_MAC");
    assert_eq!(e.number(), 0x0714, "the peer's alert 20");
    assert!(server.tx_pending().is_empty(), "no alert answers an alert");
}

#[test]
fn truncation_is_an_io_error() {
    let (crng, srng, signer) = (rng(35), rng(36), p256_signer());
    let (ccfg, scfg) = (
        client_config(&crng),
        server_config(&srng, P256_CHAIN, &signer),
    );
    let mut b = bufs();
    let (mut client, mut server) = connected(&ccfg, &scfg, &mut b);
    server.send(b"cut short", 0).unwrap();
    let rec = server.tx_pending().to_vec();
    feed(&mut client, &rec[..rec.len() - 3]);
    assert!(client.recv(&mut [0; 16], 0).unwrap_err().is_blocked());
    client.rx_eof();
    let e = client.recv(&mut [0; 16], 0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
}

#[test]
fn stray_ccs_after_the_handshake_is_unexpected() {
    let (crng, srng, signer) = (rng(37), rng(38), p256_signer());
    let (ccfg, scfg) = (
        client_config(&crng),
        server_config(&srng, P256_CHAIN, &signer),
    );
    let mut b = bufs();
    let (mut client, _server) = connected(&ccfg, &scfg, &mut b);
    // A change_cipher_spec after the handshake (RFC 8446 §5).
    feed(&mut client, &[0x14, 0x03, 0x03, 0x00, 0x01, 0x01]);
    let e = client.recv(&mut [0; 16], 0).unwrap_err();
    assert_eq!(e.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn untrusted_server_gets_the_clients_alert() {
    let (crng, srng, signer) = (rng(39), rng(40), p256_signer());
    let ccfg = wren_tls::Config::new(&tls_crypto::RustCrypto, &crng, &[]).with_unix_time(now);
    let scfg = server_config(&srng, P256_CHAIN, &signer);
    let [mut crx, mut ctx, mut srx, mut stx] = bufs();
    let mut client =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
    let mut server = ConnectionCore::new_server(&scfg, &mut srx, &mut stx).unwrap();
    let mut client_err = None;
    let mut server_err = None;
    for _ in 0..100 {
        if let Err(e) = client.negotiate(0) {
            if !e.is_blocked() {
                client_err = Some(e);
            }
        }
        if let Err(e) = server.negotiate(0) {
            if !e.is_blocked() {
                server_err = Some(e);
            }
        }
        if server_err.is_some() {
            break;
        }
        flush_both(&mut client, &mut server, &mut Chunks::Whole);
    }
    let (c, s) = (client_err.unwrap(), server_err.unwrap());
    assert_eq!(c.kind(), ErrorKind::Protocol);
    assert_eq!(s.kind(), ErrorKind::Alert);
    assert_eq!(
        c.alert(),
        s.alert(),
        "the server sees the alert the client sent"
    );
    println!("client: {c} / server: {s}");
}
