//! The small handshake messages: Finished, NewSessionTicket, EndOfEarlyData, KeyUpdate
//! (RFC 8446 §4.4.4, §4.6.1, §4.5, §4.6.3). EncryptedExtensions (RFC 8446 §4.3.1) is nothing but
//! an extension set and lives with the others in [`crate::extensions`].

pub use crate::extensions::EncryptedExtensions;

use crate::enums::KeyUpdateRequest;
use crate::extensions::NewSessionTicketExtensions;
use crate::list::encode_opaque;
use crate::{Codec, Error, Prefix, Reader, Result, Writer};

/// The Finished message (RFC 8446 §4.4.4): `opaque verify_data[Hash.length]`.
///
/// The length depends on the negotiated hash, so parsing takes the whole body and the handshake
/// checks its length (a wrong one is `decode_error`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finished<'a> {
    /// The HMAC over the transcript.
    pub verify_data: &'a [u8],
}

impl<'a> Codec<'a> for Finished<'a> {
    /// Takes every remaining byte of the reader: give it exactly the message body.
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            verify_data: r.take(r.remaining())?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        w.bytes(self.verify_data)
    }
}

/// The NewSessionTicket message (RFC 8446 §4.6.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewSessionTicket<'a> {
    /// Lifetime in seconds, at most 604800 (seven days; the handshake enforces it).
    pub ticket_lifetime: u32,
    /// Added to the ticket age to obfuscate it.
    pub ticket_age_add: u32,
    /// `opaque ticket_nonce<0..255>`.
    pub ticket_nonce: &'a [u8],
    /// `opaque ticket<1..2^16-1>`: the PSK identity for resumption.
    pub ticket: &'a [u8],
    /// The extensions (early_data's `max_early_data_size`).
    pub extensions: NewSessionTicketExtensions<'a>,
}

impl<'a> Codec<'a> for NewSessionTicket<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            ticket_lifetime: r.u32()?,
            ticket_age_add: r.u32()?,
            ticket_nonce: r.vec(Prefix::U8, 0, 0xff)?,
            ticket: r.vec(Prefix::U16, 1, 0xffff)?,
            extensions: NewSessionTicketExtensions::parse(r)?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        w.u32(self.ticket_lifetime)?;
        w.u32(self.ticket_age_add)?;
        w.vec(Prefix::U8, self.ticket_nonce)?;
        encode_opaque(w, Prefix::U16, 1, 0xffff, self.ticket)?;
        self.extensions.encode(w)
    }
}

/// The EndOfEarlyData message (RFC 8446 §4.5): an empty body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct EndOfEarlyData;

impl<'a> Codec<'a> for EndOfEarlyData {
    fn parse(_r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self)
    }
    fn encode(&self, _w: &mut Writer<'_>) -> Result<()> {
        Ok(())
    }
}

/// The KeyUpdate message (RFC 8446 §4.6.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUpdate {
    /// Whether the peer should update its sending keys too.
    pub request: KeyUpdateRequest,
}

impl<'a> Codec<'a> for KeyUpdate {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        let request = KeyUpdateRequest::parse(r)?;
        // RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST terminate
        // the connection with an "illegal_parameter" alert."
        if request.name().is_none() {
            return Err(Error::IllegalParameter);
        }
        Ok(Self { request })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.request.encode(w)
    }
}
