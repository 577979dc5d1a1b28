//! Extensions (RFC 8446 §4.2): the block machinery, the per-message sets, and the bodies.
//!
//! Every message that carries extensions has a struct of `Option`s for its context
//! ([`ClientHelloExtensions`], [`ServerHelloExtensions`], [`HelloRetryRequestExtensions`],
//! [`crate::EncryptedExtensions`], [`CertificateEntryExtensions`],
//! [`CertificateRequestExtensions`], [`NewSessionTicketExtensions`]). One parser fills all of them
//! ([`ExtensionSet`]) and enforces the rules shared by every context:
//!
//! - the same extension type twice, known or not, is `illegal_parameter` (RFC 8446 §4.2);
//! - an extension this crate knows in a message where RFC 8446 §4.2's table does not allow it is
//!   `illegal_parameter`;
//! - an unknown extension is kept: [`RawExtensions`] iterates every extension in wire order and
//!   `first_unknown` names the first unknown type, so the handshake can ignore it (ClientHello,
//!   CertificateRequest, NewSessionTicket) or send `unsupported_extension` (RFC 8446 §4.2).
//!
//! A parsed set remembers its wire block (`raw`) and encodes exactly those bytes again; a set
//! built for sending (`raw: None`) encodes its typed fields in a fixed order.

mod bodies;
mod psk;
mod sets;
#[cfg(test)]
mod tests;

pub use bodies::{
    CertificateStatus, CertificateStatusRequest, Cookie, DistinguishedName, KeyShareEntry,
    OidFilter, Padding, ProtocolName, ResponderId, SerializedSct, ServerName,
};
pub use psk::{binder_mut, OfferedPsks, PskBinderEntry, PskIdentity};
pub use sets::{
    CertificateEntryExtensions, CertificateRequestExtensions, ClientHelloExtensions,
    EncryptedExtensions, HelloRetryRequestExtensions, NewSessionTicketExtensions,
    ServerHelloExtensions, MIN_RECORD_SIZE_LIMIT,
};

use crate::enums::ExtensionType;
use crate::{Codec, Error, Prefix, Reader, Result, Writer};

/// One extension as it is on the wire: its type and its undecoded body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    /// The extension type.
    pub typ: ExtensionType,
    /// `opaque extension_data<0..2^16-1>`.
    pub body: &'a [u8],
}

impl<'a> Codec<'a> for Extension<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            typ: ExtensionType::parse(r)?,
            body: r.vec(Prefix::U16, 0, 0xffff)?,
        })
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.typ.encode(w)?;
        w.vec(Prefix::U16, self.body)
    }
}

/// A parsed extension block (without its length prefix), in wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RawExtensions<'a>(pub &'a [u8]);

impl<'a> RawExtensions<'a> {
    /// Every extension in wire order, unknown ones included.
    #[must_use]
    pub fn iter(&self) -> ExtensionIter<'a> {
        ExtensionIter(Reader::new(self.0))
    }

    /// The extension of type `typ`, if present.
    #[must_use]
    pub fn find(&self, typ: ExtensionType) -> Option<Extension<'a>> {
        self.iter().find(|e| e.typ == typ)
    }
}

/// Iterator over a [`RawExtensions`] block.
#[derive(Clone, Debug)]
pub struct ExtensionIter<'a>(Reader<'a>);

impl<'a> Iterator for ExtensionIter<'a> {
    type Item = Extension<'a>;

    fn next(&mut self) -> Option<Extension<'a>> {
        if self.0.is_empty() {
            return None;
        }
        let e = Extension::parse(&mut self.0).ok();
        if e.is_none() {
            // Cannot happen for a validated block; stop rather than loop.
            self.0 = Reader::new(&[]);
        }
        e
    }
}

/// Every extension type this crate decodes. Any of them in a message whose context does not
/// allow it is `illegal_parameter` (RFC 8446 §4.2); other types are "unknown".
pub const KNOWN: [ExtensionType; 19] = [
    ExtensionType::SERVER_NAME,
    ExtensionType::MAX_FRAGMENT_LENGTH,
    ExtensionType::STATUS_REQUEST,
    ExtensionType::SUPPORTED_GROUPS,
    ExtensionType::SIGNATURE_ALGORITHMS,
    ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
    ExtensionType::SIGNED_CERTIFICATE_TIMESTAMP,
    ExtensionType::PADDING,
    ExtensionType::RECORD_SIZE_LIMIT,
    ExtensionType::PRE_SHARED_KEY,
    ExtensionType::EARLY_DATA,
    ExtensionType::SUPPORTED_VERSIONS,
    ExtensionType::COOKIE,
    ExtensionType::PSK_KEY_EXCHANGE_MODES,
    ExtensionType::CERTIFICATE_AUTHORITIES,
    ExtensionType::OID_FILTERS,
    ExtensionType::POST_HANDSHAKE_AUTH,
    ExtensionType::SIGNATURE_ALGORITHMS_CERT,
    ExtensionType::KEY_SHARE,
];

