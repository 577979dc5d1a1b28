//! The write side of the record layer: records built and sealed in place in `tx`.
//!
//! See [`crate::sizes`] for the layout. Every function checks its bounds; none panics.

use crate::error::{Code, Error};
use crate::sizes::ALERT_RECORD_LEN;
use crate::sizing::SendSizing;
use tls_codec::enums::{AlertDescription, AlertLevel, ContentType, ProtocolVersion};
use tls_codec::record::HEADER_LEN;
use tls_crypto::Aead;
use tls_record::{
    encode_plaintext, RecordLimit, RecordSealer, CHANGE_CIPHER_SPEC_RECORD, MAX_PLAINTEXT_LEN,
    SEAL_OVERHEAD,
};

/// Moves `buf[src]` to start at `dst`, refusing (instead of panicking) when out of bounds.
pub(crate) fn move_within(
    buf: &mut [u8],
    src: core::ops::Range<usize>,
    dst: usize,
) -> Result<(), Error> {
    let len = src.end.checked_sub(src.start).ok_or_else(internal)?;
    let fits = src.end <= buf.len() && dst.checked_add(len).is_some_and(|e| e <= buf.len());
    if !fits {
        return Err(internal());
    }
    buf.copy_within(src, dst);
    Ok(())
}

/// An arithmetic or bounds failure that the invariants rule out: reported, never panicking.
pub(crate) fn internal() -> Error {
    Error::detected(Code::Record(tls_record::Error::BufferTooSmall))
}

