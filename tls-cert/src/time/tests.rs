#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is the verdict"
)]

extern crate std;

use super::parse_time;
use crate::reader::{tag, Tlv};
use crate::Error;
use der::asn1::{GeneralizedTime, UtcTime};
use der::Decode as _;
use std::string::String;
use std::vec::Vec;
use std::{format, vec};

fn utc(s: &str) -> Result<u64, Error> {
    parse_time(&Tlv {
        tag: tag::UTC_TIME,
        value: s.as_bytes(),
        whole: &[],
    })
}

fn gen(s: &str) -> Result<u64, Error> {
    parse_time(&Tlv {
        tag: tag::GENERALIZED_TIME,
        value: s.as_bytes(),
        whole: &[],
    })
}

/// The `der` crate's answer for the same contents octets (the reference this module replaced).
fn der_utc(s: &[u8]) -> Option<u64> {
    let mut tlv = vec![tag::UTC_TIME, u8::try_from(s.len()).unwrap()];
    tlv.extend_from_slice(s);
    UtcTime::from_der(&tlv)
        .ok()
        .map(|t| t.to_unix_duration().as_secs())
}

fn der_gen(s: &[u8]) -> Option<u64> {
    let mut tlv = vec![tag::GENERALIZED_TIME, u8::try_from(s.len()).unwrap()];
    tlv.extend_from_slice(s);
    GeneralizedTime::from_der(&tlv)
        .ok()
        .map(|t| t.to_unix_duration().as_secs())
}

#[test]
fn known_instants() {
    assert_eq!(utc("700101000000Z"), Ok(0));
    assert_eq!(utc("240101000000Z"), Ok(1_704_067_200));
    assert_eq!(utc("260101000000Z"), Ok(1_767_225_600));
    // The UTCTime pivot (RFC 5280 §4.1.2.5.1): 49 is 2049, 50 is 1950 (before 1970: rejected).
    assert_eq!(utc("491231235959Z"), Ok(2_524_607_999));
    assert_eq!(utc("500101000000Z"), Err(Error::BadDer));
    assert_eq!(utc("691231235959Z"), Err(Error::BadDer));
    assert_eq!(utc("991231235959Z"), Ok(946_684_799));
    assert_eq!(gen("20500101000000Z"), Ok(2_524_608_000));
    assert_eq!(gen("21240101000000Z"), Ok(4_859_740_800));
    assert_eq!(gen("99991231235959Z"), Ok(253_402_300_799));
    assert_eq!(gen("19691231235959Z"), Err(Error::BadDer));
}

#[test]
fn leap_years() {
    assert_eq!(utc("240229120000Z"), Ok(1_709_208_000));
    assert_eq!(utc("230229000000Z"), Err(Error::BadDer));
    assert_eq!(gen("20000229000000Z"), Ok(951_782_400)); // divisible by 400
    assert_eq!(gen("21000229000000Z"), Err(Error::BadDer)); // by 100, not 400
    assert_eq!(gen("21000301000000Z"), Ok(4_107_542_400));
    assert_eq!(gen("24000229000000Z"), Ok(13_574_563_200));
    assert_eq!(utc("241231235959Z"), Ok(1_735_689_599)); // day 366
}

#[test]
fn rejects_malformed() {
    for bad in [
        "2401010000Z",    // no seconds
        "240101000000",   // no Z
        "240101000000z",  // lower-case z
        "2401010000000Z", // too long
        "24010100000aZ",  // bad digit
        "2401010000+0Z",  // sign
        "24 101000000Z",  // space
        "241301000000Z",  // month 13
        "240001000000Z",  // month 0
        "240100000000Z",  // day 0
        "240132000000Z",  // day 32
        "240431000000Z",  // April 31
        "240101240000Z",  // hour 24
        "240101006000Z",  // minute 60
        "240101000060Z",  // leap second
    ] {
        assert_eq!(utc(bad), Err(Error::BadDer), "{bad}");
    }
    for bad in [
        "20240101000000.5Z",
        "20240101000000+0000",
        "2024010100000Z",
        "2024O101000000Z",
    ] {
        assert_eq!(gen(bad), Err(Error::BadDer), "{bad}");
    }
    let other = Tlv {
        tag: tag::OCTET_STRING,
        value: b"240101000000Z",
        whole: &[],
    };
    assert_eq!(parse_time(&other), Err(Error::BadDer));
}

/// Same answers as the `der` crate over a grid of field values around every boundary, and over
/// every single-byte change of a valid time.
#[test]
fn same_as_der() {
    let years2 = [0u16, 1, 24, 49, 50, 69, 70, 99];
    let years4 = [1969u16, 1970, 1972, 2000, 2024, 2100, 2400, 9999];
    let fields = |y: String| {
        let mut v = Vec::new();
        for m in [0u8, 1, 2, 3, 4, 12, 13] {
            for d in [0u8, 1, 28, 29, 30, 31, 32] {
                for (h, mi, s) in [
                    (0u8, 0u8, 0u8),
                    (23, 59, 59),
                    (24, 0, 0),
                    (0, 60, 0),
                    (0, 0, 60),
                ] {
                    v.push(format!("{y}{m:02}{d:02}{h:02}{mi:02}{s:02}Z"));
                }
            }
        }
        v
    };
    for y in years2 {
        for s in fields(format!("{y:02}")) {
            assert_eq!(utc(&s).ok(), der_utc(s.as_bytes()), "{s}");
        }
    }
    for y in years4 {
        for s in fields(format!("{y:04}")) {
            assert_eq!(gen(&s).ok(), der_gen(s.as_bytes()), "{s}");
        }
    }
    for base in ["240229235959Z", "20240229235959Z"] {
        for i in 0..base.len() {
            for b in 0..=255u8 {
                let mut m = base.as_bytes().to_vec();
                m[i] = b;
                let t = Tlv {
                    tag: if base.len() == 13 {
                        tag::UTC_TIME
                    } else {
                        tag::GENERALIZED_TIME
                    },
                    value: &m,
                    whole: &[],
                };
                let want = if base.len() == 13 {
                    der_utc(&m)
                } else {
                    der_gen(&m)
                };
                assert_eq!(parse_time(&t).ok(), want, "{m:?}");
            }
        }
    }
}
