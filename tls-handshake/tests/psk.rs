//! Wren client ↔ Wren server with PSKs: external PSKs (psk_ke, psk_dhe_ke, SHA-256 and
//! SHA-384), the selection callback, binders, resumption from tickets (key rotation, tampering,
//! keying-material lifetime), 0-RTT (accepted, rejected, replayed, anti-replay off, decided
//! later, external PSK) - RFC 8446 §2.2, §2.3, §4.2.9 - §4.2.11, §4.6.1, §8.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "tests: a panic is the verdict"
)]

mod harness;

use harness::pki::{self, Id};
use harness::{env_at, pump, Ev, Recorder, Side, P};
use tls_codec::enums::{AlertDescription as A, CipherSuite, PskKeyExchangeMode as M};
use tls_codec::{ClientHello, Codec, HandshakeMessage, RawHandshake};
use tls_crypto::{HashAlgorithm, RustCrypto, TestRng};
use tls_handshake::config::{EarlyDataSettings, PskSettings, TicketSettings};
use tls_handshake::{ClientHandshake, Config, Error, KeyLevel, ServerHandshake};
use tls_psk::{
    EarlyDataCallback, EarlyDataDecision, EarlyDataStatus, ExternalPsk, OfferedEarlyData,
    OfferedPsks, PskEarlyData, PskMode, Session, SingleUseTickets, TicketKey, TicketKeyLifetimes,
};

const NAME: &str = "server.wren.test";
const ANCHORS: &[&[u8]] = &[pki::ROOT];
const KE: &[M] = &[M::PSK_KE];
const DHE: &[M] = &[M::PSK_DHE_KE];

struct Out {
    result: Result<(), (Side, Error)>,
    c_out: Recorder,
    s_out: Recorder,
    /// The client's first ClientHello.
    hello: Vec<u8>,
    /// The client's write keys right after its ClientHello (early keys when 0-RTT).
    early_tag: harness::KeyTag,
}

/// Runs a handshake at `now_ms`; `setup` prepares the client before it starts (session,
/// early data).
fn go(
    client: &mut ClientHandshake<'_, RustCrypto>,
    server: &mut ServerHandshake<'_, RustCrypto>,
    now_ms: u64,
    early: bool,
    tamper: &mut dyn FnMut(Side, usize, &mut Vec<u8>),
) -> Out {
    let mut c_out = Recorder::new(16 * 1024);
    let mut s_out = Recorder::new(16 * 1024);
    let mut rng = TestRng::new([now_ms as u8 ^ 0x5a; 32]);
    client.set_early_data(early);
    client
        .start(&mut c_out, &mut env_at(&mut rng, now_ms))
        .unwrap();
    let early_tag = c_out.write.clone();
    let hello = match &c_out.outbound[0] {
        harness::Item::Handshake(_, b) => b.clone(),
        harness::Item::ChangeCipherSpec => panic!("CCS first"),
    };
    let result = pump(client, server, &mut c_out, &mut s_out, now_ms, tamper);
    Out {
        result,
        c_out,
        s_out,
        hello,
        early_tag,
    }
}

fn no_tamper() -> impl FnMut(Side, usize, &mut Vec<u8>) {
    |_, _, _| {}
}

fn parse_hello(bytes: &[u8]) -> ClientHello<'_> {
    match HandshakeMessage::from_raw(RawHandshake::parse_exact(bytes).unwrap()).unwrap() {
        HandshakeMessage::ClientHello(ch) => ch,
        m => panic!("not a ClientHello: {m:?}"),
    }
}

fn ok(o: &Out, c: &ClientHandshake<'_, RustCrypto>, s: &ServerHandshake<'_, RustCrypto>) {
    assert_eq!(o.result, Ok(()));
    assert!(c.is_complete() && s.is_complete());
    let (ci, si) = (c.info(), s.info());
    assert_eq!(ci.suite, si.suite);
    assert_eq!(ci.group, si.group);
    assert_eq!(ci.resumed, si.resumed);
    assert_eq!(ci.psk_identity, si.psk_identity);
    assert_eq!(ci.psk_mode, si.psk_mode);
    assert_eq!(ci.early_data, si.early_data);
    assert_eq!(o.c_out.write, o.s_out.read);
    assert_eq!(o.s_out.write, o.c_out.read);
}

