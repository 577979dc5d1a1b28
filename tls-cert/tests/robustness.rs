//! Malformed input never panics: every truncation and every single-byte corruption of real
//! certificates is rejected or still parses, and a corrupted chain never verifies.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

use tls_cert::{verify_chain, Certificate, NameCheck, Policy, Purpose, ServerName};
use tls_crypto::RustCrypto;

const NOW: u64 = 1_800_000_000;
const ROOT: &[u8] = include_bytes!("../testdata/root-ca.der");
const INT: &[u8] = include_bytes!("../testdata/int-ca.der");
const LEAF: &[u8] = include_bytes!("../testdata/leaf-p256.der");

const ALL: [&[u8]; 6] = [
    ROOT,
    INT,
    LEAF,
    include_bytes!("../testdata/int-rsa-ca.der"),
    include_bytes!("../testdata/leaf-rsa-pss.der"),
    include_bytes!("../testdata/leaf-ed25519.der"),
];

fn policy<'a>(anchors: &'a [&'a [u8]]) -> Policy<'a> {
    Policy {
        trust_anchors: anchors,
        now: Some(NOW),
        purpose: Purpose::ServerAuth,
        name: NameCheck::Name(ServerName::parse("server.wren.test").unwrap()),
    }
}

/// Touches every accessor of a parsed certificate, as the verifier would.
fn exercise(c: &Certificate<'_>) {
    let e = c.extensions();
    let _ = (
        e.is_ca(),
        e.key_usage(),
        e.basic_constraints(),
        e.allows(Purpose::ServerAuth),
    );
    let _ = e.subject_alt_names().count();
    let _ = tls_cert::check_name(c, &policy(&[]).name);
    let _ = (
        c.serial(),
        c.issuer(),
        c.subject(),
        c.not_before(),
        c.not_after(),
        c.public_key(),
    );
}

#[test]
fn originals_parse() {
    for der in ALL {
        exercise(&Certificate::parse(der).unwrap());
    }
}

#[test]
fn truncations_are_rejected() {
    for der in ALL {
        for n in 0..der.len() {
            assert!(Certificate::parse(&der[..n]).is_err(), "prefix {n}");
        }
        let mut longer = der.to_vec();
        longer.push(0);
        assert!(Certificate::parse(&longer).is_err());
    }
}

#[test]
fn corrupted_bytes_never_panic() {
    for der in ALL {
        let mut buf = der.to_vec();
        for i in 0..buf.len() {
            for mask in [0x01, 0x80, 0xff] {
                buf[i] ^= mask;
                if let Ok(c) = Certificate::parse(&buf) {
                    exercise(&c);
                }
                buf[i] ^= mask;
            }
        }
    }
}

#[test]
fn corrupted_leaf_or_intermediate_never_verifies() {
    let anchors = [ROOT];
    let p = policy(&anchors);
    verify_chain(&RustCrypto, LEAF, [INT], &p).unwrap();
    let mut leaf = LEAF.to_vec();
    for i in 0..leaf.len() {
        leaf[i] ^= 0x01;
        assert!(
            verify_chain(&RustCrypto, &leaf, [INT], &p).is_err(),
            "leaf byte {i}"
        );
        leaf[i] ^= 0x01;
    }
    let mut int = INT.to_vec();
    for i in 0..int.len() {
        int[i] ^= 0x01;
        assert!(
            verify_chain(&RustCrypto, LEAF, [&int[..]], &p).is_err(),
            "intermediate byte {i}"
        );
        int[i] ^= 0x01;
    }
}

#[test]
fn corrupted_anchor_never_panics() {
    let mut root = ROOT.to_vec();
    for i in 0..root.len() {
        root[i] ^= 0x01;
        let anchors = [&root[..]];
        let _ = verify_chain(&RustCrypto, LEAF, [INT], &policy(&anchors));
        root[i] ^= 0x01;
    }
}
