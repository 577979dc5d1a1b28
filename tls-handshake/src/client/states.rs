//! The client's states and their transitions (RFC 8446 §4.1 - §4.4).

use super::Context;
#[cfg(feature = "certificates")]
use crate::auth::{
    send_certificate_verify, verify_certificate_verify, verify_peer_chain, CertificateVerified,
    PeerIdentity, PeerKey, Signed,
};
#[cfg(feature = "certificates")]
use crate::config::Verification;
use crate::connected::Connected;
use crate::emit;
use crate::key_schedule::{EarlySecret, PskKind};
use crate::keys::{client_early_traffic_secret, install_read, install_write, HandshakeKeys};
#[cfg(feature = "certificates")]
use crate::negotiate::our_scheme;
use crate::negotiate::{alpn_names, suite_supported, supported_group, Offered, LEGACY_VERSION};
#[cfg(feature = "certificates")]
use crate::negotiate::{certificate_scheme_supported, scheme_supported};
use crate::negotiated::FixedBytes;
use crate::output::{Env, Event, KeyLevel, Output};
use crate::records::RecordLimits;
use crate::suite::Suite;
use crate::transcript::{Transcript, TranscriptStart};
use crate::{Error, Result};
#[cfg(feature = "certificates")]
use tls_cert::{NameCheck, Purpose};
use tls_codec::client_hello::RANDOM_LEN;
#[cfg(feature = "certificates")]
use tls_codec::enums::SignatureScheme;
use tls_codec::enums::{
    CipherSuite, HandshakeType, NamedGroup, ProtocolVersion, PskKeyExchangeMode,
};
use tls_codec::extensions::{
    binder_mut, ClientHelloExtensions, Cookie, KeyShareEntry, OfferedPsks, PskBinderEntry,
    PskIdentity, ServerName,
};
#[cfg(feature = "certificates")]
use tls_codec::{Certificate, CertificateRequest, CertificateVerify};
use tls_codec::{
    ClientHello, Codec, EncryptedExtensions, Finished, HelloRetryRequest, List, ServerHello,
};
use tls_crypto::{CryptoProvider, Digest, HashAlgorithm, KeyExchange, Secret, MAX_HASH_LEN};
use tls_psk::{EarlyDataStatus, ExternalPsk, PskMode, SessionRef};

/// The most PSK identities a ClientHello offers (external PSKs beyond this are not offered).
pub const MAX_OFFERED_PSKS: usize = 8;

/// Zeros for the binders' placeholders (RFC 8446 §4.2.11.2: computed after encoding).
const ZERO_BINDER: [u8; MAX_HASH_LEN] = [0; MAX_HASH_LEN];

/// Length of the random legacy_session_id of middlebox compatibility mode (RFC 8446 §D.4).
const COMPAT_SESSION_ID_LEN: usize = 32;

/// The ClientHello's hash before the suite is known, or after a HelloRetryRequest named it.
enum ClientTranscript<P: CryptoProvider> {
    Start(TranscriptStart<P::Hash>),
    Known(Transcript<P::Hash>),
}

impl<P: CryptoProvider> ClientTranscript<P> {
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Self::Start(t) => t.update(bytes),
            Self::Known(t) => t.update(bytes),
        }
    }

    /// The hash under `alg` of everything so far followed by `partial` (a truncated
    /// ClientHello, for binders; RFC 8446 §4.2.11.2).
    fn hash_with(&self, alg: HashAlgorithm, partial: &[u8]) -> Result<Digest> {
        match self {
            Self::Start(t) => t.hash_with(alg, partial),
            Self::Known(t) if t.algorithm() == alg => Ok(t.hash_with(partial)),
            Self::Known(_) => Err(Error::HashMismatch),
        }
    }

    /// As [`Self::into_transcript`], in place (the chosen hash's state is copied).
    fn to_transcript(&self, suite: Suite) -> Result<Transcript<P::Hash>> {
        match self {
            Self::Start(t) => t.to_transcript(suite.hash),
            Self::Known(t) if t.algorithm() == suite.hash => Ok(t.clone()),
            // RFC 8446 §4.1.4: the ServerHello's suite must be the HelloRetryRequest's.
            Self::Known(_) => Err(Error::IllegalParameter),
        }
    }

    fn into_transcript(self, suite: Suite) -> Result<Transcript<P::Hash>> {
        match self {
            Self::Start(t) => t.into_transcript(suite.hash),
            Self::Known(t) if t.algorithm() == suite.hash => Ok(t),
            // RFC 8446 §4.1.4: the ServerHello's suite must be the HelloRetryRequest's.
            Self::Known(_) => Err(Error::IllegalParameter),
        }
    }
}

/// The ClientHello fields that stay the same in ClientHello2 (RFC 8446 §4.1.2).
struct HelloParams {
    random: [u8; RANDOM_LEN],
    session_id: [u8; COMPAT_SESSION_ID_LEN],
    session_id_len: usize,
}

impl HelloParams {
    fn session_id(&self) -> &[u8] {
        self.session_id.get(..self.session_id_len).unwrap_or(&[])
    }
}

/// What ClientHello1 will offer, before its key share (see [`ExpectServerHello::plan`]).
pub(super) struct HelloPlan<'a> {
    hello: HelloParams,
    modes: &'a [PskKeyExchangeMode],
    /// psk_ke offered.
    ke: bool,
    /// psk_dhe_ke offered.
    dhe: bool,
    list: PskList<'a>,
    ticket: Option<(Secret, Suite)>,
    early: Option<EarlyOffer>,
}

impl HelloPlan<'_> {
    /// A key share goes in: no PSK is offered, or psk_dhe_ke is.
    pub(super) fn needs_share(&self) -> bool {
        self.list.n == 0 || self.dhe
    }
}

/// What the ClientHello offered by way of PSKs (RFC 8446 §4.2.9 - §4.2.11).
pub(super) struct PskOffer {
    kind: PskKind,
    /// Identities offered.
    count: u16,
    /// The resumption PSK and its suite, when a ticket was offered (external PSKs are found
    /// again in the connection's list).
    ticket: Option<(Secret, Suite)>,
    /// 0-RTT offered for the first identity.
    early: Option<EarlyOffer>,
    /// psk_ke offered.
    ke: bool,
    /// psk_dhe_ke offered.
    dhe: bool,
}

/// The terms 0-RTT was offered on (RFC 8446 §4.2.10).
#[derive(Clone, Copy)]
pub(super) struct EarlyOffer {
    /// The first identity's suite: the early keys' and the one the server must choose.
    suite: Suite,
    /// The ALPN protocol the early data belongs to (index into the config's list).
    alpn: Option<usize>,
    /// How much early data may be sent.
    pub(super) max: u32,
}

