//! `cargo xtask firmware` and `cargo xtask size`: Wren's firmware on emulated boards.
//!
//! `firmware` builds every board (release), then runs every application on every board in
//! QEMU against real host peers on 127.0.0.1 (`openssl s_server -www` and `wren-server --echo`),
//! the board's UART carried to the peer over TCP. The verdict of a run is QEMU's exit status
//! (the firmware's): 0, except for a run that must fail in a given way (application 5, the
//! PSK-only client, against a server with only a certificate; see `Peer::expected`). Ports are chosen at run time, every wait is bounded, every process is
//! killed by its PID. It prints a pass/fail table and fails if any run failed.
//!
//! `size` does the same runs and writes `boards/REPORT.md`: flash, static RAM, peak stack,
//! record buffers, instructions for the handshake and per KiB of application data, and the
//! `core::panicking` / `core::fmt` symbols left in each image. Numbers are reported, never
//! asserted.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::{run, Result};

/// One emulated board.
pub(crate) struct Board {
    /// Short name (also the binaries' prefix).
    pub name: &'static str,
    pub package: &'static str,
    pub target: &'static str,
    /// Core and QEMU machine, for the report.
    pub what: &'static str,
    /// The real part whose budget its `memory.x` uses.
    pub budget: &'static str,
    qemu: &'static str,
    machine: &'static [&'static str],
}

/// Every board. The M0-class build of application 1 runs on mps2-an385 with an STM32G0B1RE
/// budget; the micro:bit (nRF51822, 16 KiB RAM) runs its UART self-test and the applications
/// that fit its RAM (4, 5 and 6); application 1's two 16 KiB record buffers cannot
/// (`cargo xtask microbit-fit` measures by how much; see boards/README.md).
pub(crate) const BOARDS: &[Board] = &[
    Board {
        name: "cm4",
        package: "wren-board-cm4",
        target: "thumbv7em-none-eabihf",
        what: "Cortex-M4F, QEMU mps2-an386",
        budget: "nRF52840: 1 MiB flash, 256 KiB RAM",
        qemu: "qemu-system-arm",
        machine: &["-cpu", "cortex-m4", "-machine", "mps2-an386"],
    },
    Board {
        name: "cm33",
        package: "wren-board-cm33",
        target: "thumbv8m.main-none-eabihf",
        what: "Cortex-M33, QEMU mps2-an505",
        budget: "STM32L552: 512 KiB flash, 256 KiB RAM",
        qemu: "qemu-system-arm",
        machine: &["-cpu", "cortex-m33", "-machine", "mps2-an505"],
    },
    Board {
        name: "cm0",
        package: "wren-board-cm0",
        target: "thumbv6m-none-eabi",
        what: "thumbv6m code, QEMU mps2-an385 (Cortex-M3)",
        budget: "STM32G0B1RE (Cortex-M0+): 512 KiB flash, 144 KiB RAM",
        qemu: "qemu-system-arm",
        machine: &["-machine", "mps2-an385"],
    },
    Board {
        name: "microbit",
        package: "wren-board-microbit",
        target: "thumbv6m-none-eabi",
        what: "BBC micro:bit, nRF51822 (Cortex-M0), QEMU microbit",
        budget: "nRF51822: 256 KiB flash, 16 KiB RAM",
        qemu: "qemu-system-arm",
        machine: &["-machine", "microbit"],
    },
    Board {
        name: "rv32",
        package: "wren-board-rv32",
        target: "riscv32imac-unknown-none-elf",
        what: "RV32IMAC, QEMU virt",
        budget: "ESP32-C6: 1 MiB flash, 512 KiB RAM",
        qemu: "qemu-system-riscv32",
        machine: &["-machine", "virt", "-bios", "none"],
    },
];

/// One application: its number, binary suffix and the peers it runs against.
pub(crate) struct App {
    pub number: u32,
    pub what: &'static str,
    bin: &'static str,
    peers: &'static [Peer],
    /// Boards it runs on (not every application runs on every board).
    boards: &'static [&'static str],
    /// How the binary is built: with the board crate's default features, or on its own.
    build: Build,
}

/// How an application's binary is built. Cargo features are additive, so a binary that must
/// not link something is built on its own, with `required-features` on its `[[bin]]` keeping
/// it out of the board's default build.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Build {
    /// In the board's default build (`certificates` on).
    Default,
    /// On its own with `--features server`: only this image links the server role.
    Server,
    /// On its own with `--no-default-features --features psk-only`: no `certificates`, so the
    /// image links no X.509, signature or key-exchange code (application 5).
    PskOnly,
}

impl Build {
    /// The cargo arguments of a binary built on its own; `None` for the default build.
    fn features(self) -> Option<&'static [&'static str]> {
        match self {
            Build::Default => None,
            Build::Server => Some(&["--features", "server"]),
            Build::PskOnly => Some(&["--no-default-features", "--features", "psk-only"]),
        }
    }
}

/// Applications 2-6 (PSK/0-RTT client, server on the board, small records, PSK-only client, 1 KiB
/// records) add rows here and a binary per board. Application 0 is a board self-test without
/// TLS (the micro:bit's link).
pub(crate) const APPS: &[App] = &[
    App {
        number: 0,
        what: "board self-test, no TLS: the UART link (greeting, 4 KiB to the board and back, a \
               verdict byte) and the rate of the board's clock (a timed loop of known instruction \
               count)",
        bin: "uart",
        peers: &[Peer::UartSelfTest],
        boards: &["microbit"],
        build: Build::Default,
    },
    App {
        number: 1,
        what: "verifying client: x25519, ECDSA P-256 chain of two, ChaCha20-Poly1305",
        bin: "client",
        peers: &[Peer::OpensslWww, Peer::WrenEcho],
        boards: &["cm4", "cm33", "cm0", "rv32"],
        build: Build::Default,
    },
    App {
        number: 2,
        what: "PSK client: external PSK with psk_ke, then psk_dhe_ke (x25519); a full handshake \
               keeping the ticket in RAM, then resumption with 0-RTT early data (must be \
               accepted); four TCP connections through the host relay",
        bin: "psk",
        peers: &[Peer::WrenPskRelay],
        boards: &["cm4", "rv32"],
        build: Build::Default,
    },
    App {
        number: 3,
        what: "TLS 1.3 server on the board (QEMU listening): a P-256 chain (leaf-p256 + int-ca, \
               key in Wren), then an external PSK with psk_dhe_ke; two `openssl s_client` \
               connections in sequence over the UART, each echoing one line",
        bin: "server",
        peers: &[Peer::OpensslClient],
        boards: &["cm4", "rv32"],
        build: Build::Server,
    },
    App {
        number: 4,
        what: "application 1's client with 512-byte records (max_fragment_length 512 and \
               record_size_limit 513) in the smallest buffers that complete it: RX 1 556 (one \
               512-byte record, 534, and the reassembly area for the server's 1 022-byte \
               Certificate message) and TX 558 (one 512-byte record and the 24-byte alert \
               reserve; a client sends no large flight)",
        bin: "small",
        peers: &[Peer::OpensslWww, Peer::WrenEchoSmall],
        boards: &["cm4", "rv32", "microbit"],
        build: Build::Default,
    },
    App {
        number: 5,
        what: "PSK-only client, built without certificate support (`--no-default-features`: \
               wren-tls with `client` and `chacha20` only): external PSK with psk_ke, \
               ChaCha20-Poly1305, max_fragment_length 512 and record_size_limit 513 in the \
               smallest buffers (RX 534, TX 1 024); a request, the answer, close_notify",
        bin: "pskonly",
        peers: &[Peer::OpensslPsk, Peer::WrenPskEcho, Peer::OpensslCertOnly],
        boards: &["cm4", "rv32", "microbit"],
        build: Build::PskOnly,
    },
    App {
        number: 6,
        what: "application 4 with 1 KiB records, the record size of the issue's RAM aim \
               (max_fragment_length 1024 and record_size_limit 1025) in the smallest buffers \
               that complete it: RX 1 162 (one 1 024-byte record, 1 046, and 116 bytes of \
               reassembly: wren-server's flight needs 1 160, openssl's 1 046; 2 bytes for the \
               signature's varying length) and TX 1 070 (one 1 024-byte record and the alert \
               reserve)",
        bin: "small1k",
        peers: &[Peer::OpensslWww, Peer::WrenEchoSmall1k],
        boards: &["cm4", "rv32", "microbit"],
        build: Build::Default,
    },
];

