//! The PSK-only client (built without the `certificates` feature):
//! `cargo test -p tls-handshake --no-default-features --features client --test psk_only`.
//!
//! Its ClientHello asks for no certificate (no signature_algorithms, RFC 8446 §4.2.3), and a
//! server that accepts none of its PSKs ends the handshake with `handshake_failure` at the
//! ServerHello, whatever it shares; after an accepted PSK a certificate is
//! `unexpected_message`. (Real peers: application 5 against `openssl s_server` and
//! `wren-server`, `cargo xtask firmware`.)
#![cfg(all(feature = "client", not(feature = "certificates")))]
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "tests: a panic is the verdict"
)]

use tls_codec::client_hello::RANDOM_LEN;
use tls_codec::enums::{
    AlertDescription, CipherSuite, HandshakeType, NamedGroup, ProtocolVersion, PskKeyExchangeMode,
};
use tls_codec::extensions::{KeyShareEntry, ServerHelloExtensions};
use tls_codec::{ClientHello, Codec, RawHandshake, ServerHello, Writer};
use tls_crypto::{HashAlgorithm, RustCrypto, TestRng};
use tls_handshake::records::RecordLimits;
use tls_handshake::{
    ClientHandshake, Config, Env, Error, Event, KeyLevel, Output, SecurityPolicy, Suite,
    TrafficKeys,
};
use tls_psk::ExternalPsk;

/// Collects what the client writes; keys and events are dropped.
#[derive(Default)]
struct Out {
    space: Vec<u8>,
    sent: Vec<Vec<u8>>,
}

impl Output for Out {
    fn handshake_space(&mut self) -> &mut [u8] {
        self.space = vec![0; 4096];
        &mut self.space
    }
    fn commit_handshake(&mut self, len: usize) -> tls_handshake::Result<()> {
        self.sent.push(self.space[..len].to_vec());
        Ok(())
    }
    fn send_change_cipher_spec(&mut self) -> tls_handshake::Result<()> {
        Ok(())
    }
    fn set_write_keys(
        &mut self,
        _: Suite,
        _: KeyLevel,
        _: &TrafficKeys,
    ) -> tls_handshake::Result<()> {
        Ok(())
    }
    fn set_read_keys(
        &mut self,
        _: Suite,
        _: KeyLevel,
        _: &TrafficKeys,
    ) -> tls_handshake::Result<()> {
        Ok(())
    }
    fn event(&mut self, _: Event<'_>) {}
    fn set_record_limits(&mut self, _: RecordLimits) {}
}

const SECRET: &[u8; 32] = b"psk-only-test-NOT-secret-32bytes";

fn psks() -> [ExternalPsk<'static>; 1] {
    [ExternalPsk::new(b"device-7", SECRET, HashAlgorithm::Sha256).unwrap()]
}

/// A handshake message: type, 24-bit length, body.
fn message(typ: HandshakeType, body: &dyn Fn(&mut Writer<'_>)) -> Vec<u8> {
    let mut buf = vec![0u8; 1024];
    let mut w = Writer::new(&mut buf);
    body(&mut w);
    let len = w.len();
    let mut m = vec![typ.get(), 0, (len >> 8) as u8, len as u8];
    m.extend_from_slice(&buf[..len]);
    m
}

/// The ServerHello answering `ch` (its session id echoed) with these extensions.
fn server_hello(
    ch: &ClientHello<'_>,
    key_share: Option<KeyShareEntry<'_>>,
    psk: Option<u16>,
) -> Vec<u8> {
    let random = [0x5a; RANDOM_LEN];
    let sh = ServerHello {
        legacy_version: ProtocolVersion::TLS_1_2,
        random: &random,
        legacy_session_id_echo: ch.legacy_session_id,
        cipher_suite: CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        legacy_compression_method: 0,
        extensions: ServerHelloExtensions {
            key_share,
            pre_shared_key: psk,
            supported_versions: Some(ProtocolVersion::TLS_1_3),
            ..ServerHelloExtensions::default()
        },
    };
    message(HandshakeType::SERVER_HELLO, &|w| sh.encode(w).unwrap())
}

/// The ClientHello in a handshake message (parsed directly: a client-only tls-codec does not
/// decode ClientHellos in `HandshakeMessage::from_raw`).
fn client_hello(message: &[u8]) -> ClientHello<'_> {
    let raw = RawHandshake::parse_exact(message).unwrap();
    assert_eq!(raw.typ, HandshakeType::CLIENT_HELLO);
    ClientHello::parse_exact(raw.body).unwrap()
}

/// Starts a client offering `modes`; returns it and its ClientHello's bytes.
fn start<'c>(
    config: &'c Config<'c, RustCrypto>,
    rng: &mut TestRng,
) -> (ClientHandshake<'c, RustCrypto>, Vec<u8>) {
    let mut client = ClientHandshake::new(config, None).unwrap();
    let mut out = Out::default();
    let mut env = Env {
        rng,
        now_ms: 0,
        unix_time: None,
    };
    client.start(&mut out, &mut env).unwrap();
    (client, out.sent.remove(0))
}

