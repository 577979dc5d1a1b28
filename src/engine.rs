//! The connection's logic over borrowed buffers, compiled once per provider whatever the
//! buffers are: [`crate::ConnectionCore`] and [`crate::Connection`] are thin shells that lend
//! their `rx` and `tx` to these functions.

use crate::config::{Config, RecordPreference, RecordSizeLimit, Role, SharedRng};
use crate::error::{Blocked, Code, Error, ErrorKind};
use crate::machine::{Events, Handshake, Machine, Sink};
use crate::rx::{Content, ReadSide};
use crate::sizes::advertised_limit;
use crate::sizes::{MIN_RX, MIN_TX};
use crate::sizing::{DynamicThreshold, SendSizing};
use crate::tx::WriteSide;
use tls_codec::enums::AlertDescription;
use tls_crypto::CryptoProvider;
use tls_crypto::TAG_LEN;
use tls_handshake::{Env, KeyLevel, Output};
use tls_psk::{ExternalPsk, PskMode};
use tls_record::{RecordLimit, HEADER_LEN};

/// Everything but the buffers.
pub(crate) struct Engine<'c, P: CryptoProvider> {
    config: &'c Config<'c, P>,
    role: Role,
    hs: Handshake<'c, P>,
    w: WriteSide<P::Aead>,
    r: ReadSide<P::Aead>,
    ev: Events,
    /// The client wrote its ClientHello / the server was asked to negotiate.
    started: bool,
    /// A peer's change_cipher_spec may be dropped (RFC 8446 §5) once the first ClientHello was
    /// sent or received (until the handshake completes).
    ccs_window: bool,
    /// Our close_notify is queued: nothing more is sent.
    sent_close: bool,
    /// The peer's close_notify arrived: nothing more is read.
    peer_closed: bool,
    /// `shutdown` completed.
    shut_down: bool,
    /// The fatal alert was queued (it is sent once).
    alert_queued: bool,
    /// The sticky error.
    fatal: Option<Error>,
    /// This connection's external PSKs (the config's unless overridden).
    psks: &'c [ExternalPsk<'c>],
    /// This connection's PSK mode (the config's unless overridden).
    psk_mode: PskMode,
    /// Client: `max_early_data` of the session given to `set_session`.
    session_early_max: u32,
    /// Client: length of the encoded session `set_session` parked at the end of `rx` (the
    /// receive buffer is idle until the ClientHello is out), 0 for none. Decoded (and wiped)
    /// when the ClientHello is written: the connection keeps no session-sized copy of its own.
    parked_session: usize,
    /// Client: the 0-RTT allowance when the ClientHello was written (0: not offered).
    early_offered: u32,
    /// Client: 0-RTT bytes accepted by `send_early_data`.
    early_sent: u32,
    /// Server: tickets asked for with `send_tickets` wait for an empty `tx`.
    tickets_queued: bool,
    /// The protocol time of the last call (for calls that take none).
    last_now: u64,
    /// `recv` fills the caller's buffer from several records.
    recv_multi: bool,
    /// `release_buffers` was called: the buffers are wiped and not used until given back.
    released: bool,
    /// The handshake's transient copies were wiped (`free_handshake`).
    handshake_freed: bool,
    /// The record_size_limit we advertise (TLSInnerPlaintext bytes), whether or not it is
    /// sent: the largest record our receive buffer holds.
    advertised: u16,
}

fn blocked(b: Blocked) -> Error {
    Error::blocked(b)
}

/// The `max_early_data` of an encoded session, checked as a decoding checks it (no session is
/// built); `WREN_ERR_BAD_SESSION` for bytes that are not one.
fn session_early_max(bytes: &[u8]) -> Result<u32, Error> {
    tls_psk::Session::decode_max_early_data(bytes).map_err(|e| Error::new(Code::BadSession(e)))
}

