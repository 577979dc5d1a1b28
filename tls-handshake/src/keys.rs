//! The handshake's secrets between the hellos and the Finished messages, shared by both roles.

use crate::key_schedule::{
    derive_secret, EarlySecret, HandshakeSecret, ResumptionMasterSecret, TrafficSecret,
};
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
    /// The master secret, for `resumption_master_secret` once the client's Finished is in
    /// the transcript (wiped on drop).
    master: Secret,
}

impl<'c, P: CryptoProvider> HandshakeKeys<'c, P> {
    /// The schedule up to the handshake traffic secrets, with `transcript` holding
    /// ClientHello..ServerHello, `psk` the PSK (if one was agreed) and `shared` the (EC)DHE
    /// secret (absent in `psk_ke` mode) (RFC 8446 §7.1).
    #[inline(never)]
    pub(crate) fn new(
        provider: &'c P,
        suite: Suite,
        transcript: Transcript<P::Hash>,
        psk: Option<&[u8]>,
        shared: Option<&Secret>,
    ) -> Result<Self> {
        let secret = EarlySecret::new(provider, suite.hash, psk)?.into_handshake(shared)?;
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
    #[cfg(feature = "server")]
    pub(crate) fn into_application(self) -> Result<ApplicationKeys<P>> {
        self.to_application()
    }

    /// As [`HandshakeKeys::into_application`], leaving these keys in place (the transcript
    /// and the client's handshake secret are copied): for a state replaced right after.
    #[inline(never)]
    pub(crate) fn to_application(&self) -> Result<ApplicationKeys<P>> {
        let master = self.secret.master()?;
        let transcript = self.transcript.clone();
        let hash = transcript.current_hash();
        let client_ap = master.client_application_traffic_secret_0(&hash)?;
        let server_ap = master.server_application_traffic_secret_0(&hash)?;
        Ok(ApplicationKeys {
            suite: self.suite,
            transcript,
            client_handshake: TrafficSecret::new(
                self.client.hash_algorithm(),
                self.client.secret().clone(),
            )?,
            client: client_ap,
            server: server_ap,
            master: Secret::from_slice(master.secret().as_bytes())?,
        })
    }
}

impl<P: CryptoProvider> ApplicationKeys<P> {
    /// `resumption_master_secret` (RFC 8446 §7.1), once the transcript holds the client's
    /// Finished.
    #[inline(never)]
    pub(crate) fn resumption_master_secret(&self, provider: &P) -> Result<ResumptionMasterSecret> {
        let hash = self.suite.hash;
        let secret = derive_secret(
            provider,
            hash,
            &self.master,
            b"res master",
            &self.transcript.current_hash(),
        )?;
        ResumptionMasterSecret::new(hash, secret)
    }
}

/// `client_early_traffic_secret` (RFC 8446 §7.1) for `psk` and the ClientHello's hash.
pub(crate) fn client_early_traffic_secret<P: CryptoProvider>(
    provider: &P,
    suite: Suite,
    psk: &[u8],
    client_hello_hash: &tls_crypto::Digest,
) -> Result<TrafficSecret> {
    EarlySecret::new(provider, suite.hash, Some(psk))?
        .client_early_traffic_secret(client_hello_hash)
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
