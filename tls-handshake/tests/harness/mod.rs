//! In-memory harness for Wren client ↔ Wren server handshakes: an `Output` that records
//! committed messages with the keys they were sent under, and a pump that splits flights
//! into messages and feeds them to the other side, checking that the receiver reads with
//! the keys the sender wrote with.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "test helpers: a panic is the verdict"
)]

pub mod pki;
pub mod rsa_signer;

use tls_crypto::{RustCrypto, TestRng};
use tls_handshake::{
    ClientHandshake, Env, Error, Event, KeyLevel, Output, ServerHandshake, Suite, TrafficKeys,
};

pub const P: &RustCrypto = &RustCrypto;
/// 2027-01-15: inside every test certificate's validity but `leaf-expired`'s.
pub const NOW: u64 = 1_800_000_000;

/// Keys as installed: level, suite, key and IV bytes.
pub type KeyTag = Option<(KeyLevel, Suite, Vec<u8>)>;

fn tag(suite: Suite, level: KeyLevel, keys: &TrafficKeys) -> KeyTag {
    let mut b = keys.key().to_vec();
    b.extend_from_slice(keys.iv());
    Some((level, suite, b))
}

/// What an endpoint put on the wire, in order.
#[derive(Clone, Debug)]
pub enum Item {
    /// Committed handshake bytes, with the write keys in force.
    Handshake(KeyTag, Vec<u8>),
    /// A dummy change_cipher_spec record.
    ChangeCipherSpec,
}

/// An owned copy of an [`Event`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ev {
    Complete,
    Ticket { lifetime: u32, ticket: Vec<u8> },
    PeerKeyUpdated,
    EarlyAccepted,
    EarlyRejected(u32),
    EarlyPending,
}

pub struct Recorder {
    space: Vec<u8>,
    pub outbound: Vec<Item>,
    pub write: KeyTag,
    pub read: KeyTag,
    pub events: Vec<Ev>,
    pub write_changes: Vec<KeyLevel>,
    pub read_changes: Vec<KeyLevel>,
    pub ccs: usize,
    /// Encoded sessions of the NewSessionTicket events, in order.
    pub sessions: Vec<Vec<u8>>,
}

impl Recorder {
    pub fn new(space: usize) -> Self {
        Self {
            space: vec![0; space],
            outbound: Vec::new(),
            write: None,
            read: None,
            events: Vec::new(),
            write_changes: Vec::new(),
            read_changes: Vec::new(),
            ccs: 0,
            sessions: Vec::new(),
        }
    }
}

impl Output for Recorder {
    fn handshake_space(&mut self) -> &mut [u8] {
        &mut self.space
    }
    fn commit_handshake(&mut self, len: usize) -> tls_handshake::Result<()> {
        let bytes = self.space[..len].to_vec();
        self.outbound
            .push(Item::Handshake(self.write.clone(), bytes));
        Ok(())
    }
    fn send_change_cipher_spec(&mut self) -> tls_handshake::Result<()> {
        self.ccs += 1;
        self.outbound.push(Item::ChangeCipherSpec);
        Ok(())
    }
    fn set_write_keys(
        &mut self,
        suite: Suite,
        level: KeyLevel,
        keys: &TrafficKeys,
    ) -> tls_handshake::Result<()> {
        self.write = tag(suite, level, keys);
        self.write_changes.push(level);
        Ok(())
    }
    fn set_read_keys(
        &mut self,
        suite: Suite,
        level: KeyLevel,
        keys: &TrafficKeys,
    ) -> tls_handshake::Result<()> {
        self.read = tag(suite, level, keys);
        self.read_changes.push(level);
        Ok(())
    }
    fn clear_write_keys(&mut self) -> tls_handshake::Result<()> {
        self.write = None;
        Ok(())
    }
    fn event(&mut self, event: Event<'_>) {
        self.events.push(match event {
            Event::HandshakeComplete => Ev::Complete,
            Event::NewSessionTicket {
                lifetime,
                ticket,
                session,
                ..
            } => {
                if let Some(s) = session {
                    let mut buf = vec![0; tls_psk::MAX_SESSION_LEN];
                    let n = s.encode(&mut buf).unwrap();
                    buf.truncate(n);
                    self.sessions.push(buf);
                }
                Ev::Ticket {
                    lifetime,
                    ticket: ticket.to_vec(),
                }
            }
            Event::PeerKeyUpdated => Ev::PeerKeyUpdated,
            Event::EarlyDataAccepted => Ev::EarlyAccepted,
            Event::EarlyDataRejected { skip_limit } => Ev::EarlyRejected(skip_limit),
            Event::EarlyDataPending => Ev::EarlyPending,
            _ => panic!("unknown event"),
        });
    }
}

/// Which side failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

/// Either role, so the pump can drive both alike.
pub enum Endpoint<'h, 'c> {
    Client(&'h mut ClientHandshake<'c, RustCrypto>),
    Server(&'h mut ServerHandshake<'c, RustCrypto>),
}

impl Endpoint<'_, '_> {
    fn handle(
        &mut self,
        m: &[u8],
        out: &mut Recorder,
        env: &mut Env<'_>,
    ) -> tls_handshake::Result<()> {
        match self {
            Self::Client(c) => c.handle(m, out, env),
            Self::Server(s) => s.handle(m, out, env),
        }
    }
}

