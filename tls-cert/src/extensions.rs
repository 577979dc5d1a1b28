//! The extensions this crate processes (RFC 5280 §4.2), read without collecting.
//!
//! basicConstraints, keyUsage, extendedKeyUsage and subjectAltName are decoded into small
//! fields (the two lists stay borrowed DER, validated once and iterated on demand); any other
//! extension is ignored unless critical, which fails the certificate.

use crate::cert::small_uint;
use crate::reader::{single, tag, Der};
use crate::{oid, Error, Result};

/// The processed extensions of one certificate.
#[derive(Clone, Copy, Debug, Default)]
pub struct Extensions<'a> {
    basic_constraints: Option<BasicConstraints>,
    key_usage: Option<KeyUsage>,
    ext_key_usage: Option<&'a [u8]>,
    subject_alt_name: Option<&'a [u8]>,
}

/// basicConstraints (RFC 5280 §4.2.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// `cA`: the subject is a CA.
    pub ca: bool,
    /// `pathLenConstraint`: how many non-leaf certificates may follow (saturated at 255).
    pub path_len: Option<u8>,
}

/// keyUsage bits (RFC 5280 §4.2.1.3): bit `n` of the ASN.1 BIT STRING is `1 << n` here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUsage(pub u16);

impl KeyUsage {
    /// digitalSignature (bit 0).
    pub const DIGITAL_SIGNATURE: u16 = 1 << 0;
    /// keyCertSign (bit 5).
    pub const KEY_CERT_SIGN: u16 = 1 << 5;

    /// Whether every bit of `bits` is set.
    #[must_use]
    pub const fn contains(self, bits: u16) -> bool {
        self.0 & bits == bits
    }
}

/// What the leaf certificate is to be used for, checked against extendedKeyUsage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// id-kp-serverAuth: a client verifying a server.
    ServerAuth,
    /// id-kp-clientAuth: a server verifying a client.
    ClientAuth,
}

impl Purpose {
    const fn oid(self) -> &'static [u8] {
        match self {
            Self::ServerAuth => oid::KP_SERVER_AUTH,
            Self::ClientAuth => oid::KP_CLIENT_AUTH,
        }
    }
}

/// One entry of subjectAltName that names a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneralName<'a> {
    /// dNSName (IA5String bytes, unchecked).
    Dns(&'a [u8]),
    /// iPAddress: 4 or 16 bytes (other lengths are passed through and never match).
    Ip(&'a [u8]),
    /// Another kind of name (email, URI, directory name, ...).
    Other,
}

/// An iterator over a validated subjectAltName.
#[derive(Clone)]
pub struct GeneralNames<'a>(Option<Der<'a>>);

impl<'a> Iterator for GeneralNames<'a> {
    type Item = GeneralName<'a>;

    fn next(&mut self) -> Option<GeneralName<'a>> {
        let r = self.0.as_mut()?;
        if r.is_empty() {
            return None;
        }
        match r.any() {
            Ok(t) => Some(match t.tag {
                tag::IMPLICIT_2 => GeneralName::Dns(t.value),
                tag::IMPLICIT_7 => GeneralName::Ip(t.value),
                _ => GeneralName::Other,
            }),
            Err(_) => {
                self.0 = None;
                None
            }
        }
    }
}

