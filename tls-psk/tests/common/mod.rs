//! Shared fixtures for the integration tests.
#![allow(dead_code, reason = "each test file uses a subset")]

use tls_codec::enums::CipherSuite;
use tls_crypto::{
    AeadAlgorithm, CryptoProvider, Group, HashAlgorithm, RcAead, RcKeyExchange, Rng, RustCrypto,
    Secret, Sha2Hash, SignatureAlgorithm,
};
use tls_psk::{TicketKey, TicketState};

pub const SUITE: CipherSuite = CipherSuite::TLS_AES_128_GCM_SHA256;
pub const PSK: [u8; 32] = [0xa5; 32];
pub const KEY_SECRET: [u8; 32] = [0x5c; 32];

pub fn state() -> TicketState {
    let mut s = TicketState::new(
        SUITE,
        Secret::from_slice(&PSK).unwrap(),
        [0x0d; 16],
        10_000,
        7200,
        0xfedc_ba98,
    )
    .unwrap();
    s.set_auth_ms(5_000);
    s.set_early_data(16_384, b"context").unwrap();
    s.set_alpn(Some(b"h2")).unwrap();
    s.set_server_name(Some(b"example.com")).unwrap();
    s
}

/// The largest possible state (every variable field at its limit, SHA-384 PSK).
pub fn max_state() -> TicketState {
    let mut s = TicketState::new(
        CipherSuite::TLS_AES_256_GCM_SHA384,
        Secret::from_slice(&[0x77; 48]).unwrap(),
        [0x01; 16],
        u64::MAX,
        604_800,
        u32::MAX,
    )
    .unwrap();
    s.set_early_data(u32::MAX, &[0x63; 64]).unwrap();
    s.set_alpn(Some(&[0x61; 255])).unwrap();
    s.set_server_name(Some(&[0x6e; 255])).unwrap();
    s
}

pub fn key(name: u8, intro_ms: u64) -> TicketKey {
    TicketKey::new([name; 16], &KEY_SECRET, intro_ms)
}

/// A provider without ChaCha20-Poly1305, to exercise the AES-128-GCM fallback.
pub struct NoChaCha;

impl CryptoProvider for NoChaCha {
    type Hash = Sha2Hash;
    type Aead = RcAead;
    type KeyExchange = RcKeyExchange;

    fn hash(&self, alg: HashAlgorithm) -> tls_crypto::Result<Sha2Hash> {
        RustCrypto.hash(alg)
    }
    fn aead(&self, alg: AeadAlgorithm, key: &[u8]) -> tls_crypto::Result<RcAead> {
        if alg == AeadAlgorithm::ChaCha20Poly1305 {
            return Err(tls_crypto::Error::Unsupported);
        }
        RustCrypto.aead(alg, key)
    }
    fn key_exchange(&self, group: Group, rng: &mut dyn Rng) -> tls_crypto::Result<RcKeyExchange> {
        RustCrypto.key_exchange(group, rng)
    }
    fn verify(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> tls_crypto::Result<()> {
        RustCrypto.verify(alg, public_key, message, signature)
    }
}

/// An RNG that always fails.
pub struct FailRng;

impl Rng for FailRng {
    fn fill(&mut self, _: &mut [u8]) -> tls_crypto::Result<()> {
        Err(tls_crypto::Error::Rng)
    }
}
