//! The server's early-data decision (`s2n_early_data_cb`, `s2n_offered_early_data_*`,
//! OpenSSL's `SSL_CTX_set_allow_early_data_cb`) and the status both sides report
//! (`SSL_get_early_data_status`).

/// What became of early data on a connection (OpenSSL's `SSL_get_early_data_status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum EarlyDataStatus {
    /// No early data was offered (`SSL_EARLY_DATA_NOT_SENT`).
    #[default]
    NotSent,
    /// The server accepted it (`SSL_EARLY_DATA_ACCEPTED`).
    Accepted,
    /// The server rejected it; the client must send it again after the handshake if it still
    /// wants to (`SSL_EARLY_DATA_REJECTED`).
    Rejected,
}

/// The early data a client offers, as shown to an [`EarlyDataCallback`]. Only offers that pass
/// every protocol check (first identity, suite and ALPN match, fresh ticket) reach the callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfferedEarlyData<'a> {
    /// The PSK identity (an external identity or the ticket).
    pub identity: &'a [u8],
    /// The most early data the PSK or ticket allows.
    pub max_early_data: u32,
    /// The application's early-data context from the PSK or ticket (possibly empty).
    pub context: &'a [u8],
    /// The ALPN protocol the early data belongs to, if any.
    pub alpn: Option<&'a [u8]>,
}

/// The server application's answer to offered early data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EarlyDataDecision {
    /// Accept the early data.
    Accept,
    /// Reject it (the handshake continues; the client resends after it).
    Reject,
    /// Decide later: the handshake blocks on application input until the application calls
    /// the connection's accept or reject (s2n's asynchronous early-data callback).
    Later,
}

/// Decides whether to accept offered early data (e.g. by its context: "only idempotent
/// requests"). Without a callback, offers that pass the protocol checks are accepted.
pub trait EarlyDataCallback {
    /// Decides on `offered`.
    fn on_early_data(&self, offered: &OfferedEarlyData<'_>) -> EarlyDataDecision;
}

impl<F> EarlyDataCallback for F
where
    F: Fn(&OfferedEarlyData<'_>) -> EarlyDataDecision,
{
    fn on_early_data(&self, offered: &OfferedEarlyData<'_>) -> EarlyDataDecision {
        self(offered)
    }
}
