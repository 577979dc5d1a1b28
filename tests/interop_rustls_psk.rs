//! Resumption and 0-RTT between the Wren tools (run as processes) and rustls 0.23 (ring, in
//! process), both ways, on 127.0.0.1 with ports chosen at run time.
//!
//! rustls's side: `ClientConfig::enable_early_data` and `ClientConnection::early_data()` (a
//! writer) on the client; `ServerConfig::max_early_data_size`, `send_tls13_tickets` and
//! `ServerConnection::early_data()` (a reader) on the server. Wren's side: `wren-server
//! --max-early-data 16384`, and `wren-client --sess-out F` then `--sess-in F --early-data
//! FILE`.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use common::bins::tool;
use common::{accept_one, connect, loopback_listener, path_arg, pki, Peer, P256, TIMEOUT};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{
    ClientConfig, ClientConnection, HandshakeKind, RootCertStore, ServerConfig, ServerConnection,
    StreamOwned,
};

fn s(x: &str) -> String {
    x.to_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("wren-psk")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn summary(peer: &Peer, nth: usize) -> String {
    let log = peer.log();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("protocol=")).collect();
    assert!(lines.len() > nth, "no summary line {nth}:\n{log}");
    lines[nth].to_owned()
}

fn rustls_client_config() -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from(
            std::fs::read(pki("root-ca.der")).unwrap(),
        ))
        .unwrap();
    let mut config = ClientConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.enable_early_data = true;
    Arc::new(config)
}

fn rustls_server_config() -> Arc<ServerConfig> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(P256.full_chain_pem())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let key = PrivateKeyDer::from_pem_file(P256.key_pem()).unwrap();
    let mut config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    config.max_early_data_size = 16_384;
    config.send_tls13_tickets = 2;
    Arc::new(config)
}

/// One rustls client connection: 0-RTT `early` if the session allows it, then `data`, then
/// close_notify; reads to the server's close_notify (so tickets are taken). Returns whether
/// early data was written and accepted, and the handshake kind.
fn rustls_client(
    config: &Arc<ClientConfig>,
    port: u16,
    early: &[u8],
    data: &[u8],
) -> (bool, bool, Option<HandshakeKind>) {
    let name = ServerName::try_from("server.wren.test").unwrap();
    let mut conn = ClientConnection::new(Arc::clone(config), name).unwrap();
    let mut wrote_early = false;
    if !early.is_empty() {
        if let Some(mut ed) = conn.early_data() {
            assert!(ed.bytes_left() >= early.len(), "the ticket allows less");
            ed.write_all(early).unwrap();
            wrote_early = true;
        }
    }
    let mut stream = StreamOwned::new(conn, connect(port));
    stream.write_all(data).unwrap();
    stream.flush().unwrap();
    stream.conn.send_close_notify();
    stream.flush().unwrap();
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    (
        wrote_early,
        stream.conn.is_early_data_accepted(),
        stream.conn.handshake_kind(),
    )
}

#[test]
fn rustls_client_resumes_with_early_data_to_wren_server() {
    let mut server = Peer::spawn(
        &tool("wren-server"),
        &[
            s("--accept"),
            s("0"),
            s("--cert"),
            path_arg(&P256.full_chain_pem()),
            s("--key"),
            path_arg(&P256.key_pem()),
            s("--max-early-data"),
            s("16384"),
            s("--num-tickets"),
            s("2"),
            s("--naccept"),
            s("3"),
        ],
    );
    let prefix = "wren-server: listening on 127.0.0.1:";
    server.expect(prefix);
    let log = server.log();
    let rest = &log[log.find(prefix).unwrap() + prefix.len()..];
    let port: u16 = rest[..rest.find('\n').unwrap()].parse().unwrap();

    let config = rustls_client_config();
    let (wrote, _, kind) = rustls_client(&config, port, b"", b"first\n");
    assert!(!wrote);
    assert_eq!(kind, Some(HandshakeKind::Full));
    server.expect("first\n");

    let (wrote, accepted, kind) = rustls_client(&config, port, b"EARLY-FROM-RUSTLS\n", b"second\n");
    assert!(wrote, "rustls had a ticket allowing early data");
    assert!(accepted, "{}", server.log());
    assert_eq!(kind, Some(HandshakeKind::Resumed));
    server.expect("early data (18 bytes): EARLY-FROM-RUSTLS\\n");
    server.expect("second\n");
    let line = summary(&server, 1);
    assert!(
        line.contains("resumed=yes psk=resumption-ticket early_data=accepted"),
        "{line}"
    );

    // rustls took the second ticket: resumed again, 0-RTT again (a fresh single-use ticket).
    let (wrote, accepted, kind) = rustls_client(&config, port, b"AGAIN\n", b"third\n");
    assert!(wrote && accepted);
    assert_eq!(kind, Some(HandshakeKind::Resumed));
    server.expect("early data (6 bytes): AGAIN\\n");
    assert!(server.expect_exit().success(), "{}", server.log());
}

