//! RFC 8448: every record of the §3–§7 traces, sealed and opened byte for byte.
//!
//! All traces use TLS_AES_128_GCM_SHA256. Which key and sequence number protect each record
//! follows from the RFC text: a key's sequence number starts at 0 and counts only records
//! protected with it (RFC 8446 §5.3); change_cipher_spec records are unprotected and count for
//! nothing. Where RFC 8448 prints a client key only as "same as server ... read traffic keys",
//! the server's read step supplies it.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::unreachable,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code and its helpers: a panic is the verdict"
)]

mod common;

use common::{open, pair, seal, Opener, Sealer};
use std::collections::HashMap;
use tls_codec::enums::{ContentType, ProtocolVersion};
use tls_crypto::AeadAlgorithm;
use tls_record::{encode_plaintext, frame, parse_plaintext, Error, Framing, RecordLimit};

const S_HS: &str = "{server} derive write traffic keys for handshake data";
const C_HS_SAME: &str = "{server} derive read traffic keys for handshake data";
const C_HS: &str = "{client} derive write traffic keys for handshake data";
const S_AP: &str = "{server} derive write traffic keys for application data";
const C_AP: &str = "{client} derive write traffic keys for application data";
const C_EARLY: &str = "{client} derive write traffic keys for early application data";

const C_HS_REC: &str = "{client} send handshake record";
const S_HS_REC: &str = "{server} send handshake record";
const C_AD_REC: &str = "{client} send application_data record";
const S_AD_REC: &str = "{server} send application_data record";
const C_AL_REC: &str = "{client} send alert record";
const S_AL_REC: &str = "{server} send alert record";
const C_CCS_REC: &str = "{client} send change_cipher_spec record";
const S_CCS_REC: &str = "{server} send change_cipher_spec record";

/// One record of a trace: which occurrence of which step, and how it is protected.
struct Rec {
    step: &'static str,
    nth: usize,
    how: How,
}

