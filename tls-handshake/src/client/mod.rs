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
//!
//! # Stack
//! Each transition is a function of its own, not inlined into `handle`, so the handshake's
//! peak stack is that of its deepest transition rather than the sum of all of them in one
//! frame. Within a transition, the expensive work (the server's chain and signature, the key
//! exchange, the key schedule) runs before or beside the move of the state, with the state
//! read in place; states move out of and into [`State`] through small non-inlined helpers, so
//! no `State`-sized temporary sits in a transition's frame. The context the states update
//! (`Context`) is apart from the state, so both can be borrowed at once. `cargo xtask frames`
//! lists the frames of the firmware images.

mod states;

#[cfg(feature = "certificates")]
use crate::auth::PeerIdentity;
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
use tls_psk::{EarlyDataStatus, ExternalPsk, PskMode, Session, SessionRef};

/// The client side of one handshake.
pub struct ClientHandshake<'c, P: CryptoProvider> {
    state: State<'c, P>,
    cx: Context<'c, P>,
}

/// What the states read and update besides themselves. Apart from [`State`], so a transition
/// can borrow its state in place (`&mut self.state`) and the context (`&mut self.cx`) at once.
struct Context<'c, P: CryptoProvider> {
    config: &'c Config<'c, P>,
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
    /// The session lent by [`ClientHandshake::set_session`], until start.
    session: Option<&'c Session>,
}

