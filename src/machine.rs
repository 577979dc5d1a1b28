//! The seam to the handshake state machines: the connection's [`Output`] implementation
//! ([`Sink`]) and the role-erased handshake ([`Handshake`]).

use crate::config::{Role, TicketCallback};
use crate::error::{Code, Error};
use crate::rx::ReadSide;
use crate::tx::WriteSide;
use tls_crypto::CryptoProvider;
use tls_handshake::{Env, Event, KeyLevel, Negotiated, Output, RecordLimits, Suite, TrafficKeys};
use tls_record::{RecordLimit, RecordOpener, RecordSealer};

/// What the handshake reported through [`Output::event`], and key changes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Events {
    /// `Event::HandshakeComplete` was seen.
    pub(crate) complete: bool,
    /// NewSessionTickets received.
    pub(crate) tickets: u32,
    /// KeyUpdates received from the peer and applied.
    pub(crate) peer_key_updates: u32,
    /// Set by `set_read_keys`; cleared by the connection before each message.
    pub(crate) read_keys_changed: bool,
    /// The level of the installed write keys (`None`: plaintext).
    pub(crate) write_level: Option<KeyLevel>,
    /// The level of the installed read keys (`None`: plaintext).
    pub(crate) read_level: Option<KeyLevel>,
    /// Server: 0-RTT was just accepted; the connection sets the read limit after the call.
    pub(crate) early_accepted: bool,
}

/// The connection's side of [`Output`] for one handshake call: the transmit buffer, both
/// protection slots and the event record. Errors that [`tls_handshake::Error`] cannot name
/// precisely are kept in `err` and win over the handshake's own error.
pub(crate) struct Sink<'a, P: CryptoProvider> {
    pub(crate) provider: &'a P,
    pub(crate) tx: &'a mut [u8],
    pub(crate) w: &'a mut WriteSide<P::Aead>,
    pub(crate) r: &'a mut ReadSide<P::Aead>,
    pub(crate) ev: &'a mut Events,
    /// Which side we are (only a server skips rejected early data).
    pub(crate) role: Role,
    /// Where received tickets go (client).
    pub(crate) ticket_callback: Option<&'a dyn TicketCallback>,
    /// After our close_notify nothing more may be sent: handshake output is dropped.
    pub(crate) write_closed: bool,
    pub(crate) err: Option<Error>,
}

impl<P: CryptoProvider> Sink<'_, P> {
    fn keep(&mut self, e: Error) -> tls_handshake::Error {
        let needed = e
            .needed()
            .and_then(|n| u16::try_from(n).ok())
            .unwrap_or(u16::MAX);
        self.err = Some(e);
        match e.code() {
            Code::Record(tls_record::Error::Crypto(c)) => tls_handshake::Error::Crypto(c),
            _ => tls_handshake::Error::BufferTooSmall { needed },
        }
    }

    /// The handshake's result, with the connection's own error preferred.
    pub(crate) fn result(&mut self, r: tls_handshake::Result<()>) -> Result<(), Error> {
        match (r, self.err.take()) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(e.into()),
            (Ok(()), None) => Ok(()),
        }
    }
}

fn key_error(e: tls_record::Error) -> tls_handshake::Error {
    match e {
        tls_record::Error::Crypto(c) => tls_handshake::Error::Crypto(c),
        _ => tls_handshake::Error::Crypto(tls_crypto::Error::BadLength),
    }
}

