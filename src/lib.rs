//! Wren: allocation-free TLS 1.3 for microcontrollers.
//!
//! This root crate will own `Config`, `Connection<RX, TX>`, the sans-IO API (negotiate, send, recv,
//! peek, shutdown, early data) and the blocking and async adapters over `embedded-io`. Until the
//! connection lands it re-exports the layers it is built from.
#![no_std]
#![forbid(unsafe_code)]

pub use tls_codec as codec;
pub use tls_crypto as crypto;
pub use tls_handshake as handshake;
pub use tls_record as record;
