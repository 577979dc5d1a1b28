//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    reason = "test helpers"
)]

use tls_codec::{Codec, Writer};

/// A vector: big-endian length of `width` bytes, then `body`.
pub fn v(width: usize, body: &[u8]) -> Vec<u8> {
    let len = (body.len() as u64).to_be_bytes();
    let mut out = len[8 - width..].to_vec();
    out.extend_from_slice(body);
    out
}

/// Concatenates byte strings.
pub fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// An extension: type, u16 length, body.
pub fn ext(typ: u16, body: &[u8]) -> Vec<u8> {
    cat(&[&typ.to_be_bytes(), &v(2, body)])
}

/// A handshake message: type, u24 length, body.
pub fn framed(typ: u8, body: &[u8]) -> Vec<u8> {
    cat(&[&[typ], &v(3, body)])
}

/// Encodes `value` into a fresh buffer.
pub fn enc<'a, T: Codec<'a>>(value: &T) -> Vec<u8> {
    let mut buf = vec![0u8; 1 << 20];
    let mut w = Writer::new(&mut buf);
    value.encode(&mut w).unwrap();
    w.written().to_vec()
}

/// Parses all of `bytes` as `T`, checks it encodes back to `bytes`, returns it.
pub fn rt<'a, T: Codec<'a> + core::fmt::Debug>(bytes: &'a [u8]) -> T {
    let value = T::parse_exact(bytes).unwrap_or_else(|e| panic!("{e:?} on {}", hex::encode(bytes)));
    assert_eq!(hex::encode(enc(&value)), hex::encode(bytes));
    value
}

/// Decodes spaced hex.
pub fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace([' ', '\n'], "")).unwrap()
}
