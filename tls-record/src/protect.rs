//! Record protection: sealing and opening TLSCiphertext in place (RFC 8446 §5.2–§5.5).

use crate::framing::{frame, Framing, Opened, CONTENT_OFFSET};
use crate::limits::{default_key_update_threshold, RecordLimit};
use crate::{Error, Iv, Result};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use tls_codec::enums::{ContentType, ProtocolVersion};
use tls_codec::record::{RecordHeader, HEADER_LEN};
use tls_crypto::{Aead, AeadAlgorithm, CryptoProvider, TAG_LEN};

/// What both directions hold: the keyed AEAD, the static IV, the next sequence number and the
/// limit in force.
struct Protection<A> {
    alg: AeadAlgorithm,
    aead: A,
    iv: Iv,
    /// The sequence number of the next record; `None` once 2^64 - 1 has been used.
    next_seq: Option<u64>,
    limit: RecordLimit,
}

impl<A: Aead> Protection<A> {
    fn new(alg: AeadAlgorithm, aead: A, iv: Iv) -> Self {
        Self {
            alg,
            aead,
            iv,
            next_seq: Some(0),
            limit: RecordLimit::DEFAULT,
        }
    }

    fn from_key<P: CryptoProvider<Aead = A>>(
        provider: &P,
        alg: AeadAlgorithm,
        key: &[u8],
        iv: &[u8],
    ) -> Result<Self> {
        let iv = Iv::from_slice(iv)?;
        Ok(Self::new(alg, provider.aead(alg, key)?, iv))
    }

    fn skip_to(&mut self, seq: u64) -> Result<()> {
        match self.next_seq {
            Some(next) if seq >= next => {
                self.next_seq = Some(seq);
                Ok(())
            }
            _ => Err(Error::SequenceRewind),
        }
    }

    fn fmt_fields(&self, name: &str, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct(name)
            .field("alg", &self.alg)
            .field("next_seq", &self.next_seq)
            .field("limit", &self.limit)
            .field("iv", &self.iv)
            .finish_non_exhaustive()
    }
}

/// The header every protected record carries: outer type `application_data`, legacy version
/// 0x0303 (RFC 8446 §5.2).
fn protected_header(ciphertext_len: usize) -> Result<[u8; HEADER_LEN]> {
    Ok(RecordHeader {
        content_type: ContentType::APPLICATION_DATA,
        legacy_version: ProtocolVersion::TLS_1_2,
        length: u16::try_from(ciphertext_len).map_err(|_| Error::ContentTooLong)?,
    }
    .to_bytes())
}

/// The sending half of a connection's record protection for one key (one epoch): seals
/// records in place.
///
/// A new key (handshake, application, KeyUpdate) means a new sealer; its sequence number starts
/// at 0 (RFC 8446 §5.3). The static IV is wiped on drop; the AEAD wipes its own key.
pub struct RecordSealer<A: Aead> {
    p: Protection<A>,
    key_update_threshold: u64,
}

impl<A: Aead> RecordSealer<A> {
    /// A sealer over an already keyed `aead` of algorithm `alg`, with the default limit
    /// ([`RecordLimit::DEFAULT`]) and key-update threshold
    /// ([`crate::default_key_update_threshold`]).
    #[must_use]
    pub fn new(alg: AeadAlgorithm, aead: A, iv: Iv) -> Self {
        Self {
            p: Protection::new(alg, aead, iv),
            key_update_threshold: default_key_update_threshold(alg),
        }
    }

    /// A sealer keyed by `provider` with the traffic `key` and `iv` of RFC 8446 §7.3.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the provider refuses the algorithm or key, or `iv` is not 12 bytes.
    pub fn from_key<P: CryptoProvider<Aead = A>>(
        provider: &P,
        alg: AeadAlgorithm,
        key: &[u8],
        iv: &[u8],
    ) -> Result<Self> {
        let p = Protection::from_key(provider, alg, key, iv)?;
        Ok(Self {
            p,
            key_update_threshold: default_key_update_threshold(alg),
        })
    }

    /// The AEAD algorithm.
    #[must_use]
    pub fn algorithm(&self) -> AeadAlgorithm {
        self.p.alg
    }

    /// The record limit in force (the peer's `record_size_limit`, or RFC 8446's default).
    #[must_use]
    pub fn limit(&self) -> RecordLimit {
        self.p.limit
    }

