//! The server's states and their transitions (RFC 8446 §4.1 - §4.4).

use super::psk::{self, AcceptedPsk, EarlyVerdict};
use super::{ServerHandshake, State};
use crate::auth::{
    send_certificate_verify, verify_certificate_verify, verify_peer_chain, CertificateVerified,
    PeerKey, Signed,
};
use crate::config::ClientAuth;
use crate::connected::Connected;
use crate::emit;
use crate::key_schedule::{PskKind, TrafficSecret};
use crate::keys::{
    client_early_traffic_secret, install_read, install_write, ApplicationKeys, HandshakeKeys,
};
use crate::negotiate::{
    certificate_scheme_supported, choose_alpn, choose_group, kx_group, offers_tls13, our_scheme,
    scheme_supported, suite_supported, GroupChoice, Offered, LEGACY_VERSION,
};
use crate::negotiated::{FixedBytes, TICKET_IDENTITY_MARKER};
use crate::output::{Env, Event, KeyLevel, Output};
use crate::records::RecordLimits;
use crate::suite::Suite;
use crate::transcript::Transcript;
use crate::{Error, Result};
use tls_cert::{NameCheck, Purpose};
use tls_codec::client_hello::{MAX_SESSION_ID_LEN, RANDOM_LEN};
use tls_codec::enums::{
    HandshakeType, MaxFragmentLength, NamedGroup, ProtocolVersion, PskKeyExchangeMode,
    ServerNameType, SignatureScheme,
};
use tls_codec::extensions::{
    CertificateRequestExtensions, Cookie, HelloRetryRequestExtensions, KeyShareEntry, ProtocolName,
    ServerHelloExtensions,
};
use tls_codec::{
    Certificate, CertificateRequest, CertificateVerify, ClientHello, Codec, EncryptedExtensions,
    Finished, HelloRetryRequest, List, ServerHello,
};
use tls_crypto::{CryptoProvider, KeyExchange, Secret, MAX_PUBLIC_KEY_LEN};
use tls_psk::EarlyDataStatus;

/// Length of the random HelloRetryRequest cookie the server checks in ClientHello2.
const COOKIE_LEN: usize = 16;

/// HelloRetryRequest sent; waiting for ClientHello2 (RFC 8446 §4.1.4).
pub(super) struct ExpectRetriedClientHello<P: CryptoProvider> {
    /// message_hash(ClientHello1) and the HelloRetryRequest.
    transcript: Transcript<P::Hash>,
    suite: Suite,
    group: NamedGroup,
    cookie: [u8; COOKIE_LEN],
    session_id: [u8; MAX_SESSION_ID_LEN],
    session_id_len: usize,
}

/// Our flight sent with a CertificateRequest; waiting for the client's Certificate.
pub(super) struct ExpectClientCertificate<P: CryptoProvider> {
    app: ApplicationKeys<P>,
}

/// The client's chain verified; waiting for its CertificateVerify.
pub(super) struct ExpectClientCertificateVerify<P: CryptoProvider> {
    app: ApplicationKeys<P>,
    client_key: PeerKey,
}

/// Waiting for the client's Finished.
pub(super) struct ExpectClientFinished<P: CryptoProvider> {
    app: ApplicationKeys<P>,
    /// Present when the client authenticated.
    _verified: Option<CertificateVerified>,
}

/// 0-RTT accepted: waiting for EndOfEarlyData under the early keys (RFC 8446 §4.5).
pub(super) struct ExpectEndOfEarlyData<P: CryptoProvider> {
    app: ApplicationKeys<P>,
}

/// Everything the server flight needs once the ClientHello is processed: held while the
/// early-data callback decides later.
pub(super) struct PendingFlight<P: CryptoProvider> {
    /// Through the ClientHello.
    transcript: Transcript<P::Hash>,
    suite: Suite,
    psk: Option<AcceptedPsk>,
    /// Our group, public key and the (EC)DHE secret; absent in psk_ke mode.
    kx: Option<(NamedGroup, [u8; MAX_PUBLIC_KEY_LEN], usize, Secret)>,
    /// The CertificateVerify scheme (certificate handshakes only).
    scheme: Option<SignatureScheme>,
    session_id: [u8; MAX_SESSION_ID_LEN],
    session_id_len: usize,
    /// The client offered 0-RTT.
    early_offered: bool,
}

