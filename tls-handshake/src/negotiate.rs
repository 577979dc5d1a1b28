//! Negotiation helpers both roles share: wire names to provider algorithms, group, scheme and
//! ALPN choices (RFC 8446 §4.1.1, §4.2.3, §4.2.7, §4.2.8; RFC 7301).

#[cfg(feature = "certificates")]
use crate::policy::SecurityPolicy;
use crate::suite::Suite;
use crate::{Error, Result};
use tls_codec::enums::CipherSuite;
#[cfg(feature = "certificates")]
use tls_codec::enums::SignatureScheme;
use tls_codec::enums::{NamedGroup, ProtocolVersion};
#[cfg(feature = "server")]
use tls_codec::extensions::KeyShareEntry;
use tls_codec::extensions::ProtocolName;
#[cfg(feature = "certificates")]
use tls_codec::List;
#[cfg(feature = "certificates")]
use tls_crypto::SignatureAlgorithm;
use tls_crypto::{Algorithm, CryptoProvider, Group};

/// The most ALPN protocols a config may list (they are copied into a fixed array to encode).
pub const MAX_ALPN_PROTOCOLS: usize = 16;

/// The most suites, groups or signature schemes of one policy list a ClientHello offers (a
/// policy that lists more that the provider supports is [`Error::InvalidConfig`]).
pub(crate) const MAX_OFFERED: usize = 16;

/// The entries of a policy list that the provider carries, in the policy's order: what a hello
/// offers, so a build never advertises an algorithm it lacks (a peer that picks one would fail
/// the handshake after choosing it; offered only what works, the peer can choose another).
pub(crate) struct Offered<T> {
    items: [T; MAX_OFFERED],
    len: usize,
}

impl<T: Copy> Offered<T> {
    /// The entries of `list` that `keep` accepts; `filler` only initialises the array.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] for more than [`MAX_OFFERED`] of them.
    pub(crate) fn new(list: &[T], filler: T, keep: impl Fn(T) -> bool) -> Result<Self> {
        let mut items = [filler; MAX_OFFERED];
        let mut slots = items.iter_mut();
        let mut len = 0usize;
        for t in list.iter().copied().filter(|t| keep(*t)) {
            *slots.next().ok_or(Error::InvalidConfig)? = t;
            len = len.saturating_add(1);
        }
        Ok(Self { items, len })
    }

    /// The entries kept.
    pub(crate) fn as_slice(&self) -> &[T] {
        self.items.get(..self.len).unwrap_or(&[])
    }
}

/// Whether `suite` is one Wren implements with an AEAD and hash the provider carries.
pub(crate) fn suite_supported<P: CryptoProvider>(provider: &P, suite: CipherSuite) -> bool {
    Suite::lookup(suite).is_some_and(|s| {
        provider.supports(Algorithm::Aead(s.aead)) && provider.supports(Algorithm::Hash(s.hash))
    })
}

/// The provider group behind `group`, when Wren implements it and the provider carries it.
pub(crate) fn supported_group<P: CryptoProvider>(provider: &P, group: NamedGroup) -> Option<Group> {
    kx_group(group).filter(|g| provider.supports(Algorithm::KeyExchange(*g)))
}

#[cfg(feature = "certificates")]
/// Whether a CertificateVerify under `scheme` can be checked with this provider.
pub(crate) fn scheme_supported<P: CryptoProvider>(provider: &P, scheme: SignatureScheme) -> bool {
    verify_algorithm(scheme).is_some_and(|a| provider.supports(Algorithm::Signature(a)))
}

