//! Writing handshake messages into the connection's space: encode, hash, commit.
//!
//! Every message goes straight into [`Output::handshake_space`] with a [`Writer`]; the bytes
//! written are handed to the transcript (or not, for KeyUpdate) and then committed. When the
//! space is too small the error names the size that would have worked.

use crate::output::Output;
use crate::{Error, Result};
use tls_codec::enums::HandshakeType;
use tls_codec::{Codec, Prefix, Writer};

/// Encodes a message body.
pub(crate) type Body<'b> = &'b dyn Fn(&mut Writer<'_>) -> tls_codec::Result<()>;

/// Scratch size used only to measure a message that did not fit (error path).
const MEASURE_SCRATCH: usize = 2048;

/// Writes one handshake message (`typ`, 24-bit length, `body`) into `out`'s space, passes the
/// whole message to `absorb` (the transcript), and commits it.
///
/// `size_hint` is the message's exact length when the caller can compute it cheaply (a
/// Certificate message larger than the measuring scratch); 0 otherwise.
///
/// # Errors
/// [`Error::BufferTooSmall`] with the size needed, an encoding error, or the connection's.
pub(crate) fn send(
    out: &mut dyn Output,
    typ: HandshakeType,
    body: Body<'_>,
    size_hint: usize,
    absorb: &mut dyn FnMut(&[u8]),
) -> Result<()> {
    let space = out.handshake_space();
    let mut w = Writer::new(space);
    match frame(&mut w, typ, body) {
        Ok(()) => {}
        Err(tls_codec::Error::BufferTooSmall) => {
            let needed = if size_hint > 0 {
                size_hint
            } else {
                measure(typ, body)
            };
            return Err(Error::BufferTooSmall {
                needed: u16::try_from(needed).unwrap_or(u16::MAX),
            });
        }
        Err(e) => return Err(Error::Codec(e)),
    }
    let len = w.len();
    absorb(w.written());
    out.commit_handshake(len)
}

/// Handshake messages under the same write keys written back to back into the space and
/// committed together, so the connection packs them into as few records as the record limit
/// allows (as the other TLS 1.3 stacks and RFC 8448's traces do: EncryptedExtensions through
/// Finished in one record) rather than one record per message.
pub(crate) struct Flight {
    /// Bytes written and not yet committed, at the start of the space.
    len: usize,
}

impl Flight {
    /// An empty flight.
    pub(crate) const fn new() -> Self {
        Self { len: 0 }
    }

    /// Appends one message, as [`send`] writes it, without committing it. No other write to
    /// `out` may happen before [`Flight::commit`].
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] with the flight's size so far plus the message's; an
    /// encoding error.
    pub(crate) fn add(
        &mut self,
        out: &mut dyn Output,
        typ: HandshakeType,
        body: Body<'_>,
        size_hint: usize,
        absorb: &mut dyn FnMut(&[u8]),
    ) -> Result<()> {
        let space = out.handshake_space();
        let mut w = Writer::new(space.get_mut(self.len..).unwrap_or(&mut []));
        match frame(&mut w, typ, body) {
            Ok(()) => {}
            Err(tls_codec::Error::BufferTooSmall) => {
                let message = if size_hint > 0 {
                    size_hint
                } else {
                    measure(typ, body)
                };
                return Err(Error::BufferTooSmall {
                    needed: u16::try_from(self.len.saturating_add(message)).unwrap_or(u16::MAX),
                });
            }
            Err(e) => return Err(Error::Codec(e)),
        }
        absorb(w.written());
        self.len = self.len.saturating_add(w.len());
        Ok(())
    }

    /// Commits every message added.
    ///
    /// # Errors
    /// The connection's.
    pub(crate) fn commit(self, out: &mut dyn Output) -> Result<()> {
        if self.len == 0 {
            return Ok(());
        }
        out.commit_handshake(self.len)
    }
}

/// As [`send`], for a message that must be completed after encoding (a ClientHello's PSK
/// binders, RFC 8446 §4.2.11.2): `finish` gets the whole encoded message, fills in what it
/// must and hashes it into the transcript, before it is committed.
///
/// # Errors
/// As [`send`], and `finish`'s.
#[cfg(feature = "client")]
pub(crate) fn send_patched(
    out: &mut dyn Output,
    typ: HandshakeType,
    body: Body<'_>,
    finish: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<()> {
    let space = out.handshake_space();
    let mut w = Writer::new(space);
    match frame(&mut w, typ, body) {
        Ok(()) => {}
        Err(tls_codec::Error::BufferTooSmall) => {
            return Err(Error::BufferTooSmall {
                needed: u16::try_from(measure(typ, body)).unwrap_or(u16::MAX),
            });
        }
        Err(e) => return Err(Error::Codec(e)),
    }
    let len = w.len();
    finish(w.written_mut())?;
    out.commit_handshake(len)
}

fn frame(w: &mut Writer<'_>, typ: HandshakeType, body: Body<'_>) -> tls_codec::Result<()> {
    typ.encode(w)?;
    w.nested(Prefix::U24, |w| body(w))
}

/// The encoded length of a message, measured in a scratch buffer (only on the error path,
/// so the scratch costs stack only then). Saturates when even the scratch is too small.
#[inline(never)]
fn measure(typ: HandshakeType, body: Body<'_>) -> usize {
    let mut scratch = [0u8; MEASURE_SCRATCH];
    let mut w = Writer::new(&mut scratch);
    match frame(&mut w, typ, body) {
        Ok(()) => w.len(),
        Err(_) => usize::from(u16::MAX),
    }
}

#[cfg(feature = "certificates")]
/// The exact length of a Certificate message (RFC 8446 §4.4.2) carrying `chain` with an
/// empty request context and no entry extensions.
pub(crate) fn certificate_message_len(chain: &[&[u8]]) -> usize {
    // header 4, context length 1, list length 3; per entry: cert_data length 3, data,
    // extensions length 2.
    chain.iter().fold(8usize, |acc, c| {
        acc.saturating_add(c.len()).saturating_add(5)
    })
}

#[cfg(feature = "certificates")]
/// Writes a Certificate body (RFC 8446 §4.4.2): empty context, each DER certificate with
/// no extensions.
pub(crate) fn certificate_body(w: &mut Writer<'_>, chain: &[&[u8]]) -> tls_codec::Result<()> {
    w.vec(Prefix::U8, &[])?;
    w.nested(Prefix::U24, |w| {
        for cert in chain {
            if cert.is_empty() {
                return Err(tls_codec::Error::ValueTooLarge);
            }
            w.vec(Prefix::U24, cert)?;
            w.u16(0)?;
        }
        Ok(())
    })
}
