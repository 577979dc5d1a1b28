//! The record layer's one error type and its alert mapping.

use tls_codec::enums::AlertDescription;

/// Why a record could not be sealed, framed or opened.
///
/// Small and `Copy` (two bytes). Errors caused by the peer's bytes name the alert RFC 8446 asks
/// the receiver to send ([`Error::alert`]); errors of the local side name none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    // -- The peer's bytes are wrong (kind `Protocol`). --
    /// The record did not authenticate, or its fragment is shorter than the AEAD tag
    /// (RFC 8446 §5.2: `bad_record_mac`).
    BadRecordMac,
    /// The record is longer than the limit in force: a ciphertext over 2^14 + 256 bytes (or over
    /// the negotiated limit plus the tag), a plaintext record over 2^14 bytes, or a
    /// TLSInnerPlaintext over the limit (RFC 8446 §5.1, §5.2, §5.4; RFC 8449 §4:
    /// `record_overflow`).
    RecordOverflow,
    /// A record type that is not allowed here: an unknown outer or inner type, a protected record
    /// whose outer type is not `application_data`, a plaintext `application_data` record, or a
    /// protected `change_cipher_spec` (RFC 8446 §5, §5.2: `unexpected_message`).
    UnexpectedContentType,
    /// The decrypted TLSInnerPlaintext is all zeros, so it has no content type
    /// (RFC 8446 §5.4: `unexpected_message`).
    NoContentType,
    /// A zero-length handshake or alert fragment (RFC 8446 §5.1 forbids sending one; Wren answers
    /// `unexpected_message`).
    EmptyFragment,
    /// A `change_cipher_spec` record whose content is not the single byte 0x01
    /// (RFC 8446 §5: `unexpected_message`).
    BadChangeCipherSpec,

    // -- The caller asked for something impossible (kind `Usage`). --
    /// The content (plus content type and padding) exceeds the record limit in force. Callers
    /// split writes into records of at most [`crate::RecordLimit::max_content_len`] bytes.
    ContentTooLong,
    /// The buffer cannot hold the record being built (see [`crate::sealed_record_len`]).
    BufferTooSmall,
    /// The buffer holds less than the complete record its header announces; frame records with
    /// [`crate::frame`] before opening them.
    Incomplete,
    /// The content type cannot be sent this way: `change_cipher_spec` or an unknown type in a
    /// protected record, `application_data` in a plaintext one, or an empty handshake or alert.
    InvalidContentType,
    /// A record limit outside 64 ..= 2^14 + 1 (RFC 8449 §4).
    InvalidLimit,
    /// An attempt to move a sequence number backwards (it would reuse a nonce).
    SequenceRewind,

    // -- Local conditions that end the connection (kind `Internal`). --
    /// The sequence number would wrap: 2^64 records have used this key. The connection must
    /// rekey (KeyUpdate) or close (RFC 8446 §5.3).
    SequenceExhausted,
    /// The crypto provider failed (keying, or a provider fault other than a failed tag check).
    Crypto(tls_crypto::Error),
}

/// Who is at fault for an [`Error`], as a hint for the connection's error kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The peer sent bytes that break the protocol; [`Error::alert`] names the alert to send.
    Protocol,
    /// The caller misused the API (a bug on our side of the wire); no alert.
    Usage,
    /// A local limit or provider failure; the connection must end (or rekey). No alert.
    Internal,
}

impl Error {
    /// The alert to send to the peer, or `None` for local and usage errors.
    #[must_use]
    pub const fn alert(self) -> Option<AlertDescription> {
        match self {
            Self::BadRecordMac => Some(AlertDescription::BAD_RECORD_MAC),
            Self::RecordOverflow => Some(AlertDescription::RECORD_OVERFLOW),
            Self::UnexpectedContentType
            | Self::NoContentType
            | Self::EmptyFragment
            | Self::BadChangeCipherSpec => Some(AlertDescription::UNEXPECTED_MESSAGE),
            Self::ContentTooLong
            | Self::BufferTooSmall
            | Self::Incomplete
            | Self::InvalidContentType
            | Self::InvalidLimit
            | Self::SequenceRewind
            | Self::SequenceExhausted
            | Self::Crypto(_) => None,
        }
    }

