//! The API's contracts: error size, names and alerts; the suite table; HkdfLabel bounds; hash
//! mixing rejected; redacted `Debug`; wipe-on-drop; the transcript's start and HRR restart.
#![allow(missing_docs)]

mod common;

use common::*;
use tls_codec::enums::{AlertDescription, CipherSuite};
use tls_crypto::{AeadAlgorithm, Digest, HashAlgorithm, Secret};
use tls_handshake::{
    derive_secret, hkdf_expand_label, BinderKey, EarlySecret, Error, ExporterSecret, FinishedKey,
    HandshakeSecret, HkdfLabel, MasterSecret, PskKind, ResumptionMasterSecret, Suite, TrafficKeys,
    TrafficSecret, Transcript, TranscriptStart, SUITES,
};
use zeroize::ZeroizeOnDrop;

#[test]
fn error_is_small_named_and_mapped_to_alerts() {
    assert!(
        core::mem::size_of::<Error>() <= 4,
        "errors stay small and Copy"
    );
    let all = [
        Error::Crypto(tls_crypto::Error::Unsupported),
        Error::Crypto(tls_crypto::Error::BadKey),
        Error::Crypto(tls_crypto::Error::WeakSharedSecret),
        Error::Crypto(tls_crypto::Error::BadSignature),
        Error::Crypto(tls_crypto::Error::DecryptFailed),
        Error::BadFinished,
        Error::BadBinder,
        Error::HashMismatch,
        Error::HashUnavailable,
        Error::BadLength,
    ];
    let alerts = [
        AlertDescription::INTERNAL_ERROR,
        AlertDescription::ILLEGAL_PARAMETER,
        AlertDescription::ILLEGAL_PARAMETER,
        AlertDescription::DECRYPT_ERROR,
        AlertDescription::BAD_RECORD_MAC,
        AlertDescription::DECRYPT_ERROR,
        AlertDescription::DECRYPT_ERROR,
        AlertDescription::INTERNAL_ERROR,
        AlertDescription::INTERNAL_ERROR,
        AlertDescription::INTERNAL_ERROR,
    ];
    for (e, a) in all.iter().zip(alerts) {
        assert_eq!(e.alert(), a, "{e:?}");
        assert_eq!(e.to_string(), e.name());
    }
    let mut names: Vec<_> = all.iter().map(|e| e.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len());
    assert_eq!(Error::BadFinished.name(), "HANDSHAKE_BAD_FINISHED");
}

#[test]
fn suite_table() {
    for s in SUITES {
        assert_eq!(Suite::lookup(s.suite), Some(s));
    }
    let chacha = Suite::lookup(CipherSuite::TLS_CHACHA20_POLY1305_SHA256).unwrap();
    assert_eq!(chacha.aead, AeadAlgorithm::ChaCha20Poly1305);
    assert_eq!(chacha.hash, HashAlgorithm::Sha256);
    let aes256 = Suite::lookup(CipherSuite::TLS_AES_256_GCM_SHA384).unwrap();
    assert_eq!(
        (aes256.aead, aes256.hash),
        (AeadAlgorithm::Aes256Gcm, HashAlgorithm::Sha384)
    );
    assert_eq!(Suite::lookup(CipherSuite::TLS_AES_128_CCM_SHA256), None);
    assert_eq!(Suite::lookup(CipherSuite(0x1306)), None);
}

#[test]
fn hkdf_label_encoding_and_bounds() {
    // RFC 8446 §7.1 layout, checked by hand.
    let parts = HkdfLabel::new(b"key", b"\xaa", 16)
        .unwrap()
        .parts()
        .concat();
    assert_eq!(parts, b"\x00\x10\x09tls13 key\x01\xaa");
    assert!(HkdfLabel::new(&[b'x'; 249], &[], 32).is_ok());
    assert_eq!(HkdfLabel::new(&[b'x'; 250], &[], 32), Err(Error::BadLength));
    assert_eq!(HkdfLabel::new(b"", &[], 32), Err(Error::BadLength));
    assert!(HkdfLabel::new(b"x", &[0; 255], 32).is_ok());
    assert_eq!(HkdfLabel::new(b"x", &[0; 256], 32), Err(Error::BadLength));
    assert!(HkdfLabel::new(b"x", &[], 65535).is_ok());
    assert_eq!(HkdfLabel::new(b"x", &[], 65536), Err(Error::BadLength));
}

#[test]
fn values_of_two_hashes_do_not_mix() {
    let s32 = Secret::from_slice(&[1; 32]).unwrap();
    let s48 = Secret::from_slice(&[1; 48]).unwrap();
    let mut out = [0u8; 16];
    assert_eq!(
        hkdf_expand_label(P, HashAlgorithm::Sha384, &s32, b"key", b"", &mut out),
        Err(Error::HashMismatch)
    );
    let d48 = Digest::from_slice(&[0; 48]).unwrap();
    assert_eq!(
        derive_secret(P, HASH, &s32, b"c hs traffic", &d48).unwrap_err(),
        Error::HashMismatch
    );
    assert_eq!(
        TrafficSecret::new(HASH, s48.clone()).unwrap_err(),
        Error::HashMismatch
    );
    let hs = EarlySecret::new(P, HASH, None)
        .unwrap()
        .into_handshake(None)
        .unwrap();
    assert_eq!(
        hs.client_handshake_traffic_secret(&d48).unwrap_err(),
        Error::HashMismatch
    );
    let fk = FinishedKey::new(HASH, s32).unwrap();
    assert_eq!(fk.verify_data(P, &d48).unwrap_err(), Error::HashMismatch);
    assert_eq!(
        Transcript::from_message_hash(P, HASH, &d48).unwrap_err(),
        Error::HashMismatch
    );
}

