//! RFC 8448 §3–§7: every handshake message parses and re-encodes to the same bytes; record
//! headers parse; a few semantic facts per section.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

use tls_codec::enums::{
    CipherSuite, ContentType, ExtensionType, HandshakeType, NamedGroup, ProtocolVersion,
    PskKeyExchangeMode, SignatureScheme,
};
use tls_codec::extensions::binder_mut;
use tls_codec::handshake::{split, HandshakeHeader};
use tls_codec::record::{Alert, RecordHeader, HEADER_LEN};
use tls_codec::{Codec, HandshakeMessage, Writer};
use wren_vectors::{all, get, nth, rows};

const MESSAGE_FIELDS: [&str; 10] = [
    "ClientHello",
    "ServerHello",
    "EncryptedExtensions",
    "Certificate",
    "CertificateRequest",
    "CertificateVerify",
    "Finished",
    "NewSessionTicket",
    "EndOfEarlyData",
    "KeyUpdate",
];

/// Parses one whole message, re-encodes it and checks the bytes are identical.
fn round_trip(bytes: &[u8]) -> HandshakeMessage<'_> {
    let msg = HandshakeMessage::parse_exact(bytes)
        .unwrap_or_else(|e| panic!("{e:?} parsing {}", hex::encode(bytes)));
    let mut buf = vec![0u8; bytes.len() + 16];
    let mut w = Writer::new(&mut buf);
    msg.encode(&mut w).unwrap();
    assert_eq!(hex::encode(w.written()), hex::encode(bytes));
    // Encoding into a buffer one byte short fails cleanly.
    let mut short = vec![0u8; bytes.len() - 1];
    assert!(msg.encode(&mut Writer::new(&mut short)).is_err());
    msg
}

/// The `n`-th message named `field` in `section` (leaked: tests borrow it freely).
fn message(section: u8, field: &str, n: usize) -> &'static [u8] {
    let rows: Vec<_> = rows()
        .into_iter()
        .filter(|r| r.section == section && r.field == field)
        .collect();
    rows[n].bytes.clone().leak()
}

#[test]
fn every_message_field_round_trips() {
    let mut count = 0;
    for row in rows() {
        if row.section < 3 || !MESSAGE_FIELDS.contains(&row.field) {
            continue;
        }
        if row.section == 4 && row.field == "ClientHello" {
            // RFC 8448 §4 prints the ClientHello truncated before its binders (477 of 512
            // octets); the whole one is the record payload, checked in section4_psk_binders.
            assert_eq!(
                HandshakeMessage::parse_exact(&row.bytes),
                Err(tls_codec::Error::Truncated)
            );
            continue;
        }
        let msg = round_trip(&row.bytes);
        let expected = match row.field {
            "ClientHello" => HandshakeType::CLIENT_HELLO,
            "ServerHello" => HandshakeType::SERVER_HELLO,
            "EncryptedExtensions" => HandshakeType::ENCRYPTED_EXTENSIONS,
            "Certificate" => HandshakeType::CERTIFICATE,
            "CertificateRequest" => HandshakeType::CERTIFICATE_REQUEST,
            "CertificateVerify" => HandshakeType::CERTIFICATE_VERIFY,
            "Finished" => HandshakeType::FINISHED,
            "NewSessionTicket" => HandshakeType::NEW_SESSION_TICKET,
            "EndOfEarlyData" => HandshakeType::END_OF_EARLY_DATA,
            _ => HandshakeType::KEY_UPDATE,
        };
        assert_eq!(msg.typ(), expected, "§{} {}", row.section, row.step);
        count += 1;
    }
    // Every message field of §3–§7 but the truncated §4 ClientHello.
    assert_eq!(count, 39);
}