#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into: the state is as large as its largest variant, the one \
              holding the peer's public key (up to RSA-4096) until CertificateVerify"
)]
enum State<'c, P: CryptoProvider> {
    /// Not started.
    Start,
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
            state: State::Start,
            cx: Context {
                config,
                info,
                ccs_sent: false,
                psks: config.psk.external,
                psk_mode: config.psk.mode,
                want_early_data: false,
                early_max: 0,
                record_size_limit: None,
                session: None,
            },
        })
    }

    /// Resumes `session` (s2n-tls's `s2n_connection_set_session`): its ticket is offered in
    /// [`PskMode::Resumption`]. The session is lent until [`ClientHandshake::start`] (the
    /// handshake keeps no session-sized copy); [`ClientHandshake::start_with_session`] lends
    /// it for the start call only.
    ///
    /// # Errors
    /// [`Error::InvalidState`] after start.
    pub fn set_session(&mut self, session: &'c Session) -> Result<()> {
        match self.state {
            State::Start => {
                self.cx.session = Some(session);
                Ok(())
            }
            _ => Err(Error::InvalidState),
        }
    }

    /// Replaces the config's external PSKs for this connection (s2n-tls's
    /// `s2n_connection_append_psk`), in preference order.
    pub fn set_external_psks(&mut self, psks: &'c [ExternalPsk<'c>]) {
        self.cx.psks = psks;
    }

    /// Replaces the config's PSK mode for this connection (`s2n_connection_set_psk_mode`).
    pub fn set_psk_mode(&mut self, mode: PskMode) {
        self.cx.psk_mode = mode;
    }

    /// The record_size_limit to offer in the ClientHello (RFC 8449 §4), or `None` for none:
    /// the largest TLSInnerPlaintext our receive buffer holds. Values are clamped to
    /// `64 ..= 2^14 + 1`. Call before [`ClientHandshake::start`].
    pub fn set_record_size_limit(&mut self, limit: Option<u16>) {
        self.cx.record_size_limit = limit.map(|l| {
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
        self.cx.want_early_data = want;
    }

    /// Writes the ClientHello (RFC 8446 §4.1.2), offering the session set with
    /// [`ClientHandshake::set_session`] or the external PSKs, per the PSK mode.
    ///
    /// # Errors
    /// [`Error::InvalidState`] if already started; [`Error::BufferTooSmall`] if the handshake
    /// space cannot hold it; provider and RNG errors.
    #[inline(never)]
    pub fn start(&mut self, out: &mut dyn Output, env: &mut Env<'_>) -> Result<()> {
        if !matches!(self.state, State::Start) {
            return Err(Error::InvalidState);
        }
        self.state = State::Failed;
        match self.cx.session.take() {
            Some(session) => self.start_lent(session, out, env),
            None => self.start_from(None, out, env),
        }
    }

    /// [`ClientHandshake::start`] with the session lent by `set_session` (its view in this
    /// frame only, not in `start`'s).
    #[inline(never)]
    fn start_lent(
        &mut self,
        session: &Session,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        self.start_from(Some(&session.view()), out, env)
    }

    /// Sends ClientHello1 and enters [`State::ServerHello`].
    #[inline(never)]
    fn start_from(
        &mut self,
        session: Option<&SessionRef<'_>>,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        // Three siblings: what to offer, the key share, the ClientHello (see
        // `ExpectServerHello::plan`).
        let plan = ExpectServerHello::plan(&self.cx, session, env)?;
        let kx = if plan.needs_share() {
            Some(ExpectServerHello::key_share(&self.cx, env)?)
        } else {
            None
        };
        let next = ExpectServerHello::send_hello(&mut self.cx, plan, kx, out)?;
        self.put_server_hello(next);
        Ok(())
    }

    /// [`ClientHandshake::set_early_data`] then [`ClientHandshake::start`]. On return,
    /// [`ClientHandshake::early_data_offered`] says how much early data may be written
    /// (under the [`crate::KeyLevel::EarlyData`] keys just installed).
    ///
    /// # Errors
    /// As [`ClientHandshake::start`].
    pub fn start_with_early_data(&mut self, out: &mut dyn Output, env: &mut Env<'_>) -> Result<()> {
        self.cx.want_early_data = true;
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
        self.start_with_session_ref(session.view(), out, env)
    }

    /// [`ClientHandshake::start_with_session`] with the session borrowed, e.g. straight from
    /// its stored bytes ([`SessionRef::decode`]): no session-sized value on the stack.
    ///
    /// # Errors
    /// As [`ClientHandshake::start`].
    pub fn start_with_session_ref(
        &mut self,
        session: SessionRef<'_>,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        if !matches!(self.state, State::Start) {
            return Err(Error::InvalidState);
        }
        self.state = State::Failed;
        // A session lent by `set_session` is replaced by the one lent here.
        self.cx.session = None;
        self.start_from(Some(&session), out, env)
    }

    /// The most 0-RTT data the application may still send (the ticket's or PSK's
    /// `max_early_data`): 0 if 0-RTT was not offered, or once it was rejected.
    #[must_use]
    pub fn early_data_offered(&self) -> u32 {
        self.cx.early_max
    }

    /// What became of 0-RTT data: `Rejected` from the offer until the server accepts
    /// (final once the handshake is complete).
    #[must_use]
    pub fn early_data_status(&self) -> EarlyDataStatus {
        self.cx.info.early_data
    }

    /// Whether the server accepted our ticket (RFC 8446 §2.2).
    #[must_use]
    pub fn resumed(&self) -> bool {
        self.cx.info.resumed
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
        let result = self.dispatch(message, out, env);
        if result.is_err() {
            // Drops (and so wipes) whatever the failed step left.
            self.state = State::Failed;
        }
        result
    }

    /// Pairs the state with the decoded message; each transition is its own function (not
    /// inlined here), so the handshake's stack is the deepest one transition, not the sum of
    /// all of them in one frame.
    fn dispatch(&mut self, message: &[u8], out: &mut dyn Output, env: &mut Env<'_>) -> Result<()> {
        let raw = RawHandshake::parse_exact(message)?;
        let msg = HandshakeMessage::from_server(raw)?;
        let bytes = raw.bytes;
        match (&self.state, &msg) {
            (State::ServerHello(_), HandshakeMessage::ServerHello(m)) => {
                self.on_server_hello(m, bytes, out)
            }
            (State::ServerHello(_), HandshakeMessage::HelloRetryRequest(m)) => {
                self.on_hello_retry_request(m, bytes, out, env)
            }
            (State::EncryptedExtensions(_), HandshakeMessage::EncryptedExtensions(m)) => {
                self.on_encrypted_extensions(m, bytes, out)
            }
            #[cfg(feature = "certificates")]
            (State::CertificateOrRequest(_), HandshakeMessage::CertificateRequest(m)) => {
                self.on_certificate_request(m, bytes)
            }
            #[cfg(feature = "certificates")]
            (
                State::CertificateOrRequest(_) | State::Certificate(_),
                HandshakeMessage::Certificate(m),
            ) => self.on_certificate(m, bytes, env),
            #[cfg(feature = "certificates")]
            (State::CertificateVerify(_), HandshakeMessage::CertificateVerify(m)) => {
                self.on_certificate_verify(m, bytes)
            }
            (State::Finished(_), HandshakeMessage::Finished(m)) => self.on_finished(m, bytes, out),
            (State::Connected(_), HandshakeMessage::NewSessionTicket(t)) => {
                self.on_new_session_ticket(t, out, env)
            }
            (State::Connected(_), m) => self.on_post_handshake(m, out),
            _ => Err(Error::UnexpectedMessage),
        }
    }

    /// Whether the handshake is complete (application data may flow both ways).
    #[must_use]
    pub fn is_complete(&self) -> bool {
        matches!(self.state, State::Connected(_))
    }

    /// What was negotiated so far.
    #[must_use]
    pub fn info(&self) -> &Negotiated {
        &self.cx.info
    }

    /// After completion: sends a KeyUpdate (RFC 8446 §4.6.3) and switches our write keys.
    /// `request_peer` asks the server to update its keys too.
    ///
    /// # Errors
    /// [`Error::InvalidState`] before completion; [`Error::BufferTooSmall`]; provider errors.
    pub fn send_key_update(&mut self, request_peer: bool, out: &mut dyn Output) -> Result<()> {
        match &mut self.state {
            State::Connected(c) => c.send_key_update(self.cx.config.provider, request_peer, out),
            _ => Err(Error::InvalidState),
        }
    }
}

