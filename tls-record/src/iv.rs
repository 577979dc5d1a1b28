//! The static write IV and the per-record nonce (RFC 8446 §5.3).

use crate::{Error, Result};
use tls_crypto::NONCE_LEN;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A direction's static `write_iv` (`client_write_iv` / `server_write_iv`, RFC 8446 §7.3).
///
/// Wiped on drop, redacted in `Debug`, never `Copy`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Iv([u8; NONCE_LEN]);

impl Iv {
    /// An IV holding `bytes`.
    #[must_use]
    pub const fn new(bytes: [u8; NONCE_LEN]) -> Self {
        Self(bytes)
    }

    /// An IV copied from `bytes` (e.g. the output of HKDF-Expand-Label "iv").
    ///
    /// # Errors
    /// [`Error::Crypto`] with [`tls_crypto::Error::BadLength`] unless `bytes` is 12 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let arr: &[u8; NONCE_LEN] = bytes
            .try_into()
            .map_err(|_| Error::Crypto(tls_crypto::Error::BadLength))?;
        Ok(Self(*arr))
    }

    /// The nonce of the record with sequence number `seq`: the 64-bit sequence number, big-endian
    /// and left-padded with zeros to 12 bytes, XORed with the IV (RFC 8446 §5.3).
    pub(crate) fn nonce(&self, seq: u64) -> Zeroizing<[u8; NONCE_LEN]> {
        let mut nonce = Zeroizing::new(self.0);
        // Walk both from their last byte: the sequence number lines up with the IV's tail.
        for (n, s) in nonce.iter_mut().rev().zip(seq.to_le_bytes()) {
            *n ^= s;
        }
        nonce
    }
}

impl core::fmt::Debug for Iv {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Iv(redacted)")
    }
}
