//! Wren in process for the interop tests: configs from the test PKI, and a client or server
//! connection over a loopback `TcpStream`, driven by the tools' [`Session`] pump.

use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use tls_codec::enums::{AlertDescription, CipherSuite, NamedGroup};
use tls_crypto::RustCrypto;
use tls_handshake::{ClientAuth, SecurityPolicy, Verification};
use wren_tls::{Config, ErrorKind, OsRng};
use wren_tools::session::{Conn, Failure, RecordMemory, Session};
use wren_tools::setup::{identity, leak_list, StaticConfig};

use super::{accept_one, connect, pki, Leaf, TIMEOUT};

/// How a Wren endpoint is configured; `Default` is a verifying client trusting `root-ca` with
/// the default policy.
#[derive(Clone, Default)]
pub struct Wren {
    /// Only these suites, in this order (default: the policy's).
    pub suites: Option<Vec<CipherSuite>>,
    /// Only these groups, in this order: a client shares the first.
    pub groups: Option<Vec<NamedGroup>>,
    /// ALPN protocols.
    pub alpn: Vec<&'static str>,
    /// Our certificate (required for a server).
    pub identity: Option<Leaf>,
    /// Server: require a client certificate.
    pub client_auth: bool,
    /// Trust anchors (default `root-ca`).
    pub anchors: Option<Vec<&'static str>>,
    /// Wall clock in seconds since the epoch (default: none, validity not checked).
    pub unix_time: Option<fn() -> u64>,
    /// The receive buffer's size (default: the tools' full-record buffer).
    pub rx_buffer: Option<usize>,
    /// The transmit buffer's size (default: the tools' full-record buffer).
    pub tx_buffer: Option<usize>,
}

impl Wren {
    /// The config, leaked for the rest of the test process.
    pub fn config(&self) -> StaticConfig {
        let base = SecurityPolicy::DEFAULT_TLS13;
        let policy: &'static SecurityPolicy = Box::leak(Box::new(SecurityPolicy {
            cipher_suites: self.suites.clone().map_or(base.cipher_suites, |s| s.leak()),
            groups: self.groups.clone().map_or(base.groups, |g| g.leak()),
            ..base
        }));
        let anchors = self.anchors.clone().unwrap_or_else(|| vec!["root-ca"]);
        let anchors = leak_list(
            anchors
                .iter()
                .map(|a| std::fs::read(pki(&format!("{a}.der"))).expect("anchor"))
                .collect(),
        );
        let alpn = leak_list(self.alpn.iter().map(|p| p.as_bytes().to_vec()).collect());
        let mut config = Config::new(&RustCrypto, &OsRng, anchors)
            .with_policy(policy)
            .with_alpn(alpn)
            .with_verification(Verification::Full)
            .with_client_auth(if self.client_auth {
                ClientAuth::Required
            } else {
                ClientAuth::None
            });
        if let Some(leaf) = &self.identity {
            config = config.with_identity(
                identity(&leaf.full_chain_pem(), &leaf.key_pem()).expect("identity"),
            );
        }
        if let Some(clock) = self.unix_time {
            config = config.with_unix_time(clock);
        }
        Box::leak(Box::new(config))
    }

    /// A client connected to 127.0.0.1:`port` with `server_name`, handshake done.
    ///
    /// # Errors
    /// The handshake's failure.
    pub fn connect(&self, port: u16, server_name: &str) -> Result<Session<'static>, Failure> {
        // The session outlives this call: its buffers are leaked for the test process.
        let memory = Box::leak(Box::new(self.memory()));
        let (rx, tx) = memory.split();
        let conn = Conn::new_client(self.config(), Some(server_name), rx, tx)?;
        let mut session = Session::new(Box::new(conn), connect(port), POLL)?;
        session.negotiate(TIMEOUT)?;
        Ok(session)
    }

    /// The record buffers this endpoint asks for.
    pub fn memory(&self) -> RecordMemory {
        RecordMemory::new(self.rx_buffer, self.tx_buffer)
    }

    /// A server on a fresh 127.0.0.1 port, running `serve` on the one connection it accepts
    /// (after the handshake) on its own thread. Returns the port and the thread; the thread's
    /// result is the handshake or `serve`'s failure.
    pub fn serve<T: Send + 'static>(
        &self,
        serve: impl FnOnce(&mut Session<'_>) -> Result<T, Failure> + Send + 'static,
    ) -> (u16, thread::JoinHandle<Result<T, Failure>>) {
        let (listener, port) = super::loopback_listener();
        // A `Config` holds `&dyn` objects that need not be `Sync`: build it on the thread.
        let wren = self.clone();
        let handle = thread::spawn(move || {
            let mut memory = wren.memory();
            serve_on(&listener, wren.config(), &mut memory, serve)
        });
        (port, handle)
    }
}