impl<'c, P: CryptoProvider> Engine<'c, P> {
    /// A connection whose receive buffer is `rx_len` bytes: the record_size_limit it
    /// advertises is derived from it ([`crate::sizes::advertised_limit`]).
    pub(crate) fn new(
        config: &'c Config<'c, P>,
        role: Role,
        mut hs: Handshake<'c, P>,
        rx_len: usize,
    ) -> Self {
        let rec = config.records;
        let cap = match rec.record_size_limit {
            RecordSizeLimit::AtMost(c) => Some(c),
            RecordSizeLimit::Auto | RecordSizeLimit::Off => None,
        };
        let advertised = u16::try_from(advertised_limit(rx_len, rec.size, cap)).unwrap_or(u16::MAX);
        let full = advertised >= tls_handshake::records::MAX_INNER_LEN;
        let send = match (rec.record_size_limit, role) {
            (RecordSizeLimit::Off, _) => None,
            (RecordSizeLimit::AtMost(_), _) | (RecordSizeLimit::Auto, Role::Server) => {
                Some(advertised)
            }
            (RecordSizeLimit::Auto, Role::Client) => (!full).then_some(advertised),
        };
        hs.set_record_size_limit(send);
        let mut r = ReadSide::new();
        if let (Role::Client, Some(l)) = (role, send) {
            // What we advertise is what rx holds: a server that ignores it (one that does not
            // know record_size_limit, RFC 8449 §4) gets record_overflow for a larger record.
            r.limit = RecordLimit::new(usize::from(l)).unwrap_or(RecordLimit::DEFAULT);
        }
        Self {
            config,
            role,
            hs,
            w: WriteSide::new(SendSizing::new(rec.prefer, rec.dynamic)),
            r,
            ev: Events::default(),
            started: false,
            ccs_window: false,
            sent_close: false,
            peer_closed: false,
            shut_down: false,
            alert_queued: false,
            fatal: None,
            psks: config.handshake.psk.external,
            psk_mode: config.handshake.psk.mode,
            session_early_max: 0,
            parked_session: 0,
            early_offered: 0,
            early_sent: 0,
            tickets_queued: false,
            last_now: 0,
            recv_multi: rec.recv_multi_record,
            released: false,
            handshake_freed: false,
            advertised,
        }
    }

    // ---- state ----

    pub(crate) fn role(&self) -> Role {
        self.role
    }

    pub(crate) fn config(&self) -> &'c Config<'c, P> {
        self.config
    }

