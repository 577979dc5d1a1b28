//! The interop harness shared by `tests/interop_*.rs` and `tests/tools.rs`.
//!
//! Real peers run on 127.0.0.1 only, on ports chosen at run time. Every process is a [`Peer`]
//! that is killed by its PID when dropped (also when a test panics), and every wait here takes a
//! deadline, so no test can hang.
//!
//! # How each peer is made to do what a test needs (all checked by hand with OpenSSL 3.0.19 and
//! GnuTLS 3.7.9, and by the `*_harness_*` tests)
//!
//! | Case | `openssl s_server` / `s_client` | `gnutls-serv` / `gnutls-cli` |
//! |---|---|---|
//! | TLS 1.3 only | `-tls1_3` | `--priority NORMAL:-VERS-ALL:+VERS-TLS1.3` |
//! | one suite | `-ciphersuites TLS_AES_128_GCM_SHA256` (IANA names) | `:-CIPHER-ALL:+AES-128-GCM` (`+AES-256-GCM`, `+CHACHA20-POLY1305`) |
//! | one group | `-groups X25519` / `-groups P-256` | `:-GROUP-ALL:+GROUP-X25519` / `+GROUP-SECP256R1` |
//! | HRR, peer is server | `-groups P-256` while Wren's client shares x25519 first | same with `+GROUP-SECP256R1` only |
//! | HRR, peer is client | `-groups P-256:X25519`: OpenSSL shares only its first group, so a Wren server that only accepts x25519 (`--groups x25519`) asks for a retry | `--single-key-share` plus `+GROUP-SECP256R1:+GROUP-X25519` (without `--single-key-share` GnuTLS shares both) |
//! | HRR evidence | `-msg`: two `ClientHello` lines | `-d 4`: `HELLO RETRY REQUEST` |
//! | KeyUpdate from peer | stdin line `k` (update_not_requested) or `K` (update_requested); not with `-brief`/`-quiet`, which turn commands off; a command swallows the rest of the stdin chunk, so wait for its `>>> … KeyUpdate` before sending data ([`Peer::command`]); OpenSSL sends its *answer* to a requested update only with its next write | client: `--inline-commands` and the stdin line `^rekey1^` (updates both ways; `^rekey^` only ours); the server has no command |
//! | KeyUpdate evidence | `-msg`: `KeyUpdate` lines (`<<<` received, `>>>` sent) | client prints `- Rekey was completed` |
//! | ALPN | `-alpn h2,http/1.1`; prints `ALPN protocol: h2` (client) | `--alpn h2 --alpn http/1.1`; client prints `- Application protocol: h2` |
//! | client auth | server `-Verify 1 -CAfile root-ca.pem -verify_return_error`; client `-cert … -key … -cert_chain int-ca.pem` | server `-r --x509cafile root-ca.pem`; client `--x509certfile chain --x509keyfile key` |
//! | certificate chain | `-cert leaf.pem -cert_chain intermediates.pem` | `--x509certfile leaf+intermediates.pem` |
//! | echo | server `-rev` answers each line reversed (no stdin commands then) | `--echo` |
//! | end | s_server `-naccept 1` exits after one connection; s_client exits at stdin EOF after close_notify | gnutls-serv runs until killed; gnutls-cli sends close_notify at stdin EOF and waits for the peer's |
//! | readiness | s_server prints `ACCEPT` | gnutls-serv prints `listening on IPv4 0.0.0.0 port N...done` |
//!
//! gnutls-serv has no option to choose its address: it listens on every interface, but the tests
//! only ever connect to 127.0.0.1. OpenSSL is told `-accept 127.0.0.1:PORT`.
#![allow(dead_code, reason = "each test binary uses part of the harness")]

pub mod bins;
pub mod proxy;
pub mod tool;
pub mod wren;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// A test PKI file in `tls-cert/testdata/`.
pub fn pki(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tls-cert/testdata")
        .join(name)
}

/// The path as a `String`, for command lines.
pub fn path_arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A server (or client) identity from the test PKI: leaf, key, and the intermediates to send.
#[derive(Clone, Copy, Debug)]
pub struct Leaf {
    /// `testdata/<cert>.pem` (or `.der` when `der` is set).
    pub cert: &'static str,
    /// `testdata/<key>.key.pem`.
    pub key: &'static str,
    /// Intermediates, nearest to the leaf first.
    pub chain: &'static [&'static str],
    /// What the summary lines call the leaf's key.
    pub label: &'static str,
}

