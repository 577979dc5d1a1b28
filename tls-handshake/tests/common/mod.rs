//! Helpers shared by the integration tests: trace look-ups, step checkers, record opening, and
//! the driver that runs a full handshake's schedule against an RFC 8448 section.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    reason = "test helpers: a panic is the verdict"
)]

use tls_crypto::{
    Aead, AeadAlgorithm, CryptoProvider, Digest, Group, Hash, HashAlgorithm, KeyExchange,
    RustCrypto, ScriptedRng, Secret, Sha2Hash, TAG_LEN,
};
use tls_handshake::{
    EarlySecret, HkdfLabel, MasterSecret, ResumptionMasterSecret, TrafficKeys, TrafficSecret,
    Transcript,
};

/// The provider every test uses.
pub const P: &RustCrypto = &RustCrypto;
/// Every RFC 8448 trace uses TLS_AES_128_GCM_SHA256.
pub const AEAD: AeadAlgorithm = AeadAlgorithm::Aes128Gcm;
pub const HASH: HashAlgorithm = HashAlgorithm::Sha256;

/// Content types of TLSInnerPlaintext (RFC 8446 §5.2).
pub const ALERT: u8 = 21;
pub const HANDSHAKE: u8 = 22;
pub const APPLICATION_DATA: u8 = 23;

pub fn v(section: u8, step: &str, field: &str) -> Vec<u8> {
    vn(section, step, field, 0)
}

pub fn vn(section: u8, step: &str, field: &str, n: usize) -> Vec<u8> {
    USED.lock()
        .unwrap()
        .insert((section, step.to_owned(), field.to_owned(), n));
    wren_vectors::nth(section, step, field, n)
}

/// Every trace value a test has read, so a test can prove none was left unchecked.
static USED: std::sync::Mutex<std::collections::BTreeSet<(u8, String, String, usize)>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// The trace values of `sections` that no check has read yet.
pub fn unread(sections: std::ops::RangeInclusive<u8>) -> Vec<String> {
    let used = USED.lock().unwrap();
    let mut seen = std::collections::BTreeMap::<(u8, &str, &str), usize>::new();
    let mut out = Vec::new();
    for row in wren_vectors::rows() {
        let n = seen.entry((row.section, row.step, row.field)).or_default();
        let key = (row.section, row.step.to_owned(), row.field.to_owned(), *n);
        *n += 1;
        if sections.contains(&row.section) && !used.contains(&key) {
            out.push(format!("§{} {} / {} #{}", key.0, key.1, key.2, key.3));
        }
    }
    out
}

/// Asserts that `got` is, byte for byte, the trace's value.
pub fn check(section: u8, step: &str, field: &str, got: &[u8]) {
    check_n(section, step, field, 0, got);
}

pub fn check_n(section: u8, step: &str, field: &str, n: usize, got: &[u8]) {
    assert_eq!(
        hex::encode(got),
        hex::encode(vn(section, step, field, n)),
        "RFC 8448 §{section} {step} / {field} #{n}"
    );
}

/// The HKDF `info` of HKDF-Expand-Label, assembled from its parts.
pub fn info(label: &[u8], context: &[u8], len: usize) -> Vec<u8> {
    HkdfLabel::new(label, context, len)
        .unwrap()
        .parts()
        .concat()
}

pub fn digest(alg: HashAlgorithm, data: &[u8]) -> Digest {
    let mut h = P.hash(alg).unwrap();
    h.update(data);
    h.finish()
}

pub fn sha256(data: &[u8]) -> Digest {
    digest(HASH, data)
}

pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

pub fn transcript() -> Transcript<Sha2Hash> {
    Transcript::new(P, HASH).unwrap()
}

/// Checks a `derive secret "tls13 <label>"` step: PRK, hash, info and expanded.
pub fn check_derive(
    section: u8,
    step: &str,
    n: usize,
    prk: &Secret,
    hash: &Digest,
    label: &[u8],
    out: &Secret,
) {
    check_n(section, step, "PRK", n, prk.as_bytes());
    check_n(section, step, "hash", n, hash.as_bytes());
    check_n(section, step, "info", n, &info(label, hash.as_bytes(), 32));
    check_n(section, step, "expanded", n, out.as_bytes());
}

