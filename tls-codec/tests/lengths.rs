//! Every length prefix at 0, 1, min-1, min, its maximum and one past it, with the expected
//! outcome taken from the RFC's `<min..max>`.
//!
//! Each case fills the vector with valid elements where the length allows (else with zeros) and
//! wraps it in its real enclosing structure. Where the enclosing structure cannot hold the
//! vector's maximum (a `<..2^16-1>` list inside an extension body that is itself at most 2^16-1
//! bytes, an OCSP response `<1..2^24-1>` inside a 16-bit extension, ...), `cap` is the longest
//! the enclosure allows, the largest tested length is the largest fillable one up to `cap`, and
//! "max+1" is tested only when it fits. A one-past-the-maximum that the prefix itself cannot
//! express (`<..2^8-1>` under a 1-byte prefix) is impossible on the wire and so not tested.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

mod common;
use common::{cat, ext, framed, h, v};

use tls_codec::enums::AlertDescription;
use tls_codec::extensions::*;
use tls_codec::{
    Certificate, Codec, EncryptedExtensions, Error, HandshakeMessage, HelloRetryRequest, List,
    ServerHello, HELLO_RETRY_REQUEST_RANDOM,
};

type Fill = Box<dyn Fn(usize) -> Option<Vec<u8>>>;
type Parse = Box<dyn Fn(&[u8]) -> Result<(), Error>>;

struct Case {
    name: &'static str,
    width: usize,
    min: usize,
    max: usize,
    cap: usize,
    fill: Fill,
    parse: Parse,
}

fn opaque() -> Fill {
    Box::new(|n| Some(vec![0x61; n]))
}

fn units(unit: &'static [u8]) -> Fill {
    Box::new(move |n| (n % unit.len() == 0).then(|| unit.repeat(n / unit.len())))
}

/// Items of `pre`, a `w`-byte-prefixed body of `bmin..=bmax` bytes, `post`.
fn items(pre: &'static [u8], w: usize, bmin: usize, bmax: usize, post: &'static [u8]) -> Fill {
    Box::new(move |n| {
        if n == 0 {
            return Some(vec![]);
        }
        let fixed = pre.len() + w + post.len();
        let (imin, imax) = (fixed + bmin, fixed + bmax);
        let k = n.div_ceil(imax);
        if k * imin > n {
            return None;
        }
        let mut extra = n - k * imin;
        let mut out = Vec::with_capacity(n);
        for _ in 0..k {
            let e = extra.min(bmax - bmin);
            extra -= e;
            out.extend_from_slice(pre);
            out.extend(v(w, &vec![0x61; bmin + e]));
            out.extend_from_slice(post);
        }
        Some(out)
    })
}

/// An extension block: empty, or one unknown extension.
fn one_ext() -> Fill {
    Box::new(|n| match n {
        0 => Some(vec![]),
        n if n >= 4 && n - 4 <= 0xffff => Some(ext(0xfafa, &vec![0; n - 4])),
        _ => None,
    })
}

fn ok<T>(r: Result<T, Error>) -> Result<(), Error> {
    r.map(|_| ())
}

const SV13: &str = "002b 0003 02 0304";

fn client_hello(sid: &[u8], suites: &[u8], comp: &[u8], exts: &[u8]) -> Result<(), Error> {
    let body = cat(&[&[3, 3], &[1; 32], sid, suites, comp, exts]);
    ok(HandshakeMessage::parse_exact(&framed(1, &body)))
}

fn ch_defaults() -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
    (
        v(1, &[]),
        v(2, &[0x13, 0x01]),
        v(1, &[0]),
        v(2, &h(&format!("{SV13} 0033 0002 0000"))),
    )
}

/// A ClientHello extension block: a 4-byte unknown extension, then `typ` with `body`
/// (so the body may be up to 2^16-1 - 8 bytes).
fn ch_ext(typ: u16, body: &[u8]) -> Result<(), Error> {
    ok(ClientHelloExtensions::parse_exact(&v(
        2,
        &cat(&[&ext(0xfafa, &[]), &ext(typ, body)]),
    )))
}

fn server_hello(random: &[u8; 32], sid: &[u8], exts: &[u8]) -> Vec<u8> {
    cat(&[&[3, 3], random, sid, &h("1301 00"), exts])
}

