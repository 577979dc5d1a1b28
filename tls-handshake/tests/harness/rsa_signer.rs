//! A test-only RSA-PSS `Signer` on the `rsa` crate: the key lives in the host tool, not in
//! Wren, as the issue asks.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helper")]

use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{RandomizedSigner, SignatureEncoding};
use rsa::RsaPrivateKey;
use tls_crypto::{Rng as _, SignatureAlgorithm, Signer, TestRng};

/// RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt (`rsa_pss_rsae_sha256`).
pub struct RsaPssSigner(rsa::pss::BlindedSigningKey<rsa::sha2::Sha256>);

impl RsaPssSigner {
    pub fn from_pem(pem: &str) -> Self {
        let key = RsaPrivateKey::from_pkcs8_pem(pem).expect("test key parses");
        Self(rsa::pss::BlindedSigningKey::new(key))
    }
}

/// rand_core glue over the deterministic test RNG (salts and blinding only).
struct SaltRng(TestRng);

impl rand_core::RngCore for SaltRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.0.fill(&mut b).unwrap();
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.0.fill(&mut b).unwrap();
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill(dest).unwrap();
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}
impl rand_core::CryptoRng for SaltRng {}

impl Signer for RsaPssSigner {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::RsaPssSha256
    }
    fn sign(&self, message: &[u8], out: &mut [u8]) -> tls_crypto::Result<usize> {
        let mut rng = SaltRng(TestRng::new([3; 32]));
        let sig = self.0.sign_with_rng(&mut rng, message).to_vec();
        out.get_mut(..sig.len())
            .ok_or(tls_crypto::Error::BadLength)?
            .copy_from_slice(&sig);
        Ok(sig.len())
    }
}
