//! One TLS connection over a `TcpStream`, driven through Wren's sans-IO core.
//!
//! The tools talk both ways at once (stdin to the peer while the peer's data goes to stdout),
//! so they use the core's verbs directly rather than the blocking adapter: a short socket read
//! timeout lets one thread alternate between the two directions. Each verb that reports
//! `Blocked::OnWrite` gets the transmit buffer flushed, `Blocked::OnRead` gets one socket read.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use tls_crypto::RustCrypto;
use wren_tls::{Blocked, ConnectionCore, Error, ErrorKind, Slices};

/// Default receive and transmit buffers: one full TLS record each (RFC 8446 §5.2), as a host
/// can afford. `--rx-buffer` and `--tx-buffer` choose others.
pub const BUFFER: usize = wren_tls::sizes::FULL_RECORD_BUFFER;

/// The connection type the tools use: over buffers borrowed from a [`RecordMemory`], so that
/// their sizes come from the command line and the connection has exactly that much record
/// memory.
pub type Conn<'b> = ConnectionCore<'b, RustCrypto, Slices<'b>>;

/// A connection's record memory: the receive and transmit buffers, allocated once with the
/// sizes asked for and lent to each connection in turn (a connection wipes them when dropped).
#[derive(Debug)]
pub struct RecordMemory {
    rx: Vec<u8>,
    tx: Vec<u8>,
}

impl RecordMemory {
    /// `rx` and `tx` bytes (default [`BUFFER`] each).
    #[must_use]
    pub fn new(rx: Option<usize>, tx: Option<usize>) -> Self {
        Self {
            rx: vec![0; rx.unwrap_or(BUFFER)],
            tx: vec![0; tx.unwrap_or(BUFFER)],
        }
    }

    /// Both buffers, to hand to a connection: `(rx, tx)`.
    pub fn split(&mut self) -> (&mut [u8], &mut [u8]) {
        (&mut self.rx, &mut self.tx)
    }

    /// The receive buffer's size.
    #[must_use]
    pub fn rx_len(&self) -> usize {
        self.rx.len()
    }

    /// The transmit buffer's size.
    #[must_use]
    pub fn tx_len(&self) -> usize {
        self.tx.len()
    }
}

/// Why a tool's connection failed.
#[derive(Debug)]
pub enum Failure {
    /// Wren's error: its stable name is what the tools print.
    Tls(Error),
    /// The socket failed (or a deadline passed).
    Io(io::Error),
}

