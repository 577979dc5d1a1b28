//! The server's view of the PSK identities a client offers, and the selection callback
//! (`s2n_psk_selection_callback`, `s2n_offered_psk_list_*`).

use tls_codec::extensions::{OfferedPsks as WireOfferedPsks, PskIdentity};
use tls_codec::list::ListIter;
use tls_codec::List;

/// One offered PSK identity (RFC 8446 §4.2.11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfferedPsk<'a> {
    /// The identity: a ticket or an external PSK's identity.
    pub identity: &'a [u8],
    /// The obfuscated ticket age (0 for external PSKs).
    pub obfuscated_ticket_age: u32,
}

/// The identities of a ClientHello's pre_shared_key extension, in the client's order.
///
/// An iterator that can be cloned (or [`OfferedPsks::rewind`]-ed) to read the list again; the
/// index of an item is its position, the value a [`PskSelector`] returns.
///
/// ```
/// use tls_codec::extensions::PskIdentity;
/// use tls_psk::{OfferedPsks, PskSelector};
///
/// let ids = [
///     PskIdentity { identity: b"old-device", obfuscated_ticket_age: 0 },
///     PskIdentity { identity: b"device-42", obfuscated_ticket_age: 0 },
/// ];
/// // A selector taking the first identity that starts with "device-".
/// let pick = |offered: OfferedPsks<'_>| offered.into_iter().position(|p| p.identity.starts_with(b"device-"));
/// let offered = OfferedPsks::from_items(&ids);
/// assert_eq!(pick.select(offered.clone()), Some(1));
/// assert_eq!(offered.count(), 2); // the clone left the original unread
/// ```
#[derive(Clone, Debug)]
pub struct OfferedPsks<'a> {
    list: List<'a, PskIdentity<'a>>,
    iter: ListIter<'a, PskIdentity<'a>>,
}

impl<'a> OfferedPsks<'a> {
    /// The identities of a parsed (already validated) identities list.
    #[must_use]
    pub fn new(identities: List<'a, PskIdentity<'a>>) -> Self {
        Self {
            iter: identities.iter(),
            list: identities,
        }
    }

    /// The identities of a parsed pre_shared_key extension.
    #[must_use]
    pub fn from_extension(offer: &WireOfferedPsks<'a>) -> Self {
        Self::new(offer.identities)
    }

    /// Identities given as items (tests, or a client showing what it offers).
    #[must_use]
    pub fn from_items(items: &'a [PskIdentity<'a>]) -> Self {
        Self::new(List::Items(items))
    }

    /// Starts again from the first identity.
    pub fn rewind(&mut self) {
        self.iter = self.list.iter();
    }

    /// The number of identities in the whole list (not only those left).
    #[must_use]
    pub fn count_all(&self) -> usize {
        self.list.len()
    }

    /// The identity at `index` in the whole list.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<OfferedPsk<'a>> {
        self.list.iter().nth(index).map(to_offered)
    }
}

const fn to_offered(p: PskIdentity<'_>) -> OfferedPsk<'_> {
    OfferedPsk {
        identity: p.identity,
        obfuscated_ticket_age: p.obfuscated_ticket_age,
    }
}

impl<'a> Iterator for OfferedPsks<'a> {
    type Item = OfferedPsk<'a>;

    fn next(&mut self) -> Option<OfferedPsk<'a>> {
        self.iter.next().map(to_offered)
    }
}

/// The server's choice among offered PSKs (`s2n_config_set_psk_selection_callback`).
/// Without one, the server takes the first identity it knows (external mode) or the first
/// ticket that opens (resumption mode).
pub trait PskSelector {
    /// Returns the index of the chosen identity in `offered`, or `None` for no PSK (full
    /// handshake). An index out of range counts as `None`.
    fn select(&self, offered: OfferedPsks<'_>) -> Option<usize>;
}

impl<F> PskSelector for F
where
    F: Fn(OfferedPsks<'_>) -> Option<usize>,
{
    fn select(&self, offered: OfferedPsks<'_>) -> Option<usize> {
        self(offered)
    }
}
