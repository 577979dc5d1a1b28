//! RFC 8448 §4 (resumed 0-RTT handshake) end to end through a Wren server connection, byte
//! for byte: the trace's client records go into the server's `rx` in order, and every byte the
//! server writes to `tx` must be the trace's server records. The server resumes by session
//! cache lookup of the §3 ticket (stateful resumption), draws its x25519 key and its random
//! from a scripted RNG (the trace's values, in the order the server draws them), advertises its
//! groups in EncryptedExtensions and answers the client's record_size_limit.
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

use connection_support::{p256_signer, BUF, P256_CHAIN};
use std::cell::RefCell;
use tls_codec::enums::{AlertDescription, CipherSuite, NamedGroup};

use tls_crypto::{Rng, RustCrypto, ScriptedRng, Secret};
use wren_tls::{
    Blocked, Config, ConfigRng, ConnectionCore, EarlyDataStatus, ErrorKind, Identity,
    SecurityPolicy, SingleUseTickets, TicketState,
};

const CLIENT_RECORD: &str = "{client} send handshake record";
const SERVER_RECORD: &str = "{server} send handshake record";
const CLIENT_APP: &str = "{client} send application_data record";
const SERVER_APP: &str = "{server} send application_data record";
const RECORD: &str = "complete record";

/// The trace's groups (§4's EncryptedExtensions lists them); only x25519 is ever chosen, as
/// the client's only share.
static TRACE_POLICY: SecurityPolicy = SecurityPolicy {
    name: "rfc8448",
    cipher_suites: &[
        CipherSuite::TLS_AES_128_GCM_SHA256,
        CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite::TLS_AES_256_GCM_SHA384,
    ],
    groups: &[
        NamedGroup::X25519,
        NamedGroup::SECP256R1,
        NamedGroup::SECP384R1,
        NamedGroup::SECP521R1,
        NamedGroup::FFDHE2048,
        NamedGroup::FFDHE3072,
        NamedGroup::FFDHE4096,
        NamedGroup::FFDHE6144,
        NamedGroup::FFDHE8192,
    ],
    ..SecurityPolicy::DEFAULT_TLS13
};

/// The server's clock during §4 (milliseconds; arbitrary origin).
const NOW_MS: u64 = 1_000_000;

fn v(section: u8, step: &str, field: &str) -> Vec<u8> {
    wren_vectors::get(section, step, field)
}

fn vn(section: u8, step: &str, field: &str, n: usize) -> Vec<u8> {
    wren_vectors::nth(section, step, field, n)
}

/// §3's NewSessionTicket: (lifetime, age_add, ticket, max_early_data).
fn section3_ticket() -> (u32, u32, Vec<u8>, u32) {
    let nst = v(
        3,
        "{server} construct a NewSessionTicket handshake message",
        "NewSessionTicket",
    );
    let body = &nst[4..];
    let lifetime = u32::from_be_bytes(body[0..4].try_into().unwrap());
    let age_add = u32::from_be_bytes(body[4..8].try_into().unwrap());
    let nonce_len = usize::from(body[8]);
    let at = 9 + nonce_len;
    let ticket_len = usize::from(u16::from_be_bytes([body[at], body[at + 1]]));
    let ticket = body[at + 2..at + 2 + ticket_len].to_vec();
    // extensions<0..2^16-1>: exactly one, early_data (0x002a) with a u32.
    let ext = &body[at + 2 + ticket_len..];
    assert_eq!(&ext[..6], &[0x00, 0x08, 0x00, 0x2a, 0x00, 0x04]);
    let max_early = u32::from_be_bytes(ext[6..10].try_into().unwrap());
    (lifetime, age_add, ticket, max_early)
}

/// The client's obfuscated_ticket_age from §4's ClientHello (the 4 bytes before the binders).
fn obfuscated_age(ch: &[u8]) -> u32 {
    let end = ch.len() - 35;
    u32::from_be_bytes(ch[end - 4..end].try_into().unwrap())
}

/// The server's session cache: §3's ticket maps to §3's resumption state.
struct Cache {
    ticket: Vec<u8>,
    state: TicketState,
}

impl wren_tls::SessionLookup for Cache {
    fn lookup(&self, identity: &[u8], _now_ms: u64) -> Option<TicketState> {
        (identity == self.ticket.as_slice()).then(|| self.state.clone())
    }
}

fn cache() -> Cache {
    cache_issued_earlier_by(0)
}

