//! Unit tests of the private helpers.

use crate::protect::content_type_ct;
use crate::{Error, ErrorKind, Iv};
use tls_codec::enums::{AlertDescription, ContentType};

#[test]
fn error_is_small_and_maps_alerts() {
    assert!(core::mem::size_of::<Error>() <= 2);
    assert_eq!(
        Error::BadRecordMac.alert(),
        Some(AlertDescription::BAD_RECORD_MAC)
    );
    assert_eq!(
        Error::RecordOverflow.alert(),
        Some(AlertDescription::RECORD_OVERFLOW)
    );
    assert_eq!(
        Error::NoContentType.alert(),
        Some(AlertDescription::UNEXPECTED_MESSAGE)
    );
    assert_eq!(Error::ContentTooLong.alert(), None);
    assert_eq!(Error::ContentTooLong.kind(), ErrorKind::Usage);
    assert_eq!(Error::SequenceExhausted.kind(), ErrorKind::Internal);
    assert_eq!(Error::BadRecordMac.kind(), ErrorKind::Protocol);
    assert_eq!(Error::RecordOverflow.name(), "RECORD_OVERFLOW");
}

#[test]
fn nonce_xors_the_big_endian_sequence_into_the_iv_tail() {
    let iv = Iv::new([0xff; 12]);
    assert_eq!(*iv.nonce(0), [0xff; 12]);
    let n = iv.nonce(0x0102_0304_0506_0708);
    assert_eq!(
        *n,
        [0xff, 0xff, 0xff, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8, 0xf7]
    );
    assert_eq!(
        *Iv::new([0; 12]).nonce(u64::MAX),
        [0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
    );
}

#[test]
fn iv_debug_is_redacted() {
    extern crate std;
    let s = std::format!("{:?}", Iv::new([0x42; 12]));
    assert_eq!(s, "Iv(redacted)");
}

#[test]
fn content_type_scan_finds_the_last_nonzero_byte() {
    assert_eq!(content_type_ct(&[]), None);
    assert_eq!(content_type_ct(&[0, 0, 0]), None);
    assert_eq!(content_type_ct(&[22]), Some((0, ContentType::HANDSHAKE)));
    assert_eq!(
        content_type_ct(&[1, 0, 2, 23, 0, 0]),
        Some((3, ContentType::APPLICATION_DATA))
    );
}
