//! Handshake configuration: built once, borrowed by every connection that uses it.

use crate::policy::SecurityPolicy;
use tls_cert::VerifyHost;
use tls_crypto::{CryptoProvider, Signer};

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

/// A certificate chain and the key that signs for it.
#[derive(Clone, Copy)]
pub struct Identity<'a> {
    /// DER certificates, leaf first, as sent in the Certificate message.
    pub chain: &'a [&'a [u8]],
    /// The private key's signing operation (in Wren, or behind a host tool, a secure element).
    pub signer: &'a dyn Signer,
}

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
    pub trust_anchors: &'a [&'a [u8]],
    /// How the peer's certificate is checked.
    pub verification: Verification<'a>,
    /// Our certificate and key: required for a server, optional for a client.
    pub identity: Option<Identity<'a>>,
    /// Server side: whether to ask for a client certificate.
    pub client_auth: ClientAuth,
    /// Client side: middlebox compatibility mode (RFC 8446 §D.4): a 32-byte legacy session id
    /// and a dummy change_cipher_spec before the second flight. On by default, as OpenSSL does.
    pub middlebox_compat: bool,
}

impl<'a, P: CryptoProvider> Config<'a, P> {
    /// A config with the default policy, full verification against `trust_anchors`, no ALPN,
    /// no identity, no client authentication, middlebox compatibility on.
    #[must_use]
    pub const fn new(provider: &'a P, trust_anchors: &'a [&'a [u8]]) -> Self {
        Self {
            provider,
            policy: &SecurityPolicy::DEFAULT_TLS13,
            alpn: &[],
            trust_anchors,
            verification: Verification::Full,
            identity: None,
            client_auth: ClientAuth::None,
            middlebox_compat: true,
        }
    }
}
