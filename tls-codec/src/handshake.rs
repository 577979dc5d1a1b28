//! The handshake layer's framing (RFC 8446 §4): the 4-byte header, splitting a buffer into
//! messages, and [`HandshakeMessage`], the parsed form of every TLS 1.3 message.

use crate::certificate::{Certificate, CertificateRequest, CertificateVerify};
use crate::client_hello::ClientHello;
use crate::enums::HandshakeType;
use crate::messages::{EndOfEarlyData, Finished, KeyUpdate, NewSessionTicket};
use crate::server_hello::{is_hello_retry_request, HelloRetryRequest, ServerHello};
use crate::{Codec, EncryptedExtensions, Error, Reader, Result, Writer};

/// Length of the handshake header: msg_type (1) and length (3).
pub const HEADER_LEN: usize = 4;

/// The header in front of every handshake message (RFC 8446 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandshakeHeader {
    /// `msg_type`.
    pub typ: HandshakeType,
    /// `uint24 length`: the body's length.
    pub length: u32,
}

impl HandshakeHeader {
    /// Reads the header at the start of `buf` without consuming anything, e.g. to learn how
    /// many bytes a message being reassembled still needs. `None` if fewer than four bytes.
    #[must_use]
    pub fn peek(buf: &[u8]) -> Option<Self> {
        Self::parse(&mut Reader::new(buf)).ok()
    }

    /// Header plus body length, in bytes.
    #[must_use]
    pub fn message_len(&self) -> usize {
        usize::try_from(self.length)
            .unwrap_or(usize::MAX)
            .saturating_add(HEADER_LEN)
    }
}

impl<'a> Codec<'a> for HandshakeHeader {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            typ: HandshakeType::parse(r)?,
            length: r.u24()?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.typ.encode(w)?;
        w.u24(self.length)
    }
}

/// One framed handshake message, not yet decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawHandshake<'a> {
    /// `msg_type`.
    pub typ: HandshakeType,
    /// The body (after the header).
    pub body: &'a [u8],
    /// The whole message, header included: what goes into the transcript hash (RFC 8446 §4.4.1).
    pub bytes: &'a [u8],
}

impl<'a> Codec<'a> for RawHandshake<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        let start = r.clone();
        let header = HandshakeHeader::parse(r)?;
        let body = r.take(usize::try_from(header.length).map_err(|_| Error::BadLength)?)?;
        let bytes = start
            .rest()
            .get(..header.message_len())
            .ok_or(Error::Truncated)?;
        Ok(Self {
            typ: header.typ,
            body,
            bytes,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.typ.encode(w)?;
        w.vec(crate::Prefix::U24, self.body)
    }
}

/// Splits `buf` (e.g. the plaintext of a handshake record) into its messages.
///
/// The iterator yields each complete message; a cut-off message at the end yields one
/// `Err(Error::Truncated)` (the caller keeps those bytes for reassembly) and ends the iteration.
#[must_use]
pub fn split(buf: &[u8]) -> Split<'_> {
    Split {
        r: Reader::new(buf),
        done: false,
    }
}

/// Iterator returned by [`split`].
#[derive(Clone, Debug)]
pub struct Split<'a> {
    r: Reader<'a>,
    done: bool,
}

