//! Every decode error and the alert it maps to (RFC 8446 §6.2, §4.2; RFC 6066; RFC 8449).
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

mod common;
use common::{cat, ext, framed, h, v};

use tls_codec::enums::AlertDescription as A;
use tls_codec::extensions::*;
use tls_codec::{
    Codec, EncryptedExtensions, Error, HandshakeMessage, HelloRetryRequest, List, ServerHello,
    Writer, HELLO_RETRY_REQUEST_RANDOM,
};

const SV13: &[u8] = &[0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04];

fn ch_exts(exts: &[&[u8]]) -> Result<(), Error> {
    ClientHelloExtensions::parse_exact(&v(2, &exts.concat())).map(|_| ())
}

fn expect(r: Result<(), Error>, err: Error, alert: A) {
    assert_eq!(r, Err(err));
    assert_eq!(err.alert(), Some(alert), "{err:?}");
}

fn client_hello(exts: &[u8]) -> Vec<u8> {
    cat(&[&[3, 3], &[1; 32], &[0], &h("0002 1301 0100"), &v(2, exts)])
}

fn server_hello(random: &[u8; 32], exts: &[u8]) -> Vec<u8> {
    cat(&[&[3, 3], random, &[0], &h("1301 00"), &v(2, exts)])
}

#[test]
fn error_is_small_and_named() {
    assert_eq!(core::mem::size_of::<Error>(), 1);
    assert_eq!(Error::MissingExtension.alert(), Some(A::MISSING_EXTENSION));
    assert_eq!(Error::MissingExtension.name(), "CODEC_MISSING_EXTENSION");
    assert_eq!(Error::BufferTooSmall.alert(), None);
    assert_eq!(Error::ValueTooLarge.alert(), None);
}

#[test]
fn duplicate_extensions_known_and_unknown() {
    expect(
        ch_exts(&[SV13, SV13]),
        Error::DuplicateExtension,
        A::ILLEGAL_PARAMETER,
    );
    let unknown = ext(0xfafa, &[]);
    expect(
        ch_exts(&[&unknown, SV13, &unknown]),
        Error::DuplicateExtension,
        A::ILLEGAL_PARAMETER,
    );
    let ee = v(2, &cat(&[&ext(0x1234, &[]), &ext(0x1234, &[1])]));
    expect(
        EncryptedExtensions::parse_exact(&ee).map(|_| ()),
        Error::DuplicateExtension,
        A::ILLEGAL_PARAMETER,
    );
}

#[test]
fn trailing_bytes() {
    // After a whole message body.
    let mut body = client_hello(&cat(&[SV13, &ext(0x33, &h("0000"))]));
    body.extend_from_slice(&ext(0, &[]));
    let msg = framed(1, &body);
    expect(
        HandshakeMessage::parse_exact(&msg).map(|_| ()),
        Error::TrailingBytes,
        A::DECODE_ERROR,
    );
    // Inside an extension body (ServerHello supported_versions with an extra byte).
    let sh = server_hello(&[2; 32], &ext(0x2b, &[3, 4, 0]));
    expect(
        ServerHello::parse_exact(&sh).map(|_| ()),
        Error::TrailingBytes,
        A::DECODE_ERROR,
    );
    // An extension that must be empty is not.
    expect(
        ch_exts(&[SV13, &ext(0x2a, &[0])]),
        Error::TrailingBytes,
        A::DECODE_ERROR,
    );
    // After the last message in a parse_exact of many.
    let two = cat(&[&[5, 0, 0, 0], &[5, 0, 0, 0]]);
    expect(
        HandshakeMessage::parse_exact(&two).map(|_| ()),
        Error::TrailingBytes,
        A::DECODE_ERROR,
    );
}

