//! Certificate, CertificateRequest and CertificateVerify (RFC 8446 §4.3.2, §4.4.2, §4.4.3).

use crate::enums::SignatureScheme;
use crate::extensions::{CertificateEntryExtensions, CertificateRequestExtensions};
use crate::list::{encode_opaque, list_item, List};
use crate::{Codec, Prefix, Reader, Result, Writer};

/// Longest `certificate_request_context` (`opaque certificate_request_context<0..2^8-1>`).
pub const MAX_CONTEXT_LEN: usize = 0xff;

/// One certificate (or raw public key) and its extensions (RFC 8446 §4.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertificateEntry<'a> {
    /// `opaque cert_data<1..2^24-1>`: a DER X.509 certificate, or a DER SubjectPublicKeyInfo
    /// when raw public keys were negotiated (RFC 7250).
    pub cert_data: &'a [u8],
    /// The entry's extensions.
    pub extensions: CertificateEntryExtensions<'a>,
}

impl<'a> Codec<'a> for CertificateEntry<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            cert_data: r.vec(Prefix::U24, 1, 0xff_ffff)?,
            extensions: CertificateEntryExtensions::parse(r)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        encode_opaque(w, Prefix::U24, 1, 0xff_ffff, self.cert_data)?;
        self.extensions.encode(w)
    }
}
// RFC 8446 §4.4.2: CertificateEntry certificate_list<0..2^24-1>.
list_item!(CertificateEntry<'a>, U24, 0, 0xff_ffff);

/// The Certificate message (RFC 8446 §4.4.2). Entries are iterated from the wire, zero-copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Certificate<'a> {
    /// `opaque certificate_request_context<0..2^8-1>`: empty in server authentication.
    pub context: &'a [u8],
    /// The chain, end-entity first; empty when a client has no certificate.
    pub entries: List<'a, CertificateEntry<'a>>,
}

impl<'a> Codec<'a> for Certificate<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            context: r.vec(Prefix::U8, 0, MAX_CONTEXT_LEN)?,
            entries: List::parse(r)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        encode_opaque(w, Prefix::U8, 0, MAX_CONTEXT_LEN, self.context)?;
        self.entries.encode(w)
    }
}

/// The CertificateRequest message (RFC 8446 §4.3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertificateRequest<'a> {
    /// `opaque certificate_request_context<0..2^8-1>`, echoed in the client's Certificate.
    pub context: &'a [u8],
    /// The extensions; a parsed request always has signature_algorithms.
    pub extensions: CertificateRequestExtensions<'a>,
}

impl<'a> Codec<'a> for CertificateRequest<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            context: r.vec(Prefix::U8, 0, MAX_CONTEXT_LEN)?,
            extensions: CertificateRequestExtensions::parse(r)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        encode_opaque(w, Prefix::U8, 0, MAX_CONTEXT_LEN, self.context)?;
        self.extensions.encode(w)
    }
}

/// The CertificateVerify message (RFC 8446 §4.4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertificateVerify<'a> {
    /// The signature algorithm used.
    pub algorithm: SignatureScheme,
    /// `opaque signature<0..2^16-1>`.
    pub signature: &'a [u8],
}

impl<'a> Codec<'a> for CertificateVerify<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            algorithm: SignatureScheme::parse(r)?,
            signature: r.vec(Prefix::U16, 0, 0xffff)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.algorithm.encode(w)?;
        w.vec(Prefix::U16, self.signature)
    }
}
