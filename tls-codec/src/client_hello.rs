//! ClientHello (RFC 8446 §4.1.2) and the PSK binder range (RFC 8446 §4.2.11.2).

use core::ops::Range;

use crate::enums::{CipherSuite, HandshakeType, ProtocolVersion};
use crate::extensions::ClientHelloExtensions;
use crate::handshake::encode_framed;
use crate::list::{encode_opaque, List};
use crate::{Codec, Prefix, Reader, Result, Writer};

/// Length of `Random` in both hellos (RFC 8446 §4.1.2).
pub const RANDOM_LEN: usize = 32;
/// Longest `legacy_session_id` (RFC 8446 §4.1.2: `opaque legacy_session_id<0..32>`).
pub const MAX_SESSION_ID_LEN: usize = 32;

/// A ClientHello (RFC 8446 §4.1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientHello<'a> {
    /// `legacy_version`: 0x0303 for TLS 1.3.
    pub legacy_version: ProtocolVersion,
    /// `Random random`.
    pub random: &'a [u8; RANDOM_LEN],
    /// `opaque legacy_session_id<0..32>`.
    pub legacy_session_id: &'a [u8],
    /// `CipherSuite cipher_suites<2..2^16-2>`.
    pub cipher_suites: List<'a, CipherSuite>,
    /// `opaque legacy_compression_methods<1..2^8-1>`; TLS 1.3 requires exactly `[0]`, which the
    /// handshake checks (`illegal_parameter`, RFC 8446 §4.1.2) since a TLS 1.2 hello may differ.
    pub legacy_compression_methods: &'a [u8],
    /// The extensions.
    pub extensions: ClientHelloExtensions<'a>,
}

impl ClientHello<'_> {
    /// Length of the encoded PSK binders list (its 2-byte prefix included), which is the tail
    /// of the encoded message; `None` without pre_shared_key.
    #[must_use]
    pub fn binders_len(&self) -> Option<usize> {
        self.extensions
            .pre_shared_key
            .as_ref()
            .map(|p| p.binders_len())
    }

    /// Where the binders list is in an encoded ClientHello handshake message of `message_len`
    /// bytes (header included): the range's start is the length of the truncated ClientHello
    /// that binders are computed over (RFC 8446 §4.2.11.2), the range covers the list with its
    /// length prefix. `None` without pre_shared_key or if `message_len` is too short.
    #[must_use]
    pub fn binders_range(&self, message_len: usize) -> Option<Range<usize>> {
        let start = message_len.checked_sub(self.binders_len()?)?;
        Some(start..message_len)
    }

    /// Encodes the whole handshake message (header included) and returns where its binders
    /// list is in `w.written()`.
    ///
    /// To send PSKs, build the ClientHello with binders of the right lengths (zeros), encode it,
    /// hash `w.written()[..range.start]` from the message's start, then fill each binder
    /// through [`Writer::written_mut`] and [`crate::extensions::binder_mut`].
    ///
    /// # Errors
    /// [`crate::Error::BufferTooSmall`] or [`crate::Error::ValueTooLarge`].
    pub fn encode_message(&self, w: &mut Writer<'_>) -> Result<Option<Range<usize>>> {
        let start = w.len();
        encode_framed(w, HandshakeType::CLIENT_HELLO, |w| self.encode(w))?;
        Ok(self
            .binders_range(w.len().saturating_sub(start))
            .map(|r| r.start.saturating_add(start)..r.end.saturating_add(start)))
    }
}

impl<'a> Codec<'a> for ClientHello<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            legacy_version: ProtocolVersion::parse(r)?,
            random: r.array()?,
            legacy_session_id: r.vec(Prefix::U8, 0, MAX_SESSION_ID_LEN)?,
            cipher_suites: List::parse(r)?,
            legacy_compression_methods: r.vec(Prefix::U8, 1, 0xff)?,
            extensions: ClientHelloExtensions::parse(r)?,
        })
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.legacy_version.encode(w)?;
        w.bytes(self.random)?;
        encode_opaque(w, Prefix::U8, 0, MAX_SESSION_ID_LEN, self.legacy_session_id)?;
        self.cipher_suites.encode(w)?;
        encode_opaque(w, Prefix::U8, 1, 0xff, self.legacy_compression_methods)?;
        self.extensions.encode(w)
    }
}
