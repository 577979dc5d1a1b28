//! Application 4: application 1's verifying client with 512-byte records in the smallest
//! buffers that complete it against both peers (found by lowering them until Wren's errors
//! named the size needed):
//!
//! - receive [`RX`] = 1 556: one 512-byte record (5 header + 512 + 1 content type + 16 tag =
//!   534) and, in front of it, the handshake reassembly area for the largest handshake message
//!   received: the server's Certificate (leaf-p256 + int-ca, 1 022 bytes with its header),
//!   which arrives in two or three records (`WREN_ERR_HANDSHAKE_MESSAGE_TOO_LARGE` names
//!   1 556 for anything smaller);
//! - transmit [`TX`] = 558 = `sizes::MIN_TX`: one 512-byte record (the ClientHello, about 250
//!   bytes, and then the application data, a record at a time) plus the 24 bytes always kept
//!   for an alert. A client never sends a server's flight: its second flight (change_cipher_spec
//!   and Finished) is 64 bytes.
//!
//! Application 1 uses 2 x 16 709 bytes; the 512-byte preset `sizes::PRESET_512_FULL` 4 630 /
//! 4 302 (a 4 KiB reassembly area for any chain up to 4 KiB, and a server's flight).
//!
//! The client asks max_fragment_length 512 (RFC 6066) and advertises record_size_limit 513
//! (RFC 8449). Peers: `openssl s_server -www` (which honours max_fragment_length) and
//! `wren-server --echo --accept-max-fragment-length`. Everything else (verdict, exit statuses,
//! the `REPORT` line, with `app=4`) is application 1's.

use wren_tls::sizes::{MIN_TX, PRESET_512_FULL};
use wren_tls::RecordSize;

use crate::app1;
use crate::{say, Board};

/// The server's Certificate message with its 4-byte header (the test PKI's leaf-p256 +
/// int-ca, as both peers send it).
const CERTIFICATE_MESSAGE: usize = 1022;

/// Receive buffer (1 556): a 512-byte record and the reassembly area for the Certificate.
pub const RX: usize = RecordSize::B512.record_len() + CERTIFICATE_MESSAGE;
/// Transmit buffer (558): a 512-byte record and the alert reserve.
pub const TX: usize = MIN_TX;

const _: () = assert!(RX == 1556 && TX == 558);

/// The application's statics (one `static` per board binary).
pub type Storage<B> = app1::Storage<B, RX, TX>;

/// Runs application 4 to its end (see [`app1::run_with`]).
pub fn run<B: Board>(storage: &'static Storage<B>, uart: B::Uart) -> ! {
    say::<B>(B::DESCRIPTION.as_bytes());
    say::<B>(b"app 4: verifying TLS 1.3 client with 512-byte records (max_fragment_length + record_size_limit), smallest buffers (RX 1556, TX 558); measurement build, fixed-seed RNG: NOT for production");
    let record: RecordSize = PRESET_512_FULL.record;
    app1::run_with(storage, uart, 4, Some(record))
}
