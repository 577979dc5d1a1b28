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

mod states;

use crate::config::Config;
use crate::connected::Connected;
use crate::negotiate::{alpn_names, signer_scheme};
use crate::negotiated::Negotiated;
use crate::output::{Env, Output};
use crate::{Error, Result};
use states::{
    ExpectClientCertificate, ExpectClientCertificateVerify, ExpectClientFinished,
    ExpectRetriedClientHello,
};
use tls_codec::{Codec, HandshakeMessage, RawHandshake};
use tls_crypto::CryptoProvider;

/// The server side of one handshake.
pub struct ServerHandshake<'c, P: CryptoProvider> {
    config: &'c Config<'c, P>,
    state: State<P>,
    info: Negotiated,
    /// Middlebox compatibility: the one dummy change_cipher_spec was sent (RFC 8446 §D.4).
    ccs_sent: bool,
}

#[allow(
    clippy::large_enum_variant,
    reason = "no heap to box into: the state is as large as its largest variant, the one \
              holding the peer's public key (up to RSA-4096) until CertificateVerify"
)]
enum State<P: CryptoProvider> {
    ClientHello,
    RetriedClientHello(ExpectRetriedClientHello<P>),
    ClientCertificate(ExpectClientCertificate<P>),
    ClientCertificateVerify(ExpectClientCertificateVerify<P>),
    ClientFinished(ExpectClientFinished<P>),
    Connected(Connected),
    Failed,
}

impl<'c, P: CryptoProvider> ServerHandshake<'c, P> {
    /// A server handshake for `config`, waiting for a ClientHello.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] without an identity, with an empty chain, with a signer whose
    /// algorithm TLS 1.3 cannot use in CertificateVerify (RSASSA-PKCS1-v1_5), or with an ALPN
    /// list the codec cannot carry.
    pub fn new(config: &'c Config<'c, P>) -> Result<Self> {
        let id = config.identity.ok_or(Error::InvalidConfig)?;
        if id.chain.is_empty() || signer_scheme(id.signer.algorithm()).is_none() {
            return Err(Error::InvalidConfig);
        }
        alpn_names(config.alpn)?;
        Ok(Self {
            config,
            state: State::ClientHello,
            info: Negotiated::default(),
            ccs_sent: false,
        })
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
        let state = core::mem::replace(&mut self.state, State::Failed);
        if matches!(state, State::Failed) {
            return Err(Error::InvalidState);
        }
        let raw = RawHandshake::parse_exact(message)?;
        let msg = HandshakeMessage::from_raw(raw)?;
        let bytes = raw.bytes;
        self.state = match (state, msg) {
            (State::ClientHello, HandshakeMessage::ClientHello(m)) => {
                states::client_hello(self, &m, bytes, None, out, env)?
            }
            (State::RetriedClientHello(s), HandshakeMessage::ClientHello(m)) => {
                states::client_hello(self, &m, bytes, Some(s), out, env)?
            }
            (State::ClientCertificate(s), HandshakeMessage::Certificate(m)) => {
                s.certificate(self, &m, bytes, env)?
            }
            (State::ClientCertificateVerify(s), HandshakeMessage::CertificateVerify(m)) => {
                State::ClientFinished(s.certificate_verify(self, &m, bytes)?)
            }
            (State::ClientFinished(s), HandshakeMessage::Finished(m)) => {
                State::Connected(s.finished(self, &m, bytes, out)?)
            }
            (State::Connected(mut c), m) => {
                c.handle(self.config.provider, &m, false, out)?;
                State::Connected(c)
            }
            _ => return Err(Error::UnexpectedMessage),
        };
        Ok(())
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

impl<P: CryptoProvider> core::fmt::Debug for ServerHandshake<'_, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match self.state {
            State::ClientHello => "ExpectClientHello",
            State::RetriedClientHello(_) => "ExpectRetriedClientHello",
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