/// `from_server` and `from_client` decode what their peer sends exactly as `from_raw` does,
/// and refuse the other side's messages as unexpected without decoding them.
#[test]
fn from_server_and_from_client_split_from_raw_by_sender() {
    use tls_codec::RawHandshake;
    let mut seen = [0usize; 2];
    for row in rows() {
        if row.section < 3 || !MESSAGE_FIELDS.contains(&row.field) {
            continue;
        }
        let Ok(raw) = RawHandshake::parse_exact(&row.bytes) else {
            continue; // the truncated §4 ClientHello
        };
        let by_client = matches!(
            raw.typ,
            HandshakeType::CLIENT_HELLO | HandshakeType::END_OF_EARLY_DATA
        );
        let by_server = !matches!(
            raw.typ,
            HandshakeType::CLIENT_HELLO | HandshakeType::END_OF_EARLY_DATA
        );
        let both = matches!(
            raw.typ,
            HandshakeType::CERTIFICATE
                | HandshakeType::CERTIFICATE_VERIFY
                | HandshakeType::FINISHED
                | HandshakeType::KEY_UPDATE
        );
        let want = HandshakeMessage::from_raw(raw);
        assert!(want.is_ok());
        let unexpected = Err(tls_codec::Error::UnexpectedMessage);
        let from_server = HandshakeMessage::from_server(raw);
        let from_client = HandshakeMessage::from_client(raw);
        assert_eq!(from_server, if by_server { want } else { unexpected });
        assert_eq!(
            from_client,
            if by_client || both { want } else { unexpected }
        );
        seen[usize::from(by_client)] += 1;
    }
    assert!(seen[0] > 0 && seen[1] > 0);
    // A malformed ClientHello is a decode error for a server, unexpected for a client.
    let bad = [1u8, 0, 0, 1, 0];
    let raw = RawHandshake::parse_exact(&bad).unwrap();
    assert_eq!(
        HandshakeMessage::from_client(raw),
        Err(tls_codec::Error::Truncated)
    );
    assert_eq!(
        HandshakeMessage::from_server(raw),
        Err(tls_codec::Error::UnexpectedMessage)
    );
    // Types that are no TLS 1.3 handshake message are unexpected for both.
    for typ in [0u8, 3, 12, 16, 254] {
        let m = [typ, 0, 0, 0];
        let raw = RawHandshake::parse_exact(&m).unwrap();
        assert_eq!(HandshakeMessage::from_raw(raw), unexpected_message());
        assert_eq!(HandshakeMessage::from_server(raw), unexpected_message());
        assert_eq!(HandshakeMessage::from_client(raw), unexpected_message());
    }
}

fn unexpected_message() -> Result<HandshakeMessage<'static>, tls_codec::Error> {
    Err(tls_codec::Error::UnexpectedMessage)
}

#[test]
fn every_plaintext_handshake_payload_splits_and_round_trips() {
    let mut messages = 0;
    for row in rows() {
        if row.section < 3 || !row.step.ends_with("send handshake record") || row.field != "payload"
        {
            continue;
        }
        let mut it = split(&row.bytes);
        let mut total = 0;
        for raw in &mut it {
            let raw = raw.unwrap();
            round_trip(raw.bytes);
            let h = HandshakeHeader::peek(raw.bytes).unwrap();
            assert_eq!(h.typ, raw.typ);
            assert_eq!(h.message_len(), raw.bytes.len());
            total += raw.bytes.len();
            messages += 1;
        }
        assert!(it.rest().is_empty());
        assert_eq!(total, row.bytes.len());
    }
    assert!(messages >= 37, "{messages}");
}

