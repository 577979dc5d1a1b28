//! Wren client ↔ Wren server in memory: every suite × group, certificates, HelloRetryRequest
//! both ways, ALPN, client authentication, KeyUpdate, ChaCha20 boosting, the dangerous mode,
//! and the alerts of every failure.
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
use harness::{run, settle, Ev, Recorder, Side, P};
use tls_codec::enums::{AlertDescription as A, CipherSuite, NamedGroup, SignatureScheme};
use tls_crypto::RustCrypto;
use tls_handshake::{
    ClientAuth, ClientHandshake, Config, Error, KeyLevel, SecurityPolicy, ServerHandshake, Suite,
    Verification,
};

const NAME: &str = "server.wren.test";
const ANCHORS: &[&[u8]] = &[pki::ROOT];

/// One run's results.
struct Run<'c> {
    result: Result<(), (Side, Error)>,
    client: ClientHandshake<'c, RustCrypto>,
    server: ServerHandshake<'c, RustCrypto>,
    c_out: Recorder,
    s_out: Recorder,
}

fn go_with<'c>(
    c: &'c Config<'c, RustCrypto>,
    s: &'c Config<'c, RustCrypto>,
    name: Option<&str>,
    tamper: &mut dyn FnMut(Side, usize, &mut Vec<u8>),
) -> Run<'c> {
    let mut client = ClientHandshake::new(c, name).unwrap();
    let mut server = ServerHandshake::new(s).unwrap();
    let mut c_out = Recorder::new(16 * 1024);
    let mut s_out = Recorder::new(16 * 1024);
    let result = run(&mut client, &mut server, &mut c_out, &mut s_out, tamper);
    Run {
        result,
        client,
        server,
        c_out,
        s_out,
    }
}

fn go<'c>(c: &'c Config<'c, RustCrypto>, s: &'c Config<'c, RustCrypto>) -> Run<'c> {
    go_with(c, s, Some(NAME), &mut |_, _, _| {})
}

fn client_cfg(policy: &'static SecurityPolicy) -> Config<'static, RustCrypto> {
    Config {
        policy,
        ..Config::new(P, ANCHORS)
    }
}

fn server_cfg<'a>(policy: &'static SecurityPolicy, id: &'a Id) -> Config<'a, RustCrypto> {
    Config {
        policy,
        identity: Some(id.identity()),
        ..Config::new(P, ANCHORS)
    }
}

fn assert_ok(r: &Run<'_>) {
    assert_eq!(r.result, Ok(()));
    assert!(r.client.is_complete() && r.server.is_complete());
    assert_eq!(r.c_out.events.first(), Some(&Ev::Complete));
    assert_eq!(r.s_out.events.first(), Some(&Ev::Complete));
    // Both ends agree on what was negotiated.
    let (ci, si) = (r.client.info(), r.server.info());
    assert_eq!(ci.suite, si.suite);
    assert_eq!(ci.group, si.group);
    assert_eq!(ci.hello_retry, si.hello_retry);
    assert_eq!(ci.alpn, si.alpn);
    // The final keys match crosswise.
    assert_eq!(r.c_out.write, r.s_out.read);
    assert_eq!(r.s_out.write, r.c_out.read);
    assert_eq!(
        r.c_out.write.as_ref().map(|k| k.0),
        Some(KeyLevel::Application)
    );
}

fn alert_of(r: &Run<'_>) -> (Side, A) {
    let (side, e) = r.result.expect_err("the handshake must fail");
    (side, e.alert())
}

/// A policy with exactly one suite and the given groups (leaked: policies are 'static).
fn policy(suites: &[CipherSuite], groups: &[NamedGroup], boost: bool) -> &'static SecurityPolicy {
    Box::leak(Box::new(SecurityPolicy {
        name: "test",
        cipher_suites: Box::leak(suites.to_vec().into_boxed_slice()),
        groups: Box::leak(groups.to_vec().into_boxed_slice()),
        chacha20_boosting: boost,
        ..SecurityPolicy::DEFAULT_TLS13
    }))
}