fn ext_client<'a>(psks: &'a [ExternalPsk<'a>], modes: &'a [M]) -> Config<'a, RustCrypto> {
    Config {
        verification: tls_handshake::Verification::DangerousNoVerificationForTestsOnly,
        psk: PskSettings {
            mode: PskMode::External,
            external: psks,
            key_exchange_modes: modes,
            selector: None,
        },
        ..Config::new(P, ANCHORS)
    }
}

fn ext_server<'a>(psks: &'a [ExternalPsk<'a>], modes: &'a [M]) -> Config<'a, RustCrypto> {
    Config {
        psk: PskSettings {
            mode: PskMode::External,
            external: psks,
            key_exchange_modes: modes,
            selector: None,
        },
        ..Config::new(P, ANCHORS)
    }
}

#[test]
fn external_psk_ke_and_dhe_ke_with_sha256_and_sha384() {
    for (hash, secret_len, suite) in [
        (
            HashAlgorithm::Sha256,
            32,
            CipherSuite::TLS_AES_128_GCM_SHA256,
        ),
        (
            HashAlgorithm::Sha384,
            48,
            CipherSuite::TLS_AES_256_GCM_SHA384,
        ),
    ] {
        let secret = vec![0x42; secret_len];
        let psks = [ExternalPsk::new(b"device-1", &secret, hash).unwrap()];
        for modes in [KE, DHE] {
            let cc = ext_client(&psks, modes);
            // No certificate on the server: external PSKs only.
            let sc = ext_server(&psks, modes);
            let mut c = ClientHandshake::new(&cc, None).unwrap();
            let mut s = ServerHandshake::new(&sc).unwrap();
            let o = go(&mut c, &mut s, 0, false, &mut no_tamper());
            ok(&o, &c, &s);
            let info = c.info();
            assert_eq!(info.suite.unwrap().suite, suite);
            assert_eq!(info.psk_mode, Some(modes[0]));
            assert_eq!(info.psk_identity.unwrap().as_bytes(), b"device-1");
            assert!(!info.resumed && info.peer_subject.is_none());
            assert_eq!(s.info().signature_scheme, None);
            let ch = parse_hello(&o.hello);
            if modes == KE {
                // The cheapest handshake: no key share, no groups, no (EC)DHE.
                assert!(ch.extensions.key_share.is_none());
                assert!(ch.extensions.supported_groups.is_none());
                assert_eq!(info.group, None);
            } else {
                assert!(ch.extensions.key_share.is_some());
                assert!(info.group.is_some());
            }
        }
    }
}

#[test]
fn selection_callback_chooses_the_second_identity() {
    let (s1, s2) = ([1u8; 32], [2u8; 32]);
    let psks = [
        ExternalPsk::new(b"first", &s1, HashAlgorithm::Sha256).unwrap(),
        ExternalPsk::new(b"second", &s2, HashAlgorithm::Sha256).unwrap(),
    ];
    let pick = |offered: OfferedPsks<'_>| {
        assert_eq!(offered.clone().count(), 2);
        offered.clone().position(|p| p.identity == b"second")
    };
    let cc = ext_client(&psks, DHE);
    let mut sc = ext_server(&psks, DHE);
    sc.psk.selector = Some(&pick);
    let mut c = ClientHandshake::new(&cc, None).unwrap();
    let mut s = ServerHandshake::new(&sc).unwrap();
    let o = go(&mut c, &mut s, 0, false, &mut no_tamper());
    ok(&o, &c, &s);
    assert_eq!(s.info().psk_identity.unwrap().as_bytes(), b"second");
}