/// A message in flight, for tampering: direction, index among that direction's messages
/// (counting from 0 over the whole run), and the bytes.
pub type Tamper<'t> = &'t mut dyn FnMut(Side, usize, &mut Vec<u8>);

/// Delivers everything `from` sent to `to`, message by message. Returns whether anything
/// moved. Checks the key levels match (sender's write keys = receiver's read keys).
pub fn deliver(
    from_side: Side,
    from: &mut Recorder,
    to: &mut Endpoint<'_, '_>,
    to_out: &mut Recorder,
    env: &mut Env<'_>,
    counter: &mut usize,
    tamper: Tamper<'_>,
) -> Result<bool, (Side, Error)> {
    let items: Vec<Item> = from.outbound.drain(..).collect();
    let moved = !items.is_empty();
    let to_side = match from_side {
        Side::Client => Side::Server,
        Side::Server => Side::Client,
    };
    for item in items {
        let Item::Handshake(keys, bytes) = item else {
            continue;
        };
        let mut msgs = Vec::new();
        for m in tls_codec::handshake::split(&bytes) {
            msgs.push(m.expect("the sender commits whole messages").bytes.to_vec());
        }
        for mut m in msgs {
            tamper(from_side, *counter, &mut m);
            *counter += 1;
            // The record layer would fail to open a record sealed with other keys: that is
            // `bad_record_mac` (only a tampered run may get here; untampered runs assert Ok).
            if to_out.read != keys {
                return Err((to_side, Error::Crypto(tls_crypto::Error::DecryptFailed)));
            }
            to.handle(&m, to_out, env).map_err(|e| (to_side, e))?;
        }
    }
    Ok(moved)
}

pub fn env(rng: &mut TestRng) -> Env<'_> {
    env_at(rng, 0)
}

/// An environment at protocol time `now_ms`.
pub fn env_at(rng: &mut TestRng, now_ms: u64) -> Env<'_> {
    Env {
        rng,
        now_ms,
        unix_time: Some(NOW),
    }
}

/// Pumps messages both ways at protocol time `now_ms` until quiet (the client already
/// started).
pub fn pump(
    client: &mut ClientHandshake<'_, RustCrypto>,
    server: &mut ServerHandshake<'_, RustCrypto>,
    c_out: &mut Recorder,
    s_out: &mut Recorder,
    now_ms: u64,
    tamper: Tamper<'_>,
) -> Result<(), (Side, Error)> {
    let mut rng = TestRng::new([17; 32]);
    let mut srng = TestRng::new([19; 32]);
    let mut c_count = 0;
    let mut s_count = 0;
    loop {
        let a = deliver(
            Side::Client,
            c_out,
            &mut Endpoint::Server(server),
            s_out,
            &mut env_at(&mut srng, now_ms),
            &mut c_count,
            tamper,
        )?;
        let b = deliver(
            Side::Server,
            s_out,
            &mut Endpoint::Client(client),
            c_out,
            &mut env_at(&mut rng, now_ms),
            &mut s_count,
            tamper,
        )?;
        if !a && !b {
            return Ok(());
        }
    }
}

/// Runs a whole handshake: client starts, messages go back and forth until quiet.
pub fn run(
    client: &mut ClientHandshake<'_, RustCrypto>,
    server: &mut ServerHandshake<'_, RustCrypto>,
    c_out: &mut Recorder,
    s_out: &mut Recorder,
    tamper: Tamper<'_>,
) -> Result<(), (Side, Error)> {
    let mut rng = TestRng::new([7; 32]);
    let mut srng = TestRng::new([9; 32]);
    client
        .start(c_out, &mut env(&mut rng))
        .map_err(|e| (Side::Client, e))?;
    let mut c_count = 0;
    let mut s_count = 0;
    loop {
        let a = deliver(
            Side::Client,
            c_out,
            &mut Endpoint::Server(server),
            s_out,
            &mut env(&mut srng),
            &mut c_count,
            tamper,
        )?;
        let b = deliver(
            Side::Server,
            s_out,
            &mut Endpoint::Client(client),
            c_out,
            &mut env(&mut rng),
            &mut s_count,
            tamper,
        )?;
        if !a && !b {
            return Ok(());
        }
    }
}

/// Pumps whatever is pending both ways after the handshake (KeyUpdates).
pub fn settle(
    client: &mut ClientHandshake<'_, RustCrypto>,
    server: &mut ServerHandshake<'_, RustCrypto>,
    c_out: &mut Recorder,
    s_out: &mut Recorder,
) -> Result<(), (Side, Error)> {
    let mut rng = TestRng::new([1; 32]);
    let mut n = 0;
    loop {
        let a = deliver(
            Side::Client,
            c_out,
            &mut Endpoint::Server(server),
            s_out,
            &mut env(&mut rng),
            &mut n,
            &mut |_, _, _| {},
        )?;
        let b = deliver(
            Side::Server,
            s_out,
            &mut Endpoint::Client(client),
            c_out,
            &mut env(&mut rng),
            &mut n,
            &mut |_, _, _| {},
        )?;
        if !a && !b {
            return Ok(());
        }
    }
}

pub fn no_tamper() -> impl FnMut(Side, usize, &mut Vec<u8>) {
    |_, _, _| {}
}
