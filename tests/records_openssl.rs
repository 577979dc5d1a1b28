//! Small records with OpenSSL 3 on 127.0.0.1, checked on the wire by [`common::proxy`]:
//! max_fragment_length 512 both ways (`openssl s_client -maxfraglen 512` against `wren-server
//! --accept-max-fragment-length`, `wren-client --max-fragment-length 512` against `openssl
//! s_server`, which always honours MFL) with the two-certificate chain (leaf-p256 + int-ca) and
//! buffers sized for 512-byte records, and a peer that ignores our record_size_limit (OpenSSL 3.0
//! does not implement RFC 8449) getting record_overflow.
//!
//! With MFL 512 every protected TLS 1.3 record carries at most 512 bytes of content + the inner
//! content type (1) + the AEAD tag (16): `TLSCiphertext.length` ≤ 529 (no padding is sent).
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

use common::proxy::{
    assert_protected_at_most, client_max_fragment_length, client_record_size_limit, describe,
    max_protected, Dir, RecordProxy, Tamper,
};
use common::tool::{assert_record_limit, line, small_buffers, wren_client, wren_server};
use common::{openssl_client, OpensslServer, P256, TIMEOUT};

fn s(x: &str) -> String {
    x.to_owned()
}

/// Content 512 + content type 1 + tag 16.
const MFL512_RECORD: usize = 512 + 1 + 16;

/// A line longer than several 512-byte records, so that full-size records would show.
fn long_line() -> Vec<u8> {
    line(3000)
}

/// `line` reversed without its newline, as `s_server -rev` answers it.
fn reversed(line: &[u8]) -> String {
    let mut r = line[..line.len() - 1].to_vec();
    r.reverse();
    String::from_utf8(r).unwrap()
}

/// The harness: OpenSSL to OpenSSL through the proxy with `-maxfraglen 512`, so the proxy and
/// the flag are known to do what the Wren tests below assume.
#[test]
fn openssl_harness_maxfraglen_through_the_proxy() {
    let mut server = OpensslServer::new(P256);
    server.rev = true;
    let (mut server, port) = server.spawn();
    let proxy = RecordProxy::start(port);
    let mut client = openssl_client(proxy.port(), &[s("-maxfraglen"), s("512")]);
    client.expect("Verify return code: 0 (ok)");
    let line = long_line();
    client.send(&line);
    let mut reversed: Vec<u8> = line[..line.len() - 1].to_vec();
    reversed.reverse();
    client.expect(std::str::from_utf8(&reversed[..40]).unwrap());
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(server.expect_exit().success(), "{}", server.log());
    let records = proxy.finish(TIMEOUT);
    assert_protected_at_most(&records, Dir::ToClient, MFL512_RECORD, "openssl s_server");
    assert_protected_at_most(&records, Dir::ToServer, MFL512_RECORD, "openssl s_client");
    // The limit was reached both ways (3000 bytes of data went each way).
    assert_eq!(
        max_protected(&records, Dir::ToClient),
        MFL512_RECORD,
        "{}",
        describe(&records)
    );
    assert_eq!(
        max_protected(&records, Dir::ToServer),
        MFL512_RECORD,
        "{}",
        describe(&records)
    );
}

/// `openssl s_client -maxfraglen 512` against `wren-server --accept-max-fragment-length` with
/// buffers for 512-byte records: the server's flight (two certificates) and the echoed data go
/// in records of at most 512 bytes of content, and so does everything the client sends.
#[test]
fn openssl_client_maxfraglen_512_against_wren_server() {
    let mut args = vec![s("--echo"), s("--accept-max-fragment-length")];
    args.extend(small_buffers());
    let (mut server, port) = wren_server(&args);
    let proxy = RecordProxy::start(port);
    let mut client = openssl_client(proxy.port(), &[s("-maxfraglen"), s("512")]);
    client.expect("Verify return code: 0 (ok)");
    let line = long_line();
    client.send(&line);
    client.expect(std::str::from_utf8(&line[2900..]).unwrap());
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(server.expect_exit().success(), "{}", server.log());
    assert_record_limit(&server, 512, None, "mfl");
    let records = proxy.finish(TIMEOUT);
    assert_eq!(client_max_fragment_length(&records), Some(512));
    assert_protected_at_most(&records, Dir::ToClient, MFL512_RECORD, "wren-server");
    assert_protected_at_most(&records, Dir::ToServer, MFL512_RECORD, "openssl s_client");
    assert_eq!(
        max_protected(&records, Dir::ToClient),
        MFL512_RECORD,
        "{}",
        describe(&records)
    );
}

