//! External PSKs (psk_ke and psk_dhe_ke) and 0-RTT between the Wren tools (run as processes)
//! and GnuTLS 3.7 (`gnutls-cli`, `gnutls-serv`), both ways, on 127.0.0.1 with ports chosen at
//! run time; every process is killed by PID on drop and every wait has a deadline.
//!
//! | Case | GnuTLS flags | Wren flags |
//! |---|---|---|
//! | PSK, psk_ke | priority `…:-KX-ALL:+PSK`; client `--pskusername ID --pskkey HEX`, server `--pskpasswd FILE` (`ID:HEX` lines) | `--psk-identity ID --psk HEX --psk-mode ke` (client); the server accepts both modes |
//! | PSK, psk_dhe_ke | priority `…:-KX-ALL:+ECDHE-PSK` (or `+DHE-PSK`) | `--psk-mode dhe_ke` (the client's default) |
//! | 0-RTT, GnuTLS client | `-r --earlydata FILE --waitresumption` (two connections, the second resumes with early data) | `--max-early-data 16384` |
//! | 0-RTT, Wren client | `gnutls-serv --earlydata --maxearlydata 16384` | `--sess-out F`, then `--sess-in F --early-data FILE` |
//!
//! gnutls-serv does not print the early data it reads; its acceptance shows in the
//! EncryptedExtensions it sends (Wren's `early_data=accepted`), and a wrong key would have
//! failed the handshake (EndOfEarlyData travels under the early keys).
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
use std::time::{Duration, Instant};

use common::bins::tool;
use common::{gnutls_client, gnutls_priority, gnutls_server, path_arg, pki, Peer, P256, TIMEOUT};

fn s(x: &str) -> String {
    x.to_owned()
}

const PSK_HEX: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const PSK_ID: &str = "gnutls-peer";

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("wren-psk")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

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

fn summary(peer: &Peer, nth: usize) -> String {
    let log = peer.log();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("protocol=")).collect();
    assert!(lines.len() > nth, "no summary line {nth}:\n{log}");
    lines[nth].to_owned()
}

/// TLS 1.3 with only the PSK key exchange `kx` (`PSK`: psk_ke; `ECDHE-PSK`, `DHE-PSK`:
/// psk_dhe_ke).
fn psk_priority(kx: &str) -> String {
    format!("{}:-KX-ALL:+{kx}", gnutls_priority(&[], &[]))
}

#[test]
fn external_psk_gnutls_client_to_wren_server() {
    for (kx, ke) in [("PSK", true), ("ECDHE-PSK", false), ("DHE-PSK", false)] {
        let (mut server, port) = wren_server(&[
            s("--psk-identity"),
            s(PSK_ID),
            s("--psk"),
            s(PSK_HEX),
            s("--naccept"),
            s("1"),
        ]);
        let mut client = gnutls_client(
            port,
            &psk_priority(kx),
            &[s("--pskusername"), s(PSK_ID), s("--pskkey"), s(PSK_HEX)],
        );
        client.expect("Handshake was completed");
        client.send(b"from gnutls\n");
        server.expect("from gnutls\n");
        client.close_stdin();
        client.expect_exit();
        assert!(server.expect_exit().success(), "{kx}: {}", server.log());
        let line = summary(&server, 0);
        assert!(line.contains(&format!("psk={PSK_ID}")), "{kx}: {line}");
        assert_eq!(line.contains("group=none"), ke, "{kx}: {line}");
    }
}

#[test]
fn external_psk_wren_client_to_gnutls_server() {
    let dir = scratch("gnutls-psk-server");
    let passwd = dir.join("psk.passwd");
    std::fs::write(&passwd, format!("{PSK_ID}:{PSK_HEX}\n")).unwrap();
    for (kx, mode) in [("PSK", "ke"), ("ECDHE-PSK", "dhe_ke")] {
        let (mut server, port) = gnutls_server(
            &P256,
            &psk_priority(kx),
            &[s("--pskpasswd"), path_arg(&passwd)],
        );
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
        client.send(b"echo me\n");
        client.expect("echo me\n");
        server.expect(&format!("PSK authentication. Connected as '{PSK_ID}'"));
        let line = summary(&client, 0);
        assert!(line.contains(&format!("psk={PSK_ID}")), "{kx}: {line}");
        assert_eq!(line.contains("group=none"), mode == "ke", "{kx}: {line}");
        client.close_stdin();
        assert!(client.expect_exit().success(), "{kx}: {}", client.log());
    }
}

#[test]
fn gnutls_client_early_data_to_wren_server() {
    let dir = scratch("gnutls-client-0rtt");
    let early = dir.join("early.txt");
    std::fs::write(&early, b"EARLY-FROM-GNUTLS\n").unwrap();
    let (mut server, port) = wren_server(&[
        s("--cert"),
        path_arg(&P256.full_chain_pem()),
        s("--key"),
        path_arg(&P256.key_pem()),
        s("--max-early-data"),
        s("16384"),
        s("--naccept"),
        s("2"),
    ]);
    let mut client = gnutls_client(
        port,
        &gnutls_priority(&[], &[]),
        &[
            s("-r"),
            s("--earlydata"),
            path_arg(&early),
            s("--waitresumption"),
        ],
    );
    client.expect("This is a resumed session");
    server.expect("early data (18 bytes): EARLY-FROM-GNUTLS\\n");
    client.send(b"after\n");
    server.expect("after\n");
    client.close_stdin();
    client.expect_exit();
    assert!(server.expect_exit().success(), "{}", server.log());
    assert!(summary(&server, 0).contains("resumed=no"));
    let line = summary(&server, 1);
    assert!(
        line.contains("resumed=yes psk=resumption-ticket early_data=accepted"),
        "{line}"
    );
}

#[test]
fn wren_client_early_data_to_gnutls_server() {
    let dir = scratch("wren-client-0rtt-gnutls");
    let sess = dir.join("wren.sess");
    let early = dir.join("early.txt");
    std::fs::write(&early, b"EARLY-FROM-WREN\n").unwrap();
    let (mut server, port) = gnutls_server(
        &P256,
        &gnutls_priority(&[], &[]),
        &[s("--earlydata"), s("--maxearlydata"), s("16384")],
    );
    let mut c1 = wren_client(port, &[s("--sess-out"), path_arg(&sess)]);
    c1.send(b"one\n");
    c1.expect("one\n");
    let deadline = Instant::now() + TIMEOUT;
    while !sess.exists() {
        assert!(
            Instant::now() < deadline,
            "no --sess-out file:\n{}",
            c1.log()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    c1.close_stdin();
    assert!(c1.expect_exit().success(), "{}", c1.log());

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
    c2.send(b"two\n");
    c2.expect("two\n");
    let line = summary(&c2, 0);
    assert!(
        line.contains("resumed=yes psk=resumption-ticket early_data=accepted"),
        "{line}"
    );
    assert!(
        c2.log().contains("early data sent: 16 bytes"),
        "{}",
        c2.log()
    );
    server.expect("This is a resumed session");
    c2.close_stdin();
    assert!(c2.expect_exit().success(), "{}", c2.log());
}