/// Checks a `derive ... traffic keys ...` step and returns the keys.
pub fn check_keys(section: u8, step: &str, secret: &TrafficSecret) -> TrafficKeys {
    let keys = secret.traffic_keys(P, AEAD).unwrap();
    check(section, step, "PRK", secret.secret().as_bytes());
    check(section, step, "key info", &info(b"key", b"", 16));
    check(section, step, "key expanded", keys.key());
    check(section, step, "iv info", &info(b"iv", b"", 12));
    check(section, step, "iv expanded", keys.iv());
    keys
}

/// Checks a `calculate finished "tls13 finished"` step (`side` is "{server}" or "{client}")
/// over `transcript_hash`; returns the Finished message built from our verify_data, after
/// checking it against the trace's message and verifying it as the peer would.
pub fn check_finished(
    section: u8,
    side: &str,
    base: &TrafficSecret,
    transcript_hash: &Digest,
) -> Vec<u8> {
    let step = format!("{side} calculate finished \"tls13 finished\"");
    let key = base.finished_key(P).unwrap();
    let vd = key.verify_data(P, transcript_hash).unwrap();
    check(section, &step, "PRK", base.secret().as_bytes());
    check(section, &step, "hash", b"");
    check(section, &step, "info", &info(b"finished", b"", 32));
    check(section, &step, "expanded", key.secret().as_bytes());
    check(section, &step, "finished", vd.as_bytes());
    let msg = [&[20, 0, 0, 32][..], vd.as_bytes()].concat();
    check(
        section,
        &format!("{side} construct a Finished handshake message"),
        "Finished",
        &msg,
    );
    // The peer's check: the trace's bytes verify, and any changed byte does not.
    let received = &v(
        section,
        &format!("{side} construct a Finished handshake message"),
        "Finished",
    )[4..];
    let _proof = key.verify_finished(P, transcript_hash, received).unwrap();
    for i in 0..received.len() {
        let mut bad = received.to_vec();
        bad[i] ^= 0x01;
        assert_eq!(
            key.verify_finished(P, transcript_hash, &bad).unwrap_err(),
            tls_handshake::Error::BadFinished
        );
    }
    assert!(key
        .verify_finished(P, transcript_hash, &received[..31])
        .is_err());
    msg
}

/// Opens the `n`-th `step` record of the trace (a protected record, RFC 8446 §5.2) with `keys`
/// and sequence number `seq`, and checks that it holds the trace's payload and `content_type`.
pub fn check_record(
    section: u8,
    step: &str,
    n: usize,
    keys: &TrafficKeys,
    seq: u64,
    content_type: u8,
) {
    let record = vn(section, step, "complete record", n);
    let payload = vn(section, step, "payload", n);
    let (header, body) = record.split_at(5);
    assert_eq!(
        header[0], APPLICATION_DATA,
        "§{section} {step}: opaque_type"
    );
    assert_eq!(
        usize::from(u16::from_be_bytes([header[3], header[4]])),
        body.len()
    );
    let (ciphertext, tag) = body.split_at(body.len() - TAG_LEN);
    let mut nonce = *keys.iv();
    for (b, s) in nonce[4..].iter_mut().zip(seq.to_be_bytes()) {
        *b ^= s;
    }
    let aead = P.aead(AEAD, keys.key()).unwrap();
    let mut buf = ciphertext.to_vec();
    aead.open_in_place(&nonce, header, &mut buf, tag.try_into().unwrap())
        .unwrap_or_else(|e| panic!("§{section} {step} #{n}: {e}"));
    assert_eq!(
        buf.pop(),
        Some(content_type),
        "§{section} {step} #{n}: inner type"
    );
    assert_eq!(
        hex::encode(buf),
        hex::encode(payload),
        "§{section} {step} #{n}: plaintext"
    );
}

/// A plaintext record of the trace holds exactly `message`.
pub fn check_plain_record(section: u8, step: &str, n: usize, message: &[u8]) {
    check_n(section, step, "payload", n, message);
    let record = vn(section, step, "complete record", n);
    assert_eq!(record[0], HANDSHAKE);
    assert_eq!(&record[5..], message);
}

