//! Small records with GnuTLS 3.7 on 127.0.0.1, checked on the wire by [`common::proxy`]:
//! record_size_limit (RFC 8449) both ways (`gnutls-cli --recordsize N`, `gnutls-serv
//! --recordsize N` against the Wren tools with `--record-size-limit N` and small buffers).
//!
//! In TLS 1.3 the limit counts the inner plaintext: content + content type (1) + padding, so a
//! record under a limit of N is at most N + 16 (the AEAD tag) bytes after its header.
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
use common::{gnutls_client, gnutls_priority, gnutls_server, P256, TIMEOUT};

fn s(x: &str) -> String {
    x.to_owned()
}

/// A record under record_size_limit `n` in TLS 1.3: the inner plaintext (≤ n) + the tag.
const fn rsl_record(n: usize) -> usize {
    n + 16
}

/// 450 bytes and a newline: one record under a limit of 512 when a GnuTLS tool sends it.
fn short_line(fill: u8) -> Vec<u8> {
    let mut line = vec![fill; 450];
    line.push(b'\n');
    line
}

/// The harness: GnuTLS to GnuTLS through the proxy, both advertising record_size_limit 512:
/// what `--recordsize` sends, and that the records obey it.
#[test]
fn gnutls_harness_recordsize_through_the_proxy() {
    let priority = gnutls_priority(&[], &[]);
    let (_server, port) = gnutls_server(&P256, &priority, &[s("--recordsize"), s("512")]);
    let proxy = RecordProxy::start(port);
    let mut client = gnutls_client(proxy.port(), &priority, &[s("--recordsize"), s("512")]);
    client.expect("- Handshake was completed");
    // GnuTLS's tools write each stdin chunk with one gnutls_record_send, which fails for more
    // than the limit: lines shorter than it, one at a time.
    for i in 0..3u8 {
        let line = short_line(b'a' + i);
        client.send(&line);
        client.expect(std::str::from_utf8(&line[..400]).unwrap());
    }
    client.close_stdin();
    client.expect_exit();
    let records = proxy.finish(TIMEOUT);
    // `--recordsize N` is N bytes of content: in TLS 1.3 GnuTLS advertises record_size_limit
    // N + 1 (the limit counts the content type) and, N being an MFL size, asks for MFL N too.
    assert_eq!(client_record_size_limit(&records), Some(513));
    assert_eq!(client_max_fragment_length(&records), Some(512));
    assert_protected_at_most(&records, Dir::ToClient, rsl_record(513), "gnutls-serv");
    assert_protected_at_most(&records, Dir::ToServer, rsl_record(513), "gnutls-cli");
    // The server's flight (two certificates) went in records of the largest size allowed.
    assert_eq!(
        max_protected(&records, Dir::ToClient),
        rsl_record(513),
        "{}",
        describe(&records)
    );
}

/// `gnutls-cli --recordsize 512` (record_size_limit 513 and max_fragment_length 512 offered
/// together) against `wren-server --accept-max-fragment-length --record-size-limit 513` with
/// buffers for 512-byte records: record_size_limit wins (RFC 8449 §5), both ways.
#[test]
fn gnutls_client_recordsize_512_against_wren_server_rsl_wins_over_mfl() {
    let mut args = vec![
        s("--echo"),
        s("--accept-max-fragment-length"),
        s("--record-size-limit"),
        s("513"),
    ];
    args.extend(small_buffers());
    let (mut server, port) = wren_server(&args);
    let proxy = RecordProxy::start(port);
    let priority = gnutls_priority(&[], &[]);
    let mut client = gnutls_client(proxy.port(), &priority, &[s("--recordsize"), s("512")]);
    client.expect("- Handshake was completed");
    for i in 0..3u8 {
        let line = short_line(b'a' + i);
        client.send(&line);
        client.expect(std::str::from_utf8(&line[..400]).unwrap());
    }
    client.close_stdin();
    client.expect_exit();
    assert!(server.expect_exit().success(), "{}", server.log());
    assert_record_limit(&server, 512, Some(512), "rsl");
    let records = proxy.finish(TIMEOUT);
    assert_eq!(client_record_size_limit(&records), Some(513));
    assert_eq!(client_max_fragment_length(&records), Some(512));
    assert_protected_at_most(&records, Dir::ToClient, rsl_record(513), "wren-server");
    assert_protected_at_most(&records, Dir::ToServer, rsl_record(513), "gnutls-cli");
    // The certificate flight filled records to the limit.
    assert_eq!(
        max_protected(&records, Dir::ToClient),
        rsl_record(513),
        "{}",
        describe(&records)
    );
}

