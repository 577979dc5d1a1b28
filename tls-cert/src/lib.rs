//! X.509 certificates for Wren, without a heap.
//!
//! - [`Certificate::parse`] reads an X.509 v3 certificate in place with a small DER reader:
//!   every field borrows from the DER, names stay raw DER, extensions are decoded into a few
//!   small fields without collecting anything.
//! - [`verify_chain`] builds and checks a path from the leaf, through the peer's
//!   intermediates, to one of the caller's trust anchors: signatures (ECDSA P-256 and, with the
//!   `p384` feature, P-384; Ed25519; RSA PKCS#1 v1.5 and PSS with SHA-256/384), validity when
//!   the caller has a clock, basicConstraints and pathLenConstraint, keyUsage,
//!   extendedKeyUsage, critical extensions, and the host name (RFC 6125, see [`name`]), or a
//!   [`VerifyHost`] callback instead.
//! - Every failure is one byte ([`Error`]) with its TLS alert ([`Error::alert`]).
//!
//! ```
//! use tls_cert::{verify_chain, KeyAlgorithm, NameCheck, Policy, Purpose, ServerName};
//! use tls_crypto::RustCrypto;
//!
//! let root = include_bytes!("../testdata/root-ca.der");
//! let intermediate = include_bytes!("../testdata/int-ca.der");
//! let leaf = include_bytes!("../testdata/leaf-p256.der");
//!
//! let anchors: [&[u8]; 1] = [root];
//! let policy = Policy {
//!     trust_anchors: &anchors,
//!     now: Some(1_800_000_000), // 2027-01-15, in Unix seconds
//!     purpose: Purpose::ServerAuth,
//!     name: NameCheck::Name(ServerName::parse("server.wren.test")?),
//! };
//! let chain: [&[u8]; 1] = [intermediate];
//! let verified = verify_chain(&RustCrypto, leaf, chain.iter().copied(), &policy)?;
//! assert_eq!(verified.leaf_key().algorithm, KeyAlgorithm::EcP256);
//! # Ok::<(), tls_cert::Error>(())
//! ```
//!
//! # Panics and memory
//! Nothing here panics on any input (a test flips every byte of a certificate), allocates, or
//! uses `unsafe`. Stack use is small apart from the signature verification itself (RSA is the
//! largest; see `tls_crypto`'s RSA notes).
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "x509")]
mod cert;
mod error;
#[cfg(feature = "x509")]
mod extensions;
pub mod name;
#[cfg(feature = "x509")]
mod oid;
#[cfg(feature = "x509")]
mod reader;
#[cfg(feature = "x509")]
mod time;
#[cfg(feature = "x509")]
mod verify;

#[cfg(feature = "x509")]
pub use cert::{Certificate, KeyAlgorithm, PublicKey};
pub use error::{alert, Error, Result};
#[cfg(feature = "x509")]
pub use extensions::{BasicConstraints, Extensions, GeneralName, GeneralNames, KeyUsage, Purpose};
#[cfg(feature = "x509")]
pub use name::{check_name, NameCheck};
pub use name::{PresentedId, ServerName, VerifyHost};
#[cfg(feature = "x509")]
pub use verify::{verify_chain, Policy, VerifiedChain, MAX_INTERMEDIATES, MAX_SIGNATURE_CHECKS};
