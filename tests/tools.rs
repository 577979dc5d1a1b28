//! The `wren-client` and `wren-server` binaries (package `wren-tools`) run as processes against
//! `openssl s_server`/`s_client` and against each other, on 127.0.0.1 with ports chosen at run
//! time. Each process is a [`Peer`] (killed by PID on drop) and every wait has a deadline.
//!
//! The binaries are built on first use by [`common::bins::tool`] (see there).
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

use common::bins::tool;
use common::{openssl_client, openssl_identity, path_arg, pki, OpensslServer, Peer, CLIENT, P256};

fn s(x: &str) -> String {
    x.to_owned()
}

/// `wren-server --accept 0 …` (127.0.0.1, a port picked by the OS and printed); returns the
/// server and its port.
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

/// The server identity flags: leaf-p256 and its intermediate.
fn server_identity() -> Vec<String> {
    vec![
        s("--cert"),
        path_arg(&P256.full_chain_pem()),
        s("--key"),
        path_arg(&P256.key_pem()),
    ]
}

/// `wren-client --connect 127.0.0.1:port --cafile root-ca.pem --servername server.wren.test`
/// plus `extra`.
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

/// The one summary line (`protocol=…`) in a tool's output.
fn summary_line(peer: &Peer) -> String {
    let log = peer.log();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("protocol=")).collect();
    assert_eq!(lines.len(), 1, "one summary line expected:\n{log}");
    lines[0].to_owned()
}

/// An HTTP request, sent once the handshake summary is out.
const GET: &[u8] = b"GET / HTTP/1.0\r\n\r\n";

#[test]
fn client_against_openssl_server_reverse() {
    let mut server = OpensslServer::new(P256);
    server.rev = true;
    server.suites = Some(s("TLS_AES_256_GCM_SHA384"));
    server.alpn = Some(s("http/1.1"));
    let (mut server, port) = server.spawn();
    let mut client = wren_client(port, &[s("--alpn"), s("h2,http/1.1")]);
    client.expect("protocol=");
    client.send(b"hello wren\n");
    client.expect("nerw olleh");
    client.close_stdin(); // close_notify; s_server answers with its own
    let status = client.expect_exit();
    assert!(status.success(), "{status:?}\n{}", client.log());
    assert!(client.stdout().contains("nerw olleh"), "{}", client.log());
    let line = summary_line(&client);
    for want in [
        "protocol=TLSv1.3",
        "suite=TLS_AES_256_GCM_SHA384",
        "group=x25519",
        "hrr=no",
        "alpn=http/1.1",
        "peer=\"CN=server.wren.test\"",
    ] {
        assert!(line.contains(want), "{want} missing from {line}");
    }
    assert!(server.expect_exit().success(), "{}", server.log());
    assert!(
        server
            .log()
            .contains("ALPN protocols advertised by the client: h2, http/1.1"),
        "{}",
        server.log()
    );
}

/// Wren's client shares its first group; `openssl s_server -groups P-256` asks for a retry when
/// that is x25519 and not when it is P-256.
fn client_hrr_case(client_groups: &str, want_hrr: &str) {
    let mut server = OpensslServer::new(P256);
    server.rev = true;
    server.groups = Some(s("P-256"));
    let (mut server, port) = server.spawn();
    let mut client = wren_client(port, &[s("--groups"), s(client_groups)]);
    client.send(b"abc\n");
    client.expect("cba");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    let line = summary_line(&client);
    assert!(line.contains("group=secp256r1"), "{line}");
    assert!(
        line.contains(want_hrr),
        "{client_groups}: {want_hrr} expected in {line}"
    );
    assert!(server.expect_exit().success(), "{}", server.log());
    // OpenSSL's own record of it: a retry means two ClientHellos.
    let hellos = if want_hrr == "hrr=yes" { 2 } else { 1 };
    assert_eq!(
        server.log().matches(", ClientHello").count(),
        hellos,
        "{}",
        server.log()
    );
}

#[test]
fn client_hello_retry_request_is_reported() {
    client_hrr_case("x25519,P-256", "hrr=yes");
    client_hrr_case("P-256", "hrr=no");
}

#[test]
fn openssl_client_against_server_echo() {
    let mut args = server_identity();
    args.extend([s("--echo"), s("--naccept"), s("1")]);
    let (mut server, port) = wren_server(&args);
    let mut client = openssl_client(port, &[]);
    client.expect("Verify return code: 0 (ok)");
    client.send(b"echo-me-4711\n");
    // Once from the echo (s_client does not print what it sends).
    client.expect("echo-me-4711");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(server.expect_exit().success(), "{}", server.log());
    let line = summary_line(&server);
    assert!(
        line.contains("suite=TLS_AES_128_GCM_SHA256") && line.contains("hrr=no"),
        "{line}"
    );
}