/// A host peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Peer {
    /// `openssl s_server -www`: answers GET with a status page and closes.
    OpensslWww,
    /// `wren-server --echo`: echoes; the firmware then also echoes 4 KiB (data path measured).
    WrenEcho,
    /// `wren-server --echo --accept-max-fragment-length` in the 512-byte preset's buffers.
    WrenEchoSmall,
    /// `wren-server --echo --accept-max-fragment-length` in the 1 KiB preset's buffers.
    WrenEchoSmall1k,
    /// Application 2's four connections through [`relay`]: `wren-server --psk-mode ke`,
    /// `--psk-mode dhe_ke`, then twice one `wren-server --max-early-data 16384 --num-tickets 1`.
    WrenPskRelay,
    /// Application 3: QEMU listens; `openssl s_client` connects twice (see [`run_server`]).
    OpensslClient,
    /// Application 0 (board self-test): a plain TCP peer in xtask, see [`uart_self_test`].
    UartSelfTest,
    /// Application 5: `openssl s_server -www -nocert` with the external PSK, psk_ke allowed.
    OpensslPsk,
    /// Application 5: `wren-server --echo` with the external PSK only, psk_ke, honouring
    /// max_fragment_length, in application 5's buffer sizes.
    WrenPskEcho,
    /// Application 5 against application 1's `openssl s_server -www` (a certificate, no PSK):
    /// the run must fail cleanly (see [`Peer::expected`]).
    OpensslCertOnly,
}

/// Applications 2 and 5's external PSK (public test data: `boards/common/src/app2.rs`, `app5.rs`).
const PSK_IDENTITY: &str = "wren-board";
const PSK_HEX: &str = "7772656e2d626f6172642d70736b2d4e4f542d7365637265742d333262797465";
/// Application 3's external PSK (public test data: `boards/common/src/app3.rs`).
const SERVER_PSK_IDENTITY: &str = "wren-board-server";
const SERVER_PSK_HEX: &str = "7772656e2d626f6172642d7372762d4e4f542d7365637265742d333262797465";

/// Reads one TLS record (header and body) from `from`; `None` at the end of the stream.
fn record(from: &mut impl Read) -> Option<Vec<u8>> {
    let mut rec = vec![0u8; 5];
    from.read_exact(&mut rec).ok()?;
    let len = usize::from(u16::from_be_bytes([rec[3], rec[4]]));
    rec.resize(5 + len, 0);
    from.read_exact(&mut rec[5..]).ok()?;
    Some(rec)
}

/// Carries the board's one UART byte stream to several TCP connections, one per TLS
/// connection, in the order of `ports`. QEMU's `-serial tcp:` is a single socket, so the relay
/// listens for it, reads the client's records, and starts the next upstream connection at a
/// ClientHello that follows encrypted records (type 23) of the current one: a new handshake
/// (a ClientHello after a HelloRetryRequest comes before any encrypted record, so it stays on
/// its connection). Server bytes go back to QEMU as they come. Returns the port QEMU connects
/// to. Threads end when QEMU's socket closes (QEMU is killed by PID at the end of the run).
fn relay(ports: Vec<u16>) -> std::result::Result<u16, String> {
    use std::io::Write as _;
    use std::net::TcpStream;
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("relay bind: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    thread::spawn(move || {
        let deadline = Instant::now() + QEMU_LIMIT;
        let mut qemu = loop {
            match listener.accept() {
                Ok((s, _)) => break s,
                Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
                Err(_) => return,
            }
        };
        let _ = qemu.set_nonblocking(false);
        let _ = qemu.set_read_timeout(Some(QEMU_LIMIT));
        let mut next = ports.into_iter();
        let mut upstream: Option<TcpStream> = None;
        let mut encrypted = false;
        while let Some(rec) = record(&mut qemu) {
            let client_hello = rec[0] == 22 && rec.get(5) == Some(&1);
            if upstream.is_none() || (client_hello && encrypted) {
                if let Some(old) = upstream.take() {
                    let _ = old.shutdown(std::net::Shutdown::Both);
                }
                let Some(p) = next.next() else { return };
                let Ok(up) = TcpStream::connect(("127.0.0.1", p)) else {
                    return;
                };
                let (Ok(mut from), Ok(mut to)) = (up.try_clone(), qemu.try_clone()) else {
                    return;
                };
                thread::spawn(move || {
                    let _ = std::io::copy(&mut from, &mut to);
                });
                upstream = Some(up);
                encrypted = false;
            }
            encrypted |= rec[0] == 23;
            if let Some(up) = upstream.as_mut() {
                if up.write_all(&rec).is_err() {
                    return;
                }
            }
        }
    });
    Ok(port)
}

/// The greeting line of the board self-test (`boards/microbit/src/bin/uart.rs`).
const SELF_TEST_GREETING: &[u8] = b"wren microbit uart self-test\n";
/// Bytes the self-test sends to the board and expects back.
const SELF_TEST_LEN: usize = 4096;

/// Application 0's host peer, on a thread: listens on a port chosen now (returned, for QEMU's
/// `-serial tcp:`), then reads the board's greeting, sends [`SELF_TEST_LEN`] bytes of the
/// pattern `(7i + 3) mod 251`, reads them back and sends the verdict byte `Y` (intact) or `N`.
/// A wrong greeting closes the socket (the board then waits until QEMU's time limit). Every
/// socket wait is bounded by [`QEMU_LIMIT`].
fn uart_self_test() -> std::result::Result<u16, String> {
    use std::io::Write as _;
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    thread::spawn(move || {
        let deadline = Instant::now() + QEMU_LIMIT;
        let mut board = loop {
            match listener.accept() {
                Ok((s, _)) => break s,
                Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
                Err(_) => return,
            }
        };
        let _ = board.set_nonblocking(false);
        let _ = board.set_read_timeout(Some(QEMU_LIMIT));
        let mut greeting = vec![0u8; SELF_TEST_GREETING.len()];
        if board.read_exact(&mut greeting).is_err() || greeting != SELF_TEST_GREETING {
            return;
        }
        let pattern: Vec<u8> = (0..SELF_TEST_LEN)
            .map(|i| ((i * 7 + 3) % 251) as u8)
            .collect();
        if board.write_all(&pattern).is_err() {
            return;
        }
        let mut back = vec![0u8; SELF_TEST_LEN];
        let verdict: &[u8] = match board.read_exact(&mut back) {
            Ok(()) if back == pattern => b"Y",
            _ => b"N",
        };
        let _ = board.write_all(verdict);
        // Hold the socket until the board has read the verdict and QEMU exits.
        let mut rest = [0u8; 64];
        while matches!(board.read(&mut rest), Ok(n) if n > 0) {}
    });
    Ok(port)
}

impl Peer {
    fn name(self) -> &'static str {
        match self {
            Peer::OpensslWww => "openssl s_server -www",
            Peer::OpensslCertOnly => {
                "openssl s_server -www with a certificate and no PSK (must refuse: exit 6, \
                 alert 109 missing_extension)"
            }
            Peer::WrenEcho => "wren-server --echo",
            Peer::WrenEchoSmall => {
                "wren-server --echo --accept-max-fragment-length --rx-buffer 4630 --tx-buffer 4302"
            }
            Peer::WrenEchoSmall1k => {
                "wren-server --echo --accept-max-fragment-length --rx-buffer 5142 --tx-buffer 4214"
            }
            Peer::WrenPskRelay => {
                "relay: wren-server --psk-mode ke; --psk-mode dhe_ke; --max-early-data 16384 \
                 --num-tickets 1 (twice)"
            }
            Peer::OpensslClient => {
                "openssl s_client -tls1_3 -CAfile root-ca.pem -verify_return_error; then -psk"
            }
            Peer::UartSelfTest => "xtask TCP peer: greeting, 4 KiB each way, verdict byte",
            Peer::OpensslPsk => {
                "openssl s_server -www -nocert -psk -psk_identity -allow_no_dhe_kex"
            }
            Peer::WrenPskEcho => {
                "wren-server --echo --psk --psk-identity --psk-mode ke \
                 --accept-max-fragment-length --rx-buffer 534 --tx-buffer 1024"
            }
        }
    }
}

