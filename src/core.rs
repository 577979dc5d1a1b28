//! The sans-IO connection: [`ConnectionCore`] over caller slices and [`Connection`] owning
//! const-generic arrays, with s2n-tls's verbs.
//!
//! Both are one type, [`ConnectionCore`], parameterised by where its buffers live ([`Buffers`]);
//! the logic works on slices and is compiled once per crypto provider.

use crate::config::{Config, Role};
use crate::engine::Engine;
use crate::error::{Code, Error};
use crate::machine::Handshake;
use crate::sizes::{MIN_RX, MIN_TX};
use tls_crypto::{CryptoProvider, RustCrypto};
use zeroize::Zeroize;

mod sealed {
    pub trait Sealed {}
}

/// Where a connection's receive and transmit buffers live: borrowed slices ([`Slices`]) or
/// owned arrays ([`Arrays`]). Sealed.
pub trait Buffers: sealed::Sealed {
    /// Both buffers, mutably: `(rx, tx)`.
    fn split(&mut self) -> (&mut [u8], &mut [u8]);
    /// The receive buffer.
    fn rx(&self) -> &[u8];
    /// The transmit buffer.
    fn tx(&self) -> &[u8];
}

/// Buffers borrowed from the caller (C and static-memory users).
#[derive(Debug)]
pub struct Slices<'b> {
    rx: &'b mut [u8],
    tx: &'b mut [u8],
}

impl sealed::Sealed for Slices<'_> {}
impl Buffers for Slices<'_> {
    fn split(&mut self) -> (&mut [u8], &mut [u8]) {
        (self.rx, self.tx)
    }
    fn rx(&self) -> &[u8] {
        self.rx
    }
    fn tx(&self) -> &[u8] {
        self.tx
    }
}

/// Buffers owned by the connection: `RX` and `TX` bytes.
#[derive(Debug)]
pub struct Arrays<const RX: usize, const TX: usize> {
    rx: [u8; RX],
    tx: [u8; TX],
}

impl<const RX: usize, const TX: usize> sealed::Sealed for Arrays<RX, TX> {}
impl<const RX: usize, const TX: usize> Buffers for Arrays<RX, TX> {
    fn split(&mut self) -> (&mut [u8], &mut [u8]) {
        (&mut self.rx, &mut self.tx)
    }
    fn rx(&self) -> &[u8] {
        &self.rx
    }
    fn tx(&self) -> &[u8] {
        &self.tx
    }
}

/// What the adapters ([`crate::blocking::TlsStream`], [`crate::asynch::TlsStream`]) drive: a
/// [`Connection`] (owning its buffers), a [`ConnectionCore`] (e.g. over caller slices in
/// `static`s), or `&mut` either, so a firmware can build the connection in place and lend it.
pub trait AsConnection<'c> {
    /// The crypto provider.
    type Provider: CryptoProvider + 'c;
    /// Where the buffers live.
    type Buffers: Buffers;
    /// The connection.
    fn connection(&self) -> &ConnectionCore<'c, Self::Provider, Self::Buffers>;
    /// The connection, mutably.
    fn connection_mut(&mut self) -> &mut ConnectionCore<'c, Self::Provider, Self::Buffers>;
}

impl<'c, P: CryptoProvider, B: Buffers> AsConnection<'c> for ConnectionCore<'c, P, B> {
    type Provider = P;
    type Buffers = B;
    fn connection(&self) -> &ConnectionCore<'c, P, B> {
        self
    }
    fn connection_mut(&mut self) -> &mut ConnectionCore<'c, P, B> {
        self
    }
}

impl<'c, P: CryptoProvider, const RX: usize, const TX: usize> AsConnection<'c>
    for Connection<'c, P, RX, TX>
{
    type Provider = P;
    type Buffers = Arrays<RX, TX>;
    fn connection(&self) -> &ConnectionCore<'c, P, Arrays<RX, TX>> {
        &self.0
    }
    fn connection_mut(&mut self) -> &mut ConnectionCore<'c, P, Arrays<RX, TX>> {
        &mut self.0
    }
}

impl<'c, C: AsConnection<'c>> AsConnection<'c> for &mut C {
    type Provider = C::Provider;
    type Buffers = C::Buffers;
    fn connection(&self) -> &ConnectionCore<'c, C::Provider, C::Buffers> {
        (**self).connection()
    }
    fn connection_mut(&mut self) -> &mut ConnectionCore<'c, C::Provider, C::Buffers> {
        (**self).connection_mut()
    }
}

