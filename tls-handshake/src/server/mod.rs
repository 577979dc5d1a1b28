//! The TLS 1.3 server handshake (RFC 8446 §2, §4): one type per state, advanced by value.
//!
//! ```text
//!  ExpectClientHello ─(no usable share: HelloRetryRequest)─► ExpectRetriedClientHello
//!         │ ClientHello: ServerHello, EncryptedExtensions, [CertificateRequest],   │
//!         │ Certificate, CertificateVerify, Finished                                │
//!         ▼                                                                         │
//!  [ExpectClientCertificate ─► ExpectClientCertificateVerify] ◄────────────────────┘
//!         │
//!         ▼
//!  ExpectClientFinished ─(FinishedVerified)─► Connected
//! ```
//!
//! The server answers a ClientHello with its whole flight in one call, and installs its
//! application write keys right after its Finished (RFC 8446 §2: it may send data then).
//! Pairings of state and message other than those above are `unexpected_message`, decided in
//! one `match` in [`ServerHandshake::handle`].

mod psk;
mod states;
mod tickets;

use crate::config::Config;
use crate::connected::Connected;
use crate::negotiate::{alpn_names, signer_scheme};
use crate::negotiated::Negotiated;
use crate::output::{Env, Output};
use crate::{Error, Result};
pub use psk::{EARLY_DATA_AGE_TOLERANCE_MS, EXTERNAL_PSK_REPLAY_WINDOW_MS};
use states::{
    ExpectClientCertificate, ExpectClientCertificateVerify, ExpectClientFinished,
    ExpectEndOfEarlyData, ExpectRetriedClientHello, PendingFlight,
};
use tls_codec::extensions::KeyShareEntry;
use tls_codec::{Codec, HandshakeMessage, RawHandshake};
use tls_crypto::CryptoProvider;
use tls_psk::{EarlyDataStatus, ExternalPsk, PskMode};

/// The server side of one handshake.
pub struct ServerHandshake<'c, P: CryptoProvider> {
    config: &'c Config<'c, P>,
    state: State<P>,
    info: Negotiated,
    /// Middlebox compatibility: the one dummy change_cipher_spec was sent (RFC 8446 §D.4).
    ccs_sent: bool,
    /// The external PSKs accepted in [`PskMode::External`] (the config's unless overridden).
    psks: &'c [ExternalPsk<'c>],
    /// Resumption or external PSKs (the config's unless overridden).
    psk_mode: PskMode,
    /// When the full handshake behind this connection's keys happened (protocol clock): now
    /// for a full handshake, the ticket's for a resumed one (keying-material lifetime).
    auth_ms: Option<u64>,
    /// Tickets still to send.
    pending_tickets: u16,
    /// Our record_size_limit (RFC 8449), set by the connection from its receive buffer;
    /// `None`: a client's record_size_limit is ignored.
    record_size_limit: Option<u16>,
    /// What the (last) ClientHello asked: max_fragment_length (RFC 6066 §4) and
    /// record_size_limit (RFC 8449 §4).
    offered_records: (Option<tls_codec::enums::MaxFragmentLength>, Option<u16>),
}

#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into: the state is as large as its largest variant, the one \
              holding the peer's public key (up to RSA-4096) until CertificateVerify"
)]
enum State<P: CryptoProvider> {
    ClientHello,
    RetriedClientHello(ExpectRetriedClientHello<P>),
    /// The early-data callback said `Later`: the flight waits for
    /// [`ServerHandshake::decide_early_data`].
    EarlyDataDecision(PendingFlight<P>),
    EndOfEarlyData(ExpectEndOfEarlyData<P>),
    ClientCertificate(ExpectClientCertificate<P>),
    ClientCertificateVerify(ExpectClientCertificateVerify<P>),
    ClientFinished(ExpectClientFinished<P>),
    Connected(Connected),
    Failed,
}

impl<'c, P: CryptoProvider> ServerHandshake<'c, P> {
    /// A server handshake for `config`, waiting for a ClientHello.
    ///
    /// A server without an identity can only do external-PSK handshakes (a config with
    /// external PSKs or a selector): a client without a usable PSK gets
    /// `handshake_failure`.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] without an identity (and no external PSKs), with an empty
    /// chain, with a signer whose algorithm TLS 1.3 cannot use in CertificateVerify
    /// (RSASSA-PKCS1-v1_5), or with an ALPN list the codec cannot carry.
    pub fn new(config: &'c Config<'c, P>) -> Result<Self> {
        match config.identity {
            Some(id) => {
                if id.chain.is_empty() || signer_scheme(id.signer.algorithm()).is_none() {
                    return Err(Error::InvalidConfig);
                }
            }
            None if !config.psk.external.is_empty() || config.psk.selector.is_some() => {}
            None => return Err(Error::InvalidConfig),
        }
        alpn_names(config.alpn)?;
        Ok(Self {
            config,
            state: State::ClientHello,
            info: Negotiated::default(),
            ccs_sent: false,
            psks: config.psk.external,
            psk_mode: config.psk.mode,
            auth_ms: None,
            pending_tickets: 0,
            record_size_limit: None,
            offered_records: (None, None),
        })
    }

