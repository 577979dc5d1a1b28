//! The limits and failure paths of RFC 8446 §5: lengths, padding, content types, sequence
//! numbers and the key-update trigger.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::unreachable,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code and its helpers: a panic is the verdict"
)]

mod common;

use common::{craft, open, seal, test_keys, test_pair, ALL_AEADS};
use tls_codec::enums::{AlertDescription, ContentType, ProtocolVersion};
use tls_crypto::AeadAlgorithm;
use tls_record::{
    encode_plaintext, frame, parse_plaintext, sealed_record_len, Error, ErrorKind, Framing,
    RecordLimit, AES_GCM_KEY_UPDATE_THRESHOLD, CHACHA20_POLY1305_KEY_UPDATE_THRESHOLD,
    MAX_CIPHERTEXT_LEN, MAX_PLAINTEXT_LEN, MAX_PROTECTED_RECORD_LEN,
};

const AES: AeadAlgorithm = AeadAlgorithm::Aes128Gcm;
const AD: ContentType = ContentType::APPLICATION_DATA;

fn header(ty: u8, len: usize) -> [u8; 5] {
    let l = u16::try_from(len).unwrap().to_be_bytes();
    [ty, 0x03, 0x03, l[0], l[1]]
}

#[test]
fn sizes_are_the_rfc_arithmetic() {
    assert_eq!(sealed_record_len(0, 0), 22);
    assert_eq!(MAX_PROTECTED_RECORD_LEN, 5 + (1 << 14) + 1 + 16);
    assert_eq!(RecordLimit::DEFAULT.max_content_len(), 1 << 14);
    assert_eq!(RecordLimit::DEFAULT.max_ciphertext_len(), (1 << 14) + 17);
    assert_eq!(
        RecordLimit::DEFAULT.max_record_len(),
        MAX_PROTECTED_RECORD_LEN
    );
    let small = RecordLimit::new(512).unwrap();
    assert_eq!(small.max_content_len(), 511);
    assert_eq!(small.max_record_len(), 5 + 512 + 16);
    assert_eq!(RecordLimit::new(63), Err(Error::InvalidLimit));
    assert_eq!(RecordLimit::new((1 << 14) + 2), Err(Error::InvalidLimit));
    assert_eq!(RecordLimit::new(64).unwrap().max_inner_len(), 64);
    assert_eq!(RecordLimit::new((1 << 14) + 1), Ok(RecordLimit::DEFAULT));
}

#[test]
fn content_of_exactly_2_pow_14_seals_and_opens() {
    for alg in ALL_AEADS {
        let (mut s, mut o) = test_pair(alg);
        let content: Vec<u8> = (0..MAX_PLAINTEXT_LEN).map(|i| i as u8).collect();
        let rec = seal(&mut s, AD, &content, 0).unwrap();
        assert_eq!(rec.len(), MAX_PROTECTED_RECORD_LEN);
        assert_eq!(o.frame(&rec).unwrap(), Framing::Complete(rec.len()));
        assert_eq!(open(&mut o, &rec).unwrap(), (AD, content));
    }
}

#[test]
fn content_over_the_limit_is_refused_on_seal() {
    let (mut s, _) = test_pair(AES);
    let too_long = vec![1u8; MAX_PLAINTEXT_LEN + 1];
    assert_eq!(seal(&mut s, AD, &too_long, 0), Err(Error::ContentTooLong));
    // Padding counts towards the limit (RFC 8446 §5.4).
    let full = vec![1u8; MAX_PLAINTEXT_LEN];
    assert_eq!(seal(&mut s, AD, &full, 1), Err(Error::ContentTooLong));
    assert_eq!(
        s.seal_padded(AD, &mut [0; 64], 0, usize::MAX),
        Err(Error::ContentTooLong)
    );
    assert_eq!(Error::ContentTooLong.kind(), ErrorKind::Usage);
    assert_eq!(Error::ContentTooLong.alert(), None);
    // A negotiated limit counts content type and padding (RFC 8449 §4).
    s.set_limit(RecordLimit::new(100).unwrap());
    assert_eq!(s.max_content_len(), 99);
    assert!(seal(&mut s, AD, &[7; 99], 0).is_ok());
    assert_eq!(seal(&mut s, AD, &[7; 99], 1), Err(Error::ContentTooLong));
    assert_eq!(seal(&mut s, AD, &[7; 100], 0), Err(Error::ContentTooLong));
    // Refusals use no sequence number.
    assert_eq!(s.sequence_number(), Some(1));
}

