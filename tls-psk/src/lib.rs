//! Pre-shared keys for Wren: external PSKs, session tickets and ticket keys, 0-RTT early data
//! and anti-replay (RFC 8446 §2.2, §4.2.10, §4.2.11, §4.6.1, §8).
//!
//! The handshake (`tls-handshake`) drives the protocol; this crate holds the pieces it needs:
//!
//! * [`ExternalPsk`] and [`PskEarlyData`]: PSKs provisioned out of band; [`PskMode`].
//! * [`TicketKey`] and [`TicketKeyLifetimes`]: rotating server ticket keys with an
//!   encrypt-decrypt window and a further decrypt-only window.
//! * [`TicketState`], [`seal_ticket`], [`open_ticket`]: what a ticket carries, sealed with an
//!   AEAD ([format](ticket)).
//! * [`Session`]: what a client stores to resume, with its byte encoding and obfuscated age.
//! * [`ReplayStore`], [`SingleUseTickets`]: single-use tickets for 0-RTT anti-replay.
//! * [`EarlyDataCallback`], [`OfferedEarlyData`], [`EarlyDataDecision`], [`EarlyDataStatus`].
//! * [`PskSelector`], [`OfferedPsks`]: the server's choice among offered identities.
//! * [`SessionLookup`]: a server's session cache for stateful resumption.
//!
//! # Contract
//!
//! No heap, no `unsafe`, no panics on any input: every length is checked and every failure is
//! an [`Error`]. All storage is inline and bounded by the `MAX_*` constants. Secrets (ticket
//! keys, resumption PSKs) are wiped on drop, compared in constant time and redacted in `Debug`.
//! No clock inside: every time is the caller's, in milliseconds.
//!
//! # Example: a ticket's round trip
//!
//! ```
//! use tls_codec::enums::CipherSuite;
//! use tls_crypto::{RustCrypto, Secret, TestRng};
//! use tls_psk::{
//!     open_ticket, seal_ticket, Session, TicketKey, TicketKeyLifetimes, TicketState,
//!     MAX_SEALED_TICKET_LEN,
//! };
//!
//! let keys = [TicketKey::new([1; 16], &[0x42; 32], 0)];
//! let lifetimes = TicketKeyLifetimes::default();
//! let mut rng = TestRng::new([9; 32]);
//! let now = 1_000;
//!
//! // Server: seal the resumption state into a ticket.
//! let suite = CipherSuite::TLS_AES_128_GCM_SHA256;
//! let psk = Secret::from_slice(&[0x11; 32])?;
//! let mut state = TicketState::new(suite, psk.clone(), [3; 16], now, 7200, 0x1234_5678)?;
//! state.set_early_data(16_384, b"ctx")?;
//! let mut ticket = [0u8; MAX_SEALED_TICKET_LEN];
//! let n = seal_ticket(&RustCrypto, &keys, &lifetimes, now, &mut rng, &state, &mut ticket)?;
//!
//! // Client: store the session, offer it later.
//! let session = Session::new(suite, psk, &ticket[..n], 7200, 0x1234_5678, 50_000)?;
//! let age = session.obfuscated_age(52_500).ok_or(tls_psk::Error::InvalidValue)?;
//!
//! // Server: open the offered ticket and check it.
//! let opened = open_ticket(&RustCrypto, &keys, &lifetimes, now + 2_500, session.ticket())?;
//! assert_eq!(opened, state);
//! assert!(opened.ticket_age_ok(age, now + 2_500, 10_000));
//! # Ok::<(), tls_psk::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]

mod bytes;
mod early_data;
mod error;
mod external;
mod limits;
mod lookup;
mod offered;
mod replay;
mod session;
pub mod ticket;
mod ticket_key;

pub use early_data::{EarlyDataCallback, EarlyDataDecision, EarlyDataStatus, OfferedEarlyData};
pub use error::{Error, Result};
pub use external::{ExternalPsk, PskEarlyData, PskMode};
pub use limits::{
    MAX_ALPN_LEN, MAX_EARLY_DATA_CONTEXT_LEN, MAX_IDENTITY_LEN, MAX_PSK_LEN, MAX_SEALED_TICKET_LEN,
    MAX_SERVER_NAME_LEN, MAX_SESSION_LEN, MAX_TICKET_LEN, MAX_TICKET_LIFETIME_S,
    MAX_TICKET_STATE_LEN, TICKET_ID_LEN, TICKET_KEY_NAME_LEN, TICKET_KEY_SECRET_LEN,
    TICKET_OVERHEAD,
};
pub use lookup::SessionLookup;
pub use offered::{OfferedPsk, OfferedPsks, PskSelector};
pub use replay::{ReplayStore, ReplayVerdict, SingleUseTickets};
pub use session::{Session, SessionRef};
pub use ticket::{open_ticket, seal_ticket, TicketState};
pub use ticket_key::{TicketKey, TicketKeyLifetimes};

use tls_codec::enums::CipherSuite;
use tls_crypto::HashAlgorithm;

/// The hash of a TLS 1.3 cipher suite Wren knows (RFC 8446 §B.4), or `None`.
#[must_use]
pub const fn suite_hash(suite: CipherSuite) -> Option<HashAlgorithm> {
    match suite.get() {
        0x1301 | 0x1303 | 0x1304 | 0x1305 => Some(HashAlgorithm::Sha256),
        0x1302 => Some(HashAlgorithm::Sha384),
        _ => None,
    }
}