const CH_EXT_BODY_CAP: usize = 0xffff - 8;
const SIGALGS_EXT: &str = "000d 0004 0002 0403";

/// Identities to go with `binders` (a prefixed binders list): as many as there are binders.
fn identities_for(binders: &[u8]) -> Vec<u8> {
    let k = List::<PskBinderEntry>::parse_exact(binders).map_or(1, |l| l.len().max(1));
    v(2, &h("0001 61 00000000").repeat(k))
}

fn cases() -> Vec<Case> {
    let ids1 = || v(2, &h("0001 61 00000000"));
    let binders1 = || v(2, &cat(&[&[32], &[0; 32]]));
    vec![
        // ClientHello (RFC 8446 §4.1.2), inside a handshake message.
        Case {
            name: "ClientHello.legacy_session_id<0..32>",
            width: 1,
            min: 0,
            max: 32,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(|x| {
                let d = ch_defaults();
                client_hello(x, &d.1, &d.2, &d.3)
            }),
        },
        Case {
            name: "ClientHello.cipher_suites<2..2^16-2>",
            width: 2,
            min: 2,
            max: 0xfffe,
            cap: 0xffff,
            fill: units(&[0x13, 0x01]),
            parse: Box::new(|x| {
                let d = ch_defaults();
                client_hello(&d.0, x, &d.2, &d.3)
            }),
        },
        Case {
            name: "ClientHello.legacy_compression_methods<1..2^8-1>",
            width: 1,
            min: 1,
            max: 0xff,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(|x| {
                let d = ch_defaults();
                client_hello(&d.0, &d.1, x, &d.3)
            }),
        },
        Case {
            name: "ClientHello.extensions<8..2^16-1>",
            width: 2,
            min: 8,
            max: 0xffff,
            cap: 0xffff,
            fill: one_ext(),
            parse: Box::new(|x| {
                let d = ch_defaults();
                client_hello(&d.0, &d.1, &d.2, x)
            }),
        },
        // ServerHello and HelloRetryRequest (RFC 8446 §4.1.3).
        Case {
            name: "ServerHello.legacy_session_id_echo<0..32>",
            width: 1,
            min: 0,
            max: 32,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(ServerHello::parse_exact(&server_hello(
                    &[2; 32],
                    x,
                    &v(2, &h("002b 0002 0304")),
                )))
            }),
        },
        Case {
            name: "ServerHello.extensions<6..2^16-1>",
            width: 2,
            min: 6,
            max: 0xffff,
            cap: 0xffff,
            fill: one_ext(),
            parse: Box::new(|x| ok(ServerHello::parse_exact(&server_hello(&[2; 32], &[0], x)))),
        },
        Case {
            name: "HelloRetryRequest.extensions<6..2^16-1>",
            width: 2,
            min: 6,
            max: 0xffff,
            cap: 0xffff,
            fill: one_ext(),
            parse: Box::new(|x| {
                ok(HelloRetryRequest::parse_exact(&server_hello(
                    &HELLO_RETRY_REQUEST_RANDOM,
                    &[0],
                    x,
                )))
            }),
        },
        // EncryptedExtensions (RFC 8446 §4.3.1) and any extension body.
        Case {
            name: "EncryptedExtensions.extensions<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: 0xffff,
            fill: one_ext(),
            parse: Box::new(|x| ok(HandshakeMessage::parse_exact(&framed(8, x)))),
        },
        Case {
            name: "Extension.extension_data<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: 0xffff - 4,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(EncryptedExtensions::parse_exact(&v(
                    2,
                    &cat(&[&h("fafa"), x]),
                )))
            }),
        },
        // Certificate (RFC 8446 §4.4.2), inside a handshake message (u24 body).
        Case {
            name: "Certificate.certificate_request_context<0..2^8-1>",
            width: 1,
            min: 0,
            max: 0xff,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(HandshakeMessage::parse_exact(&framed(
                    11,
                    &cat(&[x, &v(3, &[])]),
                )))
            }),
        },
        Case {
            name: "Certificate.certificate_list<0..2^24-1>",
            width: 3,
            min: 0,
            max: 0xff_ffff,
            cap: 0xff_ffff - 4,
            fill: items(&[], 3, 1, 0xff_ffff, &[0, 0]),
            parse: Box::new(|x| ok(HandshakeMessage::parse_exact(&framed(11, &cat(&[&[0], x]))))),
        },
        Case {
            name: "CertificateEntry.cert_data<1..2^24-1>",
            width: 3,
            min: 1,
            max: 0xff_ffff,
            cap: 0xff_ffff - 9,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(HandshakeMessage::parse_exact(&framed(
                    11,
                    &cat(&[&[0], &v(3, &cat(&[x, &[0, 0]]))]),
                )))
            }),
        },
        Case {
            name: "CertificateEntry.extensions<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: 0xffff,
            fill: one_ext(),
            parse: Box::new(|x| {
                ok(Certificate::parse_exact(&cat(&[
                    &[0],
                    &v(3, &cat(&[&v(3, &[0x30]), x])),
                ])))
            }),
        },
        // CertificateRequest (RFC 8446 §4.3.2).
        Case {
            name: "CertificateRequest.certificate_request_context<0..2^8-1>",
            width: 1,
            min: 0,
            max: 0xff,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(tls_codec::CertificateRequest::parse_exact(&cat(&[
                    x,
                    &v(2, &h(SIGALGS_EXT)),
                ])))
            }),
        },
        Case {
            name: "CertificateRequest.extensions<2..2^16-1>",
            width: 2,
            min: 2,
            max: 0xffff,
            cap: 0xffff,
            fill: Box::new(|n| match n {
                8 => Some(h(SIGALGS_EXT)),
                n if n >= 12 => Some(cat(&[&h(SIGALGS_EXT), &ext(0xfafa, &vec![0; n - 12])])),
                _ => None,
            }),
            parse: Box::new(|x| ok(tls_codec::CertificateRequest::parse_exact(&cat(&[&[0], x])))),
        },
        // CertificateVerify (RFC 8446 §4.4.3).
        Case {
            name: "CertificateVerify.signature<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: 0xffff,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(HandshakeMessage::parse_exact(&framed(
                    15,
                    &cat(&[&h("0804"), x]),
                )))
            }),
        },
        // NewSessionTicket (RFC 8446 §4.6.1).
        Case {
            name: "NewSessionTicket.ticket_nonce<0..255>",
            width: 1,
            min: 0,
            max: 0xff,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(HandshakeMessage::parse_exact(&framed(
                    4,
                    &cat(&[&[0; 8], x, &h("0001 aa 0000")]),
                )))
            }),
        },
        Case {
            name: "NewSessionTicket.ticket<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: 0xffff,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(HandshakeMessage::parse_exact(&framed(
                    4,
                    &cat(&[&[0; 8], &[0], x, &h("0000")]),
                )))
            }),
        },
        Case {
            name: "NewSessionTicket.extensions<0..2^16-2>",
            width: 2,
            min: 0,
            max: 0xfffe,
            cap: 0xffff,
            fill: one_ext(),
            parse: Box::new(|x| {
                ok(HandshakeMessage::parse_exact(&framed(
                    4,
                    &cat(&[&[0; 8], &[0], &h("0001 aa"), x]),
                )))
            }),
        },
        // ClientHello extension bodies (caps: the extension body is at most 2^16-1 - 8 here).
        Case {
            name: "server_name.server_name_list<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 2,
            fill: items(&[0], 2, 1, 0xffff, &[]),
            parse: Box::new(|x| ch_ext(0, x)),
        },
        Case {
            name: "server_name.HostName<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 5,
            fill: opaque(),
            parse: Box::new(|x| ch_ext(0, &v(2, &cat(&[&[0], x])))),
        },
        Case {
            name: "supported_groups.named_group_list<2..2^16-1>",
            width: 2,
            min: 2,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 2,
            fill: units(&[0x00, 0x1d]),
            parse: Box::new(|x| ch_ext(0x0a, x)),
        },
        Case {
            name: "signature_algorithms.supported_signature_algorithms<2..2^16-2>",
            width: 2,
            min: 2,
            max: 0xfffe,
            cap: CH_EXT_BODY_CAP - 2,
            fill: units(&[0x04, 0x03]),
            parse: Box::new(|x| ch_ext(0x0d, x)),
        },
        Case {
            name: "signature_algorithms_cert.supported_signature_algorithms<2..2^16-2>",
            width: 2,
            min: 2,
            max: 0xfffe,
            cap: CH_EXT_BODY_CAP - 2,
            fill: units(&[0x08, 0x04]),
            parse: Box::new(|x| ch_ext(0x32, x)),
        },
        Case {
            name: "alpn.protocol_name_list<2..2^16-1>",
            width: 2,
            min: 2,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 2,
            fill: items(&[], 1, 1, 0xff, &[]),
            parse: Box::new(|x| ch_ext(0x10, x)),
        },
        Case {
            name: "alpn.ProtocolName<1..2^8-1>",
            width: 1,
            min: 1,
            max: 0xff,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(|x| ch_ext(0x10, &v(2, x))),
        },
        Case {
            name: "key_share.client_shares<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 2,
            fill: items(&[0, 0x1d], 2, 1, 0xffff, &[]),
            parse: Box::new(|x| ch_ext(0x33, x)),
        },
        Case {
            name: "key_share.key_exchange<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 6,
            fill: opaque(),
            parse: Box::new(|x| ch_ext(0x33, &v(2, &cat(&[&[0, 0x1d], x])))),
        },
        Case {
            name: "supported_versions.versions<2..254>",
            width: 1,
            min: 2,
            max: 254,
            cap: 0xff,
            fill: units(&[3, 4]),
            parse: Box::new(|x| ch_ext(0x2b, x)),
        },
        Case {
            name: "cookie.cookie<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 2,
            fill: opaque(),
            parse: Box::new(|x| ch_ext(0x2c, x)),
        },
        Case {
            name: "psk_key_exchange_modes.ke_modes<1..255>",
            width: 1,
            min: 1,
            max: 0xff,
            cap: 0xff,
            fill: units(&[1]),
            parse: Box::new(|x| ch_ext(0x2d, x)),
        },
        Case {
            name: "certificate_authorities.authorities<3..2^16-1>",
            width: 2,
            min: 3,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 2,
            fill: items(&[], 2, 1, 0xffff, &[]),
            parse: Box::new(|x| ch_ext(0x2f, x)),
        },
        Case {
            name: "certificate_authorities.DistinguishedName<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 4,
            fill: opaque(),
            parse: Box::new(|x| ch_ext(0x2f, &v(2, x))),
        },
        Case {
            name: "pre_shared_key.identities<7..2^16-1>",
            width: 2,
            min: 7,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 35 - 2,
            fill: items(&[], 2, 1, 0xffff, &[0; 4]),
            parse: Box::new(move |x| ch_ext(0x29, &cat(&[x, &binders1()]))),
        },
        Case {
            name: "pre_shared_key.PskIdentity.identity<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 35 - 2 - 4 - 2,
            fill: opaque(),
            parse: Box::new(move |x| {
                ch_ext(0x29, &cat(&[&v(2, &cat(&[x, &[0; 4]])), &binders1()]))
            }),
        },
        Case {
            // With 256-byte binders, the identities take 7 bytes per binder: cap ~2^16 - 2,000.
            name: "pre_shared_key.binders<33..2^16-1>",
            width: 2,
            min: 33,
            max: 0xffff,
            cap: 63_000,
            fill: items(&[], 1, 32, 0xff, &[]),
            parse: Box::new(|x| ch_ext(0x29, &cat(&[&identities_for(x), x]))),
        },
        Case {
            name: "pre_shared_key.PskBinderEntry<32..255>",
            width: 1,
            min: 32,
            max: 0xff,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(move |x| ch_ext(0x29, &cat(&[&ids1(), &v(2, x)]))),
        },
        Case {
            name: "status_request.responder_id_list<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 5,
            fill: items(&[], 2, 1, 0xffff, &[]),
            parse: Box::new(|x| ch_ext(5, &cat(&[&[1], x, &[0, 0]]))),
        },
        Case {
            name: "status_request.ResponderID<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 7,
            fill: opaque(),
            parse: Box::new(|x| ch_ext(5, &cat(&[&[1], &v(2, x), &[0, 0]]))),
        },
        Case {
            name: "status_request.request_extensions<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: CH_EXT_BODY_CAP - 5,
            fill: opaque(),
            parse: Box::new(|x| ch_ext(5, &cat(&[&[1, 0, 0], x]))),
        },
        // CertificateEntry extension bodies (the block holds one extension: body <= 2^16-5).
        Case {
            name: "signed_certificate_timestamp.sct_list<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: 0xffff - 6,
            fill: items(&[], 2, 1, 0xffff, &[]),
            parse: Box::new(|x| {
                ok(CertificateEntryExtensions::parse_exact(&v(
                    2,
                    &ext(0x12, x),
                )))
            }),
        },
        Case {
            name: "signed_certificate_timestamp.SerializedSCT<1..2^16-1>",
            width: 2,
            min: 1,
            max: 0xffff,
            cap: 0xffff - 8,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(CertificateEntryExtensions::parse_exact(&v(
                    2,
                    &ext(0x12, &v(2, x)),
                )))
            }),
        },
        Case {
            // 2^24-1 cannot fit a 16-bit extension body: tested up to 2^16-1 - 8.
            name: "status_request.OCSPResponse<1..2^24-1>",
            width: 3,
            min: 1,
            max: 0xff_ffff,
            cap: 0xffff - 8,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(CertificateEntryExtensions::parse_exact(&v(
                    2,
                    &ext(5, &cat(&[&[1], x])),
                )))
            }),
        },
        // CertificateRequest extension bodies (after an 8-byte signature_algorithms).
        Case {
            name: "oid_filters.filters<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: 0xffff - 14,
            fill: items(&[1, 0x55], 2, 0, 0xffff, &[]),
            parse: Box::new(|x| {
                ok(CertificateRequestExtensions::parse_exact(&v(
                    2,
                    &cat(&[&h(SIGALGS_EXT), &ext(0x30, x)]),
                )))
            }),
        },
        Case {
            name: "oid_filters.certificate_extension_oid<1..2^8-1>",
            width: 1,
            min: 1,
            max: 0xff,
            cap: 0xff,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(CertificateRequestExtensions::parse_exact(&v(
                    2,
                    &cat(&[&h(SIGALGS_EXT), &ext(0x30, &v(2, &cat(&[x, &[0, 0]])))]),
                )))
            }),
        },
        Case {
            name: "oid_filters.certificate_extension_values<0..2^16-1>",
            width: 2,
            min: 0,
            max: 0xffff,
            cap: 0xffff - 19,
            fill: opaque(),
            parse: Box::new(|x| {
                ok(CertificateRequestExtensions::parse_exact(&v(
                    2,
                    &cat(&[&h(SIGALGS_EXT), &ext(0x30, &v(2, &cat(&[&[1, 0x55], x])))]),
                )))
            }),
        },
    ]
}

