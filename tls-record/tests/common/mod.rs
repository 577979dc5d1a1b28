//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    reason = "each test file uses a different subset of the helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test helpers: a panic is the verdict"
)]

use tls_codec::enums::ContentType;
use tls_crypto::{AeadAlgorithm, RcAead, RustCrypto};
use tls_record::{sealed_record_len, Error, RecordOpener, RecordSealer, CONTENT_OFFSET};

/// The sealer and opener types of the RustCrypto provider.
pub type Sealer = RecordSealer<RcAead>;
/// See [`Sealer`].
pub type Opener = RecordOpener<RcAead>;

/// Every AEAD Wren supports.
pub const ALL_AEADS: [AeadAlgorithm; 3] = [
    AeadAlgorithm::Aes128Gcm,
    AeadAlgorithm::Aes256Gcm,
    AeadAlgorithm::ChaCha20Poly1305,
];

/// The `key expanded` and `iv expanded` of an RFC 8448 "derive ... traffic keys" step.
pub fn traffic_keys(section: u8, step: &str) -> (Vec<u8>, Vec<u8>) {
    (
        wren_vectors::get(section, step, "key expanded"),
        wren_vectors::get(section, step, "iv expanded"),
    )
}

/// A deterministic key and IV for `alg`, derived from `seed`.
pub fn test_keys(alg: AeadAlgorithm, seed: u8) -> (Vec<u8>, Vec<u8>) {
    let key = (0..alg.key_len() as u8)
        .map(|i| i.wrapping_mul(31) ^ seed)
        .collect();
    let iv = (0..12u8).map(|i| i.wrapping_mul(17) ^ seed).collect();
    (key, iv)
}

/// A sealer and an opener keyed alike.
pub fn pair(alg: AeadAlgorithm, key: &[u8], iv: &[u8]) -> (Sealer, Opener) {
    (
        Sealer::from_key(&RustCrypto, alg, key, iv).unwrap(),
        Opener::from_key(&RustCrypto, alg, key, iv).unwrap(),
    )
}

/// A sealer and an opener with [`test_keys`].
pub fn test_pair(alg: AeadAlgorithm) -> (Sealer, Opener) {
    let (key, iv) = test_keys(alg, 0x5a);
    pair(alg, &key, &iv)
}

/// Seals `content` with `padding` into a fresh buffer of exactly the record's size.
pub fn seal(
    sealer: &mut Sealer,
    content_type: ContentType,
    content: &[u8],
    padding: usize,
) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0xee; sealed_record_len(content.len(), padding)];
    buf[CONTENT_OFFSET..][..content.len()].copy_from_slice(content);
    let len = sealer.seal_padded(content_type, &mut buf, content.len(), padding)?;
    assert_eq!(len, buf.len(), "seal returns the record length");
    Ok(buf)
}

/// Opens `record` (a copy of it) and returns the content type and content.
pub fn open(opener: &mut Opener, record: &[u8]) -> Result<(ContentType, Vec<u8>), Error> {
    let mut buf = record.to_vec();
    let opened = opener.open(&mut buf)?;
    assert_eq!(opened.record_len, record.len());
    Ok((opened.content_type, opened.content(&buf).to_vec()))
}

/// A small deterministic generator (xorshift64*), enough to vary lengths and bytes.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// `len` random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

/// Builds a protected record by hand from a raw TLSInnerPlaintext, bypassing the sealer's
/// checks: the AEAD keyed directly, the nonce computed here independently (RFC 8446 §5.3).
pub fn craft(alg: AeadAlgorithm, key: &[u8], iv: &[u8], seq: u64, inner: &[u8]) -> Vec<u8> {
    use tls_crypto::{Aead, CryptoProvider};
    let aead = RustCrypto.aead(alg, key).unwrap();
    let mut nonce: [u8; 12] = iv.try_into().unwrap();
    for (i, b) in seq.to_be_bytes().iter().enumerate() {
        nonce[4 + i] ^= b;
    }
    let len = u16::try_from(inner.len() + 16).unwrap().to_be_bytes();
    let header = [0x17, 0x03, 0x03, len[0], len[1]];
    let mut body = inner.to_vec();
    let mut tag = [0u8; 16];
    aead.seal_in_place(&nonce, &header, &mut body, &mut tag)
        .unwrap();
    [&header[..], &body, &tag].concat()
}
