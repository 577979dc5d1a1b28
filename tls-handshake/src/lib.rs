//! TLS 1.3 key schedule, transcript and handshake state machines for Wren (RFC 8446 §4, §7).
//!
//! - [`ClientHandshake`] and [`ServerHandshake`]: the two roles, one type per state inside,
//!   fed whole handshake messages and writing theirs through an [`Output`]; what they agreed
//!   on is in [`Negotiated`].
//!
//! This crate will own everything between a whole handshake message and the record layer: the
//! client and server state machines (one type per state, advanced by value), security policies
//! and negotiation. It never touches records: the connection in `wren-tls` feeds it whole
//! handshake messages and installs the traffic keys it hands out. Today it holds the pieces those
//! state machines stand on:
//!
//! - [`suite`]: what each TLS 1.3 cipher suite means ([`Suite`]).
//! - [`key_schedule`]: HKDF-Expand-Label, Derive-Secret and the schedule of RFC 8446 §7.1 as
//!   typestates ([`EarlySecret`] → [`HandshakeSecret`] → [`MasterSecret`]), with traffic keys,
//!   Finished, binders, KeyUpdate, exporters and resumption PSKs.
//! - [`transcript`]: the transcript hash ([`Transcript`]), the HelloRetryRequest `message_hash`
//!   substitution, and [`TranscriptStart`] for a ClientHello hashed before the suite is known.
//! - [`Error`]: this crate's error, with its alert.
//!
//! No function panics and nothing allocates; secrets live in [`tls_crypto::Secret`]s, wiped on
//! drop. Every function is generic over a [`tls_crypto::CryptoProvider`], so hardware hashes
//! serve the whole schedule.
//!
//! A full (EC)DHE handshake's schedule, as the client runs it:
//!
//! ```
//! use tls_crypto::RustCrypto;
//! use tls_handshake::{EarlySecret, Suite, Transcript};
//! # let (client_hello, server_hello, server_flight) = (&b"CH"[..], &b"SH"[..], &b"EE..CV"[..]);
//! # let shared_secret = tls_crypto::Secret::from_slice(&[7; 32])?;
//!
//! let p = &RustCrypto;
//! let suite = Suite::TLS_CHACHA20_POLY1305_SHA256;
//! let mut transcript = Transcript::new(p, suite.hash)?;
//! transcript.update(client_hello);
//! transcript.update(server_hello);
//!
//! let hs = EarlySecret::new(p, suite.hash, None)?.into_handshake(Some(&shared_secret))?;
//! let server_hs = hs.server_handshake_traffic_secret(&transcript.current_hash())?;
//! let client_hs = hs.client_handshake_traffic_secret(&transcript.current_hash())?;
//! let read_keys = server_hs.traffic_keys(p, suite.aead)?; // to the record layer
//!
//! transcript.update(server_flight); // EncryptedExtensions .. CertificateVerify
//! let server_finished = server_hs
//!     .finished_key(p)?
//!     .verify_data(p, &transcript.current_hash())?; // what the server would send
//! let _proof = server_hs.finished_key(p)?.verify_finished(
//!     p,
//!     &transcript.current_hash(),
//!     server_finished.as_bytes(),
//! )?;
//! # transcript.update(server_finished.as_bytes());
//!
//! let master = hs.into_master()?;
//! let client_ap = master.client_application_traffic_secret_0(&transcript.current_hash())?;
//! let next = client_ap.next(p)?; // after a KeyUpdate
//! # let _ = (client_hs, read_keys, next);
//! # Ok::<(), tls_handshake::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]

#[cfg(all(any(feature = "client", feature = "server"), feature = "certificates"))]
mod auth;
#[cfg(feature = "client")]
pub mod client;
pub mod config;
#[cfg(any(feature = "client", feature = "server"))]
mod connected;
#[cfg(any(feature = "client", feature = "server"))]
mod emit;
mod error;
pub mod key_schedule;
#[cfg(any(feature = "client", feature = "server"))]
mod keys;
#[cfg(any(feature = "client", feature = "server"))]
mod negotiate;
pub mod negotiated;
pub mod output;
pub mod policy;
pub mod records;
#[cfg(feature = "server")]
pub mod server;
pub mod suite;
pub mod transcript;

#[cfg(all(any(feature = "client", feature = "server"), feature = "certificates"))]
pub use auth::{CertificateVerified, MAX_PEER_KEY_LEN, MAX_SIGNATURE_LEN};
#[cfg(feature = "client")]
pub use client::ClientHandshake;
pub use config::Config;
#[cfg(feature = "certificates")]
pub use config::{ClientAuth, Identity, Verification};
pub use error::{Error, Result};
pub use key_schedule::{
    derive_secret, hkdf_expand_label, BinderKey, BinderVerified, EarlySecret, ExporterSecret,
    FinishedKey, FinishedVerified, HandshakeSecret, HkdfLabel, MasterSecret, PskKind,
    ResumptionMasterSecret, TrafficKeys, TrafficSecret,
};
#[cfg(any(feature = "client", feature = "server"))]
pub use negotiate::MAX_ALPN_PROTOCOLS;
pub use negotiated::{FixedBytes, Negotiated};
pub use output::{Env, Event, KeyLevel, Output};
pub use policy::SecurityPolicy;
pub use records::{RecordLimits, RecordSettings};
#[cfg(feature = "server")]
pub use server::ServerHandshake;
pub use suite::{Suite, SUITES};
pub use transcript::{Transcript, TranscriptStart};