/// What a ClientHello leads to: a HelloRetryRequest sent, the early-data decision awaited,
/// or the server flight to write, with 0-RTT accepted or not. The flight is written by the
/// caller ([`server_flight`]), so the ClientHello's frame is gone by then.
/// What a ClientHello leads to. With a flight, the client's key share to answer (the key
/// exchange runs after [`client_hello`] returns, in a sibling frame: [`answer_share`]).
pub(super) enum AfterClientHello<'m, P: CryptoProvider> {
    Retry(ExpectRetriedClientHello<P>),
    Decision(PendingFlight<P>, Option<KeyShareEntry<'m>>),
    Flight(PendingFlight<P>, Option<KeyShareEntry<'m>>, bool),
}

/// A ClientHello (the first, or the second after `retry`): answers with a
/// HelloRetryRequest or with the whole server flight (RFC 8446 §4.1.1, §4.1.2, §4.2).
#[inline(never)]
pub(super) fn client_hello<'c, 'm, P: CryptoProvider>(
    hs: &mut ServerHandshake<'c, P>,
    ch: &ClientHello<'m>,
    bytes: &[u8],
    retry: Option<ExpectRetriedClientHello<P>>,
    out: &mut dyn Output,
    env: &mut Env<'_>,
) -> Result<AfterClientHello<'m, P>> {
    let config = hs.config;
    let p = config.provider;
    let policy = config.policy;
    let x = &ch.extensions;
    // RFC 8446 §4.2.1: a ClientHello without supported_versions listing TLS 1.3 is from a
    // client that cannot do it; we do nothing older ("protocol_version").
    if !offers_tls13(x.supported_versions) {
        return Err(Error::ProtocolVersion);
    }
    // RFC 8446 §4.1.2: "For every TLS 1.3 ClientHello, this vector MUST contain exactly one
    // byte, set to zero [...] If a TLS 1.3 ClientHello is received with any other value in
    // this field, the server MUST abort the handshake with an "illegal_parameter" alert."
    if ch.legacy_compression_methods != [0] {
        return Err(Error::IllegalParameter);
    }
    // RFC 8446 §4.2.10: "A client MUST NOT include the "early_data" extension in its
    // followup ClientHello."
    if retry.is_some() && x.early_data {
        return Err(Error::IllegalParameter);
    }
    // RFC 6066 §4, RFC 8449 §4: answered in EncryptedExtensions (the retried ClientHello's
    // count after a HelloRetryRequest).
    hs.offered_records = (x.max_fragment_length, x.record_size_limit);
    // RFC 8446 §4.1.1: the server picks the suite (policy order, or ChaCha20 boosting).
    let full_suite = policy
        .choose_suite(
            ch.cipher_suites
                .iter()
                .filter(|s| suite_supported(config.provider, *s)),
        )
        .and_then(Suite::lookup);
    // RFC 7301 §3.2.
    let alpn = choose_alpn(config.alpn, x.alpn)?;
    // RFC 6066 §3: the host_name the client wants, recorded for the application.
    if let Some(names) = x.server_name {
        if let Some(n) = names
            .iter()
            .find(|n| n.name_type == ServerNameType::HOST_NAME)
        {
            hs.info.server_name = Some(FixedBytes::new(n.name).ok_or(Error::IllegalParameter)?);
        }
    }
    let fixed = retry.as_ref().map(|r| r.suite);

    // The PSK, if any (RFC 8446 §4.2.11), then the group if one is needed.
    let mut cand = psk::candidate(hs, ch, fixed, alpn, env.now_ms)?;
    let mut group = choose_group_for(hs, ch, cand.as_ref())?;
    let mut psk_ok = None;
    let mut early = if x.early_data {
        EarlyVerdict::Reject
    } else {
        EarlyVerdict::NotOffered
    };
    if !matches!(group, Some(GroupChoice::Retry(_))) {
        if let (Some(c), Some(offer)) = (cand.take(), x.pre_shared_key) {
            let prefix = retry.as_ref().map(|r| &r.transcript);
            let proof = psk::verify_binder(p, &c, ch, &offer, bytes, prefix)?;
            let fresh = c
                .ticket
                .as_ref()
                .is_none_or(|t| psk::ticket_is_fresh(hs, t, env.now_ms));
            if fresh {
                if x.early_data {
                    early = psk::early_verdict(hs, &c, &offer, alpn, retry.is_some(), env.now_ms);
                }
                psk_ok = Some((c, proof));
            } else {
                // RFC 8446 §8.1: a ticket seen before gets a full handshake; the group is
                // needed now.
                group = choose_group_for(hs, ch, None)?;
            }
        }
    }
    let suite = match &psk_ok {
        Some((c, _)) => c.suite,
        None => full_suite.ok_or(Error::HandshakeFailure)?,
    };
    // Without a PSK: a certificate handshake, which needs our identity and the client's
    // signature_algorithms (RFC 8446 §4.2.3).
    let scheme = if psk_ok.is_none() {
        let id = config.identity.ok_or(Error::HandshakeFailure)?;
        let offered = x.signature_algorithms.ok_or(Error::MissingExtension)?;
        Some(our_scheme(policy, id.signer.algorithm(), offered)?)
    } else {
        None
    };

    let transcript = match retry {
        None => {
            let mut t = Transcript::new(p, suite.hash)?;
            t.update(bytes);
            if let Some(GroupChoice::Retry(g)) = group {
                if x.early_data {
                    hs.info.early_data = EarlyDataStatus::Rejected;
                    out.event(Event::EarlyDataRejected {
                        skip_limit: config.early_data.recv_limit(),
                    });
                }
                return hello_retry_request(hs, ch, t, suite, g, out, env)
                    .map(AfterClientHello::Retry);
            }
            t
        }
        Some(r) => {
            // RFC 8446 §4.2.2: the cookie must come back as sent.
            let cookie_ok = x.cookie.is_some_and(|c| c.0 == r.cookie.as_slice());
            // RFC 8446 §4.1.2: ClientHello2 repeats ClientHello1 but for the key share,
            // the cookie (and early data, PSK details); §4.1.4: the suite must not change.
            let same_session =
                ch.legacy_session_id == r.session_id.get(..r.session_id_len).unwrap_or(&[]);
            let share_ok = matches!(group, Some(GroupChoice::Share(s)) if s.group == r.group)
                && x.key_share.is_some_and(|k| k.len() == 1);
            if !cookie_ok || !same_session || suite != r.suite || !share_ok {
                return Err(Error::IllegalParameter);
            }
            let mut t = r.transcript;
            t.update(bytes);
            t
        }
    };

    // The client's share to answer (our share and the shared secret: `answer_share`).
    let share = match group {
        Some(GroupChoice::Share(share)) => Some(share),
        Some(GroupChoice::Retry(_)) => return Err(Error::IllegalParameter),
        None => None,
    };
    if let Some(a) = alpn {
        hs.info.alpn = FixedBytes::new(a);
    }
    let mut session_id = [0u8; MAX_SESSION_ID_LEN];
    session_id
        .get_mut(..ch.legacy_session_id.len())
        .ok_or(Error::IllegalParameter)?
        .copy_from_slice(ch.legacy_session_id);
    let psk = psk_ok.map(|(c, proof)| {
        if c.kind == PskKind::Resumption {
            hs.info.resumed = true;
            hs.info.psk_identity = FixedBytes::new(TICKET_IDENTITY_MARKER);
        } else if let Some(e) = c.external {
            hs.info.psk_identity = Some(FixedBytes::truncated(e.identity));
        }
        hs.info.psk_mode = Some(c.mode);
        AcceptedPsk {
            index: c.index,
            auth_ms: c.ticket.as_ref().map(|t| t.auth_ms),
            secret: c.secret,
            _binder: proof,
        }
    });
    if let Some(a) = psk.as_ref().and_then(|p| p.auth_ms) {
        hs.auth_ms = Some(a);
    }
    let pending = PendingFlight {
        transcript,
        suite,
        psk,
        kx: None,
        scheme,
        session_id,
        session_id_len: ch.legacy_session_id.len(),
        early_offered: x.early_data,
    };
    match early {
        EarlyVerdict::Later => {
            out.event(Event::EarlyDataPending);
            Ok(AfterClientHello::Decision(pending, share))
        }
        v => Ok(AfterClientHello::Flight(
            pending,
            share,
            v == EarlyVerdict::Accept,
        )),
    }
}

