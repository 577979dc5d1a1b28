//! Replays the RFC 8448 §3 handshake (simple 1-RTT, x25519, TLS_AES_128_GCM_SHA256) through
//! Wren's layers, from the client's point of view, checking every byte against the RFC.
//!
//! Run with `cargo xtask demo` (or `cargo run --release --example rfc8448_demo`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "a demonstration: any mismatch should stop it loudly"
)]

use std::process::ExitCode;

use tls_codec::enums::{ContentType, NamedGroup};
use tls_codec::handshake::split;
use tls_codec::{Codec, HandshakeMessage};
use tls_crypto::{CryptoProvider, Group, KeyExchange, RustCrypto, ScriptedRng};
use tls_handshake::{EarlySecret, Suite, Transcript};
use tls_record::{RecordOpener, RecordSealer, CONTENT_OFFSET};
use wren_vectors::{get, nth};

const S: u8 = 3;

struct Checker {
    checks: usize,
}

impl Checker {
    fn same(&mut self, what: &str, ours: &[u8], rfc: &[u8]) {
        if ours != rfc {
            eprintln!(
                "MISMATCH in {what}:\n  ours {}\n  rfc  {}",
                hex::encode(ours),
                hex::encode(rfc)
            );
            std::process::exit(1);
        }
        self.checks += 1;
        println!(
            "  ok  {what:<52} {} bytes, {}…",
            rfc.len(),
            &hex::encode(rfc)[..16.min(rfc.len() * 2)]
        );
    }
}