#[test]
fn every_record_header_parses() {
    let mut n = 0;
    for row in rows() {
        if row.field != "complete record" {
            continue;
        }
        let h = RecordHeader::parse_exact(&row.bytes[..HEADER_LEN]).unwrap();
        assert_eq!(
            usize::from(h.length),
            row.bytes.len() - HEADER_LEN,
            "{}",
            row.step
        );
        assert_eq!(h.to_bytes(), row.bytes[..HEADER_LEN]);
        let payloads = all(row.section, row.step, "payload");
        assert!(!payloads.is_empty());
        if h.content_type != ContentType::APPLICATION_DATA {
            // Plaintext record: the fragment is the payload.
            assert!(
                payloads.iter().any(|p| p[..] == row.bytes[HEADER_LEN..]),
                "§{} {}",
                row.section,
                row.step
            );
        }
        if row.step.contains("alert record") {
            // Protected alert: payload is the plaintext alert.
            let a = Alert::parse_exact(&payloads[0]).unwrap();
            assert_eq!(a, Alert::CLOSE_NOTIFY);
        }
        n += 1;
    }
    assert!(n > 40, "{n}");
}

fn client_hello(section: u8, n: usize) -> &'static [u8] {
    message(section, "ClientHello", n)
}

#[test]
fn section3_facts() {
    let ch = client_hello(3, 0);
    let HandshakeMessage::ClientHello(ch) = HandshakeMessage::parse_exact(ch).unwrap() else {
        panic!()
    };
    assert_eq!(ch.legacy_version, ProtocolVersion::TLS_1_2);
    assert!(ch.legacy_session_id.is_empty());
    assert_eq!(ch.legacy_compression_methods, &[0]);
    assert_eq!(
        ch.cipher_suites.iter().collect::<Vec<_>>(),
        [
            CipherSuite::TLS_AES_128_GCM_SHA256,
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_AES_256_GCM_SHA384
        ]
    );
    let e = ch.extensions;
    let sni: Vec<_> = e.server_name.unwrap().iter().collect();
    assert_eq!(sni.len(), 1);
    assert_eq!(sni[0].name, b"server");
    let ks: Vec<_> = e.key_share.unwrap().iter().collect();
    assert_eq!(ks.len(), 1);
    assert_eq!(ks[0].group, NamedGroup::X25519);
    assert_eq!(
        ks[0].key_exchange,
        &get(
            3,
            "{client} create an ephemeral x25519 key pair",
            "public key"
        )[..]
    );
    assert!(e
        .supported_versions
        .unwrap()
        .contains(&ProtocolVersion::TLS_1_3));
    assert!(e
        .signature_algorithms
        .unwrap()
        .contains(&SignatureScheme::RSA_PSS_RSAE_SHA256));
    assert_eq!(
        e.psk_key_exchange_modes.unwrap().iter().collect::<Vec<_>>(),
        [PskKeyExchangeMode::PSK_DHE_KE]
    );
    assert_eq!(e.record_size_limit, Some(0x4001));
    assert!(e.pre_shared_key.is_none() && ch.binders_len().is_none());
    // renegotiation_info and session_ticket are unknown to TLS 1.3: ignored, still visible.
    assert!(e.first_unknown.is_some());
    assert!(e
        .raw
        .unwrap()
        .find(ExtensionType::RENEGOTIATION_INFO)
        .is_some());

    let sh = message(3, "ServerHello", 0);
    let HandshakeMessage::ServerHello(sh) = HandshakeMessage::parse_exact(sh).unwrap() else {
        panic!()
    };
    assert!(!sh.is_hello_retry_request());
    assert_eq!(sh.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
    assert_eq!(
        sh.extensions.supported_versions,
        Some(ProtocolVersion::TLS_1_3)
    );
    assert_eq!(sh.extensions.key_share.unwrap().group, NamedGroup::X25519);
    assert_eq!(sh.extensions.first_unknown, None);

    let ee = message(3, "EncryptedExtensions", 0);
    let HandshakeMessage::EncryptedExtensions(ee) = HandshakeMessage::parse_exact(ee).unwrap()
    else {
        panic!()
    };
    assert!(ee.server_name);
    assert_eq!(ee.record_size_limit, Some(0x4001));
    assert_eq!(ee.supported_groups.unwrap().len(), 9);

    let cert = message(3, "Certificate", 0);
    let HandshakeMessage::Certificate(cert) = HandshakeMessage::parse_exact(cert).unwrap() else {
        panic!()
    };
    assert!(cert.context.is_empty());
    let entries: Vec<_> = cert.entries.iter().collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].cert_data.len(), 432);
    assert_eq!(entries[0].cert_data[0], 0x30);

    let cv = message(3, "CertificateVerify", 0);
    let HandshakeMessage::CertificateVerify(cv) = HandshakeMessage::parse_exact(cv).unwrap() else {
        panic!()
    };
    assert_eq!(cv.algorithm, SignatureScheme::RSA_PSS_RSAE_SHA256);
    assert_eq!(cv.signature.len(), 128);

    let fin = message(3, "Finished", 0);
    let HandshakeMessage::Finished(fin) = HandshakeMessage::parse_exact(fin).unwrap() else {
        panic!()
    };
    assert_eq!(
        fin.verify_data,
        &get(
            3,
            "{server} calculate finished \"tls13 finished\"",
            "finished"
        )[..]
    );

    let nst = message(3, "NewSessionTicket", 0);
    let HandshakeMessage::NewSessionTicket(nst) = HandshakeMessage::parse_exact(nst).unwrap()
    else {
        panic!()
    };
    assert_eq!(nst.ticket_lifetime, 0x1e);
    assert_eq!(nst.ticket_nonce, &[0, 0]);
    assert_eq!(nst.ticket.len(), 178);
    assert_eq!(nst.extensions.early_data, Some(0x400));
}

