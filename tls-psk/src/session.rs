//! What a client keeps between connections to resume (`s2n_connection_get_session`,
//! `s2n_connection_set_session`, the bytes the ticket callback hands over).
//!
//! # Encoding (version 1)
//!
//! ```text
//! version 1 (1) || suite (2) || psk<1..48> (u8 length) || ticket<1..1024> (u16 length) ||
//! lifetime_s (4) || age_add (4) || received_ms (8) || max_early_data (4) ||
//! alpn<0..255> (u8) || server_name<0..255> (u8)
//! ```
//!
//! All integers big-endian. Decoding rejects truncation, trailing bytes, an unknown version,
//! an unknown suite, a PSK of the wrong length and a lifetime over 7 days. **The encoding holds
//! the resumption secret**: store it like a key and wipe buffers that held it.

use crate::bytes::{Bytes, OptHex};
use crate::error::malformed;
use crate::{
    suite_hash, Error, Result, MAX_ALPN_LEN, MAX_SERVER_NAME_LEN, MAX_TICKET_LEN,
    MAX_TICKET_LIFETIME_S,
};
use tls_codec::enums::CipherSuite;
use tls_codec::{Prefix, Reader, Writer};
use tls_crypto::{HashAlgorithm, Secret};

/// Version byte of the encoded [`Session`].
const SESSION_VERSION: u8 = 1;
/// Milliseconds per second.
const MS_PER_S: u64 = 1000;

/// A resumable session: the server's ticket and what the client derived with it.
///
/// The PSK is wiped on drop; `Debug` does not show it.
///
/// ```
/// use tls_codec::enums::CipherSuite;
/// use tls_crypto::Secret;
/// use tls_psk::{Session, MAX_SESSION_LEN};
///
/// let psk = Secret::from_slice(&[7; 32])?;
/// let session = Session::new(CipherSuite::TLS_AES_128_GCM_SHA256, psk, b"ticket", 3600, 5, 1_000)?;
/// let mut stored = [0u8; MAX_SESSION_LEN];
/// let n = session.encode(&mut stored)?;
/// let restored = Session::decode(&stored[..n])?;
/// assert_eq!(restored.obfuscated_age(1_250), Some(255)); // 250 ms + age_add 5
/// assert_eq!(restored.obfuscated_age(1_000 + 3_600_001), None); // expired
/// # Ok::<(), tls_psk::Error>(())
/// ```
#[derive(Clone)]
pub struct Session {
    suite: CipherSuite,
    psk: Secret,
    ticket: Bytes<MAX_TICKET_LEN>,
    lifetime_s: u32,
    age_add: u32,
    received_ms: u64,
    max_early_data: u32,
    alpn: Bytes<MAX_ALPN_LEN>,
    server_name: Bytes<MAX_SERVER_NAME_LEN>,
}

impl Session {
    /// A session for `ticket` (from a NewSessionTicket received at `received_ms`, client clock)
    /// with the resumption `psk` derived from it (RFC 8446 §4.6.1) under `suite`. No early
    /// data, ALPN or server name.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if the suite is unknown, the PSK is not the suite's hash length,
    /// the ticket is empty or longer than [`MAX_TICKET_LEN`] (the client then does not store
    /// it), or `lifetime_s` exceeds [`MAX_TICKET_LIFETIME_S`] (RFC 8446 §4.6.1).
    pub fn new(
        suite: CipherSuite,
        psk: Secret,
        ticket: &[u8],
        lifetime_s: u32,
        age_add: u32,
        received_ms: u64,
    ) -> Result<Self> {
        Self::new_with(suite, psk, ticket, lifetime_s, age_add, received_ms, |s| {
            s.clone()
        })
    }

    /// [`Session::new`]'s session, built in place in this call's frame and lent to `f` (to
    /// set its early data, ALPN and server name, and use it), then dropped (the PSK wiped): no session-sized
    /// value (over 1.6 KB with the ticket inline) is moved or copied.
    ///
    /// # Errors
    /// As [`Session::new`] (`f` is not called then).
    pub fn new_with<R>(
        suite: CipherSuite,
        psk: Secret,
        ticket: &[u8],
        lifetime_s: u32,
        age_add: u32,
        received_ms: u64,
        f: impl FnOnce(&mut Self) -> R,
    ) -> Result<R> {
        check(suite, psk.len(), ticket, lifetime_s)?;
        let mut s = Self::blank(suite, psk, lifetime_s, age_add, received_ms);
        s.ticket.set(ticket)?;
        Ok(f(&mut s))
    }

