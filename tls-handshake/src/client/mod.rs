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

use crate::config::{Config, Verification};
use crate::connected::Connected;
use crate::negotiate::alpn_names;
use crate::negotiated::{FixedBytes, Negotiated};
use crate::output::{Env, Output};
use crate::{Error, Result};
use states::{
    ExpectCertificate, ExpectCertificateOrRequest, ExpectCertificateVerify,
    ExpectEncryptedExtensions, ExpectFinished, ExpectServerHello,
};
use tls_codec::{Codec, HandshakeMessage, RawHandshake};
use tls_crypto::CryptoProvider;

/// The client side of one handshake.
pub struct ClientHandshake<'c, P: CryptoProvider> {
    config: &'c Config<'c, P>,
    state: State<'c, P>,
    info: Negotiated,
    /// Middlebox compatibility: the one dummy change_cipher_spec was sent (RFC 8446 §D.4).
    ccs_sent: bool,
}

#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into: the state is as large as its largest variant, the one \
              holding the peer's public key (up to RSA-4096) until CertificateVerify"
)]
enum State<'c, P: CryptoProvider> {
    Start,
    ServerHello(ExpectServerHello<P>),
    EncryptedExtensions(ExpectEncryptedExtensions<'c, P>),
    CertificateOrRequest(ExpectCertificateOrRequest<'c, P>),
    Certificate(ExpectCertificate<'c, P>),
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
        } else if matches!(config.verification, Verification::Full) {
            return Err(Error::InvalidConfig);
        }
        alpn_names(config.alpn)?;
        Ok(Self {
            config,
            state: State::Start,
            info,
            ccs_sent: false,
        })
    }

    /// Writes the ClientHello (RFC 8446 §4.1.2).
    ///
    /// # Errors
    /// [`Error::InvalidState`] if already started; [`Error::BufferTooSmall`] if the handshake
    /// space cannot hold it; provider and RNG errors.
    pub fn start(&mut self, out: &mut dyn Output, env: &mut Env<'_>) -> Result<()> {
        if !matches!(self.state, State::Start) {
            return Err(Error::InvalidState);
        }
        self.state = State::Failed;
        let next = ExpectServerHello::start(self, out, env)?;
        self.state = State::ServerHello(next);
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
                State::CertificateOrRequest(s.encrypted_extensions(self, &m, bytes)?)
            }
            (State::CertificateOrRequest(s), HandshakeMessage::CertificateRequest(m)) => {
                State::Certificate(s.certificate_request(self, &m, bytes)?)
            }
            (State::CertificateOrRequest(s), HandshakeMessage::Certificate(m)) => {
                State::CertificateVerify(s.certificate(self, &m, bytes, env)?)
            }
            (State::Certificate(s), HandshakeMessage::Certificate(m)) => {
                State::CertificateVerify(s.certificate(self, &m, bytes, env)?)
            }
            (State::CertificateVerify(s), HandshakeMessage::CertificateVerify(m)) => {
                State::Finished(s.certificate_verify(self, &m, bytes)?)
            }
            (State::Finished(s), HandshakeMessage::Finished(m)) => {
                State::Connected(s.finished(self, &m, bytes, out)?)
            }
            (State::Connected(mut c), m) => {
                c.handle(self.config.provider, &m, true, out)?;
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

impl<P: CryptoProvider> core::fmt::Debug for ClientHandshake<'_, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match self.state {
            State::Start => "Start",
            State::ServerHello(_) => "ExpectServerHello",
            State::EncryptedExtensions(_) => "ExpectEncryptedExtensions",
            State::CertificateOrRequest(_) => "ExpectCertificateOrRequest",
            State::Certificate(_) => "ExpectCertificate",
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
