//! Wren client ↔ Wren server through `ConnectionCore`, in memory, with whole, one-byte and
//! seeded random chunking: handshake, data both ways, fragmentation, KeyUpdate, half-close,
//! shutdown, usage errors and sizes.
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
use wren_tls::error::Code;
use wren_tls::{Blocked, ConnectionCore, ErrorKind, Role};

fn exchange(chunks: &mut Chunks) {
    let (crng, srng) = (rng(1), rng(2));
    let signer = p256_signer();
    let (ccfg, scfg) = (
        client_config(&crng),
        server_config(&srng, P256_CHAIN, &signer),
    );
    let (mut crx, mut ctx, mut srx, mut stx) =
        (vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]);
    let mut client =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
    let mut server = ConnectionCore::new_server(&scfg, &mut srx, &mut stx).unwrap();
    assert_eq!(client.role(), Role::Client);
    handshake(&mut client, &mut server, chunks);
    assert!(client.is_handshake_complete() && server.is_handshake_complete());
    assert!(client.info().suite.is_some());

    let small = b"GET / HTTP/1.0\r\n\r\n";
    assert_eq!(send_all(&mut client, &mut server, small, chunks), small);
    let big = pattern(40_000, 7); // > 2 records of 2^14
    assert_eq!(send_all(&mut server, &mut client, &big, chunks), big);
    assert_eq!(send_all(&mut client, &mut server, &big, chunks), big);

    // KeyUpdate both ways, the peer asked to answer.
    client.key_update(true).unwrap();
    assert_eq!(
        send_all(&mut client, &mut server, b"after client update", chunks),
        b"after client update"
    );
    assert_eq!(server.peer_key_updates(), 1);
    assert_eq!(
        send_all(&mut server, &mut client, b"server answers", chunks),
        b"server answers"
    );
    assert_eq!(
        client.peer_key_updates(),
        1,
        "the server answered update_requested"
    );
    server.key_update(false).unwrap();
    assert_eq!(
        send_all(&mut server, &mut client, b"after server update", chunks),
        b"after server update"
    );
    assert_eq!(client.peer_key_updates(), 2);

    // Half-close from the client: the server reads end-of-data and can still send.
    assert!(is_blocked(client.shutdown_send(0)));
    flush_both(&mut client, &mut server, chunks);
    client.shutdown_send(0).unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(server.recv(&mut buf, 0).unwrap(), 0);
    assert_eq!(
        server.recv(&mut buf, 0).unwrap(),
        0,
        "end-of-data is repeatable"
    );
    assert_eq!(
        client.send(b"x", 0).unwrap_err().code(),
        Code::AfterShutdown
    );
    assert_eq!(send_all(&mut server, &mut client, &big, chunks), big);

    // Full shutdown from the server: close_notify both ways.
    let r = server.shutdown(0);
    assert!(is_blocked(r), "{r:?}");
    flush_both(&mut client, &mut server, chunks);
    assert_eq!(client.recv(&mut buf, 0).unwrap(), 0);
    server.shutdown(0).unwrap();
    assert_eq!(
        server.recv(&mut buf, 0).unwrap_err().code(),
        Code::AfterShutdown
    );
}

#[test]
fn whole_chunks() {
    exchange(&mut Chunks::Whole);
}

#[test]
fn one_byte_chunks() {
    exchange(&mut Chunks::OneByte);
}

#[test]
fn random_chunks() {
    for seed in [1u64, 0x9e37_79b9_7f4a_7c15, 12345, 777] {
        exchange(&mut Chunks::Random(seed));
    }
}

#[test]
fn hello_retry_and_ed25519() {
    let (crng, srng) = (rng(3), rng(4));
    let signer = ed25519_signer();
    let ccfg = client_config(&crng);
    let scfg = server_config(&srng, ED25519_CHAIN, &signer).with_policy(&P256_ONLY);
    let (mut crx, mut ctx, mut srx, mut stx) =
        (vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]);
    let mut client =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
    let mut server = ConnectionCore::new_server(&scfg, &mut srx, &mut stx).unwrap();
    handshake(&mut client, &mut server, &mut Chunks::Random(99));
    assert!(client.info().hello_retry);
    let data = pattern(20_000, 1);
    assert_eq!(
        send_all(&mut client, &mut server, &data, &mut Chunks::OneByte),
        data
    );
}

