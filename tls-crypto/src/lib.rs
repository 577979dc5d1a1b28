//! The crypto provider seam of Wren.
//!
//! Traits for everything TLS 1.3 needs ([`Hash`], [`Aead`], [`KeyExchange`], [`Signer`], [`Rng`],
//! gathered by [`CryptoProvider`]), HMAC and HKDF built on any [`Hash`], fixed-size [`Secret`]s
//! that wipe on drop, and a default provider on the RustCrypto crates ([`RustCrypto`]), one cargo
//! feature per algorithm family. Boards with AES or PKA peripherals implement the traits
//! themselves.
//!
//! ```
//! use tls_crypto::{CryptoProvider, Hash, HashAlgorithm, RustCrypto};
//!
//! let mut h = RustCrypto.hash(HashAlgorithm::Sha256)?;
//! h.update(b"abc");
//! assert_eq!(h.finish().as_bytes()[..4], [0xba, 0x78, 0x16, 0xbf]);
//! # Ok::<(), tls_crypto::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]

mod error;
pub mod hkdf;
#[cfg(feature = "rsa")]
mod rsa;
mod rustcrypto;
mod secret;
#[cfg(feature = "test-rng")]
mod test_rng;
mod traits;

pub use error::{Error, Result};
#[cfg(feature = "rsa")]
pub use rsa::{MAX_MODULUS_BITS, MIN_MODULUS_BITS};
#[cfg(feature = "p256")]
pub use rustcrypto::EcdsaP256Signer;
#[cfg(feature = "ed25519")]
pub use rustcrypto::Ed25519Signer;
pub use rustcrypto::{RcAead, RcKeyExchange, RustCrypto, Sha2Hash};
pub use secret::{ct_eq, Digest, Secret, MAX_HASH_LEN};
#[cfg(feature = "test-rng")]
pub use test_rng::{ScriptedRng, TestRng};
pub use traits::{
    Aead, AeadAlgorithm, Algorithm, CryptoProvider, Group, Hash, HashAlgorithm, KeyExchange, Rng,
    SignatureAlgorithm, Signer, MAX_KEY_LEN, MAX_PUBLIC_KEY_LEN, NONCE_LEN, TAG_LEN,
};