#[cfg(feature = "certificates")]
/// Whether a certificate signed under `scheme` can be checked with this provider (the
/// CertificateVerify schemes and RSASSA-PKCS1-v1_5, RFC 8446 §4.2.3).
pub(crate) fn certificate_scheme_supported<P: CryptoProvider>(
    provider: &P,
    scheme: SignatureScheme,
) -> bool {
    let alg = match scheme {
        SignatureScheme::RSA_PKCS1_SHA256 => Some(SignatureAlgorithm::RsaPkcs1Sha256),
        SignatureScheme::RSA_PKCS1_SHA384 => Some(SignatureAlgorithm::RsaPkcs1Sha384),
        other => verify_algorithm(other),
    };
    alg.is_some_and(|a| provider.supports(Algorithm::Signature(a)))
}

/// `legacy_version` of both hellos in TLS 1.3 (RFC 8446 §4.1.2, §4.1.3).
pub(crate) const LEGACY_VERSION: ProtocolVersion = ProtocolVersion::TLS_1_2;

/// The provider group behind a wire group, for the groups Wren implements.
pub(crate) fn kx_group(group: NamedGroup) -> Option<Group> {
    match group {
        NamedGroup::X25519 => Some(Group::X25519),
        NamedGroup::SECP256R1 => Some(Group::Secp256r1),
        _ => None,
    }
}

#[cfg(feature = "certificates")]
/// The algorithm of a scheme usable in a TLS 1.3 CertificateVerify. RSASSA-PKCS1-v1_5 is not
/// (RFC 8446 §4.4.3: "RSA signatures MUST use an RSASSA-PSS algorithm").
pub(crate) fn verify_algorithm(scheme: SignatureScheme) -> Option<SignatureAlgorithm> {
    match scheme {
        SignatureScheme::ECDSA_SECP256R1_SHA256 => Some(SignatureAlgorithm::EcdsaP256Sha256),
        SignatureScheme::ECDSA_SECP384R1_SHA384 => Some(SignatureAlgorithm::EcdsaP384Sha384),
        SignatureScheme::ED25519 => Some(SignatureAlgorithm::Ed25519),
        SignatureScheme::RSA_PSS_RSAE_SHA256 => Some(SignatureAlgorithm::RsaPssSha256),
        SignatureScheme::RSA_PSS_RSAE_SHA384 => Some(SignatureAlgorithm::RsaPssSha384),
        _ => None,
    }
}

#[cfg(feature = "certificates")]
/// The CertificateVerify scheme a signer's algorithm signs with; `None` for PKCS#1 v1.5,
/// which TLS 1.3 allows only on certificates (RFC 8446 §4.2.3).
pub(crate) fn signer_scheme(alg: SignatureAlgorithm) -> Option<SignatureScheme> {
    match alg {
        SignatureAlgorithm::EcdsaP256Sha256 => Some(SignatureScheme::ECDSA_SECP256R1_SHA256),
        SignatureAlgorithm::EcdsaP384Sha384 => Some(SignatureScheme::ECDSA_SECP384R1_SHA384),
        SignatureAlgorithm::Ed25519 => Some(SignatureScheme::ED25519),
        SignatureAlgorithm::RsaPssSha256 => Some(SignatureScheme::RSA_PSS_RSAE_SHA256),
        SignatureAlgorithm::RsaPssSha384 => Some(SignatureScheme::RSA_PSS_RSAE_SHA384),
        SignatureAlgorithm::RsaPkcs1Sha256 | SignatureAlgorithm::RsaPkcs1Sha384 => None,
    }
}

#[cfg(feature = "certificates")]
/// The scheme we sign with: our signer's, if the peer offered it and our policy allows it.
///
/// # Errors
/// [`Error::HandshakeFailure`] otherwise (RFC 8446 §4.4.3, §4.2.3).
pub(crate) fn our_scheme(
    policy: &SecurityPolicy,
    signer: SignatureAlgorithm,
    offered: List<'_, SignatureScheme>,
) -> Result<SignatureScheme> {
    let scheme = signer_scheme(signer).ok_or(Error::HandshakeFailure)?;
    if policy.signature_schemes.contains(&scheme) && offered.contains(&scheme) {
        Ok(scheme)
    } else {
        Err(Error::HandshakeFailure)
    }
}

