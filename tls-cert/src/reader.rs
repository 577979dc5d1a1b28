//! A thin DER reader over `der::SliceReader`: one TLV at a time, tags compared as octets.
//!
//! Every accessor returns [`Error::BadDer`] rather than panicking; lengths are `der`'s (definite,
//! minimal).

use crate::{Error, Result};
use der::{asn1::AnyRef, Decode, Reader as _, SliceReader, Tagged as _};

/// Universal and context tags used by X.509, as their identifier octets.
pub(crate) mod tag {
    pub(crate) const BOOLEAN: u8 = 0x01;
    pub(crate) const INTEGER: u8 = 0x02;
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

/// One DER TLV: its tag octet, its value and its whole encoding.
#[derive(Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub(crate) tag: u8,
    pub(crate) value: &'a [u8],
    pub(crate) whole: &'a [u8],
}

/// Reads consecutive TLVs from a byte string.
#[derive(Clone)]
pub(crate) struct Der<'a>(SliceReader<'a>);

impl<'a> Der<'a> {
    /// A reader over `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Result<Self> {
        Ok(Self(SliceReader::new(bytes)?))
    }

    /// Whether every byte has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_finished()
    }

    /// The next tag octet, if any.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.0.peek_byte()
    }

    /// The next TLV, whatever its tag.
    pub(crate) fn any(&mut self) -> Result<Tlv<'a>> {
        let whole = self.0.tlv_bytes()?;
        let any = AnyRef::from_der(whole)?;
        Ok(Tlv {
            tag: any.tag().octet(),
            value: any.value(),
            whole,
        })
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

    /// Decodes the next TLV as a `der` type.
    pub(crate) fn decode<T: Decode<'a>>(&mut self) -> Result<T> {
        Ok(T::decode(&mut self.0)?)
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

/// Reads the whole of `bytes` as exactly one TLV with tag `tag` and returns its value.
pub(crate) fn single(bytes: &[u8], tag: u8) -> Result<&[u8]> {
    let mut r = Der::new(bytes)?;
    let v = r.value(tag)?;
    r.finish()?;
    Ok(v)
}
