//! Pre-shared keys for Wren: external PSKs, session tickets and ticket keys, 0-RTT early data
//! and anti-replay (RFC 8446 §2.2, §4.2.10, §4.2.11, §4.6.1, §8).
//!
//! This crate will own: the external PSK type (identity, secret, HMAC hash, early-data settings),
//! ticket encryption with rotating ticket keys (encrypt and decrypt-only lifetimes), obfuscated
//! ticket age, the early-data acceptance policy, and the bounded single-use ticket store used for
//! anti-replay. It is filled in by the PSK/resumption/early-data issue.
#![no_std]
#![forbid(unsafe_code)]