/// ECDSA P-256 leaf under one intermediate.
pub const P256: Leaf = Leaf {
    cert: "leaf-p256",
    key: "leaf-p256",
    chain: &["int-ca"],
    label: "p256",
};
/// ECDSA P-256 leaf signed by the root itself: no intermediate.
pub const P256_DIRECT: Leaf = Leaf {
    cert: "leaf-direct",
    key: "leaf-direct",
    chain: &[],
    label: "p256-direct",
};
/// ECDSA P-256 leaf under two intermediates.
pub const P256_TWO_INT: Leaf = Leaf {
    cert: "leaf-two-int",
    key: "leaf-two-int",
    chain: &["int2-ca", "int-ca"],
    label: "p256-two-int",
};
/// Ed25519 leaf under an Ed25519 intermediate.
pub const ED25519: Leaf = Leaf {
    cert: "leaf-ed25519",
    key: "leaf-ed25519",
    chain: &["int-ed25519-ca"],
    label: "ed25519",
};
/// RSA-2048 leaf under the P-256 intermediate (signs rsa_pss_rsae_sha256).
pub const RSA2048: Leaf = Leaf {
    cert: "leaf-rsa2048",
    key: "leaf-rsa2048",
    chain: &["int-ca"],
    label: "rsa2048",
};
/// The client identity (EKU clientAuth only).
pub const CLIENT: Leaf = Leaf {
    cert: "client-p256",
    key: "client-p256",
    chain: &["int-ca"],
    label: "client-p256",
};

impl Leaf {
    /// The leaf certificate's PEM file.
    pub fn cert_pem(&self) -> PathBuf {
        pki(&format!("{}.pem", self.cert))
    }
    /// The PKCS#8 PEM key file.
    pub fn key_pem(&self) -> PathBuf {
        pki(&format!("{}.key.pem", self.key))
    }
    /// A PEM file with the intermediates only (for `openssl -cert_chain`), if there are any.
    pub fn chain_pem(&self) -> Option<PathBuf> {
        if self.chain.is_empty() {
            return None;
        }
        let names: Vec<String> = self.chain.iter().map(|c| format!("{c}.pem")).collect();
        Some(bundle(&format!("{}-chain.pem", self.cert), &names))
    }
    /// A PEM file with the leaf then its intermediates (for GnuTLS and the Wren tools).
    pub fn full_chain_pem(&self) -> PathBuf {
        let mut names = vec![format!("{}.pem", self.cert)];
        names.extend(self.chain.iter().map(|c| format!("{c}.pem")));
        bundle(&format!("{}-full.pem", self.cert), &names)
    }
}

/// Concatenates test PKI files into `target/tmp/wren-interop/<name>` (written once per process
/// and atomically, since tests run in parallel).
pub fn bundle(name: &str, parts: &[String]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wren-interop");
    std::fs::create_dir_all(&dir).expect("create target/tmp/wren-interop");
    let out = dir.join(name);
    let mut bytes = Vec::new();
    for part in parts {
        bytes.extend(std::fs::read(pki(part)).unwrap_or_else(|e| panic!("read {part}: {e}")));
    }
    let tmp = dir.join(format!(
        "{name}.{}.{:?}",
        std::process::id(),
        thread::current().id()
    ));
    std::fs::write(&tmp, &bytes).expect("write bundle");
    std::fs::rename(&tmp, &out).expect("rename bundle");
    out
}

/// A DER certificate file converted to PEM (openssl can read DER, GnuTLS wants one format).
pub fn der_to_pem(der_name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wren-interop");
    std::fs::create_dir_all(&dir).expect("create target/tmp/wren-interop");
    let out = dir.join(der_name.replace(".der", ".pem"));
    let status = Command::new("openssl")
        .args(["x509", "-inform", "DER", "-in"])
        .arg(pki(der_name))
        .arg("-out")
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .expect("run openssl x509");
    // A certificate with a broken signature still converts: x509 does not verify it.
    assert!(
        status.success(),
        "openssl x509 could not convert {der_name}"
    );
    out
}

/// A port that was free a moment ago on 127.0.0.1 (bind port 0, read it, release it).
///
/// A peer told to use it may still lose a race with another process; the spawners retry.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

/// A listener on 127.0.0.1 with a port chosen by the OS (for in-process Wren servers).
pub fn loopback_listener() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local_addr").port();
    (listener, port)
}

/// Accepts one connection within [`TIMEOUT`] (the listener is polled, never blocked on).
pub fn accept_one(listener: &TcpListener) -> TcpStream {
    listener
        .set_nonblocking(true)
        .expect("nonblocking listener");
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).expect("blocking stream");
                set_timeouts(&stream);
                return stream;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(
                    Instant::now() < deadline,
                    "no connection within {TIMEOUT:?}"
                );
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("accept: {e}"),
        }
    }
}

