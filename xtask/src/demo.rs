//! `cargo xtask demo`: Wren doing its job, live, against OpenSSL on 127.0.0.1.
//!
//! 1. `wren-client` verifies and talks to `openssl s_server -www` (P-256 chain of two).
//! 2. `openssl s_client` talks to `wren-server --www`.
//! 3. 0-RTT: a ticket stored, early data accepted on resumption, refused on replay.
//! 4. The same client as Cortex-M4F firmware in QEMU: PSK handshakes and 0-RTT resumption.
//! 5. The RFC 8448 §3 replay through Wren's layers, byte for byte.
//!
//! Ports are chosen at run time; every process is killed by its PID; every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::{run, Result};

const REQUEST: &[u8] = b"GET / HTTP/1.0\r\n\r\n";
const WAIT: Duration = Duration::from_secs(15);

/// A child process killed by PID when dropped.
struct Peer(Child);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> std::result::Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("local_addr: {e}"))
}

/// Runs `cmd` with `input` on stdin; returns (status ok, stdout, stderr), bounded by `WAIT`.
fn run_with_input(
    mut cmd: Command,
    input: &[u8],
) -> std::result::Result<(bool, String, String), String> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input);
    }
    let mut out = child.stdout.take().ok_or("no stdout")?;
    let mut err = child.stderr.take().ok_or("no stderr")?;
    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();
    thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        let _ = tx.send((0, s));
    });
    thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        let _ = tx2.send((1, s));
    });
    let mut peer = Peer(child);
    let (mut stdout, mut stderr) = (String::new(), String::new());
    for _ in 0..2 {
        match rx.recv_timeout(WAIT) {
            Ok((0, s)) => stdout = s,
            Ok((_, s)) => stderr = s,
            Err(_) => return Err(format!("{cmd:?} did not finish within {WAIT:?}")),
        }
    }
    let ok = peer.0.wait().map(|s| s.success()).unwrap_or(false);
    Ok((ok, stdout, stderr))
}

fn bin_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("debug")
}

fn show(prefix: &str, text: &str, max_lines: usize) {
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(max_lines)
    {
        if prefix.is_empty() {
            println!("    {line}");
        } else {
            println!("    {prefix} {line}");
        }
    }
}