/// Our key share for the client's `share` and the (EC)DHE secret, into the flight waiting in
/// `State::EarlyDataDecision` (an invalid client share is illegal_parameter): after
/// [`client_hello`] returned, so the key exchange's stack is not under the ClientHello's.
#[inline(never)]
pub(super) fn answer_share<P: CryptoProvider>(
    hs: &mut ServerHandshake<'_, P>,
    share: &KeyShareEntry<'_>,
    env: &mut Env<'_>,
) -> Result<()> {
    let kx = exchange(hs.config.provider, share, env)?;
    match &mut hs.state {
        State::EarlyDataDecision(pending) => {
            pending.kx = Some(kx);
            Ok(())
        }
        _ => Err(Error::InvalidState),
    }
}

/// Our key share for the client's `share` and the (EC)DHE secret.
fn exchange<P: CryptoProvider>(
    p: &P,
    share: &KeyShareEntry<'_>,
    env: &mut Env<'_>,
) -> Result<(NamedGroup, [u8; MAX_PUBLIC_KEY_LEN], usize, Secret)> {
    let kx = p.key_exchange(
        kx_group(share.group).ok_or(Error::HandshakeFailure)?,
        env.rng,
    )?;
    let mut public = [0u8; MAX_PUBLIC_KEY_LEN];
    let public_len = kx.public_key().len();
    public
        .get_mut(..public_len)
        .ok_or(Error::BadLength)?
        .copy_from_slice(kx.public_key());
    let shared = kx.complete(share.key_exchange)?;
    Ok((share.group, public, public_len, shared))
}

