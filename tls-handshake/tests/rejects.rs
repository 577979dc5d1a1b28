//! Crafted and reshaped messages: each RFC 8446 rule a peer can break ends in its alert.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "tests: a panic is the verdict"
)]

mod harness;

use harness::pki;
use harness::{env, run, Ev, Recorder, Side, P};
use tls_codec::enums::{
    AlertDescription as A, CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme,
};
use tls_codec::extensions::KeyShareEntry;
use tls_codec::{
    ClientHello, Codec, HandshakeMessage, HelloRetryRequest, List, RawHandshake, ServerHello,
    Writer,
};
use tls_crypto::{RustCrypto, TestRng};
use tls_handshake::{ClientHandshake, Config, Error, SecurityPolicy, ServerHandshake};

const NAME: &str = "server.wren.test";
const ANCHORS: &[&[u8]] = &[pki::ROOT];

fn client_cfg() -> Config<'static, RustCrypto> {
    Config::new(P, ANCHORS)
}

fn encode(msg: &HandshakeMessage<'_>) -> Vec<u8> {
    let mut buf = vec![0u8; 4096];
    let mut w = Writer::new(&mut buf);
    msg.encode(&mut w).unwrap();
    let n = w.len();
    buf.truncate(n);
    buf
}

fn first_client_hello(c: &Config<'_, RustCrypto>) -> Vec<u8> {
    let mut client = ClientHandshake::new(c, Some(NAME)).unwrap();
    let mut out = Recorder::new(4096);
    client
        .start(&mut out, &mut env(&mut TestRng::new([2; 32])))
        .unwrap();
    match &out.outbound[0] {
        harness::Item::Handshake(_, b) => b.clone(),
        harness::Item::ChangeCipherSpec => panic!(),
    }
}

/// Re-encodes the ClientHello with `f` applied to its typed fields.
fn reshape_ch(bytes: &[u8], f: impl FnOnce(&mut ClientHello<'_>)) -> Vec<u8> {
    let raw = RawHandshake::parse_exact(bytes).unwrap();
    let HandshakeMessage::ClientHello(mut ch) = HandshakeMessage::from_raw(raw).unwrap() else {
        panic!()
    };
    ch.extensions.raw = None;
    f(&mut ch);
    encode(&HandshakeMessage::ClientHello(ch))
}

fn server_alert(ch: &[u8]) -> A {
    let id = pki::p256_chain();
    let s = Config {
        identity: Some(id.identity()),
        ..Config::new(P, ANCHORS)
    };
    let mut server = ServerHandshake::new(&s).unwrap();
    let mut out = Recorder::new(8192);
    server
        .handle(ch, &mut out, &mut env(&mut TestRng::new([4; 32])))
        .expect_err("the server must reject it")
        .alert()
}

#[test]
fn server_rejections_with_their_alerts() {
    let c = client_cfg();
    let ch = first_client_hello(&c);
    let cases: Vec<(&str, Vec<u8>, A)> = vec![
        (
            "no supported_versions",
            reshape_ch(&ch, |c| c.extensions.supported_versions = None),
            A::PROTOCOL_VERSION,
        ),
        (
            "TLS 1.2 only",
            reshape_ch(&ch, |c| {
                c.extensions.supported_versions = Some(List::Items(&[ProtocolVersion::TLS_1_2]))
            }),
            A::PROTOCOL_VERSION,
        ),
        (
            "compression methods [0, 1]",
            reshape_ch(&ch, |c| c.legacy_compression_methods = &[0, 1]),
            A::ILLEGAL_PARAMETER,
        ),
        (
            "compression methods [1]",
            reshape_ch(&ch, |c| c.legacy_compression_methods = &[1]),
            A::ILLEGAL_PARAMETER,
        ),
        (
            "no key_share",
            reshape_ch(&ch, |c| c.extensions.key_share = None),
            A::MISSING_EXTENSION,
        ),
        (
            "no supported_groups",
            reshape_ch(&ch, |c| c.extensions.supported_groups = None),
            A::MISSING_EXTENSION,
        ),
        (
            "no signature_algorithms",
            reshape_ch(&ch, |c| c.extensions.signature_algorithms = None),
            A::MISSING_EXTENSION,
        ),
        (
            "only unknown suites",
            reshape_ch(&ch, |c| {
                c.cipher_suites = List::Items(&[CipherSuite::TLS_AES_128_CCM_SHA256])
            }),
            A::HANDSHAKE_FAILURE,
        ),
        (
            "only PKCS#1 signatures",
            reshape_ch(&ch, |c| {
                c.extensions.signature_algorithms =
                    Some(List::Items(&[SignatureScheme::RSA_PKCS1_SHA256]))
            }),
            A::HANDSHAKE_FAILURE,
        ),
        (
            "share for a group not in supported_groups",
            reshape_ch(&ch, |c| {
                c.extensions.supported_groups = Some(List::Items(&[NamedGroup::SECP256R1]))
            }),
            A::ILLEGAL_PARAMETER,
        ),
        (
            "no common group",
            reshape_ch(&ch, |c| {
                c.extensions.supported_groups = Some(List::Items(&[NamedGroup::X448]));
                c.extensions.key_share = Some(List::Items(&[]));
            }),
            A::HANDSHAKE_FAILURE,
        ),
        (
            "invalid x25519 share",
            reshape_ch(&ch, |c| {
                let share = c.extensions.key_share.unwrap().iter().next().unwrap();
                let short: &'static [u8] =
                    Box::leak(share.key_exchange[..31].to_vec().into_boxed_slice());
                let e: &'static [KeyShareEntry<'static>] = Box::leak(Box::new([KeyShareEntry {
                    group: NamedGroup::X25519,
                    key_exchange: short,
                }]));
                c.extensions.key_share = Some(List::Items(e));
            }),
            A::ILLEGAL_PARAMETER,
        ),
        ("truncated", ch[..ch.len() - 1].to_vec(), A::DECODE_ERROR),
    ];
    for (what, bytes, alert) in cases {
        assert_eq!(server_alert(&bytes), alert, "{what}");
    }
}