fn serve_on<T>(
    listener: &TcpListener,
    config: StaticConfig,
    memory: &mut RecordMemory,
    serve: impl FnOnce(&mut Session<'_>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let sock = accept_one(listener);
    let (rx, tx) = memory.split();
    let conn = Conn::new_server(config, rx, tx)?;
    let mut session = Session::new(Box::new(conn), sock, POLL)?;
    session.negotiate(TIMEOUT)?;
    serve(&mut session)
}

/// One socket read's wait inside the pump.
pub const POLL: Duration = Duration::from_millis(20);

/// Echoes until the peer's close_notify, then closes; returns what was echoed.
///
/// # Errors
/// The connection's failure.
pub fn echo(session: &mut Session<'_>) -> Result<Vec<u8>, Failure> {
    let mut all = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match session.recv(&mut buf, TIMEOUT)? {
            Some(0) => break,
            Some(n) => {
                all.extend_from_slice(&buf[..n]);
                session.send_all(&buf[..n])?;
            }
            None => return Err(std::io::Error::from(std::io::ErrorKind::TimedOut).into()),
        }
    }
    session.shutdown(TIMEOUT)?;
    Ok(all)
}

/// Reads until what was received contains `needle` (or fails after [`TIMEOUT`]).
pub fn read_until(session: &mut Session<'_>, needle: &[u8]) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !all.windows(needle.len()).any(|w| w == needle) {
        assert!(
            std::time::Instant::now() < deadline,
            "no {:?} within {TIMEOUT:?}; got {:?}",
            String::from_utf8_lossy(needle),
            String::from_utf8_lossy(&all)
        );
        match session.recv(&mut buf, POLL) {
            Ok(Some(0)) => panic!(
                "close_notify before {:?}; got {:?}",
                String::from_utf8_lossy(needle),
                String::from_utf8_lossy(&all)
            ),
            Ok(Some(n)) => all.extend_from_slice(&buf[..n]),
            Ok(None) => {}
            Err(e) => panic!("recv failed: {e}"),
        }
    }
    all
}

/// Reads until the peer's close_notify; returns everything before it.
pub fn read_to_close(session: &mut Session<'_>) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match session.recv(&mut buf, TIMEOUT) {
            Ok(Some(0)) => return all,
            Ok(Some(n)) => all.extend_from_slice(&buf[..n]),
            Ok(None) => panic!("no close_notify within {TIMEOUT:?}"),
            Err(e) => panic!("recv failed: {e}"),
        }
    }
}

/// Asserts that `result` failed with a Wren protocol error that sent `alert`.
pub fn assert_sent_alert<T>(result: Result<T, Failure>, alert: AlertDescription) {
    match result {
        Ok(_) => panic!("expected a failure with alert {alert:?}, the handshake succeeded"),
        Err(Failure::Tls(e)) => {
            assert_eq!(e.kind(), ErrorKind::Protocol, "{e:?} ({})", e.name());
            assert_eq!(e.alert(), Some(alert), "{e:?} ({})", e.name());
        }
        Err(other) => panic!("expected alert {alert:?}, got {other}"),
    }
}

/// Asserts that `result` failed because the peer sent `alert`.
pub fn assert_got_alert<T>(result: Result<T, Failure>, alert: AlertDescription) {
    match result {
        Ok(_) => panic!("expected the peer's alert {alert:?}, the connection succeeded"),
        Err(Failure::Tls(e)) => {
            assert_eq!(e.kind(), ErrorKind::Alert, "{e:?} ({})", e.name());
            assert_eq!(e.alert(), Some(alert), "{e:?} ({})", e.name());
        }
        Err(other) => panic!("expected the peer's alert {alert:?}, got {other}"),
    }
}

/// The name a Wren `Negotiated` gives a group, for comparing with the tables.
pub fn group_of(name: &str) -> NamedGroup {
    match name {
        "x25519" => NamedGroup::X25519,
        "P-256" => NamedGroup::SECP256R1,
        other => panic!("unknown group {other}"),
    }
}

/// The suite constant for an IANA name.
pub fn suite_of(name: &str) -> CipherSuite {
    match name {
        "TLS_AES_128_GCM_SHA256" => CipherSuite::TLS_AES_128_GCM_SHA256,
        "TLS_AES_256_GCM_SHA384" => CipherSuite::TLS_AES_256_GCM_SHA384,
        "TLS_CHACHA20_POLY1305_SHA256" => CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        other => panic!("unknown suite {other}"),
    }
}
