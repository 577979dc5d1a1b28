//! Wren against rustls 0.23 (ring provider) in process, over loopback sockets: every suite ×
//! group both ways, HelloRetryRequest both ways, Ed25519 and RSA-PSS certificates, KeyUpdate
//! both ways, ALPN and half-close.
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

use std::io::{Read, Write};
use std::sync::Arc;
use std::thread;

use common::wren::{echo, read_to_close, read_until, Wren};
use common::{
    accept_one, connect, loopback_listener, pki, run_parallel, Leaf, ED25519, P256, P256_TWO_INT,
    RSA2048,
};
use rustls::crypto::ring::{cipher_suite, default_provider, kx_group};
use rustls::crypto::SupportedKxGroup;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{
    ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection, StreamOwned,
    SupportedCipherSuite,
};
use tls_codec::enums::{CipherSuite, NamedGroup, SignatureScheme};

const SUITES: &[(SupportedCipherSuite, CipherSuite)] = &[
    (
        cipher_suite::TLS13_AES_128_GCM_SHA256,
        CipherSuite::TLS_AES_128_GCM_SHA256,
    ),
    (
        cipher_suite::TLS13_AES_256_GCM_SHA384,
        CipherSuite::TLS_AES_256_GCM_SHA384,
    ),
    (
        cipher_suite::TLS13_CHACHA20_POLY1305_SHA256,
        CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
    ),
];
const GROUPS: &[(&dyn SupportedKxGroup, NamedGroup)] = &[
    (kx_group::X25519, NamedGroup::X25519),
    (kx_group::SECP256R1, NamedGroup::SECP256R1),
];

fn provider(
    suite: Option<SupportedCipherSuite>,
    groups: &[&'static dyn SupportedKxGroup],
) -> Arc<rustls::crypto::CryptoProvider> {
    let mut p = default_provider();
    if let Some(suite) = suite {
        p.cipher_suites = vec![suite];
    }
    if !groups.is_empty() {
        p.kx_groups = groups.to_vec();
    }
    Arc::new(p)
}

fn server_config(
    leaf: &Leaf,
    suite: Option<SupportedCipherSuite>,
    groups: &[&'static dyn SupportedKxGroup],
    alpn: &[&str],
) -> Arc<ServerConfig> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(leaf.full_chain_pem())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let key = PrivateKeyDer::from_pem_file(leaf.key_pem()).unwrap();
    let mut config = ServerConfig::builder_with_provider(provider(suite, groups))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    config.alpn_protocols = alpn.iter().map(|p| p.as_bytes().to_vec()).collect();
    Arc::new(config)
}

fn client_config(
    suite: Option<SupportedCipherSuite>,
    groups: &[&'static dyn SupportedKxGroup],
    alpn: &[&str],
) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from(
            std::fs::read(pki("root-ca.der")).unwrap(),
        ))
        .unwrap();
    let mut config = ClientConfig::builder_with_provider(provider(suite, groups))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.as_bytes().to_vec()).collect();
    Arc::new(config)
}

/// A rustls server on a fresh port running `serve` on one connection, on its own thread.
fn rustls_server<T: Send + 'static>(
    config: Arc<ServerConfig>,
    serve: impl FnOnce(&mut StreamOwned<ServerConnection, std::net::TcpStream>) -> T + Send + 'static,
) -> (u16, thread::JoinHandle<T>) {
    let (listener, port) = loopback_listener();
    let handle = thread::spawn(move || {
        let sock = accept_one(&listener);
        let mut stream = StreamOwned::new(ServerConnection::new(config).unwrap(), sock);
        serve(&mut stream)
    });
    (port, handle)
}

/// Echoes until close_notify, answers with its own; returns the negotiated suite and group.
fn rustls_echo(
    stream: &mut StreamOwned<ServerConnection, std::net::TcpStream>,
) -> (Option<CipherSuite>, Option<NamedGroup>) {
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        stream.write_all(&buf[..n]).unwrap();
    }
    let suite = stream
        .conn
        .negotiated_cipher_suite()
        .map(|s| CipherSuite(u16::from(s.suite())));
    let group = stream
        .conn
        .negotiated_key_exchange_group()
        .map(|g| NamedGroup(u16::from(g.name())));
    stream.conn.send_close_notify();
    stream.flush().unwrap();
    (suite, group)
}

fn rustls_connect(
    config: Arc<ClientConfig>,
    port: u16,
) -> StreamOwned<ClientConnection, std::net::TcpStream> {
    let name = ServerName::try_from("server.wren.test").unwrap();
    StreamOwned::new(ClientConnection::new(config, name).unwrap(), connect(port))
}

