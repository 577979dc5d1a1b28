//! Known bytes for every message and every extension: hand-written arrays are parsed (and must
//! encode back to themselves), and the same values built for sending encode to those bytes.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

mod common;
use common::{cat, enc, ext, framed, h, rt, v};

use tls_codec::enums::*;
use tls_codec::extensions::*;
use tls_codec::record::{Alert, RecordHeader};
use tls_codec::*;

const SV13: &str = "002b 0003 02 0304";

/// A ClientHello extension block around `exts` (hex), parsed and re-encoded.
fn ch_set(exts: &str) -> (Vec<u8>, ClientHelloExtensions<'static>) {
    let bytes: &'static [u8] = v(2, &h(exts)).leak();
    (bytes.to_vec(), rt::<ClientHelloExtensions>(bytes))
}

/// Checks that `built` (typed, `raw: None`) encodes to `bytes`.
fn builds<'a, T: Codec<'a>>(built: &T, bytes: &[u8]) {
    assert_eq!(hex::encode(enc(built)), hex::encode(bytes));
}

#[test]
fn ch_server_name() {
    let (b, e) = ch_set(&format!("0000 000b 0009 00 0006 736572766572 {SV13}"));
    let names: Vec<_> = e.server_name.unwrap().iter().collect();
    assert_eq!(names, [ServerName::host_name(b"server")]);
    let built = ClientHelloExtensions {
        server_name: Some(List::Items(&[ServerName::host_name(b"server")])),
        supported_versions: Some(List::Items(&[ProtocolVersion::TLS_1_3])),
        ..Default::default()
    };
    builds(&built, &b);
    assert_eq!(e.supported_versions, built.supported_versions);
}

#[test]
fn ch_max_fragment_length_status_request_groups_sigalgs() {
    let (b, e) = ch_set(&format!(
        "0001 0001 02  0005 0005 01 0000 0000  000a 0006 0004 001d 0017  000d 0006 0004 0403 0807 {SV13}"
    ));
    assert_eq!(e.max_fragment_length, Some(MaxFragmentLength::LEN_1024));
    let CertificateStatusRequest::Ocsp {
        responder_ids,
        request_extensions,
    } = e.status_request.unwrap()
    else {
        panic!()
    };
    assert!(responder_ids.is_empty() && request_extensions.is_empty());
    let built = ClientHelloExtensions {
        max_fragment_length: Some(MaxFragmentLength::LEN_1024),
        status_request: Some(CertificateStatusRequest::Ocsp {
            responder_ids: List::Items(&[]),
            request_extensions: &[],
        }),
        supported_groups: Some(List::Items(&[NamedGroup::X25519, NamedGroup::SECP256R1])),
        signature_algorithms: Some(List::Items(&[
            SignatureScheme::ECDSA_SECP256R1_SHA256,
            SignatureScheme::ED25519,
        ])),
        supported_versions: Some(List::Items(&[ProtocolVersion::TLS_1_3])),
        ..Default::default()
    };
    builds(&built, &b);
    assert_eq!(e.supported_groups, built.supported_groups);
    assert_eq!(e.signature_algorithms, built.signature_algorithms);
}

#[test]
fn ch_status_request_with_responders() {
    let (_, e) = ch_set(&format!("0005 000c 01 0005 0003 aabbcc 0002 3000 {SV13}"));
    let CertificateStatusRequest::Ocsp {
        responder_ids,
        request_extensions,
    } = e.status_request.unwrap()
    else {
        panic!()
    };
    assert_eq!(
        responder_ids.iter().collect::<Vec<_>>(),
        [ResponderId(&[0xaa, 0xbb, 0xcc])]
    );
    assert_eq!(request_extensions, &[0x30, 0x00]);
    // An unknown status type is kept opaque.
    let (_, e) = ch_set(&format!("0005 0003 07 abcd {SV13}"));
    assert!(matches!(
        e.status_request,
        Some(CertificateStatusRequest::Other {
            request: [0xab, 0xcd],
            ..
        })
    ));
}