    pub(crate) fn handshake(&self) -> &Handshake<'c, P> {
        &self.hs
    }

    pub(crate) fn is_complete(&self) -> bool {
        self.ev.complete || self.hs.is_complete()
    }

    pub(crate) fn error(&self) -> Option<Error> {
        self.fatal
    }

    pub(crate) fn tickets_received(&self) -> u32 {
        self.ev.tickets
    }

    pub(crate) fn peer_key_updates(&self) -> u32 {
        self.ev.peer_key_updates
    }

    pub(crate) fn peer_closed(&self) -> bool {
        self.peer_closed
    }

    pub(crate) fn sent_close(&self) -> bool {
        self.sent_close
    }

    pub(crate) fn peek(&self) -> usize {
        self.r.app_len()
    }

    pub(crate) fn app_data<'r>(&self, rx: &'r [u8]) -> &'r [u8] {
        self.r.app_data(rx)
    }

    pub(crate) fn consume_app(&mut self, rx: &mut [u8], n: usize) {
        self.r.consume_app(rx, n);
    }

    // ---- transport side ----

    pub(crate) fn rx_space<'r>(&mut self, rx: &'r mut [u8]) -> &'r mut [u8] {
        if self.fatal.is_some() || self.peer_closed || self.released {
            return &mut [];
        }
        // A parked session's bytes are not lent out.
        let usable = rx.len().saturating_sub(self.parked_session);
        match rx.get_mut(..usable) {
            Some(rx) => self.r.space(rx),
            None => &mut [],
        }
    }

    pub(crate) fn rx_commit(&mut self, rx_len: usize, n: usize) {
        let rx_len = rx_len.saturating_sub(self.parked_session);
        if let Err(e) = self.r.commit(rx_len, n) {
            self.fatal.get_or_insert(e);
        }
    }

    pub(crate) fn rx_eof(&mut self) {
        self.r.eof = true;
    }

    pub(crate) fn tx_pending<'t>(&self, tx: &'t [u8]) -> &'t [u8] {
        self.w.pending(tx)
    }

    pub(crate) fn tx_ack(&mut self, n: usize) {
        if let Err(e) = self.w.ack(n) {
            self.fatal.get_or_insert(e);
        }
    }

    // ---- errors ----

    fn check(&self) -> Result<(), Error> {
        if let Some(e) = self.fatal {
            return Err(e);
        }
        if self.released {
            return Err(Error::new(Code::BuffersReleased));
        }
        Ok(())
    }

    /// Makes a fatal error sticky and queues its alert once; other errors pass through.
    fn guard<T>(&mut self, tx: &mut [u8], r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|e| {
            if !e.is_fatal() {
                return e;
            }
            if let Some(first) = self.fatal {
                return first;
            }
            self.fatal = Some(e);
            let ours = matches!(e.kind(), ErrorKind::Protocol | ErrorKind::Internal);
            if let (true, Some(alert), false, false) =
                (ours, e.alert(), self.alert_queued, self.sent_close)
            {
                // Best effort: the reserve at the end of tx makes room; a sealing failure
                // (exhausted sequence numbers) leaves the peer without the alert.
                let _ = self.w.queue_alert(tx, alert);
                self.alert_queued = true;
            }
            e
        })
    }

    // ---- the handshake ----

    /// Runs one handshake call with the connection as its [`Output`].
    fn with_handshake<F>(&mut self, tx: &mut [u8], now_ms: u64, f: F) -> Result<(), Error>
    where
        F: FnOnce(
            &mut Handshake<'c, P>,
            &mut dyn Output,
            &mut Env<'_>,
        ) -> tls_handshake::Result<()>,
    {
        let Self {
            config,
            role,
            hs,
            w,
            r,
            ev,
            sent_close,
            ..
        } = self;
        let mut sink = Sink {
            provider: config.handshake.provider,
            tx,
            w,
            r,
            ev,
            role: *role,
            ticket_callback: config.ticket_callback,
            write_closed: *sent_close,
            err: None,
        };
        let mut rng = SharedRng(config.rng);
        let mut env = Env {
            rng: &mut rng,
            now_ms,
            unix_time: config.unix_time.map(|f| f()),
        };
        let res = f(hs, &mut sink, &mut env);
        let res = sink.result(res);
        if self.ev.early_accepted {
            // Accepted 0-RTT is read under the early keys installed just now, up to the limit.
            self.ev.early_accepted = false;
            self.r.early_left = Some(self.early_limit());
        }
        res
    }

    /// Server: the most accepted 0-RTT data: an external PSK's own `max_early_data`, else
    /// `recv_max_early_data` (never below `max_early_data`).
    fn early_limit(&self) -> u32 {
        let recv = self.config.handshake.early_data.recv_limit();
        let info = self.hs.info();
        match (info.resumed, &info.psk_identity) {
            (false, Some(id)) => self
                .psks
                .iter()
                .find(|p| p.identity == id.as_bytes())
                .map_or(recv, ExternalPsk::max_early_data),
            _ => recv,
        }
    }

    /// Starts the handshake once: the client writes its ClientHello (offering 0-RTT if
    /// `early` and the session or PSK allows it).
    fn start(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        now_ms: u64,
        early: bool,
    ) -> Result<(), Error> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        if self.role == Role::Client {
            self.ccs_window = true;
            self.hs.set_early_data(early);
            if self.parked_session > 0 {
                self.start_parked(rx, tx, now_ms)?;
            } else {
                self.with_handshake(tx, now_ms, |hs, out, env| hs.start(out, env))?;
            }
            self.early_offered = self.hs.early_data_offered();
        }
        Ok(())
    }

    /// The ClientHello resuming the session parked in `rx`: read in place there
    /// ([`tls_psk::SessionRef`], no session-sized copy on the stack) and lent to the
    /// handshake; the parked bytes are wiped once it is written.
    #[inline(never)]
    fn start_parked(&mut self, rx: &mut [u8], tx: &mut [u8], now_ms: u64) -> Result<(), Error> {
        let from = rx.len().saturating_sub(self.parked_session);
        let started = match rx.get(from..).map(tls_psk::SessionRef::decode) {
            Some(Ok(session)) => self.with_handshake(tx, now_ms, |hs, out, env| {
                hs.start_with_session_ref(session, out, env)
            }),
            _ => Err(Error::new(Code::BadState)),
        };
        self.unpark(rx);
        started
    }

    /// Wipes a parked session's bytes.
    fn unpark(&mut self, rx: &mut [u8]) {
        let from = rx.len().saturating_sub(self.parked_session);
        if let Some(parked) = rx.get_mut(from..) {
            zeroize::Zeroize::zeroize(parked);
        }
        self.parked_session = 0;
    }

    /// Writes tickets asked for with `send_tickets` once `tx` is empty.
    fn flush_queued_tickets(&mut self, tx: &mut [u8], now_ms: u64) -> Result<(), Error> {
        if self.tickets_queued && self.is_complete() && !self.w.has_pending() && !self.sent_close {
            self.tickets_queued = false;
            self.with_handshake(tx, now_ms, |hs, out, env| hs.flush_tickets(out, env))?;
        }
        Ok(())
    }

    /// Hands every whole buffered handshake message to the handshake, one at a time, each only
    /// once `tx` is empty (so its answer has the whole buffer).
    fn handle_messages(&mut self, rx: &mut [u8], tx: &mut [u8], now_ms: u64) -> Result<(), Error> {
        while let Some(len) = self.r.whole_message(rx) {
            if self.w.has_pending() {
                return Err(blocked(Blocked::OnWrite));
            }
            self.ev.read_keys_changed = false;
            let message = rx.get(..len).unwrap_or(&[]);
            self.with_handshake(tx, now_ms, |hs, out, env| hs.handle(message, out, env))?;
            self.r.consume_message(rx, len)?;
            // RFC 8446 §5.1: handshake messages must not span a key change.
            if self.ev.read_keys_changed && self.r.has_handshake_bytes() {
                return Err(Error::detected(Code::UnexpectedMessage));
            }
        }
        Ok(())
    }

    /// Opens the next record and applies what it says about the connection.
    fn read_one(&mut self, rx: &mut [u8]) -> Result<Option<Content>, Error> {
        let complete = self.is_complete();
        let ccs_ok = self.ccs_window && !complete;
        let plain_alert_ok = !complete
            && self
                .r
                .opener
                .as_ref()
                .is_none_or(|o| o.sequence_number() == Some(0));
        let content = self.r.next_record(rx, ccs_ok, plain_alert_ok, complete)?;
        match content {
            Some(Content::Alert(AlertDescription::CLOSE_NOTIFY)) => self.peer_closed = true,
            Some(Content::Alert(a)) => return Err(Error::peer_alert(a)),
            Some(Content::Handshake) if self.role == Role::Server => self.ccs_window = true,
            _ => {}
        }
        Ok(content)
    }

    /// Drives the handshake until it completes and its last flight is written.
    pub(crate) fn negotiate(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        now_ms: u64,
    ) -> Result<(), Error> {
        self.check()?;
        let r = self.negotiate_inner(rx, tx, now_ms);
        self.guard(tx, r)
    }

    fn negotiate_inner(&mut self, rx: &mut [u8], tx: &mut [u8], now_ms: u64) -> Result<(), Error> {
        if self.shut_down || (self.sent_close && !self.is_complete()) {
            return Err(Error::new(Code::AfterShutdown));
        }
        self.last_now = now_ms;
        self.start(rx, tx, now_ms, false)?;
        loop {
            if self.is_complete() {
                self.flush_queued_tickets(tx, now_ms)?;
                return if self.w.has_pending() {
                    Err(blocked(Blocked::OnWrite))
                } else {
                    Ok(())
                };
            }
            if self.hs.awaiting_early_data_decision() {
                return Err(blocked(Blocked::OnApplicationInput));
            }
            // Server: accepted 0-RTT data is buffered; `recv_early_data` must take it first.
            if self.r.app_len() > 0 {
                return Err(blocked(Blocked::OnEarlyData));
            }
            if self.r.whole_message(rx).is_some() {
                self.handle_messages(rx, tx, now_ms)?;
                continue;
            }
            match self.read_one(rx)? {
                None if self.w.has_pending() => return Err(blocked(Blocked::OnWrite)),
                None if self.r.eof => return Err(Error::new(Code::Transport)),
                None => return Err(blocked(Blocked::OnRead)),
                Some(Content::Alert(_)) => return Err(Error::new(Code::PeerClosed)),
                Some(_) => {}
            }
        }
    }

    // ---- application data ----

    fn ready_to_send(&self) -> Result<(), Error> {
        self.check()?;
        if !self.is_complete() {
            return Err(Error::new(Code::NotNegotiated));
        }
        if self.sent_close {
            return Err(Error::new(Code::AfterShutdown));
        }
        Ok(())
    }

    /// Seals as much of `bufs` (after `offset`) as `tx` holds, in records of at most the record
    /// limit; returns the bytes accepted.
    pub(crate) fn send(
        &mut self,
        tx: &mut [u8],
        bufs: &[&[u8]],
        offset: usize,
        now_ms: u64,
    ) -> Result<usize, Error> {
        self.ready_to_send()?;
        let r = self.send_inner(tx, bufs, offset, now_ms);
        self.guard(tx, r)
    }

    fn send_inner(
        &mut self,
        tx: &mut [u8],
        bufs: &[&[u8]],
        offset: usize,
        now_ms: u64,
    ) -> Result<usize, Error> {
        self.last_now = now_ms;
        self.flush_queued_tickets(tx, now_ms)?;
        let total = bufs.iter().fold(0usize, |a, b| a.saturating_add(b.len()));
        if total <= offset {
            return Ok(0);
        }
        // RFC 8446 §5.5: rekey before the key's limit.
        if self.w.needs_key_update() && self.w.make_room(tx, 1)? {
            self.with_handshake(tx, now_ms, |hs, out, _| hs.send_key_update(false, out))?;
        }
        self.w.sizing.begin(now_ms);
        let mut done = 0usize;
        loop {
            let n = self
                .w
                .seal_app_data(tx, bufs, offset.saturating_add(done))?;
            if n == 0 {
                break;
            }
            self.w.sizing.record(n, now_ms);
            done = done.saturating_add(n);
        }
        if done == 0 {
            return Err(blocked(Blocked::OnWrite));
        }
        Ok(done)
    }

    /// Makes decrypted application data available (one record's worth); returns how much, or 0
    /// once the peer has sent close_notify.
    pub(crate) fn fill(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        now_ms: u64,
    ) -> Result<usize, Error> {
        self.check()?;
        if !self.is_complete() {
            return Err(Error::new(Code::NotNegotiated));
        }
        if self.shut_down {
            return Err(Error::new(Code::AfterShutdown));
        }
        let r = self.fill_inner(rx, tx, now_ms);
        self.guard(tx, r)
    }

    fn fill_inner(&mut self, rx: &mut [u8], tx: &mut [u8], now_ms: u64) -> Result<usize, Error> {
        self.last_now = now_ms;
        self.flush_queued_tickets(tx, now_ms)?;
        loop {
            let ready = self.r.app_len();
            if ready > 0 {
                return Ok(ready);
            }
            if self.peer_closed {
                return Ok(0);
            }
            if self.r.whole_message(rx).is_some() {
                self.handle_messages(rx, tx, now_ms)?;
                continue;
            }
            match self.read_one(rx)? {
                None if self.r.eof => return Err(Error::new(Code::Transport)),
                None => return Err(blocked(Blocked::OnRead)),
                Some(_) => {}
            }
        }
    }

    /// Copies received application data (at most one record's) into `out`.
    pub(crate) fn recv(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        out: &mut [u8],
        now_ms: u64,
    ) -> Result<usize, Error> {
        if out.is_empty() {
            self.check()?;
            return Ok(0);
        }
        let mut total = 0usize;
        loop {
            let ready = match self.fill(rx, tx, now_ms) {
                Ok(r) => r,
                // Multi-record: what was read is returned; a blocked or failed next record
                // is for the next call (errors are sticky).
                Err(_) if total > 0 => break,
                Err(e) => return Err(e),
            };
            if ready == 0 {
                break;
            }
            let dst = out.get_mut(total..).unwrap_or(&mut []);
            let n = ready.min(dst.len());
            let src = self.r.app_data(rx).get(..n).unwrap_or(&[]);
            if let Some(d) = dst.get_mut(..src.len()) {
                d.copy_from_slice(src);
            }
            self.r.consume_app(rx, n);
            total = total.saturating_add(n);
            if !self.recv_multi || total >= out.len() {
                break;
            }
        }
        Ok(total)
    }

    // ---- record sizing ----

    pub(crate) fn set_recv_multi_record(&mut self, on: bool) {
        self.recv_multi = on;
    }

    pub(crate) fn set_preference(&mut self, prefer: RecordPreference) {
        self.w.sizing.prefer = prefer;
    }

    pub(crate) fn set_dynamic_threshold(&mut self, d: Option<DynamicThreshold>) {
        self.w.sizing.dynamic = d;
    }

    /// The record_size_limit this connection advertises (or would), from its receive buffer.
    pub(crate) fn advertised_limit(&self) -> u16 {
        self.advertised
    }

    /// The most application data the next record we send carries: the negotiated limit, the
    /// preference and dynamic sizing, whichever is smallest.
    pub(crate) fn send_record_content(&self) -> usize {
        self.w.app_content_cap()
    }

    // ---- memory ----

    /// Nothing buffered either way: no pending records, no received bytes.
    fn idle(&self) -> bool {
        !self.w.has_pending() && self.r.is_empty()
    }

    /// Wipes what the handshake left in the buffers' free space (its plaintext messages: the
    /// peer's certificates, Finished); the state machine's own transient state (transcript,
    /// handshake secrets, the peer's key) was dropped and zeroized state by state.
    pub(crate) fn free_handshake(&mut self, rx: &mut [u8], tx: &mut [u8]) -> Result<(), Error> {
        self.check()?;
        if !self.is_complete() {
            return Err(Error::new(Code::NotNegotiated));
        }
        self.r.wipe_free(rx);
        self.w.wipe_free(tx);
        self.handshake_freed = true;
        Ok(())
    }

    pub(crate) fn handshake_freed(&self) -> bool {
        self.handshake_freed
    }

    /// An idle connection gives its buffers up: both are wiped and unused until
    /// [`Engine::reacquire`].
    pub(crate) fn release(&mut self, rx: &mut [u8], tx: &mut [u8]) -> Result<(), Error> {
        self.check()?;
        if !self.idle() {
            return Err(Error::new(Code::BuffersBusy));
        }
        zeroize::Zeroize::zeroize(rx);
        zeroize::Zeroize::zeroize(tx);
        // A session parked in `rx` goes with it (the handshake then is a full one).
        if self.parked_session > 0 {
            self.parked_session = 0;
            self.session_early_max = 0;
        }
        self.r.reset_offsets();
        self.w.reset_offsets();
        self.released = true;
        Ok(())
    }

    pub(crate) fn is_released(&self) -> bool {
        self.released
    }

    /// Buffers of `rx_len` and `tx_len` bytes are back.
    pub(crate) fn reacquire(&mut self, rx_len: usize, tx_len: usize) -> Result<(), Error> {
        if let Some(e) = self.fatal {
            return Err(e);
        }
        // The peer was told our limit: rx must still hold such a record.
        let need = usize::from(self.advertised).saturating_add(HEADER_LEN + TAG_LEN);
        if rx_len < need.max(MIN_RX) || tx_len < MIN_TX {
            return Err(Error::new(Code::BuffersTooSmall));
        }
        self.released = false;
        Ok(())
    }

    // ---- PSKs, resumption and 0-RTT ----

    /// Fails unless this is `role` and the handshake has not started.
    fn before_start(&self, role: Role) -> Result<(), Error> {
        self.check()?;
        if self.role != role {
            return Err(Error::new(Code::WrongRole));
        }
        if self.started {
            return Err(Error::new(Code::BadState));
        }
        Ok(())
    }

    /// Client: parks the encoded session `bytes` at the end of `rx` until the ClientHello.
    pub(crate) fn set_session(&mut self, rx: &mut [u8], bytes: &[u8]) -> Result<(), Error> {
        self.before_start(Role::Client)?;
        if self.released || !self.r.is_empty() {
            return Err(Error::new(Code::BadState));
        }
        let max = session_early_max(bytes)?;
        // A session set before is replaced.
        self.unpark(rx);
        let from = rx
            .len()
            .checked_sub(bytes.len())
            .ok_or(Error::new(Code::BuffersTooSmall))?;
        rx.get_mut(from..)
            .ok_or(Error::new(Code::BuffersTooSmall))?
            .copy_from_slice(bytes);
        self.parked_session = bytes.len();
        self.session_early_max = max;
        Ok(())
    }

    pub(crate) fn set_psks(&mut self, psks: &'c [ExternalPsk<'c>]) -> Result<(), Error> {
        self.check()?;
        if self.started {
            return Err(Error::new(Code::BadState));
        }
        self.psks = psks;
        self.hs.set_external_psks(psks);
        self.set_psk_mode(PskMode::External)
    }

    pub(crate) fn set_psk_mode(&mut self, mode: PskMode) -> Result<(), Error> {
        self.check()?;
        if self.started {
            return Err(Error::new(Code::BadState));
        }
        self.psk_mode = mode;
        self.hs.set_psk_mode(mode);
        Ok(())
    }

    /// Whether 0-RTT data may be written now (client): the early keys are installed and the
    /// offer was not rejected.
    fn early_window_open(&self) -> bool {
        self.ev.write_level == Some(KeyLevel::EarlyData) && self.hs.early_data_offered() > 0
    }

    pub(crate) fn remaining_early_data(&self) -> u32 {
        match self.role {
            Role::Client if !self.started => match self.psk_mode {
                PskMode::Resumption => self.session_early_max,
                PskMode::External => self.psks.first().map_or(0, ExternalPsk::max_early_data),
            },
            Role::Client if self.early_window_open() => {
                self.early_offered.saturating_sub(self.early_sent)
            }
            Role::Client => 0,
            Role::Server => self.r.early_left.unwrap_or(0),
        }
    }

    pub(crate) fn send_early_data(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        data: &[u8],
        now_ms: u64,
    ) -> Result<usize, Error> {
        self.check()?;
        if self.role != Role::Client {
            return Err(Error::new(Code::WrongRole));
        }
        if self.sent_close || self.shut_down {
            return Err(Error::new(Code::AfterShutdown));
        }
        let r = self.send_early_inner(rx, tx, data, now_ms);
        self.guard(tx, r)
    }

    fn send_early_inner(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        data: &[u8],
        now_ms: u64,
    ) -> Result<usize, Error> {
        self.last_now = now_ms;
        self.start(rx, tx, now_ms, true)?;
        let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
        if self.early_sent.saturating_add(len) > self.early_offered {
            return Err(Error::new(Code::EarlyDataTooLarge));
        }
        // Rejected (HelloRetryRequest, EncryptedExtensions) or over (EndOfEarlyData sent).
        if data.is_empty() || !self.early_window_open() {
            return Ok(0);
        }
        let mut done = 0usize;
        loop {
            let n = self.w.seal_app_data(tx, &[data], done)?;
            if n == 0 {
                break;
            }
            done = done.saturating_add(n);
        }
        if done == 0 {
            return Err(blocked(Blocked::OnWrite));
        }
        self.early_sent = self
            .early_sent
            .saturating_add(u32::try_from(done).unwrap_or(u32::MAX));
        Ok(done)
    }

    /// Server: the ClientHello was answered (flight or HelloRetryRequest) and no accepted
    /// 0-RTT remains to be read.
    fn early_data_over(&self) -> bool {
        let info = self.hs.info();
        (info.suite.is_some() || info.hello_retry) && self.r.early_left.is_none()
    }

    pub(crate) fn recv_early_data(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        out: &mut [u8],
        now_ms: u64,
    ) -> Result<usize, Error> {
        self.check()?;
        if self.role != Role::Server {
            return Err(Error::new(Code::WrongRole));
        }
        if self.shut_down || self.sent_close {
            return Err(Error::new(Code::AfterShutdown));
        }
        let r = self.recv_early_inner(rx, tx, out, now_ms);
        self.guard(tx, r)
    }

    fn recv_early_inner(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        out: &mut [u8],
        now_ms: u64,
    ) -> Result<usize, Error> {
        self.last_now = now_ms;
        self.start(rx, tx, now_ms, false)?;
        loop {
            if self.hs.awaiting_early_data_decision() {
                return Err(blocked(Blocked::OnApplicationInput));
            }
            let ready = self.r.app_len();
            if ready > 0 && !self.is_complete() {
                let n = ready.min(out.len());
                let src = self.r.app_data(rx).get(..n).unwrap_or(&[]);
                if let Some(dst) = out.get_mut(..src.len()) {
                    dst.copy_from_slice(src);
                }
                self.r.consume_app(rx, n);
                return Ok(n);
            }
            if out.is_empty() || self.is_complete() || self.early_data_over() {
                return Ok(0);
            }
            if self.r.whole_message(rx).is_some() {
                self.handle_messages(rx, tx, now_ms)?;
                continue;
            }
            match self.read_one(rx)? {
                None if self.w.has_pending() => return Err(blocked(Blocked::OnWrite)),
                None if self.r.eof => return Err(Error::new(Code::Transport)),
                None => return Err(blocked(Blocked::OnRead)),
                Some(Content::Alert(_)) => return Err(Error::new(Code::PeerClosed)),
                Some(_) => {}
            }
        }
    }

    /// Server: the application's late 0-RTT decision.
    pub(crate) fn decide_early_data(&mut self, tx: &mut [u8], accept: bool) -> Result<(), Error> {
        self.check()?;
        if self.role != Role::Server {
            return Err(Error::new(Code::WrongRole));
        }
        if !self.hs.awaiting_early_data_decision() {
            return Err(Error::new(Code::BadState));
        }
        let now = self.last_now;
        let r = self.with_handshake(tx, now, |hs, out, env| {
            hs.decide_early_data(accept, out, env)
        });
        self.guard(tx, r)
    }

    /// Server: `n` more tickets, written now if `tx` is empty, else with the next verb.
    pub(crate) fn send_tickets(&mut self, tx: &mut [u8], n: u16) -> Result<(), Error> {
        self.check()?;
        if self.role != Role::Server {
            return Err(Error::new(Code::WrongRole));
        }
        if self.sent_close {
            return Err(Error::new(Code::AfterShutdown));
        }
        self.hs.send_tickets(n);
        if !self.is_complete() {
            // The handshake sends them with its initial tickets.
            return Ok(());
        }
        self.tickets_queued = true;
        let now = self.last_now;
        let r = self.flush_queued_tickets(tx, now);
        self.guard(tx, r)
    }

    // ---- closing and rekeying ----

    /// Queues close_notify once and waits until it is written.
    pub(crate) fn shutdown_send(&mut self, tx: &mut [u8]) -> Result<(), Error> {
        self.check()?;
        let r = self.shutdown_send_inner(tx);
        self.guard(tx, r)
    }

    fn shutdown_send_inner(&mut self, tx: &mut [u8]) -> Result<(), Error> {
        if !self.sent_close {
            self.w.queue_alert(tx, AlertDescription::CLOSE_NOTIFY)?;
            self.sent_close = true;
        }
        if self.w.has_pending() {
            return Err(blocked(Blocked::OnWrite));
        }
        Ok(())
    }

    /// close_notify both ways: ours written, then the peer's read (application data received
    /// meanwhile is discarded). Before the handshake completed only ours is sent.
    pub(crate) fn shutdown(
        &mut self,
        rx: &mut [u8],
        tx: &mut [u8],
        now_ms: u64,
    ) -> Result<(), Error> {
        self.check()?;
        if self.shut_down {
            return Ok(());
        }
        let r = self.shutdown_inner(rx, tx, now_ms);
        self.guard(tx, r)
    }

    fn shutdown_inner(&mut self, rx: &mut [u8], tx: &mut [u8], now_ms: u64) -> Result<(), Error> {
        self.shutdown_send_inner(tx)?;
        if !self.is_complete() {
            self.shut_down = true;
            return Ok(());
        }
        loop {
            self.r.discard_app(rx);
            if self.peer_closed {
                self.shut_down = true;
                return Ok(());
            }
            if self.r.whole_message(rx).is_some() {
                self.handle_messages(rx, tx, now_ms)?;
                continue;
            }
            match self.read_one(rx)? {
                None if self.r.eof => return Err(Error::new(Code::Transport)),
                None => return Err(blocked(Blocked::OnRead)),
                Some(_) => {}
            }
        }
    }

    /// Sends a KeyUpdate (RFC 8446 §4.6.3) and switches our write keys.
    pub(crate) fn key_update(&mut self, tx: &mut [u8], request_peer: bool) -> Result<(), Error> {
        self.ready_to_send()?;
        // KeyUpdate: 4-byte header + 1-byte body in one sealed record.
        if !self.w.make_room(tx, 5)? {
            return Err(blocked(Blocked::OnWrite));
        }
        let r = self.with_handshake(tx, 0, |hs, out, _| hs.send_key_update(request_peer, out));
        self.guard(tx, r)
    }
}
