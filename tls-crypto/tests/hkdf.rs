//! HMAC/HKDF on the provider's hash against RFC 4231, RFC 5869 and RFC 8448 values.
#![allow(missing_docs)]
#![allow(clippy::unwrap_used, reason = "test code: a panic is the verdict")]

use tls_crypto::hkdf::{hkdf_expand, hkdf_extract};
use tls_crypto::{CryptoProvider, HashAlgorithm, RustCrypto};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

#[test]
fn rfc8448_early_secret() {
    let new = || RustCrypto.hash(HashAlgorithm::Sha256);
    let prk = hkdf_extract(&[0; 32], &[0; 32], new).unwrap();
    assert_eq!(
        prk.as_bytes(),
        h("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a")
    );
}

#[test]
fn rfc5869_case_1() {
    let new = || RustCrypto.hash(HashAlgorithm::Sha256);
    let prk = hkdf_extract(&h("000102030405060708090a0b0c"), &[0x0b; 22], new).unwrap();
    assert_eq!(
        prk.as_bytes(),
        h("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5")
    );
    let mut okm = [0u8; 42];
    let info = h("f0f1f2f3f4f5f6f7f8f9");
    hkdf_expand(
        HashAlgorithm::Sha256,
        prk.as_bytes(),
        &[&info[..4], &info[4..]],
        &mut okm,
        new,
    )
    .unwrap();
    assert_eq!(
        okm.to_vec(),
        h("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    );
}

#[test]
#[cfg(feature = "sha384")]
fn rfc4231_case_6_long_key_sha384() {
    let new = || RustCrypto.hash(HashAlgorithm::Sha384);
    let mac = tls_crypto::hkdf::hmac(
        &[0xaa; 131],
        &[b"Test Using Larger Than Block-Size Key - Hash Key First"],
        new,
    )
    .unwrap();
    assert_eq!(
        mac.as_bytes(),
        h("4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952")
    );
}
