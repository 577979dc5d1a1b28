//! All three suites round-trip records of random lengths, types and padding.
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

use common::{seal, test_pair, Lcg, ALL_AEADS};
use tls_codec::enums::ContentType;
use tls_record::{Framing, RecordLimit};

const TYPES: [ContentType; 3] = [
    ContentType::HANDSHAKE,
    ContentType::ALERT,
    ContentType::APPLICATION_DATA,
];

fn round_trip(limit: RecordLimit, rounds: usize, seed: u64) {
    for alg in ALL_AEADS {
        let (s, o) = test_pair(alg);
        let (mut s, mut o) = (s.with_limit(limit), o.with_limit(limit));
        let mut rng = Lcg(seed);
        for round in 0..rounds {
            let max = limit.max_content_len();
            // Mostly short records, sometimes up to the limit.
            let len = if rng.below(4) == 0 {
                rng.below(max + 1)
            } else {
                rng.below(64.min(max + 1))
            };
            let ty = TYPES[rng.below(3)];
            let len = if ty == ContentType::APPLICATION_DATA {
                len
            } else {
                len.max(1)
            };
            let room = limit.max_inner_len() - 1 - len;
            let padding = if rng.below(3) == 0 {
                rng.below(room.min(300) + 1)
            } else {
                0
            };
            let content = rng.bytes(len);

            let mut rec = seal(&mut s, ty, &content, padding).unwrap();
            assert_eq!(o.frame(&rec).unwrap(), Framing::Complete(rec.len()));
            let opened = o.open(&mut rec).unwrap();
            assert_eq!(opened.content_type, ty, "{alg:?} round {round}");
            assert_eq!(opened.content(&rec), content, "{alg:?} round {round}");
        }
        assert_eq!(s.sequence_number(), Some(rounds as u64));
        assert_eq!(o.sequence_number(), Some(rounds as u64));
    }
}

#[test]
fn all_suites_round_trip_under_the_default_limit() {
    round_trip(RecordLimit::DEFAULT, 300, 0x1234_5678_9abc_def1);
}

#[test]
fn all_suites_round_trip_under_a_small_limit() {
    round_trip(RecordLimit::new(256).unwrap(), 300, 0x0fed_cba9_8765_4321);
    round_trip(RecordLimit::new(64).unwrap(), 100, 42);
}

#[test]
fn keys_and_directions_do_not_mix() {
    for alg in ALL_AEADS {
        let (mut s, _) = test_pair(alg);
        let rec = seal(&mut s, ContentType::APPLICATION_DATA, b"secret", 0).unwrap();
        for other in ALL_AEADS {
            let (k, iv) = common::test_keys(other, 0x33);
            let (_, mut o) = common::pair(other, &k, &iv);
            assert_eq!(
                common::open(&mut o, &rec),
                Err(tls_record::Error::BadRecordMac)
            );
        }
    }
}