/// The group for a ClientHello: needed without a PSK and in psk_dhe_ke mode
/// (RFC 8446 §4.2.8, §4.2.9).
///
/// # Errors
/// [`Error::MissingExtension`] when needed but supported_groups or key_share is missing
/// (RFC 8446 §9.2); as [`choose_group`].
fn choose_group_for<'m, P: CryptoProvider>(
    hs: &ServerHandshake<'_, P>,
    ch: &ClientHello<'m>,
    cand: Option<&psk::Candidate<'_>>,
) -> Result<Option<GroupChoice<'m>>> {
    if cand.is_some_and(|c| c.mode == PskKeyExchangeMode::PSK_KE) {
        return Ok(None);
    }
    let x = &ch.extensions;
    let (Some(groups), Some(shares)) = (x.supported_groups, x.key_share) else {
        return Err(Error::MissingExtension);
    };
    choose_group(hs.config.provider, hs.config.policy, groups, shares).map(Some)
}

/// RFC 8446 §4.1.4: asks for `group`, with a random cookie.
#[inline(never)]
fn hello_retry_request<'c, P: CryptoProvider>(
    hs: &mut ServerHandshake<'c, P>,
    ch: &ClientHello<'_>,
    mut transcript: Transcript<P::Hash>,
    suite: Suite,
    group: NamedGroup,
    out: &mut dyn Output,
    env: &mut Env<'_>,
) -> Result<ExpectRetriedClientHello<P>> {
    let mut cookie = [0u8; COOKIE_LEN];
    env.rng.fill(&mut cookie)?;
    let hrr = HelloRetryRequest {
        legacy_version: LEGACY_VERSION,
        legacy_session_id_echo: ch.legacy_session_id,
        cipher_suite: suite.suite,
        legacy_compression_method: 0,
        extensions: HelloRetryRequestExtensions {
            key_share: Some(group),
            cookie: Some(Cookie(&cookie)),
            supported_versions: Some(ProtocolVersion::TLS_1_3),
            ..HelloRetryRequestExtensions::default()
        },
    };
    // RFC 8446 §4.4.1: ClientHello1 becomes message_hash(Hash(ClientHello1)).
    transcript.replace_with_message_hash(hs.config.provider)?;
    emit::send(
        out,
        HandshakeType::SERVER_HELLO,
        &|w| hrr.encode(w),
        0,
        &mut |b| transcript.update(b),
    )?;
    // RFC 8446 §D.4: a dummy change_cipher_spec right after our first handshake message when
    // the client asked for compatibility mode with a non-empty session id.
    if !ch.legacy_session_id.is_empty() && !hs.ccs_sent {
        out.send_change_cipher_spec()?;
        hs.ccs_sent = true;
    }
    hs.info.hello_retry = true;
    let mut session_id = [0u8; MAX_SESSION_ID_LEN];
    session_id
        .get_mut(..ch.legacy_session_id.len())
        .ok_or(Error::IllegalParameter)?
        .copy_from_slice(ch.legacy_session_id);
    Ok(ExpectRetriedClientHello {
        transcript,
        suite,
        group,
        cookie,
        session_id,
        session_id_len: ch.legacy_session_id.len(),
    })
}

