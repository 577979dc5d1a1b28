//! Wren: allocation-free TLS 1.3 for microcontrollers.
//!
//! This root crate owns the connection: [`Config`] (built once, borrowed by every connection),
//! the sans-IO [`ConnectionCore`] with s2n-tls's verbs (`negotiate`, `send`, `recv`, `peek`,
//! `shutdown`, `shutdown_send`, `key_update`), [`Connection`] owning const-generic buffers, and
//! two thin adapters over one pump: [`blocking`] (`embedded_io`) and [`asynch`]
//! (`embedded_io_async`).
//!
//! - [`config`]: [`Config`], [`ConfigRng`], [`RefCellRng`], [`Role`] (and `OsRng` with `std`).
//! - [`error`]: [`Error`], [`ErrorKind`], [`Blocked`].
//! - [`sizes`]: the buffer layout and minimum sizes, with their arithmetic.
//! - [`ConnectionCore`], [`Connection`]: the connection.
//! - PSKs, resumption and 0-RTT (RFC 8446 §2.2, §2.3, §4.2.10, §8; the s2n-tls guide's
//!   chapters and OpenSSL's early-data API): [`Config::with_ticket_callback`] and
//!   [`ConnectionCore::set_session`] (client resumption), [`Config::with_ticket_keys`] and
//!   [`ConnectionCore::send_tickets`] (server), [`Config::with_external_psks`] /
//!   [`ConnectionCore::set_psks`], [`ConnectionCore::send_early_data`] /
//!   [`ConnectionCore::recv_early_data`] before `negotiate`,
//!   [`ConnectionCore::early_data_status`], and anti-replay with a [`SingleUseTickets`] store
//!   ([`Config::with_replay_store`]). The types come from [`psk`] (`tls-psk`).
//! - [`blocking`], [`asynch`], [`Clock`]: the adapters.
//!
//! # Example
//! A client driven by hand (the sans-IO way): the first `negotiate` queues the ClientHello and
//! reports that it must be written.
//! ```
//! use tls_crypto::{RustCrypto, TestRng};
//! use wren_tls::{sizes::FULL_RECORD_BUFFER as BUF, Blocked, Config, Connection, ErrorKind, RefCellRng};
//!
//! let rng = RefCellRng::new(TestRng::new([7; 32])); // use the board's RNG in firmware
//! let anchors: &[&[u8]] = &[]; // DER trust anchors
//! let config = Config::new(&RustCrypto, &rng, anchors);
//! let mut conn = Connection::<'_, RustCrypto, BUF, BUF>::new_client(&config, Some("example.com"))?;
//! let err = conn.negotiate(0).unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Blocked(Blocked::OnWrite));
//! let hello = conn.tx_pending(); // write these bytes to the transport...
//! assert_eq!(hello[0], 0x16); // a handshake record
//! let n = hello.len();
//! conn.tx_ack(n); // ...and say how many were written
//! assert_eq!(conn.negotiate(0).unwrap_err().kind(), ErrorKind::Blocked(Blocked::OnRead));
//! # Ok::<(), wren_tls::Error>(())
//! ```
//!
//! # Panics
//! Nothing here panics on any input from the peer or the caller: every index is checked, and
//! every failure is an [`Error`]. No heap, no `unsafe`; buffers are wiped on drop.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(not(any(feature = "client", feature = "server")))]
compile_error!("wren-tls needs at least one role: enable the `client` or `server` feature");

#[cfg(feature = "std")]
extern crate std;

pub mod asynch;
pub mod blocking;
pub mod config;
mod core;
mod engine;
pub mod error;
mod machine;
pub mod pump;
mod roles;
mod rx;
pub mod sizes;
mod sizing;
#[cfg(test)]
mod tests;
mod tx;

#[cfg(feature = "std")]
pub use crate::config::OsRng;
pub use crate::config::{
    Config, ConfigRng, DynamicThreshold, RecordPreference, RecordSize, RecordSizeLimit, Records,
    RefCellRng, Role, TicketCallback,
};
pub use crate::core::{Arrays, AsConnection, Buffers, Connection, ConnectionCore, Slices};
pub use crate::error::{Blocked, Error, ErrorKind};
pub use crate::pump::{Clock, NoClock};
pub use tls_handshake::SecurityPolicy;
#[cfg(feature = "certificates")]
pub use tls_handshake::{ClientAuth, Identity, Verification};
pub use tls_psk::{
    EarlyDataCallback, EarlyDataDecision, EarlyDataStatus, ExternalPsk, PskEarlyData, PskMode,
    Session, SessionLookup, SingleUseTickets, TicketKey, TicketState,
};

pub use tls_codec as codec;
pub use tls_crypto as crypto;
pub use tls_handshake as handshake;
pub use tls_psk as psk;
pub use tls_record as record;