#[test]
fn oversized_header_is_record_overflow_without_the_body() {
    let h = header(0x17, MAX_CIPHERTEXT_LEN + 1);
    assert_eq!(frame(&h, RecordLimit::DEFAULT), Err(Error::RecordOverflow));
    assert_eq!(
        Error::RecordOverflow.alert(),
        Some(AlertDescription::RECORD_OVERFLOW)
    );
    let (_, mut o) = test_pair(AES);
    assert_eq!(o.frame(&h), Err(Error::RecordOverflow));
    let mut buf = h;
    assert_eq!(o.open(&mut buf), Err(Error::RecordOverflow));
    // With 16-byte tags nothing above 2^14 + 1 + 16 can be valid, so that is refused too.
    let h = header(0x17, MAX_PLAINTEXT_LEN + 18);
    assert_eq!(o.frame(&h), Err(Error::RecordOverflow));
    let h = header(0x17, MAX_PLAINTEXT_LEN + 17);
    assert_eq!(o.frame(&h), Ok(Framing::Need(MAX_PLAINTEXT_LEN + 17)));
    // Plaintext records: at most 2^14.
    let h = header(0x16, MAX_PLAINTEXT_LEN + 1);
    assert_eq!(frame(&h, RecordLimit::DEFAULT), Err(Error::RecordOverflow));
    assert_eq!(parse_plaintext(&h), Err(Error::RecordOverflow));
    let h = header(0x16, MAX_PLAINTEXT_LEN);
    assert_eq!(
        frame(&h, RecordLimit::DEFAULT),
        Ok(Framing::Need(MAX_PLAINTEXT_LEN))
    );
    // A negotiated limit applies to protected records only.
    let small = RecordLimit::new(64).unwrap();
    assert_eq!(frame(&header(0x17, 81), small), Err(Error::RecordOverflow));
    assert_eq!(frame(&header(0x17, 80), small), Ok(Framing::Need(80)));
    assert_eq!(frame(&header(0x16, 1000), small), Ok(Framing::Need(1000)));
}

#[test]
fn inner_plaintext_over_the_limit_is_record_overflow() {
    for alg in ALL_AEADS {
        let (key, iv) = test_keys(alg, 0x5a);
        let (_, mut o) = test_pair(alg);
        // 2^14 + 1 bytes of content plus the type: one byte over RFC 8446 §5.4.
        let mut inner = vec![0x41; MAX_PLAINTEXT_LEN + 1];
        inner.push(0x17);
        let rec = craft(alg, &key, &iv, 0, &inner);
        assert_eq!(open(&mut o, &rec), Err(Error::RecordOverflow));
        // 2^14 bytes of content, the type and one byte of padding: over as well.
        let mut inner = vec![0x41; MAX_PLAINTEXT_LEN];
        inner.extend([0x17, 0]);
        let rec = craft(alg, &key, &iv, 0, &inner);
        assert_eq!(open(&mut o, &rec), Err(Error::RecordOverflow));
        assert_eq!(o.sequence_number(), Some(0));
    }
    // A record within RFC 8446's limit but over our advertised record_size_limit.
    let (mut s, o) = test_pair(AES);
    let mut o = o.with_limit(RecordLimit::new(1000).unwrap());
    let rec = seal(&mut s, AD, &[3; 1000], 0).unwrap();
    assert_eq!(open(&mut o, &rec), Err(Error::RecordOverflow));
    let rec = seal(&mut s, AD, &[3; 999], 0).unwrap();
    assert_eq!(
        open(&mut o, &rec),
        Err(Error::BadRecordMac),
        "seq 1 on the wire, 0 expected"
    );
}

