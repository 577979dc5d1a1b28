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
    /// This error's stable number, `0x06NN`: the PSK layer (6) in the high byte, the variant
    /// (from 1, in declaration order) in the low byte; a crypto error keeps its own number
    /// (`0x05NN`, as it keeps its name). Numbers are never reused or changed; a new variant
    /// takes the next one. [`Error::from_number`] is the inverse, and [`Error::name`] the
    /// matching name.
    #[must_use]
    pub const fn number(self) -> u16 {
        LAYER
            | match self {
                Self::NoEncryptKey => 1,
                Self::UnknownKey => 2,
                Self::KeyExpired => 3,
                Self::BadTicket => 4,
                Self::Malformed => 5,
                Self::BufferTooSmall => 6,
                Self::InvalidValue => 7,
                Self::Crypto(e) => return e.number(),
            }
    }

    /// The error whose [`Error::number`] is `n`, if there is one (a crypto error's number
    /// gives [`Error::Crypto`]).
    #[must_use]
    pub const fn from_number(n: u16) -> Option<Self> {
        if let Some(e) = tls_crypto::Error::from_number(n) {
            return Some(Self::Crypto(e));
        }
        if n & 0xff00 != LAYER {
            return None;
        }
        Some(match n & 0xff {
            1 => Self::NoEncryptKey,
            2 => Self::UnknownKey,
            3 => Self::KeyExpired,
            4 => Self::BadTicket,
            5 => Self::Malformed,
            6 => Self::BufferTooSmall,
            7 => Self::InvalidValue,
            _ => return None,
        })
    }

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

/// The high byte of this layer's [`Error::number`]s.
const LAYER: u16 = 0x0600;

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
