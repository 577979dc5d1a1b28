//! PSKs, resumption and 0-RTT between the Wren tools (`wren-client`, `wren-server`, run as
//! processes) and OpenSSL 3 (`openssl s_client` / `s_server`), on 127.0.0.1 with ports chosen
//! at run time; every process is killed by PID on drop and every wait has a deadline.
//!
//! | Case | OpenSSL flags | Wren flags |
//! |---|---|---|
//! | resumption + 0-RTT, OpenSSL client | `-sess_out F`, then `-sess_in F -early_data FILE` (twice: replay) | `--max-early-data 16384` |
//! | 0-RTT, Wren client | `s_server -early_data` (prints `Early data received:`) | `--sess-out F`, then `--sess-in F --early-data FILE` |
//! | external PSK | `-psk HEX -psk_identity ID` (+ `-nocert` on the server); psk_ke: `-allow_no_dhe_kex` | `--psk-identity ID --psk HEX [--psk-mode ke]` |
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

use std::path::PathBuf;

use common::bins::tool;
use common::{openssl_client, path_arg, pki, OpensslServer, Peer, P256};

fn s(x: &str) -> String {
    x.to_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("wren-psk")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const PSK_HEX: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const PSK_ID: &str = "wren-device-1";

/// `wren-server --accept 0 …`; returns it and its port.
fn wren_server(args: &[String]) -> (Peer, u16) {
    let mut all = vec![s("--accept"), s("0")];
    all.extend_from_slice(args);
    let mut server = Peer::spawn(&tool("wren-server"), &all);
    let prefix = "wren-server: listening on 127.0.0.1:";
    server.expect(prefix);
    let log = server.log();
    let rest = &log[log.find(prefix).unwrap() + prefix.len()..];
    let port = rest[..rest.find('\n').unwrap()].parse().expect("port");
    (server, port)
}

fn server_identity() -> Vec<String> {
    vec![
        s("--cert"),
        path_arg(&P256.full_chain_pem()),
        s("--key"),
        path_arg(&P256.key_pem()),
    ]
}

/// `wren-client` to 127.0.0.1:`port` verifying `server.wren.test` against `root-ca.pem`.
fn wren_client(port: u16, extra: &[String]) -> Peer {
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
}

/// The one summary line (`protocol=…`) in a Wren tool's log, the `nth` (from 0).
fn summary(peer: &Peer, nth: usize) -> String {
    let log = peer.log();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("protocol=")).collect();
    assert!(lines.len() > nth, "no summary line {nth}:\n{log}");
    lines[nth].to_owned()
}

#[test]
fn openssl_client_resumes_with_early_data_then_replay_is_rejected() {
    let dir = scratch("openssl-client-0rtt");
    let sess = dir.join("sess.pem");
    let early = dir.join("early.txt");
    std::fs::write(&early, b"EARLY-FROM-OPENSSL\n").unwrap();
    let mut args = server_identity();
    args.extend([s("--max-early-data"), s("16384"), s("--naccept"), s("3")]);
    let (mut server, port) = wren_server(&args);

    // 1: a full handshake; the ticket goes to -sess_out.
    let mut c1 = openssl_client(port, &[s("-sess_out"), path_arg(&sess)]);
    c1.send(b"first\n");
    server.expect("first\n");
    c1.close_stdin();
    c1.expect_exit();
    assert!(c1.log().contains("New, TLSv1.3"), "{}", c1.log());
    assert!(sess.exists(), "no session written:\n{}", c1.log());
    server.expect_count("protocol=", 1);
    assert!(summary(&server, 0).contains("resumed=no psk=none early_data=not_sent"));

    // 2: resumed, 0-RTT accepted, and Wren prints it marked as early.
    let resume = [
        s("-sess_in"),
        path_arg(&sess),
        s("-early_data"),
        path_arg(&early),
    ];
    let mut c2 = openssl_client(port, &resume);
    c2.expect("Early data was accepted");
    assert!(c2.log().contains("Reused, TLSv1.3"), "{}", c2.log());
    server.expect("early data (19 bytes): EARLY-FROM-OPENSSL\\n");
    c2.send(b"second\n");
    server.expect("second\n");
    c2.close_stdin();
    c2.expect_exit();
    let line = summary(&server, 1);
    assert!(
        line.contains("resumed=yes psk=resumption-ticket early_data=accepted"),
        "{line}"
    );

    // 3: the same ticket again: single use, so a full handshake and 0-RTT rejected.
    let mut c3 = openssl_client(port, &resume);
    c3.expect("Early data was rejected");
    c3.send(b"third\n");
    server.expect("third\n");
    c3.close_stdin();
    c3.expect_exit();
    assert!(c3.log().contains("New, TLSv1.3"), "{}", c3.log());
    let line = summary(&server, 2);
    assert!(
        line.contains("resumed=no psk=none early_data=rejected"),
        "{line}"
    );
    assert_eq!(
        server.stdout().matches("EARLY-FROM-OPENSSL").count(),
        1,
        "the replayed early data is not delivered"
    );
    assert!(server.expect_exit().success(), "{}", server.log());
}