/// The (EC)DHE shared secret from the trace's private keys: both sides compute it through the
/// provider, each public key must match the trace, and both results must agree.
pub fn shared_secret(section: u8, group: Group, kx_step: &str, n_client: usize) -> Secret {
    let client_step = format!("{{client}} {kx_step}");
    let server_step = format!("{{server}} {kx_step}");
    let c_priv = vn(section, &client_step, "private key", n_client);
    let s_priv = v(section, &server_step, "private key");
    let client = P
        .key_exchange(group, &mut ScriptedRng::new(&c_priv))
        .unwrap();
    let server = P
        .key_exchange(group, &mut ScriptedRng::new(&s_priv))
        .unwrap();
    check_n(
        section,
        &client_step,
        "public key",
        n_client,
        client.public_key(),
    );
    check(section, &server_step, "public key", server.public_key());
    let c_pub = client.public_key().to_vec();
    let at_client = client.complete(server.public_key()).unwrap();
    let at_server = server.complete(&c_pub).unwrap();
    assert_eq!(at_client.as_bytes(), at_server.as_bytes());
    at_client
}

/// The early secret of a handshake without PSK, as the trace's server computes it.
pub fn early_without_psk(s: u8) -> EarlySecret<'static, RustCrypto> {
    let early = EarlySecret::new(P, HASH, None).unwrap();
    check(s, "{server} extract secret \"early\"", "IKM", &[0; 32]);
    check(
        s,
        "{server} extract secret \"early\"",
        "secret",
        early.secret().as_bytes(),
    );
    early
}

/// How a section's handshake continues after the ServerHello.
pub struct Flights<'a> {
    /// The server's messages between ServerHello and its Finished: (step, field) names.
    pub server: &'a [(&'a str, &'a str)],
    /// Which `{server} send handshake record` carries them (with the Finished).
    pub server_record: usize,
    /// The client's messages before its Finished.
    pub client: &'a [(&'a str, &'a str)],
    /// Whether the client's messages share the record of its Finished (client auth) or not
    /// (EndOfEarlyData, which goes under the early traffic keys).
    pub client_in_finished_record: bool,
    /// Which `{client} send handshake record` carries the client's Finished.
    pub client_record: usize,
    /// The step that lists the client's handshake traffic keys.
    pub client_hs_keys_step: &'a str,
}

/// What the driver hands back for section-specific checks.
pub struct Done {
    pub master: MasterSecret<'static, RustCrypto>,
    pub client_hs: TrafficSecret,
    pub client_ap: TrafficSecret,
    pub server_ap: TrafficSecret,
    pub client_ap_keys: TrafficKeys,
    pub server_ap_keys: TrafficKeys,
    pub resumption: ResumptionMasterSecret,
}

