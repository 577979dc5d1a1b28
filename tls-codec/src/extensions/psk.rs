//! The ClientHello pre_shared_key body (RFC 8446 §4.2.11) and its binders.

use crate::list::{list_item, opaque, List};
use crate::{Codec, Error, Prefix, Reader, Result, Writer};

/// One offered PSK identity (RFC 8446 §4.2.11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PskIdentity<'a> {
    /// `opaque identity<1..2^16-1>`: a ticket or an external PSK's label.
    pub identity: &'a [u8],
    /// The ticket age in milliseconds plus `ticket_age_add`, mod 2^32 (0 for external PSKs).
    pub obfuscated_ticket_age: u32,
}

impl<'a> Codec<'a> for PskIdentity<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            identity: r.vec(Prefix::U16, 1, 0xffff)?,
            obfuscated_ticket_age: r.u32()?,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        crate::list::encode_opaque(w, Prefix::U16, 1, 0xffff, self.identity)?;
        w.u32(self.obfuscated_ticket_age)
    }
}
// RFC 8446 §4.2.11: PskIdentity identities<7..2^16-1>.
list_item!(PskIdentity<'a>, U16, 7, 0xffff);

opaque!(
    /// `opaque PskBinderEntry<32..255>` (RFC 8446 §4.2.11): an HMAC over the truncated
    /// ClientHello.
    PskBinderEntry, U8, 32, 0xff
);
// RFC 8446 §4.2.11: PskBinderEntry binders<33..2^16-1>.
list_item!(PskBinderEntry<'a>, U16, 33, 0xffff);

/// The ClientHello form of pre_shared_key: `OfferedPsks` (RFC 8446 §4.2.11).
///
/// Binders are computed over the ClientHello truncated just before the binders list
/// (RFC 8446 §4.2.11.2). Because pre_shared_key is the last extension and `binders` the last
/// field, that list is the tail of the message: [`OfferedPsks::binders_len`] bytes long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfferedPsks<'a> {
    /// The identities, in preference order.
    pub identities: List<'a, PskIdentity<'a>>,
    /// One binder per identity, in the same order.
    pub binders: List<'a, PskBinderEntry<'a>>,
}

impl OfferedPsks<'_> {
    /// Length of the encoded binders list, its 2-byte length prefix included.
    #[must_use]
    pub fn binders_len(&self) -> usize {
        let body = match self.binders {
            List::Wire(b) => b.len(),
            List::Items(items) => items
                .iter()
                .fold(0usize, |n, b| n.saturating_add(b.0.len()).saturating_add(1)),
        };
        body.saturating_add(Prefix::U16.width())
    }
}

impl<'a> Codec<'a> for OfferedPsks<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self> {
        let identities = List::<PskIdentity<'a>>::parse(r)?;
        let binders = List::<PskBinderEntry<'a>>::parse(r)?;
        // RFC 8446 §4.2.11: one binder "for each value in the identities list".
        if identities.len() != binders.len() {
            return Err(Error::IllegalParameter);
        }
        Ok(Self {
            identities,
            binders,
        })
    }
    fn encode(&self, w: &mut Writer<'_>) -> Result<()> {
        self.identities.encode(w)?;
        self.binders.encode(w)
    }
}

/// The `index`-th binder's bytes inside an encoded binders list (length prefix included), e.g.
/// the range a ClientHello encoder reports, to fill it in through [`Writer::written_mut`].
///
/// Returns `None` if the list is malformed or shorter than `index + 1` binders.
pub fn binder_mut(list: &mut [u8], index: usize) -> Option<&mut [u8]> {
    let (_, mut rest) = list.split_at_mut_checked(Prefix::U16.width())?;
    let mut i = 0usize;
    loop {
        let (len, tail) = rest.split_first_mut()?;
        let (binder, tail) = tail.split_at_mut_checked(usize::from(*len))?;
        if i == index {
            return Some(binder);
        }
        i = i.checked_add(1)?;
        rest = tail;
    }
}