/// The PSK identities of one ClientHello, with what computes their binders.
struct PskList<'a> {
    kind: PskKind,
    identities: [PskIdentity<'a>; MAX_OFFERED_PSKS],
    secrets: [&'a [u8]; MAX_OFFERED_PSKS],
    hashes: [HashAlgorithm; MAX_OFFERED_PSKS],
    n: usize,
}

impl<'a> PskList<'a> {
    fn new(kind: PskKind) -> Self {
        Self {
            kind,
            identities: [PskIdentity {
                identity: &[],
                obfuscated_ticket_age: 0,
            }; MAX_OFFERED_PSKS],
            secrets: [&[]; MAX_OFFERED_PSKS],
            hashes: [HashAlgorithm::Sha256; MAX_OFFERED_PSKS],
            n: 0,
        }
    }

    fn push(&mut self, identity: &'a [u8], age: u32, secret: &'a [u8], hash: HashAlgorithm) {
        if let (Some(i), Some(s), Some(h)) = (
            self.identities.get_mut(self.n),
            self.secrets.get_mut(self.n),
            self.hashes.get_mut(self.n),
        ) {
            *i = PskIdentity {
                identity,
                obfuscated_ticket_age: age,
            };
            *s = secret;
            *h = hash;
            self.n = self.n.saturating_add(1);
        }
    }

    fn identities(&self) -> &[PskIdentity<'a>] {
        self.identities.get(..self.n).unwrap_or(&[])
    }
}

/// Whether `hash` is the hash of a suite our policy offers (a PSK of another hash is useless,
/// RFC 8446 §4.2.11).
fn hash_offered(policy: &crate::SecurityPolicy, hash: HashAlgorithm) -> bool {
    policy
        .cipher_suites
        .iter()
        .filter_map(|s| Suite::lookup(*s))
        .any(|s| s.hash == hash)
}

/// The hash of every suite the policy offers (that we implement), when they all share one.
fn single_hash(policy: &crate::SecurityPolicy) -> Option<HashAlgorithm> {
    let mut hashes = policy
        .cipher_suites
        .iter()
        .filter_map(|s| Suite::lookup(*s))
        .map(|s| s.hash);
    let first = hashes.next()?;
    hashes.all(|h| h == first).then_some(first)
}

/// The external PSKs a ClientHello offers, in order: usable with our suites (and with `only`,
/// the HelloRetryRequest's hash, after one), at most [`MAX_OFFERED_PSKS`].
fn offered_external<'c, P: CryptoProvider>(
    hs: &Context<'c, P>,
    only: Option<HashAlgorithm>,
) -> impl Iterator<Item = &'c ExternalPsk<'c>> + 'c {
    let policy: &'c crate::SecurityPolicy = hs.config.policy;
    let psks: &'c [ExternalPsk<'c>] = hs.psks;
    psks.iter()
        .filter(move |p| hash_offered(policy, p.hash) && only.is_none_or(|h| h == p.hash))
        .filter(|p| p.validate().is_ok())
        .take(MAX_OFFERED_PSKS)
}

/// The index in the config's ALPN list of `alpn`, `Some(None)` for no ALPN, `None` if the
/// config does not offer it (no 0-RTT then: RFC 8446 §4.2.10).
fn early_alpn(offered: &[&[u8]], alpn: Option<&[u8]>) -> Option<Option<usize>> {
    match alpn {
        None => Some(None),
        Some(a) => offered.iter().position(|o| *o == a).map(Some),
    }
}

/// The early-data terms of the first identity, when 0-RTT can be offered with it.
fn early_terms(
    policy: &crate::SecurityPolicy,
    alpn: &[&[u8]],
    max: u32,
    suite: CipherSuite,
    bound_alpn: Option<&[u8]>,
) -> Option<EarlyOffer> {
    if max == 0 || !policy.cipher_suites.contains(&suite) {
        return None;
    }
    Some(EarlyOffer {
        suite: Suite::lookup(suite)?,
        alpn: early_alpn(alpn, bound_alpn)?,
        max,
    })
}

/// ClientHello sent; waiting for a ServerHello or a HelloRetryRequest.
pub(super) struct ExpectServerHello<P: CryptoProvider> {
    /// Our key share, absent when only psk_ke is offered.
    kx: Option<(P::KeyExchange, NamedGroup)>,
    transcript: ClientTranscript<P>,
    hello: HelloParams,
    /// The suite of the HelloRetryRequest, once one was received.
    retried: Option<Suite>,
    psk: Option<PskOffer>,
}

/// What the ServerHello agreed on about PSKs.
#[derive(Clone, Copy)]
pub(super) struct PskAgreed {
    /// `selected_identity`.
    index: u16,
    /// The 0-RTT offer, if one was made.
    early: Option<EarlyOffer>,
}

/// Waiting for EncryptedExtensions (RFC 8446 §4.3.1).
pub(super) struct ExpectEncryptedExtensions<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
    /// Set when the server accepted a PSK: no certificates follow.
    psk: Option<PskAgreed>,
    /// 0-RTT was offered (whatever the server did with the PSK).
    early_offered: bool,
}

#[cfg(feature = "certificates")]
/// Waiting for a CertificateRequest or the server's Certificate.
pub(super) struct ExpectCertificateOrRequest<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
}

#[cfg(feature = "certificates")]
/// What we answer a CertificateRequest with (RFC 8446 §4.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ClientCertificate {
    /// No CertificateRequest: no Certificate from us.
    NotRequested,
    /// Asked, but we have no identity usable with the server's schemes: empty Certificate.
    Empty,
    /// Our chain and a CertificateVerify under this scheme.
    Send(SignatureScheme),
}

#[cfg(feature = "certificates")]
/// CertificateRequest received; waiting for the server's Certificate.
pub(super) struct ExpectCertificate<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
    ours: ClientCertificate,
}

#[cfg(feature = "certificates")]
/// The server's chain verified; waiting for its CertificateVerify.
pub(super) struct ExpectCertificateVerify<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
    ours: ClientCertificate,
    server_key: PeerKey,
}

/// The server proved its key (or a PSK was agreed); waiting for its Finished.
pub(super) struct ExpectFinished<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
    #[cfg(feature = "certificates")]
    ours: ClientCertificate,
    /// `None` only in a PSK handshake, where the PSK authenticates the server (RFC 8446 §2.2).
    #[cfg(feature = "certificates")]
    _verified: Option<CertificateVerified>,
    /// 0-RTT was accepted: EndOfEarlyData goes first in our flight (RFC 8446 §4.5).
    end_of_early_data: bool,
}

