//! Anti-replay for 0-RTT: single-use tickets (RFC 8446 §8.1; OpenSSL's default for early data).
//!
//! A server that accepts early data records each ticket it accepts; a ticket seen again is
//! refused (full handshake, early data rejected). The record only needs to live as long as the
//! ticket, so entries expire with it.
//!
//! # One server or a fleet
//!
//! [`SingleUseTickets`] is an in-memory store of fixed capacity for one server (one process,
//! one MCU). A fleet whose members share ticket keys must share the record too, or a ticket
//! accepted by one member can be replayed against another: implement [`ReplayStore`] over a
//! shared store (a database with an atomic insert-if-absent). `check_and_record` must be one
//! atomic step.
//!
//! # Failing safe
//!
//! When a store cannot record ([`ReplayVerdict::Full`], or any failure of a shared store), the
//! handshake treats the ticket as replayed: it refuses 0-RTT and resumption for it, and the
//! client does a full handshake. Size `N` for the tickets accepted within one ticket lifetime.

use crate::TICKET_ID_LEN;
use core::cell::RefCell;

/// The verdict of a [`ReplayStore`] on one ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReplayVerdict {
    /// First use: recorded; the ticket may be used (and its early data accepted).
    Fresh,
    /// Seen before and not yet expired (or already expired): refuse it.
    Replayed,
    /// The store has no room to record it. Treated as [`ReplayVerdict::Replayed`]: fail safe.
    Full,
}

impl ReplayVerdict {
    /// Whether the ticket may be used: only [`ReplayVerdict::Fresh`].
    #[must_use]
    pub const fn is_fresh(self) -> bool {
        matches!(self, Self::Fresh)
    }
}

/// A record of used tickets (see the [module docs](self)). Takes `&self`: the config holding it
/// is shared, so implementations use interior mutability.
pub trait ReplayStore {
    /// Records `ticket_id` as used at `now_ms` until `expires_ms` (the ticket's end of life,
    /// [`crate::TicketState::expires_ms`]), unless it is already recorded.
    ///
    /// Returns [`ReplayVerdict::Replayed`] if it is recorded and not expired,
    /// [`ReplayVerdict::Full`] if it cannot be recorded, [`ReplayVerdict::Fresh`] otherwise.
    fn check_and_record(
        &self,
        ticket_id: &[u8; TICKET_ID_LEN],
        now_ms: u64,
        expires_ms: u64,
    ) -> ReplayVerdict;
}

impl<T: ReplayStore + ?Sized> ReplayStore for &T {
    fn check_and_record(
        &self,
        ticket_id: &[u8; TICKET_ID_LEN],
        now_ms: u64,
        expires_ms: u64,
    ) -> ReplayVerdict {
        (**self).check_and_record(ticket_id, now_ms, expires_ms)
    }
}

/// One recorded ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    ticket_id: [u8; TICKET_ID_LEN],
    expires_ms: u64,
}

impl Entry {
    /// A free slot: expired at any time.
    const EMPTY: Self = Self {
        ticket_id: [0; TICKET_ID_LEN],
        expires_ms: 0,
    };

    /// Whether the entry still holds a live ticket at `now_ms`.
    const fn live(&self, now_ms: u64) -> bool {
        now_ms < self.expires_ms
    }
}

/// An in-memory single-use ticket store for up to `N` live tickets (one server; see the
/// [module docs](self) for fleets). Expired entries are evicted as needed; with `N` live
/// entries a new ticket gets [`ReplayVerdict::Full`].
///
/// Not `Sync` (a `RefCell`): for one thread, as on an MCU. The cost is `N * 24` bytes.
///
/// ```
/// use tls_psk::{ReplayStore, ReplayVerdict, SingleUseTickets};
///
/// let store = SingleUseTickets::<8>::new();
/// let id = [7u8; 16];
/// assert_eq!(store.check_and_record(&id, 1_000, 5_000), ReplayVerdict::Fresh);
/// assert_eq!(store.check_and_record(&id, 2_000, 5_000), ReplayVerdict::Replayed);
/// ```
#[derive(Debug)]
pub struct SingleUseTickets<const N: usize> {
    entries: RefCell<[Entry; N]>,
}

impl<const N: usize> SingleUseTickets<N> {
    /// An empty store.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            entries: RefCell::new([Entry::EMPTY; N]),
        }
    }

    /// The number of entries live at `now_ms`.
    #[must_use]
    pub fn live(&self, now_ms: u64) -> usize {
        self.entries
            .try_borrow()
            .map_or(0, |e| e.iter().filter(|e| e.live(now_ms)).count())
    }

    /// Forgets every ticket (e.g. after all ticket keys were replaced).
    pub fn clear(&self) {
        if let Ok(mut e) = self.entries.try_borrow_mut() {
            e.fill(Entry::EMPTY);
        }
    }
}

impl<const N: usize> Default for SingleUseTickets<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> ReplayStore for SingleUseTickets<N> {
    /// As the trait says. A ticket whose `expires_ms` is not after `now_ms` is already dead
    /// and gets [`ReplayVerdict::Replayed`] (never usable); a store that is in use (re-entered
    /// from a callback) answers [`ReplayVerdict::Full`].
    fn check_and_record(
        &self,
        ticket_id: &[u8; TICKET_ID_LEN],
        now_ms: u64,
        expires_ms: u64,
    ) -> ReplayVerdict {
        match self.entries.try_borrow_mut() {
            Ok(mut entries) => record(entries.as_mut_slice(), ticket_id, now_ms, expires_ms),
            Err(_) => ReplayVerdict::Full,
        }
    }
}

/// The store's logic on a slice, compiled once for every `N`.
fn record(
    entries: &mut [Entry],
    ticket_id: &[u8; TICKET_ID_LEN],
    now_ms: u64,
    expires_ms: u64,
) -> ReplayVerdict {
    if expires_ms <= now_ms {
        return ReplayVerdict::Replayed;
    }
    if entries
        .iter()
        .any(|e| e.live(now_ms) && &e.ticket_id == ticket_id)
    {
        return ReplayVerdict::Replayed;
    }
    // Any entry that is not live is free: expired ones are evicted by overwriting.
    match entries.iter_mut().find(|e| !e.live(now_ms)) {
        Some(slot) => {
            *slot = Entry {
                ticket_id: *ticket_id,
                expires_ms,
            };
            ReplayVerdict::Fresh
        }
        None => ReplayVerdict::Full,
    }
}