const X: NamedGroup = NamedGroup::X25519;
const P256: NamedGroup = NamedGroup::SECP256R1;

#[test]
fn every_suite_and_group() {
    let id = pki::p256_chain();
    for suite in tls_handshake::SUITES {
        for group in [X, P256] {
            let pol = policy(&[suite.suite], &[group], false);
            let c = client_cfg(pol);
            let s = server_cfg(pol, &id);
            let r = go(&c, &s);
            assert_ok(&r);
            let info = r.client.info();
            assert_eq!(info.suite, Some(suite), "{suite:?}");
            assert_eq!(info.group, Some(group));
            assert!(!info.hello_retry);
            assert_eq!(
                info.peer_subject.unwrap().as_str(),
                Some("CN=server.wren.test")
            );
            assert_eq!(
                info.signature_scheme,
                Some(SignatureScheme::ECDSA_SECP256R1_SHA256)
            );
            assert_eq!(r.server.info().server_name.unwrap().as_str(), Some(NAME));
            // Middlebox compatibility: one CCS each way.
            assert_eq!((r.c_out.ccs, r.s_out.ccs), (1, 1));
            // Key installation order (RFC 8446 §7.3).
            assert_eq!(
                r.c_out.read_changes,
                [KeyLevel::Handshake, KeyLevel::Application]
            );
            assert_eq!(
                r.c_out.write_changes,
                [KeyLevel::Handshake, KeyLevel::Application]
            );
            assert_eq!(
                r.s_out.write_changes,
                [KeyLevel::Handshake, KeyLevel::Application]
            );
            assert_eq!(
                r.s_out.read_changes,
                [KeyLevel::Handshake, KeyLevel::Application]
            );
        }
    }
}

#[test]
fn server_certificates_of_each_kind() {
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let cases: [(&str, Id, SignatureScheme, &str); 5] = [
        (
            "P-256 one level",
            pki::p256_one_level(),
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            "CN=server.wren.test",
        ),
        (
            "P-256 via int",
            pki::p256_chain(),
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            "CN=server.wren.test",
        ),
        (
            "P-256 two levels",
            pki::p256_two_level(),
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            "CN=server.wren.test",
        ),
        (
            "Ed25519",
            pki::ed25519_chain(),
            SignatureScheme::ED25519,
            "CN=server.wren.test",
        ),
        (
            "RSA-2048",
            pki::rsa2048_chain(),
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            "CN=server.wren.test",
        ),
    ];
    for (what, id, scheme, _subject) in &cases {
        let c = client_cfg(pol);
        let s = server_cfg(pol, id);
        let r = go(&c, &s);
        assert_ok(&r);
        assert_eq!(r.client.info().signature_scheme, Some(*scheme), "{what}");
        assert!(r.client.info().peer_subject.is_some(), "{what}");
    }
}

#[test]
fn hello_retry_request_both_ways() {
    let id = pki::p256_chain();
    for (client_groups, server_groups, expect) in [
        (&[X, P256][..], &[P256][..], P256),
        (&[P256, X][..], &[X][..], X),
    ] {
        let c = client_cfg(policy(
            &[CipherSuite::TLS_AES_128_GCM_SHA256],
            client_groups,
            false,
        ));
        let s = server_cfg(
            policy(&[CipherSuite::TLS_AES_128_GCM_SHA256], server_groups, false),
            &id,
        );
        let r = go(&c, &s);
        assert_ok(&r);
        assert!(r.client.info().hello_retry && r.server.info().hello_retry);
        assert_eq!(r.client.info().group, Some(expect));
        // Compatibility mode: still one CCS each way, after the HRR / before ClientHello2.
        assert_eq!((r.c_out.ccs, r.s_out.ccs), (1, 1));
    }
}