fn reshape_sh(m: &mut Vec<u8>, f: impl FnOnce(&mut ServerHello<'_>)) {
    let copy = m.clone();
    let raw = RawHandshake::parse_exact(&copy).unwrap();
    let HandshakeMessage::ServerHello(mut sh) = HandshakeMessage::from_raw(raw).unwrap() else {
        panic!()
    };
    sh.extensions.raw = None;
    f(&mut sh);
    *m = encode(&HandshakeMessage::ServerHello(sh));
}

fn reshape_hrr(m: &mut Vec<u8>, f: impl FnOnce(&mut HelloRetryRequest<'_>)) {
    let copy = m.clone();
    let raw = RawHandshake::parse_exact(&copy).unwrap();
    let HandshakeMessage::HelloRetryRequest(mut h) = HandshakeMessage::from_raw(raw).unwrap()
    else {
        panic!()
    };
    h.extensions.raw = None;
    f(&mut h);
    *m = encode(&HandshakeMessage::HelloRetryRequest(h));
}

type Tamper = Box<dyn FnMut(Side, usize, &mut Vec<u8>)>;

fn client_alert(
    c: &Config<'_, RustCrypto>,
    s: &Config<'_, RustCrypto>,
    mut tamper: Tamper,
) -> (Side, A) {
    let mut client = ClientHandshake::new(c, Some(NAME)).unwrap();
    let mut server = ServerHandshake::new(s).unwrap();
    let (mut co, mut so) = (Recorder::new(16384), Recorder::new(16384));
    let (side, e) = run(&mut client, &mut server, &mut co, &mut so, &mut *tamper).unwrap_err();
    (side, e.alert())
}

fn at(target: usize, f: impl FnMut(&mut Vec<u8>) + 'static) -> Tamper {
    let mut f = f;
    Box::new(move |side, i, m| {
        if side == Side::Server && i == target {
            f(m);
        }
    })
}

#[test]
fn client_rejections_with_their_alerts() {
    let id = pki::p256_chain();
    let c = client_cfg();
    let s = Config {
        identity: Some(id.identity()),
        ..Config::new(P, ANCHORS)
    };
    let cases: Vec<(&str, Tamper, A)> = vec![
        (
            "ServerHello without supported_versions",
            at(0, |m| {
                reshape_sh(m, |sh| sh.extensions.supported_versions = None)
            }),
            A::PROTOCOL_VERSION,
        ),
        (
            "ServerHello selecting TLS 1.2",
            at(0, |m| {
                reshape_sh(m, |sh| {
                    sh.extensions.supported_versions = Some(ProtocolVersion::TLS_1_2)
                })
            }),
            A::ILLEGAL_PARAMETER,
        ),
        (
            "session id not echoed",
            at(0, |m| reshape_sh(m, |sh| sh.legacy_session_id_echo = &[])),
            A::ILLEGAL_PARAMETER,
        ),
        (
            "suite not offered",
            at(0, |m| {
                reshape_sh(m, |sh| {
                    sh.cipher_suite = CipherSuite::TLS_AES_128_CCM_SHA256
                })
            }),
            A::ILLEGAL_PARAMETER,
        ),
        (
            "compression method 1",
            at(0, |m| reshape_sh(m, |sh| sh.legacy_compression_method = 1)),
            A::ILLEGAL_PARAMETER,
        ),
        (
            "no key share",
            at(0, |m| reshape_sh(m, |sh| sh.extensions.key_share = None)),
            A::MISSING_EXTENSION,
        ),
        (
            "PSK not offered",
            at(0, |m| {
                reshape_sh(m, |sh| sh.extensions.pre_shared_key = Some(0))
            }),
            A::UNSUPPORTED_EXTENSION,
        ),
        (
            "EncryptedExtensions with an unknown extension",
            at(1, |m| *m = vec![8, 0, 0, 6, 0, 4, 0xfa, 0xfa, 0, 0]),
            A::UNSUPPORTED_EXTENSION,
        ),
        (
            "ALPN not offered",
            at(1, |m| {
                *m = vec![8, 0, 0, 10, 0, 8, 0, 16, 0, 4, 0, 2, 1, b'x']
            }),
            A::UNSUPPORTED_EXTENSION,
        ),
        (
            "early_data not offered",
            at(1, |m| *m = vec![8, 0, 0, 6, 0, 4, 0, 42, 0, 0]),
            A::UNSUPPORTED_EXTENSION,
        ),
        (
            "empty server Certificate",
            at(2, |m| *m = vec![11, 0, 0, 4, 0, 0, 0, 0]),
            A::DECODE_ERROR,
        ),
        (
            "Finished of the wrong length",
            at(4, |m| {
                m.pop();
                m[3] -= 1;
            }),
            A::DECODE_ERROR,
        ),
        (
            "CertificateVerify with a scheme not offered",
            at(3, |m| {
                m[4] = 0x04;
                m[5] = 0x01;
            }),
            A::ILLEGAL_PARAMETER,
        ),
        (
            "CertificateVerify with a scheme not fitting the key",
            at(3, |m| {
                m[4] = 0x08;
                m[5] = 0x07;
            }),
            A::ILLEGAL_PARAMETER,
        ),
    ];
    for (what, tamper, alert) in cases {
        assert_eq!(
            client_alert(&c, &s, tamper),
            (Side::Client, alert),
            "{what}"
        );
    }
}

fn hrr_policies() -> (&'static SecurityPolicy, &'static SecurityPolicy) {
    let p256_only: &'static SecurityPolicy = Box::leak(Box::new(SecurityPolicy {
        groups: &[NamedGroup::SECP256R1],
        ..SecurityPolicy::DEFAULT_TLS13
    }));
    (&SecurityPolicy::DEFAULT_TLS13, p256_only)
}