/// The cache entry, issued `extra_ms` before the client's view of the ticket's age says.
fn cache_issued_earlier_by(extra_ms: u64) -> Cache {
    let (lifetime, age_add, ticket, max_early) = section3_ticket();
    assert_eq!((lifetime, max_early), (30, 1024));
    let psk = v(
        3,
        "{server} generate resumption secret \"tls13 resumption\"",
        "expanded",
    );
    // Issued as long before NOW_MS as the client says the ticket is old.
    let ch = vn(4, CLIENT_RECORD, "payload", 0);
    let age_ms = u64::from(obfuscated_age(&ch).wrapping_sub(age_add));
    assert_eq!(age_ms, 6);
    let mut id = [0u8; 16];
    id.copy_from_slice(&ticket[..16]);
    let mut state = TicketState::new(
        CipherSuite::TLS_AES_128_GCM_SHA256,
        Secret::from_slice(&psk).unwrap(),
        id,
        NOW_MS - age_ms - extra_ms,
        lifetime,
        age_add,
    )
    .unwrap();
    state.set_early_data(max_early, &[]).unwrap();
    Cache { ticket, state }
}

/// The server's random draws, in order: its x25519 private key (drawn when it computes its
/// share), then the ServerHello random.
fn script() -> Vec<u8> {
    let sh = v(
        4,
        "{server} construct a ServerHello handshake message",
        "ServerHello",
    );
    let mut s = v(
        4,
        "{server} create an ephemeral x25519 key pair",
        "private key",
    );
    s.extend_from_slice(&sh[6..38]);
    s
}

/// The scripted RNG, shared by the config, that can tell what is left.
struct Script<'a>(RefCell<ScriptedRng<'a>>);

impl ConfigRng for Script<'_> {
    fn fill(&self, dest: &mut [u8]) -> Result<(), tls_crypto::Error> {
        self.0.borrow_mut().fill(dest)
    }
}

impl Script<'_> {
    fn remaining(&self) -> usize {
        self.0.borrow().remaining()
    }
}

fn feed(conn: &mut ConnectionCore<'_, RustCrypto>, bytes: &[u8]) {
    conn.rx_space()[..bytes.len()].copy_from_slice(bytes);
    conn.rx_commit(bytes.len());
}

fn take_tx(conn: &mut ConnectionCore<'_, RustCrypto>) -> Vec<u8> {
    let out = conn.tx_pending().to_vec();
    conn.tx_ack(out.len());
    out
}

fn server_config<'a>(
    rng: &'a Script<'a>,
    signer: &'a dyn tls_crypto::Signer,
    cache: &'a Cache,
    store: &'a SingleUseTickets<4>,
) -> Config<'a, RustCrypto> {
    Config::new(&RustCrypto, rng, &[])
        .with_identity(Identity {
            chain: P256_CHAIN,
            signer,
        })
        .with_policy(&TRACE_POLICY)
        .with_session_lookup(cache)
        .with_supported_groups_in_ee(true)
        .with_early_data(1024, 16_384)
        .with_replay_store(store)
        .with_initial_ticket_count(0)
}