#[test]
fn vectored_send_with_offset() {
    let (crng, srng) = (rng(5), rng(6));
    let signer = p256_signer();
    let (ccfg, scfg) = (
        client_config(&crng),
        server_config(&srng, P256_CHAIN, &signer),
    );
    let (mut crx, mut ctx, mut srx, mut stx) =
        (vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]);
    let mut client =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
    let mut server = ConnectionCore::new_server(&scfg, &mut srx, &mut stx).unwrap();
    handshake(&mut client, &mut server, &mut Chunks::Whole);
    let parts: [&[u8]; 3] = [b"hello ", &pattern(30_000, 3), b" world"];
    let expected: Vec<u8> = parts.concat();
    let mut offset = 0;
    let mut got = Vec::new();
    let mut buf = vec![0u8; 20_000];
    while got.len() < expected.len() {
        if offset < expected.len() {
            match client.send_vectored_with_offset(&parts, offset, 0) {
                Ok(n) => offset += n,
                Err(e) => assert_eq!(e.kind(), ErrorKind::Blocked(Blocked::OnWrite)),
            }
        }
        flush_both(&mut client, &mut server, &mut Chunks::Whole);
        while let Ok(n) = server.recv(&mut buf, 0) {
            got.extend_from_slice(&buf[..n]);
        }
    }
    assert_eq!(got, expected);
}

#[test]
fn recv_one_record_per_call_and_peek() {
    let (crng, srng) = (rng(7), rng(8));
    let signer = p256_signer();
    let (ccfg, scfg) = (
        client_config(&crng),
        server_config(&srng, P256_CHAIN, &signer),
    );
    let (mut crx, mut ctx, mut srx, mut stx) =
        (vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]);
    let mut client =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
    let mut server = ConnectionCore::new_server(&scfg, &mut srx, &mut stx).unwrap();
    handshake(&mut client, &mut server, &mut Chunks::Whole);
    assert_eq!(client.send(b"first", 0).unwrap(), 5);
    assert_eq!(client.send(b"second", 0).unwrap(), 6);
    flush_both(&mut client, &mut server, &mut Chunks::Whole);
    let mut buf = [0u8; 100];
    assert_eq!(server.peek(), 0);
    assert_eq!(server.recv(&mut buf[..3], 0).unwrap(), 3);
    assert_eq!(server.peek(), 2);
    assert_eq!(
        server.recv(&mut buf, 0).unwrap(),
        2,
        "the rest of the first record only"
    );
    assert_eq!(server.recv(&mut buf, 0).unwrap(), 6);
    assert!(server.recv(&mut buf, 0).unwrap_err().is_blocked());
}

#[test]
fn usage_errors() {
    let (crng, srng) = (rng(9), rng(10));
    let signer = p256_signer();
    let (ccfg, scfg) = (
        client_config(&crng),
        server_config(&srng, P256_CHAIN, &signer),
    );
    let (mut crx, mut ctx, mut srx, mut stx) =
        (vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]);
    let mut client =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
    let mut server = ConnectionCore::new_server(&scfg, &mut srx, &mut stx).unwrap();
    let mut buf = [0u8; 16];
    for e in [
        client.send(b"early", 0).unwrap_err(),
        client.recv(&mut buf, 0).unwrap_err(),
        client.key_update(false).unwrap_err(),
    ] {
        assert_eq!(e.kind(), ErrorKind::Usage);
        assert_eq!(e.name(), "WREN_ERR_NOT_NEGOTIATED");
        assert!(e.alert().is_none());
    }
    assert!(client.error().is_none(), "usage errors are not fatal");
    handshake(&mut client, &mut server, &mut Chunks::Whole);
    // Too-small buffers are refused.
    let (mut a, mut b) = (vec![0; 100], vec![0; 100]);
    let e = ConnectionCore::new_client(&ccfg, None, &mut a, &mut b).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Usage);
    // Acknowledging bytes that were never lent ends the connection.
    client.tx_ack(5);
    assert_eq!(client.send(b"x", 0).unwrap_err().name(), "WREN_ERR_BAD_ACK");
}

#[test]
fn sizes() {
    use core::mem::size_of;
    type Conn<'c> = wren_tls::Connection<'c, tls_crypto::RustCrypto, BUF, BUF>;
    let core = size_of::<ConnectionCore<'_, tls_crypto::RustCrypto>>();
    let conn = size_of::<Conn<'_>>();
    let config = size_of::<wren_tls::Config<'_, tls_crypto::RustCrypto>>();
    let err = size_of::<wren_tls::Error>();
    println!("size_of ConnectionCore = {core}, Connection<{BUF}, {BUF}> = {conn}, Config = {config}, Error = {err}");
    assert!(err <= 12, "Error stays small: {err}");
    assert!(conn >= 2 * BUF && conn - 2 * BUF <= core);
}
