//! A client whose provider has no SHA-384 (tls-crypto without its `sha384` feature, as the
//! ChaCha20-only firmware builds it): it offers only what its provider carries (no AES-GCM
//! suite, no signature scheme but ECDSA P-256), hashes its ClientHello with SHA-256 only, and
//! completes a SHA-256 handshake; a server that only does TLS_AES_256_GCM_SHA384 finds no
//! common suite.
//!
//! `NoSha384` answers as RustCrypto built with `chacha20`, `x25519`, `p256-verify` and `sha2`
//! but not `sha384` does (`tls-crypto/tests/features.rs` checks that build itself): SHA-384,
//! AES-GCM and the signature algorithms other than ECDSA P-256 are unsupported, and its
//! `supports` says so.
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
use tls_codec::enums::{CipherSuite, NamedGroup, PskKeyExchangeMode, SignatureScheme};
use tls_crypto::{
    AeadAlgorithm, Algorithm, CryptoProvider, Group, HashAlgorithm, RcAead, RcKeyExchange,
    RustCrypto, Sha2Hash, SignatureAlgorithm, TestRng,
};
use tls_handshake::config::PskSettings;
use tls_handshake::{
    ClientHandshake, Config, Error, SecurityPolicy, ServerHandshake, Suite, TranscriptStart,
};
use tls_psk::{ExternalPsk, PskMode};

const NAME: &str = "server.wren.test";
const ANCHORS: &[&[u8]] = &[pki::ROOT];

struct NoSha384;

impl CryptoProvider for NoSha384 {
    type Hash = Sha2Hash;
    type Aead = RcAead;
    type KeyExchange = RcKeyExchange;

    fn supports(&self, alg: Algorithm) -> bool {
        !matches!(
            alg,
            Algorithm::Hash(HashAlgorithm::Sha384)
                | Algorithm::Aead(AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm)
        ) && !matches!(alg, Algorithm::Signature(s) if s != SignatureAlgorithm::EcdsaP256Sha256)
    }

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

/// Client against server, message by message until quiet or an error.
fn handshake<C: CryptoProvider, S: CryptoProvider>(
    client: &mut ClientHandshake<'_, C>,
    server: &mut ServerHandshake<'_, S>,
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
fn the_client_hello_offers_only_what_the_provider_carries() {
    // The default policy lists AES-GCM suites and five handshake signature schemes; this
    // provider carries ChaCha20-Poly1305 and ECDSA P-256 only.
    let c = Config::new(&NoSha384, ANCHORS);
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut out = Recorder::new(16 * 1024);
    let mut rng = TestRng::new([7; 32]);
    client.start(&mut out, &mut harness::env(&mut rng)).unwrap();
    let hello = out
        .outbound
        .iter()
        .find_map(|i| match i {
            harness::Item::Handshake(_, bytes) => Some(bytes.clone()),
            _ => None,
        })
        .unwrap();
    let raw = <tls_codec::RawHandshake as tls_codec::Codec>::parse_exact(&hello).unwrap();
    let tls_codec::HandshakeMessage::ClientHello(ch) =
        tls_codec::HandshakeMessage::from_raw(raw).unwrap()
    else {
        panic!("not a ClientHello");
    };
    let suites: Vec<_> = ch.cipher_suites.iter().collect();
    assert_eq!(suites, [CipherSuite::TLS_CHACHA20_POLY1305_SHA256]);
    let x = &ch.extensions;
    let schemes: Vec<_> = x.signature_algorithms.unwrap().iter().collect();
    assert_eq!(schemes, [SignatureScheme::ECDSA_SECP256R1_SHA256]);
    let cert_schemes: Vec<_> = x.signature_algorithms_cert.unwrap().iter().collect();
    assert_eq!(cert_schemes, [SignatureScheme::ECDSA_SECP256R1_SHA256]);
    let groups: Vec<_> = x.supported_groups.unwrap().iter().collect();
    assert_eq!(groups, [NamedGroup::X25519, NamedGroup::SECP256R1]);
}

#[test]
fn a_server_with_only_aes_256_gcm_sha384_finds_no_common_suite() {
    // The default policy lists TLS_AES_256_GCM_SHA384, but this client does not offer it
    // (its provider has no AES-GCM or SHA-384): a server that only does it has no suite in
    // common and refuses the handshake.
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
    assert_eq!(got, Err((Side::Server, Error::HandshakeFailure)));
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

#[test]
fn a_server_picks_an_external_psk_suite_it_carries() {
    // The client (all algorithms) offers the default policy's suites, AES-128-GCM first; the
    // server's policy prefers it too, but its provider has no AES-GCM: for a SHA-256 external
    // PSK it must pick ChaCha20-Poly1305, the one SHA-256 suite it can key.
    let secret = [0x42; 32];
    let psks = [ExternalPsk::new(b"device", &secret, HashAlgorithm::Sha256).unwrap()];
    let modes = [PskKeyExchangeMode::PSK_DHE_KE];
    let psk = PskSettings {
        mode: PskMode::External,
        external: &psks,
        key_exchange_modes: &modes,
        selector: None,
    };
    let c = Config {
        verification: tls_handshake::Verification::DangerousNoVerificationForTestsOnly,
        psk,
        ..Config::new(P, ANCHORS)
    };
    let s = Config {
        psk,
        ..Config::new(&NoSha384, ANCHORS)
    };
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut server = ServerHandshake::new(&s).unwrap();
    assert_eq!(handshake(&mut client, &mut server), Ok(()));
    assert!(client.is_complete() && server.is_complete());
    assert_eq!(
        server.info().suite,
        Some(Suite::TLS_CHACHA20_POLY1305_SHA256)
    );
}
