//! `Error::number`: one stable number per `Error::name`, and back (`Error::from_number`).
#![cfg(feature = "error-text")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    missing_docs,
    reason = "tests: a panic is the verdict"
)]

use std::collections::BTreeMap;

use tls_codec::enums::AlertDescription;
use wren_tls::{Error, ErrorKind};

/// Every number `from_number` knows gives an error with that number, and every name has one
/// number (but the peer's alerts Wren has no name for, which share
/// `WREN_ERR_PEER_ALERT_UNKNOWN`). The layers: as many numbers as they have conditions.
#[test]
fn every_number_round_trips_to_one_name() {
    let mut names: BTreeMap<&'static str, u16> = BTreeMap::new();
    let mut per_layer = [0usize; 256];
    for n in 0..=u16::MAX {
        let Some(e) = Error::from_number(n) else {
            continue;
        };
        assert_eq!(e.number(), n, "{n:#06x} gives {e:?}");
        let name = e.name();
        let prefix = match n >> 8 {
            0 => "WREN_ERR_",
            1 => "RECORD_",
            2 => "HANDSHAKE_",
            3 => "CODEC_",
            4 => "CERT_",
            5 => "CRYPTO_",
            6 => "PSK_",
            7 => "WREN_ERR_PEER_ALERT_",
            layer => panic!("{n:#06x}: no layer {layer}"),
        };
        assert!(name.starts_with(prefix), "{n:#06x} is {name}");
        assert!(!e.description().is_empty());
        per_layer[usize::from(n >> 8)] += 1;
        if name == "WREN_ERR_PEER_ALERT_UNKNOWN" {
            continue;
        }
        if let Some(other) = names.insert(name, n) {
            panic!("{name} has two numbers: {other:#06x} and {n:#06x}");
        }
    }
    // The conditions of each layer (update with the enum: a new one takes the next number).
    // Peer alerts: every description but 255 (the number of a peer alert without one).
    assert_eq!(per_layer[..8], [22, 13, 17, 11, 15, 7, 7, 255]);
    assert!(per_layer[8..].iter().all(|&c| c == 0));
    // 26 alerts have a name as a peer's alert.
    assert_eq!(names.len(), 22 + 13 + 17 + 11 + 15 + 7 + 7 + 26);
}

/// Errors as the connection makes them: their numbers name them as `name` does, and the
/// error `from_number` rebuilds has the same kind, alert and description.
#[test]
fn numbers_of_real_errors() {
    let cases: [(Error, u16, &str); 6] = [
        (
            Error::from(tls_record::Error::RecordOverflow),
            0x0102,
            "RECORD_OVERFLOW",
        ),
        (
            Error::from(tls_handshake::Error::BadFinished),
            0x0201,
            "HANDSHAKE_BAD_FINISHED",
        ),
        (
            Error::from(tls_handshake::Error::Codec(tls_codec::Error::Truncated)),
            0x0301,
            "CODEC_TRUNCATED",
        ),
        (
            Error::from(tls_handshake::Error::Certificate(
                tls_cert::Error::UnknownIssuer,
            )),
            0x0406,
            "CERT_UNKNOWN_ISSUER",
        ),
        (
            Error::from(tls_handshake::Error::Crypto(
                tls_crypto::Error::BadSignature,
            )),
            0x0503,
            "CRYPTO_BAD_SIGNATURE",
        ),
        (
            Error::from(tls_handshake::Error::BufferTooSmall { needed: 600 }),
            0x0206,
            "HANDSHAKE_BUFFER_TOO_SMALL",
        ),
    ];
    for (e, number, name) in cases {
        assert_eq!(e.number(), number, "{name}");
        assert_eq!(e.name(), name);
        let back = Error::from_number(number).unwrap();
        assert_eq!(back.name(), name);
        assert_eq!(back.kind(), e.kind(), "{name}");
        assert_eq!(back.alert(), e.alert(), "{name}");
        assert_eq!(back.description(), e.description(), "{name}");
    }
    // The peer's missing_extension (what the PSK-only firmware prints against a server that
    // wants a certificate): 0x0700 + 109.
    let e = Error::from_number(0x076d).unwrap();
    assert_eq!(e.name(), "WREN_ERR_PEER_ALERT_MISSING_EXTENSION");
    assert_eq!(e.kind(), ErrorKind::Alert);
    assert_eq!(e.alert(), Some(AlertDescription::MISSING_EXTENSION));
    // Nothing at 0, beyond a layer's last condition, or for a peer alert without one.
    for n in [0, 0x0017, 0x010e, 0x0212, 0x07ff, 0x0800, u16::MAX] {
        assert!(Error::from_number(n).is_none(), "{n:#06x}");
    }
}