/// Connects to 127.0.0.1:`port` with read and write timeouts set.
pub fn connect(port: u16) -> TcpStream {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let stream = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connect to 127.0.0.1");
    set_timeouts(&stream);
    stream
}

/// Every socket read or write fails after [`TIMEOUT`] instead of blocking forever.
pub fn set_timeouts(stream: &TcpStream) {
    stream
        .set_read_timeout(Some(TIMEOUT))
        .expect("read timeout");
    stream
        .set_write_timeout(Some(TIMEOUT))
        .expect("write timeout");
    stream.set_nodelay(true).expect("nodelay");
}

/// A child process with its output captured, killed by PID on drop.
pub struct Peer {
    name: String,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    status: Option<ExitStatus>,
}

impl Peer {
    /// Starts `program args` with piped stdin (kept open until [`Peer::close_stdin`]) and
    /// captured stdout/stderr.
    pub fn spawn(program: &str, args: &[String]) -> Peer {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program} (is it installed?): {e}"));
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        if let Some(out) = child.stdout.take() {
            capture(out, Arc::clone(&stdout));
        }
        if let Some(err) = child.stderr.take() {
            capture(err, Arc::clone(&stderr));
        }
        Peer {
            name: format!("{program} {}", args.join(" ")),
            stdin: child.stdin.take(),
            child,
            stdout,
            stderr,
            status: None,
        }
    }

    /// The process id (the one killed on drop).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes to the peer's standard input.
    pub fn send(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin already closed");
        stdin.write_all(bytes).expect("write to peer stdin");
        stdin.flush().expect("flush peer stdin");
    }

    /// Closes the peer's standard input (EOF: s_client and gnutls-cli then close the connection).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Everything the peer wrote to stdout so far.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout.lock().expect("stdout lock")).into_owned()
    }

    /// stdout and stderr so far, for assertions on logs and for failure messages.
    pub fn log(&self) -> String {
        format!(
            "{}{}",
            self.stdout(),
            String::from_utf8_lossy(&self.stderr.lock().expect("stderr lock"))
        )
    }

    /// Waits until stdout or stderr contains `needle`; false after `timeout` or if the peer
    /// exited without printing it.
    pub fn wait_for(&mut self, needle: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.log().contains(needle) {
                return true;
            }
            if self.try_status().is_some() {
                // Give the reader threads a moment to drain the pipes.
                thread::sleep(Duration::from_millis(50));
                return self.log().contains(needle);
            }
            if Instant::now() >= deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Like [`Peer::wait_for`], but panics with the peer's log.
    pub fn expect(&mut self, needle: &str) {
        if !self.wait_for(needle, TIMEOUT) {
            panic!(
                "{}: no {needle:?} within {TIMEOUT:?}; log:\n{}",
                self.name,
                self.log()
            );
        }
    }

    /// Waits until `needle` occurs at least `count` times in stdout and stderr.
    pub fn expect_count(&mut self, needle: &str, count: usize) {
        let deadline = Instant::now() + TIMEOUT;
        while self.log().matches(needle).count() < count {
            if Instant::now() >= deadline {
                panic!(
                    "{}: fewer than {count} {needle:?} within {TIMEOUT:?}; log:\n{}",
                    self.name,
                    self.log()
                );
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Sends a command line (`k`, `K`, `^rekey1^`) and waits for `evidence` to appear once more
    /// in the log: the peers read stdin in chunks and a command swallows the rest of its chunk,
    /// so data must not follow before the command has been acted on.
    pub fn command(&mut self, line: &str, evidence: &str) {
        let before = self.log().matches(evidence).count();
        self.send(format!("{line}\n").as_bytes());
        self.expect_count(evidence, before + 1);
    }

    fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("try_wait");
        }
        self.status
    }

    /// Waits for the peer to exit, at most `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_status() {
                thread::sleep(Duration::from_millis(20)); // let the readers drain the pipes
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits for the peer to exit and returns its status; panics with its log on timeout.
    pub fn expect_exit(&mut self) -> ExitStatus {
        match self.wait_exit(TIMEOUT) {
            Some(status) => status,
            None => panic!("{} did not exit; log:\n{}", self.name, self.log()),
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.stdin = None;
        if self.try_status().is_none() {
            // Child::kill sends SIGKILL to this PID; wait reaps it.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn capture(mut from: impl Read + Send + 'static, into: Arc<Mutex<Vec<u8>>>) {
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => into
                    .lock()
                    .expect("capture lock")
                    .extend_from_slice(&buf[..n]),
            }
        }
    });
}

