//! Wren against GnuTLS 3.7 on 127.0.0.1: Wren's client against `gnutls-serv --echo`,
//! `gnutls-cli` against Wren's server. Every suite × group, the three server key types,
//! HelloRetryRequest both ways, KeyUpdate both ways, ALPN and half-close.
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

use common::wren::{echo, group_of, read_until, suite_of, Wren};
use common::{
    gnutls_client, gnutls_priority, gnutls_server, run_parallel, Leaf, ED25519, GROUPS, P256,
    P256_TWO_INT, RSA2048, SUITES,
};
use tls_codec::enums::{NamedGroup, SignatureScheme};

fn s(x: &str) -> String {
    x.to_owned()
}

/// The harness itself: GnuTLS to GnuTLS with the HRR (`--single-key-share`) and KeyUpdate
/// (`^rekey1^`) flags the Wren tests rely on.
#[test]
fn gnutls_harness_flags_do_what_the_tests_assume() {
    let (_server, port) = gnutls_server(&P256, &gnutls_priority(&[], &["GROUP-X25519"]), &[]);
    let priority = gnutls_priority(&[], &["GROUP-SECP256R1", "GROUP-X25519"]);
    let mut client = gnutls_client(port, &priority, &[s("--single-key-share"), s("-d"), s("4")]);
    client.expect("- Handshake was completed");
    client.send(b"^rekey1^\n");
    client.expect("- Rekey was completed");
    client.send(b"echoed\n");
    client.expect("echoed");
    assert!(
        client.log().contains("HELLO RETRY REQUEST"),
        "{}",
        client.log()
    );
}

fn wren_client_case((suite, group): (usize, usize)) {
    let (iana, token) = SUITES[suite];
    let (wren_group, _, gnutls_group, _) = GROUPS[group];
    let (_server, port) = gnutls_server(&P256, &gnutls_priority(&[token], &[gnutls_group]), &[]);
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    let info = *session.conn().info();
    assert_eq!(info.suite.map(|s| s.suite), Some(suite_of(iana)));
    assert_eq!(info.group, Some(group_of(wren_group)));
    // Wren's client shares x25519 first: the P-256-only server asks for a retry.
    assert_eq!(
        info.hello_retry,
        group_of(wren_group) == NamedGroup::SECP256R1
    );
    session.send_all(b"echo me, gnutls\n").unwrap();
    read_until(&mut session, b"echo me, gnutls\n");
    session.shutdown(common::TIMEOUT).unwrap();
}

/// Wren client against gnutls-serv, every suite × group (P-256 forces HelloRetryRequest).
#[test]
fn wren_client_every_suite_and_group() {
    let mut cases = Vec::new();
    for suite in 0..SUITES.len() {
        for group in 0..GROUPS.len() {
            cases.push((
                format!("{}/{}", SUITES[suite].0, GROUPS[group].0),
                (suite, group),
            ));
        }
    }
    run_parallel(cases, wren_client_case, 3);
}

fn wren_client_cert_case((leaf, scheme): (Leaf, SignatureScheme)) {
    let (_server, port) = gnutls_server(&leaf, &gnutls_priority(&[], &[]), &[]);
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    assert_eq!(session.conn().info().signature_scheme, Some(scheme));
    session.send_all(b"cert ok\n").unwrap();
    read_until(&mut session, b"cert ok\n");
    session.shutdown(common::TIMEOUT).unwrap();
}

