//! The extension set of each message context (RFC 8446 §4.2, the table of where each
//! extension may appear: CH, SH, HRR, EE, CT, CR, NST).

use super::bodies::{parse_client_shares, parse_server_names};
use super::{
    body, empty, put, put_empty, CertificateStatus, CertificateStatusRequest, Cookie,
    DistinguishedName, ExtensionSet, KeyShareEntry, OfferedPsks, OidFilter, Padding, ProtocolName,
    RawExtensions, SerializedSct, ServerName,
};
use crate::enums::{
    ExtensionType as T, MaxFragmentLength, NamedGroup, ProtocolVersion, PskKeyExchangeMode,
    SignatureScheme,
};
use crate::list::List;
use crate::{Codec, Error, Reader, Result, Writer};

/// The smallest record_size_limit a peer may send (RFC 8449 §4: "Endpoints MUST NOT send a
/// "record_size_limit" extension with a value smaller than 64").
pub const MIN_RECORD_SIZE_LIMIT: u16 = 64;

/// Decodes a max_fragment_length body; unknown codes are `illegal_parameter` (RFC 6066 §4).
fn max_fragment_length(b: &[u8]) -> Result<Option<MaxFragmentLength>> {
    let code = MaxFragmentLength::parse_exact(b)?;
    match code.bytes() {
        Some(_) => Ok(Some(code)),
        None => Err(Error::IllegalParameter),
    }
}

/// Decodes a record_size_limit body; values below 64 are `illegal_parameter` (RFC 8449 §4).
fn record_size_limit(b: &[u8]) -> Result<Option<u16>> {
    let limit = u16::parse_exact(b)?;
    if limit < MIN_RECORD_SIZE_LIMIT {
        return Err(Error::IllegalParameter);
    }
    Ok(Some(limit))
}

/// Implements the parts every set shares: the raw block, the first unknown type, the codec.
macro_rules! set_common {
    ($ty:ident) => {
        impl<'a> Codec<'a> for $ty<'a> {
            fn parse(r: &mut Reader<'a>) -> Result<Self> {
                super::parse_set(r)
            }
            fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
                super::encode_set(self, w)
            }
        }
    };
}

macro_rules! raw_accessors {
    () => {
        fn raw(&self) -> Option<RawExtensions<'a>> {
            self.raw
        }
        fn set_parsed(&mut self, raw: RawExtensions<'a>, first_unknown: Option<T>) {
            self.raw = Some(raw);
            self.first_unknown = first_unknown;
        }
    };
}

/// ClientHello extensions (RFC 8446 §4.1.2, §4.2). Unknown extensions are ignored
/// (RFC 8446 §4.1.2) but stay visible through `raw` and `first_unknown`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientHelloExtensions<'a> {
    /// server_name: the names the client wants (RFC 6066 §3).
    pub server_name: Option<List<'a, ServerName<'a>>>,
    /// max_fragment_length (RFC 6066 §4).
    pub max_fragment_length: Option<MaxFragmentLength>,
    /// status_request: OCSP stapling request (RFC 6066 §8).
    pub status_request: Option<CertificateStatusRequest<'a>>,
    /// supported_groups (RFC 8446 §4.2.7).
    pub supported_groups: Option<List<'a, NamedGroup>>,
    /// signature_algorithms (RFC 8446 §4.2.3).
    pub signature_algorithms: Option<List<'a, SignatureScheme>>,
    /// application_layer_protocol_negotiation (RFC 7301).
    pub alpn: Option<List<'a, ProtocolName<'a>>>,
    /// signed_certificate_timestamp, empty in a ClientHello (RFC 6962 §3.3.1).
    pub signed_certificate_timestamp: bool,
    /// padding (RFC 7685).
    pub padding: Option<Padding>,
    /// record_size_limit (RFC 8449), at least 64.
    pub record_size_limit: Option<u16>,
    /// pre_shared_key: the offered PSKs (RFC 8446 §4.2.11); always the last extension.
    pub pre_shared_key: Option<OfferedPsks<'a>>,
    /// early_data, empty in a ClientHello (RFC 8446 §4.2.10).
    pub early_data: bool,
    /// supported_versions (RFC 8446 §4.2.1).
    pub supported_versions: Option<List<'a, ProtocolVersion>>,
    /// cookie, echoed from a HelloRetryRequest (RFC 8446 §4.2.2).
    pub cookie: Option<Cookie<'a>>,
    /// psk_key_exchange_modes (RFC 8446 §4.2.9).
    pub psk_key_exchange_modes: Option<List<'a, PskKeyExchangeMode>>,
    /// certificate_authorities (RFC 8446 §4.2.4).
    pub certificate_authorities: Option<List<'a, DistinguishedName<'a>>>,
    /// post_handshake_auth, empty (RFC 8446 §4.2.6).
    pub post_handshake_auth: bool,
    /// signature_algorithms_cert (RFC 8446 §4.2.3).
    pub signature_algorithms_cert: Option<List<'a, SignatureScheme>>,
    /// key_share: the client's shares (RFC 8446 §4.2.8), at most one per group.
    pub key_share: Option<List<'a, KeyShareEntry<'a>>>,
    /// The block as parsed (encoded back verbatim); `None` to encode the typed fields.
    pub raw: Option<RawExtensions<'a>>,
    /// The first extension type this crate does not decode.
    pub first_unknown: Option<T>,
}

