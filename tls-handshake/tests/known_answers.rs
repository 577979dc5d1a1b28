//! Known answers for what RFC 8448 does not show: KeyUpdate's next traffic secret, the exporter,
//! and a whole SHA-384 schedule (TLS_AES_256_GCM_SHA384).
//!
//! The expected values were produced once by `tests/data/key_schedule_kat.py`, an independent
//! implementation on Python's `hmac` and `hashlib` (run `python3 key_schedule_kat.py`), and
//! pasted here. Its RFC 8448 inputs are read from the trace here, so a drift in either shows.
#![allow(missing_docs)]

mod common;

use common::*;
use tls_crypto::{AeadAlgorithm, HashAlgorithm, Secret};
use tls_handshake::{EarlySecret, ExporterSecret, TrafficSecret};

#[test]
fn key_update_next_traffic_secret() {
    // RFC 8448 §3 server_application_traffic_secret_0 (the key_schedule_kat.py input).
    let s_ap0 = v(
        3,
        "{server} derive secret \"tls13 s ap traffic\"",
        "expanded",
    );
    let s_ap0 = TrafficSecret::new(HASH, Secret::from_slice(&s_ap0).unwrap()).unwrap();
    let s_ap1 = s_ap0.next(P).unwrap();
    let s_ap2 = s_ap1.next(P).unwrap();
    assert_eq!(
        s_ap1.secret().as_bytes(),
        unhex("51921b8aa3001976eb401d0a4319a8516416a6c56001a357e5d162031e84f916")
    );
    assert_eq!(
        s_ap2.secret().as_bytes(),
        unhex("6418ddd5d277cde37bfaae96363a805a95abfaa55ccd80713848de187fb082f6")
    );
    let keys = s_ap1.traffic_keys(P, AeadAlgorithm::Aes128Gcm).unwrap();
    assert_eq!(keys.key(), unhex("2e63be99d67b39097feb9786cf7a15a0"));
    assert_eq!(keys.iv()[..], unhex("628a0a8298ac953baef4255a"));
}

#[test]
fn exporter() {
    // RFC 8448 §3 exporter_master_secret (the key_schedule_kat.py input).
    let exp = v(3, "{server} derive secret \"tls13 exp master\"", "expanded");
    let exp = ExporterSecret::new(HASH, Secret::from_slice(&exp).unwrap()).unwrap();
    let mut out = [0u8; 32];
    exp.export(P, b"EXPERIMENTAL wren", b"", &mut out).unwrap();
    assert_eq!(
        out[..],
        unhex("1c53de096fe238224126e33327067fd4014e71746e8dbede5444ce86d973e244")
    );
    // Two HKDF blocks, with a context.
    let mut out = [0u8; 64];
    exp.export(P, b"EXPERIMENTAL wren", b"context", &mut out)
        .unwrap();
    assert_eq!(
        out[..],
        unhex(concat!(
            "103862418049b7cd171495749cc65c914150278e95dd1837d8455fe8c84935db",
            "682b2a549d660a9fda3395477f7a0f52a71eb62ec7e3419c56712b8bcd84e5fa"
        ))
    );
}

#[test]
fn sha384_schedule() {
    let h = HashAlgorithm::Sha384;
    let ecdhe = Secret::from_slice(&(1..=32).collect::<Vec<u8>>()).unwrap();
    let th_sh = digest(HashAlgorithm::Sha384, b"ClientHello..ServerHello");
    let th_sf = digest(HashAlgorithm::Sha384, b"ClientHello..server Finished");
    let th_cf = digest(HashAlgorithm::Sha384, b"ClientHello..client Finished");

    let early = EarlySecret::new(P, h, None).unwrap();
    assert_eq!(early.secret().as_bytes(), unhex("7ee8206f5570023e6dc7519eb1073bc4e791ad37b5c382aa10ba18e2357e716971f9362f2c2fe2a76bfd78dfec4ea9b5"));
    let hs = early.into_handshake(Some(&ecdhe)).unwrap();
    assert_eq!(hs.secret().as_bytes(), unhex("20a354fb9049f8995b72aa0f1ab1407014e4f8ee3d5a7cf96050ae1ae81c50444ad026c9897ab0ebab5802bfcc57f2a4"));
    let c_hs = hs.client_handshake_traffic_secret(&th_sh).unwrap();
    assert_eq!(c_hs.secret().as_bytes(), unhex("1efa019926f567b11ede4197e760f6800cf31e16a6e605d8584ad01b599567a9ac340fb152a17f37b214904e47e73be8"));
    let keys = c_hs.traffic_keys(P, AeadAlgorithm::Aes256Gcm).unwrap();
    assert_eq!(
        keys.key(),
        unhex("68218fe0bc54e35c4351f4ade5f5d183449804834f3cc107038f476f0947e7f5")
    );
    assert_eq!(keys.iv()[..], unhex("63430473c3ad984c5cef58e9"));
    let vd = c_hs
        .finished_key(P)
        .unwrap()
        .verify_data(P, &th_sf)
        .unwrap();
    assert_eq!(vd.as_bytes(), unhex("56d0dec2b91acdba230baa6bcaea4b3e5509d208baa5048015ba7e02a727bdce2cf45da4d21fc8d57d8fd19e884ccde1"));

    let master = hs.into_master().unwrap();
    assert_eq!(master.secret().as_bytes(), unhex("c01176af5b1206edfb9dda9369796bc341484a9873d08b8120e7aba9fd05ac0a9830d3d9bb8e6dd2ce7b693d0103730d"));
    let s_ap = master.server_application_traffic_secret_0(&th_sf).unwrap();
    assert_eq!(s_ap.secret().as_bytes(), unhex("b529ecdf7b30cf51860b53f87fbd4f14fe627917570bb80e67f5c284815e108a2377e5f8a5b16b2c7971ce8bda2ebaff"));
    assert_eq!(s_ap.next(P).unwrap().secret().as_bytes(), unhex("e573f4f269e196356c32b7078dc86146fc9ef421e5e3280a658557d397efd119c7d877db9dab6e007f37f342492f7e59"));
    let rms = master.resumption_master_secret(&th_cf).unwrap();
    assert_eq!(rms.secret().as_bytes(), unhex("1e30c940405847451433647982c748326fa7a2ca5ff76e4bbaa97275359d441bf43ac4b1bbfaf5dfebfa5cf22e1a6b8c"));
    let psk = rms.resumption_psk(P, &[0, 1]).unwrap();
    assert_eq!(psk.as_bytes(), unhex("3216e4db55f26aaad5b3f54bfcc107d7841405899f7cd4c1a67ec15983728e35a31cd032e9acbcb5bfb39605389a9af9"));
    let mut out = [0u8; 48];
    let exp = master.exporter_master_secret(&th_sf).unwrap();
    exp.export(P, b"EXPERIMENTAL wren", b"", &mut out).unwrap();
    assert_eq!(out[..], unhex("f82351bd5b4a217d8cecee667ff7276dff950e57c34bf6b2a1242473c935686be0a48264bf429b5af27b1df0a78b5e5d"));
}
