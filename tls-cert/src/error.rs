//! The certificate error type and its TLS alerts.

/// TLS alert descriptions (RFC 8446 §6.2) that certificate errors map to.
///
/// Plain `u8` values so this crate does not depend on `tls-codec`; they equal the
/// `AlertDescription` constants there.
pub mod alert {
    /// `bad_certificate` (42): corrupt, bad signature, unacceptable constraints or name.
    pub const BAD_CERTIFICATE: u8 = 42;
    /// `unsupported_certificate` (43): a certificate of an unsupported type or purpose.
    pub const UNSUPPORTED_CERTIFICATE: u8 = 43;
    /// `certificate_expired` (45): outside its validity period.
    pub const CERTIFICATE_EXPIRED: u8 = 45;
    /// `unknown_ca` (48): no path to a trust anchor.
    pub const UNKNOWN_CA: u8 = 48;
    /// `internal_error` (80): a local problem (here: a malformed reference name).
    pub const INTERNAL_ERROR: u8 = 80;
}

/// Why a certificate or chain was rejected. One byte; [`Error::alert`] gives the TLS alert.
///
/// Signature failures on certificates map to `bad_certificate` ("contained signatures that
/// did not verify correctly", RFC 8446 §6.2); `decrypt_error` is left to a failing
/// CertificateVerify, which is the handshake's business.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Error {
    /// The DER is malformed, truncated, has trailing bytes, or breaks an RFC 5280 structural
    /// rule (e.g. inner and outer signature algorithms differ, a duplicated extension).
    BadDer,
    /// The certificate's signature algorithm (or its RSA-PSS parameters, or its pairing with
    /// the issuer's key) is not supported.
    UnsupportedSignatureAlgorithm,
    /// The leaf's public key type is not supported (or its key is invalid).
    UnsupportedKey,
    /// An extension marked critical is not understood (RFC 5280 §4.2).
    UnsupportedCriticalExtension,
    /// A certificate's signature does not verify with its issuer's key.
    BadSignature,
    /// No path from the leaf to a trust anchor.
    UnknownIssuer,
    /// An intermediate lacks basicConstraints `cA` = TRUE.
    NotCa,
    /// An intermediate's (or anchor's) pathLenConstraint is exceeded.
    PathLenExceeded,
    /// The path would need more intermediates than [`crate::MAX_INTERMEDIATES`], or the
    /// signature-check budget ran out.
    ChainTooLong,
    /// keyUsage is present but lacks keyCertSign (a CA) or digitalSignature (the leaf).
    KeyUsage,
    /// The leaf's extendedKeyUsage does not allow the requested purpose.
    WrongEku,
    /// A certificate's notAfter is before `now`.
    Expired,
    /// A certificate's notBefore is after `now`.
    NotYetValid,
    /// The leaf is not valid for the reference name (or the `VerifyHost` callback said no).
    NameMismatch,
    /// The reference name given by the caller is not a valid DNS name or IP address.
    InvalidName,
}

impl Error {
    /// The TLS alert to send for this error (RFC 8446 §6.2).
    #[must_use]
    pub const fn alert(self) -> u8 {
        match self {
            Self::BadDer
            | Self::BadSignature
            | Self::NotCa
            | Self::PathLenExceeded
            | Self::ChainTooLong
            | Self::KeyUsage
            | Self::NameMismatch => alert::BAD_CERTIFICATE,
            Self::UnsupportedSignatureAlgorithm
            | Self::UnsupportedKey
            | Self::UnsupportedCriticalExtension
            | Self::WrongEku => alert::UNSUPPORTED_CERTIFICATE,
            Self::Expired | Self::NotYetValid => alert::CERTIFICATE_EXPIRED,
            Self::UnknownIssuer => alert::UNKNOWN_CA,
            Self::InvalidName => alert::INTERNAL_ERROR,
        }
    }

    /// This error's stable number, `0x04NN`: the certificate layer (4) in the high byte, the
    /// variant (from 1, in declaration order) in the low byte. Numbers are never reused or
    /// changed; a new variant takes the next one. [`Error::from_number`] is the inverse, and
    /// [`Error::name`] the matching name.
    #[must_use]
    pub const fn number(self) -> u16 {
        LAYER
            | match self {
                Self::BadDer => 1,
                Self::UnsupportedSignatureAlgorithm => 2,
                Self::UnsupportedKey => 3,
                Self::UnsupportedCriticalExtension => 4,
                Self::BadSignature => 5,
                Self::UnknownIssuer => 6,
                Self::NotCa => 7,
                Self::PathLenExceeded => 8,
                Self::ChainTooLong => 9,
                Self::KeyUsage => 10,
                Self::WrongEku => 11,
                Self::Expired => 12,
                Self::NotYetValid => 13,
                Self::NameMismatch => 14,
                Self::InvalidName => 15,
            }
    }

    /// The error whose [`Error::number`] is `n`, if there is one.
    #[must_use]
    pub const fn from_number(n: u16) -> Option<Self> {
        if n & 0xff00 != LAYER {
            return None;
        }
        Some(match n & 0xff {
            1 => Self::BadDer,
            2 => Self::UnsupportedSignatureAlgorithm,
            3 => Self::UnsupportedKey,
            4 => Self::UnsupportedCriticalExtension,
            5 => Self::BadSignature,
            6 => Self::UnknownIssuer,
            7 => Self::NotCa,
            8 => Self::PathLenExceeded,
            9 => Self::ChainTooLong,
            10 => Self::KeyUsage,
            11 => Self::WrongEku,
            12 => Self::Expired,
            13 => Self::NotYetValid,
            14 => Self::NameMismatch,
            15 => Self::InvalidName,
            _ => return None,
        })
    }

    /// A stable, short name for logs and the C API.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::BadDer => "CERT_BAD_DER",
            Self::UnsupportedSignatureAlgorithm => "CERT_UNSUPPORTED_SIGNATURE_ALGORITHM",
            Self::UnsupportedKey => "CERT_UNSUPPORTED_KEY",
            Self::UnsupportedCriticalExtension => "CERT_UNSUPPORTED_CRITICAL_EXTENSION",
            Self::BadSignature => "CERT_BAD_SIGNATURE",
            Self::UnknownIssuer => "CERT_UNKNOWN_ISSUER",
            Self::NotCa => "CERT_NOT_CA",
            Self::PathLenExceeded => "CERT_PATH_LEN_EXCEEDED",
            Self::ChainTooLong => "CERT_CHAIN_TOO_LONG",
            Self::KeyUsage => "CERT_KEY_USAGE",
            Self::WrongEku => "CERT_WRONG_EKU",
            Self::Expired => "CERT_EXPIRED",
            Self::NotYetValid => "CERT_NOT_YET_VALID",
            Self::NameMismatch => "CERT_NAME_MISMATCH",
            Self::InvalidName => "CERT_INVALID_NAME",
        }
    }
}

/// The high byte of this layer's [`Error::number`]s.
const LAYER: u16 = 0x0400;

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
