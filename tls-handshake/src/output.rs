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
use crate::suite::Suite;
use crate::Result;
use tls_crypto::Rng;

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
    },
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