impl<'a> ExtensionSet<'a> for ClientHelloExtensions<'a> {
    // RFC 8446 §4.1.2: Extension extensions<8..2^16-1>.
    const MIN: usize = 8;
    const MAX: usize = 0xffff;

    fn accept(&mut self, typ: T, b: &'a [u8]) -> Result<bool> {
        match typ {
            T::SERVER_NAME => self.server_name = Some(parse_server_names(b)?),
            T::MAX_FRAGMENT_LENGTH => self.max_fragment_length = max_fragment_length(b)?,
            T::STATUS_REQUEST => self.status_request = body(b)?,
            T::SUPPORTED_GROUPS => self.supported_groups = body(b)?,
            T::SIGNATURE_ALGORITHMS => self.signature_algorithms = body(b)?,
            T::APPLICATION_LAYER_PROTOCOL_NEGOTIATION => self.alpn = body(b)?,
            T::SIGNED_CERTIFICATE_TIMESTAMP => self.signed_certificate_timestamp = empty(b)?,
            T::PADDING => self.padding = body(b)?,
            T::RECORD_SIZE_LIMIT => self.record_size_limit = record_size_limit(b)?,
            T::PRE_SHARED_KEY => self.pre_shared_key = body(b)?,
            T::EARLY_DATA => self.early_data = empty(b)?,
            T::SUPPORTED_VERSIONS => self.supported_versions = body(b)?,
            T::COOKIE => self.cookie = body(b)?,
            T::PSK_KEY_EXCHANGE_MODES => self.psk_key_exchange_modes = body(b)?,
            T::CERTIFICATE_AUTHORITIES => self.certificate_authorities = body(b)?,
            T::POST_HANDSHAKE_AUTH => self.post_handshake_auth = empty(b)?,
            T::SIGNATURE_ALGORITHMS_CERT => self.signature_algorithms_cert = body(b)?,
            T::KEY_SHARE => self.key_share = Some(parse_client_shares(b)?),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn check(&self, raw: RawExtensions<'a>) -> Result<()> {
        // RFC 8446 §4.2.11: pre_shared_key "MUST be the last extension in the ClientHello
        // [...] Servers MUST check that it is the last extension and otherwise fail the
        // handshake with an "illegal_parameter" alert."
        if self.pre_shared_key.is_some()
            && raw.iter().last().map(|e| e.typ) != Some(T::PRE_SHARED_KEY)
        {
            return Err(Error::IllegalParameter);
        }
        Ok(())
    }

    fn encode_typed(&self, w: &mut Writer<'_>) -> Result<()> {
        put(w, T::SERVER_NAME, self.server_name.as_ref())?;
        put(w, T::MAX_FRAGMENT_LENGTH, self.max_fragment_length.as_ref())?;
        put(w, T::STATUS_REQUEST, self.status_request.as_ref())?;
        put(w, T::SUPPORTED_GROUPS, self.supported_groups.as_ref())?;
        put(
            w,
            T::SIGNATURE_ALGORITHMS,
            self.signature_algorithms.as_ref(),
        )?;
        put(
            w,
            T::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
            self.alpn.as_ref(),
        )?;
        put_empty(
            w,
            T::SIGNED_CERTIFICATE_TIMESTAMP,
            self.signed_certificate_timestamp,
        )?;
        put(w, T::PADDING, self.padding.as_ref())?;
        put(w, T::RECORD_SIZE_LIMIT, self.record_size_limit.as_ref())?;
        put_empty(w, T::EARLY_DATA, self.early_data)?;
        put(w, T::SUPPORTED_VERSIONS, self.supported_versions.as_ref())?;
        put(w, T::COOKIE, self.cookie.as_ref())?;
        put(
            w,
            T::PSK_KEY_EXCHANGE_MODES,
            self.psk_key_exchange_modes.as_ref(),
        )?;
        put(
            w,
            T::CERTIFICATE_AUTHORITIES,
            self.certificate_authorities.as_ref(),
        )?;
        put_empty(w, T::POST_HANDSHAKE_AUTH, self.post_handshake_auth)?;
        put(
            w,
            T::SIGNATURE_ALGORITHMS_CERT,
            self.signature_algorithms_cert.as_ref(),
        )?;
        put(w, T::KEY_SHARE, self.key_share.as_ref())?;
        // RFC 8446 §4.2.11: last.
        put(w, T::PRE_SHARED_KEY, self.pre_shared_key.as_ref())
    }

    raw_accessors!();
}
set_common!(ClientHelloExtensions);

/// ServerHello extensions (RFC 8446 §4.1.3, §4.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerHelloExtensions<'a> {
    /// key_share: the server's share (RFC 8446 §4.2.8).
    pub key_share: Option<KeyShareEntry<'a>>,
    /// pre_shared_key: `selected_identity`, an index into the offered identities
    /// (RFC 8446 §4.2.11).
    pub pre_shared_key: Option<u16>,
    /// supported_versions: the selected version (RFC 8446 §4.2.1).
    pub supported_versions: Option<ProtocolVersion>,
    /// The block as parsed (encoded back verbatim); `None` to encode the typed fields.
    pub raw: Option<RawExtensions<'a>>,
    /// The first extension type this crate does not decode (RFC 8446 §4.2: answer with
    /// `unsupported_extension`).
    pub first_unknown: Option<T>,
}