    /// Sets the record limit, e.g. once the peer's `record_size_limit` is known.
    pub fn set_limit(&mut self, limit: RecordLimit) {
        self.p.limit = limit;
    }

    /// This sealer with `limit` in force.
    #[must_use]
    pub fn with_limit(mut self, limit: RecordLimit) -> Self {
        self.p.limit = limit;
        self
    }

    /// The most content one [`RecordSealer::seal`] accepts under the limit in force.
    #[must_use]
    pub fn max_content_len(&self) -> usize {
        self.p.limit.max_content_len()
    }

    /// The number of records after which [`RecordSealer::needs_key_update`] says yes.
    #[must_use]
    pub fn key_update_threshold(&self) -> u64 {
        self.key_update_threshold
    }

    /// Sets the key-update threshold. Values above the algorithm's default weaken the RFC 8446
    /// §5.5 margin and are the caller's responsibility; lower values rekey more often.
    pub fn set_key_update_threshold(&mut self, records: u64) {
        self.key_update_threshold = records;
    }

    /// This sealer with a key-update threshold of `records`.
    #[must_use]
    pub fn with_key_update_threshold(mut self, records: u64) -> Self {
        self.key_update_threshold = records;
        self
    }

    /// Whether the connection should send a KeyUpdate now (RFC 8446 §4.6.3, §5.5): this key has
    /// sealed at least the threshold number of records, or its sequence numbers are used up.
    ///
    /// Sealing keeps working past the threshold (the KeyUpdate itself is sealed with this key)
    /// until the sequence number is exhausted.
    #[must_use]
    pub fn needs_key_update(&self) -> bool {
        self.p
            .next_seq
            .is_none_or(|next| next >= self.key_update_threshold)
    }

    /// The sequence number the next record will use, `None` once all 2^64 are used.
    #[must_use]
    pub fn sequence_number(&self) -> Option<u64> {
        self.p.next_seq
    }

    /// Moves the sequence number forward to `seq`, e.g. to restore a saved connection.
    ///
    /// # Errors
    /// [`Error::SequenceRewind`] if `seq` is below the next sequence number (or all are used):
    /// sealing twice with one sequence number would reuse a nonce.
    pub fn skip_to_sequence_number(&mut self, seq: u64) -> Result<()> {
        self.p.skip_to(seq)
    }

    /// Seals one record without padding; see [`RecordSealer::seal_padded`].
    ///
    /// # Errors
    /// As [`RecordSealer::seal_padded`].
    pub fn seal(
        &mut self,
        content_type: ContentType,
        buf: &mut [u8],
        content_len: usize,
    ) -> Result<usize> {
        self.seal_padded(content_type, buf, content_len, 0)
    }

    /// Seals one record in place and returns its length on the wire.
    ///
    /// Buffer contract: the caller has written `content_len` bytes of content at
    /// `buf[CONTENT_OFFSET..]` ([`CONTENT_OFFSET`] is the header length, 5), and `buf` holds at
    /// least [`crate::sealed_record_len`]`(content_len, padding)` bytes. `seal_padded` writes the
    /// inner content type and `padding` zero bytes after the content, encrypts, appends the tag
    /// and writes the header in front. The record is `buf[..returned length]`; bytes after it are
    /// untouched.
    ///
    /// The sequence number is used up even if the AEAD fails, so no nonce is ever used twice.
    ///
    /// # Errors
    /// [`Error::InvalidContentType`] for `change_cipher_spec` or an unknown type, or for empty
    /// handshake or alert content (RFC 8446 §5.1); [`Error::ContentTooLong`] if content, type and
    /// padding exceed the limit; [`Error::BufferTooSmall`]; [`Error::SequenceExhausted`] after
    /// sequence number 2^64 - 1; [`Error::Crypto`] if the provider fails.
    pub fn seal_padded(
        &mut self,
        content_type: ContentType,
        buf: &mut [u8],
        content_len: usize,
        padding: usize,
    ) -> Result<usize> {
        match content_type {
            ContentType::APPLICATION_DATA => {}
            ContentType::HANDSHAKE | ContentType::ALERT if content_len > 0 => {}
            _ => return Err(Error::InvalidContentType),
        }
        let inner_len = content_len
            .checked_add(1)
            .and_then(|n| n.checked_add(padding))
            .filter(|&n| n <= self.p.limit.max_inner_len())
            .ok_or(Error::ContentTooLong)?;
        let ciphertext_len = inner_len.saturating_add(TAG_LEN);
        let record_len = HEADER_LEN.saturating_add(ciphertext_len);
        let (header, rest) = buf
            .get_mut(..record_len)
            .and_then(<[u8]>::split_first_chunk_mut::<HEADER_LEN>)
            .ok_or(Error::BufferTooSmall)?;
        let (inner, tag) = rest
            .split_last_chunk_mut::<TAG_LEN>()
            .ok_or(Error::BufferTooSmall)?;
        let (type_byte, pad) = inner
            .get_mut(content_len..)
            .and_then(<[u8]>::split_first_mut)
            .ok_or(Error::BufferTooSmall)?;
        *type_byte = content_type.get();
        pad.fill(0);

        let seq = self.p.next_seq.ok_or(Error::SequenceExhausted)?;
        self.p.next_seq = seq.checked_add(1);

        *header = protected_header(ciphertext_len)?;
        let nonce = self.p.iv.nonce(seq);
        self.p
            .aead
            .seal_in_place(&nonce, header.as_slice(), inner, tag)?;
        Ok(record_len)
    }
}

