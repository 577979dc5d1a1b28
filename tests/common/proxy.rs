//! A TCP relay on 127.0.0.1 that records every TLS record's header in both directions, so the
//! record-size tests can check what went over the wire between two real peers.
//!
//! The proxy listens on a port chosen by the OS, accepts one connection (within [`TIMEOUT`]),
//! connects to the server's port and relays bytes unchanged both ways on two threads. Each
//! direction's bytes are also framed as TLS records (5-byte header: type, version, length), and
//! each record's type and length is logged in order. Every socket read waits at most a short poll
//! interval and the relay stops at a deadline, so nothing here can hang a test.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::{connect, TIMEOUT};

/// Which way a record went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// From the client to the server.
    ToServer,
    /// From the server to the client.
    ToClient,
}

/// TLS content types (RFC 8446 §5.1).
pub const CHANGE_CIPHER_SPEC: u8 = 20;
/// An alert (in TLS 1.3 only in the clear before the keys are in place).
pub const ALERT: u8 = 21;
/// A handshake record in the clear (the hellos).
pub const HANDSHAKE: u8 = 22;
/// Every protected TLS 1.3 record (the real type is inside).
pub const APPLICATION_DATA: u8 = 23;

/// One record seen on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Its direction.
    pub dir: Dir,
    /// The outer content type.
    pub content_type: u8,
    /// `TLSCiphertext.length` / `TLSPlaintext.length`: the bytes after the 5-byte header.
    pub len: usize,
    /// For a record in the clear: its first content byte (the handshake message type or the
    /// alert level); 0 otherwise.
    pub first: u8,
    /// For a record in the clear: its second content byte (the alert description); 0 otherwise.
    pub second: u8,
    /// For a record in the clear: its content (hellos, alerts); empty otherwise.
    pub clear: Vec<u8>,
}

impl Record {
    /// A protected record (TLS 1.3 `application_data` outer type).
    pub fn protected(&self) -> bool {
        self.content_type == APPLICATION_DATA
    }
}

/// What the proxy changes on the way (a misbehaving peer, for the negative tests).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tamper {
    /// Replace the first protected record to the client after the client's first protected
    /// record (its Finished: so a NewSessionTicket or application data) with a protected
    /// record of this many garbage bytes.
    pub replace_len: Option<usize>,
}

#[derive(Default)]
struct Shared {
    client_protected: AtomicBool,
    tampered: AtomicBool,
}

/// The relay. Dropping it stops it (its threads end within a poll interval).
pub struct RecordProxy {
    port: u16,
    records: Arc<Mutex<Vec<Record>>>,
    stop: Arc<AtomicBool>,
    done: Arc<Mutex<u8>>,
    main: Option<thread::JoinHandle<()>>,
}

const POLL: Duration = Duration::from_millis(20);

impl RecordProxy {
    /// A proxy for one connection to the server on 127.0.0.1:`upstream`; clients connect to
    /// [`RecordProxy::port`].
    pub fn start(upstream: u16) -> RecordProxy {
        Self::start_tampering(upstream, Tamper::default())
    }

    /// Like [`RecordProxy::start`], changing records as `tamper` says.
    pub fn start_tampering(upstream: u16, tamper: Tamper) -> RecordProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local_addr").port();
        let records = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(Mutex::new(0u8));
        let main = {
            let (records, stop, done) =
                (Arc::clone(&records), Arc::clone(&stop), Arc::clone(&done));
            thread::spawn(move || relay(&listener, upstream, tamper, &records, &stop, &done))
        };
        RecordProxy {
            port,
            records,
            stop,
            done,
            main: Some(main),
        }
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The records seen so far, in the order they were completed.
    pub fn records(&self) -> Vec<Record> {
        self.records.lock().expect("records").clone()
    }

    /// Waits until both directions have ended (each side closed its end), at most `timeout`;
    /// then stops the relay and returns every record seen.
    pub fn finish(mut self, timeout: Duration) -> Vec<Record> {
        let deadline = Instant::now() + timeout;
        while *self.done.lock().expect("done") < 2 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        self.stop_now();
        self.records()
    }

    fn stop_now(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(main) = self.main.take() {
            let _ = main.join();
        }
    }
}