impl<'a> ExtensionSet<'a> for ServerHelloExtensions<'a> {
    // RFC 8446 §4.1.3: Extension extensions<6..2^16-1>.
    const MIN: usize = 6;
    const MAX: usize = 0xffff;

    fn accept(&mut self, typ: T, b: &'a [u8]) -> Result<bool> {
        match typ {
            T::KEY_SHARE => self.key_share = body(b)?,
            T::PRE_SHARED_KEY => self.pre_shared_key = body(b)?,
            T::SUPPORTED_VERSIONS => self.supported_versions = body(b)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn encode_typed(&self, w: &mut Writer<'_>) -> Result<()> {
        // The order of RFC 8448's traces (any order is valid, RFC 8446 §4.2).
        put(w, T::PRE_SHARED_KEY, self.pre_shared_key.as_ref())?;
        put(w, T::KEY_SHARE, self.key_share.as_ref())?;
        put(w, T::SUPPORTED_VERSIONS, self.supported_versions.as_ref())
    }

    raw_accessors!();
}
set_common!(ServerHelloExtensions);

/// HelloRetryRequest extensions (RFC 8446 §4.1.4, §4.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HelloRetryRequestExtensions<'a> {
    /// key_share: the group the client should use (RFC 8446 §4.2.8 `selected_group`).
    pub key_share: Option<NamedGroup>,
    /// cookie (RFC 8446 §4.2.2).
    pub cookie: Option<Cookie<'a>>,
    /// supported_versions: the selected version (RFC 8446 §4.2.1).
    pub supported_versions: Option<ProtocolVersion>,
    /// The block as parsed (encoded back verbatim); `None` to encode the typed fields.
    pub raw: Option<RawExtensions<'a>>,
    /// The first extension type this crate does not decode.
    pub first_unknown: Option<T>,
}

impl<'a> ExtensionSet<'a> for HelloRetryRequestExtensions<'a> {
    // RFC 8446 §4.1.3, §4.1.4: the ServerHello structure, Extension extensions<6..2^16-1>.
    const MIN: usize = 6;
    const MAX: usize = 0xffff;

    fn accept(&mut self, typ: T, b: &'a [u8]) -> Result<bool> {
        match typ {
            T::KEY_SHARE => self.key_share = body(b)?,
            T::COOKIE => self.cookie = body(b)?,
            T::SUPPORTED_VERSIONS => self.supported_versions = body(b)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn encode_typed(&self, w: &mut Writer<'_>) -> Result<()> {
        put(w, T::SUPPORTED_VERSIONS, self.supported_versions.as_ref())?;
        put(w, T::KEY_SHARE, self.key_share.as_ref())?;
        put(w, T::COOKIE, self.cookie.as_ref())
    }

    raw_accessors!();
}
set_common!(HelloRetryRequestExtensions);

/// The EncryptedExtensions message (RFC 8446 §4.3.1): nothing but its extension set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EncryptedExtensions<'a> {
    /// server_name, empty: the server used the client's name (RFC 6066 §3).
    pub server_name: bool,
    /// max_fragment_length, echoing the client's (RFC 6066 §4).
    pub max_fragment_length: Option<MaxFragmentLength>,
    /// supported_groups: the server's preference, for later connections (RFC 8446 §4.2.7).
    pub supported_groups: Option<List<'a, NamedGroup>>,
    /// The selected application protocol: exactly one name (RFC 7301 §3.1).
    pub alpn: Option<ProtocolName<'a>>,
    /// early_data, empty: the server accepted 0-RTT (RFC 8446 §4.2.10).
    pub early_data: bool,
    /// record_size_limit (RFC 8449 §4), at least 64.
    pub record_size_limit: Option<u16>,
    /// The block as parsed (encoded back verbatim); `None` to encode the typed fields.
    pub raw: Option<RawExtensions<'a>>,
    /// The first extension type this crate does not decode.
    pub first_unknown: Option<T>,
}

