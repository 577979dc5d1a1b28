//! A small DER reader: one TLV at a time, tags compared as octets, and the few primitive types
//! X.509 needs (INTEGER, BIT STRING, BOOLEAN; the two time types are in `crate::time`).
//!
//! It replaces the `der` crate (0.7), which cost a firmware ~4 KB of flash, and accepts exactly
//! what `der` accepted: single-octet tags of the kinds `der` knows, definite lengths of one to
//! four octets in their shortest form, and the DER form of each primitive. Every accessor
//! returns [`Error::BadDer`] rather than panicking.

use crate::{Error, Result};

/// Universal and context tags used by X.509, as their identifier octets.
pub(crate) mod tag {
    pub(crate) const BOOLEAN: u8 = 0x01;
    pub(crate) const INTEGER: u8 = 0x02;
    pub(crate) const BIT_STRING: u8 = 0x03;
    pub(crate) const OCTET_STRING: u8 = 0x04;
    pub(crate) const NULL: u8 = 0x05;
    pub(crate) const OID: u8 = 0x06;
    pub(crate) const UTC_TIME: u8 = 0x17;
    pub(crate) const GENERALIZED_TIME: u8 = 0x18;
    pub(crate) const SEQUENCE: u8 = 0x30;
    pub(crate) const SET: u8 = 0x31;
    /// `[0]` constructed (explicit).
    pub(crate) const CONTEXT_0: u8 = 0xa0;
    /// `[1]` constructed.
    pub(crate) const CONTEXT_1: u8 = 0xa1;
    /// `[2]` constructed.
    pub(crate) const CONTEXT_2: u8 = 0xa2;
    /// `[3]` constructed.
    pub(crate) const CONTEXT_3: u8 = 0xa3;
    /// `[1]` primitive (issuerUniqueID).
    pub(crate) const IMPLICIT_1: u8 = 0x81;
    /// `[2]` primitive (subjectUniqueID; dNSName in a GeneralName).
    pub(crate) const IMPLICIT_2: u8 = 0x82;
    /// `[7]` primitive (iPAddress in a GeneralName).
    pub(crate) const IMPLICIT_7: u8 = 0x87;
}

/// The largest length accepted (256 MiB - 1, as `der`).
const MAX_LEN: u32 = 0x0fff_ffff;

/// One DER TLV: its tag octet, its value and its whole encoding.
#[derive(Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub(crate) tag: u8,
    pub(crate) value: &'a [u8],
    pub(crate) whole: &'a [u8],
}

/// Reads consecutive TLVs from a byte string.
#[derive(Clone)]
pub(crate) struct Der<'a>(&'a [u8]);

/// Whether `tag` is an identifier octet `der` decodes: the universal types it knows, SEQUENCE
/// and SET, and application, context-specific or private tags with a low tag number (X.690
/// §8.1.2; the high-tag-number form is not accepted).
const fn known_tag(tag: u8) -> bool {
    match tag {
        0x01..=0x06 | 0x09 | 0x0a | 0x0c | 0x12..=0x18 | 0x1a | 0x1e | 0x30 | 0x31 => true,
        0x40..=0xff => tag & 0x1f != 0x1f,
        _ => false,
    }
}

impl<'a> Der<'a> {
    /// A reader over `bytes`.
    pub(crate) const fn new(bytes: &'a [u8]) -> Self {
        Self(bytes)
    }