#[test]
fn wren_client_sends_early_data_to_openssl_s_server() {
    let dir = scratch("wren-client-0rtt");
    let sess = dir.join("wren.sess");
    let early = dir.join("early.txt");
    std::fs::write(&early, b"EARLY-FROM-WREN\n").unwrap();
    let mut srv = OpensslServer::new(P256);
    srv.naccept = 2;
    srv.extra = vec![s("-early_data")];
    let (mut server, port) = srv.spawn();

    // 1: a full handshake, the ticket stored with --sess-out.
    let mut c1 = wren_client(port, &[s("--sess-out"), path_arg(&sess)]);
    c1.expect("protocol=");
    assert!(summary(&c1, 0).contains("resumed=no"), "{}", c1.log());
    c1.send(b"one\n");
    server.expect("one\n");
    // The ticket comes right after the handshake; wait for the file before closing.
    let deadline = std::time::Instant::now() + common::TIMEOUT;
    while !sess.exists() {
        assert!(std::time::Instant::now() < deadline, "no --sess-out file");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    c1.close_stdin();
    c1.expect_exit();

    // 2: resumed with early data: OpenSSL's SSL_read_early_data shows it.
    let mut c2 = wren_client(
        port,
        &[
            s("--sess-in"),
            path_arg(&sess),
            s("--early-data"),
            path_arg(&early),
        ],
    );
    c2.expect("protocol=");
    let line = summary(&c2, 0);
    assert!(
        line.contains("resumed=yes psk=resumption-ticket early_data=accepted"),
        "{line}\n{}",
        c2.log()
    );
    server.expect("Early data received:");
    server.expect("EARLY-FROM-WREN");
    server.expect("End of early data");
    c2.close_stdin();
    assert!(c2.expect_exit().success(), "{}", c2.log());
    assert!(
        server.log().contains("Reused session-id"),
        "{}",
        server.log()
    );
}

/// OpenSSL client → Wren server and Wren client → OpenSSL server with an external PSK, in
/// psk_dhe_ke and psk_ke (OpenSSL's `-allow_no_dhe_kex`). OpenSSL's default PSK hash is
/// SHA-256, with TLS_AES_128_GCM_SHA256.
#[test]
fn external_psk_both_ways() {
    for ke in [false, true] {
        // OpenSSL client, Wren server (no certificate).
        let mut args = vec![
            s("--psk-identity"),
            s(PSK_ID),
            s("--psk"),
            s(PSK_HEX),
            s("--naccept"),
            s("1"),
        ];
        if ke {
            args.extend([s("--psk-mode"), s("ke")]);
        }
        let (mut server, port) = wren_server(&args);
        let mut flags = vec![s("-psk"), s(PSK_HEX), s("-psk_identity"), s(PSK_ID)];
        if ke {
            flags.push(s("-allow_no_dhe_kex"));
        }
        let mut client = openssl_client(port, &flags);
        client.send(b"psk data\n");
        server.expect("psk data\n");
        client.close_stdin();
        client.expect_exit();
        assert!(server.expect_exit().success(), "{}", server.log());
        let line = summary(&server, 0);
        assert!(line.contains(&format!("psk={PSK_ID}")), "{line}");
        assert!(line.contains("suite=TLS_AES_128_GCM_SHA256"), "{line}");
        assert_eq!(line.contains("group=none"), ke, "psk_ke: no group; {line}");
        if !ke {
            assert!(client.log().contains("Server Temp Key"), "{}", client.log());
        }

        // Wren client, OpenSSL server (-nocert).
        let mut srv = OpensslServer::new(P256);
        srv.extra = vec![
            s("-nocert"),
            s("-psk"),
            s(PSK_HEX),
            s("-psk_identity"),
            s(PSK_ID),
        ];
        if ke {
            srv.extra.push(s("-allow_no_dhe_kex"));
        }
        let (mut server, port) = srv.spawn();
        let mode = if ke { "ke" } else { "dhe_ke" };
        let mut client = Peer::spawn(
            &tool("wren-client"),
            &[
                s("--connect"),
                format!("127.0.0.1:{port}"),
                s("--servername"),
                s("server.wren.test"),
                s("--psk-identity"),
                s(PSK_ID),
                s("--psk"),
                s(PSK_HEX),
                s("--psk-mode"),
                s(mode),
            ],
        );
        client.expect("protocol=");
        client.send(b"to openssl\n");
        server.expect("to openssl\n");
        let line = summary(&client, 0);
        assert!(line.contains(&format!("psk={PSK_ID}")), "{line}");
        assert_eq!(line.contains("group=none"), ke, "{line}");
        client.close_stdin();
        assert!(client.expect_exit().success(), "{}", client.log());
    }
}
