//! The TLS 1.3 client handshake (RFC 8446 §2, §4): one type per state, advanced by value.
//!
//! ```text
//!  start ─► ExpectServerHello ─(HRR)─► ExpectServerHello (retried)
//!                 │ ServerHello
//!                 ▼
//!  ExpectEncryptedExtensions ─► ExpectCertificateOrRequest ─(CertificateRequest)─► ExpectCertificate
//!                                        │ Certificate                                   │
//!                                        ▼                                               │
//!                              ExpectCertificateVerify ◄─────────────────────────────────┘
//!                                        │ (CertificateVerified)
//!                                        ▼
//!                                 ExpectFinished ─(FinishedVerified; our flight)─► Connected
//! ```
//!
//! Each state holds only what is valid then; [`ClientHandshake::handle`] pairs the state with
//! the decoded message in one `match`, and every other pairing is `unexpected_message`. An
//! error leaves the handshake failed: every later call answers [`Error::InvalidState`].

mod states;

use crate::config::Config;
use crate::connected::Connected;
use crate::negotiate::alpn_names;
use crate::negotiated::{FixedBytes, Negotiated};
use crate::output::{Env, Event, Output};
use crate::{Error, Result};
pub use states::MAX_OFFERED_PSKS;
use states::{
    AfterEncryptedExtensions, ExpectEncryptedExtensions, ExpectFinished, ExpectServerHello,
};
#[cfg(feature = "certificates")]
use states::{ExpectCertificate, ExpectCertificateOrRequest, ExpectCertificateVerify};
use tls_codec::{Codec, HandshakeMessage, NewSessionTicket, RawHandshake};
use tls_crypto::CryptoProvider;
use tls_psk::{EarlyDataStatus, ExternalPsk, PskMode, Session};

/// The client side of one handshake.
pub struct ClientHandshake<'c, P: CryptoProvider> {
    config: &'c Config<'c, P>,
    state: State<'c, P>,
    info: Negotiated,
    /// Middlebox compatibility: the one dummy change_cipher_spec was sent (RFC 8446 §D.4).
    ccs_sent: bool,
    /// The external PSKs offered in [`PskMode::External`] (the config's unless overridden).
    psks: &'c [ExternalPsk<'c>],
    /// Resumption or external PSKs (the config's unless overridden).
    psk_mode: PskMode,
    /// The application wants to send 0-RTT data.
    want_early_data: bool,
    /// The most early data that may be sent: nonzero only while 0-RTT is offered and not
    /// rejected.
    early_max: u32,
    /// The record_size_limit to offer (RFC 8449), set by the connection from its receive
    /// buffer; `None` sends no extension.
    record_size_limit: Option<u16>,
}

