//! The error type of the handshake crate.

use tls_codec::enums::AlertDescription;

/// Why a key-schedule, transcript or handshake operation failed.
///
/// Small and `Copy` (a test pins its size: at most four bytes); carries no payload beyond the
/// lower-layer error it wraps. [`Error::alert`] is the one place that maps an error to the alert the
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
    /// A peer's message failed to decode, or broke a syntax rule the codec checks; the codec
    /// error names its alert (`decode_error`, `illegal_parameter`, `unexpected_message`,
    /// `missing_extension`).
    Codec(tls_codec::Error),
    /// The peer's certificate chain was rejected (its alert: `bad_certificate`, `unknown_ca`,
    /// `certificate_expired`, `unsupported_certificate`, ...).
    Certificate(tls_cert::Error),
    /// A PSK, ticket or session operation failed locally (sealing a ticket, building a
    /// session from a config value out of range).
    Psk(tls_psk::Error),
    /// A message that is not allowed in the current state (RFC 8446 §4, §6.2).
    UnexpectedMessage,
    /// No common cipher suite, group or signature scheme (RFC 8446 §4.1.1).
    HandshakeFailure,
    /// A mandatory extension is absent (RFC 8446 §4.2, §9.2).
    MissingExtension,
    /// A field has a value that is syntactically right but not acceptable (RFC 8446 §6.2).
    IllegalParameter,
    /// The peer cannot do TLS 1.3 (RFC 8446 §4.2.1).
    ProtocolVersion,
    /// No ALPN protocol in common (RFC 7301 §3.2).
    NoApplicationProtocol,
    /// A server requiring a client certificate got none (RFC 8446 §4.4.2.4).
    CertificateRequired,
    /// The peer sent an extension we did not offer or do not know in a response
    /// (RFC 8446 §4.2).
    UnsupportedExtension,
    /// A message is malformed in a way the handshake (not the codec) found, e.g. a Finished of
    /// the wrong length or an empty server Certificate (RFC 8446 §4.4.2.4, §4.4.4).
    DecodeError,
    /// A method was called in a state that does not allow it (e.g. `send_key_update` before
    /// the handshake is complete, `handle` after a fatal error). No alert is owed beyond
    /// `internal_error`.
    InvalidState,
    /// The configuration cannot work: a server without an identity, a signer whose algorithm
    /// TLS 1.3 cannot use, too many ALPN protocols or certificates, an invalid server name.
    InvalidConfig,
}