    /// Whether the peer, the caller or the local side is at fault.
    #[must_use]
    pub const fn kind(self) -> ErrorKind {
        match self {
            Self::BadRecordMac
            | Self::RecordOverflow
            | Self::UnexpectedContentType
            | Self::NoContentType
            | Self::EmptyFragment
            | Self::BadChangeCipherSpec => ErrorKind::Protocol,
            Self::ContentTooLong
            | Self::BufferTooSmall
            | Self::Incomplete
            | Self::InvalidContentType
            | Self::InvalidLimit
            | Self::SequenceRewind => ErrorKind::Usage,
            Self::SequenceExhausted | Self::Crypto(_) => ErrorKind::Internal,
        }
    }

    /// This error's stable number, `0x01NN`: the record layer (1) in the high byte, the variant
    /// (from 1, in declaration order) in the low byte; a crypto error keeps its own number
    /// (`0x05NN`, as it keeps its name). Numbers are never reused or changed; a new variant
    /// takes the next one. [`Error::from_number`] is the inverse, and [`Error::name`] the
    /// matching name.
    #[must_use]
    pub const fn number(self) -> u16 {
        LAYER
            | match self {
                Self::BadRecordMac => 1,
                Self::RecordOverflow => 2,
                Self::UnexpectedContentType => 3,
                Self::NoContentType => 4,
                Self::EmptyFragment => 5,
                Self::BadChangeCipherSpec => 6,
                Self::ContentTooLong => 7,
                Self::BufferTooSmall => 8,
                Self::Incomplete => 9,
                Self::InvalidContentType => 10,
                Self::InvalidLimit => 11,
                Self::SequenceRewind => 12,
                Self::SequenceExhausted => 13,
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
            1 => Self::BadRecordMac,
            2 => Self::RecordOverflow,
            3 => Self::UnexpectedContentType,
            4 => Self::NoContentType,
            5 => Self::EmptyFragment,
            6 => Self::BadChangeCipherSpec,
            7 => Self::ContentTooLong,
            8 => Self::BufferTooSmall,
            9 => Self::Incomplete,
            10 => Self::InvalidContentType,
            11 => Self::InvalidLimit,
            12 => Self::SequenceRewind,
            13 => Self::SequenceExhausted,
            _ => return None,
        })
    }

    /// A stable, short name for logs and the C API.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::BadRecordMac => "RECORD_BAD_RECORD_MAC",
            Self::RecordOverflow => "RECORD_OVERFLOW",
            Self::UnexpectedContentType => "RECORD_UNEXPECTED_CONTENT_TYPE",
            Self::NoContentType => "RECORD_NO_CONTENT_TYPE",
            Self::EmptyFragment => "RECORD_EMPTY_FRAGMENT",
            Self::BadChangeCipherSpec => "RECORD_BAD_CHANGE_CIPHER_SPEC",
            Self::ContentTooLong => "RECORD_CONTENT_TOO_LONG",
            Self::BufferTooSmall => "RECORD_BUFFER_TOO_SMALL",
            Self::Incomplete => "RECORD_INCOMPLETE",
            Self::InvalidContentType => "RECORD_INVALID_CONTENT_TYPE",
            Self::InvalidLimit => "RECORD_INVALID_LIMIT",
            Self::SequenceRewind => "RECORD_SEQUENCE_REWIND",
            Self::SequenceExhausted => "RECORD_SEQUENCE_EXHAUSTED",
            Self::Crypto(e) => e.name(),
        }
    }
}

/// The high byte of this layer's [`Error::number`]s.
const LAYER: u16 = 0x0100;

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl From<tls_crypto::Error> for Error {
    fn from(e: tls_crypto::Error) -> Self {
        Self::Crypto(e)
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