/// Writes `line`, reads it back from an echo server, closes and reads to the peer's close.
fn rustls_client_roundtrip(
    stream: &mut StreamOwned<ClientConnection, std::net::TcpStream>,
    line: &[u8],
) {
    stream.write_all(line).unwrap();
    let mut got = vec![0u8; line.len()];
    stream.read_exact(&mut got).unwrap();
    assert_eq!(got, line);
    stream.conn.send_close_notify();
    stream.flush().unwrap();
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());
}

fn wren_client_case((suite, group): (usize, usize)) {
    let (rustls_suite, wire_suite) = SUITES[suite];
    let (rustls_group, wire_group) = GROUPS[group];
    let (port, server) = rustls_server(
        server_config(&P256, Some(rustls_suite), &[rustls_group], &[]),
        rustls_echo,
    );
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    let info = *session.conn().info();
    assert_eq!(info.suite.map(|s| s.suite), Some(wire_suite));
    assert_eq!(info.group, Some(wire_group));
    // Wren shares x25519 first: a P-256-only rustls server asks for a retry.
    assert_eq!(info.hello_retry, wire_group == NamedGroup::SECP256R1);
    session.send_all(b"to rustls\n").unwrap();
    read_until(&mut session, b"to rustls\n");
    session.shutdown(common::TIMEOUT).unwrap();
    assert_eq!(server.join().unwrap(), (Some(wire_suite), Some(wire_group)));
}

#[test]
fn wren_client_every_suite_and_group() {
    let mut cases = Vec::new();
    for suite in 0..SUITES.len() {
        for group in 0..GROUPS.len() {
            cases.push((
                format!("{:?}/{:?}", SUITES[suite].1, GROUPS[group].1),
                (suite, group),
            ));
        }
    }
    run_parallel(cases, wren_client_case, 3);
}

fn rustls_client_case((suite, group): (usize, usize)) {
    let (rustls_suite, wire_suite) = SUITES[suite];
    let (rustls_group, wire_group) = GROUPS[group];
    let wren = Wren {
        identity: Some(P256),
        ..Wren::default()
    };
    let (port, server) = wren.serve(|session| {
        let info = *session.conn().info();
        echo(session)?;
        Ok(info)
    });
    let mut stream = rustls_connect(
        client_config(Some(rustls_suite), &[rustls_group], &[]),
        port,
    );
    rustls_client_roundtrip(&mut stream, b"from rustls\n");
    let info = server.join().unwrap().unwrap();
    assert_eq!(info.suite.map(|s| s.suite), Some(wire_suite));
    assert_eq!(info.group, Some(wire_group));
    assert!(!info.hello_retry);
}

#[test]
fn rustls_client_every_suite_and_group() {
    let mut cases = Vec::new();
    for suite in 0..SUITES.len() {
        for group in 0..GROUPS.len() {
            cases.push((
                format!("{:?}/{:?}", SUITES[suite].1, GROUPS[group].1),
                (suite, group),
            ));
        }
    }
    run_parallel(cases, rustls_client_case, 3);
}

/// rustls shares only its first group (P-256); Wren's server takes only x25519 and asks again.
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
    let mut stream = rustls_connect(
        client_config(None, &[kx_group::SECP256R1, kx_group::X25519], &[]),
        port,
    );
    rustls_client_roundtrip(&mut stream, b"after retry\n");
    assert_eq!(
        stream
            .conn
            .negotiated_key_exchange_group()
            .map(|g| u16::from(g.name())),
        Some(0x001d)
    );
    let info = server.join().unwrap().unwrap();
    assert!(info.hello_retry);
    assert_eq!(info.group, Some(NamedGroup::X25519));
}

