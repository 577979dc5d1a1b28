//! Fallible encoding into a caller's slice.
//!
//! Panic contract: no method of [`Writer`] panics; a full buffer is [`Error::BufferTooSmall`] and
//! the bytes written before the failure stay where they are (the caller decides whether to use them).

use crate::{Error, Prefix, Result};

/// Writes TLS structures into a borrowed buffer, front to back.
#[derive(Debug)]
pub struct Writer<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> Writer<'a> {
    /// A writer at the start of `buf`.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, len: 0 }
    }

    /// Bytes written so far.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Room left in the buffer.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.len)
    }

    /// The bytes written so far.
    #[must_use]
    pub fn written(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// The bytes written so far, mutable (to patch a binder or length after the fact).
    pub fn written_mut(&mut self) -> &mut [u8] {
        self.buf.get_mut(..self.len).unwrap_or(&mut [])
    }

    /// Ends writing and returns the written part of the buffer.
    pub fn finish(self) -> &'a mut [u8] {
        let len = self.len;
        let buf = self.buf;
        match buf.get_mut(..len) {
            Some(b) => b,
            None => &mut [],
        }
    }

    /// Appends `bytes`.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if they do not fit.
    pub fn bytes(&mut self, bytes: &[u8]) -> Result<()> {
        let end = self
            .len
            .checked_add(bytes.len())
            .ok_or(Error::BufferTooSmall)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    /// Appends one byte.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if the buffer is full.
    pub fn u8(&mut self, v: u8) -> Result<()> {
        self.bytes(&[v])
    }

    /// Appends a big-endian `u16`.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if it does not fit.
    pub fn u16(&mut self, v: u16) -> Result<()> {
        self.bytes(&v.to_be_bytes())
    }

    /// Appends a big-endian 24-bit integer.
    ///
    /// # Errors
    /// [`Error::ValueTooLarge`] if `v` needs more than 24 bits, else as [`Writer::bytes`].
    pub fn u24(&mut self, v: u32) -> Result<()> {
        let [z, a, b, c] = v.to_be_bytes();
        if z != 0 {
            return Err(Error::ValueTooLarge);
        }
        self.bytes(&[a, b, c])
    }

    /// Appends a big-endian `u32`.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if it does not fit.
    pub fn u32(&mut self, v: u32) -> Result<()> {
        self.bytes(&v.to_be_bytes())
    }

    /// Appends `body` behind a length prefix.
    ///
    /// # Errors
    /// [`Error::ValueTooLarge`] if `body` is longer than the prefix allows.
    pub fn vec(&mut self, prefix: Prefix, body: &[u8]) -> Result<()> {
        self.nested(prefix, |w| w.bytes(body))
    }

    /// Writes a length prefix, lets `f` write the body, then fills in the length.
    ///
    /// # Errors
    /// Whatever `f` returns, [`Error::BufferTooSmall`], or [`Error::ValueTooLarge`] if the body
    /// outgrows the prefix.
    pub fn nested<F>(&mut self, prefix: Prefix, f: F) -> Result<()>
    where
        F: FnOnce(&mut Writer<'a>) -> Result<()>,
    {
        let start = self.open_prefix(prefix)?;
        f(self)?;
        self.close_prefix(prefix, start)
    }

    /// Reserves a zero length prefix of `prefix`'s width; returns where it starts. This and
    /// [`Writer::close_prefix`] are not generic, so the many [`Writer::nested`] call sites
    /// share them instead of each inlining a copy.
    fn open_prefix(&mut self, prefix: Prefix) -> Result<usize> {
        let start = self.len;
        self.bytes([0; 3].get(..prefix.width()).ok_or(Error::ValueTooLarge)?)?;
        Ok(start)
    }

    /// Fills in the length prefix reserved at `start` with the length of what follows it.
    fn close_prefix(&mut self, prefix: Prefix, start: usize) -> Result<()> {
        let width = prefix.width();
        let body_len = self.len.saturating_sub(start).saturating_sub(width);
        if body_len > prefix.max() {
            return Err(Error::ValueTooLarge);
        }
        let be = u32::try_from(body_len)
            .map_err(|_| Error::ValueTooLarge)?
            .to_be_bytes();
        let field = self.buf.get_mut(start..).ok_or(Error::BufferTooSmall)?;
        let src = be
            .get(4usize.saturating_sub(width)..)
            .ok_or(Error::ValueTooLarge)?;
        field
            .get_mut(..width)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(src);
        Ok(())
    }
}