#[test]
fn hello_retry_with_sha384_suite_and_no_compat() {
    let id = pki::p256_chain();
    let pol_c = policy(&[CipherSuite::TLS_AES_256_GCM_SHA384], &[X, P256], false);
    let pol_s = policy(&[CipherSuite::TLS_AES_256_GCM_SHA384], &[P256], false);
    let c = Config {
        middlebox_compat: false,
        ..client_cfg(pol_c)
    };
    let s = server_cfg(pol_s, &id);
    let r = go(&c, &s);
    assert_ok(&r);
    assert!(r.client.info().hello_retry);
    assert_eq!((r.c_out.ccs, r.s_out.ccs), (0, 0));
}

#[test]
fn no_common_group_or_suite_is_handshake_failure() {
    let id = pki::p256_chain();
    let c = client_cfg(policy(&[CipherSuite::TLS_AES_128_GCM_SHA256], &[X], false));
    let s = server_cfg(
        policy(&[CipherSuite::TLS_AES_128_GCM_SHA256], &[P256], false),
        &id,
    );
    assert_eq!(alert_of(&go(&c, &s)), (Side::Server, A::HANDSHAKE_FAILURE));
    let c = client_cfg(policy(&[CipherSuite::TLS_AES_128_GCM_SHA256], &[X], false));
    let s = server_cfg(
        policy(&[CipherSuite::TLS_CHACHA20_POLY1305_SHA256], &[X], false),
        &id,
    );
    assert_eq!(alert_of(&go(&c, &s)), (Side::Server, A::HANDSHAKE_FAILURE));
}

#[test]
fn alpn_match_mismatch_and_absent() {
    let id = pki::p256_chain();
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let c = Config {
        alpn: &[b"mqtt", b"http/1.1"],
        ..client_cfg(pol)
    };
    let s = Config {
        alpn: &[b"h2", b"http/1.1", b"mqtt"],
        ..server_cfg(pol, &id)
    };
    let r = go(&c, &s);
    assert_ok(&r);
    // The server's preference among the client's offers.
    assert_eq!(r.client.info().alpn.unwrap().as_bytes(), b"http/1.1");

    let s2 = Config {
        alpn: &[b"h2"],
        ..server_cfg(pol, &id)
    };
    assert_eq!(
        alert_of(&go(&c, &s2)),
        (Side::Server, A::NO_APPLICATION_PROTOCOL)
    );

    // Only one side has ALPN: nothing negotiated, no failure.
    let plain = client_cfg(pol);
    let r = go(&plain, &s);
    assert_ok(&r);
    assert_eq!(r.client.info().alpn, None);
}

#[test]
fn client_authentication() {
    let id = pki::p256_chain();
    let client_id = pki::client_identity();
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let with_cert = Config {
        identity: Some(client_id.identity()),
        ..client_cfg(pol)
    };
    let without = client_cfg(pol);
    for mode in [ClientAuth::Optional, ClientAuth::Required] {
        let s = Config {
            client_auth: mode,
            ..server_cfg(pol, &id)
        };
        let r = go(&with_cert, &s);
        assert_ok(&r);
        assert!(r.server.info().client_authenticated, "{mode:?}");
        assert!(r.client.info().client_authenticated);
        assert_eq!(
            r.server.info().peer_subject.unwrap().as_str(),
            Some("CN=client.wren.test")
        );
        let r = go(&without, &s);
        if mode == ClientAuth::Optional {
            assert_ok(&r);
            assert!(!r.server.info().client_authenticated);
        } else {
            assert_eq!(alert_of(&r), (Side::Server, A::CERTIFICATE_REQUIRED));
        }
    }
    // A server certificate (serverAuth only) presented by a client: wrong EKU.
    let wrong = pki::p256_chain();
    let c = Config {
        identity: Some(wrong.identity()),
        ..client_cfg(pol)
    };
    let s = Config {
        client_auth: ClientAuth::Required,
        ..server_cfg(pol, &id)
    };
    assert_eq!(
        alert_of(&go(&c, &s)),
        (Side::Server, A::UNSUPPORTED_CERTIFICATE)
    );
}

