//! The `wren-client` and `wren-server` binaries as [`Peer`]s (killed by PID on drop), for the
//! record-size tests.

use super::bins::tool;
use super::{path_arg, pki, Peer, P256};

fn s(x: &str) -> String {
    x.to_owned()
}

/// `wren-server --accept 0 --cert <leaf-p256 + int-ca> --key … --naccept 1` plus `args`
/// (127.0.0.1, a port picked by the OS and printed); returns the server and its port.
pub fn wren_server(args: &[String]) -> (Peer, u16) {
    let mut all = vec![
        s("--accept"),
        s("0"),
        s("--cert"),
        path_arg(&P256.full_chain_pem()),
        s("--key"),
        path_arg(&P256.key_pem()),
        s("--naccept"),
        s("1"),
    ];
    all.extend_from_slice(args);
    let mut server = Peer::spawn(&tool("wren-server"), &all);
    let prefix = "wren-server: listening on 127.0.0.1:";
    server.expect(prefix);
    let log = server.log();
    let rest = &log[log.find(prefix).unwrap() + prefix.len()..];
    let port = rest[..rest.find('\n').unwrap()].parse().expect("port");
    (server, port)
}

/// `wren-client --connect 127.0.0.1:port --cafile root-ca.pem --servername server.wren.test`
/// plus `extra`.
pub fn wren_client(port: u16, extra: &[String]) -> Peer {
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
pub fn summary_line(peer: &Peer) -> String {
    let log = peer.log();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("protocol=")).collect();
    assert_eq!(lines.len(), 1, "one summary line expected:\n{log}");
    lines[0].to_owned()
}

/// Asserts the summary line's record fields: `record_limit=SEND record_limit_recv=RECV
/// record_limit_by=BY` (any RECV when `None`).
pub fn assert_record_limit(peer: &Peer, send: usize, recv: Option<usize>, by: &str) {
    let line = summary_line(peer);
    for want in [
        format!("record_limit={send} "),
        recv.map_or_else(String::new, |r| format!("record_limit_recv={r} ")),
        format!("record_limit_by={by}"),
    ] {
        assert!(line.contains(&want), "want {want:?} in:\n{line}");
    }
}

/// Buffers for 512-byte records (`wren_tls::sizes::PRESET_512_HALF`: rx 534 + 4096 handshake
/// reassembly, tx a 4 KiB flight in 512-byte records).
pub fn small_buffers() -> Vec<String> {
    let p = wren_tls::sizes::PRESET_512_HALF;
    vec![
        s("--rx-buffer"),
        p.rx.to_string(),
        s("--tx-buffer"),
        p.tx.to_string(),
    ]
}

/// A line of `len` letters and a newline.
pub fn line(len: usize) -> Vec<u8> {
    let mut line: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
    line.push(b'\n');
    line
}
