//! The server's PSK choice, binder check, anti-replay and 0-RTT decision
//! (RFC 8446 §4.2.9 - §4.2.11, §8).

use super::ServerHandshake;
use crate::key_schedule::{BinderVerified, EarlySecret, PskKind};
use crate::negotiate::suite_supported;
use crate::suite::Suite;
use crate::transcript::Transcript;
use crate::{Error, Result};
use tls_codec::enums::{CipherSuite, PskKeyExchangeMode};
use tls_codec::extensions::OfferedPsks as WireOfferedPsks;
use tls_codec::{ClientHello, List};
use tls_crypto::{CryptoProvider, HashAlgorithm, Secret};
use tls_psk::{
    open_ticket, EarlyDataDecision, ExternalPsk, OfferedEarlyData, OfferedPsks, PskMode,
    TicketState, MAX_EARLY_DATA_CONTEXT_LEN, TICKET_ID_LEN,
};

/// How far the client's view of a ticket's age may be from the server's for its early data to
/// be accepted (RFC 8446 §8.3: a freshness check; clocks of both ends in milliseconds).
pub const EARLY_DATA_AGE_TOLERANCE_MS: u64 = 10_000;

/// How long the ClientHello of external-PSK early data is remembered for anti-replay
/// (RFC 8446 §8.2: ClientHello recording, keyed by the PSK binder, which covers the client
/// random). External PSKs carry no ticket age, so a replay later than this is not detected
/// by the store: an application that accepts external-PSK early data should use the
/// early-data callback (or turn 0-RTT off for such PSKs) where replay matters.
pub const EXTERNAL_PSK_REPLAY_WINDOW_MS: u64 = 60_000;

/// A PSK the server could use, before its binder is checked.
pub(super) struct Candidate<'c> {
    pub(super) index: u16,
    pub(super) kind: PskKind,
    pub(super) secret: Secret,
    pub(super) suite: Suite,
    pub(super) mode: PskKeyExchangeMode,
    /// What the opened ticket says (resumption).
    pub(super) ticket: Option<TicketFacts>,
    /// The external PSK.
    pub(super) external: Option<&'c ExternalPsk<'c>>,
}

/// What the rest of the handshake needs of an opened ticket (its [`TicketState`], up to
/// ~700 bytes with its ALPN and server name inline, is not kept: the candidate's frames are
/// under the binder check and the key exchange).
pub(super) struct TicketFacts {
    ticket_id: [u8; TICKET_ID_LEN],
    expires_ms: u64,
    pub(super) auth_ms: u64,
    max_early_data: u32,
    suite: CipherSuite,
    /// The client's ticket age agrees with ours (RFC 8446 §8.3), for its early data.
    age_ok: bool,
    /// The ticket's ALPN protocol is the one chosen for this connection.
    alpn_ok: bool,
    context: [u8; MAX_EARLY_DATA_CONTEXT_LEN],
    context_len: usize,
}

impl TicketFacts {
    /// The facts of `state`, offered with `obfuscated_age`, for a connection choosing `alpn`.
    fn new(state: &TicketState, obfuscated_age: u32, alpn: Option<&[u8]>, now_ms: u64) -> Self {
        let mut context = [0u8; MAX_EARLY_DATA_CONTEXT_LEN];
        let src = state.early_data_context();
        let context_len = src.len().min(MAX_EARLY_DATA_CONTEXT_LEN);
        for (d, s) in context.iter_mut().zip(src) {
            *d = *s;
        }
        Self {
            ticket_id: *state.ticket_id(),
            expires_ms: state.expires_ms(),
            auth_ms: state.auth_ms(),
            max_early_data: state.max_early_data(),
            suite: state.suite(),
            age_ok: state.ticket_age_ok(obfuscated_age, now_ms, EARLY_DATA_AGE_TOLERANCE_MS),
            alpn_ok: state.alpn() == alpn,
            context,
            context_len,
        }
    }

    fn context(&self) -> &[u8] {
        self.context.get(..self.context_len).unwrap_or(&[])
    }
}

/// A PSK whose binder verified: the server uses it.
pub(super) struct AcceptedPsk {
    pub(super) index: u16,
    pub(super) secret: Secret,
    /// The original full handshake's time, for the keying-material lifetime (tickets).
    pub(super) auth_ms: Option<u64>,
    pub(super) _binder: BinderVerified,
}

/// The server's answer to offered 0-RTT data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EarlyVerdict {
    NotOffered,
    Reject,
    Accept,
    Later,
}

