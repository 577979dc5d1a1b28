//! The seam to the handshake state machines: the connection's [`Output`] implementation
//! ([`Sink`]) and the role-erased handshake ([`Handshake`]).

use crate::error::{Code, Error};
use crate::rx::ReadSide;
use crate::tx::WriteSide;
use tls_crypto::CryptoProvider;
use tls_handshake::{Env, Event, KeyLevel, Negotiated, Output, Suite, TrafficKeys};
use tls_record::{RecordOpener, RecordSealer};

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
        _level: KeyLevel,
        keys: &TrafficKeys,
    ) -> tls_handshake::Result<()> {
        let sealer = RecordSealer::from_key(self.provider, suite.aead, keys.key(), keys.iv())
            .map_err(key_error)?
            .with_limit(self.w.limit);
        self.w.sealer = Some(sealer);
        Ok(())
    }

    fn set_read_keys(
        &mut self,
        suite: Suite,
        _level: KeyLevel,
        keys: &TrafficKeys,
    ) -> tls_handshake::Result<()> {
        let opener = RecordOpener::from_key(self.provider, suite.aead, keys.key(), keys.iv())
            .map_err(key_error)?
            .with_limit(self.r.limit);
        self.r.opener = Some(opener);
        self.ev.read_keys_changed = true;
        Ok(())
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::HandshakeComplete => self.ev.complete = true,
            Event::NewSessionTicket { .. } => self.ev.tickets = self.ev.tickets.saturating_add(1),
            Event::PeerKeyUpdated => {
                self.ev.peer_key_updates = self.ev.peer_key_updates.saturating_add(1);
            }
            _ => {}
        }
    }
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

impl<P: CryptoProvider> Handshake<'_, P> {
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
