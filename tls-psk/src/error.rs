//! The error type of this crate.

use tls_codec::enums::AlertDescription;

/// Why a PSK, ticket or session operation failed. Small and `Copy`; no payload beyond the
/// crypto provider's own coarse error.
///
/// Ticket failures ([`Error::UnknownKey`], [`Error::KeyExpired`], [`Error::BadTicket`]) are not
/// fatal to a handshake: the server ignores that PSK identity and continues (RFC 8446 §4.2.11:
/// "the server ... MAY ... ignore" identities it cannot use), usually with a full handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// No ticket key is in its encrypt window now: the server issues no tickets.
    NoEncryptKey,
    /// The ticket names a key this server does not have.
    UnknownKey,
    /// The ticket's key exists but is outside its decrypt window (too old or not yet active).
    KeyExpired,
    /// The ticket failed authentication or its sealed contents are invalid. Deliberately says
    /// nothing more (no oracle).
    BadTicket,
    /// Bytes to decode (a ticket's frame, a stored session) are truncated, too long, of an
    /// unknown version, or otherwise malformed.
    Malformed,
    /// The output buffer is too small.
    BufferTooSmall,
    /// A value is outside its allowed range: an identity, ALPN name, context or server name
    /// over its limit (see the `MAX_*` constants), an empty identity or secret, a ticket
    /// lifetime over 7 days, or an early-data suite whose hash differs from the PSK's.
    InvalidValue,
    /// The crypto provider failed (including [`tls_crypto::Error::Rng`]).
    Crypto(tls_crypto::Error),
}

impl Error {
    /// A stable, short name for logs and the C API.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::NoEncryptKey => "PSK_NO_ENCRYPT_KEY",
            Self::UnknownKey => "PSK_UNKNOWN_KEY",
            Self::KeyExpired => "PSK_KEY_EXPIRED",
            Self::BadTicket => "PSK_BAD_TICKET",
            Self::Malformed => "PSK_MALFORMED",
            Self::BufferTooSmall => "PSK_BUFFER_TOO_SMALL",
            Self::InvalidValue => "PSK_INVALID_VALUE",
            Self::Crypto(e) => e.name(),
        }
    }

    /// The alert a connection sends if it must abort because of this error.
    ///
    /// Every error here is local (a ticket that fails to open is ignored, not alerted), so this
    /// is `internal_error` except for [`Error::Malformed`] (`decode_error`).
    #[must_use]
    pub const fn alert(self) -> AlertDescription {
        match self {
            Self::Malformed => AlertDescription::DECODE_ERROR,
            _ => AlertDescription::INTERNAL_ERROR,
        }
    }
}

impl From<tls_crypto::Error> for Error {
    fn from(e: tls_crypto::Error) -> Self {
        Self::Crypto(e)
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;

/// Maps any decoding failure to [`Error::Malformed`].
pub(crate) fn malformed<E>(_: E) -> Error {
    Error::Malformed
}