/// The server's PSK key exchange mode: its first preference the client offered; psk_dhe_ke
/// only when the client sent key shares (RFC 8446 §4.2.9).
fn choose_mode(
    ours: &[PskKeyExchangeMode],
    theirs: List<'_, PskKeyExchangeMode>,
    has_shares: bool,
) -> Option<PskKeyExchangeMode> {
    let ours = if ours.is_empty() {
        &[PskKeyExchangeMode::PSK_DHE_KE][..]
    } else {
        ours
    };
    ours.iter().copied().find(|m| {
        theirs.contains(m)
            && (*m == PskKeyExchangeMode::PSK_KE
                || (*m == PskKeyExchangeMode::PSK_DHE_KE && has_shares))
    })
}

/// A suite for a PSK of `hash` (RFC 8446 §4.2.11: "the server MUST ensure that it selects a
/// compatible PSK (if any) and cipher suite"): `fixed` after a HelloRetryRequest; else the
/// PSK's own suite (`preferred`: the ticket's, or the external PSK's early-data suite) when
/// both sides allow it, else the policy's choice among the client's suites of that hash.
fn psk_suite<P: CryptoProvider>(
    provider: &P,
    policy: &crate::SecurityPolicy,
    client: List<'_, CipherSuite>,
    hash: HashAlgorithm,
    preferred: Option<CipherSuite>,
    fixed: Option<Suite>,
) -> Option<Suite> {
    if let Some(f) = fixed {
        return (f.hash == hash).then_some(f);
    }
    let ok = |s: &CipherSuite| {
        policy.cipher_suites.contains(s)
            && suite_supported(provider, *s)
            && client.contains(s)
            && Suite::lookup(*s).is_some_and(|x| x.hash == hash)
    };
    if let Some(p) = preferred.filter(|p| ok(p)) {
        return Suite::lookup(p);
    }
    policy
        .choose_suite(client.iter().filter(ok))
        .and_then(Suite::lookup)
}

/// Chooses the PSK to try (RFC 8446 §4.2.11), without side effects: the selector's or the
/// first configured external PSK the client offered (external mode), or the first ticket that
/// opens (or that the session cache knows), is live and young enough (resumption mode).
/// `None`: full handshake. `alpn`: the protocol chosen for this connection.
///
/// # Errors
/// [`Error::MissingExtension`] for pre_shared_key without psk_key_exchange_modes
/// (RFC 8446 §4.2.9).
#[inline(never)]
pub(super) fn candidate<'c, P: CryptoProvider>(
    hs: &ServerHandshake<'c, P>,
    ch: &ClientHello<'_>,
    fixed: Option<Suite>,
    alpn: Option<&[u8]>,
    now_ms: u64,
) -> Result<Option<Candidate<'c>>> {
    let x = &ch.extensions;
    let Some(offer) = x.pre_shared_key else {
        return Ok(None);
    };
    // RFC 8446 §4.2.9: "If clients offer "pre_shared_key" without a
    // "psk_key_exchange_modes" extension, servers MUST abort the handshake."
    let theirs = x.psk_key_exchange_modes.ok_or(Error::MissingExtension)?;
    let config = hs.config;
    let has_shares = x.key_share.is_some() && x.supported_groups.is_some();
    let Some(mode) = choose_mode(config.psk.key_exchange_modes, theirs, has_shares) else {
        return Ok(None);
    };
    let offered = OfferedPsks::from_extension(&offer);
    // Each mode in its own frame: a ticket's opening (its plaintext and state) is not on the
    // stack of an external-PSK handshake, and neither is under the rest of the ClientHello's.
    match hs.psk_mode {
        PskMode::External => external_candidate(hs, ch, offered, mode, fixed),
        PskMode::Resumption => resumption_candidate(hs, ch, offered, mode, fixed, alpn, now_ms),
    }
}

/// [`candidate`] in external-PSK mode.
#[inline(never)]
fn external_candidate<'c, P: CryptoProvider>(
    hs: &ServerHandshake<'c, P>,
    ch: &ClientHello<'_>,
    offered: OfferedPsks<'_>,
    mode: PskKeyExchangeMode,
    fixed: Option<Suite>,
) -> Result<Option<Candidate<'c>>> {
    let config = hs.config;
    let index = match config.psk.selector {
        Some(sel) => sel.select(offered.clone()),
        // s2n-tls: "the first identity in its PSK list that also appears in the
        // client's PSK list".
        None => hs
            .psks
            .iter()
            .find_map(|ours| offered.clone().position(|o| o.identity == ours.identity)),
    };
    let Some(index) = index else {
        return Ok(None);
    };
    let Some(o) = offered.get(index) else {
        return Ok(None);
    };
    let Some((_, psk)) = ExternalPsk::find(hs.psks, o.identity) else {
        return Ok(None);
    };
    if psk.validate().is_err() {
        return Ok(None);
    }
    let preferred = psk.early_data.map(|e| e.suite);
    let Some(suite) = psk_suite(
        config.provider,
        config.policy,
        ch.cipher_suites,
        psk.hash,
        preferred,
        fixed,
    ) else {
        return Ok(None);
    };
    Ok(Some(Candidate {
        index: u16::try_from(index).map_err(|_| Error::IllegalParameter)?,
        kind: PskKind::External,
        secret: Secret::from_slice(psk.secret)?,
        suite,
        mode,
        ticket: None,
        external: Some(psk),
    }))
}