#[test]
fn ch_alpn_sct_padding_rsl() {
    let (b, e) = ch_set(&format!(
        "0010 000e 000c 02 6832 08 687474702f312e31  0012 0000  0015 0003 000000  001c 0002 4001 {SV13}"
    ));
    let names: Vec<_> = e.alpn.unwrap().iter().collect();
    assert_eq!(names, [ProtocolName(b"h2"), ProtocolName(b"http/1.1")]);
    assert!(e.signed_certificate_timestamp);
    assert_eq!(e.padding, Some(Padding { len: 3 }));
    assert_eq!(e.record_size_limit, Some(0x4001));
    let built = ClientHelloExtensions {
        alpn: Some(List::Items(&[
            ProtocolName(b"h2"),
            ProtocolName(b"http/1.1"),
        ])),
        signed_certificate_timestamp: true,
        padding: Some(Padding { len: 3 }),
        record_size_limit: Some(0x4001),
        supported_versions: Some(List::Items(&[ProtocolVersion::TLS_1_3])),
        ..Default::default()
    };
    builds(&built, &b);
}

#[test]
fn ch_psk_family_cookie_cas_keyshare() {
    let binder = "11".repeat(32);
    let (b, e) = ch_set(&format!(
        "002a 0000 {SV13} 002c 0005 0003 010203 002d 0002 01 01 002f 0007 0005 0003 300100 \
         0031 0000 0032 0004 0002 0804 0033 000a 0008 001d 0004 aabbccdd \
         0029 0030 000b 0005 6964656e74 00000007 0021 20 {binder}"
    ));
    assert!(e.early_data && e.post_handshake_auth);
    assert_eq!(e.cookie, Some(Cookie(&[1, 2, 3])));
    assert_eq!(
        e.psk_key_exchange_modes.unwrap().iter().collect::<Vec<_>>(),
        [PskKeyExchangeMode::PSK_DHE_KE]
    );
    assert_eq!(
        e.certificate_authorities
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        [DistinguishedName(&[0x30, 0x01, 0x00])]
    );
    assert_eq!(
        e.signature_algorithms_cert
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        [SignatureScheme::RSA_PSS_RSAE_SHA256]
    );
    let share = KeyShareEntry {
        group: NamedGroup::X25519,
        key_exchange: &[0xaa, 0xbb, 0xcc, 0xdd],
    };
    assert_eq!(e.key_share.unwrap().iter().collect::<Vec<_>>(), [share]);
    let psk = e.pre_shared_key.unwrap();
    let id = PskIdentity {
        identity: b"ident",
        obfuscated_ticket_age: 7,
    };
    assert_eq!(psk.identities.iter().collect::<Vec<_>>(), [id]);
    assert_eq!(psk.binders.iter().next().unwrap().0, &[0x11; 32]);
    assert_eq!(psk.binders_len(), 35);

    let built = ClientHelloExtensions {
        early_data: true,
        supported_versions: Some(List::Items(&[ProtocolVersion::TLS_1_3])),
        cookie: Some(Cookie(&[1, 2, 3])),
        psk_key_exchange_modes: Some(List::Items(&[PskKeyExchangeMode::PSK_DHE_KE])),
        certificate_authorities: Some(List::Items(&[DistinguishedName(&[0x30, 0x01, 0x00])])),
        post_handshake_auth: true,
        signature_algorithms_cert: Some(List::Items(&[SignatureScheme::RSA_PSS_RSAE_SHA256])),
        key_share: Some(List::Items(&[share])),
        pre_shared_key: Some(OfferedPsks {
            identities: List::Items(&[id]),
            binders: List::Items(&[PskBinderEntry(&[0x11; 32])]),
        }),
        ..Default::default()
    };
    builds(&built, &b);
    assert_eq!(psk, built.pre_shared_key.unwrap());
    assert_eq!(built.pre_shared_key.unwrap().binders_len(), 35);
}