#[test]
fn early_secret_inputs() {
    assert_eq!(
        EarlySecret::new(P, HASH, Some(&[])).unwrap_err(),
        Error::BadLength
    );
    // psk_ke (no (EC)DHE) is the same as a shared secret of zeros (RFC 8446 §7.1).
    let none = EarlySecret::new(P, HASH, Some(b"psk"))
        .unwrap()
        .into_handshake(None)
        .unwrap();
    let zeros = Secret::zero(32).unwrap();
    let zero = EarlySecret::new(P, HASH, Some(b"psk"))
        .unwrap()
        .into_handshake(Some(&zeros))
        .unwrap();
    assert_eq!(none.secret().as_bytes(), zero.secret().as_bytes());
    // The two binder labels give two keys.
    let early = EarlySecret::new(P, HASH, Some(b"psk")).unwrap();
    let ext = early.binder_key(PskKind::External).unwrap();
    let res = early.binder_key(PskKind::Resumption).unwrap();
    assert_ne!(ext.secret().as_bytes(), res.secret().as_bytes());
}

#[test]
fn exporter_bounds() {
    let exp = ExporterSecret::new(HASH, Secret::from_slice(&[7; 32]).unwrap()).unwrap();
    let mut out = vec![0u8; 255 * 32 + 1];
    assert_eq!(
        exp.export(P, b"label", b"", &mut out),
        Err(Error::BadLength)
    );
    assert!(exp.export(P, b"label", b"", &mut out[..255 * 32]).is_ok());
    assert_eq!(
        exp.export(P, b"", b"", &mut out[..32]),
        Err(Error::BadLength)
    );
}

#[test]
fn secrets_are_redacted_and_wiped() {
    fn wiped<T: ZeroizeOnDrop>() {}
    wiped::<EarlySecret<'_, tls_crypto::RustCrypto>>();
    wiped::<HandshakeSecret<'_, tls_crypto::RustCrypto>>();
    wiped::<MasterSecret<'_, tls_crypto::RustCrypto>>();
    wiped::<TrafficSecret>();
    wiped::<TrafficKeys>();
    wiped::<FinishedKey>();
    wiped::<BinderKey>();
    wiped::<ExporterSecret>();
    wiped::<ResumptionMasterSecret>();

    let early = EarlySecret::new(P, HASH, Some(&[0xab; 32])).unwrap();
    let ts = early.client_early_traffic_secret(&sha256(b"")).unwrap();
    let keys = ts.traffic_keys(P, AEAD).unwrap();
    for (dbg, secret) in [
        (format!("{early:?}"), early.secret().as_bytes().to_vec()),
        (format!("{ts:?}"), ts.secret().as_bytes().to_vec()),
        (format!("{keys:?}"), keys.key().to_vec()),
        (format!("{keys:?}"), keys.iv().to_vec()),
    ] {
        assert!(!dbg.contains(&hex::encode(&secret[..4])), "{dbg}");
    }
    assert_eq!(format!("{ts:?}"), "TrafficSecret { hash: Sha256, .. }");
}

#[test]
fn transcript_start_keeps_both_hashes_until_the_suite_is_known() {
    let ch = v(
        3,
        "{client} construct a ClientHello handshake message",
        "ClientHello",
    );
    let mut start = TranscriptStart::new(P).unwrap();
    start.update(&ch[..10]);
    start.update(&ch[10..]);
    for alg in [HashAlgorithm::Sha256, HashAlgorithm::Sha384] {
        let mut direct = Transcript::new(P, alg).unwrap();
        direct.update(&ch);
        assert_eq!(start.hash_with(alg, b"").unwrap(), direct.current_hash());
        assert_eq!(start.hash_with(alg, b"x").unwrap(), direct.hash_with(b"x"));
        let t = start.clone().into_transcript(alg).unwrap();
        assert_eq!(t.algorithm(), alg);
        assert_eq!(t.current_hash(), direct.current_hash());
    }
    // Reading a hash does not end the transcript.
    let mut t = start.into_transcript(HASH).unwrap();
    let before = t.current_hash();
    assert_eq!(t.current_hash(), before);
    t.update(b"more");
    assert_ne!(t.current_hash(), before);
    assert_eq!(format!("{t:?}"), "Transcript { algorithm: Sha256, .. }");
}

#[test]
fn message_hash_with_sha384() {
    let mut t = Transcript::new(P, HashAlgorithm::Sha384).unwrap();
    t.update(b"ClientHello1");
    let ch1_hash = t.current_hash();
    t.replace_with_message_hash(P).unwrap();
    let mut direct = Transcript::new(P, HashAlgorithm::Sha384).unwrap();
    direct.update(&[254, 0, 0, 48]);
    direct.update(ch1_hash.as_bytes());
    assert_eq!(t.current_hash(), direct.current_hash());
}