impl Peer {
    /// The run's expected exit status, and a line its console output must contain: 0 (and
    /// nothing) for every peer but [`Peer::OpensslCertOnly`]. That server accepts none of the
    /// PSK-only client's PSKs and, as RFC 8446 §4.2.3 requires, does not fall back to a
    /// certificate for a client that sent no signature_algorithms: it aborts with
    /// missing_extension (109), and the client ends with the peer's alert (status 6).
    fn expected(self) -> (i32, Option<&'static str>) {
        match self {
            Peer::OpensslCertOnly => (6, Some("status 6, alert 109")),
            _ => (0, None),
        }
    }
}

const PEER_START: Duration = Duration::from_secs(15);
const QEMU_LIMIT: Duration = Duration::from_secs(90);

/// A child killed by PID (and reaped) when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_relative() { root.join(d) } else { d })
        .unwrap_or_else(|| root.join("target"))
}

fn elf(root: &Path, board: &Board, app: &App) -> PathBuf {
    target_dir(root)
        .join(board.target)
        .join("release")
        .join(format!("{}-{}", board.name, app.bin))
}

/// Builds every board (release) and the host peer `wren-server`.
fn build(root: &Path) -> Result {
    for board in BOARDS {
        run(
            root,
            "cargo",
            &[
                "build",
                "--release",
                "-p",
                board.package,
                "--target",
                board.target,
            ],
        )?;
        // Server and PSK-only binaries on their own, with their features (the other images
        // unchanged).
        for app in APPS.iter().filter(|a| a.boards.contains(&board.name)) {
            let Some(features) = app.build.features() else {
                continue;
            };
            let bin = format!("{}-{}", board.name, app.bin);
            let mut args = vec![
                "build",
                "--release",
                "-p",
                board.package,
                "--target",
                board.target,
                "--bin",
                &bin,
            ];
            args.extend_from_slice(features);
            run(root, "cargo", &args)?;
        }
    }
    run(
        root,
        "cargo",
        &["build", "-p", "wren-tools", "--bin", "wren-server"],
    )
}

fn free_port() -> std::result::Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("local_addr: {e}"))
}

/// Sends each line of `from` into a channel, on a thread, to the end of the stream.
fn lines_of(from: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(from)
            .lines()
            .map_while(std::result::Result::ok)
        {
            if tx.send(line).is_err() {
                // Nobody listens any more; keep draining so the writer never blocks.
                continue;
            }
        }
    });
    rx
}

/// Waits (bounded) for a line containing `needle`; returns it.
fn wait_for(
    rx: &mpsc::Receiver<String>,
    needle: &str,
    log: &mut String,
) -> std::result::Result<String, String> {
    let deadline = Instant::now() + PEER_START;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                log.push_str(&line);
                log.push('\n');
                if line.contains(needle) {
                    return Ok(line);
                }
            }
            Err(_) => return Err(format!("peer did not print {needle:?} in time:\n{log}")),
        }
    }
}

/// Starts `peer` on 127.0.0.1; returns the process (killed on drop) and its port.
fn start_peer(
    root: &Path,
    peer: Peer,
    work: &Path,
) -> std::result::Result<(Vec<Killed>, u16), String> {
    if peer == Peer::UartSelfTest {
        return Ok((Vec::new(), uart_self_test()?));
    }
    if peer == Peer::WrenPskRelay {
        let psk = ["--psk-identity", PSK_IDENTITY, "--psk", PSK_HEX];
        let (ke, p1) = start_wren(root, work, &[&psk[..], &["--psk-mode", "ke"]].concat())?;
        let (dhe, p2) = start_wren(root, work, &[&psk[..], &["--psk-mode", "dhe_ke"]].concat())?;
        let (tickets, p3) = start_wren(
            root,
            work,
            &[
                "--cert-chain",
                "--max-early-data",
                "16384",
                "--num-tickets",
                "1",
                "--naccept",
                "2",
            ],
        )?;
        let port = relay(vec![p1, p2, p3, p3])?;
        return Ok((vec![ke, dhe, tickets], port));
    }
    let (child, port) = start_single(root, peer, work)?;
    Ok((vec![child], port))
}