#[test]
fn client_hello_message_and_binders() {
    let random = "01".repeat(32);
    let body = h(&format!(
        "0303 {random} 00 0002 1301 01 00 0046 {SV13} 0033 0002 0000 \
         0029 0035 0010 000a 6964656e746974792d31 00000000 0021 20 {}",
        "00".repeat(32)
    ));
    let msg: &'static [u8] = framed(1, &body).leak();
    let HandshakeMessage::ClientHello(ch) = rt::<HandshakeMessage>(msg) else {
        panic!()
    };
    assert_eq!(ch.random, &[1; 32]);
    assert_eq!(ch.binders_range(msg.len()), Some(msg.len() - 35..msg.len()));

    // Built for sending: the same bytes, and the binder range to patch.
    let built = ClientHello {
        legacy_version: ProtocolVersion::TLS_1_2,
        random: &[1; 32],
        legacy_session_id: &[],
        cipher_suites: List::Items(&[CipherSuite::TLS_AES_128_GCM_SHA256]),
        legacy_compression_methods: &[0],
        extensions: ClientHelloExtensions {
            supported_versions: Some(List::Items(&[ProtocolVersion::TLS_1_3])),
            key_share: Some(List::Items(&[])),
            pre_shared_key: Some(OfferedPsks {
                identities: List::Items(&[PskIdentity {
                    identity: b"identity-1",
                    obfuscated_ticket_age: 0,
                }]),
                binders: List::Items(&[PskBinderEntry(&[0; 32])]),
            }),
            ..Default::default()
        },
    };
    let mut buf = [0u8; 512];
    let mut w = Writer::new(&mut buf);
    let range = built.encode_message(&mut w).unwrap().unwrap();
    assert_eq!(w.written(), msg);
    assert_eq!(range, msg.len() - 35..msg.len());
    binder_mut(&mut w.written_mut()[range.clone()], 0)
        .unwrap()
        .copy_from_slice(&[0x5a; 32]);
    assert_eq!(&w.written()[range.start + 3..], &[0x5a; 32]);
    assert_eq!(&w.written()[..range.start], &msg[..range.start]);
    // Without PSK there is no range.
    let mut no_psk = built;
    no_psk.extensions.pre_shared_key = None;
    let mut w = Writer::new(&mut buf);
    assert_eq!(no_psk.encode_message(&mut w).unwrap(), None);
}

#[test]
fn server_hello_and_hello_retry_request() {
    let random = "02".repeat(32);
    let body = h(&format!(
        "0303 {random} 00 1301 00 0018 0029 0002 0000 0033 0008 001d 0004 aabbccdd 002b 0002 0304"
    ));
    let msg: &'static [u8] = framed(2, &body).leak();
    let HandshakeMessage::ServerHello(sh) = rt::<HandshakeMessage>(msg) else {
        panic!()
    };
    let built = ServerHello {
        legacy_version: ProtocolVersion::TLS_1_2,
        random: &[2; 32],
        legacy_session_id_echo: &[],
        cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
        legacy_compression_method: 0,
        extensions: ServerHelloExtensions {
            supported_versions: Some(ProtocolVersion::TLS_1_3),
            key_share: Some(KeyShareEntry {
                group: NamedGroup::X25519,
                key_exchange: &[0xaa, 0xbb, 0xcc, 0xdd],
            }),
            pre_shared_key: Some(0),
            ..Default::default()
        },
    };
    builds(&built, &body);
    assert_eq!(sh.extensions.key_share, built.extensions.key_share);
    assert!(!sh.is_hello_retry_request());

    let body = h(&format!(
        "0303 {} 00 1303 00 0015 002b 0002 0304 0033 0002 0017 002c 0005 0003 636f6f",
        hex::encode(HELLO_RETRY_REQUEST_RANDOM)
    ));
    assert!(server_hello::is_hello_retry_request(&body));
    let msg: &'static [u8] = framed(2, &body).leak();
    let HandshakeMessage::HelloRetryRequest(hrr) = rt::<HandshakeMessage>(msg) else {
        panic!()
    };
    assert!(hrr.is_hello_retry_request());
    let built = HelloRetryRequest {
        legacy_version: ProtocolVersion::TLS_1_2,
        legacy_session_id_echo: &[],
        cipher_suite: CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
        legacy_compression_method: 0,
        extensions: HelloRetryRequestExtensions {
            supported_versions: Some(ProtocolVersion::TLS_1_3),
            key_share: Some(NamedGroup::SECP256R1),
            cookie: Some(Cookie(b"coo")),
            ..Default::default()
        },
    };
    builds(&built, &body);
    assert_eq!(hrr.extensions.cookie, built.extensions.cookie);
}