#[test]
fn key_update_both_ways() {
    let id = pki::p256_chain();
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let c = client_cfg(pol);
    let s = server_cfg(pol, &id);
    let mut r = go(&c, &s);
    assert_ok(&r);
    for request in [false, true] {
        // Client → server.
        r.client.send_key_update(request, &mut r.c_out).unwrap();
        settle(&mut r.client, &mut r.server, &mut r.c_out, &mut r.s_out).unwrap();
        assert_eq!(r.s_out.events.last(), Some(&Ev::PeerKeyUpdated));
        if request {
            assert_eq!(r.c_out.events.last(), Some(&Ev::PeerKeyUpdated));
        }
        assert_eq!(r.c_out.write, r.s_out.read);
        assert_eq!(r.s_out.write, r.c_out.read);
        // Server → client.
        r.server.send_key_update(request, &mut r.s_out).unwrap();
        settle(&mut r.client, &mut r.server, &mut r.c_out, &mut r.s_out).unwrap();
        assert_eq!(r.c_out.events.last(), Some(&Ev::PeerKeyUpdated));
        assert_eq!(r.c_out.write, r.s_out.read);
        assert_eq!(r.s_out.write, r.c_out.read);
    }
    // Keys changed at every update: 4 updates each way were applied by the peer, plus the
    // answers to the two requests.
    assert_eq!(
        r.c_out
            .read_changes
            .iter()
            .filter(|l| **l == KeyLevel::Application)
            .count(),
        1 + 3
    );
}

#[test]
fn key_update_before_completion_is_invalid_state() {
    let c = client_cfg(&SecurityPolicy::DEFAULT_TLS13);
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut out = Recorder::new(1024);
    assert_eq!(
        client.send_key_update(false, &mut out),
        Err(Error::InvalidState)
    );
}

#[test]
fn chacha20_boosting() {
    let id = pki::p256_chain();
    let chacha_first = policy(
        &[
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_AES_128_GCM_SHA256,
        ],
        &[X, P256],
        false,
    );
    let c = client_cfg(chacha_first);
    let s = server_cfg(&SecurityPolicy::DEFAULT_TLS13, &id);
    let r = go(&c, &s);
    assert_ok(&r);
    assert_eq!(r.client.info().suite, Some(Suite::TLS_AES_128_GCM_SHA256));
    let s = server_cfg(&SecurityPolicy::DEFAULT_TLS13_CHACHA20_BOOSTED, &id);
    let r = go(&c, &s);
    assert_ok(&r);
    assert_eq!(
        r.client.info().suite,
        Some(Suite::TLS_CHACHA20_POLY1305_SHA256)
    );
    // Boosting does not apply when the client lists AES first.
    let c = client_cfg(&SecurityPolicy::DEFAULT_TLS13);
    let r = go(&c, &s);
    assert_eq!(r.client.info().suite, Some(Suite::TLS_AES_128_GCM_SHA256));
}

#[test]
fn dangerous_no_verification_still_checks_certificate_verify() {
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let id = pki::with_leaf(vec![pki::LEAF_UNKNOWN_ISSUER]);
    // The signer is leaf-p256's, not leaf-unknown-issuer's: CertificateVerify must fail.
    let c = Config {
        verification: Verification::DangerousNoVerificationForTestsOnly,
        ..client_cfg(pol)
    };
    let s = server_cfg(pol, &id);
    assert_eq!(
        alert_of(&go_with(&c, &s, None, &mut |_, _, _| {})),
        (Side::Client, A::DECRYPT_ERROR)
    );
    // With the matching key, any chain and any name pass.
    let id = pki::p256_chain();
    let s = server_cfg(pol, &id);
    let r = go_with(&c, &s, Some("not-the-name.example"), &mut |_, _, _| {});
    assert_ok(&r);
}

