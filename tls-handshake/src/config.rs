//! Handshake configuration: built once, borrowed by every connection that uses it.

use crate::policy::SecurityPolicy;
use crate::records::RecordSettings;
#[cfg(feature = "certificates")]
use tls_cert::VerifyHost;
use tls_codec::enums::PskKeyExchangeMode;
use tls_crypto::CryptoProvider;
#[cfg(feature = "certificates")]
use tls_crypto::Signer;
use tls_psk::{
    EarlyDataCallback, ExternalPsk, PskMode, PskSelector, ReplayStore, SessionLookup, TicketKey,
    TicketKeyLifetimes,
};

#[cfg(feature = "certificates")]
/// How a client checks the server's certificate (and a server a client's).
#[derive(Clone, Copy)]
pub enum Verification<'a> {
    /// Chain to a trust anchor, validity (when the time is known), and the RFC 6125 name check
    /// against the server name.
    Full,
    /// Chain and validity as [`Verification::Full`], but the callback decides on the name
    /// (s2n-tls's `s2n_verify_host_fn`).
    VerifyHost(&'a dyn VerifyHost),
    /// **No verification at all. For tests only**: any certificate is accepted, so anyone on
    /// the path can read and change the traffic. The CertificateVerify signature is still
    /// checked against the presented key.
    DangerousNoVerificationForTestsOnly,
}

#[cfg(feature = "certificates")]
/// A certificate chain and the key that signs for it.
#[derive(Clone, Copy)]
pub struct Identity<'a> {
    /// DER certificates, leaf first, as sent in the Certificate message.
    pub chain: &'a [&'a [u8]],
    /// The private key's signing operation (in Wren, or behind a host tool, a secure element).
    pub signer: &'a dyn Signer,
}

#[cfg(feature = "certificates")]
/// Whether a server asks for a client certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    /// No CertificateRequest.
    None,
    /// Ask; an empty Certificate from the client is accepted.
    Optional,
    /// Ask; an empty Certificate is `certificate_required`.
    Required,
}

/// Everything the handshake needs that does not change per connection.
#[derive(Clone, Copy)]
pub struct Config<'a, P: CryptoProvider> {
    /// The cryptography.
    pub provider: &'a P,
    /// What may be negotiated.
    pub policy: &'a SecurityPolicy,
    /// ALPN protocols, most preferred first (RFC 7301); empty for none.
    pub alpn: &'a [&'a [u8]],
    /// DER trust anchors for verifying the peer's chain.
    #[cfg(feature = "certificates")]
    pub trust_anchors: &'a [&'a [u8]],
    /// How the peer's certificate is checked.
    #[cfg(feature = "certificates")]
    pub verification: Verification<'a>,
    /// Our certificate and key: required for a server, optional for a client.
    #[cfg(feature = "certificates")]
    pub identity: Option<Identity<'a>>,
    /// Server side: whether to ask for a client certificate.
    #[cfg(feature = "certificates")]
    pub client_auth: ClientAuth,
    /// Client side: middlebox compatibility mode (RFC 8446 §D.4): a 32-byte legacy session id
    /// and a dummy change_cipher_spec before the second flight. On by default, as OpenSSL does.
    pub middlebox_compat: bool,
    /// Pre-shared keys: external PSKs or resumption (RFC 8446 §2.2, §4.2.9, §4.2.11).
    pub psk: PskSettings<'a>,
    /// Server side: session tickets (RFC 8446 §4.6.1).
    pub tickets: TicketSettings<'a>,
    /// 0-RTT early data (RFC 8446 §2.3, §4.2.10, §8).
    pub early_data: EarlyDataSettings<'a>,
    /// max_fragment_length (RFC 6066 §4): what a client asks, whether a server honours it.
    /// (record_size_limit's value comes from the connection's receive buffer:
    /// `set_record_size_limit` on each handshake.)
    pub records: RecordSettings,
    /// Server side: list the policy's groups (as they are, most preferred first) in
    /// EncryptedExtensions (RFC 8446 §4.2.7: "servers MAY send the "supported_groups"
    /// extension to the client"), so the client can offer a preferred share next time. Off by
    /// default.
    pub send_supported_groups: bool,
}

