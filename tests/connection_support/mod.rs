//! Shared helpers for the connection tests: the test PKI, configs, and an in-memory link
//! between two `ConnectionCore`s with configurable chunking.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    missing_docs,
    reason = "test helpers: a panic is the verdict"
)]

use tls_crypto::{EcdsaP256Signer, Ed25519Signer, RustCrypto, TestRng};
use wren_tls::{
    Blocked, Config, ConnectionCore, Error, ErrorKind, Identity, RefCellRng, SecurityPolicy,
};

macro_rules! td {
    ($f:literal) => {
        include_bytes!(concat!("../../tls-cert/testdata/", $f))
    };
}

pub const ROOT: &[u8] = td!("root-ca.der");
pub const INT: &[u8] = td!("int-ca.der");
pub const LEAF_P256: &[u8] = td!("leaf-p256.der");
pub const LEAF_ED25519: &[u8] = td!("leaf-ed25519.der");
pub const INT_ED25519: &[u8] = td!("int-ed25519-ca.der");
pub const SERVER_NAME: &str = "server.wren.test";
/// 2027-01-15: inside the test certificates' validity.
pub const NOW: u64 = 1_800_000_000;
pub const BUF: usize = wren_tls::sizes::FULL_RECORD_BUFFER;

pub const P256_CHAIN: &[&[u8]] = &[LEAF_P256, INT];
pub const ED25519_CHAIN: &[&[u8]] = &[LEAF_ED25519, INT_ED25519];
pub const ANCHORS: &[&[u8]] = &[ROOT];

pub fn now() -> u64 {
    NOW
}

pub fn p256_signer() -> EcdsaP256Signer {
    EcdsaP256Signer::from_bytes(td!("leaf-p256.key.raw")).unwrap()
}

pub fn ed25519_signer() -> Ed25519Signer {
    Ed25519Signer::from_seed(td!("leaf-ed25519.key.raw"))
}

/// A server policy that only accepts P-256: a client offering an x25519 share first gets a
/// HelloRetryRequest.
pub static P256_ONLY: SecurityPolicy = SecurityPolicy {
    name: "test_p256_only",
    groups: &[tls_codec::enums::NamedGroup::SECP256R1],
    ..SecurityPolicy::DEFAULT_TLS13
};

pub fn rng(seed: u8) -> RefCellRng<TestRng> {
    RefCellRng::new(TestRng::new([seed; 32]))
}

pub fn client_config<'a>(rng: &'a RefCellRng<TestRng>) -> Config<'a, RustCrypto> {
    Config::new(&RustCrypto, rng, ANCHORS).with_unix_time(now)
}

pub fn server_config<'a>(
    rng: &'a RefCellRng<TestRng>,
    chain: &'a [&'a [u8]],
    signer: &'a dyn tls_crypto::Signer,
) -> Config<'a, RustCrypto> {
    Config::new(&RustCrypto, rng, ANCHORS).with_identity(Identity { chain, signer })
}

pub type Core<'c> = ConnectionCore<'c, RustCrypto>;

/// How many bytes each transfer moves.
pub enum Chunks {
    Whole,
    OneByte,
    Random(u64),
}

impl Chunks {
    pub fn next(&mut self, max: usize) -> usize {
        match self {
            Self::Whole => max,
            Self::OneByte => max.min(1),
            Self::Random(state) => {
                // xorshift64
                *state ^= *state << 13;
                *state ^= *state >> 7;
                *state ^= *state << 17;
                let n = (*state % 700) as usize + 1;
                n.min(max)
            }
        }
    }
}

/// Moves up to one chunk from `from`'s pending records into `to`'s receive space.
pub fn transfer(from: &mut Core<'_>, to: &mut Core<'_>, chunks: &mut Chunks) -> usize {
    let pending = from.tx_pending();
    if pending.is_empty() {
        return 0;
    }
    let space = to.rx_space();
    let n = chunks.next(pending.len().min(space.len()));
    if n == 0 {
        return 0;
    }
    space[..n].copy_from_slice(&pending[..n]);
    to.rx_commit(n);
    from.tx_ack(n);
    n
}

/// Moves everything pending both ways (in chunks) until neither side has anything to send.
pub fn flush_both(a: &mut Core<'_>, b: &mut Core<'_>, chunks: &mut Chunks) {
    while transfer(a, b, chunks) + transfer(b, a, chunks) > 0 {}
}

pub fn is_blocked(r: Result<(), Error>) -> bool {
    matches!(r, Err(e) if matches!(e.kind(), ErrorKind::Blocked(_)))
}

/// Runs both handshakes to completion through the link.
pub fn handshake(client: &mut Core<'_>, server: &mut Core<'_>, chunks: &mut Chunks) {
    for _ in 0..1_000_000 {
        let c = client.negotiate(0);
        let s = server.negotiate(0);
        for r in [c, s] {
            if let Err(e) = r {
                assert!(e.is_blocked(), "handshake failed: {e}");
            }
        }
        if c.is_ok() && s.is_ok() {
            return;
        }
        let moved = transfer(client, server, chunks) + transfer(server, client, chunks);
        assert!(
            moved > 0 || c.is_ok() || s.is_ok(),
            "deadlock: client {c:?}, server {s:?}"
        );
    }
    panic!("handshake did not finish");
}

/// Sends all of `data` from `a` and receives it at `b`, moving bytes in chunks.
pub fn send_all(a: &mut Core<'_>, b: &mut Core<'_>, data: &[u8], chunks: &mut Chunks) -> Vec<u8> {
    let mut sent = 0;
    let mut got = Vec::new();
    let mut buf = [0u8; 3000];
    while got.len() < data.len() {
        if sent < data.len() {
            match a.send(&data[sent..], 0) {
                Ok(n) => sent += n,
                Err(e) if e.kind() == ErrorKind::Blocked(Blocked::OnWrite) => {}
                Err(e) => panic!("send: {e}"),
            }
        }
        transfer(a, b, chunks);
        loop {
            match b.recv(&mut buf, 0) {
                Ok(0) => panic!("unexpected close"),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.is_blocked() => break,
                Err(e) => panic!("recv: {e}"),
            }
        }
        // Answers (KeyUpdate) flow back.
        transfer(b, a, chunks);
    }
    got
}

/// A deterministic pattern of `len` bytes.
pub fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}
