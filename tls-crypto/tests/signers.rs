//! The in-crate signers sign, the provider verifies; tampering and short buffers fail.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code and its helpers: a panic is the verdict"
)]
#![cfg(all(feature = "p256", feature = "ed25519"))]

use tls_crypto::{
    CryptoProvider, EcdsaP256Signer, Ed25519Signer, Error, RustCrypto, SignatureAlgorithm, Signer,
};

const MSG: &[u8] = b"TLS 1.3, server CertificateVerify\x00transcript hash";

/// Signs, verifies, then checks that flipping any one bit of message or signature is caught.
fn round_trip(signer: &dyn Signer, public_key: &[u8], max_len: usize) -> Vec<u8> {
    let alg = signer.algorithm();
    let mut out = [0u8; 80];
    let n = signer.sign(MSG, &mut out).unwrap();
    assert!(n > 0 && n <= max_len, "{n}");
    let sig = out[..n].to_vec();
    assert_eq!(RustCrypto.verify(alg, public_key, MSG, &sig), Ok(()));

    for bit in [0, 7, 8 * n / 2, 8 * n - 1] {
        let mut bad = sig.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            RustCrypto.verify(alg, public_key, MSG, &bad),
            Err(Error::BadSignature),
            "{alg:?}: signature bit {bit}"
        );
    }
    let mut msg = MSG.to_vec();
    msg[3] ^= 0x10;
    assert_eq!(
        RustCrypto.verify(alg, public_key, &msg, &sig),
        Err(Error::BadSignature)
    );

    // Too small an output buffer is a length error, and nothing is written.
    let mut small = vec![0u8; n - 1];
    assert_eq!(signer.sign(MSG, &mut small), Err(Error::BadLength));
    assert!(small.iter().all(|&b| b == 0));
    assert_eq!(signer.sign(MSG, &mut []), Err(Error::BadLength));
    sig
}

#[test]
fn ecdsa_p256_signer() {
    let mut scalar = [0u8; 32];
    scalar[31] = 0x2a;
    scalar[0] = 0x11;
    let signer = EcdsaP256Signer::from_bytes(&scalar).unwrap();
    assert_eq!(signer.algorithm(), SignatureAlgorithm::EcdsaP256Sha256);
    let pk = signer.public_key();
    assert_eq!(pk[0], 4);
    // A DER ECDSA P-256 signature is at most 72 bytes (two 33-byte INTEGERs plus headers).
    let sig = round_trip(&signer, &pk, 72);
    assert_eq!(sig[0], 0x30, "DER SEQUENCE");
    // RFC 6979: deterministic.
    let mut again = [0u8; 72];
    let n = signer.sign(MSG, &mut again).unwrap();
    assert_eq!(&again[..n], sig.as_slice());
    // Another key does not verify it.
    scalar[5] = 1;
    let other = EcdsaP256Signer::from_bytes(&scalar).unwrap();
    assert_eq!(
        RustCrypto.verify(
            SignatureAlgorithm::EcdsaP256Sha256,
            &other.public_key(),
            MSG,
            &sig
        ),
        Err(Error::BadSignature)
    );
}

#[test]
fn ecdsa_p256_signer_rejects_bad_scalars() {
    // Zero, the group order n, and a wrong length.
    let n =
        hex::decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551").unwrap();
    for bad in [vec![0u8; 32], n, vec![1u8; 31], vec![1u8; 33]] {
        assert!(
            matches!(EcdsaP256Signer::from_bytes(&bad), Err(Error::BadKey)),
            "{bad:02x?}"
        );
    }
}

#[test]
fn ed25519_signer() {
    // RFC 8032 §7.1, TEST 1: the seed and public key are given.
    let seed: [u8; 32] =
        hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
            .unwrap()
            .try_into()
            .unwrap();
    let signer = Ed25519Signer::from_seed(&seed);
    assert_eq!(signer.algorithm(), SignatureAlgorithm::Ed25519);
    assert_eq!(
        signer.public_key().to_vec(),
        hex::decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a").unwrap()
    );
    let mut out = [0u8; 64];
    assert_eq!(signer.sign(b"", &mut out), Ok(64));
    assert_eq!(
        out.to_vec(),
        hex::decode(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        )
        .unwrap()
    );
    let sig = round_trip(&signer, &signer.public_key(), 64);
    assert_eq!(sig.len(), 64);
}