/// Pre-shared key settings (s2n-tls: `s2n_config_set_psk_mode`, `s2n_connection_append_psk`,
/// `s2n_config_set_psk_selection_callback`).
#[derive(Clone, Copy)]
pub struct PskSettings<'a> {
    /// Resumption (tickets) or external PSKs; the two are never mixed in one connection.
    /// Overridable per connection (`set_psk_mode`).
    pub mode: PskMode,
    /// External PSKs in preference order (both roles). Overridable per connection
    /// (`set_external_psks`).
    pub external: &'a [ExternalPsk<'a>],
    /// The PSK key exchange modes, most preferred first (RFC 8446 §4.2.9). A client offers
    /// these; a server picks its first that the client offered. `[PSK_KE]` alone is the
    /// cheapest handshake there is: no key share, no (EC)DHE, no signature - and no forward
    /// secrecy for that connection.
    pub key_exchange_modes: &'a [PskKeyExchangeMode],
    /// Server side: chooses among the offered identities (external mode); `None` takes the
    /// first of [`PskSettings::external`] the client offered.
    pub selector: Option<&'a dyn PskSelector>,
}

impl PskSettings<'_> {
    /// Resumption mode, no external PSKs, `psk_dhe_ke` only, no selector.
    pub const DEFAULT: PskSettings<'static> = PskSettings {
        mode: PskMode::Resumption,
        external: &[],
        key_exchange_modes: &[PskKeyExchangeMode::PSK_DHE_KE],
        selector: None,
    };
}

/// Server-side session ticket settings (s2n-tls: `s2n_config_add_ticket_crypto_key`,
/// `s2n_config_set_initial_ticket_count`, `s2n_config_set_session_state_lifetime`).
#[derive(Clone, Copy)]
pub struct TicketSettings<'a> {
    /// Ticket keys; the newest in its encrypt window seals, any in a window opens. Empty: no
    /// tickets are issued and none are opened (only [`TicketSettings::lookup`] can resume).
    pub keys: &'a [TicketKey],
    /// How long a key encrypts, then only decrypts.
    pub lifetimes: TicketKeyLifetimes,
    /// `ticket_lifetime` of issued tickets, in seconds (at most 604800, RFC 8446 §4.6.1).
    pub ticket_lifetime_s: u32,
    /// Tickets sent right after the handshake completes.
    pub initial_count: u8,
    /// How long the keying material of a full handshake may be carried through resumptions
    /// (s2n-tls's keying material lifetime); older sessions get a full handshake.
    pub keying_material_lifetime_ms: u64,
    /// Stateful resumption: the session cache consulted for an offered identity that is not a
    /// ticket sealed with [`TicketSettings::keys`] (s2n-tls's cache retrieve callback). Works
    /// without ticket keys. `None`: only sealed tickets resume.
    pub lookup: Option<&'a dyn SessionLookup>,
}

impl TicketSettings<'_> {
    /// No keys (no tickets), s2n-tls's 2 h / 13 h key lifetimes, 1-day tickets, one ticket
    /// per handshake, 7-day keying-material lifetime, no session cache.
    pub const DEFAULT: TicketSettings<'static> = TicketSettings {
        keys: &[],
        lifetimes: TicketKeyLifetimes::DEFAULT,
        ticket_lifetime_s: 86_400,
        initial_count: 1,
        keying_material_lifetime_ms: 7 * 24 * 3600 * 1000,
        lookup: None,
    };
}

/// 0-RTT settings (OpenSSL: `SSL_CTX_set_max_early_data`, `SSL_CTX_set_recv_max_early_data`,
/// `SSL_OP_NO_ANTI_REPLAY`; s2n-tls: `s2n_config_set_early_data_cb`).
#[derive(Clone, Copy)]
pub struct EarlyDataSettings<'a> {
    /// Server: the `max_early_data_size` its tickets advertise; 0 turns 0-RTT off for
    /// resumption (external PSKs carry their own limit).
    pub max_early_data: u32,
    /// Server: the most early data it reads or skips (a rejected client's data is skipped up
    /// to this much, then the connection aborts). Default 16384; never below
    /// `max_early_data` (the larger of the two is used).
    pub recv_max_early_data: u32,
    /// Server: decides on each offer (accept, reject, or later); `None` accepts whatever
    /// passes the protocol's and anti-replay's checks.
    pub callback: Option<&'a dyn EarlyDataCallback>,
    /// Server: the single-use ticket store (and ClientHello record for external PSKs).
    pub replay_store: Option<&'a dyn ReplayStore>,
    /// Server: anti-replay (RFC 8446 §8), on by default. With `max_early_data > 0` every
    /// ticket is single-use: a second use gets a full handshake and its early data is
    /// rejected; without a [`EarlyDataSettings::replay_store`], tickets advertise no early
    /// data and early data is always rejected. **Turning this off** lets anyone who recorded
    /// a client's first flight replay its early data to the server, as often as the ticket
    /// lives: only do it for idempotent requests.
    pub anti_replay: bool,
    /// Server: an application context sealed into tickets and shown to the callback on
    /// resumption (at most 64 bytes).
    pub context: &'a [u8],
}

