//! Unit tests of the record paths that a conforming Wren peer never exercises.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "tests: a panic is the verdict"
)]

use crate::rx::ReadSide;
use tls_codec::enums::{AlertDescription, ContentType};
use tls_crypto::{AeadAlgorithm, CryptoProvider, RustCrypto};
use tls_record::{RecordLimit, RecordOpener, RecordSealer, CONTENT_OFFSET, SEAL_OVERHEAD};

type A = <RustCrypto as CryptoProvider>::Aead;

/// A peer that ignores our record_size_limit: its record over the limit is refused from the
/// header with record_overflow (RFC 8449 §4), before any decryption.
#[test]
fn record_over_our_advertised_limit_is_record_overflow() {
    let (key, iv) = ([7u8; 16], [9u8; 12]);
    let alg = AeadAlgorithm::Aes128Gcm;
    let mut sealer = RecordSealer::from_key(&RustCrypto, alg, &key, &iv).unwrap();
    let limit = RecordLimit::new(513).unwrap();
    let opener: RecordOpener<A> = RecordOpener::from_key(&RustCrypto, alg, &key, &iv)
        .unwrap()
        .with_limit(limit);
    let mut r: ReadSide<A> = ReadSide::new();
    r.limit = limit;
    r.opener = Some(opener);

    let mut rx = [0u8; 4096];
    // 600 bytes of content: 601 of TLSInnerPlaintext, over 513.
    let n = {
        let rec = &mut rx[..600 + SEAL_OVERHEAD];
        rec[CONTENT_OFFSET..CONTENT_OFFSET + 600].fill(0x41);
        sealer
            .seal(ContentType::APPLICATION_DATA, rec, 600)
            .unwrap()
    };
    // Only the header has arrived: refused already.
    let space = r.space(&mut rx);
    assert!(space.len() >= n);
    r.commit(4096, 5).unwrap();
    let e = r.next_record(&mut rx, false, false, true).unwrap_err();
    assert_eq!(e.name(), "RECORD_OVERFLOW");
    assert_eq!(e.alert(), Some(AlertDescription::RECORD_OVERFLOW));
    assert_eq!(e.kind(), crate::ErrorKind::Protocol);

    // A record at the limit opens.
    let mut r: ReadSide<A> = ReadSide::new();
    let mut sealer = RecordSealer::from_key(&RustCrypto, alg, &key, &iv).unwrap();
    r.opener = Some(
        RecordOpener::from_key(&RustCrypto, alg, &key, &iv)
            .unwrap()
            .with_limit(limit),
    );
    let mut rx = [0u8; 4096];
    let n = {
        let rec = &mut rx[..512 + SEAL_OVERHEAD];
        sealer
            .seal(ContentType::APPLICATION_DATA, rec, 512)
            .unwrap()
    };
    r.commit(4096, n).unwrap();
    let got = r.next_record(&mut rx, false, false, true).unwrap();
    assert_eq!(got, Some(crate::rx::Content::AppData));
    assert_eq!(r.app_len(), 512);
}