impl Error {
    /// The alert to send for this error (RFC 8446 §6.2).
    ///
    /// A bad Finished or binder is `decrypt_error`. Crypto failures are `internal_error`,
    /// except those the peer's input causes: an invalid key share (`illegal_parameter`,
    /// RFC 8446 §4.2.8), a bad signature (`decrypt_error`) and an AEAD failure
    /// (`bad_record_mac`). Codec and certificate errors keep the alert their crate names.
    #[must_use]
    pub const fn alert(self) -> AlertDescription {
        match self {
            Self::Codec(e) => match e.alert() {
                Some(a) => a,
                None => AlertDescription::INTERNAL_ERROR,
            },
            Self::Certificate(e) => AlertDescription(e.alert()),
            Self::Psk(e) => e.alert(),
            Self::UnexpectedMessage => AlertDescription::UNEXPECTED_MESSAGE,
            Self::HandshakeFailure => AlertDescription::HANDSHAKE_FAILURE,
            Self::MissingExtension => AlertDescription::MISSING_EXTENSION,
            Self::IllegalParameter => AlertDescription::ILLEGAL_PARAMETER,
            Self::ProtocolVersion => AlertDescription::PROTOCOL_VERSION,
            Self::NoApplicationProtocol => AlertDescription::NO_APPLICATION_PROTOCOL,
            Self::CertificateRequired => AlertDescription::CERTIFICATE_REQUIRED,
            Self::UnsupportedExtension => AlertDescription::UNSUPPORTED_EXTENSION,
            Self::DecodeError => AlertDescription::DECODE_ERROR,
            Self::InvalidState | Self::InvalidConfig => AlertDescription::INTERNAL_ERROR,
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

    /// This error's stable number, `0x02NN`: the handshake layer (2) in the high byte, the
    /// variant (from 1, in declaration order, the wrapping ones left out) in the low byte. A
    /// wrapped error keeps its own layer's number, as it keeps its name: codec `0x03NN`,
    /// certificate `0x04NN`, crypto `0x05NN`, PSK `0x06NN`. Numbers are never reused or
    /// changed; a new variant takes the next one. [`Error::from_number`] is the inverse, and
    /// [`Error::name`] the matching name.
    #[must_use]
    pub const fn number(self) -> u16 {
        LAYER
            | match self {
                Self::Crypto(e) => return e.number(),
                Self::Codec(e) => return e.number(),
                Self::Certificate(e) => return e.number(),
                Self::Psk(e) => return e.number(),
                Self::BadFinished => 1,
                Self::BadBinder => 2,
                Self::HashMismatch => 3,
                Self::HashUnavailable => 4,
                Self::BadLength => 5,
                Self::BufferTooSmall { .. } => 6,
                Self::UnexpectedMessage => 7,
                Self::HandshakeFailure => 8,
                Self::MissingExtension => 9,
                Self::IllegalParameter => 10,
                Self::ProtocolVersion => 11,
                Self::NoApplicationProtocol => 12,
                Self::CertificateRequired => 13,
                Self::UnsupportedExtension => 14,
                Self::DecodeError => 15,
                Self::InvalidState => 16,
                Self::InvalidConfig => 17,
            }
    }

    /// The error whose [`Error::number`] is `n`, if there is one: a wrapped layer's number
    /// gives its wrapping variant (a crypto error [`Error::Crypto`], not inside
    /// [`Error::Psk`]), and `BufferTooSmall` comes with `needed` 0.
    #[must_use]
    pub const fn from_number(n: u16) -> Option<Self> {
        if let Some(e) = tls_crypto::Error::from_number(n) {
            return Some(Self::Crypto(e));
        }
        if let Some(e) = tls_codec::Error::from_number(n) {
            return Some(Self::Codec(e));
        }
        if let Some(e) = tls_cert::Error::from_number(n) {
            return Some(Self::Certificate(e));
        }
        if let Some(e) = tls_psk::Error::from_number(n) {
            return Some(Self::Psk(e));
        }
        if n & 0xff00 != LAYER {
            return None;
        }
        Some(match n & 0xff {
            1 => Self::BadFinished,
            2 => Self::BadBinder,
            3 => Self::HashMismatch,
            4 => Self::HashUnavailable,
            5 => Self::BadLength,
            6 => Self::BufferTooSmall { needed: 0 },
            7 => Self::UnexpectedMessage,
            8 => Self::HandshakeFailure,
            9 => Self::MissingExtension,
            10 => Self::IllegalParameter,
            11 => Self::ProtocolVersion,
            12 => Self::NoApplicationProtocol,
            13 => Self::CertificateRequired,
            14 => Self::UnsupportedExtension,
            15 => Self::DecodeError,
            16 => Self::InvalidState,
            17 => Self::InvalidConfig,
            _ => return None,
        })
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
            Self::Codec(e) => e.name(),
            Self::Certificate(e) => e.name(),
            Self::Psk(e) => e.name(),
            Self::UnexpectedMessage => "HANDSHAKE_UNEXPECTED_MESSAGE",
            Self::HandshakeFailure => "HANDSHAKE_FAILURE",
            Self::MissingExtension => "HANDSHAKE_MISSING_EXTENSION",
            Self::IllegalParameter => "HANDSHAKE_ILLEGAL_PARAMETER",
            Self::ProtocolVersion => "HANDSHAKE_PROTOCOL_VERSION",
            Self::NoApplicationProtocol => "HANDSHAKE_NO_APPLICATION_PROTOCOL",
            Self::CertificateRequired => "HANDSHAKE_CERTIFICATE_REQUIRED",
            Self::UnsupportedExtension => "HANDSHAKE_UNSUPPORTED_EXTENSION",
            Self::DecodeError => "HANDSHAKE_DECODE_ERROR",
            Self::InvalidState => "HANDSHAKE_INVALID_STATE",
            Self::InvalidConfig => "HANDSHAKE_INVALID_CONFIG",
        }
    }
}

/// The high byte of this layer's [`Error::number`]s.
const LAYER: u16 = 0x0200;

impl From<tls_crypto::Error> for Error {
    fn from(e: tls_crypto::Error) -> Self {
        Self::Crypto(e)
    }
}

impl From<tls_codec::Error> for Error {
    fn from(e: tls_codec::Error) -> Self {
        Self::Codec(e)
    }
}

impl From<tls_psk::Error> for Error {
    fn from(e: tls_psk::Error) -> Self {
        Self::Psk(e)
    }
}

impl From<tls_cert::Error> for Error {
    fn from(e: tls_cert::Error) -> Self {
        Self::Certificate(e)
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
