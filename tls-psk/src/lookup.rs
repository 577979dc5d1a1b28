//! Stateful resumption: a server-side session cache consulted for PSK identities that are not
//! tickets this server sealed (s2n-tls's `s2n_config_set_cache_retrieve_callback`).

use crate::ticket::TicketState;

/// Looks a resumption PSK identity up in the application's session cache (stateful
/// resumption, RFC 8446 §2.2: the identity is then a database lookup key rather than a
/// self-encrypted ticket).
///
/// The server consults it, in resumption mode, for each offered identity that does not open
/// as one of its own tickets, in the client's order. A returned state is checked exactly as
/// an opened ticket: lifetime, keying-material lifetime, suite, binder, ticket age (with its
/// `age_add`) and anti-replay (by its ticket id) before it is used. Returning a state does not
/// consume it: a cache that wants single use removes the entry itself, or relies on the
/// anti-replay store.
pub trait SessionLookup {
    /// The state stored under `identity`, or `None` (unknown, expired, evicted). `now_ms` is
    /// the connection's clock in milliseconds.
    fn lookup(&self, identity: &[u8], now_ms: u64) -> Option<TicketState>;
}

impl<F> SessionLookup for F
where
    F: Fn(&[u8], u64) -> Option<TicketState>,
{
    fn lookup(&self, identity: &[u8], now_ms: u64) -> Option<TicketState> {
        self(identity, now_ms)
    }
}