/// RFC 8446 §4.2.1: a ServerHello or HelloRetryRequest without supported_versions comes from
/// a server that cannot do TLS 1.3; one that selects anything but TLS 1.3 is illegal.
fn check_selected_version(v: Option<ProtocolVersion>) -> Result<()> {
    match v {
        None => Err(Error::ProtocolVersion),
        Some(ProtocolVersion::TLS_1_3) => Ok(()),
        Some(_) => Err(Error::IllegalParameter),
    }
}

/// What a ClientHello carries besides the fixed parameters.
struct HelloOffer<'a> {
    /// Our key share (absent with psk_ke alone).
    share: Option<(NamedGroup, &'a [u8])>,
    cookie: Option<Cookie<'a>>,
    psks: Option<&'a PskList<'a>>,
    modes: &'a [PskKeyExchangeMode],
    early_data: bool,
}

/// Encodes and sends a ClientHello (RFC 8446 §4.1.2), computing PSK binders over the
/// truncated message (RFC 8446 §4.2.11.2) and hashing it into `transcript`.
fn send_client_hello<P: CryptoProvider>(
    hs: &Context<'_, P>,
    hello: &HelloParams,
    offer: &HelloOffer<'_>,
    transcript: &mut ClientTranscript<P>,
    out: &mut dyn Output,
) -> Result<()> {
    let config = hs.config;
    let p = config.provider;
    let policy = config.policy;
    let (names, n) = alpn_names(config.alpn)?;
    let alpn = names.get(..n).unwrap_or(&[]);
    let name = hs.info.server_name.as_ref().and_then(|n| n.as_str());
    let sni_name = match name.map(tls_cert::ServerName::parse) {
        Some(Ok(tls_cert::ServerName::Dns(d))) => Some(d),
        _ => None,
    };
    let sni = sni_name.map(|d| [ServerName::host_name(d.as_bytes())]);
    let share = offer.share.map(|(group, key_exchange)| {
        [KeyShareEntry {
            group,
            key_exchange,
        }]
    });
    // Placeholder binders of the right lengths, filled in once the message is encoded.
    let mut binders = [PskBinderEntry(&[]); MAX_OFFERED_PSKS];
    if let Some(list) = offer.psks {
        for (b, h) in binders.iter_mut().zip(list.hashes.iter().take(list.n)) {
            *b = PskBinderEntry(ZERO_BINDER.get(..h.output_len()).ok_or(Error::BadLength)?);
        }
    }
    // Only what this build can complete is offered.
    let suites = Offered::new(policy.cipher_suites, CipherSuite(0), |s| {
        suite_supported(p, s)
    })?;
    let groups = Offered::new(policy.groups, NamedGroup(0), |g| {
        supported_group(p, g).is_some()
    })?;
    #[cfg(feature = "certificates")]
    let schemes = Offered::new(policy.signature_schemes, SignatureScheme(0), |s| {
        scheme_supported(p, s)
    })?;
    #[cfg(feature = "certificates")]
    let certificate_schemes = Offered::new(
        policy.certificate_signature_schemes,
        SignatureScheme(0),
        |s| certificate_scheme_supported(p, s),
    )?;
    let pre_shared_key = offer.psks.map(|list| OfferedPsks {
        identities: List::Items(list.identities()),
        binders: List::Items(binders.get(..list.n).unwrap_or(&[])),
    });
    let extensions = ClientHelloExtensions {
        server_name: sni.as_ref().map(|s| List::Items(s)),
        // RFC 8446 §9.2: supported_groups and key_share go together; without a share
        // (psk_ke alone) neither is sent.
        supported_groups: share.is_some().then_some(List::Items(groups.as_slice())),
        // RFC 8446 §4.2.3: sent by "clients which desire the server to authenticate itself
        // via a certificate"; a PSK-only client (no `certificates`) sends neither.
        #[cfg(feature = "certificates")]
        signature_algorithms: Some(List::Items(schemes.as_slice())),
        #[cfg(feature = "certificates")]
        signature_algorithms_cert: Some(List::Items(certificate_schemes.as_slice())),
        alpn: (!alpn.is_empty()).then_some(List::Items(alpn)),
        supported_versions: Some(List::Items(&[ProtocolVersion::TLS_1_3])),
        key_share: share.as_ref().map(|s| List::Items(s)),
        cookie: offer.cookie,
        // RFC 8446 §4.2.9: required with pre_shared_key. Also sent in resumption mode
        // without a ticket: servers only issue tickets for the modes a client lists (rustls
        // sends none to a client without psk_dhe_ke).
        psk_key_exchange_modes: (offer.psks.is_some() || hs.psk_mode == PskMode::Resumption)
            .then_some(List::Items(offer.modes)),
        early_data: offer.early_data,
        pre_shared_key,
        // RFC 6066 §4, RFC 8449 §4: the record sizes we want to receive.
        max_fragment_length: config.records.max_fragment_length,
        record_size_limit: hs.record_size_limit,
        ..ClientHelloExtensions::default()
    };
    let ch = ClientHello {
        legacy_version: LEGACY_VERSION,
        random: &hello.random,
        legacy_session_id: hello.session_id(),
        cipher_suites: List::Items(suites.as_slice()),
        // RFC 8446 §4.1.2: exactly one byte, the null method.
        legacy_compression_methods: &[0],
        extensions,
    };
    let binders_len = ch.binders_len();
    emit::send_patched(
        out,
        HandshakeType::CLIENT_HELLO,
        &|w| ch.encode(w),
        &mut |msg| {
            if let (Some(list), Some(len)) = (offer.psks, binders_len) {
                // RFC 8446 §4.2.11.2: each binder is an HMAC over the transcript up to and
                // including the ClientHello truncated before the binders list.
                let start = msg.len().checked_sub(len).ok_or(Error::BadLength)?;
                let (truncated, tail) = msg.split_at_mut(start);
                for i in 0..list.n {
                    let (Some(hash), Some(secret)) = (list.hashes.get(i), list.secrets.get(i))
                    else {
                        return Err(Error::BadLength);
                    };
                    let digest = transcript.hash_with(*hash, truncated)?;
                    let key = EarlySecret::new(p, *hash, Some(secret))?.binder_key(list.kind)?;
                    let binder = key.binder(p, &digest)?;
                    let slot = binder_mut(tail, i).ok_or(Error::BadLength)?;
                    if slot.len() != binder.len() {
                        return Err(Error::BadLength);
                    }
                    slot.copy_from_slice(binder.as_bytes());
                }
            }
            transcript.update(msg);
            Ok(())
        },
    )
}

/// The PSK key exchange modes we offer (RFC 8446 §4.2.9): the config's, `[psk_dhe_ke]` if
/// it lists none.
fn our_modes<'c, P: CryptoProvider>(hs: &Context<'c, P>) -> &'c [PskKeyExchangeMode] {
    let modes = hs.config.psk.key_exchange_modes;
    if modes.is_empty() {
        &[PskKeyExchangeMode::PSK_DHE_KE]
    } else {
        modes
    }
}

