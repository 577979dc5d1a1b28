//! Record sizes and limits: the arithmetic of RFC 8446 §5 and RFC 8449 §4, as constants and
//! `const fn`s so buffers can be sized at compile time.
//!
//! A protected record on the wire is
//!
//! ```text
//! header (5) | content (n) | content type (1) | zero padding (p) | AEAD tag (16)
//!            \______ TLSInnerPlaintext: n + 1 + p <= limit ___/
//! ```
//!
//! The default limit is 2^14 + 1 bytes of TLSInnerPlaintext (RFC 8446 §5.4), so at most 2^14
//! bytes of content; `record_size_limit` (RFC 8449 §4) lowers it and counts the content type and
//! padding, exactly as this crate's [`RecordLimit`] does.

use crate::{Error, Result};
use tls_codec::record::{HEADER_LEN, MAX_CIPHERTEXT_LEN, MAX_PLAINTEXT_LEN};
use tls_crypto::{AeadAlgorithm, TAG_LEN};

/// Bytes a protected record adds around its content, without padding:
/// header (5) + inner content type (1) + tag (16) = 22.
pub const SEAL_OVERHEAD: usize = HEADER_LEN + 1 + TAG_LEN;

/// The largest protected record a conforming TLS 1.3 peer can send with Wren's AEADs:
/// 5 + (2^14 + 1) + 16 = 16 406 bytes. A receive buffer of this size holds any record.
pub const MAX_PROTECTED_RECORD_LEN: usize = sealed_record_len(MAX_PLAINTEXT_LEN, 0);

/// The largest plaintext record: 5 + 2^14 = 16 389 bytes (RFC 8446 §5.1).
pub const MAX_PLAINTEXT_RECORD_LEN: usize = HEADER_LEN + MAX_PLAINTEXT_LEN;

/// Length of a protected record carrying `content_len` bytes of content and `padding` bytes of
/// zero padding: `5 + content_len + 1 + padding + 16`. Saturates instead of overflowing, so it
/// can size buffers in `const` context.
///
/// ```
/// const BUF: usize = tls_record::sealed_record_len(512, 0);
/// assert_eq!(BUF, 534);
/// ```
#[must_use]
pub const fn sealed_record_len(content_len: usize, padding: usize) -> usize {
    SEAL_OVERHEAD
        .saturating_add(content_len)
        .saturating_add(padding)
}

/// The largest TLSInnerPlaintext (content + content type + padding) one direction accepts.
///
/// The default is RFC 8446's 2^14 + 1; a negotiated `record_size_limit` lowers it (RFC 8449 §4:
/// in TLS 1.3 the limit counts the content type and padding). The limit is a value, not a
/// constant in the code paths, so later negotiation only changes which value is in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordLimit(u16);

/// RFC 8446 §5.4: TLSInnerPlaintext of at most 2^14 + 1 bytes.
#[allow(
    clippy::cast_possible_truncation,
    reason = "2^14 + 1 fits u16; checked by the const assertion below"
)]
const DEFAULT_INNER_LEN: u16 = (MAX_PLAINTEXT_LEN + 1) as u16;
const _: () = assert!(DEFAULT_INNER_LEN as usize == MAX_PLAINTEXT_LEN + 1);

impl RecordLimit {
    /// RFC 8446's limit: 2^14 + 1 bytes of TLSInnerPlaintext, 2^14 bytes of content.
    pub const DEFAULT: Self = Self(DEFAULT_INNER_LEN);

    /// The smallest `record_size_limit` a TLS 1.3 endpoint may advertise (RFC 8449 §4).
    pub const MIN_INNER_LEN: usize = 64;

    /// A limit of `max_inner_len` bytes of TLSInnerPlaintext: the value of a `record_size_limit`
    /// extension, once the handshake has clamped it to the protocol maximum (RFC 8449 §4).
    ///
    /// # Errors
    /// [`Error::InvalidLimit`] outside `64 ..= 2^14 + 1`.
    pub const fn new(max_inner_len: usize) -> Result<Self> {
        if max_inner_len < Self::MIN_INNER_LEN || max_inner_len > DEFAULT_INNER_LEN as usize {
            return Err(Error::InvalidLimit);
        }
        #[allow(
            clippy::cast_possible_truncation,
            reason = "bounded by DEFAULT_INNER_LEN just above"
        )]
        Ok(Self(max_inner_len as u16))
    }

    /// The largest TLSInnerPlaintext: content + content type (1) + padding.
    #[must_use]
    pub const fn max_inner_len(self) -> usize {
        self.0 as usize
    }

    /// The most content one record can carry (without padding): the limit minus the content
    /// type byte.
    #[must_use]
    pub const fn max_content_len(self) -> usize {
        self.max_inner_len().saturating_sub(1)
    }

    /// The largest `encrypted_record` (the header's length field) under this limit: the
    /// TLSInnerPlaintext plus the 16-byte tag. Never more than RFC 8446's 2^14 + 256.
    #[must_use]
    pub const fn max_ciphertext_len(self) -> usize {
        let n = self.max_inner_len().saturating_add(TAG_LEN);
        if n < MAX_CIPHERTEXT_LEN {
            n
        } else {
            MAX_CIPHERTEXT_LEN
        }
    }

    /// The longest protected record under this limit, header included: the receive buffer size
    /// that holds any record the peer may send.
    #[must_use]
    pub const fn max_record_len(self) -> usize {
        self.max_ciphertext_len().saturating_add(HEADER_LEN)
    }
}

impl Default for RecordLimit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Records sealed with one AES-GCM key before [`crate::RecordSealer::needs_key_update`] says to
/// send a KeyUpdate: 2^24.
///
/// RFC 8446 §5.5 allows about 2^24.5 full-size records per AES-GCM key (safety margin 2^-57);
/// 2^24 stays below it with room for the KeyUpdate itself and for records still in flight.
pub const AES_GCM_KEY_UPDATE_THRESHOLD: u64 = 1 << 24;

/// Records sealed with one ChaCha20-Poly1305 key before a KeyUpdate is due: 2^62.
///
/// ChaCha20-Poly1305 has no confidentiality limit below the 2^64 sequence numbers TLS can use
/// (RFC 9147 §4.5.3, draft-irtf-cfrg-aead-limits), so the only reason to rekey is sequence
/// exhaustion; 2^62 asks for the KeyUpdate with three quarters of the space still unused.
pub const CHACHA20_POLY1305_KEY_UPDATE_THRESHOLD: u64 = 1 << 62;

/// The default key-update threshold for `alg` (see the constants above).
#[must_use]
pub const fn default_key_update_threshold(alg: AeadAlgorithm) -> u64 {
    match alg {
        AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm => AES_GCM_KEY_UPDATE_THRESHOLD,
        AeadAlgorithm::ChaCha20Poly1305 => CHACHA20_POLY1305_KEY_UPDATE_THRESHOLD,
    }
}