fn main() -> ExitCode {
    let p = &RustCrypto;
    let mut c = Checker { checks: 0 };
    println!("Wren replays RFC 8448 §3 (simple 1-RTT handshake) as the client.\n");

    // 1. Our key share, from the trace's private key (a scripted RNG stands in for the real one).
    println!("[1] client key share");
    let client_private = get(
        S,
        "{client} create an ephemeral x25519 key pair",
        "private key",
    );
    let mut rng = ScriptedRng::new(&client_private);
    let kx = p.key_exchange(Group::X25519, &mut rng).unwrap();
    c.same(
        "x25519 public key",
        kx.public_key(),
        &get(
            S,
            "{client} create an ephemeral x25519 key pair",
            "public key",
        ),
    );

    // 2. ClientHello and ServerHello: parse, re-encode, read the negotiated parameters.
    println!("[2] hellos (tls-codec: zero-copy parse, byte-exact re-encode)");
    let ch_bytes = get(
        S,
        "{client} construct a ClientHello handshake message",
        "ClientHello",
    );
    let sh_bytes = get(
        S,
        "{server} construct a ServerHello handshake message",
        "ServerHello",
    );
    let HandshakeMessage::ClientHello(ch) = HandshakeMessage::parse_exact(&ch_bytes).unwrap()
    else {
        panic!("not a ClientHello")
    };
    let suites: Vec<String> = ch.cipher_suites.iter().map(|s| format!("{s:?}")).collect();
    println!("      ClientHello offers {}", suites.join(", "));
    let HandshakeMessage::ServerHello(sh) = HandshakeMessage::parse_exact(&sh_bytes).unwrap()
    else {
        panic!("not a ServerHello")
    };
    let mut out = vec![0u8; sh_bytes.len()];
    let mut w = tls_codec::Writer::new(&mut out);
    HandshakeMessage::ServerHello(sh).encode(&mut w).unwrap();
    c.same("ServerHello re-encoded", w.written(), &sh_bytes);
    let suite = Suite::lookup(sh.cipher_suite).unwrap();
    let share = sh.extensions.key_share.unwrap();
    assert_eq!(share.group, NamedGroup::X25519);
    println!(
        "      server chose {:?} with an {:?} share",
        sh.cipher_suite, share.group
    );

    // 3. ECDHE and the handshake secrets.
    println!("[3] key schedule (tls-handshake typestates)");
    let shared = kx.complete(share.key_exchange).unwrap();
    c.same(
        "ECDHE shared secret",
        shared.as_bytes(),
        &get(S, "{server} extract secret \"handshake\"", "IKM"),
    );
    let mut transcript = Transcript::new(p, suite.hash).unwrap();
    transcript.update(&ch_bytes);
    transcript.update(&sh_bytes);
    let hs = EarlySecret::new(p, suite.hash, None)
        .unwrap()
        .into_handshake(Some(&shared))
        .unwrap();
    let hello_hash = transcript.current_hash();
    let server_hs = hs.server_handshake_traffic_secret(&hello_hash).unwrap();
    let client_hs = hs.client_handshake_traffic_secret(&hello_hash).unwrap();
    c.same(
        "server handshake traffic secret",
        server_hs.secret().as_bytes(),
        &get(
            S,
            "{server} derive secret \"tls13 s hs traffic\"",
            "expanded",
        ),
    );
    c.same(
        "client handshake traffic secret",
        client_hs.secret().as_bytes(),
        &get(
            S,
            "{server} derive secret \"tls13 c hs traffic\"",
            "expanded",
        ),
    );

    // 4. Open the server's encrypted flight.
    println!("[4] server flight (tls-record: open in place)");
    let keys = server_hs.traffic_keys(p, suite.aead).unwrap();
    let mut opener = RecordOpener::from_key(p, suite.aead, keys.key(), keys.iv()).unwrap();
    let mut record = nth(S, "{server} send handshake record", "complete record", 1);
    let opened = opener.open(&mut record).unwrap();
    assert_eq!(opened.content_type, ContentType::HANDSHAKE);
    let flight = opened.content(&record).to_vec();
    c.same(
        "decrypted flight",
        &flight,
        &nth(S, "{server} send handshake record", "payload", 1),
    );
    let mut server_finished_ok = false;
    for raw in split(&flight) {
        let raw = raw.unwrap();
        let msg = HandshakeMessage::from_raw(raw).unwrap();
        println!("      {:?} ({} bytes)", msg.typ(), raw.bytes.len());
        if let HandshakeMessage::Finished(fin) = &msg {
            // 5. The server's Finished, checked in constant time.
            let _proof = server_hs
                .finished_key(p)
                .unwrap()
                .verify_finished(p, &transcript.current_hash(), fin.verify_data)
                .unwrap();
            server_finished_ok = true;
            println!("  ok  server Finished verified (constant time)");
            c.checks += 1;
        }
        transcript.update(raw.bytes);
    }
    assert!(server_finished_ok);

    // 6. Our Finished, sealed under the client handshake key.
    println!("[5] client Finished (tls-record: seal in place)");
    let verify = client_hs
        .finished_key(p)
        .unwrap()
        .verify_data(p, &transcript.current_hash())
        .unwrap();
    let mut fin = vec![20u8, 0, 0, 32];
    fin.extend_from_slice(verify.as_bytes());
    c.same(
        "client Finished",
        &fin,
        &get(
            S,
            "{client} construct a Finished handshake message",
            "Finished",
        ),
    );
    let keys = client_hs.traffic_keys(p, suite.aead).unwrap();
    let mut sealer = RecordSealer::from_key(p, suite.aead, keys.key(), keys.iv()).unwrap();
    let mut buf = vec![0u8; tls_record::sealed_record_len(fin.len(), 0)];
    buf[CONTENT_OFFSET..][..fin.len()].copy_from_slice(&fin);
    let n = sealer
        .seal(ContentType::HANDSHAKE, &mut buf, fin.len())
        .unwrap();
    c.same(
        "client Finished record",
        &buf[..n],
        &nth(S, "{client} send handshake record", "complete record", 1),
    );

    // 7. Application traffic both ways.
    println!("[6] application data");
    let master = hs.into_master().unwrap();
    let client_ap = master
        .client_application_traffic_secret_0(&transcript.current_hash())
        .unwrap();
    let server_ap = master
        .server_application_traffic_secret_0(&transcript.current_hash())
        .unwrap();
    let ck = client_ap.traffic_keys(p, suite.aead).unwrap();
    let sk = server_ap.traffic_keys(p, suite.aead).unwrap();
    let mut sealer = RecordSealer::from_key(p, suite.aead, ck.key(), ck.iv()).unwrap();
    let mut opener = RecordOpener::from_key(p, suite.aead, sk.key(), sk.iv()).unwrap();
    let mut ticket = nth(S, "{server} send handshake record", "complete record", 2);
    let opened = opener.open(&mut ticket).unwrap();
    let nst = HandshakeMessage::parse_exact(opened.content(&ticket)).unwrap();
    println!("      server sent {:?}", nst.typ());
    let data = get(S, "{client} send application_data record", "payload");
    let mut buf = vec![0u8; tls_record::sealed_record_len(data.len(), 0)];
    buf[CONTENT_OFFSET..][..data.len()].copy_from_slice(&data);
    let n = sealer
        .seal(ContentType::APPLICATION_DATA, &mut buf, data.len())
        .unwrap();
    c.same(
        "client application data record",
        &buf[..n],
        &get(
            S,
            "{client} send application_data record",
            "complete record",
        ),
    );
    let mut reply = get(
        S,
        "{server} send application_data record",
        "complete record",
    );
    let opened = opener.open(&mut reply).unwrap();
    c.same(
        "server application data",
        opened.content(&reply),
        &get(S, "{server} send application_data record", "payload"),
    );

    println!(
        "\nAll {} checks match RFC 8448 byte for byte: the same layers that ran the live handshakes.",
        c.checks
    );
    ExitCode::SUCCESS
}