/// Whether this crate decodes extensions of type `typ`.
#[must_use]
pub fn is_known(typ: ExtensionType) -> bool {
    KNOWN.contains(&typ)
}

/// The extensions of one message context: how each body is decoded and how the typed fields are
/// encoded. [`parse_set`] and [`encode_set`] are the one mechanism every context shares.
pub trait ExtensionSet<'a>: Sized + Default {
    /// Smallest block length the message's presentation language allows.
    const MIN: usize;
    /// Largest block length.
    const MAX: usize;

    /// Decodes `body` into the field for `typ`. Returns `Ok(false)` when this context has no
    /// field for `typ` (the caller decides between unknown and `illegal_parameter`).
    ///
    /// # Errors
    /// The body's decode error.
    fn accept(&mut self, typ: ExtensionType, body: &'a [u8]) -> Result<bool>;

    /// Encodes the typed fields (each as type, length, body) in a fixed order.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] or [`Error::ValueTooLarge`].
    fn encode_typed(&self, w: &mut Writer<'_>) -> Result<()>;

    /// The wire block of a parsed set.
    fn raw(&self) -> Option<RawExtensions<'a>>;

    /// Records the wire block and the first unknown type after a successful parse.
    fn set_parsed(&mut self, raw: RawExtensions<'a>, first_unknown: Option<ExtensionType>);

    /// Rules over the whole block, checked after every extension was decoded (e.g.
    /// pre_shared_key last, a mandatory extension present).
    ///
    /// # Errors
    /// The rule's error.
    fn check(&self, raw: RawExtensions<'a>) -> Result<()> {
        let _ = raw;
        Ok(())
    }
}

/// Parses an extension block (`Extension extensions<MIN..MAX>`) for context `E`.
///
/// # Errors
/// `decode_error` kinds for malformed syntax, [`Error::DuplicateExtension`] for a repeated type,
/// [`Error::UnexpectedExtension`] for a known type this context does not allow, and any error of
/// an extension body.
pub fn parse_set<'a, E: ExtensionSet<'a>>(r: &mut Reader<'a>) -> Result<E> {
    let block = r.vec(Prefix::U16, E::MIN, E::MAX)?;
    let mut set = E::default();
    let mut first_unknown = None;
    let mut it = Reader::new(block);
    while !it.is_empty() {
        let before = it.consumed();
        let ext = Extension::parse(&mut it)?;
        // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type in a given
        // extension block." O(n²) over the block, no heap.
        if RawExtensions(before).iter().any(|e| e.typ == ext.typ) {
            return Err(Error::DuplicateExtension);
        }
        if !set.accept(ext.typ, ext.body)? {
            if is_known(ext.typ) {
                return Err(Error::UnexpectedExtension);
            }
            first_unknown = first_unknown.or(Some(ext.typ));
        }
    }
    set.check(RawExtensions(block))?;
    set.set_parsed(RawExtensions(block), first_unknown);
    Ok(set)
}

/// Encodes an extension block for context `E`: the wire block of a parsed set, byte for byte, or
/// the typed fields of a built one.
///
/// # Errors
/// [`Error::BufferTooSmall`], or [`Error::ValueTooLarge`] if the block is outside `MIN..MAX`.
pub fn encode_set<'a, E: ExtensionSet<'a>>(set: &E, w: &mut Writer<'_>) -> Result<()> {
    w.nested(Prefix::U16, |w| {
        let start = w.len();
        match set.raw() {
            Some(raw) => w.bytes(raw.0)?,
            None => set.encode_typed(w)?,
        }
        let len = w.len().saturating_sub(start);
        if len < E::MIN || len > E::MAX {
            return Err(Error::ValueTooLarge);
        }
        Ok(())
    })
}

/// Writes one extension with a codec body, if present.
pub(crate) fn put<'a, T: Codec<'a>>(
    w: &mut Writer<'_>,
    typ: ExtensionType,
    v: Option<&T>,
) -> Result<()> {
    if let Some(v) = v {
        typ.encode(w)?;
        w.nested(Prefix::U16, |w| v.encode(w))?;
    }
    Ok(())
}

/// Writes one extension with an empty body, if `present`.
pub(crate) fn put_empty(w: &mut Writer<'_>, typ: ExtensionType, present: bool) -> Result<()> {
    if present {
        typ.encode(w)?;
        w.u16(0)?;
    }
    Ok(())
}

/// Parses a whole extension body as `T` (no trailing bytes).
pub(crate) fn body<'a, T: Codec<'a>>(body: &'a [u8]) -> Result<Option<T>> {
    T::parse_exact(body).map(Some)
}

/// Checks that an extension body is empty (RFC 8446 §4.2.10 early_data, RFC 6066 §3 server_name
/// in EncryptedExtensions, ...).
pub(crate) fn empty(body: &[u8]) -> Result<bool> {
    if body.is_empty() {
        Ok(true)
    } else {
        Err(Error::TrailingBytes)
    }
}