impl<A: Aead> core::fmt::Debug for RecordSealer<A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.p.fmt_fields("RecordSealer", f)
    }
}

/// The receiving half of a connection's record protection for one key (one epoch): opens
/// records in place.
///
/// A failed open does not advance the sequence number, so a server skipping rejected 0-RTT data
/// can trial-decrypt with its handshake key (RFC 8446 §4.2.10). Any other failure is fatal to
/// the connection.
pub struct RecordOpener<A: Aead> {
    p: Protection<A>,
}

impl<A: Aead> RecordOpener<A> {
    /// An opener over an already keyed `aead` of algorithm `alg`, with the default limit.
    #[must_use]
    pub fn new(alg: AeadAlgorithm, aead: A, iv: Iv) -> Self {
        Self {
            p: Protection::new(alg, aead, iv),
        }
    }

    /// An opener keyed by `provider` with the peer's traffic `key` and `iv` (RFC 8446 §7.3).
    ///
    /// # Errors
    /// [`Error::Crypto`] if the provider refuses the algorithm or key, or `iv` is not 12 bytes.
    pub fn from_key<P: CryptoProvider<Aead = A>>(
        provider: &P,
        alg: AeadAlgorithm,
        key: &[u8],
        iv: &[u8],
    ) -> Result<Self> {
        Ok(Self {
            p: Protection::from_key(provider, alg, key, iv)?,
        })
    }

    /// The AEAD algorithm.
    #[must_use]
    pub fn algorithm(&self) -> AeadAlgorithm {
        self.p.alg
    }

    /// The record limit in force (our advertised `record_size_limit`, or RFC 8446's default).
    #[must_use]
    pub fn limit(&self) -> RecordLimit {
        self.p.limit
    }

    /// Sets the record limit, e.g. once our `record_size_limit` has been accepted.
    pub fn set_limit(&mut self, limit: RecordLimit) {
        self.p.limit = limit;
    }

    /// This opener with `limit` in force.
    #[must_use]
    pub fn with_limit(mut self, limit: RecordLimit) -> Self {
        self.p.limit = limit;
        self
    }

    /// The sequence number the next record must carry, `None` once all 2^64 are used.
    #[must_use]
    pub fn sequence_number(&self) -> Option<u64> {
        self.p.next_seq
    }

    /// Moves the sequence number forward to `seq`, e.g. to restore a saved connection.
    ///
    /// # Errors
    /// [`Error::SequenceRewind`] if `seq` is below the next sequence number (or all are used).
    pub fn skip_to_sequence_number(&mut self, seq: u64) -> Result<()> {
        self.p.skip_to(seq)
    }

    /// [`crate::frame`] with this opener's limit: finds the record at the front of `buf`.
    ///
    /// # Errors
    /// As [`crate::frame`].
    pub fn frame(&self, buf: &[u8]) -> Result<Framing> {
        frame(buf, self.p.limit)
    }