    /// A session of these fields, with an empty ticket, ALPN and server name (filled in place
    /// by the callers, which have checked the fields).
    #[inline(always)]
    fn blank(
        suite: CipherSuite,
        psk: Secret,
        lifetime_s: u32,
        age_add: u32,
        received_ms: u64,
    ) -> Self {
        Self {
            suite,
            psk,
            ticket: Bytes::new(),
            lifetime_s,
            age_add,
            received_ms,
            max_early_data: 0,
            alpn: Bytes::new(),
            server_name: Bytes::new(),
        }
    }

    /// Sets the ticket's `max_early_data_size` (from its early_data extension; 0: none).
    pub fn set_max_early_data(&mut self, max_early_data: u32) {
        self.max_early_data = max_early_data;
    }

    /// Sets the ALPN protocol of the connection (early data must use the same).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `Some` is empty or over [`MAX_ALPN_LEN`].
    pub fn set_alpn(&mut self, alpn: Option<&[u8]>) -> Result<()> {
        self.alpn.set_optional(alpn)
    }

    /// Sets the server name the session is for (resume only with the same).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `Some` is empty or over [`MAX_SERVER_NAME_LEN`].
    pub fn set_server_name(&mut self, server_name: Option<&[u8]>) -> Result<()> {
        self.server_name.set_optional(server_name)
    }

    /// The cipher suite of the connection that received the ticket.
    #[must_use]
    pub const fn suite(&self) -> CipherSuite {
        self.suite
    }

    /// The hash of the suite and PSK (always `Some` for a constructed session).
    #[must_use]
    pub fn hash(&self) -> Option<HashAlgorithm> {
        suite_hash(self.suite)
    }

    /// The resumption PSK.
    #[must_use]
    pub const fn psk(&self) -> &Secret {
        &self.psk
    }

    /// The ticket: the PSK identity to offer.
    #[must_use]
    pub fn ticket(&self) -> &[u8] {
        self.ticket.as_slice()
    }

    /// The ticket lifetime in seconds.
    #[must_use]
    pub const fn lifetime_s(&self) -> u32 {
        self.lifetime_s
    }

    /// The ticket's `ticket_age_add`.
    #[must_use]
    pub const fn age_add(&self) -> u32 {
        self.age_add
    }

    /// When the ticket was received, in the client's milliseconds.
    #[must_use]
    pub const fn received_ms(&self) -> u64 {
        self.received_ms
    }

    /// The most 0-RTT data the client may send with this session (0: none).
    #[must_use]
    pub const fn max_early_data(&self) -> u32 {
        self.max_early_data
    }

    /// The ALPN protocol of the original connection, if any.
    #[must_use]
    pub fn alpn(&self) -> Option<&[u8]> {
        self.alpn.as_option()
    }

    /// The server name the session is for, if any.
    #[must_use]
    pub fn server_name(&self) -> Option<&[u8]> {
        self.server_name.as_option()
    }

    /// The `obfuscated_ticket_age` to offer at `now_ms` (RFC 8446 §4.2.11.1): the ticket's age
    /// in milliseconds plus `age_add`, mod 2^32. A clock earlier than `received_ms` counts as
    /// age 0.
    ///
    /// Returns `None` when the session must not be offered: its age exceeds its lifetime
    /// (RFC 8446 §4.6.1), or the lifetime is 0.
    #[must_use]
    pub fn obfuscated_age(&self, now_ms: u64) -> Option<u32> {
        self.view().obfuscated_age(now_ms)
    }