#[test]
fn certificate_negative_cases_end_in_the_right_alert() {
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let cases: Vec<(&str, Vec<&'static [u8]>, A)> = vec![
        (
            "unknown issuer",
            vec![pki::LEAF_UNKNOWN_ISSUER],
            A::UNKNOWN_CA,
        ),
        (
            "intermediate not CA",
            vec![pki::LEAF_UNDER_NOT_CA, pki::INT_NOT_CA],
            A::BAD_CERTIFICATE,
        ),
        (
            "path length exceeded",
            vec![
                pki::LEAF_PATHLEN,
                pki::INT_UNDER_PATHLEN0,
                pki::INT_PATHLEN0,
            ],
            A::BAD_CERTIFICATE,
        ),
        (
            "CA without keyCertSign",
            vec![pki::LEAF_UNDER_NO_CERTSIGN, pki::INT_NO_CERTSIGN],
            A::BAD_CERTIFICATE,
        ),
        (
            "expired",
            vec![pki::LEAF_EXPIRED, pki::INT],
            A::CERTIFICATE_EXPIRED,
        ),
        (
            "critical unknown extension",
            vec![pki::LEAF_CRITICAL_UNKNOWN, pki::INT],
            A::UNSUPPORTED_CERTIFICATE,
        ),
        (
            "bad signature",
            vec![pki::LEAF_BAD_SIGNATURE, pki::INT],
            A::BAD_CERTIFICATE,
        ),
        (
            "wrong EKU (client cert)",
            vec![pki::CLIENT_P256, pki::INT],
            A::UNSUPPORTED_CERTIFICATE,
        ),
        ("missing intermediate", vec![pki::LEAF_P256], A::UNKNOWN_CA),
    ];
    for (what, chain, alert) in cases {
        let id = pki::with_leaf(chain);
        let c = client_cfg(pol);
        let s = server_cfg(pol, &id);
        assert_eq!(alert_of(&go(&c, &s)), (Side::Client, alert), "{what}");
    }
    // Name mismatch.
    let id = pki::p256_chain();
    let c = client_cfg(pol);
    let s = server_cfg(pol, &id);
    let r = go_with(&c, &s, Some("other.wren.test"), &mut |_, _, _| {});
    assert_eq!(alert_of(&r), (Side::Client, A::BAD_CERTIFICATE));
    // IP literal in SAN matches; no SNI is sent for it.
    let r = go_with(&c, &s, Some("127.0.0.1"), &mut |_, _, _| {});
    assert_ok(&r);
    assert_eq!(r.server.info().server_name, None);
}

#[test]
fn verify_host_callback_replaces_the_name_check() {
    struct OnlyWild;
    impl tls_cert::VerifyHost for OnlyWild {
        fn verify_host(&self, id: tls_cert::PresentedId<'_>) -> bool {
            matches!(id, tls_cert::PresentedId::Dns(n) if n == b"*.wild.wren.test")
        }
    }
    struct No;
    impl tls_cert::VerifyHost for No {
        fn verify_host(&self, _: tls_cert::PresentedId<'_>) -> bool {
            false
        }
    }
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let id = pki::p256_chain();
    let s = server_cfg(pol, &id);
    let c = Config {
        verification: Verification::VerifyHost(&OnlyWild),
        ..client_cfg(pol)
    };
    assert_ok(&go_with(
        &c,
        &s,
        Some("anything.example"),
        &mut |_, _, _| {},
    ));
    let c = Config {
        verification: Verification::VerifyHost(&No),
        ..client_cfg(pol)
    };
    assert_eq!(alert_of(&go(&c, &s)), (Side::Client, A::BAD_CERTIFICATE));
}