impl<'a> Extensions<'a> {
    /// Parses `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension`; `bytes` is the SEQUENCE's
    /// value.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self> {
        let mut exts = Self::default();
        let mut r = Der::new(bytes);
        if r.is_empty() {
            return Err(Error::BadDer);
        }
        while !r.is_empty() {
            // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
            //                          extnValue OCTET STRING }
            let mut e = Der::new(r.value(tag::SEQUENCE)?);
            let id = e.value(tag::OID)?;
            let critical = match e.peek_tag() {
                Some(tag::BOOLEAN) => e.boolean()?,
                _ => false,
            };
            let value = e.value(tag::OCTET_STRING)?;
            e.finish()?;
            exts.add(id, critical, value)?;
        }
        Ok(exts)
    }

    fn add(&mut self, id: &[u8], critical: bool, value: &'a [u8]) -> Result<()> {
        // RFC 5280 §4.2: at most one instance of an extension.
        let taken = if id == oid::BASIC_CONSTRAINTS {
            self.basic_constraints
                .replace(parse_basic_constraints(value)?)
                .is_some()
        } else if id == oid::KEY_USAGE {
            self.key_usage.replace(parse_key_usage(value)?).is_some()
        } else if id == oid::EXT_KEY_USAGE {
            self.ext_key_usage.replace(parse_eku(value)?).is_some()
        } else if id == oid::SUBJECT_ALT_NAME {
            self.subject_alt_name.replace(parse_san(value)?).is_some()
        } else if critical {
            return Err(Error::UnsupportedCriticalExtension);
        } else {
            false
        };
        if taken {
            Err(Error::BadDer)
        } else {
            Ok(())
        }
    }

    /// basicConstraints, if present.
    #[must_use]
    pub const fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.basic_constraints
    }

    /// keyUsage, if present.
    #[must_use]
    pub const fn key_usage(&self) -> Option<KeyUsage> {
        self.key_usage
    }

    /// Whether the subject is a CA (basicConstraints present with `cA` TRUE).
    #[must_use]
    pub const fn is_ca(&self) -> bool {
        matches!(
            self.basic_constraints,
            Some(BasicConstraints { ca: true, .. })
        )
    }

    /// Whether extendedKeyUsage allows `purpose`: absent means any purpose; present, it must
    /// list the purpose itself (anyExtendedKeyUsage is not taken as a substitute).
    #[must_use]
    pub fn allows(&self, purpose: Purpose) -> bool {
        let Some(list) = self.ext_key_usage else {
            return true;
        };
        let mut r = Der::new(list);
        while let Ok(p) = r.value(tag::OID) {
            if p == purpose.oid() {
                return true;
            }
        }
        false
    }

    /// Whether subjectAltName is present.
    #[must_use]
    pub const fn has_subject_alt_name(&self) -> bool {
        self.subject_alt_name.is_some()
    }

    /// The entries of subjectAltName (none if absent).
    #[must_use]
    pub fn subject_alt_names(&self) -> GeneralNames<'a> {
        GeneralNames(self.subject_alt_name.map(Der::new))
    }
}

/// BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER
/// (0..MAX) OPTIONAL }
fn parse_basic_constraints(value: &[u8]) -> Result<BasicConstraints> {
    let mut r = Der::new(single(value, tag::SEQUENCE)?);
    let ca = match r.peek_tag() {
        Some(tag::BOOLEAN) => r.boolean()?,
        _ => false,
    };
    let path_len = match r.peek_tag() {
        Some(tag::INTEGER) => {
            let n = small_uint(r.uint()?).unwrap_or(u32::MAX);
            Some(u8::try_from(n).unwrap_or(u8::MAX))
        }
        _ => None,
    };
    r.finish()?;
    Ok(BasicConstraints { ca, path_len })
}

/// KeyUsage ::= BIT STRING; the first nine bits are defined.
fn parse_key_usage(value: &[u8]) -> Result<KeyUsage> {
    let mut r = Der::new(value);
    let (_, raw) = r.bit_string()?;
    r.finish()?;
    let b0 = raw.first().copied().unwrap_or(0);
    let b1 = raw.get(1).copied().unwrap_or(0);
    // ASN.1 bit 0 is the most significant bit of the first octet.
    let ku = u16::from_le_bytes([b0.reverse_bits(), b1.reverse_bits()]);
    Ok(KeyUsage(ku))
}

/// ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId; returns the SEQUENCE's value.
fn parse_eku(value: &[u8]) -> Result<&[u8]> {
    let list = single(value, tag::SEQUENCE)?;
    let mut r = Der::new(list);
    if r.is_empty() {
        return Err(Error::BadDer);
    }
    while !r.is_empty() {
        let _ = r.value(tag::OID)?;
    }
    Ok(list)
}

/// GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName; returns the SEQUENCE's value after
/// checking every entry is a well-formed TLV with a context tag.
fn parse_san(value: &[u8]) -> Result<&[u8]> {
    let list = single(value, tag::SEQUENCE)?;
    let mut r = Der::new(list);
    if r.is_empty() {
        return Err(Error::BadDer);
    }
    while !r.is_empty() {
        let t = r.any()?;
        // GeneralName is a CHOICE of [0]..[8].
        if t.tag & 0xc0 != 0x80 {
            return Err(Error::BadDer);
        }
    }
    Ok(list)
}
