//! Wren against OpenSSL 3 on 127.0.0.1: Wren's client against `openssl s_server`, `openssl
//! s_client` against Wren's server. Every suite × group, the three server key types, chains of
//! zero to two intermediates, HelloRetryRequest both ways, KeyUpdate both ways, ALPN, client
//! authentication, half-close, and the certificate negative cases with their alerts.
//!
//! The flags that force each case are in `tests/common/mod.rs`.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::needless_range_loop,
    reason = "test code: a panic is the verdict"
)]

mod common;

use common::wren::{
    assert_got_alert, assert_sent_alert, echo, group_of, read_to_close, read_until, suite_of, Wren,
};
use common::{
    openssl_client, openssl_identity, pki, run_parallel, Leaf, OpensslServer, CLIENT, ED25519,
    GROUPS, P256, P256_DIRECT, P256_TWO_INT, RSA2048, SUITES,
};
use tls_codec::enums::{AlertDescription, NamedGroup, SignatureScheme};

fn s(x: &str) -> String {
    x.to_owned()
}

/// What `-msg` prints for a KeyUpdate sent and received.
const SENT_KEY_UPDATE: &str = ">>> TLS 1.3, Handshake [length 0005], KeyUpdate";
const RECEIVED_KEY_UPDATE: &str = "<<< TLS 1.3, Handshake [length 0005], KeyUpdate";

/// The harness itself: OpenSSL to OpenSSL with the HRR and KeyUpdate flags the Wren tests rely
/// on, so a failure below is Wren's and not a misunderstood flag.
#[test]
fn openssl_harness_flags_do_what_the_tests_assume() {
    let mut server = OpensslServer::new(P256);
    server.groups = Some(s("P-256"));
    let (mut server, port) = server.spawn();
    let mut client = openssl_client(port, &[s("-groups"), s("X25519:P-256")]);
    client.expect("Verify return code: 0 (ok)");
    server.command("K", SENT_KEY_UPDATE); // KeyUpdate with update_requested
    server.send(b"from server\n");
    client.expect("from server");
    // OpenSSL answers a requested update with its next write.
    client.send(b"from client\n");
    server.expect("from client");
    server.expect(RECEIVED_KEY_UPDATE);
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    // HRR: the client sent two ClientHellos (its x25519 share did not suit the server).
    assert_eq!(
        client.log().matches("ClientHello").count(),
        2,
        "{}",
        client.log()
    );
}