#[test]
fn section4_server_reproduces_the_trace() {
    let script = script();
    let rng = Script(RefCell::new(ScriptedRng::new(&script)));
    let signer = p256_signer();
    let cache = cache();
    let store = SingleUseTickets::<4>::new();
    let config = server_config(&rng, &signer, &cache, &store);
    let (mut rx, mut tx) = (vec![0u8; BUF], vec![0u8; BUF]);
    let mut server = ConnectionCore::new_server(&config, &mut rx, &mut tx).unwrap();

    // ClientHello, then the early data record.
    feed(&mut server, &vn(4, CLIENT_RECORD, RECORD, 0));
    feed(&mut server, &vn(4, CLIENT_APP, RECORD, 0));
    let mut buf = [0u8; 256];
    let n = server.recv_early_data(&mut buf, NOW_MS).unwrap();
    assert_eq!(&buf[..n], vn(4, CLIENT_APP, "payload", 0).as_slice());
    assert_eq!(server.early_data_status(), EarlyDataStatus::Accepted);
    assert!(server.is_resumed());

    // ServerHello, then EncryptedExtensions + Finished in one record.
    let mut expected = vn(4, SERVER_RECORD, RECORD, 0);
    expected.extend_from_slice(&vn(4, SERVER_RECORD, RECORD, 1));
    assert_eq!(hex(&take_tx(&mut server)), hex(&expected));
    assert_eq!(rng.remaining(), 0, "every scripted byte drawn");

    // EndOfEarlyData ends the early data; the client's Finished completes the handshake.
    feed(&mut server, &vn(4, CLIENT_RECORD, RECORD, 1));
    assert_eq!(server.recv_early_data(&mut buf, NOW_MS).unwrap(), 0);
    feed(&mut server, &vn(4, CLIENT_RECORD, RECORD, 2));
    server.negotiate(NOW_MS).unwrap();
    assert!(server.is_handshake_complete());
    assert!(take_tx(&mut server).is_empty(), "no NewSessionTicket in §4");

    // Application data both ways.
    feed(&mut server, &vn(4, CLIENT_APP, RECORD, 1));
    let n = server.recv(&mut buf, NOW_MS).unwrap();
    assert_eq!(&buf[..n], vn(4, CLIENT_APP, "payload", 1).as_slice());
    let reply = vn(4, SERVER_APP, "payload", 0);
    assert_eq!(server.send(&reply, NOW_MS).unwrap(), reply.len());
    assert_eq!(
        hex(&take_tx(&mut server)),
        hex(&vn(4, SERVER_APP, RECORD, 0))
    );

    // The client's close_notify, then ours.
    feed(&mut server, &vn(4, "{client} send alert record", RECORD, 0));
    assert_eq!(server.recv(&mut buf, NOW_MS).unwrap(), 0);
    assert!(server.is_peer_closed());
    // The close_notify is queued; the call waits for the transport to take it.
    let e = server.shutdown_send(NOW_MS).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Blocked(Blocked::OnWrite));
    assert_eq!(
        hex(&take_tx(&mut server)),
        hex(&vn(4, "{server} send alert record", RECORD, 0))
    );
    server.shutdown_send(NOW_MS).unwrap();
    assert!(server.is_send_closed());
    assert!(take_tx(&mut server).is_empty());
}

#[test]
fn section4_stale_ticket_age_resumes_without_early_data() {
    // The server's clock says the ticket is 20 s older than the client says: outside the
    // freshness window (RFC 8446 §8.3), so 0-RTT is rejected, the resumption still happens.
    let script = script();
    let rng = Script(RefCell::new(ScriptedRng::new(&script)));
    let signer = p256_signer();
    let cache = cache_issued_earlier_by(20_000);
    let store = SingleUseTickets::<4>::new();
    let config = server_config(&rng, &signer, &cache, &store);
    let (mut rx, mut tx) = (vec![0u8; BUF], vec![0u8; BUF]);
    let mut server = ConnectionCore::new_server(&config, &mut rx, &mut tx).unwrap();

    feed(&mut server, &vn(4, CLIENT_RECORD, RECORD, 0));
    feed(&mut server, &vn(4, CLIENT_APP, RECORD, 0));
    let mut buf = [0u8; 64];
    assert_eq!(server.recv_early_data(&mut buf, NOW_MS).unwrap(), 0);
    assert_eq!(server.early_data_status(), EarlyDataStatus::Rejected);
    assert!(server.is_resumed());
    // The same ServerHello; the encrypted flight differs (no early_data in
    // EncryptedExtensions).
    let out = take_tx(&mut server);
    let sh = vn(4, SERVER_RECORD, RECORD, 0);
    assert_eq!(hex(&out[..sh.len()]), hex(&sh));
    assert_ne!(&out[sh.len()..], vn(4, SERVER_RECORD, RECORD, 1).as_slice());
}

#[test]
fn section4_flipped_binder_is_decrypt_error() {
    let script = script();
    let rng = Script(RefCell::new(ScriptedRng::new(&script)));
    let signer = p256_signer();
    let cache = cache();
    let store = SingleUseTickets::<4>::new();
    let config = server_config(&rng, &signer, &cache, &store);
    let (mut rx, mut tx) = (vec![0u8; BUF], vec![0u8; BUF]);
    let mut server = ConnectionCore::new_server(&config, &mut rx, &mut tx).unwrap();

    let mut ch = vn(4, CLIENT_RECORD, RECORD, 0);
    *ch.last_mut().unwrap() ^= 0x01;
    feed(&mut server, &ch);
    let mut buf = [0u8; 64];
    let e = server.recv_early_data(&mut buf, NOW_MS).unwrap_err();
    assert_eq!(e.alert(), Some(AlertDescription::DECRYPT_ERROR));
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