#[test]
fn padding_is_stripped() {
    for alg in ALL_AEADS {
        let (mut s, mut o) = test_pair(alg);
        for (content_len, padding) in [
            (0, 0),
            (0, 1),
            (0, 300),
            (1, 1),
            (10, 5),
            (100, 1000),
            (1, MAX_PLAINTEXT_LEN - 1),
        ] {
            let content: Vec<u8> = (0..content_len).map(|i| (i as u8) | 1).collect();
            let rec = seal(&mut s, AD, &content, padding).unwrap();
            assert_eq!(rec.len(), sealed_record_len(content_len, padding));
            assert_eq!(open(&mut o, &rec).unwrap(), (AD, content));
        }
        // Content ending in zero bytes keeps them: only bytes after the type are padding.
        let rec = seal(&mut s, ContentType::HANDSHAKE, &[1, 0, 0], 4).unwrap();
        assert_eq!(
            open(&mut o, &rec).unwrap(),
            (ContentType::HANDSHAKE, vec![1, 0, 0])
        );
    }
}

#[test]
fn bad_inner_plaintexts_are_unexpected_message() {
    let (key, iv) = test_keys(AES, 0x5a);
    let cases: [(&[u8], Error); 6] = [
        (&[0; 10], Error::NoContentType), // all zeros (RFC 8446 §5.4)
        (&[], Error::NoContentType),      // nothing but the tag
        (&[1, 2, 20, 0], Error::UnexpectedContentType), // protected change_cipher_spec
        (&[1, 2, 99], Error::UnexpectedContentType), // unknown type
        (&[22, 0, 0], Error::EmptyFragment), // empty handshake
        (&[21], Error::EmptyFragment),    // empty alert
    ];
    for (inner, err) in cases {
        let (_, mut o) = test_pair(AES);
        let rec = craft(AES, &key, &iv, 0, inner);
        assert_eq!(open(&mut o, &rec), Err(err), "{inner:?}");
        assert_eq!(err.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
        assert_eq!(err.kind(), ErrorKind::Protocol);
    }
    // Empty application data is allowed (RFC 8446 §5.1).
    let (_, mut o) = test_pair(AES);
    let rec = craft(AES, &key, &iv, 0, &[23, 0, 0]);
    assert_eq!(open(&mut o, &rec).unwrap(), (AD, vec![]));
}

#[test]
fn wrong_outer_content_type() {
    let (mut s, mut o) = test_pair(AES);
    let mut rec = seal(&mut s, AD, b"data", 0).unwrap();
    rec[0] = 0x16;
    assert_eq!(open(&mut o, &rec), Err(Error::UnexpectedContentType));
    // Frame accepts the known types and refuses others at once.
    assert_eq!(
        frame(&rec, RecordLimit::DEFAULT),
        Ok(Framing::Complete(rec.len()))
    );
    rec[0] = 0x42;
    assert_eq!(
        frame(&rec, RecordLimit::DEFAULT),
        Err(Error::UnexpectedContentType)
    );
    assert_eq!(frame(&rec[..1], RecordLimit::DEFAULT), Ok(Framing::Need(4)));
    // Plaintext records are never application_data.
    assert_eq!(
        parse_plaintext(&[0x17, 3, 3, 0, 1, 0]),
        Err(Error::UnexpectedContentType)
    );
    assert_eq!(o.sequence_number(), Some(0));
}

#[test]
fn truncated_records() {
    let (mut s, mut o) = test_pair(AES);
    let rec = seal(&mut s, AD, b"some data", 0).unwrap();
    for cut in 0..rec.len() {
        let part = &rec[..cut];
        let need = if cut < 5 { 5 - cut } else { rec.len() - cut };
        assert_eq!(o.frame(part), Ok(Framing::Need(need)));
        assert_eq!(open(&mut o, part), Err(Error::Incomplete), "cut at {cut}");
    }
    assert_eq!(Error::Incomplete.kind(), ErrorKind::Usage);
    // A fragment shorter than the tag cannot authenticate.
    let mut short = header(0x17, 15).to_vec();
    short.extend([0u8; 15]);
    assert_eq!(open(&mut o, &short), Err(Error::BadRecordMac));
    // The whole record still opens: failures did not move the sequence number.
    assert_eq!(open(&mut o, &rec).unwrap().1, b"some data");
}

#[test]
fn records_back_to_back_in_one_buffer() {
    let (mut s, mut o) = test_pair(AeadAlgorithm::ChaCha20Poly1305);
    let mut wire = Vec::new();
    for i in 0..5u8 {
        wire.extend(seal(&mut s, AD, &vec![i + 1; usize::from(i) * 7], usize::from(i)).unwrap());
    }
    let mut at = 0;
    for i in 0..5u8 {
        let Framing::Complete(len) = o.frame(&wire[at..]).unwrap() else {
            panic!()
        };
        let opened = o.open(&mut wire[at..]).unwrap();
        assert_eq!(opened.record_len, len);
        assert_eq!(opened.content(&wire[at..]), vec![i + 1; usize::from(i) * 7]);
        at += len;
    }
    assert_eq!(at, wire.len());
    assert_eq!(o.frame(&wire[at..]), Ok(Framing::Need(5)));
}

#[test]
fn sequence_number_never_wraps() {
    for alg in ALL_AEADS {
        let (mut s, mut o) = test_pair(alg);
        s.skip_to_sequence_number(u64::MAX - 1).unwrap();
        o.skip_to_sequence_number(u64::MAX - 1).unwrap();
        assert_eq!(s.skip_to_sequence_number(5), Err(Error::SequenceRewind));
        let a = seal(&mut s, AD, b"second to last", 0).unwrap();
        let b = seal(&mut s, AD, b"last", 0).unwrap();
        assert_eq!(s.sequence_number(), None);
        assert!(s.needs_key_update());
        assert_eq!(
            seal(&mut s, AD, b"one more", 0),
            Err(Error::SequenceExhausted)
        );
        assert_eq!(Error::SequenceExhausted.kind(), ErrorKind::Internal);
        assert_eq!(
            s.skip_to_sequence_number(u64::MAX),
            Err(Error::SequenceRewind)
        );

        assert_eq!(open(&mut o, &a).unwrap().1, b"second to last");
        assert_eq!(o.sequence_number(), Some(u64::MAX));
        assert_eq!(open(&mut o, &b).unwrap().1, b"last");
        assert_eq!(o.sequence_number(), None);
        // The record sealed at 2^64 - 1 again: exhausted, not replayed.
        assert_eq!(open(&mut o, &b), Err(Error::SequenceExhausted));
        // It was sealed with the nonce of 2^64 - 1 (RFC 8446 §5.3), as crafted independently.
        let (key, iv) = test_keys(alg, 0x5a);
        assert_eq!(b, craft(alg, &key, &iv, u64::MAX, b"last\x17"));
    }
}

#[test]
fn key_update_trigger_fires_at_the_threshold() {
    let (s, _) = test_pair(AES);
    assert_eq!(s.key_update_threshold(), AES_GCM_KEY_UPDATE_THRESHOLD);
    assert_eq!(AES_GCM_KEY_UPDATE_THRESHOLD, 1 << 24);
    let (s, _) = test_pair(AeadAlgorithm::Aes256Gcm);
    assert_eq!(s.key_update_threshold(), AES_GCM_KEY_UPDATE_THRESHOLD);
    let (s, _) = test_pair(AeadAlgorithm::ChaCha20Poly1305);
    assert_eq!(
        s.key_update_threshold(),
        CHACHA20_POLY1305_KEY_UPDATE_THRESHOLD
    );

    let mut s = s.with_key_update_threshold(3);
    for _ in 0..3 {
        assert!(!s.needs_key_update());
        seal(&mut s, AD, b"x", 0).unwrap();
    }
    assert!(s.needs_key_update());
    // Sealing continues past the trigger: the KeyUpdate itself goes out under this key.
    seal(&mut s, ContentType::HANDSHAKE, &[24, 0, 0, 1, 0], 0).unwrap();
    assert!(s.needs_key_update());

    // The default AES-GCM trigger, reached by moving the sequence number.
    let (mut s, _) = test_pair(AES);
    s.skip_to_sequence_number(AES_GCM_KEY_UPDATE_THRESHOLD - 1)
        .unwrap();
    assert!(!s.needs_key_update());
    seal(&mut s, AD, b"x", 0).unwrap();
    assert!(s.needs_key_update());
}

#[test]
fn seal_refuses_what_cannot_be_sent() {
    let (mut s, _) = test_pair(AES);
    for ty in [
        ContentType::CHANGE_CIPHER_SPEC,
        ContentType(0),
        ContentType(99),
    ] {
        assert_eq!(seal(&mut s, ty, b"x", 0), Err(Error::InvalidContentType));
    }
    assert_eq!(
        seal(&mut s, ContentType::HANDSHAKE, b"", 0),
        Err(Error::InvalidContentType)
    );
    assert_eq!(
        seal(&mut s, ContentType::ALERT, b"", 0),
        Err(Error::InvalidContentType)
    );
    let mut buf = [0u8; 30];
    assert_eq!(s.seal(AD, &mut buf, 9), Err(Error::BufferTooSmall));
    assert_eq!(s.seal(AD, &mut buf, 8).unwrap(), 30);
    assert_eq!(s.seal(AD, &mut [0u8; 3], 0), Err(Error::BufferTooSmall));
    assert_eq!(s.sequence_number(), Some(1));
}

#[test]
fn plaintext_records() {
    let mut buf = [0u8; 8];
    buf[5..].copy_from_slice(&[1, 2, 3]);
    let n = encode_plaintext(
        ContentType::HANDSHAKE,
        ProtocolVersion::TLS_1_0,
        &mut buf,
        3,
    )
    .unwrap();
    assert_eq!(&buf[..n], &[0x16, 3, 1, 0, 3, 1, 2, 3]);
    let p = parse_plaintext(&buf).unwrap();
    assert_eq!(
        (p.content_type, p.content(&buf), p.record_len),
        (ContentType::HANDSHAKE, &[1u8, 2, 3][..], 8)
    );
    let v = ProtocolVersion::TLS_1_2;
    assert_eq!(
        encode_plaintext(ContentType::HANDSHAKE, v, &mut buf, 4),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        encode_plaintext(AD, v, &mut buf, 1),
        Err(Error::InvalidContentType)
    );
    assert_eq!(
        encode_plaintext(ContentType::ALERT, v, &mut buf, 0),
        Err(Error::InvalidContentType)
    );
    let mut big = vec![0u8; 5 + MAX_PLAINTEXT_LEN + 1];
    assert_eq!(
        encode_plaintext(ContentType::HANDSHAKE, v, &mut big, MAX_PLAINTEXT_LEN + 1),
        Err(Error::ContentTooLong)
    );
    assert_eq!(
        encode_plaintext(ContentType::HANDSHAKE, v, &mut big, MAX_PLAINTEXT_LEN),
        Ok(5 + MAX_PLAINTEXT_LEN)
    );
    // Peer errors.
    assert_eq!(
        parse_plaintext(&[0x16, 3, 3, 0, 0]),
        Err(Error::EmptyFragment)
    );
    assert_eq!(
        parse_plaintext(&[0x14, 3, 3, 0, 1, 2]),
        Err(Error::BadChangeCipherSpec)
    );
    assert_eq!(
        parse_plaintext(&[0x14, 3, 3, 0, 2, 1, 1]),
        Err(Error::BadChangeCipherSpec)
    );
    assert_eq!(
        parse_plaintext(&[0x15, 3, 3, 0, 2, 1]),
        Err(Error::Incomplete)
    );
    assert_eq!(parse_plaintext(&[0x15, 3]), Err(Error::Incomplete));
    // Trailing bytes belong to the next record.
    let p = parse_plaintext(&[0x15, 3, 3, 0, 2, 1, 0, 0x16]).unwrap();
    assert_eq!(p.record_len, 7);
}

#[test]
fn debug_output_redacts_secrets() {
    let (s, o) = common::pair(AES, &[0xab; 16], &[0xcd; 12]);
    for text in [format!("{s:?}"), format!("{o:?}")] {
        assert!(text.contains("redacted"), "{text}");
        assert!(!text.to_lowercase().contains("cd"), "{text}");
        assert!(!text.contains("205"), "{text}"); // 0xcd in decimal
    }
}