#[test]
fn unknown_identity_is_a_full_handshake_or_handshake_failure() {
    let (s1, s2) = ([1u8; 32], [2u8; 32]);
    let theirs = [ExternalPsk::new(b"client-only", &s1, HashAlgorithm::Sha256).unwrap()];
    let ours = [ExternalPsk::new(b"server-only", &s2, HashAlgorithm::Sha256).unwrap()];
    let cc = Config {
        verification: tls_handshake::Verification::Full,
        ..ext_client(&theirs, DHE)
    };
    // With a certificate: a full handshake.
    let id = pki::p256_chain();
    let sc = Config {
        identity: Some(id.identity()),
        ..ext_server(&ours, DHE)
    };
    let mut c = ClientHandshake::new(&cc, Some(NAME)).unwrap();
    let mut s = ServerHandshake::new(&sc).unwrap();
    let o = go(&mut c, &mut s, 0, false, &mut no_tamper());
    ok(&o, &c, &s);
    assert_eq!(c.info().psk_identity, None);
    assert!(c.info().peer_subject.is_some());
    // Without one: handshake_failure.
    let sc = ext_server(&ours, DHE);
    let mut c = ClientHandshake::new(&cc, Some(NAME)).unwrap();
    let mut s = ServerHandshake::new(&sc).unwrap();
    let o = go(&mut c, &mut s, 0, false, &mut no_tamper());
    let (side, e) = o.result.unwrap_err();
    assert_eq!((side, e.alert()), (Side::Server, A::HANDSHAKE_FAILURE));
}

/// `Config::new_psk` (what a PSK-only build has) with certificates compiled in: no server name
/// needed; the PSK handshake works; a server that only has a certificate gets nowhere (no
/// trust anchors, no name: the client refuses its Certificate with `internal_error`).
#[test]
fn new_psk_config_needs_no_name_and_no_certificate() {
    let secret = [3u8; 32];
    let psks = [ExternalPsk::new(b"device-9", &secret, HashAlgorithm::Sha256).unwrap()];
    let mut cc = Config::new_psk(P, &psks);
    cc.psk.key_exchange_modes = KE;
    assert!(!cc.needs_server_name());
    let sc = ext_server(&psks, KE);
    let mut c = ClientHandshake::new(&cc, None).unwrap();
    let mut s = ServerHandshake::new(&sc).unwrap();
    let o = go(&mut c, &mut s, 0, false, &mut no_tamper());
    ok(&o, &c, &s);
    assert_eq!(c.info().psk_mode, Some(M::PSK_KE));

    // A server with only a certificate (the client also offers psk_dhe_ke, so a full
    // handshake is possible): the client fails at the Certificate.
    cc.psk.key_exchange_modes = DHE;
    let other = [ExternalPsk::new(b"someone-else", &secret, HashAlgorithm::Sha256).unwrap()];
    let id = pki::p256_chain();
    let sc = Config {
        identity: Some(id.identity()),
        ..ext_server(&other, DHE)
    };
    let mut c = ClientHandshake::new(&cc, None).unwrap();
    let mut s = ServerHandshake::new(&sc).unwrap();
    let o = go(&mut c, &mut s, 0, false, &mut no_tamper());
    // Full verification without a name: the config cannot check any certificate.
    assert_eq!(o.result, Err((Side::Client, Error::InvalidConfig)));
    assert!(!c.is_complete());
}

#[test]
fn bad_binder_is_decrypt_error() {
    let secret = [7u8; 32];
    let psks = [ExternalPsk::new(b"id", &secret, HashAlgorithm::Sha256).unwrap()];
    let other = [9u8; 32];
    let wrong = [ExternalPsk::new(b"id", &other, HashAlgorithm::Sha256).unwrap()];
    // The server holds another secret under the same identity.
    let cc = ext_client(&psks, DHE);
    let sc = ext_server(&wrong, DHE);
    let mut c = ClientHandshake::new(&cc, None).unwrap();
    let mut s = ServerHandshake::new(&sc).unwrap();
    let o = go(&mut c, &mut s, 0, false, &mut no_tamper());
    let (side, e) = o.result.unwrap_err();
    assert_eq!((side, e), (Side::Server, Error::BadBinder));
    assert_eq!(e.alert(), A::DECRYPT_ERROR);
    // A flipped binder byte (the ClientHello's last byte) likewise.
    let sc = ext_server(&psks, DHE);
    let mut c = ClientHandshake::new(&cc, None).unwrap();
    let mut s = ServerHandshake::new(&sc).unwrap();
    let o = go(&mut c, &mut s, 0, false, &mut |side, i, m| {
        if side == Side::Client && i == 0 {
            *m.last_mut().unwrap() ^= 1;
        }
    });
    assert_eq!(o.result.unwrap_err(), (Side::Server, Error::BadBinder));
}

