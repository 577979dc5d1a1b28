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
    AeadAlgorithm, CryptoProvider, Error, Group, HashAlgorithm, RustCrypto, SignatureAlgorithm,
    TestRng,
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
    expect(sha2, RustCrypto.hash(HashAlgorithm::Sha256), "SHA-256");
    expect(sha2, RustCrypto.hash(HashAlgorithm::Sha384), "SHA-384");

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
