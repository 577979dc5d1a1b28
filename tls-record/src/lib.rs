//! TLS 1.3 record protection for Wren (RFC 8446 §5).
#![no_std]
#![forbid(unsafe_code)]