// ---- resumption ----

const HOUR: u64 = 3_600_000;

fn keys() -> [TicketKey; 2] {
    [
        TicketKey::new([1; 16], &[0x11; 32], 0),
        TicketKey::new([2; 16], &[0x22; 32], 2 * HOUR),
    ]
}

struct Server<'a> {
    id: &'a Id,
    keys: &'a [TicketKey],
    lifetimes: TicketKeyLifetimes,
    kml: u64,
    max_early: u32,
    anti_replay: bool,
    store: Option<&'a SingleUseTickets<8>>,
    callback: Option<&'a dyn EarlyDataCallback>,
    modes: &'a [M],
}

impl<'a> Server<'a> {
    fn new(id: &'a Id, keys: &'a [TicketKey]) -> Self {
        Self {
            id,
            keys,
            lifetimes: TicketKeyLifetimes::DEFAULT,
            kml: TicketSettings::DEFAULT.keying_material_lifetime_ms,
            max_early: 0,
            anti_replay: true,
            store: None,
            callback: None,
            modes: DHE,
        }
    }

    fn config(&self) -> Config<'a, RustCrypto> {
        Config {
            identity: Some(self.id.identity()),
            psk: PskSettings {
                key_exchange_modes: self.modes,
                ..PskSettings::DEFAULT
            },
            tickets: TicketSettings {
                keys: self.keys,
                lifetimes: self.lifetimes,
                keying_material_lifetime_ms: self.kml,
                initial_count: 2,
                ..TicketSettings::DEFAULT
            },
            early_data: EarlyDataSettings {
                max_early_data: self.max_early,
                anti_replay: self.anti_replay,
                replay_store: self.store.map(|s| s as &dyn tls_psk::ReplayStore),
                callback: self.callback,
                ..EarlyDataSettings::DEFAULT
            },
            ..Config::new(P, ANCHORS)
        }
    }
}

