//! Ticket sealing and opening, key rotation windows, tampering.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "tests: a panic is the verdict"
)]

mod common;

use common::*;
use tls_crypto::{RustCrypto, TestRng};
use tls_psk::{
    open_ticket, seal_ticket, Error, TicketKey, TicketKeyLifetimes, TicketState,
    MAX_SEALED_TICKET_LEN, MAX_TICKET_STATE_LEN, TICKET_OVERHEAD,
};

const H: u64 = 60 * 60 * 1000;
const LT: TicketKeyLifetimes = TicketKeyLifetimes {
    encrypt_decrypt_ms: 2 * H,
    decrypt_only_ms: 13 * H,
};

fn rng() -> TestRng {
    TestRng::new([0x33; 32])
}

fn seal(keys: &[TicketKey], now: u64, state: &TicketState) -> Result<Vec<u8>, Error> {
    let mut out = [0u8; MAX_SEALED_TICKET_LEN];
    let n = seal_ticket(&RustCrypto, keys, &LT, now, &mut rng(), state, &mut out)?;
    Ok(out[..n].to_vec())
}

#[test]
fn round_trip() {
    let keys = [key(1, 0)];
    let st = state();
    let t = seal(&keys, 1000, &st).unwrap();
    assert_eq!(t.len(), st.encoded_len() + TICKET_OVERHEAD);
    assert_eq!(t[0], 0x01, "ChaCha20-Poly1305 format");
    assert_eq!(&t[1..17], &[1u8; 16]);
    let opened = open_ticket(&RustCrypto, &keys, &LT, 2000, &t).unwrap();
    assert_eq!(opened, st);
    assert_eq!(opened.alpn(), Some(&b"h2"[..]));
    assert_eq!(opened.server_name(), Some(&b"example.com"[..]));
    assert_eq!(opened.early_data_context(), b"context");
    assert_eq!(opened.max_early_data(), 16_384);
    assert_eq!(opened.auth_ms(), 5_000);
    assert_eq!(opened.psk().as_bytes(), &PSK);
}

#[test]
fn round_trip_largest_state_fits() {
    let keys = [key(1, 0)];
    let st = max_state();
    assert_eq!(st.encoded_len(), MAX_TICKET_STATE_LEN);
    let t = seal(&keys, 0, &st).unwrap();
    assert_eq!(t.len(), MAX_SEALED_TICKET_LEN);
    assert_eq!(open_ticket(&RustCrypto, &keys, &LT, 0, &t).unwrap(), st);
}

#[test]
fn minimal_state_round_trip() {
    let keys = [key(1, 0)];
    let st = TicketState::new(
        SUITE,
        tls_crypto::Secret::from_slice(&PSK).unwrap(),
        [0; 16],
        0,
        0,
        0,
    )
    .unwrap();
    let t = seal(&keys, 0, &st).unwrap();
    let o = open_ticket(&RustCrypto, &keys, &LT, 0, &t).unwrap();
    assert_eq!(o, st);
    assert_eq!(o.alpn(), None);
    assert_eq!(o.server_name(), None);
}

#[test]
fn nonces_differ() {
    let keys = [key(1, 0)];
    let mut r = rng();
    let mut a = [0u8; MAX_SEALED_TICKET_LEN];
    let mut b = [0u8; MAX_SEALED_TICKET_LEN];
    let n = seal_ticket(&RustCrypto, &keys, &LT, 0, &mut r, &state(), &mut a).unwrap();
    let m = seal_ticket(&RustCrypto, &keys, &LT, 0, &mut r, &state(), &mut b).unwrap();
    assert_eq!(n, m);
    assert_ne!(a[17..29], b[17..29]);
    assert_ne!(a[..n], b[..n]);
}

#[test]
fn aes_gcm_fallback() {
    let keys = [key(1, 0)];
    let mut out = [0u8; MAX_SEALED_TICKET_LEN];
    let n = seal_ticket(&NoChaCha, &keys, &LT, 0, &mut rng(), &state(), &mut out).unwrap();
    assert_eq!(out[0], 0x02, "AES-128-GCM format");
    // Any provider with AES-128-GCM opens it.
    assert_eq!(
        open_ticket(&RustCrypto, &keys, &LT, 0, &out[..n]).unwrap(),
        state()
    );
    assert_eq!(
        open_ticket(&NoChaCha, &keys, &LT, 0, &out[..n]).unwrap(),
        state()
    );
    // A ChaCha20 ticket on a provider without it: the provider's error.
    let t = seal(&keys, 0, &state()).unwrap();
    assert_eq!(
        open_ticket(&NoChaCha, &keys, &LT, 0, &t),
        Err(Error::Crypto(tls_crypto::Error::Unsupported))
    );
}

