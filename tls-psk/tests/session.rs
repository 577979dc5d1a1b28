//! Client sessions: encoding, decoding, obfuscated age.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "tests: a panic is the verdict"
)]

mod common;

use common::*;
use tls_codec::enums::CipherSuite;
use tls_crypto::Secret;
use tls_psk::{Error, Session, SessionRef, MAX_SESSION_LEN, MAX_TICKET_LEN};

fn session() -> Session {
    let mut s = Session::new(
        SUITE,
        Secret::from_slice(&PSK).unwrap(),
        b"opaque ticket bytes",
        3600,
        0x8000_0000,
        1_000_000,
    )
    .unwrap();
    s.set_max_early_data(4096);
    s.set_alpn(Some(b"mqtt")).unwrap();
    s.set_server_name(Some(b"broker.example")).unwrap();
    s
}

fn max_session() -> Session {
    let mut s = Session::new(
        CipherSuite::TLS_AES_256_GCM_SHA384,
        Secret::from_slice(&[0x42; 48]).unwrap(),
        &[0x74; MAX_TICKET_LEN],
        604_800,
        u32::MAX,
        u64::MAX,
    )
    .unwrap();
    s.set_max_early_data(u32::MAX);
    s.set_alpn(Some(&[0x61; 255])).unwrap();
    s.set_server_name(Some(&[0x6e; 255])).unwrap();
    s
}

fn encode(s: &Session) -> Vec<u8> {
    let mut buf = [0u8; MAX_SESSION_LEN];
    let n = s.encode(&mut buf).unwrap();
    assert_eq!(n, s.encoded_len());
    buf[..n].to_vec()
}

#[test]
fn round_trip() {
    for s in [session(), max_session()] {
        let bytes = encode(&s);
        let d = Session::decode(&bytes).unwrap();
        assert_eq!(d, s);
        assert_eq!(encode(&d), bytes);
    }
    assert_eq!(encode(&max_session()).len(), MAX_SESSION_LEN);
    let d = Session::decode(&encode(&session())).unwrap();
    assert_eq!(d.ticket(), b"opaque ticket bytes");
    assert_eq!(d.alpn(), Some(&b"mqtt"[..]));
    assert_eq!(d.server_name(), Some(&b"broker.example"[..]));
    assert_eq!(d.max_early_data(), 4096);
    assert_eq!(d.received_ms(), 1_000_000);
    assert_eq!(d.psk().as_bytes(), &PSK);
    assert_eq!(d.hash(), Some(tls_crypto::HashAlgorithm::Sha256));
}

#[test]
fn minimal_round_trip() {
    let s = Session::new(SUITE, Secret::from_slice(&PSK).unwrap(), &[1], 1, 0, 0).unwrap();
    let d = Session::decode(&encode(&s)).unwrap();
    assert_eq!(d, s);
    assert_eq!(d.alpn(), None);
    assert_eq!(d.server_name(), None);
}

#[test]
fn every_truncation_and_trailing_byte() {
    for s in [session(), max_session()] {
        let bytes = encode(&s);
        for len in 0..bytes.len() {
            assert_eq!(
                Session::decode(&bytes[..len]),
                Err(Error::Malformed),
                "len {len}"
            );
        }
        for extra in [0u8, 1, 0xff] {
            let mut v = bytes.clone();
            v.push(extra);
            assert_eq!(Session::decode(&v), Err(Error::Malformed));
        }
    }
}

#[test]
fn rejects_invalid_fields() {
    let bytes = encode(&session());
    let bad = |i: usize, b: &[u8]| {
        let mut v = bytes.clone();
        v[i..i + b.len()].copy_from_slice(b);
        Session::decode(&v)
    };
    assert_eq!(bad(0, &[2]), Err(Error::Malformed), "version");
    assert_eq!(bad(0, &[0]), Err(Error::Malformed), "version 0");
    assert_eq!(
        bad(1, &[0x13, 0x02]),
        Err(Error::Malformed),
        "suite hash vs PSK length"
    );
    assert_eq!(
        bad(1, &[0x00, 0x00]),
        Err(Error::Malformed),
        "unknown suite"
    );
    // psk length prefix at 3: 32 -> 0 and 49.
    assert_eq!(bad(3, &[0]), Err(Error::Malformed));
    assert_eq!(bad(3, &[49]), Err(Error::Malformed));
    // ticket length prefix at 36: 0.
    assert_eq!(bad(36, &[0, 0]), Err(Error::Malformed));
    // lifetime after the ticket: over 7 days.
    let lt = 38 + b"opaque ticket bytes".len();
    assert_eq!(bad(lt, &604_801u32.to_be_bytes()), Err(Error::Malformed));
    assert!(bad(lt, &604_800u32.to_be_bytes()).is_ok());
    // A ticket length prefix over the limit.
    let mut v = vec![1, 0x13, 0x01, 32];
    v.extend_from_slice(&PSK);
    v.extend_from_slice(&((MAX_TICKET_LEN + 1) as u16).to_be_bytes());
    v.extend_from_slice(&[0; MAX_TICKET_LEN + 1]);
    v.extend_from_slice(&[0; 4 + 4 + 8 + 4 + 1 + 1]);
    assert_eq!(Session::decode(&v), Err(Error::Malformed));
}

