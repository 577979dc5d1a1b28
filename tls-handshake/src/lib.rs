//! TLS 1.3 key schedule, transcript and handshake state machines for Wren (RFC 8446 §4, §7).
#![no_std]
#![forbid(unsafe_code)]
