//! A first look at handshake cost on the host (criterion): Wren client ↔ Wren server in
//! memory through `ConnectionCore`, whole flights moved between the buffers.
//!
//! - `full_ecdhe_p256_cert`: x25519 ECDHE, the server signs with its P-256 key, the client
//!   verifies the two-certificate chain (P-256 ECDSA) and the CertificateVerify.
//! - `psk_dhe_ke`: an external PSK with x25519 ECDHE; no certificate, no signature.
//! - `psk_ke`: an external PSK alone: no key exchange, no signature; HKDF and AES-GCM only.
//!
//! Run with `cargo bench -p wren-tls --bench handshake`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "benchmark harness"
)]

use criterion::{criterion_group, criterion_main, Criterion};
use tls_codec::enums::PskKeyExchangeMode;
use tls_crypto::{EcdsaP256Signer, HashAlgorithm, RustCrypto, TestRng};
use wren_tls::{Config, ConnectionCore, ExternalPsk, Identity, RefCellRng};

macro_rules! td {
    ($f:literal) => {
        include_bytes!(concat!("../tls-cert/testdata/", $f))
    };
}

const ROOT: &[u8] = td!("root-ca.der");
const INT: &[u8] = td!("int-ca.der");
const LEAF: &[u8] = td!("leaf-p256.der");
const CHAIN: &[&[u8]] = &[LEAF, INT];
const ANCHORS: &[&[u8]] = &[ROOT];
const BUF: usize = wren_tls::sizes::FULL_RECORD_BUFFER;
const NAME: &str = "server.wren.test";

fn now() -> u64 {
    1_800_000_000
}

fn transfer(from: &mut ConnectionCore<'_>, to: &mut ConnectionCore<'_>) -> usize {
    let pending = from.tx_pending();
    let space = to.rx_space();
    let n = pending.len().min(space.len());
    space[..n].copy_from_slice(&pending[..n]);
    to.rx_commit(n);
    from.tx_ack(n);
    n
}

/// One complete handshake between fresh connections over `bufs`.
fn handshake(
    ccfg: &Config<'_, RustCrypto>,
    scfg: &Config<'_, RustCrypto>,
    bufs: &mut [Vec<u8>; 4],
) {
    let [crx, ctx, srx, stx] = bufs;
    let mut c = ConnectionCore::new_client(ccfg, Some(NAME), crx, ctx).unwrap();
    let mut s = ConnectionCore::new_server(scfg, srx, stx).unwrap();
    loop {
        let rc = c.negotiate(0);
        let rs = s.negotiate(0);
        for r in [rc, rs] {
            if let Err(e) = r {
                assert!(e.is_blocked(), "{e}");
            }
        }
        if rc.is_ok() && rs.is_ok() {
            return;
        }
        let moved = transfer(&mut c, &mut s) + transfer(&mut s, &mut c);
        assert!(moved > 0 || rc.is_ok() || rs.is_ok(), "stuck");
    }
}

fn bench(c: &mut Criterion) {
    let (crng, srng) = (
        RefCellRng::new(TestRng::new([1; 32])),
        RefCellRng::new(TestRng::new([2; 32])),
    );
    let signer = EcdsaP256Signer::from_bytes(td!("leaf-p256.key.raw")).unwrap();
    let mut bufs = [vec![0; BUF], vec![0; BUF], vec![0; BUF], vec![0; BUF]];

    let full_client = Config::new(&RustCrypto, &crng, ANCHORS).with_unix_time(now);
    let full_server = Config::new(&RustCrypto, &srng, ANCHORS).with_identity(Identity {
        chain: CHAIN,
        signer: &signer,
    });
    c.bench_function("full_ecdhe_p256_cert", |b| {
        b.iter(|| handshake(&full_client, &full_server, &mut bufs));
    });

    let secret = [0x5a_u8; 32];
    let psks = [ExternalPsk::new(b"bench-device", &secret, HashAlgorithm::Sha256).unwrap()];
    for (name, modes) in [
        ("psk_dhe_ke", &[PskKeyExchangeMode::PSK_DHE_KE][..]),
        ("psk_ke", &[PskKeyExchangeMode::PSK_KE][..]),
    ] {
        let client = Config::new(&RustCrypto, &crng, ANCHORS)
            .with_external_psks(&psks)
            .with_psk_key_exchange_modes(modes);
        let server = Config::new(&RustCrypto, &srng, ANCHORS)
            .with_external_psks(&psks)
            .with_psk_key_exchange_modes(modes);
        c.bench_function(name, |b| {
            b.iter(|| handshake(&client, &server, &mut bufs));
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
