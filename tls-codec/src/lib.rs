//! TLS 1.3 wire format for Wren.
//!
//! Zero-copy parsing and fallible encoding of records, handshake messages and extensions, with no
//! heap and no panics: a [`Reader`] borrows the input and every parsed message borrows from it; a
//! [`Writer`] encodes into a caller's slice and reports a full buffer as an error.
//!
//! Every parse failure is an [`Error`] that names the alert RFC 8446 §6.2 asks the receiver to
//! send ([`Error::alert`]).
//!
//! Round trips are exact: a parsed message keeps the wire form of its lists and extension blocks
//! and encodes those bytes again (extension order and unknown extensions included); a message
//! built for sending encodes its typed fields in a fixed order.
//!
//! ```
//! use tls_codec::{Codec, Reader, Writer, enums::CipherSuite};
//!
//! let mut r = Reader::new(&[0x13, 0x03]);
//! let suite = CipherSuite::parse(&mut r)?;
//! assert_eq!(suite, CipherSuite::TLS_CHACHA20_POLY1305_SHA256);
//!
//! let mut buf = [0u8; 2];
//! let mut w = Writer::new(&mut buf);
//! suite.encode(&mut w)?;
//! assert_eq!(w.written(), &[0x13, 0x03]);
//! # Ok::<(), tls_codec::Error>(())
//! ```
//!
//! Contents:
//! - [`Reader`], [`Writer`], [`Codec`]: the primitives; [`list::List`]: every TLS vector of items.
//! - [`enums`]: open wire enums; [`record`]: record header and alert.
//! - [`handshake`]: the handshake header, splitting a buffer into messages, [`HandshakeMessage`].
//! - [`client_hello`], [`server_hello`] (with HelloRetryRequest), [`certificate`]
//!   (Certificate, CertificateRequest, CertificateVerify), [`messages`] (the small ones).
//! - [`extensions`]: the per-message extension sets and every extension body.
#![no_std]
#![forbid(unsafe_code)]

pub mod certificate;
pub mod client_hello;
pub mod enums;
mod error;
pub mod extensions;
pub mod handshake;
pub mod list;
pub mod messages;
mod reader;
pub mod record;
pub mod server_hello;
mod writer;

pub use certificate::{Certificate, CertificateEntry, CertificateRequest, CertificateVerify};
pub use client_hello::ClientHello;
pub use error::{Error, Result};
pub use extensions::EncryptedExtensions;
pub use handshake::{HandshakeMessage, RawHandshake};
pub use list::List;
pub use messages::{EndOfEarlyData, Finished, KeyUpdate, NewSessionTicket};
pub use reader::{Prefix, Reader};
pub use server_hello::{HelloRetryRequest, ServerHello, HELLO_RETRY_REQUEST_RANDOM};
pub use writer::Writer;

/// A wire structure that can be parsed from and encoded to bytes.
pub trait Codec<'a>: Sized {
    /// Parses one value from `r`, leaving `r` after it.
    ///
    /// # Errors
    /// An [`Error`] naming the alert to send when the bytes are malformed.
    fn parse(r: &mut Reader<'a>) -> Result<Self>;

    /// Appends the value's encoding to `w`.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] when `w` is full.
    fn encode(&self, w: &mut Writer<'_>) -> Result<()>;

    /// Parses a value that must span all of `bytes`.
    ///
    /// # Errors
    /// As [`Codec::parse`], and [`Error::TrailingBytes`] if bytes are left over.
    fn parse_exact(bytes: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let v = Self::parse(&mut r)?;
        r.finish()?;
        Ok(v)
    }
}
