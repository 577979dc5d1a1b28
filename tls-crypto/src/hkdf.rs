//! HMAC (RFC 2104) and HKDF (RFC 5869) on top of any [`Hash`], so a hardware hash gets both.

use crate::{Error, Hash, HashAlgorithm, Result, Secret, MAX_HASH_LEN};
use zeroize::Zeroize;

/// The largest hash block (SHA-384/512).
const MAX_BLOCK_LEN: usize = 128;
const IPAD: u8 = 0x36;
const OPAD: u8 = 0x5c;

/// HMAC keyed with a secret, ready to absorb a message.
pub struct Hmac<H: Hash> {
    inner: H,
    outer: H,
}

impl<H: Hash> Hmac<H> {
    /// Keys HMAC. `new_hash` starts a fresh hash of the same algorithm.
    ///
    /// # Errors
    /// Whatever `new_hash` returns.
    pub fn new(key: &[u8], mut new_hash: impl FnMut() -> Result<H>) -> Result<Self> {
        let mut inner = new_hash()?;
        let alg = inner.algorithm();
        let block_len = alg.block_len();
        let mut block = [0u8; MAX_BLOCK_LEN];
        if key.len() > block_len {
            let mut h = new_hash()?;
            h.update(key);
            let d = h.finish();
            block
                .get_mut(..d.as_bytes().len())
                .ok_or(Error::BadLength)?
                .copy_from_slice(d.as_bytes());
        } else {
            block
                .get_mut(..key.len())
                .ok_or(Error::BadLength)?
                .copy_from_slice(key);
        }
        let block = block.get_mut(..block_len).ok_or(Error::BadLength)?;
        for b in block.iter_mut() {
            *b ^= IPAD;
        }
        inner.update(block);
        let mut outer = new_hash()?;
        for b in block.iter_mut() {
            *b ^= IPAD ^ OPAD;
        }
        outer.update(block);
        block.zeroize();
        Ok(Self { inner, outer })
    }

    /// Absorbs message bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    /// Ends the MAC.
    ///
    /// # Errors
    /// Only if the hash output is longer than [`MAX_HASH_LEN`], which no supported hash is.
    pub fn finish(self) -> Result<Secret> {
        let Self { inner, mut outer } = self;
        let inner = inner.finish();
        outer.update(inner.as_bytes());
        Secret::from_slice(outer.finish().as_bytes())
    }
}

/// One-shot HMAC over the concatenation of `parts`.
///
/// # Errors
/// Whatever `new_hash` returns.
pub fn hmac<H: Hash>(
    key: &[u8],
    parts: &[&[u8]],
    new_hash: impl FnMut() -> Result<H>,
) -> Result<Secret> {
    let mut m = Hmac::new(key, new_hash)?;
    for p in parts {
        m.update(p);
    }
    m.finish()
}

/// HKDF-Extract(salt, IKM) (RFC 5869 §2.2). An empty salt means a string of zeros.
///
/// # Errors
/// Whatever `new_hash` returns.
pub fn hkdf_extract<H: Hash>(
    salt: &[u8],
    ikm: &[u8],
    new_hash: impl FnMut() -> Result<H>,
) -> Result<Secret> {
    hmac(salt, &[ikm], new_hash)
}

/// HKDF-Expand(PRK, info, L) (RFC 5869 §2.3) into `out`, with `info` given as the concatenation
/// of `info_parts` so callers need no buffer to assemble it.
///
/// # Errors
/// [`Error::BadLength`] if `out` is longer than 255 hash lengths.
pub fn hkdf_expand<H: Hash>(
    alg: HashAlgorithm,
    prk: &[u8],
    info_parts: &[&[u8]],
    out: &mut [u8],
    mut new_hash: impl FnMut() -> Result<H>,
) -> Result<()> {
    let hash_len = alg.output_len();
    if out.len() > hash_len.saturating_mul(255) {
        return Err(Error::BadLength);
    }
    let mut prev = Secret::zero(0)?;
    let mut counter: u8 = 1;
    for chunk in out.chunks_mut(hash_len) {
        let mut m = Hmac::new(prk, &mut new_hash)?;
        m.update(prev.as_bytes());
        for p in info_parts {
            m.update(p);
        }
        m.update(&[counter]);
        prev = m.finish()?;
        let n = chunk.len();
        chunk.copy_from_slice(prev.as_bytes().get(..n).ok_or(Error::BadLength)?);
        counter = counter.wrapping_add(1);
    }
    debug_assert!(MAX_HASH_LEN >= hash_len);
    Ok(())
}