#[test]
fn section4_psk_binders() {
    let bytes = get(4, "{client} send handshake record", "payload").leak();
    let HandshakeMessage::ClientHello(ch) = HandshakeMessage::parse_exact(bytes).unwrap() else {
        panic!()
    };
    let psk = ch.extensions.pre_shared_key.unwrap();
    let ids: Vec<_> = psk.identities.iter().collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0].identity.len(), 178);
    assert_eq!(ids[0].obfuscated_ticket_age, 0xfad6_aacb);
    assert!(ch.extensions.early_data);
    // The pre_shared_key extension is the last one.
    assert_eq!(
        ch.extensions.raw.unwrap().iter().last().unwrap().typ,
        ExtensionType::PRE_SHARED_KEY
    );

    // The binder range: one 32-byte binder = 2 + 1 + 32 bytes at the end.
    let range = ch.binders_range(bytes.len()).unwrap();
    assert_eq!(range, bytes.len() - 35..bytes.len());
    let binder = get(4, "{client} calculate PSK binder", "finished");
    assert_eq!(&bytes[range.start + 3..], &binder[..]);
    // RFC 8448's "ClientHello" and "ClientHello prefix" are the truncated ClientHello.
    let prefix = get(4, "{client} calculate PSK binder", "ClientHello prefix");
    assert_eq!(prefix.len(), range.start);
    assert_eq!(&prefix[..], &bytes[..range.start]);
    assert_eq!(client_hello(4, 0), &prefix[..]);

    // Encoding reports the same range, and binders can be patched through it.
    let mut buf = vec![0u8; 600];
    let mut w = Writer::new(&mut buf);
    w.bytes(b"xyz").unwrap(); // the range is absolute in the writer
    let r = ch.encode_message(&mut w).unwrap().unwrap();
    assert_eq!(r, range.start + 3..range.end + 3);
    let list = &mut w.written_mut()[r.clone()];
    let slot = binder_mut(list, 0).unwrap();
    assert_eq!(slot, &binder[..]);
    slot.fill(0xaa);
    assert!(binder_mut(list, 1).is_none());
    assert_eq!(&w.written()[r.end - 32..], &[0xaa; 32][..]);

    let sh = message(4, "ServerHello", 0);
    let HandshakeMessage::ServerHello(sh) = HandshakeMessage::parse_exact(sh).unwrap() else {
        panic!()
    };
    assert_eq!(sh.extensions.pre_shared_key, Some(0));

    let ee = message(4, "EncryptedExtensions", 0);
    let HandshakeMessage::EncryptedExtensions(ee) = HandshakeMessage::parse_exact(ee).unwrap()
    else {
        panic!()
    };
    assert!(ee.early_data);

    let eoed = message(4, "EndOfEarlyData", 0);
    assert_eq!(eoed, [5, 0, 0, 0]);
}