fn client_config(modes: &'static [M]) -> Config<'static, RustCrypto> {
    Config {
        psk: PskSettings {
            key_exchange_modes: modes,
            ..PskSettings::DEFAULT
        },
        ..Config::new(P, ANCHORS)
    }
}

/// A full handshake at `now`; returns the sessions the client stored.
fn full(cc: &Config<'_, RustCrypto>, sc: &Config<'_, RustCrypto>, now: u64) -> Vec<Vec<u8>> {
    let mut c = ClientHandshake::new(cc, Some(NAME)).unwrap();
    let mut s = ServerHandshake::new(sc).unwrap();
    let o = go(&mut c, &mut s, now, false, &mut no_tamper());
    ok(&o, &c, &s);
    assert!(!c.resumed());
    o.c_out.sessions
}

/// Resumes `session` at `now`, with or without 0-RTT.
fn resume(
    cc: &Config<'_, RustCrypto>,
    sc: &Config<'_, RustCrypto>,
    session: &[u8],
    now: u64,
    early: bool,
) -> (Out, bool, EarlyDataStatus, u32) {
    let session = Session::decode(session).unwrap();
    let mut c = ClientHandshake::new(cc, Some(NAME)).unwrap();
    c.set_session(&session).unwrap();
    let mut s = ServerHandshake::new(sc).unwrap();
    let o = go(&mut c, &mut s, now, early, &mut no_tamper());
    ok(&o, &c, &s);
    let offered = c.early_data_offered();
    (o, c.resumed(), c.early_data_status(), offered)
}

#[test]
fn resumption_with_psk_dhe_ke_and_psk_ke() {
    let id = pki::p256_chain();
    let keys = keys();
    for modes in [DHE, KE] {
        let mut srv = Server::new(&id, &keys);
        srv.modes = modes;
        let sc = srv.config();
        // The first handshake is a full one whatever the modes (no session yet).
        let sessions = full(&client_config(&[M::PSK_DHE_KE]), &sc, 1000);
        assert_eq!(sessions.len(), 2, "initial_count tickets");
        let cc = client_config(modes);
        let (o, resumed, status, _) = resume(&cc, &sc, &sessions[0], 5000, false);
        assert!(resumed);
        assert_eq!(status, EarlyDataStatus::NotSent);
        // No certificate in a resumed handshake; the resumed connection issues tickets too.
        assert_eq!(o.c_out.sessions.len(), 2);
        let ch = parse_hello(&o.hello);
        assert_eq!(ch.extensions.key_share.is_none(), modes == KE);
        // The second ticket works too.
        assert!(resume(&cc, &sc, &sessions[1], 6000, false).1);
    }
}

#[test]
fn ticket_key_rotation_and_keying_material_lifetime() {
    let id = pki::p256_chain();
    let keys = keys();
    let mut srv = Server::new(&id, &keys);
    srv.lifetimes = TicketKeyLifetimes {
        encrypt_decrypt_ms: 4 * HOUR,
        decrypt_only_ms: HOUR,
    };
    let sc = srv.config();
    let cc = client_config(DHE);
    // Key 1 encrypts in [0, 4h), decrypts until 5h; key 2 encrypts in [2h, 6h).
    let s0 = full(&cc, &sc, HOUR);
    assert!(
        resume(&cc, &sc, &s0[0], HOUR + 1, false).1,
        "encrypt window"
    );
    assert!(
        resume(&cc, &sc, &s0[1], 4 * HOUR + 1, false).1,
        "decrypt-only window"
    );
    // After 5h, key 1 is gone: full handshake (tickets then come from key 2).
    let (o, resumed, _, _) = resume(&cc, &sc, &s0[0], 5 * HOUR + 1, false);
    assert!(!resumed);
    assert_eq!(o.c_out.sessions.len(), 2);
    // No key in its encrypt window: no tickets.
    let only_old = [TicketKey::new([1; 16], &[0x11; 32], 0)];
    let mut srv2 = Server::new(&id, &only_old);
    srv2.lifetimes = srv.lifetimes;
    assert!(full(&cc, &srv2.config(), 4 * HOUR + 1).is_empty());

    // Keying material older than its lifetime: full handshake, and a resumed connection's
    // tickets do not outlive it.
    let mut srv3 = Server::new(&id, &keys);
    srv3.kml = 1000 * 60;
    let sc3 = srv3.config();
    let s3 = full(&cc, &sc3, 0);
    assert!(resume(&cc, &sc3, &s3[0], 30_000, false).1);
    assert!(!resume(&cc, &sc3, &s3[1], 61_000, false).1);
}

#[test]
fn tampered_ticket_bytes_fall_back_to_a_full_handshake() {
    let id = pki::p256_chain();
    let keys = keys();
    let sc = Server::new(&id, &keys).config();
    let cc = client_config(DHE);
    let mut c = ClientHandshake::new(&cc, Some(NAME)).unwrap();
    let mut s = ServerHandshake::new(&sc).unwrap();
    let o = go(&mut c, &mut s, 0, false, &mut no_tamper());
    let Some(Ev::Ticket { ticket, .. }) = o.c_out.events.get(1).cloned() else {
        panic!("no ticket");
    };
    let mut enc = o.c_out.sessions[0].clone();
    let at = enc
        .windows(ticket.len())
        .position(|w| w == ticket.as_slice())
        .unwrap();
    enc[at + ticket.len() / 2] ^= 1;
    let (_, resumed, _, _) = resume(&cc, &sc, &enc, 10, false);
    assert!(!resumed);
}

// ---- 0-RTT ----

struct Cb(EarlyDataDecision);
impl EarlyDataCallback for Cb {
    fn on_early_data(&self, offered: &OfferedEarlyData<'_>) -> EarlyDataDecision {
        assert_eq!(offered.max_early_data, 4096);
        assert_eq!(offered.context, b"ctx");
        self.0
    }
}

fn early_server<'a>(srv: &Server<'a>) -> Config<'a, RustCrypto> {
    let mut c = srv.config();
    c.early_data.context = b"ctx";
    c
}

