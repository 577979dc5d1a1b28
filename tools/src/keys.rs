//! PEM certificate chains and PKCS#8 private keys, turned into what Wren takes: DER slices and
//! a [`Signer`].
//!
//! P-256 and Ed25519 keys become Wren's own signers ([`EcdsaP256Signer`], [`Ed25519Signer`]).
//! RSA keys stay out of Wren: [`RsaPssSigner`] implements the `Signer` interface here, in the host
//! tool, with the `rsa` crate. That is the "key operation behind an interface" path a secure
//! element or HSM would take too.

use std::path::Path;

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{RandomizedSigner, SignatureEncoding};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use tls_crypto::{EcdsaP256Signer, Ed25519Signer, SignatureAlgorithm, Signer};

/// Reads every `CERTIFICATE` block of a PEM file, in file order (leaf first for a chain).
///
/// # Errors
/// A message naming the file when it cannot be read or holds no certificate.
pub fn read_certificates(path: &Path) -> Result<Vec<Vec<u8>>, String> {
    let certs: Vec<Vec<u8>> = CertificateDer::pem_file_iter(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .map(|c| c.map(|c| c.to_vec()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: no CERTIFICATE in the file", path.display()));
    }
    Ok(certs)
}

/// Reads a private key (PKCS#8 `PRIVATE KEY` for P-256, Ed25519 or RSA; or PKCS#1
/// `RSA PRIVATE KEY`) and returns a signer for it.
///
/// # Errors
/// A message naming the file when it cannot be read or holds no key of a supported type.
pub fn read_signer(path: &Path) -> Result<Box<dyn Signer + Send + Sync>, String> {
    let pem = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    signer_from_pem(&pem).ok_or_else(|| {
        format!(
            "{}: not a P-256, Ed25519 or RSA private key in PKCS#8 (or PKCS#1) PEM",
            path.display()
        )
    })
}

/// [`read_signer`] on PEM text.
pub fn signer_from_pem(pem: &str) -> Option<Box<dyn Signer + Send + Sync>> {
    if let Ok(key) = p256::SecretKey::from_pkcs8_pem(pem) {
        return EcdsaP256Signer::from_bytes(&key.to_bytes())
            .ok()
            .map(|s| Box::new(s) as Box<dyn Signer + Send + Sync>);
    }
    if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_pem(pem) {
        return Some(Box::new(Ed25519Signer::from_seed(&key.to_bytes())));
    }
    let rsa = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| rsa::RsaPrivateKey::from_pkcs1_pem(pem))
        .ok()?;
    Some(Box::new(RsaPssSigner::new(rsa)))
}

/// `rsa_pss_rsae_sha256` signing (RFC 8446 §4.2.3: MGF1-SHA-256, a 32-byte salt) with a key held
/// by the host, through Wren's [`Signer`] interface.
pub struct RsaPssSigner {
    key: rsa::pss::SigningKey<sha2::Sha256>,
}

impl RsaPssSigner {
    /// A signer for `key`; the salt is as long as the hash, as TLS 1.3 requires.
    #[must_use]
    pub fn new(key: rsa::RsaPrivateKey) -> Self {
        Self {
            key: rsa::pss::SigningKey::new(key),
        }
    }
}

impl Signer for RsaPssSigner {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::RsaPssSha256
    }

    fn sign(&self, message: &[u8], out: &mut [u8]) -> tls_crypto::Result<usize> {
        let signature = self
            .key
            .try_sign_with_rng(&mut rand_core::OsRng, message)
            .map_err(|_| tls_crypto::Error::BadKey)?
            .to_bytes();
        out.get_mut(..signature.len())
            .ok_or(tls_crypto::Error::BadLength)?
            .copy_from_slice(&signature);
        Ok(signature.len())
    }
}