#[test]
fn hello_retry_request_rules() {
    let id = pki::p256_chain();
    let (cp, sp) = hrr_policies();
    let c = Config {
        policy: cp,
        ..client_cfg()
    };
    let s = Config {
        policy: sp,
        identity: Some(id.identity()),
        ..Config::new(P, ANCHORS)
    };
    let cases: Vec<(&str, Tamper, (Side, A))> = vec![
        (
            "HRR asking for the group already sent",
            at(0, |m| {
                reshape_hrr(m, |h| h.extensions.key_share = Some(NamedGroup::X25519))
            }),
            (Side::Client, A::ILLEGAL_PARAMETER),
        ),
        (
            "HRR asking for a group never offered",
            at(0, |m| {
                reshape_hrr(m, |h| h.extensions.key_share = Some(NamedGroup::X448))
            }),
            (Side::Client, A::ILLEGAL_PARAMETER),
        ),
        (
            "HRR that changes nothing",
            at(0, |m| {
                reshape_hrr(m, |h| {
                    h.extensions.key_share = None;
                    h.extensions.cookie = None;
                })
            }),
            (Side::Client, A::ILLEGAL_PARAMETER),
        ),
        (
            "HRR without supported_versions",
            at(0, |m| {
                reshape_hrr(m, |h| h.extensions.supported_versions = None)
            }),
            (Side::Client, A::PROTOCOL_VERSION),
        ),
        (
            "ServerHello suite differs from HRR's",
            at(1, |m| {
                reshape_sh(m, |sh| {
                    sh.cipher_suite = CipherSuite::TLS_CHACHA20_POLY1305_SHA256
                })
            }),
            (Side::Client, A::ILLEGAL_PARAMETER),
        ),
        (
            "cookie not echoed",
            Box::new(|side, i, m: &mut Vec<u8>| {
                if side == Side::Client && i == 1 {
                    *m = reshape_ch(m, |c| c.extensions.cookie = None);
                }
            }),
            (Side::Server, A::ILLEGAL_PARAMETER),
        ),
        (
            "ClientHello2 with the old share",
            Box::new(|side, i, m: &mut Vec<u8>| {
                if side == Side::Client && i == 1 {
                    *m = reshape_ch(m, |c| {
                        c.extensions.key_share =
                            Some(List::Items(Box::leak(Box::new([KeyShareEntry {
                                group: NamedGroup::X25519,
                                key_exchange: &[9; 32],
                            }]))))
                    });
                }
            }),
            (Side::Server, A::ILLEGAL_PARAMETER),
        ),
    ];
    for (what, tamper, expect) in cases {
        assert_eq!(client_alert(&c, &s, tamper), expect, "{what}");
    }

    // A second HelloRetryRequest is unexpected_message.
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut server = ServerHandshake::new(&s).unwrap();
    let (mut co, mut so) = (Recorder::new(8192), Recorder::new(8192));
    let mut rng = TestRng::new([6; 32]);
    let mut e = env(&mut rng);
    client.start(&mut co, &mut e).unwrap();
    let ch1 = take(&mut co);
    server.handle(&ch1[0], &mut so, &mut e).unwrap();
    let hrr = take(&mut so);
    client.handle(&hrr[0], &mut co, &mut e).unwrap();
    let err = client.handle(&hrr[0], &mut co, &mut e).unwrap_err();
    assert_eq!(err.alert(), A::UNEXPECTED_MESSAGE);
}