#[test]
fn random_input_never_panics() {
    let mut r = tls_crypto::TestRng::new([5; 32]);
    let good = encode(&session());
    let mut buf = [0u8; 200];
    for i in 0..3000usize {
        let len = i % buf.len();
        tls_crypto::Rng::fill(&mut r, &mut buf[..len]).unwrap();
        let _ = Session::decode(&buf[..len]);
        // Mutate one byte of a valid encoding.
        let mut v = good.clone();
        let at = i % v.len();
        v[at] = buf[0];
        let _ = Session::decode(&v);
    }
}

#[test]
fn encode_buffer_too_small() {
    let s = session();
    let mut buf = vec![0u8; s.encoded_len() - 1];
    assert_eq!(s.encode(&mut buf), Err(Error::BufferTooSmall));
    assert!(buf.iter().all(|&b| b == 0), "nothing written");
    assert_eq!(s.encode(&mut []), Err(Error::BufferTooSmall));
}

#[test]
fn new_validates() {
    let psk = || Secret::from_slice(&PSK).unwrap();
    assert_eq!(
        Session::new(SUITE, psk(), &[], 1, 0, 0),
        Err(Error::InvalidValue)
    );
    assert_eq!(
        Session::new(SUITE, psk(), &[0; MAX_TICKET_LEN + 1], 1, 0, 0),
        Err(Error::InvalidValue)
    );
    assert_eq!(
        Session::new(SUITE, psk(), &[1], 604_801, 0, 0),
        Err(Error::InvalidValue)
    );
    assert_eq!(
        Session::new(CipherSuite::TLS_AES_256_GCM_SHA384, psk(), &[1], 1, 0, 0),
        Err(Error::InvalidValue)
    );
    assert_eq!(
        Session::new(CipherSuite::from(0x1234), psk(), &[1], 1, 0, 0),
        Err(Error::InvalidValue)
    );
    let mut s = session();
    assert_eq!(s.set_alpn(Some(b"")), Err(Error::InvalidValue));
    assert_eq!(s.set_server_name(Some(&[0; 256])), Err(Error::InvalidValue));
    assert_eq!(s, session());
}

#[test]
fn obfuscated_age() {
    let s = session(); // received 1 000 000, lifetime 3600 s, age_add 0x8000_0000
    assert_eq!(s.obfuscated_age(1_000_000), Some(0x8000_0000));
    assert_eq!(s.obfuscated_age(1_002_500), Some(0x8000_0000 + 2_500));
    // Clock behind the receipt time: age 0.
    assert_eq!(s.obfuscated_age(0), Some(0x8000_0000));
    // Last valid millisecond, then expired.
    assert_eq!(
        s.obfuscated_age(1_000_000 + 3_600_000),
        Some(0x8000_0000 + 3_600_000)
    );
    assert_eq!(s.obfuscated_age(1_000_000 + 3_600_001), None);
    assert_eq!(s.obfuscated_age(u64::MAX), None);
}

#[test]
fn obfuscated_age_wraps() {
    let s = Session::new(
        SUITE,
        Secret::from_slice(&PSK).unwrap(),
        &[1],
        604_800,
        u32::MAX - 99,
        0,
    )
    .unwrap();
    assert_eq!(s.obfuscated_age(99), Some(u32::MAX));
    assert_eq!(s.obfuscated_age(100), Some(0));
    assert_eq!(s.obfuscated_age(604_800_000), Some(604_800_000 - 100));
    assert_eq!(s.obfuscated_age(604_800_001), None);
    // The server undoes it.
    let st = tls_psk::TicketState::new(
        SUITE,
        Secret::from_slice(&PSK).unwrap(),
        [0; 16],
        0,
        604_800,
        u32::MAX - 99,
    )
    .unwrap();
    assert!(st.ticket_age_ok(s.obfuscated_age(5_000).unwrap(), 5_000, 0));
}

#[test]
fn zero_lifetime_never_offered() {
    let s = Session::new(SUITE, Secret::from_slice(&PSK).unwrap(), &[1], 0, 0, 10).unwrap();
    assert_eq!(s.obfuscated_age(10), None);
}

#[test]
fn no_secret_in_debug() {
    let s = format!("{:?}", session());
    assert!(s.contains("redacted"), "{s}");
    assert!(!s.contains("a5") && !s.contains("165"), "{s}");
}

#[test]
fn borrowed_view_matches_the_session() {
    for s in [session(), max_session()] {
        let bytes = encode(&s);
        let r = SessionRef::decode(&bytes).unwrap();
        let v = s.view();
        assert_eq!(r.suite(), s.suite());
        assert_eq!(r.psk(), s.psk().as_bytes());
        assert_eq!(r.ticket(), s.ticket());
        assert_eq!(r.max_early_data(), s.max_early_data());
        assert_eq!(r.alpn(), s.alpn());
        assert_eq!(r.server_name(), s.server_name());
        assert_eq!(v.ticket(), s.ticket());
        for now in [0, 1_000_000, 1_000_250, 1_000_000 + 3_600_000, u64::MAX] {
            assert_eq!(r.obfuscated_age(now), s.obfuscated_age(now));
        }
        assert_eq!(
            SessionRef::decode(&bytes[..bytes.len() - 1]).map(|r| r.ticket().len()),
            Err(Error::Malformed)
        );
    }
}
