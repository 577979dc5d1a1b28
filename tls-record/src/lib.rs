//! TLS 1.3 record protection for Wren (RFC 8446 §5).
//!
//! - [`frame`] finds a complete record at the front of a receive buffer, refusing an oversized
//!   length from the header alone.
//! - [`RecordSealer`] and [`RecordOpener`] protect one direction with one key: AEAD seal and open
//!   in place for TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and
//!   TLS_CHACHA20_POLY1305_SHA256, the per-record nonce from the sequence number (§5.3), the
//!   inner content type and zero padding (§5.4), the record limits (§5.1, §5.2; RFC 8449 §4),
//!   sequence-number exhaustion and the key-update trigger point (§5.5).
//! - [`encode_plaintext`] and [`parse_plaintext`] handle the unprotected records of the
//!   handshake's first flight (ClientHello, ServerHello, HelloRetryRequest,
//!   change_cipher_spec, early alerts).
//!
//! # Buffer contract
//! Everything works in the caller's slices; nothing is copied. To send, write the content at
//! `buf[CONTENT_OFFSET..]` (after room for the 5-byte header) in a buffer of at least
//! [`sealed_record_len`]`(content_len, padding)` bytes (content + [`SEAL_OVERHEAD`] + padding);
//! [`RecordSealer::seal`] fills in the header, content type, padding and tag and returns the
//! record length. To receive, [`frame`] the buffer until a record is complete, then
//! [`RecordOpener::open`] it: the content is `buf[opened.range]`. A receive buffer of
//! [`RecordLimit::max_record_len`] bytes holds any record allowed under that limit
//! ([`MAX_PROTECTED_RECORD_LEN`] = 16 406 for the default).
//!
//! # Panics
//! Nothing in this crate panics, whatever the bytes or lengths it is given: every index is
//! checked and every failure is an [`Error`]. A failed operation leaves the sequence number as
//! documented on it and the buffer's record bytes unspecified.
//!
//! # Example
//! ```
//! use tls_codec::enums::ContentType;
//! use tls_crypto::{AeadAlgorithm, RustCrypto};
//! use tls_record::{sealed_record_len, Framing, RecordOpener, RecordSealer, CONTENT_OFFSET};
//!
//! let (key, iv) = ([7u8; 16], [9u8; 12]);
//! let alg = AeadAlgorithm::Aes128Gcm;
//! let mut sealer = RecordSealer::from_key(&RustCrypto, alg, &key, &iv)?;
//! let mut opener = RecordOpener::from_key(&RustCrypto, alg, &key, &iv)?;
//!
//! let msg = b"hello";
//! let mut buf = [0u8; sealed_record_len(5, 0)];
//! buf[CONTENT_OFFSET..][..msg.len()].copy_from_slice(msg);
//! let len = sealer.seal(ContentType::APPLICATION_DATA, &mut buf, msg.len())?;
//! assert_eq!(len, buf.len());
//!
//! assert_eq!(opener.frame(&buf[..3])?, Framing::Need(2));
//! assert_eq!(opener.frame(&buf)?, Framing::Complete(len));
//! let opened = opener.open(&mut buf)?;
//! assert_eq!(opened.content_type, ContentType::APPLICATION_DATA);
//! assert_eq!(opened.content(&buf), msg);
//! # Ok::<(), tls_record::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]

mod error;
mod framing;
mod iv;
mod limits;
mod protect;
#[cfg(test)]
mod tests;

pub use error::{Error, ErrorKind, Result};
pub use framing::{
    encode_plaintext, frame, parse_plaintext, Framing, Opened, CHANGE_CIPHER_SPEC_RECORD,
    CONTENT_OFFSET,
};
pub use iv::Iv;
pub use limits::{
    default_key_update_threshold, sealed_record_len, RecordLimit, AES_GCM_KEY_UPDATE_THRESHOLD,
    CHACHA20_POLY1305_KEY_UPDATE_THRESHOLD, MAX_PLAINTEXT_RECORD_LEN, MAX_PROTECTED_RECORD_LEN,
    SEAL_OVERHEAD,
};
pub use protect::{RecordOpener, RecordSealer};
pub use tls_codec::record::{HEADER_LEN, MAX_CIPHERTEXT_LEN, MAX_PLAINTEXT_LEN};
pub use tls_crypto::{NONCE_LEN, TAG_LEN};
