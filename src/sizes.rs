//! Buffer sizes, as named constants with their arithmetic (RFC 8446 §5.1, §5.2).
//!
//! # Layout of the receive buffer `rx`
//! ```text
//! rx: | retained           | ciphertext not yet opened | free (rx_space)      |
//!     0        retained_end  rx_start          rx_end                rx.len()
//! ```
//! Records are framed and opened in place at `rx_start`. The *retained* region at the front is
//! either the handshake bytes being reassembled (a message may span records; the content of each
//! handshake record is moved down to the end of the region) or the decrypted application data
//! of the last record, which `recv` copies out and `peek` counts. The ciphertext is moved down
//! behind the retained region when more room is needed. So `rx` must hold one whole record of
//! the peer's plus whatever part of a handshake message spans into it; a record that does not
//! fit fails with `WREN_ERR_RX_TOO_SMALL` naming the size that would have.
//!
//! # Layout of the transmit buffer `tx`
//! ```text
//! tx: | already written | pending records (tx_pending) | free              | alert reserve |
//!     0          tx_start                        tx_end            tx.len()-24    tx.len()
//! ```
//! Records are built and sealed in place at `tx_end` (content first at `tx_end + 5`, then header
//! and tag around it); handshake messages longer than a record are split into several records
//! in place. The last [`ALERT_RECORD_LEN`] bytes are kept free so a fatal alert can always be
//! queued behind whatever is pending.

use tls_codec::record::{HEADER_LEN, MAX_CIPHERTEXT_LEN, MAX_PLAINTEXT_LEN};
use tls_crypto::TAG_LEN;

/// The longest record RFC 8446 lets a peer send: header (5) + 2^14 + 256 = 16 645 bytes
/// (§5.2's bound on `TLSCiphertext.length`). Wren's AEADs add exactly a 16-byte tag, so the
/// longest protected record Wren accepts is [`MAX_RECORD_LEN`]; this is the conservative size
/// for buffers shared with other stacks.
pub const FULL_RECORD_LEN: usize = HEADER_LEN + MAX_CIPHERTEXT_LEN;

/// The longest record a TLS 1.3 peer can send with Wren's suites under the default limit:
/// header (5) + 2^14 content + content type (1) + tag (16) = 16 406 bytes. Longer records are
/// refused with `record_overflow` from their header.
pub const MAX_RECORD_LEN: usize = tls_record::MAX_PROTECTED_RECORD_LEN;

/// A protected alert record: header (5) + level and description (2) + content type (1) + tag
/// (16) = 24 bytes. Always kept free at the end of `tx`.
pub const ALERT_RECORD_LEN: usize = HEADER_LEN + 2 + 1 + TAG_LEN;

/// Smallest receive buffer: one record of the longest size the peer may send
/// ([`MAX_RECORD_LEN`] = 16 406). Until a smaller record limit is negotiated (issue 5) the
/// peer may send full records, so a smaller `rx` could not work with arbitrary peers.
pub const MIN_RX: usize = MAX_RECORD_LEN;

/// Smallest transmit buffer: a ClientHello of up to 512 bytes in one record, plus the alert
/// reserve: 512 + 5 (header) + 1 + 16 (tag) + [`ALERT_RECORD_LEN`] = 558, rounded up to 1024 so
/// that small application writes do not need a flush per record. A server's flight (its
/// certificate chain, CertificateVerify and Finished, sealed) must fit in `tx`; the
/// `WREN_ERR_TX_TOO_SMALL` error names the size needed. A client resuming a session sends its
/// ticket (up to [`tls_psk::MAX_TICKET_LEN`] = 1024 bytes) in the ClientHello: give it at
/// least 2048 bytes of `tx`, plus the 0-RTT data it wants to queue behind the ClientHello.
pub const MIN_TX: usize = 1024;

/// Recommended receive and transmit sizes for full 2^14-byte records: one maximal record plus
/// room for the part of a handshake message that spills over a record boundary or a small
/// certificate chain: 16 645 + 64 = 16 709 bytes.
pub const FULL_RECORD_BUFFER: usize = FULL_RECORD_LEN + 64;

/// The most application data one record carries under the default limit: 2^14 bytes.
pub const MAX_FRAGMENT_LEN: usize = MAX_PLAINTEXT_LEN;

const _: () = assert!(MIN_TX >= ALERT_RECORD_LEN + 512 + HEADER_LEN + 1 + TAG_LEN);
