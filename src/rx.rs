//! The read side of the record layer: framing and opening records in place in `rx`,
//! reassembling handshake messages, and holding decrypted application data for `recv`.
//!
//! See [`crate::sizes`] for the layout. Every function checks its bounds; none panics.

use crate::error::{Code, Error};
use crate::tx::{internal, move_within};
use tls_codec::enums::{AlertDescription, ContentType};
use tls_codec::handshake::HandshakeHeader;
use tls_codec::record::HEADER_LEN;
use tls_crypto::{Aead, TAG_LEN};
use tls_record::{frame, parse_plaintext, Framing, Opened, RecordLimit, RecordOpener};

/// What one record brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// Handshake bytes, appended to the reassembly region.
    Handshake,
    /// Application data, now readable (possibly empty).
    AppData,
    /// An alert.
    Alert(AlertDescription),
    /// A middlebox-compatibility `change_cipher_spec`, dropped (RFC 8446 §5).
    CcsDropped,
    /// Server: a record of rejected 0-RTT data, skipped (RFC 8446 §4.2.10).
    Skipped,
}

/// Server: rejected 0-RTT data being skipped (RFC 8446 §4.2.10).
#[derive(Clone, Copy, Debug)]
struct Skip {
    /// Bytes that may still be skipped.
    left: u32,
}

/// Offsets into `rx` (see [`crate::sizes`]).
pub(crate) struct ReadSide<A: Aead> {
    /// The current read protection; `None` before the handshake installs keys.
    pub(crate) opener: Option<RecordOpener<A>>,
    /// The record limit for what we accept: our `record_size_limit` once the peer took it
    /// (RFC 8449 §4), a client's negotiated max_fragment_length + 1, RFC 8446's by default.
    pub(crate) limit: RecordLimit,
    /// Handshake bytes being reassembled: `rx[..hs_len]`.
    hs_len: usize,
    /// Decrypted application data: `rx[app_start..app_end]`.
    app_start: usize,
    app_end: usize,
    /// Ciphertext not yet opened: `rx[start..end]`.
    start: usize,
    end: usize,
    /// The transport has ended.
    pub(crate) eof: bool,
    /// Server: rejected 0-RTT is being skipped: `application_data` records that do not open
    /// with the current keys (or, with no keys, after a HelloRetryRequest, all of them).
    skip: Option<Skip>,
    /// Server: accepted 0-RTT is being read; the bytes it may still bring.
    pub(crate) early_left: Option<u32>,
}