impl Drop for RecordProxy {
    fn drop(&mut self) {
        self.stop_now();
    }
}

fn relay(
    listener: &TcpListener,
    upstream: u16,
    tamper: Tamper,
    records: &Arc<Mutex<Vec<Record>>>,
    stop: &Arc<AtomicBool>,
    done: &Arc<Mutex<u8>>,
) {
    listener
        .set_nonblocking(true)
        .expect("nonblocking listener");
    let deadline = Instant::now() + TIMEOUT;
    let client = loop {
        match listener.accept() {
            Ok((stream, _)) => break stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if stop.load(Ordering::SeqCst) || Instant::now() >= deadline {
                    return;
                }
                thread::sleep(Duration::from_millis(5));
            }
            Err(_) => return,
        }
    };
    client.set_nonblocking(false).expect("blocking stream");
    let server = connect(upstream);
    for s in [&client, &server] {
        s.set_read_timeout(Some(POLL)).expect("read timeout");
        s.set_nodelay(true).expect("nodelay");
    }
    let shared = Arc::new(Shared::default());
    let pumps = [
        (Dir::ToServer, &client, &server),
        (Dir::ToClient, &server, &client),
    ]
    .map(|(dir, from, to)| {
        let from = from.try_clone().expect("clone");
        let to = to.try_clone().expect("clone");
        let (records, stop, done) = (Arc::clone(records), Arc::clone(stop), Arc::clone(done));
        let shared = Arc::clone(&shared);
        thread::spawn(move || {
            pump(dir, from, to, tamper, &shared, &records, &stop);
            *done.lock().expect("done") += 1;
        })
    });
    for p in pumps {
        let _ = p.join();
    }
}

