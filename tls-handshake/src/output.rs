//! The seam between a handshake and the connection that owns the records.
//!
//! A handshake never touches records (DESIGN.md): it writes whole handshake messages into the
//! space the connection lends it, asks for keys to be installed, and reports events. The
//! connection frames, fragments, seals and sends; on the way in it opens records, reassembles
//! handshake messages and hands each whole message (header included) to the handshake.
//!
//! Ordering contract: everything a handshake does through [`Output`] happens in call order. A
//! key change applies to every message committed after it, never to one committed before it:
//! the connection closes the open record before it switches keys (RFC 8446 §5.1: handshake
//! messages must not span a key change).

use crate::key_schedule::TrafficKeys;
use crate::records::RecordLimits;
use crate::suite::Suite;
use crate::{Error, Result};
use tls_crypto::Rng;
use tls_psk::Session;

/// The protection level keys belong to (RFC 8446 §7.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLevel {
    /// 0-RTT: `client_early_traffic_secret`.
    EarlyData,
    /// `[sender]_handshake_traffic_secret`.
    Handshake,
    /// `[sender]_application_traffic_secret_N`.
    Application,
}

/// What the handshake tells the connection (and through it the application).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The handshake is complete: application data may flow both ways.
    HandshakeComplete,
    /// The server sent a NewSessionTicket (RFC 8446 §4.6.1). Full resumption builds on this.
    NewSessionTicket {
        /// `ticket_lifetime` in seconds.
        lifetime: u32,
        /// `ticket_age_add`.
        age_add: u32,
        /// `ticket_nonce`.
        nonce: &'a [u8],
        /// The opaque ticket.
        ticket: &'a [u8],
        /// `max_early_data_size` from the early_data extension, 0 when absent.
        max_early_data: u32,
        /// The ticket as a ready-to-store session (encode it with [`Session::encode`] and
        /// give it back to a later connection). `None` when [`Output::wants_sessions`] said
        /// no, or when the ticket is longer than
        /// [`tls_psk::MAX_TICKET_LEN`] (it cannot be stored; the next connection does a full
        /// handshake).
        session: Option<&'a Session>,
    },
    /// 0-RTT was accepted (RFC 8446 §4.2.10). Server: reported right after it installed the
    /// [`KeyLevel::EarlyData`] read keys; early data records follow, then EndOfEarlyData.
    /// Client: reported on EncryptedExtensions; the early data sent stands.
    EarlyDataAccepted,
    /// 0-RTT was offered and rejected. Server: skip records that do not open with the
    /// current read keys (after a HelloRetryRequest: `application_data` records) up to
    /// `skip_limit` bytes of them in total, then abort (RFC 8446 §4.2.10). Client: the early
    /// data sent was lost (`skip_limit` is 0); resend it after the handshake if needed.
    EarlyDataRejected {
        /// Server: the most early data to skip ([`crate::config::EarlyDataSettings::recv_limit`]).
        skip_limit: u32,
    },
    /// Server: the early-data callback answered `Later`: the handshake waits (the
    /// connection reports it is blocked on application input) until
    /// `ServerHandshake::decide_early_data`.
    EarlyDataPending,
    /// The peer updated its sending keys (a KeyUpdate was received and applied).
    PeerKeyUpdated,
}

/// Implemented by the connection; the handshake's only way to the wire.
pub trait Output {
    /// Free space for outgoing handshake messages, to be protected with the current write keys.
    ///
    /// The handshake encodes one or more whole messages at the start of this slice and then calls
    /// [`Output::commit_handshake`]. The space may be smaller than a message: the handshake then
    /// fails with [`crate::Error::BufferTooSmall`] naming the size it needed.
    fn handshake_space(&mut self) -> &mut [u8];

    /// The first `len` bytes of [`Output::handshake_space`] are complete handshake messages to
    /// send (already hashed into the transcript by the handshake).
    ///
    /// # Errors
    /// [`crate::Error::BufferTooSmall`] if the connection cannot frame them.
    fn commit_handshake(&mut self, len: usize) -> Result<()>;

    /// Queues a dummy `change_cipher_spec` record (middlebox compatibility, RFC 8446 §D.4).
    ///
    /// # Errors
    /// [`crate::Error::BufferTooSmall`] if there is no room.
    fn send_change_cipher_spec(&mut self) -> Result<()>;

    /// Protects every record written after this call with `keys` (at `level`).
    ///
    /// # Errors
    /// The provider's failure to key the AEAD.
    fn set_write_keys(&mut self, suite: Suite, level: KeyLevel, keys: &TrafficKeys) -> Result<()>;

    /// Opens every record read after this call with `keys` (at `level`).
    ///
    /// # Errors
    /// The provider's failure to key the AEAD.
    fn set_read_keys(&mut self, suite: Suite, level: KeyLevel, keys: &TrafficKeys) -> Result<()>;

    /// Reports an event to the connection.
    fn event(&mut self, event: Event<'_>);

    /// The record sizes negotiated (max_fragment_length, RFC 6066 §4; record_size_limit, RFC
    /// 8449): every record sent after this call carries at most `limits.send` bytes of
    /// TLSInnerPlaintext, and a protected record from the peer over `limits.recv` is a
    /// `record_overflow`. Called at most once per handshake, and only when something was
    /// negotiated: the server before it writes EncryptedExtensions, the client when it has
    /// read them. The default ignores it (RFC 8446's limits stay).
    fn set_record_limits(&mut self, limits: RecordLimits) {
        let _ = limits;
    }

    /// Client only: whether [`Event::NewSessionTicket`] should carry a ready-to-store
    /// session. Building one costs a key derivation and a session's room (over 1.5 KiB) on the
    /// stack, so a connection that keeps no tickets answers `false` (its events then carry
    /// `session: None`). The default: `true`.
    fn wants_sessions(&self) -> bool {
        true
    }

    /// Client only: drops the write keys, back to unprotected records. Called once, after a
    /// HelloRetryRequest when 0-RTT keys were installed for the first ClientHello: the
    /// second ClientHello goes out in the clear (RFC 8446 §4.1.4, §4.2.10).
    ///
    /// # Errors
    /// The default: [`Error::InvalidState`] (a connection that never offers early data need
    /// not implement it).
    fn clear_write_keys(&mut self) -> Result<()> {
        Err(Error::InvalidState)
    }
}

/// What the caller lends the handshake for one step: randomness and time.
pub struct Env<'e> {
    /// The random source (the config's, passed through by the connection).
    pub rng: &'e mut dyn Rng,
    /// Protocol time in milliseconds from an arbitrary, monotonic origin (ticket ages).
    pub now_ms: u64,
    /// Wall-clock time in seconds since the Unix epoch, when the device knows it; certificate
    /// validity is checked only when this is `Some`.
    pub unix_time: Option<u64>,
}