#[test]
fn format_byte_swapped_fails() {
    let keys = [key(1, 0)];
    let mut t = seal(&keys, 0, &state()).unwrap();
    t[0] = 0x02;
    assert_eq!(
        open_ticket(&RustCrypto, &keys, &LT, 0, &t),
        Err(Error::BadTicket)
    );
}

#[test]
fn buffer_too_small_leaves_no_plaintext() {
    let keys = [key(1, 0)];
    let st = state();
    let need = st.encoded_len() + TICKET_OVERHEAD;
    for len in [0, 1, 29, need - 16, need - 1] {
        let mut out = vec![0u8; len];
        assert_eq!(
            seal_ticket(&RustCrypto, &keys, &LT, 0, &mut rng(), &st, &mut out),
            Err(Error::BufferTooSmall)
        );
        assert!(out.iter().all(|&b| b == 0));
    }
    let mut out = vec![0u8; need + 10];
    assert_eq!(
        seal_ticket(&RustCrypto, &keys, &LT, 0, &mut rng(), &st, &mut out),
        Ok(need)
    );
}

#[test]
fn rng_failure() {
    let keys = [key(1, 0)];
    let mut out = [0u8; MAX_SEALED_TICKET_LEN];
    assert_eq!(
        seal_ticket(&RustCrypto, &keys, &LT, 0, &mut FailRng, &state(), &mut out),
        Err(Error::Crypto(tls_crypto::Error::Rng))
    );
    assert!(out.iter().all(|&b| b == 0));
}

// ---- key lifetimes -------------------------------------------------------------------------

#[test]
fn encrypt_window_boundaries() {
    let intro = 10 * H;
    let keys = [key(1, intro)];
    // Before its introduction: no key.
    assert_eq!(seal(&keys, intro - 1, &state()), Err(Error::NoEncryptKey));
    // First and last millisecond of the encrypt window.
    assert!(seal(&keys, intro, &state()).is_ok());
    assert!(seal(&keys, intro + 2 * H - 1, &state()).is_ok());
    // Decrypt-only: no more tickets.
    assert_eq!(
        seal(&keys, intro + 2 * H, &state()),
        Err(Error::NoEncryptKey)
    );
    assert_eq!(
        seal(&keys, intro + 15 * H, &state()),
        Err(Error::NoEncryptKey)
    );
    assert_eq!(seal(&[], intro, &state()), Err(Error::NoEncryptKey));
}

#[test]
fn decrypt_window_boundaries() {
    let intro = 10 * H;
    let keys = [key(1, intro)];
    let t = seal(&keys, intro, &state()).unwrap();
    let open = |now| open_ticket(&RustCrypto, &keys, &LT, now, &t);
    assert_eq!(
        open(intro - 1),
        Err(Error::KeyExpired),
        "not yet introduced"
    );
    assert!(open(intro).is_ok());
    assert!(open(intro + 2 * H - 1).is_ok(), "encrypt window");
    assert!(open(intro + 2 * H).is_ok(), "decrypt-only window starts");
    assert!(open(intro + 15 * H - 1).is_ok(), "decrypt-only window ends");
    assert_eq!(open(intro + 15 * H), Err(Error::KeyExpired), "expired");
    assert_eq!(open(u64::MAX), Err(Error::KeyExpired));
}

#[test]
fn newest_key_in_encrypt_window_encrypts() {
    // k1 at 0, k2 at 1 h, k3 at 3 h (in the future at 1.5 h), k0 listed last but older.
    let keys = [key(1, 0), key(3, 3 * H), key(2, H), key(9, 0)];
    let name = |now| seal(&keys, now, &state()).unwrap()[1];
    assert_eq!(name(0), 1, "first listed wins a tie of intro times");
    assert_eq!(name(H - 1), 1);
    assert_eq!(name(H), 2, "newer key takes over");
    assert_eq!(name(2 * H), 2, "k1 decrypt-only; k2 still encrypts");
    assert_eq!(name(3 * H), 3);
    assert_eq!(name(5 * H - 1), 3);
    assert_eq!(seal(&keys, 5 * H, &state()), Err(Error::NoEncryptKey));

    // Tickets of every key still open while their key decrypts.
    let t1 = seal(&keys, 0, &state()).unwrap();
    assert!(open_ticket(&RustCrypto, &keys, &LT, 14 * H, &t1).is_ok());
    assert_eq!(
        open_ticket(&RustCrypto, &keys, &LT, 15 * H, &t1),
        Err(Error::KeyExpired)
    );
    assert_eq!(
        TicketKey::select_for_encrypt(&keys, &LT, H).unwrap().name,
        [2; 16]
    );
}