#[test]
fn early_data_accepted_rejected_and_replayed() {
    let id = pki::p256_chain();
    let keys = keys();
    let store = SingleUseTickets::<8>::new();
    let mut srv = Server::new(&id, &keys);
    srv.max_early = 4096;
    srv.store = Some(&store);
    let sc = early_server(&srv);
    let cc = client_config(DHE);
    let sessions = full(&cc, &sc, 0);

    // Accepted: early keys right after the ClientHello, EndOfEarlyData under them.
    let (o, resumed, status, offered) = resume(&cc, &sc, &sessions[0], 100, true);
    assert!(resumed);
    assert_eq!(status, EarlyDataStatus::Accepted);
    assert_eq!(offered, 4096);
    assert_eq!(o.early_tag.as_ref().unwrap().0, KeyLevel::EarlyData);
    assert_eq!(o.c_out.write_changes[0], KeyLevel::EarlyData);
    assert!(o.c_out.events.contains(&Ev::EarlyAccepted));
    assert!(o.s_out.events.contains(&Ev::EarlyAccepted));
    // Server: application write keys, then early read keys (same as the client's), then
    // handshake read keys after EndOfEarlyData.
    assert_eq!(
        o.s_out.read_changes,
        [
            KeyLevel::EarlyData,
            KeyLevel::Handshake,
            KeyLevel::Application
        ]
    );

    // The same session again: the ticket was single use. Full handshake, early data rejected
    // and skipped up to recv_max_early_data.
    let (o, resumed, status, offered) = resume(&cc, &sc, &sessions[0], 200, true);
    assert!(!resumed);
    assert_eq!(status, EarlyDataStatus::Rejected);
    assert_eq!(offered, 0);
    assert!(o.s_out.events.contains(&Ev::EarlyRejected(16384)));
    assert!(o.c_out.events.contains(&Ev::EarlyRejected(0)));

    // The callback rejects: resumed, early data rejected.
    let no = Cb(EarlyDataDecision::Reject);
    let mut srv_no = Server::new(&id, &keys);
    srv_no.max_early = 4096;
    srv_no.store = Some(&store);
    srv_no.callback = Some(&no);
    let sc_no = early_server(&srv_no);
    let (o, resumed, status, _) = resume(&cc, &sc_no, &sessions[1], 300, true);
    assert!(resumed);
    assert_eq!(status, EarlyDataStatus::Rejected);
    assert!(o.s_out.events.contains(&Ev::EarlyRejected(16384)));
}

#[test]
fn anti_replay_off_accepts_the_same_ticket_twice() {
    let id = pki::p256_chain();
    let keys = keys();
    let mut srv = Server::new(&id, &keys);
    srv.max_early = 4096;
    srv.anti_replay = false;
    let sc = early_server(&srv);
    let cc = client_config(DHE);
    let sessions = full(&cc, &sc, 0);
    for now in [10, 20] {
        let (_, resumed, status, _) = resume(&cc, &sc, &sessions[0], now, true);
        assert!(resumed);
        assert_eq!(status, EarlyDataStatus::Accepted);
    }
    // Anti-replay on without a store: tickets advertise no early data.
    let mut srv2 = Server::new(&id, &keys);
    srv2.max_early = 4096;
    let sessions = full(&cc, &early_server(&srv2), 0);
    assert_eq!(Session::decode(&sessions[0]).unwrap().max_early_data(), 0);
}