/// The first part of the flight: what it needs of the [`PendingFlight`], the handshake keys
/// and the early keys.
struct FlightStart<'c, P: CryptoProvider> {
    keys: HandshakeKeys<'c, P>,
    early_secret: Option<TrafficSecret>,
    suite: Suite,
    scheme: Option<SignatureScheme>,
    with_psk: bool,
    early_offered: bool,
    accept_early: bool,
}

/// ServerHello, [change_cipher_spec] and the handshake keys, for the flight waiting in
/// `State::EarlyDataDecision`: a sibling of the rest of the flight, so that the pending
/// flight, the ServerHello and their temporaries are not under the CertificateVerify
/// signature.
#[inline(never)]
fn server_hello_keys<'c, P: CryptoProvider>(
    hs: &mut ServerHandshake<'c, P>,
    accept_early: bool,
    out: &mut dyn Output,
    env: &mut Env<'_>,
) -> Result<FlightStart<'c, P>> {
    let pending = hs.take_pending().ok_or(Error::InvalidState)?;
    let config = hs.config;
    let p = config.provider;
    let suite = pending.suite;
    let mut transcript = pending.transcript;
    let accept_early = accept_early && pending.early_offered && pending.psk.is_some();
    // RFC 8446 §7.1: client_early_traffic_secret over the ClientHello alone.
    let early_secret = match (&pending.psk, accept_early) {
        (Some(psk), true) => Some(client_early_traffic_secret(
            p,
            suite,
            psk.secret.as_bytes(),
            &transcript.current_hash(),
        )?),
        _ => None,
    };

    let mut random = [0u8; RANDOM_LEN];
    env.rng.fill(&mut random)?;
    let session_id = pending
        .session_id
        .get(..pending.session_id_len)
        .unwrap_or(&[]);
    let sh = ServerHello {
        legacy_version: LEGACY_VERSION,
        random: &random,
        // RFC 8446 §4.1.3: echo the client's legacy_session_id.
        legacy_session_id_echo: session_id,
        cipher_suite: suite.suite,
        legacy_compression_method: 0,
        extensions: ServerHelloExtensions {
            key_share: pending
                .kx
                .as_ref()
                .map(|(group, public, len, _)| KeyShareEntry {
                    group: *group,
                    key_exchange: public.get(..*len).unwrap_or(&[]),
                }),
            pre_shared_key: pending.psk.as_ref().map(|p| p.index),
            supported_versions: Some(ProtocolVersion::TLS_1_3),
            ..ServerHelloExtensions::default()
        },
    };
    emit::send(
        out,
        HandshakeType::SERVER_HELLO,
        &|w| sh.encode(w),
        0,
        &mut |b| transcript.update(b),
    )?;
    // RFC 8446 §D.4 (unless it already followed the HelloRetryRequest).
    if !session_id.is_empty() && !hs.ccs_sent {
        out.send_change_cipher_spec()?;
        hs.ccs_sent = true;
    }
    hs.info.suite = Some(suite);
    hs.info.group = pending.kx.as_ref().map(|k| k.0);

    let keys = HandshakeKeys::new(
        p,
        suite,
        transcript,
        pending.psk.as_ref().map(|k| k.secret.as_bytes()),
        pending.kx.as_ref().map(|k| &k.3),
    )?;
    install_write(p, out, suite, KeyLevel::Handshake, &keys.server)?;
    Ok(FlightStart {
        keys,
        early_secret,
        suite,
        scheme: pending.scheme,
        with_psk: pending.psk.is_some(),
        early_offered: pending.early_offered,
        accept_early,
    })
}

