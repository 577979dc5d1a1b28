//! Extension bodies other than the PSK family: names, key shares, certificate status, padding.

use crate::enums::{CertificateStatusType, NamedGroup, ServerNameType};
use crate::list::{list_item, opaque, List};
use crate::{Codec, Error, Prefix, Reader, Result, Writer};

opaque!(
    /// `opaque ProtocolName<1..2^8-1>` (RFC 7301 §3.1).
    ProtocolName, U8, 1, 0xff
);
// RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>.
list_item!(ProtocolName<'a>, U16, 2, 0xffff);

opaque!(
    /// `opaque DistinguishedName<1..2^16-1>` (RFC 8446 §4.2.4).
    DistinguishedName, U16, 1, 0xffff
);
// RFC 8446 §4.2.4: DistinguishedName authorities<3..2^16-1>.
list_item!(DistinguishedName<'a>, U16, 3, 0xffff);

opaque!(
    /// `opaque ResponderID<1..2^16-1>` (RFC 6066 §8).
    ResponderId, U16, 1, 0xffff
);
// RFC 6066 §8: ResponderID responder_id_list<0..2^16-1>.
list_item!(ResponderId<'a>, U16, 0, 0xffff);

opaque!(
    /// `opaque SerializedSCT<1..2^16-1>` (RFC 6962 §3.3).
    SerializedSct, U16, 1, 0xffff
);
// RFC 6962 §3.3: SerializedSCT sct_list<1..2^16-1>.
list_item!(SerializedSct<'a>, U16, 1, 0xffff);

/// One entry of the server_name list (RFC 6066 §3).
///
/// RFC 6066 defines only `host_name`; a name of another type is read with the same
/// `opaque <1..2^16-1>` syntax so that it round-trips (no other type has ever been defined).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerName<'a> {
    /// `NameType name_type`.
    pub name_type: ServerNameType,
    /// `opaque HostName<1..2^16-1>`: the DNS name, ASCII, no trailing dot.
    pub name: &'a [u8],
}

impl<'a> ServerName<'a> {
    /// A `host_name` entry.
    #[must_use]
    pub const fn host_name(name: &'a [u8]) -> Self {
        Self {
            name_type: ServerNameType::HOST_NAME,
            name,
        }
    }
}

impl<'a> Codec<'a> for ServerName<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            name_type: ServerNameType::parse(r)?,
            name: r.vec(Prefix::U16, 1, 0xffff)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.name_type.encode(w)?;
        crate::list::encode_opaque(w, Prefix::U16, 1, 0xffff, self.name)
    }
}
// RFC 6066 §3: ServerName server_name_list<1..2^16-1>.
list_item!(ServerName<'a>, U16, 1, 0xffff);

/// Parses a ClientHello server_name body, rejecting two names of one type.
///
/// RFC 6066 §3: "The ServerNameList MUST NOT contain more than one name of the same name_type."
pub(crate) fn parse_server_names(body: &[u8]) -> Result<List<'_, ServerName<'_>>> {
    let list = List::<ServerName<'_>>::parse_exact(body)?;
    let mut seen = list.iter();
    while let Some(a) = seen.next() {
        if seen.clone().any(|b| b.name_type == a.name_type) {
            return Err(Error::IllegalParameter);
        }
    }
    Ok(list)
}

/// One key share (RFC 8446 §4.2.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyShareEntry<'a> {
    /// The group of the key.
    pub group: NamedGroup,
    /// `opaque key_exchange<1..2^16-1>`: the public value.
    pub key_exchange: &'a [u8],
}

impl<'a> Codec<'a> for KeyShareEntry<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            group: NamedGroup::parse(r)?,
            key_exchange: r.vec(Prefix::U16, 1, 0xffff)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.group.encode(w)?;
        crate::list::encode_opaque(w, Prefix::U16, 1, 0xffff, self.key_exchange)
    }
}
// RFC 8446 §4.2.8: KeyShareEntry client_shares<0..2^16-1>.
list_item!(KeyShareEntry<'a>, U16, 0, 0xffff);

/// Parses a ClientHello key_share body, rejecting two shares of one group.
///
/// RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group
/// [...] Servers MAY check for violations of these rules and abort the handshake with an
/// "illegal_parameter" alert".
pub(crate) fn parse_client_shares(body: &[u8]) -> Result<List<'_, KeyShareEntry<'_>>> {
    let list = List::<KeyShareEntry<'_>>::parse_exact(body)?;
    let mut seen = list.iter();
    while let Some(a) = seen.next() {
        if seen.clone().any(|b| b.group == a.group) {
            return Err(Error::IllegalParameter);
        }
    }
    Ok(list)
}

/// One OID filter of a CertificateRequest (RFC 8446 §4.2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OidFilter<'a> {
    /// `opaque certificate_extension_oid<1..2^8-1>` (DER, without tag and length).
    pub oid: &'a [u8],
    /// `opaque certificate_extension_values<0..2^16-1>`.
    pub values: &'a [u8],
}

