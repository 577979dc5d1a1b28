//! RFC 8448 §3–§7, byte for byte: every secret, key, IV, Finished, binder and HKDF `info` the
//! traces list, computed from the trace's inputs only (private keys, handshake messages, the
//! PSK), with every transcript hash computed from the messages. Each protected record of the
//! traces is also opened with the derived keys.
#![allow(missing_docs, clippy::arithmetic_side_effects)]

mod common;

use common::*;
use tls_crypto::Group;
use tls_handshake::{EarlySecret, Error, PskKind, Transcript, TranscriptStart};

const EE: (&str, &str) = (
    "{server} construct an EncryptedExtensions handshake message",
    "EncryptedExtensions",
);
const CERT: (&str, &str) = (
    "{server} construct a Certificate handshake message",
    "Certificate",
);
const CV: (&str, &str) = (
    "{server} construct a CertificateVerify handshake message",
    "CertificateVerify",
);
const CR: (&str, &str) = (
    "{server} construct a CertificateRequest handshake message",
    "CertificateRequest",
);
const CLIENT_CERT: (&str, &str) = (
    "{client} construct a Certificate handshake message",
    "Certificate",
);
const CLIENT_CV: (&str, &str) = (
    "{client} construct a CertificateVerify handshake message",
    "CertificateVerify",
);
const EOED: (&str, &str) = (
    "{client} construct an EndOfEarlyData handshake message",
    "EndOfEarlyData",
);
const CH: &str = "{client} construct a ClientHello handshake message";
const SH: &str = "{server} construct a ServerHello handshake message";
const CLIENT_RECORD: &str = "{client} send handshake record";
const SERVER_RECORD: &str = "{server} send handshake record";
const X25519: &str = "create an ephemeral x25519 key pair";
const SERVER_READ_HS: &str = "{server} derive read traffic keys for handshake data";

#[test]
fn section3_simple_1rtt() {
    let s = 3;
    let ch = v(s, CH, "ClientHello");
    check_plain_record(s, CLIENT_RECORD, 0, &ch);
    let sh = v(s, SH, "ServerHello");
    check_plain_record(s, SERVER_RECORD, 0, &sh);
    let ecdhe = shared_secret(s, Group::X25519, X25519, 0);

    // The client hashes its ClientHello before it knows the suite.
    let mut start = TranscriptStart::new(P).unwrap();
    start.update(&ch);
    let t = start.into_transcript(HASH).unwrap();

    let done = full_handshake(
        s,
        early_without_psk(s),
        t,
        &sh,
        &ecdhe,
        &Flights {
            server: &[EE, CERT, CV],
            server_record: 1,
            client: &[],
            client_in_finished_record: false,
            client_record: 1,
            client_hs_keys_step: SERVER_READ_HS,
        },
    );

    // NewSessionTicket, the first record under the server's application keys, and the PSK
    // for its nonce (RFC 8446 §4.6.1).
    let nst = v(
        s,
        "{server} construct a NewSessionTicket handshake message",
        "NewSessionTicket",
    );
    check_n(s, SERVER_RECORD, "payload", 2, &nst);
    check_record(s, SERVER_RECORD, 2, &done.server_ap_keys, 0, HANDSHAKE);
    // ticket_lifetime (4), ticket_age_add (4), then ticket_nonce<0..255> (RFC 8446 §4.6.1).
    let nonce = &nst[13..13 + usize::from(nst[12])];
    let psk = done.resumption.resumption_psk(P, nonce).unwrap();
    let step = "{server} generate resumption secret \"tls13 resumption\"";
    check(s, step, "PRK", done.resumption.secret().as_bytes());
    check(s, step, "hash", nonce);
    check(s, step, "info", &info(b"resumption", nonce, 32));
    check(s, step, "expanded", psk.as_bytes());
    // This PSK is the one §4 resumes with.
    check(
        4,
        "{client} extract secret \"early\"",
        "IKM",
        psk.as_bytes(),
    );

    check_record(
        s,
        "{client} send application_data record",
        0,
        &done.client_ap_keys,
        0,
        APPLICATION_DATA,
    );
    check_record(
        s,
        "{server} send application_data record",
        0,
        &done.server_ap_keys,
        1,
        APPLICATION_DATA,
    );
    check_record(
        s,
        "{client} send alert record",
        0,
        &done.client_ap_keys,
        1,
        ALERT,
    );
    check_record(
        s,
        "{server} send alert record",
        0,
        &done.server_ap_keys,
        2,
        ALERT,
    );
}

