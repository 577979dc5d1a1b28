//! The connection's configuration: built once, borrowed by every connection (`&'a Config`), so
//! the borrow checker enforces s2n-tls's rule that a config in use does not change.

use core::cell::RefCell;
use tls_codec::enums::PskKeyExchangeMode;
use tls_crypto::{CryptoProvider, Rng, RustCrypto};
use tls_handshake::SecurityPolicy;
#[cfg(feature = "certificates")]
use tls_handshake::{ClientAuth, Identity, Verification};
use tls_psk::{
    EarlyDataCallback, ExternalPsk, PskMode, PskSelector, ReplayStore, SessionLookup, TicketKey,
};

pub use crate::sizing::{DynamicThreshold, RecordPreference, RecordSize, RecordSizeLimit};
use tls_codec::enums::MaxFragmentLength;

/// Client side: receives every session ticket the server sends, as a serialized
/// [`tls_psk::Session`] to store and give back to a later connection with
/// [`crate::ConnectionCore::set_session`] (s2n-tls's `s2n_session_ticket_fn`).
///
/// The bytes hold the resumption secret: keep them as confidential as a key. They are wiped
/// from Wren's stack right after the call. Implemented for closures `Fn(&[u8])`.
pub trait TicketCallback {
    /// A ticket arrived; `session` is its serialized session (at most
    /// [`tls_psk::MAX_SESSION_LEN`] bytes).
    fn on_ticket(&self, session: &[u8]);
}

impl<F: Fn(&[u8])> TicketCallback for F {
    fn on_ticket(&self, session: &[u8]) {
        self(session);
    }
}

/// A random source that many connections share through `&self`: an MCU's RNG peripheral, the
/// operating system's generator, or a [`RefCellRng`] around any [`tls_crypto::Rng`].
pub trait ConfigRng {
    /// Fills `dest` with random bytes.
    ///
    /// # Errors
    /// [`tls_crypto::Error::Rng`] when the source fails; the handshake then fails with
    /// `internal_error`.
    fn fill(&self, dest: &mut [u8]) -> Result<(), tls_crypto::Error>;
}

/// Shares a `&mut`-style [`tls_crypto::Rng`] through a [`RefCell`] (single-threaded use, the
/// common case on a microcontroller).
#[derive(Debug)]
pub struct RefCellRng<R: Rng>(RefCell<R>);

impl<R: Rng> RefCellRng<R> {
    /// Wraps `rng`.
    pub const fn new(rng: R) -> Self {
        Self(RefCell::new(rng))
    }

    /// Gives the wrapped generator back.
    pub fn into_inner(self) -> R {
        self.0.into_inner()
    }
}

impl<R: Rng> ConfigRng for RefCellRng<R> {
    /// # Errors
    /// [`tls_crypto::Error::Rng`] if the generator is already borrowed (re-entrant use) or
    /// fails.
    fn fill(&self, dest: &mut [u8]) -> Result<(), tls_crypto::Error> {
        let mut rng = self
            .0
            .try_borrow_mut()
            .map_err(|_| tls_crypto::Error::Rng)?;
        rng.fill(dest)
    }
}

/// The operating system's generator (`getrandom`); for host tools and tests.
#[cfg(feature = "std")]
#[derive(Clone, Copy, Debug, Default)]
pub struct OsRng;

#[cfg(feature = "std")]
impl ConfigRng for OsRng {
    /// # Errors
    /// [`tls_crypto::Error::Rng`] if the operating system's generator fails.
    fn fill(&self, dest: &mut [u8]) -> Result<(), tls_crypto::Error> {
        getrandom::getrandom(dest).map_err(|_| tls_crypto::Error::Rng)
    }
}

/// Adapts a shared [`ConfigRng`] to the `&mut self` [`Rng`] the handshake takes.
pub(crate) struct SharedRng<'a>(pub(crate) &'a dyn ConfigRng);

impl Rng for SharedRng<'_> {
    fn fill(&mut self, dest: &mut [u8]) -> tls_crypto::Result<()> {
        self.0.fill(dest)
    }
}

/// Which side of the handshake a connection plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Sends the ClientHello.
    Client,
    /// Answers it.
    Server,
}

/// Everything a connection needs that does not change per connection.
pub struct Config<'a, P: CryptoProvider = RustCrypto> {
    /// The handshake's settings: provider, policy, ALPN, trust anchors, verification, identity.
    pub handshake: tls_handshake::Config<'a, P>,
    /// The random source.
    pub rng: &'a dyn ConfigRng,
    /// Wall-clock source (seconds since the Unix epoch) for certificate validity; `None`: the
    /// validity period is not checked (a device without a trusted clock).
    pub unix_time: Option<fn() -> u64>,
    /// Client side: where received session tickets go (none: tickets are counted and
    /// dropped).
    pub ticket_callback: Option<&'a dyn TicketCallback>,
    /// Record sizes: what we receive (and advertise), how we size what we send, and whether
    /// `recv` reads several records (connections may override the send and receive parts).
    pub records: Records,
}