/// Copies `from` to `to` until EOF (then half-closes `to`), an error, or `stop`; logs records.
/// Whole records are forwarded as they complete (a trailing partial record waits for the rest).
fn pump(
    dir: Dir,
    mut from: TcpStream,
    mut to: TcpStream,
    tamper: Tamper,
    shared: &Shared,
    records: &Mutex<Vec<Record>>,
    stop: &AtomicBool,
) {
    // The relay as a whole may run at most a few timeouts (a long transfer still fits).
    let deadline = Instant::now() + 3 * TIMEOUT;
    let mut pending: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
        match from.read(&mut buf) {
            Ok(0) => {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
            Ok(n) => {
                pending.extend_from_slice(&buf[..n]);
                let out = frame(dir, &mut pending, tamper, shared, records);
                if to.write_all(&out).is_err() {
                    let _ = from.shutdown(Shutdown::Read);
                    return;
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
        }
    }
}

/// Takes every whole record off the front of `pending`, logs it and returns the bytes to
/// forward (changed as `tamper` says).
fn frame(
    dir: Dir,
    pending: &mut Vec<u8>,
    tamper: Tamper,
    shared: &Shared,
    records: &Mutex<Vec<Record>>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    while pending.len() >= at + 5 {
        let len = usize::from(u16::from_be_bytes([pending[at + 3], pending[at + 4]]));
        if pending.len() < at + 5 + len {
            break;
        }
        let content_type = pending[at];
        let clear = content_type != APPLICATION_DATA;
        if !clear && dir == Dir::ToServer {
            shared.client_protected.store(true, Ordering::SeqCst);
        }
        if let Some(fake) = tamper.replace_len {
            if !clear
                && dir == Dir::ToClient
                && shared.client_protected.load(Ordering::SeqCst)
                && !shared.tampered.swap(true, Ordering::SeqCst)
            {
                let [hi, lo] = u16::try_from(fake).expect("record length").to_be_bytes();
                out.extend_from_slice(&[APPLICATION_DATA, 3, 3, hi, lo]);
                out.extend(std::iter::repeat_n(0x5a, fake));
                records.lock().expect("records").push(Record {
                    dir,
                    content_type,
                    len: fake,
                    first: 0,
                    second: 0,
                    clear: Vec::new(),
                });
                at += 5 + len;
                continue;
            }
        }
        out.extend_from_slice(&pending[at..at + 5 + len]);
        let byte = |i: usize| {
            if clear && len > i {
                pending[at + 5 + i]
            } else {
                0
            }
        };
        records.lock().expect("records").push(Record {
            dir,
            content_type,
            len,
            first: byte(0),
            second: byte(1),
            clear: if clear {
                pending[at + 5..at + 5 + len].to_vec()
            } else {
                Vec::new()
            },
        });
        at += 5 + len;
    }
    pending.drain(..at);
    out
}

/// The records in one direction.
pub fn in_dir(records: &[Record], dir: Dir) -> Vec<Record> {
    records.iter().filter(|r| r.dir == dir).cloned().collect()
}

/// The longest protected record in `dir` (0 if none).
pub fn max_protected(records: &[Record], dir: Dir) -> usize {
    records
        .iter()
        .filter(|r| r.dir == dir && r.protected())
        .map(|r| r.len)
        .max()
        .unwrap_or(0)
}

/// Asserts that every protected record in `dir` (everything after the hellos in TLS 1.3) is at
/// most `max` bytes long after its header, and that there were some; `what` names the case.
pub fn assert_protected_at_most(records: &[Record], dir: Dir, max: usize, what: &str) {
    let protected: Vec<&Record> = records
        .iter()
        .filter(|r| r.dir == dir && r.protected())
        .collect();
    assert!(
        !protected.is_empty(),
        "{what}: no protected records {dir:?}: {records:?}"
    );
    let over: Vec<&&Record> = protected.iter().filter(|r| r.len > max).collect();
    assert!(
        over.is_empty(),
        "{what}: {} protected record(s) {dir:?} longer than {max} bytes: {over:?}\nall: {}",
        over.len(),
        describe(records)
    );
}

/// One line per record, for failure messages.
pub fn describe(records: &[Record]) -> String {
    records
        .iter()
        .map(|r| {
            let arrow = match r.dir {
                Dir::ToServer => "c->s",
                Dir::ToClient => "s->c",
            };
            format!("{arrow} type {} len {}", r.content_type, r.len)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The extensions of the ClientHello (the first record to the server, which must hold the
/// whole ClientHello) as (type, data), in order.
pub fn client_hello_extensions(records: &[Record]) -> Vec<(u16, Vec<u8>)> {
    let hello = records
        .iter()
        .find(|r| r.dir == Dir::ToServer && r.content_type == HANDSHAKE)
        .unwrap_or_else(|| panic!("no ClientHello: {}", describe(records)));
    let b = &hello.clear;
    assert_eq!(b[0], 1, "not a ClientHello");
    let u16_at = |at: usize| usize::from(u16::from_be_bytes([b[at], b[at + 1]]));
    // type 1 + length 3 + version 2 + random 32, then session id, suites, compression.
    let mut at = 4 + 2 + 32;
    at += 1 + usize::from(b[at]);
    at += 2 + u16_at(at);
    at += 1 + usize::from(b[at]);
    let end = at + 2 + u16_at(at);
    at += 2;
    let mut out = Vec::new();
    while at + 4 <= end {
        let len = u16_at(at + 2);
        out.push((
            u16::from_be_bytes([b[at], b[at + 1]]),
            b[at + 4..at + 4 + len].to_vec(),
        ));
        at += 4 + len;
    }
    out
}

/// The record_size_limit the client advertised (its extension's value), if it did.
pub fn client_record_size_limit(records: &[Record]) -> Option<u16> {
    client_hello_extensions(records)
        .into_iter()
        .find(|(t, _)| *t == EXT_RECORD_SIZE_LIMIT)
        .map(|(_, d)| u16::from_be_bytes([d[0], d[1]]))
}

/// The max_fragment_length the client asked for, in bytes (code 1..4 = 512..4096), if it did.
pub fn client_max_fragment_length(records: &[Record]) -> Option<usize> {
    client_hello_extensions(records)
        .into_iter()
        .find(|(t, _)| *t == EXT_MAX_FRAGMENT_LENGTH)
        .map(|(_, d)| 256 << d[0])
}

/// `max_fragment_length` (RFC 6066).
pub const EXT_MAX_FRAGMENT_LENGTH: u16 = 1;
/// `record_size_limit` (RFC 8449).
pub const EXT_RECORD_SIZE_LIMIT: u16 = 28;