#[test]
fn section4_resumed_0rtt() {
    let s = 4;
    let psk = v(s, "{client} extract secret \"early\"", "IKM");
    let early = EarlySecret::new(P, HASH, Some(&psk)).unwrap();
    check(
        s,
        "{client} extract secret \"early\"",
        "secret",
        early.secret().as_bytes(),
    );

    // The binder (RFC 8446 §4.2.11.2) over the ClientHello truncated before its binders list
    // (2-byte list length, 1-byte binder length, 32-byte binder).
    let ch = vn(s, CLIENT_RECORD, "payload", 0);
    check_plain_record(s, CLIENT_RECORD, 0, &ch);
    let (truncated, binders) = ch.split_at(ch.len() - 35);
    check(s, CH, "ClientHello", truncated);
    let step = "{client} calculate PSK binder";
    check(s, step, "ClientHello prefix", truncated);
    let binder_hash = transcript().hash_with(truncated);
    check(s, step, "binder hash", binder_hash.as_bytes());
    let binder_key = early.binder_key(PskKind::Resumption).unwrap();
    let finished_key = binder_key.finished_key(P).unwrap();
    let binder = binder_key.binder(P, &binder_hash).unwrap();
    check(s, step, "PRK", binder_key.secret().as_bytes());
    check(s, step, "hash", b"");
    check(s, step, "info", &info(b"finished", b"", 32));
    check(s, step, "expanded", finished_key.secret().as_bytes());
    check(s, step, "finished", binder.as_bytes());
    assert_eq!(&binders[..3], &[0x00, 0x21, 0x20]);
    assert_eq!(&binders[3..], binder.as_bytes());
    // The server's check: the binder on the wire verifies; a changed byte, or the binder key of
    // the other PSK kind, does not.
    let _proof = binder_key
        .verify_binder(P, &binder_hash, &binders[3..])
        .unwrap();
    for i in 0..32 {
        let mut bad = binders[3..].to_vec();
        bad[i] ^= 0x80;
        assert_eq!(
            binder_key.verify_binder(P, &binder_hash, &bad).unwrap_err(),
            Error::BadBinder
        );
    }
    let external = early.binder_key(PskKind::External).unwrap();
    assert_eq!(
        external
            .verify_binder(P, &binder_hash, &binders[3..])
            .unwrap_err(),
        Error::BadBinder
    );

    // 0-RTT secrets over the whole ClientHello.
    let mut t = transcript();
    t.update(&ch);
    let th_ch = t.current_hash();
    let c_e = early.client_early_traffic_secret(&th_ch).unwrap();
    let e_exp = early.early_exporter_master_secret(&th_ch).unwrap();
    let step = "{client} derive secret \"tls13 c e traffic\"";
    check_derive(
        s,
        step,
        0,
        early.secret(),
        &th_ch,
        b"c e traffic",
        c_e.secret(),
    );
    let step = "{client} derive secret \"tls13 e exp master\"";
    check_derive(
        s,
        step,
        0,
        early.secret(),
        &th_ch,
        b"e exp master",
        e_exp.secret(),
    );
    let early_keys = check_keys(
        s,
        "{client} derive write traffic keys for early application data",
        &c_e,
    );
    check_record(
        s,
        "{client} send application_data record",
        0,
        &early_keys,
        0,
        APPLICATION_DATA,
    );
    // EndOfEarlyData goes under the early keys too (RFC 8446 §4.5).
    check_n(s, CLIENT_RECORD, "payload", 1, &v(s, EOED.0, EOED.1));
    check_record(s, CLIENT_RECORD, 1, &early_keys, 1, HANDSHAKE);

    let sh = v(s, SH, "ServerHello");
    check_plain_record(s, SERVER_RECORD, 0, &sh);
    let ecdhe = shared_secret(s, Group::X25519, X25519, 0);
    let done = full_handshake(
        s,
        early,
        t,
        &sh,
        &ecdhe,
        &Flights {
            server: &[EE],
            server_record: 1,
            client: &[EOED],
            client_in_finished_record: false,
            client_record: 2,
            client_hs_keys_step: "{client} derive write traffic keys for handshake data",
        },
    );
    check_record(
        s,
        "{client} send application_data record",
        1,
        &done.client_ap_keys,
        0,
        APPLICATION_DATA,
    );
    check_record(
        s,
        "{server} send application_data record",
        0,
        &done.server_ap_keys,
        0,
        APPLICATION_DATA,
    );
    check_record(
        s,
        "{client} send alert record",
        0,
        &done.client_ap_keys,
        1,
        ALERT,
    );
    check_record(
        s,
        "{server} send alert record",
        0,
        &done.server_ap_keys,
        1,
        ALERT,
    );
}