/// A ticket we sealed, opened (its plaintext and decoding in this frame only).
#[inline(never)]
fn open_sealed<P: CryptoProvider>(
    p: &P,
    keys: &[tls_psk::TicketKey],
    lifetimes: &tls_psk::TicketKeyLifetimes,
    now_ms: u64,
    ticket: &[u8],
) -> Option<TicketState> {
    open_ticket(p, keys, lifetimes, now_ms, ticket).ok()
}

/// [`candidate`] in resumption mode: the first offered ticket we can open (or the session
/// cache knows) that is live and fits our suites.
#[inline(never)]
fn resumption_candidate<'c, P: CryptoProvider>(
    hs: &ServerHandshake<'c, P>,
    ch: &ClientHello<'_>,
    offered: OfferedPsks<'_>,
    mode: PskKeyExchangeMode,
    fixed: Option<Suite>,
    alpn: Option<&[u8]>,
    now_ms: u64,
) -> Result<Option<Candidate<'c>>> {
    let config = hs.config;
    let p = config.provider;
    let t = &config.tickets;
    if t.keys.is_empty() && t.lookup.is_none() {
        return Ok(None);
    }
    for (index, o) in offered.enumerate() {
        // RFC 8446 §4.2.11: identities the server cannot use are ignored. A ticket
        // we sealed, else the session cache's entry (stateful resumption).
        let sealed = if t.keys.is_empty() {
            None
        } else {
            open_sealed(p, t.keys, &t.lifetimes, now_ms, o.identity)
        };
        let Some(state) = sealed.or_else(|| t.lookup.and_then(|l| l.lookup(o.identity, now_ms)))
        else {
            continue;
        };
        if !state.is_live(now_ms)
            || !state.keying_material_ok(now_ms, t.keying_material_lifetime_ms)
        {
            continue;
        }
        let Some(hash) = state.hash() else {
            continue;
        };
        let Some(suite) = psk_suite(
            config.provider,
            config.policy,
            ch.cipher_suites,
            hash,
            Some(state.suite()),
            fixed,
        ) else {
            continue;
        };
        return Ok(Some(Candidate {
            index: u16::try_from(index).map_err(|_| Error::IllegalParameter)?,
            kind: PskKind::Resumption,
            secret: Secret::from_slice(state.psk().as_bytes())?,
            suite,
            mode,
            ticket: Some(TicketFacts::new(
                &state,
                o.obfuscated_ticket_age,
                alpn,
                now_ms,
            )),
            external: None,
        }));
    }
    Ok(None)
}

/// The binder of the candidate, verified in constant time over the ClientHello truncated
/// before the binders list, after `prefix` (message_hash and HelloRetryRequest) if any
/// (RFC 8446 §4.2.11.2).
///
/// # Errors
/// [`Error::BadBinder`] (`decrypt_error`) on a mismatch: "If the server cannot validate the
/// binder [...] it MUST abort the handshake" (RFC 8446 §4.2.11).
#[inline(never)]
pub(super) fn verify_binder<P: CryptoProvider>(
    p: &P,
    c: &Candidate<'_>,
    ch: &ClientHello<'_>,
    offer: &WireOfferedPsks<'_>,
    bytes: &[u8],
    prefix: Option<&Transcript<P::Hash>>,
) -> Result<BinderVerified> {
    let hash = c.suite.hash;
    let binder = offer
        .binders
        .iter()
        .nth(usize::from(c.index))
        .ok_or(Error::IllegalParameter)?;
    let range = ch.binders_range(bytes.len()).ok_or(Error::DecodeError)?;
    let truncated = bytes.get(..range.start).ok_or(Error::DecodeError)?;
    let digest = match prefix {
        Some(t) if t.algorithm() == hash => t.hash_with(truncated),
        Some(_) => return Err(Error::HashMismatch),
        None => Transcript::new(p, hash)?.hash_with(truncated),
    };
    EarlySecret::new(p, hash, Some(c.secret.as_bytes()))?
        .binder_key(c.kind)?
        .verify_binder(p, &digest, binder.0)
}

