//! Record sizes between the Wren tools themselves (`wren-client` ↔ `wren-server`, processes on
//! 127.0.0.1, checked on the wire by [`common::proxy`]), and the tools' record flags: what they
//! accept and the usage errors (exit 2) for what they do not.
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
use common::proxy::{
    assert_protected_at_most, client_max_fragment_length, client_record_size_limit, describe,
    in_dir, max_protected, Dir, RecordProxy,
};
use common::tool::{assert_record_limit, line, small_buffers, wren_client, wren_server};
use common::{Peer, TIMEOUT};
use wren_tools::args::{parse_client, parse_server, Parsed, PreferArg};

fn s(x: &str) -> String {
    x.to_owned()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|a| (*a).to_owned()).collect()
}

/// A record carrying `content` bytes: + content type 1 + tag 16.
const fn sealed(content: usize) -> usize {
    content + 17
}

/// Runs a client ↔ server pair through the proxy: the client sends `data` and reads the echo.
/// Returns the records and both peers (exited).
fn echo_through_proxy(server_args: &[String], client_args: &[String], data: &[u8]) -> Run {
    let mut all = vec![s("--echo")];
    all.extend_from_slice(server_args);
    let (mut server, port) = wren_server(&all);
    let proxy = RecordProxy::start(port);
    let mut client = wren_client(proxy.port(), client_args);
    client.send(data);
    let tail = &data[data.len().saturating_sub(60)..data.len() - 1];
    client.expect(std::str::from_utf8(tail).unwrap());
    client.close_stdin();
    assert!(client.expect_exit().success(), "{}", client.log());
    assert!(server.expect_exit().success(), "{}", server.log());
    Run {
        records: proxy.finish(TIMEOUT),
        client,
        server,
    }
}

struct Run {
    records: Vec<common::proxy::Record>,
    client: Peer,
    server: Peer,
}

/// record_size_limit both ways between the tools, different limits each way: the client
/// advertises 512 (small buffers), the server 1024 (its own buffers for 1 KiB records).
#[test]
fn wren_to_wren_record_size_limit_both_ways() {
    let mut client = args(&["--record-size-limit", "512"]);
    client.extend(small_buffers());
    let server = args(&[
        "--record-size-limit",
        "1024",
        "--rx-buffer",
        "5142",
        "--tx-buffer",
        "4214",
    ]);
    let run = echo_through_proxy(&server, &client, &line(5000));
    assert_record_limit(&run.client, 1023, Some(511), "rsl");
    assert_record_limit(&run.server, 511, Some(1023), "rsl");
    assert_eq!(client_record_size_limit(&run.records), Some(512));
    assert_protected_at_most(&run.records, Dir::ToClient, 512 + 16, "wren-server");
    assert_protected_at_most(&run.records, Dir::ToServer, 1024 + 16, "wren-client");
    assert_eq!(max_protected(&run.records, Dir::ToClient), 512 + 16);
    assert_eq!(max_protected(&run.records, Dir::ToServer), 1024 + 16);
}

/// max_fragment_length between the tools: the client asks 1024 (full buffers, so no
/// record_size_limit is offered), the server honours it.
#[test]
fn wren_to_wren_max_fragment_length() {
    let run = echo_through_proxy(
        &args(&["--accept-max-fragment-length"]),
        &args(&["--max-fragment-length", "1024"]),
        &line(5000),
    );
    assert_record_limit(&run.client, 1024, Some(1024), "mfl");
    assert_record_limit(&run.server, 1024, Some(1024), "mfl");
    assert_eq!(client_max_fragment_length(&run.records), Some(1024));
    assert_eq!(client_record_size_limit(&run.records), None);
    for dir in [Dir::ToClient, Dir::ToServer] {
        assert_protected_at_most(&run.records, dir, sealed(1024), "mfl 1024");
        assert_eq!(max_protected(&run.records, dir), sealed(1024));
    }
}

/// MFL and RSL offered together between the tools: record_size_limit wins even though the
/// server would honour max_fragment_length.
#[test]
fn wren_to_wren_mfl_and_rsl_together_rsl_wins() {
    let run = echo_through_proxy(
        &args(&["--accept-max-fragment-length"]),
        &args(&[
            "--max-fragment-length",
            "512",
            "--record-size-limit",
            "2048",
        ]),
        &line(5000),
    );
    assert_record_limit(&run.client, 16384, Some(2047), "rsl");
    assert_record_limit(&run.server, 2047, Some(16384), "rsl");
    assert_eq!(client_max_fragment_length(&run.records), Some(512));
    assert_eq!(client_record_size_limit(&run.records), Some(2048));
    assert_protected_at_most(&run.records, Dir::ToClient, 2048 + 16, "wren-server");
    assert_eq!(max_protected(&run.records, Dir::ToClient), 2048 + 16);
}