impl<'c, P: CryptoProvider> ExpectServerHello<P> {
    /// ClientHello1's first part: the randoms, and what it offers: `session`'s ticket or the
    /// external PSKs, and 0-RTT when asked and allowed. Then [`Self::key_share`] (when
    /// [`HelloPlan::needs_share`]) and [`Self::send_hello`]; three steps, so that the key
    /// generation runs under none of the others' frames.
    #[inline(never)]
    pub(super) fn plan<'a>(
        hs: &Context<'c, P>,
        session: Option<&SessionRef<'a>>,
        env: &mut Env<'_>,
    ) -> Result<HelloPlan<'a>>
    where
        'c: 'a,
    {
        let config = hs.config;
        let mut random = [0u8; RANDOM_LEN];
        env.rng.fill(&mut random)?;
        let mut session_id = [0u8; COMPAT_SESSION_ID_LEN];
        let session_id_len = if config.middlebox_compat {
            // RFC 8446 §D.4: "the client MUST send a non-empty session ID": 32 random bytes.
            env.rng.fill(&mut session_id)?;
            COMPAT_SESSION_ID_LEN
        } else {
            0
        };

        // The PSKs: a ticket (resumption mode) or the external PSKs (RFC 8446 §2.2).
        let modes = our_modes(hs);
        let ke = modes.contains(&PskKeyExchangeMode::PSK_KE);
        let dhe = modes.contains(&PskKeyExchangeMode::PSK_DHE_KE);
        let mut list = PskList::new(PskKind::External);
        let mut ticket = None;
        let mut early = None;
        match hs.psk_mode {
            PskMode::Resumption => {
                if let Some(sess) = session {
                    let suite = Suite::lookup(sess.suite()).filter(|s| {
                        config.policy.cipher_suites.contains(&s.suite)
                            && suite_supported(config.provider, s.suite)
                    });
                    // RFC 8446 §4.6.1: not past its lifetime; a suite we still offer.
                    if let (Some(suite), Some(age)) = (suite, sess.obfuscated_age(env.now_ms)) {
                        list = PskList::new(PskKind::Resumption);
                        list.push(sess.ticket(), age, sess.psk(), suite.hash);
                        ticket = Some((Secret::from_slice(sess.psk())?, suite));
                        early = early_terms(
                            config.policy,
                            config.alpn,
                            sess.max_early_data(),
                            sess.suite(),
                            sess.alpn(),
                        );
                    }
                }
            }
            PskMode::External => {
                for (i, psk) in offered_external(hs, None).enumerate() {
                    list.push(psk.identity, 0, psk.secret, psk.hash);
                    if i == 0 {
                        early = psk.early_data.and_then(|ed| {
                            early_terms(
                                config.policy,
                                config.alpn,
                                ed.max_early_data,
                                ed.suite,
                                ed.alpn,
                            )
                        });
                    }
                }
            }
        }
        let offering = list.n > 0;
        // RFC 8446 §4.2.10: 0-RTT only when the application asked and the first PSK allows.
        let early = early.filter(|_| hs.want_early_data && offering);
        Ok(HelloPlan {
            hello: HelloParams {
                random,
                session_id,
                session_id_len,
            },
            modes,
            ke,
            dhe,
            list,
            ticket,
            early,
        })
    }

    /// Our key share (RFC 8446 §4.2.8): for the policy's first group we implement (all groups
    /// are listed).
    #[inline(never)]
    pub(super) fn key_share(
        hs: &Context<'c, P>,
        env: &mut Env<'_>,
    ) -> Result<(P::KeyExchange, NamedGroup)> {
        let config = hs.config;
        let (group, kx_alg) = config
            .policy
            .groups
            .iter()
            .find_map(|g| supported_group(config.provider, *g).map(|k| (*g, k)))
            .ok_or(Error::InvalidConfig)?;
        Ok((config.provider.key_exchange(kx_alg, env.rng)?, group))
    }

    /// Sends ClientHello1 as `plan`ned, with the key share `kx` (none when psk_ke is the only
    /// mode offered with a PSK: the cheapest handshake).
    #[inline(never)]
    pub(super) fn send_hello(
        hs: &mut Context<'c, P>,
        plan: HelloPlan<'_>,
        kx: Option<(P::KeyExchange, NamedGroup)>,
        out: &mut dyn Output,
    ) -> Result<Self> {
        let config = hs.config;
        let p = config.provider;
        let HelloPlan {
            hello,
            modes,
            ke,
            dhe,
            list,
            ticket,
            early,
        } = plan;
        let offering = list.n > 0;
        // One hash when every suite we offer uses it (the common embedded policy): hash the
        // ClientHello with it alone. Otherwise with every hash, until the server picks.
        let mut transcript = match single_hash(config.policy) {
            Some(hash) => ClientTranscript::Known(Transcript::new(p, hash)?),
            None => ClientTranscript::Start(TranscriptStart::new(p)?),
        };
        send_client_hello(
            hs,
            &hello,
            &HelloOffer {
                share: kx.as_ref().map(|(k, g)| (*g, k.public_key())),
                cookie: None,
                psks: offering.then_some(&list),
                modes,
                early_data: early.is_some(),
            },
            &mut transcript,
            out,
        )?;
        if let Some(e) = early {
            // RFC 8446 §D.4: with early data, the dummy change_cipher_spec goes right after
            // the first ClientHello.
            if hello.session_id_len > 0 && !hs.ccs_sent {
                out.send_change_cipher_spec()?;
                hs.ccs_sent = true;
            }
            // RFC 8446 §7.1: client_early_traffic_secret over ClientHello, with the first PSK.
            let secret = list.secrets.first().copied().unwrap_or(&[]);
            let ch_hash = transcript.hash_with(e.suite.hash, &[])?;
            let cets = client_early_traffic_secret(p, e.suite, secret, &ch_hash)?;
            install_write(p, out, e.suite, KeyLevel::EarlyData, &cets)?;
            hs.early_max = e.max;
        }
        hs.info.early_data = if early.is_some() {
            EarlyDataStatus::Rejected
        } else {
            EarlyDataStatus::NotSent
        };
        let psk = offering.then(|| PskOffer {
            kind: list.kind,
            count: u16::try_from(list.n).unwrap_or(u16::MAX),
            ticket,
            early,
            ke,
            dhe,
        });
        Ok(Self {
            kx,
            transcript,
            hello,
            retried: None,
            psk,
        })
    }

    /// Checks the fields a ServerHello and a HelloRetryRequest share (RFC 8446 §4.1.3).
    fn check_common(
        &self,
        hs: &Context<'c, P>,
        session_id_echo: &[u8],
        suite: CipherSuite,
        compression: u8,
    ) -> Result<Suite> {
        // "A client which receives a legacy_session_id_echo field that does not match what it
        // sent in the ClientHello MUST abort the handshake with an "illegal_parameter" alert."
        if session_id_echo != self.hello.session_id() {
            return Err(Error::IllegalParameter);
        }
        // legacy_compression_method "MUST have the value 0".
        if compression != 0 {
            return Err(Error::IllegalParameter);
        }
        // "A client which receives a cipher suite that was not offered MUST abort the
        // handshake with an "illegal_parameter" alert."
        if !hs.config.policy.cipher_suites.contains(&suite)
            || !suite_supported(hs.config.provider, suite)
        {
            return Err(Error::IllegalParameter);
        }
        Suite::lookup(suite).ok_or(Error::IllegalParameter)
    }

    /// RFC 8446 §4.1.4: a HelloRetryRequest; answers with ClientHello2.
    /// RFC 8446 §4.1.4: checks a HelloRetryRequest, in place; the suite, and the group of the
    /// new key share it asks for (`None`: keep ours). Then [`Self::retry_share`] (for a new
    /// group) and [`Self::hello_retry_request`], siblings: the key generation runs under
    /// neither of the others' frames.
    pub(super) fn hello_retry_check(
        &self,
        hs: &Context<'c, P>,
        hrr: &HelloRetryRequest<'_>,
    ) -> Result<(Suite, Option<NamedGroup>)> {
        // "If a client receives a second HelloRetryRequest in the same connection [...], it
        // MUST abort the handshake with an "unexpected_message" alert."
        if self.retried.is_some() {
            return Err(Error::UnexpectedMessage);
        }
        let x = &hrr.extensions;
        check_selected_version(x.supported_versions)?;
        let suite = self.check_common(
            hs,
            hrr.legacy_session_id_echo,
            hrr.cipher_suite,
            hrr.legacy_compression_method,
        )?;
        // RFC 8446 §4.2: only extensions we offered may come back.
        if x.first_unknown.is_some() {
            return Err(Error::UnsupportedExtension);
        }
        // "Clients MUST abort the handshake with an "illegal_parameter" alert if the
        // HelloRetryRequest would not result in any change in the ClientHello."
        if x.key_share.is_none() && x.cookie.is_none() {
            return Err(Error::IllegalParameter);
        }
        match (x.key_share, &self.kx) {
            (Some(selected), Some((_, group))) => {
                // RFC 8446 §4.2.8: the selected group "MUST correspond to a group which was
                // provided in the "supported_groups" extension in the original ClientHello"
                // and "MUST NOT correspond to a group which was provided in the "key_share"
                // extension in the original ClientHello", else illegal_parameter.
                if selected == *group || !hs.config.policy.groups.contains(&selected) {
                    return Err(Error::IllegalParameter);
                }
                supported_group(hs.config.provider, selected).ok_or(Error::IllegalParameter)?;
                Ok((suite, Some(selected)))
            }
            // psk_ke alone: we sent no supported_groups, so no group can be asked for.
            (Some(_), None) => Err(Error::IllegalParameter),
            (None, _) => Ok((suite, None)),
        }
    }

    /// A key share for the group a HelloRetryRequest selected.
    #[inline(never)]
    pub(super) fn retry_share(
        hs: &Context<'c, P>,
        selected: NamedGroup,
        env: &mut Env<'_>,
    ) -> Result<(P::KeyExchange, NamedGroup)> {
        let alg = supported_group(hs.config.provider, selected).ok_or(Error::IllegalParameter)?;
        Ok((hs.config.provider.key_exchange(alg, env.rng)?, selected))
    }

    /// RFC 8446 §4.1.4: the HelloRetryRequest (`bytes`) checked by
    /// [`Self::hello_retry_check`] into `suite`; answers with ClientHello2, with `new_kx`
    /// replacing our key share when the server asked for another group.
    pub(super) fn hello_retry_request(
        self,
        hs: &mut Context<'c, P>,
        hrr: &HelloRetryRequest<'_>,
        bytes: &[u8],
        suite: Suite,
        new_kx: Option<(P::KeyExchange, NamedGroup)>,
        out: &mut dyn Output,
    ) -> Result<Self> {
        let x = &hrr.extensions;
        let config = hs.config;
        let p = config.provider;
        let Self {
            kx,
            transcript,
            hello,
            psk,
            ..
        } = self;
        let kx = match new_kx {
            Some(new) => {
                drop(kx);
                Some(new)
            }
            None => kx,
        };
        // RFC 8446 §4.4.1: ClientHello1 is replaced by message_hash, then the HRR follows.
        let mut t = transcript.into_transcript(suite)?;
        t.replace_with_message_hash(p)?;
        t.update(bytes);
        hs.info.hello_retry = true;
        // RFC 8446 §4.2.10: a HelloRetryRequest rejects 0-RTT; ClientHello2 goes in the
        // clear and offers no early data.
        if psk.as_ref().is_some_and(|o| o.early.is_some()) {
            out.clear_write_keys()?;
            out.event(Event::EarlyDataRejected { skip_limit: 0 });
            hs.early_max = 0;
        }
        // RFC 8446 §D.4: the dummy change_cipher_spec goes right before our second flight,
        // which here is ClientHello2.
        if hello.session_id_len > 0 && !hs.ccs_sent {
            out.send_change_cipher_spec()?;
            hs.ccs_sent = true;
        }
        // RFC 8446 §4.1.2: ClientHello2 updates the PSK binders and may drop PSKs that do not
        // fit the server's suite. External PSKs are offered again (those of the suite's
        // hash); a ticket is not (the session was lent only for ClientHello1): the handshake
        // goes on without it.
        let modes = our_modes(hs);
        let mut list = PskList::new(PskKind::External);
        let mut offer = None;
        if let Some(o) = psk {
            if o.kind == PskKind::External {
                for psk in offered_external(hs, Some(suite.hash)) {
                    list.push(psk.identity, 0, psk.secret, psk.hash);
                }
                offer = (list.n > 0).then(|| PskOffer {
                    kind: PskKind::External,
                    count: u16::try_from(list.n).unwrap_or(u16::MAX),
                    ticket: None,
                    early: None,
                    ke: o.ke,
                    dhe: o.dhe,
                });
            }
        }
        let mut transcript = ClientTranscript::Known(t);
        send_client_hello(
            hs,
            &hello,
            &HelloOffer {
                share: kx.as_ref().map(|(k, g)| (*g, k.public_key())),
                cookie: x.cookie,
                psks: (list.n > 0).then_some(&list),
                modes,
                early_data: false,
            },
            &mut transcript,
            out,
        )?;
        Ok(Self {
            kx,
            transcript,
            hello,
            retried: Some(suite),
            psk: offer,
        })
    }

    /// RFC 8446 §4.1.3: checks the ServerHello and completes the key exchange, in place
    /// (the key share and the PSK offer are used up; the transition then ends in
    /// [`Self::server_hello_keys`]). Nothing large is moved before the (EC)DHE computation.
    pub(super) fn server_hello_agree(
        &mut self,
        hs: &mut Context<'c, P>,
        sh: &ServerHello<'_>,
    ) -> Result<HelloAgreed> {
        let x = &sh.extensions;
        check_selected_version(x.supported_versions)?;
        let suite = self.check_common(
            hs,
            sh.legacy_session_id_echo,
            sh.cipher_suite,
            sh.legacy_compression_method,
        )?;
        // RFC 8446 §4.1.4: the ServerHello's suite must be the HelloRetryRequest's.
        if self.retried.is_some_and(|r| r != suite) {
            return Err(Error::IllegalParameter);
        }
        // RFC 8446 §4.2: unknown extensions were never requested.
        if x.first_unknown.is_some() {
            return Err(Error::UnsupportedExtension);
        }
        let kx = self.kx.take();
        let offer = self.psk.take();
        let retried = self.retried;
        // RFC 8446 §4.2.11: "Clients MUST verify that the server's selected_identity is within
        // the range supplied by the client, that the server selected a cipher suite indicating
        // a Hash associated with the PSK, and that a server "key_share" extension is present
        // if required by the ClientHello "psk_key_exchange_modes" extension. If these values
        // are not consistent, the client MUST abort the handshake with an "illegal_parameter"
        // alert."
        let mut psk_secret = None;
        let mut agreed = None;
        if let Some(index) = x.pre_shared_key {
            let o = offer.as_ref().ok_or(Error::UnsupportedExtension)?;
            if index >= o.count {
                return Err(Error::IllegalParameter);
            }
            let (secret, hash) = match &o.ticket {
                Some((secret, s)) => (Secret::from_slice(secret.as_bytes())?, s.hash),
                None => {
                    let e = offered_external(hs, retried.map(|r| r.hash))
                        .nth(usize::from(index))
                        .ok_or(Error::IllegalParameter)?;
                    hs.info.psk_identity = Some(FixedBytes::truncated(e.identity));
                    (Secret::from_slice(e.secret)?, e.hash)
                }
            };
            if hash != suite.hash {
                return Err(Error::IllegalParameter);
            }
            let mode = if x.key_share.is_some() {
                PskKeyExchangeMode::PSK_DHE_KE
            } else {
                PskKeyExchangeMode::PSK_KE
            };
            if (mode == PskKeyExchangeMode::PSK_KE && !o.ke)
                || (mode == PskKeyExchangeMode::PSK_DHE_KE && !o.dhe)
            {
                return Err(Error::IllegalParameter);
            }
            if o.kind == PskKind::Resumption {
                hs.info.resumed = true;
                hs.info.psk_identity = FixedBytes::new(crate::negotiated::TICKET_IDENTITY_MARKER);
            }
            hs.info.psk_mode = Some(mode);
            psk_secret = Some(secret);
            agreed = Some(PskAgreed {
                index,
                early: o.early,
            });
        }
        let early_offered = offer.as_ref().is_some_and(|o| o.early.is_some());
        drop(offer);
        // RFC 8446 §4.2.8: the server's share must be in our group; without a PSK it must be
        // there.
        let shared = match (x.key_share, kx) {
            // Without `certificates` only a PSK can authenticate the server: one that accepted
            // none of ours went on to a certificate handshake, which we did not ask for (no
            // signature_algorithms, RFC 8446 §4.2.3) and cannot do, so there is no acceptable
            // set of parameters (RFC 8446 §6.2: handshake_failure).
            #[cfg(not(feature = "certificates"))]
            _ if psk_secret.is_none() => return Err(Error::HandshakeFailure),
            (Some(share), Some((kx, group))) => {
                if share.group != group {
                    return Err(Error::IllegalParameter);
                }
                hs.info.group = Some(share.group);
                Some(kx.complete(share.key_exchange)?)
            }
            (Some(_), None) => return Err(Error::IllegalParameter),
            (None, _) if psk_secret.is_some() => None,
            (None, _) => return Err(Error::MissingExtension),
        };
        Ok(HelloAgreed {
            suite,
            psk_secret,
            psk: agreed,
            early_offered,
            shared,
        })
    }

    /// The ServerHello (`bytes`) accepted by [`Self::server_hello_agree`]: derives the
    /// handshake secrets.
    pub(super) fn server_hello_keys(
        &self,
        hs: &mut Context<'c, P>,
        agreed: HelloAgreed,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<ExpectEncryptedExtensions<'c, P>> {
        let p = hs.config.provider;
        let suite = agreed.suite;
        // In place: the state is replaced once the keys are derived.
        let mut transcript = self.transcript.to_transcript(suite)?;
        transcript.update(bytes);
        let keys = HandshakeKeys::new(
            p,
            suite,
            transcript,
            agreed.psk_secret.as_ref().map(Secret::as_bytes),
            agreed.shared.as_ref(),
        )?;
        install_read(p, out, suite, KeyLevel::Handshake, &keys.server)?;
        hs.info.suite = Some(suite);
        Ok(ExpectEncryptedExtensions {
            keys,
            psk: agreed.psk,
            early_offered: agreed.early_offered,
        })
    }
}