/// Starts `openssl s_server` (P-256 leaf + intermediate) with `extra` flags on a free port and
/// waits for its ACCEPT line; the rest of its stdout comes through the returned channel.
fn openssl_server(
    p: &dyn Fn(&str) -> String,
    extra: &[&str],
) -> std::result::Result<(u16, Peer, mpsc::Receiver<String>), String> {
    let port = free_port()?;
    let mut server = Command::new("openssl")
        .args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-tls1_3",
        ])
        .args(extra)
        .args([
            "-cert",
            &p("leaf-p256.pem"),
            "-key",
            &p("leaf-p256.key.pem"),
        ])
        .args(["-cert_chain", &p("int-ca.pem")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map(Peer)
        .map_err(|e| format!("cannot start openssl s_server: {e}"))?;
    let stdout = server.0.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    loop {
        let left = WAIT.saturating_sub(start.elapsed());
        match rx.recv_timeout(left) {
            Ok(l) if l.contains("ACCEPT") => return Ok((port, server, rx)),
            Ok(_) => {}
            Err(_) => return Err("openssl s_server did not start".into()),
        }
    }
}

pub fn demo(root: &Path) -> Result {
    run(root, "cargo", &["build", "--quiet", "-p", "wren-tools"])?;
    let pki = root.join("tls-cert/testdata");
    let p = |f: &str| pki.join(f).display().to_string();
    let bins = bin_dir(root);

    println!("\n[1] wren-client -> openssl s_server -www (P-256 leaf + intermediate, verified against the test root)");
    let (port, server, _lines) = openssl_server(&p, &["-www", "-naccept", "1"])?;
    let mut client = Command::new(bins.join("wren-client"));
    client.args([
        "--connect",
        &format!("127.0.0.1:{port}"),
        "--servername",
        "server.wren.test",
    ]);
    client.args(["--cafile", &p("root-ca.pem")]);
    let (ok, out, err) = run_with_input(client, REQUEST)?;
    show("wren-client:", &err, 4);
    show("openssl says:", &out, 6);
    drop(server);
    if !ok {
        return Err("wren-client failed".into());
    }

    println!("\n[2] openssl s_client -> wren-server --www");
    let chain = std::env::temp_dir().join(format!("wren-demo-chain-{}.pem", std::process::id()));
    let mut pem = std::fs::read(p("leaf-p256.pem")).map_err(|e| e.to_string())?;
    pem.extend(std::fs::read(p("int-ca.pem")).map_err(|e| e.to_string())?);
    std::fs::write(&chain, pem).map_err(|e| e.to_string())?;
    // Port 0: wren-server binds a free port and says which on stderr.
    let server = Command::new(bins.join("wren-server"))
        .args(["--accept", "0", "--www", "--naccept", "1"])
        .args([
            "--cert",
            &chain.display().to_string(),
            "--key",
            &p("leaf-p256.key.pem"),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start wren-server: {e}"))?;
    let mut server = Peer(server);
    let stderr = server.0.stderr.take().ok_or("no stderr")?;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stderr)
            .lines()
            .map_while(std::result::Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let first = rx
        .recv_timeout(WAIT)
        .map_err(|_| "wren-server did not start")?;
    let port = first
        .rsplit(':')
        .next()
        .and_then(|p| p.trim().parse::<u16>().ok())
        .ok_or_else(|| format!("unexpected first line from wren-server: {first}"))?;
    let mut client = Command::new("openssl");
    client.args([
        "s_client",
        "-connect",
        &format!("127.0.0.1:{port}"),
        "-tls1_3",
        "-brief",
        // Keep reading after stdin ends: the answer comes after the request.
        "-ign_eof",
    ]);
    client.args([
        "-servername",
        "server.wren.test",
        "-CAfile",
        &p("root-ca.pem"),
    ]);
    let (_, out, err) = run_with_input(client, REQUEST)?;
    let _ = std::fs::remove_file(&chain);
    show("openssl s_client:", &err, 6);
    show("wren-server answers:", &out, 12);
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(500)) {
        show("", &line, 1);
    }
    drop(server);
    if !out.contains("200") {
        return Err(format!("wren-server did not answer; s_client said:\n{err}"));
    }

    println!(
        "\n[3] 0-RTT: wren-client stores a ticket, resumes with early data, then replays the ticket \
         (openssl s_server -early_data, single-use tickets)"
    );
    let (port, server, lines) = openssl_server(&p, &["-early_data", "-naccept", "3"])?;
    let sess = std::env::temp_dir().join(format!("wren-demo-{}.sess", std::process::id()));
    let early = std::env::temp_dir().join(format!("wren-demo-{}.early", std::process::id()));
    std::fs::write(&early, b"EARLY DATA FROM WREN\n").map_err(|e| e.to_string())?;
    let connect = format!("127.0.0.1:{port}");
    let base = ["--connect", &connect, "--servername", "server.wren.test"];
    let root_ca = p("root-ca.pem");
    let (sess_s, early_s) = (sess.display().to_string(), early.display().to_string());
    let runs: [(&str, Vec<&str>); 3] = [
        ("full handshake, ticket saved:", vec!["--sess-out", &sess_s]),
        (
            "resumed with early data:     ",
            vec!["--sess-in", &sess_s, "--early-data", &early_s],
        ),
        (
            "same ticket again (replay):  ",
            vec!["--sess-in", &sess_s, "--early-data", &early_s],
        ),
    ];
    let mut summaries = Vec::new();
    for (what, flags) in runs {
        let mut client = Command::new(bins.join("wren-client"));
        client.args(base).args(["--cafile", &root_ca]).args(&flags);
        let (_, _, err) = run_with_input(client, b"hello\n")?;
        let summary = err
            .lines()
            .find(|l| l.contains("protocol="))
            .unwrap_or("")
            .to_string();
        show(what, &summary, 1);
        summaries.push(summary);
    }
    thread::sleep(Duration::from_millis(200));
    drop(server);
    while let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
        if line.contains("arly data") {
            show("openssl says:", &line, 1);
        }
    }
    let _ = std::fs::remove_file(&sess);
    let _ = std::fs::remove_file(&early);
    let accepted = summaries
        .get(1)
        .is_some_and(|s| s.contains("early_data=accepted"));
    let replay_refused = summaries
        .get(2)
        .is_some_and(|s| !s.contains("early_data=accepted"));
    if !(accepted && replay_refused) {
        return Err("0-RTT was not accepted once and refused on replay".into());
    }

    println!(
        "\n[4] The same client as firmware: an emulated Cortex-M4F (QEMU mps2-an386) over its UART, \
         against wren-server: PSK (psk_ke, psk_dhe_ke), a full handshake keeping the ticket in RAM, \
         then resumption with 0-RTT early data"
    );
    crate::firmware::demo_cm4(root, || crate::install(root))?;

    println!("\n[5] RFC 8448 §3 replayed through Wren's layers");
    run(
        root,
        "cargo",
        &["run", "--quiet", "--example", "rfc8448_demo"],
    )?;
    println!(
        "\nMore: `cargo xtask firmware` runs the same client on an emulated micro:bit (16 KiB of RAM), Cortex-M0+/M4F/M33 and \
         RISC-V boards; `cargo xtask size` and `cargo xtask ram` print what it costs."
    );
    Ok(())
}
