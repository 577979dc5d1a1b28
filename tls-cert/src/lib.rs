//! X.509 for Wren, without a heap.
//!
//! This crate will own: certificate parsing with `der`, chain building from the leaf to a
//! configured trust anchor, validity, basicConstraints/keyUsage/extendedKeyUsage, host-name checks
//! (RFC 6125), OCSP/CRL/SCT hooks and the private-key operation interface (sync and async). It is
//! filled in by the handshake issue.
#![no_std]
#![forbid(unsafe_code)]
