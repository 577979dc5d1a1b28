//! The crypto error type.

/// Why a cryptographic operation failed. Deliberately coarse: an AEAD failure says nothing
/// about where the check failed (no MAC oracle).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The algorithm is not compiled in or not offered by this provider.
    Unsupported,
    /// A key or peer public value was malformed or invalid (e.g. not on the curve).
    BadKey,
    /// A signature did not verify.
    BadSignature,
    /// AEAD authentication failed.
    DecryptFailed,
    /// An output buffer was too small, or an input too long for the algorithm.
    BadLength,
    /// The random number generator failed.
    Rng,
    /// The key exchange produced an all-zero shared secret (RFC 8446 §7.4.2).
    WeakSharedSecret,
}

impl Error {
    /// This error's stable number, `0x05NN`: the crypto layer (5) in the high byte, the
    /// variant (from 1, in declaration order) in the low byte. Numbers are never reused or
    /// changed; a new variant takes the next one. [`Error::from_number`] is the inverse, and
    /// [`Error::name`] the matching name.
    #[must_use]
    pub const fn number(self) -> u16 {
        LAYER
            | match self {
                Self::Unsupported => 1,
                Self::BadKey => 2,
                Self::BadSignature => 3,
                Self::DecryptFailed => 4,
                Self::BadLength => 5,
                Self::Rng => 6,
                Self::WeakSharedSecret => 7,
            }
    }

    /// The error whose [`Error::number`] is `n`, if there is one.
    #[must_use]
    pub const fn from_number(n: u16) -> Option<Self> {
        if n & 0xff00 != LAYER {
            return None;
        }
        Some(match n & 0xff {
            1 => Self::Unsupported,
            2 => Self::BadKey,
            3 => Self::BadSignature,
            4 => Self::DecryptFailed,
            5 => Self::BadLength,
            6 => Self::Rng,
            7 => Self::WeakSharedSecret,
            _ => return None,
        })
    }

    /// A stable, short name for logs and the C API.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Unsupported => "CRYPTO_UNSUPPORTED",
            Self::BadKey => "CRYPTO_BAD_KEY",
            Self::BadSignature => "CRYPTO_BAD_SIGNATURE",
            Self::DecryptFailed => "CRYPTO_DECRYPT_FAILED",
            Self::BadLength => "CRYPTO_BAD_LENGTH",
            Self::Rng => "CRYPTO_RNG",
            Self::WeakSharedSecret => "CRYPTO_WEAK_SHARED_SECRET",
        }
    }
}

/// The high byte of this layer's [`Error::number`]s.
const LAYER: u16 = 0x0500;

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests;