#[test]
fn rotation_across_both_lifetimes() {
    // A key every hour, as a server rotating ahead of expiry would hold.
    let keys: Vec<TicketKey> = (0..20u8).map(|i| key(i, u64::from(i) * H)).collect();
    let tickets: Vec<Vec<u8>> = (0..20u64)
        .map(|i| seal(&keys, i * H, &state()).unwrap())
        .collect();
    for (i, t) in tickets.iter().enumerate() {
        assert_eq!(usize::from(t[1]), i);
        let intro = i as u64 * H;
        assert!(open_ticket(&RustCrypto, &keys, &LT, intro + 15 * H - 1, t).is_ok());
        assert_eq!(
            open_ticket(&RustCrypto, &keys, &LT, intro + 15 * H, t),
            Err(Error::KeyExpired)
        );
    }
}

#[test]
fn saturating_windows() {
    let keys = [key(1, u64::MAX - 5)];
    assert!(seal(&keys, u64::MAX - 1, &state()).is_ok());
    let huge = TicketKeyLifetimes {
        encrypt_decrypt_ms: u64::MAX,
        decrypt_only_ms: u64::MAX,
    };
    let keys = [key(1, 10)];
    let mut out = [0u8; MAX_SEALED_TICKET_LEN];
    let n = seal_ticket(
        &RustCrypto,
        &keys,
        &huge,
        20,
        &mut rng(),
        &state(),
        &mut out,
    )
    .unwrap();
    assert!(open_ticket(&RustCrypto, &keys, &huge, u64::MAX - 1, &out[..n]).is_ok());
}

#[test]
fn default_lifetimes_are_s2n() {
    let d = TicketKeyLifetimes::default();
    assert_eq!(d.encrypt_decrypt_ms, 2 * H);
    assert_eq!(d.decrypt_only_ms, 13 * H);
}

// ---- wrong key, tampering, truncation -------------------------------------------------------

#[test]
fn wrong_key_name_or_secret() {
    let t = seal(&[key(1, 0)], 0, &state()).unwrap();
    assert_eq!(
        open_ticket(&RustCrypto, &[key(2, 0)], &LT, 0, &t),
        Err(Error::UnknownKey)
    );
    let other = TicketKey::new([1; 16], &[0x99; 32], 0);
    assert_eq!(
        open_ticket(&RustCrypto, &[other], &LT, 0, &t),
        Err(Error::BadTicket)
    );
    assert_eq!(
        open_ticket(&RustCrypto, &[], &LT, 0, &t),
        Err(Error::UnknownKey)
    );
}

#[test]
fn every_bit_flip_fails() {
    let keys = [key(1, 0)];
    let t = seal(&keys, 0, &state()).unwrap();
    for i in 0..t.len() {
        for bit in 0..8 {
            let mut bad = t.clone();
            bad[i] ^= 1 << bit;
            let r = open_ticket(&RustCrypto, &keys, &LT, 0, &bad);
            assert!(r.is_err(), "byte {i} bit {bit} accepted");
            match i {
                0 => assert!(matches!(r, Err(Error::Malformed | Error::BadTicket))),
                1..=16 => assert_eq!(r, Err(Error::UnknownKey)),
                _ => assert_eq!(r, Err(Error::BadTicket)),
            }
        }
    }
}

#[test]
fn truncated_and_extended() {
    let keys = [key(1, 0)];
    let t = seal(&keys, 0, &state()).unwrap();
    for len in 0..t.len() {
        let r = open_ticket(&RustCrypto, &keys, &LT, 0, &t[..len]);
        assert!(r.is_err(), "truncated to {len} accepted");
        if len < 1 + 16 + 12 + 16 + 1 {
            assert_eq!(r, Err(Error::Malformed), "len {len}");
        }
    }
    let mut long = t.clone();
    long.push(0);
    assert_eq!(
        open_ticket(&RustCrypto, &keys, &LT, 0, &long),
        Err(Error::BadTicket)
    );
    let huge = vec![0x01; 2000];
    assert_eq!(
        open_ticket(&RustCrypto, &keys, &LT, 0, &huge),
        Err(Error::Malformed)
    );
}

#[test]
fn random_input_never_panics() {
    let keys = [key(1, 0)];
    let mut r = TestRng::new([7; 32]);
    let mut buf = [0u8; 800];
    for i in 0..2000usize {
        let len = i % buf.len();
        tls_crypto::Rng::fill(&mut r, &mut buf[..len]).unwrap();
        if len > 17 && i % 2 == 0 {
            buf[0] = 1;
            buf[1..17].fill(1);
        }
        assert!(open_ticket(&RustCrypto, &keys, &LT, 0, &buf[..len]).is_err());
        let _ = TicketState::decode(&buf[..len]);
    }
}