    /// Replaces the config's external PSKs for this connection (s2n-tls's
    /// `s2n_connection_append_psk`), in preference order.
    pub fn set_external_psks(&mut self, psks: &'c [ExternalPsk<'c>]) {
        self.psks = psks;
    }

    /// Our record_size_limit (RFC 8449 §4): the largest TLSInnerPlaintext our receive buffer
    /// holds, answered in EncryptedExtensions to a client that sent the extension; `None`
    /// ignores the client's. Clamped to `64 ..= 2^14 + 1`.
    pub fn set_record_size_limit(&mut self, limit: Option<u16>) {
        self.record_size_limit = limit.map(|l| {
            l.clamp(
                tls_codec::extensions::MIN_RECORD_SIZE_LIMIT,
                crate::records::MAX_INNER_LEN,
            )
        });
    }

    /// Replaces the config's PSK mode for this connection (`s2n_connection_set_psk_mode`).
    /// In [`PskMode::External`] no tickets are issued or accepted.
    pub fn set_psk_mode(&mut self, mode: PskMode) {
        self.psk_mode = mode;
    }

    /// What became of 0-RTT data (final once the handshake is complete).
    #[must_use]
    pub fn early_data_status(&self) -> EarlyDataStatus {
        self.info.early_data
    }

    /// Whether the client resumed with a ticket.
    #[must_use]
    pub fn resumed(&self) -> bool {
        self.info.resumed
    }

    /// Whether the handshake waits for [`ServerHandshake::decide_early_data`] (the
    /// early-data callback answered `Later`): the connection reports it is blocked on
    /// application input.
    #[must_use]
    pub fn awaiting_early_data_decision(&self) -> bool {
        matches!(self.state, State::EarlyDataDecision(_))
    }

    /// The application's late answer on 0-RTT (s2n-tls's `s2n_offered_early_data_accept` /
    /// `_reject`): writes the server flight that was waiting.
    ///
    /// # Errors
    /// [`Error::InvalidState`] unless [`ServerHandshake::awaiting_early_data_decision`];
    /// as [`ServerHandshake::handle`].
    pub fn decide_early_data(
        &mut self,
        accept: bool,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        if !self.awaiting_early_data_decision() {
            return Err(Error::InvalidState);
        }
        states::server_flight(self, accept, out, env)
    }

    /// Queues `n` more NewSessionTickets (s2n-tls's `s2n_connection_add_new_tickets_to_send`):
    /// sent by [`ServerHandshake::flush_tickets`], or at completion if the handshake is not
    /// complete yet.
    pub fn send_tickets(&mut self, n: u16) {
        self.pending_tickets = self.pending_tickets.saturating_add(n);
    }

    /// Sends the queued tickets, if the handshake is complete (RFC 8446 §4.6.1). None are
    /// sent without ticket keys in their encrypt window, in external-PSK mode, or once the
    /// keying-material lifetime is used up.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`]; provider and RNG errors.
    pub fn flush_tickets(&mut self, out: &mut dyn Output, env: &mut Env<'_>) -> Result<()> {
        let State::Connected(c) = &mut self.state else {
            return Ok(());
        };
        while self.pending_tickets > 0 {
            self.pending_tickets = self.pending_tickets.saturating_sub(1);
            let sent = self.psk_mode == PskMode::Resumption
                && tickets::send_ticket(self.config, &self.info, self.auth_ms, c, out, env)?;
            if !sent {
                self.pending_tickets = 0;
            }
        }
        Ok(())
    }

    /// Does nothing: a server waits for the ClientHello. Present so both roles drive alike.
    ///
    /// # Errors
    /// None.
    pub fn start(&mut self, _out: &mut dyn Output, _env: &mut Env<'_>) -> Result<()> {
        Ok(())
    }

    /// Handles one whole handshake message (4-byte header included), as received.
    ///
    /// # Errors
    /// Any protocol error, with its alert in [`Error::alert`]; the handshake is failed after
    /// it.
    pub fn handle(
        &mut self,
        message: &[u8],
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        if matches!(self.state, State::Failed) {
            return Err(Error::InvalidState);
        }
        match self.dispatch(message, out, env) {
            // The client's Finished: the tickets go out (an error there leaves the handshake
            // complete).
            Ok(true) => self.flush_tickets(out, env),
            Ok(false) => Ok(()),
            Err(e) => {
                // Drops (and so wipes) whatever the failed step left.
                self.state = State::Failed;
                Err(e)
            }
        }
    }

    /// Pairs the state with the decoded message; each transition is its own function (not
    /// inlined here), so the handshake's stack is the deepest one transition, not the sum of
    /// all of them in one frame. `true`: the handshake just completed.
    fn dispatch(
        &mut self,
        message: &[u8],
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<bool> {
        let raw = RawHandshake::parse_exact(message)?;
        let msg = HandshakeMessage::from_client(raw)?;
        let bytes = raw.bytes;
        let done = match (&self.state, &msg) {
            (
                State::ClientHello | State::RetriedClientHello(_),
                HandshakeMessage::ClientHello(m),
            ) => self.on_client_hello(m, bytes, out, env),
            (State::ClientCertificate(_), HandshakeMessage::Certificate(m)) => {
                self.on_certificate(m, bytes, env)
            }
            (State::ClientCertificateVerify(_), HandshakeMessage::CertificateVerify(m)) => {
                self.on_certificate_verify(m, bytes)
            }
            (State::EndOfEarlyData(_), HandshakeMessage::EndOfEarlyData(_)) => {
                self.on_end_of_early_data(bytes, out)
            }
            (State::ClientFinished(_), HandshakeMessage::Finished(m)) => {
                return self.on_finished(m, bytes, out, env).map(|()| true);
            }
            (State::Connected(_), m) => self.on_post_handshake(m, out),
            _ => Err(Error::UnexpectedMessage),
        };
        done.map(|()| false)
    }

    /// Whether the handshake is complete (the client's Finished verified).
    #[must_use]
    pub fn is_complete(&self) -> bool {
        matches!(self.state, State::Connected(_))
    }

    /// What was negotiated so far.
    #[must_use]
    pub fn info(&self) -> &Negotiated {
        &self.info
    }

    /// After completion: sends a KeyUpdate (RFC 8446 §4.6.3) and switches our write keys.
    /// `request_peer` asks the client to update its keys too.
    ///
    /// # Errors
    /// [`Error::InvalidState`] before completion; [`Error::BufferTooSmall`]; provider errors.
    pub fn send_key_update(&mut self, request_peer: bool, out: &mut dyn Output) -> Result<()> {
        match &mut self.state {
            State::Connected(c) => c.send_key_update(self.config.provider, request_peer, out),
            _ => Err(Error::InvalidState),
        }
    }
}