/// Wren client verifying GnuTLS servers with P-256 (two intermediates), Ed25519 and RSA-2048.
#[test]
fn wren_client_server_certificates() {
    let cases = vec![
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

fn gnutls_client_case((suite, group): (usize, usize)) {
    let (_, token) = SUITES[suite];
    let (_, _, gnutls_group, _) = GROUPS[group];
    let wren = Wren {
        identity: Some(P256),
        ..Wren::default()
    };
    let (port, server) = wren.serve(|session| {
        let info = *session.conn().info();
        echo(session)?;
        Ok(info)
    });
    let mut client = gnutls_client(port, &gnutls_priority(&[token], &[gnutls_group]), &[]);
    client.expect("- Handshake was completed");
    client.send(b"ping over gnutls\n");
    client.expect("ping over gnutls");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    let info = server.join().unwrap().unwrap();
    assert!(!info.hello_retry);
    let curve = if gnutls_group == "GROUP-X25519" {
        "X25519"
    } else {
        "SECP256R1"
    };
    let expected = format!("(ECDHE-{curve})-(ECDSA-SECP256R1-SHA256)-({token})");
    assert!(
        client.log().contains(&expected),
        "{expected}\n{}",
        client.log()
    );
}

/// gnutls-cli against Wren's server, every suite × group.
#[test]
fn gnutls_client_every_suite_and_group() {
    let mut cases = Vec::new();
    for suite in 0..SUITES.len() {
        for group in 0..GROUPS.len() {
            cases.push((
                format!("{}/{}", SUITES[suite].0, GROUPS[group].0),
                (suite, group),
            ));
        }
    }
    run_parallel(cases, gnutls_client_case, 3);
}

fn gnutls_client_cert_case((leaf, signature): (Leaf, &'static str)) {
    let wren = Wren {
        identity: Some(leaf),
        ..Wren::default()
    };
    let (port, server) = wren.serve(echo);
    let mut client = gnutls_client(port, &gnutls_priority(&[], &[]), &[]);
    client.expect("- Status: The certificate is trusted.");
    client.expect(&format!("-({signature})-"));
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    server.join().unwrap().unwrap();
}

/// Wren's server with Ed25519, RSA-PSS (host signer) and a two-intermediate P-256 chain,
/// verified by GnuTLS.
#[test]
fn gnutls_client_server_certificates() {
    let cases = vec![
        (
            s("p256 two intermediates"),
            (P256_TWO_INT, "ECDSA-SECP256R1-SHA256"),
        ),
        (s("ed25519"), (ED25519, "EdDSA-Ed25519")),
        (s("rsa2048"), (RSA2048, "RSA-PSS-RSAE-SHA256")),
    ];
    run_parallel(cases, gnutls_client_cert_case, 3);
}

/// HelloRetryRequest from Wren's server: gnutls-cli shares only P-256 (`--single-key-share`),
/// Wren's server accepts only x25519.
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
    let priority = gnutls_priority(&[], &["GROUP-SECP256R1", "GROUP-X25519"]);
    let mut client = gnutls_client(port, &priority, &[s("--single-key-share"), s("-d"), s("4")]);
    client.expect("- Handshake was completed");
    client.close_stdin();
    client.expect_exit();
    let info = server.join().unwrap().unwrap();
    assert!(info.hello_retry);
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert!(
        client.log().contains("HELLO RETRY REQUEST"),
        "{}",
        client.log()
    );
}

/// KeyUpdate both ways: gnutls-cli's `^rekey1^` (update_requested) to Wren's server, and
/// Wren's client asking gnutls-serv.
#[test]
fn key_update_both_ways_with_gnutls() {
    let wren = Wren {
        identity: Some(P256),
        ..Wren::default()
    };
    let (port, server) = wren.serve(echo);
    let mut client = gnutls_client(port, &gnutls_priority(&[], &[]), &[]);
    client.expect("- Handshake was completed");
    client.send(b"before\n");
    client.expect("before");
    client.send(b"^rekey1^\n");
    client.expect("- Rekey was completed");
    client.send(b"after the update\n");
    client.expect("after the update");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert_eq!(
        server.join().unwrap().unwrap(),
        b"before\nafter the update\n"
    );

    let (_server, port) = gnutls_server(&P256, &gnutls_priority(&[], &[]), &[]);
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    for round in 0..3 {
        session.key_update(true).unwrap();
        let line = format!("round {round} under new keys\n");
        session.send_all(line.as_bytes()).unwrap();
        read_until(&mut session, line.as_bytes());
    }
    session.shutdown(common::TIMEOUT).unwrap();
}

/// ALPN both ways.
#[test]
fn alpn_with_gnutls() {
    let extra = [s("--alpn"), s("h2"), s("--alpn"), s("http/1.1")];
    let (_server, port) = gnutls_server(&P256, &gnutls_priority(&[], &[]), &extra);
    let wren = Wren {
        alpn: vec!["http/1.1"],
        ..Wren::default()
    };
    let mut session = wren.connect(port, "server.wren.test").unwrap();
    assert_eq!(
        session.conn().info().alpn.unwrap().as_str(),
        Some("http/1.1")
    );
    session.shutdown(common::TIMEOUT).unwrap();

    let wren = Wren {
        identity: Some(P256),
        alpn: vec!["h2"],
        ..Wren::default()
    };
    let (port, server) = wren.serve(echo);
    let mut client = gnutls_client(port, &gnutls_priority(&[], &[]), &[s("--alpn"), s("h2")]);
    client.expect("- Application protocol: h2");
    client.close_stdin();
    client.expect_exit();
    server.join().unwrap().unwrap();
}

/// Half-close: gnutls-cli sends close_notify at the end of its stdin and waits; Wren's echo
/// server still sends what it owes, then its own close_notify.
#[test]
fn half_close_from_gnutls_client() {
    let wren = Wren {
        identity: Some(P256),
        ..Wren::default()
    };
    let (port, server) = wren.serve(echo);
    let mut client = gnutls_client(port, &gnutls_priority(&[], &[]), &[]);
    client.expect("- Handshake was completed");
    client.send(b"last line before EOF\n");
    client.close_stdin();
    client.expect("- Peer has closed the GnuTLS connection");
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(
        client.stdout().contains("last line before EOF"),
        "{}",
        client.log()
    );
    server.join().unwrap().unwrap();
}
