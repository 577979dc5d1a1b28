//! Application 4: application 1's verifying client with small records in the smallest
//! buffers that complete it against both peers (found by lowering them until Wren's errors
//! named the size needed). Two record sizes, one binary each:
//!
//! - **512-byte records** ([`run`], application 4, [`Storage`]): receive [`RX`] = 1 556, one
//!   512-byte record (5 header + 512 + 1 content type + 16 tag = 534) and, in front of it,
//!   the handshake reassembly area for the largest handshake message received: the server's
//!   Certificate (leaf-p256 + int-ca, 1 022 bytes with its header), which arrives in two or
//!   three records (`WREN_ERR_HANDSHAKE_MESSAGE_TOO_LARGE` names 1 556 for anything smaller);
//!   transmit [`TX`] = 558 = `sizes::MIN_TX`, one 512-byte record (the ClientHello, about 250
//!   bytes, and then the application data, a record at a time) plus the 24 bytes always kept
//!   for an alert. A client never sends a server's flight: its second flight
//!   (change_cipher_spec and Finished) is 64 bytes.
//! - **1 KiB records** ([`run_1k`], application 6, [`Storage1k`]), the record size of the
//!   issue's RAM aim: receive [`RX_1K`] = 1 162, a 1 046-byte record and 116 bytes of
//!   reassembly. Found by bisection on the micro:bit (one run per size against each peer):
//!   `openssl s_server -www` completes with 1 046 (its Certificate message, 1 022 bytes, fits
//!   one record); `wren-server` needs 1 160 (1 159 fails with
//!   `WREN_ERR_HANDSHAKE_MESSAGE_TOO_LARGE`); 2 bytes more because the servers' ECDSA
//!   signatures vary by up to 2 bytes (DER, 70-72) from run to run. Transmit [`TX_1K`] =
//!   1 070: one 1 046-byte record and the alert reserve, so the client's records can be as
//!   large as the ones negotiated.
//!
//! Application 1 uses 2 x 16 709 bytes; the presets `sizes::PRESET_512_FULL` 4 630 / 4 302 and
//! `sizes::PRESET_1K_FULL` 5 142 / 4 214 (a 4 KiB reassembly area for any chain up to 4 KiB,
//! and a server's flight).
//!
//! The client asks max_fragment_length 512 or 1024 (RFC 6066) and advertises
//! record_size_limit 513 or 1025 (RFC 8449). Peers: `openssl s_server -www` (which honours
//! max_fragment_length) and `wren-server --echo --accept-max-fragment-length`. Everything
//! else (verdict, exit statuses, the `REPORT` line, with `app=4` or `app=6`) is application
//! 1's.

use wren_tls::sizes::{ALERT_RECORD_LEN, MIN_TX};
use wren_tls::RecordSize;

use crate::app1;
use crate::{say, Board};

/// The server's Certificate message with its 4-byte header (the test PKI's leaf-p256 +
/// int-ca, as both peers send it).
const CERTIFICATE_MESSAGE: usize = 1022;

/// Receive buffer for 512-byte records (1 556): a record and the reassembly area for the
/// Certificate.
pub const RX: usize = RecordSize::B512.record_len() + CERTIFICATE_MESSAGE;
/// Transmit buffer for 512-byte records (558): a record and the alert reserve.
pub const TX: usize = MIN_TX;

/// Receive buffer for 1 KiB records (1 162): a record and the 116-byte reassembly area the
/// peers' flights need (measured, see the module's documentation).
pub const RX_1K: usize = RecordSize::K1.record_len() + 116;
/// Transmit buffer for 1 KiB records (1 070): a record and the alert reserve.
pub const TX_1K: usize = RecordSize::K1.record_len() + ALERT_RECORD_LEN;

const _: () = assert!(RX == 1556 && TX == 558 && RX_1K == 1162 && TX_1K == 1070);

/// The statics of application 4, 512-byte records (one `static` per board binary).
pub type Storage<B> = app1::Storage<B, RX, TX>;
/// The statics of application 6, 1 KiB records (one `static` per board binary).
pub type Storage1k<B> = app1::Storage<B, RX_1K, TX_1K>;

/// Runs application 4 (512-byte records) to its end (see [`app1::run_with`]).
pub fn run<B: Board>(storage: &'static Storage<B>, uart: B::Uart) -> ! {
    say::<B>(B::DESCRIPTION.as_bytes());
    say::<B>(b"app 4: verifying TLS 1.3 client with 512-byte records (max_fragment_length + record_size_limit), smallest buffers (RX 1556, TX 558); measurement build, fixed-seed RNG: NOT for production");
    app1::run_with(storage, uart, 4, Some(RecordSize::B512))
}

/// Runs application 6 (application 4 with 1 KiB records) to its end (see [`app1::run_with`]).
pub fn run_1k<B: Board>(storage: &'static Storage1k<B>, uart: B::Uart) -> ! {
    say::<B>(B::DESCRIPTION.as_bytes());
    say::<B>(b"app 6: verifying TLS 1.3 client with 1 KiB records (max_fragment_length + record_size_limit), smallest buffers (RX 1162, TX 1070); measurement build, fixed-seed RNG: NOT for production");
    app1::run_with(storage, uart, 6, Some(RecordSize::K1))
}
