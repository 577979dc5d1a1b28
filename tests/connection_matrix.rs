//! Wren client ↔ Wren server through `ConnectionCore` over every configuration the policies
//! allow: each suite × each group choice (with and without a HelloRetryRequest) × each server
//! key type, with seeded random chunking, and one-byte chunking for each suite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    missing_docs,
    reason = "tests: a panic is the verdict"
)]

mod connection_support;

use connection_support::*;
use tls_codec::enums::{CipherSuite, NamedGroup};
use wren_tls::{ConnectionCore, SecurityPolicy};

const SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
];

/// A policy with exactly one suite and the given groups (client: share for the first).
fn policy(suite: CipherSuite, groups: &'static [NamedGroup]) -> &'static SecurityPolicy {
    let suites: &'static [CipherSuite] = match suite {
        CipherSuite::TLS_AES_128_GCM_SHA256 => &[CipherSuite::TLS_AES_128_GCM_SHA256],
        CipherSuite::TLS_AES_256_GCM_SHA384 => &[CipherSuite::TLS_AES_256_GCM_SHA384],
        _ => &[CipherSuite::TLS_CHACHA20_POLY1305_SHA256],
    };
    Box::leak(Box::new(SecurityPolicy {
        name: "test_matrix",
        cipher_suites: suites,
        groups,
        ..SecurityPolicy::DEFAULT_TLS13
    }))
}

const X25519_FIRST: &[NamedGroup] = &[NamedGroup::X25519, NamedGroup::SECP256R1];
const P256_FIRST: &[NamedGroup] = &[NamedGroup::SECP256R1, NamedGroup::X25519];
const X25519_ONLY: &[NamedGroup] = &[NamedGroup::X25519];
const P256_ONLY_GROUPS: &[NamedGroup] = &[NamedGroup::SECP256R1];

/// (client groups, server groups, expected group, expected HRR)
const GROUP_CASES: [(&[NamedGroup], &[NamedGroup], NamedGroup, bool); 4] = [
    (X25519_FIRST, X25519_FIRST, NamedGroup::X25519, false),
    (P256_FIRST, X25519_FIRST, NamedGroup::SECP256R1, false),
    (X25519_FIRST, P256_ONLY_GROUPS, NamedGroup::SECP256R1, true),
    (P256_FIRST, X25519_ONLY, NamedGroup::X25519, true),
];

fn run(
    suite: CipherSuite,
    (client_groups, server_groups, group, hrr): (
        &'static [NamedGroup],
        &'static [NamedGroup],
        NamedGroup,
        bool,
    ),
    ed25519: bool,
    chunks: &mut Chunks,
) {
    let (crng, srng) = (rng(11), rng(12));
    let (p256, ed) = (p256_signer(), ed25519_signer());
    let (chain, signer): (&[&[u8]], &dyn tls_crypto::Signer) = if ed25519 {
        (ED25519_CHAIN, &ed)
    } else {
        (P256_CHAIN, &p256)
    };
    let ccfg = client_config(&crng).with_policy(policy(suite, client_groups));
    let scfg = server_config(&srng, chain, signer).with_policy(policy(suite, server_groups));
    let (mut crx, mut ctx, mut srx, mut stx) =
        (vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]);
    let mut client =
        ConnectionCore::new_client(&ccfg, Some(SERVER_NAME), &mut crx, &mut ctx).unwrap();
    let mut server = ConnectionCore::new_server(&scfg, &mut srx, &mut stx).unwrap();
    handshake(&mut client, &mut server, chunks);
    let what = format!("{suite:?} {client_groups:?}->{server_groups:?} ed25519={ed25519}");
    for info in [client.info(), server.info()] {
        assert_eq!(info.suite.map(|s| s.suite), Some(suite), "{what}");
        assert_eq!(info.group, Some(group), "{what}");
        assert_eq!(info.hello_retry, hrr, "{what}");
    }
    let data = pattern(3_000, 9);
    assert_eq!(
        send_all(&mut client, &mut server, &data, chunks),
        data,
        "{what}"
    );
    assert_eq!(
        send_all(&mut server, &mut client, &data, chunks),
        data,
        "{what}"
    );
}

#[test]
fn every_suite_group_and_key_with_random_chunks() {
    let mut seed = 0x5eed_u64;
    for suite in SUITES {
        for case in GROUP_CASES {
            for ed25519 in [false, true] {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                run(suite, case, ed25519, &mut Chunks::Random(seed | 1));
            }
        }
    }
}

#[test]
fn every_suite_with_one_byte_chunks_and_hrr() {
    for suite in SUITES {
        run(suite, GROUP_CASES[2], false, &mut Chunks::OneByte);
    }
}
