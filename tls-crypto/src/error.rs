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

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests;