/// `--prefer low-latency` on the server: its records carry at most 1398 bytes (one Ethernet
/// frame), while the client's full records carry the whole line.
#[test]
fn wren_server_prefer_low_latency() {
    let run = echo_through_proxy(&args(&["--prefer", "low-latency"]), &[], &line(5000));
    assert_protected_at_most(&run.records, Dir::ToClient, sealed(1398), "low latency");
    assert_eq!(max_protected(&run.records, Dir::ToClient), sealed(1398));
    assert_eq!(max_protected(&run.records, Dir::ToServer), sealed(5001));
}

/// `--dynamic-record-threshold 3000,60` on the client: the first 3000 bytes go in records of
/// at most 1398 bytes, the rest in full records.
#[test]
fn wren_client_dynamic_record_threshold() {
    let run = echo_through_proxy(
        &[],
        &args(&["--dynamic-record-threshold", "3000,60"]),
        &line(9999),
    );
    // The client's protected records: its Finished, then the data, then close_notify.
    let data: Vec<usize> = in_dir(&run.records, Dir::ToServer)
        .iter()
        .filter(|r| r.protected())
        .map(|r| r.len)
        .collect();
    let data = &data[1..data.len() - 1];
    assert_eq!(
        data,
        [
            sealed(1398),
            sealed(1398),
            sealed(1398),
            sealed(10_000 - 3 * 1398)
        ],
        "{}",
        describe(&run.records)
    );
}

#[test]
fn record_flags_parse() {
    let Parsed::Run(c) = parse_client(args(&[
        "--connect",
        "127.0.0.1:1",
        "--insecure",
        "--max-fragment-length",
        "2048",
        "--record-size-limit",
        "600",
        "--rx-buffer",
        "4630",
        "--tx-buffer",
        "4302",
        "--prefer",
        "low-latency",
        "--dynamic-record-threshold",
        "16384,2",
    ]))
    .unwrap() else {
        panic!("not a run")
    };
    let r = &c.records;
    assert_eq!(r.max_fragment_length, Some(2048));
    assert_eq!(r.record_size_limit, Some(600));
    assert_eq!((r.rx_buffer, r.tx_buffer), (Some(4630), Some(4302)));
    assert_eq!(r.prefer, Some(PreferArg::LowLatency));
    assert_eq!(r.dynamic_record_threshold, Some((16384, 2)));
    let Parsed::Run(sv) = parse_server(args(&[
        "--accept",
        "0",
        "--cert",
        "c",
        "--key",
        "k",
        "--accept-max-fragment-length",
        "--prefer",
        "throughput",
    ]))
    .unwrap() else {
        panic!("not a run")
    };
    assert!(sv.records.accept_max_fragment_length);
    assert_eq!(sv.records.prefer, Some(PreferArg::Throughput));
}

#[test]
fn record_flags_usage_errors() {
    let client = |extra: &[&str]| {
        let mut a = args(&["--connect", "127.0.0.1:1", "--insecure"]);
        a.extend(args(extra));
        parse_client(a)
    };
    let server = |extra: &[&str]| {
        let mut a = args(&["--accept", "0", "--cert", "c", "--key", "k"]);
        a.extend(args(extra));
        parse_server(a)
    };
    for bad in [
        &["--max-fragment-length", "700"][..],
        &["--max-fragment-length", "16384"],
        &["--max-fragment-length"],
        &["--record-size-limit", "63"],
        &["--record-size-limit", "16386"],
        &["--rx-buffer", "100"],
        &["--tx-buffer", "10"],
        &["--rx-buffer", "99999999"],
        &["--prefer", "fast"],
        &["--dynamic-record-threshold", "1000"],
        &["--dynamic-record-threshold", "x,1"],
        &["--record-size-limit", "8000", "--rx-buffer", "4630"],
        &["--accept-max-fragment-length"],
    ] {
        assert!(client(bad).is_err(), "client accepted {bad:?}");
    }
    assert!(server(&["--max-fragment-length", "512"]).is_err());
    assert!(server(&["--rx-buffer", "100"]).is_err());
    let e = client(&["--record-size-limit", "8000", "--rx-buffer", "4630"]).unwrap_err();
    assert!(e.contains("8021"), "{e}");
}

/// The binaries exit 2 with the usage for a bad record flag.
#[test]
fn record_flags_usage_exit_2() {
    let mut client = Peer::spawn(
        &tool("wren-client"),
        &args(&[
            "--connect",
            "127.0.0.1:1",
            "--insecure",
            "--max-fragment-length",
            "700",
        ]),
    );
    assert_eq!(client.expect_exit().code(), Some(2), "{}", client.log());
    assert!(
        client.log().contains("512, 1024, 2048, 4096"),
        "{}",
        client.log()
    );
    let mut server = Peer::spawn(
        &tool("wren-server"),
        &args(&[
            "--accept",
            "0",
            "--cert",
            "c",
            "--key",
            "k",
            "--max-fragment-length",
            "512",
        ]),
    );
    assert_eq!(server.expect_exit().code(), Some(2), "{}", server.log());
    assert!(server.log().contains("client flag"), "{}", server.log());
}
