//! Chain verification against the committed test PKI (`testdata/gen.sh`).
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

use tls_cert::{
    alert, verify_chain, Error, KeyAlgorithm, NameCheck, Policy, PresentedId, Purpose, ServerName,
    VerifiedChain, VerifyHost,
};
use tls_crypto::RustCrypto;

/// 2027-01-15: inside every positive certificate's validity.
const NOW: u64 = 1_800_000_000;

macro_rules! pki {
    ($name:literal) => {
        include_bytes!(concat!("../testdata/", $name, ".der")).as_slice()
    };
}

const ROOT: &[u8] = pki!("root-ca");
const OTHER_ROOT: &[u8] = pki!("other-root-ca");
const INT: &[u8] = pki!("int-ca");
const INT2: &[u8] = pki!("int2-ca");

fn policy<'a>(anchors: &'a [&'a [u8]], name: &'a str) -> Policy<'a> {
    Policy {
        trust_anchors: anchors,
        now: Some(NOW),
        purpose: Purpose::ServerAuth,
        name: NameCheck::Name(ServerName::parse(name).unwrap()),
    }
}

fn verify<'c>(leaf: &'c [u8], chain: &[&[u8]], p: &Policy<'_>) -> Result<VerifiedChain<'c>, Error> {
    verify_chain(&RustCrypto, leaf, chain.iter().copied(), p)
}

fn ok(leaf: &[u8], chain: &[&[u8]]) -> KeyAlgorithm {
    let v = verify(leaf, chain, &policy(&[ROOT], "server.wren.test")).unwrap();
    assert_eq!(v.anchor_index(), 0);
    v.leaf_key().algorithm
}

// --- positive chains ---

#[test]
fn leaf_signed_by_root() {
    assert_eq!(ok(pki!("leaf-direct"), &[]), KeyAlgorithm::EcP256);
}

#[test]
fn one_intermediate_p256() {
    let v = verify(
        pki!("leaf-p256"),
        &[INT],
        &policy(&[ROOT], "server.wren.test"),
    )
    .unwrap();
    assert_eq!(v.intermediates_used(), 1);
    assert_eq!(v.leaf_key().algorithm, KeyAlgorithm::EcP256);
    assert_eq!(v.leaf_key().key.len(), 65);
}

#[test]
fn two_intermediates_any_order_with_extras() {
    let p = policy(&[ROOT], "server.wren.test");
    for chain in [
        &[INT2, INT][..],
        &[INT, INT2],
        &[pki!("int-not-ca"), INT2, OTHER_ROOT, INT],
        &[INT2, INT, ROOT],
    ] {
        let v = verify(pki!("leaf-two-int"), chain, &p).unwrap();
        assert_eq!(v.intermediates_used(), 2);
    }
    assert_eq!(
        verify(pki!("leaf-two-int"), &[INT2], &p).unwrap_err(),
        Error::UnknownIssuer
    );
}

#[test]
fn ed25519_leaf_and_ed25519_ca_signature() {
    assert_eq!(
        ok(pki!("leaf-ed25519"), &[pki!("int-ed25519-ca")]),
        KeyAlgorithm::Ed25519
    );
}

#[test]
fn rsa2048_leaf() {
    let v = verify(
        pki!("leaf-rsa2048"),
        &[INT],
        &policy(&[ROOT], "server.wren.test"),
    )
    .unwrap();
    assert_eq!(v.leaf_key().algorithm, KeyAlgorithm::Rsa);
    assert!(v
        .leaf_key()
        .supports(tls_crypto::SignatureAlgorithm::RsaPssSha256));
    assert!(!v
        .leaf_key()
        .supports(tls_crypto::SignatureAlgorithm::EcdsaP256Sha256));
}

