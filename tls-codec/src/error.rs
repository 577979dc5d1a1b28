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

    /// This error's stable number, `0x03NN`: the codec layer (3) in the high byte, the variant
    /// (from 1, in declaration order) in the low byte. Numbers are never reused or changed; a
    /// new variant takes the next one. [`Error::from_number`] is the inverse, and
    /// [`Error::name`] the matching name.
    #[must_use]
    pub const fn number(self) -> u16 {
        LAYER
            | match self {
                Self::Truncated => 1,
                Self::TrailingBytes => 2,
                Self::BadLength => 3,
                Self::EmptyList => 4,
                Self::IllegalParameter => 5,
                Self::DuplicateExtension => 6,
                Self::UnexpectedExtension => 7,
                Self::UnexpectedMessage => 8,
                Self::MissingExtension => 9,
                Self::BufferTooSmall => 10,
                Self::ValueTooLarge => 11,
            }
    }

    /// The error whose [`Error::number`] is `n`, if there is one.
    #[must_use]
    pub const fn from_number(n: u16) -> Option<Self> {
        if n & 0xff00 != LAYER {
            return None;
        }
        Some(match n & 0xff {
            1 => Self::Truncated,
            2 => Self::TrailingBytes,
            3 => Self::BadLength,
            4 => Self::EmptyList,
            5 => Self::IllegalParameter,
            6 => Self::DuplicateExtension,
            7 => Self::UnexpectedExtension,
            8 => Self::UnexpectedMessage,
            9 => Self::MissingExtension,
            10 => Self::BufferTooSmall,
            11 => Self::ValueTooLarge,
            _ => return None,
        })
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

/// The high byte of this layer's [`Error::number`]s.
const LAYER: u16 = 0x0300;

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