fn wren_client_case((suite, group): (&'static str, usize)) {
    let (wren_group, ossl_group, _, _) = GROUPS[group];
    let mut server = OpensslServer::new(P256);
    server.suites = Some(s(suite));
    server.groups = Some(s(ossl_group));
    server.rev = true;
    let (mut server, port) = server.spawn();
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    let info = *session.conn().info();
    assert_eq!(info.suite.map(|s| s.suite), Some(suite_of(suite)));
    assert_eq!(info.group, Some(group_of(wren_group)));
    // Wren's client shares x25519 first: a P-256-only server must ask for a retry.
    assert_eq!(
        info.hello_retry,
        group_of(wren_group) == NamedGroup::SECP256R1
    );
    assert_eq!(
        info.peer_subject.unwrap().as_str(),
        Some("CN=server.wren.test")
    );
    session.send_all(b"hello wren\n").unwrap();
    read_until(&mut session, b"nerw olleh");
    session.shutdown(common::TIMEOUT).unwrap();
    assert!(server.expect_exit().success(), "{}", server.log());
    assert!(
        server.log().contains(&format!("Ciphersuite: {suite}")),
        "{}",
        server.log()
    );
    let hellos = server.log().matches("ClientHello").count();
    assert_eq!(
        hellos,
        if info.hello_retry { 2 } else { 1 },
        "{}",
        server.log()
    );
}

/// Wren client, every suite × group; the P-256 cases are HelloRetryRequests from OpenSSL.
#[test]
fn wren_client_every_suite_and_group() {
    let mut cases = Vec::new();
    for (suite, _) in SUITES {
        for g in 0..GROUPS.len() {
            cases.push((format!("{suite}/{}", GROUPS[g].0), (*suite, g)));
        }
    }
    run_parallel(cases, wren_client_case, 3);
}

fn wren_client_cert_case((leaf, scheme): (Leaf, SignatureScheme)) {
    let (mut server, port) = OpensslServer::new(leaf).spawn();
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    let info = *session.conn().info();
    assert_eq!(info.signature_scheme, Some(scheme));
    assert_eq!(
        info.peer_subject.unwrap().as_str(),
        Some("CN=server.wren.test")
    );
    server.send(b"0123 from openssl\n");
    read_until(&mut session, b"0123 from openssl\n");
    session.shutdown(common::TIMEOUT).unwrap();
    assert!(server.expect_exit().success(), "{}", server.log());
}

/// Wren client verifying ECDSA P-256 (0, 1, 2 intermediates), Ed25519 and RSA-2048 servers.
#[test]
fn wren_client_server_certificates() {
    let cases = vec![
        (
            s("p256 direct"),
            (P256_DIRECT, SignatureScheme::ECDSA_SECP256R1_SHA256),
        ),
        (
            s("p256 one intermediate"),
            (P256, SignatureScheme::ECDSA_SECP256R1_SHA256),
        ),
        (
            s("p256 two intermediates"),
            (P256_TWO_INT, SignatureScheme::ECDSA_SECP256R1_SHA256),
        ),
        (s("ed25519"), (ED25519, SignatureScheme::ED25519)),
        (
            s("rsa2048"),
            (RSA2048, SignatureScheme::RSA_PSS_RSAE_SHA256),
        ),
    ];
    run_parallel(cases, wren_client_cert_case, 3);
}

fn openssl_client_case((suite, group): (&'static str, usize)) {
    let (wren_group, ossl_group, _, temp_key) = GROUPS[group];
    let wren = Wren {
        identity: Some(P256),
        ..Wren::default()
    };
    let (port, server) = wren.serve(echo);
    let mut client = openssl_client(
        port,
        &[s("-ciphersuites"), s(suite), s("-groups"), s(ossl_group)],
    );
    client.expect("Verify return code: 0 (ok)");
    client.send(b"ping over openssl\n");
    client.expect("ping over openssl");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    let echoed = server.join().unwrap().unwrap();
    assert_eq!(echoed, b"ping over openssl\n");
    let log = client.log();
    assert!(log.contains(&format!("Cipher is {suite}")), "{log}");
    assert!(
        log.contains(&format!("Server Temp Key: {temp_key}")),
        "{log}"
    );
    assert_eq!(
        log.matches("ClientHello").count(),
        1,
        "{wren_group}: no retry expected\n{log}"
    );
}

/// `openssl s_client` against Wren's server, every suite × group.
#[test]
fn openssl_client_every_suite_and_group() {
    let mut cases = Vec::new();
    for (suite, _) in SUITES {
        for g in 0..GROUPS.len() {
            cases.push((format!("{suite}/{}", GROUPS[g].0), (*suite, g)));
        }
    }
    run_parallel(cases, openssl_client_case, 3);
}

fn openssl_client_cert_case((leaf, signature): (Leaf, &'static str)) {
    let wren = Wren {
        identity: Some(leaf),
        ..Wren::default()
    };
    let (port, server) = wren.serve(echo);
    let mut client = openssl_client(port, &[]);
    client.expect("Verify return code: 0 (ok)");
    client.send(b"cert check\n");
    client.expect("cert check");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    server.join().unwrap().unwrap();
    assert!(
        client
            .log()
            .contains(&format!("Peer signature type: {signature}")),
        "{}",
        client.log()
    );
}

/// Wren's server signing with P-256 (0, 1, 2 intermediates), Ed25519, and RSA-PSS through the
/// host tool's `rsa`-crate signer.
#[test]
fn openssl_client_server_certificates() {
    let cases = vec![
        (s("p256 direct"), (P256_DIRECT, "ECDSA")),
        (s("p256"), (P256, "ECDSA")),
        (s("p256 two intermediates"), (P256_TWO_INT, "ECDSA")),
        (s("ed25519"), (ED25519, "ed25519")),
        (s("rsa2048"), (RSA2048, "RSA-PSS")),
    ];
    run_parallel(cases, openssl_client_cert_case, 3);
}

/// HelloRetryRequest from Wren's server: OpenSSL shares only its first group (P-256), Wren's
/// server accepts only x25519.
#[test]
fn hello_retry_request_from_wren_server() {
    let wren = Wren {
        identity: Some(P256),
        groups: Some(vec![NamedGroup::X25519]),
        ..Wren::default()
    };
    let (port, server) = wren.serve(|session| {
        let info = *session.conn().info();
        echo(session)?;
        Ok(info)
    });
    let mut client = openssl_client(port, &[s("-groups"), s("P-256:X25519")]);
    client.expect("Verify return code: 0 (ok)");
    client.send(b"after retry\n");
    client.expect("after retry");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    let info = server.join().unwrap().unwrap();
    assert!(info.hello_retry);
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert_eq!(
        client.log().matches("ClientHello").count(),
        2,
        "{}",
        client.log()
    );
    assert!(
        client.log().contains("Server Temp Key: X25519"),
        "{}",
        client.log()
    );
}

/// KeyUpdate both ways with `openssl s_server`: Wren asks for one (OpenSSL answers), then
/// OpenSSL asks (`K`) and Wren answers; data flows under the new keys each time.
#[test]
fn key_update_both_ways_with_openssl_server() {
    let (mut server, port) = OpensslServer::new(P256).spawn();
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    session.key_update(true).unwrap();
    session.send_all(b"1 after wren's update\n").unwrap();
    server.expect("1 after wren's update");
    server.expect(RECEIVED_KEY_UPDATE);
    // OpenSSL answers with its next write; then `K` asks Wren to update.
    server.send(b"2 openssl's answer\n");
    read_until(&mut session, b"2 openssl's answer\n");
    server.expect(SENT_KEY_UPDATE);
    server.command("K", SENT_KEY_UPDATE);
    server.send(b"3 after openssl's update\n");
    read_until(&mut session, b"3 after openssl's update\n");
    session.send_all(b"4 wren answered\n").unwrap();
    server.expect("4 wren answered");
    let log = server.log();
    assert_eq!(log.matches(RECEIVED_KEY_UPDATE).count(), 2, "{log}");
    assert_eq!(log.matches(SENT_KEY_UPDATE).count(), 2, "{log}");
    session.shutdown(common::TIMEOUT).unwrap();
    assert!(server.expect_exit().success(), "{}", server.log());
}

/// KeyUpdate from `openssl s_client` (`k` and `K`) to Wren's server, which answers `K`.
#[test]
fn key_update_from_openssl_client() {
    let wren = Wren {
        identity: Some(P256),
        ..Wren::default()
    };
    let (port, server) = wren.serve(echo);
    let mut client = openssl_client(port, &[]);
    client.expect("Verify return code: 0 (ok)");
    client.command("k", SENT_KEY_UPDATE);
    client.send(b"1 after k\n");
    client.expect("1 after k");
    client.command("K", SENT_KEY_UPDATE);
    client.send(b"2 after K\n");
    client.expect("2 after K");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert_eq!(server.join().unwrap().unwrap(), b"1 after k\n2 after K\n");
    // Wren answered the update_requested one (and only that one).
    assert_eq!(
        client.log().matches(RECEIVED_KEY_UPDATE).count(),
        1,
        "{}",
        client.log()
    );
}

/// ALPN both ways, and the mismatch alert from Wren's server.
#[test]
fn alpn_with_openssl() {
    let mut server = OpensslServer::new(P256);
    server.alpn = Some(s("http/1.1"));
    let (mut server, port) = server.spawn();
    let wren = Wren {
        alpn: vec!["h2", "http/1.1"],
        ..Wren::default()
    };
    let mut session = wren.connect(port, "server.wren.test").unwrap();
    assert_eq!(
        session.conn().info().alpn.unwrap().as_str(),
        Some("http/1.1")
    );
    session.shutdown(common::TIMEOUT).unwrap();
    server.expect_exit();

    let wren = Wren {
        identity: Some(P256),
        alpn: vec!["h2"],
        ..Wren::default()
    };
    let (port, handle) = wren.serve(echo);
    let mut client = openssl_client(port, &[s("-alpn"), s("spdy/1,h2")]);
    client.expect("ALPN protocol: h2");
    client.close_stdin();
    client.expect_exit();
    handle.join().unwrap().unwrap();

    let (port, handle) = wren.serve(echo);
    let mut client = openssl_client(port, &[s("-alpn"), s("spdy/1")]);
    client.expect("alert number 120"); // no_application_protocol
    assert_sent_alert(
        handle.join().unwrap(),
        AlertDescription::NO_APPLICATION_PROTOCOL,
    );
}

/// Client certificates: Wren's client presents one to `s_server -Verify 1`, and without one
/// gets certificate_required; `s_client -cert` to Wren's server requiring one.
#[test]
fn client_authentication_with_openssl() {
    let mut server = OpensslServer::new(P256);
    server.verify_client = true;
    let (mut openssl, port) = server.spawn();
    let wren = Wren {
        identity: Some(CLIENT),
        ..Wren::default()
    };
    let mut session = wren.connect(port, "server.wren.test").unwrap();
    session.send_all(b"authenticated\n").unwrap();
    openssl.expect("authenticated");
    assert!(session.conn().info().client_authenticated);
    session.shutdown(common::TIMEOUT).unwrap();
    assert!(openssl.expect_exit().success(), "{}", openssl.log());

    let (mut openssl, port) = server.spawn();
    let result = Wren::default()
        .connect(port, "server.wren.test")
        .and_then(|mut s| s.recv(&mut [0; 64], common::TIMEOUT));
    assert_got_alert(result, AlertDescription::CERTIFICATE_REQUIRED);
    openssl.expect_exit();

    let wren = Wren {
        identity: Some(P256),
        client_auth: true,
        ..Wren::default()
    };
    let (port, handle) = wren.serve(|session| {
        let info = *session.conn().info();
        echo(session)?;
        Ok(info)
    });
    let mut client = openssl_client(port, &openssl_identity(&CLIENT));
    client.expect("Verify return code: 0 (ok)");
    client.send(b"me\n");
    client.expect("me");
    client.close_stdin();
    client.expect_exit();
    let info = handle.join().unwrap().unwrap();
    assert!(info.client_authenticated);
    assert_eq!(
        info.peer_subject.unwrap().as_str(),
        Some("CN=client.wren.test")
    );
}

/// Half-close: Wren sends, then close_notify, and still reads until OpenSSL's close_notify.
#[test]
fn half_close_with_openssl_server() {
    let (mut server, port) = OpensslServer::new(P256).spawn();
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    server.send(b"before\n");
    read_until(&mut session, b"before\n");
    session.send_all(b"last words\n").unwrap();
    session.shutdown_send().unwrap();
    assert!(
        session.send_all(b"too late").is_err(),
        "send after shutdown_send must fail"
    );
    read_to_close(&mut session);
    server.expect("last words");
    assert!(server.expect_exit().success(), "{}", server.log());
}

fn negative_case(
    (leaf, der, name, alert): (Leaf, Option<&'static str>, &'static str, AlertDescription),
) {
    let mut server = OpensslServer::new(leaf);
    server.cert_override = der.map(pki);
    let (mut server, port) = server.spawn();
    let wren = Wren {
        unix_time: Some(wren_tools::setup::unix_now),
        ..Wren::default()
    };
    assert_sent_alert(wren.connect(port, name), alert);
    // The alert reached OpenSSL.
    server.expect(&format!("alert number {}", alert.get()));
}

const fn leaf(cert: &'static str, chain: &'static [&'static str]) -> Leaf {
    Leaf {
        cert,
        key: cert,
        chain,
        label: cert,
    }
}

/// Certificates Wren's client must refuse, each with its alert, seen by OpenSSL too.
#[test]
fn wren_client_rejects_bad_certificates() {
    let bad_cert = AlertDescription::BAD_CERTIFICATE;
    let cases = vec![
        (
            s("unknown issuer"),
            (
                leaf("leaf-unknown-issuer", &[]),
                None,
                "server.wren.test",
                AlertDescription::UNKNOWN_CA,
            ),
        ),
        (
            s("intermediate not a CA"),
            (
                leaf("leaf-under-not-ca", &["int-not-ca"]),
                None,
                "server.wren.test",
                bad_cert,
            ),
        ),
        (
            s("path length"),
            (
                leaf(
                    "leaf-pathlen",
                    &["int-under-pathlen0-ca", "int-pathlen0-ca"],
                ),
                None,
                "server.wren.test",
                bad_cert,
            ),
        ),
        (
            s("wrong EKU"),
            (
                CLIENT,
                None,
                "client.wren.test",
                AlertDescription::UNSUPPORTED_CERTIFICATE,
            ),
        ),
        (
            s("expired"),
            (
                leaf("leaf-expired", &["int-ca"]),
                None,
                "server.wren.test",
                AlertDescription::CERTIFICATE_EXPIRED,
            ),
        ),
        (s("name mismatch"), (P256, None, "other.example", bad_cert)),
        (
            s("bad signature"),
            (
                P256,
                Some("leaf-bad-signature.der"),
                "server.wren.test",
                bad_cert,
            ),
        ),
    ];
    run_parallel(cases, negative_case, 4);
}
