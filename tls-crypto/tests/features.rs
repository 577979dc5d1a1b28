//! Each algorithm answers according to its cargo feature: available when on, and
//! `Error::Unsupported` (never a panic or a link error) when off. Run it under several feature
//! sets, e.g. `cargo test -p tls-crypto --no-default-features --features test-rng --test features`.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code and its helpers: a panic is the verdict"
)]

use tls_crypto::{
    hkdf, AeadAlgorithm, Algorithm, CryptoProvider, Error, Group, HashAlgorithm, RustCrypto,
    SignatureAlgorithm, TestRng,
};

fn expect<T>(on: bool, got: Result<T, Error>, what: &str) {
    match got {
        Ok(_) => assert!(on, "{what}: available although its feature is off"),
        Err(e) => {
            assert!(!on, "{what}: {e} although its feature is on");
            assert_eq!(e, Error::Unsupported, "{what}");
        }
    }
}

#[test]
fn algorithms_follow_features() {
    let sha2 = cfg!(feature = "sha2");
    let sha384 = cfg!(feature = "sha384");
    expect(sha2, RustCrypto.hash(HashAlgorithm::Sha256), "SHA-256");
    expect(sha384, RustCrypto.hash(HashAlgorithm::Sha384), "SHA-384");
    // HMAC and HKDF are built on the provider's hash: no SHA-384, no HKDF-SHA-384.
    let hkdf = |alg| hkdf::hkdf_extract(b"salt", b"ikm", || RustCrypto.hash(alg));
    expect(sha2, hkdf(HashAlgorithm::Sha256), "HKDF-SHA-256");
    expect(sha384, hkdf(HashAlgorithm::Sha384), "HKDF-SHA-384");

    let aes = cfg!(feature = "aes-gcm");
    let chacha = cfg!(feature = "chacha20");
    expect(
        aes,
        RustCrypto.aead(AeadAlgorithm::Aes128Gcm, &[0; 16]),
        "AES-128-GCM",
    );
    expect(
        aes,
        RustCrypto.aead(AeadAlgorithm::Aes256Gcm, &[0; 32]),
        "AES-256-GCM",
    );
    expect(
        chacha,
        RustCrypto.aead(AeadAlgorithm::ChaCha20Poly1305, &[0; 32]),
        "ChaCha20-Poly1305",
    );

    let mut rng = TestRng::new([0; 32]);
    expect(
        cfg!(feature = "x25519"),
        RustCrypto.key_exchange(Group::X25519, &mut rng),
        "X25519",
    );
    expect(
        cfg!(feature = "p256"),
        RustCrypto.key_exchange(Group::Secp256r1, &mut rng),
        "secp256r1",
    );
}

#[test]
fn verification_follows_features() {
    // A malformed key: BadKey when the algorithm is compiled in, Unsupported when not.
    for (on, alg) in [
        (
            cfg!(feature = "p256-verify"),
            SignatureAlgorithm::EcdsaP256Sha256,
        ),
        (cfg!(feature = "ed25519"), SignatureAlgorithm::Ed25519),
    ] {
        let got = RustCrypto.verify(alg, &[], b"m", &[0; 64]);
        let want = if on {
            Error::BadKey
        } else {
            Error::Unsupported
        };
        assert_eq!(got, Err(want), "{alg:?}");
    }
}

#[test]
fn sha384_algorithms_need_sha384() {
    // Everything TLS negotiates with SHA-384 (TLS_AES_256_GCM_SHA384's AEAD, ECDSA P-384,
    // RSA PKCS#1/PSS with SHA-384) turns `sha384` on: a build without it can do none of them,
    // so it never completes a handshake that picked one.
    let sha384 = cfg!(feature = "sha384");
    for (on, family) in [
        (cfg!(feature = "aes-gcm"), "aes-gcm"),
        (cfg!(feature = "p384"), "p384"),
        (cfg!(feature = "rsa"), "rsa"),
    ] {
        assert!(sha384 || !on, "{family} without sha384");
    }
    if !sha384 {
        assert_eq!(
            RustCrypto.aead(AeadAlgorithm::Aes256Gcm, &[0; 32]).err(),
            Some(Error::Unsupported)
        );
    }
    for (on, alg) in [
        (cfg!(feature = "p384"), SignatureAlgorithm::EcdsaP384Sha384),
        (cfg!(feature = "rsa"), SignatureAlgorithm::RsaPkcs1Sha384),
        (cfg!(feature = "rsa"), SignatureAlgorithm::RsaPssSha384),
    ] {
        let got = RustCrypto.verify(alg, &[], b"m", &[0; 64]);
        if on {
            assert_ne!(got, Err(Error::Unsupported), "{alg:?}");
            assert!(got.is_err(), "{alg:?}: an empty key verified");
        } else {
            assert_eq!(got, Err(Error::Unsupported), "{alg:?}");
        }
    }
}

#[test]
fn supports_answers_what_the_operations_do() {
    // `supports` is what the handshake offers from: it must say yes exactly when the
    // operation is not `Unsupported`.
    let unsupported = |r: Result<(), Error>| r == Err(Error::Unsupported);
    for alg in [HashAlgorithm::Sha256, HashAlgorithm::Sha384] {
        let off = unsupported(RustCrypto.hash(alg).map(|_| ()));
        assert_eq!(RustCrypto.supports(Algorithm::Hash(alg)), !off, "{alg:?}");
    }
    for (alg, key_len) in [
        (AeadAlgorithm::Aes128Gcm, 16),
        (AeadAlgorithm::Aes256Gcm, 32),
        (AeadAlgorithm::ChaCha20Poly1305, 32),
    ] {
        let off = unsupported(RustCrypto.aead(alg, &[0; 32][..key_len]).map(|_| ()));
        assert_eq!(RustCrypto.supports(Algorithm::Aead(alg)), !off, "{alg:?}");
    }
    let mut rng = TestRng::new([0; 32]);
    for group in [Group::X25519, Group::Secp256r1] {
        let off = unsupported(RustCrypto.key_exchange(group, &mut rng).map(|_| ()));
        let got = RustCrypto.supports(Algorithm::KeyExchange(group));
        assert_eq!(got, !off, "{group:?}");
    }
    for alg in [
        SignatureAlgorithm::EcdsaP256Sha256,
        SignatureAlgorithm::Ed25519,
        SignatureAlgorithm::EcdsaP384Sha384,
        SignatureAlgorithm::RsaPkcs1Sha256,
        SignatureAlgorithm::RsaPkcs1Sha384,
        SignatureAlgorithm::RsaPssSha256,
        SignatureAlgorithm::RsaPssSha384,
    ] {
        // A malformed key: BadKey when compiled in, Unsupported when not.
        let off = unsupported(RustCrypto.verify(alg, &[], b"m", &[0; 64]));
        let got = RustCrypto.supports(Algorithm::Signature(alg));
        assert_eq!(got, !off, "{alg:?}");
    }
}
