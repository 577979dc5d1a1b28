//! How much RAM a full verified TLS 1.3 handshake needs with Wren, for the client and the
//! server, with 16 KiB, 4 KiB, 1 KiB and 512-byte records: record buffers + `size_of` the
//! connection + the peak stack measured on the host. Prints a Markdown table.
//!
//! Run with `cargo xtask ram` (or `cargo run --release --example ram`). Host figures: a
//! firmware's stack differs with the target and compiler settings (`boards/REPORT.md` has the
//! measured firmware figures), but the buffers and the connection's size carry over.
//!
//! # What is run
//! A client and a server [`ConnectionCore`] over caller slices with the half-duplex buffer
//! presets of [`wren_tls::sizes`] (and the preset's [`wren_tls::config::RecordSize`]
//! configured on both sides), each on its own thread, exchanging records through channels: the
//! full handshake with x25519, an ECDSA P-256 server certificate under one intermediate
//! (leaf-p256 + int-ca, the chain verified up to root-ca, `Verification::Full`), then one small
//! application-data round trip. Both connections live on the heap, so each thread's stack is
//! only the call stack of the verbs.
//!
//! # How the stack is measured (a stack painter in safe Rust)
//! Each role's thread runs with a 1 MiB stack. Before the handshake it finds its stack mapping
//! in `/proc/self/maps` (the one holding the address of a local variable) and, through
//! `/proc/self/mem`, fills the unused part of it (from the mapping's low end to 4 KiB below
//! the current stack pointer, so the `write` call's own frames are not overwritten) with a
//! pattern. After the handshake it reads that region back: the lowest byte that no longer holds
//! the pattern is the deepest the stack went. Peak = (stack pointer at the start) - (that
//! address). A byte written with the pattern's own value at the very bottom would be missed, so
//! the figure may be low by a few bytes; the region 4 KiB below the start is always counted as
//! used (the handshake goes far deeper).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "a measurement program: any failure should stop it loudly"
)]

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread;
use std::time::Duration;

use tls_crypto::RustCrypto;
use tls_handshake::{Identity, Verification};
use wren_tls::sizes::{Preset, PRESET_16K_HALF, PRESET_1K_HALF, PRESET_4K_HALF, PRESET_512_HALF};
use wren_tls::{Blocked, Config, ConnectionCore, ErrorKind, OsRng, Slices};

/// The connection type measured: buffers are the caller's slices (counted separately).
type Core<'a> = ConnectionCore<'a, RustCrypto, Slices<'a>>;

const PATTERN: u8 = 0xA5;
/// Left unpainted below the painter's own frame (the `write` system call runs there).
const MARGIN: usize = 4096;
/// The stack each role's thread gets.
const THREAD_STACK: usize = 1 << 20;
const WAIT: Duration = Duration::from_secs(10);

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tls-cert/testdata")
        .join(name)
}

fn leak(bytes: Vec<u8>) -> &'static [u8] {
    bytes.leak()
}

fn config(preset: Preset, server: bool) -> &'static Config<'static, RustCrypto> {
    let anchor = leak(std::fs::read(testdata("root-ca.der")).expect("root-ca.der"));
    let anchors: &'static [&'static [u8]] = vec![anchor].leak();
    let mut config = Config::new(&RustCrypto, &OsRng, anchors)
        .with_verification(Verification::Full)
        .with_unix_time(|| 1_800_000_000)
        .with_record_size(preset.record);
    if server {
        let chain: &'static [&'static [u8]] = vec![
            leak(std::fs::read(testdata("leaf-p256.der")).expect("leaf")),
            leak(std::fs::read(testdata("int-ca.der")).expect("int-ca")),
        ]
        .leak();
        let signer =
            Box::leak(wren_tools::keys::read_signer(&testdata("leaf-p256.key.pem")).expect("key"));
        config = config.with_identity(Identity { chain, signer });
    }
    Box::leak(Box::new(config))
}

/// Where the current thread's stack is: the `/proc/self/maps` range holding `addr`.
fn stack_mapping(addr: usize) -> (usize, usize) {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("/proc/self/maps");
    for line in maps.lines() {
        let range = line.split_whitespace().next().unwrap_or("");
        if let Some((lo, hi)) = range.split_once('-') {
            let lo = usize::from_str_radix(lo, 16).unwrap_or(0);
            let hi = usize::from_str_radix(hi, 16).unwrap_or(0);
            if lo <= addr && addr < hi {
                return (lo, hi);
            }
        }
    }
    panic!("no mapping holds the stack address {addr:#x}");
}