/// A TLS 1.3 connection without I/O: the caller moves ciphertext between the transport and the
/// buffers, and calls s2n-tls's verbs.
///
/// Every verb that cannot finish returns an [`Error`] whose kind is
/// [`crate::ErrorKind::Blocked`], saying what it waits for: [`crate::Blocked::OnWrite`] (write
/// [`ConnectionCore::tx_pending`] to the transport, then [`ConnectionCore::tx_ack`]) or
/// [`crate::Blocked::OnRead`] (read from the transport into [`ConnectionCore::rx_space`], then
/// [`ConnectionCore::rx_commit`], or [`ConnectionCore::rx_eof`] at its end). Fatal errors are
/// sticky: every later call returns the same error, and its alert is queued once in
/// [`ConnectionCore::tx_pending`] (flush it before closing the transport).
///
/// Buffers: see [`crate::sizes`] for the layout and minimums ([`MIN_RX`], [`MIN_TX`]). Both
/// are wiped when the connection is dropped.
pub struct ConnectionCore<'c, P: CryptoProvider = RustCrypto, B: Buffers = Slices<'c>> {
    engine: Engine<'c, P>,
    bufs: B,
}

/// A connection that owns its buffers: `RX` bytes to receive, `TX` to transmit. Dereferences
/// to [`ConnectionCore`] for the verbs.
///
/// `RX` must be at least [`MIN_RX`] (one 512-byte record: the smallest record size any
/// configuration negotiates) and `TX` at least [`MIN_TX`], checked at compile time; what a
/// particular configuration needs beyond that (the handshake reassembly area, larger records
/// when the peer ignores small ones) is reported at run time with the size needed. See
/// [`crate::sizes`] for the presets.
///
/// ```compile_fail
/// use tls_crypto::{RustCrypto, TestRng};
/// use wren_tls::{Config, Connection, RefCellRng};
/// let rng = RefCellRng::new(TestRng::new([1; 32]));
/// let config = Config::new(&RustCrypto, &rng, &[]);
/// // RX below MIN_RX: rejected at compile time.
/// let c = Connection::<'_, RustCrypto, 256, 1024>::new_server(&config);
/// ```
pub struct Connection<'c, P: CryptoProvider, const RX: usize, const TX: usize>(
    ConnectionCore<'c, P, Arrays<RX, TX>>,
);