fn needed(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Pending records in `tx[start..end]`, and the key they are sealed with.
pub(crate) struct WriteSide<A: Aead> {
    /// The current write protection; `None` before the handshake installs keys.
    pub(crate) sealer: Option<RecordSealer<A>>,
    /// The record limit for what we send: the peer's `record_size_limit` or the negotiated
    /// max_fragment_length + 1 (RFC 8449 §4, RFC 6066 §4), RFC 8446's by default.
    pub(crate) limit: RecordLimit,
    /// How application-data records are sized below the limit.
    pub(crate) sizing: SendSizing,
    start: usize,
    end: usize,
}

impl<A: Aead> WriteSide<A> {
    pub(crate) const fn new(sizing: SendSizing) -> Self {
        Self {
            sealer: None,
            limit: RecordLimit::DEFAULT,
            sizing,
            start: 0,
            end: 0,
        }
    }

    /// The most application data the next record carries: the negotiated limit, capped by
    /// the preference and dynamic sizing.
    pub(crate) fn app_content_cap(&self) -> usize {
        self.max_content().min(self.sizing.cap())
    }

    /// Wipes `tx` outside the pending records.
    pub(crate) fn wipe_free(&self, tx: &mut [u8]) {
        if let Some(front) = tx.get_mut(..self.start) {
            zeroize::Zeroize::zeroize(front);
        }
        if let Some(back) = tx.get_mut(self.end..) {
            zeroize::Zeroize::zeroize(back);
        }
    }

    /// Forgets the (empty) pending region, for buffers that were released.
    pub(crate) fn reset_offsets(&mut self) {
        self.start = 0;
        self.end = 0;
    }

    /// The records waiting to be written.
    pub(crate) fn pending<'t>(&self, tx: &'t [u8]) -> &'t [u8] {
        tx.get(self.start..self.end).unwrap_or(&[])
    }

    pub(crate) fn has_pending(&self) -> bool {
        self.end > self.start
    }

    /// `n` pending bytes were written to the transport.
    pub(crate) fn ack(&mut self, n: usize) -> Result<(), Error> {
        let start = self
            .start
            .checked_add(n)
            .filter(|&s| s <= self.end)
            .ok_or(Error::new(Code::BadAck))?;
        self.start = start;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
        Ok(())
    }

    /// Moves the pending records to the front of `tx`.
    fn compact(&mut self, tx: &mut [u8]) -> Result<(), Error> {
        if self.start > 0 {
            move_within(tx, self.start..self.end, 0)?;
            self.end = self.end.saturating_sub(self.start);
            self.start = 0;
        }
        Ok(())
    }

    /// Free bytes after the pending records, less the alert reserve.
    fn room(&self, tx: &[u8]) -> usize {
        tx.len()
            .saturating_sub(ALERT_RECORD_LEN)
            .saturating_sub(self.end)
    }

    /// Bytes a record adds around its content: 5 for plaintext, 22 when protected.
    fn overhead(&self) -> usize {
        if self.sealer.is_some() {
            SEAL_OVERHEAD
        } else {
            HEADER_LEN
        }
    }

    /// The most handshake content one record carries.
    fn max_content(&self) -> usize {
        match &self.sealer {
            Some(s) => s.max_content_len().min(self.limit.max_content_len()),
            None => MAX_PLAINTEXT_LEN,
        }
    }

    /// The space the handshake writes its messages to: after the pending records and a header,
    /// as long as the largest content whose records (headers, tags) still fit before the alert
    /// reserve.
    pub(crate) fn handshake_space<'t>(&mut self, tx: &'t mut [u8]) -> &'t mut [u8] {
        if self.compact(tx).is_err() {
            return &mut [];
        }
        let avail = self.room(tx);
        let per = self.max_content().saturating_add(self.overhead());
        let records = avail.div_ceil(per.max(1));
        let cap = avail.saturating_sub(records.saturating_mul(self.overhead()));
        let base = self.end.saturating_add(HEADER_LEN);
        tx.get_mut(base..base.saturating_add(cap))
            .unwrap_or(&mut [])
    }

    /// Frames the `len` bytes of handshake messages written to [`WriteSide::handshake_space`]
    /// into records (splitting at the record limit, in place) and seals them.
    pub(crate) fn commit_handshake(&mut self, tx: &mut [u8], len: usize) -> Result<(), Error> {
        if len == 0 {
            return Ok(());
        }
        let max = self.max_content().max(1);
        let o = self.overhead();
        let n = len.div_ceil(max);
        let total = n.saturating_mul(o).saturating_add(len);
        if total > self.room(tx) {
            let need = self
                .end
                .saturating_add(total)
                .saturating_add(ALERT_RECORD_LEN);
            return Err(Error::detected(Code::TxTooSmall {
                needed: needed(need),
            }));
        }
        let stride = max.saturating_add(o);
        let frag_len = |i: usize| len.saturating_sub(i.saturating_mul(max)).min(max);
        // Spread the fragments out, last first, so each gets room for its header and tag.
        for i in (1..n).rev() {
            let src = self
                .end
                .saturating_add(HEADER_LEN)
                .saturating_add(i.saturating_mul(max));
            let dst = self
                .end
                .saturating_add(i.saturating_mul(stride))
                .saturating_add(HEADER_LEN);
            move_within(tx, src..src.saturating_add(frag_len(i)), dst)?;
        }
        for i in 0..n {
            let at = self.end.saturating_add(i.saturating_mul(stride));
            let flen = frag_len(i);
            let rec = tx
                .get_mut(at..at.saturating_add(flen).saturating_add(o))
                .ok_or_else(internal)?;
            self.seal_record(ContentType::HANDSHAKE, rec, flen)?;
        }
        self.end = self.end.saturating_add(total);
        Ok(())
    }

    /// Seals (or frames as plaintext) one record whose content is at `rec[5..5 + len]`.
    fn seal_record(
        &mut self,
        typ: ContentType,
        rec: &mut [u8],
        len: usize,
    ) -> Result<usize, Error> {
        Ok(match &mut self.sealer {
            Some(s) => s.seal(typ, rec, len)?,
            None => encode_plaintext(typ, ProtocolVersion::TLS_1_2, rec, len)?,
        })
    }

    /// Queues the middlebox-compatibility `change_cipher_spec` record (RFC 8446 §D.4).
    pub(crate) fn queue_ccs(&mut self, tx: &mut [u8]) -> Result<(), Error> {
        self.compact(tx)?;
        let len = CHANGE_CIPHER_SPEC_RECORD.len();
        if self.room(tx) < len {
            let need = self
                .end
                .saturating_add(len)
                .saturating_add(ALERT_RECORD_LEN);
            return Err(Error::detected(Code::TxTooSmall {
                needed: needed(need),
            }));
        }
        tx.get_mut(self.end..self.end.saturating_add(len))
            .ok_or_else(internal)?
            .copy_from_slice(&CHANGE_CIPHER_SPEC_RECORD);
        self.end = self.end.saturating_add(len);
        Ok(())
    }

    /// Seals the front of the data in `bufs` (after skipping `offset` bytes) into one
    /// application-data record, gathering across slices; returns how many bytes it took (0 when
    /// `tx` is full or there is nothing to send).
    pub(crate) fn seal_app_data(
        &mut self,
        tx: &mut [u8],
        bufs: &[&[u8]],
        offset: usize,
    ) -> Result<usize, Error> {
        let total: usize = bufs.iter().fold(0usize, |a, b| a.saturating_add(b.len()));
        let want = total.saturating_sub(offset).min(self.app_content_cap());
        if self.room(tx) < want.saturating_add(SEAL_OVERHEAD) {
            self.compact(tx)?;
        }
        let chunk = want.min(self.room(tx).saturating_sub(SEAL_OVERHEAD));
        if chunk == 0 {
            return Ok(0);
        }
        let at = self.end;
        let rec = tx
            .get_mut(at..at.saturating_add(chunk).saturating_add(SEAL_OVERHEAD))
            .ok_or_else(internal)?;
        let content = rec
            .get_mut(HEADER_LEN..HEADER_LEN.saturating_add(chunk))
            .ok_or_else(internal)?;
        gather(content, bufs, offset)?;
        let sealer = self.sealer.as_mut().ok_or_else(internal)?;
        let n = sealer.seal(ContentType::APPLICATION_DATA, rec, chunk)?;
        self.end = self.end.saturating_add(n);
        Ok(chunk)
    }

    /// Queues an alert under the current write keys, using the reserve if needed.
    pub(crate) fn queue_alert(
        &mut self,
        tx: &mut [u8],
        alert: AlertDescription,
    ) -> Result<(), Error> {
        self.compact(tx)?;
        let level = match alert {
            AlertDescription::CLOSE_NOTIFY | AlertDescription::USER_CANCELED => AlertLevel::WARNING,
            _ => AlertLevel::FATAL,
        };
        let len = 2usize.saturating_add(self.overhead());
        let at = self.end;
        let rec = tx
            .get_mut(at..at.saturating_add(len))
            .ok_or_else(internal)?;
        rec.get_mut(HEADER_LEN..HEADER_LEN.saturating_add(2))
            .ok_or_else(internal)?
            .copy_from_slice(&[level.get(), alert.get()]);
        let n = self.seal_record(ContentType::ALERT, rec, 2)?;
        self.end = self.end.saturating_add(n);
        Ok(())
    }

    /// Whether the current key has sealed enough records that a KeyUpdate is due.
    pub(crate) fn needs_key_update(&self) -> bool {
        self.sealer
            .as_ref()
            .is_some_and(RecordSealer::needs_key_update)
    }

    /// Free room for a record of `content` bytes, compacting if needed.
    pub(crate) fn make_room(&mut self, tx: &mut [u8], content: usize) -> Result<bool, Error> {
        let need = content.saturating_add(SEAL_OVERHEAD);
        if self.room(tx) < need {
            self.compact(tx)?;
        }
        Ok(self.room(tx) >= need)
    }
}

/// Fills `out` from the concatenation of `bufs`, starting `offset` bytes in.
fn gather(out: &mut [u8], bufs: &[&[u8]], mut offset: usize) -> Result<(), Error> {
    let mut filled = 0usize;
    for b in bufs {
        if filled >= out.len() {
            break;
        }
        let Some(rest) = b.get(offset..) else {
            offset = offset.saturating_sub(b.len());
            continue;
        };
        offset = 0;
        let dst = out.get_mut(filled..).ok_or_else(internal)?;
        let n = rest.len().min(dst.len());
        dst.get_mut(..n)
            .ok_or_else(internal)?
            .copy_from_slice(rest.get(..n).ok_or_else(internal)?);
        filled = filled.saturating_add(n);
    }
    if filled == out.len() {
        Ok(())
    } else {
        Err(internal())
    }
}