fn certificate_case((leaf, schemes): (Leaf, &'static [SignatureScheme])) {
    // rustls verifies Wren's server (RSA-PSS through the host signer, Ed25519, long chains)...
    let wren = Wren {
        identity: Some(leaf),
        ..Wren::default()
    };
    let (port, server) = wren.serve(echo);
    let mut stream = rustls_connect(client_config(None, &[], &[]), port);
    rustls_client_roundtrip(&mut stream, b"verified by rustls\n");
    server.join().unwrap().unwrap();
    // ... and Wren verifies rustls's server with the same certificate.
    let (port, server) = rustls_server(server_config(&leaf, None, &[], &[]), rustls_echo);
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    let scheme = session.conn().info().signature_scheme.unwrap();
    assert!(schemes.contains(&scheme), "{scheme:?}");
    session.shutdown(common::TIMEOUT).unwrap();
    server.join().unwrap();
}

#[test]
fn certificates_both_ways() {
    let cases = vec![
        (
            "p256 two intermediates".to_owned(),
            (P256_TWO_INT, &[SignatureScheme::ECDSA_SECP256R1_SHA256][..]),
        ),
        (
            "ed25519".to_owned(),
            (ED25519, &[SignatureScheme::ED25519][..]),
        ),
        (
            "rsa2048".to_owned(),
            // rustls (ring) prefers rsa_pss_rsae_sha384 among what Wren offers.
            (
                RSA2048,
                &[
                    SignatureScheme::RSA_PSS_RSAE_SHA256,
                    SignatureScheme::RSA_PSS_RSAE_SHA384,
                ][..],
            ),
        ),
    ];
    run_parallel(cases, certificate_case, 3);
}

/// KeyUpdate from Wren's server (requesting an answer) and from rustls's client.
#[test]
fn key_update_both_ways() {
    let wren = Wren {
        identity: Some(P256),
        ..Wren::default()
    };
    let (port, server) = wren.serve(|session| {
        read_until(session, b"a\n");
        session.key_update(true)?;
        session.send_all(b"b\n")?;
        read_until(session, b"c\n"); // rustls answered, then updated on its own
        session.send_all(b"d\n")?;
        let updates = session.conn().peer_key_updates();
        echo(session)?;
        Ok(updates)
    });
    let mut stream = rustls_connect(client_config(None, &[], &[]), port);
    let mut line = [0u8; 2];
    stream.write_all(b"a\n").unwrap();
    stream.read_exact(&mut line).unwrap();
    assert_eq!(&line, b"b\n");
    stream.conn.refresh_traffic_keys().unwrap();
    stream.write_all(b"c\n").unwrap();
    stream.read_exact(&mut line).unwrap();
    assert_eq!(&line, b"d\n");
    rustls_client_roundtrip(&mut stream, b"e\n");
    let peer_updates = server.join().unwrap().unwrap();
    assert!(
        peer_updates >= 2,
        "rustls's answer and its own update: {peer_updates}"
    );
}

/// ALPN both ways.
#[test]
fn alpn_both_ways() {
    let wren = Wren {
        identity: Some(P256),
        alpn: vec!["h2", "http/1.1"],
        ..Wren::default()
    };
    let (port, server) = wren.serve(|session| {
        let alpn = session.conn().info().alpn.map(|a| a.as_bytes().to_vec());
        echo(session)?;
        Ok(alpn)
    });
    let mut stream = rustls_connect(client_config(None, &[], &["http/1.1"]), port);
    rustls_client_roundtrip(&mut stream, b"x\n");
    assert_eq!(stream.conn.alpn_protocol(), Some(&b"http/1.1"[..]));
    assert_eq!(server.join().unwrap().unwrap(), Some(b"http/1.1".to_vec()));

    let (port, server) = rustls_server(server_config(&P256, None, &[], &["h2"]), |s| {
        rustls_echo(s);
        s.conn.alpn_protocol().map(<[u8]>::to_vec)
    });
    let wren = Wren {
        alpn: vec!["h2", "http/1.1"],
        ..Wren::default()
    };
    let mut session = wren.connect(port, "server.wren.test").unwrap();
    assert_eq!(session.conn().info().alpn.unwrap().as_str(), Some("h2"));
    session.shutdown(common::TIMEOUT).unwrap();
    assert_eq!(server.join().unwrap(), Some(b"h2".to_vec()));
}

/// Half-close: after Wren's close_notify, rustls still sends a response, which Wren reads.
#[test]
fn half_close_wren_client() {
    let (port, server) = rustls_server(server_config(&P256, None, &[], &[]), |stream| {
        let mut request = Vec::new();
        stream.read_to_end(&mut request).unwrap(); // ends at Wren's close_notify
        stream
            .write_all(b"response after your close_notify\n")
            .unwrap();
        stream.conn.send_close_notify();
        stream.flush().unwrap();
        request
    });
    let mut session = Wren::default().connect(port, "server.wren.test").unwrap();
    session.send_all(b"request\n").unwrap();
    session.shutdown_send().unwrap();
    assert_eq!(
        read_to_close(&mut session),
        b"response after your close_notify\n"
    );
    assert_eq!(server.join().unwrap(), b"request\n");
}