#[test]
fn expired_certificate_passes_without_a_clock() {
    // Validity is checked only when the caller knows the time: the harness passes NOW, so
    // this drives the client by hand with unix_time None.
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let id = pki::with_leaf(vec![pki::LEAF_EXPIRED, pki::INT]);
    let c = client_cfg(pol);
    let s = server_cfg(pol, &id);
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut server = ServerHandshake::new(&s).unwrap();
    let (mut co, mut so) = (Recorder::new(8192), Recorder::new(8192));
    let mut rng = tls_crypto::TestRng::new([5; 32]);
    let mut env = tls_handshake::Env {
        rng: &mut rng,
        now_ms: 0,
        unix_time: None,
    };
    client.start(&mut co, &mut env).unwrap();
    for m in flight(&mut co) {
        server.handle(&m, &mut so, &mut env).unwrap();
    }
    let mut last = Ok(());
    for m in flight(&mut so) {
        last = client.handle(&m, &mut co, &mut env);
        if last.is_err() {
            break;
        }
    }
    // Gets past the certificate; the signer is leaf-p256's, so CertificateVerify fails.
    assert_eq!(last.map_err(|e| e.alert()), Err(A::DECRYPT_ERROR));
}

/// Every message of an endpoint's pending output, in order.
fn flight(out: &mut Recorder) -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    for item in out.outbound.drain(..) {
        if let harness::Item::Handshake(_, bytes) = item {
            for m in tls_codec::handshake::split(&bytes) {
                v.push(m.unwrap().bytes.to_vec());
            }
        }
    }
    v
}

/// Server flight message indices with DEFAULT_TLS13 and no HRR: SH 0, EE 1, Cert 2, CV 3,
/// Fin 4.
const SERVER_CV: usize = 3;
const SERVER_FIN: usize = 4;

#[test]
fn bad_certificate_verify_and_finished_are_decrypt_error() {
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let id = pki::p256_chain();
    let c = client_cfg(pol);
    let s = server_cfg(pol, &id);
    for target in [SERVER_CV, SERVER_FIN] {
        let r = go_with(&c, &s, Some(NAME), &mut |side, i, m| {
            if side == Side::Server && i == target {
                let last = m.len() - 1;
                m[last] ^= 0x01;
            }
        });
        assert_eq!(
            alert_of(&r),
            (Side::Client, A::DECRYPT_ERROR),
            "message {target}"
        );
    }
    // The client's Finished, tampered: the server says decrypt_error.
    let r = go_with(&c, &s, Some(NAME), &mut |side, i, m| {
        if side == Side::Client && i == 1 {
            let last = m.len() - 1;
            m[last] ^= 0x80;
        }
    });
    assert_eq!(alert_of(&r), (Side::Server, A::DECRYPT_ERROR));
}