fn take(out: &mut Recorder) -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    for item in out.outbound.drain(..) {
        if let harness::Item::Handshake(_, bytes) = item {
            for m in tls_codec::handshake::split(&bytes) {
                v.push(m.unwrap().bytes.to_vec());
            }
        }
    }
    v
}

#[test]
fn new_session_ticket_after_completion() {
    let id = pki::p256_chain();
    let c = client_cfg();
    let s = Config {
        identity: Some(id.identity()),
        ..Config::new(P, ANCHORS)
    };
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut server = ServerHandshake::new(&s).unwrap();
    let (mut co, mut so) = (Recorder::new(16384), Recorder::new(16384));
    run(
        &mut client,
        &mut server,
        &mut co,
        &mut so,
        &mut |_, _, _| {},
    )
    .unwrap();
    // lifetime 3600, age_add 1, nonce [0], ticket "tkt", no extensions.
    let nst = [
        4, 0, 0, 17, 0, 0, 0x0e, 0x10, 0, 0, 0, 1, 1, 0, 0, 3, b't', b'k', b't', 0, 0,
    ];
    let mut rng = TestRng::new([6; 32]);
    client.handle(&nst, &mut co, &mut env(&mut rng)).unwrap();
    assert_eq!(
        co.events.last(),
        Some(&Ev::Ticket {
            lifetime: 3600,
            ticket: b"tkt".to_vec()
        })
    );
    // Over seven days: illegal_parameter.
    let mut long = nst;
    long[4..8].copy_from_slice(&604_801u32.to_be_bytes());
    assert_eq!(
        client
            .handle(&long, &mut co, &mut env(&mut rng))
            .unwrap_err()
            .alert(),
        A::ILLEGAL_PARAMETER
    );
    // A server never accepts one.
    assert_eq!(
        server
            .handle(&nst, &mut so, &mut env(&mut rng))
            .unwrap_err()
            .alert(),
        A::UNEXPECTED_MESSAGE
    );
}

