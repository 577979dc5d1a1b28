//! A client whose provider has no SHA-384 (tls-crypto without its `sha384` feature, as the
//! ChaCha20-only firmware builds it): it hashes its ClientHello with SHA-256 only, refuses a
//! ServerHello choosing TLS_AES_256_GCM_SHA384, and completes a SHA-256 handshake.
//!
//! `NoSha384` answers as RustCrypto built with `chacha20`, `x25519`, `p256-verify` and `sha2`
//! but not `sha384` does (`tls-crypto/tests/features.rs` checks that build itself): SHA-384,
//! AES-GCM and the SHA-384 signature algorithms are `Unsupported`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "tests: a panic is the verdict"
)]

mod harness;

use harness::pki;
use harness::{Recorder, Side, P};
use tls_codec::enums::CipherSuite;
use tls_crypto::{
    AeadAlgorithm, CryptoProvider, Group, HashAlgorithm, RcAead, RcKeyExchange, RustCrypto,
    Sha2Hash, SignatureAlgorithm, TestRng,
};
use tls_handshake::{
    ClientHandshake, Config, Error, SecurityPolicy, ServerHandshake, Suite, TranscriptStart,
};

const NAME: &str = "server.wren.test";
const ANCHORS: &[&[u8]] = &[pki::ROOT];

struct NoSha384;

impl CryptoProvider for NoSha384 {
    type Hash = Sha2Hash;
    type Aead = RcAead;
    type KeyExchange = RcKeyExchange;

    fn hash(&self, alg: HashAlgorithm) -> tls_crypto::Result<Sha2Hash> {
        match alg {
            HashAlgorithm::Sha384 => Err(tls_crypto::Error::Unsupported),
            HashAlgorithm::Sha256 => RustCrypto.hash(alg),
        }
    }

    fn aead(&self, alg: AeadAlgorithm, key: &[u8]) -> tls_crypto::Result<RcAead> {
        match alg {
            AeadAlgorithm::ChaCha20Poly1305 => RustCrypto.aead(alg, key),
            _ => Err(tls_crypto::Error::Unsupported),
        }
    }

    fn key_exchange(
        &self,
        group: Group,
        rng: &mut dyn tls_crypto::Rng,
    ) -> tls_crypto::Result<RcKeyExchange> {
        RustCrypto.key_exchange(group, rng)
    }

    fn verify(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> tls_crypto::Result<()> {
        match alg {
            SignatureAlgorithm::EcdsaP256Sha256 => {
                RustCrypto.verify(alg, public_key, message, signature)
            }
            _ => Err(tls_crypto::Error::Unsupported),
        }
    }
}

/// A server that only does TLS_AES_256_GCM_SHA384.
static AES256_ONLY: SecurityPolicy = SecurityPolicy {
    name: "test_aes256_only",
    cipher_suites: &[CipherSuite::TLS_AES_256_GCM_SHA384],
    ..SecurityPolicy::V20251122
};

/// Client (no SHA-384) against a RustCrypto server, message by message until quiet or an
/// error.
fn handshake(
    client: &mut ClientHandshake<'_, NoSha384>,
    server: &mut ServerHandshake<'_, RustCrypto>,
) -> Result<(), (Side, Error)> {
    let (mut c_out, mut s_out) = (Recorder::new(16 * 1024), Recorder::new(16 * 1024));
    let (mut crng, mut srng) = (TestRng::new([7; 32]), TestRng::new([9; 32]));
    client
        .start(&mut c_out, &mut harness::env(&mut crng))
        .map_err(|e| (Side::Client, e))?;
    loop {
        let mut moved = false;
        for item in core::mem::take(&mut c_out.outbound) {
            if let harness::Item::Handshake(_, bytes) = item {
                moved = true;
                for m in tls_codec::handshake::split(&bytes) {
                    server
                        .handle(m.unwrap().bytes, &mut s_out, &mut harness::env(&mut srng))
                        .map_err(|e| (Side::Server, e))?;
                }
            }
        }
        for item in core::mem::take(&mut s_out.outbound) {
            if let harness::Item::Handshake(_, bytes) = item {
                moved = true;
                for m in tls_codec::handshake::split(&bytes) {
                    client
                        .handle(m.unwrap().bytes, &mut c_out, &mut harness::env(&mut crng))
                        .map_err(|e| (Side::Client, e))?;
                }
            }
        }
        if !moved {
            return Ok(());
        }
    }
}

#[test]
fn the_transcript_start_runs_sha256_only() {
    let mut start = TranscriptStart::new(&NoSha384).unwrap();
    start.update(b"ClientHello");
    assert!(start.hash_with(HashAlgorithm::Sha256, b"").is_ok());
    assert_eq!(
        start.hash_with(HashAlgorithm::Sha384, b"").err(),
        Some(Error::HashUnavailable)
    );
    assert_eq!(
        start.into_transcript(HashAlgorithm::Sha384).err(),
        Some(Error::HashUnavailable)
    );
}

#[test]
fn a_server_choosing_aes_256_gcm_sha384_is_refused() {
    // The default policy lists TLS_AES_256_GCM_SHA384 (offering follows the policy, not the
    // build); a server that picks it gets no handshake.
    let c = Config::new(&NoSha384, ANCHORS);
    let id = pki::p256_chain();
    let s = Config {
        policy: &AES256_ONLY,
        identity: Some(id.identity()),
        ..Config::new(P, ANCHORS)
    };
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut server = ServerHandshake::new(&s).unwrap();
    let got = handshake(&mut client, &mut server);
    assert_eq!(got, Err((Side::Client, Error::HashUnavailable)));
    assert!(!client.is_complete());
}

#[test]
fn a_sha256_handshake_completes() {
    let c = Config {
        policy: &SecurityPolicy::V20251122_CHACHA20_ONLY,
        ..Config::new(&NoSha384, ANCHORS)
    };
    let id = pki::p256_chain();
    let s = Config {
        identity: Some(id.identity()),
        ..Config::new(P, ANCHORS)
    };
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut server = ServerHandshake::new(&s).unwrap();
    assert_eq!(handshake(&mut client, &mut server), Ok(()));
    assert!(client.is_complete() && server.is_complete());
    assert_eq!(
        client.info().suite,
        Some(Suite::TLS_CHACHA20_POLY1305_SHA256)
    );
}