    /// The session borrowed, as a client offers it.
    #[must_use]
    pub fn view(&self) -> SessionRef<'_> {
        SessionRef {
            suite: self.suite,
            psk: self.psk.as_bytes(),
            ticket: self.ticket.as_slice(),
            lifetime_s: self.lifetime_s,
            age_add: self.age_add,
            received_ms: self.received_ms,
            max_early_data: self.max_early_data,
            alpn: self.alpn.as_option(),
            server_name: self.server_name.as_option(),
        }
    }

    /// Length of [`Session::encode`]'s output (at most [`crate::MAX_SESSION_LEN`]).
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        // version, suite, psk prefix, ticket prefix, lifetime, age_add, received,
        // max_early_data, alpn prefix, server name prefix.
        const FIXED: usize = 1 + 2 + 1 + 2 + 4 + 4 + 8 + 4 + 1 + 1;
        FIXED
            .saturating_add(self.psk.len())
            .saturating_add(self.ticket.as_slice().len())
            .saturating_add(self.alpn.as_slice().len())
            .saturating_add(self.server_name.as_slice().len())
    }

    /// Writes the session to `out` (see the [module docs](self)), returning its length. The
    /// output holds the PSK.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if `out` is shorter than [`Session::encoded_len`] (nothing is
    /// written then).
    pub fn encode(&self, out: &mut [u8]) -> Result<usize> {
        if out.len() < self.encoded_len() {
            return Err(Error::BufferTooSmall);
        }
        let mut w = Writer::new(out);
        self.write(&mut w).map_err(|_| Error::BufferTooSmall)?;
        Ok(w.len())
    }

    fn write(&self, w: &mut Writer<'_>) -> tls_codec::Result<()> {
        w.u8(SESSION_VERSION)?;
        w.u16(self.suite.get())?;
        w.vec(Prefix::U8, self.psk.as_bytes())?;
        w.vec(Prefix::U16, self.ticket.as_slice())?;
        w.u32(self.lifetime_s)?;
        w.u32(self.age_add)?;
        w.bytes(&self.received_ms.to_be_bytes())?;
        w.u32(self.max_early_data)?;
        w.vec(Prefix::U8, self.alpn.as_slice())?;
        w.vec(Prefix::U8, self.server_name.as_slice())
    }

    /// Reads a session written by [`Session::encode`].
    ///
    /// # Errors
    /// [`Error::Malformed`] if the bytes are truncated, followed by anything, of another
    /// version, or hold an invalid field (see the [module docs](self)).
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        Self::decode_with(bytes, |s| s.clone())
    }

    /// The session encoded in `bytes`, decoded in place in this call's frame and lent to `f`,
    /// then dropped (the PSK wiped): no session-sized value is moved or copied (a client resuming from stored
    /// bytes needs the session only to write its ClientHello).
    ///
    /// # Errors
    /// As [`Session::decode`] (`f` is not called then).
    pub fn decode_with<R>(bytes: &[u8], f: impl FnOnce(&Self) -> R) -> Result<R> {
        let e = Encoded::parse(bytes)?;
        let psk = Secret::from_slice(e.psk).map_err(malformed)?;
        let mut s = Self::blank(e.suite, psk, e.lifetime_s, e.age_add, e.received_ms);
        s.max_early_data = e.max_early_data;
        s.ticket.set(e.ticket).map_err(malformed)?;
        s.alpn.set(e.alpn).map_err(malformed)?;
        s.server_name.set(e.server_name).map_err(malformed)?;
        Ok(f(&s))
    }

    /// The `max_early_data` of the session encoded in `bytes`, checked as
    /// [`Session::decode`] checks it, without building the session.
    ///
    /// # Errors
    /// As [`Session::decode`].
    pub fn decode_max_early_data(bytes: &[u8]) -> Result<u32> {
        Encoded::parse(bytes).map(|e| e.max_early_data)
    }
}

/// The checks of [`Session::new`]: a known suite, a PSK of its hash's length, a ticket of
/// 1 to [`MAX_TICKET_LEN`] bytes, a lifetime of at most [`MAX_TICKET_LIFETIME_S`].
fn check(suite: CipherSuite, psk_len: usize, ticket: &[u8], lifetime_s: u32) -> Result<()> {
    match suite_hash(suite) {
        Some(h) if h.output_len() == psk_len => {}
        _ => return Err(Error::InvalidValue),
    }
    if ticket.is_empty() || ticket.len() > MAX_TICKET_LEN || lifetime_s > MAX_TICKET_LIFETIME_S {
        return Err(Error::InvalidValue);
    }
    Ok(())
}

/// An encoded session's fields, borrowed from its bytes and checked.
struct Encoded<'a> {
    suite: CipherSuite,
    psk: &'a [u8],
    ticket: &'a [u8],
    lifetime_s: u32,
    age_add: u32,
    received_ms: u64,
    max_early_data: u32,
    alpn: &'a [u8],
    server_name: &'a [u8],
}

impl<'a> Encoded<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        if r.u8().map_err(malformed)? != SESSION_VERSION {
            return Err(Error::Malformed);
        }
        let e = Self {
            suite: CipherSuite::from(r.u16().map_err(malformed)?),
            psk: r.vec(Prefix::U8, 1, 0xff).map_err(malformed)?,
            ticket: r.vec(Prefix::U16, 1, MAX_TICKET_LEN).map_err(malformed)?,
            lifetime_s: r.u32().map_err(malformed)?,
            age_add: r.u32().map_err(malformed)?,
            received_ms: u64::from_be_bytes(*r.array::<8>().map_err(malformed)?),
            max_early_data: r.u32().map_err(malformed)?,
            alpn: r.vec(Prefix::U8, 0, MAX_ALPN_LEN).map_err(malformed)?,
            server_name: r
                .vec(Prefix::U8, 0, MAX_SERVER_NAME_LEN)
                .map_err(malformed)?,
        };
        r.finish().map_err(malformed)?;
        check(e.suite, e.psk.len(), e.ticket, e.lifetime_s).map_err(malformed)?;
        Ok(e)
    }
}