#[test]
fn openssl_client_against_server_www_with_policy_and_alpn() {
    let mut args = server_identity();
    args.extend([
        s("--www"),
        s("--policy"),
        s("20251122_chacha20_only"),
        s("--groups"),
        s("x25519"),
        s("--alpn"),
        s("h2,http/1.1"),
        s("--naccept"),
        s("1"),
    ]);
    let (mut server, port) = wren_server(&args);
    // OpenSSL shares P-256 first: the server's x25519-only list forces a retry.
    let mut client = openssl_client(
        port,
        &[s("-alpn"), s("http/1.1"), s("-groups"), s("P-256:X25519")],
    );
    client.expect("Verify return code: 0 (ok)");
    client.send(GET);
    client.expect("client_authenticated=no");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(server.expect_exit().success(), "{}", server.log());
    let page = client.stdout();
    for want in [
        "HTTP/1.0 200 OK",
        "protocol=TLSv1.3\n",
        "suite=TLS_CHACHA20_POLY1305_SHA256\n",
        "group=x25519\n",
        "hrr=yes\n",
        "alpn=http/1.1\n",
        "server_name=server.wren.test\n",
    ] {
        assert!(
            page.contains(want),
            "{want:?} missing from the page:\n{page}"
        );
    }
    assert!(page.contains("ALPN protocol: http/1.1"), "{page}");
}

#[test]
fn client_certificate_required_by_server() {
    let mut args = server_identity();
    args.extend([
        s("--cafile"),
        path_arg(&pki("root-ca.pem")),
        s("--verify-client"),
        s("--www"),
        s("--naccept"),
        s("2"),
    ]);
    let (mut server, port) = wren_server(&args);

    let mut with_cert = wren_client(
        port,
        &[
            s("--cert"),
            path_arg(&CLIENT.full_chain_pem()),
            s("--key"),
            path_arg(&CLIENT.key_pem()),
        ],
    );
    with_cert.send(GET);
    with_cert.close_stdin();
    assert!(with_cert.expect_exit().success(), "{}", with_cert.log());
    let page = with_cert.stdout();
    assert!(page.contains("client_authenticated=yes"), "{page}");
    assert!(page.contains("peer=\"CN=client.wren.test\""), "{page}");

    let mut without = wren_client(port, &[]);
    without.send(GET);
    without.close_stdin();
    let status = without.expect_exit();
    assert_eq!(status.code(), Some(1), "{}", without.log());
    assert!(
        without.log().contains("CERTIFICATE_REQUIRED"),
        "{}",
        without.log()
    );
    assert!(!without.stdout().contains("HTTP/1.0"), "{}", without.log());

    // Two connections (--naccept 2), the second failed: exit 1 with the error's name.
    assert_eq!(server.expect_exit().code(), Some(1), "{}", server.log());
    assert!(
        server.log().contains("peer=\"CN=client.wren.test\""),
        "{}",
        server.log()
    );
    assert!(
        server
            .log()
            .contains("error HANDSHAKE_CERTIFICATE_REQUIRED"),
        "{}",
        server.log()
    );
}

#[test]
fn openssl_client_certificate_to_server() {
    let mut args = server_identity();
    args.extend([
        s("--cafile"),
        path_arg(&pki("root-ca.pem")),
        s("--verify-client"),
        s("--echo"),
        s("--naccept"),
        s("1"),
    ]);
    let (mut server, port) = wren_server(&args);
    let mut client = openssl_client(port, &openssl_identity(&CLIENT));
    client.expect("Verify return code: 0 (ok)");
    client.send(b"authenticated-echo\n");
    client.expect("authenticated-echo");
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(server.expect_exit().success(), "{}", server.log());
    assert!(
        summary_line(&server).contains("peer=\"CN=client.wren.test\""),
        "{}",
        server.log()
    );
}

#[test]
fn wren_to_wren_alpn_mismatch_and_match() {
    let mut args = server_identity();
    args.extend([
        s("--echo"),
        s("--alpn"),
        s("h2,http/1.1"),
        s("--naccept"),
        s("2"),
    ]);
    let (mut server, port) = wren_server(&args);

    let mut good = wren_client(port, &[s("--alpn"), s("http/1.1,h2")]);
    good.send(b"round trip\n");
    good.expect("round trip");
    good.close_stdin();
    assert!(good.expect_exit().success(), "{}", good.log());
    // The server's preference order wins.
    assert!(summary_line(&good).contains("alpn=h2"), "{}", good.log());

    let mut bad = wren_client(port, &[s("--alpn"), s("spdy/3")]);
    bad.close_stdin();
    assert_eq!(bad.expect_exit().code(), Some(1), "{}", bad.log());
    assert!(
        bad.log().contains("NO_APPLICATION_PROTOCOL"),
        "{}",
        bad.log()
    );
    assert_eq!(server.expect_exit().code(), Some(1), "{}", server.log());
    assert!(
        server.log().contains("HANDSHAKE_NO_APPLICATION_PROTOCOL"),
        "{}",
        server.log()
    );
}