#[test]
fn empty_lists_where_forbidden() {
    for (typ, body) in [
        (0x0a, "0000"), // supported_groups <2..>
        (0x0d, "0000"), // signature_algorithms <2..>
        (0x32, "0000"), // signature_algorithms_cert <2..>
        (0x10, "0000"), // ALPN <2..>
        (0x2d, "00"),   // psk_key_exchange_modes <1..>
        (0x2b, "00"),   // supported_versions <2..>
        (0x2f, "0000"), // certificate_authorities <3..>
        (0x00, "0000"), // server_name <1..>
    ] {
        let filler = ext(0xfafa, &[0; 4]);
        expect(
            ch_exts(&[&filler, &ext(typ, &h(body))]),
            Error::EmptyList,
            A::DECODE_ERROR,
        );
    }
    // An empty ProtocolName inside a list is a vector below its floor.
    expect(
        ch_exts(&[SV13, &ext(0x10, &h("0002 00 00"))]),
        Error::BadLength,
        A::DECODE_ERROR,
    );
    // Empty cipher_suites.
    let ch = cat(&[&[3, 3], &[1; 32], &[0], &h("0000 0100"), &v(2, SV13), &[0]]);
    expect(
        tls_codec::ClientHello::parse_exact(&ch[..ch.len() - 1]).map(|_| ()),
        Error::EmptyList,
        A::DECODE_ERROR,
    );
    // Empty key_share client_shares is allowed (RFC 8446 §4.2.8: <0..2^16-1>).
    assert_eq!(ch_exts(&[SV13, &ext(0x33, &h("0000"))]), Ok(()));
}

#[test]
fn over_long_vectors() {
    // legacy_session_id<0..32> with 33 bytes.
    let ch = cat(&[
        &[3, 3],
        &[1; 32],
        &v(1, &[0; 33]),
        &h("0002 1301 0100"),
        &v(2, SV13),
    ]);
    expect(
        tls_codec::ClientHello::parse_exact(&ch).map(|_| ()),
        Error::BadLength,
        A::DECODE_ERROR,
    );
    // supported_versions<2..254> with 255 bytes (odd anyway) and 256 impossible: 254 + 2 fits.
    let versions = v(1, &[3; 255]);
    expect(
        ch_exts(&[&ext(0x2b, &versions)]),
        Error::BadLength,
        A::DECODE_ERROR,
    );
    // A vector longer than what is left.
    expect(
        ch_exts(&[SV13, &h("0010 0005 0010 02")]),
        Error::Truncated,
        A::DECODE_ERROR,
    );
    // NewSessionTicket extensions<0..2^16-2> at 2^16-1.
    let nst = cat(&[
        &[0; 8],
        &[0],
        &h("0001 aa"),
        &v(2, &ext(0xfafa, &[0; 0xffff - 4])),
    ]);
    expect(
        tls_codec::NewSessionTicket::parse_exact(&nst).map(|_| ()),
        Error::BadLength,
        A::DECODE_ERROR,
    );
}

