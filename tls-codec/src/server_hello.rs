//! ServerHello and HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4).
//!
//! Both share the `server_hello` type and structure; a HelloRetryRequest is the ServerHello
//! whose random is [`HELLO_RETRY_REQUEST_RANDOM`]. [`is_hello_retry_request`] tells them apart
//! from the body bytes; [`crate::HandshakeMessage`] parses each into its own type.

use crate::client_hello::{MAX_SESSION_ID_LEN, RANDOM_LEN};
use crate::enums::{CipherSuite, ProtocolVersion};
use crate::extensions::{HelloRetryRequestExtensions, ServerHelloExtensions};
use crate::list::encode_opaque;
use crate::{Codec, Error, Prefix, Reader, Result, Writer};

/// The random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3).
pub const HELLO_RETRY_REQUEST_RANDOM: [u8; RANDOM_LEN] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// Whether a `server_hello` body is a HelloRetryRequest (its random, after the 2-byte
/// legacy_version, is [`HELLO_RETRY_REQUEST_RANDOM`]). `false` for a body too short to tell.
#[must_use]
pub fn is_hello_retry_request(body: &[u8]) -> bool {
    body.get(2..2usize.saturating_add(RANDOM_LEN)) == Some(&HELLO_RETRY_REQUEST_RANDOM[..])
}

/// The fields every `server_hello` shares, up to the extensions.
struct Head<'a> {
    legacy_version: ProtocolVersion,
    random: &'a [u8; RANDOM_LEN],
    legacy_session_id_echo: &'a [u8],
    cipher_suite: CipherSuite,
    legacy_compression_method: u8,
}

impl<'a> Head<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            legacy_version: ProtocolVersion::parse(r)?,
            random: r.array()?,
            legacy_session_id_echo: r.vec(Prefix::U8, 0, MAX_SESSION_ID_LEN)?,
            cipher_suite: CipherSuite::parse(r)?,
            legacy_compression_method: r.u8()?,
        })
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.legacy_version.encode(w)?;
        w.bytes(self.random)?;
        encode_opaque(
            w,
            Prefix::U8,
            0,
            MAX_SESSION_ID_LEN,
            self.legacy_session_id_echo,
        )?;
        self.cipher_suite.encode(w)?;
        w.u8(self.legacy_compression_method)
    }
}

/// A ServerHello (RFC 8446 §4.1.3) that is not a HelloRetryRequest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerHello<'a> {
    /// `legacy_version`: 0x0303.
    pub legacy_version: ProtocolVersion,
    /// `Random random`.
    pub random: &'a [u8; RANDOM_LEN],
    /// `opaque legacy_session_id_echo<0..32>`.
    pub legacy_session_id_echo: &'a [u8],
    /// The selected suite.
    pub cipher_suite: CipherSuite,
    /// `legacy_compression_method`, which must be 0 (the handshake checks it).
    pub legacy_compression_method: u8,
    /// The extensions.
    pub extensions: ServerHelloExtensions<'a>,
}

impl ServerHello<'_> {
    /// Whether the random is [`HELLO_RETRY_REQUEST_RANDOM`]: never for a parsed ServerHello
    /// (a HelloRetryRequest parses as [`HelloRetryRequest`]).
    #[must_use]
    pub fn is_hello_retry_request(&self) -> bool {
        *self.random == HELLO_RETRY_REQUEST_RANDOM
    }
}

impl<'a> Codec<'a> for ServerHello<'a> {
    /// # Errors
    /// [`Error::UnexpectedMessage`] if the random is the HelloRetryRequest value (parse it as
    /// [`HelloRetryRequest`]), else the decode error.
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        let head = Head::parse(r)?;
        if *head.random == HELLO_RETRY_REQUEST_RANDOM {
            return Err(Error::UnexpectedMessage);
        }
        Ok(Self {
            legacy_version: head.legacy_version,
            random: head.random,
            legacy_session_id_echo: head.legacy_session_id_echo,
            cipher_suite: head.cipher_suite,
            legacy_compression_method: head.legacy_compression_method,
            extensions: ServerHelloExtensions::parse(r)?,
        })
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        Head {
            legacy_version: self.legacy_version,
            random: self.random,
            legacy_session_id_echo: self.legacy_session_id_echo,
            cipher_suite: self.cipher_suite,
            legacy_compression_method: self.legacy_compression_method,
        }
        .encode(w)?;
        self.extensions.encode(w)
    }
}

/// A HelloRetryRequest (RFC 8446 §4.1.4): a ServerHello whose random is
/// [`HELLO_RETRY_REQUEST_RANDOM`] (so it has no random field of its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HelloRetryRequest<'a> {
    /// `legacy_version`: 0x0303.
    pub legacy_version: ProtocolVersion,
    /// `opaque legacy_session_id_echo<0..32>`.
    pub legacy_session_id_echo: &'a [u8],
    /// The selected suite.
    pub cipher_suite: CipherSuite,
    /// `legacy_compression_method`, which must be 0 (the handshake checks it).
    pub legacy_compression_method: u8,
    /// The extensions.
    pub extensions: HelloRetryRequestExtensions<'a>,
}

impl HelloRetryRequest<'_> {
    /// Always `true`.
    #[must_use]
    pub const fn is_hello_retry_request(&self) -> bool {
        true
    }
}

impl<'a> Codec<'a> for HelloRetryRequest<'a> {
    /// # Errors
    /// [`Error::UnexpectedMessage`] if the random is not the HelloRetryRequest value, else the
    /// decode error.
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        let head = Head::parse(r)?;
        if *head.random != HELLO_RETRY_REQUEST_RANDOM {
            return Err(Error::UnexpectedMessage);
        }
        Ok(Self {
            legacy_version: head.legacy_version,
            legacy_session_id_echo: head.legacy_session_id_echo,
            cipher_suite: head.cipher_suite,
            legacy_compression_method: head.legacy_compression_method,
            extensions: HelloRetryRequestExtensions::parse(r)?,
        })
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        Head {
            legacy_version: self.legacy_version,
            random: &HELLO_RETRY_REQUEST_RANDOM,
            legacy_session_id_echo: self.legacy_session_id_echo,
            cipher_suite: self.cipher_suite,
            legacy_compression_method: self.legacy_compression_method,
        }
        .encode(w)?;
        self.extensions.encode(w)
    }
}