#[test]
fn untrusted_server_fails_and_insecure_connects() {
    let args = vec![
        s("--cert"),
        path_arg(&pki("leaf-unknown-issuer.pem")),
        s("--key"),
        path_arg(&pki("leaf-unknown-issuer.key.pem")),
        s("--echo"),
        s("--naccept"),
        s("2"),
    ];
    let (mut server, port) = wren_server(&args);

    let mut verifying = wren_client(port, &[]);
    verifying.close_stdin();
    let status = verifying.expect_exit();
    assert_eq!(status.code(), Some(1), "{}", verifying.log());
    let log = verifying.log();
    assert!(log.contains("error CERT_UNKNOWN_ISSUER"), "{log}");
    assert!(log.contains("unknown_ca"), "{log}");
    assert!(
        !log.contains("protocol="),
        "no summary after a failed handshake: {log}"
    );

    let mut insecure = Peer::spawn(
        &tool("wren-client"),
        &[s("--connect"), format!("127.0.0.1:{port}"), s("--insecure")],
    );
    insecure.send(b"trusting anyone\n");
    insecure.expect("trusting anyone");
    insecure.close_stdin();
    assert!(insecure.expect_exit().success(), "{}", insecure.log());

    assert_eq!(server.expect_exit().code(), Some(1), "{}", server.log());
    assert!(server.log().contains("UNKNOWN_CA"), "{}", server.log());
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let ca = path_arg(&pki("root-ca.pem"));
    let cert = path_arg(&P256.full_chain_pem());
    let key = path_arg(&P256.key_pem());
    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "wren-client",
            vec![
                s("--connect"),
                s("127.0.0.1:1"),
                s("--cafile"),
                ca.clone(),
                s("--insecure"),
            ],
            "exactly one of --cafile PEM and --insecure",
        ),
        (
            "wren-client",
            vec![s("--connect"), s("127.0.0.1:1")],
            "exactly one of --cafile PEM and --insecure",
        ),
        (
            "wren-client",
            vec![s("--insecure")],
            "--connect HOST:PORT is required",
        ),
        (
            "wren-client",
            vec![
                s("--connect"),
                s("127.0.0.1:1"),
                s("--insecure"),
                s("--cert"),
                cert.clone(),
            ],
            "--cert and --key go together",
        ),
        (
            "wren-client",
            vec![
                s("--connect"),
                s("127.0.0.1:1"),
                s("--insecure"),
                s("--frobnicate"),
            ],
            "unknown flag \"--frobnicate\"",
        ),
        (
            "wren-client",
            vec![
                s("--connect"),
                s("127.0.0.1:1"),
                s("--insecure"),
                s("--policy"),
                s("nope"),
            ],
            "unknown policy \"nope\" (known: default_tls13",
        ),
        (
            "wren-client",
            vec![
                s("--connect"),
                s("127.0.0.1:1"),
                s("--insecure"),
                s("--groups"),
                s("P-384"),
            ],
            "unknown group",
        ),
        (
            "wren-server",
            vec![s("--accept"), s("0"), s("--key"), key.clone()],
            "--accept, --cert and --key are required",
        ),
        (
            "wren-server",
            vec![
                s("--accept"),
                s("0"),
                s("--cert"),
                cert.clone(),
                s("--key"),
                key.clone(),
                s("--verify-client"),
            ],
            "--verify-client needs --cafile",
        ),
        (
            "wren-server",
            vec![
                s("--accept"),
                s("0"),
                s("--cert"),
                cert.clone(),
                s("--key"),
                key.clone(),
                s("--echo"),
                s("--www"),
            ],
            "--echo and --www exclude each other",
        ),
        (
            "wren-server",
            vec![
                s("--accept"),
                s("0"),
                s("--cert"),
                cert.clone(),
                s("--key"),
                key.clone(),
                s("--naccept"),
                s("0"),
            ],
            "--naccept \"0\"",
        ),
        (
            "wren-server",
            vec![
                s("--accept"),
                s("0"),
                s("--cert"),
                cert.clone(),
                s("--key"),
                key.clone(),
                s("--policy"),
                s("nope"),
            ],
            "unknown policy \"nope\"",
        ),
        (
            "wren-server",
            vec![
                s("--accept"),
                s("0"),
                s("--cert"),
                path_arg(&pki("no-such-file.pem")),
                s("--key"),
                key.clone(),
            ],
            "no-such-file.pem",
        ),
    ];
    for (tool_name, args, message) in cases {
        let mut peer = Peer::spawn(&tool(tool_name), &args);
        let status = peer.expect_exit();
        let log = peer.log();
        assert_eq!(status.code(), Some(2), "{tool_name} {args:?}:\n{log}");
        assert!(
            log.contains(message),
            "{tool_name} {args:?}: {message:?} missing:\n{log}"
        );
        assert!(log.contains(&format!("usage: {tool_name} ")), "{log}");
    }
    for (tool_name, flag) in [
        ("wren-client", "--connect HOST:PORT"),
        ("wren-server", "--accept [HOST:]PORT"),
    ] {
        let mut peer = Peer::spawn(&tool(tool_name), &[s("--help")]);
        let status = peer.expect_exit();
        assert!(status.success(), "{tool_name} --help: {status:?}");
        assert!(peer.stdout().contains(flag), "{}", peer.log());
    }
}