impl<'c, P: CryptoProvider, const RX: usize, const TX: usize> core::ops::Deref
    for Connection<'c, P, RX, TX>
{
    type Target = ConnectionCore<'c, P, Arrays<RX, TX>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<P: CryptoProvider, const RX: usize, const TX: usize> core::ops::DerefMut
    for Connection<'_, P, RX, TX>
{
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<P: CryptoProvider, const RX: usize, const TX: usize> core::fmt::Debug
    for Connection<'_, P, RX, TX>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}

impl<'c, P: CryptoProvider> ConnectionCore<'c, P, Slices<'c>> {
    #[cfg(feature = "client")]
    /// A client connection over caller buffers. `server_name` is sent as SNI and checked
    /// against the server's certificate (a DNS name or an IP literal).
    ///
    /// # Errors
    /// Kind usage: buffers below [`MIN_RX`] / [`MIN_TX`]. The handshake's own errors for a bad
    /// server name or config.
    pub fn new_client(
        config: &'c Config<'c, P>,
        server_name: Option<&str>,
        rx: &'c mut [u8],
        tx: &'c mut [u8],
    ) -> Result<Self, Error> {
        let hs = crate::roles::client(config, server_name)?;
        Self::over_slices(config, Role::Client, hs, rx, tx)
    }

    #[cfg(feature = "server")]
    /// A server connection over caller buffers.
    ///
    /// # Errors
    /// Kind usage: buffers below [`MIN_RX`] / [`MIN_TX`]. The handshake's own errors for a bad
    /// config (e.g. no identity).
    pub fn new_server(
        config: &'c Config<'c, P>,
        rx: &'c mut [u8],
        tx: &'c mut [u8],
    ) -> Result<Self, Error> {
        let hs = crate::roles::server(config)?;
        Self::over_slices(config, Role::Server, hs, rx, tx)
    }

    pub(crate) fn over_slices(
        config: &'c Config<'c, P>,
        role: Role,
        hs: Handshake<'c, P>,
        rx: &'c mut [u8],
        tx: &'c mut [u8],
    ) -> Result<Self, Error> {
        if rx.len() < MIN_RX || tx.len() < MIN_TX {
            return Err(Error::new(Code::BuffersTooSmall));
        }
        Ok(Self {
            engine: Engine::new(config, role, hs, rx.len()),
            bufs: Slices { rx, tx },
        })
    }

    /// [`ConnectionCore::release_buffers`], and hands both buffers back to the caller (to
    /// reuse for something else while the connection idles): `(rx, tx)`, wiped. Give them (or
    /// others as large) back with [`ConnectionCore::give_buffers`] before the next verb.
    ///
    /// # Errors
    /// As [`ConnectionCore::release_buffers`]; the buffers stay with the connection.
    pub fn take_buffers(&mut self) -> Result<(&'c mut [u8], &'c mut [u8]), Error> {
        if !self.engine.is_released() {
            let (rx, tx) = self.bufs.split();
            self.engine.release(rx, tx)?;
        }
        let rx = core::mem::take(&mut self.bufs.rx);
        let tx = core::mem::take(&mut self.bufs.tx);
        Ok((rx, tx))
    }

    /// Gives buffers back after [`ConnectionCore::take_buffers`]: `rx` must still hold a
    /// record of the limit the peer was told ([`ConnectionCore::advertised_record_limit`] +
    /// 21, at least [`MIN_RX`]), `tx` at least [`MIN_TX`]. They are wiped first.
    ///
    /// # Errors
    /// Kind usage `WREN_ERR_BUFFERS_TOO_SMALL` (the buffers are not taken); the sticky fatal
    /// error.
    pub fn give_buffers(&mut self, rx: &'c mut [u8], tx: &'c mut [u8]) -> Result<(), Error> {
        self.engine.reacquire(rx.len(), tx.len())?;
        rx.zeroize();
        tx.zeroize();
        self.bufs = Slices { rx, tx };
        Ok(())
    }
}

impl<'c, P: CryptoProvider, const RX: usize, const TX: usize> Connection<'c, P, RX, TX> {
    const CHECK: () = {
        assert!(RX >= MIN_RX, "RX is below wren_tls::sizes::MIN_RX");
        assert!(TX >= MIN_TX, "TX is below wren_tls::sizes::MIN_TX");
    };

    #[cfg(feature = "client")]
    /// A client connection owning its buffers.
    ///
    /// # Errors
    /// The handshake's errors for a bad server name or config.
    pub fn new_client(config: &'c Config<'c, P>, server_name: Option<&str>) -> Result<Self, Error> {
        let () = Self::CHECK;
        let hs = crate::roles::client(config, server_name)?;
        Ok(Self::with_arrays(config, Role::Client, hs))
    }

    #[cfg(feature = "server")]
    /// A server connection owning its buffers.
    ///
    /// # Errors
    /// The handshake's errors for a bad config (e.g. no identity).
    pub fn new_server(config: &'c Config<'c, P>) -> Result<Self, Error> {
        let () = Self::CHECK;
        let hs = crate::roles::server(config)?;
        Ok(Self::with_arrays(config, Role::Server, hs))
    }

    fn with_arrays(config: &'c Config<'c, P>, role: Role, hs: Handshake<'c, P>) -> Self {
        let () = Self::CHECK;
        Self(ConnectionCore {
            engine: Engine::new(config, role, hs, RX),
            bufs: Arrays {
                rx: [0; RX],
                tx: [0; TX],
            },
        })
    }
}

impl<'c, P: CryptoProvider, B: Buffers> ConnectionCore<'c, P, B> {
    // ---- record sizes (s2n-tls's "TLS Record Sizes") ----

    /// Sends small records from now on: at most [`crate::sizes::SMALL_RECORD_CONTENT`] (1398)
    /// bytes each, one per Ethernet frame (s2n-tls's `s2n_connection_prefer_low_latency`).
    /// A smaller negotiated limit still wins.
    pub fn prefer_low_latency(&mut self) {
        self.engine
            .set_preference(crate::config::RecordPreference::LowLatency);
    }

    /// Sends full records from now on, up to the negotiated limit (s2n-tls's
    /// `s2n_connection_prefer_throughput`; the default).
    pub fn prefer_throughput(&mut self) {
        self.engine
            .set_preference(crate::config::RecordPreference::Throughput);
    }

    /// Dynamic record sizing (s2n-tls's `s2n_connection_set_dynamic_record_threshold`): the
    /// first `resize_threshold` bytes go in small records
    /// ([`crate::sizes::SMALL_RECORD_CONTENT`]), and again whenever `timeout_ms` of protocol
    /// time (the verbs' `now_ms`) passed without sending. `resize_threshold` 0 turns it off.
    pub fn set_dynamic_record_threshold(&mut self, resize_threshold: u32, timeout_ms: u64) {
        let d = (resize_threshold > 0).then_some(crate::config::DynamicThreshold {
            resize_threshold,
            timeout_ms,
        });
        self.engine.set_dynamic_threshold(d);
    }

    /// Whether [`ConnectionCore::recv`] fills its buffer from several records (s2n-tls's
    /// `s2n_config_set_recv_multi_record`); off (the default unless the config says so), it
    /// returns after one record.
    pub fn set_recv_multi_record(&mut self, on: bool) {
        self.engine.set_recv_multi_record(on);
    }

    /// The record_size_limit this connection advertises (or would, if it sends none): the
    /// largest TLSInnerPlaintext its receive buffer holds, see
    /// [`crate::sizes::advertised_limit`].
    #[must_use]
    pub fn advertised_record_limit(&self) -> u16 {
        self.engine.advertised_limit()
    }

    /// The most application data the next record sent carries now: the negotiated limit,
    /// capped by the preference and dynamic sizing.
    #[must_use]
    pub fn send_record_content(&self) -> usize {
        self.engine.send_record_content()
    }

    // ---- memory (s2n-tls's "Connection Memory") ----

    /// After the handshake (s2n-tls's `s2n_connection_free_handshake`): wipes what the
    /// handshake left in the buffers' free space (its plaintext messages: certificates,
    /// Finished). The handshake's own transient state (transcript, handshake secrets, the
    /// peer's key, offered PSKs) lives inline (no heap) and was dropped and zeroized as each
    /// state ended; what remains is the application traffic secrets (for KeyUpdate) and, on a
    /// client, the resumption secret (for tickets).
    ///
    /// # Errors
    /// Kind usage before the handshake completed; the sticky fatal error.
    pub fn free_handshake(&mut self) -> Result<(), Error> {
        let (rx, tx) = self.bufs.split();
        self.engine.free_handshake(rx, tx)
    }

    /// Whether [`ConnectionCore::free_handshake`] was called.
    #[must_use]
    pub fn is_handshake_freed(&self) -> bool {
        self.engine.handshake_freed()
    }

    /// For an idle keep-alive connection (s2n-tls's `s2n_connection_release_buffers`): wipes
    /// both buffers and stops using them until [`ConnectionCore::reacquire_buffers`] (or, for
    /// caller slices, [`ConnectionCore::take_buffers`] / [`ConnectionCore::give_buffers`],
    /// which hand them back and take them again). Verbs meanwhile fail with
    /// `WREN_ERR_BUFFERS_RELEASED`.
    ///
    /// # Errors
    /// Kind usage `WREN_ERR_BUFFERS_BUSY` when records are pending or received bytes are
    /// buffered (flush and read first); the sticky fatal error.
    pub fn release_buffers(&mut self) -> Result<(), Error> {
        let (rx, tx) = self.bufs.split();
        self.engine.release(rx, tx)
    }

    /// Uses the buffers again after [`ConnectionCore::release_buffers`].
    ///
    /// # Errors
    /// The sticky fatal error; `WREN_ERR_BUFFERS_TOO_SMALL` if the buffers are gone
    /// ([`ConnectionCore::take_buffers`]: use [`ConnectionCore::give_buffers`]).
    pub fn reacquire_buffers(&mut self) -> Result<(), Error> {
        let (rx, tx) = (self.bufs.rx().len(), self.bufs.tx().len());
        self.engine.reacquire(rx, tx)
    }

    /// Resets the connection for a new peer (s2n-tls's `s2n_connection_wipe`): both buffers
    /// and every key, secret and negotiated value are wiped, and a fresh handshake of the same
    /// role (a client: for the same server name) starts with the next verb. Released buffers
    /// are taken back.
    ///
    /// # Errors
    /// The handshake's errors for a bad config (as the constructors); kind usage
    /// `WREN_ERR_BUFFERS_TOO_SMALL` when [`ConnectionCore::take_buffers`] gave them away.
    pub fn wipe(&mut self) -> Result<(), Error> {
        let config = self.engine.config();
        let role = self.engine.role();
        let rx_len = self.bufs.rx().len();
        if rx_len < MIN_RX || self.bufs.tx().len() < MIN_TX {
            return Err(Error::new(Code::BuffersTooSmall));
        }
        let hs = match role {
            #[cfg(feature = "client")]
            Role::Client => {
                let name = self.engine.handshake().info().server_name;
                crate::roles::client(config, name.as_ref().and_then(|n| n.as_str()))?
            }
            #[cfg(feature = "server")]
            Role::Server => crate::roles::server(config)?,
            #[allow(unreachable_patterns, reason = "one role compiled out")]
            _ => return Err(Error::new(Code::WrongRole)),
        };
        // The old engine (its sealer, opener and handshake secrets) is dropped here, wiping
        // itself; then the buffers.
        self.engine = Engine::new(config, role, hs, rx_len);
        let (rx, tx) = self.bufs.split();
        rx.zeroize();
        tx.zeroize();
        Ok(())
    }

    /// Both buffers, read-only: `(rx, tx)` (e.g. to check that they were wiped).
    #[must_use]
    pub fn buffers(&self) -> (&[u8], &[u8]) {
        (self.bufs.rx(), self.bufs.tx())
    }

    // ---- transport side ----

    /// The free part of the receive buffer: fill it with bytes read from the transport, then
    /// call [`ConnectionCore::rx_commit`]. Empty after a fatal error or the peer's close_notify.
    pub fn rx_space(&mut self) -> &mut [u8] {
        let (rx, _) = self.bufs.split();
        self.engine.rx_space(rx)
    }

    /// `n` bytes were written at the start of [`ConnectionCore::rx_space`]. Claiming more than
    /// it lent is a caller bug that ends the connection (`WREN_ERR_BAD_ACK`).
    pub fn rx_commit(&mut self, n: usize) {
        let len = self.bufs.rx().len();
        self.engine.rx_commit(len, n);
    }

    /// The transport has ended (a read returned 0 bytes). Reads then fail with kind io unless
    /// the peer's close_notify arrived first.
    pub fn rx_eof(&mut self) {
        self.engine.rx_eof();
    }

    /// Records waiting to be written to the transport.
    pub fn tx_pending(&self) -> &[u8] {
        self.engine.tx_pending(self.bufs.tx())
    }

    /// `n` bytes of [`ConnectionCore::tx_pending`] were written. Acknowledging more than is
    /// pending ends the connection (`WREN_ERR_BAD_ACK`).
    pub fn tx_ack(&mut self, n: usize) {
        self.engine.tx_ack(n);
    }

    // ---- application side ----

    /// Drives the handshake: call until it returns `Ok(())` (complete and the last flight
    /// queued for writing has been acknowledged) or an error that is not blocked.
    ///
    /// # Errors
    /// Blocked on read or write; the handshake's errors (kind protocol or internal, with the
    /// alert sent); the peer's alert (kind alert); kind closed if the peer sent close_notify;
    /// kind io if the transport ended; kind usage after shutdown.
    pub fn negotiate(&mut self, now_ms: u64) -> Result<(), Error> {
        let (rx, tx) = self.bufs.split();
        self.engine.negotiate(rx, tx, now_ms)
    }

    /// Encrypts as much of `data` as `tx` has room for (records of at most the record limit)
    /// and returns how many bytes were accepted; the rest is for a later call (s2n-tls's
    /// partial writes). Flush [`ConnectionCore::tx_pending`] to make room.
    ///
    /// # Errors
    /// Blocked on write when no byte fits; kind usage before the handshake completed or after
    /// close_notify was sent; the sticky fatal error.
    pub fn send(&mut self, data: &[u8], now_ms: u64) -> Result<usize, Error> {
        let (_, tx) = self.bufs.split();
        self.engine.send(tx, &[data], 0, now_ms)
    }

    /// [`ConnectionCore::send`] over the concatenation of `bufs`, skipping the first `offset`
    /// bytes (those accepted by earlier calls), as `s2n_sendv_with_offset`.
    ///
    /// # Errors
    /// As [`ConnectionCore::send`].
    pub fn send_vectored_with_offset(
        &mut self,
        bufs: &[&[u8]],
        offset: usize,
        now_ms: u64,
    ) -> Result<usize, Error> {
        let (_, tx) = self.bufs.split();
        self.engine.send(tx, bufs, offset, now_ms)
    }

    /// Decrypts and copies received application data into `out`: at most one record's worth
    /// per call (the rest of a record stays for the next call; see [`ConnectionCore::peek`]).
    /// Returns `Ok(0)` once the peer has sent close_notify (and for an empty `out`).
    /// Post-handshake messages (NewSessionTicket, KeyUpdate) are handled on the way.
    ///
    /// # Errors
    /// Blocked on read (or on write while answering a KeyUpdate); kind usage before the
    /// handshake completed or after shutdown; kind io if the transport ended without
    /// close_notify (truncation); the sticky fatal error.
    pub fn recv(&mut self, out: &mut [u8], now_ms: u64) -> Result<usize, Error> {
        let (rx, tx) = self.bufs.split();
        self.engine.recv(rx, tx, out, now_ms)
    }

    /// Decrypted application bytes ready for [`ConnectionCore::recv`] without reading the
    /// transport.
    #[must_use]
    pub fn peek(&self) -> usize {
        self.engine.peek()
    }

    /// Makes the next record's application data available in place and returns it (empty once
    /// the peer sent close_notify): the zero-copy form of [`ConnectionCore::recv`]. Release it
    /// with [`ConnectionCore::consume`].
    ///
    /// # Errors
    /// As [`ConnectionCore::recv`].
    pub fn fill_buf(&mut self, now_ms: u64) -> Result<&[u8], Error> {
        let (rx, tx) = self.bufs.split();
        self.engine.fill(rx, tx, now_ms)?;
        Ok(self.engine.app_data(self.bufs.rx()))
    }

    /// The application data already decrypted and not yet consumed (what
    /// [`ConnectionCore::peek`] counts).
    #[must_use]
    pub fn buffered(&self) -> &[u8] {
        self.engine.app_data(self.bufs.rx())
    }

    /// Marks `n` bytes of [`ConnectionCore::fill_buf`] as read (they are wiped).
    pub fn consume(&mut self, n: usize) {
        let (rx, _) = self.bufs.split();
        self.engine.consume_app(rx, n);
    }

    /// Graceful close both ways: queues close_notify, waits until it is written, then reads
    /// until the peer's close_notify, discarding application data. Before the handshake
    /// completed it only sends close_notify. Call it after an error too: the alert is pending in
    /// [`ConnectionCore::tx_pending`].
    ///
    /// # Errors
    /// Blocked on write or read; kind io if the transport ends first; the sticky fatal error.
    pub fn shutdown(&mut self, now_ms: u64) -> Result<(), Error> {
        let (rx, tx) = self.bufs.split();
        self.engine.shutdown(rx, tx, now_ms)
    }

    /// Half-close: queues close_notify and waits until it is written; receiving continues
    /// (RFC 8446 §6.1).
    ///
    /// # Errors
    /// Blocked on write; the sticky fatal error.
    pub fn shutdown_send(&mut self, now_ms: u64) -> Result<(), Error> {
        let _ = now_ms;
        let (_, tx) = self.bufs.split();
        self.engine.shutdown_send(tx)
    }

    /// Sends a KeyUpdate (RFC 8446 §4.6.3), asking the peer to update too if `request_peer`;
    /// every later record is sealed with the next keys.
    ///
    /// # Errors
    /// Blocked on write when `tx` has no room; kind usage before the handshake completed or
    /// after close_notify; the sticky fatal error.
    pub fn key_update(&mut self, request_peer: bool) -> Result<(), Error> {
        let (_, tx) = self.bufs.split();
        self.engine.key_update(tx, request_peer)
    }

    // ---- PSKs, resumption and 0-RTT ----

    /// Client, before the handshake: resumes the session in `session` (bytes a
    /// [`crate::config::TicketCallback`] received; s2n-tls's `s2n_connection_set_session`).
    /// Its ticket is offered in resumption mode; a ticket the server no longer accepts (expired,
    /// key rotated out, already used) just means a full handshake.
    ///
    /// The bytes are kept at the end of the receive buffer (idle until the ClientHello is out)
    /// and wiped once the ClientHello is written, so the connection holds no session-sized
    /// room of its own; releasing the buffers before the handshake drops the session.
    ///
    /// # Errors
    /// Kind usage: `WREN_ERR_BAD_SESSION` for bytes that are not a session,
    /// `WREN_ERR_BAD_STATE` after the handshake started (or with received bytes buffered or
    /// the buffers released), `WREN_ERR_BUFFERS_TOO_SMALL` when the receive buffer is shorter
    /// than the session, `WREN_ERR_WRONG_ROLE` on a server.
    pub fn set_session(&mut self, session: &[u8]) -> Result<(), Error> {
        let (rx, _) = self.bufs.split();
        self.engine.set_session(rx, session)
    }

    /// Before the handshake: this connection's external PSKs, first preferred, instead of the
    /// config's, and external-PSK mode (s2n-tls's `s2n_connection_append_psk`). Both roles.
    ///
    /// # Errors
    /// Kind usage (`WREN_ERR_BAD_STATE`) after the handshake started.
    pub fn set_psks(&mut self, psks: &'c [tls_psk::ExternalPsk<'c>]) -> Result<(), Error> {
        self.engine.set_psks(psks)
    }

    /// Before the handshake: resumption or external PSKs for this connection, instead of the
    /// config's mode (s2n-tls's `s2n_connection_set_psk_mode`).
    ///
    /// # Errors
    /// Kind usage (`WREN_ERR_BAD_STATE`) after the handshake started.
    pub fn set_psk_mode(&mut self, mode: tls_psk::PskMode) -> Result<(), Error> {
        self.engine.set_psk_mode(mode)
    }

    /// Client: writes 0-RTT data (s2n-tls's `s2n_send_early_data`, OpenSSL's
    /// `SSL_write_early_data`). The first call writes the ClientHello offering 0-RTT (when the
    /// session or first PSK allows it): call it before [`ConnectionCore::negotiate`]. Returns
    /// how many bytes were taken (partial writes, as [`ConnectionCore::send`]); `Ok(0)` for
    /// non-empty `data` once 0-RTT is over (the server rejected it, or the handshake moved on):
    /// call [`ConnectionCore::negotiate`], then see [`ConnectionCore::early_data_status`].
    ///
    /// # Errors
    /// Blocked on write when `tx` has no room (flush [`ConnectionCore::tx_pending`] and call
    /// again); kind usage `WREN_ERR_EARLY_DATA_TOO_LARGE` when the bytes already taken plus
    /// `data` exceed what the session or PSK allows (nothing is sent; see
    /// [`ConnectionCore::remaining_early_data`]), including when 0-RTT was not offered at all;
    /// `WREN_ERR_WRONG_ROLE` on a server; the sticky fatal error.
    pub fn send_early_data(&mut self, data: &[u8], now_ms: u64) -> Result<usize, Error> {
        let (rx, tx) = self.bufs.split();
        self.engine.send_early_data(rx, tx, data, now_ms)
    }

    /// Client: how much more 0-RTT data may be sent (s2n-tls's
    /// `s2n_connection_get_remaining_early_data_size`): before the handshake, what the session
    /// or first PSK allows; then what is left of the offer (0 if not offered, rejected or
    /// over). Server: how much more accepted 0-RTT data may arrive.
    #[must_use]
    pub fn remaining_early_data(&self) -> u32 {
        self.engine.remaining_early_data()
    }

    /// Server: reads 0-RTT data (s2n-tls's `s2n_recv_early_data`, OpenSSL's
    /// `SSL_read_early_data`) before [`ConnectionCore::negotiate`]; call it until it returns
    /// `Ok(0)`: no early data was offered, it was rejected (and is being skipped), or all of it
    /// was read (and for an empty `out`). Then [`ConnectionCore::negotiate`]. The handshake's
    /// own flight is written on the way (it is blocked on write when `tx` must be flushed).
    ///
    /// # Errors
    /// Blocked on read or write; blocked on application input while an early-data decision is
    /// pending ([`ConnectionCore::accept_early_data`]); kind protocol
    /// `WREN_ERR_TOO_MUCH_EARLY_DATA` when the client sends more than allowed; kind usage on a
    /// client; the sticky fatal error.
    pub fn recv_early_data(&mut self, out: &mut [u8], now_ms: u64) -> Result<usize, Error> {
        let (rx, tx) = self.bufs.split();
        self.engine.recv_early_data(rx, tx, out, now_ms)
    }

    /// What became of 0-RTT data: not sent, accepted or rejected (OpenSSL's
    /// `SSL_get_early_data_status`); final once the handshake is complete. A client reports
    /// rejected from its offer until the server accepts.
    #[must_use]
    pub fn early_data_status(&self) -> tls_psk::EarlyDataStatus {
        self.engine.handshake().info().early_data
    }

    /// Server, after [`crate::Blocked::OnApplicationInput`]: accept the offered 0-RTT data
    /// (the early-data callback answered `Later`; s2n-tls's `s2n_offered_early_data_accept`).
    ///
    /// # Errors
    /// Kind usage `WREN_ERR_BAD_STATE` when no decision is pending; the handshake's errors.
    pub fn accept_early_data(&mut self) -> Result<(), Error> {
        let (_, tx) = self.bufs.split();
        self.engine.decide_early_data(tx, true)
    }

    /// Server, after [`crate::Blocked::OnApplicationInput`]: reject the offered 0-RTT data
    /// (it is skipped; s2n-tls's `s2n_offered_early_data_reject`).
    ///
    /// # Errors
    /// As [`ConnectionCore::accept_early_data`].
    pub fn reject_early_data(&mut self) -> Result<(), Error> {
        let (_, tx) = self.bufs.split();
        self.engine.decide_early_data(tx, false)
    }

    /// Server: sends `n` more session tickets (s2n-tls's
    /// `s2n_connection_add_new_tickets_to_send`): now if `tx` is empty, else with the next
    /// verb; before completion, with the initial tickets. None are sent without a ticket key
    /// in its encrypt window or in external-PSK mode.
    ///
    /// # Errors
    /// Kind usage on a client or after close_notify; the sticky fatal error.
    pub fn send_tickets(&mut self, n: u16) -> Result<(), Error> {
        let (_, tx) = self.bufs.split();
        self.engine.send_tickets(tx, n)
    }

    /// The PSK identity the handshake used (s2n-tls's
    /// `s2n_connection_get_negotiated_psk_identity`): an external PSK's identity, or
    /// [`tls_handshake::negotiated::TICKET_IDENTITY_MARKER`] for a resumption ticket; `None` without a PSK.
    #[must_use]
    pub fn negotiated_psk_identity(&self) -> Option<&[u8]> {
        self.engine
            .handshake()
            .info()
            .psk_identity
            .as_ref()
            .map(|i| i.as_bytes())
    }

    /// Whether the connection was resumed from a session ticket.
    #[must_use]
    pub fn is_resumed(&self) -> bool {
        self.engine.handshake().info().resumed
    }

    // ---- state ----

    /// Whether the handshake has completed.
    #[must_use]
    pub fn is_handshake_complete(&self) -> bool {
        self.engine.is_complete()
    }

    /// Client or server.
    #[must_use]
    pub fn role(&self) -> Role {
        self.engine.role()
    }

    /// The sticky fatal error, if the connection has failed.
    #[must_use]
    pub fn error(&self) -> Option<Error> {
        self.engine.error()
    }

    /// NewSessionTickets received so far (each also goes to the config's ticket callback).
    #[must_use]
    pub fn tickets_received(&self) -> u32 {
        self.engine.tickets_received()
    }

    /// KeyUpdates received from the peer and applied.
    #[must_use]
    pub fn peer_key_updates(&self) -> u32 {
        self.engine.peer_key_updates()
    }

    /// Whether the peer's close_notify has arrived.
    #[must_use]
    pub fn is_peer_closed(&self) -> bool {
        self.engine.peer_closed()
    }

    /// Whether our close_notify has been queued.
    #[must_use]
    pub fn is_send_closed(&self) -> bool {
        self.engine.sent_close()
    }

    /// What the handshake negotiated: suite, group, ALPN, peer subject... (fields fill in as
    /// the handshake proceeds).
    #[must_use]
    pub fn info(&self) -> &tls_handshake::Negotiated {
        self.engine.handshake().info()
    }
}

impl<P: CryptoProvider, B: Buffers> Drop for ConnectionCore<'_, P, B> {
    fn drop(&mut self) {
        let (rx, tx) = self.bufs.split();
        rx.zeroize();
        tx.zeroize();
    }
}

impl<P: CryptoProvider, B: Buffers> core::fmt::Debug for ConnectionCore<'_, P, B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ConnectionCore")
            .field("role", &self.role())
            .field("complete", &self.is_handshake_complete())
            .field("error", &self.error())
            .field("rx_len", &self.bufs.rx().len())
            .field("tx_len", &self.bufs.tx().len())
            .finish_non_exhaustive()
    }
}