#[test]
fn messages_out_of_order_are_unexpected_message() {
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let id = pki::p256_chain();
    let c = client_cfg(pol);
    let s = server_cfg(pol, &id);
    let mut rng = tls_crypto::TestRng::new([5; 32]);
    let mut env = harness::env(&mut rng);
    let mut server = ServerHandshake::new(&s).unwrap();
    let mut so = Recorder::new(8192);
    let mut client0 = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut co = Recorder::new(8192);
    client0.start(&mut co, &mut env).unwrap();
    let ch = flight(&mut co);
    server.handle(&ch[0], &mut so, &mut env).unwrap();
    let sf = flight(&mut so);
    assert_eq!(sf.len(), 5);
    // A fresh pair: feed EncryptedExtensions twice.
    let run = go_with(&c, &s, Some(NAME), &mut |side, i, m| {
        if side == Side::Server && i == 2 {
            // Replace the Certificate with a copy of EncryptedExtensions (type 8).
            *m = vec![8, 0, 0, 2, 0, 0];
        }
    });
    assert_eq!(alert_of(&run), (Side::Client, A::UNEXPECTED_MESSAGE));
    // A Finished where the ServerHello belongs.
    let run = go_with(&c, &s, Some(NAME), &mut |side, i, m| {
        if side == Side::Server && i == 0 {
            *m = vec![20, 0, 0, 32].into_iter().chain([0; 32]).collect();
        }
    });
    assert_eq!(alert_of(&run), (Side::Client, A::UNEXPECTED_MESSAGE));
    // The server gets a Finished instead of a ClientHello.
    let run = go_with(&c, &s, Some(NAME), &mut |side, i, m| {
        if side == Side::Client && i == 0 {
            *m = vec![20, 0, 0, 32].into_iter().chain([0; 32]).collect();
        }
    });
    assert_eq!(alert_of(&run), (Side::Server, A::UNEXPECTED_MESSAGE));
    // A ClientHello after completion.
    let mut r = go(&c, &s);
    assert_ok(&r);
    let e = r.server.handle(
        &ch[0],
        &mut r.s_out,
        &mut harness::env(&mut tls_crypto::TestRng::new([1; 32])),
    );
    assert_eq!(e.map_err(|e| e.alert()), Err(A::UNEXPECTED_MESSAGE));
    // After a failure, every call is InvalidState.
    let e = r.server.handle(
        &ch[0],
        &mut r.s_out,
        &mut harness::env(&mut tls_crypto::TestRng::new([1; 32])),
    );
    assert_eq!(e, Err(Error::InvalidState));
}

#[test]
fn every_bit_flip_in_the_server_flight_fails_cleanly() {
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let id = pki::p256_chain();
    let c = client_cfg(pol);
    let s = server_cfg(pol, &id);
    // Lengths of the server's messages.
    let base = go(&c, &s);
    assert_ok(&base);
    let mut lens = Vec::new();
    let _ = go_with(&c, &s, Some(NAME), &mut |side, _, m| {
        if side == Side::Server {
            lens.push(m.len());
        }
    });
    let lens: Vec<usize> = lens.into_iter().take(5).collect();
    let mut runs = 0;
    for (msg, len) in lens.iter().enumerate() {
        for byte in 0..*len {
            let bit = 1u8 << (byte % 8);
            let r = go_with(&c, &s, Some(NAME), &mut |side, i, m| {
                if side == Side::Server && i == msg {
                    m[byte] ^= bit;
                }
            });
            assert!(
                r.result.is_err(),
                "flip at message {msg} byte {byte} went unnoticed"
            );
            runs += 1;
        }
    }
    assert!(runs > 500);
}

#[test]
fn truncated_and_extended_server_messages_fail_cleanly() {
    let pol = &SecurityPolicy::DEFAULT_TLS13;
    let id = pki::p256_one_level();
    let c = client_cfg(pol);
    let s = server_cfg(pol, &id);
    for msg in 0..5 {
        for cut in [1usize, 2, 3, 5, 17, 40] {
            let mut cut_done = false;
            let r = go_with(&c, &s, Some(NAME), &mut |side, i, m| {
                if side == Side::Server && i == msg && m.len() > cut {
                    m.truncate(m.len() - cut);
                    cut_done = true;
                }
            });
            if !cut_done {
                continue;
            }
            let (side, alert) = alert_of(&r);
            assert_eq!(side, Side::Client);
            assert!(
                [
                    A::DECODE_ERROR,
                    A::DECRYPT_ERROR,
                    A::ILLEGAL_PARAMETER,
                    A::BAD_CERTIFICATE,
                    A::BAD_RECORD_MAC
                ]
                .contains(&alert),
                "message {msg} cut {cut}: {alert:?}"
            );
        }
        // One trailing byte, header length fixed up: decode_error or a later failure.
        let r = go_with(&c, &s, Some(NAME), &mut |side, i, m| {
            if side == Side::Server && i == msg {
                m.push(0);
                let len = m.len() - 4;
                m[1..4].copy_from_slice(&(len as u32).to_be_bytes()[1..]);
            }
        });
        assert!(r.result.is_err());
    }
}