#[test]
fn section5_hello_retry_request() {
    let HandshakeMessage::ClientHello(ch1) =
        HandshakeMessage::parse_exact(client_hello(5, 0)).unwrap()
    else {
        panic!()
    };
    assert!(ch1.extensions.cookie.is_none());
    let groups: Vec<_> = ch1.extensions.key_share.unwrap().iter().collect();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].group, NamedGroup::X25519);

    let hrr = message(5, "ServerHello", 0);
    assert!(tls_codec::server_hello::is_hello_retry_request(&hrr[4..]));
    let msg = HandshakeMessage::parse_exact(hrr).unwrap();
    assert!(msg.is_hello_retry_request());
    let HandshakeMessage::HelloRetryRequest(hrr) = msg else {
        panic!()
    };
    assert_eq!(hrr.extensions.key_share, Some(NamedGroup::SECP256R1));
    let cookie = hrr.extensions.cookie.unwrap();
    assert_eq!(cookie.0.len(), 114);
    assert_eq!(
        hrr.extensions.supported_versions,
        Some(ProtocolVersion::TLS_1_3)
    );

    let HandshakeMessage::ClientHello(ch2) =
        HandshakeMessage::parse_exact(client_hello(5, 1)).unwrap()
    else {
        panic!()
    };
    assert_eq!(ch2.extensions.cookie, Some(cookie));
    let groups: Vec<_> = ch2.extensions.key_share.unwrap().iter().collect();
    assert_eq!(groups[0].group, NamedGroup::SECP256R1);
    assert!(ch2.extensions.padding.is_some());

    let sh = message(5, "ServerHello", 1);
    let HandshakeMessage::ServerHello(sh) = HandshakeMessage::parse_exact(sh).unwrap() else {
        panic!()
    };
    assert_eq!(
        sh.extensions.key_share.unwrap().group,
        NamedGroup::SECP256R1
    );
}

#[test]
fn section6_client_authentication() {
    let cr = message(6, "CertificateRequest", 0);
    let HandshakeMessage::CertificateRequest(cr) = HandshakeMessage::parse_exact(cr).unwrap()
    else {
        panic!()
    };
    assert!(cr.context.is_empty());
    let algs = cr.extensions.signature_algorithms.unwrap();
    assert!(algs.contains(&SignatureScheme::ECDSA_SECP256R1_SHA256));
    assert_eq!(algs.len(), 15);

    let client_cert = nth(
        6,
        "{client} construct a Certificate handshake message",
        "Certificate",
        0,
    );
    let HandshakeMessage::Certificate(c) = HandshakeMessage::parse_exact(&client_cert).unwrap()
    else {
        panic!()
    };
    assert_eq!(c.entries.len(), 1);
}

#[test]
fn section7_compatibility_mode() {
    let HandshakeMessage::ClientHello(ch) =
        HandshakeMessage::parse_exact(client_hello(7, 0)).unwrap()
    else {
        panic!()
    };
    assert_eq!(ch.legacy_session_id.len(), 32);
    let HandshakeMessage::ServerHello(sh) =
        HandshakeMessage::parse_exact(message(7, "ServerHello", 0)).unwrap()
    else {
        panic!()
    };
    assert_eq!(sh.legacy_session_id_echo, ch.legacy_session_id);
    let ccs = get(
        7,
        "{server} send change_cipher_spec record",
        "complete record",
    );
    let h = RecordHeader::parse_exact(&ccs[..HEADER_LEN]).unwrap();
    assert_eq!(h.content_type, ContentType::CHANGE_CIPHER_SPEC);
}
