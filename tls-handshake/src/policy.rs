//! Security policies: named, fixed lists of what a connection may negotiate, in the spirit of
//! s2n-tls's chart.
//!
//! `default_tls13` follows current best practice and may change between releases; dated policies
//! (`"20251122"`) never change, so a fleet can pin one. A `_chacha20_boosted` variant lets a
//! server honour a client that lists ChaCha20-Poly1305 first (s2n's "ChaCha20 boosting"): devices
//! without AES hardware say so by their order, and the server agrees.

use tls_codec::enums::{CipherSuite, NamedGroup, SignatureScheme};

/// What a connection may negotiate, in the local preference order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityPolicy {
    /// The policy's name, as [`SecurityPolicy::by_name`] finds it.
    pub name: &'static str,
    /// TLS 1.3 cipher suites, most preferred first.
    pub cipher_suites: &'static [CipherSuite],
    /// Key-exchange groups, most preferred first; a client sends a key share for the first.
    pub groups: &'static [NamedGroup],
    /// Schemes accepted in CertificateVerify, most preferred first.
    pub signature_schemes: &'static [SignatureScheme],
    /// Schemes accepted on certificates in a chain (`signature_algorithms_cert`).
    pub certificate_signature_schemes: &'static [SignatureScheme],
    /// Server side: when the client lists ChaCha20-Poly1305 first, choose it even if the
    /// server prefers AES.
    pub chacha20_boosting: bool,
}

const SUITES_AES_FIRST: &[CipherSuite] = &[
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
];

const GROUPS: &[NamedGroup] = &[NamedGroup::X25519, NamedGroup::SECP256R1];

const HANDSHAKE_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    SignatureScheme::ED25519,
    SignatureScheme::ECDSA_SECP384R1_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
];

const CERTIFICATE_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::ECDSA_SECP256R1_SHA256,
    SignatureScheme::ED25519,
    SignatureScheme::ECDSA_SECP384R1_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
];

impl SecurityPolicy {
    /// The policy frozen on 2025-11-22: never changes.
    pub const V20251122: Self = Self {
        name: "20251122",
        cipher_suites: SUITES_AES_FIRST,
        groups: GROUPS,
        signature_schemes: HANDSHAKE_SCHEMES,
        certificate_signature_schemes: CERTIFICATE_SCHEMES,
        chacha20_boosting: false,
    };

    /// The policy frozen on 2025-11-22 with ChaCha20 boosting: never changes.
    pub const V20251122_CHACHA20_BOOSTED: Self = Self {
        name: "20251122_chacha20_boosted",
        chacha20_boosting: true,
        ..Self::V20251122
    };

    /// Current best practice for TLS 1.3. **May change between releases**; pin a dated policy
    /// for stable behaviour.
    pub const DEFAULT_TLS13: Self = Self {
        name: "default_tls13",
        ..Self::V20251122
    };

    /// [`SecurityPolicy::DEFAULT_TLS13`] with ChaCha20 boosting. May change between releases.
    pub const DEFAULT_TLS13_CHACHA20_BOOSTED: Self = Self {
        name: "default_tls13_chacha20_boosted",
        chacha20_boosting: true,
        ..Self::V20251122
    };

    /// Only ChaCha20-Poly1305 and x25519: the smallest and fastest choice for a device without
    /// AES hardware that talks to servers it knows. Never changes.
    pub const V20251122_CHACHA20_ONLY: Self = Self {
        name: "20251122_chacha20_only",
        cipher_suites: &[CipherSuite::TLS_CHACHA20_POLY1305_SHA256],
        groups: &[NamedGroup::X25519],
        ..Self::V20251122
    };

    /// Every named policy, for lookup by name (the C API and the tools use it).
    pub const ALL: &'static [&'static SecurityPolicy] = &[
        &Self::DEFAULT_TLS13,
        &Self::DEFAULT_TLS13_CHACHA20_BOOSTED,
        &Self::V20251122,
        &Self::V20251122_CHACHA20_BOOSTED,
        &Self::V20251122_CHACHA20_ONLY,
    ];

    /// Finds a policy by its name (`"default_tls13"`, `"20251122"`, ...).
    #[must_use]
    pub fn by_name(name: &str) -> Option<&'static SecurityPolicy> {
        Self::ALL.iter().copied().find(|p| p.name == name)
    }

    /// Server-side suite choice (RFC 8446 §4.1.1): the server's order rules, unless boosting is
    /// on and the client's first offer is ChaCha20-Poly1305 that the policy allows.
    pub fn choose_suite<I>(&self, client_offer: I) -> Option<CipherSuite>
    where
        I: IntoIterator<Item = CipherSuite> + Clone,
    {
        if self.chacha20_boosting {
            let first = client_offer
                .clone()
                .into_iter()
                .find(|s| self.cipher_suites.contains(s));
            if first == Some(CipherSuite::TLS_CHACHA20_POLY1305_SHA256) {
                return first;
            }
        }
        self.cipher_suites.iter().copied().find(|ours| {
            client_offer
                .clone()
                .into_iter()
                .any(|theirs| theirs == *ours)
        })
    }
}