#[cfg(feature = "server")]
/// The server's group choice (RFC 8446 §4.2.8).
#[derive(Clone, Copy, Debug)]
pub(crate) enum GroupChoice<'a> {
    /// A share the client sent for the most preferred group that has one.
    Share(KeyShareEntry<'a>),
    /// No usable share: ask for this group with a HelloRetryRequest (RFC 8446 §4.1.4).
    Retry(NamedGroup),
}

#[cfg(feature = "server")]
/// Chooses a group in the server's policy order among the client's shares, else the first
/// policy group the client supports (for a HelloRetryRequest).
///
/// # Errors
/// [`Error::IllegalParameter`] for a share of a group not in supported_groups (RFC 8446
/// §4.2.8), [`Error::HandshakeFailure`] when no group is in common.
pub(crate) fn choose_group<'a, P: CryptoProvider>(
    provider: &P,
    policy: &SecurityPolicy,
    supported: List<'a, NamedGroup>,
    shares: List<'a, KeyShareEntry<'a>>,
) -> Result<GroupChoice<'a>> {
    // RFC 8446 §4.2.8: "Clients MUST NOT offer any KeyShareEntry values for groups not listed
    // in the client's "supported_groups" extension. Servers MAY check for violations of
    // these rules and abort the handshake with an "illegal_parameter" alert".
    if shares.iter().any(|s| !supported.contains(&s.group)) {
        return Err(Error::IllegalParameter);
    }
    let ours = || {
        policy
            .groups
            .iter()
            .copied()
            .filter(|g| supported_group(provider, *g).is_some())
    };
    for group in ours() {
        if let Some(share) = shares.iter().find(|s| s.group == group) {
            return Ok(GroupChoice::Share(share));
        }
    }
    ours()
        .find(|g| supported.contains(g))
        .map(GroupChoice::Retry)
        .ok_or(Error::HandshakeFailure)
}

#[cfg(feature = "server")]
/// The server's ALPN choice (RFC 7301 §3.2): its first preference that the client offered.
///
/// `Ok(None)` when either side has no ALPN.
///
/// # Errors
/// [`Error::NoApplicationProtocol`] when both have protocols but none in common.
pub(crate) fn choose_alpn<'c>(
    ours: &[&'c [u8]],
    offered: Option<List<'_, ProtocolName<'_>>>,
) -> Result<Option<&'c [u8]>> {
    let Some(offered) = offered else {
        return Ok(None);
    };
    if ours.is_empty() {
        return Ok(None);
    }
    ours.iter()
        .copied()
        .find(|p| offered.iter().any(|o| o.0 == *p))
        .map(Some)
        .ok_or(Error::NoApplicationProtocol)
}

/// Copies the config's ALPN protocols into an array the codec can encode.
///
/// # Errors
/// [`Error::InvalidConfig`] with more than [`MAX_ALPN_PROTOCOLS`], or an empty or over-long
/// name.
pub(crate) fn alpn_names<'c>(
    alpn: &[&'c [u8]],
) -> Result<([ProtocolName<'c>; MAX_ALPN_PROTOCOLS], usize)> {
    let mut names = [ProtocolName(&[]); MAX_ALPN_PROTOCOLS];
    if alpn.len() > MAX_ALPN_PROTOCOLS {
        return Err(Error::InvalidConfig);
    }
    for (slot, p) in names.iter_mut().zip(alpn) {
        if p.is_empty() || p.len() > 255 {
            return Err(Error::InvalidConfig);
        }
        *slot = ProtocolName(p);
    }
    Ok((names, alpn.len()))
}

#[cfg(feature = "server")]
/// Whether a peer's supported_versions list offers TLS 1.3 (RFC 8446 §4.2.1).
pub(crate) fn offers_tls13(versions: Option<List<'_, ProtocolVersion>>) -> bool {
    versions.is_some_and(|v| v.contains(&ProtocolVersion::TLS_1_3))
}