/// `wren-client --record-size-limit 512` with small buffers against `gnutls-serv --recordsize
/// 512`: each side keeps to the other's limit (Wren: 513 - 1 = 512 bytes of content to
/// GnuTLS; GnuTLS: 511 to Wren).
#[test]
fn wren_client_record_size_limit_against_gnutls_server_recordsize() {
    let priority = gnutls_priority(&[], &[]);
    let (_server, port) = gnutls_server(&P256, &priority, &[s("--recordsize"), s("512")]);
    let proxy = RecordProxy::start(port);
    let mut args = vec![s("--record-size-limit"), s("512")];
    args.extend(small_buffers());
    let mut client = wren_client(proxy.port(), &args);
    // Wren splits the line into 512-byte records; gnutls-serv echoes each record it reads.
    let line = line(3000);
    client.send(&line);
    client.expect(std::str::from_utf8(&line[2900..]).unwrap());
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert_record_limit(&client, 512, Some(511), "rsl");
    let records = proxy.finish(TIMEOUT);
    assert_eq!(client_record_size_limit(&records), Some(512));
    assert_protected_at_most(&records, Dir::ToServer, rsl_record(513), "wren-client");
    assert_protected_at_most(&records, Dir::ToClient, rsl_record(512), "gnutls-serv");
    assert_eq!(
        max_protected(&records, Dir::ToServer),
        rsl_record(513),
        "{}",
        describe(&records)
    );
    assert_eq!(
        max_protected(&records, Dir::ToClient),
        rsl_record(512),
        "{}",
        describe(&records)
    );
}

/// GnuTLS honours record_size_limit without being told to: `wren-client --record-size-limit
/// 1024` against a plain `gnutls-serv`, which then sends at most 1023 bytes per record.
#[test]
fn wren_client_record_size_limit_against_plain_gnutls_server() {
    let priority = gnutls_priority(&[], &[]);
    let (_server, port) = gnutls_server(&P256, &priority, &[]);
    let proxy = RecordProxy::start(port);
    let mut client = wren_client(
        proxy.port(),
        &[
            s("--record-size-limit"),
            s("1024"),
            s("--rx-buffer"),
            s("5142"),
        ],
    );
    let line = line(5000);
    client.send(&line);
    client.expect(std::str::from_utf8(&line[4900..]).unwrap());
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert_record_limit(&client, 16384, Some(1023), "rsl");
    let records = proxy.finish(TIMEOUT);
    assert_eq!(client_record_size_limit(&records), Some(1024));
    assert_protected_at_most(&records, Dir::ToClient, rsl_record(1024), "gnutls-serv");
    assert!(max_protected(&records, Dir::ToServer) > rsl_record(1024));
}

/// A peer that exceeds the record_size_limit it agreed to: `wren-client --record-size-limit
/// 512` and `gnutls-serv --recordsize 512` agree, then the proxy (playing a misbehaving server)
/// replaces the server's first record after the handshake (the echo of a line) with a
/// 600-byte one: record_overflow, named.
#[test]
fn wren_client_record_over_agreed_record_size_limit_is_record_overflow() {
    let priority = gnutls_priority(&[], &[]);
    let (_server, port) = gnutls_server(&P256, &priority, &[s("--recordsize"), s("512")]);
    let proxy = RecordProxy::start_tampering(
        port,
        Tamper {
            replace_len: Some(600),
        },
    );
    let mut args = vec![s("--record-size-limit"), s("512")];
    args.extend(small_buffers());
    let mut client = wren_client(proxy.port(), &args);
    client.expect("protocol=");
    client.send(b"echo me\n");
    let status = client.expect_exit();
    assert_eq!(status.code(), Some(1), "{}", client.log());
    assert!(
        client.log().contains("error RECORD_OVERFLOW"),
        "{}",
        client.log()
    );
    assert_record_limit(&client, 512, Some(511), "rsl");
}
