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