/// Without `--accept-max-fragment-length` Wren's server ignores the request (as s2n-tls):
/// full records, and OpenSSL goes on without MFL.
#[test]
fn wren_server_ignores_maxfraglen_by_default() {
    let (mut server, port) = wren_server(&[s("--echo")]);
    let proxy = RecordProxy::start(port);
    let mut client = openssl_client(proxy.port(), &[s("-maxfraglen"), s("512")]);
    client.expect("Verify return code: 0 (ok)");
    let line = long_line();
    client.send(&line);
    client.expect(std::str::from_utf8(&line[2900..]).unwrap());
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(server.expect_exit().success(), "{}", server.log());
    assert_record_limit(&server, 16384, Some(16384), "none");
    let records = proxy.finish(TIMEOUT);
    assert!(
        max_protected(&records, Dir::ToClient) > MFL512_RECORD,
        "{}",
        describe(&records)
    );
}

/// `wren-client --max-fragment-length 512` with buffers for 512-byte records against `openssl
/// s_server` (which honours MFL): every record after the hellos, both ways, carries at most
/// 512 bytes. The client offers record_size_limit too (its receive buffer is below a full
/// record), which OpenSSL 3.0 does not implement: MFL is what is negotiated.
#[test]
fn wren_client_maxfraglen_512_against_openssl_server() {
    let mut server = OpensslServer::new(P256);
    server.rev = true;
    let (mut server, port) = server.spawn();
    let proxy = RecordProxy::start(port);
    let mut args = vec![s("--max-fragment-length"), s("512")];
    args.extend(small_buffers());
    let mut client = wren_client(proxy.port(), &args);
    let line = long_line();
    client.send(&line);
    client.expect(&reversed(&line));
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(server.expect_exit().success(), "{}", server.log());
    assert_record_limit(&client, 512, Some(512), "mfl");
    let records = proxy.finish(TIMEOUT);
    assert_eq!(client_max_fragment_length(&records), Some(512));
    assert!(client_record_size_limit(&records).is_some());
    assert_protected_at_most(&records, Dir::ToClient, MFL512_RECORD, "openssl s_server");
    assert_protected_at_most(&records, Dir::ToServer, MFL512_RECORD, "wren-client");
    assert_eq!(
        max_protected(&records, Dir::ToServer),
        MFL512_RECORD,
        "{}",
        describe(&records)
    );
    assert_eq!(
        max_protected(&records, Dir::ToClient),
        MFL512_RECORD,
        "{}",
        describe(&records)
    );
}

/// A peer that ignores our limit: `wren-client --record-size-limit 512` (no MFL) against
/// `openssl s_server`, which does not implement record_size_limit (OpenSSL 3.0: no answer in
/// EncryptedExtensions) and sends its certificate in a record over 512 bytes. Wren refuses it
/// from its header with record_overflow, sends the alert, and says so.
#[test]
fn wren_client_record_size_limit_ignored_by_openssl_is_record_overflow() {
    let (mut server, port) = OpensslServer::new(P256).spawn();
    let proxy = RecordProxy::start(port);
    let mut args = vec![s("--record-size-limit"), s("512")];
    args.extend(small_buffers());
    let mut client = wren_client(proxy.port(), &args);
    let status = client.expect_exit();
    assert_eq!(status.code(), Some(1), "{}", client.log());
    let log = client.log();
    assert!(log.contains("error RECORD_OVERFLOW"), "{log}");
    assert!(log.contains("alert RECORD_OVERFLOW"), "{log}");
    assert!(!log.contains("protocol="), "no handshake expected: {log}");
    // OpenSSL got the alert.
    server.expect("record overflow");
    let records = proxy.finish(TIMEOUT);
    assert_eq!(client_record_size_limit(&records), Some(512));
    assert_eq!(client_max_fragment_length(&records), None);
    assert!(
        max_protected(&records, Dir::ToClient) > 512 + 16,
        "{}",
        describe(&records)
    );
}

/// A peer that exceeds the limit it agreed to gets record_overflow: `wren-client
/// --max-fragment-length 512` and `openssl s_server` agree on 512, then the proxy (playing a
/// misbehaving server) replaces the first record after the handshake with a 600-byte one.
/// Wren refuses it from its header (not as a bad MAC), sends the alert and names the error;
/// the same tampering at 300 bytes is a bad record MAC, so the length is what was checked.
#[test]
fn wren_client_record_over_the_negotiated_limit_is_record_overflow() {
    for (fake, error) in [(600, "RECORD_OVERFLOW"), (300, "RECORD_BAD_RECORD_MAC")] {
        let mut server = OpensslServer::new(P256);
        server.rev = true;
        let (mut server, port) = server.spawn();
        let proxy = RecordProxy::start_tampering(
            port,
            Tamper {
                replace_len: Some(fake),
            },
        );
        let mut args = vec![s("--max-fragment-length"), s("512")];
        args.extend(small_buffers());
        let mut client = wren_client(proxy.port(), &args);
        // OpenSSL sends two NewSessionTickets right after the handshake: the first is replaced.
        client.expect("protocol=");
        let status = client.expect_exit();
        assert_eq!(status.code(), Some(1), "{}", client.log());
        assert!(
            client.log().contains(&format!("error {error}")),
            "{fake}: {}",
            client.log()
        );
        assert_record_limit(&client, 512, Some(512), "mfl");
        if fake == 600 {
            server.expect("fatal record_overflow");
        }
        drop(proxy);
    }
}
