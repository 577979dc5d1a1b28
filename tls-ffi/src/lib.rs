//! A C API for Wren in the spirit of s2n-tls's `s2n.h`.
//!
//! This crate will own: init/cleanup, config and connection objects in caller-provided storage,
//! `negotiate` with a blocked status, send/recv/shutdown, errno-style errors with
//! `error_get_type`/`strerror`/`strerror_name`, custom I/O callbacks and the PSK, early-data,
//! client-hello and async private-key callbacks. The header is generated and checked in.
#![no_std]