/// Record-size settings of a [`Config`] (the handshake's max_fragment_length settings are in
/// [`tls_handshake::Config::records`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Records {
    /// The largest record content this endpoint wants to receive: caps the
    /// record_size_limit it advertises (see [`crate::sizes::advertised_limit`]).
    pub size: RecordSize,
    /// Whether and how record_size_limit (RFC 8449) is advertised.
    pub record_size_limit: RecordSizeLimit,
    /// How records we send are sized (s2n-tls's `prefer_low_latency` / `prefer_throughput`).
    pub prefer: RecordPreference,
    /// s2n-tls's dynamic record sizing: small records first and after idle periods.
    pub dynamic: Option<DynamicThreshold>,
    /// `recv` fills the caller's buffer from several records (s2n-tls's
    /// `s2n_config_set_recv_multi_record`); off: it returns after one record.
    pub recv_multi_record: bool,
}

impl Records {
    /// Full records, record_size_limit advertised when the receive buffer is smaller than a
    /// full record, full-size records sent, no dynamic sizing, one record per `recv`.
    pub const DEFAULT: Self = Self {
        size: RecordSize::FULL,
        record_size_limit: RecordSizeLimit::Auto,
        prefer: RecordPreference::Throughput,
        dynamic: None,
        recv_multi_record: false,
    };
}

impl Default for Records {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl<'a, P: CryptoProvider> Config<'a, P> {
    /// A config with the default policy (`default_tls13`), full verification against
    /// `trust_anchors` (DER certificates), no ALPN, no identity, no clock.
    ///
    /// ```
    /// use wren_tls::{Config, RefCellRng};
    /// use tls_crypto::{RustCrypto, TestRng};
    /// let rng = RefCellRng::new(TestRng::new([1; 32]));
    /// let config: Config<'_> = Config::new(&RustCrypto, &rng, &[]);
    /// assert!(config.unix_time.is_none());
    /// ```
    #[cfg(feature = "certificates")]
    #[must_use]
    pub const fn new(
        provider: &'a P,
        rng: &'a dyn ConfigRng,
        trust_anchors: &'a [&'a [u8]],
    ) -> Self {
        Self {
            handshake: tls_handshake::Config::new(provider, trust_anchors),
            rng,
            unix_time: None,
            ticket_callback: None,
            records: Records::DEFAULT,
        }
    }