/// What a ServerHello settled, before the handshake secrets are derived.
pub(super) struct HelloAgreed {
    suite: Suite,
    /// The PSK, when the server accepted one.
    psk_secret: Option<Secret>,
    psk: Option<PskAgreed>,
    /// 0-RTT was offered (whatever the server did with the PSK).
    early_offered: bool,
    /// The (EC)DHE shared secret (absent in psk_ke mode).
    shared: Option<Secret>,
}

impl<'c, P: CryptoProvider> ExpectEncryptedExtensions<'c, P> {
    /// RFC 8446 §4.3.1.
    pub(super) fn encrypted_extensions(
        mut self,
        hs: &mut Context<'c, P>,
        ee: &EncryptedExtensions<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<AfterEncryptedExtensions<'c, P>> {
        self.keys.transcript.update(bytes);
        // RFC 8446 §4.2: responses only to what we asked for: max_fragment_length and
        // record_size_limit only when sent; early_data only when offering 0-RTT; server_name
        // only with SNI.
        let sent_sni = hs
            .info
            .server_name
            .as_ref()
            .and_then(|n| n.as_str())
            .is_some_and(|n| {
                matches!(
                    tls_cert::ServerName::parse(n),
                    Ok(tls_cert::ServerName::Dns(_))
                )
            });
        let asked_mfl = hs.config.records.max_fragment_length;
        if ee.first_unknown.is_some()
            || (ee.max_fragment_length.is_some() && asked_mfl.is_none())
            || (ee.early_data && !self.early_offered)
            || (ee.record_size_limit.is_some() && hs.record_size_limit.is_none())
            || (ee.server_name && !sent_sni)
        {
            return Err(Error::UnsupportedExtension);
        }
        // RFC 6066 §4: the server echoes the very value asked for, or it is illegal_parameter.
        if ee.max_fragment_length.is_some() && ee.max_fragment_length != asked_mfl {
            return Err(Error::IllegalParameter);
        }
        record_limits(hs, ee, out);
        if let Some(p) = ee.alpn {
            // RFC 7301 §3.1: the server's protocol must be one the client offered.
            if hs.config.alpn.is_empty() {
                return Err(Error::UnsupportedExtension);
            }
            if !hs.config.alpn.contains(&p.0) {
                return Err(Error::IllegalParameter);
            }
            hs.info.alpn = FixedBytes::new(p.0);
        }
        // RFC 8446 §4.2.10: "If the server has supplied an "early_data" extension, the client
        // MUST verify that the server's selected_identity is 0. If any other value is
        // returned, the client MUST abort the handshake with an "illegal_parameter" alert."
        // The early keys were for the first PSK's suite and ALPN: the server must agree.
        let mut accepted = false;
        if ee.early_data {
            let agreed = self.psk.ok_or(Error::IllegalParameter)?;
            let early = agreed.early.ok_or(Error::IllegalParameter)?;
            let bound = early.alpn.and_then(|i| hs.config.alpn.get(i).copied());
            if agreed.index != 0 || early.suite != self.keys.suite || bound != ee.alpn.map(|a| a.0)
            {
                return Err(Error::IllegalParameter);
            }
            accepted = true;
        }
        if self.early_offered {
            if accepted {
                hs.info.early_data = EarlyDataStatus::Accepted;
                out.event(Event::EarlyDataAccepted);
            } else {
                hs.info.early_data = EarlyDataStatus::Rejected;
                hs.early_max = 0;
                out.event(Event::EarlyDataRejected { skip_limit: 0 });
            }
        }
        // RFC 8446 §2.2: with a PSK, no Certificate or CertificateVerify (and §4.3.2: no
        // CertificateRequest either).
        if self.psk.is_none() {
            #[cfg(feature = "certificates")]
            return Ok(AfterEncryptedExtensions::CertificateOrRequest(
                ExpectCertificateOrRequest { keys: self.keys },
            ));
            // Unreachable: the ServerHello without a PSK already failed.
            #[cfg(not(feature = "certificates"))]
            return Err(Error::HandshakeFailure);
        }
        Ok(AfterEncryptedExtensions::Finished(ExpectFinished {
            keys: self.keys,
            #[cfg(feature = "certificates")]
            ours: ClientCertificate::NotRequested,
            #[cfg(feature = "certificates")]
            _verified: None,
            end_of_early_data: accepted,
        }))
    }
}

