//! Host-name checks (RFC 6125 §6) and the `VerifyHost` callback.
//!
//! The rules:
//! - A DNS reference name is compared, ASCII case-insensitively, with every dNSName of
//!   subjectAltName. Only when the certificate has no subjectAltName extension at all is the
//!   subject's (last) commonName used instead (RFC 6125 §6.4.4).
//! - A presented name may have a wildcard only as its whole left-most label (`*.example.com`);
//!   it then matches exactly one label (`a.example.com`, not `example.com` nor
//!   `a.b.example.com`), and never when fewer than two labels follow it (`*.com`, a
//!   public-suffix-like pattern). Partial wildcards (`f*.example.com`) match nothing.
//! - An IP reference (v4 or v6 literal) matches only iPAddress entries, byte for byte; it never
//!   matches a dNSName or the commonName.
//! - One trailing dot on either name is ignored.

#[cfg(feature = "x509")]
use crate::cert::Certificate;
#[cfg(feature = "x509")]
use crate::extensions::GeneralName;
#[cfg(feature = "x509")]
use crate::oid;
#[cfg(feature = "x509")]
use crate::reader::{tag, Der};
use crate::{Error, Result};
use core::net::IpAddr;

/// The longest DNS name, in bytes, without a trailing dot (RFC 1035 §2.3.4).
pub const MAX_DNS_NAME_LEN: usize = 253;
/// The longest DNS label, in bytes.
const MAX_LABEL_LEN: usize = 63;

/// The name the peer's certificate must be valid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerName<'a> {
    /// A DNS host name (ASCII; IDNs as A-labels), without a trailing dot.
    Dns(&'a str),
    /// An IP address literal.
    Ip(IpAddr),
}

impl<'a> ServerName<'a> {
    /// Parses an IP literal (`192.0.2.1`, `2001:db8::1`) or a DNS host name (`example.com`,
    /// one trailing dot allowed).
    ///
    /// # Errors
    /// [`Error::InvalidName`] if `name` is neither: empty labels, labels over 63 bytes, a name
    /// over 253 bytes, or bytes other than letters, digits, `-` and `_`.
    pub fn parse(name: &'a str) -> Result<Self> {
        if let Some(ip) = ip::parse(name.as_bytes()) {
            return Ok(Self::Ip(ip));
        }
        let bytes = name.as_bytes();
        let bytes = bytes.strip_suffix(b".").unwrap_or(bytes);
        if bytes.is_empty() || bytes.len() > MAX_DNS_NAME_LEN {
            return Err(Error::InvalidName);
        }
        // One pass over the bytes: every label 1..=63 bytes of letters, digits, `-`, `_`.
        let mut label = 0usize;
        for &b in bytes {
            if b == b'.' {
                if label == 0 {
                    return Err(Error::InvalidName);
                }
                label = 0;
            } else if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                label = label.wrapping_add(1);
                if label > MAX_LABEL_LEN {
                    return Err(Error::InvalidName);
                }
            } else {
                return Err(Error::InvalidName);
            }
        }
        if label == 0 {
            return Err(Error::InvalidName);
        }
        // All ASCII, so any byte index is a char boundary.
        name.get(..bytes.len())
            .map(Self::Dns)
            .ok_or(Error::InvalidName)
    }
}

/// An identity the certificate presents, as handed to a [`VerifyHost`] callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresentedId<'a> {
    /// A subjectAltName dNSName (raw IA5String bytes, possibly a wildcard).
    Dns(&'a [u8]),
    /// A subjectAltName iPAddress (4 or 16 bytes).
    Ip(&'a [u8]),
    /// The subject's commonName, offered only when there is no subjectAltName extension.
    CommonName(&'a [u8]),
}

/// A host check that replaces the default name matching, like s2n's `s2n_verify_host_fn`.
///
/// [`VerifyHost::verify_host`] is called for each presented identity in turn (subjectAltName
/// dNSName and iPAddress entries, or the commonName when there is no subjectAltName); the
/// certificate is accepted as soon as one call returns `true`.
///
/// ```
/// use tls_cert::{PresentedId, VerifyHost};
///
/// /// Accepts any name under `.devices.example`.
/// struct Fleet;
/// impl VerifyHost for Fleet {
///     fn verify_host(&self, id: PresentedId<'_>) -> bool {
///         matches!(id, PresentedId::Dns(n) if n.ends_with(b".devices.example"))
///     }
/// }
/// assert!(Fleet.verify_host(PresentedId::Dns(b"unit7.devices.example")));
/// ```
pub trait VerifyHost {
    /// Whether `id` is acceptable for this connection.
    fn verify_host(&self, id: PresentedId<'_>) -> bool;
}

#[cfg(feature = "x509")]
/// How the leaf's identity is checked.
#[derive(Clone, Copy)]
pub enum NameCheck<'a> {
    /// The default RFC 6125 check against a reference name.
    Name(ServerName<'a>),
    /// A caller's callback decides instead.
    Callback(&'a dyn VerifyHost),
    /// No identity check: for client certificates (the server has no reference name), or when
    /// the caller checks the leaf itself.
    None,
}

#[cfg(feature = "x509")]
impl core::fmt::Debug for NameCheck<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Name(n) => f.debug_tuple("Name").field(n).finish(),
            Self::Callback(_) => f.write_str("Callback(..)"),
            Self::None => f.write_str("None"),
        }
    }
}

#[cfg(feature = "x509")]
/// Checks `cert` against `check`.
///
/// # Errors
/// [`Error::NameMismatch`] if no presented identity matches.
pub fn check_name(cert: &Certificate<'_>, check: &NameCheck<'_>) -> Result<()> {
    let ok = match check {
        NameCheck::None => true,
        NameCheck::Name(name) => each_presented(cert, |id| matches_reference(id, name)),
        NameCheck::Callback(cb) => each_presented(cert, |id| cb.verify_host(id)),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::NameMismatch)
    }
}