    /// A config that authenticates with the external PSKs `psks` only (first preferred, both
    /// roles, [`PskMode::External`]): no trust anchors, so no server name is needed; otherwise
    /// as `Config::new` (which needs `certificates`). The one constructor of a build without
    /// the `certificates` feature (a PSK-only client: no X.509 code linked; see
    /// [`tls_handshake::Config::new_psk`] for what it does with a certificate handshake), and
    /// the same config with it.
    ///
    /// ```
    /// use wren_tls::{codec::enums::PskKeyExchangeMode, Config, ExternalPsk, RefCellRng};
    /// use tls_crypto::{HashAlgorithm, RustCrypto, TestRng};
    /// let rng = RefCellRng::new(TestRng::new([1; 32]));
    /// let psks = [ExternalPsk::new(b"device-7", &[0x42; 32], HashAlgorithm::Sha256)?];
    /// let config: Config<'_> = Config::new_psk(&RustCrypto, &rng, &psks)
    ///     .with_psk_key_exchange_modes(&[PskKeyExchangeMode::PSK_KE]);
    /// assert!(!config.handshake.needs_server_name());
    /// # Ok::<(), wren_tls::psk::Error>(())
    /// ```
    #[must_use]
    pub const fn new_psk(
        provider: &'a P,
        rng: &'a dyn ConfigRng,
        psks: &'a [ExternalPsk<'a>],
    ) -> Self {
        Self {
            handshake: tls_handshake::Config::new_psk(provider, psks),
            rng,
            unix_time: None,
            ticket_callback: None,
            records: Records::DEFAULT,
        }
    }

    /// With records of at most `size` bytes of content in both directions, as far as the peer
    /// agrees: the client asks this max_fragment_length (when `size` is one of RFC 6066's
    /// 512, 1024, 2048, 4096), and both sides advertise a record_size_limit of at most
    /// `size + 1` (see [`crate::sizes::advertised_limit`]). The receive buffer then needs
    /// one such record plus the handshake reassembly area ([`crate::sizes::rx_len`]).
    #[must_use]
    pub const fn with_record_size(mut self, size: RecordSize) -> Self {
        self.records.size = size;
        self.handshake.records.max_fragment_length = size.max_fragment_length();
        self
    }

    /// Client side: asks this max_fragment_length (RFC 6066 §4; s2n-tls's
    /// `s2n_config_send_max_fragment_length`), or nothing with `None`.
    #[must_use]
    pub const fn with_max_fragment_length(mut self, mfl: Option<MaxFragmentLength>) -> Self {
        self.handshake.records.max_fragment_length = mfl;
        self
    }

    /// Server side: honour a client's max_fragment_length (s2n-tls's
    /// `s2n_config_accept_max_fragment_length`); ignored by default.
    #[must_use]
    pub const fn with_accept_max_fragment_length(mut self, accept: bool) -> Self {
        self.handshake.records.accept_max_fragment_length = accept;
        self
    }

    /// Always advertise record_size_limit (RFC 8449), at most `limit` (TLSInnerPlaintext
    /// bytes: content + 1; at least 64), and never more than the receive buffer holds.
    #[must_use]
    pub const fn with_record_size_limit(mut self, limit: u16) -> Self {
        self.records.record_size_limit = RecordSizeLimit::AtMost(limit);
        self
    }

    /// Never advertise record_size_limit (and ignore the peer's).
    #[must_use]
    pub const fn without_record_size_limit(mut self) -> Self {
        self.records.record_size_limit = RecordSizeLimit::Off;
        self
    }

    /// Sends small records (at most [`crate::sizes::SMALL_RECORD_CONTENT`] = 1398 bytes: one
    /// record per Ethernet frame), s2n-tls's `s2n_connection_prefer_low_latency`.
    #[must_use]
    pub const fn with_prefer_low_latency(mut self) -> Self {
        self.records.prefer = RecordPreference::LowLatency;
        self
    }

    /// Sends full records (the default), s2n-tls's `s2n_connection_prefer_throughput`.
    #[must_use]
    pub const fn with_prefer_throughput(mut self) -> Self {
        self.records.prefer = RecordPreference::Throughput;
        self
    }

    /// s2n-tls's `s2n_connection_set_dynamic_record_threshold`: the first `resize_threshold`
    /// bytes go in small records (one per Ethernet frame), and again after `timeout_ms` of
    /// protocol time without sending.
    #[must_use]
    pub const fn with_dynamic_record_threshold(
        mut self,
        resize_threshold: u32,
        timeout_ms: u64,
    ) -> Self {
        self.records.dynamic = Some(DynamicThreshold {
            resize_threshold,
            timeout_ms,
        });
        self
    }

    /// `recv` fills the caller's buffer from several records (s2n-tls's
    /// `s2n_config_set_recv_multi_record`).
    #[must_use]
    pub const fn with_recv_multi_record(mut self, on: bool) -> Self {
        self.records.recv_multi_record = on;
        self
    }

    /// With security policy `policy`.
    #[must_use]
    pub const fn with_policy(mut self, policy: &'a SecurityPolicy) -> Self {
        self.handshake.policy = policy;
        self
    }

    /// With ALPN protocols, most preferred first.
    #[must_use]
    pub const fn with_alpn(mut self, alpn: &'a [&'a [u8]]) -> Self {
        self.handshake.alpn = alpn;
        self
    }

    /// With our certificate chain and signing key (required for a server).
    #[cfg(feature = "certificates")]
    #[must_use]
    pub const fn with_identity(mut self, identity: Identity<'a>) -> Self {
        self.handshake.identity = Some(identity);
        self
    }

    /// With how the peer's certificate is checked.
    #[cfg(feature = "certificates")]
    #[must_use]
    pub const fn with_verification(mut self, verification: Verification<'a>) -> Self {
        self.handshake.verification = verification;
        self
    }

    /// Server side: whether to ask for a client certificate.
    #[cfg(feature = "certificates")]
    #[must_use]
    pub const fn with_client_auth(mut self, client_auth: ClientAuth) -> Self {
        self.handshake.client_auth = client_auth;
        self
    }

    /// Client side: middlebox compatibility mode on or off (on by default).
    #[must_use]
    pub const fn with_middlebox_compat(mut self, on: bool) -> Self {
        self.handshake.middlebox_compat = on;
        self
    }

    /// With a wall clock (seconds since the Unix epoch) for certificate validity.
    #[must_use]
    pub const fn with_unix_time(mut self, unix_time: fn() -> u64) -> Self {
        self.unix_time = Some(unix_time);
        self
    }

    /// Client side: hands each received ticket to `callback` as a storable session
    /// (s2n-tls's `s2n_config_set_session_ticket_cb`).
    #[must_use]
    pub const fn with_ticket_callback(mut self, callback: &'a dyn TicketCallback) -> Self {
        self.ticket_callback = Some(callback);
        self
    }

    /// External PSKs, first preferred (both roles), and [`PskMode::External`]
    /// (s2n-tls's `s2n_connection_append_psk` for every connection, `s2n_config_set_psk_mode`).
    /// A server with PSKs needs no certificate: clients without a usable PSK then fail.
    #[must_use]
    pub const fn with_external_psks(mut self, psks: &'a [ExternalPsk<'a>]) -> Self {
        self.handshake.psk.external = psks;
        self.handshake.psk.mode = PskMode::External;
        self
    }

    /// Resumption (tickets) or external PSKs.
    #[must_use]
    pub const fn with_psk_mode(mut self, mode: PskMode) -> Self {
        self.handshake.psk.mode = mode;
        self
    }

    /// The PSK key exchange modes, most preferred first (default `[psk_dhe_ke]`). `[psk_ke]`
    /// alone is the cheapest handshake (no (EC)DHE, no signature) and has no forward secrecy.
    #[must_use]
    pub const fn with_psk_key_exchange_modes(mut self, modes: &'a [PskKeyExchangeMode]) -> Self {
        self.handshake.psk.key_exchange_modes = modes;
        self
    }

    /// Server side: chooses among the client's offered PSK identities.
    #[must_use]
    pub const fn with_psk_selector(mut self, selector: &'a dyn PskSelector) -> Self {
        self.handshake.psk.selector = Some(selector);
        self
    }

    /// Server side: session ticket keys (s2n-tls's `s2n_config_add_ticket_crypto_key`); the
    /// newest in its encrypt window seals. Tickets are issued only with keys.
    #[must_use]
    pub const fn with_ticket_keys(mut self, keys: &'a [TicketKey]) -> Self {
        self.handshake.tickets.keys = keys;
        self
    }

    /// Server side: stateful resumption (s2n-tls's cache retrieve callback): `lookup` is asked
    /// for each offered PSK identity that is not a ticket sealed with this server's
    /// [`Config::with_ticket_keys`]; what it returns is checked like an opened ticket. Works
    /// without ticket keys.
    #[must_use]
    pub const fn with_session_lookup(mut self, lookup: &'a dyn SessionLookup) -> Self {
        self.handshake.tickets.lookup = Some(lookup);
        self
    }

    /// Server side: send the policy's groups in EncryptedExtensions (RFC 8446 §4.2.7), as
    /// the policy lists them; off by default.
    #[must_use]
    pub const fn with_supported_groups_in_ee(mut self, on: bool) -> Self {
        self.handshake.send_supported_groups = on;
        self
    }

    /// Server side: tickets sent after each handshake (default 1).
    #[must_use]
    pub const fn with_initial_ticket_count(mut self, count: u8) -> Self {
        self.handshake.tickets.initial_count = count;
        self
    }

    /// Server side: OpenSSL's `max_early_data` (what tickets advertise; 0 turns 0-RTT off) and
    /// `recv_max_early_data` (the most early data read or skipped; never below the first).
    /// With anti-replay on (the default), early data is only accepted with a
    /// [`Config::with_replay_store`].
    #[must_use]
    pub const fn with_early_data(mut self, max_early_data: u32, recv_max_early_data: u32) -> Self {
        self.handshake.early_data.max_early_data = max_early_data;
        self.handshake.early_data.recv_max_early_data = recv_max_early_data;
        self
    }

    /// Server side: the single-use ticket store behind anti-replay (e.g.
    /// [`tls_psk::SingleUseTickets`]).
    #[must_use]
    pub const fn with_replay_store(mut self, store: &'a dyn ReplayStore) -> Self {
        self.handshake.early_data.replay_store = Some(store);
        self
    }

    /// Server side: anti-replay on (default) or off. **Off** lets anyone who recorded a
    /// client's first flight replay its early data as long as the ticket lives (OpenSSL's
    /// `SSL_OP_NO_ANTI_REPLAY`): only for idempotent early requests.
    #[must_use]
    pub const fn with_anti_replay(mut self, on: bool) -> Self {
        self.handshake.early_data.anti_replay = on;
        self
    }

    /// Server side: decides on each 0-RTT offer, now or later (s2n-tls's
    /// `s2n_config_set_early_data_cb`).
    #[must_use]
    pub const fn with_early_data_callback(mut self, callback: &'a dyn EarlyDataCallback) -> Self {
        self.handshake.early_data.callback = Some(callback);
        self
    }
}