impl<P: CryptoProvider> Output for Sink<'_, P> {
    fn handshake_space(&mut self) -> &mut [u8] {
        if self.write_closed {
            return &mut [];
        }
        self.w.handshake_space(self.tx)
    }

    fn commit_handshake(&mut self, len: usize) -> tls_handshake::Result<()> {
        if self.write_closed {
            return Ok(());
        }
        self.w
            .commit_handshake(self.tx, len)
            .map_err(|e| self.keep(e))
    }

    fn send_change_cipher_spec(&mut self) -> tls_handshake::Result<()> {
        if self.write_closed {
            return Ok(());
        }
        self.w.queue_ccs(self.tx).map_err(|e| self.keep(e))
    }

    fn set_write_keys(
        &mut self,
        suite: Suite,
        level: KeyLevel,
        keys: &TrafficKeys,
    ) -> tls_handshake::Result<()> {
        let sealer = RecordSealer::from_key(self.provider, suite.aead, keys.key(), keys.iv())
            .map_err(key_error)?
            .with_limit(self.w.limit);
        self.w.sealer = Some(sealer);
        self.ev.write_level = Some(level);
        Ok(())
    }

    fn set_read_keys(
        &mut self,
        suite: Suite,
        level: KeyLevel,
        keys: &TrafficKeys,
    ) -> tls_handshake::Result<()> {
        // 0-RTT data was sealed before the client knew our record_size_limit.
        let limit = if level == KeyLevel::EarlyData {
            RecordLimit::DEFAULT
        } else {
            self.r.limit
        };
        let opener = RecordOpener::from_key(self.provider, suite.aead, keys.key(), keys.iv())
            .map_err(key_error)?
            .with_limit(limit);
        self.r.opener = Some(opener);
        self.r.keys_changed();
        self.ev.read_keys_changed = true;
        self.ev.read_level = Some(level);
        Ok(())
    }

    fn clear_write_keys(&mut self) -> tls_handshake::Result<()> {
        // RFC 8446 §4.2.10: after a HelloRetryRequest ClientHello2 goes in the clear. Records
        // already sealed under the early keys stay queued (the server skips them).
        self.w.sealer = None;
        self.ev.write_level = None;
        Ok(())
    }

    fn set_record_limits(&mut self, limits: RecordLimits) {
        let to_limit = |n: u16| RecordLimit::new(usize::from(n)).unwrap_or(RecordLimit::DEFAULT);
        let send = to_limit(limits.send);
        self.w.limit = send;
        if let Some(s) = &mut self.w.sealer {
            s.set_limit(send);
        }
        // Never above what we advertised (a client's limit is in force from the start).
        let recv = to_limit(
            limits
                .recv
                .min(self.r.limit.max_inner_len().try_into().unwrap_or(u16::MAX)),
        );
        self.r.limit = recv;
        if let (Some(o), false) = (
            &mut self.r.opener,
            self.ev.read_level == Some(KeyLevel::EarlyData),
        ) {
            o.set_limit(recv);
        }
    }

    /// Sessions are built only for a ticket callback to keep.
    fn wants_sessions(&self) -> bool {
        self.ticket_callback.is_some()
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::HandshakeComplete => self.ev.complete = true,
            Event::NewSessionTicket { session, .. } => {
                self.ev.tickets = self.ev.tickets.saturating_add(1);
                if let (Some(cb), Some(session)) = (self.ticket_callback, session) {
                    deliver_ticket(cb, session);
                }
            }
            Event::PeerKeyUpdated => {
                self.ev.peer_key_updates = self.ev.peer_key_updates.saturating_add(1);
            }
            Event::EarlyDataAccepted if self.role == Role::Server => {
                self.ev.early_accepted = true;
            }
            Event::EarlyDataRejected { skip_limit } if self.role == Role::Server => {
                self.r.skip_rejected_early_data(skip_limit);
            }
            _ => {}
        }
    }
}

/// Serializes `session` on the stack, hands it to the application, and wipes the copy. Not
/// inlined: the buffer is on the stack only while a ticket is delivered.
#[inline(never)]
fn deliver_ticket(cb: &dyn TicketCallback, session: &tls_psk::Session) {
    let mut buf = [0u8; tls_psk::MAX_SESSION_LEN];
    // A session that does not encode (it always fits MAX_SESSION_LEN) is dropped: the next
    // connection then does a full handshake.
    if let Ok(n) = session.encode(&mut buf) {
        if let Some(bytes) = buf.get(..n) {
            cb.on_ticket(bytes);
        }
    }
    zeroize::Zeroize::zeroize(&mut buf);
}

/// The handshake calls the connection makes, whatever the role.
pub(crate) trait Machine {
    /// Writes the first flight (the client's ClientHello); a server does nothing.
    fn start(&mut self, out: &mut dyn Output, env: &mut Env<'_>) -> tls_handshake::Result<()>;
    /// One whole handshake message, header included.
    fn handle(
        &mut self,
        message: &[u8],
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> tls_handshake::Result<()>;
    /// Whether application data may flow.
    fn is_complete(&self) -> bool;
    /// Sends a KeyUpdate and switches our write keys.
    fn send_key_update(
        &mut self,
        request_peer: bool,
        out: &mut dyn Output,
    ) -> tls_handshake::Result<()>;
}

/// The handshake of either role.
#[allow(
    clippy::large_enum_variant,
    reason = "heap-free: no Box to even the variants out; a connection holds one of them"
)]
pub(crate) enum Handshake<'c, P: CryptoProvider> {
    /// The client's state machine.
    #[cfg(feature = "client")]
    Client(tls_handshake::ClientHandshake<'c, P>),
    /// The server's state machine.
    #[cfg(feature = "server")]
    Server(tls_handshake::ServerHandshake<'c, P>),
}

impl<P: CryptoProvider> Machine for Handshake<'_, P> {
    fn start(&mut self, out: &mut dyn Output, env: &mut Env<'_>) -> tls_handshake::Result<()> {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.start(out, env),
            #[cfg(feature = "server")]
            Self::Server(s) => s.start(out, env),
        }
    }

    fn handle(
        &mut self,
        message: &[u8],
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> tls_handshake::Result<()> {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.handle(message, out, env),
            #[cfg(feature = "server")]
            Self::Server(s) => s.handle(message, out, env),
        }
    }

    fn is_complete(&self) -> bool {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.is_complete(),
            #[cfg(feature = "server")]
            Self::Server(s) => s.is_complete(),
        }
    }

    fn send_key_update(
        &mut self,
        request_peer: bool,
        out: &mut dyn Output,
    ) -> tls_handshake::Result<()> {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.send_key_update(request_peer, out),
            #[cfg(feature = "server")]
            Self::Server(s) => s.send_key_update(request_peer, out),
        }
    }
}