#[test]
fn every_length_prefix_at_its_edges() {
    let mut checked = 0;
    for case in cases() {
        let prefix_max = (1usize << (8 * case.width)) - 1;
        let limit = case.max.min(case.cap);
        let top = (limit.saturating_sub(600)..=limit)
            .rev()
            .find(|&n| (case.fill)(n).is_some())
            .unwrap_or_else(|| panic!("{}: nothing fillable near {limit}", case.name));
        let mut lens = vec![0, 1, case.min, top, case.max + 1];
        if case.min > 0 {
            lens.push(case.min - 1);
        }
        lens.sort_unstable();
        lens.dedup();
        for len in lens {
            if len > prefix_max || len > case.cap {
                continue; // not expressible here: see the module comment
            }
            let filled = (case.fill)(len);
            let expect_ok = filled.is_some() && (case.min..=case.max).contains(&len);
            let body = filled.unwrap_or_else(|| vec![0; len]);
            assert_eq!(body.len(), len);
            let got = (case.parse)(&v(case.width, &body));
            match got {
                Ok(()) => assert!(
                    expect_ok,
                    "{} at {len}: parsed, expected an error",
                    case.name
                ),
                Err(e) => {
                    assert!(!expect_ok, "{} at {len}: {e:?}", case.name);
                    assert_eq!(
                        e.alert(),
                        Some(AlertDescription::DECODE_ERROR),
                        "{} at {len}: {e:?}",
                        case.name
                    );
                }
            }
            checked += 1;
        }
        // The maximum itself (or the largest fillable length under the cap) must be accepted.
        assert!(
            (case.parse)(&v(case.width, &(case.fill)(top).unwrap())).is_ok(),
            "{}",
            case.name
        );
    }
    assert!(checked >= 160, "{checked}");
}