/// Applies the record sizes the server agreed to (RFC 6066 §4, RFC 8449 §4): a
/// record_size_limit answer wins over an echoed max_fragment_length (RFC 8449 §5: a server
/// that takes record_size_limit ignores max_fragment_length; one that sends both is taken at
/// its record_size_limit).
fn record_limits<P: CryptoProvider>(
    hs: &mut Context<'_, P>,
    ee: &EncryptedExtensions<'_>,
    out: &mut dyn Output,
) {
    let limits = match (
        ee.record_size_limit,
        hs.record_size_limit,
        ee.max_fragment_length,
    ) {
        (Some(peer), Some(ours), _) => {
            let peer = crate::records::peer_limit(peer);
            hs.info.record_size_limit = Some(ours);
            hs.info.peer_record_size_limit = Some(peer);
            RecordLimits {
                send: peer,
                recv: ours,
            }
        }
        (_, _, Some(code)) => {
            let Some(inner) = crate::records::mfl_inner(code) else {
                return;
            };
            hs.info.max_fragment_length = Some(inner.saturating_sub(1));
            RecordLimits {
                send: inner,
                recv: inner,
            }
        }
        _ => return,
    };
    hs.info.record_limits = Some(limits);
    out.set_record_limits(limits);
}

/// Where EncryptedExtensions leads: certificates, or straight to Finished with a PSK.
pub(super) enum AfterEncryptedExtensions<'c, P: CryptoProvider> {
    #[cfg(feature = "certificates")]
    CertificateOrRequest(ExpectCertificateOrRequest<'c, P>),
    Finished(ExpectFinished<'c, P>),
}

#[cfg(feature = "certificates")]
impl<'c, P: CryptoProvider> ExpectCertificateOrRequest<'c, P> {
    /// RFC 8446 §4.3.2.
    pub(super) fn certificate_request(
        mut self,
        hs: &mut Context<'c, P>,
        cr: &CertificateRequest<'_>,
        bytes: &[u8],
    ) -> Result<ExpectCertificate<'c, P>> {
        self.keys.transcript.update(bytes);
        // "certificate_request_context [...] SHALL be zero length unless used for the
        // post-handshake authentication exchanges".
        if !cr.context.is_empty() {
            return Err(Error::IllegalParameter);
        }
        let offered = cr
            .extensions
            .signature_algorithms
            .ok_or(Error::MissingExtension)?;
        let ours = match hs.config.identity {
            Some(id) => match our_scheme(hs.config.policy, id.signer.algorithm(), offered) {
                Ok(scheme) => ClientCertificate::Send(scheme),
                // RFC 8446 §4.4.2: with no suitable certificate, send an empty one.
                Err(_) => ClientCertificate::Empty,
            },
            None => ClientCertificate::Empty,
        };
        Ok(ExpectCertificate {
            keys: self.keys,
            ours,
        })
    }

    /// The server's Certificate, without a CertificateRequest, its chain already checked by
    /// [`verify_server_certificate`].
    pub(super) fn certificate(
        self,
        hs: &mut Context<'c, P>,
        bytes: &[u8],
        peer: PeerIdentity,
    ) -> ExpectCertificateVerify<'c, P> {
        ExpectCertificate {
            keys: self.keys,
            ours: ClientCertificate::NotRequested,
        }
        .certificate(hs, bytes, peer)
    }
}