#[test]
fn rsa_signatures_on_certificates() {
    let ca = pki!("int-rsa-ca"); // RSA-3072, signed by the P-256 root
    assert_eq!(ok(pki!("leaf-rsa-pss"), &[ca]), KeyAlgorithm::Rsa);
    assert_eq!(ok(pki!("leaf-rsa-pss384"), &[ca]), KeyAlgorithm::Rsa);
    assert_eq!(ok(pki!("leaf-rsa-pkcs1-384"), &[ca]), KeyAlgorithm::Rsa);
}

#[test]
fn p384_ca_signature() {
    let r = verify(
        pki!("leaf-p384"),
        &[pki!("int-p384-ca")],
        &policy(&[ROOT], "server.wren.test"),
    );
    if cfg!(feature = "p384") {
        assert_eq!(r.unwrap().leaf_key().algorithm, KeyAlgorithm::EcP384);
    } else {
        assert_eq!(r.unwrap_err(), Error::UnsupportedSignatureAlgorithm);
    }
}

#[test]
fn client_auth_purpose() {
    let p = Policy {
        trust_anchors: &[ROOT],
        now: Some(NOW),
        purpose: Purpose::ClientAuth,
        name: NameCheck::None,
    };
    verify(pki!("client-p256"), &[INT], &p).unwrap();
    // The RSA leaf lists both purposes; the ECDSA server leaf only serverAuth.
    verify(pki!("leaf-rsa2048"), &[INT], &p).unwrap();
    assert_eq!(
        verify(pki!("leaf-p256"), &[INT], &p).unwrap_err(),
        Error::WrongEku
    );
}

#[test]
fn without_clock_validity_is_not_checked() {
    let mut p = policy(&[ROOT], "server.wren.test");
    p.now = None;
    verify(pki!("leaf-expired"), &[INT], &p).unwrap();
}

#[test]
fn names_from_san() {
    let anchors = [ROOT];
    for name in [
        "server.wren.test",
        "SERVER.Wren.Test.",
        "x.wild.wren.test",
        "127.0.0.1",
        "::1",
    ] {
        verify(pki!("leaf-p256"), &[INT], &policy(&anchors, name)).unwrap();
    }
    for name in [
        "wild.wren.test",
        "a.b.wild.wren.test",
        "wren.test",
        "127.0.0.2",
        "::2",
        "other.test",
    ] {
        let e = verify(pki!("leaf-p256"), &[INT], &policy(&anchors, name)).unwrap_err();
        assert_eq!(e, Error::NameMismatch, "{name}");
        assert_eq!(e.alert(), alert::BAD_CERTIFICATE);
    }
}

struct OnlyIp;
impl VerifyHost for OnlyIp {
    fn verify_host(&self, id: PresentedId<'_>) -> bool {
        id == PresentedId::Ip(&[127, 0, 0, 1])
    }
}

struct Never;
impl VerifyHost for Never {
    fn verify_host(&self, _: PresentedId<'_>) -> bool {
        false
    }
}

#[test]
fn verify_host_callback_replaces_name_check() {
    let mut p = policy(&[ROOT], "server.wren.test");
    p.name = NameCheck::Callback(&OnlyIp);
    verify(pki!("leaf-p256"), &[INT], &p).unwrap();
    p.name = NameCheck::Callback(&Never);
    assert_eq!(
        verify(pki!("leaf-p256"), &[INT], &p).unwrap_err(),
        Error::NameMismatch
    );
}

// --- negative cases, each with its alert ---

fn fails(leaf: &[u8], chain: &[&[u8]], want: Error, want_alert: u8) {
    let e = verify(leaf, chain, &policy(&[ROOT], "server.wren.test")).unwrap_err();
    assert_eq!(e, want);
    assert_eq!(e.alert(), want_alert);
}