/// ServerHello, [change_cipher_spec], EncryptedExtensions, [CertificateRequest,
/// Certificate, CertificateVerify], Finished (RFC 8446 §2, §2.2): the flight waiting in
/// `State::EarlyDataDecision`.
#[inline(never)]
pub(super) fn server_flight<'c, P: CryptoProvider>(
    hs: &mut ServerHandshake<'c, P>,
    accept_early: bool,
    out: &mut dyn Output,
    env: &mut Env<'_>,
) -> Result<()> {
    let FlightStart {
        mut keys,
        early_secret,
        suite,
        scheme,
        with_psk,
        early_offered,
        accept_early,
    } = server_hello_keys(hs, accept_early, out, env)?;
    let config = hs.config;
    let p = config.provider;
    let t = &mut keys.transcript;

    // EncryptedExtensions through Finished: one flight under the handshake keys.
    let mut flight = emit::Flight::new();
    encrypted_extensions(hs, accept_early, &mut flight, out, &mut |b| t.update(b))?;

    // RFC 8446 §4.3.2: "Servers which are authenticating with a PSK MUST NOT send the
    // CertificateRequest message in the main handshake".
    let ask = config.client_auth != ClientAuth::None && !with_psk;
    if let Some(scheme) = scheme {
        let id = config.identity.ok_or(Error::InvalidConfig)?;
        if ask {
            certificate_request(config, &mut flight, out, &mut |b| t.update(b))?;
        }
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
            Signed::ByServer,
            &mut |b| t.update(b),
        )?;
        hs.info.signature_scheme = Some(scheme);
    }
    let verify_data = keys
        .server
        .finished_key(p)?
        .verify_data(p, &keys.transcript.current_hash())?;
    let t = &mut keys.transcript;
    flight.add(
        out,
        HandshakeType::FINISHED,
        &|w| w.bytes(verify_data.as_bytes()),
        0,
        &mut |b| t.update(b),
    )?;
    flight.commit(out)?;

    let app = keys.into_application()?;
    // RFC 8446 §2: the server may send application data right after its Finished.
    install_write(p, out, suite, KeyLevel::Application, &app.server)?;
    if let Some(early) = early_secret {
        // RFC 8446 §2.3: 0-RTT data, then EndOfEarlyData, under the early keys.
        install_read(p, out, suite, KeyLevel::EarlyData, &early)?;
        hs.info.early_data = EarlyDataStatus::Accepted;
        out.event(Event::EarlyDataAccepted);
        enter_after_flight(hs, app, AfterFlight::EndOfEarlyData);
        return Ok(());
    }
    install_read(p, out, suite, KeyLevel::Handshake, &app.client_handshake)?;
    if early_offered {
        // RFC 8446 §4.2.10: skip what cannot be opened with the handshake keys, up to the
        // limit.
        hs.info.early_data = EarlyDataStatus::Rejected;
        out.event(Event::EarlyDataRejected {
            skip_limit: config.early_data.recv_limit(),
        });
    }
    let next = if ask {
        AfterFlight::ClientCertificate
    } else {
        AfterFlight::ClientFinished
    };
    enter_after_flight(hs, app, next);
    Ok(())
}

/// EncryptedExtensions (RFC 8446 §4.3.1), added to `flight`: its own frame, not under the
/// rest of the flight. An empty server_name acknowledges the client's name (RFC 6066 §3);
/// an empty early_data accepts 0-RTT (RFC 8446 §4.2.10).
#[inline(never)]
fn encrypted_extensions<P: CryptoProvider>(
    hs: &mut ServerHandshake<'_, P>,
    accept_early: bool,
    flight: &mut emit::Flight,
    out: &mut dyn Output,
    absorb: &mut dyn FnMut(&[u8]),
) -> Result<()> {
    let config = hs.config;
    let alpn = hs.info.alpn;
    let (max_fragment_length, record_size_limit) = record_answer(hs, out);
    // RFC 8446 §4.2.7: the server MAY send its groups, for the client's later connections.
    let supported_groups = config
        .send_supported_groups
        .then_some(List::Items(config.policy.groups));
    let ee = EncryptedExtensions {
        supported_groups,
        server_name: hs.info.server_name.is_some(),
        alpn: alpn.as_ref().map(|a| ProtocolName(a.as_bytes())),
        early_data: accept_early,
        max_fragment_length,
        record_size_limit,
        ..EncryptedExtensions::default()
    };
    flight.add(
        out,
        HandshakeType::ENCRYPTED_EXTENSIONS,
        &|w| ee.encode(w),
        0,
        absorb,
    )
}