#[cfg(feature = "certificates")]
/// RFC 8446 §4.4.2: the server's Certificate message, its chain checked per the config's
/// [`Verification`]; the leaf's key and subject. Reads no state, so the transition calls it
/// before moving its state (nothing large sits under the chain's verification).
pub(super) fn verify_server_certificate<P: CryptoProvider>(
    hs: &Context<'_, P>,
    msg: &Certificate<'_>,
    env: &Env<'_>,
) -> Result<PeerIdentity> {
    // "In the case of server authentication, this field SHALL be zero length."
    if !msg.context.is_empty() {
        return Err(Error::IllegalParameter);
    }
    // RFC 8446 §4.4.2.4: "If the server supplies an empty Certificate message, the client
    // MUST abort the handshake with a "decode_error" alert."
    if msg.entries.is_empty() {
        return Err(Error::DecodeError);
    }
    let config = hs.config;
    let name = hs.info.server_name.as_ref().and_then(|n| n.as_str());
    let check = match config.verification {
        Verification::Full => NameCheck::Name(tls_cert::ServerName::parse(
            name.ok_or(Error::InvalidConfig)?,
        )?),
        Verification::VerifyHost(cb) => NameCheck::Callback(cb),
        Verification::DangerousNoVerificationForTestsOnly => NameCheck::None,
    };
    verify_peer_chain(config, msg, Purpose::ServerAuth, check, env.unix_time)
}