#[cfg(feature = "x509")]
/// Calls `f` on each presented identity until it returns `true`.
fn each_presented(cert: &Certificate<'_>, mut f: impl FnMut(PresentedId<'_>) -> bool) -> bool {
    let ext = cert.extensions();
    if ext.has_subject_alt_name() {
        ext.subject_alt_names().any(|n| match n {
            GeneralName::Dns(d) => f(PresentedId::Dns(d)),
            GeneralName::Ip(ip) => f(PresentedId::Ip(ip)),
            GeneralName::Other => false,
        })
    } else {
        common_name(cert.subject()).is_some_and(|cn| f(PresentedId::CommonName(cn)))
    }
}

#[cfg(feature = "x509")]
fn matches_reference(id: PresentedId<'_>, name: &ServerName<'_>) -> bool {
    match (id, name) {
        (PresentedId::Dns(p) | PresentedId::CommonName(p), ServerName::Dns(r)) => {
            dns_name_matches(p, r)
        }
        (PresentedId::Ip(p), ServerName::Ip(IpAddr::V4(r))) => p == r.octets(),
        (PresentedId::Ip(p), ServerName::Ip(IpAddr::V6(r))) => p == r.octets(),
        _ => false,
    }
}

/// Whether the presented DNS identifier `presented` (possibly `*.`-prefixed) matches the
/// reference host name `reference`, by the rules in the module documentation.
#[must_use]
pub fn dns_name_matches(presented: &[u8], reference: &str) -> bool {
    let p = presented.strip_suffix(b".").unwrap_or(presented);
    let r = reference.as_bytes();
    let r = r.strip_suffix(b".").unwrap_or(r);
    if p.is_empty() || r.is_empty() || !p.is_ascii() || r.contains(&b'*') {
        return false;
    }
    match p.strip_prefix(b"*.") {
        Some(p_rest) => {
            // At least two labels after the wildcard, and no other wildcard.
            if !p_rest.contains(&b'.') || p_rest.contains(&b'*') || p_rest.starts_with(b".") {
                return false;
            }
            let Some(dot) = r.iter().position(|&b| b == b'.') else {
                return false;
            };
            let (first, r_rest) = r.split_at(dot);
            let r_rest = r_rest.get(1..).unwrap_or(&[]);
            !first.is_empty() && r_rest.eq_ignore_ascii_case(p_rest)
        }
        None => !p.contains(&b'*') && p.eq_ignore_ascii_case(r),
    }
}

#[cfg(feature = "x509")]
/// The value of the last commonName attribute of a `Name` (raw DER, e.g.
/// [`Certificate::subject`]), if it is a UTF8String, PrintableString or IA5String. The
/// handshake uses it for a short summary of the peer's subject.
#[must_use]
pub fn common_name(name: &[u8]) -> Option<&[u8]> {
    const UTF8_STRING: u8 = 0x0c;
    const PRINTABLE_STRING: u8 = 0x13;
    const IA5_STRING: u8 = 0x16;
    let mut rdns = Der::new(crate::reader::single(name, tag::SEQUENCE).ok()?);
    let mut found = None;
    while !rdns.is_empty() {
        let mut set = Der::new(rdns.value(tag::SET).ok()?);
        while !set.is_empty() {
            let mut atv = Der::new(set.value(tag::SEQUENCE).ok()?);
            let ty = atv.value(tag::OID).ok()?;
            let v = atv.any().ok()?;
            if ty == oid::COMMON_NAME
                && matches!(v.tag, UTF8_STRING | PRINTABLE_STRING | IA5_STRING)
            {
                found = Some(v.value);
            }
        }
    }
    found
}

mod ip;
#[cfg(feature = "x509")]
#[cfg(test)]
mod tests;