/// CertificateRequest (RFC 8446 §4.3.2: empty context in the main handshake;
/// signature_algorithms required), added to `flight` from a frame of its own.
#[inline(never)]
fn certificate_request<P: CryptoProvider>(
    config: &crate::Config<'_, P>,
    flight: &mut emit::Flight,
    out: &mut dyn Output,
    absorb: &mut dyn FnMut(&[u8]),
) -> Result<()> {
    // Only schemes this build can check (negotiate::Offered).
    let (p, policy) = (config.provider, config.policy);
    let schemes = Offered::new(policy.signature_schemes, SignatureScheme(0), |s| {
        scheme_supported(p, s)
    })?;
    let certificate_schemes = Offered::new(
        policy.certificate_signature_schemes,
        SignatureScheme(0),
        |s| certificate_scheme_supported(p, s),
    )?;
    let cr = CertificateRequest {
        context: &[],
        extensions: CertificateRequestExtensions {
            signature_algorithms: Some(List::Items(schemes.as_slice())),
            signature_algorithms_cert: Some(List::Items(certificate_schemes.as_slice())),
            ..CertificateRequestExtensions::default()
        },
    };
    flight.add(
        out,
        HandshakeType::CERTIFICATE_REQUEST,
        &|w| cr.encode(w),
        0,
        absorb,
    )
}

/// The state after our flight.
enum AfterFlight {
    EndOfEarlyData,
    ClientCertificate,
    ClientFinished,
}

/// Enters the state after our flight, built in place in the handshake (a small frame of its
/// own: no `State`-sized temporary in [`server_flight`]'s frame or its caller's).
#[inline(never)]
fn enter_after_flight<P: CryptoProvider>(
    hs: &mut ServerHandshake<'_, P>,
    app: ApplicationKeys<P>,
    next: AfterFlight,
) {
    hs.state = match next {
        AfterFlight::EndOfEarlyData => State::EndOfEarlyData(ExpectEndOfEarlyData { app }),
        AfterFlight::ClientCertificate => State::ClientCertificate(ExpectClientCertificate { app }),
        AfterFlight::ClientFinished => State::ClientFinished(ExpectClientFinished {
            app,
            _verified: None,
        }),
    };
}

/// Decides the record sizes (RFC 6066 §4, RFC 8449 §4) and tells the connection before
/// EncryptedExtensions is written, so the whole encrypted flight obeys them. Returns what
/// EncryptedExtensions answers.
///
/// - The client sent record_size_limit and we have one: ours is answered, the client's caps
///   what we send, and max_fragment_length is not echoed (RFC 8449 §5).
/// - Else, a max_fragment_length is echoed and honoured both ways when the config accepts it
///   (s2n-tls's `s2n_config_accept_max_fragment_length`; RFC 6066 §4: a larger record from
///   the client is then record_overflow).
fn record_answer<P: CryptoProvider>(
    hs: &mut ServerHandshake<'_, P>,
    out: &mut dyn Output,
) -> (Option<MaxFragmentLength>, Option<u16>) {
    let (mfl, peer_rsl) = hs.offered_records;
    let (answer, limits) = match (peer_rsl, hs.record_size_limit, mfl) {
        (Some(peer), Some(ours), _) => {
            let peer = crate::records::peer_limit(peer);
            hs.info.record_size_limit = Some(ours);
            hs.info.peer_record_size_limit = Some(peer);
            (
                (None, Some(ours)),
                RecordLimits {
                    send: peer,
                    recv: ours,
                },
            )
        }
        (_, _, Some(code)) if hs.config.records.accept_max_fragment_length => {
            let Some(inner) = crate::records::mfl_inner(code) else {
                return (None, None);
            };
            hs.info.max_fragment_length = Some(inner.saturating_sub(1));
            (
                (Some(code), None),
                RecordLimits {
                    send: inner,
                    recv: inner,
                },
            )
        }
        _ => return (None, None),
    };
    hs.info.record_limits = Some(limits);
    out.set_record_limits(limits);
    answer
}