/// The address of a local of the caller's frame: the stack pointer, near enough.
#[inline(never)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Paints the unused stack below the caller; returns the painted range.
#[inline(never)]
fn paint() -> (usize, usize) {
    let sp = stack_pointer();
    let (lo, _) = stack_mapping(sp);
    let hi = sp - MARGIN;
    let mut mem = OpenOptions::new()
        .write(true)
        .open("/proc/self/mem")
        .expect("open /proc/self/mem for writing");
    mem.seek(SeekFrom::Start(lo as u64)).expect("seek");
    mem.write_all(&vec![PATTERN; hi - lo]).expect("paint");
    (lo, hi)
}

/// The lowest address in the painted range that lost the pattern.
fn deepest((lo, hi): (usize, usize)) -> usize {
    let mut mem = File::open("/proc/self/mem").expect("open /proc/self/mem");
    mem.seek(SeekFrom::Start(lo as u64)).expect("seek");
    let mut bytes = vec![0u8; hi - lo];
    mem.read_exact(&mut bytes).expect("read stack");
    bytes
        .iter()
        .position(|&b| b != PATTERN)
        .map_or(hi, |i| lo + i)
}

/// Moves records: everything pending goes to the peer; what the peer sent comes in.
struct Wire {
    to_peer: Sender<Vec<u8>>,
    from_peer: Receiver<Vec<u8>>,
    inbox: Vec<u8>,
}

impl Wire {
    fn flush(&mut self, conn: &mut Core<'_>) {
        let pending = conn.tx_pending().to_vec();
        if !pending.is_empty() {
            let _ = self.to_peer.send(pending.clone());
            conn.tx_ack(pending.len());
        }
    }

    fn fill(&mut self, conn: &mut Core<'_>) {
        if self.inbox.is_empty() {
            self.inbox = self.from_peer.recv_timeout(WAIT).expect("peer silent");
        }
        let space = conn.rx_space();
        let n = space.len().min(self.inbox.len());
        assert!(n > 0, "receive buffer full");
        space[..n].copy_from_slice(&self.inbox[..n]);
        conn.rx_commit(n);
        self.inbox.drain(..n);
    }