fn needed(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<A: Aead> ReadSide<A> {
    pub(crate) const fn new() -> Self {
        Self {
            opener: None,
            limit: RecordLimit::DEFAULT,
            hs_len: 0,
            app_start: 0,
            app_end: 0,
            start: 0,
            end: 0,
            eof: false,
            skip: None,
            early_left: None,
        }
    }

    /// New read keys: early data is over (accepted: EndOfEarlyData came; rejected after a
    /// HelloRetryRequest: ClientHello2 came), and no skipping goes on under new keys.
    pub(crate) fn keys_changed(&mut self) {
        self.skip = None;
        self.early_left = None;
    }

    /// Server: 0-RTT was rejected; skip up to `limit` bytes of it.
    pub(crate) fn skip_rejected_early_data(&mut self, limit: u32) {
        self.skip = Some(Skip { left: limit });
    }

    /// Steps past the record ending at `rec_end`.
    fn advance(&mut self, rec_end: usize) {
        self.start = rec_end;
        if self.start == self.end {
            self.start = self.retained_end();
            self.end = self.start;
        }
    }

    /// Skips `record` if it is rejected early data; `Ok(Some(opened))` if it opened (skipping
    /// ends there: the client's second flight starts), `Ok(None)` if it was skipped.
    fn try_skip(&mut self, record: &mut [u8], mut skip: Skip) -> Result<Option<Opened>, Error> {
        let opened = match &mut self.opener {
            // After a HelloRetryRequest: no keys yet, every application_data record is 0-RTT.
            None => None,
            Some(opener) => match opener.open(record) {
                Ok(o) => Some(o),
                Err(tls_record::Error::BadRecordMac) => None,
                Err(e) => return Err(e.into()),
            },
        };
        if opened.is_some() {
            self.skip = None;
            return Ok(opened);
        }
        // Charged at the most plaintext the record can carry (its tag and type are not data).
        let cost = record
            .len()
            .saturating_sub(HEADER_LEN)
            .saturating_sub(TAG_LEN)
            .saturating_sub(1);
        skip.left = u32::try_from(cost)
            .ok()
            .and_then(|c| skip.left.checked_sub(c))
            .ok_or(Error::detected(Code::TooMuchEarlyData))?;
        self.skip = Some(skip);
        Ok(None)
    }

    /// End of the retained region (handshake bytes or application data) at the front.
    fn retained_end(&self) -> usize {
        self.hs_len.max(self.app_end)
    }

    /// Moves the application data to the front, then the ciphertext right behind what is kept.
    fn compact(&mut self, rx: &mut [u8]) -> Result<(), Error> {
        if self.app_start > 0 {
            move_within(rx, self.app_start..self.app_end, 0)?;
            self.app_end = self.app_end.saturating_sub(self.app_start);
            self.app_start = 0;
        }
        let keep = self.retained_end();
        if self.start > keep {
            move_within(rx, self.start..self.end, keep)?;
            self.end = self.end.saturating_sub(self.start.saturating_sub(keep));
            self.start = keep;
        }
        Ok(())
    }

    /// Where the caller writes bytes read from the transport.
    pub(crate) fn space<'r>(&mut self, rx: &'r mut [u8]) -> &'r mut [u8] {
        if self.compact(rx).is_err() {
            return &mut [];
        }
        rx.get_mut(self.end..).unwrap_or(&mut [])
    }

    /// `n` bytes were written to [`ReadSide::space`].
    pub(crate) fn commit(&mut self, rx_len: usize, n: usize) -> Result<(), Error> {
        self.end = self
            .end
            .checked_add(n)
            .filter(|&e| e <= rx_len)
            .ok_or(Error::new(Code::BadAck))?;
        Ok(())
    }

    /// Frames, opens and files the next record. `Ok(None)` when no whole record is buffered.
    ///
    /// `ccs_allowed`: a peer's `change_cipher_spec` is dropped (RFC 8446 §5: after the first
    /// ClientHello and before the peer's Finished); otherwise it is unexpected.
    /// `plaintext_alert_ok`: an unprotected alert is accepted although keys are installed (the
    /// peer failed before it could install its own; nothing was opened with these keys yet).
    pub(crate) fn next_record(
        &mut self,
        rx: &mut [u8],
        ccs_allowed: bool,
        plaintext_alert_ok: bool,
        app_data_ok: bool,
    ) -> Result<Option<Content>, Error> {
        let window = rx.get(self.start..self.end).ok_or_else(internal)?;
        let limit = self.opener.as_ref().map_or(self.limit, RecordOpener::limit);
        let total = match frame(window, limit)? {
            Framing::Complete(total) => total,
            Framing::Need(more) => {
                if window.len() >= HEADER_LEN {
                    let total = window.len().saturating_add(more);
                    let need = self.retained_end().saturating_add(total);
                    if need > rx.len() {
                        self.check_reassembly(rx, true)?;
                        return Err(Error::detected(Code::RxTooSmall {
                            needed: needed(need),
                        }));
                    }
                }
                return Ok(None);
            }
        };
        let outer = ContentType(window.first().copied().unwrap_or(0));
        let rec_end = self.start.saturating_add(total);
        let record = rx.get_mut(self.start..rec_end).ok_or_else(internal)?;
        let mut pre_opened = None;
        if let (Some(skip), ContentType::APPLICATION_DATA) = (self.skip, outer) {
            match self.try_skip(record, skip)? {
                Some(o) => pre_opened = Some(o),
                None => {
                    self.advance(rec_end);
                    return Ok(Some(Content::Skipped));
                }
            }
        }
        let opened: Opened = if let Some(o) = pre_opened {
            o
        } else if outer == ContentType::CHANGE_CIPHER_SPEC {
            if !ccs_allowed {
                return Err(Error::detected(Code::UnexpectedMessage));
            }
            parse_plaintext(record)?
        } else if outer == ContentType::ALERT && (self.opener.is_none() || plaintext_alert_ok) {
            parse_plaintext(record)?
        } else if let Some(opener) = &mut self.opener {
            opener.open(record)?
        } else {
            parse_plaintext(record)?
        };
        let content = self.start.saturating_add(opened.range.start)
            ..self.start.saturating_add(opened.range.end);
        let result = match opened.content_type {
            ContentType::CHANGE_CIPHER_SPEC => Content::CcsDropped,
            ContentType::HANDSHAKE => {
                if self.app_end > self.app_start {
                    return Err(internal());
                }
                let len = content.len();
                move_within(rx, content, self.hs_len)?;
                self.hs_len = self.hs_len.saturating_add(len);
                self.check_reassembly(rx, false)?;
                Content::Handshake
            }
            ContentType::APPLICATION_DATA => {
                // RFC 8446 §5.1: no other record type inside a handshake message.
                if self.hs_len > 0 || !(app_data_ok || self.early_left.is_some()) {
                    return Err(Error::detected(Code::UnexpectedMessage));
                }
                // RFC 8446 §4.2.10: no more 0-RTT data than allowed.
                if let Some(left) = self.early_left {
                    let left = u32::try_from(content.len())
                        .ok()
                        .and_then(|n| left.checked_sub(n))
                        .ok_or(Error::detected(Code::TooMuchEarlyData))?;
                    self.early_left = Some(left);
                }
                self.app_start = content.start;
                self.app_end = content.end;
                Content::AppData
            }
            ContentType::ALERT => {
                let body = rx.get(content).ok_or_else(internal)?;
                let [_level, desc] = body else {
                    return Err(Error::detected(Code::BadAlert));
                };
                Content::Alert(AlertDescription(*desc))
            }
            _ => return Err(Error::detected(Code::UnexpectedMessage)),
        };
        self.advance(rec_end);
        Ok(Some(result))
    }

    /// The length of the whole handshake message at the front of the reassembly region, if it
    /// is complete.
    pub(crate) fn whole_message(&self, rx: &[u8]) -> Option<usize> {
        let hs = rx.get(..self.hs_len)?;
        let len = HandshakeHeader::peek(hs)?.message_len();
        (len <= hs.len()).then_some(len)
    }

    /// Fails when the handshake message being reassembled cannot fit: it is incomplete and
    /// its length plus the smallest record that could bring its last byte (header, content
    /// type and tag: 22 bytes) exceeds the receive buffer, or `force` (the next record did not
    /// fit behind it). The error names the message's length and the `rx` that holds it with a
    /// record of the current limit.
    fn check_reassembly(&self, rx: &[u8], force: bool) -> Result<(), Error> {
        let Some(hs) = rx.get(..self.hs_len) else {
            return Ok(());
        };
        let Some(len) = HandshakeHeader::peek(hs).map(|h| h.message_len()) else {
            return Ok(());
        };
        if len <= hs.len() {
            return Ok(());
        }
        let overhead = HEADER_LEN.saturating_add(1).saturating_add(TAG_LEN);
        if force || len.saturating_add(overhead) > rx.len() {
            let limit = self.opener.as_ref().map_or(self.limit, RecordOpener::limit);
            return Err(Error::detected(Code::HandshakeMessageTooLarge {
                message_len: needed(len),
                record_len: u16::try_from(limit.max_record_len()).unwrap_or(u16::MAX),
            }));
        }
        Ok(())
    }

    /// Nothing buffered: no handshake bytes, application data or ciphertext.
    pub(crate) fn is_empty(&self) -> bool {
        self.hs_len == 0 && self.app_end == self.app_start && self.end == self.start
    }

    /// Wipes `rx` outside what is buffered (handshake bytes, application data, ciphertext).
    pub(crate) fn wipe_free(&self, rx: &mut [u8]) {
        let keep_front = self.retained_end();
        if let Some(mid) = rx.get_mut(keep_front..self.start.max(keep_front)) {
            zeroize::Zeroize::zeroize(mid);
        }
        if let Some(back) = rx.get_mut(self.end.max(keep_front)..) {
            zeroize::Zeroize::zeroize(back);
        }
        if self.app_end == self.app_start {
            if let Some(front) = rx.get_mut(self.hs_len..keep_front) {
                zeroize::Zeroize::zeroize(front);
            }
        }
    }

    /// Forgets the (empty) buffered regions, for buffers that were released.
    pub(crate) fn reset_offsets(&mut self) {
        self.hs_len = 0;
        self.app_start = 0;
        self.app_end = 0;
        self.start = 0;
        self.end = 0;
    }

    /// Whether handshake bytes are waiting (a partial or whole message).
    pub(crate) fn has_handshake_bytes(&self) -> bool {
        self.hs_len > 0
    }

    /// Drops the first `len` bytes of the reassembly region (a message that was handled).
    pub(crate) fn consume_message(&mut self, rx: &mut [u8], len: usize) -> Result<(), Error> {
        let len = len.min(self.hs_len);
        move_within(rx, len..self.hs_len, 0)?;
        self.hs_len = self.hs_len.saturating_sub(len);
        Ok(())
    }

    /// Decrypted application data ready for `recv`.
    pub(crate) fn app_data<'r>(&self, rx: &'r [u8]) -> &'r [u8] {
        rx.get(self.app_start..self.app_end).unwrap_or(&[])
    }

    /// Number of decrypted application bytes ready.
    pub(crate) fn app_len(&self) -> usize {
        self.app_end.saturating_sub(self.app_start)
    }

    /// `n` bytes of application data were read; wiped behind the reader.
    pub(crate) fn consume_app(&mut self, rx: &mut [u8], n: usize) {
        let n = n.min(self.app_len());
        let next = self.app_start.saturating_add(n);
        if let Some(done) = rx.get_mut(self.app_start..next) {
            zeroize::Zeroize::zeroize(done);
        }
        self.app_start = next;
        if self.app_start == self.app_end {
            self.app_start = 0;
            self.app_end = 0;
        }
    }

    /// Drops all buffered application data (shutdown discards it).
    pub(crate) fn discard_app(&mut self, rx: &mut [u8]) {
        self.consume_app(rx, usize::MAX);
    }
}