impl<'c, P: CryptoProvider> Handshake<'c, P> {
    /// Client: writes the ClientHello resuming `session` (lent for this call).
    /// `InvalidState` on a server or after start.
    pub(crate) fn start_with_session_ref(
        &mut self,
        session: tls_psk::SessionRef<'_>,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> tls_handshake::Result<()> {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.start_with_session_ref(session, out, env),
            #[cfg(feature = "server")]
            Self::Server(_) => {
                let _ = (session, out, env);
                Err(tls_handshake::Error::InvalidState)
            }
        }
    }

    /// Both roles: this connection's external PSKs.
    pub(crate) fn set_external_psks(&mut self, psks: &'c [tls_psk::ExternalPsk<'c>]) {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.set_external_psks(psks),
            #[cfg(feature = "server")]
            Self::Server(s) => s.set_external_psks(psks),
        }
    }

    /// Both roles: the record_size_limit to advertise (`None`: none; a server then ignores
    /// the client's).
    pub(crate) fn set_record_size_limit(&mut self, limit: Option<u16>) {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.set_record_size_limit(limit),
            #[cfg(feature = "server")]
            Self::Server(s) => s.set_record_size_limit(limit),
        }
    }

    /// Both roles: this connection's PSK mode.
    pub(crate) fn set_psk_mode(&mut self, mode: tls_psk::PskMode) {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.set_psk_mode(mode),
            #[cfg(feature = "server")]
            Self::Server(s) => s.set_psk_mode(mode),
        }
    }

    /// Client: offer 0-RTT at start (when the session or PSK allows it).
    pub(crate) fn set_early_data(&mut self, want: bool) {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.set_early_data(want),
            #[cfg(feature = "server")]
            Self::Server(_) => {
                let _ = want;
            }
        }
    }

    /// Client: the most 0-RTT data that may be sent (0 when not offered or rejected).
    pub(crate) fn early_data_offered(&self) -> u32 {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.early_data_offered(),
            #[cfg(feature = "server")]
            Self::Server(_) => 0,
        }
    }

    /// Server: the early-data callback said `Later` and no decision was made yet.
    pub(crate) fn awaiting_early_data_decision(&self) -> bool {
        match self {
            #[cfg(feature = "client")]
            Self::Client(_) => false,
            #[cfg(feature = "server")]
            Self::Server(s) => s.awaiting_early_data_decision(),
        }
    }

    /// Server: the application's late decision on 0-RTT.
    pub(crate) fn decide_early_data(
        &mut self,
        accept: bool,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> tls_handshake::Result<()> {
        match self {
            #[cfg(feature = "client")]
            Self::Client(_) => {
                let _ = (accept, out, env);
                Err(tls_handshake::Error::InvalidState)
            }
            #[cfg(feature = "server")]
            Self::Server(s) => s.decide_early_data(accept, out, env),
        }
    }

    /// Server: queue `n` more tickets.
    pub(crate) fn send_tickets(&mut self, n: u16) {
        match self {
            #[cfg(feature = "client")]
            Self::Client(_) => {
                let _ = n;
            }
            #[cfg(feature = "server")]
            Self::Server(s) => s.send_tickets(n),
        }
    }

    /// Server: write the queued tickets (once the handshake is complete).
    pub(crate) fn flush_tickets(
        &mut self,
        out: &mut dyn Output,
        env: &mut Env<'_>,
    ) -> tls_handshake::Result<()> {
        match self {
            #[cfg(feature = "client")]
            Self::Client(_) => {
                let _ = (out, env);
                Ok(())
            }
            #[cfg(feature = "server")]
            Self::Server(s) => s.flush_tickets(out, env),
        }
    }

    /// What was negotiated (empty fields until known).
    pub(crate) fn info(&self) -> &Negotiated {
        match self {
            #[cfg(feature = "client")]
            Self::Client(c) => c.info(),
            #[cfg(feature = "server")]
            Self::Server(s) => s.info(),
        }
    }
}