/// Starts `wren-server --echo` with `extra` arguments (`--cert-chain`: the test chain and key;
/// `--naccept` defaults to 1); returns it and its port.
fn start_wren(
    root: &Path,
    work: &Path,
    extra: &[&str],
) -> std::result::Result<(Killed, u16), String> {
    let pki = root.join("tls-cert/testdata");
    let p = |f: &str| pki.join(f).display().to_string();
    let chain = work.join("chain.pem");
    let mut pem = std::fs::read(p("leaf-p256.pem")).map_err(|e| e.to_string())?;
    pem.extend(std::fs::read(p("int-ca.pem")).map_err(|e| e.to_string())?);
    std::fs::write(&chain, pem).map_err(|e| e.to_string())?;
    let mut args: Vec<String> = ["--accept", "127.0.0.1:0", "--echo"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(["--policy".to_string(), "20251122_chacha20_only".to_string()]);
    if !extra.contains(&"--naccept") {
        args.extend(["--naccept".to_string(), "1".to_string()]);
    }
    for a in extra {
        if *a == "--cert-chain" {
            args.extend(["--cert".to_string(), chain.display().to_string()]);
            args.extend(["--key".to_string(), p("leaf-p256.key.pem")]);
        } else {
            args.push((*a).to_string());
        }
    }
    let bin = target_dir(root).join("debug/wren-server");
    let mut child = Killed(
        Command::new(&bin)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?,
    );
    let err = child.0.stderr.take().ok_or("no stderr")?;
    let mut log = String::new();
    let first = wait_for(&lines_of(err), "listening on", &mut log)?;
    let port = first
        .rsplit(':')
        .next()
        .and_then(|p| p.trim().parse::<u16>().ok())
        .ok_or_else(|| format!("unexpected first line from wren-server: {first}"))?;
    Ok((child, port))
}

fn start_single(
    root: &Path,
    peer: Peer,
    work: &Path,
) -> std::result::Result<(Killed, u16), String> {
    let pki = root.join("tls-cert/testdata");
    let p = |f: &str| pki.join(f).display().to_string();
    let mut log = String::new();
    match peer {
        Peer::OpensslWww | Peer::OpensslCertOnly => {
            let port = free_port()?;
            let mut child = Killed(
                Command::new("openssl")
                    .args(["s_server", "-accept", &format!("127.0.0.1:{port}")])
                    .args([
                        "-cert",
                        &p("leaf-p256.pem"),
                        "-cert_chain",
                        &p("int-ca.pem"),
                    ])
                    .args(["-key", &p("leaf-p256.key.pem"), "-tls1_3"])
                    .args(["-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"])
                    .args(["-groups", "X25519", "-www", "-naccept", "1"])
                    // A pipe we keep open: s_server exits when its stdin closes.
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .map_err(|e| format!("cannot start openssl s_server: {e}"))?,
            );
            let out = child.0.stdout.take().ok_or("no stdout")?;
            wait_for(&lines_of(out), "ACCEPT", &mut log)?;
            Ok((child, port))
        }
        Peer::OpensslPsk => {
            let port = free_port()?;
            let mut child = Killed(
                Command::new("openssl")
                    .args(["s_server", "-accept", &format!("127.0.0.1:{port}")])
                    // No certificate: the PSK authenticates. OpenSSL does psk_ke only when
                    // allowed (SSL_OP_ALLOW_NO_DHE_KEX).
                    .args(["-nocert", "-psk", PSK_HEX, "-psk_identity", PSK_IDENTITY])
                    .args(["-allow_no_dhe_kex", "-tls1_3"])
                    .args(["-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"])
                    .args(["-www", "-naccept", "1"])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .map_err(|e| format!("cannot start openssl s_server: {e}"))?,
            );
            let out = child.0.stdout.take().ok_or("no stdout")?;
            wait_for(&lines_of(out), "ACCEPT", &mut log)?;
            Ok((child, port))
        }
        Peer::WrenPskEcho => start_wren(
            root,
            work,
            &[
                "--psk-identity",
                PSK_IDENTITY,
                "--psk",
                PSK_HEX,
                "--psk-mode",
                "ke",
                "--accept-max-fragment-length",
                "--rx-buffer",
                "534",
                "--tx-buffer",
                "1024",
            ],
        ),
        Peer::WrenPskRelay => Err("the relay is started by start_peer".to_string()),
        Peer::OpensslClient => Err("s_client is started by run_server".to_string()),
        Peer::UartSelfTest => Err("the self-test peer is started by start_peer".to_string()),
        Peer::WrenEcho | Peer::WrenEchoSmall | Peer::WrenEchoSmall1k => {
            // The presets' buffers: `sizes::PRESET_512_FULL`, `sizes::PRESET_1K_FULL`.
            let small: &[&str] = match peer {
                Peer::WrenEchoSmall => &[
                    "--accept-max-fragment-length",
                    "--rx-buffer",
                    "4630",
                    "--tx-buffer",
                    "4302",
                ],
                Peer::WrenEchoSmall1k => &[
                    "--accept-max-fragment-length",
                    "--rx-buffer",
                    "5142",
                    "--tx-buffer",
                    "4214",
                ],
                _ => &[],
            };
            let chain = work.join("chain.pem");
            let mut pem = std::fs::read(p("leaf-p256.pem")).map_err(|e| e.to_string())?;
            pem.extend(std::fs::read(p("int-ca.pem")).map_err(|e| e.to_string())?);
            std::fs::write(&chain, pem).map_err(|e| e.to_string())?;
            let bin = target_dir(root).join("debug/wren-server");
            let mut child = Killed(
                Command::new(&bin)
                    .args(["--accept", "127.0.0.1:0", "--echo", "--naccept", "1"])
                    .args(["--cert", &chain.display().to_string()])
                    .args(["--key", &p("leaf-p256.key.pem")])
                    .args(["--policy", "20251122_chacha20_only"])
                    .args(small)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .map_err(|e| format!("cannot start {}: {e}", bin.display()))?,
            );
            let err = child.0.stderr.take().ok_or("no stderr")?;
            let first = wait_for(&lines_of(err), "listening on", &mut log)?;
            let port = first
                .rsplit(':')
                .next()
                .and_then(|p| p.trim().parse::<u16>().ok())
                .ok_or_else(|| format!("unexpected first line from wren-server: {first}"))?;
            Ok((child, port))
        }
    }
}

/// The outcome of one firmware run.
pub(crate) struct Outcome {
    pub board: &'static str,
    pub app: u32,
    pub peer: Peer,
    /// QEMU's exit status; `None` if it was killed at the time limit or did not start.
    pub status: Option<i32>,
    pub seconds: f64,
    pub output: String,
    /// `REPORT key=value ...` fields the firmware printed.
    pub report: BTreeMap<String, u64>,
    /// A host-side check that failed (application 3: s_client did not get its line back).
    pub check_failed: Option<String>,
}

impl Outcome {
    fn passed(&self) -> bool {
        let (status, line) = self.peer.expected();
        self.status == Some(status)
            && self.check_failed.is_none()
            && line.is_none_or(|l| self.output.contains(l))
    }

    /// Takes the `REPORT` fields from one line of the firmware's console.
    fn read_report(&mut self, line: &str) {
        if let Some(fields) = line.strip_prefix("REPORT ") {
            for kv in fields.split_whitespace() {
                if let Some((k, v)) = kv.split_once('=') {
                    if let Ok(v) = v.parse() {
                        self.report.insert(k.to_string(), v);
                    }
                }
            }
        }
    }
}

/// Runs `app` on `board` against `peer`, bounded by [`QEMU_LIMIT`].
fn run_one(root: &Path, board: &Board, app: &App, peer: Peer, work: &Path) -> Outcome {
    let start = Instant::now();
    let mut outcome = Outcome {
        board: board.name,
        app: app.number,
        peer,
        status: None,
        seconds: 0.0,
        output: String::new(),
        report: BTreeMap::new(),
        check_failed: None,
    };
    if peer == Peer::OpensslClient {
        run_server(root, board, app, &mut outcome);
        outcome.seconds = start.elapsed().as_secs_f64();
        return outcome;
    }
    let (server, port) = match start_peer(root, peer, work) {
        Ok(s) => s,
        Err(e) => {
            outcome.output = e;
            return outcome;
        }
    };
    let elf = elf(root, board, app);
    let spawned = Command::new(board.qemu)
        .args(board.machine)
        .args(["-display", "none", "-monitor", "none"])
        .args(["-semihosting-config", "enable=on,target=native"])
        .args(["-icount", "shift=0"])
        .args(["-serial", &format!("tcp:127.0.0.1:{port}")])
        .arg("-kernel")
        .arg(&elf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut qemu = match spawned {
        Ok(c) => Killed(c),
        Err(e) => {
            outcome.output = format!("cannot start {}: {e}", board.qemu);
            return outcome;
        }
    };
    // Drain both streams to their end (a reader that stops early can make QEMU hang).
    let out = qemu.0.stdout.take().map(lines_of);
    let err = qemu.0.stderr.take().map(lines_of);
    let deadline = Instant::now() + QEMU_LIMIT;
    loop {
        match qemu.0.try_wait() {
            Ok(Some(status)) => {
                outcome.status = status.code();
                break;
            }
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
            _ => {
                outcome
                    .output
                    .push_str(&format!("TIMEOUT after {QEMU_LIMIT:?}: killed\n"));
                break;
            }
        }
    }
    drop(qemu);
    drop(server);
    for rx in [out, err].into_iter().flatten() {
        while let Ok(line) = rx.recv_timeout(Duration::from_millis(500)) {
            outcome.read_report(&line);
            outcome.output.push_str(&line);
            outcome.output.push('\n');
        }
    }
    outcome.seconds = start.elapsed().as_secs_f64();
    outcome
}

/// The connections of application 3: (what, s_client arguments beyond `-connect`).
fn server_connections(root: &Path) -> [(&'static str, Vec<String>); 2] {
    let ca = root
        .join("tls-cert/testdata/root-ca.pem")
        .display()
        .to_string();
    let common = |extra: &[&str]| -> Vec<String> {
        ["-tls1_3", "-CAfile", &ca, "-servername", "server.wren.test"]
            .iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };
    [
        ("certificate", common(&["-verify_return_error"])),
        (
            "external PSK",
            // With `-psk` the server sends no certificate and s_client asks for none.
            common(&["-psk", SERVER_PSK_HEX, "-psk_identity", SERVER_PSK_IDENTITY]),
        ),
    ]
}

/// Waits (until `deadline`) for a line of `rx` containing `needle`, appending every line to
/// `log` (and the firmware's `REPORT` fields to `outcome`).
fn wait_line(
    rx: &mpsc::Receiver<String>,
    needle: &str,
    deadline: Instant,
    log: &mut String,
    mut report: Option<&mut Outcome>,
) -> bool {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok(line) = rx.recv_timeout(left) else {
            return false;
        };
        if let Some(o) = report.as_deref_mut() {
            o.read_report(&line);
        }
        log.push_str(&line);
        log.push('\n');
        if line.contains(needle) {
            return true;
        }
    }
}

/// Application 3: QEMU listens on a port chosen at run time
/// (`-serial tcp:127.0.0.1:PORT,server=on,wait=off`; its socket server listens again after a
/// client disconnects). For each connection the host waits for the firmware's `READY n` on
/// QEMU's stdout, starts `openssl s_client`, writes one line, waits for it to come back, then
/// closes s_client's stdin (s_client closes; the firmware has sent close_notify). Verdict:
/// QEMU's exit status and the echo checks. The console goes through `-chardev stdio` so that
/// `READY n` is not held in QEMU's stdout buffer. Every wait is bounded; every process is killed by
/// PID when its `Killed` drops.
fn run_server(root: &Path, board: &Board, app: &App, outcome: &mut Outcome) {
    let port = match free_port() {
        Ok(p) => p,
        Err(e) => {
            outcome.output = e;
            return;
        }
    };
    let spawned = Command::new(board.qemu)
        .args(board.machine)
        .args(["-display", "none", "-monitor", "none"])
        // The console through a stdio chardev: QEMU's default semihosting output is buffered
        // until exit when stdout is a pipe, and `READY n` must arrive while the firmware waits.
        .args(["-chardev", "stdio,id=con,signal=off"])
        .args(["-semihosting-config", "enable=on,target=native,chardev=con"])
        .args(["-icount", "shift=0"])
        .args([
            "-serial",
            &format!("tcp:127.0.0.1:{port},server=on,wait=off"),
        ])
        .arg("-kernel")
        .arg(elf(root, board, app))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut qemu = match spawned {
        Ok(c) => Killed(c),
        Err(e) => {
            outcome.output = format!("cannot start {}: {e}", board.qemu);
            return;
        }
    };
    let out = qemu.0.stdout.take().map(lines_of);
    let err = qemu.0.stderr.take().map(lines_of);
    let deadline = Instant::now() + QEMU_LIMIT;
    let mut console = String::new();
    let mut clients = String::new();
    for (i, (what, args)) in server_connections(root).into_iter().enumerate() {
        let n = i + 1;
        let ready = out.as_ref().is_some_and(|rx| {
            let mut log = String::new();
            let ok = wait_line(rx, &format!("READY {n}"), deadline, &mut log, None);
            console.push_str(&log);
            ok
        });
        if !ready {
            outcome.check_failed = Some(format!("no READY {n} from the firmware"));
            break;
        }
        let line = format!("line {n} from openssl s_client ({what})");
        match s_client(port, &args, &line, deadline) {
            Ok(log) => {
                let _ = writeln!(clients, "--- s_client {n} ({what}): line echoed\n{log}");
            }
            Err(log) => {
                let _ = writeln!(clients, "--- s_client {n} ({what}): FAILED\n{log}");
                outcome.check_failed = Some(format!("s_client {n} ({what}): no echo"));
                break;
            }
        }
    }
    loop {
        match qemu.0.try_wait() {
            Ok(Some(status)) => {
                outcome.status = status.code();
                break;
            }
            Ok(None) if Instant::now() < deadline && outcome.check_failed.is_none() => {
                thread::sleep(Duration::from_millis(20))
            }
            _ => {
                console.push_str("TIMEOUT or failed check: QEMU killed\n");
                break;
            }
        }
    }
    drop(qemu);
    for rx in [out, err].into_iter().flatten() {
        while let Ok(line) = rx.recv_timeout(Duration::from_millis(500)) {
            outcome.read_report(&line);
            console.push_str(&line);
            console.push('\n');
        }
    }
    if let Some(why) = &outcome.check_failed {
        let _ = writeln!(console, "CHECK FAILED: {why}");
    }
    outcome.output = format!("{console}{clients}");
}

/// One `openssl s_client` connection to 127.0.0.1:`port`: sends `line`, waits (bounded) for it
/// to come back, closes stdin and waits (bounded) for s_client to end. `Ok`/`Err` carry its
/// output.
fn s_client(
    port: u16,
    args: &[String],
    line: &str,
    deadline: Instant,
) -> std::result::Result<String, String> {
    use std::io::Write as _;
    let mut child = Killed(
        Command::new("openssl")
            .arg("s_client")
            .args(["-connect", &format!("127.0.0.1:{port}")])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start openssl s_client: {e}"))?,
    );
    let out = child.0.stdout.take().map(lines_of);
    let err = child.0.stderr.take().map(lines_of);
    let mut stdin = child.0.stdin.take();
    let mut log = String::new();
    if let Some(w) = stdin.as_mut() {
        let _ = writeln!(w, "{line}");
        let _ = w.flush();
    }
    let echoed = out.as_ref().is_some_and(|rx| {
        let limit = deadline.min(Instant::now() + Duration::from_secs(30));
        wait_line(rx, line, limit, &mut log, None)
    });
    // End of input: s_client closes the connection and exits.
    drop(stdin);
    let end = Instant::now() + Duration::from_secs(10);
    while Instant::now() < end && matches!(child.0.try_wait(), Ok(None)) {
        thread::sleep(Duration::from_millis(20));
    }
    drop(child);
    for rx in [out, err].into_iter().flatten() {
        while let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
            log.push_str(&l);
            log.push('\n');
        }
    }
    if echoed {
        Ok(log)
    } else {
        Err(log)
    }
}

/// Builds, then runs every application on every board against every peer.
fn run_all(root: &Path) -> std::result::Result<Vec<Outcome>, String> {
    build(root)?;
    for qemu in ["qemu-system-arm", "qemu-system-riscv32"] {
        if !crate::have(qemu) {
            return Err(format!(
                "{qemu} not found: apt-get install qemu-system-arm qemu-system-misc \
                 (`cargo xtask ci` installs them)"
            ));
        }
    }
    let work = std::env::temp_dir().join(format!("wren-firmware-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let mut outcomes = Vec::new();
    for app in APPS {
        for board in BOARDS.iter().filter(|b| app.boards.contains(&b.name)) {
            for &peer in app.peers {
                eprintln!(
                    "==> app {} on {} against {}",
                    app.number,
                    board.name,
                    peer.name()
                );
                let o = run_one(root, board, app, peer, &work);
                if !o.passed() {
                    eprintln!("{}", o.output);
                }
                outcomes.push(o);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(outcomes)
}

fn table(outcomes: &[Outcome]) -> String {
    let mut t = String::from(
        "| app | board | peer | verdict | QEMU status | seconds |\n|---|---|---|---|---|---|\n",
    );
    for o in outcomes {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {:.1} |",
            o.app,
            o.board,
            o.peer.name(),
            if o.passed() { "pass" } else { "FAIL" },
            o.status
                .map_or_else(|| "killed (timeout)".to_string(), |s| s.to_string()),
            o.seconds
        );
    }
    t
}

fn verdict(outcomes: &[Outcome]) -> Result {
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!(
            "{failed} of {} firmware runs failed",
            outcomes.len()
        ))
    }
}

/// `cargo xtask firmware`.
pub fn firmware(root: &Path) -> Result {
    let start = Instant::now();
    let outcomes = run_all(root)?;
    println!("\n{}", table(&outcomes));
    println!("firmware: {:.0}s", start.elapsed().as_secs_f64());
    verdict(&outcomes)
}

/// `cargo xtask size`.
pub fn size(root: &Path) -> Result {
    let outcomes = run_all(root)?;
    let (fit, _) = microbit_fit_table(root)?;
    write_report(root, &outcomes, &fit)?;
    verdict(&outcomes)
}

/// What CI runs: the firmware runs once, their table, and the report from the same runs.
pub fn ci_stage(root: &Path) -> Result {
    let start = Instant::now();
    let outcomes = run_all(root)?;
    println!("\n{}", table(&outcomes));
    let (fit, _) = microbit_fit_table(root)?;
    write_report(root, &outcomes, &fit)?;
    eprintln!(
        "    (firmware stage: {:.0}s)",
        start.elapsed().as_secs_f64()
    );
    verdict(&outcomes)
}

/// The micro:bit with 128 KiB of RAM instead of 16 KiB: QEMU's nRF51 `sram-size` property, for
/// images linked with the board crate's `measure-ram` feature (`memory-measure.x`).
/// Measurement only (`cargo xtask microbit-fit`), never in [`BOARDS`].
const MICROBIT_MEASURE: Board = Board {
    name: "microbit",
    package: "wren-board-microbit",
    target: "thumbv6m-none-eabi",
    what: "BBC micro:bit, nRF51822 (Cortex-M0), QEMU microbit with 128 KiB of RAM (measurement)",
    budget: "nRF51822: 256 KiB flash, 16 KiB RAM",
    qemu: "qemu-system-arm",
    machine: &[
        "-machine",
        "microbit",
        "-global",
        "nrf51-soc.sram-size=131072",
    ],
};

/// The micro:bit's RAM (memory.x).
const MICROBIT_RAM: u64 = 16 * 1024;

/// Builds one micro:bit binary with `features`; returns whether it linked and the linker's
/// `overflowed by` / `RAM:` lines.
fn microbit_link(
    root: &Path,
    bin: &str,
    features: &str,
) -> std::result::Result<(bool, Vec<String>), String> {
    let args = [
        "build",
        "--release",
        "-p",
        MICROBIT_MEASURE.package,
        "--target",
        MICROBIT_MEASURE.target,
        "--features",
        features,
        "--bin",
        bin,
    ];
    eprintln!("\n==> cargo {}", args.join(" "));
    let out = Command::new("cargo")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    let text = String::from_utf8_lossy(&out.stderr);
    // The first overflow (`.bss`; `.uninit` after it repeats the figure) and the usage line.
    let overflow = text.lines().find(|l| l.contains("overflowed by"));
    let usage = text.lines().find(|l| l.trim_start().starts_with("RAM:"));
    let lines: Vec<String> = overflow
        .into_iter()
        .chain(usage)
        .map(|l| {
            l.trim_start_matches(['=', ' '])
                .trim_start_matches("note: ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    if !out.status.success() && lines.is_empty() {
        return Err(format!("cargo {} failed:\n{text}", args.join(" ")));
    }
    Ok((out.status.success(), lines))
}

/// `cargo xtask microbit-fit`: for application 1 on the micro:bit (the applications that fit,
/// 0 and 4-6, are regular runs of `cargo xtask firmware`), (1) the link against the real budget
/// (16 KiB of RAM): the linker's overflow, or, if the statics fit, a run in QEMU's 16 KiB
/// against `openssl s_server -www`; (2) a measurement-only link with 128 KiB of RAM
/// (`measure-ram`), run against `openssl s_server -www` in QEMU's `microbit` with 128 KiB:
/// static RAM, peak stack, and what both need beyond 16 KiB. Prints a table; fails only if a
/// measurement run fails.
pub fn microbit_fit(root: &Path) -> Result {
    let (table, failed) = microbit_fit_table(root)?;
    println!("\n{table}");
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("measurement runs failed: {}", failed.join(", ")))
    }
}

/// [`microbit_fit`]'s measurements as a Markdown section, and the applications whose
/// measurement run failed (also marked in the table). `cargo xtask size` puts the section in
/// boards/REPORT.md without failing on those runs: the image is known not to fit.
fn microbit_fit_table(root: &Path) -> std::result::Result<(String, Vec<String>), String> {
    let work = std::env::temp_dir().join(format!("wren-microbit-fit-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let real = BOARDS
        .iter()
        .find(|b| b.name == "microbit")
        .ok_or("no microbit board")?;
    let mut rows = String::new();
    let mut failed = Vec::new();
    for app in APPS.iter().filter(|a| a.number == 1) {
        let bin = format!("microbit-{}", app.bin);
        let (linked, lines) = microbit_link(root, &bin, "oversize")?;
        let at_16k = if linked {
            let o = run_one(root, real, app, Peer::OpensslWww, &work);
            let last = o
                .output
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .to_string();
            format!(
                "links; {} in QEMU's 16 KiB: status {} ({last})",
                if o.passed() { "passes" } else { "fails" },
                o.status.map_or("none".to_string(), |s| s.to_string())
            )
        } else {
            format!("does not link: {}", lines.join("; "))
        };
        microbit_link(root, &bin, "oversize,measure-ram")?;
        let s = sizes(&elf(root, &MICROBIT_MEASURE, app))?;
        let o = run_one(root, &MICROBIT_MEASURE, app, Peer::OpensslWww, &work);
        let measured = if o.passed() {
            "pass".to_string()
        } else {
            eprintln!("{}", o.output);
            failed.push(format!("app {}", app.number));
            format!(
                "FAIL (status {})",
                o.status.map_or("none".to_string(), |s| s.to_string())
            )
        };
        let get = |k: &str| o.report.get(k).copied();
        let peak = ["stack_init", "stack_handshake", "stack_data"]
            .iter()
            .filter_map(|k| get(k))
            .max();
        let need = peak.map(|p| s.ram + p);
        let _ = writeln!(
            rows,
            "| {} | {} | {} | {} | {} / {} / {} | {} | {} | {} |",
            app.number,
            at_16k,
            measured,
            group(s.ram),
            get("stack_init").map_or("-".to_string(), group),
            get("stack_handshake").map_or("-".to_string(), group),
            get("stack_data").map_or("-".to_string(), group),
            need.map_or("-".to_string(), group),
            need.map_or("-".to_string(), |n| group(n.saturating_sub(MICROBIT_RAM))),
            get("hs_insns").map_or("-".to_string(), millions),
        );
    }
    let _ = std::fs::remove_dir_all(&work);
    let table = format!(
        "## micro:bit: what does not fit its 16 KiB of RAM (`cargo xtask microbit-fit`)\n\n\
         The nRF51822 has 16 384 B of RAM. Application 1 (two 16 709-byte record buffers) on \
         the micro:bit, built with the board crate's `oversize` feature: linked against the \
         real budget (the linker's verdict), then linked for measurement only (`--features oversize,measure-ram`: 128 KiB of RAM) \
         and run in `qemu-system-arm -machine microbit -global nrf51-soc.sram-size=131072` \
         against `openssl s_server -www`. Static RAM = `.data` + `.bss`; peak stack from the \
         painted stack.\n\n\
         | app | real budget (16 KiB) | run with 128 KiB | static RAM | peak stack: setup / \
         handshake / data | static + peak stack | over 16 KiB by | handshake instructions \
         |\n|---|---|---|---|---|---|---|---|\n{rows}"
    );
    Ok((table, failed))
}

/// An LLVM binary tool: from PATH (Debian's `llvm` package), else rustup's `llvm-tools`.
pub(crate) fn llvm_tool(name: &str) -> std::result::Result<PathBuf, String> {
    if crate::have(name) {
        return Ok(PathBuf::from(name));
    }
    if let Ok(out) = Command::new("rustc").args(["--print", "sysroot"]).output() {
        let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let lib = Path::new(&sysroot).join("lib/rustlib");
        if let Ok(dirs) = std::fs::read_dir(&lib) {
            for d in dirs.flatten() {
                let p = d.path().join("bin").join(name);
                if p.exists() {
                    return Ok(p);
                }
            }
        }
    }
    Err(format!(
        "{name} not found: apt-get install llvm (or rustup component add llvm-tools)"
    ))
}

/// Static sizes of one image, from `llvm-size -A`.
#[derive(Default)]
struct Sizes {
    flash: u64,
    ram: u64,
    sections: Vec<(String, u64)>,
}

/// Flash of one image (as in the report's tables), for [`crate::features`].
pub(crate) fn flash_of(elf: &Path) -> std::result::Result<u64, String> {
    sizes(elf).map(|s| s.flash)
}

fn sizes(elf: &Path) -> std::result::Result<Sizes, String> {
    let out = Command::new(llvm_tool("llvm-size")?)
        .arg("-A")
        .arg(elf)
        .output()
        .map_err(|e| format!("llvm-size: {e}"))?;
    let mut s = Sizes::default();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut f = line.split_whitespace();
        let (Some(name), Some(size)) = (f.next(), f.next().and_then(|v| v.parse::<u64>().ok()))
        else {
            continue;
        };
        let flash = matches!(name, ".vector_table" | ".text" | ".rodata" | ".data")
            || name.starts_with(".init")
            || name.starts_with(".trap");
        let ram = matches!(name, ".data" | ".bss" | ".uninit");
        if flash {
            s.flash += size;
        }
        if ram {
            s.ram += size;
        }
        if (flash || ram) && size > 0 {
            s.sections.push((name.to_string(), size));
        }
    }
    Ok(s)
}

/// `core::panicking` and `core::fmt` symbols left in an image (demangled, hash dropped).
fn panic_symbols(elf: &Path) -> std::result::Result<Vec<String>, String> {
    let out = Command::new(llvm_tool("llvm-nm")?)
        .args(["--demangle", "--defined-only"])
        .arg(elf)
        .output()
        .map_err(|e| format!("llvm-nm: {e}"))?;
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.splitn(3, ' ').nth(2))
        .filter(|n| n.contains("core::panicking") || n.contains("core::fmt"))
        .map(|n| match n.rfind("::h") {
            Some(i) if n.len() - i == 19 => n[..i].to_string(),
            _ => n.to_string(),
        })
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// The images whose largest stack frames the report lists: the Cortex-M4F builds of
/// applications 1, 3 and 4, as `(application, file name, path)`.
pub(crate) fn frame_images(root: &Path) -> Vec<(u32, String, PathBuf)> {
    let Some(board) = BOARDS.iter().find(|b| b.name == "cm4") else {
        return Vec::new();
    };
    APPS.iter()
        .filter(|a| matches!(a.number, 1 | 3 | 4) && a.boards.contains(&board.name))
        .map(|a| {
            (
                a.number,
                format!("{}-{}", board.name, a.bin),
                elf(root, board, a),
            )
        })
        .collect()
}

fn kib(bytes: u64) -> String {
    format!("{} ({:.1} KiB)", group(bytes), bytes as f64 / 1024.0)
}

pub(crate) fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn millions(n: u64) -> String {
    format!("{:.2} M", n as f64 / 1e6)
}

/// Writes boards/REPORT.md from `outcomes`; `fit` is [`microbit_fit_table`]'s section.
fn write_report(root: &Path, outcomes: &[Outcome], fit: &str) -> Result {
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let qemu = Command::new("qemu-system-arm")
        .arg("--version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    let mut r = String::new();
    let _ = writeln!(
        r,
        "# Wren firmware report\n\n\
         Generated by `cargo xtask size` (and by `cargo xtask ci`); do not edit. Numbers are \
         measured and reported, never asserted. {rustc}; {qemu}.\n\n\
         - **flash** = `.vector_table` + `.text` + `.rodata` + `.data` (`llvm-size -A`); \
         **static RAM** = `.data` + `.bss` (+ `.uninit`). Each `memory.x` holds a real part's \
         budget, so the linker refuses an image that would not fit it.\n\
         - **peak stack** (painted stack, scanned for the lowest changed word): during setup \
         (`Connection::new_client` and `TlsStream::with_clock` move ~37 KiB values), during the \
         handshake, during the data phase; from the top of the stack.\n\
         - **instructions**: QEMU `-icount shift=0`, so 1 instruction = 1 ns of virtual time. \
         RISC-V reads `minstret`; Arm reads SysTick (core clock, wraps counted): 1 count = 40 \
         instructions at 25 MHz (an385, an386), 50 at 20 MHz (an505). Busy-waits on the UART \
         are subtracted. QEMU counts instructions, not cycles. The data phase's count includes \
         the pump's work per UART read, which depends on how the bytes arrive, so it varies \
         between runs more than the handshake does.\n\
         - **per KiB**: data-phase instructions / (bytes sent + received) x 1024. Against \
         `openssl s_server -www`: an 18-byte request and a ~4 KiB page. Against \
         `wren-server --echo`: the request and 4 KiB echoed in 1 KiB chunks (application 5: \
         the request only).\n\
         - Measurement builds: fixed-seed `TestRng` (NOT for production), fixed unix time.\n"
    );
    for app in APPS {
        let _ = writeln!(
            r,
            "- Application {}: {}; on {}; peers: {}.",
            app.number,
            app.what,
            app.boards.join(", "),
            app.peers
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{} `{}`", i + 1, p.name()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(r, "\n## Sizes and costs\n");
    let _ = writeln!(
        r,
        "| app | board | budget (memory.x) | flash | static RAM | record buffers RX / TX | \
         peak stack: setup / handshake / data | static RAM + peak stack | handshake \
         instructions (peer 1 / peer 2) | instructions per KiB of app data (peer 1 / peer 2) \
         |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    let mut symbols = String::new();
    let mut microbit = String::new();
    for app in APPS {
        for board in BOARDS.iter().filter(|b| app.boards.contains(&b.name)) {
            let elf = elf(root, board, app);
            let s = sizes(&elf)?;
            let runs: Vec<&Outcome> = outcomes
                .iter()
                .filter(|o| o.board == board.name && o.app == app.number)
                .collect();
            // Columns: the application's first peer (openssl) and its second (wren-server).
            let (first, second) = (app.peers.first().copied(), app.peers.get(1).copied());
            let get = |peer: Option<Peer>, key: &str| {
                runs.iter()
                    .find(|o| Some(o.peer) == peer && o.passed())
                    .and_then(|o| o.report.get(key).copied())
            };
            let any = |key: &str| runs.iter().find_map(|o| o.report.get(key).copied());
            let show = |v: Option<u64>, f: fn(u64) -> String| v.map_or("-".to_string(), f);
            let per_kib =
                |peer: Option<Peer>| match (get(peer, "data_insns"), get(peer, "data_bytes")) {
                    (Some(i), Some(b)) if b > 0 => group(i * 1024 / b),
                    _ => "-".to_string(),
                };
            let max = |key: &str| runs.iter().filter_map(|o| o.report.get(key)).max().copied();
            let peak = ["stack_init", "stack_handshake", "stack_data"]
                .iter()
                .filter_map(|k| max(k))
                .max();
            let region = max("stack_region");
            // The micro:bit's TLS applications (the self-test reports no stack).
            if board.name == "microbit" && region.is_some() {
                let _ = writeln!(
                    microbit,
                    "| {} | {} | {} | {} | {} | {} |",
                    app.number,
                    group(s.ram),
                    show(region, group),
                    show(peak, group),
                    match (region, peak) {
                        (Some(r), Some(p)) => group(r.saturating_sub(p)),
                        _ => "-".to_string(),
                    },
                    show(peak.map(|p| s.ram + p), group),
                );
            }
            let _ = writeln!(
                r,
                "| {} | {} ({}, `{}`) | {} | {} | {} | {} / {} | {} / {} / {} | {} | {} / {} | {} / {} |",
                app.number,
                board.name,
                board.what,
                board.target,
                board.budget,
                kib(s.flash),
                kib(s.ram),
                show(any("rx"), group),
                show(any("tx"), group),
                show(max("stack_init"), group),
                show(max("stack_handshake"), group),
                show(max("stack_data"), group),
                show(peak.map(|p| s.ram + p), kib),
                show(get(first, "hs_insns"), millions),
                show(get(second, "hs_insns"), millions),
                per_kib(first),
                per_kib(second),
            );
            let syms = panic_symbols(&elf)?;
            let sections: Vec<String> = s
                .sections
                .iter()
                .map(|(n, v)| format!("`{n}` {}", group(*v)))
                .collect();
            let _ = writeln!(
                symbols,
                "- app {} on **{}** (`{}`; {}): {}",
                app.number,
                board.name,
                elf.file_name().and_then(|f| f.to_str()).unwrap_or("?"),
                sections.join(", "),
                if syms.is_empty() {
                    "none".to_string()
                } else {
                    syms.iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            );
        }
    }
    let mut handshakes = String::new();
    for o in outcomes.iter().filter(|o| o.passed()) {
        if let (Some(ke), Some(dhe), Some(full), Some(resumed)) = (
            o.report.get("hs_psk_ke"),
            o.report.get("hs_psk_dhe_ke"),
            o.report.get("hs_full"),
            o.report.get("hs_resumed_0rtt"),
        ) {
            let _ = writeln!(
                handshakes,
                "| {} | {} | {} | {} | {} | {} | {} |",
                o.app,
                o.board,
                millions(*ke),
                millions(*dhe),
                millions(*full),
                millions(*resumed),
                o.report
                    .get("session")
                    .map_or("-".to_string(), |v| group(*v)),
            );
        }
    }
    let mut self_tests = String::new();
    for o in outcomes.iter().filter(|o| o.passed() && o.app == 0) {
        if let (Some(per), Some(bytes), Some(rx), Some(tx)) = (
            o.report.get("insns_per_count_x1000"),
            o.report.get("bytes"),
            o.report.get("rx_insns"),
            o.report.get("tx_insns"),
        ) {
            let _ = writeln!(
                self_tests,
                "| {} | {:.3} | {} | {} | {} |",
                o.board,
                *per as f64 / 1000.0,
                group(*bytes),
                group(*rx),
                group(*tx),
            );
        }
    }
    if !self_tests.is_empty() {
        let _ = writeln!(
            r,
            "\n## Board self-tests (application 0, no TLS)\n\n\
             The board's clock (micro:bit: TIMER0, 16 MHz) measured with a loop of known \
             instruction count; the UART's receive and \
             send of the self-test's bytes in virtual time (instructions under `-icount \
             shift=0`, UART waits included: the receive waits on the host peer, so it depends \
             on the host).\n\n\
             | board | instructions per clock count | bytes each way | receive, instructions \
             | send, instructions |\n|---|---|---|---|---|\n{self_tests}"
        );
    }
    let mut servers = String::new();
    for o in outcomes.iter().filter(|o| o.passed()) {
        if let (Some(cert), Some(psk)) = (
            o.report.get("hs_cert"),
            o.report.get("hs_psk_dhe_ke_server"),
        ) {
            let _ = writeln!(
                servers,
                "| {} | {} | {} | {} | {} |",
                o.app,
                o.board,
                millions(*cert),
                millions(*psk),
                o.report
                    .get("stack_handshake")
                    .map_or("-".to_string(), |v| group(*v)),
            );
        }
    }
    if !servers.is_empty() {
        let _ = writeln!(
            r,
            "\n## Application 3: server handshake instructions (UART waits subtracted)\n\n\
             | app | board | certificate (P-256 chain of two, ECDSA signature, x25519) | \
             external PSK, psk_dhe_ke (x25519) | peak stack, handshakes |\n\
             |---|---|---|---|---|\n{servers}"
        );
    }
    if !handshakes.is_empty() {
        let _ = writeln!(
            r,
            "\n## Application 2: handshake instructions by kind (UART waits subtracted)\n\n\
             | app | board | external PSK, psk_ke | external PSK, psk_dhe_ke (x25519) | full \
             (certificate chain, ticket kept) | resumed from the ticket, 0-RTT accepted | \
             stored session bytes |\n|---|---|---|---|---|---|---|\n{handshakes}"
        );
    }
    if !microbit.is_empty() {
        let _ = writeln!(
            r,
            "\n## micro:bit: the applications in its 16 KiB of RAM\n\n\
             The nRF51822's 16 384 B of RAM (`memory.x`) hold the statics (`.data` + `.bss`, \
             placed by the linker) and, above them, the stack region up to the top of RAM, \
             painted at reset (cortex-m-rt `paint-stack`; the firmware reports its size). \
             Headroom = stack region - the painted stack's measured peak (the largest of \
             setup, handshake and data phase, over the runs): what the stack did not touch. \
             The firmware also checks that the region's lowest word still holds the paint.\n\n\
             | app | static RAM | stack region | peak stack | stack headroom | static + peak \
             stack |\n|---|---|---|---|---|---|\n{microbit}"
        );
    }
    let _ = writeln!(r, "\n{fit}");
    let _ = writeln!(
        r,
        "\n## `core::panicking` / `core::fmt` symbols left in the release images\n\n\
         The release profile aborts on panic and the panic handler prints only a location, so \
         no panic formatting is linked; what remains are the panic entry points the bounds and \
         `unwrap` checks call (`llvm-nm --demangle --defined-only`).\n\n{symbols}"
    );
    let _ = writeln!(r, "{}", crate::frames::section(&frame_images(root))?);
    let _ = writeln!(
        r,
        "\n{}",
        crate::features::section(root, &target_dir(root))?
    );
    let _ = writeln!(
        r,
        "\n## Runs (verdict = QEMU's exit status)\n\n{}",
        table(outcomes)
    );
    let _ = writeln!(
        r,
        "## Commands\n\n```sh\n\
         apt-get install -y --no-install-recommends qemu-system-arm qemu-system-misc openssl llvm\n\
         rustup target add thumbv7em-none-eabihf thumbv8m.main-none-eabihf thumbv6m-none-eabi riscv32imac-unknown-none-elf\n\
         cargo xtask firmware   # build every board, run every application against real peers\n\
         cargo xtask size       # the same runs, then this file\n```\n\n\
         One run, by hand (cm4 against `openssl s_server -www`): `boards/cm4/run-client.sh`. \
         The QEMU command lines:\n"
    );
    for board in BOARDS {
        if board.name == "microbit" {
            let _ = writeln!(
                r,
                "- {}: `{} {} -display none -monitor none -semihosting-config \
                 enable=on,target=native -icount shift=0 -serial tcp:127.0.0.1:PORT -kernel \
                 target/{}/release/{}-uart` (the self-test; QEMU connects to the xtask peer; \
                 application 4: `{}-small`; application 5: `{}-pskonly` built with \
                 `--no-default-features --features psk-only`; application 6: `{}-small1k`). \
                 Application 1 does not fit its 16 KiB of RAM: `cargo xtask microbit-fit` prints \
                 by how much.",
                board.name,
                board.qemu,
                board.machine.join(" "),
                board.target,
                board.name,
                board.name,
                board.name,
                board.name,
            );
            continue;
        }
        let _ = writeln!(
            r,
            "- {}: `{} {} -display none -monitor none -semihosting-config enable=on,target=native \
             -icount shift=0 -serial tcp:127.0.0.1:PORT -kernel target/{}/release/{}-client` \
             (application 2: `{}-psk`, QEMU connected to the xtask relay; application 3: \
             `{}-server` built with `--features server`, QEMU listening: \
             `-serial tcp:127.0.0.1:PORT,server=on,wait=off`; application 4: `{}-small`; \
             application 5: `{}-pskonly` built with `--no-default-features --features psk-only`; \
             application 6: `{}-small1k`)",
            board.name,
            board.qemu,
            board.machine.join(" "),
            board.target,
            board.name,
            board.name,
            board.name,
            board.name,
            board.name,
            board.name
        );
    }
    let path = root.join("boards/REPORT.md");
    std::fs::write(&path, r).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// `cargo xtask demo`'s last step: application 2 on the Cortex-M4F in QEMU against wren-server on
/// the host (PSK handshakes, a ticket kept in RAM, resumption with 0-RTT early data), printing
/// the device's console. Installs QEMU through `install` when it is missing.
pub fn demo_cm4(root: &Path, install: impl FnOnce() -> Result) -> Result {
    if !crate::have("qemu-system-arm") {
        install()?;
    }
    let board = BOARDS
        .iter()
        .find(|b| b.name == "cm4")
        .ok_or("no cm4 board")?;
    let app = APPS
        .iter()
        .find(|a| a.number == 2)
        .ok_or("no application 2")?;
    let bin = format!("{}-{}", board.name, app.bin);
    run(
        root,
        "cargo",
        &[
            "build",
            "--quiet",
            "--release",
            "-p",
            board.package,
            "--target",
            board.target,
            "--bin",
            &bin,
        ],
    )?;
    run(root, "cargo", &["build", "--quiet", "-p", "wren-tools"])?;
    let work = std::env::temp_dir().join(format!("wren-demo-fw-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let outcome = run_one(root, board, app, Peer::WrenPskRelay, &work);
    let _ = std::fs::remove_dir_all(&work);
    for line in outcome.output.lines().filter(|l| !l.trim().is_empty()) {
        println!("    cm4: {line}");
    }
    if outcome.passed() {
        println!(
            "    verdict: QEMU exited 0 after {:.1}s (flash and RAM of every image: boards/REPORT.md)",
            outcome.seconds
        );
        Ok(())
    } else {
        Err(format!(
            "the Cortex-M4F firmware failed: status {:?}",
            outcome.status
        ))
    }
}