/// A session borrowed: from a [`Session`] ([`Session::view`]) or straight from its encoding
/// ([`SessionRef::decode`], no session-sized copy: a client resuming from stored bytes needs
/// the session only to write its ClientHello). Holds the resumption PSK by reference.
#[derive(Clone, Copy)]
pub struct SessionRef<'a> {
    suite: CipherSuite,
    psk: &'a [u8],
    ticket: &'a [u8],
    lifetime_s: u32,
    age_add: u32,
    received_ms: u64,
    max_early_data: u32,
    alpn: Option<&'a [u8]>,
    server_name: Option<&'a [u8]>,
}

impl<'a> SessionRef<'a> {
    /// The session encoded in `bytes` (as [`Session::encode`] writes it), borrowed from them.
    ///
    /// # Errors
    /// As [`Session::decode`].
    pub fn decode(bytes: &'a [u8]) -> Result<Self> {
        let e = Encoded::parse(bytes)?;
        Ok(Self {
            suite: e.suite,
            psk: e.psk,
            ticket: e.ticket,
            lifetime_s: e.lifetime_s,
            age_add: e.age_add,
            received_ms: e.received_ms,
            max_early_data: e.max_early_data,
            alpn: (!e.alpn.is_empty()).then_some(e.alpn),
            server_name: (!e.server_name.is_empty()).then_some(e.server_name),
        })
    }

    /// As [`Session::suite`].
    #[must_use]
    pub const fn suite(&self) -> CipherSuite {
        self.suite
    }

    /// The resumption PSK's bytes.
    #[must_use]
    pub const fn psk(&self) -> &'a [u8] {
        self.psk
    }

    /// As [`Session::ticket`].
    #[must_use]
    pub const fn ticket(&self) -> &'a [u8] {
        self.ticket
    }

    /// As [`Session::max_early_data`].
    #[must_use]
    pub const fn max_early_data(&self) -> u32 {
        self.max_early_data
    }

    /// As [`Session::alpn`].
    #[must_use]
    pub const fn alpn(&self) -> Option<&'a [u8]> {
        self.alpn
    }

    /// As [`Session::server_name`].
    #[must_use]
    pub const fn server_name(&self) -> Option<&'a [u8]> {
        self.server_name
    }

    /// As [`Session::obfuscated_age`].
    #[must_use]
    pub fn obfuscated_age(&self, now_ms: u64) -> Option<u32> {
        let age_ms = now_ms.saturating_sub(self.received_ms);
        let lifetime_ms =
            u64::from(self.lifetime_s.min(MAX_TICKET_LIFETIME_S)).saturating_mul(MS_PER_S);
        if self.lifetime_s == 0 || age_ms > lifetime_ms {
            return None;
        }
        // At most 604 800 000 ms, which fits in a u32.
        let age = u32::try_from(age_ms).ok()?;
        Some(age.wrapping_add(self.age_add))
    }
}

impl core::fmt::Debug for SessionRef<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SessionRef")
            .field("suite", &self.suite)
            .field("psk", &format_args!("<{} bytes, redacted>", self.psk.len()))
            .field("ticket", &format_args!("<{} bytes>", self.ticket.len()))
            .field("lifetime_s", &self.lifetime_s)
            .field("age_add", &self.age_add)
            .field("received_ms", &self.received_ms)
            .field("max_early_data", &self.max_early_data)
            .field("alpn", &OptHex(self.alpn))
            .field("server_name", &OptHex(self.server_name))
            .finish()
    }
}

impl PartialEq for Session {
    /// Field-wise equality; the PSK is compared in constant time.
    fn eq(&self, other: &Self) -> bool {
        self.psk.ct_eq(other.psk.as_bytes())
            && self.suite == other.suite
            && self.ticket == other.ticket
            && self.lifetime_s == other.lifetime_s
            && self.age_add == other.age_add
            && self.received_ms == other.received_ms
            && self.max_early_data == other.max_early_data
            && self.alpn == other.alpn
            && self.server_name == other.server_name
    }
}

impl Eq for Session {}

impl core::fmt::Debug for Session {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Session")
            .field("suite", &self.suite)
            .field("psk", &self.psk)
            .field(
                "ticket",
                &format_args!("<{} bytes>", self.ticket.as_slice().len()),
            )
            .field("lifetime_s", &self.lifetime_s)
            .field("age_add", &self.age_add)
            .field("received_ms", &self.received_ms)
            .field("max_early_data", &self.max_early_data)
            .field("alpn", &OptHex(self.alpn()))
            .field("server_name", &OptHex(self.server_name()))
            .finish()
    }
}