impl<P: CryptoProvider> ClientHandshake<'_, P> {
    /// RFC 8446 §4.6.1: a ticket; reported with a ready-to-store [`Session`] when the output
    /// wants one ([`Output::wants_sessions`]).
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
        if out.wants_sessions() {
            return self.new_session_ticket_with_session(c, t, out, env);
        }
        out.event(Event::NewSessionTicket {
            lifetime: t.ticket_lifetime,
            age_add: t.ticket_age_add,
            nonce: t.ticket_nonce,
            ticket: t.ticket,
            max_early_data: t.extensions.early_data.unwrap_or(0),
            session: None,
        });
        Ok(())
    }

    /// The ticket's event with its [`Session`] (built in place in this call's frames only).
    #[inline(never)]
    fn new_session_ticket_with_session(
        &self,
        c: &Connected,
        t: &NewSessionTicket<'_>,
        out: &mut dyn Output,
        env: &Env<'_>,
    ) -> Result<()> {
        let max_early_data = t.extensions.early_data.unwrap_or(0);
        c.with_session(
            self.cx.config.provider,
            t,
            env.now_ms,
            &self.cx.info,
            |session| {
                out.event(Event::NewSessionTicket {
                    lifetime: t.ticket_lifetime,
                    age_add: t.ticket_age_add,
                    nonce: t.ticket_nonce,
                    ticket: t.ticket,
                    max_early_data,
                    session,
                });
            },
        )
    }
}

/// Moves a state's payload out of [`State`] (leaving `Failed`) and a next state in, each in a
/// small function of its own: only the payload, never a whole [`State`] (as large as its
/// largest variant, a stored session), sits in the frames of the transitions.
macro_rules! state_moves {
    ($($take:ident, $put:ident, $variant:ident, $ty:ty;)*) => {
        impl<'c, P: CryptoProvider> ClientHandshake<'c, P> {
            $(
                #[inline(never)]
                fn $take(&mut self) -> Option<$ty> {
                    match core::mem::replace(&mut self.state, State::Failed) {
                        State::$variant(s) => Some(s),
                        _ => None,
                    }
                }

                #[inline(never)]
                fn $put(&mut self, next: $ty) {
                    self.state = State::$variant(next);
                }
            )*
        }
    };
}

