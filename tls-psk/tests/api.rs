//! External PSKs, offered identities, early-data types, errors.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "tests: a panic is the verdict"
)]

use tls_codec::enums::CipherSuite;
use tls_codec::extensions::{OfferedPsks as WireOffer, PskIdentity};
use tls_codec::{Codec, Reader, Writer};
use tls_crypto::HashAlgorithm;
use tls_psk::*;

#[test]
fn error_is_small_and_named() {
    assert!(core::mem::size_of::<Error>() <= 2);
    assert_eq!(Error::NoEncryptKey.name(), "PSK_NO_ENCRYPT_KEY");
    assert_eq!(Error::Crypto(tls_crypto::Error::Rng).name(), "CRYPTO_RNG");
    assert_eq!(
        Error::Malformed.alert(),
        tls_codec::enums::AlertDescription::DECODE_ERROR
    );
    assert_eq!(format!("{}", Error::BadTicket), "PSK_BAD_TICKET");
}

#[test]
fn external_psk_validation() {
    let secret = [7u8; 32];
    assert!(ExternalPsk::new(b"id", &secret, HashAlgorithm::Sha256).is_ok());
    assert_eq!(
        ExternalPsk::new(b"", &secret, HashAlgorithm::Sha256),
        Err(Error::InvalidValue)
    );
    assert_eq!(
        ExternalPsk::new(&[1; MAX_IDENTITY_LEN + 1], &secret, HashAlgorithm::Sha256),
        Err(Error::InvalidValue)
    );
    assert!(ExternalPsk::new(&[1; MAX_IDENTITY_LEN], &secret, HashAlgorithm::Sha256).is_ok());
    assert_eq!(
        ExternalPsk::new(b"id", &[], HashAlgorithm::Sha256),
        Err(Error::InvalidValue)
    );
    let psk = ExternalPsk::new(b"id", &secret, HashAlgorithm::Sha384).unwrap();
    assert_eq!(psk.max_early_data(), 0);
    // Suite hash must match the PSK's.
    let ed = PskEarlyData::new(1000, CipherSuite::TLS_AES_128_GCM_SHA256);
    assert_eq!(psk.with_early_data(ed), Err(Error::InvalidValue));
    let ed = PskEarlyData::new(1000, CipherSuite::TLS_AES_256_GCM_SHA384);
    let psk = psk.with_early_data(ed).unwrap();
    assert_eq!(psk.max_early_data(), 1000);
    let mut bad = ed;
    bad.alpn = Some(b"");
    assert_eq!(bad.validate(), Err(Error::InvalidValue));
    bad.alpn = Some(&[0; 256]);
    assert_eq!(bad.validate(), Err(Error::InvalidValue));
    bad.alpn = Some(b"h2");
    bad.context = &[0; MAX_EARLY_DATA_CONTEXT_LEN + 1];
    assert_eq!(bad.validate(), Err(Error::InvalidValue));
    bad.context = &[0; MAX_EARLY_DATA_CONTEXT_LEN];
    assert!(bad.validate().is_ok());
}

#[test]
fn external_psk_find_and_debug() {
    let s1 = [0x3c; 32];
    let psks = [
        ExternalPsk::new(b"a", &s1, HashAlgorithm::Sha256).unwrap(),
        ExternalPsk::new(b"b", &s1, HashAlgorithm::Sha256).unwrap(),
    ];
    assert_eq!(ExternalPsk::find(&psks, b"b").map(|(i, _)| i), Some(1));
    assert!(ExternalPsk::find(&psks, b"c").is_none());
    let d = format!("{:?}", psks[0]);
    assert!(!d.contains("3c3c") && !d.contains("60, 60"), "{d}");
    assert!(d.contains("redacted"));
    assert_eq!(PskMode::default(), PskMode::Resumption);
}

fn wire_offer(buf: &mut [u8]) -> usize {
    let ids = [
        PskIdentity {
            identity: b"first",
            obfuscated_ticket_age: 1,
        },
        PskIdentity {
            identity: b"second",
            obfuscated_ticket_age: 2,
        },
    ];
    let binder = [0u8; 32];
    let binders = [
        tls_codec::extensions::PskBinderEntry(&binder),
        tls_codec::extensions::PskBinderEntry(&binder),
    ];
    let offer = WireOffer {
        identities: tls_codec::List::Items(&ids),
        binders: tls_codec::List::Items(&binders),
    };
    let mut w = Writer::new(buf);
    offer.encode(&mut w).unwrap();
    w.len()
}

#[test]
fn offered_psks_reread() {
    let mut buf = [0u8; 200];
    let n = wire_offer(&mut buf);
    let parsed = WireOffer::parse(&mut Reader::new(&buf[..n])).unwrap();
    let offered = OfferedPsks::from_extension(&parsed);
    assert_eq!(offered.count_all(), 2);
    let copy = offered.clone();
    let names: Vec<&[u8]> = offered.map(|p| p.identity).collect();
    assert_eq!(names, [&b"first"[..], &b"second"[..]]);
    // The clone reads the list again.
    let ages: Vec<u32> = copy.clone().map(|p| p.obfuscated_ticket_age).collect();
    assert_eq!(ages, [1, 2]);
    let mut it = copy;
    assert!(it.next().is_some());
    assert!(it.next().is_some());
    assert!(it.next().is_none());
    it.rewind();
    assert_eq!(it.next().unwrap().identity, b"first");
    assert_eq!(it.get(1).unwrap().identity, b"second");
    assert!(it.get(2).is_none());
}

#[test]
fn selector_closure() {
    let sel = |offered: OfferedPsks<'_>| {
        offered
            .enumerate()
            .find(|(_, p)| p.identity == b"second")
            .map(|(i, _)| i)
    };
    let ids = [
        PskIdentity {
            identity: b"first",
            obfuscated_ticket_age: 0,
        },
        PskIdentity {
            identity: b"second",
            obfuscated_ticket_age: 0,
        },
    ];
    let dynsel: &dyn PskSelector = &sel;
    assert_eq!(dynsel.select(OfferedPsks::from_items(&ids)), Some(1));
    assert_eq!(dynsel.select(OfferedPsks::from_items(&ids[..1])), None);
}

#[test]
fn early_data_callback_closure() {
    let cb = |o: &OfferedEarlyData<'_>| {
        if o.context == b"idempotent" {
            EarlyDataDecision::Accept
        } else {
            EarlyDataDecision::Reject
        }
    };
    let dyncb: &dyn EarlyDataCallback = &cb;
    let mut o = OfferedEarlyData {
        identity: b"x",
        max_early_data: 10,
        context: b"idempotent",
        alpn: None,
    };
    assert_eq!(dyncb.on_early_data(&o), EarlyDataDecision::Accept);
    o.context = b"";
    assert_eq!(dyncb.on_early_data(&o), EarlyDataDecision::Reject);
    assert_eq!(EarlyDataStatus::default(), EarlyDataStatus::NotSent);
}

#[test]
fn suite_hashes() {
    assert_eq!(
        suite_hash(CipherSuite::TLS_CHACHA20_POLY1305_SHA256),
        Some(HashAlgorithm::Sha256)
    );
    assert_eq!(
        suite_hash(CipherSuite::TLS_AES_256_GCM_SHA384),
        Some(HashAlgorithm::Sha384)
    );
    assert_eq!(
        suite_hash(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV),
        None
    );
}