#[test]
fn encrypted_extensions() {
    let body = h(
        "0024 000a 0004 0002 001d 001c 0002 0040 0000 0000 0001 0001 01 \
                  0010 0005 0003 026832 002a 0000",
    );
    let msg: &'static [u8] = framed(8, &body).leak();
    let HandshakeMessage::EncryptedExtensions(ee) = rt::<HandshakeMessage>(msg) else {
        panic!()
    };
    assert!(ee.server_name && ee.early_data);
    assert_eq!(ee.alpn, Some(ProtocolName(b"h2")));
    assert_eq!(ee.record_size_limit, Some(64));
    let built = EncryptedExtensions {
        server_name: true,
        max_fragment_length: Some(MaxFragmentLength::LEN_512),
        supported_groups: Some(List::Items(&[NamedGroup::X25519])),
        alpn: Some(ProtocolName(b"h2")),
        early_data: true,
        record_size_limit: Some(64),
        ..Default::default()
    };
    builds(&built, &body);
    // Empty EncryptedExtensions.
    let HandshakeMessage::EncryptedExtensions(empty) = rt::<HandshakeMessage>(&[8, 0, 0, 2, 0, 0])
    else {
        panic!()
    };
    assert_eq!(empty.first_unknown, None);
    builds(&EncryptedExtensions::default(), &[0, 0]);
}

#[test]
fn certificate_with_entry_extensions() {
    let entry_exts = "0005 0007 01 000003 aabbcc 0012 0007 0005 0003 010203";
    let body = h(&format!(
        "00 000025 000003 300100 0016 {entry_exts} 000002 3002 0000"
    ));
    let msg: &'static [u8] = framed(11, &body).leak();
    let HandshakeMessage::Certificate(c) = rt::<HandshakeMessage>(msg) else {
        panic!()
    };
    let entries: Vec<_> = c.entries.iter().collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].cert_data, &[0x30, 0x01, 0x00]);
    assert_eq!(
        entries[0].extensions.status_request,
        Some(CertificateStatus {
            ocsp_response: &[0xaa, 0xbb, 0xcc]
        })
    );
    let scts: Vec<_> = entries[0]
        .extensions
        .signed_certificate_timestamp
        .unwrap()
        .iter()
        .collect();
    assert_eq!(scts, [SerializedSct(&[1, 2, 3])]);
    assert_eq!(entries[1].extensions.raw, Some(RawExtensions(&[])));

    let built = Certificate {
        context: &[],
        entries: List::Items(&[
            CertificateEntry {
                cert_data: &[0x30, 0x01, 0x00],
                extensions: CertificateEntryExtensions {
                    status_request: Some(CertificateStatus {
                        ocsp_response: &[0xaa, 0xbb, 0xcc],
                    }),
                    signed_certificate_timestamp: Some(List::Items(&[SerializedSct(&[1, 2, 3])])),
                    ..Default::default()
                },
            },
            CertificateEntry {
                cert_data: &[0x30, 0x02],
                extensions: CertificateEntryExtensions::default(),
            },
        ]),
    };
    builds(&built, &body);
    let List::Items(built_entries) = built.entries else {
        panic!()
    };
    for (parsed, built) in entries.iter().zip(built_entries) {
        let mut typed = *parsed;
        typed.extensions.raw = None;
        assert_eq!(&typed, built);
    }
}

#[test]
fn certificate_request() {
    let body = h(
        "03 616263 002f 0005 0000 000d 0004 0002 0403 0012 0000 002f 0007 0005 0003 300100 \
                  0030 0008 0006 01 55 0002 aabb 0032 0004 0002 0807",
    );
    let msg: &'static [u8] = framed(13, &body).leak();
    let HandshakeMessage::CertificateRequest(cr) = rt::<HandshakeMessage>(msg) else {
        panic!()
    };
    assert_eq!(cr.context, b"abc");
    let e = cr.extensions;
    assert!(e.status_request && e.signed_certificate_timestamp);
    assert_eq!(
        e.oid_filters.unwrap().iter().collect::<Vec<_>>(),
        [OidFilter {
            oid: &[0x55],
            values: &[0xaa, 0xbb]
        }]
    );
    let built = CertificateRequest {
        context: b"abc",
        extensions: CertificateRequestExtensions {
            signature_algorithms: Some(List::Items(&[SignatureScheme::ECDSA_SECP256R1_SHA256])),
            signature_algorithms_cert: Some(List::Items(&[SignatureScheme::ED25519])),
            certificate_authorities: Some(List::Items(&[DistinguishedName(&[0x30, 0x01, 0x00])])),
            status_request: true,
            signed_certificate_timestamp: true,
            oid_filters: Some(List::Items(&[OidFilter {
                oid: &[0x55],
                values: &[0xaa, 0xbb],
            }])),
            ..Default::default()
        },
    };
    builds(&built, &body);
    let mut typed = cr;
    typed.extensions.raw = None;
    assert_eq!(typed, built);
}