/// The transitions, one non-inlined function each. Each takes its state out of `self.state`
/// (leaving `Failed`, so an error leaves the handshake failed) and puts the next one in.
impl<P: CryptoProvider> ServerHandshake<'_, P> {
    #[inline(never)]
    fn on_client_hello(
        &mut self,
        m: &tls_codec::ClientHello<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        // Siblings: the ClientHello's processing leaves the flight to write in the state, the
        // key exchange answers the client's share there, then the flight is written from there
        // (and enters the next state itself), so no frame of one step and no `PendingFlight`
        // moved between them is under another's (the CertificateVerify signature and the key
        // exchange are the server's deepest calls).
        let (share, flight) = self.client_hello_step(m, bytes, out, env)?;
        if let Some(share) = share {
            states::answer_share(self, &share, env)?;
        }
        if let Some(accept) = flight {
            states::server_flight(self, accept, out, env)?;
        }
        Ok(())
    }

    /// Processes a ClientHello into the next state: the client's key share to answer, and
    /// `Some(accept_early)` when the flight is to be written now (it waits in
    /// [`State::EarlyDataDecision`] until then).
    #[inline(never)]
    fn client_hello_step<'m>(
        &mut self,
        m: &tls_codec::ClientHello<'m>,
        bytes: &[u8],
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<(Option<KeyShareEntry<'m>>, Option<bool>)> {
        let retried = self.take_retried()?;
        Ok(
            match states::client_hello(self, m, bytes, retried, out, env)? {
                states::AfterClientHello::Retry(r) => {
                    self.put_retried(r);
                    (None, None)
                }
                states::AfterClientHello::Decision(pending, share) => {
                    self.put_decision(pending);
                    (share, None)
                }
                states::AfterClientHello::Flight(pending, share, accept) => {
                    self.put_decision(pending);
                    (share, Some(accept))
                }
            },
        )
    }

    /// The flight waiting in [`State::EarlyDataDecision`] (leaving `Failed`).
    #[inline(never)]
    fn take_pending(&mut self) -> Option<PendingFlight<P>> {
        match core::mem::replace(&mut self.state, State::Failed) {
            State::EarlyDataDecision(p) => Some(p),
            _ => None,
        }
    }

    /// The state a ClientHello is read in: `None` for the first, the HelloRetryRequest's
    /// for the second (leaving `Failed`).
    #[inline(never)]
    fn take_retried(&mut self) -> Result<Option<ExpectRetriedClientHello<P>>> {
        match core::mem::replace(&mut self.state, State::Failed) {
            State::ClientHello => Ok(None),
            State::RetriedClientHello(s) => Ok(Some(s)),
            _ => Err(Error::InvalidState),
        }
    }

    #[inline(never)]
    fn put_retried(&mut self, next: ExpectRetriedClientHello<P>) {
        self.state = State::RetriedClientHello(next);
    }

    #[inline(never)]
    fn put_decision(&mut self, next: PendingFlight<P>) {
        self.state = State::EarlyDataDecision(next);
    }

    #[inline(never)]
    fn on_certificate(
        &mut self,
        m: &tls_codec::Certificate<'_>,
        bytes: &[u8],
        env: &mut Env<'_>,
    ) -> Result<()> {
        let State::ClientCertificate(s) = core::mem::replace(&mut self.state, State::Failed) else {
            return Err(Error::InvalidState);
        };
        self.state = s.certificate(self, m, bytes, env)?;
        Ok(())
    }

    #[inline(never)]
    fn on_certificate_verify(
        &mut self,
        m: &tls_codec::CertificateVerify<'_>,
        bytes: &[u8],
    ) -> Result<()> {
        let State::ClientCertificateVerify(s) = core::mem::replace(&mut self.state, State::Failed)
        else {
            return Err(Error::InvalidState);
        };
        self.state = State::ClientFinished(s.certificate_verify(self, m, bytes)?);
        Ok(())
    }

    #[inline(never)]
    fn on_end_of_early_data(&mut self, bytes: &[u8], out: &mut dyn Output) -> Result<()> {
        let State::EndOfEarlyData(s) = core::mem::replace(&mut self.state, State::Failed) else {
            return Err(Error::InvalidState);
        };
        self.state = State::ClientFinished(s.end_of_early_data(self, bytes, out)?);
        Ok(())
    }

    /// The client's Finished; the caller then sends the tickets.
    #[inline(never)]
    fn on_finished(
        &mut self,
        m: &tls_codec::Finished<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
        env: &Env<'_>,
    ) -> Result<()> {
        let State::ClientFinished(s) = core::mem::replace(&mut self.state, State::Failed) else {
            return Err(Error::InvalidState);
        };
        let c = s.finished(self, m, bytes, out)?;
        if self.auth_ms.is_none() {
            self.auth_ms = Some(env.now_ms);
        }
        self.state = State::Connected(c);
        self.pending_tickets = self
            .pending_tickets
            .saturating_add(u16::from(self.config.tickets.initial_count));
        Ok(())
    }

    #[inline(never)]
    fn on_post_handshake(&mut self, m: &HandshakeMessage<'_>, out: &mut dyn Output) -> Result<()> {
        let provider = self.config.provider;
        let State::Connected(c) = &mut self.state else {
            return Err(Error::InvalidState);
        };
        c.handle(provider, m, out)
    }
}

impl<P: CryptoProvider> core::fmt::Debug for ServerHandshake<'_, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match self.state {
            State::ClientHello => "ExpectClientHello",
            State::RetriedClientHello(_) => "ExpectRetriedClientHello",
            State::EarlyDataDecision(_) => "AwaitEarlyDataDecision",
            State::EndOfEarlyData(_) => "ExpectEndOfEarlyData",
            State::ClientCertificate(_) => "ExpectClientCertificate",
            State::ClientCertificateVerify(_) => "ExpectClientCertificateVerify",
            State::ClientFinished(_) => "ExpectClientFinished",
            State::Connected(_) => "Connected",
            State::Failed => "Failed",
        };
        f.debug_struct("ServerHandshake")
            .field("state", &state)
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}
