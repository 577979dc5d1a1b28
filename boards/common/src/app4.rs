//! Application 4: application 1's verifying client with 512-byte records in the smallest
//! buffers that hold them: `sizes::PRESET_512_FULL` (receive 4 630 = one 512-byte record and
//! the 4 KiB handshake reassembly area, transmit 4 302 = the client's largest flight in
//! 512-byte records), where application 1 uses 2 x 16 709.
//!
//! The client asks max_fragment_length 512 (RFC 6066) and advertises record_size_limit 513
//! (RFC 8449). Peers: `openssl s_server -www` (which honours max_fragment_length) and
//! `wren-server --echo --accept-max-fragment-length` with the same buffer sizes. Everything
//! else (verdict, exit statuses, the `REPORT` line, with `app=4`) is application 1's.

use wren_tls::sizes::PRESET_512_FULL;
use wren_tls::RecordSize;

use crate::app1;
use crate::{say, Board};

/// Receive buffer (4 630).
pub const RX: usize = PRESET_512_FULL.rx;
/// Transmit buffer (4 302).
pub const TX: usize = PRESET_512_FULL.tx;

/// The application's statics (one `static` per board binary).
pub type Storage<B> = app1::Storage<B, RX, TX>;

/// Runs application 4 to its end (see [`app1::run_with`]).
pub fn run<B: Board>(storage: &'static Storage<B>, uart: B::Uart) -> ! {
    say::<B>(B::DESCRIPTION.as_bytes());
    say::<B>(b"app 4: verifying TLS 1.3 client with 512-byte records (max_fragment_length + record_size_limit), 512-byte preset buffers; measurement build, fixed-seed RNG: NOT for production");
    let record: RecordSize = PRESET_512_FULL.record;
    app1::run_with(storage, uart, 4, Some(record))
}
