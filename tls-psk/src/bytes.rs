//! A fixed-capacity byte string (private storage for names, contexts and tickets).

use crate::{Error, Result};
use zeroize::Zeroize;

/// Up to `N` bytes stored inline.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Bytes<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Bytes<N> {
    /// The empty string.
    pub(crate) const fn new() -> Self {
        Self {
            bytes: [0; N],
            len: 0,
        }
    }

    /// Replaces the stored bytes with a copy of `src`, in place (no `N`-byte temporary).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `src` is longer than `N` (nothing changes then).
    pub(crate) fn set(&mut self, src: &[u8]) -> Result<()> {
        let dst = self.bytes.get_mut(..src.len()).ok_or(Error::InvalidValue)?;
        dst.copy_from_slice(src);
        if let Some(rest) = self.bytes.get_mut(src.len()..) {
            rest.fill(0);
        }
        self.len = src.len();
        Ok(())
    }

    /// Sets an optional value whose present form must be non-empty, in place.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] if `Some` is empty or longer than `N` (nothing changes then).
    pub(crate) fn set_optional(&mut self, value: Option<&[u8]>) -> Result<()> {
        match value {
            None => self.set(&[]),
            Some([]) => Err(Error::InvalidValue),
            Some(v) => self.set(v),
        }
    }

    /// The stored bytes.
    pub(crate) fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// The stored bytes, or `None` when empty (for optional values whose wire form is
    /// non-empty, such as ALPN names and host names).
    pub(crate) fn as_option(&self) -> Option<&[u8]> {
        if self.len == 0 {
            None
        } else {
            Some(self.as_slice())
        }
    }
}

impl<const N: usize> Zeroize for Bytes<N> {
    fn zeroize(&mut self) {
        self.bytes.zeroize();
        self.len = 0;
    }
}

/// Writes `bytes` as hex, for `Debug` output of public values.
pub(crate) fn fmt_hex(f: &mut core::fmt::Formatter<'_>, bytes: &[u8]) -> core::fmt::Result {
    for b in bytes {
        write!(f, "{b:02x}")?;
    }
    Ok(())
}

/// `Debug` adapter printing a byte string as hex.
pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl core::fmt::Debug for Hex<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        fmt_hex(f, self.0)
    }
}

/// `Debug` adapter printing an optional byte string as hex.
pub(crate) struct OptHex<'a>(pub(crate) Option<&'a [u8]>);

impl core::fmt::Debug for OptHex<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            None => f.write_str("None"),
            Some(b) => {
                f.write_str("Some(")?;
                fmt_hex(f, b)?;
                f.write_str(")")
            }
        }
    }
}