#[test]
fn early_data_decided_later() {
    let id = pki::p256_chain();
    let keys = keys();
    let store = SingleUseTickets::<8>::new();
    let later = Cb(EarlyDataDecision::Later);
    let mut srv = Server::new(&id, &keys);
    srv.max_early = 4096;
    srv.store = Some(&store);
    srv.callback = Some(&later);
    let sc = early_server(&srv);
    let cc = client_config(DHE);
    let sessions = full(&cc, &sc, 0);
    for accept in [true, false] {
        let session = Session::decode(&sessions[usize::from(!accept)]).unwrap();
        let mut c = ClientHandshake::new(&cc, Some(NAME)).unwrap();
        c.set_session(&session).unwrap();
        let mut s = ServerHandshake::new(&sc).unwrap();
        let mut o = go(&mut c, &mut s, 50, true, &mut no_tamper());
        assert_eq!(o.result, Ok(()));
        assert!(s.awaiting_early_data_decision());
        assert!(o.s_out.events.contains(&Ev::EarlyPending));
        assert!(!c.is_complete());
        let mut rng = TestRng::new([3; 32]);
        s.decide_early_data(accept, &mut o.s_out, &mut env_at(&mut rng, 60))
            .unwrap();
        pump(
            &mut c,
            &mut s,
            &mut o.c_out,
            &mut o.s_out,
            60,
            &mut no_tamper(),
        )
        .unwrap();
        ok(&o, &c, &s);
        let want = if accept {
            EarlyDataStatus::Accepted
        } else {
            EarlyDataStatus::Rejected
        };
        assert_eq!(c.early_data_status(), want);
        assert_eq!(
            s.decide_early_data(true, &mut o.s_out, &mut env_at(&mut rng, 60)),
            Err(Error::InvalidState)
        );
    }
}

#[test]
fn early_data_with_an_external_psk() {
    let secret = [5u8; 32];
    let ed = PskEarlyData {
        alpn: Some(b"h2"),
        ..PskEarlyData::new(1000, CipherSuite::TLS_AES_128_GCM_SHA256)
    };
    let psks = [ExternalPsk::new(b"dev", &secret, HashAlgorithm::Sha256)
        .unwrap()
        .with_early_data(ed)
        .unwrap()];
    let store = SingleUseTickets::<8>::new();
    for (server_alpn, modes) in [(b"h2", KE), (b"h2", DHE), (b"xx", KE)] {
        let alpn_c: &[&[u8]] = &[b"h2", b"xx"];
        let alpn_s: &[&[u8]] = &[server_alpn];
        let cc = Config {
            alpn: alpn_c,
            ..ext_client(&psks, modes)
        };
        let sc = Config {
            alpn: alpn_s,
            early_data: EarlyDataSettings {
                replay_store: Some(&store),
                ..EarlyDataSettings::DEFAULT
            },
            ..ext_server(&psks, modes)
        };
        let mut c = ClientHandshake::new(&cc, None).unwrap();
        let mut s = ServerHandshake::new(&sc).unwrap();
        let o = go(&mut c, &mut s, 0, true, &mut no_tamper());
        ok(&o, &c, &s);
        assert_eq!(o.early_tag.as_ref().unwrap().0, KeyLevel::EarlyData);
        let want = if server_alpn == b"h2" {
            EarlyDataStatus::Accepted
        } else {
            // The server's ALPN choice differs from the PSK's.
            EarlyDataStatus::Rejected
        };
        assert_eq!(s.early_data_status(), want);
        assert_eq!(c.info().psk_mode, Some(modes[0]));
    }
}

#[test]
fn state_sizes() {
    println!(
        "ClientHandshake {} ServerHandshake {} Session {} Negotiated {}",
        core::mem::size_of::<ClientHandshake<'_, RustCrypto>>(),
        core::mem::size_of::<ServerHandshake<'_, RustCrypto>>(),
        core::mem::size_of::<Session>(),
        core::mem::size_of::<tls_handshake::Negotiated>(),
    );
}
