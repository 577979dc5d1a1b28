//! The handshake's secrets between the hellos and the Finished messages, shared by both roles.

use crate::key_schedule::{EarlySecret, HandshakeSecret, TrafficSecret};
use crate::output::{KeyLevel, Output};
use crate::suite::Suite;
use crate::transcript::Transcript;
use crate::Result;
use tls_crypto::{CryptoProvider, Secret};

/// After the ServerHello: the suite, the running transcript and the handshake traffic
/// secrets (RFC 8446 §7.1).
pub(crate) struct HandshakeKeys<'c, P: CryptoProvider> {
    pub(crate) suite: Suite,
    pub(crate) transcript: Transcript<P::Hash>,
    secret: HandshakeSecret<'c, P>,
    /// `client_handshake_traffic_secret`.
    pub(crate) client: TrafficSecret,
    /// `server_handshake_traffic_secret`.
    pub(crate) server: TrafficSecret,
}

/// After the server's Finished: what both sides need until the client's Finished.
pub(crate) struct ApplicationKeys<P: CryptoProvider> {
    pub(crate) suite: Suite,
    pub(crate) transcript: Transcript<P::Hash>,
    /// `client_handshake_traffic_secret`, for the client's Finished.
    pub(crate) client_handshake: TrafficSecret,
    /// `client_application_traffic_secret_0`.
    pub(crate) client: TrafficSecret,
    /// `server_application_traffic_secret_0`.
    pub(crate) server: TrafficSecret,
}

impl<'c, P: CryptoProvider> HandshakeKeys<'c, P> {
    /// The schedule up to the handshake traffic secrets, with `transcript` holding
    /// ClientHello..ServerHello and `shared` the (EC)DHE secret (no PSK: RFC 8446 §7.1).
    pub(crate) fn new(
        provider: &'c P,
        suite: Suite,
        transcript: Transcript<P::Hash>,
        shared: &Secret,
    ) -> Result<Self> {
        let secret = EarlySecret::new(provider, suite.hash, None)?.into_handshake(Some(shared))?;
        let hello_hash = transcript.current_hash();
        let client = secret.client_handshake_traffic_secret(&hello_hash)?;
        let server = secret.server_handshake_traffic_secret(&hello_hash)?;
        Ok(Self {
            suite,
            transcript,
            secret,
            client,
            server,
        })
    }

    /// The application traffic secrets, once the transcript holds the server's Finished
    /// (RFC 8446 §7.1).
    pub(crate) fn into_application(self) -> Result<ApplicationKeys<P>> {
        let Self {
            suite,
            transcript,
            secret,
            client,
            ..
        } = self;
        let master = secret.into_master()?;
        let hash = transcript.current_hash();
        let client_ap = master.client_application_traffic_secret_0(&hash)?;
        let server_ap = master.server_application_traffic_secret_0(&hash)?;
        Ok(ApplicationKeys {
            suite,
            transcript,
            client_handshake: client,
            client: client_ap,
            server: server_ap,
        })
    }
}

/// Installs `secret`'s record keys as the write keys at `level`.
pub(crate) fn install_write<P: CryptoProvider>(
    provider: &P,
    out: &mut dyn Output,
    suite: Suite,
    level: KeyLevel,
    secret: &TrafficSecret,
) -> Result<()> {
    out.set_write_keys(suite, level, &secret.traffic_keys(provider, suite.aead)?)
}

/// Installs `secret`'s record keys as the read keys at `level`.
pub(crate) fn install_read<P: CryptoProvider>(
    provider: &P,
    out: &mut dyn Output,
    suite: Suite,
    level: KeyLevel,
    secret: &TrafficSecret,
) -> Result<()> {
    out.set_read_keys(suite, level, &secret.traffic_keys(provider, suite.aead)?)
}