fn config<'c>(
    psks: &'c [ExternalPsk<'c>],
    modes: &'c [PskKeyExchangeMode],
) -> Config<'c, RustCrypto> {
    let mut c = Config::new_psk(&RustCrypto, psks);
    c.policy = &SecurityPolicy::V20251122_CHACHA20_ONLY;
    c.psk.key_exchange_modes = modes;
    c
}

#[test]
fn client_hello_asks_for_no_certificate() {
    let psks = psks();
    let c = config(&psks, &[PskKeyExchangeMode::PSK_KE]);
    assert!(!c.needs_server_name());
    let (_, ch) = start(&c, &mut TestRng::new([1; 32]));
    let hello = client_hello(&ch);
    let x = &hello.extensions;
    assert!(
        x.signature_algorithms.is_none(),
        "signature_algorithms sent"
    );
    assert!(
        x.signature_algorithms_cert.is_none(),
        "signature_algorithms_cert sent"
    );
    // psk_ke alone: no (EC)DHE offered at all.
    assert!(x.key_share.is_none() && x.supported_groups.is_none());
    let offered = x.pre_shared_key.as_ref().expect("no pre_shared_key");
    assert_eq!(offered.identities.iter().count(), 1);
    assert!(x
        .psk_key_exchange_modes
        .is_some_and(|m| m.iter().eq([PskKeyExchangeMode::PSK_KE])));
}

/// A server that accepts none of the PSKs (so would authenticate with a certificate) ends the
/// handshake at its ServerHello with handshake_failure, with or without a key share.
#[test]
fn server_hello_without_psk_is_handshake_failure() {
    let psks = psks();
    let mut rng = TestRng::new([2; 32]);
    for modes in [
        &[PskKeyExchangeMode::PSK_KE][..],
        &[PskKeyExchangeMode::PSK_DHE_KE][..],
    ] {
        let c = config(&psks, modes);
        let (mut client, ch_bytes) = start(&c, &mut rng);
        let ch = client_hello(&ch_bytes);
        // The server's x25519 share when the client offered one (the base point: any valid
        // public key will do, the client fails before using it).
        let mut point = [0u8; 32];
        point[0] = 9;
        let share = ch.extensions.key_share.as_ref().map(|_| KeyShareEntry {
            group: NamedGroup::X25519,
            key_exchange: &point,
        });
        let sh = server_hello(&ch, share, None);
        let mut env = Env {
            rng: &mut rng,
            now_ms: 0,
            unix_time: None,
        };
        let err = client
            .handle(&sh, &mut Out::default(), &mut env)
            .unwrap_err();
        assert_eq!(err, Error::HandshakeFailure, "modes {modes:?}");
        assert_eq!(err.alert(), AlertDescription::HANDSHAKE_FAILURE);
    }
}

/// With the PSK accepted, a Certificate after EncryptedExtensions is unexpected_message.
#[test]
fn certificate_after_psk_is_unexpected_message() {
    let psks = psks();
    let c = config(&psks, &[PskKeyExchangeMode::PSK_KE]);
    let mut rng = TestRng::new([3; 32]);
    let (mut client, ch_bytes) = start(&c, &mut rng);
    let ch = client_hello(&ch_bytes);
    let mut out = Out::default();
    let mut env = Env {
        rng: &mut rng,
        now_ms: 0,
        unix_time: None,
    };
    client
        .handle(&server_hello(&ch, None, Some(0)), &mut out, &mut env)
        .unwrap();
    // EncryptedExtensions: an empty extension block.
    let ee = message(HandshakeType::ENCRYPTED_EXTENSIONS, &|w| w.u16(0).unwrap());
    client.handle(&ee, &mut out, &mut env).unwrap();
    // Certificate: empty context, one 3-byte "certificate", no entry extensions.
    let cert = message(HandshakeType::CERTIFICATE, &|w| {
        w.bytes(&[0, 0, 0, 8, 0, 0, 3, 1, 2, 3, 0, 0]).unwrap();
    });
    // Refused by the codec (a PSK-only build decodes no Certificate) or by the state machine:
    // unexpected_message either way.
    let err = client.handle(&cert, &mut out, &mut env).unwrap_err();
    assert!(
        matches!(
            err,
            Error::UnexpectedMessage | Error::Codec(tls_codec::Error::UnexpectedMessage)
        ),
        "{err:?}"
    );
    assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
}