fn s(x: &str) -> String {
    x.to_owned()
}

/// TLS 1.3 cipher suites by IANA name, as OpenSSL names them, and GnuTLS's cipher token.
pub const SUITES: &[(&str, &str)] = &[
    ("TLS_AES_128_GCM_SHA256", "AES-128-GCM"),
    ("TLS_AES_256_GCM_SHA384", "AES-256-GCM"),
    ("TLS_CHACHA20_POLY1305_SHA256", "CHACHA20-POLY1305"),
];

/// Groups as (Wren `--groups` name, OpenSSL name, GnuTLS token, how OpenSSL's s_client prints
/// the server's temp key after `Server Temp Key: `).
pub const GROUPS: &[(&str, &str, &str, &str)] = &[
    ("x25519", "X25519", "GROUP-X25519", "X25519"),
    ("P-256", "P-256", "GROUP-SECP256R1", "ECDH, prime256v1"),
];

/// An `openssl s_server` for one connection.
#[derive(Clone, Debug)]
pub struct OpensslServer {
    /// The server identity.
    pub leaf: Leaf,
    /// Use `leaf-bad-signature.der` instead of the leaf's PEM (with the leaf's key).
    pub cert_override: Option<PathBuf>,
    /// `-ciphersuites` (colon-separated IANA names), or all.
    pub suites: Option<String>,
    /// `-groups`, or OpenSSL's defaults.
    pub groups: Option<String>,
    /// `-alpn`.
    pub alpn: Option<String>,
    /// Require a client certificate chaining to `root-ca.pem`.
    pub verify_client: bool,
    /// `-rev`: answer each line reversed (otherwise stdin lines are sent and commands work).
    pub rev: bool,
    /// Connections to serve before exiting (`-naccept`, default 1).
    pub naccept: u32,
    /// More flags (`-early_data`, `-psk …`, `-nocert` drops the certificate flags).
    pub extra: Vec<String>,
}

impl OpensslServer {
    /// A server with `leaf`, all suites and OpenSSL's default groups, in stdin mode.
    pub fn new(leaf: Leaf) -> Self {
        Self {
            leaf,
            cert_override: None,
            suites: None,
            groups: None,
            alpn: None,
            verify_client: false,
            rev: false,
            naccept: 1,
            extra: Vec::new(),
        }
    }

    /// Starts it and waits for `ACCEPT`; returns the peer and its port.
    pub fn spawn(&self) -> (Peer, u16) {
        for _ in 0..5 {
            let port = free_port();
            let mut args = vec![
                s("s_server"),
                s("-accept"),
                format!("127.0.0.1:{port}"),
                s("-naccept"),
                self.naccept.to_string(),
                s("-tls1_3"),
                s("-msg"),
            ];
            if !self.extra.iter().any(|a| a == "-nocert") {
                args.extend([s("-key"), path_arg(&self.leaf.key_pem())]);
                match &self.cert_override {
                    Some(der) => {
                        args.extend([s("-cert"), path_arg(der), s("-certform"), s("DER")]);
                    }
                    None => args.extend([s("-cert"), path_arg(&self.leaf.cert_pem())]),
                }
                if let Some(chain) = self.leaf.chain_pem() {
                    args.extend([s("-cert_chain"), path_arg(&chain)]);
                }
            }
            args.extend(self.extra.iter().cloned());
            if let Some(suites) = &self.suites {
                args.extend([s("-ciphersuites"), suites.clone()]);
            }
            if let Some(groups) = &self.groups {
                args.extend([s("-groups"), groups.clone()]);
            }
            if let Some(alpn) = &self.alpn {
                args.extend([s("-alpn"), alpn.clone()]);
            }
            if self.verify_client {
                args.extend([
                    s("-Verify"),
                    s("1"),
                    s("-CAfile"),
                    path_arg(&pki("root-ca.pem")),
                    s("-verify_return_error"),
                ]);
            }
            if self.rev {
                args.push(s("-rev"));
            }
            let mut peer = Peer::spawn("openssl", &args);
            if peer.wait_for("ACCEPT", TIMEOUT) {
                return (peer, port);
            }
            if !peer.log().contains("in use") {
                panic!("openssl s_server did not start:\n{}", peer.log());
            }
        }
        panic!("openssl s_server: no free port after 5 tries");
    }
}