#[test]
fn buffer_too_small_names_the_size_needed() {
    let c = client_cfg();
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut out = Recorder::new(64);
    let err = client
        .start(&mut out, &mut env(&mut TestRng::new([2; 32])))
        .unwrap_err();
    let Error::BufferTooSmall { needed } = err else {
        panic!("{err:?}")
    };
    let ch = first_client_hello(&c);
    assert_eq!(usize::from(needed), ch.len());
    let mut client = ClientHandshake::new(&c, Some(NAME)).unwrap();
    let mut out = Recorder::new(ch.len());
    client
        .start(&mut out, &mut env(&mut TestRng::new([2; 32])))
        .unwrap();

    // The server's Certificate message (chain of two) in a 600-byte space: the space must
    // hold the flight so far, EncryptedExtensions (10 bytes: the server_name acknowledgement)
    // and the Certificate, which go out together.
    let id = pki::p256_chain();
    let s = Config {
        identity: Some(id.identity()),
        ..Config::new(P, ANCHORS)
    };
    let mut server = ServerHandshake::new(&s).unwrap();
    let mut so = Recorder::new(600);
    let err = server
        .handle(&ch, &mut so, &mut env(&mut TestRng::new([2; 32])))
        .unwrap_err();
    let expected = 10 + 8 + pki::LEAF_P256.len() + 5 + pki::INT.len() + 5;
    assert_eq!(
        err,
        Error::BufferTooSmall {
            needed: expected as u16
        }
    );
}

#[test]
fn config_errors() {
    // Full verification needs a name; a bad name is rejected.
    let c = client_cfg();
    assert_eq!(
        ClientHandshake::new(&c, None).unwrap_err(),
        Error::InvalidConfig
    );
    assert!(ClientHandshake::new(&c, Some("bad name!")).is_err());
    // A server needs an identity.
    assert_eq!(ServerHandshake::new(&c).unwrap_err(), Error::InvalidConfig);
}

#[test]
fn sizes() {
    let client = core::mem::size_of::<ClientHandshake<'_, RustCrypto>>();
    let server = core::mem::size_of::<ServerHandshake<'_, RustCrypto>>();
    let negotiated = core::mem::size_of::<tls_handshake::Negotiated>();
    println!("ClientHandshake<RustCrypto>: {client} bytes");
    println!("ServerHandshake<RustCrypto>: {server} bytes");
    println!("Negotiated: {negotiated} bytes");
    assert!(
        client < 4096 && server < 4096,
        "client {client}, server {server}"
    );
    assert!(core::mem::size_of::<Error>() <= 4);
}