#[test]
fn certificate_verify_finished_eoed_key_update() {
    let cv_bytes = h("0f000006 0804 0002 abcd");
    let HandshakeMessage::CertificateVerify(cv) = rt::<HandshakeMessage>(&cv_bytes) else {
        panic!()
    };
    assert_eq!(
        cv,
        CertificateVerify {
            algorithm: SignatureScheme::RSA_PSS_RSAE_SHA256,
            signature: &[0xab, 0xcd]
        }
    );
    builds(&cv, &h("0804 0002 abcd"));

    let fin = framed(20, &[7; 32]);
    let HandshakeMessage::Finished(f) = rt::<HandshakeMessage>(&fin) else {
        panic!()
    };
    assert_eq!(f.verify_data, &[7; 32]);
    builds(
        &HandshakeMessage::Finished(Finished {
            verify_data: &[7; 32],
        }),
        &fin,
    );

    assert_eq!(
        rt::<HandshakeMessage>(&[5, 0, 0, 0]),
        HandshakeMessage::EndOfEarlyData(EndOfEarlyData)
    );
    builds(
        &HandshakeMessage::EndOfEarlyData(EndOfEarlyData),
        &[5, 0, 0, 0],
    );

    for (byte, req) in [
        (0, KeyUpdateRequest::UPDATE_NOT_REQUESTED),
        (1, KeyUpdateRequest::UPDATE_REQUESTED),
    ] {
        let m = [24, 0, 0, 1, byte];
        assert_eq!(
            rt::<HandshakeMessage>(&m),
            HandshakeMessage::KeyUpdate(KeyUpdate { request: req })
        );
        builds(&HandshakeMessage::KeyUpdate(KeyUpdate { request: req }), &m);
    }
}

#[test]
fn new_session_ticket() {
    let body = h("0000003c 01020304 01 00 0002 aabb 0008 002a 0004 00004000");
    let msg: &'static [u8] = framed(4, &body).leak();
    let HandshakeMessage::NewSessionTicket(t) = rt::<HandshakeMessage>(msg) else {
        panic!()
    };
    let built = NewSessionTicket {
        ticket_lifetime: 60,
        ticket_age_add: 0x0102_0304,
        ticket_nonce: &[0],
        ticket: &[0xaa, 0xbb],
        extensions: NewSessionTicketExtensions {
            early_data: Some(0x4000),
            ..Default::default()
        },
    };
    builds(&built, &body);
    let mut typed = t;
    typed.extensions.raw = None;
    assert_eq!(typed, built);
}

#[test]
fn alert_and_record_header() {
    let a = rt::<Alert>(&[2, 40]);
    assert_eq!(a, Alert::fatal(AlertDescription::HANDSHAKE_FAILURE));
    let rh = rt::<RecordHeader>(&[22, 3, 1, 0, 5]);
    assert_eq!(rh.content_type, ContentType::HANDSHAKE);
    assert_eq!(rh.legacy_version, ProtocolVersion::TLS_1_0);
    assert_eq!(rh.length, 5);
}

#[test]
fn unknown_extensions_are_kept_in_order() {
    // ClientHello: unknown ignored but visible, and re-encoded in place.
    let (b, e) = ch_set(&format!("fafa 0001 00 {SV13} 0a0a 0000"));
    assert_eq!(e.first_unknown, Some(ExtensionType(0xfafa)));
    let types: Vec<_> = e.raw.unwrap().iter().map(|x| x.typ.get()).collect();
    assert_eq!(types, [0xfafa, 0x2b, 0x0a0a]);
    assert_eq!(enc(&e), b);
    // EncryptedExtensions: visible so the handshake can send unsupported_extension.
    let bytes = v(2, &ext(0x1234, &[9]));
    let ee = rt::<EncryptedExtensions>(&bytes);
    assert_eq!(ee.first_unknown, Some(ExtensionType(0x1234)));
    assert_eq!(
        ee.raw.unwrap().find(ExtensionType(0x1234)).unwrap().body,
        &[9]
    );
    let _ = cat(&[]);
}