#[cfg(feature = "certificates")]
impl<'c, P: CryptoProvider> ExpectCertificate<'c, P> {
    /// RFC 8446 §4.4.2: the server's Certificate (`bytes`), its chain checked by
    /// [`verify_server_certificate`] into `peer`.
    pub(super) fn certificate(
        mut self,
        hs: &mut Context<'c, P>,
        bytes: &[u8],
        peer: PeerIdentity,
    ) -> ExpectCertificateVerify<'c, P> {
        self.keys.transcript.update(bytes);
        hs.info.peer_subject = peer.subject;
        ExpectCertificateVerify {
            keys: self.keys,
            ours: self.ours,
            server_key: peer.key,
        }
    }
}

#[cfg(feature = "certificates")]
impl<'c, P: CryptoProvider> ExpectCertificateVerify<'c, P> {
    /// RFC 8446 §4.4.3: checks the server's signature over the transcript so far, in place.
    pub(super) fn verify(
        &self,
        hs: &Context<'c, P>,
        cv: &CertificateVerify<'_>,
    ) -> Result<CertificateVerified> {
        let hash = self.keys.transcript.current_hash();
        verify_certificate_verify(
            hs.config.provider,
            &self.server_key,
            cv,
            hs.config.policy.signature_schemes,
            &hash,
            Signed::ByServer,
        )
    }

    /// The server's CertificateVerify (`bytes`), checked by [`Self::verify`] into `verified`.
    pub(super) fn certificate_verify(
        mut self,
        hs: &mut Context<'c, P>,
        cv: &CertificateVerify<'_>,
        bytes: &[u8],
        verified: CertificateVerified,
    ) -> ExpectFinished<'c, P> {
        self.keys.transcript.update(bytes);
        hs.info.signature_scheme = Some(cv.algorithm);
        ExpectFinished {
            keys: self.keys,
            ours: self.ours,
            _verified: Some(verified),
            end_of_early_data: false,
        }
    }
}

impl<'c, P: CryptoProvider> ExpectFinished<'c, P> {
    /// RFC 8446 §4.4.4: the server's Finished; then our second flight.
    pub(super) fn finished(
        &mut self,
        hs: &mut Context<'c, P>,
        fin: &Finished<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<Connected> {
        let config = hs.config;
        let p = config.provider;
        let hash = self.keys.transcript.current_hash();
        // RFC 8446 §4.4.4: verify_data is Hash.length bytes.
        if fin.verify_data.len() != hash.as_bytes().len() {
            return Err(Error::DecodeError);
        }
        let proof = self
            .keys
            .server
            .finished_key(p)?
            .verify_finished(p, &hash, fin.verify_data)?;
        self.keys.transcript.update(bytes);
        // In place: the state is replaced (and wiped) once this returns.
        let mut app = self.keys.to_application()?;
        let suite = app.suite;
        install_read(p, out, suite, KeyLevel::Application, &app.server)?;
        if self.end_of_early_data {
            // RFC 8446 §4.5: EndOfEarlyData, still under the early keys, ends our 0-RTT data.
            let t = &mut app.transcript;
            emit::send(
                out,
                HandshakeType::END_OF_EARLY_DATA,
                &|_| Ok(()),
                0,
                &mut |b| t.update(b),
            )?;
        }

        // RFC 8446 §D.4: the dummy change_cipher_spec before our encrypted flight, unless it
        // went before ClientHello2.
        if config.middlebox_compat && !hs.ccs_sent {
            out.send_change_cipher_spec()?;
            hs.ccs_sent = true;
        }
        install_write(p, out, suite, KeyLevel::Handshake, &app.client_handshake)?;
        let t = &mut app.transcript;
        // Certificate, CertificateVerify, Finished: one flight under the handshake keys.
        let mut flight = emit::Flight::new();
        #[cfg(feature = "certificates")]
        match (self.ours, config.identity) {
            (ClientCertificate::NotRequested, _) => {}
            (ClientCertificate::Send(scheme), Some(id)) => {
                flight.add(
                    out,
                    HandshakeType::CERTIFICATE,
                    &|w| emit::certificate_body(w, id.chain),
                    emit::certificate_message_len(id.chain),
                    &mut |b| t.update(b),
                )?;
                let hash = t.current_hash();
                send_certificate_verify(
                    out,
                    &mut flight,
                    id.signer,
                    scheme,
                    &hash,
                    Signed::ByClient,
                    &mut |b| t.update(b),
                )?;
                hs.info.client_authenticated = true;
            }
            (ClientCertificate::Empty | ClientCertificate::Send(_), _) => {
                flight.add(
                    out,
                    HandshakeType::CERTIFICATE,
                    &|w| emit::certificate_body(w, &[]),
                    0,
                    &mut |b| t.update(b),
                )?;
            }
        }
        let verify_data = app
            .client_handshake
            .finished_key(p)?
            .verify_data(p, &t.current_hash())?;
        flight.add(
            out,
            HandshakeType::FINISHED,
            &|w| w.bytes(verify_data.as_bytes()),
            0,
            &mut |b| t.update(b),
        )?;
        flight.commit(out)?;
        install_write(p, out, suite, KeyLevel::Application, &app.client)?;
        // RFC 8446 §7.1: resumption_master_secret over ClientHello..client Finished, for the
        // tickets the server may send.
        let resumption = app.resumption_master_secret(p)?;
        out.event(Event::HandshakeComplete);
        Ok(Connected::new(suite, app.client, app.server, proof).with_resumption(resumption))
    }
}