#[test]
fn state_decode_rejects_malformed() {
    let st = state();
    let mut buf = [0u8; MAX_TICKET_STATE_LEN];
    let n = st.encode(&mut buf).unwrap();
    assert_eq!(TicketState::decode(&buf[..n]).unwrap(), st);
    for len in 0..n {
        assert_eq!(
            TicketState::decode(&buf[..len]),
            Err(Error::Malformed),
            "len {len}"
        );
    }
    let mut v = buf[..n].to_vec();
    v.push(0);
    assert_eq!(TicketState::decode(&v), Err(Error::Malformed));
    let mut v = buf[..n].to_vec();
    v[0] = 2;
    assert_eq!(TicketState::decode(&v), Err(Error::Malformed), "version");
    let mut v = buf[..n].to_vec();
    v[1..3].copy_from_slice(&[0x13, 0x02]);
    assert_eq!(
        TicketState::decode(&v),
        Err(Error::Malformed),
        "PSK length vs suite"
    );
    let mut v = buf[..n].to_vec();
    v[1..3].copy_from_slice(&[0xab, 0xcd]);
    assert_eq!(
        TicketState::decode(&v),
        Err(Error::Malformed),
        "unknown suite"
    );
    assert_eq!(st.encode(&mut buf[..n - 1]), Err(Error::BufferTooSmall));
}

// ---- ticket state helpers -----------------------------------------------------------------

#[test]
fn state_validation() {
    let psk = || tls_crypto::Secret::from_slice(&PSK).unwrap();
    assert!(TicketState::new(SUITE, psk(), [0; 16], 0, 604_800, 0).is_ok());
    assert_eq!(
        TicketState::new(SUITE, psk(), [0; 16], 0, 604_801, 0),
        Err(Error::InvalidValue)
    );
    assert_eq!(
        TicketState::new(
            tls_codec::enums::CipherSuite::TLS_AES_256_GCM_SHA384,
            psk(),
            [0; 16],
            0,
            1,
            0
        ),
        Err(Error::InvalidValue)
    );
    let mut st = state();
    assert_eq!(st.set_alpn(Some(b"")), Err(Error::InvalidValue));
    assert_eq!(st.set_alpn(Some(&[1; 256])), Err(Error::InvalidValue));
    assert_eq!(
        st.set_server_name(Some(&[1; 256])),
        Err(Error::InvalidValue)
    );
    assert_eq!(st.set_early_data(1, &[1; 65]), Err(Error::InvalidValue));
    assert_eq!(st, state(), "failed setters change nothing");
    st.set_alpn(None).unwrap();
    assert_eq!(st.alpn(), None);
}

#[test]
fn liveness_and_age_checks() {
    let st = state(); // issued 10 000, lifetime 7200 s, auth 5 000
    assert_eq!(st.expires_ms(), 10_000 + 7_200_000);
    assert!(st.is_live(0), "clock behind the issuer counts as age 0");
    assert!(st.is_live(10_000 + 7_200_000));
    assert!(!st.is_live(10_000 + 7_200_001));
    assert!(st.keying_material_ok(5_000 + 1_000, 1_000));
    assert!(!st.keying_material_ok(5_000 + 1_001, 1_000));

    let age_add = st.age_add();
    // The client saw 3 s; the server 3.5 s.
    let obf = 3_000u32.wrapping_add(age_add);
    assert!(st.ticket_age_ok(obf, 13_500, 500));
    assert!(!st.ticket_age_ok(obf, 13_501, 500));
    assert!(st.ticket_age_ok(obf, 12_500, 500));
    assert!(!st.ticket_age_ok(obf, 12_499, 500));
    // Garbage age.
    assert!(!st.ticket_age_ok(age_add.wrapping_sub(1), 13_000, 10_000));

    let zero = TicketState::new(
        SUITE,
        tls_crypto::Secret::from_slice(&PSK).unwrap(),
        [0; 16],
        100,
        0,
        0,
    )
    .unwrap();
    assert!(!zero.is_live(100));
}

#[test]
fn no_secret_in_debug() {
    let st = state();
    let s = format!("{st:?}");
    assert!(s.contains("redacted"), "{s}");
    assert!(!s.contains("a5a5"), "{s}");
    assert!(!s.contains("165, 165"), "{s}");
    let k = key(1, 0);
    let s = format!("{k:?}");
    assert!(!s.contains("5c5c") && !s.contains("92, 92"), "{s}");
    assert!(s.contains("01010101"), "name shown: {s}");
}

#[test]
fn key_from_slice() {
    assert!(TicketKey::from_slice([0; 16], &[1; 32], 0).is_ok());
    assert_eq!(
        TicketKey::from_slice([0; 16], &[1; 31], 0).map(|_| ()),
        Err(Error::InvalidValue)
    );
    // A key built from a slice seals what one built from the array opens.
    let a = [TicketKey::from_slice([1; 16], &KEY_SECRET, 0).unwrap()];
    let t = seal(&a, 0, &state()).unwrap();
    assert!(open_ticket(&RustCrypto, &[key(1, 0)], &LT, 0, &t).is_ok());
}