enum How {
    /// An unprotected record with this legacy_record_version.
    Plain(ProtocolVersion),
    /// Protected with the key of this step, at this sequence number, with this inner type.
    Sealed(&'static str, u64, ContentType),
}

const HS: ContentType = ContentType::HANDSHAKE;
const AD: ContentType = ContentType::APPLICATION_DATA;
const AL: ContentType = ContentType::ALERT;

const fn plain(step: &'static str, nth: usize, v: ProtocolVersion) -> Rec {
    Rec {
        step,
        nth,
        how: How::Plain(v),
    }
}

const fn sealed(
    step: &'static str,
    nth: usize,
    keys: &'static str,
    seq: u64,
    ty: ContentType,
) -> Rec {
    Rec {
        step,
        nth,
        how: How::Sealed(keys, seq, ty),
    }
}

const V10: ProtocolVersion = ProtocolVersion::TLS_1_0;
const V12: ProtocolVersion = ProtocolVersion::TLS_1_2;

/// The records of `section` in the order they are sent.
fn trace(section: u8) -> Vec<Rec> {
    match section {
        // §3 Simple 1-RTT: the NewSessionTicket is the server's first application-epoch record,
        // so its application data is seq 1 and its close_notify seq 2.
        3 => vec![
            plain(C_HS_REC, 0, V10),
            plain(S_HS_REC, 0, V12),
            sealed(S_HS_REC, 1, S_HS, 0, HS),
            sealed(C_HS_REC, 1, C_HS_SAME, 0, HS),
            sealed(S_HS_REC, 2, S_AP, 0, HS),
            sealed(C_AD_REC, 0, C_AP, 0, AD),
            sealed(S_AD_REC, 0, S_AP, 1, AD),
            sealed(C_AL_REC, 0, C_AP, 1, AL),
            sealed(S_AL_REC, 0, S_AP, 2, AL),
        ],
        // §4 Resumed 0-RTT: early data is seq 0 of the client_early_traffic_secret key and the
        // EndOfEarlyData seq 1 of the same key (RFC 8446 §4.5); then the handshake key.
        4 => vec![
            plain(C_HS_REC, 0, V10),
            sealed(C_AD_REC, 0, C_EARLY, 0, AD),
            plain(S_HS_REC, 0, V12),
            sealed(S_HS_REC, 1, S_HS, 0, HS),
            sealed(C_HS_REC, 1, C_EARLY, 1, HS),
            sealed(C_HS_REC, 2, C_HS, 0, HS),
            sealed(C_AD_REC, 1, C_AP, 0, AD),
            sealed(S_AD_REC, 0, S_AP, 0, AD),
            sealed(C_AL_REC, 0, C_AP, 1, AL),
            sealed(S_AL_REC, 0, S_AP, 1, AL),
        ],
        // §5 HelloRetryRequest: ClientHello, HRR, second ClientHello (legacy version 0x0303)
        // and ServerHello are all plaintext.
        5 => vec![
            plain(C_HS_REC, 0, V10),
            plain(S_HS_REC, 0, V12),
            plain(C_HS_REC, 1, V12),
            plain(S_HS_REC, 1, V12),
            sealed(S_HS_REC, 2, S_HS, 0, HS),
            sealed(C_HS_REC, 2, C_HS_SAME, 0, HS),
            sealed(C_AL_REC, 0, C_AP, 0, AL),
            sealed(S_AL_REC, 0, S_AP, 0, AL),
        ],
        // §6 Client authentication: the client's Certificate, CertificateVerify and Finished
        // share one handshake-epoch record.
        6 => vec![
            plain(C_HS_REC, 0, V10),
            plain(S_HS_REC, 0, V12),
            sealed(S_HS_REC, 1, S_HS, 0, HS),
            sealed(C_HS_REC, 1, C_HS_SAME, 0, HS),
            sealed(C_AL_REC, 0, C_AP, 0, AL),
            sealed(S_AL_REC, 0, S_AP, 0, AL),
        ],
        // §7 Compatibility mode: the change_cipher_spec records are plaintext and do not move
        // the sequence numbers.
        7 => vec![
            plain(C_HS_REC, 0, V10),
            plain(S_HS_REC, 0, V12),
            plain(S_CCS_REC, 0, V12),
            sealed(S_HS_REC, 1, S_HS, 0, HS),
            plain(C_CCS_REC, 0, V12),
            sealed(C_HS_REC, 1, C_HS_SAME, 0, HS),
            sealed(C_AL_REC, 0, C_AP, 0, AL),
            sealed(S_AL_REC, 0, S_AP, 0, AL),
        ],
        _ => unreachable!(),
    }
}

fn payload(section: u8, rec: &Rec) -> Vec<u8> {
    wren_vectors::nth(section, rec.step, "payload", rec.nth)
}

fn complete(section: u8, rec: &Rec) -> Vec<u8> {
    wren_vectors::nth(section, rec.step, "complete record", rec.nth)
}

/// Every record step of the TSV appears in the section's table exactly once.
#[test]
fn tables_cover_every_record_of_every_trace() {
    for section in 3..=7u8 {
        let table = trace(section);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for row in wren_vectors::rows() {
            if row.section == section
                && row.step.contains(" record")
                && row.field == "complete record"
            {
                *seen.entry(row.step).or_default() += 1;
            }
        }
        let total: usize = seen.values().sum();
        assert_eq!(total, table.len(), "§{section}: record count");
        for (step, count) in seen {
            let mut nths: Vec<usize> = table
                .iter()
                .filter(|r| r.step == step)
                .map(|r| r.nth)
                .collect();
            nths.sort_unstable();
            assert_eq!(nths, (0..count).collect::<Vec<_>>(), "§{section}: {step}");
        }
    }
}

/// Walks one trace: seals every record with one sealer per key (so sequence numbers arise by
/// counting) and compares the wire bytes; opens every record with one opener per key and
/// compares the content. Returns the number of records checked.
fn check_section(section: u8) -> usize {
    let mut sealers: HashMap<&str, Sealer> = HashMap::new();
    let mut openers: HashMap<&str, Opener> = HashMap::new();
    let table = trace(section);
    for rec in &table {
        let want = complete(section, rec);
        let content = payload(section, rec);
        let what = format!("§{section} {} #{}", rec.step, rec.nth);
        // Every record frames as complete on its own, and needs its last byte.
        assert_eq!(
            frame(&want, RecordLimit::DEFAULT).unwrap(),
            Framing::Complete(want.len()),
            "{what}"
        );
        assert_eq!(
            frame(&want[..want.len() - 1], RecordLimit::DEFAULT).unwrap(),
            Framing::Need(1)
        );
        match rec.how {
            How::Plain(version) => {
                let ty = tls_codec::enums::ContentType(want[0]);
                let mut buf = vec![0u8; 5 + content.len()];
                buf[5..].copy_from_slice(&content);
                let len = encode_plaintext(ty, version, &mut buf, content.len()).unwrap();
                assert_eq!(len, want.len());
                assert_eq!(buf, want, "{what}: plaintext record");
                let parsed = parse_plaintext(&want).unwrap();
                assert_eq!(parsed.content_type, ty);
                assert_eq!(parsed.content(&want), content, "{what}");
                assert_eq!(parsed.record_len, want.len());
            }
            How::Sealed(keys, seq, ty) => {
                let (key, iv) = common::traffic_keys(section, keys);
                let sealer = sealers
                    .entry(keys)
                    .or_insert_with(|| pair(AeadAlgorithm::Aes128Gcm, &key, &iv).0);
                assert_eq!(sealer.sequence_number(), Some(seq), "{what}: sealer seq");
                let got = seal(sealer, ty, &content, 0).unwrap();
                assert_eq!(
                    hex::encode(&got),
                    hex::encode(&want),
                    "{what}: sealed record"
                );

                let opener = openers
                    .entry(keys)
                    .or_insert_with(|| pair(AeadAlgorithm::Aes128Gcm, &key, &iv).1);
                assert_eq!(opener.sequence_number(), Some(seq), "{what}: opener seq");
                let (got_ty, got_content) = open(opener, &want).unwrap();
                assert_eq!(got_ty, ty, "{what}: inner type");
                assert_eq!(got_content, content, "{what}: content");
            }
        }
    }
    table.len()
}

#[test]
fn section_3_simple_1rtt() {
    assert_eq!(check_section(3), 9);
}

#[test]
fn section_4_resumed_0rtt() {
    assert_eq!(check_section(4), 10);
}

#[test]
fn section_5_hello_retry_request() {
    assert_eq!(check_section(5), 8);
}

#[test]
fn section_6_client_authentication() {
    assert_eq!(check_section(6), 6);
}

#[test]
fn section_7_compatibility_mode() {
    assert_eq!(check_section(7), 8);
}

/// Any changed bit of a protected record (ciphertext, tag or the header used as AAD) fails as
/// bad_record_mac and leaves the sequence number where it was.
#[test]
fn a_changed_bit_is_bad_record_mac() {
    let rec = sealed(S_AD_REC, 0, S_AP, 0, AD);
    let want = complete(3, &rec);
    let (key, iv) = common::traffic_keys(3, S_AP);
    // Byte 2 is the legacy version (in the AAD only); 5 the first ciphertext byte; the last is
    // in the tag.
    for at in [2, 5, 20, want.len() - 1] {
        for bit in [0x01u8, 0x80] {
            let (_, mut opener) = pair(AeadAlgorithm::Aes128Gcm, &key, &iv);
            let mut bad = want.clone();
            bad[at] ^= bit;
            assert_eq!(
                open(&mut opener, &bad),
                Err(Error::BadRecordMac),
                "byte {at}"
            );
            assert_eq!(opener.sequence_number(), Some(0));
            assert_eq!(
                Error::BadRecordMac.alert(),
                Some(tls_codec::enums::AlertDescription::BAD_RECORD_MAC)
            );
        }
    }
    // The right record under the wrong sequence number fails too.
    let (_, mut opener) = pair(AeadAlgorithm::Aes128Gcm, &key, &iv);
    assert_eq!(open(&mut opener, &want), Err(Error::BadRecordMac));
    opener.skip_to_sequence_number(1).unwrap();
    assert_eq!(open(&mut opener, &want).unwrap().1, payload(3, &rec));
}

/// The §7 change_cipher_spec record is the crate's constant, and parses.
#[test]
fn compatibility_mode_change_cipher_spec() {
    let want = wren_vectors::get(7, C_CCS_REC, "complete record");
    assert_eq!(want, tls_record::CHANGE_CIPHER_SPEC_RECORD);
    let parsed = parse_plaintext(&want).unwrap();
    assert_eq!(parsed.content_type, ContentType::CHANGE_CIPHER_SPEC);
}