impl EarlyDataSettings<'_> {
    /// 0-RTT off, 16384 bytes read or skipped, anti-replay on, no store, no callback.
    pub const DEFAULT: EarlyDataSettings<'static> = EarlyDataSettings {
        max_early_data: 0,
        recv_max_early_data: 16_384,
        callback: None,
        replay_store: None,
        anti_replay: true,
        context: &[],
    };

    /// The skip/read limit: `recv_max_early_data`, never below `max_early_data`.
    #[must_use]
    pub fn recv_limit(&self) -> u32 {
        self.recv_max_early_data.max(self.max_early_data)
    }
}

impl<'a, P: CryptoProvider> Config<'a, P> {
    /// A config with the default policy, full verification against `trust_anchors`, no ALPN,
    /// no identity, no client authentication, middlebox compatibility on, no PSKs, no
    /// tickets, no early data, no supported_groups in EncryptedExtensions (see [`PskSettings::DEFAULT`], [`TicketSettings::DEFAULT`],
    /// [`EarlyDataSettings::DEFAULT`]).
    #[cfg(feature = "certificates")]
    #[must_use]
    pub const fn new(provider: &'a P, trust_anchors: &'a [&'a [u8]]) -> Self {
        Self {
            trust_anchors,
            ..Self::new_psk(provider, &[])
        }
    }

    /// A config that authenticates with external PSKs only: `psks` in [`PskMode::External`],
    /// and no trust anchors; otherwise as `Config::new` (which exists only with the
    /// `certificates` feature; this works with and without it). No server name is needed.
    ///
    /// Without `certificates`, this is the only kind of config there is: the client sends no
    /// signature_algorithms (RFC 8446 §4.2.3: only a client that wants certificate
    /// authentication does) and ends a handshake in which the server accepts none of its PSKs
    /// with `handshake_failure`. With it, the client still sends signature_algorithms and
    /// such a handshake fails at the server's Certificate: `unknown_ca` (no anchors) with a
    /// server name, `internal_error` ([`crate::Error::InvalidConfig`]) without one.
    #[must_use]
    pub const fn new_psk(provider: &'a P, psks: &'a [ExternalPsk<'a>]) -> Self {
        Self {
            provider,
            policy: &SecurityPolicy::DEFAULT_TLS13,
            alpn: &[],
            #[cfg(feature = "certificates")]
            trust_anchors: &[],
            #[cfg(feature = "certificates")]
            verification: Verification::Full,
            #[cfg(feature = "certificates")]
            identity: None,
            #[cfg(feature = "certificates")]
            client_auth: ClientAuth::None,
            middlebox_compat: true,
            psk: PskSettings {
                mode: if psks.is_empty() {
                    PskMode::Resumption
                } else {
                    PskMode::External
                },
                external: psks,
                ..PskSettings::DEFAULT
            },
            tickets: TicketSettings::DEFAULT,
            early_data: EarlyDataSettings::DEFAULT,
            records: RecordSettings::DEFAULT,
            send_supported_groups: false,
        }
    }

    /// Whether a client handshake needs the server's name: only to check a certificate
    /// against it ([`Verification::Full`] with trust anchors to verify a chain with).
    #[must_use]
    pub const fn needs_server_name(&self) -> bool {
        #[cfg(feature = "certificates")]
        if matches!(self.verification, Verification::Full) && !self.trust_anchors.is_empty() {
            return true;
        }
        false
    }
}