impl<'a> Codec<'a> for OidFilter<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            oid: r.vec(Prefix::U8, 1, 0xff)?,
            values: r.vec(Prefix::U16, 0, 0xffff)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        crate::list::encode_opaque(w, Prefix::U8, 1, 0xff, self.oid)?;
        w.vec(Prefix::U16, self.values)
    }
}
// RFC 8446 §4.2.5: OIDFilter filters<0..2^16-1>.
list_item!(OidFilter<'a>, U16, 0, 0xffff);

/// The ClientHello status_request body (RFC 6066 §8, RFC 8446 §4.4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateStatusRequest<'a> {
    /// `status_type = ocsp`: an `OCSPStatusRequest`.
    Ocsp {
        /// `ResponderID responder_id_list<0..2^16-1>`.
        responder_ids: List<'a, ResponderId<'a>>,
        /// `Extensions request_extensions` (DER), `opaque <0..2^16-1>`.
        request_extensions: &'a [u8],
    },
    /// A status type RFC 6066 does not define: its bytes, kept opaque.
    Other {
        /// The status type.
        status_type: CertificateStatusType,
        /// The rest of the body.
        request: &'a [u8],
    },
}

impl<'a> Codec<'a> for CertificateStatusRequest<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        let status_type = CertificateStatusType::parse(r)?;
        if status_type == CertificateStatusType::OCSP {
            Ok(Self::Ocsp {
                responder_ids: List::parse(r)?,
                request_extensions: r.vec(Prefix::U16, 0, 0xffff)?,
            })
        } else {
            Ok(Self::Other {
                status_type,
                request: r.take(r.remaining())?,
            })
        }
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        match *self {
            Self::Ocsp {
                responder_ids,
                request_extensions,
            } => {
                CertificateStatusType::OCSP.encode(w)?;
                responder_ids.encode(w)?;
                w.vec(Prefix::U16, request_extensions)
            }
            Self::Other {
                status_type,
                request,
            } => {
                status_type.encode(w)?;
                w.bytes(request)
            }
        }
    }
}

/// The status_request body of a CertificateEntry: an OCSP response (RFC 8446 §4.4.2.1,
/// RFC 6066 §8 `CertificateStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertificateStatus<'a> {
    /// `opaque OCSPResponse<1..2^24-1>` (DER).
    pub ocsp_response: &'a [u8],
}

impl<'a> Codec<'a> for CertificateStatus<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        // RFC 6066 §8: only `ocsp` is defined; anything else cannot be decoded.
        if CertificateStatusType::parse(r)? != CertificateStatusType::OCSP {
            return Err(Error::IllegalParameter);
        }
        Ok(Self {
            ocsp_response: r.vec(Prefix::U24, 1, 0xff_ffff)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        CertificateStatusType::OCSP.encode(w)?;
        crate::list::encode_opaque(w, Prefix::U24, 1, 0xff_ffff, self.ocsp_response)
    }
}

/// The padding extension (RFC 7685): `len` zero bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Padding {
    /// Number of zero bytes.
    pub len: u16,
}

impl<'a> Codec<'a> for Padding {
    /// Takes every remaining byte of the reader, which must all be zero.
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        let bytes = r.take(r.remaining())?;
        // RFC 7685 §3: "The client MUST fill the padding extension completely with zero bytes."
        if bytes.iter().any(|&b| b != 0) {
            return Err(Error::IllegalParameter);
        }
        Ok(Self {
            len: u16::try_from(bytes.len()).map_err(|_| Error::BadLength)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        for _ in 0..self.len {
            w.u8(0)?;
        }
        Ok(())
    }
}

opaque!(
    /// `opaque cookie<1..2^16-1>` (RFC 8446 §4.2.2).
    Cookie, U16, 1, 0xffff
);