#[test]
fn pre_shared_key_must_be_last() {
    let psk = ext(
        0x29,
        &h(&format!(
            "0009 0003 616263 00000000 0021 20 {}",
            "00".repeat(32)
        )),
    );
    assert_eq!(ch_exts(&[SV13, &psk]), Ok(()));
    expect(
        ch_exts(&[&psk, SV13]),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // Last even after unknown extensions.
    expect(
        ch_exts(&[&psk, &ext(0xfafa, &[])]),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // One binder per identity.
    let two_ids = ext(
        0x29,
        &h(&format!(
            "0012 0003 616263 00000000 0003 646566 00000000 0021 20 {}",
            "00".repeat(32)
        )),
    );
    expect(
        ch_exts(&[SV13, &two_ids]),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // A 31-byte binder is below PskBinderEntry<32..255>.
    let short = ext(
        0x29,
        &h(&format!(
            "0009 0003 616263 00000000 0020 1f {}",
            "00".repeat(31)
        )),
    );
    expect(ch_exts(&[SV13, &short]), Error::BadLength, A::DECODE_ERROR);
}

#[test]
fn bad_values_are_illegal_parameter() {
    // max_fragment_length: codes 1..=4 only (RFC 6066 §4).
    for code in [0u8, 5, 0xff] {
        expect(
            ch_exts(&[SV13, &ext(1, &[code])]),
            Error::IllegalParameter,
            A::ILLEGAL_PARAMETER,
        );
    }
    // record_size_limit below 64 (RFC 8449 §4).
    expect(
        ch_exts(&[SV13, &ext(0x1c, &[0, 63])]),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    assert_eq!(ch_exts(&[SV13, &ext(0x1c, &[0, 64])]), Ok(()));
    let ee = v(2, &ext(0x1c, &[0, 0]));
    expect(
        EncryptedExtensions::parse_exact(&ee).map(|_| ()),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // KeyUpdate other than 0/1 (RFC 8446 §4.6.3).
    expect(
        HandshakeMessage::parse_exact(&[24, 0, 0, 1, 2]).map(|_| ()),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // Non-zero padding (RFC 7685 §3).
    expect(
        ch_exts(&[SV13, &ext(0x15, &[0, 1])]),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // Two key shares of one group (RFC 8446 §4.2.8).
    let shares = ext(0x33, &h("000a 001d 0001 aa 001d 0001 bb"));
    expect(
        ch_exts(&[SV13, &shares]),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // Two host names (RFC 6066 §3).
    let names = ext(0, &h("0008 00 0001 61 00 0001 62"));
    expect(
        ch_exts(&[SV13, &names]),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // A server ALPN list with two names (RFC 7301 §3.1).
    let ee = v(2, &ext(0x10, &h("0006 02 6832 02 6833")));
    expect(
        EncryptedExtensions::parse_exact(&ee).map(|_| ()),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
    // A CertificateEntry status of an unknown type.
    let ce = v(2, &ext(5, &h("02 000001 aa")));
    expect(
        CertificateEntryExtensions::parse_exact(&ce).map(|_| ()),
        Error::IllegalParameter,
        A::ILLEGAL_PARAMETER,
    );
}

#[test]
fn extensions_in_the_wrong_message() {
    // RFC 8446 §4.2: a known extension where the table does not allow it.
    let ee = v(2, &ext(0x33, &h("001d 0001 aa")));
    expect(
        EncryptedExtensions::parse_exact(&ee).map(|_| ()),
        Error::UnexpectedExtension,
        A::ILLEGAL_PARAMETER,
    );
    let sh = server_hello(
        &[2; 32],
        &cat(&[&h("002b 0002 0304"), &ext(0x2c, &h("0001 00"))]),
    );
    expect(
        ServerHello::parse_exact(&sh).map(|_| ()),
        Error::UnexpectedExtension,
        A::ILLEGAL_PARAMETER,
    );
    let hrr = server_hello(
        &HELLO_RETRY_REQUEST_RANDOM,
        &cat(&[&h("002b 0002 0304"), &ext(0x29, &[0, 0])]),
    );
    expect(
        HelloRetryRequest::parse_exact(&hrr).map(|_| ()),
        Error::UnexpectedExtension,
        A::ILLEGAL_PARAMETER,
    );
    let nst_exts = v(2, &ext(0x2b, &[3, 4]));
    expect(
        NewSessionTicketExtensions::parse_exact(&nst_exts).map(|_| ()),
        Error::UnexpectedExtension,
        A::ILLEGAL_PARAMETER,
    );
    let cr = v(2, &cat(&[&h("000d 0004 0002 0403"), &ext(0x2a, &[])]));
    expect(
        CertificateRequestExtensions::parse_exact(&cr).map(|_| ()),
        Error::UnexpectedExtension,
        A::ILLEGAL_PARAMETER,
    );
    let ce = v(2, &ext(0x0a, &h("0002 001d")));
    expect(
        CertificateEntryExtensions::parse_exact(&ce).map(|_| ()),
        Error::UnexpectedExtension,
        A::ILLEGAL_PARAMETER,
    );
}

#[test]
fn missing_signature_algorithms_in_certificate_request() {
    let cr = cat(&[&[0], &v(2, &ext(0x2f, &h("0005 0003 300100")))]);
    expect(
        tls_codec::CertificateRequest::parse_exact(&cr).map(|_| ()),
        Error::MissingExtension,
        A::MISSING_EXTENSION,
    );
}

#[test]
fn wrong_messages() {
    expect(
        HandshakeMessage::parse_exact(&framed(3, &[])).map(|_| ()),
        Error::UnexpectedMessage,
        A::UNEXPECTED_MESSAGE,
    );
    expect(
        HandshakeMessage::parse_exact(&framed(254, &[0; 32])).map(|_| ()),
        Error::UnexpectedMessage,
        A::UNEXPECTED_MESSAGE,
    );
    // A HelloRetryRequest is not a ServerHello, and the other way round.
    let hrr = server_hello(&HELLO_RETRY_REQUEST_RANDOM, &h("002b 0002 0304"));
    expect(
        ServerHello::parse_exact(&hrr).map(|_| ()),
        Error::UnexpectedMessage,
        A::UNEXPECTED_MESSAGE,
    );
    let sh = server_hello(&[2; 32], &h("002b 0002 0304"));
    expect(
        HelloRetryRequest::parse_exact(&sh).map(|_| ()),
        Error::UnexpectedMessage,
        A::UNEXPECTED_MESSAGE,
    );
    // EndOfEarlyData with a body.
    expect(
        HandshakeMessage::parse_exact(&framed(5, &[0])).map(|_| ()),
        Error::TrailingBytes,
        A::DECODE_ERROR,
    );
}

#[test]
fn truncation_everywhere_is_decode_error_never_panic() {
    let msgs = [
        framed(1, &client_hello(&cat(&[SV13, &ext(0x33, &h("0000"))]))),
        framed(2, &server_hello(&[2; 32], &h("002b 0002 0304"))),
        framed(4, &cat(&[&[0; 8], &[0], &h("0001 aa 0000")])),
        framed(11, &h("00 000007 000002 3000 0000")),
        framed(15, &h("0804 0001 aa")),
    ];
    for m in &msgs {
        assert!(HandshakeMessage::parse_exact(m).is_ok());
        for cut in 0..m.len() {
            let err = HandshakeMessage::parse_exact(&m[..cut]).unwrap_err();
            assert_eq!(
                err.alert(),
                Some(A::DECODE_ERROR),
                "cut {cut} of {}",
                hex::encode(m)
            );
        }
    }
}

#[test]
fn split_reports_incomplete_tail() {
    let stream = cat(&[&[5, 0, 0, 0], &[20, 0, 0, 2, 1]]);
    let mut it = tls_codec::handshake::split(&stream);
    assert!(it.next().unwrap().is_ok());
    assert_eq!(it.next().unwrap().unwrap_err(), Error::Truncated);
    assert!(it.next().is_none());
    assert_eq!(it.rest(), &[20, 0, 0, 2, 1]);
}

#[test]
fn encoding_rejects_values_outside_their_vectors() {
    let mut buf = [0u8; 1024];
    let empty_groups = EncryptedExtensions {
        supported_groups: Some(List::Items(&[])),
        ..Default::default()
    };
    assert_eq!(
        empty_groups.encode(&mut Writer::new(&mut buf)),
        Err(Error::ValueTooLarge)
    );
    let long_id = tls_codec::ClientHello {
        legacy_version: tls_codec::enums::ProtocolVersion::TLS_1_2,
        random: &[0; 32],
        legacy_session_id: &[0; 33],
        cipher_suites: List::Items(&[tls_codec::enums::CipherSuite::TLS_AES_128_GCM_SHA256]),
        legacy_compression_methods: &[0],
        extensions: ClientHelloExtensions::default(),
    };
    assert_eq!(
        long_id.encode(&mut Writer::new(&mut buf)),
        Err(Error::ValueTooLarge)
    );
    assert_eq!(
        ServerHelloExtensions::default().encode(&mut Writer::new(&mut buf)),
        Err(Error::ValueTooLarge),
        "an empty ServerHello block is below <6..>"
    );
    assert_eq!(
        PskBinderEntry(&[0; 31]).encode(&mut Writer::new(&mut buf)),
        Err(Error::ValueTooLarge)
    );
}