    /// Whether every byte has been read.
    pub(crate) const fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The next tag octet, if any.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.0.first().copied()
    }

    /// The next TLV, whatever its tag.
    pub(crate) fn any(&mut self) -> Result<Tlv<'a>> {
        let (&tag, rest) = self.0.split_first().ok_or(Error::BadDer)?;
        if !known_tag(tag) {
            return Err(Error::BadDer);
        }
        let (&first, mut rest) = rest.split_first().ok_or(Error::BadDer)?;
        let len = if first < 0x80 {
            u32::from(first)
        } else {
            // X.690 §8.1.3.5 long form, 1 to 4 octets; DER (§10.1) wants the fewest octets,
            // so the first is not zero and one octet is only used for 128 and more.
            let n = usize::from(first & 0x7f);
            if !(1..=4).contains(&n) {
                return Err(Error::BadDer);
            }
            let (octets, after) = rest.split_at_checked(n).ok_or(Error::BadDer)?;
            rest = after;
            let len = octets
                .iter()
                .fold(0u32, |acc, &b| acc.wrapping_shl(8) | u32::from(b));
            if octets.first() == Some(&0) || !(0x80..=MAX_LEN).contains(&len) {
                return Err(Error::BadDer);
            }
            len
        };
        let len = usize::try_from(len).map_err(|_| Error::BadDer)?;
        let value = rest.get(..len).ok_or(Error::BadDer)?;
        let whole_len = self.0.len().saturating_sub(rest.len()).saturating_add(len);
        let whole = self.0.get(..whole_len).ok_or(Error::BadDer)?;
        self.0 = rest.get(len..).ok_or(Error::BadDer)?;
        Ok(Tlv { tag, value, whole })
    }

    /// The next TLV, which must have tag `tag`.
    pub(crate) fn take_tagged(&mut self, tag: u8) -> Result<Tlv<'a>> {
        let tlv = self.any()?;
        if tlv.tag == tag {
            Ok(tlv)
        } else {
            Err(Error::BadDer)
        }
    }

    /// The value of the next TLV, which must have tag `tag`.
    pub(crate) fn value(&mut self, tag: u8) -> Result<&'a [u8]> {
        self.take_tagged(tag).map(|t| t.value)
    }

    /// The next TLV if it has tag `tag`; `None` (nothing consumed) otherwise.
    pub(crate) fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>> {
        if self.peek_tag() == Some(tag) {
            self.any().map(Some)
        } else {
            Ok(None)
        }
    }

    /// A non-negative INTEGER's magnitude (see [`uint`]).
    pub(crate) fn uint(&mut self) -> Result<&'a [u8]> {
        uint(self.value(tag::INTEGER)?)
    }

    /// A BIT STRING: its unused-bit count and its octets.
    pub(crate) fn bit_string(&mut self) -> Result<(u8, &'a [u8])> {
        let v = self.value(tag::BIT_STRING)?;
        let (&unused, bits) = v.split_first().ok_or(Error::BadDer)?;
        if unused > 7 || (unused != 0 && bits.is_empty()) {
            return Err(Error::BadDer);
        }
        Ok((unused, bits))
    }

    /// A BIT STRING that must be a whole number of octets (keys, signatures).
    pub(crate) fn octet_bits(&mut self) -> Result<&'a [u8]> {
        match self.bit_string()? {
            (0, bits) => Ok(bits),
            _ => Err(Error::BadDer),
        }
    }

    /// A BOOLEAN, DER form (`00` or `ff`).
    pub(crate) fn boolean(&mut self) -> Result<bool> {
        match self.value(tag::BOOLEAN)? {
            [0x00] => Ok(false),
            [0xff] => Ok(true),
            _ => Err(Error::BadDer),
        }
    }

    /// Ends reading; trailing bytes are an error.
    pub(crate) fn finish(self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::BadDer)
        }
    }
}

/// The magnitude of a non-negative INTEGER's contents octets in DER (X.690 §8.3): not empty,
/// no redundant leading zero, not negative. One leading zero (before an octet of 0x80 or more)
/// is removed; zero itself is `[0]`.
pub(crate) fn uint(v: &[u8]) -> Result<&[u8]> {
    match v {
        [] => Err(Error::BadDer),
        [0] => Ok(v),
        [0, b, ..] if *b < 0x80 => Err(Error::BadDer),
        [0, rest @ ..] => Ok(rest),
        [b, ..] if *b >= 0x80 => Err(Error::BadDer),
        _ => Ok(v),
    }
}

/// Reads the whole of `bytes` as exactly one TLV with tag `tag` and returns its value.
pub(crate) fn single(bytes: &[u8], tag: u8) -> Result<&[u8]> {
    let mut r = Der::new(bytes);
    let v = r.value(tag)?;
    r.finish()?;
    Ok(v)
}
