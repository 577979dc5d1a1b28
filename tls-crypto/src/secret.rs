//! Fixed-size secret and digest values.

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The longest hash output Wren handles (SHA-384).
pub const MAX_HASH_LEN: usize = 48;

/// A hash output: a transcript hash or other public digest. Not secret, but fixed size.
#[derive(Clone, PartialEq, Eq)]
pub struct Digest {
    bytes: [u8; MAX_HASH_LEN],
    len: usize,
}

impl Digest {
    /// A digest holding `bytes`.
    ///
    /// # Errors
    /// [`crate::Error::BadLength`] if longer than [`MAX_HASH_LEN`].
    pub fn from_slice(bytes: &[u8]) -> crate::Result<Self> {
        let mut out = Self {
            bytes: [0; MAX_HASH_LEN],
            len: bytes.len(),
        };
        out.bytes
            .get_mut(..bytes.len())
            .ok_or(crate::Error::BadLength)?
            .copy_from_slice(bytes);
        Ok(out)
    }

    /// The digest bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// The empty digest (a fallback for paths that cannot be taken).
    #[cfg(feature = "sha2")]
    pub(crate) const fn empty() -> Self {
        Self {
            bytes: [0; MAX_HASH_LEN],
            len: 0,
        }
    }
}

impl AsRef<[u8]> for Digest {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl core::fmt::Debug for Digest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Digest(")?;
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// A secret of up to [`MAX_HASH_LEN`] bytes: a PRK, a traffic secret, a shared secret, a key.
///
/// Wiped on drop, redacted in `Debug`, never `Copy`, compared in constant time.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret {
    bytes: [u8; MAX_HASH_LEN],
    len: usize,
}

impl Secret {
    /// An all-zero secret of `len` bytes (the "0" input of RFC 8446 §7.1).
    ///
    /// # Errors
    /// [`crate::Error::BadLength`] if `len` is over [`MAX_HASH_LEN`].
    pub fn zero(len: usize) -> crate::Result<Self> {
        if len > MAX_HASH_LEN {
            return Err(crate::Error::BadLength);
        }
        Ok(Self {
            bytes: [0; MAX_HASH_LEN],
            len,
        })
    }

    /// A secret holding a copy of `bytes`.
    ///
    /// # Errors
    /// [`crate::Error::BadLength`] if longer than [`MAX_HASH_LEN`].
    pub fn from_slice(bytes: &[u8]) -> crate::Result<Self> {
        let mut out = Self::zero(bytes.len())?;
        out.bytes
            .get_mut(..bytes.len())
            .ok_or(crate::Error::BadLength)?
            .copy_from_slice(bytes);
        Ok(out)
    }

    /// The secret bytes. Handle with care: do not copy them anywhere that is not wiped.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// Mutable access to the secret bytes, for providers filling a secret in place.
    pub fn as_mut_bytes(&mut self) -> &mut [u8] {
        let len = self.len;
        self.bytes.get_mut(..len).unwrap_or(&mut [])
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether the secret is empty.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Constant-time comparison with `other` (length is not secret).
    #[must_use]
    pub fn ct_eq(&self, other: &[u8]) -> bool {
        self.as_bytes().ct_eq(other).into()
    }
}

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Secret({} bytes, redacted)", self.len)
    }
}

/// Constant-time equality of two byte strings (lengths are compared in the clear).
#[must_use]
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}
