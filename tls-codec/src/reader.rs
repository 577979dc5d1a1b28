//! Bounded, zero-copy reading of TLS wire structures.
//!
//! Panic contract: no method of [`Reader`] panics, whatever the input; every bound is checked
//! and reported as an [`Error`].

use crate::{Error, Result};

/// A cursor over borrowed bytes. Parsed values borrow from the input, never copy it.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader over all of `buf`.
    #[must_use]
    pub const fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    /// How many bytes are left.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// Whether every byte has been read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// How many bytes have been read so far.
    #[must_use]
    pub const fn position(&self) -> usize {
        self.pos
    }

    /// The bytes not read yet, without consuming them.
    #[must_use]
    pub fn rest(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }

    /// The bytes read so far.
    #[must_use]
    pub fn consumed(&self) -> &'a [u8] {
        self.buf.get(..self.pos).unwrap_or(&[])
    }

    /// Takes the next `n` bytes.
    ///
    /// # Errors
    /// [`Error::Truncated`] if fewer than `n` bytes are left.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Error::Truncated)?;
        let out = self.buf.get(self.pos..end).ok_or(Error::Truncated)?;
        self.pos = end;
        Ok(out)
    }

    /// Takes exactly `N` bytes as an array reference.
    ///
    /// # Errors
    /// [`Error::Truncated`] if fewer than `N` bytes are left.
    pub fn array<const N: usize>(&mut self) -> Result<&'a [u8; N]> {
        self.take(N)?.try_into().map_err(|_| Error::Truncated)
    }

    /// Reads one byte.
    ///
    /// # Errors
    /// [`Error::Truncated`] at the end of input.
    pub fn u8(&mut self) -> Result<u8> {
        let [b] = *self.array::<1>()?;
        Ok(b)
    }

    /// Reads a big-endian `u16`.
    ///
    /// # Errors
    /// [`Error::Truncated`] at the end of input.
    pub fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(*self.array::<2>()?))
    }

    /// Reads a big-endian 24-bit integer.
    ///
    /// # Errors
    /// [`Error::Truncated`] at the end of input.
    pub fn u24(&mut self) -> Result<u32> {
        let [a, b, c] = *self.array::<3>()?;
        Ok(u32::from_be_bytes([0, a, b, c]))
    }

    /// Reads a big-endian `u32`.
    ///
    /// # Errors
    /// [`Error::Truncated`] at the end of input.
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(*self.array::<4>()?))
    }

    /// Reads a length prefix of `prefix` bytes and returns the vector body it announces.
    ///
    /// `min..=max` is the length range the RFC's presentation language declares
    /// (`opaque x<min..max>`); outside it is [`Error::BadLength`].
    ///
    /// # Errors
    /// [`Error::Truncated`] if the body is cut short, [`Error::BadLength`] if out of range.
    pub fn vec(&mut self, prefix: Prefix, min: usize, max: usize) -> Result<&'a [u8]> {
        let len = match prefix {
            Prefix::U8 => usize::from(self.u8()?),
            Prefix::U16 => usize::from(self.u16()?),
            Prefix::U24 => usize::try_from(self.u24()?).map_err(|_| Error::BadLength)?,
        };
        if len < min || len > max {
            return Err(Error::BadLength);
        }
        self.take(len)
    }

    /// Like [`Reader::vec`], but returns a reader over the body.
    ///
    /// # Errors
    /// As [`Reader::vec`].
    pub fn sub(&mut self, prefix: Prefix, min: usize, max: usize) -> Result<Reader<'a>> {
        self.vec(prefix, min, max).map(Reader::new)
    }

    /// Checks that every byte was read.
    ///
    /// # Errors
    /// [`Error::TrailingBytes`] if any are left.
    pub fn finish(&self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::TrailingBytes)
        }
    }
}

/// The width of a vector's length prefix (RFC 8446 §3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefix {
    /// One byte: vectors of up to 255 bytes.
    U8,
    /// Two bytes: up to 65535.
    U16,
    /// Three bytes: up to 2^24 - 1.
    U24,
}

impl Prefix {
    /// The prefix's width in bytes.
    #[must_use]
    pub const fn width(self) -> usize {
        match self {
            Self::U8 => 1,
            Self::U16 => 2,
            Self::U24 => 3,
        }
    }

    /// The largest length the prefix can express.
    #[must_use]
    pub const fn max(self) -> usize {
        match self {
            Self::U8 => 0xff,
            Self::U16 => 0xffff,
            Self::U24 => 0xff_ffff,
        }
    }
}