impl<'a> ExtensionSet<'a> for EncryptedExtensions<'a> {
    // RFC 8446 §4.3.1: Extension extensions<0..2^16-1>.
    const MIN: usize = 0;
    const MAX: usize = 0xffff;

    fn accept(&mut self, typ: T, b: &'a [u8]) -> Result<bool> {
        match typ {
            T::SERVER_NAME => self.server_name = empty(b)?,
            T::MAX_FRAGMENT_LENGTH => self.max_fragment_length = max_fragment_length(b)?,
            T::SUPPORTED_GROUPS => self.supported_groups = body(b)?,
            T::APPLICATION_LAYER_PROTOCOL_NEGOTIATION => {
                let names = List::<ProtocolName<'a>>::parse_exact(b)?;
                let mut it = names.iter();
                // RFC 7301 §3.1: the server's list "MUST contain exactly one ProtocolName".
                self.alpn = it.next();
                if it.next().is_some() {
                    return Err(Error::IllegalParameter);
                }
            }
            T::EARLY_DATA => self.early_data = empty(b)?,
            T::RECORD_SIZE_LIMIT => self.record_size_limit = record_size_limit(b)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn encode_typed(&self, w: &mut Writer<'_>) -> Result<()> {
        // The order of RFC 8448's traces where they have the extension (any order is valid,
        // RFC 8446 §4.2).
        put(w, T::SUPPORTED_GROUPS, self.supported_groups.as_ref())?;
        put(w, T::RECORD_SIZE_LIMIT, self.record_size_limit.as_ref())?;
        put_empty(w, T::SERVER_NAME, self.server_name)?;
        put(w, T::MAX_FRAGMENT_LENGTH, self.max_fragment_length.as_ref())?;
        if let Some(name) = &self.alpn {
            let one = List::Items(core::slice::from_ref(name));
            put(w, T::APPLICATION_LAYER_PROTOCOL_NEGOTIATION, Some(&one))?;
        }
        put_empty(w, T::EARLY_DATA, self.early_data)
    }

    raw_accessors!();
}
set_common!(EncryptedExtensions);

/// Extensions of one CertificateEntry (RFC 8446 §4.4.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CertificateEntryExtensions<'a> {
    /// status_request: the stapled OCSP response (RFC 8446 §4.4.2.1).
    pub status_request: Option<CertificateStatus<'a>>,
    /// signed_certificate_timestamp: the SCT list (RFC 6962 §3.3).
    pub signed_certificate_timestamp: Option<List<'a, SerializedSct<'a>>>,
    /// The block as parsed (encoded back verbatim); `None` to encode the typed fields.
    pub raw: Option<RawExtensions<'a>>,
    /// The first extension type this crate does not decode.
    pub first_unknown: Option<T>,
}

