//! Finding records in a receive buffer, and plaintext (unprotected) records.

use crate::{Error, RecordLimit, Result};
use core::ops::Range;
use tls_codec::enums::{ContentType, ProtocolVersion};
use tls_codec::record::{RecordHeader, HEADER_LEN, MAX_PLAINTEXT_LEN};

/// Where the content of a record starts in its buffer: right after the header. Callers write
/// the content to be sealed at `buf[CONTENT_OFFSET..]`.
pub const CONTENT_OFFSET: usize = HEADER_LEN;

/// What the front of a receive buffer holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// Not a complete record yet: at least this many more bytes are needed. While the header is
    /// incomplete this counts only the header's missing bytes.
    Need(usize),
    /// A complete record of this many bytes (header included) starts the buffer.
    Complete(usize),
}

/// Finds the record at the front of `buf`, checking its header alone, so an oversized length is
/// refused before its body arrives.
///
/// A record whose outer type is `application_data` is a TLSCiphertext and may be as long as
/// `limit` plus the tag ([`RecordLimit::max_ciphertext_len`]); `handshake`, `alert` and
/// `change_cipher_spec` records are TLSPlaintext of at most 2^14 bytes (RFC 8446 §5.1, §5.2;
/// RFC 8449 §4: only protected records are bounded by a negotiated limit). The
/// `legacy_record_version` is ignored (RFC 8446 §5.1).
///
/// # Errors
/// [`Error::UnexpectedContentType`] for an unknown outer type, [`Error::RecordOverflow`] for a
/// length over the limit.
pub fn frame(buf: &[u8], limit: RecordLimit) -> Result<Framing> {
    let Some(header) = buf.first_chunk::<HEADER_LEN>() else {
        return Ok(Framing::Need(HEADER_LEN.saturating_sub(buf.len())));
    };
    let header = RecordHeader::from_bytes(header);
    let max = match header.content_type {
        ContentType::APPLICATION_DATA => limit.max_ciphertext_len(),
        ContentType::HANDSHAKE | ContentType::ALERT | ContentType::CHANGE_CIPHER_SPEC => {
            MAX_PLAINTEXT_LEN
        }
        _ => return Err(Error::UnexpectedContentType),
    };
    let len = usize::from(header.length);
    if len > max {
        return Err(Error::RecordOverflow);
    }
    let total = HEADER_LEN.saturating_add(len);
    Ok(match total.checked_sub(buf.len()) {
        Some(more) if more > 0 => Framing::Need(more),
        _ => Framing::Complete(total),
    })
}

/// A record whose content was found in place: its content type and where the content lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    /// The content type: the inner one for a protected record.
    pub content_type: ContentType,
    /// The content's byte range in the buffer that was opened (padding and type removed).
    pub range: Range<usize>,
    /// The whole record's length on the wire, header included: how far to advance the buffer.
    pub record_len: usize,
}

impl Opened {
    /// The content, from the buffer that was opened.
    #[must_use]
    pub fn content<'b>(&self, buf: &'b [u8]) -> &'b [u8] {
        buf.get(self.range.clone()).unwrap_or(&[])
    }
}

/// The `change_cipher_spec` record of middlebox compatibility mode (RFC 8446 §D.4), ready to
/// send: `14 03 03 00 01 01`.
pub const CHANGE_CIPHER_SPEC_RECORD: [u8; 6] = [0x14, 0x03, 0x03, 0x00, 0x01, 0x01];

/// Writes the header of a plaintext (TLSPlaintext) record whose `content_len` bytes of content
/// the caller has placed at `buf[CONTENT_OFFSET..]`, and returns the record's length.
///
/// `legacy_version` is 0x0303, or 0x0301 for an initial ClientHello (RFC 8446 §5.1).
///
/// # Errors
/// [`Error::InvalidContentType`] for `application_data` or an unknown type (TLS 1.3 never sends
/// those unprotected) or empty content; [`Error::ContentTooLong`] over 2^14 bytes;
/// [`Error::BufferTooSmall`] if `buf` is shorter than the record.
pub fn encode_plaintext(
    content_type: ContentType,
    legacy_version: ProtocolVersion,
    buf: &mut [u8],
    content_len: usize,
) -> Result<usize> {
    match content_type {
        ContentType::HANDSHAKE | ContentType::ALERT | ContentType::CHANGE_CIPHER_SPEC => {}
        _ => return Err(Error::InvalidContentType),
    }
    if content_len == 0 {
        return Err(Error::InvalidContentType);
    }
    if content_len > MAX_PLAINTEXT_LEN {
        return Err(Error::ContentTooLong);
    }
    let length = u16::try_from(content_len).map_err(|_| Error::ContentTooLong)?;
    let total = HEADER_LEN.saturating_add(content_len);
    let header = buf
        .get_mut(..total)
        .and_then(<[u8]>::first_chunk_mut::<HEADER_LEN>)
        .ok_or(Error::BufferTooSmall)?;
    *header = RecordHeader {
        content_type,
        legacy_version,
        length,
    }
    .to_bytes();
    Ok(total)
}

/// Parses the plaintext (TLSPlaintext) record at the front of `buf` (trailing bytes are left
/// alone) and says where its content lies.
///
/// # Errors
/// [`Error::Incomplete`] if `buf` holds less than the whole record;
/// [`Error::UnexpectedContentType`] for `application_data` (always protected in TLS 1.3) or an
/// unknown type; [`Error::RecordOverflow`] over 2^14 bytes; [`Error::EmptyFragment`] for empty
/// content; [`Error::BadChangeCipherSpec`] for a `change_cipher_spec` other than `01`.
pub fn parse_plaintext(buf: &[u8]) -> Result<Opened> {
    let header = buf
        .first_chunk::<HEADER_LEN>()
        .map(RecordHeader::from_bytes)
        .ok_or(Error::Incomplete)?;
    match header.content_type {
        ContentType::HANDSHAKE | ContentType::ALERT | ContentType::CHANGE_CIPHER_SPEC => {}
        _ => return Err(Error::UnexpectedContentType),
    }
    let len = usize::from(header.length);
    if len > MAX_PLAINTEXT_LEN {
        return Err(Error::RecordOverflow);
    }
    let record_len = HEADER_LEN.saturating_add(len);
    let content = buf
        .get(CONTENT_OFFSET..record_len)
        .ok_or(Error::Incomplete)?;
    if content.is_empty() {
        return Err(Error::EmptyFragment);
    }
    // RFC 8446 §5: the only change_cipher_spec TLS 1.3 accepts is the single byte 0x01.
    if header.content_type == ContentType::CHANGE_CIPHER_SPEC && content != [0x01] {
        return Err(Error::BadChangeCipherSpec);
    }
    Ok(Opened {
        content_type: header.content_type,
        range: CONTENT_OFFSET..record_len,
        record_len,
    })
}