#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into: the state is as large as its largest variant, the one \
              holding the peer's public key (up to RSA-4096) until CertificateVerify"
)]
enum State<'c, P: CryptoProvider> {
    /// Not started; holds the session given by [`ClientHandshake::set_session`].
    Start(Option<Session>),
    ServerHello(ExpectServerHello<P>),
    EncryptedExtensions(ExpectEncryptedExtensions<'c, P>),
    #[cfg(feature = "certificates")]
    CertificateOrRequest(ExpectCertificateOrRequest<'c, P>),
    #[cfg(feature = "certificates")]
    Certificate(ExpectCertificate<'c, P>),
    #[cfg(feature = "certificates")]
    CertificateVerify(ExpectCertificateVerify<'c, P>),
    Finished(ExpectFinished<'c, P>),
    Connected(Connected),
    Failed,
}

impl<'c, P: CryptoProvider> ClientHandshake<'c, P> {
    /// A client handshake for `config`.
    ///
    /// `server_name`: sent as SNI when it is a DNS name (RFC 6066 §3 forbids IP literals
    /// there) and checked against the server's certificate (DNS name or IP literal).
    ///
    /// # Errors
    /// [`Error::Certificate`] (`InvalidName`) for a name that is neither a DNS name nor an IP
    /// literal; [`Error::InvalidConfig`] for full verification without a name, or an ALPN list
    /// the codec cannot carry.
    pub fn new(config: &'c Config<'c, P>, server_name: Option<&str>) -> Result<Self> {
        let mut info = Negotiated::default();
        if let Some(name) = server_name {
            tls_cert::ServerName::parse(name)?;
            info.server_name = Some(FixedBytes::new(name.as_bytes()).ok_or(Error::InvalidConfig)?);
        } else if config.needs_server_name() {
            return Err(Error::InvalidConfig);
        }
        alpn_names(config.alpn)?;
        Ok(Self {
            config,
            state: State::Start(None),
            info,
            ccs_sent: false,
            psks: config.psk.external,
            psk_mode: config.psk.mode,
            want_early_data: false,
            early_max: 0,
            record_size_limit: None,
        })
    }

    /// Resumes `session` (s2n-tls's `s2n_connection_set_session`): its ticket is offered in
    /// [`PskMode::Resumption`]. The session is kept until [`ClientHandshake::start`] and
    /// wiped then; [`ClientHandshake::start_with_session`] lends it instead (no copy kept).
    ///
    /// # Errors
    /// [`Error::InvalidState`] after start.
    pub fn set_session(&mut self, session: Session) -> Result<()> {
        match &mut self.state {
            State::Start(s) => {
                *s = Some(session);
                Ok(())
            }
            _ => Err(Error::InvalidState),
        }
    }

    /// Replaces the config's external PSKs for this connection (s2n-tls's
    /// `s2n_connection_append_psk`), in preference order.
    pub fn set_external_psks(&mut self, psks: &'c [ExternalPsk<'c>]) {
        self.psks = psks;
    }

    /// Replaces the config's PSK mode for this connection (`s2n_connection_set_psk_mode`).
    pub fn set_psk_mode(&mut self, mode: PskMode) {
        self.psk_mode = mode;
    }

    /// The record_size_limit to offer in the ClientHello (RFC 8449 §4), or `None` for none:
    /// the largest TLSInnerPlaintext our receive buffer holds. Values are clamped to
    /// `64 ..= 2^14 + 1`. Call before [`ClientHandshake::start`].
    pub fn set_record_size_limit(&mut self, limit: Option<u16>) {
        self.record_size_limit = limit.map(|l| {
            l.clamp(
                tls_codec::extensions::MIN_RECORD_SIZE_LIMIT,
                crate::records::MAX_INNER_LEN,
            )
        });
    }

    /// Asks to offer 0-RTT (before start): it is offered when the session or first external
    /// PSK allows early data for a suite and ALPN protocol we offer. See
    /// [`ClientHandshake::early_data_offered`].
    pub fn set_early_data(&mut self, want: bool) {
        self.want_early_data = want;
    }

    /// Writes the ClientHello (RFC 8446 §4.1.2), offering the session set with
    /// [`ClientHandshake::set_session`] or the external PSKs, per the PSK mode.
    ///
    /// # Errors
    /// [`Error::InvalidState`] if already started; [`Error::BufferTooSmall`] if the handshake
    /// space cannot hold it; provider and RNG errors.
    pub fn start(&mut self, out: &mut dyn Output, env: &mut Env<'_>) -> Result<()> {
        let State::Start(session) = core::mem::replace(&mut self.state, State::Failed) else {
            return Err(Error::InvalidState);
        };
        let next = ExpectServerHello::start(self, session.as_ref(), out, env)?;
        drop(session);
        self.state = State::ServerHello(next);
        Ok(())
    }

    /// [`ClientHandshake::set_early_data`] then [`ClientHandshake::start`]. On return,
    /// [`ClientHandshake::early_data_offered`] says how much early data may be written
    /// (under the [`crate::KeyLevel::EarlyData`] keys just installed).
    ///
    /// # Errors
    /// As [`ClientHandshake::start`].
    pub fn start_with_early_data(&mut self, out: &mut dyn Output, env: &mut Env<'_>) -> Result<()> {
        self.want_early_data = true;
        self.start(out, env)
    }

    /// [`ClientHandshake::start`] resuming `session`, lent for this call only: the ticket
    /// (up to 1 KiB) is needed only to write the ClientHello, so the handshake keeps no copy.
    /// After a HelloRetryRequest the ticket is therefore not offered again (RFC 8446 §4.1.2
    /// lets ClientHello2 drop PSKs; the handshake goes on without resumption).
    ///
    /// # Errors
    /// As [`ClientHandshake::start`].
    pub fn start_with_session(
        &mut self,
        session: &Session,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        if !matches!(self.state, State::Start(_)) {
            return Err(Error::InvalidState);
        }
        self.state = State::Failed;
        let next = ExpectServerHello::start(self, Some(session), out, env)?;
        self.state = State::ServerHello(next);
        Ok(())
    }

    /// The most 0-RTT data the application may still send (the ticket's or PSK's
    /// `max_early_data`): 0 if 0-RTT was not offered, or once it was rejected.
    #[must_use]
    pub fn early_data_offered(&self) -> u32 {
        self.early_max
    }

    /// What became of 0-RTT data: `Rejected` from the offer until the server accepts
    /// (final once the handshake is complete).
    #[must_use]
    pub fn early_data_status(&self) -> EarlyDataStatus {
        self.info.early_data
    }

    /// Whether the server accepted our ticket (RFC 8446 §2.2).
    #[must_use]
    pub fn resumed(&self) -> bool {
        self.info.resumed
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
        let state = core::mem::replace(&mut self.state, State::Failed);
        if matches!(state, State::Failed) {
            return Err(Error::InvalidState);
        }
        let raw = RawHandshake::parse_exact(message)?;
        let msg = HandshakeMessage::from_raw(raw)?;
        let bytes = raw.bytes;
        self.state = match (state, msg) {
            (State::ServerHello(s), HandshakeMessage::ServerHello(m)) => {
                State::EncryptedExtensions(s.server_hello(self, &m, bytes, out)?)
            }
            (State::ServerHello(s), HandshakeMessage::HelloRetryRequest(m)) => {
                State::ServerHello(s.hello_retry_request(self, &m, bytes, out, env)?)
            }
            (State::EncryptedExtensions(s), HandshakeMessage::EncryptedExtensions(m)) => {
                match s.encrypted_extensions(self, &m, bytes, out)? {
                    #[cfg(feature = "certificates")]
                    AfterEncryptedExtensions::CertificateOrRequest(s) => {
                        State::CertificateOrRequest(s)
                    }
                    AfterEncryptedExtensions::Finished(s) => State::Finished(s),
                }
            }
            #[cfg(feature = "certificates")]
            (State::CertificateOrRequest(s), HandshakeMessage::CertificateRequest(m)) => {
                State::Certificate(s.certificate_request(self, &m, bytes)?)
            }
            #[cfg(feature = "certificates")]
            (State::CertificateOrRequest(s), HandshakeMessage::Certificate(m)) => {
                State::CertificateVerify(s.certificate(self, &m, bytes, env)?)
            }
            #[cfg(feature = "certificates")]
            (State::Certificate(s), HandshakeMessage::Certificate(m)) => {
                State::CertificateVerify(s.certificate(self, &m, bytes, env)?)
            }
            #[cfg(feature = "certificates")]
            (State::CertificateVerify(s), HandshakeMessage::CertificateVerify(m)) => {
                State::Finished(s.certificate_verify(self, &m, bytes)?)
            }
            (State::Finished(s), HandshakeMessage::Finished(m)) => {
                State::Connected(s.finished(self, &m, bytes, out)?)
            }
            (State::Connected(c), HandshakeMessage::NewSessionTicket(t)) => {
                self.new_session_ticket(&c, &t, out, env)?;
                State::Connected(c)
            }
            (State::Connected(mut c), m) => {
                c.handle(self.config.provider, &m, out)?;
                State::Connected(c)
            }
            _ => return Err(Error::UnexpectedMessage),
        };
        Ok(())
    }

    /// Whether the handshake is complete (application data may flow both ways).
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
    /// `request_peer` asks the server to update its keys too.
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

impl<P: CryptoProvider> ClientHandshake<'_, P> {
    /// RFC 8446 §4.6.1: a ticket; reported with a ready-to-store [`Session`].
    fn new_session_ticket(
        &self,
        c: &Connected,
        t: &NewSessionTicket<'_>,
        out: &mut dyn Output,
        env: &Env<'_>,
    ) -> Result<()> {
        // "Servers MUST NOT use any value greater than 604800 seconds (7 days)".
        if t.ticket_lifetime > tls_psk::MAX_TICKET_LIFETIME_S {
            return Err(Error::IllegalParameter);
        }
        let max_early_data = t.extensions.early_data.unwrap_or(0);
        let session = c.session(self.config.provider, t, env.now_ms, &self.info)?;
        out.event(Event::NewSessionTicket {
            lifetime: t.ticket_lifetime,
            age_add: t.ticket_age_add,
            nonce: t.ticket_nonce,
            ticket: t.ticket,
            max_early_data,
            session: session.as_ref(),
        });
        Ok(())
    }
}

impl<P: CryptoProvider> core::fmt::Debug for ClientHandshake<'_, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match self.state {
            State::Start(_) => "Start",
            State::ServerHello(_) => "ExpectServerHello",
            State::EncryptedExtensions(_) => "ExpectEncryptedExtensions",
            #[cfg(feature = "certificates")]
            State::CertificateOrRequest(_) => "ExpectCertificateOrRequest",
            #[cfg(feature = "certificates")]
            State::Certificate(_) => "ExpectCertificate",
            #[cfg(feature = "certificates")]
            State::CertificateVerify(_) => "ExpectCertificateVerify",
            State::Finished(_) => "ExpectFinished",
            State::Connected(_) => "Connected",
            State::Failed => "Failed",
        };
        f.debug_struct("ClientHandshake")
            .field("state", &state)
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}
