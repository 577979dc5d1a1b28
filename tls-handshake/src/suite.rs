//! The TLS 1.3 cipher suites Wren implements, and what each one means (RFC 8446 §B.4).
//!
//! A TLS 1.3 suite names only an AEAD and the hash used by HKDF and the transcript; key
//! exchange and signatures are negotiated separately. This table is not a preference order:
//! security policies choose and order suites.

use tls_codec::enums::CipherSuite;
use tls_crypto::{AeadAlgorithm, HashAlgorithm};

/// The parameters of one TLS 1.3 cipher suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suite {
    /// The wire value.
    pub suite: CipherSuite,
    /// The record protection algorithm.
    pub aead: AeadAlgorithm,
    /// The hash of HKDF and the transcript.
    pub hash: HashAlgorithm,
}

impl Suite {
    /// `TLS_AES_128_GCM_SHA256` (RFC 8446 §B.4).
    pub const TLS_AES_128_GCM_SHA256: Self = Self {
        suite: CipherSuite::TLS_AES_128_GCM_SHA256,
        aead: AeadAlgorithm::Aes128Gcm,
        hash: HashAlgorithm::Sha256,
    };

    /// `TLS_AES_256_GCM_SHA384` (RFC 8446 §B.4).
    pub const TLS_AES_256_GCM_SHA384: Self = Self {
        suite: CipherSuite::TLS_AES_256_GCM_SHA384,
        aead: AeadAlgorithm::Aes256Gcm,
        hash: HashAlgorithm::Sha384,
    };

    /// `TLS_CHACHA20_POLY1305_SHA256` (RFC 8446 §B.4).
    pub const TLS_CHACHA20_POLY1305_SHA256: Self = Self {
        suite: CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        aead: AeadAlgorithm::ChaCha20Poly1305,
        hash: HashAlgorithm::Sha256,
    };

    /// The parameters of `suite`, or `None` for a suite Wren does not implement (the CCM
    /// suites, TLS 1.2 suites, unknown values).
    #[must_use]
    pub fn lookup(suite: CipherSuite) -> Option<Self> {
        SUITES.iter().find(|s| s.suite == suite).copied()
    }
}

/// Every TLS 1.3 suite Wren implements. Whether its AEAD is compiled in is the provider's
/// business: an absent one answers `Unsupported` when keyed.
pub const SUITES: [Suite; 3] = [
    Suite::TLS_AES_128_GCM_SHA256,
    Suite::TLS_AES_256_GCM_SHA384,
    Suite::TLS_CHACHA20_POLY1305_SHA256,
];