#[test]
fn section5_hello_retry_request() {
    let s = 5;
    let ch1 = vn(s, CH, "ClientHello", 0);
    let hrr = vn(s, SH, "ServerHello", 0);
    let ch2 = vn(s, CH, "ClientHello", 1);
    let sh = vn(s, SH, "ServerHello", 1);
    check_plain_record(s, CLIENT_RECORD, 0, &ch1);
    check_plain_record(s, SERVER_RECORD, 0, &hrr);
    check_plain_record(s, CLIENT_RECORD, 1, &ch2);
    check_plain_record(s, SERVER_RECORD, 1, &sh);

    // ClientHello1's x25519 share, which the server declines.
    let c_priv = vn(s, &format!("{{client}} {X25519}"), "private key", 0);
    let kx = tls_crypto::CryptoProvider::key_exchange(
        P,
        Group::X25519,
        &mut tls_crypto::ScriptedRng::new(&c_priv),
    )
    .unwrap();
    check(
        s,
        &format!("{{client}} {X25519}"),
        "public key",
        tls_crypto::KeyExchange::public_key(&kx),
    );

    // The client's transcript: ClientHello1 hashed before the suite was known, then replaced
    // by message_hash (RFC 8446 §4.4.1) once the HelloRetryRequest named it.
    let mut start = TranscriptStart::new(P).unwrap();
    start.update(&ch1);
    let mut t = start.into_transcript(HASH).unwrap();
    t.replace_with_message_hash(P).unwrap();
    // The substitution, spelled out: message_hash(254), a 24-bit length, Hash(ClientHello1).
    let synthetic = [&[254, 0, 0, 32][..], sha256(&ch1).as_bytes()].concat();
    assert_eq!(t.current_hash(), sha256(&synthetic));
    // A stateless server rebuilds the same transcript from the hash alone.
    let t_server = Transcript::from_message_hash(P, HASH, &sha256(&ch1)).unwrap();
    assert_eq!(t_server.current_hash(), t.current_hash());
    t.update(&hrr);
    t.update(&ch2);
    // Without the substitution the trace's hashes would not come out.
    let mut naive = transcript();
    for m in [&ch1, &hrr, &ch2, &sh] {
        naive.update(m);
    }
    assert_ne!(
        naive.current_hash().as_bytes(),
        &v(s, "{server} derive secret \"tls13 c hs traffic\"", "hash")[..]
    );

    let ecdhe = shared_secret(s, Group::Secp256r1, "create an ephemeral P-256 key pair", 0);
    let done = full_handshake(
        s,
        early_without_psk(s),
        t,
        &sh,
        &ecdhe,
        &Flights {
            server: &[EE, CERT, CV],
            server_record: 2,
            client: &[],
            client_in_finished_record: false,
            client_record: 2,
            client_hs_keys_step: SERVER_READ_HS,
        },
    );
    check_record(
        s,
        "{client} send alert record",
        0,
        &done.client_ap_keys,
        0,
        ALERT,
    );
    check_record(
        s,
        "{server} send alert record",
        0,
        &done.server_ap_keys,
        0,
        ALERT,
    );
}

#[test]
fn section6_client_authentication() {
    let s = 6;
    let ch = v(s, CH, "ClientHello");
    check_plain_record(s, CLIENT_RECORD, 0, &ch);
    let sh = v(s, SH, "ServerHello");
    check_plain_record(s, SERVER_RECORD, 0, &sh);
    let ecdhe = shared_secret(s, Group::X25519, X25519, 0);
    let mut t = transcript();
    t.update(&ch);
    let done = full_handshake(
        s,
        early_without_psk(s),
        t,
        &sh,
        &ecdhe,
        &Flights {
            server: &[EE, CR, CERT, CV],
            server_record: 1,
            client: &[CLIENT_CERT, CLIENT_CV],
            client_in_finished_record: true,
            client_record: 1,
            client_hs_keys_step: SERVER_READ_HS,
        },
    );
    check_record(
        s,
        "{client} send alert record",
        0,
        &done.client_ap_keys,
        0,
        ALERT,
    );
    check_record(
        s,
        "{server} send alert record",
        0,
        &done.server_ap_keys,
        0,
        ALERT,
    );
}

#[test]
fn section7_compatibility_mode() {
    let s = 7;
    let ch = v(s, CH, "ClientHello");
    check_plain_record(s, CLIENT_RECORD, 0, &ch);
    let sh = v(s, SH, "ServerHello");
    check_plain_record(s, SERVER_RECORD, 0, &sh);
    // change_cipher_spec records are not handshake messages: not in the transcript.
    for side in ["{server}", "{client}"] {
        let step = format!("{side} send change_cipher_spec record");
        check(s, &step, "payload", &[1]);
        check(s, &step, "complete record", &[20, 3, 3, 0, 1, 1]);
    }
    let ecdhe = shared_secret(s, Group::X25519, X25519, 0);
    let mut t = transcript();
    t.update(&ch);
    let done = full_handshake(
        s,
        early_without_psk(s),
        t,
        &sh,
        &ecdhe,
        &Flights {
            server: &[EE, CERT, CV],
            server_record: 1,
            client: &[],
            client_in_finished_record: false,
            client_record: 1,
            client_hs_keys_step: SERVER_READ_HS,
        },
    );
    check_record(
        s,
        "{client} send alert record",
        0,
        &done.client_ap_keys,
        0,
        ALERT,
    );
    check_record(
        s,
        "{server} send alert record",
        0,
        &done.server_ap_keys,
        0,
        ALERT,
    );
}

/// Every value the traces list for §3–§7 has been read by a check above.
#[test]
fn every_trace_value_is_checked() {
    section3_simple_1rtt();
    section4_resumed_0rtt();
    section5_hello_retry_request();
    section6_client_authentication();
    section7_compatibility_mode();
    let unread = unread(3..=7);
    assert!(
        unread.is_empty(),
        "unchecked trace values:\n{}",
        unread.join("\n")
    );
}
