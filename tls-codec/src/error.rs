//! The codec's one error type and its alert mapping.

use crate::enums::AlertDescription;

/// Why a byte string could not be parsed or encoded.
///
/// Small and `Copy`; every parse error names the alert RFC 8446 §6.2 asks the receiver to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The input ended before the structure did (RFC 8446 §6: `decode_error`).
    Truncated,
    /// Bytes were left after a structure that must fill its container (`decode_error`).
    TrailingBytes,
    /// A length prefix was outside the range its vector declares (`decode_error`).
    BadLength,
    /// A list the RFC says must not be empty was empty (`decode_error`).
    EmptyList,
    /// A syntactically valid value that is not allowed here (`illegal_parameter`).
    IllegalParameter,
    /// The same extension appeared twice in one message (RFC 8446 §4.2: `illegal_parameter`).
    DuplicateExtension,
    /// An extension that is not allowed in this message (RFC 8446 §4.2: `illegal_parameter`).
    UnexpectedExtension,
    /// A handshake type that is not allowed here (`unexpected_message`).
    UnexpectedMessage,
    /// A mandatory extension is absent, e.g. signature_algorithms in a CertificateRequest
    /// (RFC 8446 §4.3.2, §6.2: `missing_extension`).
    MissingExtension,
    /// The output buffer is too small for what is being encoded (a caller-side error, no alert).
    BufferTooSmall,
    /// A value given for encoding cannot be represented (its length is outside the `<min..max>`
    /// range of its vector or prefix).
    ValueTooLarge,
}

impl Error {
    /// The alert a receiver sends when its peer's bytes fail this way, or `None` for errors that
    /// come from the local side (encoding into a too-small buffer, for example).
    #[must_use]
    pub const fn alert(self) -> Option<AlertDescription> {
        match self {
            Self::Truncated | Self::TrailingBytes | Self::BadLength | Self::EmptyList => {
                Some(AlertDescription::DECODE_ERROR)
            }
            Self::IllegalParameter | Self::DuplicateExtension | Self::UnexpectedExtension => {
                Some(AlertDescription::ILLEGAL_PARAMETER)
            }
            Self::UnexpectedMessage => Some(AlertDescription::UNEXPECTED_MESSAGE),
            Self::MissingExtension => Some(AlertDescription::MISSING_EXTENSION),
            Self::BufferTooSmall | Self::ValueTooLarge => None,
        }
    }

    /// A stable, short name for logs and the C API.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Truncated => "CODEC_TRUNCATED",
            Self::TrailingBytes => "CODEC_TRAILING_BYTES",
            Self::BadLength => "CODEC_BAD_LENGTH",
            Self::EmptyList => "CODEC_EMPTY_LIST",
            Self::IllegalParameter => "CODEC_ILLEGAL_PARAMETER",
            Self::DuplicateExtension => "CODEC_DUPLICATE_EXTENSION",
            Self::UnexpectedExtension => "CODEC_UNEXPECTED_EXTENSION",
            Self::UnexpectedMessage => "CODEC_UNEXPECTED_MESSAGE",
            Self::MissingExtension => "CODEC_MISSING_EXTENSION",
            Self::BufferTooSmall => "CODEC_BUFFER_TOO_SMALL",
            Self::ValueTooLarge => "CODEC_VALUE_TOO_LARGE",
        }
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
