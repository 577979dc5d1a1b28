//! Host tools to try Wren against real peers: `wren-client` and `wren-server`, in the spirit of
//! s2nc/s2nd and `openssl s_client`/`s_server`.
//!
//! The binaries are thin: their logic is here, and the root package's interop tests reuse
//! [`session`] and [`setup`] in process; `tests/tools.rs` runs the two binaries themselves. These are `std` host programs: they allocate,
//! and leak their configuration for the life of the process.
//!
//! - [`args`]: the flags, parsed by hand.
//! - [`keys`]: PEM certificates, PKCS#8 keys, and the host-side RSA-PSS [`keys::RsaPssSigner`].
//! - [`setup`]: a Wren `Config` from the flags.
//! - [`session`]: one connection over a `TcpStream` through Wren's sans-IO core.
//! - [`client`], [`server`]: the two programs.
//! - [`explain`]: `wren-client --explain NUMBER`, the name of an error number a firmware printed.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "host tool: deadlines are `Instant + Duration` on a std clock"
)]

pub mod args;
pub mod client;
pub mod explain;
pub mod keys;
pub mod server;
pub mod session;
pub mod setup;