    fn drive<T>(
        &mut self,
        conn: &mut Core<'_>,
        mut op: impl FnMut(&mut Core<'_>) -> Result<T, wren_tls::Error>,
    ) -> T {
        loop {
            match op(conn) {
                Ok(v) => {
                    self.flush(conn);
                    return v;
                }
                Err(e) => match e.kind() {
                    ErrorKind::Blocked(Blocked::OnWrite) => self.flush(conn),
                    ErrorKind::Blocked(Blocked::OnRead) => {
                        self.flush(conn);
                        self.fill(conn);
                    }
                    _ => panic!("{} ({})", e.name(), e.description()),
                },
            }
        }
    }
}

/// One role's run: the handshake and a small round trip, on a painted stack. Returns the peak
/// stack in bytes.
#[inline(never)]
fn run_role(preset: Preset, server: bool, mut wire: Wire) -> usize {
    let config = config(preset, server);
    let mut rx = vec![0u8; preset.rx];
    let mut tx = vec![0u8; preset.tx];
    let start = stack_pointer();
    let painted = paint();
    let mut conn = Box::new(if server {
        Core::new_server(config, &mut rx, &mut tx).expect("server")
    } else {
        Core::new_client(config, Some("server.wren.test"), &mut rx, &mut tx).expect("client")
    });
    wire.drive(&mut conn, |c| c.negotiate(1));
    let mut buf = [0u8; 64];
    if server {
        let n = wire.drive(&mut conn, |c| c.recv(&mut buf, 2));
        let echo = buf[..n].to_vec();
        wire.drive(&mut conn, |c| c.send(&echo, 3));
    } else {
        wire.drive(&mut conn, |c| c.send(b"ping", 2));
        let n = wire.drive(&mut conn, |c| c.recv(&mut buf, 3));
        assert_eq!(&buf[..n], b"ping");
    }
    drop(conn);
    start - deepest(painted)
}

/// The painter's own check: a function whose frame holds a 20 000-byte array.
#[inline(never)]
fn known_frame() -> u8 {
    let frame = std::hint::black_box([7u8; 20_000]);
    frame[19_999]
}

fn painter_check() -> usize {
    thread::Builder::new()
        .stack_size(THREAD_STACK)
        .spawn(|| {
            let start = stack_pointer();
            let painted = paint();
            assert_eq!(known_frame(), 7);
            start - deepest(painted)
        })
        .expect("spawn")
        .join()
        .expect("painter check")
}

/// Peak stacks of the client and the server for one preset.
fn measure(preset: Preset) -> (usize, usize) {
    let (c_tx, s_rx) = channel();
    let (s_tx, c_rx) = channel();
    let spawn = |server: bool, wire: Wire| {
        thread::Builder::new()
            .stack_size(THREAD_STACK)
            .spawn(move || run_role(preset, server, wire))
            .expect("spawn")
    };
    let client = spawn(
        false,
        Wire {
            to_peer: c_tx,
            from_peer: c_rx,
            inbox: Vec::new(),
        },
    );
    let server = spawn(
        true,
        Wire {
            to_peer: s_tx,
            from_peer: s_rx,
            inbox: Vec::new(),
        },
    );
    (
        client.join().expect("client"),
        server.join().expect("server"),
    )
}

/// What the connection holds besides the buffers: `size_of` its public parts (host).
fn parts() {
    use std::mem::size_of;
    use tls_crypto::CryptoProvider;
    use wren_tls::handshake as hs;
    type H = <RustCrypto as CryptoProvider>::Hash;
    println!("| Part (host, x86-64) | `size_of` |");
    println!("|---|---:|");
    for (name, size) in [
        (
            "ConnectionCore<RustCrypto, Slices>",
            size_of::<Core<'static>>(),
        ),
        (
            "ClientHandshake (state + negotiated values)",
            size_of::<hs::ClientHandshake<'static, RustCrypto>>(),
        ),
        (
            "ServerHandshake",
            size_of::<hs::ServerHandshake<'static, RustCrypto>>(),
        ),
        (
            "Negotiated (in each handshake)",
            size_of::<hs::Negotiated>(),
        ),
        (
            "Transcript (one running hash)",
            size_of::<hs::Transcript<H>>(),
        ),
        (
            "TranscriptStart (every hash, before the suite is known)",
            size_of::<hs::TranscriptStart<H>>(),
        ),
        (
            "Session (decoded; not kept by a connection)",
            size_of::<wren_tls::psk::Session>(),
        ),
    ] {
        println!("| {name} | {size} |");
    }
}

fn main() {
    let conn = std::mem::size_of::<Core<'static>>();
    println!("| Records | Role | rx | tx | `size_of` connection | Peak stack (host) | Total |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (name, preset) in [
        ("16 KiB", PRESET_16K_HALF),
        ("4 KiB", PRESET_4K_HALF),
        ("1 KiB", PRESET_1K_HALF),
        ("512 B", PRESET_512_HALF),
    ] {
        // The peak varies a little from run to run (allocator, thread start): take the largest.
        let mut peaks = (0, 0);
        for _ in 0..3 {
            let (c, s) = measure(preset);
            peaks = (peaks.0.max(c), peaks.1.max(s));
        }
        for (role, peak) in [("client", peaks.0), ("server", peaks.1)] {
            let total = preset.rx + preset.tx + conn + peak;
            println!(
                "| {name} | {role} | {} | {} | {conn} | {peak} | {total} |",
                preset.rx, preset.tx
            );
        }
    }
    println!();
    parts();
    println!();
    println!(
        "Painter check: a function with a 20 000-byte frame measures {} bytes.",
        painter_check()
    );
    println!();
    println!(
        "Half-duplex presets of `wren_tls::sizes` (rx = one record + 4 KiB handshake \
         reassembly; tx = a 4 KiB handshake flight or one record, + 24-byte alert reserve); \
         `size_of::<ConnectionCore<RustCrypto, Slices>>()` without the buffers; peak stack \
         painted and read back through /proc/self/mem on the host (x86-64, release profile: \
         opt-level z, LTO), full verified handshake (x25519, ECDSA P-256 leaf + intermediate, \
         chain verified) plus one 4-byte round trip. Bytes."
    );
}