#[test]
fn unknown_issuer() {
    fails(
        pki!("leaf-unknown-issuer"),
        &[],
        Error::UnknownIssuer,
        alert::UNKNOWN_CA,
    );
    // The other root sent along does not help: it is not an anchor.
    fails(
        pki!("leaf-unknown-issuer"),
        &[OTHER_ROOT],
        Error::UnknownIssuer,
        alert::UNKNOWN_CA,
    );
    // No intermediate sent.
    fails(
        pki!("leaf-p256"),
        &[],
        Error::UnknownIssuer,
        alert::UNKNOWN_CA,
    );
}

#[test]
fn intermediate_without_ca_flag() {
    fails(
        pki!("leaf-under-not-ca"),
        &[pki!("int-not-ca")],
        Error::NotCa,
        alert::BAD_CERTIFICATE,
    );
}

#[test]
fn path_length_exceeded() {
    let chain = [pki!("int-under-pathlen0-ca"), pki!("int-pathlen0-ca")];
    fails(
        pki!("leaf-pathlen"),
        &chain,
        Error::PathLenExceeded,
        alert::BAD_CERTIFICATE,
    );
}

#[test]
fn intermediate_without_key_cert_sign() {
    let chain = [pki!("int-no-certsign-ca")];
    fails(
        pki!("leaf-under-no-certsign"),
        &chain,
        Error::KeyUsage,
        alert::BAD_CERTIFICATE,
    );
}

#[test]
fn wrong_eku() {
    let mut p = policy(&[ROOT], "client.wren.test");
    p.purpose = Purpose::ServerAuth;
    let e = verify(pki!("client-p256"), &[INT], &p).unwrap_err();
    assert_eq!(e, Error::WrongEku);
    assert_eq!(e.alert(), alert::UNSUPPORTED_CERTIFICATE);
}

#[test]
fn expired_and_not_yet_valid() {
    fails(
        pki!("leaf-expired"),
        &[INT],
        Error::Expired,
        alert::CERTIFICATE_EXPIRED,
    );
    let mut p = policy(&[ROOT], "server.wren.test");
    p.now = Some(1_600_000_000); // 2020, before the 2024 notBefore
    let e = verify(pki!("leaf-p256"), &[INT], &p).unwrap_err();
    assert_eq!(e, Error::NotYetValid);
    assert_eq!(e.alert(), alert::CERTIFICATE_EXPIRED);
    // An intermediate out of its validity fails the path.
    p.now = Some(4_900_000_000); // 2125, after everything
    assert_eq!(
        verify(pki!("leaf-p256"), &[INT], &p).unwrap_err(),
        Error::Expired
    );
}

#[test]
fn name_mismatch() {
    let e = verify(pki!("leaf-p256"), &[INT], &policy(&[ROOT], "evil.test")).unwrap_err();
    assert_eq!(e, Error::NameMismatch);
    assert_eq!(e.alert(), alert::BAD_CERTIFICATE);
}

#[test]
fn bad_signature() {
    fails(
        pki!("leaf-bad-signature"),
        &[INT],
        Error::BadSignature,
        alert::BAD_CERTIFICATE,
    );
    // A leaf checked against the wrong anchor key with the right name: also a bad signature.
    let anchors = [ROOT];
    let p = policy(&anchors, "server.wren.test");
    let e = verify(
        pki!("leaf-direct"),
        &[],
        &Policy {
            trust_anchors: &[INT],
            ..p
        },
    )
    .unwrap_err();
    assert_eq!(e, Error::UnknownIssuer);
}

#[test]
fn unknown_critical_extension() {
    let e = verify(
        pki!("leaf-critical-unknown"),
        &[INT],
        &policy(&[ROOT], "server.wren.test"),
    )
    .unwrap_err();
    assert_eq!(e, Error::UnsupportedCriticalExtension);
    assert_eq!(e.alert(), alert::UNSUPPORTED_CERTIFICATE);
}

#[test]
fn error_is_one_byte() {
    assert_eq!(core::mem::size_of::<Error>(), 1);
    assert_eq!(core::mem::size_of::<Result<(), Error>>(), 1);
}