impl Failure {
    /// A stable name: Wren's error name, or `IO_<kind>`.
    #[must_use]
    pub fn name(&self) -> String {
        match self {
            Self::Tls(e) => e.name().to_owned(),
            Self::Io(e) => format!("IO_{:?}", e.kind()).to_ascii_uppercase(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Tls(e) => match e.alert() {
                Some(alert) => write!(f, "{} ({}; alert {alert:?})", e.name(), e.description()),
                None => write!(f, "{} ({})", e.name(), e.description()),
            },
            Self::Io(e) => write!(f, "{} ({e})", self.name()),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Tls(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// Why a tool stopped, and what to print.
#[derive(Debug)]
pub enum Exit {
    /// Bad flags or files: the message and the usage (exit 2).
    Usage(String),
    /// The connection failed (exit 1 with the error's name).
    Failed(Failure),
}

impl Exit {
    /// The process exit code: 2 for usage, 1 for a failure.
    #[must_use]
    pub fn code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            Self::Failed(_) => 1,
        }
    }
}

impl From<Failure> for Exit {
    fn from(e: Failure) -> Self {
        Self::Failed(e)
    }
}

/// A connection (over buffers that live for `'b`) and its socket.
pub struct Session<'b> {
    conn: Box<Conn<'b>>,
    sock: TcpStream,
}

/// Protocol time: milliseconds since the Unix epoch from the host clock, so that tickets keep
/// their age across connections and processes (`--sess-out` / `--sess-in`).
#[must_use]
pub fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl<'b> Session<'b> {
    /// Wraps `conn` (not yet negotiated) and `sock`; `poll` is how long one socket read may
    /// wait before the caller gets control back.
    ///
    /// # Errors
    /// The socket refuses its timeout settings.
    pub fn new(conn: Box<Conn<'b>>, sock: TcpStream, poll: Duration) -> io::Result<Self> {
        sock.set_read_timeout(Some(poll))?;
        sock.set_write_timeout(Some(Duration::from_secs(30)))?;
        sock.set_nodelay(true)?;
        Ok(Self { conn, sock })
    }

    /// The connection (negotiated parameters and so on).
    #[must_use]
    pub fn conn(&self) -> &Conn<'b> {
        &self.conn
    }

    fn now_ms(&self) -> u64 {
        unix_ms()
    }

    /// Writes everything the connection has queued.
    fn flush(&mut self) -> io::Result<()> {
        loop {
            let pending = self.conn.tx_pending();
            if pending.is_empty() {
                return self.sock.flush();
            }
            let n = self.sock.write(pending)?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            self.conn.tx_ack(n);
        }
    }

    /// One socket read into the receive buffer; `false` when nothing came within the poll time.
    /// Once `deadline` has passed the read does not wait at all: a caller asking for a zero
    /// wait (to drain what has arrived between two sends) is not held up by the poll time.
    fn fill(&mut self, deadline: Instant) -> io::Result<bool> {
        let space = self.conn.rx_space();
        if space.is_empty() {
            return Ok(true);
        }
        let nonblocking = Instant::now() >= deadline;
        if nonblocking {
            self.sock.set_nonblocking(true)?;
        }
        let read = self.sock.read(space);
        if nonblocking {
            self.sock.set_nonblocking(false)?;
        }
        match read {
            Ok(0) => {
                self.conn.rx_eof();
                Ok(true)
            }
            Ok(n) => {
                self.conn.rx_commit(n);
                Ok(true)
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Runs `op` until it is no longer blocked; `Ok(None)` if it still waits for the peer at
    /// `deadline`. A fatal error's alert is flushed to the peer before it is returned.
    fn drive<T>(
        &mut self,
        deadline: Instant,
        mut op: impl FnMut(&mut Conn<'b>, u64) -> Result<T, Error>,
    ) -> Result<Option<T>, Failure> {
        loop {
            let now = self.now_ms();
            match op(&mut self.conn, now) {
                Ok(value) => {
                    self.flush()?;
                    return Ok(Some(value));
                }
                Err(e) => match e.kind() {
                    ErrorKind::Blocked(Blocked::OnWrite) => self.flush()?,
                    ErrorKind::Blocked(Blocked::OnRead) => {
                        self.flush()?;
                        if !self.fill(deadline)? && Instant::now() >= deadline {
                            return Ok(None);
                        }
                    }
                    _ => {
                        let _ = self.flush(); // the alert, if one is owed
                        return Err(e.into());
                    }
                },
            }
        }
    }

    /// The handshake, within `timeout`.
    ///
    /// # Errors
    /// Wren's error, a socket error, or `TimedOut`.
    pub fn negotiate(&mut self, timeout: Duration) -> Result<(), Failure> {
        let deadline = Instant::now() + timeout;
        self.drive(deadline, |c, now| c.negotiate(now))?
            .ok_or_else(|| io::Error::from(io::ErrorKind::TimedOut).into())
    }

    /// Client: sends `data` as 0-RTT early data before the handshake (call
    /// [`Session::negotiate`] after). Returns how much was taken: less than `data` when the
    /// server already answered (0-RTT over).
    ///
    /// # Errors
    /// Wren's error (`WREN_ERR_EARLY_DATA_TOO_LARGE` beyond what the session allows) or a
    /// socket error.
    pub fn send_early_data(&mut self, mut data: &[u8]) -> Result<usize, Failure> {
        let far = Instant::now() + Duration::from_secs(3600);
        let mut total = 0usize;
        while !data.is_empty() {
            match self.drive(far, |c, now| c.send_early_data(data, now))? {
                Some(0) | None => break,
                Some(n) => {
                    total = total.saturating_add(n);
                    data = data.get(n..).unwrap_or(&[]);
                }
            }
        }
        Ok(total)
    }

    /// Server: reads all 0-RTT early data before the handshake (empty when none was offered
    /// or it was rejected), within `timeout`. Call [`Session::negotiate`] after.
    ///
    /// # Errors
    /// Wren's error, a socket error, or `TimedOut`.
    pub fn recv_early_data(&mut self, timeout: Duration) -> Result<Vec<u8>, Failure> {
        let deadline = Instant::now() + timeout;
        let mut all = Vec::new();
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            match self.drive(deadline, |c, now| c.recv_early_data(&mut buf, now))? {
                Some(0) => return Ok(all),
                Some(n) => all.extend_from_slice(buf.get(..n).unwrap_or(&[])),
                None => return Err(io::Error::from(io::ErrorKind::TimedOut).into()),
            }
        }
    }

    /// Sends all of `data`.
    ///
    /// # Errors
    /// Wren's error or a socket error.
    pub fn send_all(&mut self, mut data: &[u8]) -> Result<(), Failure> {
        let far = Instant::now() + Duration::from_secs(3600);
        while !data.is_empty() {
            let n = self.drive(far, |c, now| c.send(data, now))?.unwrap_or(0);
            data = data.get(n..).unwrap_or(&[]);
        }
        Ok(())
    }

    /// Receives into `buf`, waiting at most `wait`: `Some(0)` is the peer's close_notify,
    /// `None` means nothing arrived in time.
    ///
    /// # Errors
    /// Wren's error or a socket error.
    pub fn recv(&mut self, buf: &mut [u8], wait: Duration) -> Result<Option<usize>, Failure> {
        let deadline = Instant::now() + wait;
        self.drive(deadline, |c, now| c.recv(buf, now))
    }

    /// Sends close_notify and stops sending (half-close); reading goes on.
    ///
    /// # Errors
    /// Wren's error or a socket error.
    pub fn shutdown_send(&mut self) -> Result<(), Failure> {
        let far = Instant::now() + Duration::from_secs(3600);
        self.drive(far, |c, now| c.shutdown_send(now)).map(|_| ())
    }

    /// Sends a KeyUpdate (asking the peer to update too if `request_peer`).
    ///
    /// # Errors
    /// Wren's error or a socket error.
    pub fn key_update(&mut self, request_peer: bool) -> Result<(), Failure> {
        let far = Instant::now() + Duration::from_secs(3600);
        self.drive(far, |c, _| c.key_update(request_peer))
            .map(|_| ())
    }

    /// Closes: our close_notify (if not sent yet), and the peer's awaited for `wait`.
    ///
    /// # Errors
    /// Wren's error or a socket error.
    pub fn shutdown(&mut self, wait: Duration) -> Result<(), Failure> {
        let deadline = Instant::now() + wait;
        match self.drive(deadline, |c, now| c.shutdown(now))? {
            Some(()) => Ok(()),
            None => Err(io::Error::from(io::ErrorKind::TimedOut).into()),
        }
    }
}

/// One line for people and tests: `protocol=TLSv1.3 suite=… group=… hrr=yes|no alpn=…
/// peer="CN=…" resumed=yes|no psk=IDENTITY|none early_data=accepted|rejected|not_sent
/// record_limit=N record_limit_recv=N record_limit_by=mfl|rsl|none`. A PSK identity that is
/// not printable ASCII (or has spaces) is shown as `hex:…`.
///
/// `record_limit` is the most content (application or handshake bytes) a record we send may
/// carry, `record_limit_recv` the most the peer may put in one to us (16384 both when nothing
/// was negotiated); `record_limit_by` says how they were negotiated: max_fragment_length
/// (RFC 6066), record_size_limit (RFC 8449) or neither.
#[must_use]
pub fn summary(info: &tls_handshake::Negotiated) -> String {
    let suite = info.suite.and_then(|s| s.suite.name()).unwrap_or("none");
    let group = info
        .group
        .map(|g| {
            g.name()
                .map_or_else(|| format!("{g:?}"), str::to_ascii_lowercase)
        })
        .unwrap_or_else(|| "none".into());
    let alpn = info
        .alpn
        .as_ref()
        .map(|a| String::from_utf8_lossy(a.as_bytes()).into_owned())
        .unwrap_or_else(|| "none".into());
    let peer = info
        .peer_subject
        .as_ref()
        .map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned())
        .unwrap_or_default();
    let psk = info
        .psk_identity
        .as_ref()
        .map(|id| printable(id.as_bytes()))
        .unwrap_or_else(|| "none".into());
    let early = match info.early_data {
        wren_tls::EarlyDataStatus::Accepted => "accepted",
        wren_tls::EarlyDataStatus::Rejected => "rejected",
        wren_tls::EarlyDataStatus::NotSent => "not_sent",
    };
    // The limits count TLSInnerPlaintext: content + the content type byte.
    let limits = info.limits();
    let by = if info.peer_record_size_limit.is_some() {
        "rsl"
    } else if info.max_fragment_length.is_some() {
        "mfl"
    } else {
        "none"
    };
    format!(
        "protocol=TLSv1.3 suite={suite} group={group} hrr={} alpn={alpn} peer=\"{peer}\" \
         resumed={} psk={psk} early_data={early} record_limit={} record_limit_recv={} \
         record_limit_by={by}",
        if info.hello_retry { "yes" } else { "no" },
        if info.resumed { "yes" } else { "no" },
        limits.send.saturating_sub(1),
        limits.recv.saturating_sub(1),
    )
}

/// `bytes` as text when it is printable ASCII without spaces, else `hex:…`.
fn printable(bytes: &[u8]) -> String {
    if !bytes.is_empty() && bytes.iter().all(u8::is_ascii_graphic) {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!("hex:{hex}")
    }
}