state_moves! {
    take_server_hello, put_server_hello, ServerHello, ExpectServerHello<P>;
    take_encrypted_extensions, put_encrypted_extensions, EncryptedExtensions,
        ExpectEncryptedExtensions<'c, P>;
}

// The certificate states' moves.
#[cfg(feature = "certificates")]
state_moves! {
    take_certificate_or_request, put_certificate_or_request, CertificateOrRequest,
        ExpectCertificateOrRequest<'c, P>;
    take_certificate, put_certificate, Certificate, ExpectCertificate<'c, P>;
    take_certificate_verify, put_certificate_verify, CertificateVerify,
        ExpectCertificateVerify<'c, P>;
}

impl<'c, P: CryptoProvider> ClientHandshake<'c, P> {
    #[inline(never)]
    fn put_finished(&mut self, next: ExpectFinished<'c, P>) {
        self.state = State::Finished(next);
    }

    #[inline(never)]
    fn put_connected(&mut self, next: Connected) {
        self.state = State::Connected(next);
    }
}

/// The transitions, one function each. Each takes its state out of `self.state` (leaving
/// `Failed`, so an error leaves the handshake failed) and puts the next one in.
impl<'c, P: CryptoProvider> ClientHandshake<'c, P> {
    #[inline(never)]
    fn on_server_hello(
        &mut self,
        m: &tls_codec::ServerHello<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<()> {
        // Checks and the key exchange first, in place; then the secrets. Siblings, so their
        // frames do not add up.
        let agreed = self.server_hello_agree(m)?;
        self.server_hello_keys(agreed, bytes, out)
    }

    #[inline(never)]
    fn server_hello_agree(
        &mut self,
        m: &tls_codec::ServerHello<'_>,
    ) -> Result<states::HelloAgreed> {
        let State::ServerHello(s) = &mut self.state else {
            return Err(Error::InvalidState);
        };
        s.server_hello_agree(&mut self.cx, m)
    }

    /// The move to [`State::EncryptedExtensions`]: the handshake secrets.
    #[inline(never)]
    fn server_hello_keys(
        &mut self,
        agreed: states::HelloAgreed,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<()> {
        // In place: only the next state is built on the stack.
        let State::ServerHello(s) = &self.state else {
            return Err(Error::InvalidState);
        };
        let next = s.server_hello_keys(&mut self.cx, agreed, bytes, out)?;
        self.put_encrypted_extensions(next);
        Ok(())
    }

    #[inline(never)]
    fn on_hello_retry_request(
        &mut self,
        m: &tls_codec::HelloRetryRequest<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        // Checks in place, the new key share, then ClientHello2: siblings.
        let State::ServerHello(s) = &self.state else {
            return Err(Error::InvalidState);
        };
        let (suite, group) = s.hello_retry_check(&self.cx, m)?;
        let new_kx = match group {
            Some(g) => Some(ExpectServerHello::retry_share(&self.cx, g, env)?),
            None => None,
        };
        self.hello_retry_send(m, bytes, suite, new_kx, out)
    }

    /// The move back to [`State::ServerHello`]: ClientHello2 sent.
    #[inline(never)]
    fn hello_retry_send(
        &mut self,
        m: &tls_codec::HelloRetryRequest<'_>,
        bytes: &[u8],
        suite: crate::Suite,
        new_kx: Option<(P::KeyExchange, tls_codec::enums::NamedGroup)>,
        out: &mut dyn Output,
    ) -> Result<()> {
        let s = self.take_server_hello().ok_or(Error::InvalidState)?;
        let next = s.hello_retry_request(&mut self.cx, m, bytes, suite, new_kx, out)?;
        self.put_server_hello(next);
        Ok(())
    }

    #[inline(never)]
    fn on_encrypted_extensions(
        &mut self,
        m: &tls_codec::EncryptedExtensions<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<()> {
        let s = self
            .take_encrypted_extensions()
            .ok_or(Error::InvalidState)?;
        match s.encrypted_extensions(&mut self.cx, m, bytes, out)? {
            #[cfg(feature = "certificates")]
            AfterEncryptedExtensions::CertificateOrRequest(s) => {
                self.put_certificate_or_request(s);
            }
            AfterEncryptedExtensions::Finished(s) => self.put_finished(s),
        }
        Ok(())
    }

    #[inline(never)]
    fn on_finished(
        &mut self,
        m: &tls_codec::Finished<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<()> {
        // In place: only the connected state is built on the stack.
        let State::Finished(s) = &mut self.state else {
            return Err(Error::InvalidState);
        };
        let next = s.finished(&mut self.cx, m, bytes, out)?;
        self.put_connected(next);
        Ok(())
    }

    #[inline(never)]
    fn on_new_session_ticket(
        &mut self,
        t: &NewSessionTicket<'_>,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> Result<()> {
        let State::Connected(c) = &self.state else {
            return Err(Error::InvalidState);
        };
        self.new_session_ticket(c, t, out, env)
    }

    #[inline(never)]
    fn on_post_handshake(&mut self, m: &HandshakeMessage<'_>, out: &mut dyn Output) -> Result<()> {
        let provider = self.cx.config.provider;
        let State::Connected(c) = &mut self.state else {
            return Err(Error::InvalidState);
        };
        c.handle(provider, m, out)
    }
}

/// The certificate states' transitions (RFC 8446 §4.3.2 - §4.4.3): the server's chain and
/// signature are checked before the state moves.
#[cfg(feature = "certificates")]
impl<P: CryptoProvider> ClientHandshake<'_, P> {
    #[inline(never)]
    fn on_certificate_request(
        &mut self,
        m: &tls_codec::CertificateRequest<'_>,
        bytes: &[u8],
    ) -> Result<()> {
        let s = self
            .take_certificate_or_request()
            .ok_or(Error::InvalidState)?;
        let next = s.certificate_request(&mut self.cx, m, bytes)?;
        self.put_certificate(next);
        Ok(())
    }

    #[inline(never)]
    fn on_certificate(
        &mut self,
        m: &tls_codec::Certificate<'_>,
        bytes: &[u8],
        env: &mut Env<'_>,
    ) -> Result<()> {
        // The chain first, with no state moved yet.
        let peer = states::verify_server_certificate(&self.cx, m, env)?;
        self.certificate_verified(bytes, peer)
    }

    /// The move to [`State::CertificateVerify`] once the server's chain checked out.
    #[inline(never)]
    fn certificate_verified(&mut self, bytes: &[u8], peer: PeerIdentity) -> Result<()> {
        let next = if matches!(self.state, State::CertificateOrRequest(_)) {
            let s = self
                .take_certificate_or_request()
                .ok_or(Error::InvalidState)?;
            s.certificate(&mut self.cx, bytes, peer)
        } else {
            let s = self.take_certificate().ok_or(Error::InvalidState)?;
            s.certificate(&mut self.cx, bytes, peer)
        };
        self.put_certificate_verify(next);
        Ok(())
    }

    #[inline(never)]
    fn on_certificate_verify(
        &mut self,
        m: &tls_codec::CertificateVerify<'_>,
        bytes: &[u8],
    ) -> Result<()> {
        // The signature first, checked in place.
        let State::CertificateVerify(s) = &self.state else {
            return Err(Error::InvalidState);
        };
        let verified = s.verify(&self.cx, m)?;
        self.certificate_verify_checked(m, bytes, verified)
    }

    /// The move to [`State::Finished`] once the server's signature checked out.
    #[inline(never)]
    fn certificate_verify_checked(
        &mut self,
        m: &tls_codec::CertificateVerify<'_>,
        bytes: &[u8],
        verified: crate::CertificateVerified,
    ) -> Result<()> {
        let s = self.take_certificate_verify().ok_or(Error::InvalidState)?;
        let next = s.certificate_verify(&mut self.cx, m, bytes, verified);
        self.put_finished(next);
        Ok(())
    }
}

impl<P: CryptoProvider> core::fmt::Debug for ClientHandshake<'_, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match self.state {
            State::Start => "Start",
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
            .field("info", &self.cx.info)
            .finish_non_exhaustive()
    }
}