/// Accepts one connection and runs the handshake by hand, reading 0-RTT data as it comes;
/// then reads to the client's close_notify and answers with ours. Returns the early data, the
/// rest, and the handshake kind.
fn rustls_serve_one(
    listener: &TcpListener,
    config: &Arc<ServerConfig>,
) -> (Vec<u8>, Vec<u8>, Option<HandshakeKind>) {
    let mut sock: TcpStream = accept_one(listener);
    let mut conn = ServerConnection::new(Arc::clone(config)).unwrap();
    let mut early = Vec::new();
    while conn.is_handshaking() {
        while conn.wants_write() {
            conn.write_tls(&mut sock).unwrap();
        }
        if !conn.is_handshaking() {
            break;
        }
        assert!(
            conn.read_tls(&mut sock).unwrap() > 0,
            "EOF in the handshake"
        );
        conn.process_new_packets().unwrap();
        if let Some(mut ed) = conn.early_data() {
            ed.read_to_end(&mut early).unwrap();
        }
    }
    let mut stream = StreamOwned::new(conn, sock);
    stream.flush().unwrap();
    let mut data = Vec::new();
    stream.read_to_end(&mut data).unwrap();
    stream.conn.send_close_notify();
    stream.flush().unwrap();
    let kind = stream.conn.handshake_kind();
    (early, data, kind)
}

#[test]
fn wren_client_resumes_with_early_data_to_rustls_server() {
    let dir = scratch("wren-client-rustls");
    let sess = dir.join("wren.sess");
    let early = dir.join("early.txt");
    std::fs::write(&early, b"EARLY-FROM-WREN\n").unwrap();
    let (listener, port) = loopback_listener();
    let server = thread::spawn(move || {
        let config = rustls_server_config();
        (0..2)
            .map(|_| rustls_serve_one(&listener, &config))
            .collect::<Vec<_>>()
    });
    let client = |extra: &[String]| {
        let mut args = vec![
            s("--connect"),
            format!("127.0.0.1:{port}"),
            s("--cafile"),
            path_arg(&pki("root-ca.pem")),
            s("--servername"),
            s("server.wren.test"),
        ];
        args.extend_from_slice(extra);
        Peer::spawn(&tool("wren-client"), &args)
    };

    let mut c1 = client(&[s("--sess-out"), path_arg(&sess)]);
    c1.send(b"one\n");
    c1.close_stdin();
    assert!(c1.expect_exit().success(), "{}", c1.log());
    let deadline = Instant::now() + TIMEOUT;
    while !sess.exists() {
        assert!(Instant::now() < deadline, "no ticket stored:\n{}", c1.log());
        thread::sleep(Duration::from_millis(10));
    }
    assert!(summary(&c1, 0).contains("resumed=no"));

    let mut c2 = client(&[
        s("--sess-in"),
        path_arg(&sess),
        s("--early-data"),
        path_arg(&early),
    ]);
    c2.send(b"two\n");
    c2.close_stdin();
    assert!(c2.expect_exit().success(), "{}", c2.log());
    let line = summary(&c2, 0);
    assert!(
        line.contains("resumed=yes psk=resumption-ticket early_data=accepted"),
        "{line}"
    );

    let served = server.join().unwrap();
    assert_eq!(served[0].1, b"one\n");
    assert_eq!(served[0].2, Some(HandshakeKind::Full));
    assert!(served[0].0.is_empty());
    assert_eq!(
        served[1].0, b"EARLY-FROM-WREN\n",
        "rustls read the 0-RTT data"
    );
    assert_eq!(served[1].1, b"two\n");
    assert_eq!(served[1].2, Some(HandshakeKind::Resumed));
}