impl<'a> ExtensionSet<'a> for CertificateEntryExtensions<'a> {
    // RFC 8446 §4.4.2: Extension extensions<0..2^16-1>.
    const MIN: usize = 0;
    const MAX: usize = 0xffff;

    fn accept(&mut self, typ: T, b: &'a [u8]) -> Result<bool> {
        match typ {
            T::STATUS_REQUEST => self.status_request = body(b)?,
            T::SIGNED_CERTIFICATE_TIMESTAMP => self.signed_certificate_timestamp = body(b)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn encode_typed(&self, w: &mut Writer<'_>) -> Result<()> {
        put(w, T::STATUS_REQUEST, self.status_request.as_ref())?;
        put(
            w,
            T::SIGNED_CERTIFICATE_TIMESTAMP,
            self.signed_certificate_timestamp.as_ref(),
        )
    }

    raw_accessors!();
}
set_common!(CertificateEntryExtensions);

/// CertificateRequest extensions (RFC 8446 §4.3.2); signature_algorithms is required.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CertificateRequestExtensions<'a> {
    /// signature_algorithms (RFC 8446 §4.2.3); a parsed set always has it.
    pub signature_algorithms: Option<List<'a, SignatureScheme>>,
    /// signature_algorithms_cert (RFC 8446 §4.2.3).
    pub signature_algorithms_cert: Option<List<'a, SignatureScheme>>,
    /// certificate_authorities (RFC 8446 §4.2.4).
    pub certificate_authorities: Option<List<'a, DistinguishedName<'a>>>,
    /// status_request, empty: the server asks for a stapled OCSP response (RFC 8446 §4.4.2.1).
    pub status_request: bool,
    /// signed_certificate_timestamp, empty: the server asks for SCTs (RFC 6962).
    pub signed_certificate_timestamp: bool,
    /// oid_filters (RFC 8446 §4.2.5).
    pub oid_filters: Option<List<'a, OidFilter<'a>>>,
    /// The block as parsed (encoded back verbatim); `None` to encode the typed fields.
    pub raw: Option<RawExtensions<'a>>,
    /// The first extension type this crate does not decode (RFC 8446 §4.3.2: ignore it).
    pub first_unknown: Option<T>,
}

impl<'a> ExtensionSet<'a> for CertificateRequestExtensions<'a> {
    // RFC 8446 §4.3.2: Extension extensions<2..2^16-1>.
    const MIN: usize = 2;
    const MAX: usize = 0xffff;

    fn accept(&mut self, typ: T, b: &'a [u8]) -> Result<bool> {
        match typ {
            T::SIGNATURE_ALGORITHMS => self.signature_algorithms = body(b)?,
            T::SIGNATURE_ALGORITHMS_CERT => self.signature_algorithms_cert = body(b)?,
            T::CERTIFICATE_AUTHORITIES => self.certificate_authorities = body(b)?,
            T::STATUS_REQUEST => self.status_request = empty(b)?,
            T::SIGNED_CERTIFICATE_TIMESTAMP => self.signed_certificate_timestamp = empty(b)?,
            T::OID_FILTERS => self.oid_filters = body(b)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn check(&self, _raw: RawExtensions<'a>) -> Result<()> {
        // RFC 8446 §4.3.2: "The "signature_algorithms" extension MUST be specified"; a missing
        // mandatory extension is "missing_extension" (RFC 8446 §6.2).
        if self.signature_algorithms.is_none() {
            return Err(Error::MissingExtension);
        }
        Ok(())
    }

    fn encode_typed(&self, w: &mut Writer<'_>) -> Result<()> {
        put_empty(w, T::STATUS_REQUEST, self.status_request)?;
        put(
            w,
            T::SIGNATURE_ALGORITHMS,
            self.signature_algorithms.as_ref(),
        )?;
        put_empty(
            w,
            T::SIGNED_CERTIFICATE_TIMESTAMP,
            self.signed_certificate_timestamp,
        )?;
        put(
            w,
            T::CERTIFICATE_AUTHORITIES,
            self.certificate_authorities.as_ref(),
        )?;
        put(w, T::OID_FILTERS, self.oid_filters.as_ref())?;
        put(
            w,
            T::SIGNATURE_ALGORITHMS_CERT,
            self.signature_algorithms_cert.as_ref(),
        )
    }

    raw_accessors!();
}
set_common!(CertificateRequestExtensions);

/// NewSessionTicket extensions (RFC 8446 §4.6.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewSessionTicketExtensions<'a> {
    /// early_data: `max_early_data_size` (RFC 8446 §4.2.10).
    pub early_data: Option<u32>,
    /// The block as parsed (encoded back verbatim); `None` to encode the typed fields.
    pub raw: Option<RawExtensions<'a>>,
    /// The first extension type this crate does not decode (RFC 8446 §4.6.1: ignore it).
    pub first_unknown: Option<T>,
}

impl<'a> ExtensionSet<'a> for NewSessionTicketExtensions<'a> {
    // RFC 8446 §4.6.1: Extension extensions<0..2^16-2>.
    const MIN: usize = 0;
    const MAX: usize = 0xfffe;

    fn accept(&mut self, typ: T, b: &'a [u8]) -> Result<bool> {
        match typ {
            T::EARLY_DATA => self.early_data = body(b)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn encode_typed(&self, w: &mut Writer<'_>) -> Result<()> {
        put(w, T::EARLY_DATA, self.early_data.as_ref())
    }

    raw_accessors!();
}
set_common!(NewSessionTicketExtensions);