impl<'a> Split<'a> {
    /// The bytes not yet split off (after an error: from the incomplete message on).
    #[must_use]
    pub fn rest(&self) -> &'a [u8] {
        self.r.rest()
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = Result<RawHandshake<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.r.is_empty() {
            return None;
        }
        let mut r = self.r.clone();
        match RawHandshake::parse(&mut r) {
            Ok(m) => {
                self.r = r;
                Some(Ok(m))
            }
            Err(e) => {
                // Leave `rest()` at the incomplete message and stop.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Any TLS 1.3 handshake message, decoded (RFC 8446 §4).
#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into; a ClientHello is a few hundred bytes of slices, on the stack once"
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandshakeMessage<'a> {
    /// client_hello (RFC 8446 §4.1.2).
    ClientHello(ClientHello<'a>),
    /// server_hello that is a real ServerHello (RFC 8446 §4.1.3).
    ServerHello(ServerHello<'a>),
    /// server_hello whose random is the HelloRetryRequest value (RFC 8446 §4.1.4).
    HelloRetryRequest(HelloRetryRequest<'a>),
    /// new_session_ticket (RFC 8446 §4.6.1).
    NewSessionTicket(NewSessionTicket<'a>),
    /// end_of_early_data (RFC 8446 §4.5).
    EndOfEarlyData(EndOfEarlyData),
    /// encrypted_extensions (RFC 8446 §4.3.1).
    EncryptedExtensions(EncryptedExtensions<'a>),
    /// certificate (RFC 8446 §4.4.2).
    Certificate(Certificate<'a>),
    /// certificate_request (RFC 8446 §4.3.2).
    CertificateRequest(CertificateRequest<'a>),
    /// certificate_verify (RFC 8446 §4.4.3).
    CertificateVerify(CertificateVerify<'a>),
    /// finished (RFC 8446 §4.4.4).
    Finished(Finished<'a>),
    /// key_update (RFC 8446 §4.6.3).
    KeyUpdate(KeyUpdate),
}

impl<'a> HandshakeMessage<'a> {
    /// The message's `msg_type` (a HelloRetryRequest is a `server_hello`).
    #[must_use]
    pub const fn typ(&self) -> HandshakeType {
        match self {
            Self::ClientHello(_) => HandshakeType::CLIENT_HELLO,
            Self::ServerHello(_) | Self::HelloRetryRequest(_) => HandshakeType::SERVER_HELLO,
            Self::NewSessionTicket(_) => HandshakeType::NEW_SESSION_TICKET,
            Self::EndOfEarlyData(_) => HandshakeType::END_OF_EARLY_DATA,
            Self::EncryptedExtensions(_) => HandshakeType::ENCRYPTED_EXTENSIONS,
            Self::Certificate(_) => HandshakeType::CERTIFICATE,
            Self::CertificateRequest(_) => HandshakeType::CERTIFICATE_REQUEST,
            Self::CertificateVerify(_) => HandshakeType::CERTIFICATE_VERIFY,
            Self::Finished(_) => HandshakeType::FINISHED,
            Self::KeyUpdate(_) => HandshakeType::KEY_UPDATE,
        }
    }

    /// Whether this is a HelloRetryRequest (RFC 8446 §4.1.3).
    #[must_use]
    pub const fn is_hello_retry_request(&self) -> bool {
        matches!(self, Self::HelloRetryRequest(_))
    }

    /// Decodes the body of a framed message.
    ///
    /// A firmware of one role should use [`HandshakeMessage::from_server`] or
    /// [`HandshakeMessage::from_client`] instead, which link only the parsers of what the peer
    /// may send.
    ///
    /// # Errors
    /// [`Error::UnexpectedMessage`] for a type that is not a TLS 1.3 handshake message (or one
    /// this build does not decode: ClientHello and EndOfEarlyData need the `server` feature,
    /// Certificate, CertificateRequest and CertificateVerify the `certificates` feature), else
    /// the body's decode error; a body with bytes left over is [`Error::TrailingBytes`].
    pub fn from_raw(raw: RawHandshake<'a>) -> Result<Self> {
        let b = raw.body;
        Ok(match raw.typ {
            #[cfg(feature = "server")]
            HandshakeType::CLIENT_HELLO => Self::ClientHello(ClientHello::parse_exact(b)?),
            HandshakeType::SERVER_HELLO if is_hello_retry_request(b) => {
                Self::HelloRetryRequest(HelloRetryRequest::parse_exact(b)?)
            }
            HandshakeType::SERVER_HELLO => Self::ServerHello(ServerHello::parse_exact(b)?),
            HandshakeType::NEW_SESSION_TICKET => {
                Self::NewSessionTicket(NewSessionTicket::parse_exact(b)?)
            }
            #[cfg(feature = "server")]
            HandshakeType::END_OF_EARLY_DATA => {
                Self::EndOfEarlyData(EndOfEarlyData::parse_exact(b)?)
            }
            HandshakeType::ENCRYPTED_EXTENSIONS => {
                Self::EncryptedExtensions(EncryptedExtensions::parse_exact(b)?)
            }
            #[cfg(feature = "certificates")]
            HandshakeType::CERTIFICATE => Self::Certificate(Certificate::parse_exact(b)?),
            #[cfg(feature = "certificates")]
            HandshakeType::CERTIFICATE_REQUEST => {
                Self::CertificateRequest(CertificateRequest::parse_exact(b)?)
            }
            #[cfg(feature = "certificates")]
            HandshakeType::CERTIFICATE_VERIFY => {
                Self::CertificateVerify(CertificateVerify::parse_exact(b)?)
            }
            HandshakeType::FINISHED => Self::Finished(Finished::parse_exact(b)?),
            HandshakeType::KEY_UPDATE => Self::KeyUpdate(KeyUpdate::parse_exact(b)?),
            _ => return Err(Error::UnexpectedMessage),
        })
    }

    /// Decodes a message a server sends (what a client receives): server_hello (or a
    /// HelloRetryRequest), encrypted_extensions, certificate_request, certificate,
    /// certificate_verify, finished, new_session_ticket, key_update.
    ///
    /// # Errors
    /// [`Error::UnexpectedMessage`] for any other type (client_hello and end_of_early_data
    /// included: their bodies are not decoded), else as [`HandshakeMessage::from_raw`].
    pub fn from_server(raw: RawHandshake<'a>) -> Result<Self> {
        let b = raw.body;
        Ok(match raw.typ {
            HandshakeType::SERVER_HELLO if is_hello_retry_request(b) => {
                Self::HelloRetryRequest(HelloRetryRequest::parse_exact(b)?)
            }
            HandshakeType::SERVER_HELLO => Self::ServerHello(ServerHello::parse_exact(b)?),
            HandshakeType::NEW_SESSION_TICKET => {
                Self::NewSessionTicket(NewSessionTicket::parse_exact(b)?)
            }
            HandshakeType::ENCRYPTED_EXTENSIONS => {
                Self::EncryptedExtensions(EncryptedExtensions::parse_exact(b)?)
            }
            HandshakeType::CERTIFICATE_REQUEST => {
                Self::CertificateRequest(CertificateRequest::parse_exact(b)?)
            }
            _ => return Self::from_either(raw),
        })
    }

    /// Decodes a message a client sends (what a server receives): client_hello,
    /// end_of_early_data, certificate, certificate_verify, finished, key_update.
    ///
    /// # Errors
    /// [`Error::UnexpectedMessage`] for any other type (server-only messages included: their
    /// bodies are not decoded), else as [`HandshakeMessage::from_raw`].
    pub fn from_client(raw: RawHandshake<'a>) -> Result<Self> {
        let b = raw.body;
        Ok(match raw.typ {
            HandshakeType::CLIENT_HELLO => Self::ClientHello(ClientHello::parse_exact(b)?),
            HandshakeType::END_OF_EARLY_DATA => {
                Self::EndOfEarlyData(EndOfEarlyData::parse_exact(b)?)
            }
            _ => return Self::from_either(raw),
        })
    }

    /// The messages both sides send (RFC 8446 §4.4, §4.6.3).
    fn from_either(raw: RawHandshake<'a>) -> Result<Self> {
        let b = raw.body;
        Ok(match raw.typ {
            HandshakeType::CERTIFICATE => Self::Certificate(Certificate::parse_exact(b)?),
            HandshakeType::CERTIFICATE_VERIFY => {
                Self::CertificateVerify(CertificateVerify::parse_exact(b)?)
            }
            HandshakeType::FINISHED => Self::Finished(Finished::parse_exact(b)?),
            HandshakeType::KEY_UPDATE => Self::KeyUpdate(KeyUpdate::parse_exact(b)?),
            _ => return Err(Error::UnexpectedMessage),
        })
    }

    /// Encodes the body only (no header).
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] or [`Error::ValueTooLarge`].
    pub fn encode_body(&self, w: &mut Writer<'_>) -> Result<()> {
        match self {
            Self::ClientHello(m) => m.encode(w),
            Self::ServerHello(m) => m.encode(w),
            Self::HelloRetryRequest(m) => m.encode(w),
            Self::NewSessionTicket(m) => m.encode(w),
            Self::EndOfEarlyData(m) => m.encode(w),
            Self::EncryptedExtensions(m) => m.encode(w),
            Self::Certificate(m) => m.encode(w),
            Self::CertificateRequest(m) => m.encode(w),
            Self::CertificateVerify(m) => m.encode(w),
            Self::Finished(m) => m.encode(w),
            Self::KeyUpdate(m) => m.encode(w),
        }
    }
}

/// Parses and encodes whole messages, header included.
impl<'a> Codec<'a> for HandshakeMessage<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Self::from_raw(RawHandshake::parse(r)?)
    }

    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.typ().encode(w)?;
        w.nested(crate::Prefix::U24, |w| self.encode_body(w))
    }
}

/// Writes `msg_type`, a 24-bit length and the body `f` writes.
pub(crate) fn encode_framed<F>(w: &mut Writer<'_>, typ: HandshakeType, f: F) -> Result<()>
where
    F: FnOnce(&mut Writer<'_>) -> Result<()>,
{
    typ.encode(w)?;
    w.nested(crate::Prefix::U24, |w| f(w))
}