    /// Opens the protected record at the front of `buf` in place (trailing bytes are left
    /// alone) and says where its content lies.
    ///
    /// Checks the header (outer type `application_data`, length within the limit), decrypts
    /// with the header as additional data, then strips the zero padding to find the inner
    /// content type (RFC 8446 §5.2, §5.4). The padding scan takes the same time for any padding
    /// length. On success the content is `buf[opened.range]` and the record is
    /// `buf[..opened.record_len]`; on failure the fragment's bytes are unspecified.
    ///
    /// # Errors
    /// [`Error::Incomplete`] if `buf` holds less than the whole record;
    /// [`Error::UnexpectedContentType`] for an outer type other than `application_data`, or an
    /// inner type other than handshake, alert or application data; [`Error::RecordOverflow`]
    /// for a record over the limit; [`Error::BadRecordMac`] if authentication fails;
    /// [`Error::NoContentType`] for an all-zero plaintext; [`Error::EmptyFragment`] for empty
    /// handshake or alert content; [`Error::SequenceExhausted`] after sequence number 2^64 - 1;
    /// [`Error::Crypto`] if the provider fails other than on the tag.
    pub fn open(&mut self, buf: &mut [u8]) -> Result<Opened> {
        let (header, rest) = buf
            .split_first_chunk_mut::<HEADER_LEN>()
            .ok_or(Error::Incomplete)?;
        let parsed = RecordHeader::from_bytes(header);
        if parsed.content_type != ContentType::APPLICATION_DATA {
            return Err(Error::UnexpectedContentType);
        }
        let ciphertext_len = usize::from(parsed.length);
        if ciphertext_len > self.p.limit.max_ciphertext_len() {
            return Err(Error::RecordOverflow);
        }
        let fragment = rest.get_mut(..ciphertext_len).ok_or(Error::Incomplete)?;
        // RFC 8446 §5.2: a fragment too short to hold the tag cannot decrypt.
        let (inner, tag) = fragment
            .split_last_chunk_mut::<TAG_LEN>()
            .ok_or(Error::BadRecordMac)?;

        let seq = self.p.next_seq.ok_or(Error::SequenceExhausted)?;
        let nonce = self.p.iv.nonce(seq);
        self.p
            .aead
            .open_in_place(&nonce, header.as_slice(), inner, tag)
            .map_err(|e| match e {
                tls_crypto::Error::DecryptFailed => Error::BadRecordMac,
                other => Error::Crypto(other),
            })?;
        self.p.next_seq = seq.checked_add(1);

        // Redundant with the header check while every AEAD adds exactly TAG_LEN bytes; kept so
        // the TLSInnerPlaintext limit (RFC 8446 §5.4, RFC 8449 §4) holds on its own.
        if inner.len() > self.p.limit.max_inner_len() {
            return Err(Error::RecordOverflow);
        }
        let (content_len, content_type) = content_type_ct(inner).ok_or(Error::NoContentType)?;
        match content_type {
            ContentType::APPLICATION_DATA => {}
            ContentType::HANDSHAKE | ContentType::ALERT if content_len > 0 => {}
            ContentType::HANDSHAKE | ContentType::ALERT => return Err(Error::EmptyFragment),
            _ => return Err(Error::UnexpectedContentType),
        }
        Ok(Opened {
            content_type,
            range: CONTENT_OFFSET..CONTENT_OFFSET.saturating_add(content_len),
            record_len: HEADER_LEN.saturating_add(ciphertext_len),
        })
    }
}

impl<A: Aead> core::fmt::Debug for RecordOpener<A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.p.fmt_fields("RecordOpener", f)
    }
}

/// Finds the last non-zero byte of a TLSInnerPlaintext (RFC 8446 §5.4): returns its index (the
/// content length) and value (the content type), or `None` if all bytes are zero.
///
/// Every byte is visited and selected without branching on its value, so the time does not
/// depend on where the padding starts.
pub(crate) fn content_type_ct(inner: &[u8]) -> Option<(usize, ContentType)> {
    let mut found = Choice::from(0);
    let mut index: u32 = 0;
    let mut value: u8 = 0;
    for (i, &b) in inner.iter().enumerate() {
        let Ok(i) = u32::try_from(i) else {
            return None;
        };
        let nonzero = !b.ct_eq(&0);
        index = u32::conditional_select(&index, &i, nonzero);
        value = u8::conditional_select(&value, &b, nonzero);
        found |= nonzero;
    }
    if bool::from(found) {
        let index = usize::try_from(index).ok()?;
        Some((index, ContentType(value)))
    } else {
        None
    }
}