/// Runs the schedule of a section from the early secret on, given the transcript through the
/// ClientHello (after any HelloRetryRequest), the ServerHello and the (EC)DHE secret, and
/// checks every value the trace lists along the way.
pub fn full_handshake(
    section: u8,
    early: EarlySecret<'static, RustCrypto>,
    mut t: Transcript<Sha2Hash>,
    server_hello: &[u8],
    ecdhe: &Secret,
    flights: &Flights<'_>,
) -> Done {
    let empty = sha256(b"");

    // Handshake secret (RFC 8446 §7.1).
    for side in ["{server}", "{client}"] {
        let step = format!("{side} derive secret for handshake \"tls13 derived\"");
        let derived =
            tls_handshake::derive_secret(P, HASH, early.secret(), b"derived", &empty).unwrap();
        check_derive(
            section,
            &step,
            0,
            early.secret(),
            &empty,
            b"derived",
            &derived,
        );
        if side == "{server}" {
            check(
                section,
                "{server} extract secret \"handshake\"",
                "salt",
                derived.as_bytes(),
            );
        }
    }
    check(
        section,
        "{server} extract secret \"handshake\"",
        "IKM",
        ecdhe.as_bytes(),
    );
    let hs = early.into_handshake(Some(ecdhe)).unwrap();
    check(
        section,
        "{server} extract secret \"handshake\"",
        "secret",
        hs.secret().as_bytes(),
    );

    t.update(server_hello);
    let th_sh = t.current_hash();
    let client_hs = hs.client_handshake_traffic_secret(&th_sh).unwrap();
    let server_hs = hs.server_handshake_traffic_secret(&th_sh).unwrap();
    let step = "{server} derive secret \"tls13 c hs traffic\"";
    check_derive(
        section,
        step,
        0,
        hs.secret(),
        &th_sh,
        b"c hs traffic",
        client_hs.secret(),
    );
    let step = "{server} derive secret \"tls13 s hs traffic\"";
    check_derive(
        section,
        step,
        0,
        hs.secret(),
        &th_sh,
        b"s hs traffic",
        server_hs.secret(),
    );

    let step = "{server} derive secret for master \"tls13 derived\"";
    let derived = tls_handshake::derive_secret(P, HASH, hs.secret(), b"derived", &empty).unwrap();
    check_derive(section, step, 0, hs.secret(), &empty, b"derived", &derived);
    check(
        section,
        "{server} extract secret \"master\"",
        "salt",
        derived.as_bytes(),
    );
    check(
        section,
        "{server} extract secret \"master\"",
        "IKM",
        &[0; 32],
    );
    let master = hs.into_master().unwrap();
    check(
        section,
        "{server} extract secret \"master\"",
        "secret",
        master.secret().as_bytes(),
    );

    // The server's flight, under its handshake keys.
    let server_hs_keys = check_keys(
        section,
        "{server} derive write traffic keys for handshake data",
        &server_hs,
    );
    let client_hs_keys = check_keys(section, flights.client_hs_keys_step, &client_hs);
    let mut server_payload = Vec::new();
    for (step, field) in flights.server {
        let m = v(section, step, field);
        t.update(&m);
        server_payload.extend_from_slice(&m);
    }
    let fin = check_finished(section, "{server}", &server_hs, &t.current_hash());
    t.update(&fin);
    server_payload.extend_from_slice(&fin);
    check_n(
        section,
        "{server} send handshake record",
        "payload",
        flights.server_record,
        &server_payload,
    );
    check_record(
        section,
        "{server} send handshake record",
        flights.server_record,
        &server_hs_keys,
        0,
        HANDSHAKE,
    );

    // Application secrets (RFC 8446 §7.1).
    let th_sf = t.current_hash();
    let client_ap = master.client_application_traffic_secret_0(&th_sf).unwrap();
    let server_ap = master.server_application_traffic_secret_0(&th_sf).unwrap();
    let exporter = master.exporter_master_secret(&th_sf).unwrap();
    let step = "{server} derive secret \"tls13 c ap traffic\"";
    check_derive(
        section,
        step,
        0,
        master.secret(),
        &th_sf,
        b"c ap traffic",
        client_ap.secret(),
    );
    let step = "{server} derive secret \"tls13 s ap traffic\"";
    check_derive(
        section,
        step,
        0,
        master.secret(),
        &th_sf,
        b"s ap traffic",
        server_ap.secret(),
    );
    let step = "{server} derive secret \"tls13 exp master\"";
    check_derive(
        section,
        step,
        0,
        master.secret(),
        &th_sf,
        b"exp master",
        exporter.secret(),
    );
    let server_ap_keys = check_keys(
        section,
        "{server} derive write traffic keys for application data",
        &server_ap,
    );

    // The client's flight.
    let mut client_payload = Vec::new();
    for (step, field) in flights.client {
        let m = v(section, step, field);
        t.update(&m);
        if flights.client_in_finished_record {
            client_payload.extend_from_slice(&m);
        }
    }
    let fin = check_finished(section, "{client}", &client_hs, &t.current_hash());
    t.update(&fin);
    client_payload.extend_from_slice(&fin);
    check_n(
        section,
        "{client} send handshake record",
        "payload",
        flights.client_record,
        &client_payload,
    );
    check_record(
        section,
        "{client} send handshake record",
        flights.client_record,
        &client_hs_keys,
        0,
        HANDSHAKE,
    );
    let client_ap_keys = check_keys(
        section,
        "{client} derive write traffic keys for application data",
        &client_ap,
    );

    let th_cf = t.current_hash();
    let resumption = master.resumption_master_secret(&th_cf).unwrap();
    let step = "{client} derive secret \"tls13 res master\"";
    check_derive(
        section,
        step,
        0,
        master.secret(),
        &th_cf,
        b"res master",
        resumption.secret(),
    );

    Done {
        master,
        client_hs,
        client_ap,
        server_ap,
        client_ap_keys,
        server_ap_keys,
        resumption,
    }
}