/// Whether single-use tickets are in force: anti-replay on and 0-RTT enabled for tickets.
pub(super) fn single_use<P: CryptoProvider>(hs: &ServerHandshake<'_, P>) -> bool {
    let ed = &hs.config.early_data;
    ed.anti_replay && ed.max_early_data > 0
}

/// Anti-replay for a ticket (RFC 8446 §8.1, single-use tickets): `false` when it was used
/// before (or cannot be recorded): the server then ignores it.
pub(super) fn ticket_is_fresh<P: CryptoProvider>(
    hs: &ServerHandshake<'_, P>,
    ticket: &TicketFacts,
    now_ms: u64,
) -> bool {
    if !single_use(hs) {
        return true;
    }
    match hs.config.early_data.replay_store {
        Some(store) => store
            .check_and_record(&ticket.ticket_id, now_ms, ticket.expires_ms)
            .is_fresh(),
        // No store: the ticket may resume, but its early data is rejected (see
        // `early_verdict`).
        None => true,
    }
}

/// The 0-RTT decision (RFC 8446 §4.2.10): accepted only for the first identity, with the
/// PSK's suite and ALPN protocol, 0-RTT allowed by the PSK or ticket (and, for tickets, by the
/// server now), no HelloRetryRequest, a fresh ticket age and anti-replay's consent; then the
/// callback decides.
#[allow(
    clippy::too_many_arguments,
    reason = "one call site; the pieces are the negotiation's results"
)]
pub(super) fn early_verdict<P: CryptoProvider>(
    hs: &ServerHandshake<'_, P>,
    c: &Candidate<'_>,
    offer: &WireOfferedPsks<'_>,
    alpn: Option<&[u8]>,
    retried: bool,
    now_ms: u64,
) -> EarlyVerdict {
    let ed = &hs.config.early_data;
    let Some(o) = offer.identities.iter().nth(usize::from(c.index)) else {
        return EarlyVerdict::Reject;
    };
    if c.index != 0 || retried {
        return EarlyVerdict::Reject;
    }
    let (max, suite, bound_alpn, context) = match (&c.ticket, c.external) {
        (Some(t), _) => {
            // RFC 8446 §8.3: the client's ticket age must agree with ours.
            let fresh = t.age_ok;
            // Single-use tickets need a store (the ticket was recorded when chosen).
            let replay_ok = !ed.anti_replay || ed.replay_store.is_some();
            // The ticket's ALPN protocol must be the one chosen (`alpn` below then is its).
            if !fresh || !replay_ok || ed.max_early_data == 0 || !t.alpn_ok {
                return EarlyVerdict::Reject;
            }
            (t.max_early_data, t.suite, alpn, t.context())
        }
        (None, Some(e)) => {
            let Some(terms) = e.early_data else {
                return EarlyVerdict::Reject;
            };
            (terms.max_early_data, terms.suite, terms.alpn, terms.context)
        }
        (None, None) => return EarlyVerdict::Reject,
    };
    if max == 0 || suite != c.suite.suite || bound_alpn != alpn {
        return EarlyVerdict::Reject;
    }
    if c.external.is_some() && ed.anti_replay {
        // RFC 8446 §8.2: ClientHello recording, keyed by the binder (unique per ClientHello).
        let Some(store) = ed.replay_store else {
            return EarlyVerdict::Reject;
        };
        let Some(binder) = offer.binders.iter().nth(usize::from(c.index)) else {
            return EarlyVerdict::Reject;
        };
        let mut key = [0u8; TICKET_ID_LEN];
        for (k, b) in key.iter_mut().zip(binder.0) {
            *k = *b;
        }
        let expires = now_ms.saturating_add(EXTERNAL_PSK_REPLAY_WINDOW_MS);
        if !store.check_and_record(&key, now_ms, expires).is_fresh() {
            return EarlyVerdict::Reject;
        }
    }
    match ed.callback {
        None => EarlyVerdict::Accept,
        Some(cb) => match cb.on_early_data(&OfferedEarlyData {
            identity: o.identity,
            max_early_data: max,
            context,
            alpn: bound_alpn,
        }) {
            EarlyDataDecision::Accept => EarlyVerdict::Accept,
            EarlyDataDecision::Reject => EarlyVerdict::Reject,
            EarlyDataDecision::Later => EarlyVerdict::Later,
        },
    }
}