impl<P: CryptoProvider> ExpectEndOfEarlyData<P> {
    /// RFC 8446 §4.5: the end of 0-RTT data; handshake keys from here on.
    pub(super) fn end_of_early_data(
        mut self,
        hs: &mut ServerHandshake<'_, P>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<ExpectClientFinished<P>> {
        self.app.transcript.update(bytes);
        let p = hs.config.provider;
        install_read(
            p,
            out,
            self.app.suite,
            KeyLevel::Handshake,
            &self.app.client_handshake,
        )?;
        Ok(ExpectClientFinished {
            app: self.app,
            _verified: None,
        })
    }
}

impl<P: CryptoProvider> ExpectClientCertificate<P> {
    /// RFC 8446 §4.4.2: the client's chain (possibly empty).
    pub(super) fn certificate(
        mut self,
        hs: &mut ServerHandshake<'_, P>,
        msg: &Certificate<'_>,
        bytes: &[u8],
        env: &mut Env<'_>,
    ) -> Result<State<P>> {
        self.app.transcript.update(bytes);
        // The context must echo our CertificateRequest's, which was empty.
        if !msg.context.is_empty() {
            return Err(Error::IllegalParameter);
        }
        if msg.entries.is_empty() {
            // RFC 8446 §4.4.2.4: "If the client does not send any certificates [...] the
            // server MAY [...] abort the handshake with a "certificate_required" alert."
            if hs.config.client_auth == ClientAuth::Required {
                return Err(Error::CertificateRequired);
            }
            return Ok(State::ClientFinished(ExpectClientFinished {
                app: self.app,
                _verified: None,
            }));
        }
        let peer = verify_peer_chain(
            hs.config,
            msg,
            Purpose::ClientAuth,
            NameCheck::None,
            env.unix_time,
        )?;
        hs.info.peer_subject = peer.subject;
        Ok(State::ClientCertificateVerify(
            ExpectClientCertificateVerify {
                app: self.app,
                client_key: peer.key,
            },
        ))
    }
}

impl<P: CryptoProvider> ExpectClientCertificateVerify<P> {
    /// RFC 8446 §4.4.3: the client proves its key.
    pub(super) fn certificate_verify(
        mut self,
        hs: &mut ServerHandshake<'_, P>,
        cv: &CertificateVerify<'_>,
        bytes: &[u8],
    ) -> Result<ExpectClientFinished<P>> {
        let hash = self.app.transcript.current_hash();
        let verified = verify_certificate_verify(
            hs.config.provider,
            &self.client_key,
            cv,
            hs.config.policy.signature_schemes,
            &hash,
            Signed::ByClient,
        )?;
        self.app.transcript.update(bytes);
        hs.info.signature_scheme = Some(cv.algorithm);
        hs.info.client_authenticated = true;
        Ok(ExpectClientFinished {
            app: self.app,
            _verified: Some(verified),
        })
    }
}

impl<P: CryptoProvider> ExpectClientFinished<P> {
    /// RFC 8446 §4.4.4: the client's Finished completes the handshake.
    pub(super) fn finished(
        mut self,
        hs: &mut ServerHandshake<'_, P>,
        fin: &Finished<'_>,
        bytes: &[u8],
        out: &mut dyn Output,
    ) -> Result<Connected> {
        let p = hs.config.provider;
        let hash = self.app.transcript.current_hash();
        if fin.verify_data.len() != hash.as_bytes().len() {
            return Err(Error::DecodeError);
        }
        let proof = self.app.client_handshake.finished_key(p)?.verify_finished(
            p,
            &hash,
            fin.verify_data,
        )?;
        self.app.transcript.update(bytes);
        // RFC 8446 §7.1: over ClientHello..client Finished.
        let resumption = self.app.resumption_master_secret(p)?;
        let ApplicationKeys {
            suite,
            client,
            server,
            ..
        } = self.app;
        install_read(p, out, suite, KeyLevel::Application, &client)?;
        out.event(Event::HandshakeComplete);
        Ok(Connected::new(suite, server, client, proof).with_resumption(resumption))
    }
}