/// An `openssl s_client` connecting to 127.0.0.1:`port`, verifying against `root-ca.pem` with
/// the name `server.wren.test`; `extra` adds flags (`-ciphersuites`, `-groups`, `-alpn`, `-cert`…).
pub fn openssl_client(port: u16, extra: &[String]) -> Peer {
    let mut args = vec![
        s("s_client"),
        s("-connect"),
        format!("127.0.0.1:{port}"),
        s("-tls1_3"),
        s("-msg"),
        s("-CAfile"),
        path_arg(&pki("root-ca.pem")),
        s("-servername"),
        s("server.wren.test"),
        s("-verify_return_error"),
    ];
    args.extend(extra.iter().cloned());
    Peer::spawn("openssl", &args)
}

/// `-cert/-key/-cert_chain` for an OpenSSL peer presenting `leaf`.
pub fn openssl_identity(leaf: &Leaf) -> Vec<String> {
    let mut args = vec![
        s("-cert"),
        path_arg(&leaf.cert_pem()),
        s("-key"),
        path_arg(&leaf.key_pem()),
    ];
    if let Some(chain) = leaf.chain_pem() {
        args.extend([s("-cert_chain"), path_arg(&chain)]);
    }
    args
}

/// A GnuTLS priority string: TLS 1.3 only, with optional suite and group restrictions
/// (GnuTLS tokens from [`SUITES`] and [`GROUPS`], in preference order).
pub fn gnutls_priority(ciphers: &[&str], groups: &[&str]) -> String {
    let mut p = s("NORMAL:-VERS-ALL:+VERS-TLS1.3");
    if !ciphers.is_empty() {
        p.push_str(":-CIPHER-ALL");
        for c in ciphers {
            p.push_str(&format!(":+{c}"));
        }
    }
    if !groups.is_empty() {
        p.push_str(":-GROUP-ALL");
        for g in groups {
            p.push_str(&format!(":+{g}"));
        }
    }
    p
}

/// A `gnutls-serv --echo` with `leaf` and `priority`; `extra` adds flags (`--alpn`, `-r`…).
/// Runs until dropped. Returns the peer and its port.
pub fn gnutls_server(leaf: &Leaf, priority: &str, extra: &[String]) -> (Peer, u16) {
    for _ in 0..5 {
        let port = free_port();
        let mut args = vec![
            s("--port"),
            port.to_string(),
            s("--echo"),
            s("--x509certfile"),
            path_arg(&leaf.full_chain_pem()),
            s("--x509keyfile"),
            path_arg(&leaf.key_pem()),
            s("--priority"),
            priority.to_owned(),
        ];
        if !extra.iter().any(|a| a == "-r") {
            args.push(s("--disable-client-cert"));
        }
        args.extend(extra.iter().cloned());
        let mut peer = Peer::spawn("gnutls-serv", &args);
        if peer.wait_for(&format!("port {port}...done"), TIMEOUT) {
            return (peer, port);
        }
        if !peer.log().contains("in use") {
            panic!("gnutls-serv did not start:\n{}", peer.log());
        }
    }
    panic!("gnutls-serv: no free port after 5 tries");
}

/// A `gnutls-cli` to 127.0.0.1:`port`, verifying against `root-ca.pem` with the name
/// `server.wren.test`, stdin lines as `^cmd^` inline commands allowed.
pub fn gnutls_client(port: u16, priority: &str, extra: &[String]) -> Peer {
    let mut args = vec![
        s("--port"),
        port.to_string(),
        s("127.0.0.1"),
        s("--x509cafile"),
        path_arg(&pki("root-ca.pem")),
        s("--verify-hostname"),
        s("server.wren.test"),
        s("--sni-hostname"),
        s("server.wren.test"),
        s("--priority"),
        priority.to_owned(),
        s("--inline-commands"),
    ];
    args.extend(extra.iter().cloned());
    Peer::spawn("gnutls-cli", &args)
}

/// Runs `cases` on parallel threads (each a whole client/server pair), and fails with every
/// failing case's name and message.
pub fn run_parallel<C: Send + 'static>(cases: Vec<(String, C)>, run: fn(C), max_threads: usize) {
    let queue = Arc::new(Mutex::new(cases));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let workers: Vec<_> = (0..max_threads)
        .map(|_| {
            let queue = Arc::clone(&queue);
            let failures = Arc::clone(&failures);
            thread::spawn(move || loop {
                let next = queue.lock().expect("queue").pop();
                let Some((name, case)) = next else { break };
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(case)));
                if let Err(e) = result {
                    let msg = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|m| (*m).to_owned()))
                        .unwrap_or_default();
                    failures
                        .lock()
                        .expect("failures")
                        .push(format!("{name}: {msg}"));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let failures = failures.lock().expect("failures");
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
