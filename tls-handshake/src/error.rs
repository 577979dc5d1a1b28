//! The error type of the handshake crate.

use tls_codec::enums::AlertDescription;

/// Why a key-schedule, transcript or (later) handshake operation failed.
///
/// Small and `Copy` (a test pins its size: one byte); carries no payload beyond the crypto
/// error it wraps. [`Error::alert`] is the one place that maps an error to the alert the
/// connection sends (RFC 8446 §6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// A cryptographic primitive failed; see [`Error::alert`] for how each maps.
    Crypto(tls_crypto::Error),
    /// The peer's Finished did not verify (RFC 8446 §4.4.4).
    BadFinished,
    /// A PSK binder did not verify (RFC 8446 §4.2.11.2).
    BadBinder,
    /// A secret or digest does not have the length of the schedule's hash: values from two
    /// different hashes were mixed. A bug in the caller, never the peer's doing.
    HashMismatch,
    /// A hash the caller asked for is not being computed (e.g. a [`crate::TranscriptStart`]
    /// whose provider lacks SHA-384 collapsed for a SHA-384 suite).
    HashUnavailable,
    /// An HKDF label, context or output length is out of the range `HkdfLabel` can encode
    /// (RFC 8446 §7.1: label 7..=255 bytes with its prefix, context ≤ 255, length ≤ 65535).
    BadLength,
    /// A buffer the caller sized is too small: `needed` bytes were required (saturates at
    /// `u16::MAX`). Local, no alert is owed to the peer beyond `internal_error`.
    BufferTooSmall {
        /// The size that would have worked.
        needed: u16,
    },
}

impl Error {
    /// The alert to send for this error (RFC 8446 §6.2).
    ///
    /// A bad Finished or binder is `decrypt_error`. Crypto failures are `internal_error`,
    /// except those the peer's input causes: an invalid key share (`illegal_parameter`,
    /// RFC 8446 §4.2.8), a bad signature (`decrypt_error`) and an AEAD failure
    /// (`bad_record_mac`).
    #[must_use]
    pub const fn alert(self) -> AlertDescription {
        match self {
            Self::BadFinished | Self::BadBinder => AlertDescription::DECRYPT_ERROR,
            Self::Crypto(e) => match e {
                tls_crypto::Error::BadKey | tls_crypto::Error::WeakSharedSecret => {
                    AlertDescription::ILLEGAL_PARAMETER
                }
                tls_crypto::Error::BadSignature => AlertDescription::DECRYPT_ERROR,
                tls_crypto::Error::DecryptFailed => AlertDescription::BAD_RECORD_MAC,
                tls_crypto::Error::Unsupported
                | tls_crypto::Error::BadLength
                | tls_crypto::Error::Rng => AlertDescription::INTERNAL_ERROR,
            },
            Self::HashMismatch
            | Self::HashUnavailable
            | Self::BadLength
            | Self::BufferTooSmall { .. } => AlertDescription::INTERNAL_ERROR,
        }
    }

    /// A stable, short name for logs and the C API. A crypto error keeps its own name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Crypto(e) => e.name(),
            Self::BadFinished => "HANDSHAKE_BAD_FINISHED",
            Self::BadBinder => "HANDSHAKE_BAD_BINDER",
            Self::HashMismatch => "HANDSHAKE_HASH_MISMATCH",
            Self::HashUnavailable => "HANDSHAKE_HASH_UNAVAILABLE",
            Self::BadLength => "HANDSHAKE_BAD_LENGTH",
            Self::BufferTooSmall { .. } => "HANDSHAKE_BUFFER_TOO_SMALL",
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
